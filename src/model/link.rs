//! Builds the [`Library`] from parsed documents: drafts in or out, the
//! documents sorted by kind and reading order, then resolved
//! ([`super::resolve`]), linked back ([`super::reverse`]) and checked
//! ([`super::urls`], [`super::lints`]), collecting every problem rather than
//! stopping at the first.

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::content::Meta;
use crate::content::kinds::{CaseMeta, ThemeMeta, ToolMeta};
use crate::diagnostics::{Code, Diagnostic};
use crate::parse::Document;

use super::resolve::{self, NumberedDoc, Resolver};
use super::{Case, Entry, Library, lints, reverse, urls};

/// URL folders the generator uses itself; a free page may not take them.
pub(crate) const RESERVED_SLUGS: [&str; 11] = crate::site_map::RESERVED_SLUGS;

/// Links parsed documents into a library, drafts left out. Problems (errors
/// and warnings) come back sorted.
pub fn link(documents: Vec<Document>, config: &Config) -> (Library, Vec<Diagnostic>) {
    link_with(documents, config, false, &super::Fresh)
}

/// [`link`], with drafts in the library when `include_drafts` (`build
/// --drafts`, `serve`). Drafts are validated either way, leniently: a missing
/// or empty required field is a warning in a draft. Each document's
/// readability is measured by `steps`.
pub(crate) fn link_with(
    documents: Vec<Document>,
    config: &Config,
    include_drafts: bool,
    steps: &impl super::Steps,
) -> (Library, Vec<Diagnostic>) {
    let sources: HashMap<String, String> = documents
        .iter()
        .map(|d| (d.url.clone(), d.file.relative.clone()))
        .collect();
    let drafts: Vec<&Document> = documents.iter().filter(|d| d.meta.is_draft()).collect();
    if drafts.is_empty() {
        let (mut library, problems) = library_of(documents, config, Some(steps));
        library.sources = sources;
        return (library, problems);
    }
    let draft_files: HashSet<String> = drafts.iter().map(|d| d.file.path.clone()).collect();
    let draft_urls: HashSet<String> = drafts.iter().map(|d| d.url.clone()).collect();
    let mut problems = links_to_drafts(&documents);
    let published: Option<Vec<Document>> = (!include_drafts).then(|| {
        documents
            .iter()
            .filter(|d| !d.meta.is_draft())
            .cloned()
            .collect()
    });
    // All files first, so drafts are checked like everything else.
    let (mut library, all) = library_of(documents, config, Some(steps));
    problems.extend(all.into_iter().map(|p| {
        if draft_files.contains(&p.file) && p.code == Code::MissingField {
            p.into_warning()
        } else {
            p
        }
    }));
    match published {
        Some(published) => {
            let (without, more) = library_of(published, config, None::<&super::Fresh>);
            library = without;
            for p in more {
                if !problems.contains(&p) {
                    problems.push(p);
                }
            }
        }
        None => library.drafts = draft_urls,
    }
    library.sources = sources;
    crate::diagnostics::sort(&mut problems);
    (library, problems)
}

/// A published page that links to a draft: an error, also while drafts are
/// shown (`serve`), since the published site would have a dead link.
fn links_to_drafts(documents: &[Document]) -> Vec<Diagnostic> {
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
                Code::LinkToDraft,
                format!(
                    "linket peger på `content/{}`, som er en kladde (`draft: true`) og ikke udgives",
                    link.target
                ),
            )
            .at(link.line, link.column)
            .with_source_line(&doc.file.text)
            .hint("udgiv kladden (slet linjen `draft: true`), eller fjern linket, til kladden er klar");
            // An error in `serve` too, as in `check`: the published site would have a dead link.
            problems.push(d);
        }
    }
    problems
}

/// The library of `documents`, with every problem found; with `style`, the
/// (costly) readability and length checks run too, readability measured by it.
fn library_of(
    documents: Vec<Document>,
    config: &Config,
    style: Option<&impl super::Steps>,
) -> (Library, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let documents = checked(documents, config, style, &mut problems);
    let mut library = Library::default();
    let kinds = Kinds::sort(&documents, &mut library, &mut problems);
    kinds.resolve_into(&mut library, config, &mut problems);
    reverse::add_reverse_links(&mut library);
    crate::diagnostics::sort(&mut problems);
    (library, problems)
}

