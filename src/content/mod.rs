//! Content: reading `content/` and the theme from disk (`load`), and the typed
//! front matter of each kind (`kinds`, `front_matter`).

pub mod fields;
pub mod front_matter;
pub mod kinds;
pub(crate) mod load;
pub(crate) mod write;

pub use kinds::{Kind, Meta, QuestionMeta};
pub use load::{Asset, SiteFiles, SourceFile, load};
