//! What every reader hands over: the contract's tree, and where in the
//! file each of its keys was written.

use std::path::PathBuf;

use super::error::InputError;
use super::note::ImportNote;
use super::place::Places;
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
