//! Which folders a build may write into at all. Judged on the resolved path
//! (symlinks followed, `..` applied), so `public -> ~` is judged as `~`.

use std::path::{Component, Path, PathBuf};

/// Why an output folder is refused before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Danger {
    /// `/` (or a drive root).
    FileSystemRoot,
    /// The user's home folder, or a folder that contains it.
    Home,
    /// The site folder itself, or a folder that contains it.
    SiteRoot,
    /// Inside `content/` or `themes/` (the site's own sources).
    SiteSources(&'static str),
    /// Inside a `.git` folder.
    GitFolder,
    /// The path exists and is not a folder.
    NotAFolder,
    /// A symbolic link inside the site folder lies on the way to it: the
    /// repository may come from a stranger, so its links are not followed.
    LinkInSite(PathBuf),
}

impl Danger {
    /// What is wrong, in Danish.
    pub fn message(&self) -> String {
        match self {
            Danger::FileSystemRoot => "outputmappen er filsystemets rod".into(),
            Danger::Home => {
                "outputmappen er din hjemmemappe eller en mappe, der indeholder den".into()
            }
            Danger::SiteRoot => {
                "outputmappen er håndbogens egen mappe eller en mappe, der indeholder den".into()
            }
            Danger::SiteSources(folder) => {
                format!("outputmappen ligger inde i håndbogens `{folder}/`")
            }
            Danger::GitFolder => "outputmappen ligger inde i en `.git`-mappe".into(),
            Danger::NotAFolder => "outputmappen findes allerede, men er ikke en mappe".into(),
            Danger::LinkInSite(link) => format!(
                "outputmappen nås gennem et symbolsk link i håndbogens mappe (`{}`); handbook følger ikke links i håndbogen, da de kan komme fra en pull request",
                crate::diagnostics::escape_controls(&link.to_string_lossy())
            ),
        }
    }
}

impl Danger {
    /// How to get on, in Danish.
    pub fn hint(&self) -> &'static str {
        match self {
            Danger::LinkInSite(_) => {
                "fjern linket; er det dit eget, så angiv den mappe, det peger på, direkte med `--output STI`"
            }
            _ => "vælg en mappe, der kun bruges til det byggede websted, fx `--output public`",
        }
    }
}

/// `path` made absolute with symlinks resolved: the deepest part that exists
/// is canonicalized, the rest (which cannot hold symlinks) is applied lexically.
pub(crate) fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            // `..` at the end of a missing path: canonicalize the parent instead.
            (Some(parent), None) => {
                rest.push("..".into());
                existing = parent;
            }
            (None, _) => break,
        }
    }
    let mut resolved = existing.canonicalize()?;
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                resolved.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(_) => resolved.push(part),
        }
    }
    Ok(resolved)
}

/// `output` resolved as [`resolve`] does, except that a symbolic link met
/// inside `site_root` (resolved) is not followed but refused: a committed
/// `public -> ../..` must not choose where the build writes. Links outside
/// the site are the user's own choice and are followed.
pub(crate) fn resolve_output(
    output: &Path,
    site_root: &Path,
) -> std::io::Result<Result<PathBuf, Danger>> {
    let absolute = std::path::absolute(output)?;
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                let next = resolved.join(name);
                match std::fs::symlink_metadata(&next) {
                    Ok(meta) if meta.is_symlink() => {
                        if next.starts_with(site_root) {
                            return Ok(Err(Danger::LinkInSite(
                                next.strip_prefix(site_root).unwrap_or(&next).to_path_buf(),
                            )));
                        }
                        resolved = next.canonicalize()?;
                    }
                    Ok(_) => resolved = next,
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => resolved = next,
                    Err(err) => return Err(err),
                }
            }
        }
    }
    Ok(Ok(resolved))
}

/// Refuses an output folder that a build could damage by writing into it.
/// `site_root` and `home` must already be resolved; `content/` and
/// `themes/` are resolved here, so a linked `content -> kilde` protects
/// `kilde/` too.
pub fn check(output: &Path, site_root: &Path, home: Option<&Path>) -> Result<(), Danger> {
    if output.parent().is_none() {
        return Err(Danger::FileSystemRoot);
    }
    if home.is_some_and(|home| home.starts_with(output)) {
        return Err(Danger::Home);
    }
    if site_root.starts_with(output) {
        return Err(Danger::SiteRoot);
    }
    for folder in ["content", "themes"] {
        let sources = site_root.join(folder);
        let resolved = resolve(&sources).unwrap_or_else(|_| sources.clone());
        if output.starts_with(&sources) || output.starts_with(&resolved) {
            return Err(Danger::SiteSources(folder));
        }
    }
    if output.components().any(|c| c.as_os_str() == ".git") {
        return Err(Danger::GitFolder);
    }
    if output.exists() && !output.is_dir() {
        return Err(Danger::NotAFolder);
    }
    Ok(())
}

/// The home folder, resolved, if the environment names one that exists.
pub fn home() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))?;
    PathBuf::from(home).canonicalize().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_root_home_site_and_sources() {
        let site = Path::new("/srv/site");
        let home = Some(Path::new("/home/ida"));
        let refused = |p: &str| check(Path::new(p), site, home).err();
        assert_eq!(refused("/"), Some(Danger::FileSystemRoot));
        assert_eq!(refused("/home/ida"), Some(Danger::Home));
        assert_eq!(refused("/home"), Some(Danger::Home));
        assert_eq!(refused("/srv/site"), Some(Danger::SiteRoot));
        assert_eq!(refused("/srv"), Some(Danger::SiteRoot));
        assert_eq!(
            refused("/srv/site/content"),
            Some(Danger::SiteSources("content"))
        );
        assert_eq!(
            refused("/srv/site/themes/default/static"),
            Some(Danger::SiteSources("themes"))
        );
        assert_eq!(refused("/srv/site/.git/x"), Some(Danger::GitFolder));
        assert_eq!(refused("/srv/site/public"), None);
        assert_eq!(refused("/srv/site/contents"), None);
        assert_eq!(refused("/home/ida/www"), None);
    }

    #[test]
    fn resolve_follows_symlinks_and_applies_dotdot() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("site/content")).unwrap();
        let out = resolve(&base.join("site/content/../public/x/..")).unwrap();
        assert_eq!(out, base.join("site/public"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("site/content"), base.join("site/public"))
                .unwrap();
            assert_eq!(
                resolve(&base.join("site/public")).unwrap(),
                base.join("site/content")
            );
            assert_eq!(
                resolve(&base.join("site/public/new")).unwrap(),
                base.join("site/content/new")
            );
        }
    }
}
