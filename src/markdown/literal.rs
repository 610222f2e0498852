//! Text that looks like a link but is not one (`[tekst](Titel med mellemrum)`,
//! `[[wikilink]]`): a warning with the Markdown that works.

use crate::diagnostics::{Code, Diagnostic};
use crate::slug::slugify;

use super::links::relative_from;
use super::{LinkTargets, Source};

/// Text that looks like a link but is not one: a link target with spaces
/// (`[tekst](Titel med mellemrum)`) and wiki links (`[[Titel]]`) come out as
/// literal text. Warnings with the Markdown that works.
pub(super) fn literal_links(source: Source<'_>, targets: LinkTargets<'_>) -> Vec<Diagnostic> {
    let body = &source.file_text[source.body_offset..];
    let folder = source.relative.rsplit_once('/').map_or("", |(f, _)| f);
    let mut problems = Vec::new();
    let mut fence: Option<&str> = None;
    let mut line_start = source.body_offset;
    for line in body.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(marker);
            continue;
        }
        if line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        for (offset, problem) in literal_links_in_line(line) {
            let (l, c) = crate::diagnostics::line_col(source.file_text, at + offset);
            let suggestion = page_named(&problem.target, targets)
                .map(|rel| relative_from(folder, rel))
                .unwrap_or_else(|| "../temaer/faelles-formaal.md".to_string());
            let (message, hint) = if problem.wiki {
                (
                    format!(
                        "`[[{}]]` bliver ikke et link: håndbogen kender ikke wiki-links",
                        problem.target
                    ),
                    format!(
                        "skriv et Markdown-link: `[{}]({suggestion})`",
                        problem.target
                    ),
                )
            } else {
                (
                    format!(
                        "`[{}]({})` bliver ikke et link: der er mellemrum i adressen",
                        problem.text, problem.target
                    ),
                    format!(
                        "skriv stien til indholdsfilen, fx `[{}]({suggestion})`; et mellemrum i en sti skrives `%20`",
                        problem.text
                    ),
                )
            };
            problems.push(
                Diagnostic::warning(source.path, Code::LiteralLink, message)
                    .at(l, c)
                    .underline(problem.len)
                    .with_source_line(source.file_text)
                    .hint(hint),
            );
        }
    }
    problems
}

/// A link-like text that Markdown leaves as text.
pub(super) struct LiteralLink {
    text: String,
    target: String,
    wiki: bool,
    /// Its length in characters.
    len: usize,
}

/// The literal links of one line, with their byte offsets; inline code skipped.
fn literal_links_in_line(line: &str) -> Vec<(usize, LiteralLink)> {
    let mut found = Vec::new();
    let mut in_code = false;
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if rest.starts_with('`') {
            in_code = !in_code;
        } else if !in_code && rest.starts_with("[[") {
            if let Some(end) = rest.find("]]") {
                let target = rest[2..end].trim().to_string();
                if !target.is_empty() && !target.contains(['[', ']']) {
                    let len = rest[..end + 2].chars().count();
                    found.push((
                        i,
                        LiteralLink {
                            text: target.clone(),
                            target,
                            wiki: true,
                            len,
                        },
                    ));
                    i += end + 2;
                    continue;
                }
            }
        } else if !in_code
            && rest.starts_with('[')
            && let Some(link) = spaced_link(rest)
        {
            let advance = link.len;
            found.push((i, link));
            i += rest
                .char_indices()
                .nth(advance)
                .map_or(rest.len(), |(b, _)| b);
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// `[text](target with spaces)` at the start of `rest`, where CommonMark sees
/// no link (a title in quotes after the space, or `<…>`, make it a link).
fn spaced_link(rest: &str) -> Option<LiteralLink> {
    let close = rest.find("](")?;
    let text = &rest[1..close];
    if text.contains(['[', ']']) {
        return None;
    }
    let after = &rest[close + 2..];
    let end = after.find(')')?;
    let target = &after[..end];
    let (first, title) = target.trim().split_once(' ')?;
    if first.starts_with('<') || title.trim_start().starts_with(['"', '\'', '(']) {
        return None;
    }
    Some(LiteralLink {
        text: text.to_string(),
        target: target.trim().to_string(),
        wiki: false,
        len: rest[..close + 2 + end + 1].chars().count(),
    })
}

/// The content file whose title or file name gives the slug of `name`.
fn page_named<'a>(name: &str, targets: LinkTargets<'a>) -> Option<&'a str> {
    let slug = slugify(name.trim_end_matches(".md"));
    if slug.is_empty() {
        return None;
    }
    let mut matches: Vec<&String> = targets
        .pages
        .iter()
        .filter(|(rel, url)| {
            url.trim_end_matches('/').rsplit('/').next() == Some(slug.as_str())
                || rel.rsplit('/').next().and_then(|f| f.strip_suffix(".md")) == Some(slug.as_str())
        })
        .map(|(rel, _)| rel)
        .collect();
    matches.sort();
    matches.first().map(|r| r.as_str())
}
