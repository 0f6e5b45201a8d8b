//! The tables, read by their printed labels, not by position.
//!
//! Every row is matched on its own: the text of its label cells (merged
//! group labels included) against the template's labels and their
//! variants. So a table split by a page break, split by the heading of the
//! next section, printed as four small tables, or merged with its
//! neighbour reads the same. Column headers (申请人情况, 行政复议 …) are
//! remembered across tables, for continuations printed without them.

use std::collections::BTreeMap;

use crate::input::document::{Block, Cell, Table};
use crate::input::place::Place;

use super::catalogue::{Catalogue, RowSpec, Shape};
use super::numbers::{self, Blank, CountCell, FeeCell};
use super::text::{excerpt, key};
use super::{NoteKind, NoteSeverity, Notes};

/// A figure's numbers as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Counts(Vec<u64>),
    Fee(String),
}

/// The figures found, by key, with the place of the row each came from.
pub type Found = BTreeMap<String, (Place, Value)>;

/// Column headers seen so far, kept across tables for continuations.
#[derive(Debug, Default)]
struct Headers {
    /// By column set: the printed table they were read from, and the grid
    /// column of each of the set's columns.
    columns: BTreeMap<String, (usize, Vec<Option<usize>>)>,
    /// For figures found by headers: the printed table, and each grid
    /// column's header texts, top to bottom.
    paths: Option<(usize, Vec<Vec<String>>)>,
}

/// Reads every table of the document.
pub fn read_tables(
    blocks: &[Block],
    catalogue: &Catalogue,
    strict: bool,
    notes: &mut Notes,
) -> Found {
    let mut reader = Reader {
        catalogue,
        found: Found::new(),
        headers: Headers::default(),
        strict,
        notes,
    };
    let mut number = 0;
    for block in blocks {
        if let Block::Table(table) = block {
            number += 1;
            for row in 0..table.rows() {
                reader.row(number, table, row);
            }
        }
    }
    reader.check_complete();
    reader.found
}

struct Reader<'a, 't> {
    catalogue: &'a Catalogue<'t>,
    found: Found,
    headers: Headers,
    strict: bool,
    notes: &'a mut Notes,
}

/// A row's cells split at its last label: labels left, values right.
struct RowCells<'t> {
    labels: Vec<(usize, &'t Cell)>,
    /// (grid column, cell), left to right.
    values: Vec<(usize, &'t Cell)>,
}

/// Labels are the text cells before the row's numbers; everything after
/// the last of them is a value, so text where a number belongs (见附件)
/// is reported at its cell rather than taken for a label.
fn split_row(table: &Table, row: usize) -> RowCells<'_> {
    let cells = table.row_cells(row);
    let is_label = |c: &Cell| !numbers::is_value_like(&c.text);
    let first_number = cells
        .iter()
        .position(|(_, c)| !c.text.trim().is_empty() && numbers::is_value_like(&c.text))
        .unwrap_or(cells.len());
    let last_label = cells[..first_number].iter().rposition(|(_, c)| is_label(c));
    match last_label {
        Some(i) => RowCells {
            labels: cells[..=i]
                .iter()
                .filter(|(_, c)| is_label(c))
                .copied()
                .collect(),
            values: cells[i + 1..].to_vec(),
        },
        None => RowCells {
            labels: Vec::new(),
            values: cells,
        },
    }
}

fn cell_place(t: usize, r: usize, col: usize) -> Place {
    Place::Cell {
        table: t,
        row: r + 1,
        column: col + 1,
    }
}

