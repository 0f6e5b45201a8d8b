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
            for (fig, accept) in self.figures.iter().zip(&accept) {
                if !self.binds(fig, s, topics, window, start, unit_end, after_end) {
                    continue;
                }
                if !count.skip && !self.other_year_before(s, counts, start) {
                    let quote = quote(s, (c_start, c_end), window, unit_end);
                    self.compare(fig.rule, accept, s, &quote, count, findings);
                }
                break;
            }
        }
    }

    /// Whether one of the rule's keywords binds the number at `start`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn binds(
        &self,
        fig: &CompiledFigure,
        s: &Sentence,
        topics: &Topics<'a>,
        window: usize,
        start: usize,
        unit_end: usize,
        after_end: usize,
    ) -> bool {
        let rule = fig.rule;
        if rule.unless.iter().any(|w| s.has(w)) || !topics.in_context(s, &rule.context) {
            return false;
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
                let before = Self::topic_before(&topics.hits, start);
                let topic = if pattern.after.is_empty() {
                    before
                } else {
                    Self::topic_after(&topics.hits, unit_end, after_end).or(before)
                }
                .or(topics.previous);
                let ok = match topic {
                    Some(t) => t == subject,
                    None => rule.subject_optional,
                };
                if !ok {
                    continue;
                }
            }
            return true;
        }
        false
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
