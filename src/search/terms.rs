//! The parts of Danish compound words: `grupper` should find
//! `ledelsesgrupper`. A word is split only when both parts occur as words of
//! their own somewhere in the handbook, so `samarbejde` isn't split into
//! nonsense. The parts are indexed with the page at a low weight.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

mod tracker;
pub use tracker::Tracker;

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
    splits_of(&known)
}

/// The compounds among the `known` words (the vocabulary and its shared tails).
pub(super) fn splits_of(known: &HashSet<String>) -> HashMap<String, [String; 2]> {
    let contains = |w: &str| known.contains(w);
    known
        .par_iter()
        .filter_map(|word| {
            let parts = split_compound(word, &contains)?;
            Some((word.clone(), parts))
        })
        .collect()
}

/// Tails that end two or more compounds with a known head, or one and are
/// the head of another, though never written alone: `forskning` in
/// `ledelsesforskning` and `aktionsforskning`, or `forskningsprojekter`.
fn shared_tails(vocabulary: &HashSet<String>) -> HashSet<String> {
    let contains = |w: &str| vocabulary.contains(w);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for word in vocabulary {
        for tail in tails_of(word, &contains) {
            *seen.entry(tail).or_default() += 1;
        }
    }
    // Also a head elsewhere, with the linking `s` (`forskningsprojekter`).
    let heads: HashSet<&str> = vocabulary.iter().flat_map(|w| heads_of(w)).collect();
    seen.into_iter()
        .filter(|(tail, n)| (*n >= 2 || heads.contains(tail)) && !vocabulary.contains(*tail))
        .map(|(tail, _)| tail.to_string())
        .collect()
}

/// The tails `word` counts towards the shared tails: each that follows a
/// head the vocabulary knows (`contains`), unless the head is a word of its
/// own and the tail starts with the linking letter (`ledelse|sforskning`:
/// the linking letter belongs to the head).
pub(super) fn tails_of<'w>(word: &'w str, contains: &dyn Fn(&str) -> bool) -> Vec<&'w str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut out = Vec::new();
    for (split, _) in chars.iter().skip(MIN_PART) {
        let (head, tail) = word.split_at(*split);
        if tail.chars().count() < MIN_TAIL || NOT_TAILS.contains(&tail) {
            continue;
        }
        if contains(head) && tail.starts_with(['s', 'e']) {
            continue;
        }
        if head_word(head, contains).is_some() {
            out.push(tail);
        }
    }
    out
}

/// The heads `word` shows with a linking `s` (`forskning` in
/// `forskningsprojekter`), whatever the vocabulary.
pub(super) fn heads_of(word: &str) -> impl Iterator<Item = &str> {
    word.char_indices()
        .skip(MIN_TAIL)
        .filter(move |&(i, c)| c == 's' && word[i + 1..].chars().count() >= MIN_PART)
        .map(move |(i, _)| &word[..i])
}

/// The word a compound's head stands for, allowing the linking `s` or `e`.
fn head_word<'a>(head: &'a str, contains: &dyn Fn(&str) -> bool) -> Option<&'a str> {
    [
        head,
        head.strip_suffix('s').unwrap_or(head),
        head.strip_suffix('e').unwrap_or(head),
    ]
    .into_iter()
    .find(|h| h.chars().count() >= MIN_PART - 1 && contains(h))
}

/// `ledelsesgrupper` → `ledelse`, `grupper` when both are words of the
/// vocabulary, allowing the Danish linking `s` or `e` after the first part.
/// The longest known tail wins (`borgeransvarlighed` → `borger`, `ansvarlighed`).
pub(super) fn split_compound(word: &str, contains: &dyn Fn(&str) -> bool) -> Option<[String; 2]> {
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
        if !contains(tail) || NOT_TAILS.contains(&tail) {
            continue;
        }
        if let Some(head_word) = head_word(head, contains) {
            return Some([head_word.to_string(), tail.to_string()]);
        }
    }
    None
}

