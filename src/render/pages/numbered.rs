//! The numbered kinds, the seven messages and the five citizen themes: a
//! numbered list (`numbered_list.html`) and a page per item (`numbered.html`).

use serde::Serialize;

use super::case_list::CaseList;
use super::{Jobs, Site};
use crate::content::Kind;
use crate::model::Numbered;
use crate::render::views::{BodyView, LinkView, links, theme_link};
use crate::site_map;

/// The context of `numbered_list.html`.
#[derive(Debug, Serialize)]
struct NumberedList<'a> {
    /// Every item, with its number.
    items: Vec<LinkView<'a>>,
    /// The lead under the title.
    intro: &'a str,
}

/// The context of `numbered.html`.
#[derive(Debug, Serialize)]
struct NumberedPage<'a> {
    body: BodyView<'a>,
    number: u32,
    /// What one item of the kind is called: "Budskab", "Borgertema".
    kind_label: &'static str,
    /// The themes it belongs to.
    themes: Vec<LinkView<'a>>,
    /// The cases that shed light on it.
    cases: CaseList<'a>,
}

/// The list page's title and lead for a numbered kind.
fn list_texts(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::CitizenTheme => (
            "Fem borgertemaer",
            "Fem temaer om, hvad borgerne har brug for.",
        ),
        _ => (
            "Syv budskaber til chefer",
            "Syv budskaber fra ledere og medarbejdere til chefer.",
        ),
    }
}

/// The list and the pages of `kind` (messages or citizen themes).
pub(super) fn jobs<'s>(site: &'s Site<'_>, kind: Kind) -> Jobs<'s> {
    let library = site.library;
    let items: &[Numbered] = match kind {
        Kind::CitizenTheme => &library.citizen_themes,
        _ => &library.messages,
    };
    let (title, intro) = list_texts(kind);
    let list = NumberedList {
        items: items.iter().map(LinkView::numbered).collect(),
        intro,
    };
    let head = site.list_head("numbered_list.html", kind, title, intro);
    let pages = items.iter().map(move |item| {
        let values = NumberedPage {
            body: BodyView::of(&item.entry),
            number: item.number,
            kind_label: site_map::label(kind).one,
            themes: links(&item.themes, &library.themes, theme_link),
            cases: CaseList::of(&item.cases, site.cards),
        };
        let mut head = site.entry_head("numbered.html", kind, &item.entry);
        // The list's crumb is its title: "Syv budskaber til chefer".
        head.breadcrumbs[1].title = title;
        site.entry_job(head, kind, &item.entry, &values, |page| {
            page.lead(&format!("Nr. {}", item.number))
        })
    });
    Box::new(std::iter::once(site.list_job(head, &list)).chain(pages))
}
