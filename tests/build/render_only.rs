//! `render::render_only`: what `serve` uses to render the edited page first
//! and the print page on request gives exactly the bytes of a full render.

use std::collections::HashSet;

use handbook::render::{self, Only, RenderOptions};

use super::Fixture;

#[test]
fn rendering_only_some_files_gives_the_bytes_of_the_whole_render() {
    let site = Fixture::new();
    let loaded = handbook::load_site(site.root()).unwrap();
    let options = RenderOptions::default();
    let all = render::render(&loaded.library, &loaded.config, &loaded.files, &options).unwrap();
    let wanted = [
        "cases/bordkort/index.html",
        "print/index.html",
        "feed.xml",
        "sitemap.xml",
        "style.css",
    ];
    let some = render::render_only(
        &loaded.library,
        &loaded.config,
        &loaded.files,
        &options,
        Only::Paths(&wanted.iter().map(|p| p.to_string()).collect()),
    )
    .unwrap();
    let paths: Vec<&str> = some.iter().map(|o| o.path.as_str()).collect();
    let mut expected = wanted.to_vec();
    expected.sort_unstable();
    assert_eq!(paths, expected);
    for output in &some {
        let full = all.iter().find(|o| o.path == output.path).unwrap();
        assert!(full.bytes == output.bytes, "{} differs", output.path);
    }
    let none = render::render_only(
        &loaded.library,
        &loaded.config,
        &loaded.files,
        &options,
        Only::Paths(&HashSet::new()),
    )
    .unwrap();
    assert!(none.is_empty());

    // Only case pages: the shortcut that renders neither lists nor cards
    // gives the same bytes.
    let case = "cases/bordkort/index.html";
    let only_case = render::render_only(
        &loaded.library,
        &loaded.config,
        &loaded.files,
        &options,
        Only::Paths(&HashSet::from([case.to_string()])),
    )
    .unwrap();
    assert_eq!(only_case.len(), 1);
    let full = all.iter().find(|o| o.path == case).unwrap();
    assert!(full.bytes == only_case[0].bytes, "the case page differs");

    // All but the print page.
    let but_print = render::render_only(
        &loaded.library,
        &loaded.config,
        &loaded.files,
        &options,
        Only::AllBut("print/index.html"),
    )
    .unwrap();
    assert_eq!(but_print.len() + 1, all.len());
    assert!(but_print.iter().all(|o| o.path != "print/index.html"));
}
