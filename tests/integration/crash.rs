//! A session ended by a crash (the process killed with SIGKILL: no handler runs, nothing is
//! saved as it ends) is kept beside the journal while it runs, so `resume` continues it
//! (docs/cli.md#commands).

use std::time::Duration;

use crate::everyday::{history_json, three_steps_sandbox};
use crate::harness::pty::wait_for_exit;

#[test]
fn a_session_killed_at_step_2_resumes_there() {
    let sandbox = three_steps_sandbox();
    let mut pty = crate::everyday::at_step_2(&sandbox);
    pty.signal("KILL");
    let pid = pty.hang_up();
    assert!(wait_for_exit(pid, Duration::from_secs(10)), "still running");

    // Read back as a session ended by a signal at step 2.
    let json = history_json(&sandbox);
    let sessions = json.as_array().expect("a list");
    assert_eq!(sessions.len(), 1, "{json}");
    assert_eq!(sessions[0]["ending"], "signal", "{json}");
    assert_eq!(sessions[0]["steps_done"], 1, "{json}");

    crate::everyday::resume_at_step_2_and_finish(&sandbox);

    let json = history_json(&sandbox);
    let sessions = json.as_array().expect("a list");
    assert_eq!(sessions.len(), 1, "{json}");
    assert_eq!(sessions[0]["steps_done"], 3, "{json}");
    assert_eq!(sessions[0]["ending"], "completed", "{json}");
    assert_eq!(sessions[0]["resumed"], true, "{json}");
    // Nothing is left beside the journal.
    let beside: Vec<String> = std::fs::read_dir(sandbox.journal().parent().expect("folder"))
        .expect("lists")
        .map_while(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("running") || name.contains("pending"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn a_resumed_session_killed_a_step_later_keeps_that_step_in_its_one_session() {
    use crate::pty_sessions::{answer_after_check, answer_questionnaire, begin_session};
    let sandbox = three_steps_sandbox();
    // Stopped with `q` at step 2 (one step done), and saved.
    let mut pty = crate::everyday::at_step_2(&sandbox);
    pty.send("q");
    answer_after_check(&mut pty, "1");
    pty.finish().assert_code(0);
    // Resumed at step 2, on to step 3, then killed outright.
    let mut pty = crate::harness::pty::Pty::spawn(&sandbox, &["resume"], 80, 24);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for_output("Resuming at step 2 of 3.");
    begin_session(&mut pty);
    pty.wait_for("Get ready");
    pty.send("n");
    pty.wait_for("Step 2 of 3");
    pty.send("\r");
    pty.wait_for("Step 3 of 3");
    pty.signal("KILL");
    let pid = pty.hang_up();
    assert!(wait_for_exit(pid, Duration::from_secs(10)), "still running");

    // The next command finds it: one session, with the step done after the resume.
    let json = history_json(&sandbox);
    let sessions = json.as_array().expect("a list");
    assert_eq!(sessions.len(), 1, "one session, not two: {json}");
    assert_eq!(sessions[0]["steps_done"], 2, "{json}");
    assert_eq!(sessions[0]["ending"], "signal", "{json}");
    assert_eq!(sessions[0]["resumed"], true, "{json}");
    assert!(sessions[0]["pain_after"].is_null(), "{json}");
    // And `resume` goes on from the step it was killed at.
    sandbox
        .test()
        .arg("resume")
        .stdin(format!(
            "{}\n{}",
            crate::everyday::questions(),
            crate::everyday::AFTER
        ))
        .run()
        .success()
        .stdout_contains("Resuming: Three steps, stopped at step 3.")
        .stdout_contains("Resuming at step 3 of 3.");
    let json = history_json(&sandbox);
    let sessions = json.as_array().expect("a list");
    assert_eq!(sessions.len(), 1, "{json}");
    assert_eq!(sessions[0]["steps_done"], 3, "{json}");
    assert_eq!(sessions[0]["ending"], "completed", "{json}");
}
