//! `site.toml` → [`Config`]: the site's settings, vocabularies and sources.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic};

mod accessibility;
mod publisher;
mod security;
mod validate;

pub(crate) use accessibility::{Accessibility, WAS_URL};
pub(crate) use security::SecurityConfig;
pub(crate) use security::normal_host;

use validate::{base_url_problem, danish_toml_message};

/// The file name of the site configuration inside the site root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

/// Settings of one handbook site, read from `site.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The handbook's name, shown in the header and in `<title>`.
    pub title: String,
    /// One-sentence description for the home page's meta description and the feed.
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is published under; canonical URLs, sitemap and feed use it.
    pub base_url: String,
    /// Language code for `<html lang>`; the handbook is Danish.
    #[serde(default = "default_language")]
    pub language: String,
    /// Folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Output folder, relative to the site root, unless `--output` overrides it.
    #[serde(default = "default_output")]
    pub output: String,
    /// The site's own accessibility statement page (or an address): the
    /// footer's "Tilgængelighedserklæring" links here unless
    /// `[publisher] accessibility_statement_url` gives the WAS-tool's address.
    pub accessibility_statement: String,
    /// Who publishes the handbook (`[publisher]`); `check` warns when it is missing.
    #[serde(default)]
    pub publisher: Option<Publisher>,
    /// The site's own accessibility statement (`[accessibility]`), shown on
    /// the `accessibility_statement` page; `check` warns when that page is
    /// the footer's statement and this is missing.
    #[serde(default)]
    pub accessibility: Option<Accessibility>,
    /// Allowed values of the facets editors fill in.
    pub vocabularies: Vocabularies,
    /// Source documents that cases cite by key.
    #[serde(default)]
    pub sources: BTreeMap<String, SourceDocument>,
    /// Search settings.
    #[serde(default)]
    pub search: SearchConfig,
    /// Editorial checks.
    #[serde(default)]
    pub check: CheckConfig,
    /// How raw HTML inside Markdown is treated.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// Which other hosts pages may embed files from (`[security]`).
    #[serde(default)]
    pub security: SecurityConfig,
    /// The browser editor at `/admin/` in published builds (`[editor]`).
    #[serde(default)]
    pub editor: Option<EditorConfig>,
    /// What `site.toml` leaves out that a published site should say
    /// (`Config::publisher_warnings`, `Config::accessibility_warnings`),
    /// found when it is parsed.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// The browser editor in published builds (`[editor]`): `build` writes
/// `/admin/`, which saves through pull requests on GitHub.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditorConfig {
    /// The content repository on GitHub, `owner/name`.
    pub repo: String,
    /// The branch pull requests go to.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The site's folder inside the repository (`site`), empty at its root.
    #[serde(default)]
    pub folder: String,
    /// The address of the OAuth service that logs editors in to GitHub
    /// (Decap's `base_url`); empty: Netlify's.
    #[serde(default)]
    pub auth_url: String,
}

fn default_branch() -> String {
    "main".to_string()
}

/// Who publishes the site (`[publisher]`): shown in the header and footer.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// The organisation (or editorial team) that publishes the handbook.
    pub name: String,
    /// Contact e-mail address.
    #[serde(default)]
    pub email: String,
    /// Contact phone number.
    #[serde(default)]
    pub phone: String,
    /// A page on the site or an https address where readers find the
    /// publisher's contact details (not the about page or the statement:
    /// those show this contact themselves).
    #[serde(default)]
    pub contact_url: String,
    /// How readers reach the publisher, in a sentence shown as is with the
    /// contact: for a publisher without e-mail, phone or contact page, what
    /// to do instead.
    #[serde(default)]
    pub contact_text: String,
    /// A logo file in the theme's `static/` folder or in `content/` (e.g.
    /// `logo.svg`), shown in the header beside the publisher's name.
    #[serde(default)]
    pub logo: String,
    /// The accessibility statement in Digitaliseringsstyrelsen's WAS-tool
    /// (`https://www.was.digst.dk/…`); the footer links to it when given.
    #[serde(default)]
    pub accessibility_statement_url: String,
    /// When the content was last reviewed, `YYYY-MM-DD`.
    #[serde(default)]
    pub last_updated: String,
}

/// The controlled vocabularies: key as written in front matter → label shown to readers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabularies {
    /// Allowed values of a case's `sector`.
    pub sector: BTreeMap<String, String>,
    /// Allowed values of a case's `level`.
    pub level: BTreeMap<String, String>,
}

