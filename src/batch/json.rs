//! The JSON wire format of a check run, as `gongwen check --format json`
//! prints it and as a portal or a reviewing office reads it.
//!
//! A run is one JSON object, a [`CheckRun`] (here abridged: two of the
//! files have more findings):
//!
//! ```json
//! {
//!   "files": [
//!     { "file": "2022.toml", "status": "warnings" },
//!     { "file": "2023.toml", "status": "failed" },
//!     { "file": "bad.json", "status": "failed" }
//!   ],
//!   "findings": [
//!     {
//!       "actual": "3",
//!       "column": "总计",
//!       "expected": "1",
//!       "file": "2023.toml",
//!       "message": "R5 总计列：2023年上年结转 3 ≠ 2022年结转下年度 1",
//!       "row": "二、上年结转政府信息公开申请数量（2023年）、四、结转下年度继续办理（2022年）",
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
//!   "summary": { "failed": 2, "files": 3, "ok": 0, "seconds": 0.04, "warnings": 1 }
//! }
//! ```
//!
//! - `files`: every input file in the order given, with its [`Status`]
//!   (`"ok"`, `"warnings"` or `"failed"`).
//! - `findings`: every finding of every file, file by file, each a
//!   [`FindingRecord`].
//! - `input_errors`: files that could not be read, each an
//!   [`InputErrorRecord`]; such a file has no findings.
//! - `import_notes`: for files read from a document (DOCX, web page),
//!   what the reading noted, each an [`ImportNoteRecord`]: every cell read
//!   as 0 because it was blank or a dash, rows and headings it could not
//!   place. A warning among them makes the file's status `"warnings"`.
//!   It is `[]` when every file is a text report.
//! - `summary`: the [`Summary`] of the run.
//!
//! Every object's keys are in alphabetical order. A key is never removed or
//! renamed; new keys may be added, so a reader should ignore keys it does
//! not know.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{Failure, FileResult, Status, Tally};
use crate::check::Finding;
use crate::input::{ImportNote, InputError, NoteKind, NoteSeverity, Place};
use crate::template::Severity;

/// A whole check run: see the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRun {
    pub files: Vec<FileStatus>,
    pub findings: Vec<FindingRecord>,
    /// Added with document import; a run written before it reads as `[]`.
    #[serde(default)]
    pub import_notes: Vec<ImportNoteRecord>,
    pub input_errors: Vec<InputErrorRecord>,
    pub summary: Summary,
}

/// One thing reading a document noted, with its place: a table cell
/// (`table`, `row`, `column`, 1-based, tables counted in reading order), a
/// paragraph (`paragraph`, counted among the body's paragraphs), or the
/// whole document (all `null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportNoteRecord {
    pub column: Option<usize>,
    pub file: String,
    /// `blank_cell`, `unknown_row`, `missing_table`, `missing_row`,
    /// `missing_section`, `not_imported`, `converted` or `other`.
    pub kind: NoteKind,
    /// The note in one sentence, its place first, as `gongwen import`
    /// prints it.
    pub message: String,
    pub paragraph: Option<usize>,
    pub row: Option<usize>,
    /// `"info"` (read as a reader would, e.g. a blank cell as 0) or
    /// `"warning"` (check it).
    pub severity: NoteSeverity,
    pub table: Option<usize>,
}

impl ImportNoteRecord {
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
    /// The path as given (a folder's files as found inside it).
    pub file: String,
    pub status: Status,
}

/// One broken rule in one place of one file. All texts are as printed in
/// the official format's tables, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRecord {
    /// What the report says.
    pub actual: String,
    /// The column label, or empty when the rule spans a row.
    pub column: String,
    /// The side the rule expects, e.g. the sum of the parts.
    pub expected: String,
    pub file: String,
    /// The whole finding in one sentence, as `gongwen check` prints it.
    pub message: String,
    /// The row label(s) involved.
    pub row: String,
    /// The rule's id: `R1`–`R6` (tables), `R7` (an aggregate against its
    /// children), `T1`–`T9` (prose against the tables), `C1`–`C4` (content).
    pub rule: String,
    /// The sentence of the prose the finding quotes; prose rules only,
    /// absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
    /// `"error"` (blocks export) or `"warning"`.
    pub severity: Severity,
    /// The table heading, e.g. `三、收到和处理政府信息公开申请情况`.
    pub table: String,
}

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputErrorRecord {
    /// 1-based, or `null` when the place is not known.
    pub column: Option<usize>,
    pub file: String,
    /// The key path, e.g. `applications.results.withheld.third_party`, or
    /// `null`.
    pub key: Option<String>,
    /// 1-based, or `null` when the place is not known.
    pub line: Option<usize>,
    pub message: String,
    /// Where in an imported document, as printed (`第 2 张表第 4 行第 3 列`,
    /// `第 5 段`); absent for a text report, whose place is line and column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
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
    /// Wall time of the run.
    pub seconds: f64,
    /// Files with warnings only.
    pub warnings: usize,
}

impl CheckRun {
    /// The run of `results`, which took `elapsed`.
    pub fn new(results: &[FileResult], elapsed: Duration) -> CheckRun {
        let mut run = CheckRun {
            files: Vec::new(),
            findings: Vec::new(),
            import_notes: Vec::new(),
            input_errors: Vec::new(),
            summary: Summary::new(&Tally::of(results), elapsed),
        };
        for r in results {
            let file = r.file.display().to_string();
            if let Some(Failure::Input(e)) = &r.failure {
                run.input_errors.push(InputErrorRecord::new(&file, e));
            }
            run.findings
                .extend(r.findings.iter().map(|f| FindingRecord::new(&file, f)));
            run.import_notes
                .extend(r.notes.iter().map(|n| ImportNoteRecord::new(&file, n)));
            run.files.push(FileStatus {
                file,
                status: r.status(),
            });
        }
        run
    }
}

impl FindingRecord {
    pub fn new(file: &str, f: &Finding) -> FindingRecord {
        FindingRecord {
            actual: f.actual.clone(),
            column: f.column.clone(),
            expected: f.expected.clone(),
            file: file.to_string(),
            message: f.message.clone(),
            row: f.row.clone(),
            rule: f.rule.clone(),
            sentence: f.sentence.clone(),
            severity: f.severity,
            table: f.table.clone(),
        }
    }
}

impl InputErrorRecord {
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

impl Summary {
    pub fn new(tally: &Tally, elapsed: Duration) -> Summary {
        Summary {
            failed: tally.failed,
            files: tally.files(),
            ok: tally.ok,
            seconds: elapsed.as_secs_f64(),
            warnings: tally.warned,
        }
    }
}
