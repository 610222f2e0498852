//! A value's fingerprint through its `Serialize`, fed straight into a
//! hasher: like serializing it, but with nothing escaped, formatted or held
//! (half the time a recorded render took went into `serde_json` before).
//! Every value is written with a tag and every string with its length, so
//! two different values give different bytes.

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// Hashes `value` into `hasher`; `Err` when it cannot be serialized.
pub(super) fn hash_into(hasher: &mut Xxh3, value: &impl Serialize) -> Result<(), Unhashable> {
    let mut buffered = Buffered {
        hasher,
        buffer: Vec::with_capacity(BUFFER),
    };
    let result = value.serialize(Feed(&mut buffered));
    buffered.flush();
    result
}

/// Bytes gathered before they go to the hasher: a context is thousands of
/// short strings and numbers, each a tag, a length and its bytes, and a
/// call into the hasher for each piece cost more than the hashing (XXH3
/// gives the same hash however its input is cut into pieces).
const BUFFER: usize = 8 * 1024;

struct Buffered<'h> {
    hasher: &'h mut Xxh3,
    buffer: Vec<u8>,
}

impl Buffered<'_> {
    fn update(&mut self, bytes: &[u8]) {
        if self.buffer.len() + bytes.len() > BUFFER {
            self.flush();
        }
        if bytes.len() >= BUFFER {
            self.hasher.update(bytes);
        } else {
            self.buffer.extend_from_slice(bytes);
        }
    }

    fn flush(&mut self) {
        self.hasher.update(&self.buffer);
        self.buffer.clear();
    }
}

/// A value whose `Serialize` failed.
#[derive(Debug)]
pub(crate) struct Unhashable(String);

impl std::fmt::Display for Unhashable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unhashable {}

impl ser::Error for Unhashable {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Unhashable(msg.to_string())
    }
}

struct Feed<'h, 'x>(&'h mut Buffered<'x>);

impl<'x> Feed<'_, 'x> {
    fn tag(&mut self, tag: u8) {
        self.0.update(&[tag]);
    }
    fn bytes(&mut self, tag: u8, bytes: &[u8]) {
        self.0.update(&[tag]);
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }
    fn number(&mut self, tag: u8, bytes: &[u8]) {
        self.0.update(&[tag]);
        self.0.update(bytes);
    }
    fn again(&mut self) -> Feed<'_, 'x> {
        Feed(self.0)
    }
}

type Done = Result<(), Unhashable>;

impl<'h, 'x> ser::Serializer for Feed<'h, 'x> {
    type Ok = ();
    type Error = Unhashable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    /// A fingerprint is no text for people: a value may give a compact
    /// stand-in for itself (a list of case cards gives each card's
    /// fingerprint, not their joined HTML).
    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(mut self, v: bool) -> Done {
        self.number(1, &[u8::from(v)]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(mut self, v: i64) -> Done {
        self.number(2, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(mut self, v: u64) -> Done {
        self.number(3, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(mut self, v: f64) -> Done {
        self.number(4, &v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(mut self, v: &str) -> Done {
        self.bytes(5, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(mut self, v: &[u8]) -> Done {
        self.bytes(6, v);
        Ok(())
    }
    fn serialize_none(mut self) -> Done {
        self.tag(7);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(mut self, value: &T) -> Done {
        self.tag(8);
        value.serialize(self)
    }
    fn serialize_unit(mut self) -> Done {
        self.tag(9);
        Ok(())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Done {
        self.serialize_str(name)
    }
    fn serialize_unit_variant(mut self, _: &'static str, index: u32, _: &'static str) -> Done {
        self.number(10, &index.to_le_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        mut self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Done {
        self.number(11, &index.to_le_bytes());
        value.serialize(self)
    }
    fn serialize_seq(mut self, _: Option<usize>) -> Result<Self, Unhashable> {
        self.tag(12);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Unhashable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Unhashable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Unhashable> {
        self.number(13, &index.to_le_bytes());
        Ok(self)
    }
    fn serialize_map(mut self, _: Option<usize>) -> Result<Self, Unhashable> {
        self.tag(14);
        Ok(self)
    }
    fn serialize_struct(mut self, name: &'static str, _: usize) -> Result<Self, Unhashable> {
        self.bytes(15, name.as_bytes());
        Ok(self)
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Unhashable> {
        self.number(16, &index.to_le_bytes());
        Ok(self)
    }
}

/// An element of a sequence, tuple or map, or a field, each marked so a
/// value ending one element cannot pass for the start of the next.
macro_rules! compound {
    ($($trait:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$trait for Feed<'_, '_> {
            type Ok = ();
            type Error = Unhashable;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
                self.tag(20);
                value.serialize(self.again())
            }
            fn end(mut self) -> Done {
                self.tag(21);
                Ok(())
            }
        }
    )*};
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl ser::SerializeMap for Feed<'_, '_> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Done {
        self.tag(22);
        key.serialize(self.again())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
        self.tag(23);
        value.serialize(self.again())
    }
    fn end(mut self) -> Done {
        self.tag(21);
        Ok(())
    }
}

macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Feed<'_, '_> {
            type Ok = ();
            type Error = Unhashable;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Done {
                self.bytes(24, key.as_bytes());
                value.serialize(self.again())
            }
            fn end(mut self) -> Done {
                self.tag(21);
                Ok(())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn print(value: &impl Serialize) -> u64 {
        let mut hasher = Xxh3::new();
        hash_into(&mut hasher, value).unwrap();
        hasher.digest()
    }

    #[test]
    fn values_that_differ_anywhere_hash_apart() {
        #[derive(serde::Serialize)]
        struct Card<'a> {
            title: &'a str,
            themes: Vec<&'a str>,
            number: Option<u32>,
        }
        let a = Card {
            title: "A",
            themes: vec!["x", "y"],
            number: Some(1),
        };
        assert_eq!(
            print(&a),
            print(&Card {
                title: "A",
                themes: vec!["x", "y"],
                number: Some(1)
            })
        );
        for other in [
            Card {
                title: "B",
                ..Card {
                    title: "",
                    themes: vec!["x", "y"],
                    number: Some(1),
                }
            },
            Card {
                title: "A",
                themes: vec!["xy"],
                number: Some(1),
            },
            Card {
                title: "A",
                themes: vec!["x", "y", ""],
                number: Some(1),
            },
            Card {
                title: "A",
                themes: vec!["x", "y"],
                number: None,
            },
            Card {
                title: "A",
                themes: vec!["x", "y"],
                number: Some(2),
            },
        ] {
            assert_ne!(print(&a), print(&other));
        }
        // Where one string ends and the next starts counts.
        assert_ne!(print(&("ab", "c")), print(&("a", "bc")));
        assert_ne!(
            print(&vec![vec![1u8], vec![]]),
            print(&vec![vec![], vec![1u8]])
        );
        let one = BTreeMap::from([("a", "b")]);
        let other = BTreeMap::from([("ab", "")]);
        assert_ne!(print(&one), print(&other));
    }
}
