//! Markdown → HTML with `pulldown-cmark`: heading ids, table of contents, plain
//! text (for search and readability), and links between content files rewritten
//! to page URLs. Pure: no file system, the caller passes what links may point at.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

mod html;
mod ids;
mod links;
mod literal;
mod resources;
mod sanitize;
mod sections;

pub use html::render;
use ids::is_safe_token;
pub use links::percent_decode;
pub use resources::Hosts;
#[cfg(test)]
pub use sections::{INLINE, tag_name};
pub use sections::{Section, squash};

/// A body rendered to HTML, with what later stages need to know about it.
/// `Eq`: two shared bodies (`Arc`) from the same allocation are equal
/// without comparing them (the parse memo hands out the same body).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// `##` and `###` headings in order, for the in-page table of contents.
    pub toc: Vec<TocEntry>,
    /// Every heading id in the body (anchors other files may link to).
    pub heading_ids: Vec<String>,
    /// The text as a reader sees it, in sections under the `##`/`###`
    /// headings (search, readability); the first holds the text before them.
    pub sections: Vec<Section>,
    /// Links to other content files, checked for anchors by the model.
    pub links: Vec<ContentLink>,
    /// The fingerprint of what a page shows and search finds of the body.
    print: BodyPrint,
}

/// [`Rendered::print`], taken the first time it is asked for: a body is
/// shared (`Arc`) and not changed once rendered, and a recorded render in
/// `serve` asks for it on every page of every rebuild (hashing the bodies
/// themselves was most of that render's time).
#[derive(Debug, Clone, Default)]
struct BodyPrint(std::sync::OnceLock<u64>);

/// Equal whether taken or not: it follows from the fields beside it.
impl PartialEq for BodyPrint {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for BodyPrint {}

impl Rendered {
    /// The fingerprint of the HTML, the table of contents and the
    /// sections: what a page shows of the body and what search finds.
    /// Taken once; the body must not change after (nothing changes a body
    /// once the Markdown stage gave it, but a build letting go of parts
    /// the render does not read, which asks for no fingerprint).
    pub fn print(&self) -> u64 {
        *self.print.0.get_or_init(|| {
            crate::fingerprint::fingerprint(&(&self.html, &self.toc, &self.sections))
        })
    }

    /// The text without markup, headings and all, as one string.
    pub fn plain_text(&self) -> String {
        let mut text = String::new();
        for section in &self.sections {
            for part in [&section.heading, &section.text] {
                if !part.is_empty() {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(part);
                }
            }
        }
        text
    }
}

/// One heading in the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A Markdown link to another content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLink {
    /// Target path relative to `content/`, e.g. `temaer/faelles-formaal.md`.
    pub target: String,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
    /// 1-based line in the `.md` file.
    pub line: usize,
    /// 1-based column in the `.md` file.
    pub column: usize,
}

/// What links in a body may point at.
#[derive(Debug, Clone, Copy)]
pub struct LinkTargets<'a> {
    /// Content-relative `.md` path → page URL.
    pub pages: &'a HashMap<String, String>,
    /// Content-relative paths of non-Markdown files (images).
    pub assets: &'a HashSet<String>,
    /// Content-relative `.md` paths whose front matter could not be read:
    /// they have an error of their own, so a link to one is not a second.
    pub failed: &'a HashSet<String>,
    /// Prefix of every internal URL (from `base_url`), "" at a domain's root.
    pub base_path: &'a str,
    /// Ids the theme's templates use (`indhold`, `soeg`, …): a heading never
    /// takes one, or the skip link and the site's scripts would find it instead.
    pub theme_ids: &'a HashSet<String>,
    /// The hosts a body may embed files from without a warning.
    pub hosts: &'a Hosts,
}

