//! The JSON wire format of a check run, as `gongwen check --format json`
//! prints it (and `gongwen export --format json`, with the files written)
//! and as a portal or a reviewing office reads it.
//!
//! A run is one JSON object, a [`CheckRun`] (here abridged: two of the
//! files have more findings):
//!
//! ```json
//! {
//!   "files": [
//!     { "agency": "老城区人民政府办公室", "errors": 0, "file": "2022.toml",
//!       "previous": null, "status": "warnings", "warnings": 1, "year": 2022 },
//!     { "agency": "老城区人民政府办公室", "errors": 1, "file": "2023.toml",
//!       "previous": "2022.toml", "status": "failed", "warnings": 1, "year": 2023 },
//!     { "agency": null, "errors": 0, "file": "bad.json",
//!       "previous": null, "status": "failed", "warnings": 0, "year": null }
//!   ],
//!   "findings": [
//!     {
//!       "actual": "3",
//!       "column": ["总计"],
//!       "expected": "1",
//!       "file": "2023.toml",
//!       "key": "applications.carried_in",
//!       "line": 57,
//!       "message": "R5 总计列：2023年上年结转 3 ≠ 2022年结转下年度 1",
//!       "places": [
//!         { "column": 31, "key": "applications.carried_in", "line": 57 }
//!       ],
//!       "row": ["二、上年结转政府信息公开申请数量（2023年）", "四、结转下年度继续办理（2022年）"],
//!       "rule": "R5",
//!       "severity": "error",
//!       "table": "三、收到和处理政府信息公开申请情况"
//!     }
//!   ],
//!   "import_notes": [],
//!   "input_errors": [
//!     {
//!       "column": 1,
//!       "file": "bad.json",
//!       "key": null,
//!       "line": 1,
//!       "message": "JSON 语法错误：expected value"
//!     }
//!   ],
//!   "skipped": [],
//!   "summary": { "failed": 2, "files": 3, "ok": 0, "warnings": 1 }
//! }
//! ```
//!
//! - `files`: every input file in the order given, with its [`Status`]
//!   (`"ok"`, `"warnings"` or `"failed"`), its agency and year (`null`
//!   when it could not be read), its counts of error and warning findings,
//!   and the previous year's report the checks across years (R5, R6)
//!   compared it with (`null` when none). An export adds `written`, the
//!   documents written, `stale`, documents of an earlier export left
//!   beside a refused one, not updated, and `notes`, what the export
//!   decided that the user should know (an undated report's PDF written
//!   without PDF/A).
//! - `findings`: every finding of every file, file by file, each a
//!   [`FindingRecord`]. `row` and `column` list the printed labels (a label
//!   may itself contain 、). `places` says where in the input file to make
//!   the change: a key path with its line and column, and for prose the
//!   paragraph and the headings above it; `key` and `line` repeat the
//!   first of them.
//! - `input_errors`: every error of every file that could not be read, in
//!   the order of the file, each an [`InputErrorRecord`]. Such a file has
//!   no findings, except when its only errors are input-method slips with
//!   one sure fix (`，` for `,`): then the findings are those of the report
//!   read with them fixed, and the file still fails.
//! - `import_notes`: for files read from a document (DOCX, web page),
//!   what the reading noted, each an [`ImportNoteRecord`]: every cell read
//!   as 0 because it was blank or a dash, rows and headings it could not
//!   place. A warning among them makes the file's status `"warnings"`.
//!   It is `[]` when every file is a text report.
//! - `skipped`: files found in a folder that are not reports (no
//!   `[report]`), and files given twice, each a [`SkippedRecord`].
//! - `summary`: the [`Summary`] of the run. The run's wall time is left
//!   out, so that two runs over the same files print the same document;
//!   `--timing` adds it as `seconds`.
//!
//! Every object's keys are in alphabetical order. New keys may be added, so
//! a reader should ignore keys it does not know. Issue 16 changed `row` and
//! `column` from one string to a list and took `seconds` out by default;
//! no other key has been removed or renamed.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{FileResult, Skipped, Status, Tally};
use crate::check::{Finding, InputPlace};
use crate::input::{ImportNote, InputError, NoteKind, NoteSeverity, Place};
use crate::template::Severity;

/// A whole check run: see the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRun {
    /// Every input file, in the order given, and how it came out.
    pub files: Vec<FileStatus>,
    /// Every finding of every file, file by file.
    pub findings: Vec<FindingRecord>,
    /// Added with document import; a run written before it reads as `[]`.
    #[serde(default)]
    pub import_notes: Vec<ImportNoteRecord>,
    /// Every error of every file that could not be read, in the order of
    /// the file.
    pub input_errors: Vec<InputErrorRecord>,
    /// Files left out: not reports, or given twice; a run written before
    /// it reads as `[]`.
    #[serde(default)]
    pub skipped: Vec<SkippedRecord>,
    /// The tally of the run.
    pub summary: Summary,
}

