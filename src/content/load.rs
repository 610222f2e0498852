//! Load: walk `content/` and the theme folder and read every file into memory.
//!
//! This is the only stage that reads the site's files (besides `site.toml`).
//! Hidden files and editor temp files are skipped. The repository is
//! untrusted input, so no symbolic link is read or followed: a link in
//! `content/` or `themes/` (a file, a folder, or `content`, `themes`, the
//! theme and its `templates`/`static` folders themselves) is an error naming
//! where it points, as is anything that is not a regular file or folder.
//! Every file is read with a size limit (`crate::input`). Markdown text
//! and the paths of content files are normalised to Unicode NFC.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, display_path};
use crate::input::{self, Limit};

mod walk;
pub(crate) use walk::is_ignored;
use walk::{Folder, folder, walk, walk_all};

/// A Markdown file of `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, e.g. `content/cases/bordkort.md` (for
    /// diagnostics): the file's name as it is on disk.
    pub path: String,
    /// Path relative to `content/`, e.g. `cases/bordkort.md` (for kinds,
    /// slugs and links), in Unicode NFC.
    pub relative: String,
    /// The text, without a byte-order mark, in Unicode NFC; shared (not
    /// copied) by every parsed document that came from it.
    pub text: Arc<str>,
}

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// Path inside the output folder, with `/` separators (in NFC for a
    /// file of `content/`, as the links to it are).
    pub output_path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A template of the theme.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateFile {
    /// Name templates use to refer to it, relative to `templates/` (e.g. `partials/header.html`).
    pub name: String,
    /// Path relative to the site root (for diagnostics).
    pub path: String,
    /// The template text.
    pub text: String,
}

/// Everything the build reads from disk besides `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    /// Markdown files, sorted by path.
    pub sources: Vec<SourceFile>,
    /// Other files under `content/` (images and the like), copied as they are.
    pub content_assets: Vec<Asset>,
    /// Templates of the chosen theme.
    pub templates: Vec<TemplateFile>,
    /// Templates of the default theme, the fallback for pieces a theme leaves out.
    pub fallback_templates: Vec<TemplateFile>,
    /// Files of the theme's `static/` folder.
    pub static_files: Vec<Asset>,
}

/// Reads `content/` and `themes/<theme>/` below `root`. `root` itself may be
/// a symbolic link (the user chose it); nothing below it may.
pub fn load(root: &Path, theme: &str) -> Result<SiteFiles, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let content_dir = root.join("content");
    match folder(root, &content_dir, &mut problems) {
        Folder::Dir => {}
        Folder::Link => return Err(problems),
        Folder::Missing => {
            return Err(vec![
                Diagnostic::error("content", Code::Load, "mappen `content/` findes ikke")
                    .hint("kør kommandoen i håndbogens mappe, eller angiv den med `--root MAPPE`"),
            ]);
        }
    }
    let (markdown, other) = walk(root, &content_dir, &mut problems);
    let other = refuse_unsafe_assets(root, other, &mut problems);
    let sources = read_all(root, &content_dir, &markdown, &mut problems);
    let content_assets = read_assets(root, &content_dir, &other, &mut problems);

    let mut site = SiteFiles {
        sources,
        content_assets,
        ..SiteFiles::default()
    };
    let themes_dir = root.join("themes");
    let theme_dir = themes_dir.join(theme);
    let templates_dir = theme_dir.join("templates");
    // The first of the folders down to `templates/` that is not one, if any.
    let blocked = [&themes_dir, &theme_dir, &templates_dir]
        .into_iter()
        .map(|dir| folder(root, dir, &mut problems))
        .find(|found| *found != Folder::Dir);
    match blocked {
        Some(Folder::Link) => {}
        Some(_) => problems.push(
            Diagnostic::error(
                "site.toml",
                Code::Theme,
                format!("temaet `{theme}` findes ikke: mappen `themes/{theme}/templates/` mangler"),
            )
            .hint("ret `theme` i site.toml til navnet på en mappe under `themes/`"),
        ),
        None => {
            site.templates = read_templates(root, &theme_dir, &mut problems);
            let static_dir = theme_dir.join("static");
            if folder(root, &static_dir, &mut problems) == Folder::Dir {
                let static_paths = walk_all(root, &static_dir, &mut problems);
                site.static_files = read_assets(root, &static_dir, &static_paths, &mut problems);
            }
            let default_dir = themes_dir.join("default");
            if theme != "default"
                && folder(root, &default_dir, &mut problems) == Folder::Dir
                && folder(root, &default_dir.join("templates"), &mut problems) == Folder::Dir
            {
                site.fallback_templates = read_templates(root, &default_dir, &mut problems);
            }
        }
    }
    if problems.is_empty() {
        Ok(site)
    } else {
        Err(problems)
    }
}

