//! The index as files under `soeg-indeks/`, so a query loads only what it
//! needs, in as few round trips as can be:
//! - `indeks.json`: page count, chunk size, the dictionary shards that
//!   exist, the number of lookup files;
//! - `opslag/<n>.json`: the lookup file of each word form whose hash
//!   (FNV-1a of its UTF-8 bytes, search.js computes the same) falls in
//!   bucket `n`: its stem, the stem's word forms (to mark), and the stem's
//!   posting list, so a word the site has as typed costs one request. A
//!   list of more than `HEAD` pages is impact-ordered: its `HEAD`
//!   best-scoring pages whole, and of the rest which pages they are (a
//!   bitmap) and each one's level: its score in 255ths of the rest's best,
//!   rounded up (`level`). The rest ranks by its levels, in the browser and
//!   in the tests alike, so a query ranks exactly from this one file; a
//!   result from a rest gets its section in the browser (where the word
//!   occurs most). A list of more than `INLINE_MAX` pages also holds what a
//!   result shows for its `SHOWN` best pages (see `shown`), so a one-word
//!   query renders without fetching `sider/`;
//! - `ord/<xx>.json`: the word forms starting with `xx` (stem, frequency),
//!   for completions while the reader types and "Mente du";
//! - `sider/<n>.json.gz`: result data (URL, title, kind, summary, section
//!   texts) for `CHUNK` pages, gzip, fetched only for results on screen;
//! - `filtre-<navn>.json`: per filter value, the pages that have it.
//!
//! Posting lists are page ids as deltas, scores and best sections. Maps are
//! `BTreeMap`s, so the bytes are the same on every build.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use base64::Engine;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::Doc;
use super::score::Posting;
use super::words::shard_key;

mod store;
pub use store::{Changes, Layout};

/// The version of the index format (`v` in `indeks.json`; search.js reads
/// only this one). 4: lookup files keyed by stem, stems folded; 5: result
/// files gzip.
pub const FORMAT: u32 = 5;

/// `bytes` gzip-compressed, the same bytes on every build (no file name,
/// modification time 0), at the default level: at 10,000 cases it takes the
/// result files from 45 MB to 20 MB for 0.2 s of a build (level 1: 23 MB).
pub(in crate::search) fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::default(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}
/// The folder of the index (a reserved slug, so no page can take it).
pub const DIR: &str = crate::site_map::SEARCH_INDEX;
/// Pages per result-data file: results are scattered over the site, so one
/// page per file fetches nothing a result on screen doesn't need.
pub const CHUNK: usize = 1;
/// A posting list of more pages than this is split into its best-scoring
/// `HEAD` pages, whole, and the rest, as levels (a byte per page instead of
/// a score, a section and a page id), so a first query with common words
/// fetches a few kilobytes per word, not whole lists.
pub const HEAD: usize = 200;
/// Posting lists of more pages than this are long: they get what a result
/// shows for their best pages.
const INLINE_MAX: usize = 48;
/// Word forms of short lists per lookup file (a hundred bytes or so each;
/// see `lookup_count`).
const SHORT_FORMS_PER_FILE: usize = 32;
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
    /// The other pages' levels (`level`), a byte each in page order, base64.
    /// Before `v`: `serve` finds it by its key (no string holds `"q":"`, as
    /// JSON escapes quotes).
    q: String,
    /// What a result shows for the best pages (see `shown`).
    v: Vec<Shown<'a>>,
}

/// A rest page's level: its score in 255ths of the rest's best score
/// `best`, rounded up, so a page with any score has a level of at least 1
/// and the best has 255. search.js ranks a rest page by `level × best / 255`.
pub(in crate::search) fn level(score: u32, best: u32) -> u8 {
    if best == 0 {
        return 0;
    }
    let level = (u64::from(score) * 255).div_ceil(u64::from(best));
    level.min(255) as u8
}

/// The key before a head's levels in its entry.
const LEVELS_KEY: &[u8] = b"\"q\":\"";

/// A stem's entry with rest page `i`'s level set to `level`, and the level
/// it had; `None` when the entry has no such level.
fn patch_level(entry: &[u8], i: usize, level: u8) -> Option<(Vec<u8>, u8)> {
    let start = memchr::memmem::find(entry, LEVELS_KEY)? + LEVELS_KEY.len();
    let group = start + i / 3 * 4;
    let chars = entry.get(group..group + 4)?;
    // A last group of one or two bytes keeps its padding.
    let len = 3 - chars.iter().filter(|&&c| c == b'=').count();
    if i % 3 >= len {
        return None;
    }
    let mut three = unbase64_group(chars)?;
    let old = three[i % 3];
    three[i % 3] = level;
    let mut out = entry.to_vec();
    out[group..group + 4].copy_from_slice(base64(&three[..len]).as_bytes());
    Some((out, old))
}

