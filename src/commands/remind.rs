//! `selfmassage remind`: a daily check of the plan through the system's own scheduler, so no
//! program of ours stays running. A systemd user timer where `systemctl` is found, a launchd
//! agent where `launchctl` is (first on macOS), otherwise the crontab line to add by hand.
//! The schedulers and the notifier are found on `PATH`, so tests put recording fakes there.
//! The files' text is `crate::plan::remind`; whether a session is due, `crate::plan::rules`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, anyhow, bail};
use jiff::Timestamp;

use crate::cli::{RemindAction, RemindArgs};
use crate::paths::shown;
use crate::plan::remind::{
    At, LAUNCHD_LABEL, Target, UNIT, crontab_line, launchd_plist, systemd_service, systemd_timer,
};
use crate::sanitize::clean;
use crate::settings::Settings;
use crate::ui::text::prose::Prose;

pub fn run(settings: &Settings, args: &RemindArgs) -> anyhow::Result<()> {
    match args.action {
        RemindAction::Install { at } => install(settings, at),
        RemindAction::Remove => remove(settings),
        RemindAction::Status => status(settings),
        RemindAction::Fire => {
            fire(settings);
            Ok(())
        }
    }
}

/// What the timer runs: a notification when the plan has a session due today (not done
/// today, not paused), else nothing. Never asks, never fails: a reminder that cannot be
/// given is simply not given.
pub fn fire(settings: &Settings) {
    let Ok(Some(current)) = super::plan::current(settings) else {
        return;
    };
    if current.progress.due_today {
        notify(&super::plan::reminder(&current));
    }
}

/// A desktop notification through `notify-send` or `osascript`, else a line on stdout.
fn notify(message: &str) {
    if let Ok(program) = which::which("notify-send")
        && quietly(Command::new(program).args(["--app-name=selfmassage", "selfmassage", message]))
    {
        return;
    }
    if let Ok(program) = which::which("osascript") {
        let quoted = message.replace('\\', "\\\\").replace('"', "\\\"");
        let script = format!("display notification \"{quoted}\" with title \"selfmassage\"");
        if quietly(Command::new(program).args(["-e", &script])) {
            return;
        }
    }
    let _ = writeln!(std::io::stdout().lock(), "{message}");
}

/// Runs `command` to its end with no input and its output dropped; whether it succeeded.
fn quietly(command: &mut Command) -> bool {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Which scheduler this system has.
enum Scheduler {
    Systemd(PathBuf),
    Launchd(PathBuf),
    Cron,
}

fn scheduler() -> Scheduler {
    let systemd = || which::which("systemctl").ok().map(Scheduler::Systemd);
    let launchd = || which::which("launchctl").ok().map(Scheduler::Launchd);
    let found = if cfg!(target_os = "macos") {
        launchd().or_else(systemd)
    } else {
        systemd().or_else(launchd)
    };
    found.unwrap_or(Scheduler::Cron)
}

/// Where the reminder's files go, and the folders the scheduler must pass on.
struct Places {
    timer: PathBuf,
    service: PathBuf,
    plist: Option<PathBuf>,
    config_home: PathBuf,
    data_home: PathBuf,
}

impl Places {
    fn of(settings: &Settings) -> Places {
        let parent = |dir: &Path| dir.parent().unwrap_or(dir).to_path_buf();
        let config_home = parent(&settings.paths.config_dir);
        let units = config_home.join("systemd").join("user");
        Places {
            timer: units.join(format!("{UNIT}.timer")),
            service: units.join(format!("{UNIT}.service")),
            plist: etcetera::home_dir().ok().map(|home| {
                home.join("Library")
                    .join("LaunchAgents")
                    .join(format!("{LAUNCHD_LABEL}.plist"))
            }),
            data_home: parent(&settings.paths.data_dir),
            config_home,
        }
    }
}

/// Runs a scheduler command; an error names it and says what it printed.
fn tool(program: &Path, args: &[&str]) -> anyhow::Result<()> {
    let shown_command = format!(
        "{} {}",
        program
            .file_name()
            .map_or_else(|| shown(program), |n| clean(&n.to_string_lossy())),
        args.join(" ")
    );
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run `{shown_command}`"))?;
    if output.status.success() {
        Ok(())
    } else {
        bail!(
            "`{shown_command}` failed: {}",
            clean(String::from_utf8_lossy(&output.stderr).trim())
        )
    }
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", shown(folder)))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", shown(path)))
}

/// Removes `path` if it is there; whether it was.
fn remove_file(path: &Path) -> anyhow::Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(anyhow!(error).context(format!("cannot remove {}", shown(path)))),
    }
}

/// The next time `at` comes round, in local time.
fn next_time(at: At) -> String {
    let now = Timestamp::now()
        .to_zoned_datetime(crate::local_time::zone())
        .datetime();
    at.next_after(now).strftime("%Y-%m-%d %H:%M").to_string()
}

