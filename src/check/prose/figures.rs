//! The figure rules (T1–T7): a number bound to a phrase that names a table
//! figure, compared with that figure.

use super::rules::FigureRule;
use super::scan::{match_back, Count, Pattern, Sentence, Topics};
use super::{Checker, Finding};
use crate::template::Severity;

/// Longest clause quoted in a message.
pub(super) const MAX_QUOTE_CLAUSE: usize = 80;

/// The clause a message quotes; when it is very long, only the stretch from
/// the keyword's window to the end of the count.
pub(super) fn quote(s: &Sentence, clause: (usize, usize), from: usize, to: usize) -> String {
    let (start, end) = if clause.1 - clause.0 <= MAX_QUOTE_CLAUSE {
        clause
    } else {
        (from.max(to.saturating_sub(MAX_QUOTE_CLAUSE)), to)
    };
    s.slice(start, end).trim().to_string()
}

/// A number's after-keyword ("5件结转下年度") never reaches into brackets:
/// "16件（含上年结转2件）" says nothing about 16.
pub(super) const OPENING_BRACKETS: &[char] = &['（', '(', '〔', '['];

/// What may stand between two counts of a list that share the keyword
/// before the first: "规章5件、行政规范性文件393件".
const LIST_SEPARATORS: &[&str] = &["、", "，", ",", "以及", "和", "及", "与"];

/// Closing brackets, to find the bracket a count stands in.
const CLOSING_BRACKETS: &[char] = &['）', ')', '〕', ']'];

/// Where a count's keyword is looked for and where its subject is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Binding {
    /// The stretch `window..start` holds the keyword before the count.
    pub(super) window: usize,
    pub(super) start: usize,
    /// Where the count is, for its subject.
    pub(super) topic_at: usize,
    pub(super) unit_end: usize,
    /// The stretch `unit_end..after_end` holds a keyword after the count.
    pub(super) after_end: usize,
    /// For a count inside brackets, the start of the clause the bracket
    /// opens in: its subject must be named from there on.
    pub(super) scope: Option<usize>,
    /// Whether the topic of the sentence before may stand in for a subject
    /// the count's own sentence does not name.
    pub(super) fallback: bool,
}

/// Where the keyword that bound a count stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeywordSide {
    /// Before the number: "现行有效行政规范性文件393件".
    Before,
    /// After it: "5件结转下年度".
    After,
    /// Before an earlier count of the same list.
    Shared,
}

/// For a count inside brackets, the start of the clause its innermost open
/// bracket stands in: a parenthesis continues the clause of the noun
/// before it ("完成历史公文属性转换13件（现行有效8件，废止5件）").
fn bracket_scope(s: &Sentence, clauses: &[(usize, usize)], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for k in (0..start.min(s.chars.len())).rev() {
        let c = s.chars[k];
        if CLOSING_BRACKETS.contains(&c) {
            depth += 1;
        } else if OPENING_BRACKETS.contains(&c) {
            if depth == 0 {
                return clauses
                    .iter()
                    .find(|(a, b)| *a <= k && k < *b)
                    .map(|(a, _)| *a);
            }
            depth -= 1;
        }
    }
    None
}

pub(super) struct CompiledFigure<'a> {
    pub(super) rule: &'a FigureRule,
    pub(super) patterns: Vec<Pattern>,
}