/// One thing reading a document noted, with its place: a table cell
/// (`table`, `row`, `column`, 1-based, tables counted in reading order), a
/// paragraph (`paragraph`, counted among the body's paragraphs), or the
/// whole document (all `null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportNoteRecord {
    /// The cell's column, 1-based (for a text file, the column in the
    /// line), or `null`.
    pub column: Option<usize>,
    /// The document as given, as in [`FileStatus::file`].
    pub file: String,
    /// `blank_cell`, `unknown_row`, `missing_table`, `missing_row`,
    /// `missing_section`, `not_imported`, `converted` or `other`.
    pub kind: NoteKind,
    /// The note in one sentence, its place first, as `gongwen import`
    /// prints it.
    pub message: String,
    /// The paragraph, counted from 1 among the body's paragraphs, or `null`.
    pub paragraph: Option<usize>,
    /// The cell's row, 1-based (for a text file, the line), or `null`.
    pub row: Option<usize>,
    /// `"info"` (read as a reader would, e.g. a blank cell as 0) or
    /// `"warning"` (check it).
    pub severity: NoteSeverity,
    /// The table, 1-based in reading order, or `null`.
    pub table: Option<usize>,
}

impl ImportNoteRecord {
    /// The record of `note`, read from `file` (the path as shown).
    pub fn new(file: &str, note: &ImportNote) -> ImportNoteRecord {
        let (mut table, mut row, mut column, mut paragraph) = (None, None, None, None);
        match note.place {
            Some(Place::Cell {
                table: t,
                row: r,
                column: c,
            }) => (table, row, column) = (Some(t), Some(r), Some(c)),
            Some(Place::Paragraph { index }) => paragraph = Some(index),
            Some(Place::Text { line, column: c }) => (row, column) = (Some(line), Some(c)),
            None => {}
        }
        ImportNoteRecord {
            column,
            file: file.to_string(),
            kind: note.kind,
            message: note.text(),
            paragraph,
            row,
            severity: note.severity,
            table,
        }
    }
}

/// One input file and how it came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStatus {
    /// `[report] agency`, or `null` when the file could not be read.
    pub agency: Option<String>,
    /// Its error findings.
    pub errors: usize,
    /// The path as given (a folder's files as found inside it).
    pub file: String,
    /// What the export decided that the user should know, each in one
    /// Chinese sentence, e.g. that an undated report's PDF is not PDF/A
    /// (export only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The previous year's report it was checked against, or `null`.
    pub previous: Option<String>,
    /// Documents of an earlier export beside a refused one (export only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale: Vec<String>,
    /// `"ok"`, `"warnings"` or `"failed"`.
    pub status: Status,
    /// Its warning findings.
    pub warnings: usize,
    /// The documents written (export only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written: Vec<String>,
    /// `[report] year`, or `null` when the file could not be read.
    pub year: Option<u16>,
}

/// One broken rule in one place of one file. All texts are as printed in
/// the official format's tables, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRecord {
    /// What the report says.
    pub actual: String,
    /// The column labels, or empty when the rule spans a row.
    pub column: Vec<String>,
    /// The side the rule expects, e.g. the sum of the parts.
    pub expected: String,
    /// The input file, as in [`FileStatus::file`].
    pub file: String,
    /// The key path of the first place, or `null`.
    #[serde(default)]
    pub key: Option<String>,
    /// The line of the first place, or `null`.
    #[serde(default)]
    pub line: Option<usize>,
    /// The whole finding in one sentence, as `gongwen check` prints it.
    pub message: String,
    /// Where in the input file to make the change.
    #[serde(default)]
    pub places: Vec<PlaceRecord>,
    /// The row labels involved.
    pub row: Vec<String>,
    /// The rule's id: `R1`–`R6` (tables), `R7` (an aggregate against its
    /// children), `T1`–`T9` (prose against the tables), `C1`–`C4` (content), `F1`–`F5` (filling in), `P1`–`P2`
    /// (pairing reports across years).
    pub rule: String,
    /// The sentence of the prose the finding quotes; prose rules only,
    /// absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
    /// `"error"` (blocks export) or `"warning"`.
    pub severity: Severity,
    /// The table heading, e.g. `三、收到和处理政府信息公开申请情况`; for a
    /// finding about prose, the section it is in.
    pub table: String,
}

/// A place in the input file a finding points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceRecord {
    /// 1-based, in characters, or `null` when the file left the key out.
    pub column: Option<usize>,
    /// For prose: the headings above the paragraph, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The key path, e.g. `applications.results.disclosed` or
    /// `overview.parts[1].text`.
    pub key: String,
    /// 1-based, or `null` when the file left the key out.
    pub line: Option<usize>,
    /// For prose: the paragraph of the text, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
}

