//! The kinds of content: the folder each lives in, also its URL folder, and
//! what readers call it, in reading order.

use serde::Serialize;

/// What readers call a kind: one item and several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Label {
    /// One item, e.g. "Tema" (also the search's type filter value).
    pub one: &'static str,
    /// Several, e.g. "Temaer" (the menu, headings of lists).
    pub many: &'static str,
}

/// The content kinds, decided by the folder a file sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `content/temaer/`
    Theme,
    /// `content/cases/`
    Case,
    /// `content/budskaber/`: the seven messages from leaders and staff to chiefs.
    Message,
    /// `content/borgertemaer/`: the five citizen themes.
    CitizenTheme,
    /// `content/vaerktoejer/`
    Tool,
    /// Free pages directly in `content/` (`_index.md` is the home page).
    Page,
}

impl Kind {
    /// Every kind that lives in a folder of its own.
    pub const FOLDERS: [(&'static str, Kind); 5] = FOLDERS;

    /// The kind of a file from its path relative to `content/`, or `None` for an unknown folder.
    pub fn of(relative: &[&str]) -> Option<Kind> {
        match relative {
            [_file] => Some(Kind::Page),
            [folder, _file] => Self::FOLDERS
                .iter()
                .find(|(f, _)| f == folder)
                .map(|(_, k)| *k),
            _ => None,
        }
    }

    /// The URL folder (also the content folder) of this kind.
    pub fn folder(self) -> &'static str {
        folder(self)
    }
}

/// Every kind in reading order, with its content and URL folder and its label.
const KINDS: [(Kind, &str, Label); 6] = [
    (
        Kind::Theme,
        "temaer",
        Label {
            one: "Tema",
            many: "Temaer",
        },
    ),
    (
        Kind::Case,
        "cases",
        Label {
            one: "Case",
            many: "Cases",
        },
    ),
    (
        Kind::Message,
        "budskaber",
        Label {
            one: "Budskab",
            many: "Budskaber",
        },
    ),
    (
        Kind::CitizenTheme,
        "borgertemaer",
        Label {
            one: "Borgertema",
            many: "Borgertemaer",
        },
    ),
    (
        Kind::Tool,
        "vaerktoejer",
        Label {
            one: "Værktøj",
            many: "Værktøjer",
        },
    ),
    (
        Kind::Page,
        "",
        Label {
            one: "Side",
            many: "Sider",
        },
    ),
];

/// Every kind in reading order.
pub const ALL_KINDS: [Kind; 6] = [
    KINDS[0].0, KINDS[1].0, KINDS[2].0, KINDS[3].0, KINDS[4].0, KINDS[5].0,
];

/// Every kind that lives in a folder of its own, with that folder.
pub const FOLDERS: [(&str, Kind); 5] = [
    (KINDS[0].1, KINDS[0].0),
    (KINDS[1].1, KINDS[1].0),
    (KINDS[2].1, KINDS[2].0),
    (KINDS[3].1, KINDS[3].0),
    (KINDS[4].1, KINDS[4].0),
];

/// The row of `kind` in [`KINDS`].
pub(super) const fn entry(kind: Kind) -> &'static (Kind, &'static str, Label) {
    &KINDS[match kind {
        Kind::Theme => 0,
        Kind::Case => 1,
        Kind::Message => 2,
        Kind::CitizenTheme => 3,
        Kind::Tool => 4,
        Kind::Page => 5,
    }]
}

/// The content folder, also the URL folder, of `kind` (empty for free pages).
pub const fn folder(kind: Kind) -> &'static str {
    entry(kind).1
}

/// What readers call `kind`.
pub const fn label(kind: Kind) -> Label {
    entry(kind).2
}

/// The letter before a message's or citizen theme's number in the matrix's
/// narrow columns ("B3", "T2"); the page spells each code out in a key.
pub const fn matrix_code(kind: Kind) -> &'static str {
    match kind {
        Kind::Message => "B",
        Kind::CitizenTheme => "T",
        _ => "",
    }
}
