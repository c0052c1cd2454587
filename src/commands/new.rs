//! `selfmassage new <ID> [--from ROUTINE]`: a commented routine template, or a copy of a
//! routine, in the user's routine folder. A built-in's id is refused without `--from`: a
//! file with that id replaces the built-in, which is done on purpose or not at all.

use anyhow::{Context as _, anyhow};
use toml_edit::{DocumentMut, Item, Value};

use crate::cli::NewArgs;
use crate::exit::UsageError;
use crate::paths::shown;
use crate::routine::schema::{is_valid_name, parse_routine};
use crate::routine::{Catalog, Origin, Problems, Routine};
use crate::safety::SafetyData;
use crate::sanitize::clean;
use crate::settings::Settings;
use crate::ui::text::prose::Prose;

use super::config::write_new_file;

pub fn run(settings: &Settings, args: &NewArgs) -> anyhow::Result<()> {
    let id = &args.id;
    if !is_valid_name(id) {
        return Err(UsageError(format!(
            "\"{}\" is not a valid routine id: use lowercase letters, digits and '-', like \"upper-neck\"",
            clean(id)
        ))
        .into());
    }
    let replaces = Catalog::builtin_source(id).is_some();
    if replaces && args.from.is_none() {
        return Err(UsageError(format!(
            "\"{id}\" is a built-in routine, and a file of yours with its id would replace it, \
             so nothing was written. To replace it on purpose, start from a copy of it: \
             `selfmassage new {id} --from {id}`. For a routine of your own, pick another id, \
             e.g. `selfmassage new my-{id} --from {id}`."
        ))
        .into());
    }
    let path = settings.paths.user_routines().join(format!("{id}.toml"));
    let catalog = settings.catalog();
    if let Some(Origin::File(other)) = catalog
        .routines()
        .iter()
        .find(|r| r.id == *id)
        .map(|r| &r.origin)
        .filter(|origin| !matches!(origin, Origin::File(p) if *p == path))
    {
        return Err(UsageError(format!(
            "your routine file {} already has the id \"{id}\", so nothing was written: pick another id",
            shown(other)
        ))
        .into());
    }
    let data = super::builtin_safety()?;
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    let what = match &args.from {
        None => {
            write_new_file(&path, &template(id, &data))?;
            format!("Wrote {}.", shown(&path))
        }
        Some(from) => {
            let source =
                match super::resolve(settings, &catalog, std::slice::from_ref(from))?.as_slice() {
                    [one] => *one,
                    _ => return Err(anyhow!("\"{}\" names no single routine", clean(from))),
                };
            let (text, described) = match &source.origin {
                Origin::BuiltIn => (
                    Catalog::builtin_source(&source.id)
                        .context("a built-in routine's file is missing from the program")?
                        .to_string(),
                    format!("the built-in routine \"{}\"", source.id),
                ),
                Origin::File(file) => (
                    crate::routine::catalog::read_text(file).map_err(|p| anyhow!(p))?,
                    format!("your routine \"{}\" ({})", clean(&source.id), shown(file)),
                ),
            };
            let copy =
                copy_of(&text, source, id, &template_of(id, source, &data)).map_err(|error| {
                    anyhow!(
                        "{} could not be copied: {}",
                        described,
                        clean(error.to_string().trim())
                    )
                })?;
            check(&path, id, &copy, source).with_context(|| {
                format!("the copy of {described} would not be valid, so nothing was written")
            })?;
            write_new_file(&path, &copy)?;
            let mut said = format!("Wrote {}, a copy of {described}.", shown(&path));
            if replaces {
                said.push_str(&format!(
                    "\nIt replaces the built-in routine \"{id}\": `selfmassage {id}` now runs your \
                     copy (the warning signs of its areas are still asked). Remove the file to \
                     have the built-in back."
                ));
            }
            said
        }
    };
    out.say(&format!(
        "{what}\nEdit it, then check it with:\n    selfmassage validate {path}\nRun it with:\n    selfmassage {id}",
        path = crate::paths::for_shell(&path),
    ))?;
    Ok(())
}

/// The copy passes `selfmassage validate`: it parses, has every step of `source`, and takes
/// no built-in's words or questions.
fn check(path: &std::path::Path, id: &str, copy: &str, source: &Routine) -> anyhow::Result<()> {
    let shown_path = path.display().to_string();
    let routine = parse_routine(&shown_path, id, copy, Origin::File(path.to_path_buf()))
        .map_err(|problems| anyhow!(Problems(problems)))?;
    if routine.steps.len() != source.steps.len() {
        return Err(anyhow!(
            "it has {} steps where \"{}\" has {}",
            routine.steps.len(),
            clean(&source.id),
            source.steps.len()
        ));
    }
    let problems = SafetyData::reserved().check(&shown_path, copy, &routine);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(anyhow!(Problems(problems)))
    }
}

