//! The walk through `content/` and the theme's folders: every regular file,
//! hidden and temporary files skipped, no symbolic link followed (each one
//! is a problem naming where it points).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostic};
use crate::input::{self, danish_io, symlink_problem};

use super::shown;

/// What stands where the site reads a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Folder {
    /// A folder (not a link to one).
    Dir,
    /// Nothing, or not a folder.
    Missing,
    /// A symbolic link: refused, the problem added.
    Link,
}

/// Whether `dir` is a folder the site may read; a symbolic link is a problem.
pub(super) fn folder(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Folder {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            let target = std::fs::read_link(dir).unwrap_or_default();
            problems.push(symlink_problem(&shown(root, dir), &target, Code::Load));
            Folder::Link
        }
        Ok(m) if m.is_dir() => Folder::Dir,
        _ => Folder::Missing,
    }
}

/// Markdown files and other files below `dir`, sorted.
pub(super) fn walk(
    root: &Path,
    dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    walk_all(root, dir, problems)
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "md"))
}

/// Every regular file below the folder `dir` (checked by [`folder`]), sorted,
/// skipping hidden and temporary files. Links are not followed: each is a
/// problem, as is anything that is neither a regular file nor a folder.
pub(super) fn walk_all(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in walker
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| shown(root, p)).unwrap_or_default();
                let why = err.io_error().map(danish_io).unwrap_or_default();
                problems.push(Diagnostic::error(
                    path,
                    Code::Load,
                    format!("kan ikke læses: {why}"),
                ));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_symlink() {
            let target = std::fs::read_link(entry.path()).unwrap_or_default();
            problems.push(symlink_problem(
                &shown(root, entry.path()),
                &target,
                Code::Load,
            ));
        } else if kind.is_file() {
            files.push(entry.into_path());
        } else if !kind.is_dir() {
            problems
                .push(input::InputError::NotAFile.problem(&shown(root, entry.path()), Code::Load));
        }
    }
    files
}

/// Hidden files, editor backups and swap files never become content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}
