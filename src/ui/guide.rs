//! The session loops: the full-screen view and plain lines. Each sleeps until the next
//! second of the countdown or a key press (never a busy loop, never `sleep(1)` drift),
//! feeds keys and signals to the engine and plays cues for its events.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::Event as TermEvent;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::cues::{Cue, Cues};
use super::input::{Wait, wait_for_events};
use super::keys::{Action, KEY_HINTS, action_for};
use super::signals::Signals;
use super::terminal::{Mode, TerminalGuard};
use super::view::{ViewState, render};
use super::width::Padded;
use crate::session::Interruption;
use crate::session::{Clock, Command, Ending, Engine, Event, SegmentKind, format_clock};

/// The longest the loop sleeps, so a signal is acted on, and a resized window redrawn
/// (there is no resize event: see `signals`), within this time even when paused.
const MAX_SLEEP: Duration = Duration::from_millis(250);

/// Plays the cue for each event the engine reported.
fn play_events(engine: &Engine, events: &[Event], cues: &mut Cues, terminal: &mut dyn Write) {
    for event in events {
        let cue = match *event {
            Event::SegmentStarted { index, side_switch } => {
                match engine.timeline().segments.get(index) {
                    Some(segment) => Cue::SegmentStarted {
                        segment,
                        side_switch,
                    },
                    None => continue,
                }
            }
            Event::TenSecondsLeft { .. } => Cue::TenSecondsLeft,
            Event::Finished(Ending::Completed) => Cue::Done,
            Event::Paused | Event::Resumed | Event::Finished(_) => continue,
        };
        cues.play(cue, terminal);
    }
}

fn sleep_time(engine: &Engine, now: Duration) -> Duration {
    engine.next_wake(now).unwrap_or(MAX_SLEEP).min(MAX_SLEEP)
}

/// Runs the session on the alternate screen until it ends. The terminal is restored
/// before this returns, whatever happened.
pub fn run_full_screen(
    engine: &mut Engine,
    first_events: &[Event],
    clock: &dyn Clock,
    cues: &mut Cues,
    signals: &Signals,
    color: bool,
) -> anyhow::Result<()> {
    let _guard = TerminalGuard::enter(Mode::FullScreen)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let mut help = false;
    play_events(engine, first_events, cues, &mut io::stdout());
    loop {
        let now = clock.now();
        let events = engine.tick(now);
        play_events(engine, &events, cues, &mut io::stdout());
        if let Some(why) = signals.pending() {
            engine.apply(Command::Interrupt(why), now);
        }
        if engine.ending().is_some() {
            break;
        }
        if let Some(snapshot) = engine.snapshot(now) {
            // ratatui diffs frames, so only the cells that changed reach the terminal; and
            // it measures the window first, so each frame fits a resized window.
            terminal.draw(|frame| {
                render(
                    frame,
                    &ViewState {
                        snapshot,
                        help,
                        color,
                    },
                )
            })?;
        }
        match wait_for_events(sleep_time(engine, clock.now()))? {
            Wait::Events(events) => {
                for event in events {
                    let TermEvent::Key(key) = event else {
                        continue;
                    };
                    match action_for(key) {
                        Some(Action::Engine(command)) => {
                            let events = engine.apply(command, clock.now());
                            play_events(engine, &events, cues, &mut io::stdout());
                        }
                        Some(Action::ToggleHelp) => help = !help,
                        None => {}
                    }
                }
            }
            Wait::HungUp => {
                engine.apply(Command::Interrupt(Interruption::HangUp), clock.now());
            }
            Wait::TimedOut => {}
        }
    }
    Ok(())
}

