//! Render: the library through the theme's Tera templates into [`Output`] files,
//! in parallel. Pure: returns bytes, writes nothing.

mod feeds;
mod paths;
mod print;
pub mod templates;
mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::SiteFiles;
use crate::diagnostics::Diagnostic;
use crate::markdown::TocEntry;
use crate::model::{Library, QuestionOrigin};
use views::{BodyView, CaseCard, LinkView, case_link, links, theme_link, tool_link};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path inside the output folder, `/`-separated.
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Options that change what is rendered.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Adds the live-reload script (only `serve`).
    pub live_reload: bool,
    /// Builds the search index (`build --no-search` skips it for quick previews).
    pub search_index: bool,
    /// Overrides `base_url` of `site.toml` (`--base-url`, `HANDBOOK_BASE_URL`).
    pub base_url: Option<String>,
    /// Publishes drafts, each with a "Kladde" banner (`build --drafts`, `serve`).
    pub drafts: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            live_reload: false,
            search_index: true,
            base_url: None,
            drafts: false,
        }
    }
}

/// A breadcrumb.
#[derive(Debug, Serialize)]
struct Crumb<'a> {
    title: &'a str,
    url: String,
}

/// What every page template gets as `page`.
#[derive(Debug, Serialize)]
struct PageInfo<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    canonical: String,
    section: &'static str,
    breadcrumbs: Vec<Crumb<'a>>,
    /// The page is a draft: the template shows the "Kladde" banner.
    draft: bool,
    /// The site's own accessibility statement (no WAS-tool address given):
    /// the page shows the publisher's contact.
    shows_contact: bool,
}

/// The site-wide values every template sees as `site`.
#[derive(Debug, Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_path: String,
    accessibility_statement: String,
    /// Who publishes the site, when `site.toml` says so.
    publisher: Option<PublisherView>,
    /// The URLs templates link to, from the site map.
    urls: SiteUrls,
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
    questions: String,
    search: String,
    print: String,
    matrix: String,
    feed: String,
    style: String,
    script: String,
    favicon: String,
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
struct SourceView<'a> {
    key: &'a str,
    #[serde(flatten)]
    document: &'a crate::config::SourceDocument,
    /// Author, publisher and year as one line (", Nyborg Kommune (2024)"),
    /// a publisher already named in the author left out.
    credit: String,
}

