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

/// A case of [`FilterSite`]: every field an edit can change.
#[derive(Clone)]
struct CaseFields {
    slug: String,
    title: &'static str,
    summary: &'static str,
    sector: &'static str,
    level: &'static str,
    themes: Vec<&'static str>,
    messages: Vec<u32>,
    citizen_themes: Vec<u32>,
    source: &'static str,
    date: Option<&'static str>,
    questions: Vec<&'static str>,
    body: &'static str,
    draft: bool,
}

impl CaseFields {
    fn text(&self) -> String {
        let list = |items: Vec<String>| format!("[{}]", items.join(", "));
        let mut text = format!(
            "---\ntitle: \"{}\"\nslug: {}\nsummary: \"{}\"\nsector: {}\nlevel: {}\nthemes: {}\n",
            self.title,
            self.slug,
            self.summary,
            self.sector,
            self.level,
            list(self.themes.iter().map(ToString::to_string).collect()),
        );
        if !self.messages.is_empty() {
            let numbers = self.messages.iter().map(ToString::to_string).collect();
            text.push_str(&format!("messages: {}\n", list(numbers)));
        }
        if !self.citizen_themes.is_empty() {
            let numbers = self
                .citizen_themes
                .iter()
                .map(ToString::to_string)
                .collect();
            text.push_str(&format!("citizen_themes: {}\n", list(numbers)));
        }
        text.push_str(&format!("source: {}\n", self.source));
        if let Some(date) = self.date {
            text.push_str(&format!("date: {date}\n"));
        }
        if !self.questions.is_empty() {
            text.push_str("questions:\n");
            for q in &self.questions {
                text.push_str(&format!("  - \"{q}\"\n"));
            }
        }
        if self.draft {
            text.push_str("draft: true\n");
        }
        format!("{text}---\n## Situationen\n\n{}\n", self.body)
    }
}

/// A small xorshift generator: the same edits on every run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// One random change to one field of `case`.
fn random_edit(case: &mut CaseFields, dice: &mut Dice) -> &'static str {
    const TITLES: [&str; 6] = [
        "Bordkort",
        "Aftaler på tværs",
        "Zoneterapi for chefer",
        "Møder der virker",
        "Aftaler på tværs",
        "Økonomi og formål",
    ];
    const THEMES: [&[&str]; 3] = [
        &["faelles-formaal"],
        &["moeder"],
        &["faelles-formaal", "moeder"],
    ];
    match dice.below(12) {
        0 => {
            case.title = dice.pick(&TITLES);
            "title"
        }
        1 => {
            case.summary = dice.pick(&["Et resumé.", "Et andet resumé.", "Kort."]);
            "summary"
        }
        2 => {
            case.sector = dice.pick(&["kommune", "region"]);
            "sector"
        }
        3 => {
            case.level = dice.pick(&["topledelse", "mellemledelse"]);
            "level"
        }
        4 => {
            case.themes = dice.pick(&THEMES).to_vec();
            "themes"
        }
        5 => {
            case.messages = dice.pick(&[vec![], vec![1], vec![2], vec![1, 2]]);
            "messages"
        }
        6 => {
            case.citizen_themes = dice.pick(&[vec![], vec![1]]);
            "citizen themes"
        }
        7 => {
            case.date = dice.pick(&[
                None,
                Some("2023-05-01"),
                Some("2024-01-24"),
                Some("2025-02-03"),
            ]);
            "date"
        }
        8 => {
            case.questions = dice.pick(&[
                vec![],
                vec!["Hvad gør vi?"],
                vec!["Hvad er vores fælles formål?", "Hvem tager ansvaret?"],
                vec!["Hvem tager ansvaret?"],
            ]);
            "questions"
        }
        9 => {
            case.source = dice.pick(&["kilde", "kilde2"]);
            "source"
        }
        10 => {
            case.draft = dice.below(3) == 0;
            "draft"
        }
        _ => {
            case.body = dice.pick(&[
                "Tekst.",
                "Anden tekst om [temaet](../temaer/faelles-formaal.md).",
                "Tredje tekst.\n\n## Hvad lærte de?\n\nMeget.",
            ]);
            "body"
        }
    }
}

