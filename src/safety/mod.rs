//! Safety rules: the questionnaire, its verdict and the after-session check. Pure: no I/O.

pub mod after;
pub mod pain;
pub mod questionnaire;
pub mod questions;
pub mod stop;
pub mod verdict;

pub use after::{AfterAdvice, Change, FollowUp, after_check};
pub use pain::PainScore;
pub use questionnaire::{
    Answer, AnswerKind, Answers, Choice, Next, Prompt, PromptId, Questionnaire,
};
pub use questions::{
    Group, GroupView, Level, ListDef, ListKind, QuestionSet, SafetyData, SafetyQuestion,
};
pub use verdict::{Clearance, Reason, UnknownVerdict, Verdict, VerdictKind};

/// How the answers count, in plain words, for the areas a routine touches: `severe_pain`
/// is what pain of 7 to 10 means there (`show`, and the README says the same).
pub fn safety_rules(severe_pain: Level) -> String {
    let severe = if severe_pain.is_red_flag() {
        "Severe pain (7 to 10) in the belly means medical care today"
    } else {
        "Severe pain (7 to 10) means talk to your doctor first"
    };
    format!("{RULES_START} {severe}; {RULES_END}")
}

const RULES_START: &str =
    "How the answers count: any warning sign means no massage today and the care it needs.";

const RULES_END: &str = "moderate pain (4 to 6), pressing lightly. \
A condition to talk over, pain that has lasted more than 2 weeks, or pain whose cause you do not know means talk \
to your doctor first: if a doctor (for lasting pain, also a physiotherapist) has said self-massage is fine with \
that reason, you can go ahead gently, one named reason at a time. Nothing is remembered between sessions: every \
question is asked every time.";

/// Said once, where the user first sees the questionnaire.
pub const GUIDANCE_NOTE: &str = "Safety questions first. General advice, not a diagnosis.";
