//! Sessions from the user's side, through pipes: the safety questionnaire answered on stdin
//! (every verdict, a "yes" to a group and its items, a bad answer, end of input), whole
//! runs with the after-check, what the journal keeps of each, that nothing about health is
//! remembered from one run to the next, a damaged journal and two sessions finishing at once.
//!
//! Most tests answer by *what is asked* ([`Person`], through [`Test::answered_by`]): the
//! safety questions are data that grows. A few give every answer on stdin at once, where the
//! contract fixes the count: a person with nothing to report answers exactly 7 prompts
//! (4 groups, pain, "lasted?", "cause known?").
//!
//! A whole session lasts about 11 s (8 s "get ready" and three 1-second steps), so only a few
//! tests run one; the rest stop at the questionnaire.

use std::io::Write as _;
use std::process::Stdio;

use selfmassage::routine::schema::parse_routine;
use selfmassage::routine::{Origin, Routine};
use selfmassage::safety::{
    Answer, Answers, GroupView, ListKind, Next, PainScore, PromptId, Questionnaire, SafetyData,
};
use serde_json::Value;

use crate::harness::dialog::{
    CAUSE_QUESTION, CLEARANCE_QUESTION, GROUP_AGAIN, GROUP_QUESTION, ITEM_INTRO, ONGOING_QUESTION,
    PAIN_QUESTION,
};
use crate::harness::fixtures::QUICK;
use crate::harness::{Output, Person, Running, Test};

/// `quick`'s own red flag (emergency) and caution (clearable by a doctor).
const RED_FLAG: &str = "Did the pain start after a fall or a blow?";
const CAUTION: &str = "Do you have numbness or tingling in an arm?";

/// Two general questions, whole: a fragment could match a warning sign added later.
const PREGNANT: &str = "Now: pregnant, or could be.";
const ALCOHOL: &str = "In the last 6 hours: alcohol or a strong painkiller.";

/// What a person of 40 with nothing to report answers to `quick`'s questions, pain as
/// given: "no" to each sign and list, not ongoing, the cause known.
fn healthy(pain: impl std::fmt::Display) -> String {
    let questionnaire = quick_questionnaire();
    let mut answers = Answers::default();
    let mut typed = String::new();
    while let Next::Ask(prompt) = questionnaire.next(&answers) {
        let (answer, text) = match prompt.id {
            PromptId::Age => (Answer::Age(40), "40".to_string()),
            PromptId::PainNow => (
                Answer::Pain(PainScore::new(2).expect("0-10")),
                pain.to_string(),
            ),
            PromptId::CauseKnown => (Answer::Yes, "y".to_string()),
            _ => (Answer::No, "n".to_string()),
        };
        typed.push_str(&text);
        typed.push('\n');
        answers.set(prompt.id, answer);
    }
    typed
}

/// How many prompts [`healthy`] answers.
fn healthy_prompts() -> usize {
    healthy(3).lines().count()
}

/// `quick`'s questionnaire, as the program builds it.
fn quick_questionnaire() -> Questionnaire {
    safety_data().questionnaire(&[&parsed("quick", &quick_routine())], Vec::new(), None)
}

/// The after-check: pain 2, no new symptoms.
const AFTER: &str = "2\nn\n";

/// The tiny routine (11 s in all, one step on both sides, area neck) with one red flag and
/// one caution of its own.
fn quick_routine() -> String {
    format!(
        "{QUICK}\n[[red_flags]]\nquestion = \"{RED_FLAG}\"\nlevel = \"emergency\"\n\n\
         [[cautions]]\nquestion = \"{CAUTION}\"\n"
    )
}

/// A user routine parsed by the library, as the program parses it.
fn parsed(stem: &str, text: &str) -> Routine {
    parse_routine(&format!("{stem}.toml"), stem, text, Origin::BuiltIn)
        .unwrap_or_else(|problems| panic!("{problems:?}"))
}

fn safety_data() -> SafetyData {
    SafetyData::builtin().unwrap_or_else(|problem| panic!("{problem}"))
}

/// The signs and lists `quick` asks a person of 40, in order.
fn quick_groups() -> Vec<(ListKind, String, Vec<String>)> {
    let questionnaire = quick_questionnaire();
    let set = questionnaire.questions_asked(&Answers::default());
    set.groups(Some(40))
        .iter()
        .map(|g: &GroupView<'_>| {
            (
                g.def.kind,
                match g.def.kind {
                    ListKind::Sign => g.def.line.clone(),
                    ListKind::List => g.def.heading.clone(),
                },
                g.items.iter().map(|q| q.question.clone()).collect(),
            )
        })
        .collect()
}

/// The items of the group that lists `item`.
fn group_of(item: &str) -> Vec<String> {
    quick_groups()
        .into_iter()
        .find(|(_, _, items)| items.iter().any(|i| i == item))
        .unwrap_or_else(|| panic!("{item:?} is in no group"))
        .2
}

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

