//! `selfmassage report`: the journal as one self-contained HTML page for a clinician (inline
//! CSS and SVG, no script, nothing fetched), to print on A4 or read on a phone.
//!
//! The page is built with `maud`, which escapes every value it is given; the charts are
//! drawn by `plotters`' SVG backend, which escapes its own text and needs no font files.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use plotters::prelude::*;

use super::area_label;

use crate::cli::ReportArgs;
use crate::journal::trend::{AreaSeries, by_area};
use crate::journal::{Ending, StoredSession, area_notes};
use crate::paths::shown;
use crate::safety::after::symptom_words;
use crate::settings::Settings;
use crate::ui::text::chart::{ChartData, too_few_days};

/// The chart's size in SVG units. It scales to the page's width, up to [`CSS`]'s
/// `max-width`: narrow enough that its labels stay readable on a phone.
const CHART_SIZE: (u32, u32) = (480, 270);
/// The axis labels' size, as plotters takes it (it draws text at 1/1.24 of this: about 18
/// SVG units, 12 px on a 360 px wide phone, where the chart is about 330 px wide).
const LABEL_SIZE: f64 = 22.0;
/// How many dates the x axis names (first, last, and evenly between).
const X_LABELS: u32 = 3;
/// A point's radius, in SVG units.
const POINT_RADIUS: u32 = 4;
/// "Before" points: filled, orange.
const BEFORE_COLOR: RGBColor = RGBColor(0xc0, 0x50, 0x00);
/// "After" points: hollow, blue (told apart in black and white too).
const AFTER_COLOR: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);

