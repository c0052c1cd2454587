//! Everyday use: steps with no timer, `resume`, `again`, notes, correcting the journal and
//! `new --from`, from the user's side.

use std::time::Duration;

use crate::harness::pty::{Finished, Pty};
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

/// The questionnaire's answers for a neck routine, one line each, from the library: nothing
/// to report, pain 3.
pub(crate) fn questions() -> String {
    crate::harness::dialog::nothing_to_report(&["neck"], 3)
}
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
    pty.reply("After the massage, how bad is the pain", "2");
    pty.reply("During or since the massage", "n");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_output_contains("Done: all 3 steps");
}

#[test]
fn piped_one_line_ends_an_untimed_step() {
    Test::new()
        .routine_file("untimed.toml", UNTIMED_ROUTINE)
        .arg("untimed")
        .stdin(format!("{}\n\n{AFTER}", questions()))
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
        .stdin(questions())
        .run();
    output
        .code(1)
        .stdout_contains("Stopped.")
        .stdout_contains("Stopped early, after 0 of 3 steps");
    let json = history_json(&output.test);
    assert_eq!(json[0]["ending"], "stopped", "{json}");
}

// --- resume and again -------------------------------------------------------------------

/// Three steps, each waiting for Enter, so a test decides when each is done.
const THREE_STEPS: &str = r#"title = "Three steps"
areas = ["neck"]
summary = "Three steps that wait for Enter."

[[steps]]
title = "First"
text = "The first step."
untimed = true
pressure = "light"

[[steps]]
title = "Second"
text = "The second step."
untimed = true
pressure = "light"

[[steps]]
title = "Third"
text = "The third step."
untimed = true
pressure = "light"
"#;

/// `three` in an 80x24 terminal, the questions answered, run to the start of step 2.
pub(crate) fn at_step_2(sandbox: &Sandbox) -> Pty {
    let mut pty = Pty::spawn(sandbox, &["three"], 80, 24);
    answer_questionnaire(&mut pty, "3");
    begin_session(&mut pty);
    pty.wait_for("Get ready");
    pty.send("n");
    pty.wait_for("Step 1 of 3");
    pty.send("\r");
    pty.wait_for("Step 2 of 3");
    pty
}

pub(crate) fn three_steps_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write(sandbox.user_routines().join("three.toml"), THREE_STEPS);
    sandbox
}

#[test]
fn a_window_closed_at_step_2_resumes_there_after_the_questions_as_one_session() {
    let sandbox = three_steps_sandbox();
    let pty = at_step_2(&sandbox);
    let pid = pty.hang_up();
    assert!(
        crate::harness::pty::wait_for_exit(pid, Duration::from_secs(10)),
        "still running after its window closed"
    );

    let finished = resume_at_step_2_and_finish(&sandbox);
    finished.assert_output_contains("Done: all 2 steps");

    let json = history_json(&sandbox);
    let sessions = json.as_array().expect("a list");
    assert_eq!(sessions.len(), 1, "{json}");
    assert_eq!(sessions[0]["steps_done"], 3, "{json}");
    assert_eq!(sessions[0]["steps_total"], 3, "{json}");
    assert_eq!(sessions[0]["ending"], "completed", "{json}");
    assert_eq!(sessions[0]["resumed"], true, "{json}");
    assert_eq!(sessions[0]["pain_after"], 2, "{json}");
    // Nothing is left to resume.
    sandbox
        .test()
        .arg("resume")
        .run()
        .code(2)
        .stderr_contains("nothing to resume");
}

/// Records one session of `three` that stopped at step 2, started `hours_ago`.
fn stopped_at_step_2(sandbox: &Sandbox, hours_ago: i64) {
    ended_at_step_2(sandbox, hours_ago, selfmassage::journal::Ending::Stopped);
}

/// Records one session of `three` that ended as `ending` at step 2, started `hours_ago`.
fn ended_at_step_2(sandbox: &Sandbox, hours_ago: i64, ending: selfmassage::journal::Ending) {
    use selfmassage::journal::{Journal, SessionNotes, SessionRecord};
    use selfmassage::safety::VerdictKind;
    let started_at = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(hours_ago);
    let mut journal = Journal::open(&sandbox.journal()).expect("opens");
    journal
        .record_noted(
            &SessionRecord {
                started_at,
                ended_at: started_at,
                routines: vec!["three".into()],
                areas: vec!["neck".into()],
                verdict: VerdictKind::GoAhead,
                pain_before: None,
                pain_after: None,
                new_symptoms: None,
                steps_done: 1,
                steps_total: 3,
                ending,
            },
            &SessionNotes {
                stopped_at_step: Some(2),
                ..SessionNotes::default()
            },
        )
        .expect("records");
}

#[test]
fn a_stopped_session_resumes_piped_and_not_after_twelve_hours() {
    let sandbox = three_steps_sandbox();
    stopped_at_step_2(&sandbox, 11);
    sandbox
        .test()
        .arg("resume")
        .stdin(format!("{}\n\n{AFTER}", questions()))
        .run()
        .success()
        .stdout_contains("Resuming: Three steps, stopped at step 2.")
        .stdout_contains("Resuming at step 2 of 3.")
        .stdout_lacks("Step 1 of 3")
        .stdout_contains("Step 2 of 3: Second");

    let old = three_steps_sandbox();
    stopped_at_step_2(&old, 13);
    old.test()
        .arg("resume")
        .stdin(questions())
        .run()
        .code(2)
        .stderr_contains(
            "nothing to resume: your last unfinished session started more than 12 hours ago",
        );
}

