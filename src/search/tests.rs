//! The index as a whole: pages in, files out.

use super::*;
use std::path::Path;

use super::words::{shard_key, stem};

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
        "<html><body><main><article data-search-body data-search-filter=\"type:{kind}\">\
         <h1>{title}</h1><h2 id=\"a\">Afsnit</h2><p>{body}</p></article></main></body></html>"
    );
    html_page(path, html)
}

/// A page given as HTML, as render makes it: its bytes, and what search may
/// find of it as the templates mark it (the reading the model is held to).
fn html_page(path: &str, html: String) -> Output {
    let searchable = extract::extract(html.as_bytes(), &url_of("/sub", path)).map(Arc::new);
    Output {
        path: path.into(),
        bytes: html.into_bytes(),
        searchable,
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
            searchable: None,
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
    if path.ends_with(".gz") {
        use std::io::Read;
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&f.bytes[..])
            .read_to_end(&mut text)
            .expect("gzip");
        return serde_json::from_slice(&text).expect("json");
    }
    serde_json::from_slice(&f.bytes).expect("json")
}

/// A word's entry in the lookup file of its stem: `[stem, forms of the
/// stem, [count, list] or [count, name, first part] or null]`.
fn lookup(files: &[Output], word: &str) -> serde_json::Value {
    let meta = file(files, "soeg-indeks/indeks.json");
    let count = meta["opslag"].as_u64().unwrap() as usize;
    let key = stem(word);
    let path = layout::lookup_path(layout::lookup_of(&key, count));
    file(files, &path)[key.as_ref()].clone()
}

#[test]
fn forms_map_to_stems_in_their_shard_and_inflections_share_postings() {
    let files = index(&site(), &config()).unwrap();
    let shard = file(&files, "soeg-indeks/ord/m_f8_.json");
    let stem = shard["f"]["møderne"][0].as_str().unwrap().to_string();
    assert_eq!(shard["f"]["møder"][0], stem.as_str());
    // Each form's lookup entry: the stem, its forms, its list (inline:
    // deltas, scores, sections).
    let entry = lookup(&files, "møderne");
    assert_eq!(entry, lookup(&files, "møder"));
    assert_eq!(entry[0], stem.as_str());
    assert_eq!(entry[1], serde_json::json!(["møder", "møderne", "mødes"]));
    let list = &entry[2][1];
    assert_eq!(list[0].as_array().unwrap().len(), 3, "{list}");
    let meta = file(&files, "soeg-indeks/indeks.json");
    assert!(meta["ord"].as_array().unwrap().contains(&"m_f8_".into()));
    assert_eq!(meta["sider"], 4);
    // Every lookup file exists, even one no form falls in.
    let count = meta["opslag"].as_u64().unwrap() as usize;
    assert!(count.is_power_of_two());
    for n in 0..count {
        file(&files, &layout::lookup_path(n));
    }
}

#[test]
fn a_form_s_lookup_file_is_its_hash_as_the_browser_computes_it() {
    // FNV-1a of the UTF-8 bytes; search.js `lookup` computes the same
    // (values from a reference implementation).
    assert_eq!(layout::lookup_of("", 1 << 31), 0x811c_9dc5 & 0x7fff_ffff);
    assert_eq!(layout::lookup_of("a", 1 << 31), 0xe40c_292c & 0x7fff_ffff);
    assert_eq!(layout::lookup_of("møde", 1024), fnv("møde") & 1023);
}

fn fnv(text: &str) -> usize {
    text.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    }) as usize
}

