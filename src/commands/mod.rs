//! One module per subcommand, each wiring the core to the terminal; shared helpers here.

pub mod check;
pub mod completions;
pub mod config;
pub mod history;
pub mod journal;
pub mod list;
pub mod new;
pub mod plan;
pub mod remind;
pub mod report;
pub mod run;
pub mod screening;
pub mod show;
pub mod validate;

use anyhow::anyhow;

use crate::cli::{Cli, PagerArgs, RemindAction, RemindArgs, RunArgs, Subcommand};
use crate::exit::{OutputClosed, UsageError};
use crate::routine::schema::normalize_name;
use crate::routine::{Catalog, Found, Problems, Routine};
use crate::sanitize::clean;
use crate::settings::{Environment, Settings};

/// Resolves the settings once and runs the subcommand (`run` when none is named).
pub fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let Cli {
        global,
        command,
        run,
    } = cli;
    // The run options in effect: those of the shorthand (`selfmassage neck --quiet`), or of
    // `run` with any given before it; none for another subcommand.
    let run = match &command {
        None => run,
        Some(Subcommand::Run(args)) => args.merged(&run),
        Some(Subcommand::Again(args) | Subcommand::Resume(args)) => args.as_run(&run),
        Some(other) => {
            refuse_run_options(&run, other.name())?;
            RunArgs::default()
        }
    };
    // Neither needs settings: a broken config file must not stop a completion script.
    match &command {
        Some(Subcommand::Completions(args)) => return completions::completions(args.shell),
        Some(Subcommand::Man) => return completions::man(),
        // What a timer runs: always exit 0, even with a broken config file.
        Some(Subcommand::Remind(RemindArgs {
            action: RemindAction::Fire,
        })) => {
            if let Ok(settings) =
                Environment::current().and_then(|env| Settings::resolve(&global, &run, env))
            {
                remind::fire(&settings);
            }
            return Ok(());
        }
        _ => {}
    }
    let settings = Settings::resolve(&global, &run, Environment::current()?)?;
    match command {
        None | Some(Subcommand::Run(_)) => safety_output(run::run(&settings, &run)),
        Some(Subcommand::Again(_)) => safety_output(run::again(&settings, &run)),
        Some(Subcommand::Resume(_)) => safety_output(run::resume(&settings, &run)),
        Some(Subcommand::List(args)) => list::run(&settings, &args),
        Some(Subcommand::Show(args)) => show::run(&settings, &args),
        Some(Subcommand::Check(args)) => safety_output(check::run(&settings, &args)),
        Some(Subcommand::History(args)) => history::run(&settings, &args),
        Some(Subcommand::Report(args)) => report::run(&settings, &args),
        Some(Subcommand::Journal(args)) => journal::run(&settings, &args),
        Some(Subcommand::Validate(args)) => validate::run(&settings, &args),
        Some(Subcommand::Config(args)) => config::run(&settings, &args),
        Some(Subcommand::New(args)) => new::run(&settings, &args),
        Some(Subcommand::Plan(args)) => plan::run(&settings, &args),
        Some(Subcommand::Remind(args)) => remind::run(&settings, &args),
        Some(Subcommand::Completions(_) | Subcommand::Man) => Ok(()),
    }
}

/// For `check` and `run`: a closed output pipe before the end is a failure, not a success.
fn safety_output(result: anyhow::Result<()>) -> anyhow::Result<()> {
    result.map_err(|error| {
        if crate::exit::is_broken_pipe(&error) {
            OutputClosed.into()
        } else {
            error
        }
    })
}

