//! A body's text as a reader sees it, in sections: the text before the
//! first `##`/`###` heading, then each such heading with the text under it.
//! Search indexes a page from these (see `render::searchable`), so it never
//! reads the HTML back. Words are kept apart where the HTML puts a block
//! between them (a list item, a table cell, a line break, an image) and
//! together where it puts an inline element (`*ord*ene`).

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Serialize;

/// One section of a body: its heading's id and text (both empty for the
/// text before the first heading) and the text under it, white space
/// squashed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Section {
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// The sections of a body being read, event by event.
#[derive(Debug)]
pub(super) struct Sections {
    done: Vec<Section>,
    /// Inside a `##`/`###` heading: its text goes to the section's heading.
    in_heading: bool,
    /// Inside an image: its alt text is an attribute, not text on the page.
    in_image: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            done: vec![Section::default()],
            in_heading: false,
            in_image: false,
        }
    }
}

impl Sections {
    /// Text of the body, where it goes now.
    pub fn text(&mut self, text: &str) {
        if self.in_image {
            return;
        }
        let Some(section) = self.done.last_mut() else {
            return;
        };
        match self.in_heading {
            true => section.heading.push_str(text),
            false => section.text.push_str(text),
        }
    }

    /// A block's edge: the words on either side are apart.
    pub fn space(&mut self) {
        self.text(" ");
    }

    /// A `##`/`###` heading starts a section (its id comes at its end).
    pub fn heading_start(&mut self) {
        self.space();
        self.done.push(Section::default());
        self.in_heading = true;
    }

    /// The heading of the last section ends: it gets its id.
    pub fn heading_end(&mut self, id: &str) {
        self.in_heading = false;
        if let Some(section) = self.done.last_mut() {
            section.anchor = id.to_string();
        }
    }

    /// An image starts (a block's edge, as `<img>` is) or ends.
    pub fn image(&mut self, starts: bool) {
        if starts {
            self.space();
        }
        self.in_image = starts;
    }

    /// Raw HTML as text: its tags are edges (inline ones aside), its
    /// character references decoded. Ammonia drops a `<script>` or `<style>`
    /// with its text; so does this.
    pub fn html(&mut self, html: &str) {
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            self.text(&html_escape::decode_html_entities(&rest[..lt]));
            let Some(gt) = rest[lt..].find('>').map(|i| lt + i) else {
                return;
            };
            let raw = &rest[lt + 1..gt];
            let tag = raw.trim_start_matches('/');
            let opens = tag.len() == raw.len();
            let name: String = tag
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            rest = &rest[gt + 1..];
            if opens && matches!(name.as_str(), "script" | "style") {
                let close = format!("</{name}");
                let end = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
                rest = &rest[end..];
            }
            if !INLINE.contains(&name.as_str()) {
                self.space();
            }
        }
        self.text(&html_escape::decode_html_entities(rest));
    }

    /// The sections, white space squashed; an empty lead section (a body
    /// that starts with a heading) is left in: the page it is on may have
    /// text before it.
    pub fn finish(self) -> Vec<Section> {
        self.done
            .into_iter()
            .map(|s| Section {
                anchor: s.anchor,
                heading: squash(&s.heading),
                text: squash(&s.text),
            })
            .collect()
    }
}

/// Whether `event` is the edge of a block (or a break): the HTML puts
/// white space or an element between the words on either side. Headings
/// and images are edges too, handled with their events.
pub(super) fn is_edge(event: &Event<'_>) -> bool {
    let inline_start = |tag: &Tag<'_>| {
        matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. }
        )
    };
    let inline_end = |tag: &TagEnd| {
        matches!(
            tag,
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Image
        )
    };
    match event {
        Event::Start(tag) => !inline_start(tag),
        Event::End(tag) => !inline_end(tag),
        Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        _ => false,
    }
}

/// Elements whose edges don't separate words (`<a>` inside a sentence): the
/// same list search read pages by before it read them from the model.
pub const INLINE: [&str; 14] = [
    "a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "small", "span", "strong", "sub",
    "sup",
];

/// Runs of white space as one space, trimmed (`&nbsp;` counts as space).
pub fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_read_as_a_page_shows_it() {
        let mut s = Sections::default();
        s.html("<p>Et <b>fed</b>t ord &amp; mere</p><script>alert(1)</script><div>Slut</div>");
        assert_eq!(s.finish()[0].text, "Et fedt ord & mere Slut");
    }
}
