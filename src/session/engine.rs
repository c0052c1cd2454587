//! The step engine: a state machine over the timeline, driven by times and commands.
//!
//! Every segment ends at its start plus its duration on a monotonic clock, and the next one
//! starts at that deadline (not at "whenever we noticed"), so timing never drifts however
//! long the routine is. Pauses shift the deadline by exactly the paused time.

use std::time::Duration;

use super::timeline::{Segment, Timeline};

/// Why a session or a question was cut short from outside: the user pressed Ctrl-C, or the
/// process got SIGTERM or SIGHUP (a closed window). `exit` maps each to its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Interruption {
    #[error("interrupted")]
    CtrlC,
    #[error("ended by a signal")]
    Terminated,
    #[error("the terminal hung up")]
    HangUp,
}

/// How much `+` and `-` change the current step.
pub const NUDGE: Duration = Duration::from_secs(15);
/// Segments at least this long get a "10 seconds left" cue.
const TEN_SECONDS_CUE_MIN: Duration = Duration::from_secs(20);
const TEN_SECONDS: Duration = Duration::from_secs(10);

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    TogglePause,
    Next,
    Back,
    AddTime,
    RemoveTime,
    /// `q` or `Esc`: end early, go on to the after-check.
    Stop,
    /// `h`: this hurts; stop now with the advice for rising pain.
    Hurts,
    Interrupt(Interruption),
}

/// How a session ended (the journal keeps it as a `journal::Ending`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Completed,
    Stopped,
    Hurts,
    Interrupted(Interruption),
}

/// Something the shell should show or sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    SegmentStarted { index: usize, side_switch: bool },
    TenSecondsLeft { index: usize },
    Paused,
    Resumed,
    Finished(Ending),
}

#[derive(Debug, Clone)]
pub struct Engine {
    timeline: Timeline,
    index: usize,
    /// When the current segment started, shifted by pauses.
    started_at: Duration,
    deadline: Duration,
    paused_at: Option<Duration>,
    ten_seconds_cued: bool,
    /// Which segments were finished (by time or by skipping past them).
    done: Vec<bool>,
    ending: Option<Ending>,
}

/// Everything a view needs to draw one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot<'a> {
    pub segment: &'a Segment,
    pub index: usize,
    pub count: usize,
    pub next: Option<&'a Segment>,
    /// Whole seconds left in the step, rounded up: shows 0:01 until the very end.
    pub remaining_secs: u64,
    pub total_remaining_secs: u64,
    /// 0.0..=1.0 through this step and through the whole session.
    pub step_progress: f64,
    pub total_progress: f64,
    pub paused: bool,
}

