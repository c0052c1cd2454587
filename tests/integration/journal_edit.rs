//! Correcting the journal from the user's side: `journal edit` and `journal delete` change
//! what the safety questions, `history` and `report` read, keep every change, and refuse a
//! mistake (exit 2) without touching the file.

use jiff::{SignedDuration, Timestamp};
use scraper::{Html, Selector};
use selfmassage::journal::{Ending, Journal, SessionNotes, SessionRecord};
use selfmassage::safety::{PainScore, VerdictKind};

use crate::harness::{Output, Person, Sandbox};

/// A completed neck session `days` ago with pain `before` → `after`.
fn neck(days: i64, before: u8, after: u8) -> SessionRecord {
    let started_at = Timestamp::now() - SignedDuration::from_hours(24 * days);
    SessionRecord {
        started_at,
        ended_at: started_at + SignedDuration::from_mins(6),
        routines: vec!["neck".into()],
        areas: vec!["neck".into()],
        verdict: VerdictKind::GoAhead,
        pain_before: PainScore::new(before),
        pain_after: PainScore::new(after),
        new_symptoms: Some(false),
        steps_done: 4,
        steps_total: 4,
        ending: Ending::Completed,
    }
}

/// Records `sessions` (with their notes) through the library.
fn record(home: &Sandbox, sessions: &[(SessionRecord, Option<&str>)]) {
    let mut journal = Journal::open(&home.journal()).expect("opens");
    for (session, note) in sessions {
        let notes = SessionNotes {
            note: note.map(str::to_string),
            ..SessionNotes::default()
        };
        journal.record_noted(session, &notes).expect("records");
    }
}

fn run(home: &Sandbox, args: &[&str]) -> Output {
    home.test().args(args).env("TZ", "UTC").run()
}

/// `check neck` answered by someone with nothing to report.
fn check_neck(home: &Sandbox) -> Output {
    home.test()
        .args(["check", "neck"])
        .env("TZ", "UTC")
        .answered_by(&Person::fine())
}

/// `history --json`, parsed.
fn history_json(home: &Sandbox) -> Vec<serde_json::Value> {
    let out = run(home, &["history", "--json"]);
    out.success();
    out.json().as_array().expect("an array").clone()
}

/// The report's page, written to `name` in the sandbox.
fn report(home: &Sandbox, name: &str) -> String {
    run(home, &["report", "-o", name]).success();
    std::fs::read_to_string(home.path().join(name)).expect("written")
}

/// The text of each row of the table with this id.
fn table_rows(page: &str, id: &str) -> Vec<String> {
    let page = Html::parse_document(page);
    let rows = Selector::parse(&format!("table#{id} tbody tr")).expect("selector");
    page.select(&rows)
        .map(|row| row.text().collect::<Vec<_>>().join("|"))
        .collect()
}

#[test]
fn an_edited_after_score_turns_doctor_first_into_go_ahead() {
    let home = Sandbox::new();
    // The after score was typed as 6 where the person meant 3.
    record(&home, &[(neck(1, 3, 6), None)]);
    check_neck(&home)
        .code(3)
        .stdout_contains("Your neck hurt more after your session on ")
        .stdout_contains("Talk to your doctor first");

    run(&home, &["journal", "edit", "1", "--pain-after", "3"])
        .success()
        .stdout_contains("Corrected session 1: pain after 6 → 3.");

    let out = check_neck(&home);
    out.success()
        .stdout_contains("Go ahead")
        .stdout_lacks("hurt more")
        .stdout_lacks("Talk to your doctor first");

    // What changed, when, and from what, in history and the report.
    let sessions = history_json(&home);
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["pain_after"], 3);
    let corrections = sessions[0]["corrections"].as_array().expect("a list");
    assert_eq!(corrections.len(), 1, "{corrections:?}");
    assert_eq!(corrections[0]["field"], "pain_after");
    assert_eq!(corrections[0]["old"], 6);
    assert_eq!(corrections[0]["new"], 3);
    let at: Timestamp = corrections[0]["at"]
        .as_str()
        .expect("text")
        .parse()
        .expect("a timestamp");
    assert!(
        Timestamp::now().duration_since(at).as_secs().abs() < 600,
        "{at}"
    );
    let today = Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let page = report(&home, "r.html");
    let corrected = table_rows(&page, "corrected");
    assert_eq!(corrected.len(), 1, "{page}");
    assert!(
        corrected[0].contains(&format!("corrected on {today}: pain after 6 → 3")),
        "{corrected:?}"
    );
    // The table marks the corrected pain.
    run(&home, &["history"])
        .success()
        .stdout_contains("3 → 3*")
        .stdout_contains("* pain corrected with `selfmassage journal edit`");
}