/// `selfmassage history --json` in the sandbox of `output`; gives the sandbox back.
fn history(output: Output) -> (Test, Vec<Value>) {
    let out = output.test.next_run().args(["history", "--json"]).run();
    let sessions = out.success().json();
    let sessions = sessions.as_array().expect("a JSON array").clone();
    (out.test, sessions)
}

/// `check quick` answered by `person`: ends with `headline`, exit `code`, no step started.
#[track_caller]
fn check(person: &Person, headline: &str, code: i32) -> Output {
    let out = quick(["check", "quick"]).answered_by(person);
    out.code(code)
        .no_panic()
        .stdout_contains(&format!("\n{headline}.\n"))
        .stdout_lacks("Step ");
    out
}

/// The clearance prompts asked, in order.
fn clearances(out: &Output) -> Vec<&str> {
    out.asked
        .iter()
        .filter(|a| a.prompt.is_clearance())
        .map(|a| a.prompt.question.as_str())
        .collect()
}

/// Where each list's heading is in `stdout`, in the order of the lists.
fn heading_positions(stdout: &str) -> Vec<Option<usize>> {
    quick_groups()
        .iter()
        .filter(|(kind, ..)| *kind == ListKind::List)
        .map(|(_, heading, _)| stdout.find(&format!("\n{heading}\n")))
        .collect()
}

// ---------------------------------------------------------------------------------------
// The questionnaire and its verdicts (`check`, answers on stdin)
// ---------------------------------------------------------------------------------------

#[test]
fn check_go_ahead_signs_first_then_every_question_listed_by_list() {
    // Every answer at once: one more prompt would meet the end of input and exit 1.
    let out = quick(["check", "quick"]).stdin(healthy(3)).run();
    out.success()
        .no_panic()
        .stdout_contains("\nGo ahead.\n")
        .stdout_lacks("gently")
        .stdout_lacks(CLEARANCE_QUESTION)
        .stdout_lacks(ITEM_INTRO)
        .stdout_contains("not a diagnosis");
    assert_eq!(out.prompt_count(), healthy_prompts(), "{}", out.stdout);
    let groups = quick_groups();
    let lists = groups.iter().filter(|(k, ..)| *k == ListKind::List).count();
    assert_eq!(
        out.stdout
            .matches(&format!("{GROUP_QUESTION} [y/n]"))
            .count(),
        lists,
        "one prompt per list\n{}",
        out.stdout
    );
    // The signs first, each one line, before any list.
    let at = heading_positions(&out.stdout);
    let at: Vec<usize> = at
        .iter()
        .map(|p| p.unwrap_or_else(|| panic!("a heading is missing\n{}", out.stdout)))
        .collect();
    for (_, line, _) in groups.iter().filter(|(k, ..)| *k == ListKind::Sign) {
        let sign = out
            .stdout
            .find(&format!("{line} [y/n]"))
            .unwrap_or_else(|| panic!("{line:?} not asked\n{}", out.stdout));
        assert!(sign < at[0], "{line:?} after a list\n{}", out.stdout);
    }
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}\n{}", out.stdout);
    // Each list's statements under its heading.
    for (i, (_, _, items)) in groups
        .iter()
        .filter(|(k, ..)| *k == ListKind::List)
        .enumerate()
    {
        let end = at.get(i + 1).copied().unwrap_or(out.stdout.len());
        let listed = &out.stdout[at[i]..end];
        for q in items {
            assert!(
                listed.contains(&format!("\n  - {q}\n")),
                "{q:?} not listed\n{}",
                out.stdout
            );
        }
    }
    // The routine's own questions are among them.
    out.stdout_contains(&format!("  - {RED_FLAG}\n"))
        .stdout_contains(&format!("  - {CAUTION}\n"));
    // Then the pain, "lasted?", "cause?", in that order, after the last list.
    let after_lists = &out.stdout[*at.last().expect("a list")..];
    let pain = after_lists.find(PAIN_QUESTION).expect("pain asked");
    let ongoing = after_lists.find(ONGOING_QUESTION).expect("ongoing asked");
    let cause = after_lists.find(CAUSE_QUESTION).expect("cause asked");
    assert!(pain < ongoing && ongoing < cause, "{}", out.stdout);
    // A check is not a session: nothing in the journal.
    let (_, sessions) = history(out);
    assert!(sessions.is_empty(), "{sessions:?}");
}

