//! Editors without a terminal: a new draft shows at once with what to fill
//! in, a published page does not move by accident (the last build's address
//! record, `aliases:`), the editor's files and configuration in `build`
//! only with `[editor]`, messages an editor can act on, and `handbook schema`.

use super::Fixture;

#[test]
fn a_new_draft_shows_at_once_with_what_to_fill_in() {
    let site = Fixture::new();
    let (code, stdout, stderr) = site.run(&["new", "case", "Ny case om møder"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), "content/cases/ny-case-om-moeder.md");
    // `check` accepts it: what is missing is a warning in a draft.
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    // As `serve` shows it (drafts in): its page, with the banner and the list.
    let (code, _, stderr) = site.run(&["build", "--drafts"]);
    assert_eq!(code, 0, "{stderr}");
    let page = site.read("cases/ny-case-om-moeder/index.html");
    assert!(page.contains("<strong>Kladde</strong>"), "{page}");
    for todo in [
        "<li>Resumé (summary)</li>",
        "<li>Sektor (sector)</li>",
        "<li>Ledelsesniveau (level)</li>",
        "<li>Temaer (themes)</li>",
        "<li>Kilde (source)</li>",
    ] {
        assert!(page.contains(todo), "{todo}: {page}");
    }
    // In the case list, and no filter page for the empty sector.
    assert!(site.read("cases/index.html").contains("Ny case om møder"));
    assert!(!site.root().join("public/cases/sektor/index.html").exists());
    // The published build leaves it out.
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!site.root().join("public/cases/ny-case-om-moeder").exists());
}

#[test]
fn a_published_page_that_would_move_is_an_error_until_the_old_address_is_kept() {
    let site = Fixture::new();
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        site.read(".handbook-addresses.json")
            .contains("\"content/temaer/faelles-formaal.md\": \"/temaer/faelles-formaal/\"")
    );
    // The theme has no `slug:`: a new title would move it.
    let theme = std::fs::read_to_string(site.root().join("content/temaer/faelles-formaal.md"))
        .unwrap()
        .replace("title: Fælles formål", "title: Et fælles formål");
    site.write("content/temaer/faelles-formaal.md", &theme);
    let expected = "content/temaer/faelles-formaal.md:2:1: fejl: siden skifter adresse fra /temaer/faelles-formaal/ til /temaer/et-faelles-formaal/";
    for command in ["check", "build"] {
        let (code, _, stderr) = site.run(&[command]);
        assert_eq!(code, 1, "{command}: {stderr}");
        assert!(stderr.contains(expected), "{command}: {stderr}");
        assert!(
            stderr.contains("`aliases: [\"/temaer/faelles-formaal/\"]`"),
            "{stderr}"
        );
    }
    // The old address kept as an alias: it becomes a page that sends readers on.
    site.write(
        "content/temaer/faelles-formaal.md",
        &theme.replace(
            "weight: 10\n",
            "weight: 10\naliases: [\"/temaer/faelles-formaal/\"]\n",
        ),
    );
    // (The other pages still name the theme by its old slug: keep it too.)
    let (code, _, stderr) = site.run(&["check"]);
    assert!(!stderr.contains("skifter adresse"), "{stderr}");
    let _ = code;
}

#[test]
fn an_alias_writes_a_page_that_sends_readers_on() {
    let site = Fixture::new();
    site.write(
        "content/cases/bordkort.md",
        &std::fs::read_to_string(site.root().join("content/cases/bordkort.md"))
            .unwrap()
            .replace(
                "slug: bordkort\n",
                "slug: bordkort\naliases: [\"/cases/gammelt-navn/\"]\n",
            ),
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let page = site.read("cases/gammelt-navn/index.html");
    assert!(
        page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/cases/bordkort/\">"),
        "{page}"
    );
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/cases/bordkort/\">"));
    assert!(!site.read("sitemap.xml").contains("gammelt-navn"));
    // An alias that is no address of the site is an error at its line.
    site.write(
        "content/cases/bordkort.md",
        &std::fs::read_to_string(site.root().join("content/cases/bordkort.md"))
            .unwrap()
            .replace("/cases/gammelt-navn/", "cases/../x"),
    );
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("fejl: `cases/../x` er ikke en adresse på sitet"),
        "{stderr}"
    );
}

