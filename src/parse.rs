//! Parse: every source file → a [`Document`]: kind, typed front matter, slug,
//! URL and rendered body. Front matter is read first for all files, so links
//! between files can be rewritten to the URLs their titles give.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::front_matter;
use crate::content::{Kind, Meta, SiteFiles, SourceFile};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::{self, LinkTargets, Rendered};
use crate::slug::slugify;

/// One content file, parsed.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its front matter; the variant is its kind, from its folder.
    pub meta: Meta,
    /// Its slug (from `slug:`, the title, or for free pages the file name).
    pub slug: String,
    /// Its URL path, with `base_path` and a trailing slash.
    pub url: String,
    /// The file it came from.
    pub file: SourceFile,
    /// Its rendered body, shared (not copied) with the library's entry.
    pub body: std::sync::Arc<Rendered>,
    /// Where its front matter's keys stand, for problems found later.
    pub spans: front_matter::Spans,
}

/// A document's front matter and address, before its body is rendered.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    kind: Kind,
    meta: Meta,
    slug: String,
    body_offset: usize,
    spans: front_matter::Spans,
    /// Warnings about the front matter (typography, a draft's missing fields).
    warnings: Vec<Diagnostic>,
}

/// Where every page and asset of the site lives, and what else changes how
/// a body renders: a body's links are resolved against it.
#[derive(Debug, Clone)]
pub(crate) struct Addresses {
    /// Content-relative `.md` path → page URL.
    pages: HashMap<String, String>,
    assets: HashSet<String>,
    /// Sources whose front matter could not be read (see [`LinkTargets`]).
    failed: HashSet<String>,
    theme_ids: HashSet<String>,
    base_path: String,
    raw_html: crate::config::RawHtml,
    hosts: markdown::Hosts,
}

impl Addresses {
    fn targets(&self) -> LinkTargets<'_> {
        LinkTargets {
            pages: &self.pages,
            assets: &self.assets,
            failed: &self.failed,
            base_path: &self.base_path,
            theme_ids: &self.theme_ids,
            hosts: &self.hosts,
        }
    }
}

/// In a fixed order, so equal addresses hash equally (a caller may remember
/// bodies rendered against them).
impl std::hash::Hash for Addresses {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mut pages: Vec<(&String, &String)> = self.pages.iter().collect();
        pages.sort_unstable();
        let mut assets: Vec<&String> = self.assets.iter().collect();
        assets.sort_unstable();
        let mut failed: Vec<&String> = self.failed.iter().collect();
        failed.sort_unstable();
        let mut theme_ids: Vec<&String> = self.theme_ids.iter().collect();
        theme_ids.sort_unstable();
        (
            pages,
            assets,
            failed,
            theme_ids,
            &self.base_path,
            &self.hosts,
        )
            .hash(state);
        format!("{:?}", self.raw_html).hash(state);
    }
}

/// The two per-file steps of parsing. Both are pure functions of their
/// arguments; a caller that keeps results between runs (`serve`'s session)
/// implements them by looking up what it remembers, else calling
/// [`read_header`] and [`read_body`].
pub(crate) trait Steps: Sync {
    /// The front matter and address of `file`.
    fn header(&self, file: &SourceFile) -> Result<Header, Diagnostic> {
        read_header(file)
    }

    /// The document of `file`, its body rendered against `addresses`.
    fn body(
        &self,
        file: &SourceFile,
        header: Header,
        addresses: &Addresses,
    ) -> (Document, Vec<Diagnostic>) {
        read_body(file, header, addresses)
    }
}

/// The steps as they are: nothing remembered.
pub(crate) struct Fresh;

impl Steps for Fresh {}

/// Parses all files. Documents that failed are left out; their problems are returned.
pub fn parse(files: &SiteFiles, config: &Config) -> (Vec<Document>, Vec<Diagnostic>) {
    parse_with(files, config, &Fresh)
}