#[test]
fn a_yes_to_a_list_asks_each_of_its_items_once() {
    let out = check(&Person::fine().has("varicose vein"), "Go ahead gently", 0);
    let today = group_of("There: a bruise, varicose vein or rash.");
    let asked = out.questions();
    let at = asked
        .iter()
        .position(|q| *q == GROUP_QUESTION && out.asked.iter().any(|_| true))
        .expect("a list");
    let yes = out
        .asked
        .iter()
        .position(|a| a.answer == "y")
        .expect("one yes");
    assert!(yes >= at, "{asked:#?}");
    // The yes, then each of its items in order, then pain, lasted, cause.
    let items: Vec<&str> = asked[yes + 1..yes + 1 + today.len()].to_vec();
    assert_eq!(items, today, "{asked:#?}");
    // Then on: each item once, and the questions after the lists.
    for item in &today {
        assert_eq!(
            asked.iter().filter(|q| **q == item).count(),
            1,
            "{asked:#?}"
        );
    }
    assert!(
        asked[yes + 1 + today.len()..]
            .iter()
            .any(|q| q.starts_with(PAIN_QUESTION)),
        "{asked:#?}"
    );
    assert_eq!(out.stdout.matches(ITEM_INTRO).count(), 1, "{}", out.stdout);
}

#[test]
fn check_gently_naming_the_spot_to_avoid() {
    let out = check(&Person::fine().has("varicose vein"), "Go ahead gently", 0);
    out.stdout_contains("keep away from the bruise, varicose vein or rash")
        .stdout_lacks(CLEARANCE_QUESTION);
}

#[test]
fn check_not_today_after_alcohol() {
    check(&Person::fine().has(ALCOHOL), "Not today", 3)
        .stdout_contains("alcohol or a strong painkiller in the last few hours")
        .stdout_lacks(CLEARANCE_QUESTION)
        .stdout_lacks("Go ahead");
}

#[test]
fn check_doctor_first_when_the_cause_is_unknown_unless_a_doctor_cleared_it() {
    let out = check(
        &Person::fine().cause_known(false),
        "Talk to your doctor first",
        3,
    );
    out.stdout_contains("pain whose cause you do not know");
    assert_eq!(clearances(&out).len(), 1, "{}", out.stdout);
    assert!(
        clearances(&out)[0].contains("has a doctor told you"),
        "{}",
        out.stdout
    );
    check(
        &Person::fine()
            .cause_known(false)
            .cleared("cause you do not know", true),
        "Go ahead gently",
        0,
    )
    .stdout_contains(
        "a doctor has said self-massage is fine with pain whose cause you do not know",
    );
}

#[test]
fn check_gently_for_moderate_pain() {
    for pain in [4, 6] {
        check(&Person::fine().pain(pain), "Go ahead gently", 0)
            .stdout_contains(&format!("pain of {pain} out of 10 is moderate"))
            .stdout_lacks(CLEARANCE_QUESTION);
    }
    check(&Person::fine().pain(3), "Go ahead", 0).stdout_lacks("gently");
}

#[test]
fn check_doctor_first_for_pregnancy_not_cleared() {
    let out = check(
        &Person::fine().has(PREGNANT).cleared("pregnancy", false),
        "Talk to your doctor first",
        3,
    );
    assert_eq!(
        clearances(&out),
        ["About pregnancy: has a doctor told you that self-massage is fine for you with this?"],
        "{}",
        out.stdout
    );
}

#[test]
fn check_doctor_first_for_severe_pain_without_asking_for_clearance() {
    check(&Person::fine().pain(8), "Talk to your doctor first", 3)
        .stdout_contains("pain of 8 out of 10 is severe")
        .stdout_lacks(CLEARANCE_QUESTION);
    // Severe pain with reasons that could be cleared: still no clearance question.
    check(
        &Person::fine()
            .has(CAUTION)
            .ongoing(true)
            .pain(8)
            .cleared(CAUTION, true)
            .cleared("lasted", true),
        "Talk to your doctor first",
        3,
    )
    .stdout_contains(&format!("  - {CAUTION}"))
    .stdout_contains("pain of 8 out of 10 is severe")
    .stdout_lacks(CLEARANCE_QUESTION);
    // 7 is already severe.
    check(&Person::fine().pain(7), "Talk to your doctor first", 3).stdout_lacks(CLEARANCE_QUESTION);
}

#[test]
fn check_doctor_first_for_a_caution_or_ongoing_pain_not_cleared() {
    let out = check(&Person::fine().has(CAUTION), "Talk to your doctor first", 3);
    assert_eq!(clearances(&out).len(), 1, "{}", out.stdout);
    assert!(clearances(&out)[0].contains(CAUTION), "{}", out.stdout);
    let out = check(
        &Person::fine().ongoing(true),
        "Talk to your doctor first",
        3,
    );
    out.stdout_contains("pain that has lasted more than 2 weeks or keeps coming back");
    assert_eq!(clearances(&out).len(), 1, "{}", out.stdout);
    // Lasting pain may also be cleared by a physiotherapist.
    assert!(
        clearances(&out)[0].contains("a doctor or physiotherapist"),
        "{}",
        out.stdout
    );
}

