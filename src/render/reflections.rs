//! Reflection questions as pages show them: in runs that share an origin
//! (the origin said once per run, not after every question), and as cards
//! to print, each sized so that its text fits its box on A4.

use serde::Serialize;

use super::views::{LinkView, case_link};
use crate::model::{Library, Question, QuestionOrigin, Reflection};

/// A question as a list shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuestionView<'a> {
    /// The question.
    pub text: &'a str,
    /// Title of the source it is taken from; `None` for the editors' own.
    pub source: Option<&'a str>,
    /// The case it comes from, if any.
    pub from: Option<LinkView<'a>>,
    /// The other themes it belongs to, as one line ("Fælles formål ·
    /// Relationer og tillid"); empty when it has only the one shown.
    pub also: String,
}

impl<'a> QuestionView<'a> {
    /// A question of the question bank, shown under theme `shown_under`
    /// (`None`: under no theme, e.g. on its case's page).
    pub(crate) fn of(library: &'a Library, q: &'a Question, shown_under: Option<usize>) -> Self {
        QuestionView {
            text: &q.text,
            source: q.source.as_deref(),
            from: match q.origin {
                QuestionOrigin::Theme(_) => None,
                QuestionOrigin::Case(c) => Some(case_link(&library.cases[c])),
            },
            also: q
                .themes
                .iter()
                .filter(|&&t| Some(t) != shown_under)
                .map(|&t| library.themes[t].entry.title.as_str())
                .collect::<Vec<_>>()
                .join(" · "),
        }
    }

    /// A question as its document lists it (a case's own questions).
    pub(crate) fn own(q: &'a Reflection) -> Self {
        QuestionView {
            text: &q.text,
            source: q.source.as_deref(),
            from: None,
            also: String::new(),
        }
    }
}

/// Questions in a row that come from the same place: the list says where
/// once, before them.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionRun<'a> {
    /// The source the questions are taken from; `None`: the editors' own.
    pub source: Option<&'a str>,
    /// The case they come from, if any.
    pub from: Option<LinkView<'a>>,
    /// The number of the run's first question in the whole list (`<ol start>`).
    pub start: usize,
    /// The questions.
    pub questions: Vec<QuestionView<'a>>,
}

/// The text of every question in `runs`, as the page lists them.
pub(crate) fn texts<'r>(runs: &'r [QuestionRun<'_>]) -> impl Iterator<Item = &'r str> {
    runs.iter()
        .flat_map(|run| run.questions.iter().map(|q| q.text))
}

/// `questions` in runs of one origin, numbered on from 1.
pub(crate) fn runs<'a>(
    questions: impl IntoIterator<Item = QuestionView<'a>>,
) -> Vec<QuestionRun<'a>> {
    let mut runs: Vec<QuestionRun<'a>> = Vec::new();
    for (i, q) in questions.into_iter().enumerate() {
        let same = runs.last().is_some_and(|r| {
            r.source == q.source && r.from.as_ref().map(|l| l.url) == q.from.as_ref().map(|l| l.url)
        });
        match runs.last_mut() {
            Some(run) if same => run.questions.push(q),
            _ => runs.push(QuestionRun {
                source: q.source,
                from: q.from.clone(),
                start: i + 1,
                questions: vec![q],
            }),
        }
    }
    runs
}

/// A reflection question as a card to cut out.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Card<'a> {
    /// The question.
    pub text: &'a str,
    /// The themes the card names: on a theme's deck that theme, in the
    /// whole bank's deck every theme the question belongs to.
    pub theme_line: String,
    /// Where it comes from, one line: "Fra kilden: …" or "Redaktionens spørgsmål",
    /// and the case.
    pub origin: String,
    /// The question's type size in print, in points (a class `q-<size>`).
    pub size: u32,
    /// The card takes two places side by side on the sheet: at the smallest
    /// size the question would not fit one.
    pub double: bool,
}

impl<'a> Card<'a> {
    /// The card of `q` naming the themes `themes` (titles).
    pub(crate) fn new(q: &QuestionView<'a>, themes: &[&str]) -> Self {
        let mut origin = match q.source {
            Some(source) => format!("Fra kilden: {source}"),
            None => "Redaktionens spørgsmål".to_string(),
        };
        if let Some(case) = &q.from {
            origin.push_str(&format!(" · Casen »{}«", case.title));
        }
        let theme_line = themes.join(" · ");
        let (size, double) = fit(&theme_line, q.text, &origin);
        Card {
            text: q.text,
            theme_line,
            origin,
            size,
            double,
        }
    }
}

/// The printed card, in millimetres and points; `style.css` (`@media
/// print`, "Reflection cards") sets the same: A4 with 15 mm margins holds
/// two columns of 90 mm and four rows of 64 mm.
pub(crate) mod print {
    /// The width of a card.
    pub(crate) const CARD_WIDTH_MM: f64 = 90.0;
    /// The height of a card.
    pub(crate) const CARD_HEIGHT_MM: f64 = 64.0;
    /// Padding above and below, and at each side.
    pub(crate) const PAD_Y_MM: f64 = 6.0;
    /// Padding at each side.
    pub(crate) const PAD_X_MM: f64 = 7.0;
    /// The space between the theme line, the question and the origin.
    pub(crate) const GAP_MM: f64 = 2.0;
    /// Line height, as a factor of the type size, of every line on a card.
    pub(crate) const LINE_HEIGHT: f64 = 1.3;
    /// Theme line and origin sizes.
    pub(crate) const THEMES_PT: f64 = 8.5;
    /// The origin's size.
    pub(crate) const ORIGIN_PT: f64 = 8.0;
    /// The question's sizes, largest first; the last is the smallest that
    /// is still comfortable to read across a table.
    pub(crate) const QUESTION_PT: [u32; 4] = [13, 12, 11, 10];
}

