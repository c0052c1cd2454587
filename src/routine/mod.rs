//! Routines as data: the schema, loading (embedded and user folders), checks and lookup.

pub mod catalog;
pub mod lookup;
pub mod model;
pub mod problem;
pub mod reserved;
pub mod schema;
pub mod spot;

pub use catalog::{BrokenFile, Catalog, RoutineFolder};
pub use lookup::Found;
pub use model::{
    Caution, DurationRange, Length, Origin, Pressure, RedFlag, RedFlagLevel, Routine, Seconds,
    Side, Step,
};
pub use problem::{Problem, Problems};
pub use reserved::{BuiltinQuestion, Reserved};
pub use spot::{Place, Spot};

/// The pain areas the source article names; every one has a built-in routine.
pub const ARTICLE_AREAS: [&str; 8] = [
    "head",
    "neck",
    "shoulders",
    "abdomen",
    "upper-back",
    "lower-back",
    "glutes",
    "hips",
];
