//! `--base-url` and `HANDBOOK_BASE_URL` on `build`, `check` and `serve`: the
//! flag wins over the variable, either overrides `site.toml`, and a value that
//! is not an absolute address is a usage error before anything is written.

use std::process::Command;

use super::{Fixture, http_get, serve::Server};

const SUB: &str = "https://org.github.io/handbook/";

/// Runs the binary on the fixture with `HANDBOOK_BASE_URL` set to `env`
/// (removed for `None`); returns (exit code, stderr).
fn run(site: &Fixture, args: &[&str], env: Option<&str>) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_handbook"));
    // `check` picks its format from GITHUB_ACTIONS; the machine's own must not count.
    command
        .args(args)
        .arg("--root")
        .arg(site.root())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    match env {
        Some(value) => command.env("HANDBOOK_BASE_URL", value),
        None => command.env_remove("HANDBOOK_BASE_URL"),
    };
    let out = command.output().expect("handbook runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn base_url_flag_and_variable_override_site_toml_and_the_flag_wins() {
    let site = Fixture::new();
    let (code, stderr) = run(&site, &["build", "--base-url", SUB], None);
    assert_eq!(code, 0, "{stderr}");
    let home = site.read("index.html");
    assert!(home.contains("href=\"/handbook/style.css\""), "{home}");
    assert!(
        home.contains("<link rel=\"canonical\" href=\"https://org.github.io/handbook/\">"),
        "{home}"
    );

    // The variable alone.
    let (code, stderr) = run(&site, &["build"], Some("https://env.example/hb/"));
    assert_eq!(code, 0, "{stderr}");
    assert!(site.read("index.html").contains("href=\"/hb/style.css\""));

    // Both: the flag wins.
    let (code, stderr) = run(
        &site,
        &["build", "--base-url", SUB],
        Some("https://env.example/hb/"),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        site.read("index.html")
            .contains("href=\"/handbook/style.css\"")
    );

    // An empty variable is unset: site.toml's base_url again.
    let (code, stderr) = run(&site, &["build"], Some(""));
    assert_eq!(code, 0, "{stderr}");
    let home = site.read("index.html");
    assert!(home.contains("href=\"/style.css\""), "{home}");
    assert!(home.contains("href=\"https://example.org/\""), "{home}");
}

#[test]
fn a_base_url_that_is_not_an_address_is_a_usage_error() {
    let site = Fixture::new();
    for command in ["build", "check", "serve"] {
        let (code, stderr) = run(
            &site,
            &[command, "--base-url", "org.github.io/handbook"],
            None,
        );
        assert_eq!(code, 2, "{command}: {stderr}");
        assert!(
            stderr.contains(
                "fejl: --base-url: base_url skal være en absolut adresse, der begynder med https:// (fik `org.github.io/handbook`)"
            ),
            "{command}: {stderr}"
        );
        let (code, stderr) = run(&site, &[command], Some("ftp://x/"));
        assert_eq!(code, 2, "{command}: {stderr}");
        assert!(
            stderr.contains("fejl: HANDBOOK_BASE_URL: base_url skal være"),
            "{command}: {stderr}"
        );
    }
    assert!(
        !site.root().join("public").exists(),
        "nothing is built on a usage error"
    );
    // A good override passes `check`.
    let (code, stderr) = run(&site, &["check", "--base-url", SUB], None);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn serve_previews_a_sub_folder_base_url_under_its_path() {
    let site = Fixture::new();
    let server = Server::start_with(&site, &[], &[("HANDBOOK_BASE_URL", SUB)]);
    let address = server.address.as_str();
    assert_eq!(server.url, format!("http://{address}/handbook/"));
    let (status, _) = http_get(address, "/");
    assert!(status.contains(" 307 "), "/ redirects: {status}");
    let (status, body) = http_get(address, "/handbook/temaer/faelles-formaal/");
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains("href=\"/handbook/style.css\""), "{body}");
    assert!(
        body.contains("<script src=\"/handbook/__handbook/reload.js\" defer>"),
        "{body}"
    );
    for path in [
        "/handbook/style.css",
        "/handbook/__handbook/reload.js",
        "/handbook/__handbook/preview.css",
        "/handbook/soeg-indeks/indeks.json",
    ] {
        let (status, _) = http_get(address, path);
        assert!(status.contains(" 200 "), "{path}: {status}");
    }
    // Only under the path, as on GitHub Pages.
    let (status, _) = http_get(address, "/temaer/faelles-formaal/");
    assert!(status.contains(" 404 "), "{status}");
    // The flag wins over the variable: served at the root.
    drop(server);
    let server = Server::start_with(
        &site,
        &["--base-url", "http://localhost/"],
        &[("HANDBOOK_BASE_URL", SUB)],
    );
    let (status, _) = http_get(&server.address, "/temaer/faelles-formaal/");
    assert!(status.contains(" 200 "), "{status}");
}
