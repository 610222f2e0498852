//! [`Tree`]: the output folder, opened once and then walked one name at a
//! time without following a single symbolic link.
//!
//! Everything below the output folder may have been committed by someone
//! else (a committed `public/`, a gh-pages checkout), so a link there is
//! never followed: not to read, write, remove or lock. Each folder on a
//! path is opened with "no follow" from the folder above it (a capability,
//! [`cap_std`]), so a link swapped in between a check and a use cannot lead
//! outside either. Temporary files are created under a fresh name that must
//! not exist yet.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt};
use cap_std::fs::{Dir, File, OpenOptions};

use crate::output_paths::{is_temporary_name, temporary_name};

/// What stands at a name inside the output folder (links not followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Missing,
    File {
        len: u64,
    },
    Folder,
    Link,
    /// A device, a FIFO, a socket: nothing a build writes.
    Other,
}

/// A folder found on a path, or why there is none.
pub(crate) enum Folder {
    Open(Arc<Dir>),
    /// The folder (or one above it) does not exist.
    Missing,
    /// `at` (relative to the output folder) is not a real folder.
    Blocked {
        at: String,
        kind: Kind,
    },
}

/// The output folder; see the module docs.
pub(crate) struct Tree {
    root: Arc<Dir>,
    /// Folders opened so far, by path relative to the output folder.
    folders: Mutex<HashMap<String, Arc<Dir>>>,
}

