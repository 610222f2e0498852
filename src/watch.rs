//! Watching: which file-system changes should trigger a rebuild.

use std::path::Path;

use notify::EventKind;
use notify::event::{AccessKind, ModifyKind};

/// The folders watched recursively, relative to the site root. The root itself
/// is watched non-recursively only: it may hold `target/`, `node_modules/` or
/// `.git`, and its own watch is what sees `site.toml` replaced by a rename and
/// these folders created or removed.
pub const WATCHED_FOLDERS: [&str; 2] = ["content", "themes"];

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

/// The watched folder whose watch an event of `kind` on `path` invalidates:
/// the folder itself was created, removed or renamed, so a recursive watch on
/// it (if any) follows a directory that is no longer the one at its path.
/// Opens and reads of the folder do not count; re-watching opens it.
pub fn lost_watch(root: &Path, kind: &EventKind, path: &Path) -> Option<&'static str> {
    if !matches!(
        kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    ) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    WATCHED_FOLDERS
        .into_iter()
        .find(|folder| rel == Path::new(folder))
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
    fn classifies_what_the_root_watch_sees() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        // The folders themselves, created or removed.
        assert_eq!(
            classify(root, out, Path::new("/site/content")),
            ChangeKind::Content
        );
        assert_eq!(
            classify(root, out, Path::new("/site/themes")),
            ChangeKind::Theme
        );
        // The temporary files editors and `sed -i` write before renaming
        // over `site.toml` are not the site; the rename's target is.
        for temp in [
            "/site/sedX1b2c3",
            "/site/.site.toml.swp",
            "/site/site.toml~",
            "/site/site.toml.handbook-tmp",
            "/site/4913",
            "/site/target",
            "/site/node_modules",
            "/site/.git",
            "/site/public",
            "/site/site.toml/x",
        ] {
            assert_eq!(
                classify(root, out, Path::new(temp)),
                ChangeKind::Ignored,
                "{temp}"
            );
        }
    }

    #[test]
    fn watches_are_lost_when_their_folder_is_created_removed_or_renamed() {
        use notify::event::{CreateKind, DataChange, RemoveKind, RenameMode};
        let root = Path::new("/site");
        let content = Path::new("/site/content");
        for kind in [
            EventKind::Create(CreateKind::Folder),
            EventKind::Remove(RemoveKind::Folder),
            EventKind::Remove(RemoveKind::Any),
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
        ] {
            assert_eq!(
                lost_watch(root, &kind, content),
                Some("content"),
                "{kind:?}"
            );
        }
        assert_eq!(
            lost_watch(
                root,
                &EventKind::Create(CreateKind::Folder),
                Path::new("/site/themes")
            ),
            Some("themes")
        );
        // Re-watching opens the folder; that must not ask for another re-watch.
        for kind in [
            EventKind::Access(AccessKind::Open(notify::event::AccessMode::Any)),
            EventKind::Access(AccessKind::Close(notify::event::AccessMode::Read)),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::Any)),
        ] {
            assert_eq!(lost_watch(root, &kind, content), None, "{kind:?}");
        }
        // Files and folders inside are followed by the recursive watch itself.
        let create = EventKind::Create(CreateKind::Folder);
        for path in [
            "/site/content/cases",
            "/site/themes/default",
            "/site/site.toml",
            "/site/contents",
            "/elsewhere/content",
            "/site/public/content",
        ] {
            assert_eq!(lost_watch(root, &create, Path::new(path)), None, "{path}");
        }
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
