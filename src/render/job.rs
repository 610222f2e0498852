//! One page or file rendered from its job, parts (the print page's
//! chapters) spliced in one at a time.

use tera::Tera;

use super::pages::{Job, Parts};
use super::{Output, templates};
use crate::content::SiteFiles;
use crate::diagnostics::Diagnostic;
use crate::site_map::SiteMap;

/// A job rendered into its file.
pub(super) fn render_job(
    tera: &Tera,
    job: Job,
    map: &SiteMap,
    files: &SiteFiles,
) -> Result<Output, Diagnostic> {
    let mut bytes = Vec::with_capacity(job.capacity);
    job.context
        .and_then(|context| tera.render_to(job.template, &context, &mut bytes))
        .map_err(|e| template_problem(&e, files))?;
    if let Some(parts) = job.parts {
        bytes = with_parts(tera, bytes, job.template, parts, files)?;
    }
    Ok(Output {
        path: map.output_path(&job.url),
        bytes,
        searchable: job.searchable,
    })
}

/// `page` with its parts rendered, one after the other, where its template
/// wrote [`Parts::MARKER`]: only the page and one part are held at a time.
fn with_parts(
    tera: &Tera,
    mut page: Vec<u8>,
    template: &str,
    parts: Parts,
    files: &SiteFiles,
) -> Result<Vec<u8>, Diagnostic> {
    let marker = Parts::MARKER.as_bytes();
    let Some(at) = page.windows(marker.len()).position(|w| w == marker) else {
        let problem = format!(
            "skabelonen `{template}` skriver ikke `{{{{ chapters | safe }}}}`, så kapitlerne har ingen plads"
        );
        return Err(templates::file_problem(
            template,
            problem,
            &files.templates,
            &files.fallback_templates,
        )
        .hint("skriv `{{ chapters | safe }}` der, hvor kapitlerne skal stå"));
    };
    let tail = page.split_off(at + marker.len());
    page.truncate(at);
    for context in parts.contexts {
        context()
            .and_then(|context| tera.render_to(parts.template, &context, &mut page))
            .map_err(|e| template_problem(&e, files))?;
    }
    page.extend_from_slice(&tail);
    Ok(page)
}

/// A template error as a diagnostic in the theme's (or the default theme's) file.
pub(super) fn template_problem(err: &tera::Error, files: &SiteFiles) -> Diagnostic {
    templates::diagnostic(err, &files.templates, &files.fallback_templates)
}
