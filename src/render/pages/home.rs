//! The home page (`home.html`): a purpose line, what a reader comes to do,
//! the themes, and the home page's own text.

use serde::Serialize;

use super::{Head, Job, Site};
use crate::content::Kind;
use crate::render::views::{BodyView, LinkView, theme_link};
use crate::site_map;

/// The context of `home.html`.
#[derive(Debug, Serialize)]
struct Home<'a> {
    /// The text of `content/_index.md`, if there is one.
    body: Option<BodyView<'a>>,
    /// What a reader comes to do.
    tasks: Vec<Task>,
    /// Every theme with how many questions it has.
    themes: Vec<ThemeCard<'a>>,
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

/// The home page's job.
pub(super) fn job(site: &Site<'_>) -> Job {
    let library = site.library;
    let home = library.home.as_ref();
    let values = Home {
        body: home.map(BodyView::of),
        tasks: tasks(site),
        themes: library
            .themes
            .iter()
            .enumerate()
            .map(|(i, t)| ThemeCard {
                link: theme_link(t),
                questions: library.question_bank.count(i),
            })
            .collect(),
    };
    let head = Head {
        template: "home.html",
        url: site.map.home(),
        title: home.map_or(site.config.title.as_str(), |e| e.title.as_str()),
        description: home
            .map(|e| e.summary.as_str())
            .filter(|s| !s.is_empty())
            .unwrap_or(&site.config.description),
        section: "home",
        breadcrumbs: vec![],
    };
    site.job(head, &values)
}

/// The home page's task entries; a free page that is missing is left out.
fn tasks(site: &Site<'_>) -> Vec<Task> {
    let library = site.library;
    let page = |slug: &str| library.pages.iter().find(|p| p.slug == slug);
    let mut tasks = Vec::new();
    if let Some(p) = page(site_map::MEETING_PAGE) {
        tasks.push(Task {
            title: "Forbered et møde i ledergruppen",
            url: p.url.clone(),
            text: "Et mødekit på to A4-sider: en tjekliste at krydse af og en dagsorden til et møde på tre timer, med arbejdsark og kort.".into(),
        });
    }
    tasks.push(Task {
        title: "Print refleksionskort",
        url: site.map.questions(),
        text: "Alle refleksionsspørgsmål som kort, der kan klippes ud – for hele håndbogen eller ét tema.".into(),
    });
    tasks.push(Task {
        title: "Find en case, der ligner jeres",
        url: site.map.section(Kind::Case),
        text: format!(
            "{} cases fra kommuner, regioner og samarbejder på tværs. Filtrér efter sektor, niveau og tema.",
            library.cases.len()
        ),
    });
    if let Some(p) = page(site_map::SURVEY_PAGE) {
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