impl<'a> SourceView<'a> {
    fn of(key: &'a str, document: &'a crate::config::SourceDocument) -> Self {
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

/// A page to render: template, path and context.
struct Job {
    template: &'static str,
    url: String,
    context: Context,
}

/// Renders every page, feed and static file of the site.
pub fn render(
    library: &Library,
    config: &Config,
    files: &SiteFiles,
    options: &RenderOptions,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    render_only(library, config, files, options, Only::All)
}

/// Which files [`render_only`] gives, by output path.
#[derive(Debug, Clone, Copy)]
pub enum Only<'a> {
    /// All of them.
    All,
    /// These (`serve`'s edited pages, its print page on request).
    Paths(&'a std::collections::HashSet<String>),
    /// All but this one (`serve` leaves the print page for when it is asked for).
    AllBut(&'a str),
}

impl Only<'_> {
    fn keeps(&self, path: &str) -> bool {
        match self {
            Only::All => true,
            Only::Paths(paths) => paths.contains(path),
            Only::AllBut(left_out) => path != *left_out,
        }
    }
}

/// [`render`], giving only the files `only` names. The sitemap and the path
/// check see every file, unless only case pages are wanted: those need
/// neither the other pages nor the case cards, so an edited case shows fast.
pub fn render_only(
    library: &Library,
    config: &Config,
    files: &SiteFiles,
    options: &RenderOptions,
    only: Only<'_>,
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let keep = |path: &str| only.keeps(path);
    let base = config.base_path();
    if let Only::Paths(paths) = only {
        let case_paths: std::collections::HashSet<String> = library
            .cases
            .iter()
            .map(|c| output_path(&c.entry.url, &base))
            .collect();
        if paths.iter().all(|p| case_paths.contains(p)) {
            return case_pages(library, config, files, options, &keep);
        }
    }
    let mut tera = templates::compile(&files.templates, &files.fallback_templates)?;
    let site = site_info(config, library, &base, options);
    tera.global_context().insert("site", &site);

    let cards: Vec<CaseCard<'_>> = library
        .cases
        .par_iter()
        .map(|c| CaseCard::of(library, c))
        .collect();
    let card_html = cards
        .par_iter()
        .map(|card| {
            let mut ctx = Context::new();
            ctx.insert("card", card);
            tera.render("partials/case_card.html", &ctx).map_err(|e| {
                vec![templates::diagnostic(
                    &e,
                    &files.templates,
                    &files.fallback_templates,
                )]
            })
        })
        .collect::<Result<Vec<String>, _>>()?;
    let jobs = jobs(library, config, &base, &card_html, &keep);
    let mut all_paths: Vec<String> = jobs.iter().map(|j| output_path(&j.url, &base)).collect();
    all_paths.extend(
        library
            .cases
            .iter()
            .map(|c| output_path(&c.entry.url, &base)),
    );
    let case_pages = cards
        .par_iter()
        .enumerate()
        .filter(|(i, _)| keep(&output_path(&library.cases[*i].entry.url, &base)))
        .map(|(i, card)| case_job(library, config, &base, card, i));
    let rendered: Vec<Result<Output, Diagnostic>> = jobs
        .into_par_iter()
        .filter(|job| keep(&output_path(&job.url, &base)))
        .chain(case_pages)
        .map(|job| render_job(&tera, job, &base, files))
        .collect();
    let mut outputs = Vec::with_capacity(rendered.len() + files.static_files.len() + 3);
    let mut problems = Vec::new();
    for result in rendered {
        match result {
            Ok(output) => outputs.push(output),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        problems.dedup_by(|a, b| a.message == b.message && a.file == b.file);
        return Err(problems);
    }
    let feeds = feeds::feeds(library, config, &all_paths);
    all_paths.extend(feeds.iter().map(|f| f.path.clone()));
    outputs.extend(feeds.into_iter().filter(|f| keep(&f.path)));
    for asset in files.static_files.iter().chain(&files.content_assets) {
        all_paths.push(asset.output_path.clone());
        if keep(&asset.output_path) {
            outputs.push(Output {
                path: asset.output_path.clone(),
                bytes: asset.bytes.clone(),
            });
        }
    }
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let problems = paths::check(&all_paths, library, config, files);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(outputs)
}

/// The case pages `keep` accepts, and nothing else.
fn case_pages(
    library: &Library,
    config: &Config,
    files: &SiteFiles,
    options: &RenderOptions,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let mut tera = templates::compile(&files.templates, &files.fallback_templates)?;
    let base = config.base_path();
    let site = site_info(config, library, &base, options);
    tera.global_context().insert("site", &site);
    library
        .cases
        .iter()
        .enumerate()
        .filter(|(_, case)| keep(&output_path(&case.entry.url, &base)))
        .map(|(i, case)| {
            let job = case_job(library, config, &base, &CaseCard::of(library, case), i);
            render_job(&tera, job, &base, files).map_err(|d| vec![d])
        })
        .collect()
}

fn render_job(tera: &Tera, job: Job, base: &str, files: &SiteFiles) -> Result<Output, Diagnostic> {
    let html = tera
        .render(job.template, &job.context)
        .map_err(|e| templates::diagnostic(&e, &files.templates, &files.fallback_templates))?;
    Ok(Output {
        path: output_path(&job.url, base),
        bytes: html.into_bytes(),
    })
}

/// `/base/temaer/x/` → `temaer/x/index.html`; `/base/404.html` → `404.html`.
pub(crate) fn output_path(url: &str, base: &str) -> String {
    let rel = url
        .strip_prefix(base)
        .unwrap_or(url)
        .trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

fn site_info<'a>(
    config: &'a Config,
    library: &Library,
    base: &str,
    options: &RenderOptions,
) -> SiteInfo<'a> {
    let nav = [
        ("temaer", "Temaer"),
        ("cases", "Cases"),
        ("refleksion", "Refleksion"),
        ("budskaber", "Budskaber"),
        ("borgertemaer", "Borgertemaer"),
        ("vaerktoejer", "Værktøjer"),
    ]
    .into_iter()
    .map(|(key, title)| NavItem {
        key,
        title,
        url: format!("{base}/{key}/"),
    })
    .collect();
    let on_site = |url: &str| {
        if url.starts_with('/') {
            format!("{base}{url}")
        } else {
            url.to_string()
        }
    };
    let publisher = config.publisher.as_ref();
    let statement = match publisher {
        Some(p) if !p.accessibility_statement_url.is_empty() => {
            p.accessibility_statement_url.clone()
        }
        _ => on_site(&config.accessibility_statement),
    };
    let urls = SiteUrls {
        home: format!("{base}/"),
        themes: format!("{base}/temaer/"),
        cases: format!("{base}/cases/"),
        questions: format!("{base}/refleksion/"),
        search: format!("{base}/soeg/"),
        print: format!("{base}/print/"),
        matrix: format!("{base}/matrix/"),
        feed: format!("{base}/feed.xml"),
        style: format!("{base}/style.css"),
        script: format!("{base}/handbook.js"),
        favicon: format!("{base}/favicon.svg"),
    };
    let mut footer_links = Vec::new();
    if let Some(about) = library.pages.iter().find(|p| p.slug == "om") {
        footer_links.push(FooterLink {
            title: "Om håndbogen",
            url: about.url.clone(),
        });
    }
    footer_links.push(FooterLink {
        title: "Tilgængelighedserklæring",
        url: statement.clone(),
    });
    footer_links.push(FooterLink {
        title: "Hele håndbogen til print",
        url: urls.print.clone(),
    });
    footer_links.push(FooterLink {
        title: "Nyhedsfeed",
        url: urls.feed.clone(),
    });
    SiteInfo {
        title: &config.title,
        description: &config.description,
        language: &config.language,
        base_path: base.to_string(),
        accessibility_statement: statement,
        publisher: publisher.map(|p| PublisherView {
            name: p.name.clone(),
            logo: if p.logo.is_empty() {
                String::new()
            } else {
                format!("{base}/{}", p.logo)
            },
            email: p.email.clone(),
            email_url: if p.email.is_empty() {
                String::new()
            } else {
                format!("mailto:{}", p.email)
            },
            phone: p.phone.clone(),
            phone_url: tel_url(&p.phone),
            contact_url: if p.contact_url.is_empty() {
                String::new()
            } else {
                on_site(&p.contact_url)
            },
            last_updated: crate::date::danish(&p.last_updated).unwrap_or_default(),
            last_updated_iso: p.last_updated.clone(),
        }),
        urls,
        footer_links,
        nav,
        sources: config
            .sources
            .iter()
            .map(|(key, document)| SourceView::of(key, document))
            .collect(),
        live_reload: if options.live_reload {
            format!("{base}/{}/reload.js", crate::serve::PREVIEW_DIR)
        } else {
            String::new()
        },
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

/// The "Til mødet" block of a theme page.
#[derive(Debug, Serialize)]
struct Meeting<'a> {
    /// How many reflection questions the theme page has.
    questions: usize,
    /// How many cards its deck has (its cases' questions included).
    card_count: usize,
    worksheet: String,
    cards: String,
    /// The first related tool.
    tool: Option<LinkView<'a>>,
}

/// An entry on the home page for something a reader comes to do.
#[derive(Debug, Serialize)]
struct Task {
    title: &'static str,
    url: String,
    text: String,
}

/// A theme on the home page: its link and how many questions it has.
#[derive(Debug, Serialize)]
struct ThemeCard<'a> {
    link: LinkView<'a>,
    questions: usize,
}

/// The home page's task entries; a free page that is missing is left out.
fn home_tasks(library: &Library, base: &str) -> Vec<Task> {
    let page = |slug: &str| library.pages.iter().find(|p| p.slug == slug);
    let mut tasks = Vec::new();
    if let Some(p) = page("forbered-et-moede-i-ledergruppen") {
        tasks.push(Task {
            title: "Forbered et møde i ledergruppen",
            url: p.url.clone(),
            text: "Trin for trin: vælg et tema, forbered mødet, tal om spørgsmålene og aftal, hvad I gør bagefter.".into(),
        });
    }
    tasks.push(Task {
        title: "Print refleksionskort",
        url: format!("{base}/refleksion/"),
        text: "Alle refleksionsspørgsmål som kort, der kan klippes ud – for hele håndbogen eller ét tema.".into(),
    });
    tasks.push(Task {
        title: "Find en case, der ligner jeres",
        url: format!("{base}/cases/"),
        text: format!(
            "{} cases fra kommuner, regioner og samarbejder på tværs. Filtrér efter sektor, niveau og tema.",
            library.cases.len()
        ),
    });
    if let Some(p) = page("efter-ledelsesundersoegelsen") {
        tasks.push(Task {
            title: "Efter ledelsesundersøgelsen",
            url: p.url.clone(),
            text:
                "De fem udsagn, medarbejderne har svaret på – hvert med temaer, cases og værktøjer."
                    .into(),
        });
    }
    tasks
}

/// Builds the job list: one per page of the site map.
fn jobs(
    library: &Library,
    config: &Config,
    base: &str,
    card_html: &[String],
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Job> {
    let mut jobs = Vec::new();
    let home_crumb = || Crumb {
        title: "Forside",
        url: format!("{base}/"),
    };
    let section_crumb = |title: &'static str, key: &str| Crumb {
        title,
        url: format!("{base}/{key}/"),
    };
    let make = |template: &'static str,
                url: String,
                title: &str,
                description: &str,
                section: &'static str,
                breadcrumbs: Vec<Crumb<'_>>,
                extra: Context| {
        page_job(
            library,
            config,
            base,
            PageHead {
                template,
                url,
                title,
                description,
                section,
                breadcrumbs,
            },
            extra,
        )
    };
    let theme_links: Vec<LinkView<'_>> = library.themes.iter().map(theme_link).collect();
    let message_links: Vec<LinkView<'_>> =
        library.messages.iter().map(LinkView::numbered).collect();
    let citizen_links: Vec<LinkView<'_>> = library
        .citizen_themes
        .iter()
        .map(LinkView::numbered)
        .collect();

    let deck = Deck::of(library);

    // Home: a purpose line, the reader's tasks, the themes, a few more ways in.
    let mut ctx = Context::new();
    let home_entry = library.home.as_ref();
    ctx.insert("body", &home_entry.map(BodyView::of));
    ctx.insert("tasks", &home_tasks(library, base));
    let theme_cards: Vec<ThemeCard<'_>> = library
        .themes
        .iter()
        .map(|t| ThemeCard {
            link: theme_link(t),
            questions: t.questions.len(),
        })
        .collect();
    ctx.insert("themes", &theme_cards);
    let home_title = home_entry.map_or(config.title.as_str(), |e| e.title.as_str());
    let home_desc = home_entry
        .map(|e| e.summary.as_str())
        .filter(|s| !s.is_empty())
        .unwrap_or(&config.description);
    jobs.push(make(
        "home.html",
        format!("{base}/"),
        home_title,
        home_desc,
        "home",
        vec![],
        ctx,
    ));

    // Themes.
    let mut ctx = Context::new();
    ctx.insert("items", &theme_links);
    jobs.push(make(
        "list.html",
        format!("{base}/temaer/"),
        "Temaer",
        "Alle temaer i håndbogen.",
        "temaer",
        vec![home_crumb()],
        ctx,
    ));
    for (i, theme) in library.themes.iter().enumerate() {
        let mut ctx = Context::new();
        ctx.insert("body", &BodyView::of(&theme.entry));
        ctx.insert("survey", &theme.survey);
        ctx.insert("questions", &theme.questions);
        ctx.insert("cases", &CaseList::of(&theme.cases, card_html));
        ctx.insert(
            "related",
            &links(&theme.related, &library.themes, theme_link),
        );
        ctx.insert(
            "messages",
            &links(&theme.messages, &library.messages, LinkView::numbered),
        );
        ctx.insert(
            "citizen_themes",
            &links(
                &theme.citizen_themes,
                &library.citizen_themes,
                LinkView::numbered,
            ),
        );
        ctx.insert("tools", &links(&theme.tools, &library.tools, tool_link));
        let slug = &theme.entry.slug;
        ctx.insert(
            "meeting",
            &Meeting {
                questions: theme.questions.len(),
                card_count: deck.by_theme[i].len(),
                worksheet: format!("{base}/refleksion/{slug}/"),
                cards: format!("{base}/refleksion/{slug}/kort/"),
                tool: theme.tools.first().map(|&t| tool_link(&library.tools[t])),
            },
        );
        let mut toc = theme.entry.body.toc.clone();
        let extra = |id: &str, title: &str| TocEntry {
            level: 2,
            id: id.into(),
            title: title.into(),
        };
        if !theme.survey.is_empty() {
            toc.push(extra("h-survey", "Sådan spørger vi medarbejderne"));
        }
        toc.push(extra("h-questions", "Refleksionsspørgsmål"));
        if !theme.cases.is_empty() {
            toc.push(extra("h-cases", "Cases om temaet"));
        }
        ctx.insert("toc", &toc);
        ctx.insert(
            "prev",
            &i.checked_sub(1).map(|p| theme_link(&library.themes[p])),
        );
        ctx.insert("next", &library.themes.get(i + 1).map(theme_link));
        let crumbs = vec![home_crumb(), section_crumb("Temaer", "temaer")];
        jobs.push(make(
            "theme.html",
            theme.entry.url.clone(),
            &theme.entry.title,
            &theme.entry.summary,
            "temaer",
            crumbs,
            ctx,
        ));
    }

    // Cases, with one pre-rendered list per filter value for readers without JavaScript.
    let all: Vec<usize> = (0..library.cases.len()).collect();
    jobs.push(case_list(
        &make,
        card_html,
        library,
        base,
        &all,
        None,
        home_crumb(),
    ));
    for (facet, members) in &library.sectors {
        let title = format!("Cases: {}", facet.label);
        jobs.push(case_list(
            &make,
            card_html,
            library,
            base,
            members,
            Some(("sektor", &facet.key, title)),
            home_crumb(),
        ));
    }
    for (facet, members) in &library.levels {
        let title = format!("Cases: {}", facet.label);
        jobs.push(case_list(
            &make,
            card_html,
            library,
            base,
            members,
            Some(("niveau", &facet.key, title)),
            home_crumb(),
        ));
    }
    for theme in library.themes.iter().filter(|t| !t.cases.is_empty()) {
        let title = format!("Cases om {}", theme.entry.title.to_lowercase());
        jobs.push(case_list(
            &make,
            card_html,
            library,
            base,
            &theme.cases,
            Some(("tema", &theme.entry.slug, title)),
            home_crumb(),
        ));
    }
    // Question bank: the questions by theme on screen, one deck of cards to
    // print (each question once, with every theme it belongs to), and per
    // theme a worksheet and a deck.
    let groups: Vec<QuestionGroupView<'_>> = library
        .question_bank
        .iter()
        .map(|g| {
            let slug = &library.themes[g.theme].entry.slug;
            QuestionGroupView {
                theme: theme_link(&library.themes[g.theme]),
                worksheet: format!("{base}/refleksion/{slug}/"),
                cards: format!("{base}/refleksion/{slug}/kort/"),
                questions: deck.of_theme(g.theme),
            }
        })
        .collect();
    let questions_crumb = || Crumb {
        title: "Refleksionsspørgsmål",
        url: format!("{base}/refleksion/"),
    };
    for (group, bank) in groups.iter().zip(&library.question_bank) {
        let theme = &library.themes[bank.theme];
        let mut ctx = Context::new();
        ctx.insert("group", group);
        let title = format!("Arbejdsark: {}", theme.entry.title);
        jobs.push(make(
            "worksheet.html",
            group.worksheet.clone(),
            &title,
            &theme.entry.summary,
            "refleksion",
            vec![home_crumb(), questions_crumb()],
            ctx,
        ));
        let mut ctx = Context::new();
        ctx.insert("group", group);
        let title = format!("Refleksionskort: {}", theme.entry.title);
        let description = format!(
            "Refleksionsspørgsmålene til temaet {} som kort, der kan printes og klippes ud.",
            theme.entry.title
        );
        jobs.push(make(
            "cards.html",
            group.cards.clone(),
            &title,
            &description,
            "refleksion",
            vec![home_crumb(), questions_crumb()],
            ctx,
        ));
    }
    let mut ctx = Context::new();
    ctx.insert("groups", &groups);
    ctx.insert("deck", &deck.cards);
    jobs.push(make(
        "questions.html",
        format!("{base}/refleksion/"),
        "Refleksionsspørgsmål",
        "Alle refleksionsspørgsmål samlet efter tema, klar til at printe som kort.",
        "refleksion",
        vec![home_crumb()],
        ctx,
    ));

    // Messages and citizen themes.
    for (key, title, intro, items) in [
        (
            "budskaber",
            "Syv budskaber til chefer",
            "Syv budskaber fra ledere og medarbejdere til chefer.",
            &library.messages,
        ),
        (
            "borgertemaer",
            "Fem borgertemaer",
            "Fem temaer om, hvad borgerne har brug for.",
            &library.citizen_themes,
        ),
    ] {
        let mut ctx = Context::new();
        ctx.insert(
            "items",
            &items.iter().map(LinkView::numbered).collect::<Vec<_>>(),
        );
        ctx.insert("intro", intro);
        jobs.push(make(
            "numbered_list.html",
            format!("{base}/{key}/"),
            title,
            intro,
            if key == "budskaber" {
                "budskaber"
            } else {
                "borgertemaer"
            },
            vec![home_crumb()],
            ctx,
        ));
        for item in items {
            let mut ctx = Context::new();
            ctx.insert("body", &BodyView::of(&item.entry));
            ctx.insert("number", &item.number);
            ctx.insert(
                "kind_label",
                if key == "budskaber" {
                    "Budskab"
                } else {
                    "Borgertema"
                },
            );
            ctx.insert("themes", &links(&item.themes, &library.themes, theme_link));
            ctx.insert("cases", &CaseList::of(&item.cases, card_html));
            let section = if key == "budskaber" {
                "budskaber"
            } else {
                "borgertemaer"
            };
            let crumbs = vec![
                home_crumb(),
                Crumb {
                    title,
                    url: format!("{base}/{key}/"),
                },
            ];
            jobs.push(make(
                "numbered.html",
                item.entry.url.clone(),
                &item.entry.title,
                &item.entry.summary,
                section,
                crumbs,
                ctx,
            ));
        }
    }

    // Tools.
    let mut ctx = Context::new();
    ctx.insert(
        "items",
        &library.tools.iter().map(tool_link).collect::<Vec<_>>(),
    );
    jobs.push(make(
        "list.html",
        format!("{base}/vaerktoejer/"),
        "Værktøjer",
        "Værktøjer til ledelse på tværs.",
        "vaerktoejer",
        vec![home_crumb()],
        ctx,
    ));
    for tool in &library.tools {
        let mut ctx = Context::new();
        ctx.insert("body", &BodyView::of(&tool.entry));
        ctx.insert("toc", &tool.entry.body.toc);
        ctx.insert("themes", &links(&tool.themes, &library.themes, theme_link));
        let crumbs = vec![home_crumb(), section_crumb("Værktøjer", "vaerktoejer")];
        jobs.push(make(
            "tool.html",
            tool.entry.url.clone(),
            &tool.entry.title,
            &tool.entry.summary,
            "vaerktoejer",
            crumbs,
            ctx,
        ));
    }

    // Free pages.
    for page in &library.pages {
        let mut ctx = Context::new();
        ctx.insert("body", &BodyView::of(page));
        jobs.push(make(
            "page.html",
            page.url.clone(),
            &page.title,
            &page.summary,
            "",
            vec![home_crumb()],
            ctx,
        ));
    }

    // Matrix, print, search, 404.
    let mut ctx = Context::new();
    ctx.insert("messages", &message_links);
    ctx.insert("citizen_themes", &citizen_links);
    let rows: Vec<MatrixRow<'_>> = library
        .cases
        .iter()
        .map(|c| MatrixRow {
            case: case_link(c),
            messages: library
                .messages
                .iter()
                .enumerate()
                .map(|(i, _)| c.messages.contains(&i))
                .collect(),
            citizen_themes: library
                .citizen_themes
                .iter()
                .enumerate()
                .map(|(i, _)| c.citizen_themes.contains(&i))
                .collect(),
        })
        .collect();
    ctx.insert("rows", &rows);
    ctx.insert("message_groups", &matrix_groups(library, &library.messages));
    ctx.insert(
        "citizen_groups",
        &matrix_groups(library, &library.citizen_themes),
    );
    jobs.push(make(
        "matrix.html",
        format!("{base}/matrix/"),
        "Cases, budskaber og borgertemaer",
        "Hvilke cases belyser hvilke af de syv budskaber og fem borgertemaer.",
        "cases",
        vec![home_crumb()],
        ctx,
    ));

    let mut ctx = Context::new();
    // The whole handbook: left out unless wanted, its context alone is large.
    if keep("print/index.html") {
        ctx.insert("sections", &print::sections(library, base));
    }
    jobs.push(make(
        "print.html",
        format!("{base}/print/"),
        "Hele håndbogen til print",
        "Hele håndbogen på én side, klar til print.",
        "",
        vec![home_crumb()],
        ctx,
    ));

    let mut ctx = Context::new();
    ctx.insert("themes", &theme_links);
    ctx.insert("stop_words", &config.search.stop_words.join(" "));
    let values = |list: &[(crate::model::Facet, Vec<usize>)]| -> Vec<crate::model::Facet> {
        list.iter().map(|(f, _)| f.clone()).collect()
    };
    let themes: Vec<crate::model::Facet> = library
        .themes
        .iter()
        .map(|t| crate::model::Facet {
            key: t.entry.slug.clone(),
            label: t.entry.title.clone(),
        })
        .collect();
    ctx.insert(
        "case_facets",
        &[
            SearchFacet {
                param: "sektor",
                label: "Sektor (cases)",
                all: "Alle sektorer",
                values: values(&library.sectors),
            },
            SearchFacet {
                param: "niveau",
                label: "Niveau (cases)",
                all: "Alle niveauer",
                values: values(&library.levels),
            },
            SearchFacet {
                param: "tema",
                label: "Tema (cases)",
                all: "Alle temaer",
                values: themes,
            },
        ],
    );
    jobs.push(make(
        "search.html",
        format!("{base}/soeg/"),
        "Søg",
        "Søg i håndbogen.",
        "soeg",
        vec![home_crumb()],
        ctx,
    ));
    jobs.push(make(
        "404.html",
        format!("{base}/404.html"),
        "Siden findes ikke",
        "Siden findes ikke.",
        "",
        vec![],
        Context::new(),
    ));
    jobs
}

/// The head of a page: what every page template gets as `page`.
struct PageHead<'a> {
    template: &'static str,
    url: String,
    title: &'a str,
    description: &'a str,
    section: &'static str,
    breadcrumbs: Vec<Crumb<'a>>,
}

/// A job for one page: its head as `page` plus the page's own values.
fn page_job(
    library: &Library,
    config: &Config,
    base: &str,
    head: PageHead<'_>,
    extra: Context,
) -> Job {
    let own_statement = config.accessibility_statement.starts_with('/')
        && config
            .publisher
            .as_ref()
            .is_none_or(|p| p.accessibility_statement_url.is_empty());
    let info = PageInfo {
        shows_contact: own_statement
            && head.url == format!("{base}{}", config.accessibility_statement),
        draft: library.drafts.contains(&head.url),
        title: head.title,
        description: head.description,
        canonical: format!(
            "{}{}",
            config.base_url_trimmed(),
            head.url.strip_prefix(base).unwrap_or(&head.url)
        ),
        url: head.url.clone(),
        section: head.section,
        breadcrumbs: head.breadcrumbs,
    };
    let mut context = extra;
    context.insert("page", &info);
    Job {
        template: head.template,
        url: head.url,
        context,
    }
}

/// The job of case `i`'s page. Built inside the parallel render, since there
/// are thousands of cases and each context copies the case's body.
fn case_job(library: &Library, config: &Config, base: &str, card: &CaseCard<'_>, i: usize) -> Job {
    let case = &library.cases[i];
    let mut ctx = Context::new();
    ctx.insert("body", &BodyView::of(&case.entry));
    ctx.insert("card", card);
    ctx.insert(
        "messages",
        &links(&case.messages, &library.messages, LinkView::numbered),
    );
    ctx.insert(
        "citizen_themes",
        &links(
            &case.citizen_themes,
            &library.citizen_themes,
            LinkView::numbered,
        ),
    );
    ctx.insert("questions", &case.questions);
    ctx.insert("date", &case.date.as_deref().and_then(crate::date::danish));
    ctx.insert("date_iso", &case.date);
    ctx.insert(
        "source",
        &config
            .sources
            .get_key_value(&case.source)
            .map(|(key, document)| SourceView::of(key, document)),
    );
    let breadcrumbs = vec![
        Crumb {
            title: "Forside",
            url: format!("{base}/"),
        },
        Crumb {
            title: "Cases",
            url: format!("{base}/cases/"),
        },
    ];
    page_job(
        library,
        config,
        base,
        PageHead {
            template: "case.html",
            url: case.entry.url.clone(),
            title: &case.entry.title,
            description: &case.entry.summary,
            section: "cases",
            breadcrumbs,
        },
        ctx,
    )
}

/// A list of case cards as `cases`: how many, and their HTML, joined from
/// cards rendered once each (lists repeat every card several times).
#[derive(Debug, Serialize)]
struct CaseList {
    count: usize,
    html: String,
}

impl CaseList {
    fn of(members: &[usize], card_html: &[String]) -> Self {
        let mut html = String::with_capacity(members.iter().map(|&i| card_html[i].len()).sum());
        for &i in members {
            html.push_str(&card_html[i]);
        }
        CaseList {
            count: members.len(),
            html,
        }
    }
}

type Make<'m> =
    dyn Fn(&'static str, String, &str, &str, &'static str, Vec<Crumb<'_>>, Context) -> Job + 'm;

/// The case list, whole or filtered by one facet value (`/cases/sektor/kommune/`).
fn case_list(
    make: &Make<'_>,
    card_html: &[String],
    library: &Library,
    base: &str,
    members: &[usize],
    filter: Option<(&str, &str, String)>,
    home: Crumb<'_>,
) -> Job {
    let mut ctx = Context::new();
    ctx.insert("cases", &CaseList::of(members, card_html));
    ctx.insert("total", &library.cases.len());
    let facets = |list: &[(crate::model::Facet, Vec<usize>)], kind: &str| -> Vec<FacetLink> {
        list.iter()
            .map(|(f, m)| FacetLink {
                key: f.key.clone(),
                label: f.label.clone(),
                count: m.len(),
                url: format!("{base}/cases/{kind}/{}/", f.key),
            })
            .collect()
    };
    ctx.insert("sectors", &facets(&library.sectors, "sektor"));
    ctx.insert("levels", &facets(&library.levels, "niveau"));
    let theme_facets: Vec<FacetLink> = library
        .themes
        .iter()
        .filter(|t| !t.cases.is_empty())
        .map(|t| FacetLink {
            key: t.entry.slug.clone(),
            label: t.entry.title.clone(),
            count: t.cases.len(),
            url: format!("{base}/cases/tema/{}/", t.entry.slug),
        })
        .collect();
    ctx.insert("theme_facets", &theme_facets);
    ctx.insert(
        "active",
        &filter
            .as_ref()
            .map(|(kind, key, _)| format!("{kind}/{key}")),
    );
    match filter {
        None => make(
            "case_list.html",
            format!("{base}/cases/"),
            "Cases",
            "Alle cases i håndbogen, med filtre for sektor, niveau og tema.",
            "cases",
            vec![home],
            ctx,
        ),
        Some((kind, key, title)) => {
            let crumbs = vec![
                home,
                Crumb {
                    title: "Cases",
                    url: format!("{base}/cases/"),
                },
            ];
            make(
                "case_list.html",
                format!("{base}/cases/{kind}/{key}/"),
                &title,
                &title,
                "cases",
                crumbs,
                ctx,
            )
        }
    }
}

/// Dated cases newest first, then the undated ones by title.
pub(crate) fn newest(library: &Library) -> Vec<usize> {
    let mut order: Vec<usize> = (0..library.cases.len()).collect();
    order.sort_by(|&a, &b| {
        library.cases[b]
            .date
            .cmp(&library.cases[a].date)
            .then(a.cmp(&b))
    });
    order
}

/// A case facet the search page filters by: the URL parameter (also the
/// Pagefind filter name), the select's label, its "all" option and values.
#[derive(Debug, Serialize)]
struct SearchFacet {
    param: &'static str,
    label: &'static str,
    all: &'static str,
    values: Vec<crate::model::Facet>,
}

#[derive(Debug, Serialize)]
struct FacetLink {
    key: String,
    label: String,
    count: usize,
    url: String,
}

#[derive(Debug, Serialize)]
struct QuestionGroupView<'a> {
    theme: LinkView<'a>,
    /// The theme's worksheet.
    worksheet: String,
    /// The theme's deck of cards to print.
    cards: String,
    /// The theme's questions, each once.
    questions: Vec<Card<'a>>,
}

/// A reflection question as a card: the question once, with every theme
/// it belongs to.
#[derive(Debug, Clone, Serialize)]
struct Card<'a> {
    text: &'a str,
    /// Title of the source it is taken from; `None` for the editors' own.
    source: Option<&'a str>,
    /// The themes it belongs to, in theme order.
    themes: Vec<&'a str>,
    /// The themes as one line: "Fælles formål · Møder".
    theme_line: String,
    /// The case it comes from, if any.
    from: Option<LinkView<'a>>,
    /// `short`, `medium` or `long`: printed cards set long questions
    /// smaller, so every question fits its card.
    size: &'static str,
}

