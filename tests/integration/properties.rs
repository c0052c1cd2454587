//! Property tests of the routine loader: whatever a routine file holds, loading it never
//! panics, and every problem it reports points at a real place in the file.

use std::path::Path;

use proptest::prelude::*;
use selfmassage::routine::catalog::load_file;
use selfmassage::routine::schema::parse_routine;
use selfmassage::routine::{Origin, Problem};

/// A valid built-in routine to mutate: close to valid is where the checks beyond parsing run.
const NECK: &str = include_str!("../../routines/neck.toml");
const TENNIS_BALL: &str = include_str!("../../routines/tennis-ball.toml");

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        // Shrinking a failing 2 KB file takes long; the first failure is usually readable.
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

/// Checks that every problem names `file` and a line and column inside `source` (one line
/// past the end is allowed: "the file ends without ...").
fn check_problems(file: &str, source: &str, problems: &[Problem]) -> Result<(), TestCaseError> {
    prop_assert!(!problems.is_empty(), "an error with no problem in it");
    let lines: Vec<&str> = source.split('\n').collect();
    for problem in problems {
        prop_assert_eq!(&problem.file, file);
        prop_assert!(problem.line >= 1, "line 0: {}", problem);
        prop_assert!(problem.column >= 1, "column 0: {}", problem);
        prop_assert!(
            problem.line <= lines.len(),
            "line {} past the end ({} lines): {}",
            problem.line,
            lines.len(),
            problem
        );
        let line_chars = lines[problem.line - 1].chars().count();
        prop_assert!(
            problem.column <= line_chars + 1,
            "column {} past the end of line {} ({} characters): {}",
            problem.column,
            problem.line,
            line_chars,
            problem
        );
        prop_assert!(!problem.message.trim().is_empty(), "an empty message");
        prop_assert!(
            !problem.message.chars().any(char::is_control),
            "a control character in {:?}",
            problem.message
        );
    }
    Ok(())
}

/// Parses `source` as `file`; a valid result is fine, an error must be well located.
fn parse_checked(source: &str) -> Result<(), TestCaseError> {
    let file = "routines/fuzz.toml";
    match parse_routine(file, "fuzz", source, Origin::BuiltIn) {
        Ok(routine) => {
            prop_assert!(!routine.steps.is_empty());
            prop_assert!(!routine.id.is_empty());
            Ok(())
        }
        Err(problems) => check_problems(file, source, &problems),
    }
}

/// One edit to a text: insert, delete or replace at a position given as a fraction.
#[derive(Debug, Clone)]
enum Edit {
    Insert(f64, String),
    Delete(f64, usize),
    Replace(f64, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Characters that matter to TOML, plus anything at all.
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "[", "]", "[[", "]]", "\"", "'", "=", "\n", "\r\n", ",", "#", "\\", "{", "}", ".",
            "-", "0", "-5", "1e400", "nan", "steps", "seconds", "minutes", "[5, 3]", "é", "\u{1b}[2J",
            "\\u001b", "\t", " ",
        ])
        .prop_map(str::to_string),
        2 => any::<String>(),
    ];
    prop_oneof![
        (0.0..=1.0f64, piece.clone()).prop_map(|(at, s)| Edit::Insert(at, s)),
        (0.0..=1.0f64, 1..40usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (0.0..=1.0f64, piece).prop_map(|(at, s)| Edit::Replace(at, s)),
    ]
}

/// The char boundary at or before a fraction of the text's length.
fn boundary(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_string();
    for edit in edits {
        match edit {
            Edit::Insert(at, s) => {
                let i = boundary(&text, *at);
                text.insert_str(i, s);
            }
            Edit::Delete(at, n) => {
                let i = boundary(&text, *at);
                let end = text[i..]
                    .char_indices()
                    .nth(*n)
                    .map_or(text.len(), |(j, _)| i + j);
                text.replace_range(i..end, "");
            }
            Edit::Replace(at, s) => {
                let i = boundary(&text, *at);
                let end = text[i..]
                    .char_indices()
                    .nth(s.chars().count().max(1))
                    .map_or(text.len(), |(j, _)| i + j);
                text.replace_range(i..end, s);
            }
        }
    }
    text
}

