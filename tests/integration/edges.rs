//! Terminal and process edges (issues 15 and 16): a window closed mid-session, Ctrl-Z and
//! `fg`, `TERM=dumb`, a terminal that reports 0x0, small and large windows, and changes of
//! side that cannot be missed. Each test runs the real program in a pseudo-terminal.
//!
//! Unix only (pseudo-terminals, signals, `stty`).

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::Sandbox;
use crate::harness::pty::{self, Pty, TIMEOUT};
use crate::harness::sandbox::BIN;

/// One long step with a caution (so nothing moves on while a test looks), then a short
/// step on each side.
const ROUTINE: &str = r#"title = "Edges test"
areas = ["neck"]
summary = "A short routine for tests."

[[steps]]
title = "Press"
text = "Press gently on the sore spot with two fingers and breathe out slowly while you count to five."
caution = "Stop at once if it tingles or goes numb."
seconds = 30
pressure = "light"

[[steps]]
title = "Circles"
text = "Small slow circles over the spot."
seconds = 3
sides = ["left", "right"]
pressure = "light"
"#;
const STEP_TEXT: &str = "Press gently on the sore spot with two fingers and breathe out slowly while you count to five.";
const CAUTION: &str = "The routine says: Stop at once if it tingles or goes numb.";
const PAIN_AFTER: &str = "After the massage, how bad is the pain";

/// The questionnaire on the healthy path: something the prompt's text is after, and the
/// answer. The four group prompts read alike, so each waits for its group's heading.
fn answers() -> Vec<(String, &'static str, String)> {
    crate::harness::dialog::nothing_to_report_prompts(&["neck"], 3)
}

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("routines/edges.toml", ROUTINE);
    sandbox
}

/// `run --routines-dir DIR edges`, after `before` (a program and its first arguments that
/// end by running the binary).
fn command(sandbox: &Sandbox, before: &[&str]) -> (OsString, Vec<OsString>) {
    let mut words: Vec<OsString> = before.iter().map(OsString::from).collect();
    words.push(BIN.into());
    for arg in ["run", "--routines-dir"] {
        words.push(arg.into());
    }
    words.push(sandbox.path().join("routines").into());
    words.push("edges".into());
    let program = words.remove(0);
    (program, words)
}

fn spawn(sandbox: &Sandbox, before: &[&str], cols: u16, rows: u16) -> Pty {
    let (program, args) = command(sandbox, before);
    Pty::spawn_program(sandbox, &program, &args, cols, rows)
}

/// Waits until `prompt` shows after the last `marker` in the output, then types `answer`.
fn answer_after(pty: &mut Pty, marker: &str, prompt: &str, answer: &str) {
    pty.wait_until(&format!("{prompt:?} after {marker:?}"), |pty| {
        let text = pty.text();
        matches!((text.rfind(marker), text.rfind(prompt)), (Some(m), Some(p)) if p > m)
    });
    // The prompt's line is drawn; give it a moment to take the terminal's modes.
    pty.pump_for(Duration::from_millis(150));
    pty.send(answer);
    pty.send("\r");
}

fn answer_questionnaire(pty: &mut Pty) {
    for (marker, prompt, answer) in answers() {
        answer_after(pty, &marker, prompt, &answer);
    }
}

/// Answers the questionnaire, waits for the full view, skips "get ready" and waits for the
/// long step.
fn start_step(pty: &mut Pty) {
    answer_questionnaire(pty);
    crate::pty_sessions::begin_session(pty);
    pty.wait_until("the full-screen view", |pty| {
        pty.vt().alternate_screen() && pty.shows("Get ready") && pty.shows("q stop")
    });
    pty.send("n");
    pty.wait_until("the long step", |pty| {
        pty.shows("Press gently") && pty.shows("q stop")
    });
}

fn answer_after_check(pty: &mut Pty) {
    answer_after(pty, PAIN_AFTER, "0-10", "2");
    answer_after(pty, "During or since", "[y/n]", "n");
}

/// The screen's words, every run of whitespace made one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The journal as `history --json` prints it.
fn journal(sandbox: &Sandbox) -> Vec<serde_json::Value> {
    let output = sandbox.test().args(["history", "--json"]).run();
    output.success();
    output.json().as_array().cloned().unwrap_or_default()
}

fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

// --- Issue 15, item 1: the window closes ----------------------------------------------

