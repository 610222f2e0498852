//! The list of tools (`list.html`) and a page per tool (`tool.html`).

use serde::Serialize;

use super::{Job, LinkList, Site};
use crate::content::Kind;
use crate::markdown::TocEntry;
use crate::render::views::{BodyView, LinkView, links, theme_link, tool_link};
use crate::site_map;

/// The context of `tool.html`.
#[derive(Debug, Serialize)]
struct ToolPage<'a> {
    body: BodyView<'a>,
    /// The tool's headings.
    toc: &'a [TocEntry],
    /// The themes it belongs to.
    themes: Vec<LinkView<'a>>,
}

/// The list of tools and every tool's page.
pub(super) fn jobs(site: &Site<'_>) -> Vec<Job> {
    let library = site.library;
    let head = site.list_head(
        "list.html",
        Kind::Tool,
        site_map::label(Kind::Tool).many,
        "Værktøjer til ledelse på tværs.",
    );
    let list = LinkList {
        items: library.tools.iter().map(tool_link).collect(),
    };
    let mut jobs = vec![site.list_job(head, &list)];
    for tool in &library.tools {
        let values = ToolPage {
            body: BodyView::of(&tool.entry),
            toc: &tool.entry.body.toc,
            themes: links(&tool.themes, &library.themes, theme_link),
        };
        let head = site.entry_head("tool.html", Kind::Tool, &tool.entry);
        jobs.push(site.entry_job(head, Kind::Tool, &tool.entry, &values, |page| page));
    }
    jobs
}
