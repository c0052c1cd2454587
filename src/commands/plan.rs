//! `selfmassage plan`: set the one plan, show how it is going, or end it. The rules (what
//! is due, what is paused, the review) are `crate::plan::rules`; this file reads the files
//! and writes the words.

use anyhow::{Context as _, anyhow};
use jiff::Timestamp;
use serde_json::json;

use super::screening::areas_of;
use crate::cli::PlanArgs;
use crate::paths::shown;
use crate::plan::{Plan, PlanLimits, Progress, progress};
use crate::routine::Routine;
use crate::safety::Change;
use crate::safety::after::MEANINGFUL_DROP;
use crate::sanitize::clean;
use crate::settings::Settings;
use crate::ui::text::prose::Prose;

/// The plan, how it is going now, and what its routines are like.
pub struct Current {
    pub plan: Plan,
    pub progress: Progress,
    /// The length of one session of all the plan's routines, in minutes, about.
    pub minutes: u32,
    /// Plan routines that no routine file provides any more.
    pub missing: Vec<String>,
}

/// Reads the plan and the journal; `None` when there is no plan.
///
/// # Errors
/// When `plan.toml` is not valid (its problems at `file:line:col`) or the journal cannot
/// be read.
pub fn current(settings: &Settings) -> anyhow::Result<Option<Current>> {
    let path = settings.paths.plan_file();
    let plan = Plan::load(&path).map_err(|problems| {
        anyhow!(problems).context(format!(
            "the plan file {} is not valid: fix it, or end the plan with `selfmassage plan --clear`",
            shown(&path)
        ))
    })?;
    let Some(plan) = plan else {
        return Ok(None);
    };
    let catalog = settings.catalog_of(&plan.routines);
    let routines: Vec<&Routine> = plan
        .routines
        .iter()
        .filter_map(|id| catalog.routines().iter().find(|r| r.id == *id))
        .collect();
    let missing = plan
        .routines
        .iter()
        .filter(|id| !routines.iter().any(|r| r.id == **id))
        .map(|id| clean(id))
        .collect();
    let sessions = crate::journal::read_all(&settings.paths.journal_file())?.sessions;
    let progress = progress(
        &plan,
        &areas_of(&routines),
        &sessions,
        Timestamp::now(),
        &crate::local_time::zone(),
    );
    let seconds: u32 = routines
        .iter()
        .map(|r| {
            let range = r.total_range();
            (range.low.get() + range.high.get()) / 2
        })
        .sum();
    Ok(Some(Current {
        plan,
        progress,
        minutes: ((seconds + 30) / 60).max(1),
        missing,
    }))
}

/// The plan's days and minutes per week in one line, for `history` and `report`; `None`
/// without a plan, or when it cannot be read (those commands then say nothing about it).
pub fn weekly_summary(settings: &Settings) -> Option<String> {
    let current = current(settings).ok()??;
    let (plan, progress) = (&current.plan, &current.progress);
    let weeks: Vec<String> = progress
        .per_week
        .iter()
        .enumerate()
        .map(|(i, week)| {
            format!(
                "week {}: {} of {} days, {} min",
                i + 1,
                week.days,
                plan.days_per_week,
                week.minutes
            )
        })
        .collect();
    let so_far = if weeks.is_empty() {
        "not started yet".to_string()
    } else {
        weeks.join("; ")
    };
    Some(format!(
        "Plan ({}, {} days a week for {} weeks from {}): {so_far}.",
        routine_list(plan),
        plan.days_per_week,
        plan.weeks,
        plan.start
    ))
}

/// The command: `--clear`, set (with routines), or show.
pub fn run(settings: &Settings, args: &PlanArgs) -> anyhow::Result<()> {
    let path = settings.paths.plan_file();
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    if args.clear {
        return match std::fs::remove_file(&path) {
            Ok(()) => {
                Ok(out.say("The plan is ended. `selfmassage plan ROUTINE...` sets a new one.")?)
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Ok(out.say("There is no plan to end.")?)
            }
            Err(error) => Err(anyhow!(error).context(format!("cannot remove {}", shown(&path)))),
        };
    }
    if !args.routines.is_empty() {
        set(settings, args)?;
    }
    let Some(current) = current(settings)? else {
        if args.json {
            out.line("null")?;
        } else {
            out.say(
                "No plan. Set one with e.g. `selfmassage plan neck` (5 days a week for 2 weeks; \
                 change it with --days-per-week and --weeks).",
            )?;
        }
        return Ok(());
    };
    for id in &current.missing {
        crate::ui::text::prose::warn(&format!(
            "the plan's routine \"{id}\" is not installed: `selfmassage list` shows the routines"
        ));
    }
    if args.json {
        out.line(&serde_json::to_string_pretty(&as_json(&current))?)?;
    } else {
        for line in show(&current) {
            out.say(&line)?;
        }
    }
    Ok(())
}

