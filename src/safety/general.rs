//! The general health questions asked before every routine, loaded from built-in data.

use serde::Deserialize;

use super::questionnaire::{Answer, Answers, QuestionId};
use crate::routine::Problem;
use crate::sanitize::clean;

const GENERAL_FILE: &str = "routines/safety/general.toml";
const GENERAL_SOURCE: &str = include_str!("../../routines/safety/general.toml");

/// What a "yes" to a general question means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GeneralOutcome {
    /// No massage; get medical care now.
    CareNow,
    /// Do not self-massage until a doctor has seen to it: not passed by an earlier
    /// clearance (fever, a wound, fragile bones, a bleeding disorder).
    SeeDoctor,
    /// Talk to a doctor first (a doctor's clearance lets the user go ahead gently).
    DoctorFirst,
    /// Go ahead, keeping away from the spot named in the reason.
    AvoidSpot,
    /// Not today: wait (e.g. alcohol), whatever a doctor said before.
    NotNow,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneralQuestion {
    pub id: String,
    pub question: String,
    pub outcome: GeneralOutcome,
    /// A short noun phrase for the verdict: "a possible blood clot".
    pub reason: String,
    /// Asked at every session even when earlier answers are remembered.
    #[serde(default)]
    pub every_time: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GeneralFile {
    questions: Vec<GeneralQuestion>,
}

/// The questions whose all-"no" answers may be remembered for a while: the lasting
/// conditions, not today's state (`every_time`).
pub fn rememberable(general: &[GeneralQuestion]) -> impl Iterator<Item = &GeneralQuestion> {
    general.iter().filter(|q| !q.every_time)
}

/// Which questions a remembered screening covered, as stored with it: an answer is only
/// reused for the very questions it was given to, never for one added later.
pub fn rememberable_ids(general: &[GeneralQuestion]) -> String {
    rememberable(general)
        .map(|q| q.id.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// "No" to each rememberable question, for a screening remembered as all clear.
pub fn remembered_answers(general: &[GeneralQuestion]) -> Answers {
    let mut answers = Answers::default();
    for question in rememberable(general) {
        answers.set(QuestionId::General(question.id.clone()), Answer::No);
    }
    answers
}

/// Every general question was asked and answered "no".
pub fn all_clear(general: &[GeneralQuestion], answers: &Answers) -> bool {
    general
        .iter()
        .all(|q| answers.get(&QuestionId::General(q.id.clone())) == Some(Answer::No))
}

/// The built-in general questions, cleaned for printing.
pub fn general_questions() -> Result<Vec<GeneralQuestion>, Problem> {
    parse_general(GENERAL_FILE, GENERAL_SOURCE)
}

fn parse_general(file: &str, source: &str) -> Result<Vec<GeneralQuestion>, Problem> {
    let parsed: GeneralFile =
        toml::from_str(source).map_err(|e| Problem::from_toml(file, source, &e))?;
    Ok(parsed
        .questions
        .into_iter()
        .map(|q| GeneralQuestion {
            id: clean(&q.id),
            question: clean(&q.question),
            reason: clean(&q.reason),
            ..q
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_general_questions_load_and_cover_the_outcomes() {
        let questions = general_questions().expect("valid built-in file");
        assert!(questions.len() >= 6, "{} questions", questions.len());
        for outcome in [
            GeneralOutcome::CareNow,
            GeneralOutcome::SeeDoctor,
            GeneralOutcome::DoctorFirst,
            GeneralOutcome::AvoidSpot,
            GeneralOutcome::NotNow,
        ] {
            assert!(
                questions.iter().any(|q| q.outcome == outcome),
                "{outcome:?} missing"
            );
        }
        let mut ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), questions.len(), "ids are unique");
    }

    #[test]
    fn only_lasting_conditions_are_remembered_and_only_all_no_is_clear() {
        let general = general_questions().expect("valid built-in file");
        let remembered = remembered_answers(&general);
        for question in &general {
            let id = QuestionId::General(question.id.clone());
            let expected = (!question.every_time).then_some(Answer::No);
            assert_eq!(remembered.get(&id), expected, "{}", question.id);
        }
        assert!(
            !all_clear(&general, &remembered),
            "today's questions are not answered yet"
        );
        let mut answers = Answers::default();
        for question in &general {
            answers.set(QuestionId::General(question.id.clone()), Answer::No);
        }
        assert!(all_clear(&general, &answers));
        assert!(!rememberable_ids(&general).is_empty());
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_line() {
        let source = "[[questions]]\nid = \"x\"\nquestion = \"Q?\"\noutcome = \"care-now\"\nreason = \"r\"\nlevel = 2\n";
        let problem = parse_general("g.toml", source).expect_err("unknown key");
        assert_eq!(problem.line, 6);
    }
}