/// The page's style: one column up to A4's text width, tables that wrap on a phone.
const CSS: &str = "
:root { color: #111; background: #fff; font: 16px/1.45 system-ui, sans-serif; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .4rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
.notice { border: 2px solid #111; padding: .5rem .75rem; }
.meta, .dates, figcaption { color: #333; font-size: .9rem; }
.advice { border-left: 4px solid #a00; padding-left: .6rem; }
figure { margin: .5rem 0; }
svg { display: block; width: 100%; max-width: 30rem; height: auto; }
.key-before { color: #c05000; } .key-after { color: #1f5fa8; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #aaa; padding: .25rem .4rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
td.date { white-space: nowrap; }
ul { margin: 0; padding-left: 1.1rem; }
@page { size: A4; margin: 15mm; }
@media print {
  :root { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  section.area, figure, tr { break-inside: avoid; }
  svg { max-width: 28rem; }
  h2, h3 { break-after: avoid; }
}
";

/// Writes the report and prints its path.
pub fn run(settings: &Settings, args: &ReportArgs) -> anyhow::Result<()> {
    let selection = super::history::Selection::read(settings, args.area.as_deref(), args.since)?;
    let shown_sessions = selection.shown();
    let (all, area, tz) = (&selection.all, &selection.area, &selection.tz);
    if shown_sessions.is_empty() {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "No sessions {}: there is nothing to report yet, so no file was written.",
            if all.is_empty() {
                "in the journal"
            } else {
                "match"
            }
        )?;
        return Ok(());
    }
    let catalog = settings.catalog();
    let titles: BTreeMap<&str, &str> = catalog
        .routines()
        .iter()
        .map(|r| (r.id.as_str(), r.title.as_str()))
        .collect();
    let removed = selection.shown_removed();
    let page = Page {
        sessions: &shown_sessions,
        removed: &removed,
        all,
        area: area.as_deref(),
        since: args.since,
        made_at: Timestamp::now(),
        tz,
        titles: &titles,
        plan: super::plan::weekly_summary(settings),
    };
    let html = render(&page)?;
    let path = args.output.clone().unwrap_or_else(|| {
        if args.force {
            default_name(page.made_at, tz)
        } else {
            free_default_name(page.made_at, tz)
        }
    });
    write_file(&path, html.as_bytes(), args.force)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Wrote {}: open it in a browser to read or print it, or send it to your doctor or physiotherapist.",
        shown(&path)
    )?;
    Ok(())
}

/// `selfmassage-report-2026-11-30.html`, in the current folder.
fn default_name(now: Timestamp, tz: &TimeZone) -> PathBuf {
    PathBuf::from(format!(
        "selfmassage-report-{}.html",
        now.to_zoned_datetime(tz.clone()).date()
    ))
}

/// Writes `bytes` to a new file at `path`; an existing file is replaced only when `force`.
/// The page goes to a temporary file in the same folder first and is renamed into place
/// once whole, so a full disk or a crash never leaves a fragment and never replaces a good
/// report with a cut-off one.
fn write_file(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let cannot = || format!("cannot write the report to {}", shown(path));
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".selfmassage-report-")
        .suffix(".part")
        .tempfile_in(folder)
        .with_context(cannot)?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(cannot)?;
    let placed = if force {
        file.persist(path)
    } else {
        // One step that fails if the file exists: nothing can slip in between a check and
        // the rename.
        file.persist_noclobber(path)
    };
    placed.map(drop).map_err(|error| {
        if error.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow!(
                "{} already exists and was left as it is; name another file with -o FILE, or add --force to replace it",
                shown(path)
            )
        } else {
            anyhow!(error.error).context(cannot())
        }
    })
}

/// The default file name that is still free: `selfmassage-report-2026-12-03.html`, then
/// `...-2.html`, `...-3.html` for a second and third report the same day.
fn free_default_name(now: Timestamp, tz: &TimeZone) -> PathBuf {
    let first = default_name(now, tz);
    if !first.exists() {
        return first;
    }
    let stem = first
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    (2..1000)
        .map(|n| PathBuf::from(format!("{stem}-{n}.html")))
        .find(|path| !path.exists())
        .unwrap_or(first)
}

/// Everything the page shows.
pub struct Page<'a> {
    /// The sessions in the report (after --area and --since), oldest first.
    pub sessions: &'a [&'a StoredSession],
    /// The sessions `journal delete` took out (after --area and --since), oldest first.
    pub removed: &'a [&'a StoredSession],
    /// The whole journal: the advice reads each area's whole history.
    pub all: &'a [StoredSession],
    /// `--area`, normalized.
    pub area: Option<&'a str>,
    /// `--since`.
    pub since: Option<crate::journal::Since>,
    /// When the page was made.
    pub made_at: Timestamp,
    /// The time zone dates are shown in.
    pub tz: &'a TimeZone,
    /// Routine titles by id, for the routines that are still installed.
    pub titles: &'a BTreeMap<&'a str, &'a str>,
    /// The plan's days and minutes per week, when there is a plan.
    pub plan: Option<String>,
}

impl Page<'_> {
    fn date(&self, at: Timestamp) -> String {
        at.to_zoned_datetime(self.tz.clone()).date().to_string()
    }

    fn date_time(&self, at: Timestamp) -> String {
        at.to_zoned_datetime(self.tz.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    }
}

