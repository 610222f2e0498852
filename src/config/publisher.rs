//! `[publisher]`: what a published site must say about who publishes it,
//! refused when malformed and warned about when missing.

use crate::diagnostics::{Code, Diagnostic};

use super::validate::{Problem, base_url_problem, find_table_key, url_problem};
use super::{CONFIG_FILE, Config, Publisher};

/// The first value of `[publisher]` that is not allowed.
pub(super) fn publisher_problem(publisher: &Publisher, text: &str) -> Option<Problem> {
    let at = |key: &str| find_table_key(text, key);
    if publisher.name.trim().is_empty() {
        return Some(Problem::new(
            at("name"),
            "`[publisher] name` er tom".into(),
            "skriv udgiverens navn, fx `name = \"Styrelsen for Eksempler\"`",
        ));
    }
    if !publisher.contact_url.is_empty()
        && let Some(why) = url_problem(&publisher.contact_url)
    {
        return Some(Problem::new(
            at("contact_url"),
            format!("`contact_url` {why}"),
            "skriv en sti på sitet, fx `/om/`, eller en adresse, der begynder med https://",
        ));
    }
    if !publisher.accessibility_statement_url.is_empty()
        && let Some(why) = base_url_problem(&publisher.accessibility_statement_url)
    {
        return Some(Problem::new(
            at("accessibility_statement_url"),
            format!("`accessibility_statement_url` {why}"),
            "skriv adressen på erklæringen i WAS-værktøjet, fx `https://www.was.digst.dk/eksempel-dk`",
        ));
    }
    let email = &publisher.email;
    if !email.is_empty() && !is_email_address(email) {
        return Some(Problem::new(
            at("email"),
            format!("`email` er ikke en e-mailadresse: `{email}`"),
            "skriv en adresse som `redaktion@example.dk`",
        ));
    }
    let phone = &publisher.phone;
    if !phone.is_empty() && !is_phone_number(phone) {
        return Some(Problem::new(
            at("phone"),
            format!("`phone` er ikke et telefonnummer: `{phone}`"),
            "skriv kun cifre, mellemrum og evt. `+` foran, fx `+45 33 92 33 00`",
        ));
    }
    let logo = &publisher.logo;
    if !logo.is_empty() && !is_relative_file_path(logo) {
        return Some(Problem::new(
            at("logo"),
            format!(
                "`logo` skal være et filnavn i temaets static-mappe eller i content/, ikke `{logo}`"
            ),
            "læg filen i `themes/<tema>/static/` eller `content/`, og skriv stien derfra, fx `logo.svg`",
        ));
    }
    if !publisher.last_updated.is_empty() && !crate::date::is_valid_date(&publisher.last_updated) {
        return Some(Problem::new(
            at("last_updated"),
            format!(
                "`last_updated` er ikke en dato: `{}`",
                publisher.last_updated
            ),
            "skriv datoen som ÅÅÅÅ-MM-DD, fx `2024-01-24`",
        ));
    }
    None
}

/// `user@host.tld`, with no character an address may not hold.
fn is_email_address(email: &str) -> bool {
    url_problem(email).is_none()
        && email.matches('@').count() == 1
        && email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.ends_with('.')
        })
}

/// Digits, with spaces, `+`, `-` and parentheses between them.
fn is_phone_number(phone: &str) -> bool {
    phone.chars().any(|c| c.is_ascii_digit())
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
}

/// A path inside a folder of the site (`logo.svg`, `billeder/logo.svg`):
/// no address, no `/` first, no empty, `.` or `..` part.
fn is_relative_file_path(path: &str) -> bool {
    !(url_problem(path).is_some()
        || path.starts_with('/')
        || path.contains("://")
        || path.contains(':')
        || path
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == ".."))
}

impl Config {
    /// The page `contact_url` names, when it is one of the pages that show
    /// the publisher's contact themselves (the about page, the site's own
    /// accessibility statement): a reader sent there for a contact finds a
    /// link back to the same page.
    pub(crate) fn contact_leads_back(&self) -> Option<String> {
        let url = self.publisher.as_ref()?.contact_url.as_str();
        let path = url.split(['#', '?']).next().unwrap_or_default();
        if !path.starts_with('/') {
            return None;
        }
        let same = |page: &str| page.trim_end_matches('/') == path.trim_end_matches('/');
        let about = format!("/{}/", crate::site_map::ABOUT_PAGE);
        if same(&about) {
            return Some(about);
        }
        self.own_statement_page()
            .filter(|statement| same(statement))
            .map(str::to_string)
    }

    /// What a site about to be published should say and does not: who
    /// publishes it, how to reach them and when it was last updated.
    /// Warnings, so `build --strict` (and `check --strict`) fail on them.
    pub(crate) fn publisher_warnings(&self, text: &str) -> Vec<Diagnostic> {
        let file = CONFIG_FILE;
        let Some(publisher) = &self.publisher else {
            return vec![
                Diagnostic::warning(file, Code::Publisher, "site.toml siger ikke, hvem der udgiver håndbogen")
                    .hint("tilføj `[publisher]` med `name`, `email` eller `phone`, `last_updated` og evt. `accessibility_statement_url` (se docs/reference.md)"),
            ];
        };
        let at =
            |key: &str| find_table_key(text, key).or_else(|| find_table_key(text, "publisher"));
        let place = |d: Diagnostic, key: &str| match at(key) {
            Some((line, col)) => d.at(line, col).with_source_line(text),
            None => d,
        };
        let mut warnings = Vec::new();
        if publisher.email.is_empty()
            && publisher.phone.is_empty()
            && publisher.contact_url.is_empty()
            && publisher.contact_text.trim().is_empty()
        {
            warnings.push(place(
                Diagnostic::warning(file, Code::Publisher, "`[publisher]` giver ingen kontakt").hint(
                    "skriv `email`, `phone` eller `contact_url` (en side med kontaktoplysninger); har I ingen af dem, så skriv i `contact_text`, hvordan læserne kan nå jer",
                ),
                "name",
            ));
        }
        if let Some(page) = self.contact_leads_back() {
            warnings.push(place(
                Diagnostic::warning(
                    file,
                    Code::Publisher,
                    format!(
                        "`contact_url` fører tilbage til `{page}`, som selv viser kontakten fra `[publisher]`"
                    ),
                )
                .hint("skriv `email` eller `phone`, eller lad `contact_url` pege på en anden side med kontaktoplysninger; har I ingen, så slet `contact_url`, og skriv i `contact_text`, hvordan læserne kan nå jer"),
                "contact_url",
            ));
        }
        if publisher.last_updated.is_empty() {
            warnings.push(place(
                Diagnostic::warning(
                    file,
                    Code::Publisher,
                    "`[publisher]` siger ikke, hvornår håndbogen sidst er opdateret",
                )
                .hint("skriv `last_updated = \"ÅÅÅÅ-MM-DD\"`"),
                "name",
            ));
        }
        warnings
    }
}
