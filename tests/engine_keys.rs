//! The session keys and the engine's counting, seen in a real terminal: `-` never takes
//! time from the next step, `?` pauses under the help, `b` says where it went, and a
//! program stopped for a while wakes up paused (issues 13, 15 and 16).
//!
//! Unix only (pseudo-terminals, signals). Self-contained beside `tests/pty.rs`, sharing
//! its harness in `tests/pty_support/`.
#![cfg(unix)]

mod pty_support;

use std::time::Duration;

use pty_support::{Pty, Sandbox};

/// Step "One" (30 s) then "Two" (20 s a side): long enough that nothing moves on by itself
/// while keys are pressed.
const ROUTINE: &str = r#"title = "Quick test"
areas = ["testarea"]
summary = "A short routine for tests."

[[steps]]
title = "One"
text = "First step."
seconds = 30

[[steps]]
title = "Two"
text = "Second step, each side."
seconds = 20
sides = ["left", "right"]
"#;

const GENERAL: [&str; 8] = [
    "known blood clot",
    "broken bone",
    "fever or an infection",
    "very fragile bones",
    "blood thinner",
    "Are you pregnant",
    "varicose vein",
    "alcohol or strong painkillers",
];
const PAUSED: &str = "Paused — press space to resume";

/// Starts `selfmassage [--plain] quick` in an 80x24 terminal and answers the questionnaire:
/// nothing to report, pain 3, cause known.
fn start(plain: bool) -> (Sandbox, Pty) {
    let sandbox = Sandbox::new();
    sandbox.routine("quick", ROUTINE);
    let mut args = Vec::new();
    if plain {
        args.push("--plain".to_string());
    }
    args.push("--routines-dir".to_string());
    args.push(sandbox.routines_dir().display().to_string());
    args.push("quick".to_string());
    let mut pty = Pty::spawn(&sandbox, &args, 80, 24);
    for question in GENERAL {
        pty.answer(question, "n");
    }
    pty.answer("How strong is the pain right now", "3");
    pty.answer("lasted more than a couple of weeks", "n");
    pty.answer("know what is causing it", "y");
    (sandbox, pty)
}

/// The full-screen view on step 1, its countdown drawn.
fn full_screen_on_step_one() -> (Sandbox, Pty) {
    let (sandbox, mut pty) = start(false);
    pty.wait_until("the full-screen view", |pty| {
        pty.vt().alternate_screen() && pty.screen().contains("space pause")
    });
    pty.send("n");
    pty.wait_until("step 1 with its countdown", |pty| {
        let screen = pty.screen();
        screen.contains("Step 1 of 2") && seconds_left(&screen).is_some_and(|s| s > 20)
    });
    (sandbox, pty)
}

/// The seconds in "m:ss left in this step", if that line is on the screen.
fn seconds_left(screen: &str) -> Option<u64> {
    let line = screen.lines().find(|l| l.contains("left in this step"))?;
    let (minutes, seconds) = line.split_whitespace().next()?.split_once(':')?;
    Some(minutes.parse::<u64>().ok()? * 60 + seconds.parse::<u64>().ok()?)
}

/// The seconds in "Session ... m:ss left": the whole routine's time left, shown paused too.
fn session_seconds_left(screen: &str) -> Option<u64> {
    let line = screen.lines().find(|l| l.contains("Session"))?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let [.., clock, "left"] = words.as_slice() else {
        return None;
    };
    let (minutes, seconds) = clock.split_once(':')?;
    Some(minutes.parse::<u64>().ok()? * 60 + seconds.parse::<u64>().ok()?)
}

/// `q`, the after-check, exit 0 and the terminal given back.
fn stop_and_finish(mut pty: Pty) -> pty_support::Finished {
    pty.send("q");
    pty.answer("How is the pain now", "2");
    pty.answer("Any new symptoms", "n");
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
    finished.assert_output_contains("Stopped after 0 of 2 steps.");
}

#[test]
fn help_pauses_the_session_and_closing_it_runs_on() {
    let (_sandbox, mut pty) = full_screen_on_step_one();
    pty.send("?");
    pty.wait_until("the help, paused", |pty| {
        pty.shows("show or hide this help") && pty.shows(PAUSED)
    });
    let paused = pty.screen();
    pty.pump_for(Duration::from_millis(2200));
    assert_eq!(
        paused,
        pty.screen(),
        "the help did not pause\n{}",
        pty.dump()
    );
    pty.send("?");
    pty.wait_gone(PAUSED);
    pty.wait_for("First step.");
    let first = seconds_left(&pty.screen()).unwrap_or(0);
    pty.wait_until("the countdown to run again", |pty| {
        seconds_left(&pty.screen()).is_some_and(|s| s < first)
    });

    // Over a session paused by hand, the help leaves it paused.
    pty.send(" ");
    pty.wait_for(PAUSED);
    pty.send("?");
    pty.wait_for("show or hide this help");
    pty.send("?");
    pty.wait_gone("show or hide this help");
    pty.pump_for(Duration::from_millis(500));
    assert!(pty.shows(PAUSED), "{}", pty.dump());
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
    let (_sandbox, mut pty) = start(true);
    pty.wait_for("Get ready (0:08)");
    pty.send("n");
    pty.wait_for("Step 1 of 2: One (0:30)");
    pty.send("n");
    pty.wait_for("Step 2 of 2 · left side: Two (0:20)");
    pty.send("b");
    pty.wait_for("Back to step 1: One");
    stop_and_finish(pty);
}

#[test]
fn a_program_stopped_for_seconds_wakes_up_paused_where_it_was() {
    let (_sandbox, mut pty) = full_screen_on_step_one();
    pty.signal("STOP");
    std::thread::sleep(Duration::from_secs(7));
    let before = session_seconds_left(&pty.screen());
    pty.signal("CONT");
    pty.wait_until("the paused view with the note", |pty| {
        pty.shows(PAUSED) && pty.shows("Not running for 0:0")
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
    pty.wait_gone(PAUSED);
    pty.wait_gone("Not running for");
    let finished = stop_and_finish(pty);
    finished.assert_output_contains("Stopped after 0 of 2 steps.");
}
