//! Turns routines into a flat timeline of timed segments: sides and repeats expanded,
//! `--length` applied, a "get ready" segment first.

use std::sync::Arc;
use std::time::Duration;

use crate::routine::{Length, Place, Routine, Side};

/// How long the "get ready" segment lasts: enough to settle into position.
pub const GET_READY_SECONDS: u64 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentKind {
    GetReady,
    Step,
}

/// One timed stretch of the session: a step, on one side, in one repetition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    /// Which of the session's routines this belongs to (0-based), with its title.
    pub routine_index: usize,
    pub routine_title: String,
    /// 1-based number of the step over all the session's routines (0: "get ready"): where
    /// `resume` starts again.
    pub ordinal: usize,
    /// 1-based number of the step within its routine, and how many steps it has.
    pub step_number: usize,
    pub step_count: usize,
    pub title: String,
    pub text: String,
    pub caution: Option<String>,
    pub side: Option<Side>,
    /// 1-based repetition, and how many there are.
    pub repetition: u32,
    pub repetitions: u32,
    /// How long it lasts; zero for an untimed segment.
    pub duration: Duration,
    /// No countdown: it ends when the person says it is done (Enter, or a line of input).
    pub untimed: bool,
    /// Where this segment works, on its side; `None` for "get ready" and for steps that
    /// press nowhere.
    pub place: Option<Place>,
    /// Every place its routine works, in order (for "get ready": every place of the
    /// session), for the body figure.
    pub routine_places: Arc<[Place]>,
}

impl Segment {
    /// "Step 2 of 4 · left side · round 1 of 2": where the user is, in words. Empty for
    /// "get ready", whose title already says it (the view shows "Get ready" once).
    pub fn position(&self) -> String {
        if self.kind == SegmentKind::GetReady {
            return String::new();
        }
        let mut position = format!("Step {} of {}", self.step_number, self.step_count);
        if let Some(side) = self.side {
            position.push_str(&format!(" · {side} side"));
        }
        if self.repetitions > 1 {
            position.push_str(&format!(
                " · round {} of {}",
                self.repetition, self.repetitions
            ));
        }
        position
    }

    /// "Where: the back of your neck, left side": where this segment works, in words.
    pub fn where_line(&self) -> Option<String> {
        self.place.map(|place| format!("Where: {place}"))
    }

    /// The routine and step this segment is a part of; `None` for "get ready".
    pub fn step_key(&self) -> Option<(usize, usize)> {
        (self.kind == SegmentKind::Step).then_some((self.routine_index, self.step_number))
    }

    /// The cue spoken or shown as this segment starts, when it is a change of side.
    pub fn is_side_switch_from(&self, previous: &Segment) -> bool {
        self.kind == SegmentKind::Step
            && previous.kind == SegmentKind::Step
            && previous.title == self.title
            && previous.step_number == self.step_number
            && self.side.is_some()
            && previous.side != self.side
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub segments: Vec<Segment>,
}

impl Timeline {
    /// The timeline for routines run one after another.
    pub fn build(routines: &[&Routine], length: Length) -> Timeline {
        let mut segments = vec![get_ready(routines)];
        let mut ordinal = 0;
        for (routine_index, routine) in routines.iter().enumerate() {
            let routine_places: Arc<[Place]> = places(&[routine]).into();
            let step_count = routine.steps.len();
            for (index, step) in routine.steps.iter().enumerate() {
                ordinal += 1;
                let duration = step.duration.map_or(Duration::ZERO, |d| {
                    Duration::from_secs(u64::from(d.pick(length).get()))
                });
                let sides = each_side(&step.sides);
                for repetition in 1..=step.repeat {
                    for side in &sides {
                        segments.push(Segment {
                            kind: SegmentKind::Step,
                            routine_index,
                            routine_title: routine.title.to_string(),
                            ordinal,
                            step_number: index + 1,
                            step_count,
                            title: step.title.to_string(),
                            text: step.text.to_string(),
                            caution: step.caution.as_ref().map(|c| c.to_string()),
                            side: *side,
                            repetition,
                            repetitions: step.repeat,
                            duration,
                            untimed: step.is_untimed(),
                            place: step.place(*side),
                            routine_places: Arc::clone(&routine_places),
                        });
                    }
                }
            }
        }
        Timeline { segments }
    }

    /// Adds a note to the "get ready" segment, e.g. why to go gently, so it is on screen
    /// when the session starts and not only in the verdict above it.
    pub fn remind(&mut self, note: &str) {
        if let Some(get_ready) = self
            .segments
            .iter_mut()
            .find(|s| s.kind == SegmentKind::GetReady)
        {
            get_ready.text = format!("{note} {}", get_ready.text);
        }
    }

    pub fn total(&self) -> Duration {
        self.segments.iter().map(|s| s.duration).sum()
    }

    /// The session from the start of step `ordinal` on (1-based over all its routines),
    /// after "get ready": what `resume` runs. Steps keep their numbers ("Step 3 of 5").
    pub fn from_step(mut self, ordinal: usize) -> Timeline {
        self.segments
            .retain(|s| s.kind == SegmentKind::GetReady || s.ordinal >= ordinal);
        self
    }

    /// Whether a segment has no countdown: the total then says "plus untimed steps".
    pub fn has_untimed(&self) -> bool {
        self.segments.iter().any(|s| s.untimed)
    }

