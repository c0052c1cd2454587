//! The journal under faults, each from a public report of a comparable tool (an SQLite
//! history, a timer that logs): a full disk, a read-only folder or file, a row this version
//! cannot read, a clock that ran ahead. For each: what the user is told, and that nothing is
//! lost.
//!
//! Full disks and read-only mounts are made in a private mount namespace (`unshare -Urm`,
//! a tmpfs or a read-only bind mount), so they work as root too, where file modes do not
//! stop a write. Where the machine allows no namespace, those tests say so and pass.

use std::process::Stdio;

use jiff::{SignedDuration, Timestamp};
use selfmassage::journal::{Ending, Journal, SessionRecord};
use selfmassage::safety::{PainScore, VerdictKind};

use crate::harness::dialog::nothing_to_report;
use crate::harness::{Output, Person, Running, Test};

/// A two-step routine of 3 seconds, for the neck.
const DASH: &str = r#"title = "Dash test"
areas = ["neck"]
summary = "A short routine for tests."

[[steps]]
title = "Rub"
text = "Rub slowly."
seconds = 1
pressure = "light"

[[steps]]
title = "Press"
text = "Press lightly."
seconds = 2
pressure = "light"
"#;

/// Nothing applies, pain 3; afterwards pain 2 (the `DONE_PAIN` of the first run), no new
/// symptoms.
fn answers() -> String {
    format!("{}2\nn\n", nothing_to_report(&["neck"], 3))
}

/// The same, with pain 4 afterwards: the session the fault tests must not lose.
fn answers_4() -> String {
    format!("{}4\nn\n", nothing_to_report(&["neck"], 3))
}

fn dash() -> Test {
    Test::new().file("routines/dash.toml", DASH)
}