/// Every reflection question once, in the question bank's order.
struct Deck<'a> {
    cards: Vec<Card<'a>>,
    /// Per theme, the indices of its cards.
    by_theme: Vec<Vec<usize>>,
}

impl<'a> Deck<'a> {
    fn of(library: &'a Library) -> Self {
        let mut cards: Vec<Card<'a>> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut by_theme = vec![Vec::new(); library.themes.len()];
        for group in &library.question_bank {
            let theme = library.themes[group.theme].entry.title.as_str();
            for q in &group.questions {
                let key = q
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                let at = *index.entry(key).or_insert_with(|| {
                    cards.push(Card {
                        text: &q.text,
                        source: q.source.as_deref(),
                        themes: Vec::new(),
                        theme_line: String::new(),
                        size: match q.text.chars().count() {
                            0..=110 => "short",
                            111..=190 => "medium",
                            _ => "long",
                        },
                        from: match q.origin {
                            QuestionOrigin::Theme(_) => None,
                            QuestionOrigin::Case(c) => Some(case_link(&library.cases[c])),
                        },
                    });
                    cards.len() - 1
                });
                if !cards[at].themes.contains(&theme) {
                    cards[at].themes.push(theme);
                }
                if !by_theme[group.theme].contains(&at) {
                    by_theme[group.theme].push(at);
                }
            }
        }
        for card in &mut cards {
            card.theme_line = card.themes.join(" · ");
        }
        Deck { cards, by_theme }
    }

    /// The cards of theme `theme`, each once.
    fn of_theme(&self, theme: usize) -> Vec<Card<'a>> {
        self.by_theme[theme]
            .iter()
            .map(|&i| self.cards[i].clone())
            .collect()
    }
}

/// The messages (or citizen themes) `items`, each with its cases.
fn matrix_groups<'a>(
    library: &'a Library,
    items: &'a [crate::model::Numbered],
) -> Vec<MatrixGroup<'a>> {
    items
        .iter()
        .map(|n| MatrixGroup {
            link: LinkView::numbered(n),
            cases: links(&n.cases, &library.cases, case_link),
        })
        .collect()
}

/// A message or citizen theme with the cases that shed light on it.
#[derive(Debug, Serialize)]
struct MatrixGroup<'a> {
    link: LinkView<'a>,
    cases: Vec<LinkView<'a>>,
}

#[derive(Debug, Serialize)]
struct MatrixRow<'a> {
    case: LinkView<'a>,
    messages: Vec<bool>,
    citizen_themes: Vec<bool>,
}
