//! Validation of `site.toml` beyond its types: URLs that are not http(s)
//! or that run script, a `theme` that is not a plain folder name, vocabulary
//! and source keys that are not slugs; TOML's errors in Danish.

use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};

use super::accessibility::accessibility_problem;
use super::publisher::publisher_problem;
use super::security::security_problem;
use super::{Config, EditorConfig};

impl Config {
    /// Refuses the first setting that is not allowed, at its line.
    pub(super) fn validate(&self, path: &Path, text: &str) -> Result<(), Diagnostic> {
        match self.first_problem(text) {
            None => Ok(()),
            Some(problem) => {
                let (line, col) = problem.at.unwrap_or((1, 1));
                Err(Diagnostic::error(path, Code::Config, problem.message)
                    .at(line, col)
                    .with_source_line(text)
                    .hint(problem.hint))
            }
        }
    }

    /// The first setting that is not allowed, with where it stands in `text`.
    fn first_problem(&self, text: &str) -> Option<Problem> {
        self.address_problem(text)
            .or_else(|| {
                let publisher = self.publisher.as_ref()?;
                publisher_problem(publisher, text)
            })
            .or_else(|| {
                let accessibility = self.accessibility.as_ref()?;
                accessibility_problem(accessibility, text)
            })
            .or_else(|| self.folder_problem(text))
            .or_else(|| security_problem(&self.security, text))
            .or_else(|| editor_problem(self.editor.as_ref()?, text))
            .or_else(|| self.vocabulary_problem(text))
    }

    /// `base_url` and `accessibility_statement`: addresses a reader follows.
    fn address_problem(&self, text: &str) -> Option<Problem> {
        if let Some(why) = base_url_problem(&self.base_url) {
            return Some(Problem::new(
                find_key(text, "base_url"),
                format!("`base_url` {why}"),
                BASE_URL_HINT,
            ));
        }
        let why = url_problem(&self.accessibility_statement)?;
        Some(Problem::new(
            find_key(text, "accessibility_statement"),
            format!("`accessibility_statement` {why}"),
            "skriv en sti på sitet, fx `/tilgaengelighed/`, eller en adresse, der begynder med https://",
        ))
    }

    /// `theme` and `output`: folders that must stay where they belong.
    fn folder_problem(&self, text: &str) -> Option<Problem> {
        if !is_folder_name(&self.theme) {
            return Some(Problem::new(
                find_key(text, "theme"),
                format!("temanavnet `{}` er ikke et mappenavn", self.theme),
                "skriv kun navnet på en mappe under `themes/`, fx `default` (bogstaverne a-z, tal, `-` og `_`)",
            ));
        }
        if stays_inside(&self.output) {
            return None;
        }
        Some(Problem::new(
            find_key(text, "output"),
            format!(
                "`output` skal være en mappe inde i håndbogens mappe, ikke `{}`",
                crate::diagnostics::escape_controls(&self.output)
            ),
            "skriv en mappe i håndbogens mappe, fx `public`; skal webstedet bygges et andet sted hen, så angiv det selv med `handbook build --output STI` (site.toml kan komme fra en pull request)",
        ))
    }

    /// An empty vocabulary, or a vocabulary or source key that is no slug
    /// (keys are parts of the pages' addresses).
    fn vocabulary_problem(&self, text: &str) -> Option<Problem> {
        if self.vocabularies.sector.is_empty() {
            return Some(Problem::new(
                find_key(text, "sector"),
                "ordlisten for sector er tom".into(),
                VOCABULARY_HINT,
            ));
        }
        if self.vocabularies.level.is_empty() {
            return Some(Problem::new(
                find_key(text, "level"),
                "ordlisten for level er tom".into(),
                VOCABULARY_HINT,
            ));
        }
        let keys = [
            (
                "sector",
                self.vocabularies.sector.keys().collect::<Vec<_>>(),
            ),
            ("level", self.vocabularies.level.keys().collect()),
            ("sources", self.sources.keys().collect()),
        ];
        keys.iter().find_map(|(table, keys)| {
            let bad = keys.iter().find(|k| !crate::slug::is_slug(k))?;
            Some(Problem::new(
                find_table_key(text, bad),
                format!("nøglen `{bad}` under `{table}` er ikke en gyldig nøgle"),
                "en nøgle bruges i sidernes adresser: skriv den med små bogstaver a-z, tal og `-` mellem ordene, fx `tvaersektoriel`",
            ))
        })
    }
}

