//! What a reader sees of a rendered page where the templates mark it
//! (`data-search-body`, `-meta`, `-filter`, `-ignore`, as Pagefind reads
//! them), split as search takes a page: title, summary, sections under their
//! heading anchors, filter values. Search indexes pages from the model
//! (`render::searchable`); this reading of the HTML is the test that holds
//! the two to each other (`search::tests::what_search_finds_is_what_a_reader_sees`).
//! Pages are generated, so a small tag scanner is enough.

use crate::markdown::{INLINE, Section, squash, tag_name};
use crate::render::Searchable as Doc;

const VOID: [&str; 8] = ["br", "hr", "img", "input", "meta", "link", "wbr", "source"];

/// Where the text being read goes.
#[derive(Clone, Copy, PartialEq)]
enum Into {
    Body,
    Title,
    Heading,
    Summary,
    Filter(usize),
}

/// The page at `url` (its address on the site) or `None` when it marks
/// nothing as indexed (lists and filter pages).
pub fn extract(html: &[u8], url: &str) -> Option<Doc> {
    let html = std::str::from_utf8(html).ok()?;
    let marker = html.find(" data-search-body")?;
    let start = html[..marker].rfind('<')?;
    let mut reader = Reader::new(url);
    let mut at = start;
    while at < html.len() {
        let Some(lt) = html[at..].find('<').map(|i| at + i) else {
            reader.text(&html[at..]);
            break;
        };
        reader.text(&html[at..lt]);
        let Some(gt) = html[lt..].find('>').map(|i| lt + i) else {
            break;
        };
        let tag = &html[lt + 1..gt];
        at = gt + 1;
        if let Some(name) = tag.strip_prefix('/') {
            if reader.close(name) {
                break;
            }
        } else if !tag.starts_with('!') {
            reader.open(tag);
        }
    }
    Some(reader.finish())
}

/// The indexed element read tag by tag: where its text goes.
struct Reader {
    doc: Doc,
    /// Open elements: (name, what their text went to before, ignored).
    stack: Vec<(String, Into, bool)>,
    into: Into,
    /// Inside a `data-search-ignore` part: only filter values are read.
    ignored: bool,
    /// The text of each of `doc.filters`, as read.
    filter_values: Vec<String>,
}

impl Reader {
    fn new(url: &str) -> Reader {
        Reader {
            doc: Doc {
                url: url.to_string(),
                sections: vec![Section::default()],
                ..Doc::default()
            },
            stack: Vec::new(),
            into: Into::Body,
            ignored: false,
            filter_values: Vec::new(),
        }
    }

    /// An end tag: its element's text ends. True when the indexed element
    /// itself has ended.
    fn close(&mut self, name: &str) -> bool {
        let name = name.trim().to_ascii_lowercase();
        let Some(pos) = self.stack.iter().rposition(|(n, _, _)| *n == name) else {
            return false;
        };
        let (_, before, was_ignored) = self.stack[pos].clone();
        self.stack.truncate(pos);
        self.into = before;
        self.ignored = was_ignored;
        if !INLINE.contains(&name.as_str()) {
            self.text(" ");
        }
        self.stack.is_empty()
    }

    /// A start tag (`tag` is what stands between `<` and `>`): where the
    /// text inside it goes.
    fn open(&mut self, tag: &str) {
        let name = tag_name(tag);
        if !INLINE.contains(&name.as_str()) {
            self.text(" ");
        }
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            return;
        }
        self.stack.push((name.clone(), self.into, self.ignored));
        self.ignored |= tag.contains("data-search-ignore");
        if let Some(filter) = attribute(tag, "data-search-filter") {
            match filter.split_once(':') {
                Some(("type", kind)) => self.doc.kind = kind.to_string(),
                Some(_) => {}
                None => {
                    self.doc.filters.push((filter.to_string(), String::new()));
                    self.filter_values.push(String::new());
                    self.into = Into::Filter(self.doc.filters.len() - 1);
                }
            }
        }
        if self.ignored {
            return;
        }
        if attribute(tag, "data-search-meta") == Some("summary") {
            self.into = Into::Summary;
        } else if name == "h1" {
            self.into = Into::Title;
        } else if matches!(name.as_str(), "h2" | "h3")
            && let Some(id) = attribute(tag, "id")
        {
            self.doc.sections.push(Section {
                anchor: decode(id).into_owned(),
                ..Section::default()
            });
            self.into = Into::Heading;
        }
    }

    /// Text between tags, to where it goes now.
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let doc = &mut self.doc;
        if let Into::Filter(i) = self.into
            && self.ignored
        {
            if let Some(v) = self.filter_values.get_mut(i) {
                v.push_str(text);
            }
            return;
        }
        if self.ignored {
            return;
        }
        let Some(section) = doc.sections.last_mut() else {
            return;
        };
        match self.into {
            Into::Body => section.text.push_str(text),
            Into::Title => doc.title.push_str(text),
            Into::Heading => section.heading.push_str(text),
            Into::Summary => doc.summary.push_str(text),
            // A filter value is also text of the page (a case's sector finds it).
            Into::Filter(i) => {
                if let Some(v) = self.filter_values.get_mut(i) {
                    v.push_str(text);
                }
                section.text.push_str(text);
            }
        }
    }

    /// The page, its text decoded and its white space squashed.
    fn finish(self) -> Doc {
        let mut doc = self.doc;
        for ((_, value), text) in doc.filters.iter_mut().zip(self.filter_values) {
            *value = squash(&decode(&text));
        }
        doc.filters.retain(|(_, v)| !v.is_empty());
        doc.title = squash(&decode(&doc.title));
        doc.summary = squash(&decode(&doc.summary));
        for s in &mut doc.sections {
            s.heading = squash(&decode(&s.heading));
            s.text = squash(&decode(&s.text));
        }
        // An empty lead section (a page that starts with a heading) says nothing.
        if doc.sections.len() > 1 && doc.sections[0].text.is_empty() {
            doc.sections.remove(0);
        }
        doc
    }
}

