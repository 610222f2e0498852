//! Front matter: split the YAML block from the body and read it into a typed struct.
//!
//! This is the only module that uses `serde_yaml` (deprecated upstream), so the
//! YAML library can be swapped without touching anything else. Positions in
//! YAML errors are counted from the first line after `---`; they are shifted here
//! so editors see lines of the `.md` file.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Code, Diagnostic, line_col};

/// A Markdown file cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text between the `---` lines.
    pub yaml: &'a str,
    /// 1-based line of the file where `yaml` starts.
    pub yaml_first_line: usize,
    /// Byte offset of `yaml` in the file text.
    pub yaml_offset: usize,
    /// The Markdown body after the closing `---`.
    pub body: &'a str,
    /// Byte offset of `body` in the file text (for positions of body problems).
    pub body_offset: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The file is empty or only whitespace.
    Empty,
    /// The first line is not `---`.
    Missing,
    /// No closing `---` line.
    Unterminated,
}

/// Splits `text` (without BOM) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = first_line_end;
    let mut pos = yaml_start;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..line_end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_first_line: 2,
                yaml_offset: yaml_start,
                body: &text[line_end..],
                body_offset: line_end,
            });
        }
        pos = line_end;
    }
    Err(SplitError::Unterminated)
}

/// A split failure as a diagnostic for `file`, whose whole text is `file_text`.
pub fn split_error(file: &str, file_text: &str, error: SplitError) -> Diagnostic {
    let (message, hint) = match error {
        SplitError::Empty => (
            "filen er tom",
            "skriv felterne mellem to linjer med `---` og teksten under dem (`handbook new` laver en fil med alle felter), eller slet filen",
        ),
        SplitError::Missing => (
            "filen mangler front matter: første linje skal være `---`",
            "en indholdsfil begynder med en linje med `---`, derefter felterne (fx `title: Min titel`), og endnu en linje med `---`",
        ),
        SplitError::Unterminated => (
            "front matter slutter aldrig: der mangler en afsluttende linje med `---`",
            "tilføj en linje med kun `---` efter det sidste felt, før teksten begynder",
        ),
    };
    let first_line = file_text.lines().next().unwrap_or_default();
    Diagnostic::error(file, Code::FrontMatter, message)
        .at(1, 1)
        .underline(first_line.trim_end().chars().count())
        .with_source_line(file_text)
        .hint(hint)
}

/// Reads the YAML of `split` into `T`; errors point into the `.md` file `file`
/// whose whole text is `file_text`.
pub fn deserialize<T: DeserializeOwned>(
    file: &str,
    file_text: &str,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Err(
            Diagnostic::error(file, Code::FrontMatter, "front matter er tom")
                .at(1, 1)
                .underline(3)
                .with_source_line(file_text)
                .hint("skriv mindst `title:` mellem de to linjer med `---`"),
        );
    }
    if let Some(offset) = too_deep(split.yaml) {
        let (line, col) = line_col(file_text, split.yaml_offset + offset);
        return Err(Diagnostic::error(
            file,
            Code::YamlSyntax,
            format!("ugyldig YAML: værdierne er lagt inden i hinanden i mere end {MAX_DEPTH} niveauer"),
        )
        .at(line, col)
        .with_source_line(file_text)
        .hint("front matter har kun brug for få niveauer: fjern de ekstra `[`, `{` eller indrykninger"));
    }
    serde_yaml::from_str::<T>(split.yaml).map_err(|err| {
        // The byte index, not libyaml's line: YAML also breaks lines at a lone `\r`
        // and at U+0085, U+2028 and U+2029, editors and `str::lines` do not.
        let index = err.location().map_or(0, |l| l.index());
        let (line, col) = line_col(file_text, split.yaml_offset + index);
        explain(file, file_text, split, &err.to_string(), line, col)
    })
}

