//! The validated routine: types that can only hold what the checks allowed.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::spot::{Place, Spot};

/// Whole seconds. Every duration in a routine is one of these, checked to be > 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Seconds(pub u32);

impl Seconds {
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Seconds {
    /// `45 s`, `3 min`, `1 min 30 s`: how a person says a duration.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (minutes, seconds) = (self.0 / 60, self.0 % 60);
        match (minutes, seconds) {
            (0, s) => write!(f, "{s} s"),
            (m, 0) => write!(f, "{m} min"),
            (m, s) => write!(f, "{m} min {s} s"),
        }
    }
}

/// How long a step lasts: one value, or a range that `--length` picks from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DurationRange {
    pub low: Seconds,
    pub high: Seconds,
}

impl DurationRange {
    pub fn fixed(seconds: u32) -> Self {
        DurationRange {
            low: Seconds(seconds),
            high: Seconds(seconds),
        }
    }

    pub fn is_range(&self) -> bool {
        self.low != self.high
    }

    /// The low, middle or high end. The middle is rounded to 5 s so it reads naturally.
    pub fn pick(&self, length: Length) -> Seconds {
        match length {
            Length::Short => self.low,
            Length::Long => self.high,
            Length::Standard if !self.is_range() => self.low,
            Length::Standard => {
                let middle = (self.low.0 + self.high.0) / 2;
                let rounded = (middle + 2) / 5 * 5;
                Seconds(rounded.clamp(self.low.0, self.high.0))
            }
        }
    }
}

impl fmt::Display for DurationRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.is_range() {
            write!(f, "{}", self.low)
        } else if self.low.0 % 60 == 0 && self.high.0 % 60 == 0 {
            write!(f, "{} to {} min", self.low.0 / 60, self.high.0 / 60)
        } else if self.high.0 < 60 {
            write!(f, "{} to {} s", self.low.0, self.high.0)
        } else {
            write!(f, "{} to {}", self.low, self.high)
        }
    }
}

/// Which end of a duration range to use (`--length` and `length` in the config file).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Deserialize,
    Serialize,
    clap::ValueEnum,
    strum::IntoStaticStr,
    strum::Display,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Length {
    Short,
    #[default]
    Standard,
    Long,
}

impl Length {
    /// The word used on the command line and in the config file.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// A side of the body for steps done once per side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumString, strum::Display)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Side {
    Left,
    Right,
}

impl Side {
    /// `left` or `right`, exactly as written in a routine file.
    pub fn parse(name: &str) -> Option<Side> {
        name.parse().ok()
    }
}

/// How hard a step presses (docs/health-sources.md#safe-places-to-press): firm pressure is for people
/// with no reason to be gentle, so every step above light also says how to do it gently.
/// A step that does not say is medium: leaving the key out never makes a step light.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Pressure {
    Light,
    #[default]
    Medium,
    Firm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub title: String,
    pub text: String,
    /// `None`: an untimed step (`untimed = true`), with no countdown: it lasts until the
    /// person says it is done.
    pub duration: Option<DurationRange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sides: Vec<Side>,
    pub repeat: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
    pub pressure: Pressure,
    /// The same step with light pressure: required for every step above light, used
    /// instead of `text` under a "go ahead gently" verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gentle: Option<String>,
    /// Other pain areas this step touches (the head routine's neck steps): their warning
    /// signs are asked too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// Where the step works, from the spot vocabulary; `None` for a step that presses
    /// nowhere (sitting up, resting).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spot: Option<&'static Spot>,
    /// Offered before the questions; its areas' warning signs are asked only when the
    /// person includes it, and it is left out of the session otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

impl Step {
    /// How many times the step runs: once per side, times `repeat`.
    pub fn runs(&self) -> u32 {
        self.repeat * (self.sides.len().max(1) as u32)
    }

    /// No countdown: the step waits for the person (Enter, or a line without a terminal).
    pub fn is_untimed(&self) -> bool {
        self.duration.is_none()
    }

