//! Where a step works: the fixed vocabulary of spots a routine file may name
//! (`spot = "back-of-neck"`), each with its words and its place on the body figure.
//!
//! One table, [`SPOTS`], holds every spot: its id, what it is called in a sentence, which
//! view of the figure shows it, and where. The figure (`ui::figure`), plain mode, speech
//! and `show --json` all read it from here. The places follow docs/health-sources.md#safe-places-to-press: the back of
//! the neck and never its front, beside the spine and never on it, the upper outer buttock
//! away from the sciatic nerve.
//!
//! Coordinates are figure units: `y` from 0 (mid-thigh) to 102 (the top of the head), and
//! `x` across the body from its midline, positive toward the person's own **right**. For a
//! spot with sides, `x` is its right-hand place and the left one mirrors it.

use std::fmt;

use serde::Serialize;

use super::model::{Pressure, Side};

/// The two outlines of the figure: the person seen from the front or from behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    Front,
    Back,
}

/// A point on the figure, in figure units (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    /// Across the body from its midline, positive toward the person's right.
    pub x: i16,
    /// Up the body, from 0 (mid-thigh) to 102 (the top of the head).
    pub y: i16,
}

/// One named place on the body.
#[derive(Debug, PartialEq, Eq)]
pub struct Spot {
    /// The name a routine file uses: `back-of-neck`.
    pub id: &'static str,
    /// How a sentence names it: "the back of your neck".
    pub words: &'static str,
    pub view: View,
    /// Where it is drawn: usually one point; a spot that spans the back has two.
    pub at: &'static [Point],
    /// The pain areas whose warning signs a step here calls for: the signs follow the body
    /// part pressed, not the label on the routine file (the base of the skull is head and
    /// neck; the top of the shoulder is shoulders and neck; the front of the hip is near
    /// the belly's vessels and hernia site, so it is hips and abdomen).
    pub areas: &'static [&'static str],
    /// The most pressure a step may put here. Light on endangerment sites (the front of
    /// the hip and groin: femoral vessels, hernia site; docs/health-sources.md#safe-places-to-press).
    pub max_pressure: Pressure,
    /// Whether it is on both sides of the body: then `at` is the right-hand place, a step
    /// with `sides` works on one side at a time, and a step without works on both.
    pub sides: bool,
}

const fn at(x: i16, y: i16) -> Point {
    Point { x, y }
}

