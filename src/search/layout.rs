//! The index as files under `soeg-indeks/`, so a query loads only what it
//! needs:
//! - `indeks.json`: page count, chunk size, the dictionary shards that exist;
//! - `ord/<xx>.json`: the word forms starting with `xx` (stem, frequency) and
//!   the posting lists of the stems starting with `xx`, inline when short;
//! - `post/<xx>-<n>.json`: a long posting list of its own;
//! - `sider/<n>.json`: result data (URL, title, kind, summary, section texts)
//!   for `CHUNK` pages, fetched only for results on screen;
//! - `filtre-<navn>.json`: per filter value, the pages that have it.
//!
//! Posting lists are page ids as deltas, scores and best sections. Maps are
//! `BTreeMap`s, so the bytes are the same on every build.

use std::collections::BTreeMap;

use serde::Serialize;

use super::extract::Doc;
use super::score::Posting;
use super::words::{file_name, shard_key};
use crate::render::Output;

/// The folder of the index (a reserved slug, so no page can take it).
pub const DIR: &str = crate::site_map::SEARCH_INDEX;
/// Pages per result-data file: few files, and little to fetch per result.
pub const CHUNK: usize = 4;
/// Posting lists of more pages than this get a file of their own, so a
/// shard stays small for completions and "Mente du".
const INLINE_MAX: usize = 48;

/// `[doc deltas, scores, sections]`.
type List = (Vec<u32>, Vec<u32>, Vec<u16>);

#[derive(Serialize)]
#[serde(untagged)]
enum Stem {
    Inline(u32, List),
    File(u32, String),
}

#[derive(Serialize, Default)]
struct Shard {
    /// Word form → (stem, how often the site uses it).
    f: BTreeMap<String, (String, u32)>,
    /// Stem → its posting list or the file that holds it.
    s: BTreeMap<String, Stem>,
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    sider: usize,
    klump: usize,
    ord: Vec<String>,
    filtre: BTreeMap<&'a str, String>,
}

fn list(postings: &[Posting]) -> List {
    let mut last = 0;
    let mut out: List = Default::default();
    for p in postings {
        out.0.push(p.doc - last);
        last = p.doc;
        out.1.push(p.score);
        out.2.push(p.section);
    }
    out
}

fn json(path: String, value: &impl Serialize) -> Output {
    Output {
        path,
        // Serialising maps of strings and numbers cannot fail.
        bytes: serde_json::to_vec(value).unwrap_or_default(),
    }
}

/// All the files of the index, sorted by path.
pub fn files(
    docs: &[&Doc],
    postings: &BTreeMap<String, Vec<Posting>>,
    forms: &BTreeMap<String, (String, u32)>,
) -> Vec<Output> {
    let mut out = Vec::new();
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for (form, entry) in forms {
        shards
            .entry(shard_key(form))
            .or_default()
            .f
            .insert(form.clone(), entry.clone());
    }
    let mut files_per_shard: BTreeMap<String, usize> = BTreeMap::new();
    for (stem, list_of) in postings {
        let key = shard_key(stem);
        let n = list_of.len() as u32;
        let entry = if list_of.len() <= INLINE_MAX {
            Stem::Inline(n, list(list_of))
        } else {
            let count = files_per_shard.entry(key.clone()).or_default();
            let name = format!("{}-{}", file_name(&key), count);
            *count += 1;
            out.push(json(format!("{DIR}/post/{name}.json"), &list(list_of)));
            Stem::File(n, name)
        };
        shards.entry(key).or_default().s.insert(stem.clone(), entry);
    }
    let mut names = Vec::new();
    for (key, shard) in &shards {
        let name = file_name(key);
        out.push(json(format!("{DIR}/ord/{name}.json"), shard));
        names.push(name);
    }
    names.sort();
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let pages: Vec<_> = chunk
            .iter()
            .map(|d| {
                let sections: Vec<(&str, &str, &str)> = d
                    .sections
                    .iter()
                    .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
                    .collect();
                (&d.url, &d.title, &d.kind, &d.summary, sections)
            })
            .collect();
        out.push(json(format!("{DIR}/sider/{n}.json"), &pages));
    }
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
        out.push(json(format!("{DIR}/{file}"), &deltas));
        filter_files.insert(*name, file);
    }
    let meta = Meta {
        v: 1,
        sider: docs.len(),
        klump: CHUNK,
        ord: names,
        filtre: filter_files,
    };
    out.push(json(format!("{DIR}/indeks.json"), &meta));
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
