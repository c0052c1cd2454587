//! The command line (DESIGN.md §2), as clap derive types. Each doc comment is the help.

use std::path::PathBuf;

use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::routine::Length;

const EXAMPLES: &str = "\
Examples:
  selfmassage list                 routines grouped by pain area
  selfmassage neck                 safety questions, then a timed, guided routine
  selfmassage headache             a condition finds its routine (head)
  selfmassage show lower-back      read the steps without running them
  selfmassage check neck           the safety questions alone
  selfmassage history              past sessions and how the pain changed

Keys during a session: space pause · n/→ next · b/← back · +/- 15 s · h this hurts · q stop · ? help

Self-massage is for mild muscle pain. This is general guidance, not a diagnosis.";

/// A calm, step-by-step guide to self-massage for mild muscle pain, with safety questions first.
#[derive(Debug, Parser)]
#[command(
    name = "selfmassage",
    version,
    after_help = EXAMPLES,
    arg_required_else_help = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub shared: SharedArgs,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Shorthand for `run`: `selfmassage neck` is `selfmassage run neck`.
    #[command(flatten)]
    pub run: RunArgs,
}

// (Plain comments, not doc comments, on flattened structs: clap would take a doc comment as
// the subcommand's description.)
// The options that apply to more than one command: where routines come from and how output
// looks. Each subcommand takes the ones that make sense for it (DESIGN.md §2): a misplaced
// `--routines-dir` is refused rather than ignored, while `--plain` before any subcommand is
// fine (an alias may add it). They are not clap `global` args: those are copied into every
// subcommand on every start, which cost a third of a cold start's heap.
#[derive(Debug, Clone, Args, Default)]
pub struct SharedArgs {
    #[command(flatten)]
    pub source: SourceArgs,

    #[command(flatten)]
    pub display: DisplayArgs,
}

#[derive(Debug, Clone, Args, Default)]
pub struct SourceArgs {
    /// Also load routines from this folder (repeatable); a routine with a built-in's id replaces it
    #[arg(long = "routines-dir", value_name = "DIR")]
    pub routines_dirs: Vec<PathBuf>,
}

#[derive(Debug, Clone, Args, Default)]
pub struct DisplayArgs {
    /// Line-by-line output with no cursor movement or colour (automatic when output is not a terminal)
    #[arg(long)]
    pub plain: bool,
}

impl SharedArgs {
    /// These options given before the subcommand (`selfmassage --plain list`) together with
    /// the subcommand's own (`selfmassage list --plain`).
    pub fn merged(mut self, source: Option<&SourceArgs>, display: Option<&DisplayArgs>) -> Self {
        if let Some(source) = source {
            self.source
                .routines_dirs
                .extend(source.routines_dirs.iter().cloned());
        }
        self.display.plain |= display.is_some_and(|display| display.plain);
        self
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Safety questions, a timed guided session, then how you feel (the default command)
    Run(Deferred<RunCommandArgs>),
    /// List routines by pain area, with length and equipment
    List(Deferred<ListArgs>),
    /// Show a routine's steps, durations, tips and cautions without running it
    Show(Deferred<ShowArgs>),
    /// Answer the safety questions only, and see the verdict (exit 0 go ahead, 3 stop)
    Check(Deferred<CheckArgs>),
    /// Past sessions: pain before and after, and the trend per area
    History(Deferred<HistoryArgs>),
    /// Check routine files or folders; every problem is printed as file:line:col: message
    Validate(Deferred<ValidateArgs>),
    /// Show the config file's path and the settings in effect
    Config(Deferred<ConfigArgs>),
    /// Write a commented routine template into your routine folder
    New(Deferred<NewArgs>),
    /// Print a shell completion script
    Completions(Deferred<CompletionsArgs>),
    /// Print a man page (roff)
    Man,
}

impl Command {
    /// The subcommand as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Run(_) => "run",
            Command::List(_) => "list",
            Command::Show(_) => "show",
            Command::Check(_) => "check",
            Command::History(_) => "history",
            Command::Validate(_) => "validate",
            Command::Config(_) => "config",
            Command::New(_) => "new",
            Command::Completions(_) => "completions",
            Command::Man => "man",
        }
    }

    /// `--routines-dir`, for the subcommands that read routines (or, for `config`, show
    /// where they come from).
    pub fn source(&self) -> Option<&SourceArgs> {
        match self {
            Command::Run(args) => Some(&args.shared.source),
            Command::List(args) => Some(&args.shared.source),
            Command::Show(args) => Some(&args.shared.source),
            Command::Check(args) => Some(&args.shared.source),
            Command::Config(args) => Some(&args.source),
            Command::History(_)
            | Command::Validate(_)
            | Command::New(_)
            | Command::Completions(_)
            | Command::Man => None,
        }
    }

    /// `--plain`, for the subcommands that write to a person (for some, their output is
    /// plain already). Not for a completion script or a man page.
    pub fn display(&self) -> Option<&DisplayArgs> {
        match self {
            Command::Run(args) => Some(&args.shared.display),
            Command::List(args) => Some(&args.shared.display),
            Command::Show(args) => Some(&args.shared.display),
            Command::Check(args) => Some(&args.shared.display),
            Command::History(args) => Some(&args.display),
            Command::Validate(args) => Some(&args.display),
            Command::Config(args) => Some(&args.display),
            Command::New(args) => Some(&args.display),
            Command::Completions(_) | Command::Man => None,
        }
    }
}

