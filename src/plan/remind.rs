//! The reminder's files, as text: a systemd user timer and service, a launchd agent, or a
//! crontab line, each running `selfmassage remind fire` once a day at the chosen time (`fire`
//! decides whether the plan has a session due). Pure: paths and times come in as values.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use jiff::civil::{DateTime, Time};

/// The systemd units' name (`.timer`, `.service`).
pub const UNIT: &str = "selfmassage-remind";
/// The launchd agent's label, also its file's name (`.plist`).
pub const LAUNCHD_LABEL: &str = "io.github.selfmassage.remind";
/// Written into every file so `remind status` can read the time back.
const MARKER: &str = "selfmassage remind at ";

/// A time of day to the minute, "18:00".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub hour: i8,
    pub minute: i8,
}

impl At {
    /// 18:00, the default.
    pub const DEFAULT: At = At {
        hour: 18,
        minute: 0,
    };

    fn time(self) -> Time {
        Time::constant(self.hour, self.minute, 0, 0)
    }

    /// The first moment at this time of day after `now`.
    pub fn next_after(self, now: DateTime) -> DateTime {
        let today = now.date().to_datetime(self.time());
        if today > now {
            today
        } else {
            today.tomorrow().unwrap_or(today)
        }
    }

    /// Finds the time a file written here carries.
    pub fn read_from(text: &str) -> Option<At> {
        let start = text.find(MARKER)? + MARKER.len();
        text.get(start..start + 5)?.parse().ok()
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl FromStr for At {
    type Err = String;

    /// "HH:MM", 24-hour.
    fn from_str(text: &str) -> Result<At, String> {
        let bad = || format!("expected a time as HH:MM (24-hour, e.g. 18:00), found \"{text}\"");
        let (hour, minute) = text.split_once(':').ok_or_else(bad)?;
        let number = |part: &str, max: i8| {
            (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<i8>().ok())
                .flatten()
                .filter(|n| *n <= max)
        };
        match (number(hour, 23), number(minute, 59)) {
            (Some(hour), Some(minute)) => Ok(At { hour, minute }),
            _ => Err(bad()),
        }
    }
}

/// Where the program and the user's folders are, for the scheduler, which may run it with
/// another environment.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The `selfmassage` binary.
    pub program: &'a Path,
    /// `$XDG_CONFIG_HOME`.
    pub config_home: &'a Path,
    /// `$XDG_DATA_HOME`.
    pub data_home: &'a Path,
}

/// A word of a systemd unit line, quoted: `%` and `$` would otherwise be expanded.
fn systemd_quoted(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('%', "%%")
        .replace('$', "$$");
    format!("\"{escaped}\"")
}

/// `selfmassage-remind.service`: runs `remind fire` once, with the same XDG folders.
pub fn systemd_service(target: Target<'_>) -> String {
    format!(
        "# Written by `selfmassage remind install`; `selfmassage remind remove` removes it.\n\
         [Unit]\n\
         Description=selfmassage: a reminder when the plan has a session due today\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         Environment={}\n\
         Environment={}\n\
         ExecStart={} remind fire\n",
        systemd_quoted(&format!("XDG_CONFIG_HOME={}", target.config_home.display())),
        systemd_quoted(&format!("XDG_DATA_HOME={}", target.data_home.display())),
        systemd_quoted(&target.program.display().to_string()),
    )
}

/// `selfmassage-remind.timer`: every day at `at`.
pub fn systemd_timer(at: At) -> String {
    format!(
        "# Written by `selfmassage remind install`; `selfmassage remind remove` removes it.\n\
         # {MARKER}{at}\n\
         [Unit]\n\
         Description=selfmassage: check the plan every day at {at}\n\
         \n\
         [Timer]\n\
         OnCalendar=*-*-* {at}:00\n\
         Unit={UNIT}.service\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n"
    )
}

fn xml_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The launchd agent: `remind fire` every day at `at`.
pub fn launchd_plist(target: Target<'_>, at: At) -> String {
    let string = |text: &Path| {
        format!(
            "<string>{}</string>",
            xml_escaped(&text.display().to_string())
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by `selfmassage remind install`; `selfmassage remind remove` removes it. -->
<!-- {MARKER}{at} -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>{LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
    {}
    <string>remind</string>
    <string>fire</string>
  </array>
  <key>EnvironmentVariables</key>
  <dict>
    <key>XDG_CONFIG_HOME</key>
    {}
    <key>XDG_DATA_HOME</key>
    {}
  </dict>
  <key>StartCalendarInterval</key>
  <dict>
    <key>Hour</key>
    <integer>{}</integer>
    <key>Minute</key>
    <integer>{}</integer>
  </dict>
</dict>
</plist>
"#,
        string(target.program),
        string(target.config_home),
        string(target.data_home),
        at.hour,
        at.minute
    )
}

/// The line to add with `crontab -e`, every day at `at`.
pub fn crontab_line(target: Target<'_>, at: At) -> String {
    let quoted = |path: &Path| crate::paths::for_shell(path);
    format!(
        "{} {} * * * XDG_CONFIG_HOME={} XDG_DATA_HOME={} {} remind fire",
        at.minute,
        at.hour,
        quoted(target.config_home),
        quoted(target.data_home),
        quoted(target.program)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
        (
            "/opt/my tools/selfmassage".into(),
            "/home/a/.config".into(),
            "/home/a/100% data".into(),
        )
    }

    #[test]
    fn times_are_hh_mm() {
        assert_eq!("07:05".parse(), Ok(At { hour: 7, minute: 5 }));
        for bad in [
            "7:05", "24:00", "12:60", "1200", "ab:cd", "12:00:00", "-1:00",
        ] {
            assert!(bad.parse::<At>().is_err(), "{bad}");
        }
        assert_eq!(At::DEFAULT.to_string(), "18:00");
    }

    #[test]
    fn the_next_time_is_today_or_tomorrow() {
        let at = At::DEFAULT;
        let morning = jiff::civil::date(2026, 11, 30).at(9, 0, 0, 0);
        assert_eq!(
            at.next_after(morning),
            jiff::civil::date(2026, 11, 30).at(18, 0, 0, 0)
        );
        let evening = jiff::civil::date(2026, 11, 30).at(18, 0, 0, 0);
        assert_eq!(
            at.next_after(evening),
            jiff::civil::date(2026, 12, 1).at(18, 0, 0, 0)
        );
    }

    #[test]
    fn every_file_carries_its_time_and_quotes_its_paths() {
        let (program, config, data) = target();
        let target = Target {
            program: &program,
            config_home: &config,
            data_home: &data,
        };
        let at = At {
            hour: 7,
            minute: 30,
        };
        assert_eq!(At::read_from(&systemd_timer(at)), Some(at));
        assert_eq!(At::read_from(&launchd_plist(target, at)), Some(at));
        assert!(systemd_timer(at).contains("OnCalendar=*-*-* 07:30:00\n"));
        let service = systemd_service(target);
        assert!(service.contains("ExecStart=\"/opt/my tools/selfmassage\" remind fire\n"));
        assert!(service.contains("Environment=\"XDG_DATA_HOME=/home/a/100%% data\"\n"));
        assert_eq!(
            crontab_line(target, at),
            "30 7 * * * XDG_CONFIG_HOME=/home/a/.config XDG_DATA_HOME='/home/a/100% data' \
             '/opt/my tools/selfmassage' remind fire"
        );
    }
}
