//! Tables: the tree's cells with spans become OOXML merges — `w:gridSpan`
//! across, `w:vMerge` restart/continue down, with a continuation cell in
//! every row a rowspan covers — header rows repeat (`w:tblHeader`), no row
//! splits across pages, rows that belong together keep with the next
//! (`w:keepNext` on every paragraph of a row, which Word and LibreOffice
//! both honour as keeping the row with the next), and the grid is the
//! tree's relative widths scaled to the text block, as the PDF scales them.

use super::page;
use super::wml::{paragraph, Direct};
use super::xml::Xml;
use super::DocxError;
use crate::doc::{CellKind, Table, TableTextSize};

/// Word refuses tables wider than 63 columns.
const MAX_COLUMNS: usize = 63;
/// Far beyond any report table; bounds the slot map a malformed tree could
/// make us allocate.
const MAX_ROWS: usize = 10_000;

/// Cell padding across in twips: 3 pt, the PDF layout's (layout/table.rs).
const CELL_PAD_X: &str = "60";
/// Cell padding down in twips: 4 pt, the PDF layout's.
const CELL_PAD_Y: &str = "80";

/// A vertical merge of at most this many rows is kept on one page.
///
/// A rowspan label cut by a page break is printed only above the break and
/// the reader sees an empty merged cell below it, so small groups such as
/// T3's （三）不予公开 (8 rows) move whole to the next page instead. Larger
/// ones (T3's 22-row 三、本年度办理结果) must be allowed to break, or the
/// whole table would move and leave the page above it a third empty.
const KEEP_ROWS: usize = 10;

/// For each row, whether it stays on the page of the next: body rows inside
/// a vertical merge of at most [`KEEP_ROWS`] rows, except the merge's last;
/// as the PDF layout does (no lonely row), the first body row of the table
/// and of a longer merge with the row after it, and the last but one with
/// the last, so no page holds one row under the repeated header or one row
/// of a group; and every row of only headings (a sub-table's caption such
/// as T1's 第二十条第（八）项, its column names, the header rows) with the
/// row it introduces, as the PDF keeps them, so no page ends with a caption
/// whose table starts on the next (seen in LibreOffice before).
fn keep_with_next(t: &Table) -> Vec<bool> {
    let mut keep = vec![false; t.rows];
    for (row, keep) in keep.iter_mut().enumerate().take(t.rows.saturating_sub(1)) {
        *keep = heading_row(t, row);
    }
    let body = t.header_rows.min(t.rows);
    let mut pair = |first: usize, end: usize| {
        if end >= first + 2 {
            keep[first] = true;
            keep[end - 2] = true;
        }
    };
    pair(body, t.rows);
    for c in &t.cells {
        if c.rowspan > KEEP_ROWS && c.row >= body {
            pair(c.row, c.row + c.rowspan);
        }
    }
    for c in &t.cells {
        if c.rowspan > 1 && c.rowspan <= KEEP_ROWS {
            for row in keep
                .iter_mut()
                .take(c.row + c.rowspan - 1)
                .skip(c.row.max(body))
            {
                *row = true;
            }
        }
    }
    keep
}

/// A row whose cells are all headings (the PDF layout's test too).
fn heading_row(t: &Table, row: usize) -> bool {
    let mut cells = t.cells.iter().filter(|c| c.row == row).peekable();
    cells.peek().is_some() && cells.all(|c| c.kind == CellKind::Header)
}

/// A table's slots resolved to cells, checked so that writing cannot fail.
pub(crate) struct TableLayout {
    /// For each slot (row-major), the index of the cell covering it.
    slots: Vec<usize>,
    /// Grid column widths in twips, summing to the text block width.
    pub(crate) grid: Vec<u32>,
}

