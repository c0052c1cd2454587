//! The pre-session questionnaire as a pure state machine: given the answers so far, either
//! the next question to ask or the verdict. Nothing here reads a terminal.
//!
//! Order (issue 3): general questions · the routines' red flags · their cautions · pain now ·
//! ongoing? · cause known? · and, only when it could change the verdict, "has a doctor
//! cleared you?". A missing answer is always asked, never assumed to be "no".

use std::collections::{HashMap, HashSet};

use super::general::{GeneralOutcome, GeneralQuestion};
use super::pain::{PainBand, PainScore};
use super::verdict::{Reason, Verdict, VerdictKind};
use crate::routine::{Caution, RedFlag, RedFlagLevel, Routine};

/// Which question an answer belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QuestionId {
    General(String),
    RedFlag(usize),
    Caution(usize),
    PainNow,
    Ongoing,
    CauseKnown,
    Cleared,
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    YesNo,
    Pain,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: QuestionId,
    pub text: String,
    pub kind: AnswerKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    Pain(PainScore),
}

impl Answer {
    pub fn from_bool(yes: bool) -> Answer {
        if yes { Answer::Yes } else { Answer::No }
    }
}

/// The answers given so far, by question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers(HashMap<QuestionId, Answer>);

impl Answers {
    pub fn set(&mut self, id: QuestionId, answer: Answer) {
        self.0.insert(id, answer);
    }

    pub fn get(&self, id: &QuestionId) -> Option<Answer> {
        self.0.get(id).copied()
    }

    fn is_yes(&self, id: &QuestionId) -> bool {
        self.get(id) == Some(Answer::Yes)
    }

    pub fn pain(&self) -> Option<PainScore> {
        match self.get(&QuestionId::PainNow) {
            Some(Answer::Pain(score)) => Some(score),
            _ => None,
        }
    }
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    Ask(Question),
    Done(Verdict),
}

/// The questions for one run, merged across its routines with no question twice.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub general: Vec<GeneralQuestion>,
    pub red_flags: Vec<RedFlag>,
    pub cautions: Vec<Caution>,
}

pub const PAIN_QUESTION: &str =
    "How strong is the pain right now, from 0 (none) to 10 (the worst imaginable)?";
pub const ONGOING_QUESTION: &str =
    "Has this pain lasted more than a couple of weeks, or does it keep coming back?";
pub const CAUSE_QUESTION: &str =
    "Do you know what is causing it (for example posture, a long day at a desk, a workout)?";
pub const CLEARED_QUESTION: &str =
    "Has a doctor or physiotherapist already told you that self-massage is fine for you with this?";

impl Questionnaire {
    pub fn new(general: Vec<GeneralQuestion>, routines: &[&Routine]) -> Questionnaire {
        let mut seen = HashSet::new();
        let mut red_flags = Vec::new();
        for flag in routines.iter().flat_map(|r| &r.red_flags) {
            if seen.insert(question_key(&flag.question)) {
                red_flags.push(flag.clone());
            }
        }
        let mut cautions = Vec::new();
        for caution in routines.iter().flat_map(|r| &r.cautions) {
            if seen.insert(question_key(&caution.question)) {
                cautions.push(caution.clone());
            }
        }
        Questionnaire {
            general,
            red_flags,
            cautions,
        }
    }

