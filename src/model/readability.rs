//! LIX, the Scandinavian readability index: words per sentence plus the share of
//! long words (more than six letters) in percent. Above 55 is hard to read.

/// LIX of `text`, or `None` for texts too short to judge (under 50 words).
/// Words are split at white space, `/` and dashes and trimmed of what is
/// not a letter or digit; a word has a letter; a sentence ends at `.`, `!`,
/// `?` or `:` and has a letter. One pass over the text: it reads every word
/// of every page.
pub(crate) fn lix(text: &str) -> Option<f64> {
    let mut count = Count::default();
    for c in text.chars() {
        count.char(c);
    }
    count.end_word();
    count.end_sentence();
    let Count {
        words,
        long,
        sentences,
        ..
    } = count;
    if words < 50 {
        return None;
    }
    let sentences = sentences.max(1);
    Some(words as f64 / sentences as f64 + long as f64 * 100.0 / words as f64)
}

/// Words, long words and sentences counted so far, and the word and the
/// sentence being read.
#[derive(Default)]
struct Count {
    words: usize,
    long: usize,
    sentences: usize,
    /// Characters of the word from its first letter or digit up to the
    /// last one seen, and those read since.
    word_len: usize,
    pending: usize,
    word_has_letter: bool,
    sentence_has_letter: bool,
}

impl Count {
    fn char(&mut self, c: char) {
        if c.is_whitespace() || c == '/' || c == '–' || c == '—' {
            self.end_word();
        } else if c.is_alphanumeric() {
            // A letter or digit: the word now reaches it.
            if self.word_len > 0 {
                self.word_len += self.pending;
            }
            self.word_len += 1;
            self.pending = 0;
            self.word_has_letter |= c.is_alphabetic();
        } else if self.word_len > 0 {
            self.pending += 1;
        }
        if matches!(c, '.' | '!' | '?' | ':') {
            self.end_sentence();
        } else if c.is_alphabetic() {
            self.sentence_has_letter = true;
        }
    }

    fn end_word(&mut self) {
        if self.word_has_letter {
            self.words += 1;
            self.long += usize::from(self.word_len > 6);
        }
        (self.word_len, self.pending, self.word_has_letter) = (0, 0, false);
    }

    fn end_sentence(&mut self) {
        self.sentences += usize::from(self.sentence_has_letter);
        self.sentence_has_letter = false;
    }
}

#[cfg(test)]
mod tests {
    use super::lix;

    /// The definition, read as it is written: the one pass must agree.
    fn lix_by_definition(text: &str) -> Option<f64> {
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == '/' || c == '–' || c == '—')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        if words.len() < 50 {
            return None;
        }
        let sentences = text
            .split(['.', '!', '?', ':'])
            .filter(|s| s.chars().any(char::is_alphabetic))
            .count()
            .max(1);
        let long = words.iter().filter(|w| w.chars().count() > 6).count();
        Some(words.len() as f64 / sentences as f64 + long as f64 * 100.0 / words.len() as f64)
    }

    #[test]
    fn one_pass_agrees_with_the_definition() {
        let texts = [
            "Vi går en tur. Det er godt vejr! ".repeat(10),
            "«Tværgående» samarbejde/koordinering – 3.5 procent: (ledelse)... ja? 12 år. "
                .repeat(9),
            "a.b.c –– ... !!! \"citat\" ord-med-bindestreg x2y 1234567 ørkenvandring. ".repeat(12),
            "Kort.".to_string(),
        ];
        for text in texts {
            assert_eq!(lix(&text), lix_by_definition(&text), "{text}");
        }
    }

    #[test]
    fn short_texts_are_not_judged() {
        assert_eq!(lix("Kort tekst."), None);
    }

    #[test]
    fn simple_text_scores_low_and_heavy_text_high() {
        let easy = "Vi går en tur. Det er godt vejr. ".repeat(10);
        let hard = "Organisationsudviklingsprocesser tværsektorielle samarbejdsrelationer kompetenceudviklingsforløb implementeringsstrategier ".repeat(15);
        assert!(lix(&easy).unwrap() < 25.0, "{:?}", lix(&easy));
        assert!(lix(&hard).unwrap() > 55.0, "{:?}", lix(&hard));
    }
}
