//! A save from the editor merged into the file it replaces. The editor
//! writes its own YAML: every comment lost, keys in its order, values
//! re-quoted. Here a field whose value did not change keeps its text as it
//! was (comments included), a changed field keeps the comment above it, keys
//! come in the kind's canonical order ([`crate::content::fields`]), and a
//! save that changes nothing gives the file back byte for byte.

use serde_yaml::{Mapping, Value};

use crate::content::Kind;
use crate::content::fields::position;
use crate::content::front_matter::split;

/// One top-level key of front matter as written: the comment and blank
/// lines above it, its own line and the lines of its value.
#[derive(Debug)]
struct Block<'a> {
    key: String,
    /// Comment and blank lines above the key.
    above: &'a str,
    /// The key's line and its value's lines.
    text: &'a str,
}

/// Splits front matter YAML into blocks, one per top-level key, and the
/// comment lines after the last key. `None` when a line cannot be placed
/// (the caller then writes the editor's YAML as it is).
fn blocks(yaml: &str) -> Option<(Vec<Block<'_>>, &str)> {
    let mut blocks = Vec::new();
    let mut pending_start = 0;
    let mut key_start: Option<(String, usize, usize)> = None;
    let mut pos = 0;
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.trim_end();
        let starts_key = !line.starts_with([' ', '\t', '#', '-', '\r', '\n'])
            && !trimmed.is_empty()
            && trimmed.contains(':');
        if starts_key {
            if let Some((key, above, at)) = key_start.take() {
                blocks.push(Block {
                    key,
                    above: &yaml[above..at],
                    text: &yaml[at..pending_start],
                });
            }
            let key = trimmed.split(':').next()?.trim().trim_matches(['"', '\'']);
            key_start = Some((key.to_string(), pending_start, pos));
            pending_start = pos + line.len();
        } else if trimmed.is_empty() || trimmed.starts_with('#') {
            // Comments and blank lines at column 0 belong to the next key.
        } else {
            // A value line (indented, or a list item at column 0).
            key_start.as_ref()?;
            pending_start = pos + line.len();
        }
        pos += line.len();
    }
    if let Some((key, above, at)) = key_start.take() {
        blocks.push(Block {
            key,
            above: &yaml[above..at],
            text: &yaml[at..pending_start],
        });
    }
    Some((blocks, &yaml[pending_start..]))
}

/// A value that says nothing (`sector:`, `""`, `[]`, `false`).
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Sequence(s) => s.is_empty(),
        Value::Mapping(m) => m.is_empty(),
        Value::Bool(b) => !b,
        _ => false,
    }
}

/// The value of a block's text (`key: value` and its lines).
fn value_of(text: &str) -> Option<Value> {
    let mapping: Mapping = serde_yaml::from_str(text).ok()?;
    mapping.into_iter().next().map(|(_, v)| v)
}

/// `key: value` as YAML.
fn write_field(key: &str, value: &Value) -> String {
    let mut one = Mapping::new();
    one.insert(Value::String(key.to_string()), value.clone());
    serde_yaml::to_string(&one).unwrap_or_default()
}

