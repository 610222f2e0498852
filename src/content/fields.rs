//! The fields of each kind's front matter, defined once: key, Danish label
//! and hint, whether `check` requires it, and what values it takes. `new`
//! writes its commented file from them, the editor's configuration
//! (`/admin/`) and `handbook schema` are generated from them, and the save
//! of the editor writes keys in their order. The typed structs in
//! [`super::kinds`] are what `check` reads; a test keeps the two in step.

use super::Kind;

/// What values a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// One line of text.
    Line,
    /// A few sentences.
    Text,
    /// An address part: `a-z`, digits and `-`.
    Slug,
    /// A whole number in a range.
    Number {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// A key of a vocabulary in `site.toml` (`[vocabularies.NAME]`).
    Vocabulary(Vocabulary),
    /// Slugs of themes of the site.
    Themes,
    /// Numbers of the staff messages or citizen themes of the site.
    Numbered(Kind),
    /// A key of `[sources]` in `site.toml`.
    Source,
    /// `ÅÅÅÅ-MM-DD`.
    Date,
    /// `true` or `false`.
    Switch,
    /// Reflection questions: text, or text with a source key.
    Questions,
    /// A list of lines of text.
    Lines,
    /// Earlier addresses of the page (`/cases/gammel/`), each of which
    /// becomes a page that sends readers on.
    Aliases,
}

/// The vocabularies of `site.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// `[vocabularies.sector]`
    Sector,
    /// `[vocabularies.level]`
    Level,
}

impl Vocabulary {
    /// Its name in `site.toml` and as a front matter key.
    pub fn name(self) -> &'static str {
        match self {
            Vocabulary::Sector => "sector",
            Vocabulary::Level => "level",
        }
    }

    /// Its allowed keys and their labels.
    pub fn entries(self, config: &crate::Config) -> &std::collections::BTreeMap<String, String> {
        match self {
            Vocabulary::Sector => &config.vocabularies.sector,
            Vocabulary::Level => &config.vocabularies.level,
        }
    }
}

/// One front matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key, as written in front matter.
    pub key: &'static str,
    /// What editors call it.
    pub label: &'static str,
    /// What to write, one sentence (the comment `new` writes, the editor's hint).
    pub hint: &'static str,
    /// `check` requires it (and a non-empty value) unless the file is a draft.
    pub required: bool,
    /// The values it takes.
    pub values: Values,
    /// What `new` writes as its value (YAML); `None`: the line is left out.
    pub initial: Option<&'static str>,
}

const fn field(
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    required: bool,
    values: Values,
    initial: Option<&'static str>,
) -> Field {
    Field {
        key,
        label,
        hint,
        required,
        values,
        initial,
    }
}

const TITLE: Field = field(
    "title",
    "Titel",
    "Overskriften på siden.",
    true,
    Values::Line,
    Some(""),
);
const SUMMARY: Field = field(
    "summary",
    "Resumé",
    "Én eller to sætninger, der vises på kortet og i søgeresultater.",
    true,
    Values::Text,
    Some("\"\""),
);
const SLUG: Field = field(
    "slug",
    "Adresse (slug)",
    "Sidens adresse: små bogstaver a-z, tal og bindestreg. Ret den ikke, når siden er offentliggjort: links til den holder så op med at virke.",
    false,
    Values::Slug,
    Some(""),
);
const ALIASES: Field = field(
    "aliases",
    "Tidligere adresser",
    "Adresser, siden havde før, fx /cases/gammelt-navn/; de sender læseren videre hertil.",
    false,
    Values::Aliases,
    None,
);
const DRAFT: Field = field(
    "draft",
    "Kladde",
    "Sæt til true, mens siden er en kladde; den bliver så ikke offentliggjort.",
    false,
    Values::Switch,
    Some("true"),
);
const WEIGHT: Field = field(
    "weight",
    "Rækkefølge",
    "Placering i rækkefølgen (lavest først).",
    false,
    Values::Number {
        min: -1_000_000,
        max: 1_000_000,
    },
    Some("100"),
);
const THEMES: Field = field(
    "themes",
    "Temaer",
    "Relaterede temaer (deres kortnavne).",
    false,
    Values::Themes,
    Some("[]"),
);

