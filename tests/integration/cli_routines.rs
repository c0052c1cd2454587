//! The routine commands from the outside: `list`, `show`, `validate`, lookup, user routine
//! folders, safe text, and the shell helpers (`--help`, `completions`, `man`).
//!
//! Snapshots live in `tests/integration/snapshots/`. After an intended change to the
//! built-in routines or their layout, refresh them with
//! `INSTA_UPDATE=always cargo test --test integration cli_routines` and review the diff.

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Command, Stdio};

use selfmassage::routine::{Catalog, Pressure, Routine};
use selfmassage::safety::SafetyData;

use crate::harness::fixtures::MINIMAL_ROUTINE;
use crate::harness::{Output, Running, Test};

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';

/// First line of `show`'s plain output: "Title  (id)".
fn first_line(output: &Output) -> &str {
    output.stdout.lines().next().unwrap_or_default()
}

#[track_caller]
fn assert_no_terminal_control(text: &str, what: &str) {
    for c in [ESC, BEL, '\u{9b}', '\u{9d}'] {
        assert!(
            !text.contains(c),
            "{what} holds the control character {c:?}:\n{text:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------------------

#[test]
fn list_snapshot() {
    let output = Test::new().arg("list").run();
    output.success().stderr_is("");
    assert_no_terminal_control(&output.stdout, "list");
    insta::assert_snapshot!("list", output.stdout);
}

#[test]
fn list_json_snapshot() {
    let output = Test::new().args(["list", "--json"]).run();
    output.success().stderr_is("");
    let json = output.json();
    let ids: Vec<&str> = json
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|r| r["id"].as_str().expect("every routine has an id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "a routine listed twice: {ids:?}");
    insta::assert_snapshot!("list_json", output.stdout);
}

/// The safety lists `show` prints, by group heading (without its colon): each item as one
/// line again (a wrapped item goes on under its first word), in order.
pub fn shown_safety_lists(stdout: &str) -> Vec<(String, Vec<String>)> {
    let titles = every_section_title();
    let headings: Vec<&str> = titles.iter().map(String::as_str).collect();
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_list = false;
    for line in stdout.lines() {
        if headings.contains(&line) {
            lists.push((line.to_string(), Vec::new()));
            in_list = true;
        } else if !in_list {
        } else if let Some(item) = line.strip_prefix("  - ") {
            lists
                .last_mut()
                .expect("a heading")
                .1
                .push(item.to_string());
        } else if let Some(more) = line.strip_prefix("    ") {
            let items = &mut lists.last_mut().expect("a heading").1;
            let last = items.last_mut().expect("an item before it");
            last.push(' ');
            last.push_str(more);
        } else {
            in_list = false;
        }
    }
    lists
}

/// `show`'s output with the safety lists' items replaced by one line each: the questions
/// are data the area files grow, checked against the library by
/// `show_lists_every_question_of_the_routine_by_group`, so the snapshot keeps the layout.
fn without_safety_items(stdout: &str) -> String {
    let titles = every_section_title();
    let headings: Vec<&str> = titles.iter().map(String::as_str).collect();
    let mut kept = Vec::new();
    let mut in_list = false;
    for line in stdout.lines() {
        if headings.contains(&line) {
            in_list = true;
            kept.push(line.to_string());
            kept.push("  - [the questions of this group, in order]".to_string());
        } else if in_list && (line.starts_with("  - ") || line.starts_with("    ")) {
        } else {
            in_list = false;
            kept.push(line.to_string());
        }
    }
    kept.join("\n") + "\n"
}

#[test]
fn show_neck_snapshot() {
    let output = Test::new().args(["show", "neck"]).run();
    output.success().stderr_is("");
    assert_no_terminal_control(&output.stdout, "show neck");
    for line in output.stdout.lines() {
        assert!(
            line.chars().count() <= 80,
            "line wider than 80 columns: {line:?}"
        );
    }
    insta::assert_snapshot!("show_neck", without_safety_items(&output.stdout));
}

/// Every built-in routine's `show`, whole, so every change of wording (steps, gentle texts,
/// warning signs, sources) is reviewed as a snapshot diff.
#[test]
fn show_every_builtin_snapshot() {
    for routine in selfmassage::routine::Catalog::builtin().routines() {
        let output = Test::new().args(["show", &routine.id]).run();
        output.success().stderr_is("");
        insta::assert_snapshot!(format!("show_builtin_{}", routine.id), output.stdout);
    }
}

/// Every title `show` can give a safety section: each sign's, each list's.
fn every_section_title() -> Vec<String> {
    let data = SafetyData::builtin().unwrap_or_else(|problem| panic!("{problem}"));
    let catalog = selfmassage::routine::Catalog::builtin();
    let all: Vec<&Routine> = catalog.routines().iter().collect();
    let mut titles: Vec<String> = data
        .questions_for(&all)
        .sections()
        .into_iter()
        .map(|(title, _)| title)
        .collect();
    titles.extend([
        "From this routine".to_string(),
        "Other questions".to_string(),
        "More from this routine".to_string(),
    ]);
    titles
}

/// The questions of `routines` as the questionnaire asks them, by section title.
fn expected_safety_lists(routines: &[&Routine]) -> Vec<(String, Vec<String>)> {
    let data = SafetyData::builtin().unwrap_or_else(|problem| panic!("{problem}"));
    data.questions_for(routines).sections()
}

#[test]
fn show_lists_every_question_of_the_routine_by_group() {
    let catalog = Catalog::builtin();
    for routine in catalog.routines() {
        let out = Test::new().args(["show", &routine.id]).run();
        out.success()
            .stdout_contains("How the answers count:")
            .stdout_contains("Nothing is remembered between sessions");
        assert_eq!(
            shown_safety_lists(&out.stdout),
            expected_safety_lists(&[routine]),
            "show {}\n{}",
            routine.id,
            out.stdout
        );
        // A firm step shows its gentle version.
        for step in routine
            .steps
            .iter()
            .filter(|s| s.pressure == Pressure::Firm)
        {
            let gentle = step
                .gentle
                .as_deref()
                .expect("a firm step has a gentle text");
            let first_word = gentle.split_whitespace().next().expect("words");
            out.stdout_contains(&format!("     Gently (light pressure): {first_word}"));
        }
    }
}

#[test]
fn show_json_is_the_routine() {
    let output = Test::new().args(["show", "neck", "--json"]).run();
    output.success();
    let json = output.json();
    assert_eq!(json["id"], "neck");
    assert_eq!(json["title"], "Neck knot release");
    assert!(json["steps"].as_array().is_some_and(|s| !s.is_empty()));
}

// ---------------------------------------------------------------------------------------
// Lookup: id, then area, then alias
// ---------------------------------------------------------------------------------------

#[test]
fn show_finds_a_routine_by_id() {
    let output = Test::new().args(["show", "neck"]).run();
    output.success();
    assert_eq!(first_line(&output), "Neck knot release  (neck)");
}

/// `show NAME` shows the built-in routine `id`.
#[track_caller]
fn assert_shows(name: &str, id: &str) {
    let output = Test::new().args(["show", name]).run();
    output.success();
    assert!(
        first_line(&output).ends_with(&format!("({id})")),
        "show {name:?} should show {id}, got {:?}",
        first_line(&output)
    );
}

#[test]
fn show_finds_lower_and_upper_back() {
    for (name, id) in [
        ("lower-back", "lower-back"),
        ("upper-back", "upper-back"),
        ("Lower Back", "lower-back"),
        ("upper_back", "upper-back"),
    ] {
        assert_shows(name, id);
    }
}

#[test]
fn show_finds_a_routine_by_area() {
    // No routine has the id "calves": only the area can find it.
    Test::new()
        .routine_file("calf-roll.toml", MINIMAL_ROUTINE)
        .args(["show", "calves"])
        .run()
        .success()
        .stdout_contains("Calf roll  (calf-roll)");
}

#[test]
fn show_finds_a_routine_by_alias_or_condition() {
    for (name, id) in [
        ("headache", "head"),
        ("constipation", "abdomen"),
        ("knot", "neck"),
        ("Tension Headache", "head"),
    ] {
        assert_shows(name, id);
    }
}

#[test]
fn an_id_wins_over_an_area_and_an_alias() {
    // "neck" is an alias of this user routine and "neck" is the built-in's id: the id wins.
    let routine = MINIMAL_ROUTINE.replace("summary", "aliases = [\"neck\"]\nsummary");
    Test::new()
        .routine_file("calf-roll.toml", &routine)
        .args(["show", "neck"])
        .run()
        .success()
        .stdout_contains("Neck knot release  (neck)");
}

#[test]
fn an_ambiguous_name_exits_2_naming_every_match() {
    let output = Test::new().args(["show", "back"]).run();
    output
        .code(2)
        .stdout_is("")
        .stderr_contains("lower-back")
        .stderr_contains("tennis-ball")
        .stderr_contains("upper-back")
        .no_panic();
}

#[test]
fn an_unknown_name_exits_2_with_a_suggestion() {
    Test::new()
        .args(["show", "nekc"])
        .run()
        .code(2)
        .stdout_is("")
        .stderr_contains("did you mean")
        .stderr_contains("neck")
        .stderr_contains("\"nekc\"");
}

#[test]
fn a_name_close_to_nothing_points_to_list() {
    Test::new()
        .args(["show", "xyzzyplugh"])
        .run()
        .code(2)
        .stderr_lacks("did you mean")
        .stderr_contains("selfmassage list");
}

#[test]
fn list_keeps_a_title_longer_than_its_column_whole() {
    // Columns are capped at 40 characters; a longer title is printed whole, and the
    // equipment that no longer fits on its line goes on the next one, under the title.
    let title = format!("Calf roll {}", "very slowly ".repeat(5).trim_end());
    let routine = MINIMAL_ROUTINE
        .replace("Calf roll", &title)
        .replace("summary", "equipment = [\"foam roller\"]\nsummary");
    let output = Test::new()
        .routine_file("calf-roll.toml", &routine)
        .args(["list", "--area", "calves"])
        .run();
    output.success().stdout_is(&format!(
        "Calves\n  calf-roll  {title}  20 s\n             foam roller\n\n\
         No built-in warning signs for: calves. Before those routines only the general questions and the routine's own are asked, and the run asks whether to go on.\n\n\
         Start one: selfmassage <name>   Read one first: selfmassage show <name>\n"
    ));
}

#[test]
fn list_by_area_shows_only_that_area() {
    let output = Test::new().args(["list", "--area", "neck"]).run();
    output
        .success()
        .stdout_contains("Neck knot release")
        .stdout_lacks("Tension headache relief");
    Test::new()
        .args(["list", "--area", "elbows"])
        .run()
        .code(2)
        .stderr_contains("elbows");
}

// ---------------------------------------------------------------------------------------
// validate: every problem as file:line:col: message
// ---------------------------------------------------------------------------------------

/// A routine file up to the step's duration line (line 8 is the next one).
const START: &str = r#"title = "Calf roll"
areas = ["calves"]
summary = "Roll your calves over a ball."

[[steps]]
title = "Roll"
text = "Roll slowly from ankle to knee."
"#;

fn validate(text: &str) -> Output {
    Test::new()
        .file("calf.toml", text)
        .args(["validate", "calf.toml"])
        .run()
}

#[test]
fn validate_reports_a_syntax_error_where_it_is() {
    let output = validate(&format!("{START}seconds = [20, 30\n"));
    output
        .code(1)
        .stdout_contains("calf.toml:8:18: ")
        .stdout_contains("expected `]`")
        .stderr_contains("1 problem found");
}

#[test]
fn validate_reports_an_unknown_key() {
    validate(&format!("{START}seconds = 20\nsecs = 3\n"))
        .code(1)
        .stdout_contains("calf.toml:9:1: unknown field `secs`")
        // ...and says what was expected.
        .stdout_contains("`seconds`");
}

#[test]
fn validate_reports_an_unknown_top_level_key() {
    let text = START.replace("summary", "sumary = \"x\"\nsummary");
    validate(&format!("{text}seconds = 20\n"))
        .code(1)
        .stdout_contains("calf.toml:3:1: unknown field `sumary`");
}

#[test]
fn validate_reports_a_negative_duration() {
    validate(&format!("{START}seconds = -5\n"))
        .code(1)
        .stdout_contains("calf.toml:8:11: ")
        .stdout_contains("more than 0 seconds");
}

#[test]
fn validate_reports_a_zero_duration() {
    validate(&format!("{START}minutes = [0, 2]\n"))
        .code(1)
        .stdout_contains("calf.toml:8:11: ")
        .stdout_contains("more than 0 seconds");
}

#[test]
fn validate_reports_an_inverted_range() {
    validate(&format!("{START}minutes = [5, 3]\n"))
        .code(1)
        .stdout_contains("calf.toml:8:11: ")
        .stdout_contains("inverted")
        .stdout_contains("shorter duration first");
}

#[test]
fn validate_reports_an_empty_step_list() {
    let text = "title = \"Calf roll\"\nareas = [\"calves\"]\nsummary = \"Roll.\"\nsteps = []\n";
    validate(text)
        .code(1)
        .stdout_contains("calf.toml:4:9: ")
        .stdout_contains("no steps")
        .stdout_contains("[[steps]]");
}

#[test]
fn validate_reports_missing_steps() {
    let text = "title = \"Calf roll\"\nareas = [\"calves\"]\nsummary = \"Roll.\"\n";
    validate(text)
        .code(1)
        .stdout_contains("calf.toml:4:1: ")
        .stdout_contains("no steps");
}

#[test]
fn validate_reports_a_step_without_duration_at_the_step() {
    validate(START)
        .code(1)
        .stdout_contains("calf.toml:6:9: ")
        .stdout_contains("no duration");
}

#[test]
fn validate_reports_every_problem_in_a_file() {
    let text = format!("{START}seconds = 20\nsides = [\"up\"]\nrepeat = 0\npressure = \"light\"\n")
        .replace("title = \"Calf roll\"", "title = \"\"");
    let output = validate(&text);
    output
        .code(1)
        .stdout_contains("calf.toml:1:9: title is empty")
        .stdout_contains("calf.toml:9:10: unknown side \"up\"")
        .stdout_contains("calf.toml:10:10: repeat must be")
        .stderr_contains("3 problems found");
}

#[test]
fn validate_accepts_a_valid_file() {
    validate(&format!(
        "{START}minutes = [1, 2]\nsides = [\"left\", \"right\"]\npressure = \"light\"\n"
    ))
    .success()
    .stdout_contains("calf.toml: ok (calf,")
    .stdout_contains("1 routine file valid")
    .stderr_is("");
}

#[test]
fn validate_reports_every_file_in_a_folder() {
    let output = Test::new()
        .file("mine/good.toml", MINIMAL_ROUTINE)
        .file("mine/bad.toml", format!("{START}seconds = -1\n"))
        .file("mine/notes.txt", "not a routine")
        .args(["validate", "mine"])
        .run();
    output
        .code(1)
        .stdout_contains("mine/good.toml: ok (good,")
        .stdout_contains("mine/bad.toml:8:11: ")
        .stdout_lacks("notes.txt");
}

#[test]
fn validate_takes_several_paths() {
    Test::new()
        .file("a.toml", format!("{START}seconds = [20, 30\n"))
        .file(
            "b.toml",
            format!("{START}minutes = [5, 3]\npressure = \"light\"\n"),
        )
        .args(["validate", "a.toml", "b.toml"])
        .run()
        .code(1)
        .stdout_contains("a.toml:8:18: ")
        .stdout_contains("b.toml:8:11: ")
        .stderr_contains("2 problems found");
}

#[test]
fn validate_rejects_duplicate_ids() {
    let routine = MINIMAL_ROUTINE.replacen("title", "id = \"calf\"\ntitle", 1);
    Test::new()
        .file("mine/a.toml", &routine)
        .file("mine/b.toml", &routine)
        .args(["validate", "mine"])
        .run()
        .code(1)
        .stdout_contains("mine/a.toml: ok")
        .stdout_contains("mine/b.toml:1:1: ")
        .stdout_contains("already used");
}

#[test]
fn validate_names_a_missing_path_and_an_empty_folder() {
    Test::new()
        .dir("empty")
        .args(["validate", "nowhere.toml", "empty"])
        .run()
        .code(1)
        .stdout_contains("nowhere.toml:1:1: ")
        .stdout_contains("empty:1:1: ")
        .no_panic();
}

#[test]
fn validate_reports_a_file_that_is_not_utf8() {
    Test::new()
        .file("calf.toml", b"title = \"Calf \xff roll\"\n")
        .args(["validate", "calf.toml"])
        .run()
        .code(1)
        .stdout_contains("calf.toml:1:15: ")
        .stdout_contains("UTF-8");
}

#[test]
fn validate_needs_a_path() {
    Test::new().arg("validate").run().code(2);
}

#[test]
fn every_builtin_routine_file_validates() {
    let routines = concat!(env!("CARGO_MANIFEST_DIR"), "/routines");
    let output = Test::new().args(["validate", routines]).run();
    output.success().stderr_is("");
    let valid = output
        .stdout
        .lines()
        .filter(|l| l.contains(": ok ("))
        .count();
    assert!(
        valid >= 9,
        "expected nine or more routines\n{}",
        output.stdout
    );
}

// ---------------------------------------------------------------------------------------
// User routines
// ---------------------------------------------------------------------------------------

const MY_NECK: &str = r#"title = "My own neck routine"
areas = ["neck"]
summary = "The way my physio showed me."

[[steps]]
title = "Press"
text = "Press the knot gently."
seconds = 30
pressure = "light"
"#;

#[test]
fn a_user_routine_replaces_a_builtin() {
    let test = || Test::new().routine_file("neck.toml", MY_NECK);
    test()
        .args(["show", "neck"])
        .run()
        .success()
        .stdout_contains("My own neck routine  (neck)")
        .stdout_lacks("Neck knot release")
        .stderr_is("");

    let list = test().arg("list").run();
    list.success()
        .stdout_contains("My own neck routine")
        .stdout_lacks("Neck knot release");
    let neck_lines = list
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("neck "))
        .count();
    assert_eq!(
        neck_lines, 1,
        "neck listed {neck_lines} times:\n{}",
        list.stdout
    );

    let json = test().args(["list", "--json"]).run().json();
    let necks: Vec<&serde_json::Value> = json
        .as_array()
        .expect("array")
        .iter()
        .filter(|r| r["id"] == "neck")
        .collect();
    assert_eq!(necks.len(), 1);
    assert_eq!(necks[0]["title"], "My own neck routine");
    assert_ne!(necks[0]["source"], "built-in");
}

#[test]
fn a_user_routine_adds_to_the_builtins() {
    Test::new()
        .routine_file("calf-roll.toml", MINIMAL_ROUTINE)
        .arg("list")
        .run()
        .success()
        .stdout_contains("Calves")
        .stdout_contains("calf-roll")
        .stdout_contains("Neck knot release");
}

const BROKEN: &str = "title = \"Calf roll\"\nareas = [\"calves\"\n";

#[test]
fn list_skips_a_broken_user_file_with_a_warning() {
    let test = Test::new().routine_file("calf-roll.toml", BROKEN);
    let where_ = format!(
        "{}:2:18: ",
        test.user_routines().join("calf-roll.toml").display()
    );
    let output = test.arg("list").run();
    output
        .success()
        .stdout_contains("Neck knot release")
        .stdout_contains("Lower back thumb massage")
        .stdout_lacks("calf-roll")
        .stderr_contains("warning")
        .stderr_contains(&where_);
}

#[test]
fn list_json_skips_a_broken_user_file_and_stays_json() {
    let output = Test::new()
        .routine_file("calf-roll.toml", BROKEN)
        .args(["list", "--json"])
        .run();
    output.success().stderr_contains("calf-roll.toml:2:18: ");
    let json = output.json();
    assert!(json.as_array().is_some_and(|a| a.len() >= 9));
}

#[test]
fn showing_a_broken_user_file_by_name_is_an_error() {
    Test::new()
        .routine_file("calf-roll.toml", BROKEN)
        .args(["show", "calf-roll"])
        .run()
        .code(1)
        .stdout_is("")
        .stderr_contains("calf-roll.toml:2:18: ")
        .no_panic();
}

#[test]
fn a_broken_user_file_hides_the_builtin_it_would_replace() {
    // The user meant their own neck routine: showing the built-in instead would hide the error.
    Test::new()
        .routine_file("neck.toml", &format!("{MY_NECK}repeat = \"x\"\n"))
        .args(["show", "neck"])
        .run()
        .code(1)
        .stderr_contains("neck.toml:10:10: ");
}

#[test]
fn files_that_are_not_toml_are_ignored() {
    Test::new()
        .file("config/selfmassage/routines/README.txt", "notes")
        .file("config/selfmassage/routines/neck.toml~", "backup")
        .arg("list")
        .run()
        .success()
        .stderr_is("");
}

#[test]
fn routines_dir_adds_routines() {
    let test = || {
        Test::new()
            .file("extra/calf-roll.toml", MINIMAL_ROUTINE)
            .routines_dir("extra")
    };
    test()
        .arg("list")
        .run()
        .success()
        .stdout_contains("calf-roll")
        .stdout_contains("Neck knot release");
    test()
        .args(["show", "calf-roll"])
        .run()
        .success()
        .stdout_contains("Calf roll  (calf-roll)");
}

#[test]
fn routines_dir_replaces_a_builtin() {
    Test::new()
        .file("extra/neck.toml", MY_NECK)
        .routines_dir("extra")
        .args(["show", "neck"])
        .run()
        .success()
        .stdout_contains("My own neck routine");
}

#[test]
fn routines_dir_can_be_given_twice() {
    Test::new()
        .file("one/calf-roll.toml", MINIMAL_ROUTINE)
        .file("two/neck.toml", MY_NECK)
        .routines_dir("one")
        .routines_dir("two")
        .arg("list")
        .run()
        .success()
        .stdout_contains("calf-roll")
        .stdout_contains("My own neck routine");
}

#[test]
fn a_missing_routines_dir_is_named_in_a_warning() {
    let test = Test::new().routines_dir("missing");
    let missing = test.path().join("missing").display().to_string();
    test.arg("list")
        .run()
        .success()
        .stdout_contains("Neck knot release")
        .stderr_contains("warning")
        .stderr_contains(&missing);
}

#[test]
fn routines_dir_before_the_subcommand() {
    let test = Test::new().file("extra/calf-roll.toml", MINIMAL_ROUTINE);
    let extra = test.path().join("extra");
    test.arg("--routines-dir")
        .arg(&extra)
        .arg("list")
        .run()
        .success()
        .stdout_contains("calf-roll");
}

// ---------------------------------------------------------------------------------------
// Text from files never drives the terminal
// ---------------------------------------------------------------------------------------

const EVIL: &str = r#"title = "Evil \u001b]0;pwned\u0007 title \u001b[31mred\u001b[0m end"
areas = ["neck"]
aliases = ["sneaky \u001b[2J alias"]
summary = "Sum \u001b[2J mary \u009b31m here"
equipment = ["ball \u001b]0;pwned\u001b\\ rope"]
tips = ["Tip \u0007 bell"]

[[steps]]
title = "Step \u001b[31mone"
text = "Press \u001b]0;pwned\u0007 here \u001b[2J now."
seconds = 10
caution = "Mind \u001b[5m the \u202e gap"
pressure = "light"
"#;

fn evil() -> Test {
    Test::new().routine_file("evil.toml", EVIL)
}

#[test]
fn escape_sequences_are_stripped_from_show() {
    let output = evil().args(["show", "evil"]).run();
    output.success();
    assert_no_terminal_control(&output.stdout, "show stdout");
    assert_no_terminal_control(&output.stderr, "show stderr");
    output
        .stdout_contains("Evil")
        .stdout_contains("title")
        .stdout_contains("red")
        .stdout_contains("end")
        .stdout_contains("Press")
        .stdout_contains("here")
        .stdout_contains("now.")
        .stdout_contains("Step one")
        .stdout_contains("Sum")
        .stdout_contains("mary")
        .stdout_contains("rope")
        .stdout_contains("bell")
        .stdout_contains("gap")
        .stdout_lacks("pwned")
        .stdout_lacks("\u{202e}");
}

#[test]
fn escape_sequences_are_stripped_from_list() {
    let output = evil().arg("list").run();
    output.success();
    assert_no_terminal_control(&output.stdout, "list stdout");
    assert_no_terminal_control(&output.stderr, "list stderr");
    output
        .stdout_contains("Evil")
        .stdout_contains("title red end")
        .stdout_lacks("pwned");
}

#[test]
fn escape_sequences_are_stripped_from_json() {
    for args in [vec!["list"], vec!["show", "evil"]] {
        let output = evil().args(args).arg("--json").run();
        output.success().stdout_lacks("pwned");
        assert_no_terminal_control(&output.stdout, "JSON stdout");
        // JSON escapes would smuggle them past a byte check; look inside the strings too.
        let json = output.json().to_string();
        assert!(
            !json.contains("\\u001b") && !json.contains("\\u0007"),
            "{json}"
        );
        output.stdout_contains("Evil");
    }
}

#[test]
fn an_alias_is_matched_after_cleaning() {
    evil()
        .args(["show", "sneaky alias"])
        .run()
        .success()
        .stdout_contains("(evil)");
}

#[test]
fn escape_sequences_in_names_and_paths_are_stripped_from_errors() {
    let output = Test::new()
        .args(["show", "\u{1b}]0;pwned\u{7}nekc\u{1b}[2J"])
        .run();
    output.code(2);
    assert_no_terminal_control(&output.stderr, "unknown-name error");

    let output = Test::new()
        .routine_file("\u{1b}[31mred.toml", BROKEN)
        .arg("list")
        .run();
    output.success().stderr_contains("red.toml");
    assert_no_terminal_control(&output.stderr, "broken-file warning");

    let output = Test::new()
        .file("\u{1b}]0;pwned\u{7}.toml", format!("{START}seconds = -1\n"))
        .file("ok.toml", EVIL)
        .args(["validate", "."])
        .run();
    output.code(1).stdout_contains(".toml:8:11: ");
    assert_no_terminal_control(&output.stdout, "validate stdout");
    assert_no_terminal_control(&output.stderr, "validate stderr");
}

#[test]
fn builtin_output_has_no_colour_when_piped() {
    for args in [vec!["list"], vec!["show", "neck"], vec!["show", "abdomen"]] {
        let output = Test::new().args(&args).run();
        output.success();
        assert_no_terminal_control(&output.stdout, &args.join(" "));
    }
}

// ---------------------------------------------------------------------------------------
// Pipes
// ---------------------------------------------------------------------------------------

/// Reads one line and closes the pipe, like `selfmassage ... | head -1`; the program must
/// end quietly with exit 0. A user routine with a huge title and summary makes the output
/// larger than any pipe buffer, so the write really fails.
fn closed_pipe(args: &[&str]) {
    let huge = "Knead slowly and breathe out. ".repeat(10_000);
    let routine = MINIMAL_ROUTINE
        .replace("Roll your calves over a ball.", huge.trim_end())
        .replace(
            "title = \"Calf roll\"",
            &format!("title = \"Calf roll {}\"", huge.trim_end()),
        );
    let mut child = Test::new()
        .routine_file("calf-roll.toml", &routine)
        .args(args)
        .spawn();
    let mut stdout = BufReader::new(child.take_stdout());
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read the first line");
    assert!(!line.is_empty(), "no output from {args:?}");
    drop(stdout);
    let mut stderr = String::new();
    child
        .take_stderr()
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let status = child.wait();
    assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
    assert_eq!(
        status.code(),
        Some(0),
        "{args:?} on a closed pipe\n{stderr}"
    );
    assert!(
        !stderr.contains("Broken pipe"),
        "{args:?} complained:\n{stderr}"
    );
}

#[test]
fn list_ends_quietly_on_a_closed_pipe() {
    closed_pipe(&["list"]);
}

#[test]
fn show_ends_quietly_on_a_closed_pipe() {
    closed_pipe(&["show", "calf-roll"]);
}

#[test]
fn json_ends_quietly_on_a_closed_pipe() {
    closed_pipe(&["list", "--json"]);
    closed_pipe(&["show", "calf-roll", "--json"]);
}

#[test]
fn completions_and_man_end_quietly_on_a_closed_pipe() {
    closed_pipe(&["completions", "bash"]);
    closed_pipe(&["man"]);
}

// ---------------------------------------------------------------------------------------
// Help, completions, man
// ---------------------------------------------------------------------------------------

#[test]
fn help_mentions_the_examples() {
    Test::new()
        .arg("--help")
        .run()
        .success()
        .stdout_contains("Examples:")
        .stdout_contains("selfmassage list")
        .stdout_contains("selfmassage headache")
        .stdout_contains("selfmassage show lower-back")
        .stdout_contains("--routines-dir")
        .stdout_contains("not a diagnosis");
}

#[test]
fn subcommand_help_works() {
    // Each subcommand's help lists its own options and the global ones (DESIGN.md §2).
    for (command, own_option) in [
        ("list", "--area"),
        ("show", "--json"),
        ("check", "ROUTINE-OR-AREA"),
        ("run", "--length"),
        ("history", "--since"),
        ("validate", "<PATH>"),
        ("config", "--init"),
        ("new", "<ID>"),
        ("completions", "<SHELL>"),
    ] {
        Test::new()
            .args([command, "--help"])
            .run()
            .success()
            .stdout_contains(&format!("Usage: selfmassage {command}"))
            .stdout_contains(own_option)
            .stdout_contains("--routines-dir")
            .stdout_contains("--plain");
    }
}

#[test]
fn shared_options_also_work_after_the_subcommand() {
    let test = Test::new().file("extra/calf-roll.toml", MINIMAL_ROUTINE);
    let extra = test.path().join("extra");
    test.args(["--plain", "show", "calf-roll", "--routines-dir"])
        .arg(&extra)
        .run()
        .success()
        .stdout_contains("Calf roll")
        .stdout_contains("Roll slowly from ankle to knee.");
    // `config` shows the folders in effect, so it takes the option too.
    let test = Test::new().dir("extra");
    let extra = test.path().join("extra");
    let missing = test.path().join("missing");
    test.args(["config", "--routines-dir"])
        .arg(&extra)
        .arg("--routines-dir")
        .arg(&missing)
        .run()
        .success()
        .stdout_contains(&format!(
            "# and routines from --routines-dir: {}\n",
            extra.display()
        ))
        .stdout_contains(&format!(
            "# and routines from --routines-dir: {} (not found)\n",
            missing.display()
        ));
}

#[test]
fn a_run_option_before_another_subcommand_is_refused() {
    Test::new()
        .args(["--quiet", "list"])
        .run()
        .code(2)
        .stdout_is("")
        .stderr_contains("--quiet is for running a routine, not for `list`");
}

#[test]
fn global_options_are_accepted_by_every_subcommand() {
    // `--plain` and `--routines-dir` are global: before or after any subcommand, and
    // ignored where they change nothing, as ripgrep and fd do.
    Test::new()
        .args(["--plain", "completions", "bash"])
        .run()
        .success();
    Test::new()
        .args(["completions", "bash", "--plain"])
        .run()
        .success();
    Test::new().args(["--plain", "man"]).run().success();
    Test::new()
        .args(["--routines-dir", "x", "history"])
        .run()
        .success();
    let test = Test::new().routine_file("calf-roll.toml", MINIMAL_ROUTINE);
    let file = test.user_routines().join("calf-roll.toml");
    test.arg("validate")
        .arg(&file)
        .arg("--plain")
        .run()
        .success()
        .stdout_contains("valid");
}

#[test]
fn no_arguments_prints_help_and_exits_2() {
    Test::new()
        .run()
        .code(2)
        .stdout_is("")
        .stderr_contains("Usage:");
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    Test::new()
        .args(["list", "--bogus"])
        .run()
        .code(2)
        .stderr_contains("--bogus");
    Test::new()
        .args(["neck", "--length", "forever"])
        .run()
        .code(2)
        .stderr_contains("forever");
}

#[test]
fn version_is_the_crate_version() {
    Test::new()
        .arg("--version")
        .run()
        .success()
        .stdout_contains(env!("CARGO_PKG_VERSION"));
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = Test::new().args(["completions", shell]).run();
        output
            .success()
            .stdout_contains("selfmassage")
            .stdout_contains("history")
            .stdout_contains("routines-dir")
            // Options of subcommands, which clap adds only when asked (cli::Deferred).
            .stdout_contains("since")
            .stdout_contains("ask-all")
            .stderr_is("");
        assert!(
            output.stdout.len() > 100,
            "{shell} completions are too short"
        );
        if shell == "bash" {
            assert_bash_syntax(&output.stdout);
        }
    }
    Test::new()
        .args(["completions", "tcsh"])
        .run()
        .code(2)
        .stderr_contains("tcsh");
}

/// `bash -n` finds no syntax error in `script` (checked where bash is installed).
#[track_caller]
fn assert_bash_syntax(script: &str) {
    let mut bash = Command::new("bash");
    bash.arg("-n").stdin(Stdio::piped()).stderr(Stdio::piped());
    if let Ok(bash) = Running::spawn(&mut bash) {
        let result = bash.output(Some(script.as_bytes().to_vec()));
        assert!(
            result.status.success(),
            "bash -n: {}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
}

#[test]
fn man_page_is_roff() {
    let output = Test::new().arg("man").run();
    output.success().stderr_is("");
    assert!(
        output.stdout.lines().any(|line| line.starts_with(".TH ")),
        "no .TH line:\n{}",
        output.stdout
    );
    output.stdout_contains(".TH selfmassage 1");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH COMMANDS"] {
        output.stdout_contains(section);
    }
    // roff escapes every dash.
    for word in ["history", "check", r"\-\-routines\-dir", r"\-\-length"] {
        output.stdout_contains(word);
    }
}
