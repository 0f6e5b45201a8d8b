//! The template's tables, laid onto their grids once, at load: which slot
//! prints a heading or a label, and which holds which number. The document
//! builder fills these slots with a report's values; an importer reading a
//! printed table back walks the same slots.

use serde::Deserialize;

use super::error::{ShapeProblem, TemplateFault};
use super::terms::{ColumnRef, FigurePath};
use super::Template;

/// A table as the template file writes it: rows of cells as in HTML, where
/// a slot covered by a rowspan from above is skipped.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TableDef {
    pub section: String,
    pub columns: usize,
    pub header_rows: usize,
    pub widths: Vec<u32>,
    #[serde(default)]
    pub text_size: TableTextSize,
    pub rows: Vec<Vec<CellDef>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CellDef {
    pub text: Option<String>,
    /// Print this figure's label.
    pub label: Option<String>,
    /// Print this figure's numbers.
    pub values: Option<String>,
    #[serde(default = "one")]
    pub rowspan: usize,
    #[serde(default = "one")]
    pub colspan: usize,
    #[serde(default)]
    pub kind: Option<TextRole>,
}

fn one() -> usize {
    1
}

/// Table text sizes of 公文 practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableTextSize {
    /// 小四, 12 pt: the usual size.
    #[default]
    Regular,
    /// 五号, 10.5 pt: for tables so wide that 12 pt would set one
    /// character a line (the 15 columns of 四).
    Small,
}

impl TableTextSize {
    /// The size in points.
    pub fn points(self) -> f32 {
        match self {
            TableTextSize::Regular => 12.0,
            TableTextSize::Small => 10.5,
        }
    }

    /// The size in Word's half-points.
    pub fn half_points(self) -> u32 {
        match self {
            TableTextSize::Regular => 24,
            TableTextSize::Small => 21,
        }
    }
}

/// A template table on a grid of `columns` × `rows` slots, checked at load:
/// its slots neither overlap nor leave a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableGrid {
    /// The key of the section the table is printed in.
    pub section: String,
    /// The number of slots across, as `widths` gives one each.
    pub columns: usize,
    /// The number of rows of slots, header rows included.
    pub rows: usize,
    /// Relative column widths, one per column.
    pub widths: Vec<u32>,
    /// The first `header_rows` rows repeat on every page the table reaches.
    pub header_rows: usize,
    /// The text size of the whole table: 小四, or 五号 for a table too wide
    /// for it.
    pub text_size: TableTextSize,
    /// In row-major order of their top-left corners.
    pub slots: Vec<Slot>,
}

/// One cell of a template table: where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The row of its top-left corner, from 0.
    pub row: usize,
    /// The column of its top-left corner, from 0.
    pub col: usize,
    /// How many rows it covers, at least 1.
    pub rowspan: usize,
    /// How many columns it covers, at least 1.
    pub colspan: usize,
    /// What the slot prints.
    pub content: SlotContent,
}

/// What a slot prints: text that is the same in every report, or one
/// of the report's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotContent {
    /// Text the template prints: its own, or the label of `label_of`.
    Text {
        /// The text as printed: the template's own, or the figure's label.
        text: String,
        /// Whether the text heads columns (centred) or labels a row
        /// (left-aligned).
        role: TextRole,
        /// The figure key whose label this is, so an importer can read the row
        /// by it; `None` for the template's own text.
        label_of: Option<String>,
    },
    /// One number of the report: a count, the fee, or a column of a row.
    Value(FigurePath),
}

/// What printed text is to the table; it decides alignment and font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextRole {
    /// A column or group heading: centred.
    Header,
    /// A row label: left-aligned.
    Label,
}

/// Lays a table's HTML-like rows onto its grid, as a browser would.
pub(super) fn lay_out(template: &Template, def: &TableDef) -> Result<TableGrid, TemplateFault> {
    let rows = def.rows.len();
    let mut occupied = vec![vec![false; def.columns]; rows];
    let mut slots = Vec::new();
    for (r, row) in def.rows.iter().enumerate() {
        let shape = |problem| TemplateFault::Shape {
            table: def.section.clone(),
            row: r + 1,
            problem,
        };
        let mut c = 0;
        let mut place = |content: SlotContent, rowspan: usize, colspan: usize| {
            while c < def.columns && occupied[r][c] {
                c += 1;
            }
            let shown = || match &content {
                SlotContent::Text { text, .. } => text.clone(),
                SlotContent::Value(path) => path.to_string(),
            };
            if c + colspan > def.columns || r + rowspan > rows || rowspan == 0 || colspan == 0 {
                return Err(shape(ShapeProblem::OutOfGrid(shown())));
            }
            for slot_row in occupied.iter_mut().skip(r).take(rowspan) {
                for slot in slot_row.iter_mut().skip(c).take(colspan) {
                    if *slot {
                        return Err(shape(ShapeProblem::Overlap(shown())));
                    }
                    *slot = true;
                }
            }
            slots.push(Slot {
                row: r,
                col: c,
                rowspan,
                colspan,
                content,
            });
            c += colspan;
            Ok(())
        };
        for cell in row {
            let role = cell.kind.unwrap_or(TextRole::Label);
            if let Some(text) = &cell.text {
                let content = SlotContent::Text {
                    text: text.clone(),
                    role,
                    label_of: None,
                };
                place(content, cell.rowspan, cell.colspan)?;
            } else if let Some(figure) = &cell.label {
                let text = template
                    .figures
                    .get(figure)
                    .map(|f| f.label.clone())
                    .unwrap_or_default();
                let content = SlotContent::Text {
                    text,
                    role,
                    label_of: Some(figure.clone()),
                };
                place(content, cell.rowspan, cell.colspan)?;
            } else if let Some(figure) = &cell.values {
                // A row prints one number a column; a single number spans
                // the cell's columns.
                match template.columns_of(figure) {
                    Some(set) => {
                        for (index, key) in set.keys.iter().enumerate() {
                            let path = FigurePath {
                                figure: figure.clone(),
                                column: Some(ColumnRef {
                                    index,
                                    key: key.clone(),
                                }),
                            };
                            place(SlotContent::Value(path), cell.rowspan, 1)?;
                        }
                    }
                    None => {
                        let path = FigurePath {
                            figure: figure.clone(),
                            column: None,
                        };
                        place(SlotContent::Value(path), cell.rowspan, cell.colspan)?;
                    }
                }
            }
        }
    }
    for (r, row) in occupied.iter().enumerate() {
        if let Some(c) = row.iter().position(|o| !o) {
            return Err(TemplateFault::Shape {
                table: def.section.clone(),
                row: r + 1,
                problem: ShapeProblem::Gap(c + 1),
            });
        }
    }
    slots.sort_by_key(|s| (s.row, s.col));
    Ok(TableGrid {
        section: def.section.clone(),
        columns: def.columns,
        rows,
        widths: def.widths.clone(),
        header_rows: def.header_rows,
        text_size: def.text_size,
        slots,
    })
}
