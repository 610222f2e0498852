//! Editorial lints: empty required fields, list items that swallowed the
//! next one, long summaries, hard-to-read text (LIX) and impossible dates.

use crate::config::Config;
use crate::content::{Meta, QuestionMeta};
use crate::date::is_valid_date;
use crate::diagnostics::{Code, Diagnostic};
use crate::parse::Document;

use super::locate::{has_key, key_problem};

/// Required fields left empty (as `handbook new` writes them), and list
/// items that swallowed the next one (a badly indented `- `).
pub(super) fn check_fields(doc: &Document) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for alias in doc.meta.aliases() {
        if !crate::site_map::alias_is_valid(alias) {
            problems.push(
                super::locate::value_problem(
                    doc,
                    "aliases",
                    alias,
                    crate::Code::WrongType,
                    format!("`{}` er ikke en adresse på sitet", crate::diagnostics::escape_controls(alias)),
                )
                .hint("skriv den tidligere adresse fra sitets forside, med `/` først og sidst, fx `/cases/gammelt-navn/`"),
            );
        }
    }
    let questions =
        |qs: &[QuestionMeta]| -> Vec<String> { qs.iter().map(|q| q.text().to_string()).collect() };
    let lists: Vec<(&str, Vec<String>)> = match &doc.meta {
        Meta::Theme(m) => vec![
            ("questions", questions(&m.questions)),
            ("survey", m.survey.clone()),
        ],
        Meta::Case(m) => vec![("questions", questions(&m.questions))],
        _ => Vec::new(),
    };
    // A free page's summary is optional: only the other kinds require one.
    let required_summary = !matches!(doc.meta, Meta::Page(_));
    if required_summary
        && doc.meta.summary().is_some_and(|s| s.trim().is_empty())
        && has_key(doc, "summary")
    {
        problems.push(
            key_problem(doc, "summary", Code::MissingField, "feltet `summary` er tomt").hint(
                "skriv én eller to sætninger om indholdet mellem anførselstegnene; de vises i lister og søgeresultater",
            ),
        );
    }
    for (key, items) in lists {
        for item in items.iter().filter(|i| is_merged_item(i)) {
            problems.push(
                key_problem(
                    doc,
                    key,
                    Code::MergedListItem,
                    format!("et punkt i `{key}` ser ud til at være to punkter slået sammen: »{}«", item.trim()),
                )
                .hint("begynd hvert punkt på sin egen linje med `- `, rykket lige så langt ind som punktet over")
                .into_warning(),
            );
        }
    }
    problems
}

/// Whether a list item holds the next item too: YAML folds a `- ` line that is
/// indented under the previous item into its text ("Hvorfor? - Hvordan?").
fn is_merged_item(item: &str) -> bool {
    item.contains("\n- ")
        || ["? - ", ". - ", "! - ", "? – ", ". – ", "! – "]
            .iter()
            .any(|p| item.contains(p))
}

/// Warnings editors should see: long summaries and hard-to-read text.
pub(super) fn check_style(
    doc: &Document,
    config: &Config,
    steps: &impl super::Steps,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if let Some(summary) = doc.meta.summary() {
        let chars = summary.chars().count();
        if chars > config.check.max_summary_chars {
            problems.push(
                key_problem(doc, "summary", Code::LongSummary, format!("resuméet er {chars} tegn langt (grænsen er {})", config.check.max_summary_chars))
                    .hint("skriv resuméet som én eller to korte sætninger; det vises i lister og søgeresultater")
                    .into_warning(),
            );
        }
    }
    if let Some(lix) = steps.lix(doc)
        && lix > config.check.max_lix
    {
        problems.push(
            Diagnostic::warning(
                &doc.file.path,
                Code::Readability,
                format!(
                    "teksten er svær at læse (LIX {lix:.0}, grænsen er {:.0})",
                    config.check.max_lix
                ),
            )
            .hint("brug kortere sætninger og færre lange ord")
            .at(1, 1),
        );
    }
    problems
}

/// Why `date` is not a date: a day the month does not have is named.
pub(super) fn date_problem(date: &str) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    if let [y @ 1000..=9999, m @ 1..=12, d] = parts[..]
        && date.len() == 10
        && d > 0
    {
        let last = (28..=31)
            .rev()
            .find(|&last| is_valid_date(&format!("{y:04}-{m:02}-{last:02}")))
            .unwrap_or(28);
        let month = crate::date::MONTHS[m as usize - 1];
        return format!("datoen `{date}` findes ikke: {month} {y} har kun {last} dage");
    }
    if let [1000..=9999, m, _] = parts[..]
        && date.len() == 10
        && (m == 0 || m > 12)
    {
        return format!("datoen `{date}` findes ikke: der er ingen måned {m} (månederne er 01-12)");
    }
    if let [1000..=9999, 1..=12, 0] = parts[..]
        && date.len() == 10
    {
        return format!("datoen `{date}` findes ikke: der er ingen dag 0");
    }
    format!("datoen `{date}` er ugyldig")
}

#[cfg(test)]
mod tests {
    use super::{date_problem, is_merged_item};
    use crate::date::is_valid_date;

    #[test]
    fn dates_are_checked_for_real_calendar_days() {
        assert!(is_valid_date("2024-01-24"));
        assert!(is_valid_date("2024-02-29"));
        assert_eq!(
            date_problem("2024-13-01"),
            "datoen `2024-13-01` findes ikke: der er ingen måned 13 (månederne er 01-12)"
        );
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("24-01-2024"));
        assert!(!is_valid_date("2024-13-01"));
    }

    #[test]
    fn a_day_the_month_lacks_is_named() {
        assert_eq!(
            date_problem("2024-02-30"),
            "datoen `2024-02-30` findes ikke: februar 2024 har kun 29 dage"
        );
        assert_eq!(date_problem("24-01-2024"), "datoen `24-01-2024` er ugyldig");
    }

    #[test]
    fn merged_list_items_are_found() {
        assert!(is_merged_item("Hvad er formålet? - Hvem ejer det?"));
        assert!(is_merged_item("Hvad er formålet?\n- Hvem ejer det?"));
        assert!(!is_merged_item("Ledelse - og medarbejdere?"));
    }
}
