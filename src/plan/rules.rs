//! What the journal says about the plan at a given moment: days done this week, minutes,
//! whether today is due, whether the safety questions have paused it, and the review at the
//! end. Pure: the plan, the sessions, the time and the time zone come in as values.
//!
//! A plan never passes the questionnaire. It is paused for an area of its routines when
//! the last session of that area was stopped by the safety questions (a "not today" stop
//! pauses only that day), or when the journal's own rules (`journal::rules::findings`) now
//! say "talk to your doctor first" for a reason that the last session of the area which went
//! ahead did not already get past. A session of that area that goes ahead lifts the pause.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::Plan;
use crate::journal::record::{Ending, StoredSession};
use crate::journal::rules::findings;
use crate::journal::trend::{Course, PainPoint, course};
use crate::safety::after::MEANINGFUL_DROP;
use crate::safety::{Change, VerdictKind};

/// Why the plan is paused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pause {
    /// The area whose history paused it.
    pub area: String,
    /// Why, as a sentence a person reads: "the safety questions said ...".
    pub reason: String,
}

/// The review at the end of a plan: only what the numbers show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// Pain before a session dropped by a meaningful amount
    /// ([`crate::safety::after::is_meaningful_drop`]) from the first plan session to the last.
    pub improved: bool,
    /// What to do next, naming the numbers.
    pub advice: String,
}

/// The plan's progress at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Today, in the time zone given.
    pub today: Date,
    /// Which week of the plan today is in (1 for the first), however far past its end.
    pub week: i64,
    /// That week's first day.
    pub week_start: Date,
    /// Days of this week with a plan session that had a step done.
    pub done_this_week: u8,
    /// Minutes of those sessions this week.
    pub minutes_this_week: i64,
    /// Days and minutes of each week of the plan so far, the first week first.
    pub per_week: Vec<WeekTally>,
    /// A plan session had a step done today.
    pub done_today: bool,
    /// Today is on or after the start and on or before the last day.
    pub running: bool,
    /// The plan is running, not paused, not done today, and this week needs more days.
    pub due_today: bool,
    /// When the safety questions or the journal's rules hold the plan back.
    pub paused: Option<Pause>,
    /// The plan sessions (a step done, within the plan's days), oldest first.
    pub sessions: Vec<PainPoint>,
    /// First against last pain before, when two plan sessions were rated.
    pub course: Option<Course>,
    /// From the plan's last day (once its session is done) on.
    pub review: Option<Review>,
}

/// Days and minutes of plan sessions in one week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekTally {
    /// Days with a plan session that had a step done.
    pub days: u8,
    /// Minutes of those sessions, rounded.
    pub minutes: i64,
    /// The last of those days.
    #[serde(skip)]
    pub last_day: Option<Date>,
}

/// The plan sessions (oldest first) started from `first` to `last`, dates in `tz`.
fn tally(planned: &[&StoredSession], first: Date, last: Date, tz: &TimeZone) -> WeekTally {
    let date = |at: Timestamp| at.to_zoned_datetime(tz.clone()).date();
    let within: Vec<&&StoredSession> = planned
        .iter()
        .filter(|s| (first..=last).contains(&date(s.record.started_at)))
        .collect();
    let mut days: Vec<Date> = within.iter().map(|s| date(s.record.started_at)).collect();
    days.dedup();
    let seconds: i64 = within
        .iter()
        .map(|s| {
            s.record
                .ended_at
                .duration_since(s.record.started_at)
                .as_secs()
                .max(0)
        })
        .sum();
    WeekTally {
        days: u8::try_from(days.len()).unwrap_or(u8::MAX),
        minutes: (seconds + 30) / 60,
        last_day: days.last().copied(),
    }
}

/// A session of one of the plan's routines that had at least one step done.
fn is_plan_session(plan: &Plan, session: &StoredSession) -> bool {
    session.record.steps_done > 0
        && session
            .record
            .routines
            .iter()
            .any(|r| plan.routines.contains(r))
}

