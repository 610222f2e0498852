//! A page per free page of `content/` (`page.html`): about, the accessibility
//! statement, guides.

use serde::Serialize;

use super::{Head, Job, Site};
use crate::render::views::BodyView;
use crate::site_map;

/// The context of `page.html`.
#[derive(Debug, Serialize)]
struct FreePage<'a> {
    body: BodyView<'a>,
    /// The page is the meeting kit (`site_map::MEETING_PAGE`): printed on
    /// at most two A4 pages, with a print button.
    kit: bool,
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
                    kit: page.slug == site_map::MEETING_PAGE,
                },
            )
        })
        .collect()
}
