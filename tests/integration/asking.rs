//! The safety questions at a real terminal: how a question is laid out and how it reads once
//! answered, and what the keys that are not an answer do (Ctrl-Z, Esc, Ctrl-D).

use std::time::{Duration, Instant};

use crate::harness::pty::{Pty, TIMEOUT, stopped};
use crate::pty_sessions::{AGE, CAUSE, ONGOING, PAIN_BEFORE, args, headings, sandbox};

/// The row of the screen just above the cursor's.
fn row_above_cursor(pty: &Pty) -> String {
    let vt = pty.vt();
    let (row, _) = vt.cursor_position();
    let (_, cols) = vt.size();
    vt.rows(0, cols.get())
        .nth(usize::from(row).saturating_sub(1))
        .unwrap_or_default()
}

// At 80 columns, "Has this pain lasted over 2 weeks, or does it keep returning? [y/n]" was
// broken in two, the last piece ("? keep returning? [y/n]") reading as a question of its
// own: the last row kept room for a rejected answer's mark on every question. And an
// answered question read "How old are you? years 40".
#[test]
fn at_80_columns_a_short_question_is_one_row_and_its_answer_takes_the_hints_place() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, Some("check")), 80, 24);
    let headings = headings();
    pty.reply(AGE, "40");
    pty.wait_prompt(&headings[0]);
    assert!(
        pty.screen()
            .lines()
            .any(|row| row.trim_end() == "> How old are you? 40"),
        "{}",
        pty.dump()
    );
    for heading in &headings {
        pty.reply(heading, "n");
    }
    pty.wait_prompt(PAIN_BEFORE);
    pty.reply_here("2");
    pty.wait_prompt(ONGOING);
    assert_eq!(
        pty.cursor_row().trim_end(),
        "? Has this pain lasted over 2 weeks, or does it keep returning? [y/n]",
        "{}",
        pty.dump()
    );
    let answered = row_above_cursor(&pty);
    assert!(
        answered.starts_with("> ") && answered.trim_end().ends_with("? 2"),
        "{answered:?}\n{}",
        pty.dump()
    );
    pty.reply_here("n");
    pty.wait_prompt(CAUSE);
    assert_eq!(
        row_above_cursor(&pty).trim_end(),
        "> Has this pain lasted over 2 weeks, or does it keep returning? no",
        "{}",
        pty.dump()
    );
    pty.reply_here("y");
    let finished = pty.finish();
    finished.assert_code(0);
    finished.assert_prompt_restored();
}

// The mark of a rejected answer has a row of its own, so no question keeps room for it.
#[test]
fn a_rejected_answer_is_marked_on_its_own_row_and_asked_again_at_40_columns() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, Some("check")), 40, 12);
    pty.wait_prompt(AGE);
    pty.reply_here("old");
    pty.wait_until("the mark and the question again", |pty| {
        pty.screen().contains("✗ Type your age in years.") && pty.prompt_waiting()
    });
    pty.reply_here("40");
    pty.wait_prompt(&headings()[0]);
    assert!(
        pty.screen()
            .lines()
            .any(|row| row.trim_end() == "> How old are you? 40"),
        "{}",
        pty.dump()
    );
}

// A rejected answer typed with its Enter in one go (a paste, a quick typist) was not shown:
// the row read "? How old are you? years" above its mark.
#[test]
fn a_rejected_answer_that_came_with_its_enter_stays_in_its_row() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, Some("check")), 80, 24);
    pty.wait_prompt(AGE);
    pty.send("old\r");
    pty.wait_until("the mark and the question again", |pty| {
        pty.screen().contains("✗ Type your age in years.") && pty.prompt_waiting()
    });
    assert!(
        pty.screen()
            .lines()
            .any(|row| row.trim_end() == "? How old are you? years old"),
        "{}",
        pty.dump()
    );
}

