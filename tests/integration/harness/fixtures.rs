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
"#;