/// The whole HTML page.
pub fn render(page: &Page<'_>) -> anyhow::Result<String> {
    let series = by_area(page.sessions, page.area);
    let mut areas = Vec::with_capacity(series.len());
    for one in &series {
        areas.push(area_section(page, one)?);
    }
    let (first, last) = match (page.sessions.first(), page.sessions.last()) {
        (Some(first), Some(last)) => (first.record.started_at, last.record.started_at),
        _ => (page.made_at, page.made_at),
    };
    let scope = match (page.area, page.since) {
        (Some(area), Some(since)) => {
            format!(" Only {} sessions, from {since} on.", area_label(area))
        }
        (Some(area), None) => format!(" Only {} sessions.", area_label(area)),
        (None, Some(since)) => format!(" Only sessions from {since} on."),
        (None, None) => String::new(),
    };
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Self-massage journal, " (page.date(first)) " to " (page.date(last)) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "Self-massage journal" }
                    p.notice {
                        strong { "A self-kept journal, not a diagnosis." }
                        " Everything here was noted by the person themselves in selfmassage, a \
                          guide to self-massage for mild muscle pain. Pain is their own rating on \
                          a 0 to 10 scale, before and after each session."
                    }
                    p.meta {
                        (count_text(page.sessions)) " from " (page.date(first)) " to "
                        (page.date(last)) "." (scope) " Made on " (page.date(page.made_at))
                        " by selfmassage " (env!("CARGO_PKG_VERSION")) "."
                    }
                    @if let Some(plan) = &page.plan { p.meta { (plan) } }
                }
                main {
                    h2 { "Pain by area" }
                    @for section in &areas { (section) }
                    (safety_stops(page))
                    (after_checks(page))
                    (notes(page))
                    (corrections(page))
                    (routines_done(page))
                }
            }
        }
    };
    Ok(markup.into_string())
}

/// One area: its count, dates, chart, trend and any advice.
fn area_section(page: &Page<'_>, series: &AreaSeries<'_>) -> anyhow::Result<Markup> {
    let svg = svg_chart(series, page.tz)?;
    let advice = area_notes(&series.area, page.all, page.made_at);
    Ok(html! {
        section.area {
            h3 { (area_label(&series.area)) }
            p { (count_text(&series.sessions)) "." }
            p.dates { "Dates: " (dates_by_month(page, series)) }
            @if let Some(ratings) = too_few_days(series, page.tz) {
                // One day's sessions make no chart (every point in one column).
                p.ratings { "All on one day, too few for a chart. " (ratings) }
            } @else {
                figure {
                    (PreEscaped(svg))
                    figcaption {
                        span.key-before { "●" } " pain before the session   "
                        span.key-after { "○" } " pain after it (0 = none, 10 = the worst imaginable)"
                    }
                }
            }
            p.trend { (series.trend()) }
            @for text in &advice { p.advice { (text) } }
        }
    })
}

