//! Which pages an edit of cases reaches: from the model before and after
//! the edit, the output paths whose bytes can differ, so `serve` renders
//! those and keeps every other page's bytes. Each page kind's module shows
//! what it reads of a case; this file mirrors that, page kind by page kind.
//! `None` when the edit reaches past the cases' own facts (a theme, a page,
//! a message, a draft state, a new URL, a facet value gained or lost): then
//! every page is rendered.

use std::collections::{HashMap, HashSet};

use crate::content::Kind;
use crate::model::{Case, Facet, Library, Numbered, Theme, question_key};
use crate::site_map::{self, CaseFilter, SiteMap};

/// The output paths of the pages whose bytes can differ between `old` and
/// `new` (the print page left out: `serve` renders it when asked for), or
/// `None` for every page. Exact for what it names: a page left out renders
/// to the same bytes from both libraries.
pub(crate) fn affected(old: &Library, new: &Library, map: &SiteMap) -> Option<HashSet<String>> {
    if !same_but_cases(old, new) {
        return None;
    }
    let mut pages = Pages {
        map,
        paths: HashSet::new(),
    };
    let old_at: HashMap<&str, usize> = old
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.entry.path.as_str(), i))
        .collect();
    for case in &new.cases {
        let &was_at = old_at.get(case.entry.path.as_str())?;
        let was = &old.cases[was_at];
        // A case that only moved (another case's new title moved it) keeps
        // its place among the others: the moved case's lists name it.
        if was != case {
            edited(&mut pages, [old, new], was, case)?;
        }
    }
    if !pages.paths.is_empty() {
        // Cheap, and they read every case's title, summary and date.
        for file in [site_map::FEED, site_map::SITEMAP, site_map::ROBOTS] {
            pages.url(&map.file(file));
        }
    }
    pages.paths.remove(site_map::PRINT_FILE);
    Some(pages.paths)
}

/// The paths gathered, by URL.
struct Pages<'a> {
    map: &'a SiteMap,
    paths: HashSet<String>,
}

impl Pages<'_> {
    fn url(&mut self, url: &str) {
        self.paths.insert(self.map.output_path(url));
    }

    /// The pages of the themes `themes` of `library`.
    fn themes(&mut self, library: &Library, themes: &[usize]) {
        for &t in themes {
            self.url(&library.themes[t].entry.url);
        }
    }

    /// The pages of the numbered items `items`.
    fn numbered(&mut self, items: &[Numbered], which: &[usize]) {
        for &i in which {
            self.url(&items[i].entry.url);
        }
    }
}

