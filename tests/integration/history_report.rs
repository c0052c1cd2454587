//! `history`'s pain chart and table, and `report`'s HTML page, on a journal of 200 sessions
//! over three months (issue 17, items 4 to 6). The journal is written through the library;
//! the page is read back with an HTML parser.

use jiff::{SignedDuration, Timestamp};
use scraper::{Html, Selector};
use selfmassage::journal::{Ending, Journal, SessionNotes, SessionRecord};
use selfmassage::safety::{PainScore, VerdictKind};

use crate::harness::pty::Pty;
use crate::harness::{Output, Sandbox};

const SESSIONS: i64 = 200;
/// Every 25th session is a safety stop (8 of them), noted with a reason.
const STOP_EVERY: i64 = 25;
/// Every 40th (that is not a stop) is followed by a new symptom.
const SYMPTOM_EVERY: i64 = 40;

/// A routine of the user's whose title would run as a script if it were not escaped.
const EVIL: &str = r#"id = "evil"
title = "Evil <script>alert('title')</script> knot"
areas = ["neck"]
summary = "A routine whose title tries to inject a script."

[[steps]]
title = "Rub"
text = "Rub the spot gently."
seconds = 10
pressure = "light"
"#;

/// 200 sessions, one every 11 hours (about three months), alternating neck (in the routine
/// "evil") and lower-back; pain falls slowly, a session eases it by 2.
fn journal(home: &Sandbox) -> Vec<SessionRecord> {
    let mut journal = Journal::open(&home.journal()).expect("opens");
    let start: Timestamp = "2026-08-01T08:00:00Z".parse().expect("timestamp");
    let mut written = Vec::new();
    for i in 0..SESSIONS {
        let started_at = start + SignedDuration::from_hours(11 * i);
        let before = PainScore::new(7 - (i * 4 / SESSIONS) as u8);
        let stop = i % STOP_EVERY == 0;
        let symptom = !stop && i % SYMPTOM_EVERY == 1;
        let (routine, area) = if i % 2 == 0 {
            ("evil", "neck")
        } else {
            ("lower-back", "lower-back")
        };
        let record = SessionRecord {
            started_at,
            ended_at: started_at + SignedDuration::from_mins(6),
            routines: if stop {
                vec![]
            } else {
                vec![routine.to_string()]
            },
            areas: vec![area.to_string()],
            verdict: if stop {
                VerdictKind::DoctorFirst
            } else {
                VerdictKind::GoAhead
            },
            pain_before: before,
            pain_after: None,
            new_symptoms: None,
            steps_done: if stop { 0 } else { 3 },
            steps_total: 3,
            ending: if stop {
                Ending::SafetyStop
            } else {
                Ending::Completed
            },
        };
        let notes = SessionNotes {
            reasons: if stop {
                vec![format!("Reason {i}: <img src=x onerror=alert(1)>")]
            } else {
                vec![]
            },
            symptoms: vec![],
            ..SessionNotes::default()
        };
        let id = journal.record_noted(&record, &notes).expect("records");
        let mut record = record;
        if !stop {
            let after =
                PainScore::new(before.map_or(0, |p| p.get()).saturating_sub(2)).expect("0-10");
            let symptoms = if symptom {
                vec!["tingling".to_string()]
            } else {
                vec![]
            };
            let check = selfmassage::journal::AfterCheck {
                id: Some(id),
                started_at: record.started_at,
                pain_after: after,
                new_symptoms: Some(symptom),
                ended_at: record.ended_at,
            };
            journal
                .record_after_check(&check, &symptoms)
                .expect("after-check");
            record.pain_after = Some(after);
            record.new_symptoms = Some(symptom);
        }
        written.push(record);
    }
    written
}

fn run(home: &Sandbox, args: &[&str]) -> Output {
    home.test()
        .routine_file("evil.toml", EVIL)
        .args(args)
        .env("TZ", "UTC")
        .run()
}

/// Table rows: lines that start with an id and a date.
fn rows(text: &str) -> usize {
    text.lines()
        .filter(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            cells.len() > 2 && cells[0].parse::<u32>().is_ok() && cells[1].starts_with("2026-")
        })
        .filter(|l| l.contains('→'))
        .count()
}

#[test]
fn piped_history_prints_the_last_20_sessions_and_no_chart() {
    let home = Sandbox::new();
    journal(&home);
    let out = run(&home, &["history"]);
    out.success();
    assert_eq!(rows(&out.stdout), 20, "{}", out.stdout);
    assert!(
        out.stdout.trim_start().starts_with("ID  Date"),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains('│'),
        "no chart when piped: {}",
        out.stdout
    );
    out.stdout_contains("The last 20 of 200 sessions; `selfmassage history --all`");
    // The newest session is the last row.
    out.stdout_contains("2026-10-31 13:00");

    let all = run(&home, &["history", "--all"]);
    all.success();
    assert_eq!(rows(&all.stdout), 200);
    all.stdout_lacks("The last 20");

    let json = run(&home, &["history", "--json"]);
    assert_eq!(json.json().as_array().map(Vec::len), Some(200));
}

