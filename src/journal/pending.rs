//! Sessions kept beside a journal that could not be written, so a finished session is never
//! lost.
//!
//! When the journal cannot take a session (another program holds it past
//! [`super::store::BUSY_TIMEOUT`], the disk is full, it is read-only), the session (or the
//! after-check of one) is appended to `journal.pending.jsonl` beside it: one JSON
//! object per line, readable by a person, each line written whole and flushed to disk under
//! a file lock. The next start that opens the journal adds every line in one transaction
//! ([`super::Journal::import_pending`]) and removes the file; until then the rules read the
//! file where it is ([`with_pending`]), so a session waiting here counts like a row. A line
//! that cannot be read is never dropped: it is appended to `journal.pending.damaged.jsonl`
//! and reported.
//!
//! A session line holds the [`SessionRecord`]'s fields and, when there are any, its notes
//! (`"reasons"`, `"symptoms"`: lists of strings; `"note"`, `"stopped_at_step"`; for a
//! resumed session, `"continues"`: the id of the row it is written over); an after-check
//! line holds the [`AfterCheck`]'s fields and the ids of the new symptoms (`"symptoms"`).
//! Lines written before the notes were kept have none, and read as having none.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::record::{SessionNotes, SessionRecord, StoredSession};
use crate::paths::shown;
use crate::safety::{PainScore, VerdictKind};

/// How many times a writer reopens a pending file an importer removed under it.
const REOPEN_TRIES: usize = 5;

/// Where a run's session was kept: in the journal (with its row id) or, while the journal
/// was locked, in the pending file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    /// The journal's row id; `None` while the session waits in the pending file.
    pub id: Option<i64>,
    /// When the session began: with the routines, what finds it again.
    pub started_at: Timestamp,
}

/// The after-check of a saved session, kept until the journal can take it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AfterCheck {
    /// The journal's row id of the session, or `None` for a session still pending.
    pub id: Option<i64>,
    /// When the session began (checked against the row, or finds the pending session).
    #[serde(serialize_with = "as_rfc3339")]
    pub started_at: Timestamp,
    pub pain_after: PainScore,
    /// Whether new symptoms were reported; `None` when the questions about them were not
    /// answered (the person left after the pain score): never taken as "no".
    pub new_symptoms: Option<bool>,
    /// When the after-check was answered: kept in the pending file, never as the session's
    /// end (the minutes of a session are its steps').
    #[serde(serialize_with = "as_rfc3339")]
    pub ended_at: Timestamp,
}

impl AfterCheck {
    /// The line the pending file holds for it, with the ids of the new `symptoms`.
    pub fn to_line(&self, symptoms: &[String]) -> String {
        serde_json::to_string(&Line::AfterCheck(AfterCheckLine {
            check: self,
            symptoms,
        }))
        .unwrap_or_default()
    }

    /// Puts the after-check into a session's record.
    pub fn apply_to(&self, record: &mut SessionRecord) {
        record.pain_after = Some(self.pain_after);
        record.new_symptoms = self.new_symptoms;
    }
}

/// One line of the pending file, as written.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Line<'a> {
    Session(SessionLine<'a>),
    AfterCheck(AfterCheckLine<'a>),
}

/// A session's fields, then its notes (left out when empty).
#[derive(Serialize)]
struct SessionLine<'a> {
    #[serde(flatten)]
    record: &'a SessionRecord,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    reasons: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    symptoms: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped_at_step: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    continues: Option<i64>,
}

impl<'a> SessionLine<'a> {
    fn new(record: &'a SessionRecord, notes: &'a SessionNotes) -> SessionLine<'a> {
        SessionLine {
            record,
            reasons: &notes.reasons,
            symptoms: &notes.symptoms,
            note: notes.note.as_deref(),
            stopped_at_step: notes.stopped_at_step,
            continues: notes.continues,
        }
    }
}

/// An after-check's fields, then the ids of the new symptoms (left out when none).
#[derive(Serialize)]
struct AfterCheckLine<'a> {
    #[serde(flatten)]
    check: &'a AfterCheck,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    symptoms: &'a [String],
}

