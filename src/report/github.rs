//! GitHub Actions workflow commands (`::error file=…,line=…::message`) and the
//! step summary table.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step and drops
//! the rest silently, so only those are written as commands, followed by one
//! notice with the number left out; the full list goes to the step summary.

use crate::diagnostics::{Diagnostic, Severity};

use super::WorkingPaths;

/// Annotations GitHub shows per step and level.
pub(crate) const ANNOTATIONS_PER_LEVEL: usize = 10;

/// The step summary may hold 1 MiB per step; rows stop well before that.
const SUMMARY_BYTES: usize = 900 * 1024;

/// Escapes a command's message, as the runner unescapes it.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=…`, `title=…`): like data, plus the
/// separators of the property list.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A token for `::stop-commands::`, which text from the site cannot guess.
pub fn stop_token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "handbook-{:016x}",
        crate::fingerprint::fingerprint(&(nanos, std::process::id()))
    )
}

/// The workflow command for one diagnostic.
pub(crate) fn annotation(problem: &Diagnostic, paths: &WorkingPaths) -> String {
    let command = match problem.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = Vec::new();
    if let Some(file) = paths.of(&problem.file) {
        properties.push(format!("file={}", escape_property(&file)));
        if let Some(line) = problem.line {
            properties.push(format!("line={line}"));
        }
        if let Some(column) = problem.column {
            properties.push(format!("col={column}"));
        }
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("handbook: {}", problem.code))
    ));
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message(problem))
    )
}

/// The commands for all diagnostics, within GitHub's limits, and the
/// diagnostics left out of them.
pub fn annotations<'a>(
    problems: &'a [Diagnostic],
    paths: &WorkingPaths,
    has_summary: bool,
) -> (String, Vec<&'a Diagnostic>) {
    let mut out = String::new();
    let mut left_out = Vec::new();
    let (mut errors, mut warnings) = (0, 0);
    for problem in problems {
        let shown = match problem.severity {
            Severity::Error => &mut errors,
            Severity::Warning => &mut warnings,
        };
        if *shown < ANNOTATIONS_PER_LEVEL {
            *shown += 1;
            out.push_str(&annotation(problem, paths));
            out.push('\n');
        } else {
            left_out.push(problem);
        }
    }
    if !left_out.is_empty() {
        let errors = left_out.iter().filter(|p| p.is_error()).count();
        let warnings = left_out.len() - errors;
        let whole = if has_summary {
            "Hele listen står i jobbets oversigt (Summary) og i loggen."
        } else {
            "Hele listen står i loggen."
        };
        let text = format!(
            "{} vises ikke som anmærkninger: GitHub viser højst {ANNOTATIONS_PER_LEVEL} fejl og {ANNOTATIONS_PER_LEVEL} advarsler pr. trin. {whole}",
            counts(errors, warnings)
        );
        out.push_str(&format!(
            "::notice title={}::{}\n",
            escape_property("handbook"),
            escape_data(&text)
        ));
    }
    (out, left_out)
}

/// The step summary: a heading with the counts and every diagnostic as a row.
pub fn summary(problems: &[Diagnostic], paths: &WorkingPaths) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let mut out = String::from("## handbook check\n\n");
    if problems.is_empty() {
        out.push_str("Ingen fejl eller advarsler.\n");
        return out;
    }
    out.push_str(&format!(
        "**{}**\n\n",
        counts(errors, problems.len() - errors)
    ));
    out.push_str("| Alvor | Fil | Linje | Kolonne | Kode | Besked |\n");
    out.push_str("|---|---|---:|---:|---|---|\n");
    for (shown, problem) in problems.iter().enumerate() {
        if out.len() > SUMMARY_BYTES {
            out.push_str(&format!(
                "\n… og {} mere, som står i loggen.\n",
                problems.len() - shown
            ));
            break;
        }
        let number = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "| {} | {} | {} | {} | `{}` | {} |\n",
            problem.severity.label(),
            cell(&paths.of(&problem.file).unwrap_or_default()),
            number(problem.line),
            number(problem.column),
            problem.code,
            cell(&message(problem)),
        ));
    }
    out
}

/// The message with the hint under it.
fn message(problem: &Diagnostic) -> String {
    match &problem.hint {
        Some(hint) => format!("{}\ntip: {hint}", problem.message),
        None => problem.message.clone(),
    }
}

/// "2 fejl og 1 advarsel", in Danish.
fn counts(errors: usize, warnings: usize) -> String {
    let warnings = match warnings {
        1 => "1 advarsel".to_string(),
        n => format!("{n} advarsler"),
    };
    format!("{errors} fejl og {warnings}")
}

