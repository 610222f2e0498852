//! Tera 2 setup: the theme's templates (with the default theme as fallback for
//! pieces a theme leaves out), autoescaping, and template errors as diagnostics.

use tera::{ErrorKind, Tera};

use crate::content::load::TemplateFile;
use crate::diagnostics::{Code, Diagnostic};

/// Prefix under which the default theme's templates are loaded as fallback.
const FALLBACK: &str = "default/";

/// Compiles all templates once.
pub(crate) fn compile(
    templates: &[TemplateFile],
    fallback: &[TemplateFile],
) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    if !fallback.is_empty() {
        tera.set_fallback_prefixes([FALLBACK])
            .map_err(|e| vec![Diagnostic::error("themes", Code::Template, e.to_string())])?;
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
        .map_err(|err| diagnostics(&err, templates, fallback))?;
    Ok(tera)
}

/// Every problem in a Tera error: its checks of references between templates
/// (includes, filters, blocks) report all of them in one message.
fn diagnostics(
    err: &tera::Error,
    templates: &[TemplateFile],
    fallback: &[TemplateFile],
) -> Vec<Diagnostic> {
    let found: Vec<Diagnostic> = match err.kind() {
        ErrorKind::Msg(message) => message
            .split("\n\n")
            .filter_map(|report| reference_problem(report, templates, fallback))
            .collect(),
        _ => Vec::new(),
    };
    if found.is_empty() {
        vec![diagnostic(err, templates, fallback)]
    } else {
        found
    }
}

/// The file and text of template `name` (fallback templates carry a prefix).
fn path_of(
    name: &str,
    templates: &[TemplateFile],
    fallback: &[TemplateFile],
) -> Option<(String, String)> {
    let plain = name.strip_prefix(FALLBACK);
    let list = if plain.is_some() { fallback } else { templates };
    let name = plain.unwrap_or(name);
    list.iter()
        .find(|t| t.name == name)
        .map(|t| (t.path.clone(), t.text.clone()))
}

/// One of Tera's reference reports ("error: Unknown template `x`\n --> page.html:2:28 …")
/// as a diagnostic in the template's file.
fn reference_problem(
    report: &str,
    templates: &[TemplateFile],
    fallback: &[TemplateFile],
) -> Option<Diagnostic> {
    let message = report
        .trim_start()
        .strip_prefix("error: ")?
        .lines()
        .next()?;
    let location = report.split_once(" --> ")?.1.lines().next()?;
    let mut parts = location.rsplitn(3, ':');
    let column: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    let (path, text) = path_of(parts.next()?, templates, fallback)?;
    let missing = message
        .strip_prefix("Unknown template `")
        .and_then(|rest| rest.strip_suffix('`'));
    let (message, hint, underline) = match missing {
        Some(missing) => (
            format!("skabelonen `{missing}` findes ikke"),
            "læg filen i temaets `templates/`-mappe, eller ret navnet i `{% include %}`",
            missing.chars().count() + 2,
        ),
        None => (
            format!("skabelonfejl: {message}"),
            "ret skabelonen; Tera-syntaks er beskrevet på keats.github.io/tera",
            1,
        ),
    };
    Some(
        Diagnostic::error(path, Code::Template, message)
            .at(line, column)
            .underline(underline)
            .with_source_line(&text)
            .hint(hint),
    )
}

/// A problem with template `name` as a whole, not at a line of it.
pub(crate) fn file_problem(
    name: &str,
    message: String,
    templates: &[TemplateFile],
    fallback: &[TemplateFile],
) -> Diagnostic {
    let path = path_of(name, templates, fallback)
        .map_or_else(|| format!("themes/…/{name}"), |(path, _)| path);
    Diagnostic::error(path, Code::Template, message)
}

/// A Tera error as a diagnostic pointing into the template file.
pub(crate) fn diagnostic(
    err: &tera::Error,
    templates: &[TemplateFile],
    fallback: &[TemplateFile],
) -> Diagnostic {
    let path_of = |name: &str| path_of(name, templates, fallback);
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
            Diagnostic::error(
                path,
                Code::Template,
                format!("{kind}: {}", report.message()),
            )
            .at(span.start_line, span.start_col + 1)
            .underline(if span.start_line == span.end_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            })
            .with_source_line(&text)
            .hint("ret skabelonen; Tera-syntaks er beskrevet på keats.github.io/tera")
        }
        ErrorKind::MissingParent { current, parent } => {
            let (path, text) =
                path_of(current).unwrap_or_else(|| (format!("themes/…/{current}"), String::new()));
            let quoted = ["\"", "'", "`"]
                .iter()
                .find_map(|q| text.find(&format!("{q}{parent}{q}")))
                .map(|i| i + 1);
            let d = Diagnostic::error(
                path,
                Code::Template,
                format!("skabelonen `{parent}` findes ikke"),
            )
            .hint("læg filen i temaets `templates/`-mappe, eller ret navnet i `{% extends %}`");
            match quoted {
                Some(offset) => {
                    let (line, column) = crate::diagnostics::line_col(&text, offset);
                    d.at(line, column)
                        .underline(parent.chars().count())
                        .with_source_line(&text)
                }
                None => d,
            }
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            "themes",
            Code::Template,
            format!("skabelonen `{name}` mangler i temaet"),
        )
        .hint("læg filen i temaets `templates/`-mappe, eller ret navnet, der henvises til"),
        other => Diagnostic::error("themes", Code::Template, format!("skabelonfejl: {other}")),
    }
}
