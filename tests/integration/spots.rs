//! Where each step works: the spot vocabulary in routine files, the body figure `show`
//! draws, and the words that say the same in `show --json`.

use selfmassage::routine::Catalog;
use selfmassage::ui::figure::{self, Figure};

use crate::harness::Test;

/// The figure and its legend from `show`'s output: the lines between "Length:" and "Steps".
fn figure_of(stdout: &str) -> String {
    stdout
        .lines()
        .skip_while(|line| !line.starts_with("Length:"))
        .skip(2)
        .take_while(|line| *line != "Steps")
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn show_neck_draws_the_figure_with_its_spot() {
    let output = Test::new().args(["show", "neck"]).run();
    output.success();
    let figure = figure_of(&output.stdout);
    assert!(!figure.contains('\u{1b}'), "no colour in a pipe:\n{figure}");
    insta::assert_snapshot!("show_neck_figure", figure);
    output.stdout_contains("     Where (1): the back of your neck\n");
}

#[test]
fn show_neck_figure_in_colour() {
    // A pipe never gets colour, so the colour version is drawn as `show` draws it for a
    // terminal 80 columns wide; escapes shown as ␛ so the snapshot is readable.
    let catalog = Catalog::builtin();
    let neck = catalog
        .routines()
        .iter()
        .find(|r| r.id == "neck")
        .expect("built in");
    let buffer = figure::buffer(&Figure::numbered(&neck.spots(), true), 78).expect("room");
    let lines = figure::lines(&buffer, true).join("\n");
    assert!(lines.contains("\u{1b}["), "{lines}");
    insta::assert_snapshot!("show_neck_figure_colour", lines.replace('\u{1b}', "␛"));
}

#[test]
fn show_belly_numbers_the_path_up_the_right_across_and_down_the_left() {
    Test::new()
        .args(["show", "abdomen"])
        .run()
        .success()
        .stdout_contains("  1 low on the right of your belly, above the pelvic bone\n")
        .stdout_contains("  2 up the right side of your belly\n")
        .stdout_contains("  3 across your belly, just below your ribs\n")
        .stdout_contains("  4 down the left side of your belly\n")
        .stdout_contains("  5 around your belly button\n");
}

#[test]
fn show_json_gives_each_step_its_spot_in_words() {
    let output = Test::new().args(["show", "shoulders", "--json"]).run();
    output.success();
    let json = output.json();
    let squeeze = &json["steps"][1];
    assert_eq!(squeeze["title"], "Squeeze");
    assert_eq!(squeeze["spot"]["id"], "top-of-shoulder");
    assert_eq!(squeeze["spot"]["words"], "the top of your shoulder");
    assert_eq!(squeeze["spot"]["view"], "back");
    // A step that presses nowhere has no spot.
    assert!(json["steps"][0].get("spot").is_none(), "{json}");
}

#[test]
fn validate_names_an_unknown_spot_with_a_suggestion() {
    let routine = "title = \"Mine\"\nareas = [\"neck\"]\nsummary = \"S\"\n\n[[steps]]\ntitle = \"A\"\ntext = \"Press.\"\nseconds = 10\nspot = \"back-of-nek\"\n";
    Test::new()
        .file("mine.toml", routine)
        .args(["validate", "mine.toml"])
        .run()
        .code(1)
        .stdout_contains(
            "mine.toml:9:8: unknown spot \"back-of-nek\": did you mean \"back-of-neck\"?",
        );
}