/// The days sessions took place on, a line per month: "2026-08: 1, 2, 5".
fn dates_by_month(page: &Page<'_>, series: &AreaSeries<'_>) -> String {
    let mut months: BTreeMap<String, Vec<i8>> = BTreeMap::new();
    for point in &series.points {
        let date = point.at.to_zoned_datetime(page.tz.clone()).date();
        let days = months
            .entry(format!("{:04}-{:02}", date.year(), date.month()))
            .or_default();
        if days.last() != Some(&date.day()) {
            days.push(date.day());
        }
    }
    months
        .iter()
        .map(|(month, days)| {
            let days: Vec<String> = days.iter().map(i8::to_string).collect();
            format!("{month}: {}", days.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The chart of one area as an SVG element: one filled circle per "before" rating and one
/// hollow circle per "after" rating, joined by thin lines; dates below, 0-10 at the side.
pub fn svg_chart(series: &AreaSeries<'_>, tz: &TimeZone) -> anyhow::Result<String> {
    let Some(data) = ChartData::of(series) else {
        return Ok(String::new());
    };
    let failed = |error: &dyn std::fmt::Display| anyhow!("cannot draw the chart: {error}");
    let format = date_format(data.days);
    let date = |days: &f64| {
        let at = data.first + jiff::SignedDuration::from_secs_f64(days * 86_400.0);
        at.to_zoned_datetime(tz.clone())
            .strftime(format)
            .to_string()
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, CHART_SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| failed(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(12)
            .margin_bottom(6)
            .margin_left(12)
            // The last date is centred on the axis's end: room for its second half.
            .margin_right(40)
            .x_label_area_size(32)
            .y_label_area_size(32)
            .build_cartesian_2d(
                EvenAxis {
                    days: data.days,
                    labels: X_LABELS,
                },
                0f64..10f64,
            )
            .map_err(|e| failed(&e))?;
        chart
            .configure_mesh()
            .y_labels(6)
            .x_label_formatter(&date)
            .y_label_formatter(&|pain| format!("{pain:.0}"))
            .light_line_style(WHITE)
            .label_style(("sans-serif", LABEL_SIZE))
            .draw()
            .map_err(|e| failed(&e))?;
        for (points, color, filled) in [
            (&data.before, BEFORE_COLOR, true),
            (&data.after, AFTER_COLOR, false),
        ] {
            chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    color.mix(0.35).stroke_width(1),
                ))
                .map_err(|e| failed(&e))?;
            let style = if filled {
                color.filled()
            } else {
                color.stroke_width(1)
            };
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&point| Circle::new(point, POINT_RADIUS, style)),
                )
                .map_err(|e| failed(&e))?;
        }
        root.present().map_err(|e| failed(&e))?;
    }
    Ok(svg)
}

/// The x axis: days since the first session, `0..days`, with `labels` key points (the
/// labelled ticks) at both ends and evenly between, where plotters would pick round
/// numbers of days that may leave one label or crowd five onto a phone.
struct EvenAxis {
    days: f64,
    labels: u32,
}

impl Ranged for EvenAxis {
    type ValueType = f64;
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;

    fn map(&self, value: &f64, (from, to): (i32, i32)) -> i32 {
        let share = if self.days > 0.0 {
            value / self.days
        } else {
            0.0
        };
        // Pixels in an SVG of a few hundred units: the cast cannot overflow.
        from + (share * f64::from(to - from)).round() as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() || self.labels < 2 {
            return Vec::new();
        }
        (0..self.labels)
            .map(|i| self.days * f64::from(i) / f64::from(self.labels - 1))
            .collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        0.0..self.days
    }
}

/// How the x axis writes a date for a chart `days` long: short enough for three to fit on
/// a phone, and never ambiguous between day-month and month-day orders. The days (and the
/// year) are in the dates above the chart; sessions of a day or two are told apart by
/// their time.
fn date_format(days: f64) -> &'static str {
    if days <= 2.0 {
        "%H:%M"
    } else if days <= 300.0 {
        "%b %-d"
    } else {
        "%b %Y"
    }
}

/// Every session the safety questions stopped, with the reasons the person was given.
fn safety_stops(page: &Page<'_>) -> Markup {
    let stops: Vec<&StoredSession> = page
        .sessions
        .iter()
        .copied()
        .filter(|s| s.record.ending == Ending::SafetyStop)
        .collect();
    html! {
        h2 { "Safety stops" }
        @if stops.is_empty() {
            p { "None: the safety questions never stopped a session." }
        } @else {
            p { "Sessions the safety questions stopped before any massage, and why." }
            (sessions_table(page, "safety-stops", ["Pain before", "Reasons"], &stops, |stop| {
                let reasons = &stop.notes.reasons;
                (
                    html! { (pain_text(stop.record.pain_before)) },
                    html! {
                        @if reasons.is_empty() {
                            "Not noted (recorded by an older selfmassage)."
                        } @else {
                            ul { @for reason in reasons { li { (reason) } } }
                        }
                    },
                )
            }))
        }
    }
}

/// Every after-check that reported more pain than before, or a new symptom.
fn after_checks(page: &Page<'_>) -> Markup {
    let worse: Vec<&StoredSession> = page
        .sessions
        .iter()
        .copied()
        .filter(|s| {
            let r = &s.record;
            r.new_symptoms == Some(true)
                || matches!((r.pain_before, r.pain_after), (Some(b), Some(a)) if a > b)
        })
        .collect();
    html! {
        h2 { "After-checks with more pain or a new symptom" }
        @if worse.is_empty() {
            p { "None: no session was followed by more pain or a new symptom." }
        } @else {
            (sessions_table(
                page,
                "after-checks",
                ["Pain before → after", "New symptoms"],
                &worse,
                |session| {
                    let r = &session.record;
                    (
                        html! { (pain_text(r.pain_before)) " → " (pain_text(r.pain_after)) },
                        html! { (symptoms_text(session)) },
                    )
                },
            ))
        }
    }
}