#[test]
fn check_gently_when_a_doctor_has_cleared_each_reason() {
    for person in [
        Person::fine().has(PREGNANT).cleared("pregnancy", true),
        Person::fine().has(CAUTION).cleared(CAUTION, true),
        Person::fine().ongoing(true).cleared("lasted", true),
    ] {
        let out = check(&person, "Go ahead gently", 0);
        out.stdout_contains("has said self-massage is fine with")
            .stdout_contains("light pressure only")
            .stdout_lacks("Talk to your doctor first.");
        assert_eq!(clearances(&out).len(), 1, "{}", out.stdout);
    }
    // Three reasons: three clearance prompts, one per reason, each by name.
    let three = Person::fine()
        .has("warfarin")
        .has(CAUTION)
        .ongoing(true)
        .cleared("blood-thinning medicine", true)
        .cleared(CAUTION, true)
        .cleared("lasted", true);
    let out = check(&three, "Go ahead gently", 0);
    let asked = clearances(&out);
    assert_eq!(asked.len(), 3, "{}", out.stdout);
    for reason in [
        "blood-thinning medicine",
        CAUTION,
        "lasted more than 2 weeks",
    ] {
        assert_eq!(
            asked.iter().filter(|q| q.contains(reason)).count(),
            1,
            "{reason:?}: {asked:#?}"
        );
    }
    // One clearance never passes another.
    let out = check(
        &three.cleared(CAUTION, false),
        "Talk to your doctor first",
        3,
    );
    out.stdout_lacks("Go ahead");
}

#[test]
fn see_a_doctor_conditions_are_not_passed_by_a_clearance() {
    for (fragment, reason) in [
        ("unhealed wound", "a skin infection, a burn or a wound"),
        ("bleeding disorder", "a bleeding problem"),
    ] {
        check(
            &Person::fine().has(fragment).cleared(reason, true),
            "Talk to your doctor first",
            3,
        )
        .stdout_contains(&format!("  - {reason}"))
        .stdout_contains("until a doctor has seen you")
        .stdout_lacks(CLEARANCE_QUESTION)
        .stdout_lacks("Go ahead");
    }
    // Not with a clearable reason beside it either.
    check(
        &Person::fine()
            .has("bleeding disorder")
            .has("warfarin")
            .cleared("blood-thinning medicine", true),
        "Talk to your doctor first",
        3,
    )
    .stdout_lacks(CLEARANCE_QUESTION);
}

#[test]
fn a_fever_or_an_infection_means_not_today() {
    for item in [
        "Today: a fever (a high temperature).",
        "Today: an infection",
    ] {
        check(
            &Person::fine()
                .has("Today: a fever, flu or another infection")
                .has(item),
            "Not today",
            3,
        )
        .stdout_lacks(CLEARANCE_QUESTION)
        .stdout_lacks("Go ahead");
    }
}

#[test]
fn check_red_flag_means_care_now_and_asks_nothing_more() {
    let out = check(
        &Person::fine().has(RED_FLAG),
        "Call your local emergency number now",
        3,
    );
    out.stdout_contains("Do not massage")
        .stdout_lacks(PAIN_QUESTION)
        .stdout_lacks(CLEARANCE_QUESTION)
        .stdout_lacks("Your health:")
        .stdout_lacks("Go ahead");
    // Its list's items up to the red flag, and nothing after it.
    let asked = out.questions();
    assert_eq!(asked.last(), Some(&RED_FLAG), "{asked:#?}");
    let items = group_of(RED_FLAG);
    let index = items.iter().position(|q| q == RED_FLAG).expect("listed");
    let from = asked.len() - 1 - index;
    assert_eq!(asked[from..], items[..=index], "{asked:#?}");
}

#[test]
fn check_an_urgent_sign_means_a_doctor_today_at_once() {
    let out = check(&Person::fine().has("swollen"), "See a doctor today", 3);
    out.stdout_contains("possible signs of a blood clot")
        .stdout_lacks("Your health:")
        .stdout_lacks(PAIN_QUESTION)
        .stdout_lacks("emergency number");
    assert!(
        out.questions()
            .last()
            .is_some_and(|q| q.contains("swollen and painful")),
        "{:#?}",
        out.questions()
    );
}

