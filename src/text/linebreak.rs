//! Where a line may break: Unicode's line-break algorithm (UAX #14) for the
//! break opportunities, then the Chinese rules (GB/T 15834 practice) on top.

use std::ops::Range;

/// Closing punctuation never starts a line (full- and half-width forms).
pub(crate) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '”'
            | '’'
            | '〕'
            | '】'
            | '〉'
            | '］'
            | '｝'
            | '…'
            | '—'
            | '·'
            | '％'
            | '‰'
            | '～'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '%'
            | '〗'
            | '〙'
            | '・'
            | '．'
    )
}

/// Opening punctuation never ends a line.
pub(crate) fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '「'
            | '『'
            | '“'
            | '‘'
            | '〔'
            | '【'
            | '〈'
            | '［'
            | '｛'
            | '〖'
            | '〘'
            | '('
            | '['
            | '{'
    )
}

/// Closing marks that may hang one cell past the line's end (Word's and
/// WPS's 允许标点溢出边界, on by default for Chinese): the pause and stop
/// marks and the closing brackets and quotes. Dashes, ellipses and
/// interpuncts never hang; they take a full cell inside the line.
pub(crate) fn may_hang(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '）' | '》' | '」' | '』' | '”' | '’'
    )
}

/// Digits and Latin letters: a run of them is one word.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// One character ready for line breaking: its width and whether a line may
/// start with it.
pub(crate) trait Breakable {
    /// Width on the line, in whatever unit the caller fills lines in.
    fn width(&self) -> f32;
    /// A line may start with this character (see [`break_flags`]).
    fn break_before(&self) -> bool;
    /// A space: it may hang past the line's end and is dropped at a line's start.
    fn is_space(&self) -> bool;
    /// Closing punctuation, which a forced cut must not put first on a line.
    fn is_closing(&self) -> bool {
        false
    }
    /// Opening punctuation, which a forced cut must not leave last on a line.
    fn is_opening(&self) -> bool {
        false
    }
    /// A closing mark that may hang past the line's end ([`may_hang`]).
    fn may_hang(&self) -> bool {
        false
    }
}

/// Marks, for each char of `text`, whether a break before it is allowed.
pub(crate) fn break_flags(text: &str, out: &mut Vec<bool>) {
    out.clear();
    let mut allowed = unicode_linebreak::linebreaks(text)
        .map(|(i, _)| i)
        .peekable();
    let urls = url_spans(text);
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        while allowed.peek().is_some_and(|&b| b < i) {
            allowed.next();
        }
        let uax = allowed.peek() == Some(&i);
        let ok = match prev {
            None => false,
            Some(p) => {
                let word = is_word_char(p) && is_word_char(c);
                // UAX #14 keeps “ ” glued to both neighbours (class QU); in
                // Chinese they are plain opening and closing marks.
                let quote = matches!(c, '“' | '‘') || matches!(p, '”' | '’');
                let in_url = urls.iter().any(|u| u.start < i && i < u.end);
                if in_url {
                    url_break(p, c)
                } else {
                    (uax || quote) && !is_closing(c) && !is_opening(p) && !word
                }
            }
        };
        out.push(ok);
        prev = Some(c);
    }
}

/// Byte ranges of web addresses in `text`: from `http://`, `https://` or
/// `www.` up to the first character no address holds (a space, a Chinese
/// character or mark), without trailing ASCII punctuation that belongs to
/// the sentence.
fn url_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = ["http://", "https://", "www."]
        .iter()
        .filter_map(|p| text[from..].find(p).map(|at| from + at))
        .min()
    {
        let tail = &text[found..];
        let mut end = found
            + tail
                .find(|c: char| !c.is_ascii_graphic())
                .unwrap_or(tail.len());
        while end > found && text[..end].ends_with(['.', ',', ';', ':', '!', '?', ')']) {
            end -= 1;
        }
        if end > found {
            spans.push(found..end);
        }
        from = end.max(found + 1);
    }
    spans
}

