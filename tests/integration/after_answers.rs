//! The questions after a session, cut short or answered with an emergency sign: a "yes" to
//! a stroke sign ends the questions at once with the emergency advice (exit 3, as a safety
//! stop before a session), and whatever was answered before the questions were cut off
//! (end of input, Ctrl-C) is in the journal, where the next check finds it.

use serde_json::Value;

use crate::harness::dialog::nothing_to_report;
use crate::harness::fixtures::QUICK;
use crate::harness::{Output, Person, Test};

/// The first item of the after-check's list: a stroke sign (emergency).
const STROKE_ITEM: &str = "Your face drooped, or an arm or leg went weak or numb.";
/// The item after it, never asked once the first was a "yes".
const SPEECH_ITEM: &str = "Your speech was slurred";
const EMERGENCY: &str = "call your local emergency number";

fn quick(after: &str) -> Test {
    Test::new()
        .file("routines/quick.toml", QUICK)
        .args(["run", "quick"])
        .routines_dir("routines")
        .stdin(format!("{}{after}", nothing_to_report(&["neck"], 3)))
}

/// The one session `history --json` shows, in the sandbox of `output`.
fn the_session(output: &Output) -> Value {
    let out = output.test.test().args(["history", "--json"]).run();
    let sessions = out.success().json();
    assert_eq!(
        sessions.as_array().map(Vec::len),
        Some(1),
        "{}",
        out.context()
    );
    sessions[0].clone()
}

#[test]
fn a_stroke_sign_after_a_session_ends_the_questions_with_the_emergency_advice() {
    // Pain 2, "yes" to the list, "yes" to the stroke sign, and no more answers.
    let out = quick("2\ny\ny\n").run();
    out.code(3)
        .no_panic()
        .stdout_contains(EMERGENCY)
        .stderr_lacks("input ended");
    // Nothing is asked after the stroke sign: the advice comes next.
    let after = out
        .stdout
        .split(&format!("{STROKE_ITEM} [y/n]"))
        .nth(1)
        .unwrap_or_else(|| panic!("the stroke sign asked\n{}", out.context()));
    assert!(!after.contains("[y/n]"), "{}", out.context());
    assert!(!after.contains(SPEECH_ITEM), "{}", out.context());
    let s = the_session(&out);
    assert_eq!(s["pain_after"], 2, "{s}");
    assert_eq!(s["new_symptoms"], true, "{s}");
    // The next check finds it.
    out.test
        .test()
        .args(["check", "quick"])
        .routines_dir("routines")
        .answered_by(&Person::fine())
        .code(3)
        .stdout_contains("From your journal: You noticed new symptoms after your neck session");
}

#[test]
fn a_yes_to_a_symptom_is_kept_when_the_questions_are_cut_off() {
    // Pain 5, "yes" to the list, "no" to the four emergency signs, "yes" to dizziness, then
    // input ends before the last item.
    let out = quick("5\ny\nn\nn\nn\nn\ny\n").run();
    out.code(1)
        .no_panic()
        .stderr_contains("input ended")
        .stderr_contains("with the answers you gave");
    let s = the_session(&out);
    assert_eq!(s["pain_after"], 5, "{s}");
    assert_eq!(s["new_symptoms"], true, "{s}");
    out.test
        .test()
        .args(["check", "quick"])
        .routines_dir("routines")
        .answered_by(&Person::fine())
        .code(3)
        .stdout_contains("From your journal: You noticed new symptoms after your neck session");
}

#[test]
fn the_pain_after_is_kept_when_the_questions_are_cut_off_after_it() {
    let out = quick("5\n").run();
    // The advice for what was answered comes before the run ends: pain went up (3 → 5).
    out.code(1)
        .no_panic()
        .stderr_contains("input ended")
        .stderr_contains("the session is saved in your journal with the answers you gave")
        .stdout_contains(
            "Your pain went up (3 → 5). Stop this routine and follow up with your doctor.",
        );
    let s = the_session(&out);
    assert_eq!(s["pain_after"], 5, "{s}");
    // Not answered: never taken as "no".
    assert_eq!(s["new_symptoms"], Value::Null, "{s}");
    out.test
        .test()
        .args(["check", "quick"])
        .routines_dir("routines")
        .answered_by(&Person::fine())
        .code(3)
        .stdout_contains("From your journal: Your neck hurt more after your session");
}

#[test]
fn a_yes_to_the_list_alone_is_kept_as_a_new_symptom() {
    // "Yes" to the list, then input ends before any item.
    let out = quick("2\ny\n").run();
    out.code(1)
        .no_panic()
        .stdout_contains("New symptoms after massage are a sign to stop this routine.");
    let s = the_session(&out);
    assert_eq!(s["pain_after"], 2, "{s}");
    assert_eq!(s["new_symptoms"], true, "{s}");
}

/// The tester's report, in a real terminal: a session stopped with `q`, pain 2, "yes" to
/// the list and to the stroke sign. The emergency advice comes at once (it used to wait
/// behind the other signs, and Ctrl-C there lost it and the answer), exit 3.
#[cfg(unix)]
#[test]
fn in_a_terminal_a_stroke_sign_brings_the_emergency_advice_at_once() {
    use crate::pty_sessions::{sandbox, start_session};
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    pty.send("q");
    pty.wait_until("the main screen after the session", |pty| {
        !pty.vt().alternate_screen()
    });
    pty.reply("After the massage, how bad is the pain", "2");
    pty.reply("During or since the massage", "y");
    pty.reply(STROKE_ITEM, "y");
    pty.wait_for_output("emergency");
    let finished = pty.finish();
    finished.assert_code(3);
    finished.assert_terminal_restored();
    let rest = finished
        .text()
        .split(STROKE_ITEM)
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(
        !rest.contains(SPEECH_ITEM),
        "asked on after the sign:\n{rest}"
    );
    let out = sandbox.test().args(["history", "--json"]).run();
    let sessions = out.success().json();
    assert_eq!(sessions[0]["new_symptoms"], true, "{}", out.context());
}

/// Ctrl-C at the list after the pain score: exit 130, and the pain score is in the journal.
#[cfg(unix)]
#[test]
fn in_a_terminal_ctrl_c_after_the_pain_score_keeps_it() {
    use crate::pty_sessions::{sandbox, start_session};
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    pty.send("q");
    pty.wait_until("the main screen after the session", |pty| {
        !pty.vt().alternate_screen()
    });
    pty.reply("After the massage, how bad is the pain", "6");
    pty.wait_prompt("During or since the massage");
    pty.send("\x03");
    let finished = pty.finish();
    finished.assert_code(130);
    finished.assert_terminal_restored();
    let out = sandbox.test().args(["history", "--json"]).run();
    let sessions = out.success().json();
    assert_eq!(sessions[0]["pain_after"], 6, "{}", out.context());
    assert_eq!(
        sessions[0]["new_symptoms"],
        Value::Null,
        "{}",
        out.context()
    );
}
