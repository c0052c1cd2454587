//! The journal from the user's side: sessions recorded through the library, read back by
//! `selfmassage history` as a table, JSON and CSV; and a damaged journal left untouched.

use jiff::{SignedDuration, Timestamp};
use selfmassage::journal::{Journal, SessionFilter, SessionRecord};
use selfmassage::safety::{PainScore, VerdictKind};

use crate::harness::{Output, Sandbox};

/// Records `sessions` in the sandbox's journal through the library.
fn record(home: &Sandbox, sessions: &[SessionRecord]) {
    let mut journal = Journal::open(&home.journal()).expect("opens");
    for session in sessions {
        journal.record(session).expect("records");
    }
}

/// `selfmassage history ARGS...` in this home, in UTC.
fn history(home: &Sandbox, args: &[&str]) -> Output {
    home.test().arg("history").args(args).env("TZ", "UTC").run()
}

/// What a successful `selfmassage history ARGS...` prints.
fn stdout(home: &Sandbox, args: &[&str]) -> String {
    let out = history(home, args);
    out.success();
    out.stdout
}

fn at(text: &str) -> Timestamp {
    text.parse().expect("timestamp")
}

/// A session of `minutes` in `routine` (its own area) with pain before and after.
fn session(
    started_at: &str,
    routine: &str,
    pain: (Option<u8>, Option<u8>),
    minutes: i64,
    ending: &str,
) -> SessionRecord {
    SessionRecord {
        started_at: at(started_at),
        ended_at: at(started_at) + SignedDuration::from_mins(minutes),
        routines: vec![routine.to_string()],
        areas: vec![routine.to_string()],
        verdict: VerdictKind::GoAhead,
        pain_before: pain.0.and_then(PainScore::new),
        pain_after: pain.1.and_then(PainScore::new),
        new_symptoms: pain.1.map(|_| false),
        steps_done: 4,
        steps_total: 4,
        ending: ending.parse().expect("a known ending"),
    }
}

/// Four sessions, one of each common ending, in two areas.
fn week() -> Vec<SessionRecord> {
    vec![
        session(
            "2024-05-01T08:15:00Z",
            "neck",
            (Some(5), Some(3)),
            6,
            "completed",
        ),
        session(
            "2024-05-02T19:40:00Z",
            "lower-back",
            (Some(6), Some(5)),
            3,
            "stopped",
        ),
        session(
            "2024-05-03T07:00:00Z",
            "neck",
            (Some(4), None),
            2,
            "interrupted",
        ),
        SessionRecord {
            verdict: VerdictKind::DoctorFirst,
            steps_done: 0,
            new_symptoms: None,
            ..session(
                "2024-05-04T12:00:00Z",
                "lower-back",
                (Some(8), None),
                0,
                "safety-stop",
            )
        },
    ]
}

#[test]
fn a_fresh_machine_is_told_how_to_start_and_no_file_is_made() {
    let home = Sandbox::new();
    history(&home, &[])
        .success()
        .stdout_contains("No sessions yet")
        .stdout_contains("selfmassage list")
        .stdout_contains("selfmassage neck");
    assert_eq!(stdout(&home, &["--json"]).trim(), "[]");
    assert_eq!(
        stdout(&home, &["--csv"]),
        "id,started_at_local,ended_at_local,routines,areas,verdict,pain_before,pain_after,new_symptoms,steps_done,steps_total,ending,note,corrections\n"
    );
    // Nothing was created under XDG_DATA_HOME.
    let made = std::fs::read_dir(home.data_home()).expect("lists").count();
    assert_eq!(
        made,
        0,
        "history created files in {}",
        home.data_home().display()
    );
}

#[test]
fn a_journal_without_sessions_says_how_to_start() {
    let home = Sandbox::new();
    record(&home, &[]);
    history(&home, &[])
        .success()
        .stdout_contains("No sessions yet");
}

#[test]
fn history_shows_each_session_and_how_it_ended() {
    let home = Sandbox::new();
    record(&home, &week());
    let table = stdout(&home, &[]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("ID  Date"), "{table}");
    for (line, expected) in lines[1..5].iter().zip([
        ["1", "2024-05-01 08:15", "neck", "5 → 3", "6", "done"],
        [
            "2",
            "2024-05-02 19:40",
            "lower-back",
            "6 → 5",
            "3",
            "stopped early",
        ],
        ["3", "2024-05-03 07:00", "neck", "4 → -", "2", "interrupted"],
        [
            "4",
            "2024-05-04 12:00",
            "lower-back",
            "8 → -",
            "0",
            "safety stop",
        ],
    ]) {
        let cells: Vec<&str> = line
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(cells, expected, "{table}");
    }
    assert!(!table.contains('\u{1b}'), "no colour in a pipe: {table}");
}

