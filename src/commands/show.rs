//! `selfmassage show`: a routine's steps, tips and cautions, without running it.

use std::io::{self, Write};

use serde::Serialize;

use super::list::total_length;
use super::{area_label, resolve, warn_about_problems};
use crate::cli::ShowArgs;
use crate::routine::{Catalog, Routine, Step};
use crate::safety::{QuestionSet, SafetyData, SafetyQuestion, safety_rules};
use crate::settings::Settings;
use crate::ui::session::figure::{self, Figure};
use crate::ui::text::prose::Prose;
use crate::ui::text::style::Palette;

#[derive(Serialize)]
struct ShownRoutine<'a> {
    #[serde(flatten)]
    routine: &'a Routine,
    total_seconds: crate::routine::DurationRange,
    /// Some steps have no timer (their `duration` is null): on top of `total_seconds`.
    untimed_steps: bool,
    /// A user file with a built-in's id: it replaces that routine's steps (the area's
    /// warning signs still apply).
    replaces_builtin: bool,
    /// Every safety question asked before this routine, at its strictest (its optional
    /// steps' included).
    safety_questions: Vec<&'a SafetyQuestion>,
    #[serde(skip)]
    questions: &'a QuestionSet,
}

pub fn run(settings: &Settings, args: &ShowArgs) -> anyhow::Result<()> {
    let catalog = settings.catalog();
    warn_about_problems(&catalog, std::slice::from_ref(&args.name));
    let routines = resolve(settings, &catalog, std::slice::from_ref(&args.name))?;
    let data = super::builtin_safety()?;
    // Written whole, then shown: through the pager when it is taller than the window.
    let mut out = Vec::new();
    for routine in routines {
        let questions = data.questions_for(&[routine]);
        let shown = ShownRoutine {
            routine,
            total_seconds: routine.total_range(),
            untimed_steps: routine.has_untimed(),
            replaces_builtin: Catalog::replaces_builtin(routine),
            safety_questions: questions.all(),
            questions: &questions,
        };
        if args.json {
            serde_json::to_writer_pretty(&mut out, &shown)?;
            writeln!(out)?;
        } else {
            write_routine(settings, &mut out, &shown, &data)?;
        }
    }
    super::page(settings, &args.pager, &out)?;
    Ok(())
}

/// A routine as a page: what it is, the figure, the steps, then what is asked before it.
fn write_routine(
    settings: &Settings,
    out: &mut impl Write,
    shown: &ShownRoutine<'_>,
    data: &SafetyData,
) -> std::io::Result<()> {
    let mut page = Prose::new(out, settings.stdout_is_terminal);
    let style = settings.style();
    write_about(&mut page, &style, shown)?;
    write_figure(&mut page, settings, shown.routine)?;
    write_steps(&mut page, &style, shown.routine)?;
    write_safety(&mut page, &style, shown, data)
}

/// The title, summary, areas, equipment and length.
fn write_about<W: Write>(
    page: &mut Prose<W>,
    style: &Palette,
    shown: &ShownRoutine<'_>,
) -> io::Result<()> {
    let routine = shown.routine;
    let title = format!(
        "{}  {}",
        style.heading(&routine.title),
        style.secondary(&format!("({})", routine.id))
    );
    page.line(&page.fill(&title, "", ""))?;
    page.line(&page.fill(&routine.summary, "", ""))?;
    if shown.replaces_builtin {
        let text = format!(
            "Your file {} replaces the built-in routine \"{}\"; the warning signs of its areas are still asked.",
            routine.origin, routine.id
        );
        page.line(&page.fill(&text, "", ""))?;
    }
    page.line("")?;
    let areas: Vec<String> = routine
        .areas
        .iter()
        .map(|a| area_label(a).to_lowercase())
        .collect();
    page.line(&page.fill(&areas.join(", "), "Areas:      ", FIELD))?;
    if !routine.aliases.is_empty() {
        let text = format!("Also found by: {}", routine.aliases.join(", "));
        page.line(&page.fill(&text, "", ""))?;
    }
    let equipment = if routine.equipment.is_empty() {
        "none".to_string()
    } else {
        routine.equipment.join(", ")
    };
    page.line(&page.fill(&equipment, "Equipment:  ", FIELD))?;
    page.line(&format!("Length:     {}", total_length(routine)))?;
    page.line("")
}

