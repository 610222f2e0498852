//! The index's files kept by path: made whole, or patched after an edit
//! with only what changed handed on.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    CHUNK, DIR, HEAD, Kept, Meta, bytes, level, lookup_count, lookup_file, lookup_of, lookup_path,
    page_file, patch_level, rank, shard, stem_entry,
};
use crate::render::Output;
use crate::search::extract::Doc;
use crate::search::score::Posting;
use crate::search::words::{file_name, shard_key, stem};

/// Word forms → (stem, frequency).
type Forms = BTreeMap<String, (String, u32)>;

/// The files of the index by path, kept between rebuilds in `serve`, so an
/// edit re-renders only the stems, shards and pages it touched, and hands
/// on only the files whose bytes changed.
#[derive(Default)]
pub struct Layout {
    files: BTreeMap<String, Arc<[u8]>>,
    /// What is kept of each stem whose list has files of its own.
    kept: HashMap<String, Kept>,
    /// Files written or removed since the changes were last taken.
    changed: BTreeSet<String>,
    removed: BTreeSet<String>,
    /// A file at a new path was written since then.
    grew: bool,
    /// How many entries had levels patched rather than made anew.
    pub(in crate::search) patches: usize,
    /// Each stem's entry in the lookup files of its forms (JSON).
    entries: HashMap<String, Arc<[u8]>>,
    /// The word forms of each stem, as the lookup files name them.
    stem_forms: HashMap<String, BTreeSet<String>>,
    /// The number of lookup files.
    lookups: usize,
    /// The stems in each lookup file.
    file_stems: Vec<BTreeSet<String>>,
}

/// A stem's entry after an edit.
enum Done {
    /// The entry of a split list with the edited pages' levels patched.
    Patched(String, Vec<u8>),
    /// Nothing changed in the stem's entry.
    Unchanged,
    /// The stem's entry (`None`: removed) and what is kept of it.
    Written(String, Option<Vec<u8>>, Option<Kept>),
}

/// What changed in the index since the last hand-over.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    /// The files are the whole index (after a site-wide run): drop every
    /// other index file.
    pub complete: bool,
    /// New or changed files, sorted by path (shared with the index, not copied).
    pub files: Vec<(String, Arc<[u8]>)>,
    /// Files no longer in the index.
    pub removed: Vec<String>,
    /// Some file is at a path the index didn't have (not only changed).
    pub added: bool,
}

impl Layout {
    /// Every file of the index.
    pub fn new(docs: &[&Doc], postings: &BTreeMap<String, Vec<Posting>>, forms: &Forms) -> Layout {
        let stems: Vec<(&String, &Vec<Posting>)> = postings.iter().collect();
        let made: Vec<(String, Vec<u8>, Option<Kept>)> = stems
            .par_iter()
            .map(|(stem, list_of)| {
                let (entry, kept) = stem_entry(stem, list_of, docs, forms, None, &|_| true);
                (stem.to_string(), entry, kept)
            })
            .collect();
        let mut files: BTreeMap<String, Arc<[u8]>> = BTreeMap::new();
        let mut kept = HashMap::new();
        let mut entries = HashMap::new();
        for (stem, entry, stem_kept) in made {
            if let Some(k) = stem_kept {
                kept.insert(stem.clone(), k);
            }
            entries.insert(stem, Arc::from(entry));
        }
        let keys: BTreeSet<String> = forms.keys().map(|k| shard_key(k)).collect();
        let keys: Vec<String> = keys.into_iter().collect();
        files.par_extend(keys.par_iter().map(|key| {
            let path = format!("{DIR}/ord/{}.json", file_name(key));
            (path, Arc::from(shard(key, forms)))
        }));
        files.par_extend((0..docs.len().div_ceil(CHUNK)).into_par_iter().map(|n| {
            let (path, bytes) = page_file(n, docs);
            (path, Arc::from(bytes))
        }));
        let mut stem_forms: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (form, (stem, _)) in forms {
            stem_forms
                .entry(stem.clone())
                .or_default()
                .insert(form.clone());
        }
        let mut layout = Layout {
            files,
            kept,
            entries,
            stem_forms,
            ..Layout::default()
        };
        layout.lookups = layout.lookup_count();
        layout.write_lookups(None);
        layout.site_wide(docs);
        layout
    }

    /// The number of lookup files, from how many stems have long lists
    /// (those with something kept).
    fn lookup_count(&self) -> usize {
        let long = self
            .stem_forms
            .keys()
            .filter(|stem| self.kept.contains_key(*stem))
            .count();
        lookup_count(long, self.stem_forms.len() - long)
    }

