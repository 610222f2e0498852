//! What a render records of each file it makes: a fingerprint of what the
//! file is made from. For a page that is its template's whole context (the
//! page's values and `page`), the `site` every template sees and the
//! templates; for any other file, its bytes. A caller that keeps the
//! fingerprints of its last render (`serve`'s session, see [`Steps`])
//! gets only the files whose fingerprint changed: what a page read decides
//! whether it is made again, so no list of what each page shows of the
//! model is kept by hand, and a field a template starts to show is followed.
//!
//! [`Steps`]: super::Steps

mod hash;

use std::sync::{Arc, Mutex};

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

/// Fingerprints by output path (foldhash: every page of a rebuild looks its
/// path up, and the keys are our own output paths).
pub(crate) type Prints = foldhash::HashMap<String, u64>;

/// The fingerprints of one render, checked against the last one's.
pub(super) struct Record {
    /// The last render's, by output path.
    held: Arc<Prints>,
    /// The fingerprint of the `site` every template sees and the templates.
    site: u64,
    /// This render's, by output path.
    made: Mutex<Prints>,
}

/// What a recorded render leaves for the next one.
pub(crate) struct Recorded {
    /// Every file's fingerprint, by output path.
    pub prints: Prints,
    /// The files of the last render that this one no longer makes; `None`
    /// when there was no last render (every file was made).
    pub removed: Option<Vec<String>>,
}

impl Record {
    /// A record checked against `held` (empty: every file is made), for a
    /// render whose `site` and templates have the fingerprint `site`.
    pub(super) fn new(held: Arc<Prints>, site: u64) -> Self {
        Record {
            held,
            site,
            made: Mutex::default(),
        }
    }

    /// Notes that the file at `path` is made from inputs with the
    /// fingerprint `print`: whether the last render made it from the same.
    pub(super) fn unchanged(&self, path: String, print: u64) -> bool {
        let same = self.held.get(&path) == Some(&print);
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, print);
        same
    }

    /// The fingerprint of a page's inputs: its template, its values and
    /// its `page`, with the site's. The values are hashed as the template
    /// gets them (through `Serialize`), so whatever they hold is covered.
    /// `None` when they cannot be serialized (nor made a context: the
    /// render reports it).
    pub(super) fn page_print(
        &self,
        template: &str,
        values: &impl Serialize,
        page: &impl Serialize,
    ) -> Option<u64> {
        let mut hasher = Xxh3::with_seed(self.site);
        hasher.update(template.as_bytes());
        hasher.update(b"\0");
        hash::hash_into(&mut hasher, values).ok()?;
        hash::hash_into(&mut hasher, page).ok()?;
        Some(hasher.digest())
    }

    /// The fingerprint of what every page and case card is made from
    /// besides its own values: the `site` every template sees (`info`) and
    /// the templates. `None` when `info` cannot be serialized.
    pub(super) fn site_print(
        info: &impl Serialize,
        files: &crate::content::SiteFiles,
    ) -> Option<u64> {
        let mut hasher = Xxh3::new();
        hash::hash_into(&mut hasher, info).ok()?;
        for template in files.templates.iter().chain(&files.fallback_templates) {
            hash::hash_into(&mut hasher, &(&template.name, &template.text)).ok()?;
        }
        Some(hasher.digest())
    }

    /// The fingerprint of a file made without a page context: its bytes.
    pub(super) fn bytes_print(bytes: &[u8]) -> u64 {
        xxhash_rust::xxh3::xxh3_64(bytes)
    }

    /// The fingerprints of this render, and the files the last one made
    /// that this one does not.
    pub(super) fn finish(self) -> Recorded {
        let prints = self.made.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut removed: Vec<String> = self
            .held
            .keys()
            .filter(|path| !prints.contains_key(*path))
            .cloned()
            .collect();
        removed.sort();
        let removed = (!self.held.is_empty()).then_some(removed);
        Recorded { prints, removed }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_unchanged_only_with_the_same_print_at_the_same_path() {
        let held = Arc::new(Prints::from_iter([
            ("a.html".to_string(), 1),
            ("b.html".to_string(), 2),
        ]));
        let record = Record::new(held, 7);
        assert!(record.unchanged("a.html".into(), 1));
        assert!(!record.unchanged("b.html".into(), 3));
        assert!(!record.unchanged("c.html".into(), 1));
        let recorded = record.finish();
        assert_eq!(recorded.prints.len(), 3);
        assert_eq!(recorded.removed, Some(Vec::new()));
    }

    #[test]
    fn files_no_longer_made_are_removed() {
        let held = Arc::new(Prints::from_iter([
            ("a.html".to_string(), 1),
            ("gone.html".to_string(), 2),
        ]));
        let record = Record::new(held, 7);
        record.unchanged("a.html".into(), 1);
        assert_eq!(record.finish().removed, Some(vec!["gone.html".to_string()]));
        let first = Record::new(Arc::default(), 7);
        first.unchanged("a.html".into(), 1);
        assert_eq!(
            first.finish().removed,
            None,
            "a first render gives every file"
        );
    }

    #[test]
    fn any_value_of_a_page_changes_its_print() {
        #[derive(Serialize)]
        struct Values<'a> {
            title: &'a str,
            shown_later: &'a str,
        }
        let record = Record::new(Arc::default(), 7);
        let print = |v: &Values| record.page_print("case.html", v, &"page").unwrap();
        let a = print(&Values {
            title: "A",
            shown_later: "x",
        });
        assert_eq!(
            a,
            print(&Values {
                title: "A",
                shown_later: "x"
            })
        );
        assert_ne!(
            a,
            print(&Values {
                title: "A",
                shown_later: "y"
            })
        );
        assert_ne!(
            Some(a),
            record.page_print(
                "other.html",
                &Values {
                    title: "A",
                    shown_later: "x"
                },
                &"page"
            )
        );
        let other_site = Record::new(Arc::default(), 8);
        assert_ne!(
            Some(a),
            other_site.page_print(
                "case.html",
                &Values {
                    title: "A",
                    shown_later: "x"
                },
                &"page"
            )
        );
    }
}
