//! Numbering a clerk typed before a heading (`（一）主动公开`), which the
//! tool prints itself.

/// Splits `（一）主动公开` into `（一）` and `主动公开`: a leading `一、`,
/// `（一）`, `1.` or `（1）` (with or without a following 、, ASCII or
/// full-width brackets and points). Anything else is no numbering:
/// `1.5亿元` or `一是` stay whole.
pub fn split_numbering(heading: &str) -> (Option<&str>, &str) {
    let chinese = |c: char| "一二三四五六七八九十〇零百".contains(c);
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let chars: Vec<(usize, char)> = heading.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(heading.len(), |(o, _)| *o);
    let run = |from: usize, f: &dyn Fn(char) -> bool| {
        let mut j = from;
        while chars.get(j).is_some_and(|(_, c)| f(*c)) {
            j += 1;
        }
        j
    };
    let at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let mut end = None;
    if matches!(at(0), Some('（' | '(')) {
        let close = run(1, &|c| chinese(c) || digit(c));
        if close > 1 && matches!(at(close), Some('）' | ')')) {
            let mut e = close + 1;
            if at(e) == Some('、') {
                e += 1;
            }
            end = Some(e);
        }
    } else {
        let cn = run(0, &chinese);
        let dg = run(0, &digit);
        if cn > 0 && at(cn) == Some('、') {
            end = Some(cn + 1);
        } else if dg > 0
            && matches!(at(dg), Some('.' | '．' | '、'))
            && !at(dg + 1).is_some_and(digit)
        {
            end = Some(dg + 1);
        }
    }
    match end {
        Some(e) if e < chars.len() => {
            let cut = end_of(e);
            (Some(&heading[..cut]), heading[cut..].trim_start())
        }
        _ => (None, heading),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_split_off_and_lookalikes_stay() {
        for (written, numbering, heading) in [
            ("（一）主动公开", Some("（一）"), "主动公开"),
            ("（一）、主动公开", Some("（一）、"), "主动公开"),
            ("(二) 依申请公开", Some("(二)"), "依申请公开"),
            ("一、总体情况", Some("一、"), "总体情况"),
            ("1.办理时限", Some("1."), "办理时限"),
            ("1、办理时限", Some("1、"), "办理时限"),
            ("１．办理时限", Some("１．"), "办理时限"),
            ("（1）收费", Some("（1）"), "收费"),
            ("十二、其他", Some("十二、"), "其他"),
            ("主动公开", None, "主动公开"),
            ("1.5亿元投入", None, "1.5亿元投入"),
            ("一是加强学习", None, "一是加强学习"),
            ("2022年工作", None, "2022年工作"),
            ("（一）", None, "（一）"),
        ] {
            assert_eq!(split_numbering(written), (numbering, heading), "{written}");
        }
    }
}
