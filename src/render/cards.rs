//! Case cards: rendered once per render and joined by every list; `serve`'s
//! session may keep them between renders ([`Steps`]).

use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera};

use super::Steps;
use super::job::template_problem;
use super::views::CaseCard;
use crate::content::SiteFiles;
use crate::diagnostics::Diagnostic;

/// Every case's card, rendered once (lists join them), and when the render
/// is recorded, the fingerprint of what each was made from.
#[derive(Debug, Default)]
pub(crate) struct RenderedCards {
    /// Each case's card, in the library's order (shared with what the
    /// caller keeps, not copied).
    pub html: Vec<Arc<str>>,
    /// Each card's fingerprint (of the site and its values): the same
    /// fingerprint, the same HTML. Empty when the render is not recorded.
    pub prints: Vec<u64>,
}

/// Every case's card, rendered once: lists join them. With `site_print`
/// (a fingerprint of the site's values and templates), cards whose context
/// is unchanged come from `steps`, and this render's are kept there.
pub(super) fn card_html(
    tera: &Tera,
    cards: &[CaseCard<'_>],
    files: &SiteFiles,
    steps: &dyn Steps,
    site_print: Option<u64>,
) -> Result<RenderedCards, Vec<Diagnostic>> {
    // (print, HTML, whether it was kept from the last render)
    let made: Vec<(Option<u64>, Arc<str>, bool)> = cards
        .par_iter()
        .map(|card| {
            // The card's values hashed as they are (not serialized first).
            let print = site_print.map(|site| crate::fingerprint::fingerprint(&(site, card)));
            if let Some(html) = print.and_then(|p| steps.card(card.link.url, p)) {
                return Ok((print, html, true));
            }
            let mut context = Context::new();
            context.insert("card", card);
            tera.render("partials/case_card.html", &context)
                .map(|html| (print, Arc::from(html), false))
                .map_err(|e| vec![template_problem(&e, files)])
        })
        .collect::<Result<_, _>>()?;
    // Every card kept already: the kept ones stay (a case gone leaves its
    // card behind, which a card with that URL and print would equal).
    if site_print.is_some() && !made.iter().all(|(_, _, kept)| *kept) {
        steps.keep_cards(
            cards
                .iter()
                .zip(&made)
                .filter_map(|(card, (print, html, _))| {
                    Some((card.link.url.to_string(), ((*print)?, html.clone())))
                })
                .collect(),
        );
    }
    let (prints, html): (Vec<Option<u64>>, Vec<Arc<str>>) = made
        .into_iter()
        .map(|(print, html, _)| (print, html))
        .unzip();
    Ok(RenderedCards {
        prints: prints
            .into_iter()
            .collect::<Option<_>>()
            .unwrap_or_default(),
        html,
    })
}
