//! The index as files under `soeg-indeks/`, so a query loads only what it
//! needs, in as few round trips as can be:
//! - `indeks.json`: page count, chunk size, the dictionary shards that
//!   exist, the number of lookup files;
//! - `opslag/<n>.json`: the lookup file of each word form whose hash
//!   (FNV-1a of its UTF-8 bytes, search.js computes the same) falls in
//!   bucket `n`: its stem, the stem's word forms (to mark), and the stem's
//!   posting list, inline when short, or a long list's first part, so a
//!   word the site has as typed costs one request. A long list of more
//!   than `HEAD` pages is impact-ordered: the first part holds its `HEAD`
//!   best-scoring pages, the highest score of the rest and which pages the
//!   rest are (a bitmap), and `post/<stem>-hale.json` the rest, fetched only
//!   when the head cannot decide the results on screen; a long list's first
//!   part also holds what a result shows for the list's `SHOWN` best pages
//!   (see `shown`), so a one-word query renders without fetching `sider/`;
//! - `ord/<xx>.json`: the word forms starting with `xx` (stem, frequency),
//!   for completions while the reader types and "Mente du";
//! - `sider/<n>.json`: result data (URL, title, kind, summary, section texts)
//!   for `CHUNK` pages, fetched only for results on screen;
//! - `filtre-<navn>.json`: per filter value, the pages that have it.
//!
//! Posting lists are page ids as deltas, scores and best sections. Maps are
//! `BTreeMap`s, so the bytes are the same on every build.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::extract::Doc;
use super::score::Posting;
use super::words::{file_name, shard_key};

mod store;
pub use store::{Changes, Layout};

/// The folder of the index (a reserved slug, so no page can take it).
pub const DIR: &str = crate::site_map::SEARCH_INDEX;
/// Pages per result-data file: results are scattered over the site, so one
/// page per file fetches nothing a result on screen doesn't need.
pub const CHUNK: usize = 1;
/// A posting list of more pages than this is split into its best-scoring
/// `HEAD` pages and the rest. The head decides the first results of a query
/// with common words in most cases (the bound on the rest proves it), so a
/// first query doesn't fetch common words' whole lists.
pub const HEAD: usize = 200;
/// Posting lists of more pages than this are long: they get what a result
/// shows for their best pages, and a long list's rest a file of its own.
const INLINE_MAX: usize = 48;
/// Word forms per lookup file, about: a first query fetches a word's
/// lookup file, so the fewer other forms' lists ride along, the better,
/// and the more files the index has.
const FORMS_PER_LOOKUP: usize = 3;
/// A posting file carries the result display of this many of its best pages
/// (two screens of results: "Vis flere" once).
pub const SHOWN: usize = 10;
/// The excerpt: this many words before the first hit, this many in all (as
/// `excerpt` in search.js).
const BEFORE_HIT: usize = 8;
const EXCERPT_WORDS: usize = 30;

/// `[doc deltas, scores, sections]`.
type List = (Vec<u32>, Vec<u32>, Vec<u16>);

/// The first part of a split posting list.
#[derive(Serialize)]
struct Head<'a> {
    /// The `HEAD` best-scoring pages, in page order.
    h: List,
    /// The highest score among the other pages (all of them score less or the same).
    t: u32,
    /// The other pages, as a bitmap over page ids (bit `i % 8` of byte
    /// `i / 8`), base64: a page's count of query words is then exact.
    m: String,
    /// What a result shows for the best pages (see `shown`).
    v: Vec<Shown<'a>>,
}

/// What a result shows for a page that a stem found, without the page's
/// result file: `[page, URL, title, kind, section anchor, section heading,
/// excerpt text, ellipses]`; the excerpt is the passage the client would cut
/// from the page's texts around the stem's first word form (bit 1: text
/// precedes it, bit 2: text follows).
type Shown<'a> = (
    u32,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    u8,
);

/// Files by path.
type Files = Vec<(String, Vec<u8>)>;

/// Word forms → (stem, frequency), as in the shards.
type Forms = BTreeMap<String, (String, u32)>;