/// Whether the front matter says `draft: true`. Read before the typed struct,
/// so a draft with missing fields can still be read leniently.
pub fn is_draft(yaml: &str) -> bool {
    serde_yaml::from_str::<serde_yaml::Value>(yaml)
        .ok()
        .and_then(|v| v.get("draft").and_then(serde_yaml::Value::as_bool))
        .unwrap_or(false)
}

/// [`deserialize`], lenient for drafts: a draft's missing required fields are
/// warnings and read as empty, so an unfinished draft can still be previewed.
pub fn deserialize_lenient<T: DeserializeOwned>(
    file: &str,
    file_text: &str,
    split: &Split<'_>,
) -> Result<(T, Vec<Diagnostic>), Diagnostic> {
    match deserialize::<T>(file, file_text, split) {
        Ok(meta) => Ok((meta, Vec::new())),
        Err(err) if err.code == Code::MissingField && is_draft(split.yaml) => {
            fill_missing(file, file_text, split).ok_or(err)
        }
        Err(err) => Err(err),
    }
}

/// Reads a draft with every missing field set to an empty value of the type
/// it takes (text, list or number); one warning per field filled in.
fn fill_missing<T: DeserializeOwned>(
    file: &str,
    file_text: &str,
    split: &Split<'_>,
) -> Option<(T, Vec<Diagnostic>)> {
    use serde_yaml::Value;
    let mut value: Value = serde_yaml::from_str(split.yaml).ok()?;
    let closing_line = split.yaml_first_line + split.yaml.lines().count();
    let mut warnings = Vec::new();
    // Each round fills one field; front matter has a dozen fields at most.
    for _ in 0..32 {
        let missing = match serde_yaml::from_value::<T>(value.clone()) {
            Ok(meta) => return Some((meta, warnings)),
            Err(err) => missing_field_name(&err.to_string())?,
        };
        let empties = [
            Value::String(String::new()),
            Value::Sequence(Vec::new()),
            Value::Number(0.into()),
        ];
        let fits = empties.into_iter().find(|empty| {
            let mut trial = value.clone();
            if let Some(map) = trial.as_mapping_mut() {
                map.insert(Value::String(missing.clone()), empty.clone());
            }
            match serde_yaml::from_value::<T>(trial) {
                Ok(_) => true,
                Err(err) => missing_field_name(&err.to_string()).is_some_and(|m| m != missing),
            }
        })?;
        value
            .as_mapping_mut()?
            .insert(Value::String(missing.clone()), fits);
        warnings.push(
            Diagnostic::warning(
                file,
                Code::MissingField,
                format!(
                    "det påkrævede felt `{missing}` mangler (tilladt, mens filen er en kladde)"
                ),
            )
            .at(closing_line, 1)
            .underline(3)
            .with_source_line(file_text)
            .hint(format!(
                "tilføj en linje `{missing}: …` før den afsluttende `---`, inden kladden udgives"
            )),
        );
    }
    None
}

