//! A closed output pipe (`selfmassage check neck | head -1`): quiet, but `check` and `run`
//! never exit 0 when their output closed before the verdict or the session's end, so a
//! cut-off safety check cannot read as "go ahead" (DESIGN.md §2, issue 15 item 5).

use crate::harness::Test;
use crate::harness::dialog::nothing_to_report;

/// `selfmassage ARGS` with its output read by `head -1`, and `answers` on stdin only once
/// `head` has gone, so that whatever the program writes after its first answer meets a closed
/// pipe however the processes are scheduled; prints the program's exit code (bash's
/// PIPESTATUS) on stderr.
fn through_head(args: &str, answers: &str) -> crate::harness::Output {
    Test::new()
        .file("answers.txt", answers)
        .file(
            "routines/quick.toml",
            "title = \"Quick\"\nareas = [\"neck\"]\nsummary = \"s\"\n\n[[steps]]\npressure = \"light\"\ntitle = \"One\"\ntext = \"Press.\"\nseconds = 1\n",
        )
        .shell(&format!(
            "bash -c '{{ until [ -e head-gone ]; do sleep 0.01; done; cat answers.txt; }} \
             | \"$BIN\" {args} | {{ head -1 > /dev/null; exec <&-; touch head-gone; }}; \
             echo \"code=${{PIPESTATUS[1]}}\" >&2'"
        ))
        .run()
}

#[test]
fn a_check_cut_off_before_its_verdict_exits_1_even_with_a_red_flag() {
    // "Yes" to the emergency list and to its first item: a safety stop, unread.
    let out = through_head("check neck", "y\ny\n");
    out.success()
        .stderr_contains("code=1")
        .stderr_lacks("code=0")
        .stderr_lacks("code=3");
}

#[test]
fn a_check_cut_off_on_the_healthy_path_is_not_a_go_ahead() {
    let out = through_head("check neck", &nothing_to_report(&["neck"], 2));
    out.success().stderr_contains("code=1");
}

#[test]
fn a_run_piped_into_head_exits_1() {
    let out = through_head(
        "run quick --routines-dir routines",
        &format!("{}2\nn\n", nothing_to_report(&["neck"], 2)),
    );
    out.success().stderr_contains("code=1");
}

#[test]
fn a_listing_into_a_closed_pipe_still_ends_quietly_with_0() {
    let out = through_head("list", "");
    out.success()
        .stderr_contains("code=0")
        .stderr_lacks("Broken pipe");
}
