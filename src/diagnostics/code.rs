//! [`Code`]: the stable, machine-readable name of a kind of problem, as
//! `check --format json`, SARIF (one rule per code) and GitHub annotations
//! show it. The README lists every code with its meaning; a test holds the
//! two together.

use std::fmt;

use serde::{Serialize, Serializer};

/// Declares [`Code`] with each variant's kebab-case name and meaning, so the
/// three cannot drift apart.
macro_rules! codes {
    ($($variant:ident = $name:literal: $meaning:literal,)*) => {
        /// The kind of a problem: what `check` reports as its code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $meaning] $variant,)*
        }

        impl Code {
            /// Every code, in the order the README lists them.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The name as printed: `front-matter`, `unknown-reference`, ….
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// What the code means, in one line (as in the README).
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }
        }
    };
}

codes! {
    FrontMatter = "front-matter": "an empty file, or front matter missing, empty or not closed by `---`",
    YamlSyntax = "yaml-syntax": "front matter that is not valid YAML (also nested deeper than 64 levels, refused before the YAML parser sees it)",
    UnknownField = "unknown-field": "a front matter field the kind does not have",
    MissingField = "missing-field": "a required field missing or empty (a warning in a draft)",
    WrongType = "wrong-type": "a field of the wrong type, a number 0, or a date that does not exist",
    Vocabulary = "vocabulary": "a `sector` or `level` outside the vocabulary in `site.toml`",
    UnknownReference = "unknown-reference": "a theme, message or citizen-theme number, or source that does not exist",
    Duplicate = "duplicate": "two messages or citizen themes with the same number",
    DuplicateSlug = "duplicate-slug": "two pages at the same address",
    EmptySlug = "empty-slug": "a title without letters or digits, so no address",
    SlugTooLong = "slug-too-long": "an address too long for a file name",
    ReservedSlug = "reserved-slug": "a free page at an address the handbook uses itself",
    UnknownFolder = "unknown-folder": "a Markdown file in a folder of `content/` the handbook does not know",
    BrokenLink = "broken-link": "a link to a page or file the site does not have",
    BrokenAnchor = "broken-anchor": "a link to a `#section` the page does not have",
    UnsafeUrl = "unsafe-url": "a `javascript:`, `vbscript:`, `data:` or `file:` URL",
    RawHtml = "raw-html": "raw HTML while `[markdown] raw_html = \"reject\"`",
    Encoding = "encoding": "a file not saved as UTF-8",
    Load = "load": "a file or folder that cannot be read, or a symbolic link out of the site",
    Io = "io": "the output folder cannot be written",
    OutputPath = "output-path": "two files at one output path, a file where a folder must be, a name too long for the file system, or a file in the search index's folder `soeg-indeks/`",
    AssetType = "asset-type": "a file in `content/` that is neither Markdown, an image nor a pdf",
    Theme = "theme": "a `theme` in `site.toml` without a `templates/` folder",
    Template = "template": "a template that does not compile or render",
    Config = "config": "a problem in `site.toml` (also unsafe URLs, a `theme` that is not a plain folder name, vocabulary and source keys that are not slugs)",
    LinkToDraft = "link-to-draft": "a published page links to a draft (a warning while drafts are shown)",
    ListMarker = "list-marker": "`–` or `•` instead of `- ` before a list item in front matter: the items would merge",
    Publisher = "publisher": "warning: no `[publisher]` in `site.toml`, no contact or `last_updated` in it, or a `contact_url` that leads back to a page showing this contact",
    Accessibility = "accessibility": "warning: the site's own accessibility statement without `[accessibility]` in `site.toml`, a `status` other than `fuldt` without `known_problems`, or a contact without `response_time`",
    MissingDate = "missing-date": "warning: a case without `date`",
    LongSummary = "long-summary": "warning: a summary longer than `[check] max_summary_chars`",
    Readability = "readability": "warning: LIX above `[check] max_lix` (default 55)",
    CurlyQuotes = "curly-quotes": "warning: a front matter value in “…” from Word",
    InvisibleCharacter = "invisible-character": "warning: a zero-width character or non-breaking space in front matter",
    LiteralLink = "literal-link": "warning: `[tekst](Titel med mellemrum)` or `[[wikilink]]`, which Markdown leaves as text; the hint gives the link that works",
    MissingAlt = "missing-alt": "warning: an image without alt text",
    MergedListItem = "merged-list-item": "warning: a `questions` or `survey` item that swallowed the next, e.g. `Hvorfor? - Hvordan?` from a `- ` indented too far",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    /// The README's list of codes, between its markers: `- `code`: meaning`.
    fn readme_codes() -> Vec<(String, String)> {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("<!-- codes -->")
            .expect("README has <!-- codes -->");
        let end = readme
            .find("<!-- /codes -->")
            .expect("README has <!-- /codes -->");
        readme[start..end]
            .lines()
            .filter_map(|line| line.strip_prefix("- `"))
            .filter_map(|rest| rest.split_once("`: "))
            .map(|(code, meaning)| (code.to_string(), meaning.to_string()))
            .collect()
    }

    #[test]
    fn the_readme_lists_every_code_with_its_meaning() {
        let listed = readme_codes();
        let expected: Vec<(String, String)> = Code::ALL
            .iter()
            .map(|c| (c.as_str().to_string(), c.meaning().to_string()))
            .collect();
        assert_eq!(listed, expected);
    }

    #[test]
    fn codes_serialise_as_their_kebab_case_names() {
        for code in Code::ALL {
            assert_eq!(
                serde_json::to_string(code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
            assert_eq!(code.to_string(), code.as_str());
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-')
            );
        }
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len(), "a name is used twice");
    }
}
