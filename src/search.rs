//! Search index: the rendered HTML goes to Pagefind's Rust API in-process
//! (language `da`), and its index files come back as outputs, written with the
//! rest of the site. Only pages that mark their content with
//! `data-pagefind-body` are indexed (themes, cases, messages, citizen themes,
//! tools, free pages), so lists and filter pages don't crowd the results.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::Output;

/// Indexes the HTML pages among `outputs`; returns the files of `pagefind/`.
pub fn index(outputs: &[Output], language: &str) -> Result<Vec<Output>, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failed(&e.to_string()))?;
    runtime.block_on(index_async(outputs, language))
}

async fn index_async(outputs: &[Output], language: &str) -> Result<Vec<Output>, Diagnostic> {
    let options = PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| failed(&e.to_string()))?;
    // Pagefind parses one page at a time, so it gets only the part it indexes.
    // Documents are prepared in parallel, in page order (the index is then the
    // same bytes on every build).
    let documents: Vec<(&str, String)> = outputs
        .par_iter()
        .filter(|o| o.path.ends_with(".html"))
        .filter_map(|page| Some((page.path.as_str(), search_document(&page.bytes, language)?)))
        .collect();
    for (path, document) in documents {
        index
            .add_html_file(Some(path.to_string()), None, document)
            .await
            .map_err(|e| failed(&format!("{path}: {e}")))?;
    }
    let files = index
        .get_files()
        .await
        .map_err(|e| failed(&e.to_string()))?;
    let mut out: Vec<Output> = files
        .into_iter()
        .map(|f| {
            let rel = crate::diagnostics::display_path(&f.filename);
            let rel = rel.trim_start_matches("./").to_string();
            let path = if rel.starts_with("pagefind/") {
                rel
            } else {
                format!("pagefind/{rel}")
            };
            Output {
                path,
                bytes: f.contents,
            }
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The part of a page Pagefind indexes: the element marked `data-pagefind-body`
/// in a bare document. Parsing only that (not the header, navigation and
/// footer around it) is a third of Pagefind's work saved. `None` when the page
/// has no such element (lists and filter pages are not indexed).
fn search_document(html: &[u8], language: &str) -> Option<String> {
    let html = std::str::from_utf8(html).ok()?;
    let marker = html.find(" data-pagefind-body")?;
    let start = html[..marker].rfind('<')?;
    let name = html[start + 1..marker].trim();
    let end = matching_close(html, start, name).unwrap_or(html.len());
    Some(format!(
        "<!doctype html><html lang=\"{language}\"><body>{}</body></html>",
        &html[start..end]
    ))
}

/// The end of the element `<name` opened at `start`, counting nested elements
/// of the same name (our pages are generated, so tags are well formed).
fn matching_close(html: &str, start: usize, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let next_open = html[at..].find(&open).map(|i| at + i);
        let next_close = html[at..].find(&close).map(|i| at + i)?;
        match next_open {
            Some(o) if o < next_close => {
                let after = html.as_bytes().get(o + open.len()).copied();
                if matches!(after, Some(b' ' | b'>' | b'\n' | b'\t')) {
                    depth += 1;
                }
                at = o + open.len();
            }
            _ => {
                depth = depth.checked_sub(1)?;
                at = next_close + close.len();
                if depth == 0 {
                    return Some(at);
                }
            }
        }
    }
}

fn failed(message: &str) -> Diagnostic {
    Diagnostic::error(
        "public/pagefind",
        "search",
        format!("søgeindekset kunne ikke bygges: {message}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_document_keeps_only_the_marked_element_with_nested_ones() {
        let page = b"<html lang=\"da\"><body><nav>Menu</nav><main><article data-pagefind-body>\
            <h1>Tillid</h1><article><p>indre</p></article><p>efter</p></article>\
            <aside>ikke med</aside></main><footer>Fod</footer></body></html>";
        let document = search_document(page, "da").unwrap();
        assert_eq!(
            document,
            "<!doctype html><html lang=\"da\"><body><article data-pagefind-body>\
            <h1>Tillid</h1><article><p>indre</p></article><p>efter</p></article></body></html>"
        );
    }

    #[test]
    fn pages_without_a_marked_element_are_not_indexed() {
        assert_eq!(search_document(b"<main><h1>Cases</h1></main>", "da"), None);
        assert_eq!(search_document(&[0xff, 0xfe], "da"), None);
    }

    #[test]
    fn unclosed_element_runs_to_the_end() {
        let document = search_document(b"<div data-pagefind-body><p>tekst", "da").unwrap();
        assert!(document.contains("<div data-pagefind-body><p>tekst</body>"));
    }
}
