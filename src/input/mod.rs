//! Reading a report: the input contract (`shared/docs/input-format.md`) and
//! the readers that fill it.
//!
//! A reader turns a file into the contract's tree, [`RawReport`], which holds
//! exactly what the user wrote, and into [`Places`], which says where each
//! key was written so that problems found later point back into the file.
//! Numbers that must add up, row lengths and placeholders are resolved into
//! the model afterwards (`model::resolve`), from the tree and the places
//! alone: the model never sees the file's syntax.
//!
//! The files: `file` (bytes from disk, with the size and file-type
//! refusals every format shares), `text` (the TOML/JSON reader, one tree
//! for both syntaxes), `locate` (its places), `raw` (the tree), `values`
//! (counts, the fee, the date text), `error` (what can be wrong, and where),
//! and the contract described for people and editors: `skeleton` (`gongwen
//! new`) and `schema` (`gongwen schema`). A reader for another format
//! stands beside `text` and is chosen in [`read_report`].

mod error;
pub mod file;
mod locate;
mod raw;
pub mod schema;
pub mod skeleton;
pub mod text;
mod values;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub use error::{InputError, InputErrorKind, Place};
pub use locate::Locator;
pub use raw::{
    RawAppeals, RawApplications, RawFigure, RawMeta, RawNotProcessed, RawOther, RawPart,
    RawProactive, RawProse, RawReport, RawResults, RawRow, RawStock, RawUnable, RawWithheld,
};
pub use text::Syntax;
pub use values::{Count, DateText, Fee, FeeError};

/// A report as a reader read it: the contract's tree and where each of its
/// keys came from.
pub struct Parsed<'a> {
    /// The file it came from, as errors and outputs name it.
    pub file: PathBuf,
    pub report: RawReport,
    pub places: Box<dyn Places + Send + Sync + 'a>,
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

/// Reads a report file with the reader its extension chooses: today the
/// text reader, which takes `.json` as JSON and anything else as TOML.
pub fn read_report(path: &Path) -> Result<Parsed<'static>, InputError> {
    let bytes = file::read_bytes(path)?;
    let source = text::decode(path, bytes)?;
    text::read(path, Cow::Owned(source), Syntax::from_path(path))
}

/// A value of the user's quoted back in a message, cut to 40 characters so
/// a 4 MiB string does not become a 4 MiB message.
pub(crate) fn clip(text: &str) -> String {
    const KEEP: usize = 40;
    if text.chars().count() <= KEEP {
        return text.to_string();
    }
    let head: String = text.chars().take(KEEP).collect();
    format!("{head}…")
}
