//! The documentation the program prints: completion scripts that know the routines, and a
//! man page with the sections a man page should have (issue 16 item 6).

use crate::harness::Test;
use crate::harness::dialog::nothing_to_report;

#[test]
fn completions_offer_routine_ids_areas_and_conditions() {
    // (clap's fish and elvish scripts complete options and subcommands only, not values.)
    for shell in ["bash", "zsh"] {
        let out = Test::new().args(["completions", shell]).run();
        out.success();
        for name in ["neck", "lower-back", "headache", "constipation"] {
            out.stdout_contains(name);
        }
    }
}

#[test]
fn bash_completes_ne_to_neck() {
    let script = Test::new().args(["completions", "bash"]).run();
    script.success();
    // Load the script and ask bash what `selfmassage ne<TAB>` offers.
    let out = Test::new()
        .file("completion.bash", script.stdout.as_bytes())
        .shell(
            "bash -c 'source ./completion.bash; COMP_WORDS=(selfmassage ne); COMP_CWORD=1; \
             _selfmassage selfmassage ne selfmassage; printf \"%s\\n\" \"${COMPREPLY[@]}\"'",
        )
        .run();
    out.success()
        .stdout_contains("neck\n")
        .stdout_contains("new\n");
}

#[test]
fn the_man_page_has_files_exit_status_and_no_missing_pages() {
    let out = Test::new().arg("man").run();
    out.success();
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH COMMANDS",
        ".SH EXAMPLES",
        ".SH FILES",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
    ] {
        out.stdout_contains(section);
    }
    // No references to pages that do not exist (selfmassage-run(1) and the like).
    out.stdout_lacks("selfmassage\\-run(1)")
        .stdout_lacks("(1)\n");
    out.stdout_contains("journal.sqlite3");
}

#[test]
fn a_hidden_flag_for_old_scripts_is_still_accepted() {
    Test::new()
        .args(["check", "--ask-all"])
        .stdin(nothing_to_report(&[], 2))
        .run()
        .success()
        .stdout_contains("Go ahead")
        .stdout_contains("only the general questions are asked")
        .stdout_contains("This verdict covers the general questions only.");
    Test::new()
        .args(["check", "--help"])
        .run()
        .success()
        .stdout_lacks("--ask-all");
}

/// The README's routine example is a file `validate` accepts, so a reader who copies it
/// starts from something that works.
#[test]
fn the_readme_routine_example_validates() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("## Your own routines")
        .and_then(|at| readme[at..].find("```toml\n").map(|i| at + i + 8))
        .expect("a toml example under 'Your own routines'");
    let end = start + readme[start..].find("```").expect("the example ends");
    crate::harness::Test::new()
        .file("example.toml", &readme[start..end])
        .args(["validate", "example.toml"])
        .run()
        .success()
        .stdout_contains("example.toml: ok (neck,");
}

/// Every `.rs` file under `dir` (in the repository), with its text.
fn rust_files(dir: &str) -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    let mut folders = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)
            .expect("a source folder")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                files.push((path, text));
            }
        }
    }
    files
}

/// `file:line: comment` for each comment in `dir` for which `cites` holds.
fn comments_citing(dir: &str, cites: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in rust_files(dir) {
        for (number, line) in text.lines().enumerate() {
            if let Some((_, comment)) = line.split_once("//")
                && cites(comment)
            {
                found.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

/// Whether `text` names an issue by number ("issue 15", "Issues 13 and 15").
fn names_an_issue(text: &str) -> bool {
    let text = text.to_lowercase();
    text.match_indices("issue").any(|(at, word)| {
        let rest = text[at + word.len()..].trim_start_matches('s');
        rest.strip_prefix(' ')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// A reader who clones the repository can follow every citation: the code cites `docs/`, not
/// the design notes kept outside the repository, and no tracker issue by number.
#[test]
fn no_comment_in_src_cites_a_document_outside_the_repository_or_an_issue() {
    let outside = ["DESIGN.md", "content.md"];
    let found = comments_citing("src", |comment| {
        outside.iter().any(|name| comment.contains(name)) || names_an_issue(comment)
    });
    assert!(
        found.is_empty(),
        "cite docs/ instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn an_issue_is_told_apart_from_other_words() {
    assert!(names_an_issue("(issue 16)"));
    assert!(names_an_issue("Issues 13, 15 and 16"));
    assert!(!names_an_issue("the issues the tracker had"));
    assert!(!names_an_issue("issued 3 times"));
}

/// GitHub's anchor for a heading: lower case, spaces as '-', punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Every anchor a comment in src/ or tests/ cites in a docs file (`docs/cli.md#exit-codes`)
/// is a heading of that file.
#[test]
fn every_docs_anchor_cited_by_the_code_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for dir in ["src", "tests"] {
        for cited in comments_citing(dir, |comment| comment.contains("docs/")) {
            for (_, after) in cited
                .match_indices("docs/")
                .map(|(at, _)| cited.split_at(at))
            {
                let target: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '#' | '-' | '_'))
                    .collect();
                let Some((file, fragment)) = target.split_once('#') else {
                    continue;
                };
                let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
                let headings: Vec<String> = text
                    .lines()
                    .filter_map(|line| line.strip_prefix('#'))
                    .map(|line| anchor(line.trim_start_matches('#')))
                    .collect();
                if !headings.iter().any(|heading| heading == fragment) {
                    missing.push(format!("{cited}\n  (no heading for #{fragment} in {file})"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_docs_anchors_follow_githubs_rule() {
    assert_eq!(anchor(" Red flags by area"), "red-flags-by-area");
    assert_eq!(
        anchor(" A session, from the user's side"),
        "a-session-from-the-users-side"
    );
    assert_eq!(
        anchor(" Lower back, glutes and hips"),
        "lower-back-glutes-and-hips"
    );
}
