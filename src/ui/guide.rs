//! The session loops: the full-screen view and plain lines. Each sleeps until the next
//! second of the countdown or a key press (never a busy loop, never `sleep(1)` drift),
//! feeds keys and signals to the engine and plays cues for its events.
//!
//! Both end the session as a hang-up when the terminal is gone (a closed window: the
//! terminal reports a hang-up, or a write to it fails), and both stop for Ctrl-Z or SIGTSTP:
//! pause, give the terminal back, stop the process; once continued (`fg`), take the
//! terminal again, redraw all of it, and stay paused until space.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::Event as TermEvent;
use ratatui::Terminal;

use super::cues::{Cue, Cues};
use super::input::{Wait, wait_for_events};
use super::keys::{Action, Begin, HelpOverlay, action_for, begin_for, key_hints};
use super::signals::Signals;
use super::terminal::{self, Mode, TerminalGuard, Tty, ViewBackend};
use super::view::{ViewState, render};
use super::width::Padded;
use crate::session::Interruption;
use crate::session::{
    Clock, Command, Ending, Engine, Event, Segment, SegmentKind, Timeline, format_clock,
};

/// The longest the loop sleeps, so a signal is acted on, and a resized window redrawn
/// (there is no resize event: see `signals`), within this time even when paused. Far below
/// the engine's `WAKE_GAP`, so only a program that was not running looks like a gap.
const MAX_SLEEP: Duration = Duration::from_millis(250);

/// How long a note about a key (where `b` went) stays in the full-screen view: 4 s.
const NOTE_TIME: Duration = Duration::from_secs(4);

/// How long a banner (a change of side, a new round, the next routine) stays large in the
/// full-screen view: 5 s.
const BANNER_TIME: Duration = Duration::from_secs(5);

/// The note after a stop with Ctrl-Z (or SIGTSTP), until the session is resumed.
const SUSPENDED_NOTE: &str = "Paused while the program was stopped. Press space to resume.";

/// A line about what just happened that the step's own text does not tell: where `b`
/// went, or that the program was not running. Full screen: above the key hints; plain
/// mode: a line of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Note {
    text: String,
    /// On the engine's clock; `None`: until the session resumes.
    until: Option<Duration>,
}

impl Note {
    /// The note after `events`, which `command` caused (`None`: the clock did), read in
    /// order: a gap's note lasts until the session resumes, `b`'s for [`NOTE_TIME`]; any
    /// other change of step clears it.
    fn after(
        note: Option<Note>,
        engine: &Engine,
        command: Option<Command>,
        events: &[Event],
        now: Duration,
    ) -> Option<Note> {
        let mut note = note.filter(|n| n.until.is_none_or(|until| now < until));
        for event in events {
            match *event {
                Event::PausedAfterGap { gap } => {
                    note = Some(Note {
                        text: gap_note(gap),
                        until: None,
                    });
                }
                Event::SegmentStarted { index, .. } => {
                    note = match (command, engine.timeline().segments.get(index)) {
                        (Some(Command::Back), Some(segment)) => Some(Note {
                            text: back_note(segment),
                            until: Some(now + NOTE_TIME),
                        }),
                        _ => None,
                    };
                }
                Event::Resumed => note = note.filter(|n| n.until.is_some()),
                Event::TenSecondsLeft { .. } | Event::Paused | Event::Finished(_) => {}
            }
        }
        note
    }
}