    /// Every question before the clearance one, in the order they are asked.
    fn fixed_questions(&self) -> impl Iterator<Item = Question> + '_ {
        let yes_no = |id, text: &str| Question {
            id,
            text: text.to_string(),
            kind: AnswerKind::YesNo,
        };
        let general = self
            .general
            .iter()
            .map(move |q| yes_no(QuestionId::General(q.id.clone()), &q.question));
        let red_flags = self
            .red_flags
            .iter()
            .enumerate()
            .map(move |(i, f)| yes_no(QuestionId::RedFlag(i), &f.question));
        let cautions = self
            .cautions
            .iter()
            .enumerate()
            .map(move |(i, c)| yes_no(QuestionId::Caution(i), &c.question));
        let pain = Question {
            id: QuestionId::PainNow,
            text: PAIN_QUESTION.to_string(),
            kind: AnswerKind::Pain,
        };
        general
            .chain(red_flags)
            .chain(cautions)
            .chain(std::iter::once(pain))
            .chain([
                yes_no(QuestionId::Ongoing, ONGOING_QUESTION),
                yes_no(QuestionId::CauseKnown, CAUSE_QUESTION),
            ])
    }

    /// The next question, or the verdict once the answers decide it.
    pub fn next(&self, answers: &Answers) -> Next {
        for question in self.fixed_questions() {
            if answers.get(&question.id).is_none() {
                return Next::Ask(question);
            }
            // Someone who needs medical care now should hear it at once, not after ten
            // more questions.
            let reasons = self.reasons(answers);
            if reasons.iter().any(|r| r.level == VerdictKind::CareNow) {
                return Next::Done(Verdict::from_reasons(reasons));
            }
        }
        let reasons = self.reasons(answers);
        let stopping: Vec<&Reason> = reasons
            .iter()
            .filter(|r| r.level >= VerdictKind::NotNow)
            .collect();
        let clearance_helps = !stopping.is_empty() && stopping.iter().all(|r| r.clearable);
        if clearance_helps {
            match answers.get(&QuestionId::Cleared) {
                None => {
                    return Next::Ask(Question {
                        id: QuestionId::Cleared,
                        text: CLEARED_QUESTION.to_string(),
                        kind: AnswerKind::YesNo,
                    });
                }
                Some(Answer::Yes) => return Next::Done(Verdict::from_reasons(cleared(reasons))),
                Some(_) => {}
            }
        }
        Next::Done(Verdict::from_reasons(reasons))
    }

    /// Every reason the answers given so far hold, before any clearance.
    fn reasons(&self, answers: &Answers) -> Vec<Reason> {
        let mut reasons = Vec::new();
        for q in &self.general {
            if answers.is_yes(&QuestionId::General(q.id.clone())) {
                reasons.push(match q.outcome {
                    GeneralOutcome::CareNow => Reason::new(VerdictKind::CareNow, &q.reason),
                    GeneralOutcome::SeeDoctor => Reason::new(VerdictKind::DoctorFirst, &q.reason),
                    GeneralOutcome::DoctorFirst => {
                        Reason::clearable(VerdictKind::DoctorFirst, &q.reason)
                    }
                    GeneralOutcome::NotNow => Reason::new(VerdictKind::NotNow, &q.reason),
                    GeneralOutcome::AvoidSpot => Reason::new(
                        VerdictKind::GoAheadGently,
                        format!("keep away from {}", q.reason),
                    ),
                });
            }
        }
        for (i, flag) in self.red_flags.iter().enumerate() {
            if answers.is_yes(&QuestionId::RedFlag(i)) {
                let mut reason = Reason::new(VerdictKind::CareNow, &*flag.question);
                reason.emergency = flag.level == RedFlagLevel::Emergency;
                reasons.push(reason);
            }
        }
        for (i, caution) in self.cautions.iter().enumerate() {
            if answers.is_yes(&QuestionId::Caution(i)) {
                reasons.push(if caution.clearable {
                    Reason::clearable(VerdictKind::DoctorFirst, &*caution.question)
                } else {
                    Reason::new(VerdictKind::DoctorFirst, &*caution.question)
                });
            }
        }
        if let Some(pain) = answers.pain()
            && pain.band() == PainBand::Severe
        {
            reasons.push(Reason::new(
                VerdictKind::DoctorFirst,
                format!("pain of {pain} out of 10 is severe: self-massage is for mild pain"),
            ));
        }
        if answers.is_yes(&QuestionId::Ongoing) {
            reasons.push(Reason::clearable(
                VerdictKind::DoctorFirst,
                "the pain has lasted a while or keeps coming back",
            ));
        }
        if answers.get(&QuestionId::CauseKnown) == Some(Answer::No) {
            reasons.push(Reason::new(
                VerdictKind::GoAheadGently,
                "the cause is not known, so massage could make it worse: stop if it hurts more",
            ));
        }
        reasons
    }
}

/// A doctor's clearance turns each clearable "doctor first" into "go ahead gently".
fn cleared(reasons: Vec<Reason>) -> Vec<Reason> {
    reasons
        .into_iter()
        .map(|reason| {
            if reason.clearable {
                Reason::new(
                    VerdictKind::GoAheadGently,
                    format!("your doctor has cleared you ({}): go gently", reason.text),
                )
            } else {
                reason
            }
        })
        .collect()
}

