//! [`Writer`]: the write in three steps, so a build can hand over each file
//! as it is rendered instead of holding the whole site in memory.
//!
//! [`Writer::open`] refuses the folder or takes its lock; [`Writer::expect`]
//! is told every path the build will give, refuses what stands in their way
//! and writes the journal (every path this build may leave behind);
//! [`Writer::put`] writes a changed file to a fresh temporary beside the old
//! one, which stays as it was; [`Writer::commit`] writes the new manifest to
//! a temporary too, and only then (nothing left that needs disk space)
//! removes the stale files, renames the temporaries into place, puts the
//! manifest in place and removes the journal. A writer dropped before its
//! commit (a render that failed, a full disk, a panic) removes its
//! temporaries, the folders it made and its journal: the folder is as it
//! was found, and the manifest was never touched.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::error::io_error;
use super::files::{
    Ours, Removal, Right, folders_of, obstacle, remove_emptied_folders, remove_stale,
};
use super::tree::{Tree, split};
use super::{LOCK_FILE, WriteError, WriteOptions, WriteStats, manifest, refuse_dangerous};
use crate::render::Output;

/// An output folder being written; see the module docs.
pub struct Writer {
    /// The folder as given (for messages).
    shown: PathBuf,
    /// The folder, links resolved.
    dir: PathBuf,
    /// The folder, opened; nothing below it is reached through a link.
    tree: Tree,
    force: bool,
    /// The lock file, locked until the writer is dropped.
    _held: fs::File,
    /// The lock file was made by this writer.
    created_lock: bool,
    /// The folder was there before.
    existed: bool,
    /// Paths this build may replace or remove, and by what right.
    ours: Ours,
    /// The last build was interrupted: its temporaries may be left.
    interrupted: bool,
    /// A journal was there when this writer opened (kept if it fails).
    found_journal: bool,
    /// This writer wrote the journal.
    wrote_journal: bool,
    /// Every path this build gives.
    wanted: BTreeSet<String>,
    /// Paths written only at the commit: a stale file of the last build
    /// stands where a folder on their way must be.
    deferred_paths: HashSet<String>,
    /// Files for `deferred_paths`, held until the commit.
    deferred: Mutex<Vec<Output>>,
    /// Temporaries written: (output path, temporary name beside it).
    staged: Mutex<Vec<(String, String)>>,
    /// The hash of every file given, for the manifest.
    hashes: Mutex<BTreeMap<String, u64>>,
    /// Folders this writer made, to remove again if it does not commit.
    made_folders: Mutex<Vec<String>>,
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
        let existed = fs::symlink_metadata(&resolved).is_ok_and(|m| m.is_dir());
        if !existed {
            fs::create_dir_all(&resolved).map_err(|err| io_error(dir, err))?;
        }
        let tree = Tree::open(&resolved).map_err(|err| io_error(dir, err))?;
        let in_the_way = |name: &str| WriteError::InTheWay {
            dir: dir.to_path_buf(),
            obstacles: vec![(
                name.to_string(),
                "er et symbolsk link eller ikke en almindelig fil; handbook følger ikke links",
            )],
        };
        // A folder of someone else's files is refused before anything is created in it.
        let lock_there = tree
            .kind(LOCK_FILE)
            .map_err(|err| io_error(dir, err))?
            .is_ok_and(|k| k != super::tree::Kind::Missing);
        if existed && !lock_there {
            ensure_ours(dir, &tree, options.force)?;
        }
        let (held, created_lock) = tree.open_lock(LOCK_FILE).map_err(|err| match err.kind() {
            io::ErrorKind::Other => in_the_way(LOCK_FILE),
            _ => io_error(&resolved.join(LOCK_FILE), err),
        })?;
        match held.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                (options.on_wait)(dir);
                held.lock()
                    .map_err(|err| io_error(&resolved.join(LOCK_FILE), err))?;
            }
            Err(fs::TryLockError::Error(err)) => {
                return Err(io_error(&resolved.join(LOCK_FILE), err));
            }
        }
        // Read under the lock: the build that held it may have changed them.
        let (manifest, journal) = ensure_ours(dir, &tree, options.force)?;
        let found_journal = journal.is_some();
        let mut ours: Ours = manifest
            .unwrap_or_default()
            .into_iter()
            .map(|(path, hash)| (path, hash.map_or(Right::Legacy, Right::Hash)))
            .collect();
        for path in journal.unwrap_or_default().into_keys() {
            ours.entry(path).or_insert(Right::Journal);
        }
        Ok(Writer {
            shown: dir.to_path_buf(),
            dir: resolved,
            tree,
            force: options.force,
            _held: held,
            created_lock,
            existed,
            ours,
            interrupted: found_journal,
            found_journal,
            wrote_journal: false,
            wanted: BTreeSet::new(),
            deferred_paths: HashSet::new(),
            deferred: Mutex::new(Vec::new()),
            staged: Mutex::new(Vec::new()),
            hashes: Mutex::new(BTreeMap::new()),
            made_folders: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            failed: Mutex::new(None),
            committed: false,
        })
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
        let (tree, ours, wanted, force) = (&self.tree, &self.ours, &self.wanted, self.force);
        let mut obstacles: Vec<(String, &'static str)> = new
            .par_iter()
            .filter_map(|path| obstacle(tree, path, ours, wanted, force).transpose())
            .collect::<Result<_, _>>()
            .map_err(|err| io_error(&self.dir, err))?;
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
                .any(|(idx, _)| ours.contains_key(&path[..idx]) && !wanted.contains(&path[..idx]))
        };
        let deferred: Vec<String> = new
            .iter()
            .filter(stale_folder)
            .map(|p| p.to_string())
            .collect();
        self.deferred_paths.extend(deferred);
        let everything: BTreeSet<&String> = self.ours.keys().chain(&self.wanted).collect();
        let journal = manifest::journal_text(everything.iter().copied());
        self.tree
            .replace_file(manifest::JOURNAL, journal.as_bytes())
            .map_err(|err| io_error(&self.dir.join(manifest::JOURNAL), err))?;
        self.wrote_journal = true;
        if self.interrupted {
            // What the interrupted build may have left beside its files.
            self.tree.remove_temporaries_in("");
            for folder in folders_of(everything.iter().copied()) {
                self.tree.remove_temporaries_in(&folder);
            }
            self.interrupted = false;
        }
        Ok(())
    }

    /// Takes one file of the site (its path given to [`Writer::expect`]):
    /// a file whose bytes differ from what is there is written to a fresh
    /// temporary beside it. A failure is kept for [`Writer::commit`].
    pub fn put(&self, output: &Output) {
        if lock(&self.failed).is_some() {
            return;
        }
        debug_assert!(self.wanted.contains(&output.path), "{}", output.path);
        lock(&self.hashes).insert(output.path.clone(), manifest::hash(&output.bytes));
        if self.deferred_paths.contains(&output.path) {
            lock(&self.deferred).push(output.clone());
            return;
        }
        match self.stage(&output.path, &output.bytes) {
            Ok(Some(temp)) => lock(&self.staged).push((output.path.clone(), temp)),
            Ok(None) => {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
            }
            Err(err) => {
                lock(&self.failed).get_or_insert(io_error(&self.dir.join(&output.path), err));
            }
        }
    }

    /// Writes `bytes` to a temporary beside `path` unless the file there
    /// already holds them; returns the temporary's name.
    fn stage(&self, path: &str, bytes: &[u8]) -> io::Result<Option<String>> {
        if self
            .tree
            .read_if_len(path, bytes.len() as u64)?
            .is_some_and(|old| old == bytes)
        {
            return Ok(None);
        }
        let (parent, _) = split(path);
        if !parent.is_empty() {
            let made = self.tree.make_folders(parent)?;
            lock(&self.made_folders).extend(made);
        }
        self.tree.write_temporary(path, bytes).map(Some)
    }

    /// Puts the site in place: see the module docs. The first failure of a
    /// [`Writer::put`] is returned instead, and the folder left as it was
    /// found; so is a failure to write the manifest.
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        if let Some(err) = lock(&self.failed).take() {
            return Err(err);
        }
        let hashes = std::mem::take(&mut *lock(&self.hashes));
        let manifest_path = self.dir.join(manifest::FILE);
        let manifest_temp = self
            .tree
            .write_temporary(manifest::FILE, manifest::text(&hashes).as_bytes())
            .map_err(|err| io_error(&manifest_path, err))?;
        // From here on only removals and renames: nothing needs disk space
        // but the folders of deferred files.
        self.committed = true;
        let mut stats = WriteStats {
            unchanged: *self.unchanged.get_mut(),
            ..WriteStats::default()
        };
        let result = self.put_in_place(&mut stats);
        if let Err(err) = result {
            // The journal stays: the next build finishes the job.
            self.tree.remove_temporary(manifest::FILE, &manifest_temp);
            return Err(err);
        }
        self.tree
            .put_in_place(manifest::FILE, &manifest_temp)
            .map_err(|err| io_error(&manifest_path, err))?;
        self.tree
            .remove_own(manifest::JOURNAL)
            .map_err(|err| io_error(&self.dir.join(manifest::JOURNAL), err))?;
        Ok(stats)
    }

    /// The commit's removals and renames.
    fn put_in_place(&mut self, stats: &mut WriteStats) -> Result<(), WriteError> {
        let dir = &self.dir;
        let tree = &self.tree;
        for (path, right) in &self.ours {
            if self.wanted.contains(path) {
                continue;
            }
            match remove_stale(tree, path, *right).map_err(|err| io_error(&dir.join(path), err))? {
                Removal::Removed => stats.removed += 1,
                Removal::Kept => stats.kept += 1,
                Removal::Gone => {}
            }
        }
        let staged = std::mem::take(&mut *lock(&self.staged));
        staged.par_iter().try_for_each(|(path, temp)| {
            tree.put_in_place(path, temp)
                .map_err(|err| io_error(&dir.join(path), err))
        })?;
        stats.written += staged.len();
        for output in std::mem::take(&mut *lock(&self.deferred)) {
            match self.stage(&output.path, &output.bytes) {
                Ok(Some(temp)) => {
                    tree.put_in_place(&output.path, &temp)
                        .map_err(|err| io_error(&dir.join(&output.path), err))?;
                    stats.written += 1;
                }
                Ok(None) => stats.unchanged += 1,
                Err(err) => return Err(io_error(&dir.join(&output.path), err)),
            }
        }
        remove_emptied_folders(tree, self.ours.keys(), &self.wanted);
        Ok(())
    }

    /// Undoes what this writer did: see the module docs.
    fn undo(&mut self) {
        for (path, temp) in lock(&self.staged).drain(..) {
            self.tree.remove_temporary(&path, &temp);
        }
        let mut made = std::mem::take(&mut *lock(&self.made_folders));
        // Deepest first; only empty folders are removed.
        made.sort_by_key(|p| std::cmp::Reverse(p.matches('/').count()));
        for folder in made {
            self.tree.remove_empty_folder(&folder);
        }
        // A journal found on opening lists files an interrupted build may
        // have left; it stays (ours lists every path of it) until a build
        // finishes.
        if self.wrote_journal && !self.found_journal {
            let _ = self.tree.remove_own(manifest::JOURNAL);
        }
        if self.created_lock {
            let _ = self.tree.remove_own(LOCK_FILE);
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

type Found = (Option<manifest::Entries>, Option<manifest::Entries>);

/// Reads the manifest and the journal; refuses a folder that has neither
/// and holds anything but handbook's own lock (unless `force`).
fn ensure_ours(shown: &Path, tree: &Tree, force: bool) -> Result<Found, WriteError> {
    let read = |name: &str| -> Result<Option<manifest::Entries>, WriteError> {
        let bytes = tree
            .read_small(name, manifest::MAX_BYTES)
            .map_err(|err| match err.kind() {
                // A link or a device where the manifest or journal should be.
                io::ErrorKind::Other => WriteError::InTheWay {
                    dir: shown.to_path_buf(),
                    obstacles: vec![(
                        name.to_string(),
                        "er et symbolsk link eller ikke en almindelig fil; handbook følger ikke links",
                    )],
                },
                _ => io_error(&shown.join(name), err),
            })?;
        Ok(bytes.map(|b| manifest::parse(&String::from_utf8_lossy(&b))))
    };
    let found = (read(manifest::FILE)?, read(manifest::JOURNAL)?);
    if force || found.0.is_some() || found.1.is_some() {
        return Ok(found);
    }
    let mut examples: Vec<String> = tree
        .names()
        .map_err(|err| io_error(shown, err))?
        .into_iter()
        .filter(|name| name != LOCK_FILE)
        .collect();
    if examples.is_empty() {
        return Ok(found);
    }
    examples.sort();
    examples.truncate(5);
    Err(WriteError::NotOurs {
        dir: shown.to_path_buf(),
        examples,
    })
}
