//! `selfmassage config`: where the config lives and the settings in effect; `--init`
//! writes a commented default file.

use std::io::Write;

use anyhow::Context as _;

use crate::cli::ConfigArgs;
use crate::config::{CONFIG_TEMPLATE, Config};
use crate::paths::shown;
use crate::settings::Settings;
use crate::ui::session::cues::SPEECH_PROGRAMS;
use crate::ui::text::prose::Prose;

/// Shows the settings in effect as TOML: keys as they are, the comments wrapped on a
/// terminal with every line still a comment; `--init` writes the default file.
pub fn run(settings: &Settings, args: &ConfigArgs) -> anyhow::Result<()> {
    let path = settings.paths.config_file();
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    if args.init && settings.config_file_exists {
        // Already there: nothing to do, and nothing wrong.
        out.say(&format!(
            "{} already exists; it was left as it is. See the settings in effect with `selfmassage config`.",
            shown(&path)
        ))?;
        return Ok(());
    }
    if args.check {
        return check(&path, &mut out);
    }
    if args.init {
        write_new_file(&path, CONFIG_TEMPLATE)?;
        out.say(&format!(
            "Wrote {}. Edit it to change the defaults.",
            shown(&path)
        ))?;
        return Ok(());
    }
    let state = if settings.config_file_exists {
        ""
    } else {
        " (not created yet: `selfmassage config --init` writes one)"
    };
    out.say_after("# ", &format!("config file: {}{state}", shown(&path)))?;
    out.line(&format!("length = \"{}\"", settings.length))?;
    out.line(&format!("sound = {}", settings.sound))?;
    out.line(&format!("speak = {}", settings.speak))?;
    match &settings.speak_command {
        Some(command) => out.line(&format!(
            "speak_command = \"{}\"",
            crate::sanitize::clean(command)
        ))?,
        None => out.say_after(
            "# ",
            &format!(
                "speak_command: not set, so the first of {} found",
                SPEECH_PROGRAMS.join(", ")
            ),
        )?,
    }
    if settings.remembers_answers_in_config {
        out.say_after(
            "# ",
            "remember_answers_days: no longer used; every safety question is asked every time",
        )?;
    }
    out.say_after(
        "# ",
        &format!("your routines: {}", shown(&settings.paths.user_routines())),
    )?;
    for folder in &settings.routines_dirs {
        let missing = if folder.is_dir() { "" } else { " (not found)" };
        out.say_after(
            "# ",
            &format!(
                "and routines from --routines-dir: {}{missing}",
                shown(folder)
            ),
        )?;
    }
    out.say_after(
        "# ",
        &format!("journal: {}", shown(&settings.paths.journal_file())),
    )?;
    Ok(())
}

/// `config --check`: the file is valid and every key is known ("FILE: ok"), or exit 1.
/// (An invalid file never gets here: every command stops on it.)
fn check(path: &std::path::Path, out: &mut Prose<impl Write>) -> anyhow::Result<()> {
    let loaded = Config::load(path).map_err(|problems| anyhow::anyhow!("{problems}"))?;
    if loaded.unknown_keys.0.is_empty() {
        out.line(&format!("{}: ok", shown(path)))?;
        return Ok(());
    }
    Err(anyhow::anyhow!(
        "the config file {} has keys this version does not know",
        shown(path)
    ))
}

/// Creates `path` (and its folder) with `contents`, refusing to replace an existing file.
pub fn write_new_file(path: &std::path::Path, contents: &str) -> anyhow::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("could not create the folder {}", shown(folder)))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| match path.exists() {
            true => format!("{} already exists; it was left as it is", shown(path)),
            false => format!("could not create {}", shown(path)),
        })?;
    file.write_all(contents.as_bytes())
        .with_context(|| format!("could not write {}", shown(path)))?;
    Ok(())
}