/// The change a person must not miss as segment `index` starts, in words: "Switch to the
/// right side", "Round 2 of 3", "Now: Neck knot release", or several of them.
/// `side_switch`: the engine's word that this start is a change of side.
pub fn banner_for(timeline: &Timeline, index: usize, side_switch: bool) -> Option<String> {
    let segment = timeline.segments.get(index)?;
    let previous = index.checked_sub(1).and_then(|i| timeline.segments.get(i));
    let mut parts = Vec::new();
    if let Some(previous) = previous
        && previous.kind == SegmentKind::Step
        && previous.routine_index != segment.routine_index
    {
        parts.push(format!("Now: {}", segment.routine_title));
    }
    if segment.kind == SegmentKind::Step
        && segment.repetition > 1
        && previous.is_some_and(|p| p.repetition != segment.repetition)
    {
        parts.push(format!(
            "Round {} of {}",
            segment.repetition, segment.repetitions
        ));
    }
    if side_switch && let Some(side) = segment.side {
        parts.push(format!("Switch to the {side} side"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A banner and until when it shows, on the engine's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Banner {
    text: String,
    until: Duration,
}

impl Banner {
    /// The banner after `events`: each start of a segment shows its own (or none), for
    /// [`BANNER_TIME`].
    fn after(
        banner: Option<Banner>,
        timeline: &Timeline,
        events: &[Event],
        now: Duration,
    ) -> Option<Banner> {
        let mut banner = banner.filter(|b| now < b.until);
        for event in events {
            if let Event::SegmentStarted { index, side_switch } = *event {
                banner = banner_for(timeline, index, side_switch).map(|text| Banner {
                    text,
                    until: now + BANNER_TIME,
                });
            }
        }
        banner
    }
}

/// Pauses the session (if it runs), gives the terminal back, stops the process, and once
/// it is continued takes the terminal again. Returns the events of the pause.
///
/// # Errors
/// When the terminal cannot be taken again.
fn suspend(
    engine: &mut Engine,
    clock: &dyn Clock,
    guard: Option<&mut TerminalGuard>,
) -> io::Result<Vec<Event>> {
    let now = clock.now();
    let events = if engine.snapshot(now).is_some_and(|s| !s.paused) {
        engine.apply(Command::TogglePause, now)
    } else {
        Vec::new()
    };
    match guard {
        Some(guard) => {
            guard.suspend();
            stop_process();
            guard.resume()?;
        }
        None => stop_process(),
    }
    Ok(events)
}

/// Stops this process until SIGCONT, as SIGTSTP would without a handler.
fn stop_process() {
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
}

/// "Back to step 2, left side: Circles": where `b` went, in words.
fn back_note(segment: &Segment) -> String {
    if segment.kind == SegmentKind::GetReady {
        return "Back to get ready.".to_string();
    }
    let mut place = format!("step {}", segment.step_number);
    if let Some(side) = segment.side {
        place.push_str(&format!(", {side} side"));
    }
    if segment.repetitions > 1 {
        place.push_str(&format!(
            ", round {} of {}",
            segment.repetition, segment.repetitions
        ));
    }
    format!("Back to {place}: {}", segment.title)
}

/// Why the session paused by itself after the program was not running for `gap`.
fn gap_note(gap: Duration) -> String {
    format!(
        "Not running for {} (stopped, or the computer slept): paused where you were.",
        format_clock(gap.as_secs())
    )
}

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
            // The end of the routine, skipped steps or not; not an early stop.
            Event::Finished(Ending::Completed | Ending::Stopped) if engine.reached_end() => {
                Cue::Done
            }
            Event::Paused | Event::PausedAfterGap { .. } | Event::Resumed | Event::Finished(_) => {
                continue;
            }
        };
        cues.play(cue, terminal);
    }
}

fn sleep_time(engine: &Engine, now: Duration) -> Duration {
    engine.next_wake(now).unwrap_or(MAX_SLEEP).min(MAX_SLEEP)
}

/// The line that keeps the verdict on screen until the person is ready.
pub const BEGIN_PROMPT: &str = "Press Enter or space to begin, or q to leave.";

