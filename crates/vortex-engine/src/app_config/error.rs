//! Problems and warnings found while loading the configuration, each naming the layer
//! that set the value and the value's path.

use std::fmt;

/// What kind of problem a [`ConfigProblem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A configuration file exists (or was named explicitly) but cannot be read.
    Unreadable,
    /// A file is not valid TOML, or an environment variable name is malformed.
    Syntax,
    /// A key that no section has.
    UnknownField,
    /// A value of the wrong type, or not one of the allowed names.
    WrongType,
    /// A well-typed value that is not allowed (range, format, missing file).
    Invalid,
}

/// One problem in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The layer that set the value: `built-in defaults`, a file path,
    /// `environment VORTEX_AUDIO__BLOCK_SIZE` or `command line --block-size`.
    pub layer: String,
    /// Line and column (1-based) in the layer's file, where known.
    pub location: Option<(usize, usize)>,
    /// Dotted path of the value (`audio.block_size`, `performance.cpu_affinity[1]`);
    /// empty for a problem with the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// The kind of problem.
    pub kind: ProblemKind,
}

/// A value that was out of range but safe to adjust, and what was used instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    /// The layer that set the value (as in [`ConfigProblem::layer`]).
    pub layer: String,
    /// Line and column (1-based) in the layer's file, where known.
    pub location: Option<(usize, usize)>,
    /// Dotted path of the value.
    pub path: String,
    /// What was adjusted (`9 is below 16; using 16`).
    pub message: String,
}

fn write_located(
    f: &mut fmt::Formatter<'_>,
    layer: &str,
    location: Option<(usize, usize)>,
    path: &str,
    message: &str,
) -> fmt::Result {
    write!(f, "{layer}")?;
    if let Some((line, col)) = location {
        write!(f, ":{line}:{col}")?;
    }
    if path.is_empty() {
        write!(f, ": {message}")
    } else {
        write!(f, ": {path}: {message}")
    }
}

/// `layer[:line:col]: path: message`, e.g.
/// `/home/u/.config/vortex/config.toml:3:1: audio.blok_size: unknown field, expected one of ...`.
impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_located(f, &self.layer, self.location, &self.path, &self.message)
    }
}

/// Same format as [`ConfigProblem`].
impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_located(f, &self.layer, self.location, &self.path, &self.message)
    }
}

/// Every problem found in the configuration (never empty), and the warnings found
/// along the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Every problem, in layer order, then validation order.
    pub problems: Vec<ConfigProblem>,
    /// Values that were clamped before the problems made the configuration unusable.
    pub warnings: Vec<ConfigWarning>,
}

impl ConfigError {
    /// Whether a file could not be read at all (rather than being invalid).
    pub fn is_unreadable(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.kind == ProblemKind::Unreadable)
    }
}

/// One problem per line.
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}
