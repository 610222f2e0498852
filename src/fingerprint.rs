//! A fingerprint of a value for the tables that live as long as a process:
//! the session's memos, the search index's settings, the GitHub report's
//! stop token.

/// The same within one process, which is all a table that lives as long as
/// `serve` needs; not stable across versions (never written to disk).
/// XXH3, not the standard library's SipHash: these tables are keyed by our
/// own inputs, not by a stranger's choice of keys, and a rebuild in `serve`
/// hashes every file's text (SipHash was an eighth of its time).
pub(crate) fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    xxhash_rust::xxh3::Xxh3DefaultBuilder::new().hash_one(value)
}
