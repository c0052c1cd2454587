//! Saving a session, with every fallback, behind one type; and reading the journal for the
//! commands that only read.
//!
//! A session is never lost and never silently unsaved: whatever stops the journal from
//! taking it (locked, disk full, a read-only file or folder, a damaged or newer file), the
//! session and its after-check go to the pending file beside it ([`super::pending`]) with
//! the cause said plainly, and are added at the next start that can write. Only when the
//! pending file cannot be written either is the session printed on stderr, so it can still
//! be kept by hand. A journal that cannot be read is said before the questions, and its
//! rules never pass as "nothing found" (see [`SessionLog::findings`]).

use std::path::Path;

use jiff::Timestamp;

use super::pending::{AfterCheck, PendingError, PendingFile, Saved, with_pending};
use super::record::{SessionFilter, SessionNotes, SessionRecord};
use super::rules::{Finding, findings};
use super::store::{BUSY_TIMEOUT, Journal, JournalError, Sessions};
use crate::paths::shown;
use crate::safety::{Clearance, PainScore};
use crate::settings::Settings;
use crate::ui::text::prose::warn;

/// The journal as `run` and `check` use it.
pub struct SessionLog {
    /// The journal, to read from (and to write to when `writable`); `None` when it cannot
    /// be read, or there is none yet and it cannot be created.
    journal: Option<Journal>,
    /// Whether sessions go into `journal`; otherwise into `pending`.
    writable: bool,
    /// The journal cannot be read: its earlier sessions are unknown.
    unreadable: bool,
    pending: PendingFile,
    /// The start of this run's session when it could be kept nowhere (it was printed):
    /// its after-check is printed too.
    unsaved: Option<Timestamp>,
    /// Something of this run could be kept nowhere (it was printed): the run fails.
    lost: bool,
    /// The after-check went to the pending file and the person was told: it is saved again
    /// as answers come, without saying so again.
    said_after_check_kept: bool,
    /// The after-check could be kept nowhere and its line was printed with why: later
    /// answers print only the line that replaces it.
    said_after_check_lost: bool,
}

impl SessionLog {
    /// Opens the journal for this run and adds what was kept beside it. Anything that will
    /// keep this session out of the journal, or earlier sessions out of the rules, is said
    /// now, on stderr, before the questions.
    pub fn open(settings: &Settings) -> SessionLog {
        SessionLog::open_at(&settings.paths.journal_file())
    }

    /// [`SessionLog::open`] for the journal at `path`.
    pub fn open_at(path: &Path) -> SessionLog {
        // A session ended by a crash goes to the pending file, and from there in now.
        super::progress::recover(path);
        let pending = PendingFile::beside(path);
        let mut log = match Journal::open(path) {
            Ok(mut journal) => {
                add_pending(&mut journal);
                SessionLog {
                    journal: Some(journal),
                    writable: true,
                    unreadable: false,
                    pending,
                    unsaved: None,
                    lost: false,
                    said_after_check_kept: false,
                    said_after_check_lost: false,
                }
            }
            Err(error) => {
                warn(&format!("{error:#}. {}", keeping(&pending)));
                // Read what can be read: a locked or read-only journal still has its history.
                let (journal, unreadable) = match Journal::open_read_only(path) {
                    Ok(journal) => (journal, false),
                    Err(_) => (None, true),
                };
                SessionLog {
                    journal,
                    writable: false,
                    unreadable,
                    pending,
                    unsaved: None,
                    lost: false,
                    said_after_check_kept: false,
                    said_after_check_lost: false,
                }
            }
        };
        if let Some(journal) = &log.journal {
            match journal.sessions(&SessionFilter::default()) {
                Ok(read) => read.warnings(path).iter().for_each(|w| warn(w)),
                Err(error) => {
                    warn(&format!("{error:#}"));
                    log.unreadable = true;
                }
            }
        }
        // Still there: the journal could not take it, and the rules read it where it is.
        match log.pending.read() {
            Ok(Some((_, 0)) | None) => {}
            Ok(Some((_, damaged))) => warn(&format!(
                "{damaged} line(s) of {} cannot be read; they are left out, and will be kept aside when the journal can be written",
                shown(log.pending.path())
            )),
            Err(error) => warn(&format!(
                "{error:#}: the sessions kept beside the journal cannot be read"
            )),
        }
        log
    }

