//! sitemap.xml, feed.xml (Atom, newest cases) and robots.txt, built from the
//! model. No timestamps besides the content's own dates, so output is deterministic.

use crate::config::Config;
use crate::model::Library;

use super::Output;

/// The three files, given the output paths of the HTML pages (for the sitemap).
pub fn feeds(library: &Library, config: &Config, pages: &[String]) -> Vec<Output> {
    let base_url = config.base_url_trimmed();
    // `base_url` is checked in config, but escaped like everything else here.
    let xml_base = escape(base_url);
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut urls: Vec<String> = pages
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("{base_url}/{}", p.trim_end_matches("index.html")))
        .collect();
    urls.sort();
    for url in urls {
        sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(&url)));
    }
    sitemap.push_str("</urlset>\n");

    let order = super::newest(library);
    let updated = library
        .cases
        .iter()
        .filter_map(|c| c.date.as_deref())
        .max()
        .unwrap_or("1970-01-01");
    let mut feed = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{} – nyeste cases</title>\n  <id>{xml_base}/</id>\n  <link rel=\"self\" href=\"{xml_base}/feed.xml\"/>\n  <link rel=\"alternate\" href=\"{xml_base}/\"/>\n  <updated>{}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        escape(&config.language),
        escape(&config.title),
        escape(updated),
        escape(&config.title)
    );
    for &i in order.iter().take(50) {
        let case = &library.cases[i];
        let url = format!(
            "{base_url}{}",
            case.entry
                .url
                .strip_prefix(&config.base_path())
                .unwrap_or(&case.entry.url)
        );
        let date = case.date.as_deref().unwrap_or(updated);
        feed.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&case.entry.title),
            escape(&url),
            escape(&url),
            escape(date),
            escape(&case.entry.summary)
        ));
    }
    feed.push_str("</feed>\n");
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n");
    vec![
        Output {
            path: "sitemap.xml".into(),
            bytes: sitemap.into_bytes(),
        },
        Output {
            path: "feed.xml".into(),
            bytes: feed.into_bytes(),
        },
        Output {
            path: "robots.txt".into(),
            bytes: robots.into_bytes(),
        },
    ]
}

/// Escapes `text` for XML text and attribute values, dropping the characters
/// XML 1.0 forbids: one control character in a title would otherwise make
/// every feed reader refuse the whole feed.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_drops_what_xml_forbids_and_keeps_the_rest() {
        assert_eq!(
            escape("a\u{1}b\u{0}\tc\n\r\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}æ & <\">"),
            "ab\tc\n\ræ &amp; &lt;&quot;&gt;"
        );
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
            assert_eq!(is_xml_char(c), allowed, "{:?}", c);
        }
    }
}
