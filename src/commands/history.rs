//! `selfmassage history`: a pain chart per area (in a terminal), the most recent sessions
//! (pain before → after), and the journal's advice; or the same sessions as JSON or CSV for a physiotherapist or a spreadsheet.

use std::io::Write;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::cli::HistoryArgs;
use crate::journal::correction::{Field, Value};
use crate::journal::trend::{AreaSeries, by_area};
use crate::journal::{SessionFilter, Since, StoredSession, area_advice, read_all};
use crate::routine::schema::normalize_name;
use crate::safety::PainScore;
use crate::sanitize::clean;
use crate::settings::Settings;
use crate::ui::terminal::glyphs::Glyphs;
use crate::ui::text::chart::{CHART_MIN_DAYS, chart_lines, legend, too_few_days};
use crate::ui::text::style::Palette;
use crate::ui::text::width::{Padded, cut, cut_at_word, display_width, wrap};

use super::{MAX_COLUMN, area_label};

/// The CSV's columns. Times are local wall-clock times to the second, `2026-11-30 14:05:09`,
/// which spreadsheets read as dates and times; the column names say so (`--json` keeps UTC
/// to the nanosecond).
/// `note` and `corrections` came later, after the columns scripts already read.
const CSV_HEADER: [&str; 14] = [
    "id",
    "started_at_local",
    "ended_at_local",
    "routines",
    "areas",
    "verdict",
    "pain_before",
    "pain_after",
    "new_symptoms",
    "steps_done",
    "steps_total",
    "ending",
    "note",
    "corrections",
];

/// The table shows this many of the most recent sessions unless `--all` is given.
pub const RECENT_ROWS: usize = 20;

/// The journal as `history` and `report` read it: every session, cleaned for printing, and
/// the ones `--area` and `--since` pick. Read-only (`journal::read_all`): no journal yet is no
/// sessions, and none is created.
pub(super) struct Selection {
    /// Every readable session, oldest first: the advice reads each area's whole history.
    pub all: Vec<StoredSession>,
    /// The sessions `journal delete` took out, oldest first (for `report` to list).
    pub removed: Vec<StoredSession>,
    /// `--area`, normalized.
    pub area: Option<String>,
    pub since: Option<Since>,
    /// The time zone dates are shown (and `--since` is read) in.
    pub tz: TimeZone,
}

impl Selection {
    pub fn read(
        settings: &Settings,
        area: Option<&str>,
        since: Option<Since>,
    ) -> anyhow::Result<Selection> {
        let read = read_all(&settings.paths.journal_file())?;
        let all: Vec<StoredSession> = read.sessions.into_iter().map(cleaned).collect();
        let area = area.map(normalize_name);
        if let Some(area) = &area {
            known_area(settings, &all, area)?;
        }
        Ok(Selection {
            all,
            removed: read.removed.into_iter().map(cleaned).collect(),
            area,
            since,
            tz: crate::local_time::zone(),
        })
    }

    /// The sessions `--area` and `--since` pick, oldest first.
    pub fn shown(&self) -> Vec<&StoredSession> {
        self.picked(&self.all)
    }

    /// The removed sessions `--area` and `--since` pick, oldest first.
    pub fn shown_removed(&self) -> Vec<&StoredSession> {
        self.picked(&self.removed)
    }

    fn picked<'a>(&self, sessions: &'a [StoredSession]) -> Vec<&'a StoredSession> {
        let filter = SessionFilter {
            area: self.area.clone(),
            since: self.since,
        };
        sessions
            .iter()
            .filter(|s| filter.matches(&s.record, &self.tz))
            .collect()
    }
}

/// `--area` names an area of a routine or of a session in the journal; any other name is a
/// usage error (exit 2) that lists the areas, never an empty page that looks like no pain.
fn known_area(settings: &Settings, all: &[StoredSession], area: &str) -> anyhow::Result<()> {
    let mut areas = super::list::ordered_areas(&settings.catalog());
    for session in all {
        for stored in &session.record.areas {
            if !areas.contains(stored) {
                areas.push(stored.clone());
            }
        }
    }
    if areas.iter().any(|a| a == area) {
        return Ok(());
    }
    Err(crate::exit::UsageError(format!(
        "unknown area \"{}\"; the areas are: {}",
        clean(area),
        areas.join(", ")
    ))
    .into())
}

