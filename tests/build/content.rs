//! The bundled handbook's content (issue 17): the pages leaders use exist and
//! link only to pages that exist, every reflection question shows its origin,
//! no page says "Ikke oplyst", and `check` is quiet.

use std::fs;

use super::{CASE, Fixture, repo};

const NEW_PAGES: [&str; 4] = [
    "forbered-et-moede-i-ledergruppen",
    "efter-ledelsesundersoegelsen",
    "fra-problem-til-metode",
    "efter-rolle",
];

#[test]
fn bundled_check_has_no_errors_and_no_warnings() {
    let diagnostics = handbook::check(&repo());
    assert!(
        diagnostics.is_empty(),
        "{}",
        diagnostics
            .iter()
            .map(|d| format!("{d:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn new_pages_exist_link_to_existing_pages_and_are_linked_from_home() {
    let site = handbook::load_site(&repo()).unwrap_or_else(|e| panic!("{e}"));
    let lib = &site.library;
    let content = repo().join("content");
    let out = tempfile::tempdir().unwrap();
    handbook::build(&handbook::BuildOptions {
        output: Some(out.path().to_path_buf()),
        ..handbook::BuildOptions::new(repo())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    for slug in NEW_PAGES {
        let page = lib
            .pages
            .iter()
            .find(|p| p.slug == slug)
            .unwrap_or_else(|| panic!("page {slug}"));
        assert!(page.body.links.len() >= 4, "{slug} links into the handbook");
        for link in &page.body.links {
            assert!(
                content.join(&link.target).is_file(),
                "{slug} links to missing {}",
                link.target
            );
        }
        assert!(
            home.contains(&format!("href=\"/{slug}/\"")),
            "home links to {slug}"
        );
    }
}

#[test]
fn every_reflection_question_shows_its_origin() {
    let out = tempfile::tempdir().unwrap();
    handbook::build(&handbook::BuildOptions {
        output: Some(out.path().to_path_buf()),
        ..handbook::BuildOptions::new(repo())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let site = handbook::load_site(&repo()).unwrap_or_else(|e| panic!("{e}"));
    let lib = &site.library;
    // Quoted from the sources: the nine of the theme sheet and a few more.
    let main = lib
        .themes
        .iter()
        .find(|t| t.entry.slug == "tvaergaaende-ledelse")
        .unwrap();
    assert!(main.questions.iter().all(|q| q.source.is_some()));
    let sourced: usize = lib
        .themes
        .iter()
        .flat_map(|t| &t.questions)
        .filter(|q| q.source.is_some())
        .count();
    assert_eq!(sourced, 9 + 3 + 2 + 3, "questions taken from the sources");
    // Every page that lists questions says where they come from, once per
    // run of questions from one place, right before them.
    let theme_html =
        fs::read_to_string(out.path().join("temaer/faelles-formaal/index.html")).unwrap();
    let lists = theme_html.matches("<ol class=\"question-list\"").count();
    let preceded = theme_html
        .matches(":</p>\n<ol class=\"question-list\"")
        .count();
    assert!(lists >= 3, "{lists} runs");
    assert_eq!(preceded, lists, "every run of questions has its origin");
    assert_eq!(
        theme_html
            .matches("<p class=\"question-origin\" data-search-ignore>")
            .count(),
        lists
    );
    assert!(
        theme_html.contains(
            "<p class=\"question-origin\" data-search-ignore>Redaktionens spørgsmål:</p>"
        )
    );
    assert!(
        theme_html.contains(
            "<p class=\"question-origin\" data-search-ignore>Fra kilden <cite>Ledelse på tværs: Vi vil gerne"
        )
    );
    assert!(theme_html.contains("Redaktionens spørgsmål til casen <a href="));
    assert_eq!(
        theme_html.matches("fra kilden").count() + theme_html.matches("Fra kilden").count(),
        1,
        "the source is named once for its three questions"
    );
    let bank = fs::read_to_string(out.path().join("refleksion/index.html")).unwrap();
    let cards = bank.matches("class=\"question-card ").count();
    let origins = bank
        .matches("<p class=\"card-origin\">Redaktionens spørgsmål")
        .count()
        + bank
            .matches("<p class=\"card-origin\">Fra kilden: ")
            .count();
    assert!(cards > 0);
    assert_eq!(
        cards, origins,
        "every card in the question bank shows its origin"
    );
}

#[test]
fn no_page_says_ikke_oplyst() {
    let out = tempfile::tempdir().unwrap();
    handbook::build(&handbook::BuildOptions {
        output: Some(out.path().to_path_buf()),
        ..handbook::BuildOptions::new(repo())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let toml = fs::read_to_string(repo().join("site.toml")).unwrap();
    assert!(!toml.to_lowercase().contains("ikke oplyst"), "site.toml");
    for entry in walk(out.path()) {
        if entry.extension().is_some_and(|e| e == "html") {
            let text = fs::read_to_string(&entry).unwrap().to_lowercase();
            assert!(!text.contains("ikke oplyst"), "{}", entry.display());
        }
    }
}

#[test]
fn an_undated_source_needs_no_case_dates_and_a_question_source_must_exist() {
    let fixture = Fixture::new();
    fixture.write(
        "content/cases/uden-dato.md",
        &CASE
            .replace("slug: bordkort\n", "slug: uden-dato\n")
            .replace("date: 2024-01-24\n", ""),
    );
    let (_, _, stderr) = fixture.run(&["check"]);
    assert!(stderr.contains("ingen dato"), "{stderr}");
    let toml = fs::read_to_string(fixture.root().join("site.toml")).unwrap();
    fixture.write(
        "site.toml",
        &toml.replace(
            "author = \"Forfatter\"\n",
            "author = \"Forfatter\"\nundated = true\n",
        ),
    );
    let (code, _, stderr) = fixture.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("ingen dato"), "{stderr}");
    fixture.write(
        "content/cases/uden-dato.md",
        &CASE
            .replace("slug: bordkort\n", "slug: uden-dato\n")
            .replace(
                "---\n## Situationen",
                "questions:\n  - text: \"Hvorfor?\"\n    source: ukendt\n---\n## Situationen",
            ),
    );
    let (code, _, stderr) = fixture.run(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("ukendt kilde `ukendt`"), "{stderr}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn a_theme_counts_its_cases_questions_and_a_question_too_long_for_a_card_takes_two() {
    let site = Fixture::new();
    let long = "Hvordan kan I sammen finde ud af, hvad der står i vejen for et godt samarbejde? "
        .repeat(8);
    site.write(
        "content/temaer/moeder.md",
        &format!(
            "---\ntitle: Møder\nslug: moeder\nsummary: \"Om møder.\"\nweight: 20\nquestions:\n  - \"Hvordan holder vi møder?\"\n  - \"{}\"\n---\nTekst.\n",
            long.trim()
        ),
    );
    site.write(
        "content/cases/bordkort.md",
        "---\ntitle: Bordkort\nsummary: \"Et formandskab bruger bordkort.\"\nsector: kommune\nlevel: topledelse\nthemes: [faelles-formaal, moeder]\nsource: kilde\ndate: 2024-01-24\nquestions:\n  - \"Hvem sidder ved bordet?\"\n  - \"Hvordan holder vi møder?\"\n---\nTekst.\n",
    );
    site.build().unwrap_or_else(|e| panic!("{e}"));
    // Møder: its two, and the case's one it does not have already.
    let home = site.read("index.html");
    assert!(
        home.contains("Møder</a><span class=\"theme-meta\">3 refleksionsspørgsmål"),
        "{home}"
    );
    assert!(
        home.contains("Fælles formål</a><span class=\"theme-meta\">3 refleksionsspørgsmål"),
        "{home}"
    );
    let theme = site.read("temaer/moeder/index.html");
    assert!(theme.contains(">3 refleksionsspørgsmål</a>"), "{theme}");
    assert!(theme.contains("(3 kort)"), "{theme}");
    let deck = site.read("refleksion/moeder/kort/index.html");
    assert_eq!(deck.matches("class=\"question-card ").count(), 3);
    assert_eq!(deck.matches("card-double").count(), 1, "{deck}");
    assert!(
        deck.contains("<p class=\"card-themes\">Møder</p><p class=\"card-question\">Hvem sidder")
    );
    // The whole bank: the shared question once, naming both themes.
    let bank = site.read("refleksion/index.html");
    assert_eq!(
        bank.matches("<p class=\"card-question\">Hvordan holder vi møder?")
            .count(),
        1
    );
    assert!(bank.contains(
        "<p class=\"card-themes\">Fælles formål · Møder</p><p class=\"card-question\">Hvem sidder"
    ));
}
