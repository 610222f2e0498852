//! `handbook`: a static site generator for leadership handbooks.
//!
//! The pipeline runs one way: config → load → parse → model → render →
//! search → write, driven by a [`Session`], the only driver: [`build`] is a
//! session run once, [`check`] one that stops before the index and the
//! write, `serve` one kept alive. This file is the API surface.

// A `Diagnostic` carries file, position, message, hint and source line for editors;
// it only travels on the cold error path, so its size is not worth boxing.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod content;
pub(crate) mod date;
pub mod diagnostics;
pub mod editor;
pub(crate) mod fingerprint;
pub(crate) mod input;
pub(crate) mod markdown;
pub mod model;
pub(crate) mod output;
pub(crate) mod output_paths;
pub mod parse;
pub mod render;
pub mod report;
pub(crate) mod safe_url;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub(crate) mod session;
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
    Session::once(root, RenderOptions::default()).load_site(&[])
}

/// Reads `site.toml`, with `base_url` replaced by `base_url` when given.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, BuildError> {
    session::load::load_config(root, base_url)
}

/// Runs config → load → parse → model → render, writing nothing.
pub fn render_site(root: &Path, options: &RenderOptions) -> Result<RenderedSite, BuildError> {
    Session::once(root, options.clone()).rebuild()
}

/// Builds the site: renders it page by page into the output folder (see
/// `output::Writer`); only when all of it succeeded are the changed files
/// put in place, and a build that fails leaves the folder as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    Session::once(&options.root, options.render.clone()).build(options)
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
            let mut problems = search::folder_taken(site.outputs.iter().map(|o| o.path.as_str()));
            problems.extend(site.warnings);
            diagnostics::sort(&mut problems);
            problems
        }
        Ok(site) => site.warnings,
        Err(BuildError::Content(problems)) => problems,
        Err(BuildError::Write(err)) => vec![Diagnostic::error("", Code::Io, err.to_string())],
    }
}
