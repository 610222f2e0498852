//! The local API `handbook serve` answers for the editor: decap-server's
//! `POST /api/v1` actions (list, read, write and delete entries and media),
//! on the files of the site folder. It reads and writes only inside
//! `content/`, only Markdown in the kinds' folders and the file kinds
//! `content/` allows, through no symbolic link, each write to a fresh
//! temporary file renamed into place. A Markdown save is checked first: one
//! `check` rejects is not written, and its Danish diagnostics go back to the
//! editor, whose text stays in the form.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::content::Kind;
use crate::content::load::ASSET_EXTENSIONS;
use crate::diagnostics::Diagnostic;
use crate::input::{self, Limit};

/// The largest request the API reads (a picture as base64 with the rest).
pub const MAX_REQUEST_BYTES: usize = 48 << 20;

/// A request the API refuses: the HTTP status and a Danish message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// 400 for a bad request, 403 for a path outside what may be written,
    /// 404 for a file that is not there, 422 for a save `check` rejects.
    pub status: u16,
    /// What is wrong, in Danish.
    pub message: String,
}

impl ApiError {
    fn new(status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// The JSON body Decap reads the message from.
    pub fn body(&self) -> Value {
        json!({ "error": self.message })
    }
}

#[derive(Deserialize)]
struct Request {
    action: String,
    #[serde(default)]
    params: Value,
}

#[derive(Deserialize)]
struct DataFile {
    path: String,
    raw: String,
    #[serde(default, rename = "newPath")]
    new_path: Option<String>,
}

#[derive(Deserialize)]
struct Asset {
    path: String,
    content: String,
    #[serde(default)]
    encoding: String,
}

/// What a path of a request may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Allowed {
    /// A Markdown file of a kind.
    Entry,
    /// A picture or pdf in `content/` or a kind's folder.
    Media,
    /// `content/` or a kind's folder.
    Folder,
}

/// Answers one request (the JSON body of `POST /api/v1`) on the site at `root`.
pub fn handle(root: &Path, body: &[u8]) -> Result<Value, ApiError> {
    let request: Request = serde_json::from_slice(body)
        .map_err(|_| ApiError::new(400, "forespørgslen kan ikke læses"))?;
    let params = &request.params;
    let text = |name: &str| -> Result<String, ApiError> {
        params
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| ApiError::new(400, format!("forespørgslen mangler `{name}`")))
    };
    match request.action.as_str() {
        "info" => Ok(json!({
            "repo": "handbook",
            "publish_modes": ["simple"],
            "type": "local_fs",
        })),
        "entriesByFolder" => {
            let folder = text("folder")?;
            let dir = resolve(root, &folder, Allowed::Folder)?;
            let mut entries = Vec::new();
            for name in list(&dir, |n| n.ends_with(".md")) {
                let path = format!("{}/{name}", folder.trim_end_matches('/'));
                entries.push(entry(root, &path)?);
            }
            Ok(Value::Array(entries))
        }
        "entriesByFiles" => {
            let files = params
                .get("files")
                .and_then(Value::as_array)
                .ok_or_else(|| ApiError::new(400, "forespørgslen mangler `files`"))?;
            let entries = files
                .iter()
                .filter_map(|f| f.get("path").and_then(Value::as_str))
                .map(|path| entry(root, path))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(entries))
        }
        "getEntry" => entry(root, &text("path")?),
        "persistEntry" => persist_entry(root, params),
        "getMedia" => {
            let folder = text("mediaFolder")?;
            let dir = resolve(root, &folder, Allowed::Folder)?;
            let media = list(&dir, is_media)
                .into_iter()
                .map(|name| media_file(root, &format!("{}/{name}", folder.trim_end_matches('/'))))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(media))
        }
        "getMediaFile" => media_file(root, &text("path")?),
        "persistMedia" => {
            let asset: Asset =
                serde_json::from_value(params.get("asset").cloned().unwrap_or_default())
                    .map_err(|_| ApiError::new(400, "forespørgslen mangler `asset`"))?;
            write_asset(root, &asset)?;
            media_file(root, &asset.path)
        }
        "deleteFile" => {
            delete(root, &text("path")?)?;
            Ok(json!({ "message": "slettet" }))
        }
        "deleteFiles" => {
            let paths = params
                .get("paths")
                .and_then(Value::as_array)
                .ok_or_else(|| ApiError::new(400, "forespørgslen mangler `paths`"))?;
            for path in paths.iter().filter_map(Value::as_str) {
                delete(root, path)?;
            }
            Ok(json!({ "message": "slettet" }))
        }
        "getDeployPreview" => Ok(Value::Null),
        other => Err(ApiError::new(
            422,
            format!(
                "handlingen `{}` kendes ikke",
                crate::diagnostics::escape_controls(other)
            ),
        )),
    }
}

fn is_media(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && ASSET_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(ext))
    })
}

