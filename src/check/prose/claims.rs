//! The claim rules (T8–T9): a statement without a number (全部办结, 未发生
//!行政复议) that the tables contradict.

use super::rules::ClaimRule;
use super::scan::{find, match_forward, Count, Sentence, Topics};
use super::{figures::quote, Checker, Finding};
use crate::template::Severity;

pub(super) struct CompiledClaim<'a> {
    pub(super) rule: &'a ClaimRule,
    /// Parts of each phrase, and whether it must open its clause ("^无…").
    pub(super) patterns: Vec<(bool, Vec<Vec<char>>)>,
}

impl<'a> CompiledClaim<'a> {
    /// A phrase `^无…申请` opens its clause; `…` separates parts that may
    /// have up to `max_gap` characters between them.
    pub(super) fn new(rule: &'a ClaimRule) -> CompiledClaim<'a> {
        let patterns = rule
            .phrases
            .iter()
            .map(|p| {
                let anchored = p.starts_with('^');
                let parts: Vec<Vec<char>> = p
                    .trim_start_matches('^')
                    .split('…')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(|x| x.chars().collect())
                    .collect();
                (anchored, parts)
            })
            .filter(|(_, p)| !p.is_empty())
            .collect();
        CompiledClaim { rule, patterns }
    }
}

impl<'a> Checker<'a> {
    pub(super) fn claim_rules(
        &self,
        s: &Sentence,
        topics: &Topics<'a>,
        counts: &[Count],
        clauses: &[(usize, usize)],
        findings: &mut Vec<Finding>,
    ) {
        for claim in &self.claims {
            let rule = claim.rule;
            if rule.unless.iter().any(|w| s.has(w)) || !topics.in_context(s, &rule.context) {
                continue;
            }
            let gap = rule.max_gap.unwrap_or(self.rules.max_gap);
            let hit = clauses.iter().find_map(|&(a, b)| {
                let clause = &s.chars[a..b];
                let opening = clause.iter().position(|c| !c.is_whitespace());
                claim.patterns.iter().find_map(|(anchored, parts)| {
                    let first = &parts[0];
                    let mut from = 0;
                    while let Some(p) = find(clause, first, from) {
                        if *anchored && Some(p) != opening {
                            break;
                        }
                        if let Some(end) = match_forward(clause, &parts[1..], p + first.len(), gap)
                        {
                            let lead = (a + p).saturating_sub(2);
                            let negated =
                                rule.negations.iter().any(|w| s.contains(lead, a + end, w));
                            if !negated {
                                return Some((a, b, a + p));
                            }
                        }
                        from = p + 1;
                    }
                    None
                })
            });
            let Some((c_start, c_end, at)) = hit else {
                continue;
            };
            if self.other_year_before(s, counts, at) {
                continue;
            }
            if let Some(subject) = &rule.subject {
                let topic = Self::topic_before(&topics.hits, at).or(topics.previous);
                if topic != Some(subject.as_str()) {
                    continue;
                }
            }
            let Some(table) = self.sum(&rule.contradicts) else {
                continue;
            };
            if table == 0 {
                continue;
            }
            let quote = quote(s, (c_start, c_end), c_start, c_end);
            let (where_, cells, value_text) = self.describe(&rule.says, &rule.contradicts);
            findings.push(Finding {
                rule: rule.id.clone(),
                severity: Severity::Warning,
                table: where_.clone(),
                row: self.row_labels(&rule.contradicts),
                column: self.column_label(&rule.contradicts),
                expected: table.to_string(),
                actual: "0".into(),
                message: format!(
                    "{} 正文“{quote}”与表格不一致：{where_} {cells} 为 {value_text}，正文却称{}",
                    rule.id, rule.says
                ),
                sentence: Some(s.quoted()),
                cells: rule.contradicts.clone(),
                input: Vec::new(),
            });
        }
    }
}
