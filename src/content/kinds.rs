//! One typed front-matter struct per content kind, with the folder each lives in.
//!
//! Keys are English, values Danish. Unknown keys are errors, so a typo such as
//! `theme:` for `themes:` is caught instead of silently ignored.

use serde::Deserialize;

pub use crate::site_map::Kind;

/// Front matter of a theme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeMeta {
    /// The theme's name.
    pub title: String,
    /// One or two sentences; used in lists and as meta description.
    pub summary: String,
    /// Optional slug; otherwise the title's.
    #[serde(default)]
    pub slug: Option<String>,
    /// Earlier addresses of the page, each written as a page that sends readers on.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Position in the reading order (lower first).
    #[serde(default)]
    pub weight: i64,
    /// Survey statements staff answered about this theme.
    #[serde(default)]
    pub survey: Vec<String>,
    /// Reflection questions.
    pub questions: Vec<QuestionMeta>,
    /// Slugs of related themes.
    #[serde(default)]
    pub related: Vec<String>,
    /// Drafts are checked leniently and only published with `build --drafts` (and in `serve`).
    #[serde(default)]
    pub draft: bool,
}

/// A reflection question in front matter. A plain string, or `{ text: "…" }`
/// alone, is the editors' own question; `{ text: "…", source: KEY }` is a
/// question taken from the source `[sources.KEY]` of `site.toml`, so readers
/// can see where each one comes from. (The editor writes `text` with an empty
/// or no `source` for the editors' own.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionMeta {
    /// The editors' own question.
    Editors(String),
    /// A question taken from a source.
    Sourced(SourcedQuestion),
}

/// A reflection question taken from a source document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcedQuestion {
    /// The question.
    pub text: String,
    /// Key of a `[sources.KEY]` table in `site.toml`.
    pub source: String,
}

/// The forms a question may take, said in every error about one.
pub(crate) const QUESTION_FORMS: &str = "et spørgsmål skrives `- \"Tekst?\"` (redaktionens eget) eller `- text: \"Tekst?\"` med `source: NØGLE` rykket lige så langt ind på linjen under (fra en kilde i site.toml)";