/// The template whose notes a copy of `source` gets: it lists the warning signs of the
/// routine's first area that has built-in ones.
fn template_of(id: &str, source: &Routine, data: &SafetyData) -> String {
    let area = SafetyData::areas_touched(&[source])
        .into_iter()
        .find(|area| data.area(area).is_some())
        .unwrap_or_else(|| TEMPLATE_AREA.to_string());
    template_for(id, &area, data)
}

/// The comment of a `key = value  # comment` line, without its `#`.
fn trailing_comment(value: &Value) -> Option<&str> {
    let suffix = value.decor().suffix()?.as_str()?;
    let comment = suffix.split_once('#')?.1.trim();
    (!comment.is_empty()).then_some(comment)
}

/// Gives each key of `table` that has no comment of its own the note `notes` has for it.
fn add_notes(table: &mut toml_edit::Table, notes: &[(String, String)], noted: &mut Vec<String>) {
    for (key, item) in table.iter_mut() {
        let Some(value) = item.as_value_mut() else {
            continue;
        };
        if noted.iter().any(|k| k == key.get()) {
            continue;
        }
        if trailing_comment(value).is_some() {
            // Explained already, here or by the file's author.
            noted.push(key.get().to_string());
            continue;
        }
        if let Some((_, note)) = notes.iter().find(|(k, _)| k == key.get()) {
            value.decor_mut().set_suffix(format!("  # {note}"));
            noted.push(key.get().to_string());
        }
    }
}

/// The template's note for each key of `table`; a key noted twice gets both notes.
fn notes_of(table: &toml_edit::Table, notes: &mut Vec<(String, String)>) {
    for (key, item) in table.iter() {
        let Some(comment) = item.as_value().and_then(trailing_comment) else {
            continue;
        };
        match notes.iter_mut().find(|(k, _)| k == key) {
            Some((_, note)) if !note.contains(comment) => {
                note.push_str("; ");
                note.push_str(comment);
            }
            Some(_) => {}
            None => notes.push((key.to_string(), comment.to_string())),
        }
    }
}

/// How a copy begins, and where the template's notes begin at its end.
const HEADING: &str = "# A copy of ";
const FOOTER: &str = "# From the template:\n";

/// A copy of a copy without what copying added, as it is written again: the heading (its
/// comment lines up to the first blank line) and the template's notes at the end (the
/// footer and the comment lines after it). Either stays when more than comments and blank
/// lines would go with it: keys or steps the person wrote there are theirs.
fn without_added(text: &str) -> &str {
    let only_comments = |lines: &str| {
        lines.lines().all(|line| {
            let line = line.trim();
            line.is_empty() || line.starts_with('#')
        })
    };
    let text = match text.split_once("\n\n") {
        Some((heading, body)) if heading.starts_with(HEADING) && only_comments(heading) => body,
        _ => text,
    };
    match text.split_once(FOOTER) {
        Some((body, notes))
            if (body.is_empty() || body.ends_with('\n')) && only_comments(notes) =>
        {
            body
        }
        _ => text,
    }
}

