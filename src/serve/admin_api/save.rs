//! Saving from the editor: entries are checked as `check` would before
//! anything is written, pictures decoded and written in place.

use std::path::Path;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::input::{self, Limit};

use super::paths::{Allowed, kind_of, resolve};
use super::{ApiError, base64_decode, io_error};

#[derive(Deserialize)]
struct DataFile {
    path: String,
    raw: String,
    #[serde(default, rename = "newPath")]
    new_path: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Asset {
    pub(super) path: String,
    content: String,
    #[serde(default)]
    encoding: String,
}

/// Saves a request's entries (merged into the files as they are) and the
/// pictures that come with them; nothing is written unless every entry
/// passes `check`.
pub(super) fn persist_entry(root: &Path, params: &Value) -> Result<Value, ApiError> {
    let files: Vec<DataFile> = match params.get("dataFiles") {
        Some(files) => serde_json::from_value(files.clone()),
        None => serde_json::from_value(params.get("entry").cloned().unwrap_or_default())
            .map(|one| vec![one]),
    }
    .map_err(|_| ApiError::new(400, "forespørgslen mangler `dataFiles`"))?;
    let assets: Vec<Asset> =
        serde_json::from_value(params.get("assets").cloned().unwrap_or(json!([])))
            .map_err(|_| ApiError::new(400, "forespørgslens `assets` kan ikke læses"))?;
    // Everything is checked before anything is written.
    let mut writes = Vec::new();
    for file in &files {
        if file.new_path.as_deref().is_some_and(|p| p != file.path) {
            return Err(ApiError::new(
                422,
                "en side kan ikke flyttes fra redigeringen: dens adresse ville ændre sig; ret `slug` i stedet",
            ));
        }
        let at = resolve(root, &file.path, Allowed::Entry)?;
        let old = match input::read(&at, Limit::MARKDOWN) {
            Ok(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
                ApiError::new(422, format!("`{}` er ikke gemt som UTF-8", file.path))
            })?),
            Err(input::InputError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => {
                return Err(ApiError::new(
                    403,
                    format!("`{}` kan ikke læses", file.path),
                ));
            }
        };
        let parts: Vec<&str> = file.path.split('/').skip(1).collect();
        let kind = kind_of(&parts).unwrap_or(Kind::Page);
        let raw = input::nfc(&file.raw).replace("\r\n", "\n");
        let slug = title_slug(&raw);
        let text = crate::editor::merge::merge(kind, old.as_deref(), &raw, slug.as_deref());
        if old.as_deref() == Some(text.as_str()) {
            continue;
        }
        if text.len() as u64 > Limit::MARKDOWN.bytes {
            return Err(ApiError::new(413, "teksten er for lang til én side"));
        }
        let problems = saved_problems(root, &file.path, &text);
        if !problems.is_empty() {
            let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(ApiError::new(
                422,
                format!(
                    "Siden er ikke gemt, fordi `check` ville afvise den. Din tekst er ikke tabt: ret fejlen og gem igen.\n\n{}",
                    shown.join("\n\n")
                ),
            ));
        }
        writes.push((at, text));
    }
    for asset in &assets {
        write_asset(root, asset)?;
    }
    for (at, text) in writes {
        crate::content::write::write_file(&at, text.as_bytes())
            .map_err(|e| io_error(&at.display().to_string(), &e))?;
    }
    Ok(json!({ "message": "gemt" }))
}

/// The slug a new page's title gives, as `new` writes it.
fn title_slug(raw: &str) -> Option<String> {
    let split = crate::content::front_matter::split(raw).ok()?;
    let fields: serde_yaml::Mapping = serde_yaml::from_str(split.yaml).ok()?;
    let title = fields.get("title")?.as_str()?;
    let slug = crate::slug::shorten(&crate::slug::slugify(title), crate::scaffold::SLUG_BYTES);
    (!slug.is_empty()).then_some(slug)
}

/// The errors `check` would find in `path` if it held `text`: the site as
/// it is on disk with this one file replaced.
pub(crate) fn saved_problems(root: &Path, path: &str, text: &str) -> Vec<Diagnostic> {
    let relative = path.strip_prefix("content/").unwrap_or(path).to_string();
    let saved = crate::content::SourceFile {
        path: path.to_string(),
        relative,
        text: text.into(),
    };
    let errors = |problems: Vec<Diagnostic>| -> Vec<Diagnostic> {
        problems
            .into_iter()
            .filter(|p| p.is_error() && p.file == path)
            .collect()
    };
    let Ok(config) = crate::session::load::load_config(root, None) else {
        return Vec::new();
    };
    let Ok(mut files) = crate::content::load(root, &config.theme) else {
        // The site cannot be read as a whole: the file on its own.
        return match crate::parse::read_header(&saved) {
            Ok(_) => Vec::new(),
            Err(problem) => vec![problem],
        };
    };
    match files.sources.iter_mut().find(|f| f.path == path) {
        Some(file) => *file = saved,
        None => files.sources.push(saved),
    }
    let (documents, mut problems) = crate::parse::parse(&files, &config);
    let (library, model) = crate::model::link(documents, &config);
    problems.extend(model);
    // A published page that would move (a new title, no `slug:`), as `check` says.
    if let Some(last) = crate::model::addresses::last_record(&root.join(&config.output)) {
        problems.extend(crate::model::addresses::changes(&library, &config, &last));
    }
    errors(problems)
}

/// Writes a picture or pdf the editor sent as base64.
pub(super) fn write_asset(root: &Path, asset: &Asset) -> Result<(), ApiError> {
    let at = resolve(root, &asset.path, Allowed::Media)?;
    if asset.encoding != "base64" {
        return Err(ApiError::new(400, "billedet skal sendes som base64"));
    }
    let bytes = base64_decode(&asset.content)
        .ok_or_else(|| ApiError::new(400, "billedet kan ikke læses (base64)"))?;
    if bytes.len() as u64 > Limit::ASSET.bytes {
        return Err(ApiError::new(413, "billedet er for stort"));
    }
    crate::content::write::write_file(&at, &bytes).map_err(|e| io_error(&asset.path, &e))
}
