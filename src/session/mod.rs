//! A session: the one driver of the pipeline. `build` is a session run
//! once into the output folder (`build.rs`), `check` one that stops before
//! the index and the write, `serve` one kept alive and run again after each
//! save. The stages stay pure functions of their inputs; what is remembered
//! between runs, and how it is keyed (fingerprints of the inputs), lives here.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::content::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::parse;
use crate::{BuildError, LoadedSite, Output, RenderOptions, RenderedSite, render, search};

mod build;
mod index;
pub(crate) mod load;
mod memo;
mod snapshot;

use memo::{ParseMemo, RenderMemo, lock};
pub use snapshot::{Files, Held, Snapshot};

/// A build that remembers what it can reuse for the next one, for `serve`:
/// unchanged files are not parsed again, and the search index re-reads only
/// pages whose indexed text changed (or is reused as it is). Every stage
/// still sees the whole site, so a rebuild gives the bytes a full build gives.
pub struct Session {
    root: PathBuf,
    options: RenderOptions,
    memo: Option<ParseMemo>,
    search: search::Indexer,
    /// The site of the last load, when it succeeded (and only with a memo):
    /// a content edit re-reads just the changed files on top of its files.
    last: Option<Arc<LoadedSite>>,
    /// What the last render left for the next (only with a memo).
    render_memo: Option<Arc<RenderMemo>>,
}

impl Session {
    /// A session that keeps its memo tables between rebuilds.
    pub fn new(root: impl Into<PathBuf>, options: RenderOptions) -> Self {
        Session {
            root: root.into(),
            options,
            memo: Some(ParseMemo::default()),
            search: search::Indexer::incremental(),
            last: None,
            render_memo: Some(Arc::default()),
        }
    }

    /// A session for one build, keeping nothing.
    pub(crate) fn once(root: &Path, options: RenderOptions) -> Self {
        Session {
            root: root.to_path_buf(),
            options,
            memo: None,
            search: search::Indexer::default(),
            last: None,
            render_memo: None,
        }
    }

    /// Files parsed anew in the last rebuild (the rest came from the memo).
    pub fn reparsed(&self) -> Option<usize> {
        self.memo
            .as_ref()
            .map(|m| m.reparsed.load(Ordering::Relaxed))
    }

    /// The path the site lives under ("" at a domain's root), or `None` while
    /// `site.toml` cannot be read.
    pub fn base_path(&self) -> Option<String> {
        load::load_config(&self.root, self.options.base_url.as_deref())
            .ok()
            .map(|c| c.base_path())
    }

    /// Config → load → parse → model (and the templates compiled), for
    /// rendering the whole site or parts of it.
    pub fn load(&mut self) -> Result<Snapshot, BuildError> {
        self.load_after(&[])
    }

    /// [`Session::load`] after the content files `changed` (absolute paths)
    /// were modified in place and nothing else changed since the last load:
    /// only they are read again. With no paths, or any path that is not such
    /// a file, the whole site is read.
    pub fn load_after(&mut self, changed: &[PathBuf]) -> Result<Snapshot, BuildError> {
        let site = Arc::new(self.load_site(changed)?);
        if self.memo.is_some() {
            self.last = Some(site.clone());
        }
        Ok(Snapshot {
            site,
            options: self.options.clone(),
            render_memo: self.render_memo.clone(),
        })
    }

    /// Config → load → parse → model, through the memo tables when the
    /// session keeps them (then from the last load's files and the files
    /// `changed`, as [`Session::load_after`] says).
    pub(crate) fn load_site(&mut self, changed: &[PathBuf]) -> Result<LoadedSite, BuildError> {
        let (root, base_url, drafts) = (
            &self.root,
            self.options.base_url.as_deref(),
            self.options.drafts,
        );
        // Taken: a failed load leaves no files to start from next time.
        let last = self.last.take();
        let reuse = last.as_deref().map(|site| (&site.files, changed));
        match self.memo.as_mut() {
            Some(memo) => {
                memo.begin();
                let site = load::load_site_with(root, base_url, drafts, &*memo, &*memo, reuse);
                if let Ok(site) = &site {
                    memo.end(&site.files.sources);
                }
                site
            }
            None => load::load_site_with(
                root,
                base_url,
                drafts,
                &parse::Fresh,
                &crate::model::Fresh,
                None,
            ),
        }
    }

    /// The pages of the edited cases `changed` (absolute paths), rendered
    /// from the last load with just those cases parsed again and put in
    /// place, before the whole site is: `serve`'s fast path. `None` unless
    /// every path is a case file of the last load that still parses without
    /// errors, keeps its URL and whose references resolve against the rest.
    /// What this gives, the next full load replaces.
    pub fn case_pages(&self, changed: &[PathBuf]) -> Option<Vec<Output>> {
        let last = self.last.as_deref()?;
        let addresses = lock(&self.memo.as_ref()?.last_addresses).clone()?;
        let content_dir = self.root.canonicalize().ok()?.join("content");
        let mut cases = Vec::new();
        // The watcher may name a file once per event (a save can be several).
        let changed: std::collections::BTreeSet<&PathBuf> = changed.iter().collect();
        for path in changed {
            let relative = path.strip_prefix(&content_dir).ok()?;
            if !relative.starts_with("cases") || path.extension().is_none_or(|e| e != "md") {
                return None;
            }
            let relative = crate::input::nfc_owned(crate::diagnostics::display_path(relative));
            let old = last.files.sources.iter().find(|f| f.relative == relative)?;
            // Read as a load reads it: no link, a size limit, NFC.
            let text = crate::content::load::reread(&content_dir, path, &old.path)?.ok()?;
            let file = SourceFile {
                text,
                ..old.clone()
            };
            let header = parse::read_header(&file).ok()?;
            let (doc, problems) = parse::read_body(&file, header, &addresses);
            if problems.iter().any(Diagnostic::is_error) {
                return None;
            }
            cases.push(crate::model::with_case(&last.library, &doc, &last.config)?);
        }
        render::edited_case_pages(
            &last.templates,
            &last.library,
            &cases,
            &last.config,
            &last.files,
            &self.options,
        )
        .ok()
    }

