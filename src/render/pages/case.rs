//! A page per case (`case.html`). Built inside the parallel render, since
//! there are thousands of cases and each context copies the case's body.

use serde::Serialize;

use super::{Job, Site};
use crate::content::Kind;
use crate::model::Case;
use crate::render::reflections::{QuestionRun, QuestionView, runs, texts};
use crate::render::site::SourceView;
use crate::render::views::{BodyView, CaseCard, LinkView, links};
use crate::site_map::CaseFilter;

/// The context of `case.html`.
#[derive(Debug, Serialize)]
struct CasePage<'a> {
    body: BodyView<'a>,
    /// The case's card: sector, level and themes, each with its link.
    card: &'a CaseCard<'a>,
    messages: Vec<LinkView<'a>>,
    citizen_themes: Vec<LinkView<'a>>,
    /// The case's questions, in runs of one origin.
    questions: Vec<QuestionRun<'a>>,
    /// "24. januar 2024", if the case is dated.
    date: Option<String>,
    /// The date as `2024-01-24` for `<time datetime>`.
    date_iso: Option<&'a str>,
    /// The source the case is told from.
    source: Option<SourceView<'a>>,
}

/// The job of `case`'s page, given its card (the case is one of the
/// library's, or one edited in its place: `serve`'s fast path).
pub(in crate::render) fn job(site: &Site<'_>, card: &CaseCard<'_>, case: &Case) -> Job {
    let library = site.library;
    let values = CasePage {
        body: BodyView::of(&case.entry),
        card,
        messages: links(&case.messages, &library.messages, LinkView::numbered),
        citizen_themes: links(
            &case.citizen_themes,
            &library.citizen_themes,
            LinkView::numbered,
        ),
        questions: runs(case.questions.iter().map(QuestionView::own)),
        date: case.date.as_deref().and_then(crate::date::danish),
        date_iso: case.date.as_deref(),
        source: site
            .config
            .sources
            .get_key_value(&case.source)
            .map(|(key, document)| SourceView::of(key, document)),
    };
    let head = site.entry_head("case.html", Kind::Case, &case.entry);
    site.entry_job(head, Kind::Case, &case.entry, &values, |mut page| {
        page = page
            .filter(CaseFilter::Sector.key(), card.sector.label)
            .filter(CaseFilter::Level.key(), card.level.label);
        for theme in &card.themes {
            page = page.filter(CaseFilter::Theme.key(), theme.title);
        }
        match values.questions.is_empty() {
            true => page,
            false => page.section(
                "h-questions",
                crate::site_map::QUESTIONS_LABEL.many,
                texts(&values.questions),
            ),
        }
    })
}
