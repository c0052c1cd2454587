//! The command line (docs/cli.md#commands), as clap derive types. Each doc comment is the help.

use std::path::PathBuf;

use clap::{Args, Parser, ValueEnum};

use crate::routine::Length;

/// The examples of `--help` and the man page: (command, what it does).
pub const EXAMPLE_LINES: [(&str, &str); 7] = [
    ("selfmassage list", "routines grouped by pain area"),
    (
        "selfmassage neck",
        "safety questions, then a timed, guided routine",
    ),
    (
        "selfmassage headache",
        "a condition finds its routine (head)",
    ),
    (
        "selfmassage show lower-back",
        "read the steps without running them",
    ),
    ("selfmassage check neck", "the safety questions alone"),
    (
        "selfmassage history",
        "past sessions and how the pain changed",
    ),
    (
        "selfmassage report",
        "a page of the journal to show your doctor",
    ),
];

const EXAMPLES: &str = "\
Examples:
  selfmassage list              routines grouped by pain area
  selfmassage neck              safety questions, then a timed, guided routine
  selfmassage headache          a condition finds its routine (head)
  selfmassage show lower-back   read the steps without running them
  selfmassage check neck        the safety questions alone
  selfmassage history           past sessions and how the pain changed
  selfmassage report            a page of the journal to show your doctor

Keys in a session: space pause, n/b next/back, +/- 15 s, h hurts, q stop, ? help

Self-massage is for mild muscle pain. This is general guidance, not a diagnosis.";

/// A calm, step-by-step guide to self-massage for mild muscle pain, with safety questions first.
#[derive(Debug, Parser)]
#[command(
    name = "selfmassage",
    version,
    after_help = EXAMPLES,
    arg_required_else_help = true,
    max_term_width = crate::ui::text::width::MAX_COLUMNS
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Subcommand>,

    /// Shorthand for `run`: `selfmassage neck` is `selfmassage run neck`.
    #[command(flatten)]
    pub run: RunArgs,
}

// (A plain comment, not a doc comment, on a flattened struct: clap would take a doc comment
// as the subcommand's description.)
// The options every subcommand accepts, before or after its name (clap's `global`). Where
// one has no use (`--routines-dir` for `history`), it is accepted and ignored, as ripgrep and
// fd do with their global options.
#[derive(Debug, Clone, Args, Default)]
pub struct GlobalArgs {
    /// Also load routines from this folder (repeatable); a routine with a built-in's id replaces it
    #[arg(long = "routines-dir", value_name = "DIR", global = true)]
    pub routines_dirs: Vec<PathBuf>,

    /// Line-by-line output with no cursor movement or colour (automatic when output is not a terminal)
    #[arg(long, global = true)]
    pub plain: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// Safety questions, a timed guided session, then how you feel (the default command)
    Run(RunArgs),
    /// List routines by pain area, with length and equipment
    List(ListArgs),
    /// Show a routine's steps, durations, tips and cautions without running it
    Show(ShowArgs),
    /// The routines of the last session again, from the safety questions on
    Again(AgainArgs),
    /// Continue the last session that did not finish (closed window, signal or q; started under 12 hours ago; no session since): the safety questions again, then from the start of the step where it stopped
    Resume(AgainArgs),
    /// Answer the safety questions only, and see the verdict (exit 0 go ahead, 3 stop)
    Check(CheckArgs),
    /// Past sessions: pain before and after, and the trend per area
    History(HistoryArgs),
    /// Write the journal as one HTML page to show a doctor or physiotherapist
    Report(ReportArgs),
    /// Correct a session in your journal (a mistyped pain score, its note), or remove one
    Journal(JournalArgs),
    /// Check routine files or folders; every problem is printed as file:line:col: message
    Validate(ValidateArgs),
    /// Show the config file's path and the settings in effect
    Config(ConfigArgs),
    /// Write a commented routine template, or a copy of a routine (--from), into your routine folder
    #[command(after_help = NEW_EXAMPLES)]
    New(NewArgs),
    /// Set a plan (routines, days a week, weeks), or show how it is going
    Plan(PlanArgs),
    /// Remind you of the plan's sessions through the system's scheduler
    Remind(RemindArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print a man page (roff)
    Man,
}

impl Subcommand {
    /// The subcommand as typed, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Subcommand::Run(_) => "run",
            Subcommand::Again(_) => "again",
            Subcommand::Resume(_) => "resume",
            Subcommand::List(_) => "list",
            Subcommand::Show(_) => "show",
            Subcommand::Check(_) => "check",
            Subcommand::History(_) => "history",
            Subcommand::Report(_) => "report",
            Subcommand::Journal(_) => "journal",
            Subcommand::Validate(_) => "validate",
            Subcommand::Config(_) => "config",
            Subcommand::New(_) => "new",
            Subcommand::Plan(_) => "plan",
            Subcommand::Remind(_) => "remind",
            Subcommand::Completions(_) => "completions",
            Subcommand::Man => "man",
        }
    }
}

