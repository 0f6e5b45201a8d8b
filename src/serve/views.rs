//! What the API sends the page, as serde types: the template's tables as
//! printed, the findings with the cells and sentences they are about, and
//! every number of the resolved report.

use super::marks::Mark;
use std::collections::BTreeMap;

use serde::Serialize;

use super::state::{EditState, PartState};
use crate::check::Finding;
use crate::input::InputError;
use crate::model::{Figure, Origin, Report};
use crate::template::numbering::chinese_number;
use crate::template::{FigureKind, Severity, SlotContent, Template, TextRole};

/// The template as the editor draws it.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateView {
    /// The template id.
    pub id: String,
    /// The format's name.
    pub name: String,
    /// The title when the report gives none, with `{agency}` and `{year}`.
    pub title: String,
    /// The six sections in order.
    pub sections: Vec<SectionView>,
    /// The printed tables.
    pub tables: Vec<TableView>,
    /// Every figure by key.
    pub figures: BTreeMap<String, FigureView>,
}

/// A level-1 section: its key and printed heading.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub key: String,
    /// 一、 … 六、
    pub number: String,
    pub heading: String,
}

/// A table on its grid, as the document builder walks it.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub section: String,
    pub columns: usize,
    pub rows: usize,
    pub widths: Vec<u32>,
    pub header_rows: usize,
    /// 小四 or 五号, in points.
    pub text_size: f32,
    pub slots: Vec<SlotView>,
}

/// One cell: printed text, or the input of one number.
#[derive(Debug, Clone, Serialize)]
pub struct SlotView {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// `header` (centred) or `label`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
    /// The figure path of the number, `applications.new.total`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The figure key and the cell's index in the editor's list for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// What the cell is called, for screen readers and messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A figure: how many cells it has and which is a total the input may
/// leave out.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub label: String,
    pub cells: usize,
    /// The index of the total column, when the row has one.
    pub total: Option<usize>,
    pub decimal: bool,
}

impl TemplateView {
    /// The view of `template`.
    pub fn of(template: &Template) -> TemplateView {
        let sections = template
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| SectionView {
                key: s.key.clone(),
                number: format!("{}、", chinese_number(i + 1)),
                heading: s.heading.clone(),
            })
            .collect();
        let tables = template
            .tables
            .iter()
            .map(|grid| TableView {
                section: grid.section.clone(),
                columns: grid.columns,
                rows: grid.rows,
                widths: grid.widths.clone(),
                header_rows: grid.header_rows,
                text_size: grid.text_size.points(),
                slots: grid
                    .slots
                    .iter()
                    .map(|slot| {
                        let mut view = SlotView {
                            row: slot.row,
                            col: slot.col,
                            rowspan: slot.rowspan,
                            colspan: slot.colspan,
                            text: None,
                            role: None,
                            path: None,
                            figure: None,
                            index: None,
                            name: None,
                        };
                        match &slot.content {
                            SlotContent::Text { text, role, .. } => {
                                view.text = Some(text.clone());
                                view.role = Some(match role {
                                    TextRole::Header => "header",
                                    TextRole::Label => "label",
                                });
                            }
                            SlotContent::Value(path) => {
                                let label = template
                                    .figures
                                    .get(&path.figure)
                                    .map_or("", |f| f.label.as_str());
                                view.name = Some(match template.column_label(path) {
                                    Some(column) => format!("{label} · {column}"),
                                    None => label.to_string(),
                                });
                                view.path = Some(path.to_string());
                                view.figure = Some(path.figure.clone());
                                view.index = Some(path.column.as_ref().map_or(0, |c| c.index));
                            }
                        }
                        view
                    })
                    .collect(),
            })
            .collect();
        let figures = template
            .figures
            .iter()
            .map(|(key, def)| {
                let set = template.columns_of(key);
                let view = FigureView {
                    label: def.label.clone(),
                    cells: set.map_or(1, |s| s.labels.len()),
                    total: set.filter(|s| s.has_total).map(|s| s.parts()),
                    decimal: def.kind == FigureKind::Decimal,
                };
                (key.clone(), view)
            })
            .collect();
        TemplateView {
            id: template.id.clone(),
            name: template.name.clone(),
            title: template.title.clone(),
            sections,
            tables,
            figures,
        }
    }
}

