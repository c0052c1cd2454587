//! Real-terminal tests: the program runs in a pseudo-terminal, keys are typed one by one,
//! and the screen is read back through a terminal emulator (`vt100`). Each test checks what
//! a person would see, the exit code, and that the terminal is left as it was found.
//!
//! Unix only (pseudo-terminals, signals, `stty`).

use std::time::{Duration, Instant};

use selfmassage::routine::Origin;
use selfmassage::routine::schema::parse_routine;
use selfmassage::safety::{ListKind, SafetyData};

use crate::harness::pty::{self, Finished, Pty, TIMEOUT};
use crate::harness::{Sandbox, Test, find};

/// A routine with no red flags or cautions, in an area with no warning signs of its own:
/// the questionnaire is the general questions in four groups, pain, "ongoing?" and "cause
/// known?". The steps are long enough that nothing moves on by itself while a test presses
/// keys; the tests skip ahead with `n`.
pub(crate) const KEYS_ROUTINE: &str = r#"title = "Quick test"
areas = ["neck"]
summary = "A short routine for tests."

[[steps]]
title = "One"
text = "First step."
seconds = 30
pressure = "light"

[[steps]]
title = "Two"
text = "Second step, each side."
seconds = 20
sides = ["left", "right"]
pressure = "light"
"#;

/// The same routine with one-second steps, for the plain mode that runs to the end.
pub(crate) fn short_routine() -> String {
    KEYS_ROUTINE
        .replace("seconds = 30", "seconds = 1")
        .replace("seconds = 20", "seconds = 1")
}

/// What marks each yes/no prompt of the questionnaire of `KEYS_ROUTINE` (the neck's, at
/// 40): each sign's line, then each list's heading, in the order asked.
pub(crate) fn headings() -> Vec<String> {
    let routine = parse_routine("quick.toml", "quick", KEYS_ROUTINE, Origin::BuiltIn)
        .unwrap_or_else(|problems| panic!("{problems:?}"));
    SafetyData::builtin()
        .unwrap_or_else(|problem| panic!("{problem}"))
        .questions_for(&[&routine])
        .groups(Some(40))
        .iter()
        .map(|g| match g.def.kind {
            ListKind::Sign => g.def.line.clone(),
            ListKind::List => g.def.heading.clone(),
        })
        .collect()
}

/// The first prompt: the person's age (some warning signs depend on it).
pub(crate) const AGE: &str = "How old are you?";
pub(crate) const PAIN_BEFORE: &str = "How bad is the pain now";
pub(crate) const ONGOING: &str = "Has this pain lasted over 2 weeks";
pub(crate) const CAUSE: &str = "Do you know its cause";
const PAIN_AFTER: &str = "After the massage, how bad is the pain";
const NEW_SYMPTOMS: &str = "During or since the massage";

const YES_NO_HINT: &str = "Type y or n, then Enter.";
const AGE_HINT: &str = "Type your age in years.";
const PAIN_HINT: &str = "Type a whole number, 0 to 10.";
const KEY_HINTS: &str = "space pause · n next · b back · +/- 15 s · h hurts · q stop · ? help";

/// The folder given as `--routines-dir`.
pub(crate) const ROUTINES: &str = "routines";

/// A sandbox with `quick` in its routine folder.
pub(crate) fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write(format!("{ROUTINES}/quick.toml"), KEYS_ROUTINE);
    sandbox
}

/// `selfmassage [SUBCOMMAND] --routines-dir DIR quick`.
pub(crate) fn args(sandbox: &Sandbox, subcommand: Option<&str>) -> Vec<String> {
    let mut args: Vec<String> = subcommand.into_iter().map(str::to_string).collect();
    args.push("--routines-dir".to_string());
    args.push(sandbox.path().join(ROUTINES).display().to_string());
    args.push("quick".to_string());
    args
}

/// Answers the questionnaire key by key: "no" to each group of questions, `pain`, not
/// ongoing, the cause known.
pub(crate) fn answer_questionnaire(pty: &mut Pty, pain: &str) {
    pty.reply(AGE, "40");
    for heading in headings() {
        pty.reply(&heading, "n");
    }
    pty.reply(PAIN_BEFORE, pain);
    pty.reply(ONGOING, "n");
    pty.reply(CAUSE, "y");
}

