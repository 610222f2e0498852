//! BM25F scores, computed once at build time: each field's term frequency is
//! weighted (title > headings > summary > body > compound parts and
//! synonyms) and normalised by the field's length against a fixed reference
//! length, then saturated. The browser only adds the scores of the words.
//!
//! A page's score for a stem depends only on that page, the number of pages
//! and the stem's document frequency, never on other pages' lengths: so in
//! `serve` an edit scores again only the edited page's postings (and the
//! lists of stems whose document frequency changed), not the whole index.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::analyze::{Analyzed, FIELDS, Term};

/// Title, headings, summary, body, extra: measured on the reader-intent
/// query set (bench/search-weights sweeps them; BENCHMARKS.md has the run).
const WEIGHTS: [f64; FIELDS] = [8.0, 3.0, 2.0, 1.0, 0.3];

/// The field weights: `WEIGHTS`, or for a measuring run of the benchmarks,
/// `HANDBOOK_SEARCH_WEIGHTS` ("8,3,2,1,0.3"); anything else is ignored.
fn weights() -> &'static [f64; FIELDS] {
    static CHOSEN: std::sync::OnceLock<[f64; FIELDS]> = std::sync::OnceLock::new();
    CHOSEN.get_or_init(|| {
        std::env::var("HANDBOOK_SEARCH_WEIGHTS")
            .ok()
            .and_then(|text| {
                let parsed: Vec<f64> = text
                    .split(',')
                    .map(|w| {
                        w.trim()
                            .parse()
                            .ok()
                            .filter(|w: &f64| w.is_finite() && *w >= 0.0)
                    })
                    .collect::<Option<_>>()?;
                parsed.try_into().ok()
            })
            .unwrap_or(WEIGHTS)
    })
}
/// Length normalisation per field: long bodies shouldn't win on length alone.
const B: [f64; FIELDS] = [0.75, 0.5, 0.5, 0.75, 0.0];
const K1: f64 = 2.0;
/// The field lengths (in words) a page is normalised against, where BM25
/// takes the site's average: fixed, so that one page's length doesn't move
/// every other page's score. Near the averages of the bundled handbook
/// (title 4.2, headings 14.3, summary 11.7, body 197 words) and of the
/// generated 10,000-case site (6.0, 7.0, 13.1, 376), measured 2026-11-29.
/// The extra field is not length-normalised (`B` is 0).
pub const REFERENCE_LENGTHS: [f64; FIELDS] = [5.0, 10.0, 12.0, 250.0, 1.0];
/// Free pages ("Om håndbogen", the accessibility statement) rank below content.
const FREE_PAGE: f64 = 0.4;

/// One page in a stem's posting list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posting {
    pub doc: u32,
    /// The score × 100, at least 1.
    pub score: u32,
    pub section: u16,
    /// What the page itself gives the score, before the stem's rarity
    /// weighs in (the score is idf × weight): when a stem's frequency
    /// changes, its list is scored again from this, without the pages.
    pub weight: f32,
}

/// A page to score: its analysis, its extra stems, and whether it is a free page.
pub struct Scored<'a> {
    pub analyzed: &'a Analyzed,
    pub extra: &'a BTreeMap<String, Term>,
    pub free: bool,
}

/// What a score needs of the whole site: the number of pages and each
/// stem's document frequency.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub n: usize,
    pub df: HashMap<Box<str>, u32>,
}

impl Stats {
    pub fn new(pages: &[Scored]) -> Self {
        let df = pages
            .par_iter()
            .fold(HashMap::new, |mut df: HashMap<&str, u32>, p| {
                for s in p.stems() {
                    *df.entry(s).or_default() += 1;
                }
                df
            })
            .reduce(HashMap::new, merge_counts);
        Stats {
            n: pages.len(),
            df: df.into_iter().map(|(s, d)| (s.into(), d)).collect(),
        }
    }

    /// Counts a page in (`sign` 1) or out (`sign` -1).
    pub fn add(&mut self, page: &Scored, sign: i64) {
        for s in page.stems() {
            match self.df.get_mut(s) {
                Some(d) => *d = (i64::from(*d) + sign) as u32,
                None => {
                    self.df.insert(s.into(), sign.max(0) as u32);
                }
            }
        }
    }

    /// The posting of page `doc` for `stem`.
    pub fn posting(&self, page: &Scored, doc: u32, stem: &str) -> Option<Posting> {
        let term = page.term(stem)?;
        let a = page.analyzed;
        let mut tf = 0.0;
        for f in 0..FIELDS {
            let norm = 1.0 - B[f] + B[f] * f64::from(a.lengths[f]) / REFERENCE_LENGTHS[f];
            tf += weights()[f] * f64::from(term.tf[f]) / norm.max(0.1);
        }
        let mut weight = tf * (K1 + 1.0) / (K1 + tf);
        if page.free {
            weight *= FREE_PAGE;
        }
        let weight = weight as f32;
        Some(Posting {
            doc,
            score: score_of(self.idf(stem), weight),
            section: term.section,
            weight,
        })
    }

    /// `posting` scored again with the stem's frequency as it is now.
    pub fn rescored(&self, posting: &Posting, stem: &str) -> Posting {
        Posting {
            score: score_of(self.idf(stem), posting.weight),
            ..*posting
        }
    }

