//! Markdown events to HTML: headings get ids and a table of contents, links
//! and images are rewritten ([`super::links`]), code blocks and tables are
//! written from whitelisted parts, raw HTML is sanitised or rejected.

use std::collections::HashSet;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::config::RawHtml;
use crate::diagnostics::{Code, Diagnostic};

use super::ids::{code_language, finish_heading, is_safe_token};
use super::links::{Rewritten, rewrite_url};
use super::literal::literal_links;
use super::resources::{Written, third_party_warnings};
use super::sanitize::sanitize;
use super::sections::{Sections, is_edge};
use super::{LinkTargets, Rendered, Source, TocEntry};

/// Renders the body of `source`; problems (broken links, missing images, raw
/// HTML when rejected, script URLs) come back as diagnostics.
pub fn render(
    source: Source<'_>,
    targets: LinkTargets<'_>,
    raw_html: RawHtml,
) -> (Rendered, Vec<Diagnostic>) {
    let body = &source.file_text[source.body_offset..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut walk = Walk {
        source,
        targets,
        raw_html,
        out: Rendered::default(),
        problems: Vec::new(),
        events: Vec::new(),
        heading: None,
        dropped_links: Vec::new(),
        used_ids: HashSet::new(),
        image: None,
        written: Vec::new(),
        sections: Sections::default(),
        html_block: None,
    };
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        walk.event(event, range.start);
    }
    walk.finish()
}

/// One body's events on their way to HTML, and what is gathered on the way.
struct Walk<'a> {
    source: Source<'a>,
    targets: LinkTargets<'a>,
    raw_html: RawHtml,
    out: Rendered,
    problems: Vec<Diagnostic>,
    /// The events to write, as rewritten.
    events: Vec<Event<'a>>,
    /// The heading being read: the index of its start event, its text so far.
    heading: Option<(usize, String)>,
    /// Per open link, whether it was dropped (its end goes too).
    dropped_links: Vec<bool>,
    used_ids: HashSet<String>,
    /// The image being read: where it starts and its alt text so far.
    image: Option<(usize, usize, String)>,
    /// Images and raw HTML as written: where a file from another host came from.
    written: Vec<Written>,
    /// The text as a reader sees it, in sections (for search).
    sections: Sections,
    /// The raw HTML block being read, whole.
    html_block: Option<String>,
}

impl<'a> Walk<'a> {
    /// Line and column in the file of a body offset.
    fn at(&self, offset: usize) -> (usize, usize) {
        crate::diagnostics::line_col(self.source.file_text, self.source.body_offset + offset)
    }

