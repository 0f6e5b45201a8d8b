//! The document tree: what both exporters consume.
//!
//! It is generic: a title, numbered headings, paragraphs, tables with spans
//! and an optional signature. Any official-format document can be expressed
//! in it; the annual report is built into it by [`build`]. Everything a writer
//! prints is decided here (numbering, table labels, figures as text), so the
//! PDF and DOCX writers never look back at the report model.

pub mod build;

pub use crate::date::{Date, Instant, Stamp};
pub use crate::template::TableTextSize;
pub use build::{build_document, TableShapeError};

/// A whole document, ready for layout (PDF) or for Word to lay out (DOCX).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file properties; not printed on the page.
    pub meta: Metadata,
    /// The title, printed in 2号小标宋; layout decides where it breaks.
    pub title: String,
    /// The body under the title, in reading order.
    pub blocks: Vec<Block>,
    /// 发文机关署名 and 成文日期, printed after the last block.
    pub signature: Option<Signature>,
    /// A draft is marked 草稿 on every page so it is never mistaken for final.
    pub draft: bool,
}

impl Document {
    /// The tables, in document order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }
}

/// Document properties written into the PDF info/XMP and DOCX core properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// The title shown by PDF readers and Word's file properties.
    pub title: String,
    /// The agency that publishes the document.
    pub author: String,
    /// BCP 47 language tag, `zh-CN` for every official document here.
    pub language: String,
    /// When the files say they were made: the report's 成文日期, or
    /// `SOURCE_DATE_EPOCH` given to the export; `None` for neither, and the
    /// writers then state no date rather than invent one.
    pub stamp: Option<Stamp>,
}

/// One piece of the body; the writers lay blocks out one after another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A numbered heading (`一、`, `（一）`, …).
    Heading(Heading),
    /// A body paragraph.
    Paragraph(Paragraph),
    /// A table; it may run over several pages.
    Table(Table),
}

/// A numbered heading. `number` is printed as given (`一、`, `（一）`, `1.`,
/// `（1）`); GB/T 9704 puts no punctuation after `（一）`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 = 一、 (黑体), 2 = （一） (楷体), 3 = 1. and 4 = （1） (仿宋).
    pub level: u8,
    /// The number with its punctuation, e.g. `一、` or `（一）`.
    pub number: String,
    /// The heading text after the number.
    pub text: String,
}

impl Heading {
    /// The heading as it reads on the page.
    pub fn full_text(&self) -> String {
        format!("{}{}", self.number, self.text)
    }
}

/// A body paragraph: first line indented two characters, 3号仿宋.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The text as printed; layout decides where lines break.
    pub text: String,
}

/// A table on a grid of `columns` × `rows` slots. Each cell anchors at its
/// top-left slot and covers `rowspan` × `colspan` slots; the builder
/// guarantees that cells neither overlap nor leave a slot uncovered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Number of grid columns.
    pub columns: usize,
    /// Number of grid rows, header rows included.
    pub rows: usize,
    /// Relative column widths, one per column; the writers scale them to the
    /// text block width.
    pub widths: Vec<u32>,
    /// The first `header_rows` rows repeat on every page the table reaches.
    pub header_rows: usize,
    /// The size of the table's text, chosen by the template so that both
    /// writers set the same size.
    pub text_size: TableTextSize,
    /// Cells in row-major order of their anchors.
    pub cells: Vec<Cell>,
}

/// One table cell, anchored at its top-left slot of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The anchor's row, counting from 0.
    pub row: usize,
    /// The anchor's column, counting from 0.
    pub col: usize,
    /// How many rows the cell covers; 1 for an unmerged cell.
    pub rowspan: usize,
    /// How many columns the cell covers; 1 for an unmerged cell.
    pub colspan: usize,
    /// The text as printed, figures already formatted.
    pub text: String,
    /// Decides the cell's alignment and font.
    pub kind: CellKind,
}

/// What a cell holds decides its alignment and font in both writers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// A column or group heading: centred.
    Header,
    /// A row label: left-aligned text.
    Label,
    /// A figure: centred digits.
    Number,
}

