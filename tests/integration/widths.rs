//! Every sentence wraps at word boundaries (issue 16): a whole run — questionnaire, verdict,
//! session, after-check — in windows of 80x24, 60x20 and 40x12, with every screen read
//! back, the full-screen view's frames included; and the same for `config`, whose wrapped
//! comments must stay comments. Piped output is never wrapped.

use std::cell::RefCell;

use selfmassage::ui::text::width::display_width;

use crate::harness::pty::{Finished, Pty};
use crate::harness::{Sandbox, Test};
use crate::pty_sessions::{
    ROUTINES, answer_after_check, answer_questionnaire, args, sandbox, short_routine,
    words_broken_at_the_edge,
};

/// Fails, naming the rows and showing the output, when a row of `rows` ends inside a word
/// (see [`broken`]).
fn assert_none_broken(finished: &Finished, rows: &[(String, bool)]) {
    let found = broken(rows);
    assert!(
        found.is_empty(),
        "words broken at the right edge of the window:\n{}\n{}",
        found.join("\n"),
        finished.dump()
    );
}

/// The rows of the main screen that end inside a word: those the terminal itself continued
/// onto the next row because the program wrote past the right edge, breaking a word
/// ("abdo" / "men") or a sentence at a hyphen or before its punctuation ("fine" / ".",
/// "neck" / "-pain?", "2" / " steps)"). A row the program ended itself is never counted,
/// even when its text fills the row up to the last column. A word wider than the whole
/// line is left to overflow (a long path in `config`): a row that holds that word alone,
/// after its indent and any list or comment mark, is not counted either.
fn broken(rows: &[(String, bool)]) -> Vec<String> {
    rows.windows(2)
        .filter(|pair| {
            let (row, wrapped_by_the_terminal) = &pair[0];
            *wrapped_by_the_terminal && row.trim_start_matches([' ', '#', '-']).contains(' ')
        })
        .map(|pair| format!("{:?} / {:?}", pair[0].0, pair[1].0))
        .collect()
}

/// The rows of the screen as shown now, each as wide as the window (a blank cell is a
/// space), so the last column can be read; the view draws every cell itself, so no row is
/// a terminal's automatic wrap.
fn screen_rows(pty: &Pty) -> Vec<(String, bool)> {
    let vt = pty.vt();
    let (rows, cols) = vt.size();
    (0..rows.get())
        .map(|row| {
            let text = (0..cols.get())
                .filter_map(|col| vt.cell(row, col))
                .filter(|cell| !cell.is_wide_continuation())
                .map(|cell| match cell.contents() {
                    "" => " ".to_string(),
                    text => text.to_string(),
                })
                .collect();
            (text, false)
        })
        .collect()
}

/// How the session is ended: the keys typed in the full-screen view, one frame apart.
#[derive(Clone, Copy)]
enum Through {
    /// `n` past "get ready", then the one-second steps run out by themselves.
    TheEnd,
    /// `q` at "get ready": "Stopped early, after 0 of 2 steps. That is fine."
    Stop,
    /// `n` twice, then `h`: the advice for rising pain.
    Hurts,
}

/// A whole run of `selfmassage quick` in a `cols` x `rows` window: the questionnaire (pain
/// 3), the verdict, Enter, the session ended `through` some keys, and the after-check
/// (pain `after`). Each screen of the full-screen view is checked as it is drawn; the
/// rest, scrolled away or not, once the program has ended.
fn whole_run(cols: u16, rows: u16, through: Through, after: &str) -> Finished {
    let sandbox = sandbox();
    if let Through::TheEnd = through {
        sandbox.write(format!("{ROUTINES}/quick.toml"), short_routine());
    }
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, None), cols, rows);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for_output("Go ahead.");
    // The session may wait for Enter or space after the verdict.
    pty.send("\r");

    let view_broken: RefCell<Vec<String>> = RefCell::default();
    let screens_read = RefCell::new(0);
    let look = |pty: &Pty| {
        if pty.vt().alternate_screen() {
            *screens_read.borrow_mut() += 1;
            let screen = screen_rows(pty);
            let mut found = view_broken.borrow_mut();
            for row in words_broken_at_the_edge(&screen, cols) {
                if !found.contains(&row) {
                    found.push(row);
                }
            }
        }
    };
    let in_view = |pty: &mut Pty, what: &str, ready: &dyn Fn(&str) -> bool| {
        pty.wait_until(what, |pty| {
            look(pty);
            pty.vt().alternate_screen() && ready(&pty.screen())
        });
    };
    in_view(&mut pty, "the full-screen view", &|s| {
        s.contains("Get ready")
    });
    match through {
        Through::TheEnd => pty.send("n"),
        Through::Stop => pty.send("q"),
        Through::Hurts => {
            pty.send("n");
            in_view(&mut pty, "step 1", &|s| s.contains("First step."));
            pty.send("n");
            in_view(&mut pty, "step 2", &|s| s.contains("Step 2 of 2"));
            pty.send("h");
        }
    }
    pty.wait_until("the end of the session", |pty| {
        look(pty);
        !pty.vt().alternate_screen()
    });
    answer_after_check(&mut pty, after);
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_terminal_restored();

    assert!(*screens_read.borrow() > 0, "no screen of the view was read");
    let view_broken = view_broken.into_inner();
    assert!(
        view_broken.is_empty(),
        "words broken at the right edge of the {cols}x{rows} session view:\n{}\n{}",
        view_broken.join("\n"),
        finished.dump()
    );
    let all = finished.all_rows(cols, rows);
    assert!(all.len() > usize::from(rows), "the output scrolled");
    assert_none_broken(&finished, &all);
    finished
}

