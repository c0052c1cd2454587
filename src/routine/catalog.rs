//! Loads the routines a run can use: the built-ins, then the user's folders on top.

use std::collections::HashMap;
use std::fs;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use super::model::{Origin, Routine};
use super::problem::Problem;
use super::reserved::Reserved;
use super::schema::parse_routine;

/// `("routines/NAME.toml", its text)`, embedded at compile time.
macro_rules! builtin_file {
    ($name:literal) => {
        (
            concat!("routines/", $name, ".toml"),
            include_str!(concat!("../../routines/", $name, ".toml")),
        )
    };
}

/// The built-in routine files, embedded as text: `(path in the repository, contents)`.
/// A test checks that this lists every file in `routines/`.
const BUILTIN_FILES: [(&str, &str); 10] = [
    builtin_file!("abdomen"),
    builtin_file!("glutes"),
    builtin_file!("head"),
    builtin_file!("hips"),
    builtin_file!("lower-back-chair"),
    builtin_file!("lower-back"),
    builtin_file!("neck"),
    builtin_file!("shoulders"),
    builtin_file!("tennis-ball"),
    builtin_file!("upper-back"),
];

/// Larger than any routine a person writes by a factor of a hundred: a file this big is a
/// mistake, and refusing it keeps `list` fast whatever sits in a folder.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A user file that could not be used, kept so that asking for it by name can say why.
#[derive(Debug, Clone)]
pub struct BrokenFile {
    pub path: PathBuf,
    /// The name it would have been found by: its file stem.
    pub stem: String,
    pub problems: Vec<Problem>,
}

/// Every routine this run knows, and the user files that failed to load.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    routines: Vec<Routine>,
    broken: Vec<BrokenFile>,
    /// Problems with folders themselves (missing, unreadable).
    folder_problems: Vec<Problem>,
}

/// A folder of user routines. A missing default folder is simply empty; a missing or
/// unreadable folder the user named (`must_exist`) is reported as a problem, shown as a
/// warning by `list` (the other routines still work).
#[derive(Debug, Clone)]
pub struct RoutineFolder {
    pub path: PathBuf,
    pub must_exist: bool,
}

impl Catalog {
    /// The built-ins, replaced or extended by each folder in order. A user file that
    /// takes what belongs to the built-ins (`reserved`) is broken, like any invalid file.
    pub fn load(folders: &[RoutineFolder], reserved: &Reserved) -> Catalog {
        Catalog::builtin().with_folders(folders, &reserved)
    }

    /// Only what a command about a few known routines needs (`remind fire`): of the
    /// built-ins, only the files of these ids are parsed; the user's folders are read
    /// whole, as [`Catalog::load`] reads them (a file's id is inside it). `reserved` is
    /// built only when a user file is read.
    pub fn load_only(
        ids: &[String],
        folders: &[RoutineFolder],
        reserved: &dyn Deref<Target = Reserved>,
    ) -> Catalog {
        Catalog::parse_builtins(|stem| ids.iter().any(|id| id == stem))
            .with_folders(folders, reserved)
    }

    fn with_folders(
        mut self,
        folders: &[RoutineFolder],
        reserved: &dyn Deref<Target = Reserved>,
    ) -> Catalog {
        for folder in folders {
            self.add_folder(folder, reserved);
        }
        self.routines.sort_by(|a, b| a.id.cmp(&b.id));
        self
    }

    /// Only the routines shipped in the binary, parsed exactly as user files are. A
    /// built-in that does not parse is left out and its problems kept (the test suite
    /// fails on any: `routines/NAME.toml:line:col: message`).
    pub fn builtin() -> Catalog {
        Catalog::parse_builtins(|_| true)
    }

    /// The built-in files whose stem (their id) `wanted` accepts.
    fn parse_builtins(wanted: impl Fn(&str) -> bool) -> Catalog {
        let mut catalog = Catalog::default();
        for (file, source) in BUILTIN_FILES {
            let stem = file
                .trim_start_matches("routines/")
                .trim_end_matches(".toml");
            if !wanted(stem) {
                continue;
            }
            match parse_routine(file, stem, source, Origin::BuiltIn) {
                Ok(routine) => catalog.routines.push(routine),
                Err(problems) => catalog.broken.push(BrokenFile {
                    path: PathBuf::from(file),
                    stem: stem.to_string(),
                    problems,
                }),
            }
        }
        catalog
    }

    /// A user's file that takes the place of the built-in routine with its id. (Only its
    /// steps and its own questions: the warning signs of its areas still apply.)
    pub fn replaces_builtin(routine: &Routine) -> bool {
        matches!(routine.origin, Origin::File(_)) && Catalog::builtin_source(&routine.id).is_some()
    }

