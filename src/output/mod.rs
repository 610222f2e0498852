//! Write: the only stage that changes the output folder, and it runs only
//! after the whole build succeeded.
//!
//! The folder may hold files that are not the build's (a gh-pages checkout's
//! `.git/` and `CNAME`, a file an editor put there), so this stage keeps a
//! manifest of what it wrote and replaces or removes only those files. Before
//! the first byte is written it refuses folders a build must never touch
//! ([`guard`]), folders of someone else's files, and paths that would fail
//! half-way; a lock file keeps two builds apart. Each file is written to a
//! temporary sibling and renamed into place, and the manifest is written
//! before the files, so after a crash the next build knows every file the
//! interrupted one may have left and ends with the folder a clean build gives.

mod error;
mod files;
pub mod guard;
pub mod manifest;
pub mod paths;

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::Output;

pub use error::WriteError;
use error::io_error;
use files::{
    obstacle, remove_emptied_folders, remove_our_file, remove_temporaries, write_if_changed,
    write_manifest,
};
pub use guard::Danger;

/// The lock file two builds into one folder take turns on.
pub(crate) const LOCK_FILE: &str = ".handbook-lock";
/// Suffix of the temporary sibling each file is written to before its rename.
pub(crate) const TMP_SUFFIX: &str = ".handbook-tmp";

/// What a write changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes changed or were new.
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Stale files (written by an earlier build) removed.
    pub removed: usize,
}

/// Where and how to write.
pub struct WriteOptions<'a> {
    /// The site folder: the output may not be it, contain it, or lie in its
    /// `content/` or `themes/`.
    pub site_root: &'a Path,
    /// Write into a folder that holds files handbook did not write, and replace
    /// files at the paths the site needs; nothing else is removed.
    pub force: bool,
    /// Called once when another build holds the folder's lock, before waiting.
    pub on_wait: &'a (dyn Fn(&Path) + Sync),
}

/// Refuses `dir` if no build may write into it (see [`guard`]); returns it resolved.
pub(crate) fn refuse_dangerous(dir: &Path, site_root: &Path) -> Result<PathBuf, WriteError> {
    let resolved = guard::resolve(dir).map_err(|err| io_error(dir, err))?;
    let site_root = guard::resolve(site_root).map_err(|err| io_error(site_root, err))?;
    guard::check(&resolved, &site_root, guard::home().as_deref()).map_err(|danger| {
        WriteError::Refused {
            dir: dir.to_path_buf(),
            resolved: resolved.clone(),
            danger,
        }
    })?;
    Ok(resolved)
}

/// Writes `outputs` into `dir` (see the module docs for the rules).
pub fn write(
    dir: &Path,
    outputs: &[Output],
    options: &WriteOptions<'_>,
) -> Result<WriteStats, WriteError> {
    let io_at = |path: &Path| {
        let path = path.to_path_buf();
        move |err| WriteError::Io { path, err }
    };
    let resolved = refuse_dangerous(dir, options.site_root)?;

    // A folder of someone else's files is refused before anything is created in it.
    let lock_path = resolved.join(LOCK_FILE);
    let existed = resolved.is_dir();
    if existed && !lock_path.exists() {
        ensure_ours(
            dir,
            &resolved,
            options.force,
            read_manifest(&resolved)?.as_ref(),
        )?;
    }
    fs::create_dir_all(&resolved).map_err(io_at(dir))?;
    let created_lock = !lock_path.exists();
    let lock = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(io_at(&lock_path))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            (options.on_wait)(dir);
            lock.lock().map_err(io_at(&lock_path))?;
        }
        Err(fs::TryLockError::Error(err)) => {
            return Err(WriteError::Io {
                path: lock_path,
                err,
            });
        }
    }
    let result = write_locked(dir, &resolved, outputs, options.force);
    if result.as_ref().is_err_and(WriteError::is_refusal) && created_lock {
        // Refused: leave the folder as it was found.
        let _ = fs::remove_file(&lock_path);
        if !existed {
            let _ = fs::remove_dir(&resolved);
        }
    }
    drop(lock);
    result
}

/// Refuses a folder that has no manifest (`manifest` is what was read) and
/// holds anything but handbook's own lock.
fn ensure_ours(
    shown: &Path,
    dir: &Path,
    force: bool,
    manifest: Option<&manifest::Manifest>,
) -> Result<(), WriteError> {
    if force || manifest.is_some() {
        return Ok(());
    }
    let mut examples: Vec<String> = fs::read_dir(dir)
        .map_err(|err| io_error(dir, err))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != LOCK_FILE)
        .collect();
    if examples.is_empty() {
        return Ok(());
    }
    examples.sort();
    examples.truncate(5);
    Err(WriteError::NotOurs {
        dir: shown.to_path_buf(),
        examples,
    })
}

