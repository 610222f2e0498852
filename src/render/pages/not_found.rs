//! The page for an address that does not exist (`404.html`): its links come
//! from `site.urls`, so it has no values of its own.

use serde::Serialize;

use super::{Head, Job, Site};

/// The context of `404.html`: only `page` and `site`.
#[derive(Debug, Serialize)]
struct NotFound {}

/// The 404 page.
pub(super) fn job(site: &Site<'_>) -> Job {
    let head = Head {
        template: "404.html",
        url: site.map.not_found(),
        title: "Siden findes ikke",
        description: "Siden findes ikke.",
        section: "",
        breadcrumbs: vec![],
    };
    site.job(head, &NotFound {})
}
