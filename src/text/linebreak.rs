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
}

/// Marks, for each char of `text`, whether a break before it is allowed.
pub(crate) fn break_flags(text: &str, out: &mut Vec<bool>) {
    out.clear();
    let mut allowed = unicode_linebreak::linebreaks(text)
        .map(|(i, _)| i)
        .peekable();
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
                (uax || quote) && !is_closing(c) && !is_opening(p) && !word
            }
        };
        out.push(ok);
        prev = Some(c);
    }
}

/// Greedy line filling: each line takes as much as fits, breaking only where
/// allowed; an unbreakable run longer than a line is cut where it overflows.
pub(crate) fn fill_lines<T: Breakable>(
    items: &[T],
    first_width: f32,
    width: f32,
) -> Vec<Range<usize>> {
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
            lines.push(start..n);
            break;
        }
        let end = last_break.filter(|&b| b > start).unwrap_or_else(|| {
            // A forced cut: pull the characters before a closing mark down
            // with it rather than start the next line with the mark.
            let mut end = i;
            while end > start + 1 && items[end].is_closing() {
                end -= 1;
            }
            end
        });
        lines.push(start..end);
        start = end;
        while start < n && items[start].is_space() {
            start += 1;
        }
        avail = width;
    }
    lines
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
    }

    fn lines(text: &str, first: f32, width: f32) -> Vec<String> {
        let mut flags = Vec::new();
        break_flags(text, &mut flags);
        let items: Vec<C> = text.chars().zip(flags).map(|(c, b)| C(c, b)).collect();
        let chars: Vec<char> = text.chars().collect();
        fill_lines(&items, first, width)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn a_forced_cut_never_puts_closing_punctuation_first() {
        // 40 letters without a break, then a comma: the cut lands on it.
        let text = format!("{}，完", "a".repeat(40));
        for l in lines(&text, 20.0, 20.0) {
            assert!(!l.starts_with('，'), "{l:?}");
        }
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // 28 ideographs then a comma: the comma may not open line 2, so the
        // 28th ideograph goes down with it and line 1 holds 27.
        let text = format!("{}，后面的文字", "字".repeat(28));
        let l = lines(&text, 28.0, 28.0);
        assert_eq!(l[0].chars().count(), 27);
        assert!(l[1].starts_with("字，"));
        for line in &l {
            let first = line.chars().next().expect("non-empty");
            assert!(!is_closing(first), "line starts with {first}: {line}");
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
}