/// A copy of the routine file `text` (of `source`) under the id `id`: its comments and
/// layout kept, its id changed, and the template's notes added. Each key without a comment
/// gets the template's note on that key (a step's keys, in the first step that has them),
/// and the template's notes on what else a routine may say (the optional keys, the safety
/// questions, the names of the areas and spots) follow at the end. A copy under a new id
/// leaves out the original's aliases, which still find the original.
pub fn copy_of(
    text: &str,
    source: &Routine,
    id: &str,
    template: &str,
) -> Result<String, toml_edit::TomlError> {
    let text = without_added(text);
    let mut doc: DocumentMut = text.parse()?;
    let guide: DocumentMut = template.parse()?;
    let mut top_notes = Vec::new();
    notes_of(guide.as_table(), &mut top_notes);
    let mut step_notes = Vec::new();
    for step in guide
        .get("steps")
        .and_then(Item::as_array_of_tables)
        .into_iter()
        .flatten()
    {
        notes_of(step, &mut step_notes);
    }
    let mut id_line = String::new();
    match doc.get_mut("id").and_then(Item::as_value_mut) {
        Some(value) => {
            let mut decor = value.decor().clone();
            // The template's note names the command that starts it.
            if let Some(suffix) = decor.suffix().and_then(|s| s.as_str()) {
                let old = format!("selfmassage {}", source.id);
                if suffix.trim_end().ends_with(&old) {
                    let kept = suffix.trim_end().trim_end_matches(&old).to_string();
                    decor.set_suffix(format!("{kept}selfmassage {id}"));
                }
            }
            *value = Value::from(id);
            *value.decor_mut() = decor;
        }
        // Not written: it was the file's name. Written first, as in the template.
        None => id_line = format!("id = \"{id}\"\n"),
    }
    if source.id != id
        && let Some(value) = doc.get_mut("aliases").and_then(Item::as_value_mut)
        && value.as_array().is_some_and(|a| !a.is_empty())
    {
        let words: Vec<&str> = source.aliases.iter().map(|a| &**a).collect();
        *value = Value::Array(toml_edit::Array::new());
        value.decor_mut().set_suffix(format!(
            "  # words of your own; \"{}\" keeps its own: {}",
            source.id,
            words.join(", ")
        ));
        value.decor_mut().set_prefix(" ");
    }
    add_notes(doc.as_table_mut(), &top_notes, &mut Vec::new());
    let mut noted = Vec::new();
    if let Some(steps) = doc.get_mut("steps").and_then(Item::as_array_of_tables_mut) {
        for step in steps.iter_mut() {
            add_notes(step, &step_notes, &mut noted);
        }
    }
    let origin = match source.origin {
        Origin::BuiltIn => "the built-in routine",
        Origin::File(_) => "your routine",
    };
    let mut copy = format!(
        "{HEADING}{origin} \"{}\" (`selfmassage new {id} --from {}`).\n\
         # Change it as you like, then check it with `selfmassage validate <this file>`.\n\
         # The notes beside the keys and at the end come from the template (`selfmassage new`).\n\n\
         {id_line}",
        source.id, source.id
    );
    let body = doc.to_string();
    copy.push_str(body.trim_end());
    copy.push_str("\n\n");
    copy.push_str(FOOTER);
    // The template's comment lines, after its own two-line heading: what else a routine may
    // say, and the safety questions that come with its areas.
    for line in template.lines().skip(2).filter(|l| l.starts_with('#')) {
        copy.push_str(line);
        copy.push('\n');
    }
    Ok(copy)
}

/// The pain area the template is written for.
const TEMPLATE_AREA: &str = "neck";

/// A routine file that validates as written and explains every key. The warning signs it
/// lists come from the built-in area data: they are asked whatever the file says, so there
/// is nothing to uncomment for safety.
pub fn template(id: &str, data: &SafetyData) -> String {
    template_for(id, TEMPLATE_AREA, data)
}