#[test]
fn build_writes_the_editor_only_with_editor_in_site_toml() {
    let site = Fixture::new();
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!site.root().join("public/admin").exists());
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[editor]\nrepo = \"kommunen/haandbog\"\nfolder = \"site\"\n"),
    );
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let config: serde_json::Value = serde_json::from_str(&site.read("admin/config.yml")).unwrap();
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "kommunen/haandbog");
    assert_eq!(config["backend"]["branch"], "main");
    assert_eq!(config["publish_mode"], "editorial_workflow");
    assert_eq!(config["collections"][1]["folder"], "site/content/cases");
    let page = site.read("admin/index.html");
    assert!(page.contains("/admin/decap/decap-cms.js"), "{page}");
    assert!(page.contains("http-equiv=\"Content-Security-Policy\""));
    assert!(site.root().join("public/admin/decap/decap-cms.js").exists());
    // Not in the sitemap; the public pages keep their CSP-clean markup.
    assert!(!site.read("sitemap.xml").contains("/admin/"));
    // A repository that is not `owner/name` is refused at its line.
    site.write(
        "site.toml",
        &format!("{toml}\n[editor]\nrepo = \"https://github.com/x\"\n"),
    );
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("er ikke et GitHub-repository"), "{stderr}");
}

#[test]
fn the_editors_configuration_has_every_field_and_every_vocabulary_value() {
    use handbook::content::Kind;
    use handbook::content::fields::{Values, fields};
    let site = Fixture::new();
    let loaded = handbook::load_site(site.root()).expect("the fixture loads");
    let config = handbook::editor::cms_config(
        &loaded.config,
        &loaded.library,
        "",
        &handbook::editor::Backend::Local,
    );
    assert_eq!(config["locale"], "da");
    assert_eq!(config["backend"]["proxy_url"], "/__handbook/api/v1");
    let collections = config["collections"].as_array().unwrap();
    assert_eq!(collections.len(), handbook::site_map::ALL_KINDS.len());
    for (&kind, collection) in handbook::site_map::ALL_KINDS.iter().zip(collections) {
        let widgets = collection["fields"].as_array().unwrap();
        let defined: Vec<_> = fields(kind).collect();
        assert_eq!(widgets.len(), defined.len() + 1, "{kind:?}: the body last");
        assert_eq!(widgets.last().unwrap()["name"], "body");
        for (field, widget) in defined.iter().zip(widgets) {
            assert_eq!(widget["name"], field.key, "{kind:?}");
            assert_eq!(widget["label"], field.label);
            assert_eq!(widget["hint"], field.hint);
            assert_eq!(widget["required"], field.required, "{kind:?} {}", field.key);
            let values = |w: &serde_json::Value| -> Vec<serde_json::Value> {
                w["options"]
                    .as_array()
                    .map(|o| o.iter().map(|o| o["value"].clone()).collect())
                    .unwrap_or_default()
            };
            match field.values {
                Values::Vocabulary(vocabulary) => {
                    let keys: Vec<serde_json::Value> = vocabulary
                        .entries(&loaded.config)
                        .keys()
                        .map(|k| serde_json::json!(k))
                        .collect();
                    assert_eq!(widget["widget"], "select");
                    assert_eq!(values(widget), keys, "{}", field.key);
                }
                Values::Source => {
                    assert_eq!(values(widget), vec![serde_json::json!("kilde")]);
                }
                Values::Themes => {
                    assert_eq!(widget["multiple"], true);
                    assert_eq!(
                        values(widget),
                        vec![
                            serde_json::json!("faelles-formaal"),
                            serde_json::json!("moeder")
                        ]
                    );
                }
                Values::Numbered(Kind::Message) => {
                    assert_eq!(values(widget), vec![serde_json::json!(1)]);
                }
                Values::Numbered(_) => assert_eq!(values(widget), Vec::<serde_json::Value>::new()),
                Values::Date => {
                    assert_eq!(widget["widget"], "datetime");
                    assert_eq!(widget["format"], "YYYY-MM-DD");
                }
                Values::Switch => assert_eq!(widget["widget"], "boolean"),
                Values::Questions => {
                    assert_eq!(widget["fields"][0]["name"], "text");
                    assert_eq!(widget["fields"][1]["name"], "source");
                    assert_eq!(
                        values(&widget["fields"][1]),
                        vec![serde_json::json!("kilde")]
                    );
                }
                Values::Number { min, max } => {
                    assert_eq!(
                        (widget["min"].as_i64(), widget["max"].as_i64()),
                        (Some(min), Some(max))
                    );
                }
                Values::Slug => assert_eq!(widget["pattern"][0], "^[a-z0-9]+(-[a-z0-9]+)*$"),
                Values::Line | Values::Text | Values::Lines | Values::Aliases => {}
            }
        }
    }
}

