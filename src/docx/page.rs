//! The GB/T 9704 page of [`crate::gbt9704`] in Word's units: twips (1/20
//! pt) for lengths, half-points for type sizes.
//!
//! Lengths are rounded to the nearest twip (0.018 mm), except where Word
//! would otherwise get one line or character fewer onto the grid; those
//! round down and say so.

use crate::gbt9704 as spec;

/// Twips in a point.
const TWIPS_PER_PT: u32 = 20;

/// Millimetres in twips, unrounded.
const fn twips_exact(mm: f32) -> f64 {
    mm as f64 * 1440.0 / 25.4
}

/// Millimetres to the nearest twip.
const fn twips(mm: f32) -> u32 {
    (twips_exact(mm) + 0.5) as u32
}

/// Millimetres to the nearest whole millimetre.
const fn whole_mm(mm: f32) -> f32 {
    (mm + 0.5) as u32 as f32
}

/// A type size in points (a whole or half point, as every 号 is) in
/// half-points.
const fn half_points(points: f32) -> u32 {
    (points * 2.0) as u32
}

/// A4: 11906 × 16838.
pub(crate) const WIDTH: u32 = twips(spec::PAPER_WIDTH);
/// A4 height.
pub(crate) const HEIGHT: u32 = twips(spec::PAPER_HEIGHT);
/// 37 mm: 2098.
pub(crate) const MARGIN_TOP: u32 = twips(spec::MARGIN_TOP);
/// 35 mm: 1984.
pub(crate) const MARGIN_BOTTOM: u32 = twips(spec::MARGIN_BOTTOM);
/// 28 mm: 1587.
pub(crate) const MARGIN_LEFT: u32 = twips(spec::MARGIN_LEFT);
/// 26 mm: 1474.
pub(crate) const MARGIN_RIGHT: u32 = twips(spec::MARGIN_RIGHT);
/// The draft mark sits in the top white edge, 15 mm from the paper edge:
/// not a GB/T 9704 number but Word's own default header distance, written
/// as Word writes it for 1.5 cm (851, where 15 mm is 850.4 twips).
pub(crate) const HEADER: u32 = 851;
/// Word places the footer by its bottom edge. The page-number line's top
/// is 7 mm below the block (§7.5), 35 − 7 = 28 mm above the paper's edge;
/// a 4号 line is ≈ 4.94 mm tall, so its bottom is at ≈ 23.06 mm, taken to
/// the whole millimetre (23 mm = 1304) since Word's line height for the
/// face is its own and the standard measures in millimetres.
pub(crate) const FOOTER: u32 = twips(whole_mm(
    spec::MARGIN_BOTTOM - spec::FOLIO_GAP - spec::mm(spec::FOLIO_SIZE),
));
/// 版心 156 mm: 8844, the width tables are scaled to (the PDF uses the same).
pub(crate) const TEXT_WIDTH: u32 = twips(spec::BLOCK_WIDTH);
/// 22 lines fill 225 mm: 579.8 twips, rounded DOWN to 579 (28.95 pt) so
/// that 22 lines never exceed the block (22 × 580 = 225.1 mm would leave
/// Word room for only 21).
pub(crate) const LINE_PITCH: u32 = twips_exact(spec::LINE_PITCH) as u32;
/// The title's lines, 1.2 grid lines apart as in the PDF, to the nearest
/// twip: 694.8 → 695.
pub(crate) const TITLE_LINE_PITCH: u32 =
    (LINE_PITCH as f64 * spec::TITLE_LINE_PITCH_IN_LINES as f64 + 0.5) as u32;
/// 3号, in half-points; [`CHAR_SPACE`] is computed against this size.
pub(crate) const BODY_HALF_POINTS: u32 = half_points(spec::BODY_SIZE);
/// 2号, in half-points.
pub(crate) const TITLE_HALF_POINTS: u32 = half_points(spec::TITLE_SIZE);
/// 4号, in half-points.
pub(crate) const FOLIO_HALF_POINTS: u32 = half_points(spec::FOLIO_SIZE);
/// One 3号 character, for indents given in characters.
pub(crate) const BODY_CHAR: u32 = spec::BODY_SIZE as u32 * TWIPS_PER_PT;
/// One 4号 character: the page number's 空一字 (§7.5).
pub(crate) const FOLIO_CHAR: u32 = spec::FOLIO_SIZE as u32 * TWIPS_PER_PT;
/// The body's character spacing (`w:spacing` in the run properties), in
/// twips: how much each 3号 character is condensed so that 28 fit the line.
///
/// The text block Word sees is 11906 − 1587 − 1474 = 8845 tw; 28 characters
/// of 320 tw need 8960, so each gives up 115 / 28 = 4.1 tw, rounded UP to a
/// whole twip: −5 (−0.25 pt, a 15.75 pt pitch, 28 × 315 = 8820 tw; −4 would
/// need 8848 and leave 27). The 25 tw left over are spread by justification.
///
/// Why not Word's character grid (`linesAndChars` with a `charSpace`)? Word
/// adds charSpace/4096 pt to each character, but LibreOffice maps that grid
/// to its own "lines and characters" mode, where every 16 pt character
/// takes two 15.79 pt cells: 14 characters a line, punctuation past the
/// margin (measured with LibreOffice 7.4). Condensed spacing on a line-only
/// grid means the same arithmetic to every word processor: ECMA-376
/// §17.18.14 `lines` adds only the line pitch, §17.3.2.35 `spacing` is plain
/// character spacing, which Word, WPS and LibreOffice all apply.
pub(crate) const CHAR_SPACING: i32 = {
    let text_block = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) as i32;
    let full_width = (spec::CHARS_PER_LINE as u32 * BODY_CHAR) as i32;
    (text_block - full_width).div_euclid(spec::CHARS_PER_LINE as i32)
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers Word files for GB/T 9704 carry (and our golden pins).
    #[test]
    fn twips_are_the_usual_ones() {
        assert_eq!((WIDTH, HEIGHT), (11906, 16838));
        assert_eq!(
            (MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT),
            (2098, 1984, 1587, 1474)
        );
        assert_eq!((FOOTER, TEXT_WIDTH), (1304, 8844));
        assert_eq!((LINE_PITCH, TITLE_LINE_PITCH, CHAR_SPACING), (579, 695, -5));
        assert_eq!(
            (BODY_HALF_POINTS, TITLE_HALF_POINTS, FOLIO_HALF_POINTS),
            (32, 44, 28)
        );
        assert_eq!((BODY_CHAR, FOLIO_CHAR), (320, 280));
    }

    #[test]
    fn twenty_eight_condensed_characters_fit_the_line_and_29_do_not() {
        let line = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) as i32;
        let pitch = BODY_CHAR as i32 + CHAR_SPACING;
        assert!(28 * pitch <= line && 29 * pitch > line);
        assert!(28 * (pitch + 1) > line, "the least condensing that fits");
    }

    #[test]
    fn twenty_two_lines_fit_the_block() {
        assert!(spec::LINES_PER_PAGE as u32 * LINE_PITCH <= twips(spec::BLOCK_HEIGHT));
        assert!(spec::LINES_PER_PAGE as u32 * (LINE_PITCH + 1) > twips(spec::BLOCK_HEIGHT));
    }
}
