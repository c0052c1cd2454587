//! Terminals that misbehave, as public bug reports of comparable tools describe them: a
//! paste, a burst of input, SIGQUIT, output piped through `cat`, `--plain` and `TERM=dumb`
//! prompts, piped answers on a narrow window, and terminals that cannot draw braille.
//!
//! Each test names the report it comes from.

use std::time::{Duration, Instant};

use crate::harness::pty::{Pty, TIMEOUT};
use crate::harness::{Sandbox, find};
use crate::pty_sessions::{
    ROUTINES, answer_questionnaire, args, sandbox, seconds_left, short_routine, skip_to_first_step,
    start_session, stop_and_finish, words_broken_at_the_edge,
};

/// The journal as `history --json` prints it.
fn journal(sandbox: &Sandbox) -> Vec<serde_json::Value> {
    let output = sandbox.test().args(["history", "--json"]).run();
    output.success();
    output.json().as_array().cloned().unwrap_or_default()
}

/// Waits for the countdown to move on (the loop has read what came before it: input wakes
/// it at once), then presses `n` and waits for step 2: the session still runs.
fn next_reaches_step_two(pty: &mut Pty) {
    let shown = seconds_left(&pty.screen());
    pty.wait_until("the countdown to move on", |pty| {
        seconds_left(&pty.screen()).is_some_and(|left| Some(left) != shown)
    });
    pty.send("n");
    pty.wait_for("Step 2 of 2");
}

// Reported against terminal timers and prompt libraries: text pasted into a running
// program is replayed as keys. Here "see the notes" stopped the session as "this hurts"
// (the `h` of "the") and blocked the next session of that area.
#[test]
fn a_bracketed_paste_during_a_session_does_nothing() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    assert!(
        pty.vt().bracketed_paste(),
        "bracketed paste is off during the session\n{}",
        pty.dump()
    );
    pty.send("\x1b[200~see the notes\x1b[201~");
    next_reaches_step_two(&mut pty);
    stop_and_finish(pty);
    let sessions = journal(&sandbox);
    assert!(
        !sessions.iter().any(|s| s.to_string().contains("hurts")),
        "the paste was recorded as \"this hurts\": {sessions:?}"
    );
}

// The same report, for a terminal that does not bracket pastes: the text arrives as fast
// as the terminal can send it, faster than anyone types.
#[test]
fn an_unbracketed_paste_during_a_session_does_nothing() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    pty.send("see the notes");
    next_reaches_step_two(&mut pty);
    stop_and_finish(pty);
}

// crossterm-rs/crossterm#813 (fix proposed in crossterm-rs/crossterm#1057): more than
// 1 KiB of input at once (a held key, a long paste) left the rest unread, so `q` did
// nothing until another key came, and the loop spun at 100 % CPU meanwhile.
#[test]
fn a_burst_of_input_is_read_to_the_end_and_q_still_stops() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    pty.send(&"x".repeat(3000));
    // The loop is idle again: its CPU time stops growing (a spinning loop uses a second of
    // CPU per second). Measured over a real second, but only as a share of CPU, so a slow
    // machine passes as surely as a fast one.
    pty.pump_for(Duration::from_millis(300));
    let pid = pty.pid();
    let before = cpu_ticks(pid);
    let start = Instant::now();
    pty.pump_for(Duration::from_secs(1));
    let used = cpu_ticks(pid).saturating_sub(before);
    let ticks = start.elapsed().as_secs_f64() * 100.0;
    assert!(
        (used as f64) < ticks / 2.0,
        "the session used {used} of {ticks:.0} clock ticks of CPU while waiting"
    );
    pty.send("q");
    pty.wait_for_output("Stopped early, after");
    assert!(start.elapsed() < TIMEOUT, "{}", pty.dump());
    answer_after(&mut pty);
    pty.finish().assert_code(0);
}