const CASE: [Field; 13] = [
    field(
        "title",
        "Titel",
        "Overskriften på casen.",
        true,
        Values::Line,
        Some(""),
    ),
    SUMMARY,
    field(
        "sector",
        "Sektor",
        "Sektoren, casen foregår i.",
        true,
        Values::Vocabulary(Vocabulary::Sector),
        Some(""),
    ),
    field(
        "level",
        "Ledelsesniveau",
        "Ledelsesniveauet, casen handler om.",
        true,
        Values::Vocabulary(Vocabulary::Level),
        Some(""),
    ),
    field(
        "themes",
        "Temaer",
        "Temaer, casen belyser (mindst ét).",
        true,
        Values::Themes,
        Some("[]"),
    ),
    field(
        "messages",
        "Budskaber til chefer",
        "Numre (1–7) på de budskaber til chefer, casen belyser. Kan udelades.",
        false,
        Values::Numbered(Kind::Message),
        Some("[]"),
    ),
    field(
        "citizen_themes",
        "Borgertemaer",
        "Numre (1–5) på de borgertemaer, casen belyser. Kan udelades.",
        false,
        Values::Numbered(Kind::CitizenTheme),
        Some("[]"),
    ),
    field(
        "source",
        "Kilde",
        "Kilden, som casen bygger på.",
        true,
        Values::Source,
        Some(""),
    ),
    field(
        "date",
        "Dato",
        "Dato som ÅÅÅÅ-MM-DD, hvis kilden oplyser den. Ellers slet linjen.",
        false,
        Values::Date,
        Some(""),
    ),
    DRAFT,
    field(
        "questions",
        "Refleksionsspørgsmål",
        "Ekstra refleksionsspørgsmål. Kan udelades.",
        false,
        Values::Questions,
        Some("[]"),
    ),
    SLUG,
    ALIASES,
];

const THEME: [Field; 9] = [
    field(
        "title",
        "Titel",
        "Temaets navn.",
        true,
        Values::Line,
        Some(""),
    ),
    field(
        "summary",
        "Resumé",
        "Én eller to sætninger.",
        true,
        Values::Text,
        Some("\"\""),
    ),
    field(
        "weight",
        "Rækkefølge",
        "Placering i læserækkefølgen (lavest først).",
        false,
        WEIGHT.values,
        Some("100"),
    ),
    field(
        "survey",
        "Udsagn fra spørgeskemaet",
        "Udsagn, medarbejderne har svaret på. Kan udelades.",
        false,
        Values::Lines,
        Some("[]"),
    ),
    field(
        "questions",
        "Refleksionsspørgsmål",
        "Refleksionsspørgsmål (mindst ét, gerne tre eller flere).",
        true,
        Values::Questions,
        Some("\n  - \"\""),
    ),
    field(
        "related",
        "Relaterede temaer",
        "Relaterede temaer (deres kortnavne).",
        false,
        Values::Themes,
        Some("[]"),
    ),
    DRAFT,
    SLUG,
    ALIASES,
];

const NUMBERED_MESSAGE: [Field; 7] = [
    field(
        "number",
        "Nummer",
        "Nummeret i kildens rækkefølge (1–7).",
        true,
        Values::Number { min: 1, max: 7 },
        Some(""),
    ),
    field(
        "title",
        "Titel",
        "Titlen, som kilden giver den.",
        true,
        Values::Line,
        Some(""),
    ),
    field(
        "summary",
        "Resumé",
        "Én eller to sætninger.",
        true,
        Values::Text,
        Some("\"\""),
    ),
    THEMES,
    DRAFT,
    SLUG,
    ALIASES,
];