// Ctrl-Z at a question typed a "z" into the answer.
#[test]
fn ctrl_z_at_a_question_stops_the_program_and_fg_asks_it_again() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, Some("check")), 80, 24);
    let pid = pty.pid();
    pty.wait_prompt(AGE);
    pty.send("4");
    pty.send("\x1a");
    let deadline = Instant::now() + TIMEOUT;
    while !stopped(pid) {
        assert!(
            Instant::now() < deadline,
            "Ctrl-Z did not stop the program\n{}",
            pty.dump()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !pty.cursor_row().contains('z'),
        "Ctrl-Z was typed\n{}",
        pty.dump()
    );
    pty.signal("CONT");
    pty.wait_until("the question again, with what was typed", |pty| {
        pty.cursor_row().trim_end() == "? How old are you? years 4"
    });
    pty.send("0\r");
    pty.wait_prompt(&headings()[0]);
    assert!(
        pty.screen()
            .lines()
            .any(|row| row.trim_end() == "> How old are you? 40"),
        "{}",
        pty.dump()
    );
}

// Ctrl-Z at the choice of a routine typed a "z" ("Which one? z"): the choice is a question
// like the others, with their keys.
#[test]
fn ctrl_z_at_the_choice_of_a_routine_stops_the_program_and_fg_asks_it_again() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &["check", "back"], 80, 24);
    let pid = pty.pid();
    pty.wait_prompt("Which one? 1-4");
    assert!(
        pty.shows("4. upper-back — "),
        "the routines are numbered\n{}",
        pty.dump()
    );
    pty.send("\x1a");
    let deadline = Instant::now() + TIMEOUT;
    while !stopped(pid) {
        assert!(
            Instant::now() < deadline,
            "Ctrl-Z did not stop the program\n{}",
            pty.dump()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !pty.cursor_row().contains('z'),
        "Ctrl-Z was typed\n{}",
        pty.dump()
    );
    pty.signal("CONT");
    pty.wait_until("the choice again", |pty| {
        pty.cursor_row().trim_end() == "? Which one? 1-4"
    });
    // A number out of the list is asked again; 4 is upper-back.
    pty.reply_here("9");
    pty.wait_until("the mark and the choice again", |pty| {
        pty.screen()
            .contains("✗ Type a number from 1 to 4, then Enter.")
            && pty.prompt_waiting()
    });
    // 4 is upper-back: its questions begin. Ctrl-C there ends the run.
    pty.reply_here("4");
    pty.wait_prompt(AGE);
    assert!(pty.shows("> Which one? upper-back"), "{}", pty.dump());
    pty.send("\x03");
    let finished = pty.finish();
    finished.assert_code(130);
    finished.assert_prompt_restored();
}

// Esc and Ctrl-D at a question exited 130 ("interrupted", the exit of Ctrl-C): a question
// left unanswered ends the run as a missing answer does, exit 1, and says so.
#[test]
fn esc_or_ctrl_d_at_a_question_exits_1_saying_it_was_left_unanswered() {
    for (key, name) in [("\x1b", "Esc"), ("\x04", "Ctrl-D")] {
        let sandbox = sandbox();
        let mut pty = Pty::spawn(&sandbox, &args(&sandbox, None), 80, 24);
        pty.reply(AGE, "40");
        pty.wait_prompt(&headings()[0]);
        pty.send(key);
        let finished = pty.finish();
        finished.assert_code(1);
        let said = finished.words();
        assert!(
            said.contains(&format!(
                "was left unanswered ({name}): a missing answer is never taken as \"no\""
            )),
            "{}",
            finished.dump()
        );
        assert!(
            !finished.text().contains("Go ahead") && !finished.text().contains("interrupted"),
            "{}",
            finished.dump()
        );
        finished.assert_prompt_restored();
    }
}

// An answer, its Enter and a Ctrl-C that came in one read: the question took the answer and
// dropped the keys after its Enter, Ctrl-C among them, and the program waited on at the next
// prompt (a PTY test failed every time on a quiet machine). A request to stop is never lost.
#[test]
fn ctrl_c_typed_right_after_an_answer_still_interrupts() {
    let sandbox = sandbox();
    let mut pty = Pty::spawn(&sandbox, &args(&sandbox, Some("check")), 80, 24);
    pty.reply(AGE, "40");
    pty.wait_prompt(&headings()[0]);
    pty.send("n\r\x03");
    let finished = pty.finish();
    finished.assert_code(130);
    assert!(!finished.text().contains("Go ahead"), "{}", finished.dump());
    finished.assert_prompt_restored();
}
