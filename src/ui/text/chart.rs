//! The pain chart in a terminal: a ratatui [`Chart`] drawn into a [`Buffer`] and printed as
//! plain lines, so `history` never takes over the screen. Pain before each session and
//! after it, over time, on a 0-10 scale.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::backend::IntoCrossterm as _;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Widget as _};

use crate::journal::trend::AreaSeries;
use crate::ui::terminal::glyphs::Glyphs;

/// Rows the chart takes, axes and labels included.
pub const CHART_HEIGHT: u16 = 12;

/// The marker and colour of the "before" points: • in yellow.
const BEFORE: (Marker, Color) = (Marker::Dot, Color::Yellow);
/// The marker and colour of the "after" points: braille dots in cyan.
const AFTER: (Marker, Color) = (Marker::Braille, Color::Cyan);

/// The line under every chart that says which mark is which.
pub fn legend(glyphs: Glyphs) -> &'static str {
    if glyphs.ascii() {
        "o pain before   * pain after"
    } else {
        "• pain before   ⠒ pain after"
    }
}

/// A cell's symbol as `glyphs` can draw it: on a terminal without braille (the Linux
/// console, a locale that is not UTF-8) the "before" dot is `o` and any braille cell `*`.
fn drawable(symbol: &str, glyphs: Glyphs) -> &str {
    if !glyphs.ascii() {
        return symbol;
    }
    match symbol.chars().next() {
        Some('•') => "o",
        Some('\u{2800}') => " ",
        Some('\u{2801}'..='\u{28FF}') => "*",
        _ => symbol,
    }
}

/// What the chart plots: x is days since the first session, y the pain (0-10).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// One point per session with a rating before.
    pub before: Vec<(f64, f64)>,
    /// One point per session with a rating after.
    pub after: Vec<(f64, f64)>,
    /// The first session's start (x = 0).
    pub first: Timestamp,
    /// The days from the first session to the last (at least 1, so the axis has a width).
    pub days: f64,
}

impl ChartData {
    /// The points of `series`, or `None` when it has no session.
    pub fn of(series: &AreaSeries<'_>) -> Option<ChartData> {
        let (first, last) = series.span()?;
        let x = |at: Timestamp| at.duration_since(first).as_secs_f64() / 86_400.0;
        let points = |ratings: &mut dyn Iterator<Item = (Timestamp, u8)>| -> Vec<(f64, f64)> {
            ratings.map(|(at, pain)| (x(at), f64::from(pain))).collect()
        };
        Some(ChartData {
            before: points(&mut series.before()),
            after: points(&mut series.after()),
            first,
            days: x(last).max(1.0),
        })
    }
}

/// A chart needs sessions on this many days (in the reader's time zone): on one day every
/// point falls in one column, on an axis that runs on to the next day.
pub const CHART_MIN_DAYS: usize = 2;

/// In place of a chart, for a series whose sessions fall on fewer than [`CHART_MIN_DAYS`]
/// days in `tz`: the day and each session's ratings, "2026-12-03: at 07:51, pain 3 → 2;
/// at 19:51, pain 4 → 2." `None` when the series has the days for a chart.
pub fn too_few_days(series: &AreaSeries<'_>, tz: &TimeZone) -> Option<String> {
    let local = |at: Timestamp| at.to_zoned_datetime(tz.clone());
    let mut days: Vec<jiff::civil::Date> =
        series.points.iter().map(|p| local(p.at).date()).collect();
    days.dedup();
    if days.len() >= CHART_MIN_DAYS {
        return None;
    }
    let pain = |score: Option<crate::safety::PainScore>| {
        score.map_or_else(|| "-".to_string(), |p| p.to_string())
    };
    let sessions: Vec<String> = series
        .points
        .iter()
        .map(|p| {
            format!(
                "at {}, pain {} → {}",
                local(p.at).strftime("%H:%M"),
                pain(p.before),
                pain(p.after)
            )
        })
        .collect();
    let day = days.first().map(ToString::to_string).unwrap_or_default();
    Some(format!("{day}: {}.", sessions.join("; ")))
}

/// The chart of `series`, `width` columns wide, as lines of text (trailing spaces cut); with
/// The columns the y axis takes at the chart's left: "10" and its line.
const Y_AXIS_WIDTH: usize = 4;

