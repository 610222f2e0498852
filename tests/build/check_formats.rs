//! `check` for people and for CI: `--format github` (escaping, GitHub's
//! per-step limits, the step summary, chosen by `GITHUB_ACTIONS=true`),
//! `--format sarif`, `--strict`, `-q` and `check FILE…`. The GitHub variables
//! are set or removed for every run, so the machine's own do not count.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{CASE, Fixture};

/// Runs the binary in `cwd` on the fixture (given by its absolute path), with
/// only the listed GitHub variables set; returns (exit code, stdout, stderr).
fn run(site: &Fixture, cwd: &Path, args: &[&str], env: &[(&str, &Path)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_handbook"));
    command
        .current_dir(cwd)
        .args(args)
        .arg("--root")
        .arg(site.root())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("HANDBOOK_BASE_URL");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("handbook runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The fixture's folder as seen from its parent, the working directory of
/// the runs below: annotations must name files from there, not from the site.
fn from_parent(site: &Fixture) -> (&Path, String) {
    let root = site.root();
    let parent = root.parent().expect("a temporary folder has a parent");
    let name = root
        .file_name()
        .expect("and a name")
        .to_string_lossy()
        .into_owned();
    (parent, name)
}

/// A case with an unknown sector (an error) and no date (a warning).
fn broken_case(slug: &str) -> String {
    CASE.replace("slug: bordkort", &format!("slug: {slug}"))
        .replace("sector: kommune", "sector: komune")
        .replace("date: 2024-01-24\n", "")
}

/// The fixture with one warning (a case without a date) and no error.
fn warning_only() -> Fixture {
    let site = Fixture::new();
    site.write(
        "content/cases/bordkort.md",
        &CASE.replace("date: 2024-01-24\n", ""),
    );
    site
}

#[test]
fn github_format_escapes_messages_and_properties() {
    let site = Fixture::new();
    // A value with `%`, `,`, `:` and a line break lands in the message; a
    // comma and a colon in the file name land in the `file=` property.
    site.write(
        "content/cases/a,b:c.md",
        &CASE
            .replace("slug: bordkort", "slug: abc")
            .replace("sector: kommune", "sector: \"50%, a:b\\nc\""),
    );
    let (parent, dir) = from_parent(&site);
    let (code, stdout, _) = run(&site, parent, &["check", "--format", "github"], &[]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stdout,
        format!(
            "::error file={dir}/content/cases/a%2Cb%3Ac.md,line=5,col=1,title=handbook%3A vocabulary::`50%25, a:b%0Ac` er ikke en tilladt værdi i feltet `sector`%0Atip: tilladte værdier: kommune, region (se [vocabularies.sector] i site.toml)\n"
        )
    );
}

#[test]
fn github_format_keeps_to_ten_per_level_and_writes_the_whole_list_to_the_summary() {
    let site = Fixture::new();
    for n in 1..=12 {
        site.write(
            &format!("content/cases/fejl-{n:02}.md"),
            &broken_case(&format!("fejl-{n:02}")),
        );
    }
    let summary = site.root().join("summary.md");
    fs::write(&summary, "Tidligere trin.\n").unwrap();
    let (parent, dir) = from_parent(&site);
    let (code, stdout, stderr) = run(
        &site,
        parent,
        &["check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::error ")).count(),
        10,
        "{stdout}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::warning ")).count(),
        10,
        "{stdout}"
    );
    assert_eq!(
        lines[20],
        "::notice title=handbook::2 fejl og 2 advarsler vises ikke som anmærkninger: GitHub viser højst 10 fejl og 10 advarsler pr. trin. Hele listen står i jobbets oversigt (Summary) og i loggen.",
        "{stdout}"
    );
    // The ones left out are in the log in full, with workflow commands off
    // meanwhile (the text is the site's) and on again after.
    let token = lines[21]
        .strip_prefix("::stop-commands::")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(token.len() >= 16, "{token}");
    let text = lines[22..lines.len() - 1].join("\n");
    assert!(
        text.starts_with("content/cases/fejl-11.md:2:1: advarsel:"),
        "{stdout}"
    );
    assert!(
        text.contains("\ncontent/cases/fejl-12.md:5:9: fejl:"),
        "{stdout}"
    );
    assert_eq!(lines.last().copied(), Some(format!("::{token}::").as_str()));
    assert!(stderr.ends_with("12 fejl, 12 advarsler\n"), "{stderr}");

    let written = fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("Tidligere trin.\n## handbook check\n\n**12 fejl og 12 advarsler**\n\n| Alvor | Fil | Linje | Kolonne | Kode | Besked |\n"),
        "appended, not overwritten: {written}"
    );
    assert_eq!(written.matches("\n| fejl | ").count(), 12, "{written}");
    assert_eq!(written.matches("\n| advarsel | ").count(), 12, "{written}");
    assert!(
        written.contains(&format!(
            "| fejl | ` {dir}/content/cases/fejl-12.md ` | 5 | 9 | `vocabulary` | `` `komune` er ikke en tilladt værdi i feltet `sector` ``<br>`` tip: mente du `kommune`?"
        )),
        "{written}"
    );
}

