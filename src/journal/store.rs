//! The journal file: SQLite with a versioned schema, WAL, a busy timeout and one transaction
//! per write, so a crash or two sessions at once lose nothing.
//!
//! An existing file is never overwritten, truncated or deleted: a file that is not our
//! journal, or that a newer selfmassage wrote, is refused before anything is written to it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rusqlite::types::{Type, Value as SqlValue};
use rusqlite::{
    Connection, ErrorCode, MAIN_DB, OpenFlags, OptionalExtension as _, Row, TransactionBehavior,
    params,
};

use super::correction::{Correction, Current, Edit, Field, Value};
use super::pending::{AfterCheck, Imported, PendingError, PendingFile, merge};
use super::record::{ScreeningRecord, SessionFilter, SessionNotes, SessionRecord, StoredSession};
use crate::paths::shown;
use crate::safety::PainScore;

/// How long a write waits for another session's write before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Entry `i` takes the schema from version `i` to `i + 1`. Never edit one that has shipped:
/// add a new one.
pub(super) const MIGRATIONS: &[&str] = &[
    // v1: one row per session, however it ended.
    "CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        routines TEXT NOT NULL,
        areas TEXT NOT NULL,
        verdict TEXT NOT NULL,
        pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
        pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
        new_symptoms INTEGER,
        steps_done INTEGER NOT NULL,
        steps_total INTEGER NOT NULL,
        ending TEXT NOT NULL
    );",
    // v2: remembered answers to the general health questions.
    "CREATE TABLE screenings (
        answered_at TEXT NOT NULL,
        all_clear INTEGER NOT NULL
    );",
    // v3: which questions a screening covered, so a remembered "no" is never applied to
    // a question added later. Older rows cover nothing and are never reused.
    "ALTER TABLE screenings ADD COLUMN questions TEXT NOT NULL DEFAULT '';",
    // v4: why the questions stopped or slowed a session (the verdict's reason texts) and
    // which new symptoms the after-check reported (their ids), each a JSON array of
    // strings, for `report`. NULL in older rows: nothing was noted then.
    "ALTER TABLE sessions ADD COLUMN reasons TEXT;
     ALTER TABLE sessions ADD COLUMN symptoms TEXT;",
    // v5 (everyday use): the person's `note`; where a session that did not finish stopped
    // (`stopped_at_step`) and whether a later run continued it (`resumed`), for `resume`;
    // `deleted_at` for `journal delete`; and every change `journal edit` and `journal
    // delete` made, with the old and the new value, in `corrections`.
    "ALTER TABLE sessions ADD COLUMN note TEXT;
     ALTER TABLE sessions ADD COLUMN stopped_at_step INTEGER;
     ALTER TABLE sessions ADD COLUMN resumed INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE sessions ADD COLUMN deleted_at TEXT;
     CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL,
        field TEXT NOT NULL,
        old TEXT,
        new TEXT,
        at TEXT NOT NULL
     );",
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What went wrong with the journal; every message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error(
        "{} is not a selfmassage journal ({reason}); it was left untouched — move it aside to start a new one",
        shown(.path)
    )]
    NotAJournal { path: PathBuf, reason: String },

    #[error(
        "the journal {} is damaged ({detail}); it was left untouched — move it aside to start a new one",
        shown(.path)
    )]
    Damaged { path: PathBuf, detail: String },

    #[error(
        "the journal {} comes from a newer selfmassage (schema version {found}, this one knows up to {known}); it was left untouched — update selfmassage to use it",
        shown(.path)
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error(
        "the journal {} stayed locked for {} seconds; finish other selfmassage sessions and try again",
        shown(.path),
        BUSY_TIMEOUT.as_secs()
    )]
    Locked { path: PathBuf },

    #[error(
        "cannot open the journal {} ({detail}); check that the file and its folder can be read and written",
        shown(.path)
    )]
    Unreadable { path: PathBuf, detail: String },

    #[error(
        "the journal {} cannot be written ({detail}); check that the file and its folder can be written",
        shown(.path)
    )]
    NotWritable { path: PathBuf, detail: String },

    #[error(
        "the disk that holds the journal {} is full; free some space",
        shown(.path)
    )]
    DiskFull { path: PathBuf },

    #[error("cannot create the folder {} for the journal", shown(.path))]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(transparent)]
    Pending(#[from] PendingError),

    #[error("the journal {} failed ({source})", shown(.path))]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl JournalError {
    /// Turns an SQLite error into the kind a person can act on.
    fn from_sqlite(path: &Path, error: rusqlite::Error) -> JournalError {
        let path = path.to_path_buf();
        match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => JournalError::NotAJournal {
                path,
                reason: "file is not a database".to_string(),
            },
            Some(ErrorCode::DatabaseCorrupt) => JournalError::Damaged {
                path,
                detail: "database disk image is malformed".to_string(),
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                JournalError::Locked { path }
            }
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => JournalError::Unreadable {
                path,
                detail: error.to_string(),
            },
            Some(ErrorCode::ReadOnly) => JournalError::NotWritable {
                path,
                detail: error.to_string(),
            },
            Some(ErrorCode::DiskFull) => JournalError::DiskFull { path },
            // SQLite says only "disk I/O error" when a full disk stops the files beside the
            // journal (its shared memory) from growing.
            Some(ErrorCode::SystemIoFailure) if disk_is_full(&path) => {
                JournalError::DiskFull { path }
            }
            _ => match error {
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
                | rusqlite::Error::Utf8Error(..) => JournalError::Damaged {
                    path,
                    detail: format!("a stored value cannot be read: {}", value_problem(&error)),
                },
                source => JournalError::Sqlite { path, source },
            },
        }
    }
}

/// Whether the file system holding `path` has no room left for us.
fn disk_is_full(path: &Path) -> bool {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    nix::sys::statvfs::statvfs(folder.unwrap_or(Path::new(".")))
        .is_ok_and(|stats| stats.blocks_available() == 0)
}

/// What is wrong with a stored value, in words: the reason alone ("unknown ending
/// \"paused\""), not a column index.
fn value_problem(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::FromSqlConversionFailure(_, _, source) => source.to_string(),
        rusqlite::Error::IntegralValueOutOfRange(_, value) => {
            format!("the number {value} is out of range")
        }
        other => other.to_string(),
    }
}

/// A session row this build cannot read (a newer version's word, a hand edit, a date out
/// of range): left out of what is shown and of the rules, and named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableRow {
    /// The row id, as `history` shows it.
    pub id: i64,
    /// What cannot be read.
    pub problem: String,
}

/// The sessions read back (oldest first), and the rows that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sessions {
    pub sessions: Vec<StoredSession>,
    pub unreadable: Vec<UnreadableRow>,
    /// The sessions `journal delete` took out of history and rules (oldest first), for the
    /// report to list; each with the date it was removed (`notes.removed_at`).
    pub removed: Vec<StoredSession>,
    /// The ids of the sessions in `sessions` still kept beside the journal (it could not
    /// take them yet): given for now, so another session may take them once they are added.
    pub waiting: Vec<i64>,
}

impl Sessions {
    /// One line per unreadable row for the user, naming the journal, or none.
    pub fn warnings(&self, journal: &Path) -> Vec<String> {
        self.unreadable
            .iter()
            .map(|row| {
                format!(
                    "session {} in the journal {} cannot be read ({}); it is left out, and the rest is shown",
                    row.id,
                    shown(journal),
                    crate::sanitize::clean(&row.problem)
                )
            })
            .collect()
    }
}

/// The open journal.
#[derive(Debug)]
pub struct Journal {
    conn: Connection,
    path: PathBuf,
    /// The schema version when it was opened: a journal opened read-only is not brought up
    /// to date, so what it lacks reads as empty.
    version: i64,
}

