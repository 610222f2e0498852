//! Addresses and anchors: two documents may not share a URL, and a link to
//! `file.md#afsnit` must name a heading the file has.

use crate::diagnostics::{Code, Diagnostic, closest};
use crate::parse::Document;

use super::locate::key_problem;

/// Two documents with the same URL: the later one (by path) is reported and dropped.
pub(super) fn drop_duplicate_urls(
    mut documents: Vec<Document>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    documents.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let mut seen: foldhash::HashMap<String, String> = foldhash::HashMap::default();
    let mut kept = Vec::with_capacity(documents.len());
    for doc in documents {
        if let Some(first) = seen.get(&doc.url) {
            let key = if doc.meta.slug_override().is_some() {
                "slug"
            } else {
                "title"
            };
            problems.push(
                key_problem(&doc, key, Code::DuplicateSlug, format!("adressen `{}` bruges også af {first}", doc.url))
                    .hint("to sider kan ikke have samme adresse: ret titlen, eller angiv et andet `slug:`"),
            );
            continue;
        }
        seen.insert(doc.url.clone(), doc.file.path.clone());
        kept.push(doc);
    }
    kept
}

/// Links to an anchor another file does not have.
pub(super) fn check_anchors(documents: &[Document], problems: &mut Vec<Diagnostic>) {
    let ids: foldhash::HashMap<&str, &[String]> = documents
        .iter()
        .map(|d| (d.file.relative.as_str(), d.body.heading_ids.as_slice()))
        .collect();
    for doc in documents {
        for link in &doc.body.links {
            let (Some(anchor), Some(targets)) = (&link.anchor, ids.get(link.target.as_str()))
            else {
                continue;
            };
            if !targets.contains(anchor) {
                let mut d = Diagnostic::error(
                    &doc.file.path,
                    Code::BrokenAnchor,
                    format!(
                        "afsnittet `#{anchor}` findes ikke i `content/{}`",
                        link.target
                    ),
                )
                .at(link.line, link.column)
                .with_source_line(&doc.file.text);
                d = match closest(anchor, targets.iter().map(String::as_str)) {
                    Some(s) => d.hint(format!("mente du `#{s}`?")),
                    None => d.hint(format!(
                        "afsnit i filen: {}",
                        targets
                            .iter()
                            .map(|t| format!("#{t}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                problems.push(d);
            }
        }
    }
}
