//! The session journal: SQLite storage and the outcome rules that read it
//! (docs/health-sources.md#pain-ratings-and-outcomes).
//!
//! `record` holds the plain data and `store` owns the file; `rules` are pure functions over
//! records, so every medical rule is tested on hand-made histories without a database.
//! `sql` is where a stored value is turned into a type and back: nowhere else.

pub mod correction;
mod log;
#[cfg(test)]
mod old_journals;
pub mod pending;
pub mod progress;
pub mod record;
pub mod resume;
pub mod rules;
mod sql;
pub mod store;
pub mod trend;

pub use correction::{Correction, Edit, Field};
pub use log::{SessionLog, open_to_correct, read_all};
pub use pending::{AfterCheck, Imported, PendingFile, Saved};
pub use record::{
    BadSince, Ending, ScreeningRecord, SessionFilter, SessionNotes, SessionRecord, Since,
    StoredSession, UnknownEnding,
};
pub use rules::{area_advice, area_notes};
pub use store::{CorrectionError, Journal, JournalError, Sessions, UnreadableRow};