    /// What earlier sessions in these areas found (`journal::rules`), for the verdict and
    /// the advice after a session. A journal that cannot be read is never "nothing found":
    /// it is a finding of its own, as a last session that went badly cannot be ruled out.
    /// The sessions kept beside the journal count exactly like its rows: the rules read them
    /// where they wait, so a session that went badly is found while the journal stays
    /// locked or read-only. When either cannot be read, what can be read still counts, and
    /// the history is also a finding of its own.
    pub fn findings(&self, areas: &[String], now: Timestamp) -> Vec<Finding> {
        let journal = match &self.journal {
            Some(journal) => journal
                .sessions(&SessionFilter::default())
                .ok()
                .map(|read| read.sessions),
            None if self.unreadable => None,
            None => Some(Vec::new()),
        };
        let pending = self.pending.read();
        let whole = journal.is_some() && pending.is_ok();
        let waiting = pending
            .ok()
            .flatten()
            .map(|(entries, _)| entries)
            .unwrap_or_default();
        let sessions = with_pending(journal.unwrap_or_default(), waiting);
        let tz = crate::local_time::zone();
        let mut found: Vec<Finding> = areas
            .iter()
            .flat_map(|area| findings(area, &sessions, now, &tz))
            .collect();
        if !whole {
            found.push(unknown_history());
        }
        found
    }

    /// Whether something of this run (the session, or how the person felt afterwards)
    /// could be kept nowhere and was printed for the person to keep: the run then fails.
    pub fn lost_something(&self) -> bool {
        self.lost
    }

    /// Where what this run saved is now, in words that finish "The session is saved …":
    /// "in your journal", or beside it in the pending file; `None` when something could be
    /// kept nowhere (it was printed, to be kept by hand).
    pub fn kept_where(&self) -> Option<String> {
        if self.lost {
            None
        } else if self.writable && self.journal.is_some() {
            Some("in your journal".to_string())
        } else {
            Some(format!(
                "beside your journal, in {}",
                shown(self.pending.path())
            ))
        }
    }

    /// Saves a session and its notes: in the journal, or, when it cannot take them (for any
    /// reason, said), in the pending file beside it. Where it went lets the after-check be
    /// added to it; `None` only when it could be kept nowhere (it is then printed on stderr).
    /// A resumed session ([`SessionNotes::continues`]) is written over the row it continues,
    /// so the journal keeps one session with all its steps (as a session of its own when
    /// that row is gone); the pending file keeps which row, for its import to do the same.
    pub fn record(&mut self, record: &SessionRecord, notes: &SessionNotes) -> Option<Saved> {
        let started_at = record.started_at;
        let mut cause = None;
        if let Some(journal) = self.journal.as_mut().filter(|_| self.writable) {
            let written = match notes.continues {
                Some(id) => journal
                    .continue_session(id, record, notes)
                    .map(|changed| (changed == 1).then_some(id)),
                None => Ok(None),
            }
            .and_then(|continued| match continued {
                Some(id) => Ok(id),
                None => journal.record_noted(record, notes),
            });
            match written {
                Ok(id) => {
                    return Some(Saved {
                        id: Some(id),
                        started_at,
                    });
                }
                Err(error) => cause = Some(self.stop_writing(&error)),
            }
        }
        let kept = self.keep_pending(
            cause,
            "this session",
            true,
            |pending| pending.add_session(record, notes),
            || PendingFile::session_line(record, notes),
        );
        if !kept {
            self.unsaved = Some(started_at);
        }
        kept.then_some(Saved {
            id: None,
            started_at,
        })
    }

    /// Adds the after-check to the saved session, wherever it was saved (or, when the
    /// journal cannot take it, beside it; or prints it beside a session that was printed).
    /// `symptoms`: the ids of the new symptoms reported (none: no new symptoms), or `None`
    /// when that was not answered. Called again as more is answered: the last one holds.
    pub fn record_after_check(
        &mut self,
        saved: Option<Saved>,
        pain_after: PainScore,
        symptoms: Option<&[String]>,
    ) {
        let unsaved = self.unsaved.map(|started_at| Saved {
            id: None,
            started_at,
        });
        let Some(saved) = saved.or(unsaved) else {
            return;
        };
        let check = AfterCheck {
            id: saved.id,
            started_at: saved.started_at,
            pain_after,
            new_symptoms: symptoms.map(|s| !s.is_empty()),
            ended_at: Timestamp::now(),
        };
        let symptoms = symptoms.unwrap_or_default();
        // A session still pending takes its after-check in the same file.
        let mut cause = None;
        if saved.id.is_some()
            && let Some(journal) = self.journal.as_mut().filter(|_| self.writable)
        {
            match journal.record_after_check(&check, symptoms) {
                Ok(()) => return,
                Err(error) => cause = Some(self.stop_writing(&error)),
            }
        }
        let say = cause.is_some() || !(self.said_after_check_kept || self.said_after_check_lost);
        if self.keep_pending(
            cause,
            "how you felt afterwards",
            say,
            |pending| pending.add_after_check(&check, symptoms),
            || check.to_line(symptoms),
        ) {
            self.said_after_check_kept = true;
        } else {
            self.said_after_check_lost = true;
        }
    }

