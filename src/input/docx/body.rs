//! word/document.xml → blocks.
//!
//! One pass over the XML events. What a reader of the printed page sees is
//! kept; what Word keeps for itself is skipped:
//! - runs are concatenated (Word splits text into runs at every spelling
//!   mark, revision and font change, often mid-word);
//! - fields give their result, not their instruction (`PAGE`, `HYPERLINK`);
//! - tracked changes read as accepted: `w:ins` kept, `w:del` dropped;
//! - `mc:AlternateContent` is read once (its first choice), so a text box
//!   that Word writes twice (DrawingML and its VML fallback) is read once;
//! - text boxes become paragraphs of their own, before the paragraph they
//!   are anchored in;
//! - a table whose cells hold tables is a layout table: its cells' blocks
//!   are read in order instead of the table.

use quick_xml::events::{BytesStart, Event};
use quick_xml::NsReader;

use super::styles::{NumRef, Numbering, Styles};
use super::xml::{attr, is_mc, is_w, on_off, reference_text, XmlError};
use crate::input::document::{
    resolve_grid, Block, GridTooLarge, Paragraph, SourceCell, SourceRow, VerticalSpan,
};

/// Nesting deeper than this is refused: real documents nest tables two or
/// three deep; a hostile one could nest until the stack runs out.
pub const MAX_TABLE_DEPTH: usize = 32;

#[derive(Debug)]
pub enum BodyError {
    Xml(XmlError),
    TableTooLarge { table: usize, slots: usize },
    TooDeep,
}

impl From<XmlError> for BodyError {
    fn from(e: XmlError) -> Self {
        BodyError::Xml(e)
    }
}

/// A paragraph being read.
#[derive(Default)]
struct ParagraphState {
    text: String,
    style_id: Option<String>,
    own_numbering: Option<NumRef>,
    own_outline: Option<u8>,
}

/// A table cell being read: its blocks, and its merge properties.
struct CellState {
    blocks: Vec<Block>,
    colspan: usize,
    vertical: VerticalSpan,
    /// Legacy `w:hMerge="continue"`: part of the cell to its left.
    merged_left: bool,
}

#[derive(Default)]
struct RowState {
    skip_before: usize,
    cells: Vec<CellState>,
    deleted: bool,
}

#[derive(Default)]
struct TableState {
    rows: Vec<SourceRow>,
    row: Option<RowState>,
    cell: Option<CellState>,
    /// Cells' blocks in reading order, kept in case this is a layout table.
    all_blocks: Vec<Block>,
    has_nested_table: bool,
}

struct Walker<'s> {
    styles: &'s Styles,
    numbering: &'s mut Numbering,
    out: Vec<Block>,
    tables: Vec<TableState>,
    paragraphs: Vec<ParagraphState>,
    /// One entry per open complex field: true once past `separate`, where
    /// the result begins.
    fields: Vec<bool>,
    /// One entry per open `mc:AlternateContent`: whether a branch was read.
    alternates: Vec<bool>,
    in_text: bool,
    run_hidden: bool,
    /// Counts tables as they finish, for error messages.
    tables_done: usize,
}

