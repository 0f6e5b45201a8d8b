//! What a reader of a document wants its user to know: a note with its
//! severity, kind and place.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::place::Place;

/// How much a note matters. Errors stop the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteSeverity {
    /// Read as a reader of the page would (a blank cell read as 0, a
    /// heading known by its number), and said so.
    Info,
    /// Read, but check it: something was guessed or left out.
    Warning,
    /// Could not be read: the import fails.
    Error,
}

impl NoteSeverity {
    /// The word a person reads: 说明, 警告, 错误.
    pub fn label(self) -> &'static str {
        match self {
            NoteSeverity::Info => "说明",
            NoteSeverity::Warning => "警告",
            NoteSeverity::Error => "错误",
        }
    }
}

/// Why a note was made, for callers that act on kinds of note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A count or fee cell printed blank, as a dash, `/` or `无`: read as 0.
    BlankCell,
    /// A table row whose label matches no row of the format.
    UnknownRow,
    /// One of the tables not found.
    MissingTable,
    /// A row of a table that is there not found.
    MissingRow,
    /// A section heading not found; its text went to a neighbour.
    MissingSection,
    /// Text that is not part of the report (portal chrome), left out.
    NotImported,
    /// The file was converted by LibreOffice before it was read.
    Converted,
    /// Anything else worth telling.
    Other,
}

/// One thing the importer wants the reader to know, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportNote {
    /// How much it matters: an error stops the import, a warning asks the
    /// user to check the figure, an info only tells.
    pub severity: NoteSeverity,
    /// Why the note was made, for a caller that acts on kinds of note.
    pub kind: NoteKind,
    /// A paragraph or table cell of the document; `None` for the whole.
    pub place: Option<Place>,
    /// Written to follow the place: `为空，按 0 计（…）`.
    pub message: String,
    /// The printed label of the row the note is about, when it is about
    /// one figure's row.
    pub subject: Option<String>,
}

impl ImportNote {
    /// The note as one line, its place first.
    pub fn text(&self) -> String {
        match &self.place {
            Some(place) => format!("{place}{}", self.message),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for ImportNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.severity.label(), self.text())
    }
}
