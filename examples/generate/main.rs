//! Writes a synthetic handbook for benchmarks and load tests:
//!
//! ```text
//! cargo run --release --example generate -- --cases 10000 --out /tmp/hb10k [--seed 1]
//! handbook build --root /tmp/hb10k
//! ```
//!
//! The output is a complete site folder (site.toml, content/, themes/) shaped
//! like the real handbook: themes with reflection questions, seven messages,
//! five citizen themes, tools and N cases of about 600 words with headings,
//! lists, quotes and links between pages, in Danish with æ, ø and å. The
//! running text is modelled on the bundled handbook's own (see `prose.rs`), so
//! its vocabulary and word frequencies are those of real cases. The same seed
//! always gives the same bytes, so benchmark runs compare like with like.

mod prose;

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use clap::Parser;

use prose::Prose;

/// Generate a synthetic handbook.
#[derive(Debug, Parser)]
struct Args {
    /// Number of cases.
    #[arg(long, default_value_t = 1000)]
    cases: usize,
    /// Folder to write the site into (created; must be empty or absent).
    #[arg(long)]
    out: PathBuf,
    /// Seed for the text; the same seed gives the same site.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> io::Result<()> {
    let args = Args::parse();
    if args.out.exists() && fs::read_dir(&args.out)?.next().is_some() {
        eprintln!(
            "{}: fejl: mappen er ikke tom; vælg en ny mappe",
            args.out.display()
        );
        std::process::exit(2);
    }
    let prose = Prose::learn(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))?;
    let mut generator = Generator::new(args.seed, args.cases, prose);
    let files = generator.site();
    let mut bytes = 0;
    for (path, text) in &files {
        let path = args.out.join(path);
        fs::create_dir_all(path.parent().expect("generated paths have a folder"))?;
        fs::write(&path, text)?;
        bytes += text.len();
    }
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &args.out.join("themes/default"),
    )?;
    println!(
        "{} filer ({:.1} MB) skrevet i {} ({} cases, frø {})",
        files.len(),
        bytes as f64 / 1e6,
        args.out.display(),
        args.cases,
        args.seed
    );
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// SplitMix64: tiny, fast and fixed forever, so a seed means the same site in
/// every version (a crate's generator may change its stream between releases).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const SECTORS: [&str; 3] = ["kommune", "region", "tvaersektoriel"];
const LEVELS: [&str; 4] = [
    "topledelse",
    "mellemledelse",
    "frontlinjeledelse",
    "paa-tvaers-af-niveauer",
];
const SOURCES: [&str; 3] = ["undersoegelse", "artikel", "opsamling"];

/// Theme titles with the compound words real leaders search for.
const THEMES: [&str; 12] = [
    "Fælles formål og retning",
    "Relationer og tillid i ledelsesgrupper",
    "Mødefacilitering frem for mødeafvikling",
    "Borgeransvarlighed frem for sektoransvarlighed",
    "Økonomi, interesser og spilleregler",
    "Institutionelle logikker",
    "Fælles ledelseskultur",
    "Mellemlederens brede ledelsesansvar",
    "Topledelsens ansvar for sammenhæng",
    "Øvebaner og kompetenceudvikling",
    "Tværfaglige teams tæt på borgeren",
    "Opfølgning, data og læring",
];

const MESSAGES: [&str; 7] = [
    "Mening motiverer",
    "Vær lydhør over for medarbejderne og vis tillid",
    "Placer det ledelsesmæssige ansvar tydeligt",
    "Fremstå enige, så vi ved, der er fælles fodslag",
    "Sørg for rum til at mødes fysisk",
    "Tag små skridt og begynd med det mest motiverede hold",
    "Vær synlig og tilgængelig, og løs problemerne, når de opstår",
];

const CITIZEN_THEMES: [&str; 5] = [
    "At blive set, hørt og inddraget",
    "At kunne se en rød tråd, der skaber overblik",
    "At have en gennemgående relation, der koordinerer",
    "At opleve succes og få styrket egne ressourcer",
    "At få hjælp til at finde andre veje",
];

