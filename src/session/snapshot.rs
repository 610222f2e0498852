//! A loaded site kept whole, rendered all at once or in parts.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::memo::{CardsOnly, RenderMemo};
use crate::diagnostics::Diagnostic;
use crate::{BuildError, LoadedSite, RenderOptions, RenderedSite, render};

/// One loaded site, shared: what it takes to render all of it or any part
/// of it later (`serve` renders the edited page first, the rest after, and
/// the print page when it is asked for).
#[derive(Clone)]
pub struct Snapshot {
    pub(super) site: Arc<LoadedSite>,
    pub(super) options: RenderOptions,
    /// What the session's renders keep for the next (`serve` only).
    pub(super) render_memo: Option<Arc<RenderMemo>>,
}

impl Snapshot {
    /// The files `only` names, sorted by path.
    pub fn render(&self, only: render::Only<'_>) -> Result<RenderedSite, BuildError> {
        match self.render_memo.as_deref() {
            Some(memo) => self.render_with(only, &CardsOnly(memo)),
            None => self.render_with(only, &render::Fresh),
        }
    }

    /// `serve`'s render after an edit: every file but the print page that
    /// is not made from what the session's last such render made it from
    /// (the caller holds those), sorted by path, and the paths that render
    /// made which this one no longer does; `None` when every file was
    /// given (the first render, or a session that keeps nothing): then
    /// what the caller holds besides is gone.
    pub fn render_changes(&self) -> Result<(RenderedSite, Option<Vec<String>>), BuildError> {
        let only = render::Only::AllBut(crate::site_map::PRINT_FILE);
        let Some(memo) = self.render_memo.as_deref() else {
            return Ok((self.render(only)?, None));
        };
        let site = self.render_with(only, memo)?;
        Ok((site, memo.take_removed()))
    }

    fn render_with(
        &self,
        only: render::Only<'_>,
        steps: &dyn render::Steps,
    ) -> Result<RenderedSite, BuildError> {
        let site = &*self.site;
        let mut timings = site.timings.clone();
        let mut outputs = timings
            .measure("render", || {
                render::render_with(
                    &site.templates,
                    &site.library,
                    &site.config,
                    &site.files,
                    &self.options,
                    only,
                    steps,
                )
            })
            .map_err(BuildError::Content)?;
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(RenderedSite {
            outputs,
            warnings: site.warnings.clone(),
            config: site.config.clone(),
            timings,
        })
    }

    /// The output paths of the pages made from `sources` (paths of content
    /// files, absolute or relative to the site root).
    pub fn pages_of(&self, root: &Path, sources: &[PathBuf]) -> HashSet<String> {
        let wanted: HashSet<PathBuf> = sources
            .iter()
            .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
            .collect();
        let map = crate::site_map::SiteMap::new(&self.site.config.base_path());
        self.site
            .library
            .entries()
            .filter(|entry| wanted.contains(Path::new(&entry.path)))
            .map(|entry| map.output_path(&entry.url))
            .collect()
    }

    /// Wall time per stage of the load.
    pub fn timings(&self) -> &crate::Timings {
        &self.site.timings
    }

    /// The warnings of the load.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.site.warnings
    }

    /// The path the site lives under.
    pub fn base_path(&self) -> String {
        self.site.config.base_path()
    }
}

/// Output files by path, as `serve` holds them.
pub type Files = foldhash::HashMap<String, Arc<[u8]>>;

/// A file as `serve` holds it, with what search may find of it (a page).
#[derive(Clone)]
pub struct Held {
    /// Its output path.
    pub path: String,
    /// Its bytes, shared with what is served.
    pub bytes: Arc<[u8]>,
    /// What search may find of it, made with it.
    pub searchable: Option<Arc<crate::render::Searchable>>,
}

impl From<crate::Output> for Held {
    fn from(output: crate::Output) -> Held {
        Held {
            path: output.path,
            bytes: Arc::from(output.bytes),
            searchable: output.searchable,
        }
    }
}
