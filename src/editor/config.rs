//! The editor's configuration (Decap CMS's `config.yml`, written as JSON,
//! which YAML reads), generated from `site.toml` and the kinds' fields
//! ([`crate::content::fields`]): never written by hand.

use serde_json::{Value, json};

use crate::config::Config;
use crate::content::Kind;
use crate::content::fields::{Field, Values, fields};
use crate::model::Library;
use crate::site_map;

/// Where the editor saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// `handbook serve`'s own local API (no login, writes the files of the
    /// site folder), at `api_path`.
    Local,
    /// GitHub, through pull requests (`[editor]` in `site.toml`).
    GitHub(crate::config::EditorConfig),
}

/// A slug: what `check` accepts in `slug:` (lower-case words of a-z and digits).
pub(crate) const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// A date as the CMS writes it and `check` reads it.
pub(crate) const DATE_FORMAT: &str = "YYYY-MM-DD";

/// The path of `serve`'s local API for a site under `base_path`.
pub(crate) fn api_path(base_path: &str) -> String {
    format!("{base_path}/{}/api/v1", crate::site_map::PREVIEW_DIR)
}

/// The configuration for `config` and the site `library` (served under
/// `base_path`), saving to `backend`.
pub fn cms_config(config: &Config, library: &Library, base_path: &str, backend: &Backend) -> Value {
    let prefix = match backend {
        Backend::GitHub(editor) if !editor.folder.is_empty() => {
            format!("{}/", editor.folder.trim_matches('/'))
        }
        _ => String::new(),
    };
    let collections: Vec<Value> = site_map::ALL_KINDS
        .iter()
        .map(|&kind| collection(kind, config, library, &prefix))
        .collect();
    let mut root = json!({
        "locale": "da",
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": format!("{prefix}content"),
        "public_folder": "",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
    });
    root["backend"] = match backend {
        Backend::Local => {
            json!({ "name": "proxy", "proxy_url": api_path(base_path), "branch": "main" })
        }
        Backend::GitHub(editor) => {
            let mut github = json!({
                "name": "github",
                "repo": editor.repo,
                "branch": editor.branch,
                "commit_messages": {
                    "create": "Ny {{collection}}: {{slug}}",
                    "update": "Ret {{collection}}: {{slug}}",
                    "delete": "Slet {{collection}}: {{slug}}",
                    "uploadMedia": "Billede: {{path}}",
                    "deleteMedia": "Slet billede: {{path}}",
                },
            });
            if !editor.auth_url.is_empty() {
                github["base_url"] = json!(editor.auth_url);
            }
            github
        }
    };
    if matches!(backend, Backend::GitHub(_)) {
        // Every save becomes a pull request that CI checks before it is merged.
        root["publish_mode"] = json!("editorial_workflow");
    }
    root
}

/// The editor's name of `kind`'s collection.
pub fn collection_name(kind: Kind) -> &'static str {
    match site_map::folder(kind) {
        "" => "sider",
        folder => folder,
    }
}

/// One collection: the kind's folder, its fields, the body.
fn collection(kind: Kind, config: &Config, library: &Library, prefix: &str) -> Value {
    let label = site_map::label(kind);
    let folder = site_map::folder(kind);
    let name = collection_name(kind);
    let path = if folder.is_empty() {
        format!("{prefix}content")
    } else {
        format!("{prefix}content/{folder}")
    };
    let mut fields: Vec<Value> = fields(kind).map(|f| widget(f, config, library)).collect();
    fields.push(json!({
        "name": "body",
        "label": "Tekst",
        "widget": "markdown",
        "required": false,
        "hint": "Sidens tekst i Markdown: ## foran en overskrift, - foran et punkt, [tekst](../temaer/navn.md) for et link. Billeder lægges ved siden af filen.",
        // Markdown as written: Decap's rich-text mode writes the body anew
        // (escapes `{#anker}`, changes list markers), so a save would change
        // text nobody touched.
        "modes": ["raw"],
    }));
    json!({
        "name": name,
        "label": label.many,
        "label_singular": label.one,
        "folder": path,
        "extension": "md",
        "format": "frontmatter",
        "create": true,
        "delete": true,
        "identifier_field": "title",
        "slug": "{{slug}}",
        "summary": "{{title}}",
        "media_folder": "",
        "public_folder": "",
        "sortable_fields": ["title"],
        "editor": { "preview": false },
        "fields": fields,
    })
}

/// A `{label, value}` option list.
fn options(pairs: impl IntoIterator<Item = (String, Value)>) -> Vec<Value> {
    pairs
        .into_iter()
        .map(|(label, value)| json!({ "label": label, "value": value }))
        .collect()
}

/// The widget of one field.
fn widget(field: &Field, config: &Config, library: &Library) -> Value {
    let mut w = match field.values {
        Values::Line => json!({ "widget": "string" }),
        Values::Text => json!({ "widget": "text" }),
        Values::Slug => json!({
            "widget": "string",
            "pattern": [SLUG_PATTERN, "Kun små bogstaver a-z, tal og bindestreg mellem ordene, fx bordkort-til-kaffen"],
        }),
        Values::Number { min, max } => {
            json!({ "widget": "number", "value_type": "int", "min": min, "max": max })
        }
        Values::Vocabulary(vocabulary) => json!({
            "widget": "select",
            "options": options(vocabulary.entries(config).iter().map(|(k, l)| (l.clone(), json!(k)))),
        }),
        Values::Source => json!({
            "widget": "select",
            "options": options(config.sources.iter().map(|(k, s)| (s.title.clone(), json!(k)))),
        }),
        Values::Themes => json!({
            "widget": "select",
            "multiple": true,
            "options": options(library.themes.iter().map(|t| (t.entry.title.clone(), json!(t.entry.slug)))),
        }),
        Values::Numbered(kind) => {
            let numbered = match kind {
                Kind::CitizenTheme => &library.citizen_themes,
                _ => &library.messages,
            };
            json!({
                "widget": "select",
                "multiple": true,
                "options": options(numbered.iter().map(|n| (format!("{}. {}", n.number, n.entry.title), json!(n.number)))),
            })
        }
        Values::Date => json!({
            "widget": "datetime",
            "format": DATE_FORMAT,
            "date_format": DATE_FORMAT,
            "time_format": false,
            "picker_utc": true,
            "default": "",
        }),
        Values::Switch => json!({ "widget": "boolean", "default": false }),
        Values::Questions => json!({
            "widget": "list",
            "label_singular": "spørgsmål",
            "summary": "{{fields.text}}",
            "fields": [
                { "name": "text", "label": "Tekst", "widget": "string", "hint": "Spørgsmålet." },
                {
                    "name": "source", "label": "Kilde", "widget": "select", "required": false,
                    "hint": "Kilden, spørgsmålet er taget fra; tom, når det er redaktionens eget.",
                    "options": options(config.sources.iter().map(|(k, s)| (s.title.clone(), json!(k)))),
                },
            ],
        }),
        Values::Lines => json!({
            "widget": "list",
            "field": { "name": "tekst", "label": "Tekst", "widget": "string" },
        }),
        Values::Aliases => json!({
            "widget": "list",
            "field": { "name": "adresse", "label": "Adresse", "widget": "string" },
        }),
    };
    w["name"] = json!(field.key);
    w["label"] = json!(field.label);
    w["hint"] = json!(field.hint);
    w["required"] = json!(field.required);
    w
}
