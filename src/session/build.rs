//! `build`: a session run once into the output folder, each file handed to
//! the write stage as it is rendered, so the rendered site is never held
//! whole in memory. What search needs of a page is read from it on the way
//! ([`search::Reader`]); the index is built once every page is rendered.
//! Nothing is put in place unless all of it succeeded ([`output::Writer`]).

use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::Session;
use crate::render::{self, Only, Sink, Stop};
use crate::{BuildError, BuildOptions, BuildReport, Output, output, search};

/// The build's sink: the output folder, with each page read for the index.
struct Folder {
    writer: output::Writer,
    /// Reads pages for the index (`None`: no index).
    reader: Option<search::Reader>,
    /// The pages as the index takes them.
    read: Mutex<Vec<search::Page>>,
    /// Every path given.
    paths: Vec<String>,
}

impl Sink for Folder {
    type Error = BuildError;

    fn expect(&mut self, paths: &[&str]) -> Result<(), BuildError> {
        // Refused before the first page is rendered.
        if self.reader.is_some() {
            super::index::folder_free(paths.iter().copied())?;
        }
        self.paths.extend(paths.iter().map(|p| p.to_string()));
        self.writer
            .expect(paths.iter().copied())
            .map_err(BuildError::Write)
    }

    fn put(&self, output: Output) {
        if let Some(page) = self.reader.as_ref().and_then(|r| r.read(&output)) {
            lock(&self.read).push(page);
        }
        self.writer.put(&output);
    }
}

/// Lets go of what the render does not read, before it starts: the build
/// holds the loaded site alone. A source's text is read again only to point
/// a path problem at its front matter, so its body goes; a body's heading
/// ids and links were for the model's checks, and its sections are for the
/// search index alone.
fn shed(site: &mut crate::LoadedSite, indexed: bool) {
    for source in &mut site.files.sources {
        if let Ok(split) = crate::content::front_matter::split(&source.text)
            && split.body_offset < source.text.len()
        {
            source.text = Arc::from(&source.text[..split.body_offset]);
        }
    }
    for entry in site.library.entries_mut() {
        // The parsed documents that shared it are gone.
        if let Some(body) = Arc::get_mut(&mut entry.body) {
            (body.heading_ids, body.links) = Default::default();
            if !indexed {
                body.sections = Vec::new();
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Session {
    /// See [`crate::build`]: this session (one that keeps nothing) run once
    /// into the output folder.
    pub(crate) fn build(mut self, options: &BuildOptions) -> Result<BuildReport, BuildError> {
        let started = Instant::now();
        // A folder the build may never write into is refused before the work of loading.
        if let Some(dir) = &options.output {
            output::refuse_dangerous(dir, &options.root).map_err(BuildError::Write)?;
        }
        let mut site = self.load_site(&[])?;
        shed(&mut site, self.options.search_index);
        if options.strict && !site.warnings.is_empty() {
            return Err(BuildError::Content(site.warnings));
        }
        let output_dir = options
            .output
            .clone()
            .unwrap_or_else(|| options.root.join(&site.config.output));
        let mut timings = site.timings.clone();
        let write_options = output::WriteOptions {
            site_root: &options.root,
            force: options.force,
            on_wait: &options.on_wait,
        };
        let writer =
            output::Writer::open(&output_dir, &write_options).map_err(BuildError::Write)?;
        let folder = self.render_into_folder(&site, writer, &mut timings)?;
        // What the index and the report need; the rest of the loaded site goes.
        let crate::LoadedSite {
            config, warnings, ..
        } = site;
        let (stats, paths) = self.index_and_commit(folder, &config, &mut timings)?;
        Ok(BuildReport {
            pages: paths.iter().filter(|p| p.ends_with(".html")).count(),
            output_dir,
            stats,
            warnings,
            elapsed: started.elapsed(),
            timings,
        })
    }

    /// Every file of `site` rendered into `writer`, each page read for the
    /// index on the way (unless the options leave it out).
    fn render_into_folder(
        &self,
        site: &crate::LoadedSite,
        writer: output::Writer,
        timings: &mut crate::Timings,
    ) -> Result<Folder, BuildError> {
        let mut folder = Folder {
            writer,
            reader: self
                .options
                .search_index
                .then(|| search::Reader::new(&site.config)),
            read: Mutex::new(Vec::new()),
            paths: Vec::new(),
        };
        let view = render::View {
            templates: &site.templates,
            library: &site.library,
            config: &site.config,
            files: &site.files,
            options: &self.options,
            steps: &render::Fresh,
        };
        timings
            .measure("render", || {
                render::render_into(&view, Only::All, &mut folder)
            })
            .map_err(|stop| match stop {
                Stop::Content(problems) => BuildError::Content(problems),
                Stop::Sink(err) => err,
            })?;
        Ok(folder)
    }

    /// The search index of the pages read into `folder` written with them,
    /// and everything put in place: what was written, and every path.
    fn index_and_commit(
        &mut self,
        folder: Folder,
        config: &crate::Config,
        timings: &mut crate::Timings,
    ) -> Result<(output::WriteStats, Vec<String>), BuildError> {
        let Folder {
            mut writer,
            reader,
            read,
            mut paths,
        } = folder;
        let mut index = Vec::new();
        if reader.is_some() {
            let read = read.into_inner().unwrap_or_else(|e| e.into_inner());
            let pages: Vec<&str> = paths.iter().map(String::as_str).collect();
            index =
                self.index_pages(&pages, timings, |indexer| indexer.index_read(read, config))?;
            paths.extend(index.iter().map(|o| o.path.clone()));
            writer
                .expect(index.iter().map(|o| o.path.as_str()))
                .map_err(BuildError::Write)?;
        }
        let stats = timings
            .measure("write", || {
                index.iter().for_each(|file| writer.put(file));
                writer.commit()
            })
            .map_err(BuildError::Write)?;
        Ok((stats, paths))
    }
}
