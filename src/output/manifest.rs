//! The manifest: the list of files handbook wrote into an output folder,
//! each with a hash of what it wrote. It is the only thing that gives
//! handbook the right to replace or remove a file there; everything else in
//! the folder is the user's and is left alone.
//!
//! The manifest is untrusted input (it may have been committed by someone
//! else): a line that is not a plain relative path is ignored, and a path
//! in a `.git` folder at any depth, or one of handbook's own files, is never
//! taken as ours ([`never_ours`]); `CNAME` and `.nojekyll` are never removed
//! ([`never_removed`]). A file is removed only
//! when its bytes still hash to what the manifest recorded, so a file
//! someone changed since is kept; lines without a hash (written by handbook
//! before version 2 of the format) give the right to replace a file, not
//! to remove it.
//!
//! Format (UTF-8, `\n`-terminated lines, sorted by path):
//!
//! ```text
//! # Filer skrevet af handbook. …
//! # format 2: xxh3-64 af indholdet (16 hex-cifre), mellemrum, stien
//! 0123456789abcdef cases/bordkort/index.html
//! ```

use std::collections::BTreeMap;

pub use crate::output_paths::{is_plain_relative, never_ours};

/// The manifest's file name inside the output folder.
pub const FILE: &str = crate::output_paths::MANIFEST_FILE;
/// The journal's file name: every path an unfinished build may have left.
pub const JOURNAL: &str = crate::output_paths::JOURNAL_FILE;
/// Longest manifest or journal read (a manifest of 10,000 cases is ~1 MB).
pub(crate) const MAX_BYTES: u64 = 64 << 20;

const HEADER: &str = "# Filer skrevet af handbook. Kun de filer, der står her, fjerner handbook igen, og kun hvis de ikke er ændret siden.\n# format 2: xxh3-64 af indholdet (16 hex-cifre), mellemrum, stien\n";
const JOURNAL_HEADER: &str = "# Bygning i gang: filer, som denne bygning kan have efterladt.\n";

/// The hash a manifest records of a file's bytes.
pub fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Paths written, relative to the output folder, each with the hash of the
/// bytes written (`None`: recorded by an older version, without one).
pub type Entries = BTreeMap<String, Option<u64>>;

/// Parses a manifest's (or journal's) text; see the module docs for what
/// is ignored.
pub fn parse(text: &str) -> Entries {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (hash, path) = match line.split_once(' ') {
                Some((hex, path)) if hex.len() == 16 => match u64::from_str_radix(hex, 16) {
                    Ok(hash) => (Some(hash), path),
                    Err(_) => (None, line),
                },
                _ => (None, line),
            };
            (is_plain_relative(path) && !never_ours(path)).then(|| (path.to_string(), hash))
        })
        .collect()
}

/// The manifest's text for `entries` (sorted, so it is deterministic).
pub fn text(entries: &BTreeMap<String, u64>) -> String {
    let mut text = String::with_capacity(HEADER.len() + entries.len() * 48);
    text.push_str(HEADER);
    for (path, hash) in entries {
        text.push_str(&format!("{hash:016x} {path}\n"));
    }
    text
}

/// The journal's text: the paths alone (the bytes are not known yet).
pub fn journal_text<'a>(paths: impl IntoIterator<Item = &'a String>) -> String {
    let mut text = String::from(JOURNAL_HEADER);
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Paths a build never removes, even when it wrote them: GitHub Pages'
/// `CNAME` and `.nojekyll` (a theme may publish them; a build that stops
/// doing so leaves them, since the host's settings depend on them).
pub fn never_removed(path: &str) -> bool {
    never_ours(path)
        || ["CNAME", ".nojekyll"]
            .iter()
            .any(|n| path.eq_ignore_ascii_case(n))
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
    fn round_trips_and_skips_hostile_and_protected_lines() {
        let entries: BTreeMap<String, u64> = [
            ("a.html".to_string(), 1),
            ("b/index.html".to_string(), u64::MAX),
        ]
        .into();
        let hostile = "../../home/x\n/etc/passwd\n.git/config\nsub/.GIT/HEAD\n.handbook-lock\n.handbook-manifest\n";
        let parsed = parse(&(text(&entries) + hostile + "legacy.html\n"));
        let mut expected: Entries = entries.iter().map(|(p, h)| (p.clone(), Some(*h))).collect();
        expected.insert("legacy.html".into(), None);
        assert_eq!(parsed, expected);
        assert!(never_removed("CNAME") && never_removed(".nojekyll"));
        assert!(!never_ours("CNAME") && !never_removed("a/CNAME"));
    }

    #[test]
    fn a_path_with_a_space_keeps_it() {
        let entries: BTreeMap<String, u64> = [("a b/c d.html".to_string(), 7)].into();
        assert_eq!(parse(&text(&entries))["a b/c d.html"], Some(7));
        // Without a hash, the whole line is the path.
        assert_eq!(parse("x y.html\n")["x y.html"], None);
    }

    #[test]
    fn the_hash_is_xxh3_64() {
        // Test vector of the XXH3 reference implementation (empty input, seed 0).
        assert_eq!(hash(b""), 0x2d06800538d394c2);
    }
}