/// The literal `id="…"` values in template text (ids built from template
/// expressions are left out: they are not known until render).
pub fn template_ids<'a>(templates: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    let mut ids = HashSet::new();
    for text in templates {
        for (at, _) in text.match_indices("id=\"") {
            let rest = &text[at + 4..];
            let Some(end) = rest.find('"') else { continue };
            let id = &rest[..end];
            if is_safe_token(id) {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

/// One body to render.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Path shown in diagnostics.
    pub path: &'a str,
    /// Path relative to `content/` (links are resolved from its folder).
    pub relative: &'a str,
    /// The whole file text (for line numbers).
    pub file_text: &'a str,
    /// Byte offset of the body in `file_text`.
    pub body_offset: usize,
}

#[cfg(test)]
mod tests {
    use super::links::relative_from;
    use super::*;
    use crate::config::RawHtml;
    use crate::diagnostics::{Code, Diagnostic};

    #[test]
    fn a_body_print_follows_its_html_and_its_searchable_text() {
        let body = |html: &str, text: &str| Rendered {
            html: html.into(),
            sections: vec![Section {
                text: text.into(),
                ..Section::default()
            }],
            ..Rendered::default()
        };
        let print = body("<p>a</p>", "a").print();
        assert_eq!(print, body("<p>a</p>", "a").print());
        assert_ne!(print, body("<p>b</p>", "a").print());
        assert_ne!(print, body("<p>a</p>", "b").print(), "search's text alone");
        // Equal bodies are equal whether their print was taken or not.
        let taken = body("<p>a</p>", "a");
        taken.print();
        assert_eq!(taken, body("<p>a</p>", "a"));
    }

    fn render_str(relative: &str, body: &str) -> (Rendered, Vec<Diagnostic>) {
        let pages: HashMap<String, String> = [(
            "temaer/faelles-formaal.md".to_string(),
            "/temaer/faelles-formaal/".to_string(),
        )]
        .into();
        let assets: HashSet<String> = ["cases/billede.png".to_string()].into();
        let theme_ids = template_ids(["<main id=\"indhold\">", "<div id=\"{{ x }}\">"]);
        let hosts = Hosts::new("https://example.org/", &["tilladt.example".to_string()]);
        let text = format!("---\ntitle: x\n---\n{body}");
        let source = Source {
            path: "content/x.md",
            relative,
            file_text: &text,
            body_offset: 16,
        };
        render(
            source,
            LinkTargets {
                pages: &pages,
                assets: &assets,
                failed: &HashSet::from(["cases/i-stykker.md".to_string()]),
                base_path: "",
                theme_ids: &theme_ids,
                hosts: &hosts,
            },
            RawHtml::Sanitize,
        )
    }

    #[test]
    fn a_task_list_gives_boxes_to_tick_not_form_fields() {
        let (r, problems) = render_str("x.md", "- [ ] Vælg et tema\n- [x] Print kortene\n");
        assert!(problems.is_empty());
        assert!(
            r.html
                .contains("<li><span class=\"tick\"></span>Vælg et tema</li>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<span class=\"tick tick-done\"></span>"));
        assert!(!r.html.contains("<input"), "{}", r.html);
    }

    #[test]
    fn a_link_to_a_file_with_its_own_error_is_not_a_second_error() {
        let body = "[i stykker](i-stykker.md) og [væk](vaek.md)\n";
        let (r, problems) = render_str("cases/a.md", body);
        // The broken file's own error is enough; a missing file is still one.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("vaek.md"), "{problems:?}");
        assert!(r.html.contains("i stykker") && !r.html.contains("i-stykker.md"));
    }

    #[test]
    fn worksheets_and_decks_are_links_only_for_themes_that_exist() {
        let (r, problems) = render_str(
            "x.md",
            "[ark](/refleksion/faelles-formaal/) [kort](/refleksion/faelles-formaal/kort/) [alle](/refleksion/#tema-faelles-formaal)\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            r.html
                .contains("href=\"/refleksion/faelles-formaal/kort/\"")
        );
        let (_, problems) = render_str(
            "x.md",
            "[kort](/refleksion/felles-formaal/kort/) [andet](/refleksion/faelles-formaal/andet/)\n",
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].code, Code::BrokenLink);
        assert!(
            problems[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("mente du `/refleksion/faelles-formaal/kort/`?")),
            "{problems:?}"
        );
    }

    #[test]
    fn inline_code_keeps_its_code_element() {
        let (r, _) = render_str("cases/a.md", "Skriv `slug: kort` i front matter.\n");
        assert!(r.html.contains("<code>slug: kort</code>"), "{}", r.html);
        assert!(
            r.plain_text().contains("Skriv slug: kort i front matter."),
            "{}",
            r.plain_text()
        );
    }

    #[test]
    fn headings_never_take_an_id_the_theme_uses() {
        let (r, _) = render_str("cases/a.md", "## Indhold\n\n## Andet {#indhold}\n");
        assert!(
            r.html.contains("<h2 id=\"indhold-2\">Indhold</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"indhold-3\">Andet</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn headings_get_danish_ids_and_toc() {
        let (r, problems) = render_str(
            "cases/a.md",
            "## Sådan gør du\n\ntekst\n\n### Øvelse\n\n## Sådan gør du\n",
        );
        assert!(problems.is_empty());
        assert!(
            r.html
                .contains("<h2 id=\"saadan-goer-du\">Sådan gør du</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"saadan-goer-du-2\">"));
        assert_eq!(r.toc.len(), 3);
        assert_eq!(
            r.toc[1],
            TocEntry {
                level: 3,
                id: "oevelse".into(),
                title: "Øvelse".into()
            }
        );
    }

    #[test]
    fn links_to_content_files_become_page_urls() {
        let (r, problems) = render_str(
            "cases/a.md",
            "Se [formål](../temaer/faelles-formaal.md#kort).",
        );
        assert!(problems.is_empty());
        assert!(
            r.html.contains("href=\"/temaer/faelles-formaal/#kort\""),
            "{}",
            r.html
        );
        assert_eq!(r.links[0].anchor.as_deref(), Some("kort"));
        assert_eq!((r.links[0].line, r.links[0].column), (4, 4));
    }

    #[test]
    fn broken_link_is_reported_with_position_and_suggestion() {
        let (r, problems) = render_str(
            "cases/a.md",
            "Tekst\n\nSe [formål](../temaer/faelles-formal.md).",
        );
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert_eq!((p.line, p.column), (Some(6), Some(4)));
        assert_eq!(
            p.message,
            "linket `../temaer/faelles-formal.md` virker ikke: filen `content/temaer/faelles-formal.md` findes ikke"
        );
        assert_eq!(
            p.hint.as_deref(),
            Some(
                "mente du `../temaer/faelles-formaal.md`? Stier regnes fra den fil, linket står i"
            )
        );
        assert!(
            !r.html.contains("<a"),
            "dropped link keeps only its text: {}",
            r.html
        );
    }

    #[test]
    fn script_urls_never_reach_href() {
        let (r, problems) = render_str(
            "a.md",
            "[klik](javascript:alert(1)) [x]( JaVaScRiPt:alert(1))",
        );
        assert_eq!(problems.len(), 2);
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_sanitized() {
        let (r, _) = render_str(
            "a.md",
            "<script>alert(1)</script>\n\n<p onclick=\"x()\">hej</p>\n\n<img src=x onerror=alert(1)>",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.contains("onerror"));
        assert!(r.html.contains("hej"));
    }

    #[test]
    fn images_resolve_to_assets_and_missing_ones_are_errors() {
        let (r, problems) = render_str(
            "cases/a.md",
            "![Et billede](billede.png)\n\n![Mangler](væk.png)",
        );
        assert!(r.html.contains("src=\"/cases/billede.png\""), "{}", r.html);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message
                == "billedet `væk.png` virker ikke: filen `content/cases/væk.png` findes ikke"
        );
    }

    #[test]
    fn suggestions_are_relative_to_the_linking_file() {
        assert_eq!(
            relative_from("temaer", "temaer/faelles-formaal.md"),
            "faelles-formaal.md"
        );
        assert_eq!(
            relative_from("cases", "temaer/faelles-formaal.md"),
            "../temaer/faelles-formaal.md"
        );
        assert_eq!(relative_from("", "temaer/a.md"), "temaer/a.md");
        assert_eq!(relative_from("temaer", "om.md"), "../om.md");
    }

    #[test]
    fn absolute_links_are_checked_against_the_site() {
        let (_, problems) = render_str(
            "cases/a.md",
            "[ok](/temaer/faelles-formaal/) [liste](/cases/) [f](/feed.xml)\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let (r, problems) = render_str("cases/a.md", "[md](/temaer/faelles-formaal.md)\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            r.html.contains("href=\"/temaer/faelles-formaal/\""),
            "{}",
            r.html
        );
        let (_, problems) = render_str(
            "cases/a.md",
            "[nej](/temaer/findes-ikke/) ![](/billede.png)\n",
        );
        let codes: Vec<Code> = problems.iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            [Code::BrokenLink, Code::BrokenLink, Code::MissingAlt],
            "{problems:?}"
        );
    }

    #[test]
    fn links_markdown_leaves_as_text_are_warnings() {
        let (_, problems) = render_str(
            "cases/a.md",
            "Se [temaet](Fælles formål) og [[Fælles formål]].\n\n`[[kode]]` [t](a.md \"titel\")\n\n```\n[[x]]\n```\n",
        );
        let literal: Vec<&Diagnostic> = problems
            .iter()
            .filter(|p| p.code == Code::LiteralLink)
            .collect();
        assert_eq!(literal.len(), 2, "{problems:?}");
        assert_eq!((literal[0].line, literal[0].column), (Some(4), Some(4)));
        assert_eq!(
            literal[0].hint.as_deref(),
            Some(
                "skriv stien til indholdsfilen, fx `[temaet](../temaer/faelles-formaal.md)`; et mellemrum i en sti skrives `%20`"
            )
        );
        assert_eq!(
            literal[1].hint.as_deref(),
            Some("skriv et Markdown-link: `[Fælles formål](../temaer/faelles-formaal.md)`")
        );
    }

    #[test]
    fn images_without_alt_text_are_warnings() {
        let (_, problems) = render_str(
            "cases/a.md",
            "![](billede.png)\n\n![Et billede](billede.png)\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            (problems[0].code, problems[0].line),
            (Code::MissingAlt, Some(4))
        );
        assert!(!problems[0].is_error());
    }

    #[test]
    fn files_from_other_hosts_are_warnings_naming_host_and_line() {
        let body = "![Logo](https://tracker.example/x.png)\n\n\
                    [Link](https://andet.example/) <a href=\"//andet.example/\">a</a>\n\n\
                    <img alt=\"b\" src=\"//CDN.example/b.png\">\n\n\
                    <div>\n<img alt=\"c\"\n  src=\"https://cdn.example/c.png\">\n</div>\n\n\
                    ![Tilladt](https://tilladt.example/t.png) ![Eget](https://example.org/e.png)\n\n\
                    <img alt=\"d\" srcset=\"//s.example/1.png 1x\" src=\"/d.png\"> \
                    <video src=\"//v.example/v.mp4\"></video> <iframe src=\"//i.example/\"></iframe>\n";
        let (r, problems) = render_str("cases/a.md", body);
        let found: Vec<(Option<usize>, &str)> = problems
            .iter()
            .filter(|p| p.code == Code::ThirdParty)
            .map(|p| (p.line, p.message.split('`').nth(1).unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [
                (Some(4), "tracker.example"),
                (Some(8), "cdn.example"),
                (Some(12), "cdn.example"),
            ],
            "{problems:#?}"
        );
        let first = &problems[0];
        assert!(!first.is_error());
        assert_eq!(
            first.message,
            "siden indlejrer en fil fra en anden vært, `tracker.example`: læserens browser henter den derfra, hver gang siden vises"
        );
        assert!(
            first
                .hint
                .as_deref()
                .unwrap()
                .ends_with("`[security]` med `allowed_hosts = [\"tracker.example\"]`")
        );
        // What the sanitiser drops is not published, so it needs no warning.
        assert!(
            !r.html.contains("srcset") && !r.html.contains("<video") && !r.html.contains("<iframe")
        );
        let (_, problems) = render_str("cases/a.md", "Tekst uden billeder.\n");
        assert!(problems.is_empty());
    }

    #[test]
    fn plain_text_has_no_markup() {
        let (r, _) = render_str("a.md", "## Overskrift\n\nEt *vigtigt* ord.\n\n- punkt");
        assert_eq!(r.plain_text(), "Overskrift Et vigtigt ord. punkt");
    }

    #[test]
    fn sections_follow_the_headings_and_keep_words_as_a_reader_sees_them() {
        let body = "Før *første*\noverskrift.\n\n## Første {#en}\n\n- a\n- b\n\n\
                    | x | y |\n|---|---|\n| 1 | 2 |\n\n![alt tekst](https://e.dk/b.png)efter\n\n\
                    #### Lille\n\nmere `kode`n\n\n### Anden\n\n> citat\n";
        let (r, _) = render_str("a.md", body);
        let got: Vec<(&str, &str, &str)> = r
            .sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("", "", "Før første overskrift."),
                ("en", "Første", "a b x y 1 2 efter Lille mere koden"),
                ("anden", "Anden", "citat"),
            ]
        );
    }

    /// Every attribute (name, value) of every tag in `html` (pulldown-cmark and
    /// ammonia escape `<` in text, so each `<` + letter starts a tag).
    fn attributes(html: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            rest = &rest[start + 1..];
            if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let name_end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/');
            let mut tag = rest[name_end.unwrap_or(rest.len())..].trim_start();
            loop {
                tag = tag.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
                if tag.is_empty() || tag.starts_with('>') {
                    break;
                }
                let end = tag
                    .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                    .unwrap_or(tag.len());
                let name = tag[..end].to_ascii_lowercase();
                tag = tag[end..].trim_start();
                let mut value = String::new();
                if let Some(after) = tag.strip_prefix('=') {
                    let after = after.trim_start();
                    let (v, remaining) = match after.chars().next() {
                        Some(q @ ('"' | '\'')) => {
                            let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                            (&after[1..close], &after[(close + 1).min(after.len())..])
                        }
                        _ => {
                            let e = after
                                .find(|c: char| c.is_whitespace() || c == '>')
                                .unwrap_or(after.len());
                            (&after[..e], &after[e..])
                        }
                    };
                    value = v.to_string();
                    tag = remaining;
                }
                found.push((name, value));
            }
            rest = tag;
        }
        found
    }

    /// What no rendered body may contain, whatever the input.
    fn assert_harmless(input: &str, html: &str) {
        assert!(
            !html.to_ascii_lowercase().contains("<script"),
            "{input:?} → {html}"
        );
        for (name, value) in attributes(html) {
            assert!(
                !name.starts_with("on") && name != "style" && !name.starts_with("data-"),
                "attribute `{name}` from {input:?} → {html}"
            );
            assert!(
                [
                    "href", "src", "alt", "title", "id", "class", "lang", "start", "colspan",
                    "rowspan"
                ]
                .contains(&name.as_str()),
                "unexpected attribute `{name}` from {input:?} → {html}"
            );
            let squashed: String = value
                .to_ascii_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert!(
                !["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| squashed.starts_with(s)),
                "script URL from {input:?} → {html}"
            );
        }
    }

    #[test]
    fn the_harmlessness_check_sees_what_it_looks_for() {
        for html in [
            "<h3 id=\"x\" onfocus=\"alert(1)\">F</h3>",
            "<p style=color:red>x</p>",
            "<h2 data-search-filter='x'>x</h2>",
            "<a href=\" JavaScript:x\">x</a>",
            "<SCRIPT>x</SCRIPT>",
        ] {
            assert!(
                std::panic::catch_unwind(|| assert_harmless("", html)).is_err(),
                "{html}"
            );
        }
        assert_harmless(
            "",
            "<p>onclick=x style=y &lt;script&gt; \"javascript:x\"</p>",
        );
    }

    #[test]
    fn heading_attributes_keep_only_safe_ids_and_classes() {
        let (r, _) = render_str("a.md", "### Fokus {#x onfocus=alert(1)}\n");
        assert_eq!(r.html, "<h3 id=\"x\">Fokus</h3>\n");
        let (r, _) = render_str(
            "a.md",
            "## A {#ok .fin .\"x\" style=color:red data-search-filter=x}\n\n## B {#a\"b}\n\n## C {#æ-ø}\n",
        );
        assert!(
            r.html.contains("<h2 id=\"ok\" class=\"fin\">A</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"a-b\">B</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"ae-oe\">C</h2>"), "{}", r.html);
        assert_eq!(r.heading_ids, ["ok", "a-b", "ae-oe"]);
    }

    #[test]
    fn code_blocks_and_tables_set_no_unsafe_attributes() {
        let (r, _) = render_str(
            "a.md",
            "```rust\nx\n```\n\n```\"onmouseover=x\nx\n```\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n",
        );
        assert!(
            r.html.contains("<code class=\"language-rust\">"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("onmouseover"), "{}", r.html);
        assert!(!r.html.contains("style="), "{}", r.html);
    }

    #[test]
    fn script_urls_are_refused_in_every_disguise() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript&colon;alert(1)",
            "java&#9;script:alert(1)",
            "java&#10;script:alert(1)",
            "<\tjavascript:alert(1)>",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:text/html,<script>alert(1)</script>",
            "&#100;ata:text/html,x",
        ] {
            for body in [
                format!("[klik]({url})"),
                format!("![billede]({url})"),
                format!("[klik][r]\n\n[r]: {url}"),
            ] {
                let (r, problems) = render_str("a.md", &body);
                assert_harmless(&body, &r.html);
                assert_eq!(problems.len(), 1, "{body} → {}", r.html);
                assert_eq!(problems[0].code, Code::UnsafeUrl, "{body}");
            }
        }
        let (r, problems) = render_str("a.md", "<javascript:alert(1)> <vbscript:x>");
        assert_harmless("autolink", &r.html);
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn hostile_bodies_never_put_script_on_the_page() {
        // Fuzz-style: random sequences of hostile fragments, with a fixed seed.
        let pieces = [
            "### Fokus {#x onfocus=alert(1)}\n",
            "## T {.a style=x data-search-meta=y onclick=z}\n",
            "# {#\" onload=\"x}\n",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<p style=\"color:red\" data-x=1 onclick=\"x()\">p</p>",
            "<a href=\"javascript:alert(1)\">a</a>",
            "<svg><animate onbegin=alert(1)>",
            "[a](javascript:alert(1) \"t\\\" onmouseover=x\")",
            "![i](billede.png \"\\\" onerror=alert(1) x=\\\"\")",
            "```\" onclick=x\ncode\n```\n",
            "```js onclick=x\ncode\n```\n",
            "| a |\n|:-:|\n| b |\n",
            "[^\" onclick=x]\n\n[^\" onclick=x]: fod\n",
            "<javascript:alert(1)>",
            "[r]: DaTa:text/html,x\n[x][r]",
            "onclick=x style=y data-x=z",
            "&lt;script&gt;",
            "\n\n",
            "*",
            "`",
            "{",
            "}",
            " ",
            "\"",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2_000 {
            let count = 1 + (next() % 6) as usize;
            let body: String = (0..count)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let (r, _) = render_str("cases/a.md", &body);
            assert_harmless(&body, &r.html);
        }
    }
}
