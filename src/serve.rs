//! `handbook serve`: builds, serves the site from memory on loopback, watches
//! `content/`, `themes/` and `site.toml`, rebuilds, and reloads open pages
//! (server-sent events). The site is swapped whole after a successful build,
//! so a half-built site is never served; after a failed build the last good
//! site stays and the error shows in the terminal and as an overlay. Only
//! requests whose `Host` names the server are answered (DNS rebinding).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

use crate::RenderOptions;
use crate::watch::{ChangeKind, WATCHED_FOLDERS, classify, is_relevant, lost_watch};

/// The Content-Security-Policy the site works under; `serve` sends it so
/// problems show while editing.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const RELOAD_JS: &str = include_str!("reload.js");

/// Options of `handbook serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Address to bind; loopback unless the user asks otherwise.
    pub address: SocketAddr,
    /// Also write each good build to this folder (normally `public/`).
    pub output: Option<PathBuf>,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// The site being served and what the browser should know about it.
#[derive(Default)]
struct Served {
    files: HashMap<String, Arc<[u8]>>,
    /// Text of the last failed build, shown as an overlay; `None` when good.
    error: Option<String>,
}

#[derive(Clone)]
struct AppState {
    served: Arc<RwLock<Served>>,
    events: broadcast::Sender<String>,
}

/// Builds once, then serves until interrupted.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    let state = AppState {
        served: Arc::new(RwLock::new(Served::default())),
        events: broadcast::channel(16).0,
    };
    let mut session = crate::Session::new(
        &options.root,
        RenderOptions {
            live_reload: true,
            ..RenderOptions::default()
        },
    );
    if let Err(problems) = rebuild(&options, &state, &mut session) {
        eprintln!("{problems}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.address)
            .await
            .map_err(|e| format!("kan ikke lytte på {}: {e}", options.address))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        println!("Serverer håndbogen på http://{address}/ (stop med Ctrl+C)");
        if options.open
            && let Err(err) = opener::open_browser(format!("http://{address}/"))
        {
            eprintln!("Kunne ikke åbne en browser ({err}); åbn adressen selv.");
        }
        watch(options.clone(), state.clone(), session)?;
        axum::serve(listener, router(state, address))
            .await
            .map_err(|e| e.to_string())
    })
}

/// The routes, all behind the `Host` check; `address` is the one listened on.
fn router(state: AppState, address: SocketAddr) -> Router {
    Router::new()
        .route(
            "/__handbook/reload.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    RELOAD_JS,
                )
            }),
        )
        .route("/__handbook/events", get(events))
        .fallback(get(file))
        .with_state(state)
        .layer(compression())
        .layer(middleware::from_fn_with_state(address, only_own_host))
}