/// Counter mixed into temporary names, so two in one process never collide.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Tree {
    /// Opens `dir`, which must be resolved already (no link in its path is
    /// the repository's: see `guard`) and must be a real folder.
    pub(crate) fn open(dir: &Path) -> io::Result<Tree> {
        let root = Dir::open_ambient_dir(dir, cap_std::ambient_authority())?;
        Ok(Tree {
            root: Arc::new(root),
            folders: Mutex::new(HashMap::new()),
        })
    }

    /// The folder at `rel` (`""`: the output folder), opened without
    /// following links.
    pub(crate) fn folder(&self, rel: &str) -> io::Result<Folder> {
        if rel.is_empty() {
            return Ok(Folder::Open(self.root.clone()));
        }
        if let Some(open) = lock(&self.folders).get(rel) {
            return Ok(Folder::Open(open.clone()));
        }
        let (parent, name) = split(rel);
        let parent = match self.folder(parent)? {
            Folder::Open(dir) => dir,
            other => return Ok(other),
        };
        match kind_in(&parent, name)? {
            Kind::Folder => {}
            Kind::Missing => return Ok(Folder::Missing),
            kind => {
                return Ok(Folder::Blocked {
                    at: rel.to_string(),
                    kind,
                });
            }
        }
        let opened = Arc::new(parent.open_dir_nofollow(name)?);
        lock(&self.folders).insert(rel.to_string(), opened.clone());
        Ok(Folder::Open(opened))
    }

    /// What stands at `rel`; `Err(Blocked)`-like answers come back as the
    /// blocking folder's path and kind.
    pub(crate) fn kind(&self, rel: &str) -> io::Result<Result<Kind, (String, Kind)>> {
        let (parent, name) = split(rel);
        match self.folder(parent)? {
            Folder::Open(dir) => kind_in(&dir, name).map(Ok),
            Folder::Missing => Ok(Ok(Kind::Missing)),
            Folder::Blocked { at, kind } => Ok(Err((at, kind))),
        }
    }

    /// The bytes of the regular file at `rel` if it is exactly `len` bytes
    /// long; `None` for anything else (missing, a link, another length).
    pub(crate) fn read_if_len(&self, rel: &str, len: u64) -> io::Result<Option<Vec<u8>>> {
        let (parent, name) = split(rel);
        let Folder::Open(dir) = self.folder(parent)? else {
            return Ok(None);
        };
        if kind_in(&dir, name)? != (Kind::File { len }) {
            return Ok(None);
        }
        let mut file = match dir.open_with(
            name,
            OpenOptions::new().read(true).follow(FollowSymlinks::No),
        ) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        };
        if !file.metadata()?.is_file() {
            return Ok(None);
        }
        let mut bytes = Vec::with_capacity(len as usize);
        (&mut file).take(len + 1).read_to_end(&mut bytes)?;
        Ok((bytes.len() as u64 == len).then_some(bytes))
    }

    /// Makes the folder `rel` and any missing above it; returns the folders
    /// made, outermost first. Refuses (as an error) a link or file on the way.
    pub(crate) fn make_folders(&self, rel: &str) -> io::Result<Vec<String>> {
        let mut made = Vec::new();
        let mut end = 0;
        for part in rel.split('/') {
            end += part.len();
            let path = &rel[..end];
            match self.folder(path)? {
                Folder::Open(_) => {}
                Folder::Missing => {
                    let (parent, name) = split(path);
                    let Folder::Open(dir) = self.folder(parent)? else {
                        return Err(io::Error::other(format!("`{parent}` mangler")));
                    };
                    match dir.create_dir(name) {
                        Ok(()) => made.push(path.to_string()),
                        // Another thread made it in the meantime.
                        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                        Err(err) => return Err(err),
                    }
                    if !matches!(self.folder(path)?, Folder::Open(_)) {
                        return Err(blocked_error(path));
                    }
                }
                Folder::Blocked { at, .. } => return Err(blocked_error(&at)),
            }
            end += 1;
        }
        Ok(made)
    }

    /// Writes `bytes` to a new temporary file beside `rel` (whose folder
    /// must exist) and returns the temporary's name. The name is fresh and
    /// created exclusively, so nothing that was there is followed or
    /// overwritten; a failed write removes what it wrote.
    pub(crate) fn write_temporary(&self, rel: &str, bytes: &[u8]) -> io::Result<String> {
        let (parent, name) = split(rel);
        let dir = match self.folder(parent)? {
            Folder::Open(dir) => dir,
            Folder::Missing => return Err(io::Error::from(io::ErrorKind::NotFound)),
            Folder::Blocked { at, .. } => return Err(blocked_error(&at)),
        };
        let (temp, mut file) = create_fresh(&dir, name)?;
        let written = file.write_all(bytes).and_then(|()| file.flush());
        drop(file);
        if let Err(err) = written {
            let _ = dir.remove_file(&temp);
            return Err(err);
        }
        Ok(temp)
    }

    /// Renames the temporary `temp` beside `rel` to `rel`, replacing what
    /// stands there (a rename replaces a link itself, never its target).
    pub(crate) fn put_in_place(&self, rel: &str, temp: &str) -> io::Result<()> {
        let (parent, name) = split(rel);
        match self.folder(parent)? {
            Folder::Open(dir) => dir.rename(temp, &dir, name),
            Folder::Missing => Err(io::Error::from(io::ErrorKind::NotFound)),
            Folder::Blocked { at, .. } => Err(blocked_error(&at)),
        }
    }

    /// Removes the temporary `temp` beside `rel`, if it is still there.
    pub(crate) fn remove_temporary(&self, rel: &str, temp: &str) {
        let (parent, _) = split(rel);
        if let Ok(Folder::Open(dir)) = self.folder(parent) {
            let _ = dir.remove_file(temp);
        }
    }

    /// Removes the regular file at `rel` (never a link, a folder or what a
    /// link leads to); returns whether it did.
    pub(crate) fn remove_file(&self, rel: &str) -> io::Result<bool> {
        let (parent, name) = split(rel);
        let Folder::Open(dir) = self.folder(parent)? else {
            return Ok(false);
        };
        if !matches!(kind_in(&dir, name)?, Kind::File { .. }) {
            return Ok(false);
        }
        dir.remove_file(name).map(|()| true)
    }

    /// Removes the folder `rel` if it is empty (a real folder, not a link).
    pub(crate) fn remove_empty_folder(&self, rel: &str) {
        let (parent, name) = split(rel);
        if let Ok(Folder::Open(dir)) = self.folder(parent)
            && kind_in(&dir, name).is_ok_and(|k| k == Kind::Folder)
            && dir.remove_dir(name).is_ok()
        {
            lock(&self.folders).remove(rel);
        }
    }

    /// Removes the temporaries an interrupted build left in the folder
    /// `rel`: regular files named like ours (`.NAME.XXXXXXXX.handbook-tmp`).
    pub(crate) fn remove_temporaries_in(&self, rel: &str) {
        let Ok(Folder::Open(dir)) = self.folder(rel) else {
            return;
        };
        let Ok(entries) = dir.entries() else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                continue;
            };
            if is_temporary_name(name) && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = dir.remove_file(name);
            }
        }
    }

    /// Writes `bytes` to a fresh temporary in the output folder itself and
    /// renames it to `name` (the manifest, the journal).
    pub(crate) fn replace_file(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let temp = self.write_temporary(name, bytes)?;
        self.put_in_place(name, &temp).inspect_err(|_| {
            let _ = self.root.remove_file(&temp);
        })
    }

    /// Opens (creating it if missing) the regular file `name` in the output
    /// folder for reading and writing, never through a link.
    pub(crate) fn open_lock(&self, name: &str) -> io::Result<(std::fs::File, bool)> {
        let existed = match kind_in(&self.root, name)? {
            Kind::Missing => false,
            Kind::File { .. } => true,
            _ => return Err(blocked_error(name)),
        };
        let file = self.root.open_with(
            name,
            OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .follow(FollowSymlinks::No),
        )?;
        if !file.metadata()?.is_file() {
            return Err(blocked_error(name));
        }
        Ok((file.into_std(), !existed))
    }

    /// Reads the regular file `name` of the output folder, at most `limit`
    /// bytes (`None`: there is none).
    pub(crate) fn read_small(&self, name: &str, limit: u64) -> io::Result<Option<Vec<u8>>> {
        match kind_in(&self.root, name)? {
            Kind::Missing => return Ok(None),
            Kind::File { len } if len <= limit => {}
            Kind::File { .. } => {
                return Err(io::Error::other(format!(
                    "`{name}` er større end {limit} bytes"
                )));
            }
            _ => return Err(blocked_error(name)),
        }
        let mut file = self.root.open_with(
            name,
            OpenOptions::new().read(true).follow(FollowSymlinks::No),
        )?;
        let mut bytes = Vec::new();
        (&mut file).take(limit).read_to_end(&mut bytes)?;
        Ok(Some(bytes))
    }

    /// Removes the regular file `name` of the output folder, if there.
    pub(crate) fn remove_own(&self, name: &str) -> io::Result<()> {
        match kind_in(&self.root, name)? {
            Kind::File { .. } => self.root.remove_file(name),
            _ => Ok(()),
        }
    }

    /// Names in the output folder itself.
    pub(crate) fn names(&self) -> io::Result<Vec<String>> {
        Ok(self
            .root
            .entries()?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect())
    }
}

