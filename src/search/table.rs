//! A page's words or stems with a value each, sorted and packed: every key
//! in one string, looked up by binary search. An index holds one such table
//! per page and field kind (millions of keys at 10,000 pages); as
//! `BTreeMap<Box<str>, _>` they were a third of a build's peak memory (a
//! node per eleven keys and an allocation per key), packed they are the
//! keys' bytes and four bytes of offset beside each value.

use std::ops::Index;

/// Keys (sorted, distinct) and their values.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<V> {
    /// The keys one after the other.
    text: Box<str>,
    /// Where each key ends in `text`.
    ends: Box<[u32]>,
    values: Box<[V]>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table {
            text: Box::default(),
            ends: Box::default(),
            values: Box::default(),
        }
    }
}

impl<V> Table<V> {
    /// The table of `entries`, in any order; of equal keys the last stays.
    pub fn new<K: AsRef<str>>(mut entries: Vec<(K, V)>) -> Table<V> {
        entries.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        let mut text = String::with_capacity(entries.iter().map(|(k, _)| k.as_ref().len()).sum());
        let mut ends: Vec<u32> = Vec::with_capacity(entries.len());
        let mut values: Vec<V> = Vec::with_capacity(entries.len());
        // Where the last key starts: the sort put equal keys together.
        let mut last_start = 0;
        for (key, value) in entries {
            let key = key.as_ref();
            if !ends.is_empty() && &text[last_start..] == key {
                if let Some(last) = values.last_mut() {
                    *last = value;
                }
                continue;
            }
            last_start = text.len();
            text.push_str(key);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            values.push(value);
        }
        Table {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
            values: values.into_boxed_slice(),
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The `i`th key.
    fn key(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let mut low = 0;
        let mut high = self.len();
        while low < high {
            let mid = (low + high) / 2;
            match self.key(mid).cmp(key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(&self.values[mid]),
            }
        }
        None
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.key(i))
    }

    /// The keys and values in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.keys().zip(self.values.iter())
    }
}

impl<'a, V> IntoIterator for &'a Table<V> {
    type Item = (&'a str, &'a V);
    type IntoIter = Box<dyn Iterator<Item = (&'a str, &'a V)> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<V> Index<&str> for Table<V> {
    type Output = V;

    fn index(&self, key: &str) -> &V {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no key `{key}` in the table"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn finds_what_a_sorted_map_finds() {
        let words = [
            "møde", "mød", "a", "", "møderne", "zebra", "æble", "a", "mø", "aab", "ab",
        ];
        let entries: Vec<(&str, usize)> = words.iter().enumerate().map(|(i, w)| (*w, i)).collect();
        let table = Table::new(entries.clone());
        let map: BTreeMap<&str, usize> = entries.into_iter().collect();
        assert_eq!(table.len(), map.len());
        assert!(table.iter().eq(map.iter().map(|(k, v)| (*k, v))));
        for probe in words.iter().chain(&["b", "møder", "ø", "zz"]) {
            assert_eq!(table.get(probe), map.get(probe), "{probe}");
        }
        assert_eq!(table["a"], 7, "of equal keys the last stays");
        assert_eq!(
            table["ab"], 10,
            "a key that ends the one before is no repeat"
        );
        assert!(Table::<u8>::default().get("a").is_none());
    }
}