/// `last` (the files of an earlier load) with the Markdown files `changed`
/// read again: `None` unless every changed path is a Markdown file `last`
/// holds that is still a regular file in folders that are not symbolic
/// links (an added, removed or renamed file, an asset or a symlink needs the
/// whole walk of [`load`], which reports the link).
pub(crate) fn reload(
    root: &Path,
    last: &SiteFiles,
    changed: &[PathBuf],
) -> Option<Result<SiteFiles, Vec<Diagnostic>>> {
    if changed.is_empty() {
        return None;
    }
    let root = root.canonicalize().ok()?;
    let content_dir = root.join("content");
    let mut positions = Vec::with_capacity(changed.len());
    for path in changed {
        let relative = input::nfc_owned(display_path(path.strip_prefix(&content_dir).ok()?));
        let index = last.sources.iter().position(|s| s.relative == relative)?;
        positions.push((index, path));
    }
    let mut files = last.clone();
    let mut problems = Vec::new();
    for (index, path) in positions {
        let source = &mut files.sources[index];
        match reread(&content_dir, path, &source.path)? {
            Ok(text) => source.text = text,
            Err(d) => problems.push(d),
        }
    }
    Some(if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    })
}

/// The text of the Markdown file `path` below `content_dir`, read as [`load`]
/// reads it (`shown` names it in a problem), or `None` unless it is a regular
/// Markdown file, not skipped, in folders from `content_dir` down that are
/// not symbolic links: then the whole load must decide.
pub(crate) fn reread(
    content_dir: &Path,
    path: &Path,
    shown: &str,
) -> Option<Result<Arc<str>, Diagnostic>> {
    let relative = path.strip_prefix(content_dir).ok()?;
    let name = path.file_name()?.to_string_lossy();
    if is_ignored(&name) || path.extension().is_none_or(|e| e != "md") {
        return None;
    }
    let is_dir = |dir: &Path| std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    let mut dir = content_dir.to_path_buf();
    if !is_dir(&dir) {
        return None;
    }
    for part in relative.parent()?.components() {
        dir.push(part);
        if !is_dir(&dir) {
            return None;
        }
    }
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    Some(read_source(path, shown))
}

/// A path as diagnostics show it: relative to the site root.
fn shown(root: &Path, path: &Path) -> String {
    display_path(path.strip_prefix(root).unwrap_or(path))
}

fn read_templates(
    root: &Path,
    theme_dir: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TemplateFile> {
    let templates_dir = theme_dir.join("templates");
    let paths = walk_all(root, &templates_dir, problems);
    let mut templates = Vec::new();
    for path in paths {
        let rel = display_path(path.strip_prefix(&templates_dir).unwrap_or(&path));
        let shown = shown(root, &path);
        match read_text(&path, &shown, Limit::TEMPLATE) {
            Ok(text) => templates.push(TemplateFile {
                name: rel,
                path: shown,
                text,
            }),
            Err(d) => problems.push(d),
        }
    }
    templates
}

/// Kinds of file `content/` may hold besides Markdown: a browser shows them
/// without running anything. HTML, SVG, JavaScript and CSS from content would
/// run script or restyle pages under the site's own origin.
pub(crate) const ASSET_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "avif", "pdf"];

/// Whether a non-Markdown file of `content/` may be copied to the site.
pub(crate) fn is_allowed_asset(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ASSET_EXTENSIONS.iter().any(|a| e.eq_ignore_ascii_case(a)))
}

/// Keeps the files `content/` may hold; every other one is an error naming it.
fn refuse_unsafe_assets(
    root: &Path,
    paths: Vec<PathBuf>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let (allowed, refused): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| is_allowed_asset(p));
    for path in refused {
        problems.push(asset_type_error(root, &path));
    }
    allowed
}

