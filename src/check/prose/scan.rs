//! Reading prose: sentences and clauses, numbers followed by a unit,
//! keyword patterns, topic words, and the year a count speaks of.

use super::numerals::{self, NumberToken};
use super::Checker;

/// Where a section's text ends and a sentence ends.
pub(super) const SENTENCE_ENDS: &[char] = &['。', '！', '？', '；', '!', '?', ';'];
pub(super) const CLAUSE_ENDS: &[char] = &['，', ',', '：', ':'];
/// Longest sentence quoted whole in a finding.
pub(super) const MAX_QUOTE_SENTENCE: usize = 400;

/// A paragraph split after 。！？； with each sentence trimmed; empty ones
/// dropped.
pub fn split_sentences(paragraph: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for c in paragraph.chars() {
        if SENTENCE_ENDS.contains(&c) {
            out.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    out.push(current);
    out.into_iter()
        .map(|chars| {
            let start = chars.iter().position(|c| !c.is_whitespace());
            let end = chars.iter().rposition(|c| !c.is_whitespace());
            match (start, end) {
                (Some(s), Some(e)) => chars[s..=e].to_vec(),
                _ => Vec::new(),
            }
        })
        .filter(|c| !c.is_empty())
        .map(|chars| Sentence {
            text: chars.iter().collect(),
            chars,
        })
        .collect()
}

/// One sentence as chars, so every index is a char index.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub(super) chars: Vec<char>,
    pub(super) text: String,
}

impl Sentence {
    /// The sentence as written, whole; [`Sentence::quoted`] shortens it for
    /// a finding.
    pub fn text(&self) -> String {
        self.text.clone()
    }

    /// The sentence as quoted in a finding: whole, up to a length no real
    /// sentence reaches.
    pub fn quoted(&self) -> String {
        if self.chars.len() <= MAX_QUOTE_SENTENCE {
            return self.text.clone();
        }
        let head: String = self.chars[..MAX_QUOTE_SENTENCE].iter().collect();
        format!("{head}…")
    }

    /// Whether the whole sentence contains `word`.
    pub(super) fn has(&self, word: &str) -> bool {
        !word.is_empty() && self.text.contains(word)
    }

    pub(super) fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        self.chars[start.min(end)..end].iter().collect()
    }

    pub(super) fn contains(&self, start: usize, end: usize, word: &str) -> bool {
        let end = end.min(self.chars.len());
        let w: Vec<char> = word.chars().collect();
        find(&self.chars[start.min(end)..end], &w, 0).is_some()
    }
}

/// A number followed by a unit.
#[derive(Debug, Clone)]
pub(super) struct Count {
    pub(super) token: NumberToken,
    /// One past the unit, when a unit follows.
    pub(super) unit_end: Option<usize>,
    /// Approximate, per item, ordinal, or not a whole number.
    pub(super) skip: bool,
}

/// A keyword split at "…"; the parts after "#" come after the number.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    pub(super) before: Vec<Vec<char>>,
    pub(super) after: Vec<Vec<char>>,
}

impl Pattern {
    pub(super) fn new(text: &str) -> Pattern {
        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut seen_number = false;
        for part in text.split('…').map(str::trim).filter(|p| !p.is_empty()) {
            if part == "#" {
                seen_number = true;
            } else if seen_number {
                after.push(part.chars().collect());
            } else {
                before.push(part.chars().collect());
            }
        }
        Pattern { before, after }
    }
}

pub(super) fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&s| hay[s..s + needle.len()] == *needle)
}

/// Parts matched right to left, each ending within `gap` of what follows;
/// `limit` is where the last part must end near. Returns the first part's
/// start.
pub(super) fn match_back(
    hay: &[char],
    parts: &[Vec<char>],
    limit: usize,
    gap: usize,
) -> Option<usize> {
    let Some((last, rest)) = parts.split_last() else {
        return Some(limit);
    };
    let limit = limit.min(hay.len());
    if last.len() > limit {
        return None;
    }
    let mut s = limit - last.len();
    loop {
        if limit - (s + last.len()) > gap {
            return None;
        }
        if hay[s..s + last.len()] == **last {
            if let Some(first) = match_back(hay, rest, s, gap) {
                return Some(first);
            }
        }
        if s == 0 {
            return None;
        }
        s -= 1;
    }
}