const NUMBERED_CITIZEN: [Field; 7] = [
    field(
        "number",
        "Nummer",
        "Nummeret i kildens rækkefølge (1–5).",
        true,
        Values::Number { min: 1, max: 5 },
        Some(""),
    ),
    NUMBERED_MESSAGE[1],
    NUMBERED_MESSAGE[2],
    THEMES,
    DRAFT,
    SLUG,
    ALIASES,
];

const TOOL: [Field; 7] = [
    field(
        "title",
        "Titel",
        "Værktøjets navn.",
        true,
        Values::Line,
        Some(""),
    ),
    NUMBERED_MESSAGE[2],
    field(
        "weight",
        "Rækkefølge",
        "Placering blandt værktøjerne (lavest først).",
        false,
        WEIGHT.values,
        Some("100"),
    ),
    THEMES,
    DRAFT,
    SLUG,
    ALIASES,
];

const PAGE: [Field; 5] = [
    TITLE,
    field(
        "summary",
        "Resumé",
        "Én eller to sætninger til søgemaskiner og søgeresultater. Kan udelades.",
        false,
        Values::Text,
        Some("\"\""),
    ),
    field(
        "draft",
        DRAFT.label,
        DRAFT.hint,
        false,
        Values::Switch,
        None,
    ),
    field("slug", SLUG.label, SLUG.hint, false, Values::Slug, None),
    ALIASES,
];

/// The fields of `kind`'s front matter, in the order files keep them.
pub fn fields(kind: Kind) -> impl Iterator<Item = &'static Field> {
    let all: &'static [Field] = match kind {
        Kind::Case => &CASE,
        Kind::Theme => &THEME,
        Kind::Message => &NUMBERED_MESSAGE,
        Kind::CitizenTheme => &NUMBERED_CITIZEN,
        Kind::Tool => &TOOL,
        Kind::Page => &PAGE,
    };
    all.iter()
}

/// The field `key` of `kind`, if it has one.
pub fn field_of(kind: Kind, key: &str) -> Option<&'static Field> {
    fields(kind).find(|f| f.key == key)
}

/// Where `key` comes in `kind`'s canonical order (unknown keys last).
pub fn position(kind: Kind, key: &str) -> usize {
    fields(kind)
        .position(|f| f.key == key)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site_map::ALL_KINDS;

    /// The keys serde accepts for `kind`, from its "unknown field" error.
    fn serde_keys(kind: Kind) -> Vec<String> {
        let yaml = "zz_not_a_field: 1\n";
        let err = match kind {
            Kind::Case => serde_yaml::from_str::<crate::content::kinds::CaseMeta>(yaml).err(),
            Kind::Theme => serde_yaml::from_str::<crate::content::kinds::ThemeMeta>(yaml).err(),
            Kind::Message | Kind::CitizenTheme => {
                serde_yaml::from_str::<crate::content::kinds::NumberedMeta>(yaml).err()
            }
            Kind::Tool => serde_yaml::from_str::<crate::content::kinds::ToolMeta>(yaml).err(),
            Kind::Page => serde_yaml::from_str::<crate::content::kinds::PageMeta>(yaml).err(),
        };
        let message = err.expect("an unknown field is refused").to_string();
        let expected = message.split("expected").nth(1).unwrap_or_default();
        let mut keys: Vec<String> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn every_kind_defines_exactly_the_fields_check_reads() {
        for kind in ALL_KINDS {
            let mut defined: Vec<String> = fields(kind).map(|f| f.key.to_string()).collect();
            defined.sort();
            assert_eq!(defined, serde_keys(kind), "{kind:?}");
        }
    }

    #[test]
    fn labels_and_hints_are_there_and_keys_unique() {
        for kind in ALL_KINDS {
            let mut seen = std::collections::HashSet::new();
            for f in fields(kind) {
                assert!(seen.insert(f.key), "{kind:?} {}", f.key);
                assert!(!f.label.is_empty() && f.hint.ends_with('.'), "{f:?}");
            }
            assert!(field_of(kind, "title").is_some_and(|f| f.required));
        }
    }
}