/// ANSI colours when `color`. No lines for an area without sessions.
pub fn chart_lines(
    series: &AreaSeries<'_>,
    width: u16,
    color: bool,
    glyphs: Glyphs,
    tz: &TimeZone,
) -> Vec<String> {
    let Some(data) = ChartData::of(series) else {
        return Vec::new();
    };
    let date = |days: f64| {
        let at = data.first + jiff::SignedDuration::from_secs_f64(days * 86_400.0);
        at.to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d")
            .to_string()
    };
    // Three dates (first, middle, last) where they fit with room between them, else the
    // first and the last: labels that run into each other read as nonsense.
    let label_width = super::width::display_width(&date(0.0)) + 2;
    let days: &[f64] = if usize::from(width) >= 3 * label_width + Y_AXIS_WIDTH + label_width {
        &[0.0, data.days / 2.0, data.days]
    } else {
        &[0.0, data.days]
    };
    let x_labels: Vec<Span<'_>> = days.iter().map(|&d| Span::raw(date(d))).collect();
    let paint = |colour: Color| {
        if color {
            Style::default().fg(colour)
        } else {
            Style::default()
        }
    };
    let datasets = vec![
        Dataset::default()
            .name("before")
            .marker(BEFORE.0)
            .graph_type(GraphType::Scatter)
            .style(paint(BEFORE.1))
            .data(&data.before),
        Dataset::default()
            .name("after")
            .marker(AFTER.0)
            .graph_type(GraphType::Scatter)
            .style(paint(AFTER.1))
            .data(&data.after),
    ];
    let chart = Chart::new(datasets)
        .legend_position(None)
        .x_axis(Axis::default().bounds([0.0, data.days]).labels(x_labels))
        .y_axis(
            Axis::default()
                .title("pain")
                .bounds([0.0, 10.0])
                .labels(["0", "5", "10"]),
        );
    let area = Rect::new(0, 0, width.max(30), CHART_HEIGHT);
    let mut buffer = Buffer::empty(area);
    chart.render(area, &mut buffer);
    buffer_lines(&buffer, color, glyphs)
}

/// Each row of `buffer` as a line; colour changes as ANSI escapes when `color`.
fn buffer_lines(buffer: &Buffer, color: bool, glyphs: Glyphs) -> Vec<String> {
    use std::fmt::Write as _;
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut line = String::new();
            let mut current = Color::Reset;
            for x in area.left()..area.right() {
                let Some(cell) = buffer.cell((x, y)) else {
                    continue;
                };
                if color && cell.fg != current {
                    current = cell.fg;
                    let fg: crossterm::style::Color = current.into_crossterm();
                    // Writing to a String cannot fail.
                    let _ = write!(line, "{}", crossterm::style::SetForegroundColor(fg));
                }
                line.push_str(drawable(cell.symbol(), glyphs));
            }
            if color && current != Color::Reset {
                line.push_str(&crossterm::style::ResetColor.to_string());
            }
            line.trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::trend::by_area;
    use crate::journal::{Ending, SessionRecord, StoredSession};
    use crate::safety::{PainScore, VerdictKind};

    fn sessions(count: i64) -> Vec<StoredSession> {
        (0..count)
            .map(|i| {
                let at = Timestamp::from_second(1_700_000_000 + i * 43_200).expect("in range");
                StoredSession {
                    id: i,
                    notes: Default::default(),
                    record: SessionRecord {
                        started_at: at,
                        ended_at: at,
                        routines: vec!["neck".into()],
                        areas: vec!["neck".into()],
                        verdict: VerdictKind::GoAhead,
                        pain_before: PainScore::new((i % 5 + 4) as u8),
                        pain_after: PainScore::new((i % 4 + 1) as u8),
                        new_symptoms: Some(false),
                        steps_done: 3,
                        steps_total: 3,
                        ending: Ending::Completed,
                    },
                }
            })
            .collect()
    }

    #[test]
    fn one_point_per_session_in_each_series() {
        let sessions = sessions(200);
        let refs: Vec<&StoredSession> = sessions.iter().collect();
        let series = by_area(&refs, None);
        let data = ChartData::of(&series[0]).expect("sessions");
        assert_eq!(data.before.len(), 200);
        assert_eq!(data.after.len(), 200);
        assert_eq!(data.before[0], (0.0, 4.0));
        assert!((data.days - 99.5).abs() < 1e-9, "{}", data.days);
    }

    #[test]
    fn the_chart_prints_as_lines_with_dates_and_the_scale() {
        let sessions = sessions(200);
        let refs: Vec<&StoredSession> = sessions.iter().collect();
        let series = by_area(&refs, None);
        let lines = chart_lines(&series[0], 80, false, Glyphs::Unicode, &TimeZone::UTC);
        assert_eq!(lines.len(), usize::from(CHART_HEIGHT));
        let text = lines.join("\n");
        assert!(text.contains("2023-11-14"), "{text}");
        assert!(text.contains("2024-02-22"), "{text}");
        assert!(lines.iter().any(|l| l.starts_with("10")), "{text}");
        assert!(
            text.contains('•') && text.contains(|c| ('⠁'..='⣿').contains(&c)),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "no colour unless asked");
        let coloured =
            chart_lines(&series[0], 80, true, Glyphs::Unicode, &TimeZone::UTC).join("\n");
        assert!(coloured.contains('\u{1b}'));
    }

    #[test]
    fn dates_never_run_into_each_other_in_a_narrow_chart() {
        let sessions = sessions(200);
        let refs: Vec<&StoredSession> = sessions.iter().collect();
        let series = by_area(&refs, None);
        for width in [30, 40, 50, 60] {
            let text =
                chart_lines(&series[0], width, false, Glyphs::Unicode, &TimeZone::UTC).join("\n");
            assert!(text.contains("2023-11-14"), "{width}: {text}");
            assert!(text.contains("2024-02-22"), "{width}: {text}");
        }
    }
}
