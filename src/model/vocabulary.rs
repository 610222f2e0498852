//! Vocabulary fields (`sector`, `level`): a key from `site.toml` becomes a
//! [`Facet`]; anything else is reported with what the editor most likely meant.

use std::collections::BTreeMap;

use crate::content::front_matter;
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::parse::Document;
use crate::slug::slugify;

use super::Facet;
use super::locate::{has_key, key_problem, value_problem};

/// The facet `value` names in `vocabulary`; `None` (with the problem) if none.
pub(super) fn facet(
    doc: &Document,
    key: &str,
    value: &str,
    vocabulary: &BTreeMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Facet> {
    if let Some(label) = vocabulary.get(value) {
        return Some(Facet {
            key: value.to_string(),
            label: label.clone(),
        });
    }
    let allowed: Vec<&str> = vocabulary.keys().map(String::as_str).collect();
    if value.trim().is_empty() {
        if !has_key(doc, key) {
            return None;
        }
        problems.push(
            key_problem(
                doc,
                key,
                Code::MissingField,
                format!("feltet `{key}` er tomt"),
            )
            .hint(format!("tilladte værdier: {}", allowed.join(", "))),
        );
        return None;
    }
    let (what, hint) = vocabulary_hint(key, value, vocabulary, &allowed);
    problems.push(
        value_problem(
            doc,
            key,
            value,
            Code::Vocabulary,
            format!("`{value}` er ikke en tilladt værdi i feltet `{key}`{what}"),
        )
        .hint(hint),
    );
    None
}

/// What else is wrong with a value outside a vocabulary (invisible
/// characters), and the hint: the key of a label written instead of it, else
/// the closest key.
fn vocabulary_hint(
    key: &str,
    value: &str,
    vocabulary: &BTreeMap<String, String>,
    allowed: &[&str],
) -> (String, String) {
    let clean = front_matter::without_invisible(value);
    if let Some(what) = front_matter::describe_invisible(value) {
        let hint = if vocabulary.contains_key(&clean) {
            format!("slet tegnet, så der kun står `{clean}`")
        } else {
            format!("slet tegnet; tilladte værdier: {}", allowed.join(", "))
        };
        return (format!(": {what}"), hint);
    }
    let lower = clean.to_lowercase();
    if let Some((k, label)) = vocabulary
        .iter()
        .find(|(k, label)| label.to_lowercase() == lower || **k == slugify(&clean))
    {
        return (
            String::new(),
            format!("skriv nøglen `{k}`, ikke teksten »{label}«, som læserne ser"),
        );
    }
    let hint = match closest(value, allowed.iter().copied()) {
        Some(s) => format!("mente du `{s}`? Tilladte værdier: {}", allowed.join(", ")),
        None => format!(
            "tilladte værdier: {} (se [vocabularies.{key}] i site.toml)",
            allowed.join(", ")
        ),
    };
    (String::new(), hint)
}