/// Parts matched left to right, each starting within `gap` of `from`.
/// Returns the end of the last part.
pub(super) fn match_forward(
    hay: &[char],
    parts: &[Vec<char>],
    from: usize,
    gap: usize,
) -> Option<usize> {
    let Some((first, rest)) = parts.split_first() else {
        return Some(from);
    };
    let mut s = from;
    while s + first.len() <= hay.len() && s - from <= gap {
        if hay[s..s + first.len()] == **first {
            if let Some(end) = match_forward(hay, rest, s + first.len(), gap) {
                return Some(end);
            }
        }
        s += 1;
    }
    None
}

/// The topic words of a sentence, and the topic carried over from the
/// sentence before it in the paragraph ("收到申请16件。全部办结。") or,
/// when that names none, from the heading above the paragraph.
pub(super) struct Topics<'a> {
    pub(super) hits: Vec<(usize, usize, &'a str)>,
    pub(super) previous: Option<&'a str>,
    /// The previous sentence and the heading, for `context` words.
    pub(super) nearby: String,
}

impl Topics<'_> {
    /// Whether the sentence, the one before it or the heading has one of
    /// `words` (true when there are none to look for).
    pub(super) fn in_context(&self, s: &Sentence, words: &[String]) -> bool {
        words.is_empty()
            || words
                .iter()
                .any(|w| s.has(w) || self.nearby.contains(w.as_str()))
    }
}

impl<'a> Checker<'a> {
    /// Every topic word in a sentence as (start, end, topic), by end and
    /// then length, so the nearest one before a place is a binary search.
    pub(super) fn topic_hits(&self, s: &Sentence) -> Vec<(usize, usize, &'a str)> {
        let mut hits = Vec::new();
        for (word, topic) in &self.topics {
            let mut from = 0;
            while let Some(p) = find(&s.chars, word, from) {
                hits.push((p, p + word.len(), *topic));
                from = p + 1;
            }
        }
        hits.sort_by_key(|&(start, end, _)| (end, end - start));
        hits
    }

