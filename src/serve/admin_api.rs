//! The local API `handbook serve` answers for the editor: decap-server's
//! `POST /api/v1` actions (list, read, write and delete entries and media),
//! on the files of the site folder. It reads and writes only inside
//! `content/`, only Markdown in the kinds' folders and the file kinds
//! `content/` allows, through no symbolic link, each write to a fresh
//! temporary file renamed into place. A Markdown save is checked first: one
//! `check` rejects is not written, and its Danish diagnostics go back to the
//! editor, whose text stays in the form.

use std::path::Path;

use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::input::{self, Limit};

mod paths;
mod save;
use paths::{Allowed, is_media, list, resolve};
use save::{Asset, persist_entry, write_asset};

/// The largest request the API reads (a picture as base64 with the rest).
pub(crate) const MAX_REQUEST_BYTES: usize = 48 << 20;

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
}

#[derive(Deserialize)]
struct Request {
    action: String,
    #[serde(default)]
    params: Value,
}

/// Answers one request (the JSON body of `POST /api/v1`) on the site at `root`.
pub fn handle(root: &Path, body: &[u8]) -> Result<Value, ApiError> {
    let request: Request = serde_json::from_slice(body)
        .map_err(|_| ApiError::new(400, "forespørgslen kan ikke læses"))?;
    let params = &request.params;
    match request.action.as_str() {
        "info" => Ok(json!({
            "repo": "handbook",
            "publish_modes": ["simple"],
            "type": "local_fs",
        })),
        "entriesByFolder" => entries_in(root, &text(params, "folder")?),
        "entriesByFiles" => {
            let paths = list_of(params, "files")?
                .iter()
                .filter_map(|f| f.get("path").and_then(Value::as_str));
            let entries = paths.map(|path| entry(root, path));
            Ok(Value::Array(entries.collect::<Result<_, _>>()?))
        }
        "getEntry" => entry(root, &text(params, "path")?),
        "persistEntry" => persist_entry(root, params),
        "getMedia" => media_in(root, &text(params, "mediaFolder")?),
        "getMediaFile" => media_file(root, &text(params, "path")?),
        "persistMedia" => {
            let asset: Asset =
                serde_json::from_value(params.get("asset").cloned().unwrap_or_default())
                    .map_err(|_| ApiError::new(400, "forespørgslen mangler `asset`"))?;
            write_asset(root, &asset)?;
            media_file(root, &asset.path)
        }
        "deleteFile" => {
            delete(root, &text(params, "path")?)?;
            Ok(json!({ "message": "slettet" }))
        }
        "deleteFiles" => {
            for path in list_of(params, "paths")?.iter().filter_map(Value::as_str) {
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

/// The text parameter `name` of a request.
fn text(params: &Value, name: &str) -> Result<String, ApiError> {
    params
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| missing(name))
}

/// The list parameter `name` of a request.
fn list_of<'a>(params: &'a Value, name: &str) -> Result<&'a Vec<Value>, ApiError> {
    params
        .get(name)
        .and_then(Value::as_array)
        .ok_or_else(|| missing(name))
}

fn missing(name: &str) -> ApiError {
    ApiError::new(400, format!("forespørgslen mangler `{name}`"))
}

/// Every entry in the kind's folder `folder`.
fn entries_in(root: &Path, folder: &str) -> Result<Value, ApiError> {
    let dir = resolve(root, folder, Allowed::Folder)?;
    let entries = list(&dir, |n| n.ends_with(".md"))
        .into_iter()
        .map(|name| entry(root, &format!("{}/{name}", folder.trim_end_matches('/'))));
    Ok(Value::Array(entries.collect::<Result<_, _>>()?))
}

/// Every picture and pdf in `folder`.
fn media_in(root: &Path, folder: &str) -> Result<Value, ApiError> {
    let dir = resolve(root, folder, Allowed::Folder)?;
    let media = list(&dir, is_media)
        .into_iter()
        .map(|name| media_file(root, &format!("{}/{name}", folder.trim_end_matches('/'))));
    Ok(Value::Array(media.collect::<Result<_, _>>()?))
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
