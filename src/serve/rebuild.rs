//! A rebuild after a change: the edited pages first, then the rest, then the
//! search index; a failed build keeps the last good site and shows the error.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use super::served::{Lazy, PRINT_PAGE, keep_searchable, served_pages, swap_in, take_in_index};
use super::*;
use crate::render::Only;
use crate::session::Held;

/// Said after a failed build's errors in the terminal.
pub(super) const STILL_SERVING: &str =
    "Ret fejlen og gem filen; siden i browseren viser fejlen og opdaterer sig selv.";

/// Renders the site in memory and swaps it in if the build succeeded, in
/// three steps, so an edit shows as soon as can be: the pages made from
/// `changed` (content files), then every other page (the print page is
/// rendered when asked for), then the updated search index. Each step
/// reloads open pages; returns once all are in. A failed build tells open
/// pages to show the error.
pub(super) fn rebuild(
    options: &ServeOptions,
    state: &AppState,
    session: &mut crate::Session,
    changed: &[PathBuf],
) -> Result<(), String> {
    let started = Instant::now();
    // The fast path: an edited case from the last load, before the whole
    // site is loaded again (which replaces it).
    let mut first_ms = None;
    let fast = {
        let served = state.read();
        served.error.is_none() && !served.files.is_empty()
    };
    let mut index_first = None;
    if let Some(pages) = fast.then(|| session.case_pages(changed)).flatten() {
        (first_ms, index_first) = show_first(state, session, pages, None, started);
    }
    let snapshot = match session.load_after(changed) {
        Ok(snapshot) => snapshot,
        Err(err) => return Err(failed(state, session, &err)),
    };
    let (warnings, warnings_changed) = warnings_of(state, snapshot.warnings());
    if first_ms.is_none() {
        match first_from_load(
            options, state, session, &snapshot, changed, &warnings, started,
        ) {
            Ok(Some(shown)) => (first_ms, index_first) = shown,
            Ok(None) => {}
            Err(err) => return Err(err),
        }
    }
    // Only the files made from other inputs than those the session's last
    // render made them from (every file the first time).
    let (mut site, removed) = match snapshot.render_changes() {
        Ok(changes) => changes,
        Err(err) => return Err(failed(state, session, &err)),
    };
    let remade = site.outputs.len();
    let outputs = std::mem::take(&mut site.outputs);
    let reload_all = first_ms.is_none() || warnings_changed;
    let build = swap_in(state, &snapshot, outputs, removed, warnings, reload_all);
    let pages_ms = started.elapsed().as_millis();
    state.send(PreviewEvent::Reload(build));
    print_warnings(snapshot.warnings(), warnings_changed);
    let pages = served_pages(state);
    // Failing here keeps the pages just swapped in, with the old index.
    // Only the index files that changed are handed over (all of them after
    // a site-wide run).
    let changes = match session.search_index_changes(&mut site, &pages) {
        Ok(changes) => changes,
        Err(err) => return Err(failed(state, session, &err)),
    };
    if let Some(dir) = &options.output
        && let Err(err) = write_out(dir, options, session, &snapshot, &mut site, pages)
    {
        // `serve` didn't take this hand-over in: the next one is whole.
        session.resend_search_index();
        return Err(err);
    }
    take_in_index(state, changes);
    state.etags.let_go();
    report(
        started,
        pages_ms,
        first_ms,
        &index_first,
        session,
        &site,
        remade,
    );
    Ok(())
}

/// The pages made from the `changed` content files, rendered from the new
/// load and shown before the rest, when the fast path did not show them:
/// when that was done (see [`show_first`]); `None` when nothing is shown
/// (no site shown yet, or no such page).
#[allow(clippy::type_complexity)]
fn first_from_load(
    options: &ServeOptions,
    state: &AppState,
    session: &mut crate::Session,
    snapshot: &crate::session::Snapshot,
    changed: &[PathBuf],
    warnings: &Vec<String>,
    started: Instant,
) -> Result<Option<(Option<u128>, Option<(u128, crate::Timings)>)>, String> {
    let showing = {
        let served = state.read();
        served.error.is_none() && !served.files.is_empty()
    };
    let first = match showing {
        true => first_pages(options, state, snapshot, changed),
        false => HashSet::new(),
    };
    if first.is_empty() {
        return Ok(None);
    }
    let pages = match snapshot.render(Only::Paths(&first)) {
        Ok(site) => site.outputs,
        Err(err) => return Err(failed(state, session, &err)),
    };
    Ok(Some(show_first(
        state,
        session,
        pages,
        Some(warnings),
        started,
    )))
}

/// Swaps `pages` (the edited file's) into what is served, with `warnings`
/// when known, tells open pages to reload, and takes in their search
/// entries: when each was done, in ms since `started`.
fn show_first(
    state: &AppState,
    session: &mut crate::Session,
    pages: Vec<crate::Output>,
    warnings: Option<&Vec<String>>,
    started: Instant,
) -> (Option<u128>, Option<(u128, crate::Timings)>) {
    let (pages, build) = {
        let mut served = state.write();
        keep_searchable(&mut served.searchable, &pages);
        let pages: Vec<Held> = pages.into_iter().map(Held::from).collect();
        session.shown_outside_render(pages.iter().map(|p| p.path.as_str()));
        let files = pages.iter().map(|p| (p.path.clone(), p.bytes.clone()));
        served.files.extend(files);
        if let Some(warnings) = warnings {
            served.warnings = warnings.clone();
            // Not known to be written from `warned` any more.
            served.warned.clear();
        }
        served.build += 1;
        (pages, served.build)
    };
    state.send(PreviewEvent::Reload(build));
    let shown = started.elapsed().as_millis();
    (Some(shown), index_of_first(state, session, &pages, started))
}

