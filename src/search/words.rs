//! Danish words: Unicode word breaking, lower-casing and Snowball stemming.
//! The browser never stems: the index ships every word form the site uses
//! with its stem, so both sides always agree.

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

/// The Snowball Danish stem of a lower-cased word.
pub fn stem(word: &str) -> Cow<'_, str> {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::Danish))
        .stem(word)
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
    }

    #[test]
    fn shard_names_are_safe_file_names() {
        assert_eq!(shard_key("ødelæggelse"), "ød");
        assert_eq!(file_name("ød"), "_f8_d");
        assert_eq!(file_name("le"), "le");
        assert_eq!(shard_key("a"), "a");
    }
}