/// The statements of the list headed `heading` for `KEYS_ROUTINE`, as the library has them.
fn items_under(heading: &str) -> Vec<String> {
    let routine = parse_routine("quick.toml", "quick", KEYS_ROUTINE, Origin::BuiltIn)
        .unwrap_or_else(|problems| panic!("{problems:?}"));
    SafetyData::builtin()
        .unwrap_or_else(|problem| panic!("{problem}"))
        .questions_for(&[&routine])
        .groups(Some(40))
        .iter()
        .find(|g| g.def.heading == heading)
        .map(|g| g.items.iter().map(|q| q.question.clone()).collect())
        .unwrap_or_default()
}

/// Waits for the line that keeps the verdict on screen, then presses Enter to begin.
pub(crate) fn begin_session(pty: &mut Pty) {
    pty.wait_for_output("space to begin");
    pty.send("\r");
}

/// Starts `selfmassage quick` in a `cols` x `rows` terminal, answers the questionnaire,
/// begins, and waits for the full-screen view's "get ready" segment.
pub(crate) fn start_session(sandbox: &Sandbox, cols: u16, rows: u16) -> Pty {
    let mut pty = Pty::spawn(sandbox, &args(sandbox, None), cols, rows);
    answer_questionnaire(&mut pty, "3");
    begin_session(&mut pty);
    // The key hints are the bottom row: the first frame is complete.
    pty.wait_until("the full-screen view", |pty| {
        let screen = pty.screen();
        pty.vt().alternate_screen()
            && screen.contains("Get ready")
            && screen.contains("space pause")
    });
    pty
}

/// Skips "get ready" with `n` and waits for step 1 with its countdown (80x24 layout).
pub(crate) fn skip_to_first_step(pty: &mut Pty) {
    pty.send("n");
    // The countdown row is drawn after the title: wait for the whole frame, not just its
    // top half over the "get ready" frame (whose countdown shows 0:08).
    pty.wait_until("step 1 with its countdown", |pty| {
        let screen = pty.screen();
        screen.contains("Step 1 of 2")
            && screen.contains("First step.")
            && seconds_left(&screen).is_some_and(|s| s > 10)
    });
}

/// The line of the screen that contains `text`, or "".
fn line_with(screen: &str, text: &str) -> String {
    screen
        .lines()
        .find(|line| line.contains(text))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Answers the after-check: pain `after`, no new symptoms.
pub(crate) fn answer_after_check(pty: &mut Pty, after: &str) {
    pty.wait_until("the main screen after the session", |pty| {
        !pty.vt().alternate_screen()
    });
    pty.reply(PAIN_AFTER, after);
    pty.reply(NEW_SYMPTOMS, "n");
}

/// Stops the session with `q`, answers the after-check, and checks that the program ended
/// with exit 0 and gave the terminal back.
pub(crate) fn stop_and_finish(mut pty: Pty) {
    pty.send("q");
    answer_after_check(&mut pty, "2");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_terminal_restored();
}

/// At the prompt `marker`, types `wrong`, and checks what a person sees: the hint, drawn
/// whole on one row (inquire does not wrap it), then a fresh prompt whose input line does
/// not keep the rejected text, and no later question yet. Then answers `right`.
fn reject_then_answer(
    pty: &mut Pty,
    marker: &str,
    wrong: &str,
    hint: &str,
    next: &str,
    right: &str,
) {
    pty.wait_prompt(marker);
    pty.send(&format!("{wrong}\r"));
    pty.wait_for(hint);
    assert!(
        pty.screen()
            .lines()
            .any(|row| row.trim_end() == format!("✗ {hint}")),
        "the hint does not fit one row:\n{}",
        pty.dump()
    );
    pty.wait_until("a fresh prompt after the hint", Pty::prompt_waiting);
    assert!(!pty.cursor_row().contains(wrong), "{}", pty.dump());
    assert!(!pty.text().contains(next), "{}", pty.dump());
    pty.reply_here(right);
}

// --- 1. The questionnaire, key by key ------------------------------------------------

#[test]
fn check_answered_key_by_key_reasks_invalid_answers_and_shows_the_verdict() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, Some("check")), 80, 24);

    pty.wait_for("Safety questions first.");
    let headings = headings();
    // Not an answer: the same question again, with the hint, and an empty input line.
    reject_then_answer(&mut pty, AGE, "abc", AGE_HINT, &headings[0], "40");
    reject_then_answer(
        &mut pty,
        &headings[0],
        "maybe",
        YES_NO_HINT,
        &headings[1],
        "n",
    );
    for heading in &headings[1..] {
        pty.reply(heading, "n");
    }
    reject_then_answer(&mut pty, PAIN_BEFORE, "11", PAIN_HINT, ONGOING, "2");
    pty.reply(ONGOING, "no");
    pty.reply(CAUSE, "yes");

    pty.wait_for("Go ahead.");
    let finished = pty.finish();
    finished.assert_code(0);
    for text in ["Go ahead.", "Use comfortable pressure"] {
        assert!(finished.screen.contains(text), "{}", finished.dump());
    }
    assert!(
        !finished.text().contains("Talk to your doctor"),
        "{}",
        finished.dump()
    );
    finished.assert_prompt_restored();
}

