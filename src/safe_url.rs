//! Addresses that must never reach a page: a base module, so that both
//! `site.toml`'s validation and the Markdown stage refuse the same ones.

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
