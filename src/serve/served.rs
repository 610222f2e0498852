//! What is served, changed: a render's files put in place (all of them, or
//! those that changed and those no longer made), the search index's changed
//! files, and the print page, rendered when it is first asked for.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::AppState;
use crate::render::Only;

/// The print page: the whole handbook on one page (tens of megabytes at
/// thousands of cases), rendered when it is asked for.
pub(super) const PRINT_PAGE: &str = crate::site_map::PRINT_FILE;

/// A page rendered when it is first asked for, then kept until the next build.
#[derive(Clone)]
pub(super) struct Lazy {
    snapshot: crate::session::Snapshot,
    path: &'static str,
    bytes: Arc<std::sync::OnceLock<Option<Arc<[u8]>>>>,
}

impl Lazy {
    pub(super) fn new(snapshot: crate::session::Snapshot, path: &'static str) -> Self {
        Lazy {
            snapshot,
            path,
            bytes: Arc::default(),
        }
    }

    /// The page's bytes, rendered on the first call.
    pub(super) fn get(&self) -> Option<Arc<[u8]>> {
        self.bytes
            .get_or_init(|| {
                let only = HashSet::from([self.path.to_string()]);
                let site = self.snapshot.render(Only::Paths(&only)).ok()?;
                let page = site.outputs.into_iter().find(|o| o.path == self.path)?;
                Some(Arc::from(page.bytes))
            })
            .clone()
    }
}

/// Puts a render's files in place of what is served (`removed`: those no
/// longer made; `None`: the render gave every file) with the load's
/// `warnings` (written from the snapshot's), the print page to be rendered when asked for; the build's
/// number, a new one when anything changed or `reload` says so.
pub(super) fn swap_in(
    state: &AppState,
    snapshot: &crate::session::Snapshot,
    outputs: Vec<crate::Output>,
    removed: Option<Vec<String>>,
    warnings: Vec<String>,
    reload: bool,
) -> u64 {
    let mut served = state.write();
    let served = &mut *served;
    let changed_files = match &removed {
        Some(removed) => {
            for path in removed {
                served.searchable.remove(path);
            }
            keep_searchable(&mut served.searchable, &outputs);
            swap_some(&mut served.files, outputs, removed)
        }
        None => {
            served.searchable.clear();
            keep_searchable(&mut served.searchable, &outputs);
            swap_all(&mut served.files, outputs)
        }
    };
    let was_error = served.error.is_some();
    let old_lazy = std::mem::replace(
        &mut served.lazy,
        HashMap::from([(
            PRINT_PAGE.to_string(),
            Lazy::new(snapshot.clone(), PRINT_PAGE),
        )]),
    );
    // The last print page is tens of megabytes at 10,000 cases: let go of
    // it on a thread of its own, not while open pages wait for this lock.
    std::thread::spawn(move || drop(old_lazy));
    served.error = None;
    served.warnings = warnings;
    served.warned = snapshot.warnings().to_vec();
    served.base_path = snapshot.base_path();
    // After the edited page, a reload only when more changed.
    if reload || changed_files || was_error {
        served.build += 1;
    }
    served.build
}

/// What search may find of the pages among `outputs` put in its place in
/// `searchable` (a page no longer indexed leaves it).
pub(super) fn keep_searchable(
    searchable: &mut foldhash::HashMap<String, Arc<crate::render::Searchable>>,
    outputs: &[crate::Output],
) {
    for output in outputs {
        match &output.searchable {
            Some(page) => searchable.insert(output.path.clone(), page.clone()),
            None => searchable.remove(&output.path),
        };
    }
}

/// Every file served but the index's, for the search index: shared with
/// what is served (taken under a read lock, which lets the pages be served
/// meanwhile), not copied, sorted by path.
pub(super) fn served_pages(state: &AppState) -> Vec<crate::session::Held> {
    let served = state.read();
    let mut pages: Vec<crate::session::Held> = served
        .files
        .iter()
        .filter(|(path, _)| !is_search_index(path))
        .map(|(path, bytes)| crate::session::Held {
            path: path.clone(),
            bytes: Arc::clone(bytes),
            searchable: served.searchable.get(path).cloned(),
        })
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    pages
}

/// Puts the index files that changed in place in what is served.
pub(super) fn take_in_index(state: &AppState, changes: crate::search::Changes) {
    let mut served = state.write();
    if changes.complete {
        served.files.retain(|path, _| !is_search_index(path));
    }
    for path in &changes.removed {
        served.files.remove(path);
    }
    served.files.extend(changes.files);
}

/// Puts every page of a whole render in place of `files` (the search index
/// kept): the bytes of a page that did not change stay those served. Whether
/// any file changed, came or went.
fn swap_all(files: &mut crate::session::Files, outputs: Vec<crate::Output>) -> bool {
    let mut new =
        crate::session::Files::with_capacity_and_hasher(outputs.len(), Default::default());
    let mut changed = false;
    for output in outputs {
        match files.get(&output.path) {
            // Unchanged: the bytes served stay (and no reload for them).
            Some(bytes) if **bytes == *output.bytes => {
                new.insert(output.path, bytes.clone());
            }
            _ => {
                changed = true;
                new.insert(output.path, Arc::from(output.bytes));
            }
        }
    }
    let index: Vec<(String, Arc<[u8]>)> = files
        .iter()
        .filter(|(path, _)| is_search_index(path))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    changed |= files.len() != new.len() + index.len();
    new.extend(index);
    *files = new;
    changed
}

/// Puts the files of a partial render in place in `files`, and takes out
/// those `removed`; every other file stays. Whether any changed.
fn swap_some(
    files: &mut crate::session::Files,
    outputs: Vec<crate::Output>,
    removed: &[String],
) -> bool {
    let mut changed = false;
    for output in outputs {
        if files
            .get(&output.path)
            .is_none_or(|bytes| **bytes != *output.bytes)
        {
            changed = true;
            files.insert(output.path, Arc::from(output.bytes));
        }
    }
    for path in removed {
        changed |= files.remove(path).is_some();
    }
    changed
}

/// Is this output file part of the search index?
pub(super) fn is_search_index(path: &str) -> bool {
    path.strip_prefix(crate::search::INDEX_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}