/// The safety questions let it start, and it did.
fn went_ahead(session: &StoredSession) -> bool {
    session.record.verdict.allows_session() && session.record.ending != Ending::SafetyStop
}

/// The plan at `now`, with dates in `tz`. `areas`: the pain areas of the plan's routines;
/// `sessions`: the journal, in any order.
pub fn progress(
    plan: &Plan,
    areas: &[String],
    sessions: &[StoredSession],
    now: Timestamp,
    tz: &TimeZone,
) -> Progress {
    let date = |at: Timestamp| at.to_zoned_datetime(tz.clone()).date();
    let today = date(now);
    let days_in = |d: Date| {
        plan.start
            .until(d)
            .map_or(0, |span| i64::from(span.get_days()))
    };
    let week = days_in(today).div_euclid(7) + 1;
    let week_start = plan
        .start
        .checked_add(jiff::Span::new().days((week - 1) * 7))
        .unwrap_or(plan.start);
    let last_day = plan.last_day();
    let mut planned: Vec<&StoredSession> = sessions
        .iter()
        .filter(|s| is_plan_session(plan, s))
        .filter(|s| (plan.start..=last_day.min(today)).contains(&date(s.record.started_at)))
        .collect();
    planned.sort_by_key(|s| (s.record.started_at, s.id));
    let weeks_so_far = week.clamp(0, i64::from(plan.weeks));
    let per_week: Vec<WeekTally> = (1..=weeks_so_far)
        .map(|n| {
            let first = plan
                .start
                .checked_add(jiff::Span::new().days((n - 1) * 7))
                .unwrap_or(plan.start);
            tally(
                &planned,
                first,
                today.min(first.saturating_add(jiff::Span::new().days(6))),
                tz,
            )
        })
        .collect();
    let this_week = tally(&planned, week_start, today, tz);
    let done_this_week = this_week.days;
    let done_today = this_week.last_day == Some(today);
    let running = today >= plan.start && today <= last_day;
    let paused = areas
        .iter()
        .find_map(|area| pause(area, sessions, now, tz, today));
    let due_today =
        running && paused.is_none() && !done_today && done_this_week < plan.days_per_week;
    let points: Vec<PainPoint> = planned
        .iter()
        .map(|s| PainPoint {
            at: s.record.started_at,
            before: s.record.pain_before,
            after: s.record.pain_after,
        })
        .collect();
    let course = course(&points);
    let over = today > last_day || (today == last_day && done_today);
    let review = over.then(|| review(course.as_ref(), points.len(), plan, tz));
    Progress {
        today,
        week,
        week_start,
        done_this_week,
        minutes_this_week: this_week.minutes,
        per_week,
        done_today,
        running,
        due_today,
        paused,
        sessions: points,
        course,
        review,
    }
}

/// Why `area`'s history holds the plan back at `now`, if it does.
fn pause(
    area: &str,
    sessions: &[StoredSession],
    now: Timestamp,
    tz: &TimeZone,
    today: Date,
) -> Option<Pause> {
    let date = |at: Timestamp| at.to_zoned_datetime(tz.clone()).date();
    let mut history: Vec<&StoredSession> =
        sessions.iter().filter(|s| s.record.touches(area)).collect();
    history.sort_by_key(|s| (s.record.started_at, s.id));
    let last_ahead = history.iter().rposition(|s| went_ahead(s));
    let last_stop = history
        .iter()
        .rposition(|s| s.record.ending == Ending::SafetyStop);
    if let Some(stop) = last_stop
        && last_ahead.is_none_or(|ahead| ahead < stop)
    {
        let stop = history[stop];
        let verdict = stop.record.verdict;
        let day = date(stop.record.started_at);
        if verdict != VerdictKind::NotNow || day == today {
            let why = stop
                .notes
                .reasons
                .first()
                .map(|r| format!(" ({})", r.trim_end_matches('.')))
                .unwrap_or_default();
            return Some(Pause {
                area: area.to_string(),
                reason: format!(
                    "on {day} the safety questions said \"{}\" for your {}{why}; the plan waits \
                     until a {} session goes ahead again",
                    verdict.label().to_lowercase(),
                    area.replace('-', " "),
                    area.replace('-', " ")
                ),
            });
        }
    }
    let owned: Vec<StoredSession> = history.iter().map(|s| (*s).clone()).collect();
    let already_passed: Vec<String> = match last_ahead {
        Some(ahead) => {
            let at = owned[ahead].record.started_at;
            findings(area, &owned[..ahead], at, tz)
                .into_iter()
                .map(|f| f.id)
                .collect()
        }
        None => Vec::new(),
    };
    findings(area, &owned, now, tz)
        .into_iter()
        .find(|f| !already_passed.contains(&f.id))
        .map(|finding| Pause {
            area: area.to_string(),
            reason: format!(
                "talk to your doctor first: {}; the plan waits until a {} session goes ahead \
                 again",
                finding.text,
                area.replace('-', " ")
            ),
        })
}

