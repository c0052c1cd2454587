//! The plain output of a session: a line for each thing that happens, no cursor movement,
//! no colour, readable by a screen reader or in a log. With a terminal on stdin, the
//! session keys still work.

use std::io::{self, Write};
use std::time::Duration;

use super::app::Output;
use super::keys::{HELP_KEY_COLUMN, help_lines, key_hints};
use super::screen::{NO_TIMER_NOTE, Screen, banner_for, limit_note};
use crate::session::{Command, Engine, Event, SegmentKind, SessionEnd, TimeLimit, format_clock};
use crate::ui::terminal::guard::{Mode, TerminalGuard, Tty, stop_process};
use crate::ui::text::prose::Prose;
use crate::ui::text::width::Padded;

/// Before each line of the help.
const HELP_INDENT: &str = "  ";

/// Plain lines on stdout, and the terminal in raw mode while the keys work.
pub struct Plain {
    out: Prose<Box<dyn Write>>,
    bell: PlainBell,
    /// The session keys work (a terminal on stdin).
    keys: bool,
    /// The last "2:30 left" said, so each is said once.
    last_reported: Option<u64>,
    /// The limit `+` reached on this step, already said: once a step is enough.
    limit_said: Option<TimeLimit>,
    // Last, so the terminal leaves raw mode after the last line.
    guard: Option<TerminalGuard>,
}

impl Plain {
    /// Starts the lines: the keys first, when they work.
    ///
    /// # Errors
    /// When raw mode cannot be set, or the first line cannot be written.
    pub fn start(keys: bool, terminal: bool) -> io::Result<Plain> {
        let guard = keys
            .then(|| TerminalGuard::enter(Mode::RawOnly))
            .transpose()?;
        // A terminal that is gone is noticed, not an error; a closed pipe is one.
        let out: Box<dyn Write> = if terminal {
            Box::new(Tty)
        } else {
            Box::new(io::stdout())
        };
        let mut plain = Plain {
            // The terminal keeps its own line endings while the keys work (see `guard`):
            // "\n" everywhere, a terminal, a pipe to one, or a file.
            out: Prose::new(out, terminal),
            bell: PlainBell {
                bell_to_terminal: terminal,
            },
            keys,
            last_reported: None,
            limit_said: None,
            guard,
        };
        if keys {
            plain.line(&format!("Keys: {}", key_hints()))?;
        }
        Ok(plain)
    }

    fn line(&mut self, text: &str) -> io::Result<()> {
        self.out.say(text)?;
        self.out.flush()
    }

    /// Says what `events` mean, a line each.
    fn describe(&mut self, engine: &Engine, events: &[Event], now: Duration) -> io::Result<()> {
        for event in events {
            match *event {
                Event::SegmentStarted { index, side_switch } => {
                    self.limit_said = None;
                    self.describe_start(engine, index, side_switch)?
                }
                Event::TenSecondsLeft { .. } => self.line("  10 seconds left")?,
                Event::Paused => self.line(&paused_line(engine, now))?,
                Event::PausedAfterGap { gap } => {
                    self.line(&format!(
                        "The session was not running for {} (a stopped program or a sleeping \
                         computer).",
                        format_clock(gap.as_secs())
                    ))?;
                    if self.keys {
                        self.line(&paused_line(engine, now))?;
                    } else {
                        self.line("Going on where it was.")?;
                    }
                }
                Event::Resumed => self.line("Resumed.")?,
                Event::NoTimer => self.line(NO_TIMER_NOTE)?,
                Event::AtLimit(limit) if self.limit_said != Some(limit) => {
                    self.limit_said = Some(limit);
                    self.line(&limit_note(limit))?
                }
                Event::AtLimit(_) => {}
                Event::Finished(SessionEnd::Completed) => self.line("Done.")?,
                Event::Finished(SessionEnd::Stopped) if engine.reached_end() => {
                    self.line("End of the routine.")?
                }
                Event::Finished(SessionEnd::Stopped) => self.line("Stopped.")?,
                Event::Finished(SessionEnd::Hurts)
                | Event::Finished(SessionEnd::Interrupted(_)) => {}
            }
        }
        Ok(())
    }