/// Text that stays inside one cell of a Markdown table and shows exactly as
/// written: each line a code span, so nothing in it (a backtick, a link,
/// a bare address, HTML) is Markdown. Messages carry values from front
/// matter, which a pull request chooses; they must not become a link such
/// as "Godkend PR" in the job summary.
fn cell(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(code_span)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// `line` as a code span: fenced by one backtick more than its longest run
/// of backticks, padded with a space each side (CommonMark strips one each
/// side again), with `|` escaped for the table (GitHub reads `\|` in a
/// table's code span as `|`).
fn code_span(line: &str) -> String {
    let longest = line.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let line = line.replace('\r', "").replace('|', "\\|");
    format!("{fence} {line} {fence}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use std::path::Path;

    fn here() -> WorkingPaths {
        WorkingPaths::new(Path::new("."), &std::env::current_dir().unwrap())
    }

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(escape_data("50% a,b: c\r\nd"), "50%25 a,b: c%0D%0Ad");
        assert_eq!(
            escape_data("%0A"),
            "%250A",
            "an escape in the text stays text"
        );
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("C:\\a,b%\n.md"), "C%3A\\a%2Cb%25%0A.md");
    }

    #[test]
    fn annotation_names_file_line_column_title_and_the_hint() {
        let d = Diagnostic::error("content/a, b.md", Code::Vocabulary, "`x:y` er forkert")
            .at(5, 9)
            .hint("brug 100%");
        assert_eq!(
            annotation(&d, &here()),
            "::error file=content/a%2C b.md,line=5,col=9,title=handbook%3A vocabulary::`x:y` er forkert%0Atip: brug 100%25"
        );
        let w = Diagnostic::warning("", Code::Io, "m");
        assert_eq!(annotation(&w, &here()), "::warning title=handbook%3A io::m");
    }

    #[test]
    fn at_most_ten_per_level_then_one_notice() {
        let mut problems: Vec<Diagnostic> = (1..=12)
            .map(|n| Diagnostic::error("a.md", Code::Load, format!("fejl {n}")).at(n, 1))
            .collect();
        problems.push(Diagnostic::warning("a.md", Code::Publisher, "advarsel"));
        let (out, left_out) = annotations(&problems, &here(), true);
        assert_eq!(out.matches("::error ").count(), 10);
        assert_eq!(out.matches("::warning ").count(), 1);
        assert_eq!(left_out.len(), 2);
        assert!(
            out.ends_with("::notice title=handbook::2 fejl og 0 advarsler vises ikke som anmærkninger: GitHub viser højst 10 fejl og 10 advarsler pr. trin. Hele listen står i jobbets oversigt (Summary) og i loggen.\n"),
            "{out}"
        );
        let (out, left_out) = annotations(&problems[..10], &here(), false);
        assert!(left_out.is_empty() && !out.contains("::notice"), "{out}");
    }

    #[test]
    fn summary_rows_stay_in_their_cells() {
        let d = Diagnostic::error("content/a.md", Code::Load, "a | b <kaffe>\nc")
            .at(2, 3)
            .hint("h");
        let out = summary(
            &[d, Diagnostic::warning("b.md", Code::Publisher, "w")],
            &here(),
        );
        assert!(out.contains("**1 fejl og 1 advarsel**"), "{out}");
        assert!(
            out.contains(
                "| fejl | ` content/a.md ` | 2 | 3 | `load` | ` a \\| b <kaffe> `<br>` c `<br>` tip: h ` |\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("| advarsel | ` b.md ` |  |  | `publisher` | ` w ` |\n"),
            "{out}"
        );
        // A value with backticks cannot end the span and make a link.
        let hostile = "ukendt sektor `x` [Godkend PR](https://evil.example) ``";
        assert_eq!(
            cell(hostile),
            "``` ukendt sektor `x` [Godkend PR](https://evil.example) `` ```"
        );
        let table = summary(
            &[Diagnostic::error("content/[x](y).md", Code::Load, hostile)],
            &here(),
        );
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&table, pulldown_cmark::Options::ENABLE_TABLES),
        );
        assert!(!html.contains("<a "), "{html}");
        assert!(
            html.contains("<code>ukendt sektor `x` [Godkend PR](https://evil.example) ``</code>"),
            "{html}"
        );
        assert_eq!(
            summary(&[], &here()),
            "## handbook check\n\nIngen fejl eller advarsler.\n"
        );
    }
}
