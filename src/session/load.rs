//! The pipeline up to render, for the session's drivers: config → load →
//! parse → model, and the templates compiled; every error from every stage
//! that could run.

use std::path::{Path, PathBuf};

use crate::diagnostics::{self, Code, Diagnostic};
use crate::{
    BuildError, Config, LoadedSite, Timings, config, content, input, model, parse, render,
};

/// Reads `site.toml`, with `base_url` replaced by `base_url` when given.
pub(crate) fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, BuildError> {
    let config_path = root.join(config::CONFIG_FILE);
    let refused = |d: Diagnostic| BuildError::Content(vec![d]);
    let bytes = input::read(&config_path, input::Limit::CONFIG).map_err(|err| {
        let problem = err.problem(config::CONFIG_FILE, Code::Config);
        refused(match err {
            input::InputError::Io(err) => Diagnostic::error(
                config::CONFIG_FILE,
                Code::Config,
                format!("site.toml kan ikke læses: {}", input::danish_io(&err)),
            )
            .hint("kør kommandoen i håndbogens mappe, eller angiv den med `--root MAPPE`"),
            _ => problem,
        })
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        refused(
            Diagnostic::error(config::CONFIG_FILE, Code::Config, "site.toml er ikke gemt som UTF-8")
                .hint("gem filen med tegnsættet UTF-8 (i de fleste editorer under \"Gem som\" eller \"Encoding\")"),
        )
    })?;
    let text = input::nfc_owned(text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut config = Config::parse(text, Path::new(config::CONFIG_FILE)).map_err(refused)?;
    if let Some(url) = base_url {
        config.override_base_url(url).map_err(refused)?;
    }
    Ok(config)
}

/// What a load may start from instead of reading the whole site: the files
/// of the last load, and the content files changed since (all of them
/// modified in place; anything else reads the whole site).
pub(crate) type Reuse<'a> = Option<(&'a content::SiteFiles, &'a [PathBuf])>;

/// [`crate::load_site`], with `base_url` overridden when given, drafts in the
/// library when `drafts`, each file parsed by `steps` and measured by
/// `model_steps`, the files read again only where `reuse` says.
pub(crate) fn load_site_with(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    steps: &impl parse::Steps,
    model_steps: &impl model::Steps,
    reuse: Reuse<'_>,
) -> Result<LoadedSite, BuildError> {
    let mut timings = Timings::default();
    let config = load_config(root, base_url)?;
    let files = timings
        .measure("load", || {
            reuse
                .and_then(|(last, changed)| content::load::reload(root, last, changed))
                .unwrap_or_else(|| content::load(root, &config.theme))
        })
        .map_err(BuildError::Content)?;
    let (documents, mut problems) =
        timings.measure("parse", || parse::parse_with(&files, &config, steps));
    let (library, model_problems) = timings.measure("model", || {
        model::link_with(documents, &config, drafts, model_steps)
    });
    problems.extend(model_problems);
    let mut library = library;
    if drafts {
        library.draft_todo = model::draft_todo(&library, &problems);
    }
    // A published page the last build gave another address (see `model::addresses`).
    if let Some(last) = model::addresses::last_record(&root.join(&config.output)) {
        problems.extend(model::addresses::changes(&library, &config, &last));
    }
    problems.extend(config.warnings.iter().cloned());
    problems.extend(logo_problem(&config, &files));
    let templates = timings
        .measure("templates", || {
            render::templates::compile(&files.templates, &files.fallback_templates)
        })
        .map_err(|template_problems| problems.extend(template_problems))
        .ok();
    diagnostics::sort(&mut problems);
    let templates = match templates {
        Some(templates) if !problems.iter().any(Diagnostic::is_error) => templates,
        // Warnings travel along, so `check` can list them with the errors.
        _ => return Err(BuildError::Content(problems)),
    };
    let warnings = problems;
    Ok(LoadedSite {
        config,
        files,
        library,
        templates,
        warnings,
        timings,
    })
}

/// An error when `[publisher] logo` names a file the site does not have.
fn logo_problem(config: &Config, files: &content::SiteFiles) -> Option<Diagnostic> {
    let logo = &config.publisher.as_ref()?.logo;
    if logo.is_empty()
        || files
            .static_files
            .iter()
            .chain(&files.content_assets)
            .any(|f| &f.output_path == logo)
    {
        return None;
    }
    Some(
        Diagnostic::error(
            config::CONFIG_FILE,
            Code::Config,
            format!("logoet `{logo}` findes hverken i temaets static-mappe eller i content/"),
        )
        .hint("læg filen i `themes/<tema>/static/` eller `content/`, eller ret `logo` i `[publisher]`"),
    )
}
