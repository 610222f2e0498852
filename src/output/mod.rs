//! Write: the only stage that changes the output folder. A build hands it
//! each file as it is rendered ([`Writer`]); only when the whole build
//! succeeded are they put in place, and a build that fails changes nothing.
//!
//! The folder may hold files that are not the build's (a gh-pages checkout's
//! `.git/` and `CNAME`, a file an editor put there), so this stage keeps a
//! manifest of what it wrote (with a hash of each file) and replaces or
//! removes only those files, and only files it wrote unchanged. Before
//! the first byte is written it refuses folders a build must never touch
//! ([`guard`]), folders of someone else's files, and paths that would fail
//! half-way; a lock file keeps two builds apart. Nothing below the folder is
//! reached through a symbolic link (module `tree`): a link committed into the
//! output folder is never followed, to read, write, lock or remove. Each
//! file is written to a fresh temporary beside it and renamed into place
//! once all are written, and a journal is written before the files, so
//! after a crash the next build knows every file the interrupted one may
//! have left and ends with the folder a clean build gives.

mod error;
mod files;
pub mod guard;
pub mod manifest;
mod tree;
mod writer;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::Output;

pub use error::WriteError;
use error::io_error;
pub use guard::Danger;
pub use writer::Writer;

pub(crate) use crate::output_paths::LOCK_FILE;

/// What a write changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes changed or were new.
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Stale files (written by an earlier build) removed.
    pub removed: usize,
    /// Stale files left in place: changed since they were written, not a
    /// regular file, listed without a hash by an older version, or `CNAME`
    /// and `.nojekyll`.
    pub kept: usize,
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
    let site_root = guard::resolve(site_root).map_err(|err| io_error(site_root, err))?;
    let resolved = guard::resolve_output(dir, &site_root)
        .map_err(|err| io_error(dir, err))?
        .map_err(|danger| WriteError::Refused {
            dir: dir.to_path_buf(),
            resolved: dir.to_path_buf(),
            danger,
        })?;
    guard::check(&resolved, &site_root, guard::home().as_deref()).map_err(|danger| {
        WriteError::Refused {
            dir: dir.to_path_buf(),
            resolved: resolved.clone(),
            danger,
        }
    })?;
    Ok(resolved)
}

