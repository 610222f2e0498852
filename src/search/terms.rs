//! The parts of Danish compound words: `grupper` should find
//! `ledelsesgrupper`. A word is split only when both parts occur as words of
//! their own somewhere in the handbook, so `samarbejde` isn't split into
//! nonsense. The parts are indexed with the page at a low weight.

use std::collections::{BTreeSet, HashMap, HashSet};

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
    splits_of(&known)
}

/// The compounds among the `known` words (the vocabulary and its shared tails).
fn splits_of(known: &HashSet<String>) -> HashMap<String, [String; 2]> {
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
fn tails_of<'w>(word: &'w str, contains: &dyn Fn(&str) -> bool) -> Vec<&'w str> {
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
fn heads_of(word: &str) -> impl Iterator<Item = &str> {
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
fn split_compound(word: &str, contains: &dyn Fn(&str) -> bool) -> Option<[String; 2]> {
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

/// The compounds of a vocabulary kept current as words come and go
/// (`serve`), with what [`compounds`] computes from scratch: the same
/// compounds for the same vocabulary. Every rule looks only at a word's
/// own beginnings and endings, so a word that comes or goes can change only
/// the counts of words that start with it, and the compounds of words that
/// start or end with a word known or no longer known.
pub struct Tracker {
    /// The vocabulary, sorted: the words starting with a word are a range.
    words: BTreeSet<String>,
    /// The vocabulary and the shared tails.
    known: BTreeSet<String>,
    /// The known words spelt backwards: the words ending with one are a range.
    backwards: BTreeSet<String>,
    /// How many words count each tail (`tails_of`).
    tail_counts: HashMap<String, usize>,
    /// How many words show each head with a linking `s` (`heads_of`).
    heads: HashMap<String, usize>,
    /// The tails counted as words.
    tails: HashSet<String>,
    /// The compounds, each with its two parts.
    splits: HashMap<String, [String; 2]>,
    /// How many compounds have each word as a part.
    parts: HashMap<String, usize>,
}

/// What a change of vocabulary changed of the compounds.
#[derive(Debug, Default, PartialEq)]
pub struct Moved {
    /// Words whose parts changed (or that are no longer compounds).
    pub compounds: BTreeSet<String>,
    /// Words that became a part of some compound, or are no longer one.
    pub parts: BTreeSet<String>,
}

fn backwards(word: &str) -> String {
    word.chars().rev().collect()
}

/// The words of `set` that start with `prefix`.
fn starting<'a>(set: &'a BTreeSet<String>, prefix: &'a str) -> impl Iterator<Item = &'a String> {
    set.range::<str, _>((
        std::ops::Bound::Included(prefix),
        std::ops::Bound::Unbounded,
    ))
    .take_while(move |w| w.starts_with(prefix))
}

impl Tracker {
    /// The compounds of `vocabulary`, kept for changes.
    pub fn new(vocabulary: &HashSet<String>) -> Tracker {
        let contains = |w: &str| vocabulary.contains(w);
        let mut tail_counts: HashMap<String, usize> = HashMap::new();
        let mut heads: HashMap<String, usize> = HashMap::new();
        for word in vocabulary {
            for tail in tails_of(word, &contains) {
                *tail_counts.entry(tail.to_string()).or_default() += 1;
            }
            for head in heads_of(word) {
                *heads.entry(head.to_string()).or_default() += 1;
            }
        }
        // As `shared_tails`.
        let tails: HashSet<String> = tail_counts
            .iter()
            .filter(|(tail, n)| (**n >= 2 || heads.contains_key(*tail)) && !contains(tail))
            .map(|(tail, _)| tail.clone())
            .collect();
        let mut known = vocabulary.clone();
        known.extend(tails.iter().cloned());
        let splits = splits_of(&known);
        let mut parts: HashMap<String, usize> = HashMap::new();
        for part in splits.values().flatten() {
            *parts.entry(part.clone()).or_default() += 1;
        }
        Tracker {
            words: vocabulary.iter().cloned().collect(),
            backwards: known.iter().map(|w| backwards(w)).collect(),
            known: known.into_iter().collect(),
            tail_counts,
            heads,
            tails,
            splits,
            parts,
        }
    }

    /// The compounds, each with its two parts.
    pub fn compounds(&self) -> &HashMap<String, [String; 2]> {
        &self.splits
    }

    /// Whether `word` is a part of some compound.
    pub fn is_part(&self, word: &str) -> bool {
        self.parts.get(word).is_some_and(|n| *n > 0)
    }

    /// Takes in the words `added` to the vocabulary and `removed` from it.
    pub fn update(&mut self, added: &BTreeSet<String>, removed: &BTreeSet<String>) -> Moved {
        // Words whose tail counts may change: those starting with a word
        // that comes or goes. Their counts come out under the old vocabulary…
        let mut counted: BTreeSet<String> = BTreeSet::new();
        for word in added.iter().chain(removed) {
            counted.extend(starting(&self.words, word).cloned());
        }
        let mut candidates: BTreeSet<String> = added.iter().chain(removed).cloned().collect();
        let contains = |w: &str| self.words.contains(w);
        for word in &counted {
            for tail in tails_of(word, &contains) {
                if let Some(n) = self.tail_counts.get_mut(tail) {
                    *n -= 1;
                }
                candidates.insert(tail.to_string());
            }
        }
        for word in removed {
            for head in heads_of(word) {
                if let Some(n) = self.heads.get_mut(head) {
                    *n -= 1;
                }
                candidates.insert(head.to_string());
            }
        }
        // … and go back in under the new one.
        let was_word: HashSet<&String> = removed.iter().collect();
        for word in removed {
            self.words.remove(word);
            counted.remove(word);
        }
        for word in added {
            self.words.insert(word.clone());
            counted.insert(word.clone());
        }
        let contains = |w: &str| self.words.contains(w);
        for word in &counted {
            for tail in tails_of(word, &contains) {
                *self.tail_counts.entry(tail.to_string()).or_default() += 1;
                candidates.insert(tail.to_string());
            }
        }
        for word in added {
            for head in heads_of(word) {
                *self.heads.entry(head.to_string()).or_default() += 1;
                candidates.insert(head.to_string());
            }
        }
        // Shared tails, then known words, that came or went.
        let mut changed_known: Vec<String> = Vec::new();
        for word in &candidates {
            let counts = self.tail_counts.get(word).copied().unwrap_or(0);
            // Counted at least once, and twice or also a head (`shared_tails`).
            let is_tail = (counts >= 2
                || (counts == 1 && self.heads.get(word).is_some_and(|n| *n > 0)))
                && !self.words.contains(word);
            let was_known = self.known.contains(word);
            if is_tail {
                self.tails.insert(word.clone());
            } else {
                self.tails.remove(word);
            }
            let is_known = is_tail || self.words.contains(word);
            if was_known != is_known || was_word.contains(word) != self.words.contains(word) {
                if is_known {
                    self.known.insert(word.clone());
                    self.backwards.insert(backwards(word));
                } else {
                    self.known.remove(word);
                    self.backwards.remove(&backwards(word));
                }
                changed_known.push(word.clone());
            }
        }
        self.tail_counts.retain(|_, n| *n > 0);
        self.heads.retain(|_, n| *n > 0);
        // Compounds that start or end with a word known or no longer known.
        let mut again: BTreeSet<String> = changed_known.iter().cloned().collect();
        for word in &changed_known {
            again.extend(starting(&self.known, word).cloned());
            let end = backwards(word);
            again.extend(starting(&self.backwards, &end).map(|w| backwards(w)));
        }
        let mut moved = Moved::default();
        // Parts touched, and whether each was a part before.
        let mut touched: HashMap<String, bool> = HashMap::new();
        let known = &self.known;
        let contains = |w: &str| known.contains(w);
        for word in again {
            let split = if known.contains(&word) {
                split_compound(&word, &contains)
            } else {
                None
            };
            if self.splits.get(&word) == split.as_ref() {
                continue;
            }
            let before = match split {
                Some(parts) => self.splits.insert(word.clone(), parts),
                None => self.splits.remove(&word),
            };
            for part in before.iter().flatten() {
                touched.entry(part.clone()).or_insert(true);
                if let Some(n) = self.parts.get_mut(part) {
                    *n -= 1;
                }
            }
            for part in self.splits.get(&word).into_iter().flatten() {
                let n = self.parts.entry(part.clone()).or_default();
                touched.entry(part.clone()).or_insert(*n > 0);
                *n += 1;
            }
            moved.compounds.insert(word);
        }
        self.parts.retain(|_, n| *n > 0);
        moved.parts = touched
            .into_iter()
            .filter(|(part, was)| *was != self.parts.contains_key(part))
            .map(|(part, _)| part)
            .collect();
        moved
    }
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
