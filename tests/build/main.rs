//! Integration tests: the real pipeline over small fixture sites and over the
//! bundled handbook. One binary, as the style guide asks; `corpus` runs the
//! broken-input corpus of `tests/corpus/broken/`.

mod base_url;
mod check_formats;
mod content;
mod corpus;
mod drafts;
mod editor;
mod hostile;
mod incremental;
mod inputs;
mod layers;
mod output_safety;
mod publisher;
mod render_only;
mod serve;
mod snapshots;
mod themes;
mod third_party;
mod untrusted_output;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use handbook::{BuildError, BuildOptions};

const SITE_TOML: &str = r#"
title = "Prøvehåndbog"
description = "En lille håndbog til test."
base_url = "https://example.org/"
accessibility_statement = "/tilgaengelighed/"

[vocabularies.sector]
kommune = "Kommune"
region = "Region"

[vocabularies.level]
topledelse = "Topledelse"
mellemledelse = "Mellemledelse"

[publisher]
name = "Prøveredaktionen"
email = "redaktion@example.org"
last_updated = "2024-01-24"

[accessibility]
status = "fuldt"
response_time = "10 arbejdsdage"
prepared = "2024-01-24"

[sources.kilde]
title = "En kilde"
author = "Forfatter"
"#;

const THEME: &str = "---\ntitle: Fælles formål\nsummary: \"Om at blive enige om formålet.\"\nweight: 10\nquestions:\n  - \"Hvad er vores fælles formål?\"\nrelated: [moeder]\n---\n## Hvad er det?\n\nTekst om formål.\n";
const THEME2: &str = "---\ntitle: Møder\nslug: moeder\nsummary: \"Om møder.\"\nweight: 20\nquestions: [\"Hvordan holder vi møder?\"]\n---\nSe [formål](faelles-formaal.md#hvad-er-det).\n";
const CASE: &str = "---\ntitle: \"Bordkort & <kaffe>\"\nslug: bordkort\nsummary: \"Et formandskab bruger bordkort.\"\nsector: kommune\nlevel: topledelse\nthemes: [faelles-formaal]\nmessages: [1]\nsource: kilde\ndate: 2024-01-24\n---\n## Situationen\n\nSe [temaet](../temaer/faelles-formaal.md).\n";
const MESSAGE: &str = "---\nnumber: 1\ntitle: Mening motiverer\nsummary: \"Budskab et.\"\nthemes: [faelles-formaal]\n---\nTekst.\n";
const HOME: &str = "---\ntitle: Prøvehåndbog\nsummary: \"Forsiden.\"\n---\nVelkommen.\n";

/// A fixture site in a temporary folder, using the repository's default theme.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let fixture = Fixture { dir };
        fixture.write("site.toml", SITE_TOML);
        fixture.write("content/_index.md", HOME);
        fixture.write("content/temaer/faelles-formaal.md", THEME);
        fixture.write("content/temaer/moeder.md", THEME2);
        fixture.write("content/cases/bordkort.md", CASE);
        fixture.write("content/budskaber/mening-motiverer.md", MESSAGE);
        copy_dir(
            &repo().join("themes/default"),
            &fixture.root().join("themes/default"),
        );
        fixture
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn build(&self) -> Result<handbook::BuildReport, BuildError> {
        handbook::build(&BuildOptions::new(self.root()))
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join("public").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        // `check` reads the GitHub variables; the machine's own must not count.
        let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("GITHUB_WORKSPACE")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into(),
            String::from_utf8_lossy(&out.stderr).into(),
        )
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file of a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn errors(result: Result<handbook::BuildReport, BuildError>) -> Vec<String> {
    match result {
        Err(BuildError::Content(problems)) => problems
            .iter()
            .filter(|p| p.is_error())
            .map(ToString::to_string)
            .collect(),
        other => panic!("expected content errors, got {other:?}"),
    }
}

#[test]
fn builds_every_page_of_the_site_map() {
    let site = Fixture::new();
    let report = site.build().unwrap();
    for page in [
        "index.html",
        "temaer/index.html",
        "temaer/faelles-formaal/index.html",
        "cases/index.html",
        "cases/bordkort/index.html",
        "cases/sektor/kommune/index.html",
        "cases/niveau/topledelse/index.html",
        "cases/tema/faelles-formaal/index.html",
        "refleksion/index.html",
        "refleksion/faelles-formaal/index.html",
        "budskaber/index.html",
        "budskaber/mening-motiverer/index.html",
        "borgertemaer/index.html",
        "vaerktoejer/index.html",
        "print/index.html",
        "soeg/index.html",
        "matrix/index.html",
        "404.html",
        "sitemap.xml",
        "feed.xml",
        "robots.txt",
    ] {
        assert!(
            site.root().join("public").join(page).is_file(),
            "{page} missing"
        );
    }
    assert!(report.pages >= 17);
}