#[test]
fn a_yes_no_item_confirms_is_asked_again_never_taken_as_all_clear() {
    // "Yes" to the emergency list, "no" to each of its items: the list is asked again.
    let mut rounds = 0;
    let out = quick(["check", "quick"]).converse(|prompt| {
        if prompt.question.starts_with(GROUP_AGAIN) {
            rounds += 1;
            return "n".into();
        }
        if prompt.is_group() && rounds == 0 && prompt.list.iter().any(|i| i == RED_FLAG) {
            return "y".into();
        }
        Person::fine().answer(prompt)
    });
    out.success().stdout_contains("\nGo ahead.\n");
    let asked = out.questions();
    let again_at = asked
        .iter()
        .position(|q| q.starts_with(GROUP_AGAIN))
        .unwrap_or_else(|| panic!("not asked again: {asked:#?}"));
    // Shown with the whole list again.
    assert!(
        out.asked[again_at]
            .prompt
            .list
            .iter()
            .any(|i| i == RED_FLAG),
        "{:?}",
        out.asked[again_at]
    );
    assert_eq!(
        asked.iter().filter(|q| q.starts_with(GROUP_AGAIN)).count(),
        1
    );

    // A "yes" the second time asks the items again, from the first: a red flag then stops.
    let mut yes_again = false;
    let out = quick(["check", "quick"]).converse(|prompt| {
        if prompt.question.starts_with(GROUP_AGAIN) {
            yes_again = true;
            return "y".into();
        }
        if prompt.is_group() && !yes_again && prompt.list.iter().any(|i| i == RED_FLAG) {
            return "y".into();
        }
        if yes_again && prompt.question == RED_FLAG {
            return "y".into();
        }
        Person::fine().answer(prompt)
    });
    out.code(3)
        .stdout_contains("\nCall your local emergency number now.\n")
        .stdout_lacks(PAIN_QUESTION);
    assert_eq!(
        out.questions().iter().filter(|q| **q == RED_FLAG).count(),
        2,
        "{:#?}",
        out.questions()
    );
}

#[test]
fn check_an_invalid_answer_is_an_error_with_the_reason() {
    let out = quick(["check", "quick"]).stdin("40\nmaybe\nn\n").run();
    out.code(1)
        .no_panic()
        .stderr_contains("\"maybe\" is not an answer")
        .stderr_contains("Today: chest pain")
        .stderr_contains("expected y, yes, n or no")
        .stdout_lacks("Go ahead")
        .stdout_lacks("Your health:");
    // An age that is not one.
    quick(["check", "quick"])
        .stdin("n\n")
        .run()
        .code(1)
        .stderr_contains("an age in years");
    // A pain out of range.
    quick(["check", "quick"])
        .stdin(healthy(11))
        .run()
        .code(1)
        .stderr_contains("\"11\"")
        .stderr_contains("0 to 10")
        .stdout_lacks(ONGOING_QUESTION)
        .stdout_lacks("Go ahead");
    // The long forms are answers too.
    let text = healthy(3).replace("n\n", "no\n").replace("y\n", "yes\n");
    quick(["check", "quick"])
        .stdin(text)
        .run()
        .success()
        .stdout_contains("\nGo ahead.\n");
}

