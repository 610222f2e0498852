//! Reading one input file of the site (`site.toml`, a Markdown file, a
//! template, an image): the repository is untrusted input, so a file is read
//! only when it is a regular file that is not a symbolic link, and at most a
//! limit's worth of it.
//!
//! The file is opened without following a final symlink (`O_NOFOLLOW` on
//! unix, `FILE_FLAG_OPEN_REPARSE_POINT` on Windows) and without waiting for
//! a writer (`O_NONBLOCK`: a FIFO opens at once), and the open handle, not the
//! path, is asked whether it is a regular file: a link to `/dev/zero`, a FIFO
//! or a device is refused before a byte is read, and no file can be swapped in
//! between the check and the read.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::diagnostics::{Code, Diagnostic, escape_controls};

/// How much of one kind of input file is read, and what to do about a larger one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limit {
    /// The most bytes a file of the kind may have.
    pub(crate) bytes: u64,
    /// The kind, in Danish, after "højst … for": `site.toml`, `en Markdown-fil`.
    what: &'static str,
    /// What to do about a larger file, in Danish.
    hint: &'static str,
}

impl Limit {
    /// `site.toml`: settings only.
    pub(crate) const CONFIG: Limit = Limit {
        bytes: 1 << 20,
        what: "site.toml",
        hint: "site.toml skal kun rumme indstillinger: flyt tekst til en side i `content/`",
    };
    /// A template of a theme.
    pub(crate) const TEMPLATE: Limit = Limit {
        bytes: 4 << 20,
        what: "en skabelon",
        hint: "del skabelonen op i mindre dele med `{% include %}`",
    };
    /// A Markdown file of `content/`.
    pub(crate) const MARKDOWN: Limit = Limit {
        bytes: 32 << 20,
        what: "en Markdown-fil",
        hint: "del siden op i flere sider, der linker til hinanden",
    };
    /// An image or pdf of `content/`, or a file of a theme's `static/`.
    pub(crate) const ASSET: Limit = Limit {
        bytes: 64 << 20,
        what: "et billede eller en anden fil",
        hint: "gør filen mindre (et billede i lavere opløsning, en komprimeret pdf), eller læg den et andet sted og link til den",
    };
}

/// Why an input file was not read.
#[derive(Debug)]
pub(crate) enum InputError {
    /// The path is a symbolic link; its target, as the link says it.
    Symlink(PathBuf),
    /// Not a regular file: a folder, FIFO, socket or device.
    NotAFile,
    /// Larger than the limit: its size when the file system said it, else
    /// `None` (a file that grew, or one that reports no size).
    TooLarge(Option<u64>, Limit),
    /// The file system refused.
    Io(io::Error),
}

/// The bytes of the regular file `path`, at most `limit.bytes` of them.
pub(crate) fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    let mut file = match open(path) {
        Ok(file) => file,
        // `O_NOFOLLOW` on a link fails (`ELOOP` on Linux, `EMLINK` on the BSDs).
        Err(err) => {
            return Err(match std::fs::read_link(path) {
                Ok(target) => InputError::Symlink(target),
                Err(_) => InputError::Io(err),
            });
        }
    };
    let metadata = file.metadata().map_err(InputError::Io)?;
    // Windows opens the link itself (`FILE_FLAG_OPEN_REPARSE_POINT`).
    if metadata.file_type().is_symlink() {
        let target = std::fs::read_link(path).unwrap_or_default();
        return Err(InputError::Symlink(target));
    }
    if !metadata.is_file() {
        return Err(InputError::NotAFile);
    }
    if metadata.len() > limit.bytes {
        return Err(InputError::TooLarge(Some(metadata.len()), limit));
    }
    // One byte more than the limit tells a file that grew since `metadata`.
    let capacity = usize::try_from(metadata.len().saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(capacity);
    (&mut file)
        .take(limit.bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(InputError::TooLarge(None, limit));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(windows)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::windows::fs::OpenOptionsExt;
    /// Opens a symbolic link (a reparse point) itself, not what it points at.
    const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)
}

#[cfg(not(any(unix, windows)))]
fn open(path: &Path) -> io::Result<File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("symbolic link"));
    }
    File::open(path)
}

impl InputError {
    /// The problem, in Danish, for the file shown as `shown` (relative to
    /// the site root); `code` is the code of an I/O error or a file that is
    /// not regular (`load`, or `config` for `site.toml`).
    pub(crate) fn problem(&self, shown: &str, code: Code) -> Diagnostic {
        match self {
            InputError::Symlink(target) => symlink_problem(shown, target, code),
            InputError::NotAFile => Diagnostic::error(
                shown,
                code,
                "er ikke en almindelig fil (men fx en FIFO eller en enhed)",
            )
            .hint("slet den, eller erstat den med en almindelig fil"),
            InputError::TooLarge(size, limit) => {
                let (size, most) = match size {
                    // Exact bytes when the rounded sizes would look alike.
                    Some(size) if human_size(*size) == human_size(limit.bytes) => {
                        (exact_size(*size), exact_size(limit.bytes))
                    }
                    Some(size) => (human_size(*size), human_size(limit.bytes)),
                    None => (
                        format!("over {}", human_size(limit.bytes)),
                        human_size(limit.bytes),
                    ),
                };
                Diagnostic::error(
                    shown,
                    code,
                    format!(
                        "filen er for stor: {size} (højst {most} for {})",
                        limit.what
                    ),
                )
                .hint(limit.hint)
            }
            InputError::Io(err) => {
                Diagnostic::error(shown, code, format!("kan ikke læses: {}", danish_io(err)))
            }
        }
    }
}

