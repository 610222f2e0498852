//! Markdown → HTML with `pulldown-cmark`: heading ids, table of contents, plain
//! text (for search and readability), and links between content files rewritten
//! to page URLs. Pure: no file system, the caller passes what links may point at.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::config::RawHtml;
use crate::diagnostics::{Code, Diagnostic};
use crate::slug::slugify;

/// A body rendered to HTML, with what later stages need to know about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// `##` and `###` headings in order, for the in-page table of contents.
    pub toc: Vec<TocEntry>,
    /// Every heading id in the body (anchors other files may link to).
    pub heading_ids: Vec<String>,
    /// The text without markup (search, readability).
    pub text: String,
    /// Links to other content files, checked for anchors by the model.
    pub links: Vec<ContentLink>,
}

/// One heading in the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A Markdown link to another content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLink {
    /// Target path relative to `content/`, e.g. `temaer/faelles-formaal.md`.
    pub target: String,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
    /// 1-based line in the `.md` file.
    pub line: usize,
    /// 1-based column in the `.md` file.
    pub column: usize,
}

/// What links in a body may point at.
#[derive(Debug, Clone, Copy)]
pub struct LinkTargets<'a> {
    /// Content-relative `.md` path → page URL.
    pub pages: &'a HashMap<String, String>,
    /// Content-relative paths of non-Markdown files (images).
    pub assets: &'a HashSet<String>,
    /// Prefix of every internal URL (from `base_url`), "" at a domain's root.
    pub base_path: &'a str,
    /// Ids the theme's templates use (`indhold`, `soeg`, …): a heading never
    /// takes one, or the skip link and the site's scripts would find it instead.
    pub theme_ids: &'a HashSet<String>,
}