/// Refuses requests not addressed to this server. A page elsewhere can point
/// a name it controls at 127.0.0.1 (DNS rebinding) and so read the preview,
/// unpublished drafts included, as if same-origin; its requests then carry
/// that name as `Host`. HTTP/1.1 clients always send `Host`, so a request
/// without one is refused too.
async fn only_own_host(
    State(address): State<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host_ok = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.to_str().is_ok_and(|host| host_allowed(host, address)),
        _ => false,
    };
    // An absolute request target (`GET http://name/`) names the host too.
    let target_ok = request
        .uri()
        .authority()
        .is_none_or(|authority| host_allowed(authority.as_str(), address));
    if host_ok && target_ok {
        return next.run(request).await;
    }
    let port = address.port();
    let (shown, or_localhost) = if address.ip().is_unspecified() || address.ip().is_loopback() {
        let shown = if address.ip().is_unspecified() {
            SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), port)
        } else {
            address
        };
        (shown, format!(" (eller http://localhost:{port}/)"))
    } else {
        (address, String::new())
    };
    let body = format!(
        "Forhåndsvisningen svarer kun på adressen http://{shown}/{or_localhost}.\n\
         Forespørgslen var stilet til en anden vært og er afvist, så andre websteder ikke kan læse \
         forhåndsvisningen (DNS-rebinding). Åbn adressen ovenfor i browseren.\n"
    );
    let mut response = (StatusCode::FORBIDDEN, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Whether `host` (a `Host` header: name or IP, optional port) names the
/// server listening on `address`: `localhost` or a loopback IP, or the bound
/// IP itself, with the listening port. Other names are refused, since any
/// name can be made to resolve to this machine; an IP literal cannot be
/// rebound, so with `--bind 0.0.0.0` (or `::`) every IP of the machine is fine.
pub fn host_allowed(host: &str, address: SocketAddr) -> bool {
    let Some((name, port)) = split_host(host) else {
        return false;
    };
    // Browsers leave out the default port.
    if port.unwrap_or(80) != address.port() {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    name.parse::<IpAddr>()
        .is_ok_and(|ip| ip.is_loopback() || ip == address.ip() || address.ip().is_unspecified())
}

/// Splits `name:port`, `[v6]:port`, `name` or `[v6]`; `None` when malformed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let port = |digits: &str| {
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u16>().ok())
            .flatten()
    };
    if let Some(rest) = host.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        ip.parse::<std::net::Ipv6Addr>().ok()?;
        return match after {
            "" => Some((ip, None)),
            after => Some((ip, Some(port(after.strip_prefix(':')?)?))),
        };
    }
    match host.rsplit_once(':') {
        // A bare IPv6 address without brackets is not a valid Host.
        Some((name, _)) if name.contains(':') => None,
        Some((name, digits)) => Some((name, Some(port(digits)?))),
        None => Some((host, None)),
    }
}

/// Gzip for text, as any web host does, so what a preview transfers is what
/// readers will. Pagefind's index files (octet-stream) are gzipped already;
/// the reload events stream (excluded by the default predicate) must flow.
fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .no_br()
        .no_deflate()
        .no_zstd()
        .compress_when(
            DefaultPredicate::new().and(NotForContentType::const_new("application/octet-stream")),
        )
}

/// Renders the site in memory and swaps it in if the build succeeded: first
/// the pages (with the previous search index, so an edit shows at once), then
/// the updated search index. Returns once both are in.
fn rebuild(
    options: &ServeOptions,
    state: &AppState,
    session: &mut crate::Session,
) -> Result<(), String> {
    let started = Instant::now();
    let failed = |err: crate::BuildError| {
        let text = err.to_string();
        state
            .served
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .error = Some(text.clone());
        text
    };
    let mut site = session.pages().map_err(failed)?;
    // The pages' bytes are shared by both swaps below, copied once.
    let pages: HashMap<String, Arc<[u8]>> = site
        .outputs
        .iter()
        .map(|o| (o.path.clone(), Arc::from(o.bytes.as_slice())))
        .collect();
    {
        let mut served = state.served.write().unwrap_or_else(|e| e.into_inner());
        let mut files = pages.clone();
        files.extend(
            served
                .files
                .iter()
                .filter(|(path, _)| is_search_index(path))
                .map(|(path, bytes)| (path.clone(), bytes.clone())),
        );
        *served = Served { files, error: None };
    }
    let pages_ms = started.elapsed().as_millis();
    let _ = state.events.send("reload".into());
    session.add_search_index(&mut site).map_err(failed)?;
    if let Some(dir) = &options.output {
        let write_options = crate::output::WriteOptions {
            site_root: &options.root,
            force: false,
            on_wait: &|_| {},
        };
        crate::output::write(dir, &site.outputs, &write_options).map_err(|e| e.to_string())?;
    }
    let mut files = pages;
    files.extend(
        site.outputs
            .into_iter()
            .filter(|o| is_search_index(&o.path))
            .map(|o| (o.path, Arc::from(o.bytes))),
    );
    *state.served.write().unwrap_or_else(|e| e.into_inner()) = Served { files, error: None };
    println!(
        "Byggede på {pages_ms} ms; søgeindeks klar efter {} ms ({} filer læst igen)",
        started.elapsed().as_millis(),
        session.reparsed().unwrap_or(0)
    );
    Ok(())
}