/// One line of the pending file, read back and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A session, with the notes it was saved with (none from an older line).
    Session(SessionRecord, SessionNotes),
    /// An after-check, with the ids of the new symptoms it reported (none from an older
    /// line).
    AfterCheck(AfterCheck, Vec<String>),
}

/// A line as text fields, before every value is checked: the one place a pending line is
/// turned into types (its names are the ones [`SessionRecord`] and [`AfterCheck`] write).
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum RawLine {
    Session {
        started_at: String,
        ended_at: String,
        routines: Vec<String>,
        areas: Vec<String>,
        verdict: String,
        pain_before: Option<u8>,
        pain_after: Option<u8>,
        new_symptoms: Option<bool>,
        steps_done: u32,
        steps_total: u32,
        ending: String,
        #[serde(default)]
        reasons: Vec<String>,
        #[serde(default)]
        symptoms: Vec<String>,
        #[serde(default)]
        note: Option<String>,
        #[serde(default)]
        stopped_at_step: Option<u32>,
        #[serde(default)]
        continues: Option<i64>,
    },
    AfterCheck {
        id: Option<i64>,
        started_at: String,
        pain_after: u8,
        #[serde(default)]
        new_symptoms: Option<bool>,
        ended_at: String,
        #[serde(default)]
        symptoms: Vec<String>,
    },
}

/// Reads one pending line; the error says what is wrong with it.
pub fn parse_line(line: &str) -> Result<Entry, String> {
    let raw: RawLine = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let time = |text: &str| text.parse::<Timestamp>().map_err(|e| e.to_string());
    let pain = |value: u8| PainScore::new(value).ok_or(format!("pain {value} is not 0-10"));
    let entry = match raw {
        RawLine::Session {
            started_at,
            ended_at,
            routines,
            areas,
            verdict,
            pain_before,
            pain_after,
            new_symptoms,
            steps_done,
            steps_total,
            ending,
            reasons,
            symptoms,
            note,
            stopped_at_step,
            continues,
        } => Entry::Session(
            SessionRecord {
                started_at: time(&started_at)?,
                ended_at: time(&ended_at)?,
                routines,
                areas,
                verdict: verdict.parse::<VerdictKind>().map_err(|e| e.to_string())?,
                pain_before: pain_before.map(pain).transpose()?,
                pain_after: pain_after.map(pain).transpose()?,
                new_symptoms,
                steps_done,
                steps_total,
                ending: ending
                    .parse()
                    .map_err(|e: super::UnknownEnding| e.to_string())?,
            },
            SessionNotes {
                reasons,
                symptoms,
                note,
                stopped_at_step,
                continues,
                ..SessionNotes::default()
            },
        ),
        RawLine::AfterCheck {
            id,
            started_at,
            pain_after,
            new_symptoms,
            ended_at,
            symptoms,
        } => Entry::AfterCheck(
            AfterCheck {
                id,
                started_at: time(&started_at)?,
                pain_after: pain(pain_after)?,
                new_symptoms,
                ended_at: time(&ended_at)?,
            },
            symptoms,
        ),
    };
    Ok(entry)
}

/// The pending file beside one journal.
#[derive(Debug, Clone)]
pub struct PendingFile {
    path: PathBuf,
}

/// What went wrong with the pending file.
#[derive(Debug, thiserror::Error)]
#[error("cannot use {} ({source})", shown(.path))]
pub struct PendingError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// The lines an importer took out of the pending file, under its lock.
pub struct Taken {
    /// The lines that were read, in order.
    pub entries: Vec<Entry>,
    /// Lines that could not be read (or, once the importer has looked, matched), with why.
    pub damaged: Vec<(String, String)>,
    /// The locked file; [`PendingFile::finish`] removes it.
    file: File,
}

/// The lines of a pending file: those read, and those that could not be, with why.
type ReadLines = (Vec<Entry>, Vec<(String, String)>);

