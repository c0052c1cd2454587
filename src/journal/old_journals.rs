//! Journals written by earlier releases open, read and migrate without loss: a real one from
//! the current release (`fixtures/journal-v3.sqlite3`, see `fixtures/README.md`), and v1 and
//! v2 files built as those releases built them.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use super::record::{Ending, ScreeningRecord, SessionFilter, SessionRecord, StoredSession};
use super::store::{Journal, MIGRATIONS, SCHEMA_VERSION};
use crate::safety::{PainScore, VerdictKind};

const V3_JOURNAL: &[u8] = include_bytes!("fixtures/journal-v3.sqlite3");
/// What `selfmassage history --json` printed for it at the release that wrote it.
const V3_HISTORY_JSON: &str = include_str!("fixtures/journal-v3.json");

/// The fixture, copied: opening a journal may write to it.
fn v3_copy(dir: &Path) -> PathBuf {
    let path = dir.join("journal.sqlite3");
    std::fs::write(&path, V3_JOURNAL).expect("copies the fixture");
    path
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .expect("opens")
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .expect("reads")
}

fn pain(score: Option<u8>) -> Option<PainScore> {
    score.map(|s| PainScore::new(s).expect("0-10"))
}

/// One expected session of the fixture.
#[allow(clippy::too_many_arguments)]
fn row(
    id: i64,
    (started_at, ended_at): (&str, &str),
    routines: &[&str],
    areas: &[&str],
    verdict: VerdictKind,
    (before, after, new_symptoms): (Option<u8>, Option<u8>, Option<bool>),
    (steps_done, steps_total): (u32, u32),
    ending: Ending,
) -> StoredSession {
    StoredSession {
        id,
        notes: Default::default(),
        record: SessionRecord {
            started_at: started_at.parse().expect("timestamp"),
            ended_at: ended_at.parse().expect("timestamp"),
            routines: routines.iter().map(|r| r.to_string()).collect(),
            areas: areas.iter().map(|a| a.to_string()).collect(),
            verdict,
            pain_before: pain(before),
            pain_after: pain(after),
            new_symptoms,
            steps_done,
            steps_total,
            ending,
        },
    }
}

/// The 13 sessions of the fixture, field by field (`fixtures/README.md` says how each was made).
#[rustfmt::skip]
fn v3_sessions() -> Vec<StoredSession> {
    use Ending::*;
    use VerdictKind::*;
    let quick = (&["quick"][..], &["neck"][..]);
    let back = (&["quickback"][..], &["lower-back"][..]);
    let at = |start, end| (start, end);
    vec![
        row(1, at("2026-11-30T19:08:32.666061444Z", "2026-11-30T19:08:45.974172895Z"), quick.0, quick.1, GoAhead, (Some(3), Some(1), Some(false)), (2, 2), Completed),
        row(2, at("2026-11-30T19:08:46.081792415Z", "2026-11-30T19:08:59.38700984Z"), back.0, back.1, GoAheadGently, (Some(5), Some(4), Some(true)), (2, 2), Completed),
        row(3, at("2026-11-30T19:08:59.497290249Z", "2026-11-30T19:09:01.803955583Z"), quick.0, quick.1, GoAhead, (Some(6), Some(6), Some(false)), (1, 2), Stopped),
        row(4, at("2026-11-30T19:09:01.930437626Z", "2026-11-30T19:09:01.936612499Z"), quick.0, quick.1, NotNow, (Some(3), None, None), (0, 2), SafetyStop),
        row(5, at("2026-11-30T19:09:02.059497373Z", "2026-11-30T19:09:04.367444419Z"), back.0, back.1, GoAheadGently, (Some(4), Some(7), Some(false)), (1, 2), Hurts),
        row(6, at("2026-11-30T19:09:04.476133962Z", "2026-11-30T19:09:06.782025601Z"), quick.0, quick.1, GoAhead, (Some(0), None, None), (1, 2), Interrupted),
        row(7, at("2026-11-30T19:09:06.935347027Z", "2026-11-30T19:09:06.938984149Z"), back.0, back.1, DoctorFirst, (Some(8), None, None), (0, 2), SafetyStop),
        row(8, at("2026-11-30T19:09:07.04685628Z", "2026-11-30T19:09:09.603685859Z"), quick.0, quick.1, GoAhead, (Some(3), None, None), (1, 2), Signal),
        row(9, at("2026-11-30T19:09:09.713530278Z", "2026-11-30T19:09:09.716512942Z"), quick.0, quick.1, CareNow, (None, None, None), (0, 2), SafetyStop),
        row(10, at("2026-11-30T19:09:09.826332876Z", "2026-11-30T19:09:12.383274905Z"), back.0, back.1, GoAhead, (Some(3), None, None), (1, 2), Signal),
        row(11, at("2026-11-30T19:09:12.504624764Z", "2026-11-30T19:09:12.507995591Z"), quick.0, quick.1, DoctorFirst, (Some(2), None, None), (0, 2), SafetyStop),
        row(12, at("2026-11-30T19:09:12.640285205Z", "2026-11-30T19:09:25.955106149Z"), back.0, back.1, GoAheadGently, (Some(5), Some(2), Some(false)), (2, 2), Completed),
        row(13, at("2026-11-30T19:09:36.796215216Z", "2026-11-30T19:10:03.10297158Z"), &["quick", "quickback"], &["neck", "lower-back"], GoAhead, (Some(4), Some(3), Some(false)), (4, 4), Completed),
    ]
}

