//! Export: from a report to files on disk. Checks run first; an error
//! finding means nothing is written unless the export is a draft. Every
//! output is produced in memory before the first byte reaches the disk, so
//! a failure in the DOCX never leaves a fresh PDF beside a stale DOCX.

pub mod atomic;

use std::path::{Path, PathBuf};

use crate::check::{self, Finding};
use crate::doc::{build_document, TableShapeError};
use crate::docx::{write_docx, DocxError, DocxOptions};
use crate::fonts::{FontSet, FontWarning};
use crate::layout::{layout_document, LayoutError};
use crate::model::Report;
use crate::pdf::{write_pdf, PdfError, PdfOptions};

pub use atomic::{write_atomic, write_atomic_all, WriteError};

/// What to write and how.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Where the files go; `None` writes them next to the input.
    pub out_dir: Option<PathBuf>,
    pub pdf: bool,
    pub docx: bool,
    /// Export despite error findings, every page marked 草稿.
    pub draft: bool,
    pub check: check::CheckOptions,
    pub pdf_options: PdfOptions,
    pub docx_options: DocxOptions,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            out_dir: None,
            pdf: true,
            docx: true,
            draft: false,
            check: check::CheckOptions::default(),
            pdf_options: PdfOptions::default(),
            docx_options: DocxOptions::default(),
        }
    }
}

/// The documents of one report, in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Option<Vec<u8>>,
    pub docx: Option<Vec<u8>>,
    pub pages: usize,
    pub font_warnings: Vec<FontWarning>,
}

/// A successful export.
#[derive(Debug, Clone)]
pub struct Exported {
    pub written: Vec<PathBuf>,
    /// Warnings (and, for a draft, errors) of the checks.
    pub findings: Vec<Finding>,
    pub font_warnings: Vec<FontWarning>,
    pub pages: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("检查发现错误，未导出（可用 --draft 导出标有“草稿”的审阅稿）")]
    Blocked { findings: Vec<Finding> },
    #[error(transparent)]
    Table(#[from] TableShapeError),
    #[error("排版失败：{0}")]
    Layout(#[from] LayoutError),
    #[error("PDF 写出失败：{0}")]
    Pdf(#[from] PdfError),
    #[error("DOCX 写出失败：{0}")]
    Docx(#[from] DocxError),
    #[error("输出文件夹 {0} 不存在或不是文件夹")]
    OutDir(PathBuf),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Lays out and writes both documents in memory.
pub fn render(
    report: &Report,
    fonts: &FontSet,
    options: &ExportOptions,
) -> Result<Rendered, ExportError> {
    let doc = build_document(report, options.draft)?;
    let mut rendered = Rendered {
        pdf: None,
        docx: None,
        pages: 0,
        font_warnings: Vec::new(),
    };
    if options.pdf {
        let (pages, warnings) = layout_document(&doc, fonts)?;
        rendered.pages = pages.pages.len();
        rendered.font_warnings = warnings;
        rendered.pdf = Some(write_pdf(&pages, fonts, &options.pdf_options)?);
    }
    if options.docx {
        rendered.docx = Some(write_docx(&doc, &options.docx_options)?);
    }
    Ok(rendered)
}

/// The output path of `input` with `extension`, in `out_dir` or beside it.
/// Only the input's own file stem reaches the name, never report text.
pub fn output_path(input: &Path, out_dir: Option<&Path>, extension: &str) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "report".into());
    let dir = match out_dir {
        Some(d) => d.to_path_buf(),
        None => input.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    dir.join(format!("{stem}.{extension}"))
}

/// Checks, renders and writes one report.
pub fn export_report(
    report: &Report,
    previous: Option<&Report>,
    fonts: &FontSet,
    options: &ExportOptions,
) -> Result<Exported, ExportError> {
    let findings = check::check_all(report, previous, &options.check);
    if check::has_errors(&findings) && !options.draft {
        return Err(ExportError::Blocked { findings });
    }
    if let Some(dir) = &options.out_dir {
        if !dir.is_dir() {
            return Err(ExportError::OutDir(dir.clone()));
        }
    }
    let rendered = render(report, fonts, options)?;
    let mut outputs = Vec::new();
    for (bytes, ext) in [(&rendered.pdf, "pdf"), (&rendered.docx, "docx")] {
        if let Some(bytes) = bytes {
            let path = output_path(&report.file, options.out_dir.as_deref(), ext);
            outputs.push((path, bytes.as_slice()));
        }
    }
    // Both documents complete on disk before either replaces its old file.
    let files: Vec<(&Path, &[u8])> = outputs.iter().map(|(p, b)| (p.as_path(), *b)).collect();
    write_atomic_all(&files)?;
    let written = outputs.into_iter().map(|(p, _)| p).collect();
    Ok(Exported {
        written,
        findings,
        font_warnings: rendered.font_warnings,
        pages: rendered.pages,
    })
}