/// What stands at `name` in `dir`, links not followed.
fn kind_in(dir: &Dir, name: &str) -> io::Result<Kind> {
    match dir.symlink_metadata(name) {
        Ok(meta) => {
            let kind = meta.file_type();
            Ok(if kind.is_symlink() {
                Kind::Link
            } else if kind.is_dir() {
                Kind::Folder
            } else if kind.is_file() {
                Kind::File { len: meta.len() }
            } else {
                Kind::Other
            })
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Kind::Missing),
        Err(err) => Err(err),
    }
}

/// Creates a file under a fresh temporary name for `name` in `dir`: the
/// name must not exist (O_EXCL), so a link there is never followed.
fn create_fresh(dir: &Dir, name: &str) -> io::Result<(String, File)> {
    let seed = std::process::id() as u64 ^ nanos();
    for _ in 0..16 {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let random = mix(seed.wrapping_add(n)) as u32;
        let temp = temporary_name(name, random);
        match dir.open_with(
            &temp,
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .follow(FollowSymlinks::No),
        ) {
            Ok(file) => return Ok((temp, file)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err),
        }
    }
    Err(io::Error::from(io::ErrorKind::AlreadyExists))
}

fn nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or_default()
}

/// SplitMix64's finaliser: spreads a counter over the bits.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d049bb133111eb);
    x ^ (x >> 31)
}

/// `a/b/c.html` → (`a/b`, `c.html`); `c.html` → (``, `c.html`).
pub(crate) fn split(rel: &str) -> (&str, &str) {
    match rel.rfind('/') {
        Some(idx) => (&rel[..idx], &rel[idx + 1..]),
        None => ("", rel),
    }
}

fn blocked_error(at: &str) -> io::Error {
    io::Error::other(format!(
        "`{at}` i outputmappen er et symbolsk link eller ikke en almindelig mappe eller fil; handbook følger ikke links"
    ))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised() {
        let name = temporary_name("index.html", 0xdead);
        assert_eq!(name, ".index.html.0000dead.handbook-tmp");
        assert!(is_temporary_name(&name));
        assert!(is_temporary_name(".index.html.handbook-tmp"));
        assert!(!is_temporary_name("index.html"));
        assert!(!is_temporary_name(".handbook-tmp"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "mine").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::os::unix::fs::symlink(outside.path(), out.join("h")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), out.join("f")).unwrap();
        let tree = Tree::open(out).unwrap();
        assert!(matches!(
            tree.kind("h/secret").unwrap(),
            Err((ref at, Kind::Link)) if at == "h"
        ));
        assert_eq!(tree.kind("f").unwrap(), Ok(Kind::Link));
        assert!(!tree.remove_file("h/secret").unwrap());
        assert!(!tree.remove_file("f").unwrap());
        assert!(tree.read_if_len("f", 4).unwrap().is_none());
        assert!(tree.make_folders("h/x").is_err());
        assert!(tree.write_temporary("h/secret", b"x").is_err());
        assert!(tree.open_lock("f").is_err());
        assert_eq!(
            std::fs::read_to_string(outside.path().join("secret")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
    }

    #[test]
    fn temporaries_are_fresh_and_renamed_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let tree = Tree::open(dir.path()).unwrap();
        assert_eq!(tree.make_folders("a/b").unwrap(), ["a", "a/b"]);
        let first = tree.write_temporary("a/b/c.html", b"1").unwrap();
        let second = tree.write_temporary("a/b/c.html", b"2").unwrap();
        assert_ne!(first, second);
        tree.put_in_place("a/b/c.html", &second).unwrap();
        tree.remove_temporary("a/b/c.html", &first);
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a/b"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["c.html"]);
        assert_eq!(std::fs::read(dir.path().join("a/b/c.html")).unwrap(), b"2");
    }
}