/// `[editor]`: the repository, folder and branch go into GitHub's API
/// addresses, the login service is called from the browser.
fn editor_problem(editor: &EditorConfig, text: &str) -> Option<Problem> {
    let name_ok = |part: &str| {
        !part.is_empty()
            && part != "."
            && part != ".."
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let repo_ok = editor
        .repo
        .split_once('/')
        .is_some_and(|(owner, name)| name_ok(owner) && name_ok(name));
    if !repo_ok {
        return Some(Problem::new(
            find_table_key(text, "repo"),
            format!(
                "`repo` under `[editor]` er ikke et GitHub-repository: `{}`",
                crate::diagnostics::escape_controls(&editor.repo)
            ),
            "skriv ejer og navn adskilt af `/`, fx `kommunen/haandbog`",
        ));
    }
    if !editor
        .folder
        .split('/')
        .filter(|p| !p.is_empty())
        .all(name_ok)
        || !editor.branch.split('/').all(name_ok)
    {
        return Some(Problem::new(
            find_table_key(text, "folder").or_else(|| find_table_key(text, "branch")),
            "`folder` eller `branch` under `[editor]` er ikke et gyldigt navn".into(),
            "skriv mappen som `site` (eller lad den være tom) og grenen som `main`",
        ));
    }
    if !editor.auth_url.is_empty() && !editor.auth_url.starts_with("https://") {
        return Some(Problem::new(
            find_table_key(text, "auth_url"),
            "`auth_url` under `[editor]` skal begynde med https://".into(),
            "skriv adressen på den tjeneste, der logger redaktører ind på GitHub, fx `https://login.example.dk`",
        ));
    }
    None
}

/// Where a top-level key of `site.toml` stands.
fn find_key(text: &str, key: &str) -> Option<(usize, usize)> {
    crate::diagnostics::find_key(text, key)
}

const BASE_URL_HINT: &str =
    "skriv den fulde adresse, sitet udgives på, fx `https://handbog.example.dk/`";
const VOCABULARY_HINT: &str = "tilføj mindst én nøgle, fx `kommune = \"Kommune\"`";

/// A setting that is not allowed: where, what and what to do.
pub(super) struct Problem {
    pub(super) at: Option<(usize, usize)>,
    pub(super) message: String,
    pub(super) hint: &'static str,
}

impl Problem {
    pub(super) fn new(at: Option<(usize, usize)>, message: String, hint: &'static str) -> Self {
        Problem { at, message, hint }
    }
}

/// Why `url` may not stand in `site.toml`, if it may not: the same script
/// schemes links in content may not use, and no whitespace or control
/// characters (a newline in `base_url` would add lines to robots.txt).
pub(super) fn url_problem(url: &str) -> Option<&'static str> {
    // The scheme first: `is_script_url` sees through whitespace and case.
    if crate::safe_url::is_script_url(url) {
        return Some("er ikke tilladt: adressen kan køre et script i læserens browser");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("indeholder mellemrum, linjeskift eller andre usynlige tegn");
    }
    if url
        .chars()
        .any(|c| matches!(c, '"' | '<' | '>' | '\\' | '`'))
    {
        return Some(
            "indeholder et tegn, der ikke må stå i en adresse (`\"`, `<`, `>`, `\\` eller `` ` ``)",
        );
    }
    None
}

/// [`url_problem`], and `base_url` must be an absolute http(s) address with a host.
pub(super) fn base_url_problem(url: &str) -> Option<&'static str> {
    if let Some(why) = url_problem(url) {
        return Some(why);
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Some("skal være en absolut adresse, der begynder med https://");
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() || host.starts_with(':') {
        return Some("mangler et domænenavn efter https://");
    }
    None
}

/// A folder name with nothing that could lead out of `themes/`.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// 1-based position of `key` as a TOML key anywhere in `text` (bare, quoted,
/// in a table header `[sources.key]` or an inline table `{ key = … }`).
pub(super) fn find_table_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let forms = [format!("\"{key}\""), format!("'{key}'"), key.to_string()];
    text.lines().enumerate().find_map(|(idx, line)| {
        forms.iter().find_map(|form| {
            line.match_indices(form.as_str()).find_map(|(at, _)| {
                let before = line[..at].trim_end().chars().next_back();
                let after = line[at + form.len()..].trim_start().chars().next();
                let starts = matches!(before, None | Some('{' | ',' | '.' | '['));
                let ends = matches!(after, Some('=' | ']' | '.'));
                (starts && ends).then(|| (idx + 1, line[..at].chars().count() + 1))
            })
        })
    })
}

/// Translates the toml crate's English messages for the cases editors hit.
pub(super) fn danish_toml_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("ukendt felt `{field}` i site.toml");
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("feltet `{field}` mangler i site.toml");
    }
    format!("site.toml kan ikke læses: {}", message.trim())
}

/// Whether the configured output folder stays inside the site folder: a
/// relative path without `..` (the guard refuses the site folder itself
/// and its sources).
fn stays_inside(output: &str) -> bool {
    use std::path::Component;
    !output.contains('\\')
        && Path::new(output)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}
