//! [`Writer`]: the write in three steps, so a build can hand over each file
//! as it is rendered instead of holding the whole site in memory.
//!
//! [`Writer::open`] refuses the folder or takes its lock; [`Writer::expect`]
//! is told every path the build will give, refuses what stands in their way
//! and writes the journal; [`Writer::put`] writes a changed file to its
//! temporary sibling (`.name.handbook-tmp`), next to the old one, which stays
//! as it was; [`Writer::commit`] removes the stale files and renames the
//! temporaries into place. A writer dropped before its commit (a render that
//! failed, a panic) removes its temporaries and the folders it made and puts
//! the manifest back: the folder is as it was found.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::error::io_error;
use super::files::{
    obstacle, remove_emptied_folders, remove_our_file, remove_temporaries, same_bytes, temporary,
    write_atomically, write_if_changed, write_manifest,
};
use super::{LOCK_FILE, WriteError, WriteOptions, WriteStats, manifest, refuse_dangerous};
use crate::render::Output;

/// An output folder being written; see the module docs.
pub struct Writer {
    /// The folder as given (for messages).
    shown: PathBuf,
    /// The folder, links resolved.
    dir: PathBuf,
    force: bool,
    /// The lock file, locked until the writer is dropped.
    held: fs::File,
    /// The lock file was made by this writer.
    created_lock: bool,
    /// The folder was there before.
    existed: bool,
    /// The manifest's bytes as found (`None`: there was none).
    found_manifest: Option<Vec<u8>>,
    /// Paths the manifest gave this build the right to replace or remove.
    ours: BTreeSet<String>,
    /// The last build was interrupted: its temporaries may be left.
    interrupted: bool,
    /// Every path this build gives.
    wanted: BTreeSet<String>,
    /// Paths written only at the commit: a stale file of the last build
    /// stands where a folder on their way must be.
    deferred_paths: HashSet<String>,
    /// Files for `deferred_paths`, held until the commit.
    deferred: Mutex<Vec<Output>>,
    /// Temporaries written, by output path.
    staged: Mutex<Vec<String>>,
    /// Folders this writer made, to remove again if it does not commit.
    made_folders: Mutex<Vec<PathBuf>>,
    unchanged: AtomicUsize,
    /// The first failure of a `put`; later files are not written.
    failed: Mutex<Option<WriteError>>,
    committed: bool,
}

