//! `plan` and `remind` from the user's side: a plan set, shown, as JSON and ended; a
//! hand-edited plan file with a mistake; reminders installed with recording fakes of
//! `systemctl`, `launchctl` and `notify-send` on `PATH`, and `remind fire` notifying only when
//! a session is due.

use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;

use jiff::{SignedDuration, Timestamp};
use selfmassage::journal::{Ending, Journal, SessionRecord};
use selfmassage::safety::{PainScore, VerdictKind};

use crate::harness::{Output, Sandbox};

/// A run with only the sandbox's `bin/` on `PATH` (the fakes a test put there) and dates in
/// UTC.
fn run(home: &Sandbox, args: &[&str]) -> Output {
    home.test()
        .args(args)
        .env("PATH", home.path().join("bin"))
        .env("TZ", "UTC")
        .run()
}

/// A fake `name` in the sandbox's `bin/` that appends "name ARGS" to `calls.log`.
fn fake(home: &Sandbox, name: &str) {
    let log = home.path().join("calls.log");
    let path = home.write(
        format!("bin/{name}"),
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"{name} $*\" >> '{}'\n",
            log.display()
        ),
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// What the fakes were called with, one call a line.
fn calls(home: &Sandbox) -> String {
    std::fs::read_to_string(home.path().join("calls.log")).unwrap_or_default()
}

fn plan_file(home: &Sandbox) -> PathBuf {
    home.config_home().join("selfmassage").join("plan.toml")
}

/// A neck session started now: completed, or stopped by the safety questions.
fn neck_session(home: &Sandbox, ending: Ending) {
    let now = Timestamp::now();
    let stopped = ending == Ending::SafetyStop;
    let record = SessionRecord {
        started_at: now,
        ended_at: now + SignedDuration::from_mins(6),
        routines: vec!["neck".into()],
        areas: vec!["neck".into()],
        verdict: if stopped {
            VerdictKind::DoctorFirst
        } else {
            VerdictKind::GoAhead
        },
        pain_before: PainScore::new(4),
        pain_after: if stopped { None } else { PainScore::new(2) },
        new_symptoms: (!stopped).then_some(false),
        steps_done: if stopped { 0 } else { 5 },
        steps_total: 5,
        ending,
    };
    Journal::open(&home.journal())
        .expect("journal")
        .record(&record)
        .expect("recorded");
}

#[test]
fn a_plan_is_set_shown_as_json_and_ended() {
    let home = Sandbox::new();
    run(&home, &["plan", "neck", "--days-per-week", "3"])
        .success()
        .stdout_contains("Plan: neck, 3 days a week for 2 weeks")
        .stdout_contains("Today: due. Start with `selfmassage neck`");
    let text = std::fs::read_to_string(plan_file(&home)).expect("plan.toml written");
    assert!(
        text.contains("routines = [\"neck\"]\n") && text.contains("\ndays_per_week = 3\n"),
        "{text}"
    );
    let json = run(&home, &["plan", "--json"]).success().json();
    for key in [
        "routines",
        "days_per_week",
        "weeks",
        "start",
        "done_this_week",
        "due_today",
        "paused_reason",
        "review",
    ] {
        assert!(json.get(key).is_some(), "{key} missing: {json}");
    }
    let today = Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    assert_eq!(json["routines"], serde_json::json!(["neck"]));
    assert_eq!(json["days_per_week"], 3);
    assert_eq!(json["weeks"], 2);
    assert_eq!(json["start"], today.to_string());
    assert_eq!(json["done_this_week"], 0);
    assert_eq!(json["due_today"], true);
    assert_eq!(json["paused_reason"], serde_json::Value::Null);
    assert_eq!(json["review"], serde_json::Value::Null);

    neck_session(&home, Ending::Completed);
    let json = run(&home, &["plan", "--json"]).success().json();
    assert_eq!(
        (json["done_this_week"].clone(), json["due_today"].clone()),
        (1.into(), false.into())
    );
    run(&home, &["plan"])
        .success()
        .stdout_contains("Today: done.");
    run(&home, &["history"])
        .success()
        .stdout_contains("Plan (neck, 3 days a week for 2 weeks from");

    run(&home, &["report", "-o", "r.html"]).success();
    let page = std::fs::read_to_string(home.path().join("r.html")).expect("report written");
    assert!(
        page.contains("Plan (neck, 3 days a week for 2 weeks from"),
        "no plan in the report"
    );

    run(&home, &["plan", "--clear"])
        .success()
        .stdout_contains("The plan is ended.");
    assert!(!plan_file(&home).exists());
    run(&home, &["plan", "--json"])
        .success()
        .stdout_is("null\n");
}

#[test]
fn a_safety_stop_pauses_the_plan_with_its_reason() {
    let home = Sandbox::new();
    run(&home, &["plan", "neck"]).success();
    neck_session(&home, Ending::SafetyStop);
    let json = run(&home, &["plan", "--json"]).success().json();
    assert_eq!(json["due_today"], false);
    let reason = json["paused_reason"].as_str().expect("paused");
    assert!(reason.contains("talk to your doctor first"), "{reason}");
    run(&home, &["plan"])
        .success()
        .stdout_contains("Paused: on ")
        .stdout_lacks("Today: due");
}

#[test]
fn a_mistake_in_a_hand_edited_plan_is_named_at_its_line_and_column() {
    let home = Sandbox::new();
    home.write(
        "config/selfmassage/plan.toml",
        "routines = [\"neck\"]\ndays_per_week = 9\nweeks = 2\nstart = \"2026-11-30\"\n",
    );
    run(&home, &["plan"])
        .code(1)
        .stderr_contains("plan.toml:2:17: expected days a week from 1 to 7, found 9");
}

#[test]
fn remind_install_with_systemd_writes_units_enables_them_and_remove_undoes_it() {
    let home = Sandbox::new();
    fake(&home, "systemctl");
    fake(&home, "launchctl");
    run(&home, &["remind", "install", "--at", "07:30"])
        .success()
        .stdout_contains("every day at 07:30");
    let units = home.config_home().join("systemd").join("user");
    let (timer, service) = (
        units.join("selfmassage-remind.timer"),
        units.join("selfmassage-remind.service"),
    );
    let timer_text = std::fs::read_to_string(&timer).expect("timer written");
    assert!(
        timer_text.contains("OnCalendar=*-*-* 07:30:00"),
        "{timer_text}"
    );
    let service_text = std::fs::read_to_string(&service).expect("service written");
    assert!(service_text.contains("remind fire"), "{service_text}");
    assert_eq!(
        calls(&home),
        "systemctl --user daemon-reload\nsystemctl --user enable --now selfmassage-remind.timer\n"
    );
    verify_units(&home, &timer, &service);
    run(&home, &["remind", "status"])
        .success()
        .stdout_contains("A systemd user timer checks your plan every day at 07:30; next: ");

    run(&home, &["remind", "remove"]).success();
    assert!(!timer.exists() && !service.exists());
    assert!(
        calls(&home).ends_with(
            "systemctl --user disable --now selfmassage-remind.timer\nsystemctl --user daemon-reload\n"
        ),
        "{}",
        calls(&home)
    );
    run(&home, &["remind", "status"])
        .success()
        .stdout_contains("No reminder is installed");
}

/// `systemd-analyze verify` accepts the units, where it is installed.
fn verify_units(home: &Sandbox, timer: &std::path::Path, service: &std::path::Path) {
    let Ok(analyze) = which::which("systemd-analyze") else {
        eprintln!("systemd-analyze is not installed: the units' check by systemd is skipped");
        return;
    };
    let output = home
        .command(analyze)
        .args(["verify", "--man=no"])
        .arg(timer)
        .arg(service)
        .output()
        .expect("systemd-analyze runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("selfmassage-remind"),
        "{stderr}"
    );
}

#[test]
fn remind_install_with_launchd_loads_an_agent_and_remove_unloads_it() {
    let home = Sandbox::new();
    fake(&home, "launchctl");
    run(&home, &["remind", "install"])
        .success()
        .stdout_contains("A launchd agent now checks your plan every day at 18:00");
    let plist = home
        .home()
        .join("Library/LaunchAgents/io.github.selfmassage.remind.plist");
    let text = std::fs::read_to_string(&plist).expect("agent written");
    assert!(
        text.contains("<key>Hour</key>\n    <integer>18</integer>"),
        "{text}"
    );
    assert_eq!(
        calls(&home),
        format!("launchctl load -w {}\n", plist.display())
    );
    run(&home, &["remind", "remove"]).success();
    assert!(!plist.exists());
    assert!(
        calls(&home).ends_with(&format!("launchctl unload -w {}\n", plist.display())),
        "{}",
        calls(&home)
    );
}

#[test]
fn a_systemd_that_fails_leaves_nothing_behind_and_a_crontab_line_on_its_own_row() {
    let home = Sandbox::new();
    let path = home.write(
        "bin/systemctl",
        "#!/bin/sh\necho 'Failed to connect to bus: No medium found' >&2\nexit 1\n",
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let output = run(&home, &["remind", "install", "--at", "21:05"]);
    output
        .code(1)
        .stderr_contains("the systemd user timer could not be enabled")
        .stderr_contains("Failed to connect to bus");
    let line = output
        .stdout
        .lines()
        .find(|l| l.starts_with("5 21 * * * "))
        .unwrap_or_else(|| panic!("no crontab line of its own: {}", output.stdout));
    assert!(line.ends_with(" remind fire"), "{line:?}");
    assert!(!home.config_home().join("systemd").exists());
}

#[test]
fn without_a_scheduler_install_prints_a_crontab_line_and_writes_nothing() {
    let home = Sandbox::new();
    home.mkdir("bin");
    run(&home, &["remind", "install", "--at", "21:05"])
        .success()
        .stdout_contains("crontab -e")
        .stdout_contains("5 21 * * * XDG_CONFIG_HOME=");
    assert!(!home.config_home().join("systemd").exists());
    assert!(!home.home().join("Library").exists());
    assert_eq!(calls(&home), "");
}

#[test]
fn remind_fire_notifies_only_when_a_session_is_due() {
    let due = Sandbox::new();
    fake(&due, "notify-send");
    run(&due, &["plan", "neck"]).success();
    run(&due, &["remind", "fire"]).success().stdout_is("");
    let notified = calls(&due);
    assert!(
        notified.starts_with("notify-send --app-name=selfmassage selfmassage Time for your neck routine: `selfmassage neck`, about "),
        "{notified}"
    );

    let done_today = Sandbox::new();
    fake(&done_today, "notify-send");
    run(&done_today, &["plan", "neck"]).success();
    neck_session(&done_today, Ending::Completed);

    let paused = Sandbox::new();
    fake(&paused, "notify-send");
    run(&paused, &["plan", "neck"]).success();
    neck_session(&paused, Ending::SafetyStop);

    let ended = Sandbox::new();
    fake(&ended, "notify-send");
    ended.write(
        "config/selfmassage/plan.toml",
        "routines = [\"neck\"]\ndays_per_week = 5\nweeks = 1\nstart = \"2020-01-06\"\n",
    );

    let no_plan = Sandbox::new();
    fake(&no_plan, "notify-send");

    let broken = Sandbox::new();
    fake(&broken, "notify-send");
    broken.write("config/selfmassage/plan.toml", "routines = 3\n");

    for (what, home) in [
        ("done today", &done_today),
        ("paused", &paused),
        ("not due: the plan has ended", &ended),
        ("no plan", &no_plan),
        ("a broken plan file", &broken),
    ] {
        let output = run(home, &["remind", "fire"]);
        assert_eq!(output.code, Some(0), "{what}: {}", output.context());
        assert_eq!(
            (output.stdout.as_str(), output.stderr.as_str()),
            ("", ""),
            "{what}"
        );
        assert_eq!(calls(home), "", "{what}");
    }
}

#[test]
fn without_a_notifier_fire_prints_the_reminder() {
    let home = Sandbox::new();
    home.mkdir("bin");
    run(&home, &["plan", "neck"]).success();
    run(&home, &["remind", "fire"])
        .success()
        .stdout_contains("Time for your neck routine: `selfmassage neck`");
}