#[test]
fn a_resumed_session_ended_by_a_signal_keeps_no_pain_after_from_before() {
    let sandbox = three_steps_sandbox();
    // Stopped with `q` at step 2, pain 3 → 1.
    let mut pty = at_step_2(&sandbox);
    pty.send("q");
    answer_after_check(&mut pty, "1");
    pty.finish().assert_code(0);
    assert_eq!(history_json(&sandbox)[0]["pain_after"], 1);
    // Resumed, then ended by SIGTERM before its own after-check.
    let mut pty = Pty::spawn(&sandbox, &["resume"], 80, 24);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for_output("Resuming at step 2 of 3.");
    begin_session(&mut pty);
    pty.wait_for("Get ready");
    pty.signal("TERM");
    pty.finish().assert_code(143);
    let json = history_json(&sandbox);
    let sessions = json.as_array().expect("a list");
    assert_eq!(sessions.len(), 1, "{json}");
    assert_eq!(sessions[0]["resumed"], true, "{json}");
    assert_eq!(sessions[0]["ending"], "signal", "{json}");
    assert_eq!(sessions[0]["pain_before"], 3, "{json}");
    assert!(sessions[0]["pain_after"].is_null(), "{json}");
}

#[test]
fn resume_says_why_not_after_this_hurts_or_a_clock_set_back() {
    let hurt = three_steps_sandbox();
    ended_at_step_2(&hurt, 1, selfmassage::journal::Ending::Hurts);
    hurt.test()
        .arg("resume")
        .stdin(questions())
        .run()
        .code(2)
        .stderr_contains("nothing to resume: your last session stopped with \"this hurts\".")
        .stderr_contains("not right for you today")
        .stderr_lacks("part way")
        .stderr_lacks("selfmassage again");
    // Started two hours "from now": the clock was set back since.
    let later = three_steps_sandbox();
    stopped_at_step_2(&later, -2);
    later
        .test()
        .arg("resume")
        .stdin(questions())
        .run()
        .code(2)
        .stderr_contains("a start time later than now: the computer's clock may have changed")
        .stderr_lacks("12 hours");
}

#[test]
fn nothing_to_resume_after_a_newer_session_or_in_an_empty_journal() {
    let sandbox = three_steps_sandbox();
    sandbox
        .test()
        .arg("resume")
        .run()
        .code(2)
        .stderr_contains("nothing to resume: there is no session in your journal yet");
    stopped_at_step_2(&sandbox, 1);
    // A newer session (run to its end) since.
    sandbox
        .test()
        .arg("three")
        .stdin(format!("{}\n\n\n{AFTER}", questions()))
        .run()
        .success();
    sandbox
        .test()
        .arg("resume")
        .stdin(questions())
        .run()
        .code(2)
        .stderr_contains("nothing to resume");
}

#[test]
fn q_says_resume_continues() {
    Test::new()
        .routine_file("three.toml", THREE_STEPS)
        .arg("three")
        .stdin(questions())
        .run()
        .code(1)
        .stdout_contains("`selfmassage resume` continues.");
}

#[test]
fn again_runs_the_routines_of_the_last_session_questions_first() {
    let sandbox = three_steps_sandbox();
    sandbox
        .test()
        .args(["again"])
        .run()
        .code(2)
        .stderr_contains("nothing to run again");
    sandbox
        .test()
        .arg("three")
        .stdin(format!("{}\n\n\n{AFTER}", questions()))
        .run()
        .success();
    sandbox
        .test()
        .args(["again", "--note", "after yoga <script>alert(1)</script>"])
        .stdin(format!("{}\n\n\n{AFTER}", questions()))
        .run()
        .success()
        .stdout_contains("Again: Three steps.")
        .stdout_contains("Safety questions first.")
        .stdout_contains("Three steps: 3 steps");
    let json = history_json(&sandbox);
    let sessions = json.as_array().expect("a list");
    assert_eq!(sessions.len(), 2, "{json}");
    assert_eq!(sessions[1]["routines"][0], "three", "{json}");
    assert_eq!(
        sessions[1]["note"], "after yoga <script>alert(1)</script>",
        "{json}"
    );
}

/// `resume` in a terminal for a session of `three_steps_sandbox` stopped at step 2: the
/// questions again, always, then step 2 and step 3 ended with Enter, and the after-check.
pub(crate) fn resume_at_step_2_and_finish(sandbox: &Sandbox) -> Finished {
    let mut pty = Pty::spawn(sandbox, &["resume"], 80, 24);
    // The questions again, always.
    answer_questionnaire(&mut pty, "3");
    pty.wait_for_output("Resuming at step 2 of 3.");
    begin_session(&mut pty);
    pty.wait_for("Get ready");
    pty.send("n");
    pty.wait_until("step 2 after get ready", |pty| {
        let screen = pty.screen();
        screen.contains("Step 2 of 3") && screen.contains("The second step.")
    });
    pty.send("\r");
    pty.wait_for("Step 3 of 3");
    pty.send("\r");
    answer_after_check(&mut pty, "2");
    let finished = pty.finish();
    finished.assert_code(0);
    finished
}
