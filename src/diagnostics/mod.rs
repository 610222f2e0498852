//! [`Diagnostic`]: one problem an editor must fix, with file, line, column and a hint.
//!
//! Every stage reports problems as diagnostics; `check` and `build` print them all.
//! The text form is `path:LINE:COL: fejl: message`, then the offending line, then `tip:`.

use std::fmt;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

mod code;

pub use code::Code;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported, but the site is still built.
    Warning,
}

impl Severity {
    /// The Danish word printed before the message.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Severity::Error => "fejl",
            Severity::Warning => "advarsel",
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The file, relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based line in the file, where known.
    pub line: Option<usize>,
    /// 1-based column (in characters) in the file, where known.
    pub column: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// The kind of problem, printed as a stable kebab-case code, e.g. `front-matter`.
    pub code: Code,
    /// What is wrong, in Danish.
    pub message: String,
    /// What to do about it, in Danish.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Characters to underline from `column`.
    #[serde(skip)]
    pub underline: usize,
}

impl Diagnostic {
    /// An error in `file` (which should be relative to the site root).
    pub fn error(file: impl AsRef<Path>, code: Code, message: impl Into<String>) -> Self {
        Self::new(file, Severity::Error, code, message)
    }

    /// A warning in `file`.
    pub fn warning(file: impl AsRef<Path>, code: Code, message: impl Into<String>) -> Self {
        Self::new(file, Severity::Warning, code, message)
    }