    /// The banner, heading and text of segment `index` as it starts.
    fn describe_start(
        &mut self,
        engine: &Engine,
        index: usize,
        side_switch: bool,
    ) -> io::Result<()> {
        let Some(segment) = engine.timeline().segments.get(index) else {
            return Ok(());
        };
        if let Some(banner) = banner_for(engine.timeline(), index, side_switch) {
            self.line(&format!("{banner}."))?;
        }
        let length = if segment.untimed {
            "no timer".to_string()
        } else {
            format_clock(segment.duration.as_secs())
        };
        let heading = if segment.kind == SegmentKind::GetReady {
            format!("Get ready ({length})")
        } else {
            format!("{}: {} ({length})", segment.position(), segment.title)
        };
        self.line(&heading)?;
        let text = self.out.fill(&segment.text, "  ", "  ");
        self.line(&text)?;
        if segment.untimed {
            self.line(UNTIMED_PROMPT)?;
        }
        if let Some(place) = segment.where_line() {
            self.line(&format!("  {place}"))?;
        }
        for warning in crate::safety::stop::step_warnings(segment.caution.as_deref()) {
            let warning = self.out.fill(&warning, "  ", "  ");
            self.line(&warning)?;
        }
        Ok(())
    }
}

impl Output for Plain {
    fn keys(&self) -> bool {
        self.keys
    }

    fn bell(&mut self) -> &mut dyn Write {
        &mut self.bell
    }

    fn show(
        &mut self,
        engine: &Engine,
        screen: &Screen,
        command: Option<Command>,
        events: &[Event],
        now: Duration,
    ) -> io::Result<()> {
        // Where `b` went, on a line of its own.
        if command == Some(Command::Back)
            && events
                .iter()
                .any(|e| matches!(e, Event::SegmentStarted { .. }))
            && let Some(note) = screen.note()
        {
            self.line(note)?;
        }
        self.describe(engine, events, now)
    }

    fn draw(&mut self, engine: &Engine, _: &Screen, now: Duration) -> io::Result<()> {
        if let Some(snapshot) = engine.snapshot(now) {
            let left = snapshot.remaining_secs;
            let full = snapshot.segment.duration.as_secs();
            if left % 30 == 0
                && left > 0
                && left < full
                && self.last_reported != Some(left)
                && !snapshot.paused
            {
                self.line(&format!("  {} left", format_clock(left)))?;
                self.last_reported = Some(left);
            }
        }
        Ok(())
    }

    fn help(&mut self, _: &mut Screen, _: bool) -> io::Result<Option<Command>> {
        let width = self.out.width().saturating_sub(HELP_INDENT.len());
        for (key, what) in help_lines(width).into_iter().flatten() {
            self.line(&format!(
                "{HELP_INDENT}{}{what}",
                Padded::left(key, HELP_KEY_COLUMN)
            ))?;
        }
        Ok(None)
    }

    fn stop(&mut self) -> io::Result<()> {
        match &mut self.guard {
            Some(guard) => guard.stop(),
            None => {
                stop_process();
                Ok(())
            }
        }
    }
}

/// Under an untimed step's text.
const UNTIMED_PROMPT: &str = "  Press Enter when you are done.";

/// In plain mode the bell goes to the terminal only: never into a pipe or a log.
struct PlainBell {
    bell_to_terminal: bool,
}

impl Write for PlainBell {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bell_to_terminal {
            Tty.write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.bell_to_terminal {
            Tty.flush()?;
        }
        Ok(())
    }
}

/// "Paused with 0:20 left. Press space to resume."
fn paused_line(engine: &Engine, now: Duration) -> String {
    let left = engine.snapshot(now).map_or(0, |s| s.remaining_secs);
    format!(
        "Paused with {} left. Press space to resume.",
        format_clock(left)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_paused_line_says_how_to_resume() {
        let mut engine = Engine::builtin_for_tests("neck");
        engine.tick(Duration::from_secs(1));
        engine.tick(Duration::from_secs(100));
        assert_eq!(
            paused_line(&engine, Duration::from_secs(100)),
            "Paused with 0:07 left. Press space to resume."
        );
    }
}