/// The file to write for a save of `new` (the editor's whole file) over
/// `old` (the file as it is, if any), for a file of `kind`. `slug` is the
/// slug a new page gets when the save names none.
pub(crate) fn merge(kind: Kind, old: Option<&str>, new: &str, slug: Option<&str>) -> String {
    let Ok(new_split) = split(new) else {
        return new.to_string();
    };
    let Ok(mut fields) = serde_yaml::from_str::<Mapping>(new_split.yaml) else {
        return new.to_string();
    };
    let new_body = new_split.body;
    let old_split = old.and_then(|o| split(o).ok());
    let old_fields: Mapping = old_split
        .as_ref()
        .and_then(|s| serde_yaml::from_str(s.yaml).ok())
        .unwrap_or_default();
    // What a save leaves out but the file had: the address, and the
    // fields the editor does not write when they are empty.
    for (key, value) in &old_fields {
        let keep = key.as_str() == Some("slug") || is_empty(value);
        if keep && !fields.contains_key(key) {
            fields.insert(key.clone(), value.clone());
        }
    }
    // An empty field the file did not have (the editor writes `date: ''`
    // and `messages: []` for fields left alone) is left out.
    fields.retain(|key, value| !is_empty(value) || old_fields.contains_key(key));
    if let Some(slug) = slug.filter(|_| old.is_none() && kind != Kind::Page)
        && !fields.contains_key("slug")
    {
        fields.insert(Value::String("slug".into()), Value::String(slug.into()));
    }
    let body_same = old_split
        .as_ref()
        .is_some_and(|s| s.body.trim_end() == new_body.trim_end());
    if let (Some(old), true) = (old, body_same)
        && fields == old_fields
    {
        return old.to_string();
    }
    let body = match (&old_split, body_same) {
        (Some(s), true) => s.body.to_string(),
        _ if new_body.is_empty() || new_body.ends_with('\n') => new_body.to_string(),
        _ => format!("{new_body}\n"),
    };
    let (old_blocks, trailing) = old_split
        .as_ref()
        .and_then(|s| blocks(s.yaml))
        .unwrap_or_default();
    let mut keys: Vec<(&Value, &Value)> = fields.iter().collect();
    keys.sort_by_key(|(k, _)| position(kind, k.as_str().unwrap_or_default()));
    let mut yaml = String::new();
    for (key, value) in keys {
        let name = key.as_str().unwrap_or_default();
        let block = old_blocks.iter().find(|b| b.key == name);
        match block {
            Some(b) if value_of(b.text).as_ref() == Some(value) => {
                yaml.push_str(b.above);
                yaml.push_str(b.text);
            }
            Some(b) => {
                yaml.push_str(b.above);
                yaml.push_str(&write_field(name, value));
            }
            None => yaml.push_str(&write_field(name, value)),
        }
    }
    yaml.push_str(trailing);
    // The merge must read as the editor's save did; else the editor's own YAML.
    match serde_yaml::from_str::<Mapping>(&yaml) {
        Ok(read) if read == fields => format!("---\n{yaml}---\n{body}"),
        _ => {
            let mut plain = String::new();
            for (key, value) in &fields {
                plain.push_str(&write_field(key.as_str().unwrap_or_default(), value));
            }
            format!("---\n{plain}---\n{body}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "---\n# Overskriften.\ntitle: \"Bordkort\"\n# Sektor.\nsector: kommune\nlevel: topledelse\nthemes:\n  - faelles-formaal\n  - moeder\nmessages: []\ndate: 2024-01-24\n# Sidens adresse.\nslug: bordkort\n---\n## Situationen\n\nTekst.\n";

    #[test]
    fn a_save_that_changes_nothing_changes_no_byte() {
        // As Decap writes it: its own quoting and order, no comments.
        let decap = "---\nsector: kommune\ntitle: Bordkort\nlevel: topledelse\nthemes:\n- faelles-formaal\n- moeder\ndate: '2024-01-24'\nslug: bordkort\n---\n## Situationen\n\nTekst.";
        assert_eq!(merge(Kind::Case, Some(OLD), decap, None), OLD);
    }

    #[test]
    fn a_changed_field_keeps_its_comment_and_the_rest_their_text() {
        let decap = "---\ntitle: Bordkort til kaffen\nsector: region\nlevel: topledelse\nthemes: [faelles-formaal, moeder]\ndate: '2024-01-24'\nslug: bordkort\n---\n## Situationen\n\nTekst.\n";
        let merged = merge(Kind::Case, Some(OLD), decap, None);
        assert_eq!(
            merged,
            "---\n# Overskriften.\ntitle: Bordkort til kaffen\n# Sektor.\nsector: region\nlevel: topledelse\nthemes:\n  - faelles-formaal\n  - moeder\nmessages: []\ndate: 2024-01-24\n# Sidens adresse.\nslug: bordkort\n---\n## Situationen\n\nTekst.\n"
        );
    }

    #[test]
    fn keys_come_in_the_kinds_order_and_a_new_page_gets_its_slug() {
        let decap = "---\ndraft: true\nsource: kilde\ntitle: Ny case\nsummary: Kort.\n---\nTekst";
        let merged = merge(Kind::Case, None, decap, Some("ny-case"));
        assert_eq!(
            merged,
            "---\ntitle: Ny case\nsummary: Kort.\nsource: kilde\ndraft: true\nslug: ny-case\n---\nTekst\n"
        );
    }

    #[test]
    fn blocks_keep_comments_with_the_key_below() {
        let (blocks, trailing) =
            blocks("# a\ntitle: A\n\n# b\nthemes:\n- x\n  # inside\n- y\n# end\n").unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!((blocks[0].above, blocks[0].text), ("# a\n", "title: A\n"));
        assert_eq!(blocks[1].above, "\n# b\n");
        assert_eq!(blocks[1].text, "themes:\n- x\n  # inside\n- y\n");
        assert_eq!(trailing, "# end\n");
    }
}
