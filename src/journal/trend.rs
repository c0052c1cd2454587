//! Pain over time, per area: the data the `history` chart and the `report` chart draw, and
//! the trend in plain words. Pure functions over journal records.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::record::StoredSession;
use crate::safety::after::change;
use crate::safety::{Change, PainScore};

/// One session's ratings, at the time it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PainPoint {
    /// When the session started.
    pub at: Timestamp,
    /// Pain before, when asked.
    pub before: Option<PainScore>,
    /// Pain after, when the after-check was answered.
    pub after: Option<PainScore>,
}

/// The sessions of one area, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaSeries<'a> {
    /// The area's name, as stored ("lower-back").
    pub area: String,
    /// One point per session that touched the area, oldest first.
    pub points: Vec<PainPoint>,
    /// Those sessions, in the same order.
    pub sessions: Vec<&'a StoredSession>,
}

impl AreaSeries<'_> {
    /// The "before" ratings as (time, pain), one per session that has one.
    pub fn before(&self) -> impl Iterator<Item = (Timestamp, u8)> + '_ {
        self.points
            .iter()
            .filter_map(|p| Some((p.at, p.before?.get())))
    }

    /// The "after" ratings as (time, pain), one per session that has one.
    pub fn after(&self) -> impl Iterator<Item = (Timestamp, u8)> + '_ {
        self.points
            .iter()
            .filter_map(|p| Some((p.at, p.after?.get())))
    }

    /// The first and last session's start, when there is one.
    pub fn span(&self) -> Option<(Timestamp, Timestamp)> {
        Some((self.points.first()?.at, self.points.last()?.at))
    }

    /// The trend in plain words (see [`trend_words`]).
    pub fn trend(&self) -> String {
        trend_words(&self.points)
    }
}

/// Every area in `sessions` (or only `only`), by name; each series oldest first. A session
/// in two areas is in both.
pub fn by_area<'a>(sessions: &[&'a StoredSession], only: Option<&str>) -> Vec<AreaSeries<'a>> {
    let mut areas: BTreeMap<&str, Vec<&'a StoredSession>> = BTreeMap::new();
    for &session in sessions {
        for area in &session.record.areas {
            if only.is_none_or(|only| only == area) {
                areas.entry(area.as_str()).or_default().push(session);
            }
        }
    }
    areas
        .into_iter()
        .map(|(area, mut sessions)| {
            sessions.sort_by_key(|s| (s.record.started_at, s.id));
            AreaSeries {
                area: area.to_string(),
                points: sessions
                    .iter()
                    .map(|s| PainPoint {
                        at: s.record.started_at,
                        before: s.record.pain_before,
                        after: s.record.pain_after,
                    })
                    .collect(),
                sessions,
            }
        })
        .collect()
}

/// Fewer rated sessions than this say nothing about a trend.
pub const TREND_MIN_SESSIONS: usize = 4;

/// A change in average pain smaller than this (points of 10) is "about the same".
const STEADY: f64 = 1.0;

/// How pain before sessions moved from the first third of the rated sessions to the last
/// third, and how much a session eased it on average, in one or two sentences. Plain
/// description of what was noted, never a judgement.
pub fn trend_words(points: &[PainPoint]) -> String {
    let before: Vec<f64> = points
        .iter()
        .filter_map(|p| p.before)
        .map(|p| f64::from(p.get()))
        .collect();
    if before.len() < TREND_MIN_SESSIONS {
        return format!("Too few rated sessions ({}) to tell a trend.", before.len());
    }
    let third = before.len() / 3;
    let early = mean(&before[..third]);
    let late = mean(&before[before.len() - third..]);
    let change = late - early;
    let direction = if change <= -STEADY {
        "lower"
    } else if change >= STEADY {
        "higher"
    } else {
        "about the same"
    };
    let mut words = format!(
        "Pain before a session was {direction}: about {early:.0} of 10 in the first {third} \
         sessions, about {late:.0} in the last {third}."
    );
    let eased: Vec<f64> = points
        .iter()
        .filter_map(|p| Some(f64::from(p.before?.get()) - f64::from(p.after?.get())))
        .collect();
    if !eased.is_empty() {
        let average = mean(&eased);
        let sessions = eased.len();
        words.push(' ');
        words.push_str(&if average >= 0.5 {
            format!(
                "Over the {sessions} sessions rated before and after, pain eased by {average:.1} points on average."
            )
        } else if average <= -0.5 {
            format!(
                "Over the {sessions} sessions rated before and after, pain rose by {:.1} points on average.",
                -average
            )
        } else {
            format!(
                "Over the {sessions} sessions rated before and after, pain stayed about the same."
            )
        });
    }
    words
}

/// How pain moved over a course of sessions: the first rated session's pain before against
/// the last one's, by the same rule as one session's change
/// ([`crate::safety::after::change`]): the one rule for "better", whatever the span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Course {
    /// The first rated session: when, and its pain before.
    pub first: (Timestamp, PainScore),
    /// The last rated session: when, and its pain before.
    pub last: (Timestamp, PainScore),
    /// How the pain changed from the first to the last.
    pub change: Change,
    /// How many sessions had a pain-before rating.
    pub rated: usize,
}