#[test]
fn content_ranks_above_free_pages_and_compounds_and_synonyms_are_found() {
    let files = index(&site(), &config()).unwrap();
    let list = &lookup(&files, "ledelsesgrupper")[2][1];
    // Pages in path order: cases/a (0), cases (1), om (2), temaer/t (3).
    assert_eq!(list[0], serde_json::json!([0, 2]));
    let scores = list[1].as_array().unwrap();
    assert!(scores[0].as_u64() > scores[1].as_u64(), "{list}");
    // `grupper` is a part of `ledelsesgrupper` and a word of its own.
    assert_eq!(
        lookup(&files, "grupper")[2][0],
        3,
        "all three pages that have it"
    );
    // `personale` is on no page but finds the synonym's page.
    let pe = file(&files, "soeg-indeks/ord/pe.json");
    assert_eq!(pe["f"]["personale"][1], 0);
    assert_eq!(lookup(&files, "personale")[2][1][0], serde_json::json!([3]));
}

#[test]
fn result_data_and_filters_are_separate_and_bytes_are_stable() {
    let files = index(&site(), &config()).unwrap();
    let pages = file(&files, "soeg-indeks/sider/0.json.gz");
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

/// `n` pages that all say "ledelse", a few in the title (they score highest).
fn common_word_site(n: usize) -> Vec<Output> {
    (0..n)
        .map(|i| {
            let title = if i % 50 == 7 { "Ledelse" } else { "Side" };
            let body = format!("{} tekst nummer{i}", "ledelse ".repeat(i % 5 + 1));
            page(&format!("cases/p{i:04}/index.html"), "Case", title, &body)
        })
        .collect()
}

/// Page ids and scores of a `[deltas, scores, sections]` list.
fn entries(list: &serde_json::Value) -> Vec<(u64, u64)> {
    let mut doc = 0;
    let deltas = list[0].as_array().unwrap();
    let scores = list[1].as_array().unwrap();
    deltas
        .iter()
        .zip(scores)
        .map(|(d, s)| {
            doc += d.as_u64().unwrap();
            (doc, s.as_u64().unwrap())
        })
        .collect()
}

fn unbase64(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

#[test]
fn a_common_words_entry_holds_its_best_pages_whole_and_the_rest_as_levels() {
    let n = layout::HEAD + 60;
    let outputs = common_word_site(n);
    let mut indexer = Indexer::incremental();
    let files = indexer.index(&outputs, &config()).unwrap();
    let entry = lookup(&files, "ledelse");
    assert_eq!(entry[2][0], n);
    let head = &entry[2][1];
    let head_entries = entries(&head["h"]);
    assert_eq!(head_entries.len(), layout::HEAD);
    // The whole list, from the index's own postings.
    let state = indexer.state.as_ref().unwrap();
    let whole = &state.postings[stem("ledelse").as_ref()];
    let rest: Vec<_> = whole
        .iter()
        .filter(|p| !head_entries.iter().any(|e| e.0 == u64::from(p.doc)))
        .collect();
    assert_eq!(head_entries.len() + rest.len(), n);
    // Every head page scores at least as much as any other; the bound is the rest's best.
    let best_rest = rest.iter().map(|p| p.score).max().unwrap();
    assert_eq!(head["t"], best_rest);
    assert!(
        head_entries.iter().all(|e| e.1 >= u64::from(best_rest)),
        "{head}"
    );
    // The pages with the word in their title are all in the head.
    for i in (7..n).step_by(50) {
        assert!(head_entries.iter().any(|e| e.0 == i as u64), "page {i}");
    }
    // The bitmap names exactly the pages of the rest, and each has its level.
    let bits = unbase64(head["m"].as_str().unwrap());
    let members: Vec<u64> = (0..bits.len() * 8)
        .filter(|i| bits[i / 8] & (1 << (i % 8)) != 0)
        .map(|i| i as u64)
        .collect();
    let rest_docs: Vec<u64> = rest.iter().map(|p| u64::from(p.doc)).collect();
    assert_eq!(members, rest_docs);
    let levels = unbase64(head["q"].as_str().unwrap());
    let want: Vec<u8> = rest
        .iter()
        .map(|p| layout::level(p.score, best_rest))
        .collect();
    assert_eq!(levels, want);
    assert!(levels.contains(&255) && !levels.contains(&0));
    assert!(
        !files.iter().any(|f| f.path.contains("/post/")),
        "no other file"
    );
}

#[test]
fn a_list_no_longer_than_the_head_is_whole() {
    let files = index(&common_word_site(layout::HEAD), &config()).unwrap();
    let whole = &lookup(&files, "ledelse")[2][1];
    assert_eq!(entries(whole).len(), layout::HEAD);
}

/// The common-word site of `n` pages, indexed by an incremental indexer.
fn indexed(n: usize) -> (Vec<Output>, Indexer) {
    let outputs = common_word_site(n);
    let mut indexer = Indexer::incremental();
    indexer.index(&outputs, &config()).unwrap();
    (outputs, indexer)
}

/// Edits page `i` of the common-word site, re-indexes, and checks the bytes
/// against a fresh index.
fn edit(outputs: &mut [Output], indexer: &mut Indexer, i: usize, title: &str, body: &str) {
    let kind = if title == "Ledelse" { "Side" } else { "Case" };
    outputs[i] = page(&format!("cases/p{i:04}/index.html"), kind, title, body);
    let again = indexer.index(outputs, &config()).unwrap();
    assert_eq!(again, index(outputs, &config()).unwrap());
}

#[test]
fn an_edit_that_keeps_the_vocabulary_rescores_only_its_stems_with_the_bytes_of_a_fresh_index() {
    let (mut outputs, mut indexer) = indexed(300);
    // Page 3 ("ledelse" ×4 "tekst nummer3"): the same number of words, all
    // used elsewhere; "nummer4" is now on two pages (its frequency changes).
    let body = "tekst tekst tekst ledelse nummer3 nummer4";
    edit(&mut outputs, &mut indexer, 3, "Side", body);
    assert_eq!(indexer.full_runs, 1, "the edit took the short way");
    // Another page becomes a free page, and page 3 is as it was again.
    edit(
        &mut outputs,
        &mut indexer,
        200,
        "Ledelse",
        "ledelse tekst nummer200",
    );
    let body = "ledelse ledelse ledelse ledelse tekst nummer3";
    edit(&mut outputs, &mut indexer, 3, "Side", body);
    // Longer: every page's scores may move, but no word is new.
    edit(
        &mut outputs,
        &mut indexer,
        5,
        "Side",
        "ledelse tekst tekst nummer5 nummer9 tekst",
    );
    assert_eq!(indexer.full_runs, 1);
}

#[test]
fn an_edit_with_a_new_word_is_taken_in_without_the_site_wide_steps() {
    let (mut outputs, mut indexer) = indexed(300);
    let body = "ledelse ledelse bordkortene tekst nummer3";
    edit(&mut outputs, &mut indexer, 3, "Side", body);
    // And gone again.
    edit(
        &mut outputs,
        &mut indexer,
        3,
        "Side",
        "ledelse tekst nummer3",
    );
    assert_eq!(indexer.full_runs, 1);
}

/// The next number of a simple generator (the same edits on every run).
pub(super) fn next_random(seed: u64) -> u64 {
    seed.wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407)
}

/// Asserts that `got` and `want` are the same files, naming the first that differs.
fn same_files(got: &[Output], want: &[Output], what: &str) {
    let text = |o: Option<&Output>| {
        o.map(|o| {
            String::from_utf8_lossy(&o.bytes)
                .chars()
                .take(600)
                .collect::<String>()
        })
    };
    let paths: BTreeSet<&str> = got.iter().chain(want).map(|o| o.path.as_str()).collect();
    for path in paths {
        let a = got.iter().find(|o| o.path == path);
        let b = want.iter().find(|o| o.path == path);
        assert!(
            a.map(|o| &o.bytes) == b.map(|o| &o.bytes),
            "{what}: {path} differs\n got: {:?}\nwant: {:?}",
            text(a),
            text(b)
        );
    }
}

/// Words that make and break compounds, synonyms, and words of their own.
const POOL: [&str; 16] = [
    "ledelse",
    "grupper",
    "ledelsesgrupper",
    "bordkort",
    "bordkortene",
    "forskning",
    "aktionsforskning",
    "ledelsesforskning",
    "forskningsprojekter",
    "aktion",
    "personale",
    "medarbejdere",
    "tillid",
    "tillidsbaseret",
    "baseret",
    "møder",
];

#[test]
fn words_that_come_and_go_give_the_bytes_of_a_fresh_index() {
    let n = layout::HEAD + 40;
    let mut outputs = common_word_site(n);
    let mut indexer = Indexer::incremental();
    let mut files = applied(&[], indexer.changes(&outputs, &config()).unwrap());
    let mut seed = 3u64;
    for round in 0..80 {
        seed = next_random(seed);
        let i = (seed >> 33) as usize % 12;
        let mut body: Vec<String> = (0..(seed >> 61) as usize + 1)
            .map(|k| POOL[(seed >> (5 + 4 * k)) as usize % POOL.len()].to_string())
            .collect();
        // Now and then a word no page had (and later has no more).
        if (seed >> 50).is_multiple_of(3) {
            body.push(format!("zyxord{}", round % 4));
        }
        body.push(format!("ledelse tekst nummer{i}"));
        outputs[i] = page(
            &format!("cases/p{i:04}/index.html"),
            "Case",
            "Side",
            &body.join(" "),
        );
        let html = vec![(outputs[i].path.as_str(), outputs[i].searchable.as_ref())];
        let changes = indexer.changes_for(html, &config()).expect("a known page");
        files = applied(&files, changes);
        same_files(
            &files,
            &index(&outputs, &config()).unwrap(),
            &format!("round {round}: {}", body.join(" ")),
        );
    }
    assert_eq!(indexer.full_runs, 1, "no site-wide run");
}

#[test]
fn changed_stop_words_analyse_every_page_again() {
    let (outputs, mut indexer) = indexed(10);
    let mut other = config();
    other.search.stop_words = vec!["tekst".to_string()];
    let again = indexer.index(&outputs, &other).unwrap();
    assert_eq!(again, index(&outputs, &other).unwrap());
    assert_ne!(again, index(&outputs, &config()).unwrap());
}

/// The files of `before` with `changes` applied, as `serve` applies them.
fn applied(before: &[Output], changes: Changes) -> Vec<Output> {
    let mut files: BTreeMap<String, Vec<u8>> = if changes.complete {
        BTreeMap::new()
    } else {
        before
            .iter()
            .map(|o| (o.path.clone(), o.bytes.clone()))
            .collect()
    };
    for path in &changes.removed {
        assert!(files.remove(path).is_some(), "{path} was not there");
    }
    for o in changes.files {
        files.insert(o.0, o.1.to_vec());
    }
    files
        .into_iter()
        .map(|(path, bytes)| Output {
            path,
            bytes,
            searchable: None,
        })
        .collect()
}

#[test]
fn changes_applied_to_the_last_index_give_a_fresh_index() {
    let mut outputs = common_word_site(300);
    let mut indexer = Indexer::incremental();
    let first = indexer.changes(&outputs, &config()).unwrap();
    assert!(first.complete);
    let mut files = applied(&[], first);
    assert_eq!(files, index(&outputs, &config()).unwrap());
    let edits = [
        // Longer, no new word; then a free page; then shorter again.
        (5, "Side", "ledelse tekst tekst nummer5 nummer9 tekst"),
        (200, "Ledelse", "ledelse tekst nummer200"),
        (5, "Side", "ledelse nummer5"),
        // A word the site never used.
        (8, "Side", "ledelse bordkortene nummer8"),
        // And that word gone again.
        (8, "Side", "ledelse nummer8"),
    ];
    for (i, title, body) in edits {
        let kind = if title == "Ledelse" { "Side" } else { "Case" };
        outputs[i] = page(&format!("cases/p{i:04}/index.html"), kind, title, body);
        let changes = indexer.changes(&outputs, &config()).unwrap();
        assert!(!changes.complete, "{body}");
        files = applied(&files, changes);
        assert_eq!(files, index(&outputs, &config()).unwrap(), "{body}");
    }
    assert_eq!(indexer.full_runs, 1);
    // Nothing edited: nothing to hand over.
    assert_eq!(
        indexer.changes(&outputs, &config()).unwrap(),
        Changes::default()
    );
}

#[test]
fn a_longer_page_changes_only_the_files_of_its_own_words() {
    let mut outputs = common_word_site(300);
    // A word on other pages only: its list must not be written again.
    outputs[1] = page(
        "cases/p0001/index.html",
        "Case",
        "Side",
        "ledelse tekst bordkort",
    );
    outputs[2] = page(
        "cases/p0002/index.html",
        "Case",
        "Side",
        "ledelse tekst bordkort",
    );
    let mut indexer = Indexer::incremental();
    indexer.changes(&outputs, &config()).unwrap();
    let body = format!("{} nummer5 nummer9", "tekst ".repeat(40));
    outputs[5] = page("cases/p0005/index.html", "Case", "Side", &body);
    let changes = indexer.changes(&outputs, &config()).unwrap();
    assert!(!changes.complete);
    let paths: Vec<&str> = changes.files.iter().map(|f| f.0.as_str()).collect();
    assert!(paths.contains(&"soeg-indeks/sider/5.json.gz"), "{paths:?}");
    let bordkort = stem("bordkort");
    let shard = format!(
        "soeg-indeks/ord/{}.json",
        words::file_name(&shard_key(&bordkort))
    );
    assert!(!paths.contains(&shard.as_str()), "{paths:?}");
    // The lookup files written are those of the page's old and new words.
    let meta = file(
        &index(&outputs, &config()).unwrap(),
        "soeg-indeks/indeks.json",
    );
    let count = meta["opslag"].as_u64().unwrap() as usize;
    let words_of_page = ["side", "afsnit", "ledelse", "tekst", "nummer5", "nummer9"];
    let theirs: Vec<String> = words_of_page
        .iter()
        .map(|w| layout::lookup_path(layout::lookup_of(&stem(w), count)))
        .collect();
    let lookups: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| p.contains("/opslag/"))
        .collect();
    assert!(!lookups.is_empty());
    for p in &lookups {
        assert!(theirs.iter().any(|t| t == p), "{p} in {paths:?}");
    }
    assert!(paths.len() - lookups.len() < 10, "{paths:?}");
    assert!(!changes.added, "no new file");
}

