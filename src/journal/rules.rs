//! The outcome rules across sessions (content.md §4): pain that does not improve or keeps
//! coming back. The rule for one session's change is `safety::after`.
//!
//! Pure functions over journal records: no clock, no file, so each rule is tested on
//! hand-made histories.

use jiff::{SignedDuration, Timestamp};

use super::record::{SessionRecord, StoredSession};
use crate::safety::PainScore;
use crate::safety::after::is_meaningful_drop;

/// This many sessions in a row without real relief make pain "not improving".
pub const SESSIONS_WITHOUT_RELIEF: usize = 3;

/// More than this many days without a session ends a run of painful sessions.
pub const RUN_GAP_DAYS: i64 = 7;

/// Pain recorded in one area for longer than this is "ongoing".
pub const ONGOING_PAIN_DAYS: i64 = 14;

/// Advice for one area across sessions (any order; those not touching `area` are ignored):
/// the last three rated sessions all started in pain and none brought real relief, or the
/// current run of painful sessions began more than 14 days before `now`.
pub fn area_advice(area: &str, sessions: &[StoredSession], now: Timestamp) -> Option<String> {
    let mut history: Vec<&SessionRecord> = sessions
        .iter()
        .map(|s| &s.record)
        .filter(|r| r.touches(area))
        .collect();
    history.sort_by_key(|r| r.started_at);
    let place = area.replace('-', " ");
    if no_relief_lately(&history) {
        Some(format!(
            "Ongoing pain in your {place}: the last {SESSIONS_WITHOUT_RELIEF} sessions brought \
             no real relief. Please see a doctor to find the cause."
        ))
    } else if painful_for_too_long(&history, now) {
        Some(format!(
            "Ongoing pain in your {place}: you have noted it for more than {ONGOING_PAIN_DAYS} \
             days. Please see a doctor to find the cause."
        ))
    } else {
        None
    }
}

/// The last three sessions with both ratings all started in pain and none dropped by
/// 2 points or 30%.
fn no_relief_lately(history: &[&SessionRecord]) -> bool {
    let rated: Vec<(PainScore, PainScore)> = history
        .iter()
        .filter_map(|r| Some((r.pain_before?, r.pain_after?)))
        .collect();
    let Some(start) = rated.len().checked_sub(SESSIONS_WITHOUT_RELIEF) else {
        return false;
    };
    rated[start..]
        .iter()
        .all(|&(before, after)| before.get() > 0 && !is_meaningful_drop(before, after))
}

