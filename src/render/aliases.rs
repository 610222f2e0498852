//! Pages at earlier addresses (`aliases:`): each sends readers on to the
//! page's address now, as Hugo's aliases do, so links to the old address
//! keep working. A plain HTML page (a refresh and a link), no script.

use crate::config::Config;
use crate::model::Library;

use super::Output;

use crate::site_map::alias_is_valid as valid;

/// The redirect page of every valid alias of every page.
pub fn pages(library: &Library, config: &Config) -> Vec<Output> {
    let mut outputs: Vec<Output> = library
        .entries()
        .flat_map(|entry| entry.aliases.iter().map(move |alias| (entry, alias)))
        .filter(|(_, alias)| valid(alias))
        .map(|(entry, alias)| Output {
            path: format!("{}index.html", alias.trim_start_matches('/')),
            bytes: page(&entry.title, &entry.url, config).into_bytes(),
            searchable: None,
        })
        .collect();
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs.dedup_by(|a, b| a.path == b.path);
    outputs
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(title: &str, url: &str, config: &Config) -> String {
    let canonical = format!(
        "{}{}",
        config.base_url_trimmed(),
        url.strip_prefix(&config.base_path()).unwrap_or(url)
    );
    let (title, url, canonical) = (escape(title), escape(url), escape(&canonical));
    format!(
        "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>Siden er flyttet: <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::valid;

    #[test]
    fn aliases_are_plain_paths_from_the_root() {
        for ok in ["/cases/gammel/", "/a/", "/cases/x_1.2/"] {
            assert!(valid(ok), "{ok}");
        }
        for bad in [
            "cases/x/",
            "/cases/x",
            "/",
            "//",
            "/../x/",
            "/a/./b/",
            "/Æ/",
            "/a b/",
            "https://x/",
            "/a//b/",
        ] {
            assert!(!valid(bad), "{bad}");
        }
    }
}
