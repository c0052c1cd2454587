//! How the journal's typed values become SQLite values and back. Each stored word is the
//! type's own stable name (`Ending::as_str`, `VerdictKind::as_str`), so it is written in one
//! place; a value this build does not know is an error on the row, never a panic.
//!
//! Here rather than beside the types, so `safety` and `journal::record` stay free of SQLite.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use super::record::Ending;
use crate::safety::{PainScore, VerdictKind};

/// Stored as its stable name: `completed`, `stopped`, `hurts`, `interrupted`, `signal`,
/// `safety-stop`.
impl ToSql for Ending {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

/// Text that is not a known name is [`UnknownEnding`](super::record::UnknownEnding).
impl FromSql for Ending {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Ending> {
        value
            .as_str()?
            .parse()
            .map_err(|error| FromSqlError::Other(Box::new(error)))
    }
}

/// Stored as its stable name: `go-ahead`, `go-ahead-gently`, `not-now`, `doctor-first`,
/// `care-now`.
impl ToSql for VerdictKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

/// Text that is not a known name is [`UnknownVerdict`](crate::safety::UnknownVerdict).
impl FromSql for VerdictKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<VerdictKind> {
        value
            .as_str()?
            .parse()
            .map_err(|error| FromSqlError::Other(Box::new(error)))
    }
}

/// Stored as an integer 0-10 (the schema checks the range too).
impl ToSql for PainScore {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.get()))
    }
}

/// An integer outside 0-10 is [`FromSqlError::OutOfRange`].
impl FromSql for PainScore {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<PainScore> {
        let stored = value.as_i64()?;
        u8::try_from(stored)
            .ok()
            .and_then(PainScore::new)
            .ok_or(FromSqlError::OutOfRange(stored))
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    /// Stores `value` in a scratch table and reads the column back as `T`.
    fn through_sqlite<T: FromSql>(value: &dyn ToSql) -> rusqlite::Result<T> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("CREATE TABLE t (v)")?;
        conn.execute("INSERT INTO t (v) VALUES (?1)", [value])?;
        conn.query_row("SELECT v FROM t", [], |row| row.get(0))
    }

    /// The words already in journals: changing one loses old sessions.
    #[test]
    fn the_stored_words_are_the_ones_every_release_wrote() {
        let endings: Vec<String> = Ending::ALL
            .iter()
            .map(|e| through_sqlite::<String>(e).expect("stores"))
            .collect();
        assert_eq!(
            endings,
            [
                "completed",
                "stopped",
                "hurts",
                "interrupted",
                "signal",
                "safety-stop"
            ]
        );
        let verdicts: Vec<String> = VerdictKind::ALL
            .iter()
            .map(|v| through_sqlite::<String>(v).expect("stores"))
            .collect();
        assert_eq!(
            verdicts,
            [
                "go-ahead",
                "go-ahead-gently",
                "not-now",
                "doctor-first",
                "care-now"
            ]
        );
        assert_eq!(
            through_sqlite::<i64>(&PainScore::new(7)).expect("stores"),
            7
        );
    }

    #[test]
    fn every_value_reads_back_as_itself() {
        for &ending in Ending::ALL {
            assert_eq!(through_sqlite::<Ending>(&ending).expect("reads"), ending);
        }
        for &kind in VerdictKind::ALL {
            assert_eq!(through_sqlite::<VerdictKind>(&kind).expect("reads"), kind);
        }
        for pain in (0..=PainScore::MAX).filter_map(PainScore::new) {
            assert_eq!(through_sqlite::<PainScore>(&pain).expect("reads"), pain);
        }
        let none: Option<PainScore> = None;
        assert_eq!(
            through_sqlite::<Option<PainScore>>(&none).expect("reads"),
            None
        );
    }

    #[test]
    fn unknown_or_mistyped_values_are_errors_not_panics() {
        let unknown = through_sqlite::<Ending>(&"finished").expect_err("unknown");
        assert!(
            unknown.to_string().contains(r#"unknown ending "finished""#),
            "{unknown}"
        );
        let unknown = through_sqlite::<VerdictKind>(&"Go ahead").expect_err("unknown");
        assert!(
            unknown
                .to_string()
                .contains(r#"unknown verdict "Go ahead""#),
            "{unknown}"
        );
        assert!(through_sqlite::<Ending>(&3).is_err());
        assert!(through_sqlite::<VerdictKind>(&None::<String>).is_err());
        for out_of_range in [11, -1, 300] {
            assert!(matches!(
                through_sqlite::<PainScore>(&out_of_range),
                Err(rusqlite::Error::IntegralValueOutOfRange(0, n)) if n == out_of_range
            ));
        }
        assert!(through_sqlite::<PainScore>(&"five").is_err());
    }
}
