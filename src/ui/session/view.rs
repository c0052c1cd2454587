//! The full-screen session view, drawn from a snapshot of the engine: a pure function of
//! state, so the same frame can be checked in tests with ratatui's test backend.
//!
//! What a person must see is placed first, at every size the view draws: the position
//! (step, side, round), the step's title, its whole instruction and caution, the time left,
//! and the keys to stop (`q`) and for "this hurts" (`h`). What is left of the window then
//! goes, in this order, to a banner for a change not to miss, a note, the next step, the
//! rest of the key help, the progress bars, a little air, and last the large digits, which
//! grow with the room left. When not even the first part fits whole (a long step at the
//! smallest size), the "Where:" line and every extra give way, the stop keys share the
//! time left's row, the step's title moves into the header, and last the instruction and
//! then the warnings are cut, ending in "…": every step is drawn from [`MIN_WIDTH`] x
//! [`MIN_HEIGHT`] up. Only a smaller window asks to be enlarged (and keeps timing).
//!
//! The body figure, with the routine's spots and the current one, stands at the right,
//! beside the title, the instruction and its caution, when the column left of it still
//! gets all of the above that the full width gets; the countdown gives it only its growth
//! beyond 10 rows (its height at 80x24). It needs 87 columns (the smallest figure, a gap
//! and 54 columns of text) and 16 rows, so at 100x30 it stands beside an ordinary step;
//! it is the first thing to give way (as at 60x20 or 80x24).

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::figure::{self, Figure};
use super::keys::{HELP_KEY_COLUMN, HINT_SEPARATOR, KEY_HINTS, help_lines, help_that_fits};
use crate::session::{SegmentKind, Snapshot, format_clock};
use crate::ui::terminal::glyphs::Glyphs;
use crate::ui::text::width::{MAX_COLUMNS, Padded, cut_at_word, display_width, first_lines, wrap};

/// Below this the view asks for a larger window (and keeps timing); from this up every
/// step is drawn.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// In place of the countdown, under a step with no timer.
pub const UNTIMED_LINE: &str = "Press Enter when you are done";

/// The large digits take at most this share of the rows, in percent: the rest stays air.
const DIGITS_MAX_PERCENT: usize = 60;

/// Everything one frame shows.
pub struct ViewState<'a> {
    pub snapshot: Snapshot<'a>,
    /// The `?` overlay is shown in place of the instruction.
    pub help: bool,
    /// A short line about what just happened (where `b` went, a pause after a gap), shown
    /// above the key hints.
    pub note: Option<&'a str>,
    /// A change the user must not miss ("Switch to the right side", "Round 2 of 3"), shown
    /// large for a few seconds.
    pub banner: Option<&'a str>,
    pub color: bool,
    /// What the terminal can draw: the figure, the digits and the bars in ASCII where it
    /// cannot show braille and blocks.
    pub glyphs: Glyphs,
}

/// How large the countdown's digits are drawn: each dot of a 3x5 glyph becomes `x` columns
/// and `y` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Scale {
    pub x: usize,
    pub y: usize,
}

/// Where each part of a frame's text goes: rows of text, top to bottom, with the large
/// digits (if any) and the banner's height. Built by [`plan`], drawn by [`render`].
#[derive(Debug, Clone, PartialEq)]
struct Plan {
    /// The column the text is drawn in.
    inner: Rect,
    /// Which of the parts that may give way got their room.
    extras: Extras,
    /// The rows above the countdown: header, title, instruction, caution, banner.
    top: Vec<Row>,
    digits: Option<Scale>,
    /// The rows under the digits: time left, bars, next, note, keys.
    bottom: Vec<Row>,
}

/// The parts of a frame that may give way, and whether each got its room: the figure may
/// stand beside the text only when all of these keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Extras {
    /// What must be seen is whole, each part on its own rows.
    whole: bool,
    /// Where to press is shown: by the "Where:" line, by the figure, or not needed.
    place: bool,
    banner_rows: u16,
    note: bool,
    next: bool,
    all_keys: bool,
    bars: bool,
}

