//! The site map: the one place that knows where every kind of page lives,
//! what readers call each kind, and the addresses of the pages and files the
//! generator makes itself. Parse, the link checks, the model and render ask
//! it; templates get its URLs and labels in their context (`site.urls`,
//! `site.labels`, `site.kinds`, `site.nav`), so neither spells out a path.

mod kinds;
pub use kinds::{ALL_KINDS, FOLDERS, Kind, Label, folder, label, matrix_code};

/// The reflection questions: the question bank, and per theme a worksheet
/// (`/refleksion/<tema>/`) and a deck of cards (`/refleksion/<tema>/kort/`).
pub(crate) const QUESTIONS: &str = "refleksion";
/// The folder of a theme's deck of cards under its worksheet.
pub(crate) const CARDS: &str = "kort";
/// The search page.
pub(crate) const SEARCH: &str = "soeg";
/// The whole handbook on one page, to print.
pub(crate) const PRINT: &str = "print";
/// The print page's output file (`serve` renders it on request).
pub(crate) const PRINT_FILE: &str = "print/index.html";
/// Cases against messages and citizen themes.
pub(crate) const MATRIX: &str = "matrix";
/// The search index's folder.
pub(crate) const SEARCH_INDEX: &str = "soeg-indeks";
/// A folder kept for the theme's files.
pub(crate) const STATIC: &str = "static";
/// The Atom feed of the newest cases.
pub(crate) const FEED: &str = "feed.xml";
/// The sitemap for search engines.
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// robots.txt.
pub(crate) const ROBOTS: &str = "robots.txt";
/// The page a server shows for an address that does not exist.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The content file of the home page.
pub(crate) const HOME_FILE: &str = "_index.md";

/// The folder `serve`'s own files live in, under the site's base path (and
/// at the root, for the error page and themes that write the path out): a
/// reserved address, which render links its reload script from.
pub(crate) const PREVIEW_DIR: &str = "__handbook";

/// What readers call the home page (its breadcrumb).
pub(crate) const HOME_LABEL: &str = "Forside";
/// What readers call the question bank: short in the menu, in full as a title.
pub(crate) const QUESTIONS_LABEL: Label = Label {
    one: "Refleksion",
    many: "Refleksionsspørgsmål",
};

/// What search calls a list page (the themes, the cases, the question bank
/// …): found by its title and introduction, not by the items it lists.
pub(crate) const OVERVIEW_LABEL: Label = Label {
    one: "Oversigt",
    many: "Oversigter",
};

/// The free page about the handbook, linked from the footer when it exists.
pub(crate) const ABOUT_PAGE: &str = "om";
/// The free page on preparing a meeting, a task on the home page when it exists.
pub(crate) const MEETING_PAGE: &str = "forbered-et-moede-i-ledergruppen";
/// The free page on the leadership survey, a task on the home page when it exists.
pub(crate) const SURVEY_PAGE: &str = "efter-ledelsesundersoegelsen";

/// URL folders the generator uses itself; a free page may not take them.
pub(crate) const RESERVED_SLUGS: [&str; 11] = [
    folder(Kind::Theme),
    folder(Kind::Case),
    folder(Kind::Message),
    folder(Kind::CitizenTheme),
    folder(Kind::Tool),
    QUESTIONS,
    SEARCH,
    PRINT,
    MATRIX,
    SEARCH_INDEX,
    STATIC,
];

/// Sections the generator writes itself, whose every sub-address it makes
/// (case filters, worksheets, the search index, theme files).
pub(crate) const GENERATED_TREES: [&str; 4] = [folder(Kind::Case), QUESTIONS, SEARCH_INDEX, STATIC];

/// Files the generator writes at the site's root.
pub(crate) const ROOT_FILES: [&str; 4] = [FEED, SITEMAP, NOT_FOUND, ROBOTS];

/// The facets a case list can be filtered by, each with pages of its own
/// (`/cases/sektor/kommune/`) for readers without JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseFilter {
    /// The case's sector.
    Sector,
    /// The case's level of leadership.
    Level,
    /// A theme the case belongs to.
    Theme,
}