#[test]
fn a_whole_run_at_80x24_wraps_every_sentence_between_words() {
    let finished = whole_run(80, 24, Through::TheEnd, "9");
    finished.assert_output_contains("Done: all 2 steps. How do you feel?");
    finished.assert_output_contains("Pain of 9 out of 10 is severe");
}

#[test]
fn a_whole_run_at_60x20_wraps_every_sentence_between_words() {
    let finished = whole_run(60, 20, Through::Stop, "5");
    finished.assert_output_contains("That is fine.");
    finished.assert_output_contains("Your pain went up");
}

#[test]
fn a_whole_run_at_40x12_wraps_every_sentence_between_words() {
    let finished = whole_run(40, 12, Through::Hurts, "2");
    finished.assert_output_contains("Stopped. Pain that rises");
    // The advice was given as it stopped; the after-check says the pain, not it again.
    finished.assert_output_contains("Pain now 2 of 10.");
}

/// `--plain` on a terminal: the step lines wrap to a 40-column window too (the plain
/// session writes its own lines, in raw mode).
#[test]
fn a_plain_run_at_40_columns_wraps_every_step_between_words() {
    let sandbox = sandbox();
    sandbox.write(format!("{ROUTINES}/quick.toml"), short_routine());
    let mut arguments = args(&sandbox, None);
    arguments.insert(0, "--plain".to_string());
    let mut pty = Pty::spawn(&sandbox, &arguments, 40, 12);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for_output("Get ready");
    pty.send("n");
    pty.wait_for_output("How do you feel?");
    pty.reply("After the massage, how bad is the pain", "2");
    pty.reply("During or since the massage", "n");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_output_contains("Done: all 2 steps.");
    assert_none_broken(&finished, &finished.all_rows(40, 12));
}

/// `check neck` at 40x12 with a rejected answer: the questions, the hint inquire draws on
/// one line, and the verdict all break between words.
#[test]
fn check_at_40x12_wraps_between_words_and_the_hint_fits() {
    let finished = crate::pty_sessions::check_neck_in_a_window(40, 12);
    assert_none_broken(&finished, &finished.all_rows(40, 12));
}

/// `config` in a 40-column window: every comment wrapped between words, and every line
/// the program wrote still a comment or a `key = value` (the output stays valid TOML).
#[test]
fn config_at_40_columns_keeps_every_comment_a_comment() {
    let sandbox = Sandbox::new();
    let folder = sandbox.mkdir("my routines");
    let folder = folder.display().to_string();
    let pty = Pty::spawn(&sandbox, &["config", "--routines-dir", &folder], 40, 12);
    let finished = pty.finish();
    finished.assert_code(0);
    let text = finished.text();
    let end = text.find("EXIT=").unwrap_or(text.len());
    let lines: Vec<&str> = text[..end]
        .lines()
        .skip_while(|line| !line.starts_with("# config file"))
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .collect();
    assert!(lines.len() > 6, "{}", finished.dump());
    for line in &lines {
        assert!(
            line.starts_with('#') || line.contains(" = "),
            "{line:?} is neither a comment nor a key\n{}",
            finished.dump()
        );
        assert!(
            display_width(line) <= 40 || !line[2..].contains(' '),
            "{line:?} is wider than the window\n{}",
            finished.dump()
        );
    }
    // Wrapped, so there are comment lines of their own.
    assert!(
        lines.contains(&"# journal:") || lines.iter().any(|l| l.starts_with("# speak_command")),
        "{}",
        finished.dump()
    );
    let all = finished.all_rows(40, 12);
    assert_none_broken(&finished, &all);
}