#[test]
fn the_current_releases_journal_reads_back_field_for_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = v3_copy(dir.path());
    let journal = Journal::open(&path).expect("opens");
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    let sessions = journal
        .sessions(&SessionFilter::default())
        .expect("reads")
        .sessions;
    assert_eq!(sessions, v3_sessions());
    assert_eq!(
        journal.last_screening().expect("reads"),
        Some(ScreeningRecord {
            answered_at: "2026-11-30T19:09:36.796687926Z".parse().expect("timestamp"),
            all_clear: true,
            questions: "bones-or-bleeding,blood-thinners,pregnancy-surgery-cancer".to_string(),
        })
    );
}

#[test]
fn the_current_releases_journal_prints_the_same_json() {
    // `history --json` prints exactly this (its clean-up changes nothing in this file).
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = Journal::open(&v3_copy(dir.path())).expect("opens");
    let sessions = journal
        .sessions(&SessionFilter::default())
        .expect("reads")
        .sessions;
    let json = serde_json::to_string_pretty(&sessions).expect("serializes") + "\n";
    assert_eq!(json, V3_HISTORY_JSON);
}

/// A row as every release so far wrote it: words and numbers bound as plain values.
fn insert_as_old_releases_did(conn: &Connection, n: u32, verdict: &str, ending: &str) {
    let pain_after: Option<i64> = (ending == "completed").then_some(2);
    conn.execute(
        "INSERT INTO sessions (started_at, ended_at, routines, areas, verdict, pain_before,
            pain_after, new_symptoms, steps_done, steps_total, ending)
         VALUES (?1, ?2, 'neck,shoulders', 'neck,upper-back', ?3, ?4, ?5, ?6, ?7, 8, ?8)",
        params![
            format!("2024-04-0{n}T08:00:00Z"),
            format!("2024-04-0{n}T08:05:30.5Z"),
            verdict,
            i64::from(n),
            pain_after,
            pain_after.map(|_| n % 2 == 0),
            n,
            ending,
        ],
    )
    .expect("old row");
}

/// The words every release so far has written, each with a verdict that goes with it.
const OLD_ROWS: [(&str, &str); 8] = [
    ("go-ahead", "completed"),
    ("go-ahead-gently", "stopped"),
    ("go-ahead", "hurts"),
    ("go-ahead-gently", "interrupted"),
    ("go-ahead", "signal"),
    ("not-now", "safety-stop"),
    ("doctor-first", "safety-stop"),
    ("care-now", "safety-stop"),
];

/// What `insert_as_old_releases_did` wrote, typed.
fn expected_old_rows() -> Vec<StoredSession> {
    OLD_ROWS
        .iter()
        .zip(1u32..)
        .map(|(&(verdict, ending), n)| {
            let completed = ending == "completed";
            StoredSession {
                id: i64::from(n),
                notes: Default::default(),
                record: SessionRecord {
                    started_at: format!("2024-04-0{n}T08:00:00Z").parse().expect("ts"),
                    ended_at: format!("2024-04-0{n}T08:05:30.5Z").parse().expect("ts"),
                    routines: vec!["neck".to_string(), "shoulders".to_string()],
                    areas: vec!["neck".to_string(), "upper-back".to_string()],
                    verdict: verdict.parse().expect("a known verdict"),
                    pain_before: pain(u8::try_from(n).ok()),
                    pain_after: pain(completed.then_some(2)),
                    new_symptoms: completed.then_some(n % 2 == 0),
                    steps_done: n,
                    steps_total: 8,
                    ending: ending.parse().expect("a known ending"),
                },
            }
        })
        .collect()
}