    /// How many steps the routines have: a step done on both sides, or repeated, is one.
    pub fn steps(&self) -> usize {
        let mut keys: Vec<(usize, usize)> =
            self.segments.iter().filter_map(Segment::step_key).collect();
        keys.dedup();
        keys.len()
    }
}

fn get_ready(routines: &[&Routine]) -> Segment {
    let mut equipment: Vec<&str> = routines
        .iter()
        .flat_map(|r| r.equipment.iter().map(|e| &**e))
        .collect();
    equipment.dedup();
    let text = if equipment.is_empty() {
        "Find a comfortable spot. Breathe slowly. Pressure should feel good-sore, never sharp."
            .to_string()
    } else {
        format!(
            "Have ready: {}. Breathe slowly. Pressure should feel good-sore, never sharp.",
            equipment.join(", ")
        )
    };
    let title = routines
        .first()
        .map(|r| r.title.to_string())
        .unwrap_or_default();
    Segment {
        kind: SegmentKind::GetReady,
        routine_index: 0,
        routine_title: title,
        ordinal: 0,
        step_number: 0,
        step_count: 0,
        title: "Get ready".to_string(),
        text,
        caution: None,
        side: None,
        repetition: 1,
        repetitions: 1,
        duration: Duration::from_secs(GET_READY_SECONDS),
        untimed: false,
        place: None,
        routine_places: places(routines).into(),
    }
}

/// The sides a step runs on, once each: `[None]` for a step without sides.
fn each_side(sides: &[Side]) -> Vec<Option<Side>> {
    if sides.is_empty() {
        vec![None]
    } else {
        sides.iter().copied().map(Some).collect()
    }
}

/// Every place the routines' steps work, once each, in the order they are first worked.
fn places(routines: &[&Routine]) -> Vec<Place> {
    let mut places: Vec<Place> = Vec::new();
    for step in routines.iter().flat_map(|r| &r.steps) {
        for side in each_side(&step.sides) {
            if let Some(place) = step.place(side)
                && !places.contains(&place)
            {
                places.push(place);
            }
        }
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Origin;
    use crate::routine::schema::parse_routine;

    fn routine(steps: &str) -> Routine {
        let source = format!(
            "title = \"T\"\nareas = [\"neck\"]\nsummary = \"S\"\nequipment = [\"tennis ball\"]\n{steps}"
        );
        parse_routine("t.toml", "t", &source, Origin::BuiltIn).expect("valid")
    }

    #[test]
    fn sides_and_repeats_expand_in_order() {
        let r = routine(
            "[[steps]]\npressure = \"light\"\ntitle = \"A\"\ntext = \"a\"\nseconds = 10\n\n[[steps]]\npressure = \"light\"\ntitle = \"B\"\ntext = \"b\"\nseconds = 20\nsides = [\"left\", \"right\"]\nrepeat = 2\n",
        );
        let timeline = Timeline::build(&[&r], Length::Standard);
        let labels: Vec<String> = timeline.segments.iter().map(Segment::position).collect();
        assert_eq!(
            labels,
            vec![
                "",
                "Step 1 of 2",
                "Step 2 of 2 · left side · round 1 of 2",
                "Step 2 of 2 · right side · round 1 of 2",
                "Step 2 of 2 · left side · round 2 of 2",
                "Step 2 of 2 · right side · round 2 of 2",
            ]
        );
        assert_eq!(
            timeline.total(),
            Duration::from_secs(GET_READY_SECONDS + 10 + 80)
        );
        assert_eq!(timeline.steps(), 2);
        assert!(timeline.segments[0].text.contains("tennis ball"));
        assert!(timeline.segments[3].is_side_switch_from(&timeline.segments[2]));
        assert!(!timeline.segments[2].is_side_switch_from(&timeline.segments[1]));
    }

    #[test]
    fn a_reminder_goes_into_get_ready_only() {
        let r =
            routine("[[steps]]\npressure = \"light\"\ntitle = \"A\"\ntext = \"a\"\nseconds = 5\n");
        let mut timeline = Timeline::build(&[&r], Length::Standard);
        timeline.remind("Go gently.");
        assert!(timeline.segments[0].text.starts_with("Go gently. "));
        assert_eq!(timeline.segments[1].text, "a");
    }

    #[test]
    fn each_segment_carries_its_place_on_its_side() {
        let r = routine(
            "[[steps]]\npressure = \"light\"\ntitle = \"A\"\ntext = \"a\"\nseconds = 5\n\n[[steps]]\npressure = \"light\"\ntitle = \"B\"\ntext = \"b\"\nseconds = 5\nsides = [\"left\", \"right\"]\nspot = \"top-of-shoulder\"\n\n[[steps]]\npressure = \"light\"\ntitle = \"C\"\ntext = \"c\"\nseconds = 5\nspot = \"back-of-neck\"\n",
        );
        let timeline = Timeline::build(&[&r], Length::Standard);
        let lines: Vec<Option<String>> =
            timeline.segments.iter().map(Segment::where_line).collect();
        assert_eq!(
            lines,
            vec![
                None,
                None,
                Some("Where: the top of your shoulder, left side".to_string()),
                Some("Where: the top of your shoulder, right side".to_string()),
                Some("Where: the back of your neck".to_string()),
            ]
        );
        let all: Vec<String> = timeline.segments[0]
            .routine_places
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            all,
            [
                "the top of your shoulder, left side",
                "the top of your shoulder, right side",
                "the back of your neck",
            ]
        );
        assert_eq!(timeline.segments[4].routine_places.len(), 3);
    }

    #[test]
    fn length_picks_the_end_of_each_range() {
        let r = routine(
            "[[steps]]\npressure = \"light\"\ntitle = \"A\"\ntext = \"a\"\nminutes = [3, 5]\n",
        );
        let step = |length| {
            Timeline::build(&[&r], length).segments[1]
                .duration
                .as_secs()
        };
        assert_eq!(step(Length::Short), 180);
        assert_eq!(step(Length::Standard), 240);
        assert_eq!(step(Length::Long), 300);
    }
}
