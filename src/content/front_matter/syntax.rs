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

impl Syntax {
    fn new(what: &str, hint: &'static str, position: (usize, usize)) -> Syntax {
        Syntax {
            what: what.to_string(),
            hint,
            position,
        }
    }
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
    let error = YamlError::read(raw, message, split, file_text, at);
    // The first explanation that fits wins: the more particular ones first.
    error
        .stray_character()
        .or_else(|| error.quote_not_closed())
        .or_else(|| error.bracket_not_closed())
        .or_else(|| error.misplaced_backslash_or_colon())
        .or_else(|| error.broken_structure())
}

const QUOTE_HINT: &str = "luk anførselstegnet på samme linje, som det åbnes; et anførselstegn inde i teksten skrives `\\\"`, eller brug `'…'` uden om";
const INDENTATION_HINT: &str = "ryk linjen, så den flugter med linjerne over den: felterne står helt ude til venstre, og alle `- ` i en liste står lige langt inde";

/// What libyaml said, and where, in file lines.
struct YamlError<'a> {
    message: &'a str,
    /// What libyaml was reading when it gave up (`quoted scalar`, `flow
    /// sequence`, …), or empty.
    context: &'a str,
    /// Where libyaml gave up.
    at: (usize, usize),
    /// Where what it was reading began (an opening quote or bracket), else `at`.
    context_at: (usize, usize),
    split: &'a Split<'a>,
    file_text: &'a str,
}

impl<'a> YamlError<'a> {
    fn read(
        raw: &'a str,
        message: &'a str,
        split: &'a Split<'a>,
        file_text: &'a str,
        at: (usize, usize),
    ) -> Self {
        let context = raw.rsplit_once(", while ").map(|(_, c)| c);
        let context_at = context
            .and_then(yaml_position)
            .map(|(l, c)| line_col(file_text, split.yaml_offset + yaml_offset(split.yaml, l, c)))
            .unwrap_or(at);
        YamlError {
            message,
            context: context.unwrap_or_default(),
            at,
            context_at,
            split,
            file_text,
        }
    }

    fn says(&self, text: &str) -> bool {
        self.message.contains(text)
    }

    fn char_at(&self, (line, col): (usize, usize)) -> Option<char> {
        self.file_text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.chars().nth(col.saturating_sub(1)))
    }

    fn at(&self, what: &str, hint: &'static str) -> Option<Syntax> {
        Some(Syntax::new(what, hint, self.at))
    }

    /// A tab, or a character no value may begin with.
    fn stray_character(&self) -> Option<Syntax> {
        let cannot_start = self.says("cannot start any token");
        if self.says("tab character") || (cannot_start && self.char_at(self.at) == Some('\t')) {
            return self.at(
                "et tabulatortegn står, hvor der kun må være mellemrum",
                "brug mellemrum, ikke tabulatortegn, til indrykning",
            );
        }
        if !cannot_start {
            return None;
        }
        let what = match self.char_at(self.at) {
            Some(c) if !c.is_whitespace() => {
                format!("en værdi kan ikke begynde med tegnet `{c}`")
            }
            _ => "tegnet her kan ikke stå i front matter".to_string(),
        };
        Some(Syntax {
            what,
            hint: "sæt værdien i anførselstegn, fx `title: \"@ledelse\"`",
            position: self.at,
        })
    }

    /// A quote that never closes, or does not close on its own line: shown
    /// where it opens.
    fn quote_not_closed(&self) -> Option<Syntax> {
        if self.says("unexpected end of stream") && self.context.contains("quoted scalar") {
            return Some(Syntax::new(
                "et anførselstegn lukkes aldrig",
                QUOTE_HINT,
                self.context_at,
            ));
        }
        let quote = unclosed_quote(self.split, self.at.0)?;
        Some(Syntax::new(
            "et anførselstegn lukkes ikke på sin linje",
            QUOTE_HINT,
            quote,
        ))
    }

    /// A `[ ]` list or `{ }` mapping written wrong: shown where it opens.
    fn bracket_not_closed(&self) -> Option<Syntax> {
        if self.context.contains("flow sequence") {
            Some(Syntax::new(
                "en liste i `[ ]` er ikke skrevet rigtigt",
                "adskil værdierne med komma, og afslut listen med `]` på samme linje; en værdi med `,` eller `:` skal i anførselstegn",
                self.context_at,
            ))
        } else if self.context.contains("flow mapping") {
            Some(Syntax::new(
                "en samling i `{ }` er ikke skrevet rigtigt",
                "afslut med `}` på samme linje; tekst, der begynder med `{`, skal i anførselstegn",
                self.context_at,
            ))
        } else {
            None
        }
    }

    /// A backslash escape YAML does not know, or a colon inside a value.
    fn misplaced_backslash_or_colon(&self) -> Option<Syntax> {
        if self.says("unknown escape character") || self.says("invalid Unicode character escape") {
            return self.at(
                "en omvendt skråstreg `\\` i anførselstegn bruges forkert",
                "skriv `\\\\` for en omvendt skråstreg, eller brug enkelte anførselstegn `'…'`",
            );
        }
        if !self.says("mapping values are not allowed") {
            return None;
        }
        let line = self.file_text.lines().nth(self.at.0.saturating_sub(1));
        if line.is_some_and(|l| l.contains(CURLY_QUOTES)) {
            // `title: “Ledelse: sådan”`: the quotes are there, just not ones YAML knows.
            return self.at(
                "teksten står i krumme anførselstegn (fra Word), og dem kender front matter ikke, så kolonet i teksten læses som et nyt felt",
                "skriv lige anførselstegn `\"…\"` i stedet for `“…”`, fx `title: \"Ledelse: sådan\"`",
            );
        }
        self.at(
            "et kolon står et sted, hvor det ikke må stå",
            "sæt tekst med `: ` i anførselstegn, fx `title: \"Ledelse: sådan\"`, og lad felterne stå helt ude til venstre",
        )
    }

    /// Indentation, a value starting with `*` or `&`, a `---` inside, or any
    /// other structure libyaml could not read.
    fn broken_structure(&self) -> Option<Syntax> {
        if self.says("did not find expected key") {
            self.at(
                "indrykningen passer ikke, eller der står noget efter et afsluttende anførselstegn",
                INDENTATION_HINT,
            )
        } else if self.says("did not find expected '-'")
            || self.context.contains("block collection")
            || self.context.contains("block mapping")
        {
            self.at("indrykningen passer ikke", INDENTATION_HINT)
        } else if self.says("alias") || self.says("anchor") {
            self.at(
                "en værdi, der begynder med `*` eller `&`, skal i anførselstegn",
                "sæt værdien i anførselstegn",
            )
        } else if self.says("more than one document") || self.says("document indicator") {
            self.at(
                "en linje, der begynder med `---` eller `...`, står midt i front matter",
                "front matter slutter ved den første linje med kun `---`; sæt tekst, der begynder med `---` eller `...`, i anførselstegn",
            )
        } else if self.says("did not find expected")
            || self.says("could not find expected")
            || self.says("found unexpected")
            || !self.context.is_empty()
        {
            self.at(
                "strukturen er ugyldig",
                "tjek indrykning og anførselstegn: tekst med `:` skal i anførselstegn, og hvert anførselstegn skal lukkes",
            )
        } else {
            None
        }
    }
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