    /// The text of the built-in routine file with this id (a built-in's id is its file's
    /// stem), as shipped.
    pub fn builtin_source(id: &str) -> Option<&'static str> {
        BUILTIN_FILES
            .iter()
            .find(|(file, _)| {
                file.trim_start_matches("routines/")
                    .trim_end_matches(".toml")
                    == id
            })
            .map(|(_, source)| *source)
    }

    pub fn routines(&self) -> &[Routine] {
        &self.routines
    }

    pub fn broken(&self) -> &[BrokenFile] {
        &self.broken
    }

    /// Every problem met while loading, folders first, for warnings on stderr.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.folder_problems
            .iter()
            .chain(self.broken.iter().flat_map(|b| b.problems.iter()))
    }

    fn add_folder(&mut self, folder: &RoutineFolder, reserved: &dyn Deref<Target = Reserved>) {
        let files = match routine_files(&folder.path) {
            Ok(files) => files,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && !folder.must_exist => {
                return;
            }
            Err(error) => {
                self.folder_problems.push(Problem::whole_file(
                    &folder.path.display().to_string(),
                    format!("cannot read this routine folder: {error}"),
                ));
                return;
            }
        };
        let mut user_ids: HashMap<String, PathBuf> = HashMap::new();
        for (id, path) in self.routines.iter().filter_map(|r| match &r.origin {
            Origin::File(path) => Some((r.id.to_string(), path.clone())),
            Origin::BuiltIn => None,
        }) {
            user_ids.insert(id, path);
        }
        for path in files {
            let loaded = load_file(&path, reserved.deref());
            match loaded {
                Ok(mut routine) => {
                    if let Some(first) = user_ids.get(&*routine.id) {
                        self.broken.push(BrokenFile {
                            stem: stem_of(&path),
                            problems: vec![duplicate_id(&path, &routine.id, first)],
                            path,
                        });
                        continue;
                    }
                    user_ids.insert(routine.id.to_string(), path.clone());
                    // A replaced built-in's areas stay: its warning signs follow it.
                    for replaced in self.routines.iter().filter(|r| r.id == routine.id) {
                        for area in &replaced.areas {
                            if !routine.areas.contains(area) {
                                routine.areas.push(area.clone());
                            }
                        }
                    }
                    self.routines.retain(|r| r.id != routine.id);
                    self.routines.push(routine);
                }
                Err(problems) => {
                    // A broken file hides a built-in of the same name: the user meant theirs.
                    let stem = stem_of(&path);
                    self.routines.retain(|r| r.id != stem);
                    self.broken.push(BrokenFile {
                        path,
                        stem,
                        problems,
                    });
                }
            }
        }
    }
}

/// The problem of a second file using an id that `first` already has.
pub fn duplicate_id(path: &Path, id: &str, first: &Path) -> Problem {
    Problem::whole_file(
        &path.display().to_string(),
        format!(
            "the id \"{id}\" is already used by {}: ids must be unique",
            crate::paths::shown(first)
        ),
    )
}

/// The `*.toml` files directly in a folder, sorted so loading is repeatable.
pub fn routine_files(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(folder)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads and checks one user routine file; every failure becomes a located problem,
/// taking a built-in's question or word included.
pub fn load_file(path: &Path, reserved: &Reserved) -> Result<Routine, Vec<Problem>> {
    let shown = path.display().to_string();
    let source = read_text(path).map_err(|problem| vec![problem])?;
    let routine = parse_routine(
        &shown,
        &stem_of(path),
        &source,
        Origin::File(path.to_path_buf()),
    )?;
    let problems = reserved.check(&shown, &source, &routine);
    if problems.is_empty() {
        Ok(routine)
    } else {
        Err(problems)
    }
}

/// Reads a small UTF-8 text file, turning each way it can fail into a problem a person
/// can act on (too big, a folder, not text, unreadable).
///
/// Only a regular file is read: a named pipe, a device or a link to one (`/dev/zero`) among
/// the routine files would hang every command or fill the memory. The type is checked
/// before opening (opening a pipe waits for a writer), opened without waiting, checked
/// again on what was opened, and read with the size limit enforced while reading.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    use std::io::Read as _;
    use std::os::unix::fs::OpenOptionsExt as _;

    let shown = path.display().to_string();
    let cannot = |e: std::io::Error| Problem::whole_file(&shown, format!("cannot read: {e}"));
    let metadata = fs::metadata(path).map_err(cannot)?;
    not_a_regular_file(&metadata.file_type()).map_or(Ok(()), |what| {
        Err(Problem::whole_file(
            &shown,
            format!("this is {what}, not a file"),
        ))
    })?;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::fcntl::OFlag::O_NONBLOCK.bits())
        .open(path)
        .map_err(cannot)?;
    let opened = file.metadata().map_err(cannot)?;
    not_a_regular_file(&opened.file_type()).map_or(Ok(()), |what| {
        Err(Problem::whole_file(
            &shown,
            format!("this is {what}, not a file"),
        ))
    })?;
    let too_big = |size: u64| {
        Problem::whole_file(
            &shown,
            format!(
                "the file is {} KiB; a routine file is at most {} KiB",
                size / 1024,
                MAX_FILE_BYTES / 1024
            ),
        )
    };
    if opened.len() > MAX_FILE_BYTES {
        return Err(too_big(opened.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        Problem::at(
            &shown,
            valid,
            valid.len()..valid.len(),
            "the file is not UTF-8 text (save it as UTF-8)",
        )
    })
}