impl<'de> Deserialize<'de> for QuestionMeta {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = QuestionMeta;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(QUESTION_FORMS)
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<QuestionMeta, E> {
                Ok(QuestionMeta::Editors(text.to_string()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<QuestionMeta, A::Error> {
                use serde::de::Error;
                let mut text: Option<String> = None;
                let mut source: Option<Option<String>> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_none() => {
                            text = Some(map.next_value::<Option<String>>()?.unwrap_or_default());
                        }
                        "source" if source.is_none() => source = Some(map.next_value()?),
                        "text" | "source" => {
                            return Err(A::Error::custom(format!(
                                "spørgsmålet har feltet `{key}` to gange; {QUESTION_FORMS}"
                            )));
                        }
                        other => {
                            return Err(A::Error::custom(format!(
                                "et spørgsmål har ikke feltet `{other}` (kun `text` og `source`); {QUESTION_FORMS}"
                            )));
                        }
                    }
                }
                let Some(text) = text else {
                    return Err(A::Error::custom(format!(
                        "spørgsmålet mangler feltet `text`; {QUESTION_FORMS}"
                    )));
                };
                Ok(match source.flatten().filter(|s| !s.trim().is_empty()) {
                    Some(source) => QuestionMeta::Sourced(SourcedQuestion { text, source }),
                    None => QuestionMeta::Editors(text),
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl QuestionMeta {
    /// The question's text.
    pub(crate) fn text(&self) -> &str {
        match self {
            QuestionMeta::Editors(text) => text,
            QuestionMeta::Sourced(q) => &q.text,
        }
    }

    /// The key of the source it is taken from; `None` for the editors' own.
    pub(crate) fn source(&self) -> Option<&str> {
        match self {
            QuestionMeta::Editors(_) => None,
            QuestionMeta::Sourced(q) => Some(&q.source),
        }
    }
}

/// Front matter of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseMeta {
    /// The case's headline.
    pub title: String,
    /// One or two sentences for cards and meta description.
    pub summary: String,
    /// Optional slug; otherwise the title's.
    #[serde(default)]
    pub slug: Option<String>,
    /// Earlier addresses of the page, each written as a page that sends readers on.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Key from `site.toml`'s sector vocabulary.
    pub sector: String,
    /// Key from `site.toml`'s level vocabulary.
    pub level: String,
    /// Slugs of the themes the case illustrates (at least one).
    pub themes: Vec<String>,
    /// Numbers (1–7) of the staff messages it illustrates.
    #[serde(default)]
    pub messages: Vec<u32>,
    /// Numbers (1–5) of the citizen themes it illustrates.
    #[serde(default)]
    pub citizen_themes: Vec<u32>,
    /// Key of a `[sources.KEY]` table in `site.toml`.
    pub source: String,
    /// Date as `YYYY-MM-DD`, where the source gives one.
    #[serde(default)]
    pub date: Option<String>,
    /// Drafts are checked leniently and only published with `build --drafts` (and in `serve`).
    #[serde(default)]
    pub draft: bool,
    /// Reflection questions the case adds.
    #[serde(default)]
    pub questions: Vec<QuestionMeta>,
}

/// Front matter of a staff message (1–7) or a citizen theme (1–5).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberedMeta {
    /// Its number in the source's order.
    pub number: u32,
    /// The title as the source gives it.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// Optional slug; otherwise the title's.
    #[serde(default)]
    pub slug: Option<String>,
    /// Earlier addresses of the page, each written as a page that sends readers on.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Slugs of related themes.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Drafts are checked leniently and only published with `build --drafts` (and in `serve`).
    #[serde(default)]
    pub draft: bool,
}

/// Front matter of a tool.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolMeta {
    /// The tool's name.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// Optional slug; otherwise the title's.
    #[serde(default)]
    pub slug: Option<String>,
    /// Earlier addresses of the page, each written as a page that sends readers on.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Position among the tools (lower first).
    #[serde(default)]
    pub weight: i64,
    /// Slugs of related themes.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Drafts are checked leniently and only published with `build --drafts` (and in `serve`).
    #[serde(default)]
    pub draft: bool,
}

/// Front matter of a free page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// The page's title.
    pub title: String,
    /// Optional summary, used as meta description.
    #[serde(default)]
    pub summary: Option<String>,
    /// Optional slug; otherwise the file name's.
    #[serde(default)]
    pub slug: Option<String>,
    /// Earlier addresses of the page, each written as a page that sends readers on.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Drafts are checked leniently and only published with `build --drafts` (and in `serve`).
    #[serde(default)]
    pub draft: bool,
}

/// Front matter of any kind, as parsed: the variant is the file's kind
/// ([`Meta::kind`]), so a document carries its kind once.
#[derive(Debug, Clone)]
pub enum Meta {
    /// A theme.
    Theme(ThemeMeta),
    /// A case.
    Case(CaseMeta),
    /// A staff message.
    Message(NumberedMeta),
    /// A citizen theme.
    CitizenTheme(NumberedMeta),
    /// A tool.
    Tool(ToolMeta),
    /// A free page.
    Page(PageMeta),
}

impl Meta {
    /// The kind of file this front matter belongs to.
    pub fn kind(&self) -> Kind {
        match self {
            Meta::Theme(_) => Kind::Theme,
            Meta::Case(_) => Kind::Case,
            Meta::Message(_) => Kind::Message,
            Meta::CitizenTheme(_) => Kind::CitizenTheme,
            Meta::Tool(_) => Kind::Tool,
            Meta::Page(_) => Kind::Page,
        }
    }

    /// The summary; only a free page may have none.
    pub(crate) fn summary(&self) -> Option<&str> {
        match self {
            Meta::Theme(m) => Some(&m.summary),
            Meta::Case(m) => Some(&m.summary),
            Meta::Message(m) | Meta::CitizenTheme(m) => Some(&m.summary),
            Meta::Tool(m) => Some(&m.summary),
            Meta::Page(m) => m.summary.as_deref(),
        }
    }

