//! Correcting the journal (`journal edit`, `journal delete`): what may be changed, what a
//! change leaves behind, and which fields an edit really changes. Plain data and pure
//! functions; `store` writes them, in one transaction with the change itself.
//!
//! A session's row always holds its values as corrected, so everything that reads the
//! journal (the rules, `history`, `report`, `plan`, `resume`) sees the corrected values with
//! no step of its own; each [`Correction`] keeps what was there before, and when it changed.

use std::fmt;

use jiff::Timestamp;
use serde::Serialize;

use crate::safety::PainScore;

/// What a correction changed. Stored, and shown in `history --json`, as [`Field::as_str`].
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
#[serde(rename_all = "snake_case")]
#[strum(
    serialize_all = "snake_case",
    parse_err_ty = UnknownField,
    parse_err_fn = UnknownField::new
)]
pub enum Field {
    /// The pain before the session.
    PainBefore,
    /// The pain after it.
    PainAfter,
    /// The person's note.
    Note,
    /// The session was taken out of history, report and rules (`journal delete`).
    Deleted,
}

impl Field {
    /// Every field.
    pub const ALL: &'static [Field] = <Field as strum::VariantArray>::VARIANTS;

    /// The stable name scripts and the journal use (the column an edit changes, too): the
    /// one place these words are written. Never change one: journals hold them.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The field in words: "pain after".
    pub fn words(self) -> &'static str {
        match self {
            Field::PainBefore => "pain before",
            Field::PainAfter => "pain after",
            Field::Note => "note",
            Field::Deleted => "removed",
        }
    }
}

/// A field name that is not one of [`Field::as_str`]'s (a damaged or foreign journal).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown corrected field {0:?}")]
pub struct UnknownField(pub String);

impl UnknownField {
    fn new(name: &str) -> UnknownField {
        UnknownField(name.to_string())
    }
}

/// A value a correction replaced or put in: a pain score (a number in JSON) or a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Pain(PainScore),
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Pain(pain) => write!(f, "{pain}"),
            Value::Text(text) => write!(f, "\"{text}\""),
        }
    }
}

/// One change `journal edit` or `journal delete` made to a session, as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub field: Field,
    /// What was there before; `None`: nothing (a pain never rated, no note; always for
    /// [`Field::Deleted`]).
    pub old: Option<Value>,
    /// What is there now; `None`: nothing (a note taken out; always for [`Field::Deleted`]).
    pub new: Option<Value>,
    /// When it was made.
    #[serde(serialize_with = "super::record::as_rfc3339")]
    pub at: Timestamp,
}

impl Correction {
    /// The change in words, without its date: "pain after 6 → 3", "note \"a\" → none".
    pub fn change_words(&self) -> String {
        if self.field == Field::Deleted {
            return "removed".to_string();
        }
        let value = |value: &Option<Value>| {
            value
                .as_ref()
                .map_or_else(|| "none".to_string(), Value::to_string)
        };
        format!(
            "{} {} → {}",
            self.field.words(),
            value(&self.old),
            value(&self.new)
        )
    }
}

/// What `journal edit` was asked to change; `None`: leave it. A note that is empty once
/// cleaned takes the note out. (The same three fields as [`Current`], where `None` means
/// something else: nothing there. One type would make `None` mean both.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edit {
    pub pain_before: Option<PainScore>,
    pub pain_after: Option<PainScore>,
    pub note: Option<String>,
}

impl Edit {
    /// Whether it asks for any change at all.
    pub fn is_empty(&self) -> bool {
        self.pain_before.is_none() && self.pain_after.is_none() && self.note.is_none()
    }

    /// The fields this edit changes on a session that holds `current`, each with its old
    /// and new value, in the order pain before, pain after, note. A field asked to keep the
    /// value it has is not a change.
    pub fn changes(&self, current: &Current) -> Vec<(Field, Option<Value>, Option<Value>)> {
        let pain = |field, old: Option<PainScore>, new: Option<PainScore>| {
            new.filter(|new| old != Some(*new))
                .map(|new| (field, old.map(Value::Pain), Some(Value::Pain(new))))
        };
        let note = self.note.as_ref().and_then(|text| {
            let new = Some(text.trim().to_string()).filter(|t| !t.is_empty());
            (new != current.note).then(|| {
                (
                    Field::Note,
                    current.note.clone().map(Value::Text),
                    new.map(Value::Text),
                )
            })
        });
        [
            pain(Field::PainBefore, current.pain_before, self.pain_before),
            pain(Field::PainAfter, current.pain_after, self.pain_after),
            note,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The fields of a session an edit may change, as they are now; `None`: nothing there (a
/// pain never rated, no note).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Current {
    pub pain_before: Option<PainScore>,
    pub pain_after: Option<PainScore>,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pain(score: u8) -> Option<PainScore> {
        PainScore::new(score)
    }

    #[test]
    fn only_fields_that_change_are_changes() {
        let current = Current {
            pain_before: pain(5),
            pain_after: pain(6),
            note: Some("after yoga".into()),
        };
        let edit = Edit {
            pain_before: pain(5),
            pain_after: pain(3),
            note: None,
        };
        assert_eq!(
            edit.changes(&current),
            [(
                Field::PainAfter,
                Some(Value::Pain(PainScore::new(6).expect("0-10"))),
                Some(Value::Pain(PainScore::new(3).expect("0-10")))
            )]
        );
        assert!(Edit::default().changes(&current).is_empty());
        assert!(Edit::default().is_empty());
        let same_note = Edit {
            note: Some("  after yoga ".into()),
            ..Edit::default()
        };
        assert!(same_note.changes(&current).is_empty());
    }

    #[test]
    fn a_pain_never_rated_can_be_added_and_an_empty_note_takes_the_note_out() {
        let edit = Edit {
            pain_after: pain(2),
            note: Some(" ".into()),
            ..Edit::default()
        };
        let current = Current {
            pain_before: pain(4),
            pain_after: None,
            note: Some("left side".into()),
        };
        let changes = edit.changes(&current);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].0, Field::PainAfter);
        assert_eq!(changes[0].1, None);
        assert_eq!(
            changes[1],
            (Field::Note, Some(Value::Text("left side".into())), None)
        );
    }

    #[test]
    fn a_change_reads_as_words() {
        let at: Timestamp = "2026-12-04T10:00:00Z".parse().expect("timestamp");
        let correction = Correction {
            field: Field::PainAfter,
            old: Some(Value::Pain(PainScore::new(6).expect("0-10"))),
            new: Some(Value::Pain(PainScore::new(3).expect("0-10"))),
            at,
        };
        assert_eq!(correction.change_words(), "pain after 6 → 3");
        let note = Correction {
            field: Field::Note,
            old: None,
            new: Some(Value::Text("after yoga".into())),
            at,
        };
        assert_eq!(note.change_words(), "note none → \"after yoga\"");
        let json = serde_json::to_value(&correction).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({
                "field": "pain_after", "old": 6, "new": 3, "at": "2026-12-04T10:00:00Z"
            })
        );
    }

    #[test]
    fn every_field_name_reads_back() {
        for &field in Field::ALL {
            assert_eq!(field.as_str().parse(), Ok(field));
            assert_eq!(
                serde_json::to_value(field).ok(),
                Some(field.as_str().into())
            );
        }
        assert_eq!(
            "pain".parse::<Field>(),
            Err(UnknownField("pain".to_string()))
        );
    }

    /// Journals and scripts hold these words: never change one.
    #[test]
    fn the_stored_field_names_are_pinned() {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(names, ["pain_before", "pain_after", "note", "deleted"]);
    }
}
