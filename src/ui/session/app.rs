//! The session as one loop over one screen state, whatever shows it (as ratatui's demo2
//! `App` and gitui's `run_app`): each turn ticks the engine, acts on signals, draws, and
//! sleeps until the next second of the countdown or a key press (never a busy loop, never
//! `sleep(1)` drift). Every event of the engine reaches the screen state, the output and the
//! cues in one place, [`App::update`]. Two outputs show it: the full-screen view
//! ([`FullScreen`]) and plain lines ([`Plain`]).
//!
//! The session ends as a hang-up when the terminal is gone (a closed window: the terminal
//! reports a hang-up, or a write to it fails), and stops for Ctrl-Z or SIGTSTP: pause, give
//! the terminal back, stop the process; once continued (`fg`), take the terminal again,
//! redraw all of it, and stay paused until space.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::Event as TermEvent;

use super::cues::{Cue, Cues, LAST_WORDS_GRACE};
use super::keys::{Action, action_for};
use super::screen::Screen;
use crate::session::{Clock, Command, Engine, Event, Interruption, SessionEnd, Timeline};
use crate::ui::lines::{self, Line};
use crate::ui::terminal::glyphs::Glyphs;
use crate::ui::terminal::guard;
use crate::ui::terminal::input::{Wait, wait_for_events};
use crate::ui::terminal::signals::Signals;

use super::full_screen::FullScreen;
use super::plain::Plain;

/// The longest the loop sleeps, so a signal is acted on, and a resized window redrawn
/// (there is no resize event: see `signals`), within this time even when paused. Far below
/// the engine's `WAKE_GAP`, so only a program that was not running looks like a gap.
pub const MAX_SLEEP: Duration = Duration::from_millis(250);

/// How the session is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The full-screen view, in colour or not, drawn with the terminal's glyphs.
    FullScreen { color: bool, glyphs: Glyphs },
    /// Plain lines: `keys` when the session keys work (a terminal on stdin), `terminal`
    /// when stdout is one.
    Plain { keys: bool, terminal: bool },
}

/// What a finished session leaves for the journal and the person.
#[derive(Debug)]
pub struct Guided {
    pub ending: SessionEnd,
    /// The routine reached its end (skipped steps or not).
    pub reached_end: bool,
    /// Steps done, of all of them (see `Engine::steps_done`).
    pub steps_done: usize,
    pub steps_total: usize,
    /// Where a session that did not reach its end stopped (`q`, Ctrl-C, a signal, a closed
    /// window): the step on screen, over all routines (0: "get ready"). `None` when it
    /// reached its end, or stopped because it hurts (it is not to be resumed).
    pub stopped_at_step: Option<u32>,
    /// Problems with sound or speech, to tell once the screen is the person's again.
    pub warnings: Vec<String>,
}

/// Runs `timeline` as a session until it ends, then ends the cues: the last words may
/// finish, unless the session was interrupted. The terminal is restored before this
/// returns, whatever happened. Beside the session: how showing it went (an error from the
/// terminal is for after the session is saved).
pub fn guide(
    timeline: Timeline,
    clock: &dyn Clock,
    mut cues: Cues,
    signals: &Signals,
    shown: Shown,
    reached: &mut dyn FnMut(Reached),
) -> (Guided, anyhow::Result<()>) {
    let (mut engine, first) = Engine::start(timeline, clock.now());
    let output: io::Result<Box<dyn Output>> = match shown {
        Shown::FullScreen { color, glyphs } => {
            FullScreen::enter(color, glyphs).map(|o| Box::new(o) as _)
        }
        Shown::Plain { keys, terminal } => Plain::start(keys, terminal).map(|o| Box::new(o) as _),
    };
    let shown = output
        .and_then(|output| {
            let app = App {
                engine: &mut engine,
                clock,
                cues: &mut cues,
                signals,
                screen: Screen::default(),
                output,
                reached,
            };
            app.run(&first)
        })
        .map_err(anyhow::Error::from);
    let ending = engine.ending().unwrap_or(SessionEnd::Stopped);
    let warnings = cues.finish(match ending {
        SessionEnd::Interrupted(_) => Duration::ZERO,
        _ => LAST_WORDS_GRACE,
    });
    let (steps_done, steps_total) = engine.steps_done();
    let stopped_at_step = match ending {
        SessionEnd::Stopped | SessionEnd::Interrupted(_) if !engine.reached_end() => engine
            .snapshot(clock.now())
            .and_then(|s| u32::try_from(s.segment.ordinal).ok()),
        _ => None,
    };
    let guided = Guided {
        stopped_at_step,
        ending,
        reached_end: engine.reached_end(),
        steps_done,
        steps_total,
        warnings,
    };
    (guided, shown)
}

