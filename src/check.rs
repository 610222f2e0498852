//! The `check` command of the binary: runs the library's check, keeps the
//! named files' diagnostics and prints them in the chosen format.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use handbook::Diagnostic;
use handbook::report::{CiEnv, WorkingPaths, github, sarif, select};

use crate::cli::Format;

/// What one `check` run was asked to do.
pub struct Request<'a> {
    pub root: &'a Path,
    pub files: &'a [PathBuf],
    pub format: Option<Format>,
    pub strict: bool,
    pub quiet: bool,
    pub base_url: Option<String>,
    pub ci: CiEnv,
}

pub fn run(request: Request) -> ExitCode {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(err) => {
            eprintln!("fejl: den aktuelle mappe kan ikke læses: {err}");
            return ExitCode::from(2);
        }
    };
    // Arguments are checked before the site is read: a typo is a usage error.
    let mut selected = Vec::new();
    for file in request.files {
        match select::site_relative(file, request.root, &cwd) {
            Ok(rel) => selected.push(rel),
            Err(message) => {
                eprintln!("fejl: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let mut problems = handbook::check_with(
        request.root,
        &handbook::RenderOptions {
            base_url: request.base_url,
            ..Default::default()
        },
    );
    if !selected.is_empty() {
        select::retain(&mut problems, &selected);
    }
    let failed = problems.iter().any(|p| p.is_error() || request.strict);
    // With --strict, warnings fail the run, so -q still shows them.
    if request.quiet && !request.strict {
        problems.retain(Diagnostic::is_error);
    }
    let format = request.format.unwrap_or(if request.ci.github_actions {
        Format::Github
    } else {
        Format::Text
    });
    // Annotations and SARIF name files from the repository's folder, as the
    // pull request does, also when `check` runs in a sub-folder.
    let base = handbook::report::repository_root(&request.ci, &cwd);
    let paths = WorkingPaths::from_base(request.root, &cwd, &base);
    // With --strict a warning fails the run: CI shows it as the error it is.
    if request.strict && !matches!(format, Format::Text) {
        for p in &mut problems {
            p.severity = handbook::Severity::Error;
        }
    }
    match format {
        Format::Text => text(&problems, request.quiet, request.strict),
        Format::Json => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| serde_json::to_string(p).unwrap_or_default())
                .collect();
            println!("[{}]", lines.join(",\n "));
        }
        Format::Sarif => {
            let log = sarif::log(&problems, &paths);
            println!("{}", serde_json::to_string_pretty(&log).unwrap_or_default());
        }
        Format::Github => github_actions(&problems, &paths, &request.ci),
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn text(problems: &[Diagnostic], quiet: bool, strict: bool) {
    for p in problems {
        eprintln!("{p}");
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if quiet && !strict {
        // The warnings were left out, so their number would mislead.
        if errors > 0 {
            eprintln!("{errors} fejl");
        }
    } else {
        eprintln!("{}", counts(errors, problems.len() - errors, strict));
    }
}

fn counts(errors: usize, warnings: usize, strict: bool) -> String {
    let mut line = format!(
        "{errors} fejl, {}",
        handbook::diagnostics::warnings_count(warnings)
    );
    if strict && warnings > 0 {
        line.push_str(if warnings == 1 {
            " (--strict: advarslen tæller som fejl)"
        } else {
            " (--strict: advarslerne tæller som fejl)"
        });
    }
    line
}

/// Annotations on stdout (where the runner reads workflow commands), then
/// the diagnostics GitHub would not show as annotations, in full, and the
/// whole list in the step summary.
fn github_actions(problems: &[Diagnostic], paths: &WorkingPaths, ci: &CiEnv) {
    let (commands, left_out) = github::annotations(problems, paths, ci.step_summary.is_some());
    print!("{commands}");
    if !left_out.is_empty() {
        // File names and messages come from the site: a line of theirs must
        // not be taken for a workflow command, so commands are off meanwhile.
        let token = github::stop_token();
        println!("::stop-commands::{token}");
        for p in left_out {
            println!("{p}");
        }
        println!("::{token}::");
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    eprintln!(
        "{errors} fejl, {}",
        handbook::diagnostics::warnings_count(problems.len() - errors)
    );
    if let Some(file) = &ci.step_summary {
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .and_then(|mut f| f.write_all(github::summary(problems, paths).as_bytes()));
        if let Err(err) = appended {
            // The annotations and the exit code still tell the result.
            eprintln!(
                "advarsel: oversigten kunne ikke skrives til GITHUB_STEP_SUMMARY ({}): {err}",
                file.display()
            );
        }
    }
}
