//! What the write may do to a path of the output folder: whether something
//! stands in a new file's way ([`obstacle`]), and whether a file an earlier
//! build wrote may be removed ([`Right`], [`remove_stale`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use super::manifest;
use super::tree::{Kind, Tree};

/// What gives a build the right to replace or remove a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Right {
    /// The manifest lists it with the hash of what was written.
    Hash(u64),
    /// The manifest lists it without a hash (an older version wrote it):
    /// it may be replaced, never removed.
    Legacy,
    /// Only the journal of an interrupted build lists it: that build may
    /// have put it in place before it stopped.
    Journal,
}

/// The paths this build may replace: the manifest's, and the journal's
/// when the last build was interrupted.
pub(super) type Ours = BTreeMap<String, Right>;

/// What stands at `path` (or at a folder on its way) that this build may not
/// replace, if anything. Nothing is followed: a link is in the way.
pub(super) fn obstacle(
    tree: &Tree,
    path: &str,
    ours: &Ours,
    wanted: &BTreeSet<String>,
    force: bool,
) -> io::Result<Option<(String, &'static str)>> {
    let stale = |p: &str| ours.contains_key(p) && !wanted.contains(p);
    Ok(match tree.kind(path)? {
        Err((folder, Kind::Link)) => Some((folder, "er et symbolsk link, ikke en mappe")),
        // A file of the last build that this one drops: removed before writing.
        Err((folder, Kind::File { .. })) if stale(&folder) => None,
        Err((folder, Kind::File { .. })) => Some((folder, "er en fil, men skal være en mappe")),
        Err((folder, _)) => Some((folder, "er ikke en almindelig mappe")),
        Ok(Kind::Missing) => None,
        Ok(Kind::Folder) => Some((path.into(), "er en mappe, men skal være en fil")),
        // A rename replaces the link itself, never what it points to; but a
        // link is never ours, so only `--force` replaces it.
        Ok(Kind::Link) if force => None,
        Ok(Kind::Link) => Some((
            path.into(),
            "er et symbolsk link; handbook følger og erstatter ikke links",
        )),
        Ok(Kind::Other) => Some((path.into(), "er ikke en almindelig fil")),
        Ok(Kind::File { .. }) if ours.contains_key(path) || force => None,
        Ok(Kind::File { .. }) => Some((
            path.into(),
            "fandtes i forvejen og er ikke skrevet af handbook",
        )),
    })
}

/// What became of a stale file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Removal {
    Removed,
    /// Already gone.
    Gone,
    /// Left where it is: protected, changed since it was written, written
    /// by an older version, or not a regular file.
    Kept,
}

/// Removes `path`, a file an earlier build wrote that this one does not,
/// if `right` allows it: see the module docs of `manifest`.
pub(super) fn remove_stale(tree: &Tree, path: &str, right: Right) -> io::Result<Removal> {
    if manifest::never_removed(path) {
        return Ok(Removal::Kept);
    }
    let len = match tree.kind(path)? {
        Ok(Kind::Missing) => return Ok(Removal::Gone),
        Ok(Kind::File { len }) => len,
        // A link, a folder, a device, or a path through a link.
        _ => return Ok(Removal::Kept),
    };
    let unchanged = match right {
        Right::Hash(hash) => tree
            .read_if_len(path, len)?
            .is_some_and(|bytes| manifest::hash(&bytes) == hash),
        Right::Journal => true,
        Right::Legacy => false,
    };
    if unchanged && tree.remove_file(path)? {
        Ok(Removal::Removed)
    } else {
        Ok(Removal::Kept)
    }
}

/// Folders of `paths` (every prefix ending before a `/`).
pub(super) fn folders_of<'a>(paths: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    paths
        .into_iter()
        .flat_map(|p| {
            p.match_indices('/')
                .map(move |(idx, _)| p[..idx].to_string())
        })
        .collect()
}

/// Folders that held only files of the last build and now hold nothing.
pub(super) fn remove_emptied_folders<'a>(
    tree: &Tree,
    ours: impl IntoIterator<Item = &'a String>,
    wanted: &BTreeSet<String>,
) {
    let keep = folders_of(wanted);
    let mut candidates: Vec<String> = folders_of(ours).difference(&keep).cloned().collect();
    // Deepest first, so a folder emptied by removing its children goes too.
    candidates.sort_by_key(|p| std::cmp::Reverse(p.matches('/').count()));
    for folder in candidates {
        // Only empty folders go: anything the user put there stays.
        tree.remove_empty_folder(&folder);
    }
}
