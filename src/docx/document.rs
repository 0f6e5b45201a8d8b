//! word/document.xml: the title, the blocks, the signature and the section.

use super::page;
use super::table::{table, TableLayout};
use super::xml::Xml;
use super::DocxError;
use crate::doc::{Block, Document, Signature};
use crate::gbt9704;

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
#[derive(Clone, Copy, Default)]
pub(crate) struct Direct<'a> {
    /// Word keeps a table row whose paragraphs all have it on the page of
    /// the next row.
    pub(crate) keep_next: bool,
    /// `w:ind` attributes in schema terms, e.g. `[("w:rightChars","200")]`.
    pub(crate) ind: &'a [(&'a str, &'a str)],
    pub(crate) jc: Option<&'a str>,
}

pub(crate) fn paragraph(x: &mut Xml, style: Option<&str>, direct: Option<Direct<'_>>, text: &str) {
    x.open("w:p", &[]);
    if style.is_some() || direct.is_some() {
        x.open("w:pPr", &[]);
        if let Some(style) = style {
            x.val("w:pStyle", style);
        }
        if let Some(d) = direct {
            if d.keep_next {
                x.empty("w:keepNext", &[]);
            }
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
    let (agency_right, date_right) = signature_indents(&sig.agency, date.as_deref());
    right_aligned(x, &sig.agency, agency_right);
    if let Some(d) = &date {
        right_aligned(x, d, date_right);
    }
}

/// Right indents (hundredths of a character) of the agency and date lines.
fn signature_indents(agency: &str, date: Option<&str>) -> (u32, u32) {
    let right = gbt9704::SIGNATURE_RIGHT_CHARS as u32 * 100;
    let shift = gbt9704::DATE_SHIFT_CHARS as u32 * 100;
    let agency_w = width_chars_x100(agency);
    match date {
        None => (right, 0),
        Some(d) => {
            let date_w = width_chars_x100(d);
            if agency_w >= date_w + shift {
                (right, right + agency_w - shift - date_w)
            } else {
                (right + date_w + shift - agency_w, right)
            }
        }
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
            ..Direct::default()
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

    #[test]
    fn signature_indents_follow_gbt_9704() {
        // 10 characters of agency; 2023年1月18日 = 3 full + 7 half = 6.5.
        assert_eq!(width_chars_x100("2023年1月18日"), 650);
        // The agency is the longer: it keeps 右空二字 and the date starts two
        // characters right of it: 2 + 10 - 2 - 6.5 = 3.5 characters.
        assert_eq!(
            signature_indents("老城区人民政府办公室", Some("2023年1月18日")),
            (200, 350)
        );
        // The date (7 characters) is the longer: it keeps 右空二字 and the
        // agency moves left to start two characters before it:
        // 2 + 7 + 2 - 3 = 8 characters.
        assert_eq!(
            signature_indents("某某局", Some("2023年12月18日")),
            (800, 200)
        );
        assert_eq!(signature_indents("某某局", None), (200, 0));
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