/// Danish towns, so cases name real-sounding places (and the index holds
/// the proper nouns real cases have).
const PLACES: &[&str] = &[
    "Aabenraa",
    "Assens",
    "Ballerup",
    "Billund",
    "Brønderslev",
    "Esbjerg",
    "Faaborg",
    "Fredericia",
    "Frederikshavn",
    "Gentofte",
    "Gladsaxe",
    "Haderslev",
    "Herning",
    "Hillerød",
    "Hjørring",
    "Holbæk",
    "Horsens",
    "Ikast",
    "Kalundborg",
    "Kolding",
    "Køge",
    "Lemvig",
    "Middelfart",
    "Morsø",
    "Næstved",
    "Nyborg",
    "Odder",
    "Odsherred",
    "Randers",
    "Ringkøbing",
    "Ringsted",
    "Roskilde",
    "Rødovre",
    "Silkeborg",
    "Skanderborg",
    "Skive",
    "Slagelse",
    "Sorø",
    "Svendborg",
    "Sønderborg",
    "Thisted",
    "Tønder",
    "Varde",
    "Vejen",
    "Vejle",
    "Vesthimmerland",
    "Viborg",
    "Vordingborg",
    "Ærø",
    "Aalborg",
    "Aarhus",
];

const FIRST_NAMES: &[&str] = &[
    "Anne",
    "Bente",
    "Birgitte",
    "Camilla",
    "Charlotte",
    "Dorthe",
    "Eva",
    "Hanne",
    "Helle",
    "Ida",
    "Karen",
    "Lene",
    "Lise",
    "Maja",
    "Mette",
    "Pia",
    "Rikke",
    "Susanne",
    "Tina",
    "Trine",
    "Anders",
    "Bo",
    "Christian",
    "Erik",
    "Frederik",
    "Hans",
    "Henrik",
    "Jakob",
    "Jens",
    "Jesper",
    "Kim",
    "Lars",
    "Martin",
    "Michael",
    "Morten",
    "Niels",
    "Ole",
    "Peter",
    "Rasmus",
    "Søren",
    "Thomas",
];

const LAST_NAMES: &[&str] = &[
    "Andersen",
    "Bach",
    "Berg",
    "Bertelsen",
    "Christensen",
    "Dahl",
    "Frandsen",
    "Hansen",
    "Holm",
    "Iversen",
    "Jensen",
    "Jeppesen",
    "Johansen",
    "Juhl",
    "Kristensen",
    "Kjær",
    "Larsen",
    "Lund",
    "Madsen",
    "Mikkelsen",
    "Mortensen",
    "Møller",
    "Nielsen",
    "Nygaard",
    "Olsen",
    "Pedersen",
    "Poulsen",
    "Rasmussen",
    "Schmidt",
    "Skov",
    "Sørensen",
    "Thomsen",
    "Vestergaard",
    "Østergaard",
];

const VERBS: &[&str] = &[
    "aftalte",
    "drøftede",
    "prioriterede",
    "afprøvede",
    "beskrev",
    "fulgte op på",
    "genovervejede",
    "satte ord på",
    "formulerede",
    "evaluerede",
    "forenklede",
    "synliggjorde",
    "tog ansvar for",
    "delte viden om",
];

const OBJECTS: &[&str] = &[
    "det fælles formål",
    "borgerens forløb",
    "mødestrukturen",
    "de økonomiske spilleregler",
    "samarbejdsaftalen",
    "arbejdsgangene på tværs",
    "ledelsesansvaret",
    "de faglige forskelle",
    "tilliden i gruppen",
    "dagsordenen for næste møde",
    "overgangene mellem sektorerne",
    "rollefordelingen",
    "de uformelle relationer",
    "kompetenceudviklingen",
    "opfølgningen på indsatsen",
    "borgerinddragelsen",
];

