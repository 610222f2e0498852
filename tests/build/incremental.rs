//! `serve` rebuilds through a `Session` that reuses parsed files and the
//! search index; each rebuild must give exactly the bytes of a fresh build.

use std::fs;

use handbook::{RenderOptions, Session};

use super::{CASE, Fixture, HOME, MESSAGE, THEME, THEME2};

/// Asserts the session's rebuild equals a fresh full build, file for file.
fn assert_same_as_full_build(fixture: &Fixture, session: &mut Session, step: &str) {
    let incremental = session
        .rebuild()
        .unwrap_or_else(|e| panic!("{step}: {e}"))
        .outputs;
    let full = handbook::render_site(fixture.root(), &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{step}: {e}"))
        .outputs;
    let paths = |outputs: &[handbook::Output]| -> Vec<String> {
        outputs.iter().map(|o| o.path.clone()).collect()
    };
    assert_eq!(paths(&incremental), paths(&full), "{step}: the same files");
    for (a, b) in incremental.iter().zip(&full) {
        assert!(
            a.bytes == b.bytes,
            "{step}: {} differs from a full build",
            a.path
        );
    }
    assert!(
        full.iter().any(|o| o.path.starts_with("soeg-indeks/")),
        "{step}: the search index is compared too"
    );
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let fixture = Fixture::new();
    let mut session = Session::new(fixture.root(), RenderOptions::default());
    assert_same_as_full_build(&fixture, &mut session, "first build");

    fixture.write(
        "content/cases/bordkort.md",
        &CASE.replace("Se [temaet]", "Bordkortene virkede. Se [temaet]"),
    );
    assert_same_as_full_build(&fixture, &mut session, "a case's body edited");
    assert_eq!(
        session.reparsed(),
        Some(1),
        "only the edited file is parsed again"
    );

    assert_same_as_full_build(&fixture, &mut session, "nothing changed");
    assert_eq!(session.reparsed(), Some(0));

    fixture.write(
        "content/cases/bordkort.md",
        &CASE.replace("slug: bordkort\n", "slug: bordplan\n"),
    );
    assert_same_as_full_build(&fixture, &mut session, "a slug changed (links move)");

    fixture.write(
        "content/cases/ny-case.md",
        &CASE
            .replace("slug: bordkort\n", "slug: ny-case\n")
            .replace("Bordkort & <kaffe>", "En ny case"),
    );
    assert_same_as_full_build(&fixture, &mut session, "a case added");

    fs::remove_file(fixture.root().join("content/cases/ny-case.md")).unwrap();
    assert_same_as_full_build(&fixture, &mut session, "a case removed");

    let template = fixture.root().join("themes/default/templates/case.html");
    let text = fs::read_to_string(&template).unwrap();
    fs::write(
        &template,
        text.replace("</article>", "<p>Slut.</p></article>"),
    )
    .unwrap();
    assert_same_as_full_build(&fixture, &mut session, "a template edited");

    fixture.write(
        "content/temaer/moeder.md",
        "---\ntitle: Møder\nslug: moeder\nsummary: \"Om møder.\"\nweight: 20\nquestions: [\"Hvordan?\"]\n---\nNy tekst om ledelsesgrupper.\n",
    );
    assert_same_as_full_build(&fixture, &mut session, "a theme edited");

    // What `serve` sees when content/ is deleted and recreated (a checkout, a
    // restore from backup): the same files anew, one with other text.
    fs::remove_dir_all(fixture.root().join("content")).unwrap();
    // A rebuild in between (it fails: no content/) must leave no trace either.
    let _ = session.rebuild();
    fixture.write("content/_index.md", HOME);
    fixture.write(
        "content/temaer/faelles-formaal.md",
        &THEME.replace("Tekst om formål.", "Genskabt tekst."),
    );
    fixture.write("content/temaer/moeder.md", THEME2);
    fixture.write("content/cases/bordkort.md", CASE);
    fixture.write("content/budskaber/mening-motiverer.md", MESSAGE);
    assert_same_as_full_build(&fixture, &mut session, "content/ deleted and recreated");

    fs::remove_dir_all(fixture.root().join("themes")).unwrap();
    super::copy_dir(
        &super::repo().join("themes/default"),
        &fixture.root().join("themes/default"),
    );
    assert_same_as_full_build(&fixture, &mut session, "themes/ deleted and recreated");
}
