//! The reverse indexes, built once every reference is resolved: the cases,
//! messages, citizen themes and tools of each theme, the cases of each
//! message and citizen theme, the question bank, and the facets in use.

use super::{Facet, Library, Question, QuestionBank, QuestionOrigin, question_key};

/// Fills in everything that points back: reverse links, question bank, facets.
pub(super) fn add_reverse_links(library: &mut Library) {
    for (ci, case) in library.cases.iter().enumerate() {
        for &t in &case.themes {
            library.themes[t].cases.push(ci);
        }
        for &m in &case.messages {
            library.messages[m].cases.push(ci);
        }
        for &c in &case.citizen_themes {
            library.citizen_themes[c].cases.push(ci);
        }
    }
    for (mi, message) in library.messages.iter().enumerate() {
        for &t in &message.themes {
            library.themes[t].messages.push(mi);
        }
    }
    for (ci, citizen) in library.citizen_themes.iter().enumerate() {
        for &t in &citizen.themes {
            library.themes[t].citizen_themes.push(ci);
        }
    }
    for (ti, tool) in library.tools.iter().enumerate() {
        for &t in &tool.themes {
            library.themes[t].tools.push(ti);
        }
    }
    library.question_bank = question_bank(library);
    let (sectors, levels) = facets(library);
    library.sectors = sectors;
    library.levels = levels;
}

/// Each theme's reflection questions, its own first, then its cases', and
/// every question once with all the themes it belongs to.
fn question_bank(library: &Library) -> QuestionBank {
    let mut bank = QuestionBank {
        questions: Vec::new(),
        by_theme: vec![Vec::new(); library.themes.len()],
    };
    let mut index: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    for (ti, theme) in library.themes.iter().enumerate() {
        let own = theme
            .questions
            .iter()
            .map(|q| (q, QuestionOrigin::Theme(ti)));
        let from_cases = theme.cases.iter().flat_map(|&ci| {
            library.cases[ci]
                .questions
                .iter()
                .map(move |q| (q, QuestionOrigin::Case(ci)))
        });
        for (q, origin) in own.chain(from_cases) {
            let at = *index.entry(question_key(&q.text)).or_insert_with(|| {
                bank.questions.push(Question {
                    text: q.text.clone(),
                    source: q.source.clone(),
                    origin,
                    themes: Vec::new(),
                });
                bank.questions.len() - 1
            });
            if !bank.questions[at].themes.contains(&ti) {
                bank.questions[at].themes.push(ti);
                bank.by_theme[ti].push(at);
            }
        }
    }
    bank
}

/// Facet values with their cases.
type Facets = Vec<(Facet, Vec<usize>)>;

/// The sectors and levels in use (by key), each with its cases.
fn facets(library: &Library) -> (Facets, Facets) {
    let mut sectors: Facets = Vec::new();
    let mut levels: Facets = Vec::new();
    for (ci, case) in library.cases.iter().enumerate() {
        // A draft's facet not filled in yet is no value to filter by.
        if !case.sector.key.is_empty() {
            push_facet(&mut sectors, &case.sector, ci);
        }
        if !case.level.key.is_empty() {
            push_facet(&mut levels, &case.level, ci);
        }
    }
    sectors.sort_by(|a, b| a.0.key.cmp(&b.0.key));
    levels.sort_by(|a, b| a.0.key.cmp(&b.0.key));
    (sectors, levels)
}

fn push_facet(facets: &mut Facets, facet: &Facet, case: usize) {
    match facets.iter_mut().find(|(f, _)| f == facet) {
        Some((_, cases)) => cases.push(case),
        None => facets.push((facet.clone(), vec![case])),
    }
}