#[test]
fn history_in_a_terminal_draws_a_chart_per_area_above_the_table() {
    let home = Sandbox::new();
    journal(&home);
    let mut pty = Pty::spawn(&home, &["history"], 100, 80);
    pty.wait_for("The last 20 of 200");
    let screen = pty.text();
    let lines: Vec<&str> = screen.lines().collect();
    let heading = |name: &str| {
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no {name} chart: {screen}"))
    };
    let (lower_back, neck) = (
        heading("Lower back: 100 sessions"),
        heading("Neck: 100 sessions"),
    );
    let table = heading("ID");
    assert!(lower_back < neck && neck < table, "{screen}");
    // Each chart: the 0-10 scale, an x axis with dates, and the legend.
    let chart = &lines[lower_back..neck].join("\n");
    assert!(
        chart.contains("10") && chart.contains('│') && chart.contains('└'),
        "{chart}"
    );
    assert!(
        chart.contains("2026-08-01") && chart.contains("2026-10-31"),
        "{chart}"
    );
    assert!(chart.contains("• pain before"), "{chart}");
    assert_eq!(rows(&lines[table..].join("\n")), 20, "{screen}");
}

#[test]
fn the_report_holds_every_session_stop_and_after_check_escaped() {
    let home = Sandbox::new();
    let written = journal(&home);
    let out = run(&home, &["report", "-o", "for-the-doctor.html"]);
    out.success();
    out.stdout_contains("Wrote for-the-doctor.html");
    let text = std::fs::read_to_string(home.path().join("for-the-doctor.html")).expect("written");
    let page = Html::parse_document(&text);
    let select = |css: &str| Selector::parse(css).expect("selector");

    // Self-contained: no script, nothing fetched.
    assert_eq!(page.select(&select("script, link, img, iframe")).count(), 0);
    assert_eq!(
        page.select(&select("[src], [href]")).count(),
        0,
        "nothing fetched"
    );
    assert!(
        page.select(&select(".notice"))
            .any(|n| n.text().collect::<String>().contains("not a diagnosis")),
        "{text}"
    );

    // One section per area; in its chart, one filled circle per "before" and one hollow
    // circle per "after".
    let sections: Vec<_> = page.select(&select("section.area")).collect();
    assert_eq!(sections.len(), 2);
    for (section, area) in sections.iter().zip(["lower-back", "neck"]) {
        let mine: Vec<&SessionRecord> = written.iter().filter(|r| r.touches(area)).collect();
        let heading: String = section
            .select(&select("h3"))
            .flat_map(|h| h.text())
            .collect();
        let count: String = section
            .select(&select("p"))
            .flat_map(|p| p.text())
            .collect();
        assert!(
            count.contains(&format!("{} sessions (", mine.len())),
            "{heading}: {count}"
        );
        let circles: Vec<_> = section.select(&select("svg circle")).collect();
        let hollow = circles
            .iter()
            .filter(|c| c.value().attr("fill") == Some("none"))
            .count();
        let befores = mine.iter().filter(|r| r.pain_before.is_some()).count();
        let afters = mine.iter().filter(|r| r.pain_after.is_some()).count();
        assert_eq!(
            (circles.len() - hollow, hollow),
            (befores, afters),
            "{heading}"
        );
        let trend: String = section
            .select(&select(".trend"))
            .flat_map(|p| p.text())
            .collect();
        assert!(
            trend.starts_with("Pain before a session was lower"),
            "{trend}"
        );
    }

    // Every safety stop with its reason, as text, never as markup.
    let stops: Vec<String> = page
        .select(&select("#safety-stops tbody tr"))
        .map(|row| row.text().collect())
        .collect();
    assert_eq!(stops.len(), (SESSIONS / STOP_EVERY) as usize);
    assert!(
        stops[0].contains("Reason 0: <img src=x onerror=alert(1)>"),
        "{stops:?}"
    );

    // Every after-check with more pain or a new symptom: here, the symptoms.
    let checks: Vec<String> = page
        .select(&select("#after-checks tbody tr"))
        .map(|row| row.text().collect())
        .collect();
    let expected = written
        .iter()
        .filter(|r| r.new_symptoms == Some(true))
        .count();
    assert_eq!(checks.len(), expected);
    assert!(
        checks
            .iter()
            .all(|c| c.contains("Numbness, tingling or pins and needles")),
        "{checks:?}"
    );

    // The routine file's title is text on the page.
    let routines: String = page
        .select(&select("#routines"))
        .flat_map(|t| t.text())
        .collect();
    assert!(
        routines.contains("Evil <script>alert('title')</script> knot (evil)"),
        "{routines}"
    );
    assert!(text.contains("Evil &lt;script&gt;"), "escaped in the file");
}