impl Journal {
    /// Opens the journal, creating its folder and file when missing and bringing the schema
    /// up to date. Refuses, untouched, a file that is not a journal or is from a newer version.
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| JournalError::Folder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let fail = |error| JournalError::from_sqlite(path, error);
        let conn = Connection::open(path).map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        // Read before the first write: garbage, a foreign database or a newer schema stop here.
        let version = checked_version(&conn, path)?;
        // SQLite opens a write-protected file for reading without a word; a session would
        // then fail only when it is saved.
        if conn.is_readonly(MAIN_DB).map_err(fail)? {
            return Err(JournalError::NotWritable {
                path: path.to_path_buf(),
                detail: "the file is read-only".to_string(),
            });
        }
        use_wal(&conn).map_err(fail)?;
        let mut journal = Journal {
            conn,
            path: path.to_path_buf(),
            version,
        };
        if version < SCHEMA_VERSION {
            journal.migrate()?;
            journal.version = SCHEMA_VERSION;
        }
        Ok(journal)
    }

    /// Opens an existing journal for reading only: nothing is written, not even the switch
    /// to write-ahead logging, so a journal in a read-only folder or file (a backup, another
    /// account's) can be read. `Ok(None)` when there is no file.
    pub fn open_read_only(path: &Path) -> Result<Option<Journal>, JournalError> {
        match path.try_exists() {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(error) => {
                return Err(JournalError::Unreadable {
                    path: path.to_path_buf(),
                    detail: error.to_string(),
                });
            }
        }
        let fail = |error| JournalError::from_sqlite(path, error);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        let version = match checked_version(&conn, path) {
            Ok(version) => version,
            // A journal in write-ahead mode needs its shared-memory file beside it, which a
            // read-only folder (or a full disk) cannot hold: it is read as it is.
            Err(
                JournalError::Unreadable { .. }
                | JournalError::NotWritable { .. }
                | JournalError::DiskFull { .. }
                | JournalError::Sqlite { .. },
            ) => {
                drop(conn);
                let conn = Connection::open_with_flags(immutable_uri(path), flags).map_err(fail)?;
                let version = checked_version(&conn, path)?;
                return Ok(Some(Journal {
                    conn,
                    path: path.to_path_buf(),
                    version,
                }));
            }
            Err(other) => return Err(other),
        };
        Ok(Some(Journal {
            conn,
            path: path.to_path_buf(),
            version,
        }))
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Like [`Journal::open`], but `Ok(None)` when there is no file, which is then not created.
    pub fn open_existing(path: &Path) -> Result<Option<Journal>, JournalError> {
        match path.try_exists() {
            Ok(false) => Ok(None),
            Ok(true) => Journal::open(path).map(Some),
            Err(error) => Err(JournalError::Unreadable {
                path: path.to_path_buf(),
                detail: error.to_string(),
            }),
        }
    }

    /// Writes one session in one transaction, with no notes; returns its id.
    pub fn record(&mut self, record: &SessionRecord) -> Result<i64, JournalError> {
        self.record_noted(record, &SessionNotes::default())
    }

    /// Writes one session and its notes in one transaction; returns its id.
    pub fn record_noted(
        &mut self,
        record: &SessionRecord,
        notes: &SessionNotes,
    ) -> Result<i64, JournalError> {
        let path = &self.path;
        let fail = |error| JournalError::from_sqlite(path, error);
        let tx = begin_write(&mut self.conn, path)?;
        insert(&tx, record, notes, false).map_err(fail)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// Writes many sessions in one transaction (a made-up journal for benchmarks, a bulk
    /// import): all or none.
    pub fn record_all(
        &mut self,
        sessions: &[(SessionRecord, SessionNotes)],
    ) -> Result<(), JournalError> {
        let path = &self.path;
        let fail = |error| JournalError::from_sqlite(path, error);
        let tx = begin_write(&mut self.conn, path)?;
        for (record, notes) in sessions {
            insert(&tx, record, notes, false).map_err(fail)?;
        }
        tx.commit().map_err(fail)
    }

    /// Adds what the pending file beside the journal kept while it could not be written (see
    /// [`super::pending`]), all in one transaction, then removes that file. Lines that cannot
    /// be read, and after-checks whose session is nowhere, are kept aside and reported.
    /// A session already in the journal (the file outlived an import) is not added twice.
    pub fn import_pending(&mut self) -> Result<Imported, JournalError> {
        let pending = PendingFile::beside(&self.path);
        let Some(mut taken) = pending.take()? else {
            return Ok(Imported::default());
        };
        let path = &self.path;
        let fail = |error| JournalError::from_sqlite(path, error);
        let tx = begin_write(&mut self.conn, path)?;
        let mut imported = Imported {
            aside_path: pending.damaged_path(),
            ..Imported::default()
        };
        let merged = merge(std::mem::take(&mut taken.entries));
        // Each session's after-check counted once, however many lines it took.
        let mut checked = merged.checked;
        for (check, symptoms) in &merged.checks {
            if update_after_check(&tx, check, symptoms).map_err(fail)? > 0 {
                checked.insert(check.started_at);
            } else {
                taken.damaged.push((
                    check.to_line(symptoms),
                    format!(
                        "no session started at {} for an after-check",
                        check.started_at
                    ),
                ));
            }
        }
        imported.after_checks = checked.len();
        let sessions = merged.sessions;
        for (record, notes) in &sessions {
            // A resumed session goes over the row it continues; when that row is gone (or
            // is not this session's), it is a session of its own, as when saved at once.
            let continued = match notes.continues {
                Some(id) => continue_row(&tx, id, record, notes).map_err(fail)?,
                None => 0,
            };
            imported.sessions += match (continued, notes.continues) {
                (0, None) => insert(&tx, record, notes, true).map_err(fail)?,
                (0, Some(_)) => insert(&tx, record, notes, false).map_err(fail)?,
                (changed, _) => changed,
            };
        }
        tx.commit().map_err(fail)?;
        imported.set_aside = taken.damaged.iter().map(|(_, why)| why.clone()).collect();
        pending.finish(taken)?;
        Ok(imported)
    }

    /// Adds the after-check to a session saved when its guided part ended, so that
    /// closing the terminal during the last two questions still leaves the session saved.
    /// `symptoms`: the ids of the new symptoms reported (none: no new symptoms).
    pub fn record_after_check(
        &mut self,
        check: &AfterCheck,
        symptoms: &[String],
    ) -> Result<(), JournalError> {
        // One UPDATE statement is one transaction on its own.
        update_after_check(&self.conn, check, symptoms)
            .map_err(|error| JournalError::from_sqlite(&self.path, error))?;
        Ok(())
    }

    /// The sessions that match `filter`, oldest first, with their corrections; the ones
    /// `journal delete` took out, apart ([`Sessions::removed`]); and every row that cannot
    /// be read (whatever the filter: its area and date may be what cannot be read).
    pub fn sessions(&self, filter: &SessionFilter) -> Result<Sessions, JournalError> {
        let fail = |error| JournalError::from_sqlite(&self.path, error);
        if self.version == 0 {
            // An empty file: no table yet.
            return Ok(Sessions::default());
        }
        // Version 4 added the notes; an older journal opened read-only has none.
        let notes = if self.version >= 4 {
            "reasons, symptoms"
        } else {
            "NULL, NULL"
        };
        let everyday = everyday_columns(self.version);
        let (mut corrections, damaged) = self.corrections().map_err(fail)?;
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT id, started_at, ended_at, routines, areas, verdict, pain_before,
                    pain_after, new_symptoms, steps_done, steps_total, ending, {notes},
                    {everyday}
                 FROM sessions ORDER BY id"
            ))
            .map_err(fail)?;
        let tz = crate::local_time::zone();
        let mut read = Sessions::default();
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, i64>(0)?, stored_session(row))))
            .map_err(fail)?;
        for row in rows {
            let (id, session) = row.map_err(fail)?;
            // A correction that cannot be read is named, but never hides its session: the
            // row itself holds the corrected values, and the rules must see it.
            if let Some(problem) = damaged.get(&id) {
                read.unreadable.push(UnreadableRow {
                    id,
                    problem: problem.clone(),
                });
            }
            match (id, session) {
                (_, Ok(mut session)) if filter.matches(&session.record, &tz) => {
                    session.notes.corrections = corrections.remove(&session.id).unwrap_or_default();
                    if session.notes.removed_at.is_some() {
                        read.removed.push(session);
                    } else {
                        read.sessions.push(session);
                    }
                }
                (_, Ok(_)) => {}
                (id, Err(error)) => read.unreadable.push(UnreadableRow {
                    id,
                    problem: value_problem(&error),
                }),
            }
        }
        read.sessions.sort_by_key(|s| (s.record.started_at, s.id));
        read.removed.sort_by_key(|s| (s.record.started_at, s.id));
        Ok(read)
    }

    /// The most recent screening an older version remembered (answers are no longer
    /// remembered or written: the table stays so old journals lose nothing).
    pub fn last_screening(&self) -> Result<Option<ScreeningRecord>, JournalError> {
        self.conn
            .query_row(
                "SELECT answered_at, all_clear, questions FROM screenings ORDER BY rowid DESC LIMIT 1",
                [],
                |row| {
                    Ok(ScreeningRecord {
                        answered_at: timestamp(row, 0)?,
                        all_clear: row.get(1)?,
                        questions: row.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|error| JournalError::from_sqlite(&self.path, error))
    }

    /// Applies each missing migration in its own transaction. The version is read again
    /// inside the transaction, so two sessions opening a new journal at once cannot both
    /// apply the same step.
    fn migrate(&mut self) -> Result<(), JournalError> {
        let path = &self.path;
        let fail = |error| JournalError::from_sqlite(path, error);
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(fail)?;
            let version = checked_version(&tx, path)?;
            let Some(migration) = usize::try_from(version)
                .ok()
                .and_then(|step| MIGRATIONS.get(step))
            else {
                return Ok(());
            };
            tx.execute_batch(migration).map_err(fail)?;
            tx.pragma_update(None, "user_version", version + 1)
                .map_err(fail)?;
            tx.commit().map_err(fail)?;
        }
    }
}

/// Inserts one session; with `only_if_new`, not when a session with the same start and
/// routines is already there. The number of rows added.
/// A write transaction that takes the write lock at once (so a busy journal waits here,
/// not half-way through), its failure named for `path`.
fn begin_write<'c>(
    conn: &'c mut Connection,
    path: &Path,
) -> Result<rusqlite::Transaction<'c>, JournalError> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|error| JournalError::from_sqlite(path, error))
}