/// The value of `name="…"` in a tag (our templates quote with `"`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name).map(|i| from + i) {
        from = i + name.len();
        let before_ok = tag[..i].ends_with(char::is_whitespace);
        if !before_ok {
            continue;
        }
        let rest = &tag[from..];
        if let Some(value) = rest.strip_prefix("=\"") {
            return value.find('"').map(|end| &value[..end]);
        }
        if rest.is_empty() || rest.starts_with(char::is_whitespace) || rest.starts_with('/') {
            return Some("");
        }
    }
    None
}

/// Decodes the character references our templates and Markdown write; a
/// stray `&` or an unknown name stays as it is, and `&nbsp;` is U+00A0,
/// which [`squash`] reads as a space. (html-escape: as fast as the
/// hand-written decoder it replaced on the bundled handbook, faster on text
/// full of references.)
pub fn decode(text: &str) -> std::borrow::Cow<'_, str> {
    html_escape::decode_html_entities(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE: &str = "<html><body><nav>Menu</nav><main><article data-search-body data-search-filter=\"type:Case\">\
        <h1>Bordkort &amp; <em>relationer</em></h1>\
        <p class=\"lead\" data-search-meta=\"summary\">De mødeansvarlige</p>\
        <dl><div><dt>Sektor</dt><dd><a href=\"/s/\" data-search-filter=\"sektor\">På tværs</a></dd></div>\
        <div><dt>Temaer</dt><dd><a data-search-filter=\"tema\">Tillid</a>, <a data-search-filter=\"tema\">Møder</a></dd></div></dl>\
        <div class=\"prose\"><h2 id=\"situationen\">Situationen</h2><p>Relations<b>arbejdet</b> bliver<br>nedprioriteret.</p>\
        <nav data-search-ignore><h2 id=\"x\">Ikke med</h2><p>skjult</p></nav>\
        <h3 id=\"det-sk&#xe6;te\">Det skete</h3><p>Bordplanen &lt;img src=x&gt;</p></div></article>\
        <aside>ikke med</aside></main><footer>Fod</footer></body></html>";

    #[test]
    fn reads_title_summary_filters_and_sections() {
        let doc = extract(CASE.as_bytes(), "/cases/bordkort/").unwrap();
        assert_eq!(doc.kind, "Case");
        assert_eq!(doc.title, "Bordkort & relationer");
        assert_eq!(doc.summary, "De mødeansvarlige");
        assert_eq!(
            doc.filters,
            [
                ("sektor".to_string(), "På tværs".to_string()),
                ("tema".to_string(), "Tillid".to_string()),
                ("tema".to_string(), "Møder".to_string())
            ]
        );
        let anchors: Vec<&str> = doc.sections.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(anchors, ["", "situationen", "det-skæte"]);
        // Labels and values are separate words, inline tags join letters.
        assert_eq!(doc.sections[0].text, "Sektor På tværs Temaer Tillid, Møder");
        assert_eq!(
            doc.sections[1].text,
            "Relationsarbejdet bliver nedprioriteret."
        );
        assert_eq!(doc.sections[2].heading, "Det skete");
        assert_eq!(doc.sections[2].text, "Bordplanen <img src=x>");
    }

    #[test]
    fn pages_without_a_marked_element_are_not_indexed() {
        assert_eq!(extract(b"<main><h1>Cases</h1></main>", "/"), None);
        assert_eq!(extract(&[0xff, 0xfe], "/"), None);
    }

    #[test]
    fn decodes_references_and_leaves_stray_ampersands() {
        assert_eq!(
            decode("a &amp; b &#39;c&#x27; & d &bogus;"),
            "a & b 'c' & d &bogus;"
        );
        // A reference followed by Danish letters (the hand-written decoder
        // this replaced cut the text inside `å` and panicked).
        assert_eq!(decode("Ledelse &amp; så går det"), "Ledelse & så går det");
        assert_eq!(decode("&#230;&aelig;&nbsp;"), "ææ\u{a0}");
    }
}