/// A source document the handbook is built from.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDocument {
    /// The document's title.
    pub title: String,
    /// Author(s) as the document names them.
    #[serde(default)]
    pub author: String,
    /// Publisher, where known.
    #[serde(default)]
    pub publisher: String,
    /// Year of publication, where known.
    #[serde(default)]
    pub year: String,
    /// What the document is, in a sentence.
    #[serde(default)]
    pub description: String,
    /// `true` when the document gives no date: its cases can have none, so
    /// `check` does not warn that they lack one.
    #[serde(default)]
    pub undated: bool,
}

/// Search settings (`[search]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Groups of words that should find each other, e.g. `["chef", "leder"]`.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Words the search page leaves out of a query (unless it is in quotes):
    /// they are on every page, so they narrow nothing, yet each costs the
    /// reader one of the index's largest chunks. Defaults to Danish function
    /// words; `stop_words = []` keeps every word.
    #[serde(default = "default_stop_words")]
    pub stop_words: Vec<String>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self {
            synonyms: Vec::new(),
            stop_words: default_stop_words(),
        }
    }
}

/// Danish function words: pronouns, articles, conjunctions, the commonest
/// prepositions and auxiliaries. Words that also carry meaning in the
/// handbook (`mod`, `over`, `under`, `efter`) are not on the list.
fn default_stop_words() -> Vec<String> {
    [
        "og", "i", "at", "en", "et", "den", "det", "de", "der", "til", "er", "som", "på", "med",
        "af", "for", "om", "fra", "men", "eller", "har", "var", "vi", "jeg", "du", "man", "sig",
        "os", "jer", "nu", "da", "så", "her", "hvor", "hvad", "når", "hvis", "end", "også", "ikke",
        "kan", "skal", "vil", "være", "blive", "bliver", "blev", "have", "havde", "dem", "deres",
        "sin", "sit", "sine", "han", "hun", "hans", "hendes", "mig", "dig", "min", "mit", "mine",
        "din", "dit", "dine", "vores", "jeres", "denne", "dette", "disse", "hos",
    ]
    .map(String::from)
    .to_vec()
}

/// Editorial checks (`[check]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// LIX readability index above which `check` warns.
    #[serde(default = "default_lix")]
    pub max_lix: f64,
    /// Summary length (characters) above which `check` warns.
    #[serde(default = "default_summary_chars")]
    pub max_summary_chars: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            max_lix: default_lix(),
            max_summary_chars: default_summary_chars(),
        }
    }
}

/// What happens to raw HTML written inside Markdown (`[markdown]`).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep safe tags and attributes, drop scripts, styles and event handlers.
    #[default]
    Sanitize,
    /// Treat any raw HTML as an error.
    Reject,
}

/// Markdown settings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// `sanitize` (default) or `reject`.
    #[serde(default)]
    pub raw_html: RawHtml,
}

fn default_language() -> String {
    "da".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}
fn default_lix() -> f64 {
    55.0
}
fn default_summary_chars() -> usize {
    250
}

