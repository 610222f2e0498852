//! The browser editor at `/admin/`: Decap CMS (vendored, pinned, in the
//! binary), its configuration generated from `site.toml` and the kinds'
//! fields ([`config`]), and the local API `serve` answers for it (`serve::admin_api`),
//! which writes only inside `content/` and merges each save into the file
//! (`merge`).
//!
//! Decap CMS rather than Sveltia CMS: Sveltia ignores `local_backend` and
//! edits a local folder through the browser's File System Access API
//! (Chromium only, a folder picker no test can drive, and writes that
//! bypass `serve`'s checks), while Decap speaks decap-server's local API,
//! which `serve` implements, so a save is checked before it is written.

pub mod config;
pub(crate) mod merge;
pub mod schema;

#[path = "decap/files.rs"]
mod vendored;

use crate::render::Output;

pub use config::{Backend, cms_config};

/// Writes `bytes` to `path` in `dir` (made if missing; neither may be a
/// symbolic link) through a fresh temporary file renamed into place.
pub fn write_new_file(
    dir: &std::path::Path,
    path: &std::path::Path,
    bytes: &[u8],
) -> Result<(), String> {
    let is_link = |p: &std::path::Path| {
        std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
    };
    if is_link(dir) || is_link(path) {
        return Err("mappen eller filen er et symbolsk link".into());
    }
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    crate::content::write::write_file(path, bytes).map_err(|e| e.to_string())
}

/// The editor's folder under the site's base path.
pub(crate) const ADMIN_DIR: &str = "admin";

/// The folder of Decap's files inside [`ADMIN_DIR`].
const DECAP_DIR: &str = "decap";

/// The Content-Security-Policy of `/admin/` only (measured in Chromium:
/// Decap compiles its configuration schema with `new Function` (ajv) and
/// styles its components with inserted `<style>` elements (emotion), and
/// shows media as `blob:` URLs). Public pages keep the site's own policy (`serve::CSP`).
pub(crate) const ADMIN_CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; font-src 'self' data:; worker-src 'self' blob:; frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'none'";

/// The version of Decap CMS in the binary.
#[cfg(test)]
pub(crate) const DECAP_VERSION: &str = vendored::VERSION;

/// Decap's files, by name, as the binary has them.
pub(crate) fn decap_files() -> &'static [(&'static str, &'static [u8])] {
    vendored::FILES
}

/// The files of `/admin/`, as output paths: its page, its configuration and
/// Decap's files. `base_path` is the site's path ("" or "/handbook").
pub(crate) fn outputs(
    config: &crate::Config,
    library: &crate::model::Library,
    base_path: &str,
    backend: &Backend,
) -> Vec<Output> {
    let configuration = cms_config(config, library, base_path, backend);
    let mut outputs = vec![
        Output {
            path: format!("{ADMIN_DIR}/index.html"),
            bytes: admin_page(&config.title, base_path).into_bytes(),
            searchable: None,
        },
        Output {
            path: format!("{ADMIN_DIR}/config.yml"),
            bytes: serde_json::to_vec_pretty(&configuration).unwrap_or_default(),
            searchable: None,
        },
    ];
    outputs.extend(decap_files().iter().map(|(name, bytes)| Output {
        path: format!("{ADMIN_DIR}/{DECAP_DIR}/{name}"),
        bytes: bytes.to_vec(),
        searchable: None,
    }));
    outputs
}

/// The output paths [`outputs`] gives.
pub(crate) fn output_paths() -> Vec<String> {
    let mut paths = vec![
        format!("{ADMIN_DIR}/index.html"),
        format!("{ADMIN_DIR}/config.yml"),
    ];
    paths.extend(
        decap_files()
            .iter()
            .map(|(name, _)| format!("{ADMIN_DIR}/{DECAP_DIR}/{name}")),
    );
    paths
}

/// The editor's page of the file `relative` (to `content/`, e.g.
/// `cases/bordkort.md`) on a site under `base_path`.
pub(crate) fn entry_url(base_path: &str, relative: &str) -> String {
    let parts: Vec<&str> = relative.split('/').collect();
    let kind = crate::content::Kind::of(&parts).unwrap_or(crate::content::Kind::Page);
    let stem = parts
        .last()
        .and_then(|n| n.strip_suffix(".md"))
        .unwrap_or_default();
    format!(
        "{base_path}/{ADMIN_DIR}/#/collections/{}/entries/{}",
        config::collection_name(kind),
        encode(stem)
    )
}

/// `text` with every byte but `a-z A-Z 0-9 - _ .` percent-encoded.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether an output path is the editor's (it gets [`ADMIN_CSP`]).
pub(crate) fn is_admin_path(path: &str) -> bool {
    path.strip_prefix(ADMIN_DIR)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The editor's page: Decap with the generated configuration.
fn admin_page(title: &str, base_path: &str) -> String {
    let title = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{ADMIN_CSP}\">\n\
         <title>Redigér – {title}</title>\n\
         <link href=\"{base_path}/{ADMIN_DIR}/config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n\
         <link rel=\"stylesheet\" href=\"{base_path}/{ADMIN_DIR}/{DECAP_DIR}/cms.css\">\n\
         </head>\n<body>\n\
         <noscript>Redigeringen kræver JavaScript.</noscript>\n\
         <script src=\"{base_path}/{ADMIN_DIR}/{DECAP_DIR}/decap-cms.js\"></script>\n\
         </body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A SHA-256, to compare the embedded files with SHA256SUMS.
    fn sha256_hex(bytes: &[u8]) -> String {
        use sha2::Digest;
        sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn the_embedded_decap_files_are_the_ones_vendored_from_npm() {
        let sums = include_str!("decap/SHA256SUMS");
        let recorded: std::collections::BTreeMap<&str, &str> = sums
            .lines()
            .filter_map(|line| line.split_once("  "))
            .map(|(sum, name)| (name, sum))
            .filter(|(name, _)| !name.ends_with(".txt"))
            .collect();
        let embedded: std::collections::BTreeMap<&str, String> = decap_files()
            .iter()
            .map(|(name, bytes)| (*name, sha256_hex(bytes)))
            .collect();
        assert_eq!(recorded.len(), embedded.len());
        for (name, sum) in &embedded {
            assert_eq!(recorded.get(name), Some(&sum.as_str()), "{name}");
        }
        assert!(embedded.contains_key("decap-cms.js"));
        assert_eq!(
            DECAP_VERSION,
            include_str!("../../scripts/vendor-decap.mjs")
                .split("VERSION = '")
                .nth(1)
                .and_then(|v| v.split('\'').next())
                .unwrap_or_default()
        );
    }

    #[test]
    fn only_admin_paths_are_admin() {
        assert!(is_admin_path("admin/index.html"));
        assert!(is_admin_path("admin/decap/decap-cms.js"));
        assert!(!is_admin_path("administration/index.html"));
        assert!(!is_admin_path("cases/admin/index.html"));
    }
}