#[test]
fn theme_page_lists_its_cases_and_links_resolve() {
    let site = Fixture::new();
    site.build().unwrap();
    let theme = site.read("temaer/faelles-formaal/index.html");
    assert!(theme.contains("<html lang=\"da\">"));
    assert!(
        theme.contains("<h2 id=\"hvad-er-det\">Hvad er det?</h2>"),
        "{theme}"
    );
    assert!(theme.contains("Cases om temaet"));
    assert!(
        theme.contains("<a href=\"/cases/bordkort/\">Bordkort &amp; &lt;kaffe&gt;</a>"),
        "front matter is escaped"
    );
    assert!(theme.contains("<a href=\"/budskaber/mening-motiverer/\">1. Mening motiverer</a>"));
    assert!(theme.contains("rel=\"next\" href=\"/temaer/moeder/\""));
    let case = site.read("cases/bordkort/index.html");
    assert!(
        case.contains("<a href=\"/temaer/faelles-formaal/\">temaet</a>"),
        "markdown link rewritten"
    );
    assert!(case.contains("<link rel=\"canonical\" href=\"https://example.org/cases/bordkort/\">"));
    let print = site.read("print/index.html");
    assert!(
        print.contains("href=\"#temaer-faelles-formaal--hvad-er-det\""),
        "print links are in-page anchors"
    );
    let questions = site.read("refleksion/index.html");
    assert!(questions.contains("Hvad er vores fælles formål?"));
    assert!(
        site.read("feed.xml")
            .contains("<updated>2024-01-24T00:00:00Z</updated>")
    );
}

#[test]
fn broken_front_matter_names_file_line_column_and_keeps_previous_output() {
    let site = Fixture::new();
    site.build().unwrap();
    let before = snapshot(&site.root().join("public"));
    site.write(
        "content/cases/bordkort.md",
        &CASE.replace("sector: kommune", "sector: komune"),
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("content/cases/bordkort.md:5:9: fejl: `komune` er ikke en tilladt værdi i feltet `sector`\n"),
        "{stderr}"
    );
    assert!(stderr.contains("5 | sector: komune"), "{stderr}");
    assert!(
        stderr.contains("= tip: mente du `kommune`? Tilladte værdier: kommune, region"),
        "{stderr}"
    );
    assert_eq!(
        before,
        snapshot(&site.root().join("public")),
        "a failed build leaves public/ untouched"
    );
}

#[test]
fn reports_every_problem_not_just_the_first() {
    let site = Fixture::new();
    site.write(
        "content/cases/bordkort.md",
        &CASE
            .replace("themes: [faelles-formaal]", "themes: [faelles-formal]")
            .replace("source: kilde", "source: kidle"),
    );
    site.write("content/cases/anden.md", "---\ntitle: Anden\nsummary: x\nsector: region\nlevel: topledelse\ntheme: [moeder]\nsource: kilde\n---\n");
    site.write(
        "content/temaer/moeder.md",
        &THEME2.replace("#hvad-er-det", "#hvad-er-de"),
    );
    let shown = errors(site.build());
    let first_lines: Vec<&str> = shown.iter().map(|s| s.lines().next().unwrap()).collect();
    assert_eq!(
        first_lines,
        [
            "content/cases/anden.md:6:1: fejl: ukendt felt `theme`",
            "content/cases/bordkort.md:7:10: fejl: ukendt tema `faelles-formal` i feltet `themes`",
            "content/cases/bordkort.md:9:9: fejl: ukendt kilde `kidle`",
            "content/temaer/moeder.md:8:4: fejl: afsnittet `#hvad-er-de` findes ikke i `content/temaer/faelles-formaal.md`",
        ]
    );
}

#[test]
fn a_page_with_an_error_is_named_once_not_again_where_it_is_linked() {
    let site = Fixture::new();
    site.write(
        "content/cases/bordkort.md",
        &CASE.replacen("title: ", "title: \"Bordkort\" og ", 1),
    );
    site.write(
        "content/temaer/moeder.md",
        &THEME2
            .replace("#hvad-er-det", "")
            .replace("faelles-formaal.md", "../cases/bordkort.md"),
    );
    let shown = errors(site.build());
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].starts_with("content/cases/bordkort.md:2:"),
        "{shown:#?}"
    );
}

