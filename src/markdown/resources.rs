//! Files a page embeds from other hosts (an image from `https://…`, raw
//! `<img src="//host/…">`): the reader's browser fetches them when the page
//! is shown, so the host learns who reads what, which a public body must
//! account for. Each is a `third-party` warning naming its host, unless the
//! host is the site's own or `[security] allowed_hosts` lists it. Links
//! (`<a href>`) to other hosts are followed only when the reader clicks,
//! and are fine.
//!
//! What is checked is the sanitised HTML, exactly what is published (ammonia
//! keeps `<img src>` and drops `srcset`, `<video>`, `<iframe>`, `<link>` and
//! the rest), and each URL is resolved against `base_url` as a browser does
//! (`//host`, `\\host`, upper case, tabs inside, punycode).

use url::Url;

use crate::diagnostics::{Code, Diagnostic};

use super::Source;

/// The hosts a page may embed files from: the site's own and the allowed ones.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hosts {
    /// `base_url`: URLs on the page are resolved against it, and its host is the site's own.
    base: Url,
    /// `[security] allowed_hosts`, as browsers write them.
    allowed: Vec<String>,
}

impl Default for Hosts {
    fn default() -> Self {
        Hosts::new("", &[])
    }
}

impl Hosts {
    /// The hosts of a site published at `base_url` that allows `allowed`.
    pub fn new(base_url: &str, allowed: &[String]) -> Self {
        let base = Url::parse(base_url)
            .or_else(|_| Url::parse("https://site.invalid/"))
            .unwrap_or_else(|_| unreachable!("a fixed, valid URL"));
        let allowed = allowed
            .iter()
            .filter_map(|h| crate::config::normal_host(h))
            .collect();
        Hosts { base, allowed }
    }

    /// The host `url` (as it stands in the page) makes the browser contact,
    /// if it is neither the site's own nor allowed.
    pub(super) fn third_party(&self, url: &str) -> Option<String> {
        let resolved = self.base.join(url).ok()?;
        let host = resolved.host_str()?;
        let own = self.base.host_str() == Some(host);
        (!own && !self.allowed.iter().any(|a| a == host)).then(|| host.to_string())
    }
}

/// Where a body may have written an embedded file: a Markdown image or a
/// piece of raw HTML, with its position and its text as written.
#[derive(Debug)]
pub(super) struct Written {
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) text: String,
}

/// A `third-party` warning for each file `html` (a sanitised body) embeds
/// from another host, at the image or raw HTML in `written` that names the
/// host (in order; the first of them when none does, e.g. a host written
/// with entities).
pub(super) fn third_party_warnings(
    source: Source<'_>,
    html: &str,
    written: &[Written],
    hosts: &Hosts,
) -> Vec<Diagnostic> {
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let mut next = 0;
    for url in embedded_urls(html) {
        let Some(host) = hosts.third_party(&url) else {
            continue;
        };
        let names_host = |w: &Written| w.text.to_lowercase().contains(&host);
        let found = written[next..]
            .iter()
            .position(names_host)
            .map(|i| i + next)
            .or_else(|| written.iter().position(names_host));
        if let Some(i) = found {
            next = i + 1;
        }
        let (line, column) = found
            .or((!written.is_empty()).then_some(0))
            .map_or((1, 1), |i| (written[i].line, written[i].column));
        if warnings
            .iter()
            .any(|w| w.line == Some(line) && w.message.contains(&format!("`{host}`")))
        {
            continue;
        }
        warnings.push(
            Diagnostic::warning(
                source.path,
                Code::ThirdParty,
                format!(
                    "siden indlejrer en fil fra en anden vært, `{host}`: læserens browser henter den derfra, hver gang siden vises"
                ),
            )
            .at(line, column)
            .with_source_line(source.file_text)
            .hint(format!(
                "læg filen i `content/` og link til den dér; skal siden bruge værten med vilje, så skriv den i site.toml: `[security]` med `allowed_hosts = [\"{host}\"]`"
            )),
        );
    }
    warnings
}

