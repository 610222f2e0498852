//! Writing a content file (`new`, the browser editor): through a fresh
//! temporary beside it, created exclusively, renamed into place.

use std::path::Path;

/// Writes `bytes` to `at` through a fresh temporary file beside it (created
/// exclusively, hidden, so `serve` does not read it) renamed into place.
pub(crate) fn write_file(at: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = at.parent().unwrap_or(Path::new("."));
    let name = at
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let nonce = xxhash_rust::xxh3::xxh3_64(
            format!(
                "{name}{attempt}{:?}{}",
                std::time::SystemTime::now(),
                std::process::id()
            )
            .as_bytes(),
        );
        let tmp = dir.join(crate::output_paths::temporary_name(&name, nonce as u32));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 16 => {
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    };
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, at));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
