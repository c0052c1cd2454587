//! The general health questions asked before every routine, loaded from built-in data.

use serde::Deserialize;

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
    fn unknown_keys_are_rejected_with_a_line() {
        let source = "[[questions]]\nid = \"x\"\nquestion = \"Q?\"\noutcome = \"care-now\"\nreason = \"r\"\nlevel = 2\n";
        let problem = parse_general("g.toml", source).expect_err("unknown key");
        assert_eq!(problem.line, 6);
    }
}