#[test]
fn exit_codes_distinguish_usage_from_content_errors() {
    let site = Fixture::new();
    assert_eq!(site.run(&["build"]).0, 0);
    assert_eq!(site.run(&["bygg"]).0, 2);
    site.write("content/cases/tom.md", "");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("content/cases/tom.md:1:1: fejl: filen er tom"),
        "{stderr}"
    );
}

#[test]
fn check_json_has_one_object_per_diagnostic() {
    let site = Fixture::new();
    site.write(
        "content/cases/bordkort.md",
        &CASE.replace("level: topledelse", "level: chef"),
    );
    let (code, stdout, _) = site.run(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = &parsed[0];
    assert_eq!(first["file"], "content/cases/bordkort.md");
    assert_eq!(first["line"], 6);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "vocabulary");
}

#[test]
fn builds_are_deterministic_and_rewrite_nothing_unchanged() {
    let site = Fixture::new();
    site.build().unwrap();
    let first = snapshot(&site.root().join("public"));
    let report = site.build().unwrap();
    assert_eq!(report.stats.written, 0, "second build rewrites nothing");
    assert_eq!(first, snapshot(&site.root().join("public")));
}

#[test]
fn stale_pages_disappear() {
    let site = Fixture::new();
    site.build().unwrap();
    fs::remove_file(site.root().join("content/cases/bordkort.md")).unwrap();
    let report = site.build().unwrap();
    assert!(report.stats.removed >= 1);
    assert!(!site.root().join("public/cases/bordkort").exists());
}

#[test]
fn odd_but_valid_input_builds() {
    let site = Fixture::new();
    // A byte-order mark, CRLF line endings, and spaces and æøå in the file name.
    site.write(
        "content/cases/med mellemrum æøå.md",
        &format!(
            "\u{feff}{}",
            CASE.replace("slug: bordkort", "slug: crlf")
                .replace(
                    "## Situationen",
                    "## Situationen\n\n![Et billede](<billede æøå.png>)"
                )
                .replace('\n', "\r\n")
        ),
    );
    fs::write(
        site.root().join("content/cases/billede æøå.png"),
        b"\x89PNG\r\n",
    )
    .unwrap();
    // CRLF alone, and links to the file with spaces in its name, escaped and in <…>.
    site.write(
        "content/temaer/moeder.md",
        &THEME2
            .replace(
                "Se [formål]",
                "Se [casen](../cases/med%20mellemrum%20%C3%A6%C3%B8%C3%A5.md) og [den igen](<../cases/med mellemrum æøå.md#situationen>).\n\nSe [formål]",
            )
            .replace('\n', "\r\n"),
    );
    // site.toml and a template saved by an editor that adds a byte-order mark and CRLF.
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("\u{feff}{}", toml.replace('\n', "\r\n")),
    );
    let footer = site
        .root()
        .join("themes/default/templates/partials/footer.html");
    let text = fs::read_to_string(&footer).unwrap();
    fs::write(&footer, format!("\u{feff}{text}")).unwrap();

    site.build().unwrap_or_else(|e| panic!("{e}"));
    let case = site.read("cases/crlf/index.html");
    assert!(case.contains("Situationen"));
    assert!(
        case.contains("src=\"/cases/billede%20%C3%A6%C3%B8%C3%A5.png\""),
        "{case}"
    );
    assert!(
        site.root().join("public/cases/billede æøå.png").is_file(),
        "the image is copied under its own name"
    );
    let theme = site.read("temaer/moeder/index.html");
    assert!(theme.contains("href=\"/cases/crlf/\""), "{theme}");
    assert!(
        theme.contains("href=\"/cases/crlf/#situationen\""),
        "{theme}"
    );
    assert!(
        !case.contains('\u{feff}'),
        "no byte-order mark in the output"
    );
    assert!(
        !case.contains('\r'),
        "no CR from the template in the output"
    );
}