impl Reader<'_, '_> {
    fn row(&mut self, t: usize, table: &Table, r: usize) {
        let cells = split_row(table, r);
        let first_col = cells
            .labels
            .first()
            .or(cells.values.first())
            .map_or(0, |(c, _)| *c);
        let place = cell_place(t, r, first_col);
        let label_keys: Vec<String> = cells.labels.iter().map(|(_, c)| key(&c.text)).collect();
        let all_blank = cells
            .values
            .iter()
            .all(|(_, c)| numbers::blank(&c.text).is_some());
        if cells.labels.is_empty() {
            if all_blank || self.header_figures_row(t, table, r, &cells) {
                return;
            }
            self.notes.add(
                NoteSeverity::Warning,
                NoteKind::UnknownRow,
                Some(place),
                format!(
                    "起的一行有数字但没有行标题，无法确定是哪一行，未导入：{}",
                    row_excerpt(table, r)
                ),
            );
            return;
        }
        let header_tables: Vec<usize> = label_keys
            .iter()
            .filter_map(|k| self.catalogue.header_table(k))
            .collect();
        if !header_tables.is_empty() {
            self.header_row(t, table, r, &header_tables, &label_keys);
            return;
        }
        if cells.values.is_empty() {
            // A text-only row: a caption or a heading set inside the table.
            self.notes.add(
                NoteSeverity::Warning,
                NoteKind::UnknownRow,
                Some(place),
                format!(
                    "起的一行只有文字，不是格式中的行，未导入：{}",
                    row_excerpt(table, r)
                ),
            );
            return;
        }
        let labels: Vec<&Cell> = cells.labels.iter().map(|(_, c)| *c).collect();
        match self.catalogue.match_row(&labels) {
            Some(spec) => self.data_row(t, table, r, spec, &cells),
            None => {
                if self.header_figures_row(t, table, r, &cells) {
                    return;
                }
                self.notes.add(
                    NoteSeverity::Warning,
                    NoteKind::UnknownRow,
                    Some(place),
                    format!("的行标题不是格式中的行，未导入：{}", row_excerpt(table, r)),
                );
            }
        }
    }

    /// Remembers where the columns are: for each column set printed in the
    /// template tables this header belongs to, the grid column of each of
    /// its labels; for figures found by headers, each column's header path.
    fn header_row(
        &mut self,
        t: usize,
        table: &Table,
        r: usize,
        template_tables: &[usize],
        keys: &[String],
    ) {
        let catalogue = self.catalogue;
        let cells = table.row_cells(r);
        let mut sets: Vec<(&str, &crate::template::ColumnSet)> = Vec::new();
        for spec in &catalogue.rows {
            if let Shape::Row(name, set) = spec.shape {
                if template_tables.contains(&spec.table) && !sets.iter().any(|(n, _)| *n == name) {
                    sets.push((name, set));
                }
            }
        }
        for (name, set) in sets {
            let mut cols = match self.headers.columns.remove(name) {
                Some((table_no, cols)) if table_no == t => cols,
                _ => vec![None; set.labels.len()],
            };
            for (col, cell) in &cells {
                let k = key(&cell.text);
                if let Some(i) = set.labels.iter().position(|l| key(l) == k) {
                    cols[i] = Some(*col);
                }
            }
            self.headers.columns.insert(name.to_string(), (t, cols));
        }
        let by_headers = catalogue
            .by_headers
            .iter()
            .find(|h| template_tables.contains(&h.table));
        if let Some(spec) = by_headers {
            let starts = keys.iter().any(|k| catalogue.starts_header(spec.table, k));
            let width = table.cols();
            let mut paths = match self.headers.paths.take() {
                Some((table_no, paths)) if table_no == t && !starts => paths,
                _ => vec![Vec::new(); width],
            };
            paths.resize(width, Vec::new());
            for (c, path) in paths.iter_mut().enumerate() {
                let k = key(table.text_at(r, c));
                if !k.is_empty() && path.last() != Some(&k) {
                    path.push(k);
                }
            }
            self.headers.paths = Some((t, paths));
        }
    }

    /// A row of the figures printed without labels (table 四's 15 numbers),
    /// placed by the column headers above them, or in printed order when
    /// there are none and the count fits. False if this row is not one.
    fn header_figures_row(&mut self, t: usize, table: &Table, r: usize, cells: &RowCells) -> bool {
        let catalogue = self.catalogue;
        let Some(first) = catalogue.by_headers.first() else {
            return false;
        };
        let specs: Vec<_> = catalogue
            .by_headers
            .iter()
            .filter(|s| s.table == first.table)
            .collect();
        let width: usize = specs.iter().map(|s| s.set.labels.len()).sum();
        if cells.values.len() < width && self.headers.paths.is_none() {
            return false;
        }
        let mut slots: Vec<Vec<Option<usize>>> = specs
            .iter()
            .map(|s| vec![None; s.set.labels.len()])
            .collect();
        if let Some((_, paths)) = &self.headers.paths {
            for (c, path) in paths.iter().enumerate() {
                let Some(spec) = catalogue.match_header_path(first.table, path) else {
                    continue;
                };
                let Some(i) = specs.iter().position(|s| s.key == spec.key) else {
                    continue;
                };
                let column = path
                    .iter()
                    .rev()
                    .find_map(|p| spec.set.labels.iter().position(|l| key(l) == *p));
                if let Some(column) = column {
                    slots[i][column].get_or_insert(c);
                }
            }
        }
        let complete = slots
            .iter()
            .flatten()
            .all(|c| c.is_some_and(|c| numbers::is_value_like(table.text_at(r, c))));
        let columns: Vec<usize> = if complete {
            slots.iter().flatten().flatten().copied().collect()
        } else if cells.values.len() == width {
            cells.values.iter().map(|(c, _)| *c).collect()
        } else {
            return false;
        };
        let mut at = 0;
        for spec in specs {
            let label = catalogue.label(spec.key);
            let mut values = Vec::new();
            for column_label in &spec.set.labels {
                let col = columns[at];
                at += 1;
                let what = format!("{label}·{column_label}");
                values.push(self.count_cell(t, r, col, table.text_at(r, col), &what));
            }
            let place = cell_place(t, r, columns[at - spec.set.labels.len()]);
            self.record(spec.key, place, Value::Counts(values));
        }
        self.headers.paths = None;
        true
    }

