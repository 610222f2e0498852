//! The case list (`case_list.html`): all cases, and one pre-filtered list per
//! sector, level and theme (`/cases/sektor/kommune/`) for readers without
//! JavaScript.

use serde::Serialize;

use super::{Head, Job, Jobs, Site};
use crate::content::Kind;
use crate::model::Facet;
use crate::render::Searchable;
use crate::render::cards::RenderedCards;
use crate::site_map::{self, CaseFilter};

/// A list of case cards as `cases`: how many, and their HTML, joined from
/// cards rendered once each (lists repeat every card several times) when
/// the page is rendered, so a list on a page left out is never joined.
#[derive(Debug, Serialize)]
pub(super) struct CaseList<'a> {
    /// How many cases.
    count: usize,
    /// The cards' HTML (trusted: rendered from `partials/case_card.html`).
    html: Cards<'a>,
}

impl<'a> CaseList<'a> {
    /// The cards of the cases `members`.
    pub(crate) fn of(members: &'a [usize], cards: &'a RenderedCards) -> Self {
        CaseList {
            count: members.len(),
            html: Cards { members, cards },
        }
    }
}

/// The cards of some cases, serialized as their HTML joined.
#[derive(Debug)]
struct Cards<'a> {
    members: &'a [usize],
    cards: &'a RenderedCards,
}

impl Serialize for Cards<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // For a fingerprint (`render::record`), each card's fingerprint
        // stands for its HTML: a list page need not be joined to be known.
        if !serializer.is_human_readable() && !self.cards.prints.is_empty() {
            let prints = self.members.iter().map(|&i| self.cards.prints[i]);
            return serializer.collect_seq(prints);
        }
        let cards = self.members.iter().map(|&i| &*self.cards.html[i]);
        let mut html = String::with_capacity(cards.clone().map(str::len).sum());
        html.extend(cards);
        serializer.serialize_str(&html)
    }
}

/// The context of `case_list.html`.
#[derive(Debug, Serialize)]
struct CaseListPage<'a> {
    /// The cases shown.
    cases: CaseList<'a>,
    /// How many cases the handbook has.
    total: usize,
    /// The whole list's title, which a pre-filtered page takes on when the
    /// reader changes its filters in place.
    list_title: &'a str,
    /// The filters by sector, level and theme, each with its links.
    facets: &'a [FacetGroup],
    /// The filter this page shows, as `sektor/kommune`; `None` on the whole list.
    active: Option<String>,
}

/// A filter link: a facet value, how many cases have it, and its page.
#[derive(Debug, Serialize)]
struct FacetLink {
    key: String,
    label: String,
    count: usize,
    url: String,
}

/// One filter of the case list: what the script that filters in place needs
/// (URL parameter, label, the card attribute it reads, whether a case may
/// have several values) and the links for readers without JavaScript.
#[derive(Debug, Serialize)]
struct FacetGroup {
    /// The URL parameter and folder, e.g. `sektor`.
    param: &'static str,
    /// The heading, e.g. "Sektor".
    label: &'static str,
    /// The case card's `data-*` attribute holding the value(s).
    card_attribute: &'static str,
    /// A case may have several values (themes).
    multi: bool,
    links: Vec<FacetLink>,
}

impl FacetGroup {
    fn of(filter: CaseFilter, links: Vec<FacetLink>) -> Self {
        FacetGroup {
            param: filter.key(),
            label: filter.label(),
            card_attribute: filter.card_attribute(),
            multi: filter == CaseFilter::Theme,
            links,
        }
    }
}

/// The whole case list and every pre-filtered one.
pub(super) fn jobs<'s>(site: &'s Site<'_>) -> Jobs<'s> {
    let library = site.library;
    let links = |list: &[(Facet, Vec<usize>)], filter: CaseFilter| -> Vec<FacetLink> {
        list.iter()
            .map(|(f, m)| FacetLink {
                key: f.key.clone(),
                label: f.label.clone(),
                count: m.len(),
                url: site.map.case_filter(filter, &f.key),
            })
            .collect()
    };
    let theme_links = library
        .themes
        .iter()
        .filter(|t| !t.cases.is_empty())
        .map(|t| FacetLink {
            key: t.entry.slug.clone(),
            label: t.entry.title.clone(),
            count: t.cases.len(),
            url: site.map.case_filter(CaseFilter::Theme, &t.entry.slug),
        })
        .collect();
    let filters = [
        FacetGroup::of(
            CaseFilter::Sector,
            links(&library.sectors, CaseFilter::Sector),
        ),
        FacetGroup::of(CaseFilter::Level, links(&library.levels, CaseFilter::Level)),
        FacetGroup::of(CaseFilter::Theme, theme_links),
    ];
    let all: Vec<usize> = (0..library.cases.len()).collect();
    let whole = list(site, &filters, &all, None);
    let by_facet = [
        (CaseFilter::Sector, &library.sectors),
        (CaseFilter::Level, &library.levels),
    ]
    .into_iter()
    .flat_map(|(filter, values)| values.iter().map(move |value| (filter, value)))
    .map(|(filter, (facet, members))| {
        let title = format!("{}: {}", site_map::label(Kind::Case).many, facet.label);
        (filter, facet.key.as_str(), title, members.as_slice())
    });
    let by_theme = library
        .themes
        .iter()
        .filter(|t| !t.cases.is_empty())
        .map(|theme| {
            let title = format!(
                "{} om {}",
                site_map::label(Kind::Case).many,
                theme.entry.title.to_lowercase()
            );
            let key = theme.entry.slug.as_str();
            (CaseFilter::Theme, key, title, theme.cases.as_slice())
        });
    let filtered = by_facet
        .chain(by_theme)
        .map(move |(filter, key, title, members)| {
            list(site, &filters, members, Some((filter, key, &title)))
        });
    Box::new(std::iter::once(whole).chain(filtered))
}

/// The list of the cases `members`, whole or filtered by one facet value
/// (the filter, the value's key and the page's title).
fn list(
    site: &Site<'_>,
    filters: &[FacetGroup],
    members: &[usize],
    filter: Option<(CaseFilter, &str, &str)>,
) -> Job {
    let values = CaseListPage {
        cases: CaseList::of(members, site.cards),
        total: site.library.cases.len(),
        list_title: site_map::label(Kind::Case).many,
        facets: filters,
        active: filter.map(|(filter, key, _)| format!("{}/{key}", filter.key())),
    };
    let head = match filter {
        // The whole list is found by its title (its lead is a count).
        None => {
            let head = site.list_head(
                "case_list.html",
                Kind::Case,
                site_map::label(Kind::Case).many,
                "Alle cases i håndbogen, med filtre for sektor, niveau og tema.",
            );
            let (title, url) = (head.title, head.url.clone());
            return site.indexed_job(head, &values, || {
                Searchable::new(site_map::OVERVIEW_LABEL.one, &url, title, "")
            });
        }
        Some((filter, key, title)) => Head {
            template: "case_list.html",
            url: site.map.case_filter(filter, key),
            title,
            description: title,
            section: site_map::folder(Kind::Case),
            breadcrumbs: site.crumbs_in(Kind::Case),
        },
    };
    site.job(head, &values)
}
