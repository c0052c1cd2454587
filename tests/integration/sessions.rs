//! Sessions from the user's side, through pipes: the safety questionnaire answered line by
//! line on stdin (every verdict, a bad answer, end of input), whole runs with the after-check,
//! what the journal keeps of each, remembered answers, a damaged journal and two sessions
//! finishing at once.
//!
//! A whole session lasts about 11 s (8 s "get ready" and three 1-second steps), so only a few
//! tests run one; the rest stop at the questionnaire.

use std::io::{Read as _, Write as _};
use std::process::Stdio;
use std::thread;

use serde_json::Value;

use crate::harness::fixtures::QUICK;
use crate::harness::{Output, Running, Test, find};

const RED_FLAG: &str = "Did the pain start after a fall or a blow?";
const CAUTION: &str = "Do you have numbness or tingling in an arm?";
const PAIN_QUESTION: &str = "How strong is the pain right now";
const CLEARANCE_QUESTION: &str = "Has a doctor or physiotherapist already told you";
const SKIPPED_NOTE: &str = "Not asked again:";

/// The tiny routine (11 s in all, one step on both sides) with one red flag and one caution
/// of its own.
fn quick_routine() -> String {
    format!(
        "{QUICK}\n[[red_flags]]\nquestion = \"{RED_FLAG}\"\nlevel = \"emergency\"\n\n\
         [[cautions]]\nquestion = \"{CAUTION}\"\n"
    )
}

/// The general questions' ids, in the order they are asked (`routines/safety/general.toml`).
const GENERAL_IDS: [&str; 8] = [
    "clot",
    "broken-bone",
    "fever-or-wound",
    "bones-or-bleeding",
    "blood-thinners",
    "pregnancy-surgery-cancer",
    "skin",
    "alcohol",
];

/// The general questions that are remembered (not `every_time`).
const REMEMBERED_IDS: [&str; 3] = [
    "bones-or-bleeding",
    "blood-thinners",
    "pregnancy-surgery-cancer",
];

/// A sandbox with `quick` in a `--routines-dir` folder, running `args`.
fn quick<const N: usize>(args: [&str; N]) -> Test {
    Test::new()
        .file("routines/quick.toml", quick_routine())
        .args(args)
        .routines_dir("routines")
}

/// Another run of `selfmassage ARGS` with `quick` in the same sandbox as `test`.
fn again<const N: usize>(test: Test, args: [&str; N]) -> Test {
    test.next_run().args(args).routines_dir("routines")
}

/// The built-in general questions, by id, as the user reads them.
fn general_questions() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/routines/safety/general.toml");
    let text = std::fs::read_to_string(path).expect("read general.toml");
    let table: toml::Table = text.parse().expect("general.toml is TOML");
    table["questions"]
        .as_array()
        .expect("a questions array")
        .iter()
        .map(|q| {
            (
                q["id"].as_str().expect("id").to_string(),
                q["question"].as_str().expect("question").to_string(),
            )
        })
        .collect()
}

fn general_question(id: &str) -> String {
    general_questions()
        .into_iter()
        .find(|(i, _)| i == id)
        .unwrap_or_else(|| panic!("no general question {id}"))
        .1
}

/// Every question the program asked, in order: the prompt lines (they end in `[y/n]` or
/// `0-10`), without the answer hint.
fn questions_asked(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(str::trim_end)
        .filter_map(|line| {
            line.strip_suffix("[y/n]")
                .or_else(|| line.strip_suffix("0-10"))
        })
        .map(|q| q.trim().to_string())
        .collect()
}

/// The run asked `count` questions.
#[track_caller]
fn assert_asked(out: &Output, count: usize) {
    assert_eq!(
        questions_asked(&out.stdout).len(),
        count,
        "questions asked\n{}",
        out.stdout
    );
}