#[derive(Serialize, Default)]
struct Shard<'a> {
    /// Word form → (stem, how often the site uses it).
    f: BTreeMap<&'a str, &'a (String, u32)>,
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    sider: usize,
    klump: usize,
    ord: Vec<String>,
    opslag: usize,
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

/// A rest file (`[[deltas],[scores],[sections]]`, numbers only) with entry
/// `i`'s score and section replaced, and the score and section it had; `None` when the
/// bytes are not such a list or have no entry `i`.
fn patch_entry(bytes: &[u8], i: usize, score: u32, section: u16) -> Option<(Arc<[u8]>, u32, u16)> {
    // Each array ends at the first `]` after its start.
    let end_of = |from: usize| memchr::memchr(b']', bytes.get(from..)?).map(|e| from + e);
    let next = |end: usize| (bytes.get(end..end + 3)? == b"],[").then_some(end + 3);
    let deltas_end = end_of(2).filter(|_| bytes.starts_with(b"[["))?;
    let scores_start = next(deltas_end)?;
    let scores_end = end_of(scores_start)?;
    let sections_start = next(scores_end)?;
    let sections_end = end_of(sections_start)?;
    let element = |start: usize, end: usize| -> Option<(usize, usize)> {
        let within = &bytes[start..end];
        let from = match i {
            0 => 0,
            _ => after_comma(within, i)?,
        };
        let to = memchr::memchr(b',', &within[from..]).map_or(within.len(), |e| from + e);
        (to > from).then_some((start + from, start + to))
    };
    let (s0, s1) = element(scores_start, scores_end)?;
    let (c0, c1) = element(sections_start, sections_end)?;
    let old = std::str::from_utf8(&bytes[s0..s1]).ok()?.parse().ok()?;
    let old_section = std::str::from_utf8(&bytes[c0..c1]).ok()?.parse().ok()?;
    let mut out = Vec::with_capacity(bytes.len() + 8);
    out.extend_from_slice(&bytes[..s0]);
    out.extend_from_slice(score.to_string().as_bytes());
    out.extend_from_slice(&bytes[s1..c0]);
    out.extend_from_slice(section.to_string().as_bytes());
    out.extend_from_slice(&bytes[c1..]);
    Some((Arc::from(out), old, old_section))
}

/// The offset just after the `k`-th comma of `bytes` (`k` ≥ 1). Commas
/// are counted a block at a time (the count vectorises), then found one by
/// one in the block that holds the `k`-th: a list's entries are a few
/// bytes each, and a long one has tens of thousands.
fn after_comma(bytes: &[u8], k: usize) -> Option<usize> {
    const BLOCK: usize = 4096;
    let mut left = k;
    for (n, block) in bytes.chunks(BLOCK).enumerate() {
        let commas = block.iter().filter(|&&b| b == b',').count();
        if commas >= left {
            let at = memchr::memchr_iter(b',', block).nth(left - 1)?;
            return Some(n * BLOCK + at + 1);
        }
        left -= commas;
    }
    None
}

/// A posting's rank in its list, higher first: its score, then the lower
/// page id (as the client ranks a one-word query).
fn rank(p: &Posting) -> u64 {
    (u64::from(p.score) << 32) | u64::from(!p.doc)
}

/// The rank of the `k`-th best posting (`k` ≥ 1, at most the list's length).
fn kth_rank(postings: &[Posting], k: usize) -> u64 {
    let mut ranks: Vec<u64> = postings.iter().map(rank).collect();
    *ranks.select_nth_unstable_by(k - 1, |a, b| b.cmp(a)).1
}

/// A posting list split into its best `HEAD` pages and the rest (both in
/// page order), with the rank of the weakest head page, or `None` when it
/// is short enough to be fetched whole.
fn split(postings: &[Posting]) -> Option<(Vec<Posting>, Vec<Posting>, u64)> {
    if postings.len() <= HEAD {
        return None;
    }
    let weakest = kth_rank(postings, HEAD);
    let (head, tail) = postings.iter().partition(|p| rank(p) >= weakest);
    Some((head, tail, weakest))
}