/// User and system CPU time of `pid` so far, in clock ticks (1/100 s on Linux).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    // After the name: state is field 3, utime 14 and stime 15 (1-based, see proc(5)).
    let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<u64>().ok());
    field(14).unwrap_or(0) + field(15).unwrap_or(0)
}

fn answer_after(pty: &mut Pty) {
    pty.reply("After the massage, how bad is the pain", "3");
    pty.reply("During or since the massage", "n");
}

// Reported against terminal timers: SIGQUIT (Ctrl-\) left the alternate screen on, the
// cursor hidden and the session lost, with exit 131.
#[test]
fn sigquit_mid_step_restores_the_terminal_saves_the_session_and_exits_131() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    pty.signal("QUIT");
    let finished = pty.finish();
    finished.assert_code(131);
    finished.assert_output_contains("Interrupted after");
    finished.assert_terminal_restored();
    let sessions = journal(&sandbox);
    assert_eq!(sessions.len(), 1, "the session was not saved: {sessions:?}");
}

// The same, with Ctrl-\ typed: in raw mode it is a key, not a signal.
#[test]
fn ctrl_backslash_mid_step_is_sigquit() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    pty.send("\x1c");
    let finished = pty.finish();
    finished.assert_code(131);
    finished.assert_terminal_restored();
    assert_eq!(journal(&sandbox).len(), 1);
}

