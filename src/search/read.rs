//! The handoff from render to the index: each page read for the index where
//! it is rendered ([`Reader`]), so `build` holds what the index needs of a
//! page ([`Page`]), not its HTML.

use std::collections::HashSet;

use super::analyze::{Analyzed, analyze};
use crate::config::Config;
use crate::fingerprint::fingerprint;
use crate::render::Output;

/// One HTML page as the index takes it.
pub(crate) struct Page {
    /// Its output path.
    pub(super) path: String,
    /// What is indexed of it; `None` for a page left out (lists, filters).
    pub(super) analyzed: Option<Analyzed>,
}

/// Reads pages for the index where they are rendered (`build`), so only
/// what the index needs of them is held, not their HTML.
pub(crate) struct Reader {
    pub(super) stop: HashSet<String>,
    pub(super) base: String,
}

impl Reader {
    /// A reader with the search settings of `config`.
    pub(crate) fn new(config: &Config) -> Reader {
        Reader {
            stop: config
                .search
                .stop_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            base: config.base_path(),
        }
    }

    /// The fingerprint of the settings an index is built with.
    pub(super) fn settings(&self, config: &Config) -> u64 {
        fingerprint(&(
            &config.search.stop_words,
            &config.search.synonyms,
            &self.base,
        ))
    }

    /// `output` read for the index; `None` for a file that is not a page.
    pub(crate) fn read(&self, output: &Output) -> Option<Page> {
        output.path.ends_with(".html").then(|| Page {
            path: output.path.clone(),
            analyzed: (output.searchable.clone()).map(|doc| analyze(doc, &self.stop)),
        })
    }
}
