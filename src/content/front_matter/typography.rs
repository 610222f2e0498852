//! Typography editors bring from Word and phones: curly quotes, zero-width
//! characters and hard spaces in front matter values, and `–` or `•` used
//! as list markers; and the invisible characters that turn text around
//! (bidirectional controls), which can make a title read otherwise than it
//! is written.

use crate::diagnostics::{Code, Diagnostic};

use super::depth::starts_block_scalar;
use super::{Spans, Split};

/// Curly quotes Word and phones type instead of `"` and `'`.
pub(super) const CURLY_QUOTES: [char; 8] = ['“', '”', '„', '‟', '‘', '’', '‚', '‛'];

/// Characters that cannot be seen: zero-width spaces and joiners, word
/// joiner, byte order mark and soft hyphen.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// Non-breaking spaces: they look like spaces, but are other characters.
fn is_hard_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// The Unicode name of a bidirectional control character: the embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069), which show the
/// text after them in another order than it is stored ("Trojan Source"),
/// and the marks U+200E, U+200F and U+061C, invisible and with no use in
/// Danish text either. `None` for every other character.
pub(crate) fn bidi_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200e}' => "LEFT-TO-RIGHT MARK",
        '\u{200f}' => "RIGHT-TO-LEFT MARK",
        '\u{61c}' => "ARABIC LETTER MARK",
        _ => return None,
    })
}

fn is_bidi(c: char) -> bool {
    bidi_name(c).is_some()
}

/// `U+202E RIGHT-TO-LEFT OVERRIDE` for the first bidirectional control in `text`.
fn first_bidi(text: &str) -> Option<String> {
    let c = text.chars().find(|c| is_bidi(*c))?;
    Some(format!("U+{:04X} {}", u32::from(c), bidi_name(c)?))
}

/// What is invisible in a value, in Danish ("værdien ender med et hårdt
/// mellemrum (fra Word)"), or `None` when the value is clean.
pub(crate) fn describe_invisible(value: &str) -> Option<String> {
    let hard = "et hårdt mellemrum (fra Word)";
    if value.ends_with(is_hard_space) {
        return Some(format!("værdien ender med {hard}"));
    }
    if value.starts_with(is_hard_space) {
        return Some(format!("værdien begynder med {hard}"));
    }
    if value.contains(is_hard_space) {
        return Some(format!("værdien indeholder {hard}"));
    }
    if value.contains(is_zero_width) {
        return Some("værdien indeholder et usynligt tegn (et nulbreddetegn, fx fra Word eller en hjemmeside)".to_string());
    }
    if let Some(name) = first_bidi(value) {
        return Some(format!(
            "værdien indeholder et usynligt tegn, der styrer tekstens retning ({name})"
        ));
    }
    None
}

/// `value` without invisible characters and with hard spaces at its ends removed.
pub(crate) fn without_invisible(value: &str) -> String {
    value
        .chars()
        .filter(|c| !is_zero_width(*c) && !is_bidi(*c))
        .collect::<String>()
        .trim_matches(|c: char| is_hard_space(c) || c == ' ')
        .to_string()
}

