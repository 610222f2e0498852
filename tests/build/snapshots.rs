//! Pinned HTML: one page of every kind the site map makes, built from a small
//! fixture site, compared with a file in `tests/snapshots/`. For pages, only
//! `<main>…</main>` is pinned (the header, navigation and footer are the same
//! on every page, so they are pinned once, from the home page, as
//! `chrome.html`); the feed, sitemap and robots.txt are pinned whole.
//!
//! A template or render change shows its effect here, in review. After an
//! intended change, `HANDBOOK_BLESS=1 cargo test --test build snapshots`
//! rewrites the files; review the diff before committing it.

use std::fs;
use std::path::PathBuf;

use super::{Fixture, repo};

/// Snapshot name and the output file it is taken from.
const PAGES: [(&str, &str); 24] = [
    ("home", "index.html"),
    ("theme_list", "temaer/index.html"),
    ("theme", "temaer/faelles-formaal/index.html"),
    ("case", "cases/bordkort/index.html"),
    ("case_list", "cases/index.html"),
    ("case_list_sector", "cases/sektor/kommune/index.html"),
    ("case_list_level", "cases/niveau/topledelse/index.html"),
    ("case_list_theme", "cases/tema/faelles-formaal/index.html"),
    ("message_list", "budskaber/index.html"),
    ("message", "budskaber/mening-motiverer/index.html"),
    ("citizen_theme_list", "borgertemaer/index.html"),
    ("citizen_theme", "borgertemaer/at-blive-hoert/index.html"),
    ("tool_list", "vaerktoejer/index.html"),
    ("tool", "vaerktoejer/tjekliste/index.html"),
    ("page", "om/index.html"),
    ("page_statement", "tilgaengelighed/index.html"),
    ("page_kit", "forbered-et-moede-i-ledergruppen/index.html"),
    ("questions", "refleksion/index.html"),
    ("worksheet", "refleksion/faelles-formaal/index.html"),
    ("cards", "refleksion/faelles-formaal/kort/index.html"),
    ("matrix", "matrix/index.html"),
    ("print", "print/index.html"),
    ("search", "soeg/index.html"),
    ("not_found", "404.html"),
];

/// Files pinned whole.
const FILES: [(&str, &str); 3] = [
    ("feed", "feed.xml"),
    ("sitemap", "sitemap.xml"),
    ("robots", "robots.txt"),
];

const THEME: &str = "---\ntitle: Fælles formål\nsummary: \"Om at blive enige om formålet.\"\nweight: 10\nsurvey:\n  - \"Vi er enige om formålet.\"\nquestions:\n  - \"Hvad er vores fælles formål?\"\n  - text: \"Hvem har brug for, at vi lykkes?\"\n    source: kilde\nrelated: [moeder]\n---\n## Hvad er det?\n\nTekst om formål med [et værktøj](../vaerktoejer/tjekliste.md).\n\n## Sådan gør I\n\nTekst.\n";
const CASE: &str = "---\ntitle: \"Bordkort & <kaffe>\"\nslug: bordkort\nsummary: \"Et formandskab bruger bordkort.\"\nsector: kommune\nlevel: topledelse\nthemes: [faelles-formaal]\nmessages: [1]\ncitizen_themes: [1]\nsource: kilde\ndate: 2024-01-24\nquestions:\n  - \"Hvem sidder ved bordet?\"\n---\n## Situationen\n\nSe [temaet](../temaer/faelles-formaal.md).\n";
const CASE2: &str = "---\ntitle: Morgenmøder\nsummary: \"En region mødes hver morgen.\"\nsector: region\nlevel: mellemledelse\nthemes: [faelles-formaal, moeder]\nsource: kilde\ndate: 2023-05-02\n---\nTekst om morgenmøder.\n";
const CITIZEN_THEME: &str = "---\nnumber: 1\ntitle: At blive hørt\nsummary: \"Borgerne vil høres.\"\nthemes: [moeder]\n---\nTekst om borgerne.\n";
const TOOL: &str = "---\ntitle: Tjekliste\nsummary: \"En tjekliste til mødet.\"\nweight: 10\nthemes: [faelles-formaal]\n---\n## Før mødet\n\nForbered.\n\n## Efter mødet\n\nFølg op.\n";
const ABOUT: &str =
    "---\ntitle: Om håndbogen\nsummary: \"Hvem står bag.\"\n---\nHåndbogen er lavet til test.\n";
const STATEMENT: &str =
    "---\ntitle: Tilgængelighedserklæring\n---\nVi arbejder for et tilgængeligt websted.\n";
const MEETING: &str = "---\ntitle: Forbered et møde i ledergruppen\nsummary: \"Et mødekit.\"\n---\n## Tjekliste\n\n- [ ] Vælg et [tema](/temaer/), og print [kortene](/refleksion/faelles-formaal/kort/).\n- [x] Aftal, hvem der faciliterer.\n";

/// The fixture of `main.rs`, with one document of every kind more.
fn site() -> Fixture {
    let site = Fixture::new();
    site.write("content/temaer/faelles-formaal.md", THEME);
    site.write("content/cases/bordkort.md", CASE);
    site.write("content/cases/morgenmoeder.md", CASE2);
    site.write("content/borgertemaer/at-blive-hoert.md", CITIZEN_THEME);
    site.write("content/vaerktoejer/tjekliste.md", TOOL);
    site.write("content/om.md", ABOUT);
    site.write("content/tilgaengelighed.md", STATEMENT);
    site.write("content/forbered-et-moede-i-ledergruppen.md", MEETING);
    site
}