#[test]
fn end_of_input_starts_nothing_and_records_nothing() {
    let text: String = healthy(3)
        .lines()
        .take(5)
        .map(|a| format!("{a}\n"))
        .collect();
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
    // A "yes" to a sign, then nothing: the items are never taken as "no".
    let out = again(test, ["run", "quick"]).stdin("40\ny\n").run();
    out.code(1)
        .stderr_contains("input ended before")
        .stdout_contains(ITEM_INTRO)
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

/// One questionnaire, each question listed once.
#[track_caller]
fn assert_each_question_once(out: &Output) {
    let items: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  - "))
        .collect();
    for (i, item) in items.iter().enumerate() {
        assert!(
            !items[..i].contains(item),
            "listed twice: {item:?}\n{}",
            out.stdout
        );
    }
    assert_eq!(
        out.stdout.matches("Safety questions first").count(),
        1,
        "one questionnaire\n{}",
        out.stdout
    );
}

#[test]
fn several_builtin_routines_share_one_questionnaire() {
    let out = Test::new()
        .args(["check", "head", "neck"])
        .answered_by(&Person::fine());
    out.success().no_panic().stdout_contains("\nGo ahead.\n");
    assert_each_question_once(&out);
    // The warning signs of both areas and the general questions are all listed, each at
    // its strictest (a general question an area makes stricter reads as the area's).
    let data = safety_data();
    let catalog = selfmassage::routine::Catalog::builtin();
    let find = |id: &str| {
        catalog
            .routines()
            .iter()
            .find(|r| r.id == id)
            .expect("built-in")
    };
    // Every list's statements (the signs are one line each: their items are asked on a yes).
    let questions = data
        .questionnaire(&[find("head"), find("neck")], Vec::new(), None)
        .questions;
    for group in questions.groups(Some(40)) {
        if group.def.kind == ListKind::List {
            for question in &group.items {
                out.stdout_contains(&format!("  - {}\n", question.question));
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
    let out = test.answered_by(&Person::fine());
    out.success().stdout_contains("\nGo ahead.\n");
    assert_each_question_once(&out);
    for question in [RED_FLAG, CAUTION, "Is your arm swollen?"] {
        assert_eq!(
            out.stdout.matches(&format!("  - {question}\n")).count(),
            1,
            "{question:?}\n{}",
            out.stdout
        );
    }
}

#[test]
fn several_routines_with_a_red_flag_in_the_second_still_stop() {
    let out = Test::new()
        .file("routines/quick.toml", quick_routine())
        .args(["check", "neck", "quick"])
        .routines_dir("routines")
        .answered_by(&Person::fine().has(RED_FLAG));
    out.code(3)
        .stdout_contains("\nCall your local emergency number now.\n")
        .stdout_lacks(PAIN_QUESTION);
}

// ---------------------------------------------------------------------------------------
// Go ahead gently: firm steps use their gentle text
// ---------------------------------------------------------------------------------------

const FIRM: &str = r#"title = "Firm test"
areas = ["neck"]
summary = "One firm step."

[[steps]]
title = "Press"
text = "Press firmly into the knot."
pressure = "firm"
gentle = "Rest your fingertips on the knot."
seconds = 1
spot = "back-of-neck"
"#;

#[test]
fn under_go_ahead_gently_a_firm_step_uses_its_gentle_text() {
    let firm = |pain: u8| {
        Test::new()
            .file("routines/firm.toml", FIRM)
            .args(["run", "firm"])
            .routines_dir("routines")
            .stdin(format!(
                "{}{AFTER}",
                crate::harness::dialog::nothing_to_report(&["neck"], pain)
            ))
            .run()
    };
    let gently = firm(5);
    gently
        .success()
        .stdout_contains("\nGo ahead gently.\n")
        .stdout_contains("  Rest your fingertips on the knot.")
        .stdout_lacks("Press firmly");
    let ahead = firm(2);
    ahead
        .success()
        .stdout_contains("\nGo ahead.\n")
        .stdout_contains("  Press firmly into the knot.")
        .stdout_lacks("Rest your fingertips");
}

// ---------------------------------------------------------------------------------------
// Whole runs and what the journal keeps
// ---------------------------------------------------------------------------------------

#[test]
fn a_completed_session_is_recorded_with_the_pain_eased() {
    let out = quick(["run", "quick"])
        .stdin(format!("{}{AFTER}", healthy(5)))
        .run();
    out.success()
        .no_panic()
        .stdout_contains("\nGo ahead gently.\n")
        .stdout_contains("Quick test: 2 steps, 0:11 in all.")
        .stdout_contains("Done: all 2 steps.")
        .stdout_contains("Pain eased: 5 → 2")
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
    assert_eq!(s["verdict"], "go-ahead-gently", "{s}");
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
    // Nothing is remembered for the next questionnaire: all 7 prompts again.
    let next = again(test, ["check", "quick"]).stdin(healthy(3)).run();
    next.success().stdout_contains("\nGo ahead.\n");
    assert_eq!(next.prompt_count(), healthy_prompts(), "{}", next.stdout);
}

#[test]
fn two_sessions_finishing_at_once_are_both_recorded_with_their_advice() {
    // `--ask-all` is still accepted (nothing is remembered, so it changes nothing).
    let test = Test::new()
        .file("routines/quick.toml", quick_routine())
        .args(["run", "quick", "--ask-all"])
        .routines_dir("routines");
    // One feels worse afterwards, the other has a new symptom.
    let inputs = [
        format!("{}6\nn\n", healthy(3)),
        // "Yes" to the new-symptoms list, then tingling (the sixth of its seven items).
        format!("{}4\ny\nn\nn\nn\nn\nn\ny\nn\n", healthy(4)),
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
    assert!(!worse.contains("Pain eased"), "{worse}");
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
    let out = quick(["run", "quick"]).answered_by(&Person::fine().has(RED_FLAG));
    out.code(3)
        .stdout_contains("Call your local emergency number now.")
        .stdout_lacks("Get ready")
        .stdout_lacks("Step");
    let (test, sessions) = history(out);
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let s = &sessions[0];
    assert_eq!(s["ending"], "safety-stop", "{s}");
    assert_eq!(s["verdict"], "care-now", "{s}");
    assert_eq!(s["steps_done"], 0, "{s}");
    assert_eq!(s["pain_after"], Value::Null, "{s}");

    // Severe pain: doctor first (every question asked again: nothing is remembered).
    let out = again(test, ["run", "quick"]).stdin(healthy(9)).run();
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
    let out = quick(["run", "quick"]).stdin(healthy(3)).run();
    out.code(1)
        .no_panic()
        .stdout_contains("Done: all 2 steps.")
        .stderr_contains("saved in your journal")
        .stderr_contains("input ended");
    let (_, sessions) = history(out);
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let s = &sessions[0];
    assert_eq!(s["ending"], "completed", "{s}");
    assert_eq!(s["pain_before"], 3, "{s}");
    assert_eq!(s["pain_after"], Value::Null, "{s}");
    assert_eq!(s["new_symptoms"], Value::Null, "{s}");
    assert_eq!(s["steps_done"], 2, "{s}");
}

// ---------------------------------------------------------------------------------------
// Nothing about health is remembered
// ---------------------------------------------------------------------------------------

/// What a questionnaire showed: every prompt and every list item, in order.
fn shown(out: &Output) -> (Vec<String>, Vec<String>) {
    let prompts = out.questions().iter().map(|q| q.to_string()).collect();
    let items = out
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  - "))
        .map(str::to_string)
        .collect();
    (prompts, items)
}

#[test]
fn nothing_is_remembered_between_sessions_and_ask_all_changes_nothing() {
    let first = quick(["check", "quick"]).answered_by(&Person::fine());
    first.success().stdout_contains("\nGo ahead.\n");
    let all = shown(&first);
    assert_eq!(all.0.len(), healthy_prompts(), "{:#?}", all.0);
    // A whole session in between, all clear.
    let session = again(first.test, ["run", "quick"])
        .stdin(format!("{}{AFTER}", healthy(3)))
        .run();
    session.success().stdout_contains("Done: all 2 steps.");
    // Every group asked again, the same lists, the same prompts.
    let second = again(session.test, ["check", "quick"]).answered_by(&Person::fine());
    second.success().stdout_contains("\nGo ahead.\n");
    assert_eq!(shown(&second), all, "{}", second.stdout);
    // `--ask-all` is accepted and asks the same.
    let third = again(second.test, ["check", "quick", "--ask-all"]).answered_by(&Person::fine());
    third.success().stderr_is("");
    assert_eq!(shown(&third), all, "{}", third.stdout);
}

#[test]
fn a_yes_is_not_remembered_either() {
    let first = quick(["check", "quick"]).answered_by(&Person::fine().has(ALCOHOL));
    first.code(3).stdout_contains("\nNot today.\n");
    let second = again(first.test, ["check", "quick"])
        .stdin(healthy(3))
        .run();
    second
        .success()
        .stdout_contains("\nGo ahead.\n")
        .stdout_lacks("Not today");
    assert_eq!(
        second.prompt_count(),
        healthy_prompts(),
        "{}",
        second.stdout
    );
}

#[test]
fn remember_answers_days_is_accepted_and_changes_nothing() {
    let plain = shown(&quick(["check", "quick"]).answered_by(&Person::fine()));
    for days in [0, 30, 365] {
        let first = quick(["check", "quick"])
            .file(
                "config/selfmassage/config.toml",
                format!("remember_answers_days = {days}\n"),
            )
            .answered_by(&Person::fine());
        first.success().stderr_is("");
        assert_eq!(shown(&first), plain, "{days} days\n{}", first.stdout);
        let second = again(first.test, ["check", "quick"]).answered_by(&Person::fine());
        second.success();
        assert_eq!(shown(&second), plain, "{days} days\n{}", second.stdout);
    }
}

// ---------------------------------------------------------------------------------------
// A damaged journal
// ---------------------------------------------------------------------------------------

/// A public report of a history tool that ran on with "nothing found" when its database
/// could not be read: the journal is said to be unreadable before the questions, a doctor's
/// word is asked for (a last session that went badly cannot be ruled out), the file is left
/// as it is, and the session is kept beside it and added once it is moved aside.
#[test]
fn a_garbage_journal_is_left_alone_and_the_session_is_kept_beside_it() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 + 13) as u8).collect();
    let journal = "data/selfmassage/journal.sqlite3";
    let out = quick(["run", "quick"])
        .file(journal, &garbage)
        .answered_by(&Person::fine().has("journal cannot be read"));
    let path = out.test.path().join(journal);
    let pending = path.with_extension("pending.jsonl");
    out.success()
        .no_panic()
        .stdout_contains("From your journal: Your journal cannot be read")
        .stdout_contains("Done: all 2 steps.")
        .stderr_contains(&format!("{} is not a selfmassage journal", path.display()))
        .stderr_contains(&format!("will be kept in {}", pending.display()))
        .stderr_lacks("not saved");
    let first_question = out.stdout.find("[y/n]").expect("asked");
    assert!(
        out.stdout.find("journal cannot be read") < Some(first_question),
        "said before the questions\n{}",
        out.stdout
    );
    assert_eq!(std::fs::read(&path).expect("still there"), garbage);
    assert!(pending.exists(), "kept beside it\n{}", out.context());

    let no = out
        .test
        .next_run()
        .args(["check", "quick"])
        .routines_dir("routines")
        .answered_by(&Person::fine());
    no.code(3).stdout_contains("Your journal cannot be read");

    let out = no.test.next_run().args(["history"]).run();
    out.code(1)
        .no_panic()
        .stderr_contains(&path.display().to_string());
    assert_eq!(std::fs::read(&path).expect("still there"), garbage);

    std::fs::rename(&path, path.with_extension("aside")).expect("moved aside");
    let out = out.test.next_run().args(["history", "--json"]).run();
    out.success()
        .stderr_contains("Added to the journal: 1 session and its after-check");
    let sessions = out.json();
    assert_eq!(sessions[0]["pain_after"], 2, "{}", out.context());
}

// ---------------------------------------------------------------------------------------
// Built-in routines, and user routines that try to get around the area's warning signs
// ---------------------------------------------------------------------------------------

#[test]
fn every_builtin_routine_goes_ahead_within_fifteen_prompts() {
    let catalog = selfmassage::routine::Catalog::builtin();
    assert_eq!(catalog.routines().len(), 10);
    let sandbox = crate::harness::Sandbox::new();
    for routine in catalog.routines() {
        // Every answer at once: a prompt more would meet the end of input (exit 1).
        let out = sandbox
            .test()
            .args(["check", &routine.id])
            .stdin(
                crate::harness::dialog::nothing_to_report_prompts_for(&[routine], 2)
                    .into_iter()
                    .map(|(_, _, answer)| format!("{answer}\n"))
                    .collect::<String>(),
            )
            .run();
        out.success().stdout_contains("\nGo ahead.\n");
        let prompts = out.prompt_count();
        assert!(
            prompts <= 15,
            "{}: {prompts} prompts\n{}",
            routine.id,
            out.stdout
        );
    }
}

/// A user's own `neck` routine: one step, no questions of its own.
const USER_NECK: &str = r#"title = "My neck"
areas = ["neck"]
summary = "Just one step."

[[steps]]
title = "Rub"
text = "Rub the back of your neck."
seconds = 5
pressure = "light"
"#;

#[test]
fn a_user_neck_routine_without_questions_still_gets_the_necks_warning_signs() {
    const ACCIDENT: &str = "The neck pain started after an accident, a fall or a blow.";
    let neck = safety_data();
    let neck = neck.area("neck").expect("the neck's warning signs");
    let test = Test::new().routine_file("neck.toml", USER_NECK);
    // `show` says it replaces the built-in and lists the neck's warning signs.
    let shown = test.next_run().args(["show", "neck"]).run();
    shown
        .success()
        .stdout_contains("My neck")
        .stdout_contains("replaces the built-in routine \"neck\"")
        .stdout_contains("Asked first: ");
    let flat = shown
        .stdout
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for question in &neck.questions {
        assert!(
            flat.contains(&format!("- {}", question.question)),
            "{:?} not shown\n{}",
            question.question,
            shown.stdout
        );
    }
    // A "yes" to the injury sign, then to the accident: call the emergency number.
    let out = shown.test.next_run().args(["check", "neck"]).answered_by(
        &Person::fine()
            .has("Did a fall or injury start this pain")
            .has(ACCIDENT),
    );
    out.code(3)
        .stdout_contains("\nCall your local emergency number now.\n")
        .stdout_contains("neck pain after an accident or fall")
        .stdout_lacks(PAIN_QUESTION);
    let asked = out.questions();
    assert_eq!(asked.last(), Some(&ACCIDENT), "{asked:#?}");
    // Asked after the signs before it, and no list.
    out.stdout_lacks(GROUP_QUESTION);
}

/// A user routine that repeats the pregnancy question as a clearable caution, next to the
/// belly routine (where pregnancy is never cleared).
const REPEATS_PREGNANCY: &str = r#"title = "Gentle hips"
areas = ["hips"]
summary = "A user's routine."

[[cautions]]
question = "Now: pregnant, or could be."
clearable = true

[[steps]]
title = "Rub"
text = "Rub your hips."
seconds = 5
pressure = "light"
"#;

#[test]
fn a_user_routine_cannot_make_pregnancy_clearable_next_to_the_belly() {
    // The file is refused where it repeats the built-in question: nothing runs.
    for args in [["check", "abdomen", "mine"], ["check", "mine", "abdomen"]] {
        let out = Test::new()
            .routine_file("mine.toml", REPEATS_PREGNANCY)
            .args(args)
            .answered_by(&Person::fine().has(PREGNANT).cleared("pregnan", true));
        out.code(1)
            .stderr_contains(
                "mine.toml:6:12: this question's wording is the built-in question \"pregnancy\"",
            )
            .stdout_lacks("Go ahead");
    }
    // Beside it, the belly routine alone still never clears pregnancy.
    let out = Test::new()
        .routine_file("mine.toml", REPEATS_PREGNANCY)
        .args(["check", "abdomen"])
        .answered_by(&Person::fine().has(PREGNANT).cleared("pregnan", true));
    out.code(3)
        .stdout_contains("\nTalk to your doctor first.\n")
        .stdout_contains("pregnancy (no belly massage")
        .stdout_lacks(CLEARANCE_QUESTION)
        .stdout_lacks("Go ahead");
    assert!(clearances(&out).is_empty(), "{}", out.stdout);
}
