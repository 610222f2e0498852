//! Danish slugs: `Tværgående ledelse` → `tvaergaaende-ledelse`.

/// Turns a title into a URL slug: æ→ae, ø→oe, å→aa, lower case, `-` between words.
/// Other accented Latin letters lose their accent; anything else separates words.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        let mapped: Option<&str> = match ch {
            'æ' | 'ä' => Some("ae"),
            'ø' | 'ö' => Some("oe"),
            'å' => Some("aa"),
            'ü' => Some("ue"),
            'é' | 'è' | 'ê' | 'ë' => Some("e"),
            'á' | 'à' | 'â' => Some("a"),
            'í' | 'ì' | 'î' | 'ï' => Some("i"),
            'ó' | 'ò' | 'ô' => Some("o"),
            'ú' | 'ù' | 'û' => Some("u"),
            'ß' => Some("ss"),
            _ => None,
        };
        let is_word_char = mapped.is_some() || ch.is_ascii_alphanumeric();
        if !is_word_char {
            pending_dash = !slug.is_empty();
            continue;
        }
        if pending_dash {
            slug.push('-');
            pending_dash = false;
        }
        match mapped {
            Some(s) => slug.push_str(s),
            None => slug.push(ch),
        }
    }
    slug
}

/// `slug` cut to at most `max` bytes at a word boundary (a `-`), or
/// mid-word when its first word alone is longer.
pub fn shorten(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let head = &slug[..max];
    match head.rfind('-') {
        Some(idx) if idx > 0 => head[..idx].to_string(),
        _ => head.trim_end_matches('-').to_string(),
    }
}

/// Whether `text` is a slug: `[a-z0-9]+(-[a-z0-9]+)*`. Keys that become
/// parts of output paths must be, so none can climb out of the output folder.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::{shorten, slugify};

    #[test]
    fn shortens_at_a_word_boundary() {
        assert_eq!(shorten("kort", 60), "kort");
        assert_eq!(shorten("en-to-tre", 7), "en-to");
        assert_eq!(shorten("en-to-tre", 6), "en-to");
        assert_eq!(shorten("abcdefgh", 4), "abcd");
    }

    #[test]
    fn transliterates_danish_letters() {
        assert_eq!(slugify("Tværgående ledelse"), "tvaergaaende-ledelse");
        assert_eq!(slugify("Mål på effekten"), "maal-paa-effekten");
        assert_eq!(
            slugify("Øvebaner og kompetenceudvikling"),
            "oevebaner-og-kompetenceudvikling"
        );
        assert_eq!(slugify("ÆØÅ æøå"), "aeoeaa-aeoeaa");
    }

    #[test]
    fn collapses_punctuation_and_spaces() {
        assert_eq!(
            slugify("  Topledelsen: sammenhæng i struktur og mål!  "),
            "topledelsen-sammenhaeng-i-struktur-og-maal"
        );
        assert_eq!(
            slugify("Interesser, økonomi -- og spilleregler"),
            "interesser-oekonomi-og-spilleregler"
        );
        assert_eq!(slugify("\"Hurtig handling\""), "hurtig-handling");
        assert_eq!(slugify("Test æøå Case"), "test-aeoeaa-case");
    }

    #[test]
    fn keeps_digits_and_drops_other_scripts() {
        assert_eq!(slugify("11 grupper i 2024"), "11-grupper-i-2024");
        assert_eq!(slugify("—"), "");
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        for ok in ["kommune", "paa-tvaers-af-niveauer", "a1"] {
            assert!(super::is_slug(ok), "{ok}");
        }
        for bad in [
            "", "../../x", "Kommune", "a--b", "-a", "a-", "a_b", "æ", "a b",
        ] {
            assert!(!super::is_slug(bad), "{bad}");
        }
    }
}
