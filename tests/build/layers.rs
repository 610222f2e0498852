//! The pipeline runs one way: config → load → parse → model → render →
//! search index → write, driven by one session. A module may use the
//! modules of its own layer and of the layers below it, never one above:
//! this test reads every `crate::…` path in `src/` and fails on an import
//! that runs back up, naming the file and line.

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
