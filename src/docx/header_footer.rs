//! word/footer1.xml, footer2.xml (page numbers) and header1/2.xml (草稿).

use super::page;
use super::wml::{runs, t, NS_R, NS_W};
use super::xml::Xml;
use crate::gbt9704;

/// `— N —` with a PAGE field: odd pages right-aligned 右空一字, even pages
/// left-aligned 左空一字 (GB/T 9704 §7.5).
pub(crate) fn footer(odd: bool) -> Xml {
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.val("w:pStyle", "Footer");
    // The indent GB/T 9704 §7.5 calls 空一字: one 4号 character.
    let side = gbt9704::FOLIO_SIDE_CHARS as u32;
    let twips = (side * page::FOLIO_CHAR).to_string();
    let chars = (side * 100).to_string();
    if odd {
        x.empty("w:ind", &[("w:right", &twips), ("w:rightChars", &chars)]);
        x.val("w:jc", "right");
    } else {
        x.empty("w:ind", &[("w:left", &twips), ("w:leftChars", &chars)]);
        x.val("w:jc", "left");
    }
    x.close("w:pPr");
    run_text(&mut x, "— ");
    field_char(&mut x, "begin");
    x.open("w:r", &[]);
    x.leaf("w:instrText", &[("xml:space", "preserve")], " PAGE ");
    x.close("w:r");
    field_char(&mut x, "separate");
    run_text(&mut x, "1");
    field_char(&mut x, "end");
    run_text(&mut x, " —");
    x.close("w:p");
    x.close("w:ftr");
    x
}

fn run_text(x: &mut Xml, text: &str) {
    x.open("w:r", &[]);
    t(x, text);
    x.close("w:r");
}

fn field_char(x: &mut Xml, kind: &str) {
    x.open("w:r", &[]);
    x.empty("w:fldChar", &[("w:fldCharType", kind)]);
    x.close("w:r");
}

/// A draft says so on every page, in the header above the text block where
/// it cannot be mistaken for part of the text.
pub(crate) fn draft_header() -> Xml {
    let mut x = Xml::new();
    x.open("w:hdr", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.val("w:pStyle", "Header");
    x.close("w:pPr");
    runs(&mut x, "草稿");
    x.close("w:p");
    x.close("w:hdr");
    x
}
