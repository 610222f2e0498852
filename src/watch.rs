//! Watching: which file-system changes should trigger a rebuild.

use std::path::Path;

use notify::EventKind;
use notify::event::{AccessKind, ModifyKind};

/// What a changed path means for the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A file under `content/`.
    Content,
    /// A file under `themes/`.
    Theme,
    /// `site.toml`.
    Config,
    /// Anything else: output folder, editor temp files, hidden files, `target/`.
    Ignored,
}

/// Classifies `path` (absolute or relative) against the site `root` and the `output` folder.
pub fn classify(root: &Path, output: &Path, path: &Path) -> ChangeKind {
    if path.starts_with(output) {
        return ChangeKind::Ignored;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return ChangeKind::Ignored;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if crate::content::load::is_ignored(&name) || name.ends_with(".handbook-tmp") || name == "4913"
    {
        return ChangeKind::Ignored;
    }
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return ChangeKind::Ignored;
    }
    match rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .as_deref()
    {
        Some("content") => ChangeKind::Content,
        Some("themes") => ChangeKind::Theme,
        Some("site.toml") if rel.components().count() == 1 => ChangeKind::Config,
        _ => ChangeKind::Ignored,
    }
}

/// Whether a notify event can change file contents (opens, closes and reads cannot).
pub fn is_relevant(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(notify::event::AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other | EventKind::Any => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_site_paths() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        assert_eq!(
            classify(root, out, Path::new("/site/content/cases/a.md")),
            ChangeKind::Content
        );
        assert_eq!(
            classify(
                root,
                out,
                Path::new("/site/themes/default/templates/base.html")
            ),
            ChangeKind::Theme
        );
        assert_eq!(
            classify(root, out, Path::new("/site/site.toml")),
            ChangeKind::Config
        );
        assert_eq!(
            classify(root, out, Path::new("/site/public/index.html")),
            ChangeKind::Ignored
        );
        assert_eq!(
            classify(root, out, Path::new("/site/content/cases/.a.md.swp")),
            ChangeKind::Ignored
        );
        assert_eq!(
            classify(root, out, Path::new("/site/content/cases/a.md~")),
            ChangeKind::Ignored
        );
        assert_eq!(
            classify(root, out, Path::new("/site/content/cases/4913")),
            ChangeKind::Ignored
        );
        assert_eq!(
            classify(root, out, Path::new("/site/target/debug/x")),
            ChangeKind::Ignored
        );
        assert_eq!(
            classify(root, out, Path::new("/elsewhere/content/a.md")),
            ChangeKind::Ignored
        );
    }

    #[test]
    fn open_and_close_without_write_are_not_changes() {
        use notify::event::{AccessMode, CreateKind};
        assert!(!is_relevant(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_relevant(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_relevant(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_relevant(&EventKind::Create(CreateKind::File)));
    }
}