/// The field named by serde's "missing field `x`" message.
fn missing_field_name(message: &str) -> Option<String> {
    let rest = message.split("missing field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// Curly quotes Word and phones type instead of `"` and `'`.
const CURLY_QUOTES: [char; 8] = ['“', '”', '„', '‟', '‘', '’', '‚', '‛'];

/// Characters that cannot be seen: zero-width spaces and joiners, word
/// joiner, byte order mark and soft hyphen.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// Non-breaking spaces: they look like spaces, but are other characters.
fn is_hard_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// What is invisible in a value, in Danish ("værdien ender med et hårdt
/// mellemrum (fra Word)"), or `None` when the value is clean.
pub fn describe_invisible(value: &str) -> Option<String> {
    let hard = "et hårdt mellemrum (fra Word)";
    if value.ends_with(is_hard_space) {
        return Some(format!("værdien ender med {hard}"));
    }
    if value.starts_with(is_hard_space) {
        return Some(format!("værdien begynder med {hard}"));
    }
    if value.contains(is_hard_space) {
        return Some(format!("værdien indeholder {hard}"));
    }
    if value.contains(is_zero_width) {
        return Some("værdien indeholder et usynligt tegn (et nulbreddetegn, fx fra Word eller en hjemmeside)".to_string());
    }
    None
}

/// `value` without invisible characters and with hard spaces at its ends removed.
pub fn without_invisible(value: &str) -> String {
    value
        .chars()
        .filter(|c| !is_zero_width(*c))
        .collect::<String>()
        .trim_matches(|c: char| is_hard_space(c) || c == ' ')
        .to_string()
}

/// Typographic mistakes in front matter, mostly from text pasted from Word:
/// `–` or `•` used as list markers (errors: the items merge into one),
/// curly quotes around a value and invisible characters (warnings).
pub fn typography(file: &str, file_text: &str, split: &Split<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut block_scalar: Option<usize> = None;
    for (idx, line) in split.yaml.lines().enumerate() {
        let line_no = idx + split.yaml_first_line;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim();
        match block_scalar {
            Some(parent) if content.is_empty() || indent > parent => continue,
            _ => block_scalar = None,
        }
        if content.starts_with('#') || content.is_empty() {
            continue;
        }
        if starts_block_scalar(line) {
            block_scalar = Some(indent);
        }
        let at = |column: usize, d: Diagnostic| d.at(line_no, column).with_source_line(file_text);
        let col_of = |byte: usize| line[..byte].chars().count() + 1;
        if let Some(marker) = ['–', '—', '•', '·', '▪']
            .into_iter()
            .find(|m| content.starts_with(*m))
        {
            let what = if matches!(marker, '–' | '—') {
                "en tankestreg i stedet for bindestreg"
            } else {
                "et punkttegn i stedet for bindestreg"
            };
            problems.push(
                at(
                    col_of(line.len() - line.trim_start().len()),
                    Diagnostic::error(
                        file,
                        Code::ListMarker,
                        format!("`{marker}` står foran et punkt: {what}, så punkterne bliver slået sammen til ét"),
                    ),
                )
                .hint("skriv `- ` (bindestreg og mellemrum) foran hvert punkt, fx `  - Hvad er vores fælles formål?`"),
            );
            continue;
        }
        let value = line_value(line);
        let value_at = line.len() - value.len();
        if value.starts_with(CURLY_QUOTES)
            && value.trim_end().ends_with(CURLY_QUOTES)
            && value.chars().count() > 1
        {
            problems.push(
                at(
                    col_of(value_at),
                    Diagnostic::warning(
                        file,
                        Code::CurlyQuotes,
                        "værdien står i krumme anførselstegn (fra Word): de bliver en del af teksten",
                    ),
                )
                .underline(value.trim_end().chars().count())
                .hint("skriv lige anførselstegn `\"…\"` i stedet for `“…”`, eller slet dem"),
            );
        }
        if let Some(found) = line.find(is_zero_width) {
            problems.push(
                at(
                    col_of(found),
                    Diagnostic::warning(
                        file,
                        Code::InvisibleCharacter,
                        "et usynligt tegn (et nulbreddetegn, fx fra Word eller en hjemmeside) står i front matter",
                    ),
                )
                .hint("slet tegnet: skriv ordet omkring det igen, eller slet og skriv linjen igen"),
            );
        }
    }
    problems
}

/// The value part of a front matter line: after `key: ` or `- `.
fn line_value(line: &str) -> &str {
    let item = line.trim_start();
    let item = item.strip_prefix("- ").unwrap_or(item);
    match item.split_once(": ") {
        Some((key, value)) if !key.starts_with(['"', '\'']) && !key.contains(CURLY_QUOTES) => {
            value.trim_start()
        }
        _ => item,
    }
}

/// Deepest nesting front matter may have. Real front matter has two or three
/// levels; libyaml takes seconds over tens of thousands, so they are refused
/// before it sees them.
pub const MAX_DEPTH: usize = 64;

/// Byte offset in `yaml` where nesting first exceeds [`MAX_DEPTH`]: flow `[`
/// and `{` outside quotes and comments, plus block levels (indentation and
/// `- `/`? ` markers). Linear in the text, so a hostile file costs nothing.
fn too_deep(yaml: &str) -> Option<usize> {
    let mut flow = FlowScan::default();
    let mut indents: Vec<usize> = Vec::new();
    let mut block_scalar: Option<usize> = None;
    let mut line_start = 0;
    for line in yaml.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let blank = content.trim().is_empty();
        match block_scalar {
            Some(parent) if blank || indent > parent => {
                line_start += line.len();
                continue;
            }
            _ => block_scalar = None,
        }
        if flow.depth == 0
            && flow.quote.is_none()
            && !blank
            && !content.trim_start().starts_with('#')
        {
            while indents.last().is_some_and(|&top| top > indent) {
                indents.pop();
            }
            if indents.last().is_none_or(|&top| top < indent) {
                indents.push(indent);
            }
            let markers = item_markers(&content[indent..]);
            if indents.len() + markers > MAX_DEPTH {
                return Some(line_start + indent);
            }
            if starts_block_scalar(content) {
                block_scalar = Some(indent);
            }
        }
        if let Some(at) = flow.scan(content, MAX_DEPTH.saturating_sub(indents.len())) {
            return Some(line_start + at);
        }
        line_start += line.len();
    }
    None
}

/// How many `- ` / `? ` markers a line starts with (`- - x` nests twice).
fn item_markers(text: &str) -> usize {
    let mut rest = text;
    let mut count = 0;
    while let Some(after) = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("? "))
        .or_else(|| (rest == "-").then_some(""))
    {
        count += 1;
        rest = after.trim_start_matches(' ');
    }
    count
}

