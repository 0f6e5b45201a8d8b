//! word/document.xml: the title, the blocks, the signature and the section.

use super::page;
use super::xml::Xml;
use super::DocxError;
use crate::doc::{Block, CellKind, Document, Signature, Table};

pub(crate) const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(crate) const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub(crate) fn write(doc: &Document) -> Result<Xml, DocxError> {
    let mut x = Xml::new();
    x.open("w:document", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    x.open("w:body", &[]);
    if !doc.title.is_empty() {
        let title = super::title::title_lines(&doc.title).join("\n");
        paragraph(&mut x, Some("Title"), None, &title);
    }
    let mut table_no = 0;
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => {
                let style = match h.level {
                    1 => "Heading1",
                    2 => "Heading2",
                    3 => "Heading3",
                    _ => "Heading4",
                };
                paragraph(&mut x, Some(style), None, &h.full_text());
            }
            Block::Paragraph(p) => paragraph(&mut x, None, None, &p.text),
            Block::Table(t) => {
                table_no += 1;
                table(&mut x, t, &TableLayout::new(t, table_no)?);
                // Keeps the next heading from touching the table's bottom border.
                paragraph(&mut x, Some("GwTableGap"), None, "");
            }
        }
    }
    if let Some(sig) = &doc.signature {
        signature(&mut x, sig);
    }
    section(&mut x, doc.draft);
    x.close("w:body").close("w:document");
    Ok(x)
}

/// Paragraph-level direct formatting we ever need on top of a style.
#[derive(Clone, Copy)]
struct Direct<'a> {
    /// `w:ind` attributes in schema terms, e.g. `[("w:rightChars","200")]`.
    ind: &'a [(&'a str, &'a str)],
    jc: Option<&'a str>,
}

fn paragraph(x: &mut Xml, style: Option<&str>, direct: Option<Direct<'_>>, text: &str) {
    x.open("w:p", &[]);
    if style.is_some() || direct.is_some() {
        x.open("w:pPr", &[]);
        if let Some(style) = style {
            x.val("w:pStyle", style);
        }
        if let Some(d) = direct {
            if !d.ind.is_empty() {
                x.empty("w:ind", d.ind);
            }
            if let Some(jc) = d.jc {
                x.val("w:jc", jc);
            }
        }
        x.close("w:pPr");
    }
    runs(x, text);
    x.close("w:p");
}

/// The text of one paragraph as a single run: tabs become `w:tab`, line
/// breaks `w:br`, and runs with non-ASCII text carry the East Asian font
/// hint so that ambiguous-width punctuation (“ ” — …) is set full-width in
/// the Chinese font, as Word itself does when a clerk types it.
pub(crate) fn runs(x: &mut Xml, text: &str) {
    if text.is_empty() {
        return;
    }
    x.open("w:r", &[]);
    if !text.is_ascii() {
        x.open("w:rPr", &[]);
        x.empty("w:rFonts", &[("w:hint", "eastAsia")]);
        x.close("w:rPr");
    }
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\t', '\n', '\r']).unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(end);
        if !piece.is_empty() {
            t(x, piece);
        }
        let mut chars = tail.chars();
        match chars.next() {
            Some('\t') => {
                x.empty("w:tab", &[]);
            }
            Some('\r') => {
                x.empty("w:br", &[]);
                if tail.as_bytes().get(1) == Some(&b'\n') {
                    chars.next();
                }
            }
            Some(_) => {
                x.empty("w:br", &[]);
            }
            None => {}
        }
        rest = chars.as_str();
    }
    x.close("w:r");
}

