//! The outcome rules across sessions (docs/health-sources.md#pain-ratings-and-outcomes): what an area's history means for the
//! next verdict. The rule for one session's change is `safety::after`.
//!
//! Pure functions over journal records: the time and time zone come in as values, so each
//! rule is tested on hand-made histories. A session stopped before any step was done (a
//! safety stop, a quit during "get ready", `n` through every step) is recorded but never
//! counts toward a rule, except that "this hurts" and new symptoms always count.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::record::{Ending, SessionRecord, StoredSession};
use crate::safety::after::{MEANINGFUL_DROP, is_meaningful_drop};
use crate::safety::{Clearance, PainScore, Reason, VerdictKind};

/// Pain noted on days spanning this many days or more ...
pub const LASTING_SPAN_DAYS: i64 = 14;
/// ... within this many days counts as pain that has lasted (docs/health-sources.md#pain-ratings-and-outcomes: "more than
/// about two weeks"), whatever the gaps between sessions.
pub const LASTING_WINDOW_DAYS: i64 = 42;
/// This many rated sessions in a row without a meaningful drop in pain make it "not improving".
pub const SESSIONS_WITHOUT_RELIEF: usize = 3;

/// Something in an area's history that calls for a doctor before the next session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable: `journal-AREA-worse`, `journal-AREA-lasting`, `journal-AREA-no-relief`.
    pub id: String,
    /// What happened, with its date(s), as a phrase for a list of reasons: "more pain
    /// after your neck session on 28 November (3 → 5)".
    pub text: String,
    /// The same as a sentence, for the line before the questions: "Your neck hurt more
    /// after your session on 28 November (3 → 5)."
    pub sentence: String,
    /// The same for a clinician reading the report, in the third person: "More pain after
    /// a neck session on 28 November (3 → 5)."
    pub noted: String,
    /// The clearance question, when it is not the usual one.
    pub question: Option<String>,
    /// Who may say self-massage is fine anyway.
    pub clearance: Clearance,
}

impl Finding {
    /// The finding as a reason of the verdict: talk to your doctor first, clearable.
    pub fn reason(&self) -> Reason {
        let reason = Reason::new(self.id.clone(), VerdictKind::DoctorFirst, self.text.clone())
            .clearable(self.clearance);
        match &self.question {
            Some(question) => reason.asking(question.clone()),
            None => reason,
        }
    }

    /// Whether it is about one session that went badly (more pain, a new symptom, "this
    /// hurts"): right after a session, the one just saved, whose after-check said so.
    pub fn is_about_one_session(&self) -> bool {
        self.id.ends_with("-worse")
    }

    /// The finding as advice on its own ("history", after a session), pointing to the
    /// page `selfmassage report` makes for the doctor.
    pub fn advice(&self) -> String {
        format!(
            "{} Please see a doctor about it before your next session \
             (`selfmassage report` makes a page of your journal to show them).",
            self.sentence
        )
    }
}

/// A session that counts toward the rules: some step was done, or it hurt, or something
/// new was noticed afterwards.
fn counts(record: &SessionRecord) -> bool {
    record.steps_done > 0 || record.ending == Ending::Hurts || record.new_symptoms == Some(true)
}