/// Whether a block line's value is `|` or `>` (its text follows, indented).
fn starts_block_scalar(line: &str) -> bool {
    let value = line.split_once(": ").map_or(line.trim_start(), |(_, v)| v);
    let value = value.trim_start().trim_start_matches("- ").trim();
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    value.starts_with(['|', '>'])
        && value[1..]
            .chars()
            .all(|c| matches!(c, '+' | '-' | '0'..='9'))
}

/// Flow collections (`[…]`, `{…}`) across lines, skipping quoted text and comments.
#[derive(Default)]
struct FlowScan {
    depth: usize,
    quote: Option<char>,
}

impl FlowScan {
    /// Scans one line; returns the byte offset where depth exceeds `limit`.
    fn scan(&mut self, line: &str, limit: usize) -> Option<usize> {
        let mut previous: Option<char> = None;
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match (self.quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some('\''), '\'') if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                    chars.next();
                }
                (Some(q), c) if c == q => self.quote = None,
                (Some(_), _) => {}
                (None, '#') if previous.is_none_or(char::is_whitespace) => break,
                (None, '"' | '\'') if self.opens_value(previous) => self.quote = Some(c),
                (None, '[' | '{') if self.opens_value(previous) => {
                    self.depth += 1;
                    if self.depth > limit {
                        return Some(at);
                    }
                }
                (None, ']' | '}') if self.depth > 0 => self.depth -= 1,
                (None, '[' | '{' | '"' | '\'') => {
                    // Part of plain text: what follows on the line is text too.
                    previous = Some('a');
                    continue;
                }
                _ => {}
            }
            if !c.is_whitespace() {
                previous = Some(c);
            }
        }
        None
    }

    /// Whether a `[`, `{` or quote after `previous` starts a value (inside a
    /// flow collection always; in block text only at the start of a value,
    /// so `title: a [b` or `Don't` are plain text).
    fn opens_value(&self, previous: Option<char>) -> bool {
        self.depth > 0 || matches!(previous, None | Some(':' | '-' | '?' | ',' | '[' | '{'))
    }
}

