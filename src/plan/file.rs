//! `plan.toml`: the one plan, as a person can read and edit it. Checked like every file the
//! program reads: unknown keys, wrong types and values out of range are problems at
//! `file:line:col`.

use std::ops::RangeInclusive;
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use crate::routine::catalog::read_text;
use crate::routine::schema::normalize_name;
use crate::routine::{Problem, Problems};

/// The allowed values, written once for the file and the command line.
pub struct PlanLimits;

impl PlanLimits {
    pub const DAYS_PER_WEEK: RangeInclusive<u8> = 1..=7;
    pub const WEEKS: RangeInclusive<u8> = 1..=52;
    pub const DEFAULT_DAYS_PER_WEEK: u8 = 5;
    pub const DEFAULT_WEEKS: u8 = 2;
}

/// A valid plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Routine ids, normalized, at least one, no duplicates.
    pub routines: Vec<String>,
    /// Days with a session in each week of the plan (seven days from the start), 1 to 7.
    pub days_per_week: u8,
    /// How many weeks the plan lasts, 1 to 52.
    pub weeks: u8,
    /// The day it began.
    pub start: Date,
}

impl Plan {
    /// The last day of the plan: `weeks` weeks from the start, the start counted.
    pub fn last_day(&self) -> Date {
        self.start
            .checked_add(jiff::Span::new().days(i64::from(self.weeks) * 7 - 1))
            .unwrap_or(Date::MAX)
    }

    /// Reads `path`; `Ok(None)` when there is no plan.
    pub fn load(path: &Path) -> Result<Option<Plan>, Problems> {
        match path.try_exists() {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(error) => {
                return Err(Problems(vec![Problem::whole_file(
                    &path.display().to_string(),
                    format!("cannot read it: {error}"),
                )]));
            }
        }
        let source = read_text(path).map_err(|p| Problems(vec![p]))?;
        Plan::parse(&path.display().to_string(), &source).map(Some)
    }

    /// Parses and checks the text of a plan file named `file`.
    pub fn parse(file: &str, source: &str) -> Result<Plan, Problems> {
        let raw: RawPlan = toml::from_str(source)
            .map_err(|e| Problems(vec![Problem::from_toml(file, source, &e)]))?;
        let mut problems = Vec::new();
        let mut at = |span: std::ops::Range<usize>, message: String| {
            problems.push(Problem::at(file, source, span, message));
        };
        let mut routines: Vec<String> = Vec::new();
        for name in raw.routines.get_ref() {
            let id = normalize_name(name);
            if id.is_empty() {
                at(raw.routines.span(), "a routine id may not be empty".into());
            } else if !routines.contains(&id) {
                routines.push(id);
            }
        }
        if routines.is_empty() {
            at(
                raw.routines.span(),
                "expected at least one routine id, e.g. routines = [\"neck\"]".into(),
            );
        }
        let mut in_range =
            |value: &Spanned<i64>, range: RangeInclusive<u8>, what: &str| match u8::try_from(
                *value.get_ref(),
            ) {
                Ok(n) if range.contains(&n) => n,
                _ => {
                    at(
                        value.span(),
                        format!(
                            "expected {what} from {} to {}, found {}",
                            range.start(),
                            range.end(),
                            value.get_ref()
                        ),
                    );
                    *range.start()
                }
            };
        let days_per_week = in_range(&raw.days_per_week, PlanLimits::DAYS_PER_WEEK, "days a week");
        let weeks = in_range(&raw.weeks, PlanLimits::WEEKS, "weeks");
        let start = match raw.start.get_ref().parse::<Date>() {
            Ok(date) => date,
            Err(_) => {
                at(
                    raw.start.span(),
                    format!(
                        "expected a date as YYYY-MM-DD, found \"{}\"",
                        raw.start.get_ref()
                    ),
                );
                Date::MIN
            }
        };
        if problems.is_empty() {
            Ok(Plan {
                routines,
                days_per_week,
                weeks,
                start,
            })
        } else {
            Err(Problems(problems))
        }
    }

    /// The file's text: commented, so a person can change it by hand.
    pub fn to_toml(&self) -> String {
        let routines: Vec<String> = self
            .routines
            .iter()
            .map(|r| format!("\"{}\"", r.replace('\\', "\\\\").replace('"', "\\\"")))
            .collect();
        format!(
            "# Your self-massage plan, written by `selfmassage plan`. You may edit it;\n\
             # `selfmassage plan --clear` ends it.\n\
             \n\
             # The routines of the plan (their ids, as `selfmassage list` shows them).\n\
             routines = [{}]\n\
             # Days with a session each week of the plan (1 to 7).\n\
             days_per_week = {}\n\
             # How many weeks, counted from the start (1 to 52); then a review.\n\
             weeks = {}\n\
             # The day the plan began (YYYY-MM-DD).\n\
             start = \"{}\"\n",
            routines.join(", "),
            self.days_per_week,
            self.weeks,
            self.start
        )
    }
}

/// The file as written, with where each value is, for the checks.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    routines: Spanned<Vec<String>>,
    days_per_week: Spanned<i64>,
    weeks: Spanned<i64>,
    start: Spanned<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan {
            routines: vec!["neck".into(), "upper-back".into()],
            days_per_week: 5,
            weeks: 2,
            start: jiff::civil::date(2026, 11, 30),
        }
    }

    #[test]
    fn the_written_file_reads_back_as_the_same_plan() {
        let text = plan().to_toml();
        assert_eq!(Plan::parse("plan.toml", &text), Ok(plan()));
        assert_eq!(plan().last_day(), jiff::civil::date(2026, 12, 13));
    }

    #[test]
    fn problems_name_the_line_and_column() {
        let bad = |text: &str| -> Vec<String> {
            let Problems(problems) = Plan::parse("plan.toml", text).expect_err("invalid");
            problems.iter().map(ToString::to_string).collect()
        };
        let base = "routines = [\"neck\"]\ndays_per_week = 5\nweeks = 2\nstart = \"2026-11-30\"\n";
        let out_of_range = bad(&base.replace("days_per_week = 5", "days_per_week = 9"));
        assert_eq!(out_of_range.len(), 1);
        assert!(
            out_of_range[0].starts_with("plan.toml:2:17: expected days a week from 1 to 7"),
            "{out_of_range:?}"
        );
        let date = bad(&base.replace("2026-11-30", "30/11/2026"));
        assert!(
            date[0].starts_with("plan.toml:4:9: expected a date"),
            "{date:?}"
        );
        let unknown = bad(&format!("{base}wekes = 3\n"));
        assert!(unknown[0].starts_with("plan.toml:5:1:"), "{unknown:?}");
        let empty = bad(&base.replace("[\"neck\"]", "[]"));
        assert!(
            empty[0].starts_with("plan.toml:1:12: expected at least one"),
            "{empty:?}"
        );
        let missing = bad("routines = [\"neck\"]\n");
        assert!(missing[0].contains("days_per_week"), "{missing:?}");
    }
}
