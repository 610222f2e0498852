//! The index after an edit: only the entries, lookup files, shards and
//! page files the edit touched are made again, and a long list whose edited
//! pages only moved within its rest has just their levels patched.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Forms, Layout};
use crate::search::Doc;
use crate::search::layout::{
    CHUNK, DIR, HEAD, Kept, level, lookup_of, lookup_path, page_file, patch_level, rank, shard,
    starting_with, stem_entry,
};
use crate::search::score::Posting;
use crate::search::words::{file_name, shard_key, stem};

/// A stem's entry after an edit.
enum Done {
    /// The entry of a split list with the edited pages' levels patched.
    Patched(String, Vec<u8>),
    /// Nothing changed in the stem's entry.
    Unchanged,
    /// The stem's entry (`None`: removed) and what is kept of it.
    Written(String, Option<Vec<u8>>, Option<Kept>),
}

impl Layout {
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
            if starting_with(forms, &key).next().is_none() {
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
        if filters_changed {
            self.write_filters(docs);
        }
        if filters_changed || recounted || self.shard_paths() != shards_before {
            self.write_meta(docs.len());
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
