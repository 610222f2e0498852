//! `serve` rebuilds through a `Session` that reuses parsed files and the
//! search index; each rebuild must give exactly the bytes of a fresh build.

use std::collections::{BTreeMap, HashSet};
use std::fs;

use handbook::render::Only;
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

/// Output files by path.
fn by_path(outputs: Vec<handbook::Output>) -> BTreeMap<String, Vec<u8>> {
    outputs.into_iter().map(|o| (o.path, o.bytes)).collect()
}

/// What `serve` does after a content edit: the edited page alone first,
/// then every other page (the print page on its own, as it is rendered when
/// asked for), then the search index. The page shown first is already the
/// full build's, and the site in the end is the full build, byte for byte.
#[test]
fn the_edited_page_first_then_the_rest_equal_a_full_build() {
    let fixture = Fixture::new();
    let mut session = Session::new(fixture.root(), RenderOptions::default());
    let before = by_path(session.rebuild().expect("first build").outputs);

    // A new title shows on the case's page, and in every list that links it.
    let edited = fixture.root().join("content/cases/bordkort.md");
    fixture.write(
        "content/cases/bordkort.md",
        &CASE
            .replace("Bordkort & <kaffe>", "Bordkort til kaffen")
            .replace("Se [temaet]", "Bordkortene virkede. Se [temaet]"),
    );
    let full = by_path(
        handbook::render_site(fixture.root(), &RenderOptions::default())
            .expect("full build")
            .outputs,
    );

    let snapshot = session.load().expect("load");
    let first = snapshot.pages_of(fixture.root(), std::slice::from_ref(&edited));
    assert_eq!(
        first,
        HashSet::from(["cases/bordkort/index.html".to_string()]),
        "the edited file's own page comes first"
    );
    let shown = snapshot
        .render(Only::Paths(&first))
        .expect("edited page")
        .outputs;
    assert_eq!(shown.len(), 1, "only the edited page is rendered first");
    assert!(
        shown[0].bytes == full["cases/bordkort/index.html"],
        "the page shown first is the full build's"
    );
    assert!(
        before["cases/index.html"] != full["cases/index.html"],
        "the case list changes too, so the rest has something to do"
    );

    let mut rest = snapshot
        .render(Only::AllBut("print/index.html"))
        .expect("the rest");
    assert!(
        rest.outputs.iter().all(|o| o.path != "print/index.html"),
        "the print page is left for when it is asked for"
    );
    session.add_search_index(&mut rest).expect("search index");
    let print_page = HashSet::from(["print/index.html".to_string()]);
    let print = snapshot
        .render(Only::Paths(&print_page))
        .expect("print page")
        .outputs;
    assert_eq!(print.len(), 1);
    let mut served = by_path(shown);
    served.extend(by_path(rest.outputs));
    served.extend(by_path(print));
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &full {
        assert!(served[path] == *bytes, "{path} differs from a full build");
    }
}