fn insert(
    conn: &Connection,
    record: &SessionRecord,
    notes: &SessionNotes,
    only_if_new: bool,
) -> rusqlite::Result<usize> {
    let guard = if only_if_new {
        "WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE started_at = ?1 AND routines = ?3)"
    } else {
        ""
    };
    conn.execute(
        &format!(
            "INSERT INTO sessions (started_at, ended_at, routines, areas, verdict, pain_before,
                pain_after, new_symptoms, steps_done, steps_total, ending, reasons, symptoms,
                note, stopped_at_step)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15 {guard}"
        ),
        params![
            record.started_at.to_string(),
            record.ended_at.to_string(),
            record.routines.join(","),
            record.areas.join(","),
            record.verdict,
            record.pain_before,
            record.pain_after,
            record.new_symptoms,
            record.steps_done,
            record.steps_total,
            record.ending,
            json_list(&notes.reasons),
            json_list(&notes.symptoms),
            notes.note,
            notes.stopped_at_step,
        ],
    )
}

/// Puts an after-check into its session: the row with its id (and start, so a wrong id
/// changes nothing), or for a session that was pending, the row with its start. The number
/// of rows changed.
fn update_after_check(
    conn: &Connection,
    check: &AfterCheck,
    symptoms: &[String],
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE sessions SET pain_after = ?2, new_symptoms = ?3, symptoms = ?5
         WHERE started_at = ?4 AND (?1 IS NULL OR id = ?1)",
        params![
            check.id,
            check.pain_after,
            check.new_symptoms,
            check.started_at.to_string(),
            json_list(symptoms),
        ],
    )
}

/// Switches the journal to write-ahead logging (it stays so once set). Turning a rollback
/// journal into WAL upgrades a read lock to a write lock, which SQLite refuses at once,
/// without waiting, while another session is doing the same; so this waits itself.
/// A file system without shared memory keeps the rollback journal: as safe, only slower
/// with two sessions at once.
fn use_wal(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0))?;
    if mode.eq_ignore_ascii_case("wal") {
        return Ok(());
    }
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        let switched = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0));
        match switched {
            Err(error)
                if error.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other.map(drop),
        }
    }
}

