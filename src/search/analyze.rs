//! Per page: how often each stem occurs in each field, and the section it
//! matters most in. Pages are analysed independently (in parallel, and in
//! `serve` only when they changed); compound parts and synonyms, which need
//! the whole site's vocabulary, are added afterwards as a low-weight field.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::extract::Doc;
use super::words::{stem, words};

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

/// A page with its words counted. Keys are `Box<str>`: at 10,000 pages
/// there are millions of them, and the peak memory of a build counts.
#[derive(Debug, Clone, Default)]
pub struct Analyzed {
    pub doc: Doc,
    pub lengths: [u32; FIELDS],
    pub terms: BTreeMap<Box<str>, Term>,
    /// Word forms on the page (stop words left out) and how often each occurs.
    pub forms: BTreeMap<Box<str>, u32>,
}

pub fn analyze(doc: Doc, stop: &HashSet<String>) -> Analyzed {
    let mut a = Analyzed::default();
    // Per section, per stem: the weight in that section.
    let mut per_section: Vec<HashMap<Box<str>, u32>> = vec![HashMap::new(); doc.sections.len()];
    let mut add = |a: &mut Analyzed, text: &str, field: usize, section: Option<usize>| {
        for word in words(text) {
            if stop.contains(&word) {
                continue;
            }
            let s: Box<str> = stem(&word).into();
            a.lengths[field] += 1;
            a.terms.entry(s.clone()).or_default().tf[field] += 1;
            if let Some(i) = section {
                let w = if field == HEADINGS { 4 } else { 1 };
                *per_section[i].entry(s).or_default() += w;
            }
            *a.forms.entry(word.into_boxed_str()).or_default() += 1;
        }
    };
    add(&mut a, &doc.title, TITLE, None);
    add(&mut a, &doc.summary, SUMMARY, None);
    for (i, section) in doc.sections.iter().enumerate() {
        add(&mut a, &section.heading, HEADINGS, Some(i));
        add(&mut a, &section.text, BODY, Some(i));
    }
    let mut best: HashMap<&str, u32> = HashMap::new();
    for (i, weights) in per_section.iter().enumerate() {
        for (s, &w) in weights {
            let b = best.entry(s).or_default();
            if let Some(term) = a.terms.get_mut(s)
                && w > *b
            {
                term.section = i as u16;
                *b = w;
            }
        }
    }
    a.doc = doc;
    a
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
        if let Some(parts) = compounds.get(&**form) {
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
    use crate::search::extract::Section;

    fn doc(title: &str, sections: &[(&str, &str)]) -> Doc {
        Doc {
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
        }
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
