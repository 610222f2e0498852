//! serde_yaml's English errors turned into Danish diagnostics with a hint:
//! unknown and missing fields, wrong types, and (via [`super::syntax`]) YAML
//! syntax.

use crate::diagnostics::{Code, Diagnostic};

use super::Split;
use super::positions::Spans;
use super::syntax::syntax_problem;

/// Turns serde_yaml's English message into a Danish diagnostic with a hint.
pub(super) fn explain(
    file: &str,
    file_text: &str,
    split: &Split<'_>,
    raw: &str,
    line: usize,
    col: usize,
) -> Diagnostic {
    let message = raw.split(" at line ").next().unwrap_or(raw).trim();
    // serde_yaml puts the field path first ("themes: invalid type …"); the field is found from the line.
    let message = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && !rest.is_empty() => rest,
        _ => message,
    };
    let error = YamlError {
        file,
        file_text,
        split,
        raw,
        message,
        line,
        col,
    };
    error
        .unknown_field()
        .or_else(|| error.missing_field())
        .or_else(|| error.wrong_type())
        .or_else(|| error.syntax())
        .or_else(|| error.duplicate_field())
        .unwrap_or_else(|| error.unreadable())
}

/// serde_yaml's error, with what [`explain`] needs to place it.
struct YamlError<'a> {
    file: &'a str,
    file_text: &'a str,
    split: &'a Split<'a>,
    /// serde_yaml's whole message.
    raw: &'a str,
    /// The message without its field path and position.
    message: &'a str,
    line: usize,
    col: usize,
}

impl YamlError<'_> {
    /// An error at the line serde_yaml gave.
    fn at_line(&self, code: Code, message: String) -> Diagnostic {
        Diagnostic::error(self.file, code, message)
            .at(self.line, self.col)
            .with_source_line(self.file_text)
    }

    /// " i feltet `…`" for the field at serde_yaml's line, or nothing.
    fn in_field(&self) -> String {
        in_field(self.file_text, self.line)
    }

    fn unknown_field(&self) -> Option<Diagnostic> {
        let rest = self.message.strip_prefix("unknown field `")?;
        let name = rest.split('`').next().unwrap_or(rest);
        let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        let suggestion = crate::diagnostics::closest(name, expected.iter().map(String::as_str));
        let hint = match suggestion {
            Some(s) => format!("mente du `{s}`? Tilladte felter: {}", expected.join(", ")),
            None => format!("tilladte felter: {}", expected.join(", ")),
        };
        let (line, col) = Spans::of(self.split)
            .key(name)
            .unwrap_or((self.line, self.col));
        Some(
            Diagnostic::error(
                self.file,
                Code::UnknownField,
                format!("ukendt felt `{name}`"),
            )
            .at(line, col)
            .underline(name.chars().count())
            .with_source_line(self.file_text)
            .hint(hint),
        )
    }

    /// Shown at the closing `---`, where the field would be added.
    fn missing_field(&self) -> Option<Diagnostic> {
        let rest = self.message.strip_prefix("missing field `")?;
        let name = rest.split('`').next().unwrap_or(rest);
        let closing_line = self.split.yaml_first_line + self.split.yaml.lines().count();
        Some(
            Diagnostic::error(
                self.file,
                Code::MissingField,
                format!("det påkrævede felt `{name}` mangler"),
            )
            .at(closing_line, 1)
            .underline(3)
            .with_source_line(self.file_text)
            .hint(format!(
                "tilføj en linje `{name}: …` før den afsluttende `---`"
            )),
        )
    }

    /// A value of the wrong type or shape.
    fn wrong_type(&self) -> Option<Diagnostic> {
        let in_field = self.in_field();
        // Our own Danish messages (a question's shape): said as they are.
        if let Some((what, forms)) = self.message.split_once("; et spørgsmål skrives") {
            return Some(
                self.at_line(Code::WrongType, format!("{what}{in_field}"))
                    .hint(format!("et spørgsmål skrives{forms}")),
            );
        }
        let (rest, found_what, otherwise) =
            if let Some(rest) = self.message.strip_prefix("invalid type: ") {
                (rest, "forkert type", "en anden type")
            } else {
                let rest = self.message.strip_prefix("invalid value: ")?;
                (rest, "ugyldig værdi", "en anden værdi")
            };
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, otherwise));
        let message = format!(
            "{found_what}{in_field}: fandt {}, forventede {}",
            danish_type(found),
            danish_type(expected)
        );
        Some(
            self.at_line(Code::WrongType, message)
                .hint(type_hint(expected)),
        )
    }

    /// YAML that cannot be read at all, placed where the mistake is.
    fn syntax(&self) -> Option<Diagnostic> {
        let at = (self.line, self.col);
        let syntax = syntax_problem(self.raw, self.message, self.split, self.file_text, at)?;
        let (line, col) = syntax.position;
        let in_field = in_field(self.file_text, line);
        Some(
            Diagnostic::error(
                self.file,
                Code::YamlSyntax,
                format!("ugyldig YAML{in_field}: {}", syntax.what),
            )
            .at(line, col)
            .with_source_line(self.file_text)
            .hint(syntax.hint),
        )
    }

    fn duplicate_field(&self) -> Option<Diagnostic> {
        (self.message.starts_with("duplicate field") || self.message.contains("duplicate entry"))
            .then(|| {
                self.at_line(
                    Code::YamlSyntax,
                    format!("et felt står to gange{}", self.in_field()),
                )
                .hint("slet den ene af linjerne")
            })
    }

    /// Anything else, with serde_yaml's own words.
    fn unreadable(&self) -> Diagnostic {
        self.at_line(
            Code::YamlSyntax,
            format!(
                "front matter kan ikke læses{}: {}",
                self.in_field(),
                self.message
            ),
        )
        .hint("tjek linjen og sammenlign med en fil, der virker")
    }
}