/// What a pending file's entries amount to, in the order written.
#[derive(Debug, Default)]
pub struct Merged {
    /// Its sessions, each with the after-checks written after it for it (the last wins).
    pub sessions: Vec<(SessionRecord, SessionNotes)>,
    /// The starts of the sessions above that took an after-check.
    pub checked: BTreeSet<Timestamp>,
    /// The after-checks of sessions not in the file (journal rows, or none: said by the
    /// importer), in order.
    pub checks: Vec<(AfterCheck, Vec<String>)>,
}

/// Puts each after-check into the session it follows in the file (no row id, the same
/// start); the others are left for the journal's rows. The one rule for both the import and
/// the rules that read the file before it can be imported.
pub fn merge(entries: Vec<Entry>) -> Merged {
    let mut merged = Merged::default();
    for entry in entries {
        match entry {
            Entry::Session(record, notes) => merged.sessions.push((record, notes)),
            Entry::AfterCheck(check, symptoms) => {
                let waiting = merged
                    .sessions
                    .iter_mut()
                    .find(|(r, _)| check.id.is_none() && r.started_at == check.started_at);
                match waiting {
                    Some((record, notes)) => {
                        check.apply_to(record);
                        notes.symptoms = symptoms;
                        merged.checked.insert(check.started_at);
                    }
                    None => merged.checks.push((check, symptoms)),
                }
            }
        }
    }
    merged
}

/// The journal's sessions as they will be once the pending `entries` are added: each
/// after-check in its session, and each new session after the journal's (with the ids
/// that follow its last), as the import would add them. What the rules read while the
/// journal cannot take them, so a session kept beside it counts exactly like a row.
pub fn with_pending(mut stored: Vec<StoredSession>, entries: Vec<Entry>) -> Vec<StoredSession> {
    let merged = merge(entries);
    for (check, symptoms) in &merged.checks {
        for session in stored.iter_mut().filter(|s| {
            s.record.started_at == check.started_at && check.id.is_none_or(|id| id == s.id)
        }) {
            check.apply_to(&mut session.record);
            session.notes.symptoms.clone_from(symptoms);
        }
    }
    let mut next = stored.iter().map(|s| s.id).max().unwrap_or(0);
    for (record, notes) in merged.sessions {
        // A resumed session is written over the row it continues, when that row is there.
        if let Some(row) = notes
            .continues
            .and_then(|id| stored.iter_mut().find(|s| s.continued_by(id, &record)))
        {
            row.continue_with(&record, &notes);
            continue;
        }
        // Already added (a file that outlived its import): the import skips it too.
        let there = notes.continues.is_none()
            && stored.iter().any(|s| {
                s.record.started_at == record.started_at && s.record.routines == record.routines
            });
        if !there {
            next += 1;
            stored.push(StoredSession {
                id: next,
                record,
                notes,
            });
        }
    }
    stored
}

