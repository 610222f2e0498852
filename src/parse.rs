//! Parse: every source file → a [`Document`]: kind, typed front matter, slug,
//! URL and rendered body. Front matter is read first for all files, so links
//! between files can be rewritten to the URLs their titles give.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::front_matter;
use crate::content::{Kind, Meta, SiteFiles, SourceFile};
use crate::diagnostics::{Code, Diagnostic};
use crate::fingerprint;
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
    /// Its rendered body.
    pub body: Rendered,
}

/// A document's front matter and address, before its body is rendered.
#[derive(Debug, Clone)]
struct Header {
    kind: Kind,
    meta: Meta,
    slug: String,
    body_offset: usize,
    /// Warnings about the front matter (typography, a draft's missing fields).
    warnings: Vec<Diagnostic>,
}

/// What parsing can reuse from the previous build in `serve`: each file's
/// header and rendered body, keyed by a fingerprint of its path and text.
/// Bodies are only reused while the link table (every page's URL, the assets,
/// the settings that change rendering) is the same, since links depend on it.
#[derive(Debug, Default)]
pub struct ParseCache {
    headers: HashMap<String, (u64, Result<Header, Diagnostic>)>,
    link_table: u64,
    bodies: HashMap<String, (u64, Document, Vec<Diagnostic>)>,
    /// Files parsed anew in the last run (the rest came from the cache).
    pub reparsed: usize,
}

/// Parses all files. Documents that failed are left out; their problems are returned.
pub fn parse(files: &SiteFiles, config: &Config) -> (Vec<Document>, Vec<Diagnostic>) {
    parse_with(files, config, None)
}

/// [`parse`], reusing and refreshing `cache` when given: what an unchanged
/// file gives is taken from it, so an edit reparses only the edited file
/// (or, when a title or file name changed, every body, since links move).
pub fn parse_with(
    files: &SiteFiles,
    config: &Config,
    mut cache: Option<&mut ParseCache>,
) -> (Vec<Document>, Vec<Diagnostic>) {
    let base_path = config.base_path();
    let fingerprints: Vec<u64> = files
        .sources
        .par_iter()
        .map(|f| fingerprint(&(&f.path, &f.text)))
        .collect();
    let previous = cache.as_deref();
    let headers: Vec<(usize, Result<Header, Diagnostic>)> = files
        .sources
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let cached = previous
                .and_then(|c| c.headers.get(&f.relative))
                .filter(|(print, _)| *print == fingerprints[i]);
            match cached {
                Some((_, header)) => (i, header.clone()),
                None => (i, read_header(f)),
            }
        })
        .collect();
    if let Some(cache) = cache.as_deref_mut() {
        cache.headers = headers
            .iter()
            .map(|(i, h)| {
                (
                    files.sources[*i].relative.clone(),
                    (fingerprints[*i], h.clone()),
                )
            })
            .collect();
    }

    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for (index, result) in headers {
        match result {
            Ok(header) => {
                problems.extend(header.warnings.iter().cloned());
                parsed.push((index, header));
            }
            Err(problem) => problems.push(with_known_values(problem, config)),
        }
    }
    let pages: HashMap<String, String> = parsed
        .iter()
        .map(|(i, h)| {
            (
                files.sources[*i].relative.clone(),
                url_of(&base_path, h.kind, &h.slug, &files.sources[*i].relative),
            )
        })
        .collect();
    let assets: HashSet<String> = files
        .content_assets
        .iter()
        .map(|a| a.output_path.clone())
        .collect();
    let theme_ids = markdown::template_ids(
        files
            .templates
            .iter()
            .chain(&files.fallback_templates)
            .map(|t| t.text.as_str()),
    );
    let targets = LinkTargets {
        pages: &pages,
        assets: &assets,
        base_path: &base_path,
        theme_ids: &theme_ids,
    };
    let link_table = {
        let mut entries: Vec<(&String, &String)> = pages.iter().collect();
        entries.sort();
        let mut asset_list: Vec<&String> = assets.iter().collect();
        asset_list.sort();
        let mut theme_id_list: Vec<&String> = theme_ids.iter().collect();
        theme_id_list.sort();
        fingerprint(&(
            entries,
            asset_list,
            theme_id_list,
            &base_path,
            format!("{:?}", config.markdown.raw_html),
        ))
    };
    let reusable = cache
        .as_deref()
        .filter(|c| c.link_table == link_table)
        .map(|c| &c.bodies);

    // Each result keeps its file's index and whether it came from the cache.
    let rendered: Vec<(usize, Document, Vec<Diagnostic>, bool)> = parsed
        .into_par_iter()
        .map(|(index, header)| {
            let file = &files.sources[index];
            if let Some((_, document, problems)) = reusable
                .and_then(|bodies| bodies.get(&file.relative))
                .filter(|(print, _, _)| *print == fingerprints[index])
            {
                return (index, document.clone(), problems.clone(), true);
            }
            let source = markdown::Source {
                path: &file.path,
                relative: &file.relative,
                file_text: &file.text,
                body_offset: header.body_offset,
            };
            let (body, body_problems) = markdown::render(source, targets, config.markdown.raw_html);
            let url = pages[&file.relative].clone();
            let document = Document {
                meta: header.meta,
                slug: header.slug,
                url,
                file: file.clone(),
                body,
            };
            (index, document, body_problems, false)
        })
        .collect();
    if let Some(cache) = cache {
        cache.reparsed = rendered.iter().filter(|(.., reused)| !reused).count();
        cache.link_table = link_table;
        cache.bodies = rendered
            .iter()
            .map(|(index, document, problems, _)| {
                let entry = (fingerprints[*index], document.clone(), problems.clone());
                (document.file.relative.clone(), entry)
            })
            .collect();
    }
    let mut documents = Vec::with_capacity(rendered.len());
    for (_, document, body_problems, _) in rendered {
        problems.extend(body_problems);
        documents.push(document);
    }
    (documents, problems)
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
pub const MAX_SLUG_BYTES: usize = 200;

/// The URL path of a document.
pub fn url_of(base_path: &str, kind: Kind, slug: &str, relative: &str) -> String {
    crate::site_map::document_url(base_path, kind, slug, relative)
}

fn read_header(file: &SourceFile) -> Result<Header, Diagnostic> {
    let parts: Vec<&str> = file.relative.split('/').collect();
    let kind = Kind::of(&parts).ok_or_else(|| {
        let folders: Vec<&str> = Kind::FOLDERS.iter().map(|(f, _)| *f).collect();
        Diagnostic::error(&file.path, Code::UnknownFolder, "filen ligger i en mappe, håndbogen ikke kender")
            .hint(format!("læg den i en af mapperne {} under `content/`, eller direkte i `content/` for en fri side", folders.join(", ")))
    })?;
    let split = front_matter::split(&file.text)
        .map_err(|e| front_matter::split_error(&file.path, &file.text, e))?;
    let mut warnings = front_matter::typography(&file.path, &file.text, &split);
    // A dash used as a list marker merges items silently: it explains a type error too.
    if let Some(pos) = warnings.iter().position(Diagnostic::is_error) {
        return Err(warnings.swap_remove(pos));
    }
    let meta = read_meta(kind, file, &split, &mut warnings)?;
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
        let (line, col) = front_matter::key_position(&file.text, &split, "title").unwrap_or((1, 1));
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
        let (line, col) = front_matter::key_position(&file.text, &split, key).unwrap_or((1, 1));
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
