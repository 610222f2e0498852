//! The broken-input corpus (`tests/corpus/broken/`): one entry per kind of
//! error an editor or theme author can make, each with the diagnostics it must
//! produce, pinned word for word.
//!
//! An entry is a folder. Its files are laid over the valid fixture site (same
//! relative paths, replacing or adding files); `expected.txt` holds what
//! `handbook build` prints for each problem: the `file:line:col: fejl: …` line
//! and the `  = tip: …` line (the source snippet between them is not pinned).
//! Inputs that files in git cannot express (bytes that are not UTF-8,
//! symlinks) are made by [`generate`], keyed by the entry's name.
//!
//! For every entry: no panic, exit code 1, exactly the pinned text, the same
//! problems from `check --format json`, and the `public/` of the previous good
//! build byte for byte untouched. An entry whose problems are all warnings
//! (`advarsel`) builds instead: exit code 0, and its text is pinned from
//! `check`, since a successful `build` prints only how many warnings there are.
//!
//! After an intended change of wording, `HANDBOOK_BLESS=1 cargo test --test build corpus`
//! rewrites the `expected.txt` files; review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Fixture, repo, snapshot};

const EXPECTED: &str = "expected.txt";

/// Entries made in code, not from files.
const GENERATED: [&str; 4] = [
    "invalid-utf8",
    "symlink-inside",
    "symlink-loop",
    "symlink-outside",
];

fn corpus() -> PathBuf {
    repo().join("tests/corpus/broken")
}

/// Makes the input of a generated entry.
fn generate(name: &str, site: &Fixture) {
    match name {
        "invalid-utf8" => {
            // "Tekst med æøå." as Windows-1252/Latin-1 bytes, as an old editor saves it.
            let mut bytes = b"---\ntitle: Tillid\nsummary: \"Om tillid.\"\nquestions: [\"Hvorfor?\"]\n---\nTekst med ".to_vec();
            bytes.extend([0xe6, 0xf8, 0xe5]);
            bytes.extend(b".\n");
            fs::write(site.root().join("content/temaer/tillid.md"), bytes).unwrap();
        }
        "symlink-loop" => symlink(Path::new(".."), &site.root().join("content/temaer/loekke")),
        // Links are not followed, so their targets need not exist: the
        // problem names the link and the target it gives, never what is there.
        "symlink-outside" => symlink(
            Path::new("../../../hemmelig.md"),
            &site.root().join("content/cases/hemmelig.md"),
        ),
        "symlink-inside" => {
            fs::create_dir_all(site.root().join(".git")).unwrap();
            fs::write(site.root().join(".git/config"), "[remote]\ntoken = x\n").unwrap();
            symlink(
                Path::new("../../.git/config"),
                &site.root().join("content/cases/config.png"),
            );
        }
        other => panic!("no generator for corpus entry {other}"),
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(not(unix))]
fn symlink(target: &Path, link: &Path) {
    let made = if target.is_dir() || target.as_os_str() == ".." {
        std::os::windows::fs::symlink_dir(target, link)
    } else {
        std::os::windows::fs::symlink_file(target, link)
    };
    made.unwrap();
}

/// Copies every file of the entry except `expected.txt` into the site.
fn overlay(entry: &Path, root: &Path) {
    for file in walkdir::WalkDir::new(entry).min_depth(1) {
        let file = file.unwrap();
        let rel = file.path().strip_prefix(entry).unwrap();
        if file.file_type().is_file() && rel != Path::new(EXPECTED) {
            let target = root.join(rel);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(file.path(), target).unwrap();
        }
    }
}

/// The lines of the printed diagnostics that are pinned: each diagnostic's
/// first line and its hint (not the source snippet, not the closing summary).
fn pinned_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| {
            line.starts_with("  = tip: ")
                || (!line.starts_with(char::is_whitespace)
                    && !is_snippet(line)
                    && (line.contains(": fejl: ") || line.contains(": advarsel: ")))
        })
        .collect()
}

/// `12 | text` lines of a source snippet.
fn is_snippet(line: &str) -> bool {
    line.split_once(" |")
        .is_some_and(|(number, _)| number.chars().all(|c| c.is_ascii_digit()))
}

/// One pinned diagnostic, as `check --format json` should print it.
#[derive(Debug, PartialEq)]
struct Pinned {
    file: String,
    line: Option<u64>,
    column: Option<u64>,
    severity: String,
    message: String,
    hint: Option<String>,
}

/// Reads `expected.txt` lines back into diagnostics.
fn parse_pinned(lines: &[&str]) -> Vec<Pinned> {
    let mut pinned: Vec<Pinned> = Vec::new();
    for line in lines {
        if let Some(hint) = line.strip_prefix("  = tip: ") {
            pinned.last_mut().expect("a tip follows a diagnostic").hint = Some(hint.to_string());
            continue;
        }
        let (location, severity, message) = [("fejl", "error"), ("advarsel", "warning")]
            .iter()
            .find_map(|(label, severity)| {
                line.split_once(&format!(": {label}: "))
                    .map(|(loc, msg)| (loc, *severity, msg))
            })
            .unwrap_or_else(|| panic!("not a diagnostic line: {line}"));
        let mut parts = location.rsplitn(3, ':');
        let numbers = (parts.next(), parts.next(), parts.next());
        let (file, line, column) = match numbers {
            (Some(col), Some(line), Some(file)) if col.parse::<u64>().is_ok() => {
                (file, line.parse().ok(), col.parse().ok())
            }
            _ => (location, None, None),
        };
        pinned.push(Pinned {
            file: file.to_string(),
            line,
            column,
            severity: severity.to_string(),
            message: message.to_string(),
            hint: None,
        });
    }
    pinned
}