fn install(settings: &Settings, at: At) -> anyhow::Result<()> {
    let program = std::env::current_exe().context("cannot find the selfmassage program")?;
    let places = Places::of(settings);
    let target = Target {
        program: &program,
        config_home: &places.config_home,
        data_home: &places.data_home,
    };
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    let what = match scheduler() {
        Scheduler::Systemd(systemctl) => {
            // The folders this install makes (`systemd/user`, or only `user`), deepest first.
            let made: Vec<std::path::PathBuf> = places
                .timer
                .ancestors()
                .skip(1)
                .take_while(|folder| !folder.exists())
                .map(std::path::Path::to_path_buf)
                .collect();
            write(&places.timer, &systemd_timer(at))?;
            write(&places.service, &systemd_service(target))?;
            let enabled = tool(&systemctl, &["--user", "daemon-reload"]).and_then(|()| {
                tool(
                    &systemctl,
                    &["--user", "enable", "--now", &format!("{UNIT}.timer")],
                )
            });
            if let Err(error) = enabled {
                remove_file(&places.timer)?;
                remove_file(&places.service)?;
                for folder in &made {
                    // Made for these files: gone with them (only if nothing else is there).
                    let _ = std::fs::remove_dir(folder);
                }
                // The line on a row of its own, so it can be copied whole; the cause on stderr.
                out.say(
                    "The systemd user timer could not be enabled, so its files were removed. \
                     To be reminded anyway, add this line with `crontab -e`:",
                )?;
                out.line(&crontab_line(target, at))?;
                return Err(error.context("the systemd user timer could not be enabled"));
            }
            format!(
                "A systemd user timer now checks your plan every day at {at} (next: {}):\n  {}\n  {}",
                next_time(at),
                shown(&places.timer),
                shown(&places.service)
            )
        }
        Scheduler::Launchd(launchctl) => {
            let plist = places
                .plist
                .as_deref()
                .context("cannot find your home folder for ~/Library/LaunchAgents")?;
            write(plist, &launchd_plist(target, at))?;
            if let Err(error) = tool(&launchctl, &["load", "-w", &plist.display().to_string()]) {
                remove_file(plist)?;
                return Err(error
                    .context("the launchd agent could not be loaded, and its file was removed"));
            }
            format!(
                "A launchd agent now checks your plan every day at {at} (next: {}):\n  {}",
                next_time(at),
                shown(plist)
            )
        }
        Scheduler::Cron => {
            out.say(
                "Neither systemd (systemctl) nor launchd (launchctl) is here, so nothing was \
                 installed. To be reminded, add this line with `crontab -e`:",
            )?;
            out.line(&crontab_line(target, at))?;
            return Ok(());
        }
    };
    out.say(&what)?;
    if settings.paths.plan_file().exists() {
        out.say("It reminds you when the plan has a session due; `selfmassage remind remove` takes it away.")?;
    } else {
        out.say(
            "There is no plan yet, so it stays silent: set one with e.g. `selfmassage plan neck`.",
        )?;
    }
    Ok(())
}

fn remove(settings: &Settings) -> anyhow::Result<()> {
    let places = Places::of(settings);
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    let mut removed = Vec::new();
    if places.timer.exists() || places.service.exists() {
        let systemctl = which::which("systemctl").ok();
        if let Some(systemctl) = &systemctl
            && places.timer.exists()
            && let Err(error) = tool(
                systemctl,
                &["--user", "disable", "--now", &format!("{UNIT}.timer")],
            )
        {
            crate::ui::text::prose::warn(&format!("{error:#}"));
        }
        for path in [&places.timer, &places.service] {
            if remove_file(path)? {
                removed.push(shown(path));
            }
        }
        if let Some(systemctl) = &systemctl
            && let Err(error) = tool(systemctl, &["--user", "daemon-reload"])
        {
            crate::ui::text::prose::warn(&format!("{error:#}"));
        }
    }
    if let Some(plist) = places.plist.as_deref().filter(|p| p.exists()) {
        if let Ok(launchctl) = which::which("launchctl")
            && let Err(error) = tool(&launchctl, &["unload", "-w", &plist.display().to_string()])
        {
            crate::ui::text::prose::warn(&format!("{error:#}"));
        }
        if remove_file(plist)? {
            removed.push(shown(plist));
        }
    }
    if removed.is_empty() {
        out.say(
            "No reminder is installed. (A crontab line you added yourself stays until you \
             remove it with `crontab -e`.)",
        )?;
    } else {
        out.say("The reminder is removed:")?;
        for path in removed {
            out.line(&format!("  {path}"))?;
        }
    }
    Ok(())
}

fn status(settings: &Settings) -> anyhow::Result<()> {
    let places = Places::of(settings);
    let mut out = Prose::stdout(settings.stdout_is_terminal);
    let mut found = false;
    let installed = [
        (Some(places.timer.clone()), "A systemd user timer"),
        (places.plist.clone(), "A launchd agent"),
    ];
    for (path, what) in installed {
        let Some(path) = path else { continue };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        found = true;
        match At::read_from(&text) {
            Some(at) => out.say(&format!(
                "{what} checks your plan every day at {at}; next: {} ({}).",
                next_time(at),
                shown(&path)
            ))?,
            None => out.say(&format!(
                "{what} is installed ({}), but its time cannot be read: `selfmassage remind install` writes it again.",
                shown(&path)
            ))?,
        }
    }
    if !found {
        out.say("No reminder is installed: `selfmassage remind install [--at HH:MM]` adds one.")?;
    } else if !settings.paths.plan_file().exists() {
        out.say(
            "There is no plan, so it stays silent: set one with e.g. `selfmassage plan neck`.",
        )?;
    }
    Ok(())
}
