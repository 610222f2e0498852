//! Links and images: a link to a content file becomes its page's URL, an
//! asset its output path; relative and `/…` addresses are checked against the
//! site's pages and files, and anchors are recorded for the model's check.

use pulldown_cmark::CowStr;

use crate::diagnostics::{Code, Diagnostic};

use super::{ContentLink, LinkTargets, Source};
use crate::safe_url::is_script_url;

pub(super) enum Rewritten<'a> {
    /// An external or absolute URL, unchanged.
    Keep(CowStr<'a>),
    /// A link to a content file or asset, with its new URL.
    Content(String, ContentLink),
    /// Removed, with the reason.
    Drop(Diagnostic),
    /// Removed without a word: it points to a file with an error of its
    /// own (the build fails on that; a second error would say the file is
    /// missing).
    DropQuietly,
}

/// Rewrites a link or image URL: content files to page URLs, assets to their
/// output path; script URLs are dropped.
pub(super) fn rewrite_url<'a>(
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
    match url.strip_prefix('/') {
        Some(absolute) => rewrite_absolute(url, absolute, targets, at),
        None => rewrite_relative(url, targets, at),
    }
}

/// A link to a content file or an asset, at `at`.
fn to_content<'a>(
    full: String,
    target: String,
    anchor: Option<String>,
    at: At<'_>,
) -> Rewritten<'a> {
    Rewritten::Content(
        full,
        ContentLink {
            target,
            anchor,
            line: at.line,
            column: at.column,
        },
    )
}

/// A `/…` address: kept (with the base path) when the site has it.
fn rewrite_absolute<'a>(
    url: &str,
    absolute: &str,
    targets: LinkTargets<'_>,
    at: At<'_>,
) -> Rewritten<'a> {
    match check_absolute(absolute, targets) {
        Ok(Some((resolved, page_url))) => to_content(page_url, resolved, None, at),
        Ok(None) => Rewritten::Keep(format!("{}/{absolute}", targets.base_path).into()),
        Err((why, hint)) => Rewritten::Drop(broken(at, url, &why).hint(hint)),
    }
}

/// An address relative to the file it stands in: a content file becomes
/// its page's URL, an asset its output path.
fn rewrite_relative<'a>(url: &str, targets: LinkTargets<'_>, at: At<'_>) -> Rewritten<'a> {
    let (path_part, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (url, None),
    };
    let folder = at.source.relative.rsplit_once('/').map_or("", |(f, _)| f);
    let Some(resolved) = resolve_relative(
        folder,
        &percent_decode(path_part).unwrap_or_else(|| path_part.to_string()),
    ) else {
        return Rewritten::Drop(broken(at, url, "stien peger uden for `content/`"));
    };
    // A Markdown file is a page; an image of one is just a file.
    if resolved.ends_with(".md") && !at.is_image {
        let Some(page_url) = targets.pages.get(&resolved) else {
            if targets.failed.contains(&resolved) {
                return Rewritten::DropQuietly;
            }
            return Rewritten::Drop(missing_file(at, url, folder, &resolved, targets));
        };
        let full = match &anchor {
            Some(a) => format!("{page_url}#{a}"),
            None => page_url.clone(),
        };
        return to_content(full, resolved, anchor, at);
    }
    if targets.assets.contains(&resolved) {
        let full = format!("{}/{resolved}", targets.base_path);
        return to_content(full, resolved, None, at);
    }
    Rewritten::Drop(missing_file(at, url, folder, &resolved, targets))
}

/// A link or image to a file `content/` does not have, with the nearest
/// one the site has as a hint.
fn missing_file(
    at: At<'_>,
    url: &str,
    folder: &str,
    resolved: &str,
    targets: LinkTargets<'_>,
) -> Diagnostic {
    let d = broken(at, url, &format!("filen `content/{resolved}` findes ikke"));
    if resolved.ends_with(".md") && !at.is_image {
        let pages = targets.pages.keys().map(String::as_str);
        return match crate::diagnostics::closest(resolved, pages) {
            Some(s) => d.hint(format!(
                "mente du `{}`? Stier regnes fra den fil, linket står i",
                relative_from(folder, s)
            )),
            None => d,
        };
    }
    if !at.is_image {
        return d;
    }
    let assets = targets.assets.iter().map(String::as_str);
    d.hint(match crate::diagnostics::closest(resolved, assets) {
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
    })
}

