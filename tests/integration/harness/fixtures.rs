//! Routine files more than one test module runs, written once.

/// A valid routine with one step, for tests that need "some routine". `id`-free: the id is
/// the file stem.
pub const MINIMAL_ROUTINE: &str = r#"title = "Calf roll"
areas = ["calves"]
summary = "Roll your calves over a ball."

[[steps]]
title = "Roll"
text = "Roll slowly from ankle to knee."
seconds = 20
pressure = "light"
"#;

/// A tiny routine with no questions of its own: 11 s in all (8 s "get ready" and three
/// 1-second steps), one step on both sides.
pub const QUICK: &str = r#"title = "Quick test"
areas = ["neck"]
summary = "A short routine for tests."

[[steps]]
title = "Posture"
text = "Sit tall and drop your shoulders."
seconds = 1
pressure = "light"

[[steps]]
title = "Circles"
text = "Small slow circles over the sore spot."
seconds = 1
sides = ["left", "right"]
pressure = "light"
"#;
