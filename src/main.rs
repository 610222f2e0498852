//! The `handbook` command: parses arguments, calls the library, prints
//! diagnostics. Exit codes: 0 ok, 1 content or template problems (or a failed
//! write, or warnings with `--strict`), 2 usage (including an output folder the
//! build refuses).

use std::process::ExitCode;

mod check;
mod cli;
use cli::{Command, NewKind, SchemaKind};
use handbook::{BuildError, BuildOptions, Diagnostic};

// Parsing, rendering and indexing allocate many small strings on two threads;
// mimalloc cut the build time of a 1,000-case handbook by a quarter against glibc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
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
        } => {
            let base_url = match base_url_override(base_url) {
                Ok(url) => url,
                Err(code) => return code,
            };
            let options = BuildOptions {
                output,
                force,
                strict,
                on_wait: say_waiting,
                render: handbook::RenderOptions {
                    search_index: !no_search,
                    drafts,
                    base_url,
                    ..Default::default()
                },
                ..BuildOptions::new(&cli.root)
            };
            build(options, cli.quiet, timings)
        }
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
        Command::Schema { kind, out } => schema(&cli.root, kind, out.as_deref()),
        Command::Serve {
            port,
            bind,
            open,
            open_editor,
            base_url,
        } => match base_url_override(base_url) {
            Ok(base_url) => serve(handbook::serve::ServeOptions {
                root: cli.root.clone(),
                address: std::net::SocketAddr::new(bind, port),
                output: None,
                open,
                open_editor,
                base_url,
            }),
            Err(code) => code,
        },
    }
}

/// Said while another build holds the output folder `dir`.
fn say_waiting(dir: &std::path::Path) {
    eprintln!(
        "En anden bygning skriver til {}; venter, til den er færdig …",
        dir.display()
    )
}

fn serve(options: handbook::serve::ServeOptions) -> ExitCode {
    match handbook::serve::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fejl: {message}");
            ExitCode::from(1)
        }
    }
}

fn build(options: BuildOptions, quiet: bool, timings: bool) -> ExitCode {
    match handbook::build(&options) {
        Ok(report) => {
            if !quiet {
                if !report.warnings.is_empty() {
                    eprintln!(
                        "{} (kør `handbook check` for detaljer)",
                        handbook::diagnostics::warnings_count(report.warnings.len())
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
                if report.stats.kept > 0 {
                    eprintln!(
                        "{} fil(er) fra en tidligere bygning er ikke fjernet, fordi de er ændret siden, ikke er almindelige filer eller er `CNAME`/`.nojekyll`; slet dem selv, hvis de ikke skal med",
                        report.stats.kept
                    );
                }
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
                        "Bygningen stoppede: {}, og --strict gør advarsler til fejl. Den tidligere udgave af webstedet er ikke ændret.",
                        handbook::diagnostics::warnings_count(problems.len())
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

/// `handbook schema`: the JSON Schema of one kind, of all (an object by
/// collection name), or each written to `out` below the site.
fn schema(
    root: &std::path::Path,
    kind: Option<SchemaKind>,
    out: Option<&std::path::Path>,
) -> ExitCode {
    use handbook::content::Kind;
    use handbook::editor::schema;
    let config = match handbook::load_config(root, None) {
        Ok(config) => config,
        Err(err) => {
            eprint!("{err}");
            return ExitCode::from(err.exit_code());
        }
    };
    // The site's themes and numbers when it loads; else any slug or number.
    let site = handbook::load_site(root).ok();
    let library = site.as_ref().map(|s| &s.library);
    if site.is_none() {
        eprintln!(
            "Håndbogen kan ikke bygges lige nu; skemaet kender derfor ikke temaerne og numrene (kør `handbook check`)."
        );
    }
    let kinds: Vec<Kind> = match kind {
        None => handbook::site_map::ALL_KINDS.to_vec(),
        Some(kind) => vec![match kind {
            SchemaKind::Case => Kind::Case,
            SchemaKind::Theme => Kind::Theme,
            SchemaKind::Message => Kind::Message,
            SchemaKind::CitizenTheme => Kind::CitizenTheme,
            SchemaKind::Tool => Kind::Tool,
            SchemaKind::Page => Kind::Page,
        }],
    };
    let Some(out) = out else {
        let value = match kinds.as_slice() {
            [one] => schema::json_schema(*one, &config, library),
            all => serde_json::Value::Object(
                all.iter()
                    .map(|&k| {
                        (
                            handbook::editor::config::collection_name(k).to_string(),
                            schema::json_schema(k, &config, library),
                        )
                    })
                    .collect(),
            ),
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return ExitCode::SUCCESS;
    };
    let dir = root.join(out);
    for kind in kinds {
        let text = serde_json::to_string_pretty(&schema::json_schema(kind, &config, library))
            .unwrap_or_default()
            + "\n";
        let path = dir.join(schema::file_name(kind));
        if let Err(err) = handbook::editor::write_new_file(&dir, &path, text.as_bytes()) {
            eprintln!("{}: fejl: filen kan ikke skrives: {err}", path.display());
            return ExitCode::from(1);
        }
        println!("{}", path.strip_prefix(root).unwrap_or(&path).display());
    }
    ExitCode::SUCCESS
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
    // The same reading as `build` and `check`: a linked, oversized or
    // malformed site.toml is refused with the same diagnostic.
    let config = match handbook::load_config(root, None) {
        Ok(config) => config,
        Err(err) => {
            eprint!("{err}");
            return ExitCode::from(err.exit_code());
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
