//! YAML syntax errors in Danish, placed where the editor's mistake is (an
//! unclosed quote is reported where it opens, not where libyaml gives up).

use crate::diagnostics::line_col;

use super::Split;
use super::positions::{yaml_offset, yaml_position};
use super::typography::CURLY_QUOTES;

/// A YAML syntax error in Danish: what is wrong, where (in file lines), and what to do.
pub(super) struct Syntax {
    pub(super) what: String,
    pub(super) hint: &'static str,
    pub(super) position: (usize, usize),
}

/// Explains libyaml's scanner and parser errors. `raw` is serde_yaml's whole message,
/// e.g. "found unexpected end of stream at line 4 column 1, while scanning a quoted
/// scalar at line 1 column 8": the second position (where the quote was opened) is
/// the one an editor needs. `at` is the first position, already in file lines.
pub(super) fn syntax_problem(
    raw: &str,
    message: &str,
    split: &Split<'_>,
    file_text: &str,
    at: (usize, usize),
) -> Option<Syntax> {
    let context = raw.rsplit_once(", while ").map(|(_, c)| c);
    let context_at = context
        .and_then(yaml_position)
        .map(|(l, c)| line_col(file_text, split.yaml_offset + yaml_offset(split.yaml, l, c)))
        .unwrap_or(at);
    let char_at = |(line, col): (usize, usize)| {
        file_text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.chars().nth(col.saturating_sub(1)))
    };
    let context = context.unwrap_or_default();
    let syntax = |what: &str, hint: &'static str, position: (usize, usize)| Syntax {
        what: what.to_string(),
        hint,
        position,
    };
    let indentation = "ryk linjen, så den flugter med linjerne over den: felterne står helt ude til venstre, og alle `- ` i en liste står lige langt inde";
    Some(
        if message.contains("tab character")
            || (message.contains("cannot start any token") && char_at(at) == Some('\t'))
        {
            syntax(
                "et tabulatortegn står, hvor der kun må være mellemrum",
                "brug mellemrum, ikke tabulatortegn, til indrykning",
                at,
            )
        } else if message.contains("cannot start any token") {
            let what = match char_at(at) {
                Some(c) if !c.is_whitespace() => {
                    format!("en værdi kan ikke begynde med tegnet `{c}`")
                }
                _ => "tegnet her kan ikke stå i front matter".to_string(),
            };
            Syntax {
                what,
                hint: "sæt værdien i anførselstegn, fx `title: \"@ledelse\"`",
                position: at,
            }
        } else if message.contains("unexpected end of stream") && context.contains("quoted scalar")
        {
            syntax(
                "et anførselstegn lukkes aldrig",
                "luk anførselstegnet på samme linje, som det åbnes; et anførselstegn inde i teksten skrives `\\\"`, eller brug `'…'` uden om",
                context_at,
            )
        } else if let Some(quote) = unclosed_quote(split, at.0) {
            syntax(
                "et anførselstegn lukkes ikke på sin linje",
                "luk anførselstegnet på samme linje, som det åbnes; et anførselstegn inde i teksten skrives `\\\"`, eller brug `'…'` uden om",
                quote,
            )
        } else if context.contains("flow sequence") {
            syntax(
                "en liste i `[ ]` er ikke skrevet rigtigt",
                "adskil værdierne med komma, og afslut listen med `]` på samme linje; en værdi med `,` eller `:` skal i anførselstegn",
                context_at,
            )
        } else if context.contains("flow mapping") {
            syntax(
                "en samling i `{ }` er ikke skrevet rigtigt",
                "afslut med `}` på samme linje; tekst, der begynder med `{`, skal i anførselstegn",
                context_at,
            )
        } else if message.contains("unknown escape character")
            || message.contains("invalid Unicode character escape")
        {
            syntax(
                "en omvendt skråstreg `\\` i anførselstegn bruges forkert",
                "skriv `\\\\` for en omvendt skråstreg, eller brug enkelte anførselstegn `'…'`",
                at,
            )
        } else if message.contains("mapping values are not allowed")
            && file_text
                .lines()
                .nth(at.0.saturating_sub(1))
                .is_some_and(|l| l.contains(CURLY_QUOTES))
        {
            // `title: “Ledelse: sådan”`: the quotes are there, just not ones YAML knows.
            syntax(
                "teksten står i krumme anførselstegn (fra Word), og dem kender front matter ikke, så kolonet i teksten læses som et nyt felt",
                "skriv lige anførselstegn `\"…\"` i stedet for `“…”`, fx `title: \"Ledelse: sådan\"`",
                at,
            )
        } else if message.contains("mapping values are not allowed") {
            syntax(
                "et kolon står et sted, hvor det ikke må stå",
                "sæt tekst med `: ` i anførselstegn, fx `title: \"Ledelse: sådan\"`, og lad felterne stå helt ude til venstre",
                at,
            )
        } else if message.contains("did not find expected key") {
            syntax(
                "indrykningen passer ikke, eller der står noget efter et afsluttende anførselstegn",
                indentation,
                at,
            )
        } else if message.contains("did not find expected '-'")
            || context.contains("block collection")
            || context.contains("block mapping")
        {
            syntax("indrykningen passer ikke", indentation, at)
        } else if message.contains("alias") || message.contains("anchor") {
            syntax(
                "en værdi, der begynder med `*` eller `&`, skal i anførselstegn",
                "sæt værdien i anførselstegn",
                at,
            )
        } else if message.contains("more than one document")
            || message.contains("document indicator")
        {
            syntax(
                "en linje, der begynder med `---` eller `...`, står midt i front matter",
                "front matter slutter ved den første linje med kun `---`; sæt tekst, der begynder med `---` eller `...`, i anførselstegn",
                at,
            )
        } else if message.contains("did not find expected")
            || message.contains("could not find expected")
            || message.contains("found unexpected")
            || !context.is_empty()
        {
            syntax(
                "strukturen er ugyldig",
                "tjek indrykning og anførselstegn: tekst med `:` skal i anførselstegn, og hvert anførselstegn skal lukkes",
                at,
            )
        } else {
            return None;
        },
    )
}

/// The first value before file line `before` whose quote does not close on its
/// own line: YAML lets a quoted text run on over the next lines, so a missing
/// closing quote shows up as an error further down. Position in file lines.
fn unclosed_quote(split: &Split<'_>, before: usize) -> Option<(usize, usize)> {
    let lines = split
        .yaml
        .lines()
        .take(before.saturating_sub(split.yaml_first_line));
    lines.enumerate().find_map(|(idx, line)| {
        let item = line.trim_start();
        let item = item.strip_prefix("- ").unwrap_or(item);
        let value = match item.split_once(": ") {
            Some((key, value)) if !key.starts_with(['"', '\'']) => value,
            _ => item,
        }
        .trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        if closes(&value[1..], quote) {
            return None;
        }
        let start = line.len() - value.len();
        Some((
            idx + split.yaml_first_line,
            line[..start].chars().count() + 1,
        ))
    })
}

/// Whether `rest` (after an opening quote) holds the closing `quote`.
fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            ('"', '\\') => {
                chars.next();
            }
            ('"', '"') => return true,
            ('\'', '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            ('\'', '\'') => return true,
            _ => {}
        }
    }
    false
}
