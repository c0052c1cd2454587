//! The routine file as written (serde types, unknown keys rejected) and the checks that
//! turn it into a [`Routine`].

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::ARTICLE_AREAS;
use super::model::{
    Caution, DurationRange, Origin, Pressure, RedFlag, RedFlagLevel, Routine, Seconds, Side, Step,
};
use super::problem::Problem;
use super::spot::{self, Place, Spot};
use crate::sanitize::clean;

/// The longest a single step may last. Longer is almost surely a typo (minutes for seconds).
pub const MAX_STEP_SECONDS: u32 = 60 * 60;
/// The most time one spot (one [`Place`]: each side on its own) may be worked in a routine,
/// and in a session however often `+` is pressed: no source advises more than 10 minutes
/// on one spot (docs/health-sources.md#safe-places-to-press).
pub const MAX_SPOT_SECONDS: u32 = 10 * 60;
/// The longest a whole routine may last, at the long end of its ranges; and the longest a
/// session may grow with `+`.
pub const MAX_ROUTINE_SECONDS: u32 = 60 * 60;
/// The most times a step may repeat.
pub const MAX_REPEAT: i64 = 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutineFile {
    id: Option<Spanned<String>>,
    title: Spanned<String>,
    areas: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    summary: Spanned<String>,
    #[serde(default)]
    equipment: Vec<Spanned<String>>,
    #[serde(default)]
    tips: Vec<Spanned<String>>,
    #[serde(default)]
    sources: Vec<Spanned<String>>,
    #[serde(default)]
    red_flags: Vec<RedFlagFile>,
    #[serde(default)]
    cautions: Vec<CautionFile>,
    #[serde(default)]
    steps: Option<Spanned<Vec<StepFile>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RedFlagFile {
    id: Option<Spanned<String>>,
    question: Spanned<String>,
    #[serde(default)]
    level: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CautionFile {
    id: Option<Spanned<String>>,
    question: Spanned<String>,
    #[serde(default)]
    clearable: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    title: Spanned<String>,
    text: Spanned<String>,
    seconds: Option<Spanned<toml::Value>>,
    minutes: Option<Spanned<toml::Value>>,
    #[serde(default)]
    sides: Vec<Spanned<String>>,
    repeat: Option<Spanned<i64>>,
    caution: Option<Spanned<String>>,
    pressure: Option<Spanned<String>>,
    gentle: Option<Spanned<String>>,
    #[serde(default)]
    areas: Vec<Spanned<String>>,
    spot: Option<Spanned<String>>,
    untimed: Option<Spanned<bool>>,
    #[serde(default)]
    optional: bool,
}

/// Collects problems while checking one file.
struct Checker<'a> {
    file: &'a str,
    source: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, span: Range<usize>, message: impl AsRef<str>) {
        self.problems
            .push(Problem::at(self.file, self.source, span, message));
    }

    /// Cleans a text field and reports it when nothing printable is left.
    fn text(&mut self, value: &Spanned<String>, what: &str) -> String {
        let cleaned = clean(value.get_ref()).trim().to_string();
        if cleaned.is_empty() {
            self.report(value.span(), format!("{what} is empty: write a few words"));
        }
        cleaned
    }

    fn texts(&mut self, values: &[Spanned<String>], what: &str) -> Vec<String> {
        values.iter().map(|v| self.text(v, what)).collect()
    }

    /// A name people type (`lower-back`): lowercase letters, digits and dashes.
    fn name(&mut self, value: &Spanned<String>, what: &str) -> String {
        let name = value.get_ref().trim();
        if !is_valid_name(name) {
            self.report(
                value.span(),
                format!(
                    "{what} \"{}\" may hold only lowercase letters, digits and '-' (like \"lower-back\")",
                    clean(name)
                ),
            );
        }
        name.to_string()
    }
}