const OUTCOMES: &[&str] = &[
    "Det gav et bedre overblik over borgerens situation.",
    "Samarbejdet blev mere forpligtende for alle parter.",
    "Ventetiden for borgerne faldt mærkbart.",
    "Medarbejderne oplevede større mening i opgaven.",
    "Uenighederne kom frem, og gruppen kunne tale om dem.",
    "Det krævede mere forberedelse, end gruppen havde regnet med.",
    "Flere ledere begyndte at tage ansvar ud over egen afdeling.",
    "Møderne blev kortere og mere fokuserede.",
    "Borgerne fik én gennemgående kontaktperson.",
    "Økonomien blev et fælles anliggende i stedet for en kilde til konflikt.",
];

const QUOTES: &[&str] = &[
    "Vi skulle lære at se opgaven med borgerens øjne og ikke kun med vores egne.",
    "Det var først, da vi mødtes fysisk, at tilliden for alvor kom.",
    "Som leder skal man turde sige højt, hvad man ikke ved.",
    "Vi holdt op med at tale om vores budgetter og begyndte at tale om borgerens forløb.",
    "Små skridt gav os mod på de store.",
    "Når chefen er synlig, bliver det nemmere at løse problemerne i tide.",
];

const QUESTION_STARTS: &[&str] = &[
    "Hvordan sikrer I",
    "Hvad gør I for at styrke",
    "Hvem har ansvaret for",
    "Hvornår taler I om",
    "Hvad kan I lære af",
    "Hvordan kan I forenkle",
];

const QUOTE_ROLES: &[&str] = &[
    "afdelingsleder",
    "sygeplejerske",
    "sagsbehandler",
    "direktør",
    "teamleder",
    "koordinator",
];

/// Builds every file of the site as (relative path, text).
struct Generator {
    rng: Rng,
    cases: usize,
    prose: Prose,
}

impl Generator {
    fn new(seed: u64, cases: usize, prose: Prose) -> Self {
        Generator {
            rng: Rng(seed),
            cases,
            prose,
        }
    }

    fn site(&mut self) -> Vec<(String, String)> {
        let mut files = vec![
            ("site.toml".to_string(), SITE_TOML.to_string()),
            ("content/_index.md".to_string(), self.home()),
            ("content/om.md".to_string(), self.free_page("Om håndbogen")),
            (
                "content/tilgaengelighed.md".to_string(),
                self.free_page("Tilgængelighed"),
            ),
        ];
        for (i, title) in THEMES.iter().enumerate() {
            files.push((
                format!("content/temaer/{}.md", theme_slug(i)),
                self.theme(i, title),
            ));
        }
        for (i, title) in MESSAGES.iter().enumerate() {
            files.push((
                format!("content/budskaber/budskab-{}.md", i + 1),
                self.numbered(i + 1, title, "budskab"),
            ));
        }
        for (i, title) in CITIZEN_THEMES.iter().enumerate() {
            files.push((
                format!("content/borgertemaer/borgertema-{}.md", i + 1),
                self.numbered(i + 1, title, "borgertema"),
            ));
        }
        for i in 0..3 {
            files.push((
                format!("content/vaerktoejer/vaerktoej-{}.md", i + 1),
                self.tool(i),
            ));
        }
        for i in 0..self.cases {
            files.push((format!("content/cases/{}.md", case_slug(i)), self.case(i)));
        }
        files
    }

    /// A sentence about theme `theme` (an index into THEMES).
    fn sentence(&mut self, theme: usize) -> String {
        self.prose.sentence(&mut self.rng, theme)
    }

    /// A paragraph of about `sentences` × 9 words about theme `theme`.
    fn paragraph(&mut self, theme: usize, sentences: usize) -> String {
        // Generated sentences run ~15 words, so a paragraph overshoots its
        // budget by half a sentence on average.
        let words = (sentences * 9).saturating_sub(7).max(5);
        self.prose.paragraph(&mut self.rng, theme, words)
    }

    fn question(&mut self) -> String {
        format!(
            "{} {}?",
            self.rng.pick(QUESTION_STARTS),
            self.rng.pick(OBJECTS)
        )
    }

    fn theme_link(&mut self) -> (usize, String) {
        let i = self.rng.below(THEMES.len());
        (
            i,
            format!("[{}](../temaer/{}.md)", THEMES[i], theme_slug(i)),
        )
    }

