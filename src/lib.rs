//! `handbook`: a static site generator for leadership handbooks.
//!
//! The pipeline runs one way: config → load → parse → model → render → write.
//! [`build`] runs all of it; [`check`] runs everything but the write.

// A `Diagnostic` carries file, position, message, hint and source line for editors;
// it only travels on the cold error path, so its size is not worth boxing.
#![allow(clippy::result_large_err)]

mod build;
pub mod config;
pub mod content;
pub(crate) mod date;
pub mod diagnostics;
pub mod editor;
pub(crate) mod input;
pub(crate) mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod render;
pub mod report;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub mod session;
pub mod site_map;
pub(crate) mod slug;
pub(crate) mod timings;
pub(crate) mod watch;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use config::Config;
pub use diagnostics::{Code, Diagnostic, Severity};
pub use render::{Output, RenderOptions};
pub use session::Session;
pub use timings::Timings;

// The search index still keys its pages by this (src/search/ is being
// reworked apart from this change); the session owns it.
pub(crate) use session::fingerprint;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds `site.toml`, `content/`, `themes/`).
    pub root: PathBuf,
    /// Output folder; `None` uses `output` from `site.toml`, relative to the root.
    pub output: Option<PathBuf>,
    /// Rendering options.
    pub render: RenderOptions,
    /// Write into a non-empty folder handbook did not build (`--force`).
    pub force: bool,
    /// Called when another build is writing to the same folder, before waiting for it.
    pub on_wait: fn(&Path),
    /// Warnings fail the build too (`--strict`): nothing is written.
    pub strict: bool,
}

impl BuildOptions {
    /// Default options for the site in `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            render: RenderOptions::default(),
            force: false,
            on_wait: |_| {},
            strict: false,
        }
    }
}

/// A successful build.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Where the site was written.
    pub output_dir: PathBuf,
    /// HTML pages in the site.
    pub pages: usize,
    /// Files written, unchanged and removed.
    pub stats: output::WriteStats,
    /// Warnings (the build still succeeded).
    pub warnings: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
    /// Wall time per stage.
    pub timings: Timings,
}

/// Why a build or check failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in content, config or templates: every one of them, sorted,
    /// with the warnings found on the way (displaying it shows the errors, or
    /// the warnings when a strict build stopped on warnings alone).
    Content(Vec<Diagnostic>),
    /// The output folder was refused, or could not be written; nothing of
    /// the build was written.
    Write(output::WriteError),
}