impl<'a> CompiledFigure<'a> {
    pub(super) fn new(rule: &'a FigureRule) -> CompiledFigure<'a> {
        CompiledFigure {
            rule,
            patterns: rule.keywords.iter().map(|k| Pattern::new(k)).collect(),
        }
    }
}

impl<'a> Checker<'a> {
    pub(super) fn figure_rules(
        &self,
        s: &Sentence,
        topics: &Topics<'a>,
        counts: &[Count],
        clauses: &[(usize, usize)],
        findings: &mut Vec<Finding>,
    ) {
        // Which alternative readings the sentence allows, once per sentence.
        let accept: Vec<Vec<bool>> = self
            .figures
            .iter()
            .map(|f| {
                f.rule
                    .accept
                    .iter()
                    .map(|a| a.when.iter().any(|w| s.has(w)))
                    .collect()
            })
            .collect();
        // The keyword stretch of the last count bound by a keyword before
        // it, for a list that shares it: "现行有效规章5件、行政规范性文件393件".
        let mut shared: Option<(usize, usize)> = None;
        // A count of something no rule names ("完成历史公文属性转换13件")
        // is what the sentence is about from there on: a count after it
        // without a subject of its own is not about the sentence before.
        let mut foreign_before = false;
        for (i, count) in counts.iter().enumerate() {
            let Some(unit_end) = count.unit_end else {
                continue;
            };
            let start = count.token.start;
            let Some(&(c_start, c_end)) = clauses.iter().find(|(a, b)| *a <= start && start < *b)
            else {
                continue;
            };
            let prev_end = counts[..i]
                .last()
                .map_or(0, |c| c.unit_end.unwrap_or(c.token.end));
            let window = c_start.max(prev_end).min(start);
            let next_start = counts.get(i + 1).map_or(s.chars.len(), |c| c.token.start);
            let reach = c_end.min(next_start).max(unit_end);
            let bracket = (unit_end..reach).find(|&k| OPENING_BRACKETS.contains(&s.chars[k]));
            let after_end = bracket.unwrap_or(reach);
            let at = Binding {
                window,
                start,
                topic_at: start,
                unit_end,
                after_end,
                scope: bracket_scope(s, clauses, start),
                fallback: !foreign_before,
            };
            let mut bound = self.bind_first(s, topics, &at);
            if bound.is_none() {
                // Only the keyword is shared: the subject is the count's own.
                if let Some((w, k)) =
                    shared.filter(|_| self.continues_list(s, topics, prev_end, start))
                {
                    let inherited = Binding {
                        window: w,
                        start: k,
                        after_end: unit_end,
                        fallback: false,
                        ..at
                    };
                    bound = self
                        .bind_first(s, topics, &inherited)
                        .map(|(fig, _)| (fig, KeywordSide::Shared));
                }
            }
            shared = match bound {
                Some((_, KeywordSide::Before)) => Some((window, start)),
                Some((_, KeywordSide::Shared)) => shared,
                _ => None,
            };
            let Some((fig, _)) = bound else {
                foreign_before |= !count.skip;
                continue;
            };
            if !count.skip && !self.other_year_before(s, counts, start) {
                let quote = quote(s, (c_start, c_end), window, unit_end);
                let accept = &accept[fig];
                self.compare(self.figures[fig].rule, accept, s, &quote, count, findings);
            }
        }
    }

    /// The first rule (in file order) one of whose keywords binds the
    /// count, and on which side of it the keyword stands.
    fn bind_first(
        &self,
        s: &Sentence,
        topics: &Topics<'a>,
        at: &Binding,
    ) -> Option<(usize, KeywordSide)> {
        self.figures
            .iter()
            .enumerate()
            .find_map(|(i, fig)| self.binds(fig, s, topics, at).map(|side| (i, side)))
    }

    /// Whether the stretch from the previous count's unit to this count is
    /// a list separator and a subject only ("、行政规范性文件"), so the
    /// keyword before the previous count names this one too.
    fn continues_list(&self, s: &Sentence, topics: &Topics<'a>, from: usize, to: usize) -> bool {
        let between = &s.chars[from.min(to)..to];
        let Some(rest) = LIST_SEPARATORS.iter().find_map(|sep| {
            let sep: Vec<char> = sep.chars().collect();
            between.starts_with(&sep).then_some(sep.len())
        }) else {
            return false;
        };
        let Some(&(t_start, t_end, _)) = topics
            .hits
            .iter()
            .filter(|h| h.0 >= from + rest && h.1 <= to)
            .max_by_key(|h| (h.1, h.1 - h.0))
        else {
            return false;
        };
        self.glue_only(&s.chars[from + rest..t_start]) && self.glue_only(&s.chars[t_end..to])
    }