/// The bytes of four base64 characters (padding reads as zero).
fn unbase64_group(chars: &[u8]) -> Option<[u8; 3]> {
    let mut three = [0; 3];
    base64::engine::general_purpose::STANDARD
        .decode_slice(chars, &mut three)
        .ok()?;
    Some(three)
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

/// Base64 as browsers read it (`atob`): the standard alphabet, padded.
fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// What is kept of a long list between edits (`serve`): where a split list
/// divides, so an edit that only moves a page's score within the rest
/// patches that page's level in the entry (see `store`), and where the
/// excerpts of its best pages come from, so they are not cut again.
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

/// A stem's entry in the lookup files of its forms (`[count, list]`; for a
/// long list `[count, [.., shown]]` or, split, `[count, {h, t, m, q, v}]`)
/// and what is kept of it; the excerpts `old` kept serve again for pages
/// that `fresh` does not name (pages not edited since).
fn stem_entry(
    stem: &str,
    postings: &[Posting],
    docs: &[&Doc],
    forms: &Forms,
    old: Option<&Kept>,
    fresh: &(dyn Fn(u32) -> bool + Sync),
) -> (Vec<u8>, Option<Kept>) {
    let n = postings.len() as u32;
    if postings.len() <= INLINE_MAX {
        return (bytes(&(n, list(postings))), None);
    }
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
    let entry = match split(postings) {
        Some((head, tail, weakest)) => {
            let rest_best = tail.iter().map(|p| p.score).max().unwrap_or(0);
            let levels: Vec<u8> = tail.iter().map(|p| level(p.score, rest_best)).collect();
            let first = Head {
                h: list(&head),
                t: rest_best,
                m: bitmap(&tail),
                q: base64(&levels),
                v,
            };
            kept.head = head.iter().map(|p| p.doc).collect();
            kept.weakest = weakest;
            kept.rest_best = rest_best;
            bytes(&(n, first))
        }
        None => {
            let (d, s, sec) = list(postings);
            bytes(&(n, (d, s, sec, v)))
        }
    };
    (entry, Some(kept))
}

/// The number of lookup files for `long` word forms of long lists and
/// `short` of short ones: one and a half per long form (whose entry, a few
/// kilobytes, a first query fetches with every other long entry in its
/// file: about one rides along) and one per `SHORT_FORMS_PER_FILE` short
/// forms, so a small site has a few dozen files, not thousands; a power of
/// two, so a bucket is the hash's low bits.
pub(super) fn lookup_count(long: usize, short: usize) -> usize {
    let files = long + long.div_ceil(2) + short.div_ceil(SHORT_FORMS_PER_FILE);
    files.max(1).next_power_of_two()
}

/// The lookup file of a stem (FNV-1a, 32 bits, of its UTF-8 bytes;
/// `lookup` in search.js).
pub(super) fn lookup_of(stem: &str, count: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for b in stem.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize & (count - 1)
}

pub(super) fn lookup_path(n: usize) -> String {
    format!("{DIR}/opslag/{n}.json")
}

/// A lookup file: `{stem: [stem, [forms of the stem], entry or null]}` for
/// `in_file` (sorted), the stems whose hash falls in it; `entries` are the
/// stems' entries as JSON (null for a stem no page has: a synonym's word or
/// a compound's part only), `stem_forms` the forms of each stem.
fn lookup_file(
    in_file: &BTreeSet<String>,
    stem_forms: &HashMap<String, BTreeSet<String>>,
    entries: &HashMap<String, Arc<[u8]>>,
) -> Vec<u8> {
    let mut out = Vec::new();
    out.push(b'{');
    // Writing a string into a Vec cannot fail.
    let json = |out: &mut Vec<u8>, s: &str| serde_json::to_writer(&mut *out, s).unwrap_or_default();
    for stem in in_file {
        let Some(forms) = stem_forms.get(stem) else {
            continue;
        };
        if out.len() > 1 {
            out.push(b',');
        }
        json(&mut out, stem);
        out.extend_from_slice(b":[");
        json(&mut out, stem);
        out.extend_from_slice(b",[");
        for (k, f) in forms.iter().enumerate() {
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
    (format!("{DIR}/sider/{n}.json.gz"), gzip(&bytes(&pages)))
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
    fn levels_round_up_in_255ths_of_the_rests_best() {
        assert_eq!(level(175, 175), 255);
        assert_eq!(level(1, 175), 2);
        assert_eq!(level(0, 175), 0);
        assert_eq!(level(88, 175), 129);
        assert_eq!(level(5, 0), 0);
    }

    #[test]
    fn a_patched_level_reads_as_the_levels_written_with_it() {
        for len in 1..8 {
            let levels: Vec<u8> = (0..len).map(|i| 10 + i as u8).collect();
            let entry = |levels: &[u8]| {
                format!(
                    r#"[9,{{"h":[[1],[2],[0]],"t":3,"m":"AQ==","q":"{}","v":[[1,"/x/","\"q\":\"","","","","",0]]}}]"#,
                    base64(levels)
                )
                .into_bytes()
            };
            let before = entry(&levels);
            for i in 0..len {
                let (patched, old) = patch_level(&before, i, 200).expect("a level");
                assert_eq!(old, levels[i]);
                let mut again = levels.clone();
                again[i] = 200;
                assert_eq!(patched, entry(&again), "{len} levels, level {i}");
            }
            assert!(patch_level(&before, len, 1).is_none(), "no level {len}");
        }
        assert!(
            patch_level(b"[3,[[1],[2],[0]]]", 0, 1).is_none(),
            "no levels"
        );
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
                crate::markdown::Section {
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