/// Every spot a routine may name. Documented in docs/routine-format.md#spots; `validate
/// --help` lists them.
pub const SPOTS: &[Spot] = &[
    Spot {
        id: "base-of-skull",
        words: "the base of your skull",
        view: View::Back,
        at: &[at(0, 84)],
        areas: &["head"],
        max_pressure: Pressure::Firm,
        sides: false,
    },
    Spot {
        id: "temples",
        words: "your temples",
        view: View::Front,
        at: &[at(4, 92)],
        areas: &["head"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "back-of-neck",
        words: "the back of your neck",
        view: View::Back,
        at: &[at(2, 77)],
        areas: &["neck"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "top-of-shoulder",
        words: "the top of your shoulder",
        view: View::Back,
        at: &[at(12, 69)],
        areas: &["shoulders", "neck"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "between-shoulder-blades",
        words: "between your spine and shoulder blade",
        view: View::Back,
        at: &[at(6, 62)],
        areas: &["upper-back"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "upper-back",
        words: "beside your spine in your upper back",
        view: View::Back,
        at: &[at(4, 55)],
        areas: &["upper-back"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "lower-back",
        words: "beside your spine in your lower back",
        view: View::Back,
        at: &[at(4, 42)],
        areas: &["lower-back"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "beside-spine",
        words: "beside your spine, in your upper or lower back",
        view: View::Back,
        at: &[at(4, 57), at(4, 42)],
        areas: &["upper-back", "lower-back"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "sacrum",
        words: "either side of your sacrum, at the base of your spine",
        view: View::Back,
        at: &[at(3, 33)],
        areas: &["lower-back"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "upper-outer-buttock",
        words: "the upper, outer part of your buttock",
        view: View::Back,
        at: &[at(10, 28)],
        areas: &["glutes"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "outer-hip",
        words: "the outside of your hip",
        view: View::Front,
        at: &[at(13, 27)],
        areas: &["hips"],
        max_pressure: Pressure::Firm,
        sides: true,
    },
    Spot {
        id: "front-of-hip",
        words: "the front of your hip, just inside the bony point",
        view: View::Front,
        at: &[at(8, 30)],
        areas: &["hips", "abdomen"],
        max_pressure: Pressure::Light,
        sides: true,
    },
    Spot {
        id: "belly-low-right",
        words: "low on the right of your belly, above the pelvic bone",
        view: View::Front,
        at: &[at(7, 34)],
        areas: &["abdomen"],
        max_pressure: Pressure::Firm,
        sides: false,
    },
    Spot {
        id: "belly-right",
        words: "up the right side of your belly",
        view: View::Front,
        at: &[at(8, 43)],
        areas: &["abdomen"],
        max_pressure: Pressure::Firm,
        sides: false,
    },
    Spot {
        id: "belly-top",
        words: "across your belly, just below your ribs",
        view: View::Front,
        at: &[at(0, 50)],
        areas: &["abdomen"],
        max_pressure: Pressure::Firm,
        sides: false,
    },
    Spot {
        id: "belly-left",
        words: "down the left side of your belly",
        view: View::Front,
        at: &[at(-8, 43)],
        areas: &["abdomen"],
        max_pressure: Pressure::Firm,
        sides: false,
    },
    Spot {
        id: "around-navel",
        words: "around your belly button",
        view: View::Front,
        at: &[at(0, 39)],
        areas: &["abdomen"],
        max_pressure: Pressure::Firm,
        sides: false,
    },
];

/// The spot named `id`, if the vocabulary has it.
pub fn find(id: &str) -> Option<&'static Spot> {
    SPOTS.iter().find(|spot| spot.id == id)
}

/// Up to three spot ids close to a mistyped `id`, closest first.
pub fn suggestions(id: &str) -> Vec<&'static str> {
    let mut scored: Vec<(f64, &'static str)> = SPOTS
        .iter()
        .map(|spot| (strsim::jaro_winkler(id, spot.id), spot.id))
        .filter(|(score, candidate)| {
            *score >= 0.8 || strsim::damerau_levenshtein(id, candidate) <= 2
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

/// A spot as one step (or one side of it) works on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub spot: &'static Spot,
    /// The side being worked on; `None` for a step done on both sides at once, or a spot
    /// without sides.
    pub side: Option<Side>,
}

impl Place {
    /// A spot on one side, or on both (`None`). A side is dropped for a spot without sides.
    pub fn new(spot: &'static Spot, side: Option<Side>) -> Place {
        Place {
            spot,
            side: side.filter(|_| spot.sides),
        }
    }

    /// Where it is drawn: one point per place, two when both sides are worked at once.
    pub fn points(&self) -> Vec<Point> {
        let mirror = |p: &Point| at(-p.x, p.y);
        match (self.spot.sides, self.side) {
            (false, _) | (true, Some(Side::Right)) => self.spot.at.to_vec(),
            (true, Some(Side::Left)) => self.spot.at.iter().map(mirror).collect(),
            (true, None) => self
                .spot
                .at
                .iter()
                .flat_map(|p| {
                    let mirrored = mirror(p);
                    if mirrored == *p {
                        vec![*p]
                    } else {
                        vec![*p, mirrored]
                    }
                })
                .collect(),
        }
    }
}

impl fmt::Display for Place {
    /// "the back of your neck, left side": the words plain mode, speech and JSON share.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.spot.words)?;
        match self.side {
            Some(side) => write!(f, ", {side} side"),
            None => Ok(()),
        }
    }
}

impl Serialize for Spot {
    /// `{"id": "back-of-neck", "words": "the back of your neck", "view": "back"}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut spot = serializer.serialize_struct("Spot", 3)?;
        spot.serialize_field("id", self.id)?;
        spot.serialize_field("words", self.words)?;
        spot.serialize_field("view", &self.view)?;
        spot.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::schema::is_valid_name;

    #[test]
    fn ids_are_unique_valid_names_and_words_read_as_a_place() {
        for (i, spot) in SPOTS.iter().enumerate() {
            assert!(is_valid_name(spot.id), "{}", spot.id);
            assert!(
                SPOTS[..i].iter().all(|other| other.id != spot.id),
                "{} twice",
                spot.id
            );
            assert!(!spot.at.is_empty(), "{}", spot.id);
            assert!(spot.words.contains("your"), "{}", spot.words);
            assert_eq!(find(spot.id), Some(spot));
        }
        assert_eq!(find("front-of-neck"), None);
    }

    #[test]
    fn a_spot_with_sides_says_which_and_mirrors() {
        let neck = find("back-of-neck").expect("in the table");
        let left = Place::new(neck, Some(Side::Left));
        assert_eq!(left.to_string(), "the back of your neck, left side");
        assert_eq!(left.points(), vec![at(-2, 77)]);
        assert_eq!(
            Place::new(neck, Some(Side::Right)).points(),
            vec![at(2, 77)]
        );
        let both = Place::new(neck, None);
        assert_eq!(both.to_string(), "the back of your neck");
        assert_eq!(both.points(), vec![at(2, 77), at(-2, 77)]);
    }

    #[test]
    fn a_spot_without_sides_ignores_one() {
        let navel = find("around-navel").expect("in the table");
        let place = Place::new(navel, Some(Side::Left));
        assert_eq!(place.side, None);
        assert_eq!(place.to_string(), "around your belly button");
        assert_eq!(place.points(), vec![at(0, 39)]);
    }

    /// The built-in steps that press nowhere: getting into position, stretching, resting.
    /// Every other built-in step names its spot.
    const PRESS_NOWHERE: &[(&str, &str)] = &[
        ("abdomen", "Lie down"),
        ("abdomen", "Rest"),
        ("glutes", "Set up"),
        ("glutes", "Rest"),
        ("head", "Posture"),
        ("head", "Rest"),
        ("hips", "Lie on your side"),
        ("hips", "Roll off"),
        ("lower-back", "Sit"),
        ("lower-back", "Breathe"),
        ("lower-back-chair", "Sit"),
        ("lower-back-chair", "Breathe"),
        ("neck", "Posture"),
        ("neck", "Rest"),
        ("shoulders", "Posture"),
        ("shoulders", "Head tilt"),
        ("tennis-ball", "Lie down"),
        ("tennis-ball", "Roll off"),
        ("upper-back", "Set up"),
        ("upper-back", "Finish"),
    ];

    #[test]
    fn every_builtin_step_that_presses_names_its_spot() {
        let catalog = crate::routine::Catalog::builtin();
        let mut nowhere = Vec::new();
        for routine in catalog.routines() {
            for step in &routine.steps {
                if step.spot.is_none() {
                    nowhere.push((routine.id.as_str(), step.title.as_str()));
                }
            }
        }
        nowhere.sort_unstable();
        let mut expected = PRESS_NOWHERE.to_vec();
        expected.sort_unstable();
        assert_eq!(nowhere, expected);
    }

    #[test]
    fn the_belly_goes_up_the_right_across_and_down_the_left() {
        let catalog = crate::routine::Catalog::builtin();
        let belly = catalog
            .routines()
            .iter()
            .find(|r| r.id == "abdomen")
            .expect("built in");
        let path: Vec<Point> = belly
            .steps
            .iter()
            .filter_map(|s| s.spot)
            .map(|s| s.at[0])
            .collect();
        // Low right, then up (the person's right is +x), across to the left, down it.
        assert!(
            path[0].x > 0 && path[1].x > 0 && path[1].y > path[0].y,
            "{path:?}"
        );
        assert!(path[2].y > path[1].y && path[2].x < path[1].x, "{path:?}");
        assert!(path[3].x < 0 && path[3].y < path[2].y, "{path:?}");
    }

    #[test]
    fn every_spot_belongs_to_built_in_areas_and_endangerment_sites_are_light() {
        for spot in SPOTS {
            assert!(!spot.areas.is_empty(), "{}", spot.id);
            for area in spot.areas {
                assert!(
                    crate::routine::ARTICLE_AREAS.contains(area),
                    "{}: {area}",
                    spot.id
                );
            }
        }
        let hip = find("front-of-hip").expect("front-of-hip");
        assert_eq!(hip.max_pressure, Pressure::Light);
        assert!(hip.areas.contains(&"abdomen"));
        let skull = find("base-of-skull").expect("base-of-skull");
        // Where a headache's muscles attach: the head's signs. The neck's come with a step
        // on the neck itself (`back-of-neck`, `top-of-shoulder`).
        assert_eq!(skull.areas, ["head"]);
    }

    #[test]
    fn typos_get_suggestions() {
        assert_eq!(suggestions("bak-of-neck").first(), Some(&"back-of-neck"));
        assert_eq!(suggestions("temple").first(), Some(&"temples"));
        assert!(suggestions("elbow").is_empty());
    }
}