/// The pages of `postings` as a bitmap, base64 (standard alphabet, padded).
fn bitmap(postings: &[Posting]) -> String {
    let len = postings.last().map_or(0, |p| p.doc as usize / 8 + 1);
    let mut bytes = vec![0u8; len];
    for p in postings {
        bytes[p.doc as usize / 8] |= 1 << (p.doc % 8);
    }
    base64(&bytes)
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The name of a stem's posting files: the stem itself, made safe
/// (`post/<name>.json`, and `post/<name>-hale.json` for the rest of a split
/// list), so a stem's files don't change when another stem's do.
fn post_name(stem: &str) -> String {
    let name = file_name(stem);
    // Words in other scripts spell long; keep within file-name limits.
    if name.len() <= 100 {
        name
    } else {
        format!(
            "{}-{:016x}",
            file_name(&shard_key(stem)),
            crate::fingerprint(&stem)
        )
    }
}

/// What is kept of a stem whose list has files of its own between edits
/// (`serve`): where a split list divides, so an edit that only moves a
/// page's score within the rest patches that page's entry in the rest's
/// file (see `store`), and where the excerpts of its best pages come from,
/// so they are not cut again.
#[derive(Clone, Default)]
pub(super) struct Kept {
    /// A split list's head pages, in page order (none when not split).
    head: Vec<u32>,
    /// The rank of the weakest head page.
    weakest: u64,
    /// The highest score among the rest (`t`).
    rest_best: u32,
    /// The excerpts of the best pages.
    shown: Vec<ShownAt>,
}

/// Where the excerpt of a page that a stem found comes from: the text of
/// its section `section` or its summary, bytes `start..end`, and whether
/// text precedes (bit 1) and follows (bit 2).
#[derive(Clone, Copy, Debug, PartialEq)]
struct ShownAt {
    doc: u32,
    section: u16,
    summary: bool,
    start: u32,
    end: u32,
    ends: u8,
}

/// A stem's entry in the lookup files of its forms (`[count, list]`, or
/// for a long list `[count, name, first part]`), the rest's file of a
/// split list, and what is kept of them; the excerpts `old` kept serve
/// again for pages that `fresh` does not name (pages not edited since).
fn stem_entry(
    stem: &str,
    postings: &[Posting],
    docs: &[&Doc],
    forms: &Forms,
    old: Option<&Kept>,
    fresh: &(dyn Fn(u32) -> bool + Sync),
) -> (Vec<u8>, Files, Option<Kept>) {
    let n = postings.len() as u32;
    if postings.len() <= INLINE_MAX {
        return (bytes(&(n, list(postings))), Vec::new(), None);
    }
    let name = post_name(stem);
    let at = shown_at(
        stem,
        postings,
        docs,
        forms,
        old.map(|k| &k.shown[..]),
        fresh,
    );
    let v: Vec<Shown> = at.iter().filter_map(|a| shown_of(a, docs)).collect();
    let mut kept = Kept {
        shown: at,
        ..Kept::default()
    };
    let (entry, files) = match split(postings) {
        Some((head, tail, weakest)) => {
            let rest_best = tail.iter().map(|p| p.score).max().unwrap_or(0);
            let first = Head {
                h: list(&head),
                t: rest_best,
                m: bitmap(&tail),
                v,
            };
            kept.head = head.iter().map(|p| p.doc).collect();
            kept.weakest = weakest;
            kept.rest_best = rest_best;
            (
                bytes(&(n, &name, first)),
                vec![(tail_path(&name), bytes(&list(&tail)))],
            )
        }
        None => {
            let (d, s, sec) = list(postings);
            (bytes(&(n, &name, (d, s, sec, v))), Vec::new())
        }
    };
    (entry, files, Some(kept))
}

/// The path of the rest's file of a split list.
fn tail_path(name: &str) -> String {
    format!("{DIR}/post/{name}-hale.json")
}

/// The number of lookup files for `forms` word forms: a power of two, so
/// a bucket is the hash's low bits.
pub(super) fn lookup_count(forms: usize) -> usize {
    forms.div_ceil(FORMS_PER_LOOKUP).max(1).next_power_of_two()
}

/// The lookup file of a word form (FNV-1a, 32 bits, of its UTF-8 bytes;
/// `lookup` in search.js).
pub(super) fn lookup_of(form: &str, count: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for b in form.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize & (count - 1)
}

pub(super) fn lookup_path(n: usize) -> String {
    format!("{DIR}/opslag/{n}.json")
}

/// A lookup file: `{form: [stem, [forms of the stem], entry or null]}` for
/// `in_file` (sorted) of the word forms `forms`; `entries` are the stems'
/// entries as JSON (null for a stem no page has: a synonym's word or a
/// compound's part only), `stem_forms` the forms of each stem.
fn lookup_file(
    in_file: &[&str],
    forms: &Forms,
    stem_forms: &HashMap<String, std::collections::BTreeSet<String>>,
    entries: &HashMap<String, Arc<[u8]>>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.push(b'{');
    let json = |out: &mut Vec<u8>, s: &str| out.extend_from_slice(&bytes(&s));
    for &form in in_file {
        let Some((stem, _)) = forms.get(form) else {
            continue;
        };
        if out.len() > 1 {
            out.push(b',');
        }
        json(&mut out, form);
        out.extend_from_slice(b":[");
        json(&mut out, stem);
        out.extend_from_slice(b",[");
        for (k, f) in stem_forms.get(stem).into_iter().flatten().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            json(&mut out, f);
        }
        out.extend_from_slice(b"],");
        match entries.get(stem) {
            Some(entry) => out.extend_from_slice(entry),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b']');
    }
    out.push(b'}');
    out
}