/// `file:PATH?immutable=1`: the file read as it is, without locks or the files beside it.
fn immutable_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt as _;
    let mut uri = String::from("file:");
    for &byte in path.as_os_str().as_bytes() {
        match byte {
            b'?' | b'#' | b'%' | 0..=0x20 | 0x7f..=0xff => uri.push_str(&format!("%{byte:02X}")),
            _ => uri.push(char::from(byte)),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The schema version, refusing one newer than ours or a database of another program.
/// One statement reads both, so a journal another session is creating right now cannot
/// look like a foreign database halfway through.
fn checked_version(conn: &Connection, path: &Path) -> Result<i64, JournalError> {
    let (version, objects): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .map_err(|error| JournalError::from_sqlite(path, error))?;
    if version > SCHEMA_VERSION {
        return Err(JournalError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version == 0 && objects > 0 {
        return Err(JournalError::NotAJournal {
            path: path.to_path_buf(),
            reason: "it is another program's database".to_string(),
        });
    }
    Ok(version)
}

fn stored_session(row: &Row<'_>) -> rusqlite::Result<StoredSession> {
    Ok(StoredSession {
        id: row.get(0)?,
        record: SessionRecord {
            started_at: timestamp(row, 1)?,
            ended_at: timestamp(row, 2)?,
            routines: ids(&row.get::<_, String>(3)?),
            areas: ids(&row.get::<_, String>(4)?),
            verdict: row.get(5)?,
            pain_before: row.get(6)?,
            pain_after: row.get(7)?,
            new_symptoms: row.get(8)?,
            steps_done: row.get(9)?,
            steps_total: row.get(10)?,
            ending: row.get(11)?,
        },
        notes: SessionNotes {
            reasons: list(row, 12)?,
            symptoms: list(row, 13)?,
            note: row.get(14)?,
            stopped_at_step: row.get(15)?,
            resumed: row.get(16)?,
            continues: None,
            corrections: Vec::new(),
            removed_at: optional_timestamp(row, 17)?,
        },
    })
}

// --- Everyday use (schema v5): notes, resume, corrections ---------------------------------
// Kept apart from the rest of this file: see the v5 migration above.

/// The v5 columns `sessions` reads (NULL in a journal opened read-only at an older
/// version).
fn everyday_columns(version: i64) -> &'static str {
    if version >= 5 {
        "note, stopped_at_step, resumed, deleted_at"
    } else {
        "NULL, NULL, 0, NULL"
    }
}

/// Why `journal edit` or `journal delete` changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error("there is no session {id} in your journal")]
    NoSuchSession { id: i64 },
    #[error("session {id} was already removed from your journal on {at}")]
    Removed { id: i64, at: Timestamp },
    #[error(transparent)]
    Journal(#[from] JournalError),
}

impl Journal {
    /// Writes a resumed session over the one it continues (row `id`, with the same start),
    /// in one transaction, as [`StoredSession::continue_with`] says. The number of rows
    /// changed (0: no such row, or it was removed).
    pub fn continue_session(
        &mut self,
        id: i64,
        record: &SessionRecord,
        notes: &SessionNotes,
    ) -> Result<usize, JournalError> {
        continue_row(&self.conn, id, record, notes)
            .map_err(|error| JournalError::from_sqlite(&self.path, error))
    }
}

/// [`StoredSession::continue_with`] on row `id` in SQL: the number of rows changed.
fn continue_row(
    conn: &Connection,
    id: i64,
    record: &SessionRecord,
    notes: &SessionNotes,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE sessions SET ended_at = ?2, verdict = ?3, pain_before = ?4,
            steps_done = ?5, steps_total = ?6, ending = ?7, reasons = ?8,
            stopped_at_step = ?9, note = COALESCE(?10, note), resumed = 1,
            pain_after = ?11,
            new_symptoms = CASE WHEN ?11 IS NULL THEN new_symptoms ELSE ?13 END,
            symptoms = CASE WHEN ?11 IS NULL THEN symptoms ELSE ?14 END
         WHERE id = ?1 AND started_at = ?12 AND deleted_at IS NULL",
        params![
            id,
            record.ended_at.to_string(),
            record.verdict,
            record.pain_before,
            record.steps_done,
            record.steps_total,
            record.ending,
            json_list(&notes.reasons),
            notes.stopped_at_step,
            notes.note,
            record.pain_after,
            record.started_at.to_string(),
            record.new_symptoms,
            json_list(&notes.symptoms),
        ],
    )
}

impl Journal {
    /// Corrects session `id` as `edit` asks, at `at`, in one transaction: each field that
    /// changes is written in the row, and kept, with its old and new value, in
    /// `corrections`. The corrections made (none when every field already had its value).
    /// A session that is not there or was removed changes nothing.
    pub fn correct(
        &mut self,
        id: i64,
        edit: &Edit,
        at: Timestamp,
    ) -> Result<Vec<Correction>, CorrectionError> {
        let path = &self.path;
        let fail = |error| JournalError::from_sqlite(path, error);
        let tx = begin_write(&mut self.conn, path)?;
        let current = editable(&tx, id).map_err(fail)??;
        let mut made = Vec::new();
        for (field, old, new) in edit.changes(&current) {
            // An edit never removes: `Edit::changes` gives only the three fields that are
            // columns of the same name.
            if field == Field::Deleted {
                continue;
            }
            let column = field.as_str();
            let stored = |value: &Option<Value>| match value {
                Some(Value::Pain(pain)) => Some(SqlValue::Integer(i64::from(pain.get()))),
                Some(Value::Text(text)) => Some(SqlValue::Text(text.clone())),
                None => None,
            };
            tx.execute(
                &format!("UPDATE sessions SET {column} = ?2 WHERE id = ?1"),
                params![id, stored(&new)],
            )
            .map_err(fail)?;
            let correction = Correction {
                field,
                old,
                new,
                at,
            };
            insert_correction(&tx, id, &correction).map_err(fail)?;
            made.push(correction);
        }
        tx.commit().map_err(fail)?;
        Ok(made)
    }

    /// Takes session `id` out of history, report and rules at `at`, in one transaction,
    /// keeping the row and a correction that says it was removed. A session that is not
    /// there or was already removed changes nothing.
    pub fn remove(&mut self, id: i64, at: Timestamp) -> Result<(), CorrectionError> {
        let path = &self.path;
        let fail = |error| JournalError::from_sqlite(path, error);
        let tx = begin_write(&mut self.conn, path)?;
        editable(&tx, id).map_err(fail)??;
        tx.execute(
            "UPDATE sessions SET deleted_at = ?2 WHERE id = ?1",
            params![id, at.to_string()],
        )
        .map_err(fail)?;
        let correction = Correction {
            field: Field::Deleted,
            old: None,
            new: None,
            at,
        };
        insert_correction(&tx, id, &correction).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(())
    }

    /// Every readable correction by session id, oldest first; and the sessions with a
    /// correction that cannot be read, with what is wrong (they are left out and named,
    /// like any row that cannot be read). None before version 5.
    #[allow(clippy::type_complexity)]
    fn corrections(
        &self,
    ) -> rusqlite::Result<(BTreeMap<i64, Vec<Correction>>, BTreeMap<i64, String>)> {
        let mut found: BTreeMap<i64, Vec<Correction>> = BTreeMap::new();
        let mut damaged = BTreeMap::new();
        if self.version < 5 {
            return Ok((found, damaged));
        }
        let mut statement = self
            .conn
            .prepare("SELECT session, field, old, new, at, id FROM corrections ORDER BY id")?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, i64>(0)?, correction(row))))?;
        for row in rows {
            match row? {
                (session, Ok(correction)) => found.entry(session).or_default().push(correction),
                (session, Err(error)) => {
                    damaged.insert(
                        session,
                        format!("one of its corrections: {}", value_problem(&error)),
                    );
                }
            }
        }
        Ok((found, damaged))
    }
}

/// The fields `journal edit` may change of session `id` as they are now; the session must be
/// there and not removed.
fn editable(conn: &Connection, id: i64) -> rusqlite::Result<Result<Current, CorrectionError>> {
    let row = conn
        .query_row(
            "SELECT pain_before, pain_after, note, deleted_at FROM sessions WHERE id = ?1",
            [id],
            |row| {
                Ok((
                    Current {
                        pain_before: row.get(0)?,
                        pain_after: row.get(1)?,
                        note: row.get(2)?,
                    },
                    optional_timestamp(row, 3)?,
                ))
            },
        )
        .optional()?;
    Ok(match row {
        None => Err(CorrectionError::NoSuchSession { id }),
        Some((_, Some(at))) => Err(CorrectionError::Removed { id, at }),
        Some((current, None)) => Ok(current),
    })
}

fn insert_correction(
    conn: &Connection,
    session: i64,
    correction: &Correction,
) -> rusqlite::Result<usize> {
    let text = |value: &Option<Value>| match value {
        Some(Value::Pain(pain)) => Some(pain.to_string()),
        Some(Value::Text(text)) => Some(text.clone()),
        None => None,
    };
    conn.execute(
        "INSERT INTO corrections (session, field, old, new, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            session,
            correction.field.as_str(),
            text(&correction.old),
            text(&correction.new),
            correction.at.to_string(),
        ],
    )
}

/// A `corrections` row read back: its values typed by its field.
fn correction(row: &Row<'_>) -> rusqlite::Result<Correction> {
    let name: String = row.get(1)?;
    let field: Field = name.parse().map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(1, Type::Text, Box::new(error))
    })?;
    let value = |index: usize| -> rusqlite::Result<Option<Value>> {
        let Some(text) = row.get::<_, Option<String>>(index)? else {
            return Ok(None);
        };
        match field {
            Field::PainBefore | Field::PainAfter => text
                .parse::<u8>()
                .ok()
                .and_then(PainScore::new)
                .map(|pain| Some(Value::Pain(pain)))
                .ok_or_else(|| {
                    let problem = format!("{text:?} is not a pain score from 0 to 10");
                    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, problem.into())
                }),
            Field::Note | Field::Deleted => Ok(Some(Value::Text(text))),
        }
    };
    Ok(Correction {
        field,
        old: value(2)?,
        new: value(3)?,
        at: timestamp(row, 4)?,
    })
}