impl Checker<'_> {
    /// A pain area: a valid name, and not a near miss of a built-in area ("shoulder" for
    /// "shoulders" would silently drop that area's warning signs). Any other new area is
    /// allowed: the run says it has no built-in warning signs before the questions.
    fn area(&mut self, value: &Spanned<String>) -> String {
        let area = self.name(value, "area");
        if is_valid_name(&area)
            && let Some(close) = near_builtin_area(&area)
        {
            self.report(
                value.span(),
                format!(
                    "unknown area \"{}\": did you mean \"{close}\"? (a built-in area's warning signs are asked only under its exact name)",
                    clean(&area)
                ),
            );
        }
        area
    }
}

/// The built-in area within two letters of `area`, when `area` is not one itself.
pub fn near_builtin_area(area: &str) -> Option<&'static str> {
    if ARTICLE_AREAS.contains(&area) {
        return None;
    }
    ARTICLE_AREAS
        .iter()
        .map(|known| (strsim::damerau_levenshtein(area, known), *known))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, known)| known)
}

/// Parses and checks one routine file. `stem` is the file name without `.toml`, the id
/// when the file gives none. Returns every problem found, each with line and column.
pub fn parse_routine(
    file: &str,
    stem: &str,
    source: &str,
    origin: Origin,
) -> Result<Routine, Vec<Problem>> {
    let raw: RoutineFile =
        toml::from_str(source).map_err(|e| vec![Problem::from_toml(file, source, &e)])?;
    let mut check = Checker {
        file,
        source,
        problems: Vec::new(),
    };

    let id = match &raw.id {
        Some(id) => check.name(id, "id"),
        None if is_valid_name(stem) => stem.to_string(),
        None => {
            check.report(
                0..0,
                format!(
                    "the file name \"{}\" is not a valid id: add `id = \"...\"` (lowercase letters, digits, '-')",
                    clean(stem)
                ),
            );
            String::new()
        }
    };
    let title = check.text(&raw.title, "title");
    if raw.areas.get_ref().is_empty() {
        check.report(
            raw.areas.span(),
            "areas is empty: name at least one pain area, like [\"neck\"]",
        );
    }
    let areas = raw.areas.get_ref().iter().map(|a| check.area(a)).collect();
    let aliases = raw
        .aliases
        .iter()
        .map(|a| check.text(a, "alias").to_lowercase())
        .collect();
    let summary = check.text(&raw.summary, "summary");
    let equipment = check.texts(&raw.equipment, "equipment");
    let tips = check.texts(&raw.tips, "tip");
    let sources = check.texts(&raw.sources, "source");
    let red_flags = raw
        .red_flags
        .iter()
        .map(|flag| {
            let question = check.text(&flag.question, "red flag question");
            RedFlag {
                id: question_id(&mut check, flag.id.as_ref(), &question),
                question,
                level: red_flag_level(&mut check, flag.level.as_ref()),
            }
        })
        .collect();
    let cautions = raw
        .cautions
        .iter()
        .map(|c| {
            let question = check.text(&c.question, "caution question");
            Caution {
                id: question_id(&mut check, c.id.as_ref(), &question),
                question,
                clearable: c.clearable.unwrap_or(true),
            }
        })
        .collect();

    let steps = match &raw.steps {
        None => {
            check.report(
                source.len()..source.len(),
                "the routine has no steps: add at least one [[steps]] table",
            );
            Vec::new()
        }
        Some(steps) if steps.get_ref().is_empty() => {
            check.report(
                steps.span(),
                "the routine has no steps: add at least one [[steps]] table",
            );
            Vec::new()
        }
        Some(steps) => steps
            .get_ref()
            .iter()
            .filter_map(|s| step(&mut check, s))
            .collect(),
    };

    if check.problems.is_empty()
        && let Some(raw_steps) = &raw.steps
    {
        time_limits(&mut check, raw_steps.get_ref(), &steps);
        // Optional steps are offered, and may all be declined: a session needs one that is not.
        if steps.iter().all(|s| s.optional) {
            check.report(
                raw_steps.span(),
                "every step is `optional = true`, so a session could have no steps: take `optional = true` out of at least one step",
            );
        }
    }
    // In the order of the file, as a person reads it.
    check.problems.sort_by_key(|p| (p.line, p.column));
    if check.problems.is_empty() {
        Ok(Routine {
            id,
            title,
            areas,
            aliases,
            summary,
            equipment,
            tips,
            sources,
            red_flags,
            cautions,
            steps,
            origin,
        })
    } else {
        Err(check.problems)
    }
}

