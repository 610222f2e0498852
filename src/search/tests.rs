//! The index as a whole: pages in, files out.

use super::*;
use std::path::Path;

fn config() -> Config {
    let text = r#"
title = "T"
base_url = "https://example.org/sub/"
accessibility_statement = "/tilgaengelighed/"
[vocabularies]
sector = { kommune = "Kommune" }
level = { topledelse = "Topledelse" }
[search]
synonyms = [["personale", "medarbejdere"]]
"#;
    Config::parse(text, Path::new("site.toml")).expect("config")
}

fn page(path: &str, kind: &str, title: &str, body: &str) -> Output {
    let html = format!(
        "<html><body><main><article data-pagefind-body data-pagefind-filter=\"type:{kind}\">\
         <h1>{title}</h1><h2 id=\"a\">Afsnit</h2><p>{body}</p></article></main></body></html>"
    );
    Output {
        path: path.into(),
        bytes: html.into_bytes(),
    }
}

/// Sorted by path, as the build hands them over.
fn site() -> Vec<Output> {
    let mut outputs = vec![
        page(
            "cases/a/index.html",
            "Case",
            "Ledelsesgrupper",
            "Møderne i gruppen.",
        ),
        page(
            "om/index.html",
            "Side",
            "Om håndbogen",
            "Ledelsesgrupper og møder.",
        ),
        page(
            "temaer/t/index.html",
            "Tema",
            "Tillid",
            "Ledelse, medarbejdere og grupper mødes.",
        ),
        page("cases/index.html", "Case", "x", "y"),
        Output {
            path: "style.css".into(),
            bytes: b"x".to_vec(),
        },
    ];
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    outputs
}

fn file(files: &[Output], path: &str) -> serde_json::Value {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path}"));
    serde_json::from_slice(&f.bytes).expect("json")
}

#[test]
fn forms_map_to_stems_in_their_shard_and_inflections_share_postings() {
    let files = index(&site(), &config()).unwrap();
    let shard = file(&files, "soeg-indeks/ord/m_f8_.json");
    let stem = shard["f"]["møderne"][0].as_str().unwrap().to_string();
    assert_eq!(shard["f"]["møder"][0], stem.as_str());
    // Inline list: deltas, scores, sections.
    let list = &shard["s"][&stem][1];
    assert_eq!(list[0].as_array().unwrap().len(), 3, "{list}");
    let meta = file(&files, "soeg-indeks/indeks.json");
    assert!(meta["ord"].as_array().unwrap().contains(&"m_f8_".into()));
    assert_eq!(meta["sider"], 4);
}

#[test]
fn content_ranks_above_free_pages_and_compounds_and_synonyms_are_found() {
    let files = index(&site(), &config()).unwrap();
    let shard = file(&files, "soeg-indeks/ord/le.json");
    let stem = shard["f"]["ledelsesgrupper"][0].as_str().unwrap();
    let list = &shard["s"][stem][1];
    // Pages in path order: cases/a (0), cases (1), om (2), temaer/t (3).
    assert_eq!(list[0], serde_json::json!([0, 2]));
    let scores = list[1].as_array().unwrap();
    assert!(scores[0].as_u64() > scores[1].as_u64(), "{list}");
    // `grupper` is a part of `ledelsesgrupper` and a word of its own.
    let gr = file(&files, "soeg-indeks/ord/gr.json");
    let stem = gr["f"]["grupper"][0].as_str().unwrap();
    assert_eq!(gr["s"][stem][0], 3, "all three pages that have it");
    // `personale` is on no page but finds the synonym's page.
    let pe = file(&files, "soeg-indeks/ord/pe.json");
    assert_eq!(pe["f"]["personale"][1], 0);
    let stem = pe["f"]["personale"][0].as_str().unwrap();
    assert_eq!(pe["s"][stem][1][0], serde_json::json!([3]));
}

#[test]
fn result_data_and_filters_are_separate_and_bytes_are_stable() {
    let files = index(&site(), &config()).unwrap();
    let pages = file(&files, "soeg-indeks/sider/0.json");
    assert_eq!(pages[0][0], "/sub/cases/a/");
    assert_eq!(
        pages[0][4][0],
        serde_json::json!(["a", "Afsnit", "Møderne i gruppen."])
    );
    let kinds = file(&files, "soeg-indeks/filtre-type.json");
    assert_eq!(kinds["Case"], serde_json::json!([0, 1]));
    assert_eq!(kinds["Side"], serde_json::json!([2]));
    assert_eq!(index(&site(), &config()).unwrap(), files);
}

#[test]
fn an_incremental_index_gives_the_bytes_of_a_fresh_one() {
    let mut indexer = Indexer::incremental();
    let mut outputs = site();
    indexer.index(&outputs, &config()).unwrap();
    outputs[0] = page("cases/a/index.html", "Case", "Bordkort", "Nye ord.");
    let again = indexer.index(&outputs, &config()).unwrap();
    assert_eq!(again, index(&outputs, &config()).unwrap());
    assert_eq!(indexer.index(&outputs, &config()).unwrap(), again);
}