    /// The title every kind has.
    pub(crate) fn title(&self) -> &str {
        match self {
            Meta::Theme(m) => &m.title,
            Meta::Case(m) => &m.title,
            Meta::Message(m) | Meta::CitizenTheme(m) => &m.title,
            Meta::Tool(m) => &m.title,
            Meta::Page(m) => &m.title,
        }
    }

    /// The front matter text readers see, field by field: the title, the
    /// summary, and each question and survey statement.
    pub(crate) fn reader_texts(&self) -> Vec<(&'static str, &str)> {
        let mut texts = vec![("title", self.title())];
        texts.extend(self.summary().map(|s| ("summary", s)));
        let questions: &[QuestionMeta] = match self {
            Meta::Theme(m) => &m.questions,
            Meta::Case(m) => &m.questions,
            _ => &[],
        };
        texts.extend(questions.iter().map(|q| ("questions", q.text())));
        if let Meta::Theme(m) = self {
            texts.extend(m.survey.iter().map(|s| ("survey", s.as_str())));
        }
        texts
    }

    /// Whether the file is a draft (`draft: true`).
    pub(crate) fn is_draft(&self) -> bool {
        match self {
            Meta::Theme(m) => m.draft,
            Meta::Case(m) => m.draft,
            Meta::Message(m) | Meta::CitizenTheme(m) => m.draft,
            Meta::Tool(m) => m.draft,
            Meta::Page(m) => m.draft,
        }
    }

    /// The earlier addresses (`aliases:`).
    pub(crate) fn aliases(&self) -> &[String] {
        match self {
            Meta::Theme(m) => &m.aliases,
            Meta::Case(m) => &m.aliases,
            Meta::Message(m) | Meta::CitizenTheme(m) => &m.aliases,
            Meta::Tool(m) => &m.aliases,
            Meta::Page(m) => &m.aliases,
        }
    }

    /// The explicit `slug:` override, if any.
    pub(crate) fn slug_override(&self) -> Option<&str> {
        match self {
            Meta::Theme(m) => m.slug.as_deref(),
            Meta::Case(m) => m.slug.as_deref(),
            Meta::Message(m) | Meta::CitizenTheme(m) => m.slug.as_deref(),
            Meta::Tool(m) => m.slug.as_deref(),
            Meta::Page(m) => m.slug.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{QuestionMeta, ThemeMeta};

    #[test]
    fn questions_are_the_editors_unless_they_name_a_source() {
        let yaml = "title: T\nsummary: S\nquestions:\n  - \"Redaktionens?\"\n  - text: \"Fra kilden?\"\n    source: temaark\n";
        let meta: ThemeMeta = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(
            meta.questions[0],
            QuestionMeta::Editors("Redaktionens?".into())
        );
        assert_eq!(meta.questions[0].source(), None);
        assert_eq!(meta.questions[1].text(), "Fra kilden?");
        assert_eq!(meta.questions[1].source(), Some("temaark"));
        let typo = "title: T\nsummary: S\nquestions:\n  - text: \"?\"\n    kilde: temaark\n";
        let err = serde_yaml::from_str::<ThemeMeta>(typo)
            .unwrap_err()
            .to_string();
        assert!(err.contains("ikke feltet `kilde`"), "{err}");
        // What the editor writes for the editors' own question.
        for own in [
            "  - text: \"Egen?\"\n",
            "  - text: \"Egen?\"\n    source: \"\"\n",
            "  - text: \"Egen?\"\n    source:\n",
        ] {
            let yaml = format!("title: T\nsummary: S\nquestions:\n{own}");
            let meta: ThemeMeta = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(
                meta.questions[0],
                QuestionMeta::Editors("Egen?".into()),
                "{own}"
            );
        }
        let err =
            serde_yaml::from_str::<ThemeMeta>("title: T\nsummary: S\nquestions:\n  - source: x\n")
                .unwrap_err()
                .to_string();
        assert!(err.contains("mangler feltet `text`"), "{err}");
    }
}
