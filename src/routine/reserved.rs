//! What belongs to the built-ins and no user file may take: the built-in safety questions
//! (their ids and their words), and the words that find a built-in routine (its id, its
//! areas, its aliases and conditions).
//!
//! A user question may only add to the built-in ones: one that reused a built-in id or
//! wording would replace or merge away a warning sign (chest pain, stroke signs...). A
//! user routine whose id or alias is "headache" would take that word away from the head
//! routine, and its warning signs with it. Each is an error at its line and column.
//!
//! The built-in data comes in as plain values ([`Reserved::new`]), so this module knows
//! nothing of how the safety files are read.

use serde::Deserialize;
use toml::Spanned;

use super::catalog::Catalog;
use super::model::Routine;
use super::problem::Problem;
use super::schema::normalize_name;
use crate::sanitize::clean;

/// Two questions are the same when they read the same, ignoring case and punctuation.
pub fn same_words_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One built-in safety question, as far as a user file may not reuse it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltinQuestion {
    pub id: String,
    pub question: String,
    /// Where it lives: "general", "area neck".
    pub from: String,
}

/// A word that finds a built-in routine, and what it finds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BuiltinWord {
    word: String,
    /// The built-in routine it belongs to.
    routine: String,
    /// "area", "alias", "routine id".
    kind: &'static str,
}

/// The built-ins' questions and names.
#[derive(Debug, Clone, Default)]
pub struct Reserved {
    questions: Vec<BuiltinQuestion>,
    words: Vec<BuiltinWord>,
}

impl Reserved {
    /// From the built-in safety questions and the built-in routines.
    pub fn new(questions: Vec<BuiltinQuestion>, builtins: &Catalog) -> Reserved {
        let mut words = Vec::new();
        for routine in builtins.routines() {
            let id = routine.id.clone();
            let mut add = |word: &str, kind| {
                words.push(BuiltinWord {
                    word: normalize_name(word),
                    routine: id.clone(),
                    kind,
                })
            };
            add(&routine.id, "routine id");
            for area in &routine.areas {
                add(area, "area");
            }
            for alias in &routine.aliases {
                add(alias, "alias");
            }
        }
        Reserved { questions, words }
    }

    /// Whether `id` is a built-in routine's id (a user file with it replaces that routine).
    pub fn is_builtin_routine(&self, id: &str) -> bool {
        self.words
            .iter()
            .any(|w| w.kind == "routine id" && w.routine == id)
    }

    /// The built-in question with this id or these words, if any.
    pub fn question(&self, id: &str, words: &str) -> Option<&BuiltinQuestion> {
        let key = same_words_key(words);
        self.questions
            .iter()
            .find(|q| q.id == id || same_words_key(&q.question) == key)
    }

    /// Every way this user file takes what belongs to a built-in, at its line and column.
    /// `routine` is the file already parsed and checked from `source`.
    pub fn check(&self, file: &str, source: &str, routine: &Routine) -> Vec<Problem> {
        // The file has parsed once already, so this cannot fail; if it did, the first
        // parse's problems are the ones to show.
        let Ok(spans) = toml::from_str::<Spans>(source) else {
            return Vec::new();
        };
        let mut problems = Vec::new();
        let mut report = |span: std::ops::Range<usize>, message: String| {
            problems.push(Problem::at(file, source, span, message));
        };
        // Taking a built-in's id on purpose replaces it; any other built-in word is taken.
        let replaces = self.is_builtin_routine(&routine.id);
        let taken = |word: &str, as_id: bool| {
            let word = normalize_name(word);
            let owners = self.words.iter().filter(|w| w.word == word);
            // A routine that replaces a built-in may keep that built-in's own words.
            if replaces && owners.clone().any(|w| w.routine == routine.id) {
                return None;
            }
            owners
                .filter(|w| !(as_id && w.kind == "routine id"))
                .min_by_key(|w| w.kind != "area")
        };
        if !replaces && let Some(found) = taken(&routine.id, true) {
            let span = spans.id.as_ref().map_or(0..0, Spanned::span);
            report(span, taken_message("id", &routine.id, found));
        }
        for alias in spans.aliases.iter().flatten() {
            if let Some(found) = taken(alias.get_ref(), false) {
                report(alias.span(), taken_message("alias", alias.get_ref(), found));
            }
        }
        let flags = spans.red_flags.iter().flatten().zip(&routine.red_flags);
        let flags = flags.map(|(span, flag)| (span, &flag.id, &flag.question));
        let cautions = spans.cautions.iter().flatten().zip(&routine.cautions);
        let cautions = cautions.map(|(span, caution)| (span, &caution.id, &caution.question));
        for (span, id, question) in flags.chain(cautions) {
            if let Some(builtin) = self.question(id, question) {
                let (span, what) = match &span.id {
                    Some(written) if builtin.id == *id => (written.span(), "id"),
                    _ => (span.question.span(), "wording"),
                };
                report(
                    span,
                    format!(
                        "this question's {what} is the built-in question \"{}\" ({}: \"{}\"), which is always asked and cannot be changed: remove this question, or ask something new under an id of its own",
                        builtin.id, builtin.from, builtin.question
                    ),
                );
            }
        }
        problems
    }
}