/// A number of the resolved report and where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    pub text: String,
    /// `given`, `computed` (a total the tool added) or `omitted` (a row
    /// left out, zeros).
    pub origin: &'static str,
}

/// Every printed number of `report` by figure path.
pub fn values(report: &Report) -> BTreeMap<String, ValueView> {
    let template = &report.template;
    let mut out = BTreeMap::new();
    for (key, figure) in &report.figures.0 {
        match figure {
            Figure::Row(row) => {
                let parts = template.columns_of(key).map_or(0, |s| s.parts());
                for (i, v) in row.values.iter().enumerate() {
                    let origin = match row.origin {
                        Origin::Given => "given",
                        Origin::TotalComputed if i >= parts => "computed",
                        Origin::TotalComputed => "given",
                        Origin::Computed => "computed",
                        Origin::Omitted => "omitted",
                    };
                    if let Some(path) = template.column_path(key, i) {
                        let text = v.to_string();
                        out.insert(path.to_string(), ValueView { text, origin });
                    }
                }
            }
            Figure::Count(n) => {
                let text = n.to_string();
                out.insert(
                    key.clone(),
                    ValueView {
                        text,
                        origin: "given",
                    },
                );
            }
            Figure::Decimal(fee) => {
                let text = fee.to_string();
                out.insert(
                    key.clone(),
                    ValueView {
                        text,
                        origin: "given",
                    },
                );
            }
        }
    }
    out
}

/// A finding as the page lists and marks it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// The rule id: R1–R6, T1–T9, C1–C4.
    pub rule: String,
    /// `error` or `warning`.
    pub severity: Severity,
    /// As the CLI prints it.
    pub message: String,
    /// The CLI's second line: 表格：…；行：…；列：…
    pub place: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The sentence of the prose it quotes.
    pub sentence: Option<String>,
    /// The figure paths of the cells it is about.
    pub cells: Vec<String>,
    /// Where its sentence is in the prose inputs.
    pub marks: Vec<Mark>,
    /// The section it is about, for a finding about prose as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// The findings of `report` for the page, sentences found in `state`.
pub fn findings(findings: &[Finding], report: &Report, state: &EditState) -> Vec<FindingView> {
    let fields = prose_fields(state);
    let template = &report.template;
    findings
        .iter()
        .map(|f| {
            let place = f.place_lines();
            let marks = f
                .sentence
                .as_deref()
                .map(|s| super::marks::find_sentence(s, &fields, report))
                .unwrap_or_default();
            let section = template
                .sections
                .iter()
                .enumerate()
                .find(|(i, s)| f.table == format!("{}、{}", chinese_number(i + 1), s.heading))
                .map(|(_, s)| s.key.clone());
            FindingView {
                rule: f.rule.clone(),
                severity: f.severity,
                message: f.message.clone(),
                place: place.join("；"),
                sentence: f.sentence.clone(),
                cells: f.cells.iter().map(ToString::to_string).collect(),
                marks,
                section,
            }
        })
        .collect()
}

/// Every prose input of the editor by id, with its text.
pub fn prose_fields(state: &EditState) -> Vec<(String, &str)> {
    fn parts<'s>(prefix: &str, list: &'s [PartState], out: &mut Vec<(String, &'s str)>) {
        for (i, part) in list.iter().enumerate() {
            let id = format!("{prefix}.parts.{i}");
            out.push((format!("{id}.text"), &part.text));
            parts(&id, &part.parts, out);
        }
    }
    let mut out = Vec::new();
    for (key, prose) in &state.sections {
        out.push((format!("{key}.text"), prose.text.as_str()));
        parts(key, &prose.parts, &mut out);
    }
    out
}

/// A report file that could not be read or resolved, for the page.
#[derive(Debug, Clone, Serialize)]
pub struct InputErrorView {
    /// The whole message as the CLI prints it, file and place included.
    pub message: String,
    /// What is wrong, without the file.
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl InputErrorView {
    /// The view of `error`, the file named by `name`.
    pub fn of(error: &InputError, name: &str) -> InputErrorView {
        let mut shown = error.clone();
        shown.file = name.into();
        InputErrorView {
            message: shown.to_string(),
            detail: error.message(),
            key: error.key.clone(),
            line: error.line(),
        }
    }
}
