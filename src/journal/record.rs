//! What one session (and one screening) leaves in the journal, and how to pick sessions back
//! out. Plain data: the SQLite side is `store`, so the rules can use these without it.

use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::Serialize;

use super::correction::Correction;
use crate::exit::Interruption;
use crate::safety::{PainScore, VerdictKind};
use crate::session;

/// Everything a finished, stopped, interrupted or safety-stopped session records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRecord {
    /// When the session began, as "get ready" showed (a safety stop: when the questions
    /// began; a resumed session: its first start).
    #[serde(serialize_with = "as_rfc3339")]
    pub started_at: Timestamp,
    /// When the session ended (the after-check does not move it: it is not session time).
    #[serde(serialize_with = "as_rfc3339")]
    pub ended_at: Timestamp,
    /// Routine ids, in the order they ran.
    pub routines: Vec<String>,
    /// The pain areas those routines are for.
    pub areas: Vec<String>,
    /// The questionnaire's verdict.
    pub verdict: VerdictKind,
    /// Before the session, when asked (an emergency red flag stops the questions first).
    pub pain_before: Option<PainScore>,
    /// After the session, when the after-check was answered.
    pub pain_after: Option<PainScore>,
    /// The after-check's "any new symptoms?", when answered.
    pub new_symptoms: Option<bool>,
    /// Steps finished (a side of a two-sided step is not a step of its own).
    pub steps_done: u32,
    /// Steps in the whole session.
    pub steps_total: u32,
    /// How it ended.
    pub ending: Ending,
}

impl SessionRecord {
    /// Whether one of the session's routines is for `area` (a normalized area name).
    pub fn touches(&self, area: &str) -> bool {
        self.areas.iter().any(|a| a == area)
    }
}

/// How a session ended, as the journal keeps it: the engine's endings, with Ctrl-C told
/// apart from other signals, and a stop by the safety questions before any step.
///
/// Scripts and the journal see it as its stable name, [`Ending::as_str`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(
    serialize_all = "kebab-case",
    parse_err_ty = UnknownEnding,
    parse_err_fn = UnknownEnding::new
)]
pub enum Ending {
    /// Every step was done.
    Completed,
    /// The user stopped early (`q`).
    Stopped,
    /// The user pressed `h`: it hurts.
    Hurts,
    /// Ctrl-C.
    Interrupted,
    /// Ended by a signal (SIGTERM, SIGHUP: a closed terminal).
    Signal,
    /// The safety questions did not allow a session: no step was started.
    SafetyStop,
}

impl Ending {
    /// Every ending.
    pub const ALL: &'static [Ending] = <Ending as strum::VariantArray>::VARIANTS;

    /// The stable name scripts and the journal use: the one place these words are written.
    /// Never change one: journals already hold them.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl Ending {
    /// How a session ended, in the words a person reads: the one place `run`'s last line
    /// and `history`'s table take them from, so both say the same of one session.
    /// `part_way`: it stopped before its end (a step is noted to resume from); a session
    /// stopped without one reached its end with steps skipped (or was recorded before
    /// sessions noted where they stopped).
    pub fn words(self, steps_done: u32, steps_total: u32, part_way: bool) -> String {
        match self {
            Ending::Completed => "done".to_string(),
            Ending::Stopped if !part_way && steps_done < steps_total => {
                format!("finished, {} skipped", steps_total - steps_done)
            }
            Ending::Stopped => "stopped early".to_string(),
            Ending::Hurts => "this hurts".to_string(),
            Ending::Interrupted => "interrupted".to_string(),
            Ending::Signal => "interrupted by a signal".to_string(),
            Ending::SafetyStop => "safety stop".to_string(),
        }
    }
}

impl From<session::SessionEnd> for Ending {
    fn from(ending: session::SessionEnd) -> Ending {
        match ending {
            session::SessionEnd::Completed => Ending::Completed,
            session::SessionEnd::Stopped => Ending::Stopped,
            session::SessionEnd::Hurts => Ending::Hurts,
            session::SessionEnd::Interrupted(Interruption::CtrlC) => Ending::Interrupted,
            session::SessionEnd::Interrupted(
                Interruption::Terminated | Interruption::HangUp | Interruption::Quit,
            ) => Ending::Signal,
        }
    }
}

