//! Render: the library through the theme's Tera templates into [`Output`] files,
//! in parallel. Pure: gives bytes to a `Sink` (memory, or the write
//! stage's), writes nothing itself.
//!
//! This module only orchestrates: each page kind builds its typed context in
//! its own module under `pages`; `site` makes the `site` every template
//! sees; `feeds` the feed, sitemap and robots.txt. Every page is rendered
//! in parallel, and the render fails as a whole, with every problem, or not at all.

mod aliases;
mod cards;
mod feeds;
mod job;
mod pages;
mod paths;
mod record;
mod reflections;
mod sink;
mod site;
mod steps;
pub mod templates;
mod views;

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use tera::Tera;

use crate::config::Config;
use crate::content::SiteFiles;
use crate::diagnostics::Diagnostic;
use crate::model::{Case, Library};
use crate::site_map::SiteMap;
use cards::card_html;
use job::render_job;
use pages::{Job, Site};
use record::Record;
pub(crate) use record::Recorded;
pub(crate) use sink::{Memory, Sink, Stop};
pub(crate) use steps::{Fresh, Steps};
use views::CaseCard;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path inside the output folder, `/`-separated.
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
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

/// Renders the files `only` names into `sink`, each as soon as it is
/// rendered. The output paths are all known, and checked, before the first
/// page is rendered; when any page fails, `sink` has been given the others
/// and the render fails with every problem.
pub(crate) fn render_into<S: Sink>(
    view: &View<'_>,
    only: Only<'_>,
    sink: &mut S,
) -> Result<(), Stop<S::Error>> {
    let View {
        templates,
        library,
        config,
        files,
        options,
        steps,
    } = *view;
    let keep = |path: &str| only.keeps(path);
    // Each render sets its own `site` in the global context.
    let mut tera = templates.clone();
    let map = SiteMap::new(&config.base_path());
    let info = site::info(config, library, &map, options);
    // What every card depends on besides its own values.
    let site_print = steps
        .keeps_cards()
        .then(|| site_fingerprint(&info, files))
        .flatten();
    tera.global_context().insert("site", &info);
    let render = |job: Job| render_job(&tera, job, &map, files);
    let wanted = |url: &str| keep(&map.output_path(url));
    let record = recorded(steps, only, site_print);

    let cards: Vec<CaseCard<'_>> = library
        .cases
        .par_iter()
        .map(|c| CaseCard::of(library, c, &map))
        .collect();
    let card_html = card_html(&tera, &cards, files, steps, site_print).map_err(Stop::Content)?;
    let site = Site {
        library,
        config,
        map: &map,
        card_html: &card_html,
        wanted: &wanted,
        edit: options.live_reload,
        record: record.as_ref(),
    };
    // Every file of the site, given or not: for the sitemap and the path
    // check. The pages' URLs come from their jobs made with no page wanted
    // (no context is made); the jobs to render are made again, part by
    // part, as they are rendered.
    let urls_only = Site {
        library,
        config,
        map: &map,
        card_html: &card_html,
        wanted: &|_| false,
        edit: false,
        record: None,
    };
    let editor = editor_backend(options, config);
    let aliases = aliases::pages(library, config);
    let (all_paths, feeds) = every_path(&urls_only, editor.is_some(), &aliases, files);
    let problems = paths::check(&all_paths, library, config, files);
    if !problems.is_empty() {
        return Err(Stop::Content(problems));
    }
    let given: Vec<&str> = all_paths
        .iter()
        .map(String::as_str)
        .filter(|p| keep(p))
        .collect();
    sink.expect(&given).map_err(Stop::Sink)?;
    drop(given);
    drop(all_paths);
    let sink = &*sink;
    // A file made without a page context is given unless the caller holds
    // the same bytes; a page's job knows already (see `Site::job`).
    let give = |output: Output| match &record {
        Some(record)
            if record.unchanged(output.path.clone(), Record::bytes_print(&output.bytes)) => {}
        _ => sink.put(output),
    };
    let case_pages = cards
        .par_iter()
        .enumerate()
        .filter(|(i, _)| wanted(&library.cases[*i].entry.url))
        .map(|(i, card)| pages::case_job(&site, card, &library.cases[i]));
    let pages = pages::GROUPS.par_iter().flat_map_iter(|group| group(&site));
    let feeds = feeds.into_par_iter().map(|job| (job, true));
    let problems: Vec<Diagnostic> = pages
        .filter(|job| wanted(&job.url))
        .chain(case_pages)
        .filter(|job| !job.unchanged)
        .map(|job| (job, false))
        .chain(feeds.filter(|(job, _)| wanted(&job.url)))
        .filter_map(|(job, by_bytes)| {
            let output = render(job);
            output
                .map(|output| {
                    if by_bytes {
                        give(output)
                    } else {
                        sink.put(output)
                    }
                })
                .err()
        })
        .collect();
    if !problems.is_empty() {
        return Err(Stop::Content(distinct(problems)));
    }
    put_the_rest(&give, library, config, &map, files, editor, aliases, &keep);
    if let Some(record) = record {
        steps.hold(record.finish());
    }
    Ok(())
}

