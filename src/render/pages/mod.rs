//! One module per page kind. Each builds the typed context its template gets
//! (documented in `themes/README.md`) and the [`Job`] that renders it; this
//! module holds what they share: the page head every template sees as `page`,
//! breadcrumbs, and the list of every page of the site.

mod case;
mod case_list;
mod free_page;
mod home;
mod matrix;
mod not_found;
mod numbered;
mod print;
mod questions;
mod search;
mod themes;
mod tools;

use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::content::Kind;
use crate::model::{Entry, Library};
use crate::site_map::{self, SiteMap};

use std::sync::Arc;

use super::Searchable;
use super::views::LinkView;
pub(super) use case::job as case_job;

/// A file to render: a template, the URL it is written to and its context.
pub(super) struct Job {
    /// The template's name.
    pub template: &'static str,
    /// The URL, which gives the output path.
    pub url: String,
    /// The context, or why the page's values could not be made one.
    pub context: Result<Context, tera::Error>,
    /// Bytes to make room for before rendering (0: let them grow). A page
    /// of tens of megabytes grown by doubling holds its last two buffers at
    /// once.
    pub capacity: usize,
    /// Parts rendered one by one where the page's template writes
    /// [`Parts::MARKER`] (the print page's chapters), so a page of tens of
    /// megabytes is not held twice, as values and as output.
    pub parts: Option<Parts>,
    /// Made from what the caller's last render made it from (see
    /// [`crate::render::record`]): not rendered, the caller holds it.
    pub unchanged: bool,
    /// What search may find of the page (pages search indexes).
    pub searchable: Option<Arc<Searchable>>,
}

/// The parts of a page, each rendered with its own template and context.
pub(super) struct Parts {
    /// The partial each part is rendered with.
    pub template: &'static str,
    /// Each part's context, made only when the part is rendered.
    pub contexts: Vec<Box<dyn FnOnce() -> Result<Context, tera::Error> + Send>>,
}

impl Parts {
    /// What a page's template writes (`| safe`) where its parts go.
    pub(crate) const MARKER: &'static str = "<!-- handbook: parts -->";
}

impl Job {
    /// A job for a file that is not a page (a feed, robots.txt): `values` is
    /// its whole context.
    pub(crate) fn file(template: &'static str, url: String, values: &impl Serialize) -> Job {
        Job {
            template,
            url,
            context: Context::from_serialize(values),
            capacity: 0,
            parts: None,
            unchanged: false,
            searchable: None,
        }
    }
}

/// A breadcrumb.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Crumb<'a> {
    /// The page's title.
    pub title: &'a str,
    /// Its URL.
    pub url: String,
}

/// What every page template gets as `page`.
#[derive(Debug, Serialize)]
struct PageInfo<'a> {
    title: &'a str,
    description: &'a str,
    url: &'a str,
    canonical: String,
    section: &'static str,
    breadcrumbs: Vec<Crumb<'a>>,
    /// The page is a draft: the template shows the "Kladde" banner.
    draft: bool,
    /// A draft's fields to fill in before it can be published.
    todo: &'a [String],
    /// The page's entry in the editor (`serve` only); empty for none.
    edit_url: String,
    /// The page shows the publisher's contact: the about page, and the
    /// site's own accessibility statement (no WAS-tool address given).
    shows_contact: bool,
}

/// The head of a page: its template, address, title and place in the site.
pub(super) struct Head<'a> {
    /// The template.
    pub template: &'static str,
    /// The page's URL.
    pub url: String,
    /// Its title.
    pub title: &'a str,
    /// Its meta description.
    pub description: &'a str,
    /// The menu item it belongs to (`temaer`, `home`, `soeg`; empty for none).
    pub section: &'static str,
    /// The pages above it.
    pub breadcrumbs: Vec<Crumb<'a>>,
}

/// A list of links (`list.html`): the themes and the tools.
#[derive(Debug, Serialize)]
struct LinkList<'a> {
    items: Vec<LinkView<'a>>,
}

/// What every page kind builds from.
pub(super) struct Site<'a> {
    /// The handbook.
    pub library: &'a Library,
    /// The settings.
    pub config: &'a Config,
    /// The addresses.
    pub map: &'a SiteMap,
    /// Every case's card, rendered once: lists join them.
    pub cards: &'a super::cards::RenderedCards,
    /// Whether the page at a URL is to be rendered (see `render_only`).
    pub wanted: &'a (dyn Fn(&str) -> bool + Sync),
    /// Pages link to the editor ("Redigér denne side"; `serve`).
    pub edit: bool,
    /// What each page is made from, when the caller keeps it.
    pub record: Option<&'a super::record::Record>,
}