impl PendingFile {
    /// `journal.pending.jsonl` beside `journal` (`journal.sqlite3`).
    pub fn beside(journal: &Path) -> PendingFile {
        PendingFile {
            path: journal.with_extension("pending.jsonl"),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where unreadable lines are kept: `journal.pending.damaged.jsonl`.
    pub fn damaged_path(&self) -> PathBuf {
        self.path.with_extension("damaged.jsonl")
    }

    /// Keeps a session and its notes until the journal can take them.
    pub fn add_session(
        &self,
        record: &SessionRecord,
        notes: &SessionNotes,
    ) -> Result<(), PendingError> {
        self.append(&Line::Session(SessionLine::new(record, notes)))
    }

    /// Keeps an after-check and the ids of its new `symptoms` until the journal can take
    /// them.
    pub fn add_after_check(
        &self,
        check: &AfterCheck,
        symptoms: &[String],
    ) -> Result<(), PendingError> {
        self.append(&Line::AfterCheck(AfterCheckLine { check, symptoms }))
    }

    /// The line this file would hold for a session, for a person to keep when the file
    /// cannot be written.
    pub fn session_line(record: &SessionRecord, notes: &SessionNotes) -> String {
        serde_json::to_string(&Line::Session(SessionLine::new(record, notes))).unwrap_or_default()
    }

    /// Whether a line could be added now: the file is opened (created empty when missing,
    /// which the next import removes) for appending.
    pub fn probe(&self) -> Result<(), PendingError> {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map(drop)
            .map_err(|e| self.error(e))
    }

    fn error(&self, source: std::io::Error) -> PendingError {
        PendingError {
            path: self.path.clone(),
            source,
        }
    }

    /// Appends one line and flushes it to disk, holding the file's lock, in the file that is
    /// at the path (an importer may have removed the one opened).
    fn append(&self, line: &Line<'_>) -> Result<(), PendingError> {
        let mut text = serde_json::to_string(line).map_err(|e| self.error(e.into()))?;
        text.push('\n');
        for _ in 0..REOPEN_TRIES {
            let mut file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(|e| self.error(e))?;
            lock(&file).map_err(|e| self.error(e))?;
            if !self.is_at_path(&file)? {
                continue;
            }
            file.write_all(text.as_bytes()).map_err(|e| self.error(e))?;
            file.sync_all().map_err(|e| self.error(e))?;
            return Ok(());
        }
        Err(self.error(std::io::Error::other(
            "it was removed again and again while being written",
        )))
    }

    /// Whether `file` is still the one at the path (not removed by an importer).
    fn is_at_path(&self, file: &File) -> Result<bool, PendingError> {
        let open = file.metadata().map_err(|e| self.error(e))?;
        match std::fs::metadata(&self.path) {
            Ok(there) => Ok(there.ino() == open.ino() && there.dev() == open.dev()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(self.error(error)),
        }
    }

    /// Locks the pending file and reads it; `None` when there is none.
    pub fn take(&self) -> Result<Option<Taken>, PendingError> {
        for _ in 0..REOPEN_TRIES {
            let mut file = match OpenOptions::new().read(true).write(true).open(&self.path) {
                Ok(file) => file,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(error) => return Err(self.error(error)),
            };
            lock(&file).map_err(|e| self.error(e))?;
            if !self.is_at_path(&file)? {
                continue;
            }
            let (entries, damaged) = self.read_lines(&mut file)?;
            return Ok(Some(Taken {
                entries,
                damaged,
                file,
            }));
        }
        Ok(None)
    }

    /// The entries waiting in the file, read without changing it (under a shared lock, so
    /// no half-written line is read), for the rules to count them while the journal cannot
    /// take them; with how many lines could not be read. `None` when there is no file.
    pub fn read(&self) -> Result<Option<(Vec<Entry>, usize)>, PendingError> {
        use std::os::fd::AsRawFd as _;
        for _ in 0..REOPEN_TRIES {
            let mut file = match File::open(&self.path) {
                Ok(file) => file,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(error) => return Err(self.error(error)),
            };
            nix::fcntl::flock(file.as_raw_fd(), nix::fcntl::FlockArg::LockShared)
                .map_err(|e| self.error(e.into()))?;
            if !self.is_at_path(&file)? {
                continue;
            }
            let (entries, damaged) = self.read_lines(&mut file)?;
            return Ok(Some((entries, damaged.len())));
        }
        Ok(None)
    }

    /// Every line of an open pending file: the ones read, and the ones that could not be,
    /// with why.
    fn read_lines(&self, file: &mut File) -> Result<ReadLines, PendingError> {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| self.error(e))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut entries = Vec::new();
        let mut damaged = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            match parse_line(line) {
                Ok(entry) => entries.push(entry),
                Err(why) => damaged.push((line.to_string(), why)),
            }
        }
        Ok((entries, damaged))
    }

    /// After the journal has every readable line: keeps the damaged lines aside (appended
    /// and flushed first), then removes the pending file, still under its lock.
    pub fn finish(&self, taken: Taken) -> Result<(), PendingError> {
        if !taken.damaged.is_empty() {
            let aside = self.damaged_path();
            let fail = |source| PendingError {
                path: aside.clone(),
                source,
            };
            let mut file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&aside)
                .map_err(fail)?;
            for (line, _) in &taken.damaged {
                writeln!(file, "{line}").map_err(fail)?;
            }
            file.sync_all().map_err(fail)?;
        }
        std::fs::remove_file(&self.path).map_err(|e| self.error(e))?;
        drop(taken.file);
        Ok(())
    }
}