/// The answers to `quick`'s questionnaire, in the order it asks them, then the after-check.
#[derive(Clone)]
struct Answers {
    general: [&'static str; 8],
    /// The two remembered general questions are not asked (a recent all-"no" questionnaire).
    remembered: bool,
    red_flag: &'static str,
    caution: &'static str,
    pain: &'static str,
    ongoing: &'static str,
    cause_known: &'static str,
    /// Only asked when every reason to stop can be cleared by a doctor.
    cleared: Option<&'static str>,
    after: Vec<&'static str>,
}

/// One builder method per single answer: `Answers::fine().pain("8")`.
macro_rules! answer_setters {
    ($($field:ident),*) => {
        impl Answers {
            $(
                fn $field(mut self, answer: &'static str) -> Answers {
                    self.$field = answer;
                    self
                }
            )*
        }
    };
}

answer_setters!(red_flag, caution, pain, ongoing, cause_known);

impl Answers {
    /// All "no", pain 3, the cause is known: "Go ahead."
    fn fine() -> Answers {
        Answers {
            general: ["n"; 8],
            remembered: false,
            red_flag: "n",
            caution: "n",
            pain: "3",
            ongoing: "n",
            cause_known: "y",
            cleared: None,
            after: Vec::new(),
        }
    }

    fn general(mut self, id: &str, answer: &'static str) -> Answers {
        let index = GENERAL_IDS
            .iter()
            .position(|i| *i == id)
            .unwrap_or_else(|| panic!("no general question {id}"));
        self.general[index] = answer;
        self
    }

    fn remembered(mut self) -> Answers {
        self.remembered = true;
        self
    }

    fn cleared(mut self, answer: &'static str) -> Answers {
        self.cleared = Some(answer);
        self
    }

    /// Pain after the session and "any new symptoms?".
    fn after(mut self, pain: &'static str, new_symptoms: &'static str) -> Answers {
        self.after = vec![pain, new_symptoms];
        self
    }

    fn lines(&self) -> Vec<&'static str> {
        let mut lines = Vec::new();
        for (id, answer) in GENERAL_IDS.iter().zip(self.general) {
            if !(self.remembered && REMEMBERED_IDS.contains(id)) {
                lines.push(answer);
            }
        }
        lines.extend([
            self.red_flag,
            self.caution,
            self.pain,
            self.ongoing,
            self.cause_known,
        ]);
        lines.extend(self.cleared);
        lines.extend(&self.after);
        lines
    }

    fn text(&self) -> String {
        self.lines().iter().map(|l| format!("{l}\n")).collect()
    }
}

/// `selfmassage history --json` in the sandbox of `output`; gives the sandbox back.
fn history(output: Output) -> (Test, Vec<Value>) {
    let out = output.test.next_run().args(["history", "--json"]).run();
    let sessions = out.success().json();
    let sessions = sessions.as_array().expect("a JSON array").clone();
    (out.test, sessions)
}

/// A check that ends with `verdict`, exit `code`, having asked exactly what `answers` answer
/// (an extra question would meet the end of input and exit 1).
#[track_caller]
fn check(answers: &Answers, verdict: &str, code: i32) -> Output {
    let out = quick(["check", "quick"]).stdin(answers.text()).run();
    out.code(code)
        .no_panic()
        .stdout_contains(&format!("\n{verdict}\n"))
        .stdout_lacks("Step ");
    // The questions asked are the answers given: one each.
    assert_asked(&out, answers.lines().len());
    out
}

// ---------------------------------------------------------------------------------------
// The questionnaire and its verdicts (`check`, answers on stdin)
// ---------------------------------------------------------------------------------------