#[test]
fn check_yes_to_alcohol_says_not_today_and_exits_3() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, Some("check")), 80, 24);
    let headings = headings();
    let (today, before) = headings.split_last().expect("groups");
    pty.reply(AGE, "40");
    for heading in before {
        pty.reply(heading, "n");
    }
    pty.reply(today, "y");
    // Each item of the list, one at a time: only alcohol applies.
    for item in items_under(today) {
        let answer = if item.contains("alcohol") { "y" } else { "n" };
        pty.reply(&item, answer);
    }
    pty.reply(PAIN_BEFORE, "2");
    pty.reply(ONGOING, "n");
    pty.reply(CAUSE, "y");

    let finished = pty.finish();
    finished.assert_code(3);
    finished.assert_output_contains("Not today.");
    finished.assert_output_contains("alcohol or a strong painkiller in the last few hours");
    assert!(!finished.text().contains("Go ahead"), "{}", finished.dump());
    finished.assert_prompt_restored();
}

#[test]
fn check_severe_pain_says_talk_to_your_doctor_and_exits_3() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, Some("check")), 80, 24);
    answer_questionnaire(&mut pty, "8");

    let finished = pty.finish();
    finished.assert_code(3);
    finished.assert_output_contains("Talk to your doctor first.");
    finished.assert_output_contains("pain of 8 out of 10 is severe");
    assert!(!finished.text().contains("Go ahead"), "{}", finished.dump());
    finished.assert_prompt_restored();
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_and_restores_the_terminal() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, None), 80, 24);
    let headings = headings();
    pty.reply(AGE, "40");
    pty.reply(&headings[0], "n");
    pty.reply(&headings[1], "n");
    pty.wait_prompt(&headings[2]);
    pty.send("y"); // half-typed: Ctrl-C wins over it
    pty.send("\x03");

    let finished = pty.finish();
    finished.assert_code(130);
    let last = headings.last().expect("a list").as_str();
    for never in ["Go ahead", "Not today", last, "Get ready"] {
        assert!(
            !finished.text().contains(never),
            "{never:?} after Ctrl-C\n{}",
            finished.dump()
        );
    }
    assert!(
        find(&finished.raw, b"\x1b[?1049h").is_none(),
        "the session view started after Ctrl-C\n{}",
        finished.dump()
    );
    finished.assert_prompt_restored();
}

/// A signal while a question waits: nothing was started, so the program leaves at once,
/// with the terminal as it was.
fn signal_at_a_prompt(signal: &str, code: i32) -> Finished {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, None), 80, 24);
    let headings = headings();
    pty.reply(AGE, "40");
    pty.reply(&headings[0], "n");
    pty.wait_prompt(&headings[1]);
    pty.signal(signal);
    let finished = pty.finish();
    finished.assert_code(code);
    finished.assert_output_contains("nothing was started");
    finished.assert_modes_restored();
    finished.assert_cursor_visible();
    finished
}

#[test]
fn sigterm_at_a_prompt_exits_143_and_restores_the_terminal() {
    signal_at_a_prompt("TERM", 143);
}

#[test]
fn sighup_at_a_prompt_exits_129_and_restores_the_terminal() {
    signal_at_a_prompt("HUP", 129);
}

#[test]
fn sigterm_at_a_prompt_turns_bracketed_paste_off() {
    signal_at_a_prompt("TERM", 143).assert_bracketed_paste_off();
}

// --- 2. The guided session ----------------------------------------------------------

/// The seconds shown in "m:ss left in this step", if that line is on the screen.
pub(crate) fn seconds_left(screen: &str) -> Option<u64> {
    let line = line_with(screen, "left in this step");
    let clock = line.split_whitespace().next()?;
    let (minutes, seconds) = clock.split_once(':')?;
    Some(minutes.parse::<u64>().ok()? * 60 + seconds.parse::<u64>().ok()?)
}