/// [`parse`], each file's header and body made by `steps`.
pub(crate) fn parse_with(
    files: &SiteFiles,
    config: &Config,
    steps: &impl Steps,
) -> (Vec<Document>, Vec<Diagnostic>) {
    let headers: Vec<Result<Header, Diagnostic>> =
        files.sources.par_iter().map(|f| steps.header(f)).collect();
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    let mut failed = HashSet::new();
    for (index, result) in headers.into_iter().enumerate() {
        match result {
            Ok(header) => {
                problems.extend(header.warnings.iter().cloned());
                parsed.push((index, header));
            }
            Err(problem) => {
                problems.push(with_known_values(problem, config));
                failed.insert(files.sources[index].relative.clone());
            }
        }
    }
    let base_path = config.base_path();
    let addresses = Addresses {
        pages: parsed
            .iter()
            .map(|(i, h)| {
                let relative = &files.sources[*i].relative;
                let url = url_of(&base_path, h.kind, &h.slug, relative);
                (relative.clone(), url)
            })
            .collect(),
        assets: files
            .content_assets
            .iter()
            .map(|a| a.output_path.clone())
            .collect(),
        failed,
        theme_ids: markdown::template_ids(
            files
                .templates
                .iter()
                .chain(&files.fallback_templates)
                .map(|t| t.text.as_str()),
        ),
        base_path,
        raw_html: config.markdown.raw_html,
        hosts: markdown::Hosts::new(&config.base_url, &config.security.allowed_hosts),
    };
    let rendered: Vec<(Document, Vec<Diagnostic>)> = parsed
        .into_par_iter()
        .map(|(index, header)| steps.body(&files.sources[index], header, &addresses))
        .collect();
    let mut documents = Vec::with_capacity(rendered.len());
    for (document, body_problems) in rendered {
        problems.extend(body_problems);
        documents.push(document);
    }
    (documents, problems)
}

/// The document of `file`: its body rendered, its links resolved against
/// `addresses` (which hold `file`'s own URL).
pub(crate) fn read_body(
    file: &SourceFile,
    header: Header,
    addresses: &Addresses,
) -> (Document, Vec<Diagnostic>) {
    let source = markdown::Source {
        path: &file.path,
        relative: &file.relative,
        file_text: &file.text,
        body_offset: header.body_offset,
    };
    let (body, problems) = markdown::render(source, addresses.targets(), addresses.raw_html);
    let url = addresses
        .pages
        .get(&file.relative)
        .cloned()
        .unwrap_or_default();
    let document = Document {
        meta: header.meta,
        slug: header.slug,
        url,
        file: file.clone(),
        body: std::sync::Arc::new(body),
        spans: header.spans,
    };
    (document, problems)
}

/// A missing `source` (or vocabulary field) lists the keys `site.toml` allows:
/// the front matter reader does not know them.
fn with_known_values(problem: Diagnostic, config: &Config) -> Diagnostic {
    if problem.code != Code::MissingField {
        return problem;
    }
    let keys: Vec<&str> = if problem.message.contains("`source`") {
        config.sources.keys().map(String::as_str).collect()
    } else if problem.message.contains("`sector`") {
        config
            .vocabularies
            .sector
            .keys()
            .map(String::as_str)
            .collect()
    } else if problem.message.contains("`level`") {
        config
            .vocabularies
            .level
            .keys()
            .map(String::as_str)
            .collect()
    } else {
        return problem;
    };
    let hint = problem.hint.clone().unwrap_or_default();
    problem.hint(format!(
        "{hint}; tilladte værdier (fra site.toml): {}",
        keys.join(", ")
    ))
}

/// Longest slug: it becomes a folder name, and file systems take 255 bytes.
pub(crate) const MAX_SLUG_BYTES: usize = 200;

/// The URL path of a document.
pub(crate) fn url_of(base_path: &str, kind: Kind, slug: &str, relative: &str) -> String {
    crate::site_map::document_url(base_path, kind, slug, relative)
}

