//! What one session (and one screening) leaves in the journal, and how to pick sessions back
//! out. Plain data: the SQLite side is `store`, so the rules can use these without it.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

/// Everything a finished, stopped, interrupted or safety-stopped session records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRecord {
    #[serde(serialize_with = "as_rfc3339")]
    pub started_at: Timestamp,
    #[serde(serialize_with = "as_rfc3339")]
    pub ended_at: Timestamp,
    /// Routine ids, in the order they ran.
    pub routines: Vec<String>,
    /// The pain areas those routines are for.
    pub areas: Vec<String>,
    /// The questionnaire's verdict (`VerdictKind::name`).
    pub verdict: String,
    /// 0-10, when asked.
    pub pain_before: Option<u8>,
    /// 0-10, when asked.
    pub pain_after: Option<u8>,
    pub new_symptoms: Option<bool>,
    pub steps_done: u32,
    pub steps_total: u32,
    /// "completed" | "stopped" | "hurts" | "interrupted" | "signal" | "safety-stop"
    pub ending: String,
}

impl SessionRecord {
    pub fn touches(&self, area: &str) -> bool {
        self.areas.iter().any(|a| a == area)
    }
}

/// A session as read back, with its row id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredSession {
    pub id: i64,
    #[serde(flatten)]
    pub record: SessionRecord,
}

/// Which sessions `Journal::sessions` returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionFilter {
    /// Only sessions for this area.
    pub area: Option<String>,
    /// Only sessions started on or after this local date.
    pub since: Option<Date>,
}

impl SessionFilter {
    /// `since` compares with the date the session started on in `tz`.
    pub fn matches(&self, record: &SessionRecord, tz: &TimeZone) -> bool {
        let area_ok = self.area.as_deref().is_none_or(|area| record.touches(area));
        let since_ok = self
            .since
            .is_none_or(|since| record.started_at.to_zoned_datetime(tz.clone()).date() >= since);
        area_ok && since_ok
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
fn as_rfc3339<S: serde::Serializer>(at: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
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
            verdict: "go-ahead".into(),
            pain_before: Some(4),
            pain_after: None,
            new_symptoms: None,
            steps_done: 0,
            steps_total: 3,
            ending: "stopped".into(),
        }
    }

    #[test]
    fn since_compares_local_dates() {
        // 23:30 UTC on 1 May is already 2 May in Tokyo.
        let late = record("2024-05-01T23:30:00Z", &["neck"]);
        let since = SessionFilter {
            area: None,
            since: Some(jiff::civil::date(2024, 5, 2)),
        };
        assert!(!since.matches(&late, &TimeZone::UTC));
        let tokyo = TimeZone::fixed(jiff::tz::offset(9));
        assert!(since.matches(&late, &tokyo));
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
    fn json_flattens_the_record_beside_its_id() {
        let stored = StoredSession {
            id: 7,
            record: record("2024-05-01T10:00:00Z", &["neck"]),
        };
        let json = serde_json::to_value(&stored).expect("serializes");
        assert_eq!(json["id"], 7);
        assert_eq!(json["started_at"], "2024-05-01T10:00:00Z");
        assert_eq!(json["areas"][0], "neck");
        assert_eq!(json["pain_after"], serde_json::Value::Null);
    }
}
