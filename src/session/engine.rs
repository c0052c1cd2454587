//! The step engine: a state machine over the timeline, driven by times and commands.
//!
//! Every segment ends at its start plus its duration on a monotonic clock, and the next one
//! starts at that deadline (not at "whenever we noticed"), so timing never drifts however
//! long the routine is. Pauses shift the deadline by exactly the paused time.
//!
//! The engine also keeps the count a journal can trust: how long each segment was really
//! shown, running. A step skipped with `n`, cut short with `-`, or slept through by a
//! stopped program is not counted as done (see [`DONE_PERCENT`] and [`WAKE_GAP`]).

use std::time::Duration;

use super::timeline::{Segment, SegmentKind, Timeline};
use crate::routine::schema::{MAX_ROUTINE_SECONDS, MAX_SPOT_SECONDS};

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
    /// SIGQUIT (Ctrl-\\ at a terminal): ends the session as SIGTERM does.
    #[error("ended by a signal")]
    Quit,
}

/// How much `+` and `-` change the current step.
pub const NUDGE: Duration = Duration::from_secs(15);
/// What `+` may not take the session past: the limits `validate` puts on a routine file,
/// held to during the session too, whatever keys are pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLimit {
    /// [`MAX_SPOT_SECONDS`] on one spot (one side of it), over the whole session.
    Spot,
    /// [`MAX_ROUTINE_SECONDS`] for the whole session's steps.
    Session,
}

impl TimeLimit {
    /// The most time it allows.
    pub fn most(self) -> Duration {
        Duration::from_secs(u64::from(match self {
            TimeLimit::Spot => MAX_SPOT_SECONDS,
            TimeLimit::Session => MAX_ROUTINE_SECONDS,
        }))
    }
}

/// `-` leaves at least this much of the current step (1 s): it shortens the step and never
/// ends it, so however often it is pressed it cannot reach into the next step, which starts
/// with its whole time when this one runs out.
pub const MIN_LEFT_AFTER_REMOVE: Duration = Duration::from_secs(1);
/// A part of a step (one side, one round) counts as done once it was shown, running (not
/// paused), for at least this share of the time the routine plans for it, in percent,
/// summed over every visit to it. `+` and `-` move the step's end, not this bar: otherwise
/// `-` would be a quicker way to skip.
pub const DONE_PERCENT: u32 = 50;
/// A silence longer than this (5 s) between two readings of the clock means the program
/// was not running: stopped (SIGSTOP, Ctrl-Z) or on a suspended laptop. The silence counts
/// as a pause that began when the clock was last read: the session stays on the segment it
/// was showing, with the time that was left then, and is paused until the user resumes it.
/// The session loops read the clock at least four times a second, so no busy machine comes
/// near this; a plain late wake-up of a second or two is not a gap.
pub const WAKE_GAP: Duration = Duration::from_secs(5);
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
    /// Enter, or a line of input without a terminal: an untimed step is done. Nothing on
    /// a timed step, whose countdown says when it is done.
    Done,
    /// `q` or `Esc`: end early, go on to the after-check.
    Stop,
    /// `h`: this hurts; stop now with the advice for rising pain.
    Hurts,
    Interrupt(Interruption),
}

/// How a session ended (the journal keeps it as a `journal::Ending`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// The routine ran to its end and every step was done (see [`Engine::steps_done`]).
    Completed,
    /// `q` or `Esc`, or the routine reached its end with steps skipped.
    Stopped,
    Hurts,
    Interrupted(Interruption),
}

