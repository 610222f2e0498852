//! `handbook serve`: builds, serves the site from memory on loopback, watches
//! `content/`, `themes/` and `site.toml`, rebuilds, and reloads open pages
//! (server-sent events). The site is swapped whole after a successful build,
//! so a half-built site is never served; after a failed build the last good
//! site stays and the error shows in the terminal and as an overlay; with no
//! good site yet, every URL answers with an error page that recovers by
//! itself. Warnings show in the terminal and as a notice on the page. The site
//! is served under the path of its `base_url` (`/` redirects there), so a
//! GitHub Pages project site previews as published. Only requests whose
//! `Host` names the server are answered (DNS rebinding).

use std::collections::{HashMap, HashSet};
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
use crate::render::Only;
use crate::watch::{ChangeKind, WATCHED_FOLDERS, classify, is_relevant, lost_watch};

/// The Content-Security-Policy the site works under; `serve` sends it so
/// problems show while editing.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// The folder serve's own files live in, under the site's base path (and at
/// the root, for the error page and themes that write the path out).
pub const PREVIEW_DIR: &str = "__handbook";

const RELOAD_JS: &str = include_str!("reload.js");
const PREVIEW_CSS: &str = include_str!("preview.css");

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
    /// Overrides `base_url` of `site.toml` (`--base-url`, `HANDBOOK_BASE_URL`).
    pub base_url: Option<String>,
}

/// The site being served and what the browser should know about it.
struct Served {
    /// The last good site; empty until a build succeeded.
    files: HashMap<String, Arc<[u8]>>,
    /// Pages of the last good site rendered when asked for (the print page).
    lazy: HashMap<String, Lazy>,
    /// Text of the last failed build, shown as an overlay; `None` when good.
    error: Option<String>,
    /// The warnings of the last good build, shown as a notice.
    warnings: Vec<String>,
    /// The path the site is served under ("" or e.g. "/handbook").
    base_path: String,
    /// Number of the last build, good or failed. Every response carries it,
    /// so a page can tell it missed a build while it was loading.
    build: u64,
}

#[derive(Clone)]
struct AppState {
    served: Arc<RwLock<Served>>,
    events: broadcast::Sender<PreviewEvent>,
}

