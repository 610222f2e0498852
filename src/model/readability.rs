//! LIX, the Scandinavian readability index: words per sentence plus the share of
//! long words (more than six letters) in percent. Above 55 is hard to read.

/// LIX of `text`, or `None` for texts too short to judge (under 50 words).
pub(crate) fn lix(text: &str) -> Option<f64> {
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

#[cfg(test)]
mod tests {
    use super::lix;

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
