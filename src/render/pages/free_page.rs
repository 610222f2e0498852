//! A page per free page of `content/` (`page.html`): about, the accessibility
//! statement, guides. The about page and the site's own accessibility
//! statement show the publisher's contact from `site.toml`; the statement
//! also its `[accessibility]`: status, known problems, response time, dates.

use serde::Serialize;

use super::{Head, Job, Site, shows_contact};
use crate::config::{Accessibility, Config, WAS_URL};
use crate::content::Kind;
use crate::render::views::BodyView;
use crate::site_map;

/// The context of `page.html`.
#[derive(Debug, Serialize)]
struct FreePage<'a> {
    body: BodyView<'a>,
    /// The page is the meeting kit (`site_map::MEETING_PAGE`): printed on
    /// at most two A4 pages, with a print button.
    kit: bool,
    /// The page shows who publishes the site and how to reach them.
    contact: bool,
    /// The page is the site's own accessibility statement: what
    /// `[accessibility]` says.
    statement: Option<Statement<'a>>,
}

/// The accessibility statement's values, as the WAS tool's statement has them.
#[derive(Debug, Serialize)]
struct Statement<'a> {
    /// "overholder delvist".
    status: &'static str,
    /// How compliance was assessed, or "".
    method: &'a str,
    known_problems: &'a [String],
    /// "10 arbejdsdage", or "" (also when the publisher gives no direct contact).
    response_time: &'a str,
    /// "24. januar 2024" and `2024-01-24`.
    prepared: String,
    prepared_iso: &'a str,
    /// The last review, or "".
    reviewed: String,
    reviewed_iso: &'a str,
    /// Digitaliseringsstyrelsen's site on statements and complaints.
    was_url: &'static str,
}

impl<'a> Statement<'a> {
    fn of(a: &'a Accessibility, config: &Config) -> Self {
        let direct = config.publisher.as_ref().is_some_and(|p| {
            !p.email.is_empty() || !p.phone.is_empty() || !p.contact_url.is_empty()
        });
        Statement {
            status: a.status_text(),
            method: &a.method,
            known_problems: &a.known_problems,
            response_time: if direct { &a.response_time } else { "" },
            prepared: crate::date::danish(&a.prepared).unwrap_or_default(),
            prepared_iso: &a.prepared,
            reviewed: crate::date::danish(&a.reviewed).unwrap_or_default(),
            reviewed_iso: &a.reviewed,
            was_url: WAS_URL,
        }
    }
}

/// Every free page.
pub(super) fn jobs(site: &Site<'_>) -> Vec<Job> {
    let config = site.config;
    let base = site.map.base();
    let statement_url = config
        .own_statement_page()
        .map(|page| format!("{base}{page}"));
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
            let statement = config
                .accessibility
                .as_ref()
                .filter(|_| statement_url.as_deref() == Some(page.url.as_str()))
                .map(|a| Statement::of(a, config));
            let values = FreePage {
                body: BodyView::of(page),
                kit: page.slug == site_map::MEETING_PAGE,
                contact: shows_contact(config, base, &page.url),
                statement,
            };
            site.entry_job(head, Kind::Page, page, &values, |page| page)
        })
        .collect()
}
