//! Per page: how often each stem occurs in each field, and the section it
//! matters most in. Pages are analysed independently (in parallel, and in
//! `serve` only when they changed); compound parts and synonyms, which need
//! the whole site's vocabulary, are added afterwards as a low-weight field.

use std::collections::{BTreeMap, HashMap, HashSet};

use std::sync::Arc;

use super::Doc;
use super::table::Table;
use super::words::{raw_words, stem};

/// Title, headings, summary, body, extra (compound parts and synonyms).
pub const FIELDS: usize = 5;
pub const TITLE: usize = 0;
pub const HEADINGS: usize = 1;
pub const SUMMARY: usize = 2;
pub const BODY: usize = 3;
pub const EXTRA: usize = 4;

/// One stem on one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Term {
    pub tf: [u32; FIELDS],
    /// The section where the stem weighs most (headings count more).
    pub section: u16,
}

/// A page with its words counted. At 10,000 pages there are millions of
/// stems and forms, so they are packed ([`Table`]): the peak memory of a
/// build counts.
#[derive(Debug, Clone, Default)]
pub struct Analyzed {
    pub doc: Arc<Doc>,
    pub lengths: [u32; FIELDS],
    pub terms: Table<Term>,
    /// Word forms on the page (stop words left out) and how often each occurs.
    pub forms: Table<u32>,
}

pub fn analyze(doc: Arc<Doc>, stop: &HashSet<String>) -> Analyzed {
    let mut counts = FormCounts::default();
    counts.add(&doc.title, TITLE, None, stop);
    counts.add(&doc.summary, SUMMARY, None, stop);
    for (i, section) in doc.sections.iter().enumerate() {
        let i = i as u16;
        counts.add(&section.heading, HEADINGS, Some(i), stop);
        counts.add(&section.text, BODY, Some(i), stop);
    }
    // A case's sector, level and themes find it (`kommune`), at the weight
    // of compound parts: they are the editors' placement, not its text.
    for (_, value) in &doc.filters {
        counts.add(value, EXTRA, None, stop);
    }
    counts.into_analyzed(doc)
}

/// A page's word forms counted before any is stemmed: a form occurs many
/// times on a page (and on many pages), so each is stemmed once per page,
/// and looked up in a per-thread cache of stems.
#[derive(Default)]
struct FormCounts {
    lengths: [u32; FIELDS],
    forms: foldhash::HashMap<Box<str>, Form>,
    /// The last word lower-cased.
    lower: String,
}

/// (section, weight there) pairs.
type Weights = Vec<(u16, u32)>;

#[derive(Default)]
struct Form {
    tf: [u32; FIELDS],
    /// Sections in increasing order.
    sections: Weights,
}

impl FormCounts {
    fn add(&mut self, text: &str, field: usize, section: Option<u16>, stop: &HashSet<String>) {
        for word in raw_words(text) {
            let word = if is_lower(word) {
                word
            } else {
                self.lower = word.to_lowercase();
                self.lower.as_str()
            };
            if stop.contains(word) {
                continue;
            }
            self.lengths[field] += 1;
            let form = match self.forms.get_mut(word) {
                Some(form) => form,
                None => self.forms.entry(word.into()).or_default(),
            };
            form.tf[field] += 1;
            if let Some(i) = section {
                let w = if field == HEADINGS { 4 } else { 1 };
                match form.sections.last_mut() {
                    Some((at, weight)) if *at == i => *weight += w,
                    _ => form.sections.push((i, w)),
                }
            }
        }
    }

    fn into_analyzed(self, doc: Arc<Doc>) -> Analyzed {
        // Per stem: its term and its weight per section.
        let mut by_stem: foldhash::HashMap<Box<str>, (Term, Weights)> =
            foldhash::HashMap::with_capacity_and_hasher(self.forms.len(), Default::default());
        let mut forms = Vec::with_capacity(self.forms.len());
        for (form, counts) in self.forms {
            let (term, sections) = by_stem.entry(cached_stem(&form)).or_default();
            for (t, n) in term.tf.iter_mut().zip(counts.tf) {
                *t += n;
            }
            sections.extend(counts.sections);
            forms.push((form, counts.tf.iter().sum()));
        }
        let terms = by_stem
            .into_iter()
            .map(|(stem, (mut term, mut sections))| {
                // The section where the stem weighs most; the first of equals.
                sections.sort_unstable_by_key(|&(i, _)| i);
                let mut best = (0, 0);
                let mut at = 0;
                while at < sections.len() {
                    let i = sections[at].0;
                    let mut w = 0;
                    while at < sections.len() && sections[at].0 == i {
                        w += sections[at].1;
                        at += 1;
                    }
                    if w > best.1 {
                        best = (i, w);
                    }
                }
                term.section = best.0;
                (stem, term)
            })
            .collect();
        Analyzed {
            doc,
            lengths: self.lengths,
            terms: Table::new(terms),
            forms: Table::new(forms),
        }
    }
}