/// What `area`'s history (sessions in any order; other areas are ignored) means at `now`,
/// with dates in `tz`.
pub fn findings(
    area: &str,
    sessions: &[StoredSession],
    now: Timestamp,
    tz: &TimeZone,
) -> Vec<Finding> {
    // In the order recorded, whatever a clock said when they were stamped: a session
    // from a clock that ran ahead must not pass for the latest.
    let mut stored: Vec<&StoredSession> = sessions
        .iter()
        .filter(|s| s.record.touches(area) && counts(&s.record))
        .collect();
    stored.sort_by_key(|s| s.id);
    let history: Vec<&SessionRecord> = stored.iter().map(|s| &s.record).collect();
    let place = area.replace('-', " ");
    let date = |at: Timestamp| day(at, now, tz);
    let mut found = Vec::new();
    if let Some((bad, how)) = unresolved(&history) {
        let on = date(bad.started_at);
        let (text, sentence, noted) = match how {
            Badly::Hurt => (
                format!("pain that stopped your {place} session on {on}"),
                format!("You stopped your {place} session on {on} because it hurt."),
                format!("A {place} session on {on} was stopped because it hurt."),
            ),
            Badly::NewSymptoms => (
                format!("new symptoms after your {place} session on {on}"),
                format!("You noticed new symptoms after your {place} session on {on}."),
                format!("New symptoms were noted after a {place} session on {on}."),
            ),
            Badly::MorePain(before, after) => (
                format!("more pain after your {place} session on {on} ({before} → {after})"),
                format!("Your {place} hurt more after your session on {on} ({before} → {after})."),
                format!("More pain after a {place} session on {on} ({before} → {after})."),
            ),
        };
        found.push(Finding {
            id: format!("journal-{area}-worse"),
            question: Some(format!(
                "{sentence} Since then, has a doctor checked it and said you can carry on?"
            )),
            text,
            sentence,
            noted,
            clearance: Clearance::Doctor,
        });
    }
    if let Some((first, last)) = lasting(&history, now) {
        let text = format!(
            "pain in your {place} noted from {} to {}",
            date(first),
            date(last)
        );
        found.push(Finding {
            id: format!("journal-{area}-lasting"),
            sentence: format!(
                "You noted pain in your {place} from {} to {}.",
                date(first),
                date(last)
            ),
            noted: format!(
                "Pain in the {place} noted from {} to {}.",
                date(first),
                date(last)
            ),
            text,
            question: None,
            clearance: Clearance::DoctorOrPhysio,
        });
    } else if no_relief_lately(&history) {
        found.push(Finding {
            id: format!("journal-{area}-no-relief"),
            text: format!(
                "no meaningful drop in pain over your last {SESSIONS_WITHOUT_RELIEF} {place} sessions"
            ),
            sentence: format!(
                "Your last {SESSIONS_WITHOUT_RELIEF} {place} sessions brought no meaningful drop in pain."
            ),
            noted: format!(
                "No meaningful drop in pain ({MEANINGFUL_DROP}) in the last {SESSIONS_WITHOUT_RELIEF} {place} sessions."
            ),
            question: None,
            clearance: Clearance::DoctorOrPhysio,
        });
    }
    found
}

/// What the journal rules found for one area, for a clinician (`report`): each finding in
/// the third person, with the advice the person was given.
pub fn area_notes(area: &str, sessions: &[StoredSession], now: Timestamp) -> Vec<String> {
    findings(area, sessions, now, &crate::local_time::zone())
        .iter()
        .map(|finding| {
            format!(
                "{} selfmassage advised them to see a doctor before their next session.",
                finding.noted
            )
        })
        .collect()
}

/// Advice for one area, for `history` and after a session: each finding in a sentence.
pub fn area_advice(area: &str, sessions: &[StoredSession], now: Timestamp) -> Vec<String> {
    findings(area, sessions, now, &crate::local_time::zone())
        .iter()
        .map(Finding::advice)
        .collect()
}

fn age(now: Timestamp, then: Timestamp) -> SignedDuration {
    now.duration_since(then)
}

/// "3 December", with the year when it is not this year's.
fn day(at: Timestamp, now: Timestamp, tz: &TimeZone) -> String {
    let date = at.to_zoned_datetime(tz.clone()).date();
    if date.year() == now.to_zoned_datetime(tz.clone()).date().year() {
        date.strftime("%-d %B").to_string()
    } else {
        date.strftime("%-d %B %Y").to_string()
    }
}

/// How a session went badly.
enum Badly {
    Hurt,
    NewSymptoms,
    MorePain(PainScore, PainScore),
}

fn what_went_badly(record: &SessionRecord) -> Option<Badly> {
    if record.ending == Ending::Hurts {
        return Some(Badly::Hurt);
    }
    if record.new_symptoms == Some(true) {
        return Some(Badly::NewSymptoms);
    }
    match (record.pain_before, record.pain_after) {
        (Some(before), Some(after)) if after > before => Some(Badly::MorePain(before, after)),
        _ => None,
    }
}

/// A session with an after-check that found nothing wrong: no "this hurts", no new
/// symptoms, no more pain than before.
fn went_well(record: &SessionRecord) -> bool {
    record.ending != Ending::Hurts
        && record.new_symptoms == Some(false)
        && match (record.pain_before, record.pain_after) {
            (Some(before), Some(after)) => after <= before,
            (None, Some(_)) => true,
            (_, None) => false,
        }
}

/// The last session that went badly, unless a later one in the area went well: more pain,
/// a new symptom or "this hurts" counts however long ago, until it is resolved
/// (docs/health-sources.md#pain-ratings-and-outcomes). `history` is in the order recorded.
fn unresolved<'a>(history: &[&'a SessionRecord]) -> Option<(&'a SessionRecord, Badly)> {
    let (last_bad, how) = history
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, r)| Some((i, what_went_badly(r)?)))?;
    let resolved = history[last_bad + 1..].iter().any(|r| went_well(r));
    (!resolved).then_some((history[last_bad], how))
}

