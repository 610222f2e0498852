//! The index's files kept by path: made whole, or patched after an edit
//! with only what changed handed on.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::{CHUNK, DIR, Meta, bytes, page_file, post_name, shard, stem_entry};
use crate::render::Output;
use crate::search::extract::Doc;
use crate::search::score::Posting;
use crate::search::words::{file_name, shard_key};

/// The files of the index by path, kept between rebuilds in `serve`, so an
/// edit re-renders only the stems, shards and pages it touched, and hands
/// on only the files whose bytes changed.
#[derive(Default)]
pub struct Layout {
    files: BTreeMap<String, Vec<u8>>,
    /// Files written or removed since the changes were last taken.
    changed: BTreeSet<String>,
    removed: BTreeSet<String>,
    /// A file at a new path was written since then.
    grew: bool,
}

/// What changed in the index since the last hand-over.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    /// The files are the whole index (after a site-wide run): drop every
    /// other index file.
    pub complete: bool,
    /// New or changed files, sorted by path.
    pub files: Vec<Output>,
    /// Files no longer in the index.
    pub removed: Vec<String>,
    /// Some file is at a path the index didn't have (not only changed).
    pub added: bool,
}

impl Layout {
    /// Every file of the index.
    pub fn new(
        docs: &[&Doc],
        postings: &BTreeMap<String, Vec<Posting>>,
        forms: &BTreeMap<String, (String, u32)>,
    ) -> Layout {
        let stems: Vec<(&String, &Vec<Posting>)> = postings.iter().collect();
        let mut files: BTreeMap<String, Vec<u8>> = stems
            .par_iter()
            .flat_map_iter(|(stem, list_of)| stem_entry(stem, list_of, docs, forms).1)
            .collect();
        let keys: BTreeSet<String> = forms
            .keys()
            .chain(postings.keys())
            .map(|k| shard_key(k))
            .collect();
        let keys: Vec<String> = keys.into_iter().collect();
        files.par_extend(keys.par_iter().map(|key| {
            let path = format!("{DIR}/ord/{}.json", file_name(key));
            (path, shard(key, postings, forms))
        }));
        files.par_extend(
            (0..docs.len().div_ceil(CHUNK))
                .into_par_iter()
                .map(|n| page_file(n, docs)),
        );
        let mut layout = Layout {
            files,
            ..Layout::default()
        };
        layout.site_wide(docs);
        layout
    }

    /// Stores a file, noting it as changed when its bytes did.
    fn put(&mut self, path: String, bytes: Vec<u8>) {
        if self.files.get(&path) != Some(&bytes) {
            self.removed.remove(&path);
            self.changed.insert(path.clone());
            self.grew |= self.files.insert(path, bytes).is_none();
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
                let bytes = self.files.get(&path)?.clone();
                Some(Output { path, bytes })
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

    /// After an edit: re-renders the posting files of `stems`, the shards of
    /// `stems` and `forms` (changed lists or counts), and the result data of
    /// the pages `docs_changed`. The shards that exist must be the same.
    pub fn update(
        &mut self,
        docs: &[&Doc],
        postings: &BTreeMap<String, Vec<Posting>>,
        forms: &BTreeMap<String, (String, u32)>,
        stems: &BTreeSet<String>,
        forms_changed: &BTreeSet<String>,
        docs_changed: &[u32],
    ) {
        for stem in stems {
            let name = post_name(stem);
            let files = postings
                .get(stem)
                .map(|list_of| stem_entry(stem, list_of, docs, forms).1)
                .unwrap_or_default();
            for path in [
                format!("{DIR}/post/{name}.json"),
                format!("{DIR}/post/{name}-hale.json"),
            ] {
                if !files.iter().any(|(p, _)| *p == path) {
                    self.remove(&path);
                }
            }
            for (path, bytes) in files {
                self.put(path, bytes);
            }
        }
        let keys: BTreeSet<String> = stems
            .iter()
            .chain(forms_changed)
            .map(|k| shard_key(k))
            .collect();
        for key in keys {
            let path = format!("{DIR}/ord/{}.json", file_name(&key));
            self.put(path, shard(&key, postings, forms));
        }
        let chunks: BTreeSet<usize> = docs_changed.iter().map(|&d| d as usize / CHUNK).collect();
        for n in chunks {
            let (path, bytes) = page_file(n, docs);
            self.put(path, bytes);
        }
        self.site_wide(docs);
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
            v: 2,
            sider: docs.len(),
            klump: CHUNK,
            ord: names,
            filtre: filter_files,
        };
        self.put(format!("{DIR}/indeks.json"), bytes(&meta));
    }

    /// The files, sorted by path.
    pub fn outputs(&self) -> Vec<Output> {
        self.files
            .iter()
            .map(|(path, bytes)| Output {
                path: path.clone(),
                bytes: bytes.clone(),
            })
            .collect()
    }

    /// The files, sorted by path, without a copy.
    pub fn into_outputs(self) -> Vec<Output> {
        self.files
            .into_iter()
            .map(|(path, bytes)| Output { path, bytes })
            .collect()
    }
}