/// What `serve` loads after content edits: only the files it names are read
/// again (on top of the last load's files); an added file, or a load after
/// a failed one, reads the whole site. Each gives the full build's bytes.
#[test]
fn loads_that_reread_only_the_edited_files_equal_full_builds() {
    let fixture = Fixture::new();
    let mut session = Session::new(fixture.root(), RenderOptions::default());
    let after = |session: &mut Session, changed: &[&str], step: &str| {
        let changed: Vec<std::path::PathBuf> = changed
            .iter()
            .map(|p| fixture.root().canonicalize().unwrap().join(p))
            .collect();
        let mut site = session
            .load_after(&changed)
            .and_then(|snapshot| snapshot.render(Only::All))
            .unwrap_or_else(|e| panic!("{step}: {e}"));
        session.add_search_index(&mut site).expect("search index");
        let full = handbook::render_site(fixture.root(), &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{step}: {e}"));
        assert_eq!(
            by_path(site.outputs),
            by_path(full.outputs),
            "{step}: the same files, byte for byte"
        );
    };
    after(&mut session, &[], "first build");

    fixture.write(
        "content/cases/bordkort.md",
        &CASE.replace("Bordkort & <kaffe>", "Bordkort til kaffen"),
    );
    after(
        &mut session,
        &["content/cases/bordkort.md"],
        "a case's title edited",
    );
    assert_eq!(session.reparsed(), Some(1), "only the edited file");

    fixture.write(
        "content/temaer/moeder.md",
        &THEME2.replace("Møder", "Gode møder"),
    );
    fixture.write(
        "content/cases/ny-case.md",
        &CASE
            .replace("slug: bordkort\n", "slug: ny-case\n")
            .replace("Bordkort & <kaffe>", "En ny case"),
    );
    after(
        &mut session,
        &["content/temaer/moeder.md", "content/cases/ny-case.md"],
        "a theme edited and a case added: the whole site read",
    );

    // A broken file: the load fails, and the next one starts afresh.
    fixture.write("content/cases/bordkort.md", "---\ntitle: [\n---\n");
    let broken = fixture
        .root()
        .canonicalize()
        .unwrap()
        .join("content/cases/bordkort.md");
    assert!(
        session.load_after(&[broken]).is_err(),
        "a broken file fails"
    );
    fixture.write("content/cases/bordkort.md", CASE);
    fs::remove_file(fixture.root().join("content/cases/ny-case.md")).unwrap();
    after(
        &mut session,
        &["content/cases/bordkort.md"],
        "mended after a failed load, a case removed meanwhile",
    );
}

/// `serve`'s fast path: an edited case's page from the last load with just
/// that case parsed and resolved again, before the whole site is loaded. It
/// is the full build's page for that edit.
#[test]
fn the_fast_path_gives_the_full_builds_page_of_an_edited_case() {
    let fixture = Fixture::new();
    let mut session = Session::new(fixture.root(), RenderOptions::default());
    session.rebuild().expect("first build");
    let edited = fixture
        .root()
        .canonicalize()
        .unwrap()
        .join("content/cases/bordkort.md");
    fixture.write(
        "content/cases/bordkort.md",
        &CASE
            .replace("Bordkort & <kaffe>", "Bordkort til kaffen")
            .replace(
                "themes: [faelles-formaal]",
                "themes: [faelles-formaal, moeder]",
            )
            .replace("Se [temaet]", "Bordkortene virkede. Se [temaet]"),
    );
    let fast = session
        .case_pages(std::slice::from_ref(&edited))
        .expect("the fast path takes a case edited in place");
    let full = by_path(
        handbook::render_site(fixture.root(), &RenderOptions::default())
            .expect("full build")
            .outputs,
    );
    assert_eq!(fast.len(), 1, "only the edited page");
    assert_eq!(fast[0].path, "cases/bordkort/index.html");
    assert!(
        String::from_utf8_lossy(&fast[0].bytes).contains("Bordkortene virkede"),
        "the page shows the edit"
    );
    assert!(
        fast[0].bytes == full["cases/bordkort/index.html"],
        "the fast path's page is the full build's"
    );
    assert_same_as_full_build(&fixture, &mut session, "the full rebuild after it");
}

/// The fast path refuses what the last load cannot resolve alone: an unknown
/// theme, a new slug, a broken front matter, a file that is not a case.
#[test]
fn the_fast_path_is_refused_when_the_edit_needs_the_whole_site() {
    let fixture = Fixture::new();
    let mut session = Session::new(fixture.root(), RenderOptions::default());
    session.rebuild().expect("first build");
    let root = fixture.root().canonicalize().unwrap();
    let case = root.join("content/cases/bordkort.md");
    for (text, why) in [
        (
            CASE.replace("themes: [faelles-formaal]", "themes: [ukendt-tema]"),
            "an unknown theme",
        ),
        (
            CASE.replace("messages: [1]", "messages: [7]"),
            "an unknown message",
        ),
        (
            CASE.replace("sector: kommune", "sector: ukendt"),
            "an unknown sector",
        ),
        (
            CASE.replace("source: kilde", "source: ukendt"),
            "an unknown source",
        ),
        (
            CASE.replace("slug: bordkort\n", "slug: bordplan\n"),
            "a new slug (a new URL)",
        ),
        ("---\ntitle: [\n---\n".to_string(), "a broken front matter"),
    ] {
        fixture.write("content/cases/bordkort.md", &text);
        assert!(
            session.case_pages(std::slice::from_ref(&case)).is_none(),
            "refused: {why}"
        );
    }
    fixture.write("content/cases/bordkort.md", CASE);
    fixture.write(
        "content/budskaber/mening-motiverer.md",
        &MESSAGE.replace("Tekst.", "Ny tekst."),
    );
    assert!(
        session
            .case_pages(&[root.join("content/budskaber/mening-motiverer.md")])
            .is_none(),
        "refused: not a case"
    );
    assert!(
        session.case_pages(std::slice::from_ref(&case)).is_some(),
        "taken again once the case is mended"
    );
}
