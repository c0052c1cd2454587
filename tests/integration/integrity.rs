//! No file can break the safety rules: each way a careless or hostile routine file tries
//! it is refused by `validate` (and by loading) at its line and column, or, where it is
//! allowed, the warning signs still follow the body part pressed.

use crate::harness::{Output, Person, Test};

/// A valid user routine's top, with `areas`; a step follows.
fn top(id: &str, areas: &str) -> String {
    format!("id = \"{id}\"\ntitle = \"Mine\"\nareas = {areas}\nsummary = \"A test.\"\n\n")
}

const LIGHT_STEP: &str = "[[steps]]\ntitle = \"Rest\"\ntext = \"Rest your hand there.\"\nseconds = 20\npressure = \"light\"\n";

fn validate(text: &str) -> Output {
    Test::new()
        .file("mine.toml", text)
        .args(["validate", "mine.toml"])
        .run()
}

#[test]
fn a_question_with_a_built_in_id_or_wording_is_refused_and_never_asked() {
    // Chest pain made to vanish by reusing its id in other words...
    let by_id = format!(
        "{}[[cautions]]\nid = \"chest-pain\"\nquestion = \"Do you like tea?\"\n\n{LIGHT_STEP}",
        top("mine", "[\"shoulders\"]")
    );
    validate(&by_id).code(1).stdout_contains(
        "mine.toml:7:6: this question's id is the built-in question \"chest-pain\"",
    );
    // ... or its words under an id of its own.
    let by_words = format!(
        "{}[[cautions]]\nid = \"tea\"\nquestion = \"Now: pregnant, or could be.\"\n\n{LIGHT_STEP}",
        top("mine", "[\"shoulders\"]")
    );
    validate(&by_words).code(1).stdout_contains(
        "mine.toml:8:12: this question's wording is the built-in question \"pregnancy\"",
    );
    // Running it is refused too: nothing starts.
    Test::new()
        .routine_file("mine.toml", &by_id)
        .args(["check", "mine"])
        .stdin("")
        .run()
        .code(1)
        .stderr_contains("mine.toml:7:6: ")
        .stdout_lacks("Go ahead");
}

#[test]
fn an_id_or_alias_may_not_take_a_condition_word_or_area() {
    validate(&format!(
        "{}{LIGHT_STEP}",
        top("headache", "[\"shoulders\"]")
    ))
    .code(1)
    .stdout_contains(
        "mine.toml:1:6: the id \"headache\" is the alias of the built-in routine \"head\"",
    );
    let alias = format!(
        "{}\naliases = [\"constipation\"]\n\n{LIGHT_STEP}",
        top("mine", "[\"shoulders\"]").trim_end()
    );
    validate(&alias).code(1).stdout_contains(
        "the alias \"constipation\" is the alias of the built-in routine \"abdomen\"",
    );
    // And the word still finds the built-in.
    Test::new()
        .routine_file("mine.toml", &alias)
        .args(["show", "constipation"])
        .run()
        .success()
        .stdout_contains("Belly");
}

#[test]
fn a_misspelt_area_is_an_error_and_a_new_area_is_asked_about() {
    validate(&format!("{}{LIGHT_STEP}", top("mine", "[\"shoulder\"]")))
        .code(1)
        .stdout_contains("mine.toml:3:10: unknown area \"shoulder\": did you mean \"shoulders\"?");
    let feet = format!("{}{LIGHT_STEP}", top("mine", "[\"feet\"]"));
    validate(&feet)
        .success()
        .stdout_contains("the area \"feet\" has no built-in warning signs");
    Test::new()
        .routine_file("mine.toml", &feet)
        .args(["list"])
        .run()
        .success()
        .stdout_contains("No built-in warning signs for: feet.");
    // Before the questions, the run says so and asks whether to go on; "no" starts nothing.
    Test::new()
        .routine_file("mine.toml", &feet)
        .args(["check", "mine"])
        .stdin("n\n")
        .run()
        .code(3)
        .stdout_contains("The area \"feet\" has no built-in warning signs")
        .stdout_contains("Not started: nothing was saved.");
}

#[test]
fn every_step_above_light_needs_a_spot_and_a_gentle_text() {
    let step = |extra: &str| {
        format!(
            "{}[[steps]]\ntitle = \"Dig\"\ntext = \"Dig your knuckles hard into your neck.\"\nseconds = 30\n{extra}",
            top("mine", "[\"neck\"]")
        )
    };
    // Pressure left out counts as medium: never silently light.
    validate(&step(""))
        .code(1)
        .stdout_contains("mine.toml:7:9: this step has no `pressure`, so it counts as medium: a step above light pressure needs a `gentle` text")
        .stdout_contains("needs a `spot`");
    validate(&step("pressure = \"firm\"\nspot = \"back-of-neck\"\n"))
        .code(1)
        .stdout_contains("mine.toml:10:12: a step above light pressure needs a `gentle` text");
    validate(&step(
        "pressure = \"medium\"\ngentle = \"Rest your fingertips there.\"\n",
    ))
    .code(1)
    .stdout_contains("mine.toml:10:12: a step above light pressure needs a `spot`");
    // The front of the hip takes light pressure only.
    validate(&step(
        "pressure = \"firm\"\nspot = \"front-of-hip\"\ngentle = \"Rest your hand there.\"\n",
    ))
    .code(1)
    .stdout_contains("mine.toml:11:8: the front of your hip, just inside the bony point is a place where pressure can harm");
}