/// One row of the frame, or a band of rows (the banner).
#[derive(Debug, Clone, PartialEq)]
enum Row {
    /// The routine's title (or, in its place, the step's) and the position.
    Header(Option<String>),
    Blank,
    Title(String),
    Text(String),
    Where(String),
    Caution(String),
    /// A line of the help: its key (none on an entry's later lines) and what it does.
    Help(&'static str, String),
    Banner {
        text: String,
        rows: u16,
    },
    TimeLeft,
    /// The time left, short, and the stop keys on one row.
    TimeAndKeys(String),
    StepBar,
    TotalBar,
    Next,
    Note,
    Keys(String),
}

impl Row {
    fn height(&self) -> u16 {
        match self {
            Row::Banner { rows, .. } => *rows,
            _ => 1,
        }
    }
}

/// Lays the text of a frame out in `inner` (the window less its margins), or `None` when
/// not even the header, a line of the step and the stop keys fit. `figure`: the body
/// figure stands beside the text and shows where to press, so the "Where:" line is left
/// out.
fn plan(inner: Rect, state: &ViewState<'_>, figure: bool) -> Option<Plan> {
    let width = usize::from(inner.width);
    let seen = must_see(state, width, !figure);
    let essential_keys = hint_lines(width, true);
    let all_keys = hint_lines(width, false);
    let must = 1
        + seen.title.len()
        + seen.body.len()
        + seen.warnings.iter().map(Vec::len).sum::<usize>()
        + 1
        + essential_keys.len();
    let Some(mut left) = usize::from(inner.height).checked_sub(must) else {
        return squeezed(inner, state, seen, essential_keys);
    };
    let mut take = |rows: usize| -> bool {
        if rows <= left {
            left -= rows;
            true
        } else {
            false
        }
    };

    // What may give way, most important first.
    let place = take(seen.place.len());
    let banner = match state.banner {
        Some(text) if take(3) => Some(Row::Banner {
            text: text.to_string(),
            rows: 3,
        }),
        Some(text) if take(1) => Some(Row::Banner {
            text: text.to_string(),
            rows: 1,
        }),
        _ => None,
    };
    let note = state.note.is_some() && take(1);
    let next = take(1);
    let all_keys_fit = take(all_keys.len().saturating_sub(essential_keys.len()));
    let keys = if all_keys_fit {
        all_keys
    } else {
        essential_keys
    };
    let bars = take(2);
    let air_under_header = take(1);
    let air_before_caution = !seen.warnings.is_empty() && take(1);
    let air_before_bottom = take(1);
    // An untimed step has no countdown to show.
    let digits = if state.snapshot.untimed {
        None
    } else {
        digit_scale(left, usize::from(inner.height), width)
    };
    let extras = Extras {
        whole: true,
        place,
        banner_rows: banner.as_ref().map_or(0, Row::height),
        note,
        next,
        all_keys: all_keys_fit,
        bars,
    };

    let mut top = vec![Row::Header(None)];
    if air_under_header {
        top.push(Row::Blank);
    }
    top.extend(seen.title.into_iter().map(Row::Title));
    top.extend(seen.body);
    if place {
        top.extend(seen.place.into_iter().map(Row::Where));
    }
    if air_before_caution {
        top.push(Row::Blank);
    }
    top.extend(seen.warnings.into_iter().flatten().map(Row::Caution));
    top.extend(banner);
    let mut bottom = Vec::new();
    if air_before_bottom {
        bottom.push(Row::Blank);
    }
    bottom.push(Row::TimeLeft);
    if bars {
        bottom.extend([Row::StepBar, Row::TotalBar]);
    }
    if next {
        bottom.push(Row::Next);
    }
    if note {
        bottom.push(Row::Note);
    }
    bottom.extend(keys.into_iter().map(Row::Keys));
    Some(Plan {
        inner,
        extras,
        top,
        digits,
        bottom,
    })
}

/// The rows of the instruction (or the help) the view keeps before the warnings when the
/// step cannot be shown whole.
const FIRST_TEXT_ROWS: usize = 2;

/// The plan when what must be seen does not fit whole: every extra has given way (the
/// digits, the air, the "Where:" line, the banner, the note, the next step, the bars and
/// the rest of the key help), and then, in this order, the stop keys share the time
/// left's row, the step's title takes the routine's place in the header, and the step's
/// text is cut to the rows left, each cut ending in "…": the instruction's first rows
/// are kept, then the stop rule, the routine's caution, and the rest of the instruction.
/// The help keeps whole entries: the key that closes it, then the others while they fit.
fn squeezed(
    inner: Rect,
    state: &ViewState<'_>,
    seen: MustSee,
    essential_keys: Vec<String>,
) -> Option<Plan> {
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let keys = essential_keys.join(HINT_SEPARATOR);
    let shared = format!("{}{HINT_SEPARATOR}{keys}", short_time(&state.snapshot));
    let bottom: Vec<Row> = if display_width(&shared) <= width {
        vec![Row::TimeAndKeys(keys)]
    } else {
        std::iter::once(Row::TimeLeft)
            .chain(essential_keys.into_iter().map(Row::Keys))
            .collect()
    };
    let text_rows = seen.body.len() + seen.warnings.iter().map(Vec::len).sum::<usize>();
    let title_apart = 1 + seen.title.len() + text_rows + bottom.len() <= height;
    let (header, title) = if title_apart {
        (None, seen.title)
    } else {
        (Some(state.snapshot.segment.title.clone()), Vec::new())
    };
    let mut left = height
        .checked_sub(1 + title.len() + bottom.len())
        .filter(|&rows| rows > 0)?;
    let mut give = |want: usize| {
        let rows = want.min(left);
        left -= rows;
        rows
    };
    let first = give(seen.body.len().min(FIRST_TEXT_ROWS));
    let mut warnings = seen.warnings;
    // The stop rule before the routine's caution.
    let mut kept: Vec<usize> = warnings.iter().rev().map(|w| give(w.len())).collect();
    kept.reverse();
    let body_rows = first + give(seen.body.len() - first);
    let body = if state.help {
        help_that_fits(&help_lines(width), body_rows)
            .into_iter()
            .map(|(key, what)| Row::Help(key, what))
            .collect()
    } else {
        cut_rows(&seen.body, body_rows, width)
    };
    let mut top = vec![Row::Header(header)];
    top.extend(title.into_iter().map(Row::Title));
    top.extend(body);
    for (lines, rows) in warnings.iter_mut().zip(kept) {
        top.extend(
            first_lines(lines, rows, width)
                .into_iter()
                .map(Row::Caution),
        );
    }
    Some(Plan {
        inner,
        extras: Extras {
            whole: false,
            place: false,
            banner_rows: 0,
            note: false,
            next: false,
            all_keys: false,
            bars: false,
        },
        top,
        digits: None,
        bottom,
    })
}

/// The first `rows` of the instruction's rows, the last ending in "…" when any were left
/// out.
fn cut_rows(body: &[Row], rows: usize, width: usize) -> Vec<Row> {
    let lines: Vec<String> = body
        .iter()
        .filter_map(|row| match row {
            Row::Text(line) => Some(line.clone()),
            _ => None,
        })
        .collect();
    first_lines(&lines, rows, width)
        .into_iter()
        .map(Row::Text)
        .collect()
}

/// What must be seen, as rows of text `width` columns wide.
struct MustSee {
    title: Vec<String>,
    /// The instruction, or the help.
    body: Vec<Row>,
    /// Where to press, when the figure does not show it.
    place: Vec<String>,
    /// The routine's caution (if any), then the stop rule; none under the help.
    warnings: Vec<Vec<String>>,
}

/// What must be seen, `width` columns wide: the step's title, its text and (`place`)
/// where to press, or the help; and its warnings.
fn must_see(state: &ViewState<'_>, width: usize, place: bool) -> MustSee {
    let segment = state.snapshot.segment;
    let title: Vec<String> = wrap(&segment.title, width, "", "");
    if state.help {
        return MustSee {
            title,
            body: help_lines(width)
                .into_iter()
                .flatten()
                .map(|(key, what)| Row::Help(key, what))
                .collect(),
            place: Vec::new(),
            warnings: Vec::new(),
        };
    }
    // The same words as plain lines and speech: the figure is not always drawn.
    let place = place
        .then(|| segment.where_line())
        .flatten()
        .map(|line| wrap(&line, width, "", ""))
        .unwrap_or_default();
    MustSee {
        title,
        body: wrap(&segment.text, width, "", "")
            .into_iter()
            .map(Row::Text)
            .collect(),
        place,
        warnings: crate::safety::stop::step_warnings(segment.caution.as_deref())
            .iter()
            .map(|line| wrap(line, width, "", ""))
            .collect(),
    }
}

/// The largest digits that fit in `rows` spare rows (and at most [`DIGITS_MAX_PERCENT`] of
/// `height`) and in `width` for any countdown up to 99:59; twice as wide as tall when there
/// is room, as terminal cells are about twice as tall as wide.
fn digit_scale(rows: usize, height: usize, width: usize) -> Option<Scale> {
    /// "99:59" in dots: four digits of 3, a colon of 1 and four gaps of 1.
    const WIDEST_DOTS: usize = 17;
    let y = (rows.min(height * DIGITS_MAX_PERCENT / 100) / 5).min(width / WIDEST_DOTS);
    if y == 0 {
        return None;
    }
    let x = (width / WIDEST_DOTS).min(2 * y);
    Some(Scale { x, y })
}

/// The key reminder in lines of `width`: every hint, or (`essential`) only those that
/// must stay, hints never split over two lines.
fn hint_lines(width: usize, essential: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for (hint, must) in KEY_HINTS {
        if essential && !must {
            continue;
        }
        match lines.last_mut() {
            Some(line)
                if display_width(line) + display_width(HINT_SEPARATOR) + display_width(hint)
                    <= width =>
            {
                line.push_str(HINT_SEPARATOR);
                line.push_str(hint);
            }
            _ => lines.push(hint.to_string()),
        }
    }
    lines
}

/// A frame laid out: the text's plan and, when there is room, the body figure's place.
struct Layout {
    /// The window less its margins: the header's row spans all of it.
    inner: Rect,
    plan: Plan,
    figure: Option<Rect>,
}

/// Lays a frame out for `area`, or `None` when not even what must be seen fits.
///
/// The body figure stands at the right, from the row under the header, beside the title,
/// the instruction and its caution, when the text in the narrower column beside it still
/// gets everything it gets at full width: what must be seen, and every extra (banner,
/// note, next step, key help, bars). The countdown may give the figure only its growth
/// above [`STANDARD_DIGITS`]; the figure is the first thing to give way.
fn layout(area: Rect, state: &ViewState<'_>) -> Option<Layout> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let margin_x = if area.width >= 60 { 2 } else { 1 };
    let margin_y = if area.height >= 16 { 1 } else { 0 };
    let inner = centred(area.inner(ratatui::layout::Margin::new(margin_x, margin_y)));
    let full = plan(inner, state, false)?;
    let beside = if state.snapshot.segment.routine_places.is_empty() || !full.extras.whole {
        // A routine that presses nowhere has no spot to show; a step not shown whole
        // keeps every column.
        None
    } else {
        figure_beside(inner, state, &full)
    };
    Some(match beside {
        Some((plan, figure)) => Layout {
            inner,
            plan,
            figure: Some(figure),
        },
        None => Layout {
            inner,
            plan: full,
            figure: None,
        },
    })
}

/// `inner` narrowed to the widest a block of text is laid out to ([`MAX_COLUMNS`]), in the
/// middle of the window: in a wide window the step stays where the eyes are, in lines that
/// can be read.
fn centred(inner: Rect) -> Rect {
    let width = u16::try_from(MAX_COLUMNS).unwrap_or(u16::MAX);
    match inner.width.checked_sub(width) {
        Some(spare) if spare > 0 => Rect {
            x: inner.x + spare / 2,
            width,
            ..inner
        },
        _ => inner,
    }
}

/// The digits' scale the figure never takes from the countdown: 10 rows, their height at
/// 80x24.
const STANDARD_DIGITS: usize = 2;
/// The columns the instruction keeps beside the figure.
const TEXT_MIN_WIDTH: u16 = 54;
/// Blank columns between the text and the figure.
const FIGURE_GAP: u16 = 2;

/// The text's plan in the column left of the figure, and the figure's place, for the
/// figure size that keeps the largest digits (then the largest figure); `None` when no
/// size keeps what [`layout`] promises the text.
fn figure_beside(inner: Rect, state: &ViewState<'_>, full: &Plan) -> Option<(Plan, Rect)> {
    let rows_of = |digits: Option<Scale>| digits.map_or(0, |scale| scale.y);
    let floor = rows_of(full.digits).min(STANDARD_DIGITS);
    let mut best: Option<(usize, Plan, Rect)> = None;
    for rows in (figure::MIN_ROWS..=figure::MAX_ROWS).rev() {
        let Some((width, height)) = figure::size(u16::MAX, rows + 1) else {
            continue;
        };
        let Some(text_width) = inner
            .width
            .checked_sub(width + FIGURE_GAP)
            .filter(|&w| w >= TEXT_MIN_WIDTH)
        else {
            continue;
        };
        if height > inner.height.saturating_sub(1) {
            continue;
        }
        let Some(beside) = plan(
            Rect {
                width: text_width,
                ..inner
            },
            state,
            true,
        ) else {
            continue;
        };
        let digits = rows_of(beside.digits);
        if beside.extras != full.extras || digits < floor {
            continue;
        }
        if best.as_ref().is_none_or(|(most, ..)| digits > *most) {
            let column = Rect::new(
                inner.right() - width,
                inner.y.saturating_add(1),
                width,
                height,
            );
            best = Some((digits, beside, column));
        }
    }
    best.map(|(_, plan, column)| (plan, column))
}

/// Draws one frame of the session for `state`.
pub fn render(frame: &mut Frame<'_>, state: &ViewState<'_>) {
    let area = frame.area();
    let Some(layout) = layout(area, state) else {
        render_too_small(frame, area, state);
        return;
    };
    if let Some(column) = layout.figure {
        let segment = state.snapshot.segment;
        let figure = Figure::session(&segment.routine_places, segment.place, state.color)
            .with_glyphs(state.glyphs);
        frame.render_widget(&figure, column.intersection(area));
    }
    let plan = layout.plan;
    let paint = Painter { color: state.color };
    let inner = plan.inner;
    let mut y = inner.y;
    for row in &plan.top {
        // The header spans the window, above the figure.
        let width = match row {
            Row::Header(_) => layout.inner.width,
            _ => inner.width,
        };
        let rect = Rect::new(inner.x, y, width, row.height());
        draw_row(frame, rect, row, state, &paint);
        y += row.height();
    }
    let bottom_height: u16 = plan.bottom.iter().map(Row::height).sum();
    let bottom_y = inner.bottom().saturating_sub(bottom_height);
    if let Some(scale) = plan.digits {
        let clock = format_clock(state.snapshot.remaining_secs);
        let lines: Vec<Line<'_>> = big_text(&clock, scale, state.glyphs)
            .into_iter()
            .map(Line::from)
            .collect();
        let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        // Midway between the text above and the rows below.
        let digits_y = y + bottom_y.saturating_sub(y).saturating_sub(height) / 2;
        frame.render_widget(
            Paragraph::new(lines)
                .alignment(Alignment::Center)
                .style(paint.countdown(state.snapshot.paused)),
            Rect::new(inner.x, digits_y, inner.width, height),
        );
    }
    let mut y = bottom_y;
    for row in &plan.bottom {
        let rect = Rect::new(inner.x, y, inner.width, row.height());
        draw_row(frame, rect, row, state, &paint);
        y += row.height();
    }
}

fn draw_row(frame: &mut Frame<'_>, rect: Rect, row: &Row, state: &ViewState<'_>, paint: &Painter) {
    let snapshot = &state.snapshot;
    let segment = snapshot.segment;
    let paragraph = match row {
        Row::Blank => return,
        Row::Header(step_title) => {
            let position = segment.position();
            let position_width = u16::try_from(display_width(&position)).unwrap_or(u16::MAX);
            let left = Rect {
                width: rect.width.saturating_sub(position_width.saturating_add(1)),
                ..rect
            };
            let room = usize::from(left.width);
            let title = match step_title {
                Some(title) => Paragraph::new(cut_at_word(title, room)).style(paint.bold()),
                None => Paragraph::new(cut_at_word(&segment.routine_title, room)),
            };
            frame.render_widget(title, left);
            Paragraph::new(position)
                .alignment(Alignment::Right)
                .style(paint.bold())
        }
        Row::Title(text) => Paragraph::new(text.as_str()).style(paint.bold()),
        Row::Text(text) | Row::Where(text) => Paragraph::new(text.as_str()),
        Row::Caution(text) => Paragraph::new(text.as_str()).style(paint.warn()),
        Row::Help(key, what) => Paragraph::new(Line::from(vec![
            Span::styled(Padded::left(key, HELP_KEY_COLUMN).to_string(), paint.bold()),
            Span::raw(what.as_str()),
        ])),
        Row::Banner { text, rows } => {
            let mut lines = vec![Line::from(text.as_str())];
            if *rows == 3 {
                lines.insert(0, Line::default());
                lines.push(Line::default());
            }
            Paragraph::new(lines)
                .alignment(Alignment::Center)
                .style(paint.banner())
        }
        Row::TimeLeft if snapshot.untimed => {
            let line = if snapshot.paused {
                Line::styled(
                    format!("Paused · space resumes · {UNTIMED_LINE}"),
                    paint.warn(),
                )
            } else {
                Line::styled(UNTIMED_LINE, paint.bold())
            };
            Paragraph::new(line).alignment(Alignment::Center)
        }
        Row::TimeAndKeys(keys) => {
            let time = short_time(snapshot);
            let style = if snapshot.paused {
                paint.warn()
            } else {
                Style::default()
            };
            Paragraph::new(Line::from(vec![
                Span::styled(time, style),
                Span::raw(format!("{HINT_SEPARATOR}{keys}")),
            ]))
            .alignment(Alignment::Center)
        }
        Row::StepBar if snapshot.untimed => Paragraph::new("This step  no timer"),
        Row::TimeLeft => {
            let clock = format_clock(snapshot.remaining_secs);
            if snapshot.paused {
                Paragraph::new(Line::styled(
                    format!("Paused · {clock} left · space resumes"),
                    paint.warn(),
                ))
            } else {
                Paragraph::new(format!("{clock} left in this step"))
            }
            .alignment(Alignment::Center)
        }
        Row::StepBar => {
            let bar_width = usize::from(rect.width.saturating_sub(18));
            Paragraph::new(format!(
                "This step  {}",
                progress_bar(snapshot.step_progress, bar_width, state.glyphs)
            ))
        }
        Row::TotalBar => {
            let bar_width = usize::from(rect.width.saturating_sub(18));
            Paragraph::new(format!(
                "Session    {} {} left",
                progress_bar(
                    snapshot.total_progress,
                    bar_width.saturating_sub(11),
                    state.glyphs
                ),
                format_clock(snapshot.total_remaining_secs)
            ))
        }
        Row::Next => {
            Paragraph::new(cut_at_word(&next_text(snapshot), usize::from(rect.width)).into_owned())
        }
        Row::Note => match state.note {
            Some(text) => {
                Paragraph::new(cut_at_word(text, usize::from(rect.width))).style(paint.warn())
            }
            None => return,
        },
        Row::Keys(text) => Paragraph::new(text.as_str()),
    };
    frame.render_widget(paragraph, rect);
}

/// The time left in a few words, for a row shared with the stop keys.
fn short_time(snapshot: &Snapshot<'_>) -> String {
    match (snapshot.untimed, snapshot.paused) {
        (true, true) => "Paused".to_string(),
        (true, false) => "Enter: done".to_string(),
        (false, true) => format!("Paused {}", format_clock(snapshot.remaining_secs)),
        (false, false) => format!("{} left", format_clock(snapshot.remaining_secs)),
    }
}

/// "Next: …": the next step, the same step on the other side, or, at the end of one of
/// several routines, which routine comes next and its first step.
fn next_text(snapshot: &Snapshot<'_>) -> String {
    let current = snapshot.segment;
    match snapshot.next {
        Some(next)
            if next.kind == SegmentKind::Step
                && current.kind == SegmentKind::Step
                && next.routine_index != current.routine_index =>
        {
            format!("Next: {}, starting with {}", next.routine_title, next.title)
        }
        Some(next) if next.kind == SegmentKind::Step => match next.side {
            Some(side) if next.title == current.title => {
                format!("Next: the same on the {side} side")
            }
            Some(side) => format!("Next: {} ({side} side)", next.title),
            None => format!("Next: {}", next.title),
        },
        Some(next) => format!("Next: {}", next.title),
        None => "Next: done — then a quick check of how you feel".to_string(),
    }
}

fn render_too_small(frame: &mut Frame<'_>, area: Rect, state: &ViewState<'_>) {
    let time = if state.snapshot.untimed {
        UNTIMED_LINE.to_string()
    } else {
        format_clock(state.snapshot.remaining_secs)
    };
    let text = vec![
        Line::from(time),
        Line::from(format!(
            "Please enlarge the window ({MIN_WIDTH}x{MIN_HEIGHT} or more)."
        )),
        Line::from("q stops · h: this hurts"),
    ];
    frame.render_widget(
        Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

/// `████░░░░ 50%` in plain characters (`####---- 50%` in ASCII): readable with or without
/// colour.
pub fn progress_bar(fraction: f64, width: usize, glyphs: Glyphs) -> String {
    let width = width.clamp(4, 60);
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    let (full, empty) = match glyphs {
        Glyphs::Unicode => ("█", "░"),
        Glyphs::Ascii => ("#", "-"),
    };
    format!(
        "{}{} {:>3}%",
        full.repeat(filled),
        empty.repeat(width - filled),
        (fraction.clamp(0.0, 1.0) * 100.0).round() as u32
    )
}

/// The countdown in large digits, for eyes half closed: a 3x5 dot glyph per character,
/// each dot `scale.x` columns by `scale.y` rows, glyphs `scale.x` columns apart. Returns
/// `5 * scale.y` rows of equal display width. Each dot is a block, or `#` in ASCII.
pub fn big_text(text: &str, scale: Scale, glyphs: Glyphs) -> Vec<String> {
    const DIGITS: [[&str; 5]; 10] = [
        ["███", "█ █", "█ █", "█ █", "███"],
        ["  █", "  █", "  █", "  █", "  █"],
        ["███", "  █", "███", "█  ", "███"],
        ["███", "  █", "███", "  █", "███"],
        ["█ █", "█ █", "███", "  █", "  █"],
        ["███", "█  ", "███", "  █", "███"],
        ["███", "█  ", "███", "█ █", "███"],
        ["███", "  █", "  █", "  █", "  █"],
        ["███", "█ █", "███", "█ █", "███"],
        ["███", "█ █", "███", "  █", "███"],
    ];
    const COLON: [&str; 5] = [" ", "█", " ", "█", " "];
    let (x, y) = (scale.x.max(1), scale.y.max(1));
    let dot = match glyphs {
        Glyphs::Unicode => '█',
        Glyphs::Ascii => '#',
    };
    let mut dots: [String; 5] = Default::default();
    for (i, c) in text.chars().enumerate() {
        let glyph = match c.to_digit(10) {
            Some(d) => DIGITS[d as usize],
            None => COLON,
        };
        for (row, part) in dots.iter_mut().zip(glyph) {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    dots.iter()
        .flat_map(|row| {
            let wide: String = row
                .chars()
                .map(|c| if c == '█' { dot } else { c })
                .flat_map(|c| std::iter::repeat_n(c, x))
                .collect();
            std::iter::repeat_n(wide, y)
        })
        .collect()
}

/// Styles, with colour only where allowed (`NO_COLOR`, `--plain`). Text a person must read
/// is in the terminal's own foreground (bold where it leads), never a grey that fades on
/// a dark or a light background.
struct Painter {
    color: bool,
}

impl Painter {
    fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    fn warn(&self) -> Style {
        let style = self.bold();
        if self.color {
            style.fg(Color::Yellow)
        } else {
            style
        }
    }

    /// The banner: reversed, so it stands out with or without colour, on any background.
    fn banner(&self) -> Style {
        self.bold().add_modifier(Modifier::REVERSED)
    }

    fn countdown(&self, paused: bool) -> Style {
        let style = self.bold();
        match (self.color, paused) {
            (true, true) => style.fg(Color::Yellow),
            (true, false) => style.fg(Color::Green),
            (false, _) => style,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Catalog, Length, Routine};
    use crate::session::{Engine, Timeline};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::time::Duration;

    /// What a frame shows, for one segment of a routine.
    struct Shot<'a> {
        help: bool,
        note: Option<&'a str>,
        banner: Option<&'a str>,
        pause: bool,
        glyphs: Glyphs,
    }

    const PLAIN: Shot<'static> = Shot {
        help: false,
        note: None,
        banner: None,
        pause: false,
        glyphs: Glyphs::Unicode,
    };

    fn builtin(id: &str) -> Routine {
        Catalog::builtin()
            .routines()
            .iter()
            .find(|r| r.id == id)
            .expect("a built-in routine")
            .clone()
    }

    /// The screen of `routines` at segment `index` (0 is "get ready"), `width` x `height`.
    fn draw(routines: &[&Routine], index: usize, width: u16, height: u16, shot: &Shot) -> String {
        let (mut engine, _) =
            Engine::start(Timeline::build(routines, Length::Standard), Duration::ZERO);
        for _ in 0..index {
            engine.apply(crate::session::Command::Next, Duration::ZERO);
        }
        if shot.pause {
            engine.apply(crate::session::Command::TogglePause, Duration::from_secs(3));
        }
        let snapshot = engine.snapshot(Duration::from_secs(3)).expect("running");
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
        terminal
            .draw(|frame| {
                render(
                    frame,
                    &ViewState {
                        snapshot,
                        help: shot.help,
                        note: shot.note,
                        banner: shot.banner,
                        color: false,
                        glyphs: shot.glyphs,
                    },
                )
            })
            .expect("draws");
        let buffer = terminal.backend().buffer().clone();
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn screen(width: u16, height: u16, pause: bool) -> String {
        let neck = builtin("neck");
        draw(&[&neck], 1, width, height, &Shot { pause, ..PLAIN })
    }

    /// The screen's words with every run of spaces and line breaks made one space.
    fn words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Rows of the large digits: rows of the text's part made only of blocks and spaces.
    fn digit_rows(screen: &str) -> usize {
        split(screen)
            .0
            .lines()
            .filter(|l| l.contains('█') && l.chars().all(|c| c == '█' || c == ' '))
            .count()
    }

    /// A dot of the figure's outline (the blank braille cell excluded).
    fn is_braille(c: char) -> bool {
        ('\u{2801}'..='\u{28ff}').contains(&c)
    }

    /// The column of the figure's left edge: its leftmost dot (every view's outline reaches
    /// the first column of its canvas, and the label starts there too).
    fn figure_left(screen: &str) -> Option<usize> {
        screen
            .lines()
            .filter_map(|line| line.chars().position(is_braille))
            .min()
    }

    /// The screen cut at the figure's left edge: the text's part and the figure's part
    /// (empty when no figure is drawn). Every cell is one character here.
    fn split(screen: &str) -> (String, String) {
        let Some(left) = figure_left(screen) else {
            return (screen.to_string(), String::new());
        };
        let (text, figure): (Vec<String>, Vec<String>) = screen
            .lines()
            .map(|line| {
                let chars: Vec<char> = line.chars().collect();
                let cut = left.min(chars.len());
                (chars[..cut].iter().collect(), chars[cut..].iter().collect())
            })
            .unzip();
        (text.join("\n"), figure.join("\n"))
    }

    /// Checks that the figure, if drawn, overlaps no text: from its top row down, a blank
    /// column on its left, and nothing in its part but dots, marks and its
    /// "R front L  L back R" labels. (The header's row above it spans the window.)
    fn assert_figure_apart(screen: &str, at: &str) {
        let Some(left) = figure_left(screen) else {
            return;
        };
        assert!(left > 0, "{at}");
        let (_, figure) = split(screen);
        let top = figure
            .lines()
            .position(|part| part.chars().any(is_braille))
            .unwrap_or_default();
        for (line, part) in screen.lines().zip(figure.lines()).skip(top) {
            assert_eq!(line.chars().nth(left - 1), Some(' '), "gap: {at}");
            let words: Vec<&str> = part.split_whitespace().collect();
            let label = words == ["R", "front", "L", "L", "back", "R"];
            let drawing = part
                .chars()
                .all(|c| c == ' ' || is_braille(c) || c == figure::CURRENT || c == figure::OTHER);
            assert!(label || drawing, "{part:?} in the figure's part: {at}");
        }
    }

    /// The instruction, its caution (if any) and the stop keys are whole in the text's part;
    /// so is where to press, unless the figure shows it.
    fn assert_step_whole(screen: &str, segment: &crate::session::Segment, at: &str) {
        let flat = words(&split(screen).0);
        assert!(flat.contains(&words(&segment.title)), "title: {at}");
        assert!(flat.contains(&words(&segment.text)), "text: {at}");
        if let Some(place) = segment.where_line()
            && figure_left(screen).is_none()
        {
            assert!(flat.contains(&words(&place)), "where: {at}");
        }
        if let Some(caution) = &segment.caution {
            assert!(
                flat.contains(&words(&crate::safety::stop::routine_note(caution))),
                "caution: {at}"
            );
        }
        assert!(
            flat.contains("h hurts") && flat.contains("q stop"),
            "keys: {at}"
        );
    }

    /// Where the window is too small for the whole step: the position, the instruction's
    /// first words, the stop rule's and the stop keys are shown, never a request for a
    /// larger window; what is cut ends in "…", and no word is cut without it.
    fn assert_step_begins(screen: &str, segment: &crate::session::Segment, at: &str) {
        assert!(!screen.contains("enlarge"), "{at}");
        let flat = words(&split(screen).0);
        let first_words: Vec<&str> = segment.text.split_whitespace().take(3).collect();
        assert!(flat.contains(&first_words.join(" ")), "instruction: {at}");
        // The header's row spans the window, above the figure.
        assert!(
            words(screen).contains(&segment.position()),
            "position: {at}"
        );
        assert!(flat.contains("Stop at once"), "stop rule: {at}");
        assert!(
            flat.contains("h hurts") && flat.contains("q stop"),
            "keys: {at}"
        );
        if !flat.contains(&words(&segment.text)) {
            assert!(flat.contains('…'), "cut without a mark: {at}");
        }
    }

    /// The built-in routines as they can be run: with their optional steps, and gently
    /// (where that changes a step).
    fn every_builtin() -> Vec<Routine> {
        let texts =
            |r: &Routine| -> Vec<String> { r.steps.iter().map(|s| s.text.clone()).collect() };
        let mut all = Vec::new();
        for routine in Catalog::builtin().routines() {
            let (whole, gentle) = (
                routine.with_optional(true),
                routine.with_optional(true).gently(),
            );
            let changed = texts(&gentle) != texts(&whole);
            all.push(whole);
            if changed {
                all.push(gentle);
            }
        }
        all
    }

    /// The words a title row or a "Next:" row of `routine` may show.
    fn vocabulary(routine: &Routine) -> Vec<String> {
        let mut known = vec![
            routine.title.clone(),
            "Next: the same on the left right side side) starting with done — then a quick \
             check of how you feel"
                .to_string(),
        ];
        for segment in Timeline::build(&[routine], Length::Standard).segments {
            known.extend([segment.title.clone(), segment.position()]);
        }
        known
            .iter()
            .flat_map(|k| k.split_whitespace())
            .map(|w| w.trim_start_matches('(').trim_end_matches(',').to_string())
            .collect()
    }

    /// Every word of a window's title row and "Next:" row is whole, or ends in "…".
    fn assert_no_word_cut(screen: &str, vocabulary: &[String], at: &str) {
        let rows = screen.lines().take(1).chain(
            screen
                .lines()
                .filter(|l| l.trim_start().starts_with("Next:")),
        );
        for row in rows {
            for word in row.split_whitespace() {
                let word = word.trim_start_matches('(').trim_end_matches(',');
                assert!(
                    word.ends_with('…') || vocabulary.iter().any(|v| v == word),
                    "{word:?} cut in {row:?}: {at}"
                );
            }
        }
    }

    /// Neck's "Find the spot": a spot, an instruction over lines and a long caution.
    const FIND_THE_SPOT: usize = 2;

    #[test]
    fn shows_position_instruction_countdown_and_next() {
        let text = screen(80, 24, false);
        assert!(text.contains("Step 1 of 5"), "{text}");
        assert!(text.contains("Posture"), "{text}");
        assert!(text.contains("0:07 left in this step"), "{text}");
        assert!(text.contains("Next: Find the spot"), "{text}");
        assert!(text.contains("space pause"), "{text}");
    }

    #[test]
    fn the_figure_stands_beside_the_step_where_the_window_has_room() {
        let neck = builtin("neck");
        // (At 90x30, 100x24 and 120x24 the stop rule under every step now takes the rows the
        // figure needed: the figure gives way, the stop rule stays.)
        for (width, height) in [(100, 30), (120, 40), (200, 60)] {
            for index in [1, FIND_THE_SPOT] {
                let shown = draw(&[&neck], index, width, height, &PLAIN);
                let (_, figure) = split(&shown);
                assert!(
                    figure.contains("front") && figure.contains("back"),
                    "{width}x{height}\n{shown}"
                );
            }
        }
        for (width, height) in [(60, 20), (80, 24), (80, 40), (86, 30), (200, 13)] {
            let shown = screen(width, height, false);
            assert_eq!(figure_left(&shown), None, "{width}x{height}\n{shown}");
            assert!(!shown.contains("front"), "{shown}");
            assert!(shown.contains("Posture"), "{shown}");
        }
    }

    /// At 100x30 the figure stands beside the instruction, on its rows, with the
    /// current spot marked; the instruction and its caution are whole beside it.
    #[test]
    fn at_100x30_the_figure_stands_beside_the_instruction_and_its_caution() {
        let neck = builtin("neck");
        let timeline = Timeline::build(&[&neck], Length::Standard);
        let segment = &timeline.segments[FIND_THE_SPOT];
        assert!(segment.caution.is_some() && segment.place.is_some());
        let shown = draw(&[&neck], FIND_THE_SPOT, 100, 30, &PLAIN);
        let at = format!("100x30\n{shown}");
        assert_step_whole(&shown, segment, &at);
        assert_figure_apart(&shown, &at);
        let (text, figure) = split(&shown);
        assert!(figure.contains(figure::CURRENT), "{at}");
        // The instruction's first row has the figure's dots beside it.
        let first_words: String = segment.text.chars().take(20).collect();
        let row = text
            .lines()
            .position(|line| line.contains(&first_words))
            .unwrap_or_else(|| panic!("no instruction: {at}"));
        let beside = figure.lines().nth(row).unwrap_or_default();
        assert!(beside.chars().any(is_braille), "{at}");
        // The countdown keeps the standard size, whole, in the text's column.
        assert!(digit_rows(&shown) >= 5 * STANDARD_DIGITS, "{at}");
    }

    /// At 60x20 the figure gives way; the instruction and caution stay whole.
    #[test]
    fn at_60x20_the_figure_gives_way_to_the_instruction_and_its_caution() {
        let neck = builtin("neck");
        let timeline = Timeline::build(&[&neck], Length::Standard);
        let segment = &timeline.segments[FIND_THE_SPOT];
        let shown = draw(&[&neck], FIND_THE_SPOT, 60, 20, &PLAIN);
        let at = format!("60x20\n{shown}");
        assert_eq!(figure_left(&shown), None, "{at}");
        assert!(!shown.contains(figure::CURRENT), "{at}");
        assert_step_whole(&shown, segment, &at);
    }

    /// From 40x12 to 200x60, the wordiest step of every built-in routine that has a spot
    /// keeps its title, instruction, caution and stop keys whole in the text's part, and
    /// the figure (where drawn) overlaps nothing. (Every step, at the sizes up to 80x24 and
    /// a few larger, is checked by the test above.)
    #[test]
    fn the_figure_never_cuts_the_step_nor_overlaps_text_at_any_size() {
        let catalog = Catalog::builtin();
        let mut sizes: Vec<(u16, u16)> = Vec::new();
        for width in (40..=200).step_by(10) {
            for height in (12..=60).step_by(6) {
                sizes.push((width, height));
            }
        }
        sizes.extend([(87, 15), (100, 30), (99, 29), (101, 31), (199, 59)]);
        let (mut drawn, mut with_figure) = (0, 0);
        for routine in catalog.routines() {
            if routine.spots().is_empty() {
                continue;
            }
            let timeline = Timeline::build(&[routine], Length::Standard);
            // The wordiest step: the first to run out of room beside the figure.
            let Some((index, segment)) =
                timeline.segments.iter().enumerate().max_by_key(|(_, s)| {
                    s.title.len() + s.text.len() + s.caution.as_ref().map_or(0, String::len)
                })
            else {
                continue;
            };
            for &(width, height) in &sizes {
                let shown = draw(&[routine], index, width, height, &PLAIN);
                let at = format!("{} #{index} at {width}x{height}\n{shown}", routine.id);
                drawn += 1;
                with_figure += usize::from(figure_left(&shown).is_some());
                if height < 24 || width < 60 {
                    assert_step_begins(&shown, segment, &at);
                } else {
                    assert_step_whole(&shown, segment, &at);
                }
                assert_figure_apart(&shown, &at);
            }
        }
        assert!(
            drawn > 0 && with_figure > 0,
            "{drawn} drawn, {with_figure} with the figure"
        );
    }

    /// Below the figure's room (80x24), a "Where:" line says where to press, in the words
    /// plain lines and speech use.
    #[test]
    fn without_the_figure_a_where_line_says_where_to_press() {
        let neck = builtin("neck");
        let shown = draw(&[&neck], FIND_THE_SPOT, 80, 24, &PLAIN);
        assert_eq!(figure_left(&shown), None, "{shown}");
        assert!(shown.contains("Where: the back of your neck"), "{shown}");
        // A step that presses nowhere has none.
        assert!(!draw(&[&neck], 1, 80, 24, &PLAIN).contains("Where:"));
    }

    /// In a window much wider than a line of text, the step stands in the middle.
    #[test]
    fn in_a_wide_window_the_step_stands_in_the_middle() {
        let neck = builtin("neck");
        let shown = draw(&[&neck], FIND_THE_SPOT, 250, 50, &PLAIN);
        let column = |needle: &str| {
            shown
                .lines()
                .find_map(|line| line.find(needle))
                .unwrap_or_else(|| panic!("no {needle:?}\n{shown}"))
        };
        let instruction = column("Feel along");
        let position = column("Step 2 of 5") + "Step 2 of 5".len();
        // The block's left edge and right edge are as far from the window's edges.
        assert!(instruction > 50, "starts at {instruction}\n{shown}");
        assert!(
            instruction.abs_diff(250 - position) <= 3,
            "left {instruction}, right {}\n{shown}",
            250 - position
        );
        assert_step_whole(
            &shown,
            &Timeline::build(&[&neck], Length::Standard).segments[FIND_THE_SPOT],
            "250x50",
        );
    }

    /// With ASCII glyphs, nothing of braille or block elements is drawn at any size: not
    /// the figure, the digits nor the bars.
    #[test]
    fn in_ascii_no_braille_or_block_is_drawn() {
        let neck = builtin("neck");
        let ascii = Shot {
            glyphs: Glyphs::Ascii,
            ..PLAIN
        };
        for (width, height) in [(40, 12), (80, 24), (100, 30), (200, 60)] {
            let shown = draw(&[&neck], FIND_THE_SPOT, width, height, &ascii);
            let at = format!("{width}x{height}\n{shown}");
            assert!(
                !shown.chars().any(|c| ('\u{2800}'..='\u{28ff}').contains(&c)
                    || ('\u{2580}'..='\u{259f}').contains(&c)),
                "{at}"
            );
            if width >= 100 {
                assert!(shown.contains("front") && shown.contains('@'), "{at}");
                assert!(shown.contains("##"), "{at}");
            }
        }
    }

    /// An instruction written without spaces (Japanese) wraps by display width at 40
    /// columns: nothing is cut at the window's edge.
    #[test]
    fn text_without_spaces_wraps_whole_in_a_narrow_window() {
        let text = "首の後ろ、耳の線より後ろに指先を当てて、痛いところを探してください。見つけたら、指先でゆっくりと小さな円を描くように動かします。";
        let source = format!(
            "title = \"首\"\nareas = [\"neck\"]\nsummary = \"S\"\n\n[[steps]]\ntitle = \"痛いところを探す\"\ntext = \"{text}\"\nseconds = 30\npressure = \"light\"\n"
        );
        let routine = crate::routine::schema::parse_routine(
            "t.toml",
            "t",
            &source,
            crate::routine::Origin::BuiltIn,
        )
        .expect("valid");
        let shown = draw(&[&routine], 1, 40, 20, &PLAIN);
        let joined: String = shown.split_whitespace().collect();
        assert!(joined.contains(text), "{shown}");
    }

    /// Done gently, tennis-ball never shows "More pressure" over a text that says not to
    /// add weight, at any step.
    #[test]
    fn done_gently_no_step_shows_more_pressure() {
        let gentle = builtin("tennis-ball").gently();
        let segments = Timeline::build(&[&gentle], Length::Standard).segments.len();
        for index in 0..segments {
            for (width, height) in [(80, 24), (120, 40)] {
                let shown = draw(&[&gentle], index, width, height, &PLAIN);
                assert!(!shown.contains("More pressure"), "#{index}\n{shown}");
            }
        }
    }

    #[test]
    fn paused_is_shown() {
        assert!(screen(80, 24, true).contains("Paused"));
        assert!(screen(40, 12, true).contains("Paused"));
    }

    #[test]
    fn tiny_windows_ask_for_more_room() {
        let tiny = screen(20, 5, false);
        assert!(tiny.contains("enlarge"), "{tiny}");
        // 1x1 and 0x0 must not panic.
        screen(1, 1, false);
        screen(0, 0, false);
    }

    /// At every size from 40x12 (the smallest, [`MIN_WIDTH`] x [`MIN_HEIGHT`]) to 80x24 and
    /// larger, every segment of the built-in routines (with their optional steps, and done
    /// gently) is drawn, never a request for a larger window: from 60x24 its title, whole
    /// instruction, caution, stop rule and the keys to stop and for "this hurts"; below,
    /// at least the position, the instruction's first words, the stop rule and those keys,
    /// what is cut ending in "…". No word of the title row or the next step is cut.
    #[test]
    fn every_size_shows_the_whole_instruction_its_caution_and_the_stop_keys() {
        let mut sizes: Vec<(u16, u16)> = Vec::new();
        for width in (40..=80).step_by(4) {
            for height in 12..=24 {
                sizes.push((width, height));
            }
        }
        sizes.extend([(MIN_WIDTH, MIN_HEIGHT), (60, 30), (120, 40), (200, 60)]);
        let mut drawn = 0;
        for routine in every_builtin() {
            let vocabulary = vocabulary(&routine);
            let timeline = Timeline::build(&[&routine], Length::Standard);
            for (index, segment) in timeline.segments.iter().enumerate() {
                for &(width, height) in &sizes {
                    let shown = draw(&[&routine], index, width, height, &PLAIN);
                    let at = format!("{} #{index} at {width}x{height}\n{shown}", routine.id);
                    assert!(!shown.contains("Please enlarge"), "{at}");
                    drawn += 1;
                    if height < 24 || width < 60 {
                        assert_step_begins(&shown, segment, &at);
                    } else {
                        assert_step_whole(&shown, segment, &at);
                    }
                    assert_no_word_cut(&shown, &vocabulary, &at);
                }
            }
        }
        assert!(drawn > 0);
    }

    #[test]
    fn a_short_step_draws_at_the_smallest_size() {
        let neck = builtin("neck");
        let shown = draw(&[&neck], 1, 40, 12, &PLAIN);
        assert!(!shown.contains("enlarge"), "{shown}");
        assert!(shown.contains("h hurts · q stop"), "{shown}");
    }

    #[test]
    fn the_key_line_gives_way_last_of_the_extras_and_wraps_rather_than_cut() {
        let neck = builtin("neck");
        // 60x30: the whole reminder, over two lines.
        let shown = words(&draw(&[&neck], 1, 60, 30, &PLAIN));
        for (hint, _) in KEY_HINTS {
            assert!(shown.contains(hint), "{hint}: {shown}");
        }
        // 40x12: the bars and digits are gone before the rest of the key help.
        let small = draw(&[&neck], 1, 40, 12, &PLAIN);
        assert_eq!(digit_rows(&small), 0, "{small}");
    }

    #[test]
    fn the_digits_grow_with_the_window_and_shrink_back() {
        let neck = builtin("neck");
        let at = |w, h| digit_rows(&draw(&[&neck], 1, w, h, &PLAIN));
        let (normal, large) = (at(80, 24), at(120, 40));
        assert!(normal >= 5, "{}", draw(&[&neck], 1, 80, 24, &PLAIN));
        assert!(
            large >= 2 * normal,
            "{normal} rows at 80x24, {large} at 120x40"
        );
        assert_eq!(at(80, 24), normal);
        assert_eq!(at(40, 12), 0);
    }

    #[test]
    fn a_banner_shows_large_and_the_help_replaces_the_instruction() {
        let neck = builtin("neck");
        let banner = Shot {
            banner: Some("Switch to the right side"),
            ..PLAIN
        };
        for (w, h) in [(40, 12), (80, 24), (120, 40)] {
            let shown = draw(&[&neck], 1, w, h, &banner);
            assert!(
                shown.contains("Switch to the right side"),
                "{w}x{h}\n{shown}"
            );
        }
        let help = draw(
            &[&neck],
            1,
            80,
            24,
            &Shot {
                help: true,
                ..PLAIN
            },
        );
        assert!(help.contains("this hurts: stop now"), "{help}");
    }

    /// Every line of the help is read whole, wrapped between words, from the smallest
    /// window up; over a step whose title takes a row too.
    #[test]
    fn the_help_is_whole_at_every_size() {
        let neck = builtin("neck");
        let help = Shot {
            help: true,
            ..PLAIN
        };
        for (w, h) in [40, 41, 44, 50, 60, 80, 100, 120]
            .into_iter()
            .flat_map(|w| [12, 13, 16, 24, 40].map(|h| (w, h)))
        {
            for index in [0, 1] {
                let shown = draw(&[&neck], index, w, h, &help);
                for (key, what) in super::super::keys::KEY_HELP {
                    assert!(
                        words(&shown).contains(&words(&format!("{key} {what}"))),
                        "{key} {what}: {w}x{h}\n{shown}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_end_of_one_routine_names_the_next_and_its_first_step() {
        let (head, neck) = (builtin("head"), builtin("neck"));
        let timeline = Timeline::build(&[&head, &neck], Length::Standard);
        let last_of_head = timeline
            .segments
            .iter()
            .rposition(|s| s.routine_index == 0)
            .expect("head's steps");
        let first_of_neck = &timeline.segments[last_of_head + 1];
        let shown = words(&draw(&[&head, &neck], last_of_head, 100, 30, &PLAIN));
        assert!(
            shown.contains(&words(&format!(
                "Next: {}, starting with {}",
                neck.title, first_of_neck.title
            ))),
            "{shown}"
        );
    }

    #[test]
    fn big_digits_line_up() {
        let rows = big_text("1:05", Scale { x: 1, y: 1 }, Glyphs::Unicode);
        assert!(
            rows.iter()
                .all(|r| display_width(r) == display_width(&rows[0]))
        );
        assert_eq!(rows[0], "  █   ███ ███");
        let large = big_text("1:05", Scale { x: 2, y: 3 }, Glyphs::Unicode);
        assert_eq!(large.len(), 15);
        assert_eq!(large[2], "    ██      ██████  ██████");
        let ascii = big_text("1:05", Scale { x: 1, y: 1 }, Glyphs::Ascii);
        assert_eq!(ascii[0], "  #   ### ###");
    }

    #[test]
    fn progress_bar_fills() {
        assert_eq!(progress_bar(0.5, 4, Glyphs::Unicode), "██░░  50%");
        assert_eq!(progress_bar(2.0, 4, Glyphs::Unicode), "████ 100%");
        assert_eq!(progress_bar(0.5, 4, Glyphs::Ascii), "##--  50%");
    }
}