const PT_MM: f64 = 25.4 / 72.0;

/// Widths of the characters of Arial (and Liberation Sans, metric-equal), in
/// thousandths of the type size; other faces of the site's font stack are
/// about as wide, and [`fit`] leaves a margin for them.
fn char_width(c: char) -> f64 {
    match c {
        ' ' | 'f' | 't' | 'I' | '.' | ',' | ':' | ';' | '!' | '/' | '[' | ']' => 278.0,
        'i' | 'j' | 'l' | '\'' => 222.0,
        'r' | '-' | '(' | ')' => 333.0,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500.0,
        'm' | 'M' => 833.0,
        'w' => 722.0,
        'æ' => 889.0,
        'ø' => 611.0,
        'Æ' => 1000.0,
        'W' => 944.0,
        'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722.0,
        'G' | 'O' | 'Q' | 'Ø' => 778.0,
        'F' | 'T' | 'Z' => 611.0,
        'L' => 556.0,
        c if c.is_uppercase() => 667.0,
        '–' | '»' | '«' | '?' => 556.0,
        '"' => 355.0,
        _ => 556.0,
    }
}

/// Lines `text` takes at `pt` points in a column `width_mm` wide, words
/// wrapped greedily (a word longer than a line is broken).
fn lines(text: &str, pt: f64, width_mm: f64, bold: bool) -> usize {
    // Bold is about 7 % wider; 8 % more for faces wider than Arial.
    let scale = pt * PT_MM / 1000.0 * if bold { 1.07 } else { 1.0 } * 1.08;
    let space = char_width(' ') * scale;
    let mut count = 0;
    let mut line = 0.0_f64;
    for word in text.split_whitespace() {
        let w: f64 = word.chars().map(char_width).sum::<f64>() * scale;
        if line > 0.0 && line + space + w <= width_mm {
            line += space + w;
            continue;
        }
        count += 1;
        line = w;
        while line > width_mm {
            count += 1;
            line -= width_mm;
        }
    }
    count.max(usize::from(!text.trim().is_empty()))
}

/// The largest type size at which the question fits its card with the
/// theme line and origin, and whether it needs a double card.
pub(crate) fn fit(theme_line: &str, question: &str, origin: &str) -> (u32, bool) {
    use print::*;
    let fits = |pt: u32, width: f64| {
        let height = |text: &str, size: f64, bold: bool| {
            lines(text, size, width, bold) as f64 * size * LINE_HEIGHT * PT_MM
        };
        let used = height(theme_line, THEMES_PT, true)
            + height(question, f64::from(pt), false)
            + height(origin, ORIGIN_PT, false)
            + 2.0 * GAP_MM;
        used <= CARD_HEIGHT_MM - 2.0 * PAD_Y_MM
    };
    let single = CARD_WIDTH_MM - 2.0 * PAD_X_MM;
    let double = 2.0 * CARD_WIDTH_MM - 2.0 * PAD_X_MM;
    for width in [single, double] {
        if let Some(&pt) = QUESTION_PT.iter().find(|&&pt| fits(pt, width)) {
            return (pt, width > single);
        }
    }
    // Longer than a double card holds at the smallest size: the smallest
    // size on a double card (the print test shows it).
    (QUESTION_PT[QUESTION_PT.len() - 1], true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &'static str, source: Option<&'static str>) -> QuestionView<'static> {
        QuestionView {
            text,
            source,
            from: None,
            also: String::new(),
        }
    }

    #[test]
    fn a_run_says_its_origin_once() {
        let runs = runs([
            view("A?", Some("Kilde")),
            view("B?", Some("Kilde")),
            view("C?", None),
            view("D?", Some("Kilde")),
        ]);
        let shape: Vec<(Option<&str>, usize, usize)> = runs
            .iter()
            .map(|r| (r.source, r.start, r.questions.len()))
            .collect();
        assert_eq!(
            shape,
            [(Some("Kilde"), 1, 2), (None, 3, 1), (Some("Kilde"), 4, 1)]
        );
    }

    #[test]
    fn short_questions_print_large_and_long_ones_smaller_or_double() {
        let origin = "Fra kilden: Ledelse på tværs: Vi vil gerne – men vi magter det ikke";
        assert_eq!(
            fit("Fælles formål", "Vil parterne det samme?", origin),
            (13, false)
        );
        let long = "Hvilke barrierer for et godt samarbejde med andre afdelinger eller eksterne parter oplever du og dine medarbejdere? Kan du og dine medarbejdere selv arbejde med at fjerne eller reducere disse barrierer? Eller skal du drøfte det med din egen leder?";
        let (size, double) = fit("Tværgående ledelse", long, origin);
        assert!(size < 13 && !double, "{size} {double}");
        let very_long = long.repeat(3);
        assert!(fit("Tværgående ledelse", &very_long, origin).1);
    }

    #[test]
    fn lines_wrap_at_word_boundaries() {
        assert_eq!(lines("", 10.0, 76.0, false), 0);
        assert_eq!(lines("Kort", 10.0, 76.0, false), 1);
        let many = "ord ".repeat(100);
        assert!(lines(&many, 10.0, 76.0, false) > 5);
    }
}
