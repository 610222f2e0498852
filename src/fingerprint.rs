//! A fingerprint of a value for the tables that live as long as a process:
//! the session's memos, the search index's pages kept between rebuilds, the
//! GitHub report's stop token.

/// The same within one process, which is all a table that lives as long as
/// `serve` needs; not stable across versions (never written to disk).
pub(crate) fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}
