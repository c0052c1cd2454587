//! The body figure: a front and a back outline drawn from data with ratatui's `Canvas`
//! (braille dots), with a routine's spots marked and the current one highlighted.
//!
//! The outline is a list of points (one half of a symmetric body, mirrored) and an oval
//! head, in the figure units of [`crate::routine::spot`]. Marks are whole cells drawn on top:
//! a distinct symbol for the current spot (`●` against `○`), or order digits (`1 2 3`), so
//! the figure reads the same with colour, under `NO_COLOR` and on a monochrome screen.
//! `show` renders it into a [`Buffer`] and prints the rows; the session view can place it
//! beside the instruction when [`fits`] says the window has room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Context, Line, Points};

use crate::routine::Place;
use crate::routine::spot::{Point, View};
use crate::ui::terminal::glyphs::Glyphs;

/// The figure's extent in figure units: across (x) and up (y).
const X_BOUNDS: [f64; 2] = [-27.0, 27.0];
const Y_BOUNDS: [f64; 2] = [-1.0, 103.0];
/// The head: an oval around this centre.
const HEAD_CENTRE: (f64, f64) = (0.0, 91.0);
const HEAD_RADII: (f64, f64) = (8.0, 10.0);
/// One half of the body's outline (x ≥ 0), from under the chin round the arm and down the
/// leg to the crotch; the other half mirrors it.
const HALF_OUTLINE: &[(i16, i16)] = &[
    (5, 82),
    (6, 75),
    (14, 72),
    (19, 70),
    (21, 66),
    (22, 56),
    (24, 44),
    (26, 30),
    (26, 24),
    (22, 24),
    (21, 30),
    (19, 44),
    (17, 54),
    (16, 60),
    (15, 52),
    (13, 44),
    (15, 35),
    (16, 26),
    (15, 12),
    (13, 0),
    (3, 0),
    (1, 14),
    (0, 20),
];

/// Columns between the two views.
const GAP: u16 = 3;
/// The fewest rows a view needs for its spots to land in distinct cells.
pub const MIN_ROWS: u16 = 12;
/// More rows than this only make the figure larger, not clearer.
pub const MAX_ROWS: u16 = 20;

/// Whether a `width` x `height` area has room for the figure (both views and their labels).
pub fn fits(width: u16, height: u16) -> bool {
    size(width, height).is_some()
}

/// The width and height the figure takes in an area of at most `width` x `height`, or
/// `None` when that is too small. A view is about as many columns as rows: a braille dot is
/// about as wide as it is tall, and the body is about half as wide as it is tall.
pub fn size(width: u16, height: u16) -> Option<(u16, u16)> {
    let rows = height
        .saturating_sub(1)
        .min(width.saturating_sub(GAP) / 2)
        .min(MAX_ROWS);
    (rows >= MIN_ROWS).then_some((2 * rows + GAP, rows + 1))
}

/// How a place is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    place: Place,
    symbol: char,
    current: bool,
}

/// The figure with its marks: a ratatui widget.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Drawn in order: a later mark on the same cell wins.
    marks: Vec<Mark>,
    colour: bool,
    glyphs: Glyphs,
}

/// The symbol of the current spot, and of the routine's other spots.
pub const CURRENT: char = '●';
pub const OTHER: char = '○';
/// The same in ASCII, and the dot the outline is drawn with there.
pub const ASCII_CURRENT: char = '@';
pub const ASCII_OTHER: char = 'o';
pub const ASCII_DOT: char = '.';

impl Figure {
    /// Each place numbered in order (`1` to `9`, then `●`): `show`'s figure, where the
    /// numbers match the legend and make a path (the belly's) readable.
    pub fn numbered(places: &[Place], colour: bool) -> Figure {
        let marks = places
            .iter()
            .enumerate()
            .map(|(index, &place)| Mark {
                place,
                symbol: u32::try_from(index + 1)
                    .ok()
                    .and_then(|n| char::from_digit(n, 10))
                    .unwrap_or(CURRENT),
                current: false,
            })
            .collect();
        Figure {
            marks,
            colour,
            glyphs: Glyphs::Unicode,
        }
    }