/// A table with the id `id`, a row per session: its date and time, its areas, then the two
/// cells `cells` makes for it under `headings`.
fn sessions_table(
    page: &Page<'_>,
    id: &str,
    headings: [&str; 2],
    sessions: &[&StoredSession],
    cells: impl Fn(&StoredSession) -> (Markup, Markup),
) -> Markup {
    html! {
        table id=(id) {
            thead { tr { th { "Date" } th { "Area" } @for heading in headings { th { (heading) } } } }
            tbody {
                @for session in sessions {
                    @let (third, fourth) = cells(session);
                    tr {
                        td.date { (page.date_time(session.record.started_at)) }
                        td { (areas_text(session)) }
                        td { (third) }
                        td { (fourth) }
                    }
                }
            }
        }
    }
}

/// The routines done (at least one step), with how often and when.
fn routines_done(page: &Page<'_>) -> Markup {
    let mut done: BTreeMap<&str, (usize, Timestamp, Timestamp)> = BTreeMap::new();
    for session in page.sessions.iter().filter(|s| s.record.steps_done > 0) {
        let at = session.record.started_at;
        for routine in &session.record.routines {
            let entry = done.entry(routine.as_str()).or_insert((0, at, at));
            entry.0 += 1;
            entry.1 = entry.1.min(at);
            entry.2 = entry.2.max(at);
        }
    }
    html! {
        h2 { "Routines done" }
        @if done.is_empty() {
            p { "None: no session got past its first step." }
        } @else {
            table #routines {
                thead { tr { th { "Routine" } th { "Sessions with a step done" } th { "First" } th { "Last" } } }
                tbody {
                    @for (id, (count, first, last)) in &done {
                        tr {
                            td {
                                @if let Some(title) = page.titles.get(id) {
                                    (crate::sanitize::clean(title)) " (" (id) ")"
                                } @else { (id) }
                            }
                            td { (count) }
                            td.date { (page.date(*first)) }
                            td.date { (page.date(*last)) }
                        }
                    }
                }
            }
        }
    }
}

/// How many sessions, said the same way for the whole page and for each area: the total,
/// then, when they differ from it, those with a step done (the sessions the routines table
/// counts), those the safety questions stopped and those that ended before their first step.
fn count_text(sessions: &[&StoredSession]) -> String {
    let total = sessions.len();
    let stopped = sessions
        .iter()
        .filter(|s| s.record.ending == Ending::SafetyStop)
        .count();
    let done = sessions.iter().filter(|s| s.record.steps_done > 0).count();
    let none_done = total - stopped - done;
    let mut text = format!(
        "{total} {}",
        if total == 1 { "session" } else { "sessions" }
    );
    if done < total {
        let mut parts = vec![format!("{done} with a step done")];
        if stopped > 0 {
            parts.push(format!("{stopped} stopped by the safety questions"));
        }
        if none_done > 0 {
            parts.push(format!("{none_done} ended before the first step"));
        }
        text.push_str(&format!(" ({})", parts.join(", ")));
    }
    text
}

fn areas_text(session: &StoredSession) -> String {
    let labels: Vec<String> = session.record.areas.iter().map(|a| area_label(a)).collect();
    if labels.is_empty() {
        "-".to_string()
    } else {
        labels.join(", ")
    }
}

fn pain_text(pain: Option<crate::safety::PainScore>) -> String {
    pain.map_or_else(|| "not rated".to_string(), |p| p.to_string())
}