/// `serve`'s rebuild renders only the files whose recorded inputs changed
/// (`Snapshot::render_changes`) and keeps the rest's bytes: after each of
/// many random edits (every field of a case, one or two cases at a time, a
/// theme now and then, a template that starts to show another field), the
/// files served are a full build's, byte for byte.
#[test]
fn rebuilds_of_only_the_files_whose_inputs_changed_equal_full_builds() {
    let fixture = Fixture::new();
    fixture.write(
        "site.toml",
        &format!(
            "{}\n[sources.kilde2]\ntitle = \"En anden kilde\"\n",
            super::SITE_TOML
        ),
    );
    fixture.write(
        "content/budskaber/to.md",
        &MESSAGE
            .replace("number: 1", "number: 2")
            .replace("Mening motiverer", "Tal sammen"),
    );
    fixture.write(
        "content/borgertemaer/set.md",
        "---\nnumber: 1\ntitle: Set og hørt\nsummary: \"Borgerne.\"\nthemes: [moeder]\n---\nTekst.\n",
    );
    fs::remove_file(fixture.root().join("content/cases/bordkort.md")).unwrap();
    let mut cases: Vec<CaseFields> = (0..6)
        .map(|i| CaseFields {
            slug: format!("case-{i}"),
            title: ["Bordkort", "Aftaler på tværs", "Møder der virker"][i % 3],
            summary: "Et resumé.",
            sector: ["kommune", "region"][i % 2],
            level: ["topledelse", "mellemledelse"][(i / 2) % 2],
            themes: vec![["faelles-formaal", "moeder"][i % 2]],
            messages: vec![1 + (i as u32 % 2)],
            citizen_themes: if i % 3 == 0 { vec![1] } else { vec![] },
            source: "kilde",
            date: [Some("2024-01-24"), None, Some("2023-05-01")][i % 3],
            questions: if i % 2 == 0 {
                vec!["Hvad gør vi?"]
            } else {
                vec![]
            },
            body: "Tekst.",
            draft: false,
        })
        .collect();
    let file = |case: &CaseFields| format!("content/cases/{}.md", case.slug);
    for case in &cases {
        fixture.write(&file(case), &case.text());
    }
    let options = RenderOptions {
        live_reload: true,
        drafts: true,
        search_index: false,
        ..RenderOptions::default()
    };
    let root = fixture.root().canonicalize().unwrap();
    let print = "print/index.html";
    let mut session = Session::new(fixture.root(), options.clone());
    let (first, removed) = session
        .load()
        .expect("first load")
        .render_changes()
        .expect("first render");
    assert!(removed.is_none(), "the first render gives every file");
    let mut served = by_path(first.outputs);
    let mut dice = Dice(0x5eed_cafe);
    let (mut partial, mut steps) = (0, 0);
    for step in 0..60 {
        let mut changed = Vec::new();
        let mut what = Vec::new();
        for _ in 0..1 + usize::from(dice.below(4) == 0) {
            let i = dice.below(cases.len());
            for _ in 0..1 + dice.below(2) {
                what.push(format!(
                    "{} of {}",
                    random_edit(&mut cases[i], &mut dice),
                    cases[i].slug
                ));
            }
            fixture.write(&file(&cases[i]), &cases[i].text());
            changed.push(root.join(file(&cases[i])));
        }
        if step % 15 == 14 {
            let text = if step % 30 == 14 {
                THEME2.replace("Møder", "Gode møder")
            } else {
                THEME2.to_string()
            };
            fixture.write("content/temaer/moeder.md", &text);
            changed.push(root.join("content/temaer/moeder.md"));
            what.push("a theme's title".into());
        }
        if step % 20 == 9 {
            // A card that starts (or stops) showing a field no page showed
            // on a card before: no list of what pages show is kept by hand.
            let card = include_str!("../../themes/default/templates/partials/case_card.html");
            let shown = if step % 40 == 9 {
                format!("{card}<span class=\"extra\">{{{{ card.link.summary | upper }}}}</span>")
            } else {
                card.to_string()
            };
            fixture.write("themes/default/templates/partials/case_card.html", &shown);
            changed.push(root.join("themes/default/templates/partials/case_card.html"));
            what.push("the case card template".into());
        }
        let step = format!("step {step}: {}", what.join(", "));
        let (pages, removed) = session
            .load_after(&changed)
            .and_then(|snapshot| snapshot.render_changes())
            .unwrap_or_else(|e| panic!("{step}: {e}"));
        let removed = removed.unwrap_or_else(|| panic!("{step}: a later render is recorded"));
        assert!(
            pages.outputs.iter().all(|o| o.path != print),
            "{step}: the print page is left for when asked for"
        );
        if pages.outputs.len() * 2 < served.len() {
            partial += 1;
        }
        for path in &removed {
            served.remove(path);
        }
        served.extend(by_path(pages.outputs));
        let mut full = by_path(
            handbook::render_site(fixture.root(), &options)
                .unwrap_or_else(|e| panic!("{step}: {e}"))
                .outputs,
        );
        full.remove(print);
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            full.keys().collect::<Vec<_>>(),
            "{step}: the same files"
        );
        for (path, bytes) in &full {
            assert!(
                served[path] == *bytes,
                "{step}: {path} differs from a full build"
            );
        }
        steps += 1;
    }
    assert!(
        partial * 2 > steps,
        "most edits of cases render less than half the files ({partial} of {steps})"
    );
}