#[derive(Debug, Clone, Args, Default)]
pub struct RunArgs {
    /// Routine ids, pain areas or conditions (e.g. neck, lower-back, headache); several run one after another
    #[arg(value_name = "ROUTINE-OR-AREA", value_parser = RoutineName, hide_possible_values = true)]
    pub names: Vec<String>,

    #[command(flatten)]
    pub session: SessionOptions,

    #[command(flatten)]
    pub old: OldOptions,
}

// (A plain comment: see `GlobalArgs`.) How a session runs: the options of `run` (and its
// shorthand, `selfmassage neck`), `again` and `resume`, declared once.
#[derive(Debug, Clone, Args, Default, PartialEq, Eq)]
pub struct SessionOptions {
    /// Where a step gives a range (e.g. 3 to 5 minutes), use its low, middle or high end
    #[arg(long, value_enum, value_name = "LENGTH")]
    pub length: Option<Length>,

    /// No sounds
    #[arg(long)]
    pub quiet: bool,

    /// Read each instruction aloud through a text-to-speech program
    #[arg(long)]
    pub speak: bool,

    /// A note kept with the session (e.g. "after yoga"), shown by history and report
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

impl SessionOptions {
    /// `selfmassage --quiet run neck`: these options (given after the subcommand) together
    /// with those given `before` it; for `--length` and `--note`, the later one.
    pub fn merged(&self, before: &SessionOptions) -> SessionOptions {
        SessionOptions {
            length: self.length.or(before.length),
            quiet: self.quiet || before.quiet,
            speak: self.speak || before.speak,
            note: self.note.clone().or_else(|| before.note.clone()),
        }
    }