/// Something the shell should show or sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    SegmentStarted {
        index: usize,
        side_switch: bool,
    },
    TenSecondsLeft {
        index: usize,
    },
    Paused,
    /// The clock jumped by `gap` since it was last read (more than [`WAKE_GAP`]): the
    /// program was not running. The session is paused where it was; the shell says so.
    PausedAfterGap {
        gap: Duration,
    },
    Resumed,
    /// `+` or `-` on an untimed step, which has no time to change: the shell says so.
    NoTimer,
    /// `+` reached a [`TimeLimit`]: it added less than [`NUDGE`], or nothing. The shell
    /// says so.
    AtLimit(TimeLimit),
    Finished(SessionEnd),
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
    /// The latest time the engine was given (by `start`, `tick` or `apply`).
    last_seen: Duration,
    /// How long each segment was shown, running, over all its visits so far (the current
    /// visit is added when it ends).
    shown: Vec<Duration>,
    /// Untimed segments the person said were done (with Enter): those count as done.
    confirmed: Vec<bool>,
    /// The last segment ran out or was skipped with `n`: the routine reached its end.
    reached_end: bool,
    ending: Option<SessionEnd>,
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
    /// The segment has no countdown: it waits for Enter.
    pub untimed: bool,
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
            last_seen: now,
            shown: vec![Duration::ZERO; count],
            confirmed: vec![false; count],
            reached_end: count == 0,
            ending: None,
        };
        let event = if count == 0 {
            engine.ending = Some(SessionEnd::Completed);
            Event::Finished(SessionEnd::Completed)
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

    pub fn ending(&self) -> Option<SessionEnd> {
        self.ending
    }

    /// Whether the session got past its last segment (by time or with `n`), as opposed to
    /// being stopped on the way. It ends [`SessionEnd::Completed`] only when, in addition,
    /// every step was done; otherwise [`SessionEnd::Stopped`].
    pub fn reached_end(&self) -> bool {
        self.reached_end
    }

    /// Steps done, and how many there are: the count a person would give. A step is done
    /// when every part of it (each side, each repeat) was shown, running, for at least
    /// [`DONE_PERCENT`] % of its planned time; "get ready" is not a step. A step skipped
    /// with `n`, shortened past that bar with `-`, or not shown while the program was not
    /// running (see [`WAKE_GAP`]) is not done. The segment on screen counts once it ends.
    pub fn steps_done(&self) -> (usize, usize) {
        let mut steps: Vec<((usize, usize), bool)> = Vec::new();
        for (index, segment) in self.timeline.segments.iter().enumerate() {
            let Some(key) = segment.step_key() else {
                continue;
            };
            let done = self.segment_done(index);
            match steps.last_mut() {
                Some((last, all_done)) if *last == key => *all_done &= done,
                _ => steps.push((key, done)),
            }
        }
        (steps.iter().filter(|(_, done)| *done).count(), steps.len())
    }

    /// Moves time forward: ends segments whose deadline has passed, starting each next one
    /// at the previous deadline. After a gap longer than [`WAKE_GAP`] since the clock was
    /// last read, pauses instead, where the session was then.
    pub fn tick(&mut self, now: Duration) -> Vec<Event> {
        let mut events = Vec::new();
        if self.ending.is_some() || self.notice_gap(now, &mut events) {
            return events;
        }
        if self.paused_at.is_none() {
            self.run_until(now, &mut events);
        }
        events
    }

    pub fn apply(&mut self, command: Command, now: Duration) -> Vec<Event> {
        let mut events = Vec::new();
        if self.ending.is_some() {
            return events;
        }
        self.notice_gap(now, &mut events);
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
            Command::AddTime | Command::RemoveTime if self.untimed() => {
                events.push(Event::NoTimer);
            }
            Command::Done if self.untimed() => {
                if let Some(confirmed) = self.confirmed.get_mut(self.index) {
                    *confirmed = true;
                }
                self.advance(now, &mut events);
            }
            Command::Done => {}
            Command::AddTime => {
                let (room, limit) = self.room_to_add();
                if room < NUDGE {
                    events.push(Event::AtLimit(limit));
                }
                self.deadline += NUDGE.min(room);
                if self.deadline.saturating_sub(self.effective_now(now)) > TEN_SECONDS {
                    self.ten_seconds_cued = false;
                }
            }
            Command::RemoveTime => {
                // Never below MIN_LEFT_AFTER_REMOVE, and never later than it was.
                let floor = self
                    .deadline
                    .min(self.effective_now(now) + MIN_LEFT_AFTER_REMOVE);
                self.deadline = self.deadline.saturating_sub(NUDGE).max(floor);
                events.extend(self.tick(now));
            }
            Command::Stop => self.finish(SessionEnd::Stopped, now, &mut events),
            Command::Hurts => self.finish(SessionEnd::Hurts, now, &mut events),
            Command::Interrupt(why) => self.finish(SessionEnd::Interrupted(why), now, &mut events),
        }
        events
    }

    /// How long until the display next changes (the next whole second of the countdown);
    /// `None` while paused or finished: then only a key can change anything.
    pub fn next_wake(&self, now: Duration) -> Option<Duration> {
        if self.ending.is_some() || self.paused_at.is_some() || self.untimed() {
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
            untimed: segment.untimed,
        })
    }

    /// Whether the segment on screen has no countdown.
    fn untimed(&self) -> bool {
        self.timeline
            .segments
            .get(self.index)
            .is_some_and(|s| s.untimed)
    }

    /// While paused, time stands still at the moment of the pause.
    fn effective_now(&self, now: Duration) -> Duration {
        self.paused_at.unwrap_or(now)
    }

    /// How much `+` may still add to the segment on screen, and the limit that says so:
    /// the time on its spot and the session's time, each counted as what was shown of the
    /// segments before (paused time is not counted), this visit's whole length, and the
    /// planned length of the segments after. "One spot" is one place on one side, as
    /// `validate` counts it. "Get ready" counts for the session: it is not massage, but
    /// `+` must not make any part of the session endless.
    fn room_to_add(&self) -> (Duration, TimeLimit) {
        let segments = &self.timeline.segments;
        let this_visit = self.deadline.saturating_sub(self.started_at);
        let time = |index: usize, segment: &Segment| -> Duration {
            let shown = self.shown.get(index).copied().unwrap_or_default();
            shown
                + match index.cmp(&self.index) {
                    std::cmp::Ordering::Less => Duration::ZERO,
                    std::cmp::Ordering::Equal => this_visit,
                    std::cmp::Ordering::Greater => segment.duration,
                }
        };
        let session: Duration = segments.iter().enumerate().map(|(i, s)| time(i, s)).sum();
        let mut room = (
            TimeLimit::Session.most().saturating_sub(session),
            TimeLimit::Session,
        );
        let place = segments
            .get(self.index)
            .filter(|s| s.kind == SegmentKind::Step)
            .and_then(|s| s.place);
        if let Some(place) = place {
            let on_spot: Duration = segments
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind == SegmentKind::Step && s.place == Some(place))
                .map(|(i, s)| time(i, s))
                .sum();
            let spot_room = TimeLimit::Spot.most().saturating_sub(on_spot);
            if spot_room <= room.0 {
                room = (spot_room, TimeLimit::Spot);
            }
        }
        room
    }

    /// What the spot of the segment on screen has left of [`TimeLimit::Spot`] before this
    /// visit: the limit less the time already shown on that place, in any segment (an
    /// earlier visit of this one too). No limit for a segment that presses nowhere.
    fn spot_room_before_this_visit(&self) -> Duration {
        let segments = &self.timeline.segments;
        let Some(place) = segments
            .get(self.index)
            .filter(|s| s.kind == SegmentKind::Step)
            .and_then(|s| s.place)
        else {
            return Duration::MAX;
        };
        let spent: Duration = segments
            .iter()
            .zip(&self.shown)
            .filter(|(s, _)| s.kind == SegmentKind::Step && s.place == Some(place))
            .map(|(_, shown)| *shown)
            .sum();
        TimeLimit::Spot.most().saturating_sub(spent)
    }

    /// Whether segment `index` was shown long enough to count as done ([`DONE_PERCENT`]).
    fn segment_done(&self, index: usize) -> bool {
        let (Some(shown), Some(segment)) =
            (self.shown.get(index), self.timeline.segments.get(index))
        else {
            return false;
        };
        if segment.untimed {
            return self.confirmed.get(index).copied().unwrap_or(false);
        }
        shown.as_nanos() * 100 >= segment.duration.as_nanos() * u128::from(DONE_PERCENT)
    }

    /// Reads the clock. After a silence longer than [`WAKE_GAP`], catches up to the moment
    /// the clock was last read and pauses there; returns whether it did.
    fn notice_gap(&mut self, now: Duration, events: &mut Vec<Event>) -> bool {
        let last_seen = self.last_seen;
        self.last_seen = last_seen.max(now);
        let gap = now.saturating_sub(last_seen);
        if gap <= WAKE_GAP || self.paused_at.is_some() {
            return false;
        }
        self.run_until(last_seen, events);
        if self.ending.is_none() {
            self.paused_at = Some(last_seen);
            events.push(Event::PausedAfterGap { gap });
        }
        true
    }

    /// Ends every segment whose deadline is at or before `now`, then cues the last ten
    /// seconds if they have begun. Only while running.
    fn run_until(&mut self, now: Duration, events: &mut Vec<Event>) {
        // An untimed segment never ends by the clock.
        while now >= self.deadline && !self.untimed() {
            let boundary = self.deadline;
            if !self.advance(boundary, events) {
                return;
            }
        }
        let remaining = self.deadline.saturating_sub(now);
        let length = self.deadline - self.started_at;
        if !self.untimed()
            && !self.ten_seconds_cued
            && length >= TEN_SECONDS_CUE_MIN
            && remaining <= TEN_SECONDS
        {
            self.ten_seconds_cued = true;
            events.push(Event::TenSecondsLeft { index: self.index });
        }
    }

    /// Adds the current visit's running time (up to `now`, or the pause, or the deadline,
    /// whichever is first) to what the segment was shown.
    fn close_visit(&mut self, now: Duration) {
        let end = self.effective_now(now).min(self.deadline);
        if let Some(shown) = self.shown.get_mut(self.index) {
            *shown += end.saturating_sub(self.started_at);
        }
    }

    /// Leaves the current segment and enters the next one at `at`; false when that was the
    /// last segment and the session has ended.
    fn advance(&mut self, at: Duration, events: &mut Vec<Event>) -> bool {
        if self.index + 1 >= self.timeline.segments.len() {
            self.close_visit(at);
            self.reached_end = true;
            let (done, total) = self.steps_done();
            let ending = if done == total {
                SessionEnd::Completed
            } else {
                SessionEnd::Stopped
            };
            self.end(ending, events);
            return false;
        }
        self.enter(self.index + 1, at, events);
        true
    }

    fn enter(&mut self, index: usize, at: Duration, events: &mut Vec<Event>) {
        self.close_visit(at);
        let side_switch =
            self.timeline.segments[index].is_side_switch_from(&self.timeline.segments[self.index]);
        self.index = index;
        self.started_at = at;
        let full = self.timeline.segments[index].duration;
        // A visit after going back is no longer than its spot has left: the time already
        // shown there (this step's earlier visits too) counts, as it does for `+`.
        let room = self.spot_room_before_this_visit();
        self.deadline = at + full.min(room);
        self.ten_seconds_cued = false;
        if self.paused_at.is_some() {
            // Moving while paused shows the new step, frozen at its full length.
            self.paused_at = Some(at);
        }
        events.push(Event::SegmentStarted { index, side_switch });
        if room < full {
            events.push(Event::AtLimit(TimeLimit::Spot));
        }
    }

    /// Ends the session early, keeping what was shown of the current segment.
    fn finish(&mut self, ending: SessionEnd, now: Duration, events: &mut Vec<Event>) {
        self.close_visit(now);
        self.end(ending, events);
    }

    fn end(&mut self, ending: SessionEnd, events: &mut Vec<Event>) {
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

/// The built-in routine `id` at standard length, started at time 0: what the shell's unit
/// tests drive.
#[cfg(test)]
impl Engine {
    pub(crate) fn builtin_for_tests(id: &str) -> Engine {
        let catalog = crate::routine::Catalog::builtin();
        let routine = catalog
            .routines()
            .iter()
            .find(|r| r.id == id)
            .expect("a built-in routine");
        let timeline = Timeline::build(&[routine], crate::routine::Length::Standard);
        Engine::start(timeline, Duration::ZERO).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Length, Origin, schema::parse_routine};
    use crate::session::clock::{Clock, ManualClock};
    use crate::session::timeline::GET_READY_SECONDS;

    const S: fn(u64) -> Duration = Duration::from_secs;
    const MS: fn(u64) -> Duration = Duration::from_millis;
    const GET_READY: Duration = Duration::from_secs(GET_READY_SECONDS);

    /// Get ready (8 s), then A 30 s, then B 20 s on the left and on the right.
    fn timeline() -> Timeline {
        let source = "title = \"T\"\nareas = [\"neck\"]\nsummary = \"S\"\n\n[[steps]]\npressure = \"light\"\ntitle = \"A\"\ntext = \"a\"\nseconds = 30\n\n[[steps]]\npressure = \"light\"\ntitle = \"B\"\ntext = \"b\"\nseconds = 20\nsides = [\"left\", \"right\"]\n";
        let routine = parse_routine("t.toml", "t", source, Origin::BuiltIn).expect("valid");
        Timeline::build(&[&routine], Length::Standard)
    }

    fn started(clock: &ManualClock) -> Engine {
        Engine::start(timeline(), clock.now()).0
    }

    /// Lets `by` pass as the session loop does: a tick every quarter of a second.
    fn run_for(engine: &mut Engine, clock: &ManualClock, by: Duration) -> Vec<Event> {
        let end = clock.now() + by;
        let mut events = Vec::new();
        while clock.now() < end {
            clock.advance(MS(250).min(end - clock.now()));
            events.extend(engine.tick(clock.now()));
        }
        events
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

    fn left(engine: &Engine, clock: &ManualClock) -> Option<(usize, u64, bool)> {
        engine
            .snapshot(clock.now())
            .map(|s| (s.index, s.remaining_secs, s.paused))
    }

    // --- Untimed steps -----------------------------------------------------------------------

    /// Get ready (8 s), then "Lie down" with no timer, then B 20 s.
    fn with_untimed() -> Engine {
        let source = "title = \"T\"\nareas = [\"neck\"]\nsummary = \"S\"\n\n[[steps]]\npressure = \"light\"\ntitle = \"Lie down\"\ntext = \"a\"\nuntimed = true\n\n[[steps]]\npressure = \"light\"\ntitle = \"B\"\ntext = \"b\"\nseconds = 20\n";
        let routine = parse_routine("t.toml", "t", source, Origin::BuiltIn).expect("valid");
        Engine::start(
            Timeline::build(&[&routine], Length::Standard),
            Duration::ZERO,
        )
        .0
    }

    #[test]
    fn an_untimed_step_waits_for_enter_however_long_it_takes() {
        let clock = ManualClock::default();
        let mut engine = with_untimed();
        run_for(&mut engine, &clock, GET_READY);
        assert_eq!(left(&engine, &clock), Some((1, 0, false)));
        assert!(engine.snapshot(clock.now()).is_some_and(|s| s.untimed));
        // An hour later (ticked as the loop does), it is still there, and nothing wakes it.
        let events = run_for(&mut engine, &clock, S(3600));
        assert!(starts(&events).is_empty(), "{events:?}");
        assert_eq!(engine.next_wake(clock.now()), None);
        // + and - change nothing and say so.
        assert_eq!(
            engine.apply(Command::AddTime, clock.now()),
            vec![Event::NoTimer]
        );
        assert_eq!(
            engine.apply(Command::RemoveTime, clock.now()),
            vec![Event::NoTimer]
        );
        assert_eq!(left(&engine, &clock), Some((1, 0, false)));
        // Enter moves on, and the step counts as done.
        assert_eq!(starts(&engine.apply(Command::Done, clock.now())), vec![2]);
        run_for(&mut engine, &clock, S(20));
        assert_eq!(engine.ending(), Some(SessionEnd::Completed));
        assert_eq!(engine.steps_done(), (2, 2));
    }

    #[test]
    fn enter_does_nothing_on_a_timed_step_and_n_skips_an_untimed_one() {
        let clock = ManualClock::default();
        let mut engine = with_untimed();
        assert!(engine.apply(Command::Done, clock.now()).is_empty());
        assert_eq!(starts(&engine.apply(Command::Next, clock.now())), vec![1]);
        assert_eq!(starts(&engine.apply(Command::Next, clock.now())), vec![2]);
        assert_eq!(starts(&engine.apply(Command::Back, clock.now())), vec![1]);
        assert_eq!(starts(&engine.apply(Command::Next, clock.now())), vec![2]);
        run_for(&mut engine, &clock, S(20));
        // Skipped with `n`, never confirmed: not done.
        assert_eq!(engine.steps_done(), (1, 2));
        assert_eq!(engine.ending(), Some(SessionEnd::Stopped));
    }

    // --- Timing ----------------------------------------------------------------------------

    #[test]
    fn segments_end_exactly_at_their_deadlines() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        assert!(starts(&run_for(&mut engine, &clock, GET_READY - MS(1))).is_empty());
        clock.advance(MS(1));
        assert_eq!(starts(&engine.tick(clock.now())), vec![1]);
        assert_eq!(engine.deadline(), GET_READY + S(30));
    }

    #[test]
    fn late_ticks_do_not_drift() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        // The shell wakes 400 ms late at every boundary: deadlines stay on the plan.
        run_for(&mut engine, &clock, GET_READY - MS(600));
        clock.advance(MS(1000));
        assert_eq!(starts(&engine.tick(clock.now())), vec![1]);
        assert_eq!(engine.deadline(), GET_READY + S(30));
        run_for(&mut engine, &clock, S(29));
        clock.advance(MS(1000));
        assert_eq!(starts(&engine.tick(clock.now())), vec![2]);
        assert_eq!(engine.deadline(), GET_READY + S(50));
    }

    #[test]
    fn a_tick_a_second_late_or_a_five_second_silence_is_not_a_gap() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        run_for(&mut engine, &clock, GET_READY + S(29));
        // One second past A's deadline: A ends on time and B starts, running.
        clock.advance(S(2));
        let events = engine.tick(clock.now());
        assert_eq!(starts(&events), vec![2]);
        assert!(!events.contains(&Event::Paused), "{events:?}");
        assert_eq!(left(&engine, &clock), Some((2, 19, false)));
        // Exactly WAKE_GAP of silence is still a slow machine, not a stopped program.
        clock.advance(WAKE_GAP);
        assert!(engine.tick(clock.now()).is_empty());
        assert_eq!(left(&engine, &clock), Some((2, 14, false)));
    }

    #[test]
    fn every_step_shown_for_its_time_completes() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        let events = run_for(&mut engine, &clock, S(GET_READY_SECONDS + 70));
        assert_eq!(starts(&events), vec![1, 2, 3]);
        assert_eq!(events.last(), Some(&Event::Finished(SessionEnd::Completed)));
        assert!(engine.reached_end());
        assert_eq!(engine.steps_done(), (2, 2));
    }

    #[test]
    fn side_switch_is_flagged() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        let events = run_for(&mut engine, &clock, GET_READY + S(50));
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
        run_for(&mut engine, &clock, S(3));
        assert_eq!(
            engine.apply(Command::TogglePause, clock.now()),
            vec![Event::Paused]
        );
        // A long wait while paused is only more pause, not a gap.
        clock.advance(S(600));
        assert!(engine.tick(clock.now()).is_empty());
        assert_eq!(left(&engine, &clock), Some((0, 5, true)));
        assert_eq!(engine.next_wake(clock.now()), None);
        assert_eq!(
            engine.apply(Command::TogglePause, clock.now()),
            vec![Event::Resumed]
        );
        assert!(starts(&run_for(&mut engine, &clock, S(4))).is_empty());
        assert_eq!(starts(&run_for(&mut engine, &clock, S(1))), vec![1]);
    }

    // --- A program that was not running -------------------------------------------------

    #[test]
    fn a_three_minute_gap_mid_step_pauses_where_the_step_was() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        run_for(&mut engine, &clock, GET_READY + S(10));
        assert_eq!(left(&engine, &clock), Some((1, 20, false)));
        clock.advance(S(180));
        assert_eq!(
            engine.tick(clock.now()),
            vec![Event::PausedAfterGap { gap: S(180) }]
        );
        // Still on A, with the 20 s it had, paused until the user resumes.
        assert_eq!(left(&engine, &clock), Some((1, 20, true)));
        assert_eq!(engine.next_wake(clock.now()), None);
        run_for(&mut engine, &clock, S(30));
        assert_eq!(left(&engine, &clock), Some((1, 20, true)));
        assert_eq!(
            engine.apply(Command::TogglePause, clock.now()),
            vec![Event::Resumed]
        );
        assert!(starts(&run_for(&mut engine, &clock, S(19))).is_empty());
        assert_eq!(starts(&run_for(&mut engine, &clock, S(1))), vec![2]);
        run_for(&mut engine, &clock, S(40));
        // A was shown 10 s before the gap and 20 s after: done, like B.
        assert_eq!(engine.ending(), Some(SessionEnd::Completed));
        assert_eq!(engine.steps_done(), (2, 2));
    }

    #[test]
    fn a_gap_across_several_deadlines_starts_no_step_and_counts_none_done() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        run_for(&mut engine, &clock, GET_READY + S(10));
        clock.advance(S(1000));
        assert_eq!(
            engine.tick(clock.now()),
            vec![Event::PausedAfterGap { gap: S(1000) }]
        );
        assert_eq!(engine.ending(), None);
        assert_eq!(left(&engine, &clock), Some((1, 20, true)));
        assert_eq!(
            engine.apply(Command::Stop, clock.now()),
            vec![Event::Finished(SessionEnd::Stopped)]
        );
        // A was shown for 10 s of its 30: not done; B was never shown.
        assert_eq!(engine.steps_done(), (0, 2));
    }

    #[test]
    fn a_key_after_a_gap_is_applied_to_the_paused_session() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        run_for(&mut engine, &clock, GET_READY + S(10));
        clock.advance(S(60));
        // The key read on waking (before the next tick): the gap is noticed first.
        assert_eq!(
            engine.apply(Command::Next, clock.now()),
            vec![
                Event::PausedAfterGap { gap: S(60) },
                Event::SegmentStarted {
                    index: 2,
                    side_switch: false
                }
            ]
        );
        assert_eq!(left(&engine, &clock), Some((2, 20, true)));
        engine.apply(Command::Stop, clock.now());
        assert_eq!(engine.steps_done(), (0, 2));
    }

    // --- What counts as done --------------------------------------------------------------

    #[test]
    fn skipping_every_step_with_n_ends_stopped_with_none_done() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        let mut events = Vec::new();
        for _ in 0..4 {
            run_for(&mut engine, &clock, S(1));
            events.extend(engine.apply(Command::Next, clock.now()));
        }
        assert_eq!(starts(&events), vec![1, 2, 3]);
        assert_eq!(events.last(), Some(&Event::Finished(SessionEnd::Stopped)));
        assert!(engine.reached_end());
        assert_eq!(engine.steps_done(), (0, 2));
    }

    #[test]
    fn a_step_is_done_from_half_its_planned_time_on_every_side() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        engine.apply(Command::Next, clock.now());
        // A: exactly half of 30 s, with a pause in between that does not count.
        run_for(&mut engine, &clock, S(10));
        engine.apply(Command::TogglePause, clock.now());
        run_for(&mut engine, &clock, S(20));
        engine.apply(Command::TogglePause, clock.now());
        run_for(&mut engine, &clock, S(5));
        engine.apply(Command::Next, clock.now());
        // B: 10 s of 20 on the left, just under half on the right.
        run_for(&mut engine, &clock, S(10));
        engine.apply(Command::Next, clock.now());
        run_for(&mut engine, &clock, S(10) - MS(250));
        assert_eq!(
            engine.apply(Command::Next, clock.now()),
            vec![Event::Finished(SessionEnd::Stopped)]
        );
        assert_eq!(engine.steps_done(), (1, 2));
    }

    #[test]
    fn visits_add_up_and_minus_does_not_lower_the_bar() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        engine.apply(Command::Next, clock.now());
        // 10 s of A, back to "get ready" and on again, 5 s more: 15 of 30 in all.
        run_for(&mut engine, &clock, S(10));
        engine.apply(Command::Back, clock.now());
        engine.apply(Command::Next, clock.now());
        run_for(&mut engine, &clock, S(5));
        engine.apply(Command::Next, clock.now());
        // B left: `-` twice leaves 1 s, which runs out: shown 1 s of 20, not done.
        engine.apply(Command::RemoveTime, clock.now());
        engine.apply(Command::RemoveTime, clock.now());
        assert_eq!(starts(&run_for(&mut engine, &clock, S(1))), vec![3]);
        run_for(&mut engine, &clock, S(20));
        assert_eq!(engine.ending(), Some(SessionEnd::Stopped));
        assert!(engine.reached_end());
        assert_eq!(engine.steps_done(), (1, 2));
    }

    #[test]
    fn stop_hurts_and_interrupt_end_the_session_with_progress_kept() {
        for (command, ending) in [
            (Command::Stop, SessionEnd::Stopped),
            (Command::Hurts, SessionEnd::Hurts),
            (
                Command::Interrupt(Interruption::CtrlC),
                SessionEnd::Interrupted(Interruption::CtrlC),
            ),
        ] {
            let clock = ManualClock::default();
            let mut engine = started(&clock);
            run_for(&mut engine, &clock, GET_READY + S(31));
            assert_eq!(
                engine.apply(command, clock.now()),
                vec![Event::Finished(ending)]
            );
            assert_eq!(engine.ending(), Some(ending));
            assert!(!engine.reached_end());
            // Step A is done; step B (left and right) is not.
            assert_eq!(engine.steps_done(), (1, 2));
            assert!(engine.tick(clock.now() + S(999)).is_empty());
        }
    }

    #[test]
    fn stopping_during_get_ready_counts_nothing() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        run_for(&mut engine, &clock, S(3));
        engine.apply(Command::Stop, clock.now());
        assert_eq!(engine.steps_done(), (0, 2));
    }

    // --- Keys ---------------------------------------------------------------------------

    #[test]
    fn next_and_back_at_the_ends() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        run_for(&mut engine, &clock, S(2));
        // Back at the first segment restarts it.
        assert_eq!(starts(&engine.apply(Command::Back, clock.now())), vec![0]);
        assert_eq!(left(&engine, &clock), Some((0, GET_READY_SECONDS, false)));
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
        // Past the last segment with nothing done: the end, but not "completed".
        assert_eq!(
            engine.apply(Command::Next, clock.now()),
            vec![Event::Finished(SessionEnd::Stopped)]
        );
        assert!(engine.apply(Command::Next, clock.now()).is_empty());
    }

    #[test]
    fn nudges_add_and_remove_fifteen_seconds() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        engine.apply(Command::Next, clock.now());
        engine.apply(Command::AddTime, clock.now());
        assert_eq!(left(&engine, &clock), Some((1, 45, false)));
        engine.apply(Command::RemoveTime, clock.now());
        engine.apply(Command::RemoveTime, clock.now());
        assert_eq!(left(&engine, &clock), Some((1, 15, false)));
        // Removing more than is left leaves one second of this step, never less.
        assert!(engine.apply(Command::RemoveTime, clock.now()).is_empty());
        assert_eq!(left(&engine, &clock), Some((1, 1, false)));
    }

    /// A routine parsed from `steps` (each a `[[steps]]` table's body), in the neck area.
    fn routine_of(steps: &[&str]) -> crate::routine::Routine {
        let mut source = "title = \"T\"\nareas = [\"neck\"]\nsummary = \"S\"\n".to_string();
        for (n, step) in steps.iter().enumerate() {
            source.push_str(&format!(
                "\n[[steps]]\ntitle = \"S{n}\"\ntext = \"t\"\npressure = \"light\"\n{step}\n"
            ));
        }
        parse_routine("t.toml", "t", &source, Origin::BuiltIn).expect("valid")
    }

    /// Presses `+` `times` times; returns the limits it reported, one per press that hit one.
    fn press_plus(engine: &mut Engine, clock: &ManualClock, times: usize) -> Vec<TimeLimit> {
        (0..times)
            .flat_map(|_| engine.apply(Command::AddTime, clock.now()))
            .filter_map(|e| match e {
                Event::AtLimit(limit) => Some(limit),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn plus_stops_at_ten_minutes_on_one_spot_counting_the_time_already_spent_there() {
        // 4 min, then 3 min more, on the back of the neck: 7 of the 10 minutes planned.
        let routine = routine_of(&[
            "minutes = 4\nspot = \"back-of-neck\"",
            "minutes = 3\nspot = \"back-of-neck\"",
        ]);
        let timeline = Timeline::build(&[&routine], Length::Standard);
        let clock = ManualClock::default();
        let mut engine = Engine::start(timeline, clock.now()).0;
        engine.apply(Command::Next, clock.now());
        run_for(&mut engine, &clock, S(60));
        // 3 minutes of room: twelve presses, then the thirteenth says no and adds nothing.
        assert!(press_plus(&mut engine, &clock, 12).is_empty());
        assert_eq!(left(&engine, &clock), Some((1, 240 + 180 - 60, false)));
        assert_eq!(press_plus(&mut engine, &clock, 350).len(), 350);
        assert_eq!(press_plus(&mut engine, &clock, 1), vec![TimeLimit::Spot]);
        assert_eq!(left(&engine, &clock), Some((1, 360, false)));
        // Skipped after 60 s: that minute is spent, the rest is not; the next step's 3 min
        // are planned, so 6 minutes of room.
        engine.apply(Command::Next, clock.now());
        assert!(press_plus(&mut engine, &clock, 24).is_empty());
        assert_eq!(press_plus(&mut engine, &clock, 1), vec![TimeLimit::Spot]);
        assert_eq!(left(&engine, &clock), Some((2, 180 + 360, false)));
        // Going back does not start the count again: 60 s and 100 s spent, this step's
        // 4 minutes again and the next one's 3 leave 20 s.
        run_for(&mut engine, &clock, S(100));
        engine.apply(Command::Back, clock.now());
        assert!(press_plus(&mut engine, &clock, 1).is_empty());
        assert_eq!(press_plus(&mut engine, &clock, 1), vec![TimeLimit::Spot]);
        assert_eq!(left(&engine, &clock), Some((1, 260, false)));
    }

    #[test]
    fn plus_counts_each_side_as_its_own_spot_and_a_spot_over_several_routines() {
        let sides =
            routine_of(&["minutes = 5\nspot = \"back-of-neck\"\nsides = [\"left\", \"right\"]"]);
        let clock = ManualClock::default();
        let mut engine = Engine::start(Timeline::build(&[&sides], Length::Standard), clock.now()).0;
        engine.apply(Command::Next, clock.now());
        // The left side's 5 minutes only: 20 presses.
        assert!(press_plus(&mut engine, &clock, 20).is_empty());
        assert_eq!(press_plus(&mut engine, &clock, 1), vec![TimeLimit::Spot]);
        assert_eq!(left(&engine, &clock), Some((1, 600, false)));
        // Two routines run one after another that both work the spot for 6 minutes.
        let six = routine_of(&["minutes = 6\nspot = \"back-of-neck\""]);
        let mut engine = Engine::start(
            Timeline::build(&[&six, &six], Length::Standard),
            clock.now(),
        )
        .0;
        engine.apply(Command::Next, clock.now());
        assert_eq!(press_plus(&mut engine, &clock, 1), vec![TimeLimit::Spot]);
        assert_eq!(left(&engine, &clock), Some((1, 360, false)));
    }

    // Reviewed: `b` started a step again at its full length, so going back and forth
    // passed the 10 minutes on one spot that `+` keeps to.
    #[test]
    fn going_back_gives_a_step_only_what_its_spot_has_left() {
        let routine = routine_of(&[
            "minutes = 4\nspot = \"back-of-neck\"",
            "minutes = 3\nspot = \"back-of-neck\"",
        ]);
        let clock = ManualClock::default();
        let mut engine =
            Engine::start(Timeline::build(&[&routine], Length::Standard), clock.now()).0;
        engine.apply(Command::Next, clock.now());
        run_for(&mut engine, &clock, S(240));
        run_for(&mut engine, &clock, S(100));
        // Back to the first step: 340 s spent, 260 s left for the spot: its 4 minutes fit.
        let events = engine.apply(Command::Back, clock.now());
        assert!(
            !events.contains(&Event::AtLimit(TimeLimit::Spot)),
            "{events:?}"
        );
        assert_eq!(left(&engine, &clock), Some((1, 240, false)));
        // 200 s more there: 540 s spent, so the next step gets 60 s, not its 3 minutes.
        run_for(&mut engine, &clock, S(200));
        let events = engine.apply(Command::Next, clock.now());
        assert!(
            events.contains(&Event::AtLimit(TimeLimit::Spot)),
            "{events:?}"
        );
        assert_eq!(left(&engine, &clock), Some((2, 60, false)));
    }

    #[test]
    fn plus_stops_at_sixty_minutes_for_the_whole_session() {
        // Six steps of 9 minutes that press nowhere: 54 minutes, and 8 s to get ready.
        let routine = routine_of(&["minutes = 9"; 6]);
        let clock = ManualClock::default();
        let mut engine =
            Engine::start(Timeline::build(&[&routine], Length::Standard), clock.now()).0;
        run_for(&mut engine, &clock, S(3));
        engine.apply(Command::Next, clock.now());
        // 6 minutes less the 3 s of "get ready" shown: 23 presses of 15 s, then 12 s and a note.
        assert!(press_plus(&mut engine, &clock, 23).is_empty());
        assert_eq!(
            press_plus(&mut engine, &clock, 5),
            vec![TimeLimit::Session; 5]
        );
        let snapshot = engine.snapshot(clock.now()).expect("running");
        assert_eq!(snapshot.remaining_secs, 9 * 60 + 357);
        assert_eq!(snapshot.total_remaining_secs + 3, 3600);
    }

    #[test]
    fn minus_pressed_thirty_times_never_reaches_into_the_next_step() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        engine.apply(Command::Next, clock.now());
        run_for(&mut engine, &clock, S(3));
        let mut events = Vec::new();
        for _ in 0..30 {
            events.extend(engine.apply(Command::RemoveTime, clock.now()));
        }
        assert!(starts(&events).is_empty(), "{events:?}");
        assert_eq!(engine.deadline(), clock.now() + MIN_LEFT_AFTER_REMOVE);
        // Under a second left: `-` neither ends the step nor gives it time back.
        run_for(&mut engine, &clock, MS(500));
        engine.apply(Command::RemoveTime, clock.now());
        assert_eq!(engine.deadline(), clock.now() + MS(500));
        // A runs out on its own; B starts with its whole 20 s.
        assert_eq!(starts(&run_for(&mut engine, &clock, MS(500))), vec![2]);
        assert_eq!(left(&engine, &clock), Some((2, 20, false)));
    }

    #[test]
    fn minus_while_paused_also_leaves_a_second() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        engine.apply(Command::Next, clock.now());
        run_for(&mut engine, &clock, S(20));
        engine.apply(Command::TogglePause, clock.now());
        run_for(&mut engine, &clock, S(30));
        for _ in 0..3 {
            assert!(engine.apply(Command::RemoveTime, clock.now()).is_empty());
        }
        assert_eq!(left(&engine, &clock), Some((1, 1, true)));
    }

    #[test]
    fn ten_seconds_cue_once_on_long_steps_only() {
        let clock = ManualClock::default();
        let mut engine = started(&clock);
        run_for(&mut engine, &clock, GET_READY);
        assert!(run_for(&mut engine, &clock, S(19)).is_empty());
        assert_eq!(
            run_for(&mut engine, &clock, S(1)),
            vec![Event::TenSecondsLeft { index: 1 }]
        );
        assert!(run_for(&mut engine, &clock, S(1)).is_empty());
    }

    #[test]
    fn wakes_at_each_whole_second_of_the_countdown() {
        let clock = ManualClock::default();
        let engine = started(&clock);
        assert_eq!(engine.next_wake(clock.now()), Some(S(1)));
        clock.advance(MS(300));
        assert_eq!(engine.next_wake(clock.now()), Some(MS(700)));
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
