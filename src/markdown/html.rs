//! Markdown events to HTML: headings get ids and a table of contents, links
//! and images are rewritten ([`super::links`]), code blocks and tables are
//! written from whitelisted parts, raw HTML is sanitised or rejected.

use std::collections::HashSet;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::config::RawHtml;
use crate::diagnostics::{Code, Diagnostic};
use crate::slug::slugify;

use super::links::{Rewritten, rewrite_url};
use super::literal::literal_links;
use super::resources::{Written, third_party_warnings};
use super::sanitize::sanitize;
use super::{LinkTargets, Rendered, Source, TocEntry};

/// Renders the body of `source`; problems (broken links, missing images, raw
/// HTML when rejected, script URLs) come back as diagnostics.
pub fn render(
    source: Source<'_>,
    targets: LinkTargets<'_>,
    raw_html: RawHtml,
) -> (Rendered, Vec<Diagnostic>) {
    let body = &source.file_text[source.body_offset..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut out = Rendered::default();
    let mut problems = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<(usize, String)> = None; // index of Start event, text so far
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    // The image being read: where it starts and its alt text so far.
    let mut image: Option<(usize, usize, String)> = None;
    // Images and raw HTML as written: where a file from another host came from.
    let mut written: Vec<Written> = Vec::new();

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let at =
            || crate::diagnostics::line_col(source.file_text, source.body_offset + range.start);
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((events.len(), String::new()));
                // `{… key=value}` attributes are dropped: an event handler, `style`
                // or a `data-` attribute the site's scripts or Pagefind read must
                // never come from content. Only safe ids and classes stay.
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes: classes.into_iter().filter(|c| is_safe_token(c)).collect(),
                    attrs: Vec::new(),
                }));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                    code_language(&info).into(),
                ))));
            }
            Event::Start(Tag::Table(alignments)) => {
                // pulldown-cmark writes alignment as `style="text-align: …"`, which
                // the site's CSP blocks anyway; no inline style reaches a page.
                let plain = vec![Alignment::None; alignments.len()];
                events.push(Event::Start(Tag::Table(plain)));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, title)) = heading.take() {
                    let title = title.trim().to_string();
                    let id = finish_heading(
                        &mut events[start],
                        &title,
                        &mut used_ids,
                        targets.theme_ids,
                    );
                    if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                        out.toc.push(TocEntry {
                            level: level as u8,
                            id: id.clone(),
                            title,
                        });
                    }
                    out.heading_ids.push(id);
                }
                out.text.push(' ');
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Text(text) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&text);
                }
                if let Some((.., alt)) = image.as_mut() {
                    alt.push_str(&text);
                }
                out.text.push_str(&text);
                events.push(Event::Text(text));
            }
            // Inline code keeps its `<code>` element; its text counts as text.
            Event::Code(text) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&text);
                }
                out.text.push_str(&text);
                events.push(Event::Code(text));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (line, column) = at();
                match rewrite_url(&dest_url, source, targets, line, column, false) {
                    Rewritten::Keep(url) => {
                        dropped_links.push(false);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: url,
                            title,
                            id,
                        }));
                    }
                    Rewritten::Content(url, link) => {
                        out.links.push(link);
                        dropped_links.push(false);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: url.into(),
                            title,
                            id,
                        }));
                    }
                    Rewritten::Drop(problem) => {
                        problems.push(problem.with_source_line(source.file_text));
                        dropped_links.push(true);
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (line, column) = at();
                image = Some((line, column, String::new()));
                written.push(Written {
                    line,
                    column,
                    text: dest_url.to_string(),
                });
                let url = match rewrite_url(&dest_url, source, targets, line, column, true) {
                    Rewritten::Keep(url) => url,
                    Rewritten::Content(url, _) => url.into(),
                    Rewritten::Drop(problem) => {
                        problems.push(problem.with_source_line(source.file_text));
                        CowStr::Borrowed("")
                    }
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((line, column, alt)) = image.take()
                    && alt.trim().is_empty()
                {
                    problems.push(
                        Diagnostic::warning(source.path, Code::MissingAlt, "billedet har ingen alternativ tekst")
                            .at(line, column)
                            .underline(2)
                            .with_source_line(source.file_text)
                            .hint("skriv, hvad billedet viser, mellem de firkantede parenteser, fx `![Lederne samlet om en tavle](billede.jpg)`: den tekst læses op for blinde og vises, hvis billedet ikke kan hentes"),
                    );
                }
                events.push(event);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if raw_html == RawHtml::Reject {
                    let (line, column) = at();
                    problems.push(
                        Diagnostic::error(source.path, Code::RawHtml, "rå HTML er ikke tilladt i denne håndbog")
                            .at(line, column)
                            .with_source_line(source.file_text)
                            .hint("skriv indholdet i Markdown, eller sæt `raw_html = \"sanitize\"` under `[markdown]` i site.toml"),
                    );
                } else {
                    let (line, column) = at();
                    written.push(Written {
                        line,
                        column,
                        text: html.to_string(),
                    });
                    events.push(Event::Html(html));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                out.text.push(' ');
                events.push(event);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => {
                out.text.push(' ');
                events.push(event);
            }
            // `- [ ]` in a list: a box to tick on paper, not a form field
            // (a disabled checkbox has no label and does nothing on screen).
            Event::TaskListMarker(done) => {
                events.push(Event::InlineHtml(CowStr::Borrowed(if done {
                    "<span class=\"tick tick-done\"></span>"
                } else {
                    "<span class=\"tick\"></span>"
                })))
            }
            other => events.push(other),
        }
    }
    problems.extend(literal_links(source, targets));
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    // Every body, not only those with raw HTML: the event filter above is the
    // first line, ammonia the second (about 55 µs a body, 1–2 % of a build).
    out.html = sanitize(&out.html);
    // Only an image or raw HTML can embed a file; most bodies have neither.
    if !written.is_empty() {
        problems.extend(third_party_warnings(
            source,
            &out.html,
            &written,
            targets.hosts,
        ));
    }
    out.text = out.text.split_whitespace().collect::<Vec<_>>().join(" ");
    (out, problems)
}

/// Gives a heading its id (an explicit `{#id}` wins) and returns it.
fn finish_heading(
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
fn code_language(info: &str) -> String {
    let first = info.split_whitespace().next().unwrap_or_default();
    if is_safe_token(first) {
        first.to_string()
    } else {
        String::new()
    }
}