    /// Writes the lookup files numbered `only`, or all of them (placing
    /// every stem anew) when `None`.
    fn write_lookups(&mut self, only: Option<&BTreeSet<usize>>) {
        let count = self.lookups;
        if only.is_none() {
            self.file_stems = vec![BTreeSet::new(); count];
            for stem in self.stem_forms.keys() {
                self.file_stems[lookup_of(stem, count)].insert(stem.clone());
            }
        }
        let numbers: Vec<usize> = match only {
            Some(only) => only.iter().copied().filter(|&n| n < count).collect(),
            None => (0..count).collect(),
        };
        let made: Vec<(usize, Vec<u8>)> = numbers
            .par_iter()
            .map(|&n| {
                let in_file = &self.file_stems[n];
                (n, lookup_file(in_file, &self.stem_forms, &self.entries))
            })
            .collect();
        for (n, bytes) in made {
            self.put(lookup_path(n), bytes);
        }
    }

    /// Stores a file, noting it as changed when its bytes did.
    fn put(&mut self, path: String, bytes: Vec<u8>) {
        if self.files.get(&path).is_none_or(|had| **had != *bytes) {
            self.removed.remove(&path);
            self.changed.insert(path.clone());
            self.grew |= self.files.insert(path, Arc::from(bytes)).is_none();
        }
    }

    /// Removes a file, noting it as removed.
    fn remove(&mut self, path: &str) {
        if self.files.remove(path).is_some() {
            self.changed.remove(path);
            self.removed.insert(path.to_string());
        }
    }

    /// The files changed and removed since the last call (or since
    /// [`Layout::forget_changes`]).
    pub fn take_changes(&mut self) -> Changes {
        let files = std::mem::take(&mut self.changed)
            .into_iter()
            .filter_map(|path| {
                let bytes = Arc::clone(self.files.get(&path)?);
                Some((path, bytes))
            })
            .collect();
        Changes {
            complete: false,
            files,
            removed: std::mem::take(&mut self.removed).into_iter().collect(),
            added: std::mem::take(&mut self.grew),
        }
    }

    /// Forgets the changes so far (the caller took every file).
    pub fn forget_changes(&mut self) {
        self.changed.clear();
        self.removed.clear();
        self.grew = false;
    }

    /// The paths of the index's files.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// After an edit: re-renders the entries of `stems` (and the lookup
    /// files that hold them), the shards and lookup files of `forms` that
    /// came, went or changed counts, and the result data of the pages
    /// `docs_changed`; the filter files when `filters_changed`. A stem not
    /// in `whole` (its list has the same pages, and only the edited pages'
    /// scores moved) whose edited pages were and stay in the rest of a
    /// split list, with the rest's best score as it was, has just their
    /// levels patched in its entry.
    #[allow(clippy::too_many_arguments)]
    pub fn update(
        &mut self,
        docs: &[&Doc],
        postings: &BTreeMap<String, Vec<Posting>>,
        forms: &Forms,
        stems: &BTreeSet<String>,
        whole: &BTreeSet<String>,
        forms_changed: &BTreeSet<String>,
        docs_changed: &[u32],
        filters_changed: bool,
    ) {
        let mut edited = docs_changed.to_vec();
        edited.sort_unstable();
        let done = self.entries_after(docs, postings, forms, stems, whole, &edited);
        // Stems whose entry or word forms changed: their lookup files.
        let (mut dirty, mut recount) = self.take_in(done);
        let (forms_dirty, forms_recount) = self.forms_after(forms, forms_changed);
        dirty.extend(forms_dirty);
        recount |= forms_recount;
        let recounted = self.rewrite_lookups(&dirty, recount);
        let shards_before = self.shard_paths();
        let keys: BTreeSet<String> = forms_changed.iter().map(|k| shard_key(k)).collect();
        for key in keys {
            let path = format!("{DIR}/ord/{}.json", file_name(&key));
            // The last word of a shard gone: so is its file.
            if super::starting_with(forms, &key).next().is_none() {
                self.remove(&path);
            } else {
                self.put(path, shard(&key, forms));
            }
        }
        let chunks: BTreeSet<usize> = docs_changed.iter().map(|&d| d as usize / CHUNK).collect();
        for n in chunks {
            let (path, bytes) = page_file(n, docs);
            self.put(path, bytes);
        }
        if filters_changed || recounted || self.shard_paths() != shards_before {
            self.site_wide(docs);
        }
    }