/// Where a session has got to, each time a step (or "get ready") begins: what a record
/// kept while it runs says, so a session ended by a crash can be resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reached {
    /// The step on screen, 1-based over the whole session (0: "get ready").
    pub step: u32,
    /// Steps done so far.
    pub steps_done: u32,
}

/// Where a session is shown: the full-screen view or plain lines.
pub trait Output {
    /// Whether the person can press keys; without them, a pause after a gap ends by itself.
    fn keys(&self) -> bool;

    /// Where the bell rings.
    fn bell(&mut self) -> &mut dyn Write;

    /// Shows what `events` (caused by `command`; `None`: by the clock) changed: plain lines
    /// say it, the full-screen view shows it in its next frame.
    fn show(
        &mut self,
        engine: &Engine,
        screen: &Screen,
        command: Option<Command>,
        events: &[Event],
        now: Duration,
    ) -> io::Result<()>;

    /// Shows the session as it is now: a frame of the view, or every half minute how long
    /// is left.
    fn draw(&mut self, engine: &Engine, screen: &Screen, now: Duration) -> io::Result<()>;

    /// `?`: the view opens or closes its help (returning the command that pauses or resumes
    /// for it); plain lines list the keys.
    fn help(&mut self, screen: &mut Screen, paused: bool) -> io::Result<Option<Command>>;

    /// Ctrl-Z: gives the terminal back, stops the process and, once continued, takes the
    /// terminal again.
    fn stop(&mut self) -> io::Result<()>;
}

/// One session: the engine, its cues, the screen state and where it is shown.
struct App<'a> {
    engine: &'a mut Engine,
    clock: &'a dyn Clock,
    cues: &'a mut Cues,
    signals: &'a Signals,
    screen: Screen,
    output: Box<dyn Output>,
    reached: &'a mut dyn FnMut(Reached),
}