/// The served pages made from the `changed` content files; pages at a new
/// path wait for the rest, which checks every path.
fn first_pages(
    options: &ServeOptions,
    state: &AppState,
    snapshot: &crate::session::Snapshot,
    changed: &[PathBuf],
) -> HashSet<String> {
    let root = options.root.canonicalize().unwrap_or(options.root.clone());
    let served = state.read();
    snapshot
        .pages_of(&root, changed)
        .into_iter()
        .filter(|path| served.files.contains_key(path))
        .collect()
}

/// `serve --output DIR`: the whole site, print page and search index
/// included, written as a build writes it.
fn write_out(
    dir: &std::path::Path,
    options: &ServeOptions,
    session: &mut crate::Session,
    snapshot: &crate::session::Snapshot,
    site: &mut crate::RenderedSite,
    pages: Vec<Held>,
) -> Result<(), String> {
    site.outputs = pages
        .into_iter()
        .map(|page| crate::Output {
            path: page.path,
            bytes: page.bytes.to_vec(),
            searchable: page.searchable,
        })
        .collect();
    let print = Lazy::new(snapshot.clone(), PRINT_PAGE).get();
    site.outputs.extend(print.map(|bytes| crate::Output {
        path: PRINT_PAGE.to_string(),
        bytes: bytes.to_vec(),
        searchable: None,
    }));
    site.outputs.extend(session.search_index_files());
    site.outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let write_options = crate::output::WriteOptions {
        site_root: &options.root,
        force: false,
        on_wait: &|_| {},
    };
    crate::output::write(dir, &site.outputs, &write_options)
        .map(|_| ())
        .map_err(|err| err.to_string())
}

/// What a rebuild says in the terminal (and, for bench/serve-edit.mjs under
/// `HANDBOOK_SERVE_TIMINGS`, where the time before the first page went).
fn report(
    started: Instant,
    pages_ms: u128,
    first_ms: Option<u128>,
    index_first: &Option<(u128, crate::Timings)>,
    session: &crate::Session,
    site: &crate::RenderedSite,
    remade: usize,
) {
    let first = match (first_ms, index_first) {
        (Some(ms), Some((index_ms, _))) => {
            format!("den ændrede side efter {ms} ms (dens søgeindeks efter {index_ms} ms); ")
        }
        (Some(ms), None) => format!("den ændrede side efter {ms} ms; "),
        _ => String::new(),
    };
    println!(
        "Byggede {first}alle sider på {pages_ms} ms; søgeindeks klar efter {} ms ({} filer læst igen)",
        started.elapsed().as_millis(),
        session.reparsed().unwrap_or(0)
    );
    if std::env::var_os("HANDBOOK_SERVE_TIMINGS").is_some() {
        if let Some((_, timings)) = index_first {
            print!("{timings}");
        }
        print!("{}", site.timings);
        println!("  {remade} filer bygget igen efter ændringen");
    }
}

/// The search entries of the pages just swapped in, taken in at once (the
/// rest of the index follows the rest of the pages): when that could be
/// done, the time since `started` and what its steps took.
fn index_of_first(
    state: &AppState,
    session: &mut crate::Session,
    pages: &[Held],
    started: Instant,
) -> Option<(u128, crate::Timings)> {
    let (changes, timings) = session.search_index_of(pages);
    take_in_index(state, changes?);
    Some((started.elapsed().as_millis(), timings))
}

/// Records a failed build for the overlay and tells open pages; returns its text.
fn failed(state: &AppState, session: &crate::Session, err: &crate::BuildError) -> String {
    let text = err.to_string();
    let base_path = session.base_path();
    let build = {
        let mut served = state.write();
        served.error = Some(text.clone());
        // A broken site.toml leaves the last known path.
        if let Some(base_path) = base_path {
            served.base_path = base_path;
        }
        served.build += 1;
        served.build
    };
    state.send(PreviewEvent::BuildError(build));
    text
}

/// The load's `warnings` as shown, and whether they differ from those
/// shown: written out only when the diagnostics changed (a site of 10,000
/// cases can have a thousand).
fn warnings_of(state: &AppState, warnings: &[crate::Diagnostic]) -> (Vec<String>, bool) {
    let served = state.read();
    if served.warned == warnings {
        return (served.warnings.clone(), false);
    }
    let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    let changed = served.warnings != shown;
    (shown, changed)
}

/// After each good build: every warning when they changed, else their number,
/// so a rebuild does not bury the terminal under the same list again.
fn print_warnings(warnings: &[crate::Diagnostic], changed: bool) {
    match (warnings.len(), changed) {
        (0, false) => {}
        (0, true) => eprintln!("Ingen advarsler længere."),
        (n, true) => {
            for warning in warnings {
                eprintln!("{warning}");
            }
            eprintln!("{}", warnings_line(n));
        }
        (n, false) => eprintln!("{} (de samme som før)", warnings_line(n)),
    }
}

/// "1 advarsel" / "3 advarsler", with what they mean for the build.
fn warnings_line(n: usize) -> String {
    let noun = if n == 1 { "advarsel" } else { "advarsler" };
    format!("{n} {noun}; siden er bygget alligevel og viser dem i browseren.")
}