/// The seconds in "Session ... m:ss left": the whole routine's time left.
pub(crate) fn session_seconds_left(screen: &str) -> Option<u64> {
    let line = line_with(screen, "Session");
    let words: Vec<&str> = line.split_whitespace().collect();
    let [.., clock, "left"] = words.as_slice() else {
        return None;
    };
    let (minutes, seconds) = clock.split_once(':')?;
    Some(minutes.parse::<u64>().ok()? * 60 + seconds.parse::<u64>().ok()?)
}

fn wait_for_seconds_left(pty: &mut Pty, what: &str, ok: impl Fn(u64) -> bool) -> u64 {
    pty.wait_until(what, |pty| seconds_left(&pty.screen()).is_some_and(&ok));
    seconds_left(&pty.screen()).expect("checked above")
}

#[test]
fn session_keys_pause_next_back_and_quit_then_after_check() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    let screen = pty.screen();
    for text in ["Quick test", "Get ready", "Next: One", KEY_HINTS] {
        assert!(screen.contains(text), "{text:?} missing\n{}", pty.dump());
    }

    skip_to_first_step(&mut pty);
    let screen = pty.screen();
    for text in ["One", "Next: Two (left side)", "This step", "Session"] {
        assert!(screen.contains(text), "{text:?} missing\n{}", pty.dump());
    }
    // The countdown runs.
    let first = seconds_left(&screen).expect("a countdown");
    assert!((25..=30).contains(&first), "{first}\n{}", pty.dump());
    wait_for_seconds_left(&mut pty, "the countdown to tick", |s| s < first);

    // space: paused, and the whole view (countdown included) stands still.
    pty.send(" ");
    pty.wait_for("space resumes");
    pty.pump_for(Duration::from_millis(300));
    let paused = pty.screen();
    assert!(!paused.contains("left in this step"), "{}", pty.dump());
    let session_left = session_seconds_left(&paused).expect("the session's time left");
    pty.pump_for(Duration::from_millis(2200));
    assert_eq!(
        paused,
        pty.screen(),
        "the view changed while paused\n{}",
        pty.dump()
    );

    // space again: running from where it stopped (the pause is not counted), and ticking.
    pty.send(" ");
    pty.wait_gone("Paused");
    let resumed = wait_for_seconds_left(&mut pty, "the countdown after resuming", |_| true);
    let session_resumed = session_seconds_left(&pty.screen()).expect("the session's time left");
    assert!(
        session_resumed + 1 >= session_left,
        "{session_left} s left when paused, {session_resumed} s just after resuming\n{}",
        pty.dump()
    );
    let resumed = wait_for_seconds_left(&mut pty, "the countdown to tick again", |s| s < resumed);

    // + and -: 15 seconds more, then less.
    pty.send("+");
    let more = wait_for_seconds_left(&mut pty, "15 s more", |s| s >= resumed + 10);
    pty.send("-");
    wait_for_seconds_left(&mut pty, "15 s less", |s| s + 10 <= more);

    // ?: the help overlay, and away again.
    pty.send("?");
    pty.wait_for("show or hide this help");
    pty.send("?");
    pty.wait_gone("show or hide this help");
    pty.wait_for("First step.");

    // n: the next step (the left side of "Two").
    pty.send("n");
    pty.wait_until("step 2, left side", |pty| {
        let screen = pty.screen();
        screen.contains("Step 2 of 2 · left side")
            && screen.contains("Second step, each side.")
            && screen.contains("Next: the same on the right side")
    });

    // b: back to step 1.
    pty.send("b");
    pty.wait_until("step 1 again", |pty| {
        let screen = pty.screen();
        screen.contains("Step 1 of 2") && screen.contains("First step.")
    });

    // q: stopped, never an error, then the after-check.
    pty.send("q");
    pty.wait_for_output("Stopped early, after");
    answer_after_check(&mut pty, "1");
    pty.wait_for("Pain 3 → 1.");

    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_output_contains(" steps. That is fine.");
    finished.assert_terminal_restored();
}

#[test]
fn hurts_key_stops_with_the_rising_pain_advice_then_after_check() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);

    pty.send("h");
    pty.wait_for_output("Stopped. Pain that rises");
    answer_after_check(&mut pty, "3");

    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_output_contains("Stopped. Pain that rises, or a sharp or shooting pain");
    assert!(
        !finished.text().contains("That is fine."),
        "`h` was treated as a plain stop\n{}",
        finished.dump()
    );
    finished.assert_terminal_restored();
}