/// The record of a render whose caller keeps fingerprints (`serve`'s
/// session): only of a render of every file but the print page, whose
/// chapters are made apart from its job, and only with the site's own
/// fingerprint.
fn recorded(steps: &dyn Steps, only: Only<'_>, site_print: Option<u64>) -> Option<Record> {
    let every_page =
        matches!(only, Only::AllBut(left_out) if left_out == crate::site_map::PRINT_FILE);
    let held = steps.held().filter(|_| every_page)?;
    Some(Record::new(held, site_print?))
}

/// What every case card depends on besides its own values: the site's
/// shared context and the templates.
fn site_fingerprint(
    info: &impl serde::Serialize,
    files: &crate::content::SiteFiles,
) -> Option<u64> {
    let json = serde_json::to_string(info).ok()?;
    let mut hasher = DefaultHasher::new();
    json.hash(&mut hasher);
    for t in files.templates.iter().chain(&files.fallback_templates) {
        (&t.name, &t.text).hash(&mut hasher);
    }
    Some(hasher.finish())
}

/// Every output path of the site (pages from their jobs, made with no page
/// wanted so no context is made; feeds, the editor, alias pages, the
/// address record, assets), and the feeds' jobs.
fn every_path(
    urls_only: &Site<'_>,
    editor: bool,
    aliases: &[Output],
    files: &crate::content::SiteFiles,
) -> (Vec<String>, Vec<Job>) {
    let (library, config, map) = (urls_only.library, urls_only.config, urls_only.map);
    let mut all_paths: Vec<String> = pages::GROUPS
        .par_iter()
        .flat_map_iter(|group| group(urls_only))
        .map(|job| map.output_path(&job.url))
        .collect();
    all_paths.extend(library.cases.iter().map(|c| map.output_path(&c.entry.url)));
    let feeds = feeds::jobs(library, config, map, &all_paths);
    all_paths.extend(feeds.iter().map(|job| map.output_path(&job.url)));
    // The editor and the pages at earlier addresses are in no sitemap.
    if editor {
        all_paths.extend(crate::editor::output_paths());
    }
    all_paths.extend(aliases.iter().map(|o| o.path.clone()));
    all_paths.push(crate::model::addresses::RECORD.to_string());
    let assets = files.static_files.iter().chain(&files.content_assets);
    all_paths.extend(assets.map(|asset| asset.output_path.clone()));
    (all_paths, feeds)
}

/// Gives the sink what is not rendered from a template: assets, the
/// editor's files, alias pages and the address record (those `keep` keeps).
#[allow(clippy::too_many_arguments)]
fn put_the_rest(
    give: &(dyn Fn(Output) + Sync),
    library: &Library,
    config: &Config,
    map: &SiteMap,
    files: &crate::content::SiteFiles,
    editor: Option<crate::editor::Backend>,
    aliases: Vec<Output>,
    keep: &dyn Fn(&str) -> bool,
) {
    let assets = files.static_files.iter().chain(&files.content_assets);
    for asset in assets.filter(|asset| keep(&asset.output_path)) {
        give(Output {
            path: asset.output_path.clone(),
            bytes: asset.bytes.clone(),
        });
    }
    if let Some(backend) = editor {
        for output in crate::editor::outputs(config, library, map.base(), &backend) {
            if keep(&output.path) {
                give(output);
            }
        }
    }
    for output in aliases.into_iter().filter(|o| keep(&o.path)) {
        give(output);
    }
    if keep(crate::model::addresses::RECORD) {
        give(Output {
            path: crate::model::addresses::RECORD.to_string(),
            bytes: crate::model::addresses::record_bytes(library, config),
        });
    }
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
        card_html: &[],
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
fn distinct(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
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
