//! Model: the typed, cross-linked handbook. Every reference is resolved to an
//! index, reverse links are built (a theme knows its cases), and the question
//! bank is collected. Types are complete once built; nothing is filled in later.

pub(crate) mod addresses;
mod link;
mod lints;
mod locate;
pub(crate) mod readability;
mod resolve;
mod reverse;
mod urls;
mod vocabulary;

use crate::markdown::Rendered;

pub use link::link;
pub(crate) use link::{link_with, with_case};

/// The one costly per-document step of the model: measuring readability,
/// which reads every word. A pure function of the document's body; a caller
/// that keeps results between runs (`serve`'s session) implements it by
/// looking up what it remembers, else calling `readability::lix`.
pub(crate) trait Steps: Sync {
    /// The LIX of `doc`'s body, `None` when too short to judge.
    fn lix(&self, doc: &crate::parse::Document) -> Option<f64> {
        readability::lix(&doc.body.plain_text())
    }
}

/// The steps as they are: nothing remembered.
pub(crate) struct Fresh;

impl Steps for Fresh {}

/// What every page of content has.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// URL slug.
    pub slug: String,
    /// URL path with trailing slash.
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary (plain text), may be empty for free pages.
    pub summary: String,
    /// Source file, relative to the site root.
    pub path: String,
    /// Rendered body, shared with the parsed document it came from.
    pub body: std::sync::Arc<Rendered>,
    /// Where its address was written: its `slug:` key, else its `title:`.
    pub address_at: Option<crate::content::front_matter::KeyAt>,
    /// Its earlier addresses (`aliases:`), each relative to the site's root
    /// (`/cases/gammel/`), where a page sends readers on to this one.
    pub aliases: Vec<String>,
}

/// A value of a controlled vocabulary (sector, level).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Facet {
    /// Key as written in front matter and used in URLs.
    pub key: String,
    /// Label shown to readers.
    pub label: String,
}

/// A reflection question as readers see it: the text and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reflection {
    /// The question.
    pub text: String,
    /// Title of the source document it is taken from; `None` for the editors' own.
    pub source: Option<String>,
}

/// A theme with its reverse links.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Common fields.
    pub entry: Entry,
    /// Survey statements.
    pub survey: Vec<String>,
    /// The theme's own reflection questions (front matter); the questions
    /// readers see are these and its cases' (`QuestionBank::of_theme`).
    pub questions: Vec<Reflection>,
    /// Related themes (indices into `Library::themes`).
    pub related: Vec<usize>,
    /// Cases that name this theme.
    pub cases: Vec<usize>,
    /// Staff messages that name this theme.
    pub messages: Vec<usize>,
    /// Citizen themes that name this theme.
    pub citizen_themes: Vec<usize>,
    /// Tools that name this theme.
    pub tools: Vec<usize>,
}

/// A case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Common fields.
    pub entry: Entry,
    /// Sector.
    pub sector: Facet,
    /// Leadership level.
    pub level: Facet,
    /// Themes (indices).
    pub themes: Vec<usize>,
    /// Staff messages it illustrates (indices).
    pub messages: Vec<usize>,
    /// Citizen themes it illustrates (indices).
    pub citizen_themes: Vec<usize>,
    /// Key of its source document in `site.toml`.
    pub source: String,
    /// `YYYY-MM-DD`, where known.
    pub date: Option<String>,
    /// Extra reflection questions.
    pub questions: Vec<Reflection>,
}

/// A staff message or citizen theme: numbered, in the source's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbered {
    /// Common fields.
    pub entry: Entry,
    /// 1-based number.
    pub number: u32,
    /// Related themes (indices).
    pub themes: Vec<usize>,
    /// Cases that illustrate it (indices).
    pub cases: Vec<usize>,
}

/// A tool.
#[derive(Debug, Clone, PartialEq)]
pub struct Tool {
    /// Common fields.
    pub entry: Entry,
    /// Related themes (indices).
    pub themes: Vec<usize>,
}

/// Where a reflection question comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionOrigin {
    /// A theme's own questions.
    Theme(usize),
    /// A case's extra questions.
    Case(usize),
}

/// A reflection question in the question bank: each question once (the same
/// words, `question_key`), with every theme it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The question.
    pub text: String,
    /// Title of the source document it is taken from; `None` for the editors' own.
    pub source: Option<String>,
    /// Where it first comes from.
    pub origin: QuestionOrigin,
    /// The themes it belongs to (indices), in theme order.
    pub themes: Vec<usize>,
}

/// The reflection questions of the handbook. A theme's questions are its own
/// (front matter `questions`) and then those of its cases, each once: every
/// page that shows or counts a theme's questions (the home page, the theme
/// page, the question bank, the worksheet and the deck) takes them from here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionBank {
    /// Every question once, in theme order.
    pub questions: Vec<Question>,
    /// Per theme, its questions (indices into `questions`).
    pub by_theme: Vec<Vec<usize>>,
}

