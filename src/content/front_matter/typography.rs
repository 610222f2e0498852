//! Typography editors bring from Word and phones: curly quotes, zero-width
//! characters and hard spaces in front matter values, and `–` or `•` used
//! as list markers.

use crate::diagnostics::{Code, Diagnostic};

use super::Split;
use super::depth::starts_block_scalar;

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
    None
}

/// `value` without invisible characters and with hard spaces at its ends removed.
pub(crate) fn without_invisible(value: &str) -> String {
    value
        .chars()
        .filter(|c| !is_zero_width(*c))
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
