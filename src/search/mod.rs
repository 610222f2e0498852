//! Search index, built in-process from the rendered pages: the part each
//! page marks as indexed (themes, cases, messages, citizen themes, tools,
//! free pages; not lists or filter pages) is split into fields and sections,
//! its Danish words stemmed and scored (BM25F), and the result written under
//! `soeg-indeks/` in small files a query fetches only when it needs them
//! (see `layout`). `themes/default/static/search.js` reads it.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

mod analyze;
mod extract;
mod layout;

/// The folder of the output the index is written to.
pub use layout::DIR as INDEX_DIR;
mod score;
mod terms;
mod words;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::fingerprint;
use crate::render::Output;
use analyze::{Analyzed, analyze};

pub use layout::DIR;

/// Indexes the HTML pages among `outputs`; returns the files of `soeg-indeks/`.
pub fn index(outputs: &[Output], config: &Config) -> Result<Vec<Output>, Diagnostic> {
    Indexer::default().index(outputs, config)
}

/// An index kept between rebuilds (in `serve`): a page whose bytes did not
/// change is not read and analysed again; only the site-wide steps (compound
/// parts, scores, files) run over all pages. When nothing changed, the
/// previous files are reused as they are. Same bytes as a fresh build.
#[derive(Default)]
pub struct Indexer {
    keep: bool,
    pages: HashMap<String, (u64, Option<Analyzed>)>,
    files: Option<Vec<Output>>,
}

impl Indexer {
    /// An indexer that remembers its last index for the next call.
    pub fn incremental() -> Self {
        Indexer {
            keep: true,
            ..Indexer::default()
        }
    }

    /// Indexes the HTML pages among `outputs`; returns the files of `soeg-indeks/`.
    pub fn index(
        &mut self,
        outputs: &[Output],
        config: &Config,
    ) -> Result<Vec<Output>, Diagnostic> {
        let stop: HashSet<String> = config
            .search
            .stop_words
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        let base = config.base_path();
        let previous = std::mem::take(&mut self.pages);
        let pages: Vec<(String, (u64, Option<Analyzed>))> = outputs
            .par_iter()
            .filter(|o| o.path.ends_with(".html"))
            .map(|o| {
                let print = fingerprint(&o.bytes);
                let analyzed = match previous.get(&o.path) {
                    Some((p, a)) if *p == print => a.clone(),
                    _ => extract::extract(&o.bytes, &url_of(&base, &o.path))
                        .map(|doc| analyze(doc, &stop)),
                };
                (o.path.clone(), (print, analyzed))
            })
            .collect();
        let unchanged = self.files.is_some()
            && previous.len() == pages.len()
            && pages
                .iter()
                .all(|(path, (p, _))| previous.get(path).is_some_and(|(q, _)| q == p));
        if unchanged && let Some(files) = &self.files {
            let files = files.clone();
            self.pages = pages.into_iter().collect();
            return Ok(files);
        }
        let analyzed: Vec<&Analyzed> = pages.iter().filter_map(|(_, (_, a))| a.as_ref()).collect();
        let files = build(&analyzed, config, &stop);
        if self.keep {
            self.files = Some(files.clone());
            self.pages = pages.into_iter().collect();
        }
        Ok(files)
    }
}

/// The site-wide steps over the analysed pages (in path order).
fn build(pages: &[&Analyzed], config: &Config, stop: &HashSet<String>) -> Vec<Output> {
    let vocabulary: HashSet<String> = pages
        .iter()
        .flat_map(|a| a.forms.keys().map(|f| f.to_string()))
        .collect();
    let compounds = terms::compounds(&vocabulary);
    // Synonym groups as stems: a member is its words' stems (a phrase has several).
    let synonyms: Vec<Vec<Vec<String>>> = config
        .search
        .synonyms
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|member| {
                    words::words(member)
                        .filter(|w| !stop.contains(w))
                        .map(|w| words::stem(&w).into_owned())
                        .collect::<Vec<_>>()
                })
                .filter(|member| !member.is_empty())
                .collect()
        })
        .collect();
    let extras: Vec<_> = pages
        .par_iter()
        .map(|a| analyze::extras(a, &compounds, &synonyms))
        .collect();
    let scored: Vec<score::Scored> = pages
        .iter()
        .zip(&extras)
        .map(|(a, extra)| score::Scored {
            analyzed: a,
            extra,
            free: a.doc.kind == "Side",
        })
        .collect();
    let postings = score::postings(&scored);
    let mut forms: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for a in pages {
        for (form, n) in &a.forms {
            match forms.get_mut(&**form) {
                Some(entry) => entry.1 += n,
                None => {
                    forms.insert(form.to_string(), (words::stem(form).into_owned(), *n));
                }
            }
        }
    }
    // Words a reader may type that only compound parts or synonyms bring in
    // (`personale`): known forms, used by no page as such (frequency 0).
    let extra_words = config
        .search
        .synonyms
        .iter()
        .flatten()
        .flat_map(|m| words::words(m).collect::<Vec<_>>())
        .chain(compounds.values().flatten().cloned())
        .filter(|w| !stop.contains(w));
    for word in extra_words {
        if let std::collections::btree_map::Entry::Vacant(entry) = forms.entry(word) {
            let stem = words::stem(entry.key()).into_owned();
            entry.insert((stem, 0));
        }
    }
    let docs: Vec<&extract::Doc> = pages.iter().map(|a| &a.doc).collect();
    layout::files(&docs, &postings, &forms)
}

/// The address of the page written to `path` (`cases/x/index.html` → `/cases/x/`).
fn url_of(base: &str, path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("{base}/{dir}"),
        None => format!("{base}/{path}"),
    }
}

#[cfg(test)]
mod tests;