/// The review of the plan's sessions: carry on when pain before a session fell by a
/// meaningful amount, otherwise see a doctor, naming the numbers.
fn review(course: Option<&Course>, sessions: usize, plan: &Plan, tz: &TimeZone) -> Review {
    let see_doctor = "Please see your doctor about it (`selfmassage report` makes a page of your \
                      journal to show them). The plan is not renewed: set a new one only once \
                      your doctor agrees.";
    let Some(course) = course else {
        return Review {
            improved: false,
            advice: format!(
                "Only {sessions} plan session{} had a pain rating before it: too few to tell \
                 whether the plan helped. If the pain is still there, see your doctor.",
                if sessions == 1 { "" } else { "s" }
            ),
        };
    };
    let date = |at: Timestamp| at.to_zoned_datetime(tz.clone()).date();
    let numbers = format!(
        "Pain before a session went from {} of 10 on {} to {} on {}",
        course.first.1,
        date(course.first.0),
        course.last.1,
        date(course.last.0)
    );
    let advice = match course.change {
        Change::Eased => format!(
            "{numbers}: a meaningful drop ({MEANINGFUL_DROP} or more). Carry on if it helps; a \
             lighter plan may keep it up, e.g. `selfmassage plan {} --days-per-week 3 --weeks 4`.",
            plan.routines.join(" ")
        ),
        Change::SlightlyBetter | Change::Same => {
            format!("{numbers}: not a meaningful drop (less than {MEANINGFUL_DROP}). {see_doctor}")
        }
        Change::Worse => format!("{numbers}: worse. {see_doctor}"),
    };
    Review {
        improved: course.improved(),
        advice,
    }
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;
    use crate::journal::record::{SessionNotes, SessionRecord};
    use crate::safety::PainScore;

    const UTC: TimeZone = TimeZone::UTC;

    /// Neck, 5 days a week for 2 weeks, from Monday 2026-11-30.
    fn plan() -> Plan {
        Plan {
            routines: vec!["neck".into()],
            days_per_week: 5,
            weeks: 2,
            start: jiff::civil::date(2026, 11, 30),
        }
    }

    fn at(day: &str) -> Timestamp {
        format!("{day}T12:00:00Z").parse().expect("timestamp")
    }

    /// A completed 6-minute neck session at noon on `day`, pain 4 → 2.
    fn session(day: &str) -> StoredSession {
        StoredSession {
            id: 0,
            notes: SessionNotes::default(),
            record: SessionRecord {
                started_at: at(day),
                ended_at: at(day) + SignedDuration::from_mins(6),
                routines: vec!["neck".into()],
                areas: vec!["neck".into()],
                verdict: VerdictKind::GoAhead,
                pain_before: PainScore::new(4),
                pain_after: PainScore::new(2),
                new_symptoms: Some(false),
                steps_done: 5,
                steps_total: 5,
                ending: Ending::Completed,
            },
        }
    }

    fn with(mut s: StoredSession, change: impl FnOnce(&mut SessionRecord)) -> StoredSession {
        change(&mut s.record);
        s
    }

    fn stop(day: &str, verdict: VerdictKind) -> StoredSession {
        with(session(day), |r| {
            r.verdict = verdict;
            r.ending = Ending::SafetyStop;
            r.steps_done = 0;
            r.pain_after = None;
            r.new_symptoms = None;
        })
    }

    fn pain(s: StoredSession, before: u8, after: u8) -> StoredSession {
        with(s, |r| {
            r.pain_before = PainScore::new(before);
            r.pain_after = PainScore::new(after);
        })
    }

    fn progress_on(plan: &Plan, sessions: &[StoredSession], now: &str) -> Progress {
        progress(plan, &["neck".to_string()], sessions, at(now), &UTC)
    }

    #[test]
    fn due_today_or_not() {
        let three_days = Plan {
            days_per_week: 3,
            ..plan()
        };
        let cases: [(&str, &Plan, Vec<StoredSession>, &str, bool); 9] = [
            ("nothing done yet", &plan(), vec![], "2026-12-03", true),
            (
                "done today",
                &plan(),
                vec![session("2026-12-03")],
                "2026-12-03",
                false,
            ),
            (
                "today's session had no step done",
                &plan(),
                vec![with(session("2026-12-03"), |r| r.steps_done = 0)],
                "2026-12-03",
                true,
            ),
            (
                "another routine today",
                &plan(),
                vec![with(session("2026-12-03"), |r| {
                    r.routines = vec!["feet".into()]
                })],
                "2026-12-03",
                true,
            ),
            (
                "enough days this week",
                &three_days,
                ["2026-11-30", "2026-12-01", "2026-12-02"]
                    .map(session)
                    .to_vec(),
                "2026-12-03",
                false,
            ),
            (
                "last week's days do not count this week",
                &three_days,
                ["2026-11-30", "2026-12-01", "2026-12-02"]
                    .map(session)
                    .to_vec(),
                "2026-12-07",
                true,
            ),
            ("before the start", &plan(), vec![], "2026-11-29", false),
            ("after the end", &plan(), vec![], "2026-12-14", false),
            (
                "paused by a safety stop",
                &plan(),
                vec![stop("2026-12-02", VerdictKind::DoctorFirst)],
                "2026-12-03",
                false,
            ),
        ];
        for (what, plan, sessions, now, due) in cases {
            assert_eq!(progress_on(plan, &sessions, now).due_today, due, "{what}");
        }
    }

    #[test]
    fn days_and_minutes_count_this_week_once_a_day() {
        let sessions = [
            session("2026-11-30"),
            session("2026-12-07"),
            session("2026-12-08"),
            session("2026-12-08"),
        ];
        let week_two = progress_on(&plan(), &sessions, "2026-12-08");
        assert_eq!(week_two.week, 2);
        assert_eq!(week_two.week_start, jiff::civil::date(2026, 12, 7));
        assert_eq!(week_two.done_this_week, 2);
        assert_eq!(week_two.minutes_this_week, 18);
        // A session dated after today (a clock set wrong) is not counted yet.
        let later = progress_on(&plan(), &[session("2026-12-09")], "2026-12-08");
        assert!(later.sessions.is_empty() && later.per_week[1].days == 0);
        let days: Vec<(u8, i64)> = week_two
            .per_week
            .iter()
            .map(|w| (w.days, w.minutes))
            .collect();
        assert_eq!(days, [(1, 6), (2, 18)]);
        assert!(week_two.done_today && !week_two.due_today);
    }

    #[test]
    fn a_safety_stop_pauses_until_a_session_of_that_area_goes_ahead() {
        let stopped = [stop("2026-12-01", VerdictKind::DoctorFirst)];
        let paused = progress_on(&plan(), &stopped, "2026-12-03")
            .paused
            .expect("paused");
        assert_eq!(paused.area, "neck");
        assert!(
            paused
                .reason
                .contains("on 2026-12-01 the safety questions said \"talk to your doctor first\""),
            "{}",
            paused.reason
        );
        let resumed = [stopped[0].clone(), session("2026-12-02")];
        let progress = progress_on(&plan(), &resumed, "2026-12-03");
        assert_eq!(progress.paused, None);
        assert!(progress.due_today);
        // A stop of another area's session does not pause a neck plan.
        let elsewhere = [with(stop("2026-12-02", VerdictKind::CareNow), |r| {
            r.areas = vec!["feet".into()];
        })];
        assert_eq!(progress_on(&plan(), &elsewhere, "2026-12-03").paused, None);
    }

    #[test]
    fn a_not_today_stop_pauses_that_day_only() {
        let not_now = [stop("2026-12-02", VerdictKind::NotNow)];
        assert!(
            progress_on(&plan(), &not_now, "2026-12-02")
                .paused
                .is_some()
        );
        assert_eq!(progress_on(&plan(), &not_now, "2026-12-03").paused, None);
    }

    #[test]
    fn the_journal_saying_doctor_first_pauses_until_a_session_goes_ahead_past_it() {
        let worse = [pain(session("2026-12-02"), 3, 5)];
        let paused = progress_on(&plan(), &worse, "2026-12-03")
            .paused
            .expect("paused");
        assert!(
            paused.reason.starts_with(
                "talk to your doctor first: more pain after your neck session on 2 December"
            ),
            "{}",
            paused.reason
        );
        // Pain noted for over two weeks: the doctor cleared it, a session went ahead since.
        let lasting = [
            session("2026-11-10"),
            session("2026-11-27"),
            session("2026-12-02"),
        ];
        assert_eq!(progress_on(&plan(), &lasting, "2026-12-03").paused, None);
    }

    #[test]
    fn the_review_at_the_end_says_only_what_the_numbers_show() {
        let course = |befores: [u8; 3]| -> Vec<StoredSession> {
            ["2026-11-30", "2026-12-05", "2026-12-13"]
                .iter()
                .zip(befores)
                .map(|(day, before)| pain(session(day), before, before.saturating_sub(1)))
                .collect()
        };
        let review = |sessions: &[StoredSession]| {
            progress_on(&plan(), sessions, "2026-12-14")
                .review
                .expect("the plan has ended")
        };
        let improved = review(&course([6, 5, 3]));
        assert!(improved.improved);
        assert!(
            improved.advice.starts_with(
                "Pain before a session went from 6 of 10 on 2026-11-30 to 3 on 2026-12-13: a meaningful drop"
            ),
            "{}",
            improved.advice
        );
        let unchanged = review(&course([5, 5, 4]));
        assert!(!unchanged.improved);
        assert!(
            unchanged
                .advice
                .contains("5 of 10 on 2026-11-30 to 4 on 2026-12-13: not a meaningful drop"),
            "{}",
            unchanged.advice
        );
        assert!(
            unchanged.advice.contains("see your doctor"),
            "{}",
            unchanged.advice
        );
        let worse = review(&course([3, 4, 5]));
        assert!(!worse.improved);
        assert!(
            worse
                .advice
                .contains("to 5 on 2026-12-13: worse. Please see your doctor"),
            "{}",
            worse.advice
        );
        let few = review(&[session("2026-12-01")]);
        assert!(!few.improved);
        assert!(
            few.advice
                .starts_with("Only 1 plan session had a pain rating"),
            "{}",
            few.advice
        );
        // Before the last day there is no review; on it, once its session is done.
        assert_eq!(
            progress_on(&plan(), &course([6, 5, 3]), "2026-12-12").review,
            None
        );
        assert!(
            progress_on(&plan(), &course([6, 5, 3]), "2026-12-13")
                .review
                .is_some()
        );
    }
}
