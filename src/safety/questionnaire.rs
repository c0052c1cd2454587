//! The pre-session questionnaire as a pure state machine: given the answers so far, either
//! the next prompt or the verdict. Nothing here reads a terminal.
//!
//! Order (a screen people read, see the README): whether to include a routine's optional
//! steps (their areas' signs are asked only when included) · the person's age, once, when a
//! question depends on it · the warning signs that need emergency care, each as one line
//! (one cluster of symptoms with its time frame) · short lists of statements (at most 6
//! shown at once) under "Is your answer yes to any of these?" · pain now · has it lasted? ·
//! is its cause known? · then, for each reason a doctor can clear, whether a doctor has said
//! self-massage is fine with that reason. A "yes" to a sign or a list asks each of its items
//! on its own, so every question of the data is still put to the person.
//!
//! A missing answer is always asked, never assumed to be "no". A "yes" to a list that no
//! item confirms is asked again, never taken as all clear. Any red flag ends at once.

use std::collections::HashMap;

use super::pain::{PainBand, PainScore};
use super::questions::{Group, GroupView, Level, ListKind, QuestionSet, SafetyQuestion};
use super::verdict::{Clearance, Reason, Verdict, VerdictKind};

/// Which prompt an answer belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PromptId {
    /// Whether to include a routine's optional steps (by routine id).
    Include(String),
    /// The person's age in years, when a question depends on it.
    Age,
    /// A sign's one line, or "Is your answer yes to any of these?" for one list.
    Group(Group),
    /// The sign or list asked once more, after a "yes" that no item confirmed.
    GroupAgain(Group),
    /// One item of a group, asked after a "yes" to it (by question id).
    Item(Group, String),
    PainNow,
    Ongoing,
    CauseKnown,
    /// Whether a doctor (or physiotherapist) has cleared this reason (by reason id).
    Cleared(String),
}

/// How a prompt is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    YesNo,
    Pain,
    /// Whole years.
    Age,
}

/// One prompt: what to print first (a list, a note), then the question itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub id: PromptId,
    /// Lines shown before the question (a list's heading and items); may be empty.
    pub preamble: Vec<String>,
    pub text: String,
    pub kind: AnswerKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    Pain(PainScore),
    /// Age in whole years.
    Age(u8),
}

impl Answer {
    pub fn from_bool(yes: bool) -> Answer {
        if yes { Answer::Yes } else { Answer::No }
    }
}

/// The answers given so far, by prompt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(HashMap<PromptId, Answer>);

impl Answers {
    /// Records an answer. A new answer to a group, or a second "yes" to it, starts a new
    /// round for it: its items are asked again.
    pub fn set(&mut self, id: PromptId, answer: Answer) {
        let new_round = match &id {
            PromptId::Group(group) => Some((group.clone(), true)),
            PromptId::GroupAgain(group) if answer == Answer::Yes => Some((group.clone(), false)),
            _ => None,
        };
        if let Some((group, first)) = new_round {
            self.0.retain(|key, _| match key {
                PromptId::Item(g, _) => *g != group,
                PromptId::GroupAgain(g) => !(first && *g == group),
                _ => true,
            });
        }
        self.0.insert(id, answer);
    }

    pub fn get(&self, id: &PromptId) -> Option<Answer> {
        self.0.get(id).copied()
    }

    fn is_yes(&self, id: &PromptId) -> bool {
        self.get(id) == Some(Answer::Yes)
    }

    /// The pain score given before the session, once asked.
    pub fn pain(&self) -> Option<PainScore> {
        match self.get(&PromptId::PainNow) {
            Some(Answer::Pain(score)) => Some(score),
            _ => None,
        }
    }

    /// The age given, once asked.
    pub fn age(&self) -> Option<u8> {
        match self.get(&PromptId::Age) {
            Some(Answer::Age(age)) => Some(age),
            _ => None,
        }
    }

