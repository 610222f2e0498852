//! Render: the library through the theme's Tera templates into [`Output`] files,
//! in parallel. Pure: gives bytes to a `Sink` (memory, or the write
//! stage's), writes nothing itself.
//!
//! This module only orchestrates: each page kind builds its typed context in
//! its own module under `pages`; `site` makes the `site` every template
//! sees; `feeds` the feed, sitemap and robots.txt. Every page is rendered
//! in parallel, and the render fails as a whole, with every problem, or not at all.

mod aliases;
pub(crate) mod cards;
mod feeds;
mod into;
mod job;
mod pages;
mod paths;
mod record;
mod reflections;
mod searchable;
mod sink;
mod site;
mod steps;
pub(crate) mod templates;
mod views;

use std::collections::HashSet;

use tera::Tera;

use crate::config::Config;
use crate::content::SiteFiles;
use crate::diagnostics::Diagnostic;
use crate::model::{Case, Library};
use crate::site_map::SiteMap;
pub(crate) use into::render_into;
use job::render_job;
use pages::Site;
pub(crate) use record::{Prints, Recorded};
pub(crate) use searchable::Searchable;
pub(crate) use sink::{Memory, Sink, Stop};
pub(crate) use steps::{Cards, Fresh, Steps};
use views::CaseCard;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Output {
    /// Path inside the output folder, `/`-separated.
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// What search may find of it (a page search indexes; `None` for any
    /// other file).
    pub searchable: Option<std::sync::Arc<Searchable>>,
}

/// Options that change what is rendered.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Adds the live-reload script (only `serve`).
    pub live_reload: bool,
    /// Builds the search index (`build --no-search` skips it for quick previews).
    pub search_index: bool,
    /// Overrides `base_url` of `site.toml` (`--base-url`, `HANDBOOK_BASE_URL`).
    pub base_url: Option<String>,
    /// Publishes drafts, each with a "Kladde" banner (`build --drafts`, `serve`).
    pub drafts: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            live_reload: false,
            search_index: true,
            base_url: None,
            drafts: false,
        }
    }
}

/// Renders every page, feed and static file of the site.
pub fn render(
    library: &Library,
    config: &Config,
    files: &SiteFiles,
    options: &RenderOptions,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    render_only(library, config, files, options, Only::All)
}

/// Which files [`render_only`] gives, by output path (`cases/x/index.html`).
#[derive(Debug, Clone, Copy)]
pub enum Only<'a> {
    /// All of them.
    All,
    /// These (`serve`'s edited pages, its print page on request).
    Paths(&'a HashSet<String>),
    /// All but this one (`serve` leaves the print page for when it is asked for).
    AllBut(&'a str),
}

impl Only<'_> {
    fn keeps(&self, path: &str) -> bool {
        match self {
            Only::All => true,
            Only::Paths(paths) => paths.contains(path),
            Only::AllBut(left_out) => path != *left_out,
        }
    }
}

/// [`render`], giving only the files `only` names: `serve` renders the
/// edited page first, and the print page only on request. The sitemap and
/// the path check still see every file, so what is given is byte for byte
/// what [`render`] gives; unless only case pages are wanted: those need
/// neither the other pages nor the case cards, so an edited case shows fast.
pub fn render_only(
    library: &Library,
    config: &Config,
    files: &SiteFiles,
    options: &RenderOptions,
    only: Only<'_>,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let tera = templates::compile(&files.templates, &files.fallback_templates)?;
    render_with(&tera, library, config, files, options, only, &Fresh)
}