impl AppState {
    fn new() -> AppState {
        // Numbered from the clock, so pages left open across a restart of
        // `serve` see a new number and reload.
        let build = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        AppState {
            served: Arc::new(RwLock::new(Served {
                files: HashMap::new(),
                lazy: HashMap::new(),
                error: None,
                warnings: Vec::new(),
                base_path: String::new(),
                build,
            })),
            events: broadcast::channel(16).0,
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Served> {
        self.served.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// What open pages are told over the event stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewEvent {
    /// Sent first on every connection: the current build.
    Hello(u64),
    /// A build succeeded: reload.
    Reload(u64),
    /// A build failed: show the overlay.
    BuildError(u64),
}

impl PreviewEvent {
    /// As a server-sent event. Browsers dispatch no event without data, so
    /// each carries the build's number (which the page also compares).
    pub fn to_sse(self) -> Event {
        let (name, build) = match self {
            PreviewEvent::Hello(build) => ("hello", build),
            PreviewEvent::Reload(build) => ("reload", build),
            PreviewEvent::BuildError(build) => ("builderror", build),
        };
        Event::default().event(name).data(build.to_string())
    }
}

/// Why `serve` cannot listen on `address`, in Danish, with what to do.
fn bind_error(address: SocketAddr, err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "porten {port} er optaget (kører `handbook serve` allerede i et andet vindue?)\n  = tip: vælg en anden port, fx `handbook serve --port {next}`, eller `--port 0` for en ledig",
            port = address.port(),
            next = address.port().wrapping_add(1).max(1024),
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "ingen adgang til port {}\n  = tip: porte under 1024 kræver særlige rettigheder; vælg fx `--port 1111`",
            address.port()
        ),
        _ => format!("kan ikke lytte på {address}: {err}"),
    }
}

/// Builds once, then serves until interrupted.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    // Take the port before the first build, so a busy port is said at once.
    let listener = std::net::TcpListener::bind(options.address)
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| bind_error(options.address, &e))?;
    let state = AppState::new();
    let mut session = crate::Session::new(
        &options.root,
        RenderOptions {
            live_reload: true,
            base_url: options.base_url.clone(),
            // Drafts are what editors preview most: shown, with a "Kladde" banner.
            drafts: true,
            ..RenderOptions::default()
        },
    );
    if let Err(problems) = rebuild(&options, &state, &mut session, &[]) {
        eprint!("{problems}");
        eprintln!("{STILL_SERVING}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| bind_error(options.address, &e))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let url = format!("http://{address}{}/", state.read().base_path);
        println!("Serverer håndbogen på {url} (stop med Ctrl+C)");
        if options.open
            && let Err(err) = opener::open_browser(&url)
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
/// Every path goes to [`file`]: where serve's own files are depends on the
/// base path, which may change with `site.toml`.
fn router(state: AppState, address: SocketAddr) -> Router {
    Router::new()
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

/// Said after a failed build's errors in the terminal.
const STILL_SERVING: &str =
    "Ret fejlen og gem filen; siden i browseren viser fejlen og opdaterer sig selv.";

/// The print page: the whole handbook on one page (tens of megabytes at
/// thousands of cases), rendered when it is asked for.
const PRINT_PAGE: &str = "print/index.html";

/// A page rendered when it is first asked for, then kept until the next build.
#[derive(Clone)]
struct Lazy {
    snapshot: crate::session::Snapshot,
    path: &'static str,
    bytes: Arc<std::sync::OnceLock<Option<Arc<[u8]>>>>,
}

impl Lazy {
    fn new(snapshot: crate::session::Snapshot, path: &'static str) -> Self {
        Lazy {
            snapshot,
            path,
            bytes: Arc::default(),
        }
    }

    /// The page's bytes, rendered on the first call.
    fn get(&self) -> Option<Arc<[u8]>> {
        self.bytes
            .get_or_init(|| {
                let only = HashSet::from([self.path.to_string()]);
                let site = self.snapshot.render(Only::Paths(&only)).ok()?;
                let page = site.outputs.into_iter().find(|o| o.path == self.path)?;
                Some(Arc::from(page.bytes))
            })
            .clone()
    }
}

/// Renders the site in memory and swaps it in if the build succeeded, in
/// three steps, so an edit shows as soon as can be: the pages made from
/// `changed` (content files), then every other page (the print page is
/// rendered when asked for), then the updated search index. Each step
/// reloads open pages; returns once all are in. A failed build tells open
/// pages to show the error.
fn rebuild(
    options: &ServeOptions,
    state: &AppState,
    session: &mut crate::Session,
    changed: &[PathBuf],
) -> Result<(), String> {
    let started = Instant::now();
    let snapshot = match session.load_after(changed) {
        Ok(snapshot) => snapshot,
        Err(err) => return Err(failed(state, session, &err)),
    };
    let warnings: Vec<String> = snapshot
        .warnings()
        .iter()
        .map(ToString::to_string)
        .collect();
    let (showing, warnings_changed) = {
        let served = state.read();
        (
            served.error.is_none() && !served.files.is_empty(),
            served.warnings != warnings,
        )
    };
    let first: HashSet<String> = if showing {
        let root = options.root.canonicalize().unwrap_or(options.root.clone());
        // Pages at a new path wait for the rest, which checks every path.
        let served = state.read();
        snapshot
            .pages_of(&root, changed)
            .into_iter()
            .filter(|path| served.files.contains_key(path))
            .collect()
    } else {
        HashSet::new()
    };
    let mut first_ms = None;
    if !first.is_empty() {
        let pages = match snapshot.render(Only::Paths(&first)) {
            Ok(site) => site.outputs,
            Err(err) => return Err(failed(state, session, &err)),
        };
        let build = {
            let mut served = state.write();
            served.files.extend(crate::session::files_of(pages));
            served.warnings = warnings.clone();
            served.build += 1;
            served.build
        };
        let _ = state.events.send(PreviewEvent::Reload(build));
        first_ms = Some(started.elapsed().as_millis());
    }
    let mut site = match snapshot.render(Only::AllBut(PRINT_PAGE)) {
        Ok(site) => site,
        Err(err) => return Err(failed(state, session, &err)),
    };
    let build = {
        let mut served = state.write();
        let mut files: HashMap<String, Arc<[u8]>> = HashMap::with_capacity(site.outputs.len());
        let mut changed_files = false;
        for output in &site.outputs {
            match served.files.get(&output.path) {
                // Unchanged: the bytes served stay (and no reload for them).
                Some(bytes) if **bytes == *output.bytes => {
                    files.insert(output.path.clone(), bytes.clone());
                }
                _ => {
                    changed_files = true;
                    files.insert(output.path.clone(), Arc::from(output.bytes.as_slice()));
                }
            }
        }
        let index: Vec<(String, Arc<[u8]>)> = served
            .files
            .iter()
            .filter(|(path, _)| is_search_index(path))
            .map(|(path, bytes)| (path.clone(), bytes.clone()))
            .collect();
        changed_files |= served.files.len() != files.len() + index.len();
        files.extend(index);
        let was_error = served.error.is_some();
        served.files = files;
        served.lazy = HashMap::from([(
            PRINT_PAGE.to_string(),
            Lazy::new(snapshot.clone(), PRINT_PAGE),
        )]);
        served.error = None;
        served.warnings = warnings;
        served.base_path = snapshot.base_path();
        // After the edited page, a reload only when more changed.
        if first.is_empty() || changed_files || was_error || warnings_changed {
            served.build += 1;
        }
        served.build
    };
    let pages_ms = started.elapsed().as_millis();
    let _ = state.events.send(PreviewEvent::Reload(build));
    print_warnings(snapshot.warnings(), warnings_changed);
    // Failing here keeps the pages just swapped in, with the old index.
    if let Err(err) = session.add_search_index(&mut site) {
        return Err(failed(state, session, &err));
    }
    if let Some(dir) = &options.output {
        let print = Lazy::new(snapshot.clone(), PRINT_PAGE).get();
        site.outputs.extend(print.map(|bytes| crate::Output {
            path: PRINT_PAGE.to_string(),
            bytes: bytes.to_vec(),
        }));
        site.outputs.sort_by(|a, b| a.path.cmp(&b.path));
        let write_options = crate::output::WriteOptions {
            site_root: &options.root,
            force: false,
            on_wait: &|_| {},
        };
        crate::output::write(dir, &site.outputs, &write_options).map_err(|e| e.to_string())?;
    }
    {
        let mut served = state.write();
        served.files.retain(|path, _| !is_search_index(path));
        served.files.extend(
            site.outputs
                .into_iter()
                .filter(|o| is_search_index(&o.path))
                .map(|o| (o.path, Arc::from(o.bytes))),
        );
    }
    let first = first_ms.map_or(String::new(), |ms| {
        format!("den ændrede side efter {ms} ms; ")
    });
    println!(
        "Byggede {first}alle sider på {pages_ms} ms; søgeindeks klar efter {} ms ({} filer læst igen)",
        started.elapsed().as_millis(),
        session.reparsed().unwrap_or(0)
    );
    // For bench/serve-edit.mjs: where the time before the first page goes.
    if std::env::var_os("HANDBOOK_SERVE_TIMINGS").is_some() {
        print!("{}", snapshot.timings());
    }
    Ok(())
}

/// Records a failed build for the overlay and tells open pages; returns its text.
fn failed(state: &AppState, session: &crate::Session, err: &crate::BuildError) -> String {
    let text = err.to_string();
    let base_path = session.base_path();
    let build = {
        let mut served = state.write();
        served.error = Some(text.clone());
        // A broken site.toml leaves the last known path.
        if let Some(base_path) = base_path {
            served.base_path = base_path;
        }
        served.build += 1;
        served.build
    };
    let _ = state.events.send(PreviewEvent::BuildError(build));
    text
}

/// After each good build: every warning when they changed, else their number,
/// so a rebuild does not bury the terminal under the same list again.
fn print_warnings(warnings: &[crate::Diagnostic], changed: bool) {
    match (warnings.len(), changed) {
        (0, false) => {}
        (0, true) => eprintln!("Ingen advarsler længere."),
        (n, true) => {
            for warning in warnings {
                eprintln!("{warning}");
            }
            eprintln!("{}", warnings_line(n));
        }
        (n, false) => eprintln!("{} (de samme som før)", warnings_line(n)),
    }
}

/// "1 advarsel" / "3 advarsler", with what they mean for the build.
fn warnings_line(n: usize) -> String {
    let noun = if n == 1 { "advarsel" } else { "advarsler" };
    format!("{n} {noun}; siden er bygget alligevel og viser dem i browseren.")
}

/// Is this output file part of the search index?
fn is_search_index(path: &str) -> bool {
    path.strip_prefix(crate::search::INDEX_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
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
            // The content files changed, shown first; none when anything
            // else changed (a template or site.toml changes every page).
            let mut edited: Option<Vec<PathBuf>> = Some(Vec::new());
            let (relevant, mut lost) = match result {
                Ok(events) => {
                    let mut lost: Vec<&str> = Vec::new();
                    let mut relevant = false;
                    for event in &events {
                        // An overflowed event queue may have dropped anything.
                        if event.need_rescan() {
                            lost.extend(WATCHED_FOLDERS);
                            relevant = true;
                            edited = None;
                        }
                        for path in &event.paths {
                            let path = canonical(path);
                            lost.extend(lost_watch(&root, &event.kind, &path));
                            if !is_relevant(&event.kind) {
                                continue;
                            }
                            match classify(&root, &output, &path) {
                                ChangeKind::Ignored => {}
                                ChangeKind::Content => {
                                    relevant = true;
                                    if let Some(edited) = &mut edited {
                                        edited.push(path);
                                    }
                                }
                                ChangeKind::Theme | ChangeKind::Config => {
                                    relevant = true;
                                    edited = None;
                                }
                            }
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
            let edited = edited.unwrap_or_default();
            if let Err(problems) = rebuild(&options, &state, &mut session, &edited) {
                eprint!("{problems}");
                eprintln!("{STILL_SERVING}");
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
pub enum Target {
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
pub fn target(path: &str, base_path: &str) -> Target {
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
async fn file(State(state): State<AppState>, uri: Uri) -> Response {
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
            Ok(Some(bytes)) => with_headers(StatusCode::OK, &key, bytes.to_vec(), build),
            _ => not_found(&state.read()),
        };
    }
    answer(&state, &uri)
}

/// [`file`] for everything but pages rendered on request.
fn answer(state: &AppState, uri: &Uri) -> Response {
    let served = state.read();
    let build = served.build;
    match target(uri.path(), &served.base_path) {
        Target::Preview(name) => match name.as_str() {
            "events" => {
                drop(served);
                events(state)
            }
            "reload.js" => with_headers(StatusCode::OK, &name, RELOAD_JS.into(), build),
            "preview.css" => with_headers(StatusCode::OK, &name, PREVIEW_CSS.into(), build),
            "state" => {
                let body = serde_json::json!({
                    "build": build.to_string(),
                    "error": served.error,
                    "warnings": served.warnings,
                });
                with_headers(StatusCode::OK, "state.json", body.to_string().into(), build)
            }
            "error" => with_headers(
                StatusCode::OK,
                "error.txt",
                served.error.clone().unwrap_or_default().into(),
                build,
            ),
            _ => not_found(&served),
        },
        Target::Redirect(to) => Redirect::temporary(&to).into_response(),
        Target::File(key) => {
            if let Some(bytes) = served.files.get(&key) {
                return with_headers(StatusCode::OK, &key, bytes.to_vec(), build);
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
    let body = served
        .files
        .get("404.html")
        .map(|b| b.to_vec())
        .unwrap_or_else(|| b"Siden findes ikke".to_vec());
    with_headers(StatusCode::NOT_FOUND, "404.html", body, served.build)
}

/// The page every URL shows while there is no good site: the errors, and the
/// reload script, which reloads once a build succeeds.
pub fn error_page(error: &str, base_path: &str) -> String {
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
pub fn lookup_key(path: &str) -> Option<String> {
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

/// A response with the site's headers, and the build it comes from as
/// `Server-Timing`, which the page's script can read (`PerformanceServerTiming`).
fn with_headers(status: StatusCode, key: &str, body: Vec<u8>, build: u64) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("handbook;desc=\"{build}\"")) {
        headers.insert("server-timing", value);
    }
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
    use super::{PreviewEvent, Target, error_page, host_allowed, lookup_key, target};
    use std::net::SocketAddr;

    /// The bytes an event puts on the wire.
    async fn wire(event: PreviewEvent) -> String {
        use axum::response::IntoResponse;
        let stream = tokio_stream::iter([Ok::<_, std::convert::Infallible>(event.to_sse())]);
        let response = axum::response::sse::Sse::new(stream).into_response();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        String::from_utf8(body.to_vec()).expect("utf-8")
    }

    #[tokio::test]
    async fn every_event_has_a_data_line_so_browsers_dispatch_it() {
        assert_eq!(
            wire(PreviewEvent::Reload(7)).await,
            "event: reload\ndata: 7\n\n"
        );
        assert_eq!(
            wire(PreviewEvent::BuildError(8)).await,
            "event: builderror\ndata: 8\n\n"
        );
        assert_eq!(
            wire(PreviewEvent::Hello(1_700_000_000_000)).await,
            "event: hello\ndata: 1700000000000\n\n"
        );
    }

    #[test]
    fn paths_map_under_a_sub_folder_base_path() {
        let file = |key: &str| Target::File(key.to_string());
        let preview = |name: &str| Target::Preview(name.to_string());
        let base = "/handbook";
        assert_eq!(target("/", base), Target::Redirect("/handbook/".into()));
        assert_eq!(
            target("/handbook", base),
            Target::Redirect("/handbook/".into())
        );
        assert_eq!(target("/handbook/", base), file("index.html"));
        assert_eq!(target("/handbook/temaer/", base), file("temaer/index.html"));
        assert_eq!(target("/handbook/style.css", base), file("style.css"));
        assert_eq!(
            target("/handbook/soeg-indeks/indeks.json", base),
            file("soeg-indeks/indeks.json")
        );
        // Only under the base path: not the root, not a longer folder name.
        assert_eq!(target("/temaer/", base), Target::NotFound);
        assert_eq!(target("/style.css", base), Target::NotFound);
        assert_eq!(target("/handbookx/", base), Target::NotFound);
        assert_eq!(target("/handbook/../site.toml", base), Target::NotFound);
        assert_eq!(target("/handbook/%2e%2e/site.toml", base), Target::NotFound);
        // serve's own files under the base path and at the root.
        assert_eq!(
            target("/handbook/__handbook/reload.js", base),
            preview("reload.js")
        );
        assert_eq!(target("/__handbook/events", base), preview("events"));
        // A base path with Danish letters, as browsers encode it.
        assert_eq!(
            target("/h%C3%A5ndbog/cases/", "/håndbog"),
            file("cases/index.html")
        );
        // At a domain's root nothing redirects.
        assert_eq!(target("/", ""), file("index.html"));
        assert_eq!(target("/temaer/", ""), file("temaer/index.html"));
        assert_eq!(target("/__handbook/state", ""), preview("state"));
        assert_eq!(target("/%zz", ""), Target::NotFound);
    }

    #[test]
    fn error_page_is_danish_escaped_and_loads_the_reload_script() {
        let page = error_page("content/cases/a.md:2:1: fejl: <script>", "/handbook");
        assert!(page.contains("<html lang=\"da\">"), "{page}");
        assert!(page.contains("<h1>Bygningen fejlede</h1>"), "{page}");
        assert!(page.contains("content/cases/a.md:2:1: fejl: &lt;script&gt;"));
        assert!(page.contains("<script src=\"/handbook/__handbook/reload.js\" defer>"));
        assert!(page.contains("href=\"/handbook/__handbook/preview.css\""));
        assert!(!page.contains("style="), "no inline styles under the CSP");
    }

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