    /// Whether the person chose to include this routine's optional steps.
    pub fn included(&self, routine: &str) -> bool {
        self.is_yes(&PromptId::Include(routine.to_string()))
    }

    /// The safety questions answered "yes" (by id), each once.
    pub fn confirmed(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|(key, answer)| match key {
            PromptId::Item(_, id) if *answer == Answer::Yes => Some(id.as_str()),
            _ => None,
        })
    }
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    Ask(Prompt),
    Done(Verdict),
}

/// Up to this many routines with optional steps, every combination is merged in advance.
const MAX_PRECOMPUTED_CHOICES: usize = 6;

pub const LIST_QUESTION: &str = "Is your answer yes to any of these?";
/// Before a sign's line or a list's question, asked again after a "yes" no item confirmed.
pub const AGAIN_PREFIX: &str = "You said yes, but no to each one. Please read it again.";
pub const ITEM_INTRO: &str = "Which of them? One at a time:";
pub const AGE_QUESTION: &str = "How old are you?";
pub const PAIN_QUESTION: &str = "How bad is the pain now, 0 (none) to 10 (worst)?";
pub const ONGOING_QUESTION: &str = "Has this pain lasted over 2 weeks, or does it keep returning?";
pub const CAUSE_QUESTION: &str = "Do you know its cause, like posture or exercise?";

/// A routine's optional steps, offered before the questions: their areas' signs are asked
/// only when they are included.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The routine's id.
    pub routine: String,
    /// "Add the optional steps for the neck and shoulders?"
    pub question: String,
    /// The questions the optional steps add.
    pub adds: QuestionSet,
}

/// The questions of one run and the reasons already known before any is asked (from the
/// journal), turned into prompts and a verdict.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    /// The questions of the steps every run does.
    pub questions: QuestionSet,
    /// Optional steps offered first (set with [`Questionnaire::with_choices`]).
    choices: Vec<Choice>,
    /// Reasons from earlier sessions (`journal::rules`), part of every verdict.
    pub known: Vec<Reason>,
    /// The person's age when known without asking (`birth_year` in the config file).
    pub age: Option<u8>,
    /// The questions for each combination of included choices (bit i: choice i), merged
    /// once when the choices are given: merging is not cheap, and `next` is called often.
    variants: Vec<QuestionSet>,
}

impl Questionnaire {
    pub fn new(questions: QuestionSet, known: Vec<Reason>) -> Questionnaire {
        Questionnaire {
            questions,
            choices: Vec::new(),
            known,
            age: None,
            variants: Vec::new(),
        }
    }

    /// The optional steps offered first.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    /// With optional steps to offer first.
    pub fn with_choices(mut self, choices: Vec<Choice>) -> Questionnaire {
        self.choices = choices;
        self.variants.clear();
        // A handful of routines at most: every combination, merged once.
        if self.choices.len() <= MAX_PRECOMPUTED_CHOICES {
            for mask in 0..1usize << self.choices.len() {
                self.variants.push(self.merge(|i| mask & (1 << i) != 0));
            }
        }
        self
    }

    /// The questions with the choices `included` says (by index).
    fn merge(&self, included: impl Fn(usize) -> bool) -> QuestionSet {
        let mut set = self.questions.clone();
        for (i, choice) in self.choices.iter().enumerate() {
            if included(i) {
                set.extend(&choice.adds);
            }
        }
        set
    }

    /// With the person's age known (no need to ask it).
    pub fn with_age(mut self, age: Option<u8>) -> Questionnaire {
        self.age = age;
        self
    }

