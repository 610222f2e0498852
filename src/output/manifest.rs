//! The manifest: the list of files handbook wrote into an output folder. It is
//! the only thing that gives handbook the right to replace or remove a file
//! there; everything else in the folder is the user's and is left alone.

use std::collections::BTreeSet;
use std::path::{Component, Path};

/// The manifest's file name inside the output folder.
pub const FILE: &str = ".handbook-manifest";

const HEADER: &str =
    "# Filer skrevet af handbook. Kun de filer, der står her, fjerner handbook igen.\n";
/// The journal's mark: a build wrote this manifest and has not yet finished.
const UNFINISHED: &str = "# Bygning i gang.\n";

/// A manifest as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Paths written, relative to the output folder.
    pub paths: BTreeSet<String>,
    /// The build that wrote it stopped before it finished (temporary files may be left).
    pub interrupted: bool,
}

/// Reads the manifest of `dir`: `None` when the folder has none. Lines that are
/// not a plain relative path inside the folder are ignored, so a hand-edited
/// manifest cannot point a removal outside the folder.
pub fn read(dir: &Path) -> std::io::Result<Option<Manifest>> {
    // The folder may come with the repository: the manifest is read as an
    // input file (no link, no FIFO, a size limit).
    let text = crate::input::read(&dir.join(FILE), crate::input::Limit::MANIFEST)
        .map_err(crate::input::InputError::into_io)
        .and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidData, err))
        });
    match text {
        Ok(text) => Ok(Some(Manifest {
            interrupted: text.lines().any(|line| line == UNFINISHED.trim_end()),
            paths: text
                .lines()
                .filter(|line| !line.starts_with('#') && is_plain_relative(line))
                .map(str::to_string)
                .collect(),
        })),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// The manifest's text for `paths` (sorted, so it is deterministic); a
/// `journal` is written before the files and marked as unfinished.
pub fn text<'a>(paths: impl IntoIterator<Item = &'a String>, journal: bool) -> String {
    let mut text = String::from(HEADER);
    if journal {
        text.push_str(UNFINISHED);
    }
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// A non-empty relative path of normal components, `/`-separated.
pub(crate) fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        && path.split('/').all(|part| !part.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_count() {
        assert!(is_plain_relative("cases/a/index.html"));
        assert!(is_plain_relative(".nojekyll"));
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "a\\b",
            "a\nb",
        ] {
            assert!(!is_plain_relative(bad), "{bad:?}");
        }
    }

    #[test]
    fn round_trips_and_skips_hostile_lines() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        let paths: BTreeSet<String> = ["a.html".to_string(), "b/index.html".to_string()].into();
        std::fs::write(
            dir.path().join(FILE),
            text(&paths, false) + "../../home/x\n/etc/passwd\n",
        )
        .unwrap();
        let manifest = read(dir.path()).unwrap().unwrap();
        assert_eq!(manifest.paths, paths);
        assert!(!manifest.interrupted);
        std::fs::write(dir.path().join(FILE), text(&paths, true)).unwrap();
        assert!(read(dir.path()).unwrap().unwrap().interrupted);
    }
}
