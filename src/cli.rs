//! The command line, in Danish: the arguments, their help, and usage errors
//! (clap's own words are English, so the help layout and the common errors
//! are written here).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// The help layout, with Danish headings (clap's placeholders are filled in).
const HELP: &str = "{about-with-newline}\nBrug: {usage}\n\n{all-args}{after-help}";

const AFTER_HELP: &str = "Afslutningskoder: 0 i orden, 1 fejl i indhold, site.toml eller skabeloner, 2 forkert brug.\nVejledning til redaktører: docs/redaktoervejledning.md";

/// Statisk webstedsgenerator til ledelseshåndbogen »Ledelse på tværs«.
#[derive(Debug, Parser)]
#[command(
    name = "handbook",
    version,
    help_template = HELP,
    override_usage = "handbook [TILVALG] <KOMMANDO>",
    after_help = AFTER_HELP,
    subcommand_help_heading = "Kommandoer",
    subcommand_value_name = "KOMMANDO",
    next_help_heading = "Tilvalg",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Håndbogens mappe (med site.toml, content/ og themes/); standard: den aktuelle mappe.
    #[arg(
        long,
        global = true,
        default_value = ".",
        hide_default_value = true,
        value_name = "MAPPE"
    )]
    pub root: PathBuf,
    /// Vis kun fejl.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Vis denne hjælp.
    #[arg(short, long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// Vis versionen.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Byg webstedet ind i public/ (eller --output MAPPE).
    #[command(help_template = HELP, override_usage = "handbook build [TILVALG]", next_help_heading = "Tilvalg")]
    Build {
        /// Outputmappen (standard: `output` i site.toml, normalt public/).
        #[arg(long, value_name = "MAPPE")]
        output: Option<PathBuf>,
        /// Vis, hvor lang tid hvert trin tog.
        #[arg(long)]
        timings: bool,
        /// Spring søgeindekset over (hurtigere; søgesiden finder intet).
        #[arg(long)]
        no_search: bool,
        /// Skriv ind i en mappe, der ikke er tom og ikke er bygget af handbook
        /// (filer på webstedets egne stier erstattes; intet andet fjernes).
        #[arg(long)]
        force: bool,
        /// Udgiv også kladder (`draft: true`), hver med et »Kladde«-banner.
        #[arg(long)]
        drafts: bool,
        /// Adressen, webstedet udgives på, i stedet for `base_url` i site.toml
        /// (også miljøvariablen HANDBOOK_BASE_URL; tilvalget vinder).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Advarsler får også bygningen til at fejle (kode 1, intet skrives).
        #[arg(long)]
        strict: bool,
    },
    /// Tjek alt, hvad en bygning tjekker, uden at skrive noget.
    #[command(help_template = HELP, override_usage = "handbook check [TILVALG] [FIL]…", next_help_heading = "Tilvalg")]
    Check {
        /// Vis kun problemer i disse filer eller mapper (hele håndbogen læses stadig).
        #[arg(value_name = "FIL", help_heading = "Argumenter")]
        files: Vec<PathBuf>,
        /// Format: text, json, github (annoteringer i GitHub Actions; standard, når
        /// GITHUB_ACTIONS=true) eller sarif.
        #[arg(long, value_enum, value_name = "FORMAT", hide_possible_values = true)]
        format: Option<Format>,
        /// Advarsler giver også fejl (kode 1).
        #[arg(long)]
        strict: bool,
        /// Adressen, webstedet udgives på, i stedet for `base_url` i site.toml
        /// (også miljøvariablen HANDBOOK_BASE_URL; tilvalget vinder).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Byg, vis på 127.0.0.1, byg igen ved ændringer og genindlæs åbne sider.
    #[command(help_template = HELP, override_usage = "handbook serve [TILVALG]", next_help_heading = "Tilvalg")]
    Serve {
        /// Porten (standard 1111; 0 vælger en ledig).
        #[arg(long, default_value_t = 1111, hide_default_value = true)]
        port: u16,
        /// Adressen, der lyttes på (standard 127.0.0.1); ændr den kun, hvis andre
        /// på netværket skal se forhåndsvisningen.
        #[arg(
            long,
            default_value = "127.0.0.1",
            hide_default_value = true,
            value_name = "ADRESSE"
        )]
        bind: std::net::IpAddr,
        /// Åbn webstedet i standardbrowseren.
        #[arg(long)]
        open: bool,
        /// Åbn redigeringen (/admin/) i standardbrowseren.
        #[arg(long)]
        open_editor: bool,
        /// Adressen, webstedet udgives på, i stedet for `base_url` i site.toml
        /// (også miljøvariablen HANDBOOK_BASE_URL; tilvalget vinder).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Skriv en ny indholdsfil med alle felter, kommenteret på dansk.
    #[command(help_template = HELP, override_usage = "handbook new <TYPE> \"<TITEL>\"", next_help_heading = "Tilvalg")]
    New {
        /// Hvad der skal laves: case, tema (theme), budskab (message),
        /// borgertema (citizen-theme) eller vaerktoej (tool).
        #[arg(
            value_name = "TYPE",
            help_heading = "Argumenter",
            hide_possible_values = true
        )]
        kind: NewKind,
        /// Titlen; filnavnet bliver dens danske kortnavn (slug).
        #[arg(value_name = "TITEL", help_heading = "Argumenter")]
        title: String,
    },

    /// Skriv et JSON Schema for hver slags indhold (VS Code og andre
    /// editorer tjekker så front matter, mens du skriver).
    #[command(help_template = HELP, override_usage = "handbook schema [TYPE] [--out MAPPE]", next_help_heading = "Tilvalg")]
    Schema {
        /// Kun denne slags: case, tema, budskab, borgertema, vaerktoej eller side.
        #[arg(
            value_name = "TYPE",
            help_heading = "Argumenter",
            hide_possible_values = true
        )]
        kind: Option<SchemaKind>,
        /// Skriv filerne `<slags>.schema.json` i denne mappe (i forhold til
        /// håndbogens mappe) i stedet for at vise skemaet.
        #[arg(long, value_name = "MAPPE")]
        out: Option<PathBuf>,
    },
}