/// A page of the common-word site with `reps` × "ledelse" and `filler` ×
/// "tekst": more or fewer uses and a longer or shorter body move it
/// between a list's best pages and the rest, and change the rest's bound.
fn varied_page(i: usize, reps: usize, filler: usize, title: &str) -> Output {
    let kind = if title == "Ledelse" { "Side" } else { "Case" };
    let body = format!(
        "{}{}nummer{i}",
        "ledelse ".repeat(reps),
        "tekst ".repeat(filler)
    );
    page(&format!("cases/p{i:04}/index.html"), kind, title, &body)
}

#[test]
fn the_edited_pages_alone_give_the_bytes_of_a_fresh_index() {
    let n = layout::HEAD + 100;
    // Bodies of many lengths: pages score apart, close around the head's edge.
    let title = |i: usize| if i % 50 == 7 { "Ledelse" } else { "Side" };
    let mut outputs: Vec<Output> = (0..n)
        .map(|i| varied_page(i, i % 5 + 1, i % 89, title(i)))
        .collect();
    let mut indexer = Indexer::incremental();
    let mut files = applied(&[], indexer.changes(&outputs, &config()).unwrap());
    let mut seed = 7u64;
    for round in 0..80 {
        seed = next_random(seed);
        let i = (seed >> 33) as usize % n;
        let title = if (seed >> 45).is_multiple_of(7) {
            "Ledelse"
        } else {
            "Side"
        };
        outputs[i] = varied_page(
            i,
            (seed >> 20) as usize % 8,
            (seed >> 10) as usize % 4,
            title,
        );
        let html = vec![(outputs[i].path.as_str(), outputs[i].searchable.as_ref())];
        let changes = indexer
            .changes_for(html, &config())
            .expect("a known page with known words");
        files = applied(&files, changes);
        assert_eq!(files, index(&outputs, &config()).unwrap(), "round {round}");
    }
    // The rest's best page scores lower: the bound in the first file follows.
    let rest = |indexer: &Indexer| {
        let whole = &indexer.state.as_ref().unwrap().postings[stem("ledelse").as_ref()];
        let mut ranked: Vec<(u32, u32)> = whole.iter().map(|p| (p.score, p.doc)).collect();
        ranked.sort_by_key(|&(score, doc)| (std::cmp::Reverse(score), doc));
        (ranked[layout::HEAD].1, ranked[layout::HEAD].0)
    };
    let (best, _) = rest(&indexer);
    let i = best as usize;
    outputs[i] = varied_page(i, 1, 89, "Side");
    let html = vec![(outputs[i].path.as_str(), outputs[i].searchable.as_ref())];
    files = applied(&files, indexer.changes_for(html, &config()).unwrap());
    assert_eq!(
        files,
        index(&outputs, &config()).unwrap(),
        "the rest's best page lower"
    );
    assert_ne!(rest(&indexer).0, best);
    assert_eq!(indexer.full_runs, 1, "no site-wide run");
    let patches = indexer.state.as_ref().map_or(0, |s| s.layout.patches);
    assert!(
        patches >= 10,
        "{patches} entries with levels patched, not made anew"
    );
    // The next whole pass finds nothing left to do.
    assert_eq!(
        indexer.changes(&outputs, &config()).unwrap(),
        Changes::default()
    );
}

