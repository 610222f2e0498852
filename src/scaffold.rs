//! `handbook new KIND "Titel"`: writes a new content file with every field,
//! commented in Danish with the allowed values, so editors can fill it in.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::Kind;
use crate::content::fields::{Field, Values, fields};
use crate::slug::slugify;

/// Why a file could not be scaffolded.
#[derive(Debug)]
pub enum ScaffoldError {
    /// The title has no letters or digits.
    EmptySlug,
    /// The file exists already.
    Exists(PathBuf),
    /// Reading the site or writing the file failed.
    Io(PathBuf, std::io::Error),
    /// `content/` or its folder for the kind is a symbolic link: the file
    /// would be written wherever it points, and the build refuses it anyway.
    Symlink(PathBuf),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::EmptySlug => write!(
                f,
                "fejl: titlen giver ingen adresse; brug en titel med bogstaver eller tal"
            ),
            ScaffoldError::Exists(p) => write!(
                f,
                "{}: fejl: filen findes allerede; vælg en anden titel, eller ret den eksisterende fil",
                p.display()
            ),
            ScaffoldError::Io(p, e) => write!(
                f,
                "{}: fejl: filen kan ikke skrives: {}",
                p.display(),
                crate::input::danish_io(e)
            ),
            ScaffoldError::Symlink(p) => write!(
                f,
                "{}: fejl: mappen er et symbolsk link, og håndbogen læser ikke symbolske links; erstat linket med en almindelig mappe",
                p.display()
            ),
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// Longest slug `new` makes of a title: a readable address, far below the
/// file-name limit `check` enforces.
pub(crate) const SLUG_BYTES: usize = 60;

/// Writes `content/<folder>/<slug>.md` for `kind` below `root`, with the
/// slug written out (`slug:`), so a later change of title keeps the
/// address; returns its path.
pub fn new_file(
    root: &Path,
    config: &Config,
    kind: Kind,
    title: &str,
) -> Result<PathBuf, ScaffoldError> {
    let title = crate::input::nfc(title);
    let title = title.as_ref();
    let slug = crate::slug::shorten(&slugify(title), SLUG_BYTES);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug);
    }
    let content = root.join("content");
    let folder = content.join(kind.folder());
    for dir in [&content, &folder] {
        if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(ScaffoldError::Symlink(dir.clone()));
        }
    }
    let path = folder.join(format!("{slug}.md"));
    let text = template(kind, title, &slug, config, &existing_themes(root));
    std::fs::create_dir_all(&folder).map_err(|e| ScaffoldError::Io(folder.clone(), e))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.clone()),
            _ => ScaffoldError::Io(path.clone(), e),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| ScaffoldError::Io(path.clone(), e))?;
    Ok(path)
}

/// Theme slugs present in `content/temaer/`, for the comments.
fn existing_themes(root: &Path) -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(root.join("content/temaer"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .strip_suffix(".md")
                .map(str::to_string)
        })
        .collect();
    slugs.sort();
    slugs
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// What may be written in a field, for its comment: the allowed values of
/// a vocabulary or a source, the site's themes.
fn allowed(field: &Field, config: &Config, themes: &str) -> String {
    let keys = |m: &std::collections::BTreeMap<String, String>| {
        m.keys().cloned().collect::<Vec<_>>().join(", ")
    };
    match field.values {
        Values::Vocabulary(v) => format!(" Tilladte værdier: {}", keys(v.entries(config))),
        Values::Source => format!(
            " Tilladte værdier: {}",
            config
                .sources
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Values::Themes => format!(" Kendte temaer: {themes}"),
        _ => String::new(),
    }
}

/// The text of the new file: every field of the kind (see
/// [`crate::content::fields`]) with its hint as a comment, the title and
/// the slug filled in, and the body's headings.
pub(crate) fn template(
    kind: Kind,
    title: &str,
    slug: &str,
    config: &Config,
    themes: &[String],
) -> String {
    let themes = if themes.is_empty() {
        "(ingen endnu)".to_string()
    } else {
        themes.join(", ")
    };
    let mut text = String::from("---\n");
    for field in fields(kind) {
        let value = match (field.key, field.initial) {
            ("title", _) => quoted(title),
            ("slug", _) => slug.to_string(),
            (_, Some(initial)) => initial.to_string(),
            (_, None) => continue,
        };
        let space = if value.is_empty() || value.starts_with('\n') {
            ""
        } else {
            " "
        };
        // `sector: ` with its space, as editors have always found it.
        let space = if value.is_empty() { " " } else { space };
        text.push_str(&format!(
            "# {}{}\n{}:{space}{value}\n",
            field.hint,
            allowed(field, config, &themes),
            field.key
        ));
    }
    text.push_str("---\n\n");
    text.push_str(match kind {
        Kind::Case => "## Situationen\n\n## Det gjorde de\n\n## Det skete\n",
        Kind::Theme => {
            "## Hvad er det?\n\n## Hvorfor er det vigtigt?\n\n## Sådan kan du arbejde med det\n"
        }
        Kind::Message | Kind::CitizenTheme => "## Det betyder det\n",
        Kind::Tool => "## Sådan bruger du værktøjet\n",
        Kind::Page => "",
    });
    text
}