impl TableLayout {
    pub(crate) fn new(t: &Table, table: usize) -> Result<TableLayout, DocxError> {
        if t.columns > MAX_COLUMNS || t.rows > MAX_ROWS {
            return Err(DocxError::TableTooLarge {
                table,
                columns: t.columns,
                rows: t.rows,
                max_columns: MAX_COLUMNS,
                max_rows: MAX_ROWS,
            });
        }
        t.check_shape()
            .map_err(|problem| DocxError::InvalidTable { table, problem })?;
        // The shape is known to tile the grid: every slot has one cell.
        let mut slots = vec![0; t.rows * t.columns];
        for (i, c) in t.cells.iter().enumerate() {
            for r in c.row..c.row + c.rowspan {
                slots[r * t.columns + c.col..r * t.columns + c.col + c.colspan].fill(i);
            }
        }
        let total: u64 = t.widths.iter().map(|&w| u64::from(w)).sum();
        if total == 0 {
            return Err(DocxError::ZeroWidths { table });
        }
        // Scale the cumulative edges rather than each width, so the columns
        // add up to exactly the text block and rounding never accumulates.
        let mut grid = Vec::with_capacity(t.columns);
        let mut cum = 0u64;
        let mut prev_edge = 0u64;
        for &w in &t.widths {
            cum += u64::from(w);
            let edge = (cum * u64::from(page::TEXT_WIDTH) + total / 2) / total;
            grid.push((edge - prev_edge) as u32);
            prev_edge = edge;
        }
        Ok(TableLayout { slots, grid })
    }

    fn span_width(&self, col: usize, colspan: usize) -> u32 {
        self.grid[col..col + colspan].iter().sum()
    }
}

