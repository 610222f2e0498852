//! Problems located in a document's front matter: at a key's line, or under
//! the value written for it, from the key spans recorded while parsing.

use crate::diagnostics::{Code, Diagnostic};
use crate::parse::Document;

/// A problem located at `key`'s value `value` in the document's front matter.
pub(super) fn value_problem(
    doc: &Document,
    key: &str,
    value: &str,
    code: Code,
    message: String,
) -> Diagnostic {
    let d = Diagnostic::error(&doc.file.path, code, message);
    match doc.spans.value(&doc.file.text, key, value) {
        Some((line, col)) => d
            .at(line, col)
            .underline(value.chars().count())
            .with_source_line(&doc.file.text),
        None => d,
    }
}

/// Whether the front matter has the top-level `key` (a draft's missing field
/// is read as empty).
pub(super) fn has_key(doc: &Document, key: &str) -> bool {
    doc.spans.key(key).is_some()
}

/// A problem located at the line of top-level `key` (or the first line).
pub(super) fn key_problem(
    doc: &Document,
    key: &str,
    code: Code,
    message: impl Into<String>,
) -> Diagnostic {
    let (line, col) = doc.spans.key(key).unwrap_or((1, 1));
    Diagnostic::error(&doc.file.path, code, message)
        .at(line, col)
        .underline(key.chars().count())
        .with_source_line(&doc.file.text)
}
