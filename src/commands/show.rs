//! `selfmassage show`: a routine's steps, tips and cautions, without running it.

use std::io::Write;

use serde::Serialize;

use super::list::total_length;
use super::{area_label, resolve, text_width, warn_about_problems};
use crate::cli::ShowArgs;
use crate::routine::{Catalog, Routine, Step};
use crate::safety::{Group, SAFETY_RULES, SafetyData, SafetyQuestion};
use crate::settings::Settings;
use crate::ui::session::figure::{self, Figure};
use crate::ui::width::fill;

#[derive(Serialize)]
struct ShownRoutine<'a> {
    #[serde(flatten)]
    routine: &'a Routine,
    total_seconds: crate::routine::DurationRange,
    /// A user file with a built-in's id: it replaces that routine's steps (the area's
    /// warning signs still apply).
    replaces_builtin: bool,
    /// Every safety question asked before this routine, at its strictest.
    safety_questions: Vec<&'a SafetyQuestion>,
}

pub fn run(settings: &Settings, args: &ShowArgs) -> anyhow::Result<()> {
    let catalog = settings.catalog();
    warn_about_problems(&catalog, std::slice::from_ref(&args.name));
    let routines = resolve(settings, &catalog, std::slice::from_ref(&args.name))?;
    let data = SafetyData::builtin()
        .map_err(|problem| anyhow::anyhow!("a built-in file is damaged: {problem}"))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for routine in routines {
        let questions = data.questions_for(&[routine]);
        let shown = ShownRoutine {
            routine,
            total_seconds: routine.total_range(),
            replaces_builtin: Catalog::replaces_builtin(routine),
            safety_questions: questions.all(),
        };
        if args.json {
            serde_json::to_writer_pretty(&mut out, &shown)?;
            writeln!(out)?;
        } else {
            write_routine(settings, &mut out, &shown, &data)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn write_routine(
    settings: &Settings,
    out: &mut impl Write,
    shown: &ShownRoutine<'_>,
    data: &SafetyData,
) -> std::io::Result<()> {
    let routine = shown.routine;
    let style = settings.style();
    let width = text_width(settings);
    let wrap_hanging =
        |text: &str, first: &str, rest: &str| -> String { fill(text, width, first, rest) };
    let wrap = |text: &str, indent: &str| wrap_hanging(text, indent, indent);
    let title = format!(
        "{}  {}",
        style.heading(&routine.title),
        style.secondary(&format!("({})", routine.id))
    );
    writeln!(out, "{}", wrap(&title, ""))?;
    writeln!(out, "{}", wrap(&routine.summary, ""))?;
    if shown.replaces_builtin {
        writeln!(
            out,
            "{}",
            wrap(
                &format!(
                    "Your file {} replaces the built-in routine \"{}\"; the warning signs of its areas are still asked.",
                    routine.origin, routine.id
                ),
                ""
            )
        )?;
    }
    writeln!(out)?;
    let areas: Vec<String> = routine
        .areas
        .iter()
        .map(|a| area_label(a).to_lowercase())
        .collect();
    writeln!(
        out,
        "{}",
        wrap_hanging(&areas.join(", "), "Areas:      ", FIELD)
    )?;
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
    writeln!(out, "{}", wrap_hanging(&equipment, "Equipment:  ", FIELD))?;
    writeln!(out, "Length:     {}", total_length(routine))?;
    writeln!(out)?;
    let spots = routine.spots();
    // A routine that presses nowhere gets no figure: an outline without marks says nothing.
    let drawn = (!spots.is_empty())
        .then(|| figure::buffer(&Figure::numbered(&spots, settings.color), width_u16(width)))
        .flatten();
    if let Some(buffer) = drawn {
        for line in figure::lines(&buffer, settings.color) {
            writeln!(out, "  {line}")?;
        }
        for (number, place) in spots.iter().enumerate() {
            writeln!(
                out,
                "{}",
                wrap_hanging(&place.to_string(), &format!("  {} ", number + 1), "    ")
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", style.heading("Steps"))?;
    for (number, step) in routine.steps.iter().enumerate() {
        writeln!(
            out,
            "{}",
            wrap_hanging(
                &format!("{} — {}", step.title, step_timing(step)),
                &format!("{:>3}. ", number + 1),
                "     "
            )
        )?;
        writeln!(out, "{}", wrap(&step.text, "     "))?;
        if let Some(place) = step.place(None) {
            let mark = spots
                .iter()
                .position(|p| *p == place)
                .map_or(String::new(), |i| format!(" ({})", i + 1));
            writeln!(out, "{}", wrap(&format!("Where{mark}: {place}"), "     "))?;
        }
        if let Some(gentle) = &step.gentle {
            writeln!(
                out,
                "{}",
                wrap(&format!("Gently (light pressure): {gentle}"), "     ")
            )?;
        }
        if let Some(caution) = &step.caution {
            writeln!(
                out,
                "{}",
                style.warn(&wrap(&format!("Careful: {caution}"), "     "))
            )?;
        }
    }
    let section = |out: &mut dyn Write, title: &str, items: &[String]| -> std::io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        writeln!(out)?;
        writeln!(out, "{}", wrap(&style.heading(title), ""))?;
        for item in items {
            writeln!(out, "{}", wrap_hanging(item, "  - ", "    "))?;
        }
        Ok(())
    };
    section(out, "Tips", &routine.tips)?;
    for group in Group::ALL {
        let items: Vec<String> = shown
            .safety_questions
            .iter()
            .filter(|q| Group::of(q.level) == group)
            .map(|q| q.question.clone())
            .collect();
        section(out, group.heading().trim_end_matches(':'), &items)?;
    }
    for area in SafetyData::areas_touched(&[routine]) {
        if data.area(&area).is_none() {
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                style.warn(&wrap(
                    &format!(
                        "The area \"{area}\" has no built-in warning signs: only the general questions and this routine's own are asked. If in doubt, ask your doctor first."
                    ),
                    ""
                ))
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", wrap(SAFETY_RULES, ""))?;
    section(out, "Sources", &routine.sources)?;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.secondary(&format!("Start it: selfmassage {}", routine.id))
    )?;
    Ok(())
}

/// Where a field's value starts, and its later lines: under the value, after "Equipment:  ".
const FIELD: &str = "            ";

/// The figure's width budget: the text width less the two-column indent.
fn width_u16(width: usize) -> u16 {
    u16::try_from(width.saturating_sub(2)).unwrap_or(u16::MAX)
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