#[test]
fn check_go_ahead_asks_every_question_in_order() {
    let out = check(&Answers::fine(), "Go ahead.", 0);
    out.stdout_lacks("gently")
        .stdout_lacks(CLEARANCE_QUESTION)
        .stdout_contains("not a diagnosis");
    let mut expected: Vec<String> = general_questions().into_iter().map(|(_, q)| q).collect();
    expected.extend([RED_FLAG.to_string(), CAUTION.to_string()]);
    let asked = questions_asked(&out.stdout);
    let n = GENERAL_IDS.len() + 2;
    assert_eq!(
        asked[..n],
        expected[..],
        "general questions, red flag, caution"
    );
    assert!(asked[n].starts_with(PAIN_QUESTION), "{asked:?}");
    assert!(
        asked[n + 1].contains("lasted more than a couple of weeks"),
        "{asked:?}"
    );
    assert!(
        asked[n + 2].contains("know what is causing it"),
        "{asked:?}"
    );
    // A check is not a session: nothing in the journal.
    let (_, sessions) = history(out);
    assert!(sessions.is_empty(), "{sessions:?}");
}

#[test]
fn check_gently_when_the_cause_is_unknown() {
    check(&Answers::fine().cause_known("n"), "Go ahead gently.", 0)
        .stdout_contains("cause is not known")
        .stdout_lacks(CLEARANCE_QUESTION);
}

#[test]
fn check_gently_naming_the_spot_to_avoid() {
    check(&Answers::fine().general("skin", "y"), "Go ahead gently.", 0)
        .stdout_contains("keep away from the varicose veins, rash, skin infection, bruise or lump")
        .stdout_lacks(CLEARANCE_QUESTION);
}

#[test]
fn check_not_today_after_alcohol() {
    check(&Answers::fine().general("alcohol", "y"), "Not today.", 3)
        .stdout_contains("alcohol or strong painkillers")
        .stdout_lacks(CLEARANCE_QUESTION);
}

#[test]
fn check_doctor_first_for_pregnancy_not_cleared() {
    check(
        &Answers::fine()
            .general("pregnancy-surgery-cancer", "y")
            .cleared("n"),
        "Talk to your doctor first.",
        3,
    )
    .stdout_contains(CLEARANCE_QUESTION)
    .stdout_contains("pregnancy, recent surgery, or cancer");
}

#[test]
fn check_doctor_first_for_severe_pain_without_asking_for_clearance() {
    check(&Answers::fine().pain("8"), "Talk to your doctor first.", 3)
        .stdout_contains("pain of 8 out of 10 is severe")
        .stdout_lacks(CLEARANCE_QUESTION);
    // Severe pain with a reason that could be cleared: still no clearance question.
    check(
        &Answers::fine().caution("y").pain("8"),
        "Talk to your doctor first.",
        3,
    )
    .stdout_contains(CAUTION)
    .stdout_contains("pain of 8 out of 10 is severe")
    .stdout_lacks(CLEARANCE_QUESTION);
    // 7 is already severe.
    check(&Answers::fine().pain("7"), "Talk to your doctor first.", 3)
        .stdout_lacks(CLEARANCE_QUESTION);
}

#[test]
fn check_doctor_first_for_a_caution_or_ongoing_pain_not_cleared() {
    check(
        &Answers::fine().caution("y").cleared("n"),
        "Talk to your doctor first.",
        3,
    )
    .stdout_contains(CLEARANCE_QUESTION)
    .stdout_contains(&format!("  - {CAUTION}"));
    check(
        &Answers::fine().ongoing("y").cleared("n"),
        "Talk to your doctor first.",
        3,
    )
    .stdout_contains(CLEARANCE_QUESTION)
    .stdout_contains("lasted a while or keeps coming back");
}

#[test]
fn check_gently_when_a_doctor_has_cleared_it() {
    for answers in [
        Answers::fine()
            .general("pregnancy-surgery-cancer", "y")
            .cleared("y"),
        Answers::fine().caution("y").cleared("y"),
        Answers::fine().ongoing("y").cleared("y"),
        Answers::fine()
            .general("blood-thinners", "y")
            .caution("y")
            .ongoing("y")
            .cleared("y"),
    ] {
        check(&answers, "Go ahead gently.", 0)
            .stdout_contains(CLEARANCE_QUESTION)
            .stdout_contains("your doctor has cleared you")
            .stdout_lacks("Talk to your doctor first.");
    }
}

