//! `check FILE…`: the whole site is still read (links and references need
//! it), but only the diagnostics of the named files and folders are reported.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, display_path};

/// The site-relative path of a `check` argument, which may be given relative
/// to the working directory (as a shell completes it) or to the site root.
/// `""` is the whole site. Errors are in Danish, for a usage error.
pub fn site_relative(arg: &Path, root: &Path, cwd: &Path) -> Result<String, String> {
    let site = std::fs::canonicalize(cwd.join(root))
        .map_err(|_| format!("håndbogens mappe `{}` findes ikke", root.display()))?;
    let mut outside = false;
    for candidate in [cwd.join(arg), site.join(arg)] {
        let Some(found) = resolve(&candidate) else {
            continue;
        };
        match found.strip_prefix(&site) {
            Ok(rel) => return Ok(display_path(rel)),
            Err(_) => outside = true,
        }
    }
    Err(if outside {
        format!(
            "`{}` ligger uden for håndbogens mappe `{}`",
            arg.display(),
            root.display()
        )
    } else {
        format!(
            "`{}` findes ikke (hverken fra den aktuelle mappe eller fra håndbogens mappe `{}`)",
            arg.display(),
            root.display()
        )
    })
}

/// `path` made absolute with its folder's links resolved, if it exists. The
/// file itself is not followed, so a symlink in `content/` keeps its name.
fn resolve(path: &Path) -> Option<PathBuf> {
    std::fs::symlink_metadata(path).ok()?;
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            Some(std::fs::canonicalize(parent).ok()?.join(name))
        }
        _ => std::fs::canonicalize(path).ok(),
    }
}

/// Keeps the diagnostics of the selected files (and of files in selected
/// folders). Errors that stopped every file from being checked are kept too
/// (`site.toml` unreadable, a file that cannot be read stops the load): without
/// them the named files would pass unchecked.
pub fn retain(problems: &mut Vec<Diagnostic>, selected: &[String]) {
    problems.retain(|p| {
        let site_wide =
            p.is_error() && (p.file.is_empty() || matches!(p.code, Code::Config | Code::Load));
        site_wide
            || selected.iter().any(|s| {
                s.is_empty()
                    || p.file == *s
                    || p.file
                        .strip_prefix(s.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn arguments_resolve_from_the_working_directory_or_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let cwd = dir.path();
        fs::create_dir_all(cwd.join("site/content/cases")).unwrap();
        fs::write(cwd.join("site/content/cases/a.md"), "").unwrap();
        fs::write(cwd.join("udenfor.md"), "").unwrap();
        let root = Path::new("site");
        let rel = |arg: &str| site_relative(Path::new(arg), root, cwd);
        assert_eq!(
            rel("site/content/cases/a.md").unwrap(),
            "content/cases/a.md"
        );
        assert_eq!(rel("content/cases/a.md").unwrap(), "content/cases/a.md");
        assert_eq!(
            rel("site/content/../content/cases").unwrap(),
            "content/cases"
        );
        assert_eq!(rel("site").unwrap(), "");
        assert!(rel("udenfor.md").unwrap_err().contains("uden for"));
        assert!(rel("content/b.md").unwrap_err().contains("findes ikke"));
        let absolute = cwd.join("site/content/cases/a.md");
        assert_eq!(
            site_relative(&absolute, root, cwd).unwrap(),
            "content/cases/a.md"
        );
    }

    #[test]
    fn retain_keeps_selected_files_folders_and_site_wide_errors() {
        let mut problems = vec![
            Diagnostic::error("content/cases/a.md", Code::Vocabulary, "a"),
            Diagnostic::warning("content/cases/ab.md", Code::Vocabulary, "ab"),
            Diagnostic::error("content/temaer/t.md", Code::Vocabulary, "t"),
            Diagnostic::error("site.toml", Code::Config, "c"),
        ];
        let mut only_a = problems.clone();
        retain(&mut only_a, &["content/cases/a.md".into()]);
        let files: Vec<&str> = only_a.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["content/cases/a.md", "site.toml"]);
        retain(&mut problems, &["content/cases".into()]);
        assert_eq!(problems.len(), 3);
    }
}