impl CaseFilter {
    /// The filter's URL folder under `/cases/`, also its URL parameter.
    pub(crate) const fn key(self) -> &'static str {
        match self {
            CaseFilter::Sector => "sektor",
            CaseFilter::Level => "niveau",
            CaseFilter::Theme => "tema",
        }
    }

    /// The filter's Danish label, as a filter heading.
    pub(crate) const fn label(self) -> &'static str {
        match self {
            CaseFilter::Sector => "Sektor",
            CaseFilter::Level => "Niveau",
            CaseFilter::Theme => "Tema",
        }
    }

    /// The `data-*` attribute of a case card that holds its value(s) of this
    /// filter (`partials/case_card.html`), for the script that filters in place.
    pub(crate) const fn card_attribute(self) -> &'static str {
        match self {
            CaseFilter::Sector => "sector",
            CaseFilter::Level => "level",
            CaseFilter::Theme => "themes",
        }
    }
}

/// What a site-relative path (no base path, no leading `/`) names under the
/// question bank: the bank itself (`Some(None)`), the worksheet or the deck
/// of the theme with that slug (`Some(Some(slug))`), or nothing the
/// generator makes (`None`, also for paths outside the bank).
pub(crate) fn questions_page(path: &str) -> Option<Option<&str>> {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        [QUESTIONS] => Some(None),
        [QUESTIONS, theme] | [QUESTIONS, theme, CARDS] if !theme.is_empty() => Some(Some(theme)),
        _ => None,
    }
}

/// The URL path of a document, with `base_path` and a trailing slash.
pub(crate) fn document_url(base_path: &str, kind: Kind, slug: &str, relative: &str) -> String {
    match kind {
        Kind::Page if relative == HOME_FILE => format!("{base_path}/"),
        Kind::Page => format!("{base_path}/{slug}/"),
        _ => format!("{base_path}/{}/{slug}/", folder(kind)),
    }
}

/// The addresses of a site under its base path.
#[derive(Debug, Clone)]
pub(crate) struct SiteMap {
    base: String,
}

impl SiteMap {
    /// The site map of a site at `base_path` (`""` or `/sub`).
    pub(crate) fn new(base_path: &str) -> Self {
        SiteMap {
            base: base_path.to_string(),
        }
    }

    /// The base path, `""` at a domain's root.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// The home page.
    pub(crate) fn home(&self) -> String {
        format!("{}/", self.base)
    }

    /// A folder (or page) at the root: `/soeg/`.
    fn root_folder(&self, name: &str) -> String {
        format!("{}/{name}/", self.base)
    }

    /// A file at the root: `/feed.xml`.
    pub(crate) fn file(&self, name: &str) -> String {
        format!("{}/{name}", self.base)
    }

    /// The list of every document of `kind` (the home page for free pages).
    pub(crate) fn section(&self, kind: Kind) -> String {
        match kind {
            Kind::Page => self.home(),
            _ => self.root_folder(folder(kind)),
        }
    }

    /// The case list filtered by one value of a facet: `/cases/sektor/kommune/`.
    pub(crate) fn case_filter(&self, filter: CaseFilter, key: &str) -> String {
        format!("{}{}/{key}/", self.section(Kind::Case), filter.key())
    }

    /// The question bank.
    pub(crate) fn questions(&self) -> String {
        self.root_folder(QUESTIONS)
    }

    /// The worksheet of the theme with slug `theme`.
    pub(crate) fn worksheet(&self, theme: &str) -> String {
        format!("{}{theme}/", self.questions())
    }

    /// The deck of cards of the theme with slug `theme`.
    pub(crate) fn cards(&self, theme: &str) -> String {
        format!("{}{CARDS}/", self.worksheet(theme))
    }

    /// The search page.
    pub(crate) fn search(&self) -> String {
        self.root_folder(SEARCH)
    }

    /// The search index's folder.
    pub(crate) fn search_index(&self) -> String {
        self.root_folder(SEARCH_INDEX)
    }