#[test]
fn a_deleted_session_leaves_history_and_rules_and_the_report_lists_it() {
    let home = Sandbox::new();
    record(&home, &[(neck(3, 5, 3), None), (neck(1, 3, 6), None)]);
    check_neck(&home).code(3);

    run(&home, &["journal", "delete", "2"])
        .success()
        .stdout_contains("Removed session 2");
    check_neck(&home)
        .success()
        .stdout_lacks("Talk to your doctor first");

    let sessions = history_json(&home);
    let ids: Vec<&serde_json::Value> = sessions.iter().map(|s| &s["id"]).collect();
    assert_eq!(ids, [1], "{sessions:?}");
    let table = run(&home, &["history"]);
    table.success().stdout_lacks("3 → 6");
    let csv = run(&home, &["history", "--csv"]);
    assert_eq!(csv.stdout.lines().count(), 2, "{}", csv.stdout);

    // The doctor still sees it, marked as removed, with what it recorded.
    let page = report(&home, "r.html");
    let removed = table_rows(&page, "removed");
    assert_eq!(removed.len(), 1, "{page}");
    assert!(removed[0].contains("3 → 6"), "{removed:?}");
    assert!(removed[0].contains("removed on "), "{removed:?}");
    assert!(page.contains("<h3>Removed sessions</h3>"), "{page}");
}

