//! Where the title breaks. Word would fill the first line and leave an
//! orphan tail (老城区人民政府办公室2022年政府信息公开工 / 作年度报告), which
//! GB/T 9704 §7.3.1 forbids; so the breaks are chosen here by the rules
//! the PDF layout uses too ([`crate::text::title`]: trapezoid or diamond,
//! breaking between words) and written as line breaks. Widths are nominal — CJK one em, ASCII half an em — since
//! the fonts are Word's to pick; the title style is off the grid and not
//! condensed, so Word sets the characters at exactly those widths.

use crate::gbt9704;
use crate::text::linebreak::break_flags;
use crate::text::title::arrange;

/// 2号.
const TITLE_POINTS: f32 = gbt9704::TITLE_SIZE;

/// The title cut into its lines, over the 156 mm text block.
pub(crate) fn title_lines(title: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    let just: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let widths: Vec<f32> = just
        .iter()
        .map(|c| {
            if c.is_ascii() {
                TITLE_POINTS / 2.0
            } else {
                TITLE_POINTS
            }
        })
        .collect();
    let mut allowed = Vec::with_capacity(chars.len());
    break_flags(title, &mut allowed);
    let block_width = gbt9704::pt(gbt9704::BLOCK_WIDTH);
    let breaks = arrange(&just, &widths, &allowed, block_width);
    let mut lines = Vec::with_capacity(breaks.len() + 1);
    let mut start = 0;
    for b in breaks {
        let at = chars[b].0;
        lines.push(&title[start..at]);
        start = at;
    }
    lines.push(&title[start..]);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_title_breaks_after_the_year_not_before_its_tail() {
        assert_eq!(
            title_lines("老城区人民政府办公室2022年政府信息公开工作年度报告"),
            ["老城区人民政府办公室2022年", "政府信息公开工作年度报告"]
        );
    }

    #[test]
    fn a_short_title_is_one_line() {
        assert_eq!(
            title_lines("关于开展安全检查的通知"),
            ["关于开展安全检查的通知"]
        );
    }
}
