//! Positions in front matter: libyaml's line/column to byte offsets, and
//! where a key or a value stands in the `.md` file.

use super::Split;

/// Byte offset in `yaml` of libyaml's 1-based `line` and `column` (in characters),
/// counting line breaks as YAML does.
pub(super) fn yaml_offset(yaml: &str, line: usize, column: usize) -> usize {
    let mut chars = yaml.char_indices().peekable();
    let (mut at_line, mut at_column) = (1, 1);
    while let Some((idx, c)) = chars.next() {
        if (at_line, at_column) >= (line, column) {
            return idx;
        }
        match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                if c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
                    chars.next();
                }
                at_line += 1;
                at_column = 1;
            }
            _ => at_column += 1,
        }
    }
    yaml.len()
}

/// `(line, column)` of "… at line L column C" in a libyaml message.
pub(super) fn yaml_position(text: &str) -> Option<(usize, usize)> {
    let rest = text.rsplit_once(" at line ")?.1;
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// Position of the top-level `key:` inside the front matter, in file lines.
pub fn key_position(file_text: &str, split: &Split<'_>, key: &str) -> Option<(usize, usize)> {
    crate::diagnostics::find_key(split.yaml, key)
        .map(|(line, col)| (line + split.yaml_first_line - 1, col))
        .filter(|_| !file_text.is_empty())
}

/// Position of `value` within the line of top-level `key`, or of the key itself.
pub fn value_position(split: &Split<'_>, key: &str, value: &str) -> Option<(usize, usize)> {
    let (key_line, _) = crate::diagnostics::find_key(split.yaml, key)?;
    let lines: Vec<&str> = split.yaml.lines().collect();
    // The value may sit on the key's line (`themes: [a, b]`) or on `- a` lines below it.
    for (idx, line) in lines.iter().enumerate().skip(key_line - 1) {
        if idx >= key_line && !line.starts_with([' ', '-', '\t']) {
            break;
        }
        // On the key's line, search after its colon (`find_key` matched `key` and `:` there).
        let search_from = if idx == key_line - 1 {
            line.find(':').map_or(line.len(), |i| i + 1)
        } else {
            0
        };
        if let Some(found) = find_token(&line[search_from..], value) {
            let col = line[..search_from + found].chars().count() + 1;
            return Some((idx + split.yaml_first_line, col));
        }
    }
    Some((key_line + split.yaml_first_line - 1, 1))
}

/// Finds `value` as a whole token (not inside a longer word).
fn find_token(haystack: &str, value: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    haystack.match_indices(value).map(|(i, _)| i).find(|&i| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + value.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}
