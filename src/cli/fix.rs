//! `gongwen fix`: half-width punctuation in a report's Chinese prose
//! (what check reports as C5) rewritten to full width in the file itself,
//! atomically, nothing else touched. `--check` lists what would change and
//! writes nothing. Only TOML/JSON contract files are edited: a document is
//! refused with how to get a file that can be.

use std::fmt::Write as _;
use std::path::Path;

use gongwen::export::write_atomic;
use gongwen::input::file::read_sniffed;
use gongwen::input::fix::{fix_half_width, Fixed};
use gongwen::input::sniff::Kind;
use gongwen::input::{text, InputError, InputErrorKind, Syntax};

use super::{print_stdout, Fatal};

/// Fixes (or, with `dry_run`, lists) every file; 1 when a file could not be
/// read or written, or when `dry_run` found something to change.
pub fn run(files: &[std::path::PathBuf], dry_run: bool) -> Result<u8, Fatal> {
    let mut status = 0;
    for file in files {
        let mut out = String::new();
        match fix_file(file, dry_run) {
            Ok(fixed) => {
                for e in &fixed.edits {
                    let _ = writeln!(
                        out,
                        "  {}:{}:{} [{}] “{}” → “{}”  {}",
                        file.display(),
                        e.line,
                        e.column,
                        e.section,
                        e.found,
                        e.replacement,
                        e.context.trim()
                    );
                }
                let n = fixed.edits.len();
                let summary = match (n, dry_run) {
                    (0, _) => format!("✓ {}：没有需要改为全角的半角标点", file.display()),
                    (_, true) => {
                        status = 1;
                        format!(
                            "✗ {}：有 {n} 处半角标点应为全角（--check，文件未修改）",
                            file.display()
                        )
                    }
                    (_, false) => format!(
                        "✓ {}：已将 {n} 处半角标点改为全角，其余内容未改动",
                        file.display()
                    ),
                };
                let _ = writeln!(out, "{summary}");
            }
            Err(e) => {
                status = 1;
                let _ = writeln!(out, "✗ {e}");
            }
        }
        print_stdout(&out)?;
    }
    Ok(status)
}

/// Why a file was not fixed.
enum FixFailure {
    Input(InputError),
    Write(gongwen::export::WriteError),
}

impl std::fmt::Display for FixFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixFailure::Input(e) => write!(f, "{e}"),
            FixFailure::Write(e) => write!(f, "{e}"),
        }
    }
}

fn fix_file(file: &Path, dry_run: bool) -> Result<Fixed, FixFailure> {
    let refuse = |kind| FixFailure::Input(InputError::new(file, kind));
    let (kind, bytes) = read_sniffed(file).map_err(FixFailure::Input)?;
    let what = match kind {
        Kind::Zip | Kind::Ole { .. } | Kind::Rtf => Some("Word/WPS 文档"),
        Kind::Html => Some("网页"),
        Kind::Pdf => Some("PDF 文件"),
        Kind::Other => None,
    };
    if let Some(what) = what {
        return Err(refuse(InputErrorKind::NotFixable(what)));
    }
    let syntax = match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("toml") => Syntax::Toml,
        Some("json") => Syntax::Json,
        _ => {
            return Err(refuse(InputErrorKind::NotFixable(
                "不以 .toml 或 .json 结尾的文件",
            )))
        }
    };
    let source = text::decode(file, bytes).map_err(FixFailure::Input)?;
    let fixed = fix_half_width(file, &source, syntax).map_err(FixFailure::Input)?;
    if !dry_run && !fixed.edits.is_empty() {
        // Through a symbolic link the file it points to is replaced, not
        // the link.
        let target = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        write_atomic(&target, fixed.text.as_bytes()).map_err(FixFailure::Write)?;
    }
    Ok(fixed)
}