/// A vocabulary's compounds: computed once (a build's index), or kept
/// current as words come and go (`serve`'s).
pub enum Compounds {
    Fixed(HashMap<String, [String; 2]>),
    Tracked(Box<Tracker>),
}

impl Compounds {
    /// The compounds of `vocabulary`, tracked for changes when `track`.
    pub fn of(vocabulary: &HashSet<String>, track: bool) -> Compounds {
        if track {
            Compounds::Tracked(Box::new(Tracker::new(vocabulary)))
        } else {
            Compounds::Fixed(compounds(vocabulary))
        }
    }

    /// Each compound with its two parts.
    pub fn map(&self) -> &HashMap<String, [String; 2]> {
        match self {
            Compounds::Fixed(map) => map,
            Compounds::Tracked(tracker) => tracker.compounds(),
        }
    }

    /// The tracker, when the compounds are kept current.
    pub fn tracker(&mut self) -> Option<&mut Tracker> {
        match self {
            Compounds::Fixed(_) => None,
            Compounds::Tracked(tracker) => Some(tracker),
        }
    }

    /// Whether `word` is a part of some compound.
    pub fn is_part(&self, word: &str) -> bool {
        match self {
            Compounds::Fixed(map) => map.values().flatten().any(|part| part == word),
            Compounds::Tracked(tracker) => tracker.is_part(word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

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

    #[test]
    fn a_tracker_keeps_the_compounds_of_a_vocabulary_as_words_come_and_go() {
        let pool: Vec<String> = vocabulary(
            "ledelse ledelses grupper ledelsesgrupper gruppe arbejde samarbejde \
             aktion aktionsforskning ledelsesforskning forskningsprojekter forskning \
             borger ansvarlighed borgeransvarlighed mødeafvikling møde afvikling \
             topledelse topledelsesgrupper tillid tillidsbaseret baseret styring \
             tillidsbaseretstyring projekter projektledelse ledelsesprojekter \
             fordelingen forde afgørende ende kommune kommunernes kommuner \
             borgerinddragelse inddragelse medarbejder medarbejdere medarbejderinddragelse",
        )
        .into_iter()
        .collect();
        let mut words: HashSet<String> = pool.iter().step_by(2).cloned().collect();
        let mut tracker = Tracker::new(&words);
        assert_eq!(tracker.compounds(), &compounds(&words));
        let mut seed = 11u64;
        for round in 0..400 {
            seed = crate::search::tests::next_random(seed);
            let mut added = BTreeSet::new();
            let mut removed = BTreeSet::new();
            for k in 0..(seed >> 61) as usize + 1 {
                let word = &pool[(seed >> (8 + 5 * k)) as usize % pool.len()];
                if words.contains(word) {
                    if !added.contains(word) {
                        removed.insert(word.clone());
                    }
                } else if !removed.contains(word) {
                    added.insert(word.clone());
                }
            }
            let before = tracker.compounds().clone();
            let parts_before: HashSet<String> = before.values().flatten().cloned().collect();
            for word in &removed {
                words.remove(word);
            }
            words.extend(added.iter().cloned());
            let moved = tracker.update(&added, &removed);
            let fresh = compounds(&words);
            assert_eq!(
                tracker.compounds(),
                &fresh,
                "round {round}: +{added:?} -{removed:?}"
            );
            let changed: BTreeSet<String> = before
                .keys()
                .chain(fresh.keys())
                .filter(|w| before.get(*w) != fresh.get(*w))
                .cloned()
                .collect();
            assert_eq!(moved.compounds, changed, "round {round}");
            let parts: HashSet<String> = fresh.values().flatten().cloned().collect();
            let parts_moved: BTreeSet<String> =
                parts.symmetric_difference(&parts_before).cloned().collect();
            assert_eq!(moved.parts, parts_moved, "round {round}");
            for part in &parts {
                assert!(tracker.is_part(part));
            }
        }
    }
}
