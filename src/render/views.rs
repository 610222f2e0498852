//! Borrowed, serializable views of the model for templates. Built per page from
//! shared read-only data; no page copies global lists it does not show.

use serde::Serialize;

use crate::markdown::{Section, TocEntry};
use crate::model::{Case, Entry, Facet, Library, Numbered, Theme, Tool};
use crate::site_map::{CaseFilter, SiteMap};

/// A link with a title and optional summary.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct LinkView<'a> {
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
    pub(crate) fn of(entry: &'a Entry) -> Self {
        LinkView {
            title: &entry.title,
            url: &entry.url,
            summary: &entry.summary,
            number: None,
        }
    }
    /// A link to a numbered entry.
    pub(crate) fn numbered(n: &'a Numbered) -> Self {
        LinkView {
            number: Some(n.number),
            ..Self::of(&n.entry)
        }
    }
}

/// The body of any page.
#[derive(Debug)]
pub(crate) struct BodyView<'a> {
    /// Title.
    pub title: &'a str,
    /// Summary.
    pub summary: &'a str,
    /// Rendered HTML (trusted: produced by our Markdown stage).
    pub html: &'a str,
    /// Table of contents.
    pub toc: &'a [TocEntry],
    /// The text in sections, as search takes it: not in the template's
    /// context, but in the page's fingerprint (`render::record`), so a page
    /// whose searchable text changed is made again with its search entries
    /// even if its HTML did not.
    pub sections: &'a [Section],
}

impl<'a> BodyView<'a> {
    /// The body of an entry.
    pub(crate) fn of(entry: &'a Entry) -> Self {
        BodyView {
            title: &entry.title,
            summary: &entry.summary,
            html: &entry.body.html,
            toc: &entry.body.toc,
            sections: &entry.body.sections,
        }
    }
}

impl Serialize for BodyView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fingerprint = !serializer.is_human_readable();
        let fields = 4 + usize::from(fingerprint);
        let mut body = serializer.serialize_struct("BodyView", fields)?;
        body.serialize_field("title", self.title)?;
        body.serialize_field("summary", self.summary)?;
        body.serialize_field("html", self.html)?;
        body.serialize_field("toc", self.toc)?;
        if fingerprint {
            body.serialize_field("sections", self.sections)?;
        }
        body.end()
    }
}

/// A case as shown on its card.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct CaseCard<'a> {
    /// Title, URL, summary.
    pub link: LinkView<'a>,
    /// Sector, with the case list filtered by it.
    pub sector: FacetView<'a>,
    /// Level, with the case list filtered by it.
    pub level: FacetView<'a>,
    /// Themes.
    pub themes: Vec<LinkView<'a>>,
    /// Theme slugs separated by spaces (for the filter script).
    pub theme_keys: String,
}

impl<'a> CaseCard<'a> {
    /// The card of case `case`.
    pub(crate) fn of(library: &'a Library, case: &'a Case, map: &SiteMap) -> Self {
        let themes: Vec<&Theme> = case.themes.iter().map(|&t| &library.themes[t]).collect();
        CaseCard {
            link: LinkView::of(&case.entry),
            sector: FacetView::of(&case.sector, CaseFilter::Sector, map),
            level: FacetView::of(&case.level, CaseFilter::Level, map),
            theme_keys: themes
                .iter()
                .map(|t| t.entry.slug.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            themes: themes.iter().map(|t| LinkView::of(&t.entry)).collect(),
        }
    }
}

/// A value of a case facet, with the case list filtered by it.
#[derive(Debug, Hash, Serialize)]
pub(crate) struct FacetView<'a> {
    /// Key (in URLs and the filter script).
    pub key: &'a str,
    /// Label for readers.
    pub label: &'a str,
    /// The case list filtered by this value.
    pub url: String,
}

impl<'a> FacetView<'a> {
    /// The view of `facet`, a value of `filter`.
    pub(crate) fn of(facet: &'a Facet, filter: CaseFilter, map: &SiteMap) -> Self {
        FacetView {
            key: &facet.key,
            label: &facet.label,
            url: if facet.key.is_empty() {
                map.section(crate::content::Kind::Case)
            } else {
                map.case_filter(filter, &facet.key)
            },
        }
    }
}

/// Links of `indices` into `items`.
pub(crate) fn links<'a, T>(
    indices: &[usize],
    items: &'a [T],
    view: impl Fn(&'a T) -> LinkView<'a>,
) -> Vec<LinkView<'a>> {
    indices.iter().map(|&i| view(&items[i])).collect()
}

/// Link of a theme.
pub(crate) fn theme_link(theme: &Theme) -> LinkView<'_> {
    LinkView::of(&theme.entry)
}

/// Link of a tool.
pub(crate) fn tool_link(tool: &Tool) -> LinkView<'_> {
    LinkView::of(&tool.entry)
}

/// Link of a case.
pub(crate) fn case_link(case: &Case) -> LinkView<'_> {
    LinkView::of(&case.entry)
}

#[cfg(test)]
mod body_view_tests {
    use super::*;

    #[test]
    fn sections_go_into_a_fingerprint_not_into_the_template() {
        let sections = [Section {
            anchor: "a".into(),
            heading: "A".into(),
            text: "tekst".into(),
        }];
        let view = BodyView {
            title: "T",
            summary: "S",
            html: "<p>tekst</p>",
            toc: &[],
            sections: &sections,
        };
        let context = tera::Context::from_serialize(&view).unwrap();
        assert!(context.get("html").is_some());
        assert!(context.get("sections").is_none(), "{context:?}");
    }
}