/// Inside a web address a line may break after a slash (not between the
/// two of `//`) and before `.`, `?`, `&` or `=`, so the address stays
/// readable as one and a line never ends with a dot that looks like a full
/// stop (Chicago Manual of Style 6.76).
fn url_break(prev: char, c: char) -> bool {
    (prev == '/' && c != '/') || matches!(c, '.' | '?' | '&' | '=')
}

/// Whether a closing mark that does not fit may hang past the line's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hanging {
    /// Body text: one closing mark may hang ([`may_hang`]).
    Allowed,
    /// Table cells and titles: everything stays inside the width.
    Never,
}

/// One line chosen by [`fill_lines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// The items on the line.
    pub(crate) range: Range<usize>,
    /// The last item is a closing mark hanging past the line's end; the
    /// others fill the width.
    pub(crate) hanging: bool,
}

/// Greedy line filling: each line takes as much as fits, breaking only where
/// allowed; an unbreakable run longer than a line is cut where it overflows.
/// With [`Hanging::Allowed`], a closing mark that would be first on the
/// next line hangs past this one's end instead, so the characters before it
/// keep their cells.
pub(crate) fn fill_lines<T: Breakable>(
    items: &[T],
    first_width: f32,
    width: f32,
    hanging: Hanging,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let n = items.len();
    let mut start = 0;
    let mut avail = first_width;
    while start < n {
        let mut i = start;
        let mut w = 0.0;
        let mut last_break = None;
        while i < n {
            if i > start && items[i].break_before() {
                last_break = Some(i);
            }
            if i > start && w + items[i].width() > avail + 0.01 && !items[i].is_space() {
                break;
            }
            w += items[i].width();
            i += 1;
        }
        if i == n {
            lines.push(Line {
                range: start..n,
                hanging: false,
            });
            break;
        }
        let (end, hangs) = if hanging == Hanging::Allowed && hangs_at(items, i) {
            (i + 1, true)
        } else {
            let end = last_break.filter(|&b| b > start).unwrap_or_else(|| {
                // A forced cut: pull the characters before a closing mark
                // down with it rather than start the next line with the
                // mark, and an opening mark down to what it opens.
                let mut end = i;
                while end > start + 1 && (items[end].is_closing() || items[end - 1].is_opening()) {
                    end -= 1;
                }
                end
            });
            (end, false)
        };
        lines.push(Line {
            range: start..end,
            hanging: hangs,
        });
        start = end;
        while start < n && items[start].is_space() {
            start += 1;
        }
        avail = width;
    }
    lines
}