fn taken_message(what: &str, word: &str, found: &BuiltinWord) -> String {
    format!(
        "the {what} \"{}\" is the {} of the built-in routine \"{}\" and would take that word (and its warning signs) from it: pick another, like \"my-{}\"",
        clean(word),
        found.kind,
        found.routine,
        normalize_name(word)
    )
}

/// Where the names and questions stand in the file; every other key is ignored here.
#[derive(Deserialize)]
struct Spans {
    id: Option<Spanned<String>>,
    aliases: Option<Vec<Spanned<String>>>,
    red_flags: Option<Vec<QuestionSpans>>,
    cautions: Option<Vec<QuestionSpans>>,
}

#[derive(Deserialize)]
struct QuestionSpans {
    id: Option<Spanned<String>>,
    question: Spanned<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Origin, schema::parse_routine};

    fn reserved() -> Reserved {
        Reserved::new(
            vec![BuiltinQuestion {
                id: "chest-pain".into(),
                question: "Do you have chest pain right now?".into(),
                from: "general".into(),
            }],
            &Catalog::builtin(),
        )
    }

    fn problems(source: &str, stem: &str) -> Vec<String> {
        let routine = parse_routine("u.toml", stem, source, Origin::BuiltIn).expect("valid");
        reserved()
            .check("u.toml", source, &routine)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const BODY: &str = "title = \"T\"\nareas = [\"shoulders\"]\nsummary = \"S\"\n";
    const STEP: &str =
        "\n[[steps]]\ntitle = \"A\"\ntext = \"Rest.\"\nseconds = 10\npressure = \"light\"\n";

    #[test]
    fn a_built_in_question_id_or_wording_is_refused_at_its_line() {
        let by_id = format!(
            "{BODY}\n[[red_flags]]\nid = \"chest-pain\"\nquestion = \"Anything odd?\"\n{STEP}"
        );
        let found = problems(&by_id, "mine");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("u.toml:6:6: "), "{found:?}");
        assert!(
            found[0].contains("built-in question \"chest-pain\""),
            "{found:?}"
        );
        let by_words = format!(
            "{BODY}\n[[cautions]]\nid = \"mine\"\nquestion = \"Do you have CHEST pain, right now?\"\n{STEP}"
        );
        let found = problems(&by_words, "mine");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("u.toml:7:12: "), "{found:?}");
        assert!(found[0].contains("wording"), "{found:?}");
    }

    #[test]
    fn a_condition_word_or_area_cannot_be_taken_but_a_built_in_id_replaces() {
        let as_id = format!("id = \"headache\"\n{BODY}{STEP}");
        let found = problems(&as_id, "headache");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("\"head\""), "{found:?}");
        let as_alias = format!("{BODY}aliases = [\"constipation\", \"neck\", \"mine\"]\n{STEP}");
        assert_eq!(problems(&as_alias, "mine").len(), 2);
        // Replacing the neck routine on purpose, keeping its own alias: fine.
        let replace = format!("id = \"neck\"\n{BODY}aliases = [\"knot\"]\n{STEP}");
        assert!(problems(&replace, "neck").is_empty());
        // ... but not another routine's word.
        let replace = format!("id = \"neck\"\n{BODY}aliases = [\"headache\"]\n{STEP}");
        assert_eq!(problems(&replace, "neck").len(), 1);
    }
}