/// The pages case `was` (in `old`) and `case` (in `new`) reach, added to `pages`;
/// `None` when the edit needs every page.
fn edited(pages: &mut Pages<'_>, [old, new]: [&Library; 2], was: &Case, case: &Case) -> Option<()> {
    if was.entry.url != case.entry.url || was.entry.slug != case.entry.slug {
        return None;
    }
    // Its own page shows all of it.
    pages.url(&case.entry.url);
    // Its card (lists, theme and numbered pages): title, summary, facets and
    // themes; the title also gives its place in every list.
    let card = was.entry.title != case.entry.title
        || was.entry.summary != case.entry.summary
        || was.sector != case.sector
        || was.level != case.level
        || was.themes != case.themes;
    let numbered = was.messages != case.messages || was.citizen_themes != case.citizen_themes;
    let map = pages.map;
    if card {
        // How many cases each facet value has shows on every case list.
        let counts =
            was.sector != case.sector || was.level != case.level || was.themes != case.themes;
        pages.url(&map.section(Kind::Case));
        if counts {
            for (facet, _) in new.sectors.iter() {
                pages.url(&map.case_filter(CaseFilter::Sector, &facet.key));
            }
            for (facet, _) in new.levels.iter() {
                pages.url(&map.case_filter(CaseFilter::Level, &facet.key));
            }
            for theme in new.themes.iter().filter(|t| !t.cases.is_empty()) {
                pages.url(&map.case_filter(CaseFilter::Theme, &theme.entry.slug));
            }
        } else {
            pages.url(&map.case_filter(CaseFilter::Sector, &case.sector.key));
            pages.url(&map.case_filter(CaseFilter::Level, &case.level.key));
            for &t in &case.themes {
                pages.url(&map.case_filter(CaseFilter::Theme, &new.themes[t].entry.slug));
            }
        }
        pages.themes(new, &was.themes);
        pages.themes(new, &case.themes);
    }
    if card || numbered {
        pages.numbered(&new.messages, &was.messages);
        pages.numbered(&new.messages, &case.messages);
        pages.numbered(&new.citizen_themes, &was.citizen_themes);
        pages.numbered(&new.citizen_themes, &case.citizen_themes);
        pages.url(&map.matrix());
    }
    // The question bank's cards name the case a question first comes from,
    // and a card shared by several themes (the same words) shows in each of
    // their worksheets and decks: those of every theme whose questions,
    // before or after, hold one of the case's. A theme page lists its
    // cases' questions and the home page counts them, which only other
    // questions or themes change.
    let asks = !was.questions.is_empty() || !case.questions.is_empty();
    let questions = was.questions != case.questions;
    if asks && (card || questions) {
        pages.url(&map.questions());
        let keys: HashSet<String> = was
            .questions
            .iter()
            .chain(&case.questions)
            .map(|q| question_key(&q.text))
            .collect();
        for bank in [&old.question_bank, &new.question_bank] {
            for (theme, questions) in bank.by_theme.iter().enumerate() {
                if questions
                    .iter()
                    .any(|&q| keys.contains(&question_key(&bank.questions[q].text)))
                {
                    let slug = &new.themes[theme].entry.slug;
                    pages.url(&map.worksheet(slug));
                    pages.url(&map.cards(slug));
                }
            }
        }
        if questions || was.themes != case.themes {
            for theme in &new.themes {
                pages.url(&theme.entry.url);
            }
            // The home page counts each theme's questions.
            pages.url(&map.home());
        }
    }
    Some(())
}

/// Whether everything but the cases (and what points back to them) is the
/// same, and the cases are as many, with the same facet values in use: then
/// only the pages that show a case can change.
fn same_but_cases(old: &Library, new: &Library) -> bool {
    old.home == new.home
        && old.pages == new.pages
        && old.tools == new.tools
        && old.drafts == new.drafts
        && old.cases.len() == new.cases.len()
        && old
            .themes
            .iter()
            .map(own_theme)
            .eq(new.themes.iter().map(own_theme))
        && old
            .messages
            .iter()
            .map(own_numbered)
            .eq(new.messages.iter().map(own_numbered))
        && old
            .citizen_themes
            .iter()
            .map(own_numbered)
            .eq(new.citizen_themes.iter().map(own_numbered))
        && facets(&old.sectors).eq(facets(&new.sectors))
        && facets(&old.levels).eq(facets(&new.levels))
}

/// What a theme is apart from its reverse links, and whether it has cases
/// (a theme without cases has no filtered case list).
type OwnTheme<'a> = (
    &'a crate::model::Entry,
    &'a [String],
    &'a [crate::model::Reflection],
    [&'a [usize]; 4],
    bool,
);

fn own_theme(t: &Theme) -> OwnTheme<'_> {
    (
        &t.entry,
        &t.survey,
        &t.questions,
        [&t.related, &t.messages, &t.citizen_themes, &t.tools],
        t.cases.is_empty(),
    )
}

/// What a message or citizen theme is apart from its cases.
fn own_numbered(n: &Numbered) -> (&crate::model::Entry, u32, &[usize]) {
    (&n.entry, n.number, &n.themes)
}

/// The facet values in use.
fn facets(list: &[(Facet, Vec<usize>)]) -> impl Iterator<Item = &Facet> {
    list.iter().map(|(facet, _)| facet)
}
