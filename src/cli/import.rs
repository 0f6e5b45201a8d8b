//! `gongwen import`: a document people already have (DOCX, a report page)
//! as a contract file to keep and edit. The notes go to stderr, the file to
//! stdout or, atomically, to `-o`; on any error nothing is written.

use std::io::Write;
use std::path::Path;

use gongwen::export::write_atomic;
use gongwen::input::import::{contract, summarize};
use gongwen::input::{self, NoteSeverity, ReadOptions};
use gongwen::model;
use gongwen::template::{Template, DEFAULT_TEMPLATE};

use super::{print_stdout, Fatal};

pub fn run(file: &Path, output: Option<&Path>, options: &ReadOptions) -> Result<u8, Fatal> {
    if let Some(out) = output {
        let is_toml = out
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if !is_toml {
            return Err(Fatal::Usage(format!(
                "-o {}：导入的报告写为 .toml 文件，请以 .toml 结尾",
                out.display()
            )));
        }
        let same = std::fs::canonicalize(out)
            .ok()
            .zip(std::fs::canonicalize(file).ok())
            .is_some_and(|(a, b)| a == b);
        if same {
            return Err(Fatal::Usage(format!(
                "-o {} 就是要导入的文件，导入会覆盖它",
                out.display()
            )));
        }
    }
    let failed = |e: &dyn std::fmt::Display| {
        eprintln!("✗ {e}");
        Ok(1)
    };
    let parsed = match input::read_report_with(file, options) {
        Ok(parsed) => parsed,
        Err(e) => return failed(&e),
    };
    // What is written must load: resolve it as check and export will.
    if let Err(e) = model::resolve(&parsed) {
        return failed(&e);
    }
    let template = Template::built_in(DEFAULT_TEMPLATE).map_err(|e| Fatal::Input(e.to_string()))?;
    let text = contract::to_toml(&parsed, &template, &file.display().to_string());
    let lines = summarize(&parsed.notes);
    let mut err = std::io::stderr().lock();
    for (severity, line) in &lines {
        let _ = writeln!(err, "  {} {line}", severity.label());
    }
    let warnings = lines
        .iter()
        .filter(|(s, _)| *s == NoteSeverity::Warning)
        .count();
    let blanks = parsed
        .notes
        .iter()
        .filter(|n| n.kind == input::NoteKind::BlankCell)
        .count();
    match output {
        Some(out) => {
            if let Err(e) = write_atomic(out, text.as_bytes()) {
                return failed(&e);
            }
            let _ = writeln!(
                err,
                "✓ {} → {}（{warnings} 条警告，{blanks} 个未填数字的单元格按 0 计）",
                file.display(),
                out.display()
            );
        }
        None => {
            let _ = writeln!(
                err,
                "✓ {}（{warnings} 条警告，{blanks} 个未填数字的单元格按 0 计）",
                file.display()
            );
            drop(err);
            print_stdout(&text)?;
        }
    }
    Ok(0)
}