/// Which files a recorded render gives after an edit, for the edits whose
/// reach is plain: a body edit its own page, a new title every list that
/// shows the case but no other case's page, the same text saved again
/// nothing, a theme edit every page.
#[test]
fn the_files_an_edit_gives_are_those_made_from_what_changed() {
    let fixture = Fixture::new();
    fixture.write(
        "content/cases/anden.md",
        &CASE
            .replace("slug: bordkort\n", "slug: anden\n")
            .replace("Bordkort & <kaffe>", "En anden case")
            .replace("themes: [faelles-formaal]", "themes: [moeder]"),
    );
    let mut session = Session::new(fixture.root(), RenderOptions::default());
    let root = fixture.root().canonicalize().unwrap();
    let edited = root.join("content/cases/bordkort.md");
    let (all, _) = session
        .load()
        .unwrap()
        .render_changes()
        .expect("first render");
    let every = all.outputs.len();
    let mut edit = |text: String, file: &std::path::Path| {
        fs::write(file, text).unwrap();
        let (site, removed) = session
            .load_after(&[file.to_path_buf()])
            .and_then(|snapshot| snapshot.render_changes())
            .expect("render");
        assert_eq!(removed.as_deref(), Some(&[][..]), "nothing removed");
        let mut paths: Vec<String> = site.outputs.into_iter().map(|o| o.path).collect();
        paths.sort();
        paths
    };
    assert_eq!(
        edit(CASE.replace("Se [temaet]", "Nyt. Se [temaet]"), &edited),
        ["cases/bordkort/index.html"],
        "a body edit: its own page"
    );
    let title = edit(
        CASE.replace("Bordkort & <kaffe>", "Bordkort til kaffen"),
        &edited,
    );
    for page in [
        "cases/bordkort/index.html",
        "cases/index.html",
        "cases/sektor/kommune/index.html",
        "cases/tema/faelles-formaal/index.html",
        "temaer/faelles-formaal/index.html",
        "budskaber/mening-motiverer/index.html",
        "matrix/index.html",
        "feed.xml",
    ] {
        assert!(
            title.iter().any(|p| p == page),
            "a new title reaches {page}: {title:?}"
        );
    }
    assert!(
        !title
            .iter()
            .any(|p| p == "cases/anden/index.html" || p == "temaer/moeder/index.html"),
        "not the other case's page, nor a theme it is not in: {title:?}"
    );
    assert_eq!(
        edit(
            CASE.replace("Bordkort & <kaffe>", "Bordkort til kaffen"),
            &edited
        ),
        Vec::<String>::new(),
        "saved again unchanged: nothing"
    );
    let theme = edit(
        THEME.replace("Tekst om formål.", "Ny tekst."),
        &root.join("content/temaer/faelles-formaal.md"),
    );
    assert!(
        theme
            .iter()
            .any(|p| p == "temaer/faelles-formaal/index.html")
            && theme.len() < every,
        "a theme's text: its page and those that show it, not the assets ({} of {every}): {theme:?}",
        theme.len()
    );
}
