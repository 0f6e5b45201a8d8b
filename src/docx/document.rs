//! word/document.xml: the title, the blocks, the signature and the section.

use super::page;
use super::table::{table, TableLayout};
use super::wml::{paragraph, Direct, NS_R, NS_W};
use super::xml::Xml;
use super::DocxError;
use crate::doc::{Block, Document, Signature};
use crate::gbt9704;

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
    // A line grid only: 22 lines of 28.95 pt. The 28 characters a line come
    // from the Normal style's condensed spacing (page::CHAR_SPACING says why
    // not a character grid).
    x.empty(
        "w:docGrid",
        &[("w:type", "lines"), ("w:linePitch", &n(page::LINE_PITCH))],
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
}