#[test]
fn see_a_doctor_conditions_are_not_passed_by_a_clearance() {
    for id in ["fever-or-wound", "bones-or-bleeding"] {
        check(
            &Answers::fine().general(id, "y"),
            "Talk to your doctor first.",
            3,
        )
        .stdout_lacks(CLEARANCE_QUESTION)
        .stdout_lacks("Go ahead");
    }
}

#[test]
fn check_red_flag_means_care_now_and_asks_nothing_more() {
    // Every later answer is there too: a program that went on asking would not run out of
    // input, it would print the questions.
    let answers = Answers::fine().red_flag("y");
    let out = quick(["check", "quick"]).stdin(answers.text()).run();
    out.code(3)
        .no_panic()
        .stdout_contains("\nGet medical care now.\n")
        .stdout_contains("Call your local emergency number")
        .stdout_lacks(CAUTION)
        .stdout_lacks(PAIN_QUESTION)
        .stdout_lacks(CLEARANCE_QUESTION)
        .stdout_lacks("Go ahead");
    // The general questions, then the red flag: nothing after it.
    assert_asked(&out, GENERAL_IDS.len() + 1);
}

#[test]
fn check_a_care_now_general_answer_stops_at_once() {
    let answers = Answers::fine().general("clot", "y");
    let out = quick(["check", "quick"]).stdin(answers.text()).run();
    out.code(3)
        .stdout_contains("\nGet medical care now.\n")
        .stdout_contains("a possible blood clot")
        .stdout_lacks(&general_question("broken-bone"))
        .stdout_lacks(RED_FLAG)
        .stdout_lacks(PAIN_QUESTION);
    assert_asked(&out, 1);
}

#[test]
fn check_an_invalid_answer_is_an_error_with_the_reason() {
    let out = quick(["check", "quick"]).stdin("n\nmaybe\nn\n").run();
    out.code(1)
        .no_panic()
        .stderr_contains("\"maybe\" is not an answer")
        .stderr_contains(&general_question("broken-bone"))
        .stderr_contains("expected y, yes, n or no")
        .stdout_lacks("Go ahead")
        .stdout_lacks(&general_question("fever-or-wound"));
    // A pain out of range.
    let answers = Answers::fine().pain("11");
    quick(["check", "quick"])
        .stdin(answers.text())
        .run()
        .code(1)
        .stderr_contains("\"11\"")
        .stderr_contains("0 to 10")
        .stdout_lacks("Go ahead");
    // The long forms are answers too.
    let text = Answers::fine()
        .text()
        .replace("n\n", "no\n")
        .replace("y\n", "yes\n");
    quick(["check", "quick"])
        .stdin(text)
        .run()
        .success()
        .stdout_contains("\nGo ahead.\n");
}

#[test]
fn end_of_input_starts_nothing_and_records_nothing() {
    let mut answers = Answers::fine().lines();
    answers.truncate(5);
    let text: String = answers.iter().map(|a| format!("{a}\n")).collect();
    let out = quick(["run", "quick"]).stdin(text).run();
    out.code(1)
        .no_panic()
        .stderr_contains("input ended before")
        .stderr_contains("never taken as \"no\"")
        .stdout_lacks("Step")
        .stdout_lacks("Get ready")
        .stdout_lacks("Go ahead");
    let (test, sessions) = history(out);
    assert!(sessions.is_empty(), "{sessions:?}");
    // Nothing at all on stdin: the same.
    let out = again(test, ["run", "quick"]).run();
    out.code(1)
        .stderr_contains("input ended")
        .stdout_lacks("Step");
    let (_, sessions) = history(out);
    assert!(sessions.is_empty(), "{sessions:?}");
}

// ---------------------------------------------------------------------------------------
// Several routines: one questionnaire
// ---------------------------------------------------------------------------------------

