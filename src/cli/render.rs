//! Printing results: Chinese text for people (colour only on a terminal),
//! one JSON document for portals and reviewing offices.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use gongwen::batch::json::CheckRun;
use gongwen::batch::{Failure, FileResult, OutputClash, Skipped, Status, Tally};
use gongwen::export::ExportError;
use gongwen::input::import::summarize;
use gongwen::input::{InputError, NoteSeverity, Place};
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
    out.push_str(&summary(results, elapsed, quiet));
    out
}

/// The files left out of the run, in one note.
pub fn skipped(skipped: &[Skipped], quiet: bool) -> String {
    if skipped.is_empty() || quiet {
        return String::new();
    }
    let names: Vec<String> = skipped
        .iter()
        .map(|s| format!("{}（{}）", s.file.display(), s.reason))
        .collect();
    format!("已跳过 {} 个文件：{}\n", skipped.len(), names.join("、"))
}

/// How many failed files a summary names before it only counts the rest.
const FAILED_LISTED: usize = 20;

/// The summary line, unless the run is quiet and nothing failed, and the
/// failed files (at most 20, then how many more).
pub fn summary(results: &[FileResult], elapsed: Duration, quiet: bool) -> String {
    let tally = Tally::of(results);
    if quiet && tally.failed == 0 {
        return String::new();
    }
    let mut out = format!(
        "共 {} 个文件：{} 个通过，{} 个有警告，{} 个失败（用时 {:.2} 秒）\n",
        tally.files(),
        tally.ok,
        tally.warned,
        tally.failed,
        elapsed.as_secs_f64()
    );
    let failed: Vec<&FileResult> = results.iter().filter(|r| r.failed()).collect();
    if !failed.is_empty() && tally.files() > 1 {
        out.push_str("失败的文件：\n");
        for r in failed.iter().take(FAILED_LISTED) {
            out.push_str(&format!("  {}\n", r.file.display()));
        }
        if failed.len() > FAILED_LISTED {
            out.push_str(&format!("  另有 {} 个\n", failed.len() - FAILED_LISTED));
        }
    }
    out
}

/// What an interrupted export leaves: the files written and how many were
/// not finished.
pub fn interrupted(results: &[FileResult]) -> String {
    let written = results.iter().filter(|r| !r.written.is_empty()).count();
    let unfinished = results
        .iter()
        .filter(|r| matches!(r.failure, Some(Failure::Interrupted)))
        .count();
    format!("已中断：已写入 {written} 份，未完成 {unfinished} 份\n")
}

fn names(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("、")
}

/// One input error: the file, line and column as compilers print them (for
/// an editor to jump to), then the place in Chinese and what is wrong.
fn input_error(e: &InputError) -> String {
    let key = e.key.as_ref().map(|k| format!("{k}：")).unwrap_or_default();
    match e.place {
        Some(Place::Text { line, column }) => format!(
            "{}:{line}:{column}: 第 {line} 行第 {column} 列：{key}{}",
            e.file.display(),
            e.message()
        ),
        Some(place) => format!("{}：{place}：{key}{}", e.file.display(), e.message()),
        None => format!("{}：{key}{}", e.file.display(), e.message()),
    }
}

/// One file's lines: its mark and name, then its input errors, findings
/// and notes. Empty for a file that passed when the run is quiet.
pub fn file(r: &FileResult, quiet: bool, colour: bool) -> String {
    let mut out = String::new();
    if quiet && !r.failed() {
        return out;
    }
    let name = r.file.display();
    let (errors, warnings) = r.counts();
    let input_errors = r.input_errors();
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
        (Some(Failure::Input(e)), _, _) => line.push_str(&format!("：{} 个输入错误", e.len())),
        (Some(Failure::Export(ExportError::ArchivalWithoutDate)), 0, _) => {
            line.push_str("：检查通过，未导出")
        }
        (Some(Failure::Export(_)), 0, _) => line.push_str("：检查通过，写入失败"),
        (Some(Failure::Interrupted), _, _) => line.push_str("：已中断，未写入"),
        (_, 0, 0) => line.push_str("：全部规则通过"),
        (_, e, w) => line.push_str(&format!("：{e} 个错误，{w} 个警告")),
    }
    if noted > 0 && !matches!(r.failure, Some(Failure::Input(_))) {
        line.push_str(&format!("；导入时 {noted} 条警告"));
    }
    if !r.written.is_empty() {
        line.push_str(&format!(" → {}", names(&r.written)));
    }
    out.push_str(&line);
    out.push('\n');
    if let (Some(previous), false) = (&r.previous, quiet) {
        out.push_str(&format!(
            "  已与 {} 对照检查{}\n",
            previous.file.display(),
            previous.rules.join("和")
        ));
    }
    for e in input_errors {
        out.push_str(&format!(
            "  {} {}\n",
            paint(colour, "31", "输入错误"),
            input_error(e)
        ));
    }
    if !input_errors.is_empty() && !r.findings.is_empty() {
        out.push_str("  按改正上述输入错误后的内容检查：\n");
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
        for line in f.place_lines() {
            out.push_str(&format!("       {line}\n"));
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
        for note in &r.export_notes {
            out.push_str(&format!("  {} {note}\n", paint(colour, "2", "说明")));
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
    if !r.stale.is_empty() {
        out.push_str(&format!(
            "  {} 旧的 {} 是上次导出的，未更新\n",
            paint(colour, "33", "注意"),
            names(&r.stale)
        ));
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
pub fn json(results: &[FileResult], skipped: &[Skipped], elapsed: Option<Duration>) -> String {
    let run = CheckRun::new(results, skipped, elapsed);
    format!(
        "{}\n",
        serde_json::to_string_pretty(&run).unwrap_or_default()
    )
}
