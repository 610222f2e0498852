//! Output of `check` for CI systems, and what it needs from its surroundings.
//!
//! [`github`] writes GitHub Actions workflow commands and the step summary,
//! [`sarif`] a SARIF 2.1.0 log, [`select`] turns `check FILE…` arguments into
//! the site-relative paths diagnostics carry. Diagnostics name files relative
//! to the site root; CI tools resolve paths from the working directory (the
//! repository), so [`WorkingPaths`] maps one to the other.

pub mod github;
pub mod sarif;
pub mod select;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// What `check` reads from the environment, read once in `main` and passed
/// in, so tests decide it instead of the machine they run on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiEnv {
    /// `GITHUB_ACTIONS=true`: running as a GitHub Actions step.
    pub github_actions: bool,
    /// `GITHUB_STEP_SUMMARY`: the file the step's Markdown summary is appended to.
    pub step_summary: Option<PathBuf>,
    /// `GITHUB_WORKSPACE`: the repository's folder, which annotation and
    /// SARIF paths are relative to.
    pub workspace: Option<PathBuf>,
}

impl CiEnv {
    /// From the process environment.
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var_os(name))
    }

    /// From any source of variables (`None` for unset).
    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Self {
        CiEnv {
            github_actions: var("GITHUB_ACTIONS").is_some_and(|v| v == "true"),
            step_summary: var("GITHUB_STEP_SUMMARY")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            workspace: var("GITHUB_WORKSPACE")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }
}

/// The folder CI tools resolve paths from: `GITHUB_WORKSPACE`, else the
/// git repository's top folder above `cwd` (the nearest folder with a
/// `.git`), else `cwd`. Checking a site in a sub-folder (`working-directory:
/// site`) then still names files as the pull request does.
pub fn repository_root(ci: &CiEnv, cwd: &Path) -> PathBuf {
    if let Some(workspace) = &ci.workspace {
        return cwd.join(workspace);
    }
    let cwd = canonical(cwd);
    cwd.ancestors()
        .find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
        .map_or_else(|| cwd.clone(), Path::to_path_buf)
}

/// Turns the site-relative paths of diagnostics into paths relative to the
/// repository (see [`repository_root`]), with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingPaths {
    /// Put before a site-relative path: `""` when the site is the working
    /// directory, `"site/"` below it, the absolute path when outside it.
    prefix: String,
}

impl WorkingPaths {
    /// For the site in `root` (relative to `cwd`, or absolute), seen from `cwd`.
    #[cfg(test)]
    pub(crate) fn new(root: &Path, cwd: &Path) -> Self {
        Self::from_base(root, cwd, cwd)
    }

    /// For the site in `root` (relative to `cwd`, or absolute), with paths
    /// relative to `base` (the repository's folder).
    pub fn from_base(root: &Path, cwd: &Path, base: &Path) -> Self {
        let cwd = canonical(cwd);
        let base = canonical(base);
        let root = canonical(&cwd.join(root));
        let prefix = match root.strip_prefix(&base) {
            Ok(rel) if rel.as_os_str().is_empty() => String::new(),
            Ok(rel) => format!("{}/", crate::diagnostics::display_path(rel)),
            // GitHub cannot resolve a path outside the repository; the absolute
            // path at least tells a person where the file is.
            Err(_) => format!("{}/", root.to_string_lossy().replace('\\', "/")),
        };
        WorkingPaths { prefix }
    }

    /// The path of a diagnostic's file, or `None` for a problem of no file.
    pub(crate) fn of(&self, site_relative: &str) -> Option<String> {
        if site_relative.is_empty() {
            return None;
        }
        Some(format!("{}{site_relative}", self.prefix))
    }
}

/// `path` with symbolic links and `..` resolved where it exists; otherwise as given.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_env_reads_only_the_exact_true_and_a_non_empty_summary() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            CiEnv::from_vars(move |name| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| OsString::from(v))
            })
        };
        assert_eq!(env(&[]), CiEnv::default());
        assert!(env(&[("GITHUB_ACTIONS", "true")]).github_actions);
        assert!(!env(&[("GITHUB_ACTIONS", "1")]).github_actions);
        assert_eq!(env(&[("GITHUB_STEP_SUMMARY", "")]).step_summary, None);
        assert_eq!(
            env(&[("GITHUB_STEP_SUMMARY", "/tmp/s.md")]).step_summary,
            Some(PathBuf::from("/tmp/s.md"))
        );
    }

    #[test]
    fn working_paths_are_relative_to_the_working_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/content")).unwrap();
        let site = WorkingPaths::new(Path::new("site"), dir.path());
        assert_eq!(
            site.of("content/a.md").as_deref(),
            Some("site/content/a.md")
        );
        assert_eq!(site.of(""), None);
        let abs = WorkingPaths::new(&dir.path().join("site"), dir.path());
        assert_eq!(abs, site, "an absolute root inside the working directory");
        let here = WorkingPaths::new(Path::new("."), &dir.path().join("site"));
        assert_eq!(here.of("content/a.md").as_deref(), Some("content/a.md"));
        let outside = WorkingPaths::new(&dir.path().join("site"), &dir.path().join("site/content"));
        assert!(outside.of("a.md").unwrap().ends_with("/site/a.md"));
    }

    #[test]
    fn paths_are_relative_to_the_repository_also_from_a_sub_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
        std::fs::create_dir_all(dir.path().join("repo/site/content")).unwrap();
        let site = dir.path().join("repo/site");
        // `working-directory: site`, no GITHUB_WORKSPACE: the git top level.
        let base = repository_root(&CiEnv::default(), &site);
        assert_eq!(
            base,
            std::fs::canonicalize(dir.path().join("repo")).unwrap()
        );
        let paths = WorkingPaths::from_base(Path::new("."), &site, &base);
        assert_eq!(
            paths.of("content/a.md").as_deref(),
            Some("site/content/a.md")
        );
        // GITHUB_WORKSPACE wins.
        let ci = CiEnv {
            workspace: Some(dir.path().join("repo")),
            ..CiEnv::default()
        };
        let base = repository_root(&ci, &site.join("content"));
        let paths = WorkingPaths::from_base(Path::new(".."), &site.join("content"), &base);
        assert_eq!(
            paths.of("content/a.md").as_deref(),
            Some("site/content/a.md")
        );
    }
}
