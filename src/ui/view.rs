//! The full-screen session view, drawn from a snapshot of the engine: a pure function of
//! state, so the same frame can be checked in tests with ratatui's test backend.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::figure::{self, Figure};
use super::keys::{KEY_HELP, KEY_HINTS};
use super::width::{Padded, display_width, wrap};
use crate::session::{SegmentKind, Snapshot, format_clock};

/// Below this the view asks for a larger window (and keeps timing).
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this height the countdown is drawn in large digits.
const BIG_DIGITS_HEIGHT: u16 = 20;

pub struct ViewState<'a> {
    pub snapshot: Snapshot<'a>,
    pub help: bool,
    /// A short line about what just happened (where `b` went, a pause after a gap), shown
    /// above the key hints.
    pub note: Option<&'a str>,
    pub color: bool,
}

pub fn render(frame: &mut Frame<'_>, state: &ViewState<'_>) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area, state);
        return;
    }
    let snapshot = &state.snapshot;
    let paint = Painter { color: state.color };
    let inner = area.inner(ratatui::layout::Margin::new(2, 1));
    let countdown_height = if area.height >= BIG_DIGITS_HEIGHT {
        5
    } else {
        1
    };
    let inner = match figure_column(inner, countdown_height, snapshot) {
        Some((text, column)) => {
            let segment = snapshot.segment;
            let figure = Figure::session(&segment.routine_places, segment.place, state.color);
            frame.render_widget(&figure, column);
            text
        }
        None => inner,
    };
    let [
        header,
        _,
        title,
        body,
        countdown,
        status,
        step_bar,
        total_bar,
        next,
        note,
        hints,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(countdown_height),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let position = snapshot.segment.position();
    let [header_left, header_right] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(
            u16::try_from(display_width(&position)).map_or(u16::MAX, |w| w.saturating_add(1)),
        ),
    ])
    .areas(header);
    frame.render_widget(
        Paragraph::new(snapshot.segment.routine_title.as_str()).style(paint.dim()),
        header_left,
    );
    frame.render_widget(
        Paragraph::new(position.as_str())
            .alignment(Alignment::Right)
            .style(paint.bold()),
        header_right,
    );

    frame.render_widget(
        Paragraph::new(snapshot.segment.title.as_str()).style(paint.title()),
        title,
    );

    if state.help {
        let lines: Vec<Line<'_>> = KEY_HELP
            .iter()
            .map(|(key, what)| {
                Line::from(vec![
                    Span::styled(Padded::left(key, 8).to_string(), paint.bold()),
                    Span::raw(*what),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), body);
    } else {
        let mut lines = vec![Line::from(snapshot.segment.text.as_str())];
        if let Some(caution) = &snapshot.segment.caution {
            lines.push(Line::default());
            lines.push(Line::styled(format!("Careful: {caution}"), paint.warn()));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
    }

    let clock = format_clock(snapshot.remaining_secs);
    let countdown_lines: Vec<Line<'_>> = if countdown_height == 5 {
        big_text(&clock).into_iter().map(Line::from).collect()
    } else {
        vec![Line::from(format!("{clock} left"))]
    };
    frame.render_widget(
        Paragraph::new(countdown_lines)
            .alignment(Alignment::Center)
            .style(paint.countdown(snapshot.paused)),
        countdown,
    );

    let status_line = if snapshot.paused {
        Line::styled("Paused — press space to resume", paint.warn())
    } else if countdown_height == 5 {
        Line::from(format!("{clock} left in this step"))
    } else {
        Line::default()
    };
    frame.render_widget(
        Paragraph::new(status_line).alignment(Alignment::Center),
        status,
    );

    let bar_width = usize::from(inner.width.saturating_sub(22));
    frame.render_widget(
        Paragraph::new(format!(
            "This step  {}",
            progress_bar(snapshot.step_progress, bar_width)
        )),
        step_bar,
    );
    frame.render_widget(
        Paragraph::new(format!(
            "Session    {} {} left",
            progress_bar(snapshot.total_progress, bar_width.saturating_sub(11)),
            format_clock(snapshot.total_remaining_secs)
        )),
        total_bar,
    );
    let next_text = match snapshot.next {
        Some(next) if next.kind == SegmentKind::Step => match next.side {
            Some(side) if next.title == snapshot.segment.title => {
                format!("Next: the same on the {side} side")
            }
            Some(side) => format!("Next: {} ({side} side)", next.title),
            None => format!("Next: {}", next.title),
        },
        Some(next) => format!("Next: {}", next.title),
        None => "Next: done — then a quick check of how you feel".to_string(),
    };
    frame.render_widget(Paragraph::new(next_text).style(paint.dim()), next);
    if let Some(text) = state.note {
        frame.render_widget(Paragraph::new(text).style(paint.warn()), note);
    }
    frame.render_widget(Paragraph::new(KEY_HINTS).style(paint.dim()), hints);
}

/// From this width the body figure may stand in a column at the right.
pub const FIGURE_MIN_WIDTH: u16 = 100;
/// The columns the instruction keeps beside the figure.
const TEXT_MIN_WIDTH: u16 = 54;

/// The instruction's area and the figure's column, when the window is wide enough and the
/// instruction and its caution still get every row they need; otherwise `None`.
fn figure_column(
    inner: Rect,
    countdown_height: u16,
    snapshot: &Snapshot<'_>,
) -> Option<(Rect, Rect)> {
    if inner.width + 4 < FIGURE_MIN_WIDTH {
        return None;
    }
    let (width, height) =
        figure::size(inner.width.saturating_sub(TEXT_MIN_WIDTH + 2), inner.height)?;
    let text_width = inner.width - width - 2;
    let segment = snapshot.segment;
    let mut rows = wrap(&segment.text, usize::from(text_width), "", "").len();
    if let Some(caution) = &segment.caution {
        rows += 1 + wrap(
            &format!("Careful: {caution}"),
            usize::from(text_width),
            "",
            "",
        )
        .len();
    }
    // Every row but the instruction's: header, gap, title, countdown and six single lines.
    let body_rows = usize::from(inner.height.saturating_sub(9 + countdown_height));
    if rows > body_rows {
        return None;
    }
    let [text, _, column] = Layout::horizontal([
        Constraint::Length(text_width),
        Constraint::Length(2),
        Constraint::Length(width),
    ])
    .areas(inner);
    Some((text, Rect { height, ..column }))
}

fn render_too_small(frame: &mut Frame<'_>, area: Rect, state: &ViewState<'_>) {
    let text = vec![
        Line::from(format_clock(state.snapshot.remaining_secs)),
        Line::from(format!(
            "Please enlarge the window ({MIN_WIDTH}x{MIN_HEIGHT} or more)."
        )),
        Line::from("q stops."),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// `████░░░░ 50%` in plain characters: readable with or without colour.
pub fn progress_bar(fraction: f64, width: usize) -> String {
    let width = width.clamp(4, 60);
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!(
        "{}{} {:>3}%",
        "█".repeat(filled),
        "░".repeat(width - filled),
        (fraction.clamp(0.0, 1.0) * 100.0).round() as u32
    )
}

/// The countdown in digits five rows tall, for eyes half closed.
pub fn big_text(text: &str) -> [String; 5] {
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
    let mut rows: [String; 5] = Default::default();
    for (i, c) in text.chars().enumerate() {
        let glyph = match c.to_digit(10) {
            Some(d) => DIGITS[d as usize],
            None => COLON,
        };
        for (row, part) in rows.iter_mut().zip(glyph) {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    rows
}

/// Styles, with colour only where allowed (`NO_COLOR`, `--plain`).
struct Painter {
    color: bool,
}

impl Painter {
    fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }

    fn title(&self) -> Style {
        let style = self.bold();
        if self.color {
            style.fg(Color::Cyan)
        } else {
            style
        }
    }

    fn warn(&self) -> Style {
        let style = self.bold();
        if self.color {
            style.fg(Color::Yellow)
        } else {
            style
        }
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
    use crate::routine::{Catalog, Length};
    use crate::session::{Engine, Timeline};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::time::Duration;

    fn screen(width: u16, height: u16, pause: bool) -> String {
        let catalog = Catalog::builtin();
        let neck = catalog
            .routines()
            .iter()
            .find(|r| r.id == "neck")
            .expect("neck");
        let (mut engine, _) =
            Engine::start(Timeline::build(&[neck], Length::Standard), Duration::ZERO);
        engine.apply(crate::session::Command::Next, Duration::ZERO);
        if pause {
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
                        help: false,
                        note: None,
                        color: false,
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
    fn the_figure_stands_beside_the_step_only_in_a_wide_window() {
        let wide = screen(100, 30, false);
        assert!(wide.contains("front") && wide.contains("back"), "{wide}");
        assert!(wide.contains("Posture"), "{wide}");
        let narrow = screen(60, 20, false);
        assert!(!narrow.contains("front"), "{narrow}");
        assert!(narrow.contains("Posture"), "{narrow}");
    }

    #[test]
    fn paused_is_shown() {
        assert!(screen(80, 24, true).contains("Paused"));
    }

    #[test]
    fn small_windows_lay_out_and_tiny_ones_ask_for_more_room() {
        let small = screen(40, 12, false);
        assert!(small.contains("0:07 left"), "{small}");
        assert!(small.contains("Posture"), "{small}");
        let tiny = screen(20, 5, false);
        assert!(tiny.contains("enlarge"), "{tiny}");
        // 1x1 must not panic.
        screen(1, 1, false);
    }

    #[test]
    fn big_digits_line_up() {
        let rows = big_text("1:05");
        assert!(
            rows.iter()
                .all(|r| display_width(r) == display_width(&rows[0]))
        );
        assert_eq!(rows[0], "  █   ███ ███");
    }

    #[test]
    fn progress_bar_fills() {
        assert_eq!(progress_bar(0.5, 4), "██░░  50%");
        assert_eq!(progress_bar(2.0, 4), "████ 100%");
    }
}
