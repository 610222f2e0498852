//! Tera 2 setup: the theme's templates (with the default theme as fallback for
//! pieces a theme leaves out), autoescaping, and template errors as diagnostics.

use tera::{ErrorKind, Tera};

use crate::content::load::TemplateFile;
use crate::diagnostics::Diagnostic;

/// Prefix under which the default theme's templates are loaded as fallback.
const FALLBACK: &str = "default/";

/// Compiles all templates once.
pub fn compile(
    templates: &[TemplateFile],
    fallback: &[TemplateFile],
) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    if !fallback.is_empty() {
        tera.set_fallback_prefixes([FALLBACK])
            .map_err(|e| vec![Diagnostic::error("themes", "template", e.to_string())])?;
    }
    let all = templates
        .iter()
        .map(|t| (t.name.clone(), t.text.as_str()))
        .chain(
            fallback
                .iter()
                .map(|t| (format!("{FALLBACK}{}", t.name), t.text.as_str())),
        );
    tera.add_raw_templates(all)
        .map_err(|err| vec![diagnostic(&err, templates, fallback)])?;
    Ok(tera)
}

/// A Tera error as a diagnostic pointing into the template file.
pub fn diagnostic(
    err: &tera::Error,
    templates: &[TemplateFile],
    fallback: &[TemplateFile],
) -> Diagnostic {
    let path_of = |name: &str| {
        let plain = name.strip_prefix(FALLBACK);
        let list = if plain.is_some() { fallback } else { templates };
        let name = plain.unwrap_or(name);
        list.iter()
            .find(|t| t.name == name)
            .map(|t| (t.path.clone(), t.text.clone()))
    };
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let (path, text) = path_of(report.filename())
                .unwrap_or_else(|| (format!("themes/…/{}", report.filename()), String::new()));
            let kind = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "syntaksfejl i skabelon"
            } else {
                "fejl under udfyldning af skabelon"
            };
            Diagnostic::error(path, "template", format!("{kind}: {}", report.message()))
                .at(span.start_line, span.start_col + 1)
                .underline(if span.start_line == span.end_line {
                    span.end_col.saturating_sub(span.start_col)
                } else {
                    1
                })
                .with_source_line(&text)
                .hint("ret skabelonen; Tera-syntaks er beskrevet på keats.github.io/tera")
        }
        ErrorKind::TemplateNotFound(name) | ErrorKind::MissingParent { parent: name, .. } => {
            Diagnostic::error(
                "themes",
                "template",
                format!("skabelonen `{name}` mangler i temaet"),
            )
            .hint("læg filen i temaets `templates/`-mappe, eller ret navnet, der henvises til")
        }
        other => Diagnostic::error("themes", "template", format!("skabelonfejl: {other}")),
    }
}