impl<'a> Site<'a> {
    /// A job for the page `head` with the page's own `values`.
    pub(crate) fn job(&self, head: Head<'_>, values: &impl Serialize) -> Job {
        let config = self.config;
        let base = self.map.base();
        let info = PageInfo {
            shows_contact: shows_contact(config, base, &head.url),
            draft: self.library.drafts.contains(&head.url),
            todo: self
                .library
                .draft_todo
                .get(&head.url)
                .map_or(&[], Vec::as_slice),
            edit_url: if self.edit {
                self.library
                    .sources
                    .get(&head.url)
                    .map(|relative| crate::editor::entry_url(base, relative))
                    .unwrap_or_default()
            } else {
                String::new()
            },
            title: head.title,
            description: head.description,
            canonical: format!(
                "{}{}",
                config.base_url_trimmed(),
                head.url.strip_prefix(base).unwrap_or(&head.url)
            ),
            url: &head.url,
            section: head.section,
            breadcrumbs: head.breadcrumbs,
        };
        // A page left out is not rendered: its values need not be serialized.
        let wanted = (self.wanted)(&head.url);
        let unchanged = wanted
            && self.record.is_some_and(|record| {
                // Unprintable values are made again (and fail there).
                record
                    .page_print(head.template, values, &info)
                    .is_some_and(|print| record.unchanged(self.map.output_path(&head.url), print))
            });
        let context = if wanted && !unchanged {
            Context::from_serialize(values).map(|mut context| {
                context.insert("page", &info);
                context
            })
        } else {
            Ok(Context::new())
        };
        Job {
            template: head.template,
            url: head.url,
            context,
            capacity: 0,
            parts: None,
            unchanged,
            searchable: None,
        }
    }

    /// A job for the page `head` with the page's own `values`, indexed as
    /// `searchable` makes it (made only when the page is rendered).
    pub(crate) fn indexed_job(
        &self,
        head: Head<'_>,
        values: &impl Serialize,
        searchable: impl FnOnce() -> Searchable,
    ) -> Job {
        let mut job = self.job(head, values);
        if !job.unchanged && (self.wanted)(&job.url) {
            job.searchable = Some(searchable().done());
        }
        job
    }

    /// A list page's job, found by its title and introduction (its
    /// `description`), not by the items it lists.
    pub(crate) fn list_job(&self, head: Head<'_>, values: &impl Serialize) -> Job {
        let (title, description, url) = (head.title, head.description, head.url.clone());
        self.indexed_job(head, values, || {
            Searchable::new(site_map::OVERVIEW_LABEL.one, &url, title, description)
        })
    }

    /// The job of `entry`'s page (a document of `kind`) with the page's
    /// own `values`, indexed as `searchable` makes it from the entry's.
    pub(crate) fn entry_job(
        &self,
        head: Head<'_>,
        kind: Kind,
        entry: &Entry,
        values: &impl Serialize,
        searchable: impl FnOnce(Searchable) -> Searchable,
    ) -> Job {
        self.indexed_job(head, values, || {
            searchable(Searchable::of_entry(site_map::label(kind).one, entry))
        })
    }

    /// The crumb of the home page.
    pub(crate) fn home_crumb(&self) -> Crumb<'static> {
        Crumb {
            title: site_map::HOME_LABEL,
            url: self.map.home(),
        }
    }

    /// The head of the list of `kind`.
    pub(crate) fn list_head<'h>(
        &self,
        template: &'static str,
        kind: Kind,
        title: &'h str,
        description: &'h str,
    ) -> Head<'h> {
        Head {
            template,
            url: self.map.section(kind),
            title,
            description,
            section: site_map::folder(kind),
            breadcrumbs: vec![self.home_crumb()],
        }
    }

    /// The head of the page of `entry`, a document of `kind`, under its list.
    pub(crate) fn entry_head<'h>(
        &self,
        template: &'static str,
        kind: Kind,
        entry: &'h Entry,
    ) -> Head<'h> {
        Head {
            template,
            url: entry.url.clone(),
            title: &entry.title,
            description: &entry.summary,
            section: site_map::folder(kind),
            breadcrumbs: self.crumbs_in(kind),
        }
    }

    /// The crumbs of a page in the list of `kind`: home, the list.
    pub(crate) fn crumbs_in(&self, kind: Kind) -> Vec<Crumb<'static>> {
        vec![
            self.home_crumb(),
            Crumb {
                title: site_map::label(kind).many,
                url: self.map.section(kind),
            },
        ]
    }
}

/// Whether the page at `url` shows the publisher's contact: the about page
/// and the site's own accessibility statement.
pub(super) fn shows_contact(config: &Config, base: &str, url: &str) -> bool {
    url == format!("{base}/{}/", site_map::ABOUT_PAGE)
        || config
            .own_statement_page()
            .is_some_and(|page| url == format!("{base}{page}"))
}

/// The jobs of some pages, each made when it is taken.
pub(super) type Jobs<'s> = Box<dyn Iterator<Item = Job> + Send + 's>;

/// Makes the jobs of some pages.
pub(super) type Group = for<'s> fn(&'s Site<'_>) -> Jobs<'s>;

/// Every page of the site but the case pages (see [`case_job`]), in parts,
/// in the order of the site map: a render takes a part's jobs one by one as
/// it renders them, so the contexts of every page (the lists' cards, the
/// print page's bodies) are never held all at once.
pub(super) const GROUPS: &[Group] = &[
    |site| Box::new(std::iter::once(home::job(site))),
    themes::jobs,
    case_list::jobs,
    |site| Box::new(questions::jobs(site).into_iter()),
    |site| numbered::jobs(site, Kind::Message),
    |site| numbered::jobs(site, Kind::CitizenTheme),
    |site| Box::new(tools::jobs(site).into_iter()),
    |site| Box::new(free_page::jobs(site).into_iter()),
    |site| Box::new(std::iter::once(matrix::job(site))),
    |site| Box::new(std::iter::once(print::job(site))),
    |site| Box::new(std::iter::once(search::job(site))),
    |site| Box::new(std::iter::once(not_found::job(site))),
];