/// `show` in a 40-column window: headings, fields and step titles wrap between words too.
#[test]
fn show_at_40_columns_wraps_between_words() {
    let sandbox = Sandbox::new();
    let pty = Pty::spawn(&sandbox, &["show", "lower-back", "--no-pager"], 40, 12);
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_output_contains("Start it: selfmassage lower-back");
    assert_none_broken(&finished, &finished.all_rows(40, 12));
}

/// Through a pipe nothing is wrapped: a script reads each sentence as one line, however
/// long, whatever `COLUMNS` says.
#[test]
fn piped_output_is_not_wrapped() {
    let out = Test::new().env("COLUMNS", "40").args(["config"]).run();
    out.success();
    let speech = out
        .stdout
        .lines()
        .find(|line| line.starts_with("# speak_command: not set"))
        .unwrap_or_else(|| panic!("no speak_command line\n{}", out.context()));
    assert!(
        speech.ends_with(" found") && display_width(speech) > 60,
        "{speech:?}\n{}",
        out.context()
    );

    let out = Test::new().args(["neck"]).stdin("40\nn\n").run();
    // A question left unanswered: the error is one line on stderr, however long.
    let error: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(error.len(), 1, "{}", out.context());
    assert!(display_width(error[0]) > 80, "{}", out.context());
}

/// The stroke signs' question ("Today, even if it has passed: ...") in a 40-column window,
/// `--plain` or not: the rows it took on screen, up to the one the answer is typed on, and
/// its words.
fn stroke_question_at_40_columns(plain: bool) -> (usize, String) {
    const MARKER: &str = "Today, even if it has passed";
    let sandbox = Sandbox::new();
    let arguments: &[&str] = if plain {
        &["--plain", "check", "neck"]
    } else {
        &["check", "neck"]
    };
    let mut pty = Pty::spawn(&sandbox, arguments, 40, 24);
    for (marker, _, answer) in crate::harness::dialog::nothing_to_report_prompts(&["neck"], 3) {
        if MARKER.starts_with(marker.trim()) {
            break;
        }
        pty.reply(&marker, &answer);
    }
    pty.wait_prompt(MARKER);
    let rows: Vec<String> = pty.vt().rows(0, 40).collect();
    let (cursor, _) = pty.vt().cursor_position();
    let last = usize::from(cursor);
    let first = rows[..=last]
        .iter()
        .rposition(|row| row.contains("Today, even if"))
        .unwrap_or_else(|| panic!("the question on screen\n{}", pty.dump()));
    let words = rows[first..=last]
        .join(" ")
        .split_whitespace()
        .filter(|word| !["?", ">", "[y/n]"].contains(word))
        .collect::<Vec<_>>()
        .join(" ");
    (last - first + 1, words)
}

// A new-user trial: at 40 columns a single question wrapped at about 20 columns while the
// lists used 38; only its last row shares the line with the hint and the answer.
#[test]
fn a_long_question_at_40_columns_uses_the_width_of_the_window() {
    use selfmassage::ui::text::question::{Asking, Question, YES_NO_HINT, question_rows};
    // The rows before the last: with inquire, two columns in; in plain lines, a column
    // short of the edge. The last row's room: with inquire, 40 less "? ", " [y/n]",
    // " ✗ not an answer" (at least 20); in plain lines, 40 less " [y/n] " and four columns
    // for the answer.
    for (plain, width, room) in [(false, 38, 20), (true, 39, 29)] {
        let (shown, question) = stroke_question_at_40_columns(plain);
        assert!(question.ends_with("balance?"), "{question:?}");
        let (before, _) = question_rows(&question, room, room);
        assert!(
            shown < before.len() + 1,
            "plain {plain}: {shown} rows, as many as all wrapped to {room} columns"
        );
        let (now, _) = question_rows(&question, width, room);
        assert_eq!(shown, now.len() + 1, "plain {plain}: {question:?}");
        // The layout the reading budget counts is the one on screen.
        let asking = if plain {
            Asking::Lines
        } else {
            Asking::Interactive
        };
        let laid_out = Question::new(&question, YES_NO_HINT, asking, Some(40));
        assert_eq!(shown, laid_out.rows().len(), "plain {plain}: {laid_out:?}");
    }
}
