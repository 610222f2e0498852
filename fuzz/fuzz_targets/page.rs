//! Arbitrary bytes as one Markdown file of a small valid site: parse (front
//! matter and Markdown), link the model, and when that found no errors, render
//! every page through the default theme. The first byte picks the file's kind.
//! Whatever the input, this must not panic, diagnostics must point into the
//! file, and no page may get a script URL.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use handbook::content::{Asset, SiteFiles, SourceFile};
use handbook::{Config, RenderOptions};
use libfuzzer_sys::fuzz_target;

const SITE_TOML: &str = r#"
title = "Prøvehåndbog"
base_url = "https://example.org/"
accessibility_statement = "/tilgaengelighed/"

[vocabularies.sector]
kommune = "Kommune"
region = "Region"

[vocabularies.level]
topledelse = "Topledelse"

[sources.kilde]
title = "En kilde"
"#;

/// The rest of the site: what the fuzzed file may link to and reference.
const COMPANIONS: [(&str, &str); 5] = [
    ("_index.md", "---\ntitle: Forside\n---\nVelkommen.\n"),
    (
        "temaer/faelles-formaal.md",
        "---\ntitle: Fælles formål\nsummary: Om formålet.\nquestions: [\"Hvorfor?\"]\n---\n## Hvad er det?\n\nTekst.\n",
    ),
    (
        "cases/bordkort.md",
        "---\ntitle: Bordkort\nsummary: En case.\nsector: kommune\nlevel: topledelse\nthemes: [faelles-formaal]\nmessages: [1]\ncitizen_themes: [1]\nsource: kilde\ndate: 2024-01-24\n---\nSe [temaet](../temaer/faelles-formaal.md#hvad-er-det).\n",
    ),
    (
        "budskaber/mening.md",
        "---\nnumber: 1\ntitle: Mening motiverer\nsummary: Et budskab.\nthemes: [faelles-formaal]\n---\nTekst.\n",
    ),
    (
        "borgertemaer/tryghed.md",
        "---\nnumber: 1\ntitle: Tryghed\nsummary: Et borgertema.\n---\nTekst.\n",
    ),
];

/// Where the fuzzed file goes, by the input's first byte.
const PLACES: [&str; 6] = [
    "temaer/fuzz.md",
    "cases/fuzz.md",
    "budskaber/fuzz.md",
    "borgertemaer/fuzz.md",
    "vaerktoejer/fuzz.md",
    "fuzz.md",
];

struct Fixed {
    config: Config,
    files: SiteFiles,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let theme = handbook::content::load(&repo, "default").expect("the repository's site loads");
        Fixed {
            config: Config::parse(SITE_TOML, Path::new("site.toml")).expect("fuzz site.toml"),
            files: SiteFiles {
                templates: theme.templates,
                static_files: theme.static_files,
                content_assets: vec![Asset {
                    output_path: "cases/billede.png".into(),
                    bytes: b"\x89PNG".to_vec(),
                }],
                ..SiteFiles::default()
            },
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let relative = PLACES[usize::from(selector) % PLACES.len()];
    let text = String::from_utf8_lossy(rest);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let fixed = fixed();
    let mut files = fixed.files.clone();
    files.sources = COMPANIONS
        .iter()
        .map(|(relative, text)| (*relative, text.to_string()))
        .chain([(relative, text.clone())])
        .map(|(relative, text)| SourceFile {
            path: format!("content/{relative}"),
            relative: relative.to_string(),
            text: text.into(),
        })
        .collect();
    files.sources.sort_by(|a, b| a.path.cmp(&b.path));

    let (documents, mut problems) = handbook::parse::parse(&files, &fixed.config);
    let (library, model_problems) = handbook::model::link(documents, &fixed.config);
    problems.extend(model_problems);
    for problem in &problems {
        let printed = problem.to_string();
        let source = files.sources.iter().find(|s| s.path == problem.file);
        let source = source.unwrap_or_else(|| panic!("names a content file: {printed}"));
        if let Some(line) = problem.line {
            let lines = source.text.lines().count().max(1);
            assert!(
                (1..=lines + 1).contains(&line),
                "line {line} of {lines}: {printed}"
            );
        }
    }
    if problems.iter().any(|p| p.is_error()) {
        return;
    }
    let outputs =
        handbook::render::render(&library, &fixed.config, &files, &RenderOptions::default())
            .unwrap_or_else(|problems| panic!("valid content failed to render: {problems:?}"));
    for output in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&output.bytes).to_ascii_lowercase();
        if let Some(tag) = script_url(&html) {
            panic!("{} has a script URL: {tag}", output.path);
        }
        if let Some(tag) = handler_or_style(&html) {
            panic!("{} has an event handler or inline style: {tag}", output.path);
        }
    }
});

/// The first tag with an `on…` or `style` attribute: the theme has none (the
/// site's CSP forbids them), so one can only come from content.
fn handler_or_style(html: &str) -> Option<&str> {
    tags(html).find(|tag| {
        let mut quote = None;
        let bare: String = tag
            .chars()
            .filter(|&c| match (quote, c) {
                (None, '"' | '\'') => {
                    quote = Some(c);
                    false
                }
                (Some(q), c) if c == q => {
                    quote = None;
                    false
                }
                (None, _) => true,
                (Some(_), _) => false,
            })
            .collect();
        bare.split(|c: char| c.is_whitespace() || c == '/')
            .skip(1)
            .map(|word| word.split('=').next().unwrap_or_default())
            .any(|name| name.starts_with("on") || name == "style")
    })
}

/// Every tag of `html` (`<` in text is always escaped as `&lt;`).
fn tags(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        let start = rest.find('<')?;
        let tag_and_more = &rest[start..];
        let end = tag_and_more.find('>').map_or(tag_and_more.len(), |i| i + 1);
        rest = &tag_and_more[end..];
        Some(&tag_and_more[..end])
    })
}

/// The first tag with an `href` or `src` that is a `javascript:`, `vbscript:` or
/// `data:` URL. Text never counts: `<` in text is always escaped as `&lt;`.
fn script_url(html: &str) -> Option<&str> {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let tag_and_more = &rest[start..];
        // The tag ends at the first `>` outside quotes.
        let mut quote = None;
        let end = tag_and_more
            .char_indices()
            .find(|&(_, c)| match (quote, c) {
                (None, '"' | '\'') => {
                    quote = Some(c);
                    false
                }
                (Some(q), c) if c == q => {
                    quote = None;
                    false
                }
                (None, '>') => true,
                _ => false,
            })
            .map_or(tag_and_more.len(), |(i, _)| i + 1);
        let tag = &tag_and_more[..end];
        for attribute in [" href", " src", "\thref", "\tsrc", "\nhref", "\nsrc"] {
            for (at, _) in tag.match_indices(attribute) {
                let value = tag[at + attribute.len()..].trim_start();
                let Some(value) = value.strip_prefix('=') else {
                    continue;
                };
                let value = value
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .trim_start();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|scheme| value.starts_with(scheme))
                {
                    return Some(tag);
                }
            }
        }
        rest = &tag_and_more[end..];
    }
    None
}