    /// The first option given, as typed (for a message), or `None` when none was.
    pub fn first_given(&self) -> Option<&'static str> {
        [
            (self.length.is_some(), "--length"),
            (self.quiet, "--quiet"),
            (self.speak, "--speak"),
            (self.note.is_some(), "--note"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }
}

/// `again` and `resume`: the session options, without names (the journal gives them).
#[derive(Debug, Clone, Args, Default)]
pub struct AgainArgs {
    #[command(flatten)]
    pub session: SessionOptions,
}

impl AgainArgs {
    /// The run options these give, with those given before the subcommand.
    pub fn as_run(&self, before: &RunArgs) -> RunArgs {
        RunArgs {
            names: Vec::new(),
            session: self.session.merged(&before.session),
            old: OldOptions::default(),
        }
    }
}

// (A plain comment: see `GlobalArgs`.) Options accepted for old scripts that change nothing
// now, read by nothing: `--ask-all` (every safety question is asked every time).
#[derive(Debug, Clone, Args, Default)]
pub struct OldOptions {
    #[arg(long, hide = true)]
    pub ask_all: bool,
}

impl RunArgs {
    /// `selfmassage --quiet run neck`: the run options given before `run` together with
    /// those after it (see [`SessionOptions::merged`]).
    pub fn merged(&self, before: &RunArgs) -> RunArgs {
        RunArgs {
            names: before.names.iter().chain(&self.names).cloned().collect(),
            session: self.session.merged(&before.session),
            old: OldOptions::default(),
        }
    }
}

/// A routine id, area or condition as typed. Any text is accepted (a user's routine, a
/// typo that gets "did you mean"); the built-in ids, areas and conditions are offered to
/// shell completion (`selfmassage ne<TAB>` gives `neck`).
#[derive(Debug, Clone, Copy)]
pub struct RoutineName;

impl clap::builder::TypedValueParser for RoutineName {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let catalog = crate::routine::Catalog::builtin();
        let mut names: Vec<String> = catalog
            .routines()
            .iter()
            .flat_map(|r| {
                std::iter::once(r.id.clone())
                    .chain(r.areas.iter().cloned())
                    .chain(
                        r.aliases
                            .iter()
                            .map(|a| crate::routine::schema::normalize_name(a)),
                    )
            })
            .collect();
        names.sort();
        names.dedup();
        Some(Box::new(
            names.into_iter().map(clap::builder::PossibleValue::new),
        ))
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
}

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// A routine id, pain area or condition
    #[arg(value_name = "ROUTINE-OR-AREA", value_parser = RoutineName, hide_possible_values = true)]
    pub name: String,

    /// Machine-readable output
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub pager: PagerArgs,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Include the warning signs of these routines and their pain areas (routine id, area or condition)
    #[arg(value_name = "ROUTINE-OR-AREA", value_parser = RoutineName, hide_possible_values = true)]
    pub names: Vec<String>,

    #[command(flatten)]
    pub old: OldOptions,
}

#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// Only sessions for this pain area (a session of several routines, e.g. `head neck`,
    /// counts for each of their areas)
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,

    /// Only sessions on or after this date (YYYY-MM-DD), or this date and time
    /// (YYYY-MM-DDTHH:MM)
    #[arg(long, value_name = "DATE")]
    pub since: Option<crate::journal::Since>,

    /// Every session in the table, not only the last 20
    #[arg(long)]
    pub all: bool,

    /// Machine-readable output
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,

    /// One row per session, for a spreadsheet; times in your local time zone, to the second
    /// ("2026-11-30 14:05:09"; --json gives UTC, to the nanosecond)
    #[arg(long)]
    pub csv: bool,

    #[command(flatten)]
    pub pager: PagerArgs,
}