    /// A journal that failed a write is not written again this run: what is left goes
    /// beside it. Why, in words.
    fn stop_writing(&mut self, error: &JournalError) -> String {
        self.writable = false;
        match error {
            // Its own message says to try again: here nothing needs doing.
            JournalError::Locked { .. } => format!(
                "the journal is locked (by another program, for more than {} seconds)",
                BUSY_TIMEOUT.as_secs()
            ),
            other => format!("{other:#}"),
        }
    }

    /// Keeps `what` in the pending file and says so (when `say`), after the `cause` (when
    /// this write found it); when that fails too, prints the line it would have held (with
    /// why when `say`; else only the line, which replaces the one printed before), so
    /// nothing is lost, and the run fails. Whether it was kept.
    fn keep_pending(
        &mut self,
        cause: Option<String>,
        what: &str,
        say: bool,
        add: impl FnOnce(&PendingFile) -> Result<(), PendingError>,
        line: impl FnOnce() -> String,
    ) -> bool {
        let cause = cause.map(|cause| format!("{cause}; ")).unwrap_or_default();
        match add(&self.pending) {
            Ok(()) => {
                if !say {
                    return true;
                }
                warn(&format!(
                    "{cause}{what} was kept in {}, beside the journal, and will be added to it at the next start that can write it.",
                    shown(self.pending.path())
                ));
                true
            }
            Err(_) if !say => {
                // Told once already, with why: only the line that now replaces that one.
                self.lost = true;
                warn(&format!(
                    "{what}, as now answered (this line replaces the one above):\n{}",
                    line()
                ));
                false
            }
            Err(error) => {
                self.lost = true;
                warn(&format!(
                    "{cause}{error:#}, so {what} could not be saved. To keep it, add this line to {} once it can be written:\n{}",
                    shown(self.pending.path()),
                    line()
                ));
                false
            }
        }
    }
}

/// What the user is told, beside why the journal cannot be written, about where this
/// session will go.
fn keeping(pending: &PendingFile) -> String {
    match pending.probe() {
        Ok(()) => format!(
            "This session will be kept in {}, beside it, and added when the journal can be written.",
            shown(pending.path())
        ),
        Err(error) => format!("{error:#}, so this session cannot be saved."),
    }
}

/// The finding for a journal whose sessions cannot be read: how the last one went is
/// unknown, so a doctor's word is asked for, as after one that went badly. (Why it cannot
/// be read was said on stderr when it was opened.)
fn unknown_history() -> Finding {
    let sentence =
        "Your journal cannot be read, so whether your last session went badly cannot be checked.";
    Finding {
        id: "journal-unreadable".to_string(),
        text:
            "your journal cannot be read, so whether your last session went badly cannot be checked"
                .to_string(),
        sentence: sentence.to_string(),
        noted: "The journal could not be read, so the last session could not be checked."
            .to_string(),
        question: Some(format!(
            "{sentence} Did your last session go well, or has a doctor since said you can carry on?"
        )),
        clearance: Clearance::Doctor,
    }
}

/// Adds the sessions kept beside the journal, and says so on stderr; a failure leaves them
/// waiting for the next start.
fn add_pending(journal: &mut Journal) {
    match journal.import_pending() {
        Ok(imported) => {
            for notice in imported.notices() {
                crate::ui::text::prose::notice(&notice);
            }
        }
        Err(error) => warn(&format!(
            "{error:#}. Sessions kept beside the journal will be added at the next start."
        )),
    }
}

/// Every session in the journal at `path`, for the commands that only read (`history`,
/// `report`, `again`, `resume`, `plan`): opened read-only, so a journal on a read-only disk
/// or of another account can be shown. Sessions kept beside it are added first when there
/// are any and the journal can take them (the one write, said on stderr; it creates the
/// journal when there was none); when it cannot, they are read as the rules read them
/// ([`with_pending`]) and their ids are listed in [`Sessions::waiting`]. Each row that
/// cannot be read is named on stderr and left out. No journal yet is no sessions, and none
/// is created.
pub fn read_all(path: &Path) -> Result<Sessions, JournalError> {
    super::progress::recover(path);
    let pending = PendingFile::beside(path);
    if pending.path().exists() {
        match Journal::open(path) {
            Ok(mut journal) => add_pending(&mut journal),
            Err(error) => warn(&format!(
                "{error:#}. Sessions kept in {} are shown as they will be; they will be added at the next start that can write the journal.",
                shown(pending.path())
            )),
        }
    }
    let mut read = match Journal::open_read_only(path)? {
        Some(journal) => journal.sessions(&SessionFilter::default())?,
        None => Sessions::default(),
    };
    for warning in read.warnings(path) {
        warn(&warning);
    }
    // Still beside the journal (it could not take them): read as they will be.
    match pending.read() {
        Ok(Some((entries, _))) if !entries.is_empty() => {
            let before: Vec<i64> = read.sessions.iter().map(|s| s.id).collect();
            read.sessions = with_pending(std::mem::take(&mut read.sessions), entries);
            read.waiting = read
                .sessions
                .iter()
                .map(|s| s.id)
                .filter(|id| !before.contains(id))
                .collect();
        }
        Ok(_) => {}
        Err(error) => warn(&format!("{error:#}")),
    }
    Ok(read)
}