impl QuestionBank {
    /// The questions of theme `theme`, its own first, then its cases'.
    pub(crate) fn of_theme(&self, theme: usize) -> impl Iterator<Item = &Question> {
        self.by_theme
            .get(theme)
            .into_iter()
            .flatten()
            .map(|&q| &self.questions[q])
    }

    /// How many questions theme `theme` has.
    pub(crate) fn count(&self, theme: usize) -> usize {
        self.by_theme.get(theme).map_or(0, Vec::len)
    }
}

/// What makes two questions one: their words, in lower case.
pub(crate) fn question_key(text: &str) -> String {
    // Without a list of the words: the bank keys every question of every
    // case of every theme (tens of thousands at 10,000 cases).
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key.to_lowercase()
}

/// The whole handbook, resolved. Lists are in reading order.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// The home page (`content/_index.md`).
    pub home: Option<Entry>,
    /// Free pages, by slug.
    pub pages: Vec<Entry>,
    /// Themes by weight, then title.
    pub themes: Vec<Theme>,
    /// Published cases by title.
    pub cases: Vec<Case>,
    /// Staff messages by number.
    pub messages: Vec<Numbered>,
    /// Citizen themes by number.
    pub citizen_themes: Vec<Numbered>,
    /// Tools by weight, then title.
    pub tools: Vec<Tool>,
    /// Every reflection question once, and each theme's.
    pub question_bank: QuestionBank,
    /// Sectors in use (vocabulary order), with the cases of each.
    pub sectors: Vec<(Facet, Vec<usize>)>,
    /// Levels in use (vocabulary order), with the cases of each.
    pub levels: Vec<(Facet, Vec<usize>)>,
    /// URLs of the drafts in the library (only with `build --drafts` and in
    /// `serve`): their pages get the "Kladde" banner.
    pub drafts: std::collections::HashSet<String>,
    /// What each draft in the library must have filled in before it can be
    /// published, by URL (the fields a draft may leave out), for its banner.
    pub draft_todo: std::collections::HashMap<String, Vec<String>>,
    /// The file of each page (relative to `content/`), by URL: the editor's
    /// link ("Redigér denne side") opens it.
    pub sources: std::collections::HashMap<String, String>,
}

impl Library {
    /// Every page of content: the home page, free pages, themes, cases,
    /// staff messages, citizen themes and tools.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.home
            .iter()
            .chain(&self.pages)
            .chain(self.themes.iter().map(|t| &t.entry))
            .chain(self.cases.iter().map(|c| &c.entry))
            .chain(self.messages.iter().map(|m| &m.entry))
            .chain(self.citizen_themes.iter().map(|m| &m.entry))
            .chain(self.tools.iter().map(|t| &t.entry))
    }

    /// [`Library::entries`], to change.
    pub(crate) fn entries_mut(&mut self) -> impl Iterator<Item = &mut Entry> {
        self.home
            .iter_mut()
            .chain(&mut self.pages)
            .chain(self.themes.iter_mut().map(|t| &mut t.entry))
            .chain(self.cases.iter_mut().map(|c| &mut c.entry))
            .chain(self.messages.iter_mut().map(|m| &mut m.entry))
            .chain(self.citizen_themes.iter_mut().map(|m| &mut m.entry))
            .chain(self.tools.iter_mut().map(|t| &mut t.entry))
    }
}

/// What each draft must have filled in before it can be published, by URL:
/// the fields its warnings say are missing or empty, by their labels.
pub(crate) fn draft_todo(
    library: &Library,
    problems: &[crate::Diagnostic],
) -> std::collections::HashMap<String, Vec<String>> {
    let mut todo: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    let urls: std::collections::HashMap<String, &String> = library
        .sources
        .iter()
        .filter(|(url, _)| library.drafts.contains(*url))
        .map(|(url, relative)| (format!("content/{relative}"), url))
        .collect();
    for problem in problems
        .iter()
        .filter(|p| !p.is_error() && p.code == crate::Code::MissingField)
    {
        let Some(url) = urls.get(&problem.file) else {
            continue;
        };
        let key = problem.message.split('`').nth(1).unwrap_or_default();
        let parts: Vec<&str> = problem.file.split('/').skip(1).collect();
        let label = crate::content::Kind::of(&parts)
            .and_then(|kind| crate::content::fields::field_of(kind, key))
            .map_or_else(|| key.to_string(), |f| format!("{} ({key})", f.label));
        let list = todo.entry((*url).clone()).or_default();
        if !label.is_empty() && !list.contains(&label) {
            list.push(label);
        }
    }
    todo
}
