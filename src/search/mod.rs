//! Search index: the rendered HTML goes to Pagefind's Rust API in-process
//! (language `da`), and its index files come back as outputs, written with the
//! rest of the site. Only pages that mark their content with
//! `data-pagefind-body` are indexed (themes, cases, messages, citizen themes,
//! tools, free pages), so lists and filter pages don't crowd the results.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

mod terms;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::fingerprint;
use crate::render::Output;
use terms::Terms;

/// Indexes the HTML pages among `outputs`; returns the files of `pagefind/`.
pub fn index(outputs: &[Output], config: &Config) -> Result<Vec<Output>, Diagnostic> {
    Indexer::default().index(outputs, config)
}

/// An index kept between rebuilds (in `serve`): when the same pages come
/// back, only those whose search document changed are parsed again, and
/// when none changed, the previous index files are reused as they are.
/// Pagefind replaces a re-added page in place, so the index is the same
/// bytes a fresh build gives (a test in `tests/` holds it to that).
#[derive(Default)]
pub struct Indexer {
    keep: bool,
    previous: Option<Previous>,
}

struct Previous {
    index: PagefindIndex,
    documents: Vec<(String, u64)>,
    files: Vec<Output>,
}

impl Indexer {
    /// An indexer that remembers its last index for the next call.
    pub fn incremental() -> Self {
        Indexer {
            keep: true,
            previous: None,
        }
    }

    /// Indexes the HTML pages among `outputs`; returns the files of `pagefind/`.
    pub fn index(
        &mut self,
        outputs: &[Output],
        config: &Config,
    ) -> Result<Vec<Output>, Diagnostic> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| failed(&e.to_string()))?;
        runtime.block_on(self.index_async(outputs, config))
    }

    async fn index_async(
        &mut self,
        outputs: &[Output],
        config: &Config,
    ) -> Result<Vec<Output>, Diagnostic> {
        let documents = search_documents(outputs, config);
        let prints: Vec<(String, u64)> = documents
            .iter()
            .map(|(path, document)| (path.to_string(), fingerprint(document)))
            .collect();
        let same_pages = self.previous.as_ref().is_some_and(|p| {
            p.documents.len() == prints.len()
                && p.documents.iter().zip(&prints).all(|(a, b)| a.0 == b.0)
        });
        let (mut index, changed): (PagefindIndex, Vec<usize>) = match self.previous.take() {
            Some(previous) if same_pages => {
                let changed: Vec<usize> = (0..prints.len())
                    .filter(|&i| previous.documents[i].1 != prints[i].1)
                    .collect();
                if changed.is_empty() {
                    let files = previous.files.clone();
                    self.previous = Some(previous);
                    return Ok(files);
                }
                (previous.index, changed)
            }
            _ => (new_index(config)?, (0..documents.len()).collect()),
        };
        // Documents move into Pagefind one by one, so each is freed once parsed.
        let mut wanted = vec![false; documents.len()];
        for i in changed {
            wanted[i] = true;
        }
        for ((path, document), wanted) in documents.into_iter().zip(wanted) {
            if wanted {
                index
                    .add_html_file(Some(path.to_string()), None, document)
                    .await
                    .map_err(|e| failed(&format!("{path}: {e}")))?;
            }
        }
        let files = index_files(&mut index).await?;
        if self.keep {
            self.previous = Some(Previous {
                index,
                documents: prints,
                files: files.clone(),
            });
        }
        Ok(files)
    }
}

fn new_index(config: &Config) -> Result<PagefindIndex, Diagnostic> {
    let options = PagefindServiceConfig::builder()
        .force_language(config.language.clone())
        .build();
    PagefindIndex::new(Some(options)).map_err(|e| failed(&e.to_string()))
}

/// What Pagefind gets for each indexed page, in page order: only the part it
/// indexes (it parses one page at a time, so less is faster), with the extra
/// terms for compounds and synonyms. Prepared in parallel; the order keeps
/// the index the same bytes on every build.
fn search_documents<'a>(outputs: &'a [Output], config: &Config) -> Vec<(&'a str, String)> {
    let language = config.language.as_str();
    let documents: Vec<(&str, String)> = outputs
        .par_iter()
        .filter(|o| o.path.ends_with(".html"))
        .filter_map(|page| Some((page.path.as_str(), search_document(&page.bytes, language)?)))
        .collect();
    let texts: Vec<String> = documents.par_iter().map(|(_, d)| text_of(d)).collect();
    let terms = Terms::new(texts.iter().map(String::as_str), &config.search.synonyms);
    documents
        .into_par_iter()
        .zip(texts.par_iter())
        .map(|((path, document), text)| (path, with_terms(document, &terms.for_text(text))))
        .collect()
}

/// Builds the index and returns its files under `pagefind/`, sorted.
async fn index_files(index: &mut PagefindIndex) -> Result<Vec<Output>, Diagnostic> {
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

/// The search document with extra terms (compound parts, synonyms) at low
/// weight, so they find the page without outranking what it really says.
fn with_terms(document: String, extra: &[String]) -> String {
    // Inside the indexed element: just before its closing tag, the last one
    // before `</body>` in a search document.
    let Some(at) = document
        .rfind("</body>")
        .and_then(|body| document[..body].rfind("</"))
    else {
        return document;
    };
    if extra.is_empty() {
        return document;
    }
    let mut with = document;
    with.insert_str(
        at,
        &format!("<p data-pagefind-weight=\"0.5\">{}</p>", extra.join(" ")),
    );
    with
}

/// The text of an HTML fragment, tags dropped (enough to find its words).
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
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
    fn extra_terms_go_in_a_low_weight_block_and_tags_are_not_words() {
        let document =
            "<html><body><main data-pagefind-body><p>Om ledelsesgrupper</p><p>Næste</p></main></body></html>"
                .to_string();
        assert_eq!(
            text_of(&document).split_whitespace().collect::<Vec<_>>(),
            ["Om", "ledelsesgrupper", "Næste"]
        );
        let with = with_terms(document, &["grupper".into(), "ledelse".into()]);
        assert!(
            with.ends_with(
                "<p data-pagefind-weight=\"0.5\">grupper ledelse</p></main></body></html>"
            )
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
