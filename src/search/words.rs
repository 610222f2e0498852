//! Danish words: Unicode word breaking, lower-casing and stemming: the
//! Snowball Danish stem, then folded (`fold`) so a word whose last syllable
//! loses its `e` when inflected (`regel`/`regler`, `middel`/`midler`)
//! meets its other forms. The browser computes the same stem of every query
//! word (Snowball from @orama/stemmers, the fold in search.js); the test
//! vectors of docs/search-index.md hold both to it.

use std::borrow::Cow;
use std::sync::OnceLock;

use pagefind_stem::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// Words longer than this are not indexed (hashes, run-on text): no reader types them.
const MAX_WORD: usize = 40;

/// The lower-cased words of `text`, by the Unicode word rules (UAX #29),
/// so `Ikast-Brande` is two words and `3.5` one.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    raw_words(text).map(|w| w.to_lowercase())
}

/// The words of `text` as they are written (not lower-cased).
pub fn raw_words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.unicode_words()
        .filter(|w| w.len() <= MAX_WORD || w.chars().count() <= MAX_WORD)
}

/// The search stem of a lower-cased word: its Snowball Danish stem, folded.
pub fn stem(word: &str) -> Cow<'_, str> {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    let snowball = STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::Danish))
        .stem(word);
    match fold(&snowball) {
        Some(folded) => Cow::Owned(folded),
        None => snowball,
    }
}

/// Folds the Danish syncope out of a Snowball stem, or `None` when there is
/// nothing to fold; in this order (as `fold` in search.js):
/// 1. a stem of five letters or more ending in consonant + `e` + `l`/`n`/`r`
///    loses the `e` (`spilleregel` → `spilleregl`, as `spilleregler` stems);
/// 2. a stem of four or more ending in two consonants, the last `l`/`n`/`r`,
///    loses that letter (`søstr` → `søst`, as `søster` stems);
/// 3. a stem of four or more ending in a doubled consonant loses one
///    (`midd` → `mid`, as `midler` ends after 2).
fn fold(stem: &str) -> Option<String> {
    let mut chars: Vec<char> = stem.chars().collect();
    let before = chars.len();
    let consonant = |c: char| c.is_alphabetic() && !"aeiouyæøå".contains(c);
    let liquid = |c: char| matches!(c, 'l' | 'n' | 'r');
    let n = chars.len();
    if n >= 5 && liquid(chars[n - 1]) && chars[n - 2] == 'e' && consonant(chars[n - 3]) {
        chars.remove(n - 2);
    }
    let n = chars.len();
    if n >= 4 && liquid(chars[n - 1]) && consonant(chars[n - 2]) {
        chars.pop();
    }
    let n = chars.len();
    if n >= 4 && consonant(chars[n - 1]) && chars[n - 1] == chars[n - 2] {
        chars.pop();
    }
    (chars.len() != before).then(|| chars.into_iter().collect())
}

/// The shard a word or stem belongs to: its first two characters, so a
/// query fetches only the dictionary of its own words.
pub fn shard_key(word: &str) -> String {
    word.chars().take(2).collect()
}

/// A file-name-safe spelling of a shard key: ASCII letters and digits as
/// they are, anything else as its code point in hex between `_` (`æ` → `_e6_`).
pub fn file_name(key: &str) -> String {
    let mut name = String::new();
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else {
            name.push_str(&format!("_{:x}_", c as u32));
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_danish_text_into_lower_case_words() {
        let got: Vec<String> =
            words("Ikast-Brande: Mødeledelse, 3.5 «på tværs» – Æblet.").collect();
        assert_eq!(
            got,
            [
                "ikast",
                "brande",
                "mødeledelse",
                "3.5",
                "på",
                "tværs",
                "æblet"
            ]
        );
    }

    #[test]
    fn stems_inflections_together() {
        assert_eq!(stem("møder"), stem("møderne"));
        assert_eq!(stem("ledere"), stem("lederne"));
        assert_ne!(stem("tillid"), stem("møde"));
        for (a, b) in [
            ("spilleregel", "spillereglerne"),
            ("middel", "midler"),
            ("himmel", "himlen"),
            ("søster", "søstre"),
            ("vinter", "vintre"),
            ("cykel", "cykler"),
            ("dialogrum", "dialogrummene"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} ~ {b}");
        }
        assert_eq!(stem("tillid"), "tillid");
    }

    #[test]
    fn shard_names_are_safe_file_names() {
        assert_eq!(shard_key("ødelæggelse"), "ød");
        assert_eq!(file_name("ød"), "_f8_d");
        assert_eq!(file_name("le"), "le");
        assert_eq!(shard_key("a"), "a");
    }
}
