//! What every reader hands over: the contract's tree, and where in the
//! file each of its keys was written.

use std::fmt;
use std::path::{Path, PathBuf};

use super::error::InputError;
use super::import::ImportNote;
use super::raw::RawReport;

/// A report as a reader read it: the contract's tree and where each of its
/// keys came from.
pub struct Parsed<'a> {
    /// The file it came from, as errors and outputs name it.
    pub file: PathBuf,
    /// The contract's tree as read: what the file wrote, nothing added up yet.
    pub report: RawReport,
    /// Where each key was written, so that an error found after reading
    /// points back into the file.
    pub places: Box<dyn Places + Send + Sync + 'a>,
    /// What a document reader wants the user to know about its reading
    /// (cells read as 0, rows it could not place …), each with its place;
    /// empty for a text report, which is read exactly as written.
    pub notes: Vec<ImportNote>,
}

/// Why a reader refused a file: every error it found, in the order of the
/// file (never empty), and, when each of them was a typing slip with one
/// sure fix (a Chinese comma where TOML needs `,`), the report as it reads
/// with them fixed, so that its other mistakes can be named in the same
/// run. A refused file is never exported, fixed or not.
pub struct Refused<'a> {
    /// Every error found, in the order of the file; never empty.
    pub errors: Vec<InputError>,
    /// The report as it reads with every slip fixed, when each error was
    /// such a slip; `None` otherwise.
    pub fixed: Option<Box<Parsed<'a>>>,
}

impl Refused<'_> {
    /// A file refused for one reason.
    pub fn one(error: InputError) -> Self {
        Refused {
            errors: vec![error],
            fixed: None,
        }
    }

    /// The first error, for a caller that tells only one.
    pub fn into_first(self) -> InputError {
        let mut errors = self.errors;
        // Never empty by construction; a stand-in keeps this total.
        if errors.is_empty() {
            errors.push(InputError::new(
                std::path::Path::new(""),
                super::InputErrorKind::Empty,
            ));
        }
        errors.swap_remove(0)
    }
}

/// Where a reader found what it read, so that a problem found after
/// reading (a row of the wrong length, an unknown placeholder) points back
/// into the file: a line and column of a text file, a paragraph or a table
/// cell of an imported document.
pub trait Places {
    /// The place of the value at a key path (`applications.new`,
    /// `overview.parts`), or of the deepest key of it that can be found.
    fn of_key(&self, key: &str) -> Option<Place>;

    /// The place of `text` (a placeholder) written in the value at `key`.
    fn of_text(&self, key: &str, text: &str) -> Option<Place>;
}

/// Where in a report file something was written, as its reader knows it.
/// Every number counts from 1, as a person counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// A line and column (in characters) of a TOML or JSON file.
    Text {
        /// The line, from 1.
        line: usize,
        /// The column, in characters from 1.
        column: usize,
    },
    /// A paragraph of an imported document, counted from its start.
    Paragraph {
        /// The paragraph, from 1.
        index: usize,
    },
    /// A cell of an imported document's table: the `table`-th table, its
    /// grid row and column.
    Cell {
        /// The table, counted from 1 in document order.
        table: usize,
        /// The row of the table's grid, from 1.
        row: usize,
        /// The column of the table's grid, from 1.
        column: usize,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Text { line, column } => write!(f, "{line}:{column}"),
            Place::Paragraph { index } => write!(f, "第 {index} 段"),
            Place::Cell { table, row, column } => {
                write!(f, "第 {table} 张表第 {row} 行第 {column} 列")
            }
        }
    }
}

/// The syntax of a report file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// TOML, the primary syntax (`.toml` and anything not `.json`).
    Toml,
    /// JSON with the same tree (`.json`).
    Json,
}

impl Syntax {
    /// `.json` is JSON; anything else is read as TOML, the primary syntax.
    pub fn from_path(path: &Path) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Syntax::Json,
            _ => Syntax::Toml,
        }
    }
}
