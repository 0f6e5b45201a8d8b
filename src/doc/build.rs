//! From the report model and its template to the document tree: numbering,
//! table grids with spans, figures as printed text.

use super::{Block, Cell, CellKind, Document, Heading, Metadata, Paragraph, Signature, Table};
use crate::model::{Figure, Part, Prose, Report};
use crate::template::numbering::heading_number;
use crate::template::{CellDefKind, TableDef, Template};

/// A template table that does not tile its grid; a template bug, reported
/// rather than drawn wrong.
#[derive(Debug, thiserror::Error)]
#[error("模板表格“{section}”第 {row} 行有误：{message}")]
pub struct TableShapeError {
    pub section: String,
    pub row: usize,
    pub message: String,
}

/// Builds the printed document. `draft` marks every page 草稿.
pub fn build_document(report: &Report, draft: bool) -> Result<Document, TableShapeError> {
    let template = &report.template;
    let mut blocks = Vec::new();
    for (i, section) in report.sections.iter().enumerate() {
        blocks.push(Block::Heading(Heading {
            level: 1,
            number: heading_number(1, i + 1),
            text: section.heading.clone(),
        }));
        push_paragraphs(&mut blocks, &section.prose.paragraphs);
        for table in template.tables.iter().filter(|t| t.section == section.key) {
            blocks.push(Block::Table(build_table(template, report, table)?));
        }
        push_parts(&mut blocks, &section.prose.parts, 2);
    }
    let meta = &report.meta;
    Ok(Document {
        meta: Metadata {
            title: meta.title.clone(),
            author: meta.agency.clone(),
            language: "zh-CN".into(),
            date: meta.date,
        },
        title: meta.title.clone(),
        blocks,
        signature: meta.signature.as_ref().map(|agency| Signature {
            agency: agency.clone(),
            date: meta.date,
        }),
        draft,
    })
}

fn push_paragraphs(blocks: &mut Vec<Block>, paragraphs: &[String]) {
    blocks.extend(
        paragraphs
            .iter()
            .map(|text| Block::Paragraph(Paragraph { text: text.clone() })),
    );
}

fn push_parts(blocks: &mut Vec<Block>, parts: &[Part], level: u8) {
    for (i, part) in parts.iter().enumerate() {
        blocks.push(Block::Heading(Heading {
            level,
            number: heading_number(level, i + 1),
            text: part.heading.clone(),
        }));
        let Prose { paragraphs, parts } = &part.prose;
        push_paragraphs(blocks, paragraphs);
        push_parts(blocks, parts, level + 1);
    }
}

/// Lays the template's HTML-like rows onto a grid: a slot covered by a
/// rowspan from above is skipped, as a browser would.
fn build_table(
    template: &Template,
    report: &Report,
    def: &TableDef,
) -> Result<Table, TableShapeError> {
    let rows = def.rows.len();
    let mut occupied = vec![vec![false; def.columns]; rows];
    let mut cells = Vec::new();
    for (r, row) in def.rows.iter().enumerate() {
        let shape_error = |message: String| TableShapeError {
            section: def.section.clone(),
            row: r + 1,
            message,
        };
        let mut c = 0;
        let mut place = |cells: &mut Vec<Cell>,
                         occupied: &mut Vec<Vec<bool>>,
                         text: String,
                         kind: CellKind,
                         rowspan: usize,
                         colspan: usize|
         -> Result<(), TableShapeError> {
            while c < def.columns && occupied[r][c] {
                c += 1;
            }
            if c + colspan > def.columns || r + rowspan > rows || rowspan == 0 || colspan == 0 {
                return Err(shape_error(format!("单元格“{text}”超出表格范围")));
            }
            for slot_row in occupied.iter_mut().skip(r).take(rowspan) {
                for slot in slot_row.iter_mut().skip(c).take(colspan) {
                    if *slot {
                        return Err(shape_error(format!("单元格“{text}”与其他单元格重叠")));
                    }
                    *slot = true;
                }
            }
            cells.push(Cell {
                row: r,
                col: c,
                rowspan,
                colspan,
                text,
                kind,
            });
            c += colspan;
            Ok(())
        };
        for cell in row {
            let kind_of = |default| match cell.kind {
                Some(CellDefKind::Header) => CellKind::Header,
                Some(CellDefKind::Label) => CellKind::Label,
                None => default,
            };
            if let Some(text) = &cell.text {
                place(
                    &mut cells,
                    &mut occupied,
                    text.clone(),
                    kind_of(CellKind::Label),
                    cell.rowspan,
                    cell.colspan,
                )?;
            } else if let Some(fig) = &cell.label {
                let label = template
                    .figures
                    .get(fig)
                    .map(|f| f.label.clone())
                    .unwrap_or_default();
                place(
                    &mut cells,
                    &mut occupied,
                    label,
                    kind_of(CellKind::Label),
                    cell.rowspan,
                    cell.colspan,
                )?;
            } else if let Some(fig) = &cell.values {
                match report.figures.0.get(fig) {
                    Some(Figure::Row(row)) => {
                        for v in &row.values {
                            place(
                                &mut cells,
                                &mut occupied,
                                v.to_string(),
                                CellKind::Number,
                                cell.rowspan,
                                1,
                            )?;
                        }
                    }
                    Some(Figure::Count(n)) => {
                        place(
                            &mut cells,
                            &mut occupied,
                            n.to_string(),
                            CellKind::Number,
                            cell.rowspan,
                            cell.colspan,
                        )?;
                    }
                    Some(Figure::Decimal(f)) => {
                        place(
                            &mut cells,
                            &mut occupied,
                            f.to_string(),
                            CellKind::Number,
                            cell.rowspan,
                            cell.colspan,
                        )?;
                    }
                    None => return Err(shape_error(format!("报告中没有“{fig}”"))),
                }
            }
        }
    }
    for (r, row) in occupied.iter().enumerate() {
        if let Some(c) = row.iter().position(|o| !o) {
            return Err(TableShapeError {
                section: def.section.clone(),
                row: r + 1,
                message: format!("第 {} 列没有单元格", c + 1),
            });
        }
    }
    cells.sort_by_key(|c| (c.row, c.col));
    Ok(Table {
        columns: def.columns,
        rows,
        widths: def.widths.clone(),
        header_rows: def.header_rows,
        text_size: def.text_size,
        cells,
    })
}
