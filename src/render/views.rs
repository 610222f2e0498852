//! Borrowed, serializable views of the model for templates. Built per page from
//! shared read-only data; no page copies global lists it does not show.

use serde::Serialize;

use crate::markdown::Rendered;
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
    /// The rendered body: its HTML (trusted: produced by our Markdown
    /// stage) and table of contents. In the page's fingerprint
    /// (`render::record`) it is the body's own fingerprint, which also
    /// covers its text in sections as search takes it, so a page whose
    /// searchable text changed is made again with its search entries even
    /// if its HTML did not.
    pub body: &'a Rendered,
}

impl<'a> BodyView<'a> {
    /// The body of an entry.
    pub(crate) fn of(entry: &'a Entry) -> Self {
        BodyView {
            title: &entry.title,
            summary: &entry.summary,
            body: &entry.body,
        }
    }
}

impl Serialize for BodyView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fingerprint = !serializer.is_human_readable();
        let fields = if fingerprint { 3 } else { 4 };
        let mut body = serializer.serialize_struct("BodyView", fields)?;
        body.serialize_field("title", self.title)?;
        body.serialize_field("summary", self.summary)?;
        if fingerprint {
            body.serialize_field("body", &self.body.print())?;
        } else {
            body.serialize_field("html", &self.body.html)?;
            body.serialize_field("toc", &self.body.toc)?;
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
    use crate::markdown::Section;

    #[test]
    fn the_template_gets_the_html_and_contents_not_the_sections() {
        let mut body = crate::markdown::Rendered::default();
        body.html = "<p>tekst</p>".into();
        body.sections = vec![Section {
            anchor: "a".into(),
            heading: "A".into(),
            text: "tekst".into(),
        }];
        let view = BodyView {
            title: "T",
            summary: "S",
            body: &body,
        };
        let context = tera::Context::from_serialize(&view).unwrap();
        assert!(context.get("html").is_some());
        assert!(context.get("toc").is_some());
        assert!(context.get("sections").is_none(), "{context:?}");
        assert!(context.get("body").is_none(), "{context:?}");
    }
}