/// [`render_only`] with the templates `load` compiled already, and case
/// cards kept by `steps` ([`Fresh`]: none).
pub(crate) fn render_with(
    templates: &Tera,
    library: &Library,
    config: &Config,
    files: &SiteFiles,
    options: &RenderOptions,
    only: Only<'_>,
    steps: &dyn Steps,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let view = View {
        templates,
        library,
        config,
        files,
        options,
        steps,
    };
    if let Only::Paths(paths) = only {
        let map = SiteMap::new(&config.base_path());
        let case_paths: HashSet<String> = library
            .cases
            .iter()
            .map(|c| map.output_path(&c.entry.url))
            .collect();
        if paths.iter().all(|p| case_paths.contains(p)) {
            let cases: Vec<&Case> = library
                .cases
                .iter()
                .filter(|c| only.keeps(&map.output_path(&c.entry.url)))
                .collect();
            let mut tera = templates.clone();
            return case_pages(&mut tera, library, &cases, config, &map, files, options);
        }
    }
    let mut memory = Memory::default();
    match render_into(&view, only, &mut memory) {
        Ok(()) => {}
        Err(Stop::Content(problems)) => return Err(problems),
        Err(Stop::Sink(never)) => match never {},
    }
    let mut outputs = memory.into_outputs();
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}

/// What a render reads: the loaded site and the options.
pub(crate) struct View<'a> {
    /// The compiled templates.
    pub templates: &'a Tera,
    /// The handbook.
    pub library: &'a Library,
    /// The settings.
    pub config: &'a Config,
    /// The site's files (static files, content assets, templates for messages).
    pub files: &'a SiteFiles,
    /// The options.
    pub options: &'a RenderOptions,
    /// What the caller keeps between renders ([`Fresh`]: nothing).
    pub steps: &'a dyn Steps,
}

/// The pages of `cases`, each the library's case at its URL or one edited
/// in its place, and nothing else: a case page reads of the rest of the
/// library only what the case links to, so neither the other pages, the
/// case cards are made.
fn case_pages(
    tera: &mut Tera,
    library: &Library,
    cases: &[&Case],
    config: &Config,
    map: &SiteMap,
    files: &SiteFiles,
    options: &RenderOptions,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    tera.global_context()
        .insert("site", &site::info(config, library, map, options));
    let site = Site {
        library,
        config,
        map,
        cards: &cards::RenderedCards::default(),
        wanted: &|_| true,
        edit: options.live_reload,
        record: None,
    };
    cases
        .iter()
        .map(|case| {
            let job = pages::case_job(&site, &CaseCard::of(library, case, map), case);
            render_job(tera, job, map, files).map_err(|d| vec![d])
        })
        .collect()
}

/// The pages of the edited `cases`, each put in place of the library's case
/// at its URL: `serve` shows an edited case this way before the whole site
/// is linked again.
pub(crate) fn edited_case_pages(
    templates: &Tera,
    library: &Library,
    cases: &[Case],
    config: &Config,
    files: &SiteFiles,
    options: &RenderOptions,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let mut tera = templates.clone();
    let map = SiteMap::new(&config.base_path());
    let cases: Vec<&Case> = cases.iter().collect();
    case_pages(&mut tera, library, &cases, config, &map, files, options)
}

/// Where the editor at `/admin/` saves: `serve`'s local API, or, in a
/// build, GitHub when `site.toml` has `[editor]`; `None`: no editor.
pub(crate) fn editor_backend(
    options: &RenderOptions,
    config: &Config,
) -> Option<crate::editor::Backend> {
    if options.live_reload {
        Some(crate::editor::Backend::Local)
    } else {
        config.editor.clone().map(crate::editor::Backend::GitHub)
    }
}

/// Every problem once (a template's problem once, not once per page).
pub(super) fn distinct(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    problems.dedup_by(|a, b| a.message == b.message && a.file == b.file);
    problems
}

/// Dated cases newest first, then the undated ones by title.
pub(crate) fn newest(library: &Library) -> Vec<usize> {
    let mut order: Vec<usize> = (0..library.cases.len()).collect();
    order.sort_by(|&a, &b| {
        library.cases[b]
            .date
            .cmp(&library.cases[a].date)
            .then(a.cmp(&b))
    });
    order
}