/// Runs `test` answering each question as it is asked: `answer` gets the question text. A
/// prompt this helper does not recognise ends in the harness's timeout.
fn converse(test: Test, answer: impl Fn(&str) -> String) -> Output {
    let mut command = test.command();
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = Running::spawn(&mut command).expect("start selfmassage");
    let mut stdin = child.take_stdin();
    let mut stdout = child.take_stdout();
    let mut stderr = child.take_stderr();
    let stderr_reader = thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut seen = Vec::new();
    let mut scanned = 0;
    let mut chunk = [0u8; 4096];
    loop {
        let n = stdout.read(&mut chunk).expect("read stdout");
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&chunk[..n]);
        while let Some((at, marker)) = [&b"[y/n] "[..], &b"0-10 "[..]]
            .iter()
            .filter_map(|m| find(&seen[scanned..], m).map(|at| (scanned + at, m.len())))
            .min()
        {
            let start = seen[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |p| p + 1);
            let question = String::from_utf8_lossy(&seen[start..at]).trim().to_string();
            let _ = writeln!(stdin, "{}", answer(&question));
            let _ = stdin.flush();
            scanned = at + marker;
        }
    }
    drop(stdin);
    let status = child.wait();
    Output {
        args: Vec::new(),
        code: status.code(),
        stdout: String::from_utf8(seen).expect("stdout is UTF-8"),
        stderr: stderr_reader.join().expect("stderr"),
        test,
    }
}

/// "No" to everything, pain 3, the cause is known.
fn all_fine(question: &str) -> String {
    if question.starts_with(PAIN_QUESTION) {
        "3".into()
    } else if question.contains("know what is causing it") {
        "y".into()
    } else {
        "n".into()
    }
}

#[track_caller]
fn assert_each_question_once(out: &Output) {
    let asked = questions_asked(&out.stdout);
    for (i, q) in asked.iter().enumerate() {
        assert!(
            !asked[..i].contains(q),
            "asked twice: {q:?}\n{}",
            out.stdout
        );
    }
    assert_eq!(
        out.stdout.matches("A few safety questions first").count(),
        1,
        "one questionnaire\n{}",
        out.stdout
    );
    assert_eq!(
        out.stdout.matches(PAIN_QUESTION).count(),
        1,
        "{}",
        out.stdout
    );
}

#[test]
fn several_builtin_routines_share_one_questionnaire() {
    let out = converse(Test::new().args(["check", "head", "neck"]), all_fine);
    out.success().no_panic().stdout_contains("\nGo ahead.\n");
    assert_each_question_once(&out);
    // Both routines' own questions are there.
    let asked = questions_asked(&out.stdout);
    for routine in ["head", "neck"] {
        let path = format!("{}/routines/{routine}.toml", env!("CARGO_MANIFEST_DIR"));
        let table: toml::Table = std::fs::read_to_string(path)
            .expect("read")
            .parse()
            .expect("TOML");
        for list in ["red_flags", "cautions"] {
            for item in table
                .get(list)
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
            {
                let question = item["question"].as_str().expect("question");
                assert!(
                    asked.iter().any(|q| q == question),
                    "{routine}'s {question:?} not asked\n{}",
                    out.stdout
                );
            }
        }
    }
}

#[test]
fn a_question_two_routines_share_is_asked_once() {
    let other = quick_routine()
        .replace("Quick test", "Other test")
        .replace("Sit tall", "Stand tall")
        .replace(
            "[[cautions]]",
            "[[red_flags]]\nquestion = \"Is your arm swollen?\"\n\n[[cautions]]",
        );
    let test = Test::new()
        .file("routines/quick.toml", quick_routine())
        .file("routines/other.toml", other)
        .args(["check", "quick", "other"])
        .routines_dir("routines");
    let out = converse(test, all_fine);
    out.success().stdout_contains("\nGo ahead.\n");
    assert_each_question_once(&out);
    let asked = questions_asked(&out.stdout);
    for question in [RED_FLAG, CAUTION, "Is your arm swollen?"] {
        assert_eq!(
            asked.iter().filter(|q| *q == question).count(),
            1,
            "{question:?}\n{}",
            out.stdout
        );
    }
    // 8 general, 3 distinct red flags and cautions, pain, ongoing, cause.
    assert_eq!(asked.len(), GENERAL_IDS.len() + 6, "{}", out.stdout);
}

