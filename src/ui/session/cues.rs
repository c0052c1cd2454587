//! Cues a person can follow with eyes closed: a bell at every change, and optional speech.
//!
//! Speech runs beside the timer in a child process, in a process group of its own. A new cue
//! ends the one still speaking (the whole group: a wrapper script's children too), and so does
//! the end of the session, after a short grace for the last words: no speech program outlives
//! the session. The text never reaches a program where it could be read as an option (see
//! [`TextInput`]). A missing or failing program is reported once and then left silent.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::session::{Segment, SegmentKind};

/// How long the end of a session waits for the last words ("Done...") before it ends them.
pub const LAST_WORDS_GRACE: Duration = Duration::from_secs(4);

/// How often [`Speaker::finish`] looks whether the speech program is done.
const FINISH_POLL: Duration = Duration::from_millis(20);

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
    /// What speech says for this cue: a step's caution comes after its instruction.
    pub fn spoken(&self) -> String {
        match self {
            Cue::SegmentStarted {
                segment,
                side_switch,
            } => {
                let instruction = match (side_switch, segment.side) {
                    (true, side) => {
                        let side = side.map(|s| s.to_string()).unwrap_or_default();
                        format!(
                            "Switch to the {side} side. {}{}",
                            place(segment),
                            segment.text
                        )
                    }
                    _ if segment.kind == SegmentKind::GetReady => {
                        format!("Get ready. {}", segment.text)
                    }
                    (false, Some(side)) => format!(
                        "{}, {side} side. {}{}",
                        segment.title,
                        place(segment),
                        segment.text
                    ),
                    (false, None) => {
                        format!("{}. {}{}", segment.title, place(segment), segment.text)
                    }
                };
                let instruction = match &segment.caution {
                    Some(caution) => format!(
                        "{instruction} {}",
                        crate::safety::stop::routine_note(caution)
                    ),
                    None => instruction,
                };
                if segment.untimed {
                    format!("{instruction} Press Enter when you are done.")
                } else {
                    instruction
                }
            }
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
    warnings: Vec<String>,
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

    /// The end of the session: speech still going may finish within `grace` (give
    /// [`LAST_WORDS_GRACE`] after a normal end, zero after an interruption), then it is ended.
    /// Returns the problems to tell the user, now that the screen is theirs again.
    pub fn finish(mut self, grace: Duration) -> Vec<String> {
        if let Some(speaker) = self.speaker.take() {
            speaker.finish(grace);
        }
        self.warnings
    }
}

/// How a speech program is handed the text, so that no word of it (a step title such as
/// "-rub gently") can be taken for an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextInput {
    /// On standard input: espeak-ng and espeak with `--stdin`, macOS `say -f -`.
    Stdin,
    /// As the last argument, after `--`: spd-say, and any other configured program.
    AfterDoubleDash,
    /// In place of the word `{}` of a configured command, at this index of its arguments.
    Placeholder(usize),
}

/// A text-to-speech program and how it takes its text.
#[derive(Debug)]
pub struct Speaker {
    program: PathBuf,
    args: Vec<String>,
    input: TextInput,
    speaking: Option<Child>,
}

/// Tried in order when the config names no program.
pub const SPEECH_PROGRAMS: [&str; 4] = ["espeak-ng", "espeak", "spd-say", "say"];

/// For a program selfmassage knows (one of [`SPEECH_PROGRAMS`], by file name), the
/// arguments that make it read its text safely, and how the text is then passed.
fn known_input(program: &Path) -> Option<(&'static [&'static str], TextInput)> {
    let name = program.file_name()?.to_str()?;
    match name {
        "espeak-ng" | "espeak" => Some((&["--stdin"], TextInput::Stdin)),
        "spd-say" => Some((&[], TextInput::AfterDoubleDash)),
        "say" => Some((&["-f", "-"], TextInput::Stdin)),
        _ => None,
    }
}

impl Speaker {
    /// The configured command (split into words as a POSIX shell would, quotes and
    /// backslashes included), else the first known program on the PATH.
    ///
    /// A known program gets its text the way it reads it safely ([`known_input`]); any other
    /// gets it in place of a `{}` word, or else as its last argument after `--`.
    pub fn find(configured: Option<&str>) -> Result<Speaker, String> {
        if let Some(command) = configured {
            let command = command.trim();
            // A path that exists as written may hold spaces; otherwise words are split.
            if let Some(program) = find_program(command) {
                return Ok(Speaker::new(program, Vec::new()));
            }
            let mut words = split_command(command)?.into_iter();
            let name = words.next().ok_or("speak_command in the config is empty")?;
            let program = find_program(&name).ok_or_else(|| {
                format!(
                    "the speech program \"{}\" was not found; speaking is off",
                    crate::sanitize::clean(&name)
                )
            })?;
            return Ok(Speaker::new(program, words.collect()));
        }
        SPEECH_PROGRAMS
            .iter()
            .find_map(|name| find_program(name))
            .map(|program| Speaker::new(program, Vec::new()))
            .ok_or_else(|| {
                format!(
                    "no text-to-speech program found (tried {}); install espeak-ng or set speak_command in the config; speaking is off",
                    SPEECH_PROGRAMS.join(", ")
                )
            })
    }