/// What a file that is not a regular file is, in words; `None` for a regular file.
fn not_a_regular_file(kind: &fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt as _;
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_fifo() {
        Some("a named pipe")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        Some("a special file")
    }
}

fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every built-in file parses: a problem fails here as `routines/NAME.toml:line:col: ...`.
    #[test]
    fn every_builtin_routine_is_valid() {
        let catalog = Catalog::builtin();
        let problems: Vec<String> = catalog.problems().map(ToString::to_string).collect();
        assert!(problems.is_empty(), "\n{}", problems.join("\n"));
        assert_eq!(catalog.routines().len(), BUILTIN_FILES.len());
    }

    /// `load_only` finds a built-in by its file stem: each built-in's id is its stem.
    #[test]
    fn load_only_reads_the_routines_asked_for_and_builds_reserved_only_for_user_files() {
        for routine in Catalog::builtin().routines() {
            let only = Catalog::load_only(&[routine.id.to_string()], &[], &&Reserved::default());
            assert_eq!(only.routines().len(), 1, "{}", routine.id);
            assert_eq!(only.routines()[0].id, routine.id);
        }
        let built = std::cell::Cell::new(0);
        let reserved = std::cell::LazyCell::new(|| {
            built.set(built.get() + 1);
            Reserved::default()
        });
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = [RoutineFolder {
            path: dir.path().to_path_buf(),
            must_exist: true,
        }];
        let neck = Catalog::load_only(&["neck".to_string()], &folder, &reserved);
        assert_eq!(neck.routines().len(), 1);
        assert_eq!(built.get(), 0, "no user file, nothing to check");
        std::fs::write(
            dir.path().join("mine.toml"),
            "id = \"neck\"\ntitle = \"Mine\"\nareas = [\"shoulders\"]\nsummary = \"s\"\n\n\
             [[steps]]\npressure = \"light\"\ntitle = \"a\"\ntext = \"b\"\nseconds = 5\n",
        )
        .expect("writes");
        let replaced = Catalog::load_only(&["neck".to_string()], &folder, &reserved);
        assert_eq!(built.get(), 1);
        assert_eq!(replaced.routines().len(), 1);
        assert_eq!(replaced.routines()[0].title, "Mine");
        // As `load` does: a replaced built-in's areas stay.
        assert!(replaced.routines()[0].areas.iter().any(|a| a == "neck"));
    }

    /// `BUILTIN_FILES` names every file in `routines/`, so a new one cannot be forgotten.
    #[test]
    fn every_routine_file_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("routines");
        let on_disk: Vec<String> = routine_files(&dir)
            .expect("the routines folder is readable")
            .iter()
            .map(|path| {
                format!(
                    "routines/{}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                )
            })
            .collect();
        let mut listed: Vec<String> = BUILTIN_FILES
            .iter()
            .map(|(file, _)| file.to_string())
            .collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }

    /// A broken built-in is reported with its repository path, line and column.
    #[test]
    fn a_broken_builtin_names_file_line_and_column() {
        let source = BUILTIN_FILES[0].1.replacen("title", "bogus = 1\ntitle", 1);
        let problems = parse_routine(BUILTIN_FILES[0].0, "abdomen", &source, Origin::BuiltIn)
            .expect_err("an unknown key");
        assert!(
            problems[0]
                .to_string()
                .starts_with("routines/abdomen.toml:"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn builtin_ids_are_unique() {
        let catalog = Catalog::builtin();
        let mut ids: Vec<&str> = catalog.routines().iter().map(|r| &*r.id).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn a_large_folder_loads_in_order_with_its_problems() {
        let dir = tempfile::tempdir().expect("tempdir");
        for i in 0..80 {
            let body = if i == 70 {
                "title = \"broken\"\n".to_string()
            } else {
                format!(
                    "title = \"R{i}\"\nareas = [\"neck\"]\nsummary = \"s\"\n\n[[steps]]\npressure = \"light\"\ntitle = \"a\"\ntext = \"b\"\nseconds = 5\n"
                )
            };
            std::fs::write(dir.path().join(format!("r{i:03}.toml")), body).expect("writes");
        }
        let catalog = Catalog::load(
            &[RoutineFolder {
                path: dir.path().to_path_buf(),
                must_exist: true,
            }],
            &Reserved::default(),
        );
        let users = catalog
            .routines()
            .iter()
            .filter(|r| matches!(r.origin, Origin::File(_)));
        assert_eq!(users.count(), 79);
        assert_eq!(catalog.broken().len(), 1);
        assert_eq!(catalog.broken()[0].stem, "r070");
    }

    #[test]
    fn every_area_of_the_article_has_a_routine() {
        let catalog = Catalog::builtin();
        for area in super::super::ARTICLE_AREAS {
            assert!(
                catalog
                    .routines()
                    .iter()
                    .any(|r| r.areas.iter().any(|a| a == area)),
                "no routine for {area}"
            );
        }
        assert!(catalog.routines().iter().any(|r| r.id == "tennis-ball"));
        assert!(
            catalog
                .routines()
                .iter()
                .any(|r| r.id == "lower-back-chair")
        );
    }
}
