//! The pipeline runs one way: config → load → parse → model → render →
//! search index → write, driven by one session. A module may use the
//! modules of its own layer and of the layers below it, never one above:
//! this test reads every `crate::…` path in `src/` and fails on an import
//! that runs back up, naming the file and line. It also keeps the parts
//! small (issue #27): no function of `src/` over 80 lines, no file over 400
//! lines before its tests.

use std::path::Path;

use super::repo;

/// The layers, ground first. `lib.rs` and `main.rs` (the API surface and
/// the binary) may use everything.
const LAYERS: &[&[&str]] = &[
    // Facts and helpers every stage shares (`site_map`: the kinds, where
    // each lives and what readers call it).
    &[
        "diagnostics",
        "site_map",
        "slug",
        "date",
        "timings",
        "safe_url",
        "input",
        "fingerprint",
        "output_paths",
    ],
    &["config"],
    &["content"],
    &["markdown"],
    &["parse"],
    &["model"],
    // The pages, and the browser editor's configuration and files (`/admin/`).
    &["render", "editor"],
    &["search"],
    &["output"],
    // The drivers: the session runs the pipeline for build, check and serve.
    &["session", "check", "report", "scaffold", "watch", "cli"],
    &["serve"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file of `src/` belongs to.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

#[test]
fn no_module_imports_a_later_stage() {
    let src = repo().join("src");
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = entry.path().strip_prefix(&src).unwrap();
        let Some(module) = module_of(relative) else {
            continue;
        };
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            unknown.push(module);
            continue;
        };
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // Unit tests may reach anywhere (they build the whole site).
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        // Doc comments name what they explain; only code imports.
        let code: String = code
            .lines()
            .map(|line| {
                if line.trim_start().starts_with("//") {
                    ""
                } else {
                    line
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        for (at, _) in code.match_indices("crate::") {
            let line = code[..at].matches('\n').count() + 1;
            let rest = &code[at + 7..];
            // `crate::{a, b::c, D}` names several.
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(str::trim)
                    .collect(),
                None => vec![rest],
            };
            for name in names {
                let used: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                // A lower-case name that is no module is a function of
                // lib.rs, the API surface: no stage may call back into it.
                let theirs = match layer_of(&used) {
                    Some(layer) => layer,
                    None if used.is_empty() => continue,
                    None => LAYERS.len(),
                };
                if theirs > own {
                    problems.push(format!(
                        "src/{}:{line}: `{module}` uses `crate::{used}`, a later stage",
                        relative.display()
                    ));
                }
            }
        }
    }
    unknown.sort();
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "modules with no layer (add them to LAYERS): {unknown:?}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A function of `src/` longer than this many lines is split into functions
/// that read as its steps (issue #27).
const MAX_FUNCTION_LINES: usize = 80;

/// A file of `src/` with more lines than this before its tests
/// (`#[cfg(test)]`) is split into modules (issue #27).
const MAX_FILE_LINES: usize = 400;

/// Exceptions to the size rule while something is being split: (path, the
/// function's name, or "" for the whole file). None now; the test fails
/// when a listed one is no longer too long, so the list only shrinks.
const STILL_TOO_LONG: &[(&str, &str)] = &[];

#[test]
fn functions_and_files_stay_small() {
    let src = repo().join("src");
    let mut too_long = Vec::new();
    let mut files: Vec<_> = walkdir::WalkDir::new(&src)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    for path in files {
        let relative = path.strip_prefix(repo()).unwrap();
        let shown = relative.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let code = non_test_lines(&text, path.file_name().unwrap() == "tests.rs");
        if code > MAX_FILE_LINES {
            too_long.push((shown.clone(), String::new(), code));
        }
        for (name, lines) in functions(&text, code) {
            if lines > MAX_FUNCTION_LINES {
                too_long.push((shown.clone(), name, lines));
            }
        }
    }
    let allowed = |path: &str, name: &str| STILL_TOO_LONG.contains(&(path, name));
    let mut problems: Vec<String> = too_long
        .iter()
        .filter(|(path, name, _)| !allowed(path, name))
        .map(|(path, name, lines)| match name.as_str() {
            "" => format!(
                "{path}: {lines} lines before its tests (at most {MAX_FILE_LINES}): split it into modules"
            ),
            name => format!(
                "{path}: fn {name} is {lines} lines (at most {MAX_FUNCTION_LINES}): split it into functions that read as its steps"
            ),
        })
        .collect();
    for (path, name) in STILL_TOO_LONG {
        if !too_long.iter().any(|(p, n, _)| p == path && n == name) {
            let what = match *name {
                "" => "the file".to_string(),
                name => format!("fn {name}"),
            };
            problems.push(format!(
                "{path}: {what} is no longer too long: take it off STILL_TOO_LONG"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The lines of `text` before its tests (the first `#[cfg(test)]` line);
/// none in a file of tests.
fn non_test_lines(text: &str, is_tests_file: bool) -> usize {
    if is_tests_file {
        return 0;
    }
    text.lines()
        .position(|line| line.trim() == "#[cfg(test)]")
        .unwrap_or_else(|| text.lines().count())
}

/// Each function that starts in the first `code` lines of `text`, with its
/// length in lines from `fn` to its closing brace (a nested function counts
/// in its own length and in the one around it).
fn functions(text: &str, code: usize) -> Vec<(String, usize)> {
    let masked = mask(text);
    let lines: Vec<&str> = masked.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate().take(code) {
        let Some(name) = function_name(line) else {
            continue;
        };
        let mut depth = 0i32;
        let mut opened = false;
        for (end, line) in lines.iter().enumerate().skip(start) {
            for c in line.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if opened && depth == 0 {
                found.push((name.to_string(), end - start + 1));
                break;
            }
            // A declaration without a body (in a trait).
            if !opened && line.trim_end().ends_with(';') {
                break;
            }
        }
    }
    found
}

/// The name of the function a line starts, if it starts one:
/// `pub(crate) const unsafe fn name`, `async fn name`, `extern "C" fn name`.
fn function_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if let Some(after) = rest.strip_prefix("pub") {
        rest = after.trim_start();
        if let Some(scope) = rest.strip_prefix('(') {
            rest = scope.split_once(')')?.1.trim_start();
        }
    }
    loop {
        let word = rest.split_whitespace().next()?;
        match word {
            "const" | "async" | "unsafe" | "extern" => rest = rest[word.len()..].trim_start(),
            // The ABI of `extern "C"`, blanked by `mask`.
            _ if word.starts_with('"') => {
                rest = rest[1..].split_once('"')?.1.trim_start();
            }
            "fn" => {
                let name = rest[2..].trim_start();
                let end = name
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(name.len());
                return (end > 0 && rest[2..].starts_with(char::is_whitespace))
                    .then(|| &name[..end]);
            }
            _ => return None,
        }
    }
}

/// `text` with what is inside comments, strings and character literals
/// blanked (line breaks kept), so a brace in a message or a comment is not
/// counted as code.
fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in &mut out[from..to.min(chars.len())] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let starts = |at: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(at + k) == Some(&c))
    };
    let mut i = 0;
    while i < chars.len() {
        let before_is_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if starts(i, "//") {
            let end = (i..chars.len())
                .find(|&k| chars[k] == '\n')
                .unwrap_or(chars.len());
            blank(&mut out, i, end);
            i = end;
        } else if starts(i, "/*") {
            let mut depth = 0;
            let mut k = i;
            while k < chars.len() {
                if starts(k, "/*") {
                    depth += 1;
                    k += 2;
                } else if starts(k, "*/") {
                    depth -= 1;
                    k += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    k += 1;
                }
            }
            blank(&mut out, i, k);
            i = k;
        } else if !before_is_word && (starts(i, "r#") || starts(i, "r\"") || starts(i, "br")) {
            // A raw string: `r"…"`, `r#"…"#`, `br#"…"#` (or just a word).
            let prefix = if chars[i] == 'b' { 2 } else { 1 };
            let hashes = chars[i + prefix..]
                .iter()
                .take_while(|&&c| c == '#')
                .count();
            let open = i + prefix + hashes;
            if chars.get(open) != Some(&'"') {
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let end = (open + 1..chars.len())
                .find(|&k| starts(k, &close))
                .unwrap_or(chars.len());
            blank(&mut out, open + 1, end);
            i = end + close.chars().count();
        } else if chars[i] == '"' {
            let mut k = i + 1;
            while k < chars.len() && chars[k] != '"' {
                k += if chars[k] == '\\' { 2 } else { 1 };
            }
            blank(&mut out, i + 1, k);
            i = k + 1;
        } else if chars[i] == '\'' {
            // A character literal (`'{'`, `'\n'`, `'\u{7b}'`), not a lifetime (`'a`).
            if chars.get(i + 1) == Some(&'\\') {
                let end = (i + 3..chars.len())
                    .find(|&k| chars[k] == '\'')
                    .unwrap_or(chars.len());
                blank(&mut out, i + 1, end);
                i = end + 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                blank(&mut out, i + 1, i + 2);
                i += 3;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out.into_iter().collect()
}

#[test]
fn the_size_rule_reads_code_not_strings_or_comments() {
    let text = "fn a() {\n    let s = \"{ not a brace\";\n    // } nor this\n    let c = '{';\n    let r = r#\"}\"#;\n}\nfn b<'x>(v: &'x str) -> &'x str {\n    v\n}\npub(in crate::x) const fn c();\n";
    assert_eq!(
        functions(text, text.lines().count()),
        [("a".to_string(), 6), ("b".to_string(), 3)]
    );
    assert_eq!(
        function_name("    pub(crate) async fn run() {"),
        Some("run")
    );
    assert_eq!(function_name("extern \" \" fn f()"), Some("f"));
    assert_eq!(function_name("let fnord = 1;"), None);
    assert_eq!(
        non_test_lines("a\nb\n#[cfg(test)]\nmod tests {}\n", false),
        2
    );
    assert_eq!(non_test_lines("a\nb\n", true), 0);
}
