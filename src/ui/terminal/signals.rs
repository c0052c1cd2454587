//! SIGTERM, SIGHUP, SIGINT and SIGQUIT, handled so the terminal is always given back; SIGTSTP, so a
//! stopped session gives the terminal back and takes it again; SIGWINCH, kept out of the way.
//!
//! A watcher thread receives them. While a guided session runs, it only records the signal:
//! the session loop sees it within a quarter of a second, stops, restores the terminal, saves
//! the session and exits 143 / 129 / 130 / 131 (SIGQUIT is a request to stop like SIGTERM,
//! not a reason to dump core with the terminal left raw). Before or after the session (a question is waiting
//! for an answer) it puts the terminal back itself and exits at once: before, nothing was
//! started; after, the session is already saved.
//!
//! SIGTSTP (Ctrl-Z in a shell, or `kill -TSTP`) in a session is a request the session loop
//! takes ([`Signals::take_suspend`]): it pauses, restores the terminal and stops the process
//! itself. At a question it stops the process at once, as if it were not handled.
//!
//! SIGWINCH (the window was resized) is blocked for the whole run, from the start of `main`.
//! crossterm 0.29 turns it into a `Resize` event, but when it lands together with a key press
//! its event source (mio, edge-triggered) reports the resize and forgets that input is
//! waiting: the key is lost until the next one, a prompt seems frozen, and the session loop
//! spins on a terminal that `poll(2)` says is readable. Nothing needs the signal: the prompts
//! measure the window each time they ask, and ratatui resizes to the window
//! on every frame. Child processes inherit the mask; the speech programs we start have no use
//! for the signal.
//!
//! Upstream: `try_read` in crossterm 0.29's `src/event/source/unix/mio.rs` returns from
//! inside its loop over the ready tokens, with the first event it can make: on the signal
//! token it returns `Resize` before it reaches the terminal's token in the same wake-up, and
//! on the terminal's token it stops reading before `WouldBlock`. With edge-triggered
//! readiness the kernel does not report the terminal again until new bytes come.
//! crossterm-rs/crossterm#1057 (open) drains the terminal before returning; the signal half
//! has no upstream fix yet. When crossterm reads every ready event before returning (both
//! halves), this blocking can go, and with it [`block_window_size_signal`].

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

use nix::sys::signal::{SigSet, Signal};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

use crate::session::Interruption;

/// Where the run is, which decides who acts on a signal and what is said.
const BEFORE_SESSION: u8 = 0;
const IN_SESSION: u8 = 1;
const AFTER_SESSION: u8 = 2;

/// The watcher thread's side of the signals, shared with whoever runs the session.
#[derive(Debug, Clone)]
pub struct Signals {
    last: Arc<AtomicUsize>,
    phase: Arc<AtomicU8>,
    /// Whether the finished session made it into the journal, for the parting message.
    saved: Arc<AtomicBool>,
    /// SIGTSTP came during the session and the session loop has not stopped for it yet.
    suspend: Arc<AtomicBool>,
    /// Whether the prompts may have left escape-sequence modes on (bracketed paste, a
    /// hidden cursor) for an early exit to undo: not on a terminal without escapes.
    escapes: bool,
}

impl Signals {
    /// Starts the watcher thread. Call once, before the first question. `escapes`: the
    /// terminal takes escape sequences (`Settings::interactive` or a full-screen view); when
    /// false, an exit at a question writes none.
    ///
    /// # Errors
    /// When the handlers cannot be registered or the thread cannot start.
    pub fn install(escapes: bool) -> std::io::Result<Signals> {
        let signals = Signals {
            last: Arc::new(AtomicUsize::new(0)),
            phase: Arc::new(AtomicU8::new(BEFORE_SESSION)),
            saved: Arc::new(AtomicBool::new(false)),
            suspend: Arc::new(AtomicBool::new(false)),
            escapes,
        };
        let mut incoming =
            signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
        let watcher = signals.clone();
        std::thread::Builder::new()
            .name("signals".to_string())
            .spawn(move || {
                for signal in incoming.forever() {
                    let phase = watcher.phase.load(Ordering::SeqCst);
                    if signal == SIGTSTP {
                        if phase == IN_SESSION {
                            watcher.suspend.store(true, Ordering::SeqCst);
                        } else {
                            // Stops the process, as an unhandled SIGTSTP would.
                            let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                        }
                        continue;
                    }
                    watcher.last.store(signal as usize, Ordering::SeqCst);
                    if phase != IN_SESSION {
                        let saved = watcher.saved.load(Ordering::SeqCst);
                        exit_outside_session(signal, phase, saved, watcher.escapes)
                    }
                }
            })?;
        Ok(signals)
    }

