//! `selfmassage new <ID>`: a commented routine template in the user's routine folder.

use crate::cli::NewArgs;
use crate::exit::UsageError;
use crate::paths::shown;
use crate::routine::schema::is_valid_name;
use crate::safety::SafetyData;
use crate::sanitize::clean;
use crate::settings::Settings;
use crate::ui::text::prose::Prose;

use super::config::write_new_file;

pub fn run(settings: &Settings, args: &NewArgs) -> anyhow::Result<()> {
    if !is_valid_name(&args.id) {
        return Err(UsageError(format!(
            "\"{}\" is not a valid routine id: use lowercase letters, digits and '-', like \"upper-neck\"",
            clean(&args.id)
        ))
        .into());
    }
    let path = settings
        .paths
        .user_routines()
        .join(format!("{}.toml", args.id));
    let data = super::builtin_safety()?;
    write_new_file(&path, &template(&args.id, &data))?;
    let message = format!(
        "Wrote {path}.\nEdit it, then check it with: selfmassage validate {path}\nRun it with: selfmassage {id}",
        path = shown(&path),
        id = args.id
    );
    Prose::stdout(settings.stdout_is_terminal).say(&message)?;
    Ok(())
}

/// The pain area the template is written for.
const TEMPLATE_AREA: &str = "neck";

/// A routine file that validates as written and explains every key. The warning signs it
/// lists come from the built-in area data: they are asked whatever the file says, so there
/// is nothing to uncomment for safety.
pub fn template(id: &str, data: &SafetyData) -> String {
    let mut asked = String::new();
    if let Some(area) = data.area(TEMPLATE_AREA) {
        for question in &area.questions {
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
areas = ["{TEMPLATE_AREA}"]                  # pain areas it is listed under (e.g. neck, lower-back)
aliases = []                      # other words that find it, e.g. ["stiff neck"]
summary = "One sentence on what this routine is for."
equipment = []                    # e.g. ["tennis ball"] or ["chair"]
tips = ["Pressure should feel good-sore, never sharp."]
sources = []                      # where the steps come from

# Safety questions come with the areas: before this routine, selfmassage asks the general
# health questions and every warning sign of each area above. For "{TEMPLATE_AREA}" that includes:
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
    use crate::routine::Origin;
    use crate::routine::schema::parse_routine;

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
