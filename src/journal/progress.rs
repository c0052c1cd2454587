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
//! session stopped part way. A resumed session is kept the same way, its line naming the
//! row it continues ([`SessionNotes::continues`]): recovered, it is written over that row,
//! not added as another session.

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
    let mut bytes = Vec::new();
    if file.read_to_end(&mut bytes).is_err() {
        return; // Left for a later start to read.
    }
    let pending = PendingFile::beside(journal);
    // Only the first line: `update` writes the new line before it cuts the old one's end,
    // so a crash between the two leaves the new line whole and a piece of the old after it.
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let parsed = std::str::from_utf8(first)
        .map_err(|error| error.to_string())
        .and_then(|line| parse_line(line.trim()));
    let kept = match parsed {
        _ if bytes.is_empty() => true,
        Ok(Entry::Session(record, notes)) => pending.add_session(&record, &notes).is_ok(),
        _ => set_aside(&pending, &bytes).is_ok(),
    };
    if kept {
        let _ = std::fs::remove_file(&path);
    }
}

/// Appends `bytes`, as they are, to the file where the pending file keeps lines it cannot
/// read, ending them with a newline.
fn set_aside(pending: &PendingFile, bytes: &[u8]) -> std::io::Result<()> {
    let mut damaged = OpenOptions::new()
        .create(true)
        .append(true)
        .open(pending.damaged_path())?;
    damaged.write_all(bytes)?;
    if !bytes.ends_with(b"\n") {
        damaged.write_all(b"\n")?;
    }
    damaged.sync_all()
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

    /// The journal's one session, after `recover` and an import.
    fn recovered(journal: &Path) -> Vec<crate::journal::StoredSession> {
        recover(journal);
        let mut journal = Journal::open(journal).expect("opens");
        journal.import_pending().expect("imports");
        journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions
    }

    #[test]
    fn a_crash_between_writing_the_new_line_and_cutting_the_old_one_keeps_the_new_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = dir.path().join("journal.sqlite3");
        let (record, mut notes) = at_step(1);
        notes.note = Some("a much longer note, so the old line outlasts the new".into());
        let mut running = Running::begin(&journal, &record, &notes).expect("kept");
        let written = std::fs::read(path_beside(&journal)).expect("reads");
        assert!(written.ends_with(b"\n"), "one whole line");
        assert_eq!(written.iter().filter(|&&b| b == b'\n').count(), 1);
        // `update` stopped after writing the new line, before `set_len`.
        let (record, notes) = at_step(2);
        let line = PendingFile::session_line(&record, &notes) + "\n";
        running.file.seek(SeekFrom::Start(0)).expect("seeks");
        running.file.write_all(line.as_bytes()).expect("writes");
        drop(running);

        let sessions = recovered(&journal);
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].notes.stopped_at_step, Some(2));
        assert!(!PendingFile::beside(&journal).damaged_path().exists());
    }

    #[test]
    fn a_record_that_is_not_utf8_is_set_aside_not_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = dir.path().join("journal.sqlite3");
        let bytes = b"{\"session\": \"\xff\xfe\"}";
        std::fs::write(path_beside(&journal), bytes).expect("writes");
        assert!(recovered(&journal).is_empty());
        assert!(!path_beside(&journal).exists());
        let aside = std::fs::read(PendingFile::beside(&journal).damaged_path()).expect("aside");
        assert_eq!(aside, [&bytes[..], b"\n"].concat());
    }

    #[test]
    fn an_empty_record_is_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = dir.path().join("journal.sqlite3");
        std::fs::write(path_beside(&journal), b"").expect("writes");
        recover(&journal);
        assert_eq!(std::fs::read_dir(dir.path()).expect("lists").count(), 0);
    }

    #[test]
    fn a_resumed_session_killed_part_way_is_recovered_over_the_row_it_continues() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        // Stopped with `q` at step 2, one step done, and saved.
        let (mut first, notes) = at_step(2);
        first.ending = Ending::Stopped;
        let id = Journal::open(&path)
            .expect("opens")
            .record_noted(&first, &notes)
            .expect("records");
        // Resumed at step 2, on to step 3 (step 2 done), then killed.
        let (mut resumed, mut again) = at_step(3);
        resumed.ended_at = "2026-03-01T08:20:00Z".parse().expect("timestamp");
        again.note = None;
        again.resumed = true;
        again.continues = Some(id);
        let running = Running::begin(&path, &resumed, &again).expect("kept");
        drop(running);

        let sessions = recovered(&path);
        assert_eq!(sessions.len(), 1, "one session, not two: {sessions:?}");
        let saved = &sessions[0];
        assert_eq!(saved.id, id);
        assert_eq!(
            saved.record.steps_done, 2,
            "with the step done after the resume"
        );
        assert_eq!(saved.record.ending, Ending::Signal);
        assert_eq!(saved.record.ended_at, resumed.ended_at);
        assert_eq!(saved.record.started_at, first.started_at);
        assert_eq!(saved.notes.stopped_at_step, Some(3));
        assert!(saved.notes.resumed);
        assert_eq!(saved.notes.note.as_deref(), Some("after yoga"), "kept");
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