/// What a result shows for each of the `SHOWN` best pages of a stem's list
/// (best score first, then page order, as the client ranks a one-word
/// query): the page's title, URL and kind, the stem's best section, and its
/// excerpt as the client cuts it (`excerpt` in search.js).
#[cfg(test)]
fn shown<'a>(stem: &str, postings: &[Posting], docs: &[&'a Doc], forms: &Forms) -> Vec<Shown<'a>> {
    shown_at(stem, postings, docs, forms, None, &|_| true)
        .iter()
        .filter_map(|a| shown_of(a, docs))
        .collect()
}

/// Where the excerpts of the `SHOWN` best pages of a list come from (best
/// first): from the section's text around the first word form of the stem,
/// or, when the text has none and the page has a summary, from the summary.
/// A page in `old` that `fresh` does not name keeps its excerpt.
fn shown_at(
    stem: &str,
    postings: &[Posting],
    docs: &[&Doc],
    forms: &Forms,
    old: Option<&[ShownAt]>,
    fresh: &dyn Fn(u32) -> bool,
) -> Vec<ShownAt> {
    let mut best: Vec<&Posting> = postings.iter().collect();
    if best.len() > SHOWN {
        best.select_nth_unstable_by(SHOWN - 1, |a, b| rank(b).cmp(&rank(a)));
        best.truncate(SHOWN);
    }
    best.sort_by_key(|p| std::cmp::Reverse(rank(p)));
    best.into_iter()
        .filter_map(|p| {
            let kept = old
                .and_then(|old| old.iter().find(|a| a.doc == p.doc))
                .filter(|a| a.section == p.section && !fresh(p.doc));
            if let Some(a) = kept {
                return Some(*a);
            }
            let d = docs.get(p.doc as usize)?;
            let text = d
                .sections
                .get(usize::from(p.section))
                .map_or("", |s| &s.text[..]);
            let is_hit = |w: &str| forms.get(&w.to_lowercase()).is_some_and(|e| e.0 == stem);
            let in_text: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            let hit = in_text.iter().position(|(_, w)| is_hit(w));
            let (summary, (range, ends)) = if hit.is_some() || d.summary.is_empty() {
                (false, passage(text, &in_text, hit))
            } else {
                let in_summary: Vec<(usize, &str)> = d.summary.unicode_word_indices().collect();
                let hit = in_summary.iter().position(|(_, w)| is_hit(w));
                (true, passage(&d.summary, &in_summary, hit))
            };
            Some(ShownAt {
                doc: p.doc,
                section: p.section,
                summary,
                start: range.start as u32,
                end: range.end as u32,
                ends,
            })
        })
        .collect()
}