/// A run option given before another subcommand (`selfmassage --quiet list`) would
/// otherwise be ignored in silence: the message says where it belongs.
fn refuse_run_options(run: &RunArgs, name: &str) -> Result<(), UsageError> {
    let given = run.session.first_given().or_else(|| {
        [
            (run.old.ask_all, "--ask-all"),
            (!run.names.is_empty(), "a routine name"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    });
    match given {
        Some(flag) => Err(UsageError(format!(
            "{flag} is for running a routine, not for `{name}`: put it after the routine's name, e.g. `selfmassage neck {flag}`"
        ))),
        None => Ok(()),
    }
}

/// "lower-back" → "Lower back": an area as a heading.
pub fn area_label(area: &str) -> String {
    let spaced = area.replace('-', " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Broken user files are skipped with a warning each; the rest still works. A file the
/// user asked for by name is left out: resolving that name reports it as the error.
pub fn warn_about_problems(catalog: &Catalog, names: &[String]) {
    let asked: Vec<String> = names.iter().map(|n| normalize_name(n)).collect();
    let skipped = catalog.broken().iter().filter(|b| asked.contains(&b.stem));
    let skipped_problems: Vec<&crate::routine::Problem> =
        skipped.flat_map(|b| b.problems.iter()).collect();
    for problem in catalog.problems().filter(|p| !skipped_problems.contains(p)) {
        crate::ui::text::prose::warn(&format!("skipped {problem}"));
    }
}

/// The widest a text column is padded to: a huge value in a file must not stretch a table
/// (nor reach `format!`, whose widths panic past u16::MAX).
pub const MAX_COLUMN: usize = 40;

/// Resolves each name to one routine, asking when a name fits several and a person is
/// there to answer; duplicates are dropped, order kept.
pub fn resolve<'a>(
    settings: &Settings,
    catalog: &'a Catalog,
    names: &[String],
) -> anyhow::Result<Vec<&'a Routine>> {
    let mut routines: Vec<&Routine> = Vec::new();
    for name in names {
        let routine = match catalog.find(name) {
            Found::One(routine) => routine,
            Found::Several(candidates) if settings.interactive => {
                crate::ui::prompt::choose_routine(name, &candidates)?
            }
            Found::Several(candidates) => {
                let ids: Vec<&str> = candidates.iter().map(|r| &*r.id).collect();
                return Err(UsageError(format!(
                    "\"{}\" fits several routines: {}. Name one, e.g. `selfmassage {}`",
                    clean(name),
                    ids.join(", "),
                    ids[0]
                ))
                .into());
            }
            Found::Broken(broken) => {
                return Err(anyhow!(Problems(broken.problems.clone())).context(format!(
                    "the routine file {} has problems; fix them (see `selfmassage validate`) or remove it",
                    crate::paths::shown(&broken.path)
                )));
            }
            Found::Unknown { suggestions } => {
                let hint = match suggestions.as_slice() {
                    [] => "see `selfmassage list` for the routines and areas".to_string(),
                    some => format!("did you mean {}?", some.join(", ")),
                };
                return Err(UsageError(format!(
                    "no routine or area called \"{}\": {hint}",
                    clean(name)
                ))
                .into());
            }
        };
        if !routines.iter().any(|r| r.id == routine.id) {
            routines.push(routine);
        }
    }
    Ok(routines)
}

/// The width to lay text out to on stdout (the one rule: [`crate::ui::text::width::text_width`]).
pub fn text_width(settings: &Settings) -> usize {
    crate::ui::text::width::text_width(settings.stdout_is_terminal)
}

/// Writes a command's whole output (`history`, `show`) to stdout: in a terminal, when it is
/// taller than the window, through the pager ([`crate::ui::terminal::pager`]), unless
/// `--no-pager` (or `--plain`, or a pipe: then the settings have no pager).
pub fn page(settings: &Settings, args: &PagerArgs, output: &[u8]) -> std::io::Result<()> {
    let pager = settings.pager.as_deref().filter(|_| !args.no_pager);
    crate::ui::terminal::pager::show(&String::from_utf8_lossy(output), pager)
}

/// The built-in safety questions and warning signs. They are compiled in and checked by the
/// tests, so only a broken build can damage them.
pub fn builtin_safety() -> anyhow::Result<crate::safety::SafetyData> {
    crate::safety::SafetyData::builtin()
        .map_err(|problem| anyhow::anyhow!("a built-in file is damaged: {problem}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_labels_read_as_words() {
        assert_eq!(area_label("lower-back"), "Lower back");
        assert_eq!(area_label("neck"), "Neck");
        assert_eq!(area_label(""), "");
    }
}
