//! The feed of the newest cases (`feed.xml`, Atom), the sitemap
//! (`sitemap.xml`) and `robots.txt`: theme templates like the pages, so a
//! theme can override them. No timestamps besides the content's own dates,
//! so output is deterministic.

use serde::Serialize;

use super::pages::Job;
use crate::config::Config;
use crate::model::Library;
use crate::site_map::{self, SiteMap};

/// How many cases the feed holds.
const FEED_LENGTH: usize = 50;

/// The context of `feed.xml`. Every text has the characters XML forbids
/// removed; the template escapes the rest.
#[derive(Debug, Serialize)]
struct Feed {
    /// The site's title.
    title: String,
    /// The site's language.
    language: String,
    /// The home page's absolute URL.
    home: String,
    /// The feed's own absolute URL.
    self_url: String,
    /// The newest case's date (`2024-01-24`), the feed's date.
    updated: String,
    /// The newest cases, newest first.
    entries: Vec<FeedEntry>,
}

/// A case in the feed.
#[derive(Debug, Serialize)]
struct FeedEntry {
    title: String,
    /// The case page's absolute URL.
    url: String,
    /// The case's date, or the feed's for an undated case.
    updated: String,
    summary: String,
}

/// The context of `sitemap.xml`.
#[derive(Debug, Serialize)]
struct Sitemap {
    /// The absolute URL of every page, sorted.
    urls: Vec<String>,
}

/// The context of `robots.txt`.
#[derive(Debug, Serialize)]
struct Robots {
    /// The sitemap's absolute URL.
    sitemap: String,
}

/// The jobs of the three files, given the output path of every page (for the sitemap).
pub(super) fn jobs(
    library: &Library,
    config: &Config,
    map: &SiteMap,
    pages: &[String],
) -> Vec<Job> {
    let base_url = config.base_url_trimmed();
    // The absolute URL of a path under the base path.
    let absolute = |url: &str| {
        clean(&format!(
            "{base_url}{}",
            url.strip_prefix(map.base()).unwrap_or(url)
        ))
    };
    let mut urls: Vec<String> = pages
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| clean(&format!("{base_url}/{}", p.trim_end_matches("index.html"))))
        .collect();
    urls.sort();

    let updated = library
        .cases
        .iter()
        .filter_map(|c| c.date.as_deref())
        .max()
        .unwrap_or("1970-01-01");
    let entries = super::newest(library)
        .into_iter()
        .take(FEED_LENGTH)
        .map(|i| {
            let case = &library.cases[i];
            FeedEntry {
                title: clean(&case.entry.title),
                url: absolute(&case.entry.url),
                updated: clean(case.date.as_deref().unwrap_or(updated)),
                summary: clean(&case.entry.summary),
            }
        })
        .collect();
    let feed = Feed {
        title: clean(&config.title),
        language: clean(&config.language),
        home: absolute(&map.home()),
        self_url: absolute(&map.file(site_map::FEED)),
        updated: clean(updated),
        entries,
    };
    let robots = Robots {
        sitemap: format!("{base_url}/{}", site_map::SITEMAP),
    };
    vec![
        Job::file(
            site_map::SITEMAP,
            map.file(site_map::SITEMAP),
            &Sitemap { urls },
        ),
        Job::file(site_map::FEED, map.file(site_map::FEED), &feed),
        Job::file(site_map::ROBOTS, map.file(site_map::ROBOTS), &robots),
    ]
}

/// `text` without the characters XML 1.0 forbids: one control character in
/// a title would otherwise make every feed reader refuse the whole feed.
fn clean(text: &str) -> String {
    text.chars().filter(|&c| is_xml_char(c)).collect()
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_what_xml_forbids_and_keeps_the_rest() {
        assert_eq!(
            clean("a\u{1}b\u{0}\tc\n\r\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}æ & <\">"),
            "ab\tc\n\ræ & <\">"
        );
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
            assert_eq!(is_xml_char(c), allowed, "{:?}", c);
        }
    }
}
