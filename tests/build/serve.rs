//! `handbook serve` as a process: it keeps following the site after editors
//! replace files by renames and after folders are deleted and recreated, and
//! it answers only requests addressed to itself; a site that cannot be built
//! shows the error page on every URL until it can.

use std::fs;
use std::io::{BufRead, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{CASE, Fixture, HOME, MESSAGE, SITE_TOML, THEME, THEME2, copy_dir, http_get, repo};

/// A running `handbook serve`, killed when dropped, also when a test fails.
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`, as the server printed it.
    pub(crate) address: String,
    /// The whole address it printed, with the site's path.
    pub(crate) url: String,
    /// What the server printed, for failure messages.
    output: Arc<Mutex<String>>,
}

impl Server {
    pub(crate) fn start(site: &Fixture) -> Server {
        Server::start_with(site, &[], &[])
    }

    /// [`Server::start`] with more arguments and environment variables; a
    /// `HANDBOOK_BASE_URL` of the caller's environment is left out.
    pub(crate) fn start_with(site: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .args(args)
            .env_remove("HANDBOOK_BASE_URL")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("handbook serve starts");
        let mut lines = std::io::BufReader::new(child.stdout.take().expect("piped")).lines();
        let mut server = Server {
            child,
            address: String::new(),
            url: String::new(),
            output: Arc::default(),
        };
        (server.address, server.url) = loop {
            let line = lines
                .next()
                .expect("serve printed its address")
                .expect("utf-8 output");
            if let Some(rest) = line.split("http://").nth(1) {
                let url = rest.split(' ').next().unwrap_or_default();
                let address = url.split('/').next().unwrap_or_default();
                break (address.to_string(), format!("http://{url}"));
            }
        };
        // Keep reading: a full or closed pipe would stall or break the
        // server's progress lines.
        let output = server.output.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut output = output.lock().unwrap_or_else(|e| e.into_inner());
                output.push_str(&line);
                output.push('\n');
            }
        });
        server
    }

    /// Polls `path` until its body contains `needle`, for at most 20 s.
    pub(crate) fn wait_for(&self, path: &str, needle: &str, step: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (status, body) = http_get(&self.address, path);
            if body.contains(needle) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "{step}: {needle:?} not on {path} within 20 s ({status}); serve printed:\n{}",
                    self.output.lock().unwrap_or_else(|e| e.into_inner())
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes `rel` the way editors and `sed -i` do: a temporary file in the same
/// folder, renamed over the old one.
fn replace_by_rename(site: &Fixture, rel: &str, text: &str) {
    let path = site.root().join(rel);
    let temp = site.root().join("sedAbC123");
    fs::write(&temp, text).unwrap();
    fs::rename(&temp, &path).unwrap();
}

#[test]
fn serve_follows_site_toml_renamed_over_and_folders_recreated() {
    let site = Fixture::new();
    let server = Server::start(&site);
    let page = "/temaer/faelles-formaal/";
    server.wait_for(page, "Tekst om formål.", "first build");

    // The first rename is seen even by a watch on the file itself (its old
    // inode goes); the later ones only by a watch on the folder holding it.
    replace_by_rename(
        &site,
        "site.toml",
        &SITE_TOML.replace("Prøvehåndbog", "Omdøbt håndbog"),
    );
    server.wait_for(page, "Omdøbt håndbog", "site.toml renamed over");
    replace_by_rename(
        &site,
        "site.toml",
        &SITE_TOML.replace("Prøvehåndbog", "Anden titel"),
    );
    server.wait_for(page, "Anden titel", "site.toml renamed over again");
    site.write(
        "content/temaer/faelles-formaal.md",
        &THEME.replace("Tekst om formål.", "Efter omdøbningen."),
    );
    server.wait_for(
        page,
        "Efter omdøbningen.",
        "content edited after the renames",
    );
    site.write(
        "site.toml",
        &SITE_TOML.replace("Prøvehåndbog", "Tredje titel"),
    );
    server.wait_for(page, "Tredje titel", "site.toml written in place");

    // content/ deleted and recreated with other text, then edited.
    fs::remove_dir_all(site.root().join("content")).unwrap();
    site.write("content/_index.md", HOME);
    site.write(
        "content/temaer/faelles-formaal.md",
        &THEME.replace("Tekst om formål.", "Genskabt indhold."),
    );
    site.write("content/temaer/moeder.md", THEME2);
    site.write("content/cases/bordkort.md", CASE);
    site.write("content/budskaber/mening-motiverer.md", MESSAGE);
    server.wait_for(page, "Genskabt indhold.", "content/ recreated");
    site.write(
        "content/temaer/faelles-formaal.md",
        &THEME.replace("Tekst om formål.", "Redigeret efter genskabelsen."),
    );
    server.wait_for(
        page,
        "Redigeret efter genskabelsen.",
        "content edited after the recreate",
    );
    site.write(
        "content/cases/ny-case.md",
        &CASE
            .replace("slug: bordkort\n", "slug: ny-case\n")
            .replace("Bordkort & <kaffe>", "En ny case efter genskabelsen"),
    );
    server.wait_for(
        "/cases/",
        "En ny case efter genskabelsen",
        "case added after the recreate",
    );

    // themes/ deleted and recreated, then a template edited.
    fs::remove_dir_all(site.root().join("themes")).unwrap();
    copy_dir(
        &repo().join("themes/default"),
        &site.root().join("themes/default"),
    );
    server.wait_for(page, "Redigeret efter genskabelsen.", "themes/ recreated");
    let template = site.root().join("themes/default/templates/theme.html");
    let text = fs::read_to_string(&template).unwrap();
    assert!(text.contains("</article>"), "theme.html has an article");
    fs::write(
        &template,
        text.replacen(
            "</article>",
            "<p>Skabelon efter genskabelsen.</p></article>",
            1,
        ),
    )
    .unwrap();
    server.wait_for(
        page,
        "Skabelon efter genskabelsen.",
        "template edited after the recreate",
    );
}

/// A raw GET with the given `Host` header (none for `None`); returns (status line, body).
fn get_with_host(address: &str, path: &str, host: Option<&str>) -> (String, String) {
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    // An accepted event stream would never end; the test must not hang on it.
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn serve_answers_only_requests_addressed_to_itself() {
    let site = Fixture::new();
    let server = Server::start(&site);
    let address = server.address.as_str();
    let port = address.rsplit(':').next().unwrap();
    for host in [address.to_string(), format!("localhost:{port}")] {
        let (status, body) = get_with_host(address, "/temaer/faelles-formaal/", Some(&host));
        assert!(status.contains(" 200 "), "{host}: {status}");
        assert!(body.contains("Tekst om formål."), "{host}");
    }
    // DNS rebinding: a name the attacker controls now points at 127.0.0.1.
    for host in [
        Some(format!("evil.example:{port}")),
        Some("evil.example".to_string()),
        Some(format!("localhost.evil.example:{port}")),
        Some(format!("127.0.0.1.evil.example:{port}")),
        Some("127.0.0.1:1".to_string()),
        Some(String::new()),
        None,
    ] {
        for path in [
            "/temaer/faelles-formaal/",
            "/__handbook/events",
            "/__handbook/error",
            "/__handbook/reload.js",
            "/soeg-indeks/indeks.json",
        ] {
            let (status, body) = get_with_host(address, path, host.as_deref());
            assert!(status.contains(" 403 "), "{host:?} {path}: {status}");
            assert!(
                body.contains(&format!(
                    "Forhåndsvisningen svarer kun på adressen http://{address}/"
                )),
                "{host:?} {path}: {body}"
            );
            assert!(!body.contains("Tekst om formål."), "{host:?} {path}");
        }
    }
    // An absolute request target names the host as well.
    let (status, _) = get_with_host(
        address,
        &format!("http://evil.example:{port}/"),
        Some(address),
    );
    assert!(status.contains(" 403 "), "absolute target: {status}");
    let (status, _) = get_with_host(address, &format!("http://{address}/"), Some(address));
    assert!(status.contains(" 200 "), "absolute target: {status}");
}

#[test]
fn serve_shows_the_error_page_on_every_url_until_the_site_builds() {
    let site = Fixture::new();
    // A case with a YAML error (what `new` writes is a draft, which builds).
    site.write("content/cases/ny-case.md", "---\ntitle: [Ny case\n---\n");
    let server = Server::start(&site);
    for path in ["/", "/temaer/faelles-formaal/", "/findes/ikke/"] {
        let (status, body) = super::http_get(&server.address, path);
        assert!(status.contains(" 503 "), "{path}: {status}");
        assert!(
            body.contains("<h1>Bygningen fejlede</h1>"),
            "{path}: {body}"
        );
        assert!(body.contains("content/cases/ny-case.md:"), "{path}: {body}");
        assert!(
            body.contains("<script src=\"/__handbook/reload.js\" defer>"),
            "{path}: {body}"
        );
    }
    std::fs::remove_file(site.root().join("content/cases/ny-case.md")).unwrap();
    server.wait_for("/temaer/faelles-formaal/", "Tekst om formål.", "fixed");
}

#[test]
fn serve_on_a_busy_port_says_so_before_building() {
    let site = Fixture::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (code, stdout, stderr) = site.run(&["serve", "--port", &port]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("porten {port} er optaget")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
    assert!(
        !stdout.contains("Byggede"),
        "no build before the port is taken: {stdout}"
    );
}

/// The print page is rendered when asked for (it is tens of megabytes at
/// thousands of cases), and anew after an edit.
#[test]
fn serve_renders_the_print_page_when_asked_for_and_after_each_edit() {
    let site = Fixture::new();
    let server = Server::start(&site);
    server.wait_for("/print/", "Tekst om formål.", "first build");
    let (status, _) = http_get(&server.address, "/print");
    assert!(
        status.contains("308"),
        "/print redirects to /print/: {status}"
    );
    site.write(
        "content/temaer/faelles-formaal.md",
        &THEME.replace("Tekst om formål.", "Nyt om formål til print."),
    );
    server.wait_for(
        "/temaer/faelles-formaal/",
        "Nyt om formål til print.",
        "edit",
    );
    server.wait_for(
        "/print/",
        "Nyt om formål til print.",
        "print after the edit",
    );
}

#[test]
fn a_template_that_never_finishes_does_not_stop_the_next_save() {
    let site = Fixture::new();
    let footer = "themes/default/templates/partials/footer.html";
    let good = fs::read_to_string(site.root().join(footer)).unwrap();
    let server = Server::start_with(&site, &[], &[("HANDBOOK_SERVE_SLOW_MS", "1500")]);
    server.wait_for(
        "/temaer/faelles-formaal/",
        "Tekst om formål.",
        "first build",
    );
    // Ten billion turns: this build would run for hours.
    let runaway =
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
    site.write(footer, &format!("{good}{runaway}"));
    server.wait_for(
        "/__handbook/state",
        "Bygningen har kørt i",
        "said on the pages",
    );
    // The fix is built beside the stuck build and shown.
    site.write(footer, &format!("{good}<p>Rettet skabelon</p>"));
    server.wait_for("/temaer/faelles-formaal/", "Rettet skabelon", "the fix");
    server.wait_for("/__handbook/state", "\"slow\":null", "no longer slow");
    // And later edits are built as before.
    site.write(
        "content/temaer/faelles-formaal.md",
        &THEME.replace("Tekst om formål.", "Ny tekst om formål."),
    );
    server.wait_for(
        "/temaer/faelles-formaal/",
        "Ny tekst om formål.",
        "an edit after",
    );
}

/// A browser keeps what it was given and asks with its `ETag` each time
/// (`no-cache`): an unchanged file is a `304` with no body, so a reload
/// after an edit fetches only what the edit changed; a changed one is the
/// new file.
#[test]
fn serve_answers_a_file_the_browser_has_with_304_until_it_changes() {
    let site = Fixture::new();
    let server = Server::start(&site);
    let address = server.address.as_str();
    let path = "/temaer/faelles-formaal/";
    let head = |extra: &str| {
        let response = String::from_utf8_lossy(&crate::http_raw(address, path, extra)).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        (head.to_string(), body.to_string())
    };
    let (first, body) = head("");
    assert!(
        first.contains(" 200 ") && body.contains("Tekst om formål."),
        "{first}"
    );
    assert!(first.contains("cache-control: no-cache"), "{first}");
    // The tag as sent (`W/` is case-sensitive).
    let etag = first
        .lines()
        .find_map(|line| line.strip_prefix("etag: "))
        .expect("an ETag")
        .trim()
        .to_string();
    let (again, body) = head(&format!("If-None-Match: {etag}\r\n"));
    assert!(again.starts_with("HTTP/1.1 304"), "{again}");
    assert!(body.is_empty(), "a 304 has no body: {body}");
    let (other, _) = head("If-None-Match: \"ein-anderes\"\r\n");
    assert!(other.contains(" 200 "), "{other}");
    site.write(
        "content/temaer/faelles-formaal.md",
        &THEME.replace("Tekst om formål.", "Nyt om formål."),
    );
    server.wait_for(path, "Nyt om formål.", "edit");
    let (edited, body) = head(&format!("If-None-Match: {etag}\r\n"));
    assert!(
        edited.contains(" 200 ") && body.contains("Nyt om formål."),
        "{edited}"
    );
    assert!(
        !edited.contains(&format!("etag: {etag}")),
        "a new ETag: {edited}"
    );
}
