//! The matrix (`matrix.html`): which cases shed light on which messages and
//! citizen themes, as a table and as lists.

use serde::Serialize;

use super::{Head, Job, Site};
use crate::content::Kind;
use crate::model::{Case, Library, Numbered};
use crate::render::views::LinkView;
use crate::site_map;

/// The context of `matrix.html`.
#[derive(Debug, Default, Serialize)]
struct Matrix<'a> {
    /// The columns: every message, then every citizen theme, each with its
    /// code ("B1"), which the page's key spells out.
    messages: Vec<Column<'a>>,
    citizen_themes: Vec<Column<'a>>,
    /// A row per case that sheds light on a message or citizen theme.
    rows: Vec<MatrixRow<'a>>,
    /// How many cases shed light on none (they have no row).
    cases_without_links: usize,
    /// Per message (citizen theme) that has cases, its cases.
    message_groups: Vec<MatrixGroup<'a>>,
    citizen_groups: Vec<MatrixGroup<'a>>,
    /// The messages (citizen themes) no case sheds light on yet.
    messages_without_cases: Vec<LinkView<'a>>,
    citizen_themes_without_cases: Vec<LinkView<'a>>,
}

/// A column of the table: a message or citizen theme and its code.
#[derive(Debug, Serialize)]
struct Column<'a> {
    /// "B1", "T5".
    code: String,
    link: LinkView<'a>,
}

/// A case as the matrix names it: a title and a link, without the summary
/// a [`LinkView`] carries. The page has a row per case and lists each case
/// again under its messages and citizen themes; with summaries, making its
/// context was the longest job of a rebuild at 10,000 cases.
#[derive(Debug, Serialize)]
struct CaseName<'a> {
    title: &'a str,
    url: &'a str,
}

impl<'a> CaseName<'a> {
    fn of(case: &'a Case) -> Self {
        CaseName {
            title: &case.entry.title,
            url: &case.entry.url,
        }
    }
}

/// A case and, per column, whether it sheds light on it.
#[derive(Debug, Serialize)]
struct MatrixRow<'a> {
    case: CaseName<'a>,
    messages: Vec<bool>,
    citizen_themes: Vec<bool>,
}

/// A message or citizen theme with the cases that shed light on it.
#[derive(Debug, Serialize)]
struct MatrixGroup<'a> {
    /// Its code in the table ("B1").
    code: String,
    link: LinkView<'a>,
    cases: Vec<CaseName<'a>>,
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
            messages: columns(&library.messages, Kind::Message),
            citizen_themes: columns(&library.citizen_themes, Kind::CitizenTheme),
            rows: library
                .cases
                .iter()
                .filter(|c| !c.messages.is_empty() || !c.citizen_themes.is_empty())
                .map(|c| MatrixRow {
                    case: CaseName::of(c),
                    messages: marks(&c.messages, library.messages.len()),
                    citizen_themes: marks(&c.citizen_themes, library.citizen_themes.len()),
                })
                .collect(),
            cases_without_links: library
                .cases
                .iter()
                .filter(|c| c.messages.is_empty() && c.citizen_themes.is_empty())
                .count(),
            message_groups: groups(library, &library.messages, Kind::Message),
            citizen_groups: groups(library, &library.citizen_themes, Kind::CitizenTheme),
            messages_without_cases: without_cases(&library.messages),
            citizen_themes_without_cases: without_cases(&library.citizen_themes),
        }
    } else {
        Matrix::default()
    };
    site.job(head, &values)
}

/// The code of `n`, a `kind`, in the table: "B3".
fn code(kind: Kind, n: &Numbered) -> String {
    format!("{}{}", site_map::matrix_code(kind), n.number)
}

/// The columns of the messages (or citizen themes) `items`.
fn columns(items: &[Numbered], kind: Kind) -> Vec<Column<'_>> {
    items
        .iter()
        .map(|n| Column {
            code: code(kind, n),
            link: LinkView::numbered(n),
        })
        .collect()
}

/// The messages (or citizen themes) `items` that have cases, each with them.
fn groups<'a>(library: &'a Library, items: &'a [Numbered], kind: Kind) -> Vec<MatrixGroup<'a>> {
    items
        .iter()
        .filter(|n| !n.cases.is_empty())
        .map(|n| MatrixGroup {
            code: code(kind, n),
            link: LinkView::numbered(n),
            cases: n
                .cases
                .iter()
                .map(|&i| CaseName::of(&library.cases[i]))
                .collect(),
        })
        .collect()
}

/// The messages (or citizen themes) `items` without cases.
fn without_cases(items: &[Numbered]) -> Vec<LinkView<'_>> {
    items
        .iter()
        .filter(|n| n.cases.is_empty())
        .map(LinkView::numbered)
        .collect()
}
