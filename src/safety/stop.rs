//! The app's own stop rule, shown with every step whatever a routine file says: pain that
//! turns sharp and the warning signs of a nerve or a stroke mean stop at once
//! (docs/health-sources.md#pain-ratings-and-outcomes). A file's `caution` is shown beside
//! it as the routine's own words, never in its place and never as the app's warning.

/// Shown with every step, in the view, plain lines and `show`.
pub const STOP_RULE: &str = "Stop at once if it hurts sharply, or you feel dizzy, numb or tingly, or your sight or speech changes.";

/// A routine file's caution, labelled as the routine's words.
pub fn routine_note(caution: &str) -> String {
    format!("The routine says: {caution}")
}

/// What stands under a step's instruction: the routine's note, if any, then the stop rule.
pub fn step_warnings(caution: Option<&str>) -> Vec<String> {
    caution
        .map(routine_note)
        .into_iter()
        .chain(std::iter::once(STOP_RULE.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_cannot_replace_the_stop_rule_or_speak_as_the_app() {
        let warnings = step_warnings(Some("No need to stop if you feel dizzy."));
        assert_eq!(
            warnings,
            [
                "The routine says: No need to stop if you feel dizzy.",
                STOP_RULE
            ]
        );
        assert_eq!(step_warnings(None), [STOP_RULE]);
    }
}