/// The kind a Markdown file at `content/<parts>` is, if any.
fn kind_of(parts: &[&str]) -> Option<Kind> {
    Kind::of(parts)
}

/// The file or folder `path` (relative to the site, `/`-separated) names,
/// if it may be used as `allowed`: inside `content/`, in a kind's folder
/// at most, no `..`, no hidden name, no symbolic link on the way (a
/// folder of a kind that is missing is made).
fn resolve(root: &Path, path: &str, allowed: Allowed) -> Result<PathBuf, ApiError> {
    let refused = || {
        ApiError::new(
            403,
            format!(
                "`{}` ligger ikke i content/, eller filtypen må ikke gemmes der",
                crate::diagnostics::escape_controls(path)
            ),
        )
    };
    let path = path.trim_end_matches('/');
    let parts: Vec<&str> = path.split('/').collect();
    let ok_part = |p: &&str| {
        !p.is_empty()
            && !p.starts_with('.')
            && !p.contains(['\\', '\0', ':'])
            && !p.chars().any(char::is_control)
    };
    if parts.first() != Some(&"content") || !parts.iter().all(ok_part) {
        return Err(refused());
    }
    let inner = &parts[1..];
    let fits = match allowed {
        Allowed::Folder => match inner {
            [] => true,
            [folder] => Kind::FOLDERS.iter().any(|(f, _)| f == folder),
            _ => false,
        },
        Allowed::Entry => {
            inner
                .last()
                .is_some_and(|n| n.ends_with(".md") && n.len() > 3)
                && kind_of(inner).is_some()
        }
        Allowed::Media => {
            inner.last().is_some_and(|n| is_media(n))
                && (inner.len() == 1
                    || (inner.len() == 2 && Kind::FOLDERS.iter().any(|(f, _)| *f == inner[0])))
        }
    };
    if !fits {
        return Err(refused());
    }
    // No link on the way: `content/` and the kind's folder are real folders.
    let folders = if allowed == Allowed::Folder {
        parts.len()
    } else {
        parts.len() - 1
    };
    let mut at = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let meta = std::fs::symlink_metadata(&at);
        if i < folders {
            match meta {
                Ok(m) if m.is_dir() => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && i > 0 => {
                    std::fs::create_dir(&at).map_err(|e| io_error(path, &e))?;
                }
                _ => return Err(refused()),
            }
        } else if meta.is_ok_and(|m| !m.is_file()) {
            return Err(refused());
        }
    }
    Ok(at)
}

fn io_error(path: &str, err: &std::io::Error) -> ApiError {
    ApiError::new(
        500,
        format!(
            "`{}` kan ikke læses eller skrives: {}",
            crate::diagnostics::escape_controls(path),
            input::danish_io(err)
        ),
    )
}

/// The names of the regular files in `dir` that `keep` keeps, sorted.
fn list(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.') && keep(n))
        .collect();
    names.sort();
    names
}

/// An id for Decap: changes when the bytes do.
fn id_of(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// `{data, file: {path, id}}` for a Markdown file (`data: null` when missing).
fn entry(root: &Path, path: &str) -> Result<Value, ApiError> {
    let at = resolve(root, path, Allowed::Entry)?;
    match input::read(&at, Limit::MARKDOWN) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes)
                .map_err(|_| ApiError::new(422, format!("`{path}` er ikke gemt som UTF-8")))?;
            Ok(json!({ "data": text, "file": { "path": path, "id": id_of(text.as_bytes()) } }))
        }
        Err(input::InputError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(json!({ "data": null, "file": { "path": path, "id": null } }))
        }
        Err(_) => Err(ApiError::new(403, format!("`{path}` kan ikke læses"))),
    }
}

/// `{id, content, encoding, path, name}` for a picture or pdf.
fn media_file(root: &Path, path: &str) -> Result<Value, ApiError> {
    let at = resolve(root, path, Allowed::Media)?;
    let bytes = input::read(&at, Limit::ASSET).map_err(|_| {
        ApiError::new(
            404,
            format!(
                "`{}` findes ikke",
                crate::diagnostics::escape_controls(path)
            ),
        )
    })?;
    let name = path.rsplit('/').next().unwrap_or(path);
    Ok(json!({
        "id": id_of(&bytes),
        "content": base64_encode(&bytes),
        "encoding": "base64",
        "path": path,
        "name": name,
    }))
}

fn persist_entry(root: &Path, params: &Value) -> Result<Value, ApiError> {
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
pub fn saved_problems(root: &Path, path: &str, text: &str) -> Vec<Diagnostic> {
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

fn write_asset(root: &Path, asset: &Asset) -> Result<(), ApiError> {
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

fn delete(root: &Path, path: &str) -> Result<(), ApiError> {
    let at =
        resolve(root, path, Allowed::Entry).or_else(|_| resolve(root, path, Allowed::Media))?;
    match std::fs::remove_file(&at) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error(path, &e)),
    }
}

/// Base64 as browsers write it (`FileReader`, `btoa`), read leniently as the
/// editor's uploads have always been: line breaks and spaces are skipped,
/// padding may be missing, and the last character's spare bits are ignored.
const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::general_purpose::PAD_INDIFFERENT.with_decode_allow_trailing_bits(true),
);

