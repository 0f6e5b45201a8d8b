//! The report as the editor page holds it: every field as the text in its
//! input, with blanks where the file leaves a value out. The page sends it
//! whole on each change; [`EditState::validate`] turns it into what can be
//! written back, or names each input that cannot be.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::input::{Fee, RawFigure, RawPart, RawProse, RawReport};
use crate::template::{FigureKind, Template};

/// One report in the editor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditState {
    /// `[report]`: agency, year, title, signature, date.
    pub meta: MetaState,
    /// The prose of each section, by the template's section key.
    pub sections: BTreeMap<String, ProseState>,
    /// Every figure by key: one text per printed cell, `""` where the file
    /// leaves it out (a total to compute, a row of zeros).
    pub figures: BTreeMap<String, Vec<String>>,
}

/// The `[report]` table; an empty text leaves an optional key out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaState {
    /// 发文机关.
    pub agency: String,
    /// 报告年度, as typed.
    pub year: String,
    /// 标题; empty for the default.
    pub title: String,
    /// 署名; empty for none.
    pub signature: String,
    /// 成文日期, `YYYY-MM-DD`; empty for none.
    pub date: String,
}

/// Lead text and numbered parts of a section or part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProseState {
    /// The lead paragraphs, blank lines between them.
    pub text: String,
    #[serde(default)]
    /// The numbered parts.
    pub parts: Vec<PartState>,
}

/// A numbered part (（一）, 1., （1）).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartState {
    /// Its index in the file's list when the report was opened; `None` for
    /// a part added in the editor. Lets a save keep each part's comments
    /// when another part is deleted.
    #[serde(default)]
    pub origin: Option<usize>,
    /// The heading, without its number.
    pub heading: String,
    /// Its paragraphs.
    pub text: String,
    #[serde(default)]
    /// Its own numbered parts.
    pub parts: Vec<PartState>,
}

/// A figure as it will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureValue {
    /// A row of counts: the parts, or the parts and the total; `None`
    /// leaves the row out.
    Row(Option<Vec<u64>>),
    /// A row written as a table of keys (规章: issued, repealed, in force),
    /// each written or left out.
    Keyed(Vec<(String, Option<u64>)>),
    /// One count, or left out.
    Count(Option<u64>),
    /// The fee as written, or left out.
    Fee(Option<String>),
}

/// An input that cannot be written as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditError {
    /// The figure path of the cell (`applications.new.total`), or the
    /// field (`meta.year`).
    pub target: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

/// The state checked against the template, ready to write.
#[derive(Debug, Clone)]
pub struct Validated<'a> {
    /// The inputs as sent.
    pub state: &'a EditState,
    /// The year as a number.
    pub year: u64,
    /// Every figure as it will be written, by key.
    pub figures: BTreeMap<String, FigureValue>,
}

/// The section keys whose prose the contract keeps under the section's
/// own table (all six today).
fn raw_prose<'r>(raw: &'r RawReport, key: &str) -> Option<(&'r str, &'r [RawPart])> {
    let pair = |p: &'r RawProse| (p.text.as_str(), p.parts.as_slice());
    Some(match key {
        "overview" => pair(&raw.overview),
        "proactive" => (raw.proactive.text.as_str(), &raw.proactive.parts[..]),
        "applications" => (raw.applications.text.as_str(), &raw.applications.parts[..]),
        "appeals" => (raw.appeals.text.as_str(), &raw.appeals.parts[..]),
        "problems" => pair(&raw.problems),
        "other" => pair(&raw.other),
        _ => return None,
    })
}

/// Text as a textarea shows it: LF line ends, no trailing line break (a
/// TOML multi-line string ends with one).
pub fn editor_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim_end_matches('\n')
        .to_string()
}

fn parts_state(parts: &[RawPart]) -> Vec<PartState> {
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| PartState {
            origin: Some(i),
            heading: p.heading.clone(),
            text: editor_text(&p.text),
            parts: parts_state(&p.parts),
        })
        .collect()
}

impl EditState {
    /// The editor's view of what a reader read.
    pub fn from_raw(raw: &RawReport, template: &Template) -> EditState {
        let r = &raw.report;
        let meta = MetaState {
            agency: r.agency.clone(),
            year: r.year.0.to_string(),
            title: r.title.clone().unwrap_or_default(),
            signature: r.signature.clone().unwrap_or_default(),
            date: r.date.as_ref().map(|d| d.0.clone()).unwrap_or_default(),
        };
        let mut sections = BTreeMap::new();
        for def in &template.sections {
            if let Some((text, parts)) = raw_prose(raw, &def.key) {
                sections.insert(
                    def.key.clone(),
                    ProseState {
                        text: editor_text(text),
                        parts: parts_state(parts),
                    },
                );
            }
        }
        let mut figures = BTreeMap::new();
        let cells = |key: &str| template.columns_of(key).map_or(1, |s| s.labels.len());
        for (key, figure) in raw.figures() {
            let texts: Vec<String> = match figure {
                RawFigure::Row(Some(row)) => (0..cells(key))
                    .map(|i| row.get(i).map(|c| c.0.to_string()).unwrap_or_default())
                    .collect(),
                RawFigure::Row(None) => vec![String::new(); cells(key)],
                RawFigure::Count(c) => vec![c.map(|c| c.0.to_string()).unwrap_or_default()],
                RawFigure::Fee(f) => vec![f.map(Fee::to_string).unwrap_or_default()],
            };
            figures.insert(key.to_string(), texts);
        }
        for (key, stock) in raw.stock_figures() {
            let texts = match stock {
                Some(s) => [s.issued, s.repealed, s.in_force]
                    .iter()
                    .map(|c| c.map(|c| c.0.to_string()).unwrap_or_default())
                    .collect(),
                None => vec![String::new(); cells(key)],
            };
            figures.insert(key.to_string(), texts);
        }
        EditState {
            meta,
            sections,
            figures,
        }
    }

