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

/// A report ready to check and print: what the user wrote, every total
/// computed or checked, the prose split into paragraphs with its
/// placeholders filled.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file it was read from, as findings and outputs name it.
    pub file: PathBuf,
    /// The template it was resolved against, shared by every report of a run
    /// that uses it.
    pub template: Arc<Template>,
    /// Who reports on which year, and the title, signature and date as printed.
    pub meta: Meta,
    /// The six sections, in the template's order.
    pub sections: Vec<Section>,
    /// Every figure by key path, with the totals the file left out
    /// computed.
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

/// The `[report]` table, checked, with the title filled in when left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The reporting body (发文机关), trimmed; never empty.
    pub agency: String,
    /// The reporting year, e.g. 2022; between 1949 and 2999.
    pub year: u16,
    /// The title as printed: the file's, or the template's default form,
    /// e.g. 老城区人民政府办公室2022年政府信息公开工作年度报告.
    pub title: String,
    /// The 发文机关署名 printed after 六; `None` when the file gives none.
    pub signature: Option<String>,
    /// The 成文日期, a date the calendar has; `None` when the file gives none.
    pub date: Option<Date>,
}

/// One of the six sections 一、 to 六、, as the template orders and names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The key the input files the section under, e.g. `applications`.
    pub key: String,
    /// The heading as printed, without its 一、 number (the writers number
    /// it), e.g. 收到和处理政府信息公开申请情况.
    pub heading: String,
    /// The section's lead paragraphs and numbered parts.
    pub prose: Prose,
}

/// Lead paragraphs, then numbered parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    /// The paragraphs, one per non-blank line of the file's text, trimmed and
    /// with their `{{path}}` placeholders filled.
    pub paragraphs: Vec<String>,
    /// The numbered parts after them, in order.
    pub parts: Vec<Part>,
}

/// A numbered part of a section (（一） 1. （1）): its heading, its
/// paragraphs and its own parts one level down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The heading without numbering: the tool numbers it.
    pub heading: String,
    /// Numbering the file typed before the heading (`（一）`), taken off so
    /// it is not printed twice.
    pub numbering: Option<String>,
    /// The part's paragraphs and its parts one level down.
    pub prose: Prose,
}

/// Every figure of the report by key path (`applications.new`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures(pub BTreeMap<String, Figure>);

/// One figure of the report, of the kind its template says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// A row of counts (an applicant or appeal row).
    Row(Row),
    /// A single count, e.g. 行政许可：本年处理决定数量.
    Count(u64),
    /// The fee in 万元, kept digit for digit as written.
    Decimal(Fee),
}

/// A row of counts, its total (if its column set has one) last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The counts in the template's column order, the total (if the row
    /// has one) last; zeros for a row the file left out.
    pub values: Vec<u64>,
    /// Who wrote the numbers, so that rules which would only re-add a
    /// computed total skip it.
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
    /// The last value: the 总计 of a row whose columns have one; 0 for an
    /// empty row.
    pub fn total(&self) -> u64 {
        self.values.last().copied().unwrap_or(0)
    }
}

impl Figures {
    /// The row at a key path; `None` for a count, the fee or an unknown key.
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
    /// Every error, in the order of the file; never empty.
    pub errors: Vec<InputError>,
    /// The report as it resolves with every typing slip fixed, when the
    /// errors were all such slips; its findings can then be told in the
    /// same run.
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
