//! Borrowed, serializable views of the model for templates. Built per page from
//! shared read-only data; no page copies global lists it does not show.

use serde::Serialize;

use crate::markdown::TocEntry;
use crate::model::{Case, Entry, Facet, Library, Numbered, Theme, Tool};

/// A link with a title and optional summary.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView<'a> {
    /// Title.
    pub title: &'a str,
    /// URL path.
    pub url: &'a str,
    /// Summary (may be empty).
    pub summary: &'a str,
    /// Number for messages and citizen themes.
    pub number: Option<u32>,
}

impl<'a> LinkView<'a> {
    /// A link to any entry.
    pub fn of(entry: &'a Entry) -> Self {
        LinkView {
            title: &entry.title,
            url: &entry.url,
            summary: &entry.summary,
            number: None,
        }
    }
    /// A link to a numbered entry.
    pub fn numbered(n: &'a Numbered) -> Self {
        LinkView {
            number: Some(n.number),
            ..Self::of(&n.entry)
        }
    }
}

/// The body of any page.
#[derive(Debug, Serialize)]
pub struct BodyView<'a> {
    /// Title.
    pub title: &'a str,
    /// Summary.
    pub summary: &'a str,
    /// Rendered HTML (trusted: produced by our Markdown stage).
    pub html: &'a str,
    /// Table of contents.
    pub toc: &'a [TocEntry],
}

impl<'a> BodyView<'a> {
    /// The body of an entry.
    pub fn of(entry: &'a Entry) -> Self {
        BodyView {
            title: &entry.title,
            summary: &entry.summary,
            html: &entry.body.html,
            toc: &entry.body.toc,
        }
    }
}

/// A case as shown on its card.
#[derive(Debug, Serialize)]
pub struct CaseCard<'a> {
    /// Title, URL, summary.
    pub link: LinkView<'a>,
    /// Sector.
    pub sector: &'a Facet,
    /// Level.
    pub level: &'a Facet,
    /// Themes.
    pub themes: Vec<LinkView<'a>>,
    /// Theme slugs separated by spaces (for the filter script).
    pub theme_keys: String,
}

impl<'a> CaseCard<'a> {
    /// The card of case `case`.
    pub fn of(library: &'a Library, case: &'a Case) -> Self {
        let themes: Vec<&Theme> = case.themes.iter().map(|&t| &library.themes[t]).collect();
        CaseCard {
            link: LinkView::of(&case.entry),
            sector: &case.sector,
            level: &case.level,
            theme_keys: themes
                .iter()
                .map(|t| t.entry.slug.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            themes: themes.iter().map(|t| LinkView::of(&t.entry)).collect(),
        }
    }
}

/// Links of `indices` into `items`.
pub fn links<'a, T>(
    indices: &[usize],
    items: &'a [T],
    view: impl Fn(&'a T) -> LinkView<'a>,
) -> Vec<LinkView<'a>> {
    indices.iter().map(|&i| view(&items[i])).collect()
}

/// Link of a theme.
pub fn theme_link(theme: &Theme) -> LinkView<'_> {
    LinkView::of(&theme.entry)
}

/// Link of a tool.
pub fn tool_link(tool: &Tool) -> LinkView<'_> {
    LinkView::of(&tool.entry)
}

/// Link of a case.
pub fn case_link(case: &Case) -> LinkView<'_> {
    LinkView::of(&case.entry)
}
