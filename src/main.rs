//! The `handbook` command: parses arguments, calls the library, prints
//! diagnostics. Exit codes: 0 ok, 1 content or template problems (or a failed
//! write, or warnings with `--strict`), 2 usage (including an output folder the
//! build refuses).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod check;
use handbook::{BuildError, BuildOptions, Diagnostic};

// Parsing, rendering and indexing allocate many small strings on two threads;
// mimalloc cut the build time of a 1,000-case handbook by a quarter against glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Static site generator for the leadership handbook "Ledelse på tværs".
#[derive(Debug, Parser)]
#[command(name = "handbook", version, about)]
struct Cli {
    /// The site folder (holds site.toml, content/, themes/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into public/ (or --output DIR).
    Build {
        /// Output folder (default: `output` from site.toml, normally public/).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Print the wall time of each stage.
        #[arg(long)]
        timings: bool,
        /// Skip the search index (a quicker build; the search page finds nothing).
        #[arg(long)]
        no_search: bool,
        /// Write into a non-empty folder that handbook did not build (files at
        /// the site's paths are replaced; nothing else is removed).
        #[arg(long)]
        force: bool,
        /// Publish drafts (`draft: true`) too, each with a "Kladde" banner.
        #[arg(long)]
        drafts: bool,
        /// Address the site is published under, instead of `base_url` in
        /// site.toml (also the environment variable HANDBOOK_BASE_URL; the flag wins).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Warnings fail the build too (exit 1, nothing written).
        #[arg(long)]
        strict: bool,
    },
    /// Validate everything a build would, writing nothing.
    Check {
        /// Report only these files or folders (the whole site is still read).
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Output format (github when GITHUB_ACTIONS=true, else text).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Warnings fail too (exit 1).
        #[arg(long)]
        strict: bool,
        /// Address the site is published under, instead of `base_url` in
        /// site.toml (also the environment variable HANDBOOK_BASE_URL; the flag wins).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Build, serve on 127.0.0.1, rebuild on changes and reload open pages.
    Serve {
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to bind; only change it if others on your network must see the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser once it is served.
        #[arg(long)]
        open: bool,
        /// Address the site is published under, instead of `base_url` in
        /// site.toml (also the environment variable HANDBOOK_BASE_URL; the flag wins).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Write a new content file with every field, commented in Danish.
    New {
        /// What to create.
        kind: NewKind,
        /// The title; the file name is its Danish slug.
        title: String,
    },
}

/// Content kinds `new` can scaffold.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum NewKind {
    #[value(alias = "cases")]
    Case,
    #[value(alias = "tema")]
    Theme,
    #[value(alias = "budskab")]
    Message,
    #[value(name = "citizen-theme", alias = "borgertema")]
    CitizenTheme,
    #[value(alias = "vaerktoej")]
    Tool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `file:line:col: fejl: …` with the line and a hint.
    Text,
    /// One JSON object per diagnostic.
    Json,
    /// GitHub Actions annotations, and a table in $GITHUB_STEP_SUMMARY.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            output,
            timings,
            no_search,
            force,
            drafts,
            base_url,
            strict,
        } => build(
            BuildOptions {
                output,
                force,
                strict,
                on_wait: |dir| {
                    eprintln!(
                        "En anden bygning skriver til {}; venter, til den er færdig …",
                        dir.display()
                    )
                },
                render: handbook::RenderOptions {
                    search_index: !no_search,
                    drafts,
                    base_url: match base_url_override(base_url) {
                        Ok(url) => url,
                        Err(code) => return code,
                    },
                    ..Default::default()
                },
                ..BuildOptions::new(&cli.root)
            },
            cli.quiet,
            timings,
        ),
        Command::Check {
            files,
            format,
            strict,
            base_url,
        } => match base_url_override(base_url) {
            Ok(base_url) => check::run(check::Request {
                root: &cli.root,
                files: &files,
                format,
                strict,
                quiet: cli.quiet,
                base_url,
                ci: handbook::report::CiEnv::from_env(),
            }),
            Err(code) => code,
        },
        Command::New { kind, title } => new(&cli.root, kind, &title),
        Command::Serve {
            port,
            bind,
            open,
            base_url,
        } => {
            let base_url = match base_url_override(base_url) {
                Ok(url) => url,
                Err(code) => return code,
            };
            let options = handbook::serve::ServeOptions {
                root: cli.root.clone(),
                address: std::net::SocketAddr::new(bind, port),
                output: None,
                open,
                base_url,
            };
            match handbook::serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("fejl: {message}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn build(options: BuildOptions, quiet: bool, timings: bool) -> ExitCode {
    match handbook::build(&options) {
        Ok(report) => {
            if !quiet {
                if !report.warnings.is_empty() {
                    eprintln!(
                        "{} advarsler (kør `handbook check` for detaljer)",
                        report.warnings.len()
                    );
                }
                println!(
                    "Byggede {} sider i {} ms ({} filer skrevet, {} uændrede, {} fjernet) → {}",
                    report.pages,
                    report.elapsed.as_millis(),
                    report.stats.written,
                    report.stats.unchanged,
                    report.stats.removed,
                    report.output_dir.display()
                );
            }
            if timings {
                print!("{}", report.timings);
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprint!("{err}");
            match &err {
                BuildError::Content(problems) if !problems.iter().any(Diagnostic::is_error) => {
                    eprintln!(
                        "Bygningen stoppede: {} advarsler, og --strict gør advarsler til fejl. Den tidligere udgave af webstedet er ikke ændret.",
                        problems.len()
                    )
                }
                BuildError::Content(problems) => eprintln!(
                    "Bygningen stoppede: {} fejl. Den tidligere udgave af webstedet er ikke ændret.",
                    problems.iter().filter(|p| p.is_error()).count()
                ),
                BuildError::Write(write) if write.is_refusal() => {
                    eprintln!("Intet er skrevet.")
                }
                BuildError::Write(_) => {}
            }
            ExitCode::from(err.exit_code())
        }
    }
}

/// The `base_url` override of this run (`--base-url`, else `HANDBOOK_BASE_URL`),
/// refused as a usage error (exit 2) before any work when it is not a URL.
fn base_url_override(flag: Option<String>) -> Result<Option<String>, ExitCode> {
    use handbook::config::{BASE_URL_ENV, base_url_override, check_base_url};
    let env = std::env::var(BASE_URL_ENV).ok();
    let Some(url) = base_url_override(flag.as_deref(), env.as_deref()) else {
        return Ok(None);
    };
    match check_base_url(&url) {
        Ok(()) => Ok(Some(url)),
        Err(message) => {
            let origin = if flag.is_some() {
                "--base-url"
            } else {
                BASE_URL_ENV
            };
            eprintln!("fejl: {origin}: {message} (fik `{url}`)");
            Err(ExitCode::from(2))
        }
    }
}

fn new(root: &std::path::Path, kind: NewKind, title: &str) -> ExitCode {
    use handbook::content::Kind;
    let kind = match kind {
        NewKind::Case => Kind::Case,
        NewKind::Theme => Kind::Theme,
        NewKind::Message => Kind::Message,
        NewKind::CitizenTheme => Kind::CitizenTheme,
        NewKind::Tool => Kind::Tool,
    };
    let config_path = root.join(handbook::config::CONFIG_FILE);
    let config = match std::fs::read_to_string(&config_path)
        .map_err(|e| e.to_string())
        .and_then(|t| {
            handbook::Config::parse(&t, std::path::Path::new("site.toml"))
                .map_err(|d| d.to_string())
        }) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(1);
        }
    };
    match handbook::scaffold::new_file(root, &config, kind, title) {
        Ok(path) => {
            println!("{}", path.strip_prefix(root).unwrap_or(&path).display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(1)
        }
    }
}