impl App<'_> {
    /// The loop: until the session ends.
    fn run(mut self, first: &[Event]) -> io::Result<()> {
        self.update(None, false, first, self.clock.now())?;
        loop {
            let now = self.clock.now();
            let events = self.engine.tick(now);
            self.update(None, false, &events, now)?;
            if !self.output.keys() && self.engine.snapshot(now).is_some_and(|s| s.paused) {
                // After a gap: nobody can press space, so it goes on where it was (the gap
                // is still not counted as time shown). The gap's own lines said so already.
                self.engine.apply(Command::TogglePause, now);
            }
            if self.interrupted(now)? {
                return Ok(());
            }
            if self.signals.take_suspend() {
                self.stop()?;
                continue;
            }
            self.output.draw(self.engine, &self.screen, now)?;
            let wait = sleep_time(self.engine, self.clock.now());
            let input = if self.output.keys() {
                wait_for_events(wait)?
            } else if self.waits_for_a_line(now) {
                // Without a terminal, one line of input ends an untimed step; the end of
                // input stops the session early.
                match lines::next_line(wait) {
                    Line::Text(_) => self.apply(Command::Done, true, self.clock.now())?,
                    Line::End => self.apply(Command::Stop, true, self.clock.now())?,
                    Line::NotYet => {}
                }
                Wait::TimedOut
            } else {
                std::thread::sleep(wait);
                Wait::TimedOut
            };
            match input {
                Wait::Events(events) => {
                    for event in events {
                        if let TermEvent::Key(key) = event
                            && let Some(action) = action_for(key)
                        {
                            self.act(action)?;
                        }
                    }
                }
                Wait::HungUp => self.apply(
                    Command::Interrupt(Interruption::HangUp),
                    false,
                    self.clock.now(),
                )?,
                Wait::TimedOut => {}
            }
        }
    }

    /// The one place the engine's events go: the screen state, the output, the cues.
    /// `command` caused them (`None`: the clock did); `by_user`: the person gave it (not
    /// the help, pausing for itself, nor a stop).
    fn update(
        &mut self,
        command: Option<Command>,
        by_user: bool,
        events: &[Event],
        now: Duration,
    ) -> io::Result<()> {
        self.screen
            .update(self.engine, command, by_user, events, now);
        self.output
            .show(self.engine, &self.screen, command, events, now)?;
        play_events(self.engine, events, self.cues, self.output.bell());
        if events
            .iter()
            .any(|e| matches!(e, Event::SegmentStarted { .. }))
            && let Some(snapshot) = self.engine.snapshot(now)
        {
            let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            (self.reached)(Reached {
                step: to_u32(snapshot.segment.ordinal),
                steps_done: to_u32(self.engine.steps_done().0),
            });
        }
        Ok(())
    }

    /// Gives the engine a command; `by_user` as for [`Self::update`].
    fn apply(&mut self, command: Command, by_user: bool, now: Duration) -> io::Result<()> {
        let events = self.engine.apply(command, now);
        self.update(Some(command), by_user, &events, now)
    }

    /// What a key asks for.
    fn act(&mut self, action: Action) -> io::Result<()> {
        match action {
            Action::Engine(command) => self.apply(command, true, self.clock.now()),
            Action::ToggleHelp => {
                let paused = self.paused(self.clock.now());
                match self.output.help(&mut self.screen, paused)? {
                    Some(command) => self.apply(command, false, self.clock.now()),
                    None => Ok(()),
                }
            }
            // Acted on at the top of the loop, like SIGTSTP.
            Action::Suspend => {
                self.signals.request_suspend();
                Ok(())
            }
        }
    }

    /// Pauses the session (if it runs), stops the process until it is continued, and
    /// shows the session paused again.
    fn stop(&mut self) -> io::Result<()> {
        let now = self.clock.now();
        let events = if self.paused(now) {
            Vec::new()
        } else {
            self.engine.apply(Command::TogglePause, now)
        };
        self.output.stop()?;
        self.update(Some(Command::TogglePause), false, &events, self.clock.now())?;
        self.screen.stopped();
        Ok(())
    }

    /// Ends the session on a signal, or as a hang-up when the terminal has gone; whether
    /// the session has ended (for any reason).
    fn interrupted(&mut self, now: Duration) -> io::Result<bool> {
        let why = self
            .signals
            .pending()
            .or_else(|| guard::is_gone().then_some(Interruption::HangUp));
        if let Some(why) = why {
            self.apply(Command::Interrupt(why), false, now)?;
        }
        Ok(self.engine.ending().is_some())
    }

    /// An untimed step is on screen, running.
    fn waits_for_a_line(&self, now: Duration) -> bool {
        self.engine
            .snapshot(now)
            .is_some_and(|s| s.untimed && !s.paused)
    }

    fn paused(&self, now: Duration) -> bool {
        self.engine.snapshot(now).is_some_and(|s| s.paused)
    }
}

/// Plays the cue for each event the engine reported.
fn play_events(engine: &Engine, events: &[Event], cues: &mut Cues, bell: &mut dyn Write) {
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
            // The end of the routine, skipped steps or not; not an early stop.
            Event::Finished(SessionEnd::Completed | SessionEnd::Stopped)
                if engine.reached_end() =>
            {
                Cue::Done
            }
            Event::Paused
            | Event::PausedAfterGap { .. }
            | Event::Resumed
            | Event::NoTimer
            | Event::AtLimit(_)
            | Event::Finished(_) => {
                continue;
            }
        };
        cues.play(cue, bell);
    }
}

fn sleep_time(engine: &Engine, now: Duration) -> Duration {
    engine.next_wake(now).unwrap_or(MAX_SLEEP).min(MAX_SLEEP)
}
