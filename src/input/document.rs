//! The format-neutral document: what the DOCX and HTML readers produce and
//! the report mapping reads. Only two kinds of block matter for a report —
//! paragraphs and tables — so everything else a format has (runs, spans,
//! fields, text boxes, layout tables) is resolved away by the reader.

/// One block of the document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A paragraph's text. A line break inside it (`<w:br/>`, `<br>`) is kept
/// as `'\n'`: a title broken over two lines and a portal page that
/// separates paragraphs with `<br>` look the same here, and the mapping
/// decides which one it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    /// The style's name as the producer wrote it (`heading 1`, `标题 1`,
    /// `Title`) or the HTML element (`h1`, `p`, `td`).
    pub style: Option<String>,
    /// 1 for the highest heading level, when the format says it is a
    /// heading (`<h2>`, a Word outline level). Numbering in the text is the
    /// stronger signal in real reports; this is a hint.
    pub heading_level: Option<u8>,
}

/// A table with merged cells resolved into a rectangular grid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Each cell once, in reading order (row by row, left to right).
    pub cells: Vec<Cell>,
    /// `grid[row][col]` is the index in `cells` of the cell covering that
    /// slot, or `None` where a short row left it empty.
    pub grid: Vec<Vec<Option<usize>>>,
}

/// A cell at its top-left slot, with the slots it spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The cell's paragraphs joined by `'\n'`, line breaks kept as `'\n'`.
    pub text: String,
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.grid.len()
    }

    pub fn cols(&self) -> usize {
        self.grid.first().map_or(0, Vec::len)
    }

    /// The cell covering a slot, if any.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        let index = (*self.grid.get(row)?.get(col)?)?;
        self.cells.get(index)
    }

    /// The text covering a slot ("" for an empty slot).
    pub fn text_at(&self, row: usize, col: usize) -> &str {
        self.cell_at(row, col).map_or("", |c| c.text.as_str())
    }

    /// The distinct cells of one grid row, left to right, each with the
    /// first column of the row it covers. A cell spanning down from an
    /// earlier row is included: its text labels this row too.
    pub fn row_cells(&self, row: usize) -> Vec<(usize, &Cell)> {
        let mut out: Vec<(usize, &Cell)> = Vec::new();
        let Some(slots) = self.grid.get(row) else {
            return out;
        };
        let mut last = None;
        for (col, slot) in slots.iter().enumerate() {
            if let Some(index) = slot {
                if last != Some(*index) {
                    out.push((col, &self.cells[*index]));
                }
                last = Some(*index);
            } else {
                last = None;
            }
        }
        out
    }
}

/// Largest grid accepted, in slots: a real report table has under 500; the
/// limit keeps `rowspan="65534" colspan="1000"` from taking the memory.
pub const MAX_GRID_SLOTS: usize = 200_000;

/// How a source cell extends downwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerticalSpan {
    /// HTML `rowspan`: this many rows (1 for an ordinary cell; 0 means to
    /// the end of the table, as in HTML).
    Rows(usize),
    /// DOCX `<w:vMerge/>` without `restart`: this slot continues the cell
    /// above it in the same grid column.
    ContinueAbove,
}

/// A cell as a format writes it, before merges are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCell {
    pub text: String,
    pub colspan: usize,
    pub vertical: VerticalSpan,
}

/// A row as a format writes it: grid slots skipped before the first cell
/// (DOCX `w:gridBefore`), then the cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceRow {
    pub skip_before: usize,
    pub cells: Vec<SourceCell>,
}

/// The grid would exceed [`MAX_GRID_SLOTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridTooLarge {
    pub slots: usize,
}