/// The literal `id="…"` values in template text (ids built from template
/// expressions are left out: they are not known until render).
pub fn template_ids<'a>(templates: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    let mut ids = HashSet::new();
    for text in templates {
        for (at, _) in text.match_indices("id=\"") {
            let rest = &text[at + 4..];
            let Some(end) = rest.find('"') else { continue };
            let id = &rest[..end];
            if is_safe_token(id) {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

/// One body to render.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Path shown in diagnostics.
    pub path: &'a str,
    /// Path relative to `content/` (links are resolved from its folder).
    pub relative: &'a str,
    /// The whole file text (for line numbers).
    pub file_text: &'a str,
    /// Byte offset of the body in `file_text`.
    pub body_offset: usize,
}

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
        | Options::ENABLE_STRIKETHROUGH;
    let mut out = Rendered::default();
    let mut problems = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<(usize, String)> = None; // index of Start event, text so far
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    // The image being read: where it starts and its alt text so far.
    let mut image: Option<(usize, usize, String)> = None;

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
            other => events.push(other),
        }
    }
    problems.extend(literal_links(source, targets));
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    // Every body, not only those with raw HTML: the event filter above is the
    // first line, ammonia the second (about 55 µs a body, 1–2 % of a build).
    out.html = sanitize(&out.html);
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
fn is_safe_token(text: &str) -> bool {
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

enum Rewritten<'a> {
    /// An external or absolute URL, unchanged.
    Keep(CowStr<'a>),
    /// A link to a content file or asset, with its new URL.
    Content(String, ContentLink),
    /// Removed, with the reason.
    Drop(Diagnostic),
}

/// Rewrites a link or image URL: content files to page URLs, assets to their
/// output path; script URLs are dropped.
fn rewrite_url<'a>(
    url: &CowStr<'a>,
    source: Source<'_>,
    targets: LinkTargets<'_>,
    line: usize,
    column: usize,
    is_image: bool,
) -> Rewritten<'a> {
    if is_script_url(url) {
        return Rewritten::Drop(
            Diagnostic::error(
                source.path,
                Code::UnsafeUrl,
                "adressen er ikke tilladt: den kan køre et script i læserens browser",
            )
            .at(line, column)
            .hint("link til en almindelig adresse, der begynder med https://"),
        );
    }
    let at = At {
        source,
        line,
        column,
        is_image,
    };
    let is_external = url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with("//");
    if is_external || url.starts_with('#') || url.is_empty() {
        return Rewritten::Keep(url.clone());
    }
    if let Some(absolute) = url.strip_prefix('/') {
        return match check_absolute(absolute, targets) {
            Ok(Some((resolved, page_url))) => Rewritten::Content(
                page_url,
                ContentLink {
                    target: resolved,
                    anchor: None,
                    line,
                    column,
                },
            ),
            Ok(None) => Rewritten::Keep(format!("{}/{absolute}", targets.base_path).into()),
            Err((why, hint)) => Rewritten::Drop(broken(at, url, &why).hint(hint)),
        };
    }
    let (path_part, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (url.as_ref(), None),
    };
    let folder = source.relative.rsplit_once('/').map_or("", |(f, _)| f);
    let Some(resolved) = resolve_relative(
        folder,
        &percent_decode(path_part).unwrap_or_else(|| path_part.to_string()),
    ) else {
        return Rewritten::Drop(broken(at, url, "stien peger uden for `content/`"));
    };
    if resolved.ends_with(".md") && !is_image {
        let Some(page_url) = targets.pages.get(&resolved) else {
            let suggestion =
                crate::diagnostics::closest(&resolved, targets.pages.keys().map(String::as_str));
            let mut d = broken(at, url, &format!("filen `content/{resolved}` findes ikke"));
            if let Some(s) = suggestion {
                d = d.hint(format!(
                    "mente du `{}`? Stier regnes fra den fil, linket står i",
                    relative_from(folder, s)
                ));
            }
            return Rewritten::Drop(d);
        };
        let full = match &anchor {
            Some(a) => format!("{page_url}#{a}"),
            None => page_url.clone(),
        };
        return Rewritten::Content(
            full,
            ContentLink {
                target: resolved,
                anchor,
                line,
                column,
            },
        );
    }
    if targets.assets.contains(&resolved) {
        let full = format!("{}/{resolved}", targets.base_path);
        return Rewritten::Content(
            full,
            ContentLink {
                target: resolved,
                anchor: None,
                line,
                column,
            },
        );
    }
    if is_image {
        let suggestion =
            crate::diagnostics::closest(&resolved, targets.assets.iter().map(String::as_str));
        let hint = match suggestion {
            Some(s) => format!(
                "mente du `{}`? Stier regnes fra den fil, billedet står i",
                relative_from(folder, s)
            ),
            None => format!(
                "læg billedfilen i `content/{}`, eller ret stien; stier regnes fra den fil, billedet står i",
                resolved
                    .rsplit_once('/')
                    .map_or(String::new(), |(f, _)| format!("{f}/"))
            ),
        };
        return Rewritten::Drop(
            broken(at, url, &format!("filen `content/{resolved}` findes ikke")).hint(hint),
        );
    }
    Rewritten::Drop(broken(
        at,
        url,
        &format!("filen `content/{resolved}` findes ikke"),
    ))
}

/// Sections the generator writes itself, whose every sub-address it makes
/// (case filters, worksheets, the search index, theme files).
const GENERATED_TREES: [&str; 4] = ["cases", "refleksion", "soeg-indeks", "static"];

/// Files the generator writes at the site's root.
const ROOT_FILES: [&str; 4] = ["feed.xml", "sitemap.xml", "404.html", "robots.txt"];

