//! From rendered documents to files: where each goes, and writing them all
//! atomically.

use std::path::{Path, PathBuf};

use super::atomic::write_atomic_all;
use super::{
    check_for_export, render_checked, ExportError, ExportNote, Format, RenderOptions, Rendered,
};
use crate::check::Finding;
use crate::fonts::{FontSet, FontWarning};
use crate::model::Report;

/// Put before the extension of an output that would otherwise take its
/// input's name: `报告.docx` exports to `报告.gongwen.docx`.
pub const OWN_OUTPUT_INFIX: &str = ".gongwen";

/// What to render, and where the files go.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Where the files go; `None` writes them next to the input.
    pub out_dir: Option<PathBuf>,
    /// The formats, and how to check and render them.
    pub render: RenderOptions,
}

/// A successful export.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The files written, in [`Format`] order.
    pub written: Vec<PathBuf>,
    /// Warnings (and, for a draft, errors) of the checks.
    pub findings: Vec<Finding>,
    /// Characters printed from a fallback face, as in
    /// [`Rendered::font_warnings`].
    pub font_warnings: Vec<FontWarning>,
    /// As in [`Rendered::pages`].
    pub pages: Option<usize>,
    /// As in [`Rendered::notes`].
    pub notes: Vec<ExportNote>,
}

/// The output path of `input` in `format`, in `out_dir` or beside it.
/// Only the input's own file stem reaches the name, never report text. An
/// input already in the format (a clerk's draft `报告.docx`) gets its output
/// as `报告.gongwen.docx`, so the draft is never overwritten.
pub fn output_path(input: &Path, out_dir: Option<&Path>, format: Format) -> PathBuf {
    let mut stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "report".into());
    let same_format = input
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(format.extension()));
    if same_format {
        stem.push_str(OWN_OUTPUT_INFIX);
    }
    let dir = match out_dir {
        Some(d) => d.to_path_buf(),
        None => input.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    dir.join(format!("{stem}.{}", format.extension()))
}

/// Whether a file in a folder of reports is a by-product rather than a
/// report of its own: Word's lock file (`~$报告.docx`), or a DOCX gongwen
/// exported, which lies beside its report (`报告.toml` → `报告.docx`) or
/// carries the infix of a document's own export (`草稿.docx` →
/// `草稿.gongwen.docx`). Read as input, an export would be checked twice and
/// block the next export of its report. `has_sibling` says whether a file
/// of that path is in the folder.
pub fn is_by_product(path: &Path, has_sibling: impl Fn(&Path) -> bool) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with("~$") {
        return true;
    }
    let is_docx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if !is_docx {
        return false;
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.ends_with(OWN_OUTPUT_INFIX)
        || ["toml", "json", "TOML", "JSON"]
            .iter()
            .any(|ext| has_sibling(&path.with_extension(ext)))
}

/// Writes the rendered documents of the report read from `input`, each to
/// its [`output_path`]; all are complete on disk before any replaces its old
/// file. Returns the paths written, in [`Format`] order.
pub fn write_outputs(
    rendered: &Rendered,
    input: &Path,
    out_dir: Option<&Path>,
) -> Result<Vec<PathBuf>, ExportError> {
    let outputs = &rendered.outputs;
    let paths: Vec<PathBuf> = outputs
        .keys()
        .map(|format| output_path(input, out_dir, *format))
        .collect();
    let files: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(outputs.values())
        .map(|(path, bytes)| (path.as_path(), bytes.as_slice()))
        .collect();
    // An output folder that does not exist yet is made, with its parents,
    // as compilers do with theirs; only now, so a refused report leaves
    // no empty folder behind.
    if let Some(dir) = out_dir.filter(|d| !d.is_dir()) {
        std::fs::create_dir_all(dir).map_err(|source| super::WriteError {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    write_atomic_all(&files)?;
    Ok(paths)
}

/// Checks, renders and writes one report: [`super::render_report`], then
/// [`write_outputs`]. An output folder that is a file is found before
/// rendering; one that does not exist is made when the files are written.
pub fn export_report(
    report: &Report,
    previous: Option<&Report>,
    fonts: &FontSet,
    options: &ExportOptions,
) -> Result<Exported, ExportError> {
    let findings = check_for_export(report, previous, &options.render)?;
    if let Some(dir) = &options.out_dir {
        if dir.exists() && !dir.is_dir() {
            return Err(ExportError::OutDir(dir.clone()));
        }
    }
    let rendered = render_checked(report, findings, fonts, &options.render)?;
    let written = write_outputs(&rendered, &report.file, options.out_dir.as_deref())?;
    Ok(Exported {
        written,
        findings: rendered.findings,
        font_warnings: rendered.font_warnings,
        pages: rendered.pages,
        notes: rendered.notes,
    })
}
