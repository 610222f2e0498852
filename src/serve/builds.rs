//! [`Builds`]: `serve`'s rebuilds, one at a time, each on a thread of its
//! own, so a build that does not finish cannot stop the next save from
//! being built and shown.
//!
//! Rust cannot stop a thread, and a template can loop for hours (two nested
//! `range(end=100000)`). So a build that has run longer than [`slow_after`]
//! is said on open pages; when a file is saved while it still runs, it is
//! given up: its handle of the served state is cut off (it can never put
//! its old site over a newer one), it keeps its threads (a fresh thread
//! pool serves the next builds), and a fresh session builds the whole site
//! beside it. A build that finishes in time hands its session back, so the
//! next one stays incremental.

use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::rebuild::{STILL_SERVING, rebuild};
use super::{AppState, PreviewEvent, ServeOptions, new_session};

/// After how long a running build is said on open pages, and may be given
/// up for the next save: `HANDBOOK_SERVE_SLOW_MS`, else 10 s (a whole
/// rebuild of 10,000 cases takes about 3 s).
pub(super) fn slow_after() -> Duration {
    std::env::var("HANDBOOK_SERVE_SLOW_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// The changes a build must take in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Pending {
    /// Content files edited in place (shown first).
    Edited(Vec<PathBuf>),
    /// Anything else: the site is loaded again.
    All,
}

impl Pending {
    fn merge(self, other: Pending) -> Pending {
        match (self, other) {
            (Pending::Edited(mut a), Pending::Edited(b)) => {
                a.extend(b);
                a.sort();
                a.dedup();
                Pending::Edited(a)
            }
            _ => Pending::All,
        }
    }
}

struct Running {
    thread: JoinHandle<(crate::Session, Result<(), String>)>,
    started: Instant,
    /// The build's handle of the served state.
    state: AppState,
    said_slow: bool,
}

/// See the module docs.
pub(super) struct Builds {
    options: ServeOptions,
    state: AppState,
    /// The session, while no build runs.
    session: Option<crate::Session>,
    running: Option<Running>,
    pending: Option<Pending>,
    pool: Arc<rayon::ThreadPool>,
    slow_after: Duration,
    /// Open pages are told a build runs long.
    slow_shown: bool,
}

impl Builds {
    pub(super) fn new(options: ServeOptions, state: AppState) -> Result<Builds, String> {
        Ok(Builds {
            session: Some(new_session(&options)),
            options,
            state,
            running: None,
            pending: None,
            pool: Arc::new(new_pool()?),
            slow_after: slow_after(),
            slow_shown: false,
        })
    }

    /// Takes in a change; it is built at the next [`Builds::tick`].
    pub(super) fn change(&mut self, change: Pending) {
        self.pending = Some(match self.pending.take() {
            Some(pending) => pending.merge(change),
            None => change,
        });
    }

    /// Whether a build runs or waits.
    pub(super) fn busy(&self) -> bool {
        self.running.is_some() || self.pending.is_some()
    }

    /// Collects a finished build, says a slow one, gives up a slow one a
    /// change waits behind, and starts the waiting change.
    pub(super) fn tick(&mut self) {
        if let Some(running) = &mut self.running {
            let elapsed = running.started.elapsed();
            if running.thread.is_finished() {
                self.finish();
            } else if elapsed >= self.slow_after && self.pending.is_some() {
                self.give_up(elapsed);
            } else if elapsed >= self.slow_after && !running.said_slow {
                running.said_slow = true;
                self.slow_shown = true;
                say_slow(&self.state, Some(elapsed));
            }
        }
        if self.running.is_none()
            && let Some(pending) = self.pending.take()
        {
            self.start(pending);
        }
    }

    /// Runs ticks until no build runs or waits, or `limit` has passed.
    pub(super) fn settle(&mut self, limit: Duration) {
        let started = Instant::now();
        self.tick();
        while self.busy() && started.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(10));
            self.tick();
        }
    }

    fn start(&mut self, pending: Pending) {
        let Some(mut session) = self.session.take() else {
            return;
        };
        let edited = match pending {
            Pending::Edited(paths) => paths,
            Pending::All => Vec::new(),
        };
        let (options, state, pool) = (self.options.clone(), self.state.handle(), self.pool.clone());
        let handle = state.clone();
        let thread = std::thread::Builder::new()
            .name("handbook-build".into())
            .spawn(move || {
                let result = pool.install(|| rebuild(&options, &handle, &mut session, &edited));
                (session, result)
            });
        match thread {
            Ok(thread) => {
                self.running = Some(Running {
                    thread,
                    started: Instant::now(),
                    state,
                    said_slow: false,
                })
            }
            Err(err) => eprintln!("Kan ikke starte en bygning: {err}"),
        }
    }

    fn finish(&mut self) {
        let Some(running) = self.running.take() else {
            return;
        };
        match running.thread.join() {
            Ok((session, result)) => {
                self.session = Some(session);
                if let Err(problems) = result {
                    eprint!("{problems}");
                    eprintln!("{STILL_SERVING}");
                }
            }
            // A panic in a build: start over with a fresh session.
            Err(_) => {
                eprintln!("Bygningen stoppede uventet; den næste bygger hele håndbogen forfra.");
                self.session = Some(new_session(&self.options));
            }
        }
        if std::mem::take(&mut self.slow_shown) {
            say_slow(&self.state, None);
        }
    }

    /// Cuts the running build off and lets the waiting change build the
    /// whole site afresh, on a fresh thread pool.
    fn give_up(&mut self, elapsed: Duration) {
        let Some(running) = self.running.take() else {
            return;
        };
        running.state.give_up();
        eprintln!(
            "Bygningen har kørt i {} s uden at blive færdig (en skabelon, der ikke slutter?). Den opgives, og håndbogen bygges forfra med dine seneste ændringer. Den gamle bygning bruger stadig CPU, til `handbook serve` genstartes.",
            elapsed.as_secs()
        );
        match new_pool() {
            Ok(pool) => self.pool = Arc::new(pool),
            Err(err) => eprintln!("{err}"),
        }
        self.session = Some(new_session(&self.options));
        self.pending = Some(Pending::All);
        // The thread is left to run; dropping its handle detaches it.
        drop(running.thread);
    }
}

fn new_pool() -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("handbook-render-{i}"))
        .build()
        .map_err(|e| format!("Kan ikke starte tråde til bygningen: {e}"))
}

/// Says on open pages that a build has run `elapsed` (or no longer runs).
fn say_slow(state: &AppState, elapsed: Option<Duration>) {
    let build = {
        let mut served = state.write();
        served.slow = elapsed.map(|e| {
            format!(
                "Bygningen har kørt i {} s og er ikke færdig. Indeholder en skabelon en løkke, der ikke slutter (fx en løkke i en løkke)? Ret den og gem: så bygges håndbogen forfra ved siden af. Siden viser imens den seneste gode udgave.",
                e.as_secs()
            )
        });
        served.build
    };
    state.send(PreviewEvent::Slow(build));
}

#[cfg(test)]
mod tests {
    use super::Pending;
    use std::path::PathBuf;

    #[test]
    fn edits_merge_and_anything_else_builds_all() {
        let a = || Pending::Edited(vec![PathBuf::from("a.md")]);
        let b = Pending::Edited(vec![PathBuf::from("b.md"), PathBuf::from("a.md")]);
        assert_eq!(
            a().merge(b),
            Pending::Edited(vec![PathBuf::from("a.md"), PathBuf::from("b.md")])
        );
        assert_eq!(a().merge(Pending::All), Pending::All);
        assert_eq!(Pending::All.merge(a()), Pending::All);
    }
}
