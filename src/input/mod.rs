//! Reading a report: the input contract (`docs/input-format.md`) and
//! the readers that fill it.
//!
//! A reader turns a file into the contract's tree, [`RawReport`], which holds
//! exactly what the user wrote, and into [`Places`], which says where each
//! key was written so that problems found later point back into the file.
//! Numbers that must add up, row lengths and placeholders are resolved into
//! the model afterwards (`model::resolve`), from the tree and the places
//! alone: the model never sees the file's syntax.
//!
//! The files: `reader` (what every reader hands over: [`Parsed`] and its
//! [`Places`]), `file` (bytes from disk, with the size and file-type
//! refusals every format shares), `text` (the TOML/JSON reader, one tree
//! for both syntaxes, and its places), `raw` (the tree), `values` (counts,
//! the fee, the date text), `error` (what can be wrong, and where), and the
//! contract described for people and editors: `skeleton` (`gongwen new`)
//! and `schema` (`gongwen schema`). A reader for another format stands
//! beside `text` and is chosen in [`read_report`].

mod error;
mod explain;
pub mod file;
pub mod ime;
mod locator;
mod raw;
mod reader;
mod repair;
pub mod schema;
pub mod skeleton;
pub mod text;
mod values;

use std::borrow::Cow;
use std::path::Path;

pub use error::{in_file_order, InputError, InputErrorKind};
pub use locator::Locator;
pub use raw::{
    RawAppeals, RawApplications, RawFigure, RawMeta, RawNotProcessed, RawOther, RawPart,
    RawProactive, RawProse, RawReport, RawResults, RawRow, RawStock, RawUnable, RawWithheld,
};
pub use reader::{Parsed, Place, Places, Refused, Syntax};
pub use values::{Count, DateText, Fee, FeeError};

/// Reads a report file with the reader its extension chooses: today the
/// text reader, which takes `.json` as JSON and anything else as TOML.
/// The first error only; [`read_report_all`] finds every one.
pub fn read_report(path: &Path) -> Result<Parsed<'static>, InputError> {
    read_report_all(path).map_err(Refused::into_first)
}

/// Reads a report file as [`read_report`] does, and when it cannot, names
/// every error the reader finds in it (see [`Refused`]).
pub fn read_report_all(path: &Path) -> Result<Parsed<'static>, Refused<'static>> {
    let bytes = file::read_bytes(path).map_err(Refused::one)?;
    let source = text::decode(path, bytes).map_err(Refused::one)?;
    text::read_all(path, Cow::Owned(source), Syntax::from_path(path))
}