/// Sections the generator writes itself, whose every sub-address it makes
/// (case filters, worksheets, the search index, theme files).
const GENERATED_TREES: [&str; 4] = crate::site_map::GENERATED_TREES;

/// Files the generator writes at the site's root.
const ROOT_FILES: [&str; 4] = crate::site_map::ROOT_FILES;

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
    if let Some(page_url) = targets.pages.get(&path) {
        return Ok(Some((path.clone(), page_url.clone())));
    }
    if address_exists(&path, targets) {
        return Ok(None);
    }
    Err((
        "håndbogen har ingen side eller fil med den adresse".to_string(),
        missing_address_hint(&path, targets),
    ))
}

/// Whether the site has the address `/path` (a page, a section, a file).
fn address_exists(path: &str, targets: LinkTargets<'_>) -> bool {
    let with_slash = if path.is_empty() || path.ends_with('/') {
        format!("{}/{path}", targets.base_path)
    } else {
        format!("{}/{path}/", targets.base_path)
    };
    let first = path.split('/').next().unwrap_or_default();
    let is_section = path.trim_end_matches('/').split('/').count() == 1
        && crate::site_map::RESERVED_SLUGS.contains(&first);
    path.is_empty()
        || is_section
        || is_generated(path, targets)
        || ROOT_FILES.contains(&path)
        || (!path.contains('/')
            && [".css", ".js", ".svg", ".ico"]
                .iter()
                .any(|e| path.ends_with(e)))
        || targets.assets.contains(path)
        || targets.pages.values().any(|u| *u == with_slash)
}

/// Whether `/path` lies in a tree the generator fills itself; the question
/// bank makes a worksheet and a deck per theme, no more.
fn is_generated(path: &str, targets: LinkTargets<'_>) -> bool {
    let first = path.split('/').next().unwrap_or_default();
    if first != crate::site_map::QUESTIONS {
        return GENERATED_TREES.contains(&first);
    }
    match crate::site_map::questions_page(path) {
        Some(None) => true,
        Some(Some(theme)) => {
            let url = crate::site_map::document_url(
                targets.base_path,
                crate::content::Kind::Theme,
                theme,
                "",
            );
            targets.pages.values().any(|u| *u == url)
        }
        None => false,
    }
}

/// What to write instead of the address `/path` the site does not have.
fn missing_address_hint(path: &str, targets: LinkTargets<'_>) -> String {
    let base = targets.base_path;
    if !base.is_empty() && format!("/{path}").starts_with(&format!("{base}/")) {
        format!(
            "skriv adressen uden `{base}`: den lægges foran af sig selv (fra `base_url` i site.toml)"
        )
    } else if path.split('/').next() == Some(crate::site_map::QUESTIONS) {
        question_bank_hint(path, targets)
    } else {
        "en adresse, der begynder med `/`, regnes fra håndbogens forside, fx `/temaer/faelles-formaal/`; link hellere til indholdsfilen med en relativ sti, fx `../temaer/faelles-formaal.md`".to_string()
    }
}

/// The question bank's addresses, with the nearest theme that has them.
fn question_bank_hint(path: &str, targets: LinkTargets<'_>) -> String {
    let base = targets.base_path;
    let themes: Vec<&str> = targets
        .pages
        .values()
        .filter_map(|u| {
            u.strip_prefix(&format!(
                "{base}/{}/",
                crate::site_map::folder(crate::content::Kind::Theme)
            ))?
            .strip_suffix('/')
        })
        .filter(|slug| !slug.is_empty() && !slug.contains('/'))
        .collect();
    let asked = path.split('/').nth(1).unwrap_or_default();
    match crate::diagnostics::closest(asked, themes.iter().copied()) {
        Some(theme) => format!(
            "mente du `/{}`? Hvert tema har et arbejdsark `/{}/<tema>/` og kort `/{1}/<tema>/{}/`",
            path.replacen(asked, theme, 1),
            crate::site_map::QUESTIONS,
            crate::site_map::CARDS
        ),
        None => format!(
            "hvert tema har et arbejdsark `/{}/<tema>/` og kort `/{0}/<tema>/{}/`, fx `/{0}/faelles-formaal/{1}/`",
            crate::site_map::QUESTIONS,
            crate::site_map::CARDS
        ),
    }
}

/// Where a broken link or image is, and what it is.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    pub(super) source: Source<'a>,
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) is_image: bool,
}

pub(super) fn broken(at: At<'_>, url: &str, why: &str) -> Diagnostic {
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
pub(super) fn relative_from(folder: &str, target: &str) -> String {
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