    /// The routine's places as `○`, with `current` (if any) as `●` on top: the session's
    /// figure.
    pub fn session(places: &[Place], current: Option<Place>, colour: bool) -> Figure {
        let mut marks: Vec<Mark> = places
            .iter()
            .map(|&place| Mark {
                place,
                symbol: OTHER,
                current: false,
            })
            .collect();
        marks.extend(current.map(|place| Mark {
            place,
            symbol: CURRENT,
            current: true,
        }));
        Figure {
            marks,
            colour,
            glyphs: Glyphs::Unicode,
        }
    }

    /// The figure drawn with `glyphs`: in ASCII where braille cannot be shown.
    #[must_use]
    pub fn with_glyphs(self, glyphs: Glyphs) -> Figure {
        Figure { glyphs, ..self }
    }

    /// How a mark's symbol is drawn with the figure's glyphs.
    fn symbol(&self, symbol: char) -> char {
        match (self.glyphs, symbol) {
            (Glyphs::Ascii, CURRENT) => ASCII_CURRENT,
            (Glyphs::Ascii, OTHER) => ASCII_OTHER,
            _ => symbol,
        }
    }

    fn mark_style(&self, current: bool) -> Style {
        let style = Style::default().add_modifier(Modifier::BOLD);
        match (self.colour, current) {
            (false, _) => style,
            (true, true) => style.fg(Color::Yellow),
            (true, false) => style.fg(Color::Cyan),
        }
    }
}

impl Widget for &Figure {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let Some((_, height)) = size(area.width, area.height) else {
            return;
        };
        let rows = height - 1;
        for (index, view) in [View::Front, View::Back].into_iter().enumerate() {
            let offset = u16::try_from(index).unwrap_or(0) * (rows + GAP);
            let canvas = Rect::new(area.x + offset, area.y, rows, rows);
            draw_outline(view, canvas, self.glyphs, buf);
            let label = match view {
                View::Front => ("R", "front", "L"),
                View::Back => ("L", "back", "R"),
            };
            draw_label(label, Rect::new(canvas.x, area.y + rows, rows, 1), buf);
            for mark in self.marks.iter().filter(|m| m.place.spot.view == view) {
                let symbol = self.symbol(mark.symbol).to_string();
                for (x, y) in mark_cells(view, &mark.place.points(), canvas) {
                    buf.set_string(x, y, &symbol, self.mark_style(mark.current));
                }
            }
        }
    }
}

impl Widget for Figure {
    fn render(self, area: Rect, buf: &mut Buffer) {
        (&self).render(area, buf);
    }
}

/// "R  front  L" under a view: which side of the picture is the person's right.
fn draw_label((left, middle, right): (&str, &str, &str), area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let pad = width.saturating_sub(middle.len() + 2);
    let text = format!(
        "{left}{}{middle}{}{right}",
        " ".repeat(pad / 2),
        " ".repeat(pad - pad / 2)
    );
    buf.set_stringn(area.x, area.y, text, width, Style::default());
}

/// Where a point of `view` is seen: the person's right is on the left of a front view.
fn seen_x(view: View, x: f64) -> f64 {
    match view {
        View::Front => -x,
        View::Back => x,
    }
}

/// The cell a point lands in, the way the canvas maps its braille dots.
fn cell(view: View, point: Point, canvas: Rect) -> (u16, u16) {
    let [left, right] = X_BOUNDS;
    let [bottom, top] = Y_BOUNDS;
    let dots_x = f64::from(canvas.width) * 2.0 - 1.0;
    let dots_y = f64::from(canvas.height) * 4.0 - 1.0;
    let x = seen_x(view, f64::from(point.x)).clamp(left, right);
    let y = f64::from(point.y).clamp(bottom, top);
    let dot_x = ((x - left) * dots_x / (right - left)).round();
    let dot_y = ((top - y) * dots_y / (top - bottom)).round();
    // Both are within 0..=dots by the clamps above, so the casts cannot wrap.
    let column = (dot_x as u16 / 2).min(canvas.width.saturating_sub(1));
    let row = (dot_y as u16 / 4).min(canvas.height.saturating_sub(1));
    (canvas.x + column, canvas.y + row)
}

