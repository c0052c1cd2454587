//! The session journal: SQLite storage and the outcome rules that read it (content.md §4).
//!
//! `store` owns the file; `rules` are pure functions over what it returns, so every medical
//! rule is tested on hand-made histories without a database.

pub mod record;
pub mod rules;
pub mod store;

pub use record::{ScreeningRecord, SessionFilter, SessionRecord, StoredSession};
pub use rules::{area_advice, remembered_all_clear};
pub use store::{Journal, JournalError};
