//! Which session `resume` continues, and which `again` repeats: pure functions over the
//! sessions read back, so the rules are tested with a made-up clock.

use jiff::{SignedDuration, Timestamp};

use super::record::{Ending, StoredSession};

/// A session can be resumed for this long after it started: 12 hours.
pub const RESUME_WITHIN: SignedDuration = SignedDuration::from_hours(12);

/// The last session recorded ("last" by the order sessions were saved, whatever a clock
/// said).
pub fn last_session(sessions: &[StoredSession]) -> Option<&StoredSession> {
    sessions.iter().max_by_key(|s| s.id)
}

/// Why there is nothing to resume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoResume {
    /// The journal has no session.
    NoSession,
    /// The last session reached the end of its routine.
    ReachedEnd,
    /// The last session was a safety stop: no step was started.
    SafetyStop,
    /// The last session stopped with "this hurts": not to be carried on today
    /// (docs/health-sources.md#pain-ratings-and-outcomes).
    Hurt,
    /// It started [`RESUME_WITHIN`] ago or more.
    TooOld,
    /// Its start is later than now: the clock changed since (or was wrong then).
    StartsLater,
}

impl NoResume {
    /// Whether to suggest starting a session, or the last one again: not after "this
    /// hurts", whose advice is to rest today.
    pub fn suggests_another(self) -> bool {
        self != NoResume::Hurt
    }
}

impl std::fmt::Display for NoResume {
    /// Why, in whole sentences.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoResume::NoSession => f.write_str("there is no session in your journal yet."),
            NoResume::ReachedEnd => f.write_str("your last session reached its end."),
            NoResume::SafetyStop => f.write_str(
                "your last session ended at the safety questions, before any step.",
            ),
            NoResume::Hurt => write!(
                f,
                "your last session stopped with \"this hurts\". {}",
                crate::safety::after::RISING_PAIN
            ),
            NoResume::TooOld => write!(
                f,
                "your last unfinished session started more than {} hours ago.",
                RESUME_WITHIN.as_hours()
            ),
            NoResume::StartsLater => f.write_str(
                "your last unfinished session has a start time later than now: the computer's clock may have changed since.",
            ),
        }
    }
}

/// The session `resume` continues at `now`: the last one recorded, when it did not finish
/// (stopped with `q`, Ctrl-C, a signal or a closed window, before its end) and started less
/// than [`RESUME_WITHIN`] ago. Otherwise why not.
pub fn resumable(sessions: &[StoredSession], now: Timestamp) -> Result<&StoredSession, NoResume> {
    let last = last_session(sessions).ok_or(NoResume::NoSession)?;
    match last.record.ending {
        Ending::Hurts => return Err(NoResume::Hurt),
        Ending::SafetyStop => return Err(NoResume::SafetyStop),
        Ending::Completed => return Err(NoResume::ReachedEnd),
        Ending::Stopped | Ending::Interrupted | Ending::Signal => {
            // Without the step where it stopped, it reached its end with steps skipped.
            if last.notes.stopped_at_step.is_none() {
                return Err(NoResume::ReachedEnd);
            }
        }
    }
    let age = now.duration_since(last.record.started_at);
    if age.is_negative() {
        return Err(NoResume::StartsLater);
    }
    if age >= RESUME_WITHIN {
        return Err(NoResume::TooOld);
    }
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{SessionNotes, SessionRecord};
    use crate::safety::VerdictKind;

    fn stored(id: i64, started_at: &str, ending: Ending, stopped_at: Option<u32>) -> StoredSession {
        let started_at: Timestamp = started_at.parse().expect("timestamp");
        StoredSession {
            id,
            record: SessionRecord {
                started_at,
                ended_at: started_at,
                routines: vec!["neck".into()],
                areas: vec!["neck".into()],
                verdict: VerdictKind::GoAhead,
                pain_before: None,
                pain_after: None,
                new_symptoms: None,
                steps_done: 1,
                steps_total: 3,
                ending,
            },
            notes: SessionNotes {
                stopped_at_step: stopped_at,
                ..SessionNotes::default()
            },
        }
    }

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    #[test]
    fn a_session_closed_part_way_resumes_for_twelve_hours() {
        let closed = [stored(1, "2026-03-01T08:00:00Z", Ending::Signal, Some(2))];
        assert_eq!(
            resumable(&closed, at("2026-03-01T19:59:59Z")).map(|s| s.id),
            Ok(1)
        );
        let late = resumable(&closed, at("2026-03-01T20:00:00Z")).expect_err("too old");
        assert_eq!(late, NoResume::TooOld);
        assert!(late.to_string().contains("more than 12 hours"), "{late}");
    }

    #[test]
    fn a_session_that_starts_later_than_now_is_refused_for_that_reason() {
        let closed = [stored(1, "2026-03-01T08:00:00Z", Ending::Signal, Some(2))];
        let why = resumable(&closed, at("2026-03-01T07:00:00Z")).expect_err("in the future");
        assert_eq!(why, NoResume::StartsLater);
        assert!(why.to_string().contains("clock may have changed"), "{why}");
        assert!(!why.to_string().contains("12 hours"), "{why}");
    }

    #[test]
    fn after_this_hurts_the_reason_is_the_advice_and_not_another_session() {
        let hurt = [stored(1, "2026-03-01T08:00:00Z", Ending::Hurts, Some(3))];
        let why = resumable(&hurt, at("2026-03-01T09:00:00Z")).expect_err("hurt");
        assert_eq!(why, NoResume::Hurt);
        assert!(!why.suggests_another());
        let words = why.to_string();
        assert!(words.contains("\"this hurts\""), "{words}");
        assert!(words.contains("not right for you today"), "{words}");
        assert!(!words.contains("part way"), "{words}");
    }

    #[test]
    fn nothing_to_resume_after_a_newer_session_or_one_that_finished_or_hurt() {
        let now = at("2026-03-01T09:00:00Z");
        let newer = [
            stored(1, "2026-03-01T08:00:00Z", Ending::Stopped, Some(2)),
            stored(2, "2026-03-01T08:30:00Z", Ending::Completed, None),
        ];
        assert!(resumable(&newer, now).is_err());
        // "Last" is the last saved, even when a clock went back.
        let clock_back = [
            stored(1, "2026-03-01T08:30:00Z", Ending::Stopped, Some(2)),
            stored(2, "2026-03-01T08:00:00Z", Ending::SafetyStop, None),
        ];
        assert!(resumable(&clock_back, now).is_err());
        for (ending, why) in [
            (Ending::Hurts, NoResume::Hurt),
            (Ending::Completed, NoResume::ReachedEnd),
            (Ending::SafetyStop, NoResume::SafetyStop),
            (Ending::Stopped, NoResume::ReachedEnd),
        ] {
            let one = [stored(1, "2026-03-01T08:00:00Z", ending, None)];
            assert_eq!(resumable(&one, now).map(|s| s.id), Err(why), "{ending:?}");
        }
        assert_eq!(resumable(&[], now).map(|s| s.id), Err(NoResume::NoSession));
    }
}
