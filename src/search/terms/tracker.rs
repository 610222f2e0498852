//! The compounds of a vocabulary kept current as words come and go
//! (`serve`): a word that comes or goes is taken in without computing every
//! compound again.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{heads_of, split_compound, splits_of, tails_of};

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
        // that comes or goes. Their counts come out under the old vocabulary
        // and go back in under the new one.
        let mut candidates: BTreeSet<String> = added.iter().chain(removed).cloned().collect();
        let mut counted = self.take_out(added, removed, &mut candidates);
        for word in removed {
            self.words.remove(word);
            counted.remove(word);
        }
        for word in added {
            self.words.insert(word.clone());
            counted.insert(word.clone());
        }
        self.put_back(&counted, added, &mut candidates);
        let changed_known = self.refresh_known(&candidates, removed);
        self.resplit(&changed_known)
    }

    /// Takes the counts of the words starting with a word that comes or
    /// goes, and the heads of the words that go, out of the tallies (under
    /// the old vocabulary); returns those words. The tails and heads whose
    /// counts change are `candidates` for becoming or ceasing to be known.
    fn take_out(
        &mut self,
        added: &BTreeSet<String>,
        removed: &BTreeSet<String>,
        candidates: &mut BTreeSet<String>,
    ) -> BTreeSet<String> {
        let mut counted: BTreeSet<String> = BTreeSet::new();
        for word in added.iter().chain(removed) {
            counted.extend(starting(&self.words, word).cloned());
        }
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
        counted
    }

    /// [`Self::take_out`]'s counts put back under the new vocabulary, with
    /// the heads of the words that came; counts down to zero are dropped.
    fn put_back(
        &mut self,
        counted: &BTreeSet<String>,
        added: &BTreeSet<String>,
        candidates: &mut BTreeSet<String>,
    ) {
        let contains = |w: &str| self.words.contains(w);
        for word in counted {
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
        self.tail_counts.retain(|_, n| *n > 0);
        self.heads.retain(|_, n| *n > 0);
    }

    /// Brings the shared tails and the known words up to date for the
    /// `candidates`; returns the words that became or ceased to be known
    /// (or to be words: a word `removed` that is still a shared tail).
    fn refresh_known(
        &mut self,
        candidates: &BTreeSet<String>,
        removed: &BTreeSet<String>,
    ) -> Vec<String> {
        let mut changed_known: Vec<String> = Vec::new();
        for word in candidates {
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
            if was_known != is_known || removed.contains(word) != self.words.contains(word) {
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
        changed_known
    }

    /// Splits again the compounds that start or end with a word of
    /// `changed_known`, and says which compounds and parts moved.
    fn resplit(&mut self, changed_known: &[String]) -> Moved {
        let mut again: BTreeSet<String> = changed_known.iter().cloned().collect();
        for word in changed_known {
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