/// The first and last time pain was noted in the last 6 weeks, when they span 14 days or
/// more: pain that has lasted, however far apart the sessions.
fn lasting(history: &[&SessionRecord], now: Timestamp) -> Option<(Timestamp, Timestamp)> {
    let window = SignedDuration::from_hours(24 * LASTING_WINDOW_DAYS);
    let painful: Vec<Timestamp> = history
        .iter()
        .filter(|r| age(now, r.started_at) <= window)
        .filter(|r| r.pain_before.is_some_and(|p| p.get() > 0))
        .map(|r| r.started_at)
        .collect();
    let (first, last) = (*painful.iter().min()?, *painful.iter().max()?);
    (last.duration_since(first) >= SignedDuration::from_hours(24 * LASTING_SPAN_DAYS))
        .then_some((first, last))
}

/// The last three sessions with both ratings all started in pain and none dropped by a
/// meaningful amount ([`is_meaningful_drop`]).
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

#[cfg(test)]
mod tests {
    use super::*;

    const UTC: TimeZone = TimeZone::UTC;

    fn now() -> Timestamp {
        "2024-06-30T12:00:00Z".parse().expect("timestamp")
    }

    fn days_ago(days: i64) -> Timestamp {
        now() - SignedDuration::from_hours(24 * days)
    }

    /// A completed session `days` ago in `area`, with pain before and after.
    fn session(days: i64, area: &str, before: Option<u8>, after: Option<u8>) -> StoredSession {
        StoredSession {
            // Recorded in order: the older, the smaller the id.
            id: 1000 - days,
            notes: Default::default(),
            record: SessionRecord {
                started_at: days_ago(days),
                ended_at: days_ago(days) + SignedDuration::from_mins(5),
                routines: vec![area.to_string()],
                areas: vec![area.to_string()],
                verdict: VerdictKind::GoAhead,
                pain_before: before.and_then(PainScore::new),
                pain_after: after.and_then(PainScore::new),
                new_symptoms: after.map(|_| false),
                steps_done: 5,
                steps_total: 5,
                ending: Ending::Completed,
            },
        }
    }

    fn ids(sessions: &[StoredSession]) -> Vec<String> {
        findings("neck", sessions, now(), &UTC)
            .into_iter()
            .map(|f| f.id)
            .collect()
    }

