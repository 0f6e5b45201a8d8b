//! The typed report: what the user wrote, with every total resolved and
//! every placeholder filled, so checks and the document builder only read.

mod numbering;
mod prose;
mod resolve;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::date::Date;
use crate::input::{self, Fee, InputError, Parsed, Place, Refused, Syntax};
use crate::template::{FigurePath, Template};

pub use numbering::split_numbering;
pub use prose::{split_paragraphs, PlaceholderError};
pub use resolve::resolve_all;

/// Limits that keep a hostile file from hanging the tool. Each is reported
/// with its value when exceeded.
pub mod limits {
    /// Longest one-line text (agency, title, heading), in characters.
    pub const MAX_LINE_CHARS: usize = 200;
    /// Longest paragraph, in characters (a real one has under 2 000).
    pub const MAX_PARAGRAPH_CHARS: usize = 20_000;
    /// Levels of numbered parts below a section heading: （一） 1. （1）.
    pub const MAX_PART_DEPTH: usize = 3;
}

#[derive(Debug, Clone)]
pub struct Report {
    pub file: PathBuf,
    pub template: Arc<Template>,
    pub meta: Meta,
    /// The six sections, in the template's order.
    pub sections: Vec<Section>,
    pub figures: Figures,
    /// The figures the file left out (read as zeros), by key path.
    pub omitted: BTreeSet<String>,
    /// Where the file wrote its keys, so a finding can say what to change.
    pub places: KeyPlaces,
}

/// Where a report's keys and paragraphs were written in its file, as the
/// reader told. Only what the file wrote has a place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPlaces {
    /// By key path: `applications.new`, `applications.new[6]`,
    /// `proactive.rules.in_force`, `overview.parts[1].heading`,
    /// `overview.parts[1].text`.
    pub keys: BTreeMap<String, Place>,
    /// By the key path of a text: where each of its paragraphs starts.
    pub paragraphs: BTreeMap<String, Vec<Option<Place>>>,
}

impl KeyPlaces {
    /// Where the value at `key` was written.
    pub fn key(&self, key: &str) -> Option<Place> {
        self.keys.get(key).copied()
    }

    /// Where the `index`-th paragraph (from 0) of the text at `text_key`
    /// starts, or the text itself when the paragraph cannot be found.
    pub fn paragraph(&self, text_key: &str, index: usize) -> Option<Place> {
        self.paragraphs
            .get(text_key)
            .and_then(|p| p.get(index).copied().flatten())
            .or_else(|| self.key(text_key))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub agency: String,
    pub year: u16,
    pub title: String,
    pub signature: Option<String>,
    pub date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub key: String,
    pub heading: String,
    pub prose: Prose,
}

/// Lead paragraphs, then numbered parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    pub paragraphs: Vec<String>,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The heading without numbering: the tool numbers it.
    pub heading: String,
    /// Numbering the file typed before the heading (`（一）`), taken off so
    /// it is not printed twice.
    pub numbering: Option<String>,
    pub prose: Prose,
}

/// Every figure of the report by key path (`applications.new`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures(pub BTreeMap<String, Figure>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    Row(Row),
    Count(u64),
    Decimal(Fee),
}

/// A row of counts, its total (if its column set has one) last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub values: Vec<u64>,
    pub origin: Origin,
    /// The sum of the non-total columns, to check a given total against.
    pub parts_sum: Option<u64>,
}

/// Where a figure came from: a total the tool computed cannot be wrong, so
/// rules that would only re-add it are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Every number, the total included, was written by the user.
    Given,
    /// The user wrote the parts; the tool added the total.
    TotalComputed,
    /// The whole row was computed from other rows.
    Computed,
    /// The row was left out: zeros.
    Omitted,
}

impl Row {
    pub fn total(&self) -> u64 {
        self.values.last().copied().unwrap_or(0)
    }
}

impl Figures {
    pub fn row(&self, key: &str) -> Option<&Row> {
        match self.0.get(key) {
            Some(Figure::Row(r)) => Some(r),
            _ => None,
        }
    }