// ---------------------------------------------------------------------------------------
// Whole runs and what the journal keeps
// ---------------------------------------------------------------------------------------

#[test]
fn a_completed_session_is_recorded_with_real_relief() {
    let answers = Answers::fine().pain("5").after("2", "n");
    let out = quick(["run", "quick"]).stdin(answers.text()).run();
    out.success()
        .no_panic()
        .stdout_contains("\nGo ahead.\n")
        .stdout_contains("Quick test: 2 steps, 0:11 in all.")
        .stdout_contains("Done: all 2 steps.")
        .stdout_contains("Real relief: 5 → 2")
        .stderr_is("");
    let after = out
        .stdout
        .split("How do you feel?")
        .nth(1)
        .expect("after-check");
    assert!(
        !after.contains("doctor"),
        "no doctor advice after relief\n{after}"
    );
    // Plain output: every step line, in order, and no escape sequence or bell.
    assert!(!out.stdout.contains('\x1b'), "escape in {:?}", out.stdout);
    assert!(!out.stdout.contains('\x07'), "bell in {:?}", out.stdout);
    let expected = [
        "Get ready (0:08)",
        "Step 1 of 2: Posture (0:01)",
        "  Sit tall and drop your shoulders.",
        "Step 2 of 2 · left side: Circles (0:01)",
        "  Small slow circles over the sore spot.",
        "Switch to the right side.",
        "Step 2 of 2 · right side: Circles (0:01)",
        "  Small slow circles over the sore spot.",
        "Done.",
        "Done: all 2 steps. How do you feel?",
    ];
    let lines: Vec<&str> = out.stdout.lines().collect();
    let mut from = 0;
    for line in expected {
        let at = lines[from..]
            .iter()
            .position(|l| l.trim_end() == line)
            .unwrap_or_else(|| panic!("{line:?} missing or out of order\n{}", out.stdout));
        from += at + 1;
    }
    let (test, sessions) = history(out);
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let s = &sessions[0];
    assert_eq!(s["ending"], "completed", "{s}");
    assert_eq!(s["verdict"], "go-ahead", "{s}");
    assert_eq!(s["routines"], serde_json::json!(["quick"]), "{s}");
    assert_eq!(s["areas"], serde_json::json!(["neck"]), "{s}");
    assert_eq!(s["pain_before"], 5, "{s}");
    assert_eq!(s["pain_after"], 2, "{s}");
    assert_eq!(s["new_symptoms"], false, "{s}");
    assert_eq!(s["steps_total"], 2, "{s}");
    assert_eq!(s["steps_done"], s["steps_total"], "{s}");
    let started: jiff::Timestamp = s["started_at"]
        .as_str()
        .expect("text")
        .parse()
        .expect("time");
    let ended: jiff::Timestamp = s["ended_at"].as_str().expect("text").parse().expect("time");
    let seconds = (ended - started).as_secs();
    assert!((10..=20).contains(&seconds), "lasted {seconds} s: {s}");
    // The all-"no" answers are remembered for the next questionnaire.
    again(test, ["check", "quick"])
        .stdin(Answers::fine().remembered().text())
        .run()
        .success()
        .stdout_contains(SKIPPED_NOTE);
}

