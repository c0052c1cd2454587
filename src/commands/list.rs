//! `selfmassage list`: routines grouped by pain area.

use std::io::{BufWriter, Write};

use serde::Serialize;

use crate::cli::ListArgs;
use crate::exit::UsageError;
use crate::routine::{ARTICLE_AREAS, Catalog, DurationRange, Found, Routine};
use crate::settings::Settings;
use crate::ui::text::prose::Prose;
use crate::ui::text::style::Palette;
use crate::ui::text::width::{Padded, display_width, wrap};

use super::{MAX_COLUMN, area_label, warn_about_problems};

#[derive(Serialize)]
struct ListedRoutine<'a> {
    id: &'a str,
    title: &'a str,
    areas: &'a [String],
    aliases: &'a [String],
    summary: &'a str,
    equipment: &'a [String],
    /// Total length at the short and long ends, in seconds.
    seconds: DurationRange,
    /// Some steps have no timer: they last as long as the person takes, on top of `seconds`.
    untimed_steps: bool,
    source: String,
    /// A user file with a built-in's id, used instead of the built-in.
    replaces_builtin: bool,
}

pub fn run(settings: &Settings, args: &ListArgs) -> anyhow::Result<()> {
    let catalog = settings.catalog();
    warn_about_problems(&catalog, &[]);
    // `--area` finds what the name finds when run (`selfmassage back`): an area, or the
    // routines a name or alias leads to, under their own areas.
    let (areas, only): (Vec<String>, Option<Vec<&str>>) = match &args.area {
        Some(area) => {
            let area = crate::routine::schema::normalize_name(area);
            let found = match catalog.find(&area) {
                Found::One(routine) => vec![routine],
                Found::Several(routines) => routines,
                Found::Broken(_) | Found::Unknown { .. } => Vec::new(),
            };
            if !catalog.in_area(&area).is_empty() {
                (vec![area], None)
            } else if !found.is_empty() {
                let areas = ordered_areas(&catalog)
                    .into_iter()
                    .filter(|a| found.iter().any(|r| r.areas.contains(a)))
                    .collect();
                (areas, Some(found.iter().map(|r| r.id.as_str()).collect()))
            } else {
                return Err(UsageError(format!(
                    "no routines for the area \"{}\"; areas: {}",
                    crate::sanitize::clean(&area),
                    ordered_areas(&catalog).join(", ")
                ))
                .into());
            }
        }
        None => (ordered_areas(&catalog), None),
    };
    let in_area = |area: &str| -> Vec<&Routine> {
        catalog
            .in_area(area)
            .into_iter()
            .filter(|r| only.as_ref().is_none_or(|ids| ids.contains(&r.id.as_str())))
            .collect()
    };
    // One write at the end, not one per line (stdout is line-buffered).
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        let mut seen = std::collections::HashSet::new();
        let listed: Vec<ListedRoutine<'_>> = areas
            .iter()
            .flat_map(|area| in_area(area))
            .filter(|r| seen.insert(&*r.id))
            .map(listed)
            .collect();
        serde_json::to_writer_pretty(&mut out, &listed)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(());
    }
    let style = settings.style();
    // Each row measured once (per area: a routine in two areas has two), for the column
    // widths and for the line.
    let groups: Vec<(&str, Vec<Row<'_>>)> = areas
        .iter()
        .map(|area| {
            (
                area.as_str(),
                in_area(area).into_iter().map(Row::new).collect(),
            )
        })
        .collect();
    write_groups(
        &mut out,
        &style,
        &groups,
        super::text_width(settings),
        settings.stdout_is_terminal,
    )?;
    let mut replaced: Vec<&str> = groups
        .iter()
        .flat_map(|(_, rows)| rows)
        .filter(|row| Catalog::replaces_builtin(row.routine))
        .map(|row| row.routine.id.as_str())
        .collect();
    replaced.dedup();
    let mut prose = Prose::new(&mut out, settings.stdout_is_terminal);
    if groups
        .iter()
        .flat_map(|(_, rows)| rows)
        .any(|row| row.routine.has_untimed())
    {
        prose.say(&style.secondary(&format!(
            "{}: {PLUS_UNTIMED}, which wait for Enter (no timer).",
            UNTIMED_MARK.trim()
        )))?;
        prose.line("")?;
    }
    if !replaced.is_empty() {
        prose.say(&style.warn(&format!(
            "Your own files replace the built-in {}: {} (they keep its areas, whose warning signs are still asked).",
            if replaced.len() == 1 { "routine" } else { "routines" },
            replaced.join(", ")
        )))?;
        prose.line("")?;
    }
    let unknown: Vec<&str> = groups
        .iter()
        .map(|(area, _)| *area)
        .filter(|area| !crate::routine::ARTICLE_AREAS.contains(area))
        .collect();
    if !unknown.is_empty() {
        prose.say(&style.warn(&format!(
            "No built-in warning signs for: {}. Before those routines only the general questions and the routine's own are asked, and the run asks whether to go on.",
            unknown.join(", ")
        )))?;
        prose.line("")?;
    }
    prose.say(
        &style.secondary("Start one: selfmassage <name>   Read one first: selfmassage show <name>"),
    )?;
    out.flush()?;
    Ok(())
}

