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