/// Turns serde_yaml's English message into a Danish diagnostic with a hint.
fn explain(
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
    let field = field_at_line(file_text, line);
    let in_field = field
        .as_deref()
        .map(|f| format!(" i feltet `{f}`"))
        .unwrap_or_default();
    let at_line = |d: Diagnostic| d.at(line, col).with_source_line(file_text);

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        let suggestion = crate::diagnostics::closest(name, expected.iter().map(String::as_str));
        let hint = match suggestion {
            Some(s) => format!("mente du `{s}`? Tilladte felter: {}", expected.join(", ")),
            None => format!("tilladte felter: {}", expected.join(", ")),
        };
        let (line, col) = key_position(file_text, split, name).unwrap_or((line, col));
        return Diagnostic::error(file, Code::UnknownField, format!("ukendt felt `{name}`"))
            .at(line, col)
            .underline(name.chars().count())
            .with_source_line(file_text)
            .hint(hint);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let closing_line = split.yaml_first_line + split.yaml.lines().count();
        return Diagnostic::error(
            file,
            Code::MissingField,
            format!("det påkrævede felt `{name}` mangler"),
        )
        .at(closing_line, 1)
        .underline(3)
        .with_source_line(file_text)
        .hint(format!(
            "tilføj en linje `{name}: …` før den afsluttende `---`"
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "en anden type"));
        let message = format!(
            "forkert type{in_field}: fandt {}, forventede {}",
            danish_type(found),
            danish_type(expected)
        );
        return at_line(Diagnostic::error(file, Code::WrongType, message))
            .hint(type_hint(expected));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "en anden værdi"));
        let message = format!(
            "ugyldig værdi{in_field}: fandt {}, forventede {}",
            danish_type(found),
            danish_type(expected)
        );
        return at_line(Diagnostic::error(file, Code::WrongType, message))
            .hint(type_hint(expected));
    }
    if let Some(syntax) = syntax_problem(raw, message, split, file_text, (line, col)) {
        let (line, col) = syntax.position;
        let in_field = field_at_line(file_text, line)
            .map(|f| format!(" i feltet `{f}`"))
            .unwrap_or_default();
        return Diagnostic::error(
            file,
            Code::YamlSyntax,
            format!("ugyldig YAML{in_field}: {}", syntax.what),
        )
        .at(line, col)
        .with_source_line(file_text)
        .hint(syntax.hint);
    }
    if message.starts_with("duplicate field") || message.contains("duplicate entry") {
        return at_line(Diagnostic::error(
            file,
            Code::YamlSyntax,
            format!("et felt står to gange{in_field}"),
        ))
        .hint("slet den ene af linjerne");
    }
    at_line(Diagnostic::error(
        file,
        Code::YamlSyntax,
        format!("front matter kan ikke læses{in_field}: {message}"),
    ))
    .hint("tjek linjen og sammenlign med en fil, der virker")
}

/// A YAML syntax error in Danish: what is wrong, where (in file lines), and what to do.
struct Syntax {
    what: String,
    hint: &'static str,
    position: (usize, usize),
}

/// Explains libyaml's scanner and parser errors. `raw` is serde_yaml's whole message,
/// e.g. "found unexpected end of stream at line 4 column 1, while scanning a quoted
/// scalar at line 1 column 8": the second position (where the quote was opened) is
/// the one an editor needs. `at` is the first position, already in file lines.
fn syntax_problem(
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

/// Byte offset in `yaml` of libyaml's 1-based `line` and `column` (in characters),
/// counting line breaks as YAML does.
fn yaml_offset(yaml: &str, line: usize, column: usize) -> usize {
    let mut chars = yaml.char_indices().peekable();
    let (mut at_line, mut at_column) = (1, 1);
    while let Some((idx, c)) = chars.next() {
        if (at_line, at_column) >= (line, column) {
            return idx;
        }
        match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                if c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
                    chars.next();
                }
                at_line += 1;
                at_column = 1;
            }
            _ => at_column += 1,
        }
    }
    yaml.len()
}