    /// A number as printed: a count, a row's column, or the fee.
    pub fn text(&self, path: &FigurePath) -> Option<String> {
        match (self.0.get(&path.figure)?, &path.column) {
            (Figure::Count(n), None) => Some(n.to_string()),
            (Figure::Decimal(f), None) => Some(f.to_string()),
            (Figure::Row(row), Some(column)) => row.values.get(column.index).map(u64::to_string),
            _ => None,
        }
    }

    /// A whole number: a count or a row's column, not the fee.
    pub fn count(&self, path: &FigurePath) -> Option<u64> {
        match (self.0.get(&path.figure)?, &path.column) {
            (Figure::Count(n), None) => Some(*n),
            (Figure::Row(row), Some(column)) => row.values.get(column.index).copied(),
            _ => None,
        }
    }
}

/// Reads, parses and resolves a report file; the first error only (see
/// [`load_all`]).
pub fn load(path: &Path) -> Result<Report, InputError> {
    load_all(path).map_err(|r| r.into_first())
}

/// Reads (with `options`) and resolves a report file of any format, with
/// what its reader noted (empty for a text report).
pub fn load_with(
    path: &Path,
    options: &input::ReadOptions,
) -> Result<(Report, Vec<input::ImportNote>), InputError> {
    let parsed = input::read_report_with(path, options)?;
    Ok((resolve(&parsed)?, parsed.notes))
}

/// Reads and resolves a report from its text; `file` names it in errors.
pub fn from_text(file: &Path, source: &str, syntax: Syntax) -> Result<Report, InputError> {
    from_text_all(file, source, syntax).map_err(|r| r.into_first())
}

/// Resolves what a reader read against its template: totals computed,
/// rows checked, placeholders filled. The first error only (see
/// [`resolve_all`]).
pub fn resolve(parsed: &Parsed) -> Result<Report, InputError> {
    resolve_all(parsed).map_err(|errors| Rejected::new(errors, None).into_first())
}

/// Why a report file was not read: every error in the order of the file
/// (never empty), and, when they were all typing slips with one sure fix
/// (see [`Refused`]), the report as it reads with them fixed, so its
/// findings can be told in the same run. A rejected report is never
/// exported.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub errors: Vec<InputError>,
    pub fixed: Option<Box<Report>>,
}

impl Rejected {
    fn new(errors: Vec<InputError>, fixed: Option<Report>) -> Self {
        Rejected {
            errors,
            fixed: fixed.map(Box::new),
        }
    }

    /// The first error, for a caller that tells only one.
    pub fn into_first(self) -> InputError {
        Refused {
            errors: self.errors,
            fixed: None,
        }
        .into_first()
    }
}

/// Reads, parses and resolves a report file, naming every error when it
/// cannot.
pub fn load_all(path: &Path) -> Result<Report, Rejected> {
    finish(input::read_report_all(path))
}

/// Reads (with `options`) and resolves a report file of any format, naming
/// every error when it cannot, with what its reader noted (empty for a
/// text report, or when the file could not be read).
pub fn load_all_with(
    path: &Path,
    options: &input::ReadOptions,
) -> (Result<Report, Rejected>, Vec<input::ImportNote>) {
    let read = input::read_report_all_with(path, options);
    let notes = match &read {
        Ok(parsed) => parsed.notes.clone(),
        Err(_) => Vec::new(),
    };
    (finish(read), notes)
}

/// [`from_text`], naming every error.
pub fn from_text_all(file: &Path, source: &str, syntax: Syntax) -> Result<Report, Rejected> {
    finish(input::text::read_all(file, Cow::Borrowed(source), syntax))
}

fn finish(read: Result<Parsed, Refused>) -> Result<Report, Rejected> {
    match read {
        Ok(parsed) => resolve_all(&parsed).map_err(|errors| Rejected::new(errors, None)),
        Err(Refused {
            errors,
            fixed: None,
        }) => Err(Rejected::new(errors, None)),
        Err(Refused {
            mut errors,
            fixed: Some(parsed),
        }) => match resolve_all(&parsed) {
            Ok(report) => Err(Rejected::new(errors, Some(report))),
            Err(more) => {
                errors.extend(more);
                input::in_file_order(&mut errors);
                Err(Rejected::new(errors, None))
            }
        },
    }
}
