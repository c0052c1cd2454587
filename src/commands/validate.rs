//! `selfmassage validate`: checks routine files and folders, reporting every problem.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::cli::ValidateArgs;
use crate::paths::shown;
use crate::routine::catalog::{duplicate_id, load_file, routine_files};
use crate::routine::{Catalog, Problem, Routine};
use crate::safety::SafetyData;
use crate::settings::Settings;
use crate::ui::text::prose::Prose;

/// Problems were found: already printed, so the error itself says only how many.
#[derive(Debug, thiserror::Error)]
#[error("{count} problem{} found", if *.count == 1 { "" } else { "s" })]
pub struct ValidationFailed {
    pub count: usize,
}

pub fn run(settings: &Settings, args: &ValidateArgs) -> anyhow::Result<()> {
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    let mut problems: Vec<Problem> = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            match routine_files(path) {
                Ok(found) if found.is_empty() => problems.push(Problem::whole_file(
                    &path.display().to_string(),
                    "no .toml routine files in this folder",
                )),
                Ok(found) => files.extend(found),
                Err(error) => problems.push(Problem::whole_file(
                    &path.display().to_string(),
                    format!("cannot read this folder: {error}"),
                )),
            }
        } else {
            files.push(path.clone());
        }
    }
    let data = super::builtin_safety()?;
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    let mut valid = 0;
    let reserved = SafetyData::reserved();
    for file in &files {
        match load_file(file, &reserved) {
            Ok(routine) => {
                if let Some(first) = ids.get(&*routine.id) {
                    problems.push(duplicate_id(file, &routine.id, first));
                    continue;
                }
                ids.insert(routine.id.to_string(), file.clone());
                valid += 1;
                out.say(&format!(
                    "{}: ok ({}, {} step{})",
                    shown(file),
                    routine.id,
                    routine.steps.len(),
                    if routine.steps.len() == 1 { "" } else { "s" }
                ))?;
                for note in notes(&routine, &data) {
                    out.say(&format!("  note: {note}"))?;
                }
            }
            Err(found) => problems.extend(found),
        }
    }
    for problem in &problems {
        out.say(&problem.to_string())?;
    }
    if problems.is_empty() {
        out.say(&format!(
            "{valid} routine file{} valid",
            if valid == 1 { "" } else { "s" }
        ))?;
        Ok(())
    } else {
        Err(ValidationFailed {
            count: problems.len(),
        }
        .into())
    }
}

/// What a valid file changes that its author should know: a built-in it replaces, an area
/// with no built-in warning signs.
fn notes(routine: &Routine, data: &SafetyData) -> Vec<String> {
    let mut notes = Vec::new();
    if Catalog::replaces_builtin(routine) {
        notes.push(format!(
            "replaces the built-in routine \"{}\"; it keeps that routine's areas, and their warning signs are still asked",
            routine.id
        ));
    }
    for area in SafetyData::areas_touched(&[routine]) {
        if data.area(&area).is_none() {
            notes.push(format!(
                "the area \"{area}\" has no built-in warning signs: only the general questions and this file's own are asked"
            ));
        }
    }
    notes
}
