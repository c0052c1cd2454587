//! Small pieces of English the messages share.

/// "a", "a and b", "a, b and c": a list as a sentence says it; empty for none.
pub fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_a_sentence() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&words(&[])), "");
        assert_eq!(and_list(&words(&["neck"])), "neck");
        assert_eq!(and_list(&words(&["neck", "head"])), "neck and head");
        assert_eq!(and_list(&words(&["a", "b", "c"])), "a, b and c");
    }
}
