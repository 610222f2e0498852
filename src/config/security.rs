//! `[security]`: what a page may make the reader's browser fetch from other
//! hosts than the site's own. Each host is a plain host name, compared as a
//! browser parses it (lower case, international names in punycode).

use serde::Deserialize;

use super::validate::Problem;

/// Security settings (`[security]`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityConfig {
    /// Hosts whose images and other embedded files pages may use, e.g.
    /// `["video.example.dk"]`: every other host than the site's own gets a
    /// `third-party` warning, since the reader's browser contacts it.
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
}

/// `host` as browsers compare it (lower case, punycode), or `None` unless it
/// is a plain host name: no scheme, port, path, user or wildcard.
pub(crate) fn normal_host(host: &str) -> Option<String> {
    let plain = !host.is_empty()
        && !host.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '/' | '\\' | '?' | '#' | '@' | ':' | '[' | ']' | '%' | '*' | '"' | '<' | '>'
                )
        });
    if !plain {
        return None;
    }
    let url = url::Url::parse(&format!("https://{host}/")).ok()?;
    url.host_str().map(str::to_string)
}

/// The first entry of `allowed_hosts` that is not a plain host name.
pub(super) fn security_problem(security: &SecurityConfig, text: &str) -> Option<Problem> {
    let bad = security
        .allowed_hosts
        .iter()
        .find(|h| normal_host(h).is_none())?;
    let at = [format!("\"{bad}\""), format!("'{bad}'")]
        .iter()
        .find_map(|quoted| {
            text.lines().enumerate().find_map(|(idx, line)| {
                line.find(quoted.as_str())
                    .map(|at| (idx + 1, line[..at].chars().count() + 1))
            })
        })
        .or_else(|| crate::diagnostics::find_key(text, "allowed_hosts"));
    Some(Problem::new(
        at,
        format!("`allowed_hosts` under `[security]` skal være værtsnavne, men `{bad}` er ikke et"),
        "skriv kun værtens navn, fx `video.example.dk`: uden https://, sti, port og `*`",
    ))
}

#[cfg(test)]
mod tests {
    use super::normal_host;

    #[test]
    fn hosts_are_compared_as_browsers_parse_them() {
        assert_eq!(
            normal_host("Video.Example.DK").as_deref(),
            Some("video.example.dk")
        );
        assert_eq!(
            normal_host("bücher.example").as_deref(),
            Some("xn--bcher-kva.example")
        );
        assert_eq!(normal_host("192.0.2.1").as_deref(), Some("192.0.2.1"));
        for bad in [
            "",
            "https://video.example.dk",
            "video.example.dk/sti",
            "video.example.dk:8080",
            "*.example.dk",
            "bruger@example.dk",
            "a b",
            "[::1]",
            "a\\b",
        ] {
            assert_eq!(normal_host(bad), None, "{bad}");
        }
    }
}
