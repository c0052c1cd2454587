//! The screen state of a session, whatever shows it: the help overlay, the note under the
//! step and the banner over it, each updated from the engine's events in one place
//! ([`Screen::update`]).

use std::time::Duration;

use super::keys::HelpOverlay;
use crate::session::{
    Command, Engine, Event, Segment, SegmentKind, TimeLimit, Timeline, format_clock,
};

/// How long a note about a key (where `b` went) stays in the full-screen view: 4 s.
const NOTE_TIME: Duration = Duration::from_secs(4);

/// How long a banner (a change of side, a new round, the next routine) stays large in the
/// full-screen view: 5 s.
const BANNER_TIME: Duration = Duration::from_secs(5);

/// The note after `+` or `-` on a step with no timer.
pub const NO_TIMER_NOTE: &str = "This step has no timer: press Enter when you are done.";

/// The note after `+` that reached a limit: "10 minutes is the most for one spot."
pub fn limit_note(limit: TimeLimit) -> String {
    let minutes = limit.most().as_secs() / 60;
    match limit {
        TimeLimit::Spot => format!("{minutes} minutes is the most for one spot."),
        TimeLimit::Session => format!("{minutes} minutes is the most for one session."),
    }
}

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
                Event::NoTimer => {
                    note = Some(Note {
                        text: NO_TIMER_NOTE.to_string(),
                        until: Some(now + NOTE_TIME),
                    });
                }
                Event::AtLimit(limit) => {
                    note = Some(Note {
                        text: limit_note(limit),
                        until: Some(now + NOTE_TIME),
                    });
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

/// What the session screen shows besides the step itself.
#[derive(Debug, Default)]
pub struct Screen {
    pub help: HelpOverlay,
    note: Option<Note>,
    banner: Option<Banner>,
}

impl Screen {
    /// Takes in `events`, which `command` caused (`None`: the clock did); `by_user`: the
    /// person gave the command (not the help overlay, pausing for itself).
    pub fn update(
        &mut self,
        engine: &Engine,
        command: Option<Command>,
        by_user: bool,
        events: &[Event],
        now: Duration,
    ) {
        self.help.observe(command.filter(|_| by_user), events);
        self.note = Note::after(self.note.take(), engine, command, events, now);
        self.banner = Banner::after(self.banner.take(), engine.timeline(), events, now);
    }

    /// The program was stopped (Ctrl-Z) and is running again, paused: the pause is the
    /// person's, and the note says how to resume.
    pub fn stopped(&mut self) {
        self.help.keep_pause();
        self.note = Some(Note {
            text: SUSPENDED_NOTE.to_string(),
            until: None,
        });
    }

    /// The note's text, if one shows.
    pub fn note(&self) -> Option<&str> {
        self.note.as_ref().map(|n| n.text.as_str())
    }

    /// The banner's text, if one shows.
    pub fn banner(&self) -> Option<&str> {
        self.banner.as_ref().map(|b| b.text.as_str())
    }
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
areas = ["neck"]
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
}
