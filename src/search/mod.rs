//! Search index, built in-process from the rendered pages: the part each
//! page marks as indexed (themes, cases, messages, citizen themes, tools,
//! free pages; not lists or filter pages) is split into fields and sections,
//! its Danish words stemmed and scored (BM25F), and the result written under
//! `soeg-indeks/` in small files a query fetches only when it needs them
//! (see `layout`). `themes/default/static/search.js` reads it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

mod analyze;
#[cfg(test)]
pub(crate) mod extract;
mod layout;
mod read;

/// What changed in the index since the last hand-over.
pub use layout::Changes;
/// The folder of the output the index is written to.
pub use layout::DIR as INDEX_DIR;
mod score;
mod table;
mod terms;
mod words;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::render::Output;
/// A page as search takes it (made by render from the model).
pub(crate) use crate::render::Searchable as Doc;
use analyze::{Analyzed, analyze};

/// A page of the site as the index takes it: its output path, and what
/// search may find of it (`None`: a page search leaves out, a list of cards).
pub type Indexed<'a> = (&'a str, Option<&'a std::sync::Arc<Doc>>);
pub(crate) use read::{Page, Reader};

/// Indexes the HTML pages among `outputs`; returns the files of `soeg-indeks/`
/// (a build's index is its session's `Indexer`; this one-off form is for tests).
#[cfg(test)]
pub(crate) fn index(outputs: &[Output], config: &Config) -> Result<Vec<Output>, Diagnostic> {
    Indexer::default().index(outputs, config)
}

/// The pages among `outputs`, as the index takes them.
fn pages_of(outputs: &[Output]) -> Vec<Indexed<'_>> {
    outputs
        .iter()
        .filter(|o| o.path.ends_with(".html"))
        .map(|o| (o.path.as_str(), o.searchable.as_ref()))
        .collect()
}

/// Whether search finds the same on a page as before: the same shared
/// part (a page `serve` did not make again), or an equal one (a page made
/// again whose searchable text did not change). Nothing is hashed: the
/// session's recorded render already left every other page as it was.
fn same(old: Option<&Arc<Doc>>, new: Option<&Arc<Doc>>) -> bool {
    match (old, new) {
        (Some(old), Some(new)) => Arc::ptr_eq(old, new) || old == new,
        (None, None) => true,
        _ => false,
    }
}