/// Checks a link that starts with `/` (given without it) against the site's
/// pages and files; the site's base path is added to it when the page is
/// written. `Ok(Some(…))` for a `/…/fil.md` link to a content file (its
/// content path and page URL), `Ok(None)` when the address exists.
fn check_absolute(
    absolute: &str,
    targets: LinkTargets<'_>,
) -> Result<Option<(String, String)>, (String, String)> {
    let path = absolute.split(['#', '?']).next().unwrap_or_default();
    let path = percent_decode(path).unwrap_or_else(|| path.to_string());
    let with_slash = if path.is_empty() || path.ends_with('/') {
        format!("{}/{path}", targets.base_path)
    } else {
        format!("{}/{path}/", targets.base_path)
    };
    let first = path.split('/').next().unwrap_or_default();
    let is_section = path.trim_end_matches('/').split('/').count() == 1
        && crate::model::link_sections().contains(&first);
    if let Some(page_url) = targets.pages.get(&path) {
        return Ok(Some((path.clone(), page_url.clone())));
    }
    let exists = path.is_empty()
        || is_section
        || GENERATED_TREES.contains(&first)
        || ROOT_FILES.contains(&path.as_str())
        || (!path.contains('/')
            && [".css", ".js", ".svg", ".ico"]
                .iter()
                .any(|e| path.ends_with(e)))
        || targets.assets.contains(&path)
        || targets.pages.values().any(|u| *u == with_slash);
    if exists {
        return Ok(None);
    }
    let base = targets.base_path;
    let hint = if !base.is_empty() && format!("/{path}").starts_with(&format!("{base}/")) {
        format!(
            "skriv adressen uden `{base}`: den lægges foran af sig selv (fra `base_url` i site.toml)"
        )
    } else {
        "en adresse, der begynder med `/`, regnes fra håndbogens forside, fx `/temaer/faelles-formaal/`; link hellere til indholdsfilen med en relativ sti, fx `../temaer/faelles-formaal.md`".to_string()
    };
    Err((
        "håndbogen har ingen side eller fil med den adresse".to_string(),
        hint,
    ))
}

/// Text that looks like a link but is not one: a link target with spaces
/// (`[tekst](Titel med mellemrum)`) and wiki links (`[[Titel]]`) come out as
/// literal text. Warnings with the Markdown that works.
fn literal_links(source: Source<'_>, targets: LinkTargets<'_>) -> Vec<Diagnostic> {
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
struct LiteralLink {
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

/// Whether `url` uses a scheme that runs script or reads local files, however
/// it is disguised: any case, whitespace or control characters inside (browsers
/// drop those), entities (already decoded by the Markdown parser).
pub fn is_script_url(url: &str) -> bool {
    let squashed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|s| squashed.starts_with(s))
}

/// Where a broken link or image is, and what it is.
#[derive(Clone, Copy)]
struct At<'a> {
    source: Source<'a>,
    line: usize,
    column: usize,
    is_image: bool,
}

fn broken(at: At<'_>, url: &str, why: &str) -> Diagnostic {
    let noun = if at.is_image { "billedet" } else { "linket" };
    Diagnostic::error(
        at.source.path,
        Code::BrokenLink,
        format!("{noun} `{url}` virker ikke: {why}"),
    )
    .at(at.line, at.column)
    .underline(url.chars().count() + 2)
    .hint("link til en anden indholdsfil med en relativ sti, fx `../temaer/faelles-formaal.md`")
}

