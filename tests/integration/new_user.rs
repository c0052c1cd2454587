//! What a new user tripped over (issue 26, "tried as a new user would"): the first day's
//! `history` and report, the after-check's advice said once, one word for how a session
//! ended, minutes that count the session alone, the report written for a clinician, an
//! unknown `--area`, and long `history` through a pager.

use jiff::{SignedDuration, Timestamp};
use scraper::{Html, Selector};
use selfmassage::journal::{Ending, Journal, SessionNotes, SessionRecord};
use selfmassage::safety::{PainScore, VerdictKind};

use crate::harness::dialog::{CAUSE_QUESTION, PAIN_AFTER_QUESTION};
use crate::harness::fixtures::QUICK;
use crate::harness::pty::Pty;
use crate::harness::sandbox::BIN;
use crate::harness::{Output, Person, Sandbox, Test};

/// A neck session at `at` (RFC 3339), pain before → after, `done` of 3 steps, ending so.
fn session(at: &str, pain: (u8, u8), done: u32, ending: Ending) -> SessionRecord {
    let started_at: Timestamp = at.parse().expect("timestamp");
    SessionRecord {
        started_at,
        ended_at: started_at + SignedDuration::from_mins(6),
        routines: vec!["neck".into()],
        areas: vec!["neck".into()],
        verdict: VerdictKind::GoAhead,
        pain_before: PainScore::new(pain.0),
        pain_after: PainScore::new(pain.1),
        new_symptoms: Some(false),
        steps_done: done,
        steps_total: 3,
        ending,
    }
}

fn write(home: &Sandbox, sessions: &[SessionRecord]) {
    let mut journal = Journal::open(&home.journal()).expect("opens");
    for record in sessions {
        journal.record(record).expect("records");
    }
}

/// Two sessions on the first day, at 07:51 and 19:51 UTC.
fn first_day() -> [SessionRecord; 2] {
    [
        session("2026-12-03T07:51:00Z", (3, 2), 3, Ending::Completed),
        session("2026-12-03T19:51:00Z", (4, 2), 3, Ending::Completed),
    ]
}

/// `selfmassage ARGS` in a terminal, in UTC.
fn in_utc(home: &Sandbox, args: &[&str], cols: u16, rows: u16) -> Pty {
    let mut all = vec!["TZ=UTC", BIN];
    all.extend_from_slice(args);
    Pty::spawn_program(home, "env".as_ref(), &all, cols, rows)
}

#[test]
fn the_first_days_history_lists_the_ratings_instead_of_a_chart() {
    let home = Sandbox::new();
    write(&home, &first_day());
    let mut pty = in_utc(&home, &["history"], 80, 40);
    pty.wait_for("Ended");
    let screen = pty.text();
    assert!(
        screen.contains("2026-12-03: at 07:51, pain 3 → 2; at 19:51, pain 4 → 2."),
        "{screen}"
    );
    assert!(screen.contains("A chart follows once"), "{screen}");
    assert!(!screen.contains('└'), "no chart on one day: {screen}");
    assert!(
        !screen.contains("2026-12-04"),
        "no axis to tomorrow: {screen}"
    );

    // A second day makes a chart.
    write(
        &home,
        &[session(
            "2026-12-04T08:00:00Z",
            (3, 1),
            3,
            Ending::Completed,
        )],
    );
    let mut pty = in_utc(&home, &["history"], 80, 40);
    pty.wait_for("Ended");
    let screen = pty.text();
    assert!(
        screen.contains('└') && screen.contains("• pain before"),
        "{screen}"
    );
}

// Reported against terminal dashboards: the Linux console's font has no braille, and the
// history chart drew its "after" points in braille there anyway.
#[test]
fn on_the_linux_console_the_history_chart_is_ascii() {
    let home = Sandbox::new();
    write(&home, &first_day());
    write(
        &home,
        &[session(
            "2026-12-04T08:00:00Z",
            (3, 1),
            3,
            Ending::Completed,
        )],
    );
    let mut all = vec!["TZ=UTC", "TERM=linux", BIN, "history"];
    let mut pty = Pty::spawn_program(&home, "env".as_ref(), &all, 80, 40);
    pty.wait_for("Ended");
    let screen = pty.text();
    let braille: Vec<char> = screen
        .chars()
        .filter(|c| ('\u{2800}'..='\u{28ff}').contains(c) || *c == '•')
        .collect();
    assert!(braille.is_empty(), "{braille:?}\n{screen}");
    assert!(
        screen.contains("o pain before   * pain after") && screen.contains('*'),
        "{screen}"
    );
    // A UTF-8 terminal still gets braille (the test can tell).
    all[1] = "TERM=xterm-256color";
    let mut pty = Pty::spawn_program(&home, "env".as_ref(), &all, 80, 40);
    pty.wait_for("Ended");
    assert!(pty.text().contains("⠒ pain after"), "{}", pty.text());
}

