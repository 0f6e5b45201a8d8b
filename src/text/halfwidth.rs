//! Half-width punctuation in Chinese text (`2022年,我区`, `村(社区)`):
//! which marks a reviewer would ask to be written full-width, shared by the
//! content check that reports them and by `gongwen fix` that rewrites them,
//! so the two never disagree.
//!
//! A `,` `;` `:` counts when the characters on both sides are Chinese
//! (ideographs, full-width forms, Chinese quotation marks and punctuation):
//! `100%,其中`, `12:30` and `http://` stay. A pair of parentheses counts
//! as a pair when it encloses Chinese and touches Chinese outside on
//! either side (`(一)` at a paragraph's start, `《条例》(国令第711号)`),
//! so a fix never leaves `（社区)`; a bracket without its partner counts
//! when both neighbours are Chinese. `(1)` and `(PDF)` stay.

/// One half-width mark to be written full-width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HalfWidthMark {
    /// Byte offset of the mark in the text.
    pub offset: usize,
    /// The half-width mark as written.
    pub found: char,
}

impl HalfWidthMark {
    /// The full-width mark that replaces it.
    pub fn full_width(&self) -> char {
        full_width(self.found).unwrap_or(self.found)
    }
}

/// The full-width form of a mark this module looks for.
pub fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Whether `c` is Chinese for the neighbour test: an ideograph, a CJK or
/// full-width punctuation mark, or a Chinese quotation mark or dash.
pub fn is_chinese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'        // CJK symbols and punctuation: 、。《》「」【】〔〕
        | '\u{3400}'..='\u{4DBF}'      // extension A
        | '\u{4E00}'..='\u{9FFF}'      // unified ideographs
        | '\u{F900}'..='\u{FAFF}'      // compatibility ideographs
        | '\u{FF01}'..='\u{FF60}'      // full-width forms: ，：；（）！？
        | '\u{20000}'..='\u{2FFFF}'    // extensions B and later
        | '\u{2014}' | '\u{2018}'..='\u{201D}' | '\u{2026}' | '\u{00B7}')
}

/// Every half-width mark of `text` that belongs full-width, in order.
pub fn find_half_width(text: &str) -> Vec<HalfWidthMark> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let chinese_at = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| is_chinese(c.1))
    };
    let both_sides = |i: usize| chinese_at(i.checked_sub(1)) && chinese_at(Some(i + 1));
    // Brackets first, as pairs; then a `,` `;` `:` beside a bracket that
    // becomes full-width counts that bracket as Chinese ("（…）:一是").
    let mut bracket = vec![false; chars.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, &(_, c)) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => match open.pop() {
                Some(start) => {
                    let encloses = chars[start + 1..i].iter().any(|c| is_chinese(c.1));
                    let touches = chinese_at(start.checked_sub(1)) || chinese_at(Some(i + 1));
                    if encloses && touches {
                        bracket[start] = true;
                        bracket[i] = true;
                    }
                }
                None => bracket[i] = both_sides(i),
            },
            _ => {}
        }
    }
    for start in open {
        bracket[start] = both_sides(start);
    }
    let chinese_or_bracket = |i: Option<usize>| {
        i.is_some_and(|i| bracket.get(i).copied().unwrap_or(false)) || chinese_at(i)
    };
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &(_, c))| match c {
            ',' | ';' | ':' => {
                chinese_or_bracket(i.checked_sub(1)) && chinese_or_bracket(Some(i + 1))
            }
            _ => bracket[i],
        })
        .map(|(_, &(offset, found))| HalfWidthMark { offset, found })
        .collect()
}

/// `text` with the given marks written full-width and nothing else changed.
pub fn replace_marks(text: &str, marks: &[HalfWidthMark]) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 2);
    let mut from = 0;
    for m in marks {
        out.push_str(&text[from..m.offset]);
        out.push(m.full_width());
        from = m.offset + m.found.len_utf8();
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        replace_marks(text, &find_half_width(text))
    }

    #[test]
    fn marks_between_chinese_become_full_width() {
        assert_eq!(
            fixed("2022年,我区政务公开工作虽然取得了一定成效,主要表现在:一是;二是村(社区)差距较大"),
            "2022年，我区政务公开工作虽然取得了一定成效，主要表现在：一是；二是村（社区）差距较大"
        );
        assert_eq!(fixed("“最后一公里”,推动"), "“最后一公里”，推动");
        assert_eq!(fixed("(一)主动公开"), "（一）主动公开");
        assert_eq!(fixed("工作(含解读):一是"), "工作（含解读）：一是");
        assert_eq!(
            fixed("《条例》(国令第711号)要求"),
            "《条例》（国令第711号）要求"
        );
    }

    #[test]
    fn marks_beside_latin_or_digits_stay() {
        for text in [
            "办复率100%,其中",
            "时间12:30开始",
            "网址http://www.gov.cn",
            "共(1)项",
            "导出(PDF)文件",
            "a,b;c:d(e)",
            "共16件, 其中",
            ",开头",
            "结尾,",
        ] {
            assert_eq!(fixed(text), text, "{text}");
        }
    }

    #[test]
    fn a_pair_is_fixed_whole_or_not_at_all() {
        assert_eq!(fixed("村(社区1)差距"), "村（社区1）差距");
        assert_eq!(fixed("村(社区差距"), "村（社区差距");
        assert_eq!(fixed("社区)差距"), "社区）差距");
    }
}