/// A journal at schema `version`, made by applying only the migrations shipped up to it.
fn old_journal(path: &Path, version: usize) -> Connection {
    let conn = Connection::open(path).expect("opens");
    for migration in &MIGRATIONS[..version] {
        conn.execute_batch(migration).expect("old schema");
    }
    conn.pragma_update(None, "user_version", version as i64)
        .expect("version");
    for (n, (verdict, ending)) in (1..).zip(OLD_ROWS) {
        insert_as_old_releases_did(&conn, n, verdict, ending);
    }
    conn
}

#[test]
fn a_v1_journal_with_every_old_word_migrates_without_loss() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.sqlite3");
    drop(old_journal(&path, 1));
    let journal = Journal::open(&path).expect("migrates");
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    let sessions = journal
        .sessions(&SessionFilter::default())
        .expect("reads")
        .sessions;
    assert_eq!(sessions, expected_old_rows());
    assert_eq!(journal.last_screening().expect("reads"), None);
}

#[test]
fn a_v2_journal_with_every_old_word_migrates_without_loss() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("journal.sqlite3");
    let conn = old_journal(&path, 2);
    conn.execute(
        "INSERT INTO screenings (answered_at, all_clear) VALUES ('2024-04-02T09:00:00Z', 0)",
        [],
    )
    .expect("old screening");
    drop(conn);
    let mut journal = Journal::open(&path).expect("migrates");
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    let sessions = journal
        .sessions(&SessionFilter::default())
        .expect("reads")
        .sessions;
    assert_eq!(sessions, expected_old_rows());
    assert_eq!(
        journal.last_screening().expect("reads"),
        Some(ScreeningRecord {
            answered_at: "2024-04-02T09:00:00Z".parse().expect("timestamp"),
            all_clear: false,
            questions: String::new(),
        })
    );
    // And the migrated journal takes new sessions, read back as written.
    let mut next = expected_old_rows()[0].record.clone();
    next.started_at = "2024-05-01T10:00:00Z".parse().expect("timestamp");
    next.ending = Ending::Signal;
    let id = journal.record(&next).expect("records");
    let all = journal
        .sessions(&SessionFilter::default())
        .expect("reads")
        .sessions;
    assert_eq!(all.last().map(|s| (s.id, &s.record)), Some((id, &next)));
}

/// A journal whose only session holds `column = value`, set behind the program's back.
fn journal_with(dir: &Path, column: &str, value: &str) -> Journal {
    let path = dir.join("journal.sqlite3");
    let conn = old_journal(&path, 1);
    conn.execute(
        &format!("UPDATE sessions SET {column} = ?1 WHERE id = 4"),
        [value],
    )
    .expect("updates");
    drop(conn);
    Journal::open(&path).expect("opens")
}

/// A public report of a history tool where one row a newer version wrote made every
/// command fail: the row is named (with its word, made safe to print) and skipped, and
/// every other session is still read.
#[test]
fn an_unknown_word_is_named_and_skipped_and_the_rest_is_read() {
    for (column, value, shown) in [
        ("ending", "finished", r#"unknown ending "finished""#),
        (
            "verdict",
            "maybe\u{1b}[2J",
            r#"unknown verdict "maybe\u{1b}[2J""#,
        ),
        ("new_symptoms", "perhaps", "new_symptoms"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = journal_with(dir.path(), column, value);
        let read = journal
            .sessions(&SessionFilter::default())
            .expect("the rest is read");
        let ids: Vec<i64> = read.sessions.iter().map(|s| s.id).collect();
        assert_eq!(ids, [1, 2, 3, 5, 6, 7, 8], "{column}");
        assert_eq!(read.unreadable.len(), 1, "{column}");
        assert_eq!(read.unreadable[0].id, 4);
        let message = read.warnings(dir.path()).join("\n");
        assert!(message.contains("session 4 "), "{message}");
        assert!(message.contains(shown), "{message}");
        assert!(!message.contains('\u{1b}'), "{message:?}");
    }
}
