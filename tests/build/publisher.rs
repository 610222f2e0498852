//! `[publisher]` in `site.toml`: validated like the other settings, shown in
//! header and footer, warned about when missing; favicon, `og:` tags and the
//! footer's links come from the site map.

use super::{Fixture, SITE_TOML};

const PUBLISHER: &str = "[publisher]\nname = \"Prøveredaktionen\"\nemail = \"redaktion@example.org\"\nlast_updated = \"2024-01-24\"\n";

fn with_publisher(site: &Fixture, publisher: &str) {
    site.write("site.toml", &SITE_TOML.replace(PUBLISHER, publisher));
}

#[test]
fn header_and_footer_show_the_publisher_contact_date_and_was_statement() {
    let site = Fixture::new();
    with_publisher(
        &site,
        "[publisher]\nname = \"Styrelsen for Eksempler\"\nemail = \"ledelse@eksempel.dk\"\nphone = \"+45 33 92 33 00\"\naccessibility_statement_url = \"https://www.was.digst.dk/eksempel-dk\"\nlast_updated = \"2024-01-24\"\n",
    );
    site.build().unwrap_or_else(|e| panic!("{e}"));
    let home = site.read("index.html");
    assert!(
        home.contains("<span class=\"visually-hidden\">Udgivet af </span>Styrelsen for Eksempler"),
        "header names the publisher"
    );
    assert!(home.contains("<a href=\"mailto:ledelse@eksempel.dk\">ledelse@eksempel.dk</a>"));
    assert!(home.contains("<a href=\"tel:+4533923300\">+45 33 92 33 00</a>"));
    assert!(
        home.contains("Senest opdateret <time datetime=\"2024-01-24\">24. januar 2024</time>"),
        "Danish date"
    );
    assert!(
        home.contains(
            "<a href=\"https://www.was.digst.dk/eksempel-dk\">Tilgængelighedserklæring</a>"
        ),
        "the WAS statement wins over the site's own page"
    );
    let (code, _, stderr) = site.run(&["check", "--strict"]);
    assert_eq!(code, 0, "a complete publisher gives no warning: {stderr}");
}

#[test]
fn without_a_was_address_the_own_statement_page_shows_the_contact() {
    let site = Fixture::new();
    site.write(
        "content/tilgaengelighed.md",
        "---\ntitle: Tilgængelighedserklæring\nsummary: \"Om tilgængelighed.\"\n---\nTekst.\n",
    );
    site.build().unwrap_or_else(|e| panic!("{e}"));
    let home = site.read("index.html");
    assert!(home.contains("<a href=\"/tilgaengelighed/\">Tilgængelighedserklæring</a>"));
    let statement = site.read("tilgaengelighed/index.html");
    assert!(
        statement.contains("<h2 id=\"h-kontakt\">Feedback og kontakt</h2>"),
        "{statement}"
    );
    assert!(statement.contains("mailto:redaktion@example.org"));
    assert!(!site.read("temaer/index.html").contains("h-kontakt"));
    // The WAS tool's parts, from `[accessibility]`.
    for part in [
        "Webstedet »Prøvehåndbog« overholder fuldt kravene i WCAG 2.1 på niveau AA.",
        "<p>Vi kender ikke til indhold på webstedet, der ikke er tilgængeligt.</p>",
        "Vi svarer inden for 10 arbejdsdage.",
        "<a href=\"https://www.was.digst.dk/\">was.digst.dk</a>",
        "Erklæringen er udarbejdet <time datetime=\"2024-01-24\">24. januar 2024</time>.",
    ] {
        assert!(statement.contains(part), "{part}\n{statement}");
    }
}