/// No source advises holding one spot for more than 10 minutes, and a routine of more
/// than an hour is almost surely a typo (minutes for seconds). Counts the long end of
/// every range, each repeat, and each side on its own; "one spot" is one [`Place`], as
/// the session's `+` counts it.
fn time_limits(check: &mut Checker<'_>, raw: &[StepFile], steps: &[Step]) {
    let mut per_place: Vec<(Place, u32)> = Vec::new();
    let mut total: u32 = 0;
    for (raw, step) in raw.iter().zip(steps) {
        // An untimed step counts 0 s: it lasts as long as the person takes.
        let high = step.duration.map_or(0, |d| d.high.get());
        let once = high.saturating_mul(step.repeat);
        total = total.saturating_add(once.saturating_mul(step.sides.len().max(1) as u32));
        let sides: Vec<Option<Side>> = if step.sides.is_empty() {
            vec![None]
        } else {
            step.sides.iter().copied().map(Some).collect()
        };
        for place in sides.into_iter().filter_map(|side| step.place(side)) {
            let held = match per_place.iter_mut().find(|(p, _)| *p == place) {
                Some(entry) => {
                    entry.1 = entry.1.saturating_add(once);
                    entry.1
                }
                None => {
                    per_place.push((place, once));
                    once
                }
            };
            if held > MAX_SPOT_SECONDS {
                check.report(
                    raw.title.span(),
                    format!(
                        "this routine holds {} for up to {}: at most {} on one spot (split the time between spots, or shorten it)",
                        place.spot.words,
                        Seconds(held),
                        Seconds(MAX_SPOT_SECONDS)
                    ),
                );
                return;
            }
        }
    }
    if total > MAX_ROUTINE_SECONDS {
        check.report(
            0..0,
            format!(
                "the routine lasts up to {}: at most {} in all (make it shorter, or make two routines)",
                Seconds(total),
                Seconds(MAX_ROUTINE_SECONDS)
            ),
        );
    }
}

/// A question's `id` as written (a valid name), or one made from its words.
fn question_id(check: &mut Checker<'_>, id: Option<&Spanned<String>>, question: &str) -> String {
    match id {
        Some(id) => check.name(id, "question id"),
        None => id_from_words(question),
    }
}

fn red_flag_level(check: &mut Checker<'_>, level: Option<&Spanned<String>>) -> RedFlagLevel {
    match level.map(|l| (l, l.get_ref().as_str())) {
        None | Some((_, "urgent")) => RedFlagLevel::Urgent,
        Some((_, "emergency")) => RedFlagLevel::Emergency,
        Some((l, other)) => {
            check.report(
                l.span(),
                format!(
                    "unknown level \"{}\": expected \"emergency\" or \"urgent\"",
                    clean(other)
                ),
            );
            RedFlagLevel::Urgent
        }
    }
}