/// An ending name that is not one of [`Ending::as_str`]'s (a damaged or foreign journal).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown ending {0:?}")]
pub struct UnknownEnding(pub String);

impl UnknownEnding {
    fn new(name: &str) -> UnknownEnding {
        UnknownEnding(name.to_string())
    }
}

/// A session as read back, with its row id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSession {
    /// The row id: 1, 2, ... in the order sessions were saved.
    pub id: i64,
    /// What the session recorded; in JSON, its fields sit beside `id`.
    #[serde(flatten)]
    pub record: SessionRecord,
    /// Why and what, in words, for `report`; of these only the person's `note` and the
    /// `resumed` mark are in `history --json`, beside the fields that were there before.
    #[serde(flatten)]
    pub notes: SessionNotes,
}

impl StoredSession {
    /// Whether this is the row that a resumed session's `record`, continuing row `id`, is
    /// written over: that id, and the same first start (so a row of another journal put in
    /// its place is not).
    pub fn continued_by(&self, id: i64, record: &SessionRecord) -> bool {
        self.id == id && self.record.started_at == record.started_at
    }

    /// Writes a resumed session over this row, the one it continues: its end, its steps
    /// done in all, how it ended, where it stopped again (if it did), the verdict asked
    /// today and its reasons, and the mark that it was resumed; its start, routines and
    /// areas stay. Its pain after is the record's (none until its own after-check): the one
    /// asked after the part before the resume does not stay. The new symptoms asked then
    /// stay until the record has an after-check of its own. A new note replaces the old one
    /// only when given. (`Journal::continue_session` does the same to a row in SQL.)
    pub fn continue_with(&mut self, record: &SessionRecord, notes: &SessionNotes) {
        let row = &mut self.record;
        row.ended_at = record.ended_at;
        row.verdict = record.verdict;
        row.pain_before = record.pain_before;
        row.steps_done = record.steps_done;
        row.steps_total = record.steps_total;
        row.ending = record.ending;
        row.pain_after = record.pain_after;
        if record.pain_after.is_some() {
            row.new_symptoms = record.new_symptoms;
            self.notes.symptoms.clone_from(&notes.symptoms);
        }
        self.notes.reasons.clone_from(&notes.reasons);
        self.notes.stopped_at_step = notes.stopped_at_step;
        if notes.note.is_some() {
            self.notes.note.clone_from(&notes.note);
        }
        self.notes.resumed = true;
    }
}

/// What a session noted beyond its [`SessionRecord`] (schema version 4 on; `note`,
/// `stopped_at_step` and `resumed` from version 5): empty for a session saved before, or
/// when there was nothing to note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SessionNotes {
    /// The verdict's reasons, as the person was told them (why it stopped or went gently).
    #[serde(skip)]
    pub reasons: Vec<String>,
    /// The ids of the new symptoms the after-check reported (`safety::after::NEW_SYMPTOMS`,
    /// or "unsure").
    #[serde(skip)]
    pub symptoms: Vec<String>,
    /// The person's own words about the session (`run --note`), cleaned of control
    /// characters. Left out of JSON when there is none, as before notes existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where a session that did not finish stopped: the step on screen (1-based over all
    /// its routines; 0: "get ready"), for `resume`. `None` for a session that reached its end.
    #[serde(skip)]
    pub stopped_at_step: Option<u32>,
    /// A later run continued it (`resume`): it is one session with all its steps. In JSON
    /// only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resumed: bool,
    /// While a resumed session is being saved: the journal row it continues (`resume`),
    /// which it is written over rather than added beside, from the journal, the pending file
    /// or the running file alike. Not a column: `None` in a session read back.
    #[serde(skip)]
    pub continues: Option<i64>,
    /// What `journal edit` and `journal delete` changed, oldest first (read back only: the
    /// record's values are already the corrected ones). In JSON only when there is one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    /// When `journal delete` took the session out of history, report and rules (read back
    /// only, for the sessions [`Sessions::removed`](super::Sessions) lists).
    #[serde(skip)]
    pub removed_at: Option<Timestamp>,
}

