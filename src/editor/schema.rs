//! `handbook schema`: a JSON Schema of each kind's front matter, generated
//! from the kinds' fields ([`crate::content::fields`]) with the
//! vocabularies, sources, themes and numbers of the site filled in, so VS
//! Code (with the YAML extension) and other editors check front matter as
//! people type. `check` stays the judge; the schema is what it requires,
//! written so an editor can show it.

use serde_json::{Value, json};

use crate::config::Config;
use crate::content::Kind;
use crate::content::fields::{Field, Values, fields};
use crate::model::Library;

use super::config::{SLUG_PATTERN, collection_name};

/// The schema of `kind`'s front matter. `library` gives the site's themes
/// and numbers; without it (a site that does not load) they are any slug
/// or number.
pub fn json_schema(kind: Kind, config: &Config, library: Option<&Library>) -> Value {
    let mut properties = serde_json::Map::new();
    let mut strict = serde_json::Map::new();
    let mut required = Vec::new();
    for field in fields(kind) {
        let (lenient, published) = property(field, config, library);
        properties.insert(field.key.to_string(), lenient);
        if let Some(published) = published {
            strict.insert(field.key.to_string(), published);
        }
        if field.required {
            required.push(field.key);
        }
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("handbook:{}", collection_name(kind)),
        "title": format!("Front matter: {}", crate::site_map::label(kind).one),
        "description": "Genereret af `handbook schema` fra håndbogens felter og site.toml. En kladde (`draft: true`) må mangle felter.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
        // A draft may leave fields out or empty; a published page may not.
        "if": { "properties": { "draft": { "const": true } }, "required": ["draft"] },
        "else": { "required": required, "properties": strict },
    })
}

/// A property as a draft may have it, and, where a published page is
/// held to more (no empty value), as a published page must.
fn property(field: &Field, config: &Config, library: Option<&Library>) -> (Value, Option<Value>) {
    let at_least_one = || {
        field
            .required
            .then(|| json!({ "type": "array", "minItems": 1 }))
    };
    let (mut lenient, published) = match field.values {
        Values::Line | Values::Text => (
            json!({ "type": ["string", "null"] }),
            Some(json!({ "type": "string", "minLength": 1 })),
        ),
        Values::Slug => (json!({ "type": "string", "pattern": SLUG_PATTERN }), None),
        Values::Number { min, max } => (
            json!({ "type": ["integer", "null"], "minimum": min, "maximum": max }),
            Some(json!({ "type": "integer" })),
        ),
        Values::Vocabulary(vocabulary) => one_of(keys(vocabulary.entries(config))),
        Values::Source => one_of(keys(&config.sources)),
        Values::Themes => (list_of(theme_item(library)), at_least_one()),
        Values::Numbered(kind) => (list_of(numbered_item(kind, library)), None),
        Values::Date => (
            json!({ "type": ["string", "null"], "pattern": "^(\\d{4}-\\d{2}-\\d{2})?$" }),
            None,
        ),
        Values::Switch => (json!({ "type": "boolean" }), None),
        Values::Questions => (questions(config), at_least_one()),
        Values::Lines => (
            json!({ "type": ["array", "null"], "items": { "type": "string" } }),
            None,
        ),
        Values::Aliases => (
            json!({ "type": "array", "items": { "type": "string", "pattern": "^/([a-z0-9_.-]+/)+$" } }),
            None,
        ),
    };
    lenient["title"] = json!(field.label);
    lenient["description"] = json!(field.hint);
    (lenient, published.filter(|_| field.required))
}

fn keys<V>(m: &std::collections::BTreeMap<String, V>) -> Vec<Value> {
    m.keys().map(|k| json!(k)).collect()
}

/// `values` with what a draft may leave a field as: empty or nothing.
fn with_empty(mut values: Vec<Value>) -> Vec<Value> {
    values.extend([json!(""), Value::Null]);
    values
}

/// One of `allowed`; a draft's may also be empty.
fn one_of(allowed: Vec<Value>) -> (Value, Option<Value>) {
    (
        json!({ "enum": with_empty(allowed.clone()) }),
        Some(json!({ "enum": allowed })),
    )
}

/// A list of distinct `item`s (or nothing, in a draft).
fn list_of(item: Value) -> Value {
    json!({ "type": ["array", "null"], "items": item, "uniqueItems": true })
}

/// A theme of the site, or any slug when the site is not known.
fn theme_item(library: Option<&Library>) -> Value {
    library.map_or(
        json!({ "type": "string", "pattern": SLUG_PATTERN }),
        |l| json!({ "enum": l.themes.iter().map(|t| json!(t.entry.slug)).collect::<Vec<_>>() }),
    )
}

/// A number of the site's messages or citizen themes, or any number from 1
/// when the site is not known.
fn numbered_item(kind: Kind, library: Option<&Library>) -> Value {
    library.map_or(json!({ "type": "integer", "minimum": 1 }), |l| {
        let numbered = if kind == Kind::CitizenTheme {
            &l.citizen_themes
        } else {
            &l.messages
        };
        json!({ "enum": numbered.iter().map(|n| json!(n.number)).collect::<Vec<_>>() })
    })
}

/// Reflection questions: the editors' own as text, or a text with a source.
fn questions(config: &Config) -> Value {
    let sources = with_empty(keys(&config.sources));
    json!({
        "type": ["array", "null"],
        "items": {
            "anyOf": [
                { "type": "string", "description": "Redaktionens eget spørgsmål." },
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["text"],
                    "properties": {
                        "text": { "type": "string", "description": "Spørgsmålet." },
                        "source": { "enum": sources, "description": "Kilden (en nøgle under [sources] i site.toml); tom for redaktionens eget." },
                    },
                },
            ],
        },
    })
}

/// The file name `handbook schema --out` writes for `kind`.
pub fn file_name(kind: Kind) -> String {
    format!("{}.schema.json", collection_name(kind))
}