#[test]
fn the_edited_pages_alone_are_refused_for_an_unknown_page() {
    let (outputs, mut indexer) = indexed(10);
    let other = page("cases/ny/index.html", "Case", "Ny", "ledelse");
    let html = vec![(other.path.as_str(), other.searchable.as_ref())];
    assert!(indexer.changes_for(html, &config()).is_none());
    // An unchanged page: nothing to hand over.
    let html = vec![(outputs[3].path.as_str(), outputs[3].searchable.as_ref())];
    assert_eq!(
        indexer.changes_for(html, &config()),
        Some(Changes::default())
    );
}

#[test]
fn the_lookup_files_grow_and_shrink_in_number_as_a_fresh_index_has_them() {
    let mut outputs = common_word_site(300);
    let original = outputs[0].clone();
    let mut indexer = Indexer::incremental();
    let mut files = applied(&[], indexer.changes(&outputs, &config()).unwrap());
    let count = |files: &[Output]| file(files, "soeg-indeks/indeks.json")["opslag"].clone();
    let before = count(&files);
    // Three hundred new words on one page: more lookup files.
    let body: String = (0..300).map(|i| format!("ekstra{i} ")).collect();
    outputs[0] = page("cases/p0000/index.html", "Case", "Side", &body);
    for (round, next) in [outputs[0].clone(), original].into_iter().enumerate() {
        outputs[0] = next;
        let html = vec![(outputs[0].path.as_str(), outputs[0].searchable.as_ref())];
        let changes = indexer.changes_for(html, &config()).expect("a known page");
        files = applied(&files, changes);
        assert_eq!(files, index(&outputs, &config()).unwrap(), "round {round}");
        if round == 0 {
            assert_ne!(count(&files), before, "the count grew");
        }
    }
    assert_eq!(count(&files), before, "and shrank back");
}

