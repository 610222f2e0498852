//! Search index: the rendered HTML goes to Pagefind's Rust API in-process
//! (language `da`), and its index files come back as outputs, written with the
//! rest of the site. Only pages that mark their content with
//! `data-pagefind-body` are indexed (themes, cases, messages, citizen themes,
//! tools, free pages), so lists and filter pages don't crowd the results.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

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
    for page in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&page.bytes);
        if !html.contains("data-pagefind-body") {
            continue;
        }
        index
            .add_html_file(Some(page.path.clone()), None, html.into_owned())
            .await
            .map_err(|e| failed(&format!("{}: {e}", page.path)))?;
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

fn failed(message: &str) -> Diagnostic {
    Diagnostic::error(
        "public/pagefind",
        "search",
        format!("søgeindekset kunne ikke bygges: {message}"),
    )
}