// (A plain comment: see `GlobalArgs`.) Whether long output may go through a pager: the
// option of `history` and `show`, declared once.
#[derive(Debug, Clone, Copy, Args, Default)]
pub struct PagerArgs {
    /// Print everything at once, even when it is taller than the window (otherwise, in a
    /// terminal, long output goes through $PAGER, or `less -FRX`)
    #[arg(long)]
    pub no_pager: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Only sessions for this pain area (a session of several routines, e.g. `head neck`,
    /// counts for each of their areas)
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,

    /// Only sessions on or after this date (YYYY-MM-DD), or this date and time
    /// (YYYY-MM-DDTHH:MM)
    #[arg(long, value_name = "DATE")]
    pub since: Option<crate::journal::Since>,

    /// Write the page here (default: selfmassage-report-DATE.html in the current folder)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace FILE if it exists (otherwise an existing file is never overwritten)
    #[arg(long)]
    pub force: bool,
}

// `journal edit` and `journal delete`.

#[derive(Debug, Clone, Args)]
#[command(after_help = JOURNAL_EXAMPLES)]
pub struct JournalArgs {
    #[command(subcommand)]
    pub action: JournalAction,
}

const JOURNAL_EXAMPLES: &str = "\
Examples:
  selfmassage history                        each session with its id (first column)
  selfmassage journal edit 12 --pain-after 3 correct a mistyped pain score
  selfmassage journal edit 12 --note \"after yoga\"
  selfmassage journal delete 12              take session 12 out of history and rules

Every change is kept in the journal (what, the old and the new value, and when);
`selfmassage history --json` lists them, and `selfmassage report` shows them to your doctor.";

const EDIT_EXAMPLES: &str = "\
Examples:
  selfmassage journal edit 12 --pain-after 3     the pain after session 12 was 3, not 6
  selfmassage journal edit 12 --pain-before 5 --pain-after 4
  selfmassage journal edit 12 --note \"left side worse\"
  selfmassage journal edit 12 --note \"\"           take the note out

The journal keeps each change (the old and the new value, and when), and the safety
questions, `history` and `report` use the corrected values.";

const DELETE_EXAMPLES: &str = "\
Example:
  selfmassage journal delete 12      session 12 no longer counts anywhere

The session is kept in the journal, marked as removed: `history` and the safety questions
leave it out, and `report` lists it under \"Removed sessions\" so a doctor sees it.";

#[derive(Debug, Clone, clap::Subcommand)]
pub enum JournalAction {
    /// Correct a session: its pain before or after (0-10) or its note; the journal keeps
    /// what changed and when
    #[command(after_help = EDIT_EXAMPLES)]
    Edit(EditArgs),
    /// Take a session out of history, report and the safety questions' rules; the journal
    /// keeps a note that it was removed
    #[command(after_help = DELETE_EXAMPLES)]
    Delete(DeleteArgs),
}

#[derive(Debug, Clone, Args)]
pub struct EditArgs {
    /// The session's id, as `selfmassage history` shows it
    #[arg(value_name = "ID")]
    pub id: i64,

    /// The pain before the session, 0 (none) to 10 (the worst imaginable)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub pain_before: Option<u8>,

    /// The pain after the session, 0 (none) to 10 (the worst imaginable)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub pain_after: Option<u8>,

    /// The session's note, in place of the one it has ("" takes the note out)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct DeleteArgs {
    /// The session's id, as `selfmassage history` shows it
    #[arg(value_name = "ID")]
    pub id: i64,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = validate_rules())]
pub struct ValidateArgs {
    /// Routine files or folders of them
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// The rules `validate` applies that a person writing a file needs to look up.
fn validate_rules() -> String {
    let spots: Vec<&str> = crate::routine::spot::SPOTS.iter().map(|s| s.id).collect();
    format!(
        "Areas with built-in warning signs: {}.\nSpots (where a step presses): {}.\n\nA step above light pressure needs a spot and a gentle text; pressure left out is\nmedium. One spot is worked at most 10 minutes, a routine lasts at most 60. Questions\nmay only add to the built-in ones, and no id or alias may take a built-in routine's\nid, area or condition word.",
        crate::routine::ARTICLE_AREAS.join(", "),
        spots.join(", ")
    )
}

#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Write a commented default config file (never overwrites one)
    #[arg(long, conflicts_with = "check")]
    pub init: bool,

    /// Check the config file: exit 1 if it has a key this version does not know (other
    /// commands only warn about one)
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The new routine's id (lowercase letters, digits and '-')
    #[arg(value_name = "ID")]
    pub id: String,

    /// Start from a copy of this routine (built-in or yours), its comments kept, instead of the template
    #[arg(long, value_name = "ROUTINE", value_parser = RoutineName, hide_possible_values = true)]
    pub from: Option<String>,
}

const NEW_EXAMPLES: &str = "\
Examples:
  selfmassage new my-routine            a commented template to fill in
  selfmassage new my-neck --from neck   a copy of the built-in neck routine to change
  selfmassage new neck --from neck      your own neck routine, replacing the built-in one

A built-in's id without --from is refused: a file with that id would replace the built-in.
Check the file with `selfmassage validate FILE`; remove it to undo.";