#[test]
fn the_report_never_overwrites_without_force() {
    let home = Sandbox::new();
    journal(&home);
    let first = run(&home, &["report"]);
    first.success();
    let name = first
        .stdout
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.strip_suffix(':'))
        .expect("a file name")
        .to_string();
    assert!(
        name.starts_with("selfmassage-report-") && name.ends_with(".html"),
        "{name}"
    );
    let path = home.path().join(&name);
    std::fs::write(&path, "kept").expect("writes");
    // A second report the same day takes the next free name and keeps the first.
    let again = run(&home, &["report"]);
    again.success();
    let second = name.replace(".html", "-2.html");
    again.stdout_contains(&format!("Wrote {second}:"));
    assert_eq!(std::fs::read_to_string(&path).expect("reads"), "kept");
    // A file named with -o is never replaced without --force.
    let named = run(&home, &["report", "-o", &name]);
    assert_ne!(named.code, Some(0), "{}", named.context());
    named.stderr_contains("--force");
    assert_eq!(std::fs::read_to_string(&path).expect("reads"), "kept");
    run(&home, &["report", "--force"]).success();
    assert!(
        std::fs::read_to_string(&path)
            .expect("reads")
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn no_journal_writes_no_report() {
    let home = Sandbox::new();
    let out = run(&home, &["report"]);
    out.success();
    out.stdout_contains("no file was written");
    assert!(!home.journal().exists());
}

/// A session `hours_ago` hours back, of `routines` with these `areas`, pain before → after.
fn recent(hours_ago: i64, routines: &[&str], areas: &[&str], pain: (u8, u8)) -> SessionRecord {
    let started_at = Timestamp::now() - SignedDuration::from_hours(hours_ago);
    SessionRecord {
        started_at,
        ended_at: started_at + SignedDuration::from_mins(6),
        routines: routines.iter().map(|r| r.to_string()).collect(),
        areas: areas.iter().map(|a| a.to_string()).collect(),
        verdict: VerdictKind::GoAhead,
        pain_before: PainScore::new(pain.0),
        pain_after: PainScore::new(pain.1),
        new_symptoms: Some(false),
        steps_done: 3,
        steps_total: 3,
        ending: Ending::Completed,
    }
}

/// Neck (ids 1, 4), head + neck in one session (2, 5) and lower back (3, 6) over the last
/// days; the last lower-back session ended with more pain, so history advises on it.
fn three_areas(home: &Sandbox) {
    let mut journal = Journal::open(&home.journal()).expect("opens");
    let hours = [96, 72, 48, 24, 12, 6];
    for (n, hours_ago) in hours.into_iter().enumerate() {
        let record = match n % 3 {
            0 => recent(hours_ago, &["neck"], &["neck"], (5, 3)),
            1 => recent(hours_ago, &["head", "neck"], &["head", "neck"], (4, 2)),
            _ if n == 5 => recent(hours_ago, &["lower-back"], &["lower-back"], (3, 6)),
            _ => recent(hours_ago, &["lower-back"], &["lower-back"], (6, 4)),
        };
        journal.record(&record).expect("records");
    }
}

#[test]
fn area_neck_shows_only_the_sessions_that_touched_the_neck() {
    let home = Sandbox::new();
    three_areas(&home);
    let neck = ["history", "--area", "neck"];

    // In a terminal: one chart (neck, with the head + neck sessions), its rows, no advice
    // about the lower back.
    let mut pty = Pty::spawn(&home, &neck, 100, 60);
    pty.wait_for("Ended");
    pty.pump_for(std::time::Duration::from_millis(300));
    let screen = pty.text();
    assert!(screen.contains("Neck: 4 sessions"), "{screen}");
    for other in ["Head:", "Lower back:", "lower-back", "lower back"] {
        assert!(!screen.contains(other), "{other}: {screen}");
    }
    assert_eq!(screen.matches("head, neck").count(), 2, "{screen}");

    // Without --area the lower back is there, with its advice: the filter is what hid it.
    let mut pty = Pty::spawn(&home, &["history"], 100, 80);
    pty.wait_for("Ended");
    pty.wait_for("see a doctor");
    let screen = pty.text();
    assert!(screen.contains("Lower back: 2 sessions"), "{screen}");
    assert!(screen.contains("Head: 2 sessions"), "{screen}");

    // Piped, JSON and CSV: the same four sessions.
    let table = run(&home, &neck);
    table
        .success()
        .stdout_lacks("lower-back")
        .stdout_lacks("see a doctor");
    assert_eq!(
        table.stdout.lines().filter(|l| l.contains('→')).count(),
        4,
        "{}",
        table.stdout
    );
    let json = run(&home, &["history", "--area", "neck", "--json"]).json();
    let ids: Vec<i64> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| s["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, [1, 2, 4, 5]);
    let csv = run(&home, &["history", "--area", "neck", "--csv"]);
    csv.success();
    let ids: Vec<&str> = csv
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().expect("id"))
        .collect();
    assert_eq!(ids, ["1", "2", "4", "5"], "{}", csv.stdout);
    run(&home, &["history", "--area", "head", "--json"])
        .success()
        .stdout_lacks("\"lower-back\"");

    // The report: one area section, neck, holding all four sessions.
    run(&home, &["report", "--area", "neck", "-o", "neck.html"]).success();
    let text = std::fs::read_to_string(home.path().join("neck.html")).expect("written");
    let page = Html::parse_document(&text);
    let sections: Vec<String> = page
        .select(&Selector::parse("section.area").expect("selector"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(sections.len(), 1, "{sections:?}");
    assert!(
        sections[0].starts_with("Neck") && sections[0].contains("4 sessions."),
        "{sections:?}"
    );
    assert!(!text.contains("Lower back"), "{text}");
}

/// In a 40-column terminal every line fits, wrapped between words: the chart headings, and
/// the table, a few lines a session under a heading of one line.
#[test]
fn history_in_a_narrow_terminal_keeps_every_line_within_the_window() {
    let home = Sandbox::new();
    three_areas(&home);
    let mut journal = Journal::open(&home.journal()).expect("opens");
    let mut noted = recent(
        3,
        &["lower-back-chair", "neck"],
        &["lower-back", "neck"],
        (5, 4),
    );
    noted.ending = Ending::Stopped;
    noted.steps_done = 1;
    let notes = SessionNotes {
        note: Some("left side worse after a long day at the desk".to_string()),
        ..SessionNotes::default()
    };
    journal.record_noted(&noted, &notes).expect("records");
    let pty = Pty::spawn(&home, &["history", "--no-pager"], 40, 12);
    let finished = pty.finish();
    finished.assert_code(0);
    let text = finished.text();
    let lines: Vec<&str> = text
        .lines()
        .skip_while(|line| !line.contains("sessions"))
        .take_while(|line| !line.starts_with("EXIT="))
        .map(str::trim_end)
        .collect();
    for line in &lines {
        assert!(
            line.chars().count() <= 40,
            "{} columns: {line:?}\n{text}",
            line.chars().count()
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.split_whitespace().eq(["ID", "Date", "Routine"])),
        "{text}"
    );
    // Every session: its id and routines, then its pain, minutes and ending; the note cut.
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("pain ") && l.contains(" → "))
            .count(),
        7,
        "{text}"
    );
    assert!(text.contains("pain 3 → 6 · 6 min · done"), "{text}");
    let flat = lines
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("lower-back-chair, neck pain 5 → 4 · 6 min · finished, 2 skipped"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim().starts_with("left side") && l.ends_with('…')),
        "{text}"
    );
}