/// The kinds `schema` takes, by their English and Danish names.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    #[value(alias = "cases")]
    Case,
    #[value(alias = "tema", alias = "temaer")]
    Theme,
    #[value(alias = "budskab", alias = "budskaber")]
    Message,
    #[value(name = "citizen-theme", alias = "borgertema", alias = "borgertemaer")]
    CitizenTheme,
    #[value(alias = "vaerktoej", alias = "værktøj", alias = "vaerktoejer")]
    Tool,
    #[value(alias = "side", alias = "sider")]
    Page,
}

/// The kinds `new` takes, as the help and errors name them.
const NEW_KINDS: &str = "`case`, `tema`, `budskab`, `borgertema`, `vaerktoej` (eller på engelsk `theme`, `message`, `citizen-theme`, `tool`)";

/// Content kinds `new` can scaffold, by their English and Danish names.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NewKind {
    #[value(alias = "cases")]
    Case,
    #[value(alias = "tema")]
    Theme,
    #[value(alias = "budskab")]
    Message,
    #[value(name = "citizen-theme", alias = "borgertema")]
    CitizenTheme,
    #[value(alias = "vaerktoej", alias = "værktøj")]
    Tool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `file:line:col: fejl: …` with the line and a hint.
    Text,
    /// One JSON object per diagnostic.
    Json,
    /// GitHub Actions annotations, and a table in $GITHUB_STEP_SUMMARY.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// Parses the arguments; help and version are printed here (exit 0), usage
/// errors in Danish (exit 2).
pub fn parse() -> Result<Cli, ExitCode> {
    let command = Cli::command();
    let result = command
        .clone()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    result.map_err(|err| match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::from(2)
        }
        _ => {
            eprintln!("fejl: {}", danish_error(&err));
            eprintln!("  = tip: se `handbook --help` eller `handbook KOMMANDO --help`");
            ExitCode::from(2)
        }
    })
}

