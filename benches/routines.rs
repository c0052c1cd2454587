//! Criterion benchmarks for routine loading (issue 7, "Scale").
//!
//! - `parse_validate/neck`: parse and check one built-in routine (`routines/neck.toml`).
//! - `parse_validate/user_routine`: one of the generated files below, from memory.
//! - `catalog/builtin`: every embedded routine, as `selfmassage` does at startup.
//! - `catalog/folder_1000`: the built-ins plus a folder of 1,000 user routine files, read
//!   from disk (the files are generated into a temporary folder before timing starts).
//!
//! Run: `cargo bench --bench routines` (add `-- --quick` for a shorter run).

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use selfmassage::routine::schema::parse_routine;
use selfmassage::routine::{Catalog, Origin, RoutineFolder};
use selfmassage::safety::SafetyData;

const NECK: &str = include_str!("../routines/neck.toml");

/// How many user routine files the folder benchmark loads.
const FOLDER_FILES: usize = 1_000;

/// A realistic user routine: a few warning questions, a handful of steps with ranges, sides
/// and repeats, so every check in the validator runs.
fn user_routine(n: usize) -> String {
    format!(
        r#"title = "User routine {n}"
areas = ["area-{area}"]
aliases = ["alias {n}", "knot {n}"]
summary = "A generated routine for the loading benchmark, number {n}."
equipment = ["tennis ball"]
tips = ["Breathe slowly.", "Never press on bone."]

[[red_flags]]
question = "Did the pain start after a fall or an accident?"
level = "emergency"

[[cautions]]
question = "Are you pregnant?"

[[steps]]
title = "Warm up"
text = "Rub the area gently with your palm to warm it."
seconds = 30
pressure = "light"

[[steps]]
title = "Press"
text = "Press into the sore spot with your fingertips and hold."
minutes = [1, 2]
sides = ["left", "right"]
caution = "Stop if it hurts sharply."
pressure = "light"

[[steps]]
title = "Circles"
text = "Move your fingertips in slow circles over the spot."
seconds = [20, 40]
repeat = 3
pressure = "light"

[[steps]]
title = "Rest"
text = "Let your arms hang and breathe out slowly."
seconds = 15
pressure = "light"
"#,
        area = n % 25
    )
}

fn write_folder(dir: &Path, count: usize) {
    for n in 0..count {
        fs::write(dir.join(format!("user-{n:04}.toml")), user_routine(n))
            .expect("write a generated routine file");
    }
}

fn parse_validate(c: &mut Criterion) {
    // Make sure we time the success path, not an early error.
    parse_routine("routines/neck.toml", "neck", NECK, Origin::BuiltIn)
        .expect("the built-in neck routine is valid");
    let mut group = c.benchmark_group("parse_validate");
    group.throughput(Throughput::Bytes(NECK.len() as u64));
    group.bench_function("neck", |b| {
        b.iter(|| {
            parse_routine(
                black_box("routines/neck.toml"),
                black_box("neck"),
                black_box(NECK),
                Origin::BuiltIn,
            )
        })
    });
    // One of the generated user routines (as in the folder benchmark): the per-file cost.
    let user = user_routine(7);
    parse_routine("user-0007.toml", "user-0007", &user, Origin::BuiltIn)
        .expect("the generated routine is valid");
    group.throughput(Throughput::Bytes(user.len() as u64));
    group.bench_function("user_routine", |b| {
        b.iter(|| {
            parse_routine(
                black_box("user-0007.toml"),
                black_box("user-0007"),
                black_box(&user),
                Origin::BuiltIn,
            )
        })
    });
    group.finish();
}

fn catalog(c: &mut Criterion) {
    let builtin_count = Catalog::builtin().routines().len();
    assert!(builtin_count > 0, "no built-in routines");

    let dir = tempfile::Builder::new()
        .prefix("selfmassage-bench-")
        .tempdir()
        .expect("create a temporary folder");
    write_folder(dir.path(), FOLDER_FILES);
    let folders = [RoutineFolder {
        path: dir.path().to_path_buf(),
        must_exist: true,
    }];
    // Check once, outside the timing, that every generated file loads.
    let reserved = SafetyData::reserved();
    let loaded = Catalog::load(&folders, &reserved);
    let problems: Vec<String> = loaded.problems().map(|p| p.to_string()).collect();
    assert!(
        problems.is_empty(),
        "generated routines have problems:\n{}",
        problems.join("\n")
    );
    assert_eq!(loaded.routines().len(), builtin_count + FOLDER_FILES);

    let mut group = c.benchmark_group("catalog");
    group.bench_function("builtin", |b| b.iter(|| black_box(Catalog::builtin())));
    group.throughput(Throughput::Elements(FOLDER_FILES as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("folder_1000", |b| {
        b.iter(|| black_box(Catalog::load(black_box(&folders), &reserved)))
    });
    group.finish();
}

criterion_group!(benches, parse_validate, catalog);
criterion_main!(benches);
