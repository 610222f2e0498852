//! The index's files kept by path: made whole, or patched after an edit
//! with only what changed handed on.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

mod edit;

use super::{
    CHUNK, DIR, Kept, Meta, bytes, lookup_count, lookup_file, lookup_of, lookup_path, page_file,
    shard, stem_entry,
};
use crate::render::Output;
use crate::search::Doc;
use crate::search::score::Posting;
use crate::search::words::{file_name, shard_key};

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
    /// Each filter's name → its file's name, as `indeks.json` lists them.
    filters: BTreeMap<String, String>,
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
        layout.write_filters(docs);
        layout.write_meta(docs.len());
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

    /// The paths of the dictionary shards (`indeks.json` names them).
    fn shard_paths(&self) -> Vec<String> {
        let ord = format!("{DIR}/ord/");
        self.files
            .range(ord.clone()..)
            .take_while(|(p, _)| p.starts_with(&ord))
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// The filter files, from all pages (several ms at 10,000 pages: only
    /// when a page's kind or filter values changed).
    fn write_filters(&mut self, docs: &[&Doc]) {
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
            filter_files.insert(name.to_string(), file);
        }
        for path in stale {
            self.remove(&path);
        }
        self.filters = filter_files;
    }

    /// `indeks.json`, for `pages` pages: the format, the word shards, the
    /// number of lookup files and the filter files.
    fn write_meta(&mut self, pages: usize) {
        let ord = format!("{DIR}/ord/");
        let names: Vec<String> = self
            .files
            .range(ord.clone()..)
            .map_while(|(p, _)| p.strip_prefix(&ord)?.strip_suffix(".json"))
            .map(str::to_string)
            .collect();
        let meta = Meta {
            v: super::FORMAT,
            sider: pages,
            klump: CHUNK,
            ord: names,
            opslag: self.lookups,
            filtre: self
                .filters
                .iter()
                .map(|(name, file)| (name.as_str(), file.clone()))
                .collect(),
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
                searchable: None,
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
                searchable: None,
            })
            .collect()
    }
}