// --- 4. Interruptions mid-step --------------------------------------------------------

#[test]
fn ctrl_c_mid_step_exits_130_and_restores_the_terminal() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);

    pty.send("\x03");
    let finished = pty.finish();
    finished.assert_code(130);
    finished.assert_output_contains("Interrupted after");
    assert!(!finished.text().contains(PAIN_AFTER), "{}", finished.dump());
    finished.assert_terminal_restored();
}

fn signal_mid_step(signal: &str, code: i32) {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);

    let sent = Instant::now();
    pty.signal(signal);
    let finished = pty.finish();
    finished.assert_code(code);
    finished.assert_output_contains("Interrupted after");
    finished.assert_terminal_restored();
    // The session loop looks at signals at least every half second.
    assert!(
        sent.elapsed() < TIMEOUT / 2,
        "took {:?} to stop",
        sent.elapsed()
    );
}

#[test]
fn sigterm_mid_step_exits_143_and_restores_the_terminal() {
    signal_mid_step("TERM", 143);
}

#[test]
fn sighup_mid_step_exits_129_and_restores_the_terminal() {
    signal_mid_step("HUP", 129);
}

#[test]
fn sigterm_at_the_after_check_does_not_say_nothing_was_started() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    pty.send("q");
    pty.wait_for_output("Stopped early, after");
    pty.wait_for(PAIN_AFTER);
    pty.signal("TERM");
    let finished = pty.finish();
    finished.assert_code(143);
    assert!(
        !finished.text().contains("nothing was started"),
        "a session ran, yet the message says nothing was started\n{}",
        finished.dump()
    );
    finished.assert_prompt_restored();
}

/// Closing the terminal window mid-step: the program gets SIGHUP and its terminal reads
/// end-of-file. It should record how far the user got and exit, not keep running.
#[test]
fn closing_the_terminal_mid_step_ends_the_program() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    let pid = pty.hang_up();
    let gone = pty::wait_for_exit(pid, Duration::from_secs(5));
    if !gone {
        pty::kill_program(pid);
    }
    assert!(
        gone,
        "the program was still running 5 s after its terminal closed"
    );
}

// --- 3b. Plain mode on a terminal ---------------------------------------------------------

/// `--plain` on a terminal: lines instead of a full-screen view, the keys still work, and
/// the raw mode they need is undone.
#[test]
fn plain_flag_on_a_terminal_takes_keys_and_restores_the_terminal() {
    let sandbox = sandbox();
    let mut arguments = args(&sandbox, None);
    arguments.insert(0, "--plain".to_string());
    let mut pty = Pty::spawn(&sandbox, &arguments, 80, 24);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for(&format!("Keys: {KEY_HINTS}"));
    pty.wait_for("Get ready (0:08)");
    pty.send("n");
    pty.wait_for("Step 1 of 2: One (0:30)");
    pty.send("?");
    pty.wait_for("show or hide this help");
    pty.send("q");
    pty.wait_for("Stopped early, after 0 of ");
    pty.wait_for(" steps. That is fine.");
    pty.reply(PAIN_AFTER, "3");
    pty.reply(NEW_SYMPTOMS, "n");

    let finished = pty.finish();
    finished.assert_code(0);
    assert!(
        find(&finished.raw, b"\x1b[?1049h").is_none(),
        "plain mode used the alternate screen\n{}",
        finished.dump()
    );
    finished.assert_prompt_restored();
}

// --- 5. Window sizes ----------------------------------------------------------------------

// In a 40x12 window the after-check's list of new symptoms was taller than the window: its
// first ones (a drooping face, slurred speech) scrolled away before its question. It is
// shown a screenful at a time, the question on the last.
#[test]
fn in_a_40x12_window_every_new_symptom_is_on_screen_before_the_after_check_question() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 40, 12);
    pty.send("q");
    pty.wait_until("the main screen after the session", |pty| {
        !pty.vt().alternate_screen()
    });
    pty.reply(PAIN_AFTER, "2");
    let mut screens = pty.pages_to_prompt(NEW_SYMPTOMS);
    let paused = screens.len();
    screens.push(pty.screen());
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = screens.join("\n----\n");
    assert!(paused > 0, "the list did not pause\n{shown}");
    for symptom in &selfmassage::safety::after::NEW_SYMPTOMS {
        assert!(
            screens
                .iter()
                .any(|screen| flat(screen).contains(symptom.question)),
            "{:?} was never on the screen before the question\n{shown}",
            symptom.question
        );
    }
    // The question's rows start with "? " and the marks of a list: compare its words.
    let words = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        words(&screens[paused]).contains(&words("Is your answer yes to any of these?")),
        "{shown}"
    );
    pty.reply_here("n");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_terminal_restored();
}

