//! [`Code`]: the stable, machine-readable name of a kind of problem, as
//! `check --format json`, SARIF (one rule per code) and GitHub annotations
//! show it. docs/reference.md lists every code with its meaning; a test holds the
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
            /// Every code, in the order docs/reference.md lists them.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The name as printed: `front-matter`, `unknown-reference`, ….
            pub(crate) fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// What the code means, in one line (as in docs/reference.md).
            pub(crate) fn meaning(self) -> &'static str {
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
    Load = "load": "a file or folder that cannot be read: a symbolic link in `content/` or `themes/`, something that is not a regular file, or a file over its size limit",
    Io = "io": "the output folder cannot be written",
    OutputPath = "output-path": "two files at one output path, a file where a folder must be, a name too long for the file system, or a file in the search index's folder `soeg-indeks/`",
    AssetType = "asset-type": "a file in `content/` that is neither Markdown, an image nor a pdf",
    Theme = "theme": "a `theme` in `site.toml` without a `templates/` folder",
    Template = "template": "a template that does not compile or render",
    Config = "config": "a problem in `site.toml` (also unsafe URLs, a `theme` that is not a plain folder name, vocabulary and source keys that are not slugs, a `site.toml` that is a symbolic link, not a regular file or over 1 MiB)",
    LinkToDraft = "link-to-draft": "a published page links to a draft (also while drafts are shown, as in `serve`)",
    AddressChanged = "address-changed": "a page the last build published would move to another address (its title changed and it has no `slug:`), and no `aliases:` keeps the old one",
    ListMarker = "list-marker": "`–` or `•` instead of `- ` before a list item in front matter: the items would merge",
    Publisher = "publisher": "warning: no `[publisher]` in `site.toml`, no contact or `last_updated` in it, or a `contact_url` that leads back to a page showing this contact",
    Accessibility = "accessibility": "warning: the site's own accessibility statement without `[accessibility]` in `site.toml`, a `status` other than `fuldt` without `known_problems`, or a contact without `response_time`",
    MissingDate = "missing-date": "warning: a case without `date`",
    LongSummary = "long-summary": "warning: a summary longer than `[check] max_summary_chars`",
    Readability = "readability": "warning: LIX above `[check] max_lix` (default 55)",
    CurlyQuotes = "curly-quotes": "warning: a front matter value in “…” from Word",
    InvisibleCharacter = "invisible-character": "warning: a zero-width character or non-breaking space in front matter, or a bidirectional control character (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) in a title, summary, question or survey statement",
    LiteralLink = "literal-link": "warning: `[tekst](Titel med mellemrum)` or `[[wikilink]]`, which Markdown leaves as text; the hint gives the link that works",
    MissingAlt = "missing-alt": "warning: an image without alt text",
    ThirdParty = "third-party": "warning: an image or other embedded file from a host other than the site's own that `[security] allowed_hosts` does not list: the reader's browser contacts that host",
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

impl Code {
    /// What the code means, in Danish, for editors (SARIF's rule
    /// descriptions, which GitHub shows beside the pull request).
    pub(crate) fn danish(self) -> &'static str {
        match self {
            Code::FrontMatter => {
                "Filen er tom, eller front matter mangler, er tom eller lukkes ikke med `---`"
            }
            Code::YamlSyntax => {
                "Front matter er ikke gyldig YAML (indrykning, anførselstegn, kolon i teksten)"
            }
            Code::UnknownField => "Et felt, som denne slags side ikke har (ofte en stavefejl)",
            Code::MissingField => {
                "Et påkrævet felt mangler eller er tomt (en advarsel i en kladde)"
            }
            Code::WrongType => {
                "Et felt har en forkert type, fx en tekst hvor der skal stå en liste, eller en dato, der ikke findes"
            }
            Code::Vocabulary => "En `sector` eller `level`, der ikke står i ordlisten i site.toml",
            Code::UnknownReference => {
                "Et tema, et budskab, et borgertema eller en kilde, der ikke findes"
            }
            Code::Duplicate => "To budskaber eller borgertemaer med samme nummer",
            Code::DuplicateSlug => "To sider med samme adresse",
            Code::EmptySlug => "En titel uden bogstaver eller tal, så siden får ingen adresse",
            Code::SlugTooLong => "En adresse, der er for lang til et filnavn",
            Code::ReservedSlug => "En fri side på en adresse, håndbogen selv bruger",
            Code::UnknownFolder => {
                "En Markdown-fil i en mappe under content/, håndbogen ikke kender"
            }
            Code::BrokenLink => "Et link til en side eller fil, håndbogen ikke har",
            Code::BrokenAnchor => "Et link til et afsnit, siden ikke har",
            Code::UnsafeUrl => {
                "Et link eller billede med en adresse, der ikke er tilladt (fx `javascript:`)"
            }
            Code::RawHtml => "HTML i teksten, som håndbogen ikke tillader",
            Code::Encoding => "En fil, der ikke er gemt som UTF-8",
            Code::Load => {
                "En fil eller mappe, der ikke kan læses: et symbolsk link, noget der ikke er en almindelig fil, eller en for stor fil"
            }
            Code::Io => "Outputmappen kan ikke skrives",
            Code::OutputPath => {
                "To filer på samme sti i det byggede websted, eller et navn, filsystemet ikke kan have"
            }
            Code::AssetType => {
                "En fil i content/, der hverken er Markdown, et billede eller en pdf"
            }
            Code::Theme => "Et tema i site.toml uden mappen `templates/`",
            Code::Template => "En skabelon, der ikke kan oversættes eller vises",
            Code::Config => "Et problem i site.toml",
            Code::LinkToDraft => "En udgivet side linker til en kladde",
            Code::AddressChanged => {
                "En udgivet side ville få en ny adresse; behold den gamle med `slug:` eller `aliases:`"
            }
            Code::ListMarker => "`–` eller `•` i stedet for `- ` foran et punkt i front matter",
            Code::Publisher => "Advarsel: udgiver, kontakt eller dato mangler i site.toml",
            Code::Accessibility => {
                "Advarsel: tilgængelighedserklæringen mangler oplysninger i `[accessibility]` i site.toml"
            }
            Code::MissingDate => "Advarsel: en case uden dato",
            Code::LongSummary => "Advarsel: et resumé, der er længere end grænsen i site.toml",
            Code::Readability => "Advarsel: teksten er svær at læse (LIX over grænsen i site.toml)",
            Code::CurlyQuotes => "Advarsel: krumme anførselstegn fra Word i front matter",
            Code::InvisibleCharacter => {
                "Advarsel: et usynligt tegn eller et tegn, der styrer tekstens retning"
            }
            Code::LiteralLink => "Advarsel: et link, som Markdown lader stå som tekst",
            Code::MissingAlt => "Advarsel: et billede uden beskrivelse (alternativ tekst)",
            Code::ThirdParty => "Advarsel: en fil, siden henter fra en anden hjemmeside",
            Code::MergedListItem => {
                "Advarsel: et punkt i en liste, der er rykket længere ind og slås sammen med det forrige"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    /// The reference's list of codes (docs/reference.md), between its markers: `- `code`: meaning`.
    fn readme_codes() -> Vec<(String, String)> {
        let readme = include_str!("../../docs/reference.md");
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
