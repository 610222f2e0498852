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

/// Where each top-level key of a front matter stands in its file. Recorded
/// once while parsing, so the model and render stages point a problem at a
/// key or a value without splitting the file again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    keys: Vec<KeySpan>,
}

/// A top-level `key:` and the lines its value may take.
#[derive(Debug, Clone, PartialEq, Eq)]
struct KeySpan {
    key: Box<str>,
    /// 1-based file line of `key:`.
    line: usize,
    /// Lines after it that belong to its value (indented, or `- item` lines).
    more_lines: usize,
}

/// Where a key stands in its file, and how wide it is: enough to underline it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyAt {
    /// 1-based file line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The key's width, in characters.
    pub width: usize,
}

impl Spans {
    /// The spans of `split`'s front matter. A key written twice keeps its
    /// first place, the one YAML reports.
    pub fn of(split: &Split<'_>) -> Self {
        let mut keys: Vec<KeySpan> = Vec::new();
        let mut open = false;
        for (idx, line) in split.yaml.lines().enumerate() {
            if line.starts_with([' ', '-', '\t']) {
                if open && let Some(last) = keys.last_mut() {
                    last.more_lines += 1;
                }
                continue;
            }
            open = false;
            let Some(key) = top_level_key(line) else {
                continue;
            };
            if keys.iter().any(|k| &*k.key == key) {
                continue;
            }
            keys.push(KeySpan {
                key: key.into(),
                line: idx + split.yaml_first_line,
                more_lines: 0,
            });
            open = true;
        }
        Spans { keys }
    }

    fn get(&self, key: &str) -> Option<&KeySpan> {
        self.keys.iter().find(|k| &*k.key == key)
    }

    /// The lines of top-level `key` and its value: the 1-based file line of
    /// `key:` and how many lines, counting that one, its value may take.
    pub(crate) fn lines(&self, key: &str) -> Option<(usize, usize)> {
        self.get(key).map(|k| (k.line, k.more_lines + 1))
    }

    /// Position of the top-level `key:`, in file lines.
    pub fn key(&self, key: &str) -> Option<(usize, usize)> {
        self.get(key).map(|k| (k.line, 1))
    }

    /// The first of `keys` written, with its width.
    pub(crate) fn first_of(&self, keys: &[&str]) -> Option<KeyAt> {
        keys.iter().find_map(|key| {
            self.get(key).map(|k| KeyAt {
                line: k.line,
                column: 1,
                width: key.chars().count(),
            })
        })
    }

    /// Position of `value` within the lines of top-level `key` in
    /// `file_text` (the whole file), or of the key itself.
    pub fn value(&self, file_text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
        let span = self.get(key)?;
        let lines = file_text
            .lines()
            .skip(span.line - 1)
            .take(span.more_lines + 1);
        // The value may sit on the key's line (`themes: [a, b]`) or on `- a` lines below it.
        for (offset, line) in lines.enumerate() {
            // On the key's line, search after its colon.
            let search_from = if offset == 0 {
                line.find(':').map_or(line.len(), |i| i + 1)
            } else {
                0
            };
            if let Some(found) = find_token(&line[search_from..], value) {
                let col = line[..search_from + found].chars().count() + 1;
                return Some((span.line + offset, col));
            }
        }
        Some((span.line, 1))
    }
}

/// The key of a top-level `key: value` line: what stands before the colon,
/// without the spaces and tabs YAML allows there (`sector\u{a0}:` is another key).
fn top_level_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim_end_matches([' ', '\t']);
    (!key.is_empty() && !key.starts_with('#')).then_some(key)
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
