//! Front matter: split the YAML block from the body and read it into a typed struct.
//!
//! This is the only module that uses `serde_yaml` (deprecated upstream), so the
//! YAML library can be swapped without touching anything else. Positions in
//! YAML errors are counted from the first line after `---`; they are shifted here
//! so editors see lines of the `.md` file.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Code, Diagnostic, line_col};

mod depth;
mod explain;
mod positions;
mod syntax;
mod typography;

pub(crate) use depth::MAX_DEPTH;
use depth::too_deep;
use explain::explain;
pub use positions::{KeyAt, Spans};
pub(crate) use typography::{
    describe_invisible, direction_warnings, typography, without_invisible,
};

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
pub(crate) fn is_draft(yaml: &str) -> bool {
    serde_yaml::from_str::<serde_yaml::Value>(yaml)
        .ok()
        .and_then(|v| v.get("draft").and_then(serde_yaml::Value::as_bool))
        .unwrap_or(false)
}

/// [`deserialize`], lenient for drafts: a draft's missing required fields are
/// warnings and read as empty, so an unfinished draft can still be previewed.
pub(crate) fn deserialize_lenient<T: DeserializeOwned>(
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
        let s = Spans::of(&split(text).unwrap());
        assert_eq!(s.value(text, "sector", "stat"), Some((4, 9)));
        let text = "---\nsector\u{a0}\u{a0}:stat\n---\n";
        let _ = Spans::of(&split(text).unwrap()).value(text, "sector", "stat");
    }

    #[test]
    fn value_position_finds_list_items() {
        let text = "---\ntitle: A\nthemes:\n  - foo\n  - bar\n---\n";
        let s = Spans::of(&split(text).unwrap());
        assert_eq!(s.value(text, "themes", "bar"), Some((5, 5)));
        let text = "---\nthemes: [foo, foobar, bar]\n---\n";
        let s = Spans::of(&split(text).unwrap());
        assert_eq!(s.value(text, "themes", "bar"), Some((2, 23)));
    }

    #[test]
    fn spans_record_each_top_level_key_once_with_its_value_lines() {
        let text = "---\r\ntitle: A\r\n# note: x\r\nthemes:\r\n  - foo\r\n\r\n  - bar\r\ntitle: B\r\nsector\u{a0}: stat\r\nlevel : x\r\n---\r\nbody: no\r\n";
        let s = Spans::of(&split(text).unwrap());
        assert_eq!(s.key("title"), Some((2, 1)));
        assert_eq!(s.key("themes"), Some((4, 1)));
        assert_eq!(s.key("level"), Some((10, 1)));
        assert_eq!(s.key("note"), None, "a comment is no key");
        assert_eq!(s.key("sector"), None, "`sector\u{a0}` is another key");
        assert_eq!(s.key("body"), None, "the body is not front matter");
        assert_eq!(s.value(text, "themes", "foo"), Some((5, 5)));
        // An empty line ends the value, as YAML's indentation does not.
        assert_eq!(s.value(text, "themes", "bar"), Some((4, 1)));
        assert_eq!(
            s.first_of(&["slug", "title"]),
            Some(KeyAt {
                line: 2,
                column: 1,
                width: 5
            })
        );
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

    #[test]
    fn direction_controls_in_reader_text_are_named_with_field_and_line() {
        let text = "---\ntitle: Fælles \u{202e}lamrof\u{202c}\nsummary: \"Om \\u2066x\\u2069.\"\nslug: a\nquestions:\n  - Hvad?\n  - Hvor\u{200f}dan?\n---\n";
        let spans = Spans::of(&split(text).unwrap());
        let fields = [
            ("title", "Fælles \u{202e}lamrof\u{202c}"),
            // Written as an escape: the character is not in the file.
            ("summary", "Om \u{2066}x\u{2069}."),
            ("questions", "Hvad?"),
            ("questions", "Hvor\u{200f}dan?"),
        ];
        let problems = direction_warnings("a.md", text, &spans, fields);
        let at: Vec<_> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(
            at,
            [(Some(2), Some(15)), (Some(3), Some(1)), (Some(7), Some(9))]
        );
        assert!(
            problems
                .iter()
                .all(|p| !p.is_error() && p.code == Code::InvisibleCharacter)
        );
        assert_eq!(
            problems[0].message,
            "feltet `title` indeholder et usynligt tegn, der styrer tekstens retning (U+202E RIGHT-TO-LEFT OVERRIDE): læserne kan se teksten i en anden rækkefølge, end den står her"
        );
        assert!(problems[1].message.contains("`summary`"));
        assert!(problems[2].message.contains("(U+200F RIGHT-TO-LEFT MARK)"));
        let shown = problems[0].to_string();
        assert!(!shown.contains('\u{202e}'), "{shown}");
        assert!(
            describe_invisible("kommune\u{202e}")
                .unwrap()
                .contains("styrer tekstens retning (U+202E")
        );
        assert_eq!(without_invisible("kom\u{2066}mune\u{61c}"), "kommune");
        let clean = [("title", "Fælles formål"), ("summary", "עברית")];
        assert!(direction_warnings("a.md", text, &spans, clean).is_empty());
    }
}
