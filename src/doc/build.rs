//! From the report model and its template to the document tree: numbering,
//! and the template's table grids filled with figures as printed text.

use super::{
    Block, Cell, CellKind, Document, Heading, Metadata, Paragraph, Signature, Stamp, Table,
};
use crate::model::{Part, Prose, Report};
use crate::template::numbering::heading_number;
use crate::template::{SlotContent, TableGrid, TextRole};

/// A table the report cannot fill: a report built by hand, not through
/// `model::resolve`, that lacks a number its template's table prints. (The
/// template's own grids are checked when it loads.)
#[derive(Debug, thiserror::Error)]
#[error("模板表格“{section}”第 {row} 行有误：{message}")]
pub struct TableShapeError {
    /// The key of the section the table belongs to.
    pub section: String,
    /// The grid row at fault, counting from 1 as a reader counts.
    pub row: usize,
    /// What is wrong, e.g. the figure the report lacks.
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
        for grid in template.tables.iter().filter(|t| t.section == section.key) {
            blocks.push(Block::Table(build_table(report, grid)?));
        }
        push_parts(&mut blocks, &section.prose.parts, 2);
    }
    let meta = &report.meta;
    Ok(Document {
        meta: Metadata {
            title: meta.title.clone(),
            author: meta.agency.clone(),
            language: "zh-CN".into(),
            stamp: meta.date.map(Stamp::Day),
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

/// Fills a template table's grid with the report's numbers.
fn build_table(report: &Report, grid: &TableGrid) -> Result<Table, TableShapeError> {
    let cells = grid
        .slots
        .iter()
        .map(|slot| {
            let (text, kind) = match &slot.content {
                SlotContent::Text { text, role, .. } => (
                    text.clone(),
                    match role {
                        TextRole::Header => CellKind::Header,
                        TextRole::Label => CellKind::Label,
                    },
                ),
                SlotContent::Value(path) => {
                    let text = report.figures.text(path).ok_or_else(|| TableShapeError {
                        section: grid.section.clone(),
                        row: slot.row + 1,
                        message: format!("报告中没有“{path}”"),
                    })?;
                    (text, CellKind::Number)
                }
            };
            Ok(Cell {
                row: slot.row,
                col: slot.col,
                rowspan: slot.rowspan,
                colspan: slot.colspan,
                text,
                kind,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Table {
        columns: grid.columns,
        rows: grid.rows,
        widths: grid.widths.clone(),
        header_rows: grid.header_rows,
        text_size: grid.text_size,
        cells,
    })
}
