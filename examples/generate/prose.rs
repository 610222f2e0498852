//! Danish prose with the statistics of the bundled handbook.
//!
//! A search index is only as big and as slow as the text's vocabulary lets it
//! be: a few hundred stock phrases put every word on nearly every page, which
//! no real collection of cases does. So sentences come from a word-bigram
//! model of the handbook's own text (`content/`): its vocabulary, its word
//! frequencies, and, per theme, its topics. A case about two themes mostly
//! walks those themes' models, so their words cluster in its pages the way
//! they do in real cases.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

use walkdir::WalkDir;

use crate::Rng;

/// Marks the end of a sentence in a successor list.
const END: u32 = u32::MAX;

/// Words a generated sentence may not exceed before it is closed.
const MAX_WORDS: usize = 35;

/// How often (in %) a step follows the topic's model rather than the whole
/// handbook's, when the topic has a successor for the current word.
const TOPIC_SHARE: u64 = 70;

#[derive(Default)]
struct Chain {
    /// Sentence-initial words, repeated as often as they start a sentence.
    starts: Vec<u32>,
    /// Each word's successors, repeated as often as they follow it (or END).
    next: HashMap<u32, Vec<u32>>,
}

impl Chain {
    fn learn(&mut self, sentence: &[u32]) {
        if let Some(&first) = sentence.first() {
            self.starts.push(first);
        }
        for pair in sentence.windows(2) {
            self.next.entry(pair[0]).or_default().push(pair[1]);
        }
        if let Some(&last) = sentence.last() {
            self.next.entry(last).or_default().push(END);
        }
    }
}

pub struct Prose {
    words: Vec<String>,
    ids: HashMap<String, u32>,
    all: Chain,
    /// One model per theme page of the handbook, in file-name order.
    topics: Vec<Chain>,
}

impl Prose {
    /// Learns from every Markdown file under `content` (front matter, headings,
    /// tables and markup left out). Each file in `content/temaer` is a topic.
    pub fn learn(content: &Path) -> io::Result<Prose> {
        let mut prose = Prose {
            words: Vec::new(),
            ids: HashMap::new(),
            all: Chain::default(),
            topics: Vec::new(),
        };
        let topic_dir = content.join("temaer");
        for entry in WalkDir::new(content).sort_by_file_name() {
            let entry = entry?;
            let file = entry.path();
            if !entry.file_type().is_file() || file.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = fs::read_to_string(file)?;
            let is_topic = file.parent() == Some(topic_dir.as_path());
            let mut topic = Chain::default();
            for sentence in sentences(&text) {
                let ids: Vec<u32> = sentence.iter().map(|w| prose.id(w)).collect();
                prose.all.learn(&ids);
                if is_topic {
                    topic.learn(&ids);
                }
            }
            if is_topic {
                prose.topics.push(topic);
            }
        }
        if prose.all.starts.is_empty() || prose.topics.is_empty() {
            return Err(io::Error::other(format!(
                "{}: ingen tekst at lære af (mappen skal have temaer/ og sider med brødtekst)",
                content.display()
            )));
        }
        Ok(prose)
    }

    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.to_string());
        self.ids.insert(word.to_string(), id);
        id
    }

    /// One sentence, mostly in the words of `topic`.
    pub fn sentence(&self, rng: &mut Rng, topic: usize) -> String {
        let topic = &self.topics[topic % self.topics.len()];
        loop {
            let starts = if rng.chance(TOPIC_SHARE) && !topic.starts.is_empty() {
                &topic.starts
            } else {
                &self.all.starts
            };
            let mut word = starts[rng.below(starts.len())];
            let mut out: Vec<&str> = Vec::new();
            while word != END && out.len() < MAX_WORDS {
                out.push(&self.words[word as usize]);
                let next = match topic.next.get(&word) {
                    Some(next) if rng.chance(TOPIC_SHARE) => next,
                    _ => &self.all.next[&word],
                };
                word = next[rng.below(next.len())];
            }
            if out.len() < 4 {
                continue;
            }
            let mut text = out.join(" ");
            let text_end = text.trim_end_matches([',', ';', ':', '–']).len();
            text.truncate(text_end);
            if !text.ends_with(['.', '?', '!']) {
                text.push('.');
            }
            return capitalized(&text);
        }
    }

    /// Sentences in `topic` until the paragraph has at least `words` words.
    pub fn paragraph(&self, rng: &mut Rng, topic: usize, words: usize) -> String {
        let mut text = String::new();
        let mut count = 0;
        while count < words {
            let sentence = self.sentence(rng, topic);
            count += sentence.split_whitespace().count();
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&sentence);
        }
        text
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The body's running text as sentences of words. A line's end closes a
/// sentence too (list items often have no full stop).
fn sentences(markdown: &str) -> Vec<Vec<String>> {
    let body = match markdown.strip_prefix("---") {
        Some(rest) => rest.split_once("\n---").map_or("", |(_, body)| body),
        None => markdown,
    };
    let mut out = Vec::new();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', '|', '<', '!', '`', '{']) {
            continue;
        }
        let line = line.trim_start_matches(['>', ' ']);
        let line = strip_list_marker(line);
        let mut sentence = Vec::new();
        for token in without_links(line).split_whitespace() {
            let word: String = token
                .chars()
                .filter(|c| !"*_`«»\"“”„[]<>{}|\\#".contains(*c))
                .collect();
            if word.is_empty() || !word.chars().any(char::is_alphanumeric) {
                continue;
            }
            let ends = word.ends_with(['.', '?', '!']);
            sentence.push(word);
            if ends {
                out.push(std::mem::take(&mut sentence));
            }
        }
        if !sentence.is_empty() {
            out.push(sentence);
        }
    }
    // A sentence must start like one: a letter, not a number or a dash.
    out.retain(|s| s[0].starts_with(char::is_alphabetic));
    out
}

fn strip_list_marker(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return rest;
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0
        && let Some(rest) = line[digits..].strip_prefix(". ")
    {
        return rest;
    }
    line
}

/// `[text](target)` becomes `text`.
fn without_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](") {
            Some(close) if !after[..close].contains('[') => {
                out.push_str(&after[..close]);
                let target = &after[close + 2..];
                rest = target.find(')').map_or("", |end| &target[end + 1..]);
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_drop_markup_and_keep_words() {
        let text = "---\ntitle: X\n---\n\n## Overskrift\n\n- Et *punkt* med [et link](a.md#b)\n> «Et citat.» Og så videre!\n| a | b |\n";
        let got: Vec<String> = sentences(text).iter().map(|s| s.join(" ")).collect();
        assert_eq!(got, ["Et punkt med et link", "Et citat.", "Og så videre!"]);
    }

    #[test]
    fn generated_sentences_use_the_handbooks_words() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let prose = Prose::learn(&content).unwrap();
        let mut rng = Rng(3);
        let paragraph = prose.paragraph(&mut rng, 0, 60);
        assert!(paragraph.split_whitespace().count() >= 60);
        assert!(paragraph.ends_with(['.', '?', '!']), "{paragraph}");
        assert!(!paragraph.contains(['<', '[', '*', '"']), "{paragraph}");
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        let known = words.iter().filter(|w| prose.ids.contains_key(**w)).count();
        assert!(
            known * 10 >= words.len() * 8,
            "{known} of {} words known: {paragraph}",
            words.len()
        );
    }
}
