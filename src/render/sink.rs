//! Where a render's files go as they are made: memory (`serve`) or the
//! write stage's folder (`build`).

use super::Output;
use crate::diagnostics::Diagnostic;

/// Where a render puts each file as soon as it is rendered, so the site
/// need not be held whole: memory (`serve`) or the output folder (`build`).
pub(crate) trait Sink: Sync {
    /// Why the sink refuses the files.
    type Error: Send;
    /// Every path the render will give, before the first file: the
    /// render's own checks of the paths passed.
    fn expect(&mut self, paths: &[&str]) -> Result<(), Self::Error>;
    /// One rendered file (a sink that fails keeps the failure for later).
    fn put(&self, output: Output);
}

/// Why a render into a [`Sink`] stopped.
#[derive(Debug)]
pub(crate) enum Stop<E> {
    /// Problems in the templates or the output paths.
    Content(Vec<Diagnostic>),
    /// The sink refused the paths.
    Sink(E),
}

/// A sink that holds every file in memory.
#[derive(Default)]
pub struct Memory(std::sync::Mutex<Vec<Output>>);

impl Memory {
    /// The files given, in the order they came.
    pub fn into_outputs(self) -> Vec<Output> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    type Error = std::convert::Infallible;

    fn expect(&mut self, paths: &[&str]) -> Result<(), Self::Error> {
        self.0
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .reserve(paths.len());
        Ok(())
    }

    fn put(&self, mut output: Output) {
        // Every page is held: the slack of the growing render buffer would
        // be held with it.
        output.bytes.shrink_to_fit();
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output);
    }
}