#[test]
fn closing_the_window_mid_session_saves_the_session_first() {
    let sandbox = sandbox();
    let mut pty = spawn(&sandbox, &["env"], 80, 24);
    start_step(&mut pty);
    let pid = pty.hang_up();
    let gone = pty::wait_for_exit(pid, Duration::from_secs(10));
    pty::kill_program(pid);
    assert!(gone, "still running 10 s after its window closed");
    let rows = journal(&sandbox);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["ending"], "signal", "{rows:?}");
}

/// The exit code after a closed window, kept by a shell that outlives the window.
fn status_after_hang_up(sandbox: &Sandbox, at_after_check: bool) -> String {
    let status = sandbox.path().join("status");
    let script = format!(
        "trap '' HUP; \"$0\" \"$@\"; echo $? > '{}'",
        status.display()
    );
    let mut pty = spawn(sandbox, &["sh", "-c", &script], 80, 24);
    start_step(&mut pty);
    if at_after_check {
        pty.send("q");
        pty.wait_until("the after-check", |pty| {
            !pty.vt().alternate_screen() && pty.text().contains(PAIN_AFTER)
        });
    }
    let _ = pty.hang_up();
    wait_for("the exit status", || {
        std::fs::read_to_string(&status).is_ok_and(|s| s.ends_with('\n'))
    });
    std::fs::read_to_string(Path::new(&status))
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[test]
fn a_closed_window_mid_session_exits_129_not_with_a_panic() {
    let sandbox = sandbox();
    assert_eq!(status_after_hang_up(&sandbox, false), "129");
    assert_eq!(journal(&sandbox).len(), 1);
}

#[test]
fn a_closed_window_at_the_after_check_exits_129_and_keeps_the_session() {
    let sandbox = sandbox();
    assert_eq!(status_after_hang_up(&sandbox, true), "129");
    let rows = journal(&sandbox);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["ending"], "stopped", "{rows:?}");
    assert!(rows[0]["pain_after"].is_null(), "{rows:?}");
}

// --- Issue 15, item 2: Ctrl-Z and fg ----------------------------------------------------

/// Stops the session with `stop` (a key or a signal), checks the terminal was given back,
/// continues it, and checks it is full screen again, redrawn, paused, and reading keys.
fn suspend_and_continue(stop: impl FnOnce(&mut Pty)) {
    let sandbox = sandbox();
    let mut pty = spawn(&sandbox, &["env"], 80, 24);
    start_step(&mut pty);
    let pid = pty.pid();
    stop(&mut pty);
    wait_for("the program to stop", || pty::stopped(pid));
    pty.pump_for(Duration::from_millis(200));
    assert!(
        !pty.vt().alternate_screen(),
        "stopped on the alternate screen\n{}",
        pty.dump()
    );
    assert!(
        !pty.vt().hide_cursor(),
        "stopped with a hidden cursor\n{}",
        pty.dump()
    );

    pty.signal("CONT");
    pty.wait_until("the whole frame again, paused", |pty| {
        pty.vt().alternate_screen()
            && pty.vt().hide_cursor()
            && pty.shows("Press gently")
            && pty.shows("The routine says:")
            && pty.shows("Paused")
            && pty.shows("Press space to resume")
            && pty.shows("q stop")
    });
    // Raw mode: one key, no Enter.
    pty.send(" ");
    pty.wait_gone("Paused");
    pty.send("q");
    answer_after_check(&mut pty);
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_terminal_restored();
}

#[test]
fn ctrl_z_in_a_session_stops_and_fg_redraws_it_paused() {
    suspend_and_continue(|pty| pty.send("\x1a"));
}

#[test]
fn sigtstp_in_a_session_restores_the_terminal_and_sigcont_takes_it_again() {
    suspend_and_continue(|pty| pty.signal("TSTP"));
}

// --- Issue 15, item 4: TERM=dumb ---------------------------------------------------------

#[test]
fn term_dumb_writes_not_one_escape_byte_through_a_whole_run() {
    let sandbox = sandbox();
    let mut pty = spawn(&sandbox, &["env", "TERM=dumb"], 80, 24);
    answer_questionnaire(&mut pty);
    pty.wait_for_output("Get ready");
    pty.send("n");
    pty.wait_for_output("Press gently");
    pty.send("?");
    pty.wait_for_output("this hurts");
    pty.send(" ");
    pty.wait_for_output("Press space to resume");
    pty.send(" ");
    pty.wait_for_output("Resumed.");
    pty.send("n");
    pty.wait_for_output("Switch to the right side.");
    answer_after_check(&mut pty);
    let finished = pty.finish();
    finished.assert_code(0);
    assert!(
        !finished.raw.contains(&0x1b),
        "an escape byte was written\n{}",
        finished.dump()
    );
}

