//! Speech, the config file and `new`, through pipes: a stand-in speech program records what
//! would be said; each config key changes what the user sees; `new` writes a routine that
//! works. (`completions` and `man` are checked with the other shell helpers in
//! `cli_routines`.)

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::dialog::nothing_to_report;
use crate::harness::fixtures::QUICK;
use crate::harness::{Running, Sandbox, Test};

/// How long `quick` lasts.
const QUICK_SECONDS: f64 = 11.0;

/// A routine whose only step is a range: its length depends on `--length`.
const RANGED: &str = r#"title = "Ranged test"
areas = ["neck"]
summary = "A routine with a range."

[[steps]]
title = "Press"
text = "Press and hold."
minutes = [1, 3]
pressure = "light"
"#;

/// Every questionnaire answer for a routine with nothing to report, then the after-check:
/// "no" to each of the four groups of safety questions, pain 3, not ongoing, cause known
/// (7 prompts however many questions the lists hold); afterwards pain 2, no new symptoms.
fn answers() -> String {
    format!("{}2\nn\n", nothing_to_report(&["neck"], 3))
}

const CONFIG: &str = "config/selfmassage/config.toml";

/// A sandbox with `quick` and `ranged` in a `--routines-dir` folder and `config` as its
/// config file (none when empty).
fn sandbox(config: &str) -> Test {
    let test = Test::new()
        .file("routines/quick.toml", QUICK)
        .file("routines/ranged.toml", RANGED);
    if config.is_empty() {
        test
    } else {
        test.file(CONFIG, config)
    }
}

