//! Render: the library through the theme's Tera templates into [`Output`] files,
//! in parallel. Pure: gives bytes to a `Sink` (memory, or the write
//! stage's), writes nothing itself.
//!
//! This module only orchestrates: each page kind builds its typed context in
//! its own module under `pages`; `site` makes the `site` every template
//! sees; `feeds` the feed, sitemap and robots.txt. Every page is rendered
//! in parallel, and the render fails as a whole, with every problem, or not at all.

pub(crate) mod depends;
mod feeds;
mod pages;
mod paths;
mod site;
pub mod templates;
mod views;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::SiteFiles;
use crate::diagnostics::Diagnostic;
use crate::model::{Case, Library};
use crate::site_map::SiteMap;
use pages::{Deck, Job, Parts, Site};
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

/// What a caller may keep between renders (`serve`'s session): each case
/// card's HTML, a function of its context and the site's. With [`Fresh`]
/// nothing is kept; render itself stays a pure function of its inputs.
pub(crate) trait Steps: Sync {
    /// Whether cards are kept (else their contexts are not fingerprinted).
    fn keeps_cards(&self) -> bool {
        false
    }
    /// The HTML kept for the card at `url` rendered from the context `print`.
    fn card(&self, _url: &str, _print: u64) -> Option<String> {
        None
    }
    /// Keeps this render's cards, URL → (print, HTML), in place of the last.
    fn keep_cards(&self, _cards: HashMap<String, (u64, String)>) {}
}

/// The steps as they are: nothing kept.
pub(crate) struct Fresh;

impl Steps for Fresh {}

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
    let mut outputs = memory.0.into_inner().unwrap_or_else(|e| e.into_inner());
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

/// Where a render puts each file as soon as it is rendered, so the site
/// need not be held whole: memory (`serve`) or the output folder (`build`).
pub(crate) trait Sink: Sync {
    /// Why the sink refuses the files.
    type Error: Send;
    /// Every path the render will give, before the first file: the
    /// render's own checks of the paths passed.
    fn expect(&mut self, paths: &[&str]) -> Result<(), Self::Error>;
    /// One rendered file (a sink that fails keeps the failure for later).
    fn put(&self, output: Output);
}

/// Why a render into a [`Sink`] stopped.
#[derive(Debug)]
pub(crate) enum Stop<E> {
    /// Problems in the templates or the output paths.
    Content(Vec<Diagnostic>),
    /// The sink refused the paths.
    Sink(E),
}

/// A sink that holds every file in memory.
#[derive(Default)]
pub(crate) struct Memory(std::sync::Mutex<Vec<Output>>);

impl Sink for Memory {
    type Error = std::convert::Infallible;

    fn expect(&mut self, paths: &[&str]) -> Result<(), Self::Error> {
        self.0
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .reserve(paths.len());
        Ok(())
    }

    fn put(&self, mut output: Output) {
        // Every page is held: the slack of the growing render buffer would
        // be held with it.
        output.bytes.shrink_to_fit();
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output);
    }
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
        .then(|| serde_json::to_string(&info).ok())
        .flatten()
        .map(|json| {
            let mut hasher = DefaultHasher::new();
            json.hash(&mut hasher);
            for t in files.templates.iter().chain(&files.fallback_templates) {
                (&t.name, &t.text).hash(&mut hasher);
            }
            hasher.finish()
        });
    tera.global_context().insert("site", &info);
    let render = |job: Job| render_job(&tera, job, &map, files);
    let wanted = |url: &str| keep(&map.output_path(url));

    let cards: Vec<CaseCard<'_>> = library
        .cases
        .par_iter()
        .map(|c| CaseCard::of(library, c, &map))
        .collect();
    let card_html = card_html(&tera, &cards, files, steps, site_print).map_err(Stop::Content)?;
    let deck = Deck::of(library);
    let site = Site {
        library,
        config,
        map: &map,
        card_html: &card_html,
        deck: &deck,
        wanted: &wanted,
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
        deck: &deck,
        wanted: &|_| false,
    };
    let mut all_paths: Vec<String> = pages::GROUPS
        .par_iter()
        .flat_map_iter(|group| group(&urls_only))
        .map(|job| map.output_path(&job.url))
        .collect();
    all_paths.extend(library.cases.iter().map(|c| map.output_path(&c.entry.url)));
    let feeds = feeds::jobs(library, config, &map, &all_paths);
    all_paths.extend(feeds.iter().map(|job| map.output_path(&job.url)));
    let assets = files.static_files.iter().chain(&files.content_assets);
    all_paths.extend(assets.clone().map(|asset| asset.output_path.clone()));
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
    let case_pages = cards
        .par_iter()
        .enumerate()
        .filter(|(i, _)| wanted(&library.cases[*i].entry.url))
        .map(|(i, card)| pages::case_job(&site, card, &library.cases[i]));
    let pages = pages::GROUPS
        .par_iter()
        .flat_map_iter(|group| group(&site))
        .chain(feeds);
    let problems: Vec<Diagnostic> = pages
        .filter(|job| wanted(&job.url))
        .chain(case_pages)
        .filter_map(|job| render(job).map(|output| sink.put(output)).err())
        .collect();
    if !problems.is_empty() {
        return Err(Stop::Content(distinct(problems)));
    }
    for asset in assets.filter(|asset| keep(&asset.output_path)) {
        sink.put(Output {
            path: asset.output_path.clone(),
            bytes: asset.bytes.clone(),
        });
    }
    Ok(())
}

