//! Cues a person can follow with eyes closed: a bell at every change, and optional speech.
//!
//! Speech runs beside the timer in a child process; a new cue cuts off the one still
//! speaking. A missing or failing program is reported once and then left silent.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::session::{Segment, SegmentKind};

/// Something worth a sound.
#[derive(Debug, Clone, Copy)]
pub enum Cue<'a> {
    /// A step (or "get ready") began; `side_switch` when only the side changed.
    SegmentStarted {
        segment: &'a Segment,
        side_switch: bool,
    },
    /// Ten seconds remain in a long enough step.
    TenSecondsLeft,
    /// The last step is over.
    Done,
}

impl Cue<'_> {
    /// What speech says for this cue.
    pub fn spoken(&self) -> String {
        match self {
            Cue::SegmentStarted {
                segment,
                side_switch: true,
            } => {
                let side = segment.side.map(|s| s.to_string()).unwrap_or_default();
                format!(
                    "Switch to the {side} side. {}{}",
                    place(segment),
                    segment.text
                )
            }
            Cue::SegmentStarted { segment, .. } if segment.kind == SegmentKind::GetReady => {
                format!("Get ready. {}", segment.text)
            }
            Cue::SegmentStarted { segment, .. } => match segment.side {
                Some(side) => format!(
                    "{}, {side} side. {}{}",
                    segment.title,
                    place(segment),
                    segment.text
                ),
                None => format!("{}. {}{}", segment.title, place(segment), segment.text),
            },
            Cue::TenSecondsLeft => "10 seconds left.".to_string(),
            Cue::Done => "Done. Take a moment to notice how you feel.".to_string(),
        }
    }
}

/// "Where: the back of your neck, left side. ", or nothing for a step without a spot.
fn place(segment: &Segment) -> String {
    segment
        .where_line()
        .map(|line| format!("{line}. "))
        .unwrap_or_default()
}

/// The bell and the speaker for one session.
pub struct Cues {
    bell: bool,
    speaker: Option<Speaker>,
    /// Problems to tell the user once the screen is theirs again.
    pub warnings: Vec<String>,
}

impl Cues {
    /// Cues with the bell on or off, and speech when a speaker is given.
    pub fn new(bell: bool, speaker: Option<Speaker>) -> Cues {
        Cues {
            bell,
            speaker,
            warnings: Vec::new(),
        }
    }

    /// Neither bell nor speech.
    pub fn silent() -> Cues {
        Cues::new(false, None)
    }

    /// Rings the bell on `terminal` (when it is one) and speaks, never waiting for speech.
    pub fn play(&mut self, cue: Cue<'_>, terminal: &mut dyn Write) {
        if self.bell {
            let _ = terminal.write_all(b"\x07");
            let _ = terminal.flush();
        }
        if let Some(speaker) = &mut self.speaker
            && let Err(problem) = speaker.say(&cue.spoken())
        {
            self.warnings.push(problem);
            self.speaker = None;
        }
    }
}

/// A text-to-speech program, called with the text as its last argument.
#[derive(Debug)]
pub struct Speaker {
    program: PathBuf,
    args: Vec<String>,
    speaking: Option<Child>,
}

/// Tried in order when the config names no program.
pub const SPEECH_PROGRAMS: [&str; 4] = ["espeak-ng", "espeak", "spd-say", "say"];

impl Speaker {
    /// The configured command (split into words as a POSIX shell would, quotes and
    /// backslashes included), else the first known program on the PATH.
    pub fn find(configured: Option<&str>) -> Result<Speaker, String> {
        if let Some(command) = configured {
            let command = command.trim();
            // A path that exists as written may hold spaces; otherwise words are split.
            if let Some(program) = find_program(command) {
                return Ok(Speaker {
                    program,
                    args: Vec::new(),
                    speaking: None,
                });
            }
            let mut words = split_command(command)?.into_iter();
            let name = words.next().ok_or("speak_command in the config is empty")?;
            let program = find_program(&name).ok_or_else(|| {
                format!(
                    "the speech program \"{}\" was not found; speaking is off",
                    crate::sanitize::clean(&name)
                )
            })?;
            return Ok(Speaker {
                program,
                args: words.collect(),
                speaking: None,
            });
        }
        SPEECH_PROGRAMS
            .iter()
            .find_map(|name| find_program(name))
            .map(|program| Speaker {
                program,
                args: Vec::new(),
                speaking: None,
            })
            .ok_or_else(|| {
                format!(
                    "no text-to-speech program found (tried {}); install espeak-ng or set speak_command in the config; speaking is off",
                    SPEECH_PROGRAMS.join(", ")
                )
            })
    }

