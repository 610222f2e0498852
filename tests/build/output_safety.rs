//! The output folder is the user's too: a build writes only where it may,
//! removes only what it wrote, and changes nothing when it fails. Every case
//! runs in scratch folders; the site sits one level down (`outer/site`), so
//! even `..` stays inside the scratch folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{CASE, Fixture, copy_dir, errors, snapshot};

/// A fixture site at `outer/site`, with `outer` a scratch folder.
struct Nested {
    outer: tempfile::TempDir,
    _fixture: Fixture,
}

impl Nested {
    fn new() -> Nested {
        let fixture = Fixture::new();
        let outer = tempfile::tempdir().unwrap();
        copy_dir(fixture.root(), &outer.path().join("site"));
        Nested {
            outer,
            _fixture: fixture,
        }
    }

    fn root(&self) -> PathBuf {
        self.outer.path().join("site")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// `handbook ARGS --root SITE`, run in `cwd`, with HOME set to `home`.
    fn run_in(&self, cwd: &Path, home: &Path, args: &[&str]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .current_dir(cwd)
            .env("HOME", home)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into(),
        )
    }

    /// `handbook build ARGS` from the site folder, HOME a scratch folder.
    fn build(&self, args: &[&str]) -> (i32, String) {
        let home = self.outer.path().join("home");
        fs::create_dir_all(&home).unwrap();
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run_in(&self.root(), &home, &all)
    }
}

/// Asserts a refusal: exit 2, a Danish message naming the folder, nothing written.
fn assert_refused(site: &Nested, args: &[&str], named: &str) {
    let before = snapshot(site.outer.path());
    let (code, stderr) = site.build(args);
    assert_eq!(code, 2, "{args:?}: {stderr}");
    assert!(stderr.contains("fejl: outputmappen"), "{args:?}: {stderr}");
    assert!(stderr.contains(named), "{args:?} names {named}: {stderr}");
    assert!(stderr.contains("Intet er skrevet."), "{stderr}");
    assert_eq!(
        before,
        snapshot(site.outer.path()),
        "{args:?} changed files"
    );
}

