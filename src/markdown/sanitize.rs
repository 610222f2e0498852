//! Sanitising: raw HTML is cleaned with ammonia (script URLs in any
//! disguise are refused by `crate::safe_url`).

/// Cleans raw HTML with ammonia: no scripts, styles, event handlers or script URLs.
pub(super) fn sanitize(html: &str) -> String {
    // Set up once: building the rules' tables each time was a tenth of the cleaning.
    static RULES: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
        let mut rules = ammonia::Builder::default();
        rules
            .add_generic_attributes(["id", "class", "lang"])
            .add_tags([
                "figure",
                "figcaption",
                "section",
                "aside",
                "details",
                "summary",
            ])
            .link_rel(None);
        rules
    });
    RULES.clean(html).to_string()
}
