//! Nesting depth: front matter nested deeper than [`MAX_DEPTH`] is refused
//! before the YAML parser sees it, in one linear scan.

/// Deepest nesting front matter may have. Real front matter has two or three
/// levels; libyaml takes seconds over tens of thousands, so they are refused
/// before it sees them.
pub(crate) const MAX_DEPTH: usize = 64;

/// Byte offset in `yaml` where nesting first exceeds [`MAX_DEPTH`]: flow `[`
/// and `{` outside quotes and comments, plus block levels (indentation and
/// `- `/`? ` markers). Linear in the text, so a hostile file costs nothing.
pub(super) fn too_deep(yaml: &str) -> Option<usize> {
    let mut flow = FlowScan::default();
    let mut indents: Vec<usize> = Vec::new();
    let mut block_scalar: Option<usize> = None;
    let mut line_start = 0;
    for line in yaml.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let blank = content.trim().is_empty();
        match block_scalar {
            Some(parent) if blank || indent > parent => {
                line_start += line.len();
                continue;
            }
            _ => block_scalar = None,
        }
        if flow.depth == 0
            && flow.quote.is_none()
            && !blank
            && !content.trim_start().starts_with('#')
        {
            while indents.last().is_some_and(|&top| top > indent) {
                indents.pop();
            }
            if indents.last().is_none_or(|&top| top < indent) {
                indents.push(indent);
            }
            let markers = item_markers(&content[indent..]);
            if indents.len() + markers > MAX_DEPTH {
                return Some(line_start + indent);
            }
            if starts_block_scalar(content) {
                block_scalar = Some(indent);
            }
        }
        if let Some(at) = flow.scan(content, MAX_DEPTH.saturating_sub(indents.len())) {
            return Some(line_start + at);
        }
        line_start += line.len();
    }
    None
}

/// How many `- ` / `? ` markers a line starts with (`- - x` nests twice).
fn item_markers(text: &str) -> usize {
    let mut rest = text;
    let mut count = 0;
    while let Some(after) = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("? "))
        .or_else(|| (rest == "-").then_some(""))
    {
        count += 1;
        rest = after.trim_start_matches(' ');
    }
    count
}

/// Whether a block line's value is `|` or `>` (its text follows, indented).
pub(super) fn starts_block_scalar(line: &str) -> bool {
    let value = line.split_once(": ").map_or(line.trim_start(), |(_, v)| v);
    let value = value.trim_start().trim_start_matches("- ").trim();
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    value.starts_with(['|', '>'])
        && value[1..]
            .chars()
            .all(|c| matches!(c, '+' | '-' | '0'..='9'))
}

/// Flow collections (`[…]`, `{…}`) across lines, skipping quoted text and comments.
#[derive(Default)]
struct FlowScan {
    depth: usize,
    quote: Option<char>,
}

impl FlowScan {
    /// Scans one line; returns the byte offset where depth exceeds `limit`.
    fn scan(&mut self, line: &str, limit: usize) -> Option<usize> {
        let mut previous: Option<char> = None;
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match (self.quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some('\''), '\'') if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                    chars.next();
                }
                (Some(q), c) if c == q => self.quote = None,
                (Some(_), _) => {}
                (None, '#') if previous.is_none_or(char::is_whitespace) => break,
                (None, '"' | '\'') if self.opens_value(previous) => self.quote = Some(c),
                (None, '[' | '{') if self.opens_value(previous) => {
                    self.depth += 1;
                    if self.depth > limit {
                        return Some(at);
                    }
                }
                (None, ']' | '}') if self.depth > 0 => self.depth -= 1,
                (None, '[' | '{' | '"' | '\'') => {
                    // Part of plain text: what follows on the line is text too.
                    previous = Some('a');
                    continue;
                }
                _ => {}
            }
            if !c.is_whitespace() {
                previous = Some(c);
            }
        }
        None
    }

    /// Whether a `[`, `{` or quote after `previous` starts a value (inside a
    /// flow collection always; in block text only at the start of a value,
    /// so `title: a [b` or `Don't` are plain text).
    fn opens_value(&self, previous: Option<char>) -> bool {
        self.depth > 0 || matches!(previous, None | Some(':' | '-' | '?' | ',' | '[' | '{'))
    }
}
