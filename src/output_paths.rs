//! The output folder's names: what handbook reserves there (its lock,
//! manifest, journal and temporaries) and the checks on the planned output
//! paths that would otherwise only fail half-way through a write (two files
//! at one path, a file where a folder must be, a name the file system
//! cannot hold). A ground module: render plans paths with it before the
//! write stage (`output`) uses the same names.

use std::collections::HashSet;
use std::path::{Component, Path};

/// The lock file two builds into one folder take turns on.
pub const LOCK_FILE: &str = ".handbook-lock";
/// The manifest: the files handbook wrote, each with a hash.
pub const MANIFEST_FILE: &str = ".handbook-manifest";
/// The journal: every path an unfinished build may have left.
pub const JOURNAL_FILE: &str = ".handbook-journal";
/// Suffix of the temporary each file is written to before its rename
/// (`.NAME.XXXXXXXX.handbook-tmp`, beside it).
pub const TMP_SUFFIX: &str = ".handbook-tmp";
/// Hex digits of the random part of a temporary name.
pub const TEMP_RANDOM_DIGITS: usize = 8;

/// `.NAME.XXXXXXXX.handbook-tmp`: hidden, and recognisably ours.
pub fn temporary_name(name: &str, random: u32) -> String {
    format!(
        ".{name}.{random:0width$x}{TMP_SUFFIX}",
        width = TEMP_RANDOM_DIGITS
    )
}

/// Whether `name` is one of our temporaries (or one of an older version's,
/// `.NAME.handbook-tmp`).
pub fn is_temporary_name(name: &str) -> bool {
    name.len() > 1 + TMP_SUFFIX.len() && name.starts_with('.') && name.ends_with(TMP_SUFFIX)
}

/// A non-empty relative path of normal components, `/`-separated.
pub fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        && path.split('/').all(|part| !part.is_empty())
}

/// Paths a manifest never gives a build the right to touch, and no output
/// may take: anything in a `.git` folder at any depth, and handbook's own
/// bookkeeping.
pub fn never_ours(path: &str) -> bool {
    path.split('/')
        .any(|part| part.eq_ignore_ascii_case(".git"))
        || [MANIFEST_FILE, JOURNAL_FILE, LOCK_FILE]
            .iter()
            .any(|name| path.eq_ignore_ascii_case(name))
}

/// Longest file or folder name most file systems take (ext4, APFS, NTFS: 255 bytes).
const MAX_NAME_BYTES: usize = 255;
/// Longest output path, relative to the output folder; leaves room for the
/// folder's own path within the usual 4096-byte limit.
pub(crate) const MAX_PATH_BYTES: usize = 1024;

/// One planned output path that cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// Two outputs want the same path.
    Duplicate {
        /// The path.
        path: String,
    },
    /// `file` is a file, yet `inside` needs it to be a folder.
    FileIsFolder {
        /// The file.
        file: String,
        /// The output inside it.
        inside: String,
    },
    /// Not a plain relative path (`..`, control characters, empty parts).
    Invalid {
        /// The path.
        path: String,
    },
    /// A part of the path is longer than a file name may be.
    NameTooLong {
        /// The path.
        path: String,
        /// Bytes in its longest part.
        name_bytes: usize,
    },
    /// The whole path is too long.
    PathTooLong {
        /// The path.
        path: String,
    },
}

impl PathProblem {
    /// The output path the problem is about.
    pub fn path(&self) -> &str {
        match self {
            PathProblem::Duplicate { path }
            | PathProblem::Invalid { path }
            | PathProblem::NameTooLong { path, .. }
            | PathProblem::PathTooLong { path } => path,
            PathProblem::FileIsFolder { file, .. } => file,
        }
    }

    /// The other output involved, if any.
    pub fn other(&self) -> Option<&str> {
        match self {
            PathProblem::FileIsFolder { inside, .. } => Some(inside),
            _ => None,
        }
    }

    /// What is wrong, in Danish.
    pub fn message(&self) -> String {
        match self {
            PathProblem::Duplicate { path } => {
                format!("to filer skal skrives til samme sted i outputtet: `{path}`")
            }
            PathProblem::FileIsFolder { file, inside } => format!(
                "`{file}` skal være en fil i outputtet, men `{inside}` kræver, at det er en mappe"
            ),
            PathProblem::Invalid { path } => format!("`{path}` er ikke et gyldigt filnavn"),
            PathProblem::NameTooLong { path, name_bytes } => format!(
                "filnavnet i `{path}` er for langt til filsystemet ({name_bytes} bytes; højst {})",
                max_name_bytes()
            ),
            PathProblem::PathTooLong { path } => format!(
                "stien `{}…` er for lang til filsystemet (højst {MAX_PATH_BYTES} bytes)",
                path.chars().take(60).collect::<String>()
            ),
        }
    }
}

/// Longest name an output may have: its temporary sibling
/// `.NAME.XXXXXXXX.handbook-tmp` must fit too.
pub(crate) fn max_name_bytes() -> usize {
    MAX_NAME_BYTES - 2 - TEMP_RANDOM_DIGITS - TMP_SUFFIX.len()
}

/// Every problem with the planned `paths` (sorted, so results are stable).
pub fn check<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<PathProblem> {
    let mut problems = Vec::new();
    let mut files: HashSet<&str> = HashSet::new();
    let mut all: Vec<&str> = Vec::new();
    for path in paths {
        if !is_plain_relative(path) || never_ours(path) {
            problems.push(PathProblem::Invalid { path: path.into() });
        } else if path.len() > MAX_PATH_BYTES {
            problems.push(PathProblem::PathTooLong { path: path.into() });
        } else if let Some(name) = path.split('/').find(|n| n.len() > max_name_bytes()) {
            problems.push(PathProblem::NameTooLong {
                path: path.into(),
                name_bytes: name.len(),
            });
        } else if !files.insert(path) {
            problems.push(PathProblem::Duplicate { path: path.into() });
        } else {
            all.push(path);
        }
    }
    for path in all {
        for (idx, _) in path.match_indices('/') {
            let folder = &path[..idx];
            if files.contains(folder) {
                problems.push(PathProblem::FileIsFolder {
                    file: folder.into(),
                    inside: path.into(),
                });
            }
        }
    }
    problems.sort_by(|a, b| a.path().cmp(b.path()));
    problems.dedup();
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_folder_clashes_and_long_names() {
        let long = "x".repeat(240);
        let long_path = format!("cases/{long}/index.html");
        let problems = check([
            "index.html",
            "cases/a/index.html",
            "cases/a",
            "index.html",
            "../x",
            long_path.as_str(),
            "fine/index.html",
        ]);
        assert_eq!(
            problems,
            vec![
                PathProblem::Invalid {
                    path: "../x".into()
                },
                PathProblem::FileIsFolder {
                    file: "cases/a".into(),
                    inside: "cases/a/index.html".into()
                },
                PathProblem::NameTooLong {
                    path: long_path.clone(),
                    name_bytes: 240
                },
                PathProblem::Duplicate {
                    path: "index.html".into()
                },
            ]
        );
        assert!(check(["a/b/c.html", "a/b.html", "a/index.html"]).is_empty());
    }
}