    /// Whether one of the rule's keywords binds the count, and on which
    /// side of it the keyword stands.
    pub(super) fn binds(
        &self,
        fig: &CompiledFigure,
        s: &Sentence,
        topics: &Topics<'a>,
        at: &Binding,
    ) -> Option<KeywordSide> {
        let &Binding {
            window,
            start,
            topic_at,
            unit_end,
            after_end,
            scope,
            fallback,
        } = at;
        let rule = fig.rule;
        if rule.unless.iter().any(|w| s.has(w)) || !topics.in_context(s, &rule.context) {
            return None;
        }
        let gap = rule.max_gap.unwrap_or(self.rules.max_gap);
        let before = &s.chars[window..start];
        let after = &s.chars[unit_end.min(after_end)..after_end];
        for pattern in &fig.patterns {
            if match_back(before, &pattern.before, before.len(), gap).is_none() {
                continue;
            }
            if pattern.after.is_empty() && !self.ends_count(s, unit_end) {
                continue;
            }
            let Some(after_len) = self.match_after(after, &pattern.after, gap) else {
                continue;
            };
            let excluded = |from: usize, to: usize| {
                rule.exclude
                    .iter()
                    .chain(&self.rules.exclude)
                    .any(|w| s.contains(from, to, w))
            };
            let after_match_end = unit_end + after_len;
            if excluded(window, start)
                || (!pattern.after.is_empty() && excluded(unit_end, after_match_end))
            {
                continue;
            }
            if let Some(subject) = &rule.subject {
                // Inside brackets only the noun before them and what the
                // brackets say count: "转换13件（现行有效8件）" is not about
                // 规范性文件 named earlier.
                let hits: &[(usize, usize, &str)] = &topics.hits;
                let scoped: Vec<(usize, usize, &str)>;
                let hits = match scope {
                    Some(from) => {
                        scoped = hits.iter().copied().filter(|h| h.0 >= from).collect();
                        &scoped[..]
                    }
                    None => hits,
                };
                let before = Self::topic_before(hits, topic_at);
                let own = if pattern.after.is_empty() {
                    before
                } else {
                    Self::topic_after(hits, unit_end, after_end).or(before)
                };
                let topic = match own {
                    Some(t) => Some(t),
                    None if fallback && scope.is_none() => topics.previous,
                    None => None,
                };
                let ok = match topic {
                    Some(t) => t == subject,
                    None => rule.subject_optional,
                };
                if !ok {
                    continue;
                }
            }
            return Some(if pattern.after.is_empty() {
                KeywordSide::Before
            } else {
                KeywordSide::After
            });
        }
        None
    }

    pub(super) fn compare(
        &self,
        rule: &FigureRule,
        accept: &[bool],
        s: &Sentence,
        quote: &str,
        count: &Count,
        findings: &mut Vec<Finding>,
    ) {
        let Some(said) = count.token.value.map(u128::from) else {
            return;
        };
        let Some(table) = self.sum(&rule.figures) else {
            return;
        };
        if said == table {
            return;
        }
        let accepted = rule
            .accept
            .iter()
            .zip(accept)
            .any(|(a, active)| *active && self.sum(&a.figures) == Some(said));
        if accepted {
            return;
        }
        let (where_, cells, value_text) = self.describe(&rule.name, &rule.figures);
        findings.push(Finding {
            rule: rule.id.clone(),
            severity: Severity::Warning,
            table: where_.clone(),
            row: self.row_labels(&rule.figures),
            column: self.column_label(&rule.figures),
            expected: table.to_string(),
            actual: said.to_string(),
            message: format!(
                "{} 正文“{quote}”与表格不一致：{where_} {cells} 为 {value_text}",
                rule.id
            ),
            sentence: Some(s.quoted()),
            cells: rule.figures.clone(),
            input: Vec::new(),
        });
    }
}