    fn event(&mut self, event: Event<'a>, offset: usize) {
        if is_edge(&event) {
            self.sections.space();
        }
        // A block of raw HTML comes a line at a time: its text is read once
        // it is whole, as ammonia leaves it.
        match &event {
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(block) = self.html_block.take() {
                    self.sections.html(&sanitize(&block));
                }
            }
            _ => {}
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(TagEnd::Heading(level)) => self.heading_end(level),
            Event::Text(text) => {
                if let Some((.., alt)) = self.image.as_mut() {
                    alt.push_str(&text);
                }
                self.text(&text);
                self.events.push(Event::Text(text));
            }
            // Inline code keeps its `<code>` element; its text counts as text.
            Event::Code(text) => {
                self.text(&text);
                self.events.push(Event::Code(text));
            }
            Event::End(TagEnd::Link) => {
                if !self.dropped_links.pop().unwrap_or(false) {
                    self.events.push(Event::End(TagEnd::Link));
                }
            }
            Event::End(TagEnd::Image) => {
                self.sections.image(false);
                self.image_end();
                self.events.push(event);
            }
            Event::Html(html) | Event::InlineHtml(html) => self.html(html, offset),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => self.events.push(event),
            // `- [ ]` in a list: a box to tick on paper, not a form field
            // (a disabled checkbox has no label and does nothing on screen).
            Event::TaskListMarker(done) => {
                self.events
                    .push(Event::InlineHtml(CowStr::Borrowed(if done {
                        "<span class=\"tick tick-done\"></span>"
                    } else {
                        "<span class=\"tick\"></span>"
                    })))
            }
            other => self.events.push(other),
        }
    }

    /// Text of the body: in its sections, and in a heading's title.
    fn text(&mut self, text: &str) {
        if let Some((_, title)) = self.heading.as_mut() {
            title.push_str(text);
        }
        self.sections.text(text);
    }

    /// An element starts: headings, code blocks and tables keep only safe
    /// parts; links and images are rewritten.
    fn start(&mut self, tag: Tag<'a>, offset: usize) {
        let tag = match tag {
            Tag::Heading {
                level, id, classes, ..
            } => {
                self.heading = Some((self.events.len(), String::new()));
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    self.sections.heading_start();
                }
                // `{… key=value}` attributes are dropped: an event handler, `style`
                // or a `data-` attribute the site's scripts or its search read must
                // never come from content. Only safe ids and classes stay.
                Tag::Heading {
                    level,
                    id,
                    classes: classes.into_iter().filter(|c| is_safe_token(c)).collect(),
                    attrs: Vec::new(),
                }
            }
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
                Tag::CodeBlock(CodeBlockKind::Fenced(code_language(&info).into()))
            }
            // pulldown-cmark writes alignment as `style="text-align: …"`, which
            // the site's CSP blocks anyway; no inline style reaches a page.
            Tag::Table(alignments) => Tag::Table(vec![Alignment::None; alignments.len()]),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => return self.link_start(link_type, dest_url, title, id, offset),
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => return self.image_start(link_type, dest_url, title, id, offset),
            other => other,
        };
        self.events.push(Event::Start(tag));
    }

    /// A heading ends: it gets its id, and a place in the table of contents.
    fn heading_end(&mut self, level: HeadingLevel) {
        if let Some((start, title)) = self.heading.take() {
            let title = title.trim().to_string();
            let id = finish_heading(
                &mut self.events[start],
                &title,
                &mut self.used_ids,
                self.targets.theme_ids,
            );
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                self.sections.heading_end(&id);
                self.out.toc.push(TocEntry {
                    level: level as u8,
                    id: id.clone(),
                    title,
                });
            }
            self.out.heading_ids.push(id);
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// A link starts: its address is rewritten, or the link dropped (its
    /// text stays) with a problem.
    fn link_start(
        &mut self,
        link_type: pulldown_cmark::LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) {
        let (line, column) = self.at(offset);
        let url = match rewrite_url(&dest_url, self.source, self.targets, line, column, false) {
            Rewritten::Keep(url) => url,
            Rewritten::Content(url, link) => {
                self.out.links.push(link);
                url.into()
            }
            Rewritten::Drop(problem) => {
                self.problems
                    .push(problem.with_source_line(self.source.file_text));
                self.dropped_links.push(true);
                return;
            }
            Rewritten::DropQuietly => {
                self.dropped_links.push(true);
                return;
            }
        };
        self.dropped_links.push(false);
        self.events.push(Event::Start(Tag::Link {
            link_type,
            dest_url: url,
            title,
            id,
        }));
    }

    /// An image starts: its address is rewritten (emptied with a problem
    /// when not allowed), and its alt text is read until it ends.
    fn image_start(
        &mut self,
        link_type: pulldown_cmark::LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) {
        let (line, column) = self.at(offset);
        self.sections.image(true);
        self.image = Some((line, column, String::new()));
        self.written.push(Written {
            line,
            column,
            text: dest_url.to_string(),
        });
        let url = match rewrite_url(&dest_url, self.source, self.targets, line, column, true) {
            Rewritten::Keep(url) => url,
            Rewritten::Content(url, _) => url.into(),
            Rewritten::Drop(problem) => {
                self.problems
                    .push(problem.with_source_line(self.source.file_text));
                CowStr::Borrowed("")
            }
            Rewritten::DropQuietly => CowStr::Borrowed(""),
        };
        self.events.push(Event::Start(Tag::Image {
            link_type,
            dest_url: url,
            title,
            id,
        }));
    }

    /// An image ends: one without alt text is a warning.
    fn image_end(&mut self) {
        if let Some((line, column, alt)) = self.image.take()
            && alt.trim().is_empty()
        {
            self.problems.push(
                Diagnostic::warning(self.source.path, Code::MissingAlt, "billedet har ingen alternativ tekst")
                    .at(line, column)
                    .underline(2)
                    .with_source_line(self.source.file_text)
                    .hint("skriv, hvad billedet viser, mellem de firkantede parenteser, fx `![Lederne samlet om en tavle](billede.jpg)`: den tekst læses op for blinde og vises, hvis billedet ikke kan hentes"),
            );
        }
    }

    /// Raw HTML: an error when the site rejects it, else kept for ammonia.
    fn html(&mut self, html: CowStr<'a>, offset: usize) {
        let (line, column) = self.at(offset);
        if self.raw_html == RawHtml::Reject {
            self.problems.push(
                Diagnostic::error(self.source.path, Code::RawHtml, "rå HTML er ikke tilladt i denne håndbog")
                    .at(line, column)
                    .with_source_line(self.source.file_text)
                    .hint("skriv indholdet i Markdown, eller sæt `raw_html = \"sanitize\"` under `[markdown]` i site.toml"),
            );
        } else {
            self.written.push(Written {
                line,
                column,
                text: html.to_string(),
            });
            match self.html_block.as_mut() {
                Some(block) => block.push_str(&html),
                None => self.sections.html(&html),
            }
            self.events.push(Event::Html(html));
        }
    }

    /// The HTML, sanitised, and every problem found.
    fn finish(mut self) -> (Rendered, Vec<Diagnostic>) {
        self.problems
            .extend(literal_links(self.source, self.targets));
        pulldown_cmark::html::push_html(&mut self.out.html, self.events.into_iter());
        // Every body, not only those with raw HTML: the event filter above is the
        // first line, ammonia the second (about 55 µs a body, 1–2 % of a build).
        self.out.html = sanitize(&self.out.html);
        // Only an image or raw HTML can embed a file; most bodies have neither.
        if !self.written.is_empty() {
            self.problems.extend(third_party_warnings(
                self.source,
                &self.out.html,
                &self.written,
                self.targets.hosts,
            ));
        }
        self.out.sections = self.sections.finish();
        (self.out, self.problems)
    }
}
