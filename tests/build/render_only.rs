//! `render::render_only`: what `serve` uses to render the edited page first
//! and the print page on request gives exactly the bytes of a full render.

use handbook::render::{self, RenderOptions};

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
        &|path| wanted.contains(&path),
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
        &|_| false,
    )
    .unwrap();
    assert!(none.is_empty());
}