fn base64_encode(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut text = text.as_bytes().to_vec();
    text.retain(|c| !c.is_ascii_whitespace());
    BASE64.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/cases")).unwrap();
        dir
    }

    fn call(root: &Path, body: Value) -> Result<Value, ApiError> {
        handle(root, body.to_string().as_bytes())
    }

    #[test]
    fn base64_round_trips() {
        for bytes in [&b""[..], b"a", b"ab", b"abc", b"abcd", &[0, 255, 128, 7, 9]] {
            assert_eq!(base64_decode(&base64_encode(bytes)).unwrap(), bytes);
        }
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        // What uploads may look like: wrapped, unpadded, spare bits set.
        assert_eq!(base64_decode("TW\r\nFu TWE").unwrap(), b"ManMa");
        assert_eq!(base64_decode("TWF=").unwrap(), b"Ma");
        assert_eq!(base64_decode("TW!u"), None);
    }

    #[test]
    fn paths_outside_content_or_of_other_kinds_are_refused() {
        let dir = site();
        let root = dir.path();
        for path in [
            "site.toml",
            "content/../site.toml",
            "content/cases/../../x.md",
            "themes/default/templates/base.html",
            "content/cases/.hidden.md",
            "content/cases/x.html",
            "content/cases/x.svg",
            "content/ukendt/x.md",
            "content/cases/a/b.md",
            "/etc/passwd",
            "content\\cases\\x.md",
            "content/cases/x.md\0",
            "",
        ] {
            let body = json!({"action": "persistEntry", "params": {"dataFiles": [{"path": path, "raw": "---\ntitle: A\n---\n"}], "assets": []}});
            let err = call(root, body).unwrap_err();
            assert_eq!(err.status, 403, "{path}: {err:?}");
            let asset = json!({"action": "persistMedia", "params": {"asset": {"path": path, "content": "", "encoding": "base64"}}});
            assert!(call(root, asset).is_err(), "{path}");
        }
        assert!(!root.join("x.md").exists());
    }

    #[cfg(unix)]
    #[test]
    fn no_write_through_a_symbolic_link() {
        let dir = site();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content/temaer")).unwrap();
        let body = json!({"action": "persistEntry", "params": {"dataFiles": [{"path": "content/temaer/x.md", "raw": "---\ntitle: A\n---\n"}], "assets": []}});
        assert_eq!(call(dir.path(), body).unwrap_err().status, 403);
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path().join("content/cases/link.md"),
        )
        .unwrap();
        let read = json!({"action": "getEntry", "params": {"path": "content/cases/link.md"}});
        assert_eq!(call(dir.path(), read).unwrap_err().status, 403);
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_picture_is_saved_beside_the_entry_and_listed() {
        let dir = site();
        let root = dir.path();
        let png = [0x89, b'P', b'N', b'G', 0, 1, 2, 255];
        let body = json!({"action": "persistMedia", "params": {"asset": {"path": "content/cases/kort.png", "content": base64_encode(&png), "encoding": "base64"}}});
        let saved = call(root, body).unwrap();
        assert_eq!(saved["name"], "kort.png");
        assert_eq!(
            std::fs::read(root.join("content/cases/kort.png")).unwrap(),
            png
        );
        std::fs::write(root.join("content/cases/a.md"), "---\ntitle: A\n---\n").unwrap();
        let listed = call(
            root,
            json!({"action": "getMedia", "params": {"mediaFolder": "content/cases"}}),
        )
        .unwrap();
        let names: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["name"].as_str())
            .collect();
        assert_eq!(names, ["kort.png"], "pictures only, not the Markdown");
        let entries = call(root, json!({"action": "entriesByFolder", "params": {"folder": "content/cases", "extension": "md", "depth": 1}})).unwrap();
        assert_eq!(entries[0]["file"]["path"], "content/cases/a.md");
        call(
            root,
            json!({"action": "deleteFile", "params": {"path": "content/cases/kort.png"}}),
        )
        .unwrap();
        assert!(!root.join("content/cases/kort.png").exists());
        // No temporary file is left behind.
        let left: Vec<_> = std::fs::read_dir(root.join("content/cases"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, [std::ffi::OsString::from("a.md")]);
    }

    #[test]
    fn info_and_unknown_actions() {
        let dir = site();
        assert_eq!(
            call(dir.path(), json!({"action": "info"})).unwrap()["type"],
            "local_fs"
        );
        assert_eq!(
            call(dir.path(), json!({"action": "hack"}))
                .unwrap_err()
                .status,
            422
        );
        assert_eq!(handle(dir.path(), b"not json").unwrap_err().status, 400);
    }
}
