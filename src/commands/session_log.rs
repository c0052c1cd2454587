//! The journal as `run` and `check` use it: optional, so a damaged or locked journal
//! warns once and the session still runs, unsaved.

use jiff::Timestamp;

use crate::app::App;
use crate::journal::rules::{area_advice, remembered_all_clear};
use crate::journal::{Journal, ScreeningRecord, SessionFilter, SessionRecord};
use crate::safety::general::{all_clear, rememberable_ids};
use crate::safety::{Answers, GeneralQuestion, PainScore};

pub struct SessionLog {
    journal: Option<Journal>,
}

impl SessionLog {
    pub fn open(app: &App) -> SessionLog {
        match Journal::open(&app.paths.journal_file()) {
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

    /// When the general questions were last answered all clear, if that may be reused now.
    pub fn remembered_all_clear(
        &self,
        general: &[GeneralQuestion],
        days: u32,
        now: Timestamp,
    ) -> Option<Timestamp> {
        let last = self.journal.as_ref()?.last_screening().ok()??;
        remembered_all_clear(Some(&last), &rememberable_ids(general), now, days)
            .then_some(last.answered_at)
    }

    /// Stores how the general questions were answered (only call when they were asked).
    pub fn record_screening(
        &mut self,
        general: &[GeneralQuestion],
        answers: &Answers,
        now: Timestamp,
    ) {
        let screening = ScreeningRecord {
            answered_at: now,
            all_clear: all_clear(general, answers),
            questions: rememberable_ids(general),
        };
        if let Some(journal) = &mut self.journal
            && let Err(error) = journal.record_screening(&screening)
        {
            self.give_up(error);
        }
    }

    /// Advice from earlier sessions for these areas (ongoing pain, no relief).
    pub fn advice_for(&self, areas: &[String], now: Timestamp) -> Vec<String> {
        let Some(journal) = &self.journal else {
            return Vec::new();
        };
        let Ok(sessions) = journal.sessions(&SessionFilter::default()) else {
            return Vec::new();
        };
        areas
            .iter()
            .filter_map(|area| area_advice(area, &sessions, now))
            .collect()
    }

    /// Saves a session; its id lets the after-check be added to it.
    pub fn record(&mut self, record: &SessionRecord) -> Option<i64> {
        let result = self.journal.as_mut()?.record(record);
        result.map_err(|error| self.give_up(error)).ok()
    }

    pub fn record_after_check(
        &mut self,
        id: Option<i64>,
        pain_after: PainScore,
        new_symptoms: bool,
    ) {
        let (Some(journal), Some(id)) = (&mut self.journal, id) else {
            return;
        };
        if let Err(error) =
            journal.record_after_check(id, pain_after, new_symptoms, Timestamp::now())
        {
            self.give_up(error);
        }
    }

    /// A journal that failed once is not tried again this run: one warning is enough.
    fn give_up(&mut self, error: crate::journal::JournalError) {
        eprintln!("selfmassage: warning: {error:#}. This session was not saved.");
        self.journal = None;
    }
}
