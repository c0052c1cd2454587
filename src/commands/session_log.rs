//! The journal as `run` and `check` use it: optional, so a damaged journal warns once and
//! the session still runs, unsaved. A journal that stays locked loses nothing: the session
//! (and its after-check) is kept in the pending file beside it and added at the next start.

use jiff::Timestamp;

use crate::journal::pending::PendingError;
use crate::journal::rules::{Finding, findings};
use crate::journal::store::BUSY_TIMEOUT;
use crate::journal::{
    AfterCheck, Journal, JournalError, PendingFile, Saved, SessionFilter, SessionNotes,
    SessionRecord,
};
use crate::paths::shown;
use crate::safety::PainScore;
use crate::settings::Settings;
use crate::ui::width::warn;

pub struct SessionLog {
    journal: Option<Journal>,
    /// Where a session goes while the journal is locked; `None` once saving is given up.
    pending: Option<PendingFile>,
}

impl SessionLog {
    /// Opens the journal and adds what was kept while it was locked, saying so on stderr.
    pub fn open(settings: &Settings) -> SessionLog {
        let path = settings.paths.journal_file();
        let pending = Some(PendingFile::beside(&path));
        match Journal::open(&path) {
            Ok(mut journal) => {
                add_pending(&mut journal);
                SessionLog {
                    journal: Some(journal),
                    pending,
                }
            }
            Err(error @ JournalError::Locked { .. }) => {
                warn(&format!(
                    "{error:#}. This session will be kept beside it and added later."
                ));
                SessionLog {
                    journal: None,
                    pending,
                }
            }
            Err(error) => {
                warn(&format!("{error:#}. This session will not be saved."));
                SessionLog {
                    journal: None,
                    pending: None,
                }
            }
        }
    }

    /// Whether a session will be saved (in the journal, or beside it while it is locked).
    pub fn is_saving(&self) -> bool {
        self.journal.is_some() || self.pending.is_some()
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

    /// Saves a session and its notes (in the journal, or while it is locked in the pending
    /// file); where it went lets the after-check be added to it.
    pub fn record(&mut self, record: &SessionRecord, notes: &SessionNotes) -> Option<Saved> {
        let started_at = record.started_at;
        if let Some(journal) = &mut self.journal {
            match journal.record_noted(record, notes) {
                Ok(id) => {
                    return Some(Saved {
                        id: Some(id),
                        started_at,
                    });
                }
                Err(JournalError::Locked { .. }) => {}
                Err(error) => {
                    self.give_up(error);
                    return None;
                }
            }
        }
        self.keep_pending("this session", |pending| pending.add_session(record, notes))
            .then_some(Saved {
                id: None,
                started_at,
            })
    }

    /// Adds the after-check to the saved session, wherever it was saved.
    pub fn record_after_check(
        &mut self,
        saved: Option<Saved>,
        pain_after: PainScore,
        symptoms: &[String],
    ) {
        let Some(saved) = saved else {
            return;
        };
        let check = AfterCheck {
            id: saved.id,
            started_at: saved.started_at,
            pain_after,
            new_symptoms: !symptoms.is_empty(),
            ended_at: Timestamp::now(),
        };
        // A session still pending takes its after-check in the same file.
        if let (Some(journal), Some(_)) = (&mut self.journal, saved.id) {
            match journal.record_after_check(&check, symptoms) {
                Ok(()) => return,
                Err(JournalError::Locked { .. }) => {}
                Err(error) => return self.give_up(error),
            }
        }
        self.keep_pending("how you felt afterwards", |pending| {
            pending.add_after_check(&check, symptoms)
        });
    }

    /// Keeps `what` in the pending file while the journal is locked, and says so. Whether
    /// it was kept.
    fn keep_pending(
        &mut self,
        what: &str,
        add: impl FnOnce(&PendingFile) -> Result<(), PendingError>,
    ) -> bool {
        let Some(pending) = &self.pending else {
            return false;
        };
        match add(pending) {
            Ok(()) => {
                warn(&format!(
                    "the journal is locked (by another program, for more than {} seconds); {what} was kept in {} and will be added to the journal at the next start.",
                    BUSY_TIMEOUT.as_secs(),
                    shown(pending.path())
                ));
                true
            }
            Err(error) => {
                warn(&format!("{error:#}. This session was not saved."));
                self.pending = None;
                false
            }
        }
    }

    /// A journal that failed once is not tried again this run: one warning is enough.
    fn give_up(&mut self, error: JournalError) {
        warn(&format!("{error:#}. This session was not saved."));
        self.journal = None;
        self.pending = None;
    }
}

/// Adds the sessions kept while the journal was locked, and says so on stderr; a failure
/// leaves them waiting for the next start.
pub fn add_pending(journal: &mut Journal) {
    match journal.import_pending() {
        Ok(imported) => {
            for notice in imported.notices() {
                crate::ui::prose::notice(&notice);
            }
        }
        Err(error) => warn(&format!(
            "{error:#}. Sessions kept beside the journal will be added at the next start."
        )),
    }
}
