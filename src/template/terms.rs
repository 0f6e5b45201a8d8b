//! How rules and prose name the template's figures: a rule's term (one
//! figure, or a group of them) and a figure path (one printed number).
//! Both are read once, when the template or the prose rules load.

use std::fmt;

use serde::Deserialize;

/// A term of a rule: one figure, or every figure of a group, written
/// `group:withheld` in the template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(from = "String")]
pub enum Term {
    /// A figure, by key (`applications.new`).
    Figure(String),
    /// A group, by key (`withheld`).
    Group(String),
}

impl From<String> for Term {
    fn from(text: String) -> Term {
        match text.strip_prefix("group:") {
            Some(group) => Term::Group(group.to_string()),
            None => Term::Figure(text),
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Figure(key) => f.write_str(key),
            Term::Group(key) => write!(f, "group:{key}"),
        }
    }
}

/// One printed number of the report, resolved against the template: a
/// single figure (`proactive.licensing`) or one column of a row figure
/// (`applications.new.total`), as `{{placeholders}}` and the prose rules
/// write it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FigurePath {
    /// The figure's key, `applications.new`.
    pub figure: String,
    /// The column, for a row figure; `None` for a single number.
    pub column: Option<ColumnRef>,
}

/// A column of a row figure: its place in the row and its key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ColumnRef {
    /// The column's place in its row, from 0: an index into the
    /// figure's numbers and its column set's labels.
    pub index: usize,
    /// The column's key in its column set, `total`.
    pub key: String,
}

impl FigurePath {
    /// The section the figure is reported in: its key's first part, as the
    /// input contract nests figures under their section.
    pub fn section(&self) -> &str {
        self.figure.split('.').next().unwrap_or_default()
    }
}

impl fmt::Display for FigurePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.figure)?;
        if let Some(column) = &self.column {
            write!(f, ".{}", column.key)?;
        }
        Ok(())
    }
}