impl Course {
    /// A meaningful drop ([`crate::safety::after::is_meaningful_drop`]).
    pub fn improved(&self) -> bool {
        self.change == Change::Eased
    }
}

/// The course of `points` (any order), when at least two have a pain-before rating.
pub fn course(points: &[PainPoint]) -> Option<Course> {
    let mut rated: Vec<(Timestamp, PainScore)> = points
        .iter()
        .filter_map(|p| Some((p.at, p.before?)))
        .collect();
    rated.sort_by_key(|&(at, _)| at);
    let (&first, &last) = (rated.first()?, rated.last()?);
    (rated.len() >= 2).then(|| Course {
        first,
        last,
        change: change(first.1, last.1),
        rated: rated.len(),
    })
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::record::{Ending, SessionRecord};
    use crate::safety::VerdictKind;

    fn stored(id: i64, day: i64, areas: &[&str], before: u8, after: Option<u8>) -> StoredSession {
        let at = Timestamp::from_second(1_700_000_000 + day * 86_400).expect("in range");
        StoredSession {
            id,
            notes: Default::default(),
            record: SessionRecord {
                started_at: at,
                ended_at: at,
                routines: vec!["r".into()],
                areas: areas.iter().map(|a| a.to_string()).collect(),
                verdict: VerdictKind::GoAhead,
                pain_before: PainScore::new(before),
                pain_after: after.and_then(PainScore::new),
                new_symptoms: None,
                steps_done: 1,
                steps_total: 1,
                ending: Ending::Completed,
            },
        }
    }

    #[test]
    fn each_area_gets_every_session_that_touches_it_oldest_first() {
        let sessions = [
            stored(1, 3, &["neck", "shoulders"], 5, Some(3)),
            stored(2, 1, &["neck"], 6, None),
            stored(3, 2, &["lower-back"], 4, Some(4)),
        ];
        let refs: Vec<&StoredSession> = sessions.iter().collect();
        let series = by_area(&refs, None);
        let names: Vec<&str> = series.iter().map(|s| s.area.as_str()).collect();
        assert_eq!(names, ["lower-back", "neck", "shoulders"]);
        let neck = &series[1];
        let ids: Vec<i64> = neck.sessions.iter().map(|s| s.id).collect();
        assert_eq!(ids, [2, 1]);
        assert_eq!(neck.before().count(), 2);
        assert_eq!(neck.after().map(|(_, p)| p).collect::<Vec<_>>(), [3]);
        let only = by_area(&refs, Some("neck"));
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].points.len(), 2);
    }

    #[test]
    fn the_trend_says_which_way_pain_went() {
        let falling: Vec<StoredSession> = (0..9)
            .map(|i| stored(i, i, &["neck"], 8 - i as u8 / 2, Some(4 - i as u8 / 3)))
            .collect();
        let refs: Vec<&StoredSession> = falling.iter().collect();
        let words = by_area(&refs, None)[0].trend();
        assert!(
            words.starts_with("Pain before a session was lower"),
            "{words}"
        );
        assert!(words.contains("about 8 of 10 in the first 3"), "{words}");
        assert!(words.contains("pain eased by"), "{words}");
        let steady = [5, 5, 6, 5, 5, 5].map(|p| PainPoint {
            at: Timestamp::UNIX_EPOCH,
            before: PainScore::new(p),
            after: PainScore::new(p),
        });
        let words = trend_words(&steady);
        assert!(words.contains("about the same"), "{words}");
        assert!(words.ends_with("pain stayed about the same."), "{words}");
        assert_eq!(
            trend_words(&steady[..2]),
            "Too few rated sessions (2) to tell a trend."
        );
    }

    #[test]
    fn a_course_compares_the_first_and_last_pain_before_by_the_two_point_rule() {
        let points = |befores: &[u8]| -> Vec<PainPoint> {
            befores
                .iter()
                .enumerate()
                .map(|(i, &b)| PainPoint {
                    at: Timestamp::from_second(1_700_000_000 + i as i64 * 86_400)
                        .expect("in range"),
                    before: PainScore::new(b),
                    after: None,
                })
                .rev()
                .collect()
        };
        let better = course(&points(&[6, 5, 4])).expect("two rated");
        assert_eq!(better.change, Change::Eased);
        assert!(better.improved());
        assert_eq!(
            (better.first.1.get(), better.last.1.get(), better.rated),
            (6, 4, 3)
        );
        assert_eq!(
            course(&points(&[5, 4])).map(|c| c.change),
            Some(Change::SlightlyBetter)
        );
        assert_eq!(
            course(&points(&[3, 3])).map(|c| c.change),
            Some(Change::Same)
        );
        assert_eq!(
            course(&points(&[3, 5])).map(|c| c.change),
            Some(Change::Worse)
        );
        assert_eq!(course(&points(&[3])), None);
    }
}