/// Typographic mistakes in front matter, mostly from text pasted from Word:
/// `–` or `•` used as list markers (errors: the items merge into one),
/// curly quotes around a value and invisible characters (warnings).
pub(crate) fn typography(file: &str, file_text: &str, split: &Split<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut block_scalar: Option<usize> = None;
    for (idx, line) in split.yaml.lines().enumerate() {
        let line_no = idx + split.yaml_first_line;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim();
        match block_scalar {
            Some(parent) if content.is_empty() || indent > parent => continue,
            _ => block_scalar = None,
        }
        if content.starts_with('#') || content.is_empty() {
            continue;
        }
        if starts_block_scalar(line) {
            block_scalar = Some(indent);
        }
        let at = |column: usize, d: Diagnostic| d.at(line_no, column).with_source_line(file_text);
        let col_of = |byte: usize| line[..byte].chars().count() + 1;
        if let Some(marker) = ['–', '—', '•', '·', '▪']
            .into_iter()
            .find(|m| content.starts_with(*m))
        {
            let what = if matches!(marker, '–' | '—') {
                "en tankestreg i stedet for bindestreg"
            } else {
                "et punkttegn i stedet for bindestreg"
            };
            problems.push(
                at(
                    col_of(line.len() - line.trim_start().len()),
                    Diagnostic::error(
                        file,
                        Code::ListMarker,
                        format!("`{marker}` står foran et punkt: {what}, så punkterne bliver slået sammen til ét"),
                    ),
                )
                .hint("skriv `- ` (bindestreg og mellemrum) foran hvert punkt, fx `  - Hvad er vores fælles formål?`"),
            );
            continue;
        }
        let value = line_value(line);
        let value_at = line.len() - value.len();
        if value.starts_with(CURLY_QUOTES)
            && value.trim_end().ends_with(CURLY_QUOTES)
            && value.chars().count() > 1
        {
            problems.push(
                at(
                    col_of(value_at),
                    Diagnostic::warning(
                        file,
                        Code::CurlyQuotes,
                        "værdien står i krumme anførselstegn (fra Word): de bliver en del af teksten",
                    ),
                )
                .underline(value.trim_end().chars().count())
                .hint("skriv lige anførselstegn `\"…\"` i stedet for `“…”`, eller slet dem"),
            );
        }
        if let Some(found) = line.find(is_zero_width) {
            problems.push(
                at(
                    col_of(found),
                    Diagnostic::warning(
                        file,
                        Code::InvisibleCharacter,
                        "et usynligt tegn (et nulbreddetegn, fx fra Word eller en hjemmeside) står i front matter",
                    ),
                )
                .hint("slet tegnet: skriv ordet omkring det igen, eller slet og skriv linjen igen"),
            );
        }
    }
    problems
}

/// A warning for each field of `fields` (field name, a value of it, as read
/// from the front matter) whose text holds a bidirectional control
/// character: readers would see the text in another order than it is
/// written. One per field, at the first such character in the field's lines
/// (or at the key, when the character was written as an escape, `"\u202E"`).
pub(crate) fn direction_warnings<'a>(
    file: &str,
    file_text: &str,
    spans: &Spans,
    fields: impl IntoIterator<Item = (&'static str, &'a str)>,
) -> Vec<Diagnostic> {
    let mut warned: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    for (key, value) in fields {
        let Some(c) = value.chars().find(|c| is_bidi(*c)) else {
            continue;
        };
        let (code, name) = (u32::from(c), first_bidi(value).unwrap_or_default());
        if warned.contains(&key) {
            continue;
        }
        warned.push(key);
        let (line, column) = spans
            .lines(key)
            .and_then(|(first, count)| {
                file_text
                    .lines()
                    .enumerate()
                    .skip(first - 1)
                    .take(count)
                    .find_map(|(idx, line)| {
                        let at = line.find(is_bidi)?;
                        Some((idx + 1, line[..at].chars().count() + 1))
                    })
            })
            .or_else(|| spans.key(key))
            .unwrap_or((1, 1));
        problems.push(
            Diagnostic::warning(
                file,
                Code::InvisibleCharacter,
                format!(
                    "feltet `{key}` indeholder et usynligt tegn, der styrer tekstens retning ({name}): læserne kan se teksten i en anden rækkefølge, end den står her"
                ),
            )
            .at(line, column)
            .with_source_line(file_text)
            .hint(format!(
                "slet tegnet (eller koden `\\u{code:04X}`, hvis det er skrevet sådan): skriv ordene omkring det igen; det følger ofte med tekst kopieret fra en hjemmeside eller et andet program"
            )),
        );
    }
    problems
}

/// The value part of a front matter line: after `key: ` or `- `.
fn line_value(line: &str) -> &str {
    let item = line.trim_start();
    let item = item.strip_prefix("- ").unwrap_or(item);
    match item.split_once(": ") {
        Some((key, value)) if !key.starts_with(['"', '\'']) && !key.contains(CURLY_QUOTES) => {
            value.trim_start()
        }
        _ => item,
    }
}
