//! `selfmassage history`: a pain chart per area (in a terminal), the most recent sessions
//! (pain before → after), and the journal's advice; or the same sessions as JSON or CSV for a physiotherapist or a spreadsheet.

use std::io::Write;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::cli::HistoryArgs;
use crate::journal::trend::{AreaSeries, by_area};
use crate::journal::{Ending, SessionFilter, Since, StoredSession, area_advice, read_all};
use crate::routine::schema::normalize_name;
use crate::safety::PainScore;
use crate::sanitize::clean;
use crate::settings::Settings;
use crate::ui::text::chart::{LEGEND, chart_lines};
use crate::ui::text::style::Style;
use crate::ui::text::width::{Padded, display_width, wrap};

use super::{MAX_COLUMN, area_label};

/// The CSV's columns. Times are local wall-clock times to the second, `2026-11-30 14:05:09`,
/// which spreadsheets read as dates and times; the column names say so (`--json` keeps UTC
/// to the nanosecond).
const CSV_HEADER: [&str; 12] = [
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
];

/// The table shows this many of the most recent sessions unless `--all` is given.
pub const RECENT_ROWS: usize = 20;

/// The journal as `history` and `report` read it: every session, cleaned for printing, and
/// the ones `--area` and `--since` pick. Read-only (`journal::read_all`): no journal yet is no
/// sessions, and none is created.
pub(super) struct Selection {
    /// Every readable session, oldest first: the advice reads each area's whole history.
    pub all: Vec<StoredSession>,
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
        Ok(Selection {
            all: read.sessions.into_iter().map(cleaned).collect(),
            area: area.map(normalize_name),
            since,
            tz: crate::local_time::zone(),
        })
    }

    /// The sessions `--area` and `--since` pick, oldest first.
    pub fn shown(&self) -> Vec<&StoredSession> {
        let filter = SessionFilter {
            area: self.area.clone(),
            since: self.since,
        };
        self.all
            .iter()
            .filter(|s| filter.matches(&s.record, &self.tz))
            .collect()
    }
}

/// Prints the journal: in a terminal, a pain chart per area above the table of the most
/// recent sessions; piped or `--plain`, the table only; with `--json` or `--csv`, every
/// matching session. Any advice the journal gives follows the table.
pub fn run(settings: &Settings, args: &HistoryArgs) -> anyhow::Result<()> {
    let selection = Selection::read(settings, args.area.as_deref(), args.since)?;
    let shown = selection.shown();
    let (all, area, tz) = (&selection.all, &selection.area, &selection.tz);

    let mut out = std::io::stdout().lock();
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
            write_charts(&mut out, &style, &series, width, settings.color, tz)?;
        }
        let rows = if args.all {
            &shown[..]
        } else {
            &shown[shown.len().saturating_sub(RECENT_ROWS)..]
        };
        write_table(&mut out, &style, rows, tz)?;
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
    out.flush()?;
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
    style: &Style,
    sessions: &[&StoredSession],
    tz: &TimeZone,
) -> std::io::Result<()> {
    let rows: Vec<[String; 5]> = sessions
        .iter()
        .map(|s| {
            let r = &s.record;
            [
                r.started_at
                    .to_zoned_datetime(tz.clone())
                    .strftime("%Y-%m-%d %H:%M")
                    .to_string(),
                if r.routines.is_empty() {
                    "-".to_string()
                } else {
                    r.routines.join(", ")
                },
                format!("{} → {}", pain(r.pain_before), pain(r.pain_after)),
                minutes(r.started_at, r.ended_at),
                ending_words(r.ending).to_string(),
            ]
        })
        .collect();
    write_rows(out, style, &rows)
}

/// The table's heading and `rows` (date, routines, pain, minutes, ending), each column as
/// wide as its widest text on screen.
fn write_rows(out: &mut impl Write, style: &Style, rows: &[[String; 5]]) -> std::io::Result<()> {
    let header = ["Date", "Routine", "Pain", "Minutes", "Ended"];
    let width = |column: usize| {
        rows.iter()
            .map(|row| display_width(&row[column]))
            .chain([display_width(header[column])])
            .max()
            .unwrap_or(0)
            // A damaged row must not stretch the table.
            .min(MAX_COLUMN)
    };
    let (date, routine, pain_w, mins) = (width(0), width(1), width(2), width(3));
    let line = |[started, routines, pains, minutes, ended]: [&str; 5]| {
        format!(
            "{}  {}  {}  {}  {ended}",
            Padded::left(started, date),
            Padded::left(routines, routine),
            Padded::left(pains, pain_w),
            Padded::right(minutes, mins),
        )
    };
    writeln!(out, "{}", style.heading(&line(header)))?;
    for row in rows {
        writeln!(out, "{}", line(row.each_ref().map(String::as_str)))?;
    }
    Ok(())
}

/// Per area: a heading with the count and the latest pain, the chart, and its legend.
fn write_charts(
    out: &mut impl Write,
    style: &Style,
    series: &[AreaSeries<'_>],
    text_width: usize,
    color: bool,
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
        writeln!(
            out,
            "{}",
            style.heading(&format!(
                "{}: {count} {}{latest}",
                area_label(&one.area),
                if count == 1 { "session" } else { "sessions" },
            ))
        )?;
        for line in chart_lines(one, width, color, tz) {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "{}", style.secondary(&format!("      {LEGEND}")))?;
        writeln!(out)?;
    }
    Ok(())
}

/// The journal's advice for each area shown. The rules read the whole history of the area,
/// whatever --since hides.
fn write_advice(
    out: &mut impl Write,
    style: &Style,
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

/// How the table says an ending to a person.
fn ending_words(ending: Ending) -> &'static str {
    match ending {
        Ending::Completed => "completed",
        Ending::Stopped => "stopped early",
        Ending::Hurts => "this hurts",
        Ending::Interrupted => "interrupted",
        Ending::Signal => "interrupted by a signal",
        Ending::SafetyStop => "safety stop",
    }
}

/// A time as a CSV cell: local time in `tz`, whole seconds (truncated), no zone suffix.
const CSV_TIME: &str = "%Y-%m-%d %H:%M:%S";

/// A header and one row per session; ids in one cell are joined with ";"; times in `tz`
/// ([`CSV_TIME`]).
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
        ])?;
    }
    Ok(writer.into_inner()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;

    #[test]
    fn a_wide_cell_keeps_the_table_aligned() {
        let row = |routines: &str, pains: &str, minutes: &str| {
            [
                "2024-05-01 10:00".to_string(),
                routines.to_string(),
                pains.to_string(),
                minutes.to_string(),
                "completed".to_string(),
            ]
        };
        let rows = [
            row("neck", "3 → 2", "6"),
            // Damaged or foreign text: six characters, twelve columns.
            row("肩こりほぐし", "10 → 9", "12"),
        ];
        let mut out = Vec::new();
        write_rows(&mut out, &Style::new(false), &rows).expect("written");
        let text = String::from_utf8(out).expect("UTF-8");
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
            Some("2024-05-01 10:00  肩こりほぐし  10 → 9       12  completed"),
            "{text}"
        );
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
        assert_eq!(now[0][3..], then[0][3..]);
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
                "1,2026-11-30 23:05:09,2026-11-30 23:06:10,neck,neck,go-ahead,4,2,false,5,5,completed"
            )
        );
    }

    #[test]
    fn endings_read_as_words() {
        assert_eq!(ending_words(Ending::Stopped), "stopped early");
        assert_eq!(ending_words(Ending::Hurts), "this hurts");
        assert_eq!(ending_words(Ending::SafetyStop), "safety stop");
    }
}