impl Engine {
    /// Starts the first segment at `now`. An empty timeline finishes at once.
    pub fn start(timeline: Timeline, now: Duration) -> (Engine, Vec<Event>) {
        let first = timeline
            .segments
            .first()
            .map_or(Duration::ZERO, |s| s.duration);
        let count = timeline.segments.len();
        let mut engine = Engine {
            timeline,
            index: 0,
            started_at: now,
            deadline: now + first,
            paused_at: None,
            ten_seconds_cued: false,
            done: vec![false; count],
            ending: None,
        };
        let event = if count == 0 {
            engine.ending = Some(Ending::Completed);
            Event::Finished(Ending::Completed)
        } else {
            Event::SegmentStarted {
                index: 0,
                side_switch: false,
            }
        };
        (engine, vec![event])
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn ending(&self) -> Option<Ending> {
        self.ending
    }

    /// Steps finished, and how many there are. A step counts as finished when every
    /// part of it (each side, each repeat) is: the count a person would give.
    pub fn steps_done(&self) -> (usize, usize) {
        let mut steps: Vec<((usize, usize), bool)> = Vec::new();
        for (segment, done) in self.timeline.segments.iter().zip(&self.done) {
            let Some(key) = segment.step_key() else {
                continue;
            };
            match steps.last_mut() {
                Some((last, all_done)) if *last == key => *all_done &= *done,
                _ => steps.push((key, *done)),
            }
        }
        (steps.iter().filter(|(_, done)| *done).count(), steps.len())
    }

    /// Moves time forward: ends segments whose deadline has passed, starting each next one
    /// at the previous deadline.
    pub fn tick(&mut self, now: Duration) -> Vec<Event> {
        let mut events = Vec::new();
        if self.ending.is_some() || self.paused_at.is_some() {
            return events;
        }
        while now >= self.deadline {
            let boundary = self.deadline;
            if !self.advance(boundary, &mut events) {
                return events;
            }
        }
        let remaining = self.deadline - now;
        let length = self.deadline - self.started_at;
        if !self.ten_seconds_cued && length >= TEN_SECONDS_CUE_MIN && remaining <= TEN_SECONDS {
            self.ten_seconds_cued = true;
            events.push(Event::TenSecondsLeft { index: self.index });
        }
        events
    }

    pub fn apply(&mut self, command: Command, now: Duration) -> Vec<Event> {
        let mut events = Vec::new();
        if self.ending.is_some() {
            return events;
        }
        match command {
            Command::TogglePause => match self.paused_at.take() {
                Some(paused_at) => {
                    let paused_for = now.saturating_sub(paused_at);
                    self.started_at += paused_for;
                    self.deadline += paused_for;
                    events.push(Event::Resumed);
                }
                None => {
                    self.paused_at = Some(now);
                    events.push(Event::Paused);
                }
            },
            Command::Next => {
                self.advance(now, &mut events);
            }
            Command::Back => {
                let target = self.index.saturating_sub(1);
                self.enter(target, now, &mut events);
            }
            Command::AddTime => {
                self.deadline += NUDGE;
                if self.deadline.saturating_sub(self.effective_now(now)) > TEN_SECONDS {
                    self.ten_seconds_cued = false;
                }
            }
            Command::RemoveTime => {
                let floor = self.effective_now(now).max(self.started_at);
                self.deadline = self.deadline.saturating_sub(NUDGE).max(floor);
                events.extend(self.tick(now));
            }
            Command::Stop => self.finish(Ending::Stopped, &mut events),
            Command::Hurts => self.finish(Ending::Hurts, &mut events),
            Command::Interrupt(why) => self.finish(Ending::Interrupted(why), &mut events),
        }
        events
    }

    /// How long until the display next changes (the next whole second of the countdown);
    /// `None` while paused or finished: then only a key can change anything.
    pub fn next_wake(&self, now: Duration) -> Option<Duration> {
        if self.ending.is_some() || self.paused_at.is_some() {
            return None;
        }
        let remaining = self.deadline.saturating_sub(now);
        let into_second = Duration::from_nanos((remaining.as_nanos() % 1_000_000_000) as u64);
        Some(if into_second.is_zero() {
            Duration::from_secs(1).min(remaining.max(Duration::from_millis(1)))
        } else {
            into_second
        })
    }

    /// When the current segment is due to end, on the engine's clock.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    pub fn snapshot(&self, now: Duration) -> Option<Snapshot<'_>> {
        let segment = self.timeline.segments.get(self.index)?;
        let now = self.effective_now(now);
        let remaining = self.deadline.saturating_sub(now);
        let length = self.deadline.saturating_sub(self.started_at);
        let elapsed = length.saturating_sub(remaining);
        let later: Duration = self.timeline.segments[self.index + 1..]
            .iter()
            .map(|s| s.duration)
            .sum();
        let before: Duration = self.timeline.segments[..self.index]
            .iter()
            .map(|s| s.duration)
            .sum();
        let total = before + length + later;
        let fraction = |part: Duration, whole: Duration| {
            if whole.is_zero() {
                1.0
            } else {
                (part.as_secs_f64() / whole.as_secs_f64()).clamp(0.0, 1.0)
            }
        };
        Some(Snapshot {
            segment,
            index: self.index,
            count: self.timeline.segments.len(),
            next: self.timeline.segments.get(self.index + 1),
            remaining_secs: ceil_secs(remaining),
            total_remaining_secs: ceil_secs(remaining + later),
            step_progress: fraction(elapsed, length),
            total_progress: fraction(before + elapsed, total),
            paused: self.paused_at.is_some(),
        })
    }

    /// While paused, time stands still at the moment of the pause.
    fn effective_now(&self, now: Duration) -> Duration {
        self.paused_at.unwrap_or(now)
    }

    /// Marks the current segment done and enters the next one at `at`; false when that
    /// was the last segment and the session is complete.
    fn advance(&mut self, at: Duration, events: &mut Vec<Event>) -> bool {
        self.done[self.index] = true;
        if self.index + 1 >= self.timeline.segments.len() {
            self.finish(Ending::Completed, events);
            return false;
        }
        self.enter(self.index + 1, at, events);
        true
    }

