//! The documentation the program prints: completion scripts that know the routines, and a
//! man page with the sections a man page should have (issue 16 item 6).

use crate::harness::Test;

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
        .stdin("n\nn\nn\nn\n2\nn\ny\n")
        .run()
        .success()
        .stdout_contains("Go ahead");
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
