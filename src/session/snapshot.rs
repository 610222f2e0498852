//! A loaded site kept whole, rendered all at once or in parts.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::memo::CardMemo;
use crate::diagnostics::Diagnostic;
use crate::{BuildError, LoadedSite, RenderOptions, RenderedSite, render};

/// One loaded site, shared: what it takes to render all of it or any part
/// of it later (`serve` renders the edited page first, the rest after, and
/// the print page when it is asked for).
#[derive(Clone)]
pub struct Snapshot {
    pub(super) site: Arc<LoadedSite>,
    pub(super) options: RenderOptions,
    /// The session's case cards, kept between renders (`serve` only).
    pub(super) cards: Option<Arc<CardMemo>>,
}

impl Snapshot {
    /// The files `only` names, sorted by path.
    pub fn render(&self, only: render::Only<'_>) -> Result<RenderedSite, BuildError> {
        let site = &*self.site;
        let mut timings = site.timings.clone();
        let mut outputs = timings
            .measure("render", || {
                let steps: &dyn render::Steps = match self.cards.as_deref() {
                    Some(cards) => cards,
                    None => &render::Fresh,
                };
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

    /// The output paths of the pages (the print page aside) whose bytes can
    /// differ from those `previous` renders, or `None` when any page can:
    /// after an edit of cases alone, the pages that show what changed of
    /// them; after a change to anything else (a theme, a page, a template,
    /// `site.toml`, a file added or removed), every page. Found by comparing
    /// the two loads, not the files named as changed.
    pub fn changes_since(&self, previous: &Snapshot) -> Option<HashSet<String>> {
        let (old, new) = (&*previous.site, &*self.site);
        let same_files = old.config == new.config
            && old.files.templates == new.files.templates
            && old.files.fallback_templates == new.files.fallback_templates
            && old.files.static_files == new.files.static_files
            && old.files.content_assets == new.files.content_assets;
        if !same_files {
            return None;
        }
        let map = crate::site_map::SiteMap::new(&new.config.base_path());
        render::depends::affected(&old.library, &new.library, &map)
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
pub type Files = HashMap<String, Arc<[u8]>>;