/// What opening the journal added from the pending file, for the user to be told.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Sessions added.
    pub sessions: usize,
    /// After-checks added to their sessions.
    pub after_checks: usize,
    /// Lines that could not be read or matched, and the file they were kept in.
    pub set_aside: Vec<String>,
    pub aside_path: PathBuf,
}

impl Imported {
    /// What to tell the user, one message per line; nothing when nothing was pending.
    pub fn notices(&self) -> Vec<String> {
        let mut notices = Vec::new();
        if self.sessions > 0 || self.after_checks > 0 {
            let what = match (self.sessions, self.after_checks) {
                (1, 0) => "1 session".to_string(),
                (n, 0) => format!("{n} sessions"),
                (0, 1) => "the after-check of 1 session".to_string(),
                (0, n) => format!("the after-checks of {n} sessions"),
                (1, _) => "1 session and its after-check".to_string(),
                (n, _) => format!("{n} sessions and their after-checks"),
            };
            notices.push(format!(
                "Added to the journal: {what} kept beside it while it could not be written."
            ));
        }
        if !self.set_aside.is_empty() {
            notices.push(format!(
                "{} line(s) of the pending sessions could not be added ({}); they were kept in {}.",
                self.set_aside.len(),
                self.set_aside.join("; "),
                shown(&self.aside_path)
            ));
        }
        notices
    }
}

/// Holds an exclusive lock on `file` until it is closed, waiting for any other holder.
/// (`File::lock` would do, from Rust 1.89; the crate supports 1.85.)
fn lock(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd as _;
    nix::fcntl::flock(file.as_raw_fd(), nix::fcntl::FlockArg::LockExclusive)
        .map_err(std::io::Error::from)
}

