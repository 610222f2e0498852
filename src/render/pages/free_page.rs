//! A page per free page of `content/` (`page.html`): about, the accessibility
//! statement, guides.

use serde::Serialize;

use super::{Head, Job, Site};
use crate::render::views::BodyView;

/// The context of `page.html`.
#[derive(Debug, Serialize)]
struct FreePage<'a> {
    body: BodyView<'a>,
}

/// Every free page.
pub(super) fn jobs(site: &Site<'_>) -> Vec<Job> {
    site.library
        .pages
        .iter()
        .map(|page| {
            let head = Head {
                template: "page.html",
                url: page.url.clone(),
                title: &page.title,
                description: &page.summary,
                section: "",
                breadcrumbs: vec![site.home_crumb()],
            };
            site.job(
                head,
                &FreePage {
                    body: BodyView::of(page),
                },
            )
        })
        .collect()
}