#[test]
fn piped_history_is_the_table_only() {
    // The pain chart per area is for a terminal (tests in `history_report`); a pipe or
    // `--plain` gets the table, one row per session, and nothing drawn.
    let home = Sandbox::new();
    record(&home, &week());
    for args in [&[][..], &["--plain"]] {
        let table = stdout(&home, args);
        assert_eq!(
            table.lines().filter(|l| l.contains("  2024-05-")).count(),
            4,
            "{table}"
        );
        assert!(
            !table
                .chars()
                .any(|c| ('\u{2800}'..='\u{28ff}').contains(&c) || "▁▂▃▄▅▆▇█".contains(c)),
            "a chart in a pipe: {table}"
        );
    }
}

#[test]
fn pain_that_does_not_improve_brings_the_doctor_advice() {
    let home = Sandbox::new();
    let now = Timestamp::now();
    let days_ago = |days: i64| (now - SignedDuration::from_hours(24 * days)).to_string();
    record(
        &home,
        &[
            session(&days_ago(5), "neck", (Some(5), Some(5)), 5, "completed"),
            session(&days_ago(3), "neck", (Some(5), Some(4)), 5, "completed"),
            session(&days_ago(1), "neck", (Some(6), Some(5)), 5, "completed"),
            session(&days_ago(1), "feet", (Some(6), Some(2)), 5, "completed"),
        ],
    );
    let table = stdout(&home, &[]);
    // The advice as words, whatever the window wrapped.
    let words = table.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words.matches("Please see a doctor").count(), 1, "{table}");
    assert!(
        table.contains("Your last 3 neck sessions brought no meaningful drop in pain."),
        "{table}"
    );
    // --since hides the older sessions, not the advice they lead to.
    let since = (now - SignedDuration::from_hours(24 * 2))
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let recent = stdout(&home, &["--since", &since, "--area", "neck"]);
    assert_eq!(
        recent.lines().filter(|l| l.contains("  neck  ")).count(),
        1,
        "{recent}"
    );
    assert!(
        recent.contains("Your last 3 neck sessions brought no meaningful drop in pain."),
        "{recent}"
    );
}

#[test]
fn json_has_every_field_of_every_session() {
    let home = Sandbox::new();
    record(&home, &week());
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&home, &["--json"])).expect("valid JSON");
    let sessions = json.as_array().expect("an array");
    assert_eq!(sessions.len(), 4);
    let first = &sessions[0];
    assert_eq!(first["id"], 1);
    assert_eq!(first["started_at"], "2024-05-01T08:15:00Z");
    assert_eq!(first["ended_at"], "2024-05-01T08:21:00Z");
    assert_eq!(first["routines"], serde_json::json!(["neck"]));
    assert_eq!(first["areas"], serde_json::json!(["neck"]));
    assert_eq!(first["verdict"], "go-ahead");
    assert_eq!(first["pain_before"], 5);
    assert_eq!(first["pain_after"], 3);
    assert_eq!(first["new_symptoms"], false);
    assert_eq!(first["steps_done"], 4);
    assert_eq!(first["steps_total"], 4);
    assert_eq!(first["ending"], "completed");
    let endings: Vec<&str> = sessions
        .iter()
        .map(|s| s["ending"].as_str().expect("text"))
        .collect();
    assert_eq!(
        endings,
        ["completed", "stopped", "interrupted", "safety-stop"]
    );
    assert_eq!(sessions[3]["verdict"], "doctor-first");
    assert_eq!(sessions[3]["pain_after"], serde_json::Value::Null);
}

#[test]
fn csv_has_a_header_and_one_row_per_session() {
    let home = Sandbox::new();
    record(&home, &week());
    let csv = stdout(&home, &["--csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        [
            "id,started_at_local,ended_at_local,routines,areas,verdict,pain_before,pain_after,new_symptoms,steps_done,steps_total,ending,note,corrections",
            "1,2024-05-01 08:15:00,2024-05-01 08:21:00,neck,neck,go-ahead,5,3,false,4,4,completed,,",
            "2,2024-05-02 19:40:00,2024-05-02 19:43:00,lower-back,lower-back,go-ahead,6,5,false,4,4,stopped,,",
            "3,2024-05-03 07:00:00,2024-05-03 07:02:00,neck,neck,go-ahead,4,,,4,4,interrupted,,",
            "4,2024-05-04 12:00:00,2024-05-04 12:00:00,lower-back,lower-back,doctor-first,8,,,0,4,safety-stop,,",
        ]
    );
}