    fn new(
        file: impl AsRef<Path>,
        severity: Severity,
        code: Code,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: display_path(file.as_ref()),
            line: None,
            column: None,
            severity,
            code,
            message: message.into(),
            hint: None,
            source_line: None,
            underline: 1,
        }
    }

    /// Sets the 1-based line and column.
    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Underlines `chars` characters from the column.
    pub(crate) fn underline(mut self, chars: usize) -> Self {
        self.underline = chars.max(1);
        self
    }

    /// Turns an error into a warning.
    pub(crate) fn into_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds the hint.
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Copies the offending line out of the whole file's text (needs `at` first).
    pub(crate) fn with_source_line(mut self, file_text: &str) -> Self {
        if let Some(line) = self.line {
            self.source_line = file_text
                .lines()
                .nth(line.saturating_sub(1))
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:LINE:COL` (or less, when the position is unknown).
    pub(crate) fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(col)) => format!("{}:{line}:{col}", self.file),
            (Some(line), None) => format!("{}:{line}", self.file),
            _ => self.file.clone(),
        }
    }

    /// The offending line with an underline, as annotate-snippets draws it.
    fn snippet(&self) -> Option<String> {
        let (text, line, column) = (self.source_line.as_ref()?, self.line?, self.column?);
        // One character for one, so the underline stays under its column.
        let text: String = text
            .chars()
            .map(|c| {
                if is_unprintable(c) && c != '\t' {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect();
        let start = byte_offset_of_char(&text, column.saturating_sub(1));
        let end = byte_offset_of_char(&text, column.saturating_sub(1) + self.underline).max(start);
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let report = [Group::with_level(level).element(
            Snippet::source(text.as_str())
                .line_start(line)
                .annotation(AnnotationKind::Primary.span(start..end)),
        )];
        Some(Renderer::plain().render(&report).to_string())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // File names and quoted values come from the site: escaped, so none can
        // start a line that looks like another diagnostic or drive the terminal.
        write!(
            f,
            "{}: {}: {}",
            escape_controls(&self.location()),
            self.severity.label(),
            escape_controls(&self.message)
        )?;
        if let Some(snippet) = self.snippet() {
            write!(f, "\n{}", snippet.trim_end())?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = tip: {}", escape_controls(hint))?;
        }
        Ok(())
    }
}

/// Control characters (newline, escape, …) and the invisible marks that turn
/// text around (bidi embeddings, overrides, isolates and marks), which could
/// make printed text lie.
fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        )
}

/// `text` with every unprintable character written as an escape (`\n`, `\u{1b}`).
/// `1 advarsel`, `3 advarsler`.
pub fn warnings_count(n: usize) -> String {
    if n == 1 {
        "1 advarsel".to_string()
    } else {
        format!("{n} advarsler")
    }
}

pub(crate) fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if is_unprintable(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// A path as shown to editors: relative, with `/` on every platform.
pub(crate) fn display_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// 1-based (line, column in characters) of a byte offset in `text`.
pub(crate) fn line_col(text: &str, byte_offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, byte_offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// 1-based position of a top-level `key:` or `key =` in YAML or TOML text.
pub(crate) fn find_key(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(idx, line)| {
        let rest = line.strip_prefix(key)?;
        // Only spaces and tabs: `sector\u{a0}:` is another key in YAML and TOML.
        let rest = rest.trim_start_matches([' ', '\t']);
        (rest.starts_with(':') || rest.starts_with('=')).then_some((idx + 1, 1))
    })
}

fn floor_char_boundary(text: &str, mut idx: usize) -> usize {
    while !text.is_char_boundary(idx) {
        idx -= 1;
    }
    idx
}

fn byte_offset_of_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(idx, _)| idx)
}

/// Orders diagnostics by file and position, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
}

/// Smallest edit distance candidate within 1/3 of the word's length: "did you mean …".
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "første\nær: x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 5));
    }

    #[test]
    fn display_shows_location_line_and_hint() {
        let text = "---\nsector: komune\n---\n";
        let d = Diagnostic::error(
            "content/cases/a.md",
            Code::Vocabulary,
            "ukendt sektor `komune`",
        )
        .at(2, 9)
        .underline(6)
        .with_source_line(text)
        .hint("mente du `kommune`?");
        let shown = d.to_string();
        assert!(
            shown.starts_with("content/cases/a.md:2:9: fejl: ukendt sektor `komune`\n"),
            "{shown}"
        );
        assert!(shown.contains("2 | sector: komune"), "{shown}");
        assert!(shown.contains("^^^^^^"), "{shown}");
        assert!(shown.ends_with("  = tip: mente du `kommune`?"), "{shown}");
    }

    #[test]
    fn closest_suggests_near_misses_only() {
        let words = ["kommune", "region", "tvaersektoriel"];
        assert_eq!(closest("komune", words), Some("kommune"));
        assert_eq!(closest("regoin", words), Some("region"));
        assert_eq!(closest("stat", words), None);
    }

    #[test]
    fn find_key_finds_yaml_and_toml_keys() {
        assert_eq!(find_key("a: 1\nsector: x", "sector"), Some((2, 1)));
        assert_eq!(find_key("base_url = \"x\"", "base_url"), Some((1, 1)));
        assert_eq!(find_key("sectors: x", "sector"), None);
        assert_eq!(
            find_key("sector\u{a0}: x\nsector : y", "sector"),
            Some((2, 1))
        );
    }

    #[test]
    fn control_characters_in_names_cannot_forge_lines_or_drive_the_terminal() {
        let d = Diagnostic::error(
            "content/a.md:1:1: fejl: falsk\n\u{1b}[2J\u{202e}x.md",
            Code::AssetType,
            "filen `a\rb` er\u{7} forkert",
        )
        .hint("tip\nlinje");
        let shown = d.to_string();
        assert_eq!(shown.lines().count(), 2, "{shown}");
        assert!(
            shown.starts_with("content/a.md:1:1: fejl: falsk\\n\\u{1b}[2J\\u{202e}x.md: fejl: filen `a\\rb` er\\u{7} forkert\n"),
            "{shown}"
        );
        assert!(shown.ends_with("  = tip: tip\\nlinje"), "{shown}");
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'));
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(
            json["file"],
            "content/a.md:1:1: fejl: falsk\n\u{1b}[2J\u{202e}x.md"
        );
    }

    #[test]
    fn control_characters_in_the_source_line_keep_the_underline_in_place() {
        let text = "---\ntitle: \u{1b}[31mrød\n---\n";
        let shown = Diagnostic::error("a.md", Code::Load, "m")
            .at(2, 8)
            .underline(1)
            .with_source_line(text)
            .to_string();
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(shown.contains("title: \u{fffd}[31mrød"), "{shown}");
    }
}