    /// How rare `stem` is: never near 0, so a word on every page still counts.
    fn idf(&self, stem: &str) -> f64 {
        let n = self.n as f64;
        let d = f64::from(self.df.get(stem).copied().unwrap_or(1).max(1));
        (1.0 + (n + 1.0) / (d + 0.5)).ln()
    }
}

/// The score × 100 of a page's `weight` for a stem of rarity `idf`, at least 1.
fn score_of(idf: f64, weight: f32) -> u32 {
    ((idf * f64::from(weight) * 100.0).round() as u32).max(1)
}

impl<'a> Scored<'a> {
    /// A page with its extra stems; a free page ("Side") weighs less.
    pub fn new(analyzed: &'a Analyzed, extra: &'a BTreeMap<String, Term>) -> Self {
        Scored {
            analyzed,
            extra,
            free: analyzed.doc.kind == "Side",
        }
    }
    /// The page's stems: its own and the extra ones.
    pub fn stems(&self) -> impl Iterator<Item = &str> {
        let own = self.analyzed.terms.keys();
        own.chain(self.extra.keys().map(String::as_str))
    }

    fn term(&self, stem: &str) -> Option<&Term> {
        self.analyzed
            .terms
            .get(stem)
            .or_else(|| self.extra.get(stem))
    }
}

/// The counts of `a` and `b` added (the smaller map into the larger).
pub fn merge_counts<'a>(
    a: HashMap<&'a str, u32>,
    b: HashMap<&'a str, u32>,
) -> HashMap<&'a str, u32> {
    let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (s, d) in from {
        *into.entry(s).or_default() += d;
    }
    into
}

/// Every stem's posting list, pages in index order. Stems are numbered
/// (in order) so that the lists are gathered by index, not by a map lookup
/// of each of the millions of postings.
pub fn postings(pages: &[Scored], stats: &Stats) -> BTreeMap<String, Vec<Posting>> {
    let mut stems: Vec<(&str, u32)> = stats
        .df
        .iter()
        .filter(|(_, d)| **d > 0)
        .map(|(s, d)| (&**s, *d))
        .collect();
    stems.par_sort_unstable();
    let ids: HashMap<&str, u32> = stems
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (*s, i as u32))
        .collect();
    let mut lists: Vec<Vec<Posting>> = stems
        .iter()
        .map(|(_, d)| Vec::with_capacity(*d as usize))
        .collect();
    // Scored in parallel a chunk of pages at a time, so every posting is
    // not held twice (per page, then per stem) at a build's memory peak.
    const PAGES_AT_ONCE: usize = 512;
    for (c, chunk) in pages.chunks(PAGES_AT_ONCE).enumerate() {
        let per_page: Vec<Vec<(u32, Posting)>> = chunk
            .par_iter()
            .enumerate()
            .map(|(j, p)| {
                let i = (c * PAGES_AT_ONCE + j) as u32;
                p.stems()
                    .filter_map(|s| Some((*ids.get(s)?, stats.posting(p, i, s)?)))
                    .collect()
            })
            .collect();
        for page in per_page {
            for (id, posting) in page {
                lists[id as usize].push(posting);
            }
        }
    }
    drop(ids);
    stems
        .into_iter()
        .zip(lists)
        .filter(|(_, list)| !list.is_empty())
        .map(|((s, _), list)| (s.to_string(), list))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Section;
    use crate::search::Doc;
    use crate::search::analyze::analyze;
    use crate::search::words::stem;
    use std::collections::HashSet;

    fn page(title: &str, body: &str) -> Analyzed {
        let doc = Doc {
            title: title.into(),
            sections: vec![Section {
                text: body.into(),
                ..Section::default()
            }],
            ..Doc::default()
        };
        analyze(std::sync::Arc::new(doc), &HashSet::new())
    }

    fn scores(pages: &[Analyzed], free: &[bool], word: &str) -> Vec<u32> {
        let none = BTreeMap::new();
        let scored: Vec<Scored> = pages
            .iter()
            .zip(free)
            .map(|(a, &free)| Scored {
                analyzed: a,
                extra: &none,
                free,
            })
            .collect();
        let lists = postings(&scored, &Stats::new(&scored));
        let mut by_doc = vec![0; pages.len()];
        for p in &lists[stem(word).as_ref()] {
            by_doc[p.doc as usize] = p.score;
        }
        by_doc
    }

    #[test]
    fn title_beats_body_and_free_pages_rank_below_content() {
        let pages = [
            page("Tillid", "Om at lede."),
            page("Møder", "Tillid kommer af møder."),
            page("Om håndbogen", "Tillid tillid."),
            page("Andet", "Intet her."),
        ];
        let s = scores(&pages, &[false, false, true, false], "tillid");
        assert!(s[0] > s[1], "{s:?}");
        assert!(s[1] > s[2], "{s:?}");
        assert_eq!(s[3], 0);
    }

    #[test]
    fn rare_words_weigh_more_than_common_ones() {
        let pages = [
            page("", "ledelse koordinator"),
            page("", "ledelse"),
            page("", "ledelse"),
        ];
        let common = scores(&pages, &[false; 3], "ledelse")[0];
        let rare = scores(&pages, &[false; 3], "koordinator")[0];
        assert!(rare > common, "{rare} {common}");
    }
}