    /// Above light pressure, with no light version to fall back on.
    fn has_no_gentle_version(&self) -> bool {
        self.pressure > Pressure::Light && self.gentle.is_none()
    }

    /// Where the step works on `side` (`None`: both sides, or a spot without sides).
    pub fn place(&self, side: Option<Side>) -> Option<Place> {
        self.spot.map(|spot| Place::new(spot, side))
    }
}

/// How urgent a red flag is: both mean no massage; they differ in where to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RedFlagLevel {
    /// See a doctor today.
    Urgent,
    /// Call the local emergency number now.
    Emergency,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedFlag {
    /// Stable id: the file's `id`, or the question's words (`id_from_words`).
    pub id: String,
    pub question: String,
    pub level: RedFlagLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caution {
    /// Stable id: the file's `id`, or the question's words (`id_from_words`).
    pub id: String,
    pub question: String,
    /// A doctor's clearance lets the user go ahead gently (true unless the file says not:
    /// e.g. pregnancy for the belly routine).
    pub clearable: bool,
}

/// Where a routine came from: built into the binary, or a user's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("built-in"),
            Origin::File(path) => {
                write!(f, "{}", crate::sanitize::clean(&path.display().to_string()))
            }
        }
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Routine {
    pub id: String,
    pub title: String,
    pub areas: Vec<String>,
    pub aliases: Vec<String>,
    pub summary: String,
    pub equipment: Vec<String>,
    pub tips: Vec<String>,
    pub sources: Vec<String>,
    pub red_flags: Vec<RedFlag>,
    pub cautions: Vec<Caution>,
    pub steps: Vec<Step>,
    pub origin: Origin,
}

impl Routine {
    /// The routine as a person with a reason to be gentle does it (docs/health-sources.md#safe-places-to-press): every step above light pressure is done with its `gentle` text, at light
    /// pressure; a step with no gentle text is left out ([`Routine::left_out_gently`]).
    pub fn gently(&self) -> Routine {
        let mut gentle = self.clone();
        gentle.steps.retain(|step| !step.has_no_gentle_version());
        for step in &mut gentle.steps {
            if let Some(text) = step.gentle.take() {
                step.text = text;
                step.pressure = Pressure::Light;
            }
        }
        gentle
    }

    /// The routine with or without its optional steps.
    pub fn with_optional(&self, include: bool) -> Routine {
        let mut routine = self.clone();
        if !include {
            routine.steps.retain(|step| !step.optional);
        }
        routine
    }

    /// "Add the optional steps for the neck and shoulders?", for a routine with optional
    /// steps: the body parts they touch (their `areas`) when every one names some, else their
    /// titles as written ("Add the optional step “Stretch”?").
    pub fn optional_question(&self) -> Option<String> {
        let optional: Vec<&Step> = self.steps.iter().filter(|s| s.optional).collect();
        if optional.is_empty() {
            return None;
        }
        let steps = if optional.len() == 1 { "step" } else { "steps" };
        let mut names: Vec<String> = Vec::new();
        let mut add = |name: String| {
            if !names.contains(&name) {
                names.push(name);
            }
        };
        if optional.iter().all(|step| !step.areas.is_empty()) {
            for step in &optional {
                for area in &step.areas {
                    add(area.replace('-', " "));
                }
            }
            let names = crate::words::and_list(&names);
            Some(format!("Add the optional {steps} for the {names}?"))
        } else {
            for step in &optional {
                add(format!("“{}”", step.title));
            }
            let names = crate::words::and_list(&names);
            Some(format!("Add the optional {steps} {names}?"))
        }
    }

    /// The steps [`Routine::gently`] leaves out: above light pressure with no gentle text.
    /// (Validation requires the text, so only a routine built in code can have one.)
    pub fn left_out_gently(&self) -> Vec<&Step> {
        self.steps
            .iter()
            .filter(|step| step.has_no_gentle_version())
            .collect()
    }

