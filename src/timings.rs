//! Wall time per pipeline stage, for `handbook build --timings` and the benchmarks.

use std::fmt;
use std::time::{Duration, Instant};

/// Stages in the order they ran, each with its wall time.
#[derive(Debug, Clone, Default)]
pub struct Timings(Vec<(&'static str, Duration)>);

impl Timings {
    /// Runs `stage` and records how long it took under `name`.
    pub fn measure<T>(&mut self, name: &'static str, stage: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = stage();
        self.0.push((name, started.elapsed()));
        value
    }

    /// Records a stage measured by the caller.
    pub fn record(&mut self, name: &'static str, elapsed: Duration) {
        self.0.push((name, elapsed));
    }

    /// Appends the stages of another run (a later part of the same pipeline).
    pub fn extend(&mut self, other: Timings) {
        self.0.extend(other.0);
    }

    /// The recorded stages.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.0
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, elapsed) in &self.0 {
            writeln!(f, "  {name:<12} {:>8.1} ms", elapsed.as_secs_f64() * 1000.0)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stages_in_order() {
        let mut timings = Timings::default();
        let value = timings.measure("load", || 41 + 1);
        timings.measure("render", || ());
        assert_eq!(value, 42);
        let names: Vec<_> = timings.stages().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["load", "render"]);
        assert!(timings.to_string().contains("render"));
    }
}