/// 发文机关署名 and 成文日期 (GB/T 9704 §7.3.5.2, without a seal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// 发文机关署名, printed right-aligned.
    pub agency: String,
    /// 成文日期, printed under the agency in Chinese numerals; `None`
    /// prints the agency alone.
    pub date: Option<Date>,
}

/// Why a table's cells do not tile its grid. Rows and columns count from
/// 1, as a reader counts them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableGridError {
    /// No rows or no columns.
    #[error("{rows} 行 × {columns} 列的表格是空的")]
    Empty {
        /// Rows of the grid.
        rows: usize,
        /// Columns of the grid.
        columns: usize,
    },
    /// Not one relative width per column.
    #[error("{widths} 个列宽对应 {columns} 列")]
    WidthCount {
        /// Widths given.
        widths: usize,
        /// Columns of the grid.
        columns: usize,
    },
    /// More slots than memory can count.
    #[error("{rows} 行 × {columns} 列过大")]
    TooLarge {
        /// Rows of the grid.
        rows: usize,
        /// Columns of the grid.
        columns: usize,
    },
    /// A cell spanning nothing, or past the grid's edge.
    #[error("第 {row} 行第 {col} 列的单元格跨 {rowspan}×{colspan}，超出 {rows}×{columns} 的表格")]
    CellOutside {
        /// The cell's first row.
        row: usize,
        /// The cell's first column.
        col: usize,
        /// Rows it covers.
        rowspan: usize,
        /// Columns it covers.
        colspan: usize,
        /// Rows of the grid.
        rows: usize,
        /// Columns of the grid.
        columns: usize,
    },
    /// A slot two cells cover.
    #[error("第 {row} 行第 {col} 列被两个单元格覆盖")]
    Overlap {
        /// The slot's row.
        row: usize,
        /// The slot's column.
        col: usize,
    },
    /// A slot no cell covers.
    #[error("第 {row} 行第 {col} 列没有单元格")]
    Uncovered {
        /// The slot's row.
        row: usize,
        /// The slot's column.
        col: usize,
    },
}

impl Table {
    /// Checks that the cells tile the grid exactly (no cell outside it, no
    /// slot covered twice or left empty) and that there is one width per
    /// column. The builder guarantees this for template tables; both
    /// writers ask here before trusting a tree built by anyone else.
    pub fn check_shape(&self) -> Result<(), TableGridError> {
        let (rows, columns) = (self.rows, self.columns);
        if rows == 0 || columns == 0 {
            return Err(TableGridError::Empty { rows, columns });
        }
        if self.widths.len() != columns {
            return Err(TableGridError::WidthCount {
                widths: self.widths.len(),
                columns,
            });
        }
        let slot_count = rows
            .checked_mul(columns)
            .ok_or(TableGridError::TooLarge { rows, columns })?;
        let mut covered = vec![false; slot_count];
        for c in &self.cells {
            let fits = c.rowspan >= 1
                && c.colspan >= 1
                && c.row.checked_add(c.rowspan).is_some_and(|e| e <= rows)
                && c.col.checked_add(c.colspan).is_some_and(|e| e <= columns);
            if !fits {
                return Err(TableGridError::CellOutside {
                    row: c.row.saturating_add(1),
                    col: c.col.saturating_add(1),
                    rowspan: c.rowspan,
                    colspan: c.colspan,
                    rows,
                    columns,
                });
            }
            for r in c.row..c.row + c.rowspan {
                for col in c.col..c.col + c.colspan {
                    let slot = &mut covered[r * columns + col];
                    if *slot {
                        return Err(TableGridError::Overlap {
                            row: r + 1,
                            col: col + 1,
                        });
                    }
                    *slot = true;
                }
            }
        }
        if let Some(empty) = covered.iter().position(|c| !c) {
            return Err(TableGridError::Uncovered {
                row: empty / columns + 1,
                col: empty % columns + 1,
            });
        }
        Ok(())
    }

    /// The cell covering slot (`row`, `col`), if any.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| {
            row >= c.row && row < c.row + c.rowspan && col >= c.col && col < c.col + c.colspan
        })
    }
}