fn from_json(value: &serde_json::Value) -> Pinned {
    let text = |key: &str| value[key].as_str().map(str::to_string);
    Pinned {
        file: text("file").expect("file"),
        line: value["line"].as_u64(),
        column: value["column"].as_u64(),
        severity: text("severity").expect("severity"),
        message: text("message").expect("message"),
        hint: text("hint"),
    }
}

/// Runs one entry; returns what went wrong, if anything.
fn run(name: &str, entry: &Path) -> Result<(), String> {
    let site = Fixture::new();
    site.build()
        .map_err(|e| format!("the valid fixture failed: {e}"))?;
    let public = site.root().join("public");
    let before = snapshot(&public);
    overlay(entry, site.root());
    if GENERATED.contains(&name) {
        generate(name, &site);
    }

    let (code, _, stderr) = site.run(&["build"]);
    if stderr.contains("panicked") {
        return Err(format!("panic:\n{stderr}"));
    }
    // An entry of warnings only builds (exit 0, `build` prints just their
    // number), so its text is pinned from `check`, which prints them all.
    let warnings_only = code == 0;
    if code != 1 && !warnings_only {
        return Err(format!(
            "exit code {code}, expected 1 (or 0 for warnings):\n{stderr}"
        ));
    }
    let stderr = if warnings_only {
        site.run(&["check"]).2
    } else {
        stderr
    };
    let shown = pinned_lines(&stderr);
    let expected_path = entry.join(EXPECTED);
    if std::env::var_os("HANDBOOK_BLESS").is_some() {
        fs::write(&expected_path, shown.join("\n") + "\n").unwrap();
    }
    let expected = fs::read_to_string(&expected_path)
        .map_err(|e| format!("{}: {e}", expected_path.display()))?;
    let expected: Vec<&str> = expected.lines().collect();
    if shown != expected {
        return Err(format!(
            "printed:\n{}\n\nexpected ({EXPECTED}):\n{}\n\nwhole output:\n{stderr}",
            shown.join("\n"),
            expected.join("\n")
        ));
    }
    let pinned = parse_pinned(&expected);
    if pinned.iter().any(|p| p.hint.is_none()) {
        return Err(format!("every diagnostic needs a `tip:`:\n{stderr}"));
    }
    let errors = pinned.iter().filter(|p| p.severity == "error").count();
    if warnings_only {
        if errors > 0 || pinned.is_empty() {
            return Err(format!(
                "the build succeeded, yet pinned errors (or nothing):\n{stderr}"
            ));
        }
    } else {
        let summary = format!("Bygningen stoppede: {errors} fejl.");
        if !stderr.contains(&summary) {
            return Err(format!("no `{summary}` in:\n{stderr}"));
        }
        if before != snapshot(&public) {
            return Err("the failed build changed public/".to_string());
        }
    }

    let (code, stdout, _) = site.run(&["check", "--format", "json"]);
    if code != i32::from(!warnings_only) {
        return Err(format!("check --format json: exit code {code}"));
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout).map_err(|e| format!("check --format json: {e}\n{stdout}"))?;
    let from_check: Vec<Pinned> = json
        .as_array()
        .ok_or("check --format json: not an array")?
        .iter()
        .map(from_json)
        .collect();
    if from_check != pinned {
        return Err(format!(
            "check --format json differs from the pinned text:\n{from_check:#?}\nexpected:\n{pinned:#?}"
        ));
    }
    Ok(())
}

#[test]
fn corpus_of_broken_input_gives_the_pinned_diagnostics() {
    let mut entries: Vec<(String, PathBuf)> = fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    entries.sort();
    for name in GENERATED {
        assert!(
            entries.iter().any(|(n, _)| n == name),
            "corpus folder {name} missing"
        );
    }
    assert!(entries.len() >= 20, "only {} entries", entries.len());
    let failures: Vec<String> = entries
        .iter()
        .filter_map(|(name, path)| run(name, path).err().map(|e| format!("== {name}: {e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} corpus entries failed:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n\n")
    );
}

#[test]
fn check_json_reports_every_field_of_a_diagnostic() {
    let site = Fixture::new();
    overlay(&corpus().join("unknown-key"), site.root());
    let (code, stdout, _) = site.run(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "file": "content/cases/bordkort.md",
            "line": 6,
            "column": 1,
            "severity": "error",
            "code": "unknown-field",
            "message": "ukendt felt `levl`",
            "hint": "mente du `level`? Tilladte felter: title, summary, slug, aliases, sector, level, themes, messages, citizen_themes, source, date, draft, questions",
        }])
    );
}