    /// Starts speaking `text`, cutting off anything still being said.
    pub fn say(&mut self, text: &str) -> Result<(), String> {
        self.check_last()?;
        self.stop();
        let child = Command::new(&self.program)
            .args(&self.args)
            .arg(text)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "could not start {}: {e}; speaking is off",
                    self.program.display()
                )
            })?;
        self.speaking = Some(child);
        Ok(())
    }

    /// A program that ran and failed is as good as missing.
    fn check_last(&mut self) -> Result<(), String> {
        if let Some(child) = &mut self.speaking
            && let Ok(Some(status)) = child.try_wait()
        {
            self.speaking = None;
            if !status.success() {
                return Err(format!(
                    "{} failed ({status}); speaking is off",
                    self.program.display()
                ));
            }
        }
        Ok(())
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.speaking.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Speaker {
    /// The last words ("done") may finish in the background, but nothing waits for them:
    /// a slow or hung speech program must never hold up the after-check.
    fn drop(&mut self) {
        if let Some(mut child) = self.speaking.take() {
            let _ = child.try_wait();
        }
    }
}

/// `speak_command`'s words, split with the shell's quoting rules (no variables, no globs:
/// nothing is run through a shell).
fn split_command(command: &str) -> Result<Vec<String>, String> {
    shlex::split(command).ok_or_else(|| {
        // shlex refuses only an open quote or a backslash with nothing after it.
        let what = if command.ends_with('\\') {
            "an unclosed quote or a trailing backslash"
        } else {
            "an unclosed quote"
        };
        format!(
            "speak_command in the config has {what}: {}; speaking is off",
            crate::sanitize::clean(command)
        )
    })
}

/// A program by path (relative to the current folder when it holds a `/`), or by name on
/// the PATH: an executable file, as `which` would find it.
fn find_program(name: &str) -> Option<PathBuf> {
    if name.is_empty() {
        return None;
    }
    which::which(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_configured_program_is_reported() {
        let error = Speaker::find(Some("/nonexistent/tts --fast")).expect_err("missing");
        assert!(error.contains("not found"), "{error}");
    }

    #[test]
    fn speak_command_words_follow_shell_quoting() {
        assert_eq!(
            split_command(r#"tts --voice "en gb" -r\ 140 'it''s'"#),
            Ok(vec![
                "tts".to_string(),
                "--voice".to_string(),
                "en gb".to_string(),
                "-r 140".to_string(),
                "its".to_string(),
            ])
        );
        assert_eq!(split_command("  "), Ok(Vec::new()));
    }

    #[test]
    fn an_unclosed_quote_in_speak_command_is_reported() {
        let error = Speaker::find(Some("espeak-ng --voice 'en")).expect_err("unbalanced");
        assert_eq!(
            error,
            "speak_command in the config has an unclosed quote: espeak-ng --voice 'en; speaking is off"
        );
        let error = split_command("espeak-ng \\").expect_err("dangling backslash");
        assert!(error.contains("trailing backslash"), "{error}");
    }

    #[test]
    fn an_empty_speak_command_is_reported() {
        let error = Speaker::find(Some("   ")).expect_err("empty");
        assert_eq!(error, "speak_command in the config is empty");
    }

    #[test]
    fn a_quoted_program_path_with_spaces_is_found_and_its_words_kept() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("temporary folder");
        let folder = dir.path().join("my speech");
        std::fs::create_dir(&folder).expect("folder");
        let program = folder.join("tts");
        std::fs::write(&program, "#!/bin/sh\n").expect("script");
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let quoted = format!("'{}' --rate \"1 4 0\"", program.display());
        let speaker = Speaker::find(Some(&quoted)).expect("found");
        assert_eq!(speaker.program, program);
        assert_eq!(speaker.args, ["--rate", "1 4 0"]);
        // Unquoted, a path that exists as written is still taken whole.
        let speaker = Speaker::find(Some(&program.display().to_string())).expect("found");
        assert_eq!(speaker.program, program);
        assert!(speaker.args.is_empty());
        // A file that is not executable is no program.
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let error = Speaker::find(Some(&quoted)).expect_err("not executable");
        assert!(error.contains("not found"), "{error}");
    }

    #[test]
    fn the_bell_rings_on_the_terminal_only_when_on() {
        let mut out = Vec::new();
        Cues::new(true, None).play(Cue::Done, &mut out);
        assert_eq!(out, b"\x07");
        let mut out = Vec::new();
        Cues::silent().play(Cue::Done, &mut out);
        assert!(out.is_empty());
    }
}