#[test]
fn the_statement_lists_known_problems_and_check_warns_about_what_it_leaves_out() {
    let site = Fixture::new();
    site.write(
        "content/tilgaengelighed.md",
        "---\ntitle: Tilgængelighedserklæring\n---\nTekst.\n",
    );
    let toml = |accessibility: &str| {
        let start = SITE_TOML.find("[accessibility]").unwrap();
        let end = start + SITE_TOML[start..].find("\n\n").unwrap();
        SITE_TOML.replace(&SITE_TOML[start..end], accessibility)
    };
    site.write(
        "site.toml",
        &toml("[accessibility]\nstatus = \"delvist\"\nknown_problems = [\"Kortene er billeder uden tekst.\"]\nresponse_time = \"5 arbejdsdage\"\nprepared = \"2024-01-24\"\nreviewed = \"2024-06-01\""),
    );
    let (code, _, stderr) = site.run(&["check", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
    site.build().unwrap_or_else(|e| panic!("{e}"));
    let statement = site.read("tilgaengelighed/index.html");
    assert!(
        statement.contains("overholder delvist kravene"),
        "{statement}"
    );
    assert!(statement.contains("<li>Kortene er billeder uden tekst.</li>"));
    assert!(
        statement.contains("senest gennemgået <time datetime=\"2024-06-01\">1. juni 2024</time>")
    );

    for (accessibility, warning) in [
        ("", "site.toml beskriver ikke tilgængelighedserklæringen"),
        (
            "[accessibility]\nstatus = \"ikke\"\nresponse_time = \"5 dage\"\nprepared = \"2024-01-24\"",
            "`[accessibility] status` er `ikke`, men `known_problems` nævner ingen problemer",
        ),
        (
            "[accessibility]\nstatus = \"fuldt\"\nprepared = \"2024-01-24\"",
            "`[accessibility]` siger ikke, hvor hurtigt I svarer",
        ),
    ] {
        site.write("site.toml", &toml(accessibility));
        let (code, _, stderr) = site.run(&["check"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains(warning), "{accessibility}: {stderr}");
        assert!(
            stderr.contains("[accessibility]") || stderr.contains("accessibility_statement"),
            "{stderr}"
        );
        assert_eq!(site.run(&["check", "--strict"]).0, 1);
    }
    for (accessibility, error) in [
        (
            "[accessibility]\nstatus = \"helt\"\nprepared = \"2024-01-24\"",
            "`[accessibility] status` kan ikke være `helt`: skriv `fuldt`, `delvist` eller `ikke`",
        ),
        (
            "[accessibility]\nstatus = \"fuldt\"\nprepared = \"24-01-2024\"",
            "`[accessibility] prepared` er ikke en dato: `24-01-2024`",
        ),
        (
            "[accessibility]\nstatus = \"fuldt\"\nknown_problems = [\" \"]\nprepared = \"2024-01-24\"",
            "`[accessibility] known_problems` har et tomt punkt",
        ),
    ] {
        site.write("site.toml", &toml(accessibility));
        let (code, _, stderr) = site.run(&["check"]);
        assert_eq!(code, 1, "{accessibility}: {stderr}");
        assert!(stderr.contains(error), "{accessibility}: {stderr}");
    }
    // A statement in the WAS tool needs none of it.
    site.write(
        "site.toml",
        &toml("").replace(
            "email = \"redaktion@example.org\"",
            "email = \"redaktion@example.org\"\naccessibility_statement_url = \"https://www.was.digst.dk/proeve\"",
        ),
    );
    let (code, _, stderr) = site.run(&["check", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_missing_publisher_contact_or_date_is_a_warning_and_fails_strict() {
    let site = Fixture::new();
    with_publisher(&site, "");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("site.toml: advarsel: site.toml siger ikke, hvem der udgiver håndbogen"),
        "{stderr}"
    );
    assert_eq!(site.run(&["build"]).0, 0, "a plain build still builds");
    let (code, _, stderr) = site.run(&["build", "--strict"]);
    assert_eq!(code, 1, "{stderr}");

    with_publisher(&site, "[publisher]\nname = \"Redaktionen\"\n");
    let (_, _, stderr) = site.run(&["check"]);
    assert!(
        stderr.contains("`[publisher]` giver ingen kontakt"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`[publisher]` siger ikke, hvornår håndbogen sidst er opdateret"),
        "{stderr}"
    );
    with_publisher(
        &site,
        "[publisher]\nname = \"Redaktionen\"\ncontact_url = \"https://example.org/kontakt\"\nlast_updated = \"2024-01-24\"\n",
    );
    let (code, _, stderr) = site.run(&["check", "--strict"]);
    assert_eq!(code, 0, "a contact page is a contact: {stderr}");
    // Without e-mail, phone or page, a sentence saying how to reach them.
    with_publisher(
        &site,
        "[publisher]\nname = \"Redaktionen\"\ncontact_text = \"Skriv til den organisation, der har givet dig håndbogen.\"\nlast_updated = \"2024-01-24\"\n",
    );
    let (code, _, stderr) = site.run(&["check", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
    site.write(
        "content/om.md",
        "---\ntitle: Om håndbogen\nsummary: \"Om.\"\n---\nTekst.\n",
    );
    site.build().unwrap_or_else(|e| panic!("{e}"));
    for page in ["index.html", "om/index.html"] {
        assert!(
            site.read(page).contains("<p class=\"contact-text\">Skriv til den organisation, der har givet dig håndbogen.</p>"),
            "{page}"
        );
    }
    assert!(
        site.read("om/index.html")
            .contains("<h2 id=\"h-kontakt\">Udgiver og kontakt</h2>")
    );
    // A contact page that shows this contact itself leads back to itself.
    for back in ["/om/", "/om", "/tilgaengelighed/"] {
        with_publisher(
            &site,
            &format!(
                "[publisher]\nname = \"Redaktionen\"\ncontact_url = \"{back}\"\nlast_updated = \"2024-01-24\"\n"
            ),
        );
        let (code, _, stderr) = site.run(&["check"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains("advarsel: `contact_url` fører tilbage til `/"),
            "{back}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("| contact_url = \"{back}\"")),
            "{back}: at the key: {stderr}"
        );
    }
}

#[test]
fn publisher_values_are_checked_like_other_settings() {
    for (key, bad, message) in [
        (
            "contact_url",
            "javascript:alert(1)",
            "`contact_url` er ikke tilladt",
        ),
        (
            "contact_url",
            "/om os/",
            "`contact_url` indeholder mellemrum",
        ),
        (
            "accessibility_statement_url",
            "/tilgaengelighed/",
            "`accessibility_statement_url` skal være en absolut adresse",
        ),
        (
            "accessibility_statement_url",
            "data:text/html,x",
            "`accessibility_statement_url` er ikke tilladt",
        ),
        ("email", "redaktion", "`email` er ikke en e-mailadresse"),
        ("email", "a@b@c.dk", "`email` er ikke en e-mailadresse"),
        ("phone", "ring til os", "`phone` er ikke et telefonnummer"),
        ("logo", "../hemmelig.svg", "`logo` skal være et filnavn"),
        (
            "logo",
            "https://example.org/logo.svg",
            "`logo` skal være et filnavn",
        ),
        (
            "last_updated",
            "24-01-2024",
            "`last_updated` er ikke en dato",
        ),
        (
            "last_updated",
            "2023-02-29",
            "`last_updated` er ikke en dato",
        ),
    ] {
        let site = Fixture::new();
        with_publisher(
            &site,
            &format!("[publisher]\nname = \"Redaktionen\"\n{key} = \"{bad}\"\n"),
        );
        let (code, _, stderr) = site.run(&["check"]);
        assert_eq!(code, 1, "{key} = {bad}: {stderr}");
        assert!(stderr.contains("site.toml:"), "{stderr}");
        assert!(stderr.contains(message), "{key} = {bad}: {stderr}");
    }
    let site = Fixture::new();
    with_publisher(&site, "[publisher]\nname = \"  \"\n");
    assert!(site.run(&["check"]).2.contains("`[publisher] name` er tom"));
    with_publisher(&site, "[publisher]\nname = \"R\"\nlogo = \"logo.svg\"\n");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("logoet `logo.svg` findes hverken"),
        "{stderr}"
    );
    site.write(
        "themes/default/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        site.read("index.html")
            .contains("<img class=\"publisher-logo\" src=\"/logo.svg\" alt=\"\"")
    );
}

#[test]
fn every_page_has_favicon_og_tags_and_theme_color_and_the_footer_follows_the_site_map() {
    let site = Fixture::new();
    site.build().unwrap_or_else(|e| panic!("{e}"));
    assert!(site.root().join("public/favicon.svg").is_file());
    for page in [
        "index.html",
        "temaer/faelles-formaal/index.html",
        "cases/bordkort/index.html",
        "404.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"),
            "{page}"
        );
        assert!(html.contains("<meta property=\"og:title\""), "{page}");
        assert!(html.contains("<meta property=\"og:description\""), "{page}");
        assert!(html.contains("<meta name=\"theme-color\""), "{page}");
    }
    let theme = site.read("temaer/faelles-formaal/index.html");
    assert!(theme.contains(
        "<meta property=\"og:url\" content=\"https://example.org/temaer/faelles-formaal/\">"
    ));
    assert!(
        !site.read("index.html").contains("href=\"/om/\""),
        "no about link without om.md"
    );
    site.write(
        "content/om.md",
        "---\ntitle: Om håndbogen\nsummary: \"Om.\"\n---\nTekst.\n",
    );
    site.build().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        site.read("index.html")
            .contains("<a href=\"/om/\">Om håndbogen</a>")
    );
    assert!(
        site.read("cases/bordkort/index.html")
            .contains("<dd><time datetime=\"2024-01-24\">24. januar 2024</time></dd>"),
        "case dates in Danish"
    );
}

#[test]
fn an_organisation_named_as_author_and_publisher_is_named_once() {
    let site = Fixture::new();
    site.write(
        "site.toml",
        &SITE_TOML.replace(
            "author = \"Forfatter\"",
            "author = \"Chefgruppen, Nyborg Kommune\"\npublisher = \"Nyborg Kommune\"\nyear = \"2024\"",
        ),
    );
    site.build().unwrap_or_else(|e| panic!("{e}"));
    let home = site.read("index.html");
    assert!(
        home.contains("<cite>En kilde</cite>, Chefgruppen, Nyborg Kommune (2024)"),
        "{home}"
    );
}