/// Is this output file part of the search index?
fn is_search_index(path: &str) -> bool {
    path.starts_with("pagefind/")
}

/// Watches the site and rebuilds on relevant changes, on a thread that owns
/// the watcher (so it can re-watch) and runs as long as the process.
///
/// The root is watched non-recursively: a watch on `site.toml` itself would
/// follow the old file once an editor, `sed -i` or `git checkout` renames a
/// new one over it, and watches on `content/` and `themes/` die with the
/// folder. The root's watch sees both, and the folders are watched afresh.
fn watch(
    options: ServeOptions,
    state: AppState,
    mut session: crate::Session,
) -> Result<(), String> {
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(Duration::from_millis(60), None, tx).map_err(|e| e.to_string())?;
    let root = options.root.canonicalize().unwrap_or(options.root.clone());
    debouncer
        .watch(&root, notify::RecursiveMode::NonRecursive)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    for folder in WATCHED_FOLDERS {
        rewatch(&mut debouncer, &root, folder);
    }
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    std::thread::spawn(move || {
        for result in rx {
            let (relevant, mut lost) = match result {
                Ok(events) => {
                    let mut lost: Vec<&str> = Vec::new();
                    let mut relevant = false;
                    for event in &events {
                        // An overflowed event queue may have dropped anything.
                        if event.need_rescan() {
                            lost.extend(WATCHED_FOLDERS);
                            relevant = true;
                        }
                        for path in &event.paths {
                            let path = canonical(path);
                            lost.extend(lost_watch(&root, &event.kind, &path));
                            relevant |= is_relevant(&event.kind)
                                && classify(&root, &output, &path) != ChangeKind::Ignored;
                        }
                    }
                    (relevant, lost)
                }
                Err(errors) => {
                    for error in errors {
                        eprintln!("Overvågningen af filerne fejlede: {error}");
                    }
                    (true, WATCHED_FOLDERS.to_vec())
                }
            };
            lost.sort_unstable();
            lost.dedup();
            // Watch first, then build: what changes after the watch is seen,
            // what changed before it is read by the build.
            for folder in lost {
                rewatch(&mut debouncer, &root, folder);
            }
            if !relevant {
                continue;
            }
            if let Err(problems) = rebuild(&options, &state, &mut session) {
                eprintln!("{problems}");
                let _ = state.events.send("builderror".into());
            }
        }
    });
    Ok(())
}

/// Drops any watch on `root/folder` and watches it recursively again if it
/// exists; a missing folder is watched once the root's watch sees it created.
fn rewatch<W: notify::Watcher, C: notify_debouncer_full::FileIdCache>(
    debouncer: &mut notify_debouncer_full::Debouncer<W, C>,
    root: &Path,
    folder: &str,
) {
    let path = root.join(folder);
    // Not watched (or its watch already gone with the folder): nothing to drop.
    let _ = debouncer.unwatch(&path);
    if path.is_dir()
        && let Err(err) = debouncer.watch(&path, notify::RecursiveMode::Recursive)
    {
        eprintln!(
            "{}: kan ikke overvåge mappen ({err}); ændringer i den ses først efter en genstart af `handbook serve`.",
            path.display()
        );
    }
}

/// A path made absolute through its parent (the file itself may be gone).
fn canonical(path: &Path) -> PathBuf {
    match (
        path.parent().and_then(|p| p.canonicalize().ok()),
        path.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => path.to_path_buf(),
    }
}