/// A heading per area, then a line per routine, its columns aligned across all areas;
/// equipment that would run past `line_limit` columns goes on a line of its own. When the
/// columns themselves do not fit a terminal, each routine takes a few lines instead
/// ([`write_stacked`]): a window's edge must not break a word. (A pipe keeps the table:
/// scripts read a routine's line whole.)
fn write_groups(
    out: &mut impl Write,
    style: &Palette,
    groups: &[(&str, Vec<Row<'_>>)],
    line_limit: usize,
    terminal: bool,
) -> std::io::Result<()> {
    let rows = || groups.iter().flat_map(|(_, rows)| rows);
    // Capped: a huge title in a user file must not blow up the layout (or `format!`,
    // whose widths panic above u16::MAX).
    let width =
        |column: fn(&Row<'_>) -> usize| rows().map(column).max().unwrap_or(0).min(MAX_COLUMN);
    let id_width = width(|row| row.id_width);
    let title_width = width(|row| row.title_width);
    let length_width = width(|row| row.length_width);
    // The mark of untimed steps stands in a column of its own after the length, so the
    // lengths line up with or without it.
    let mark_width = width(|row| display_width(row.mark));
    let line_width = |row: &Row<'_>| {
        2 + row.id_width.max(id_width)
            + 2
            + row.title_width.max(title_width)
            + 2
            + row.length_width.max(length_width)
            + mark_width
    };
    let widest = rows().map(line_width).max().unwrap_or(0);
    if terminal && widest > line_limit {
        return write_stacked(out, style, groups, line_limit);
    }
    for (area, rows) in groups {
        writeln!(out, "{}", style.heading(&area_label(area)))?;
        for row in rows {
            let routine = row.routine;
            let cells = format!(
                "  {}  {}  {}{}",
                Padded::left(&routine.id, id_width),
                Padded::left(&routine.title, title_width),
                Padded::right(&row.length, length_width),
                Padded::left(row.mark, mark_width),
            );
            // Equipment that would run past the width goes on its own line, under the title.
            // (`line_width`: the cells' columns; a column wider than its cap is not cut.)
            if line_width(row) + 2 + display_width(&row.equipment) <= line_limit {
                writeln!(out, "{cells}  {}", style.secondary(&row.equipment))?;
            } else {
                writeln!(out, "{}", cells.trim_end())?;
                writeln!(
                    out,
                    "{:indent$}{}",
                    "",
                    style.secondary(&row.equipment),
                    indent = id_width + 4
                )?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The listing for a narrow window: the id, then the title and the length with the
/// equipment, each wrapped between words under it.
fn write_stacked(
    out: &mut impl Write,
    style: &Palette,
    groups: &[(&str, Vec<Row<'_>>)],
    line_limit: usize,
) -> std::io::Result<()> {
    const INDENT: &str = "    ";
    for (area, rows) in groups {
        writeln!(out, "{}", style.heading(&area_label(area)))?;
        for row in rows {
            writeln!(out, "  {}", row.routine.id)?;
            for line in wrap(&row.routine.title, line_limit, INDENT, INDENT) {
                writeln!(out, "{line}")?;
            }
            let details = format!("{}{} · {}", row.length, row.mark, row.equipment);
            for line in wrap(&details, line_limit, INDENT, INDENT) {
                writeln!(out, "{}", style.secondary(&line))?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// One routine's line in the text listing, with the display width of each column's text.
struct Row<'a> {
    routine: &'a Routine,
    /// The length of the timed steps ([`timed_length`]).
    length: String,
    /// [`UNTIMED_MARK`] when some steps have no timer, or nothing.
    mark: &'static str,
    equipment: String,
    id_width: usize,
    title_width: usize,
    length_width: usize,
}

impl<'a> Row<'a> {
    fn new(routine: &'a Routine) -> Row<'a> {
        let mark = if routine.has_untimed() {
            UNTIMED_MARK
        } else {
            ""
        };
        let length = timed_length(routine);
        let equipment = if routine.equipment.is_empty() {
            "no equipment".to_string()
        } else {
            routine.equipment.join(", ")
        };
        Row {
            routine,
            id_width: display_width(&routine.id),
            title_width: display_width(&routine.title),
            length_width: display_width(&length),
            length,
            mark,
            equipment,
        }
    }
}

fn listed(routine: &Routine) -> ListedRoutine<'_> {
    ListedRoutine {
        id: &routine.id,
        title: &routine.title,
        areas: &routine.areas,
        aliases: &routine.aliases,
        summary: &routine.summary,
        equipment: &routine.equipment,
        seconds: routine.total_range(),
        untimed_steps: routine.has_untimed(),
        source: routine.origin.to_string(),
        replaces_builtin: Catalog::replaces_builtin(routine),
    }
}

/// A routine's whole length, a range where its steps have ranges: "6 to 10 min", and
/// "plus untimed steps" when some have no timer.
pub fn total_length(routine: &Routine) -> String {
    if routine.has_untimed() {
        format!("{} {PLUS_UNTIMED}", timed_length(routine))
    } else {
        timed_length(routine)
    }
}

/// The length of the timed steps: "6 to 10 min".
fn timed_length(routine: &Routine) -> String {
    let total = routine.total_range();
    let round_minutes = |s: u32| (s + 30) / 60;
    let (low, high) = (
        round_minutes(total.low.get()),
        round_minutes(total.high.get()),
    );
    match (low, high) {
        (0, 0) => format!("{} s", total.high.get()),
        (low, high) if low == high => format!("{} min", low.max(1)),
        (low, high) => format!("{} to {} min", low.max(1), high),
    }
}

/// In the table, after the length of a routine with untimed steps; said under the table.
const UNTIMED_MARK: &str = " +";

/// After a length that leaves out the steps with no timer.
pub const PLUS_UNTIMED: &str = "plus untimed steps";

/// The article's areas in body order (head to hips), then any others alphabetically.
pub(super) fn ordered_areas(catalog: &Catalog) -> Vec<String> {
    let known = catalog.areas();
    let mut areas: Vec<String> = ARTICLE_AREAS
        .iter()
        .filter(|a| known.contains(a))
        .map(|a| a.to_string())
        .collect();
    areas.extend(
        known
            .iter()
            .filter(|a| !ARTICLE_AREAS.contains(a))
            .map(|a| a.to_string()),
    );
    areas
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Origin;
    use crate::routine::schema::parse_routine;

    fn routine(id: &str, title: &str, minutes: u32) -> Routine {
        let source = format!(
            "title = \"{title}\"\nareas = [\"neck\"]\nsummary = \"A test.\"\n\n\
             [[steps]]\npressure = \"light\"\ntitle = \"Press\"\ntext = \"Press and hold.\"\nminutes = {minutes}\n"
        );
        parse_routine("t.toml", id, &source, Origin::BuiltIn).expect("valid routine")
    }

    /// The listing as plain text, one routine per area "neck".
    fn listing(routines: &[Routine]) -> String {
        let groups = [("neck", routines.iter().map(Row::new).collect())];
        let mut out = Vec::new();
        write_groups(&mut out, &Palette::new(false), &groups, 80, true).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    /// Every built-in routine's length ends in the same column, with or without the mark
    /// of untimed steps after it, and so does the equipment start (where it shares the line).
    #[test]
    fn lengths_line_up_for_every_builtin_routine() {
        let catalog = Catalog::builtin();
        let areas = ordered_areas(&catalog);
        let groups: Vec<(&str, Vec<Row<'_>>)> = areas
            .iter()
            .map(|area| {
                let rows = catalog.in_area(area).into_iter().map(Row::new).collect();
                (area.as_str(), rows)
            })
            .collect();
        assert!(
            groups
                .iter()
                .flat_map(|(_, rows)| rows)
                .any(|row| !row.mark.is_empty())
        );
        let mut out = Vec::new();
        write_groups(&mut out, &Palette::new(false), &groups, 80, true).expect("written");
        let text = String::from_utf8(out).expect("UTF-8");
        let lines: Vec<&str> = text.lines().filter(|l| l.contains(" min")).collect();
        assert_eq!(
            lines.len(),
            groups.iter().map(|(_, rows)| rows.len()).sum::<usize>()
        );
        let column = |line: &str, end: usize| display_width(&line[..end]);
        let ends: Vec<usize> = lines
            .iter()
            .map(|line| column(line, line.find(" min").expect("min") + 4))
            .collect();
        assert_eq!(ends, vec![ends[0]; ends.len()], "{text}");
        let equipment: Vec<usize> = lines
            .iter()
            .filter_map(|line| {
                let end = line.find(" min").expect("min") + 4;
                let rest = &line[end..];
                let start = rest.find(|c: char| c != ' ' && c != '+')?;
                Some(column(line, end + start))
            })
            .collect();
        assert!(equipment.len() > 1, "{text}");
        assert_eq!(equipment, vec![equipment[0]; equipment.len()], "{text}");
        assert!(text.lines().all(|line| line == line.trim_end()), "{text:?}");
    }

    #[test]
    fn wide_characters_in_a_title_keep_the_columns_aligned() {
        let routines = [
            routine("neck", "Neck release", 5),
            // Six characters, twelve columns.
            routine("kata", "肩こりほぐし", 12),
            routine("jaw", "Jaw 💆 ease", 3),
        ];
        let text = listing(&routines);
        let lines: Vec<&str> = text.lines().filter(|l| l.contains(" min ")).collect();
        assert_eq!(lines.len(), 3, "{text}");
        // Where "N min" ends and the equipment starts, in columns.
        let equipment_at: Vec<usize> = lines
            .iter()
            .map(|line| display_width(&line[..line.find("no equipment").expect("equipment")]))
            .collect();
        assert_eq!(equipment_at, [equipment_at[0]; 3], "{text}");
        assert_eq!(
            lines[1], "  kata  肩こりほぐし  12 min  no equipment",
            "{text}"
        );
        assert_eq!(lines[0], "  neck  Neck release   5 min  no equipment");
    }
}
