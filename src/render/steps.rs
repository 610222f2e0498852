//! What a caller may keep between renders (`serve`'s session): the case
//! cards' HTML and the fingerprints of what each file was made from
//! ([`super::record`]). Render itself stays a pure function of its inputs.

use std::sync::Arc;

use super::record::{Prints, Recorded};

/// Case cards' HTML by URL, with the fingerprint of each one's context.
pub(crate) type Cards = foldhash::HashMap<String, (u64, Arc<str>)>;

/// What a caller keeps between renders; with [`Fresh`], nothing.
pub(crate) trait Steps: Sync {
    /// Whether cards are kept (else their contexts are not fingerprinted).
    fn keeps_cards(&self) -> bool {
        false
    }
    /// The HTML kept for the card at `url` rendered from the context `print`.
    fn card(&self, _url: &str, _print: u64) -> Option<Arc<str>> {
        None
    }
    /// Keeps this render's cards, URL → (print, HTML), in place of the last.
    fn keep_cards(&self, _cards: Cards) {}
    /// The fingerprints of what each file of the last recorded render was
    /// made from, by output path (empty before the first): a file made from
    /// the same is not given again, the caller holds it. `None`: every file
    /// is given and nothing is recorded.
    fn held(&self) -> Option<Arc<Prints>> {
        None
    }
    /// Keeps what a recorded render that succeeded leaves for the next.
    fn hold(&self, _recorded: Recorded) {}
}

/// The steps as they are: nothing kept.
pub(crate) struct Fresh;

impl Steps for Fresh {}
