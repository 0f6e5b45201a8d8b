//! The consistency rules (勾稽关系) of the template, run over the model.
//!
//! Each finding names its rule, the printed row and column labels and the
//! arithmetic with both sides, in Chinese, so a clerk can fix the cell
//! without opening the format.

use serde::Serialize;

use crate::input::Place;
use crate::model::{Origin, Report};
use crate::template::{FigurePath, RuleDef, Severity, Template, Term};

mod form;
pub mod prose;
pub mod rollup;

pub use rollup::check_children;

pub use form::check_form;

/// One broken rule in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The id of the broken rule: R1–R7 from the template, F1–F5 for the
    /// form, T1–T9 and C1–C5 for the prose.
    pub rule: String,
    /// Whether the finding blocks export ([`has_errors`]) or is only
    /// reported.
    pub severity: Severity,
    /// The printed table heading, e.g. 三、收到和处理政府信息公开申请情况;
    /// for a finding about prose, the section it is in.
    pub table: String,
    /// The printed row labels involved (a label may itself contain 、).
    pub row: Vec<String>,
    /// The printed column labels involved; empty when the rule spans a row.
    pub column: Vec<String>,
    /// The side the rule expects, e.g. the sum of the parts.
    pub expected: String,
    /// What the report says.
    pub actual: String,
    /// The whole finding in one Chinese sentence for the clerk, led by the
    /// rule id: `R1 …`, `T1 正文“…”与表格不一致：…`.
    pub message: String,
    /// The sentence of the prose a finding quotes (prose checks only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
    /// The cells of the checked report the finding is about, by figure and
    /// column key, so a form can highlight them and a clerk be told the
    /// key; for a rule across years, this year's cells. Empty for a
    /// finding about prose alone. Not yet part of the JSON output.
    #[serde(skip)]
    pub cells: Vec<FigurePath>,
    /// Where in the input file the finding points, so a clerk knows what
    /// to change: the key paths with their places, or for prose the text
    /// and its paragraph. Filled by [`check_all`] from the cells when a
    /// rule leaves it empty.
    #[serde(skip)]
    pub input: Vec<InputPlace>,
}

impl Finding {
    /// Where a clerk looks for what to change, as `gongwen check` prints it
    /// under the message and the editor under each finding: the paragraph
    /// of a prose finding (or the keys and lines of a figure's), then the
    /// table, row and column it names. A prose finding names a table only
    /// when it compared the prose with one (对照表格).
    pub fn place_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(text) = self.input_line() {
            lines.push(text);
        }
        let prose = self.input.first().is_some_and(|p| p.heading.is_some());
        if prose && self.cells.is_empty() {
            return lines;
        }
        let mut place = Vec::new();
        if !self.table.is_empty() {
            let name = if prose { "对照表格" } else { "表格" };
            place.push(format!("{name}：{}", self.table));
        }
        if !self.row.is_empty() {
            place.push(format!("行：{}", self.row.join("、")));
        }
        if !self.column.is_empty() {
            place.push(format!("列：{}", self.column.join("、")));
        }
        if !place.is_empty() {
            lines.push(place.join("；"));
        }
        lines
    }

    /// The input places, as a clerk looks for them.
    fn input_line(&self) -> Option<String> {
        let [first, ..] = self.input.as_slice() else {
            return None;
        };
        if let (Some(heading), Some(paragraph)) = (&first.heading, first.paragraph) {
            let line = at(first.place)
                .map(|l| format!("，{l}"))
                .unwrap_or_default();
            return Some(format!(
                "正文：{heading} 第 {paragraph} 段（{}{line}）",
                first.key
            ));
        }
        const SHOWN: usize = 4;
        let one = |p: &InputPlace| match at(p.place) {
            Some(line) => format!("{}（{line}）", p.key),
            None => format!("{}（文件中未写）", p.key),
        };
        let mut shown: Vec<String> = self.input.iter().take(SHOWN).map(one).collect();
        if self.input.len() > SHOWN {
            shown.push(format!("等 {} 处", self.input.len()));
        }
        Some(format!("位置：{}", shown.join("、")))
    }
}

/// `第 68 行`, for a place in a text file.
fn at(place: Option<Place>) -> Option<String> {
    match place? {
        Place::Text { line, .. } => Some(format!("第 {line} 行")),
        // Beside "第 2 段" of the text, the document's own count is named
        // as such, so the two numbers are not read as one.
        Place::Paragraph { index } => Some(format!("文档第 {index} 段")),
        other => Some(other.to_string()),
    }
}

