//! Sanitising: script URLs in any disguise are refused, and raw HTML is
//! cleaned with ammonia.

/// Whether `url` uses a scheme that runs script or reads local files, however
/// it is disguised: any case, whitespace or control characters inside (browsers
/// drop those), entities (already decoded by the Markdown parser).
pub fn is_script_url(url: &str) -> bool {
    let squashed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|s| squashed.starts_with(s))
}

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