/// One edit to raw bytes.
fn apply_bytes(bytes: &[u8], edits: &[(f64, u8, u8)]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    for &(at, op, byte) in edits {
        let i = (((bytes.len() as f64) * at) as usize).min(bytes.len());
        match op % 3 {
            0 => bytes.insert(i, byte),
            1 if i < bytes.len() => {
                bytes.remove(i);
            }
            _ if i < bytes.len() => bytes[i] = byte,
            _ => bytes.push(byte),
        }
    }
    bytes
}

/// A TOML basic string holding `text` exactly, with every non-ASCII or control character
/// escaped, so any text at all can be put into a field.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_never_panics_and_errors_are_located(source in any::<String>()) {
        parse_checked(&source)?;
    }

    #[test]
    fn toml_like_text_never_panics_and_errors_are_located(
        source in "([a-z_]{1,8} = (\"[^\"\n]{0,12}\"|-?[0-9]{1,3}|\\[[0-9, ]{0,8}\\]|\\[\\])\n|\\[\\[steps\\]\\]\n|\n){0,16}"
    ) {
        parse_checked(&source)?;
    }

    #[test]
    fn a_mutated_routine_never_panics_and_errors_are_located(
        base in prop::sample::select(vec![NECK, TENNIS_BALL]),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        parse_checked(&apply(base, &edits))?;
    }

    #[test]
    fn mutated_bytes_never_panic_the_file_loader(
        edits in prop::collection::vec((0.0..=1.0f64, any::<u8>(), any::<u8>()), 1..8),
    ) {
        let bytes = apply_bytes(NECK.as_bytes(), &edits);
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("neck.toml");
        std::fs::write(&path, &bytes).expect("write routine file");
        match load_file(&path) {
            Ok(routine) => prop_assert_eq!(routine.origin, Origin::File(path.clone())),
            Err(problems) => {
                // Where the file is not UTF-8, positions count in the valid part before it.
                let valid_up_to = match std::str::from_utf8(&bytes) {
                    Ok(_) => bytes.len(),
                    Err(e) => e.valid_up_to(),
                };
                let source = std::str::from_utf8(&bytes[..valid_up_to]).expect("valid prefix");
                check_problems(&display(&path), source, &problems)?;
            }
        }
    }

    #[test]
    fn any_title_is_printed_without_control_characters(title in any::<String>()) {
        let source = NECK.replacen(
            "title = \"Neck knot release\"",
            &format!("title = {}", toml_string(&title)),
            1,
        );
        prop_assume!(source != NECK);
        match parse_routine("neck.toml", "neck", &source, Origin::BuiltIn) {
            Ok(routine) => {
                prop_assert!(
                    !routine.title.chars().any(|c| c.is_control()),
                    "{:?}",
                    routine.title
                );
                prop_assert!(!routine.title.trim().is_empty());
            }
            // Only an empty (after cleaning) title may be refused, and on the title's line.
            Err(problems) => {
                check_problems("neck.toml", &source, &problems)?;
                prop_assert_eq!(problems.len(), 1);
                prop_assert!(problems[0].message.contains("title is empty"), "{}", problems[0]);
            }
        }
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn the_mutation_bases_are_valid() {
    for (file, source) in [("neck.toml", NECK), ("tennis-ball.toml", TENNIS_BALL)] {
        let stem = file.trim_end_matches(".toml");
        if let Err(problems) = parse_routine(file, stem, source, Origin::BuiltIn) {
            panic!("{problems:?}");
        }
    }
}

#[test]
fn the_checker_catches_a_misplaced_line() {
    // The property's own check must be able to fail.
    let source = "a = 1\n";
    let bad = Problem {
        file: "f".into(),
        line: 3,
        column: 1,
        message: "x".into(),
    };
    assert!(check_problems("f", source, &[bad]).is_err());
    let good = Problem {
        file: "f".into(),
        line: 2,
        column: 1,
        message: "x".into(),
    };
    assert!(check_problems("f", source, &[good]).is_ok());
}
