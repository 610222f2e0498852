//! Resolving references: theme slugs, message and citizen-theme numbers,
//! sources and vocabulary keys become indices and labels, each kind's front
//! matter becomes its model type, and every unknown value is reported with a
//! hint.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::QuestionMeta;
use crate::content::front_matter;
use crate::content::kinds::{CaseMeta, NumberedMeta, ThemeMeta, ToolMeta};
use crate::date::is_valid_date;
use crate::diagnostics::{Code, Diagnostic, closest};
use crate::parse::Document;
use crate::slug::slugify;

use super::Facet;
use super::link::entry;
use super::lints::date_problem;
use super::locate::{has_key, key_problem, value_problem};
use super::vocabulary::facet;
use super::{Case, Numbered, Reflection, Theme, Tool};

/// A numbered document (message or citizen theme) with its front matter.
pub(super) type NumberedDoc<'a> = (&'a Document, &'a NumberedMeta);

/// What references resolve against.
pub(super) struct Resolver<'a> {
    /// Theme slugs to their index in reading order.
    pub(super) theme_index: &'a HashMap<&'a str, usize>,
    /// Lower-case theme titles to slugs, for editors who write the title.
    pub(super) theme_titles: &'a HashMap<String, &'a str>,
    /// The numbers of the staff messages, in order.
    pub(super) messages: &'a [u32],
    /// The numbers of the citizen themes, in order.
    pub(super) citizen_themes: &'a [u32],
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
                            Code::UnknownReference,
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
        of: &[u32],
        what: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<usize> {
        let mut found = Vec::new();
        for number in numbers {
            match of.iter().position(|n| n == number) {
                Some(i) if !found.contains(&i) => found.push(i),
                Some(_) => {}
                None => {
                    let known: Vec<String> = of.iter().map(u32::to_string).collect();
                    problems.push(
                        value_problem(
                            doc,
                            key,
                            &number.to_string(),
                            Code::UnknownReference,
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

pub(super) fn resolve_theme(
    doc: &Document,
    meta: &ThemeMeta,
    r: &Resolver<'_>,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Theme {
    if meta.questions.is_empty() {
        problems.push(key_problem(
            doc,
            "questions",
            Code::MissingField,
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

pub(super) fn resolve_tool(
    doc: &Document,
    meta: &ToolMeta,
    r: &Resolver<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Tool {
    Tool {
        entry: entry(doc),
        themes: r.themes(doc, "themes", &meta.themes, problems),
    }
}

pub(super) fn resolve_numbered(
    (doc, meta): NumberedDoc<'_>,
    r: &Resolver<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Numbered {
    Numbered {
        entry: entry(doc),
        number: meta.number,
        themes: r.themes(doc, "themes", &meta.themes, problems),
        cases: Vec::new(),
    }
}

pub(super) fn resolve_case(
    doc: &Document,
    meta: &CaseMeta,
    r: &Resolver<'_>,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Option<Case> {
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
                Code::MissingField,
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
    check_source(doc, meta, config, problems);
    check_date(doc, meta, config, problems);
    // A draft shows whatever is missing; its banner says what to fill in.
    let unfilled = || {
        doc.meta.is_draft().then(|| Facet {
            key: String::new(),
            label: "ikke udfyldt".to_string(),
        })
    };
    Some(Case {
        entry: entry(doc),
        sector: sector.or_else(unfilled)?,
        level: level.or_else(unfilled)?,
        themes,
        messages,
        citizen_themes,
        source: meta.source.clone(),
        date: meta.date.clone().filter(|d| is_valid_date(d)),
        questions: reflections(doc, &meta.questions, config, problems),
    })
}

/// A case's `source`: a key of `[sources]` in site.toml.
fn check_source(doc: &Document, meta: &CaseMeta, config: &Config, problems: &mut Vec<Diagnostic>) {
    let known = config.sources.keys().map(String::as_str);
    let listed = known.clone().collect::<Vec<_>>().join(", ");
    // A field missing from the file was named by the front matter reader already.
    if meta.source.trim().is_empty() {
        problems.extend(has_key(doc, "source").then(|| {
            key_problem(doc, "source", Code::MissingField, "feltet `source` er tomt")
                .hint(format!("kilder står under [sources] i site.toml: {listed}"))
        }));
        return;
    }
    if config.sources.contains_key(&meta.source) {
        return;
    }
    let clean = front_matter::without_invisible(&meta.source);
    let invisible = front_matter::describe_invisible(&meta.source);
    let hint = match (&invisible, closest(&meta.source, known)) {
        (Some(_), _) if config.sources.contains_key(&clean) => {
            format!("slet tegnet, så der kun står `{clean}`")
        }
        (None, Some(s)) => {
            format!("mente du `{s}`? Kilder står under [sources] i site.toml: {listed}")
        }
        _ => format!("kilder står under [sources] i site.toml: {listed}"),
    };
    let what = invisible.map(|w| format!(": {w}")).unwrap_or_default();
    problems.push(
        value_problem(
            doc,
            "source",
            &meta.source,
            Code::UnknownReference,
            format!("ukendt kilde `{}`{what}", meta.source),
        )
        .hint(hint),
    );
}

/// A case's `date`: a valid date, or missing only when its source is undated
/// (a warning otherwise: the case goes last in the news feed).
fn check_date(doc: &Document, meta: &CaseMeta, config: &Config, problems: &mut Vec<Diagnostic>) {
    // `date: ""` (what the editor writes for no date) is no date.
    match &meta.date.as_ref().filter(|d| !d.trim().is_empty()) {
        Some(date) if !is_valid_date(date) => problems.push(
            value_problem(doc, "date", date, Code::WrongType, date_problem(date)).hint("skriv datoen som ÅÅÅÅ-MM-DD, fx 2024-01-24"),
        ),
        None if config
            .sources
            .get(&meta.source)
            .is_some_and(|source| source.undated) => {}
        None => problems.push(
            key_problem(doc, "title", Code::MissingDate, "casen har ingen dato (`date`)")
                .hint("tilføj `date: ÅÅÅÅ-MM-DD`, hvis kilden oplyser en; uden dato sorteres casen sidst i nyhedsfeedet")
                .into_warning(),
        ),
        _ => {}
    }
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
                            Code::UnknownReference,
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

/// Messages and citizen themes by number; duplicate or zero numbers are errors.
pub(super) fn numbered<'a>(
    mut docs: Vec<NumberedDoc<'a>>,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<NumberedDoc<'a>> {
    docs.sort_by(|(a, am), (b, bm)| (am.number, &a.slug).cmp(&(bm.number, &b.slug)));
    let mut out: Vec<NumberedDoc<'a>> = Vec::new();
    for (doc, meta) in docs {
        let number = meta.number;
        if number == 0 {
            problems.push(value_problem(
                doc,
                "number",
                "0",
                Code::WrongType,
                format!("et {what} skal have et nummer fra 1 og op"),
            ));
            continue;
        }
        if let Some((other, _)) = out.iter().find(|(_, m)| m.number == number) {
            problems.push(
                value_problem(
                    doc,
                    "number",
                    &number.to_string(),
                    Code::Duplicate,
                    format!("{what} nummer {number} findes allerede"),
                )
                .hint(format!("{} har samme nummer", other.file.path)),
            );
            continue;
        }
        out.push((doc, meta));
    }
    out
}