    /// Each stem's entry after an edit, patched where only levels moved.
    fn entries_after(
        &self,
        docs: &[&Doc],
        postings: &BTreeMap<String, Vec<Posting>>,
        forms: &Forms,
        stems: &BTreeSet<String>,
        whole: &BTreeSet<String>,
        edited: &[u32],
    ) -> Vec<Done> {
        let fresh = |doc: u32| edited.binary_search(&doc).is_ok();
        let stems_in: Vec<&String> = stems.iter().collect();
        stems_in
            .par_iter()
            .map(|stem| {
                let list_of = postings.get(*stem);
                let kept = self.kept.get(*stem);
                if let (Some(list_of), Some(kept), Some(entry)) =
                    (list_of, kept, self.entries.get(*stem))
                    && !whole.contains(*stem)
                    && let Some(patched) = patched(list_of, kept, entry, edited)
                {
                    return match patched {
                        Some(entry) => Done::Patched(stem.to_string(), entry),
                        None => Done::Unchanged,
                    };
                }
                match list_of {
                    Some(list_of) => {
                        let (entry, kept) = stem_entry(stem, list_of, docs, forms, kept, &fresh);
                        Done::Written(stem.to_string(), Some(entry), kept)
                    }
                    None => Done::Written(stem.to_string(), None, None),
                }
            })
            .collect()
    }

    /// Takes in the stems' new entries: the stems whose entry changed, and
    /// whether a list became long or short (the number of lookup files may
    /// change).
    fn take_in(&mut self, done: Vec<Done>) -> (BTreeSet<String>, bool) {
        let mut dirty: BTreeSet<String> = BTreeSet::new();
        let mut recount = false;
        for done in done {
            match done {
                // What was kept of the list stays.
                Done::Patched(stem, entry) => {
                    self.patches += 1;
                    self.entries.insert(stem.clone(), Arc::from(entry));
                    dirty.insert(stem);
                }
                Done::Unchanged => {}
                Done::Written(stem, entry, kept) => {
                    let was_long = match kept {
                        Some(kept) => self.kept.insert(stem.clone(), kept).is_some(),
                        None => self.kept.remove(&stem).is_some(),
                    };
                    recount |= was_long != self.kept.contains_key(&stem);
                    let changed = match entry {
                        Some(entry) => {
                            let same = self.entries.get(&stem).is_some_and(|e| **e == *entry);
                            if !same {
                                self.entries.insert(stem.clone(), Arc::from(entry));
                            }
                            !same
                        }
                        None => self.entries.remove(&stem).is_some(),
                    };
                    if changed {
                        dirty.insert(stem);
                    }
                }
            }
        }
        (dirty, recount)
    }

    /// Takes in word forms that came or went: the stems whose forms
    /// changed, and whether a stem came or went (the number of lookup files
    /// may change).
    fn forms_after(
        &mut self,
        forms: &Forms,
        forms_changed: &BTreeSet<String>,
    ) -> (BTreeSet<String>, bool) {
        let mut dirty: BTreeSet<String> = BTreeSet::new();
        let mut recount = false;
        for form in forms_changed {
            // A form's stem is always `stem(form)`: a form that went is found
            // under it.
            let stem = forms
                .get(form)
                .map_or_else(|| stem(form).into_owned(), |e| e.0.clone());
            let known = self.stem_forms.get(&stem).is_some_and(|s| s.contains(form));
            match (forms.contains_key(form), known) {
                (true, false) => {
                    let set = self.stem_forms.entry(stem.clone()).or_default();
                    // A new stem: the number of lookup files may change.
                    recount |= set.is_empty();
                    set.insert(form.clone());
                }
                (false, true) => {
                    if let Some(set) = self.stem_forms.get_mut(&stem) {
                        set.remove(form);
                        if set.is_empty() {
                            self.stem_forms.remove(&stem);
                            recount = true;
                        }
                    }
                }
                // Only its frequency changed: the lookup files don't have it.
                _ => continue,
            }
            dirty.insert(stem);
        }
        (dirty, recount)
    }

    /// Writes the lookup files of the `dirty` stems, or all of them when
    /// their number changed (`recount` asks to count them again); whether it
    /// changed.
    fn rewrite_lookups(&mut self, dirty: &BTreeSet<String>, recount: bool) -> bool {
        let count = if recount {
            self.lookup_count()
        } else {
            self.lookups
        };
        if count != self.lookups {
            for n in count..self.lookups {
                self.remove(&lookup_path(n));
            }
            self.lookups = count;
            self.write_lookups(None);
            return true;
        }
        let mut lookups: BTreeSet<usize> = BTreeSet::new();
        for stem in dirty {
            let n = lookup_of(stem, count);
            if let Some(in_file) = self.file_stems.get_mut(n) {
                if self.stem_forms.contains_key(stem) {
                    in_file.insert(stem.clone());
                } else {
                    in_file.remove(stem);
                }
            }
            lookups.insert(n);
        }
        self.write_lookups(Some(&lookups));
        false
    }