#[test]
fn term_dumb_writes_no_escape_byte_when_a_signal_ends_a_question() {
    let sandbox = sandbox();
    let mut pty = spawn(&sandbox, &["env", "TERM=dumb"], 80, 24);
    answer_after(&mut pty, "How old", "years", "40");
    pty.wait_until("the second question", |pty| {
        let text = pty.text();
        matches!((text.rfind("chest pain"), text.rfind("[y/n]")), (Some(m), Some(p)) if p > m)
    });
    pty.signal("TERM");
    let finished = pty.finish();
    finished.assert_code(143);
    assert!(
        !finished.raw.contains(&0x1b),
        "an escape byte was written\n{}",
        finished.dump()
    );
}

// --- Issue 15, item 6: a terminal that reports 0x0 -------------------------------------

#[test]
fn a_terminal_that_reports_no_size_is_drawn_as_80x24() {
    let sandbox = sandbox();
    let mut pty = spawn(
        &sandbox,
        &["sh", "-c", "stty rows 0 cols 0; exec \"$0\" \"$@\""],
        80,
        24,
    );
    start_step(&mut pty);
    let screen = words(&pty.screen());
    assert!(screen.contains(STEP_TEXT), "{}", pty.dump());
    assert!(screen.contains("h hurts"), "{}", pty.dump());
    pty.send("q");
    answer_after_check(&mut pty);
    pty.finish().assert_code(0);
}

// --- Issue 15, item 7: small windows ------------------------------------------------------

#[test]
fn every_window_from_40x12_to_80x24_shows_the_instruction_its_caution_and_the_stop_keys() {
    let sandbox = sandbox();
    let mut pty = spawn(&sandbox, &["env"], 80, 24);
    start_step(&mut pty);
    pty.send(" "); // paused: the step stays while the window changes
    pty.wait_for("Paused");
    for (cols, rows) in [
        (40, 12),
        (44, 13),
        (50, 14),
        (60, 15),
        (70, 15),
        (80, 15),
        (60, 30),
        (80, 18),
        (80, 24),
    ] {
        pty.resize(cols, rows);
        pty.wait_until(&format!("the step whole at {cols}x{rows}"), |pty| {
            let screen = words(&pty.screen());
            screen.contains(STEP_TEXT)
                && screen.contains(CAUTION)
                && screen.contains("h hurts")
                && screen.contains("q stop")
                && pty.shows("Press")
        });
    }
    pty.send("q");
    answer_after_check(&mut pty);
    pty.finish().assert_code(0);
}

// --- Issue 16, items 3 and 4: large digits, changes not to miss --------------------------

/// Rows of the large digits on the screen.
fn digit_rows(screen: &str) -> usize {
    screen
        .lines()
        .filter(|l| l.contains('█') && l.chars().all(|c| c == '█' || c == ' '))
        .count()
}

#[test]
fn the_countdown_digits_grow_with_the_window() {
    let sandbox = sandbox();
    let mut pty = spawn(&sandbox, &["env"], 80, 24);
    start_step(&mut pty);
    pty.send(" ");
    pty.wait_for("Paused");
    let normal = digit_rows(&pty.screen());
    pty.resize(120, 40);
    pty.wait_until("larger digits at 120x40", |pty| {
        digit_rows(&pty.screen()) >= 2 * normal.max(5)
    });
    pty.resize(80, 24);
    pty.wait_until("the digits back to their size at 80x24", |pty| {
        digit_rows(&pty.screen()) == normal
    });
    pty.send("q");
    answer_after_check(&mut pty);
    pty.finish().assert_code(0);
}

#[test]
fn a_change_of_side_is_announced_large() {
    let sandbox = sandbox();
    let mut pty = spawn(&sandbox, &["env"], 80, 24);
    start_step(&mut pty);
    pty.send("n");
    pty.wait_for("left side");
    pty.wait_until(
        "the switch to the right side, on a line of its own",
        |pty| {
            pty.screen()
                .lines()
                .any(|line| line.trim() == "Switch to the right side")
        },
    );
    answer_after_check(&mut pty);
    pty.finish().assert_code(0);
}