    fn home(&mut self) -> String {
        let theme = self.rng.below(THEMES.len());
        format!(
            "---\ntitle: Syntetisk håndbog\nsummary: \"En genereret håndbog om ledelse på tværs til målinger.\"\n---\n\n## Om håndbogen\n\n{}\n\n{}\n",
            self.paragraph(theme, 4),
            self.paragraph(theme + 1, 4)
        )
    }

    fn free_page(&mut self, title: &str) -> String {
        let theme = self.rng.below(THEMES.len());
        format!(
            "---\ntitle: {title}\nsummary: \"{}\"\n---\n\n## Baggrund\n\n{}\n",
            self.rng.pick(OUTCOMES),
            self.paragraph(theme, 5)
        )
    }

    fn theme(&mut self, index: usize, title: &str) -> String {
        let mut text = format!(
            "---\ntitle: \"{title}\"\nslug: {}\nsummary: \"{}\"\nweight: {}\nquestions:\n",
            theme_slug(index),
            self.rng.pick(OUTCOMES),
            (index + 1) * 10
        );
        for _ in 0..5 {
            let _ = writeln!(text, "  - \"{}\"", self.question());
        }
        let related = theme_slug((index + 1) % THEMES.len());
        let _ = write!(text, "related: [{related}]\n---\n\n");
        for heading in [
            "Hvad er det?",
            "Hvorfor er det vigtigt?",
            "Sådan kan I gøre",
        ] {
            let _ = write!(
                text,
                "## {heading}\n\n{}\n\n{}\n\n",
                self.paragraph(index, 5),
                self.paragraph(index, 4)
            );
        }
        text
    }

    fn numbered(&mut self, number: usize, title: &str, what: &str) -> String {
        let (_, link) = self.theme_link();
        let topic = self.rng.below(THEMES.len());
        let theme = theme_slug(topic);
        format!(
            "---\nnumber: {number}\ntitle: \"{title}\"\nsummary: \"Et {what} om {}.\"\nthemes: [{theme}]\n---\n\n## Det handler om\n\n{}\n\n{}\n\n> «{}»\n\nLæs også {link}.\n",
            self.rng.pick(OBJECTS),
            self.paragraph(topic, 5),
            self.paragraph(topic, 4),
            self.rng.pick(QUOTES)
        )
    }

    fn tool(&mut self, index: usize) -> String {
        let mut text = format!(
            "---\ntitle: \"Værktøj {}: {}\"\nsummary: \"{}\"\nweight: {}\n---\n\n## Sådan bruger I værktøjet\n\n",
            index + 1,
            self.rng.pick(OBJECTS),
            self.rng.pick(OUTCOMES),
            index + 1
        );
        for step in 1..=6 {
            let _ = writeln!(text, "{step}. {}", self.sentence(index));
        }
        text
    }

