//! Printing results: Chinese text for people (colour only on a terminal),
//! one JSON document for portals and reviewing offices.

use std::io::IsTerminal;
use std::time::Duration;

use serde_json::json;

use super::{Failure, FileResult};
use gongwen::template::Severity;

/// The run's tally, which also decides the exit status.
pub struct Outcome {
    pub ok: usize,
    pub warned: usize,
    pub failed: usize,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn new(results: &[FileResult], elapsed: Duration) -> Outcome {
        let mut o = Outcome {
            ok: 0,
            warned: 0,
            failed: 0,
            elapsed,
        };
        for r in results {
            if r.failed() {
                o.failed += 1;
            } else if !r.findings.is_empty() || !r.notes.is_empty() {
                o.warned += 1;
            } else {
                o.ok += 1;
            }
        }
        o
    }

    pub fn status(&self) -> u8 {
        u8::from(self.failed > 0)
    }

    pub fn summary(&self) -> String {
        format!(
            "共 {} 个文件：{} 个通过，{} 个有警告，{} 个失败（用时 {:.2} 秒）",
            self.ok + self.warned + self.failed,
            self.ok,
            self.warned,
            self.failed,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Colour only when stdout is a terminal and NO_COLOR is unset.
pub fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn paint(colour: bool, code: &str, text: &str) -> String {
    if colour {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

pub fn human(results: &[FileResult], outcome: &Outcome, quiet: bool, colour: bool) -> String {
    let mut out = String::new();
    for r in results {
        out.push_str(&file(r, quiet, colour));
    }
    out.push_str(&summary(outcome, quiet));
    out
}

/// The summary line, unless the run is quiet and nothing failed.
pub fn summary(outcome: &Outcome, quiet: bool) -> String {
    if !quiet || outcome.failed > 0 {
        format!("{}\n", outcome.summary())
    } else {
        String::new()
    }
}

/// One file's lines: its mark and name, then its findings and notes.
/// Empty for a file that passed when the run is quiet.
pub fn file(r: &FileResult, quiet: bool, colour: bool) -> String {
    let mut out = String::new();
    let name = r.file.display();
    let errors = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = r.findings.len() - errors;
    if quiet && !r.failed() {
        return out;
    }
    let (mark, code) = if r.failed() {
        ("✗", "1;31")
    } else if warnings > 0 || !r.notes.is_empty() {
        ("!", "33")
    } else {
        ("✓", "32")
    };
    let mut line = format!("{} {name}", paint(colour, code, mark));
    match (&r.failure, errors, warnings) {
        (Some(Failure::Input(_)), _, _) => {}
        (_, 0, 0) => line.push_str("：全部规则通过"),
        (_, e, w) => line.push_str(&format!("：{e} 个错误，{w} 个警告")),
    }
    if !r.written.is_empty() {
        let names: Vec<String> = r.written.iter().map(|p| p.display().to_string()).collect();
        line.push_str(&format!(" → {}", names.join("、")));
    }
    out.push_str(&line);
    out.push('\n');
    if let Some(Failure::Input(e)) = &r.failure {
        out.push_str(&format!("  {} {e}\n", paint(colour, "31", "输入错误")));
    }
    for f in &r.findings {
        if quiet && f.severity != Severity::Error {
            continue;
        }
        let label = match f.severity {
            Severity::Error => paint(colour, "31", "错误"),
            Severity::Warning => paint(colour, "33", "警告"),
        };
        out.push_str(&format!("  {label} {}\n", f.message));
        let mut place = Vec::new();
        if !f.table.is_empty() {
            place.push(format!("表格：{}", f.table));
        }
        if !f.row.is_empty() {
            place.push(format!("行：{}", f.row));
        }
        if !f.column.is_empty() {
            place.push(format!("列：{}", f.column));
        }
        if !place.is_empty() {
            out.push_str(&format!("       {}\n", place.join("；")));
        }
    }
    if !quiet {
        for note in &r.notes {
            out.push_str(&format!("  {} {note}\n", paint(colour, "33", "警告")));
        }
    }
    if let Some(Failure::Export(message)) = &r.failure {
        out.push_str(&format!("  {} {message}\n", paint(colour, "31", "未导出")));
    }
    out
}

pub fn json(results: &[FileResult], outcome: &Outcome) -> String {
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    let mut files = Vec::new();
    for r in results {
        let file = r.file.display().to_string();
        if let Some(Failure::Input(e)) = &r.failure {
            errors.push(json!({
                "file": file, "line": e.line(), "column": e.column(),
                "key": e.key, "message": e.message(),
            }));
        }
        for f in &r.findings {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            v["file"] = json!(file);
            findings.push(v);
        }
        let status = if r.failed() {
            "failed"
        } else if r.findings.is_empty() {
            "ok"
        } else {
            "warnings"
        };
        files.push(json!({ "file": file, "status": status }));
    }
    let doc = json!({
        "files": files,
        "findings": findings,
        "input_errors": errors,
        "summary": {
            "files": results.len(), "ok": outcome.ok, "warnings": outcome.warned,
            "failed": outcome.failed, "seconds": outcome.elapsed.as_secs_f64(),
        }
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}