#[test]
fn two_sessions_finishing_at_once_are_both_recorded_with_their_advice() {
    // --ask-all: the first to finish its questionnaire would otherwise spare the other the
    // general questions it remembers.
    let test = Test::new()
        .file("routines/quick.toml", quick_routine())
        .args(["run", "quick", "--ask-all"])
        .routines_dir("routines");
    // One feels worse afterwards, the other has a new symptom.
    let inputs = [
        Answers::fine().pain("3").after("6", "n").text(),
        Answers::fine().pain("4").after("4", "y").text(),
    ];
    let children: Vec<_> = inputs
        .iter()
        .map(|input| {
            let mut command = test.command();
            command
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut child = Running::spawn(&mut command).expect("start selfmassage");
            child
                .take_stdin()
                .write_all(input.as_bytes())
                .expect("write answers");
            child
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|child| child.output(None))
        .collect();
    for output in &outputs {
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
        assert!(stdout.contains("Done: all 2 steps."), "{stdout}\n{stderr}");
        assert!(!stderr.contains("not be saved"), "{stderr}");
    }
    let worse = String::from_utf8_lossy(&outputs[0].stdout);
    assert!(worse.contains("Your pain went up (3 → 6)"), "{worse}");
    assert!(worse.contains("doctor"), "{worse}");
    assert!(!worse.contains("Real relief"), "{worse}");
    let symptoms = String::from_utf8_lossy(&outputs[1].stdout);
    let advice = symptoms
        .split("How do you feel?")
        .nth(1)
        .expect("after-check");
    assert!(advice.contains("doctor"), "{symptoms}");

    let out = test.next_run().args(["history", "--json"]).run();
    let sessions = out.success().json();
    let sessions = sessions.as_array().expect("array");
    assert_eq!(sessions.len(), 2, "{sessions:?}");
    let mut after: Vec<_> = sessions
        .iter()
        .map(|s| {
            assert_eq!(s["ending"], "completed", "{s}");
            (
                s["pain_before"].as_u64(),
                s["pain_after"].as_u64(),
                s["new_symptoms"].as_bool(),
            )
        })
        .collect();
    after.sort();
    assert_eq!(
        after,
        [
            (Some(3), Some(6), Some(false)),
            (Some(4), Some(4), Some(true))
        ]
    );
}

#[test]
fn a_safety_stop_is_recorded_with_no_steps() {
    // A red flag: medical care now.
    let out = quick(["run", "quick"])
        .stdin(Answers::fine().red_flag("y").text())
        .run();
    out.code(3)
        .stdout_contains("Get medical care now.")
        .stdout_lacks("Get ready")
        .stdout_lacks("Step");
    let (test, sessions) = history(out);
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let s = &sessions[0];
    assert_eq!(s["ending"], "safety-stop", "{s}");
    assert_eq!(s["verdict"], "care-now", "{s}");
    assert_eq!(s["steps_done"], 0, "{s}");
    assert_eq!(s["pain_after"], Value::Null, "{s}");

    // Severe pain: doctor first (the general answers are remembered by now).
    let out = again(test, ["run", "quick"])
        .stdin(Answers::fine().remembered().pain("9").text())
        .run();
    out.code(3)
        .stdout_contains("Talk to your doctor first.")
        .stdout_lacks("Step");
    let (_, sessions) = history(out);
    assert_eq!(sessions.len(), 2, "{sessions:?}");
    let s = sessions
        .iter()
        .find(|s| s["pain_before"] == 9)
        .unwrap_or_else(|| panic!("the second stop: {sessions:?}"));
    assert_eq!(s["ending"], "safety-stop", "{s}");
    assert_eq!(s["verdict"], "doctor-first", "{s}");
    assert_eq!(s["steps_done"], 0, "{s}");
}

#[test]
fn an_after_check_cut_off_still_keeps_the_session() {
    // Every questionnaire answer, then nothing.
    let out = quick(["run", "quick"])
        .stdin(Answers::fine().pain("4").text())
        .run();
    out.code(1)
        .no_panic()
        .stdout_contains("Done: all 2 steps.")
        .stderr_contains("saved in your journal")
        .stderr_contains("input ended");
    let (_, sessions) = history(out);
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let s = &sessions[0];
    assert_eq!(s["ending"], "completed", "{s}");
    assert_eq!(s["pain_before"], 4, "{s}");
    assert_eq!(s["pain_after"], Value::Null, "{s}");
    assert_eq!(s["new_symptoms"], Value::Null, "{s}");
    assert_eq!(s["steps_done"], 2, "{s}");
}

// ---------------------------------------------------------------------------------------
// Remembered answers
// ---------------------------------------------------------------------------------------

#[test]
fn general_answers_all_no_are_remembered_and_ask_all_asks_again() {
    let first = quick(["check", "quick"])
        .stdin(Answers::fine().text())
        .run();
    first.success().stdout_lacks(SKIPPED_NOTE);
    let all = questions_asked(&first.stdout);

    let second = again(first.test, ["check", "quick"])
        .stdin(Answers::fine().remembered().text())
        .run();
    second.success().stdout_contains(SKIPPED_NOTE);
    let asked = questions_asked(&second.stdout);
    assert_eq!(
        asked.len(),
        all.len() - REMEMBERED_IDS.len(),
        "{}",
        second.stdout
    );
    for id in REMEMBERED_IDS {
        second.stdout_lacks(&general_question(id));
    }
    // Questions about today are still asked, and so are the routine's own.
    for id in ["clot", "broken-bone", "fever-or-wound", "skin", "alcohol"] {
        second.stdout_contains(&general_question(id));
    }
    second.stdout_contains(RED_FLAG).stdout_contains(CAUTION);

    let third = again(second.test, ["check", "quick", "--ask-all"])
        .stdin(Answers::fine().text())
        .run();
    third.success().stdout_lacks(SKIPPED_NOTE);
    assert_eq!(questions_asked(&third.stdout), all, "{}", third.stdout);
}

#[test]
fn a_yes_to_a_general_question_is_not_remembered() {
    let first = quick(["check", "quick"])
        .stdin(Answers::fine().general("alcohol", "y").text())
        .run();
    first.code(3);
    let second = again(first.test, ["check", "quick"])
        .stdin(Answers::fine().text())
        .run();
    second.success().stdout_lacks(SKIPPED_NOTE);
    assert_asked(&second, GENERAL_IDS.len() + 5);
}

#[test]
fn remember_answers_days_zero_asks_every_time() {
    let first = quick(["check", "quick"])
        .file(
            "config/selfmassage/config.toml",
            "remember_answers_days = 0\n",
        )
        .stdin(Answers::fine().text())
        .run();
    first.success();
    let second = again(first.test, ["check", "quick"])
        .stdin(Answers::fine().text())
        .run();
    second.success().stdout_lacks(SKIPPED_NOTE);
    assert_eq!(
        questions_asked(&second.stdout),
        questions_asked(&first.stdout),
        "{}",
        second.stdout
    );
    assert_asked(&second, GENERAL_IDS.len() + 5);
}

// ---------------------------------------------------------------------------------------
// A damaged journal
// ---------------------------------------------------------------------------------------

#[test]
fn a_garbage_journal_is_left_alone_and_the_session_still_runs() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 + 13) as u8).collect();
    let journal = "data/selfmassage/journal.sqlite3";
    let out = quick(["run", "quick"])
        .file(journal, &garbage)
        .stdin(Answers::fine().after("2", "n").text())
        .run();
    let path = out.test.path().join(journal);
    out.success()
        .no_panic()
        .stdout_contains("Done: all 2 steps.")
        .stderr_contains(&path.display().to_string())
        .stderr_contains("will not be saved");
    assert_eq!(
        out.stderr.matches("will not be saved").count(),
        1,
        "warned once\n{}",
        out.stderr
    );
    assert_eq!(std::fs::read(&path).expect("still there"), garbage);

    let out = out.test.next_run().args(["history"]).run();
    out.code(1)
        .no_panic()
        .stderr_contains(&path.display().to_string());
    assert_eq!(std::fs::read(&path).expect("still there"), garbage);
}