/// The template, with the warning signs of `area` (which must have built-in ones) listed.
fn template_for(id: &str, area: &str, data: &SafetyData) -> String {
    let mut asked = String::new();
    if let Some(safety) = data.area(area) {
        for question in &safety.questions {
            asked.push_str(&format!("#   - {}\n", question.question));
        }
    }
    let areas = crate::routine::ARTICLE_AREAS.join(", ");
    let spots: Vec<&str> = crate::routine::spot::SPOTS.iter().map(|s| s.id).collect();
    let spots = spots.join(", ");
    format!(
        r#"# A selfmassage routine. Check it with `selfmassage validate <this file>`.
# Top-level keys come first; after the first [[table]] a key belongs to that table.

id = "{id}"                       # how you start it: selfmassage {id}
title = "My routine"
areas = ["{area}"]                  # pain areas it is listed under (e.g. neck, lower-back)
aliases = []                      # other words that find it, e.g. ["stiff neck"]
summary = "One sentence on what this routine is for."
equipment = []                    # e.g. ["tennis ball"] or ["chair"]
tips = ["Pressure should feel good-sore, never sharp."]
sources = []                      # where the steps come from

# Safety questions come with the areas: before this routine, selfmassage asks the general
# health questions and every warning sign of each area above. For "{area}" that includes:
{asked}# `selfmassage show {id}` lists them all. Your file can add questions, never remove or
# weaken one, for example:
#   [[red_flags]]                 a "yes" means no massage; level "emergency" or "urgent"
#   question = "Did the pain start after a fall or an accident?"
#   level = "emergency"
#   [[cautions]]                  a "yes" means talk to your doctor first
#   question = "Do you have numbness or tingling in an arm?"

[[steps]]
title = "Posture"
text = "Sit tall and let your shoulders drop."
seconds = 10                      # or minutes = 2; or a range: minutes = [3, 5]
pressure = "light"                # light, medium or firm (left out, a step counts as medium)
# untimed = true                  # instead of seconds/minutes: no countdown, it waits for
#                                 # Enter (lying down, finding the spot, getting up)

[[steps]]
title = "Circles"
text = "Press on the sore spot and make slow circles."
minutes = [1, 2]                  # --length short/standard/long picks the low, middle or high end
sides = ["left", "right"]         # optional: once per side, with a cue to switch
pressure = "medium"               # above light, a step needs a `spot` and a `gentle` text
spot = "back-of-neck"             # where it presses: its areas' warning signs are asked too
gentle = "Rest your fingertips on the spot and circle with light pressure."
# repeat = 2                      # optional: run the step this many times
# caution = "Stop if the pain turns sharp."  (shown with the app's own stop rules, never instead)
# areas = ["shoulders"]           # optional: other areas this step works on (their
#                                 # warning signs are asked too)
#
# Areas with built-in warning signs: {areas}.
# Spots: {spots}.
# One spot may be worked for at most 10 minutes, and a routine lasts at most 60 minutes.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every built-in, copied under a new id or its own, passes `validate`.
    #[test]
    fn every_builtin_copies_into_a_valid_file() {
        let data = SafetyData::builtin().expect("built-in safety data");
        let reserved = SafetyData::reserved();
        let path = std::path::Path::new("/u/copy.toml");
        for source in Catalog::builtin().routines() {
            let text = Catalog::builtin_source(&source.id).expect("shipped");
            for id in ["my-copy", &*source.id] {
                let copy =
                    copy_of(text, source, id, &template_of(id, source, &data)).expect("copies");
                assert!(copy.contains(&format!("For \"{}\" that includes", source.areas[0])));
                let routine =
                    parse_routine("copy.toml", id, &copy, Origin::File(path.to_path_buf()))
                        .unwrap_or_else(|p| panic!("{}: {p:?}\n{copy}", source.id));
                assert_eq!(routine.id, id);
                assert_eq!(routine.steps.len(), source.steps.len());
                let problems = reserved.check("copy.toml", &copy, &routine);
                assert!(problems.is_empty(), "{} as {id}: {problems:?}", source.id);
                // A copy of the copy is the same file under the same id.
                let again =
                    copy_of(&copy, &routine, id, &template_of(id, source, &data)).expect("copies");
                let body = |text: &str| text.split_once("\n\n").map(|(_, b)| b.to_string());
                assert_eq!(body(&again), body(&copy), "{}", source.id);
            }
        }
    }

    #[test]
    fn only_comments_are_taken_off_a_copy_of_a_copy() {
        let heading = "# A copy of the built-in routine \"neck\".\n# Change it.\n\n";
        let body = "id = \"mine\"\n\n[[steps]]\ntitle = \"A\"\n\n";
        let notes = "# From the template:\n# Spots: a, b.\n\n# More.\n";
        assert_eq!(without_added(&format!("{heading}{body}{notes}")), body);
        // Anything but comments stays, with what was around it.
        let after = format!("{heading}{body}{notes}[[steps]]\ntitle = \"B\"\n");
        assert_eq!(without_added(&after), &after[heading.len()..]);
        let no_blank = "# A copy of mine\nid = \"mine\"\n";
        assert_eq!(without_added(no_blank), no_blank);
        let keyed = "# A copy of mine\nid = \"mine\"\n\n[[steps]]\n";
        assert_eq!(without_added(keyed), keyed);
        let inline = "id = \"x\"  # From the template:\n";
        assert_eq!(without_added(inline), inline);
    }

    #[test]
    fn a_copy_that_lost_a_step_is_not_written() {
        let data = SafetyData::builtin().expect("built-in safety data");
        let catalog = Catalog::builtin();
        let source = catalog
            .routines()
            .iter()
            .find(|r| r.id == "neck")
            .expect("neck");
        let text = Catalog::builtin_source("neck").expect("shipped");
        let copy =
            copy_of(text, source, "mine", &template_of("mine", source, &data)).expect("copies");
        let path = std::path::Path::new("/u/mine.toml");
        assert!(check(path, "mine", &copy, source).is_ok());
        let last = copy.rfind("[[steps]]").expect("steps");
        let error = check(path, "mine", &copy[..last], source).expect_err("a step short");
        assert!(
            error.to_string().contains("steps where \"neck\" has"),
            "{error}"
        );
    }

    #[test]
    fn the_template_validates_as_written() {
        let data = SafetyData::builtin().expect("built-in safety data");
        let text = template("my-thing", &data);
        let routine = parse_routine("t.toml", "my-thing", &text, Origin::BuiltIn).expect("valid");
        assert_eq!(routine.id, "my-thing");
        assert_eq!(routine.steps.len(), 2);
        // The area's questions are listed, from the data, and none is left to uncomment.
        for question in &data.area(TEMPLATE_AREA).expect("neck").questions {
            assert!(text.contains(&question.question), "{}", question.id);
        }
        assert!(routine.red_flags.is_empty() && routine.cautions.is_empty());
    }
}
