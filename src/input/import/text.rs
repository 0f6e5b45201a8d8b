//! Text as reports print it: full- and half-width forms, numbering in its
//! many spellings, Chinese numerals, dates.

/// Full-width ASCII forms (`１２`, `（`, `：`) as ASCII, the ideographic
/// space and no-break space as a space.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{a0}' => ' ',
            c => c,
        })
        .collect()
}

/// The letters of a label, for comparing labels however they were typed
/// or broken: half-width, with every space, line break and punctuation
/// mark removed (`三、本\n年度办理结果` → `三本年度办理结果`).
pub fn key(text: &str) -> String {
    half_width(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Whitespace inside a line collapsed to one space, and trimmed.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{3000}' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            // Chinese needs no space between characters; Latin words do.
            let prev = out.chars().last().unwrap_or(' ');
            if prev.is_ascii_alphanumeric() && c.is_ascii_alphanumeric() {
                out.push(' ');
            }
        }
        space = false;
        out.push(c);
    }
    out
}

/// The numbering styles of Chinese official documents, by how they look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    /// 一、 (also 第一部分)
    ChineseComma,
    /// （一）
    ChineseParen,
    /// 1. / 1、
    ArabicDot,
    /// （1）
    ArabicParen,
    /// ①
    Circled,
}

/// A numbering at the start of a line: its style, value and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered<'a> {
    pub style: NumberStyle,
    pub value: u32,
    pub rest: &'a str,
}

const CHINESE_DIGITS: &str = "〇零一二三四五六七八九十百两";

/// `一`, `十二`, `二十` → the number (up to 199).
pub fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        [d] if *d == '十' => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// Reads the numbering at the start of `line`, tolerant of full-width and
/// half-width brackets, spaces, and a stray `、` after a bracket
/// (`（一）、主动公开`).
pub fn numbering(line: &str) -> Option<Numbered<'_>> {
    let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let mut chars = trimmed.char_indices().peekable();
    let (_, first) = *chars.peek()?;
    let separators = |c: char| {
        matches!(
            c,
            '、' | '，' | ',' | '.' | '．' | ':' | '：' | ' ' | '\u{3000}' | '\t'
        )
    };
    // After the numbering: skip separators and spaces.
    let rest_after = |at: usize| trimmed[at..].trim_start_matches(separators);

    // 第一部分 / 第一章
    if first == '第' {
        let body = &trimmed['第'.len_utf8()..];
        let digits: String = body
            .chars()
            .take_while(|c| CHINESE_DIGITS.contains(*c))
            .collect();
        let after = &body[digits.len()..];
        for unit in ["部分", "章", "节"] {
            if let (Some(value), Some(rest)) = (chinese_number(&digits), after.strip_prefix(unit)) {
                return Some(Numbered {
                    style: NumberStyle::ChineseComma,
                    value,
                    rest: rest.trim_start_matches(separators),
                });
            }
        }
        return None;
    }
    if matches!(first, '（' | '(') {
        let inner_start = first.len_utf8();
        let close = trimmed[inner_start..].find(['）', ')'])? + inner_start;
        let inner = trimmed[inner_start..close].trim();
        let close_len = trimmed[close..].chars().next()?.len_utf8();
        let after = rest_after(close + close_len);
        if let Some(value) = chinese_number(inner) {
            return Some(Numbered {
                style: NumberStyle::ChineseParen,
                value,
                rest: after,
            });
        }
        let digits = half_width(inner);
        if !digits.is_empty() && digits.len() <= 2 && digits.chars().all(|c| c.is_ascii_digit()) {
            return Some(Numbered {
                style: NumberStyle::ArabicParen,
                value: digits.parse().ok()?,
                rest: after,
            });
        }
        return None;
    }
    if ('①'..='⑳').contains(&first) {
        return Some(Numbered {
            style: NumberStyle::Circled,
            value: first as u32 - '①' as u32 + 1,
            rest: rest_after(first.len_utf8()),
        });
    }
    // 一、 / 十二、: needs a separator, so 一是 and 一年 are not numbering.
    let chinese: String = trimmed
        .chars()
        .take_while(|c| CHINESE_DIGITS.contains(*c))
        .collect();
    if !chinese.is_empty() {
        let next = trimmed[chinese.len()..].chars().next()?;
        if matches!(next, '、' | '，' | ',' | '.' | '．' | ' ' | '\u{3000}') {
            return Some(Numbered {
                style: NumberStyle::ChineseComma,
                value: chinese_number(&chinese)?,
                rest: rest_after(chinese.len()),
            });
        }
        return None;
    }
    // 1. / 1、 / １． — but not 1.5万 or 2022年.
    let digits: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .collect();
    if !digits.is_empty() && digits.chars().count() <= 2 {
        let after = &trimmed[digits.len()..];
        let mut it = after.chars();
        let sep = it.next()?;
        let following = it.next();
        if matches!(sep, '.' | '．' | '、')
            && !following.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        {
            return Some(Numbered {
                style: NumberStyle::ArabicDot,
                value: half_width(&digits).parse().ok()?,
                rest: rest_after(digits.len()),
            });
        }
    }
    None
}