    /// Asks the session loop to stop as for SIGTSTP (Ctrl-Z typed in raw mode).
    pub fn request_suspend(&self) {
        self.suspend.store(true, Ordering::SeqCst);
    }

    /// Whether SIGTSTP asked the session to stop since the last call (then clears it).
    pub fn take_suspend(&self) -> bool {
        self.suspend.swap(false, Ordering::SeqCst)
    }

    /// Hands signals to the session loop until the returned token ends (or is dropped).
    pub fn session(&self) -> SessionSignals<'_> {
        self.phase.store(IN_SESSION, Ordering::SeqCst);
        SessionSignals { signals: self }
    }

    /// The interruption a signal asked for, if one came.
    pub fn pending(&self) -> Option<Interruption> {
        interruption_for(self.last.load(Ordering::SeqCst))
    }
}

/// Blocks SIGWINCH in this thread and the threads it starts from now on (see the module
/// comment). A blocked signal stays pending: nothing runs for it, and nothing is lost. Call
/// it before any other thread starts: a process-wide signal goes to a thread that does not
/// block it.
pub fn block_window_size_signal() -> std::io::Result<()> {
    let mut set = SigSet::empty();
    set.add(Signal::SIGWINCH);
    set.thread_block()?;
    Ok(())
}

/// While this lives, the session loop, not the watcher, acts on signals.
pub struct SessionSignals<'a> {
    signals: &'a Signals,
}

impl SessionSignals<'_> {
    /// The session is over and `saved` says whether it is in the journal (for the words a
    /// later signal parts with): signals go back to the watcher, which may now end the run
    /// at once.
    pub fn end(self, saved: bool) {
        self.signals.saved.store(saved, Ordering::SeqCst);
    }
}

impl Drop for SessionSignals<'_> {
    fn drop(&mut self) {
        self.signals.phase.store(AFTER_SESSION, Ordering::SeqCst);
    }
}

fn interruption_for(signal: usize) -> Option<Interruption> {
    match signal {
        0 => None,
        n if n == SIGTERM as usize => Some(Interruption::Terminated),
        n if n == SIGHUP as usize => Some(Interruption::HangUp),
        n if n == SIGQUIT as usize => Some(Interruption::Quit),
        _ => Some(Interruption::CtrlC),
    }
}

/// No session state to save: undo whatever a prompt set (raw mode, bracketed paste, a
/// hidden cursor), then leave with the code shells expect.
fn exit_outside_session(signal: i32, phase: u8, saved: bool, escapes: bool) -> ! {
    super::guard::restore();
    let _ = crossterm::terminal::disable_raw_mode();
    if escapes {
        let _ = crossterm::execute!(
            std::io::stderr(),
            crossterm::event::DisableBracketedPaste,
            crossterm::cursor::Show
        );
    }
    let what = match (phase, saved) {
        (AFTER_SESSION, true) => "the session is saved in your journal",
        (AFTER_SESSION, false) => "the session could not be saved",
        _ => "nothing was started",
    };
    let _ = writeln!(std::io::stderr());
    crate::ui::text::prose::notice(&format!("stopped by a signal; {what}"));
    let code =
        interruption_for(signal as usize).map_or(1, |i| crate::exit::ExitStatus::from(i).code());
    std::process::exit(i32::from(code));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_size_signal_is_blocked_in_the_calling_thread_and_its_children() {
        // In a thread of its own: the mask must not leak into the test harness.
        let masks = std::thread::spawn(|| {
            block_window_size_signal().expect("block SIGWINCH");
            let own = SigSet::thread_get_mask().expect("own mask");
            let child = std::thread::spawn(|| SigSet::thread_get_mask().expect("child mask"))
                .join()
                .expect("child thread");
            (own, child)
        })
        .join()
        .expect("test thread");
        assert!(masks.0.contains(Signal::SIGWINCH));
        assert!(masks.1.contains(Signal::SIGWINCH));
    }

    #[test]
    fn signals_map_to_interruptions() {
        assert_eq!(interruption_for(0), None);
        assert_eq!(
            interruption_for(SIGTERM as usize),
            Some(Interruption::Terminated)
        );
        assert_eq!(
            interruption_for(SIGHUP as usize),
            Some(Interruption::HangUp)
        );
        assert_eq!(interruption_for(SIGINT as usize), Some(Interruption::CtrlC));
        assert_eq!(interruption_for(SIGQUIT as usize), Some(Interruption::Quit));
    }
}