/// Which sessions `Journal::sessions` returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFilter {
    /// Only sessions for this area.
    pub area: Option<String>,
    /// Only sessions started on or after this local date or time.
    pub since: Option<Since>,
}

impl SessionFilter {
    /// `since` compares with the local date (or date and time) the session started at in
    /// `tz`.
    pub fn matches(&self, record: &SessionRecord, tz: &TimeZone) -> bool {
        let area_ok = self.area.as_deref().is_none_or(|area| record.touches(area));
        let since_ok = self.since.is_none_or(|since| {
            let local = record.started_at.to_zoned_datetime(tz.clone()).datetime();
            match since {
                Since::Date(date) => local.date() >= date,
                Since::DateTime(at) => local >= at,
            }
        });
        area_ok && since_ok
    }
}

/// `--since`: a local date (`2026-12-03`, the whole day) or a local date and time
/// (`2026-12-03T10:00` or `2026-12-03 10:00`, from that minute on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    Date(Date),
    DateTime(DateTime),
}

/// What `--since` takes, for its error message.
const SINCE_FORMS: &str = "write a date as YYYY-MM-DD (2026-12-03) or a date and time as YYYY-MM-DDTHH:MM (2026-12-03T10:00)";

/// A `--since` text that is not a date or a date and time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a date; {SINCE_FORMS}")]
pub struct BadSince {
    text: String,
}

impl FromStr for Since {
    type Err = BadSince;

    fn from_str(text: &str) -> Result<Since, BadSince> {
        let bad = || BadSince {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        // Exactly a date (10 characters) or a date, `T` or a space, and a time: no zone or
        // offset, which would say another clock than the one the journal is shown in.
        let is_date_time = trimmed.len() > 10
            && matches!(trimmed.as_bytes().get(10), Some(b'T' | b't' | b' '))
            && trimmed[11..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b':' || b == b'.');
        if trimmed.len() == 10 {
            trimmed.parse().map(Since::Date).map_err(|_| bad())
        } else if is_date_time {
            let normal = format!("{}T{}", &trimmed[..10], &trimmed[11..]);
            normal.parse().map(Since::DateTime).map_err(|_| bad())
        } else {
            Err(bad())
        }
    }
}

/// As it was meant: `2026-12-03` or `2026-12-03 10:00`.
impl std::fmt::Display for Since {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Since::Date(date) => write!(f, "{date}"),
            Since::DateTime(at) => write!(f, "{} {}", at.date(), at.time().strftime("%H:%M")),
        }
    }
}

/// How the general health questions were answered once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreeningRecord {
    /// When they were answered.
    pub answered_at: Timestamp,
    /// Every general question was answered "no".
    pub all_clear: bool,
    /// The ids of the questions whose answers may be remembered, as asked then, joined
    /// with ","; empty for a screening recorded before schema version 3.
    pub questions: String,
}