fn read_manifest(dir: &Path) -> Result<Option<manifest::Manifest>, WriteError> {
    manifest::read(dir).map_err(|err| io_error(dir, err))
}

/// The write proper, holding the lock.
fn write_locked(
    shown: &Path,
    dir: &Path,
    outputs: &[Output],
    force: bool,
) -> Result<WriteStats, WriteError> {
    let previous = read_manifest(dir)?;
    ensure_ours(shown, dir, force, previous.as_ref())?;
    let interrupted = previous.as_ref().is_some_and(|p| p.interrupted);
    let ours: BTreeSet<String> = previous.map(|p| p.paths).unwrap_or_default();
    let wanted: BTreeSet<String> = outputs.iter().map(|o| o.path.clone()).collect();

    let mut obstacles: Vec<(String, &'static str)> = outputs
        .par_iter()
        .filter_map(|o| obstacle(dir, &o.path, &ours, &wanted, force).transpose())
        .collect::<Result<_, _>>()
        .map_err(|err| io_error(dir, err))?;
    if !obstacles.is_empty() {
        obstacles.sort();
        obstacles.dedup();
        return Err(WriteError::InTheWay {
            dir: shown.to_path_buf(),
            obstacles,
        });
    }

    // The journal: everything this build may leave behind is in the manifest
    // before the first file is touched.
    let everything: BTreeSet<String> = ours.union(&wanted).cloned().collect();
    write_manifest(dir, &everything, true)?;
    if interrupted {
        remove_temporaries(dir, &everything);
    }
    let stale: Vec<&String> = ours.difference(&wanted).collect();
    let mut stats = WriteStats::default();
    for path in &stale {
        if remove_our_file(&dir.join(path.as_str())).map_err(|err| io_error(dir, err))? {
            stats.removed += 1;
        }
    }
    let results: Vec<io::Result<bool>> = outputs
        .par_iter()
        .map(|o| write_if_changed(&dir.join(&o.path), &o.bytes))
        .collect();
    for (result, output) in results.into_iter().zip(outputs) {
        match result {
            Ok(true) => stats.written += 1,
            Ok(false) => stats.unchanged += 1,
            Err(err) => return Err(io_error(&dir.join(&output.path), err)),
        }
    }
    remove_emptied_folders(dir, &ours, &wanted);
    write_manifest(dir, &wanted, false)?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use walkdir::WalkDir;

    fn out(path: &str, text: &str) -> Output {
        Output {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// A scratch site root with an output folder `public` inside it.
    struct Scratch {
        dir: tempfile::TempDir,
    }

    impl Scratch {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            fs::create_dir_all(dir.path().join("content")).unwrap();
            Scratch { dir }
        }
        fn public(&self) -> PathBuf {
            self.dir.path().join("public")
        }
        fn write(&self, outputs: &[Output], force: bool) -> Result<WriteStats, WriteError> {
            let options = WriteOptions {
                site_root: self.dir.path(),
                force,
                on_wait: &|_| {},
            };
            write(&self.public(), outputs, &options)
        }
        /// Every file below `public`, our own dot-files left out.
        fn files(&self) -> Vec<String> {
            let public = self.public();
            let mut files: Vec<String> = WalkDir::new(&public)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir())
                .map(|e| crate::diagnostics::display_path(e.path().strip_prefix(&public).unwrap()))
                .filter(|p| p != LOCK_FILE && p != manifest::FILE)
                .collect();
            files.sort();
            files
        }
    }

    #[test]
    fn writes_changed_keeps_unchanged_removes_stale() {
        let site = Scratch::new();
        let first = site
            .write(&[out("a/index.html", "A"), out("b/index.html", "B")], false)
            .unwrap();
        assert_eq!((first.written, first.unchanged, first.removed), (2, 0, 0));
        let second = site
            .write(&[out("a/index.html", "A"), out("c.txt", "C")], false)
            .unwrap();
        assert_eq!(
            (second.written, second.unchanged, second.removed),
            (1, 1, 1)
        );
        assert!(
            !site.public().join("b").exists(),
            "emptied folder is removed"
        );
        assert_eq!(site.files(), ["a/index.html", "c.txt"]);
    }

    #[test]
    fn files_the_build_did_not_write_stay() {
        let site = Scratch::new();
        site.write(&[out("index.html", "1"), out("old/index.html", "2")], false)
            .unwrap();
        fs::write(site.public().join("CNAME"), "example.org").unwrap();
        fs::write(site.public().join("old/notes.txt"), "mine").unwrap();
        fs::create_dir_all(site.public().join(".git/objects")).unwrap();
        fs::write(site.public().join(".git/HEAD"), "ref").unwrap();
        site.write(&[out("index.html", "1")], false).unwrap();
        assert_eq!(
            site.files(),
            [".git/HEAD", "CNAME", "index.html", "old/notes.txt"]
        );
    }

    #[test]
    fn a_folder_of_someone_elses_files_needs_force_and_loses_nothing() {
        let site = Scratch::new();
        fs::create_dir_all(site.public().join(".git")).unwrap();
        fs::write(site.public().join(".git/HEAD"), "ref").unwrap();
        fs::write(site.public().join("CNAME"), "example.org").unwrap();
        let refused = site.write(&[out("index.html", "1")], false).unwrap_err();
        assert!(matches!(refused, WriteError::NotOurs { .. }), "{refused}");
        assert!(
            !site.public().join(LOCK_FILE).exists(),
            "a refusal changes nothing"
        );
        site.write(&[out("index.html", "1")], true).unwrap();
        site.write(&[], false).unwrap();
        assert_eq!(site.files(), [".git/HEAD", "CNAME"]);
    }

    #[test]
    fn a_users_file_or_folder_in_the_way_is_refused_before_writing() {
        let site = Scratch::new();
        site.write(&[out("index.html", "1")], false).unwrap();
        fs::write(site.public().join("notes.html"), "mine").unwrap();
        fs::create_dir_all(site.public().join("page.html")).unwrap();
        let outputs = [
            out("index.html", "2"),
            out("notes.html", "x"),
            out("page.html", "x"),
        ];
        match site.write(&outputs, false).unwrap_err() {
            WriteError::InTheWay { obstacles, .. } => assert_eq!(
                obstacles
                    .iter()
                    .map(|(p, _)| p.as_str())
                    .collect::<Vec<_>>(),
                ["notes.html", "page.html"]
            ),
            other => panic!("{other}"),
        }
        assert_eq!(
            fs::read_to_string(site.public().join("index.html")).unwrap(),
            "1"
        );
        assert_eq!(
            fs::read_to_string(site.public().join("notes.html")).unwrap(),
            "mine"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_subfolder_is_not_written_through() {
        let site = Scratch::new();
        let elsewhere = tempfile::tempdir().unwrap();
        site.write(&[out("index.html", "1")], false).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), site.public().join("cases")).unwrap();
        let err = site
            .write(
                &[out("index.html", "1"), out("cases/a/index.html", "A")],
                false,
            )
            .unwrap_err();
        assert!(matches!(err, WriteError::InTheWay { .. }), "{err}");
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }

    #[test]
    fn after_a_crash_the_next_write_equals_a_clean_one() {
        let site = Scratch::new();
        site.write(&[out("a/index.html", "A"), out("b/index.html", "B")], false)
            .unwrap();
        // What a build killed half-way leaves: the journal lists every file it
        // may have written, one file is new, one temporary file is left over.
        let journal: BTreeSet<String> =
            ["a/index.html", "b/index.html", "c/index.html", "d/x.html"]
                .map(String::from)
                .into();
        fs::write(
            site.public().join(manifest::FILE),
            manifest::text(&journal, true),
        )
        .unwrap();
        fs::create_dir_all(site.public().join("c")).unwrap();
        fs::write(site.public().join("c/index.html"), "C").unwrap();
        fs::create_dir_all(site.public().join("d")).unwrap();
        fs::write(site.public().join("d/.x.html.handbook-tmp"), "half").unwrap();
        site.write(&[out("a/index.html", "A2")], false).unwrap();
        assert_eq!(site.files(), ["a/index.html"]);
        assert!(!site.public().join("d").exists());
        let manifest = manifest::read(&site.public()).unwrap().unwrap();
        assert!(!manifest.interrupted);
        assert_eq!(manifest.paths, ["a/index.html".to_string()].into());
    }

    #[test]
    fn refuses_the_site_itself_and_its_sources() {
        let site = Scratch::new();
        for dir in [
            site.dir.path().to_path_buf(),
            site.dir.path().join("content"),
        ] {
            let options = WriteOptions {
                site_root: site.dir.path(),
                force: true,
                on_wait: &|_| {},
            };
            let err = write(&dir, &[out("index.html", "x")], &options).unwrap_err();
            assert!(matches!(err, WriteError::Refused { .. }), "{err}");
        }
        assert!(!site.dir.path().join("index.html").exists());
        assert!(!site.dir.path().join("content/index.html").exists());
    }
}
