//! The wait before a full-screen session: the verdict, its reasons and every warning stay
//! on screen until the person is ready.

use std::io::{self, Write};

use crossterm::event::Event as TermEvent;

use super::app::MAX_SLEEP;
use super::keys::{Begin, begin_for};
use crate::session::Interruption;
use crate::ui::terminal::guard::{Mode, TerminalGuard, Tty};
use crate::ui::terminal::input::{Wait, wait_for_events};
use crate::ui::text::width::for_stream;

/// The line that keeps the verdict on screen until the person is ready.
pub const BEGIN_PROMPT: &str = "Press Enter or space to begin, or q to leave.";

/// Keeps the verdict, its reasons and every warning on screen until the person presses
/// Enter or space, before the full-screen view takes the screen (a verdict covered within
/// 50 ms is a verdict nobody read). Only for the full-screen view: plain lines stay in the
/// scrollback, and without a terminal nothing waits.
///
/// Returns `true` to begin, `false` when the person left with `q` or Esc (nothing started).
/// Ctrl-Z stops the process and waits again once continued; a signal ends the run as at
/// any question: the watcher in `signals` restores the terminal and exits.
///
/// # Errors
/// [`Interruption::CtrlC`] for Ctrl-C, [`Interruption::Quit`] for Ctrl-\\ and
/// [`Interruption::HangUp`] for a closed window (the caller maps them to exit 130, 131 and
/// 129); an I/O error when the terminal fails.
pub fn wait_to_begin() -> anyhow::Result<bool> {
    let mut out = io::stdout().lock();
    write!(out, "\n{} ", for_stream(BEGIN_PROMPT, true))?;
    out.flush()?;
    drop(out);
    let begin = {
        let mut guard = TerminalGuard::enter(Mode::RawOnly)?;
        loop {
            let events = match wait_for_events(MAX_SLEEP)? {
                Wait::Events(events) => events,
                Wait::HungUp => return Err(Interruption::HangUp.into()),
                Wait::TimedOut => continue,
            };
            // Keys act in the order they were typed: the first that means something decides.
            let mut keys = events.into_iter().filter_map(|event| match event {
                TermEvent::Key(key) => begin_for(key),
                _ => None,
            });
            match keys.next() {
                Some(Begin::Start) => break true,
                Some(Begin::Leave) => break false,
                Some(Begin::Interrupt(why)) => return Err(why.into()),
                Some(Begin::Suspend) => {
                    guard.stop()?;
                    // The shell wrote its own lines meanwhile: ask again below them.
                    let _ = write!(Tty, "\r\n{BEGIN_PROMPT} ");
                    let _ = Tty.flush();
                }
                None => {}
            }
        }
    };
    // Raw mode is off again (the guard is gone with its scope): a plain line break ends the
    // prompt's line. (A terminal that went away in between is noticed by the session.)
    let _ = writeln!(io::stdout());
    Ok(begin)
}