    /// Checks every input that must be a number, and what a row may leave
    /// out: all of it, or its total, never some of its parts (a blank is
    /// not a zero: a clerk writes 0).
    pub fn validate<'a>(&'a self, template: &Template) -> Result<Validated<'a>, Vec<EditError>> {
        let mut errors = Vec::new();
        let year = match parse_count(&self.meta.year) {
            Ok(Some(y)) => y,
            Ok(None) => {
                errors.push(EditError {
                    target: "meta.year".into(),
                    message: "请填写报告年度（如 2025）".into(),
                });
                0
            }
            Err(message) => {
                errors.push(EditError {
                    target: "meta.year".into(),
                    message: format!("报告年度{message}"),
                });
                0
            }
        };
        let mut figures = BTreeMap::new();
        for (key, def) in &template.figures {
            let set = template.columns_of(key);
            let width = set.map_or(1, |s| s.labels.len());
            let texts = self.figures.get(key.as_str());
            let cell = |i: usize| texts.and_then(|t| t.get(i)).map_or("", String::as_str);
            let path = |i: usize| match template.column_path(key, i) {
                Some(p) => p.to_string(),
                None => key.clone(),
            };
            if texts.is_some_and(|t| t.len() != width) {
                errors.push(EditError {
                    target: key.clone(),
                    message: format!("{} 应有 {width} 个数", def.label),
                });
                continue;
            }
            let value = match (set, def.kind) {
                (None, FigureKind::Decimal) => {
                    let text = normalize_digits(cell(0));
                    if text.is_empty() {
                        FigureValue::Fee(None)
                    } else {
                        match Fee::parse(&text) {
                            Ok(fee) => FigureValue::Fee(Some(fee.to_string())),
                            Err(e) => {
                                errors.push(EditError {
                                    target: path(0),
                                    message: e.to_string(),
                                });
                                continue;
                            }
                        }
                    }
                }
                (None, FigureKind::Count) => match parse_count(cell(0)) {
                    Ok(n) => FigureValue::Count(n),
                    Err(message) => {
                        errors.push(EditError {
                            target: path(0),
                            message,
                        });
                        continue;
                    }
                },
                (Some(set), _) => {
                    let mut values = Vec::new();
                    let mut failed = false;
                    for i in 0..width {
                        match parse_count(cell(i)) {
                            Ok(n) => values.push(n),
                            Err(message) => {
                                errors.push(EditError {
                                    target: path(i),
                                    message,
                                });
                                failed = true;
                                values.push(None);
                            }
                        }
                    }
                    let blank = |i: usize| cell(i).trim().is_empty();
                    if !set.has_total {
                        FigureValue::Keyed(set.keys.iter().cloned().zip(values).collect())
                    } else if (0..width).all(blank) {
                        FigureValue::Row(None)
                    } else {
                        for i in (0..set.parts()).filter(|&i| blank(i)) {
                            errors.push(EditError {
                                target: path(i),
                                message: "请填写数字（没有发生的填 0）".into(),
                            });
                            failed = true;
                        }
                        if failed {
                            continue;
                        }
                        let written: Vec<u64> = values.iter().map_while(|v| *v).collect();
                        FigureValue::Row(Some(written))
                    }
                }
            };
            figures.insert(key.clone(), value);
        }
        if errors.is_empty() {
            Ok(Validated {
                state: self,
                year,
                figures,
            })
        } else {
            Err(errors)
        }
    }
}

/// Full-width digits (typed with a Chinese input method) as ASCII ones,
/// and the surrounding spaces dropped.
fn normalize_digits(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect()
}

/// A count as typed: blank, or a whole number a TOML file can hold.
fn parse_count(text: &str) -> Result<Option<u64>, String> {
    let t = normalize_digits(text);
    if t.is_empty() {
        return Ok(None);
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        let shown: String = text.trim().chars().take(20).collect();
        return Err(format!("应为非负整数，而不是“{shown}”"));
    }
    match t.parse::<i64>() {
        Ok(n) => Ok(Some(n as u64)),
        Err(_) => Err(format!("数字过大（最大 {}）", i64::MAX)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole_numbers_and_full_width_digits_count() {
        assert_eq!(parse_count(" 15 "), Ok(Some(15)));
        assert_eq!(parse_count("１５"), Ok(Some(15)));
        assert_eq!(parse_count(""), Ok(None));
        for bad in ["1.5", "-1", "十五", "1e3", "99999999999999999999"] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_row_leaves_out_all_or_its_total_never_a_part() {
        let template = Template::built_in(crate::template::DEFAULT_TEMPLATE).unwrap();
        let mut state = EditState::default();
        state.meta.year = "2023".into();
        let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        state.figures.insert(
            "applications.new".into(),
            row(&["1", "0", "0", "0", "0", "0", ""]),
        );
        let ok = state.validate(&template).unwrap();
        assert_eq!(
            ok.figures["applications.new"],
            FigureValue::Row(Some(vec![1, 0, 0, 0, 0, 0]))
        );
        assert_eq!(
            ok.figures["applications.carried_in"],
            FigureValue::Row(None)
        );
        state.figures.insert(
            "applications.new".into(),
            row(&["1", "", "0", "0", "x", "0", "1"]),
        );
        let errors = state.validate(&template).unwrap_err();
        let targets: Vec<&str> = errors.iter().map(|e| e.target.as_str()).collect();
        assert_eq!(
            targets,
            [
                "applications.new.legal_services",
                "applications.new.commercial"
            ],
            "the non-number and the blank part are named; a blank is not a zero"
        );
    }
}
