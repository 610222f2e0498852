//! File operations of the write: what stands in a file's way, writing a file
//! only when its bytes changed (through a temporary sibling renamed into
//! place), the manifest, and removing what a build wrote and no longer wants.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::TMP_SUFFIX;
use super::error::{WriteError, io_error};
use super::manifest;

/// What stands at `path` (or at a folder on its way) that this build may not
/// replace, if anything.
pub(super) fn obstacle(
    dir: &Path,
    path: &str,
    ours: &BTreeSet<String>,
    wanted: &BTreeSet<String>,
    force: bool,
) -> io::Result<Option<(String, &'static str)>> {
    for (idx, _) in path.match_indices('/') {
        let folder = &path[..idx];
        match fs::symlink_metadata(dir.join(folder)) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
            Ok(meta) if meta.is_dir() => {}
            // Writing through a linked folder would write outside the output.
            Ok(meta) if meta.is_symlink() => {
                return Ok(Some((folder.into(), "er et symbolsk link, ikke en mappe")));
            }
            // A file of the last build that this one drops: removed before writing.
            Ok(_) if ours.contains(folder) && !wanted.contains(folder) => return Ok(None),
            Ok(_) => return Ok(Some((folder.into(), "er en fil, men skal være en mappe"))),
        }
    }
    match fs::symlink_metadata(dir.join(path)) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
        Ok(meta) if meta.is_dir() => Ok(Some((path.into(), "er en mappe, men skal være en fil"))),
        Ok(_) if ours.contains(path) || force => Ok(None),
        Ok(_) => Ok(Some((
            path.into(),
            "fandtes i forvejen og er ikke skrevet af handbook",
        ))),
    }
}

/// Removes a file (or a link) the manifest lists; a folder found there is not ours.
pub(super) fn remove_our_file(path: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_dir() => fs::remove_file(path).map(|()| true),
        Ok(_) => Ok(false),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err),
    }
}

/// Temporary siblings an interrupted write may have left next to `paths`.
pub(super) fn remove_temporaries(dir: &Path, paths: &BTreeSet<String>) {
    for path in paths {
        let temp = temporary(&dir.join(path));
        if fs::symlink_metadata(&temp).is_ok_and(|m| m.is_file()) {
            let _ = fs::remove_file(temp);
        }
    }
}

/// Folders that held only files of the last build and now hold nothing.
pub(super) fn remove_emptied_folders(
    dir: &Path,
    ours: &BTreeSet<String>,
    wanted: &BTreeSet<String>,
) {
    let folders_of = |set: &BTreeSet<String>| -> BTreeSet<String> {
        set.iter()
            .flat_map(|p| {
                p.match_indices('/')
                    .map(move |(idx, _)| p[..idx].to_string())
            })
            .collect()
    };
    let keep = folders_of(wanted);
    let mut candidates: Vec<String> = folders_of(ours).difference(&keep).cloned().collect();
    // Deepest first, so a folder emptied by removing its children goes too.
    candidates.sort_by_key(|p| std::cmp::Reverse(p.matches('/').count()));
    for folder in candidates {
        // `remove_dir` removes only empty folders: anything the user put there stays.
        let _ = fs::remove_dir(dir.join(folder));
    }
}

pub(super) fn write_manifest(
    dir: &Path,
    paths: &BTreeSet<String>,
    journal: bool,
) -> Result<(), WriteError> {
    let path = dir.join(manifest::FILE);
    write_atomically(&path, manifest::text(paths, journal).as_bytes())
        .map_err(|err| io_error(&path, err))
}

/// Whether the file at `path` (not a link) holds `bytes`.
pub(super) fn same_bytes(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    Ok(fs::symlink_metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
        && fs::read(path)? == bytes)
}

/// Writes `bytes` to `path` unless it already holds them; returns whether it wrote.
pub(super) fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    if same_bytes(path, bytes)? {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    write_atomically(path, bytes)?;
    Ok(true)
}

/// Writes via a temporary sibling and a rename: readers never see a half file.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temporary(path);
    let mut file = fs::File::create(&temp)?;
    file.write_all(bytes)?;
    drop(file);
    fs::rename(&temp, path)
}

pub(super) fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}{TMP_SUFFIX}"))
}
