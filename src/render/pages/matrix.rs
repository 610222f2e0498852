//! The matrix (`matrix.html`): which cases shed light on which messages and
//! citizen themes, as a table and as lists.

use serde::Serialize;

use super::{Head, Job, Site};
use crate::content::Kind;
use crate::model::{Library, Numbered};
use crate::render::views::{LinkView, case_link, links};
use crate::site_map;

/// The context of `matrix.html`.
#[derive(Debug, Default, Serialize)]
struct Matrix<'a> {
    /// The columns: every message, then every citizen theme.
    messages: Vec<LinkView<'a>>,
    citizen_themes: Vec<LinkView<'a>>,
    /// A row per case.
    rows: Vec<MatrixRow<'a>>,
    /// Per message (citizen theme), its cases.
    message_groups: Vec<MatrixGroup<'a>>,
    citizen_groups: Vec<MatrixGroup<'a>>,
}

/// A case and, per column, whether it sheds light on it.
#[derive(Debug, Serialize)]
struct MatrixRow<'a> {
    case: LinkView<'a>,
    messages: Vec<bool>,
    citizen_themes: Vec<bool>,
}

/// A message or citizen theme with the cases that shed light on it.
#[derive(Debug, Serialize)]
struct MatrixGroup<'a> {
    link: LinkView<'a>,
    cases: Vec<LinkView<'a>>,
}

/// The matrix page.
pub(super) fn job(site: &Site<'_>) -> Job {
    let library = site.library;
    let marks = |members: &[usize], count: usize| -> Vec<bool> {
        (0..count).map(|i| members.contains(&i)).collect()
    };
    let head = Head {
        template: "matrix.html",
        url: site.map.matrix(),
        title: "Cases, budskaber og borgertemaer",
        description: "Hvilke cases belyser hvilke af de syv budskaber og fem borgertemaer.",
        section: site_map::folder(Kind::Case),
        breadcrumbs: vec![site.home_crumb()],
    };
    // The table has a row per case: made only when the page is rendered.
    let values = if (site.wanted)(&head.url) {
        Matrix {
            messages: library.messages.iter().map(LinkView::numbered).collect(),
            citizen_themes: library
                .citizen_themes
                .iter()
                .map(LinkView::numbered)
                .collect(),
            rows: library
                .cases
                .iter()
                .map(|c| MatrixRow {
                    case: case_link(c),
                    messages: marks(&c.messages, library.messages.len()),
                    citizen_themes: marks(&c.citizen_themes, library.citizen_themes.len()),
                })
                .collect(),
            message_groups: groups(library, &library.messages),
            citizen_groups: groups(library, &library.citizen_themes),
        }
    } else {
        Matrix::default()
    };
    site.job(head, &values)
}

/// The messages (or citizen themes) `items`, each with its cases.
fn groups<'a>(library: &'a Library, items: &'a [Numbered]) -> Vec<MatrixGroup<'a>> {
    items
        .iter()
        .map(|n| MatrixGroup {
            link: LinkView::numbered(n),
            cases: links(&n.cases, &library.cases, case_link),
        })
        .collect()
}