/// The current run of painful sessions began more than 14 days before `now`. A run is
/// broken by a pain-free session or by a gap of more than a week between sessions (the
/// pain went away in between, as far as we know), and needs two or more painful sessions:
/// one old session is not "ongoing pain". Unrated sessions keep a run going.
fn painful_for_too_long(history: &[&SessionRecord], now: Timestamp) -> bool {
    let gap = SignedDuration::from_hours(24 * RUN_GAP_DAYS);
    let mut later = now;
    let mut run_start = None;
    let mut painful = 0;
    for record in history.iter().rev() {
        if later.duration_since(record.started_at) > gap {
            break;
        }
        later = record.started_at;
        match record.pain_before {
            Some(pain) if pain.get() == 0 => break,
            Some(_) => {
                run_start = Some(record.started_at);
                painful += 1;
            }
            None => {}
        }
    }
    painful >= 2
        && run_start.is_some_and(|start| {
            now.duration_since(start) > SignedDuration::from_hours(24 * ONGOING_PAIN_DAYS)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::record::Ending;
    use crate::safety::VerdictKind;

    const DAY: i64 = 24 * 60 * 60;

    fn now() -> Timestamp {
        "2024-06-30T12:00:00Z".parse().expect("timestamp")
    }

    fn days_ago(days: i64) -> Timestamp {
        now() - SignedDuration::from_secs(days * DAY)
    }

    fn pain(score: u8) -> PainScore {
        PainScore::new(score).expect("0-10")
    }

    /// A session `days` ago in `area` with pain before and after.
    fn session(days: i64, area: &str, before: Option<u8>, after: Option<u8>) -> StoredSession {
        StoredSession {
            id: days,
            record: SessionRecord {
                started_at: days_ago(days),
                ended_at: days_ago(days) + SignedDuration::from_mins(5),
                routines: vec![area.to_string()],
                areas: vec![area.to_string()],
                verdict: VerdictKind::GoAhead,
                pain_before: before.map(pain),
                pain_after: after.map(pain),
                new_symptoms: Some(false),
                steps_done: 3,
                steps_total: 3,
                ending: Ending::Completed,
            },
        }
    }

    #[test]
    fn flat_pain_across_three_sessions_means_see_a_doctor() {
        let history = [
            session(6, "neck", Some(5), Some(5)),
            session(4, "neck", Some(5), Some(4)),
            session(2, "neck", Some(6), Some(5)),
        ];
        let advice = area_advice("neck", &history, now()).expect("advice");
        assert!(advice.contains("see a doctor"), "{advice}");
        assert!(advice.contains("neck"), "{advice}");
    }

    #[test]
    fn two_flat_sessions_are_not_yet_a_pattern() {
        let history = [
            session(4, "neck", Some(5), Some(5)),
            session(2, "neck", Some(5), Some(5)),
        ];
        assert_eq!(area_advice("neck", &history, now()), None);
    }

    #[test]
    fn real_relief_in_any_of_the_last_three_means_no_advice() {
        let history = [
            session(8, "neck", Some(5), Some(5)),
            session(6, "neck", Some(5), Some(5)),
            session(4, "neck", Some(6), Some(3)),
            session(2, "neck", Some(5), Some(5)),
        ];
        assert_eq!(area_advice("neck", &history, now()), None);
    }

    #[test]
    fn relief_long_ago_does_not_hide_three_flat_sessions_since() {
        let history = [
            session(10, "neck", Some(6), Some(2)),
            session(6, "neck", Some(4), Some(4)),
            session(4, "neck", Some(4), Some(4)),
            session(2, "neck", Some(4), Some(4)),
        ];
        assert!(area_advice("neck", &history, now()).is_some());
    }

    #[test]
    fn other_areas_and_unrated_sessions_do_not_count() {
        let history = [
            session(6, "neck", Some(5), Some(5)),
            session(5, "lower-back", Some(5), Some(5)),
            session(4, "neck", Some(5), None),
            session(2, "neck", Some(5), Some(5)),
        ];
        assert_eq!(area_advice("neck", &history, now()), None);
        assert_eq!(area_advice("lower-back", &history, now()), None);
    }

    #[test]
    fn no_pain_to_begin_with_is_not_ongoing_pain() {
        let history = [
            session(6, "neck", Some(0), Some(0)),
            session(4, "neck", Some(0), Some(0)),
            session(2, "neck", Some(0), Some(0)),
        ];
        assert_eq!(area_advice("neck", &history, now()), None);
    }

    #[test]
    fn pain_for_more_than_fourteen_days_means_see_a_doctor() {
        // Real relief each time, but the pain keeps coming back.
        let history = [
            session(15, "lower-back", Some(5), Some(2)),
            session(8, "lower-back", Some(5), Some(2)),
            session(1, "lower-back", Some(4), Some(1)),
        ];
        let advice = area_advice("lower-back", &history, now()).expect("advice");
        assert!(advice.contains("see a doctor"), "{advice}");
        assert!(advice.contains("lower back"), "{advice}");
        assert!(advice.contains("14 days"), "{advice}");
    }

    #[test]
    fn fourteen_days_or_fewer_is_not_yet_ongoing() {
        let history = [
            session(14, "neck", Some(5), Some(2)),
            session(1, "neck", Some(4), Some(1)),
        ];
        assert_eq!(area_advice("neck", &history, now()), None);
    }

    #[test]
    fn a_pain_free_session_starts_the_count_again() {
        // No gap of more than a week here: only the pain-free session breaks the run.
        let history = [
            session(20, "neck", Some(5), Some(2)),
            session(14, "neck", Some(0), Some(0)),
            session(8, "neck", None, None),
            session(3, "neck", Some(3), Some(1)),
        ];
        assert_eq!(area_advice("neck", &history, now()), None);
        // Unrated sessions keep the run going (no gap of more than a week).
        let without_break = [
            session(20, "neck", Some(5), Some(2)),
            session(14, "neck", None, None),
            session(8, "neck", None, None),
            session(3, "neck", Some(3), Some(1)),
        ];
        assert!(area_advice("neck", &without_break, now()).is_some());
    }

    #[test]
    fn sessions_in_any_order_are_read_by_date() {
        let history = [
            session(1, "neck", Some(4), Some(1)),
            session(20, "neck", Some(0), Some(0)),
            session(30, "neck", Some(5), Some(2)),
        ];
        assert_eq!(area_advice("neck", &history, now()), None);
    }

    #[test]
    fn one_old_session_or_a_long_gap_is_not_ongoing_pain() {
        let one_old = [session(90, "neck", Some(3), Some(1))];
        assert_eq!(area_advice("neck", &one_old, now()), None);
        let with_gap = [
            session(40, "neck", Some(3), Some(1)),
            session(30, "neck", Some(3), Some(1)),
            session(2, "neck", Some(3), Some(1)),
        ];
        assert_eq!(area_advice("neck", &with_gap, now()), None);
    }
}
