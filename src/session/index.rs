//! The search stage as every run of the session takes it: the index's
//! folder holds no page, the session's indexer makes the index, and the
//! index's files clash with no other path.

use super::Session;
use crate::diagnostics::Diagnostic;
use crate::{BuildError, Output, Timings, search};

/// No page may lie in the index's folder: refused before the index is made,
/// so `check`, which makes none, refuses the same files.
pub(super) fn folder_free<'a>(paths: impl IntoIterator<Item = &'a str>) -> Result<(), BuildError> {
    fail_on(search::folder_taken(paths))
}

/// No two paths of the site (the index's among them) may clash.
fn no_clashes<'a>(paths: impl IntoIterator<Item = &'a str>) -> Result<(), BuildError> {
    fail_on(search::clashes(paths))
}

fn fail_on(problems: Vec<Diagnostic>) -> Result<(), BuildError> {
    match problems.is_empty() {
        true => Ok(()),
        false => Err(BuildError::Content(problems)),
    }
}

impl Session {
    /// The whole index of the site whose output paths are `pages`, made by
    /// `make` with the session's indexer (from the pages' bytes, or from
    /// what was read of them as they were written), checked.
    pub(super) fn index_pages(
        &mut self,
        pages: &[&str],
        timings: &mut Timings,
        make: impl FnOnce(&mut search::Indexer) -> Result<Vec<Output>, Diagnostic>,
    ) -> Result<Vec<Output>, BuildError> {
        folder_free(pages.iter().copied())?;
        let index = timings
            .measure("search", || make(&mut self.search))
            .map_err(|d| BuildError::Content(vec![d]))?;
        timings.extend(self.search.take_timings());
        let index_paths = index.iter().map(|o| o.path.as_str());
        no_clashes(pages.iter().copied().chain(index_paths))?;
        Ok(index)
    }

    /// The index after `serve`'s rebuild of `pages` (every page served, by
    /// path), as the files that changed since the last run: checked as
    /// [`Session::index_pages`] checks a whole index, and when a check
    /// fails the next run hands over the whole index.
    pub(super) fn index_changes(
        &mut self,
        pages: &[super::Held],
        config: &crate::Config,
        timings: &mut Timings,
    ) -> Result<search::Changes, BuildError> {
        if let Err(taken) = folder_free(pages.iter().map(|page| page.path.as_str())) {
            self.search.hand_over_all_next();
            return Err(taken);
        }
        let changes = timings
            .measure("search", || self.search.changes_in(indexed(pages), config))
            .map_err(|d| BuildError::Content(vec![d]))?;
        timings.extend(self.search.take_timings());
        // No page lies in the index's folder (checked above), so only the
        // index's own paths can clash, and only when it has new ones.
        if (changes.complete || changes.added)
            && let Err(clash) = no_clashes(self.search.paths())
        {
            self.search.hand_over_all_next();
            return Err(clash);
        }
        Ok(changes)
    }
}

/// The HTML pages among `pages`, as the index takes them.
pub(super) fn indexed(pages: &[super::Held]) -> Vec<search::Indexed<'_>> {
    pages
        .iter()
        .filter(|page| page.path.ends_with(".html"))
        .map(|page| (page.path.as_str(), page.searchable.as_ref()))
        .collect()
}
