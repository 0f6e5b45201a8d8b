//! Where something was written in a report file, and in which syntax: the
//! vocabulary every reader, error and finding shares, depending on nothing.

use std::fmt;
use std::path::Path;

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

/// A byte offset as a 1-based line and column (in characters).
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let mut start = offset;
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let before = &source[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}