/// Writes the new plan, starting today, and says so.
fn set(settings: &Settings, args: &PlanArgs) -> anyhow::Result<()> {
    let catalog = settings.catalog();
    super::warn_about_problems(&catalog, &args.routines);
    let routines = super::resolve(settings, &catalog, &args.routines)?;
    let plan = Plan {
        routines: routines.iter().map(|r| r.id.to_string()).collect(),
        days_per_week: args
            .days_per_week
            .unwrap_or(PlanLimits::DEFAULT_DAYS_PER_WEEK),
        weeks: args.weeks.unwrap_or(PlanLimits::DEFAULT_WEEKS),
        start: Timestamp::now()
            .to_zoned_datetime(crate::local_time::zone())
            .date(),
    };
    let path = settings.paths.plan_file();
    let replaced = path.exists();
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", shown(folder)))?;
    }
    std::fs::write(&path, plan.to_toml())
        .with_context(|| format!("cannot write the plan to {}", shown(&path)))?;
    if !args.json {
        let mut out = Prose::stdout(settings.stdout_is_terminal);
        out.say(&format!(
            "{} plan in {}.",
            if replaced { "A new" } else { "Your" },
            shown(&path)
        ))?;
    }
    Ok(())
}

fn routine_list(plan: &Plan) -> String {
    clean(&plan.routines.join(", "))
}

/// The command that runs the plan's routines.
fn command(plan: &Plan) -> String {
    clean(&format!("selfmassage {}", plan.routines.join(" ")))
}

/// The message `remind fire` gives when a session is due.
pub fn reminder(current: &Current) -> String {
    let plan = &current.plan;
    let names = crate::words::and_list(&plan.routines);
    let kind = if plan.routines.len() > 1 {
        "routines"
    } else {
        "routine"
    };
    clean(&format!(
        "Time for your {names} {kind}: `{}`, about {} minute{}",
        command(plan),
        current.minutes,
        if current.minutes == 1 { "" } else { "s" }
    ))
}

/// What `plan` prints: a few lines a person reads.
fn show(current: &Current) -> Vec<String> {
    let (plan, progress) = (&current.plan, &current.progress);
    let last_day = plan.last_day();
    let when = if progress.today < plan.start {
        format!("starts on {}", plan.start)
    } else if progress.today > last_day {
        format!("ended on {last_day}")
    } else {
        format!("week {} of {}", progress.week, plan.weeks)
    };
    let mut lines = vec![format!(
        "Plan: {}, {} days a week for {} weeks, {} to {last_day} ({when}).",
        routine_list(plan),
        plan.days_per_week,
        plan.weeks,
        plan.start
    )];
    if progress.running {
        lines.push(format!(
            "This week: {} of {} days done, {} minutes.",
            progress.done_this_week, plan.days_per_week, progress.minutes_this_week
        ));
    }
    if let Some(line) = pain_line(progress) {
        lines.push(line);
    }
    if let Some(pause) = &progress.paused {
        lines.push(format!("Paused: {}.", pause.reason));
    } else if progress.due_today {
        lines.push(format!(
            "Today: due. Start with `{}` (about {} minutes).",
            command(plan),
            current.minutes
        ));
    } else if progress.running && progress.done_today {
        lines.push("Today: done.".to_string());
    } else if progress.running {
        lines.push(format!(
            "This week's {} days are done: rest today.",
            plan.days_per_week
        ));
    }
    if progress.running && !progress.due_today && progress.paused.is_none() {
        let next_week = progress
            .week_start
            .checked_add(jiff::Span::new().days(7))
            .unwrap_or(last_day);
        let tomorrow = progress.today.tomorrow().unwrap_or(progress.today);
        let next = if progress.done_this_week < plan.days_per_week {
            tomorrow
        } else {
            next_week
        };
        lines.push(if next > last_day {
            format!("Next: the review, after {last_day}.")
        } else {
            format!("Next: {next}.")
        });
    }
    if let Some(review) = &progress.review {
        lines.push(format!("Review: {}", review.advice));
    }
    lines
}

/// First and last plan session, before → after, and which way pain before a session went.
fn pain_line(progress: &Progress) -> Option<String> {
    let pain = |p: Option<crate::safety::PainScore>| p.map_or("-".to_string(), |p| p.to_string());
    let (first, last) = (progress.sessions.first()?, progress.sessions.last()?);
    let date = |at: Timestamp| at.to_zoned_datetime(crate::local_time::zone()).date();
    let mut line = format!(
        "Pain before → after: first plan session {} → {} ({})",
        pain(first.before),
        pain(first.after),
        date(first.at)
    );
    if progress.sessions.len() > 1 {
        line.push_str(&format!(
            ", last {} → {} ({})",
            pain(last.before),
            pain(last.after),
            date(last.at)
        ));
    }
    line.push_str(&match progress.course.map(|c| c.change) {
        Some(Change::Eased) => {
            format!("; pain before a session is down by {MEANINGFUL_DROP} or more.")
        }
        Some(Change::SlightlyBetter | Change::Same) => {
            format!("; pain before a session is not down by {MEANINGFUL_DROP}.")
        }
        Some(Change::Worse) => "; pain before a session is higher than at the start.".to_string(),
        None => ".".to_string(),
    });
    Some(line)
}

/// `plan --json`.
fn as_json(current: &Current) -> serde_json::Value {
    let (plan, progress) = (&current.plan, &current.progress);
    json!({
        "routines": plan.routines.iter().map(|r| clean(r)).collect::<Vec<_>>(),
        "days_per_week": plan.days_per_week,
        "weeks": plan.weeks,
        "start": plan.start.to_string(),
        "last_day": plan.last_day().to_string(),
        "week": progress.week,
        "done_this_week": progress.done_this_week,
        "minutes_this_week": progress.minutes_this_week,
        "per_week": progress.per_week,
        "done_today": progress.done_today,
        "due_today": progress.due_today,
        "paused_reason": progress.paused.as_ref().map(|p| p.reason.clone()),
        "review": progress.review,
    })
}
