//! A screen people read: the reading budgets of every built-in routine and every pair
//! (words, prompts, rows at 80 columns, counted by the library's own measure), and the
//! longest list on one 80x24 screen together with its heading and its question.

use selfmassage::routine::{Catalog, Routine};
use selfmassage::safety::{AnswerKind, ListKind, Prompt, PromptId, Questionnaire, SafetyData};
use selfmassage::ui::text::reading::{
    COLUMNS, MAX_PROMPTS, MAX_ROWS, MAX_WORDS, MAX_WORDS_PAIR, Reading, rows, worst,
};

fn data() -> SafetyData {
    SafetyData::builtin().unwrap_or_else(|problem| panic!("{problem}"))
}

fn routines() -> Vec<Routine> {
    Catalog::builtin().routines().to_vec()
}

fn over(r: &Reading, words: usize, prompts: Option<usize>) -> bool {
    r.words > words || prompts.is_some_and(|p| r.prompts > p) || r.rows > MAX_ROWS
}

#[test]
fn every_builtin_routine_stays_within_the_reading_budget() {
    let data = data();
    let mut problems = Vec::new();
    for routine in &routines() {
        let q = data.questionnaire(&[routine], Vec::new(), None);
        let alone = worst(&q, false, COLUMNS);
        if over(&alone, MAX_WORDS, Some(MAX_PROMPTS)) {
            problems.push(format!("{}: {alone:?}", routine.id));
        }
        // With its optional steps, a routine touches more areas: a pair's budget.
        let all = worst(&q, true, COLUMNS);
        if over(&all, MAX_WORDS_PAIR, None) {
            problems.push(format!("{} with its optional steps: {all:?}", routine.id));
        }
        assert!(alone.prompts >= 4, "{}: {alone:?}", routine.id);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_pair_of_builtin_routines_stays_within_the_pair_budget() {
    let data = data();
    let routines = routines();
    let mut problems = Vec::new();
    for (i, a) in routines.iter().enumerate() {
        for b in &routines[i + 1..] {
            let q = data.questionnaire(&[a, b], Vec::new(), None);
            let r = worst(&q, false, COLUMNS);
            if over(&r, MAX_WORDS_PAIR, None) {
                problems.push(format!("{} + {}: {r:?}", a.id, b.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The measure counts what it should: a list of six long statements is taller than the
/// limit, and every word of a prompt counts.
#[test]
fn the_measure_catches_a_list_too_tall_or_too_long() {
    let long = "This statement is written to be long enough to take two rows of the screen at eighty columns, and then some more.";
    let prompt = Prompt {
        id: PromptId::PainNow,
        preamble: std::iter::once("Heading:".to_string())
            .chain((0..9).map(|_| format!("  - {long}")))
            .collect(),
        text: "Is your answer yes to any of these?".to_string(),
        kind: AnswerKind::YesNo,
    };
    assert!(rows(&prompt, COLUMNS) > MAX_ROWS);
    // The neck's questionnaire with one more statement in a list is one word count higher.
    let data = data();
    let neck = routines()
        .into_iter()
        .find(|r| r.id == "neck")
        .expect("neck");
    let before = worst(
        &data.questionnaire(&[&neck], Vec::new(), None),
        false,
        COLUMNS,
    );
    let mut more = data.clone();
    let mut extra = more.general[0].clone();
    extra.id = "extra".into();
    extra.question = "One two three.".into();
    extra.list = "health".into();
    extra.level = selfmassage::safety::Level::AvoidSpot;
    more.general.push(extra);
    let after = worst(
        &more.questionnaire(&[&neck], Vec::new(), None),
        false,
        COLUMNS,
    );
    assert!(after.words >= before.words + 3, "{before:?} {after:?}");
}

/// The built-in routine whose tallest list prompt is tallest at `columns`, that prompt,
/// and the prompts before it (as a person with nothing to report answers them).
fn tallest_list(columns: usize) -> (String, Prompt, Vec<Prompt>) {
    use selfmassage::safety::{Answer, Answers, Next, PainScore};
    let data = data();
    let mut best: Option<(usize, String, Prompt, Vec<Prompt>)> = None;
    for routine in &routines() {
        let q: Questionnaire = data.questionnaire(&[routine], Vec::new(), None);
        let mut answers = Answers::default();
        let mut before = Vec::new();
        while let Next::Ask(prompt) = q.next(&answers) {
            let height = rows(&prompt, columns);
            if matches!(prompt.id, PromptId::Group(_))
                && !prompt.preamble.is_empty()
                && best.as_ref().is_none_or(|b| height > b.0)
            {
                best = Some((height, routine.id.clone(), prompt.clone(), before.clone()));
            }
            let answer = match prompt.id {
                PromptId::Age => Answer::Age(70),
                PromptId::PainNow => Answer::Pain(PainScore::new(2).expect("0-10")),
                PromptId::CauseKnown => Answer::Yes,
                _ => Answer::No,
            };
            before.push(prompt.clone());
            answers.set(prompt.id, answer);
        }
    }
    let (_, id, prompt, before) = best.expect("a list");
    (id, prompt, before)
}

fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `check` of the routine with the tallest list at `columns`, in a `columns` x `rows`
/// window, answered as a person of 70 with nothing to report up to that list's question;
/// returns the list.
#[cfg(unix)]
fn at_the_tallest_list(columns: u16, rows: u16) -> (crate::harness::pty::Pty, Prompt) {
    let (mut pty, tallest) = to_the_tallest_list(columns, rows);
    pty.wait_prompt(&tallest.preamble[0]);
    (pty, tallest)
}

/// [`at_the_tallest_list`] up to the answer before that list: the list is on its way.
#[cfg(unix)]
fn to_the_tallest_list(columns: u16, rows: u16) -> (crate::harness::pty::Pty, Prompt) {
    use crate::harness::Sandbox;
    use crate::harness::pty::Pty;
    let (routine, tallest, before) = tallest_list(usize::from(columns));
    let sandbox = Sandbox::new();
    let mut pty = Pty::spawn(&sandbox, &["check", routine.as_str()], columns, rows);
    for prompt in &before {
        let marker = match prompt.id {
            PromptId::Group(_) if !prompt.preamble.is_empty() => prompt.preamble[0].clone(),
            _ => prompt.text.clone(),
        };
        let answer = match prompt.id {
            PromptId::Age => "70",
            _ => "n",
        };
        pty.reply(&marker, answer);
    }
    (pty, tallest)
}

#[cfg(unix)]
#[test]
fn the_longest_list_its_heading_and_its_question_are_on_one_80x24_screen() {
    let (mut pty, tallest) = to_the_tallest_list(80, 24);
    let paused = pty.pages_to_prompt(&tallest.preamble[0]);
    assert!(paused.is_empty(), "a list that fits paused\n{}", pty.dump());
    let screen = letters(&pty.screen());
    for line in tallest.preamble.iter().chain([&tallest.text]) {
        let line = line.trim_start_matches([' ', '-']);
        assert!(
            screen.contains(&letters(line)),
            "{line:?} is not on the screen with the rest of its list\n{}",
            pty.dump()
        );
    }
    pty.send("\x03");
    pty.finish().assert_code(130);
}

// A list taller than a small window scrolled its heading (the time frame and the body
// part) away before its question was asked: the question then names the heading.
#[cfg(unix)]
#[test]
fn in_a_40x12_window_the_question_of_a_long_list_names_its_heading() {
    let (mut pty, tallest) = at_the_tallest_list(40, 12);
    let screen = letters(&pty.screen());
    let question = format!("{} {}", tallest.preamble[0], tallest.text);
    assert!(
        screen.contains(&letters(&question)),
        "the heading is not in sight of the question\n{}",
        pty.dump()
    );
    pty.send("\x03");
    pty.finish().assert_code(130);
}

/// The screens of the tallest list at 40 columns in a 40x12 window, at each pause and then
/// at its question, which waits there.
#[cfg(unix)]
fn pages_of_the_tallest_list_at_40x12() -> (crate::harness::pty::Pty, Prompt, Vec<String>) {
    let (mut pty, tallest) = to_the_tallest_list(40, 12);
    let mut screens = pty.pages_to_prompt(&tallest.preamble[0]);
    screens.push(pty.screen());
    (pty, tallest, screens)
}

// In a 40x12 window a list taller than the window scrolled its first statements (blood
// thinners, pregnancy) above the screen before its question was to be answered: it is
// shown a screenful at a time, each but the last followed by a pause, the last by the
// question.
#[cfg(unix)]
#[test]
fn in_a_40x12_window_every_statement_of_a_long_list_is_on_screen_before_its_question() {
    let (mut pty, tallest, screens) = pages_of_the_tallest_list_at_40x12();
    let shown = screens.join("\n----\n");
    assert!(screens.len() > 1, "the list did not pause\n{shown}");
    for line in &tallest.preamble {
        let line = letters(line.trim_start_matches([' ', '-']));
        assert!(
            screens.iter().any(|screen| letters(screen).contains(&line)),
            "{line:?} was never on the screen before its question\n{shown}"
        );
    }
    let (last, paused) = screens.split_last().expect("screens");
    assert!(
        letters(last).contains(&letters(&tallest.text)),
        "the last screen holds the question\n{shown}"
    );
    for screen in paused {
        assert!(
            !letters(screen).contains(&letters(&tallest.text)),
            "the question is asked only after the whole list\n{shown}"
        );
    }
    pty.reply_here("n");
    pty.wait_until("the next prompt", |pty| {
        pty.paused() || pty.prompt_waiting()
    });
    pty.send("\x03");
    pty.finish().assert_code(130);
}

// Ctrl-Z at a pause stops the program like everywhere else; after `fg` the screenful is
// shown again with its pause, and Enter goes on to the rest of the list.
#[cfg(unix)]
#[test]
fn ctrl_z_at_a_pause_in_a_list_stops_the_program_and_fg_shows_it_again() {
    use crate::harness::pty::TIMEOUT;
    use selfmassage::ui::text::question::MORE;
    let (mut pty, tallest) = to_the_tallest_list(40, 12);
    let pid = pty.pid();
    pty.wait_until("a pause in the list", |pty| pty.paused());
    pty.send("\x1a");
    let deadline = std::time::Instant::now() + TIMEOUT;
    while !crate::harness::pty::stopped(pid) {
        assert!(
            std::time::Instant::now() < deadline,
            "Ctrl-Z did not stop the program\n{}",
            pty.dump()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let stopped_at = pty.raw().len();
    pty.signal("CONT");
    pty.wait_until("the screenful again, with its pause", |pty| {
        String::from_utf8_lossy(&pty.raw()[stopped_at..]).contains(MORE) && pty.paused()
    });
    assert!(
        letters(&pty.screen()).contains(&letters(&tallest.preamble[0])),
        "{}",
        pty.dump()
    );
    let pauses = pty.pages_to_prompt(&tallest.text);
    assert!(pty.prompt_waiting(), "{pauses:?}");
    pty.send("\x03");
    pty.finish().assert_code(130);
}

// Esc or Ctrl-D at a pause in a list is the same key at its question: the question is left
// unanswered, which is never "no".
#[cfg(unix)]
#[test]
fn esc_or_ctrl_d_at_a_pause_in_a_list_leaves_its_question_unanswered() {
    for (key, name) in [("\x1b", "Esc"), ("\x04", "Ctrl-D")] {
        let (mut pty, tallest) = to_the_tallest_list(40, 12);
        pty.wait_until("a pause in the list", |pty| pty.paused());
        pty.send(key);
        let finished = pty.finish();
        finished.assert_code(1);
        let said = finished.words();
        assert!(
            said.contains(&format!("{}\" was left unanswered ({name})", tallest.text))
                && said.contains("a missing answer is never taken as \"no\""),
            "{}",
            finished.dump()
        );
        assert!(!said.contains("Go ahead"), "{}", finished.dump());
        finished.assert_prompt_restored();
    }
}

/// The signs are asked before any list, and each sign is one line.
#[test]
fn signs_come_first_as_one_line_each() {
    let data = data();
    for routine in &routines() {
        let q = data.questionnaire(&[routine], Vec::new(), None);
        let asked = q.questions_asked(&Default::default());
        let groups = asked.groups(Some(70));
        let first_list = groups.iter().position(|g| g.def.kind == ListKind::List);
        let last_sign = groups.iter().rposition(|g| g.def.kind == ListKind::Sign);
        assert!(last_sign < first_list, "{}", routine.id);
        for g in groups.iter().filter(|g| g.def.kind == ListKind::Sign) {
            assert!(!g.def.line.contains('\n'), "{}", g.def.line);
        }
    }
}
