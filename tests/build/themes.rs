//! The theme contract: a theme may override any template, the feed, sitemap
//! and robots.txt included, and gets the default theme's for what it leaves
//! out; `themes/README.md` documents every template of the default theme.

use std::fs;

use super::{Fixture, SITE_TOML, repo};

#[test]
fn a_theme_overrides_robots_txt_and_falls_back_to_the_default_feed_and_pages() {
    let plain = Fixture::new();
    plain.build().unwrap();
    let site = Fixture::new();
    site.write("site.toml", &format!("theme = \"eget\"\n{SITE_TOML}"));
    site.write(
        "themes/eget/templates/robots.txt",
        "User-agent: *\nDisallow: /print/\n\nSitemap: {{ sitemap }}\n",
    );
    site.build().unwrap();
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nDisallow: /print/\n\nSitemap: https://example.org/sitemap.xml\n"
    );
    for file in [
        "feed.xml",
        "sitemap.xml",
        "index.html",
        "cases/bordkort/index.html",
    ] {
        assert_eq!(site.read(file), plain.read(file), "{file}");
    }
}

#[test]
fn the_feed_escapes_titles_and_drops_what_xml_forbids() {
    let site = Fixture::new();
    site.write(
        "content/cases/bordkort.md",
        &super::CASE.replace(
            "summary: \"Et formandskab",
            "summary: \"Et \\x01'formandskab'",
        ),
    );
    site.build().unwrap();
    let feed = site.read("feed.xml");
    assert!(
        feed.contains("<title>Bordkort &amp; &lt;kaffe&gt;</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("<summary>Et &#39;formandskab&#39; bruger bordkort.</summary>"),
        "{feed}"
    );
}

#[test]
fn the_theme_readme_documents_every_template_of_the_default_theme() {
    let readme = fs::read_to_string(repo().join("themes/README.md")).unwrap();
    let templates = repo().join("themes/default/templates");
    let mut missing = Vec::new();
    for entry in walkdir::WalkDir::new(&templates) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(&templates)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !readme.contains(&format!("`{name}`")) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "themes/README.md does not document {missing:?}"
    );
}

#[test]
fn a_print_page_template_gets_its_chapters_where_it_asks_and_is_told_when_it_forgot() {
    let site = Fixture::new();
    site.write("site.toml", &format!("theme = \"eget\"\n{SITE_TOML}"));
    site.write(
        "themes/eget/templates/print.html",
        "<ol>{% for s in sections %}<li>{{ s.title }}</li>{% endfor %}</ol><main>{{ chapters | safe }}</main>",
    );
    site.write(
        "themes/eget/templates/partials/print_chapter.html",
        "<h2 id=\"{{ s.id }}\">{{ s.title }}</h2>",
    );
    site.build().unwrap();
    let page = site.read("print/index.html");
    assert!(
        page.contains("<li>Fælles formål</li>")
            && page.contains("<main><h2 id=\"forside\">")
            && page.contains("\">Mening motiverer</h2></main>"),
        "{page}"
    );
    site.write("themes/eget/templates/print.html", "<main></main>");
    let problems = site.build().unwrap_err();
    let shown = format!("{problems:?}");
    assert!(
        shown.contains("themes/eget/templates/print.html") && shown.contains("chapters | safe"),
        "{shown}"
    );
}