/// What a result shows of a page, from where its excerpt comes from.
fn shown_of<'a>(at: &ShownAt, docs: &[&'a Doc]) -> Option<Shown<'a>> {
    let d = docs.get(at.doc as usize)?;
    let (anchor, heading, text) = d
        .sections
        .get(usize::from(at.section))
        .map_or(("", "", ""), |s| {
            (&s.anchor[..], &s.heading[..], &s.text[..])
        });
    let source = if at.summary { &d.summary[..] } else { text };
    Some((
        at.doc,
        &d.url[..],
        &d.title[..],
        &d.kind[..],
        anchor,
        heading,
        source.get(at.start as usize..at.end as usize)?,
        at.ends,
    ))
}

/// The excerpt of `text` (its words `ws`, with their byte offsets) around
/// word `hit` (or from the start), as a byte range, and whether text
/// precedes (bit 1) and follows it (bit 2).
fn passage(text: &str, ws: &[(usize, &str)], hit: Option<usize>) -> (std::ops::Range<usize>, u8) {
    if ws.is_empty() {
        return (0..0, 0);
    }
    let from = hit.map_or(0, |h| h.saturating_sub(BEFORE_HIT));
    let to = (from + EXCERPT_WORDS).min(ws.len());
    let start = ws[from].0;
    let end = if to < ws.len() {
        ws[to - 1].0 + ws[to - 1].1.len()
    } else {
        text.len()
    };
    (
        start..end,
        u8::from(from > 0) | u8::from(to < ws.len()) << 1,
    )
}

/// A shard: the word forms starting with `key`.
fn shard(key: &str, forms: &BTreeMap<String, (String, u32)>) -> Vec<u8> {
    let mut shard = Shard::default();
    for (form, entry) in starting_with(forms, key) {
        shard.f.insert(form, entry);
    }
    bytes(&shard)
}

/// The entries of `map` whose shard is `key`.
fn starting_with<'a, V>(
    map: &'a BTreeMap<String, V>,
    key: &'a str,
) -> impl Iterator<Item = (&'a String, &'a V)> {
    map.range::<str, _>((std::ops::Bound::Included(key), std::ops::Bound::Unbounded))
        .take_while(move |(k, _)| k.starts_with(key))
        .filter(move |(k, _)| shard_key(k) == key)
}