/// Two questions are the same when they read the same, ignoring case and punctuation.
fn question_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Catalog, Caution};

    fn general(id: &str, outcome: GeneralOutcome) -> GeneralQuestion {
        GeneralQuestion {
            id: id.to_string(),
            question: format!("{id}?"),
            outcome,
            reason: id.to_string(),
            every_time: false,
        }
    }

    fn routine(flags: &[(&str, RedFlagLevel)], cautions: &[&str]) -> Routine {
        let mut routine = Catalog::builtin()
            .routines()
            .first()
            .cloned()
            .expect("built-ins exist");
        routine.red_flags = flags
            .iter()
            .map(|(q, level)| RedFlag {
                question: q.to_string(),
                level: *level,
            })
            .collect();
        routine.cautions = cautions
            .iter()
            .map(|q| Caution {
                question: q.to_string(),
                // A caution whose text starts with "Never" is one a clearance cannot pass.
                clearable: !q.starts_with("Never"),
            })
            .collect();
        routine
    }

    fn sample() -> Questionnaire {
        let r = routine(
            &[
                ("Fall?", RedFlagLevel::Emergency),
                ("Fever?", RedFlagLevel::Urgent),
            ],
            &["Numb arm?"],
        );
        Questionnaire::new(
            vec![
                general("clot", GeneralOutcome::CareNow),
                general("pregnant", GeneralOutcome::DoctorFirst),
                general("bruise", GeneralOutcome::AvoidSpot),
                general("alcohol", GeneralOutcome::NotNow),
            ],
            &[&r],
        )
    }

    /// Answers every question with "no", pain `pain`, cause known; then applies `yes`.
    fn answers(q: &Questionnaire, pain: u8, yes: &[QuestionId]) -> Answers {
        let mut answers = Answers::default();
        for question in q.fixed_questions() {
            answers.set(question.id, Answer::No);
        }
        answers.set(
            QuestionId::PainNow,
            Answer::Pain(PainScore::new(pain).expect("0-10")),
        );
        answers.set(QuestionId::CauseKnown, Answer::Yes);
        for id in yes {
            answers.set(id.clone(), Answer::Yes);
        }
        answers
    }

    fn verdict(q: &Questionnaire, answers: &Answers) -> Verdict {
        match q.next(answers) {
            Next::Done(verdict) => verdict,
            Next::Ask(question) => panic!("still asking {question:?}"),
        }
    }

    fn general_id(id: &str) -> QuestionId {
        QuestionId::General(id.to_string())
    }

    #[test]
    fn asks_in_order_and_never_assumes_no() {
        let q = sample();
        let mut answers = Answers::default();
        let mut asked = Vec::new();
        while let Next::Ask(question) = q.next(&answers) {
            asked.push(question.id.clone());
            let answer = match question.kind {
                AnswerKind::Pain => Answer::Pain(PainScore::new(2).expect("0-10")),
                AnswerKind::YesNo if question.id == QuestionId::CauseKnown => Answer::Yes,
                AnswerKind::YesNo => Answer::No,
            };
            answers.set(question.id, answer);
        }
        assert_eq!(
            asked,
            vec![
                general_id("clot"),
                general_id("pregnant"),
                general_id("bruise"),
                general_id("alcohol"),
                QuestionId::RedFlag(0),
                QuestionId::RedFlag(1),
                QuestionId::Caution(0),
                QuestionId::PainNow,
                QuestionId::Ongoing,
                QuestionId::CauseKnown,
            ]
        );
        assert_eq!(verdict(&q, &answers).kind, VerdictKind::GoAhead);
    }

    #[test]
    fn a_gap_in_the_answers_is_asked_not_assumed() {
        let q = sample();
        let mut answers = answers(&q, 2, &[]);
        answers.0.remove(&QuestionId::Caution(0));
        assert!(matches!(
            q.next(&answers),
            Next::Ask(Question {
                id: QuestionId::Caution(0),
                ..
            })
        ));
    }

    #[test]
    fn a_red_flag_stops_at_once_and_says_emergency() {
        let q = sample();
        let mut answers = Answers::default();
        for id in ["clot", "pregnant", "bruise", "alcohol"] {
            answers.set(general_id(id), Answer::No);
        }
        answers.set(QuestionId::RedFlag(0), Answer::Yes);
        let verdict = verdict(&q, &answers);
        assert_eq!(verdict.kind, VerdictKind::CareNow);
        assert!(verdict.emergency);
    }

    #[test]
    fn an_urgent_red_flag_is_care_now_without_emergency() {
        let q = sample();
        let verdict = verdict(&q, &answers(&q, 2, &[QuestionId::RedFlag(1)]));
        assert_eq!(verdict.kind, VerdictKind::CareNow);
        assert!(!verdict.emergency);
    }

    #[test]
    fn verdict_table() {
        use QuestionId::*;
        use VerdictKind::*;
        let q = sample();
        // (case, pain now, questions answered yes, doctor's clearance, expected verdict)
        type Case = (&'static str, u8, Vec<QuestionId>, Option<bool>, VerdictKind);
        let cases: Vec<Case> = vec![
            ("all clear", 3, vec![], None, GoAhead),
            ("no pain at all", 0, vec![], None, GoAhead),
            ("moderate pain", 6, vec![], None, GoAhead),
            ("severe pain", 7, vec![], None, DoctorFirst),
            (
                "severe pain with clearance",
                9,
                vec![Ongoing],
                Some(true),
                DoctorFirst,
            ),
            (
                "contraindication",
                2,
                vec![general_id("pregnant")],
                Some(false),
                DoctorFirst,
            ),
            (
                "contraindication cleared",
                2,
                vec![general_id("pregnant")],
                Some(true),
                GoAheadGently,
            ),
            (
                "caution cleared",
                2,
                vec![Caution(0)],
                Some(true),
                GoAheadGently,
            ),
            (
                "ongoing cleared",
                2,
                vec![Ongoing],
                Some(true),
                GoAheadGently,
            ),
            (
                "ongoing not cleared",
                2,
                vec![Ongoing],
                Some(false),
                DoctorFirst,
            ),
            (
                "red flag beats clearance",
                2,
                vec![Ongoing, RedFlag(1)],
                Some(true),
                CareNow,
            ),
            (
                "general care now",
                2,
                vec![general_id("clot")],
                None,
                CareNow,
            ),
            (
                "avoid a spot",
                2,
                vec![general_id("bruise")],
                None,
                GoAheadGently,
            ),
            ("not today", 2, vec![general_id("alcohol")], None, NotNow),
            (
                "not today with a cleared caution",
                2,
                vec![general_id("alcohol"), Caution(0)],
                None,
                DoctorFirst,
            ),
        ];
        for (name, pain, yes, cleared, expected) in cases {
            let mut answers = answers(&q, pain, &yes);
            if let Some(cleared) = cleared {
                answers.set(QuestionId::Cleared, Answer::from_bool(cleared));
            }
            assert_eq!(verdict(&q, &answers).kind, expected, "{name}");
        }
    }

    #[test]
    fn a_caution_marked_not_clearable_is_not_passed_by_a_doctors_clearance() {
        let r = routine(&[], &["Never: pregnant?", "Hernia?"]);
        let q = Questionnaire::new(vec![general("fever", GeneralOutcome::SeeDoctor)], &[&r]);
        // Only a clearable reason: the clearance question comes and passes it.
        let mut hernia = answers(&q, 2, &[QuestionId::Caution(1)]);
        hernia.set(QuestionId::Cleared, Answer::Yes);
        assert_eq!(verdict(&q, &hernia).kind, VerdictKind::GoAheadGently);
        // A non-clearable caution, or a see-a-doctor answer: no clearance question at all.
        for yes in [QuestionId::Caution(0), general_id("fever")] {
            let stop = answers(&q, 2, &[yes.clone(), QuestionId::Caution(1)]);
            assert_eq!(verdict(&q, &stop).kind, VerdictKind::DoctorFirst, "{yes:?}");
        }
    }

    #[test]
    fn clearance_is_asked_only_when_it_could_help() {
        let q = sample();
        let needs = answers(&q, 2, &[QuestionId::Ongoing]);
        assert!(matches!(
            q.next(&needs),
            Next::Ask(Question {
                id: QuestionId::Cleared,
                ..
            })
        ));
        let severe = answers(&q, 8, &[QuestionId::Ongoing]);
        assert!(matches!(q.next(&severe), Next::Done(_)));
        let clear = answers(&q, 2, &[]);
        assert!(matches!(q.next(&clear), Next::Done(_)));
    }

    #[test]
    fn unknown_cause_means_gently_with_the_reason() {
        let q = sample();
        let mut answers = answers(&q, 2, &[]);
        answers.set(QuestionId::CauseKnown, Answer::No);
        let verdict = verdict(&q, &answers);
        assert_eq!(verdict.kind, VerdictKind::GoAheadGently);
        assert!(
            verdict
                .reasons
                .iter()
                .any(|r| r.text.contains("could make it worse"))
        );
    }

    #[test]
    fn several_routines_merge_their_questions_without_repeats() {
        let a = routine(&[("Fall?", RedFlagLevel::Emergency)], &["Numb arm?"]);
        let b = routine(
            &[
                ("fall", RedFlagLevel::Emergency),
                ("Chest pain?", RedFlagLevel::Emergency),
            ],
            &["Numb arm?", "Hernia?"],
        );
        let q = Questionnaire::new(vec![], &[&a, &b]);
        assert_eq!(q.red_flags.len(), 2);
        assert_eq!(
            q.cautions.iter().map(|c| &*c.question).collect::<Vec<_>>(),
            vec!["Numb arm?", "Hernia?"]
        );
    }
}