    fn data_row(&mut self, t: usize, table: &Table, r: usize, spec: &RowSpec, cells: &RowCells) {
        let place = cell_place(t, r, cells.labels.last().map_or(0, |(c, _)| *c));
        let label = self.catalogue.label(spec.key);
        let value_cols: Vec<usize> = cells.values.iter().map(|(c, _)| *c).collect();
        // Header columns, if they land on this row's value cells.
        let by_header = |cols: &[Option<usize>]| -> Option<Vec<usize>> {
            let cols: Vec<usize> = cols.iter().map_while(|c| *c).collect();
            (!cols.is_empty() && cols.iter().all(|c| value_cols.contains(c))).then_some(cols)
        };
        let columns: Option<Vec<usize>> = match spec.shape {
            Shape::Row(name, set) => {
                let (all, parts) = (set.labels.len(), set.parts());
                let header = self
                    .headers
                    .columns
                    .get(name)
                    .and_then(|(_, cols)| by_header(cols))
                    .filter(|c| c.len() >= parts);
                header.or_else(|| {
                    (value_cols.len() == all || value_cols.len() == parts)
                        .then(|| value_cols.clone())
                })
            }
            Shape::Single | Shape::Fee => value_cols.first().map(|c| vec![*c]),
        };
        let Some(columns) = columns else {
            let expected = match spec.shape {
                Shape::Row(_, set) => {
                    format!("{} 个（{}）", set.labels.len(), set.labels.join("、"))
                }
                _ => "1 个".to_string(),
            };
            self.notes.add(
                NoteSeverity::Error,
                NoteKind::Other,
                Some(place),
                format!(
                    "的“{label}”行有 {} 个数字单元格，应为 {expected}：{}",
                    value_cols.len(),
                    row_excerpt(table, r)
                ),
            );
            return;
        };
        // A single number printed in the first of several unmerged cells:
        // the others should be blank.
        if matches!(spec.shape, Shape::Single | Shape::Fee) {
            for (c, cell) in cells.values.iter().skip(1) {
                if numbers::blank(&cell.text).is_none() && cell.text != cells.values[0].1.text {
                    self.notes.add(
                        NoteSeverity::Warning,
                        NoteKind::Other,
                        Some(cell_place(t, r, *c)),
                        format!(
                            "多出的“{}”未导入：“{label}”只有一个数，已读本行第一个数字单元格",
                            excerpt(&cell.text)
                        ),
                    );
                }
            }
        }
        let value = match spec.shape {
            Shape::Fee => {
                Value::Fee(self.fee_cell(t, r, columns[0], table.text_at(r, columns[0]), &label))
            }
            Shape::Row(_, set) => {
                let mut values = Vec::new();
                for (i, col) in columns.iter().enumerate() {
                    let what = format!("{label}·{}", set.labels[i]);
                    values.push(self.count_cell(t, r, *col, table.text_at(r, *col), &what));
                }
                Value::Counts(values)
            }
            Shape::Single => Value::Counts(vec![self.count_cell(
                t,
                r,
                columns[0],
                table.text_at(r, columns[0]),
                &label,
            )]),
        };
        self.record(spec.key, place, value);
    }