/// Prints the journal: in a terminal, a pain chart per area above the table of the most
/// recent sessions; piped or `--plain`, the table only; with `--json` or `--csv`, every
/// matching session. Any advice the journal gives follows the table.
pub fn run(settings: &Settings, args: &HistoryArgs) -> anyhow::Result<()> {
    let selection = Selection::read(settings, args.area.as_deref(), args.since)?;
    let shown = selection.shown();
    let (all, area, tz) = (&selection.all, &selection.area, &selection.tz);

    // Written whole, then shown: through the pager when it is taller than the window.
    let mut out = Vec::new();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&shown)?)?;
    } else if args.csv {
        out.write_all(&csv_bytes(&shown, tz)?)?;
    } else if shown.is_empty() {
        write_empty(&mut out, all.is_empty())?;
    } else {
        let style = settings.style();
        let width = super::text_width(settings);
        let series = by_area(&shown, area.as_deref());
        if !settings.plain {
            write_charts(
                &mut out,
                &style,
                &series,
                width,
                settings.color,
                settings.glyphs,
                tz,
            )?;
        }
        let rows = if args.all {
            &shown[..]
        } else {
            &shown[shown.len().saturating_sub(RECENT_ROWS)..]
        };
        write_table(
            &mut out,
            &style,
            rows,
            tz,
            width,
            settings.stdout_is_terminal,
        )?;
        if rows.len() < shown.len() {
            writeln!(
                out,
                "{}",
                style.secondary(&format!(
                    "The last {} of {} sessions; `selfmassage history --all` shows every one.",
                    rows.len(),
                    shown.len()
                ))
            )?;
        }
        if let Some(plan) = super::plan::weekly_summary(settings) {
            writeln!(out, "{}", style.secondary(&plan))?;
        }
        let areas: Vec<&str> = series.iter().map(|s| s.area.as_str()).collect();
        write_advice(&mut out, &style, &areas, all, Timestamp::now(), width)?;
    }
    super::page(settings, &args.pager, &out)?;
    Ok(())
}

/// Every string read from the file, made safe to print once, here (`report` uses it too).
/// (The verdict and the ending can only be words this build knows: the journal refuses
/// any other.)
fn cleaned(mut session: StoredSession) -> StoredSession {
    let record = &mut session.record;
    let notes = &mut session.notes;
    for text in record
        .routines
        .iter_mut()
        .chain(record.areas.iter_mut())
        .chain(notes.reasons.iter_mut())
        .chain(notes.symptoms.iter_mut())
    {
        *text = clean(text);
    }
    let corrected = notes
        .corrections
        .iter_mut()
        .flat_map(|c| [&mut c.old, &mut c.new]);
    for text in notes
        .note
        .iter_mut()
        .chain(corrected.filter_map(|value| match value {
            Some(Value::Text(text)) => Some(text),
            _ => None,
        }))
    {
        *text = clean(text);
    }
    session
}

fn write_empty(out: &mut impl Write, journal_is_empty: bool) -> std::io::Result<()> {
    if journal_is_empty {
        writeln!(
            out,
            "No sessions yet. See the routines with `selfmassage list`, or start one, e.g. \
             `selfmassage neck`; each session is noted here."
        )
    } else {
        writeln!(
            out,
            "No sessions match. `selfmassage history` without --area or --since shows them all."
        )
    }
}