    /// The paths of the dictionary shards (`indeks.json` names them).
    fn shard_paths(&self) -> Vec<String> {
        let ord = format!("{DIR}/ord/");
        self.files
            .range(ord.clone()..)
            .take_while(|(p, _)| p.starts_with(&ord))
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// The filter files and `indeks.json`, from all pages (a few ms).
    fn site_wide(&mut self, docs: &[&Doc]) {
        let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            let i = i as u32;
            if !d.kind.is_empty() {
                filters
                    .entry("type")
                    .or_default()
                    .entry(&d.kind)
                    .or_default()
                    .push(i);
            }
            for (name, value) in &d.filters {
                let ids = filters.entry(name).or_default().entry(value).or_default();
                if ids.last() != Some(&i) {
                    ids.push(i);
                }
            }
        }
        let stale: Vec<String> = self
            .files
            .range(format!("{DIR}/filtre-")..)
            .take_while(|(p, _)| p.starts_with(&format!("{DIR}/filtre-")))
            .map(|(p, _)| p.clone())
            .collect();
        let mut stale: BTreeSet<String> = stale.into_iter().collect();
        let mut filter_files = BTreeMap::new();
        for (name, values) in &filters {
            let file = format!("filtre-{}.json", file_name(name));
            let deltas: BTreeMap<&str, Vec<u32>> = values
                .iter()
                .map(|(v, ids)| {
                    let mut last = 0;
                    let d = ids
                        .iter()
                        .map(|&i| {
                            let d = i - last;
                            last = i;
                            d
                        })
                        .collect();
                    (*v, d)
                })
                .collect();
            let path = format!("{DIR}/{file}");
            stale.remove(&path);
            self.put(path, bytes(&deltas));
            filter_files.insert(*name, file);
        }
        for path in stale {
            self.remove(&path);
        }
        let ord = format!("{DIR}/ord/");
        let names: Vec<String> = self
            .files
            .range(ord.clone()..)
            .map_while(|(p, _)| p.strip_prefix(&ord)?.strip_suffix(".json"))
            .map(str::to_string)
            .collect();
        let meta = Meta {
            v: super::FORMAT,
            sider: docs.len(),
            klump: CHUNK,
            ord: names,
            opslag: self.lookups,
            filtre: filter_files,
        };
        self.put(format!("{DIR}/indeks.json"), bytes(&meta));
    }

    /// The files, sorted by path, shared.
    pub fn shared(&self) -> Vec<(String, Arc<[u8]>)> {
        self.files
            .iter()
            .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
            .collect()
    }

    /// The files, sorted by path, as outputs (a copy of each).
    pub fn outputs(&self) -> Vec<Output> {
        self.files
            .iter()
            .map(|(path, bytes)| Output {
                path: path.clone(),
                bytes: bytes.to_vec(),
            })
            .collect()
    }

    /// The files, sorted by path, as outputs; each is copied as it is
    /// taken, so the index is not held twice.
    pub fn into_outputs(self) -> Vec<Output> {
        self.files
            .into_iter()
            .map(|(path, bytes)| Output {
                path,
                bytes: bytes.to_vec(),
            })
            .collect()
    }
}

/// The entry of a split list with the levels of the pages `edited` (sorted)
/// patched, when that is all that changed: each such page of the list was
/// and stays in the rest, and the rest's best score stays (so every other
/// level and the head are as they were); `Some(None)` when no level
/// changed. `None` when the entry must be made anew.
fn patched(
    list_of: &[Posting],
    kept: &Kept,
    entry: &[u8],
    edited: &[u32],
) -> Option<Option<Vec<u8>>> {
    if kept.head.is_empty() || list_of.len() <= HEAD {
        return None;
    }
    let mut bytes: Option<Vec<u8>> = None;
    let mut best_may_move = false;
    for &doc in edited {
        let Ok(at) = list_of.binary_search_by_key(&doc, |p| p.doc) else {
            continue;
        };
        let p = list_of[at];
        if kept.head.binary_search(&doc).is_ok() || rank(&p) >= kept.weakest {
            return None;
        }
        best_may_move |= p.score > kept.rest_best;
        let i = at - kept.head.partition_point(|&h| h < doc);
        let current: &[u8] = bytes.as_deref().unwrap_or(entry);
        let (patched, old) = patch_level(current, i, level(p.score, kept.rest_best))?;
        // The page may have been the rest's best: its level says so.
        best_may_move |= old == 255;
        if patched != current {
            bytes = Some(patched);
        }
    }
    if best_may_move {
        let best = list_of
            .iter()
            .filter(|p| kept.head.binary_search(&p.doc).is_err())
            .map(|p| p.score)
            .max();
        if best != Some(kept.rest_best) {
            return None;
        }
    }
    Some(bytes)
}