fn step(check: &mut Checker<'_>, raw: &StepFile) -> Option<Step> {
    let title = check.text(&raw.title, "step title");
    let text = check.text(&raw.text, "step text");
    let untimed = raw.untimed.as_ref().is_some_and(|u| *u.get_ref());
    // `Some(None)`: untimed; `None`: a problem was reported.
    let duration: Option<Option<DurationRange>> = match (&raw.seconds, &raw.minutes) {
        (Some(given), None) | (None, Some(given)) if untimed => {
            check.report(
                given.span(),
                "an untimed step has no `seconds` or `minutes`: it waits for Enter (take one out)",
            );
            None
        }
        (None, None) if untimed => Some(None),
        (Some(seconds), None) => duration(check, seconds, 1.0).map(Some),
        (None, Some(minutes)) => duration(check, minutes, 60.0).map(Some),
        (Some(_), Some(minutes)) => {
            check.report(
                minutes.span(),
                "give either `seconds` or `minutes`, not both",
            );
            None
        }
        (None, None) => {
            check.report(
                raw.title.span(),
                "this step has no duration: add `seconds = 30` or `minutes = [3, 5]` (or `untimed = true`: it waits for Enter)",
            );
            None
        }
    };
    let mut sides = Vec::new();
    for side in &raw.sides {
        match Side::parse(side.get_ref()) {
            Some(s) if sides.contains(&s) => {
                check.report(side.span(), format!("side \"{s}\" is listed twice"))
            }
            Some(s) => sides.push(s),
            None => check.report(
                side.span(),
                format!(
                    "unknown side \"{}\": expected \"left\" or \"right\"",
                    clean(side.get_ref())
                ),
            ),
        }
    }
    let repeat = match &raw.repeat {
        None => 1,
        Some(r) if (1..=MAX_REPEAT).contains(r.get_ref()) => *r.get_ref() as u32,
        Some(r) => {
            check.report(
                r.span(),
                format!("repeat must be a whole number from 1 to {MAX_REPEAT}"),
            );
            1
        }
    };
    let caution = raw.caution.as_ref().map(|c| check.text(c, "step caution"));
    let pressure = match &raw.pressure {
        None => Pressure::default(),
        Some(p) => match p.get_ref().as_str() {
            "light" => Pressure::Light,
            "medium" => Pressure::Medium,
            "firm" => Pressure::Firm,
            other => {
                check.report(
                    p.span(),
                    format!(
                        "unknown pressure \"{}\": expected \"light\", \"medium\" or \"firm\"",
                        clean(other)
                    ),
                );
                Pressure::Medium
            }
        },
    };
    let gentle = raw.gentle.as_ref().map(|g| check.text(g, "gentle text"));
    let areas = raw.areas.iter().map(|a| check.area(a)).collect();
    let spot = raw.spot.as_ref().and_then(|s| spot(check, s));
    let pressure_span = raw
        .pressure
        .as_ref()
        .map_or(raw.title.span(), Spanned::span);
    if pressure > Pressure::Light {
        // Left out, pressure is medium: a step that says nothing still presses.
        let said = if raw.pressure.is_none() {
            "this step has no `pressure`, so it counts as medium: "
        } else {
            ""
        };
        if gentle.is_none() {
            check.report(
                pressure_span.clone(),
                format!(
                    "{said}a step above light pressure needs a `gentle` text: the same step with light pressure, for people who should not press hard (or write pressure = \"light\")"
                ),
            );
        }
        if raw.spot.is_none() {
            check.report(
                pressure_span.clone(),
                format!(
                    "{said}a step above light pressure needs a `spot` saying where it presses, so the warning signs of that part of the body are asked (see `selfmassage validate --help` for the spot names)"
                ),
            );
        }
    }
    if let (Some(spot), Some(value)) = (spot, raw.spot.as_ref())
        && pressure > spot.max_pressure
    {
        check.report(
            value.span(),
            format!(
                "{} is a place where pressure can harm: only pressure = \"light\" is allowed there",
                spot.words
            ),
        );
    }
    Some(Step {
        title,
        text,
        duration: duration?,
        sides,
        repeat,
        caution,
        pressure,
        gentle,
        areas,
        spot,
        optional: raw.optional,
    })
}