/// The cells a mark's points are drawn in. Points whose cells touch on a row (both sides
/// of a narrow spot, such as the back of the neck) are drawn once, between them: two
/// marks side by side would read as one, and two digits as a number ("11").
fn mark_cells(view: View, points: &[Point], canvas: Rect) -> Vec<(u16, u16)> {
    let mut cells: Vec<((u16, u16), Point)> = Vec::new();
    for &point in points {
        let at = cell(view, point, canvas);
        let touching = cells
            .iter_mut()
            .find(|((x, y), _)| *y == at.1 && x.abs_diff(at.0) <= 1);
        match touching {
            Some(drawn) => {
                let between = Point {
                    x: drawn.1.x + (point.x - drawn.1.x) / 2,
                    y: drawn.1.y + (point.y - drawn.1.y) / 2,
                };
                *drawn = (cell(view, between, canvas), between);
            }
            None => cells.push((at, point)),
        }
    }
    cells.into_iter().map(|(at, _)| at).collect()
}

/// The body's outline as one closed polygon, in figure units.
fn outline() -> Vec<(f64, f64)> {
    let right = HALF_OUTLINE
        .iter()
        .map(|&(x, y)| (f64::from(x), f64::from(y)));
    let left = HALF_OUTLINE
        .iter()
        .rev()
        .filter(|&&(x, _)| x != 0)
        .map(|&(x, y)| (-f64::from(x), f64::from(y)));
    right.chain(left).collect()
}

/// The head's oval as a closed polygon.
fn head() -> Vec<(f64, f64)> {
    const SEGMENTS: u32 = 28;
    (0..SEGMENTS)
        .map(|i| {
            let angle = f64::from(i) * std::f64::consts::TAU / f64::from(SEGMENTS);
            (
                HEAD_CENTRE.0 + HEAD_RADII.0 * angle.cos(),
                HEAD_CENTRE.1 + HEAD_RADII.1 * angle.sin(),
            )
        })
        .collect()
}

/// Whether `point` (figure units, either view: the outline is symmetric) lies inside the
/// body or the head.
pub fn inside(point: Point) -> bool {
    let (x, y) = (f64::from(point.x), f64::from(point.y));
    let in_head = ((x - HEAD_CENTRE.0) / HEAD_RADII.0).powi(2)
        + ((y - HEAD_CENTRE.1) / HEAD_RADII.1).powi(2)
        < 1.0;
    in_head || in_polygon(&outline(), x, y)
}

/// Even-odd rule: a ray to the right crosses the polygon's edges an odd number of times.
fn in_polygon(polygon: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let mut previous = polygon.last().copied().unwrap_or_default();
    for &(px, py) in polygon {
        let (qx, qy) = previous;
        if (py > y) != (qy > y) && x < (qx - px) * (y - py) / (qy - py) + px {
            inside = !inside;
        }
        previous = (px, py);
    }
    inside
}

/// Draws the outline of `view` in `area`: in braille dots, or with `glyphs` ASCII in one
/// dot per cell.
fn draw_outline(view: View, area: Rect, glyphs: Glyphs, buf: &mut Buffer) {
    let closed = |ctx: &mut Context<'_>, polygon: &[(f64, f64)]| {
        let mut previous = polygon.last().copied().unwrap_or_default();
        for &(x, y) in polygon {
            ctx.draw(&Line {
                x1: previous.0,
                y1: previous.1,
                x2: x,
                y2: y,
                color: Color::Reset,
            });
            previous = (x, y);
        }
    };
    let spine: Vec<(f64, f64)> = (0..14).map(|i| (0.0, 73.0 - f64::from(i) * 3.0)).collect();
    let marker = match glyphs {
        Glyphs::Unicode => Marker::Braille,
        Glyphs::Ascii => Marker::Dot,
    };
    Canvas::default()
        .marker(marker)
        .x_bounds(X_BOUNDS)
        .y_bounds(Y_BOUNDS)
        .paint(|ctx| {
            closed(ctx, &head());
            closed(ctx, &outline());
            if view == View::Back {
                ctx.draw(&Points {
                    coords: &spine,
                    color: Color::Reset,
                });
            }
        })
        .render(area, buf);
    if glyphs.ascii() {
        // The canvas's one-dot-per-cell marker is a bullet: a full stop instead.
        let dot = ASCII_DOT.to_string();
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                if let Some(cell) = buf.cell_mut((x, y))
                    && cell.symbol() != " "
                {
                    cell.set_symbol(&dot);
                }
            }
        }
    }
}

