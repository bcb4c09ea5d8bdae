//! `PlotError`: why a figure was not written.

use core::fmt;
use std::io;
use std::path::PathBuf;

/// Why a figure could not be written. When it is returned, the file the caller named has not
/// been touched: a figure is drawn in memory and moved into place only once complete.
#[derive(Debug)]
pub enum PlotError {
    /// The file name does not end in `.svg` or `.png`, so the format is unknown.
    UnknownExtension {
        /// The path as given.
        path: PathBuf,
    },
    /// The file could not be written, e.g. its directory does not exist or is read-only.
    Write {
        /// The path as given.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// Something to be drawn is unusable: an empty list of runs, a zero-sized image, an
    /// interval that is empty or not finite.
    InvalidInput {
        /// What was expected.
        expected: &'static str,
        /// What was found.
        found: String,
    },
    /// The drawing library or the PNG encoder failed.
    Drawing {
        /// Their message.
        message: String,
    },
}

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownExtension { path } => {
                let found = match path.extension() {
                    Some(extension) => format!("`.{}`", extension.to_string_lossy()),
                    None => "no extension".to_owned(),
                };
                write!(
                    f,
                    "cannot tell the image format of {}: expected a name ending in `.svg` or \
                     `.png`, found {found}",
                    path.display()
                )
            }
            Self::Write { path, source } => write!(f, "cannot write {}: {source}", path.display()),
            Self::InvalidInput { expected, found } => {
                write!(f, "cannot plot: expected {expected}, found {found}")
            }
            Self::Drawing { message } => write!(f, "drawing the figure failed: {message}"),
        }
    }
}

impl std::error::Error for PlotError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl PlotError {
    /// Wraps an error from plotters or the PNG encoder.
    pub(crate) fn drawing(error: impl fmt::Display) -> Self {
        Self::Drawing {
            message: error.to_string(),
        }
    }

    /// An [`InvalidInput`](Self::InvalidInput) error.
    pub(crate) fn invalid(expected: &'static str, found: impl fmt::Display) -> Self {
        Self::InvalidInput {
            expected,
            found: found.to_string(),
        }
    }
}