    /// The files at `paths` were put in place outside the session's
    /// recorded render (`serve`'s edited page first): the next render makes
    /// them again, so a rebuild that fails after them, and an edit undone,
    /// cannot leave them as they were shown.
    pub fn shown_outside_render<'p>(&self, paths: impl IntoIterator<Item = &'p str>) {
        if let Some(memo) = &self.render_memo {
            memo.forget(paths);
        }
    }

    /// Every page, feed and static file, without the search index.
    pub fn pages(&mut self) -> Result<RenderedSite, BuildError> {
        self.load()?.render(render::Only::All)
    }

    /// Adds the search index of `site`'s pages to it (unless the options
    /// leave the index out).
    pub fn add_search_index(&mut self, site: &mut RenderedSite) -> Result<(), BuildError> {
        if !self.options.search_index {
            return Ok(());
        }
        let RenderedSite {
            outputs,
            config,
            timings,
            ..
        } = site;
        let pages: Vec<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        let index = self.index_pages(&pages, timings, |indexer| indexer.index(outputs, config))?;
        outputs.extend(index);
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(())
    }

    /// The search index of `pages` (every page served, by path, with
    /// `site`'s settings), as the files that changed since the last call or
    /// [`Session::add_search_index`] (all of them after a site-wide run, its
    /// `complete` set): `serve` holds the rest. Nothing when the options
    /// leave the index out.
    pub fn search_index_changes(
        &mut self,
        site: &mut RenderedSite,
        pages: &[Held],
    ) -> Result<search::Changes, BuildError> {
        if !self.options.search_index {
            return Ok(search::Changes::default());
        }
        self.index_changes(pages, &site.config, &mut site.timings)
    }

    /// The search index after the pages `pages` alone
    /// changed since the last index, with the settings of the last load:
    /// `serve`'s step right after the edited pages are swapped in. The
    /// files that changed, and the time its steps took; `None` when the
    /// next [`Session::search_index_changes`] must take the pages in.
    pub fn search_index_of(&mut self, pages: &[Held]) -> (Option<search::Changes>, crate::Timings) {
        let Some(last) = self.last.as_deref().filter(|_| self.options.search_index) else {
            return (None, crate::Timings::default());
        };
        let changes = self.search.changes_for(index::indexed(pages), &last.config);
        (changes, self.search.take_timings())
    }

    /// The next [`Session::search_index_changes`] hands over the whole
    /// index (the caller could not take in the last one).
    pub fn resend_search_index(&mut self) {
        self.search.hand_over_all_next();
    }

    /// Every file of the search index of the last call (for writing a
    /// whole site after [`Session::search_index_changes`]).
    pub fn search_index_files(&self) -> Vec<Output> {
        if self.options.search_index {
            self.search.files()
        } else {
            Vec::new()
        }
    }

    /// The whole site, search index included.
    pub fn rebuild(&mut self) -> Result<RenderedSite, BuildError> {
        let mut site = self.pages()?;
        self.add_search_index(&mut site)?;
        Ok(site)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Steps as _;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: "content/om.md".into(),
            relative: "om.md".into(),
            text: text.into(),
        }
    }

    /// The fingerprint and the text the memo holds for `om.md`.
    fn held(memo: &ParseMemo) -> (u64, Arc<str>) {
        let headers = lock(&memo.headers);
        let (print, (text, _)) = &headers["om.md"];
        (*print, text.clone())
    }

    #[test]
    fn a_header_is_known_by_its_shared_text_and_read_again_when_the_text_changes() {
        let memo = ParseMemo::default();
        let first = file("---\ntitle: \"Et møde\"\n---\nTekst.\n");
        let header = memo.header(&first);
        assert!(header.is_ok(), "{header:?}");
        let (print, text) = held(&memo);
        assert!(Arc::ptr_eq(&text, &first.text));
        // The same file again (a reused load shares the text): the same header.
        assert_eq!(format!("{:?}", memo.header(&first)), format!("{header:?}"));
        // The same words read anew: known by the fingerprint, and by this
        // copy of the text from now on.
        let again = file("---\ntitle: \"Et møde\"\n---\nTekst.\n");
        assert_eq!(format!("{:?}", memo.header(&again)), format!("{header:?}"));
        let (same_print, text) = held(&memo);
        assert_eq!(same_print, print);
        assert!(Arc::ptr_eq(&text, &again.text));
        // Other words: read again.
        let edited = file("---\ntitle: \"Et andet møde\"\n---\nTekst.\n");
        let header = memo.header(&edited);
        assert!(format!("{header:?}").contains("Et andet møde"));
        let (new_print, text) = held(&memo);
        assert_ne!(new_print, print);
        assert!(Arc::ptr_eq(&text, &edited.text));
    }
}