#[test]
fn refuses_the_site_its_parent_its_sources_and_home() {
    let site = Nested::new();
    assert_refused(&site, &["--output", "."], ".");
    assert_refused(&site, &["--output", ".."], "..");
    assert_refused(&site, &["--output", "content"], "content");
    assert_refused(&site, &["--output", "content/cases"], "content/cases");
    assert_refused(&site, &["--output", "themes/default/static"], "themes");
    assert_refused(&site, &["--output", "/"], "/");
    let home = site.outer.path().join("home");
    assert_refused(&site, &["--output", home.to_str().unwrap()], "home");

    let toml = fs::read_to_string(site.root().join("site.toml")).unwrap();
    for output in ["", "content"] {
        site.write("site.toml", &format!("output = \"{output}\"\n{toml}"));
        assert_refused(&site, &[], "fejl");
    }
    // site.toml may come from a pull request: its output stays inside the site.
    for output in ["..", "../www", "/tmp/www", "public/../../www"] {
        site.write("site.toml", &format!("output = \"{output}\"\n{toml}"));
        let before = snapshot(site.outer.path());
        let (code, stderr) = site.build(&[]);
        assert_eq!(code, 1, "{output}: {stderr}");
        assert!(stderr.contains("site.toml:1:"), "{output}: {stderr}");
        assert!(
            stderr.contains("`output` skal være en mappe inde i"),
            "{stderr}"
        );
        assert_eq!(before, snapshot(site.outer.path()), "{output}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_site_never_chooses_the_output_folder() {
    let site = Nested::new();
    std::os::unix::fs::symlink(site.root().join("content"), site.root().join("public")).unwrap();
    assert_refused(&site, &[], "public");
    fs::remove_file(site.root().join("public")).unwrap();

    // A link committed into the repository is refused wherever it points,
    // also through a folder (`out/site`) and with `--output`.
    let elsewhere = site.outer.path().join("www");
    fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.root().join("public")).unwrap();
    assert_refused(&site, &[], "symbolsk link");
    fs::create_dir_all(site.root().join("out")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.root().join("out/site")).unwrap();
    assert_refused(&site, &["--output", "out/site/x"], "out/site");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);

    // A link of the user's own, outside the site, is theirs to follow.
    let mine = site.outer.path().join("mine");
    std::os::unix::fs::symlink(&elsewhere, &mine).unwrap();
    let (code, stderr) = site.build(&["--output", mine.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(elsewhere.join("index.html").is_file());
}

#[cfg(unix)]
#[test]
fn linked_content_protects_where_it_points() {
    let site = Nested::new();
    fs::rename(site.root().join("content"), site.root().join("kilde")).unwrap();
    std::os::unix::fs::symlink("kilde", site.root().join("content")).unwrap();
    assert_refused(&site, &["--output", "kilde/ud"], "content");
}

#[test]
fn a_gh_pages_checkout_needs_force_and_keeps_its_own_files() {
    let site = Nested::new();
    let pages = site.outer.path().join("gh-pages");
    fs::create_dir_all(pages.join(".git/refs")).unwrap();
    fs::write(pages.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    fs::write(pages.join("CNAME"), "handbog.example.org\n").unwrap();
    fs::write(pages.join(".nojekyll"), "").unwrap();
    let out = pages.to_str().unwrap();

    let before = snapshot(&pages);
    let (code, stderr) = site.build(&["--output", out]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("er ikke bygget af handbook"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(before, snapshot(&pages), "a refusal changes nothing");

    let (code, stderr) = site.build(&["--output", out, "--force"]);
    assert_eq!(code, 0, "{stderr}");
    // Later builds need no --force, and a page that goes away takes only its own files.
    fs::remove_file(site.root().join("content/cases/bordkort.md")).unwrap();
    let (code, stderr) = site.build(&["--output", out]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!pages.join("cases/bordkort").exists());
    assert_eq!(
        fs::read_to_string(pages.join("CNAME")).unwrap(),
        "handbog.example.org\n"
    );
    assert!(pages.join(".nojekyll").is_file());
    assert!(pages.join(".git/HEAD").is_file());
}

#[test]
fn a_file_the_user_put_in_public_survives_rebuilds() {
    let site = Nested::new();
    assert_eq!(site.build(&[]).0, 0);
    site.write("public/noter.txt", "mine");
    site.write("public/cases/bordkort/billede.png", "png");
    fs::remove_file(site.root().join("content/cases/bordkort.md")).unwrap();
    let (code, stderr) = site.build(&[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fs::read_to_string(site.root().join("public/noter.txt")).unwrap(),
        "mine"
    );
    assert!(
        site.root()
            .join("public/cases/bordkort/billede.png")
            .is_file()
    );
    assert!(
        !site
            .root()
            .join("public/cases/bordkort/index.html")
            .exists()
    );
}

#[test]
fn a_second_build_waits_for_the_first() {
    let site = Nested::new();
    assert_eq!(site.build(&[]).0, 0);
    site.write(
        "content/cases/ny.md",
        &CASE.replace("slug: bordkort", "slug: ny-case"),
    );
    // Hold the lock as a running build would.
    let lock = fs::File::open(site.root().join("public/.handbook-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(["build", "--root"])
        .arg(site.root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The build says it waits (once it has found the lock taken, right
    // before it blocks on it): no fixed sleep.
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    while !said.contains("venter") {
        let mut line = String::new();
        if std::io::BufRead::read_line(&mut stderr, &mut line).unwrap() == 0 {
            break;
        }
        said.push_str(&line);
    }
    assert!(said.contains("venter"), "{said}");
    // Still blocked a moment later, and nothing written.
    std::thread::sleep(Duration::from_millis(200));
    assert!(child.try_wait().unwrap().is_none(), "it waits");
    assert!(
        !site.root().join("public/cases/ny-case").exists(),
        "wrote while another build held the lock"
    );
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{said}");
    assert!(
        site.root()
            .join("public/cases/ny-case/index.html")
            .is_file()
    );
}

/// Many pages, so a write takes long enough to be interrupted.
fn add_cases(site: &Nested, count: usize, text: &str) {
    for i in 0..count {
        site.write(
            &format!("content/cases/case-{i}.md"),
            &CASE
                .replace("slug: bordkort", &format!("slug: case-{i}"))
                .replace("## Situationen", &format!("## Situationen\n\n{text} {i}.")),
        );
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_while_writing_is_repaired_by_the_next() {
    let site = Nested::new();
    let clean = site.outer.path().join("clean");
    add_cases(&site, 150, "Første udgave");
    let mut interrupted = 0;
    for round in 0..4u64 {
        // Alternate the content, so every round rewrites every page.
        add_cases(
            &site,
            150 + 40 * (round as usize % 2),
            &format!("Udgave {round}"),
        );
        let victim = site.root().join("public");
        // Kill the build once its write has begun: the journal is on disk.
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .args(["build", "--quiet", "--no-search", "--root"])
            .arg(site.root())
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let journal = victim.join(".handbook-journal");
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(120) && child.try_wait().unwrap().is_none() {
            if journal.exists() {
                std::thread::sleep(Duration::from_millis(round * 3));
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mid_write = journal.exists();
        interrupted += usize::from(mid_write);

        let (code, stderr) = site.build(&["--quiet", "--no-search"]);
        assert_eq!(code, 0, "{stderr}");
        let _ = fs::remove_dir_all(&clean);
        let (code, stderr) = site.build(&[
            "--quiet",
            "--no-search",
            "--output",
            clean.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stderr}");
        let repaired = snapshot(&victim);
        let fresh = snapshot(&clean);
        assert_eq!(
            repaired.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>(),
            "round {round}: the same files"
        );
        assert!(repaired == fresh, "round {round}: the same bytes");
        let folders = |dir: &Path| -> Vec<PathBuf> {
            walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_dir())
                .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
                .collect()
        };
        assert_eq!(
            folders(&victim),
            folders(&clean),
            "round {round}: no stray folders"
        );
    }
    // The kill must have landed in a write at least once, or the test proves nothing.
    assert!(interrupted > 0, "no build was killed while writing");
}

/// Asserts a content error naming `file` (and `line`, when given) that leaves `public/` as it was.
fn assert_blocked_before_writing(site: &Nested, file: &str, line: Option<usize>) {
    let before = snapshot(&site.root().join("public"));
    let (code, stderr) = site.build(&[]);
    assert_eq!(code, 1, "{stderr}");
    let location = match line {
        Some(line) => format!("{file}:{line}:"),
        None => format!("{file}:"),
    };
    assert!(stderr.contains(&location), "names {location}: {stderr}");
    assert!(stderr.contains("tip:"), "{stderr}");
    assert_eq!(
        before,
        snapshot(&site.root().join("public")),
        "public/ changed"
    );
}

#[test]
fn output_clashes_and_long_names_stop_the_build_before_writing() {
    let site = Nested::new();
    assert_eq!(site.build(&[]).0, 0);

    site.write("content/index.html", "<p>hej</p>");
    assert_blocked_before_writing(&site, "content/index.html", None);
    fs::remove_file(site.root().join("content/index.html")).unwrap();

    site.write("content/cases/bordkort", "en fil, hvor en mappe skal være");
    assert_blocked_before_writing(&site, "content/cases/bordkort", None);
    fs::remove_file(site.root().join("content/cases/bordkort")).unwrap();

    // A content image where the theme has a file of the same name.
    site.write("themes/default/static/logo.png", "theme");
    site.write("content/logo.png", "content");
    assert_blocked_before_writing(&site, "content/logo.png", None);
    fs::remove_file(site.root().join("content/logo.png")).unwrap();
    fs::remove_file(site.root().join("themes/default/static/logo.png")).unwrap();

    let long_title = "Et meget langt navn ".repeat(20);
    site.write(
        "content/cases/lang.md",
        &CASE.replace("slug: bordkort\n", "").replace(
            "title: \"Bordkort & <kaffe>\"",
            &format!("title: \"{long_title}\""),
        ),
    );
    assert_blocked_before_writing(&site, "content/cases/lang.md", Some(2));
    fs::remove_file(site.root().join("content/cases/lang.md")).unwrap();

    assert_eq!(site.build(&[]).0, 0);
}

/// The search index's folder belongs to the index: a file there is refused by
/// `build`, and by `check` too, though `check` builds no index.
#[test]
fn a_file_in_the_search_index_folder_is_refused_by_check_and_build() {
    let fixture = Fixture::new();
    fixture.write("content/soeg-indeks/kort.png", "png");
    let problems = handbook::check(fixture.root());
    let taken: Vec<&handbook::Diagnostic> = problems
        .iter()
        .filter(|p| p.code == handbook::Code::OutputPath)
        .collect();
    assert_eq!(taken.len(), 1, "{problems:?}");
    assert!(
        taken[0].is_error() && taken[0].message.contains("`soeg-indeks/kort.png`"),
        "{taken:?}"
    );
    let built = errors(fixture.build());
    assert_eq!(built, [taken[0].to_string()]);
    // Without the index (`build --no-search`), the folder is free.
    let mut options = handbook::BuildOptions::new(fixture.root());
    options.render.search_index = false;
    let report = handbook::build(&options).expect("builds without the index");
    assert!(report.output_dir.join("soeg-indeks/kort.png").is_file());
}

/// Every file and folder below `dir`, with the bytes of each file.
fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let bytes = e.file_type().is_file().then(|| fs::read(e.path()).unwrap());
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// Pages are written beside the old ones as they are rendered; a page that
/// fails to render, with most of the others already written, must leave
/// the folder byte for byte as it was, with no temporary file or new folder
/// left, with and without the search index, and a new folder not made.
#[test]
fn a_page_failing_late_in_the_render_leaves_the_folder_as_it_was() {
    let site = Nested::new();
    add_cases(&site, 40, "Første udgave");
    assert_eq!(site.build(&["--quiet"]).0, 0);
    // New and changed pages, and one case whose page fails to render: a
    // variable only that page asks for and no page has.
    add_cases(&site, 60, "Anden udgave");
    let template = site.root().join("themes/default/templates/case.html");
    let text = fs::read_to_string(&template).unwrap().replace(
        "{% block main %}",
        "{% block main %}{% if page.url == \"/cases/case-59/\" %}{{ ingen_saadan_variabel }}{% endif %}",
    );
    fs::write(&template, text).unwrap();
    let public = site.root().join("public");
    let fresh = site.outer.path().join("fresh");
    for args in [&["--quiet"][..], &["--quiet", "--no-search"]] {
        let before = tree(&public);
        let (code, stderr) = site.build(args);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("case.html") && stderr.contains("ingen_saadan_variabel"),
            "{args:?}: fails in the render, not before: {stderr}"
        );
        assert!(before == tree(&public), "{args:?}: public/ changed");
        let mut into_fresh = args.to_vec();
        into_fresh.extend(["--output", fresh.to_str().unwrap()]);
        let (code, stderr) = site.build(&into_fresh);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(!fresh.exists(), "{args:?}: a new output folder was left");
    }
    // Mended, the same build writes every page.
    let text = fs::read_to_string(&template).unwrap().replace(
        "{% if page.url == \"/cases/case-59/\" %}{{ ingen_saadan_variabel }}{% endif %}",
        "",
    );
    fs::write(&template, text).unwrap();
    assert_eq!(site.build(&["--quiet"]).0, 0);
    assert!(public.join("cases/case-59/index.html").is_file());
    let left: Vec<_> = tree(&public)
        .into_iter()
        .filter(|(p, _)| p.to_string_lossy().ends_with(".handbook-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
