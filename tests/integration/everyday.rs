//! Everyday use: steps with no timer, `resume`, `again`, notes, correcting the journal and
//! `new --from`, from the user's side.

use std::time::Duration;

use crate::harness::pty::Pty;
use crate::harness::{Sandbox, Test};
use crate::pty_sessions::{answer_after_check, answer_questionnaire, begin_session};

/// Three steps: "Lie down" with no timer, "Press" for one second, "Roll off" with no timer.
const UNTIMED_ROUTINE: &str = r#"title = "Untimed test"
areas = ["neck"]
summary = "A routine with steps that wait for the person."

[[steps]]
title = "Lie down"
text = "Lie down on the floor."
untimed = true
pressure = "light"

[[steps]]
title = "Press"
text = "Press gently."
seconds = 1
pressure = "light"

[[steps]]
title = "Roll off"
text = "Roll off and get up slowly."
untimed = true
pressure = "light"
"#;

/// The questionnaire's answers for a neck routine, one line each: no to every group, pain
/// 3, not ongoing, cause known.
pub(crate) const QUESTIONS: &str = "n\nn\nn\nn\n3\nn\ny\n";
/// The after-check: pain 2, no new symptoms.
pub(crate) const AFTER: &str = "2\nn\n";

/// A sandbox with `untimed` in the user's routine folder.
fn untimed_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write(
        sandbox.user_routines().join("untimed.toml"),
        UNTIMED_ROUTINE,
    );
    sandbox
}

/// The journal as `history --json` prints it.
pub(crate) fn history_json(sandbox: &Sandbox) -> serde_json::Value {
    let output = sandbox.test().args(["history", "--json"]).run();
    output.success();
    output.json()
}

// --- Untimed steps ----------------------------------------------------------------------

#[test]
fn an_untimed_step_shows_no_countdown_waits_and_enter_moves_on() {
    let sandbox = untimed_sandbox();
    let mut pty = Pty::spawn(&sandbox, &["untimed"], 80, 24);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for_output("plus untimed steps");
    begin_session(&mut pty);
    pty.wait_for("Get ready");
    pty.send("n");
    pty.wait_for("Press Enter when you are done");
    let step_one = |pty: &Pty| {
        let screen = pty.screen();
        screen.contains("Step 1 of 3")
            && screen.contains("Lie down on the floor.")
            && screen.contains("Press Enter when you are done")
            && !screen.contains("left in this step")
    };
    assert!(step_one(&pty), "{}", pty.dump());
    // Longer than any timed step of the routine: it is still there.
    pty.pump_for(Duration::from_secs(3));
    assert!(step_one(&pty), "{}", pty.dump());
    // + has nothing to add to, and says so.
    pty.send("+");
    pty.wait_for("This step has no timer");
    // Enter moves on; b comes back; n moves on again.
    pty.send("\r");
    pty.wait_for("Step 2 of 3");
    pty.send("b");
    pty.wait_for("Back to step 1");
    assert!(step_one(&pty), "{}", pty.dump());
    pty.send("n");
    // Step 2 runs out by itself; step 3 waits.
    pty.wait_until("step 3 waiting", |pty| {
        let screen = pty.screen();
        screen.contains("Step 3 of 3") && screen.contains("Press Enter when you are done")
    });
    pty.send("\r");
    answer_after_check(&mut pty, "2");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_output_contains("Done: all 3 steps");
    let json = history_json(&sandbox);
    assert_eq!(json[0]["steps_done"], 3, "{json}");
    assert_eq!(json[0]["ending"], "completed", "{json}");
}

#[test]
fn plain_on_a_terminal_enter_ends_an_untimed_step() {
    let sandbox = untimed_sandbox();
    let mut pty = Pty::spawn(&sandbox, &["--plain", "untimed"], 80, 24);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for("Step 1 of 3: Lie down (no timer)");
    pty.pump_for(Duration::from_secs(2));
    assert!(!pty.text().contains("Step 2 of 3"), "{}", pty.dump());
    pty.send("\r");
    pty.wait_for("Step 3 of 3: Roll off (no timer)");
    pty.send("\r");
    pty.reply("How is the pain now", "2");
    pty.reply("any of these new symptoms now?", "n");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_output_contains("Done: all 3 steps");
}

#[test]
fn piped_one_line_ends_an_untimed_step() {
    Test::new()
        .routine_file("untimed.toml", UNTIMED_ROUTINE)
        .arg("untimed")
        .stdin(format!("{QUESTIONS}\n\n{AFTER}"))
        .run()
        .success()
        .stdout_contains("3 steps, 0:09 in all plus untimed steps.")
        .stdout_contains("Step 1 of 3: Lie down (no timer)")
        .stdout_contains("Press Enter when you are done.")
        .stdout_contains("Done: all 3 steps");
}

#[test]
fn piped_end_of_input_at_an_untimed_step_stops_the_session_early() {
    let output = Test::new()
        .routine_file("untimed.toml", UNTIMED_ROUTINE)
        .arg("untimed")
        .stdin(QUESTIONS)
        .run();
    output
        .code(1)
        .stdout_contains("Stopped.")
        .stdout_contains("Stopped after 0 of 3 steps");
    let json = history_json(&output.test);
    assert_eq!(json[0]["ending"], "stopped", "{json}");
}
