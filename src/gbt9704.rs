//! GB/T 9704-2012《党政机关公文格式》in one place: the page, the grid and
//! the type sizes, in the standard's own units (millimetres; type in points,
//! since a 号 is a point size), each with the clause it comes from.
//!
//! Nothing here is a writer's unit. The layout converts these numbers to
//! points ([`pt`]) and the DOCX writer to twips, so the PDF and the Word file
//! cannot drift apart; a metric format (OFD) can take them as they are.
//!
//! Clauses marked "practice" are not in the standard: they are the common
//! reading where the standard leaves a choice.

#![warn(missing_docs)]

/// Points in a millimetre: 1 pt = 1/72 in, 1 in = 25.4 mm.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// `mm` millimetres in points, unrounded.
pub const fn pt(mm: f32) -> f32 {
    mm * PT_PER_MM
}

/// `points` in millimetres, unrounded: the way back for a metric format.
pub const fn mm(points: f32) -> f32 {
    points / PT_PER_MM
}

/// §5.1: A4, 210 mm wide …
pub const PAPER_WIDTH: f32 = 210.0;
/// … and 297 mm high.
pub const PAPER_HEIGHT: f32 = 297.0;

/// §5.2.1 天头: the white edge above the text block, 37 mm.
pub const MARGIN_TOP: f32 = 37.0;
/// §5.2.1 订口: the white edge left of the text block, 28 mm.
pub const MARGIN_LEFT: f32 = 28.0;
/// §5.2.1 版心: the text block, 156 mm wide …
pub const BLOCK_WIDTH: f32 = 156.0;
/// … and 225 mm high, the page number not included.
pub const BLOCK_HEIGHT: f32 = 225.0;
/// 35 mm: what the paper leaves below the block.
pub const MARGIN_BOTTOM: f32 = PAPER_HEIGHT - MARGIN_TOP - BLOCK_HEIGHT;
/// 26 mm: what the paper leaves right of the block.
pub const MARGIN_RIGHT: f32 = PAPER_WIDTH - MARGIN_LEFT - BLOCK_WIDTH;

/// §5.2.3: 22 lines a page …
pub const LINES_PER_PAGE: usize = 22;
/// … of 28 characters, the lines filling the block (撑满版心).
pub const CHARS_PER_LINE: usize = 28;
/// 225 / 22 ≈ 10.23 mm: the body line pitch that makes 22 lines fill the block.
pub const LINE_PITCH: f32 = BLOCK_HEIGHT / LINES_PER_PAGE as f32;

/// §5.2.2: body text is 3号, 16 pt (仿宋).
pub const BODY_SIZE: f32 = 16.0;
/// §7.3.1: the title is 2号, 22 pt (小标宋).
pub const TITLE_SIZE: f32 = 22.0;
/// Practice: the lines of a title are 1.2 body lines apart (≈ 35 pt), the
/// usual fixed leading for a 2号 title.
pub const TITLE_LINE_PITCH_IN_LINES: f32 = 1.2;
/// §7.3.3: a paragraph's first line is indented two characters (左空二字).
pub const PARAGRAPH_INDENT_CHARS: usize = 2;

/// §7.3.5.2: the agency is set two characters in from the right (右空二字) …
pub const SIGNATURE_RIGHT_CHARS: usize = 2;
/// … and the date below it starts two characters further right.
pub const DATE_SHIFT_CHARS: usize = 2;

/// §7.5: page numbers are 4号, 14 pt (宋体) …
pub const FOLIO_SIZE: f32 = 14.0;
/// … their top 7 mm below the block's bottom edge …
pub const FOLIO_GAP: f32 = 7.0;
/// … odd pages one character in from the right, even pages from the left
/// (单页码居右空一字，双页码居左空一字), a 4号 character.
pub const FOLIO_SIDE_CHARS: usize = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_derived_margins_are_the_standards() {
        assert_eq!(MARGIN_BOTTOM, 35.0);
        assert_eq!(MARGIN_RIGHT, 26.0);
    }

    #[test]
    fn points_and_millimetres_round_trip() {
        assert!((pt(BLOCK_WIDTH) - 442.205).abs() < 0.001);
        assert!((mm(pt(BLOCK_HEIGHT)) - BLOCK_HEIGHT).abs() < 0.0001);
    }
}
