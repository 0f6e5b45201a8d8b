//! Numbers as clerks write them: `15`, full-width `１５`, `1,295`, and
//! Chinese numerals `十五`, `两`, `一百零三`. Chinese numerals are parsed by
//! the `chinese-number` crate; this module only finds where a number starts
//! and ends in a sentence.

use chinese_number::{ChineseCountMethod, ChineseToNumber};

/// One number in a sentence, by char index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberToken {
    /// The char index of the number's first char.
    pub start: usize,
    /// One past the last char of the number.
    pub end: usize,
    /// `None` for a decimal or a number too large for u64.
    pub value: Option<u64>,
    /// Written in Chinese numerals.
    pub chinese: bool,
}

/// The value of an ASCII or full-width digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Characters a Chinese numeral is made of (小写 and 大写).
pub fn is_chinese_numeral(c: char) -> bool {
    "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟".contains(c)
}

/// A Chinese numeral (`十五`, `两`, `一百零三`, `一千二百九十五`) as a
/// number; `None` if the text is not a well-formed numeral.
pub fn parse_chinese(text: &str) -> Option<u64> {
    if text.is_empty() || !text.chars().all(is_chinese_numeral) {
        return None;
    }
    text.to_number(ChineseCountMethod::TenThousand).ok()
}

/// A year written digit by digit in Chinese (`二〇二二`).
pub fn parse_chinese_digits(text: &str) -> Option<u64> {
    let mut value: u64 = 0;
    let mut n = 0;
    for c in text.chars() {
        let d = "〇一二三四五六七八九"
            .chars()
            .position(|x| x == c)
            .or((c == '零').then_some(0))?;
        value = value.checked_mul(10)?.checked_add(d as u64)?;
        n += 1;
    }
    (n > 0).then_some(value)
}

/// Every number written in digits in `chars`, and every Chinese numeral for
/// which `accept_chinese(end)` holds (a Chinese numeral is taken only where
/// a unit follows, so that 一是、统一、四次 are not numbers).
pub fn scan(chars: &[char], accept_chinese: impl Fn(usize) -> bool) -> Vec<NumberToken> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_digit(c) {
            let (token, next) = scan_digits(chars, i);
            out.push(token);
            i = next;
        } else if is_chinese_numeral(c) {
            let mut j = i;
            while j < chars.len() && is_chinese_numeral(chars[j]) {
                j += 1;
            }
            if accept_chinese(j) {
                let text: String = chars[i..j].iter().collect();
                out.push(NumberToken {
                    start: i,
                    end: j,
                    value: parse_chinese(&text),
                    chinese: true,
                });
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Digits from `start`, with thousands separators (`1,295`, `1，295`) when
/// every group after the first has exactly three digits, and a decimal part.
fn scan_digits(chars: &[char], start: usize) -> (NumberToken, usize) {
    let mut value: Option<u64> = Some(0);
    let push = |v: &mut Option<u64>, d: u32| {
        *v = v.and_then(|x| x.checked_mul(10)?.checked_add(u64::from(d)));
    };
    let mut j = start;
    let mut first_group = 0;
    while j < chars.len() {
        if let Some(d) = digit_value(chars[j]) {
            push(&mut value, d);
            first_group += 1;
            j += 1;
        } else {
            break;
        }
    }
    // Thousands groups: only after a first group of 1–3 digits.
    if first_group <= 3 {
        while matches!(chars.get(j), Some(',' | '，'))
            && (1..=3).all(|k| chars.get(j + k).copied().is_some_and(is_digit))
            && !chars.get(j + 4).copied().is_some_and(is_digit)
        {
            for k in 1..=3 {
                if let Some(d) = chars.get(j + k).copied().and_then(digit_value) {
                    push(&mut value, d);
                }
            }
            j += 4;
        }
    }
    let decimal =
        matches!(chars.get(j), Some('.' | '．')) && chars.get(j + 1).copied().is_some_and(is_digit);
    if decimal {
        j += 1;
        while j < chars.len() && is_digit(chars[j]) {
            j += 1;
        }
        value = None;
    }
    (
        NumberToken {
            start,
            end: j,
            value,
            chinese: false,
        },
        j,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Option<u64>> {
        let chars: Vec<char> = text.chars().collect();
        scan(&chars, |end| chars.get(end) == Some(&'件'))
            .into_iter()
            .map(|t| t.value)
            .collect()
    }

    #[test]
    fn chinese_numerals_parse() {
        assert_eq!(parse_chinese("十五"), Some(15));
        assert_eq!(parse_chinese("两"), Some(2));
        assert_eq!(parse_chinese("一百零三"), Some(103));
        assert_eq!(parse_chinese("一千二百九十五"), Some(1295));
        assert_eq!(parse_chinese("十"), Some(10));
        assert_eq!(parse_chinese("零"), Some(0));
        assert_eq!(parse_chinese("壹佰零叁"), Some(103));
        assert_eq!(parse_chinese("三百九十三"), Some(393));
        assert_eq!(parse_chinese("两千"), Some(2000));
        assert_eq!(parse_chinese("百"), None);
        assert_eq!(parse_chinese("十五a"), None);
        assert_eq!(parse_chinese(""), None);
    }

    #[test]
    fn chinese_digit_years_parse() {
        assert_eq!(parse_chinese_digits("二〇二二"), Some(2022));
        assert_eq!(parse_chinese_digits("二零二一"), Some(2021));
        assert_eq!(parse_chinese_digits("二十"), None);
        assert_eq!(parse_chinese_digits(""), None);
    }

    #[test]
    fn digits_full_width_and_thousands() {
        assert_eq!(values("收到15件"), vec![Some(15)]);
        assert_eq!(values("收到１５件"), vec![Some(15)]);
        assert_eq!(values("现行有效1,295件"), vec![Some(1295)]);
        assert_eq!(values("现行有效1，295件"), vec![Some(1295)]);
        assert_eq!(values("现行有效12,345,678件"), vec![Some(12_345_678)]);
        // Not a thousands group: a list of two numbers.
        assert_eq!(values("1,29件"), vec![Some(1), Some(29)]);
        assert_eq!(values("1234,567件"), vec![Some(1234), Some(567)]);
        assert_eq!(values("采用率91.3%"), vec![None]);
        assert_eq!(values("99999999999999999999999件"), vec![None]);
    }

    #[test]
    fn chinese_numerals_only_before_a_unit() {
        assert_eq!(values("一是统一十五件"), vec![Some(15)]);
        assert_eq!(values("一是两件"), vec![Some(2)]);
        assert_eq!(values("一百零三件"), vec![Some(103)]);
        assert_eq!(values("四次排查"), Vec::<Option<u64>>::new());
    }
}
