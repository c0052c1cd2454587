//! Issue 15, items 8 and 9, from the user's side: speech never hands its text to a program
//! where it could be read as an option, speaks a step's caution, and leaves no speech program
//! running; a session that ends while another program holds the journal locked is kept
//! beside it and added at the next start, and `history` says so.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::Test;
use crate::harness::dialog::nothing_to_report;

/// A user routine of 3 s (after the 8 s "get ready"): its first step's title starts with a
/// dash, and that step has a caution.
const DASHED: &str = r#"title = "Dash test"
areas = ["neck"]
summary = "A short routine for tests."

[[steps]]
title = "-rub gently"
text = "Rub slowly."
seconds = 1
caution = "Stop if it tingles."
pressure = "light"

[[steps]]
title = "Press"
text = "Press lightly."
seconds = 2
pressure = "light"
"#;

/// The questionnaire's healthy path ("Go ahead"), then the after-check: pain 2, no new
/// symptoms.
fn answers() -> String {
    format!("{}2\nn\n", nothing_to_report(&["neck"], 3))
}

const CONFIG: &str = "config/selfmassage/config.toml";

/// A sandbox with the routine in a `--routines-dir` folder.
fn sandbox() -> Test {
    Test::new().file("routines/dash.toml", DASHED)
}

/// Writes an executable shell script at `relative` in the sandbox and gives its path.
fn script(test: &Test, relative: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let path = test.write(relative, format!("#!/bin/sh\n{body}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// `selfmassage run dash --speak` with every answer on stdin.
fn speaking_run(test: Test) -> crate::harness::Output {
    test.args(["run", "dash", "--speak"])
        .routines_dir("routines")
        .stdin(answers())
        .run()
}

#[test]
fn a_title_starting_with_a_dash_is_spoken_after_double_dash_with_its_caution() {
    let test = sandbox();
    let log = test.path().join("said.log");
    // Records every argument it was given, `|`-separated, one call a line.
    let stub = script(
        &test,
        "bin/tts",
        &format!(
            "printf '%s|' \"$@\" >> '{}'\necho >> '{}'\n",
            log.display(),
            log.display()
        ),
    );
    let test = test.file(
        CONFIG,
        format!("speak_command = \"'{}' --rate 140\"\n", stub.display()),
    );
    let out = speaking_run(test);
    out.success();
    let said = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        said.lines().any(|l| l
            == "--rate|140|--|-rub gently. Rub slowly. The routine says: Stop if it tingles.|"),
        "the dashed title is passed after `--`, its caution after the instruction:\n{said}\n{}",
        out.context()
    );
    assert!(
        said.lines().all(|l| l.starts_with("--rate|140|--|")),
        "every call passes its text after `--`:\n{said}"
    );
}

/// Whether process `pid` is still running (a zombie waiting to be reaped is not).
fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name in parentheses.
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z')),
        Err(_) => false,
    }
}

fn pids(path: &Path) -> Vec<u32> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .split_whitespace()
        .map(|pid| pid.parse().expect("a pid"))
        .collect()
}

#[test]
fn a_speech_program_that_never_exits_is_ended_and_none_outlives_the_session() {
    let test = sandbox();
    let pid_log = test.path().join("pids");
    // A wrapper that starts a program that never ends, as a hung speech engine would.
    let stub = script(
        &test,
        "bin/hang",
        &format!("sleep 600 &\necho $$ $! >> '{}'\nwait\n", pid_log.display()),
    );
    let test = test.file(
        CONFIG,
        format!("speak_command = \"'{}'\"\n", stub.display()),
    );
    let started = Instant::now();
    let out = speaking_run(test);
    out.success().stdout_contains("Done: all 2 steps");
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "a hung speech program held up the run"
    );
    let pids = pids(&pid_log);
    // "Get ready", two steps and "done": one call each.
    assert!(
        pids.len() >= 4,
        "one call per cue: {pids:?}\n{}",
        out.context()
    );
    // Processes ended by a signal may take a moment to be reaped by their new parent.
    let deadline = Instant::now() + Duration::from_secs(5);
    while pids.iter().any(|&pid| running(pid)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left: Vec<u32> = pids.iter().copied().filter(|&pid| running(pid)).collect();
    assert!(
        left.is_empty(),
        "speech processes outlived the session: {left:?}\n{}",
        out.context()
    );
}

#[test]
fn a_session_ending_on_a_locked_journal_lands_in_it_at_the_next_start() {
    let test = sandbox();
    selfmassage::journal::Journal::open(&test.journal()).expect("creates the journal");
    let holder = rusqlite::Connection::open(test.journal()).expect("opens");
    holder
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("holds the journal locked");
    let pending = test.journal().with_extension("pending.jsonl");
    let sandbox = (*test).clone();

    let out = test
        .args(["run", "dash"])
        .routines_dir("routines")
        .stdin(answers())
        .run();
    out.success()
        .stderr_contains("the journal is locked")
        .stderr_contains("journal.pending.jsonl")
        .stderr_lacks("not saved");
    assert!(
        pending.exists(),
        "kept beside the journal\n{}",
        out.context()
    );
    drop(holder);

    let out = sandbox.test().args(["history", "--json"]).run();
    out.success()
        .stderr_contains("Added to the journal: 1 session and its after-check");
    let sessions = out.json();
    let sessions = sessions.as_array().expect("a list");
    assert_eq!(sessions.len(), 1, "{}", out.context());
    assert_eq!(sessions[0]["routines"][0], "dash");
    assert_eq!(sessions[0]["pain_before"], 3);
    assert_eq!(sessions[0]["pain_after"], 2);
    assert_eq!(sessions[0]["new_symptoms"], false);
    assert_eq!(sessions[0]["ending"], "completed");
    assert!(!pending.exists(), "the pending file is gone once added");

    // Added once: the next start finds nothing more to add.
    let out = sandbox.test().args(["history", "--json"]).run();
    out.success().stderr_lacks("Added to the journal");
    assert_eq!(out.json().as_array().map(Vec::len), Some(1));
}