/// jiff's serde support is not enabled; a timestamp is written as its RFC 3339 text.
pub(super) fn as_rfc3339<S: serde::Serializer>(
    at: &Timestamp,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(started_at: &str, areas: &[&str]) -> SessionRecord {
        SessionRecord {
            started_at: started_at.parse().expect("timestamp"),
            ended_at: started_at.parse().expect("timestamp"),
            routines: vec!["r".into()],
            areas: areas.iter().map(|a| a.to_string()).collect(),
            verdict: VerdictKind::GoAhead,
            pain_before: PainScore::new(4),
            pain_after: None,
            new_symptoms: None,
            steps_done: 0,
            steps_total: 3,
            ending: Ending::Stopped,
        }
    }

    #[test]
    fn since_compares_local_dates() {
        // 23:30 UTC on 1 May is already 2 May in Tokyo.
        let late = record("2024-05-01T23:30:00Z", &["neck"]);
        let since = SessionFilter {
            area: None,
            since: Some(Since::Date(jiff::civil::date(2024, 5, 2))),
        };
        assert!(!since.matches(&late, &TimeZone::UTC));
        let tokyo = TimeZone::fixed(jiff::tz::offset(9));
        assert!(since.matches(&late, &tokyo));
    }

    /// A public report of a date-time `--since` whose time was dropped without a word:
    /// 2026-12-03T10:00 must leave out the session at 09:00 that day.
    #[test]
    fn since_honours_a_time_and_says_what_to_type() {
        let nine = record("2026-12-03T09:00:00Z", &["neck"]);
        let eleven = record("2026-12-03T11:00:00Z", &["neck"]);
        for text in [
            "2026-12-03T10:00",
            "2026-12-03 10:00",
            "2026-12-03T10:00:00",
        ] {
            let since = SessionFilter {
                area: None,
                since: Some(text.parse().expect("a date and time")),
            };
            assert!(!since.matches(&nine, &TimeZone::UTC), "{text}");
            assert!(since.matches(&eleven, &TimeZone::UTC), "{text}");
        }
        let day: Since = "2026-12-03".parse().expect("a date");
        assert_eq!(day.to_string(), "2026-12-03");
        let at: Since = "2026-12-03t10:00".parse().expect("a date and time");
        assert_eq!(at.to_string(), "2026-12-03 10:00");
        for bad in [
            "last tuesday",
            "2026-13-01",
            "12/03/2026",
            "2026-12-03T10:00+01:00",
            "20261203",
            "",
        ] {
            let error = bad.parse::<Since>().expect_err(bad).to_string();
            assert!(error.contains("YYYY-MM-DD (2026-12-03)"), "{bad}: {error}");
            assert!(!error.contains("parse"), "no parser internals: {error}");
        }
    }

    #[test]
    fn area_filter_needs_the_area() {
        let both = record("2024-05-01T10:00:00Z", &["neck", "shoulders"]);
        let neck = SessionFilter {
            area: Some("neck".into()),
            since: None,
        };
        let feet = SessionFilter {
            area: Some("feet".into()),
            since: None,
        };
        assert!(neck.matches(&both, &TimeZone::UTC));
        assert!(!feet.matches(&both, &TimeZone::UTC));
        assert!(SessionFilter::default().matches(&both, &TimeZone::UTC));
    }

    #[test]
    fn every_ending_name_reads_back_and_serializes_as_itself() {
        for &ending in Ending::ALL {
            assert_eq!(ending.as_str().parse(), Ok(ending));
            let json = serde_json::to_value(ending).expect("serializes");
            assert_eq!(json, ending.as_str());
        }
        assert_eq!(
            "Completed".parse::<Ending>(),
            Err(UnknownEnding("Completed".to_string()))
        );
    }

    #[test]
    fn an_interruption_is_kept_as_ctrl_c_or_a_signal() {
        use session::SessionEnd as Engine;
        assert_eq!(
            Ending::from(Engine::Interrupted(Interruption::CtrlC)),
            Ending::Interrupted
        );
        assert_eq!(
            Ending::from(Engine::Interrupted(Interruption::Terminated)),
            Ending::Signal
        );
        assert_eq!(
            Ending::from(Engine::Interrupted(Interruption::HangUp)),
            Ending::Signal
        );
        assert_eq!(Ending::from(Engine::Hurts), Ending::Hurts);
        assert_eq!(Ending::from(Engine::Stopped), Ending::Stopped);
        assert_eq!(Ending::from(Engine::Completed), Ending::Completed);
    }

    #[test]
    fn json_flattens_the_record_beside_its_id() {
        let stored = StoredSession {
            id: 7,
            notes: Default::default(),
            record: record("2024-05-01T10:00:00Z", &["neck"]),
        };
        let json = serde_json::to_value(&stored).expect("serializes");
        assert_eq!(json["id"], 7);
        assert_eq!(json["started_at"], "2024-05-01T10:00:00Z");
        assert_eq!(json["areas"][0], "neck");
        assert_eq!(json["pain_before"], 4);
        assert_eq!(json["pain_after"], serde_json::Value::Null);
        assert_eq!(json["verdict"], "go-ahead");
        assert_eq!(json["ending"], "stopped");
    }
}