/// Reads the main document part into blocks.
pub fn read_body(
    xml: &[u8],
    styles: &Styles,
    numbering: &mut Numbering,
) -> Result<Vec<Block>, BodyError> {
    let mut reader = NsReader::from_reader(xml);
    let mut buf = Vec::new();
    let mut skip_buf = Vec::new();
    let mut w = Walker {
        styles,
        numbering,
        out: Vec::new(),
        tables: Vec::new(),
        paragraphs: Vec::new(),
        fields: Vec::new(),
        alternates: Vec::new(),
        in_text: false,
        run_hidden: false,
        tables_done: 0,
    };
    loop {
        let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
        match event {
            Event::Start(e) => {
                let w_ns = is_w(&ns);
                let local = e.local_name().as_ref().to_string();
                if w_ns && SKIPPED.contains(&local.as_str())
                    || (is_mc(&ns) && w.skip_alternate(&local))
                {
                    reader.read_to_end_into(e.name(), &mut skip_buf)?;
                    skip_buf.clear();
                } else if w_ns && local == "pPr" {
                    w.read_paragraph_properties(&mut reader, &mut skip_buf)?;
                } else if w_ns && local == "rPr" {
                    w.read_run_properties(&mut reader, &mut skip_buf)?;
                } else if w_ns && local == "tcPr" {
                    w.read_cell_properties(&mut reader, &mut skip_buf)?;
                } else if w_ns && local == "trPr" {
                    w.read_row_properties(&mut reader, &mut skip_buf)?;
                } else if w_ns {
                    w.start(&local, &e)?;
                } else if is_mc(&ns) && local == "AlternateContent" {
                    w.alternates.push(false);
                }
            }
            Event::Empty(e) if is_w(&ns) => {
                let local = e.local_name().as_ref().to_string();
                w.empty(&local, &e)?;
            }
            Event::End(e) => {
                if is_w(&ns) {
                    w.end(e.local_name().as_ref())?;
                } else if is_mc(&ns) && e.local_name().as_ref() == "AlternateContent" {
                    w.alternates.pop();
                }
            }
            Event::Text(t) if w.reading_text() => {
                w.push_text(&t.xml10_content());
            }
            Event::GeneralRef(r) if w.reading_text() => {
                if let Some(s) = reference_text(&r) {
                    w.push_text(&s);
                }
            }
            Event::CData(t) if w.reading_text() => {
                w.push_text(&t.xml10_content());
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // A document cut off mid-table still yields what was read.
    while !w.tables.is_empty() {
        w.finish_table()?;
    }
    Ok(w.out)
}

/// Subtrees never read: deleted and moved-away text, field instructions,
/// revision records of old properties, content-control properties, and
/// section properties (headers and footers are not the report).
const SKIPPED: &[&str] = &[
    "del",
    "moveFrom",
    "delText",
    "instrText",
    "delInstrText",
    "sectPr",
    "sdtPr",
    "sdtEndPr",
    "tblPr",
    "tblPrEx",
    "tblGrid",
    "footnoteReference",
    "endnoteReference",
    "commentReference",
];

impl Walker<'_> {
    fn reading_text(&self) -> bool {
        self.in_text && !self.run_hidden && self.fields.iter().all(|in_result| *in_result)
    }

    fn push_text(&mut self, s: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.text.push_str(s);
        }
    }

    /// Whether to skip this `mc:Choice`/`mc:Fallback`: only the first
    /// branch of each `AlternateContent` is read.
    fn skip_alternate(&mut self, local: &str) -> bool {
        if local != "Choice" && local != "Fallback" {
            return false;
        }
        match self.alternates.last_mut() {
            Some(taken) if *taken => true,
            Some(taken) => {
                *taken = true;
                false
            }
            None => false,
        }
    }

    fn start(&mut self, local: &str, e: &BytesStart) -> Result<(), BodyError> {
        match local {
            "p" => self.paragraphs.push(ParagraphState::default()),
            "t" => self.in_text = true,
            "r" => self.run_hidden = false,
            "tbl" => {
                if self.tables.len() >= MAX_TABLE_DEPTH {
                    return Err(BodyError::TooDeep);
                }
                if let Some(parent) = self.tables.last_mut() {
                    parent.has_nested_table = true;
                }
                self.tables.push(TableState::default());
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(RowState::default());
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(CellState {
                        blocks: Vec::new(),
                        colspan: 1,
                        vertical: VerticalSpan::Rows(1),
                        merged_left: false,
                    });
                }
            }
            _ => self.empty(local, e)?,
        }
        Ok(())
    }

    /// Elements that carry text or structure without content of their own.
    fn empty(&mut self, local: &str, e: &BytesStart) -> Result<(), BodyError> {
        match local {
            // A page or column break ends nothing the report cares about.
            "br" | "cr"
                if !matches!(attr(e, "type").as_deref(), Some("page" | "column"))
                    && self.reading_field_free() =>
            {
                self.push_text("\n");
            }
            "tab" | "ptab" if self.paragraphs.last().is_some() && self.reading_field_free() => {
                self.push_text("\t");
            }
            "noBreakHyphen" if self.reading_field_free() => self.push_text("-"),
            "sym" if self.reading_field_free() => {
                // Symbol-font characters live in the private use area and
                // mean nothing without the font.
                if let Some(c) = attr(e, "char")
                    .and_then(|h| u32::from_str_radix(&h, 16).ok())
                    .filter(|c| *c < 0xE000 || *c > 0xF8FF)
                    .and_then(char::from_u32)
                {
                    self.push_text(&c.to_string());
                }
            }
            "fldChar" => match attr(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(false),
                Some("separate") => {
                    if let Some(top) = self.fields.last_mut() {
                        *top = true;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    }

    /// Outside field instructions and hidden runs.
    fn reading_field_free(&self) -> bool {
        !self.run_hidden && self.fields.iter().all(|in_result| *in_result)
    }

    fn end(&mut self, local: &str) -> Result<(), BodyError> {
        match local {
            "t" => self.in_text = false,
            "p" => {
                if let Some(p) = self.paragraphs.pop() {
                    let paragraph = self.finish_paragraph(p);
                    self.emit(Block::Paragraph(paragraph));
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    if let (Some(cell), Some(row)) = (t.cell.take(), t.row.as_mut()) {
                        row.cells.push(cell);
                    }
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    if let Some(row) = t.row.take() {
                        if !row.deleted {
                            t.rows.push(source_row(row, &mut t.all_blocks));
                        }
                    }
                }
            }
            "tbl" => self.finish_table()?,
            _ => {}
        }
        Ok(())
    }

    /// Text with its list label in front, and its style.
    fn finish_paragraph(&mut self, p: ParagraphState) -> Paragraph {
        let style_id = p.style_id.as_deref();
        let numbering = p.own_numbering.or_else(|| self.styles.numbering(style_id));
        let label = numbering.and_then(|n| self.numbering.next_label(n));
        let mut text = label.unwrap_or_default();
        text.push_str(&p.text);
        let heading_level = match p.own_outline {
            Some(level) => (level < 9).then_some(level + 1),
            None => self.styles.heading_level(style_id),
        };
        Paragraph {
            text,
            style: self
                .styles
                .name(style_id)
                .map(str::to_string)
                .or(p.style_id),
            heading_level,
        }
    }

    /// Into the innermost open cell, or the body.
    fn emit(&mut self, block: Block) {
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            cell.blocks.push(block);
        } else if self.tables.is_empty() {
            let empty = matches!(&block, Block::Paragraph(p) if p.text.trim().is_empty());
            if !empty {
                self.out.push(block);
            }
        }
        // Text between a table's cells (invalid, but seen) has nowhere to go.
    }

    fn finish_table(&mut self) -> Result<(), BodyError> {
        let Some(mut t) = self.tables.pop() else {
            return Ok(());
        };
        // Close what a truncated document left open.
        if let Some(cell) = t.cell.take() {
            t.row.get_or_insert_with(RowState::default).cells.push(cell);
        }
        if let Some(row) = t.row.take() {
            t.rows.push(source_row(row, &mut t.all_blocks));
        }
        if t.has_nested_table {
            for block in t.all_blocks {
                self.emit(block);
            }
            return Ok(());
        }
        self.tables_done += 1;
        let table =
            resolve_grid(t.rows).map_err(|GridTooLarge { slots }| BodyError::TableTooLarge {
                table: self.tables_done,
                slots,
            })?;
        self.emit(Block::Table(table));
        Ok(())
    }

    /// `w:pPr`: style, list and outline level of the open paragraph. Its
    /// revision record (`w:pPrChange`) holds the old ones and is skipped.
    fn read_paragraph_properties(
        &mut self,
        reader: &mut NsReader<&[u8]>,
        buf: &mut Vec<u8>,
    ) -> Result<(), BodyError> {
        let mut num = NumRef::default();
        let mut has_num = false;
        read_properties(reader, buf, |local, e| match local {
            "pStyle" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.style_id = attr(e, "val");
                }
            }
            "numId" => {
                num.num_id = attr(e, "val").and_then(|v| v.parse().ok());
                has_num = true;
            }
            "ilvl" => num.level = attr(e, "val").and_then(|v| v.parse().ok()),
            "outlineLvl" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.own_outline = attr(e, "val").and_then(|v| v.parse().ok());
                }
            }
            _ => {}
        })?;
        if has_num {
            if let Some(p) = self.paragraphs.last_mut() {
                p.own_numbering = Some(num);
            }
        }
        Ok(())
    }

    /// `w:rPr`: only whether the run is hidden.
    fn read_run_properties(
        &mut self,
        reader: &mut NsReader<&[u8]>,
        buf: &mut Vec<u8>,
    ) -> Result<(), BodyError> {
        let mut hidden = false;
        read_properties(reader, buf, |local, e| {
            if local == "vanish" {
                hidden = on_off(e);
            }
        })?;
        self.run_hidden = hidden;
        Ok(())
    }

    fn read_cell_properties(
        &mut self,
        reader: &mut NsReader<&[u8]>,
        buf: &mut Vec<u8>,
    ) -> Result<(), BodyError> {
        let mut colspan = 1usize;
        let mut vertical = VerticalSpan::Rows(1);
        let mut merged_left = false;
        read_properties(reader, buf, |local, e| match local {
            "gridSpan" => {
                colspan = attr(e, "val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1)
                    .max(1)
            }
            "vMerge" => {
                vertical = match attr(e, "val").as_deref() {
                    Some("restart") => VerticalSpan::Rows(1),
                    _ => VerticalSpan::ContinueAbove,
                }
            }
            "hMerge" => merged_left = attr(e, "val").as_deref() != Some("restart"),
            _ => {}
        })?;
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            cell.colspan = colspan;
            cell.vertical = vertical;
            cell.merged_left = merged_left;
        }
        Ok(())
    }

    fn read_row_properties(
        &mut self,
        reader: &mut NsReader<&[u8]>,
        buf: &mut Vec<u8>,
    ) -> Result<(), BodyError> {
        let mut skip_before = 0usize;
        let mut deleted = false;
        read_properties(reader, buf, |local, e| match local {
            "gridBefore" => skip_before = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
            "del" => deleted = true,
            _ => {}
        })?;
        if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
            row.skip_before = skip_before;
            row.deleted = deleted;
        }
        Ok(())
    }
}

