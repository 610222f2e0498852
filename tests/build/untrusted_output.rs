//! A repository is untrusted input: what a pull request commits under the
//! output folder must never make a build write, remove or read outside it;
//! and a write that fails (a full disk included) leaves the last site and
//! no temporary files. Scratch folders only: HOME is a scratch folder too.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{CASE, Fixture, copy_dir, snapshot};

/// Every entry below `dir`: files with their bytes, folders, and links with
/// their targets (links are not followed).
#[cfg(unix)]
fn everything(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let what = if e.path_is_symlink() {
                format!("link {}", fs::read_link(e.path()).unwrap().display())
            } else if e.file_type().is_dir() {
                "folder".to_string()
            } else {
                format!("file {:?}", fs::read(e.path()).unwrap())
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), what)
        })
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(["-c", "init.defaultBranch=main", "-c", "core.symlinks=true"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn handbook(root: &Path, home: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(args)
        .arg("--root")
        .arg(root)
        .current_dir(root)
        .env("HOME", home)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr)
}

/// The attack of issue 25, end to end: a pull request commits, under
/// `public/`, a link to the home folder, a manifest line through it and a
/// link at a temporary name to `.bashrc`. The maintainer clones and builds.
#[cfg(unix)]
#[test]
fn a_cloned_repository_cannot_reach_the_home_folder_through_public() {
    let fixture = Fixture::new();
    let scratch = tempfile::tempdir().unwrap();
    let home = scratch.path().join("home");
    fs::create_dir_all(home.join(".ssh")).unwrap();
    fs::write(
        home.join(".ssh/authorized_keys"),
        "ssh-ed25519 AAAA nøgle\n",
    )
    .unwrap();
    fs::write(home.join(".bashrc"), "export PS1='$ '\n").unwrap();

    // The attacker's repository.
    let upstream = scratch.path().join("upstream");
    copy_dir(fixture.root(), &upstream);
    let public = upstream.join("public");
    fs::create_dir_all(&public).unwrap();
    // From home/src/clone/public, `../../..` is the home folder.
    std::os::unix::fs::symlink("../../..", public.join("h")).unwrap();
    fs::write(
        public.join(".handbook-manifest"),
        "h/.ssh/authorized_keys\n",
    )
    .unwrap();
    fs::write(
        public.join(".handbook-journal"),
        "h/.bashrc\nh/.ssh/authorized_keys\n",
    )
    .unwrap();
    for temp in [
        ".index.html.handbook-tmp",
        ".handbook-manifest.handbook-tmp",
    ] {
        std::os::unix::fs::symlink("../../../.bashrc", public.join(temp)).unwrap();
    }
    std::os::unix::fs::symlink("../../../.bashrc", public.join(".handbook-lock")).unwrap();
    git(&upstream, &["init", "-q"]);
    git(&upstream, &["add", "-A"]);
    git(&upstream, &["commit", "-q", "-m", "Tilføj en case"]);

    // The maintainer's clone, inside their (scratch) home.
    fs::create_dir_all(home.join("src")).unwrap();
    git(
        &home.join("src"),
        &["clone", "-q", upstream.to_str().unwrap(), "clone"],
    );
    let clone = home.join("src/clone");
    assert!(
        fs::symlink_metadata(clone.join("public/h"))
            .unwrap()
            .is_symlink()
    );
    let outside_clone = |home: &Path| -> BTreeMap<PathBuf, String> {
        everything(home)
            .into_iter()
            .filter(|(p, _)| !p.starts_with("src"))
            .collect()
    };
    let before = outside_clone(&home);

    let (code, stderr) = handbook(&clone, &home, &["build"]);
    // The linked lock file is refused with a message naming it.
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(".handbook-lock"), "{stderr}");
    assert_eq!(before, outside_clone(&home), "the home folder changed");

    // Without the lock link the build goes ahead inside public/ alone.
    fs::remove_file(clone.join("public/.handbook-lock")).unwrap();
    let (code, stderr) = handbook(&clone, &home, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(before, outside_clone(&home), "the home folder changed");
    assert!(clone.join("public/index.html").is_file());
    for link in [
        "h",
        ".index.html.handbook-tmp",
        ".handbook-manifest.handbook-tmp",
    ] {
        let path = clone.join("public").join(link);
        assert!(fs::symlink_metadata(&path).unwrap().is_symlink(), "{link}");
    }
    let manifest = fs::read_to_string(clone.join("public/.handbook-manifest")).unwrap();
    assert!(!manifest.contains("h/.ssh"), "{manifest}");

    // check and a second build agree.
    assert_eq!(handbook(&clone, &home, &["check"]).0, 0);
    assert_eq!(handbook(&clone, &home, &["build"]).0, 0);
    assert_eq!(before, outside_clone(&home), "the home folder changed");
}

/// A scratch `tmpfs` of `bytes`, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` (with a message) where this process may not mount one.
    fn mount(bytes: u64) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={}k", bytes.div_ceil(4096) * 4))
            .arg("tmpfs")
            .arg(dir.path())
            .stdin(Stdio::null())
            .output();
        match out {
            Ok(out) if out.status.success() => Some(SmallDisk { dir }),
            other => {
                eprintln!(
                    "skipped: cannot mount a tmpfs here ({})",
                    match other {
                        Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_string(),
                        Err(err) => err.to_string(),
                    }
                );
                None
            }
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn disk_use(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.metadata()
                .map(|m| m.len().div_ceil(4096) * 4096 + 4096)
                .unwrap_or(0)
        })
        .sum()
}

/// Temporary files and the journal, anywhere below `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.ends_with(".handbook-tmp") || name == ".handbook-journal"
        })
        .map(|e| e.into_path())
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_last_site_and_the_next_build_succeeds() {
    let fixture = Fixture::new();
    let root = fixture.root();
    let (code, stderr) = handbook(root, root, &["build", "--output", "measure"]);
    assert_eq!(code, 0, "{stderr}");
    let needed = disk_use(&root.join("measure"));
    let Some(disk) = SmallDisk::mount(needed + needed / 4 + (256 << 10)) else {
        return;
    };
    let out = disk.dir.path().join("public");
    let out_arg = out.to_str().unwrap();
    let (code, stderr) = handbook(root, root, &["build", "--output", out_arg]);
    assert_eq!(code, 0, "{stderr}");
    let site = snapshot(&out);

    // A case far larger than the space left: the write runs out of room.
    let big = format!(
        "{}\n{}\n",
        CASE.replace("slug: bordkort", "slug: stor"),
        "Et langt afsnit om samarbejde på tværs. ".repeat(40_000)
    );
    fs::write(root.join("content/cases/stor.md"), &big).unwrap();
    let (code, stderr) = handbook(root, root, &["build", "--output", out_arg]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("kan ikke skrive"), "{stderr}");
    assert_eq!(site, snapshot(&out), "the last site is left as it was");
    assert_eq!(leftovers(&out), Vec::<PathBuf>::new());

    // The content reverted, the next build succeeds and leaves nothing behind.
    fs::remove_file(root.join("content/cases/stor.md")).unwrap();
    fs::write(
        root.join("content/cases/ny.md"),
        CASE.replace("slug: bordkort", "slug: ny"),
    )
    .unwrap();
    let (code, stderr) = handbook(root, root, &["build", "--output", out_arg]);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.join("cases/ny/index.html").is_file());
    assert_eq!(leftovers(&out), Vec::<PathBuf>::new());
}