/// Writes `outputs` into `dir` (see the module docs for the rules): a
/// [`Writer`] given them all at once.
pub fn write(
    dir: &Path,
    outputs: &[Output],
    options: &WriteOptions<'_>,
) -> Result<WriteStats, WriteError> {
    let mut writer = Writer::open(dir, options)?;
    writer.expect(outputs.iter().map(|o| o.path.as_str()))?;
    outputs.par_iter().for_each(|o| writer.put(o));
    writer.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::fs;
    use walkdir::WalkDir;

    fn out(path: &str, text: &str) -> Output {
        Output {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
            searchable: None,
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
        fn options(&self, force: bool) -> WriteOptions<'_> {
            WriteOptions {
                site_root: self.dir.path(),
                force,
                on_wait: &|_| {},
            }
        }
        fn write(&self, outputs: &[Output], force: bool) -> Result<WriteStats, WriteError> {
            write(&self.public(), outputs, &self.options(force))
        }
        /// Every file below `public`, our own dot-files left out.
        fn files(&self) -> Vec<String> {
            let public = self.public();
            let mut files: Vec<String> = WalkDir::new(&public)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir())
                .map(|e| crate::diagnostics::display_path(e.path().strip_prefix(&public).unwrap()))
                .filter(|p| p != LOCK_FILE && p != manifest::FILE && p != manifest::JOURNAL)
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
        // may have written, one file is new, temporary files are left over.
        let journal: BTreeSet<String> =
            ["a/index.html", "b/index.html", "c/index.html", "d/x.html"]
                .map(String::from)
                .into();
        fs::write(
            site.public().join(manifest::JOURNAL),
            manifest::journal_text(&journal),
        )
        .unwrap();
        fs::create_dir_all(site.public().join("c")).unwrap();
        fs::write(site.public().join("c/index.html"), "C").unwrap();
        fs::create_dir_all(site.public().join("d")).unwrap();
        fs::write(
            site.public().join("d/.x.html.0badcafe.handbook-tmp"),
            "half",
        )
        .unwrap();
        fs::write(
            site.public()
                .join(".handbook-manifest.12345678.handbook-tmp"),
            "",
        )
        .unwrap();
        site.write(&[out("a/index.html", "A2")], false).unwrap();
        assert_eq!(site.files(), ["a/index.html"]);
        assert!(!site.public().join("d").exists());
        assert!(!site.public().join(manifest::JOURNAL).exists());
        let text = fs::read_to_string(site.public().join(manifest::FILE)).unwrap();
        assert_eq!(
            manifest::parse(&text),
            [("a/index.html".to_string(), Some(manifest::hash(b"A2")))].into()
        );
    }

    #[test]
    fn a_file_changed_since_it_was_written_is_kept() {
        let site = Scratch::new();
        site.write(
            &[
                out("a.html", "A"),
                out("b.html", "B"),
                out("CNAME", "x.org"),
            ],
            false,
        )
        .unwrap();
        fs::write(site.public().join("b.html"), "edited by hand").unwrap();
        let stats = site.write(&[], false).unwrap();
        assert_eq!((stats.removed, stats.kept), (1, 2));
        assert_eq!(site.files(), ["CNAME", "b.html"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_hostile_manifest_and_links_in_the_output_reach_nothing_outside() {
        let site = Scratch::new();
        let home = tempfile::tempdir().unwrap();
        fs::create_dir_all(home.path().join(".ssh")).unwrap();
        fs::write(home.path().join(".ssh/authorized_keys"), "key").unwrap();
        fs::write(home.path().join(".bashrc"), "rc").unwrap();
        fs::create_dir_all(site.public()).unwrap();
        let link = |from: &Path, to: PathBuf| std::os::unix::fs::symlink(from, to);
        link(home.path(), site.public().join("h")).unwrap();
        link(
            &home.path().join(".bashrc"),
            site.public().join(".index.html.handbook-tmp"),
        )
        .unwrap();
        link(&home.path().join(".bashrc"), site.public().join("old.html")).unwrap();
        let hash = manifest::hash(b"key");
        fs::write(
            site.public().join(manifest::FILE),
            format!("{hash:016x} h/.ssh/authorized_keys\nh/.ssh/authorized_keys\nold.html\n.git/config\n"),
        )
        .unwrap();
        fs::write(site.public().join(manifest::JOURNAL), "h/.bashrc\n").unwrap();
        site.write(&[out("index.html", "<p>side</p>")], false)
            .unwrap();
        assert_eq!(
            fs::read_to_string(home.path().join(".bashrc")).unwrap(),
            "rc"
        );
        assert_eq!(
            fs::read_to_string(home.path().join(".ssh/authorized_keys")).unwrap(),
            "key"
        );
        assert!(
            fs::symlink_metadata(site.public().join("h"))
                .unwrap()
                .is_symlink()
        );
        assert!(
            fs::symlink_metadata(site.public().join("old.html"))
                .unwrap()
                .is_symlink()
        );
        assert_eq!(
            fs::read_to_string(site.public().join("index.html")).unwrap(),
            "<p>side</p>"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_lock_file_is_refused_and_its_target_not_made() {
        let site = Scratch::new();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.public()).unwrap();
        fs::write(site.public().join(manifest::FILE), "").unwrap();
        std::os::unix::fs::symlink(elsewhere.path().join("made"), site.public().join(LOCK_FILE))
            .unwrap();
        let err = site.write(&[out("index.html", "x")], false).unwrap_err();
        assert!(matches!(err, WriteError::InTheWay { .. }), "{err}");
        assert!(!elsewhere.path().join("made").exists());
        assert!(!site.public().join("index.html").exists());
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

    /// Every file and folder below `dir` with its bytes (folders: `None`).
    fn everything(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
        WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .map(|e| {
                let bytes = e.file_type().is_file().then(|| fs::read(e.path()).unwrap());
                (e.path().to_path_buf(), bytes)
            })
            .collect()
    }

    #[test]
    fn a_writer_that_does_not_commit_leaves_the_folder_as_found() {
        let site = Scratch::new();
        site.write(&[out("a/index.html", "A"), out("b/index.html", "B")], false)
            .unwrap();
        fs::write(site.public().join("CNAME"), "example.org").unwrap();
        let before = everything(site.dir.path());
        let mut writer = Writer::open(&site.public(), &site.options(false)).unwrap();
        writer
            .expect(["a/index.html", "c/d/index.html", "e.txt"])
            .unwrap();
        writer.put(&out("a/index.html", "A2"));
        writer.put(&out("c/d/index.html", "D"));
        writer.put(&out("e.txt", "E"));
        let beside: Vec<String> = fs::read_dir(site.public().join("c/d"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            beside.len() == 1 && crate::output_paths::is_temporary_name(&beside[0]),
            "written beside, not in place: {beside:?}"
        );
        assert_eq!(
            fs::read_to_string(site.public().join("a/index.html")).unwrap(),
            "A"
        );
        drop(writer);
        assert_eq!(before, everything(site.dir.path()));
    }

    #[test]
    fn a_new_folder_is_gone_again_when_the_writer_does_not_commit() {
        let site = Scratch::new();
        let mut writer = Writer::open(&site.public(), &site.options(false)).unwrap();
        writer.expect(["x/index.html"]).unwrap();
        writer.put(&out("x/index.html", "X"));
        drop(writer);
        assert!(!site.public().exists());
    }

    #[test]
    fn a_committed_writer_puts_every_file_in_place_and_leaves_no_temporaries() {
        let site = Scratch::new();
        site.write(&[out("a", "file of the last build")], false)
            .unwrap();
        let mut writer = Writer::open(&site.public(), &site.options(false)).unwrap();
        // `a` was a file of the last build; now a folder stands there.
        writer.expect(["a/index.html", "b/index.html"]).unwrap();
        writer.put(&out("a/index.html", "A"));
        writer.put(&out("b/index.html", "B"));
        let stats = writer.commit().unwrap();
        assert_eq!((stats.written, stats.removed), (2, 1));
        assert_eq!(site.files(), ["a/index.html", "b/index.html"]);
    }
}