/// `folder` + `relative`, with `.` and `..` resolved; `None` if it climbs out.
fn resolve_relative(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for piece in relative.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// How to write `target` (content-relative) from a file in `folder`.
fn relative_from(folder: &str, target: &str) -> String {
    let from: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    // Folders both paths share (never the target's file name).
    let shared = from
        .iter()
        .zip(&to[..to.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    format!(
        "{}{}",
        "../".repeat(from.len() - shared),
        to[shared..].join("/")
    )
}

/// Decodes `%XX` escapes; `None` if they are malformed or not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Cleans raw HTML with ammonia: no scripts, styles, event handlers or script URLs.
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "lang"])
        .add_tags([
            "figure",
            "figcaption",
            "section",
            "aside",
            "details",
            "summary",
        ])
        .link_rel(None)
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_str(relative: &str, body: &str) -> (Rendered, Vec<Diagnostic>) {
        let pages: HashMap<String, String> = [(
            "temaer/faelles-formaal.md".to_string(),
            "/temaer/faelles-formaal/".to_string(),
        )]
        .into();
        let assets: HashSet<String> = ["cases/billede.png".to_string()].into();
        let theme_ids = template_ids(["<main id=\"indhold\">", "<div id=\"{{ x }}\">"]);
        let text = format!("---\ntitle: x\n---\n{body}");
        let source = Source {
            path: "content/x.md",
            relative,
            file_text: &text,
            body_offset: 16,
        };
        render(
            source,
            LinkTargets {
                pages: &pages,
                assets: &assets,
                base_path: "",
                theme_ids: &theme_ids,
            },
            RawHtml::Sanitize,
        )
    }

    #[test]
    fn inline_code_keeps_its_code_element() {
        let (r, _) = render_str("cases/a.md", "Skriv `slug: kort` i front matter.\n");
        assert!(r.html.contains("<code>slug: kort</code>"), "{}", r.html);
        assert!(
            r.text.contains("Skriv slug: kort i front matter."),
            "{}",
            r.text
        );
    }

    #[test]
    fn headings_never_take_an_id_the_theme_uses() {
        let (r, _) = render_str("cases/a.md", "## Indhold\n\n## Andet {#indhold}\n");
        assert!(
            r.html.contains("<h2 id=\"indhold-2\">Indhold</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"indhold-3\">Andet</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn headings_get_danish_ids_and_toc() {
        let (r, problems) = render_str(
            "cases/a.md",
            "## Sådan gør du\n\ntekst\n\n### Øvelse\n\n## Sådan gør du\n",
        );
        assert!(problems.is_empty());
        assert!(
            r.html
                .contains("<h2 id=\"saadan-goer-du\">Sådan gør du</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"saadan-goer-du-2\">"));
        assert_eq!(r.toc.len(), 3);
        assert_eq!(
            r.toc[1],
            TocEntry {
                level: 3,
                id: "oevelse".into(),
                title: "Øvelse".into()
            }
        );
    }

    #[test]
    fn links_to_content_files_become_page_urls() {
        let (r, problems) = render_str(
            "cases/a.md",
            "Se [formål](../temaer/faelles-formaal.md#kort).",
        );
        assert!(problems.is_empty());
        assert!(
            r.html.contains("href=\"/temaer/faelles-formaal/#kort\""),
            "{}",
            r.html
        );
        assert_eq!(r.links[0].anchor.as_deref(), Some("kort"));
        assert_eq!((r.links[0].line, r.links[0].column), (4, 4));
    }

    #[test]
    fn broken_link_is_reported_with_position_and_suggestion() {
        let (r, problems) = render_str(
            "cases/a.md",
            "Tekst\n\nSe [formål](../temaer/faelles-formal.md).",
        );
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert_eq!((p.line, p.column), (Some(6), Some(4)));
        assert_eq!(
            p.message,
            "linket `../temaer/faelles-formal.md` virker ikke: filen `content/temaer/faelles-formal.md` findes ikke"
        );
        assert_eq!(
            p.hint.as_deref(),
            Some(
                "mente du `../temaer/faelles-formaal.md`? Stier regnes fra den fil, linket står i"
            )
        );
        assert!(
            !r.html.contains("<a"),
            "dropped link keeps only its text: {}",
            r.html
        );
    }

    #[test]
    fn script_urls_never_reach_href() {
        let (r, problems) = render_str(
            "a.md",
            "[klik](javascript:alert(1)) [x]( JaVaScRiPt:alert(1))",
        );
        assert_eq!(problems.len(), 2);
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_sanitized() {
        let (r, _) = render_str(
            "a.md",
            "<script>alert(1)</script>\n\n<p onclick=\"x()\">hej</p>\n\n<img src=x onerror=alert(1)>",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.contains("onerror"));
        assert!(r.html.contains("hej"));
    }

    #[test]
    fn images_resolve_to_assets_and_missing_ones_are_errors() {
        let (r, problems) = render_str(
            "cases/a.md",
            "![Et billede](billede.png)\n\n![Mangler](væk.png)",
        );
        assert!(r.html.contains("src=\"/cases/billede.png\""), "{}", r.html);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message
                == "billedet `væk.png` virker ikke: filen `content/cases/væk.png` findes ikke"
        );
    }

    #[test]
    fn suggestions_are_relative_to_the_linking_file() {
        assert_eq!(
            relative_from("temaer", "temaer/faelles-formaal.md"),
            "faelles-formaal.md"
        );
        assert_eq!(
            relative_from("cases", "temaer/faelles-formaal.md"),
            "../temaer/faelles-formaal.md"
        );
        assert_eq!(relative_from("", "temaer/a.md"), "temaer/a.md");
        assert_eq!(relative_from("temaer", "om.md"), "../om.md");
    }

    #[test]
    fn absolute_links_are_checked_against_the_site() {
        let (_, problems) = render_str(
            "cases/a.md",
            "[ok](/temaer/faelles-formaal/) [liste](/cases/) [f](/feed.xml)\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let (r, problems) = render_str("cases/a.md", "[md](/temaer/faelles-formaal.md)\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            r.html.contains("href=\"/temaer/faelles-formaal/\""),
            "{}",
            r.html
        );
        let (_, problems) = render_str(
            "cases/a.md",
            "[nej](/temaer/findes-ikke/) ![](/billede.png)\n",
        );
        let codes: Vec<Code> = problems.iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            [Code::BrokenLink, Code::BrokenLink, Code::MissingAlt],
            "{problems:?}"
        );
    }

    #[test]
    fn links_markdown_leaves_as_text_are_warnings() {
        let (_, problems) = render_str(
            "cases/a.md",
            "Se [temaet](Fælles formål) og [[Fælles formål]].\n\n`[[kode]]` [t](a.md \"titel\")\n\n```\n[[x]]\n```\n",
        );
        let literal: Vec<&Diagnostic> = problems
            .iter()
            .filter(|p| p.code == Code::LiteralLink)
            .collect();
        assert_eq!(literal.len(), 2, "{problems:?}");
        assert_eq!((literal[0].line, literal[0].column), (Some(4), Some(4)));
        assert_eq!(
            literal[0].hint.as_deref(),
            Some(
                "skriv stien til indholdsfilen, fx `[temaet](../temaer/faelles-formaal.md)`; et mellemrum i en sti skrives `%20`"
            )
        );
        assert_eq!(
            literal[1].hint.as_deref(),
            Some("skriv et Markdown-link: `[Fælles formål](../temaer/faelles-formaal.md)`")
        );
    }

    #[test]
    fn images_without_alt_text_are_warnings() {
        let (_, problems) = render_str(
            "cases/a.md",
            "![](billede.png)\n\n![Et billede](billede.png)\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            (problems[0].code, problems[0].line),
            (Code::MissingAlt, Some(4))
        );
        assert!(!problems[0].is_error());
    }

    #[test]
    fn plain_text_has_no_markup() {
        let (r, _) = render_str("a.md", "## Overskrift\n\nEt *vigtigt* ord.\n\n- punkt");
        assert_eq!(r.text, "Overskrift Et vigtigt ord. punkt");
    }

    /// Every attribute (name, value) of every tag in `html` (pulldown-cmark and
    /// ammonia escape `<` in text, so each `<` + letter starts a tag).
    fn attributes(html: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            rest = &rest[start + 1..];
            if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let name_end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/');
            let mut tag = rest[name_end.unwrap_or(rest.len())..].trim_start();
            loop {
                tag = tag.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
                if tag.is_empty() || tag.starts_with('>') {
                    break;
                }
                let end = tag
                    .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                    .unwrap_or(tag.len());
                let name = tag[..end].to_ascii_lowercase();
                tag = tag[end..].trim_start();
                let mut value = String::new();
                if let Some(after) = tag.strip_prefix('=') {
                    let after = after.trim_start();
                    let (v, remaining) = match after.chars().next() {
                        Some(q @ ('"' | '\'')) => {
                            let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                            (&after[1..close], &after[(close + 1).min(after.len())..])
                        }
                        _ => {
                            let e = after
                                .find(|c: char| c.is_whitespace() || c == '>')
                                .unwrap_or(after.len());
                            (&after[..e], &after[e..])
                        }
                    };
                    value = v.to_string();
                    tag = remaining;
                }
                found.push((name, value));
            }
            rest = tag;
        }
        found
    }

    /// What no rendered body may contain, whatever the input.
    fn assert_harmless(input: &str, html: &str) {
        assert!(
            !html.to_ascii_lowercase().contains("<script"),
            "{input:?} → {html}"
        );
        for (name, value) in attributes(html) {
            assert!(
                !name.starts_with("on") && name != "style" && !name.starts_with("data-"),
                "attribute `{name}` from {input:?} → {html}"
            );
            assert!(
                [
                    "href", "src", "alt", "title", "id", "class", "lang", "start", "colspan",
                    "rowspan"
                ]
                .contains(&name.as_str()),
                "unexpected attribute `{name}` from {input:?} → {html}"
            );
            let squashed: String = value
                .to_ascii_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert!(
                !["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| squashed.starts_with(s)),
                "script URL from {input:?} → {html}"
            );
        }
    }

    #[test]
    fn the_harmlessness_check_sees_what_it_looks_for() {
        for html in [
            "<h3 id=\"x\" onfocus=\"alert(1)\">F</h3>",
            "<p style=color:red>x</p>",
            "<h2 data-pagefind-filter='x'>x</h2>",
            "<a href=\" JavaScript:x\">x</a>",
            "<SCRIPT>x</SCRIPT>",
        ] {
            assert!(
                std::panic::catch_unwind(|| assert_harmless("", html)).is_err(),
                "{html}"
            );
        }
        assert_harmless(
            "",
            "<p>onclick=x style=y &lt;script&gt; \"javascript:x\"</p>",
        );
    }

    #[test]
    fn heading_attributes_keep_only_safe_ids_and_classes() {
        let (r, _) = render_str("a.md", "### Fokus {#x onfocus=alert(1)}\n");
        assert_eq!(r.html, "<h3 id=\"x\">Fokus</h3>\n");
        let (r, _) = render_str(
            "a.md",
            "## A {#ok .fin .\"x\" style=color:red data-pagefind-filter=x}\n\n## B {#a\"b}\n\n## C {#æ-ø}\n",
        );
        assert!(
            r.html.contains("<h2 id=\"ok\" class=\"fin\">A</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"a-b\">B</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"ae-oe\">C</h2>"), "{}", r.html);
        assert_eq!(r.heading_ids, ["ok", "a-b", "ae-oe"]);
    }

    #[test]
    fn code_blocks_and_tables_set_no_unsafe_attributes() {
        let (r, _) = render_str(
            "a.md",
            "```rust\nx\n```\n\n```\"onmouseover=x\nx\n```\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
        );
        assert!(
            r.html.contains("<code class=\"language-rust\">"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("onmouseover"), "{}", r.html);
        assert!(!r.html.contains("style="), "{}", r.html);
    }

    #[test]
    fn script_urls_are_refused_in_every_disguise() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript&colon;alert(1)",
            "java&#9;script:alert(1)",
            "java&#10;script:alert(1)",
            "<\tjavascript:alert(1)>",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:text/html,<script>alert(1)</script>",
            "&#100;ata:text/html,x",
        ] {
            for body in [
                format!("[klik]({url})"),
                format!("![billede]({url})"),
                format!("[klik][r]\n\n[r]: {url}"),
            ] {
                let (r, problems) = render_str("a.md", &body);
                assert_harmless(&body, &r.html);
                assert_eq!(problems.len(), 1, "{body} → {}", r.html);
                assert_eq!(problems[0].code, Code::UnsafeUrl, "{body}");
            }
        }
        let (r, problems) = render_str("a.md", "<javascript:alert(1)> <vbscript:x>");
        assert_harmless("autolink", &r.html);
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn hostile_bodies_never_put_script_on_the_page() {
        // Fuzz-style: random sequences of hostile fragments, with a fixed seed.
        let pieces = [
            "### Fokus {#x onfocus=alert(1)}\n",
            "## T {.a style=x data-pagefind-meta=y onclick=z}\n",
            "# {#\" onload=\"x}\n",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<p style=\"color:red\" data-x=1 onclick=\"x()\">p</p>",
            "<a href=\"javascript:alert(1)\">a</a>",
            "<svg><animate onbegin=alert(1)>",
            "[a](javascript:alert(1) \"t\\\" onmouseover=x\")",
            "![i](billede.png \"\\\" onerror=alert(1) x=\\\"\")",
            "```\" onclick=x\ncode\n```\n",
            "```js onclick=x\ncode\n```\n",
            "| a |\n|:-:|\n| b |\n",
            "[^\" onclick=x]\n\n[^\" onclick=x]: fod\n",
            "<javascript:alert(1)>",
            "[r]: DaTa:text/html,x\n[x][r]",
            "onclick=x style=y data-x=z",
            "&lt;script&gt;",
            "\n\n",
            "*",
            "`",
            "{",
            "}",
            " ",
            "\"",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2_000 {
            let count = 1 + (next() % 6) as usize;
            let body: String = (0..count)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let (r, _) = render_str("cases/a.md", &body);
            assert_harmless(&body, &r.html);
        }
    }
}