/// " i feltet `…`" for the top-level field at file line `line`, or nothing.
fn in_field(file_text: &str, line: usize) -> String {
    field_at_line(file_text, line)
        .map(|f| format!(" i feltet `{f}`"))
        .unwrap_or_default()
}

fn danish_type(serde_text: &str) -> String {
    let t = serde_text.trim();
    if let Some(rest) = t.strip_prefix("string ") {
        return format!("teksten {rest}");
    }
    if let Some(rest) = t.strip_prefix("integer ") {
        return format!("tallet {rest}");
    }
    if let Some(rest) = t.strip_prefix("floating point ") {
        return format!("kommatallet {rest}");
    }
    if let Some(rest) = t.strip_prefix("boolean ") {
        return format!("sandhedsværdien {rest}");
    }
    if t.starts_with("struct ") {
        return "felter (`navn: værdi`, ét pr. linje)".to_string();
    }
    let known = match t {
        "a sequence" | "sequence" => "en liste",
        "a string" | "string" => "en tekst",
        "a map" | "map" => "en samling felter",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i64" | "an integer" => "et helt tal",
        "a boolean" | "boolean" => "sand eller falsk (true/false)",
        "unit value" => "en tom værdi",
        "a YAML tag starting with '!'" => "et YAML-mærke",
        "floating point" => "et kommatal",
        _ => return t.to_string(),
    };
    known.to_string()
}

fn type_hint(expected: &str) -> &'static str {
    if expected.starts_with("struct ") {
        "front matter består af felter, ét pr. linje, fx `title: Min titel`"
    } else if expected.contains("sequence") {
        "skriv en liste i firkantede parenteser, fx `themes: [faelles-formaal]`, eller med en `- ` foran hver værdi på sin egen linje"
    } else if expected.contains("string") {
        "skriv værdien som tekst, gerne i anførselstegn"
    } else if expected.contains("bool") {
        "skriv `true` eller `false`"
    } else {
        "skriv et helt tal, fx `3`"
    }
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The top-level key whose value contains line `line` (1-based, in the file).
fn field_at_line(file_text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = file_text.lines().collect();
    let upto = line.min(lines.len());
    lines[..upto].iter().rev().find_map(|l| {
        let first = l.chars().next()?;
        if first.is_whitespace() || first == '-' || first == '#' {
            return None;
        }
        l.split_once(':').map(|(k, _)| k.trim().to_string())
    })
}