/// Runs `script` (with `$BIN`, `$D` the journal's folder, and `$ANSWERS` / `$ANSWERS_4`
/// files of answers) as root of a private mount namespace; `None`, with a note, where the
/// machine allows none.
fn in_mount_namespace(test: Test, name: &str, script: &str) -> Option<Output> {
    let mut probe = std::process::Command::new("unshare");
    probe
        .args(["-Urm", "sh", "-c", "mount -t tmpfs none /mnt"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let works = Running::spawn(&mut probe).is_ok_and(|r| r.output(None).status.success());
    if !works {
        eprintln!("note: {name} skipped: this machine allows no private mount namespace");
        return None;
    }
    let test = test
        .file("answers", answers())
        .file("answers4", answers_4())
        .dir("data/selfmassage");
    let full = format!(
        "set -u\nD=\"$XDG_DATA_HOME/selfmassage\"\nANSWERS=\"$PWD/answers\"\nANSWERS_4=\"$PWD/answers4\"\n{script}"
    );
    Some(
        test.shell(&format!(
            "exec unshare -Urm sh -c '{}'",
            full.replace('\'', r"'\''")
        ))
        .run(),
    )
}

/// The lines a user was told to keep, from a run's stderr.
fn printed_lines(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|line| line.starts_with("{\"kind\""))
        .map(|line| format!("{line}\n"))
        .collect()
}

fn session(started_at: Timestamp, area: &str, ending: Ending) -> SessionRecord {
    SessionRecord {
        started_at,
        ended_at: started_at + SignedDuration::from_mins(5),
        routines: vec![area.to_string()],
        areas: vec![area.to_string()],
        verdict: VerdictKind::GoAhead,
        pain_before: PainScore::new(3),
        pain_after: PainScore::new(2),
        new_symptoms: Some(false),
        steps_done: 2,
        steps_total: 2,
        ending,
    }
}

/// A public report of a history tool that dropped the entry on a full disk with no cause
/// ("failed ... not saved"): the cause is named, and the session with its after-check is
/// kept beside the journal or, where not even that fits, printed to be kept by hand.
#[test]
fn a_full_disk_names_the_cause_and_loses_no_session() {
    let script = r#"
mount -t tmpfs -o size=512k none "$D"
"$BIN" run dash --routines-dir routines < "$ANSWERS" > /dev/null 2>&1
cat /dev/zero > "$D/filler" 2>/dev/null
truncate -s -36K "$D/filler"
"$BIN" run dash --routines-dir routines < "$ANSWERS_4" > "$HOME/run.out" 2> "$HOME/run.err"
echo "exit $?" >> "$HOME/run.out"
rm "$D/filler"
grep '^{"kind"' "$HOME/run.err" >> "$D/journal.pending.jsonl"
"$BIN" history --json
"#;
    let Some(out) = in_mount_namespace(dash(), "a_full_disk", script) else {
        return;
    };
    let home = out.test.home();
    let stderr = std::fs::read_to_string(home.join("run.err")).expect("run's stderr");
    let stdout = std::fs::read_to_string(home.join("run.out")).expect("run's stdout");
    assert!(stdout.contains("Done: all 2 steps"), "{stdout}\n{stderr}");
    assert!(stderr.contains("is full"), "the cause, plainly:\n{stderr}");
    // The advice after the session is shown whatever happened to the journal.
    assert!(
        stdout.contains("Pain now 4 of 10") || stdout.contains("went up"),
        "{stdout}"
    );
    let printed = printed_lines(&stderr);
    if printed.is_empty() {
        assert!(stdout.ends_with("exit 0\n"), "{stdout}\n{stderr}");
        assert!(stderr.contains("was kept in"), "{stderr}");
        assert!(!stderr.contains("not be saved"), "{stderr}");
    } else {
        // Not even the pending file had room: the session and its after-check were shown
        // (the after-check as each answer came), and the run is not a success.
        assert!(stdout.ends_with("exit 1\n"), "{stdout}\n{stderr}");
        assert!(stderr.contains("could not be saved"), "{stderr}");
        assert!(stderr.contains("keep the lines printed above"), "{stderr}");
        assert_eq!(
            printed.matches(r#""kind":"session""#).count(),
            1,
            "{stderr}"
        );
        let checks: Vec<&str> = printed
            .lines()
            .filter(|l| l.contains(r#""kind":"after-check""#))
            .collect();
        assert!(
            checks.last().is_some_and(
                |l| l.contains(r#""pain_after":4"#) && l.contains(r#""new_symptoms":false"#)
            ),
            "{stderr}"
        );
    }
    out.success();
    let sessions = out.json();
    let pains: Vec<_> = sessions
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["pain_after"].clone())
        .collect();
    assert_eq!(pains, [2, 4], "nothing lost\n{stderr}\n{}", out.context());
}

/// A public report of a history tool whose reader switched the database's mode (a write)
/// and so could not show a backup on a read-only disk: `history` and `report` read a
/// journal in a read-only folder; a session there is said up front to be unsavable and is
/// printed, with its after-check, to be kept.
#[test]
fn a_journal_in_a_read_only_folder_is_read_and_a_session_there_is_printed() {
    let test = dash();
    {
        let mut journal = Journal::open(&test.journal()).expect("creates");
        let yesterday = Timestamp::now() - SignedDuration::from_hours(24);
        journal
            .record(&session(yesterday, "neck", Ending::Completed))
            .expect("records");
    }
    let script = r#"
mount --bind "$D" "$D"
mount -o remount,ro,bind "$D"
"$BIN" report -o "$HOME/report.html" > "$HOME/report.out" 2>&1 || echo "report failed" >> "$HOME/report.out"
"$BIN" run dash --routines-dir routines < "$ANSWERS_4" > /dev/null 2> "$HOME/run.err"
"$BIN" history --json
"#;
    let Some(out) = in_mount_namespace(test, "a_read_only_folder", script) else {
        return;
    };
    let home = out.test.home();
    out.success();
    assert_eq!(
        out.json().as_array().map(Vec::len),
        Some(1),
        "{}",
        out.context()
    );
    let report = std::fs::read_to_string(home.join("report.out")).expect("report's output");
    assert!(report.contains("Wrote"), "{report}");
    let stderr = std::fs::read_to_string(home.join("run.err")).expect("run's stderr");
    let before_session = stderr.find("cannot be saved").expect(&stderr);
    assert!(
        stderr[..before_session].contains("Read-only file system"),
        "{stderr}"
    );
    let printed = printed_lines(&stderr);
    assert!(printed.contains(r#""kind":"session""#), "{stderr}");
    assert!(printed.contains(r#""kind":"after-check""#), "{stderr}");
    assert!(printed.contains(r#""pain_after":4"#), "{stderr}");
}

/// A public report of a session that ran unwarned on a read-only journal file and was
/// dropped at its end: it is said before the questions, the session goes beside the journal,
/// and once the file can be written again the next start adds it.
#[test]
fn a_read_only_journal_file_keeps_the_session_beside_it() {
    let test = dash();
    Journal::open(&test.journal()).expect("creates");
    let script = r#"
mount --bind "$D/journal.sqlite3" "$D/journal.sqlite3"
mount -o remount,ro,bind "$D/journal.sqlite3"
"$BIN" run dash --routines-dir routines < "$ANSWERS_4"
"#;
    let Some(out) = in_mount_namespace(test, "a_read_only_file", script) else {
        return;
    };
    out.success()
        .stderr_contains("cannot be written")
        .stderr_contains("This session will be kept in")
        .stderr_contains("journal.pending.jsonl")
        .stderr_lacks("not be saved");
    let out = out.test.test().args(["history", "--json"]).run();
    out.success()
        .stderr_contains("Added to the journal: 1 session and its after-check");
    assert_eq!(out.json()[0]["pain_after"], 4, "{}", out.context());
}

/// A public report of a history tool where one row a newer version wrote hid the whole
/// history and silently turned its checks off: the row is named and skipped, `history`
/// shows the rest, and `check` still finds the session that hurt.
#[test]
fn a_row_with_an_unknown_word_is_named_and_the_rest_still_counts() {
    let test = Test::new();
    {
        let mut journal = Journal::open(&test.journal()).expect("creates");
        let now = Timestamp::now();
        journal
            .record(&session(
                now - SignedDuration::from_hours(30),
                "neck",
                Ending::Hurts,
            ))
            .expect("records");
        let newer = journal
            .record(&session(
                now - SignedDuration::from_hours(26),
                "neck",
                Ending::Completed,
            ))
            .expect("records");
        rusqlite::Connection::open(test.journal())
            .expect("opens")
            .execute(
                "UPDATE sessions SET ending = 'paused' WHERE id = ?1",
                [newer],
            )
            .expect("a newer version's word");
    }
    let history = test.test().args(["history", "--json"]).run();
    history
        .success()
        .stderr_contains(r#"session 2 in the journal"#)
        .stderr_contains(r#"unknown ending "paused""#);
    assert_eq!(history.json().as_array().map(Vec::len), Some(1));
    let check = history
        .test
        .next_run()
        .args(["check", "neck"])
        .answered_by(&Person::fine());
    check
        .code(3)
        .stderr_contains(r#"unknown ending "paused""#)
        .stdout_contains("From your journal: You stopped your neck session")
        .stdout_contains("because it hurt");
}

/// A public report of a history tool whose "last entry" was the one a clock running ahead
/// had stamped (a dual boot, a restored VM): a session stamped two days ahead does not hide
/// the session recorded after it, which hurt.
#[test]
fn a_session_stamped_two_days_ahead_does_not_hide_the_last_one() {
    let test = Test::new();
    {
        let mut journal = Journal::open(&test.journal()).expect("creates");
        let now = Timestamp::now();
        let ahead = now + SignedDuration::from_hours(48);
        journal
            .record(&session(ahead, "neck", Ending::Completed))
            .expect("records");
        journal
            .record(&session(
                now - SignedDuration::from_hours(2),
                "neck",
                Ending::Hurts,
            ))
            .expect("records");
    }
    test.test()
        .args(["check", "neck"])
        .answered_by(&Person::fine())
        .code(3)
        .stdout_contains("From your journal: You stopped your neck session")
        .stdout_contains("because it hurt");
}

/// A session kept beside a journal that is still locked counts in the rules like a row of
/// it: its pain went up, and the next check says so (it used to say "Go ahead").
#[test]
fn a_session_kept_beside_a_locked_journal_still_counts_in_the_rules() {
    let test = dash();
    Journal::open(&test.journal()).expect("creates");
    let mut worse = session(
        Timestamp::now() - SignedDuration::from_hours(24),
        "neck",
        Ending::Completed,
    );
    worse.pain_after = PainScore::new(6);
    selfmassage::journal::PendingFile::beside(&test.journal())
        .add_session(&worse, &selfmassage::journal::SessionNotes::default())
        .expect("kept beside the journal");
    let holder = rusqlite::Connection::open(test.journal()).expect("opens");
    holder
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("holds the journal locked");
    test.test()
        .args(["check", "neck"])
        .answered_by(&Person::fine())
        .code(3)
        .stdout_contains("From your journal: Your neck hurt more after your session")
        .stdout_lacks("Go ahead");
    drop(holder);
}

/// Sessions kept beside the journal that cannot be read are not "nothing found": the
/// question for a history that cannot be checked is asked.
#[test]
fn sessions_kept_beside_the_journal_that_cannot_be_read_are_asked_about() {
    let test = dash();
    Journal::open(&test.journal()).expect("creates");
    // A folder where the file should be: it opens, but cannot be read.
    std::fs::create_dir(test.journal().with_extension("pending.jsonl")).expect("a folder");
    test.test()
        .args(["check", "neck"])
        .answered_by(&Person::fine())
        .code(3)
        .stdout_contains("cannot be checked")
        .stdout_lacks("Go ahead");
}

/// A session kept beside a locked journal is shown by `history` (it used to say only that
/// sessions "are not shown"), `again` runs its routines, and `resume` does not continue an
/// older session in its place.
#[test]
fn a_session_kept_beside_a_locked_journal_is_shown_and_is_the_last_one() {
    let test = dash();
    {
        let mut journal = Journal::open(&test.journal()).expect("creates");
        let mut older = session(
            Timestamp::now() - SignedDuration::from_hours(3),
            "shoulders",
            Ending::Stopped,
        );
        older.routines = vec!["shoulders".to_string()];
        journal.record(&older).expect("records");
    }
    let mut kept = session(
        Timestamp::now() - SignedDuration::from_hours(1),
        "neck",
        Ending::Stopped,
    );
    kept.routines = vec!["neck".to_string()];
    selfmassage::journal::PendingFile::beside(&test.journal())
        .add_session(&kept, &selfmassage::journal::SessionNotes::default())
        .expect("kept beside the journal");
    let holder = rusqlite::Connection::open(test.journal()).expect("opens");
    holder
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("holds the journal locked");
    let history = test.test().args(["history", "--json"]).run();
    let sessions = history.success().json();
    let routines: Vec<&str> = sessions
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|s| s["routines"][0].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(routines.contains(&"neck"), "{}", history.context());
    test.test()
        .args(["resume"])
        .answered_by(&Person::fine())
        .code(1)
        .stderr_contains("your last session is still kept beside the journal")
        .stdout_lacks("Resuming");
    drop(holder);
}
