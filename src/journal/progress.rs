//! A session while it runs, kept beside the journal so that one ended by a crash is not
//! lost: the process killed (SIGKILL, the out-of-memory killer), the machine switched off.
//! A session is written to the journal when it ends; nothing runs at a crash.
//!
//! `journal.running.jsonl` holds one line in the pending file's format: the session as it
//! would be saved had it ended now, by a signal, at the step on screen. It is written when
//! the session begins and again at each step, under a file lock the running process holds
//! until it ends, and removed once the session is saved. A later start that finds it with
//! its lock free knows its process is gone: the line moves to the pending file, which the
//! next opening of the journal adds (`super::pending`), and `resume` continues it like any
//! session stopped part way.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use super::pending::{Entry, PendingFile, parse_line};
use super::record::{SessionNotes, SessionRecord};

/// `journal.running.jsonl` beside `journal` (`journal.sqlite3`).
fn path_beside(journal: &Path) -> PathBuf {
    journal.with_extension("running.jsonl")
}

/// Takes the lock on `file` if no other process holds it.
fn try_lock(file: &File) -> bool {
    use std::os::fd::AsRawFd as _;
    nix::fcntl::flock(
        file.as_raw_fd(),
        nix::fcntl::FlockArg::LockExclusiveNonblock,
    )
    .is_ok()
}

/// The record of the session this process is running.
#[derive(Debug)]
pub struct Running {
    path: PathBuf,
    /// Open and locked until the session is saved (or the process ends).
    file: File,
}

impl Running {
    /// Starts keeping the session beside `journal`, first moving a crashed session's record
    /// to the pending file. `None` when it cannot be kept (another session is running, the
    /// folder cannot be written): the session then runs as before, saved when it ends.
    pub fn begin(journal: &Path, record: &SessionRecord, notes: &SessionNotes) -> Option<Running> {
        recover(journal);
        let path = path_beside(journal);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .ok()?;
        if !try_lock(&file) {
            return None;
        }
        let mut running = Running { path, file };
        running.update(record, notes);
        Some(running)
    }

    /// Writes where the session is now, flushed to disk. A failure leaves the last record.
    pub fn update(&mut self, record: &SessionRecord, notes: &SessionNotes) {
        let line = PendingFile::session_line(record, notes) + "\n";
        let written = self
            .file
            .seek(SeekFrom::Start(0))
            .and_then(|_| self.file.write_all(line.as_bytes()))
            .and_then(|()| self.file.set_len(line.len() as u64))
            .and_then(|()| self.file.sync_data());
        // Nothing to tell the person mid-session: the session is saved as it ends anyway.
        let _ = written;
    }

    /// The session is saved: its record goes.
    pub fn end(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Moves the record of a session whose process ended without saving it (its lock is free)
/// to the pending file beside `journal`, where the next opening of the journal adds it.
/// A record that cannot be read is set aside as the pending file sets aside a bad line.
pub fn recover(journal: &Path) {
    let path = path_beside(journal);
    let Ok(mut file) = OpenOptions::new().read(true).write(true).open(&path) else {
        return;
    };
    if !try_lock(&file) {
        return; // Its session is still running.
    }
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    let pending = PendingFile::beside(journal);
    let kept = match parse_line(text.trim()) {
        Ok(Entry::Session(record, notes)) => pending.add_session(&record, &notes).is_ok(),
        _ if text.trim().is_empty() => true,
        _ => OpenOptions::new()
            .create(true)
            .append(true)
            .open(pending.damaged_path())
            .and_then(|mut damaged| damaged.write_all(text.as_bytes()))
            .is_ok(),
    };
    if kept {
        let _ = std::fs::remove_file(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Ending, Journal, SessionFilter};
    use crate::safety::VerdictKind;

    fn at_step(step: u32) -> (SessionRecord, SessionNotes) {
        let started_at: jiff::Timestamp = "2026-03-01T08:00:00Z".parse().expect("timestamp");
        let record = SessionRecord {
            started_at,
            ended_at: started_at,
            routines: vec!["neck".into()],
            areas: vec!["neck".into()],
            verdict: VerdictKind::GoAhead,
            pain_before: None,
            pain_after: None,
            new_symptoms: None,
            steps_done: step - 1,
            steps_total: 3,
            ending: Ending::Signal,
        };
        let notes = SessionNotes {
            stopped_at_step: Some(step),
            note: Some("after yoga".into()),
            ..SessionNotes::default()
        };
        (record, notes)
    }

    #[test]
    fn a_running_session_is_left_alone_and_a_dead_ones_record_reaches_the_journal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = dir.path().join("journal.sqlite3");
        let (record, notes) = at_step(1);
        let mut running = Running::begin(&journal, &record, &notes).expect("kept");
        let (record, notes) = at_step(2);
        running.update(&record, &notes);
        // Another process looks while it runs: the lock is held, nothing moves. (flock
        // locks belong to the open file, so a second open in this process is another
        // holder, as another process would be.)
        recover(&journal);
        assert!(path_beside(&journal).exists());
        assert!(!PendingFile::beside(&journal).path().exists());
        assert!(
            Running::begin(&journal, &record, &notes).is_none(),
            "one at a time"
        );

        // The process dies: its file is closed without `end`.
        drop(running);
        recover(&journal);
        assert!(!path_beside(&journal).exists());
        let journal = Journal::open(&journal).expect("opens");
        let mut journal = journal;
        journal.import_pending().expect("imports");
        let read = journal.sessions(&SessionFilter::default()).expect("reads");
        assert_eq!(read.sessions.len(), 1);
        let saved = &read.sessions[0];
        assert_eq!(saved.record.ending, Ending::Signal);
        assert_eq!(saved.record.steps_done, 1);
        assert_eq!(saved.notes.stopped_at_step, Some(2));
        assert_eq!(saved.notes.note.as_deref(), Some("after yoga"));
    }

    #[test]
    fn a_session_that_ends_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = dir.path().join("journal.sqlite3");
        let (record, notes) = at_step(1);
        Running::begin(&journal, &record, &notes)
            .expect("kept")
            .end();
        recover(&journal);
        assert_eq!(std::fs::read_dir(dir.path()).expect("lists").count(), 0);
    }
}