#[test]
fn small_window_lays_out_and_tiny_window_asks_to_enlarge() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 40, 12);
    pty.send("n");
    pty.wait_until("step 1 in a 40x12 window", |pty| {
        let screen = pty.screen();
        screen.contains("Step 1 of 2")
            && screen.contains("First step.")
            && screen.lines().any(|line| line.contains(" left"))
    });
    assert!(!pty.screen().contains("enlarge"), "{}", pty.dump());
    // The help at this size: every line whole, wrapped between words.
    pty.send("?");
    pty.wait_for("show or hide this help");
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (key, what) in selfmassage::ui::session::keys::KEY_HELP {
        assert!(
            flat(&pty.screen()).contains(&flat(&format!("{key} {what}"))),
            "{key} {what}\n{}",
            pty.dump()
        );
    }
    pty.send("?");
    pty.wait_gone("show or hide this help");

    // Shrunk below 40x12: a request to enlarge the window, still counting down.
    pty.resize(20, 6);
    pty.wait_for("enlarge");
    // And back: the full layout again.
    pty.resize(80, 24);
    pty.wait_until("the full view after enlarging", |pty| {
        let screen = pty.screen();
        !screen.contains("enlarge")
            && screen.contains("left in this step")
            && screen.contains(KEY_HINTS)
    });

    stop_and_finish(pty);
}

#[test]
fn tiny_window_from_the_start_asks_to_enlarge() {
    let sandbox = sandbox();
    // The questions in a comfortable window; the session in a tiny one.
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, None), 80, 24);
    pty.reply(AGE, "40");
    for heading in headings() {
        pty.reply(&heading, "n");
    }
    pty.reply(PAIN_BEFORE, "3");
    pty.reply(ONGOING, "n");
    pty.wait_prompt(CAUSE);
    pty.resize(20, 6);
    pty.send("y\r");
    pty.wait_for_output("begin");
    pty.send(" ");
    pty.wait_until("the enlarge request", |pty| {
        pty.vt().alternate_screen() && pty.shows("enlarge")
    });
    stop_and_finish(pty);
}

/// A key typed while the window is being resized is still read. (crossterm's event source
/// used to report the resize and forget the key: a prompt froze until the next key, and
/// the session loop spun at full CPU. See `ui::signals`.)
#[test]
fn keys_typed_during_a_resize_are_not_lost_at_a_prompt() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, None), 80, 24);
    pty.reply(AGE, "40");
    pty.wait_prompt(&headings()[0]);
    // Each key redraws the prompt; one that is lost leaves the output as it was. The loss
    // needs the key to arrive in the wake-up the resize caused, a few percent of rounds, so
    // many rounds (the session test below catches it more surely).
    for round in 0..300u16 {
        let before = pty.raw().len();
        pty.resize(80 + round % 2, 24);
        pty.send(if round % 2 == 0 { "n" } else { "\x7f" });
        pty.wait_until(&format!("key {round} to be echoed"), |pty| {
            pty.raw().len() > before
        });
    }
    pty.send("\x03");
    let finished = pty.finish();
    finished.assert_code(130);
    finished.assert_prompt_restored();
}

#[test]
fn keys_typed_during_a_resize_are_not_lost_in_a_session() {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    for round in 0..40u16 {
        pty.resize(80 + round % 2, 24);
        pty.send(" ");
        if round % 2 == 0 {
            pty.wait_for("space resumes");
        } else {
            pty.wait_gone("space resumes");
        }
    }
    stop_and_finish(pty);
}

/// The rows where a word runs from one row into the next: a letter in the last column and
/// a letter at the start of the next row.
pub(crate) fn words_broken_at_the_edge(rows: &[(String, bool)], cols: u16) -> Vec<String> {
    let cols = usize::from(cols);
    rows.windows(2)
        .filter(|pair| {
            let (row, next) = (&pair[0].0, &pair[1].0);
            row.chars().count() == cols
                && row.chars().last().is_some_and(char::is_alphanumeric)
                && next.chars().next().is_some_and(char::is_alphanumeric)
        })
        .map(|pair| format!("{:?} / {:?}", pair[0].0, pair[1].0))
        .collect()
}

