//! The session keys and the engine's counting, seen in a real terminal: `-` never takes
//! time from the next step, `?` pauses under the help, `b` says where it went, and a
//! program stopped for a while wakes up paused (issues 13, 15 and 16).
//!
//! Unix only (pseudo-terminals, signals). The session is started and the questionnaire
//! answered as in [`crate::pty_sessions`], on its `quick` routine: step "One" (30 s) then
//! "Two" (20 s a side), long enough that nothing moves on by itself while keys are pressed.

use std::time::Duration;

use crate::harness::Sandbox;
use crate::harness::pty::{Finished, Pty, stopped};
use crate::pty_sessions::{
    KEYS_ROUTINE, ROUTINES, answer_after_check, answer_questionnaire, args, sandbox, seconds_left,
    session_seconds_left, skip_to_first_step, start_session,
};

/// The end of the full-screen view's paused line, "Paused · 0:30 left · space resumes".
const PAUSED_END: &str = " left · space resumes";

/// The full-screen view shows its paused line (whatever the time left on it).
fn paused(pty: &Pty) -> bool {
    pty.screen().lines().any(|line| {
        let line = line.trim();
        line.starts_with("Paused · ") && line.ends_with(PAUSED_END)
    })
}

/// The seconds on the paused line, "Paused · 9:58 left · space resumes".
fn paused_seconds_left(screen: &str) -> Option<u64> {
    let line = screen
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("Paused · ") && line.ends_with(PAUSED_END))?;
    let clock = line.strip_prefix("Paused · ")?.split_whitespace().next()?;
    let (minutes, seconds) = clock.split_once(':')?;
    Some(minutes.parse::<u64>().ok()? * 60 + seconds.parse::<u64>().ok()?)
}

/// Waits until the paused line is on the screen.
fn wait_paused(pty: &mut Pty) {
    pty.wait_until("the paused line", paused);
}

/// Waits until the paused line has left the screen.
fn wait_not_paused(pty: &mut Pty) {
    pty.wait_until("the paused line to leave the screen", |pty| !paused(pty));
}

/// `selfmassage quick` in an 80x24 terminal, the questionnaire answered (nothing to report,
/// pain 3, cause known): the full-screen view on step 1, its countdown drawn.
fn full_screen_on_step_one() -> (Sandbox, Pty) {
    let sandbox = sandbox();
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    pty.wait_until("step 1 with more than 20 s left", |pty| {
        let screen = pty.screen();
        screen.contains("Step 1 of 2") && seconds_left(&screen).is_some_and(|s| s > 20)
    });
    (sandbox, pty)
}

/// `q`, the after-check (pain 2, no new symptoms), exit 0 and the terminal's modes given
/// back.
fn stop_and_finish(mut pty: Pty) -> Finished {
    pty.send("q");
    answer_after_check(&mut pty, "2");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_modes_restored();
    finished
}

#[test]
fn minus_pressed_thirty_times_leaves_the_next_step_its_whole_time() {
    let (_sandbox, mut pty) = full_screen_on_step_one();
    pty.send(&"-".repeat(30));
    // Step 1 keeps its last second and then ends by itself ...
    pty.wait_until("step 2 on the left", |pty| {
        let screen = pty.screen();
        screen.contains("Step 2 of 2 · left side") && seconds_left(&screen).is_some()
    });
    // ... and step 2 starts with its 20 s, untouched.
    let left = seconds_left(&pty.screen()).unwrap_or(0);
    assert!((19..=20).contains(&left), "{left} s left\n{}", pty.dump());
    pty.pump_for(Duration::from_millis(1500));
    let screen = pty.screen();
    assert!(screen.contains("Step 2 of 2 · left side"), "{}", pty.dump());
    let finished = stop_and_finish(pty);
    // Step 1 was cut to a second: it was not done.
    finished.assert_output_contains("Stopped early, after 0 of 2 steps.");
}

/// The `quick` routine with step 1 on the back of the neck (the routine's own area: the
/// same questions).
fn quick_on_one_spot() -> String {
    KEYS_ROUTINE.replacen(
        "seconds = 30\n",
        "seconds = 30\nspot = \"back-of-neck\"\n",
        1,
    )
}

#[test]
fn plus_pressed_sixty_times_stops_at_ten_minutes_on_one_spot() {
    let sandbox = sandbox();
    sandbox.write(format!("{ROUTINES}/quick.toml"), quick_on_one_spot());
    let mut pty = start_session(&sandbox, 80, 24);
    skip_to_first_step(&mut pty);
    // 60 presses would add 15 minutes; the spot takes 10 in all.
    pty.send(&"+".repeat(60));
    pty.wait_until("the note and the longer step", |pty| {
        pty.shows("10 minutes is the most for one spot.")
            && seconds_left(&pty.screen()).is_some_and(|s| s > 500)
    });
    for _ in 0..3 {
        let screen = pty.screen();
        let step = seconds_left(&screen).unwrap_or(0);
        let session = session_seconds_left(&screen).unwrap_or(0);
        // Step 2 adds its 20 s on each side to the session.
        assert!(step <= 600 && session <= 640, "{}", pty.dump());
        pty.pump_for(Duration::from_millis(300));
    }
    // One more `+` at the cap adds nothing. Paused, the time left stands still; then `+`
    // and space: once the paused line has gone, the `+` has been handled (keys act in
    // order), and the time left is at most what it was.
    pty.send(" ");
    wait_paused(&mut pty);
    let before = paused_seconds_left(&pty.screen());
    pty.send("+");
    pty.send(" ");
    wait_not_paused(&mut pty);
    let after = seconds_left(&pty.screen());
    assert!(
        matches!((before, after), (Some(b), Some(a)) if a <= b && b <= 600),
        "{before:?} s left before the last +, {after:?} after\n{}",
        pty.dump()
    );
    stop_and_finish(pty);
}