/// Outputs at or under the search index's folder, which belongs to the
/// index: refused before the index is built, so `check`, which does not
/// build it, refuses the same files.
pub(crate) fn folder_taken<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<Diagnostic> {
    let dir = INDEX_DIR;
    paths
        .into_iter()
        .filter(|path| {
            *path == dir
                || path
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .map(|path| {
            Diagnostic::error(
                "content",
                Code::OutputPath,
                format!("`{path}` ligger i søgeindeksets mappe `{dir}/`"),
            )
            .hint(format!(
                "søgeindekset bruger mappen `{dir}/`: flyt filen til en anden mappe"
            ))
        })
        .collect()
}

/// Problems with the site's paths, the search index's files among them
/// (the pages' own were checked with their sources in render, so what is
/// left is the index's).
pub(crate) fn clashes<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<Diagnostic> {
    crate::output_paths::check(paths)
        .iter()
        .map(|p| {
            Diagnostic::error("content", Code::OutputPath, p.message()).hint(format!(
                "søgeindekset bruger mappen `{}/`: læg ikke filer der",
                INDEX_DIR
            ))
        })
        .collect()
}

/// An index kept between rebuilds (in `serve`): a page whose searchable
/// part did not change is not analysed again. Only the edited pages get their
/// extra stems again, and only their postings are scored again (scores don't
/// depend on other pages' lengths), with the whole lists of stems whose
/// document frequency changed (from each posting's weight); a word that
/// comes or goes changes the compounds of only the words that start or end
/// with it (`terms::Tracker`), and those pages get their extra stems again.
/// Only the files of lists, word forms and pages that changed are written
/// again (see `layout`). The site-wide steps run only when pages come or go
/// or the search settings change. Same bytes as a fresh build.
#[derive(Default)]
pub struct Indexer {
    keep: bool,
    state: Option<State>,
    /// How many times the site-wide steps ran over all pages.
    full_runs: usize,
    /// Wall time of the steps of the last run (`handbook build --timings`).
    timings: crate::Timings,
    /// The next [`Indexer::changes`] hands on the whole index.
    complete_next: bool,
}

/// Everything an index is made from, by page id (indexed pages in path order).
struct State {
    /// The search settings and base path it was built with.
    settings: u64,
    /// Every HTML output: path, page id when indexed.
    html: Vec<(String, Option<u32>)>,
    pages: Vec<Analyzed>,
    extras: Vec<BTreeMap<String, analyze::Term>>,
    /// Kept current as words come and go in `serve`.
    compounds: terms::Compounds,
    /// The words of the synonym groups (stop words left out): known forms
    /// even when no page uses them.
    synonym_words: HashSet<String>,
    synonyms: Vec<Vec<Vec<String>>>,
    stats: score::Stats,
    postings: BTreeMap<String, Vec<score::Posting>>,
    /// Word form → (stem, uses on all pages).
    forms: BTreeMap<String, (String, u32)>,
    layout: layout::Layout,
}

impl Indexer {
    /// The wall time of the steps of the last run, taken.
    pub fn take_timings(&mut self) -> crate::Timings {
        std::mem::take(&mut self.timings)
    }

    /// An indexer that remembers its last index for the next call.
    pub fn incremental() -> Self {
        Indexer {
            keep: true,
            ..Indexer::default()
        }
    }

    /// Indexes the pages among `outputs`; returns the files of `soeg-indeks/`.
    pub fn index(
        &mut self,
        outputs: &[Output],
        config: &Config,
    ) -> Result<Vec<Output>, Diagnostic> {
        self.run(pages_of(outputs), config)?;
        Ok(self.built_files())
    }

    /// Every file of the index just built; the state stays only when
    /// incremental.
    fn built_files(&mut self) -> Vec<Output> {
        self.complete_next = false;
        if !self.keep {
            let state = self.state.take();
            return state.map(|s| s.layout.into_outputs()).unwrap_or_default();
        }
        self.state
            .as_mut()
            .map(|state| {
                state.layout.forget_changes();
                state.layout.outputs()
            })
            .unwrap_or_default()
    }

    /// [`Indexer::changes_in`] of the pages among `outputs`.
    #[cfg(test)]
    pub fn changes(&mut self, outputs: &[Output], config: &Config) -> Result<Changes, Diagnostic> {
        self.changes_in(pages_of(outputs), config)
    }

    /// Indexes every page of the site, `pages` (as `serve` holds them:
    /// nothing is copied), as [`Indexer::index`], but returns only the
    /// files that changed since the last call (for `serve`, which holds the
    /// rest), or all of them after a site-wide run.
    pub fn changes_in(
        &mut self,
        pages: Vec<Indexed<'_>>,
        config: &Config,
    ) -> Result<Changes, Diagnostic> {
        let site_wide = self.run(pages, config)?;
        let Some(state) = self.state.as_mut() else {
            return Ok(Changes {
                complete: true,
                ..Changes::default()
            });
        };
        if site_wide || std::mem::take(&mut self.complete_next) {
            state.layout.forget_changes();
            return Ok(Changes {
                complete: true,
                files: state.layout.shared(),
                removed: Vec::new(),
                added: true,
            });
        }
        Ok(state.layout.take_changes())
    }

    /// The next [`Indexer::changes`] hands on the whole index (the last
    /// hand-over was not taken in).
    pub fn hand_over_all_next(&mut self) {
        self.complete_next = true;
    }

    /// Takes in the pages `pages` alone, every other page
    /// left as the last index has it: `serve`'s step right after the edited
    /// page is swapped in, so its search entries follow it at once, without
    /// reading every page. The files that changed; `None` when it cannot be
    /// done so (no index yet, other settings, a page the index doesn't
    /// have, a page that is now indexed or no longer is, or the whole index
    /// is to be handed on): the next [`Indexer::changes_in`] takes them in.
    pub fn changes_for(&mut self, pages: Vec<Indexed<'_>>, config: &Config) -> Option<Changes> {
        if self.complete_next {
            return None;
        }
        let reader = Reader::new(config);
        let settings = reader.settings(config);
        let state = self.state.as_mut().filter(|s| s.settings == settings)?;
        let mut changed = Vec::with_capacity(pages.len());
        for (path, doc) in pages {
            let i = state
                .html
                .binary_search_by(|h| h.0.as_str().cmp(path))
                .ok()?;
            if !state.unchanged(i, doc) {
                changed.push((i, doc));
            }
        }
        let mut timings = crate::Timings::default();
        if !state.update_pages(changed, &reader.stop, &mut timings) {
            return None;
        }
        self.timings = timings;
        Some(state.layout.take_changes())
    }

    /// The paths of the index's files (of the last run, in `serve`).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.state.iter().flat_map(|s| s.layout.paths())
    }

    /// Every file of the index (of the last run, in `serve`).
    pub fn files(&self) -> Vec<Output> {
        self.state
            .as_ref()
            .map(|s| s.layout.outputs())
            .unwrap_or_default()
    }

    /// Indexes the pages, keeping the state; `true` when the site-wide
    /// steps ran (not an update of the last index).
    fn run(&mut self, html: Vec<Indexed<'_>>, config: &Config) -> Result<bool, Diagnostic> {
        let reader = Reader::new(config);
        let settings = reader.settings(config);
        let Reader { stop, .. } = reader;
        let mut timings = crate::Timings::default();
        if let Some(state) = &mut self.state
            && state.settings == settings
            && state.html.len() == html.len()
            && state
                .html
                .iter()
                .zip(&html)
                .all(|(h, (path, _))| h.0 == *path)
        {
            let changed: Vec<(usize, Option<&Arc<Doc>>)> = (0..html.len())
                .filter(|&i| !state.unchanged(i, html[i].1))
                .map(|i| (i, html[i].1))
                .collect();
            if state.update_pages(changed, &stop, &mut timings) {
                self.timings = timings;
                return Ok(false);
            }
        }
        // Pages whose searchable part did not change keep their analysis
        // (with the same stop words).
        let old = self.state.take().filter(|st| st.settings == settings);
        let known: HashMap<&str, Option<&Analyzed>> = old
            .iter()
            .flat_map(|st| {
                st.html.iter().map(|(path, id)| {
                    let a = id.map(|id| &st.pages[id as usize]);
                    (path.as_str(), a)
                })
            })
            .collect();
        let pages: Vec<Option<Analyzed>> = timings.measure("search:read", || {
            html.par_iter()
                .map(|(path, doc)| match known.get(path) {
                    Some(a) if same(a.map(|a| &a.doc), *doc) => a.cloned(),
                    _ => doc.map(|doc| analyze(doc.clone(), &stop)),
                })
                .collect()
        });
        drop(known);
        drop(old);
        let pages = html
            .iter()
            .zip(pages)
            .map(|((path, _), analyzed)| Page {
                path: path.to_string(),
                analyzed,
            })
            .collect();
        self.index_all(settings, pages, config, &stop, timings);
        Ok(true)
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
        self.index_all(
            settings,
            pages,
            config,
            &reader.stop,
            crate::Timings::default(),
        );
        Ok(self.built_files())
    }

    /// The site-wide steps over every HTML page (in path order).
    fn index_all(
        &mut self,
        settings: u64,
        pages: Vec<Page>,
        config: &Config,
        stop: &HashSet<String>,
        mut timings: crate::Timings,
    ) {
        let mut next = 0;
        let mut html: Vec<(String, Option<u32>)> = Vec::with_capacity(pages.len());
        let mut analyzed: Vec<Analyzed> = Vec::new();
        for page in pages {
            let id = page.analyzed.map(|a| {
                analyzed.push(a);
                next += 1;
                next - 1
            });
            html.push((page.path, id));
        }
        self.full_runs += 1;
        let state = State::new(
            settings,
            html,
            analyzed,
            config,
            stop,
            self.keep,
            &mut timings,
        );
        self.timings = timings;
        self.state = Some(state);
    }
}

impl State {
    /// The site-wide steps over the analysed pages (in path order); with
    /// `keep`, what later edits need is kept too.
    #[allow(clippy::too_many_arguments)]
    fn new(
        settings: u64,
        html: Vec<(String, Option<u32>)>,
        mut pages: Vec<Analyzed>,
        config: &Config,
        stop: &HashSet<String>,
        keep: bool,
        timings: &mut crate::Timings,
    ) -> State {
        let started = std::time::Instant::now();
        // Word form → uses on all pages.
        let uses: HashMap<&str, u32> = pages
            .par_iter()
            .fold(HashMap::new, |mut uses, a| {
                for (form, n) in &a.forms {
                    *uses.entry(form).or_default() += n;
                }
                uses
            })
            .reduce(HashMap::new, score::merge_counts);
        let vocabulary: HashSet<String> = uses.keys().map(|f| f.to_string()).collect();
        let compounds = terms::Compounds::of(&vocabulary, keep);
        drop(vocabulary);
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
            .map(|a| analyze::extras(a, compounds.map(), &synonyms))
            .collect();
        timings.record("search:extras", started.elapsed());
        let scored = scored(&pages, &extras);
        let (stats, postings) = timings.measure("search:score", || {
            let stats = score::Stats::new(&scored);
            let postings = score::postings(&scored, &stats);
            (stats, postings)
        });
        drop(scored);
        let started = std::time::Instant::now();
        let mut forms: Vec<(String, (String, u32))> = uses
            .par_iter()
            .map(|(form, n)| (form.to_string(), (words::stem(form).into_owned(), *n)))
            .collect();
        drop(uses);
        // A build's index is made once: what only edits in `serve` need goes
        // before the files are laid out, the step where a build's memory peaks.
        let extras = match keep {
            true => extras,
            false => {
                for page in &mut pages {
                    (page.terms, page.forms) = Default::default();
                }
                Vec::new()
            }
        };
        forms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut forms: BTreeMap<String, (String, u32)> = forms.into_iter().collect();
        // Words a reader may type that only compound parts or synonyms bring in
        // (`personale`): known forms, used by no page as such (frequency 0).
        let synonym_words: HashSet<String> = config
            .search
            .synonyms
            .iter()
            .flatten()
            .flat_map(|m| words::words(m).collect::<Vec<_>>())
            .filter(|w| !stop.contains(w))
            .collect();
        let extra_words = synonym_words
            .iter()
            .cloned()
            .chain(compounds.map().values().flatten().cloned())
            .filter(|w| !stop.contains(w));
        for word in extra_words {
            if let std::collections::btree_map::Entry::Vacant(entry) = forms.entry(word) {
                let stem = words::stem(entry.key()).into_owned();
                entry.insert((stem, 0));
            }
        }
        timings.record("search:forms", started.elapsed());
        let docs: Vec<&Doc> = pages.iter().map(|a| &*a.doc).collect();
        let layout = timings.measure("search:files", || {
            layout::Layout::new(&docs, &postings, &forms)
        });
        State {
            settings,
            html,
            pages,
            extras,
            compounds,
            synonym_words,
            synonyms,
            stats,
            postings,
            forms,
            layout,
        }
    }

    /// What search may find of the HTML page at `i`, as last taken in.
    fn doc(&self, i: usize) -> Option<&Arc<Doc>> {
        self.html[i].1.map(|id| &self.pages[id as usize].doc)
    }

    /// Whether search finds on the HTML page at `i` what it found when it
    /// was last taken in ([`same`]); an equal part made again is kept in
    /// place of the old one, so the next rebuild knows it by its address.
    fn unchanged(&mut self, i: usize, doc: Option<&Arc<Doc>>) -> bool {
        if !same(self.doc(i), doc) {
            return false;
        }
        if let (Some(id), Some(doc)) = (self.html[i].1, doc) {
            let kept = &mut self.pages[id as usize].doc;
            if !Arc::ptr_eq(kept, doc) {
                *kept = doc.clone();
            }
        }
        true
    }

    /// Takes in the pages `changed` (position among the HTML pages, what
    /// search may find of it) when they stay indexed or not as they were
    /// and leave the vocabulary as it was; `false`, and nothing changed,
    /// otherwise.
    fn update_pages(
        &mut self,
        changed: Vec<(usize, Option<&Arc<Doc>>)>,
        stop: &HashSet<String>,
        timings: &mut crate::Timings,
    ) -> bool {
        let again: Vec<(usize, Option<Analyzed>)> = timings.measure("search:read", || {
            changed
                .par_iter()
                .map(|&(i, doc)| (i, doc.map(|d| analyze(d.clone(), stop))))
                .collect()
        });
        // The same pages indexed: page ids stay.
        if !again
            .iter()
            .all(|(i, a)| self.html[*i].1.is_some() == a.is_some())
        {
            return false;
        }
        let edits: Vec<(u32, Analyzed)> = again
            .into_iter()
            .filter_map(|(i, a)| Some((self.html[i].1?, a?)))
            .collect();
        self.update(edits, stop, timings)
    }

    /// Takes in edited pages (page id, new analysis); `false`, and nothing
    /// changed, when that changes the vocabulary and no compounds are kept
    /// for it (a build's index), so the site-wide steps must run.
    fn update(
        &mut self,
        edits: Vec<(u32, Analyzed)>,
        stop: &HashSet<String>,
        timings: &mut crate::Timings,
    ) -> bool {
        if edits.is_empty() {
            return true;
        }
        let started = std::time::Instant::now();
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
        let used_before = |form: &str| self.forms.get(form).map_or(0, |e| i64::from(e.1));
        let added: BTreeSet<String> = uses
            .iter()
            .filter(|(form, d)| used_before(form) == 0 && **d > 0)
            .map(|(form, _)| form.clone())
            .collect();
        let removed: BTreeSet<String> = uses
            .iter()
            .filter(|(form, d)| used_before(form) > 0 && used_before(form) + **d == 0)
            .map(|(form, _)| form.clone())
            .collect();
        let mut parts_moved = BTreeSet::new();
        // Other pages whose compounds' parts changed with the vocabulary.
        let mut also: BTreeSet<u32> = BTreeSet::new();
        if !added.is_empty() || !removed.is_empty() {
            let Some(tracker) = self.compounds.tracker() else {
                return false;
            };
            let moved = tracker.update(&added, &removed);
            let edited: HashSet<u32> = edits.iter().map(|(doc, _)| *doc).collect();
            for word in &moved.compounds {
                // A page using the word has its stem.
                let Some((stem, _)) = self.forms.get(word).filter(|e| e.1 > 0) else {
                    continue;
                };
                for p in self.postings.get(stem).into_iter().flatten() {
                    if !edited.contains(&p.doc)
                        && self.pages[p.doc as usize].forms.contains_key(word.as_str())
                    {
                        also.insert(p.doc);
                    }
                }
            }
            parts_moved = moved.parts;
        }
        // The changed pages: an edited one with its new analysis, another
        // one with its analysis as it was; each with its extra stems.
        let mut changes: Vec<(u32, Option<Analyzed>, BTreeMap<String, analyze::Term>)> = edits
            .into_iter()
            .map(|(doc, a)| {
                let extra = analyze::extras(&a, self.compounds.map(), &self.synonyms);
                (doc, Some(a), extra)
            })
            .collect();
        changes.extend(also.into_iter().map(|doc| {
            let extra = analyze::extras(
                &self.pages[doc as usize],
                self.compounds.map(),
                &self.synonyms,
            );
            (doc, None, extra)
        }));
        // Every stem of the changed pages, before and after.
        let mut stems: BTreeSet<String> = BTreeSet::new();
        for (doc, new, extra) in &changes {
            let d = *doc as usize;
            stems.extend(self.pages[d].terms.keys().map(|s| s.to_string()));
            stems.extend(self.extras[d].keys().cloned());
            if let Some(new) = new {
                stems.extend(new.terms.keys().map(|s| s.to_string()));
            }
            stems.extend(extra.keys().cloned());
        }
        let df_before: Vec<Option<u32>> = stems
            .iter()
            .map(|s| self.stats.df.get(s.as_str()).copied())
            .collect();
        let mut filters_changed = false;
        let mut docs_changed = Vec::new();
        for (doc, new, extra) in changes {
            let d = doc as usize;
            self.stats
                .add(&score::Scored::new(&self.pages[d], &self.extras[d]), -1);
            let analyzed = new.as_ref().unwrap_or(&self.pages[d]);
            self.stats.add(&score::Scored::new(analyzed, &extra), 1);
            if let Some(new) = new {
                let was = &self.pages[d].doc;
                filters_changed |= was.kind != new.doc.kind || was.filters != new.doc.filters;
                self.pages[d] = new;
            }
            self.extras[d] = extra;
            docs_changed.push(doc);
        }
        // Lists whose pages' scores all move (their frequency changed); with
        // the lists an edited page joined or left, they are written whole.
        let rescore: Vec<String> = stems
            .iter()
            .zip(&df_before)
            .filter(|(s, before)| self.stats.df.get(s.as_str()) != before.as_ref())
            .map(|(s, _)| s.clone())
            .collect();
        for s in &rescore {
            if self.stats.df.get(s.as_str()) == Some(&0) {
                self.stats.df.remove(s.as_str());
            }
        }
        let mut whole: BTreeSet<String> = rescore.iter().cloned().collect();
        for (form, d) in &uses {
            match self.forms.get_mut(form) {
                Some(entry) => entry.1 = (i64::from(entry.1) + d) as u32,
                None => {
                    let stem = words::stem(form).into_owned();
                    self.forms.insert(form.clone(), (stem, *d as u32));
                }
            }
        }
        // A word no page uses stays a known form only as a synonym's word
        // or a compound's part (as the site-wide steps have it).
        let mut forms_changed: BTreeSet<String> = uses.into_keys().collect();
        for word in removed.iter().chain(&parts_moved) {
            let unused = self.forms.get(word).is_none_or(|e| e.1 == 0);
            let is_part = self.compounds.is_part(word);
            let extra_word = !stop.contains(word) && (self.synonym_words.contains(word) || is_part);
            if unused && !extra_word {
                self.forms.remove(word);
            } else if unused {
                let stem = words::stem(word).into_owned();
                self.forms.entry(word.clone()).or_insert((stem, 0));
            }
            forms_changed.insert(word.clone());
        }
        timings.record("search:update:stats", started.elapsed());
        let started = std::time::Instant::now();
        let scored: Vec<(u32, score::Scored)> = docs_changed
            .iter()
            .map(|&doc| {
                let d = doc as usize;
                (doc, score::Scored::new(&self.pages[d], &self.extras[d]))
            })
            .collect();
        // The changed pages' postings, then whole lists whose frequency changed.
        for stem in &stems {
            let list_of = self.postings.entry(stem.clone()).or_default();
            for (doc, page) in &scored {
                let doc = *doc;
                let at = list_of.binary_search_by_key(&doc, |p| p.doc);
                match (at, self.stats.posting(page, doc, stem)) {
                    (Ok(i), Some(p)) => list_of[i] = p,
                    (Ok(i), None) => {
                        list_of.remove(i);
                        whole.insert(stem.clone());
                    }
                    (Err(i), Some(p)) => {
                        list_of.insert(i, p);
                        whole.insert(stem.clone());
                    }
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
                    *p = self.stats.rescored(p, stem);
                }
            }
        }
        timings.record("search:update:postings", started.elapsed());
        timings.measure("search:update:files", || {
            let docs: Vec<&Doc> = self.pages.iter().map(|a| &*a.doc).collect();
            self.layout.update(
                &docs,
                &self.postings,
                &self.forms,
                &stems,
                &whole,
                &forms_changed,
                &docs_changed,
                filters_changed,
            );
        });
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
        .map(|(a, extra)| score::Scored::new(a, extra))
        .collect()
}

/// The address of the page written to `path` (`cases/x/index.html` → `/cases/x/`).
#[cfg(test)]
fn url_of(base: &str, path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("{base}/{dir}"),
        None => format!("{base}/{path}"),
    }
}

#[cfg(test)]
mod tests;