/// The pages of `cases`, each the library's case at its URL or one edited
/// in its place, and nothing else: a case page reads of the rest of the
/// library only what the case links to, so neither the other pages, the
/// case cards nor the question deck are made.
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
    let deck = Deck::default();
    let site = Site {
        library,
        config,
        map,
        card_html: &[],
        deck: &deck,
        wanted: &|_| true,
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

/// Every case's card, rendered once: lists join them. With `site_print`
/// (a fingerprint of the site's values and templates), cards whose context
/// is unchanged come from `steps`, and this render's are kept there.
fn card_html(
    tera: &Tera,
    cards: &[CaseCard<'_>],
    files: &SiteFiles,
    steps: &dyn Steps,
    site_print: Option<u64>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let made: Vec<(Option<u64>, String)> = cards
        .par_iter()
        .map(|card| {
            // The card's values hashed as they are (not serialized first).
            let print = site_print.map(|site| {
                let mut hasher = DefaultHasher::new();
                (site, card).hash(&mut hasher);
                hasher.finish()
            });
            if let Some(html) = print.and_then(|p| steps.card(card.link.url, p)) {
                return Ok((print, html));
            }
            let mut context = Context::new();
            context.insert("card", card);
            tera.render("partials/case_card.html", &context)
                .map(|html| (print, html))
                .map_err(|e| vec![template_problem(&e, files)])
        })
        .collect::<Result<_, _>>()?;
    if site_print.is_some() {
        steps.keep_cards(
            cards
                .iter()
                .zip(&made)
                .filter_map(|(card, (print, html))| {
                    Some((card.link.url.to_string(), ((*print)?, html.clone())))
                })
                .collect(),
        );
    }
    Ok(made.into_iter().map(|(_, html)| html).collect())
}

/// Every problem once (a template's problem once, not once per page).
fn distinct(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    problems.dedup_by(|a, b| a.message == b.message && a.file == b.file);
    problems
}

fn render_job(
    tera: &Tera,
    job: Job,
    map: &SiteMap,
    files: &SiteFiles,
) -> Result<Output, Diagnostic> {
    let mut bytes = Vec::with_capacity(job.capacity);
    job.context
        .and_then(|context| tera.render_to(job.template, &context, &mut bytes))
        .map_err(|e| template_problem(&e, files))?;
    if let Some(parts) = job.parts {
        bytes = with_parts(tera, bytes, job.template, parts, files)?;
    }
    Ok(Output {
        path: map.output_path(&job.url),
        bytes,
    })
}

/// `page` with its parts rendered, one after the other, where its template
/// wrote [`Parts::MARKER`]: only the page and one part are held at a time.
fn with_parts(
    tera: &Tera,
    mut page: Vec<u8>,
    template: &str,
    parts: Parts,
    files: &SiteFiles,
) -> Result<Vec<u8>, Diagnostic> {
    let marker = Parts::MARKER.as_bytes();
    let Some(at) = page.windows(marker.len()).position(|w| w == marker) else {
        let problem = format!(
            "skabelonen `{template}` skriver ikke `{{{{ chapters | safe }}}}`, så kapitlerne har ingen plads"
        );
        return Err(templates::file_problem(
            template,
            problem,
            &files.templates,
            &files.fallback_templates,
        )
        .hint("skriv `{{ chapters | safe }}` der, hvor kapitlerne skal stå"));
    };
    let tail = page.split_off(at + marker.len());
    page.truncate(at);
    for context in parts.contexts {
        context()
            .and_then(|context| tera.render_to(parts.template, &context, &mut page))
            .map_err(|e| template_problem(&e, files))?;
    }
    page.extend_from_slice(&tail);
    Ok(page)
}

/// A template error as a diagnostic in the theme's (or the default theme's) file.
fn template_problem(err: &tera::Error, files: &SiteFiles) -> Diagnostic {
    templates::diagnostic(err, &files.templates, &files.fallback_templates)
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
