//! `selfmassage completions` and `selfmassage man`: shell integration from the clap definition.

use clap::CommandFactory;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::cli::{Cli, Shell};

pub fn completions(shell: Shell) -> anyhow::Result<()> {
    use clap_complete::Shell as Target;
    let target = match shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Elvish => Target::Elvish,
        Shell::Powershell => Target::PowerShell,
    };
    let mut command = Cli::command();
    // Generated into memory first: clap_complete panics on a write error, and a closed
    // pipe (`selfmassage completions bash | head`) must end quietly.
    let mut script = Vec::new();
    clap_complete::generate(target, &mut command, "selfmassage", &mut script);
    if target == Target::Fish {
        script = fish_values(&String::from_utf8_lossy(&script), &command).into_bytes();
    }
    std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
    Ok(())
}

/// clap_complete's fish script, completing values as the bash one does. clap_complete
/// writes an option's values one per line with an empty description (`"short\t''` …),
/// which fish reads as text with a backslash in it, and no values at all for positional
/// arguments (routine names, shell names): fish offered files instead. The values go on one
/// line here, and each positional argument's values get a line of their own.
fn fish_values(script: &str, command: &clap::Command) -> String {
    let mut fixed = script.replace("\\t''\n", " ").replace("\\t''\"", "\"");
    let mut add = |condition: &str, arg: &clap::Arg| {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if arg.is_positional() && !values.is_empty() {
            fixed.push_str(&format!(
                "complete -c selfmassage -n \"{condition}\" -f -a \"{}\"\n",
                values.join(" ")
            ));
        }
    };
    for arg in command.get_arguments() {
        add("__fish_selfmassage_needs_command", arg);
    }
    for sub in command.get_subcommands() {
        let condition = format!("__fish_selfmassage_using_subcommand {}", sub.get_name());
        for arg in sub.get_arguments() {
            add(&condition, arg);
        }
    }
    fixed
}