/// A place in the input file a finding points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputPlace {
    /// The key path: `applications.results.disclosed`,
    /// `overview.parts[1].text`, `report.agency`.
    pub key: String,
    /// Where the file wrote it; `None` when the file left it out.
    pub place: Option<Place>,
    /// For prose: the paragraph of the text, from 1.
    pub paragraph: Option<usize>,
    /// For prose: the headings above it as printed, `一、总体情况（二）依申请公开`.
    pub heading: Option<String>,
}

impl InputPlace {
    /// The key at `key` of `report`, where the file wrote it.
    pub fn key(report: &Report, key: &str) -> InputPlace {
        InputPlace {
            key: key.to_string(),
            place: report.places.key(key),
            paragraph: None,
            heading: None,
        }
    }

    /// The cells' rows, each once, where the file wrote the cell's number
    /// (or the row, or nothing when the row was left out).
    pub fn of_cells(report: &Report, cells: &[FigurePath]) -> Vec<InputPlace> {
        let mut out: Vec<InputPlace> = Vec::new();
        for cell in cells {
            if out.iter().any(|p| p.key == cell.figure) {
                continue;
            }
            let places = &report.places;
            let place = cell
                .column
                .as_ref()
                .and_then(|c| {
                    places
                        .key(&format!("{}[{}]", cell.figure, c.index))
                        .or_else(|| places.key(&format!("{}.{}", cell.figure, c.key)))
                })
                .or_else(|| places.key(&cell.figure));
            out.push(InputPlace {
                key: cell.figure.clone(),
                place,
                paragraph: None,
                heading: None,
            });
        }
        out
    }
}

/// Sums in u128 so that no report, however absurd, overflows a check.
fn term_value(report: &Report, term: &Term, column: usize) -> u128 {
    report
        .template
        .term_members(term)
        .into_iter()
        .filter_map(|m| report.figures.row(m))
        .filter_map(|r| r.values.get(column))
        .map(|v| u128::from(*v))
        .sum()
}

/// Whether every number of a term was computed by the tool.
fn term_computed(report: &Report, term: &Term) -> bool {
    report
        .template
        .term_members(term)
        .into_iter()
        .filter_map(|m| report.figures.row(m))
        .all(|r| r.origin == Origin::Computed)
}

/// A figure's printed label.
fn figure_label<'t>(template: &'t Template, key: &str) -> &'t str {
    template.figures.get(key).map_or("", |f| f.label.as_str())
}