/// The symptoms in the words the person was asked them.
fn symptoms_text(session: &StoredSession) -> String {
    let symptoms = &session.notes.symptoms;
    if symptoms.is_empty() {
        return if session.record.new_symptoms == Some(true) {
            "Yes (which ones was not noted by older versions)".to_string()
        } else {
            "None".to_string()
        };
    }
    symptoms
        .iter()
        .map(|id| match symptom_words(id) {
            Some(words) => words.trim_end_matches(['?', '.']).to_string(),
            None if id == "unsure" => "Yes, but none of the listed ones".to_string(),
            None => id.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every session with a note, in the person's words (escaped, as every value).
fn notes(page: &Page<'_>) -> Markup {
    let noted: Vec<&StoredSession> = page
        .sessions
        .iter()
        .copied()
        .filter(|s| s.notes.note.is_some())
        .collect();
    html! {
        h2 { "Notes" }
        @if noted.is_empty() {
            p { "None: no session has a note." }
        } @else {
            p { "What the person wrote about a session, in their own words." }
            (sessions_table(page, "notes", ["Pain before → after", "Note"], &noted, |session| {
                (pain_cell(session), html! { (session.notes.note.as_deref().unwrap_or("")) })
            }))
        }
    }
}

/// The sessions the person corrected afterwards (`journal edit`), with each change and its
/// date; and the sessions they removed (`journal delete`), as they were recorded.
fn corrections(page: &Page<'_>) -> Markup {
    let corrected: Vec<&StoredSession> = page
        .sessions
        .iter()
        .copied()
        .filter(|s| !s.notes.corrections.is_empty())
        .collect();
    let changes = |session: &StoredSession| {
        html! {
            ul {
                @for correction in &session.notes.corrections {
                    li {
                        @if correction.field == crate::journal::Field::Deleted {
                            "removed on " (page.date(correction.at))
                        } @else {
                            "corrected on " (page.date(correction.at)) ": "
                            (correction.change_words())
                        }
                    }
                }
            }
        }
    };
    html! {
        h2 { "Corrected and removed sessions" }
        @if corrected.is_empty() && page.removed.is_empty() {
            p { "None: every session is shown as it was first recorded." }
        }
        @if !corrected.is_empty() {
            p {
                "The person corrected these sessions afterwards. The charts and the tables above \
                 show the corrected values; what was first recorded is kept here."
            }
            (sessions_table(page, "corrected", ["Pain before → after, as corrected", "Changes"], &corrected, |session| {
                (pain_cell(session), changes(session))
            }))
        }
        @if !page.removed.is_empty() {
            h3 { "Removed sessions" }
            p {
                "The person took these sessions out of their journal: they are left out of the \
                 charts, the tables above and the journal's advice, and listed here as they \
                 were recorded."
            }
            (sessions_table(page, "removed", ["Pain before → after", "Changes"], page.removed, |session| {
                (pain_cell(session), changes(session))
            }))
        }
    }
}

fn pain_cell(session: &StoredSession) -> Markup {
    let r = &session.record;
    html! { (pain_text(r.pain_before)) " → " (pain_text(r.pain_after)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_name_carries_the_date() {
        let at: Timestamp = "2026-11-30T10:00:00Z".parse().expect("timestamp");
        assert_eq!(
            default_name(at, &TimeZone::UTC),
            PathBuf::from("selfmassage-report-2026-11-30.html")
        );
    }

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("r.html");
        write_file(&path, b"first", false).expect("new file");
        let error = write_file(&path, b"second", false).expect_err("exists");
        assert!(error.to_string().contains("--force"), "{error}");
        assert_eq!(std::fs::read(&path).expect("reads"), b"first");
        write_file(&path, b"third", true).expect("forced");
        assert_eq!(std::fs::read(&path).expect("reads"), b"third");
        // Nothing but the report is left in the folder: no temporary file.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("lists")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["r.html"]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_report_and_no_fragment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("r.html");
        write_file(&path, b"good", false).expect("new file");
        // A folder that does not exist stands for any failure before the rename.
        let missing = dir.path().join("gone").join("r.html");
        assert!(write_file(&missing, b"new", true).is_err());
        assert_eq!(std::fs::read(&path).expect("reads"), b"good");
        assert_eq!(std::fs::read_dir(dir.path()).expect("lists").count(), 1);
    }

    /// An area's sessions, one every `every_hours` hours from 2026-08-01, pain 6 → 4.
    fn sessions(count: i64, every_hours: i64) -> Vec<StoredSession> {
        let start: Timestamp = "2026-08-01T08:00:00Z".parse().expect("timestamp");
        (0..count)
            .map(|i| {
                let at = start + jiff::SignedDuration::from_hours(every_hours * i);
                StoredSession {
                    id: i + 1,
                    notes: Default::default(),
                    record: crate::journal::SessionRecord {
                        started_at: at,
                        ended_at: at + jiff::SignedDuration::from_mins(6),
                        routines: vec!["neck".into()],
                        areas: vec!["neck".into()],
                        verdict: crate::safety::VerdictKind::GoAhead,
                        pain_before: crate::safety::PainScore::new(6),
                        pain_after: crate::safety::PainScore::new(4),
                        new_symptoms: Some(false),
                        steps_done: 3,
                        steps_total: 3,
                        ending: Ending::Completed,
                    },
                }
            })
            .collect()
    }

    /// The number in `attribute="..."` wherever it occurs in `svg`.
    fn numbers(svg: &str, attribute: &str) -> Vec<f64> {
        svg.split(&format!("{attribute}=\""))
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect()
    }

    /// On a 360 px phone the chart is about 330 px wide (the page's padding aside): its
    /// labels must come out at 12 px or more there, and the dates must not run into each
    /// other, for a few days, three months or two years of sessions.
    #[test]
    fn the_charts_labels_are_readable_on_a_phone() {
        const PHONE_CHART_PX: f64 = 328.0;
        for (count, every_hours) in [(3, 12), (200, 11), (300, 60)] {
            let sessions = sessions(count, every_hours);
            let shown: Vec<&StoredSession> = sessions.iter().collect();
            let series = by_area(&shown, None);
            let svg = svg_chart(&series[0], &TimeZone::UTC).expect("draws");
            let width = f64::from(CHART_SIZE.0);
            assert!(svg.contains(&format!("viewBox=\"0 0 {width} ")), "{svg}");
            let scale = PHONE_CHART_PX / width;
            let sizes = numbers(&svg, "font-size");
            assert!(!sizes.is_empty(), "{svg}");
            for size in &sizes {
                assert!(size * scale >= 12.0, "{size} units is {} px", size * scale);
            }
            // The x axis's labels: centred text below the plot, each about 0.55 em a
            // character wide.
            let mut dates: Vec<(f64, f64)> = svg
                .split("<text ")
                .skip(1)
                .filter(|t| t.contains("text-anchor=\"middle\""))
                .map(|t| {
                    let x = numbers(t, "x")[0];
                    let size = numbers(t, "font-size")[0];
                    let text = t
                        .split('>')
                        .nth(1)
                        .unwrap_or("")
                        .split('<')
                        .next()
                        .unwrap_or("");
                    let half = text.trim().chars().count() as f64 * 0.55 * size / 2.0;
                    (x - half, x + half)
                })
                .collect();
            dates.sort_by(|a, b| a.0.total_cmp(&b.0));
            assert_eq!(dates.len(), X_LABELS as usize, "{svg}");
            assert!(
                dates[0].0 >= 0.0 && dates[dates.len() - 1].1 <= width,
                "{dates:?}"
            );
            for pair in dates.windows(2) {
                assert!(pair[0].1 + 8.0 <= pair[1].0, "dates overlap: {dates:?}");
            }
        }
    }

    #[test]
    fn axis_dates_say_the_month_in_words() {
        assert_eq!(date_format(1.0), "%H:%M");
        assert_eq!(date_format(90.0), "%b %-d");
        assert_eq!(date_format(700.0), "%b %Y");
    }
}