/// A timestamp column that may be NULL.
fn optional_timestamp(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Timestamp>> {
    match row.get::<_, Option<String>>(index)? {
        None => Ok(None),
        Some(_) => timestamp(row, index).map(Some),
    }
}

// --- End of everyday use ---------------------------------------------------------------

/// A list of texts as the JSON array the v4 columns hold.
fn json_list(texts: &[String]) -> String {
    // Serializing strings cannot fail; "[]" would be the same meaning if it did.
    serde_json::to_string(texts).unwrap_or_else(|_| "[]".to_string())
}

/// A v4 column read back: NULL (an older row) is an empty list; anything but a JSON array
/// of strings is damage.
fn list(row: &Row<'_>, index: usize) -> rusqlite::Result<Vec<String>> {
    match row.get::<_, Option<String>>(index)? {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text).map_err(|_| {
            let problem = format!("a note {text:?} is not a list of texts");
            rusqlite::Error::FromSqlConversionFailure(index, Type::Text, problem.into())
        }),
    }
}

/// Timestamps are stored as RFC 3339 text.
fn timestamp(row: &Row<'_>, index: usize) -> rusqlite::Result<Timestamp> {
    let text = row.get::<_, String>(index)?;
    text.parse().map_err(|_| {
        let problem = format!("{text:?} is not a date and time");
        rusqlite::Error::FromSqlConversionFailure(index, Type::Text, problem.into())
    })
}

