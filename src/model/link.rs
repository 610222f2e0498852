//! Builds the [`Library`] from parsed documents: resolves references, builds
//! reverse links and the question bank, and validates everything, collecting
//! every problem rather than stopping at the first.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::Config;
use crate::content::front_matter;
use crate::content::{Kind, Meta, QuestionMeta};
use crate::date::is_valid_date;
use crate::diagnostics::{Diagnostic, closest};
use crate::parse::Document;
use crate::slug::slugify;

use super::{
    Case, Entry, Facet, Library, Numbered, Question, QuestionGroup, QuestionOrigin, Reflection,
    Theme, Tool, readability,
};

/// URL folders the generator uses itself; a free page may not take them.
pub const RESERVED_SLUGS: [&str; 11] = crate::site_map::RESERVED_SLUGS;

/// The top-level address folders the generator writes (content kinds and its
/// own pages), for checking links that start with `/`.
pub fn link_sections() -> &'static [&'static str] {
    &RESERVED_SLUGS
}

/// Links parsed documents into a library, drafts left out. Problems (errors
/// and warnings) come back sorted.
pub fn link(documents: Vec<Document>, config: &Config) -> (Library, Vec<Diagnostic>) {
    link_with(documents, config, false)
}

/// [`link`], with drafts in the library when `include_drafts` (`build
/// --drafts`, `serve`). Drafts are validated either way, leniently: a missing
/// or empty required field is a warning in a draft.
pub fn link_with(
    documents: Vec<Document>,
    config: &Config,
    include_drafts: bool,
) -> (Library, Vec<Diagnostic>) {
    let drafts: Vec<&Document> = documents.iter().filter(|d| d.meta.is_draft()).collect();
    if drafts.is_empty() {
        return library_of(documents, config, true);
    }
    let draft_files: HashSet<String> = drafts.iter().map(|d| d.file.path.clone()).collect();
    let draft_urls: HashSet<String> = drafts.iter().map(|d| d.url.clone()).collect();
    let mut problems = links_to_drafts(&documents, include_drafts);
    let published: Option<Vec<Document>> = (!include_drafts).then(|| {
        documents
            .iter()
            .filter(|d| !d.meta.is_draft())
            .cloned()
            .collect()
    });
    // All files first, so drafts are checked like everything else.
    let (mut library, all) = library_of(documents, config, true);
    problems.extend(all.into_iter().map(|p| {
        if draft_files.contains(&p.file) && p.code == "missing-field" {
            p.as_warning()
        } else {
            p
        }
    }));
    match published {
        Some(published) => {
            let (without, more) = library_of(published, config, false);
            library = without;
            for p in more {
                if !problems.contains(&p) {
                    problems.push(p);
                }
            }
        }
        None => library.drafts = draft_urls,
    }
    crate::diagnostics::sort(&mut problems);
    (library, problems)
}

/// A published page that links to a draft: an error while drafts are left
/// out (the link would be dead), a warning while they are shown.
fn links_to_drafts(documents: &[Document], include_drafts: bool) -> Vec<Diagnostic> {
    let drafts: HashSet<&str> = documents
        .iter()
        .filter(|d| d.meta.is_draft())
        .map(|d| d.file.relative.as_str())
        .collect();
    let mut problems = Vec::new();
    for doc in documents.iter().filter(|d| !d.meta.is_draft()) {
        for link in doc
            .body
            .links
            .iter()
            .filter(|l| drafts.contains(l.target.as_str()))
        {
            let d = Diagnostic::error(
                &doc.file.path,
                "link-to-draft",
                format!(
                    "linket peger på `content/{}`, som er en kladde (`draft: true`) og ikke udgives",
                    link.target
                ),
            )
            .at(link.line, link.column)
            .with_source_line(&doc.file.text)
            .hint("udgiv kladden (slet linjen `draft: true`), eller fjern linket, til kladden er klar");
            problems.push(if include_drafts { d.as_warning() } else { d });
        }
    }
    problems
}