/// Writes an executable shell script at `relative` in the sandbox and gives its path.
fn script(test: &Test, relative: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let path = test.write(relative, format!("#!/bin/sh\n{body}"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// A speech program that appends its last argument (the text) and a newline to `log`,
/// optionally after sleeping.
fn speaker(test: &Test, name: &str, log: &Path, sleep: u32) -> PathBuf {
    let sleep = if sleep > 0 {
        format!("sleep {sleep}\n")
    } else {
        String::new()
    };
    script(
        test,
        name,
        &format!(
            "{sleep}for last; do :; done\nprintf '%s\\n' \"$last\" >> '{}'\n",
            log.display()
        ),
    )
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// `selfmassage ARGS --routines-dir <sandbox>/routines` with every answer on stdin.
fn answered(test: Test, args: &[&str]) -> Test {
    test.args(args).routines_dir("routines").stdin(answers())
}

/// Starts `selfmassage run ARGS` answered, with stdout piped, so a test can follow the
/// session line by line.
fn spawn_answered(sandbox: &Sandbox, args: &[&str]) -> Running {
    answered(sandbox.test().arg("run"), args).spawn()
}

/// Starts `run ROUTINE ARGS...` with every answer on stdin, reads stdout line by line until a
/// line containing `until` (or the end), lets it go on for `linger`, then stops the program.
/// Gives everything it printed.
fn run_until(
    sandbox: &Sandbox,
    routine: &str,
    args: &[&str],
    until: &str,
    linger: Duration,
) -> String {
    let mut run_args = vec![routine];
    run_args.extend_from_slice(args);
    let mut child = spawn_answered(sandbox, &run_args);
    let mut seen = String::new();
    let mut lines = BufReader::new(child.take_stdout()).lines();
    for line in lines.by_ref() {
        let line = line.expect("read");
        seen.push_str(&line);
        seen.push('\n');
        if line.contains(until) {
            break;
        }
    }
    // Keep reading: a closed pipe would end the program before it gets any further.
    let drain = std::thread::spawn(move || {
        lines
            .map_while(Result::ok)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    });
    std::thread::sleep(linger);
    child.stop();
    seen.push_str(&drain.join().expect("drain stdout"));
    seen
}

/// The "N steps, m:ss in all" line a run announces before its first step.
fn announced_total(sandbox: &Sandbox, args: &[&str]) -> String {
    let seen = run_until(sandbox, "ranged", args, "in all", Duration::ZERO);
    seen.lines()
        .find(|l| l.contains("in all"))
        .unwrap_or_else(|| panic!("no total announced\n{seen}"))
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Speech
// ---------------------------------------------------------------------------------------

#[test]
fn speak_says_every_step_in_order_through_the_configured_program() {
    let test = sandbox("");
    let log = test.path().join("spoken.txt");
    let program = speaker(&test, "say.sh", &log, 0);
    // The config says no, the flag says yes: the flag wins. Extra words in `speak_command`
    // are passed before the text.
    let config = format!(
        "speak = false\nspeak_command = \"{} --rate 140\"\n",
        program.display()
    );
    let out = answered(test.file(CONFIG, config), &["run", "quick", "--speak"]).run();
    out.success()
        .no_panic()
        .stdout_contains("Done: all 2 steps.")
        .stderr_is("");
    // Without a terminal the bell never lands in the output.
    assert!(!out.stdout.contains('\x07'), "bell in {:?}", out.stdout);
    assert_eq!(
        read_lines(&log),
        [
            "Get ready. Find a comfortable spot. Breathe slowly. Pressure should feel good-sore, never sharp.",
            "Posture. Sit tall and drop your shoulders.",
            "Circles, left side. Small slow circles over the sore spot.",
            "Switch to the right side. Small slow circles over the sore spot.",
            "Done. Take a moment to notice how you feel.",
        ],
        "what was spoken (no \"10 seconds left\": every step is shorter than 20 s)"
    );
}

#[test]
fn a_slow_speaker_does_not_stretch_the_session() {
    let test = sandbox("");
    let log = test.path().join("spoken.txt");
    let program = speaker(&test, "slow.sh", &log, 3);
    let test = test.file(
        CONFIG,
        format!("speak_command = \"{}\"\n", program.display()),
    );
    let mut child = spawn_answered(&test, &["quick", "--speak"]);
    // When each line appeared.
    let mut lines: Vec<(Instant, String)> = Vec::new();
    for line in BufReader::new(child.take_stdout()).lines() {
        lines.push((Instant::now(), line.expect("read")));
    }
    let status = child.wait();
    let stdout: String = lines.iter().map(|(_, l)| format!("{l}\n")).collect();
    assert_eq!(status.code(), Some(0), "{stdout}");
    let at = |text: &str| {
        lines
            .iter()
            .find(|(_, l)| l.trim_end() == text)
            .unwrap_or_else(|| panic!("no line {text:?}\n{stdout}"))
            .0
    };
    let elapsed = at("Done.")
        .duration_since(at("Get ready (0:08)"))
        .as_secs_f64();
    assert!(
        elapsed < QUICK_SECONDS + 2.0,
        "the session took {elapsed:.1} s, planned {QUICK_SECONDS} s\n{stdout}"
    );
    assert!(
        elapsed > QUICK_SECONDS - 1.0,
        "the session took {elapsed:.1} s, planned {QUICK_SECONDS} s\n{stdout}"
    );
    // Each new step cut off the one still speaking: the 1-second steps never got a word out.
    let spoken = read_lines(&log);
    assert!(
        spoken.first().is_some_and(|l| l.starts_with("Get ready.")),
        "{spoken:?}"
    );
    assert!(
        !spoken
            .iter()
            .any(|l| l.starts_with("Posture") || l.starts_with("Circles")),
        "{spoken:?}"
    );
}

#[test]
fn a_missing_speech_program_warns_once_and_the_session_goes_on() {
    // `speak = true` in the config turns speech on without the flag.
    let test = sandbox("speak = true\nspeak_command = \"/nonexistent/speaker --fast\"\n");
    let out = answered(test, &["run", "quick"]).run();
    out.success()
        .no_panic()
        .stdout_contains("Done: all 2 steps.")
        .stdout_contains("Pain eased: 3 → 2.")
        .stderr_contains("/nonexistent/speaker")
        .stderr_contains("not found");
    assert_eq!(out.stderr.lines().count(), 1, "one warning\n{}", out.stderr);
    let out = out.test.next_run().args(["history", "--json"]).run();
    let sessions = out.success().json();
    assert_eq!(sessions[0]["ending"], "completed", "{sessions}");
}

#[test]
fn speech_is_off_unless_asked_for() {
    // The same program configured both times; only `speak = true` makes it speak.
    for (speak, expect_speech) in [("", false), ("speak = true\n", true)] {
        let test = sandbox("");
        let log = test.path().join("spoken.txt");
        let program = speaker(&test, "say.sh", &log, 0);
        let test = test.file(
            CONFIG,
            format!("{speak}speak_command = \"{}\"\n", program.display()),
        );
        // Stopped a second into "get ready": time enough for its words.
        run_until(&test, "quick", &[], "Get ready", Duration::from_secs(1));
        let spoken = read_lines(&log);
        assert_eq!(
            spoken.first().is_some_and(|l| l.starts_with("Get ready.")),
            expect_speech,
            "config {speak:?}: spoken {spoken:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The config file
// ---------------------------------------------------------------------------------------

#[test]
fn length_comes_from_the_config_and_the_flag_wins() {
    let total = |config: &str, args: &[&str]| announced_total(&sandbox(config), args);
    assert_eq!(total("", &[]), "Ranged test: 1 step, 2:08 in all.");
    assert_eq!(
        total("", &["--length", "short"]),
        "Ranged test: 1 step, 1:08 in all."
    );
    assert_eq!(
        total("length = \"long\"\n", &[]),
        "Ranged test: 1 step, 3:08 in all."
    );
    assert_eq!(
        total("length = \"short\"\n", &[]),
        "Ranged test: 1 step, 1:08 in all."
    );
    assert_eq!(
        total("length = \"long\"\n", &["--length", "short"]),
        "Ranged test: 1 step, 1:08 in all."
    );
    assert_eq!(
        total("length = \"short\"\n", &["--length", "standard"]),
        "Ranged test: 1 step, 2:08 in all."
    );
}

#[test]
fn config_prints_the_settings_in_effect() {
    let out = Test::new().arg("config").run();
    let file = out.test.config_home().join("selfmassage/config.toml");
    out.success()
        .stdout_contains(&file.display().to_string())
        .stdout_contains("not created yet")
        .stdout_contains("length = \"standard\"")
        .stdout_contains("sound = true")
        .stdout_contains("speak = false")
        .stdout_lacks("remember_answers_days");

    let out = Test::new()
        .file(
            CONFIG,
            "length = \"long\"\nsound = false\nspeak = true\nspeak_command = \"/opt/tts -q\"\nremember_answers_days = 7\n",
        )
        .arg("config")
        .run();
    out.success()
        .stdout_lacks("not created yet")
        .stdout_contains("length = \"long\"")
        .stdout_contains("sound = false")
        .stdout_contains("speak = true")
        .stdout_contains("speak_command = \"/opt/tts -q\"")
        // Still accepted, and said to do nothing.
        .stdout_contains(
            "# remember_answers_days: no longer used; every safety question is asked every time",
        )
        .stdout_lacks("remember_answers_days = 7")
        .stdout_contains(
            &out.test
                .data_home()
                .join("selfmassage/journal.sqlite3")
                .display()
                .to_string(),
        );
}

#[track_caller]
fn assert_config_error(config: &str, location: &str, message: &str) {
    for args in [&["config"][..], &["check", "quick"], &["run", "quick"]] {
        let out = answered(sandbox(config), args).run();
        let file = out.test.config_home().join("selfmassage/config.toml");
        out.code(1)
            .no_panic()
            .stderr_contains(&format!("{}:{location}", file.display()))
            .stderr_contains(message)
            .stdout_lacks("Step")
            .stdout_lacks("[y/n]");
    }
}

/// A public report of a CLI whose older binary refused a config key a newer one wrote:
/// every command warns with the key's place and goes on; `config --check` is an error.
#[test]
fn an_unknown_config_key_is_a_warning_with_its_place() {
    let config = "length = \"long\"\nsoud = false\n";
    for args in [&["config"][..], &["check", "quick"]] {
        let out = answered(sandbox(config), args).run();
        let file = out.test.config_home().join("selfmassage/config.toml");
        out.success().stderr_contains(&format!(
            "warning: {}:2:1: unknown key `soud`",
            file.display()
        ));
    }
    let out = sandbox(config).args(["config", "--check"]).run();
    out.code(1)
        .stderr_contains("config.toml:2:1: unknown key `soud`")
        .stderr_contains("has keys this version does not know");
    sandbox("length = \"long\"\n")
        .args(["config", "--check"])
        .run()
        .success()
        .stdout_contains("config.toml: ok");
}

#[test]
fn a_wrong_type_in_the_config_is_an_error_with_its_place() {
    assert_config_error("length = \"long\"\n\nsound = \"no\"\n", "3:9", "boolean");
    assert_config_error("remember_answers_days = \"a week\"\n", "1:25", "a week");
    assert_config_error("length = \"forever\"\n", "1:10", "forever");
}

#[test]
fn config_init_writes_a_file_once() {
    let out = Test::new().args(["config", "--init"]).run();
    let file = out.test.config_home().join("selfmassage/config.toml");
    out.success().stdout_contains(&file.display().to_string());
    let written = std::fs::read(&file).expect("the file was written");
    assert!(
        !String::from_utf8_lossy(&written).contains("remember_answers_days"),
        "the template still has a key that does nothing"
    );
    // The file it writes is valid and gives the defaults.
    let out = out.test.next_run().arg("config").run();
    out.success()
        .stdout_lacks("not created yet")
        .stdout_contains("length = \"standard\"")
        .stdout_lacks("remember_answers_days");
    // A second time: nothing to do, said plainly (exit 0), the file unchanged.
    let out = out.test.next_run().args(["config", "--init"]).run();
    out.success()
        .stdout_contains("already exists")
        .stdout_contains("selfmassage config");
    assert_eq!(std::fs::read(&file).expect("still there"), written);
    // A file of the user's own is not replaced either.
    std::fs::write(&file, "length = \"long\"\n").expect("write");
    let out = out.test.next_run().args(["config", "--init"]).run();
    out.success().stdout_contains("already exists");
    assert_eq!(
        std::fs::read_to_string(&file).expect("still there"),
        "length = \"long\"\n"
    );
}

#[test]
fn sound_and_quiet_never_put_a_bell_into_a_pipe() {
    // Sounds are for the terminal: a pipe never gets a bell, sound on or off, with or
    // without --quiet. `sound = false` shows in the settings.
    let out = Test::new()
        .file(CONFIG, "sound = false\n")
        .arg("config")
        .run();
    out.success().stdout_contains("sound = false");
    for (config, args) in [
        ("sound = true\n", &["--plain"][..]),
        ("sound = false\n", &["--plain"]),
        ("", &["--quiet"]),
    ] {
        let seen = run_until(
            &sandbox(config),
            "quick",
            args,
            "Get ready",
            Duration::from_millis(1500),
        );
        assert!(seen.contains("Find a comfortable spot"), "{seen}");
        assert!(
            !seen.contains('\x07'),
            "bell with {config:?} {args:?}: {seen:?}"
        );
        assert!(
            !seen.contains('\x1b'),
            "escape with {config:?} {args:?}: {seen:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// new
// ---------------------------------------------------------------------------------------

#[test]
fn new_writes_a_routine_that_validates_and_runs_by_name() {
    let out = Test::new().args(["new", "my-stretch"]).run();
    let file = out.test.user_routines().join("my-stretch.toml");
    out.success().stdout_contains(&file.display().to_string());
    let template = std::fs::read(&file).expect("the template was written");
    let out = out.test.next_run().arg("validate").arg(&file).run();
    out.success().stdout_contains("ok");
    let out = out.test.next_run().args(["show", "my-stretch"]).run();
    out.success().stdout_contains("(my-stretch)");
    // It is listed, with no warning about a broken file.
    let out = out.test.next_run().arg("list").run();
    out.success().stdout_contains("my-stretch").stderr_is("");

    // Never overwritten.
    let out = out.test.next_run().args(["new", "my-stretch"]).run();
    out.code(1).stderr_contains("already exists");
    assert_eq!(std::fs::read(&file).expect("still there"), template);
}

#[test]
fn new_refuses_an_invalid_id() {
    for id in ["Bad Id!", "", "../escape", "a/b", "UPPER"] {
        let out = Test::new().args(["new", id]).run();
        out.code(2)
            .no_panic()
            .stderr_contains("not a valid routine id");
        let user = out.test.user_routines();
        let written = std::fs::read_dir(&user).map(|d| d.count()).unwrap_or(0);
        assert_eq!(written, 0, "{id:?} wrote a file in {}", user.display());
        assert!(!out.test.config_home().join("escape.toml").exists());
    }
}