impl Config {
    /// Parses `site.toml` text; `path` is only used in diagnostics.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|err| {
            let (line, col) = err
                .span()
                .map(|span| crate::diagnostics::line_col(text, span.start))
                .unwrap_or((1, 1));
            Diagnostic::error(path, Code::Config, danish_toml_message(err.message()))
                .at(line, col)
                .with_source_line(text)
                .hint("se docs/reference.md for de felter, site.toml kan indeholde")
        })?;
        config.validate(path, text)?;
        config.warnings = config.publisher_warnings(text);
        config.warnings.extend(config.accessibility_warnings(text));
        Ok(config)
    }

    /// Replaces `base_url` with one given for this run (`--base-url` or
    /// `HANDBOOK_BASE_URL`), validated like the value in `site.toml`.
    pub(crate) fn override_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        check_base_url(url).map_err(|message| {
            Diagnostic::error(
                "--base-url",
                Code::Config,
                format!("{message} (fik `{url}` fra --base-url eller HANDBOOK_BASE_URL)"),
            )
        })?;
        self.base_url = url.to_string();
        Ok(())
    }

    /// The path part of `base_url` without a trailing slash ("" at a domain's root).
    /// Internal links are prefixed with it, so a site can live below a folder.
    pub(crate) fn base_path(&self) -> String {
        let without_scheme = self.base_url.split("://").nth(1).unwrap_or("");
        match without_scheme.find('/') {
            Some(idx) => without_scheme[idx..].trim_end_matches('/').to_string(),
            None => String::new(),
        }
    }

    /// `base_url` without a trailing slash, for absolute URLs.
    pub(crate) fn base_url_trimmed(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

/// Checks a `base_url`, from `site.toml` or given for one run; the message is Danish.
pub fn check_base_url(url: &str) -> Result<(), String> {
    match base_url_problem(url) {
        None => Ok(()),
        Some(why) => Err(format!("base_url {why}")),
    }
}

/// The environment variable that overrides `base_url` (for previews and CI).
pub const BASE_URL_ENV: &str = "HANDBOOK_BASE_URL";

/// The `base_url` override of one run: the `--base-url` flag wins over the
/// environment variable; an empty variable counts as unset, as shells and CI
/// often define variables empty.
pub fn base_url_override(flag: Option<&str>, env: Option<&str>) -> Option<String> {
    flag.or(env.filter(|v| !v.trim().is_empty()))
        .map(|v| v.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "T"
base_url = "https://example.org/sub/"
accessibility_statement = "/tilgaengelighed/"
[vocabularies]
sector = { kommune = "Kommune" }
level = { topledelse = "Topledelse" }
"#;

    #[test]
    fn parses_minimal_config_with_defaults() {
        let config = Config::parse(MINIMAL, Path::new("site.toml")).unwrap();
        assert_eq!(config.language, "da");
        assert_eq!(config.output, "public");
        assert_eq!(config.base_path(), "/sub");
        assert_eq!(config.check.max_lix, 55.0);
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let text = format!("{MINIMAL}\ncolour = \"blå\"\n");
        let text = text.replacen("title = \"T\"", "title = \"T\"\ntitel = \"x\"", 1);
        let err = Config::parse(&text, Path::new("site.toml")).unwrap_err();
        assert_eq!(err.message, "ukendt felt `titel` i site.toml");
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn stop_words_default_to_danish_function_words_and_can_be_turned_off() {
        let config = Config::parse(MINIMAL, Path::new("site.toml")).unwrap();
        assert!(config.search.stop_words.iter().any(|w| w == "på"));
        let with_search = format!("{MINIMAL}\n[search]\nsynonyms = [[\"chef\", \"leder\"]]\n");
        let config = Config::parse(&with_search, Path::new("site.toml")).unwrap();
        assert!(config.search.stop_words.iter().any(|w| w == "og"));
        let off = format!("{MINIMAL}\n[search]\nstop_words = []\n");
        let config = Config::parse(&off, Path::new("site.toml")).unwrap();
        assert!(config.search.stop_words.is_empty());
    }

    #[test]
    fn base_url_override_wins_and_is_validated_like_the_config() {
        assert_eq!(base_url_override(None, None), None);
        assert_eq!(base_url_override(None, Some("")), None);
        assert_eq!(base_url_override(None, Some("  ")), None);
        assert_eq!(
            base_url_override(None, Some("https://env.example/")).as_deref(),
            Some("https://env.example/")
        );
        assert_eq!(
            base_url_override(Some("https://flag.example/"), Some("https://env.example/"))
                .as_deref(),
            Some("https://flag.example/")
        );
        let mut config = Config::parse(MINIMAL, Path::new("site.toml")).unwrap();
        config
            .override_base_url("https://org.github.io/handbook/")
            .unwrap();
        assert_eq!(config.base_path(), "/handbook");
        assert_eq!(config.base_url_trimmed(), "https://org.github.io/handbook");
        let err = config
            .override_base_url("org.github.io/handbook")
            .unwrap_err();
        assert!(
            err.message
                .starts_with("base_url skal være en absolut adresse")
        );
        assert!(
            err.message.contains("org.github.io/handbook"),
            "{}",
            err.message
        );
        assert_eq!(
            config.base_path(),
            "/handbook",
            "a refused value changes nothing"
        );
        // The same rule refuses the value in site.toml.
        let text = MINIMAL.replace("https://example.org/sub/", "example.org/sub/");
        let err = Config::parse(&text, Path::new("site.toml")).unwrap_err();
        assert!(
            err.message
                .starts_with("`base_url` skal være en absolut adresse"),
            "{}",
            err.message
        );
    }

    #[test]
    fn base_path_is_empty_at_domain_root() {
        let text = MINIMAL.replace("https://example.org/sub/", "https://example.org");
        assert_eq!(
            Config::parse(&text, Path::new("site.toml"))
                .unwrap()
                .base_path(),
            ""
        );
    }

    fn problem(text: &str) -> Diagnostic {
        Config::parse(text, Path::new("site.toml")).unwrap_err()
    }

    #[test]
    fn script_and_broken_urls_are_refused_at_their_key() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "https://example.org/\nDisallow: /",
            "https://example.org/ x",
            "data:text/html,x",
            "VBSCRIPT:x",
            "https://",
            "https:///sti",
            "ftp://example.org/",
            "/sti/",
        ] {
            let text = MINIMAL.replace("https://example.org/sub/", &bad.replace('\n', "\\n"));
            let err = problem(&text);
            assert_eq!(err.code, Code::Config, "{bad}");
            assert_eq!((err.line, err.column), (Some(3), Some(1)), "{bad}: {err}");
            assert!(err.message.starts_with("`base_url` "), "{bad}: {err}");
        }
        for bad in [
            "javascript:alert(1)",
            "jAvAsCrIpT:x",
            "/a b/",
            "data:x",
            "/a\\u0001",
        ] {
            let text = MINIMAL.replace("/tilgaengelighed/", bad);
            let err = problem(&text);
            assert_eq!(err.line, Some(4), "{bad}: {err}");
            assert!(
                err.message.starts_with("`accessibility_statement` "),
                "{err}"
            );
        }
        let text = MINIMAL.replace("/tilgaengelighed/", "https://example.org/a11y");
        assert!(Config::parse(&text, Path::new("site.toml")).is_ok());
    }

    #[test]
    fn allowed_hosts_must_be_plain_host_names() {
        let config = Config::parse(MINIMAL, Path::new("site.toml")).unwrap();
        assert!(config.security.allowed_hosts.is_empty());
        let ok = format!("{MINIMAL}\n[security]\nallowed_hosts = [\"video.example.dk\"]\n");
        let config = Config::parse(&ok, Path::new("site.toml")).unwrap();
        assert_eq!(config.security.allowed_hosts, ["video.example.dk"]);
        for bad in [
            "https://cdn.example/",
            "*.example.dk",
            "cdn.example:8080",
            "",
        ] {
            let line = format!("allowed_hosts = [\"video.example.dk\", \"{bad}\"]");
            let err = problem(&format!("{MINIMAL}\n[security]\n{line}\n"));
            let column = line.find(&format!("\"{bad}\"")).unwrap() + 1;
            assert_eq!(
                (err.line, err.column),
                (Some(10), Some(column)),
                "{bad}: {err}"
            );
            assert_eq!(
                err.message,
                format!(
                    "`allowed_hosts` under `[security]` skal være værtsnavne, men `{bad}` er ikke et"
                )
            );
        }
        let err = problem(&format!("{MINIMAL}\n[security]\nallowed_host = []\n"));
        assert_eq!(err.message, "ukendt felt `allowed_host` i site.toml");
    }

    #[test]
    fn theme_must_be_a_plain_folder_name() {
        for bad in ["../../x", "a/b", "a\\\\b", "..", ""] {
            let text = format!("theme = \"{bad}\"\n{MINIMAL}");
            let err = problem(&text);
            assert_eq!((err.line, err.column), (Some(1), Some(1)), "{bad}: {err}");
            assert!(err.message.starts_with("temanavnet"), "{err}");
        }
        let text = format!("theme = \"mit_tema-2\"\n{MINIMAL}");
        assert!(Config::parse(&text, Path::new("site.toml")).is_ok());
    }

    #[test]
    fn vocabulary_and_source_keys_must_be_slugs() {
        let text = MINIMAL.replace("kommune = ", "\"../../x\" = ");
        let err = problem(&text);
        assert_eq!((err.line, err.column), (Some(6), Some(12)), "{err}");
        assert_eq!(
            err.message,
            "nøglen `../../x` under `sector` er ikke en gyldig nøgle"
        );
        let text = MINIMAL.replace("{ topledelse =", "{ 'Top Ledelse' =");
        let err = problem(&text);
        assert_eq!((err.line, err.column), (Some(7), Some(11)), "{err}");
        let text = format!("{MINIMAL}\n[sources.\"a/../b\"]\ntitle = \"x\"\n");
        let err = problem(&text);
        assert_eq!((err.line, err.column), (Some(9), Some(10)), "{err}");
        assert!(err.message.contains("under `sources`"), "{err}");
    }
}