    /// Whether a step has no countdown: its length is then "plus untimed steps".
    pub fn has_untimed(&self) -> bool {
        self.steps.iter().any(Step::is_untimed)
    }

    /// Each spot its steps work, once, in the order first worked; a spot with sides on
    /// both (`show`'s figure and its legend).
    pub fn spots(&self) -> Vec<Place> {
        let mut spots: Vec<Place> = Vec::new();
        for place in self.steps.iter().filter_map(|step| step.place(None)) {
            if !spots.contains(&place) {
                spots.push(place);
            }
        }
        spots
    }

    /// Total length of its timed steps at each end of their ranges: (shortest, longest).
    /// Untimed steps count nothing ([`Routine::has_untimed`] says there are some).
    pub fn total_range(&self) -> DurationRange {
        let sum = |pick: fn(&DurationRange) -> Seconds| {
            Seconds(
                self.steps
                    .iter()
                    .filter_map(|s| s.duration.map(|d| pick(&d).0 * s.runs()))
                    .sum(),
            )
        };
        DurationRange {
            low: sum(|d| d.low),
            high: sum(|d| d.high),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_is_the_same_for_serde_and_for_the_command_line() {
        for length in [Length::Short, Length::Standard, Length::Long] {
            let json = serde_json::to_value(length).expect("serializes");
            assert_eq!(json, length.name());
            assert_eq!(length.to_string(), length.name());
        }
        for side in [Side::Left, Side::Right] {
            let json = serde_json::to_value(side).expect("serializes");
            assert_eq!(json, side.to_string());
            assert_eq!(Side::parse(&side.to_string()), Some(side));
        }
        assert_eq!(Side::parse("Left"), None);
    }

    // A user file's optional step was offered as "Add the optional step for the s1?": its
    // title lowercased in a sentence meant for body parts.
    #[test]
    fn an_optional_step_is_offered_by_its_areas_else_by_its_title_as_written() {
        let routine = |steps: &str| {
            let source = format!(
                "title = \"T\"\nareas = [\"head\"]\nsummary = \"S\"\n\n[[steps]]\ntitle = \"A\"\ntext = \"Do it.\"\nseconds = 10\npressure = \"light\"\n{steps}"
            );
            crate::routine::schema::parse_routine("t.toml", "t", &source, Origin::BuiltIn)
                .unwrap_or_else(|problems| panic!("{problems:?}"))
        };
        let step = |title: &str, areas: &str| {
            format!(
                "\n[[steps]]\ntitle = \"{title}\"\ntext = \"Do it.\"\nseconds = 10\npressure = \"light\"\noptional = true\n{areas}"
            )
        };
        let untitled = routine(&step("S1", ""));
        assert_eq!(
            untitled.optional_question().as_deref(),
            Some("Add the optional step “S1”?")
        );
        let two = routine(&format!("{}{}", step("S1", ""), step("Jaw Work", "")));
        assert_eq!(
            two.optional_question().as_deref(),
            Some("Add the optional steps “S1” and “Jaw Work”?")
        );
        let areas = routine(&format!(
            "{}{}",
            step("S1", "areas = [\"neck\"]\n"),
            step("S2", "areas = [\"shoulders\", \"upper-back\"]\n")
        ));
        assert_eq!(
            areas.optional_question().as_deref(),
            Some("Add the optional steps for the neck, shoulders and upper back?")
        );
        assert_eq!(
            crate::routine::Catalog::builtin()
                .routines()
                .iter()
                .find(|r| r.id == "head")
                .and_then(Routine::optional_question)
                .as_deref(),
            Some("Add the optional steps for the neck and shoulders?")
        );
    }

    #[test]
    fn gently_every_step_above_light_uses_its_gentle_text_and_one_without_is_left_out() {
        let source = "title = \"T\"\nareas = [\"neck\"]\nsummary = \"S\"\n\n[[steps]]\ntitle = \"Medium\"\ntext = \"Knead hard.\"\nseconds = 10\npressure = \"medium\"\nspot = \"back-of-neck\"\ngentle = \"Rest your fingertips.\"\n\n[[steps]]\ntitle = \"Firm\"\ntext = \"Dig in.\"\nseconds = 10\npressure = \"firm\"\nspot = \"back-of-neck\"\ngentle = \"Stroke lightly.\"\n\n[[steps]]\ntitle = \"Rest\"\ntext = \"Rest.\"\nseconds = 10\npressure = \"light\"\n";
        let mut routine =
            crate::routine::schema::parse_routine("t.toml", "t", source, Origin::BuiltIn)
                .expect("valid");
        let gentle = routine.gently();
        let texts: Vec<&str> = gentle.steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Rest your fingertips.", "Stroke lightly.", "Rest."]);
        assert!(gentle.steps.iter().all(|s| s.pressure == Pressure::Light));
        assert!(routine.left_out_gently().is_empty());
        // A step built in code with no gentle text (files cannot have one) is left out.
        routine.steps[0].gentle = None;
        let titles: Vec<&str> = routine
            .left_out_gently()
            .iter()
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(titles, ["Medium"]);
        assert_eq!(routine.gently().steps.len(), 2);
    }

    /// Done gently, no built-in step keeps a title that names the pressure its gentle text
    /// says not to use: tennis-ball's "More pressure" told you not to add weight.
    #[test]
    fn gently_no_builtin_title_asks_for_pressure() {
        const FIRM_WORDS: [&str; 8] = [
            "pressure", "squeeze", "lean", "firm", "hard", "deep", "dig", "push",
        ];
        let catalog = crate::routine::Catalog::builtin();
        let mut gentle_steps = 0;
        for routine in catalog.routines() {
            let gentle = routine.gently();
            for (step, done) in routine.steps.iter().zip(&gentle.steps) {
                if step.gentle.is_none() {
                    continue;
                }
                gentle_steps += 1;
                let title = done.title.to_lowercase();
                for word in FIRM_WORDS {
                    assert!(
                        !title.contains(word),
                        "{}: {:?} done gently: {:?}",
                        routine.id,
                        done.title.as_str(),
                        done.text.as_str()
                    );
                }
            }
        }
        assert!(gentle_steps > 10, "{gentle_steps}");
    }

    #[test]
    fn seconds_read_naturally() {
        assert_eq!(Seconds(45).to_string(), "45 s");
        assert_eq!(Seconds(180).to_string(), "3 min");
        assert_eq!(Seconds(90).to_string(), "1 min 30 s");
    }

    #[test]
    fn ranges_read_naturally() {
        let minutes = DurationRange {
            low: Seconds(180),
            high: Seconds(300),
        };
        assert_eq!(minutes.to_string(), "3 to 5 min");
        let seconds = DurationRange {
            low: Seconds(20),
            high: Seconds(30),
        };
        assert_eq!(seconds.to_string(), "20 to 30 s");
        let mixed = DurationRange {
            low: Seconds(30),
            high: Seconds(90),
        };
        assert_eq!(mixed.to_string(), "30 s to 1 min 30 s");
    }

    #[test]
    fn length_picks_low_middle_high() {
        let range = DurationRange {
            low: Seconds(180),
            high: Seconds(300),
        };
        assert_eq!(range.pick(Length::Short), Seconds(180));
        assert_eq!(range.pick(Length::Standard), Seconds(240));
        assert_eq!(range.pick(Length::Long), Seconds(300));
        let odd = DurationRange {
            low: Seconds(20),
            high: Seconds(30),
        };
        assert_eq!(odd.pick(Length::Standard), Seconds(25));
        assert_eq!(DurationRange::fixed(7).pick(Length::Standard), Seconds(7));
    }
}