pub(crate) fn table(x: &mut Xml, t: &Table, layout: &TableLayout) {
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    let width = page::TEXT_WIDTH.to_string();
    x.empty("w:tblW", &[("w:w", &width), ("w:type", "dxa")]);
    x.val("w:jc", "center");
    x.open("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        x.empty(
            side,
            &[
                ("w:val", "single"),
                ("w:sz", "4"),
                ("w:space", "0"),
                ("w:color", "auto"),
            ],
        );
    }
    x.close("w:tblBorders");
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    // The PDF layout's cell padding (3 pt across, 4 pt down), so both
    // outputs wrap table text alike; Word's default 1.9 mm across would
    // leave T4's ≈ 10 mm columns less room still.
    x.open("w:tblCellMar", &[]);
    x.empty("w:top", &[("w:w", CELL_PAD_Y), ("w:type", "dxa")]);
    x.empty("w:left", &[("w:w", CELL_PAD_X), ("w:type", "dxa")]);
    x.empty("w:bottom", &[("w:w", CELL_PAD_Y), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", CELL_PAD_X), ("w:type", "dxa")]);
    x.close("w:tblCellMar");
    x.close("w:tblPr");

    x.open("w:tblGrid", &[]);
    for w in &layout.grid {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");

    let keep = keep_with_next(t);
    for (r, &keep_next) in keep.iter().enumerate() {
        x.open("w:tr", &[]);
        x.open("w:trPr", &[]);
        x.empty("w:cantSplit", &[]);
        if r < t.header_rows {
            x.empty("w:tblHeader", &[]);
        }
        x.close("w:trPr");
        let mut c = 0;
        while c < t.columns {
            let cell = &t.cells[layout.slots[r * t.columns + c]];
            // Spans are validated, so a slot's cell starts at this column
            // unless the builder's spans overlap, which TableLayout refused.
            let anchor = cell.row == r;
            x.open("w:tc", &[]);
            x.open("w:tcPr", &[]);
            let w = layout.span_width(cell.col, cell.colspan).to_string();
            x.empty("w:tcW", &[("w:w", &w), ("w:type", "dxa")]);
            if cell.colspan > 1 {
                x.val("w:gridSpan", &cell.colspan.to_string());
            }
            if cell.rowspan > 1 {
                if anchor {
                    x.val("w:vMerge", "restart");
                } else {
                    x.empty("w:vMerge", &[]);
                }
            }
            x.val("w:vAlign", "center");
            x.close("w:tcPr");
            let direct = Direct {
                keep_next,
                ind: &[],
                jc: match cell.kind {
                    CellKind::Label => Some("left"),
                    CellKind::Header | CellKind::Number => None,
                },
            };
            let text = if anchor { cell.text.as_str() } else { "" };
            let style = match t.text_size {
                TableTextSize::Regular => "GwTableText",
                TableTextSize::Small => "GwTableTextSmall",
            };
            paragraph(x, Some(style), Some(direct), text);
            x.close("w:tc");
            c = cell.col + cell.colspan;
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Cell, TableGridError};

    fn cell(row: usize, col: usize, rowspan: usize, colspan: usize) -> Cell {
        Cell {
            row,
            col,
            rowspan,
            colspan,
            text: String::new(),
            kind: CellKind::Number,
        }
    }

    fn table(cells: Vec<Cell>, widths: Vec<u32>) -> Table {
        Table {
            columns: widths.len(),
            rows: 2,
            widths,
            header_rows: 1,
            text_size: Default::default(),
            cells,
        }
    }

    #[test]
    fn grid_widths_add_up_to_the_text_block() {
        let t = table(
            vec![
                cell(0, 0, 2, 1),
                cell(0, 1, 1, 2),
                cell(1, 1, 1, 1),
                cell(1, 2, 1, 1),
            ],
            vec![1, 1, 1],
        );
        let layout = TableLayout::new(&t, 1).unwrap();
        assert_eq!(layout.grid.iter().sum::<u32>(), page::TEXT_WIDTH);
        assert_eq!(layout.grid, vec![2948, 2948, 2948]);
    }

    #[test]
    fn overlapping_and_missing_cells_are_refused() {
        let overlap = table(vec![cell(0, 0, 2, 2), cell(1, 1, 1, 1)], vec![1, 1]);
        let e = TableLayout::new(&overlap, 2).err().unwrap();
        assert!(
            matches!(
                e,
                DocxError::InvalidTable {
                    table: 2,
                    problem: TableGridError::Overlap { row: 2, col: 2 }
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("两个单元格"), "{e}");
        let hole = table(vec![cell(0, 0, 1, 2)], vec![1, 1]);
        let e = TableLayout::new(&hole, 1).err().unwrap().to_string();
        assert!(e.contains("第 2 行第 1 列没有单元格"), "{e}");
        let outside = table(vec![cell(0, 0, 3, 2)], vec![1, 1]);
        assert!(TableLayout::new(&outside, 1).is_err());
    }

    #[test]
    fn merges_and_tables_keep_rows_together() {
        let mut t = table(
            vec![cell(0, 0, 2, 1), cell(0, 1, 1, 1), cell(1, 1, 1, 1)],
            vec![1, 1],
        );
        t.header_rows = 0;
        assert_eq!(keep_with_next(&t), vec![true, false]);
        // Header rows repeat anyway; a merge inside them is not kept.
        t.header_rows = 1;
        assert_eq!(keep_with_next(&t), vec![false, false]);
        // A merge too tall to move is allowed to break.
        let rows = KEEP_ROWS + 1;
        let mut cells = vec![cell(0, 0, rows, 1)];
        cells.extend((0..rows).map(|r| cell(r, 1, 1, 1)));
        let mut tall = table(cells, vec![1, 1]);
        tall.rows = rows;
        tall.header_rows = 0;
        // … but never leaves its first or last row alone on a page, and
        // neither does the table itself.
        let kept: Vec<usize> = (0..rows).filter(|&r| keep_with_next(&tall)[r]).collect();
        assert_eq!(kept, vec![0, rows - 2]);
    }

    #[test]
    fn captions_and_column_names_stay_with_their_rows() {
        // T1's shape: caption, column names, two data rows, then a second
        // sub-table's caption, column names and its one data row.
        let kinds = [
            CellKind::Header,
            CellKind::Header,
            CellKind::Number,
            CellKind::Number,
            CellKind::Header,
            CellKind::Header,
            CellKind::Number,
        ];
        let cells = kinds
            .iter()
            .enumerate()
            .map(|(r, &kind)| Cell {
                kind,
                ..cell(r, 0, 1, 1)
            })
            .collect();
        let mut t = table(cells, vec![1]);
        t.rows = kinds.len();
        t.header_rows = 0;
        assert_eq!(
            keep_with_next(&t),
            vec![true, true, false, false, true, true, false]
        );
    }

    #[test]
    fn tables_word_cannot_hold_are_refused() {
        let wide = Table {
            columns: 64,
            rows: 1,
            widths: vec![1; 64],
            header_rows: 0,
            text_size: Default::default(),
            cells: (0..64).map(|c| cell(0, c, 1, 1)).collect(),
        };
        let e = TableLayout::new(&wide, 1).err().unwrap();
        assert!(
            matches!(e, DocxError::TableTooLarge { columns: 64, .. }),
            "{e}"
        );
        assert!(e.to_string().contains("64 columns"), "{e}");
        let long = Table {
            columns: 1,
            rows: usize::MAX,
            widths: vec![1],
            header_rows: 0,
            text_size: Default::default(),
            cells: vec![cell(0, 0, 1, 1)],
        };
        assert!(TableLayout::new(&long, 1).is_err());
    }
}
