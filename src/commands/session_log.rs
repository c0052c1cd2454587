//! The journal as `run` and `check` use it: optional, so a damaged or locked journal
//! warns once and the session still runs, unsaved.

use jiff::Timestamp;

use crate::journal::rules::{Finding, findings};
use crate::journal::{Journal, SessionFilter, SessionNotes, SessionRecord};
use crate::safety::PainScore;
use crate::settings::Settings;

pub struct SessionLog {
    journal: Option<Journal>,
}

impl SessionLog {
    pub fn open(settings: &Settings) -> SessionLog {
        match Journal::open(&settings.paths.journal_file()) {
            Ok(journal) => SessionLog {
                journal: Some(journal),
            },
            Err(error) => {
                eprintln!("selfmassage: warning: {error:#}. This session will not be saved.");
                SessionLog { journal: None }
            }
        }
    }

    /// Whether the journal is in use (a session will be saved).
    pub fn is_saving(&self) -> bool {
        self.journal.is_some()
    }

    /// What earlier sessions in these areas found (`journal::rules`), for the verdict
    /// and the advice after a session. A journal that cannot be read finds nothing.
    pub fn findings(&self, areas: &[String], now: Timestamp) -> Vec<Finding> {
        let Some(journal) = &self.journal else {
            return Vec::new();
        };
        let Ok(sessions) = journal.sessions(&SessionFilter::default()) else {
            return Vec::new();
        };
        let tz = jiff::tz::TimeZone::system();
        areas
            .iter()
            .flat_map(|area| findings(area, &sessions, now, &tz))
            .collect()
    }

    /// Saves a session and its notes; its id lets the after-check be added to it.
    pub fn record(&mut self, record: &SessionRecord, notes: &SessionNotes) -> Option<i64> {
        let result = self.journal.as_mut()?.record_noted(record, notes);
        result.map_err(|error| self.give_up(error)).ok()
    }

    pub fn record_after_check(
        &mut self,
        id: Option<i64>,
        pain_after: PainScore,
        symptoms: &[String],
    ) {
        let (Some(journal), Some(id)) = (&mut self.journal, id) else {
            return;
        };
        if let Err(error) = journal.record_after_check(id, pain_after, symptoms, Timestamp::now()) {
            self.give_up(error);
        }
    }

    /// A journal that failed once is not tried again this run: one warning is enough.
    fn give_up(&mut self, error: crate::journal::JournalError) {
        eprintln!("selfmassage: warning: {error:#}. This session was not saved.");
        self.journal = None;
    }
}