    #[test]
    fn a_session_that_went_badly_names_its_date_and_what_happened() {
        let worse = [session(2, "neck", Some(3), Some(5))];
        let found = findings("neck", &worse, now(), &UTC);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "journal-neck-worse");
        assert_eq!(
            found[0].text,
            "more pain after your neck session on 28 June (3 → 5)"
        );
        assert_eq!(
            found[0].reason().clearance_question(),
            "Your neck hurt more after your session on 28 June (3 → 5). Since then, has a doctor checked it and said you can carry on?"
        );
        assert_eq!(found[0].clearance, Clearance::Doctor);
        let mut hurt = session(1, "neck", Some(3), Some(3));
        hurt.record.ending = Ending::Hurts;
        hurt.record.steps_done = 0;
        assert_eq!(ids(&[hurt]), ["journal-neck-worse"]);
        let mut symptoms = session(6, "neck", Some(3), Some(2));
        symptoms.record.new_symptoms = Some(true);
        assert_eq!(ids(&[symptoms]), ["journal-neck-worse"]);
    }

    #[test]
    fn a_bad_session_counts_until_a_later_one_in_the_area_went_well() {
        // However long ago: 8 days, 30 days, a year.
        for days in [8, 30, 365] {
            assert_eq!(
                ids(&[session(days, "neck", Some(3), Some(5))]),
                ["journal-neck-worse"],
                "{days} days ago"
            );
        }
        // A session since then that went well resolves it.
        let history = [
            session(10, "neck", Some(3), Some(5)),
            session(2, "neck", Some(4), Some(2)),
        ];
        assert!(ids(&history).is_empty());
        // One with no after-check, or one that went badly too, does not.
        let mut unchecked = session(2, "neck", Some(4), None);
        unchecked.record.ending = Ending::Interrupted;
        assert_eq!(
            ids(&[session(10, "neck", Some(3), Some(5)), unchecked]),
            ["journal-neck-worse"]
        );
        // Another area's session neither counts here nor resolves it.
        assert!(ids(&[session(1, "hips", Some(2), Some(6))]).is_empty());
        let history = [
            session(10, "neck", Some(3), Some(5)),
            session(2, "hips", Some(4), Some(2)),
        ];
        assert_eq!(ids(&history), ["journal-neck-worse"]);
    }

    #[test]
    fn a_bad_head_session_counts_for_the_neck_and_the_other_way_round() {
        // The journal records every area a session touched (its steps' spots included).
        let mut head = session(3, "head", Some(3), Some(6));
        head.record.areas = vec!["head".into(), "neck".into()];
        assert_eq!(ids(&[head.clone()]), ["journal-neck-worse"]);
        let mut neck = session(3, "neck", Some(2), Some(5));
        neck.record.areas = vec!["neck".into(), "head".into()];
        let found = findings("head", &[neck], now(), &UTC);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].id, "journal-head-worse");
    }

    #[test]
    fn the_order_recorded_decides_whatever_a_clock_said() {
        // A good session stamped two days ahead by a wrong clock, recorded before the bad
        // one: the bad one is still the latest.
        let mut ahead = session(-2, "neck", Some(4), Some(2));
        ahead.id = 1;
        let mut bad = session(1, "neck", Some(3), Some(6));
        bad.id = 2;
        assert_eq!(ids(&[ahead, bad]), ["journal-neck-worse"]);
    }

    #[test]
    fn pain_every_eight_days_for_six_weeks_has_lasted() {
        let history: Vec<StoredSession> = (0..5)
            .map(|i| session(40 - i * 8, "neck", Some(3), Some(2)))
            .collect();
        let found = findings("neck", &history, now(), &UTC);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].id, "journal-neck-lasting");
        assert_eq!(found[0].clearance, Clearance::DoctorOrPhysio);
        assert!(found[0].text.contains("21 May"), "{}", found[0].text);
    }

    #[test]
    fn thirteen_days_or_pain_older_than_six_weeks_has_not_lasted() {
        let short = [
            session(13, "neck", Some(3), Some(2)),
            session(0, "neck", Some(3), Some(2)),
        ];
        assert!(ids(&short).is_empty());
        // (Each session eases the pain by 2 points: no "no relief" finding either.)
        let old = [
            session(60, "neck", Some(3), Some(1)),
            session(43, "neck", Some(3), Some(1)),
            session(1, "neck", Some(3), Some(1)),
        ];
        assert!(ids(&old).is_empty());
        let no_pain = [
            session(20, "neck", Some(0), Some(0)),
            session(1, "neck", Some(3), Some(2)),
        ];
        assert!(ids(&no_pain).is_empty());
    }

    #[test]
    fn three_sessions_without_relief_mean_see_a_doctor() {
        let flat = [
            session(5, "neck", Some(4), Some(4)),
            session(4, "neck", Some(4), Some(4)),
            session(3, "neck", Some(4), Some(3)),
        ];
        assert_eq!(ids(&flat), ["journal-neck-no-relief"]);
        let relief = [
            session(5, "neck", Some(4), Some(4)),
            session(4, "neck", Some(6), Some(2)),
            session(3, "neck", Some(4), Some(3)),
        ];
        assert!(ids(&relief).is_empty());
    }

    #[test]
    fn a_session_with_no_step_done_never_counts() {
        let mut quit = session(2, "neck", Some(3), Some(5));
        quit.record.steps_done = 0;
        quit.record.ending = Ending::Stopped;
        let mut safety_stop = session(20, "neck", Some(3), None);
        safety_stop.record.steps_done = 0;
        safety_stop.record.ending = Ending::SafetyStop;
        assert!(ids(&[safety_stop, quit]).is_empty());
        let mut flat: Vec<StoredSession> = (3..6)
            .map(|d| session(d, "neck", Some(4), Some(4)))
            .collect();
        for s in &mut flat {
            s.record.steps_done = 0;
        }
        assert!(ids(&flat).is_empty());
    }

    #[test]
    fn findings_become_clearable_doctor_first_reasons_and_advice() {
        let found = findings(
            "lower-back",
            &[session(1, "lower-back", Some(2), Some(4))],
            now(),
            &UTC,
        );
        let reason = found[0].reason();
        assert_eq!(reason.level, VerdictKind::DoctorFirst);
        assert_eq!(reason.clearance, Clearance::Doctor);
        assert!(
            found[0]
                .advice()
                .starts_with("Your lower back hurt more after your session on 29 June (2 → 4). "),
            "{}",
            found[0].advice()
        );
        assert!(
            found[0]
                .advice()
                .ends_with("(`selfmassage report` makes a page of your journal to show them)."),
            "{}",
            found[0].advice()
        );
    }

    #[test]
    fn sessions_given_in_any_order_are_read_in_the_order_recorded() {
        let history = [
            session(2, "neck", Some(4), Some(2)),
            session(5, "neck", Some(3), Some(5)),
        ];
        assert!(ids(&history).is_empty());
    }
}