/// `documents` without those whose address another one has, each checked
/// on its own (anchors, fields and, with `style`, readability and length).
fn checked(
    documents: Vec<Document>,
    config: &Config,
    style: Option<&impl super::Steps>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    let documents = urls::drop_duplicate_urls(documents, problems);
    urls::check_anchors(&documents, problems);
    // Readability reads every word of every page: the one costly check, so in parallel.
    if let Some(steps) = style {
        problems.par_extend(
            documents
                .par_iter()
                .flat_map_iter(|doc| lints::check_style(doc, config, steps)),
        );
    }
    problems.extend(documents.iter().flat_map(lints::check_fields));
    documents
}

/// The documents of each kind with their front matter, in reading order.
struct Kinds<'a> {
    themes: Vec<(&'a Document, &'a ThemeMeta)>,
    cases: Vec<(&'a Document, &'a CaseMeta)>,
    messages: Vec<NumberedDoc<'a>>,
    citizen_themes: Vec<NumberedDoc<'a>>,
    tools: Vec<(&'a Document, &'a ToolMeta)>,
}

impl<'a> Kinds<'a> {
    /// Sorts `documents` by kind into reading order; free pages (and the
    /// home page) go straight into `library`, as they refer to nothing.
    fn sort(
        documents: &'a [Document],
        library: &mut Library,
        problems: &mut Vec<Diagnostic>,
    ) -> Kinds<'a> {
        let mut themes = Vec::new();
        let mut cases = Vec::new();
        let mut messages = Vec::new();
        let mut citizen = Vec::new();
        let mut tools = Vec::new();
        for doc in documents {
            match &doc.meta {
                Meta::Theme(m) => themes.push((doc, m)),
                Meta::Case(m) => cases.push((doc, m)),
                Meta::Message(m) => messages.push((doc, m)),
                Meta::CitizenTheme(m) => citizen.push((doc, m)),
                Meta::Tool(m) => tools.push((doc, m)),
                Meta::Page(_) if doc.file.relative == crate::site_map::HOME_FILE => {
                    library.home = Some(entry(doc))
                }
                Meta::Page(_) if RESERVED_SLUGS.contains(&doc.slug.as_str()) => {
                    problems.push(reserved_slug(doc))
                }
                Meta::Page(_) => library.pages.push(entry(doc)),
            }
        }
        themes.sort_by(|(_, a), (_, b)| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        tools.sort_by(|(_, a), (_, b)| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        cases.sort_by(|(a, am), (b, bm)| (&am.title, &a.slug).cmp(&(&bm.title, &b.slug)));
        library.pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        Kinds {
            themes,
            cases,
            messages: resolve::numbered(messages, "budskab", problems),
            citizen_themes: resolve::numbered(citizen, "borgertema", problems),
            tools,
        }
    }

    /// Resolves each document's references into its model type in `library`.
    fn resolve_into(self, library: &mut Library, config: &Config, p: &mut Vec<Diagnostic>) {
        let (theme_index, theme_titles) = theme_lookups(
            self.themes
                .iter()
                .map(|(d, m)| (d.slug.as_str(), m.title.as_str())),
        );
        let message_numbers: Vec<u32> = self.messages.iter().map(|(_, m)| m.number).collect();
        let citizen_numbers: Vec<u32> = self.citizen_themes.iter().map(|(_, m)| m.number).collect();
        let resolver = Resolver {
            theme_index: &theme_index,
            theme_titles: &theme_titles,
            messages: &message_numbers,
            citizen_themes: &citizen_numbers,
        };
        library.themes = self
            .themes
            .iter()
            .map(|(doc, m)| resolve::resolve_theme(doc, m, &resolver, config, p))
            .collect();
        library.tools = self
            .tools
            .iter()
            .map(|(doc, m)| resolve::resolve_tool(doc, m, &resolver, p))
            .collect();
        library.messages = self
            .messages
            .iter()
            .map(|&numbered| resolve::resolve_numbered(numbered, &resolver, p))
            .collect();
        library.citizen_themes = self
            .citizen_themes
            .iter()
            .map(|&numbered| resolve::resolve_numbered(numbered, &resolver, p))
            .collect();
        // The many: in parallel, each case's problems apart, then in order.
        let cases: Vec<(Option<Case>, Vec<Diagnostic>)> = self
            .cases
            .par_iter()
            .map(|(doc, m)| {
                let mut problems = Vec::new();
                let case = resolve::resolve_case(doc, m, &resolver, config, &mut problems);
                (case, problems)
            })
            .collect();
        library.cases = Vec::with_capacity(cases.len());
        for (case, problems) in cases {
            library.cases.extend(case);
            p.extend(problems);
        }
    }
}

/// A free page whose address the handbook uses itself.
fn reserved_slug(doc: &Document) -> Diagnostic {
    Diagnostic::error(
        &doc.file.path,
        Code::ReservedSlug,
        format!(
            "adressen `/{}/` bruges allerede af håndbogen selv",
            doc.slug
        ),
    )
    .hint("giv filen et andet navn, eller angiv et andet `slug:`")
}

/// The case `doc`, to put in place of the case at its file and URL in
/// `library`, resolved the way a full link resolves it, against the rest of
/// `library` (`serve` shows an edited case before the whole site is linked
/// again). `None` when the case was not there with that slug and URL (an
/// address taken from the last parse, so a new slug is caught here), its
/// draft state changed, or its fields or references have an error: then
/// only a full link can tell. Its reverse links (a theme's cases) are not
/// made: nothing of the rest of `library` is changed or copied.
pub(crate) fn with_case(library: &Library, doc: &Document, config: &Config) -> Option<Case> {
    let Meta::Case(meta) = &doc.meta else {
        return None;
    };
    library.cases.iter().find(|c| {
        c.entry.url == doc.url && c.entry.slug == doc.slug && c.entry.path == doc.file.path
    })?;
    if library.drafts.contains(&doc.url) != doc.meta.is_draft() {
        return None;
    }
    let (theme_index, theme_titles) = theme_lookups(
        library
            .themes
            .iter()
            .map(|t| (t.entry.slug.as_str(), t.entry.title.as_str())),
    );
    let messages: Vec<u32> = library.messages.iter().map(|m| m.number).collect();
    let citizen_themes: Vec<u32> = library.citizen_themes.iter().map(|m| m.number).collect();
    let resolver = Resolver {
        theme_index: &theme_index,
        theme_titles: &theme_titles,
        messages: &messages,
        citizen_themes: &citizen_themes,
    };
    let mut problems = lints::check_fields(doc);
    let case = resolve::resolve_case(doc, meta, &resolver, config, &mut problems)?;
    (!problems.iter().any(Diagnostic::is_error)).then_some(case)
}

/// What a resolver looks themes up by, from `(slug, title)` in the
/// library's order: slug → index, and lower-cased title → slug (for hints).
fn theme_lookups<'a>(
    themes: impl Iterator<Item = (&'a str, &'a str)>,
) -> (HashMap<&'a str, usize>, HashMap<String, &'a str>) {
    let mut index = HashMap::new();
    let mut titles = HashMap::new();
    for (i, (slug, title)) in themes.enumerate() {
        index.insert(slug, i);
        titles.insert(title.trim().to_lowercase(), slug);
    }
    (index, titles)
}

/// The fields every page has, trimmed.
pub(super) fn entry(doc: &Document) -> Entry {
    Entry {
        slug: doc.slug.clone(),
        url: doc.url.clone(),
        title: doc.meta.title().trim().to_string(),
        summary: doc.meta.summary().unwrap_or_default().trim().to_string(),
        path: doc.file.path.clone(),
        body: doc.body.clone(),
        address_at: doc.spans.first_of(&["slug", "title"]),
        aliases: doc.meta.aliases().to_vec(),
    }
}
