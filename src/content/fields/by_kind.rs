//! Each kind's fields, in the order files keep them (what they are used
//! for: [`super`]), and the fields several kinds share.

use super::{Field, Values, Vocabulary};
use crate::content::Kind;

/// A field, its parts in the order [`Field`] lists them.
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

pub(super) const CASE: [Field; 13] = [
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

pub(super) const THEME: [Field; 9] = [
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

pub(super) const NUMBERED_MESSAGE: [Field; 7] = [
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

pub(super) const NUMBERED_CITIZEN: [Field; 7] = [
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

pub(super) const TOOL: [Field; 7] = [
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

pub(super) const PAGE: [Field; 5] = [
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
