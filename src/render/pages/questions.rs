//! The reflection questions: the question bank (`questions.html`) with the
//! questions by theme on screen and one deck of cards to print (each question
//! once, with every theme it belongs to), and per theme a worksheet
//! (`worksheet.html`) and a deck of cards (`cards.html`).

use std::collections::HashMap;

use serde::Serialize;

use super::{Crumb, Head, Job, Site};
use crate::model::{Library, QuestionOrigin};
use crate::render::views::{LinkView, case_link, theme_link};
use crate::site_map;

/// The context of `questions.html`.
#[derive(Debug, Serialize)]
struct QuestionBank<'a> {
    /// The questions by theme.
    groups: &'a [QuestionGroupView<'a>],
    /// Every question once, as cards to print.
    deck: &'a [Card<'a>],
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

/// Every reflection question once, in the question bank's order (the
/// default, empty, for renders of case pages alone, which show none).
#[derive(Default)]
pub(in crate::render) struct Deck<'a> {
    cards: Vec<Card<'a>>,
    /// Per theme, the indices of its cards.
    pub by_theme: Vec<Vec<usize>>,
}

impl<'a> Deck<'a> {
    /// The deck of the question bank of `library`.
    pub fn of(library: &'a Library) -> Self {
        let mut cards: Vec<Card<'a>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut by_theme = vec![Vec::new(); library.themes.len()];
        for group in &library.question_bank {
            let theme = library.themes[group.theme].entry.title.as_str();
            for q in &group.questions {
                let at = *index.entry(card_key(&q.text)).or_insert_with(|| {
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

/// What makes two questions one card: their words, in lower case.
pub(in crate::render) fn card_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The question bank, and every theme's worksheet and deck.
pub(super) fn jobs(site: &Site<'_>) -> Vec<Job> {
    let library = site.library;
    let groups: Vec<QuestionGroupView<'_>> = library
        .question_bank
        .iter()
        .map(|g| {
            let slug = &library.themes[g.theme].entry.slug;
            QuestionGroupView {
                theme: theme_link(&library.themes[g.theme]),
                worksheet: site.map.worksheet(slug),
                cards: site.map.cards(slug),
                questions: site.deck.of_theme(g.theme),
            }
        })
        .collect();
    let crumbs = || {
        vec![
            site.home_crumb(),
            Crumb {
                title: site_map::QUESTIONS_LABEL.many,
                url: site.map.questions(),
            },
        ]
    };
    let mut jobs = Vec::new();
    for (group, bank) in groups.iter().zip(&library.question_bank) {
        let theme = &library.themes[bank.theme].entry;
        let values = ThemeQuestions { group };
        let title = format!("Arbejdsark: {}", theme.title);
        let head = Head {
            template: "worksheet.html",
            url: group.worksheet.clone(),
            title: &title,
            description: &theme.summary,
            section: site_map::QUESTIONS,
            breadcrumbs: crumbs(),
        };
        jobs.push(site.job(head, &values));
        let title = format!("Refleksionskort: {}", theme.title);
        let description = format!(
            "Refleksionsspørgsmålene til temaet {} som kort, der kan printes og klippes ud.",
            theme.title
        );
        let head = Head {
            template: "cards.html",
            url: group.cards.clone(),
            title: &title,
            description: &description,
            section: site_map::QUESTIONS,
            breadcrumbs: crumbs(),
        };
        jobs.push(site.job(head, &values));
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
        deck: &site.deck.cards,
    };
    jobs.push(site.job(head, &values));
    jobs
}