    /// A case of about 600 words.
    fn case(&mut self, index: usize) -> String {
        let place = self.rng.pick(PLACES);
        let object = self.rng.pick(OBJECTS);
        let title = format!(
            "{place} {} {object} (case {})",
            self.rng.pick(VERBS),
            index + 1
        );
        let first = self.rng.below(THEMES.len());
        let second = (first + 1 + self.rng.below(THEMES.len() - 1)) % THEMES.len();
        let mut text = format!(
            "---\ntitle: \"{title}\"\nslug: {}\nsummary: \"{} {}\"\nsector: {}\nlevel: {}\nthemes: [{}, {}]\nmessages: [{}]\ncitizen_themes: [{}]\nsource: {}\n",
            case_slug(index),
            self.sentence(first),
            self.rng.pick(OUTCOMES),
            self.rng.pick(&SECTORS),
            self.rng.pick(&LEVELS),
            theme_slug(first),
            theme_slug(second),
            1 + self.rng.below(MESSAGES.len()),
            1 + self.rng.below(CITIZEN_THEMES.len()),
            self.rng.pick(&SOURCES),
        );
        let _ = writeln!(
            text,
            "date: {}-{:02}-{:02}",
            2015 + self.rng.below(10),
            1 + self.rng.below(12),
            1 + self.rng.below(28)
        );
        let _ = write!(
            text,
            "questions:\n  - \"{}\"\n  - \"{}\"\n---\n\n",
            self.question(),
            self.question()
        );

        let _ = write!(
            text,
            "## Situationen\n\n{}\n\n{}\n\n{}\n\n",
            self.paragraph(first, 6),
            self.paragraph(second, 5),
            self.paragraph(first, 4)
        );
        let _ = write!(text, "## Det gjorde de\n\n{}\n\n", self.paragraph(first, 5));
        for step in 0..4 {
            let _ = writeln!(text, "- {}", self.sentence(first + step % 2));
        }
        let role = self.rng.pick(QUOTE_ROLES);
        let name = format!(
            "{} {}",
            self.rng.pick(FIRST_NAMES),
            self.rng.pick(LAST_NAMES)
        );
        let _ = write!(
            text,
            "\n> «{}»\n>\n> — {name}, {role}, {place}\n\n{}\n\n",
            self.rng.pick(QUOTES),
            self.paragraph(second, 5)
        );
        let _ = write!(
            text,
            "### Hvad krævede det?\n\n{}\n\n## Det skete\n\n{}\n\n{}\n\n",
            self.paragraph(first, 4),
            self.paragraph(second, 6),
            self.paragraph(first, 5)
        );
        let _ = write!(
            text,
            "## Hvad lærte de?\n\n{}\n\n{}\n\n",
            self.paragraph(first, 5),
            self.paragraph(second, 4)
        );
        let (_, link) = self.theme_link();
        let _ = write!(
            text,
            "## Til refleksion\n\n{} Læs mere i temaet {link}",
            self.paragraph(second, 3)
        );
        if index > 0 {
            let other = self.rng.below(index);
            let _ = write!(
                text,
                ", og se også [case {}]({}.md#det-gjorde-de)",
                other + 1,
                case_slug(other)
            );
        }
        text.push_str(".\n");
        text
    }
}

fn theme_slug(index: usize) -> String {
    format!("tema-{:02}", index + 1)
}

fn case_slug(index: usize) -> String {
    format!("case-{:05}", index + 1)
}

const SITE_TOML: &str = r#"# Genereret af `cargo run --example generate`: en syntetisk håndbog til målinger.
title = "Syntetisk håndbog"
description = "En genereret håndbog om ledelse på tværs til målinger af hastighed og søgning."
base_url = "https://example.org/"
language = "da"
theme = "default"
output = "public"
accessibility_statement = "/tilgaengelighed/"

[vocabularies.sector]
kommune = "Kommune"
region = "Region"
tvaersektoriel = "På tværs af sektorer"

[vocabularies.level]
topledelse = "Topledelse"
mellemledelse = "Mellemledelse"
frontlinjeledelse = "Frontlinjeledelse"
paa-tvaers-af-niveauer = "På tværs af niveauer"

[sources.undersoegelse]
title = "En ledelsesundersøgelse"
author = "Genereret"

[sources.artikel]
title = "En artikel om ledelse på tværs"
author = "Genereret"

[sources.opsamling]
title = "En opsamling fra et ledermøde"
author = "Genereret"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_site_and_cases_are_about_600_words() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let a = Generator::new(7, 50, Prose::learn(&content).unwrap()).site();
        let b = Generator::new(7, 50, Prose::learn(&content).unwrap()).site();
        assert_eq!(a, b);
        let cases: Vec<&String> = a
            .iter()
            .filter(|(p, _)| p.starts_with("content/cases/"))
            .map(|(_, text)| text)
            .collect();
        let words: usize = cases
            .iter()
            .map(|text| {
                text.split("\n---\n")
                    .nth(1)
                    .unwrap()
                    .split_whitespace()
                    .count()
            })
            .sum();
        let average = words / cases.len();
        assert!((550..=700).contains(&average), "{average} words per case");
    }
}