/// `selfmassage ARGS | cat` in a `cols` x `rows` terminal (the answers typed).
fn piped_through_cat(sandbox: &Sandbox, extra: &str, cols: u16, rows: u16) -> Pty {
    let mut command = format!("{} {extra}", crate::harness::sandbox::BIN);
    for arg in args(sandbox, None) {
        command.push(' ');
        command.push_str(&shell_quote(&arg));
    }
    command.push_str(" | cat");
    Pty::spawn_program(sandbox, "sh".as_ref(), &["-c", &command], cols, rows)
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

// Reported against terminal timers: `timer | tee log` staircases across the screen,
// because the terminal is raw while lines end in a bare "\n".
#[test]
fn a_session_piped_through_cat_does_not_staircase() {
    let sandbox = Sandbox::new();
    sandbox.write(format!("{ROUTINES}/quick.toml"), short_routine());
    let mut pty = piped_through_cat(&sandbox, "", 80, 200);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for_output("Get ready");
    pty.send("n");
    pty.wait_for_output("Step 1 of 2: One");
    // The session's last lines come through `cat`, and may land after the question is
    // drawn: answer by the text, not by the prompt's row.
    pty.wait_for_output("After the massage, how bad is the pain");
    pty.send("3\r");
    pty.wait_for_output("During or since the massage");
    pty.send("n\r");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_prompt_restored();
    let rows = finished.all_rows(80, 200);
    let indented: Vec<&String> = rows
        .iter()
        .map(|(row, _)| row)
        .filter(|row| {
            ["Step 1 of 2", "Step 2 of 2", "Keys:", "Get ready"]
                .iter()
                .any(|line| row.contains(line) && !row.trim_start().starts_with(line))
        })
        .collect();
    assert!(
        indented.is_empty(),
        "lines start where the last one ended: {indented:?}\n{}",
        finished.dump()
    );
}

// Reported against prompt libraries: `--plain` (offered for screen readers) still sent
// colour and cursor movement codes while asking.
#[test]
fn plain_prompts_write_no_escape_byte() {
    let sandbox = sandbox();
    let mut arguments = vec!["--plain".to_string(), "check".to_string()];
    arguments.extend(args(&sandbox, None));
    let mut pty = Pty::spawn(&sandbox, &arguments, 80, 24);
    answer_questionnaire(&mut pty, "3");
    let finished = pty.finish();
    finished.assert_code(0);
    let escape = find(&finished.raw, b"\x1b");
    assert!(
        escape.is_none(),
        "an escape byte at {escape:?}\n{}",
        finished.dump()
    );
}

// A new-user trial: `--plain neck` on a terminal, and "3" typed at a yes/no question ended
// the questionnaire ("\"3\" is not an answer ...", nothing started): the person had to
// start over. A person typing is told what to type and asked the same question again, in
// plain lines still.
#[test]
fn plain_prompts_ask_a_person_again_after_a_typo() {
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["--plain", "neck"], 80, 24);
    let prompts = crate::harness::dialog::nothing_to_report_prompts(&["neck"], 3);
    let first = prompts
        .iter()
        .position(|(_, hint, _)| *hint == "[y/n]")
        .expect("a yes/no question");
    for (marker, _, answer) in &prompts[..first] {
        pty.reply(marker, answer);
    }
    let (question, _, _) = &prompts[first];
    pty.reply(question, "3");
    pty.wait_prompt("Type y or n, then Enter.");
    assert!(
        !pty.text().contains("is not an answer"),
        "the typo ended the questions\n{}",
        pty.dump()
    );
    pty.reply_here("n");
    let (next, _, _) = &prompts[first + 1];
    pty.wait_prompt(next);
    let asked = pty.raw().to_vec();
    pty.send("\x03");
    let finished = pty.finish();
    finished.assert_code(130);
    // The hint on a line of its own, then the same question again.
    let text = String::from_utf8_lossy(&asked);
    let hint_at = text.find("\nType y or n, then Enter.\r\n");
    assert!(hint_at.is_some(), "{}", finished.dump());
    let letters = |t: &str| {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    assert!(
        letters(&text[hint_at.unwrap_or(0)..]).contains(&letters(question)),
        "the question was not asked again\n{}",
        finished.dump()
    );
    let escape = find(&asked, b"\x1b");
    assert!(
        escape.is_none(),
        "an escape byte at {escape:?}\n{}",
        finished.dump()
    );
}

// The same with `TERM=dumb`, which understands no escape sequence at all.
#[test]
fn dumb_terminal_prompts_write_no_escape_byte() {
    let sandbox = sandbox();
    let mut arguments = vec![
        "TERM=dumb".to_string(),
        crate::harness::sandbox::BIN.to_string(),
        "check".to_string(),
    ];
    arguments.extend(args(&sandbox, None));
    let mut pty = Pty::spawn_program(&sandbox, "env".as_ref(), &arguments, 80, 24);
    answer_questionnaire(&mut pty, "3");
    let finished = pty.finish();
    finished.assert_code(0);
    assert!(
        find(&finished.raw, b"\x1b").is_none(),
        "{}",
        finished.dump()
    );
}

// The README's own `printf ... | selfmassage check neck` on a 60-column terminal broke
// words at the edge ("short of breat" / "h").
#[test]
fn piped_answers_on_a_60_column_terminal_wrap_between_words() {
    let sandbox = Sandbox::new();
    // Nothing to report, pain 3: each answer a line, as `printf` takes them.
    let answers = crate::harness::dialog::nothing_to_report(&["neck"], 3).replace('\n', "\\n");
    let command = format!(
        "printf '{answers}' | {} check neck",
        crate::harness::sandbox::BIN
    );
    let pty = Pty::spawn_program(&sandbox, "sh".as_ref(), &["-c", &command], 60, 200);
    let finished = pty.finish();
    let rows = finished.all_rows(60, 200);
    let broken = words_broken_at_the_edge(&rows, 60);
    assert!(broken.is_empty(), "{broken:?}\n{}", finished.dump());
    finished.assert_code(0);
    let words = finished
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("sudden breathlessness"),
        "{}",
        finished.dump()
    );
}

