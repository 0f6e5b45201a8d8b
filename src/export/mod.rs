//! Export: from a checked report to its documents. One call,
//! [`render_report`], runs the checks, refuses a report with error findings
//! unless it is a draft, and renders every requested [`Format`] to bytes in
//! memory; the CLI, the fuzz target, the benches and a server all go
//! through it. Writing to disk is apart ([`write_outputs`],
//! [`export_report`]): every output is complete in memory before the first
//! byte reaches the disk, so a failure in one format never leaves a fresh
//! file of another beside a stale one.

pub mod atomic;
mod disk;
mod format;

use std::collections::BTreeMap;

use crate::check::{self, CheckOptions, Finding};
use crate::date::{Instant, Stamp};
use crate::doc::{build_document, Document, TableShapeError};
use crate::docx::{write_docx, DocxError, DocxOptions};
use crate::fonts::{FontSet, FontWarning};
use crate::layout::{layout_document, LayoutError, Pages};
use crate::model::Report;
use crate::ofd::{write_ofd, OfdError};
use crate::pdf::{write_pdf, Conformance, PdfError, PdfOptions};

pub use atomic::{write_atomic, write_atomic_all, WriteError};
pub use disk::{
    export_report, is_by_product, output_path, write_outputs, ExportOptions, Exported,
    OWN_OUTPUT_INFIX,
};
pub use format::{Format, Formats};

/// What to render and how.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The formats to render; PDF and OFD share one layout.
    pub formats: Formats,
    /// Render despite error findings, every page marked 草稿.
    pub draft: bool,
    /// The checks run before rendering; their errors refuse the export.
    pub check: CheckOptions,
    /// How the PDF is written.
    pub pdf: PdfOptions,
    /// How the DOCX is written.
    pub docx: DocxOptions,
    /// The date files state when the report gives no 成文日期: the instant
    /// `SOURCE_DATE_EPOCH` names ([`crate::date::source_date_epoch`]),
    /// read by the caller, so the library never reads the environment
    /// behind its back. `None`: an undated report's files state no date.
    pub source_date: Option<Instant>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            formats: Formats::default_set(),
            draft: false,
            check: CheckOptions::default(),
            pdf: PdfOptions::default(),
            docx: DocxOptions::default(),
            source_date: None,
        }
    }
}

/// A report's documents, in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Warnings (and, for a draft, errors) of the checks.
    pub findings: Vec<Finding>,
    /// The bytes of each requested format, in [`Format`] order.
    pub outputs: BTreeMap<Format, Vec<u8>>,
    /// The number of laid-out pages; `None` when no requested format
    /// needed the layout.
    pub pages: Option<usize>,
    /// Characters printed from a fallback face, found by the layout.
    pub font_warnings: Vec<FontWarning>,
    /// What the export decided that the user should know.
    pub notes: Vec<ExportNote>,
}

/// Something the export decided that the user should know, though nothing
/// failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExportNote {
    /// The report has no 成文日期 and no `SOURCE_DATE_EPOCH` was given, so
    /// the PDF was written as a plain PDF with no date instead of PDF/A.
    #[error(
        "PDF 未按 PDF/A 存档格式写出：报告没有成文日期，PDF/A 须注明文件日期。写明成文日期（报告的 [report] date，即编辑页的“成文日期”）或设置 SOURCE_DATE_EPOCH 后再导出，即为 PDF/A-2b"
    )]
    PdfNotArchivalWithoutDate,
}

impl Rendered {
    /// The bytes of `format`, if it was requested.
    pub fn bytes(&self, format: Format) -> Option<&[u8]> {
        self.outputs.get(&format).map(Vec::as_slice)
    }
}