#[test]
fn help_pauses_the_session_and_closing_it_runs_on() {
    let (_sandbox, mut pty) = full_screen_on_step_one();
    pty.send("?");
    pty.wait_until("the help, paused", |pty| {
        pty.shows("show or hide this help") && paused(pty)
    });
    let paused_screen = pty.screen();
    pty.pump_for(Duration::from_millis(2200));
    assert_eq!(
        paused_screen,
        pty.screen(),
        "the help did not pause\n{}",
        pty.dump()
    );
    pty.send("?");
    wait_not_paused(&mut pty);
    pty.wait_for("First step.");
    let first = seconds_left(&pty.screen()).unwrap_or(0);
    pty.wait_until("the countdown to run again", |pty| {
        seconds_left(&pty.screen()).is_some_and(|s| s < first)
    });

    // Over a session paused by hand, the help leaves it paused.
    pty.send(" ");
    wait_paused(&mut pty);
    pty.send("?");
    pty.wait_for("show or hide this help");
    pty.send("?");
    pty.wait_gone("show or hide this help");
    pty.pump_for(Duration::from_millis(500));
    assert!(paused(&pty), "{}", pty.dump());
    stop_and_finish(pty);
}

#[test]
fn back_says_where_it_went() {
    let (_sandbox, mut pty) = full_screen_on_step_one();
    pty.send("n");
    pty.wait_for("Step 2 of 2 · left side");
    pty.send("b");
    pty.wait_until("step 1 and the note", |pty| {
        pty.shows("Step 1 of 2") && pty.shows("Back to step 1: One")
    });
    stop_and_finish(pty);
}

#[test]
fn back_says_where_it_went_in_plain_mode() {
    let sandbox = sandbox();
    let mut arguments = args(&sandbox, None);
    arguments.insert(0, "--plain".to_string());
    let mut pty = Pty::spawn(&sandbox, &arguments, 80, 24);
    answer_questionnaire(&mut pty, "3");
    pty.wait_for("Get ready (0:08)");
    pty.send("n");
    pty.wait_for("Step 1 of 2: One (0:30)");
    pty.send("n");
    pty.wait_for("Step 2 of 2 · left side: Two (0:20)");
    pty.send("b");
    pty.wait_for("Back to step 1: One");
    stop_and_finish(pty);
}

// In plain mode every `+` at the cap printed "10 minutes is the most for one spot." again.
#[test]
fn plain_mode_says_the_limit_once_a_step() {
    const NOTE: &str = "10 minutes is the most for one spot.";
    let sandbox = sandbox();
    sandbox.write(format!("{ROUTINES}/quick.toml"), quick_on_one_spot());
    let mut arguments = args(&sandbox, None);
    arguments.insert(0, "--plain".to_string());
    let mut pty = Pty::spawn(&sandbox, &arguments, 80, 24);
    let pid = pty.pid();
    answer_questionnaire(&mut pty, "3");
    pty.wait_for("Get ready (0:08)");
    pty.send("n");
    pty.wait_for("Step 1 of 2: One (0:30)");
    // 60 presses would add 15 minutes; the spot takes 10 in all. Ctrl-Z after them (a
    // control key stays a key among repeated ones, and keys act in order): once the
    // program has stopped, every `+` has been handled.
    pty.send(&"+".repeat(60));
    pty.send("\x1a");
    pty.wait_until("the program stopped", |_| stopped(pid));
    pty.signal("CONT");
    pty.wait_for("Paused with ");
    assert_eq!(pty.text().matches(NOTE).count(), 1, "{}", pty.dump());
    stop_and_finish(pty);
}

#[test]
fn a_program_stopped_for_seconds_wakes_up_paused_where_it_was() {
    let (_sandbox, mut pty) = full_screen_on_step_one();
    pty.signal("STOP");
    std::thread::sleep(Duration::from_secs(7));
    // The last frames drawn before the stop, read now.
    pty.pump();
    let before = session_seconds_left(&pty.screen());
    pty.signal("CONT");
    pty.wait_until("the paused view with the note", |pty| {
        paused(pty) && pty.shows("Not running for 0:0")
    });
    // Paused with the time it had when it stopped (give or take the second it was on).
    let after = session_seconds_left(&pty.screen());
    assert!(
        matches!((before, after), (Some(b), Some(a)) if a + 1 >= b && a <= b),
        "{before:?} s left before, {after:?} after\n{}",
        pty.dump()
    );
    assert!(pty.shows("Step 1 of 2"), "{}", pty.dump());
    pty.send(" ");
    wait_not_paused(&mut pty);
    pty.wait_gone("Not running for");
    let finished = stop_and_finish(pty);
    finished.assert_output_contains("Stopped early, after 0 of 2 steps.");
}
