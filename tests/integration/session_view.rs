//! The full-screen view as a new user meets it: a console that cannot draw braille or
//! blocks, a window too small for the body figure, a very wide window.
//!
//! Each test names the report it comes from.

use crate::harness::Sandbox;
use crate::harness::pty::Pty;
use crate::harness::sandbox::BIN;
use crate::pty_sessions::{
    ROUTINES, answer_questionnaire, args, begin_session, sandbox, stop_and_finish,
};

/// The tests' routine, its first step pressing the back of the neck.
fn with_a_spot() -> Sandbox {
    let sandbox = sandbox();
    let path = sandbox.path().join(ROUTINES).join("quick.toml");
    let routine = std::fs::read_to_string(&path).expect("the test routine");
    let routine = routine.replacen(
        "text = \"First step.\"",
        "text = \"First step.\"\nspot = \"back-of-neck\"",
        1,
    );
    sandbox.write(format!("{ROUTINES}/quick.toml"), routine);
    sandbox
}

/// Starts the session under `env` (`NAME=value` pairs) in a `cols` x `rows` terminal and
/// waits for step 1 in the full-screen view.
fn first_step(sandbox: &Sandbox, env: &[&str], cols: u16, rows: u16) -> Pty {
    let mut arguments: Vec<String> = env.iter().map(|pair| pair.to_string()).collect();
    arguments.push(BIN.to_string());
    arguments.extend(args(sandbox, None));
    let mut pty = Pty::spawn_program(sandbox, "env".as_ref(), &arguments, cols, rows);
    answer_questionnaire(&mut pty, "3");
    begin_session(&mut pty);
    pty.wait_until("the full-screen view", |pty| {
        pty.vt().alternate_screen() && pty.screen().contains("space pause")
    });
    pty.send("n");
    pty.wait_until("step 1, whole", |pty| {
        let screen = pty.screen();
        screen.contains("Step 1 of 2")
            && screen.contains("First step.")
            && screen.contains("left in this step")
            && screen.contains("q stop")
    });
    pty
}

/// The braille cells and block elements on the screen.
fn braille_or_blocks(screen: &str) -> Vec<char> {
    screen
        .chars()
        .filter(|&c| {
            ('\u{2800}'..='\u{28ff}').contains(&c) || ('\u{2580}'..='\u{259f}').contains(&c)
        })
        .collect()
}

// Reported against terminal dashboards and timers: the Linux console's font has no braille
// and few block characters, and a program in a `C` locale must not send them; the figure,
// the large digits and the bars came out as boxes there.
#[test]
fn the_linux_console_and_a_c_locale_get_no_braille_and_no_blocks() {
    let sandbox = with_a_spot();
    for env in [&["TERM=linux"][..], &["LC_ALL=C", "LANG=en_US.UTF-8"][..]] {
        // Wide and tall enough for the figure and large digits.
        let pty = first_step(&sandbox, env, 120, 40);
        let screen = pty.screen();
        let found = braille_or_blocks(&screen);
        assert!(
            found.is_empty(),
            "{env:?}: {} such characters, from {:?}\n{}",
            found.len(),
            found.iter().take(10).collect::<String>(),
            pty.dump()
        );
        // The same shapes, in ASCII: the figure's labels and the digits' `#`.
        assert!(
            screen.contains("front") && screen.contains("###"),
            "{env:?}\n{}",
            pty.dump()
        );
        stop_and_finish(pty);
    }
    // A UTF-8 terminal still gets them (the test can tell).
    let pty = first_step(&sandbox, &["TERM=xterm-256color"], 120, 40);
    assert!(
        !braille_or_blocks(&pty.screen()).is_empty(),
        "{}",
        pty.dump()
    );
    stop_and_finish(pty);
}

// Tried as a new user: below 120 columns the figure gives way, and nothing said where to
// press. At 80x24 the step, where to press, the countdown and the keys fit on one screen.
#[test]
fn at_80x24_a_where_line_says_where_to_press() {
    let sandbox = with_a_spot();
    let pty = first_step(&sandbox, &[], 80, 24);
    let screen = pty.screen();
    for part in [
        "One",
        "First step.",
        "Where: the back of your neck",
        "left in this step",
        "h hurts",
        "q stop",
    ] {
        assert!(
            screen.contains(part),
            "{part:?} is not on the screen\n{}",
            pty.dump()
        );
    }
    stop_and_finish(pty);
}

// Tried as a new user: in a 250-column window the instruction sat at the far top left.
#[test]
fn in_a_250_column_window_the_step_stands_in_the_middle() {
    let sandbox = with_a_spot();
    let pty = first_step(&sandbox, &[], 250, 50);
    let column = pty
        .vt()
        .rows(0, 250)
        .find_map(|row| row.find("First step."))
        .unwrap_or_else(|| panic!("no instruction\n{}", pty.dump()));
    // A block of at most 100 columns, centred: it starts about 75 columns in.
    assert!(
        (60..=125).contains(&column),
        "at column {column}\n{}",
        pty.dump()
    );
    stop_and_finish(pty);
}