/// The numbering of a paragraph styled as a heading, where `1.5` is the
/// number 1 before a heading that starts with a digit, not a decimal.
pub fn heading_numbering(line: &str) -> Option<Numbered<'_>> {
    let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let digits: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .collect();
    if digits.is_empty() || digits.chars().count() > 2 {
        return None;
    }
    let after = &trimmed[digits.len()..];
    let rest = after
        .strip_prefix('.')
        .or_else(|| after.strip_prefix('．'))
        .or_else(|| after.strip_prefix('、'))?;
    Some(Numbered {
        style: NumberStyle::ArabicDot,
        value: half_width(&digits).parse().ok()?,
        rest,
    })
}

/// A four-digit year in ASCII, full-width or Chinese digits (`二〇二二`).
pub fn year_in(text: &str) -> Option<(u16, usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit = |c: char| -> Option<u16> {
        match c {
            '0'..='9' => Some(c as u16 - '0' as u16),
            '０'..='９' => Some((c as u32 - '０' as u32) as u16),
            '〇' | '○' | '零' | 'О' => Some(0),
            _ => chinese_number(&c.to_string())
                .filter(|n| *n < 10)
                .map(|n| n as u16),
        }
    };
    for i in 0..chars.len() {
        if i + 4 > chars.len() {
            break;
        }
        let window: Option<Vec<u16>> = chars[i..i + 4].iter().map(|(_, c)| digit(*c)).collect();
        let Some(ds) = window else { continue };
        let year = ds.iter().fold(0u16, |acc, d| acc * 10 + d);
        let next = chars.get(i + 4).map(|(_, c)| *c);
        let prev_is_digit = i > 0 && digit(chars[i - 1].1).is_some();
        if (1990..=2100).contains(&year) && next == Some('年') && !prev_is_digit {
            let start = chars[i].0;
            let end = chars.get(i + 4).map_or(text.len(), |(o, _)| *o);
            return Some((year, start, end));
        }
    }
    None
}

/// `2024年1月20日` / `２０２４年１月２０日` / `二〇二四年一月二十日` as a
/// line of its own → "2024-01-20".
pub fn date_line(line: &str) -> Option<String> {
    let t = key(line);
    let (year, _, end) = year_in(&t)?;
    let rest = t[end..].strip_prefix('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let number = |s: &str| -> Option<u32> {
        let h = half_width(s);
        if h.chars().all(|c| c.is_ascii_digit()) && !h.is_empty() {
            h.parse().ok()
        } else {
            chinese_number(s)
        }
    };
    let (m, d) = (number(month)?, number(day)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{year}-{m:02}-{d:02}"))
}

/// A short excerpt of a line for messages.
pub fn excerpt(text: &str) -> String {
    const KEEP: usize = 30;
    let t = tidy(&text.replace('\n', " "));
    if t.chars().count() <= KEEP {
        t
    } else {
        format!("{}…", t.chars().take(KEEP).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_in_its_spellings() {
        let n = numbering("（一）、主动公开").unwrap();
        assert_eq!(
            (n.style, n.value, n.rest),
            (NumberStyle::ChineseParen, 1, "主动公开")
        );
        let n = numbering("(二) 部分公开").unwrap();
        assert_eq!(
            (n.style, n.value, n.rest),
            (NumberStyle::ChineseParen, 2, "部分公开")
        );
        let n = numbering("十二、其他").unwrap();
        assert_eq!((n.style, n.value), (NumberStyle::ChineseComma, 12));
        let n = numbering("１．加强领导").unwrap();
        assert_eq!(
            (n.style, n.value, n.rest),
            (NumberStyle::ArabicDot, 1, "加强领导")
        );
        let n = numbering("（3）其他").unwrap();
        assert_eq!((n.style, n.value), (NumberStyle::ArabicParen, 3));
        let n = numbering("第二部分 主动公开政府信息情况").unwrap();
        assert_eq!(
            (n.style, n.value, n.rest),
            (NumberStyle::ChineseComma, 2, "主动公开政府信息情况")
        );
        assert!(numbering("一是进一步加强").is_none());
        assert!(numbering("2022年，我区").is_none());
        assert!(numbering("1.5万元").is_none());
    }

    #[test]
    fn years_and_dates() {
        assert_eq!(year_in("老城区2022年政府").map(|y| y.0), Some(2022));
        assert_eq!(year_in("二〇二二年度").map(|y| y.0), Some(2022));
        assert_eq!(date_line("2024年1月20日"), Some("2024-01-20".into()));
        assert_eq!(date_line("二〇二四年一月二十日"), Some("2024-01-20".into()));
        assert_eq!(date_line("2024年1月20日召开会议"), None);
    }

    #[test]
    fn keys_ignore_breaks_and_punctuation() {
        assert_eq!(key("三、本\n年度 办理结果"), "三本年度办理结果");
        assert_eq!(key("3.危及“三安全一稳定”"), "3危及三安全一稳定");
    }
}