/// One error of a file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputErrorRecord {
    /// 1-based, or `null` when the place is not known.
    pub column: Option<usize>,
    /// The input file, as in [`FileStatus::file`].
    pub file: String,
    /// The key path, e.g. `applications.results.withheld.third_party`, or
    /// `null`.
    pub key: Option<String>,
    /// 1-based, or `null` when the place is not known.
    pub line: Option<usize>,
    /// The error in one sentence, in Chinese, without its place.
    pub message: String,
    /// Where in an imported document, as printed (`第 2 张表第 4 行第 3 列`,
    /// `第 5 段`); absent for a text report, whose place is line and column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// A file of a folder that was not checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRecord {
    /// The file left out, as found or given.
    pub file: String,
    /// Why, in Chinese.
    pub reason: String,
}

/// The run's tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Files with an error finding or bad input.
    pub failed: usize,
    /// All files.
    pub files: usize,
    /// Files on which every rule holds.
    pub ok: usize,
    /// Wall time of the run, only when asked for (`--timing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// Files with warnings only.
    pub warnings: usize,
}

impl CheckRun {
    /// The run of `results`, with the files `skipped`; `elapsed` when the
    /// time is wanted in the document.
    pub fn new(results: &[FileResult], skipped: &[Skipped], elapsed: Option<Duration>) -> CheckRun {
        let mut run = CheckRun {
            files: Vec::new(),
            findings: Vec::new(),
            import_notes: Vec::new(),
            input_errors: Vec::new(),
            skipped: skipped.iter().map(SkippedRecord::new).collect(),
            summary: Summary::new(&Tally::of(results), elapsed),
        };
        for r in results {
            let file = r.file.display().to_string();
            run.input_errors.extend(
                r.input_errors()
                    .iter()
                    .map(|e| InputErrorRecord::new(&file, e)),
            );
            run.findings
                .extend(r.findings.iter().map(|f| FindingRecord::new(&file, f)));
            run.import_notes
                .extend(r.notes.iter().map(|n| ImportNoteRecord::new(&file, n)));
            let (errors, warnings) = r.counts();
            let shown = |paths: &[std::path::PathBuf]| -> Vec<String> {
                paths.iter().map(|p| p.display().to_string()).collect()
            };
            run.files.push(FileStatus {
                agency: r.agency.clone(),
                errors,
                file,
                notes: r.export_notes.iter().map(ToString::to_string).collect(),
                previous: r.previous.as_ref().map(|p| p.file.display().to_string()),
                stale: shown(&r.stale),
                status: r.status(),
                warnings,
                written: shown(&r.written),
                year: r.year,
            });
        }
        run
    }
}

impl FindingRecord {
    /// The record of `f`, a finding on `file` (the path as shown); `key` and
    /// `line` repeat its first place.
    pub fn new(file: &str, f: &Finding) -> FindingRecord {
        let places: Vec<PlaceRecord> = f.input.iter().map(PlaceRecord::new).collect();
        FindingRecord {
            actual: f.actual.clone(),
            column: f.column.clone(),
            expected: f.expected.clone(),
            file: file.to_string(),
            key: places.first().map(|p| p.key.clone()),
            line: places.first().and_then(|p| p.line),
            message: f.message.clone(),
            places,
            row: f.row.clone(),
            rule: f.rule.clone(),
            sentence: f.sentence.clone(),
            severity: f.severity,
            table: f.table.clone(),
        }
    }
}

impl PlaceRecord {
    /// The record of `p`; `line` and `column` are `null` unless it is a
    /// place in a text file.
    pub fn new(p: &InputPlace) -> PlaceRecord {
        let (line, column) = match p.place {
            Some(Place::Text { line, column }) => (Some(line), Some(column)),
            _ => (None, None),
        };
        PlaceRecord {
            column,
            heading: p.heading.clone(),
            key: p.key.clone(),
            line,
            paragraph: p.paragraph,
        }
    }
}

impl InputErrorRecord {
    /// The record of `e`, an error reading `file` (the path as shown).
    pub fn new(file: &str, e: &InputError) -> InputErrorRecord {
        InputErrorRecord {
            column: e.column(),
            file: file.to_string(),
            key: e.key.clone(),
            line: e.line(),
            message: e.message().to_string(),
            place: e
                .place
                .filter(|p| !matches!(p, Place::Text { .. }))
                .map(|p| p.to_string()),
        }
    }
}

impl SkippedRecord {
    /// The record of `s`, its reason in Chinese as printed.
    pub fn new(s: &Skipped) -> SkippedRecord {
        SkippedRecord {
            file: s.file.display().to_string(),
            reason: s.reason.to_string(),
        }
    }
}

impl Summary {
    /// The summary of `tally`, with `seconds` only when `elapsed` is given.
    pub fn new(tally: &Tally, elapsed: Option<Duration>) -> Summary {
        Summary {
            failed: tally.failed,
            files: tally.files(),
            ok: tally.ok,
            seconds: elapsed.map(|e| e.as_secs_f64()),
            warnings: tally.warned,
        }
    }
}
