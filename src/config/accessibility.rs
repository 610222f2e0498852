//! `[accessibility]`: the site's own accessibility statement, modelled on
//! the statement Digitaliseringsstyrelsen's WAS tool writes: how far the
//! site complies, what is known not to be accessible, how to give feedback
//! and how soon the publisher answers, when the statement was made, and
//! where to complain. Refused when malformed; warned about when the site's
//! own statement page has nothing to say.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Code, Diagnostic};

use super::validate::{Problem, find_table_key};
use super::{CONFIG_FILE, Config};

/// Digitaliseringsstyrelsen's site on accessibility statements and
/// complaints, linked from every statement.
pub(crate) const WAS_URL: &str = "https://www.was.digst.dk/";

/// The compliance statuses of the WAS tool: the key written in `site.toml`
/// and what the statement says of the site.
pub(crate) const STATUSES: [(&str, &str); 3] = [
    ("fuldt", "overholder fuldt"),
    ("delvist", "overholder delvist"),
    ("ikke", "overholder ikke"),
];

/// The statement (`[accessibility]`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// `fuldt`, `delvist` or `ikke`: how far the site complies with WCAG 2.1
    /// AA, as the WAS tool asks.
    pub status: String,
    /// How compliance was assessed, shown as is ("vores egne test: …").
    #[serde(default)]
    pub method: String,
    /// Content known not to be accessible, a sentence each; none: none known.
    #[serde(default)]
    pub known_problems: Vec<String>,
    /// How soon the publisher answers feedback ("10 arbejdsdage").
    #[serde(default)]
    pub response_time: String,
    /// When the statement was made, `YYYY-MM-DD`.
    pub prepared: String,
    /// When it was last reviewed, `YYYY-MM-DD`, if since.
    #[serde(default)]
    pub reviewed: String,
}

impl Accessibility {
    /// What the statement says of the site for its status ("overholder delvist").
    pub(crate) fn status_text(&self) -> &'static str {
        STATUSES
            .iter()
            .find(|(key, _)| *key == self.status)
            .map_or("", |(_, text)| text)
    }
}

/// "`fuldt`, `delvist` eller `ikke`".
fn status_keys() -> String {
    let keys: Vec<String> = STATUSES.iter().map(|(key, _)| format!("`{key}`")).collect();
    match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} eller {last}", rest.join(", ")),
        _ => keys.concat(),
    }
}

/// The first value of `[accessibility]` that is not allowed.
pub(super) fn accessibility_problem(a: &Accessibility, text: &str) -> Option<Problem> {
    let at =
        |key: &str| find_table_key(text, key).or_else(|| find_table_key(text, "accessibility"));
    if a.status_text().is_empty() {
        return Some(Problem::new(
            at("status"),
            format!(
                "`[accessibility] status` kan ikke være `{}`: skriv {}",
                a.status,
                status_keys()
            ),
            "skriv den overholdelsesstatus, jeres vurdering (fx i WAS-værktøjet) giver: `fuldt`, `delvist` eller `ikke`",
        ));
    }
    for (key, date, required) in [
        ("prepared", &a.prepared, true),
        ("reviewed", &a.reviewed, false),
    ] {
        if date.is_empty() && !required {
            continue;
        }
        if !crate::date::is_valid_date(date) {
            return Some(Problem::new(
                at(key),
                if date.is_empty() {
                    format!("`[accessibility] {key}` er tom")
                } else {
                    format!("`[accessibility] {key}` er ikke en dato: `{date}`")
                },
                "skriv datoen som ÅÅÅÅ-MM-DD, fx `2024-01-24`",
            ));
        }
    }
    if a.known_problems.iter().any(|p| p.trim().is_empty()) {
        return Some(Problem::new(
            at("known_problems"),
            "`[accessibility] known_problems` har et tomt punkt".into(),
            "skriv hvert kendt problem som en sætning, eller slet det tomme punkt",
        ));
    }
    None
}

impl Config {
    /// The site's own accessibility statement page, when the footer links to
    /// it (no WAS-tool address given): its path, e.g. `/tilgaengelighed/`.
    pub(crate) fn own_statement_page(&self) -> Option<&str> {
        let was = self
            .publisher
            .as_ref()
            .is_some_and(|p| !p.accessibility_statement_url.is_empty());
        (!was && self.accessibility_statement.starts_with('/'))
            .then_some(self.accessibility_statement.as_str())
    }

    /// What the accessibility statement leaves out that it should say.
    pub(crate) fn accessibility_warnings(&self, text: &str) -> Vec<Diagnostic> {
        let file = CONFIG_FILE;
        let place = |d: Diagnostic, key: &str| match find_table_key(text, key)
            .or_else(|| find_table_key(text, "accessibility"))
        {
            Some((line, col)) => d.at(line, col).with_source_line(text),
            None => d,
        };
        let Some(a) = &self.accessibility else {
            if self.own_statement_page().is_none() {
                return Vec::new();
            }
            return vec![place(
                Diagnostic::warning(
                    file,
                    Code::Accessibility,
                    "site.toml beskriver ikke tilgængelighedserklæringen",
                )
                .hint("tilføj `[accessibility]` med `status` (`fuldt`, `delvist` eller `ikke`), `prepared` (datoen) og evt. `known_problems` og `response_time`, eller skriv adressen på jeres erklæring i WAS-værktøjet i `[publisher] accessibility_statement_url`"),
                "accessibility_statement",
            )];
        };
        let mut warnings = Vec::new();
        if a.status != "fuldt" && a.known_problems.is_empty() {
            warnings.push(place(
                Diagnostic::warning(
                    file,
                    Code::Accessibility,
                    format!(
                        "`[accessibility] status` er `{}`, men `known_problems` nævner ingen problemer",
                        a.status
                    ),
                )
                .hint("skriv det indhold, der ikke er tilgængeligt, i `known_problems = [\"…\"]`"),
                "status",
            ));
        }
        let direct = self.publisher.as_ref().is_some_and(|p| {
            !p.email.is_empty() || !p.phone.is_empty() || !p.contact_url.is_empty()
        });
        if direct && a.response_time.trim().is_empty() {
            warnings.push(place(
                Diagnostic::warning(
                    file,
                    Code::Accessibility,
                    "`[accessibility]` siger ikke, hvor hurtigt I svarer",
                )
                .hint("skriv fx `response_time = \"10 arbejdsdage\"`: erklæringen viser det ved kontakten"),
                "accessibility",
            ));
        }
        warnings
    }
}