/// The library of `documents`, with every problem found; `style` runs the
/// (costly) readability and length checks too.
fn library_of(
    documents: Vec<Document>,
    config: &Config,
    style: bool,
) -> (Library, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let documents = drop_duplicate_urls(documents, &mut problems);
    check_anchors(&documents, &mut problems);
    // Readability reads every word of every page: the one costly check, so in parallel.
    if style {
        problems.par_extend(
            documents
                .par_iter()
                .flat_map_iter(|doc| check_style(doc, config)),
        );
    }
    problems.extend(documents.iter().flat_map(check_fields));

    let mut themes = Vec::new();
    let mut cases = Vec::new();
    let mut messages = Vec::new();
    let mut citizen = Vec::new();
    let mut tools = Vec::new();
    let mut pages = Vec::new();
    let mut home = None;
    for doc in documents {
        match doc.kind {
            Kind::Theme => themes.push(doc),
            Kind::Case => cases.push(doc),
            Kind::Message => messages.push(doc),
            Kind::CitizenTheme => citizen.push(doc),
            Kind::Tool => tools.push(doc),
            Kind::Page if doc.file.relative == "_index.md" => home = Some(entry(&doc)),
            Kind::Page => {
                if RESERVED_SLUGS.contains(&doc.slug.as_str()) {
                    problems.push(
                        Diagnostic::error(
                            &doc.file.path,
                            "reserved-slug",
                            format!(
                                "adressen `/{}/` bruges allerede af håndbogen selv",
                                doc.slug
                            ),
                        )
                        .hint("giv filen et andet navn, eller angiv et andet `slug:`"),
                    );
                } else {
                    pages.push(entry(&doc));
                }
            }
        }
    }
    themes.sort_by(|a, b| (weight(a), a.meta.title()).cmp(&(weight(b), b.meta.title())));
    tools.sort_by(|a, b| (weight(a), a.meta.title()).cmp(&(weight(b), b.meta.title())));
    cases.sort_by(|a, b| {
        a.meta
            .title()
            .cmp(b.meta.title())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    let messages = numbered(messages, "budskab", &mut problems);
    let citizen_themes = numbered(citizen, "borgertema", &mut problems);

    let theme_index: HashMap<&str, usize> = themes
        .iter()
        .enumerate()
        .map(|(i, d)| (d.slug.as_str(), i))
        .collect();
    let theme_titles: HashMap<String, &str> = themes
        .iter()
        .map(|d| (d.meta.title().trim().to_lowercase(), d.slug.as_str()))
        .collect();
    let resolver = Resolver {
        theme_index: &theme_index,
        theme_titles: &theme_titles,
        messages: &messages,
        citizen_themes: &citizen_themes,
    };

    let mut library = Library {
        home,
        pages,
        ..Library::default()
    };
    library.themes = themes
        .iter()
        .map(|doc| resolve_theme(doc, &resolver, config, &mut problems))
        .collect();
    library.tools = tools
        .iter()
        .map(|doc| resolve_tool(doc, &resolver, &mut problems))
        .collect();
    library.messages = messages
        .iter()
        .map(|(doc, n)| resolve_numbered(doc, *n, &resolver, &mut problems))
        .collect();
    library.citizen_themes = citizen_themes
        .iter()
        .map(|(doc, n)| resolve_numbered(doc, *n, &resolver, &mut problems))
        .collect();
    library.cases = cases
        .iter()
        .filter_map(|doc| resolve_case(doc, &resolver, config, &mut problems))
        .collect();
    add_reverse_links(&mut library);
    crate::diagnostics::sort(&mut problems);
    (library, problems)
}

struct Resolver<'a> {
    theme_index: &'a HashMap<&'a str, usize>,
    /// Lower-case theme titles to slugs, for editors who write the title.
    theme_titles: &'a HashMap<String, &'a str>,
    messages: &'a [(Document, u32)],
    citizen_themes: &'a [(Document, u32)],
}

impl Resolver<'_> {
    /// Resolves theme slugs under `key`; unknown ones are reported with a suggestion.
    fn themes(
        &self,
        doc: &Document,
        key: &str,
        slugs: &[String],
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<usize> {
        let mut found = Vec::new();
        for slug in slugs {
            match self.theme_index.get(slug.as_str()) {
                Some(&i) if !found.contains(&i) => found.push(i),
                Some(_) => {}
                None => {
                    let mut known: Vec<&str> = self.theme_index.keys().copied().collect();
                    known.sort_unstable();
                    let (what, hint) = self.theme_hint(slug, &known);
                    problems.push(
                        value_problem(
                            doc,
                            key,
                            slug,
                            "unknown-reference",
                            format!("ukendt tema `{slug}` i feltet `{key}`{what}"),
                        )
                        .hint(hint),
                    );
                }
            }
        }
        found
    }

    /// What else is wrong with an unknown theme (invisible characters), and the
    /// hint: the slug of a theme whose title was written, else the closest slug.
    fn theme_hint(&self, value: &str, known: &[&str]) -> (String, String) {
        let clean = front_matter::without_invisible(value);
        let by_title = self
            .theme_titles
            .get(&clean.to_lowercase())
            .copied()
            .or_else(|| {
                self.theme_index
                    .get_key_value(slugify(&clean).as_str())
                    .map(|(k, _)| *k)
            });
        if let Some(what) = front_matter::describe_invisible(value)
            && self.theme_index.contains_key(clean.as_str())
        {
            return (
                format!(": {what}"),
                format!("slet tegnet, så der kun står `{clean}`"),
            );
        }
        if let Some(slug) = by_title.filter(|s| *s != value) {
            return (
                String::new(),
                format!("skriv temaets kortnavn (slug) `{slug}`, ikke dets titel"),
            );
        }
        let hint = match closest(value, known.iter().copied()) {
            Some(s) => format!("mente du `{s}`?"),
            None => format!("kendte temaer: {}", known.join(", ")),
        };
        (String::new(), hint)
    }

    fn numbers(
        &self,
        doc: &Document,
        key: &str,
        numbers: &[u32],
        of: &[(Document, u32)],
        what: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<usize> {
        let mut found = Vec::new();
        for number in numbers {
            match of.iter().position(|(_, n)| n == number) {
                Some(i) if !found.contains(&i) => found.push(i),
                Some(_) => {}
                None => {
                    let known: Vec<String> = of.iter().map(|(_, n)| n.to_string()).collect();
                    problems.push(
                        value_problem(
                            doc,
                            key,
                            &number.to_string(),
                            "unknown-reference",
                            format!("der findes intet {what} nummer {number} (feltet `{key}`)"),
                        )
                        .hint(format!("brug et af numrene {}", known.join(", "))),
                    );
                }
            }
        }
        found.sort_unstable();
        found
    }
}

fn entry(doc: &Document) -> Entry {
    let summary = match &doc.meta {
        Meta::Theme(m) => m.summary.clone(),
        Meta::Case(m) => m.summary.clone(),
        Meta::Message(m) | Meta::CitizenTheme(m) => m.summary.clone(),
        Meta::Tool(m) => m.summary.clone(),
        Meta::Page(m) => m.summary.clone().unwrap_or_default(),
    };
    Entry {
        slug: doc.slug.clone(),
        url: doc.url.clone(),
        title: doc.meta.title().trim().to_string(),
        summary: summary.trim().to_string(),
        path: doc.file.path.clone(),
        body: doc.body.clone(),
    }
}

fn weight(doc: &Document) -> i64 {
    match &doc.meta {
        Meta::Theme(m) => m.weight,
        Meta::Tool(m) => m.weight,
        _ => 0,
    }
}

fn resolve_theme(
    doc: &Document,
    r: &Resolver<'_>,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Theme {
    let Meta::Theme(meta) = &doc.meta else {
        unreachable!("sorted by kind")
    };
    if meta.questions.is_empty() {
        problems.push(key_problem(
            doc,
            "questions",
            "missing-field",
            "et tema skal have mindst ét refleksionsspørgsmål i feltet `questions`",
        ).hint("skriv spørgsmålene som en liste, fx `questions: [\"Hvad er vores fælles formål?\"]`"));
    }
    let mut related = r.themes(doc, "related", &meta.related, problems);
    let own = r.theme_index[doc.slug.as_str()];
    related.retain(|&i| i != own);
    Theme {
        entry: entry(doc),
        survey: meta.survey.clone(),
        questions: reflections(doc, &meta.questions, config, problems),
        related,
        cases: Vec::new(),
        messages: Vec::new(),
        citizen_themes: Vec::new(),
        tools: Vec::new(),
    }
}

fn resolve_tool(doc: &Document, r: &Resolver<'_>, problems: &mut Vec<Diagnostic>) -> Tool {
    let Meta::Tool(meta) = &doc.meta else {
        unreachable!("sorted by kind")
    };
    Tool {
        entry: entry(doc),
        themes: r.themes(doc, "themes", &meta.themes, problems),
    }
}

fn resolve_numbered(
    doc: &Document,
    number: u32,
    r: &Resolver<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Numbered {
    let (Meta::Message(meta) | Meta::CitizenTheme(meta)) = &doc.meta else {
        unreachable!("sorted by kind")
    };
    Numbered {
        entry: entry(doc),
        number,
        themes: r.themes(doc, "themes", &meta.themes, problems),
        cases: Vec::new(),
    }
}

fn resolve_case(
    doc: &Document,
    r: &Resolver<'_>,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Option<Case> {
    let Meta::Case(meta) = &doc.meta else {
        unreachable!("sorted by kind")
    };
    let sector = facet(
        doc,
        "sector",
        &meta.sector,
        &config.vocabularies.sector,
        problems,
    );
    let level = facet(
        doc,
        "level",
        &meta.level,
        &config.vocabularies.level,
        problems,
    );
    if meta.themes.is_empty() {
        problems.push(
            key_problem(
                doc,
                "themes",
                "missing-field",
                "en case skal høre til mindst ét tema i feltet `themes`",
            )
            .hint("skriv kortnavnet (slug) på mindst ét tema, fx `themes: [faelles-formaal]`"),
        );
    }
    let themes = r.themes(doc, "themes", &meta.themes, problems);
    let messages = r.numbers(
        doc,
        "messages",
        &meta.messages,
        r.messages,
        "budskab",
        problems,
    );
    let citizen_themes = r.numbers(
        doc,
        "citizen_themes",
        &meta.citizen_themes,
        r.citizen_themes,
        "borgertema",
        problems,
    );
    // A field missing from the file was named by the front matter reader already.
    if meta.source.trim().is_empty() {
        let known: Vec<&str> = config.sources.keys().map(String::as_str).collect();
        problems.extend(has_key(doc, "source").then(|| {
            key_problem(doc, "source", "missing-field", "feltet `source` er tomt").hint(format!(
                "kilder står under [sources] i site.toml: {}",
                known.join(", ")
            ))
        }));
    } else if !config.sources.contains_key(&meta.source) {
        let suggestion = closest(&meta.source, config.sources.keys().map(String::as_str));
        let known: Vec<&str> = config.sources.keys().map(String::as_str).collect();
        let clean = front_matter::without_invisible(&meta.source);
        let invisible = front_matter::describe_invisible(&meta.source);
        let hint = match (&invisible, suggestion) {
            (Some(_), _) if config.sources.contains_key(&clean) => {
                format!("slet tegnet, så der kun står `{clean}`")
            }
            (None, Some(s)) => format!(
                "mente du `{s}`? Kilder står under [sources] i site.toml: {}",
                known.join(", ")
            ),
            _ => format!(
                "kilder står under [sources] i site.toml: {}",
                known.join(", ")
            ),
        };
        let what = invisible.map(|w| format!(": {w}")).unwrap_or_default();
        problems.push(
            value_problem(
                doc,
                "source",
                &meta.source,
                "unknown-reference",
                format!("ukendt kilde `{}`{what}", meta.source),
            )
            .hint(hint),
        );
    }
    match &meta.date {
        Some(date) if !is_valid_date(date) => problems.push(
            value_problem(doc, "date", date, "wrong-type", date_problem(date)).hint("skriv datoen som ÅÅÅÅ-MM-DD, fx 2024-01-24"),
        ),
        None if config
            .sources
            .get(&meta.source)
            .is_some_and(|source| source.undated) => {}
        None => problems.push(
            key_problem(doc, "title", "missing-date", "casen har ingen dato (`date`)")
                .hint("tilføj `date: ÅÅÅÅ-MM-DD`, hvis kilden oplyser en; uden dato sorteres casen sidst i nyhedsfeedet")
                .as_warning(),
        ),
        _ => {}
    }
    Some(Case {
        entry: entry(doc),
        sector: sector?,
        level: level?,
        themes,
        messages,
        citizen_themes,
        source: meta.source.clone(),
        date: meta.date.clone().filter(|d| is_valid_date(d)),
        questions: reflections(doc, &meta.questions, config, problems),
    })
}

/// Resolves each question's source key to the source's title; an unknown key is an error.
fn reflections(
    doc: &Document,
    questions: &[QuestionMeta],
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Reflection> {
    questions
        .iter()
        .map(|q| Reflection {
            text: q.text().to_string(),
            source: q.source().and_then(|key| match config.sources.get(key) {
                Some(source) => Some(source.title.clone()),
                None => {
                    let known: Vec<&str> = config.sources.keys().map(String::as_str).collect();
                    problems.push(
                        value_problem(
                            doc,
                            "questions",
                            key,
                            "unknown-reference",
                            format!("ukendt kilde `{key}` ved et refleksionsspørgsmål"),
                        )
                        .hint(format!(
                            "kilder står under [sources] i site.toml: {}",
                            known.join(", ")
                        )),
                    );
                    None
                }
            }),
        })
        .collect()
}

fn facet(
    doc: &Document,
    key: &str,
    value: &str,
    vocabulary: &BTreeMap<String, String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Facet> {
    if let Some(label) = vocabulary.get(value) {
        return Some(Facet {
            key: value.to_string(),
            label: label.clone(),
        });
    }
    let allowed: Vec<&str> = vocabulary.keys().map(String::as_str).collect();
    if value.trim().is_empty() {
        if !has_key(doc, key) {
            return None;
        }
        problems.push(
            key_problem(doc, key, "missing-field", format!("feltet `{key}` er tomt"))
                .hint(format!("tilladte værdier: {}", allowed.join(", "))),
        );
        return None;
    }
    let (what, hint) = vocabulary_hint(key, value, vocabulary, &allowed);
    problems.push(
        value_problem(
            doc,
            key,
            value,
            "vocabulary",
            format!("`{value}` er ikke en tilladt værdi i feltet `{key}`{what}"),
        )
        .hint(hint),
    );
    None
}

/// What else is wrong with a value outside a vocabulary (invisible
/// characters), and the hint: the key of a label written instead of it, else
/// the closest key.
fn vocabulary_hint(
    key: &str,
    value: &str,
    vocabulary: &BTreeMap<String, String>,
    allowed: &[&str],
) -> (String, String) {
    let clean = front_matter::without_invisible(value);
    if let Some(what) = front_matter::describe_invisible(value) {
        let hint = if vocabulary.contains_key(&clean) {
            format!("slet tegnet, så der kun står `{clean}`")
        } else {
            format!("slet tegnet; tilladte værdier: {}", allowed.join(", "))
        };
        return (format!(": {what}"), hint);
    }
    let lower = clean.to_lowercase();
    if let Some((k, label)) = vocabulary
        .iter()
        .find(|(k, label)| label.to_lowercase() == lower || **k == slugify(&clean))
    {
        return (
            String::new(),
            format!("skriv nøglen `{k}`, ikke teksten »{label}«, som læserne ser"),
        );
    }
    let hint = match closest(value, allowed.iter().copied()) {
        Some(s) => format!("mente du `{s}`? Tilladte værdier: {}", allowed.join(", ")),
        None => format!(
            "tilladte værdier: {} (se [vocabularies.{key}] i site.toml)",
            allowed.join(", ")
        ),
    };
    (String::new(), hint)
}

/// Messages and citizen themes by number; duplicate or zero numbers are errors.
fn numbered(
    mut docs: Vec<Document>,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(Document, u32)> {
    docs.sort_by_key(|d| match &d.meta {
        Meta::Message(m) | Meta::CitizenTheme(m) => (m.number, d.slug.clone()),
        _ => (0, d.slug.clone()),
    });
    let mut out: Vec<(Document, u32)> = Vec::new();
    for doc in docs {
        let (Meta::Message(meta) | Meta::CitizenTheme(meta)) = &doc.meta else {
            continue;
        };
        let number = meta.number;
        if number == 0 {
            problems.push(value_problem(
                &doc,
                "number",
                "0",
                "wrong-type",
                format!("et {what} skal have et nummer fra 1 og op"),
            ));
            continue;
        }
        if let Some((other, _)) = out.iter().find(|(_, n)| *n == number) {
            problems.push(
                value_problem(
                    &doc,
                    "number",
                    &number.to_string(),
                    "duplicate",
                    format!("{what} nummer {number} findes allerede"),
                )
                .hint(format!("{} har samme nummer", other.file.path)),
            );
            continue;
        }
        out.push((doc, number));
    }
    out
}

fn add_reverse_links(library: &mut Library) {
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
    library.question_bank = library
        .themes
        .iter()
        .enumerate()
        .map(|(ti, theme)| {
            let own = theme.questions.iter().map(|q| Question {
                text: q.text.clone(),
                source: q.source.clone(),
                origin: QuestionOrigin::Theme(ti),
            });
            let from_cases = theme.cases.iter().flat_map(|&ci| {
                library.cases[ci].questions.iter().map(move |q| Question {
                    text: q.text.clone(),
                    source: q.source.clone(),
                    origin: QuestionOrigin::Case(ci),
                })
            });
            QuestionGroup {
                theme: ti,
                questions: own.chain(from_cases).collect(),
            }
        })
        .collect();
    let mut sectors: Vec<(Facet, Vec<usize>)> = Vec::new();
    let mut levels: Vec<(Facet, Vec<usize>)> = Vec::new();
    for (ci, case) in library.cases.iter().enumerate() {
        push_facet(&mut sectors, &case.sector, ci);
        push_facet(&mut levels, &case.level, ci);
    }
    sectors.sort_by(|a, b| a.0.key.cmp(&b.0.key));
    levels.sort_by(|a, b| a.0.key.cmp(&b.0.key));
    library.sectors = sectors;
    library.levels = levels;
}

fn push_facet(facets: &mut Vec<(Facet, Vec<usize>)>, facet: &Facet, case: usize) {
    match facets.iter_mut().find(|(f, _)| f == facet) {
        Some((_, cases)) => cases.push(case),
        None => facets.push((facet.clone(), vec![case])),
    }
}

/// Two documents with the same URL: the later one (by path) is reported and dropped.
fn drop_duplicate_urls(
    mut documents: Vec<Document>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    documents.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut kept = Vec::with_capacity(documents.len());
    for doc in documents {
        if let Some(first) = seen.get(&doc.url) {
            let key = if doc.meta.slug_override().is_some() {
                "slug"
            } else {
                "title"
            };
            problems.push(
                key_problem(&doc, key, "duplicate-slug", format!("adressen `{}` bruges også af {first}", doc.url))
                    .hint("to sider kan ikke have samme adresse: ret titlen, eller angiv et andet `slug:`"),
            );
            continue;
        }
        seen.insert(doc.url.clone(), doc.file.path.clone());
        kept.push(doc);
    }
    kept
}

fn check_anchors(documents: &[Document], problems: &mut Vec<Diagnostic>) {
    let ids: HashMap<&str, &[String]> = documents
        .iter()
        .map(|d| (d.file.relative.as_str(), d.body.heading_ids.as_slice()))
        .collect();
    for doc in documents {
        for link in &doc.body.links {
            let (Some(anchor), Some(targets)) = (&link.anchor, ids.get(link.target.as_str()))
            else {
                continue;
            };
            if !targets.contains(anchor) {
                let mut d = Diagnostic::error(
                    &doc.file.path,
                    "broken-anchor",
                    format!(
                        "afsnittet `#{anchor}` findes ikke i `content/{}`",
                        link.target
                    ),
                )
                .at(link.line, link.column)
                .with_source_line(&doc.file.text);
                d = match closest(anchor, targets.iter().map(String::as_str)) {
                    Some(s) => d.hint(format!("mente du `#{s}`?")),
                    None => d.hint(format!(
                        "afsnit i filen: {}",
                        targets
                            .iter()
                            .map(|t| format!("#{t}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                problems.push(d);
            }
        }
    }
}

/// Required fields left empty (as `handbook new` writes them), and list
/// items that swallowed the next one (a badly indented `- `).
fn check_fields(doc: &Document) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let questions = |qs: &[crate::content::kinds::QuestionMeta]| -> Vec<String> {
        qs.iter().map(|q| q.text().to_string()).collect()
    };
    let (summary, lists): (Option<&str>, Vec<(&str, Vec<String>)>) = match &doc.meta {
        Meta::Theme(m) => (
            Some(&m.summary),
            vec![
                ("questions", questions(&m.questions)),
                ("survey", m.survey.clone()),
            ],
        ),
        Meta::Case(m) => (
            Some(&m.summary),
            vec![("questions", questions(&m.questions))],
        ),
        Meta::Message(m) | Meta::CitizenTheme(m) => (Some(&m.summary), Vec::new()),
        Meta::Tool(m) => (Some(&m.summary), Vec::new()),
        Meta::Page(_) => (None, Vec::new()),
    };
    if summary.is_some_and(|s| s.trim().is_empty()) && has_key(doc, "summary") {
        problems.push(
            key_problem(doc, "summary", "missing-field", "feltet `summary` er tomt").hint(
                "skriv én eller to sætninger om indholdet mellem anførselstegnene; de vises i lister og søgeresultater",
            ),
        );
    }
    for (key, items) in lists {
        for item in items.iter().filter(|i| is_merged_item(i)) {
            problems.push(
                key_problem(
                    doc,
                    key,
                    "merged-list-item",
                    format!("et punkt i `{key}` ser ud til at være to punkter slået sammen: »{}«", item.trim()),
                )
                .hint("begynd hvert punkt på sin egen linje med `- `, rykket lige så langt ind som punktet over")
                .as_warning(),
            );
        }
    }
    problems
}

/// Whether a list item holds the next item too: YAML folds a `- ` line that is
/// indented under the previous item into its text ("Hvorfor? - Hvordan?").
fn is_merged_item(item: &str) -> bool {
    item.contains("\n- ")
        || ["? - ", ". - ", "! - ", "? – ", ". – ", "! – "]
            .iter()
            .any(|p| item.contains(p))
}

/// Warnings editors should see: long summaries and hard-to-read text.
fn check_style(doc: &Document, config: &Config) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let summary = match &doc.meta {
        Meta::Theme(m) => Some(&m.summary),
        Meta::Case(m) => Some(&m.summary),
        Meta::Message(m) | Meta::CitizenTheme(m) => Some(&m.summary),
        Meta::Tool(m) => Some(&m.summary),
        Meta::Page(m) => m.summary.as_ref(),
    };
    if let Some(summary) = summary {
        let chars = summary.chars().count();
        if chars > config.check.max_summary_chars {
            problems.push(
                key_problem(doc, "summary", "long-summary", format!("resuméet er {chars} tegn langt (grænsen er {})", config.check.max_summary_chars))
                    .hint("skriv resuméet som én eller to korte sætninger; det vises i lister og søgeresultater")
                    .as_warning(),
            );
        }
    }
    if let Some(lix) = readability::lix(&doc.body.text)
        && lix > config.check.max_lix
    {
        {
            problems.push(
                Diagnostic::warning(
                    &doc.file.path,
                    "readability",
                    format!(
                        "teksten er svær at læse (LIX {lix:.0}, grænsen er {:.0})",
                        config.check.max_lix
                    ),
                )
                .hint("brug kortere sætninger og færre lange ord")
                .at(1, 1),
            );
        }
    }
    problems
}

/// Why `date` is not a date: a day the month does not have is named.
fn date_problem(date: &str) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    if let [y @ 1000..=9999, m @ 1..=12, d] = parts[..]
        && date.len() == 10
        && d > 0
    {
        let last = (28..=31)
            .rev()
            .find(|&last| is_valid_date(&format!("{y:04}-{m:02}-{last:02}")))
            .unwrap_or(28);
        let month = crate::date::MONTHS[m as usize - 1];
        return format!("datoen `{date}` findes ikke: {month} {y} har kun {last} dage");
    }
    format!("datoen `{date}` er ugyldig")
}

/// A problem located at `key`'s value `value` in the document's front matter.
fn value_problem(
    doc: &Document,
    key: &str,
    value: &str,
    code: &'static str,
    message: String,
) -> Diagnostic {
    let position = front_matter::split(&doc.file.text)
        .ok()
        .and_then(|s| front_matter::value_position(&s, key, value));
    let d = Diagnostic::error(&doc.file.path, code, message);
    match position {
        Some((line, col)) => d
            .at(line, col)
            .underline(value.chars().count())
            .with_source_line(&doc.file.text),
        None => d,
    }
}

/// Whether the front matter has the top-level `key` (a draft's missing field
/// is read as empty).
fn has_key(doc: &Document, key: &str) -> bool {
    front_matter::split(&doc.file.text)
        .ok()
        .and_then(|s| front_matter::key_position(&doc.file.text, &s, key))
        .is_some()
}

/// A problem located at the line of top-level `key` (or the first line).
fn key_problem(
    doc: &Document,
    key: &str,
    code: &'static str,
    message: impl Into<String>,
) -> Diagnostic {
    let position = front_matter::split(&doc.file.text)
        .ok()
        .and_then(|s| front_matter::key_position(&doc.file.text, &s, key));
    let (line, col) = position.unwrap_or((1, 1));
    Diagnostic::error(&doc.file.path, code, message)
        .at(line, col)
        .underline(key.chars().count())
        .with_source_line(&doc.file.text)
}

#[cfg(test)]
mod tests {
    use super::{date_problem, is_merged_item};
    use crate::date::is_valid_date;

    #[test]
    fn dates_are_checked_for_real_calendar_days() {
        assert!(is_valid_date("2024-01-24"));
        assert!(is_valid_date("2024-02-29"));
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("24-01-2024"));
        assert!(!is_valid_date("2024-13-01"));
    }

    #[test]
    fn a_day_the_month_lacks_is_named() {
        assert_eq!(
            date_problem("2024-02-30"),
            "datoen `2024-02-30` findes ikke: februar 2024 har kun 29 dage"
        );
        assert_eq!(date_problem("24-01-2024"), "datoen `24-01-2024` er ugyldig");
    }

    #[test]
    fn merged_list_items_are_found() {
        assert!(is_merged_item("Hvad er formålet? - Hvem ejer det?"));
        assert!(is_merged_item("Hvad er formålet?\n- Hvem ejer det?"));
        assert!(!is_merged_item("Ledelse - og medarbejdere?"));
    }
}