/// Keeps the verdict, its reasons and every warning on screen until the person presses
/// Enter or space, before the full-screen view takes the screen (issue 16: a verdict
/// covered within 50 ms is a verdict nobody read). Only for the full-screen view: plain
/// lines stay in the scrollback, and without a terminal nothing waits.
///
/// Returns `true` to begin, `false` when the person left with `q` or Esc (nothing started).
/// Ctrl-Z stops the process and waits again once continued; a signal ends the run as at
/// any question: the watcher in `signals` restores the terminal and exits.
///
/// # Errors
/// [`Interruption::CtrlC`] for Ctrl-C and [`Interruption::HangUp`] for a closed window
/// (the caller maps them to exit 130 and 129); an I/O error when the terminal fails.
pub fn wait_to_begin() -> anyhow::Result<bool> {
    let mut out = io::stdout().lock();
    write!(out, "\n{} ", super::width::for_stream(BEGIN_PROMPT, true))?;
    out.flush()?;
    drop(out);
    let mut guard = TerminalGuard::enter(Mode::RawOnly)?;
    let begin = loop {
        let events = match wait_for_events(MAX_SLEEP)? {
            Wait::Events(events) => events,
            Wait::HungUp => return Err(Interruption::HangUp.into()),
            Wait::TimedOut => continue,
        };
        let keys = events.into_iter().filter_map(|event| match event {
            TermEvent::Key(key) => begin_for(key),
            _ => None,
        });
        // Keys act in the order they were typed: the first that means something decides.
        let mut keys = keys;
        match keys.next() {
            Some(Begin::Start) => break true,
            Some(Begin::Leave) => break false,
            Some(Begin::Interrupt) => return Err(Interruption::CtrlC.into()),
            Some(Begin::Suspend) => {
                guard.suspend();
                stop_process();
                guard.resume()?;
                // The shell wrote its own lines meanwhile: ask again below them.
                let _ = write!(Tty, "\r\n{BEGIN_PROMPT} ");
                let _ = Tty.flush();
            }
            None => {}
        }
    };
    drop(guard);
    // Raw mode is off again: a plain line break ends the prompt's line. (A terminal that
    // went away in between is noticed by the session.)
    let _ = writeln!(io::stdout());
    Ok(begin)
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
    let mut guard = TerminalGuard::enter(Mode::FullScreen)?;
    let mut terminal = Terminal::new(ViewBackend::new())?;
    let mut help = HelpOverlay::default();
    let mut note: Option<Note> = None;
    let mut banner = Banner::after(None, engine.timeline(), first_events, clock.now());
    play_events(engine, first_events, cues, &mut Tty);
    loop {
        let now = clock.now();
        let events = engine.tick(now);
        play_events(engine, &events, cues, &mut Tty);
        help.observe(None, &events);
        note = Note::after(note, engine, None, &events, now);
        banner = Banner::after(banner, engine.timeline(), &events, now);
        if interrupted(engine, signals, now) {
            break;
        }
        if signals.take_suspend() {
            suspend(engine, clock, Some(&mut guard))?;
            help.keep_pause();
            note = Some(Note {
                text: SUSPENDED_NOTE.to_string(),
                until: None,
            });
            // The shell drew over the screen while we were stopped: draw all of it.
            terminal.clear()?;
            continue;
        }
        if let Some(snapshot) = engine.snapshot(now) {
            // ratatui diffs frames, so only the cells that changed reach the terminal; and
            // it measures the window first, so each frame fits a resized window.
            terminal.draw(|frame| {
                render(
                    frame,
                    &ViewState {
                        snapshot,
                        help: help.is_shown(),
                        note: note.as_ref().map(|n| n.text.as_str()),
                        banner: banner.as_ref().map(|b| b.text.as_str()),
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
                    // The command, and whether the user gave it (not the help overlay).
                    let (command, by_user) = match action_for(key) {
                        Some(Action::Engine(command)) => (command, true),
                        Some(Action::ToggleHelp) => {
                            let paused = engine.snapshot(clock.now()).is_some_and(|s| s.paused);
                            match help.toggle(paused) {
                                Some(command) => (command, false),
                                None => continue,
                            }
                        }
                        Some(Action::Suspend) => {
                            // Acted on at the top of the loop, like SIGTSTP.
                            signals.request_suspend();
                            continue;
                        }
                        None => continue,
                    };
                    let now = clock.now();
                    let events = engine.apply(command, now);
                    play_events(engine, &events, cues, &mut Tty);
                    help.observe(by_user.then_some(command), &events);
                    note = Note::after(note, engine, Some(command), &events, now);
                    banner = Banner::after(banner, engine.timeline(), &events, now);
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
    let mut guard = if keys {
        Some(TerminalGuard::enter(Mode::RawOnly)?)
    } else {
        None
    };
    let mut out = PlainOut {
        // A terminal that is gone is noticed, not an error; a closed pipe is one.
        out: if stdout_is_terminal {
            Box::new(Tty)
        } else {
            Box::new(io::stdout())
        },
        // In raw mode "\n" only moves down on the terminal; "\r\n" also returns to the
        // line start. A file or pipe gets plain "\n" whatever stdin is.
        newline: if keys && stdout_is_terminal {
            "\r\n"
        } else {
            "\n"
        },
        terminal: stdout_is_terminal,
    };
    if keys {
        out.line(&format!("Keys: {}", key_hints()))?;
    }
    describe_events(engine, first_events, &mut out, clock.now(), keys)?;
    let mut bell = PlainBell {
        bell_to_terminal: stdout_is_terminal,
    };
    play_events(engine, first_events, cues, &mut bell);
    let mut last_reported: Option<u64> = None;
    loop {
        let now = clock.now();
        let events = engine.tick(now);
        describe_events(engine, &events, &mut out, now, keys)?;
        play_events(engine, &events, cues, &mut bell);
        if !keys && engine.snapshot(now).is_some_and(|s| s.paused) {
            // After a gap: nobody can press space, so it goes on where it was (the gap
            // is still not counted as time shown).
            engine.apply(Command::TogglePause, now);
        }
        if interrupted(engine, signals, now) {
            break;
        }
        if signals.take_suspend() {
            let events = suspend(engine, clock, guard.as_mut())?;
            describe_events(engine, &events, &mut out, clock.now(), keys)?;
            continue;
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
                    let now = clock.now();
                    let events = engine.apply(command, now);
                    if command == Command::Back
                        && let Some(note) = Note::after(None, engine, Some(command), &events, now)
                    {
                        out.line(&note.text)?;
                    }
                    describe_events(engine, &events, &mut out, now, keys)?;
                    play_events(engine, &events, cues, &mut bell);
                }
                Action::ToggleHelp => {
                    for (key, what) in super::keys::KEY_HELP {
                        out.line(&format!("  {}{what}", Padded::left(key, 8)))?;
                    }
                }
                Action::Suspend => signals.request_suspend(),
            }
        }
    }
    Ok(())
}

struct PlainOut {
    out: Box<dyn Write>,
    newline: &'static str,
    /// Lines are wrapped between words to the window's width (a terminal, not a pipe).
    terminal: bool,
}

impl PlainOut {
    fn line(&mut self, text: &str) -> io::Result<()> {
        for line in super::width::for_stream(text, self.terminal).lines() {
            write!(self.out, "{line}{}", self.newline)?;
        }
        self.out.flush()
    }

    /// The width a step's text is wrapped to: 78 columns, or the window if narrower.
    fn text_width(&self) -> usize {
        if self.terminal {
            super::width::terminal_columns().min(78)
        } else {
            78
        }
    }
}

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

/// Says what `events` mean, a line each. `keys`: the user can press space (without keys,
/// the session resumes at once after a gap).
fn describe_events(
    engine: &Engine,
    events: &[Event],
    out: &mut PlainOut,
    now: Duration,
    keys: bool,
) -> io::Result<()> {
    for event in events {
        match *event {
            Event::SegmentStarted { index, side_switch } => {
                let Some(segment) = engine.timeline().segments.get(index) else {
                    continue;
                };
                if let Some(banner) = banner_for(engine.timeline(), index, side_switch) {
                    out.line(&format!("{banner}."))?;
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
                for line in super::width::wrap(&segment.text, out.text_width(), "  ", "  ") {
                    out.line(&line)?;
                }
                if let Some(place) = segment.where_line() {
                    out.line(&format!("  {place}"))?;
                }
                if let Some(caution) = &segment.caution {
                    out.line(&format!("  Careful: {caution}"))?;
                }
            }
            Event::TenSecondsLeft { .. } => out.line("  10 seconds left")?,
            Event::Paused => out.line(&paused_line(engine, now))?,
            Event::PausedAfterGap { gap } => {
                out.line(&format!(
                    "The session was not running for {} (a stopped program or a sleeping \
                     computer).",
                    format_clock(gap.as_secs())
                ))?;
                if keys {
                    out.line(&paused_line(engine, now))?;
                } else {
                    out.line("Going on where it was.")?;
                }
            }
            Event::Resumed => out.line("Resumed.")?,
            Event::Finished(Ending::Completed) => out.line("Done.")?,
            Event::Finished(Ending::Stopped) if engine.reached_end() => {
                out.line("End of the routine.")?
            }
            Event::Finished(Ending::Stopped) => out.line("Stopped.")?,
            Event::Finished(Ending::Hurts) | Event::Finished(Ending::Interrupted(_)) => {}
        }
    }
    Ok(())
}

/// "Paused with 0:20 left. Press space to resume."
fn paused_line(engine: &Engine, now: Duration) -> String {
    let left = engine.snapshot(now).map_or(0, |s| s.remaining_secs);
    format!(
        "Paused with {} left. Press space to resume.",
        format_clock(left)
    )
}

/// Ends the session on a signal, or as a hang-up when the terminal has gone; whether the
/// session has ended (for any reason).
fn interrupted(engine: &mut Engine, signals: &Signals, now: Duration) -> bool {
    if let Some(why) = signals.pending() {
        engine.apply(Command::Interrupt(why), now);
    } else if terminal::is_gone() {
        engine.apply(Command::Interrupt(Interruption::HangUp), now);
    }
    engine.ending().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Catalog, Length, Origin, Routine};

    /// The neck routine: get ready, then "Posture", "Find the spot", ...
    fn neck() -> Engine {
        Engine::builtin_for_tests("neck")
    }

    fn text(note: &Option<Note>) -> Option<&str> {
        note.as_ref().map(|n| n.text.as_str())
    }

    #[test]
    fn back_says_where_it_went_for_a_few_seconds() {
        let mut engine = neck();
        let at = Duration::from_secs;
        engine.apply(Command::Next, at(1));
        engine.apply(Command::Next, at(2));
        let events = engine.apply(Command::Back, at(3));
        let note = Note::after(None, &engine, Some(Command::Back), &events, at(3));
        assert_eq!(text(&note), Some("Back to step 1: Posture"));
        let events = engine.tick(at(5));
        let note = Note::after(note, &engine, None, &events, at(5));
        assert_eq!(text(&note), Some("Back to step 1: Posture"));
        let note = Note::after(note, &engine, None, &[], at(3) + NOTE_TIME);
        assert_eq!(text(&note), None);
        // Back to the start, and a later `n` clears the note at once.
        let events = engine.apply(Command::Back, at(6));
        let note = Note::after(None, &engine, Some(Command::Back), &events, at(6));
        assert_eq!(text(&note), Some("Back to get ready."));
        let events = engine.apply(Command::Next, at(7));
        assert_eq!(
            text(&Note::after(
                note,
                &engine,
                Some(Command::Next),
                &events,
                at(7)
            )),
            None
        );
    }

    #[test]
    fn back_names_the_side_and_round() {
        let catalog = Catalog::builtin();
        let segment = catalog
            .routines()
            .iter()
            .flat_map(|r| Timeline::build(&[r], Length::Standard).segments)
            .find(|s| s.side.is_some())
            .expect("a built-in step done on each side");
        let note = back_note(&segment);
        let side = segment.side.map(|s| s.to_string()).unwrap_or_default();
        assert!(
            note.starts_with(&format!(
                "Back to step {}, {side} side",
                segment.step_number
            )),
            "{note}"
        );
        assert!(note.ends_with(&format!(": {}", segment.title)), "{note}");
    }

    #[test]
    fn a_gap_is_noted_until_the_session_resumes() {
        let mut engine = neck();
        let at = Duration::from_secs;
        engine.tick(at(1));
        let events = engine.tick(at(181));
        let note = Note::after(None, &engine, None, &events, at(181));
        assert_eq!(
            text(&note),
            Some("Not running for 3:00 (stopped, or the computer slept): paused where you were.")
        );
        // It stays however long the session stays paused.
        let events = engine.tick(at(600));
        let note = Note::after(note, &engine, None, &events, at(600));
        assert!(note.is_some());
        let events = engine.apply(Command::TogglePause, at(601));
        assert_eq!(
            text(&Note::after(
                note,
                &engine,
                Some(Command::TogglePause),
                &events,
                at(601)
            )),
            None
        );
    }

    /// A routine file with a step done on both sides, twice.
    fn sides_and_rounds() -> Routine {
        let text = r#"title = "Rounds"
areas = ["testarea"]
summary = "Test."

[[steps]]
title = "Press"
text = "Press."
seconds = 5
sides = ["left", "right"]
repeat = 3
pressure = "light"
"#;
        crate::routine::schema::parse_routine("rounds.toml", "rounds", text, Origin::BuiltIn)
            .expect("a valid routine")
    }

    #[test]
    fn banners_name_the_side_the_round_and_the_next_routine() {
        let rounds = sides_and_rounds();
        let catalog = Catalog::builtin();
        let neck = catalog
            .routines()
            .iter()
            .find(|r| r.id == "neck")
            .expect("neck");
        let timeline = Timeline::build(&[&rounds, neck], Length::Standard);
        let (engine, _) = Engine::start(timeline.clone(), Duration::ZERO);
        let banner = |index: usize| {
            let side_switch = index > 0
                && timeline.segments[index].is_side_switch_from(&timeline.segments[index - 1]);
            banner_for(engine.timeline(), index, side_switch)
        };
        // 0: get ready, 1: round 1 left, 2: round 1 right, 3: round 2 left, ...
        assert_eq!(banner(1), None);
        assert_eq!(banner(2).as_deref(), Some("Switch to the right side"));
        assert_eq!(
            banner(3).as_deref(),
            Some("Round 2 of 3 · Switch to the left side")
        );
        assert_eq!(banner(7).as_deref(), Some("Now: Neck knot release"));
    }

    #[test]
    fn a_banner_shows_for_a_few_seconds_and_goes_with_its_segment() {
        let rounds = sides_and_rounds();
        let mut engine = Engine::start(
            Timeline::build(&[&rounds], Length::Standard),
            Duration::ZERO,
        )
        .0;
        let at = Duration::from_secs;
        let events = engine.apply(Command::Next, at(0));
        let events2 = engine.apply(Command::Next, at(1));
        let banner = Banner::after(None, engine.timeline(), &[events, events2].concat(), at(1));
        assert_eq!(
            banner.as_ref().map(|b| b.text.as_str()),
            Some("Switch to the right side")
        );
        let later = Banner::after(banner.clone(), engine.timeline(), &[], at(1) + BANNER_TIME);
        assert_eq!(later, None);
        // Back to the left side says so; back to a segment with no banner clears it.
        let events = engine.apply(Command::Back, at(2));
        let banner = Banner::after(banner, engine.timeline(), &events, at(2));
        assert_eq!(
            banner.as_ref().map(|b| b.text.as_str()),
            Some("Switch to the left side")
        );
        let events = engine.apply(Command::Back, at(3));
        assert_eq!(
            Banner::after(banner, engine.timeline(), &events, at(3)),
            None
        );
    }

    #[test]
    fn the_paused_line_says_how_to_resume() {
        let mut engine = neck();
        engine.tick(Duration::from_secs(1));
        engine.tick(Duration::from_secs(100));
        assert_eq!(
            paused_line(&engine, Duration::from_secs(100)),
            "Paused with 0:07 left. Press space to resume."
        );
    }
}