/// jiff's serde support is not enabled; a timestamp is written as its RFC 3339 text.
fn as_rfc3339<S: serde::Serializer>(at: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Ending;

    pub(crate) fn record(started_at: &str) -> SessionRecord {
        SessionRecord {
            started_at: started_at.parse().expect("timestamp"),
            ended_at: started_at.parse().expect("timestamp"),
            routines: vec!["neck".into()],
            areas: vec!["neck".into()],
            verdict: VerdictKind::GoAheadGently,
            pain_before: PainScore::new(5),
            pain_after: None,
            new_symptoms: None,
            steps_done: 2,
            steps_total: 3,
            ending: Ending::Stopped,
        }
    }

    #[test]
    fn every_line_reads_back_as_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pending = PendingFile::beside(&dir.path().join("journal.sqlite3"));
        assert_eq!(pending.path(), dir.path().join("journal.pending.jsonl"));
        let session = record("2024-05-01T10:00:00.123456789Z");
        let check = AfterCheck {
            id: Some(4),
            started_at: session.started_at,
            pain_after: PainScore::new(2).expect("0-10"),
            new_symptoms: Some(true),
            ended_at: "2024-05-01T10:09:00Z".parse().expect("timestamp"),
        };
        let notes = SessionNotes {
            reasons: vec!["pain of 5 out of 10 is moderate: light pressure only".into()],
            symptoms: vec![],
            ..SessionNotes::default()
        };
        let symptoms = vec!["tingling".to_string()];
        pending.add_session(&session, &notes).expect("adds");
        pending.add_after_check(&check, &symptoms).expect("adds");
        let text = std::fs::read_to_string(pending.path()).expect("reads");
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            text.starts_with(r#"{"kind":"session","started_at":"2024-05-01T10:00:00.123456789Z""#)
        );
        // Empty notes are left out, as older lines have none.
        assert!(
            text.lines().next().is_some_and(|l| l.ends_with(
                r#","reasons":["pain of 5 out of 10 is moderate: light pressure only"]}"#
            )),
            "{text}"
        );
        let taken = pending.take().expect("reads").expect("there");
        assert_eq!(
            taken.entries,
            [
                Entry::Session(session, notes),
                Entry::AfterCheck(check, symptoms)
            ]
        );
        assert!(taken.damaged.is_empty());
        pending.finish(taken).expect("removes");
        assert!(!pending.path().exists());
        assert!(pending.take().expect("reads").is_none());
    }

    #[test]
    fn a_damaged_line_is_kept_aside_never_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pending = PendingFile::beside(&dir.path().join("journal.sqlite3"));
        pending
            .add_session(&record("2024-05-01T10:00:00Z"), &SessionNotes::default())
            .expect("adds");
        let bad = r#"{"kind":"session","started_at":"yesterday"}"#;
        let out_of_range = serde_json::to_string(&Line::Session(SessionLine {
            record: &record("2024-05-02T10:00:00Z"),
            note: None,
            stopped_at_step: None,
            continues: None,
            reasons: &[],
            symptoms: &[],
        }))
        .expect("json")
        .replace(r#""pain_before":5"#, r#""pain_before":11"#);
        let mut file = OpenOptions::new()
            .append(true)
            .open(pending.path())
            .expect("opens");
        writeln!(file, "{bad}\n\n{out_of_range}").expect("writes");
        drop(file);
        let taken = pending.take().expect("reads").expect("there");
        assert_eq!(taken.entries.len(), 1);
        assert_eq!(taken.damaged.len(), 2);
        assert!(
            taken.damaged[1].1.contains("pain 11"),
            "{:?}",
            taken.damaged
        );
        pending.finish(taken).expect("finishes");
        let aside = std::fs::read_to_string(pending.damaged_path()).expect("kept aside");
        assert_eq!(aside, format!("{bad}\n{out_of_range}\n"));
        assert!(!pending.path().exists());
    }

    /// What the rules read while the journal cannot take the file: each after-check in its
    /// session (the last written wins, an unanswered list stays unknown), new sessions after
    /// the journal's rows, and a session already there not twice.
    #[test]
    fn pending_entries_merge_into_the_journal_as_the_import_would() {
        let row = StoredSession {
            id: 7,
            record: record("2024-05-01T10:00:00Z"),
            notes: SessionNotes::default(),
        };
        let check = |id, started_at: &str, new_symptoms| {
            let started_at = started_at.parse().expect("timestamp");
            AfterCheck {
                id,
                started_at,
                pain_after: PainScore::new(6).expect("0-10"),
                new_symptoms,
                ended_at: started_at,
            }
        };
        let waiting = record("2024-05-02T10:00:00Z");
        let entries = vec![
            Entry::AfterCheck(check(Some(7), "2024-05-01T10:00:00Z", None), vec![]),
            Entry::Session(waiting.clone(), SessionNotes::default()),
            Entry::AfterCheck(check(None, "2024-05-02T10:00:00Z", None), vec![]),
            Entry::AfterCheck(
                check(None, "2024-05-02T10:00:00Z", Some(true)),
                vec!["dizzy".into()],
            ),
            // Already in the journal: not counted twice.
            Entry::Session(row.record.clone(), SessionNotes::default()),
        ];
        let merged = with_pending(vec![row], entries);
        assert_eq!(merged.len(), 2, "{merged:?}");
        assert_eq!(merged[0].record.pain_after, PainScore::new(6));
        assert_eq!(merged[0].record.new_symptoms, None, "never taken as no");
        assert_eq!(merged[1].id, 8, "after the journal's rows");
        assert_eq!(merged[1].record.started_at, waiting.started_at);
        assert_eq!(merged[1].record.new_symptoms, Some(true));
        assert_eq!(merged[1].notes.symptoms, ["dizzy"]);
    }

    #[test]
    fn notices_say_what_was_added_and_what_was_kept_aside() {
        let one = Imported {
            sessions: 1,
            ..Imported::default()
        };
        assert_eq!(
            one.notices(),
            ["Added to the journal: 1 session kept beside it while it could not be written."]
        );
        assert!(Imported::default().notices().is_empty());
        let aside = Imported {
            set_aside: vec!["line 2: bad".into()],
            aside_path: PathBuf::from("/data/journal.pending.damaged.jsonl"),
            ..Imported::default()
        };
        assert_eq!(aside.notices().len(), 1);
        assert!(aside.notices()[0].contains("journal.pending.damaged.jsonl"));
    }
}