/// `selfmassage list` in a `cols`-column window: no word runs over the edge.
fn list_in_a_window(cols: u16) {
    let sandbox = Sandbox::new();
    let pty = Pty::spawn(&sandbox, &["list"], cols, 100);
    let finished = pty.finish();
    finished.assert_code(0);
    // Rows the terminal itself continued (a line exactly as wide as the window is not).
    let rows = finished.all_rows(cols, 100);
    let broken: Vec<String> = words_broken_at_the_edge(&rows, cols)
        .into_iter()
        .filter(|pair| {
            rows.iter()
                .any(|(row, wrapped)| *wrapped && pair.starts_with(&format!("{row:?}")))
        })
        .collect();
    assert!(broken.is_empty(), "{broken:?}\n{}", finished.dump());
    assert!(
        finished.text().contains("lower-back-chair"),
        "{}",
        finished.dump()
    );
}

// A new user's report: `list` did not wrap to the window, and broke words at 60 columns.
#[test]
fn list_at_60_columns_breaks_no_word() {
    list_in_a_window(60);
}

// The same report, at 40 columns.
#[test]
fn list_at_40_columns_breaks_no_word() {
    list_in_a_window(40);
}

// A new user's report: `list --area back` said there were no routines, though
// `selfmassage back` works; and the `back` chooser left out lower-back-chair.
#[test]
fn list_area_back_lists_what_back_finds() {
    let sandbox = Sandbox::new();
    let output = sandbox.test().args(["list", "--area", "back"]).run();
    output.success();
    for id in [
        "lower-back",
        "lower-back-chair",
        "tennis-ball",
        "upper-back",
    ] {
        output.stdout_contains(&format!("  {id} "));
    }
    output.stdout_lacks("neck");
}

// Reported for fish: completions offered files where `short standard long`, shell names
// and routine names are expected (bash had them).
#[test]
fn fish_completions_complete_values() {
    let output = Sandbox::new().test().args(["completions", "fish"]).run();
    output.success();
    output.stdout_contains("-l length");
    output.stdout_contains("-a \"short standard long\"");
    output.stdout_lacks("\\t''");
    output.stdout_contains(
        "__fish_selfmassage_using_subcommand completions\" -f -a \"bash zsh fish elvish powershell\"",
    );
    let stdout = &output.stdout;
    for subcommand in [
        "needs_command",
        "using_subcommand run",
        "using_subcommand show",
    ] {
        assert!(
            stdout.lines().any(|line| line.contains(subcommand)
                && line.contains(" -f -a ")
                && line.contains(" lower-back-chair ")),
            "no routine names for {subcommand}\n{stdout}"
        );
    }
}

// A new user's report: Esc in the routine chooser printed "could not ask which routine to
// run: interrupted" (also for `show`). The choice left with Esc or Ctrl-D is a question
// left unanswered: exit 1, naming the routines to type.
#[test]
fn esc_or_ctrl_d_in_the_chooser_exits_1_naming_the_routines() {
    for (subcommand, key, name) in [("run", "\x1b", "Esc"), ("show", "\x04", "Ctrl-D")] {
        let sandbox = Sandbox::new();
        let mut pty = Pty::spawn(&sandbox, &[subcommand, "back"], 80, 24);
        pty.wait_for("fits several routines");
        pty.wait_prompt("Which one? 1-4");
        pty.send(key);
        let finished = pty.finish();
        finished.assert_code(1);
        let said = finished.words();
        assert!(
            said.contains(&format!(
                "\"back\" fits several routines and none was chosen ({name}): name one of \
                 lower-back, lower-back-chair, tennis-ball, upper-back"
            )) && !said.contains("could not ask"),
            "{}",
            finished.dump()
        );
        finished.assert_prompt_restored();
    }
}

// A new user's report: the man page had no section on the session keys or on what each
// verdict means.
#[test]
fn the_man_page_explains_the_session_keys_and_the_verdicts() {
    let output = Sandbox::new().test().arg("man").run();
    output.success();
    output.stdout_contains(".SH \"SESSION KEYS\"");
    output.stdout_contains("this hurts: stop now");
    output.stdout_contains(".SH VERDICTS");
    for verdict in ["Go ahead gently", "Not today", "Talk to your doctor first"] {
        output.stdout_contains(verdict);
    }
    output.stdout_contains("131");
}