/// Whether `word` is its own lower case (most words are: no copy needed).
fn is_lower(word: &str) -> bool {
    word.chars().all(|c| {
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    })
}

/// The stem of `form`, from a per-thread cache (a site has far fewer
/// distinct word forms than words).
fn cached_stem(form: &str) -> Box<str> {
    thread_local! {
        static STEMS: std::cell::RefCell<foldhash::HashMap<Box<str>, Box<str>>> =
            std::cell::RefCell::new(foldhash::HashMap::default());
    }
    /// Beyond this many forms the cache starts again (a long `serve` session).
    const MAX_CACHED: usize = 500_000;
    STEMS.with_borrow_mut(|stems| {
        if let Some(s) = stems.get(form) {
            return s.clone();
        }
        if stems.len() >= MAX_CACHED {
            stems.clear();
        }
        let s: Box<str> = stem(form).into();
        stems.insert(form.into(), s.clone());
        s
    })
}

/// The extra stems of a page: the parts of its compounds (with the section
/// the compound is in) and the other members of a synonym group one of
/// whose members it uses. Only stems the page doesn't already have.
pub fn extras(
    a: &Analyzed,
    compounds: &HashMap<String, [String; 2]>,
    synonyms: &[Vec<Vec<String>>],
) -> BTreeMap<String, Term> {
    let mut extra: BTreeMap<String, Term> = BTreeMap::new();
    let mut add = |s: String, section: u16| {
        if !a.terms.contains_key(s.as_str()) {
            let t = extra.entry(s).or_default();
            t.tf[EXTRA] += 1;
            t.section = section;
        }
    };
    for form in a.forms.keys() {
        if let Some(parts) = compounds.get(form) {
            let section = a
                .terms
                .get(stem(form).as_ref())
                .map(|t| t.section)
                .unwrap_or(0);
            for part in parts {
                add(stem(part).into_owned(), section);
            }
        }
    }
    // A group member is a list of stems (more than one for a phrase).
    for group in synonyms {
        let used = group
            .iter()
            .find(|member| member.iter().all(|s| a.terms.contains_key(s.as_str())));
        if let Some(used) = used {
            let section = used
                .first()
                .and_then(|s| a.terms.get(s.as_str()))
                .map(|t| t.section)
                .unwrap_or(0);
            for member in group {
                for s in member {
                    add(s.clone(), section);
                }
            }
        }
    }
    extra
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Section;

    fn doc(title: &str, sections: &[(&str, &str)]) -> Arc<Doc> {
        Arc::new(Doc {
            title: title.into(),
            sections: sections
                .iter()
                .map(|(h, t)| Section {
                    anchor: h.to_lowercase(),
                    heading: h.to_string(),
                    text: t.to_string(),
                })
                .collect(),
            ..Doc::default()
        })
    }

    #[test]
    fn counts_stems_per_field_and_finds_the_best_section() {
        let stop: HashSet<String> = ["og".to_string()].into();
        let a = analyze(
            doc(
                "Møder og tillid",
                &[("Indledning", "Møderne er lange."), ("Møder", "Et møde.")],
            ),
            &stop,
        );
        let m = &a.terms[stem("møder").as_ref()];
        assert_eq!(m.tf, [1, 1, 0, 2, 0]);
        assert_eq!(m.section, 1, "the heading wins");
        assert!(!a.forms.contains_key("og"), "stop words are left out");
        assert_eq!(a.forms["møderne"], 1);
    }

    #[test]
    fn compounds_and_synonyms_add_extra_stems() {
        let a = analyze(
            doc("", &[("", "ledelsesgrupper og chefen")]),
            &HashSet::new(),
        );
        let compounds: HashMap<String, [String; 2]> = [(
            "ledelsesgrupper".to_string(),
            ["ledelse".to_string(), "grupper".to_string()],
        )]
        .into();
        let synonyms = vec![vec![
            vec![stem("chef").into_owned()],
            vec![stem("leder").into_owned()],
        ]];
        let extra = extras(&a, &compounds, &synonyms);
        assert!(extra.contains_key(stem("grupper").as_ref()));
        assert!(extra.contains_key(stem("leder").as_ref()));
        assert!(
            !extra.contains_key(stem("chef").as_ref()),
            "already on the page"
        );
    }
}