    /// The topic whose word ends nearest before `limit` (longest on a tie).
    pub(super) fn topic_before(hits: &[(usize, usize, &'a str)], limit: usize) -> Option<&'a str> {
        let n = hits.partition_point(|h| h.1 <= limit);
        n.checked_sub(1).map(|i| hits[i].2)
    }

    /// The topic whose word starts nearest after `from` and ends by `to`
    /// (longest on a tie).
    pub(super) fn topic_after(
        hits: &[(usize, usize, &'a str)],
        from: usize,
        to: usize,
    ) -> Option<&'a str> {
        hits.iter()
            .filter(|h| h.0 >= from && h.1 <= to)
            .min_by_key(|h| (h.0, std::cmp::Reverse(h.1)))
            .map(|h| h.2)
    }

    /// Whether the year named nearest before `at` in the sentence, with no
    /// other count in between, is not the report's: "2021年，共收到申请12件"
    /// speaks of another year; in "较2021年增加12件，上年结转2件" the 12件
    /// stands between, so 2件 is this year's.
    pub(super) fn other_year_before(&self, s: &Sentence, counts: &[Count], at: usize) -> bool {
        for c in counts.iter().rev().filter(|c| c.token.end <= at) {
            if c.unit_end.is_some() {
                return false;
            }
            if c.token.chinese || s.chars.get(c.token.end) != Some(&'年') {
                continue;
            }
            return c.token.value.is_some_and(|y| {
                (1900..=2999).contains(&y) && y != u64::from(self.report.meta.year)
            });
        }
        false
    }

    /// The parts that follow a number ("5件结转下年度"): the first within
    /// `gap` of the unit with only glue between (已, 申请, 政府信息公开: the
    /// words of `after_count`), so "2个项目正在办理" is not a count of
    /// applications. Returns the end of the last part.
    pub(super) fn match_after(
        &self,
        after: &[char],
        parts: &[Vec<char>],
        gap: usize,
    ) -> Option<usize> {
        let Some((first, rest)) = parts.split_first() else {
            return Some(0);
        };
        let mut start = 0;
        while start + first.len() <= after.len() && start <= gap {
            if after[start..start + first.len()] == **first && self.glue_only(&after[..start]) {
                if let Some(end) = match_forward(after, rest, start + first.len(), gap) {
                    return Some(end);
                }
            }
            start += 1;
        }
        None
    }

    /// Whether `text` is only punctuation and words of `after_count`.
    pub(super) fn glue_only(&self, text: &[char]) -> bool {
        let mut i = 0;
        'outer: while i < text.len() {
            if !text[i].is_alphanumeric() {
                i += 1;
                continue;
            }
            let mut best = 0;
            for w in &self.rules.after_count {
                let w: Vec<char> = w.chars().collect();
                if w.len() > best && text.len() >= i + w.len() && text[i..i + w.len()] == *w {
                    best = w.len();
                }
            }
            if best == 0 {
                return false;
            }
            i += best;
            continue 'outer;
        }
        true
    }

    /// Whether what follows a count's unit lets the count stand alone:
    /// punctuation, the end, or a word of `after_count`.
    pub(super) fn ends_count(&self, s: &Sentence, unit_end: usize) -> bool {
        let Some(&next) = s.chars.get(unit_end) else {
            return true;
        };
        if !next.is_alphanumeric() {
            return true;
        }
        self.rules
            .after_count
            .iter()
            .any(|w| s.contains(unit_end, unit_end + w.chars().count(), w))
    }

    pub(super) fn unit_at(&self, chars: &[char], at: usize) -> Option<usize> {
        let mut k = at;
        while chars.get(k).is_some_and(|c| *c == ' ' || *c == '\u{3000}') {
            k += 1;
        }
        self.rules.units.iter().find_map(|u| {
            let u: Vec<char> = u.chars().collect();
            (chars.len() >= k + u.len() && chars[k..k + u.len()] == *u).then_some(k + u.len())
        })
    }

    pub(super) fn counts(&self, s: &Sentence) -> Vec<Count> {
        let chars = &s.chars;
        numerals::scan(chars, |end| self.unit_at(chars, end).is_some())
            .into_iter()
            .map(|token| {
                let unit_end = self.unit_at(chars, token.end);
                let ends_with = |end: usize, w: &str| {
                    let w: Vec<char> = w.chars().collect();
                    end >= w.len() && chars[end - w.len()..end] == *w
                };
                let starts_with = |at: usize, w: &str| {
                    let w: Vec<char> = w.chars().collect();
                    chars.len() >= at + w.len() && chars[at..at + w.len()] == *w
                };
                let glued = token.start > 0 && {
                    let c = chars[token.start - 1];
                    c.is_ascii_alphanumeric() || c == '.' || c == '．' || c == '-'
                };
                let skip = token.value.is_none()
                    || glued
                    || self
                        .rules
                        .skip_before
                        .iter()
                        .any(|w| ends_with(token.start, w))
                    || unit_end
                        .is_some_and(|u| self.rules.skip_after.iter().any(|w| starts_with(u, w)));
                Count {
                    token,
                    unit_end,
                    skip,
                }
            })
            .collect()
    }

    pub(super) fn clauses(s: &Sentence, counts: &[Count]) -> Vec<(usize, usize)> {
        let mut in_number = vec![false; s.chars.len()];
        for c in counts {
            for flag in &mut in_number[c.token.start.min(c.token.end)..c.token.end] {
                *flag = true;
            }
        }
        let inside = |i: usize| in_number[i];
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in s.chars.iter().enumerate() {
            if CLAUSE_ENDS.contains(c) && !inside(i) {
                out.push((start, i));
                start = i + 1;
            }
        }
        out.push((start, s.chars.len()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    pub(super) fn parts(p: &str) -> Vec<Vec<char>> {
        Pattern::new(p).before
    }

    #[test]
    pub(super) fn sentences_split_at_sentence_ends() {
        let s = split_sentences("共收到申请15件；已全部办结。 好！");
        let texts: Vec<String> = s.iter().map(Sentence::text).collect();
        assert_eq!(texts, ["共收到申请15件", "已全部办结", "好"]);
        assert!(split_sentences("。。").is_empty());
    }

    #[test]
    pub(super) fn patterns_match_in_order_within_the_gap() {
        let hay = chars("我办共收到政府信息公开申请");
        assert_eq!(
            match_back(&hay, &parts("收到…申请"), hay.len(), 20),
            Some(3)
        );
        assert_eq!(match_back(&hay, &parts("申请…收到"), hay.len(), 20), None);
        // The last part must end near the number.
        let far = chars("收到申请后认真研究并及时处理");
        assert_eq!(match_back(&far, &parts("收到…申请"), far.len(), 5), None);
        let after = chars("政府信息公开申请");
        assert_eq!(match_forward(&after, &parts("申请"), 0, 20), Some(8));
        assert_eq!(match_forward(&after, &parts("申请"), 0, 3), None);
    }
}