/// Reads `spot`: a name from the spot vocabulary, with the closest names for a typo.
fn spot(check: &mut Checker<'_>, value: &Spanned<String>) -> Option<&'static Spot> {
    let name = value.get_ref().trim();
    let found = spot::find(name);
    if found.is_none() {
        let close = spot::suggestions(name);
        let hint = if close.is_empty() {
            let all: Vec<&str> = spot::SPOTS.iter().map(|s| s.id).collect();
            format!("expected one of: {}", all.join(", "))
        } else {
            let quoted: Vec<String> = close.iter().map(|id| format!("\"{id}\"")).collect();
            format!("did you mean {}?", quoted.join(" or "))
        };
        check.report(
            value.span(),
            format!("unknown spot \"{}\": {hint}", clean(name)),
        );
    }
    found
}

/// Reads `seconds`/`minutes`: a positive number or a `[low, high]` range.
fn duration(
    check: &mut Checker<'_>,
    value: &Spanned<toml::Value>,
    unit_seconds: f64,
) -> Option<DurationRange> {
    let span = value.span();
    let expected = "expected a number like 30 or a range like [20, 30]";
    let number = |v: &toml::Value| match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    };
    let (low, high) = match value.get_ref() {
        toml::Value::Array(items) if items.len() == 2 => {
            match (number(&items[0]), number(&items[1])) {
                (Some(low), Some(high)) => (low, high),
                _ => {
                    check.report(
                        span,
                        format!("a duration range holds two numbers: {expected}"),
                    );
                    return None;
                }
            }
        }
        toml::Value::Array(_) => {
            check.report(
                span,
                format!("a duration range holds exactly two numbers: {expected}"),
            );
            return None;
        }
        other => match number(other) {
            Some(n) => (n, n),
            None => {
                check.report(span, format!("the duration is not a number: {expected}"));
                return None;
            }
        },
    };
    if !(low.is_finite() && high.is_finite()) {
        check.report(
            span,
            format!("the duration is not a finite number: {expected}"),
        );
        return None;
    }
    if low <= 0.0 || high <= 0.0 {
        check.report(span, "a duration must be more than 0 seconds");
        return None;
    }
    let to_seconds = |n: f64| (n * unit_seconds).round();
    let (low, high) = (to_seconds(low), to_seconds(high));
    if low < 1.0 {
        check.report(span, "a duration must be at least 1 second");
        return None;
    }
    if low > high {
        check.report(
            span,
            "the range is inverted: write the shorter duration first, like [3, 5]",
        );
        return None;
    }
    if high > f64::from(MAX_STEP_SECONDS) {
        check.report(
            span,
            format!(
                "a step may last at most {} minutes: split it into shorter steps",
                MAX_STEP_SECONDS / 60
            ),
        );
        return None;
    }
    Some(DurationRange {
        low: Seconds(low as u32),
        high: Seconds(high as u32),
    })
}

/// Ids, areas and the names people type: lowercase ASCII letters, digits, single dashes.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}

/// The id a question gets when its file gives none: its words, lowercase, with dashes.
pub fn id_from_words(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join("-")
}