/// Attributes whose URL the browser fetches with the page (`href` only on
/// elements other than `a` and `area`, where it is a link the reader follows).
fn is_embedding(tag: &str, attribute: &str) -> bool {
    match attribute {
        "src" | "srcset" | "poster" | "data" | "background" => true,
        "href" => !matches!(tag, "a" | "area"),
        _ => false,
    }
}

/// The URLs `html` makes the browser fetch. `html` is ammonia's output:
/// every tag well formed, every attribute value in `"…"`, `<` in text
/// escaped, no comments.
fn embedded_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_end == 0 {
            continue; // an end tag
        }
        let tag = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let name_end = rest
                .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
                .unwrap_or(rest.len());
            let attribute = rest[..name_end].to_ascii_lowercase();
            rest = &rest[name_end..];
            let Some(after) = rest.strip_prefix('=') else {
                continue;
            };
            let (value, remaining) = match after.strip_prefix('"') {
                Some(quoted) => {
                    let end = quoted.find('"').unwrap_or(quoted.len());
                    (&quoted[..end], &quoted[(end + 1).min(quoted.len())..])
                }
                None => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = remaining;
            if !is_embedding(&tag, &attribute) {
                continue;
            }
            let value = unescape(value);
            if attribute == "srcset" {
                urls.extend(srcset_urls(&value));
            } else {
                urls.push(value);
            }
        }
    }
    urls
}

/// An attribute value as html5ever writes it, unescaped.
fn unescape(value: &str) -> String {
    html_escape::decode_html_entities(value).into_owned()
}

/// The URLs of a `srcset`: `a.png 1x, //host/b.png 2x`.
fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(allowed: &[&str]) -> Hosts {
        let allowed: Vec<String> = allowed.iter().map(|h| h.to_string()).collect();
        Hosts::new("https://handbog.example.dk/sti/", &allowed)
    }

    #[test]
    fn urls_resolve_as_a_browser_resolves_them() {
        let h = hosts(&["Video.Example.DK"]);
        for own in [
            "/billede.png",
            "billede.png",
            "../x.png",
            "https://handbog.example.dk/x.png",
            "HTTPS://HANDBOG.EXAMPLE.DK/x.png",
            "//handbog.example.dk/x.png",
            "https://video.example.dk/film.mp4",
            "mailto:a@example.dk",
            "#top",
        ] {
            assert_eq!(h.third_party(own), None, "{own}");
        }
        for (url, host) in [
            ("https://tracker.example/x.png", "tracker.example"),
            ("//Tracker.Example/x.png", "tracker.example"),
            ("\\\\tracker.example/x.png", "tracker.example"),
            ("/\\tracker.example/x.png", "tracker.example"),
            ("https:\\\\tracker.example", "tracker.example"),
            ("ht\ttps://tracker.example/", "tracker.example"),
            ("http://bücher.example/", "xn--bcher-kva.example"),
            (
                "https://handbog.example.dk.tracker.example/",
                "handbog.example.dk.tracker.example",
            ),
            ("https://user@tracker.example:8443/", "tracker.example"),
        ] {
            assert_eq!(h.third_party(url).as_deref(), Some(host), "{url}");
        }
    }

    #[test]
    fn embedded_urls_are_read_from_every_fetching_attribute_but_links() {
        let html = "<p><a href=\"https://andet.example/\">a</a><img src=\"https://x.example/a?b=1&amp;c=2\" alt=\"&quot;\"></p>\
                    <img alt=\"src=https://falsk.example/\" srcset=\"//s.example/1.png 1x, b.png 2x\">\
                    <video poster=\"//p.example/p.png\"><source src=\"//v.example/v.mp4\"></video>\
                    <link href=\"//l.example/s.css\"><area href=\"//omraade.example/\">";
        assert_eq!(
            embedded_urls(html),
            [
                "https://x.example/a?b=1&c=2",
                "//s.example/1.png",
                "b.png",
                "//p.example/p.png",
                "//v.example/v.mp4",
                "//l.example/s.css",
            ]
        );
        assert!(embedded_urls("<p>1 &lt; 2 og src=\"//x/\"</p>").is_empty());
    }
}
