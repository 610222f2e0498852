//! The HTTP side: routes, what each request is answered with (files from
//! memory, the reload events, the error page), headers and gzip.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

use super::host::only_own_host;
use super::*;

/// The routes, all behind the `Host` check; `address` is the one listened on.
/// Every path goes to [`file`]: where serve's own files are depends on the
/// base path, which may change with `site.toml`.
pub(super) fn router(state: AppState, address: SocketAddr) -> Router {
    Router::new()
        .fallback(get(file).post(api))
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(
            super::admin_api::MAX_REQUEST_BYTES,
        ))
        .layer(compression())
        .layer(middleware::from_fn_with_state(address, only_own_host))
}

/// Gzip for text, as any web host does, so what a preview transfers is what
/// readers will. Pagefind's index files (octet-stream) are gzipped already;
/// the reload events stream (excluded by the default predicate) must flow.
/// At the fastest level: the whole case list at 10,000 cases (6.8 MB) took
/// 80–100 ms to send at the default level, which every save that changes
/// it waited for, on a loopback where bytes cost nothing.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .quality(tower_http::CompressionLevel::Fastest)
        .no_br()
        .no_deflate()
        .no_zstd()
        .compress_when(
            DefaultPredicate::new().and(NotForContentType::const_new("application/octet-stream")),
        )
}

/// The editor's local API (`POST …/__handbook/api/v1`): only from a page of
/// this server (`Origin` is the address asked for, so a page on another
/// origin cannot write), only JSON, at most
/// [`super::admin_api::MAX_REQUEST_BYTES`] (the body limit), answered on a
/// blocking thread. A successful write is seen by the watcher, which
/// rebuilds and reloads the open pages.
async fn api(
    State(state): State<AppState>,
    uri: Uri,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let refuse = |status: StatusCode, message: &str| {
        let mut response =
            (status, axum::Json(serde_json::json!({ "error": message }))).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    };
    let is_api = matches!(
        target(uri.path(), &state.read().base_path),
        Target::Preview(name) if name == "api/v1"
    );
    if !is_api {
        return refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "kun redigeringen kan sende data hertil",
        );
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
    let same_origin =
        matches!((host, origin), (Some(host), Some(origin)) if origin == format!("http://{host}"));
    if !same_origin {
        return refuse(
            StatusCode::FORBIDDEN,
            "kun redigeringen på forhåndsvisningens egen adresse må gemme (Origin)",
        );
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if !json {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "forespørgslen skal være JSON",
        );
    }
    let root = state.root.clone();
    let answer = tokio::task::spawn_blocking(move || super::admin_api::handle(&root, &body)).await;
    match answer {
        Ok(Ok(value)) => {
            let mut response = axum::Json(value).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Ok(Err(err)) => refuse(
            StatusCode::from_u16(err.status).unwrap_or(StatusCode::BAD_REQUEST),
            &err.message,
        ),
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "gemningen fejlede"),
    }
}

/// The event stream of one open page: the current build first, then every
/// build as it ends.
fn events(state: &AppState) -> Response {
    // Subscribed before the number is read, so no build falls in between.
    let receiver = state.events.subscribe();
    let hello = PreviewEvent::Hello(state.read().build);
    let stream = tokio_stream::once(hello)
        .chain(BroadcastStream::new(receiver).filter_map(Result::ok))
        .map(|event| Ok::<_, std::convert::Infallible>(event.to_sse()));
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// Where a request path leads on a site served under `base_path`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// One of serve's own files, by name (`reload.js`, `events`, …).
    Preview(String),
    /// A key of the served files.
    File(String),
    /// Somewhere else to go: the site's root from `/` or from the base path
    /// without its slash.
    Redirect(String),
    /// Outside the site, or suspicious.
    NotFound,
}

/// Maps a request path to a [`Target`]. serve's own files are found both
/// under the base path and at the root.
pub(crate) fn target(path: &str, base_path: &str) -> Target {
    let Some(decoded) = crate::markdown::percent_decode(path) else {
        return Target::NotFound;
    };
    let preview = |inner: &str| {
        inner
            .strip_prefix('/')
            .and_then(|p| p.strip_prefix(PREVIEW_DIR))
            .and_then(|p| p.strip_prefix('/'))
            .map(|name| Target::Preview(name.to_string()))
    };
    if base_path.is_empty() {
        return preview(&decoded)
            .or_else(|| key_of(&decoded).map(Target::File))
            .unwrap_or(Target::NotFound);
    }
    if decoded == "/" || decoded == base_path {
        return Target::Redirect(format!("{base_path}/"));
    }
    match decoded.strip_prefix(base_path) {
        Some(inner) if inner.starts_with('/') => preview(inner)
            .or_else(|| key_of(inner).map(Target::File))
            .unwrap_or(Target::NotFound),
        _ => preview(&decoded).unwrap_or(Target::NotFound),
    }
}