impl BuildError {
    /// The exit code for it: 2 for an output folder refused (a usage error), else 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Write(err) if err.is_refusal() => 2,
            _ => 1,
        }
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Content(problems) => {
                let errors_only = problems.iter().any(Diagnostic::is_error);
                for p in problems.iter().filter(|p| p.is_error() || !errors_only) {
                    writeln!(f, "{p}")?;
                }
                Ok(())
            }
            BuildError::Write(err) => writeln!(f, "{err}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// A rendered site in memory, not yet written.
#[derive(Debug, Clone)]
pub struct RenderedSite {
    /// Every output file, sorted by path.
    pub outputs: Vec<Output>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// The configuration used.
    pub config: Config,
    /// Wall time per stage.
    pub timings: Timings,
}

/// The validated, cross-linked handbook with what rendering needs.
#[derive(Debug, Clone)]
pub struct LoadedSite {
    /// The configuration.
    pub config: Config,
    /// The files read from disk.
    pub files: content::SiteFiles,
    /// The resolved handbook.
    pub library: model::Library,
    /// The theme's templates, compiled once (checked here, used by render).
    pub(crate) templates: tera::Tera,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// Wall time per stage.
    pub timings: Timings,
}

/// Runs config → load → parse → model (and compiles the templates), collecting
/// every error from all stages that could run.
pub fn load_site(root: &Path) -> Result<LoadedSite, BuildError> {
    load_site_with(root, None, false, &parse::Fresh, &model::Fresh, None)
}

/// Reads `site.toml`, with `base_url` replaced by `base_url` when given.
/// It must be a regular file of at most 1 MiB, not a symbolic link (whose
/// target could print a line of a file outside the site in an error).
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, BuildError> {
    let config_path = root.join(config::CONFIG_FILE);
    let refused = |d: Diagnostic| BuildError::Content(vec![d]);
    let bytes = input::read(&config_path, input::Limit::CONFIG).map_err(|err| {
        let problem = err.problem(config::CONFIG_FILE, Code::Config);
        refused(match err {
            input::InputError::Io(err) => Diagnostic::error(
                config::CONFIG_FILE,
                Code::Config,
                format!("site.toml kan ikke læses: {}", input::danish_io(&err)),
            )
            .hint("kør kommandoen i håndbogens mappe, eller angiv den med `--root MAPPE`"),
            _ => problem,
        })
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        refused(
            Diagnostic::error(config::CONFIG_FILE, Code::Config, "site.toml er ikke gemt som UTF-8")
                .hint("gem filen med tegnsættet UTF-8 (i de fleste editorer under \"Gem som\" eller \"Encoding\")"),
        )
    })?;
    let text = input::nfc_owned(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut config = Config::parse(text, Path::new(config::CONFIG_FILE)).map_err(refused)?;
    if let Some(url) = base_url {
        config.override_base_url(url).map_err(refused)?;
    }
    Ok(config)
}

/// What a load may start from instead of reading the whole site: the files
/// of the last load, and the content files changed since (all of them
/// modified in place; anything else reads the whole site).
pub(crate) type Reuse<'a> = Option<(&'a content::SiteFiles, &'a [PathBuf])>;

/// [`load_site`], with `base_url` overridden when given, drafts in the
/// library when `drafts`, each file parsed by `steps` and measured by
/// `model_steps`, the files read again only where `reuse` says.
pub(crate) fn load_site_with(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    steps: &impl parse::Steps,
    model_steps: &impl model::Steps,
    reuse: Reuse<'_>,
) -> Result<LoadedSite, BuildError> {
    let mut timings = Timings::default();
    let config = load_config(root, base_url)?;
    let files = timings
        .measure("load", || {
            reuse
                .and_then(|(last, changed)| content::load::reload(root, last, changed))
                .unwrap_or_else(|| content::load(root, &config.theme))
        })
        .map_err(BuildError::Content)?;
    let (documents, mut problems) =
        timings.measure("parse", || parse::parse_with(&files, &config, steps));
    let (library, model_problems) = timings.measure("model", || {
        model::link_with(documents, &config, drafts, model_steps)
    });
    problems.extend(model_problems);
    let mut library = library;
    if drafts {
        library.draft_todo = model::draft_todo(&library, &problems);
    }
    // A published page the last build gave another address (see `model::addresses`).
    if let Some(last) = model::addresses::last_record(&root.join(&config.output)) {
        problems.extend(model::addresses::changes(&library, &config, &last));
    }
    problems.extend(config.warnings.iter().cloned());
    problems.extend(logo_problem(&config, &files));
    let templates = timings
        .measure("templates", || {
            render::templates::compile(&files.templates, &files.fallback_templates)
        })
        .map_err(|template_problems| problems.extend(template_problems))
        .ok();
    diagnostics::sort(&mut problems);
    let templates = match templates {
        Some(templates) if !problems.iter().any(Diagnostic::is_error) => templates,
        // Warnings travel along, so `check` can list them with the errors.
        _ => return Err(BuildError::Content(problems)),
    };
    let warnings = problems;
    Ok(LoadedSite {
        config,
        files,
        library,
        templates,
        warnings,
        timings,
    })
}

/// An error when `[publisher] logo` names a file the site does not have.
fn logo_problem(config: &Config, files: &content::SiteFiles) -> Option<Diagnostic> {
    let logo = &config.publisher.as_ref()?.logo;
    if logo.is_empty()
        || files
            .static_files
            .iter()
            .chain(&files.content_assets)
            .any(|f| &f.output_path == logo)
    {
        return None;
    }
    Some(
        Diagnostic::error(
            config::CONFIG_FILE,
            Code::Config,
            format!("logoet `{logo}` findes hverken i temaets static-mappe eller i content/"),
        )
        .hint("læg filen i `themes/<tema>/static/` eller `content/`, eller ret `logo` i `[publisher]`"),
    )
}

/// Runs config → load → parse → model → render, writing nothing.
pub fn render_site(root: &Path, options: &RenderOptions) -> Result<RenderedSite, BuildError> {
    Session::once(root, options.clone()).rebuild()
}

/// Builds the site: renders it page by page into the output folder (see
/// [`output::Writer`]); only when all of it succeeded are the changed files
/// put in place, and a build that fails leaves the folder as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build::build(options)
}

/// Everything `build` validates, writing nothing: returns all diagnostics
/// (errors and warnings), sorted.
pub fn check(root: &Path) -> Vec<Diagnostic> {
    check_with(root, &RenderOptions::default())
}

/// [`check`] with options (e.g. a `base_url` override). The pages are
/// rendered but the search index is not built (it was most of the time and
/// finds no problem of its own); the folder it would refuse to share is checked.
pub fn check_with(root: &Path, options: &RenderOptions) -> Vec<Diagnostic> {
    let checked = Session::once(root, options.clone()).pages();
    match checked {
        Ok(site) if options.search_index => {
            let mut problems = index_folder_taken(site.outputs.iter().map(|o| o.path.as_str()));
            problems.extend(site.warnings);
            diagnostics::sort(&mut problems);
            problems
        }
        Ok(site) => site.warnings,
        Err(BuildError::Content(problems)) => problems,
        Err(BuildError::Write(err)) => vec![Diagnostic::error("", Code::Io, err.to_string())],
    }
}

/// Outputs at or under the search index's folder, which belongs to the
/// index: refused before the index is built, so `check`, which does not
/// build it, refuses the same files.
pub(crate) fn index_folder_taken<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<Diagnostic> {
    let dir = search::INDEX_DIR;
    paths
        .into_iter()
        .filter(|path| {
            *path == dir
                || path
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .map(|path| {
            Diagnostic::error(
                "content",
                Code::OutputPath,
                format!("`{path}` ligger i søgeindeksets mappe `{dir}/`"),
            )
            .hint(format!(
                "søgeindekset bruger mappen `{dir}/`: flyt filen til en anden mappe"
            ))
        })
        .collect()
}

/// Problems with the site's paths, the search index's files among them
/// (the pages' own were checked with their sources in render, so what is
/// left is the index's).
pub(crate) fn index_clashes<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<Diagnostic> {
    output::paths::check(paths)
        .iter()
        .map(|p| {
            Diagnostic::error("content", Code::OutputPath, p.message()).hint(format!(
                "søgeindekset bruger mappen `{}/`: læg ikke filer der",
                search::INDEX_DIR
            ))
        })
        .collect()
}