/// Calls `each` for every WordprocessingML element inside a properties
/// element, up to its end, skipping revision records of older properties.
fn read_properties(
    reader: &mut NsReader<&[u8]>,
    buf: &mut Vec<u8>,
    mut each: impl FnMut(&str, &BytesStart),
) -> Result<(), BodyError> {
    let mut depth = 1usize;
    let mut skip = Vec::new();
    loop {
        let (ns, event) = reader.read_resolved_event_into(buf)?;
        match event {
            Event::Start(e) => {
                let local = e.local_name();
                if is_w(&ns) && local.as_ref().ends_with("Change") {
                    reader.read_to_end_into(e.name(), &mut skip)?;
                    skip.clear();
                } else {
                    if is_w(&ns) {
                        each(local.as_ref(), &e);
                    }
                    depth += 1;
                }
            }
            Event::Empty(e) if is_w(&ns) => each(e.local_name().as_ref(), &e),
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    buf.clear();
                    return Ok(());
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// A finished row as the grid resolver wants it; the cells' blocks are
/// also kept in order in case the table turns out to be a layout table.
fn source_row(row: RowState, all_blocks: &mut Vec<Block>) -> SourceRow {
    let mut cells: Vec<SourceCell> = Vec::new();
    for cell in row.cells {
        let text = cell_text(&cell.blocks);
        all_blocks.extend(cell.blocks);
        if cell.merged_left {
            if let Some(prev) = cells.last_mut() {
                prev.colspan += cell.colspan;
                continue;
            }
        }
        cells.push(SourceCell {
            text,
            colspan: cell.colspan,
            vertical: cell.vertical,
        });
    }
    SourceRow {
        skip_before: row.skip_before,
        cells,
    }
}

/// A cell's paragraphs, one per line. Empty paragraphs (spacing) are left
/// out so a label set one character per line reads the same either way.
fn cell_text(blocks: &[Block]) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for block in blocks {
        if let Block::Paragraph(p) = block {
            if !p.text.trim().is_empty() {
                lines.push(&p.text);
            }
        }
    }
    lines.join("\n")
}