/// `check neck` answered key by key in a `cols` x `rows` window: an invalid answer is
/// cleared from the input and explained, and nothing to report means "Go ahead" (exit 0).
pub(crate) fn check_neck_in_a_window(cols: u16, rows: u16) -> Finished {
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["check", "neck"], cols, rows);
    let headings = headings();
    pty.reply(AGE, "40");
    reject_then_answer(
        &mut pty,
        &headings[0],
        "maybe",
        YES_NO_HINT,
        &headings[1],
        "n",
    );
    for heading in &headings[1..] {
        pty.reply(heading, "n");
    }
    // Out of range: the pain question's hint, the longer one, must fit too.
    reject_then_answer(&mut pty, PAIN_BEFORE, "55", PAIN_HINT, ONGOING, "2");
    pty.reply(ONGOING, "n");
    pty.reply(CAUSE, "y");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_output_contains("Go ahead.");
    finished.assert_prompt_restored();
    // The neck's own warning signs were listed.
    let text: String = finished
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(
            "Lately: poor balance, clumsy hands, fainting, double vision, or trouble swallowing."
        ),
        "{}",
        finished.dump()
    );
    finished
}

/// No word of `rows` runs over the right edge of a `cols`-column window.
#[track_caller]
fn assert_wrapped_between_words(finished: &Finished, rows: &[(String, bool)], cols: u16) {
    let broken = words_broken_at_the_edge(rows, cols);
    assert!(
        broken.is_empty(),
        "words broken at the right edge of a {cols}-column window:\n{}\n{}",
        broken.join("\n"),
        finished.dump()
    );
}

/// The questionnaire's lists and questions, scrolled away or not, up to the verdict.
fn check_neck_wraps_between_words(cols: u16, rows: u16) {
    let finished = check_neck_in_a_window(cols, rows);
    let questionnaire = finished.rows_before(b"Go ahead", cols, rows);
    assert!(
        questionnaire.len() > usize::from(rows),
        "the lists scrolled: {} rows",
        questionnaire.len()
    );
    assert_wrapped_between_words(&finished, &questionnaire, cols);
}

#[test]
fn check_neck_at_80x24_wraps_between_words_and_clears_an_invalid_answer() {
    check_neck_wraps_between_words(80, 24);
}

#[test]
fn check_neck_at_60x20_wraps_between_words_and_clears_an_invalid_answer() {
    check_neck_wraps_between_words(60, 20);
}

/// The verdict too: its advice is printed as one line, so a 60-column terminal breaks
/// "never sharp." as "never sh" / "arp." (src/commands/screening.rs `show_verdict` and
/// src/ui/verdict.rs `render` do not wrap).
#[test]
fn check_neck_at_60x20_wraps_the_verdict_between_words() {
    let finished = check_neck_in_a_window(60, 20);
    let all = finished.all_rows(60, 20);
    assert_wrapped_between_words(&finished, &all, 60);
}

/// The check above would notice a word broken at the edge, also one that scrolled away.
#[test]
fn the_edge_check_notices_a_broken_word_that_scrolled_away() {
    let rows = |texts: &[&str]| -> Vec<(String, bool)> {
        texts.iter().map(|t| (t.to_string(), false)).collect()
    };
    assert_eq!(
        words_broken_at_the_edge(&rows(&["abcdefghij", "klm"]), 10).len(),
        1
    );
    for fine in [
        &["abcdefghi", "jkl"][..],
        &["abcdefghi.", "jkl"],
        &["abcdefghij", " kl"],
    ] {
        assert!(
            words_broken_at_the_edge(&rows(fine), 10).is_empty(),
            "{fine:?}"
        );
    }
    // A 130-letter word in a 60-column terminal, then 100 lines that scroll it away.
    let sandbox = Sandbox::new();
    let script = "printf '%s\\n' \"$(head -c 130 /dev/zero | tr '\\0' w)\"; seq 1 100";
    let pty = Pty::spawn_program(&sandbox, "sh".as_ref(), &["-c", script], 60, 20);
    let finished = pty.finish();
    finished.assert_code(0);
    let all = finished.all_rows(60, 20);
    assert!(all.len() > 100, "{}", all.len());
    assert_eq!(
        words_broken_at_the_edge(&all, 60).len(),
        2,
        "{:#?}",
        &all[..6]
    );
}

// --- 6. Plain mode through pipes --------------------------------------------------------