/// What a typed name is compared as: lowercase, spaces and underscores as dashes.
pub fn normalize_name(name: &str) -> String {
    let lowered = name.trim().to_lowercase().replace(['_', ' '], "-");
    lowered
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Routine, Vec<Problem>> {
        parse_routine("t.toml", "t", source, Origin::BuiltIn)
    }

    const MINIMAL: &str = "title = \"T\"\nareas = [\"neck\"]\nsummary = \"S\"\n\n[[steps]]\ntitle = \"A\"\ntext = \"Do it.\"\nseconds = 10\npressure = \"light\"\n";

    #[test]
    fn minimal_routine_parses_with_stem_as_id() {
        let routine = parse(MINIMAL).expect("valid");
        assert_eq!(routine.id, "t");
        assert_eq!(routine.steps[0].duration, Some(DurationRange::fixed(10)));
        assert_eq!(routine.steps[0].repeat, 1);
    }

    #[test]
    fn minutes_ranges_become_seconds() {
        let source = MINIMAL.replace("seconds = 10", "minutes = [1.5, 3]");
        let routine = parse(&source).expect("valid");
        let duration = routine.steps[0].duration.expect("timed");
        assert_eq!(duration.low, Seconds(90));
        assert_eq!(duration.high, Seconds(180));
    }

    fn only_problem(source: &str) -> Problem {
        let problems = parse(source).expect_err("invalid");
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems.into_iter().next().expect("one problem")
    }

    #[test]
    fn negative_and_zero_durations_are_rejected_on_their_line() {
        let p = only_problem(&MINIMAL.replace("seconds = 10", "seconds = -5"));
        assert_eq!((p.line, p.column), (8, 11));
        assert!(p.message.contains("more than 0"), "{p}");
        let p = only_problem(&MINIMAL.replace("seconds = 10", "seconds = 0"));
        assert!(p.message.contains("more than 0"), "{p}");
    }

    #[test]
    fn inverted_range_and_hundred_hours_are_rejected() {
        let p = only_problem(&MINIMAL.replace("seconds = 10", "minutes = [5, 3]"));
        assert!(p.message.contains("inverted"), "{p}");
        let p = only_problem(&MINIMAL.replace("seconds = 10", "minutes = 6000"));
        assert!(p.message.contains("at most 60 minutes"), "{p}");
    }

    #[test]
    fn unknown_key_names_its_line() {
        let p = only_problem(&MINIMAL.replace("seconds = 10", "seconds = 10\nsecs = 3"));
        assert_eq!(p.line, 9);
        assert!(p.message.contains("unknown field `secs`"), "{p}");
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let source = "title = \"\"\nareas = [\"Neck!\"]\nsummary = \"S\"\n\n[[steps]]\npressure = \"light\"\ntitle = \"A\"\ntext = \"x\"\nseconds = 1\nsides = [\"up\"]\nrepeat = 0\n";
        let problems = parse(source).expect_err("invalid");
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn a_known_spot_is_kept_and_an_unknown_one_named_with_a_suggestion() {
        let source = MINIMAL.replace("seconds = 10", "seconds = 10\nspot = \"back-of-neck\"");
        let step = &parse(&source).expect("valid").steps[0];
        assert_eq!(step.spot.map(|s| s.id), Some("back-of-neck"));
        let p =
            only_problem(&MINIMAL.replace("seconds = 10", "seconds = 10\nspot = \"bak-of-neck\""));
        assert_eq!((p.line, p.column), (9, 8));
        assert!(p.message.contains("unknown spot \"bak-of-neck\""), "{p}");
        assert!(p.message.contains("did you mean \"back-of-neck\""), "{p}");
        let p = only_problem(&MINIMAL.replace("seconds = 10", "seconds = 10\nspot = \"elbow\""));
        assert!(
            p.message.contains("expected one of: base-of-skull, "),
            "{p}"
        );
    }

    #[test]
    fn an_untimed_step_has_no_duration_and_counts_nothing_in_the_limits() {
        let source = MINIMAL.replace("seconds = 10", "untimed = true");
        let routine = parse(&source).expect("valid");
        assert!(routine.steps[0].is_untimed());
        assert!(routine.has_untimed());
        assert_eq!(routine.total_range(), DurationRange::fixed(0));
        let p = only_problem(&MINIMAL.replace("seconds = 10", "seconds = 10\nuntimed = true"));
        assert_eq!((p.line, p.column), (8, 11));
        assert!(
            p.message.contains("an untimed step has no `seconds`"),
            "{p}"
        );
        // `untimed = false` is a timed step: it needs its duration.
        let p = only_problem(&MINIMAL.replace("seconds = 10", "untimed = false"));
        assert!(p.message.contains("no duration"), "{p}");
    }

    #[test]
    fn missing_steps_are_reported() {
        let p = only_problem("title = \"T\"\nareas = [\"neck\"]\nsummary = \"S\"\n");
        assert!(p.message.contains("no steps"), "{p}");
    }

    #[test]
    fn text_is_cleaned_of_escape_sequences() {
        let source = MINIMAL.replace("title = \"T\"", "title = \"T\\u001b[2Jx\"");
        assert_eq!(parse(&source).expect("valid").title, "Tx");
    }

    #[test]
    fn ids_from_words_are_stable() {
        assert_eq!(
            id_from_words("Do you have a hernia?"),
            "do-you-have-a-hernia"
        );
    }

    #[test]
    fn names_normalize() {
        assert_eq!(normalize_name(" Lower Back "), "lower-back");
        assert_eq!(normalize_name("stiff__neck"), "stiff-neck");
        assert!(is_valid_name("upper-back"));
        assert!(!is_valid_name("Upper"));
        assert!(!is_valid_name("-x"));
        // normalize_name folds "--", so such an id could never be found.
        assert!(!is_valid_name("a--b"));
    }
}
