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
    /// Images open (one may stand in another's alt text): their alt text is
    /// an attribute, not text on the page.
    images: usize,
    /// Inside raw `<script>` or `<style>`, which ammonia drops with its text.
    hidden: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            done: vec![Section::default()],
            in_heading: false,
            images: 0,
            hidden: false,
        }
    }
}

impl Sections {
    /// Text of the body, where it goes now.
    pub fn text(&mut self, text: &str) {
        if self.images > 0 || self.hidden {
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
            self.images += 1;
        } else {
            self.images = self.images.saturating_sub(1);
        }
    }

    /// Raw HTML as text: its tags are edges (inline ones aside), its
    /// character references decoded; comments, and `<script>` and `<style>`
    /// with their text, are left out as ammonia leaves them out of the page.
    /// A block of raw HTML comes here sanitised and whole; inline HTML one
    /// tag at a time.
    pub fn html(&mut self, html: &str) {
        let mut rest = html;
        loop {
            let Some(lt) = tag_start(rest) else {
                self.text(&html_escape::decode_html_entities(rest));
                return;
            };
            self.text(&html_escape::decode_html_entities(&rest[..lt]));
            rest = &rest[lt..];
            if let Some(comment) = rest.strip_prefix("<!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let Some(gt) = rest.find('>') else {
                return;
            };
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            let closes = tag.starts_with('/');
            let name = tag_name(tag.trim_start_matches('/'));
            if matches!(name.as_str(), "script" | "style") {
                self.hidden = !closes;
            }
            if !INLINE.contains(&name.as_str()) {
                self.space();
            }
        }
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
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        )
    };
    let inline_end = |tag: &TagEnd| {
        matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        )
    };
    match event {
        Event::Start(tag) => !inline_start(tag),
        Event::End(tag) => !inline_end(tag),
        Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        _ => false,
    }
}

/// The element name of a start tag's inside (`div class="x"` → `div`),
/// lower-cased.
pub fn tag_name(tag: &str) -> String {
    tag.split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Where a tag starts in `html`: a `<` before a letter, `/`, `!` or `?`
/// (a lone `<` in text is text, as a browser reads it).
fn tag_start(html: &str) -> Option<usize> {
    html.match_indices('<').map(|(at, _)| at).find(|&at| {
        html[at + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
    })
}

/// Elements whose edges don't separate words (`<a>` inside a sentence,
/// `<del>ord</del>ene`); the reading of the pages' HTML in the tests uses
/// the same list.
pub const INLINE: [&str; 26] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
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
        s.html("<!-- note til <b>redaktør</b> --><p>a < b</p><style>");
        s.text("p { color: red }");
        s.html("</style><del>ord</del>ene");
        assert_eq!(s.finish()[0].text, "Et fedt ord & mere Slut a < b ordene");
    }
}
