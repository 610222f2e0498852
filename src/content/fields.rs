//! The fields of each kind's front matter, defined once: key, Danish label
//! and hint, whether `check` requires it, and what values it takes. `new`
//! writes its commented file from them, the editor's configuration
//! (`/admin/`) and `handbook schema` are generated from them, and the save
//! of the editor writes keys in their order. The typed structs in
//! [`super::kinds`] are what `check` reads; a test keeps the two in step.

use super::Kind;

mod by_kind;
use by_kind::{CASE, NUMBERED_CITIZEN, NUMBERED_MESSAGE, PAGE, THEME, TOOL};

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
pub(crate) fn field_of(kind: Kind, key: &str) -> Option<&'static Field> {
    fields(kind).find(|f| f.key == key)
}

/// Where `key` comes in `kind`'s canonical order (unknown keys last).
pub(crate) fn position(kind: Kind, key: &str) -> usize {
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
