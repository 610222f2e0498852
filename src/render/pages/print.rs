//! The whole handbook as one printable page: every body in reading order, with
//! ids prefixed per document and links between pages rewritten to in-page anchors.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use super::{Head, Job, Parts, Site};
use crate::content::Kind;
use crate::markdown::Rendered;
use crate::model::{Entry, Library, QuestionOrigin, Reflection};
use crate::render::reflections::{QuestionRun, QuestionView, runs};
use crate::render::views::LinkView;
use crate::site_map::label;

/// The context of `print.html`.
#[derive(Debug, Serialize)]
struct Print {
    /// Every chapter in reading order.
    sections: Vec<Chapter>,
    /// The parts of the book in reading order, each with its chapters, for
    /// the table of contents.
    parts: Vec<Part>,
    /// Where the chapters go: each is rendered with
    /// `partials/print_chapter.html` when the page is.
    chapters: &'static str,
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
    let chapters = if (site.wanted)(&head.url) {
        chapters(site.library, site.map.base())
    } else {
        Vec::new()
    };
    let values = Print {
        sections: chapters.iter().map(|c| c.chapter.clone()).collect(),
        parts: parts(&chapters),
        chapters: Parts::MARKER,
    };
    // The bodies are most of the page: room for them and the rest.
    let bodies: usize = chapters.iter().map(|c| c.body.html.len()).sum();
    let mut job = site.job(head, &values);
    job.capacity = bodies + bodies / 4;
    job.parts = Some(Parts {
        template: "partials/print_chapter.html",
        contexts: chapters
            .into_iter()
            .map(|source| Box::new(move || source.context()) as Box<dyn FnOnce() -> _ + Send>)
            .collect(),
    });
    job
}

/// One chapter of the print page, as its table of contents shows it.
#[derive(Debug, Clone, Serialize)]
struct Chapter {
    /// Anchor of the chapter.
    id: String,
    /// Title.
    title: String,
    /// Kind label, e.g. "Tema".
    kind: &'static str,
    /// Its number in the book, from 1: printed at its heading, so the
    /// contents can be used on paper.
    number: usize,
}

/// A part of the book: the chapters of one kind. Each begins on a new
/// printed page.
#[derive(Debug, Serialize)]
struct Part {
    /// What the part holds, e.g. "Temaer".
    title: &'static str,
    chapters: Vec<Chapter>,
}

/// The chapters by part, in order.
fn parts(chapters: &[ChapterSource]) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for c in chapters {
        match parts.last_mut() {
            Some(part) if part.title == c.part => part.chapters.push(c.chapter.clone()),
            _ => parts.push(Part {
                title: c.part,
                chapters: vec![c.chapter.clone()],
            }),
        }
    }
    parts
}

/// What a chapter is made from; its body is rewritten only when it is rendered.
struct ChapterSource {
    chapter: Chapter,
    /// The part it belongs to, e.g. "Temaer".
    part: &'static str,
    /// It is the part's first chapter (a new printed page).
    starts_part: bool,
    summary: String,
    body: Arc<Rendered>,
    questions: Vec<PrintQuestion>,
    /// Page URL → chapter anchor, for every chapter.
    anchors: Arc<HashMap<String, String>>,
}

/// The context of `partials/print_chapter.html`.
#[derive(Serialize)]
struct ChapterContext<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    number: usize,
    /// The part, named when the chapter begins it.
    part: &'static str,
    starts_part: bool,
    summary: &'a str,
    /// Body HTML with ids and links rewritten.
    html: String,
    /// The chapter's questions, in runs of one origin.
    questions: Vec<QuestionRun<'a>>,
}

/// A reflection question of a chapter, owned (a chapter is rendered after
/// the page's other values are gone).
struct PrintQuestion {
    text: String,
    source: Option<String>,
    /// The case it comes from: its title and its chapter's URL.
    from: Option<(String, String)>,
}

impl PrintQuestion {
    fn own(q: &Reflection) -> Self {
        PrintQuestion {
            text: q.text.clone(),
            source: q.source.clone(),
            from: None,
        }
    }

    fn view(&self) -> QuestionView<'_> {
        QuestionView {
            text: &self.text,
            source: self.source.as_deref(),
            from: self.from.as_ref().map(|(title, url)| LinkView {
                title,
                url,
                summary: "",
                number: None,
            }),
            also: String::new(),
        }
    }
}

