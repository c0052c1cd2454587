//! Where `run`, `check` and the questions find the session log, which lives in `journal`.

pub use crate::journal::SessionLog;