fn asset_type_error(root: &Path, path: &Path) -> Diagnostic {
    let shown = display_path(path.strip_prefix(root).unwrap_or(path));
    let extension = path.extension().map(|e| e.to_string_lossy().into_owned());
    let message = match &extension {
        Some(e) => format!("filer af typen `.{e}` må ikke ligge i `content/`"),
        None => "filer uden endelse må ikke ligge i `content/`".to_string(),
    };
    let hint = if extension.is_some_and(|e| e.eq_ignore_ascii_case("md")) {
        "omdøb filen, så den ender på `.md` med små bogstaver".to_string()
    } else {
        format!(
            "i `content/` må der ud over Markdown kun ligge billeder og pdf ({}); flyt eller slet filen",
            ASSET_EXTENSIONS.map(|e| format!(".{e}")).join(", ")
        )
    };
    Diagnostic::error(shown, Code::AssetType, message).hint(hint)
}

fn read_all(
    root: &Path,
    content_dir: &Path,
    paths: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
) -> Vec<SourceFile> {
    let results: Vec<Result<SourceFile, Diagnostic>> = paths
        .par_iter()
        .map(|path| {
            let shown = shown(root, path);
            let relative =
                input::nfc_owned(display_path(path.strip_prefix(content_dir).unwrap_or(path)));
            read_source(path, &shown).map(|text| SourceFile {
                path: shown,
                relative,
                text,
            })
        })
        .collect();
    let mut sources = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(source) => sources.push(source),
            Err(d) => problems.push(d),
        }
    }
    sources
}

fn read_assets(
    root: &Path,
    base: &Path,
    paths: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Asset> {
    let mut assets = Vec::new();
    for path in paths {
        match input::read(path, Limit::ASSET) {
            Ok(bytes) => assets.push(Asset {
                output_path: input::nfc_owned(display_path(
                    path.strip_prefix(base).unwrap_or(path),
                )),
                bytes,
            }),
            Err(err) => problems.push(err.problem(&shown(root, path), Code::Load)),
        }
    }
    assets
}

/// A Markdown file's text as the pipeline reads it: UTF-8 without a
/// byte-order mark, in NFC, at most [`Limit::MARKDOWN`].
fn read_source(path: &Path, shown: &str) -> Result<Arc<str>, Diagnostic> {
    read_text(path, shown, Limit::MARKDOWN).map(|text| input::nfc_owned(text).into())
}

/// Reads a UTF-8 text file of at most `limit`; a byte-order mark is dropped.
fn read_text(path: &Path, shown: &str, limit: Limit) -> Result<String, Diagnostic> {
    let bytes = input::read(path, limit).map_err(|err| err.problem(shown, Code::Load))?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let (line, col) = crate::diagnostics::line_col(valid, valid.len());
            Err(Diagnostic::error(shown, Code::Encoding, "filen er ikke gemt som UTF-8")
                .at(line, col)
                .hint("gem filen med tegnsættet UTF-8 (i de fleste editorer under \"Gem som\" eller \"Encoding\")"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_and_pdf_are_allowed_assets() {
        for ok in [
            "a.png", "b/c.JPG", "d.jpeg", "e.Gif", "f.webp", "g.avif", "h.PDF",
        ] {
            assert!(is_allowed_asset(Path::new(ok)), "{ok}");
        }
        for bad in [
            "a.html",
            "b.js",
            "c.svg",
            "d.css",
            "README",
            "e.png.html",
            "f.htm",
            "g.md",
        ] {
            assert!(!is_allowed_asset(Path::new(bad)), "{bad}");
        }
    }

    #[test]
    fn refused_files_are_named_with_the_allowed_kinds() {
        let root = Path::new("/site");
        let mut problems = Vec::new();
        let kept = refuse_unsafe_assets(
            root,
            vec![
                root.join("content/cases/billede.png"),
                root.join("content/cases/side.html"),
                root.join("content/LICENSE"),
            ],
            &mut problems,
        );
        assert_eq!(kept, [root.join("content/cases/billede.png")]);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].file, "content/cases/side.html");
        assert_eq!(problems[0].code, Code::AssetType);
        assert_eq!(
            problems[0].message,
            "filer af typen `.html` må ikke ligge i `content/`"
        );
        assert!(
            problems[0]
                .hint
                .as_deref()
                .unwrap_or_default()
                .contains(".png, .jpg")
        );
        assert_eq!(
            problems[1].message,
            "filer uden endelse må ikke ligge i `content/`"
        );
    }
}