fn snapshots() -> PathBuf {
    repo().join("tests/snapshots")
}

/// `<main …>…</main>` of a page, with the tags.
fn main_of(html: &str) -> Option<&str> {
    let start = html.find("<main")?;
    let end = html.rfind("</main>")? + "</main>".len();
    Some(&html[start..end])
}

/// A page with its `<main>` left out: what every page shares.
fn chrome_of(html: &str) -> Option<String> {
    let main = main_of(html)?;
    Some(html.replacen(main, "<main>…</main>", 1))
}

/// Compares `actual` with the snapshot `name` (rewriting it when blessing);
/// a difference comes back as a line diff.
fn compare(name: &str, actual: &str) -> Result<(), String> {
    let path = snapshots().join(name);
    if std::env::var_os("HANDBOOK_BLESS").is_some() {
        fs::create_dir_all(snapshots()).unwrap();
        fs::write(&path, actual).unwrap();
    }
    let expected = fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e} (make it with HANDBOOK_BLESS=1 cargo test --test build snapshots)",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{} differs (- snapshot, + now):\n{}",
        path.display(),
        diff(&expected, actual)
    ))
}

/// A line diff of `old` and `new` (longest common subsequence), with two
/// lines of context around each change and `…` for the lines left out.
fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut lines: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            lines.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', a[i]));
            i += 1;
        } else {
            lines.push(('+', b[j]));
            j += 1;
        }
    }
    let near_change = |at: usize| {
        lines[at.saturating_sub(2)..(at + 3).min(lines.len())]
            .iter()
            .any(|(mark, _)| *mark != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (at, (mark, line)) in lines.iter().enumerate() {
        if near_change(at) {
            out.push_str(&format!("{mark} {line}\n"));
            skipped = false;
        } else if !skipped {
            out.push_str("  …\n");
            skipped = true;
        }
    }
    if old.ends_with('\n') != new.ends_with('\n') {
        out.push_str("(the two differ in the newline at the end)\n");
    }
    out
}

#[test]
fn snapshots_pin_the_main_of_every_page_kind_and_the_feeds() {
    let site = site();
    let report = site.build().unwrap();
    assert!(
        report.warnings.is_empty(),
        "the fixture should build cleanly: {:?}",
        report.warnings
    );
    let mut failures = Vec::new();
    for (name, file) in PAGES {
        let html = site.read(file);
        let main = main_of(&html).unwrap_or_else(|| panic!("{file} has no <main>"));
        if let Err(e) = compare(&format!("{name}.html"), &format!("{main}\n")) {
            failures.push(e);
        }
    }
    let home = site.read("index.html");
    if let Err(e) = compare("chrome.html", &chrome_of(&home).unwrap()) {
        failures.push(e);
    }
    for (name, file) in FILES {
        let extension = file.rsplit('.').next().unwrap();
        if let Err(e) = compare(&format!("{name}.{extension}"), &site.read(file)) {
            failures.push(e);
        }
    }
    // Every snapshot on disk is one of these: a renamed page kind leaves no stale file.
    let known: Vec<String> = PAGES
        .iter()
        .map(|(name, _)| format!("{name}.html"))
        .chain(["chrome.html".to_string()])
        .chain(
            FILES
                .iter()
                .map(|(name, file)| format!("{name}.{}", file.rsplit('.').next().unwrap())),
        )
        .collect();
    for entry in fs::read_dir(snapshots()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !known.contains(&name) {
            failures.push(format!("tests/snapshots/{name} belongs to no page"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_diff_shows_changed_lines_with_context() {
    let old = "a\nb\nc\nd\ne\nf\ng\n";
    let new = "a\nb\nc\nD\ne\nf\ng\nh\n";
    assert_eq!(
        diff(old, new),
        "  …\n  b\n  c\n- d\n+ D\n  e\n  f\n  g\n+ h\n"
    );
}

#[test]
fn main_is_cut_with_its_tags() {
    let html = "<body><main id=\"x\"><p>a</p></main><footer></footer></body>";
    assert_eq!(main_of(html), Some("<main id=\"x\"><p>a</p></main>"));
    assert_eq!(
        chrome_of(html).unwrap(),
        "<body><main>…</main><footer></footer></body>"
    );
}

#[test]
fn every_address_on_every_page_kind_carries_the_base_path() {
    let site = site();
    site.write(
        "site.toml",
        &super::SITE_TOML.replace("https://example.org/", "https://example.org/hb/"),
    );
    site.build().unwrap();
    let mut wrong = Vec::new();
    for (_, file) in PAGES {
        let html = site.read(file);
        for attribute in ["href", "src", "action", "data-index"] {
            let marker = format!("{attribute}=\"/");
            for (at, _) in html.match_indices(&marker) {
                let value = &html[at + marker.len() - 1..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                if !value.starts_with("/hb/") {
                    wrong.push(format!("{file}: {attribute}=\"{value}\""));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "addresses without the base path:\n{}",
        wrong.join("\n")
    );
    let feed = site.read("feed.xml");
    assert!(feed.contains("<link rel=\"self\" href=\"https://example.org/hb/feed.xml\"/>"));
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/hb/sitemap.xml")
    );
}
