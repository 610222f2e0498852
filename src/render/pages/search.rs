//! The search page (`search.html`): the search box, the filters and, for
//! readers without JavaScript, every theme.

use serde::Serialize;

use super::{Head, Job, Site};
use crate::model::Facet;
use crate::render::views::{LinkView, theme_link};
use crate::site_map::{self, CaseFilter};

/// The context of `search.html`.
#[derive(Debug, Serialize)]
struct Search<'a> {
    /// Every theme.
    themes: Vec<LinkView<'a>>,
    /// The words the search leaves out, separated by spaces.
    stop_words: String,
    /// The case facets the search filters by.
    case_facets: [SearchFacet<'a>; 3],
}

/// A case facet the search page filters by: the URL parameter (also the
/// index's filter name), the select's label, its "all" option and values.
#[derive(Debug, Serialize)]
struct SearchFacet<'a> {
    param: &'static str,
    label: &'static str,
    all: &'static str,
    values: Vec<FacetValue<'a>>,
}

/// A value of a facet: its key and its label.
#[derive(Debug, Serialize)]
struct FacetValue<'a> {
    key: &'a str,
    label: &'a str,
}

/// The search page.
pub(super) fn job(site: &Site<'_>) -> Job {
    let library = site.library;
    let page = Search {
        themes: library.themes.iter().map(theme_link).collect(),
        stop_words: site.config.search.stop_words.join(" "),
        case_facets: [
            SearchFacet {
                param: CaseFilter::Sector.key(),
                label: "Sektor (cases)",
                all: "Alle sektorer",
                values: values(&library.sectors),
            },
            SearchFacet {
                param: CaseFilter::Level.key(),
                label: "Niveau (cases)",
                all: "Alle niveauer",
                values: values(&library.levels),
            },
            SearchFacet {
                param: CaseFilter::Theme.key(),
                label: "Tema (cases)",
                all: "Alle temaer",
                values: library
                    .themes
                    .iter()
                    .map(|t| FacetValue {
                        key: &t.entry.slug,
                        label: &t.entry.title,
                    })
                    .collect(),
            },
        ],
    };
    let head = Head {
        template: "search.html",
        url: site.map.search(),
        title: "Søg",
        description: "Søg i håndbogen.",
        section: site_map::SEARCH,
        breadcrumbs: vec![site.home_crumb()],
    };
    site.job(head, &page)
}

/// The values of a facet of the library.
fn values(list: &[(Facet, Vec<usize>)]) -> Vec<FacetValue<'_>> {
    list.iter()
        .map(|(f, _)| FacetValue {
            key: &f.key,
            label: &f.label,
        })
        .collect()
}
