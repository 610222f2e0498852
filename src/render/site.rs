//! The site-wide values every template sees as `site`: title, language, the
//! site map's URLs and labels, the menu, the footer's links, the publisher
//! and the sources.

use serde::Serialize;

use super::RenderOptions;
use crate::config::{Config, Publisher, SourceDocument};
use crate::content::Kind;
use crate::model::Library;
use crate::site_map::{self, Label, SiteMap};

/// The site-wide values every template sees as `site`.
#[derive(Debug, Serialize)]
pub(super) struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_path: String,
    accessibility_statement: String,
    /// Who publishes the site, when `site.toml` says so.
    publisher: Option<PublisherView>,
    /// The URLs templates link to, from the site map.
    urls: SiteUrls,
    /// What readers call each kind, from the site map.
    labels: Labels,
    /// Every kind in reading order with its label and list.
    kinds: Vec<KindView>,
    /// The footer's links (the about page only when the site has one).
    footer_links: Vec<FooterLink>,
    nav: Vec<NavItem>,
    sources: Vec<SourceView<'a>>,
    /// The live-reload script's URL under `serve`, else empty (false in Tera).
    live_reload: String,
}

/// The publisher as readers see it.
#[derive(Debug, Serialize)]
struct PublisherView {
    name: String,
    /// The logo's URL, or empty.
    logo: String,
    email: String,
    /// `mailto:` link of `email`, or empty.
    email_url: String,
    phone: String,
    /// `tel:` link of `phone`, or empty.
    phone_url: String,
    /// A page with the contact details, or empty.
    contact_url: String,
    /// How to reach the publisher, in a sentence, or empty.
    contact_text: String,
    /// An e-mail address, phone number or contact page is given.
    direct_contact: bool,
    /// "24. januar 2024", or empty.
    last_updated: String,
    /// The ISO date for `<time datetime>`.
    last_updated_iso: String,
}

/// Fixed pages and files of every site, for templates to link to.
#[derive(Debug, Serialize)]
struct SiteUrls {
    home: String,
    themes: String,
    cases: String,
    messages: String,
    citizen_themes: String,
    tools: String,
    questions: String,
    search: String,
    search_index: String,
    print: String,
    matrix: String,
    feed: String,
    sitemap: String,
    style: String,
    script: String,
    search_script: String,
    /// The Danish stemmer search.js stems query words with.
    stemmer_script: String,
    /// The search stem and lookup file of a word, for search.js.
    search_words_script: String,
    favicon: String,
}

impl SiteUrls {
    fn of(map: &SiteMap) -> Self {
        SiteUrls {
            home: map.home(),
            themes: map.section(Kind::Theme),
            cases: map.section(Kind::Case),
            messages: map.section(Kind::Message),
            citizen_themes: map.section(Kind::CitizenTheme),
            tools: map.section(Kind::Tool),
            questions: map.questions(),
            search: map.search(),
            search_index: map.search_index(),
            print: map.print(),
            matrix: map.matrix(),
            feed: map.file(site_map::FEED),
            sitemap: map.file(site_map::SITEMAP),
            style: map.file("style.css"),
            script: map.file("handbook.js"),
            search_script: map.file("search.js"),
            stemmer_script: map.file("stem-da.js"),
            search_words_script: map.file("search-words.js"),
            favicon: map.file("favicon.svg"),
        }
    }
}

/// What readers call each kind, one and several: `site.labels.theme.one` is "Tema".
#[derive(Debug, Serialize)]
struct Labels {
    theme: Label,
    case: Label,
    message: Label,
    citizen_theme: Label,
    tool: Label,
    page: Label,
    /// The question bank: `one` "Refleksion" (the menu), `many`
    /// "Refleksionsspørgsmål" (its title and headings).
    questions: Label,
    /// A list page in search results ("Oversigt").
    overview: Label,
    /// The home page ("Forside").
    home: &'static str,
    /// The case facets' names: "Sektor", "Niveau".
    sector: &'static str,
    level: &'static str,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            theme: site_map::label(Kind::Theme),
            case: site_map::label(Kind::Case),
            message: site_map::label(Kind::Message),
            citizen_theme: site_map::label(Kind::CitizenTheme),
            tool: site_map::label(Kind::Tool),
            page: site_map::label(Kind::Page),
            questions: site_map::QUESTIONS_LABEL,
            overview: site_map::OVERVIEW_LABEL,
            home: site_map::HOME_LABEL,
            sector: site_map::CaseFilter::Sector.label(),
            level: site_map::CaseFilter::Level.label(),
        }
    }
}

/// A kind in `site.kinds`: its folder, label and list page.
#[derive(Debug, Serialize)]
struct KindView {
    key: &'static str,
    #[serde(flatten)]
    label: Label,
    url: String,
}

/// The main menu: the lists of the kinds and the question bank.
fn nav(map: &SiteMap) -> Vec<NavItem> {
    let kind = |kind: Kind| NavItem {
        key: site_map::folder(kind),
        title: site_map::label(kind).many,
        url: map.section(kind),
    };
    vec![
        kind(Kind::Theme),
        kind(Kind::Case),
        NavItem {
            key: site_map::QUESTIONS,
            title: site_map::QUESTIONS_LABEL.one,
            url: map.questions(),
        },
        kind(Kind::Message),
        kind(Kind::CitizenTheme),
        kind(Kind::Tool),
    ]
}

