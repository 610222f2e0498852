//! Watching `content/`, `themes/` and `site.toml` for changes (notify with
//! a debouncer), re-adding watches when a folder is recreated.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::builds::{Builds, Pending};
use super::*;
use crate::watch::{ChangeKind, WATCHED_FOLDERS, classify, is_relevant, lost_watch};

/// How long the watcher gathers the events of one save.
const DEBOUNCE_MS: u64 = 15;

/// Watches the site and rebuilds on relevant changes, on a thread that owns
/// the watcher (so it can re-watch) and runs as long as the process.
///
/// The root is watched non-recursively: a watch on `site.toml` itself would
/// follow the old file once an editor, `sed -i` or `git checkout` renames a
/// new one over it, and watches on `content/` and `themes/` die with the
/// folder. The root's watch sees both, and the folders are watched afresh.
pub(super) fn watch(options: ServeOptions, mut builds: Builds) -> Result<(), String> {
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    // Long enough to see an editor's save (a write, or a temporary file
    // renamed over the old one) as one change; every millisecond of it is
    // waited after each save (it was 60 ms: most of an edit's 80).
    let mut debouncer =
        new_debouncer(Duration::from_millis(DEBOUNCE_MS), None, tx).map_err(|e| e.to_string())?;
    let root = options.root.canonicalize().unwrap_or(options.root.clone());
    debouncer
        .watch(&root, notify::RecursiveMode::NonRecursive)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    for folder in WATCHED_FOLDERS {
        rewatch(&mut debouncer, &root, folder);
    }
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    std::thread::spawn(move || {
        loop {
            // Builds run on threads of their own; this one hands them the
            // changes and looks in on them.
            let wait = if builds.busy() { 25 } else { 500 };
            let result = match rx.recv_timeout(Duration::from_millis(wait)) {
                Ok(result) => result,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    builds.tick();
                    continue;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            };
            let Seen { change, mut lost } = seen(result, &root, &output);
            lost.sort_unstable();
            lost.dedup();
            // Watch first, then build: what changes after the watch is seen,
            // what changed before it is read by the build.
            for folder in lost {
                rewatch(&mut debouncer, &root, folder);
            }
            if let Some(change) = change {
                builds.change(change);
            }
            builds.tick();
        }
    });
    Ok(())
}

/// What one batch of events says.
struct Seen {
    /// The change to build, if any is relevant: the content files edited
    /// (shown first), or everything (a template or `site.toml` changes
    /// every page).
    change: Option<Pending>,
    /// Watched folders whose watch may be gone (deleted, recreated).
    lost: Vec<&'static str>,
}

/// Reads a batch of debounced events (or the watcher's errors).
fn seen(result: DebounceEventResult, root: &Path, output: &Path) -> Seen {
    let events = match result {
        Ok(events) => events,
        Err(errors) => {
            for error in errors {
                eprintln!("Overvågningen af filerne fejlede: {error}");
            }
            return Seen {
                change: Some(Pending::All),
                lost: WATCHED_FOLDERS.to_vec(),
            };
        }
    };
    let mut lost: Vec<&'static str> = Vec::new();
    let mut relevant = false;
    // `None` once anything but a content file changed.
    let mut edited: Option<Vec<PathBuf>> = Some(Vec::new());
    for event in &events {
        // An overflowed event queue may have dropped anything.
        if event.need_rescan() {
            lost.extend(WATCHED_FOLDERS);
            relevant = true;
            edited = None;
        }
        for path in &event.paths {
            let path = canonical(path);
            lost.extend(lost_watch(root, &event.kind, &path));
            if !is_relevant(&event.kind) {
                continue;
            }
            match classify(root, output, &path) {
                ChangeKind::Ignored => {}
                ChangeKind::Content => {
                    relevant = true;
                    if let Some(edited) = &mut edited {
                        edited.push(path);
                    }
                }
                ChangeKind::Theme | ChangeKind::Config => {
                    relevant = true;
                    edited = None;
                }
            }
        }
    }
    Seen {
        change: relevant.then(|| edited.map_or(Pending::All, Pending::Edited)),
        lost,
    }
}

/// Drops any watch on `root/folder` and watches it recursively again if it
/// exists; a missing folder is watched once the root's watch sees it created.
fn rewatch<W: notify::Watcher, C: notify_debouncer_full::FileIdCache>(
    debouncer: &mut notify_debouncer_full::Debouncer<W, C>,
    root: &Path,
    folder: &str,
) {
    let path = root.join(folder);
    // Not watched (or its watch already gone with the folder): nothing to drop.
    let _ = debouncer.unwatch(&path);
    if path.is_dir()
        && let Err(err) = debouncer.watch(&path, notify::RecursiveMode::Recursive)
    {
        eprintln!(
            "{}: kan ikke overvåge mappen ({err}); ændringer i den ses først efter en genstart af `handbook serve`.",
            path.display()
        );
    }
}

/// A path made absolute through its parent (the file itself may be gone).
fn canonical(path: &Path) -> PathBuf {
    match (
        path.parent().and_then(|p| p.canonicalize().ok()),
        path.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => path.to_path_buf(),
    }
}
