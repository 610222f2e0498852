//! Sanitising: raw HTML is cleaned with ammonia (script URLs in any
//! disguise are refused by `crate::safe_url`).

/// Cleans raw HTML with ammonia: no scripts, styles, event handlers or script URLs.
pub(super) fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "lang"])
        .add_tags([
            "figure",
            "figcaption",
            "section",
            "aside",
            "details",
            "summary",
        ])
        .link_rel(None)
        .clean(html)
        .to_string()
}