/// The vectors search.js is held to as well (tests/search-vectors.json).
#[test]
fn the_shared_test_vectors_hold() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search-vectors.json"),
    )
    .unwrap();
    let vectors: serde_json::Value = serde_json::from_str(&text).unwrap();
    for pair in vectors["stems"].as_array().unwrap() {
        let (word, expected) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        assert_eq!(stem(word), expected, "stem of {word}");
    }
    for v in vectors["lookups"].as_array().unwrap() {
        let stem = v[0].as_str().unwrap();
        let count = v[1].as_u64().unwrap() as usize;
        assert_eq!(
            layout::lookup_of(stem, count) as u64,
            v[2].as_u64().unwrap(),
            "lookup file of {stem:?}"
        );
    }
    for v in vectors["levels"].as_array().unwrap() {
        let [score, best, level] = [0, 1, 2].map(|i| v[i].as_u64().unwrap() as u32);
        assert_eq!(u32::from(layout::level(score, best)), level, "level {v}");
    }
}

/// Every page of `root` rendered: what search indexes of it (made from the
/// model) against what the page shows where its template marks it.
fn model_against_page(root: &Path, base: &str) -> usize {
    let site = crate::Session::once(root, crate::RenderOptions::default())
        .pages()
        .expect("the site renders");
    let mut indexed = 0;
    for output in site.outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let seen = extract::extract(&output.bytes, &url_of(base, &output.path));
        assert_eq!(
            output.searchable.as_deref(),
            seen.as_ref(),
            "{}: what search finds (left) is not what the page shows (right)",
            output.path
        );
        indexed += usize::from(seen.is_some());
    }
    indexed
}

