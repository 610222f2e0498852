//! The list of themes (`list.html`) and a page per theme (`theme.html`): its
//! text, the "Til mødet" block, questions, cases and related pages.

use serde::Serialize;

use super::case_list::CaseList;
use super::{Job, Jobs, LinkList, Site};
use crate::content::Kind;
use crate::markdown::TocEntry;
use crate::model::Theme;
use crate::render::reflections::{QuestionRun, QuestionView, runs, texts};
use crate::render::views::{BodyView, LinkView, links, theme_link, tool_link};
use crate::site_map;

/// The context of `theme.html`.
#[derive(Debug, Serialize)]
struct ThemePage<'a> {
    body: BodyView<'a>,
    /// Statements staff answered in the leadership survey.
    survey: &'a [String],
    /// The theme's questions (its own, then its cases'), in runs of one origin.
    questions: Vec<QuestionRun<'a>>,
    /// The theme's cases as cards.
    cases: CaseList<'a>,
    /// Related themes.
    related: Vec<LinkView<'a>>,
    messages: Vec<LinkView<'a>>,
    citizen_themes: Vec<LinkView<'a>>,
    tools: Vec<LinkView<'a>>,
    meeting: Meeting<'a>,
    /// The body's headings, then the page's own sections.
    toc: Vec<TocEntry>,
    /// The theme before and after this one in reading order.
    prev: Option<LinkView<'a>>,
    next: Option<LinkView<'a>>,
}

/// The "Til mødet" block of a theme page.
#[derive(Debug, Serialize)]
struct Meeting<'a> {
    /// How many reflection questions the theme has (its cases' included):
    /// the page lists them, and its deck has a card for each.
    questions: usize,
    worksheet: String,
    cards: String,
    /// The first related tool.
    tool: Option<LinkView<'a>>,
}

/// The list of themes and every theme's page.
pub(super) fn jobs<'s>(site: &'s Site<'_>) -> Jobs<'s> {
    let library = site.library;
    let list = LinkList {
        items: library.themes.iter().map(theme_link).collect(),
    };
    let head = site.list_head(
        "list.html",
        Kind::Theme,
        site_map::label(Kind::Theme).many,
        "Alle temaer i håndbogen.",
    );
    let pages = library
        .themes
        .iter()
        .enumerate()
        .map(|(i, theme)| page(site, i, theme));
    Box::new(std::iter::once(site.list_job(head, &list)).chain(pages))
}

fn page(site: &Site<'_>, i: usize, theme: &Theme) -> Job {
    let library = site.library;
    let slug = &theme.entry.slug;
    let values = ThemePage {
        body: BodyView::of(&theme.entry),
        survey: &theme.survey,
        questions: runs(
            library
                .question_bank
                .of_theme(i)
                .map(|q| QuestionView::of(library, q, Some(i))),
        ),
        cases: CaseList::of(&theme.cases, site.cards),
        related: links(&theme.related, &library.themes, theme_link),
        messages: links(&theme.messages, &library.messages, LinkView::numbered),
        citizen_themes: links(
            &theme.citizen_themes,
            &library.citizen_themes,
            LinkView::numbered,
        ),
        tools: links(&theme.tools, &library.tools, tool_link),
        meeting: Meeting {
            questions: library.question_bank.count(i),
            worksheet: site.map.worksheet(slug),
            cards: site.map.cards(slug),
            tool: theme.tools.first().map(|&t| tool_link(&library.tools[t])),
        },
        toc: toc(theme),
        prev: i.checked_sub(1).map(|p| theme_link(&library.themes[p])),
        next: library.themes.get(i + 1).map(theme_link),
    };
    let head = site.entry_head("theme.html", Kind::Theme, &theme.entry);
    site.entry_job(head, Kind::Theme, &theme.entry, &values, |mut page| {
        if !theme.survey.is_empty() {
            page = page.section(
                SURVEY_ID,
                SURVEY_HEADING,
                theme.survey.iter().map(String::as_str),
            );
        }
        page.section(
            QUESTIONS_ID,
            site_map::QUESTIONS_LABEL.many,
            texts(&values.questions),
        )
    })
}

/// The section of the staff survey's statements, after the theme's text.
const SURVEY_ID: &str = "h-survey";
const SURVEY_HEADING: &str = "Sådan spørger vi medarbejderne";
/// The section of the theme's questions.
const QUESTIONS_ID: &str = "h-questions";

/// The theme's headings, then the sections the template adds after its body.
fn toc(theme: &Theme) -> Vec<TocEntry> {
    let mut toc = theme.entry.body.toc.clone();
    let extra = |id: &str, title: &str| TocEntry {
        level: 2,
        id: id.into(),
        title: title.into(),
    };
    if !theme.survey.is_empty() {
        toc.push(extra(SURVEY_ID, SURVEY_HEADING));
    }
    toc.push(extra(QUESTIONS_ID, site_map::QUESTIONS_LABEL.many));
    if !theme.cases.is_empty() {
        toc.push(extra("h-cases", "Cases om temaet"));
    }
    toc
}
