//! Search index, built in-process from the rendered pages: the part each
//! page marks as indexed (themes, cases, messages, citizen themes, tools,
//! free pages; not lists or filter pages) is split into fields and sections,
//! its Danish words stemmed and scored (BM25F), and the result written under
//! `soeg-indeks/` in small files a query fetches only when it needs them
//! (see `layout`). `themes/default/static/search.js` reads it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

mod analyze;
mod extract;
mod layout;
mod read;

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
pub(crate) use read::{Page, Reader};

/// Indexes the HTML pages among `outputs`; returns the files of `soeg-indeks/`
/// (a build's index is its session's `Indexer`; this one-off form is for tests).
#[cfg(test)]
pub(crate) fn index(outputs: &[Output], config: &Config) -> Result<Vec<Output>, Diagnostic> {
    Indexer::default().index(outputs, config)
}

/// An index kept between rebuilds (in `serve`): a page whose bytes did not
/// change is not read and analysed again. When the edited pages leave the
/// site's vocabulary as it was (so its compound parts), only they get their
/// extra stems again; when they also leave the fields' average lengths
/// (a word swapped for another), only the posting lists of their stems are
/// scored again, else every list is, and only the files of lists, word
/// forms and pages that changed are written again. A new or vanished word
/// runs the site-wide steps over all pages. Same bytes as a fresh build.
#[derive(Default)]
pub struct Indexer {
    keep: bool,
    state: Option<State>,
    /// How many times the site-wide steps ran over all pages.
    full_runs: usize,
}

/// Everything an index is made from, by page id (indexed pages in path order).
struct State {
    /// The search settings and base path it was built with.
    settings: u64,
    /// Every HTML output: path, fingerprint, page id when indexed.
    html: Vec<(String, u64, Option<u32>)>,
    pages: Vec<Analyzed>,
    extras: Vec<BTreeMap<String, analyze::Term>>,
    compounds: HashMap<String, [String; 2]>,
    synonyms: Vec<Vec<Vec<String>>>,
    stats: score::Stats,
    postings: BTreeMap<String, Vec<score::Posting>>,
    /// Word form → (stem, uses on all pages).
    forms: BTreeMap<String, (String, u32)>,
    layout: layout::Layout,
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
        let reader = Reader::new(config);
        let settings = reader.settings(config);
        let Reader { stop, base } = reader;
        let html: Vec<&Output> = outputs
            .iter()
            .filter(|o| o.path.ends_with(".html"))
            .collect();
        let prints: Vec<u64> = html.par_iter().map(|o| fingerprint(&o.bytes)).collect();
        if let Some(state) = &mut self.state
            && state.settings == settings
            && state.html.len() == html.len()
            && state.html.iter().zip(&html).all(|(h, o)| h.0 == o.path)
        {
            let changed: Vec<usize> = (0..html.len())
                .filter(|&i| state.html[i].1 != prints[i])
                .collect();
            let again: Vec<(usize, Option<Analyzed>)> = changed
                .par_iter()
                .map(|&i| {
                    let doc = extract::extract(&html[i].bytes, &url_of(&base, &html[i].path));
                    (i, doc.map(|d| analyze(d, &stop)))
                })
                .collect();
            // The same pages indexed: page ids stay.
            if again
                .iter()
                .all(|(i, a)| state.html[*i].2.is_some() == a.is_some())
            {
                let edits: Vec<(u32, Analyzed)> = again
                    .into_iter()
                    .filter_map(|(i, a)| Some((state.html[i].2?, a?)))
                    .collect();
                if state.update(edits) {
                    for &i in &changed {
                        state.html[i].1 = prints[i];
                    }
                    return Ok(state.layout.outputs());
                }
            }
        }
        // Pages whose bytes did not change keep their analysis (with the same
        // stop words and base path).
        let old = self.state.take().filter(|st| st.settings == settings);
        let known: HashMap<&str, (u64, Option<&Analyzed>)> = old
            .iter()
            .flat_map(|st| {
                st.html.iter().map(|(path, print, id)| {
                    let a = id.map(|id| &st.pages[id as usize]);
                    (path.as_str(), (*print, a))
                })
            })
            .collect();
        let pages: Vec<Option<Analyzed>> = html
            .par_iter()
            .zip(&prints)
            .map(|(o, print)| match known.get(o.path.as_str()) {
                Some((p, a)) if p == print => a.cloned(),
                _ => extract::extract(&o.bytes, &url_of(&base, &o.path))
                    .map(|doc| analyze(doc, &stop)),
            })
            .collect();
        drop(known);
        drop(old);
        let pages = html
            .iter()
            .zip(prints)
            .zip(pages)
            .map(|((o, print), analyzed)| Page {
                path: o.path.clone(),
                print,
                analyzed,
            })
            .collect();
        Ok(self.index_all(settings, pages, config, &stop))
    }

    /// Indexes `pages`, read by a [`Reader`] as they were rendered (in any
    /// order): the same files [`Indexer::index`] gives for the same pages,
    /// without the pages' HTML held until the index is built.
    pub(crate) fn index_read(
        &mut self,
        mut pages: Vec<Page>,
        config: &Config,
    ) -> Result<Vec<Output>, Diagnostic> {
        let reader = Reader::new(config);
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        let settings = reader.settings(config);
        Ok(self.index_all(settings, pages, config, &reader.stop))
    }

    /// The site-wide steps over every HTML page (in path order).
    fn index_all(
        &mut self,
        settings: u64,
        pages: Vec<Page>,
        config: &Config,
        stop: &HashSet<String>,
    ) -> Vec<Output> {
        let mut next = 0;
        let mut html: Vec<(String, u64, Option<u32>)> = Vec::with_capacity(pages.len());
        let mut analyzed: Vec<Analyzed> = Vec::new();
        for page in pages {
            let id = page.analyzed.map(|a| {
                analyzed.push(a);
                next += 1;
                next - 1
            });
            html.push((page.path, page.print, id));
        }
        let pages = analyzed;
        self.full_runs += 1;
        let state = State::new(settings, html, pages, config, stop);
        if self.keep {
            let files = state.layout.outputs();
            self.state = Some(state);
            files
        } else {
            self.state = None;
            state.layout.into_outputs()
        }
    }
}

