//! A check run as the two tables a reviewing office reads in a spreadsheet:
//! one row per report, one row per finding. The workbook
//! (`check --format xlsx`, [`super::xlsx`]) holds both; the CSV
//! (`check --format csv`) is the findings table alone.
//!
//! The findings table is made from the JSON wire format's own record,
//! [`super::json::FindingRecord`]: each of its keys is a column, so the workbook, the
//! CSV and `--format json` say the same thing field for field and a key
//! added to the record becomes a column by itself. Values are the JSON's,
//! except that a severity reads 错误/警告 and a list of labels is joined
//! with 、.

use std::collections::HashMap;

use serde_json::Value;

use super::json::{CheckRun, InputErrorRecord};
use super::{Failure, FileResult, Status};
use crate::template::{Severity, Template, DEFAULT_TEMPLATE};

/// The findings table's columns for today's record keys, in reading order,
/// each with the header a reviewer reads. A key of the record not listed
/// here follows them, headed by the key itself.
pub const FINDING_COLUMNS: &[(&str, &str)] = &[
    ("file", "文件"),
    ("rule", "规则"),
    ("severity", "级别"),
    ("table", "表格"),
    ("row", "行"),
    ("column", "列"),
    ("key", "输入键"),
    ("line", "所在行"),
    ("expected", "应为"),
    ("actual", "实际"),
    ("message", "说明"),
    ("sentence", "原文"),
    ("places", "全部位置"),
];

/// A table: a name, headed columns and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The sheet's name.
    pub name: String,
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The rows below the header, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// A column: the record key it shows (or a name of its own) and its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The record key, stable across languages, e.g. `expected`.
    pub key: String,
    /// The header printed above the column, e.g. 应为.
    pub header: String,
}

/// One cell, and whether it is marked for the reviewer's eye.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// What the cell shows.
    pub value: CellValue,
    /// Why the cell is highlighted; `None` for a plain cell.
    pub mark: Option<Mark>,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellValue {
    /// Text, shown as it is.
    Text(String),
    /// A count, kept whole: a spreadsheet's numbers are doubles, so a
    /// writer shows one beyond 2^53 as text rather than round it.
    Count(u128),
}

impl CellValue {
    /// The value as CSV and width estimates see it.
    pub fn text(&self) -> String {
        match self {
            CellValue::Text(t) => t.clone(),
            CellValue::Count(n) => n.to_string(),
        }
    }
}

/// Why a cell is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A failed report, or an error finding.
    Failed,
    /// A report with warnings only, or a warning finding.
    Warning,
}

fn text(value: impl Into<String>, mark: Option<Mark>) -> Cell {
    Cell {
        value: CellValue::Text(value.into()),
        mark,
    }
}

fn status_mark(status: Status) -> Option<Mark> {
    match status {
        Status::Failed => Some(Mark::Failed),
        Status::Warnings => Some(Mark::Warning),
        Status::Ok => None,
    }
}

fn severity_mark(severity: Severity) -> Mark {
    match severity {
        Severity::Error => Mark::Failed,
        Severity::Warning => Mark::Warning,
    }
}

/// The findings of `results`, one row per [`super::json::FindingRecord`] as `--format
/// json` prints it. The file cell is marked with its report's status, the
/// severity cell with the finding's.
pub fn findings_table(results: &[FileResult]) -> Table {
    let run = CheckRun::new(results, &[], None);
    let status: HashMap<&str, Status> = run
        .files
        .iter()
        .map(|f| (f.file.as_str(), f.status))
        .collect();
    let records: Vec<serde_json::Map<String, Value>> = run
        .findings
        .iter()
        .map(|record| match serde_json::to_value(record) {
            Ok(Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        })
        .collect();
    let mut columns: Vec<Column> = FINDING_COLUMNS
        .iter()
        .map(|(key, header)| Column {
            key: key.to_string(),
            header: header.to_string(),
        })
        .collect();
    let mut extra: Vec<&String> = records
        .iter()
        .flat_map(|r| r.keys())
        .filter(|k| !FINDING_COLUMNS.iter().any(|(known, _)| known == k))
        .collect();
    extra.sort();
    extra.dedup();
    columns.extend(extra.into_iter().map(|k| Column {
        key: k.clone(),
        header: k.clone(),
    }));
    let rows = run
        .findings
        .iter()
        .zip(&records)
        .map(|(record, map)| {
            columns
                .iter()
                .map(|column| {
                    let value = map.get(&column.key).unwrap_or(&Value::Null);
                    let mark = match column.key.as_str() {
                        "file" => status
                            .get(record.file.as_str())
                            .copied()
                            .and_then(status_mark),
                        "severity" => Some(severity_mark(record.severity)),
                        _ => None,
                    };
                    Cell {
                        value: json_cell(&column.key, value),
                        mark,
                    }
                })
                .collect()
        })
        .collect();
    Table {
        name: "问题清单".to_string(),
        columns,
        rows,
    }
}

/// A JSON value as one cell.
fn json_cell(key: &str, value: &Value) -> CellValue {
    if key == "severity" {
        if let Ok(severity) = serde_json::from_value::<Severity>(value.clone()) {
            return CellValue::Text(severity.label().to_string());
        }
    }
    match value {
        Value::Null => CellValue::Text(String::new()),
        Value::String(s) => CellValue::Text(s.clone()),
        Value::Number(n) => match n.as_u64() {
            Some(n) => CellValue::Count(u128::from(n)),
            None => CellValue::Text(n.to_string()),
        },
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Value::String(s) => s.clone(),
                    Value::Object(place) => place_text(place),
                    other => other.to_string(),
                })
                .collect();
            CellValue::Text(parts.join("、"))
        }
        other => CellValue::Text(other.to_string()),
    }
}

