//! The repository is untrusted input (a pull request may add any file): no
//! symbolic link below the site root is read, every input file is a regular
//! file read with a size limit, and text is read in Unicode NFC.

use std::fs;
use std::path::Path;
use std::time::Duration;

use handbook::{BuildError, RenderOptions, Session};

use super::{CASE, Fixture, errors};

/// Runs `f` on another thread and fails the test if it takes longer than a
/// minute (a read of `/dev/zero` or a FIFO would never end).
fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("finished within a minute")
}

/// A file of `len` zero bytes that takes no room on disk (sparse).
fn sparse(site: &Fixture, rel: &str, len: u64) {
    let path = site.root().join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::File::create(path).unwrap().set_len(len).unwrap();
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Every diagnostic of `check` as text, JSON and all, to search for secrets.
#[cfg(unix)]
fn everything_check_prints(site: &Fixture) -> String {
    let (_, text_out, text_err) = site.run(&["check"]);
    let (_, json, json_err) = site.run(&["check", "--format", "json"]);
    let (_, sarif, _) = site.run(&["check", "--format", "sarif"]);
    format!("{text_out}{text_err}{json}{json_err}{sarif}")
}

#[cfg(unix)]
#[test]
fn symlinks_in_content_and_themes_are_refused_and_publish_nothing() {
    let site = Fixture::new();
    site.write(".git/config", "[remote]\ntoken = HEMMELIGT-GIT\n");
    site.write(".env", "API_KEY=HEMMELIGT-ENV\n");
    site.write(
        "kladder/udkast.md",
        &CASE.replace("## Situationen", "HEMMELIGT-UDKAST\n\n## Situationen"),
    );
    let root = site.root();
    symlink("../../.git/config", root.join("content/cases/config.png"));
    symlink(
        "../../kladder/udkast.md",
        root.join("content/cases/udkast.md"),
    );
    symlink("../kladder", root.join("content/billeder"));
    symlink("../../../.env", root.join("themes/default/static/env.css"));
    symlink(
        "../../../../kladder/udkast.md",
        root.join("themes/default/templates/partials/udkast.html"),
    );
    // A control character in the target cannot drive the terminal.
    symlink("../x\u{1b}[2J", root.join("content/cases/styring.md"));

    let found = errors(site.build());
    let hint = "erstat linket med en kopi af filen (eller mappen), eller slet det";
    for (link, target) in [
        ("content/billeder", "../kladder"),
        ("content/cases/config.png", "../../.git/config"),
        ("content/cases/styring.md", "../x\\u{1b}[2J"),
        ("content/cases/udkast.md", "../../kladder/udkast.md"),
        ("themes/default/static/env.css", "../../../.env"),
        (
            "themes/default/templates/partials/udkast.html",
            "../../../../kladder/udkast.md",
        ),
    ] {
        let expected = format!(
            "{link}: fejl: symbolsk link til `{target}`: håndbogen læser ikke symbolske links"
        );
        assert!(
            found
                .iter()
                .any(|e| e.starts_with(&expected) && e.contains(hint)),
            "{expected} in {found:#?}"
        );
    }
    assert_eq!(found.len(), 6, "{found:#?}");
    assert!(!root.join("public").exists(), "nothing is written");

    // `check` reports the same, as errors with the code `load`, and prints
    // nothing from the files the links point at.
    let (code, json, _) = site.run(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let links: Vec<&serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().starts_with("symbolsk link"))
        .collect();
    assert_eq!(links.len(), 6, "{json:#}");
    assert!(
        links
            .iter()
            .all(|d| d["code"] == "load" && d["severity"] == "error")
    );
    assert!(
        !json.to_string().contains('\u{1b}'),
        "the target is escaped in JSON too"
    );
    let printed = everything_check_prints(&site);
    assert!(!printed.contains("HEMMELIGT"), "{printed}");
}

#[cfg(unix)]
#[test]
fn symlinked_content_theme_and_their_folders_are_refused() {
    for (folder, message_at) in [
        ("content", "content"),
        ("content/cases", "content/cases"),
        ("themes", "themes"),
        ("themes/default", "themes/default"),
        ("themes/default/templates", "themes/default/templates"),
        ("themes/default/static", "themes/default/static"),
    ] {
        let site = Fixture::new();
        let real = site.root().join(folder);
        let copy = site.root().join("kopi");
        fs::rename(&real, &copy).unwrap();
        let up = "../".repeat(folder.matches('/').count());
        symlink(format!("{up}kopi"), &real);
        let found = errors(site.build());
        let expected = format!(
            "{message_at}: fejl: symbolsk link til `{up}kopi`: håndbogen læser ikke symbolske links"
        );
        assert!(
            found.len() == 1 && found[0].starts_with(&expected),
            "{folder}: {found:#?}"
        );
        let (code, _, stderr) = site.run(&["check"]);
        assert_eq!(code, 1, "{folder}: {stderr}");
        assert!(stderr.contains(&expected), "{folder}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn the_site_root_may_be_a_symlink() {
    let site = Fixture::new();
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("haandbog");
    symlink(site.root(), &link);
    let report = handbook::build(&handbook::BuildOptions::new(&link)).unwrap();
    assert!(report.pages > 10);
    assert!(handbook::check(&link).iter().all(|d| !d.is_error()));
}

#[cfg(unix)]
#[test]
fn serve_refuses_a_file_or_folder_that_becomes_a_symlink() {
    let site = Fixture::new();
    site.write(
        ".env",
        &CASE.replace("## Situationen", "HEMMELIGT-ENV\n\n## Situationen"),
    );
    let root = site.root().canonicalize().unwrap();
    let case = root.join("content/cases/bordkort.md");
    let mut session = Session::new(&root, RenderOptions::default());
    session.rebuild().unwrap();

    // The edited file is now a link: the fast paths do not read it, and the
    // load refuses it.
    fs::remove_file(&case).unwrap();
    symlink("../../.env", &case);
    assert!(session.case_pages(std::slice::from_ref(&case)).is_none());
    let Err(BuildError::Content(problems)) = session.load_after(std::slice::from_ref(&case)) else {
        panic!("a linked case must fail the load");
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].file, "content/cases/bordkort.md");
    assert_eq!(
        problems[0].message,
        "symbolsk link til `../../.env`: håndbogen læser ikke symbolske links"
    );

    // Back to a file: the session builds again; then its folder becomes a link.
    fs::remove_file(&case).unwrap();
    fs::write(&case, CASE).unwrap();
    session.rebuild().unwrap();
    fs::rename(root.join("content/cases"), root.join("kopi")).unwrap();
    symlink("../kopi", root.join("content/cases"));
    assert!(session.case_pages(std::slice::from_ref(&case)).is_none());
    let Err(BuildError::Content(problems)) = session.load_after(std::slice::from_ref(&case)) else {
        panic!("a linked folder must fail the load");
    };
    assert_eq!(problems[0].file, "content/cases", "{problems:#?}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_site_toml_is_refused_without_showing_what_it_points_at() {
    let site = Fixture::new();
    let outside = tempfile::tempdir().unwrap();
    // Not TOML: before, the error showed this line as its snippet.
    let secret = outside.path().join("environ");
    fs::write(&secret, "HEMMELIG_NOEGLE=hunter2\n").unwrap();
    fs::remove_file(site.root().join("site.toml")).unwrap();
    symlink(&secret, site.root().join("site.toml"));
    let expected = format!(
        "site.toml: fejl: symbolsk link til `{}`: håndbogen læser ikke symbolske links",
        secret.display()
    );
    for args in [
        &["build"][..],
        &["check"],
        &["check", "--format", "json"],
        &["new", "case", "En ny case"],
    ] {
        let (code, stdout, stderr) = site.run(args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        let printed = format!("{stdout}{stderr}");
        assert!(!printed.contains("hunter2"), "{args:?}: {printed}");
        if args != ["check", "--format", "json"] {
            assert!(stderr.contains(&expected), "{args:?}: {stderr}");
        }
    }
    assert!(!site.root().join("content/cases/en-ny-case.md").exists());
}

#[test]
fn new_reads_site_toml_as_build_does() {
    let site = Fixture::new();
    site.write("site.toml", "title = \"x\"\nbase_url = 1\n");
    let (build_code, _, build_err) = site.run(&["build"]);
    let (code, _, stderr) = site.run(&["new", "case", "En ny case"]);
    assert_eq!((build_code, code), (1, 1), "{stderr}");
    let first = |s: &str| s.lines().next().unwrap_or_default().to_string();
    assert_eq!(first(&stderr), first(&build_err));
    assert!(stderr.starts_with("site.toml:"), "{stderr}");
}

#[test]
fn oversized_files_are_refused_by_their_size_without_reading_them() {
    let site = Fixture::new();
    sparse(&site, "content/cases/stor.md", 33 << 20);
    sparse(&site, "content/cases/stor.png", 65 << 20);
    sparse(&site, "themes/default/static/stor.pdf", 65 << 20);
    sparse(&site, "themes/default/templates/stor.html", 5 << 20);
    let found = errors(site.build());
    for expected in [
        "content/cases/stor.md: fejl: filen er for stor: 33 MiB (højst 32 MiB for en Markdown-fil)",
        "content/cases/stor.png: fejl: filen er for stor: 65 MiB (højst 64 MiB for et billede eller en anden fil)",
        "themes/default/static/stor.pdf: fejl: filen er for stor: 65 MiB (højst 64 MiB for et billede eller en anden fil)",
        "themes/default/templates/stor.html: fejl: filen er for stor: 5 MiB (højst 4 MiB for en skabelon)",
    ] {
        assert!(
            found.iter().any(|e| e.starts_with(expected)),
            "{expected} in {found:#?}"
        );
    }
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].contains("\n  = tip: "), "{}", found[0]);

    let site = Fixture::new();
    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n# {}\n", "x".repeat(1 << 20)));
    let found = errors(site.build());
    assert!(
        found[0].starts_with("site.toml: fejl: filen er for stor: 1.049.")
            && found[0].contains(" byte (højst 1.048.576 byte for site.toml)"),
        "{found:#?}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_link_to_a_device_never_hangs_the_build() {
    let site = Fixture::new();
    let fifo = site.root().join("content/cases/roer.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    symlink("/dev/zero", site.root().join("content/cases/nul.md"));
    let root = site.root().to_path_buf();
    let found =
        within_a_minute(move || errors(handbook::build(&handbook::BuildOptions::new(root))));
    assert!(
        found.iter().any(|e| e.starts_with(
            "content/cases/roer.md: fejl: er ikke en almindelig fil (men fx en FIFO eller en enhed)"
        )),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|e| e.starts_with("content/cases/nul.md: fejl: symbolsk link til `/dev/zero`")),
        "{found:#?}"
    );
}

/// `text` with `å` and `ø` decomposed, as macOS writes file names and as
/// text pasted from some programs comes.
fn nfd(text: &str) -> String {
    text.replace('å', "a\u{30a}").replace('ø', "o\u{338}")
}

#[test]
fn decomposed_titles_names_and_bodies_are_read_in_nfc() {
    let site = Fixture::new();
    site.write(
        "content/cases/maal.md",
        &nfd(&CASE
            .replace("title: \"Bordkort & <kaffe>\"", "title: \"Mål for samarbejdet\"")
            .replace("slug: bordkort\n", "")
            .replace(
                "## Situationen",
                "Målet er nået, og forløbet blev godt. Se [siden](../Målsætning.md).\n\n## Situationen",
            )),
    );
    // A free page whose file name is decomposed: its address comes from it.
    site.write(
        &nfd("content/Målsætning.md"),
        &nfd("---\ntitle: Målsætning\n---\nOm mål.\n"),
    );
    site.build().unwrap_or_else(|e| panic!("{e}"));
    let page = site.read("cases/maal-for-samarbejdet/index.html");
    assert!(page.contains("Mål for samarbejdet"), "the title in NFC");
    assert!(page.contains("Målet er nået"), "the body in NFC");
    assert!(page.contains("href=\"/maalsaetning/\""), "{page}");
    assert!(!page.contains('\u{30a}'), "no decomposed letter is left");
    let free = site.read("maalsaetning/index.html");
    assert!(free.contains("Målsætning"));
    // The same slug as the title typed in NFC gives: no `ma-l-…` beside `maal-…`.
    assert!(
        !site
            .root()
            .join("public/cases/ma-l-for-samarbejdet")
            .exists()
    );
}

#[cfg(unix)]
#[test]
fn a_manifest_linked_to_a_device_in_the_output_folder_never_hangs_the_build() {
    // The output folder can come with the repository too.
    let site = Fixture::new();
    fs::create_dir_all(site.root().join("public")).unwrap();
    symlink("/dev/zero", site.root().join("public/.handbook-manifest"));
    let root = site.root().to_path_buf();
    let result = within_a_minute(move || handbook::build(&handbook::BuildOptions::new(root)));
    let Err(BuildError::Write(err)) = result else {
        panic!("expected a write error, got {result:?}");
    };
    let shown = err.to_string();
    assert!(shown.contains(".handbook-manifest"), "{shown}");
    assert!(shown.contains("symbolsk link"), "{shown}");
}