#[test]
fn twenty_megabyte_page_builds() {
    let site = Fixture::new();
    let paragraph = "Lederne mødes hver anden uge og taler om, hvad de har lært af hinanden. \
                     De skriver korte noter, som alle kan læse, og de spørger borgerne, hvad der virker.\n\n";
    let mut text = CASE.replace("slug: bordkort", "slug: stor");
    let mut section = 0;
    while text.len() < 20 * 1024 * 1024 {
        section += 1;
        text.push_str(&format!("## Afsnit {section}\n\n"));
        for _ in 0..20 {
            text.push_str(paragraph);
        }
    }
    site.write("content/cases/stor.md", &text);
    let started = std::time::Instant::now();
    // Without the search index: in a debug build indexing the page took
    // half the test's 24 s; large indexes are measured at 10,000 cases
    // (bench/search) and split lists tested at 400 (search-split.test.mjs).
    let mut options = BuildOptions::new(site.root());
    options.render.search_index = false;
    let report = handbook::build(&options).unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "20 MB page ({} bytes, {section} sections): built in {} ms",
        text.len(),
        started.elapsed().as_millis()
    );
    let page = site.read("cases/stor/index.html");
    assert!(page.len() > 20 * 1024 * 1024);
    assert!(page.contains(&format!("id=\"afsnit-{section}\"")));
    assert!(report.pages >= 18);
}

// ---- The bundled handbook ----

#[test]
fn bundled_handbook_content_is_complete_and_consistent() {
    let site = handbook::load_site(&repo()).unwrap_or_else(|e| panic!("{e}"));
    let lib = &site.library;
    let numbers: Vec<u32> = lib.messages.iter().map(|m| m.number).collect();
    assert_eq!(
        numbers,
        [1, 2, 3, 4, 5, 6, 7],
        "seven messages numbered 1–7"
    );
    let numbers: Vec<u32> = lib.citizen_themes.iter().map(|m| m.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5], "five citizen themes numbered 1–5");
    assert!(lib.cases.len() >= 10, "at least 10 cases");
    assert!(lib.themes.len() >= 10, "at least 10 themes");
    for theme in &lib.themes {
        assert!(
            theme.questions.len() >= 3,
            "{} has fewer than 3 questions",
            theme.entry.path
        );
    }
    for case in &lib.cases {
        assert!(
            site.config.sources.contains_key(&case.source),
            "{}",
            case.entry.path
        );
    }
    let about = lib
        .pages
        .iter()
        .find(|p| p.slug == "om")
        .expect("about page");
    for (key, source) in &site.config.sources {
        let cited = lib.cases.iter().any(|c| &c.source == key)
            || about
                .body
                .plain_text()
                .contains(source.title.trim_matches('"'));
        assert!(cited, "source {key} is cited nowhere");
    }
    for slug in [
        "tvaergaaende-ledelse",
        "relationer-og-tillid",
        "fra-moedeafvikling-til-moedefacilitering",
    ] {
        assert!(
            lib.themes.iter().any(|t| t.entry.slug == slug),
            "theme {slug}"
        );
    }
    let main = lib
        .themes
        .iter()
        .find(|t| t.entry.slug == "tvaergaaende-ledelse")
        .unwrap();
    assert_eq!(main.survey.len(), 5, "five survey statements");
    assert_eq!(main.questions.len(), 9, "nine reflection questions");
}