#[test]
fn what_the_editor_writes_passes_check() {
    // A case as Decap writes it: its quoting, a date as text, an own
    // question as `text:` with an empty `source`, an empty date.
    let site = Fixture::new();
    site.write(
        "content/cases/fra-editoren.md",
        "---\ntitle: Fra editoren\nsummary: Skrevet i browseren.\nsector: region\nlevel: mellemledelse\nthemes:\n  - moeder\nmessages:\n  - 1\nsource: kilde\ndate: '2024-02-29'\ndraft: false\nquestions:\n  - text: Hvad gør vi nu?\n    source: ''\n  - text: Fra kilden?\n    source: kilde\nslug: fra-editoren\n---\nTekst.\n",
    );
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    site.write(
        "content/cases/uden-dato.md",
        "---\ntitle: Uden dato\nsummary: Ingen dato.\nsector: region\nlevel: mellemledelse\nthemes: [moeder]\nsource: kilde\ndate: ''\n---\nTekst.\n",
    );
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn messages_an_editor_can_act_on() {
    let site = Fixture::new();
    let case = |front: &str| {
        format!(
            "---\ntitle: A\nslug: a\nsummary: \"S.\"\nsector: kommune\nlevel: topledelse\nthemes: [moeder]\nsource: kilde\n{front}---\nTekst.\n"
        )
    };
    // A list item one step too far in: the line, and "indrykning".
    site.write(
        "content/cases/a.md",
        &case("questions:\n  - \"En?\"\n   - \"To?\"\n"),
    );
    let (_, _, stderr) = site.run(&["check"]);
    assert!(stderr.contains("content/cases/a.md:11:"), "{stderr}");
    assert!(stderr.contains("indrykning"), "{stderr}");
    // A question of another shape: named, with the forms accepted.
    site.write(
        "content/cases/a.md",
        &case("questions:\n  - text: \"En?\"\n    kilde: kilde\n"),
    );
    let (_, _, stderr) = site.run(&["check"]);
    assert!(stderr.contains("ikke feltet `kilde`"), "{stderr}");
    assert!(stderr.contains("`source: NØGLE`"), "{stderr}");
    assert!(!stderr.contains("untagged"), "{stderr}");
    // No month 13.
    site.write("content/cases/a.md", &case("date: 2024-13-01\n"));
    let (_, _, stderr) = site.run(&["check"]);
    assert!(stderr.contains("måned 13"), "{stderr}");
    // One warning is "1 advarsel".
    site.write("content/cases/a.md", &case(""));
    let (code, stdout, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(!all.contains("1 advarsler"), "{all}");
}

#[test]
fn schema_describes_each_kind_with_its_vocabularies() {
    let site = Fixture::new();
    let (code, stdout, stderr) = site.run(&["schema", "case"]);
    assert_eq!(code, 0, "{stderr}");
    let schema: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    // A draft may leave a field empty; a published case may not.
    assert_eq!(
        schema["properties"]["sector"]["enum"],
        serde_json::json!(["kommune", "region", "", null])
    );
    assert_eq!(
        schema["else"]["properties"]["sector"]["enum"],
        serde_json::json!(["kommune", "region"])
    );
    assert_eq!(
        schema["properties"]["themes"]["items"]["enum"],
        serde_json::json!(["faelles-formaal", "moeder"])
    );
    assert!(
        schema["else"]["required"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("sector"))
    );
    assert_eq!(
        schema["properties"]["date"]["pattern"],
        "^(\\d{4}-\\d{2}-\\d{2})?$"
    );
    let (code, _, stderr) = site.run(&["schema", "--out", "skemaer"]);
    assert_eq!(code, 0, "{stderr}");
    for kind in [
        "cases",
        "temaer",
        "budskaber",
        "borgertemaer",
        "vaerktoejer",
        "sider",
    ] {
        assert!(
            site.root()
                .join(format!("skemaer/{kind}.schema.json"))
                .exists(),
            "{kind}"
        );
    }
}

#[test]
fn the_editors_save_is_checked_like_check_and_merged_into_the_file() {
    use handbook::serve::admin_api::handle;
    let site = Fixture::new();
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let save = |path: &str, raw: &str| {
        let body = serde_json::json!({"action": "persistEntry", "params": {"dataFiles": [{"path": path, "raw": raw}], "assets": []}});
        handle(site.root(), body.to_string().as_bytes())
    };
    // A new title on a published page without `slug:` would move it: refused, nothing written.
    let file = site.root().join("content/temaer/faelles-formaal.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let moved = before.replace("title: Fælles formål", "title: Et fælles formål");
    let err = save("content/temaer/faelles-formaal.md", &moved).unwrap_err();
    assert_eq!(err.status, 422);
    assert!(
        err.message
            .contains("siden skifter adresse fra /temaer/faelles-formaal/"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("Din tekst er ikke tabt"),
        "{}",
        err.message
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    // The same save with the old address kept is written.
    let kept = moved.replace("weight: 10\n", "weight: 10\nslug: faelles-formaal\n");
    save("content/temaer/faelles-formaal.md", &kept).unwrap();
    let now = std::fs::read_to_string(&file).unwrap();
    assert!(now.contains("title: Et fælles formål\n"), "{now}");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    // A save of the same text changes no byte.
    save("content/temaer/faelles-formaal.md", &now).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), now);
}
