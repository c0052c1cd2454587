//! `selfmassage show`: a routine's steps, tips and cautions, without running it.

use std::io::Write;

use serde::Serialize;

use super::list::total_length;
use super::{area_label, resolve, text_width, warn_about_problems};
use crate::cli::ShowArgs;
use crate::routine::{Routine, Step};
use crate::settings::Settings;

#[derive(Serialize)]
struct ShownRoutine<'a> {
    #[serde(flatten)]
    routine: &'a Routine,
    total_seconds: crate::routine::DurationRange,
}

pub fn run(settings: &Settings, args: &ShowArgs) -> anyhow::Result<()> {
    let catalog = settings.catalog();
    warn_about_problems(&catalog, std::slice::from_ref(&args.name));
    let routines = resolve(settings, &catalog, std::slice::from_ref(&args.name))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for routine in routines {
        if args.json {
            let shown = ShownRoutine {
                routine,
                total_seconds: routine.total_range(),
            };
            serde_json::to_writer_pretty(&mut out, &shown)?;
            writeln!(out)?;
        } else {
            write_routine(settings, &mut out, routine)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn write_routine(
    settings: &Settings,
    out: &mut impl Write,
    routine: &Routine,
) -> std::io::Result<()> {
    let style = settings.style();
    let width = text_width(settings);
    let wrap_hanging = |text: &str, first: &str, rest: &str| -> String {
        let options = textwrap::Options::new(width)
            .initial_indent(first)
            .subsequent_indent(rest);
        textwrap::fill(text, options)
    };
    let wrap = |text: &str, indent: &str| wrap_hanging(text, indent, indent);
    writeln!(
        out,
        "{}  {}",
        style.heading(&routine.title),
        style.dim(&format!("({})", routine.id))
    )?;
    writeln!(out, "{}", wrap(&routine.summary, ""))?;
    writeln!(out)?;
    let areas: Vec<String> = routine
        .areas
        .iter()
        .map(|a| area_label(a).to_lowercase())
        .collect();
    writeln!(out, "Areas:      {}", areas.join(", "))?;
    if !routine.aliases.is_empty() {
        writeln!(
            out,
            "{}",
            wrap(
                &format!("Also found by: {}", routine.aliases.join(", ")),
                ""
            )
        )?;
    }
    let equipment = if routine.equipment.is_empty() {
        "none".to_string()
    } else {
        routine.equipment.join(", ")
    };
    writeln!(out, "Equipment:  {equipment}")?;
    writeln!(out, "Length:     {}", total_length(routine))?;
    writeln!(out)?;
    writeln!(out, "{}", style.heading("Steps"))?;
    for (number, step) in routine.steps.iter().enumerate() {
        writeln!(
            out,
            "{:>3}. {} — {}",
            number + 1,
            step.title,
            step_timing(step)
        )?;
        writeln!(out, "{}", wrap(&step.text, "     "))?;
        if let Some(caution) = &step.caution {
            writeln!(
                out,
                "{}",
                style.warn(&wrap(&format!("Careful: {caution}"), "     "))
            )?;
        }
    }
    let mut section = |title: &str, items: &[String]| -> std::io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        writeln!(out)?;
        writeln!(out, "{}", style.heading(title))?;
        for item in items {
            writeln!(out, "{}", wrap_hanging(item, "  - ", "    "))?;
        }
        Ok(())
    };
    section("Tips", &routine.tips)?;
    let red_flags: Vec<String> = routine
        .red_flags
        .iter()
        .map(|f| f.question.clone())
        .collect();
    section(
        "Warning signs: a yes means get medical care, not massage",
        &red_flags,
    )?;
    let cautions: Vec<String> = routine
        .cautions
        .iter()
        .map(|c| c.question.clone())
        .collect();
    section("Talk to your doctor first if the answer is yes", &cautions)?;
    section("Sources", &routine.sources)?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.dim(&format!("Start it: selfmassage {}", routine.id))
    )?;
    Ok(())
}

/// "3 to 5 min, each side, twice".
fn step_timing(step: &Step) -> String {
    let mut timing = step.duration.to_string();
    if !step.sides.is_empty() {
        let sides: Vec<String> = step.sides.iter().map(|s| s.to_string()).collect();
        timing.push_str(&format!(", each side ({})", sides.join(" then ")));
    }
    match step.repeat {
        1 => {}
        2 => timing.push_str(", twice"),
        n => timing.push_str(&format!(", {n} times")),
    }
    timing
}