/// The rules that need one report only (R1–R4 of the built-in template).
pub fn check_report(report: &Report) -> Vec<Finding> {
    let t = &report.template;
    let mut findings = Vec::new();
    for rule in &t.rules {
        match rule {
            RuleDef::Columns {
                id,
                severity,
                table,
                left,
                right,
            } => {
                // A side the tool computed from the other side holds by
                // construction; checking it would only restate the sum.
                if right.iter().all(|term| term_computed(report, term)) {
                    continue;
                }
                let Some(set) = left
                    .first()
                    .and_then(|term| t.term_members(term).first().and_then(|m| t.columns_of(m)))
                else {
                    continue;
                };
                for (col, col_label) in set.labels.iter().enumerate() {
                    let l: Vec<u128> = left
                        .iter()
                        .map(|term| term_value(report, term, col))
                        .collect();
                    let r: Vec<u128> = right
                        .iter()
                        .map(|term| term_value(report, term, col))
                        .collect();
                    let (ls, rs): (u128, u128) = (l.iter().sum(), r.iter().sum());
                    if ls == rs {
                        continue;
                    }
                    let side = |terms: &[Term], values: &[u128]| -> String {
                        let parts: Vec<String> = terms
                            .iter()
                            .zip(values)
                            .map(|(term, v)| format!("{} {v}", t.term_name(term)))
                            .collect();
                        let joined = parts.join(" + ");
                        // Both sides of R1 are sums too: their totals show
                        // how far apart they are, as R2's does.
                        if parts.len() >= 2 {
                            format!("{joined} = {}", values.iter().sum::<u128>())
                        } else {
                            joined
                        }
                    };
                    let lhs = side(left, &l);
                    let rhs = side(right, &r);
                    let rows: Vec<&str> =
                        left.iter().chain(right).map(|x| t.term_label(x)).collect();
                    findings.push(Finding {
                        rule: id.clone(),
                        severity: *severity,
                        table: table.clone(),
                        row: rows.iter().map(|r| r.to_string()).collect(),
                        column: vec![col_label.clone()],
                        expected: ls.to_string(),
                        actual: rs.to_string(),
                        message: format!("{id} {col_label}列：{lhs} ≠ {rhs}"),
                        sentence: None,
                        cells: left
                            .iter()
                            .chain(right)
                            .flat_map(|term| t.term_members(term))
                            .filter_map(|figure| t.column_path(figure, col))
                            .collect(),
                        input: Vec::new(),
                    });
                }
            }
            RuleDef::RowTotal {
                id,
                severity,
                table,
                columns,
            } => {
                let Some(set) = t.columns.get(columns) else {
                    continue;
                };
                for (key, def) in &t.figures {
                    if def.columns.as_deref() != Some(columns.as_str()) {
                        continue;
                    }
                    let Some(row) = report.figures.row(key) else {
                        continue;
                    };
                    if row.origin != Origin::Given {
                        continue;
                    }
                    let parts = set.parts();
                    let sum: u128 = row.values[..parts].iter().map(|v| u128::from(*v)).sum();
                    let total = u128::from(row.total());
                    if sum == total {
                        continue;
                    }
                    let terms: Vec<String> = set.labels[..parts]
                        .iter()
                        .zip(&row.values)
                        .map(|(l, v)| format!("{l} {v}"))
                        .collect();
                    let total_label = &set.labels[parts];
                    findings.push(Finding {
                        rule: id.clone(),
                        severity: *severity,
                        table: table.clone(),
                        row: vec![def.label.clone()],
                        column: vec![total_label.clone()],
                        expected: sum.to_string(),
                        actual: total.to_string(),
                        message: format!(
                            "{id} {}行：{} = {sum} ≠ {total_label} {total}",
                            def.label,
                            terms.join(" + ")
                        ),
                        sentence: None,
                        cells: t.column_path(key, parts).into_iter().collect(),
                        input: Vec::new(),
                    });
                }
            }
            RuleDef::CarryOver { .. } | RuleDef::Stock { .. } | RuleDef::Rollup { .. } => {}
        }
    }
    findings
}

/// The rules that compare a report with the same agency's previous year
/// (R5, R6 of the built-in template).
pub fn check_years(previous: &Report, report: &Report) -> Vec<Finding> {
    let t = &report.template;
    let (py, y) = (previous.meta.year, report.meta.year);
    let mut findings = Vec::new();
    for rule in &t.rules {
        match rule {
            RuleDef::CarryOver {
                id,
                severity,
                table,
                this_year,
                last_year,
            } => {
                let (Some(now), Some(before), Some(set)) = (
                    report.figures.row(this_year),
                    previous.figures.row(last_year),
                    t.columns_of(this_year),
                ) else {
                    continue;
                };
                for (col, label) in set.labels.iter().enumerate() {
                    let (a, b) = (now.values.get(col), before.values.get(col));
                    if a == b {
                        continue;
                    }
                    let (a, b) = (a.copied().unwrap_or(0), b.copied().unwrap_or(0));
                    let figure_name =
                        |key: &str| t.figures.get(key).map_or("", |f| f.short.as_str());
                    let (na, nb) = (figure_name(this_year), figure_name(last_year));
                    findings.push(Finding {
                        rule: id.clone(),
                        severity: *severity,
                        table: table.clone(),
                        row: vec![
                            format!("{}（{y}年）", figure_label(t, this_year)),
                            format!("{}（{py}年）", figure_label(t, last_year)),
                        ],
                        column: vec![label.clone()],
                        expected: b.to_string(),
                        actual: a.to_string(),
                        message: format!("{id} {label}列：{y}年{na} {a} ≠ {py}年{nb} {b}"),
                        sentence: None,
                        cells: t.column_path(this_year, col).into_iter().collect(),
                        input: Vec::new(),
                    });
                }
            }
            RuleDef::Stock {
                id,
                severity,
                table,
                figures,
                issued,
                repealed,
                in_force,
            } => {
                for fig in figures {
                    let (Some(now), Some(before), Some(set)) = (
                        report.figures.row(fig),
                        previous.figures.row(fig),
                        t.columns_of(fig),
                    ) else {
                        continue;
                    };
                    let (Some(ci), Some(cr), Some(cf)) = (
                        set.index_of(issued),
                        set.index_of(repealed),
                        set.index_of(in_force),
                    ) else {
                        continue;
                    };
                    let get = |r: &crate::model::Row, c: usize| {
                        i128::from(r.values.get(c).copied().unwrap_or(0))
                    };
                    let expected = get(before, cf) + get(now, ci) - get(now, cr);
                    let actual = get(now, cf);
                    if expected == actual {
                        continue;
                    }
                    let name = figure_label(t, fig);
                    findings.push(Finding {
                        rule: id.clone(),
                        severity: *severity,
                        table: table.clone(),
                        row: vec![name.to_string()],
                        column: vec![set.labels[cf].clone()],
                        expected: expected.to_string(),
                        actual: actual.to_string(),
                        message: format!(
                            "{id} {name}：{py}年{} {} + {y}年{} {} − {} {} = {expected} ≠ {y}年{} {actual}（文件也可能因到期失效，请核实）",
                            set.labels[cf],
                            get(before, cf),
                            set.labels[ci],
                            get(now, ci),
                            set.labels[cr],
                            get(now, cr),
                            set.labels[cf],
                        ),
                        sentence: None,
                        cells: [cf, ci, cr]
                            .into_iter()
                            .filter_map(|c| t.column_path(fig, c))
                            .collect(),
                        input: Vec::new(),
                    });
                }
            }
            _ => {}
        }
    }
    findings
}

