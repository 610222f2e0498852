//! Extra search terms for Danish: the parts of compound words and synonyms.
//!
//! Pagefind matches whole words and their prefixes, so `grupper` misses
//! `ledelsesgrupper`, and `chef` misses a page that only says `leder`. Each
//! page's search document therefore gets the parts of the compounds it uses
//! (when both parts occur as words of their own somewhere in the handbook, so
//! `samarbejde` isn't split into nonsense) and the synonyms from `site.toml`.

use std::collections::{BTreeSet, HashMap, HashSet};

/// Compound parts must be at least this long; shorter heads are too often
/// accidental matches (`sam` + `arbejde`).
const MIN_PART: usize = 4;

/// Endings that look like words but split compounds wrongly (`afgør-ende`,
/// `forde-lingen`).
const NOT_TAILS: [&str; 5] = ["ende", "ingen", "erne", "ener", "ning"];

/// What finds extra terms for pages: the compounds of the handbook's own
/// vocabulary, and the synonym groups.
#[derive(Debug, Default)]
pub struct Terms {
    compounds: HashMap<String, Vec<String>>,
    synonyms: Vec<Vec<String>>,
}

impl Terms {
    /// Learns the vocabulary from the text of every indexed page.
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>, synonyms: &[Vec<String>]) -> Self {
        let vocabulary: HashSet<String> = texts.into_iter().flat_map(words).collect();
        let compounds = vocabulary
            .iter()
            .filter_map(|word| Some((word.clone(), split_compound(word, &vocabulary)?)))
            .collect();
        let synonyms = synonyms
            .iter()
            .map(|group| group.iter().map(|w| w.to_lowercase()).collect())
            .collect();
        Terms {
            compounds,
            synonyms,
        }
    }

    /// The extra terms for a page with `text`, sorted, none already in the text.
    pub fn for_text(&self, text: &str) -> Vec<String> {
        let lower = text.to_lowercase();
        let own: HashSet<String> = words(&lower).collect();
        let mut extra = BTreeSet::new();
        for word in &own {
            if let Some(parts) = self.compounds.get(word) {
                extra.extend(parts.iter().cloned());
            }
        }
        for group in &self.synonyms {
            if group.iter().any(|term| mentions(&lower, &own, term)) {
                extra.extend(group.iter().cloned());
            }
        }
        extra
            .into_iter()
            .filter(|term| !own.contains(term) && !is_phrase_in(term, &lower))
            .collect()
    }
}

/// Is `term` a phrase the text already has (`på tværs`)?
fn is_phrase_in(term: &str, lower_text: &str) -> bool {
    term.contains(' ') && lower_text.contains(term)
}

/// Lowercase words of a text (letters and digits; `-` and punctuation split).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

/// Does the text use `term`: a phrase as written, or a word or one of its
/// inflections (`chef` in `chefer`, `chefen`)?
fn mentions(lower_text: &str, own: &HashSet<String>, term: &str) -> bool {
    if term.contains(' ') {
        return lower_text.contains(term);
    }
    own.contains(term)
        || (term.chars().count() >= 4
            && own
                .iter()
                .any(|w| w.starts_with(term) && w.len() <= term.len() + 5))
}

/// `ledelsesgrupper` → `ledelse`, `grupper` when both are words of the
/// vocabulary, allowing the Danish linking `s` or `e` after the first part.
/// The longest known tail wins (`borgeransvarlighed` → `borger`, `ansvarlighed`).
fn split_compound(word: &str, vocabulary: &HashSet<String>) -> Option<Vec<String>> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < 2 * MIN_PART {
        return None;
    }
    for (split, _) in chars
        .iter()
        .skip(MIN_PART)
        .take(chars.len() - 2 * MIN_PART + 1)
    {
        let (head, tail) = word.split_at(*split);
        if !vocabulary.contains(tail) || NOT_TAILS.contains(&tail) {
            continue;
        }
        let head_word = [
            head,
            head.strip_suffix('s').unwrap_or(head),
            head.strip_suffix('e').unwrap_or(head),
        ]
        .into_iter()
        .find(|h| h.chars().count() >= MIN_PART - 1 && vocabulary.contains(*h));
        if let Some(head_word) = head_word {
            return Some(vec![head_word.to_string(), tail.to_string()]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(corpus: &str, synonyms: &[&[&str]]) -> Terms {
        let synonyms: Vec<Vec<String>> = synonyms
            .iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect();
        Terms::new([corpus], &synonyms)
    }

    #[test]
    fn splits_compounds_whose_parts_the_handbook_uses() {
        let t = terms(
            "ledelse i grupper. Ledelsesgrupper mødes. Borger og ansvarlighed. Borgeransvarlighed.",
            &[],
        );
        assert_eq!(t.for_text("Om ledelsesgrupper"), ["grupper", "ledelse"]);
        assert_eq!(t.for_text("Borgeransvarlighed"), ["ansvarlighed", "borger"]);
    }

    #[test]
    fn leaves_words_alone_when_a_part_is_unknown_or_short() {
        let t = terms(
            "samarbejde arbejde. Mødeafvikling. Ingen forde. Afgør ende.",
            &[],
        );
        assert!(t.for_text("samarbejde og mødeafvikling").is_empty());
        assert!(t.for_text("fordelingen er afgørende").is_empty());
    }

    #[test]
    fn synonyms_match_words_inflections_and_phrases() {
        let t = terms("", &[&["chef", "leder"], &["tværfaglig", "på tværs"]]);
        assert_eq!(t.for_text("Cheferne skal lytte."), ["chef", "leder"]);
        assert_eq!(t.for_text("Ledelse på tværs"), ["tværfaglig"]);
        assert!(t.for_text("Ledelse i Nyborg").is_empty());
        assert_eq!(t.for_text("Lederen"), ["chef", "leder"]);
    }
}