    /// `program` with the user's `args`, and the way its text is passed.
    fn new(program: PathBuf, mut args: Vec<String>) -> Speaker {
        let input = if let Some(at) = args.iter().position(|word| word == "{}") {
            TextInput::Placeholder(at)
        } else if let Some((extra, input)) = known_input(&program) {
            args.extend(extra.iter().map(|word| word.to_string()));
            input
        } else {
            TextInput::AfterDoubleDash
        };
        Speaker {
            program,
            args,
            input,
            speaking: None,
        }
    }

    /// The program's arguments for speaking `text`.
    fn arguments(&self, text: &str) -> Vec<String> {
        let mut args = self.args.clone();
        match self.input {
            TextInput::Stdin => {}
            TextInput::AfterDoubleDash => {
                args.push("--".to_string());
                args.push(text.to_string());
            }
            TextInput::Placeholder(at) => {
                if let Some(word) = args.get_mut(at) {
                    *word = text.to_string();
                }
            }
        }
        args
    }

    /// Starts speaking `text`, ending anything still being said.
    pub fn say(&mut self, text: &str) -> Result<(), String> {
        if let Some(status) = self.end_speech()
            && failed(status)
        {
            return Err(format!(
                "{} failed ({status}); speaking is off",
                self.program.display()
            ));
        }
        let stdin = if self.input == TextInput::Stdin {
            Stdio::piped()
        } else {
            Stdio::null()
        };
        let mut child = group_command(&self.program)
            .args(self.arguments(text))
            .stdin(stdin)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "could not start {}: {e}; speaking is off",
                    self.program.display()
                )
            })?;
        if let Some(mut pipe) = child.stdin.take() {
            let text = text.to_string();
            // Beside the timer: a program that does not read must not hold up the session.
            // Once it ends, the write fails (SIGPIPE is ignored in Rust programs) and the
            // thread goes.
            std::thread::spawn(move || {
                let _ = pipe.write_all(text.as_bytes());
            });
        }
        self.speaking = Some(child);
        Ok(())
    }

    /// Lets the current speech finish within `grace`, then ends it.
    pub fn finish(mut self, grace: Duration) {
        let deadline = Instant::now() + grace;
        while let Some(child) = &mut self.speaking
            && matches!(child.try_wait(), Ok(None))
            && Instant::now() < deadline
        {
            std::thread::sleep(FINISH_POLL);
        }
        self.end_speech();
    }

    /// Ends the speech program and whatever it started, and reaps it; its exit status
    /// (`None` when nothing was speaking or it cannot be known).
    fn end_speech(&mut self) -> Option<ExitStatus> {
        let mut child = self.speaking.take()?;
        // Until it is reaped, its id is still its group's, so the signal reaches only the
        // processes it started. (A program reaped by `finish` leaves a group only its own
        // leftovers can hold: an id in use by a group is never given to another process.)
        end_group(child.id());
        let _ = child.kill();
        child.wait().ok()
    }
}

impl Drop for Speaker {
    /// Nothing outlives the speaker: a hung program is ended, and reaped.
    fn drop(&mut self) {
        self.end_speech();
    }
}

/// A speech program that exited with a failure by itself (not ended by us).
fn failed(status: ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt as _;
    !status.success() && status.signal().is_none()
}

/// `program`, to be started in a new process group (led by itself).
fn group_command(program: &Path) -> Command {
    use std::os::unix::process::CommandExt as _;
    let mut command = Command::new(program);
    command.process_group(0);
    command
}