impl Writer {
    /// Refuses `dir` if no build may write into it, or if it holds someone
    /// else's files (unless `force`); else takes its lock (waiting for
    /// another build that holds it). Nothing but the folder and its lock
    /// file is made yet.
    pub fn open(dir: &Path, options: &WriteOptions<'_>) -> Result<Writer, WriteError> {
        let resolved = refuse_dangerous(dir, options.site_root)?;
        let io_at = |path: &Path| {
            let path = path.to_path_buf();
            move |err| WriteError::Io { path, err }
        };
        // A folder of someone else's files is refused before anything is created in it.
        let lock_path = resolved.join(LOCK_FILE);
        let existed = resolved.is_dir();
        if existed && !lock_path.exists() {
            ensure_ours(dir, &resolved, options.force, manifest::read(&resolved))?;
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
        let mut writer = Writer {
            shown: dir.to_path_buf(),
            dir: resolved,
            force: options.force,
            held: lock,
            created_lock,
            existed,
            found_manifest: None,
            ours: BTreeSet::new(),
            interrupted: false,
            wanted: BTreeSet::new(),
            deferred_paths: HashSet::new(),
            deferred: Mutex::new(Vec::new()),
            staged: Mutex::new(Vec::new()),
            made_folders: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            failed: Mutex::new(None),
            committed: false,
        };
        match writer.held.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                (options.on_wait)(dir);
                writer.held.lock().map_err(io_at(&lock_path))?;
            }
            Err(fs::TryLockError::Error(err)) => return Err(io_error(&lock_path, err)),
        }
        // Read under the lock: the build that held it may have changed it.
        let manifest_path = writer.dir.join(manifest::FILE);
        let read = crate::input::read(&manifest_path, crate::input::Limit::MANIFEST)
            .map_err(crate::input::InputError::into_io);
        writer.found_manifest = match read {
            Ok(bytes) => Some(bytes),
            Err(err) if err.kind() == io::ErrorKind::NotFound => None,
            Err(err) => return Err(io_error(&manifest_path, err)),
        };
        let found = manifest::read(&writer.dir);
        ensure_ours(dir, &writer.dir, writer.force, found)?
            .into_iter()
            .for_each(|m| {
                writer.interrupted = m.interrupted;
                writer.ours = m.paths;
            });
        Ok(writer)
    }

    /// Takes in `paths`, more paths this build gives: refuses anything that
    /// stands in their way, and writes the journal (every file this build
    /// may leave behind) before the first of them is written.
    pub fn expect<'a>(
        &mut self,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), WriteError> {
        let new: Vec<&str> = paths
            .into_iter()
            .filter(|p| !self.wanted.contains(*p))
            .collect();
        self.wanted.extend(new.iter().map(|p| p.to_string()));
        let (dir, ours, wanted, force) = (&self.dir, &self.ours, &self.wanted, self.force);
        let mut obstacles: Vec<(String, &'static str)> = new
            .par_iter()
            .filter_map(|path| obstacle(dir, path, ours, wanted, force).transpose())
            .collect::<Result<_, _>>()
            .map_err(|err| io_error(dir, err))?;
        if !obstacles.is_empty() {
            obstacles.sort();
            obstacles.dedup();
            return Err(WriteError::InTheWay {
                dir: self.shown.clone(),
                obstacles,
            });
        }
        let stale_folder = |path: &&&str| {
            path.match_indices('/')
                .any(|(idx, _)| ours.contains(&path[..idx]) && !wanted.contains(&path[..idx]))
        };
        let deferred: Vec<String> = new
            .iter()
            .filter(stale_folder)
            .map(|p| p.to_string())
            .collect();
        self.deferred_paths.extend(deferred);
        let everything: BTreeSet<String> = self.ours.union(&self.wanted).cloned().collect();
        write_manifest(&self.dir, &everything, true)?;
        if self.interrupted {
            remove_temporaries(&self.dir, &everything);
            self.interrupted = false;
        }
        Ok(())
    }

    /// Takes one file of the site (its path given to [`Writer::expect`]):
    /// a file whose bytes differ from what is there is written to its
    /// temporary sibling. A failure is kept for [`Writer::commit`].
    pub fn put(&self, output: &Output) {
        if lock(&self.failed).is_some() {
            return;
        }
        debug_assert!(self.wanted.contains(&output.path), "{}", output.path);
        if self.deferred_paths.contains(&output.path) {
            lock(&self.deferred).push(output.clone());
            return;
        }
        let path = self.dir.join(&output.path);
        let staged = same_bytes(&path, &output.bytes).and_then(|same| {
            if same {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(false);
            }
            if let Some(parent) = path.parent() {
                self.make_folders(parent)?;
            }
            fs::write(temporary(&path), &output.bytes).map(|()| true)
        });
        match staged {
            Ok(true) => lock(&self.staged).push(output.path.clone()),
            Ok(false) => {}
            Err(err) => {
                lock(&self.failed).get_or_insert(io_error(&path, err));
            }
        }
    }

    /// Makes `folder` and the folders above it that are missing, noting each
    /// one made here.
    fn make_folders(&self, folder: &Path) -> io::Result<()> {
        if folder.is_dir() {
            return Ok(());
        }
        if let Some(parent) = folder.parent()
            && parent != self.dir
        {
            self.make_folders(parent)?;
        }
        match fs::create_dir(folder) {
            Ok(()) => {
                lock(&self.made_folders).push(folder.to_path_buf());
                Ok(())
            }
            // Another thread made it in the meantime.
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists && folder.is_dir() => Ok(()),
            Err(err) => Err(err),
        }
    }

    /// Puts the site in place: removes the stale files of the last build,
    /// renames the temporaries over the old files and writes the manifest.
    /// The first failure of a [`Writer::put`] is returned instead, and the
    /// folder left as it was found.
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        if let Some(err) = lock(&self.failed).take() {
            return Err(err);
        }
        self.committed = true;
        let dir = &self.dir;
        let stale: Vec<&String> = self.ours.difference(&self.wanted).collect();
        let mut stats = WriteStats {
            unchanged: *self.unchanged.get_mut(),
            ..WriteStats::default()
        };
        for path in &stale {
            if remove_our_file(&dir.join(path.as_str())).map_err(|err| io_error(dir, err))? {
                stats.removed += 1;
            }
        }
        let staged = std::mem::take(&mut *lock(&self.staged));
        staged.par_iter().try_for_each(|path| {
            let target = dir.join(path);
            fs::rename(temporary(&target), &target).map_err(|err| io_error(&target, err))
        })?;
        stats.written += staged.len();
        for output in std::mem::take(&mut *lock(&self.deferred)) {
            let target = dir.join(&output.path);
            match write_if_changed(&target, &output.bytes) {
                Ok(true) => stats.written += 1,
                Ok(false) => stats.unchanged += 1,
                Err(err) => return Err(io_error(&target, err)),
            }
        }
        remove_emptied_folders(dir, &self.ours, &self.wanted);
        write_manifest(dir, &self.wanted, false)?;
        Ok(stats)
    }

    /// Undoes what this writer did: see the module docs.
    fn undo(&mut self) {
        for path in lock(&self.staged).drain(..) {
            let _ = fs::remove_file(temporary(&self.dir.join(path)));
        }
        let mut made = std::mem::take(&mut *lock(&self.made_folders));
        // Deepest first; `remove_dir` removes only empty folders.
        made.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
        for folder in made {
            let _ = fs::remove_dir(folder);
        }
        let manifest_path = self.dir.join(manifest::FILE);
        let _ = match &self.found_manifest {
            Some(bytes) => write_atomically(&manifest_path, bytes),
            None => fs::remove_file(&manifest_path).or_else(|err| match err.kind() {
                io::ErrorKind::NotFound => Ok(()),
                _ => Err(err),
            }),
        };
        if self.created_lock {
            let _ = fs::remove_file(self.dir.join(LOCK_FILE));
            if !self.existed {
                let _ = fs::remove_dir(&self.dir);
            }
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.committed {
            self.undo();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Refuses a folder that has no manifest (`found` is what reading it gave)
/// and holds anything but handbook's own lock; returns the manifest.
fn ensure_ours(
    shown: &Path,
    dir: &Path,
    force: bool,
    found: io::Result<Option<manifest::Manifest>>,
) -> Result<Option<manifest::Manifest>, WriteError> {
    // Only the manifest is read here: a failure is about it.
    let found = found.map_err(|err| io_error(&dir.join(manifest::FILE), err))?;
    if force || found.is_some() {
        return Ok(found);
    }
    let mut examples: Vec<String> = fs::read_dir(dir)
        .map_err(|err| io_error(dir, err))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != LOCK_FILE)
        .collect();
    if examples.is_empty() {
        return Ok(None);
    }
    examples.sort();
    examples.truncate(5);
    Err(WriteError::NotOurs {
        dir: shown.to_path_buf(),
        examples,
    })
}
