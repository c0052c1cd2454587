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

/// The session `resume` continues at `now`: the last one recorded, when it did not finish
/// (stopped with `q`, Ctrl-C, a signal or a closed window, before its end) and started less
/// than [`RESUME_WITHIN`] ago. Otherwise why not, in words.
pub fn resumable(sessions: &[StoredSession], now: Timestamp) -> Result<&StoredSession, String> {
    let Some(last) = last_session(sessions) else {
        return Err("there is no session in your journal yet".to_string());
    };
    let unfinished = matches!(
        last.record.ending,
        Ending::Stopped | Ending::Interrupted | Ending::Signal
    ) && last.notes.stopped_at_step.is_some();
    if !unfinished {
        return Err("your last session did not stop part way".to_string());
    }
    let age = now.duration_since(last.record.started_at);
    if age >= RESUME_WITHIN || age.is_negative() {
        return Err(format!(
            "your last unfinished session started more than {} hours ago",
            RESUME_WITHIN.as_hours()
        ));
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
        assert!(late.contains("more than 12 hours"), "{late}");
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
        for ending in [Ending::Hurts, Ending::Completed, Ending::SafetyStop] {
            let one = [stored(1, "2026-03-01T08:00:00Z", ending, None)];
            assert!(resumable(&one, now).is_err(), "{ending:?}");
        }
        assert!(resumable(&[], now).is_err());
    }
}
