//! The reflection questions: the question bank (`questions.html`) with the
//! questions by theme on screen and one deck of cards to print (each question
//! once, with every theme it belongs to), and per theme a worksheet
//! (`worksheet.html`) and a deck of cards (`cards.html`).

use serde::Serialize;

use super::{Crumb, Head, Job, Site};
use crate::model::Library;
use crate::render::reflections::{Card, QuestionRun, QuestionView, runs};
use crate::render::views::{LinkView, theme_link};
use crate::site_map;

/// The context of `questions.html`.
#[derive(Debug, Serialize)]
struct QuestionBank<'a> {
    /// The questions by theme.
    groups: &'a [QuestionGroupView<'a>],
    /// Every question once, as cards to print, each naming all its themes.
    deck: Vec<Card<'a>>,
}

/// The context of `worksheet.html` and `cards.html`.
#[derive(Debug, Serialize)]
struct ThemeQuestions<'a> {
    group: &'a QuestionGroupView<'a>,
}

/// A theme's questions.
#[derive(Debug, Serialize)]
struct QuestionGroupView<'a> {
    theme: LinkView<'a>,
    /// The group's anchor on the question bank (`#tema-<slug>`).
    anchor: String,
    /// The theme's worksheet.
    worksheet: String,
    /// The theme's deck of cards to print.
    cards: String,
    /// How many questions the theme has.
    count: usize,
    /// The theme's questions, in runs of one origin.
    runs: Vec<QuestionRun<'a>>,
    /// The theme's questions as cards, each naming this theme only.
    deck: Vec<Card<'a>>,
}

/// The anchor of theme `slug`'s questions on the question bank.
pub(super) fn group_anchor(slug: &str) -> String {
    format!("tema-{slug}")
}

/// The whole bank's deck: every question once, naming all its themes.
fn bank_deck(library: &Library) -> Vec<Card<'_>> {
    library
        .question_bank
        .questions
        .iter()
        .map(|q| {
            let themes: Vec<&str> = q
                .themes
                .iter()
                .map(|&t| library.themes[t].entry.title.as_str())
                .collect();
            Card::new(&QuestionView::of(library, q, None), &themes)
        })
        .collect()
}

/// The question bank, and every theme's worksheet and deck.
pub(super) fn jobs(site: &Site<'_>) -> Vec<Job> {
    let library = site.library;
    let groups = groups(site);
    let mut jobs = Vec::new();
    for (group, theme) in groups.iter().zip(&library.themes) {
        jobs.extend(theme_jobs(
            site,
            group,
            &theme.entry.title,
            &theme.entry.summary,
        ));
    }
    let head = Head {
        template: "questions.html",
        url: site.map.questions(),
        title: site_map::QUESTIONS_LABEL.many,
        description: "Alle refleksionsspørgsmål samlet efter tema, klar til at printe som kort.",
        section: site_map::QUESTIONS,
        breadcrumbs: vec![site.home_crumb()],
    };
    let values = QuestionBank {
        groups: &groups,
        deck: if (site.wanted)(&head.url) {
            bank_deck(library)
        } else {
            Vec::new()
        },
    };
    jobs.push(site.list_job(head, &values));
    jobs
}

/// Each theme's questions, in the library's order of themes.
fn groups<'a>(site: &Site<'a>) -> Vec<QuestionGroupView<'a>> {
    let library = site.library;
    library
        .themes
        .iter()
        .enumerate()
        .map(|(ti, theme)| {
            let slug = &theme.entry.slug;
            let questions: Vec<QuestionView<'_>> = library
                .question_bank
                .of_theme(ti)
                .map(|q| QuestionView::of(library, q, Some(ti)))
                .collect();
            let title = [theme.entry.title.as_str()];
            QuestionGroupView {
                theme: theme_link(theme),
                anchor: group_anchor(slug),
                worksheet: site.map.worksheet(slug),
                cards: site.map.cards(slug),
                count: questions.len(),
                deck: questions.iter().map(|q| Card::new(q, &title)).collect(),
                runs: runs(questions),
            }
        })
        .collect()
}

/// The worksheet and the deck of cards of the theme `title` (`summary`).
fn theme_jobs(
    site: &Site<'_>,
    group: &QuestionGroupView<'_>,
    title: &str,
    summary: &str,
) -> [Job; 2] {
    let crumbs = || {
        vec![
            site.home_crumb(),
            Crumb {
                title: site_map::QUESTIONS_LABEL.many,
                url: site.map.questions(),
            },
        ]
    };
    let values = ThemeQuestions { group };
    let worksheet_title = format!("Arbejdsark: {title}");
    let worksheet = Head {
        template: "worksheet.html",
        url: group.worksheet.clone(),
        title: &worksheet_title,
        description: summary,
        section: site_map::QUESTIONS,
        breadcrumbs: crumbs(),
    };
    let cards_title = format!("Refleksionskort: {title}");
    let description = format!(
        "Refleksionsspørgsmålene til temaet {title} som kort, der kan printes og klippes ud."
    );
    let cards = Head {
        template: "cards.html",
        url: group.cards.clone(),
        title: &cards_title,
        description: &description,
        section: site_map::QUESTIONS,
        breadcrumbs: crumbs(),
    };
    [site.job(worksheet, &values), site.job(cards, &values)]
}