/// The body figure with the spots numbered, and the numbers' places; nothing for a routine
/// that presses nowhere (an outline without marks says nothing) or a window too narrow.
fn write_figure<W: Write>(
    page: &mut Prose<W>,
    settings: &Settings,
    routine: &Routine,
) -> io::Result<()> {
    let spots = routine.spots();
    let width = page.width().saturating_sub(2);
    let color = settings.color;
    let figure = Figure::numbered(&spots, color).with_glyphs(settings.glyphs);
    let drawn = (!spots.is_empty())
        .then(|| figure::buffer(&figure, width_u16(width)))
        .flatten();
    let Some(buffer) = drawn else {
        return Ok(());
    };
    for line in figure::lines(&buffer, color) {
        page.line(&format!("  {line}"))?;
    }
    for (number, place) in spots.iter().enumerate() {
        page.line(&page.fill(&place.to_string(), &format!("  {} ", number + 1), "    "))?;
    }
    page.line("")
}

/// Each step: its title and timing, text, place, gentle text and caution.
fn write_steps<W: Write>(
    page: &mut Prose<W>,
    style: &Palette,
    routine: &Routine,
) -> io::Result<()> {
    let spots = routine.spots();
    page.line(&style.heading("Steps"))?;
    for (number, step) in routine.steps.iter().enumerate() {
        // Optional steps are offered before the questions; their areas' signs are asked
        // only when they are included.
        let optional = if step.optional { " (optional)" } else { "" };
        let heading = format!("{}{optional} — {}", step.title, step_timing(step));
        page.line(&page.fill(&heading, &format!("{:>3}. ", number + 1), STEP))?;
        page.line(&page.fill(&step.text, STEP, STEP))?;
        if let Some(place) = step.place(None) {
            let mark = spots
                .iter()
                .position(|p| *p == place)
                .map_or(String::new(), |i| format!(" ({})", i + 1));
            page.line(&page.fill(&format!("Where{mark}: {place}"), STEP, STEP))?;
        }
        if let Some(gentle) = &step.gentle {
            let text = format!("Gently (light pressure): {gentle}");
            page.line(&page.fill(&text, STEP, STEP))?;
        }
        if let Some(caution) = &step.caution {
            let text = page.fill(&crate::safety::stop::routine_note(caution), STEP, STEP);
            page.line(&style.warn(&text))?;
        }
    }
    Ok(())
}

/// Tips, the questions asked before the routine, how the answers count, and sources.
fn write_safety<W: Write>(
    page: &mut Prose<W>,
    style: &Palette,
    shown: &ShownRoutine<'_>,
    data: &SafetyData,
) -> io::Result<()> {
    let routine = shown.routine;
    let section = |page: &mut Prose<W>, title: &str, items: &[String]| -> io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        page.line("")?;
        page.line(&page.fill(&style.heading(title), "", ""))?;
        for item in items {
            page.line(&page.fill(item, "  - ", "    "))?;
        }
        Ok(())
    };
    section(page, "Tips", &routine.tips)?;
    // As asked: each sign's line, then each list (every age's questions).
    for (title, items) in shown.questions.sections() {
        section(page, &title, &items)?;
    }
    for area in SafetyData::areas_touched(&[routine]) {
        if data.area(&area).is_none() {
            let text = format!(
                "The area \"{area}\" has no built-in warning signs: only the general questions and this routine's own are asked. If in doubt, ask your doctor first."
            );
            page.line("")?;
            page.line(&style.warn(&page.fill(&text, "", "")))?;
        }
    }
    page.line("")?;
    page.line(&page.fill(&safety_rules(shown.questions.severe_pain), "", ""))?;
    section(page, "Sources", &routine.sources)?;
    page.line("")?;
    page.line(&style.secondary(&format!("Start it: selfmassage {}", routine.id)))
}

/// Where a step's text starts, under its title.
const STEP: &str = "     ";

/// Where a field's value starts, and its later lines: under the value, after "Equipment:  ".
const FIELD: &str = "            ";

/// The figure's width budget, as the figure takes it.
fn width_u16(width: usize) -> u16 {
    u16::try_from(width).unwrap_or(u16::MAX)
}

/// "3 to 5 min, each side, twice".
fn step_timing(step: &Step) -> String {
    let mut timing = match step.duration {
        Some(duration) => duration.to_string(),
        None => "no timer: press Enter when done".to_string(),
    };
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
