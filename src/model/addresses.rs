//! Stable addresses: each build records the address of every published
//! page by its file (`.handbook-addresses.json` in the output folder); the
//! next `build`, `check` or `serve` says when a page that was published
//! would move to another address, with the old and the new, and how to keep
//! the old one (`slug:` or `aliases:`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};

use super::Library;

/// The record's file name in the output folder.
pub(crate) const RECORD: &str = ".handbook-addresses.json";

/// Every published page's address by its file (`content/…` → `/cases/x/`,
/// from the site's root, so a new `base_url` moves nothing).
pub(crate) fn record(library: &Library, config: &Config) -> BTreeMap<String, String> {
    let base = config.base_path();
    library
        .entries()
        .filter(|e| !library.drafts.contains(&e.url))
        .map(|e| {
            let url = e.url.strip_prefix(&base).unwrap_or(&e.url);
            (e.path.clone(), url.to_string())
        })
        .collect()
}

/// The record as written.
pub(crate) fn record_bytes(library: &Library, config: &Config) -> Vec<u8> {
    serde_json::to_vec_pretty(&record(library, config)).unwrap_or_default()
}

/// The record the last build left in `output_dir`, if any (read as any
/// input: no link, a regular file, a size limit; anything unreadable is
/// no record).
pub(crate) fn last_record(output_dir: &Path) -> Option<BTreeMap<String, String>> {
    let bytes = crate::input::read(
        &output_dir.join(RECORD),
        // 64 MiB: a million pages' worth is far below it.
        crate::input::Limit::ASSET,
    )
    .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// An error for each published page whose address differs from the one the
/// last build gave it, unless the old address still leads somewhere (an
/// alias of it, or another page there now).
pub(crate) fn changes(
    library: &Library,
    config: &Config,
    last: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let now = record(library, config);
    let base = config.base_path();
    let taken: std::collections::HashSet<String> = now
        .values()
        .cloned()
        .chain(library.entries().flat_map(|e| e.aliases.iter().cloned()))
        .collect();
    let mut problems = Vec::new();
    for entry in library.entries() {
        let Some(old) = last.get(&entry.path) else {
            continue;
        };
        let Some(new) = now.get(&entry.path) else {
            continue;
        };
        if old == new || taken.contains(old) {
            continue;
        }
        let old_slug = old
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        let mut problem = Diagnostic::error(
            &entry.path,
            Code::AddressChanged,
            format!(
                "siden skifter adresse fra {base}{old} til {base}{new}: links til den gamle adresse holder op med at virke"
            ),
        )
        .hint(format!(
            "behold adressen med `slug: {old_slug}`, eller skriv `aliases: [\"{old}\"]`, så den gamle adresse sender læserne videre til den nye"
        ));
        if let Some(at) = entry.address_at {
            problem = problem.at(at.line, at.column).underline(at.width);
        }
        problems.push(problem);
    }
    problems
}