    fn enter(&mut self, index: usize, at: Duration, events: &mut Vec<Event>) {
        let side_switch =
            self.timeline.segments[index].is_side_switch_from(&self.timeline.segments[self.index]);
        self.index = index;
        self.started_at = at;
        self.deadline = at + self.timeline.segments[index].duration;
        self.ten_seconds_cued = false;
        if self.paused_at.is_some() {
            // Moving while paused shows the new step, frozen at its full length.
            self.paused_at = Some(at);
        }
        events.push(Event::SegmentStarted { index, side_switch });
    }

    fn finish(&mut self, ending: Ending, events: &mut Vec<Event>) {
        self.ending = Some(ending);
        events.push(Event::Finished(ending));
    }
}

fn ceil_secs(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// `m:ss`, the way a countdown reads.
pub fn format_clock(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Length, Origin, schema::parse_routine};
    use crate::session::clock::{Clock, ManualClock};
    use crate::session::timeline::GET_READY_SECONDS;

    const S: fn(u64) -> Duration = Duration::from_secs;

    /// Get ready (8 s), then A 30 s, then B 20 s on the left and on the right.
    fn timeline() -> Timeline {
        let source = "title = \"T\"\nareas = [\"neck\"]\nsummary = \"S\"\n\n[[steps]]\ntitle = \"A\"\ntext = \"a\"\nseconds = 30\n\n[[steps]]\ntitle = \"B\"\ntext = \"b\"\nseconds = 20\nsides = [\"left\", \"right\"]\n";
        let routine = parse_routine("t.toml", "t", source, Origin::BuiltIn).expect("valid");
        Timeline::build(&[&routine], Length::Standard)
    }

    fn started(clock: &ManualClock) -> Engine {
        Engine::start(timeline(), clock.now()).0
    }

    fn starts(events: &[Event]) -> Vec<usize> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::SegmentStarted { index, .. } => Some(*index),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn segments_end_exactly_at_their_deadlines() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        clock.advance(S(GET_READY_SECONDS) - Duration::from_millis(1));
        assert!(starts(&engine.tick(clock.now())).is_empty());
        clock.advance(Duration::from_millis(1));
        assert_eq!(starts(&engine.tick(clock.now())), vec![1]);
        assert_eq!(engine.deadline(), S(GET_READY_SECONDS + 30));
    }

    #[test]
    fn late_ticks_do_not_drift() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        // The shell wakes 400 ms late at every boundary: deadlines stay on the plan.
        clock.advance(S(GET_READY_SECONDS) + Duration::from_millis(400));
        engine.tick(clock.now());
        assert_eq!(engine.deadline(), S(GET_READY_SECONDS + 30));
        clock.advance(S(30));
        engine.tick(clock.now());
        assert_eq!(engine.deadline(), S(GET_READY_SECONDS + 50));
    }

    #[test]
    fn a_long_sleep_catches_up_through_several_segments_and_completes() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        clock.advance(S(1000));
        let events = engine.tick(clock.now());
        assert_eq!(starts(&events), vec![1, 2, 3]);
        assert_eq!(events.last(), Some(&Event::Finished(Ending::Completed)));
        assert_eq!(engine.steps_done(), (2, 2));
    }

    #[test]
    fn side_switch_is_flagged() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        clock.advance(S(GET_READY_SECONDS + 30 + 20));
        let events = engine.tick(clock.now());
        assert!(events.contains(&Event::SegmentStarted {
            index: 3,
            side_switch: true
        }));
        assert!(events.contains(&Event::SegmentStarted {
            index: 2,
            side_switch: false
        }));
    }

    #[test]
    fn pause_freezes_the_countdown_and_is_not_counted() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        clock.advance(S(3));
        assert_eq!(
            engine.apply(Command::TogglePause, clock.now()),
            vec![Event::Paused]
        );
        clock.advance(S(600));
        assert!(engine.tick(clock.now()).is_empty());
        assert_eq!(
            engine.snapshot(clock.now()).map(|s| s.remaining_secs),
            Some(5)
        );
        assert_eq!(engine.next_wake(clock.now()), None);
        assert_eq!(
            engine.apply(Command::TogglePause, clock.now()),
            vec![Event::Resumed]
        );
        clock.advance(S(4));
        assert!(starts(&engine.tick(clock.now())).is_empty());
        clock.advance(S(1));
        assert_eq!(starts(&engine.tick(clock.now())), vec![1]);
    }

    #[test]
    fn next_and_back_at_the_ends() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        clock.advance(S(2));
        // Back at the first segment restarts it.
        assert_eq!(starts(&engine.apply(Command::Back, clock.now())), vec![0]);
        assert_eq!(
            engine.snapshot(clock.now()).map(|s| s.remaining_secs),
            Some(GET_READY_SECONDS)
        );
        for expected in 1..=3 {
            assert_eq!(
                starts(&engine.apply(Command::Next, clock.now())),
                vec![expected]
            );
        }
        // Back from the right side to the left is a change of side too.
        assert_eq!(
            engine.apply(Command::Back, clock.now()),
            vec![Event::SegmentStarted {
                index: 2,
                side_switch: true
            }]
        );
        engine.apply(Command::Next, clock.now());
        assert_eq!(
            engine.apply(Command::Next, clock.now()),
            vec![Event::Finished(Ending::Completed)]
        );
        assert!(engine.apply(Command::Next, clock.now()).is_empty());
    }

    #[test]
    fn nudges_add_and_remove_fifteen_seconds() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        engine.apply(Command::Next, clock.now());
        engine.apply(Command::AddTime, clock.now());
        assert_eq!(
            engine.snapshot(clock.now()).map(|s| s.remaining_secs),
            Some(45)
        );
        engine.apply(Command::RemoveTime, clock.now());
        engine.apply(Command::RemoveTime, clock.now());
        assert_eq!(
            engine.snapshot(clock.now()).map(|s| s.remaining_secs),
            Some(15)
        );
        // Removing more than is left ends the step rather than going negative.
        let events = engine.apply(Command::RemoveTime, clock.now());
        engine.apply(Command::RemoveTime, clock.now());
        assert_eq!(starts(&events), vec![2]);
    }

    #[test]
    fn ten_seconds_cue_once_on_long_steps_only() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        clock.advance(S(GET_READY_SECONDS));
        engine.tick(clock.now());
        clock.advance(S(19));
        assert!(engine.tick(clock.now()).is_empty());
        clock.advance(S(1));
        assert_eq!(
            engine.tick(clock.now()),
            vec![Event::TenSecondsLeft { index: 1 }]
        );
        clock.advance(S(1));
        assert!(engine.tick(clock.now()).is_empty());
    }

    #[test]
    fn stop_hurts_and_interrupt_end_the_session_with_progress_kept() {
        for (command, ending) in [
            (Command::Stop, Ending::Stopped),
            (Command::Hurts, Ending::Hurts),
            (
                Command::Interrupt(Interruption::CtrlC),
                Ending::Interrupted(Interruption::CtrlC),
            ),
        ] {
            let clock = ManualClock::default();
            let mut engine = started(&clock);
            clock.advance(S(GET_READY_SECONDS + 31));
            engine.tick(clock.now());
            assert_eq!(
                engine.apply(command, clock.now()),
                vec![Event::Finished(ending)]
            );
            assert_eq!(engine.ending(), Some(ending));
            // Step A is done; step B (left and right) is not.
            assert_eq!(engine.steps_done(), (1, 2));
            assert!(engine.tick(clock.now() + S(999)).is_empty());
        }
    }

    #[test]
    fn wakes_at_each_whole_second_of_the_countdown() {
        let clock = ManualClock::default();
        let engine = started(&clock);
        assert_eq!(engine.next_wake(clock.now()), Some(S(1)));
        clock.advance(Duration::from_millis(300));
        assert_eq!(
            engine.next_wake(clock.now()),
            Some(Duration::from_millis(700))
        );
    }

    #[test]
    fn progress_covers_step_and_whole() {
        let clock = ManualClock::default();
        let engine = started(&clock);
        clock.advance(S(4));
        let snapshot = engine.snapshot(clock.now()).expect("running");
        assert!((snapshot.step_progress - 0.5).abs() < 1e-9);
        assert!((snapshot.total_progress - 4.0 / 78.0).abs() < 1e-9);
        assert_eq!(snapshot.total_remaining_secs, 74);
        assert_eq!(snapshot.next.map(|s| s.title.as_str()), Some("A"));
    }

    #[test]
    fn clock_format() {
        assert_eq!(format_clock(0), "0:00");
        assert_eq!(format_clock(65), "1:05");
        assert_eq!(format_clock(600), "10:00");
    }
}
