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
    let with_slash = if path.is_empty() || path.ends_with('/') {
        format!("{}/{path}", targets.base_path)
    } else {
        format!("{}/{path}/", targets.base_path)
    };
    let first = path.split('/').next().unwrap_or_default();
    let is_section = path.trim_end_matches('/').split('/').count() == 1
        && crate::site_map::RESERVED_SLUGS.contains(&first);
    if let Some(page_url) = targets.pages.get(&path) {
        return Ok(Some((path.clone(), page_url.clone())));
    }
    // The question bank makes a worksheet and a deck per theme, no more.
    let generated = if first == crate::site_map::QUESTIONS {
        match crate::site_map::questions_page(&path) {
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
    } else {
        GENERATED_TREES.contains(&first)
    };
    let exists = path.is_empty()
        || is_section
        || generated
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
    } else if first == crate::site_map::QUESTIONS {
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
    } else {
        "en adresse, der begynder med `/`, regnes fra håndbogens forside, fx `/temaer/faelles-formaal/`; link hellere til indholdsfilen med en relativ sti, fx `../temaer/faelles-formaal.md`".to_string()
    };
    Err((
        "håndbogen har ingen side eller fil med den adresse".to_string(),
        hint,
    ))
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
