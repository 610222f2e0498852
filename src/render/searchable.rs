//! What search may find of a page, made by the page's kind from the typed
//! library beside the page's context: the title, summary and kind, the
//! filter values (a case's sector, level and themes) and the page's text in
//! sections, its body's as the Markdown stage read them
//! ([`crate::markdown::Section`]) and those the template adds (the
//! questions). The search stage indexes these; it never reads a page's HTML
//! back. The templates mark the same parts (`data-search-*`, which Pagefind
//! in `bench/` reads), and a test holds the two to each other.

use std::sync::Arc;

use crate::markdown::{Section, squash};
use crate::model::Entry;

/// One indexed page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Searchable {
    /// Its address on the site.
    pub url: String,
    /// Its title (`<h1>`).
    pub title: String,
    /// Its lead, in the summary field.
    pub summary: String,
    /// The content kind (`Case`, `Tema`, … `Side` for free pages).
    pub kind: String,
    /// `(filter, value)`: `sektor`, `niveau`, `tema` on cases.
    pub filters: Vec<(String, String)>,
    /// The first section (anchor "") holds the text before the first heading.
    pub sections: Vec<Section>,
}

impl Searchable {
    /// A page of `kind` at `url` with a title and summary and no text.
    pub(crate) fn new(kind: &str, url: &str, title: &str, summary: &str) -> Searchable {
        Searchable {
            url: url.to_string(),
            title: squash(title),
            summary: squash(summary),
            kind: kind.to_string(),
            filters: Vec::new(),
            sections: vec![Section::default()],
        }
    }

    /// The page of `entry`: its title, summary and body.
    pub(crate) fn of_entry(kind: &str, entry: &Entry) -> Searchable {
        let mut page = Searchable::new(kind, &entry.url, &entry.title, &entry.summary);
        page.body(&entry.body.sections);
        page
    }

    /// Text the page shows before its body, in the lead section.
    pub(crate) fn lead(mut self, text: &str) -> Searchable {
        let lead = &mut self.sections[0].text;
        *lead = squash(&format!("{text} {lead}"));
        self
    }

    /// The body's sections after the text so far (its lead joins the
    /// page's last section).
    fn body(&mut self, body: &[Section]) {
        let Some((lead, rest)) = body.split_first() else {
            return;
        };
        if let Some(last) = self.sections.last_mut() {
            last.text = squash(&format!("{} {}", last.text, lead.text));
        }
        self.sections.extend(rest.iter().cloned());
    }

    /// A section the template adds: `heading` (with the id `anchor`) over
    /// `texts`, even when they are none (the template shows the heading).
    pub(crate) fn section<'t>(
        mut self,
        anchor: &str,
        heading: &str,
        texts: impl IntoIterator<Item = &'t str>,
    ) -> Searchable {
        let text = texts.into_iter().collect::<Vec<_>>().join(" ");
        self.sections.push(Section {
            anchor: anchor.to_string(),
            heading: squash(heading),
            text: squash(&text),
        });
        self
    }

    /// A filter value (an empty one is left out).
    pub(crate) fn filter(mut self, key: &str, value: &str) -> Searchable {
        let value = squash(value);
        if !value.is_empty() {
            self.filters.push((key.to_string(), value));
        }
        self
    }

    /// The page as search takes it: an empty lead section (a page that
    /// starts with a heading) says nothing.
    pub(crate) fn done(mut self) -> Arc<Searchable> {
        if self.sections.len() > 1 && self.sections[0].text.is_empty() {
            self.sections.remove(0);
        }
        Arc::new(self)
    }
}
