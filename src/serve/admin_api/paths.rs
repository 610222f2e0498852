//! Which files the editor's API may name: only Markdown in the kinds'
//! folders and the picture and pdf files `content/` allows, inside
//! `content/`, through no symbolic link.

use std::path::{Path, PathBuf};

use crate::content::Kind;
use crate::content::load::ASSET_EXTENSIONS;

use super::{ApiError, io_error};

/// What a path of a request may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Allowed {
    /// A Markdown file of a kind.
    Entry,
    /// A picture or pdf in `content/` or a kind's folder.
    Media,
    /// `content/` or a kind's folder.
    Folder,
}

pub(super) fn is_media(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && ASSET_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(ext))
    })
}

/// The kind a Markdown file at `content/<parts>` is, if any.
pub(super) fn kind_of(parts: &[&str]) -> Option<Kind> {
    Kind::of(parts)
}

/// The file or folder `path` (relative to the site, `/`-separated) names,
/// if it may be used as `allowed`: inside `content/`, in a kind's folder
/// at most, no `..`, no hidden name, no symbolic link on the way (a
/// folder of a kind that is missing is made).
pub(super) fn resolve(root: &Path, path: &str, allowed: Allowed) -> Result<PathBuf, ApiError> {
    let refused = || {
        ApiError::new(
            403,
            format!(
                "`{}` ligger ikke i content/, eller filtypen må ikke gemmes der",
                crate::diagnostics::escape_controls(path)
            ),
        )
    };
    let path = path.trim_end_matches('/');
    let parts: Vec<&str> = path.split('/').collect();
    let ok_part = |p: &&str| {
        !p.is_empty()
            && !p.starts_with('.')
            && !p.contains(['\\', '\0', ':'])
            && !p.chars().any(char::is_control)
    };
    if parts.first() != Some(&"content") || !parts.iter().all(ok_part) {
        return Err(refused());
    }
    let inner = &parts[1..];
    let fits = match allowed {
        Allowed::Folder => match inner {
            [] => true,
            [folder] => Kind::FOLDERS.iter().any(|(f, _)| f == folder),
            _ => false,
        },
        Allowed::Entry => {
            inner
                .last()
                .is_some_and(|n| n.ends_with(".md") && n.len() > 3)
                && kind_of(inner).is_some()
        }
        Allowed::Media => {
            inner.last().is_some_and(|n| is_media(n))
                && (inner.len() == 1
                    || (inner.len() == 2 && Kind::FOLDERS.iter().any(|(f, _)| *f == inner[0])))
        }
    };
    if !fits {
        return Err(refused());
    }
    // No link on the way: `content/` and the kind's folder are real folders.
    let folders = if allowed == Allowed::Folder {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut at = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let meta = std::fs::symlink_metadata(&at);
        if i < folders {
            match meta {
                Ok(m) if m.is_dir() => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && i > 0 => {
                    std::fs::create_dir(&at).map_err(|e| io_error(path, &e))?;
                }
                _ => return Err(refused()),
            }
        } else if meta.is_ok_and(|m| !m.is_file()) {
            return Err(refused());
        }
    }
    Ok(at)
}

/// The names of the regular files in `dir` that `keep` keeps, sorted.
pub(super) fn list(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.') && keep(n))
        .collect();
    names.sort();
    names
}