/// A usage error in Danish, from what clap found.
fn danish_error(err: &clap::Error) -> String {
    let context = |kind: ContextKind| -> Option<String> {
        match err.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(list) => Some(
                list.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(list) => Some(
                list.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let argument = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let suggestion = context(ContextKind::SuggestedArg)
        .or_else(|| context(ContextKind::SuggestedSubcommand))
        .or_else(|| context(ContextKind::SuggestedValue))
        .map(|s| format!(" – mente du {}?", quote_once(&s)))
        .unwrap_or_default();
    match err.kind() {
        ErrorKind::UnknownArgument => format!("ukendt tilvalg `{argument}`{suggestion}"),
        ErrorKind::InvalidSubcommand => {
            let name = context(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("ukendt kommando `{name}`{suggestion}")
        }
        ErrorKind::InvalidValue => {
            let allowed = if argument == "<TYPE>" {
                Some(NEW_KINDS.to_string())
            } else {
                context(ContextKind::ValidValue)
            };
            let allowed = allowed
                .map(|v| format!(" (mulige værdier: {v})"))
                .unwrap_or_default();
            format!("`{value}` er ikke en gyldig værdi for {argument}{allowed}{suggestion}")
        }
        ErrorKind::ValueValidation => {
            format!("`{value}` er ikke en gyldig værdi for {argument}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("mangler {argument}")
        }
        ErrorKind::MissingSubcommand => "mangler en kommando: build, check, serve eller new".into(),
        ErrorKind::ArgumentConflict => format!("{argument} kan ikke bruges sammen med {value}"),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => {
            format!("forkert antal værdier for {argument}")
        }
        _ => err
            .to_string()
            .trim_start_matches("error: ")
            .trim()
            .to_string(),
    }
}

/// `x` in backticks, unless clap already quoted it.
fn quote_once(text: &str) -> String {
    if text.starts_with('`') || text.starts_with('\'') {
        text.replace('\'', "`")
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(args: &[&str]) -> String {
        let err = Cli::command()
            .try_get_matches_from(args)
            .and_then(|m| Cli::from_arg_matches(&m))
            .unwrap_err();
        danish_error(&err)
    }

    #[test]
    fn usage_errors_are_danish() {
        assert_eq!(
            error_of(&["handbook", "biuld"]),
            "ukendt kommando `biuld` – mente du `build`?"
        );
        assert!(
            error_of(&["handbook", "build", "--outptu", "x"])
                .starts_with("ukendt tilvalg `--outptu`")
        );
        let kind = error_of(&["handbook", "new", "kase", "Titel"]);
        assert!(
            kind.starts_with("`kase` er ikke en gyldig værdi for <TYPE>"),
            "{kind}"
        );
        assert!(
            error_of(&["handbook", "serve", "--port", "x"]).contains("`x` er ikke en gyldig værdi")
        );
        assert!(error_of(&["handbook", "new", "case"]).starts_with("mangler"));
    }

    #[test]
    fn help_is_danish() {
        let help = Cli::command().render_long_help().to_string();
        for word in [
            "Brug: handbook [TILVALG] <KOMMANDO>",
            "Kommandoer:",
            "Tilvalg:",
            "Vis denne hjælp",
        ] {
            assert!(help.contains(word), "{word}: {help}");
        }
        let mut command = Cli::command();
        // Global options reach subcommands when the command is built, as at run time.
        command.build();
        let new = command
            .find_subcommand_mut("new")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(
            new.contains("Argumenter:") && new.contains("borgertema"),
            "{new}"
        );
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Print help",
            "[default",
            "possible values",
        ] {
            assert!(!new.contains(english), "{english}: {new}");
            assert!(!help.contains(english), "{english}: {help}");
        }
    }

    #[test]
    fn danish_kind_names_are_accepted() {
        for name in [
            "case",
            "tema",
            "budskab",
            "borgertema",
            "vaerktoej",
            "værktøj",
        ] {
            assert!(NewKind::from_str(name, false).is_ok(), "{name}");
        }
    }
}
