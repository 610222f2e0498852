//! Files a page embeds from other hosts make the reader's browser contact
//! them: a `third-party` warning naming the file, line and host, silenced
//! for the hosts `[security] allowed_hosts` lists. Links to other hosts are fine.

use handbook::Code;

use super::{CASE, Fixture, SITE_TOML, errors};

const BODY: &str = "![Kort over kommunen](https://tracker.example/kort.png)\n\n\
                    <img alt=\"Logo\" src=\"//CDN.example/logo.png\">\n\n\
                    Se [rapporten](https://kilde.example/rapport) og <a href=\"https://kilde.example/\">kilden</a>.\n\n\
                    ## Situationen";

fn third_party(site: &Fixture) -> Vec<String> {
    let report = site.build().unwrap_or_else(|e| panic!("{e}"));
    report
        .warnings
        .iter()
        .filter(|w| w.code == Code::ThirdParty)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn files_from_other_hosts_warn_and_allowed_hosts_silence_them() {
    let site = Fixture::new();
    site.write(
        "content/cases/bordkort.md",
        &CASE.replace("## Situationen", BODY),
    );
    let found = third_party(&site);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with(
            "content/cases/bordkort.md:12:1: advarsel: siden indlejrer en fil fra en anden vært, `tracker.example`: læserens browser henter den derfra, hver gang siden vises\n"
        ),
        "{}",
        found[0]
    );
    assert!(
        found[0].ends_with(
            "= tip: læg filen i `content/` og link til den dér; skal siden bruge værten med vilje, så skriv den i site.toml: `[security]` med `allowed_hosts = [\"tracker.example\"]`"
        ),
        "{}",
        found[0]
    );
    assert!(
        found[1].starts_with("content/cases/bordkort.md:14:1: advarsel: siden indlejrer en fil fra en anden vært, `cdn.example`"),
        "{}",
        found[1]
    );
    // The page does embed them: the warning is about what is published.
    let page = site.read("cases/bordkort/index.html");
    assert!(page.contains("src=\"https://tracker.example/kort.png\""));

    let (code, json, _) = site.run(&["check", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json.matches("\"third-party\"").count(), 2, "{json}");
    let (code, _, stderr) = site.run(&["check", "--strict"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("`tracker.example`"), "{stderr}");
    assert_eq!(site.run(&["build", "--strict"]).0, 1);

    site.write(
        "site.toml",
        &format!(
            "{SITE_TOML}\n[security]\nallowed_hosts = [\"tracker.example\", \"cdn.example\"]\n"
        ),
    );
    assert!(third_party(&site).is_empty());
    assert_eq!(site.run(&["check", "--strict"]).0, 0);

    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[security]\nallowed_hosts = [\"https://cdn.example/\"]\n"),
    );
    let found = errors(site.build());
    assert!(
        found[0].starts_with(
            &format!("site.toml:{}:18: fejl:", SITE_TOML.lines().count() + 3)
        ) && found[0].contains(" `allowed_hosts` under `[security]` skal være værtsnavne, men `https://cdn.example/` er ikke et"
        ),
        "{found:#?}"
    );
}