    /// The questions the answers so far call for: those of every step, and of the
    /// optional steps included.
    pub fn questions_asked(&self, answers: &Answers) -> std::borrow::Cow<'_, QuestionSet> {
        let included = |i: usize| answers.included(&self.choices[i].routine);
        let mask = (0..self.choices.len())
            .filter(|i| included(*i))
            .fold(0usize, |mask, i| mask | 1 << i);
        if mask == 0 {
            return std::borrow::Cow::Borrowed(&self.questions);
        }
        match self.variants.get(mask) {
            Some(set) => std::borrow::Cow::Borrowed(set),
            None => std::borrow::Cow::Owned(self.merge(included)),
        }
    }

    /// The age the questions use: known, or answered.
    pub fn age(&self, answers: &Answers) -> Option<u8> {
        self.age.or_else(|| answers.age())
    }

    /// The next prompt, or the verdict once the answers decide it.
    pub fn next(&self, answers: &Answers) -> Next {
        for choice in &self.choices {
            let id = PromptId::Include(choice.routine.clone());
            if answers.get(&id).is_none() {
                return Next::Ask(Prompt {
                    id,
                    preamble: Vec::new(),
                    text: choice.question.clone(),
                    kind: AnswerKind::YesNo,
                });
            }
        }
        let questions = self.questions_asked(answers);
        if self.age.is_none() && answers.age().is_none() && questions.needs_age() {
            return Next::Ask(Prompt {
                id: PromptId::Age,
                preamble: Vec::new(),
                text: AGE_QUESTION.to_string(),
                kind: AnswerKind::Age,
            });
        }
        let groups = questions.groups(self.age(answers));
        for group in &groups {
            if let Some(next) = self.next_in_group(group, &groups, answers) {
                return next;
            }
        }
        for (id, text, kind) in [
            (PromptId::PainNow, PAIN_QUESTION, AnswerKind::Pain),
            (PromptId::Ongoing, ONGOING_QUESTION, AnswerKind::YesNo),
            (PromptId::CauseKnown, CAUSE_QUESTION, AnswerKind::YesNo),
        ] {
            if answers.get(&id).is_none() {
                return Next::Ask(Prompt {
                    id,
                    preamble: Vec::new(),
                    text: text.to_string(),
                    kind,
                });
            }
        }
        let reasons = self.reasons(&questions, &groups, answers);
        let stopping: Vec<&Reason> = reasons
            .iter()
            .filter(|r| r.level >= VerdictKind::NotNow)
            .collect();
        if stopping.is_empty() || stopping.iter().any(|r| r.clearance == Clearance::None) {
            return Next::Done(Verdict::from_reasons(reasons));
        }
        // Every reason that stops the run can be cleared: ask about each, by name.
        for reason in &stopping {
            let id = PromptId::Cleared(reason.id.clone());
            match answers.get(&id) {
                None => {
                    return Next::Ask(Prompt {
                        id,
                        preamble: Vec::new(),
                        text: reason.clearance_question(),
                        kind: AnswerKind::YesNo,
                    });
                }
                Some(Answer::Yes) => {}
                Some(_) => return Next::Done(Verdict::from_reasons(reasons)),
            }
        }
        Next::Done(Verdict::from_reasons(
            reasons.into_iter().map(Reason::cleared).collect(),
        ))
    }

    /// The group's next prompt; the verdict if a red flag was confirmed; `None` when the
    /// group is settled.
    fn next_in_group(
        &self,
        view: &GroupView<'_>,
        groups: &[GroupView<'_>],
        answers: &Answers,
    ) -> Option<Next> {
        let group = &view.group;
        let group_prompt = |again: bool| {
            let (preamble, question) = match view.def.kind {
                ListKind::Sign => (Vec::new(), view.def.line.clone()),
                ListKind::List => (
                    std::iter::once(view.def.heading.clone())
                        .chain(view.items.iter().map(|q| format!("  - {}", q.question)))
                        .collect(),
                    LIST_QUESTION.to_string(),
                ),
            };
            Prompt {
                id: if again {
                    PromptId::GroupAgain(group.clone())
                } else {
                    PromptId::Group(group.clone())
                },
                preamble,
                text: if again {
                    format!("{AGAIN_PREFIX} {question}")
                } else {
                    question
                },
                kind: AnswerKind::YesNo,
            }
        };
        match answers.get(&PromptId::Group(group.clone())) {
            None => return Some(Next::Ask(group_prompt(false))),
            Some(Answer::Yes) => {}
            Some(_) => return None,
        }
        let again = answers.get(&PromptId::GroupAgain(group.clone()));
        if matches!(again, Some(Answer::No)) {
            // On reading it again, none of it applies.
            return None;
        }
        let mut confirmed = false;
        for (i, item) in view.items.iter().enumerate() {
            let id = PromptId::Item(group.clone(), item.id.clone());
            match answers.get(&id) {
                None => {
                    return Some(Next::Ask(Prompt {
                        id,
                        preamble: if i == 0 {
                            vec![item_intro(view)]
                        } else {
                            Vec::new()
                        },
                        text: item.question.clone(),
                        kind: AnswerKind::YesNo,
                    }));
                }
                // Nobody with a red flag answers more questions.
                Some(Answer::Yes) if item.level.is_red_flag() => {
                    let questions = self.questions_asked(answers);
                    return Some(Next::Done(Verdict::from_reasons(
                        self.reasons(&questions, groups, answers),
                    )));
                }
                Some(Answer::Yes) => confirmed = true,
                Some(_) => {}
            }
        }
        if confirmed || again.is_some() {
            // Settled: an item said which, or a second "yes" still named none ("not sure",
            // one of [`Questionnaire::reasons`]).
            return None;
        }
        Some(Next::Ask(group_prompt(true)))
    }

    /// A group answered "yes" twice with no item confirmed either time.
    fn unsure(view: &GroupView<'_>, answers: &Answers) -> bool {
        answers.is_yes(&PromptId::Group(view.group.clone()))
            && answers.is_yes(&PromptId::GroupAgain(view.group.clone()))
            && view.items.iter().all(|item| {
                answers.get(&PromptId::Item(view.group.clone(), item.id.clone()))
                    == Some(Answer::No)
            })
    }

    /// Every reason the answers so far hold, before any clearance.
    fn reasons(
        &self,
        questions: &QuestionSet,
        groups: &[GroupView<'_>],
        answers: &Answers,
    ) -> Vec<Reason> {
        let mut reasons = self.known.clone();
        for view in groups {
            for question in &view.items {
                if answers.is_yes(&PromptId::Item(view.group.clone(), question.id.clone())) {
                    reasons.push(reason_for(question));
                }
            }
            if Self::unsure(view, answers) {
                // "Not sure" is never all clear.
                reasons.push(Reason::new(
                    format!("unsure-{}", view.group.id()),
                    VerdictKind::DoctorFirst,
                    format!(
                        "you said yes to the {}, but to none of them one by one",
                        view.def.name
                    ),
                ));
            }
        }
        if let Some(pain) = answers.pain() {
            match pain.band() {
                PainBand::Severe if questions.severe_pain.is_red_flag() => {
                    reasons.push(Reason::new(
                        "severe-pain",
                        VerdictKind::CareNow,
                        format!("pain of {pain} out of 10 here needs a doctor's care today"),
                    ))
                }
                PainBand::Severe => reasons.push(Reason::new(
                    "severe-pain",
                    VerdictKind::DoctorFirst,
                    format!("pain of {pain} out of 10 is severe: self-massage is for mild pain"),
                )),
                PainBand::Moderate => reasons.push(Reason::new(
                    "moderate-pain",
                    VerdictKind::GoAheadGently,
                    format!("pain of {pain} out of 10 is moderate: light pressure only"),
                )),
                PainBand::None | PainBand::Mild => {}
            }
        }
        if answers.is_yes(&PromptId::Ongoing) {
            reasons.push(
                Reason::new(
                    "ongoing",
                    VerdictKind::DoctorFirst,
                    "pain that has lasted more than 2 weeks or keeps coming back",
                )
                .clearable(Clearance::DoctorOrPhysio),
            );
        }
        if answers.get(&PromptId::CauseKnown) == Some(Answer::No) {
            reasons.push(
                Reason::new(
                    "cause-unknown",
                    VerdictKind::DoctorFirst,
                    "pain whose cause you do not know (massage could make it worse)",
                )
                .clearable(Clearance::Doctor),
            );
        }
        reasons
    }
}

/// The line before a group's first item: a sign is named ("Stroke signs: which of them?").
fn item_intro(view: &GroupView<'_>) -> String {
    match view.def.kind {
        ListKind::List => ITEM_INTRO.to_string(),
        ListKind::Sign => {
            let mut name = view.def.name.clone();
            if let Some(first) = name.get(..1) {
                let upper = first.to_uppercase();
                name.replace_range(..1, &upper);
            }
            format!("{name}: which of them? One at a time:")
        }
    }
}

/// What a "yes" to a safety question means for the verdict.
fn reason_for(question: &SafetyQuestion) -> Reason {
    let id = question.id.as_str();
    let text = question.reason.as_str();
    match question.level {
        Level::Emergency => Reason::new(id, VerdictKind::CareNow, text).emergency(),
        Level::Urgent => Reason::new(id, VerdictKind::CareNow, text),
        Level::DoctorFirst => Reason::new(id, VerdictKind::DoctorFirst, text),
        Level::DoctorFirstClearable => {
            Reason::new(id, VerdictKind::DoctorFirst, text).clearable(Clearance::Doctor)
        }
        Level::NotToday => Reason::new(id, VerdictKind::NotNow, text),
        Level::AvoidSpot => Reason::new(
            id,
            VerdictKind::GoAheadGently,
            format!("keep away from {text}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::safety::questions::{ListDef, ListKind};

    fn question(id: &str, level: Level, list: &str) -> SafetyQuestion {
        SafetyQuestion {
            id: id.to_string(),
            question: format!("{id}."),
            level,
            reason: id.to_string(),
            from: "test".to_string(),
            list: list.to_string(),
            from_age: None,
            until_age: None,
        }
    }

    fn list(id: &str, kind: ListKind) -> ListDef {
        ListDef {
            id: id.to_string(),
            kind,
            name: format!("{id} list"),
            line: format!("Today: {id}?"),
            heading: format!("{id}:"),
        }
    }

    /// The first part of a list.
    fn g(list: &str) -> Group {
        Group {
            list: list.to_string(),
            part: 0,
        }
    }

    fn sample() -> Questionnaire {
        let mut set = QuestionSet::default();
        set.lists = vec![
            list("signs", ListKind::Sign),
            list("urgent", ListKind::List),
            list("conditions", ListKind::List),
            list("today", ListKind::List),
        ];
        for (id, level, list) in [
            ("stroke", Level::Emergency, "signs"),
            ("fall", Level::Emergency, "signs"),
            ("clot", Level::Urgent, "urgent"),
            ("fever", Level::DoctorFirst, "conditions"),
            ("thinners", Level::DoctorFirstClearable, "conditions"),
            ("pregnant", Level::DoctorFirstClearable, "conditions"),
            ("alcohol", Level::NotToday, "today"),
            ("bruise", Level::AvoidSpot, "today"),
        ] {
            set.add(question(id, level, list));
        }
        Questionnaire::new(set, Vec::new())
    }

    /// Answers the way a person would: `yes` names the questions that apply, pain is
    /// `pain`, and the rest as given; returns the verdict and every prompt asked.
    fn run(
        q: &Questionnaire,
        pain: u8,
        yes: &[&str],
        ongoing: bool,
        cause_known: bool,
        cleared: &[&str],
    ) -> (Verdict, Vec<PromptId>) {
        let mut answers = Answers::default();
        let mut asked = Vec::new();
        loop {
            match q.next(&answers) {
                Next::Done(verdict) => return (verdict, asked),
                Next::Ask(prompt) => {
                    assert!(
                        asked.len() < 100,
                        "the questionnaire does not end: {asked:?}"
                    );
                    let answer = match &prompt.id {
                        PromptId::Group(group) | PromptId::GroupAgain(group) => Answer::from_bool(
                            q.questions
                                .in_group(group, None)
                                .iter()
                                .any(|item| yes.contains(&item.id.as_str())),
                        ),
                        PromptId::Include(_) => Answer::No,
                        PromptId::Age => Answer::Age(40),
                        PromptId::Item(_, id) => Answer::from_bool(yes.contains(&id.as_str())),
                        PromptId::PainNow => Answer::Pain(PainScore::new(pain).expect("0-10")),
                        PromptId::Ongoing => Answer::from_bool(ongoing),
                        PromptId::CauseKnown => Answer::from_bool(cause_known),
                        PromptId::Cleared(id) => Answer::from_bool(cleared.contains(&id.as_str())),
                    };
                    asked.push(prompt.id.clone());
                    answers.set(prompt.id, answer);
                }
            }
        }
    }

    #[test]
    fn nothing_to_report_takes_one_prompt_per_sign_and_list_and_goes_ahead() {
        let (verdict, asked) = run(&sample(), 2, &[], false, true, &[]);
        assert_eq!(verdict.kind, VerdictKind::GoAhead);
        assert_eq!(
            asked,
            vec![
                PromptId::Group(g("signs")),
                PromptId::Group(g("urgent")),
                PromptId::Group(g("conditions")),
                PromptId::Group(g("today")),
                PromptId::PainNow,
                PromptId::Ongoing,
                PromptId::CauseKnown,
            ]
        );
    }

    #[test]
    fn a_yes_to_a_list_asks_each_item_and_a_red_flag_stops_at_once() {
        let (verdict, asked) = run(&sample(), 2, &["stroke"], false, true, &[]);
        assert_eq!(verdict.kind, VerdictKind::CareNow);
        assert!(verdict.emergency);
        assert_eq!(
            asked,
            vec![
                PromptId::Group(g("signs")),
                PromptId::Item(g("signs"), "stroke".into()),
            ]
        );
        let (verdict, asked) = run(&sample(), 2, &["clot"], false, true, &[]);
        assert_eq!(verdict.kind, VerdictKind::CareNow);
        assert!(!verdict.emergency);
        assert_eq!(asked.len(), 3);
    }

    #[test]
    fn a_yes_that_no_item_confirms_is_asked_again_never_all_clear() {
        let q = sample();
        let mut answers = Answers::default();
        answers.set(PromptId::Group(g("signs")), Answer::Yes);
        answers.set(PromptId::Item(g("signs"), "stroke".into()), Answer::No);
        answers.set(PromptId::Item(g("signs"), "fall".into()), Answer::No);
        let Next::Ask(prompt) = q.next(&answers) else {
            panic!("a contradicted yes must not be all clear");
        };
        assert_eq!(prompt.id, PromptId::GroupAgain(g("signs")));
        assert_eq!(prompt.text, format!("{AGAIN_PREFIX} Today: signs?"));
        // A second "yes" asks the items again, from the first.
        answers.set(PromptId::GroupAgain(g("signs")), Answer::Yes);
        let Next::Ask(prompt) = q.next(&answers) else {
            panic!("items are asked again");
        };
        assert_eq!(prompt.id, PromptId::Item(g("signs"), "stroke".into()));
        answers.set(PromptId::Item(g("signs"), "stroke".into()), Answer::No);
        answers.set(PromptId::Item(g("signs"), "fall".into()), Answer::No);
        // Still none: "not sure", which is never all clear, whatever follows.
        let verdict = loop {
            match q.next(&answers) {
                Next::Done(verdict) => break verdict,
                Next::Ask(prompt) => {
                    let answer = match prompt.id {
                        PromptId::PainNow => Answer::Pain(PainScore::new(2).expect("0-10")),
                        PromptId::CauseKnown => Answer::Yes,
                        _ => Answer::No,
                    };
                    answers.set(prompt.id, answer);
                }
            }
        };
        assert_eq!(verdict.kind, VerdictKind::DoctorFirst, "{verdict:?}");
        let unsure = verdict
            .reasons
            .iter()
            .find(|r| r.id == "unsure-signs")
            .expect("the unsure reason");
        assert!(unsure.text.contains("signs list"), "{}", unsure.text);
        assert_eq!(unsure.clearance, Clearance::None);
    }

    #[test]
    fn a_no_on_reading_the_list_again_settles_it() {
        let q = sample();
        let mut answers = Answers::default();
        answers.set(PromptId::Group(g("signs")), Answer::Yes);
        for id in ["stroke", "fall"] {
            answers.set(PromptId::Item(g("signs"), id.into()), Answer::No);
        }
        answers.set(PromptId::GroupAgain(g("signs")), Answer::No);
        let Next::Ask(prompt) = q.next(&answers) else {
            panic!("the next group is asked");
        };
        assert_eq!(prompt.id, PromptId::Group(g("urgent")));
    }

    #[test]
    fn a_missing_answer_is_asked_not_assumed() {
        let q = sample();
        let (_, asked) = run(&q, 2, &[], false, true, &[]);
        for skipped in &asked {
            let mut answers = Answers::default();
            for id in asked.iter().filter(|id| *id != skipped) {
                let answer = match id {
                    PromptId::PainNow => Answer::Pain(PainScore::new(2).expect("0-10")),
                    PromptId::CauseKnown => Answer::Yes,
                    _ => Answer::No,
                };
                answers.set(id.clone(), answer);
            }
            match q.next(&answers) {
                Next::Ask(prompt) => assert_eq!(&prompt.id, skipped),
                Next::Done(verdict) => panic!("{skipped:?} missing, yet {verdict:?}"),
            }
        }
    }

    /// The verdict rules, as a table.
    #[test]
    fn verdict_table() {
        use VerdictKind::*;
        let q = sample();
        // (case, pain, yes, ongoing, cause known, cleared reasons, expected)
        type Case = (
            &'static str,
            u8,
            &'static [&'static str],
            bool,
            bool,
            &'static [&'static str],
            VerdictKind,
        );
        let cases: &[Case] = &[
            ("all clear", 2, &[], false, true, &[], GoAhead),
            ("no pain", 0, &[], false, true, &[], GoAhead),
            ("moderate pain", 5, &[], false, true, &[], GoAheadGently),
            ("severe pain", 7, &[], false, true, &[], DoctorFirst),
            (
                "severe pain is never cleared",
                9,
                &[],
                true,
                true,
                &["ongoing"],
                DoctorFirst,
            ),
            ("cause unknown", 2, &[], false, false, &[], DoctorFirst),
            (
                "cause unknown, cleared",
                2,
                &[],
                false,
                false,
                &["cause-unknown"],
                GoAheadGently,
            ),
            ("ongoing", 2, &[], true, true, &[], DoctorFirst),
            (
                "ongoing, cleared",
                2,
                &[],
                true,
                true,
                &["ongoing"],
                GoAheadGently,
            ),
            ("thinners", 2, &["thinners"], false, true, &[], DoctorFirst),
            (
                "thinners, cleared",
                2,
                &["thinners"],
                false,
                true,
                &["thinners"],
                GoAheadGently,
            ),
            (
                "one clearance never passes another",
                2,
                &["thinners", "pregnant"],
                false,
                true,
                &["thinners"],
                DoctorFirst,
            ),
            (
                "each reason cleared",
                2,
                &["thinners", "pregnant"],
                false,
                true,
                &["thinners", "pregnant"],
                GoAheadGently,
            ),
            (
                "not clearable",
                2,
                &["fever"],
                false,
                true,
                &["fever"],
                DoctorFirst,
            ),
            (
                "not clearable with a clearable one",
                2,
                &["fever", "thinners"],
                false,
                true,
                &["thinners"],
                DoctorFirst,
            ),
            (
                "urgent red flag",
                2,
                &["clot"],
                true,
                true,
                &["ongoing"],
                CareNow,
            ),
            (
                "avoid a spot",
                2,
                &["bruise"],
                false,
                true,
                &[],
                GoAheadGently,
            ),
            ("not today", 2, &["alcohol"], false, true, &[], NotNow),
            (
                "not today with a clearable reason",
                2,
                &["alcohol", "thinners"],
                false,
                true,
                &["thinners"],
                DoctorFirst,
            ),
        ];
        for (name, pain, yes, ongoing, cause, cleared, expected) in cases {
            let (verdict, _) = run(&q, *pain, yes, *ongoing, *cause, cleared);
            assert_eq!(verdict.kind, *expected, "{name}: {verdict:?}");
        }
    }

    #[test]
    fn clearance_is_asked_per_reason_by_name() {
        let (verdict, asked) = run(
            &sample(),
            2,
            &["thinners", "pregnant"],
            true,
            true,
            &["thinners", "pregnant", "ongoing"],
        );
        assert_eq!(verdict.kind, VerdictKind::GoAheadGently);
        let cleared: Vec<&PromptId> = asked
            .iter()
            .filter(|id| matches!(id, PromptId::Cleared(_)))
            .collect();
        assert_eq!(
            cleared,
            vec![
                &PromptId::Cleared("thinners".into()),
                &PromptId::Cleared("pregnant".into()),
                &PromptId::Cleared("ongoing".into()),
            ]
        );
        let q = sample();
        let mut answers = Answers::default();
        for (id, answer) in [
            (PromptId::Group(g("signs")), Answer::No),
            (PromptId::Group(g("urgent")), Answer::No),
            (PromptId::Group(g("conditions")), Answer::Yes),
            (PromptId::Item(g("conditions"), "fever".into()), Answer::No),
            (
                PromptId::Item(g("conditions"), "thinners".into()),
                Answer::Yes,
            ),
            (
                PromptId::Item(g("conditions"), "pregnant".into()),
                Answer::No,
            ),
            (PromptId::Group(g("today")), Answer::No),
            (
                PromptId::PainNow,
                Answer::Pain(PainScore::new(2).expect("0-10")),
            ),
            (PromptId::Ongoing, Answer::Yes),
            (PromptId::CauseKnown, Answer::Yes),
        ] {
            answers.set(id, answer);
        }
        let Next::Ask(first) = q.next(&answers) else {
            panic!("clearance is asked");
        };
        assert!(
            first.text.contains("thinners") && first.text.contains("a doctor"),
            "{}",
            first.text
        );
        assert!(!first.text.contains("physiotherapist"), "{}", first.text);
        answers.set(first.id, Answer::Yes);
        let Next::Ask(second) = q.next(&answers) else {
            panic!("the next reason is asked on its own");
        };
        assert!(second.text.contains("physiotherapist"), "{}", second.text);
    }

    #[test]
    fn an_area_can_make_severe_pain_urgent() {
        let mut q = sample();
        q.questions.severe_pain = Level::Urgent;
        let (verdict, _) = run(&q, 8, &[], false, true, &[]);
        assert_eq!(verdict.kind, VerdictKind::CareNow);
        assert!(!verdict.emergency);
    }

    #[test]
    fn known_reasons_from_the_journal_count_and_can_be_cleared() {
        let mut q = sample();
        q.known.push(
            Reason::new(
                "journal-worse",
                VerdictKind::DoctorFirst,
                "pain went up after your last session",
            )
            .clearable(Clearance::Doctor),
        );
        assert_eq!(
            run(&q, 2, &[], false, true, &[]).0.kind,
            VerdictKind::DoctorFirst
        );
        assert_eq!(
            run(&q, 2, &[], false, true, &["journal-worse"]).0.kind,
            VerdictKind::GoAheadGently
        );
    }
}