/// Runs the session as plain lines: no cursor movement, no colour, readable by a screen
/// reader or in a log. With a terminal on stdin, the session keys still work.
pub fn run_plain(
    engine: &mut Engine,
    first_events: &[Event],
    clock: &dyn Clock,
    cues: &mut Cues,
    signals: &Signals,
    keys: bool,
    stdout_is_terminal: bool,
) -> anyhow::Result<()> {
    let _guard = if keys {
        Some(TerminalGuard::enter(Mode::RawOnly)?)
    } else {
        None
    };
    let mut out = PlainOut {
        out: io::stdout(),
        // In raw mode "\n" only moves down on the terminal; "\r\n" also returns to the
        // line start. A file or pipe gets plain "\n" whatever stdin is.
        newline: if keys && stdout_is_terminal {
            "\r\n"
        } else {
            "\n"
        },
    };
    if keys {
        out.line(&format!("Keys: {KEY_HINTS}"))?;
    }
    describe_events(engine, first_events, &mut out, clock.now())?;
    let mut bell = PlainBell {
        bell_to_terminal: stdout_is_terminal,
    };
    play_events(engine, first_events, cues, &mut bell);
    let mut last_reported: Option<u64> = None;
    loop {
        let now = clock.now();
        let events = engine.tick(now);
        describe_events(engine, &events, &mut out, now)?;
        play_events(engine, &events, cues, &mut bell);
        if let Some(why) = signals.pending() {
            engine.apply(Command::Interrupt(why), now);
        }
        if engine.ending().is_some() {
            break;
        }
        if let Some(snapshot) = engine.snapshot(now) {
            let left = snapshot.remaining_secs;
            let full = snapshot.segment.duration.as_secs();
            if left % 30 == 0
                && left > 0
                && left < full
                && last_reported != Some(left)
                && !snapshot.paused
            {
                out.line(&format!("  {} left", format_clock(left)))?;
                last_reported = Some(left);
            }
        }
        let wait = sleep_time(engine, clock.now());
        if !keys {
            std::thread::sleep(wait);
            continue;
        }
        let events = match wait_for_events(wait)? {
            Wait::Events(events) => events,
            Wait::HungUp => {
                engine.apply(Command::Interrupt(Interruption::HangUp), clock.now());
                continue;
            }
            Wait::TimedOut => continue,
        };
        for action in events.into_iter().filter_map(|event| match event {
            TermEvent::Key(key) => action_for(key),
            _ => None,
        }) {
            match action {
                Action::Engine(command) => {
                    let events = engine.apply(command, clock.now());
                    describe_events(engine, &events, &mut out, clock.now())?;
                    play_events(engine, &events, cues, &mut bell);
                }
                Action::ToggleHelp => {
                    for (key, what) in super::keys::KEY_HELP {
                        out.line(&format!("  {}{what}", Padded::left(key, 8)))?;
                    }
                }
            }
        }
    }
    Ok(())
}

struct PlainOut {
    out: io::Stdout,
    newline: &'static str,
}

impl PlainOut {
    fn line(&mut self, text: &str) -> io::Result<()> {
        let mut out = self.out.lock();
        write!(out, "{text}{}", self.newline)?;
        out.flush()
    }
}

/// In plain mode the bell goes to the terminal only: never into a pipe or a log.
struct PlainBell {
    bell_to_terminal: bool,
}

impl Write for PlainBell {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bell_to_terminal {
            io::stdout().write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stdout().flush()
    }
}

fn describe_events(
    engine: &Engine,
    events: &[Event],
    out: &mut PlainOut,
    now: Duration,
) -> io::Result<()> {
    for event in events {
        match *event {
            Event::SegmentStarted { index, side_switch } => {
                let Some(segment) = engine.timeline().segments.get(index) else {
                    continue;
                };
                if side_switch && let Some(side) = segment.side {
                    out.line(&format!("Switch to the {side} side."))?;
                }
                let heading = if segment.kind == SegmentKind::GetReady {
                    format!("Get ready ({})", format_clock(segment.duration.as_secs()))
                } else {
                    format!(
                        "{}: {} ({})",
                        segment.position(),
                        segment.title,
                        format_clock(segment.duration.as_secs())
                    )
                };
                out.line(&heading)?;
                for line in super::width::wrap(&segment.text, 78, "  ", "  ") {
                    out.line(&line)?;
                }
                if let Some(caution) = &segment.caution {
                    out.line(&format!("  Careful: {caution}"))?;
                }
            }
            Event::TenSecondsLeft { .. } => out.line("  10 seconds left")?,
            Event::Paused => {
                let left = engine.snapshot(now).map_or(0, |s| s.remaining_secs);
                out.line(&format!(
                    "Paused with {} left. Press space to resume.",
                    format_clock(left)
                ))?;
            }
            Event::Resumed => out.line("Resumed.")?,
            Event::Finished(Ending::Completed) => out.line("Done.")?,
            Event::Finished(Ending::Stopped) => out.line("Stopped.")?,
            Event::Finished(Ending::Hurts) | Event::Finished(Ending::Interrupted(_)) => {}
        }
    }
    Ok(())
}