#[test]
fn github_actions_true_chooses_the_github_format_unless_one_is_given() {
    let site = Fixture::new();
    site.write("content/cases/bordkort.md", &broken_case("bordkort"));
    let (parent, _) = from_parent(&site);
    let actions: &[(&str, &Path)] = &[("GITHUB_ACTIONS", Path::new("true"))];
    let (code, stdout, _) = run(&site, parent, &["check"], actions);
    assert_eq!(code, 1);
    // Sorted by file and line: the missing date (line 2) before the sector.
    assert!(stdout.starts_with("::warning file="), "{stdout}");
    assert!(stdout.contains("\n::error file="), "{stdout}");
    let (_, stdout, stderr) = run(&site, parent, &["check", "--format", "text"], actions);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("bordkort.md:5:9: fejl:"), "{stderr}");
    // Without the variable: text.
    let (_, stdout, _) = run(&site, parent, &["check"], &[]);
    assert!(stdout.is_empty(), "{stdout}");
}

#[test]
fn strict_makes_warnings_fail_check_and_build() {
    let site = warning_only();
    let root = site.root();
    let (code, _, stderr) = run(&site, root, &["check"], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 fejl, 1 advarsler\n"), "{stderr}");
    let (code, _, stderr) = run(&site, root, &["check", "--strict"], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("0 fejl, 1 advarsler (--strict: advarslerne tæller som fejl)"),
        "{stderr}"
    );
    let (code, stdout, _) = run(&site, root, &["check", "--strict", "--format", "json"], &[]);
    assert_eq!(code, 1, "{stdout}");

    let (code, _, stderr) = run(&site, root, &["build", "--strict"], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("content/cases/bordkort.md:2:1: advarsel:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Bygningen stoppede: 1 advarsler, og --strict gør advarsler til fejl."),
        "{stderr}"
    );
    assert!(
        !root.join("public").exists(),
        "a strict build that failed writes nothing"
    );
    let (code, _, stderr) = run(&site, root, &["build"], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("public/index.html").is_file());
}

#[test]
fn quiet_prints_only_errors() {
    let site = warning_only();
    let root = site.root();
    let (code, stdout, stderr) = run(&site, root, &["check", "-q"], &[]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let (_, stdout, _) = run(&site, root, &["check", "-q", "--format", "github"], &[]);
    assert!(!stdout.contains("::warning"), "{stdout}");

    site.write("content/cases/anden.md", &broken_case("anden"));
    let (code, _, stderr) = run(&site, root, &["check", "-q"], &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("anden.md:5:9: fejl:"), "{stderr}");
    assert!(!stderr.contains("advarsel"), "{stderr}");
    assert!(stderr.ends_with("\n1 fejl\n"), "{stderr}");
    // Warnings that fail the run are shown.
    let (_, _, stderr) = run(&site, root, &["check", "-q", "--strict"], &[]);
    assert!(stderr.contains("bordkort.md:2:1: advarsel:"), "{stderr}");
}

#[test]
fn check_file_reports_only_that_file_in_the_context_of_the_site() {
    let site = Fixture::new();
    site.write("content/cases/a.md", &broken_case("a"));
    site.write("content/cases/b.md", &broken_case("b"));
    // A link from another file to a.md still resolves: the whole site is read.
    site.write(
        "content/temaer/moeder.md",
        &super::THEME2.replace(
            "Se [formål]",
            "Se [a](../cases/a.md) og [x](mangler.md) og [formål]",
        ),
    );
    let (parent, dir) = from_parent(&site);
    let root = site.root();

    let (code, _, stderr) = run(&site, root, &["check", "content/cases/a.md"], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/cases/a.md:5:9: fejl:"), "{stderr}");
    assert!(
        !stderr.contains("b.md") && !stderr.contains("moeder.md"),
        "{stderr}"
    );
    assert!(stderr.ends_with("1 fejl, 1 advarsler\n"), "{stderr}");

    // Relative to the working directory, as a shell completes it.
    let arg = format!("{dir}/content/cases/b.md");
    let (_, stdout, _) = run(&site, parent, &["check", "--format", "github", &arg], &[]);
    assert!(
        stdout.contains(&format!("\n::error file={dir}/content/cases/b.md,line=5,")),
        "{stdout}"
    );
    assert!(!stdout.contains("/a.md"), "{stdout}");

    // A file without problems passes although others have errors.
    let (code, _, stderr) = run(
        &site,
        root,
        &["check", "content/temaer/faelles-formaal.md"],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    // A folder selects the files in it.
    let (_, _, stderr) = run(&site, root, &["check", "content/temaer"], &[]);
    assert!(stderr.contains("moeder.md:8:"), "{stderr}");
    assert!(stderr.ends_with("1 fejl, 0 advarsler\n"), "{stderr}");

    let (code, _, stderr) = run(&site, root, &["check", "content/cases/c.md"], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("fejl: `content/cases/c.md` findes ikke"),
        "{stderr}"
    );
}

#[test]
fn sarif_is_one_run_with_rules_and_located_results() {
    let site = Fixture::new();
    site.write("content/cases/bordkort.md", &broken_case("bordkort"));
    let (parent, dir) = from_parent(&site);
    let (code, stdout, _) = run(&site, parent, &["check", "--format", "sarif"], &[]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "handbook");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["missing-date", "vocabulary"]);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let error = results.iter().find(|r| r["level"] == "error").unwrap();
    assert_eq!(error["ruleId"], "vocabulary");
    assert_eq!(
        rules[error["ruleIndex"].as_u64().unwrap() as usize],
        "vocabulary"
    );
    assert!(
        error["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("`komune` er ikke en tilladt værdi")
    );
    let location = &error["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        format!("{dir}/content/cases/bordkort.md")
    );
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(location["region"]["startColumn"], 9);
}
