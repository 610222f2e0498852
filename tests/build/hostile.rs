//! Hostile but buildable input: what content can smuggle into a page or a
//! feed must arrive harmless. (Input that must be refused is in the corpus.)

use super::{CASE, Fixture};

/// Characters XML 1.0 forbids anywhere in a document.
fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// A small well-formedness check: no forbidden characters, every `&` starts
/// an entity, and start and end tags balance.
fn assert_well_formed(name: &str, xml: &str) {
    assert!(!xml.chars().any(forbidden_in_xml), "{name}: {xml:?}");
    let mut open: Vec<&str> = Vec::new();
    for (i, _) in xml.match_indices('&') {
        let entity = xml[i..].split(';').next().unwrap_or_default();
        assert!(
            ["&amp", "&lt", "&gt", "&quot", "&apos"].contains(&entity),
            "{name}: bare `&` at {i}"
        );
    }
    for piece in xml.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or_default();
        if tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let tag_name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or_default();
        if tag.starts_with('/') {
            assert_eq!(
                open.pop(),
                Some(tag_name),
                "{name}: unbalanced </{tag_name}>"
            );
        } else {
            open.push(tag_name);
        }
    }
    assert!(open.is_empty(), "{name}: unclosed {open:?}");
}

#[test]
fn hostile_heading_attributes_and_control_characters_arrive_harmless() {
    let site = Fixture::new();
    site.write(
        "content/cases/bordkort.md",
        &CASE
            .replace(
                "title: \"Bordkort & <kaffe>\"",
                "title: \"Bordkort\\x01 & <kaffe>\\u000B\\uFFFE\"",
            )
            .replace(
                "summary: \"Et formandskab bruger bordkort.\"",
                "summary: \"Et\\x1b[31m formandskab\\x00 bruger bordkort.\"",
            )
            .replace(
                "## Situationen",
                "## Situationen {#situation onfocus=alert(1) style=color:red data-search-filter=x .ok}\n\n### Fokus {#x onfocus=alert(1)}\n\n```x\" onclick=\"y\nkode\n```",
            ),
    );
    site.build().unwrap();
    let page = site.read("cases/bordkort/index.html");
    assert!(
        page.contains("<h2 id=\"situation\" class=\"ok\">Situationen</h2>"),
        "{page}"
    );
    assert!(page.contains("<h3 id=\"x\">Fokus</h3>"), "{page}");
    for bad in [
        "onfocus",
        "onclick",
        "color:red",
        "data-search-filter=\"x\"",
    ] {
        assert!(!page.contains(bad), "`{bad}` reached the page");
    }
    let feed = site.read("feed.xml");
    assert!(
        feed.contains("<title>Bordkort &amp; &lt;kaffe&gt;</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("<summary>Et[31m formandskab bruger bordkort.</summary>"),
        "{feed}"
    );
    assert_well_formed("feed.xml", &feed);
    assert_well_formed("sitemap.xml", &site.read("sitemap.xml"));
}

#[cfg(unix)]
#[test]
fn a_file_name_cannot_forge_a_diagnostic_line_or_drive_the_terminal() {
    let site = Fixture::new();
    let name = "content/x.html: fejl: falsk\n\u{1b}[2Jy.html";
    site.write(name, "<script>alert(1)</script>");
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": fejl: ")).collect();
    assert_eq!(
        errors,
        [
            "content/x.html: fejl: falsk\\n\\u{1b}[2Jy.html: fejl: filer af typen `.html` må ikke ligge i `content/`"
        ],
        "{stderr}"
    );
    let (_, stdout_json, _) = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout_json).unwrap();
    assert_eq!(json[0]["file"], name, "{stdout}");
}