#[test]
fn what_search_finds_is_what_a_reader_sees() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let indexed = model_against_page(root, "");
    assert!(indexed > 40, "{indexed} pages indexed");
}

#[test]
fn what_search_finds_is_what_a_reader_sees_in_any_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folders = ["content", "themes"].map(|f| walkdir::WalkDir::new(bundled.join(f)));
    for entry in folders.into_iter().flatten() {
        let entry = entry.unwrap();
        let to = root.join(entry.path().strip_prefix(bundled).unwrap());
        match entry.file_type().is_dir() {
            true => std::fs::create_dir_all(&to).unwrap(),
            false => drop(std::fs::copy(entry.path(), &to).unwrap()),
        }
    }
    let config = std::fs::read_to_string(bundled.join("site.toml")).unwrap();
    let config = config.replace("base_url = \"", "base_url = \"https://example.org/hb/\"\n#")
        + "\n[markdown]\nraw_html = \"sanitize\"\n";
    std::fs::write(root.join("site.toml"), config).unwrap();
    let case = std::fs::read_to_string(bundled.join("content/cases/bordkort.md")).unwrap();
    let (front, _) = case.rsplit_once("\n---\n").unwrap();
    let body = "Først *fremhævet*, Relations*arbejdet* **fed**, `kode` og [et link](https://example.org/) \
        med&nbsp;hårdt mellemrum.\\\nNy linje.\n\n## Liste & tabel {#liste}\n\n\
        - a\n- b *c*\n  1. indlejret\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n\
        ![Et billede](https://example.org/b.png)efter billedet\n\n#### Lille overskrift\n\n\
        > Et citat\n> over to linjer\n\n```text\nkode i blok\n```\n\n---\n\n\
        ### Sidste ~~gamle~~ afsnit\n\n- [ ] en opgave\n- [x] en anden\n\n\
        <div class=\"boks\"><p>Rå <b>HT</b>ML &amp; mere</p><script>skjult()</script></div>\n\n\
        Tekst med <em>inline</em>-HTML og <script>skjult()</script> et script.\n\n\
        <!--\nnote til redaktør\n-->\n\n<style>\np { color: red }\n</style>\n\n\
        <div\n  class=\"x\">tekst i en div</div>\n\n\
        ~~ord~~ene, a < b, ![a ![b](https://example.org/c.png) d](https://example.org/e.png)x og <!-- <b>gammelt</b> --> slut.\n";
    std::fs::write(
        root.join("content/cases/bordkort.md"),
        format!("{front}\n---\n{body}"),
    )
    .unwrap();
    let indexed = model_against_page(root, "/hb");
    assert!(indexed > 40, "{indexed} pages indexed");
}