#[derive(Debug, Serialize)]
struct FooterLink {
    title: &'static str,
    url: String,
}

#[derive(Debug, Serialize)]
struct NavItem {
    key: &'static str,
    title: &'static str,
    url: String,
}

#[derive(Debug, Serialize)]
pub(super) struct SourceView<'a> {
    key: &'a str,
    #[serde(flatten)]
    document: &'a SourceDocument,
    /// Author, publisher and year as one line (", Nyborg Kommune (2024)"),
    /// a publisher already named in the author left out.
    credit: String,
}

impl<'a> SourceView<'a> {
    /// The view of the source `key`.
    pub(crate) fn of(key: &'a str, document: &'a SourceDocument) -> Self {
        let mut credit = String::new();
        for part in [&document.author, &document.publisher] {
            let part = part.trim();
            if !part.is_empty() && !credit.contains(part) {
                credit.push_str(", ");
                credit.push_str(part);
            }
        }
        if !document.year.trim().is_empty() {
            credit.push_str(&format!(" ({})", document.year.trim()));
        }
        SourceView {
            key,
            document,
            credit,
        }
    }
}

/// The `site` of the site configured by `config`.
pub(super) fn info<'a>(
    config: &'a Config,
    library: &Library,
    map: &SiteMap,
    options: &RenderOptions,
) -> SiteInfo<'a> {
    let base = map.base();
    let publisher = config.publisher.as_ref();
    let statement = match publisher {
        Some(p) if !p.accessibility_statement_url.is_empty() => {
            p.accessibility_statement_url.clone()
        }
        _ => on_site(base, &config.accessibility_statement),
    };
    let urls = SiteUrls::of(map);
    SiteInfo {
        title: &config.title,
        description: &config.description,
        language: &config.language,
        base_path: base.to_string(),
        footer_links: footer_links(library, &statement, &urls),
        accessibility_statement: statement,
        publisher: publisher.map(|p| PublisherView::of(p, base)),
        urls,
        labels: Labels::default(),
        kinds: site_map::ALL_KINDS
            .iter()
            .map(|&kind| KindView {
                key: site_map::folder(kind),
                label: site_map::label(kind),
                url: map.section(kind),
            })
            .collect(),
        nav: nav(map),
        sources: config
            .sources
            .iter()
            .map(|(key, document)| SourceView::of(key, document))
            .collect(),
        live_reload: if options.live_reload {
            format!("{base}/{}/reload.js", site_map::PREVIEW_DIR)
        } else {
            String::new()
        },
    }
}

/// `url` as a link on the site: a `/…` path gets the site's base path.
fn on_site(base: &str, url: &str) -> String {
    if url.starts_with('/') {
        format!("{base}{url}")
    } else {
        url.to_string()
    }
}

/// The footer's links: the about page (when the site has one), the
/// accessibility statement, the print page and the feed.
fn footer_links(library: &Library, statement: &str, urls: &SiteUrls) -> Vec<FooterLink> {
    let about = library
        .pages
        .iter()
        .find(|p| p.slug == site_map::ABOUT_PAGE);
    let about = about.map(|about| FooterLink {
        title: "Om håndbogen",
        url: about.url.clone(),
    });
    about
        .into_iter()
        .chain([
            FooterLink {
                title: "Tilgængelighedserklæring",
                url: statement.to_string(),
            },
            FooterLink {
                title: "Hele håndbogen til print",
                url: urls.print.clone(),
            },
            FooterLink {
                title: "Nyhedsfeed",
                url: urls.feed.clone(),
            },
        ])
        .collect()
}

impl PublisherView {
    /// The publisher `p` of a site at `base`, with links ready to use.
    fn of(p: &Publisher, base: &str) -> PublisherView {
        let unless_empty = |value: &str, link: String| {
            if value.is_empty() {
                String::new()
            } else {
                link
            }
        };
        PublisherView {
            name: p.name.clone(),
            logo: unless_empty(&p.logo, format!("{base}/{}", p.logo)),
            email: p.email.clone(),
            email_url: unless_empty(&p.email, format!("mailto:{}", p.email)),
            phone: p.phone.clone(),
            phone_url: tel_url(&p.phone),
            contact_url: unless_empty(&p.contact_url, on_site(base, &p.contact_url)),
            contact_text: p.contact_text.trim().to_string(),
            direct_contact: !p.email.is_empty() || !p.phone.is_empty() || !p.contact_url.is_empty(),
            last_updated: crate::date::danish(&p.last_updated).unwrap_or_default(),
            last_updated_iso: p.last_updated.clone(),
        }
    }
}

/// `+45 33 92 33 00` → `tel:+4533923300`; empty for no number.
fn tel_url(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    if digits.is_empty() {
        String::new()
    } else {
        format!("tel:{digits}")
    }
}
