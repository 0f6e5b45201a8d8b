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
//! and `schema` (`gongwen schema`).
//!
//! Documents people already have are read beside the text reader, chosen
//! by the file's first bytes (`sniff`): a DOCX (`docx`) or a web page
//! (`html`) becomes format-neutral paragraphs and tables (`document`),
//! which `import` reads as a report into the same tree, with notes on what
//! it guessed; an old binary `.doc`/`.wps` is refused, or converted by
//! LibreOffice (`convert`) when asked.

pub mod convert;
pub(crate) mod document;
mod docx;
mod error;
mod explain;
pub mod file;
pub mod fix;
mod html;
pub mod ime;
pub mod import;
mod locator;
mod note;
mod place;
mod raw;
mod reader;
mod repair;
pub mod schema;
pub mod skeleton;
pub mod sniff;
pub mod text;
mod values;

use std::borrow::Cow;
use std::path::Path;

pub use error::{in_file_order, InputError, InputErrorKind};
pub use import::{ImportNote, NoteKind, NoteSeverity, ReadOptions, Source};
pub use locator::Locator;
pub use place::{Place, Places, Syntax};
pub use raw::{
    RawAppeals, RawApplications, RawFigure, RawMeta, RawNotProcessed, RawOther, RawPart,
    RawProactive, RawProse, RawReport, RawResults, RawRow, RawStock, RawUnable, RawWithheld,
};
pub use reader::{Parsed, Refused};
pub use values::{Count, DateText, Fee, FeeError, FeeSum};

/// Reads a report file with the default options: see [`read_report_with`].
pub fn read_report(path: &Path) -> Result<Parsed<'static>, InputError> {
    read_report_with(path, &ReadOptions::default())
}

/// Reads a report file with the reader its content chooses: a DOCX, a web
/// page, or (anything else) a text report, `.json` as JSON and the rest as
/// TOML. An old binary Word/WPS file is refused with how to save it as
/// DOCX, or converted by LibreOffice under `options.convert`. The first
/// error only; [`read_report_all_with`] finds every one.
pub fn read_report_with(path: &Path, options: &ReadOptions) -> Result<Parsed<'static>, InputError> {
    read_report_all_with(path, options).map_err(Refused::into_first)
}

/// Reads a report file as [`read_report`] does, and when it cannot, names
/// every error the reader finds in it (see [`Refused`]).
pub fn read_report_all(path: &Path) -> Result<Parsed<'static>, Refused<'static>> {
    read_report_all_with(path, &ReadOptions::default())
}

/// [`read_report_with`], naming every error when the file cannot be read.
pub fn read_report_all_with(
    path: &Path,
    options: &ReadOptions,
) -> Result<Parsed<'static>, Refused<'static>> {
    let (kind, bytes) = file::read_sniffed(path).map_err(Refused::one)?;
    read_bytes_all_with(path, kind, bytes, options)
}

/// Reads a report from bytes already in memory; `file` names it in errors
/// and, for a binary to convert, is the file LibreOffice reads.
pub fn read_bytes_with(
    file: &Path,
    kind: sniff::Kind,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<Parsed<'static>, InputError> {
    read_bytes_all_with(file, kind, bytes, options).map_err(Refused::into_first)
}

/// [`read_bytes_with`], naming every error of a text report.
fn read_bytes_all_with(
    file: &Path,
    kind: sniff::Kind,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<Parsed<'static>, Refused<'static>> {
    use sniff::Kind;
    let refuse = |kind| Err(Refused::one(InputError::new(file, kind)));
    match kind {
        Kind::Zip => import::read_docx(file, &bytes, Vec::new(), options).map_err(Refused::one),
        Kind::Html => import::read_html(file, &bytes, options).map_err(Refused::one),
        Kind::Ole { encrypted: true } => refuse(InputErrorKind::Encrypted),
        Kind::Ole { .. } | Kind::Rtf if options.convert => {
            let converted = convert::to_docx(file).map_err(Refused::one)?;
            let note = ImportNote {
                severity: NoteSeverity::Info,
                kind: NoteKind::Converted,
                place: None,
                message: "是旧版二进制文档，已用 LibreOffice 转换为 .docx 后读取（--convert）"
                    .to_string(),
                subject: None,
            };
            import::read_docx(file, &converted, vec![note], options).map_err(Refused::one)
        }
        Kind::Ole { .. } | Kind::Rtf => refuse(InputErrorKind::LegacyBinary),
        Kind::Pdf => refuse(InputErrorKind::UnknownFormat),
        Kind::Other if is_document_name(file) => refuse(InputErrorKind::UnknownFormat),
        Kind::Other => {
            let source = text::decode(file, bytes).map_err(Refused::one)?;
            text::read_all(file, Cow::Owned(source), Syntax::from_path(file))
        }
    }
}

/// A name that promises a document, not a text report: such a file that
/// is neither is refused as unknown rather than parsed as TOML.
fn is_document_name(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some(
            "docx"
                | "doc"
                | "wps"
                | "wpt"
                | "dotx"
                | "docm"
                | "odt"
                | "rtf"
                | "pdf"
                | "ofd"
                | "html"
                | "htm"
                | "mht"
                | "mhtml"
                | "xlsx"
                | "xls"
                | "et"
        )
    )
}