fn write_table(
    out: &mut impl Write,
    style: &Palette,
    sessions: &[&StoredSession],
    tz: &TimeZone,
    text_width: usize,
    terminal: bool,
) -> std::io::Result<()> {
    let rows: Vec<Row> = sessions
        .iter()
        .map(|s| {
            let r = &s.record;
            let corrected = if pain_corrected(s) {
                CORRECTED_MARK
            } else {
                ""
            };
            [
                s.id.to_string(),
                r.started_at
                    .to_zoned_datetime(tz.clone())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string(),
                if r.routines.is_empty() {
                    "-".to_string()
                } else {
                    r.routines.join(", ")
                },
                format!(
                    "{} → {}{corrected}",
                    pain(r.pain_before),
                    pain(r.pain_after)
                ),
                minutes(r.started_at, r.ended_at),
                r.ending.words(
                    r.steps_done,
                    r.steps_total,
                    s.notes.stopped_at_step.is_some(),
                ),
                s.notes.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    write_rows(out, style, &rows, text_width, terminal)?;
    if sessions.iter().any(|s| pain_corrected(s)) {
        let text = format!(
            "{CORRECTED_MARK} pain corrected with `selfmassage journal edit`; `selfmassage history --json` shows what changed."
        );
        for line in wrap(&text, text_width, "", "  ") {
            writeln!(out, "{}", style.secondary(&line))?;
        }
    }
    Ok(())
}

/// Whether `journal edit` changed a pain score of the session.
fn pain_corrected(session: &StoredSession) -> bool {
    session
        .notes
        .corrections
        .iter()
        .any(|c| matches!(c.field, Field::PainBefore | Field::PainAfter))
}

/// After the pain of a session `journal edit` corrected.
const CORRECTED_MARK: &str = "*";

/// A row of the table: id, date, routines, pain, minutes, ending, note.
type Row = [String; 7];

/// The table's heading and `rows`, each column as wide as its widest text on screen; the
/// note, last, cut to what is left of `text_width` (and left out when no row has one).
/// When the columns do not fit a terminal (the note given [`MIN_NOTE`] columns, or less
/// when no note needs more), each session takes a few lines instead ([`write_records`]).
/// (A pipe keeps the table: its width is fixed.)
fn write_rows(
    out: &mut impl Write,
    style: &Palette,
    rows: &[Row],
    text_width: usize,
    terminal: bool,
) -> std::io::Result<()> {
    let header = ["ID", "Date", "Routine", "Pain", "Minutes", "Ended", "Note"];
    let width = |column: usize| {
        rows.iter()
            .map(|row| display_width(&row[column]))
            .chain([display_width(header[column])])
            .max()
            .unwrap_or(0)
            // A damaged row must not stretch the table.
            .min(MAX_COLUMN)
    };
    let widths: [usize; 6] = std::array::from_fn(width);
    let notes = rows.iter().any(|row| !row[6].is_empty());
    // What the first six columns and the gaps between the seven take; the note gets the rest.
    let used = widths.iter().sum::<usize>() + 2 * 6;
    let note_needs = rows
        .iter()
        .map(|row| display_width(&row[6]))
        .max()
        .unwrap_or(0)
        .min(MIN_NOTE);
    let widest = if notes { used + note_needs } else { used - 2 };
    if terminal && widest > text_width {
        return write_records(out, style, rows, text_width);
    }
    let note_width = text_width.saturating_sub(used).max(MIN_NOTE);
    let line = |cells: [&str; 7]| {
        let [id, started, routines, pains, minutes, ended, note] = cells;
        let mut line = format!(
            "{}  {}  {}  {}  {}  ",
            Padded::right(id, widths[0]),
            Padded::left(started, widths[1]),
            Padded::left(routines, widths[2]),
            Padded::left(pains, widths[3]),
            Padded::right(minutes, widths[4]),
        );
        if notes {
            line.push_str(&format!(
                "{}  {}",
                Padded::left(ended, widths[5]),
                cut(note, note_width)
            ));
        } else {
            line.push_str(ended);
        }
        line.trim_end().to_string()
    };
    writeln!(out, "{}", style.heading(&line(header)))?;
    for row in rows {
        writeln!(out, "{}", line(row.each_ref().map(String::as_str)))?;
    }
    Ok(())
}

/// The narrowest the note column gets, however little room the other columns leave.
const MIN_NOTE: usize = 10;

/// The table for a narrow window, a few lines a session: its id, date and routines under
/// their heading (the routines wrapped between words in their column); under them its
/// pain, minutes and how it ended; then its note, cut to the width at a word.
fn write_records(
    out: &mut impl Write,
    style: &Palette,
    rows: &[Row],
    text_width: usize,
) -> std::io::Result<()> {
    let width = |column: usize, heading: &str| {
        rows.iter()
            .map(|row| display_width(&row[column]))
            .chain([display_width(heading)])
            .max()
            .unwrap_or(0)
            .min(MAX_COLUMN)
    };
    let (id_width, date_width) = (width(0, "ID"), width(1, "Date"));
    let indent = " ".repeat(id_width + 2);
    writeln!(
        out,
        "{}",
        style.heading(&format!(
            "{}  {}  Routine",
            Padded::right("ID", id_width),
            Padded::left("Date", date_width)
        ))
    )?;
    for row in rows {
        let [id, started, routines, pains, minutes, ended, note] = row;
        let first = format!(
            "{}  {}  ",
            Padded::right(id, id_width),
            Padded::left(started, date_width)
        );
        let under = " ".repeat(display_width(&first));
        let details = format!("pain {pains} · {minutes} min · {ended}");
        for line in wrap(routines, text_width, &first, &under)
            .into_iter()
            .chain(wrap(&details, text_width, &indent, &indent))
        {
            writeln!(out, "{}", line.trim_end())?;
        }
        if !note.is_empty() {
            let room = text_width.saturating_sub(indent.len()).max(MIN_NOTE);
            writeln!(out, "{indent}{}", cut_at_word(note, room))?;
        }
    }
    Ok(())
}

/// Per area: a heading with the count and the latest pain, the chart, and its legend.
fn write_charts(
    out: &mut impl Write,
    style: &Palette,
    series: &[AreaSeries<'_>],
    text_width: usize,
    color: bool,
    glyphs: Glyphs,
    tz: &TimeZone,
) -> std::io::Result<()> {
    let width = u16::try_from(text_width).unwrap_or(u16::MAX);
    for one in series {
        let count = one.points.len();
        let latest = one
            .points
            .iter()
            .rev()
            .find_map(|p| p.after.or(p.before))
            .map(|pain| format!(", latest pain {pain} of 10"))
            .unwrap_or_default();
        let heading = format!(
            "{}: {count} {}{latest}",
            area_label(&one.area),
            if count == 1 { "session" } else { "sessions" },
        );
        for line in wrap(&heading, text_width, "", "  ") {
            writeln!(out, "{}", style.heading(&line))?;
        }
        if let Some(ratings) = too_few_days(one, tz) {
            // One day's sessions make no chart: their ratings in a sentence instead.
            let text = format!(
                "{ratings} A chart follows once there are sessions on {CHART_MIN_DAYS} days."
            );
            for line in wrap(&text, text_width.max(20), "  ", "  ") {
                writeln!(out, "{line}")?;
            }
            writeln!(out)?;
            continue;
        }
        for line in chart_lines(one, width, color, glyphs, tz) {
            writeln!(out, "{line}")?;
        }
        writeln!(
            out,
            "{}",
            style.secondary(&format!("      {}", legend(glyphs)))
        )?;
        writeln!(out)?;
    }
    Ok(())
}

/// The journal's advice for each area shown. The rules read the whole history of the area,
/// whatever --since hides.
fn write_advice(
    out: &mut impl Write,
    style: &Palette,
    areas: &[&str],
    all: &[StoredSession],
    now: Timestamp,
    text_width: usize,
) -> std::io::Result<()> {
    let advice: Vec<String> = areas
        .iter()
        .flat_map(|area| area_advice(area, all, now))
        .collect();
    if advice.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    for text in advice {
        for line in wrap(&text, text_width.max(20), "", "  ") {
            writeln!(out, "{}", style.warn(&line))?;
        }
    }
    Ok(())
}

fn pain(score: Option<PainScore>) -> String {
    score.map_or_else(|| "-".to_string(), |p| p.to_string())
}

/// Whole minutes, rounded; "<1" for a session shorter than half a minute.
fn minutes(started_at: Timestamp, ended_at: Timestamp) -> String {
    let seconds = ended_at.duration_since(started_at).as_secs();
    if seconds <= 0 {
        "0".to_string()
    } else if seconds < 30 {
        "<1".to_string()
    } else {
        ((seconds + 30) / 60).to_string()
    }
}

/// A time as a CSV cell: local time in `tz`, whole seconds (truncated), no zone suffix.
const CSV_TIME: &str = "%Y-%m-%d %H:%M:%S";

/// A header and one row per session; ids in one cell are joined with ";", and so are the
/// corrections ("pain after 6 → 3 (2026-12-04 10:00:00)"); times in `tz` ([`CSV_TIME`]).
fn csv_bytes(sessions: &[&StoredSession], tz: &TimeZone) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    let optional = |value: Option<String>| value.unwrap_or_default();
    let time = |at: Timestamp| {
        at.to_zoned_datetime(tz.clone())
            .strftime(CSV_TIME)
            .to_string()
    };
    for session in sessions {
        let r = &session.record;
        writer.write_record([
            session.id.to_string(),
            time(r.started_at),
            time(r.ended_at),
            r.routines.join(";"),
            r.areas.join(";"),
            r.verdict.as_str().to_string(),
            optional(r.pain_before.map(|p| p.to_string())),
            optional(r.pain_after.map(|p| p.to_string())),
            optional(r.new_symptoms.map(|b| b.to_string())),
            r.steps_done.to_string(),
            r.steps_total.to_string(),
            r.ending.as_str().to_string(),
            optional(session.notes.note.as_deref().map(not_a_formula)),
            session
                .notes
                .corrections
                .iter()
                .map(|c| format!("{} ({})", c.change_words(), time(c.at)))
                .collect::<Vec<_>>()
                .join("; "),
        ])?;
    }
    Ok(writer.into_inner()?)
}

/// A note as a CSV cell a spreadsheet shows as text: one that starts like a formula (`=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a `'` before it, so opening the file never
/// runs what a note says (OWASP, "CSV injection").
fn not_a_formula(note: &str) -> String {
    if note.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{note}")
    } else {
        note.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{Ending, Journal};

    #[test]
    fn a_note_that_looks_like_a_formula_is_text_in_a_spreadsheet() {
        assert_eq!(
            not_a_formula("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(not_a_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(not_a_formula("-2+3"), "'-2+3");
        assert_eq!(not_a_formula("felt looser"), "felt looser");
    }

    fn row(id: &str, routines: &str, pains: &str, minutes: &str, note: &str) -> Row {
        [
            id.to_string(),
            "2024-05-01 10:00".to_string(),
            routines.to_string(),
            pains.to_string(),
            minutes.to_string(),
            "completed".to_string(),
            note.to_string(),
        ]
    }

    /// The table as a terminal `width` columns wide shows it.
    fn table(rows: &[Row], width: usize) -> String {
        let mut out = Vec::new();
        write_rows(&mut out, &Palette::new(false), rows, width, true).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn a_wide_cell_keeps_the_table_aligned() {
        let rows = [
            row("9", "neck", "3 → 2", "6", ""),
            // Damaged or foreign text: six characters, twelve columns.
            row("10", "肩こりほぐし", "10 → 9", "12", ""),
        ];
        let text = table(&rows, 80);
        // Where "completed" (or "Ended") starts, in columns, on every line.
        let ended_at: Vec<usize> = text
            .lines()
            .map(|line| {
                let at = line.find("completed").or_else(|| line.find("Ended"));
                display_width(&line[..at.expect("last column")])
            })
            .collect();
        assert_eq!(ended_at, [ended_at[0]; 3], "{text}");
        assert_eq!(
            text.lines().nth(2),
            Some("10  2024-05-01 10:00  肩こりほぐし  10 → 9       12  completed"),
            "{text}"
        );
        assert!(!text.contains("Note"), "no note, no column: {text}");
    }

    /// A note is the last column, cut (by columns on screen) to what the window leaves.
    #[test]
    fn a_long_note_is_cut_to_the_width() {
        let long = "left side worse after a long day at the desk, right side fine, 首の痛み";
        let rows = [
            row("1", "neck", "3 → 2", "6", "after yoga"),
            row("2", "neck", "5 → 4", "6", long),
        ];
        for width in [80, 100] {
            let text = table(&rows, width);
            for line in text.lines() {
                assert!(display_width(line) <= width, "{width}: {line:?}");
            }
            let lines: Vec<&str> = text.lines().collect();
            assert!(lines[0].ends_with("Ended      Note"), "{text}");
            assert!(lines[1].ends_with("completed  after yoga"), "{text}");
            assert!(lines[2].ends_with('…'), "{text}");
            assert!(lines[2].contains("completed  left side"), "{text}");
        }
        // A window too narrow for the rest still shows the start of the note.
        let narrow = table(&rows, 30);
        assert!(
            narrow
                .lines()
                .any(|line| line == "    left side worse after…"),
            "{narrow}"
        );
    }

    /// A window too narrow for the columns: a few lines a session, none wider than the
    /// window, every cell there (the note cut), the heading on one line.
    #[test]
    fn a_narrow_window_gets_a_few_lines_a_session() {
        let rows = [
            row("9", "neck", "3 → 2", "6", ""),
            row(
                "10",
                "lower-back-chair, tennis-ball",
                "10 → 9*",
                "<1",
                "after yoga at the gym",
            ),
        ];
        let text = table(&rows, 40);
        for line in text.lines() {
            assert!(display_width(line) <= 40, "{line:?}\n{text}");
        }
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "ID  Date              Routine",
                " 9  2024-05-01 10:00  neck",
                "    pain 3 → 2 · 6 min · completed",
                "10  2024-05-01 10:00  lower-back-chair,",
                "                      tennis-ball",
                "    pain 10 → 9* · <1 min · completed",
                "    after yoga at the gym",
            ],
            "{text}"
        );
        // Where the columns fit, and in a pipe (whose width is fixed), the table.
        assert!(table(&rows, 100).starts_with("ID  Date              Routine"));
        assert!(table(&rows, 100).lines().count() == 3);
        let mut piped = Vec::new();
        write_rows(&mut piped, &Palette::new(false), &rows, 40, false).expect("written");
        assert_eq!(String::from_utf8_lossy(&piped).lines().count(), 3);
    }

    #[test]
    fn minutes_round_and_never_go_negative() {
        let at = |s: &str| s.parse::<Timestamp>().expect("timestamp");
        let start = at("2024-05-01T10:00:00Z");
        assert_eq!(minutes(start, at("2024-05-01T10:06:29Z")), "6");
        assert_eq!(minutes(start, at("2024-05-01T10:06:30Z")), "7");
        assert_eq!(minutes(start, at("2024-05-01T10:00:10Z")), "<1");
        assert_eq!(minutes(start, start), "0");
        assert_eq!(minutes(start, at("2024-05-01T09:00:00Z")), "0");
    }

    /// A real journal from the release before typed journal rows, and what it printed.
    #[test]
    fn the_current_releases_journal_prints_the_same_json_and_csv() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("journal.sqlite3");
        let fixture = include_bytes!("../journal/fixtures/journal-v3.sqlite3");
        std::fs::write(&path, fixture).expect("copies the fixture");
        let journal = Journal::open(&path).expect("opens");
        let sessions: Vec<StoredSession> = journal
            .sessions(&SessionFilter::default())
            .expect("reads")
            .sessions
            .into_iter()
            .map(cleaned)
            .collect();
        let shown: Vec<&StoredSession> = sessions.iter().collect();
        let json = serde_json::to_string_pretty(&shown).expect("serializes") + "\n";
        assert_eq!(json, include_str!("../journal/fixtures/journal-v3.json"));
        // The CSV is the same but for its times: local wall-clock time to the
        // second, here in UTC, where that release wrote RFC 3339 to the nanosecond.
        let csv = csv_bytes(&shown, &TimeZone::UTC).expect("writes");
        let expected = include_bytes!("../journal/fixtures/journal-v3.csv");
        let rows = |bytes: &[u8]| -> Vec<Vec<String>> {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes)
                .records()
                .map(|row| row.expect("a row").iter().map(String::from).collect())
                .collect()
        };
        let (now, then) = (rows(&csv), rows(expected));
        assert_eq!(now.len(), then.len());
        assert_eq!(now[0][0], then[0][0]);
        assert_eq!(now[0][1..3], ["started_at_local", "ended_at_local"]);
        // The columns that release wrote stay where they were; the new ones come after.
        let old = then[0].len();
        assert_eq!(now[0][3..old], then[0][3..]);
        assert_eq!(now[0][old..], ["note", "corrections"]);
        let now: Vec<Vec<String>> = now
            .into_iter()
            .enumerate()
            .map(|(i, mut row)| {
                assert!(i == 0 || row[old..].iter().all(String::is_empty), "{row:?}");
                row.truncate(old);
                row
            })
            .collect();
        for (now, then) in now.iter().zip(&then).skip(1) {
            for column in [1, 2] {
                let at: Timestamp = then[column].parse().expect("RFC 3339");
                let whole = Timestamp::from_second(at.as_second()).expect("in range");
                assert_eq!(now[column], whole.strftime("%Y-%m-%d %H:%M:%S").to_string());
            }
            assert_eq!((&now[0], &now[3..]), (&then[0], &then[3..]));
        }
    }

    #[test]
    fn csv_times_are_local_whole_seconds() {
        let at: Timestamp = "2026-11-30T14:05:09.987654321Z".parse().expect("timestamp");
        let session = StoredSession {
            id: 1,
            notes: Default::default(),
            record: crate::journal::SessionRecord {
                started_at: at,
                ended_at: at + jiff::SignedDuration::from_secs(61),
                routines: vec!["neck".into()],
                areas: vec!["neck".into()],
                verdict: crate::safety::VerdictKind::GoAhead,
                pain_before: PainScore::new(4),
                pain_after: PainScore::new(2),
                new_symptoms: Some(false),
                steps_done: 5,
                steps_total: 5,
                ending: Ending::Completed,
            },
        };
        let tokyo = TimeZone::fixed(jiff::tz::offset(9));
        let csv = csv_bytes(&[&session], &tokyo).expect("writes");
        let csv = String::from_utf8(csv).expect("UTF-8");
        assert_eq!(
            csv.lines().nth(1),
            Some(
                "1,2026-11-30 23:05:09,2026-11-30 23:06:10,neck,neck,go-ahead,4,2,false,5,5,completed,,"
            )
        );
    }
}