/// `(line, column)` of "… at line L column C" in a libyaml message.
fn yaml_position(text: &str) -> Option<(usize, usize)> {
    let rest = text.rsplit_once(" at line ")?.1;
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
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

/// Position of the top-level `key:` inside the front matter, in file lines.
pub fn key_position(file_text: &str, split: &Split<'_>, key: &str) -> Option<(usize, usize)> {
    crate::diagnostics::find_key(split.yaml, key)
        .map(|(line, col)| (line + split.yaml_first_line - 1, col))
        .filter(|_| !file_text.is_empty())
}

/// Position of `value` within the line of top-level `key`, or of the key itself.
pub fn value_position(split: &Split<'_>, key: &str, value: &str) -> Option<(usize, usize)> {
    let (key_line, _) = crate::diagnostics::find_key(split.yaml, key)?;
    let lines: Vec<&str> = split.yaml.lines().collect();
    // The value may sit on the key's line (`themes: [a, b]`) or on `- a` lines below it.
    for (idx, line) in lines.iter().enumerate().skip(key_line - 1) {
        if idx >= key_line && !line.starts_with([' ', '-', '\t']) {
            break;
        }
        // On the key's line, search after its colon (`find_key` matched `key` and `:` there).
        let search_from = if idx == key_line - 1 {
            line.find(':').map_or(line.len(), |i| i + 1)
        } else {
            0
        };
        if let Some(found) = find_token(&line[search_from..], value) {
            let col = line[..search_from + found].chars().count() + 1;
            return Some((idx + split.yaml_first_line, col));
        }
    }
    Some((key_line + split.yaml_first_line - 1, 1))
}

/// Finds `value` as a whole token (not inside a longer word).
fn find_token(haystack: &str, value: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    haystack.match_indices(value).map(|(i, _)| i).find(|&i| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + value.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        #[serde(default)]
        themes: Vec<String>,
        #[serde(default)]
        number: Option<u8>,
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(&text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn splits_crlf_files() {
        let s = split("---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn reports_missing_and_unterminated_front_matter() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("# Titel\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unterminated));
    }

    #[test]
    fn unknown_field_points_at_the_key_in_the_md_file() {
        let text = "---\ntitle: A\ntheme: [x]\n---\n";
        let s = split(text).unwrap();
        let err = deserialize::<Meta>("a.md", text, &s).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(1)));
        assert_eq!(err.message, "ukendt felt `theme`");
        assert!(err.hint.unwrap().starts_with("mente du `themes`?"));
    }

    #[test]
    fn wrong_type_names_the_field_and_the_line() {
        let text = "---\ntitle: A\nthemes: faelles-formaal\n---\n";
        let s = split(text).unwrap();
        let err = deserialize::<Meta>("a.md", text, &s).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(
            err.message,
            "forkert type i feltet `themes`: fandt teksten \"faelles-formaal\", forventede en liste"
        );
    }

    #[test]
    fn missing_field_points_at_closing_line() {
        let text = "---\nthemes: []\n---\n";
        let s = split(text).unwrap();
        let err = deserialize::<Meta>("a.md", text, &s).unwrap_err();
        assert_eq!(err.message, "det påkrævede felt `title` mangler");
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn syntax_error_line_is_shifted_past_the_opening_dashes() {
        let text = "---\ntitle: A\nthemes: [a, b\n---\n";
        let s = split(text).unwrap();
        let err = deserialize::<Meta>("a.md", text, &s).unwrap_err();
        assert_eq!(err.code, Code::YamlSyntax);
        assert!(err.line.unwrap() >= 3, "{err}");
    }

    #[test]
    fn a_quote_left_open_is_found_where_it_opens() {
        let text = "---\nnumber: 1\ntitle: \"Om tillid.\nthemes: [\"a\"]\n---\n";
        let s = split(text).unwrap();
        let err = deserialize::<Meta>("a.md", text, &s).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(8)), "{err}");
        assert_eq!(
            err.message,
            "ugyldig YAML i feltet `title`: et anførselstegn lukkes ikke på sin linje"
        );
        let text = "---\ntitle: 'Ledelse\n---\n";
        let err = deserialize::<Meta>("a.md", text, &split(text).unwrap()).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(8)), "{err}");
        assert_eq!(
            err.message,
            "ugyldig YAML i feltet `title`: et anførselstegn lukkes aldrig"
        );
    }

    #[test]
    fn tabs_and_bad_indentation_are_named() {
        let text = "---\ntitle: A\nthemes:\n\t- a\n---\n";
        let err = deserialize::<Meta>("a.md", text, &split(text).unwrap()).unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(
            err.message
                .ends_with("et tabulatortegn står, hvor der kun må være mellemrum")
        );
        let text = "---\ntitle: A\nthemes:\n  - \"a\"\n   - \"b\"\n---\n";
        let err = deserialize::<Meta>("a.md", text, &split(text).unwrap()).unwrap_err();
        assert_eq!((err.line, err.column), (Some(5), Some(4)));
        assert!(err.message.ends_with("indrykningen passer ikke"), "{err}");
    }

    #[test]
    fn lone_carriage_returns_do_not_shift_line_numbers() {
        // Found by fuzzing: YAML counts a lone `\r` as a line break, editors do not.
        let text = "---\ntitle: A\nsumm\r\r\r\r\rary: B\nthemes: [a\n---\n";
        let err = deserialize::<Meta>("a.md", text, &split(text).unwrap()).unwrap_err();
        assert!(err.line.unwrap() <= text.lines().count(), "{err}");
        let text = "---\ntitle: A\r\r\r\nthemes: \"a\n---\n";
        let err = deserialize::<Meta>("a.md", text, &split(text).unwrap()).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(9)), "{err}");
    }

    #[test]
    fn a_list_instead_of_fields_is_explained() {
        let text = "---\n- title: A\n---\n";
        let err = deserialize::<Meta>("a.md", text, &split(text).unwrap()).unwrap_err();
        assert_eq!(
            err.message,
            "forkert type: fandt en liste, forventede felter (`navn: værdi`, ét pr. linje)"
        );
    }

    #[test]
    fn value_position_survives_a_key_followed_by_a_non_ascii_space() {
        // Found by review while fuzzing: a line `sector\u{a0}: …` inside a quoted
        // text sliced the line inside the two-byte space and panicked.
        let text = "---\nsummary: \"Et\nsector\u{a0}: bruger\"\nsector: stat\n---\n";
        let s = split(text).unwrap();
        assert_eq!(value_position(&s, "sector", "stat"), Some((4, 9)));
        let text = "---\nsector\u{a0}\u{a0}:stat\n---\n";
        let _ = value_position(&split(text).unwrap(), "sector", "stat");
    }

    #[test]
    fn value_position_finds_list_items() {
        let text = "---\ntitle: A\nthemes:\n  - foo\n  - bar\n---\n";
        let s = split(text).unwrap();
        assert_eq!(value_position(&s, "themes", "bar"), Some((5, 5)));
        let text = "---\nthemes: [foo, foobar, bar]\n---\n";
        let s = split(text).unwrap();
        assert_eq!(value_position(&s, "themes", "bar"), Some((2, 23)));
    }

    #[test]
    fn deep_nesting_is_refused_fast_and_at_its_place() {
        let deep = format!("---\ntitle: A\nthemes: {}\n---\n", "[".repeat(80_000));
        let started = std::time::Instant::now();
        let err = deserialize::<Meta>("a.md", &deep, &split(&deep).unwrap()).unwrap_err();
        assert!(
            started.elapsed() < std::time::Duration::from_millis(100),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            (err.line, err.column),
            (Some(3), Some(9 + MAX_DEPTH - 1)),
            "{err}"
        );
        assert!(err.message.contains("mere end 64 niveauer"), "{err}");
        let mixed = format!("---\ntitle: A\nthemes: {}\n---\n", "[{a: ".repeat(40));
        assert!(too_deep(split(&mixed).unwrap().yaml).is_some());
        let dashes = format!("---\ntitle: A\nthemes:\n  {}x\n---\n", "- ".repeat(100));
        let err = deserialize::<Meta>("a.md", &dashes, &split(&dashes).unwrap()).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        let mut indented = String::from("---\ntitle: A\nx:\n");
        for level in 1..100 {
            indented.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
        }
        indented.push_str("---\n");
        let err = deserialize::<Meta>("a.md", &indented, &split(&indented).unwrap()).unwrap_err();
        assert!(err.message.contains("mere end 64"), "{err}");
    }

    #[test]
    fn brackets_in_text_do_not_count_as_nesting() {
        let many = "[".repeat(200);
        for yaml in [
            format!("title: \"{many}\"\n"),
            format!("title: '{many}'\n"),
            format!("title: a {many}\n"),
            format!("title: A # {many}\n"),
            format!("summary: |\n  {many}\n  {many}\ntitle: B\n"),
            format!("summary: >-\n  {many}\n\n  x\ntitle: B\n"),
            format!("themes: [\"{many}\", 'it''s {many}']\n"),
            "themes: [a, [b, {c: [d]}]]\nrelated:\n  - a\n  - - b\n    - c\n".to_string(),
        ] {
            assert_eq!(too_deep(&yaml), None, "{yaml}");
        }
        assert!(too_deep(&format!("themes: [\"a\", {many}]\n")).is_some());
    }

    #[test]
    fn a_draft_with_missing_fields_is_read_with_warnings() {
        let text = "---\ntitle: A\ndraft: true\n---\n";
        let s = split(text).unwrap();
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Strict {
            title: String,
            summary: String,
            questions: Vec<String>,
            number: u32,
            #[serde(default)]
            draft: bool,
        }
        let (meta, warnings) = deserialize_lenient::<Strict>("a.md", text, &s).unwrap();
        assert_eq!(
            (meta.summary.as_str(), meta.questions.len(), meta.number),
            ("", 0, 0)
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings.iter().all(|w| !w.is_error() && w.line == Some(4)));
        let text = "---\ntitle: A\n---\n";
        assert!(deserialize_lenient::<Strict>("a.md", text, &split(text).unwrap()).is_err());
    }

    #[test]
    fn dashes_and_bullets_as_list_markers_are_errors() {
        for marker in ["–", "•"] {
            let text = format!("---\ntitle: A\nthemes:\n  {marker} a\n  {marker} b\n---\n");
            let problems = typography("a.md", &text, &split(&text).unwrap());
            assert_eq!(problems.len(), 2, "{problems:?}");
            assert!(problems[0].is_error());
            assert_eq!((problems[0].line, problems[0].column), (Some(4), Some(3)));
            assert!(problems[0].message.contains(marker), "{}", problems[0]);
        }
        let text = "---\nsummary: |\n  – en replik\n---\n";
        assert!(typography("a.md", text, &split(text).unwrap()).is_empty());
    }

    #[test]
    fn curly_quotes_are_named() {
        let text = "---\ntitle: “Tillid”\n---\n";
        let problems = typography("a.md", text, &split(text).unwrap());
        assert_eq!(problems[0].code, Code::CurlyQuotes);
        assert_eq!(problems[0].column, Some(8));
        let text = "---\ntitle: “Ledelse: sådan”\n---\n";
        let err = deserialize::<Meta>("a.md", text, &split(text).unwrap()).unwrap_err();
        assert!(err.message.contains("krumme anførselstegn"), "{err}");
        assert!(!err.hint.unwrap().starts_with("sæt tekst"));
    }

    #[test]
    fn invisible_characters_are_named() {
        assert_eq!(
            describe_invisible("mellemledelse\u{a0}").as_deref(),
            Some("værdien ender med et hårdt mellemrum (fra Word)")
        );
        assert!(
            describe_invisible("a\u{200b}b")
                .unwrap()
                .contains("usynligt")
        );
        assert_eq!(describe_invisible("mellemledelse"), None);
        assert_eq!(without_invisible("\u{a0}a\u{200b}b\u{a0}"), "ab");
        let text = "---\ntitle: A\u{200b}B\n---\n";
        let problems = typography("a.md", text, &split(text).unwrap());
        assert_eq!(problems[0].code, Code::InvisibleCharacter);
    }
}