/// A symbolic link where the site reads a file or folder: refused, naming
/// where it points (as the link says it; control characters escaped, so the
/// JSON and SARIF forms cannot carry them either).
pub(crate) fn symlink_problem(shown: &str, target: &Path, code: Code) -> Diagnostic {
    let target = target.to_string_lossy();
    Diagnostic::error(
        shown,
        code,
        format!(
            "symbolsk link til `{}`: håndbogen læser ikke symbolske links",
            escape_controls(&target)
        ),
    )
    .hint("erstat linket med en kopi af filen (eller mappen), eller slet det: et link kan pege på filer, der ikke må udgives, fx `.git/config` eller `.env`")
}

/// A size in Danish: `512 byte`, `20,5 MiB`.
fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    let (unit, name) = match bytes {
        b if b >= MIB => (MIB, "MiB"),
        b if b >= KIB => (KIB, "KiB"),
        b => return format!("{b} byte"),
    };
    let tenths = (bytes * 10 + unit / 2) / unit;
    match tenths % 10 {
        0 => format!("{} {name}", tenths / 10),
        d => format!("{},{d} {name}", tenths / 10),
    }
}

/// A size in bytes with Danish thousands separators: `1.048.577 byte`.
fn exact_size(bytes: u64) -> String {
    let digits = bytes.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("{grouped} byte")
}

/// An I/O error in plain Danish.
pub(crate) fn danish_io(err: &io::Error) -> String {
    use io::ErrorKind::*;
    match err.kind() {
        NotFound => "filen findes ikke".into(),
        PermissionDenied => "ingen adgang".into(),
        _ => err.to_string(),
    }
}

/// `text` in Unicode NFC, as most editors write it (macOS writes file names
/// and some text in NFD: `å` as `a` and a combining ring). Text already in
/// NFC, nearly all of it, is returned as it is, without a copy.
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// [`nfc`] of an owned string: kept as it is when it is in NFC already.
pub(crate) fn nfc_owned(text: String) -> String {
    match nfc(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(normal) => normal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: Limit = Limit {
        bytes: 10,
        what: "en prøvefil",
        hint: "gør den mindre",
    };

    #[test]
    fn reads_a_regular_file_up_to_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "0123456789").unwrap();
        assert_eq!(read(&path, TINY).unwrap(), b"0123456789");
        std::fs::write(&path, "0123456789x").unwrap();
        let err = read(&path, TINY).unwrap_err();
        assert!(matches!(err, InputError::TooLarge(Some(11), _)), "{err:?}");
        let d = err.problem("content/a.md", Code::Load);
        assert_eq!(
            d.message,
            "filen er for stor: 11 byte (højst 10 byte for en prøvefil)"
        );
        assert_eq!(d.hint.as_deref(), Some("gør den mindre"));
        let missing = read(&dir.path().join("b.md"), TINY).unwrap_err();
        assert_eq!(
            missing.problem("content/b.md", Code::Load).message,
            "kan ikke læses: filen findes ikke"
        );
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(dir.path(), TINY).unwrap_err();
        // Windows refuses to open a folder as a file at all.
        assert!(
            matches!(err, InputError::NotAFile | InputError::Io(_)),
            "{err:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_refused_with_their_target_and_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("hemmelig");
        std::fs::write(&secret, "SECRET=1").unwrap();
        let link = dir.path().join("a.md");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        let err = read(&link, TINY).unwrap_err();
        let InputError::Symlink(target) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(target, &secret);
        // A link to a device or a FIFO is refused before it is opened.
        let zero = dir.path().join("nul.md");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(
            read(&zero, Limit::MARKDOWN),
            Err(InputError::Symlink(_))
        ));
        let d = symlink_problem(
            "content/a\nb.md",
            Path::new("../.git/config\u{1b}[2J"),
            Code::Load,
        );
        assert_eq!(
            d.message,
            "symbolsk link til `../.git/config\\u{1b}[2J`: håndbogen læser ikke symbolske links"
        );
        assert!(
            d.hint
                .unwrap()
                .starts_with("erstat linket med en kopi af filen")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this machine
        }
        let started = std::time::Instant::now();
        let err = read(&fifo, Limit::MARKDOWN).unwrap_err();
        assert!(matches!(err, InputError::NotAFile), "{err:?}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(
            err.problem("content/fifo.md", Code::Load).message,
            "er ikke en almindelig fil (men fx en FIFO eller en enhed)"
        );
    }

    #[test]
    fn sizes_are_written_the_danish_way() {
        assert_eq!(human_size(512), "512 byte");
        assert_eq!(human_size(1 << 20), "1 MiB");
        assert_eq!(human_size(20_500_000), "19,6 MiB");
        assert_eq!(human_size(33 << 20), "33 MiB");
        assert_eq!(human_size(1536), "1,5 KiB");
        assert_eq!(exact_size(1_048_577), "1.048.577 byte");
        assert_eq!(exact_size(999), "999 byte");
        let d = InputError::TooLarge(Some((1 << 20) + 1), Limit::CONFIG)
            .problem("site.toml", Code::Config);
        assert_eq!(
            d.message,
            "filen er for stor: 1.048.577 byte (højst 1.048.576 byte for site.toml)"
        );
    }

    #[test]
    fn nfc_composes_decomposed_text_and_leaves_composed_text_alone() {
        let composed = "Mål og ånd";
        assert!(matches!(nfc(composed), Cow::Borrowed(_)));
        let decomposed = "Ma\u{30a}l og a\u{30a}nd";
        assert_eq!(nfc(decomposed), composed);
        assert_eq!(nfc_owned(decomposed.to_string()), composed);
    }
}