// `plan` and `remind`.

#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    /// The plan's routines (ids, areas or conditions); without any, shows the plan's progress
    #[arg(value_name = "ROUTINE", value_parser = RoutineName, hide_possible_values = true)]
    pub routines: Vec<String>,

    /// Days with a session in each week of the plan (1 to 7) [default: 5]
    #[arg(long, value_name = "N", requires = "routines",
          value_parser = clap::value_parser!(u8).range(1..=7))]
    pub days_per_week: Option<u8>,

    /// How many weeks, from today, before the review (1 to 52) [default: 2]
    #[arg(long, value_name = "N", requires = "routines",
          value_parser = clap::value_parser!(u8).range(1..=52))]
    pub weeks: Option<u8>,

    /// End the plan (removes plan.toml)
    #[arg(long, conflicts_with_all = ["routines", "json"])]
    pub clear: bool,

    /// Machine-readable output
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct RemindArgs {
    #[command(subcommand)]
    pub action: RemindAction,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum RemindAction {
    /// Check the plan every day at a set time with the system's scheduler (systemd user
    /// timer, launchd agent, or a crontab line to add yourself)
    Install {
        /// The time of day, 24-hour
        #[arg(long, value_name = "HH:MM", default_value = "18:00")]
        at: crate::plan::remind::At,
    },
    /// Remove what `remind install` set up
    Remove,
    /// Say what is installed and when it next fires
    Status,
    /// What the scheduler runs: a notification when the plan has a session due today
    /// (never asks anything; always exits 0)
    Fire,
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

    /// `--help`'s examples are the man page's, and every line fits in 80 columns.
    #[test]
    fn the_examples_are_written_once_and_fit_80_columns() {
        for (example, what) in EXAMPLE_LINES {
            assert!(
                EXAMPLES.contains(&format!("  {example:<30}{what}")),
                "{example}"
            );
        }
        for line in EXAMPLES.lines() {
            assert!(crate::ui::text::width::display_width(line) <= 80, "{line}");
        }
    }

    #[test]
    fn a_bare_name_is_the_run_shorthand() {
        let cli =
            Cli::try_parse_from(["selfmassage", "neck", "--length", "short"]).expect("parses");
        assert!(cli.command.is_none());
        assert_eq!(cli.run.names, vec!["neck"]);
        assert_eq!(cli.run.session.length, Some(Length::Short));
    }

    #[test]
    fn run_options_before_run_join_those_after_it() {
        let cli =
            Cli::try_parse_from(["selfmassage", "--quiet", "--length", "long", "run", "neck"])
                .expect("parses");
        let Some(Subcommand::Run(args)) = cli.command else {
            panic!("not the run subcommand: {:?}", cli.command);
        };
        let merged = args.merged(&cli.run);
        assert_eq!(merged.names, vec!["neck"]);
        assert!(merged.session.quiet && !merged.session.speak);
        assert_eq!(merged.session.length, Some(Length::Long));
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        for args in [
            &["selfmassage", "--plain", "list"][..],
            &["selfmassage", "list", "--plain"],
            &["selfmassage", "neck", "--plain"],
            &["selfmassage", "history", "--plain"],
        ] {
            let cli = Cli::try_parse_from(args).expect("parses");
            assert!(cli.global.plain, "{args:?}");
        }
        let cli = Cli::try_parse_from(["selfmassage", "--routines-dir", "x", "show", "neck"])
            .expect("parses");
        assert_eq!(cli.global.routines_dirs, vec![PathBuf::from("x")]);
        let cli = Cli::try_parse_from(["selfmassage", "list", "--routines-dir", "y", "--json"])
            .expect("parses");
        assert_eq!(cli.global.routines_dirs, vec![PathBuf::from("y")]);
        assert!(matches!(
            cli.command,
            Some(Subcommand::List(ListArgs { json: true, .. }))
        ));
    }
}