/// `w:t`, keeping leading/trailing spaces which XML would otherwise let a
/// consumer collapse.
pub(crate) fn t(x: &mut Xml, text: &str) {
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        x.leaf("w:t", &[("xml:space", "preserve")], text);
    } else {
        x.leaf("w:t", &[], text);
    }
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
        let bad = |reason: String| DocxError::InvalidTable { table, reason };
        if t.rows == 0 || t.columns == 0 {
            return Err(bad(format!(
                "{} rows × {} columns is empty",
                t.rows, t.columns
            )));
        }
        if t.widths.len() != t.columns {
            return Err(bad(format!(
                "{} widths for {} columns",
                t.widths.len(),
                t.columns
            )));
        }
        let total: u64 = t.widths.iter().map(|&w| u64::from(w)).sum();
        if total == 0 {
            return Err(bad("the column widths add up to zero".into()));
        }
        let slot_count = t
            .rows
            .checked_mul(t.columns)
            .ok_or_else(|| bad("too large".into()))?;
        let mut slots = vec![usize::MAX; slot_count];
        for (i, c) in t.cells.iter().enumerate() {
            let fits = c.rowspan >= 1
                && c.colspan >= 1
                && c.row.checked_add(c.rowspan).is_some_and(|e| e <= t.rows)
                && c.col.checked_add(c.colspan).is_some_and(|e| e <= t.columns);
            if !fits {
                return Err(bad(format!(
                    "the cell at row {} column {} spanning {}×{} leaves the {}×{} grid",
                    c.row + 1,
                    c.col + 1,
                    c.rowspan,
                    c.colspan,
                    t.rows,
                    t.columns
                )));
            }
            for r in c.row..c.row + c.rowspan {
                for col in c.col..c.col + c.colspan {
                    let slot = &mut slots[r * t.columns + col];
                    if *slot != usize::MAX {
                        return Err(bad(format!(
                            "row {} column {} is covered by two cells",
                            r + 1,
                            col + 1
                        )));
                    }
                    *slot = i;
                }
            }
        }
        if let Some(empty) = slots.iter().position(|&s| s == usize::MAX) {
            return Err(bad(format!(
                "row {} column {} is covered by no cell",
                empty / t.columns + 1,
                empty % t.columns + 1
            )));
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

fn table(x: &mut Xml, t: &Table, layout: &TableLayout) {
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
    // 1 mm instead of Word's 1.9 mm: T4 has 15 columns of ≈ 10 mm, and the
    // default padding would leave room for one character per line.
    x.open("w:tblCellMar", &[]);
    x.empty("w:left", &[("w:w", "57"), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", "57"), ("w:type", "dxa")]);
    x.close("w:tblCellMar");
    x.close("w:tblPr");

    x.open("w:tblGrid", &[]);
    for w in &layout.grid {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");

    for r in 0..t.rows {
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
            let jc = match cell.kind {
                CellKind::Label => Some(Direct {
                    ind: &[],
                    jc: Some("left"),
                }),
                CellKind::Header | CellKind::Number => None,
            };
            let text = if anchor { cell.text.as_str() } else { "" };
            paragraph(x, Some("GwTableText"), jc, text);
            x.close("w:tc");
            c = cell.col + cell.colspan;
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
}

/// Width of `text` in hundredths of a body character: GB/T 9704 sets digits
/// and Latin letters half-width, everything else full-width.
fn width_chars_x100(text: &str) -> u32 {
    text.chars()
        .map(|c| if c.is_ascii() { 50 } else { 100 })
        .sum()
}

/// GB/T 9704 §7.3.5.2 without a seal: one blank line below the text, the
/// agency 右空二字, the date on the next line starting two characters to the
/// right of the agency's first character; when the date is the longer of
/// the two, the date keeps 右空二字 and the agency moves left instead.
fn signature(x: &mut Xml, sig: &Signature) {
    paragraph(x, None, None, "");
    let date = sig.date.map(|d| d.to_chinese());
    let agency_w = width_chars_x100(&sig.agency);
    let (agency_right, date_right) = match &date {
        None => (200, 0),
        Some(d) => {
            let date_w = width_chars_x100(d);
            if agency_w >= date_w + 200 {
                (200, agency_w - date_w)
            } else {
                (date_w + 400 - agency_w, 200)
            }
        }
    };
    right_aligned(x, &sig.agency, agency_right);
    if let Some(d) = &date {
        right_aligned(x, d, date_right);
    }
}

fn right_aligned(x: &mut Xml, text: &str, right_chars_x100: u32) {
    let chars = right_chars_x100.to_string();
    let twips = (right_chars_x100 * page::BODY_CHAR / 100).to_string();
    let ind = [
        ("w:right", twips.as_str()),
        ("w:rightChars", chars.as_str()),
    ];
    paragraph(
        x,
        Some("GwSignature"),
        Some(Direct {
            ind: &ind,
            jc: None,
        }),
        text,
    );
}

fn section(x: &mut Xml, draft: bool) {
    x.open("w:sectPr", &[]);
    if draft {
        x.empty(
            "w:headerReference",
            &[("w:type", "default"), ("r:id", "rIdHeaderOdd")],
        );
        x.empty(
            "w:headerReference",
            &[("w:type", "even"), ("r:id", "rIdHeaderEven")],
        );
    }
    x.empty(
        "w:footerReference",
        &[("w:type", "default"), ("r:id", "rIdFooterOdd")],
    );
    x.empty(
        "w:footerReference",
        &[("w:type", "even"), ("r:id", "rIdFooterEven")],
    );
    let n = |v: u32| v.to_string();
    x.empty(
        "w:pgSz",
        &[("w:w", &n(page::WIDTH)), ("w:h", &n(page::HEIGHT))],
    );
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &n(page::MARGIN_TOP)),
            ("w:right", &n(page::MARGIN_RIGHT)),
            ("w:bottom", &n(page::MARGIN_BOTTOM)),
            ("w:left", &n(page::MARGIN_LEFT)),
            ("w:header", &n(page::HEADER)),
            ("w:footer", &n(page::FOOTER)),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:cols", &[("w:space", "425")]);
    x.empty(
        "w:docGrid",
        &[
            ("w:type", "linesAndChars"),
            ("w:linePitch", &n(page::LINE_PITCH)),
            ("w:charSpace", &page::CHAR_SPACE.to_string()),
        ],
    );
    x.close("w:sectPr");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Cell;

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
        let e = TableLayout::new(&overlap, 2).err().unwrap().to_string();
        assert!(e.contains("table 2") && e.contains("two cells"), "{e}");
        let hole = table(vec![cell(0, 0, 1, 2)], vec![1, 1]);
        let e = TableLayout::new(&hole, 1).err().unwrap().to_string();
        assert!(e.contains("row 2 column 1 is covered by no cell"), "{e}");
        let outside = table(vec![cell(0, 0, 3, 2)], vec![1, 1]);
        assert!(TableLayout::new(&outside, 1).is_err());
    }

    #[test]
    fn signature_indents_follow_gbt_9704() {
        // 11 characters of agency, 2023年1月18日 = 3 full + 7 half = 6.5.
        let agency_w = width_chars_x100("老城区人民政府办公室办");
        assert_eq!(agency_w, 1100);
        assert_eq!(width_chars_x100("2023年1月18日"), 650);
    }

    #[test]
    fn runs_turn_tabs_and_breaks_into_elements() {
        let mut x = Xml::new();
        runs(&mut x, " a\tb\r\nc\rd ");
        let out = String::from_utf8(x.finish().unwrap()).unwrap();
        assert!(
            out.ends_with(
                "<w:r><w:t xml:space=\"preserve\"> a</w:t><w:tab/><w:t>b</w:t><w:br/>\
             <w:t>c</w:t><w:br/><w:t xml:space=\"preserve\">d </w:t></w:r>"
            ),
            "{out}"
        );
    }
}