/// The front matter and address of `file`.
pub(crate) fn read_header(file: &SourceFile) -> Result<Header, Diagnostic> {
    let parts: Vec<&str> = file.relative.split('/').collect();
    let kind = Kind::of(&parts).ok_or_else(|| {
        let folders: Vec<&str> = Kind::FOLDERS.iter().map(|(f, _)| *f).collect();
        Diagnostic::error(&file.path, Code::UnknownFolder, "filen ligger i en mappe, håndbogen ikke kender")
            .hint(format!("læg den i en af mapperne {} under `content/`, eller direkte i `content/` for en fri side", folders.join(", ")))
    })?;
    let split = front_matter::split(&file.text)
        .map_err(|e| front_matter::split_error(&file.path, &file.text, e))?;
    let spans = front_matter::Spans::of(&split);
    let mut warnings = front_matter::typography(&file.path, &file.text, &split);
    // A dash used as a list marker merges items silently: it explains a type error too.
    if let Some(pos) = warnings.iter().position(Diagnostic::is_error) {
        return Err(warnings.swap_remove(pos));
    }
    let meta = read_meta(kind, file, &split, &mut warnings)?;
    warnings.extend(front_matter::direction_warnings(
        &file.path,
        &file.text,
        &spans,
        meta.reader_texts(),
    ));
    let stem = parts
        .last()
        .and_then(|n| n.strip_suffix(".md"))
        .unwrap_or_default();
    let slug = match (meta.slug_override(), kind) {
        (Some(explicit), _) => slugify(explicit),
        (None, Kind::Page) => slugify(stem),
        (None, _) => slugify(meta.title()),
    };
    if slug.is_empty() && !(kind == Kind::Page && stem == "_index") {
        let (line, col) = spans.key("title").unwrap_or((1, 1));
        return Err(Diagnostic::error(
            &file.path,
            Code::EmptySlug,
            "titlen giver ingen adresse: den indeholder ingen bogstaver eller tal",
        )
        .at(line, col)
        .with_source_line(&file.text)
        .hint("giv siden en titel med ord, eller angiv `slug:`"));
    }
    if slug.len() > MAX_SLUG_BYTES {
        let key = if meta.slug_override().is_some() {
            "slug"
        } else {
            "title"
        };
        let (line, col) = spans.key(key).unwrap_or((1, 1));
        return Err(Diagnostic::error(
            &file.path,
            Code::SlugTooLong,
            format!(
                "adressen bliver for lang til et filnavn: {} tegn (højst {MAX_SLUG_BYTES})",
                slug.len()
            ),
        )
        .at(line, col)
        .underline(key.len())
        .with_source_line(&file.text)
        .hint("angiv et kort `slug:` i front matter, fx de tre-fire vigtigste ord i titlen"));
    }
    Ok(Header {
        kind,
        meta,
        slug,
        body_offset: split.body_offset,
        spans,
        warnings,
    })
}

/// The typed front matter of a file of `kind` (lenient for drafts).
fn read_meta(
    kind: Kind,
    file: &SourceFile,
    split: &front_matter::Split<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Meta, Diagnostic> {
    fn read<T: serde::de::DeserializeOwned>(
        file: &SourceFile,
        split: &front_matter::Split<'_>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<T, Diagnostic> {
        let (meta, lenient) = front_matter::deserialize_lenient(&file.path, &file.text, split)?;
        warnings.extend(lenient);
        Ok(meta)
    }
    Ok(match kind {
        Kind::Theme => Meta::Theme(read(file, split, warnings)?),
        Kind::Case => Meta::Case(read(file, split, warnings)?),
        Kind::Message => Meta::Message(read(file, split, warnings)?),
        Kind::CitizenTheme => Meta::CitizenTheme(read(file, split, warnings)?),
        Kind::Tool => Meta::Tool(read(file, split, warnings)?),
        Kind::Page => Meta::Page(read(file, split, warnings)?),
    })
}