/// The man page: clap's sections, then the commands (as `selfmassage run`, with no
/// references to pages that do not exist), examples, files, environment and exit status.
pub fn man() -> anyhow::Result<()> {
    let command = Cli::command();
    let page = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    page.render_title(&mut out)?;
    page.render_name_section(&mut out)?;
    page.render_synopsis_section(&mut out)?;
    page.render_description_section(&mut out)?;
    page.render_options_section(&mut out)?;
    let mut roff = Roff::default();
    roff.control("SH", ["COMMANDS"]);
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        roff.control("TP", [] as [&str; 0]);
        roff.text([bold(format!("selfmassage {}", sub.get_name()))]);
        let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
        roff.text([roman(format!(
            "{about}. See selfmassage {} --help.",
            sub.get_name()
        ))]);
        // A command of commands (`journal edit`, `remind install`): each with its options.
        for action in sub.get_subcommands().filter(|s| s.get_name() != "help") {
            roff.control("TP", [] as [&str; 0]);
            let mut usage = format!("selfmassage {} {}", sub.get_name(), action.get_name());
            for arg in action.get_arguments().filter(|a| !a.is_global_set()) {
                let value = arg
                    .get_value_names()
                    .and_then(|names| names.first())
                    .map(ToString::to_string);
                usage.push(' ');
                match (arg.get_long(), value) {
                    (Some(long), Some(value)) => usage.push_str(&format!("[--{long} {value}]")),
                    (Some(long), None) => usage.push_str(&format!("[--{long}]")),
                    (None, Some(value)) => usage.push_str(&value),
                    (None, None) => usage.push_str(arg.get_id().as_str()),
                }
            }
            roff.text([bold(usage)]);
            let about = action
                .get_about()
                .map(ToString::to_string)
                .unwrap_or_default();
            roff.text([roman(format!("{about}."))]);
        }
    }
    let keys: Vec<(&str, &str)> = crate::ui::session::keys::KEY_HELP.to_vec();
    section(&mut roff, "SESSION KEYS", &keys);
    roff.control("PP", [] as [&str; 0]);
    roff.text([roman(
        "Ctrl-C ends the session (exit 130), Ctrl-Z pauses it and stops the program until fg, \
         Ctrl-\\ ends it as SIGQUIT does (exit 131). A session that ends early is saved.",
    )]);
    use crate::safety::VerdictKind;
    section(
        &mut roff,
        "VERDICTS",
        &[
            (
                VerdictKind::GoAhead.label(),
                "Nothing in your answers speaks against a session: use comfortable pressure.",
            ),
            (
                VerdictKind::GoAheadGently.label(),
                "A session may start, with light pressure only: each step is shown in its gentle form.",
            ),
            (
                VerdictKind::NotNow.label(),
                "Not today (after alcohol or a strong painkiller): wait, then try again (exit 3).",
            ),
            (
                VerdictKind::DoctorFirst.label(),
                "Something in your answers needs a doctor's opinion before self-massage of this area (exit 3).",
            ),
            (
                VerdictKind::CareNow.label(),
                "A warning sign that needs a doctor today, or the emergency number now (exit 3).",
            ),
        ],
    );
    section(&mut roff, "EXAMPLES", &[]);
    roff.control("nf", [] as [&str; 0]);
    for (example, what) in crate::cli::EXAMPLE_LINES {
        roff.text([bold(example.to_string())]);
        roff.text([roman(format!("    {what}"))]);
    }
    roff.control("fi", [] as [&str; 0]);
    section(
        &mut roff,
        "FILES",
        &[
            (
                "$XDG_CONFIG_HOME/selfmassage/config.toml",
                "Settings: length, sound, speech (selfmassage config --init writes a commented one).",
            ),
            (
                "$XDG_CONFIG_HOME/selfmassage/routines/*.toml",
                "Your own routines: selfmassage new ID writes a template, selfmassage new ID --from ROUTINE a copy of a routine to change (with a built-in's id, the copy replaces it).",
            ),
            (
                "$XDG_DATA_HOME/selfmassage/journal.sqlite3",
                "The journal of sessions (selfmassage history).",
            ),
        ],
    );
    roff.control("PP", [] as [&str; 0]);
    roff.text([roman(
        "XDG_CONFIG_HOME defaults to ~/.config and XDG_DATA_HOME to ~/.local/share.",
    )]);
    section(
        &mut roff,
        "ENVIRONMENT",
        &[
            ("NO_COLOR", "Set to anything: no colour."),
            (
                "TERM",
                "dumb or unset: plain output and line prompts, with no escape sequences.",
            ),
            (
                "XDG_CONFIG_HOME, XDG_DATA_HOME",
                "Where the files above live.",
            ),
        ],
    );
    section(
        &mut roff,
        "EXIT STATUS",
        &[
            ("0", "Done, including a session stopped early."),
            (
                "1",
                "An error: a file, the journal, an unanswered question, or output that closed before the verdict.",
            ),
            ("2", "A usage error: an unknown routine or a bad flag."),
            (
                "3",
                "A safety stop: talk to your doctor first, or get medical care now.",
            ),
            (
                "129, 130, 131, 143",
                "Ended by SIGHUP (a closed window), Ctrl-C, SIGQUIT (Ctrl-\\), or SIGTERM.",
            ),
        ],
    );
    roff.control("SH", ["NOTES"]);
    roff.text([italic(
        "Self-massage is for mild muscle pain. This is general guidance, not a diagnosis.",
    )]);
    roff.to_writer(&mut out)?;
    page.render_version_section(&mut out)?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &out)?;
    Ok(())
}

/// A section heading and its tagged paragraphs.
fn section(roff: &mut Roff, title: &str, items: &[(&str, &str)]) {
    roff.control("SH", [title]);
    for (tag, text) in items {
        roff.control("TP", [] as [&str; 0]);
        roff.text([bold(tag.to_string())]);
        roff.text([roman(text.to_string())]);
    }
}
