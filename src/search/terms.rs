//! The parts of Danish compound words: `grupper` should find
//! `ledelsesgrupper`. A word is split only when both parts occur as words of
//! their own somewhere in the handbook, so `samarbejde` isn't split into
//! nonsense. The parts are indexed with the page at a low weight.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

/// Compound parts must be at least this long; shorter heads are too often
/// accidental matches (`sam` + `arbejde`).
const MIN_PART: usize = 4;

/// A tail never written alone must be longer, to be a word at all.
const MIN_TAIL: usize = 6;

/// Endings that look like words but split compounds wrongly (`afgør-ende`,
/// `forde-lingen`).
const NOT_TAILS: [&str; 5] = ["ende", "ingen", "erne", "ener", "ning"];

/// The compounds of the handbook's own vocabulary, each with its two parts.
pub fn compounds(vocabulary: &HashSet<String>) -> HashMap<String, [String; 2]> {
    let mut known = vocabulary.clone();
    known.extend(shared_tails(vocabulary));
    let vocabulary = &known;
    vocabulary
        .par_iter()
        .filter_map(|word| {
            let parts = split_compound(word, vocabulary)?;
            Some((word.clone(), parts))
        })
        .collect()
}

/// Tails that end two or more compounds with a known head, or one and are
/// the head of another, though never written alone: `forskning` in
/// `ledelsesforskning` and `aktionsforskning`, or `forskningsprojekter`.
fn shared_tails(vocabulary: &HashSet<String>) -> HashSet<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for word in vocabulary {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        for (split, _) in chars.iter().skip(MIN_PART) {
            let (head, tail) = word.split_at(*split);
            if tail.chars().count() < MIN_TAIL || NOT_TAILS.contains(&tail) {
                continue;
            }
            // `ledelse|sforskning`: the linking letter belongs to the head.
            if vocabulary.contains(head) && tail.starts_with(['s', 'e']) {
                continue;
            }
            if head_word(head, vocabulary).is_some() {
                *seen.entry(tail).or_default() += 1;
            }
        }
    }
    // Also a head elsewhere, with the linking `s` (`forskningsprojekter`).
    let mut heads: HashSet<&str> = HashSet::new();
    for word in vocabulary {
        for (i, c) in word.char_indices().skip(MIN_TAIL) {
            if c == 's' && word[i + 1..].chars().count() >= MIN_PART {
                heads.insert(&word[..i]);
            }
        }
    }
    seen.into_iter()
        .filter(|(tail, n)| (*n >= 2 || heads.contains(tail)) && !vocabulary.contains(*tail))
        .map(|(tail, _)| tail.to_string())
        .collect()
}

/// The word a compound's head stands for, allowing the linking `s` or `e`.
fn head_word<'a>(head: &'a str, vocabulary: &HashSet<String>) -> Option<&'a str> {
    [
        head,
        head.strip_suffix('s').unwrap_or(head),
        head.strip_suffix('e').unwrap_or(head),
    ]
    .into_iter()
    .find(|h| h.chars().count() >= MIN_PART - 1 && vocabulary.contains(*h))
}

/// `ledelsesgrupper` → `ledelse`, `grupper` when both are words of the
/// vocabulary, allowing the Danish linking `s` or `e` after the first part.
/// The longest known tail wins (`borgeransvarlighed` → `borger`, `ansvarlighed`).
fn split_compound(word: &str, vocabulary: &HashSet<String>) -> Option<[String; 2]> {
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
        if let Some(head_word) = head_word(head, vocabulary) {
            return Some([head_word.to_string(), tail.to_string()]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(text: &str) -> HashSet<String> {
        crate::search::words::words(text).collect()
    }

    #[test]
    fn splits_compounds_whose_parts_the_handbook_uses() {
        let v = vocabulary(
            "ledelse i grupper. Ledelsesgrupper mødes. Borger og ansvarlighed. Borgeransvarlighed.",
        );
        let c = compounds(&v);
        assert_eq!(c["ledelsesgrupper"], ["ledelse", "grupper"]);
        assert_eq!(c["borgeransvarlighed"], ["borger", "ansvarlighed"]);
    }

    #[test]
    fn leaves_words_alone_when_a_part_is_unknown_or_short() {
        let v = vocabulary(
            "samarbejde arbejde. Mødeafvikling. Ingen forde. Afgør ende. fordelingen afgørende",
        );
        let c = compounds(&v);
        for word in ["samarbejde", "mødeafvikling", "fordelingen", "afgørende"] {
            assert!(!c.contains_key(word), "{word}");
        }
    }

    #[test]
    fn a_tail_shared_by_two_compounds_counts_as_a_word() {
        let v = vocabulary("ledelse aktion ledelsesforskning aktionsforskning");
        let c = compounds(&v);
        assert_eq!(c["ledelsesforskning"], ["ledelse", "forskning"]);
        assert_eq!(c["aktionsforskning"], ["aktion", "forskning"]);
        let v = vocabulary("ledelse ledelsesforskning forskningsprojekter");
        assert_eq!(compounds(&v)["ledelsesforskning"], ["ledelse", "forskning"]);
    }
}