/// Runs the whole short routine with every answer on stdin and stdout a pipe. `TERM` says
/// a colour terminal: plain mode has to come from the pipe.
fn plain_run(extra: &[&str]) {
    let test = Test::new()
        .file(format!("{ROUTINES}/quick.toml"), short_routine())
        .env("TERM", "xterm-256color");
    let routines = test.path().join(ROUTINES);
    let started = Instant::now();
    // "No" to each of the 4 groups, pain 3, not ongoing, cause known; after: pain 1, no new
    // symptoms.
    let out = test
        .args(extra)
        .arg("--routines-dir")
        .arg(routines)
        .arg("quick")
        .stdin(format!(
            "{}1\nn\n",
            crate::harness::dialog::nothing_to_report(&["neck"], 3)
        ))
        .run();
    out.success();
    assert!(
        !out.stdout.contains('\x1b') && !out.stderr.contains('\x1b'),
        "an escape sequence in plain mode\n{:?}",
        out.context()
    );
    let stdout = &out.stdout;
    let context = out.context();
    let mut from = 0;
    for line in [
        "Go ahead.",
        "Quick test: ",
        "Get ready",
        "Step 1 of 2: One",
        "First step.",
        "Step 2 of 2 · left side: Two",
        "Second step, each side.",
        "Switch to the right side.",
        "Step 2 of 2 · right side: Two",
        "Done.",
        "Done: all ",
        PAIN_AFTER,
        NEW_SYMPTOMS,
        "Pain eased: 3 → 1.",
    ] {
        let Some(at) = stdout[from..].find(line) else {
            panic!("{line:?} missing, or out of order, after byte {from}\n{context}");
        };
        from += at + line.len();
    }
    // Still timed: get ready (8 s) and three one-second steps.
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(10), "took only {took:?}");
}

#[test]
fn plain_flag_through_pipes_shows_every_step_in_order_without_escapes() {
    plain_run(&["--plain"]);
}

#[test]
fn plain_is_automatic_when_output_is_not_a_terminal() {
    plain_run(&[]);
}

// --- The harness itself -------------------------------------------------------------------

/// The checks above would notice a program that leaves the terminal broken: raw mode, the
/// alternate screen and a hidden cursor, as after a crash.
#[test]
fn harness_notices_a_terminal_left_broken() {
    let sandbox = Sandbox::new();
    let script = "stty raw -echo; printf 'broken\\033[?1049h\\033[?25l'; exit 7";
    let pty = Pty::spawn_program(&sandbox, "sh".as_ref(), &["-c", script], 80, 24);
    let finished = pty.finish();
    finished.assert_code(7);
    let fails = |check: fn(&Finished), finished: &Finished| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(finished))).is_err()
    };
    assert!(fails(Finished::assert_modes_restored, &finished));
    assert!(fails(Finished::assert_main_screen, &finished));
    assert!(fails(Finished::assert_cursor_visible, &finished));
    finished.assert_output_contains("broken");
}

#[test]
fn a_name_that_fits_several_routines_is_chosen_by_its_number() {
    let sandbox = sandbox();
    // An area of their own, with no built-in warning signs.
    let mine = KEYS_ROUTINE.replace("areas = [\"neck\"]", "areas = [\"testarea\"]");
    sandbox.write(format!("{ROUTINES}/quick.toml"), &mine);
    sandbox.write(
        format!("{ROUTINES}/quick2.toml"),
        mine.replace("Quick test", "Second quick test"),
    );
    let dir = sandbox.path().join(ROUTINES).display().to_string();
    let mut pty = Pty::spawn(
        &sandbox,
        &["check", "--routines-dir", &dir, "testarea"],
        80,
        24,
    );
    pty.wait_prompt("Which one? 1-2");
    assert!(
        pty.shows("fits several routines") && pty.shows("1. quick —") && pty.shows("2. quick2 —"),
        "{}",
        pty.dump()
    );
    // The second, Enter: the questionnaire starts for that one.
    pty.reply_here("2");
    pty.wait_for("> Which one? quick2");
    // Before the questions: this area has no built-in warning signs; go on?
    pty.wait_prompt("no built-in warning signs");
    pty.send("y");
    pty.send("\r");
    // No built-in area: the general questions only, none of which depends on age.
    pty.wait_prompt("Today: chest pain");
    assert!(pty.shows("quick2 — Second quick test"), "{}", pty.dump());
    // Ctrl-C at the next prompt: exit 130, nothing started, the terminal as it was.
    pty.send("\x03");
    let finished = pty.finish();
    finished.assert_code(130);
    finished.assert_modes_restored();
}