/// Why a report was not rendered or its files not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The checks found errors and the export was not a draft.
    #[error("检查发现错误，未导出")]
    Blocked {
        /// Every finding of the checks, errors and warnings.
        findings: Vec<Finding>,
    },
    /// A table the report cannot fill: a report built by hand lacks a figure
    /// its template prints.
    #[error(transparent)]
    Table(#[from] TableShapeError),
    /// PDF/A was asked for by name, and neither the report nor
    /// `SOURCE_DATE_EPOCH` gives the date it must state.
    #[error(
        "PDF/A 须注明文件日期，而报告没有成文日期：请在 [report] 中写 date = \"YYYY-MM-DD\"，或设置环境变量 SOURCE_DATE_EPOCH；不指定 --pdf-standard 则导出不带日期的普通 PDF"
    )]
    ArchivalWithoutDate,
    /// The layout failed, e.g. a character no configured font can print.
    #[error("排版失败：{0}")]
    Layout(#[from] LayoutError),
    /// The PDF writer failed, e.g. on a font it cannot embed.
    #[error("PDF 写出失败：{0}")]
    Pdf(#[from] PdfError),
    /// The DOCX writer failed, e.g. on a control character in the text.
    #[error("DOCX 写出失败：{0}")]
    Docx(#[from] DocxError),
    /// The OFD writer failed.
    #[error("OFD 写出失败：{0}")]
    Ofd(#[from] OfdError),
    /// The output folder given is an existing file.
    #[error("输出文件夹 {0} 是一个文件，不是文件夹")]
    OutDir(std::path::PathBuf),
    /// A document could not be written to disk.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Checks `report` (against `previous`, the same agency's report for the
/// year before, when there is one) and renders each requested format in
/// memory. Error findings refuse the export, carrying the findings, unless
/// the options ask for a draft.
pub fn render_report(
    report: &Report,
    previous: Option<&Report>,
    fonts: &FontSet,
    options: &RenderOptions,
) -> Result<Rendered, ExportError> {
    let findings = check_for_export(report, previous, options)?;
    render_checked(report, findings, fonts, options)
}

/// The findings of `report`, or the refusal when they block the export.
fn check_for_export(
    report: &Report,
    previous: Option<&Report>,
    options: &RenderOptions,
) -> Result<Vec<Finding>, ExportError> {
    let findings = check::check_all(report, previous, &options.check);
    if check::has_errors(&findings) && !options.draft {
        return Err(ExportError::Blocked { findings });
    }
    Ok(findings)
}

fn render_checked(
    report: &Report,
    findings: Vec<Finding>,
    fonts: &FontSet,
    options: &RenderOptions,
) -> Result<Rendered, ExportError> {
    let mut doc = build_document(report, options.draft)?;
    // The report's own 成文日期 comes first; SOURCE_DATE_EPOCH only stands
    // in where the report gives none.
    doc.meta.stamp = doc.meta.stamp.or(options.source_date.map(Stamp::Instant));
    // Which PDF is written is decided here, once, before anything is
    // rendered: the writer is handed the standard it will meet.
    let mut notes = Vec::new();
    let mut pdf_options = options.pdf;
    if options.formats.contains(Format::Pdf) {
        let dated = doc.meta.stamp.is_some();
        pdf_options.conformance = match options.pdf.conformance.for_document(dated) {
            Err(_) => return Err(ExportError::ArchivalWithoutDate),
            Ok(Conformance::Plain) if options.pdf.conformance != Conformance::Plain => {
                notes.push(ExportNote::PdfNotArchivalWithoutDate);
                Conformance::Plain
            }
            Ok(conformance) => conformance,
        };
    }
    let mut layout = Layout::new(&doc, fonts);
    let mut outputs = BTreeMap::new();
    for format in &options.formats {
        let bytes = match format {
            Format::Pdf => write_pdf(layout.pages()?, fonts, &pdf_options)?,
            Format::Docx => write_docx(&doc, &options.docx)?,
            Format::Ofd => write_ofd(layout.pages()?, fonts)?,
        };
        outputs.insert(format, bytes);
    }
    let (pages, font_warnings) = match layout.done {
        Some((pages, warnings)) => (Some(pages.pages.len()), warnings),
        None => (None, Vec::new()),
    };
    Ok(Rendered {
        findings,
        outputs,
        pages,
        font_warnings,
        notes,
    })
}

/// The document laid out on the first request, once for every fixed-layout
/// format, and not at all when none is requested.
struct Layout<'a> {
    doc: &'a Document,
    fonts: &'a FontSet,
    done: Option<(Pages, Vec<FontWarning>)>,
}

impl<'a> Layout<'a> {
    fn new(doc: &'a Document, fonts: &'a FontSet) -> Self {
        Layout {
            doc,
            fonts,
            done: None,
        }
    }

    fn pages(&mut self) -> Result<&Pages, LayoutError> {
        let done = match self.done.take() {
            Some(done) => done,
            None => layout_document(self.doc, self.fonts)?,
        };
        Ok(&self.done.insert(done).0)
    }
}