#[test]
fn csv_times_are_whole_local_seconds_a_spreadsheet_reads_as_dates() {
    let home = Sandbox::new();
    let started: Timestamp = "2026-11-30T14:05:09.987654321Z".parse().expect("timestamp");
    let mut journal = Journal::open(&home.journal()).expect("opens");
    let mut record = recent(0, &["neck"], &["neck"], (4, 2));
    record.started_at = started;
    record.ended_at = started + SignedDuration::from_millis(372_400);
    journal.record(&record).expect("records");

    // Nine hours east of UTC, with no daylight saving time.
    let tokyo = |args: &[&str]| {
        home.test()
            .arg("history")
            .args(args)
            .env("TZ", "JST-9")
            .run()
    };
    let csv = tokyo(&["--csv"]);
    csv.success();
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let header = reader.headers().expect("a header").clone();
    assert_eq!(&header[1], "started_at_local");
    assert_eq!(&header[2], "ended_at_local");
    let row = reader
        .records()
        .next()
        .expect("one row")
        .expect("a valid row");
    let cell = |i: usize| -> jiff::civil::DateTime {
        jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", &row[i])
            .unwrap_or_else(|e| panic!("{:?} is not a date and time: {e}", &row[i]))
    };
    assert_eq!(&row[1], "2026-11-30 23:05:09");
    assert_eq!(cell(1), jiff::civil::datetime(2026, 11, 30, 23, 5, 9, 0));
    assert_eq!(cell(2), jiff::civil::datetime(2026, 11, 30, 23, 11, 22, 0));

    // JSON keeps the instant, in UTC, to the nanosecond.
    let json = tokyo(&["--json"]).json();
    assert_eq!(json[0]["started_at"], "2026-11-30T14:05:09.987654321Z");
    assert_eq!(json[0]["ended_at"], "2026-11-30T14:11:22.387654321Z");
}