impl ChapterSource {
    fn context(self) -> Result<Context, tera::Error> {
        let chapter = &self.chapter;
        let html = demote_headings(&rewrite(&self.body.html, &chapter.id, &self.anchors));
        let mut context = Context::new();
        context.insert(
            "s",
            &ChapterContext {
                id: &chapter.id,
                title: &chapter.title,
                kind: chapter.kind,
                number: chapter.number,
                part: self.part,
                starts_part: self.starts_part,
                summary: &self.summary,
                html,
                questions: runs(self.questions.iter().map(PrintQuestion::view)),
            },
        );
        Ok(context)
    }
}

/// The part and kind of the home page's chapter.
const INTRODUCTION: &str = "Indledning";

/// A page of the handbook on its way to be a chapter: its part, its kind,
/// the page, and its questions.
type Listed<'a> = (&'static str, &'static str, &'a Entry, Vec<PrintQuestion>);

/// All chapters in reading order: home, themes, cases, messages, citizen themes, tools, pages.
fn chapters(library: &Library, base: &str) -> Vec<ChapterSource> {
    let entries = listed(library, base);
    let anchors: Arc<HashMap<String, String>> = Arc::new(
        entries
            .iter()
            .map(|(_, _, e, _)| (e.url.clone(), anchor_of(&e.url, base)))
            .collect(),
    );
    let mut part_before = "";
    entries
        .into_iter()
        .enumerate()
        .map(|(i, (part, kind, entry, questions))| ChapterSource {
            chapter: Chapter {
                id: anchors[entry.url.as_str()].clone(),
                title: entry.title.clone(),
                kind,
                number: i + 1,
            },
            part,
            starts_part: std::mem::replace(&mut part_before, part) != part,
            summary: entry.summary.clone(),
            body: Arc::clone(&entry.body),
            questions,
            anchors: Arc::clone(&anchors),
        })
        .collect()
}

/// Every page in reading order, with its part, kind and questions.
fn listed<'a>(library: &'a Library, base: &str) -> Vec<Listed<'a>> {
    let mut entries: Vec<Listed<'a>> = Vec::new();
    if let Some(home) = &library.home {
        entries.push((INTRODUCTION, INTRODUCTION, home, Vec::new()));
    }
    entries.extend(library.themes.iter().enumerate().map(|(ti, t)| {
        (
            label(Kind::Theme).many,
            label(Kind::Theme).one,
            &t.entry,
            theme_questions(library, ti, base),
        )
    }));
    entries.extend(library.cases.iter().map(|c| {
        let questions = c.questions.iter().map(PrintQuestion::own).collect();
        (
            label(Kind::Case).many,
            label(Kind::Case).one,
            &c.entry,
            questions,
        )
    }));
    let none = |kind: Kind, entry| (label(kind).many, label(kind).one, entry, Vec::new());
    entries.extend(
        library
            .messages
            .iter()
            .map(|m| none(Kind::Message, &m.entry)),
    );
    entries.extend(
        library
            .citizen_themes
            .iter()
            .map(|c| none(Kind::CitizenTheme, &c.entry)),
    );
    entries.extend(library.tools.iter().map(|t| none(Kind::Tool, &t.entry)));
    entries.extend(library.pages.iter().map(|p| none(Kind::Page, p)));
    entries
}

/// A theme's questions are its own and its cases', as on its page; a case's
/// links to the case's chapter.
fn theme_questions(library: &Library, theme: usize, base: &str) -> Vec<PrintQuestion> {
    library
        .question_bank
        .of_theme(theme)
        .map(|q| PrintQuestion {
            text: q.text.clone(),
            source: q.source.clone(),
            from: match q.origin {
                QuestionOrigin::Theme(_) => None,
                QuestionOrigin::Case(c) => {
                    let case = &library.cases[c].entry;
                    Some((
                        case.title.clone(),
                        format!("#{}", anchor_of(&case.url, base)),
                    ))
                }
            },
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
fn rewrite(html: &str, prefix: &str, anchors: &HashMap<String, String>) -> String {
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
        let anchors: HashMap<String, String> =
            [("/temaer/a/".to_string(), "temaer-a".to_string())].into();
        let html = r##"<h2 id="x">X</h2><a href="#x">x</a><a href="/temaer/a/#y">a</a><a href="/temaer/a/">b</a><a href="https://e.dk/">e</a>"##;
        let out = rewrite(html, "cases-b", &anchors);
        assert_eq!(
            out,
            r##"<h2 id="cases-b--x">X</h2><a href="#cases-b--x">x</a><a href="#temaer-a--y">a</a><a href="#temaer-a">b</a><a href="https://e.dk/">e</a>"##
        );
    }
}