    fn blank_note(&mut self, t: usize, r: usize, col: usize, blank: Blank, what: &str) {
        // `what` is the row's label, then its column after the last `·`.
        let subject = what.rsplit_once('·').map_or(what, |(label, _)| label);
        let (severity, tail) = if self.strict {
            (
                NoteSeverity::Error,
                "（--strict：空白或“—”的单元格须填写数字）",
            )
        } else {
            (NoteSeverity::Info, "，按 0 计")
        };
        self.notes.add_about(
            subject,
            severity,
            NoteKind::BlankCell,
            Some(cell_place(t, r, col)),
            format!("{}{tail}（{what}）", blank.describe()),
        );
    }

    fn count_cell(&mut self, t: usize, r: usize, col: usize, text: &str, what: &str) -> u64 {
        match numbers::count(text) {
            CountCell::Number(n) => n,
            CountCell::Blank(b) => {
                self.blank_note(t, r, col, b, what);
                0
            }
            CountCell::Invalid(found) => {
                self.notes.add(
                    NoteSeverity::Error,
                    NoteKind::Other,
                    Some(cell_place(t, r, col)),
                    format!("应为非负整数，实际是“{}”（{what}）", excerpt(&found)),
                );
                0
            }
        }
    }

    fn fee_cell(&mut self, t: usize, r: usize, col: usize, text: &str, what: &str) -> String {
        match numbers::fee(text) {
            FeeCell::Number(n) => n,
            FeeCell::Blank(b) => {
                self.blank_note(t, r, col, b, what);
                "0".into()
            }
            FeeCell::Invalid(found) => {
                self.notes.add(
                    NoteSeverity::Error,
                    NoteKind::Other,
                    Some(cell_place(t, r, col)),
                    format!("收费金额应为非负数（万元），实际是“{}”", excerpt(&found)),
                );
                "0".into()
            }
        }
    }

    fn record(&mut self, key: &str, place: Place, value: Value) {
        match self.found.get(key) {
            None => {
                self.found.insert(key.to_string(), (place, value));
            }
            Some((first, v)) => {
                let (first, same) = (*first, *v == value);
                let label = self.catalogue.label(key);
                if same {
                    self.notes.add(
                        NoteSeverity::Info,
                        NoteKind::Other,
                        Some(place),
                        format!("的“{label}”行再次出现（与{first}相同），已忽略"),
                    );
                } else {
                    self.notes.add(
                        NoteSeverity::Warning,
                        NoteKind::Other,
                        Some(place),
                        format!("的“{label}”行再次出现且数字不同，已采用{first}的数字"),
                    );
                }
            }
        }
    }

    /// A missing table is an error; a missing row of a table that is there
    /// is a warning (the contract reads it as zeros), or a note for a row
    /// gongwen computes when it is left out (（七）总计).
    fn check_complete(&mut self) {
        let catalogue = self.catalogue;
        for table in 0..catalogue.template.tables.len() {
            let keys = catalogue.figures_of(table);
            let found = keys.iter().filter(|k| self.found.contains_key(**k)).count();
            let title = catalogue.table_title(table);
            if found == 0 {
                self.notes.add(
                    NoteSeverity::Error,
                    NoteKind::MissingTable,
                    None,
                    format!("未找到表格“{title}”（按表中印出的行、列标题查找）"),
                );
                continue;
            }
            for key in keys.iter().filter(|k| !self.found.contains_key(**k)) {
                let computed = computed_when_omitted(catalogue, key);
                self.notes.add(
                    if computed {
                        NoteSeverity::Info
                    } else {
                        NoteSeverity::Warning
                    },
                    NoteKind::MissingRow,
                    None,
                    format!(
                        "表格“{title}”中未找到“{}”行，{}",
                        catalogue.label(key),
                        if computed {
                            "由 gongwen 按勾稽关系计算"
                        } else {
                            "按 0 计"
                        }
                    ),
                );
            }
        }
    }
}

/// A row the model computes when it is left out: the single right side of
/// a `columns` rule (（七）总计).
fn computed_when_omitted(catalogue: &Catalogue, figure: &str) -> bool {
    use crate::template::{RuleDef, Term};
    catalogue.template.rules.iter().any(|rule| {
        matches!(rule, RuleDef::Columns { right, .. }
            if matches!(right.as_slice(), [Term::Figure(f)] if f == figure))
    })
}

/// A row's distinct cell texts, for messages.
fn row_excerpt(table: &Table, r: usize) -> String {
    let texts: Vec<String> = table
        .row_cells(r)
        .iter()
        .map(|(_, c)| excerpt(&c.text))
        .filter(|t| !t.is_empty())
        .collect();
    excerpt(&texts.join(" | "))
}