    /// The print page.
    pub(crate) fn print(&self) -> String {
        self.root_folder(PRINT)
    }

    /// The matrix of cases, messages and citizen themes.
    pub(crate) fn matrix(&self) -> String {
        self.root_folder(MATRIX)
    }

    /// The page not found.
    pub(crate) fn not_found(&self) -> String {
        self.file(NOT_FOUND)
    }

    /// The output file of a page's URL: `/base/temaer/x/` → `temaer/x/index.html`,
    /// `/base/404.html` → `404.html`.
    pub(crate) fn output_path(&self, url: &str) -> String {
        let rel = url
            .strip_prefix(&self.base)
            .unwrap_or(url)
            .trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        }
    }
}

/// Whether `alias` is an address the site can have a page at: a path from
/// the site's root, `/`-separated words of a-z, digits, `-`, `_` and `.`,
/// ending in `/`.
pub(crate) fn alias_is_valid(alias: &str) -> bool {
    let Some(inner) = alias.strip_prefix('/').and_then(|a| a.strip_suffix('/')) else {
        return false;
    };
    !inner.is_empty()
        && inner.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
                })
        })
}

#[cfg(test)]
mod tests {
    use super::kinds::entry;
    use super::*;

    #[test]
    fn every_kind_has_its_folder_and_label_once() {
        for kind in ALL_KINDS {
            assert_eq!(entry(kind).0, kind);
        }
        assert_eq!(folder(Kind::CitizenTheme), "borgertemaer");
        assert_eq!(label(Kind::Tool).one, "Værktøj");
        assert_eq!(label(Kind::Tool).many, "Værktøjer");
        assert_eq!(
            FOLDERS.map(|(f, _)| f),
            [
                "temaer",
                "cases",
                "budskaber",
                "borgertemaer",
                "vaerktoejer"
            ]
        );
        for (f, _) in FOLDERS {
            assert!(RESERVED_SLUGS.contains(&f), "{f}");
        }
    }

    #[test]
    fn urls_carry_the_base_path() {
        let map = SiteMap::new("/sub");
        assert_eq!(map.home(), "/sub/");
        assert_eq!(map.section(Kind::Theme), "/sub/temaer/");
        assert_eq!(map.section(Kind::Page), "/sub/");
        assert_eq!(
            map.case_filter(CaseFilter::Level, "topledelse"),
            "/sub/cases/niveau/topledelse/"
        );
        assert_eq!(map.cards("moeder"), "/sub/refleksion/moeder/kort/");
        assert_eq!(map.file(FEED), "/sub/feed.xml");
        assert_eq!(
            document_url("/sub", Kind::Case, "bordkort", "cases/bordkort.md"),
            "/sub/cases/bordkort/"
        );
        assert_eq!(document_url("", Kind::Page, "x", HOME_FILE), "/");
        assert_eq!(document_url("", Kind::Page, "om", "om.md"), "/om/");
    }

    #[test]
    fn question_bank_paths_name_the_bank_or_a_theme() {
        assert_eq!(questions_page("refleksion/"), Some(None));
        assert_eq!(questions_page("refleksion"), Some(None));
        assert_eq!(questions_page("refleksion/moeder/"), Some(Some("moeder")));
        assert_eq!(
            questions_page("refleksion/moeder/kort/"),
            Some(Some("moeder"))
        );
        assert_eq!(questions_page("refleksion/moeder/andet/"), None);
        assert_eq!(questions_page("refleksion//kort/"), None);
        assert_eq!(questions_page("temaer/moeder/"), None);
    }

    #[test]
    fn output_paths_drop_the_base_path_and_name_index_files() {
        let map = SiteMap::new("/sub");
        assert_eq!(map.output_path("/sub/temaer/x/"), "temaer/x/index.html");
        assert_eq!(map.output_path("/sub/"), "index.html");
        assert_eq!(map.output_path(&map.not_found()), "404.html");
    }

    #[test]
    fn the_print_file_is_the_print_page_s_output_path() {
        let map = SiteMap::new("/base");
        assert_eq!(map.output_path(&map.print()), PRINT_FILE);
    }
}