#[test]
fn a_routine_whose_every_step_is_optional_is_an_error() {
    let step = |title: &str| {
        format!(
            "[[steps]]\ntitle = \"{title}\"\ntext = \"Rest your hand there.\"\nseconds = 20\npressure = \"light\"\noptional = true\n\n"
        )
    };
    let all = format!(
        "{}{}{}",
        top("mine", "[\"neck\"]"),
        step("One"),
        step("Two")
    );
    validate(&all)
        .code(1)
        .stdout_contains("mine.toml:6:1: every step is `optional = true`, so a session could have no steps: take `optional = true` out of at least one step");
    // One step that is always done is enough.
    let one_kept = all.replacen("optional = true\n", "", 1);
    validate(&one_kept).success();
}

#[test]
fn one_spot_past_ten_minutes_or_a_routine_past_an_hour_is_an_error() {
    let spot = format!(
        "{}[[steps]]\ntitle = \"Hold\"\ntext = \"Hold the spot.\"\nminutes = 6\nrepeat = 2\npressure = \"light\"\nspot = \"back-of-neck\"\n",
        top("mine", "[\"neck\"]")
    );
    validate(&spot)
        .code(1)
        .stdout_contains("mine.toml:7:9: this routine holds the back of your neck for up to 12 min: at most 10 min on one spot");
    // A spot with no sides is one place, whichever side a step names: 6 minutes "on the
    // left" and 6 "on the right" of the base of the skull are 12 minutes on it.
    let sideless = format!(
        "{}[[steps]]\ntitle = \"Hold\"\ntext = \"Hold the spot.\"\nminutes = 6\nsides = [\"left\", \"right\"]\npressure = \"light\"\nspot = \"base-of-skull\"\n",
        top("mine", "[\"head\"]")
    );
    validate(&sideless)
        .code(1)
        .stdout_contains("mine.toml:7:9: this routine holds the base of your skull for up to 12 min: at most 10 min on one spot");
    let long = format!(
        "{}[[steps]]\ntitle = \"Lie still\"\ntext = \"Lie still and breathe.\"\nminutes = 40\npressure = \"light\"\n\n[[steps]]\ntitle = \"Again\"\ntext = \"Lie still a while longer.\"\nminutes = 30\npressure = \"light\"\n",
        top("mine", "[\"neck\"]")
    );
    validate(&long)
        .code(1)
        .stdout_contains("mine.toml:1:1: the routine lasts up to 70 min: at most 60 min in all");
}

/// A routine filed under the lower back whose step presses the back of the neck.
const NECK_UNDER_ANOTHER_LABEL: &str = r#"id = "mine"
title = "Mine"
areas = ["lower-back"]
summary = "A test."

[[steps]]
title = "Rub"
text = "Rub the back of your neck."
seconds = 20
pressure = "light"
spot = "back-of-neck"
"#;

#[test]
fn the_signs_follow_the_spot_pressed_not_the_label_on_the_file() {
    let out = Test::new()
        .routine_file("mine.toml", NECK_UNDER_ANOTHER_LABEL)
        .args(["check", "mine"])
        .answered_by(&Person::fine().has("weak or numb"));
    out.code(3)
        .stdout_contains("Call your local emergency number now");
    // And a replaced built-in filed under another area keeps its own area's signs.
    let belly = "id = \"abdomen\"\ntitle = \"Mine\"\nareas = [\"shoulders\"]\nsummary = \"A test.\"\n\n[[steps]]\ntitle = \"Rest\"\ntext = \"Rest.\"\nseconds = 20\npressure = \"light\"\n";
    Test::new()
        .routine_file("abdomen.toml", belly)
        .args(["show", "abdomen"])
        .run()
        .success()
        .stdout_contains("Now: pregnant, or could be.");
}

/// A head routine whose only step presses the back of the neck.
const SKULL: &str = r#"id = "mine"
title = "Mine"
areas = ["head"]
summary = "A test."

[[steps]]
title = "Hold"
text = "Rest your fingers on the back of your neck."
seconds = 1
pressure = "light"
spot = "back-of-neck"
"#;

#[test]
fn a_head_session_that_hurt_more_counts_for_the_neck_until_a_doctor_checked_it() {
    // Pain 3 before, 6 after.
    let first = Test::new()
        .routine_file("mine.toml", SKULL)
        .args(["mine"])
        .stdin(format!(
            "{}6\nn\n",
            crate::harness::dialog::nothing_to_report(&["head", "neck"], 3)
        ))
        .run();
    first.success();
    let history = first.test.next_run().args(["history", "--json"]).run();
    let json = history.json();
    let areas = &json[0]["areas"];
    assert!(
        areas
            .as_array()
            .is_some_and(|a| a.iter().any(|v| v == "neck")),
        "{json}"
    );
    // The neck routine now asks for a doctor's word first, in a sentence that parses.
    let out = history
        .test
        .next_run()
        .args(["check", "neck"])
        .answered_by(&Person::fine());
    out.code(3)
        .stdout_contains("From your journal: Your neck hurt more after your session on ")
        .stdout_contains("(3 → 6). Since then, has a doctor checked it and said you can carry on?")
        .stdout_contains("Talk to your doctor first");
    // A doctor has checked it: go ahead (gently: a clearance means light pressure).
    let cleared = out
        .test
        .next_run()
        .args(["check", "neck"])
        .answered_by(&Person::fine().has("Since then, has a doctor checked it"));
    cleared.success().stdout_contains("Go ahead gently");
}