/// A place in the input as a clerk looks for it: the key path and its
/// line, or that the file left the key out.
fn place_text(place: &serde_json::Map<String, Value>) -> String {
    let key = place.get("key").and_then(Value::as_str).unwrap_or_default();
    match place.get("line").and_then(Value::as_u64) {
        Some(line) => format!("{key}（第 {line} 行）"),
        None => format!("{key}（文件中未写）"),
    }
}

/// One row per report: file, agency, year, status, error and warning
/// counts, the template's headline figures, and why an unreadable file
/// could not be read. A failed report's row is marked throughout; a
/// report with warnings, in its status cell.
pub fn reports_table(results: &[FileResult]) -> Table {
    let headline: Vec<String> = match results.iter().find_map(|r| r.facts.as_ref()) {
        Some(facts) => facts.headline.iter().map(|(l, _)| l.clone()).collect(),
        None => Template::built_in(DEFAULT_TEMPLATE)
            .map(|t| t.headline.into_iter().map(|h| h.label).collect())
            .unwrap_or_default(),
    };
    let mut columns: Vec<Column> = [
        ("file", "文件"),
        ("agency", "发文机关"),
        ("year", "年度"),
        ("status", "状态"),
        ("errors", "错误数"),
        ("warnings", "警告数"),
    ]
    .iter()
    .map(|(key, header)| Column {
        key: key.to_string(),
        header: header.to_string(),
    })
    .collect();
    columns.extend(headline.iter().map(|label| Column {
        key: label.clone(),
        header: label.clone(),
    }));
    columns.push(Column {
        key: "input_error".into(),
        header: "无法读取的原因".into(),
    });
    let rows = results
        .iter()
        .map(|r| {
            let status = r.status();
            let row_mark = (status == Status::Failed).then_some(Mark::Failed);
            let errors = r
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            let count = |n: u128| Cell {
                value: CellValue::Count(n),
                mark: row_mark,
            };
            let file = r.file.display().to_string();
            let mut row = vec![text(file.clone(), row_mark)];
            match &r.facts {
                Some(facts) => {
                    row.push(text(facts.agency.clone(), row_mark));
                    row.push(count(u128::from(facts.year)));
                }
                None => {
                    row.push(text("", row_mark));
                    row.push(text("", row_mark));
                }
            }
            row.push(text(status_label(status), status_mark(status)));
            row.push(count(errors as u128));
            row.push(count((r.findings.len() - errors) as u128));
            for label in &headline {
                let value = r
                    .facts
                    .as_ref()
                    .and_then(|f| f.headline.iter().find(|(l, _)| l == label))
                    .map(|(_, v)| *v);
                row.push(match value {
                    Some(v) => count(v),
                    None => text("", row_mark),
                });
            }
            let why = match &r.failure {
                Some(Failure::Input(errors)) => errors
                    .iter()
                    .map(|e| input_error_text(&InputErrorRecord::new(&file, e)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            row.push(text(why, row_mark));
            row
        })
        .collect();
    Table {
        name: "报告一览".to_string(),
        columns,
        rows,
    }
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Ok => "通过",
        Status::Warnings => "有警告",
        Status::Failed => "失败",
    }
}

/// An input error as one line: where, the key, the message.
fn input_error_text(record: &InputErrorRecord) -> String {
    let mut out = String::new();
    match (record.line, record.column) {
        (Some(line), Some(column)) => out.push_str(&format!("第 {line} 行第 {column} 列：")),
        (Some(line), None) => out.push_str(&format!("第 {line} 行：")),
        _ => {}
    }
    if let Some(key) = &record.key {
        out.push_str(&format!("{key}："));
    }
    out.push_str(&record.message);
    out
}

/// The findings table as CSV: UTF-8 with a byte-order mark, which is how
/// Excel knows to read it as UTF-8 (without one it guesses GBK on a
/// Chinese Windows and shows mojibake), a header row, one row per finding.
pub fn findings_csv(results: &[FileResult]) -> Result<Vec<u8>, csv::Error> {
    let table = findings_table(results);
    let mut out = Vec::from(*b"\xEF\xBB\xBF");
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(table.columns.iter().map(|c| c.header.as_str()))?;
        for row in &table.rows {
            writer.write_record(row.iter().map(|cell| cell.value.text()))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::json::FindingRecord;
    use super::*;

    /// A record with every field set serializes to exactly the listed
    /// keys: a key renamed or added in the record must be listed too.
    #[test]
    fn every_record_key_is_a_listed_column() {
        let record = FindingRecord {
            actual: "1".into(),
            column: vec!["总计".into()],
            expected: "2".into(),
            file: "a.toml".into(),
            key: Some("applications.new".into()),
            line: Some(3),
            message: "m".into(),
            places: Vec::new(),
            row: vec!["r".into()],
            rule: "R1".into(),
            sentence: Some("s".into()),
            severity: Severity::Error,
            table: "t".into(),
        };
        let Value::Object(map) = serde_json::to_value(&record).unwrap() else {
            panic!("a record is an object");
        };
        let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
        let mut listed: Vec<&str> = FINDING_COLUMNS.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        listed.sort_unstable();
        assert_eq!(keys, listed);
    }

    #[test]
    fn cells_show_json_values_as_a_reviewer_reads_them() {
        assert_eq!(
            json_cell("severity", &Value::from("warning")),
            CellValue::Text("警告".into())
        );
        assert_eq!(
            json_cell("row", &serde_json::json!(["新收", "上年结转"])),
            CellValue::Text("新收、上年结转".into())
        );
        assert_eq!(json_cell("line", &Value::from(3)), CellValue::Count(3));
        assert_eq!(json_cell("x", &Value::Null), CellValue::Text(String::new()));
    }
}