#[test]
fn bundled_handbook_builds_without_errors() {
    let out = tempfile::tempdir().unwrap();
    let report = handbook::build(&BuildOptions {
        output: Some(out.path().to_path_buf()),
        ..BuildOptions::new(repo())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.pages > 50);
}

#[test]
fn new_scaffolds_a_commented_case_and_refuses_to_overwrite() {
    let site = Fixture::new();
    let (code, stdout, _) = site.run(&["new", "case", "Test æøå Case"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.trim(), "content/cases/test-aeoeaa-case.md");
    let text = fs::read_to_string(site.root().join("content/cases/test-aeoeaa-case.md")).unwrap();
    assert!(
        text.contains("# Sektoren, casen foregår i. Tilladte værdier: kommune, region\nsector: \n"),
        "{text}"
    );
    assert!(
        text.contains("Kendte temaer: faelles-formaal, moeder"),
        "{text}"
    );
    let (code, _, stderr) = site.run(&["new", "case", "Test æøå Case"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("filen findes allerede"), "{stderr}");
    // A draft scaffold is checked leniently: the empty fields are named as warnings.
    let (_, _, stderr) = site.run(&["check"]);
    assert!(
        stderr.contains("content/cases/test-aeoeaa-case.md:7:1: advarsel: feltet `sector` er tomt"),
        "{stderr}"
    );
    assert!(text.contains("\nslug: test-aeoeaa-case\n---\n"), "{text}");
}

#[test]
fn new_with_a_very_long_title_writes_a_short_address_check_accepts() {
    let site = Fixture::new();
    let title = "Samarbejde på tværs af sektorer ".repeat(320);
    let (code, stdout, stderr) = site.run(&["new", "case", title.trim()]);
    assert_eq!(code, 0, "{stderr}");
    let path = stdout.trim();
    let slug = path
        .strip_prefix("content/cases/")
        .and_then(|p| p.strip_suffix(".md"))
        .unwrap();
    assert_eq!(
        slug,
        "samarbejde-paa-tvaers-af-sektorer-samarbejde-paa-tvaers-af"
    );
    let (_, _, stderr) = site.run(&["check"]);
    assert!(!stderr.contains(": fejl:"), "{stderr}");
}

/// A raw HTTP/1.1 GET over loopback with extra header lines; returns the
/// whole response.
fn http_raw(address: &str, path: &str, headers: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\n{headers}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    response
}

/// A GET; returns (status line, body).
fn http_get(address: &str, path: &str) -> (String, String) {
    let response = String::from_utf8_lossy(&http_raw(address, path, "")).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

/// The response headers (lowercased) of a GET that accepts gzip.
fn http_headers_gzip(address: &str, path: &str) -> String {
    let response = http_raw(address, path, "Accept-Encoding: gzip\r\n");
    let end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(response.len());
    String::from_utf8_lossy(&response[..end]).to_lowercase()
}

#[test]
fn serve_rebuilds_on_edit_keeps_last_good_site_and_refuses_traversal() {
    let site = Fixture::new();
    let server = serve::Server::start(&site);
    let address = server.address.clone();
    let (status, body) = http_get(&address, "/temaer/faelles-formaal/");
    assert!(status.contains("200"), "{status}");
    assert!(
        body.contains("/__handbook/reload.js"),
        "serve adds the reload script"
    );
    for bad in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2e%2e%2fsite.toml",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/%2e%2e%5c%2e%2e%5csite.toml",
        "/content/cases/bordkort.md",
    ] {
        let (status, _) = http_get(&address, bad);
        assert!(status.contains("404"), "{bad}: {status}");
    }
    // Text is gzipped like on a web host, the search index's JSON too.
    let css = http_headers_gzip(&address, "/style.css");
    assert!(css.contains("content-encoding: gzip"), "{css}");
    let entry = http_headers_gzip(&address, "/soeg-indeks/indeks.json");
    assert!(entry.contains("content-encoding: gzip"), "{entry}");

    site.write(
        "content/temaer/faelles-formaal.md",
        &THEME.replace("Tekst om formål.", "Nyt afsnit om formål."),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let started = std::time::Instant::now();
    while !http_get(&address, "/temaer/faelles-formaal/")
        .1
        .contains("Nyt afsnit om formål.")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "edit not visible within 5 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    eprintln!("edit visible after {} ms", started.elapsed().as_millis());

    // A broken edit keeps the last good site and exposes the error for the overlay.
    site.write(
        "content/cases/bordkort.md",
        &CASE.replace("sector: kommune", "sector: komune"),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !http_get(&address, "/__handbook/error").1.contains("komune") {
        assert!(
            std::time::Instant::now() < deadline,
            "error not reported within 5 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        http_get(&address, "/cases/bordkort/").0.contains("200"),
        "last good site still served"
    );
}

#[test]
fn check_lists_warnings_together_with_errors() {
    let fixture = Fixture::new();
    // An error (unknown sector) in one case, a warning (no date) in another.
    fixture.write(
        "content/cases/bordkort.md",
        &CASE.replace("sector: kommune", "sector: komune"),
    );
    fixture.write(
        "content/cases/uden-dato.md",
        &CASE
            .replace("slug: bordkort\n", "slug: uden-dato\n")
            .replace("date: 2024-01-24\n", ""),
    );
    let (code, _, stderr) = fixture.run(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("bordkort.md:5:9: fejl:"), "{stderr}");
    assert!(
        stderr.contains("uden-dato.md") && stderr.contains("advarsel"),
        "{stderr}"
    );
    assert!(stderr.contains("1 fejl, 1 advarsel"), "{stderr}");
    // `build` shows only the errors.
    let (code, _, stderr) = fixture.run(&["build"]);
    assert_eq!(code, 1);
    assert!(!stderr.contains("advarsel"), "{stderr}");
    assert!(stderr.contains("Bygningen stoppede: 1 fejl."), "{stderr}");
}
