//! [`WriteError`]: why nothing was written, in Danish, naming the folder and
//! the files involved.

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::escape_controls;

use super::{Danger, manifest};

/// Why nothing was written.
#[derive(Debug)]
pub enum WriteError {
    /// A folder no build may write into.
    Refused {
        /// The folder as given.
        dir: PathBuf,
        /// Where it really is (links resolved).
        resolved: PathBuf,
        /// Why no build may write there.
        danger: Danger,
    },
    /// The folder holds files handbook did not write, and `force` is off.
    NotOurs {
        /// The folder.
        dir: PathBuf,
        /// A few of the files that are not handbook's.
        examples: Vec<String>,
    },
    /// Things handbook did not write stand where the site's files must go.
    InTheWay {
        /// The folder.
        dir: PathBuf,
        /// Each path in the way, and what stands there.
        obstacles: Vec<(String, &'static str)>,
    },
    /// The file system failed.
    Io {
        /// The file or folder it failed on.
        path: PathBuf,
        /// The error.
        err: io::Error,
    },
}

impl WriteError {
    /// A refusal to write where asked (a usage error), not a failure on the way.
    pub fn is_refusal(&self) -> bool {
        !matches!(self, WriteError::Io { .. })
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused {
                dir,
                resolved,
                danger,
            } => {
                write!(f, "{}: fejl: {}", dir.display(), danger.message())?;
                if resolved != dir {
                    write!(f, " ({})", resolved.display())?;
                }
                writeln!(f)?;
                write!(f, "  = tip: {}", danger.hint())
            }
            WriteError::NotOurs { dir, examples } => {
                writeln!(
                    f,
                    "{}: fejl: mappen er ikke tom og er ikke bygget af handbook (der er ingen {})",
                    dir.display(),
                    manifest::FILE
                )?;
                writeln!(f, "  den indeholder fx: {}", quoted(examples))?;
                write!(
                    f,
                    "  = tip: vælg en tom eller ny mappe; eller tilføj `--force` for at skrive webstedet ind ved siden af det, der er der (handbook fjerner intet, den ikke selv har skrevet)"
                )
            }
            WriteError::InTheWay { dir, obstacles } => {
                writeln!(
                    f,
                    "{}: fejl: noget, handbook ikke har skrevet, står, hvor webstedets filer skal ligge:",
                    dir.display()
                )?;
                for (path, why) in obstacles.iter().take(10) {
                    writeln!(f, "  `{}` {why}", escape_controls(path))?;
                }
                if obstacles.len() > 10 {
                    writeln!(f, "  … og {} til", obstacles.len() - 10)?;
                }
                write!(
                    f,
                    "  = tip: flyt eller slet dem selv; handbook overskriver ikke andres filer"
                )
            }
            WriteError::Io { path, err } => {
                write!(f, "{}: fejl: kan ikke skrive: {err}", path.display())
            }
        }
    }
}

impl std::error::Error for WriteError {}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", escape_controls(n)))
        .collect::<Vec<_>>()
        .join(", ")
}
pub(super) fn io_error(path: &Path, err: io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        err,
    }
}