impl State {
    /// The site-wide steps over the analysed pages (in path order).
    fn new(
        settings: u64,
        html: Vec<(String, u64, Option<u32>)>,
        pages: Vec<Analyzed>,
        config: &Config,
        stop: &HashSet<String>,
    ) -> State {
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
        let scored = scored(&pages, &extras);
        let stats = score::Stats::new(&scored);
        let postings = score::postings(&scored, &stats);
        let mut forms: BTreeMap<String, (String, u32)> = BTreeMap::new();
        for a in &pages {
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
        let layout = layout::Layout::new(&docs, &postings, &forms);
        State {
            settings,
            html,
            pages,
            extras,
            compounds,
            synonyms,
            stats,
            postings,
            forms,
            layout,
        }
    }

    /// Takes in edited pages (page id, new analysis) when that leaves the
    /// vocabulary (so compound parts) as it was; `false`, and nothing
    /// changed, otherwise.
    fn update(&mut self, edits: Vec<(u32, Analyzed)>) -> bool {
        if edits.is_empty() {
            return true;
        }
        // Word form uses after the edits; a form appearing or disappearing
        // changes the vocabulary.
        let mut uses: BTreeMap<String, i64> = BTreeMap::new();
        for (doc, new) in &edits {
            let old = &self.pages[*doc as usize];
            for (form, n) in &old.forms {
                *uses.entry(form.to_string()).or_default() -= i64::from(*n);
            }
            for (form, n) in &new.forms {
                *uses.entry(form.to_string()).or_default() += i64::from(*n);
            }
        }
        uses.retain(|_, d| *d != 0);
        let vocabulary_same = uses.iter().all(|(form, d)| {
            let before = self.forms.get(form).map_or(0, |e| i64::from(e.1));
            (before > 0) == (before + d > 0)
        });
        if !vocabulary_same {
            return false;
        }
        let extras: Vec<BTreeMap<String, analyze::Term>> = edits
            .iter()
            .map(|(_, a)| analyze::extras(a, &self.compounds, &self.synonyms))
            .collect();
        let mut stats = self.stats.clone();
        let mut stems: BTreeSet<String> = BTreeSet::new();
        for ((doc, new), extra) in edits.iter().zip(&extras) {
            let d = *doc as usize;
            let old = score::Scored {
                analyzed: &self.pages[d],
                extra: &self.extras[d],
                free: self.pages[d].doc.kind == "Side",
            };
            stats.add(&old, -1);
            stems.extend(old.stems().map(str::to_string));
            let new = score::Scored {
                analyzed: new,
                extra,
                free: new.doc.kind == "Side",
            };
            stats.add(&new, 1);
            stems.extend(new.stems().map(str::to_string));
        }
        let same_lengths = stats.average() == self.stats.average();
        let rescore: Vec<String> = stems
            .iter()
            .filter(|s| stats.df.get(s.as_str()) != self.stats.df.get(s.as_str()))
            .cloned()
            .collect();
        stats.df.retain(|_, d| *d > 0);
        let mut docs_changed = Vec::new();
        for ((doc, new), extra) in edits.into_iter().zip(extras) {
            self.pages[doc as usize] = new;
            self.extras[doc as usize] = extra;
            docs_changed.push(doc);
        }
        self.stats = stats;
        for (form, d) in &uses {
            if let Some(entry) = self.forms.get_mut(form) {
                entry.1 = (i64::from(entry.1) + d) as u32;
            }
        }
        let scored = scored(&self.pages, &self.extras);
        if !same_lengths {
            // Every page's scores may move: score all, write what changed.
            let fresh = score::postings(&scored, &self.stats);
            stems.extend(
                fresh
                    .iter()
                    .filter(|(s, l)| self.postings.get(*s) != Some(*l))
                    .map(|(s, _)| s.clone()),
            );
            self.postings = fresh;
            return self.write(stems, uses, docs_changed);
        }
        // The edited pages' postings, then whole lists whose frequency changed.
        let average = self.stats.average();
        for stem in &stems {
            let list_of = self.postings.entry(stem.clone()).or_default();
            for &doc in &docs_changed {
                let at = list_of.binary_search_by_key(&doc, |p| p.doc);
                match (
                    at,
                    self.stats
                        .posting(&average, &scored[doc as usize], doc, stem),
                ) {
                    (Ok(i), Some(p)) => list_of[i] = p,
                    (Ok(i), None) => {
                        list_of.remove(i);
                    }
                    (Err(i), Some(p)) => list_of.insert(i, p),
                    (Err(_), None) => {}
                }
            }
            if list_of.is_empty() {
                self.postings.remove(stem);
            }
        }
        for stem in &rescore {
            if let Some(list_of) = self.postings.get_mut(stem) {
                for p in list_of.iter_mut() {
                    if let Some(again) =
                        self.stats
                            .posting(&average, &scored[p.doc as usize], p.doc, stem)
                    {
                        *p = again;
                    }
                }
            }
        }
        self.write(stems, uses, docs_changed)
    }

    /// Writes again the files of `stems`, the changed word forms and pages.
    fn write(
        &mut self,
        stems: BTreeSet<String>,
        uses: BTreeMap<String, i64>,
        docs_changed: Vec<u32>,
    ) -> bool {
        let forms_changed: BTreeSet<String> = uses.into_keys().collect();
        let docs: Vec<&extract::Doc> = self.pages.iter().map(|a| &a.doc).collect();
        self.layout.update(
            &docs,
            &self.postings,
            &self.forms,
            &stems,
            &forms_changed,
            &docs_changed,
        );
        true
    }
}

/// The pages with their extra stems, ready to score.
fn scored<'a>(
    pages: &'a [Analyzed],
    extras: &'a [BTreeMap<String, analyze::Term>],
) -> Vec<score::Scored<'a>> {
    pages
        .iter()
        .zip(extras)
        .map(|(a, extra)| score::Scored {
            analyzed: a,
            extra,
            free: a.doc.kind == "Side",
        })
        .collect()
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
