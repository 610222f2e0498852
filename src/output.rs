//! Write: the only stage that changes the output folder. Runs only after the
//! whole build succeeded. Writes just the files whose bytes changed, each via a
//! temporary file and a rename (an interrupted write never leaves a truncated
//! file), then removes stale files and empty folders. The folder itself is never
//! deleted and recreated.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::render::Output;

/// What a write changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files whose bytes changed or were new.
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
}

/// Writes `outputs` into `dir`.
pub fn write(dir: &Path, outputs: &[Output]) -> std::io::Result<WriteStats> {
    fs::create_dir_all(dir)?;
    let results: Vec<std::io::Result<bool>> = outputs
        .par_iter()
        .map(|o| write_if_changed(&dir.join(&o.path), &o.bytes))
        .collect();
    let mut stats = WriteStats::default();
    for result in results {
        if result? {
            stats.written += 1
        } else {
            stats.unchanged += 1
        }
    }
    let wanted: HashSet<PathBuf> = outputs.iter().map(|o| dir.join(&o.path)).collect();
    let mut folders = Vec::new();
    for entry in WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else if !wanted.contains(entry.path()) {
            fs::remove_file(entry.path())?;
            stats.removed += 1;
        }
    }
    // Deepest first, so emptied parents go too; non-empty folders stay.
    folders.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for folder in folders {
        let _ = fs::remove_dir(&folder);
    }
    Ok(stats)
}

/// Writes `bytes` to `path` unless it already holds them; returns whether it wrote.
fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_file() && meta.len() == bytes.len() as u64 && fs::read(path)? == bytes {
            return Ok(false);
        }
        if meta.is_dir() {
            fs::remove_dir_all(path)?;
        }
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.handbook-tmp"));
    let mut file = fs::File::create(&temp)?;
    file.write_all(bytes)?;
    drop(file);
    fs::rename(&temp, path)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str, text: &str) -> Output {
        Output {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_changed_keeps_unchanged_removes_stale() {
        let dir = tempfile::tempdir().unwrap();
        let first = write(
            dir.path(),
            &[out("a/index.html", "A"), out("b/index.html", "B")],
        )
        .unwrap();
        assert_eq!(
            first,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let second = write(dir.path(), &[out("a/index.html", "A"), out("c.txt", "C")]).unwrap();
        assert_eq!(
            second,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!dir.path().join("b").exists(), "emptied folder is removed");
        assert_eq!(fs::read_to_string(dir.path().join("c.txt")).unwrap(), "C");
        let leftovers: Vec<_> = WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("handbook-tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
