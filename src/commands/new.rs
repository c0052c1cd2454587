//! `selfmassage new <ID>`: a commented routine template in the user's routine folder.

use std::io::Write;

use crate::cli::NewArgs;
use crate::exit::UsageError;
use crate::paths::shown;
use crate::routine::schema::is_valid_name;
use crate::sanitize::clean;
use crate::settings::Settings;

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
    write_new_file(&path, &template(&args.id))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "Wrote {}.", shown(&path))?;
    writeln!(
        out,
        "Edit it, then check it with: selfmassage validate {}",
        shown(&path)
    )?;
    writeln!(out, "Run it with: selfmassage {}", args.id)?;
    Ok(())
}

/// A routine file that validates as written and explains every key.
pub fn template(id: &str) -> String {
    format!(
        r#"# A selfmassage routine. Check it with `selfmassage validate <this file>`.
# Top-level keys come first; after the first [[table]] a key belongs to that table.

id = "{id}"                       # how you start it: selfmassage {id}
title = "My routine"
areas = ["neck"]                  # pain areas it is listed under (e.g. neck, lower-back)
aliases = []                      # other words that find it, e.g. ["stiff neck"]
summary = "One sentence on what this routine is for."
equipment = []                    # e.g. ["tennis ball"] or ["chair"]
tips = ["Pressure should feel good-sore, never sharp."]
sources = []                      # where the steps come from

# A "yes" to a red flag means no massage: get medical care now.
# level is "emergency" (call the emergency number) or "urgent" (a doctor today).
# [[red_flags]]
# question = "Did the pain start after a fall or an accident?"
# level = "emergency"

# A "yes" to a caution means: talk to your doctor first.
# [[cautions]]
# question = "Do you have numbness or tingling in an arm?"
# clearable = false               # optional: a doctor's earlier clearance does not pass it

[[steps]]
title = "Posture"
text = "Sit tall and let your shoulders drop."
seconds = 10                      # or minutes = 2; or a range: minutes = [3, 5]

[[steps]]
title = "Circles"
text = "Press gently on the sore spot and make slow circles."
minutes = [1, 2]                  # --length short/standard/long picks the low, middle or high end
sides = ["left", "right"]         # optional: once per side, with a cue to switch
# repeat = 2                      # optional: run the step this many times
# caution = "Stop if the pain turns sharp."
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
        let routine = parse_routine("t.toml", "my-thing", &template("my-thing"), Origin::BuiltIn)
            .expect("valid");
        assert_eq!(routine.id, "my-thing");
        assert_eq!(routine.steps.len(), 2);
    }
}
