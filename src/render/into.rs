//! A render of the whole site, or the files an `Only` names, into a
//! [`Sink`], each file as soon as it is rendered: the shared parts made
//! once (the site every template sees, the case cards), every output path
//! known and checked before the first page, the pages rendered in
//! parallel, and what is not rendered from a template given last.

use rayon::prelude::*;
use tera::Tera;

use super::cards::card_html;
use super::job::render_job;
use super::pages::{self, Job, Site};
use super::record::Record;
use super::views::CaseCard;
use super::{Only, Output, Sink, Steps, Stop, View, aliases, editor_backend, feeds, paths, site};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::Library;
use crate::site_map::SiteMap;

/// What every page of one render shares.
struct Shared<'v> {
    /// The templates, with this render's `site` in their global context.
    tera: Tera,
    map: SiteMap,
    /// The fingerprint of `site` and the templates, when the caller keeps
    /// cards or records (see [`Steps`]).
    site_print: Option<u64>,
    view: &'v View<'v>,
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
    let shared = Shared::of(view);
    let View {
        library,
        config,
        files,
        options,
        steps,
        ..
    } = *view;
    let map = &shared.map;
    let keep = |path: &str| only.keeps(path);
    let wanted = |url: &str| keep(&map.output_path(url));
    let record = recorded(steps, only, shared.site_print);
    let cards: Vec<CaseCard<'_>> = library
        .cases
        .par_iter()
        .map(|c| CaseCard::of(library, c, map))
        .collect();
    let rendered_cards =
        card_html(&shared.tera, &cards, files, steps, shared.site_print).map_err(Stop::Content)?;
    let site = Site {
        library,
        config,
        map,
        cards: &rendered_cards,
        wanted: &wanted,
        edit: options.live_reload,
        record: record.as_ref(),
    };
    let editor = editor_backend(options, config);
    let aliases = aliases::pages(library, config);
    let feeds = expect_every_path(&site, files, editor.is_some(), &aliases, &keep, sink)?;
    let sink = &*sink;
    // A file made without a page context is given unless the caller holds
    // the same bytes; a page's job knows already (see `Site::job`).
    let give = |output: Output| match &record {
        Some(record)
            if record.unchanged(output.path.clone(), Record::bytes_print(&output.bytes)) => {}
        _ => sink.put(output),
    };
    let problems = render_pages(&shared, &site, &cards, feeds, &give, sink);
    if !problems.is_empty() {
        return Err(Stop::Content(super::distinct(problems)));
    }
    put_the_rest(&give, library, config, map, files, editor, aliases, &keep);
    if let Some(record) = record {
        steps.hold(record.finish());
    }
    Ok(())
}

impl<'v> Shared<'v> {
    fn of(view: &'v View<'v>) -> Self {
        let map = SiteMap::new(&view.config.base_path());
        let info = site::info(view.config, view.library, &map, view.options);
        let site_print = view
            .steps
            .keeps_cards()
            .then(|| Record::site_print(&info, view.files))
            .flatten();
        // Each render sets its own `site` in the global context.
        let mut tera = view.templates.clone();
        tera.global_context().insert("site", &info);
        Shared {
            tera,
            map,
            site_print,
            view,
        }
    }
}

/// Every file of the site, given or not, for the sitemap and the path
/// check: checked, and those `keep` keeps announced to `sink`. The pages'
/// URLs come from their jobs made with no page wanted (no context is made);
/// the jobs to render are made again, part by part, as they are rendered.
/// The feeds' jobs, made on the way.
fn expect_every_path<S: Sink>(
    site: &Site<'_>,
    files: &crate::content::SiteFiles,
    editor: bool,
    aliases: &[Output],
    keep: &dyn Fn(&str) -> bool,
    sink: &mut S,
) -> Result<Vec<Job>, Stop<S::Error>> {
    let urls_only = Site {
        wanted: &|_| false,
        edit: false,
        record: None,
        ..*site
    };
    let (all_paths, feeds) = every_path(&urls_only, editor, aliases, files);
    let problems = paths::check(&all_paths, site.library, site.config, files);
    if !problems.is_empty() {
        return Err(Stop::Content(problems));
    }
    let given: Vec<&str> = all_paths
        .iter()
        .map(String::as_str)
        .filter(|p| keep(p))
        .collect();
    sink.expect(&given).map_err(Stop::Sink)?;
    Ok(feeds)
}

/// Renders every wanted page (but those the caller holds as they would be
/// made) and the feeds, in parallel, into `sink`, or through `give` for
/// files compared by their bytes; the problems.
fn render_pages<S: Sink>(
    shared: &Shared<'_>,
    site: &Site<'_>,
    cards: &[CaseCard<'_>],
    feeds: Vec<Job>,
    give: &(dyn Fn(Output) + Sync),
    sink: &S,
) -> Vec<Diagnostic> {
    let library = site.library;
    let render = |job: Job| render_job(&shared.tera, job, &shared.map, shared.view.files);
    let case_pages = cards
        .par_iter()
        .enumerate()
        .filter(|(i, _)| (site.wanted)(&library.cases[*i].entry.url))
        .map(|(i, card)| pages::case_job(site, card, &library.cases[i]));
    let pages = pages::GROUPS.par_iter().flat_map_iter(|group| group(site));
    let feeds = feeds.into_par_iter().map(|job| (job, true));
    pages
        .filter(|job| (site.wanted)(&job.url))
        .chain(case_pages)
        .filter(|job| !job.unchanged)
        .map(|job| (job, false))
        .chain(feeds.filter(|(job, _)| (site.wanted)(&job.url)))
        .filter_map(|(job, by_bytes)| {
            let output = render(job);
            output
                .map(|output| match by_bytes {
                    true => give(output),
                    false => sink.put(output),
                })
                .err()
        })
        .collect()
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
            searchable: None,
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
            searchable: None,
        });
    }
}