/// Serves one request from memory. Only keys of the in-memory map can be
/// served, so `..`, encoded slashes and absolute paths cannot reach the file
/// system. With no good site yet, every page is the error page.
async fn file(State(state): State<AppState>, uri: Uri, headers: axum::http::HeaderMap) -> Response {
    let known = headers.get(header::IF_NONE_MATCH);
    let lazy = {
        let served = state.read();
        match target(uri.path(), &served.base_path) {
            Target::File(key) if !served.files.contains_key(&key) => served
                .lazy
                .get(&key)
                .cloned()
                .map(|lazy| (key, lazy, served.build)),
            _ => None,
        }
    };
    if let Some((key, lazy, build)) = lazy {
        // Rendering takes a while: off the threads that answer requests.
        return match tokio::task::spawn_blocking(move || lazy.get()).await {
            Ok(Some(bytes)) => site_file(&state.etags, &key, bytes, build, known),
            _ => not_found(&state.read()),
        };
    }
    answer(&state, &uri, known)
}

/// [`file`] for everything but pages rendered on request; `known`: the
/// request's `If-None-Match`.
fn answer(state: &AppState, uri: &Uri, known: Option<&HeaderValue>) -> Response {
    let served = state.read();
    let build = served.build;
    match target(uri.path(), &served.base_path) {
        Target::Preview(name) => match name.as_str() {
            "events" => {
                drop(served);
                events(state)
            }
            "reload.js" => with_headers(StatusCode::OK, &name, RELOAD_JS, build),
            "preview.css" => with_headers(StatusCode::OK, &name, PREVIEW_CSS, build),
            "state" => {
                let body = serde_json::json!({
                    "build": build.to_string(),
                    "error": served.error,
                    "warnings": served.warnings,
                    "slow": served.slow,
                });
                with_headers(StatusCode::OK, "state.json", body.to_string(), build)
            }
            "error" => with_headers(
                StatusCode::OK,
                "error.txt",
                served.error.clone().unwrap_or_default(),
                build,
            ),
            _ => not_found(&served),
        },
        Target::Redirect(to) => Redirect::temporary(&to).into_response(),
        Target::File(key) => {
            if let Some(bytes) = served.files.get(&key).cloned() {
                drop(served);
                return site_file(&state.etags, &key, bytes, build, known);
            }
            let folder = format!("{key}/index.html");
            if !key.ends_with(".html")
                && (served.files.contains_key(&folder) || served.lazy.contains_key(&folder))
            {
                return Redirect::permanent(&format!("{}/", uri.path())).into_response();
            }
            not_found(&served)
        }
        Target::NotFound => not_found(&served),
    }
}

/// The 404 page, or with no good site yet, the error page.
fn not_found(served: &Served) -> Response {
    if served.files.is_empty()
        && let Some(error) = &served.error
    {
        let page = error_page(error, &served.base_path);
        return with_headers(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            page.into_bytes(),
            served.build,
        );
    }
    let body = match served.files.get("404.html") {
        Some(page) => shared(page.clone()),
        None => "Siden findes ikke".into(),
    };
    with_headers(StatusCode::NOT_FOUND, "404.html", body, served.build)
}

