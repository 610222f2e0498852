//! Drafts (`draft: true`): checked leniently, left out of `build` and of
//! every list, feed, sitemap and search index, published by `build --drafts`
//! and by `serve` with a "Kladde" banner; a published page linking to a
//! draft is an error.

use std::fs;

use super::Fixture;

/// A draft case with every field, so only its being a draft matters.
const DRAFT: &str = "---\ntitle: Hemmelig kladde\nslug: kladde\nsummary: \"Ikke færdig.\"\nsector: region\nlevel: mellemledelse\nthemes: [moeder]\nsource: kilde\ndate: 2030-01-01\ndraft: true\n---\nUfærdig tekst om zebraer.\n";

fn site_with_draft() -> Fixture {
    let site = Fixture::new();
    site.write("content/cases/kladde.md", DRAFT);
    site
}

/// Every file of the built site that mentions `needle` (search index included).
fn files_mentioning(site: &Fixture, needle: &str) -> Vec<String> {
    walkdir::WalkDir::new(site.root().join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let bytes = fs::read(e.path()).unwrap_or_default();
            String::from_utf8_lossy(&bytes).contains(needle)
        })
        .map(|e| e.path().display().to_string())
        .collect()
}

#[test]
fn build_leaves_drafts_out_of_pages_lists_feed_sitemap_and_search() {
    let site = site_with_draft();
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!site.root().join("public/cases/kladde").exists());
    assert_eq!(
        files_mentioning(&site, "Hemmelig kladde"),
        Vec::<String>::new()
    );
    assert_eq!(
        files_mentioning(&site, "/cases/kladde/"),
        Vec::<String>::new()
    );
    // The search index has no word only the draft uses.
    assert_eq!(files_mentioning(&site, "zebraer"), Vec::<String>::new());
    // The draft's sector and level are in use by no published case.
    assert!(!site.read("cases/index.html").contains(">Region<"));
}

#[test]
fn build_with_drafts_publishes_them_with_a_banner() {
    let site = site_with_draft();
    let (code, _, stderr) = site.run(&["build", "--drafts"]);
    assert_eq!(code, 0, "{stderr}");
    let page = site.read("cases/kladde/index.html");
    assert!(
        page.contains("class=\"draft-banner\" role=\"note\""),
        "{page}"
    );
    assert!(page.contains("<strong>Kladde</strong>"), "{page}");
    assert!(site.read("cases/index.html").contains("Hemmelig kladde"));
    assert!(site.read("sitemap.xml").contains("/cases/kladde/"));
    // Published pages get no banner.
    assert!(
        !site
            .read("cases/bordkort/index.html")
            .contains("draft-banner")
    );
}

#[test]
fn serve_renders_drafts_with_the_banner() {
    // `serve` renders with `drafts: true`; this is its rendering, without the socket.
    let site = site_with_draft();
    let options = handbook::RenderOptions {
        drafts: true,
        search_index: false,
        ..Default::default()
    };
    let rendered = handbook::render_site(site.root(), &options).unwrap();
    let page = rendered
        .outputs
        .iter()
        .find(|o| o.path == "cases/kladde/index.html")
        .expect("the draft's page");
    assert!(String::from_utf8_lossy(&page.bytes).contains("<strong>Kladde</strong>"));
}

#[test]
fn a_draft_with_missing_fields_is_only_warned_about() {
    let site = Fixture::new();
    site.write(
        "content/cases/kladde.md",
        "---\ntitle: Kladde\nsummary: \"\"\ndraft: true\n---\n",
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    for field in ["sector", "level", "themes", "source"] {
        assert!(
            stderr.contains(&format!(
                "advarsel: det påkrævede felt `{field}` mangler (tilladt, mens filen er en kladde)"
            )),
            "{field}: {stderr}"
        );
    }
    assert!(stderr.contains("content/cases/kladde.md:3:1: advarsel: feltet `summary` er tomt"));
    // The same file published is an error.
    site.write(
        "content/cases/kladde.md",
        "---\ntitle: Kladde\nsummary: \"\"\ndraft: false\n---\n",
    );
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("fejl: det påkrævede felt `sector` mangler"),
        "{stderr}"
    );
}

#[test]
fn a_published_page_linking_to_a_draft_is_an_error_in_build_and_check() {
    let site = site_with_draft();
    site.write(
        "content/temaer/moeder.md",
        "---\ntitle: Møder\nslug: moeder\nsummary: \"Om møder.\"\nweight: 20\nquestions: [\"Hvordan?\"]\n---\nSe [kladden](../cases/kladde.md).\n",
    );
    let expected = "content/temaer/moeder.md:8:4: fejl: linket peger på `content/cases/kladde.md`, som er en kladde (`draft: true`) og ikke udgives";
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    // With the drafts shown (`build --drafts`, `serve`) it is the same error:
    // the published site would have the dead link.
    let (code, _, stderr) = site.run(&["build", "--drafts"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
}