#[test]
fn area_and_since_pick_sessions() {
    let home = Sandbox::new();
    record(&home, &week());
    let ids = |args: &[&str]| -> Vec<i64> {
        let json: serde_json::Value =
            serde_json::from_str(&stdout(&home, args)).expect("valid JSON");
        json.as_array()
            .expect("an array")
            .iter()
            .map(|s| s["id"].as_i64().expect("id"))
            .collect()
    };
    assert_eq!(ids(&["--json", "--area", "neck"]), [1, 3]);
    assert_eq!(ids(&["--json", "--area", "Lower Back"]), [2, 4]);
    assert_eq!(ids(&["--json", "--since", "2024-05-03"]), [3, 4]);
    assert_eq!(
        ids(&["--json", "--since", "2024-05-02", "--area", "neck"]),
        [3]
    );
    let csv = stdout(&home, &["--csv", "--area", "neck"]);
    assert_eq!(csv.lines().count(), 3, "{csv}");
    let table = stdout(&home, &["--area", "neck"]);
    assert!(!table.contains("lower-back"), "{table}");
    // An area no routine and no session has is a mistake, not an empty history.
    history(&home, &["--area", "feet"])
        .code(2)
        .stderr_contains("unknown area \"feet\"");
    history(&home, &["--area", "shoulders"])
        .success()
        .stdout_contains("No sessions match");
}

#[test]
fn a_bad_since_date_is_a_usage_error() {
    history(&Sandbox::new(), &["--since", "last tuesday"]).code(2);
}

#[test]
fn a_garbage_journal_is_an_error_naming_it_and_left_untouched() {
    let home = Sandbox::new();
    let path = home.journal();
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    let garbage = b"my shopping list: apples, oat milk, a tennis ball\n";
    std::fs::write(&path, garbage).expect("writes");
    for args in [&[][..], &["--json"], &["--csv"]] {
        history(&home, args)
            .code(1)
            .stdout_is("")
            .stderr_contains(&path.display().to_string())
            .stderr_contains("not a selfmassage journal");
    }
    assert_eq!(std::fs::read(&path).expect("reads"), garbage);
    let siblings = std::fs::read_dir(path.parent().expect("parent"))
        .expect("lists")
        .count();
    assert_eq!(siblings, 1, "no -wal or -shm files beside it");
}

#[test]
fn a_journal_from_a_newer_version_is_refused() {
    let home = Sandbox::new();
    record(&home, &week());
    let conn = rusqlite::Connection::open(home.journal()).expect("opens");
    conn.pragma_update(None, "user_version", 99)
        .expect("version");
    drop(conn);
    history(&home, &[])
        .code(1)
        .stderr_contains("newer selfmassage");
}

#[test]
fn control_characters_in_the_journal_never_reach_the_terminal() {
    let home = Sandbox::new();
    record(
        &home,
        &[session(
            "2024-05-01T08:15:00Z",
            "neck\u{1b}]0;pwned\u{7}",
            (Some(5), Some(3)),
            6,
            "completed",
        )],
    );
    for args in [&[][..], &["--csv"]] {
        let out = stdout(&home, args);
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(!out.contains('\u{7}'), "{out:?}");
    }
}

#[test]
fn sessions_finishing_at_once_are_all_recorded() {
    let home = Sandbox::new();
    let path = home.journal();
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each writer is its own connection, as two processes would be, and the
                // first ones race to create and migrate the file.
                let mut journal = Journal::open(&path).expect("opens");
                for n in 0..25 {
                    let started = format!("2024-05-01T{:02}:{:02}:00Z", 8 + writer, n);
                    journal
                        .record(&session(
                            &started,
                            "neck",
                            (Some(4), Some(2)),
                            5,
                            "completed",
                        ))
                        .expect("records");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("no panic");
    }
    let journal = Journal::open(&path).expect("opens");
    let sessions = journal
        .sessions(&SessionFilter::default())
        .expect("reads")
        .sessions;
    assert_eq!(sessions.len(), 100);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&home, &["--json"])).expect("valid JSON");
    assert_eq!(json.as_array().expect("an array").len(), 100);
}