/// The report as its text, and parsed.
fn report(home: &Sandbox, args: &[&str]) -> (String, Html) {
    home.test()
        .args(["report", "-o", "r.html", "--force"])
        .args(args)
        .env("TZ", "UTC")
        .run()
        .success();
    let text = std::fs::read_to_string(home.path().join("r.html")).expect("written");
    let page = Html::parse_document(&text);
    (text, page)
}

fn texts(page: &Html, css: &str) -> Vec<String> {
    page.select(&Selector::parse(css).expect("selector"))
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[test]
fn the_first_days_report_has_no_chart_of_one_column() {
    let home = Sandbox::new();
    write(&home, &first_day());
    let (text, page) = report(&home, &[]);
    assert_eq!(texts(&page, "section.area svg").len(), 0, "{text}");
    let ratings = texts(&page, "section.area .ratings").join("");
    assert!(
        ratings.contains("at 07:51, pain 3 → 2; at 19:51, pain 4 → 2"),
        "{ratings}"
    );
    // Not "07:51 19:51 07:51": no axis at all.
    assert!(!text.contains(">07:51<"), "{text}");
}

/// A session stopped at the safety questions, one that reached its end with a step
/// skipped, one done, and one whose last session went badly: what a report reads from.
fn mixed(home: &Sandbox) {
    let mut journal = Journal::open(&home.journal()).expect("opens");
    let mut stop = session("2026-12-01T09:00:00Z", (8, 0), 0, Ending::SafetyStop);
    stop.pain_after = None;
    stop.verdict = VerdictKind::DoctorFirst;
    journal
        .record_noted(
            &stop,
            &SessionNotes {
                reasons: vec!["pain of 8 out of 10 is severe".into()],
                ..SessionNotes::default()
            },
        )
        .expect("records");
    journal
        .record(&session("2026-12-02T09:00:00Z", (4, 2), 2, Ending::Stopped))
        .expect("records");
    journal
        .record(&session(
            "2026-12-03T09:00:00Z",
            (3, 5),
            3,
            Ending::Completed,
        ))
        .expect("records");
}

#[test]
fn the_report_speaks_to_a_clinician_and_counts_sessions_once() {
    let home = Sandbox::new();
    mixed(&home);
    let (text, page) = report(&home, &[]);
    // The call-outs: third person, no command to type, no backticks.
    let advice = texts(&page, ".advice");
    assert!(!advice.is_empty(), "{text}");
    for line in &advice {
        assert!(
            line.contains("More pain after a neck session on 3 December (3 → 5)."),
            "{line}"
        );
        for word in ["`", "selfmassage report", "your ", "You "] {
            assert!(!line.contains(word), "{word:?} in {line:?}");
        }
    }
    assert!(!text.contains('`'), "no backticks anywhere: {text}");
    // One count, said the same way for the page and for the area; the routines table
    // counts the sessions with a step done, as the count says.
    let count = "3 sessions (2 with a step done, 1 stopped by the safety questions)";
    let meta = texts(&page, "p.meta").join(" ");
    assert!(meta.contains(count), "{meta}");
    let area = texts(&page, "section.area p").join(" ");
    assert!(area.contains(&format!("{count}.")), "{area}");
    let routines = texts(&page, "#routines tbody td");
    assert_eq!(
        routines.get(1).map(String::as_str),
        Some("2"),
        "{routines:?}"
    );
    // Dates never break inside a cell on a phone.
    assert!(text.contains("td.date { white-space: nowrap; }"), "{text}");
    let dates = texts(&page, "td.date");
    assert!(!dates.is_empty(), "{text}");
}

#[test]
fn history_says_how_a_session_ended_in_the_words_run_used() {
    let home = Sandbox::new();
    mixed(&home);
    let mut part_way = session("2026-12-04T09:00:00Z", (3, 2), 1, Ending::Stopped);
    part_way.pain_after = None;
    let mut journal = Journal::open(&home.journal()).expect("opens");
    journal
        .record_noted(
            &part_way,
            &SessionNotes {
                stopped_at_step: Some(2),
                ..SessionNotes::default()
            },
        )
        .expect("records");
    let out = home.test().arg("history").env("TZ", "UTC").run();
    out.success();
    let ended = |date: &str| -> String {
        let line = out
            .stdout
            .lines()
            .find(|l| l.contains(date))
            .unwrap_or_else(|| panic!("no {date}: {}", out.stdout));
        line.trim_end()
            .rsplit("  ")
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    // `run` ends these "Finished, 1 skipped: 2 of 3 steps done.", "Stopped early, after
    // 1 of 3 steps." and "Done: all 3 steps.".
    assert_eq!(ended("2026-12-02"), "finished, 1 skipped");
    assert_eq!(ended("2026-12-04"), "stopped early");
    assert_eq!(ended("2026-12-03"), "done");
    assert_eq!(ended("2026-12-01"), "safety stop");
}

#[test]
fn an_unknown_area_is_a_usage_error_listing_the_areas() {
    let home = Sandbox::new();
    write(&home, &first_day());
    for command in ["history", "report"] {
        let out = home.test().args([command, "--area", "bogus"]).run();
        out.code(2)
            .stderr_contains("unknown area \"bogus\"")
            .stderr_contains("neck, shoulders");
    }
    assert!(!home.path().join("r.html").exists());
    home.test()
        .args(["history", "--area", "neck"])
        .run()
        .success();
}

/// The tiny routine (11 s), from a `--routines-dir`.
fn quick(args: &[&str]) -> Test {
    Test::new()
        .file("routines/quick.toml", QUICK)
        .args(args)
        .routines_dir("routines")
}

/// Pain 3 before, then 6 afterwards with tingling: the session went worse in two ways.
#[test]
fn the_after_check_gives_each_piece_of_advice_once() {
    let person = Person::fine().pain(3);
    let mut after = false;
    let mut last_question_at = None;
    let mut after_check_at = None;
    let out = quick(&["run", "quick"]).converse(|prompt| {
        let q = prompt.question.to_lowercase();
        if prompt.question.starts_with(CAUSE_QUESTION) {
            last_question_at = Some(Timestamp::now());
        }
        if prompt.question.starts_with(PAIN_AFTER_QUESTION) {
            after_check_at = Some(Timestamp::now());
            after = true;
            return "6".to_string();
        }
        if after {
            // "Yes" to the list, then to tingling alone.
            return if q.contains("tingling") || q.contains("any of these") {
                "y"
            } else {
                "n"
            }
            .to_string();
        }
        person.answer(prompt)
    });
    out.success();
    let advice: Vec<&str> = out
        .stdout
        .split("How do you feel?")
        .nth(1)
        .expect("after the session")
        .lines()
        .filter(|l| !l.contains("[y/n]") && !l.contains("0-10") && !l.starts_with("  - "))
        .filter(|l| !l.trim().is_empty())
        .collect();
    let doctor: Vec<&&str> = advice.iter().filter(|l| l.contains("doctor")).collect();
    assert_eq!(doctor.len(), 1, "advice said more than once: {advice:#?}");
    assert!(
        advice.iter().any(|l| l.contains("went up (3 → 6)")),
        "{advice:#?}"
    );

    // The session's minutes are the session's: not the questions, not the after-check.
    let json = out.test.next_run().args(["history", "--json"]).run().json();
    let time = |key: &str| -> Timestamp {
        json[0][key]
            .as_str()
            .expect("a time")
            .parse()
            .expect("RFC 3339")
    };
    let (started, ended) = (time("started_at"), time("ended_at"));
    assert!(
        started >= last_question_at.expect("asked"),
        "started {started} before the last question was answered"
    );
    assert!(
        ended <= after_check_at.expect("asked"),
        "ended {ended} after the after-check was asked"
    );
}

/// A journal of 40 sessions: more rows than a 24-row window.
fn long_journal(home: &Sandbox) {
    let sessions: Vec<SessionRecord> = (0..40)
        .map(|day| {
            let at = format!("2026-10-{:02}T09:00:00Z", day % 28 + 1);
            session(&at, (4, 2), 3, Ending::Completed)
        })
        .collect();
    write(home, &sessions);
}

/// A pager that keeps what it was given in `paged.txt`.
fn fake_pager(home: &Sandbox) -> String {
    let script = home.write("pager.sh", "cat > \"$(dirname \"$0\")/paged.txt\"\n");
    format!("sh {}", script.display())
}

#[test]
fn long_history_in_a_terminal_goes_through_the_pager() {
    let home = Sandbox::new();
    long_journal(&home);
    let pager = format!("PAGER={}", fake_pager(&home));
    let paged = home.path().join("paged.txt");

    let pty = Pty::spawn_program(
        &home,
        "env".as_ref(),
        &[pager.as_str(), BIN, "history", "--all"],
        80,
        24,
    );
    pty.finish().assert_code(0);
    let text = std::fs::read_to_string(&paged).expect("the pager was given the text");
    assert!(text.contains("Date ") && text.contains("Ended"), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains('→')).count(), 40);

    // Not with --no-pager, nor when it fits.
    std::fs::remove_file(&paged).expect("removed");
    let pty = Pty::spawn_program(
        &home,
        "env".as_ref(),
        &[pager.as_str(), BIN, "history", "--all", "--no-pager"],
        80,
        24,
    );
    pty.finish().assert_code(0);
    let pty = Pty::spawn_program(
        &home,
        "env".as_ref(),
        &[pager.as_str(), BIN, "history", "--all"],
        80,
        200,
    );
    pty.finish().assert_code(0);
    assert!(!paged.exists(), "paged though told not to, or it fits");
}

/// `show` pages as `history` does: a routine taller than the window goes through the pager
/// in a terminal, and not with `--no-pager`, nor into a pipe.
#[test]
fn a_long_show_in_a_terminal_goes_through_the_pager() {
    let home = Sandbox::new();
    let pager = format!("PAGER={}", fake_pager(&home));
    let paged = home.path().join("paged.txt");
    let show = |extra: &[&str]| {
        let mut args = vec![pager.as_str(), BIN, "show", "neck"];
        args.extend(extra);
        Pty::spawn_program(&home, "env".as_ref(), &args, 80, 24).finish()
    };

    show(&[]).assert_code(0);
    let text = std::fs::read_to_string(&paged).expect("the pager was given the text");
    assert!(
        text.contains("Neck knot release") && text.contains("Steps"),
        "{text}"
    );

    std::fs::remove_file(&paged).expect("removed");
    let finished = show(&["--no-pager"]);
    finished.assert_code(0);
    finished.assert_output_contains("Neck knot release");
    assert!(!paged.exists(), "paged though told not to");

    let piped: Output = home
        .test()
        .args(["show", "neck"])
        .env("PAGER", fake_pager(&home))
        .run();
    piped.success().stdout_contains("Neck knot release");
    assert!(!paged.exists(), "a pipe was paged");
}

#[test]
fn a_pager_that_fails_leaves_the_text_on_the_terminal() {
    let home = Sandbox::new();
    long_journal(&home);
    // As `less --bogus` does: it starts, shows nothing and exits with an error.
    let script = home.write("failing.sh", "cat > /dev/null\nexit 1\n");
    let pager = format!("PAGER=sh {}", script.display());
    let pty = Pty::spawn_program(
        &home,
        "env".as_ref(),
        &[pager.as_str(), BIN, "history", "--all"],
        80,
        24,
    );
    let finished = pty.finish();
    finished.assert_code(0);
    let text = finished.text();
    assert!(text.contains("Date ") && text.contains("Ended"), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains('→')).count(), 40);
}

#[test]
fn piped_history_is_never_paged() {
    let home = Sandbox::new();
    long_journal(&home);
    let plain = home.test().args(["history", "--all"]).run();
    plain.success();
    let with_pager: Output = home
        .test()
        .args(["history", "--all"])
        .env("PAGER", fake_pager(&home))
        .run();
    with_pager.success();
    assert_eq!(with_pager.stdout, plain.stdout);
    assert!(!home.path().join("paged.txt").exists());
}
