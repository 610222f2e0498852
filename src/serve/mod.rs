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

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use axum::response::sse::Event;
use tokio::sync::broadcast;

use crate::RenderOptions;

pub mod admin_api;
mod builds;
mod host;
mod http;
mod rebuild;
mod served;
mod watching;

#[cfg(test)]
use host::host_allowed;
use http::router;
#[cfg(test)]
use http::{Target, error_page, lookup_key, target};
use served::Lazy;
use watching::watch;

/// The Content-Security-Policy the site works under; `serve` sends it so
/// problems show while editing.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'";

pub(crate) use crate::site_map::PREVIEW_DIR;

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
    /// Open the editor (`/admin/`) instead of the home page.
    pub open_editor: bool,
    /// Overrides `base_url` of `site.toml` (`--base-url`, `HANDBOOK_BASE_URL`).
    pub base_url: Option<String>,
}

/// The site being served and what the browser should know about it.
struct Served {
    /// The last good site; empty until a build succeeded.
    files: crate::session::Files,
    /// What search may find of each of its pages, by path (made with them;
    /// the search index is kept current from these).
    searchable: foldhash::HashMap<String, Arc<crate::render::Searchable>>,
    /// Pages of the last good site rendered when asked for (the print page).
    lazy: HashMap<String, Lazy>,
    /// Text of the last failed build, shown as an overlay; `None` when good.
    error: Option<String>,
    /// The warnings of the last good build, shown as a notice.
    warnings: Vec<String>,
    /// The diagnostics `warnings` were written from (a rebuild with the
    /// same does not write a thousand warnings out again to compare them).
    warned: Vec<crate::Diagnostic>,
    /// The path the site is served under ("" or e.g. "/handbook").
    base_path: String,
    /// Number of the last build, good or failed. Every response carries it,
    /// so a page can tell it missed a build while it was loading.
    build: u64,
    /// Said on open pages while a build runs long (see `builds`).
    slow: Option<String>,
}

impl Served {
    fn new(build: u64) -> Served {
        Served {
            files: Default::default(),
            searchable: Default::default(),
            lazy: HashMap::new(),
            error: None,
            warnings: Vec::new(),
            warned: Vec::new(),
            base_path: String::new(),
            build,
            slow: None,
        }
    }
}

/// What is served, shared by the server and the builds. A build holds a
/// handle of its own ([`AppState::handle`]); once that build is given up
/// (a template that does not finish), its writes and events go nowhere, so
/// it can never put an old site over a newer one.
#[derive(Clone)]
struct AppState {
    served: Arc<RwLock<Served>>,
    events: broadcast::Sender<PreviewEvent>,
    given_up: Arc<AtomicBool>,
    /// Where a given-up build's writes go.
    discard: Arc<RwLock<Served>>,
    /// The site folder, which the editor's API writes to.
    root: Arc<PathBuf>,
    /// The `ETag` of each file served, with the bytes it is of.
    etags: Arc<http::Etags>,
}

impl AppState {
    fn new(root: PathBuf) -> AppState {
        // Numbered from the clock, so pages left open across a restart of
        // `serve` see a new number and reload.
        let build = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        AppState {
            served: Arc::new(RwLock::new(Served::new(build))),
            events: broadcast::channel(16).0,
            given_up: Arc::default(),
            etags: Arc::default(),
            discard: Arc::new(RwLock::new(Served::new(0))),
            root: Arc::new(root),
        }
    }

    /// A handle for one build, which [`AppState::give_up`] cuts off.
    fn handle(&self) -> AppState {
        AppState {
            given_up: Arc::default(),
            discard: Arc::new(RwLock::new(Served::new(0))),
            ..self.clone()
        }
    }

    /// Cuts this handle off: see the type's docs.
    fn give_up(&self) {
        self.given_up.store(true, Ordering::SeqCst);
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Served> {
        let served = if self.given_up.load(Ordering::SeqCst) {
            &self.discard
        } else {
            &self.served
        };
        served.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Tells open pages, unless this handle was given up.
    fn send(&self, event: PreviewEvent) {
        if !self.given_up.load(Ordering::SeqCst) {
            let _ = self.events.send(event);
        }
    }
}

/// What open pages are told over the event stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PreviewEvent {
    /// Sent first on every connection: the current build.
    Hello(u64),
    /// A build succeeded: reload.
    Reload(u64),
    /// A build has run long: show what `state` says of it.
    Slow(u64),
    /// A build failed: show the overlay.
    BuildError(u64),
}

impl PreviewEvent {
    /// As a server-sent event. Browsers dispatch no event without data, so
    /// each carries the build's number (which the page also compares).
    pub(crate) fn to_sse(self) -> Event {
        let (name, build) = match self {
            PreviewEvent::Hello(build) => ("hello", build),
            PreviewEvent::Reload(build) => ("reload", build),
            PreviewEvent::BuildError(build) => ("builderror", build),
            PreviewEvent::Slow(build) => ("slow", build),
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

/// The session `serve` builds with: drafts shown, live reload on.
fn new_session(options: &ServeOptions) -> crate::Session {
    crate::Session::new(
        &options.root,
        RenderOptions {
            live_reload: true,
            base_url: options.base_url.clone(),
            // Drafts are what editors preview most: shown, with a "Kladde" banner.
            drafts: true,
            ..RenderOptions::default()
        },
    )
}

/// Builds once, then serves until interrupted.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    // Take the port before the first build, so a busy port is said at once.
    let listener = std::net::TcpListener::bind(options.address)
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| bind_error(options.address, &e))?;
    let state = AppState::new(options.root.clone());
    // The first build, on a thread of its own like every later one: one
    // that does not finish in time is said on the pages, and serving starts.
    let mut builds = builds::Builds::new(options.clone(), state.clone())?;
    builds.change(builds::Pending::All);
    builds.settle(builds::slow_after());
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
        let editor = format!("{url}{}/", crate::editor::ADMIN_DIR);
        println!("Redigér i browseren på {editor}");
        let open = if options.open_editor {
            Some(&editor)
        } else {
            options.open.then_some(&url)
        };
        if let Some(url) = open
            && let Err(err) = opener::open_browser(url)
        {
            eprintln!("Kunne ikke åbne en browser ({err}); åbn adressen selv.");
        }
        watch(options.clone(), builds)?;
        axum::serve(listener, router(state, address))
            .await
            .map_err(|e| e.to_string())
    })
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
    fn a_build_s_handle_lets_go_of_the_tags_the_server_keeps() {
        // The rebuild prunes the ETag cache through its handle: it must be
        // the one requests fill, or nothing is ever let go.
        let state = super::AppState::new(std::path::PathBuf::from("site"));
        assert!(std::sync::Arc::ptr_eq(&state.etags, &state.handle().etags));
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
