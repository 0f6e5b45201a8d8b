//! Printing results: Chinese text for people (colour only on a terminal),
//! one JSON document for portals and reviewing offices.

use std::io::IsTerminal;
use std::time::Duration;

use gongwen::batch::json::CheckRun;
use gongwen::batch::{Failure, FileResult, OutputClash, Status, Tally};
use gongwen::input::import::summarize;
use gongwen::input::NoteSeverity;
use gongwen::template::Severity;

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

pub fn human(results: &[FileResult], elapsed: Duration, quiet: bool, colour: bool) -> String {
    let mut out = String::new();
    for r in results {
        out.push_str(&file(r, quiet, colour));
    }
    out.push_str(&summary(&Tally::of(results), elapsed, quiet));
    out
}

/// The summary line, unless the run is quiet and nothing failed.
pub fn summary(tally: &Tally, elapsed: Duration, quiet: bool) -> String {
    if !quiet || tally.failed > 0 {
        format!(
            "共 {} 个文件：{} 个通过，{} 个有警告，{} 个失败（用时 {:.2} 秒）\n",
            tally.files(),
            tally.ok,
            tally.warned,
            tally.failed,
            elapsed.as_secs_f64()
        )
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
    let (mark, code) = match r.status() {
        Status::Failed => ("✗", "1;31"),
        Status::Warnings => ("!", "33"),
        Status::Ok => ("✓", "32"),
    };
    let notes = summarize(&r.notes);
    let noted = notes
        .iter()
        .filter(|(s, _)| *s >= NoteSeverity::Warning)
        .count();
    let mut line = format!("{} {name}", paint(colour, code, mark));
    match (&r.failure, errors, warnings) {
        (Some(Failure::Input(_)), _, _) => {}
        (_, 0, 0) => line.push_str("：全部规则通过"),
        (_, e, w) => line.push_str(&format!("：{e} 个错误，{w} 个警告")),
    }
    if noted > 0 && !matches!(r.failure, Some(Failure::Input(_))) {
        line.push_str(&format!("；导入时 {noted} 条警告"));
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
        for (severity, text) in &notes {
            let label = match severity {
                NoteSeverity::Info => paint(colour, "2", "导入说明"),
                _ => paint(colour, "33", "导入警告"),
            };
            out.push_str(&format!("  {label} {text}\n"));
        }
        for w in &r.font_warnings {
            out.push_str(&format!(
                "  {} 字体替换：{w}\n",
                paint(colour, "33", "警告")
            ));
        }
    }
    match &r.failure {
        None | Some(Failure::Input(_)) => {}
        Some(failure) => out.push_str(&format!(
            "  {} {failure}{}\n",
            paint(colour, "31", "未导出"),
            hint(failure)
        )),
    }
    out
}

/// What the user can do about a failed export, in the command's own terms.
fn hint(failure: &Failure) -> &'static str {
    match failure {
        Failure::Blocked => "（可用 --draft 导出标有“草稿”的审阅稿）",
        Failure::Clash(OutputClash::SameAs { .. }) => "（请改名，或分别指定 --out-dir）",
        _ => "",
    }
}

/// One JSON document: the wire format of [`CheckRun`].
pub fn json(results: &[FileResult], elapsed: Duration) -> String {
    let run = CheckRun::new(results, elapsed);
    format!(
        "{}\n",
        serde_json::to_string_pretty(&run).unwrap_or_default()
    )
}