/// The item at `i`, the first that does not fit, may hang: a hanging mark
/// after something on the line, with a break allowed after it (so `。”`,
/// where two marks would have to hang, does not).
fn hangs_at<T: Breakable>(items: &[T], i: usize) -> bool {
    if !items[i].may_hang() || i == 0 || items[i - 1].is_space() {
        return false;
    }
    let mut next = i + 1;
    while next < items.len() && items[next].is_space() {
        next += 1;
    }
    next == items.len() || items[next].break_before()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct C(char, bool);
    impl Breakable for C {
        fn width(&self) -> f32 {
            if self.0.is_ascii() {
                0.5
            } else {
                1.0
            }
        }
        fn break_before(&self) -> bool {
            self.1
        }
        fn is_space(&self) -> bool {
            self.0 == ' '
        }
        fn is_closing(&self) -> bool {
            is_closing(self.0)
        }
        fn is_opening(&self) -> bool {
            is_opening(self.0)
        }
        fn may_hang(&self) -> bool {
            may_hang(self.0)
        }
    }

    fn filled(text: &str, first: f32, width: f32, hanging: Hanging) -> Vec<(String, bool)> {
        let mut flags = Vec::new();
        break_flags(text, &mut flags);
        let items: Vec<C> = text.chars().zip(flags).map(|(c, b)| C(c, b)).collect();
        let chars: Vec<char> = text.chars().collect();
        fill_lines(&items, first, width, hanging)
            .into_iter()
            .map(|l| (chars[l.range].iter().collect(), l.hanging))
            .collect()
    }

    fn lines(text: &str, first: f32, width: f32) -> Vec<String> {
        filled(text, first, width, Hanging::Allowed)
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }

    #[test]
    fn a_forced_cut_never_puts_closing_punctuation_first() {
        // 40 letters without a break, then a comma: the cut lands on it.
        let text = format!("{}，完", "a".repeat(40));
        for hanging in [Hanging::Allowed, Hanging::Never] {
            for (l, _) in filled(&text, 20.0, 20.0, hanging) {
                assert!(!l.starts_with('，'), "{l:?}");
            }
        }
    }

    #[test]
    fn a_forced_cut_never_leaves_an_opening_mark_last() {
        let text = format!("{}（{}）", "a".repeat(39), "b".repeat(30));
        for (l, _) in filled(&text, 20.0, 20.0, Hanging::Never) {
            assert!(!l.ends_with('（'), "{l:?}");
        }
    }

    #[test]
    fn a_closing_mark_after_the_28th_character_hangs() {
        // 28 ideographs then a comma: the comma hangs, the 28 keep their
        // cells and the next line starts with the next word.
        let text = format!("{}，后面的文字", "字".repeat(28));
        let l = filled(&text, 28.0, 28.0, Hanging::Allowed);
        assert_eq!(l[0].0, format!("{}，", "字".repeat(28)));
        assert!(l[0].1, "{l:?}");
        assert_eq!(l[1], ("后面的文字".to_string(), false));
    }

    #[test]
    fn without_hanging_the_28th_character_goes_down_with_the_mark() {
        let text = format!("{}，后面的文字", "字".repeat(28));
        let l = lines_never(&text);
        assert_eq!(l[0].chars().count(), 27);
        assert!(l[1].starts_with("字，"));
    }

    fn lines_never(text: &str) -> Vec<String> {
        filled(text, 28.0, 28.0, Hanging::Never)
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }

    #[test]
    fn only_one_mark_hangs() {
        // 。” after the 28th: both cannot hang, so the old rule applies and
        // the last character goes down with them.
        let text = format!("{}。”后面", "字".repeat(28));
        let l = filled(&text, 28.0, 28.0, Hanging::Allowed);
        assert_eq!(l[0].0.chars().count(), 27, "{l:?}");
        assert!(!l[0].1);
        assert!(l[1].0.starts_with("字。”"), "{l:?}");
        // A mark that fits is not hanging; the one after it may hang.
        let text = format!("{}”，后面", "字".repeat(27));
        let l = filled(&text, 28.0, 28.0, Hanging::Allowed);
        assert_eq!(l[0], (format!("{}”，", "字".repeat(27)), true));
    }

    #[test]
    fn dashes_and_ellipses_never_hang() {
        let text = format!("{}……后面", "字".repeat(28));
        let l = filled(&text, 28.0, 28.0, Hanging::Allowed);
        assert!(!l[0].1);
        assert_eq!(l[0].0.chars().count(), 27, "{l:?}");
        assert!(l[1].0.starts_with("字……"), "{l:?}");
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let marks = "，。、；：？！）》」』”’〕】…—%";
        for m in marks.chars() {
            for pad in 25..30 {
                let text = format!("{}{m}{}", "字".repeat(pad), "文".repeat(30));
                for hanging in [Hanging::Allowed, Hanging::Never] {
                    let l = filled(&text, 28.0, 28.0, hanging);
                    for (line, _) in &l[1..] {
                        let first = line.chars().next().expect("non-empty");
                        assert!(!is_closing(first), "{m} pad {pad}: {l:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let text = format!("{}《条例》的规定", "字".repeat(27));
        let l = lines(&text, 28.0, 28.0);
        assert!(!l[0].ends_with('《'), "{l:?}");
        assert!(l[1].starts_with("《"), "{l:?}");
    }

    #[test]
    fn digit_runs_stay_whole() {
        for word in ["2022", "91%", "1,295", "(2019)61"] {
            for pad in 20..28 {
                let text = format!("{}{}年度的报告内容", "字".repeat(pad), word);
                let l = lines(&text, 28.0, 28.0);
                let joined: Vec<&str> = l.iter().map(String::as_str).collect();
                assert!(
                    l.iter().any(|line| line.contains(word)),
                    "{word} split: {joined:?}"
                );
            }
        }
    }

    #[test]
    fn full_lines_hold_28_ideographs() {
        let text = "字".repeat(28 * 3 + 5);
        let l = lines(&text, 26.0, 28.0);
        assert_eq!(l[0].chars().count(), 26);
        assert_eq!(l[1].chars().count(), 28);
        assert_eq!(l[2].chars().count(), 28);
        assert_eq!(l[3].chars().count(), 28 * 3 + 5 - 26 - 56);
    }

    #[test]
    fn quotes_break_like_brackets() {
        // A line may end just before an opening quote …
        let text = format!("{}打通政策传达的“最后一公里”。", "字".repeat(21));
        let l = lines(&text, 28.0, 28.0);
        assert_eq!(l[0].chars().count(), 28, "{l:?}");
        assert!(l[1].starts_with('“'), "{l:?}");
        // … but never right after one: “ moves down with its first character.
        let text = format!("{}的“最后一公里”。", "字".repeat(26));
        let l = lines(&text, 28.0, 28.0);
        assert_eq!(l[0].chars().count(), 27, "{l:?}");
        assert!(l[1].starts_with("“最"), "{l:?}");
    }

    #[test]
    fn em_dash_pair_and_ellipsis_do_not_start_lines() {
        let text = format!("{}——{}……结束", "字".repeat(27), "字".repeat(25));
        for line in lines(&text, 28.0, 28.0) {
            let first = line.chars().next().expect("non-empty");
            assert!(first != '—' && first != '…', "{line}");
        }
    }

    #[test]
    fn web_addresses_break_at_their_separators() {
        let url = "http://www.example.gov.cn/zwgk/zfxxgk/index.html?id=12&page=3";
        let text = format!("{}网址为{url}。", "字".repeat(20));
        let l = lines(&text, 28.0, 28.0);
        assert_eq!(l.concat(), text);
        // The first line is filled up to a separator instead of leaving the
        // whole address for the next line.
        assert!(l[0].contains("http://"), "{l:?}");
        for w in l.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let ok = a.ends_with('/') || b.starts_with(['.', '?', '&', '=']);
            assert!(ok, "address broken elsewhere: {l:?}");
            assert!(!a.ends_with("//") || !b.starts_with('/'), "{l:?}");
        }
        // Outside addresses nothing changes: 3.5 and 1,295 stay whole.
        let mut flags = Vec::new();
        break_flags("数量3.5万件，www.gov.cn。", &mut flags);
        let chars: Vec<char> = "数量3.5万件，www.gov.cn。".chars().collect();
        let dot = chars.iter().position(|&c| c == '.').unwrap();
        assert!(!flags[dot] && !flags[dot + 1]);
        let gov = chars.iter().rposition(|&c| c == '.').unwrap();
        assert!(flags[gov], "before .cn");
    }

    #[test]
    fn a_sentence_full_stop_after_an_address_is_not_part_of_it() {
        assert_eq!(url_spans("见www.gov.cn."), vec![3..13]);
        assert_eq!(url_spans("见https://a.cn/x，后"), vec![3..17]);
        assert!(url_spans("没有地址").is_empty());
    }
}