async fn events(State(state): State<AppState>) -> impl IntoResponse {
    let stream = BroadcastStream::new(state.events.subscribe()).filter_map(|msg| {
        msg.ok()
            .map(|m| Ok::<_, std::convert::Infallible>(Event::default().event(m).data("")))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Serves one file from memory. Only keys of the in-memory map can be served,
/// so `..`, encoded slashes and absolute paths cannot reach the file system.
async fn file(State(state): State<AppState>, uri: Uri) -> Response {
    if uri.path() == "/__handbook/error" {
        let error = state
            .served
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .error
            .clone()
            .unwrap_or_default();
        return ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], error).into_response();
    }
    let Some(key) = lookup_key(uri.path()) else {
        return not_found(&state);
    };
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    if let Some(bytes) = served.files.get(&key) {
        return with_headers(StatusCode::OK, &key, bytes.to_vec());
    }
    if !key.ends_with(".html") && served.files.contains_key(&format!("{key}/index.html")) {
        return Redirect::permanent(&format!("{}/", uri.path())).into_response();
    }
    drop(served);
    not_found(&state)
}

fn not_found(state: &AppState) -> Response {
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    let body = served
        .files
        .get("404.html")
        .map(|b| b.to_vec())
        .unwrap_or_else(|| b"Siden findes ikke".to_vec());
    with_headers(StatusCode::NOT_FOUND, "404.html", body)
}

/// Maps a request path to a key of the served files, or `None` for anything suspicious.
pub fn lookup_key(path: &str) -> Option<String> {
    let decoded = crate::markdown::percent_decode(path)?;
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

fn with_headers(status: StatusCode, key: &str, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(key)),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
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
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::{host_allowed, lookup_key};
    use std::net::SocketAddr;

    #[test]
    fn only_hosts_naming_the_server_are_allowed() {
        let loopback: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
        ] {
            assert!(host_allowed(host, loopback), "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost",
            "127.0.0.1",
            "127.0.0.1:80",
            "127.0.0.1:2222",
            "127.0.0.1:01111x",
            "127.0.0.1:+1111",
            "127.0.0.1:",
            "127.0.0.1:99999",
            "192.168.1.5:1111",
            "user@127.0.0.1:1111",
            "::1:1111",
            "[::1",
            "[::1]x",
            "[evil.example]:1111",
            "[127.0.0.1]:1111",
            "",
            ":1111",
        ] {
            assert!(!host_allowed(host, loopback), "{host}");
        }
        // On port 80 browsers send no port.
        let port_80: SocketAddr = "127.0.0.1:80".parse().unwrap();
        assert!(host_allowed("localhost", port_80));
        assert!(host_allowed("[::1]", port_80));
        assert!(!host_allowed("evil.example", port_80));
        // A LAN address the user chose with --bind is answered under that address.
        let lan: SocketAddr = "192.168.1.5:1111".parse().unwrap();
        assert!(host_allowed("192.168.1.5:1111", lan));
        assert!(host_allowed("localhost:1111", lan));
        assert!(!host_allowed("192.168.1.6:1111", lan));
        assert!(!host_allowed("handbook.local:1111", lan));
        let lan6: SocketAddr = "[fd00::5]:1111".parse().unwrap();
        assert!(host_allowed("[fd00::5]:1111", lan6));
        assert!(!host_allowed("fd00::5:1111", lan6));
        // Bound to every interface: any of the machine's IPs, never a name.
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed("192.168.1.5:1111", any));
        assert!(host_allowed("0.0.0.0:1111", any));
        assert!(!host_allowed("evil.example:1111", any));
        assert!(!host_allowed("192.168.1.5:2222", any));
    }

    #[test]
    fn request_paths_map_to_keys_and_traversal_is_refused() {
        assert_eq!(lookup_key("/").as_deref(), Some("index.html"));
        assert_eq!(lookup_key("/temaer/").as_deref(), Some("temaer/index.html"));
        assert_eq!(lookup_key("/style.css").as_deref(), Some("style.css"));
        assert_eq!(
            lookup_key("//temaer//x/").as_deref(),
            Some("temaer/x/index.html")
        );
        assert_eq!(
            lookup_key("/%C3%A6%C3%B8/").as_deref(),
            Some("æø/index.html")
        );
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2e%2e%2f%2e%2e%2fetc",
            "/..%2fsite.toml",
            "/%5c..%5cx",
            "/%2Fetc%2Fpasswd/..",
            "/%zz",
        ] {
            assert_eq!(lookup_key(bad), None, "{bad}");
        }
    }
}
