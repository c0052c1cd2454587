//! Issue 16, item 2: the verdict, its reasons and every warning stay on screen until the
//! person presses Enter or space; only then does the full-screen view take the screen.
//! Without a terminal nothing waits (the piped and `--plain` session tests run straight
//! through).

use std::time::Duration;

use crate::harness::pty::Pty;
use crate::pty_sessions::{answer_questionnaire, args, sandbox, stop_and_finish};

/// The line that asks the person to begin.
const BEGIN: &str = "Press Enter or space to begin, or q to leave.";

/// `selfmassage quick` in an 80x24 terminal with the questionnaire answered ("go ahead").
fn at_the_verdict(sandbox: &crate::harness::Sandbox, extra: &[&str]) -> Pty {
    let mut arguments = args(sandbox, None);
    arguments.extend(extra.iter().map(|a| a.to_string()));
    let mut pty = Pty::spawn(sandbox, &arguments, 80, 24);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for(BEGIN);
    pty
}

/// Presses `key` and waits for the full-screen view's first whole frame.
fn begin_with(pty: &mut Pty, key: &str) {
    pty.send(key);
    pty.wait_until("the full-screen view", |pty| {
        pty.vt().alternate_screen() && pty.shows("Get ready") && pty.shows("space pause")
    });
}

/// The journal holds no session.
fn assert_nothing_saved(sandbox: &crate::harness::Sandbox) {
    let output = sandbox.test().args(["history", "--json"]).run();
    output.success();
    let sessions = output.json();
    assert_eq!(
        sessions.as_array().map(Vec::len),
        Some(0),
        "a session that never began was saved: {sessions}"
    );
}

#[test]
fn the_verdict_stays_on_screen_until_enter_then_the_view_takes_over() {
    let sandbox = sandbox();
    let mut pty = at_the_verdict(&sandbox, &[]);
    // Two seconds later, still on the main screen with the verdict in view.
    pty.pump_for(Duration::from_secs(2));
    assert!(!pty.vt().alternate_screen(), "{}", pty.dump());
    for text in ["Go ahead.", "Use comfortable pressure", BEGIN] {
        assert!(pty.shows(text), "{text:?} left the screen:\n{}", pty.dump());
    }
    begin_with(&mut pty, "\r");
    // "Get ready" once: the title says it, the header does not repeat it.
    let screen = pty.screen();
    assert_eq!(screen.matches("Get ready").count(), 1, "{screen}");
    stop_and_finish(pty);
}

#[test]
fn space_begins_too() {
    let sandbox = sandbox();
    let mut pty = at_the_verdict(&sandbox, &[]);
    // A session key typed too early does nothing here.
    pty.send("n");
    pty.pump_for(Duration::from_millis(300));
    assert!(!pty.vt().alternate_screen(), "{}", pty.dump());
    begin_with(&mut pty, " ");
    stop_and_finish(pty);
}

#[test]
// A new user's report: the warning that no speech program was found came after all the
// questions, when it could no longer change the answer to "go on?".
fn a_missing_speech_program_is_said_before_the_questions() {
    let sandbox = sandbox();
    sandbox.write(
        "config/selfmassage/config.toml",
        "speak_command = \"/nonexistent/speaker\"\n",
    );
    let mut pty = at_the_verdict(&sandbox, &["--speak"]);
    pty.pump_for(Duration::from_secs(2));
    assert!(!pty.vt().alternate_screen(), "{}", pty.dump());
    let text = pty.text();
    let warned = text.find("was not found");
    let asked = text.find(crate::harness::dialog::AGE_QUESTION);
    assert!(
        warned.is_some() && warned < asked,
        "the warning is not before the first question\n{}",
        pty.dump()
    );
    assert!(pty.shows("Go ahead."), "{}", pty.dump());
    begin_with(&mut pty, "\r");
    stop_and_finish(pty);
}

#[test]
fn q_at_the_verdict_leaves_without_starting_or_saving() {
    let sandbox = sandbox();
    let mut pty = at_the_verdict(&sandbox, &[]);
    pty.send("q");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_output_contains("Not started; nothing was saved.");
    // The view never took the screen: the modes of the prompts are what to check.
    finished.assert_prompt_restored();
    assert!(
        !finished
            .text()
            .contains("After the massage, how bad is the pain"),
        "{}",
        finished.dump()
    );
    assert_nothing_saved(&sandbox);
}

#[test]
fn ctrl_c_at_the_verdict_exits_130_and_restores_the_terminal() {
    let sandbox = sandbox();
    let mut pty = at_the_verdict(&sandbox, &[]);
    pty.send("\x03");
    let finished = pty.finish();
    finished.assert_code(130);
    finished.assert_prompt_restored();
    assert_nothing_saved(&sandbox);
}

// Ctrl-\ did nothing at the verdict; everywhere else it quits, as SIGQUIT does.
#[test]
fn ctrl_backslash_at_the_verdict_exits_131_and_restores_the_terminal() {
    let sandbox = sandbox();
    let mut pty = at_the_verdict(&sandbox, &[]);
    pty.send("\x1c");
    let finished = pty.finish();
    finished.assert_code(131);
    finished.assert_prompt_restored();
    assert_nothing_saved(&sandbox);
}

#[test]
fn ctrl_z_at_the_verdict_stops_and_asks_again_once_continued() {
    let sandbox = sandbox();
    let mut pty = at_the_verdict(&sandbox, &[]);
    pty.send("\x1a");
    // Stopped: the terminal is given back (raw mode off) while it waits for SIGCONT.
    pty.pump_for(Duration::from_millis(500));
    pty.signal("CONT");
    pty.wait_until("the question asked again", |pty| {
        pty.text().matches(BEGIN).count() >= 2
    });
    begin_with(&mut pty, "\r");
    stop_and_finish(pty);
}