fn bytes(value: &impl Serialize) -> Vec<u8> {
    // Serialising maps of strings and numbers cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

/// A page's result data.
fn page_file(n: usize, docs: &[&Doc]) -> (String, Vec<u8>) {
    let pages: Vec<_> = docs[n * CHUNK..((n + 1) * CHUNK).min(docs.len())]
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
    (format!("{DIR}/sider/{n}.json"), bytes(&pages))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_browsers_read_it() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(&[0xff, 0x00, 0x81, 0x7f]), "/wCBfw==");
    }

    #[test]
    fn a_patched_entry_reads_as_the_list_written_with_it() {
        let p = |doc, score, section| Posting {
            doc,
            score,
            section,
            weight: 1.0,
        };
        let mut postings = vec![p(3, 120, 0), p(9, 7, 2), p(40, 15_000, 11)];
        let before = bytes(&list(&postings));
        for (i, score, section) in [(0, 9, 1), (1, 123_456, 0), (2, 1, 3)] {
            let (patched, old, old_section) =
                patch_entry(&before, i, score, section).expect("a list");
            assert_eq!((old, old_section), (postings[i].score, postings[i].section));
            let mut again = postings.clone();
            again[i].score = score;
            again[i].section = section;
            assert_eq!(*patched, *bytes(&list(&again)), "entry {i}");
        }
        postings.truncate(1);
        let one = bytes(&list(&postings));
        assert_eq!(patch_entry(&one, 0, 5, 5).map(|p| p.1), Some(120));
        assert!(patch_entry(&one, 1, 5, 5).is_none(), "no entry 1");
        assert!(patch_entry(b"{}", 0, 5, 5).is_none(), "not a list");
    }

    #[test]
    fn the_kth_comma_is_found_across_blocks() {
        let text: String = (0..3000).map(|i| format!("{i},")).collect();
        let bytes = text.as_bytes();
        for k in [1, 2, 999, 1000, 1001, 2999, 3000] {
            let want = bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b',')
                .nth(k - 1)
                .map(|(i, _)| i + 1);
            assert_eq!(after_comma(bytes, k), want, "comma {k}");
        }
        assert_eq!(after_comma(bytes, 3001), None);
    }

    #[test]
    fn a_bitmap_has_a_bit_per_page() {
        let p = |doc| Posting {
            doc,
            score: 1,
            section: 0,
            weight: 1.0,
        };
        // Pages 0, 9 and 10: bytes 0b1, 0b110.
        assert_eq!(bitmap(&[p(0), p(9), p(10)]), base64(&[1, 6]));
    }

    #[test]
    fn a_passage_is_cut_around_the_hit_as_the_client_cuts_it() {
        let text: String = (0..40).map(|i| format!("w{i} ")).collect();
        let text = text.trim_end();
        let ws: Vec<(usize, &str)> = text.unicode_word_indices().collect();
        // Eight words before the hit, up to thirty in all.
        let cut = |hit| {
            let (range, ends) = passage(text, &ws, Some(hit));
            (&text[range], ends)
        };
        let (cut20, ends) = cut(20);
        assert!(cut20.starts_with("w12 ") && cut20.ends_with(" w39"));
        assert_eq!(ends, 1);
        let (cut9, ends) = cut(9);
        assert!(cut9.starts_with("w1 ") && cut9.ends_with(" w30"));
        assert_eq!(ends, 3);
        let (cut3, ends) = cut(3);
        assert!(cut3.starts_with("w0 ") && cut3.ends_with(" w29"));
        assert_eq!(ends, 2);
        // No hit: from the start; nothing to cut from an empty text.
        assert_eq!(
            passage("Kort tekst.", &[(0, "Kort"), (5, "tekst")], None),
            (0..11, 0)
        );
        assert_eq!(passage("", &[], None), (0..0, 0));
    }

    #[test]
    fn shown_pages_are_the_best_with_the_stems_passage_or_the_summary() {
        let doc = |url: &str, summary: &str, text: &str| Doc {
            url: url.to_string(),
            title: format!("Titel {url}"),
            summary: summary.to_string(),
            kind: "Case".to_string(),
            filters: Vec::new(),
            sections: vec![
                Default::default(),
                super::super::extract::Section {
                    anchor: "a".to_string(),
                    heading: "Afsnit".to_string(),
                    text: text.to_string(),
                },
            ],
        };
        let docs = [
            doc("/x/", "Om møder.", "Intet her."),
            doc("/y/", "", "Vi holder møder hver uge."),
            doc("/z/", "Resumé.", "Møderne er korte."),
        ];
        let docs: Vec<&Doc> = docs.iter().collect();
        let forms: Forms = [("møder", "mød"), ("møderne", "mød"), ("uge", "uge")]
            .into_iter()
            .map(|(f, s)| (f.to_string(), (s.to_string(), 1)))
            .collect();
        let p = |doc, score| Posting {
            doc,
            score,
            section: 1,
            weight: 1.0,
        };
        let got = shown("mød", &[p(0, 5), p(1, 9), p(2, 5)], &docs, &forms);
        // Best score first, then page order.
        assert_eq!(got.iter().map(|s| s.0).collect::<Vec<_>>(), [1, 0, 2]);
        assert_eq!(
            got[0],
            (
                1,
                "/y/",
                "Titel /y/",
                "Case",
                "a",
                "Afsnit",
                "Vi holder møder hver uge.",
                0
            )
        );
        // No form of the stem in the section: the summary.
        assert_eq!(got[1].6, "Om møder.");
        // Case does not matter.
        assert_eq!(got[2].6, "Møderne er korte.");
    }
}