/// Resolves rows of source cells into a grid, the way HTML's table model
/// does: a cell takes the first slot of its row not already covered by a
/// rowspan from above. DOCX vertical merges are folded into the cell above.
pub fn resolve_grid(rows: Vec<SourceRow>) -> Result<Table, GridTooLarge> {
    let row_count = rows.len();
    let mut table = Table::default();
    // `grid` grows as cells land; rows are padded at the end.
    let mut grid: Vec<Vec<Option<usize>>> = vec![Vec::new(); row_count];
    let mut slots_used = 0usize;
    for (r, row) in rows.into_iter().enumerate() {
        let mut col = row.skip_before.min(1000);
        for cell in row.cells {
            while grid[r].get(col).is_some_and(Option::is_some) {
                col += 1;
            }
            let colspan = cell.colspan.clamp(1, 1000);
            match cell.vertical {
                VerticalSpan::ContinueAbove => {
                    // Extend the cell above at this column; without one, the
                    // merge has nothing to continue and the slot starts a cell.
                    let above = r
                        .checked_sub(1)
                        .and_then(|up| grid[up].get(col).copied().flatten());
                    if let Some(index) = above {
                        let covering = &mut table.cells[index];
                        covering.rowspan = r - covering.row + 1;
                        if !cell.text.trim().is_empty() {
                            // Word keeps only the first cell's text; some
                            // producers leave text in the continued one.
                            covering.text.push('\n');
                            covering.text.push_str(&cell.text);
                        }
                        let (c0, span) = (covering.col, covering.colspan);
                        slots_used += span;
                        place(&mut grid[r], c0, span, index);
                        col = c0 + span;
                        check_slots(slots_used)?;
                        continue;
                    }
                    let index = push_cell(&mut table, cell.text, r, col, 1, colspan);
                    place(&mut grid[r], col, colspan, index);
                    slots_used += colspan;
                }
                VerticalSpan::Rows(n) => {
                    let rowspan = if n == 0 {
                        row_count - r
                    } else {
                        n.min(row_count - r)
                    };
                    let index = push_cell(&mut table, cell.text, r, col, rowspan, colspan);
                    for row_slots in grid.iter_mut().skip(r).take(rowspan) {
                        place(row_slots, col, colspan, index);
                    }
                    slots_used += rowspan * colspan;
                }
            }
            check_slots(slots_used)?;
            col += colspan;
        }
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    check_slots(width * row_count)?;
    for row in &mut grid {
        row.resize(width, None);
    }
    table.grid = grid;
    Ok(table)
}

fn check_slots(slots: usize) -> Result<(), GridTooLarge> {
    if slots > MAX_GRID_SLOTS {
        Err(GridTooLarge { slots })
    } else {
        Ok(())
    }
}

fn push_cell(
    table: &mut Table,
    text: String,
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
) -> usize {
    table.cells.push(Cell {
        text: text.trim_matches('\n').to_string(),
        row,
        col,
        rowspan,
        colspan,
    });
    table.cells.len() - 1
}

fn place(row: &mut Vec<Option<usize>>, col: usize, span: usize, index: usize) {
    if row.len() < col + span {
        row.resize(col + span, None);
    }
    for slot in &mut row[col..col + span] {
        // A rowspan from above wins over a cell that overlaps it, as in HTML.
        if slot.is_none() {
            *slot = Some(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, colspan: usize, vertical: VerticalSpan) -> SourceCell {
        SourceCell {
            text: text.into(),
            colspan,
            vertical,
        }
    }

    #[test]
    fn html_rowspan_and_colspan_fill_the_grid() {
        use VerticalSpan::Rows;
        let rows = vec![
            SourceRow {
                skip_before: 0,
                cells: vec![cell("a", 1, Rows(2)), cell("b", 2, Rows(1))],
            },
            SourceRow {
                skip_before: 0,
                cells: vec![cell("c", 1, Rows(1)), cell("d", 1, Rows(1))],
            },
        ];
        let t = resolve_grid(rows).unwrap();
        assert_eq!(t.cols(), 3);
        assert_eq!(t.text_at(1, 0), "a");
        assert_eq!(t.text_at(1, 1), "c");
        assert_eq!(t.text_at(1, 2), "d");
        assert_eq!(t.text_at(0, 2), "b");
        assert_eq!(t.row_cells(1).len(), 3);
    }

    #[test]
    fn docx_vertical_merge_continues_the_cell_above() {
        use VerticalSpan::{ContinueAbove, Rows};
        let rows = vec![
            SourceRow {
                skip_before: 0,
                cells: vec![
                    cell("三、本年度办理结果", 1, Rows(1)),
                    cell("x", 1, Rows(1)),
                ],
            },
            SourceRow {
                skip_before: 0,
                cells: vec![cell("", 1, ContinueAbove), cell("y", 1, Rows(1))],
            },
        ];
        let t = resolve_grid(rows).unwrap();
        assert_eq!(t.text_at(1, 0), "三、本年度办理结果");
        assert_eq!(t.cells[0].rowspan, 2);
        assert_eq!(t.cell_at(1, 0), t.cell_at(0, 0));
    }

    #[test]
    fn huge_spans_are_refused() {
        let rows = vec![
            SourceRow {
                skip_before: 0,
                cells: vec![cell("x", 1000, VerticalSpan::Rows(1))],
            };
            300
        ];
        assert!(resolve_grid(rows).is_err());
    }
}