/// The figure's rows as text, trailing blanks trimmed; marks in colour when `colour`.
pub fn lines(buf: &Buffer, colour: bool) -> Vec<String> {
    use crossterm::style::Stylize;
    use ratatui::backend::IntoCrossterm;
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut line = String::new();
            for x in area.left()..area.right() {
                let cell = &buf[(x, y)];
                let symbol = cell.symbol();
                if colour && cell.fg != Color::Reset {
                    let mut styled = symbol.with(cell.fg.into_crossterm());
                    if cell.modifier.contains(Modifier::BOLD) {
                        styled = styled.bold();
                    }
                    line.push_str(&styled.to_string());
                } else {
                    line.push_str(symbol);
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// The figure drawn into a buffer of its own, as wide as `width` allows; `None` when too
/// narrow.
pub fn buffer(figure: &Figure, width: u16) -> Option<Buffer> {
    let (width, height) = size(width, MAX_ROWS + 1)?;
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    figure.render(buf.area, &mut buf);
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Catalog, Length, Routine};
    use crate::session::Timeline;

    fn builtin(id: &str) -> Routine {
        Catalog::builtin()
            .routines()
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .expect("built in")
    }

    fn text(figure: &Figure) -> String {
        let buf = buffer(figure, 80).expect("room at 80 columns");
        lines(&buf, false).join("\n")
    }

    /// The cells holding `symbol`.
    fn cells_with(buf: &Buffer, symbol: char) -> Vec<(u16, u16)> {
        let area = buf.area;
        (area.top()..area.bottom())
            .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
            .filter(|&(x, y)| buf[(x, y)].symbol() == symbol.to_string())
            .collect()
    }

    #[test]
    fn every_builtin_spot_lies_inside_the_outline_and_is_drawn_between_its_edges() {
        let catalog = Catalog::builtin();
        for routine in catalog.routines() {
            for segment in Timeline::build(&[routine], Length::Standard).segments {
                let Some(place) = segment.place else { continue };
                for point in place.points() {
                    assert!(inside(point), "{} {place}: {point:?}", routine.id);
                }
                let buf = buffer(&Figure::session(&[], Some(place), false), 80).expect("room");
                let marks = cells_with(&buf, CURRENT);
                // Points whose cells touch are drawn once.
                assert!(
                    !marks.is_empty() && marks.len() <= place.points().len(),
                    "{place}"
                );
                for (x, y) in marks {
                    let outline = |c: u16| {
                        let symbol = buf[(c, y)].symbol();
                        symbol
                            .chars()
                            .any(|ch| ('\u{2801}'..='\u{28ff}').contains(&ch))
                    };
                    // The view the mark is in: the outline on both sides of it, on its row.
                    let view_width = buf.area.height - 1;
                    let view_left = if x < view_width { 0 } else { view_width + GAP };
                    let view_right = view_left + view_width;
                    assert!(
                        (view_left..x).any(outline) && (x + 1..view_right).any(outline),
                        "{} {place}: mark at {x},{y} is outside the outline\n{}",
                        routine.id,
                        lines(&buf, false).join("\n")
                    );
                }
            }
        }
    }

    #[test]
    fn the_highlighted_spot_changes_with_the_step() {
        let shoulders = builtin("shoulders");
        let timeline = Timeline::build(&[&shoulders], Length::Standard);
        let highlighted: Vec<Vec<(u16, u16)>> = timeline
            .segments
            .iter()
            .filter(|s| s.place.is_some())
            .map(|s| {
                let figure = Figure::session(&s.routine_places, s.place, true);
                cells_with(&buffer(&figure, 80).expect("room"), CURRENT)
            })
            .collect();
        // Along the shoulder left and right, knot left and right.
        assert_eq!(highlighted.len(), 4);
        assert_ne!(highlighted[0], highlighted[1]);
        assert_eq!(highlighted[0], highlighted[2]);
        // The other side stays marked as one of the routine's spots.
        let squeeze_left = &timeline.segments[2];
        let figure = Figure::session(&squeeze_left.routine_places, squeeze_left.place, false);
        assert_eq!(
            cells_with(&buffer(&figure, 80).expect("room"), OTHER).len(),
            1
        );
    }

    #[test]
    fn the_belly_path_is_numbered_in_order() {
        let belly = builtin("abdomen");
        let places: Vec<Place> = belly.steps.iter().filter_map(|s| s.place(None)).collect();
        let buf = buffer(&Figure::numbered(&places, false), 80).expect("room");
        let at = |n: char| cells_with(&buf, n)[0];
        let (one, two, three, four) = (at('1'), at('2'), at('3'), at('4'));
        // Front view: the person's right is on the left of the picture. Up, across, down.
        assert!(
            two.1 < one.1 && two.0 <= one.0,
            "{}",
            lines(&buf, false).join("\n")
        );
        assert!(three.1 < two.1 && three.0 > two.0);
        assert!(four.1 > three.1 && four.0 > three.0);
    }

    /// The marks of `show`'s figure (the routine's spots, numbered) never stand side by
    /// side on a row: the back of the neck, worked on both sides at once, read "11".
    #[test]
    fn numbered_marks_never_touch_and_the_neck_reads_one() {
        for routine in Catalog::builtin().routines() {
            let spots = routine.spots();
            for glyphs in [Glyphs::Unicode, Glyphs::Ascii] {
                let figure = Figure::numbered(&spots, false).with_glyphs(glyphs);
                let buf = buffer(&figure, 80).expect("room");
                let shown = lines(&buf, false).join("\n");
                let marks: Vec<(u16, u16)> = ('1'..='9')
                    .chain([CURRENT])
                    .flat_map(|mark| cells_with(&buf, mark))
                    .collect();
                for &(x, y) in &marks {
                    assert!(
                        !marks.contains(&(x + 1, y)),
                        "{}: marks side by side at {x},{y}\n{shown}",
                        routine.id
                    );
                }
            }
        }
        let neck = builtin("neck");
        let buf = buffer(&Figure::numbered(&neck.spots(), false), 80).expect("room");
        let shown = lines(&buf, false).join("\n");
        assert_eq!(cells_with(&buf, '1').len(), 1, "{shown}");
        assert!(!shown.contains("11"), "{shown}");
    }

    /// With ASCII glyphs (the Linux console, a locale that is not UTF-8) the figure has no
    /// braille dot, and the spots are still marked apart from the outline.
    #[test]
    fn in_ascii_the_figure_is_drawn_without_braille() {
        let shoulders = builtin("shoulders");
        let timeline = Timeline::build(&[&shoulders], Length::Standard);
        let segment = &timeline.segments[2];
        let figure = Figure::session(&segment.routine_places, segment.place, false)
            .with_glyphs(Glyphs::Ascii);
        let buf = buffer(&figure, 80).expect("room");
        let shown = lines(&buf, false).join("\n");
        assert!(shown.is_ascii(), "{shown}");
        assert!(
            shown.contains(ASCII_DOT) && shown.contains("front"),
            "{shown}"
        );
        assert_eq!(cells_with(&buf, ASCII_CURRENT).len(), 1, "{shown}");
        // (The label's "front" has an `o` too.)
        let label = buf.area.bottom() - 1;
        let others = cells_with(&buf, ASCII_OTHER);
        assert_eq!(others.iter().filter(|c| c.1 < label).count(), 1, "{shown}");
    }

    #[test]
    fn it_fits_only_where_there_is_room() {
        assert!(fits(27, 13));
        assert!(!fits(26, 13));
        assert!(!fits(27, 12));
        assert_eq!(size(200, 100), Some((43, 21)));
        // Too small to draw: nothing drawn, no panic.
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 5));
        Figure::session(&[], None, true).render(buf.area, &mut buf);
        assert!(lines(&buf, false).iter().all(String::is_empty));
    }

    #[test]
    fn marks_read_without_colour_and_are_coloured_with_it() {
        let neck = builtin("neck");
        let place = neck.steps[1].place(None);
        let plain = text(&Figure::session(&[], place, false));
        assert!(
            plain.contains(CURRENT) && !plain.contains('\u{1b}'),
            "{plain}"
        );
        let buf = buffer(&Figure::session(&[], place, true), 80).expect("room");
        assert!(lines(&buf, true).join("\n").contains("\u{1b}["));
    }
}