/// Ids are stored comma-joined: routine ids and area names cannot hold a comma.
fn ids(joined: &str) -> Vec<String> {
    if joined.is_empty() {
        Vec::new()
    } else {
        joined.split(',').map(str::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::record::Ending;
    use crate::safety::PainScore;
    use crate::safety::VerdictKind;

    fn pain(score: u8) -> Option<PainScore> {
        Some(PainScore::new(score).expect("0-10"))
    }

    fn session(started_at: &str, areas: &[&str]) -> SessionRecord {
        let started_at: Timestamp = started_at.parse().expect("timestamp");
        SessionRecord {
            started_at,
            ended_at: started_at + jiff::SignedDuration::from_mins(6),
            routines: vec!["neck".to_string(), "shoulders".to_string()],
            areas: areas.iter().map(|a| a.to_string()).collect(),
            verdict: VerdictKind::GoAhead,
            pain_before: pain(5),
            pain_after: pain(3),
            new_symptoms: Some(false),
            steps_done: 4,
            steps_total: 4,
            ending: Ending::Completed,
        }
    }

    fn user_version(path: &Path) -> i64 {
        Connection::open(path)
            .expect("opens")
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .expect("reads")
    }

    #[test]
    fn a_new_journal_gets_the_whole_schema_in_a_new_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("data/selfmassage/journal.sqlite3");
        let mut journal = Journal::open(&path).expect("opens");
        assert_eq!(user_version(&path), SCHEMA_VERSION);
        assert_eq!(SCHEMA_VERSION, 5);
        let id = journal
            .record(&session("2024-05-01T10:00:00Z", &["neck"]))
            .expect("records");
        assert_eq!(id, 1);
        assert_eq!(journal.last_screening().expect("reads"), None);
        let mode: String = journal
            .conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .expect("reads");
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_v1_journal_is_migrated_and_keeps_its_sessions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        {
            let conn = Connection::open(&path).expect("opens");
            conn.execute_batch(MIGRATIONS[0]).expect("v1 schema");
            conn.pragma_update(None, "user_version", 1)
                .expect("version");
            conn.execute(
                "INSERT INTO sessions (started_at, ended_at, routines, areas, verdict, pain_before,
                    pain_after, new_symptoms, steps_done, steps_total, ending)
                 VALUES ('2024-04-01T08:00:00Z', '2024-04-01T08:05:30Z', 'neck', 'neck',
                    'go-ahead-gently', 6, NULL, NULL, 2, 5, 'stopped')",
                [],
            )
            .expect("old row");
        }
        let journal = Journal::open(&path).expect("migrates");
        assert_eq!(user_version(&path), SCHEMA_VERSION);
        let sessions = journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions;
        assert_eq!(sessions.len(), 1);
        let old = &sessions[0].record;
        assert_eq!(old.verdict, VerdictKind::GoAheadGently);
        assert_eq!(old.ending, Ending::Stopped);
        assert_eq!(old.pain_before, pain(6));
        assert_eq!(old.pain_after, None);
        assert_eq!(old.new_symptoms, None);
        assert_eq!((old.steps_done, old.steps_total), (2, 5));
        journal
            .conn
            .execute(
                "INSERT INTO screenings (answered_at, all_clear, questions) VALUES ('2024-04-02T09:00:00Z', 1, 'a,b')",
                [],
            )
            .expect("v2 and v3 applied");
        assert_eq!(
            journal.last_screening().expect("reads"),
            Some(screening("2024-04-02T09:00:00Z", true, "a,b"))
        );
    }

    fn screening(at: &str, all_clear: bool, questions: &str) -> ScreeningRecord {
        ScreeningRecord {
            answered_at: at.parse().expect("timestamp"),
            all_clear,
            questions: questions.to_string(),
        }
    }

    #[test]
    fn a_v2_screening_covers_no_questions_after_migration() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        {
            let conn = Connection::open(&path).expect("opens");
            conn.execute_batch(MIGRATIONS[0]).expect("v1 schema");
            conn.execute_batch(MIGRATIONS[1]).expect("v2 schema");
            conn.pragma_update(None, "user_version", 2)
                .expect("version");
            conn.execute(
                "INSERT INTO screenings (answered_at, all_clear) VALUES ('2024-04-02T09:00:00Z', 1)",
                [],
            )
            .expect("old row");
        }
        let journal = Journal::open(&path).expect("migrates");
        assert_eq!(user_version(&path), SCHEMA_VERSION);
        let last = journal.last_screening().expect("reads").expect("kept");
        assert!(last.all_clear);
        assert_eq!(last.questions, "");
    }

    #[test]
    fn a_session_reads_back_as_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut journal = Journal::open(&dir.path().join("j.sqlite3")).expect("opens");
        let mut written = session("2024-05-01T10:00:00.25Z", &["neck", "upper-back"]);
        written.pain_after = None;
        written.new_symptoms = None;
        written.ending = Ending::SafetyStop;
        written.routines.clear();
        let id = journal.record(&written).expect("records");
        let read = journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions;
        assert_eq!(
            read,
            vec![StoredSession {
                id,
                notes: Default::default(),
                record: written
            }]
        );
    }

    #[test]
    fn a_resumed_session_keeps_no_pain_after_from_before_it_was_resumed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut journal = Journal::open(&dir.path().join("j.sqlite3")).expect("opens");
        // Stopped with `q` at step 2, pain 3 → 2.
        let mut first = session("2024-05-01T10:00:00Z", &["neck"]);
        first.ending = Ending::Stopped;
        first.steps_done = 1;
        let id = journal.record(&first).expect("records");
        // Resumed, then ended by a signal before its after-check.
        let mut resumed = first.clone();
        resumed.ending = Ending::Signal;
        resumed.pain_after = None;
        resumed.new_symptoms = None;
        resumed.steps_done = 2;
        let notes = SessionNotes {
            stopped_at_step: Some(3),
            ..SessionNotes::default()
        };
        assert_eq!(
            journal
                .continue_session(id, &resumed, &notes)
                .expect("updates"),
            1
        );
        let read = journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions;
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].record.ending, Ending::Signal);
        assert_eq!(read[0].record.pain_after, None);
        assert_eq!(read[0].record.pain_before, first.pain_before);
        // Another journal's row with this id (another start) is not written over.
        let mut later = resumed.clone();
        later.started_at = "2024-05-02T10:00:00Z".parse().expect("timestamp");
        let changed = journal
            .continue_session(id, &later, &notes)
            .expect("updates");
        assert_eq!(changed, 0);
    }

    #[test]
    fn notes_read_back_and_the_after_check_adds_its_symptoms() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut journal = Journal::open(&dir.path().join("j.sqlite3")).expect("opens");
        let notes = SessionNotes {
            reasons: vec!["Pain of 7 or more: \"severe\"".to_string()],
            symptoms: Vec::new(),
            ..SessionNotes::default()
        };
        let id = journal
            .record_noted(&session("2024-05-01T10:00:00Z", &["neck"]), &notes)
            .expect("records");
        let plain = journal
            .record(&session("2024-05-02T10:00:00Z", &["neck"]))
            .expect("records");
        let symptoms = vec!["numb-or-weak".to_string(), "unsure".to_string()];
        let check = AfterCheck {
            id: Some(id),
            started_at: "2024-05-01T10:00:00Z".parse().expect("timestamp"),
            pain_after: PainScore::new(6).expect("0-10"),
            new_symptoms: Some(true),
            ended_at: Timestamp::now(),
        };
        journal
            .record_after_check(&check, &symptoms)
            .expect("updates");
        let read = journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions;
        assert_eq!(read[0].id, id);
        assert_eq!(read[0].notes.reasons, notes.reasons);
        assert_eq!(read[0].notes.symptoms, symptoms);
        assert_eq!(read[0].record.new_symptoms, Some(true));
        assert_eq!(
            (read[1].id, &read[1].notes),
            (plain, &SessionNotes::default())
        );
    }

    #[test]
    fn a_note_that_is_not_a_list_of_texts_is_damage() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut journal = Journal::open(&dir.path().join("j.sqlite3")).expect("opens");
        let id = journal
            .record(&session("2024-05-01T10:00:00Z", &["neck"]))
            .expect("records");
        journal
            .conn
            .execute(
                "UPDATE sessions SET reasons = '{\"a\": 1}' WHERE id = ?1",
                [id],
            )
            .expect("damages");
        let read = journal
            .sessions(&SessionFilter::default())
            .expect("the rest is read");
        assert!(read.sessions.is_empty());
        assert_eq!(read.unreadable[0].id, id);
        assert!(
            read.unreadable[0].problem.contains("not a list of texts"),
            "{:?}",
            read.unreadable
        );
    }

    #[test]
    fn sessions_come_oldest_first_and_filtered() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut journal = Journal::open(&dir.path().join("j.sqlite3")).expect("opens");
        journal
            .record(&session("2024-05-03T10:00:00Z", &["neck"]))
            .expect("records");
        journal
            .record(&session("2024-05-01T10:00:00Z", &["lower-back"]))
            .expect("records");
        journal
            .record(&session("2024-05-02T10:00:00Z", &["neck"]))
            .expect("records");
        let all = journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions;
        let ids: Vec<i64> = all.iter().map(|s| s.id).collect();
        assert_eq!(ids, [2, 3, 1]);
        let neck = SessionFilter {
            area: Some("neck".to_string()),
            since: None,
        };
        let ids: Vec<i64> = journal
            .sessions(&neck)
            .expect("reads")
            .sessions
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, [3, 1]);
    }

    #[test]
    fn garbage_is_refused_and_left_byte_for_byte() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &garbage).expect("writes");
        let error = Journal::open(&path).expect_err("not a database");
        assert!(
            matches!(error, JournalError::NotAJournal { .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains(&shown(&path)), "{message}");
        assert!(message.contains("move it aside"), "{message}");
        assert_eq!(std::fs::read(&path).expect("reads"), garbage);
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("lists")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["journal.sqlite3"], "no -wal or -shm files left");
    }

    #[test]
    fn setting_wal_on_garbage_fails_without_writing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let garbage = b"this is a shopping list, not a database\n".repeat(40);
        std::fs::write(&path, &garbage).expect("writes");
        let conn = Connection::open(&path).expect("sqlite opens lazily");
        let wal = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0));
        assert_eq!(
            wal.expect_err("garbage").sqlite_error_code(),
            Some(ErrorCode::NotADatabase)
        );
        drop(conn);
        assert_eq!(std::fs::read(&path).expect("reads"), garbage);
    }

    #[test]
    fn a_newer_schema_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        {
            let conn = Connection::open(&path).expect("opens");
            conn.execute_batch("CREATE TABLE sessions (id INTEGER PRIMARY KEY, future TEXT);")
                .expect("schema");
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .expect("version");
        }
        let before = std::fs::read(&path).expect("reads");
        let error = Journal::open(&path).expect_err("too new");
        assert!(
            matches!(
                error,
                JournalError::TooNew { found, known, .. } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("update selfmassage"));
        assert_eq!(std::fs::read(&path).expect("reads"), before);
    }

    #[test]
    fn another_programs_database_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        Connection::open(&path)
            .expect("opens")
            .execute_batch("CREATE TABLE recipes (name TEXT);")
            .expect("schema");
        let before = std::fs::read(&path).expect("reads");
        let error = Journal::open(&path).expect_err("foreign");
        assert!(
            matches!(error, JournalError::NotAJournal { .. }),
            "{error:?}"
        );
        assert_eq!(std::fs::read(&path).expect("reads"), before);
    }

    #[test]
    fn a_folder_at_the_journal_path_cannot_be_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let error = Journal::open(dir.path()).expect_err("a folder");
        assert!(
            matches!(error, JournalError::Unreadable { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn open_existing_creates_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("selfmassage/journal.sqlite3");
        assert!(Journal::open_existing(&path).expect("no error").is_none());
        assert!(!dir.path().join("selfmassage").exists());
        Journal::open(&path).expect("creates");
        assert!(Journal::open_existing(&path).expect("opens").is_some());
    }

    /// A journal in a temporary folder that gives up on a lock after 50 ms.
    fn impatient_journal() -> (tempfile::TempDir, PathBuf, Journal) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let journal = Journal::open(&path).expect("opens");
        journal
            .conn
            .busy_timeout(Duration::from_millis(50))
            .expect("timeout");
        (dir, path, journal)
    }

    #[test]
    fn a_write_blocked_past_the_timeout_is_a_locked_error() {
        let (_dir, path, mut journal) = impatient_journal();
        let other = Connection::open(&path).expect("opens");
        other
            .execute_batch("BEGIN IMMEDIATE")
            .expect("holds the write lock");
        let error = journal
            .record(&session("2024-05-01T10:00:00Z", &["neck"]))
            .expect_err("locked");
        assert!(matches!(error, JournalError::Locked { .. }), "{error:?}");
        other.execute_batch("ROLLBACK").expect("releases");
        journal
            .record(&session("2024-05-01T10:00:00Z", &["neck"]))
            .expect("records once free");
    }

    /// A public report of a history tool where one hand-edited date hid every session:
    /// that row is named and skipped; a date out of the supported range too.
    #[test]
    fn a_row_with_an_unreadable_date_is_named_and_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let mut journal = Journal::open(&path).expect("opens");
        for started_at in ["yesterday", "99999-01-01T00:00:00Z"] {
            journal
                .conn
                .execute(
                    "INSERT INTO sessions (started_at, ended_at, routines, areas, verdict,
                        steps_done, steps_total, ending)
                     VALUES (?1, 'today', 'neck', 'neck', 'go-ahead', 1, 1, 'completed')",
                    [started_at],
                )
                .expect("inserts");
        }
        journal
            .record(&session("2024-05-01T10:00:00Z", &["neck"]))
            .expect("records");
        let read = journal
            .sessions(&SessionFilter::default())
            .expect("the rest is read");
        assert_eq!(read.sessions.len(), 1);
        assert_eq!(read.sessions[0].id, 3);
        let problems: Vec<(i64, &str)> = read
            .unreadable
            .iter()
            .map(|row| (row.id, row.problem.as_str()))
            .collect();
        assert_eq!(
            problems,
            [
                (1, r#""yesterday" is not a date and time"#),
                (2, r#""99999-01-01T00:00:00Z" is not a date and time"#)
            ]
        );
    }

    #[test]
    fn pending_sessions_and_after_checks_are_added_once_and_the_file_removed() {
        use crate::journal::pending::{AfterCheck, PendingFile};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let mut journal = Journal::open(&path).expect("opens");
        let mut saved = session("2024-05-01T10:00:00Z", &["neck"]);
        saved.pain_after = None;
        let id = journal.record(&saved).expect("records");
        let pending = PendingFile::beside(&path);
        let mut waiting = session("2024-05-02T10:00:00.5Z", &["feet"]);
        waiting.pain_after = None;
        let check = |id, started_at, pain| AfterCheck {
            id,
            started_at,
            pain_after: PainScore::new(pain).expect("0-10"),
            new_symptoms: Some(false),
            ended_at: "2024-05-03T00:00:00Z".parse().expect("timestamp"),
        };
        let none = SessionNotes::default();
        pending
            .add_after_check(&check(Some(id), saved.started_at, 1), &[])
            .expect("adds");
        pending.add_session(&waiting, &none).expect("adds");
        pending
            .add_after_check(&check(None, waiting.started_at, 2), &[])
            .expect("adds");
        let nowhere = "2020-01-01T00:00:00Z".parse().expect("timestamp");
        pending
            .add_after_check(&check(None, nowhere, 3), &[])
            .expect("adds");
        let imported = journal.import_pending().expect("imports");
        assert_eq!((imported.sessions, imported.after_checks), (1, 2));
        assert_eq!(imported.set_aside.len(), 1, "{imported:?}");
        assert!(!pending.path().exists());
        assert!(
            std::fs::read_to_string(pending.damaged_path())
                .expect("kept")
                .contains("2020-01-01")
        );
        let sessions = journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions;
        let pains: Vec<_> = sessions.iter().map(|s| s.record.pain_after).collect();
        assert_eq!(pains, [pain(1), pain(2)]);
        assert_eq!(sessions[1].record.areas, ["feet"]);
        // A file that outlived its import (a crash before it was removed) adds nothing twice.
        pending.add_session(&waiting, &none).expect("adds");
        let again = journal.import_pending().expect("imports");
        assert_eq!(again.sessions, 0);
        assert_eq!(
            journal
                .sessions(&SessionFilter::default())
                .expect("reads")
                .sessions
                .len(),
            2
        );
    }

    /// A resumed session the journal could not take goes over the row it continues when
    /// imported, with the after-check that followed it, as the rules read it before then.
    #[test]
    fn a_pending_resumed_session_is_written_over_its_row_not_beside_it() {
        use crate::journal::pending::{AfterCheck, PendingFile, with_pending};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let mut journal = Journal::open(&path).expect("opens");
        let mut first = session("2024-05-01T10:00:00Z", &["neck"]);
        first.ending = Ending::Stopped;
        first.steps_done = 1;
        first.new_symptoms = Some(false);
        let before = SessionNotes {
            note: Some("stiff".into()),
            stopped_at_step: Some(2),
            ..SessionNotes::default()
        };
        let id = journal.record_noted(&first, &before).expect("records");
        let other = journal
            .record(&session("2024-05-01T12:00:00Z", &["feet"]))
            .expect("records");
        let mut resumed = first.clone();
        resumed.ending = Ending::Completed;
        resumed.steps_done = 3;
        resumed.pain_after = None;
        resumed.new_symptoms = None;
        resumed.ended_at = "2024-05-01T11:00:00Z".parse().expect("timestamp");
        let notes = SessionNotes {
            resumed: true,
            continues: Some(id),
            ..SessionNotes::default()
        };
        let pending = PendingFile::beside(&path);
        pending.add_session(&resumed, &notes).expect("adds");
        let check = AfterCheck {
            id: None,
            started_at: first.started_at,
            pain_after: PainScore::new(2).expect("0-10"),
            new_symptoms: Some(true),
            ended_at: "2024-05-01T11:02:00Z".parse().expect("timestamp"),
        };
        pending
            .add_after_check(&check, &["dizzy".to_string()])
            .expect("adds");
        // A resumed session whose row is not there (another journal) is a session of its own.
        let mut elsewhere = session("2024-05-02T10:00:00Z", &["neck"]);
        elsewhere.steps_done = 2;
        let lost_row = SessionNotes {
            continues: Some(id),
            ..SessionNotes::default()
        };
        pending.add_session(&elsewhere, &lost_row).expect("adds");

        let read = |journal: &Journal| {
            journal
                .sessions(&SessionFilter::default())
                .expect("reads")
                .sessions
        };
        let (entries, _) = pending.read().expect("reads").expect("there");
        let seen = with_pending(read(&journal), entries);
        let imported = journal.import_pending().expect("imports");
        assert_eq!((imported.sessions, imported.after_checks), (2, 1));
        let sessions = read(&journal);
        assert_eq!(sessions.len(), 3, "{sessions:?}");
        let continued = &sessions[0];
        assert_eq!(continued.id, id);
        assert_eq!(continued.record.steps_done, 3);
        assert_eq!(continued.record.ending, Ending::Completed);
        assert_eq!(continued.record.ended_at, resumed.ended_at);
        assert_eq!(continued.record.pain_after, pain(2));
        assert_eq!(continued.record.new_symptoms, Some(true));
        assert_eq!(continued.notes.symptoms, ["dizzy"]);
        assert_eq!(continued.notes.stopped_at_step, None);
        assert_eq!(continued.notes.note.as_deref(), Some("stiff"));
        assert!(continued.notes.resumed);
        assert_eq!(sessions[1].id, other);
        assert_eq!(sessions[2].record, elsewhere);
        // The rules, before the import, read the same sessions.
        let records = |s: &[StoredSession]| -> Vec<_> {
            s.iter()
                .map(|s| (s.id, s.record.clone(), s.notes.symptoms.clone()))
                .collect()
        };
        assert_eq!(records(&seen), records(&sessions));
        assert_eq!(seen[0].notes, continued.notes);
    }

    #[test]
    fn a_locked_journal_keeps_the_pending_file_for_later() {
        use crate::journal::pending::PendingFile;
        let (_dir, path, mut journal) = impatient_journal();
        let pending = PendingFile::beside(&path);
        pending
            .add_session(
                &session("2024-05-01T10:00:00Z", &["neck"]),
                &SessionNotes::default(),
            )
            .expect("adds");
        let other = Connection::open(&path).expect("opens");
        other.execute_batch("BEGIN EXCLUSIVE").expect("locks");
        let error = journal.import_pending().expect_err("locked");
        assert!(matches!(error, JournalError::Locked { .. }), "{error:?}");
        assert!(pending.path().exists());
        other.execute_batch("ROLLBACK").expect("releases");
        assert_eq!(journal.import_pending().expect("imports").sessions, 1);
    }

    /// A session kept in the pending file lands with the same notes as one written
    /// directly: the verdict's reasons, and the symptoms of its after-check, whether that
    /// waited beside it or came for a row already in the journal.
    #[test]
    fn pending_sessions_keep_their_reasons_and_symptoms() {
        use crate::journal::pending::{AfterCheck, PendingFile};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let mut journal = Journal::open(&path).expect("opens");
        let notes = SessionNotes {
            reasons: vec!["pain of 5 out of 10 is moderate: light pressure only".into()],
            symptoms: Vec::new(),
            ..SessionNotes::default()
        };
        let symptoms = vec!["tingling".to_string(), "unsure".to_string()];
        let check = |id, started_at| AfterCheck {
            id,
            started_at,
            pain_after: PainScore::new(6).expect("0-10"),
            new_symptoms: Some(true),
            ended_at: "2024-05-03T00:00:00Z".parse().expect("timestamp"),
        };
        let direct = session("2024-05-01T10:00:00Z", &["neck"]);
        let id = journal.record_noted(&direct, &notes).expect("records");
        let waiting = session("2024-05-02T10:00:00Z", &["neck"]);
        let pending = PendingFile::beside(&path);
        pending
            .add_after_check(&check(Some(id), direct.started_at), &symptoms)
            .expect("adds");
        pending.add_session(&waiting, &notes).expect("adds");
        pending
            .add_after_check(&check(None, waiting.started_at), &symptoms)
            .expect("adds");
        let imported = journal.import_pending().expect("imports");
        assert_eq!((imported.sessions, imported.after_checks), (1, 2));
        let read = journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions;
        let expected = SessionNotes {
            reasons: notes.reasons.clone(),
            symptoms: symptoms.clone(),
            ..SessionNotes::default()
        };
        assert_eq!(read.len(), 2);
        for stored in &read {
            assert_eq!(stored.notes, expected, "session {}", stored.id);
            assert_eq!(stored.record.new_symptoms, Some(true));
        }
    }

    /// Lines an older build wrote, without notes, still import, with no notes.
    #[test]
    fn an_old_pending_line_without_notes_still_imports() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let mut journal = Journal::open(&path).expect("opens");
        let old = concat!(
            r#"{"kind":"session","started_at":"2024-05-02T10:00:00.5Z","#,
            r#""ended_at":"2024-05-02T10:06:00Z","routines":["neck"],"areas":["neck"],"#,
            r#""verdict":"go-ahead-gently","pain_before":5,"pain_after":null,"#,
            r#""new_symptoms":null,"steps_done":4,"steps_total":4,"ending":"completed"}"#,
            "\n",
            r#"{"kind":"after-check","id":null,"started_at":"2024-05-02T10:00:00.5Z","#,
            r#""pain_after":3,"new_symptoms":true,"ended_at":"2024-05-02T10:07:00Z"}"#,
            "\n",
        );
        let pending = crate::journal::PendingFile::beside(&path);
        std::fs::write(pending.path(), old).expect("writes");
        let imported = journal.import_pending().expect("imports");
        assert_eq!((imported.sessions, imported.after_checks), (1, 1));
        assert!(imported.set_aside.is_empty(), "{imported:?}");
        let read = journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions;
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].notes, SessionNotes::default());
        assert_eq!(read[0].record.pain_after, pain(3));
        assert_eq!(read[0].record.new_symptoms, Some(true));
        assert_eq!(read[0].record.verdict, VerdictKind::GoAheadGently);
    }

    /// `journal edit` writes the corrected value in the row and keeps the old one; the
    /// rules, reading the row, see only the corrected value.
    #[test]
    fn a_correction_changes_the_row_and_keeps_what_it_replaced() {
        use crate::journal::correction::{Edit, Field, Value};
        let dir = tempfile::tempdir().expect("tempdir");
        let mut journal = Journal::open(&dir.path().join("journal.sqlite3")).expect("opens");
        let mut typo = session("2024-05-01T10:00:00Z", &["neck"]);
        typo.pain_before = pain(3);
        typo.pain_after = pain(6);
        let id = journal.record(&typo).expect("records");
        let at: Timestamp = "2024-05-02T09:00:00Z".parse().expect("timestamp");
        let edit = Edit {
            pain_after: pain(3),
            ..Edit::default()
        };
        let made = journal.correct(id, &edit, at).expect("corrects");
        assert_eq!(made.len(), 1);
        assert_eq!(journal.correct(id, &edit, at).expect("no change"), []);
        let read = journal.sessions(&SessionFilter::default()).expect("reads");
        let stored = &read.sessions[0];
        assert_eq!(stored.record.pain_after, pain(3));
        assert_eq!(stored.notes.corrections, made);
        assert_eq!(made[0].field, Field::PainAfter);
        assert_eq!(made[0].old, pain(6).map(Value::Pain));
        assert_eq!(made[0].at, at);
        let now = "2024-05-03T09:00:00Z".parse().expect("timestamp");
        let found =
            crate::journal::rules::findings("neck", &read.sessions, now, &jiff::tz::TimeZone::UTC);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_removed_session_reads_apart_and_cannot_be_changed_again() {
        use crate::journal::correction::{Edit, Field};
        let dir = tempfile::tempdir().expect("tempdir");
        let mut journal = Journal::open(&dir.path().join("journal.sqlite3")).expect("opens");
        let first = journal
            .record(&session("2024-05-01T10:00:00Z", &["neck"]))
            .expect("records");
        let second = journal
            .record(&session("2024-05-02T10:00:00Z", &["neck"]))
            .expect("records");
        let at: Timestamp = "2024-05-03T09:00:00Z".parse().expect("timestamp");
        journal.remove(second, at).expect("removes");
        let read = journal.sessions(&SessionFilter::default()).expect("reads");
        assert_eq!(
            read.sessions.iter().map(|s| s.id).collect::<Vec<_>>(),
            [first]
        );
        assert_eq!(read.removed.len(), 1);
        assert_eq!(read.removed[0].notes.removed_at, Some(at));
        assert_eq!(read.removed[0].notes.corrections[0].field, Field::Deleted);
        let count = |journal: &Journal| -> i64 {
            journal
                .conn
                .query_row("SELECT count(*) FROM corrections", [], |row| row.get(0))
                .expect("counts")
        };
        let edit = Edit {
            pain_after: pain(1),
            ..Edit::default()
        };
        assert!(matches!(
            journal.remove(second, at),
            Err(CorrectionError::Removed { id, .. }) if id == second
        ));
        assert!(matches!(
            journal.correct(second, &edit, at),
            Err(CorrectionError::Removed { .. })
        ));
        assert!(matches!(
            journal.correct(99, &edit, at),
            Err(CorrectionError::NoSuchSession { id: 99 })
        ));
        assert!(matches!(
            journal.remove(99, at),
            Err(CorrectionError::NoSuchSession { id: 99 })
        ));
        assert_eq!(count(&journal), 1, "only the removal");
    }

    /// A correction this build cannot read (a hand edit) names its session, which is left
    /// out like any row that cannot be read.
    #[test]
    fn a_correction_that_cannot_be_read_names_its_session_and_keeps_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut journal = Journal::open(&dir.path().join("journal.sqlite3")).expect("opens");
        let id = journal
            .record(&session("2024-05-01T10:00:00Z", &["neck"]))
            .expect("records");
        journal
            .conn
            .execute(
                "INSERT INTO corrections (session, field, old, new, at)
                 VALUES (?1, 'pain_after', '6', 'eleven', '2024-05-02T00:00:00Z')",
                [id],
            )
            .expect("inserts");
        let read = journal.sessions(&SessionFilter::default()).expect("reads");
        // The session still counts (for the rules above all); the correction is named.
        assert_eq!(read.sessions.len(), 1, "{read:?}");
        assert_eq!(read.unreadable.len(), 1);
        assert_eq!(read.unreadable[0].id, id);
        assert!(
            read.unreadable[0]
                .problem
                .contains("\"eleven\" is not a pain score"),
            "{:?}",
            read.unreadable
        );
    }
}
