//! The last check before anything is written: every output path can be
//! written, and none is claimed twice. A problem names the content file (and
//! the front-matter line) that made the path, so an editor knows what to fix.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::SiteFiles;
use crate::content::front_matter::KeyAt;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Library;
use crate::output_paths::{self as paths, PathProblem};
use crate::site_map::SiteMap;

/// Diagnostics for the output paths that cannot be written.
pub(crate) fn check(
    outputs: &[String],
    library: &Library,
    config: &Config,
    files: &SiteFiles,
) -> Vec<Diagnostic> {
    let problems = paths::check(outputs.iter().map(String::as_str));
    if problems.is_empty() {
        return Vec::new();
    }
    let origins = Origins::of(library, config, files);
    problems
        .iter()
        .map(|problem| origins.diagnostic(problem, files))
        .collect()
}

/// Output path → the file it comes from (site-root relative).
struct Origins {
    files: HashMap<String, Vec<String>>,
    /// Content file → where its address (`slug:` or `title:`) is written.
    address_at: HashMap<String, KeyAt>,
}

impl Origins {
    fn of(library: &Library, config: &Config, files: &SiteFiles) -> Self {
        let map = SiteMap::new(&config.base_path());
        let mut origins = Origins {
            files: HashMap::new(),
            address_at: HashMap::new(),
        };
        for entry in library.entries() {
            origins.add(map.output_path(&entry.url), entry.path.clone());
            if let Some(at) = entry.address_at {
                origins.address_at.insert(entry.path.clone(), at);
            }
        }
        for asset in &files.content_assets {
            let file = format!("content/{}", asset.output_path);
            origins.add(asset.output_path.clone(), file);
        }
        for asset in &files.static_files {
            let file = format!("themes/{}/static/{}", config.theme, asset.output_path);
            origins.add(asset.output_path.clone(), file);
        }
        origins
    }

    fn add(&mut self, output: String, file: String) {
        self.files.entry(output).or_default().push(file);
    }

    /// The diagnostic for `problem`, on the file behind it.
    fn diagnostic(&self, problem: &PathProblem, files: &SiteFiles) -> Diagnostic {
        let mut culprits: Vec<&String> = [Some(problem.path()), problem.other()]
            .into_iter()
            .flatten()
            .filter_map(|path| self.files.get(path))
            .flatten()
            .collect();
        // A stray file in content/ first, then a page, then the theme: the
        // first is the one an editor most likely has to rename.
        culprits.sort_by_key(|file| {
            let rank = match (file.starts_with("content/"), file.ends_with(".md")) {
                (true, false) => 0,
                (true, true) => 1,
                _ => 2,
            };
            (rank, file.as_str())
        });
        culprits.dedup();
        let mut message = problem.message();
        if culprits.len() > 1 {
            let others: Vec<String> = culprits[1..].iter().map(|f| format!("`{f}`")).collect();
            message.push_str(&format!(" (også fra {})", others.join(", ")));
        } else if culprits.is_empty() {
            message.push_str(" (en side, håndbogen laver selv)");
        }
        let hint = match problem {
            PathProblem::NameTooLong { .. } | PathProblem::PathTooLong { .. } => {
                "giv siden et kortere `slug:` (eller filen et kortere navn)"
            }
            _ => {
                "to ting kan ikke ligge samme sted i det byggede websted: giv filen et andet navn, eller siden et andet `slug:`"
            }
        };
        let Some(file) = culprits.first() else {
            return Diagnostic::error("content", Code::OutputPath, message).hint(hint);
        };
        let diagnostic = Diagnostic::error(file.as_str(), Code::OutputPath, message).hint(hint);
        let source = files.sources.iter().find(|s| &s.path == *file);
        match (self.address_at.get(*file), source) {
            (Some(at), Some(source)) => diagnostic
                .at(at.line, at.column)
                .underline(at.width)
                .with_source_line(&source.text),
            _ => diagnostic,
        }
    }
}
