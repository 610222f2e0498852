//! The whole handbook as one printable page: every body in reading order, with
//! ids prefixed per document and links between pages rewritten to in-page anchors.

use std::collections::HashMap;

use serde::Serialize;

use super::{Head, Job, Site};
use crate::content::Kind;
use crate::model::{Entry, Library, Reflection};
use crate::site_map::label;

/// The context of `print.html`.
#[derive(Debug, Serialize)]
struct Print {
    /// Every chapter in reading order.
    sections: Vec<PrintSection>,
}

/// The print page.
pub(super) fn job(site: &Site<'_>) -> Job {
    let head = Head {
        template: "print.html",
        url: site.map.print(),
        title: "Hele håndbogen til print",
        description: "Hele håndbogen på én side, klar til print.",
        section: "",
        breadcrumbs: vec![site.home_crumb()],
    };
    // The whole handbook: its chapters are only made when the page is rendered.
    let values = Print {
        sections: if (site.wanted)(&head.url) {
            sections(site.library, site.map.base())
        } else {
            Vec::new()
        },
    };
    // The chapters are most of the page: room for them and the rest.
    let chapters: usize = values.sections.iter().map(|s| s.html.len()).sum();
    let mut job = site.job(head, &values);
    job.capacity = chapters + chapters / 4;
    job
}

/// One chapter of the print page.
#[derive(Debug, Serialize)]
struct PrintSection {
    /// Anchor of the chapter.
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Body HTML with ids and links rewritten.
    pub html: String,
    /// Kind label, e.g. "Tema".
    pub kind: &'static str,
    /// Reflection questions (themes and cases), each with its origin.
    pub questions: Vec<Reflection>,
}

/// All chapters in reading order: home, themes, cases, messages, citizen themes, tools, pages.
fn sections(library: &Library, base: &str) -> Vec<PrintSection> {
    let mut entries: Vec<(&'static str, &Entry, Vec<Reflection>)> = Vec::new();
    if let Some(home) = &library.home {
        entries.push(("Indledning", home, Vec::new()));
    }
    entries.extend(
        library
            .themes
            .iter()
            .map(|t| (label(Kind::Theme).one, &t.entry, t.questions.clone())),
    );
    entries.extend(
        library
            .cases
            .iter()
            .map(|c| (label(Kind::Case).one, &c.entry, c.questions.clone())),
    );
    entries.extend(
        library
            .messages
            .iter()
            .map(|m| (label(Kind::Message).one, &m.entry, Vec::new())),
    );
    entries.extend(
        library
            .citizen_themes
            .iter()
            .map(|c| (label(Kind::CitizenTheme).one, &c.entry, Vec::new())),
    );
    entries.extend(
        library
            .tools
            .iter()
            .map(|t| (label(Kind::Tool).one, &t.entry, Vec::new())),
    );
    entries.extend(
        library
            .pages
            .iter()
            .map(|p| (label(Kind::Page).one, p, Vec::new())),
    );

    let anchors: HashMap<&str, String> = entries
        .iter()
        .map(|(_, e, _)| (e.url.as_str(), anchor_of(&e.url, base)))
        .collect();
    entries
        .iter()
        .map(|(kind, entry, questions)| {
            let id = anchors[entry.url.as_str()].clone();
            PrintSection {
                html: demote_headings(&rewrite(&entry.body.html, &id, &anchors)),
                id,
                title: entry.title.clone(),
                summary: entry.summary.clone(),
                kind,
                questions: questions.clone(),
            }
        })
        .collect()
}

/// `/temaer/faelles-formaal/` → `temaer-faelles-formaal`; the home page → `forside`.
fn anchor_of(url: &str, base: &str) -> String {
    let trimmed = url.strip_prefix(base).unwrap_or(url).trim_matches('/');
    if trimmed.is_empty() {
        "forside".to_string()
    } else {
        trimmed.replace('/', "-")
    }
}

/// Prefixes ids and same-page links with `prefix`, and turns links to other
/// pages of the handbook into links to their chapter on this page.
fn rewrite(html: &str, prefix: &str, anchors: &HashMap<&str, String>) -> String {
    let html = html
        .replace("id=\"", &format!("id=\"{prefix}--"))
        .replace("href=\"#", &format!("href=\"#{prefix}--"));
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(pos) = rest.find("href=\"") {
        let (before, after) = rest.split_at(pos + 6);
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let url = &after[..end];
        let (path, fragment) = url
            .split_once('#')
            .map_or((url, None), |(p, f)| (p, Some(f)));
        match anchors.get(path) {
            Some(target) => match fragment {
                Some(f) => out.push_str(&format!("#{target}--{f}")),
                None => out.push_str(&format!("#{target}")),
            },
            None => out.push_str(url),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Moves body headings one level down (h2 → h3 …), since each chapter's title is an h2 here.
fn demote_headings(html: &str) -> String {
    let mut out = html.to_string();
    for level in (2..=5).rev() {
        out = out
            .replace(&format!("<h{level}"), &format!("<h{}", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_headings_move_one_level_down() {
        assert_eq!(
            demote_headings("<h2 id=\"a\">A</h2><h3>B</h3>"),
            "<h3 id=\"a\">A</h3><h4>B</h4>"
        );
    }

    #[test]
    fn rewrites_ids_and_links_to_in_page_anchors() {
        let anchors: HashMap<&str, String> = [("/temaer/a/", "temaer-a".to_string())].into();
        let html = r##"<h2 id="x">X</h2><a href="#x">x</a><a href="/temaer/a/#y">a</a><a href="/temaer/a/">b</a><a href="https://e.dk/">e</a>"##;
        let out = rewrite(html, "cases-b", &anchors);
        assert_eq!(
            out,
            r##"<h2 id="cases-b--x">X</h2><a href="#cases-b--x">x</a><a href="#temaer-a--y">a</a><a href="#temaer-a">b</a><a href="https://e.dk/">e</a>"##
        );
    }
}
