//! Safety rules: the questionnaire, its verdict and the after-session check. Pure: no I/O.

pub mod after;
pub mod general;
pub mod pain;
pub mod questionnaire;
pub mod verdict;

pub use after::{AfterCheck, Change, after_check};
pub use general::{GeneralOutcome, GeneralQuestion, general_questions};
pub use pain::PainScore;
pub use questionnaire::{Answer, AnswerKind, Answers, Next, Question, QuestionId, Questionnaire};
pub use verdict::{Reason, UnknownVerdict, Verdict, VerdictKind};

/// Said once, where the user first sees the questionnaire.
pub const GUIDANCE_NOTE: &str = "A few safety questions first. This is general guidance, not a diagnosis: if in doubt, ask your doctor.";