/// The journal's bytes and the names in its folder.
fn snapshot(home: &Sandbox) -> (Vec<u8>, Vec<String>) {
    let bytes = std::fs::read(home.journal()).expect("reads");
    let folder = home.journal().parent().expect("a folder").to_path_buf();
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("lists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    (bytes, names)
}

#[test]
fn every_mistake_says_what_to_do_exits_2_and_changes_nothing() {
    let home = Sandbox::new();
    record(
        &home,
        &[(neck(3, 5, 3), Some("after yoga")), (neck(1, 3, 6), None)],
    );
    run(&home, &["journal", "delete", "2"]).success();
    let before = snapshot(&home);
    let history = run(&home, &["history", "--json"]).stdout;
    for (args, says) in [
        (
            &["journal", "edit", "99", "--pain-after", "3"][..],
            "there is no session 99 in your journal; `selfmassage history` shows each session's id",
        ),
        (&["journal", "delete", "99"], "there is no session 99"),
        (
            &["journal", "edit", "1"],
            "say what to change in session 1: --pain-before N, --pain-after N (0-10) or --note TEXT",
        ),
        (&["journal", "edit", "1", "--pain-after", "11"], "0..=10"),
        (&["journal", "edit", "1", "--pain-before", "-1"], "-1"),
        (&["journal", "edit", "1", "--pain-after", "three"], "three"),
        (&["journal", "edit", "first", "--pain-after", "3"], "first"),
        (
            &["journal", "edit", "2", "--pain-after", "3"],
            "session 2 was already removed from your journal on ",
        ),
        (
            &["journal", "delete", "2"],
            "session 2 was already removed from your journal on ",
        ),
    ] {
        let out = run(&home, args);
        out.code(2).stderr_contains(says);
        assert_eq!(snapshot(&home), before, "{}", out.context());
    }
    assert_eq!(run(&home, &["history", "--json"]).stdout, history);

    // No journal at all: the same error, and none is created.
    let empty = Sandbox::new();
    run(&empty, &["journal", "edit", "1", "--pain-after", "3"])
        .code(2)
        .stderr_contains("there is no session 1: your journal has no sessions yet");
    assert!(!empty.journal().exists());
}

#[test]
fn a_note_written_like_a_formula_opens_as_text_in_a_spreadsheet() {
    let home = Sandbox::new();
    record(&home, &[(neck(3, 5, 3), None)]);
    let formula = "=HYPERLINK(\"http://example.com\",\"x\")";
    run(&home, &["journal", "edit", "1", "--note", formula]).success();
    let csv = run(&home, &["history", "--csv"]);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(&rows[0][12], format!("'{formula}"), "{:?}", rows[0]);
    // Stored as written: only the spreadsheet's copy is marked.
    assert_eq!(history_json(&home)[0]["note"], formula);
}

#[test]
fn notes_show_in_the_table_the_csv_and_the_report_escaped() {
    let home = Sandbox::new();
    let script = "<script>alert(1)</script>";
    let long = "left side worse after a long day at the desk and a longer evening on the sofa";
    record(&home, &[(neck(3, 5, 3), Some(long)), (neck(2, 4, 3), None)]);
    run(&home, &["journal", "edit", "2", "--note", script])
        .success()
        .stdout_contains("note none → \"<script>alert(1)</script>\"");

    let table = run(&home, &["history"]);
    table.success();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(lines[0].starts_with("ID  Date"), "{}", table.stdout);
    assert!(lines[0].ends_with("Note"), "{}", table.stdout);
    assert!(lines[1].starts_with(" 1  "), "{}", table.stdout);
    assert!(
        lines[1].contains("done   left side worse"),
        "{}",
        table.stdout
    );
    assert!(
        lines[1].ends_with('…'),
        "cut to the width: {}",
        table.stdout
    );
    assert!(lines[2].starts_with(" 2  "), "{}", table.stdout);
    assert!(
        lines[2].contains("done   <script>alert(1)"),
        "{}",
        table.stdout
    );
    for line in &lines {
        assert!(
            selfmassage::ui::text::width::display_width(line) <= 80,
            "{line:?}"
        );
    }

    let csv = run(&home, &["history", "--csv"]);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let header = reader.headers().expect("a header").clone();
    assert_eq!(&header[0], "id");
    assert_eq!(&header[12], "note");
    assert_eq!(&header[13], "corrections");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!((&rows[0][0], &rows[0][12]), ("1", long));
    assert_eq!((&rows[1][0], &rows[1][12]), ("2", script));
    assert!(
        rows[1][13].starts_with("note none → \"<script>"),
        "{:?}",
        rows[1]
    );

    let sessions = history_json(&home);
    assert_eq!(sessions[1]["note"], script);
    assert_eq!(sessions[1]["corrections"][0]["field"], "note");
    assert_eq!(
        sessions[1]["corrections"][0]["old"],
        serde_json::Value::Null
    );

    let page = report(&home, "r.html");
    assert!(!page.contains("<script"), "a raw script tag: {page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    let notes = table_rows(&page, "notes");
    assert_eq!(notes.len(), 2, "{page}");
    assert!(notes[0].ends_with(long), "{notes:?}");
    assert!(notes[1].ends_with(script), "{notes:?}");

    // An empty note takes it out; the journal keeps what it was.
    run(&home, &["journal", "edit", "2", "--note", ""])
        .success()
        .stdout_contains("note \"<script>alert(1)</script>\" → none");
    let sessions = history_json(&home);
    assert_eq!(sessions[1].get("note"), None);
    assert_eq!(sessions[1]["corrections"][1]["old"], script);
}

#[test]
fn help_says_how_with_examples() {
    let home = Sandbox::new();
    run(&home, &["journal", "--help"])
        .success()
        .stdout_contains("edit")
        .stdout_contains("delete")
        .stdout_contains("selfmassage journal edit 12 --pain-after 3");
    run(&home, &["journal", "edit", "--help"])
        .success()
        .stdout_contains("--pain-before <N>")
        .stdout_contains("--pain-after <N>")
        .stdout_contains("--note <TEXT>")
        .stdout_contains("selfmassage journal edit 12 --pain-after 3");
    run(&home, &["journal", "delete", "--help"])
        .success()
        .stdout_contains("selfmassage journal delete 12");
    // The man page names both, with their options; every shell completes them.
    run(&home, &["man"])
        .success()
        .stdout_contains(
            r"selfmassage journal edit ID [\-\-pain\-before N] [\-\-pain\-after N] [\-\-note TEXT]",
        )
        .stdout_contains(r"selfmassage journal delete ID");
    for shell in ["bash", "zsh", "fish"] {
        run(&home, &["completions", shell])
            .success()
            .stdout_contains("journal")
            .stdout_contains("delete")
            .stdout_contains("pain-after")
            .stdout_contains("pain-before");
    }
}

// Tried as a new user: in an 80-column terminal, what `journal edit` and `journal delete`
// said broke words at the edge ("`selfmas" / "sage history`").
#[cfg(unix)]
#[test]
fn in_a_terminal_what_edit_and_delete_say_wraps_between_words() {
    use crate::harness::pty::Pty;
    let home = Sandbox::new();
    record(&home, &[(neck(2, 3, 6), None), (neck(1, 3, 4), None)]);
    for args in [
        &["journal", "edit", "1", "--pain-after", "3"][..],
        &["journal", "delete", "2"][..],
    ] {
        let pty = Pty::spawn(&home, args, 60, 24);
        let finished = pty.finish();
        finished.assert_code(0);
        // Rows the terminal itself continued (a line exactly as wide as the window is not).
        let rows = finished.all_rows(60, 24);
        let broken: Vec<String> = crate::pty_sessions::words_broken_at_the_edge(&rows, 60)
            .into_iter()
            .filter(|pair| {
                rows.iter()
                    .any(|(row, wrapped)| *wrapped && pair.starts_with(&format!("{row:?}")))
            })
            .collect();
        assert!(
            broken.is_empty(),
            "{args:?}: {broken:?}\n{}",
            finished.dump()
        );
    }
}