/// SIGKILL to the process group `leader` leads.
fn end_group(leader: u32) {
    let Ok(leader) = i32::try_from(leader) else {
        return;
    };
    let _ = nix::sys::signal::killpg(
        nix::unistd::Pid::from_raw(leader),
        nix::sys::signal::Signal::SIGKILL,
    );
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

    /// A speaker for `/bin/sh -c SCRIPT`, the text in `$0`.
    fn shell_speaker(script: &str) -> Speaker {
        Speaker::new(
            PathBuf::from("/bin/sh"),
            vec!["-c".to_string(), script.to_string(), "{}".to_string()],
        )
    }

    /// Whether a process of the group `leader` led is still running. A zombie is not: it has
    /// ended, and only its new parent (not the speaker) can reap it, whenever it gets to it.
    fn group_running(leader: u32) -> bool {
        let leader = leader.to_string();
        let Ok(processes) = std::fs::read_dir("/proc") else {
            // No /proc: any process of the group, zombies included.
            let leader = nix::unistd::Pid::from_raw(leader.parse().expect("pid"));
            return nix::sys::signal::killpg(leader, None).is_ok();
        };
        processes.flatten().any(|process| {
            let stat = std::fs::read_to_string(process.path().join("stat")).unwrap_or_default();
            // "pid (comm) state ppid pgrp ...": the fields after the last ')'.
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map_or("", |(_, rest)| rest)
                .split_whitespace()
                .collect();
            matches!(fields.as_slice(), [state, _, pgrp, ..]
                if *pgrp == leader && !matches!(*state, "Z" | "X"))
        })
    }

    /// Whether the group `leader` led has ended. A killed process ends when the kernel next
    /// runs it, which on a busy machine may be after the signal's sender moved on: this waits
    /// for that, and the deadline only bounds how long a failing test takes to say so.
    fn group_ended(leader: u32) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while group_running(leader) {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    #[test]
    fn no_word_of_the_text_can_be_an_option() {
        let other = Speaker::new(
            PathBuf::from("/usr/bin/tts"),
            vec!["-r".into(), "140".into()],
        );
        assert_eq!(
            other.arguments("-rub gently"),
            ["-r", "140", "--", "-rub gently"]
        );
        let placed = Speaker::new(
            PathBuf::from("/usr/bin/tts"),
            vec!["--text".into(), "{}".into(), "--fast".into()],
        );
        assert_eq!(placed.arguments("-rub"), ["--text", "-rub", "--fast"]);
        let espeak = Speaker::new(
            PathBuf::from("/usr/bin/espeak-ng"),
            vec!["-s".into(), "140".into()],
        );
        assert_eq!(espeak.input, TextInput::Stdin);
        assert_eq!(espeak.arguments("-rub gently"), ["-s", "140", "--stdin"]);
        let say = Speaker::new(PathBuf::from("/usr/bin/say"), Vec::new());
        assert_eq!(say.arguments("-rub"), ["-f", "-"]);
        let spd = Speaker::new(PathBuf::from("/usr/bin/spd-say"), Vec::new());
        assert_eq!(spd.arguments("-rub"), ["--", "-rub"]);
    }

    #[test]
    fn a_cue_speaks_the_caution_after_the_instruction() {
        let mut segment = Segment {
            kind: SegmentKind::Step,
            routine_index: 0,
            routine_title: "Neck".to_string(),
            ordinal: 2,
            step_number: 2,
            step_count: 3,
            title: "Circles".to_string(),
            text: "Circle slowly.".to_string(),
            caution: Some("Stop if your arm tingles.".to_string()),
            side: Some(crate::routine::model::Side::Left),
            repetition: 1,
            repetitions: 1,
            duration: Duration::from_secs(30),
            untimed: false,
            place: None,
            routine_places: std::sync::Arc::from(Vec::new()),
        };
        let cue = |segment: &Segment, side_switch| {
            Cue::SegmentStarted {
                segment,
                side_switch,
            }
            .spoken()
        };
        assert_eq!(
            cue(&segment, false),
            "Circles, left side. Circle slowly. The routine says: Stop if your arm tingles."
        );
        assert_eq!(
            cue(&segment, true),
            "Switch to the left side. Circle slowly. The routine says: Stop if your arm tingles."
        );
        segment.caution = None;
        segment.side = None;
        assert_eq!(cue(&segment, false), "Circles. Circle slowly.");
        segment.untimed = true;
        assert_eq!(
            cue(&segment, false),
            "Circles. Circle slowly. Press Enter when you are done."
        );
    }

    #[test]
    fn a_hung_program_is_ended_with_its_children_at_the_next_cue_and_at_the_end() {
        let mut speaker = shell_speaker("sleep 600; true");
        speaker.say("first").expect("starts");
        let first = speaker.speaking.as_ref().expect("speaking").id();
        assert!(group_running(first));
        speaker.say("second").expect("starts again");
        assert!(
            group_ended(first),
            "the first speech and its sleep were ended"
        );
        let second = speaker.speaking.as_ref().expect("speaking").id();
        speaker.finish(Duration::ZERO);
        assert!(group_ended(second), "nothing outlives the session");
        let mut dropped = shell_speaker("sleep 600; true");
        dropped.say("third").expect("starts");
        let third = dropped.speaking.as_ref().expect("speaking").id();
        drop(dropped);
        assert!(group_ended(third), "nothing outlives the speaker");
    }

    #[test]
    fn the_last_words_may_finish_within_the_grace() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let log = dir.path().join("said");
        let mut speaker = shell_speaker(&format!("printf '%s' \"$0\" > '{}'", log.display()));
        speaker.say("Done.").expect("starts");
        speaker.finish(Duration::from_secs(30));
        assert_eq!(std::fs::read_to_string(&log).expect("spoken"), "Done.");
    }

    #[test]
    fn a_program_that_fails_by_itself_turns_speech_off() {
        let mut speaker = shell_speaker("exit 3");
        speaker.say("one").expect("starts");
        let child = speaker.speaking.as_mut().expect("speaking");
        child.wait().expect("waits");
        let error = speaker.say("two").expect_err("failed");
        assert!(error.contains("failed"), "{error}");
    }
}