/// The journal at `path` for `journal edit` and `journal delete`, with the sessions kept
/// beside it added first, so every id `history` showed is there. `Ok(None)` when there is no
/// journal and nothing waiting for one (none is created).
pub fn open_to_correct(path: &Path) -> Result<Option<Journal>, JournalError> {
    let waiting = PendingFile::beside(path).path().exists();
    let mut journal = match Journal::open_existing(path)? {
        Some(journal) => journal,
        None if waiting => Journal::open(path)?,
        None => return Ok(None),
    };
    add_pending(&mut journal);
    Ok(Some(journal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Ending;
    use crate::safety::VerdictKind;

    fn session(started_at: &str) -> SessionRecord {
        let started_at: Timestamp = started_at.parse().expect("timestamp");
        SessionRecord {
            started_at,
            ended_at: started_at,
            routines: vec!["neck".into()],
            areas: vec!["neck".into()],
            verdict: VerdictKind::GoAhead,
            pain_before: PainScore::new(4),
            pain_after: None,
            new_symptoms: None,
            steps_done: 3,
            steps_total: 3,
            ending: Ending::Completed,
        }
    }

    #[test]
    fn a_journal_that_cannot_be_read_is_a_finding_not_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        std::fs::write(&path, b"not a database, a shopping list".repeat(200)).expect("writes");
        let log = SessionLog::open_at(&path);
        let found = log.findings(&["neck".to_string()], Timestamp::now());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].id, "journal-unreadable");
        assert!(
            found[0].text.contains("cannot be read"),
            "{}",
            found[0].text
        );
    }

    #[test]
    fn a_resumed_session_the_journal_cannot_take_later_goes_over_its_row() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let mut first = session("2024-05-01T10:00:00Z");
        first.ending = Ending::Stopped;
        first.steps_done = 1;
        first.pain_after = PainScore::new(1);
        let stopped = SessionNotes {
            stopped_at_step: Some(2),
            ..SessionNotes::default()
        };
        let id = Journal::open(&path)
            .expect("opens")
            .record_noted(&first, &stopped)
            .expect("records");
        let mut log = SessionLog::open_at(&path);
        // A write failed earlier this run: the rest goes beside the journal.
        log.writable = false;
        let resumed = session("2024-05-01T10:00:00Z");
        let notes = SessionNotes {
            resumed: true,
            continues: Some(id),
            ..SessionNotes::default()
        };
        let saved = log.record(&resumed, &notes);
        assert_eq!(saved.map(|s| s.id), Some(None), "kept beside the journal");
        log.record_after_check(saved, PainScore::new(2).expect("0-10"), Some(&[]));
        drop(log);

        let log = SessionLog::open_at(&path);
        let journal = log.journal.as_ref().expect("opens");
        let read = journal.sessions(&SessionFilter::default()).expect("reads");
        assert_eq!(read.sessions.len(), 1, "not another session: {read:?}");
        let row = &read.sessions[0];
        assert_eq!(row.id, id);
        assert_eq!(row.record.steps_done, 3);
        assert_eq!(row.record.ending, Ending::Completed);
        assert_eq!(row.record.pain_after, PainScore::new(2));
        assert_eq!(row.record.new_symptoms, Some(false));
        assert!(row.notes.resumed);
        assert_eq!(row.notes.stopped_at_step, None);
    }

    #[test]
    fn a_damaged_journal_keeps_the_session_and_its_after_check_beside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let garbage = b"not a database, a shopping list".repeat(200);
        std::fs::write(&path, &garbage).expect("writes");
        let mut log = SessionLog::open_at(&path);
        let saved = log.record(&session("2024-05-01T10:00:00Z"), &SessionNotes::default());
        assert_eq!(saved.map(|s| s.id), Some(None), "kept beside the journal");
        log.record_after_check(saved, PainScore::new(2).expect("0-10"), Some(&[]));
        assert_eq!(std::fs::read(&path).expect("reads"), garbage, "untouched");
        std::fs::rename(&path, dir.path().join("aside.sqlite3")).expect("moves aside");
        let log = SessionLog::open_at(&path);
        let journal = log.journal.as_ref().expect("a new journal");
        let read = journal.sessions(&SessionFilter::default()).expect("reads");
        assert_eq!(read.sessions.len(), 1);
        assert_eq!(read.sessions[0].record.pain_after, PainScore::new(2));
    }
}
