//! Arbitrary bytes as the text of a content file of every kind: split the front
//! matter off and read it into each kind's struct. Whatever the input, this must
//! not panic, and every diagnostic must point at a line of the file.

#![no_main]

use handbook::content::front_matter::{self, Split};
use handbook::content::kinds::{CaseMeta, NumberedMeta, PageMeta, ThemeMeta, ToolMeta};
use handbook::diagnostics::Diagnostic;
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;

const FILE: &str = "content/cases/fuzz.md";

fuzz_target!(|data: &[u8]| {
    // The loader refuses files that are not UTF-8; the lossy text keeps the fuzzer's mutations useful.
    let text = String::from_utf8_lossy(data);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match front_matter::split(text) {
        Err(error) => shown(&front_matter::split_error(FILE, text, error), text),
        Ok(split) => {
            assert_eq!(&text[split.body_offset..], split.body);
            read::<ThemeMeta>(text, &split);
            read::<CaseMeta>(text, &split);
            read::<NumberedMeta>(text, &split);
            read::<ToolMeta>(text, &split);
            read::<PageMeta>(text, &split);
            let spans = front_matter::Spans::of(&split);
            for key in ["title", "themes", "sector", "number", "questions"] {
                if let Some((line, col)) = spans.key(key) {
                    assert!(line >= 1 && col >= 1);
                }
                if let Some(value) = text.split_whitespace().nth(3) {
                    let _ = spans.value(text, key, value);
                }
            }
        }
    }
});

fn read<T: DeserializeOwned>(text: &str, split: &Split<'_>) {
    if let Err(diagnostic) = front_matter::deserialize::<T>(FILE, text, split) {
        shown(&diagnostic, text);
    }
}

/// Renders the diagnostic as editors see it and checks its position.
fn shown(diagnostic: &Diagnostic, text: &str) {
    let printed = diagnostic.to_string();
    assert!(printed.starts_with(FILE), "{printed}");
    if let Some(line) = diagnostic.line {
        let lines = text.lines().count().max(1);
        assert!(
            (1..=lines + 1).contains(&line),
            "line {line} of {lines}: {printed}"
        );
        assert!(diagnostic.column.is_some_and(|c| c >= 1), "{printed}");
    }
}