/// All rules for one report; `previous` is the same agency's report for the
/// year before, when the user gave it.
pub fn check_all(
    report: &Report,
    previous: Option<&Report>,
    options: &CheckOptions,
) -> Vec<Finding> {
    check_all_with_children(report, previous, &[], options)
}

/// All rules for an aggregate report, the roll-up rules (R7) against
/// `children` included, in the order of [`check_all`]: tables, years,
/// roll-up, prose. With no children it is [`check_all`].
pub fn check_all_with_children(
    report: &Report,
    previous: Option<&Report>,
    children: &[&Report],
    options: &CheckOptions,
) -> Vec<Finding> {
    let mut findings = check_form(report);
    findings.extend(check_report(report));
    if let Some(previous) = previous {
        findings.extend(check_years(previous, report));
    }
    if !children.is_empty() {
        findings.extend(check_children(report, children));
    }
    let mut prose = prose::check_prose(report);
    if options.strict {
        prose::make_strict(&mut prose);
    }
    findings.extend(prose);
    for f in &mut findings {
        if f.input.is_empty() {
            f.input = InputPlace::of_cells(report, &f.cells);
        }
    }
    findings
}

/// How strictly to judge a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Prose that contradicts the tables is an error, not a warning.
    pub strict: bool,
}

/// For each report, the same agency's report for the year before among
/// `candidates`, so `gongwen check 2022.toml 2023.toml` checks R5/R6.
pub fn previous_years<'a>(
    reports: &[&Report],
    candidates: &[&'a Report],
) -> Vec<Option<&'a Report>> {
    reports
        .iter()
        .map(|r| {
            candidates.iter().copied().find(|c| {
                c.meta.agency == r.meta.agency
                    && u32::from(c.meta.year) + 1 == u32::from(r.meta.year)
            })
        })
        .collect()
}

/// Whether any finding blocks export.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::input::Syntax;

    const SEED: &str = include_str!("../../examples/laochengqu-2022.toml");

    fn cells(finding: &Finding) -> Vec<String> {
        finding.cells.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn findings_name_the_cells_they_are_about_outside_the_json() {
        let source = SEED.replace(
            "new         = [15, 0, 0, 0, 0, 0, 15]",
            "new         = [15, 0, 0, 0, 0, 0, 16]",
        );
        let report = crate::model::from_text(Path::new("t.toml"), &source, Syntax::Toml).unwrap();
        let findings = check_all(&report, None, &CheckOptions::default());
        let rule = |id: &str| findings.iter().find(|f| f.rule == id).unwrap();
        assert_eq!(cells(rule("R2")), ["applications.new.total"]);
        assert_eq!(
            cells(rule("R1")),
            [
                "applications.new.total",
                "applications.carried_in.total",
                "applications.results.total.total",
                "applications.carried_out.total",
            ]
        );
        assert_eq!(cells(rule("T1")), ["applications.new.total"]);
        assert_eq!(cells(rule("T8")), ["applications.carried_out.total"]);
        let json = serde_json::to_string(rule("R2")).unwrap();
        assert!(!json.contains("cells"), "{json}");
    }
}
