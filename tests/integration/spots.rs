//! Where each step works: the spot vocabulary in routine files, the body figure `show`
//! draws and the session shows beside the step, and the words that say the same in
//! `show --json`.

use selfmassage::routine::Catalog;
use selfmassage::ui::session::figure::{self, Figure};

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
    assert_eq!(squeeze["title"], "Along the shoulder");
    assert_eq!(squeeze["spot"]["id"], "top-of-shoulder");
    assert_eq!(squeeze["spot"]["words"], "the top of your shoulder");
    assert_eq!(squeeze["spot"]["view"], "back");
    // A step that presses nowhere has no spot.
    assert!(json["steps"][0].get("spot").is_none(), "{json}");
}

#[test]
fn validate_names_an_unknown_spot_with_a_suggestion() {
    let routine = "title = \"Mine\"\nareas = [\"neck\"]\nsummary = \"S\"\n\n[[steps]]\ntitle = \"A\"\ntext = \"Press.\"\nseconds = 10\nspot = \"back-of-nek\"\npressure = \"light\"\n";
    Test::new()
        .file("mine.toml", routine)
        .args(["validate", "mine.toml"])
        .run()
        .code(1)
        .stdout_contains(
            "mine.toml:9:8: unknown spot \"back-of-nek\": did you mean \"back-of-neck\"?",
        );
}

// --- Issue 17: the figure beside the step in a session ----------------------------------

/// Real-terminal tests (Unix only, as the pseudo-terminal harness).
#[cfg(unix)]
mod in_a_session {
    use selfmassage::ui::session::figure;

    use crate::harness::Sandbox;
    use crate::harness::pty::Pty;
    use crate::pty_sessions::{start_session, stop_and_finish};

    /// One long step with a spot and a caution, in an area with no warning signs of its own
    /// (so the questionnaire is the one `pty_sessions` answers), as `quick`.
    const SPOTTED_ROUTINE: &str = r#"title = "Figure test"
areas = ["neck"]
summary = "One step with a spot and a caution, for tests."

[[steps]]
title = "Press"
text = "Press into the sore spot at the back of your neck with your fingertips and breathe out slowly."
caution = "Stop at once if it tingles or goes numb."
seconds = 120
spot = "back-of-neck"
pressure = "light"
"#;
    const INSTRUCTION: &str = "Press into the sore spot at the back of your neck with your fingertips and breathe out slowly.";
    const CAUTION: &str = "The routine says: Stop at once if it tingles or goes numb.";

    /// A dot of the figure's outline (the blank braille cell excluded).
    fn is_braille(c: char) -> bool {
        ('\u{2801}'..='\u{28ff}').contains(&c)
    }

    /// The screen cell by cell: one `char` a column (blank cells as spaces).
    fn cells(pty: &Pty) -> Vec<Vec<char>> {
        let screen = pty.vt();
        let (rows, cols) = screen.size();
        (0..rows.get())
            .map(|row| {
                (0..cols.get())
                    .map(|col| {
                        screen
                            .cell(row, col)
                            .and_then(|cell| cell.contents().chars().next())
                            .unwrap_or(' ')
                    })
                    .collect()
            })
            .collect()
    }

    /// The column of the figure's left edge (its leftmost dot), if any dot is on the screen.
    fn figure_left(cells: &[Vec<char>]) -> Option<usize> {
        cells
            .iter()
            .filter_map(|row| row.iter().position(|&c| is_braille(c)))
            .min()
    }

    /// The words left of the figure (all of the screen without one), every run of blanks one
    /// space.
    fn text_words(cells: &[Vec<char>]) -> String {
        let cut = figure_left(cells).unwrap_or(usize::MAX);
        let text: String = cells
            .iter()
            .map(|row| row.iter().take(cut).collect::<String>() + "\n")
            .collect();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The step's instruction and caution are whole on the screen, left of any figure.
    fn step_whole(pty: &Pty) -> bool {
        let words = text_words(&cells(pty));
        words.contains(INSTRUCTION) && words.contains(CAUTION) && words.contains("q stop")
    }

    /// `selfmassage quick` with [`SPOTTED_ROUTINE`] at `cols` x `rows`, on its step: the
    /// routine is written where `pty_sessions::args` looks for `quick`, so the session starts
    /// (and gets past the verdict) the way every other session test does.
    fn spotted_session(cols: u16, rows: u16) -> (Sandbox, Pty) {
        let sandbox = Sandbox::new();
        sandbox.write("routines/quick.toml", SPOTTED_ROUTINE);
        let mut pty = start_session(&sandbox, cols, rows);
        pty.send("n");
        pty.wait_until("the step, whole", |pty| {
            pty.shows("Step 1 of 1") && step_whole(pty)
        });
        (sandbox, pty)
    }

    #[test]
    fn at_100x30_the_figure_stands_beside_the_step_and_gives_way_at_60x20() {
        let (_sandbox, mut pty) = spotted_session(100, 30);
        pty.wait_until("the figure with the current spot", |pty| {
            cells(pty).iter().flatten().any(|&c| c == figure::CURRENT)
        });
        let screen = cells(&pty);
        let left = figure_left(&screen).unwrap_or_else(|| panic!("no figure\n{}", pty.screen()));
        // Beside the step: on the rows of the instruction, right of its text.
        let first_words = &INSTRUCTION[..24];
        let row = screen
            .iter()
            .position(|row| {
                row.iter()
                    .take(left)
                    .collect::<String>()
                    .contains(first_words)
            })
            .unwrap_or_else(|| panic!("no instruction left of the figure\n{}", pty.screen()));
        assert!(
            screen[row][left..].iter().any(|&c| is_braille(c)),
            "no figure on the instruction's row\n{}",
            pty.screen()
        );
        assert!(step_whole(&pty), "{}", pty.screen());

        pty.resize(60, 20);
        pty.wait_until("the figure gone at 60x20, the step whole", |pty| {
            figure_left(&cells(pty)).is_none() && step_whole(pty)
        });
        stop_and_finish(pty);
    }

    #[test]
    fn at_60x20_there_is_no_figure_and_the_instruction_and_caution_stay() {
        let (_sandbox, mut pty) = spotted_session(60, 20);
        // The rest of the frame, were a figure on its way.
        pty.pump_for(std::time::Duration::from_millis(300));
        assert_eq!(figure_left(&cells(&pty)), None, "{}", pty.screen());
        assert!(!pty.screen().contains(figure::CURRENT), "{}", pty.screen());
        stop_and_finish(pty);
    }
}
