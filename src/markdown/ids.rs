//! What content may name in the HTML: a heading's id (from its text, or an
//! explicit `{#id}`), classes, a code block's language. Only safe tokens.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag};

use crate::slug::slugify;

/// Gives a heading its id (an explicit `{#id}` wins) and returns it.
pub(super) fn finish_heading(
    start: &mut Event<'_>,
    title: &str,
    used: &mut HashSet<String>,
    theme_ids: &HashSet<String>,
) -> String {
    let Event::Start(Tag::Heading { id, .. }) = start else {
        return String::new();
    };
    // An explicit `{#id}` that is not a safe token becomes its slug.
    let explicit = id.as_deref().map(|explicit| {
        if is_safe_token(explicit) {
            explicit.to_string()
        } else {
            slugify(explicit)
        }
    });
    let base = match explicit.filter(|e| !e.is_empty()) {
        Some(explicit) => explicit,
        None => {
            let slug = slugify(title);
            if slug.is_empty() {
                "afsnit".to_string()
            } else {
                slug
            }
        }
    };
    let mut unique = base.clone();
    let mut n = 2;
    // Ids the theme uses are taken too, as are those earlier in the body.
    while theme_ids.contains(&unique) || !used.insert(unique.clone()) {
        unique = format!("{base}-{n}");
        n += 1;
    }
    *id = Some(CowStr::from(unique.clone()));
    unique
}

/// Whether `text` may stand as an id or class: ASCII letters, digits, `-`, `_`.
pub(super) fn is_safe_token(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 100
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The language of a fenced code block's info string (its first word, which
/// becomes `class="language-…"`), or "" when it is not a safe token.
pub(super) fn code_language(info: &str) -> String {
    let first = info.split_whitespace().next().unwrap_or_default();
    if is_safe_token(first) {
        first.to_string()
    } else {
        String::new()
    }
}