/// A subcommand's arguments, added to clap's command tree only when that subcommand is
/// parsed or its help is shown. Every run builds the tree of all subcommands; deferring
/// their arguments keeps that to names and one-line descriptions, which cuts clap's part of
/// a cold start by about a fifth (BENCHMARKS.md §1).
#[derive(Debug, Clone)]
pub struct Deferred<T>(pub T);

impl<T> std::ops::Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Args> Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args_for_update)
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

// `selfmassage run`: the run options and the shared ones. (The shorthand `selfmassage neck`
// takes `RunArgs` at the top level, next to the top level's own `SharedArgs`.)
#[derive(Debug, Clone, Args)]
pub struct RunCommandArgs {
    #[command(flatten)]
    pub run: RunArgs,

    #[command(flatten)]
    pub shared: SharedArgs,
}

#[derive(Debug, Clone, Args, Default)]
pub struct RunArgs {
    /// Routine ids, pain areas or conditions (e.g. neck, lower-back, headache); several run one after another
    #[arg(value_name = "ROUTINE-OR-AREA")]
    pub names: Vec<String>,

    /// Where a step gives a range (e.g. 3 to 5 minutes), use its low, middle or high end
    #[arg(long, value_enum, value_name = "LENGTH")]
    pub length: Option<Length>,

    /// No sounds
    #[arg(long)]
    pub quiet: bool,

    /// Read each instruction aloud through a text-to-speech program
    #[arg(long)]
    pub speak: bool,

    /// Ask every general health question, even ones answered recently
    #[arg(long)]
    pub ask_all: bool,
}

impl RunArgs {
    /// `selfmassage --quiet run neck`: the run options given before `run` together with
    /// those after it; for `--length`, the later one.
    pub fn merged(mut self, before: &RunArgs) -> RunArgs {
        let mut names = before.names.clone();
        names.append(&mut self.names);
        RunArgs {
            names,
            length: self.length.or(before.length),
            quiet: self.quiet || before.quiet,
            speak: self.speak || before.speak,
            ask_all: self.ask_all || before.ask_all,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Only routines for this pain area (e.g. neck, lower-back)
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,

    /// Machine-readable output
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub shared: SharedArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// A routine id, pain area or condition
    #[arg(value_name = "ROUTINE-OR-AREA")]
    pub name: String,

    /// Machine-readable output
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub shared: SharedArgs,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Include this routine's own warning signs (routine id, area or condition)
    #[arg(value_name = "ROUTINE-OR-AREA")]
    pub names: Vec<String>,

    /// Ask every general health question, even ones answered recently
    #[arg(long)]
    pub ask_all: bool,

    #[command(flatten)]
    pub shared: SharedArgs,
}

#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// Only sessions for this pain area
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,

    /// Only sessions on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<jiff::civil::Date>,

    /// Machine-readable output
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,

    /// One row per session, for a spreadsheet
    #[arg(long)]
    pub csv: bool,

    #[command(flatten)]
    pub display: DisplayArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// Routine files or folders of them
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub display: DisplayArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Write a commented default config file (never overwrites one)
    #[arg(long)]
    pub init: bool,

    #[command(flatten)]
    pub source: SourceArgs,

    #[command(flatten)]
    pub display: DisplayArgs,
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The new routine's id (lowercase letters, digits and '-')
    #[arg(value_name = "ID")]
    pub id: String,

    #[command(flatten)]
    pub display: DisplayArgs,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_bare_name_is_the_run_shorthand() {
        let cli =
            Cli::try_parse_from(["selfmassage", "neck", "--length", "short"]).expect("parses");
        assert!(cli.command.is_none());
        assert_eq!(cli.run.names, vec!["neck"]);
        assert_eq!(cli.run.length, Some(Length::Short));
    }

    #[test]
    fn run_options_before_run_join_those_after_it() {
        let cli =
            Cli::try_parse_from(["selfmassage", "--quiet", "--length", "long", "run", "neck"])
                .expect("parses");
        let Some(Command::Run(args)) = cli.command else {
            panic!("not the run subcommand: {:?}", cli.command);
        };
        let merged = args.0.run.merged(&cli.run);
        assert_eq!(merged.names, vec!["neck"]);
        assert!(merged.quiet && !merged.speak);
        assert_eq!(merged.length, Some(Length::Long));
    }

    #[test]
    fn the_routine_folder_commands_named_in_messages_are_the_ones_that_take_the_option() {
        let required: &[(&str, &[&str])] = &[
            ("run", &[]),
            ("list", &[]),
            ("show", &["neck"]),
            ("check", &[]),
            ("history", &[]),
            ("validate", &["x"]),
            ("config", &[]),
            ("new", &["x"]),
            ("completions", &["bash"]),
            ("man", &[]),
        ];
        for (name, args) in required {
            let cli = Cli::try_parse_from(["selfmassage", name].iter().chain(args.iter()))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let command = cli.command.expect("a subcommand");
            assert_eq!(command.name(), *name);
            assert_eq!(
                command.source().is_some(),
                crate::commands::ROUTINE_FOLDER_COMMANDS.contains(name),
                "{name}"
            );
        }
    }

    #[test]
    fn subcommands_still_win() {
        let cli = Cli::try_parse_from(["selfmassage", "list", "--json"]).expect("parses");
        assert!(matches!(
            cli.command,
            Some(Command::List(Deferred(ListArgs { json: true, .. })))
        ));
        let cli = Cli::try_parse_from(["selfmassage", "--routines-dir", "x", "show", "neck"])
            .expect("parses");
        assert_eq!(cli.shared.source.routines_dirs, vec![PathBuf::from("x")]);
    }
}