/// The page every URL shows while there is no good site: the errors, and the
/// reload script, which reloads once a build succeeds.
pub(crate) fn error_page(error: &str, base_path: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Bygningen fejlede – forhåndsvisning</title>\n\
         <link rel=\"stylesheet\" href=\"{base_path}/{PREVIEW_DIR}/preview.css\" data-handbook-preview>\n\
         <script src=\"{base_path}/{PREVIEW_DIR}/reload.js\" defer></script>\n</head>\n<body>\n\
         <main id=\"handbook-overlay\" class=\"handbook-overlay handbook-overlay-page\">\n\
         <div role=\"alert\">\n<h1>Bygningen fejlede</h1>\n\
         <p>Håndbogen kan ikke bygges, så der er ingen side at vise endnu. \
         Ret fejlen nedenfor og gem filen; siden opdaterer sig selv.</p>\n\
         <pre>{}</pre>\n</div>\n</main>\n</body>\n</html>\n",
        escape_html(error)
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Maps a request path to a key of the served files, or `None` for anything suspicious.
#[cfg(test)]
pub(crate) fn lookup_key(path: &str) -> Option<String> {
    key_of(&crate::markdown::percent_decode(path)?)
}

/// [`lookup_key`] of a path already percent-decoded.
fn key_of(decoded: &str) -> Option<String> {
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            p if p.contains('\\') || p.contains('\0') => return None,
            p => parts.push(p),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

/// A served file's bytes as a response body, without a copy: the lock on
/// what is served is held only for the lookup, so requests for a large
/// page (the list of all cases is megabytes) do not hold up a rebuild.
fn shared(bytes: Arc<[u8]>) -> axum::body::Body {
    axum::body::Body::from(axum::body::Bytes::from_owner(bytes))
}

/// A file of the site, with a fingerprint of its bytes as `ETag` and
/// `Cache-Control: no-cache`: a browser keeps it but asks each time, with
/// `If-None-Match` (`known`), and gets `304 Not Modified` while it is the
/// same, so a reload after an edit fetches only the files the edit changed.
fn site_file(
    etags: &Etags,
    key: &str,
    bytes: Arc<[u8]>,
    build: u64,
    known: Option<&HeaderValue>,
) -> Response {
    let etag = etags.of(key, &bytes);
    let unchanged = known
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| same_tag(tag, &etag)));
    let mut response = match unchanged {
        true => with_headers(StatusCode::NOT_MODIFIED, key, "", build),
        false => with_headers(StatusCode::OK, key, shared(bytes), build),
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}

/// Each file's `ETag` with the bytes it was taken of: a page open in a
/// browser, or a benchmark polling for an edit, asks again and again, and
/// the largest pages are megabytes to hash. The bytes are known by their
/// address, held weakly: a weak reference keeps the allocation, so no other
/// bytes can come to have that address while the entry lives, and
/// [`Etags::let_go`] drops the entries of bytes no longer served.
#[derive(Default)]
pub(super) struct Etags(std::sync::Mutex<EtagMap>);

/// Path → (the bytes, their `ETag`).
type EtagMap = foldhash::HashMap<String, (std::sync::Weak<[u8]>, String)>;

impl Etags {
    /// The `ETag` of `bytes`, served at `key`.
    fn of(&self, key: &str, bytes: &Arc<[u8]>) -> String {
        let known = self.lock().get(key).and_then(|(of, etag)| {
            std::ptr::addr_eq(of.as_ptr(), Arc::as_ptr(bytes)).then(|| etag.clone())
        });
        if let Some(etag) = known {
            return etag;
        }
        let etag = format!("W/\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(bytes));
        let old = self
            .lock()
            .insert(key.to_string(), (Arc::downgrade(bytes), etag.clone()));
        // Freed, if it was the last hold on old bytes, after the lock.
        drop(old);
        etag
    }

    /// Forgets the tags of bytes nothing serves any more, so their memory
    /// goes (after each rebuild).
    pub(super) fn let_go(&self) {
        let gone: Vec<_> = self
            .lock()
            .extract_if(|_, (of, _)| of.strong_count() == 0)
            .collect();
        drop(gone);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, EtagMap> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `If-None-Match` compares weakly: `W/"x"` and `"x"` are the same tag.
fn same_tag(asked: &str, etag: &str) -> bool {
    let asked = asked.trim();
    asked == "*" || asked.trim_start_matches("W/") == etag.trim_start_matches("W/")
}

/// A response with the site's headers, and the build it comes from as
/// `Server-Timing`, which the page's script can read (`PerformanceServerTiming`).
fn with_headers(
    status: StatusCode,
    key: &str,
    body: impl Into<axum::body::Body>,
    build: u64,
) -> Response {
    let mut response = (status, body.into()).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("handbook;desc=\"{build}\"")) {
        headers.insert("server-timing", value);
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(key)),
    );
    // The editor needs more than the site allows (see `editor::ADMIN_CSP`); only there.
    let csp = if crate::editor::is_admin_path(key) {
        crate::editor::ADMIN_CSP
    } else {
        CSP
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod etag_tests {
    use super::*;

    #[test]
    fn a_tag_is_of_the_bytes_and_let_go_with_them() {
        let etags = Etags::default();
        let page: Arc<[u8]> = Arc::from(&b"<p>side</p>"[..]);
        let tag = etags.of("a.html", &page);
        assert_eq!(tag, etags.of("a.html", &page), "known by its bytes");
        // Equal bytes elsewhere: the same tag; other bytes: another.
        let copy: Arc<[u8]> = Arc::from(&b"<p>side</p>"[..]);
        assert_eq!(tag, etags.of("a.html", &copy));
        let other: Arc<[u8]> = Arc::from(&b"<p>anden</p>"[..]);
        assert_ne!(tag, etags.of("a.html", &other));
        assert!(same_tag(&tag, &tag.replace("W/", "")), "compared weakly");
        // Bytes no longer served are let go of, and their tags forgotten.
        drop((page, copy, other));
        etags.let_go();
        assert!(etags.lock().is_empty());
    }
}
