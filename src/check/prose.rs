//! Prose that contradicts the tables (文表不一致), and content checks.
//!
//! Clerks paste last year's prose and change the tables; these checks read
//! the prose and compare the figures it names with the tables. Which phrase
//! names which figure is data (`templates/prose-rules-2021.toml`); this
//! module knows how to split sentences and clauses, read a number written
//! as `15`, `１５`, `1,295` or `一百零三`, and decide whether a number is
//! bound to a keyword.
//!
//! | id | catches | compares |
//! |----|---------|----------|
//! | T1 | "收到/受理/新收…申请N件" ≠ 本年新收 | 一、本年新收·总计 (or 新收 + 上年结转 when the sentence mentions 上年结转) |
//! | T2 | "上年结转N件" ≠ 上年结转 | 二、上年结转·总计 |
//! | T3 | "结转下年度N件" / "N件正在办理" / "尚未办结的申请N件" ≠ 结转下年度 | 四、结转下年度继续办理·总计 |
//! | T4 | 予以公开、部分公开、予以公开或部分公开、不予公开、无法提供、不予处理、其他处理、办结/答复 N件 ≠ 办理结果 | the row, or the sum of its rows, ·总计; 办结 → （七）总计 |
//! | T5 | "行政复议N件" ≠ 行政复议总计 | 行政复议·总计 |
//! | T6 | "行政诉讼N件" ≠ 直接起诉 + 复议后起诉; "直接起诉N件", "复议后起诉N件" | the 总计 cells of table 四 |
//! | T7 | 规章 / 行政规范性文件 制发、废止、现行有效 N件 ≠ table 二 | 本年制发件数、本年废止件数、现行有效件数 |
//! | T8 | "全部办结 / 均已答复 / 全部答复" about applications, or "无下年度结转", while 结转下年度 > 0 | 四、结转下年度继续办理·总计 |
//! | T9 | "未发生/全年无…行政复议/行政诉讼", "行政复议…为零", "未收到政府信息公开申请" while the count > 0 | 行政复议·总计, 行政诉讼 总计, 本年新收·总计 |
//! | C1 | a prose section (一、五、六) or a numbered part with no text | — |
//! | C2 | a prose section or part shorter than a sentence (六 may say just "无") | — |
//! | C3 | 六 says nothing about fees while 逾期未按收费通知要求缴纳费用 > 0 | （六）2.·总计 |
//! | C4 | a 统计期限 sentence naming a year before the report's (last year's text) or more than one after it | `[report] year` |
//!
//! Every finding is a [`Severity::Warning`]: prose may count differently on
//! purpose. `--strict` turns them into errors with [`make_strict`]. In a
//! T finding `expected` is the table's figure and `actual` the prose's (0
//! for a claim such as 全部办结); `sentence` quotes the whole sentence.
//!
//! Binding (precision first): a number is compared only when a unit
//! (件/个/起…) follows it, the keyword is in the same clause before it (or
//! right after it for patterns with `#`), no other number stands between
//! them, no exclusion word (其中, 同比, 转载…) is in that stretch, and the
//! topic nearest before it (申请 vs 信箱/投诉, 规章 vs 规范性文件) is the
//! rule's subject. With the keyword before the number, the unit must end
//! the count (punctuation or a listed word follows: not 20个工作日, 12个部门).
//! Approximate counts (约15件, 15余件), per-item counts (各1件) and counts
//! after a year other than the report's (2021年，收到申请12件) are never
//! compared. A claim about applications (T8) needs 申请 as the nearest topic
//! in its sentence or, failing any topic there, at the end of the sentence
//! before it; the sentence must not itself mention the carry-over.
//!
//! Applications, reviews and lawsuits are compared only in a disclosure
//! context (公开 in the sentence, the one before it or the heading): a
//! 司法局's "办理行政复议案件45件" is its own caseload, and 行政许可申请 is
//! a topic of its own.
//!
//! Sections are split into paragraphs by the model, paragraphs into
//! sentences at 。！？；, sentences into clauses at ，：(ASCII too, but not
//! the comma of 1,295).
//!
//! The CLI runs [`check_prose`] next to [`super::check_report`], prints the
//! findings with the others (human and JSON: the JSON has `sentence`), and
//! under `--strict` calls [`make_strict`] on them before deciding whether
//! export is blocked.

pub mod numerals;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

use super::Finding;
use crate::model::{Prose, Report};
use crate::template::{Severity, Template};
use numerals::NumberToken;

/// The built-in prose rules, by template id.
const BUILT_IN: &[(&str, &str)] = &[(
    "gov-info-disclosure-2021",
    include_str!("../../templates/prose-rules-2021.toml"),
)];

/// Where a section's text ends and a sentence ends.
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '；', '!', '?', ';'];
const CLAUSE_ENDS: &[char] = &['，', ',', '：', ':'];
/// Longest sentence quoted whole, and longest clause quoted in a message.
const MAX_QUOTE_SENTENCE: usize = 400;
const MAX_QUOTE_CLAUSE: usize = 80;

/// The clause a message quotes; when it is very long, only the stretch from
/// the keyword's window to the end of the count.
fn quote(s: &Sentence, clause: (usize, usize), from: usize, to: usize) -> String {
    let (start, end) = if clause.1 - clause.0 <= MAX_QUOTE_CLAUSE {
        clause
    } else {
        (from.max(to.saturating_sub(MAX_QUOTE_CLAUSE)), to)
    };
    s.slice(start, end).trim().to_string()
}

/// A number's after-keyword ("5件结转下年度") never reaches into brackets:
/// "16件（含上年结转2件）" says nothing about 16.
const OPENING_BRACKETS: &[char] = &['（', '(', '〔', '['];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProseRules {
    pub template: String,
    pub units: Vec<String>,
    pub skip_before: Vec<String>,
    pub skip_after: Vec<String>,
    pub after_count: Vec<String>,
    pub exclude: Vec<String>,
    pub max_gap: usize,
    pub topics: BTreeMap<String, Vec<String>>,
    #[serde(rename = "figure")]
    pub figures: Vec<FigureRule>,
    #[serde(rename = "claim")]
    pub claims: Vec<ClaimRule>,
    pub content: ContentRules,
}

/// A phrase that names a table figure next to a number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureRule {
    pub id: String,
    pub name: String,
    pub figures: Vec<String>,
    pub keywords: Vec<String>,
    pub subject: Option<String>,
    #[serde(default)]
    pub subject_optional: bool,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub max_gap: Option<usize>,
    #[serde(default)]
    pub accept: Vec<Accept>,
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default)]
    pub context: Vec<String>,
}

/// Another reading of the same number, allowed when the sentence says so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    pub when: Vec<String>,
    pub figures: Vec<String>,
}

/// A claim without a number that the tables can contradict.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRule {
    pub id: String,
    pub says: String,
    pub phrases: Vec<String>,
    pub subject: Option<String>,
    #[serde(default)]
    pub negations: Vec<String>,
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default)]
    pub context: Vec<String>,
    pub contradicts: Vec<String>,
    pub max_gap: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentRules {
    pub min_chars: usize,
    pub short_answer_sections: Vec<String>,
    pub fee_figure: String,
    pub fee_section: String,
    pub fee_words: Vec<String>,
    pub period_markers: Vec<String>,
}

impl ProseRules {
    /// Parses rules and checks every figure path and subject against the
    /// template, so a typo in the data fails a test, not a user's check.
    pub fn parse(text: &str, template: &Template) -> Result<ProseRules, String> {
        let rules: ProseRules = toml::from_str(text).map_err(|e| e.to_string())?;
        if rules.template != template.id {
            return Err(format!(
                "规则属于模板 {}，不是 {}",
                rules.template, template.id
            ));
        }
        let path_ok = |p: &str| {
            let Some((fig, col)) = p.rsplit_once('.') else {
                return false;
            };
            template
                .columns_of(fig)
                .is_some_and(|set| set.keys.iter().any(|k| k == col))
        };
        let topic_ok = |s: &Option<String>| s.as_ref().is_none_or(|s| rules.topics.contains_key(s));
        for f in &rules.figures {
            let paths = f
                .figures
                .iter()
                .chain(f.accept.iter().flat_map(|a| &a.figures));
            for p in paths {
                if !path_ok(p) {
                    return Err(format!("{} {}: 未知的项 {p}", f.id, f.name));
                }
            }
            if !topic_ok(&f.subject) || f.figures.is_empty() || f.keywords.is_empty() {
                return Err(format!(
                    "{} {}: subject、figures 或 keywords 有误",
                    f.id, f.name
                ));
            }
            for k in &f.keywords {
                let pattern = Pattern::new(k);
                if pattern.before.is_empty() && pattern.after.is_empty() {
                    return Err(format!("{} {}: 空的关键词", f.id, f.name));
                }
            }
        }
        for c in &rules.claims {
            if let Some(p) = c.contradicts.iter().find(|p| !path_ok(p)) {
                return Err(format!("{} {}: 未知的项 {p}", c.id, c.says));
            }
            if !topic_ok(&c.subject) || c.phrases.is_empty() {
                return Err(format!("{} {}: subject 或 phrases 有误", c.id, c.says));
            }
        }
        if !path_ok(&rules.content.fee_figure) {
            return Err(format!("未知的项 {}", rules.content.fee_figure));
        }
        let content = &rules.content;
        let sections = content
            .short_answer_sections
            .iter()
            .chain(std::iter::once(&content.fee_section));
        for key in sections {
            if template.section_heading(key).is_none() {
                return Err(format!("未知的章节 {key}"));
            }
        }
        if rules.units.iter().any(|u| u.is_empty()) {
            return Err("units 不能含空串".into());
        }
        Ok(rules)
    }

    /// The built-in rules for a template, parsed once.
    pub fn built_in(template: &Template) -> Option<&'static ProseRules> {
        static CACHE: OnceLock<Vec<(String, Result<ProseRules, String>)>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| {
            BUILT_IN
                .iter()
                .map(|(id, text)| {
                    let parsed = Template::built_in(id)
                        .map_err(|e| e.to_string())
                        .and_then(|t| ProseRules::parse(text, &t));
                    (id.to_string(), parsed)
                })
                .collect()
        });
        cache
            .iter()
            .find(|(id, _)| *id == template.id)
            .and_then(|(_, r)| r.as_ref().ok())
    }

    /// Errors in the built-in rules, for tests.
    pub fn built_in_errors() -> Vec<String> {
        BUILT_IN
            .iter()
            .filter_map(|(id, text)| {
                let t = Template::built_in(id).map_err(|e| e.to_string());
                t.and_then(|t| ProseRules::parse(text, &t)).err()
            })
            .collect()
    }
}

/// All prose checks (T1–T9, C1–C4) of one report, as warnings.
pub fn check_prose(report: &Report) -> Vec<Finding> {
    match ProseRules::built_in(&report.template) {
        Some(rules) => check_prose_with(report, rules),
        None => Vec::new(),
    }
}

/// The prose checks with the given rules.
pub fn check_prose_with(report: &Report, rules: &ProseRules) -> Vec<Finding> {
    let checker = Checker::new(report, rules);
    let mut findings = Vec::new();
    for section in &report.sections {
        let mut paragraphs = Vec::new();
        collect_headed(&section.prose, &section.heading, &mut paragraphs);
        for (paragraph, heading) in paragraphs {
            let sentences = split_sentences(paragraph);
            let heading = split_sentences(heading).into_iter().next();
            for (i, sentence) in sentences.iter().enumerate() {
                let previous = i.checked_sub(1).map(|p| &sentences[p]);
                let context = Context {
                    section: &section.key,
                    previous,
                    heading: heading.as_ref(),
                };
                checker.sentence(sentence, &context, &mut findings);
            }
        }
    }
    checker.content(&mut findings);
    findings
}

/// Turns every finding into an error, for `--strict`.
pub fn make_strict(findings: &mut [Finding]) {
    for f in findings {
        f.severity = Severity::Error;
    }
}

/// Paragraphs with the heading right above them (a part's, or the
/// section's): "（二）依申请公开" tells what "已全部办结" is about.
fn collect_headed<'a>(prose: &'a Prose, heading: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    out.extend(prose.paragraphs.iter().map(|p| (p.as_str(), heading)));
    for part in &prose.parts {
        collect_headed(&part.prose, &part.heading, out);
    }
}

/// Where a sentence stands.
struct Context<'c> {
    section: &'c str,
    /// The sentence before it in the paragraph.
    previous: Option<&'c Sentence>,
    heading: Option<&'c Sentence>,
}

fn collect_paragraphs<'a>(prose: &'a Prose, out: &mut Vec<&'a str>) {
    out.extend(prose.paragraphs.iter().map(String::as_str));
    for part in &prose.parts {
        collect_paragraphs(&part.prose, out);
    }
}

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
    chars: Vec<char>,
    text: String,
}

impl Sentence {
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
    fn has(&self, word: &str) -> bool {
        !word.is_empty() && self.text.contains(word)
    }

    fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        self.chars[start.min(end)..end].iter().collect()
    }

    fn contains(&self, start: usize, end: usize, word: &str) -> bool {
        let end = end.min(self.chars.len());
        let w: Vec<char> = word.chars().collect();
        find(&self.chars[start.min(end)..end], &w, 0).is_some()
    }
}

/// A number followed by a unit.
#[derive(Debug, Clone)]
struct Count {
    token: NumberToken,
    /// One past the unit, when a unit follows.
    unit_end: Option<usize>,
    /// Approximate, per item, ordinal, or not a whole number.
    skip: bool,
}

/// A keyword split at "…"; the parts after "#" come after the number.
#[derive(Debug, Clone)]
struct Pattern {
    before: Vec<Vec<char>>,
    after: Vec<Vec<char>>,
}

impl Pattern {
    fn new(text: &str) -> Pattern {
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

fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&s| hay[s..s + needle.len()] == *needle)
}

/// Parts matched right to left, each ending within `gap` of what follows;
/// `limit` is where the last part must end near. Returns the first part's
/// start.
fn match_back(hay: &[char], parts: &[Vec<char>], limit: usize, gap: usize) -> Option<usize> {
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
fn match_forward(hay: &[char], parts: &[Vec<char>], from: usize, gap: usize) -> Option<usize> {
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

struct CompiledFigure<'a> {
    rule: &'a FigureRule,
    patterns: Vec<Pattern>,
}

struct CompiledClaim<'a> {
    rule: &'a ClaimRule,
    /// Parts of each phrase, and whether it must open its clause ("^无…").
    patterns: Vec<(bool, Vec<Vec<char>>)>,
}

/// The topic words of a sentence, and the topic carried over from the
/// sentence before it in the paragraph ("收到申请16件。全部办结。") or,
/// when that names none, from the heading above the paragraph.
struct Topics<'a> {
    hits: Vec<(usize, usize, &'a str)>,
    previous: Option<&'a str>,
    /// The previous sentence and the heading, for `context` words.
    nearby: String,
}

impl Topics<'_> {
    /// Whether the sentence, the one before it or the heading has one of
    /// `words` (true when there are none to look for).
    fn in_context(&self, s: &Sentence, words: &[String]) -> bool {
        words.is_empty()
            || words
                .iter()
                .any(|w| s.has(w) || self.nearby.contains(w.as_str()))
    }
}

struct Checker<'a> {
    report: &'a Report,
    rules: &'a ProseRules,
    figures: Vec<CompiledFigure<'a>>,
    claims: Vec<CompiledClaim<'a>>,
    /// (word, topic), longest words first.
    topics: Vec<(Vec<char>, &'a str)>,
}

impl<'a> Checker<'a> {
    fn new(report: &'a Report, rules: &'a ProseRules) -> Checker<'a> {
        let figures = rules
            .figures
            .iter()
            .map(|rule| CompiledFigure {
                rule,
                patterns: rule.keywords.iter().map(|k| Pattern::new(k)).collect(),
            })
            .collect();
        let claims = rules
            .claims
            .iter()
            .map(|rule| CompiledClaim {
                rule,
                patterns: rule
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
                    .collect(),
            })
            .collect();
        let mut topics: Vec<(Vec<char>, &str)> = rules
            .topics
            .iter()
            .flat_map(|(topic, words)| {
                words
                    .iter()
                    .filter(|w| !w.is_empty())
                    .map(move |w| (w.chars().collect(), topic.as_str()))
            })
            .collect();
        topics.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Checker {
            report,
            rules,
            figures,
            claims,
            topics,
        }
    }

    fn template(&self) -> &Template {
        &self.report.template
    }

    /// The value printed in a cell, by path.
    fn value(&self, path: &str) -> Option<u128> {
        self.report
            .figures
            .lookup(self.template(), path)?
            .parse()
            .ok()
    }

    fn sum(&self, paths: &[String]) -> Option<u128> {
        paths.iter().map(|p| self.value(p)).sum()
    }

    /// Every topic word in a sentence as (start, end, topic), by end and
    /// then length, so the nearest one before a place is a binary search.
    fn topic_hits(&self, s: &Sentence) -> Vec<(usize, usize, &'a str)> {
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
    fn topic_before(hits: &[(usize, usize, &'a str)], limit: usize) -> Option<&'a str> {
        let n = hits.partition_point(|h| h.1 <= limit);
        n.checked_sub(1).map(|i| hits[i].2)
    }

    /// The topic whose word starts nearest after `from` and ends by `to`
    /// (longest on a tie).
    fn topic_after(hits: &[(usize, usize, &'a str)], from: usize, to: usize) -> Option<&'a str> {
        hits.iter()
            .filter(|h| h.0 >= from && h.1 <= to)
            .min_by_key(|h| (h.0, std::cmp::Reverse(h.1)))
            .map(|h| h.2)
    }

    /// Whether the year named nearest before `at` in the sentence, with no
    /// other count in between, is not the report's: "2021年，共收到申请12件"
    /// speaks of another year; in "较2021年增加12件，上年结转2件" the 12件
    /// stands between, so 2件 is this year's.
    fn other_year_before(&self, s: &Sentence, counts: &[Count], at: usize) -> bool {
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
    fn match_after(&self, after: &[char], parts: &[Vec<char>], gap: usize) -> Option<usize> {
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
    fn glue_only(&self, text: &[char]) -> bool {
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
    fn ends_count(&self, s: &Sentence, unit_end: usize) -> bool {
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

    fn unit_at(&self, chars: &[char], at: usize) -> Option<usize> {
        let mut k = at;
        while chars.get(k).is_some_and(|c| *c == ' ' || *c == '\u{3000}') {
            k += 1;
        }
        self.rules.units.iter().find_map(|u| {
            let u: Vec<char> = u.chars().collect();
            (chars.len() >= k + u.len() && chars[k..k + u.len()] == *u).then_some(k + u.len())
        })
    }

    fn counts(&self, s: &Sentence) -> Vec<Count> {
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

    fn clauses(s: &Sentence, counts: &[Count]) -> Vec<(usize, usize)> {
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

    fn sentence(&self, s: &Sentence, context: &Context, findings: &mut Vec<Finding>) {
        let counts = self.counts(s);
        let clauses = Self::clauses(s, &counts);
        let topics = Topics {
            hits: self.topic_hits(s),
            previous: context
                .previous
                .and_then(|p| Self::topic_before(&self.topic_hits(p), usize::MAX))
                .or_else(|| {
                    context
                        .heading
                        .and_then(|h| Self::topic_before(&self.topic_hits(h), usize::MAX))
                }),
            nearby: [context.previous, context.heading]
                .iter()
                .flatten()
                .map(|x| x.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        };
        self.figure_rules(s, &topics, &counts, &clauses, findings);
        self.claim_rules(s, &topics, &counts, &clauses, findings);
        self.period(context.section, s, &counts, findings);
    }

    fn figure_rules(
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
    fn binds(
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

    fn compare(
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
        });
    }

    fn claim_rules(
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
            });
        }
    }

    /// C4: every year in a 统计期限 sentence is the report's year.
    fn period(&self, section: &str, s: &Sentence, counts: &[Count], findings: &mut Vec<Finding>) {
        let content = &self.rules.content;
        if !content.period_markers.iter().any(|m| s.has(m)) {
            return;
        }
        let year = u64::from(self.report.meta.year);
        let mut years: Vec<u64> = counts
            .iter()
            .filter(|c| !c.token.chinese && s.chars.get(c.token.end) == Some(&'年'))
            .filter_map(|c| c.token.value)
            .collect();
        // Years written digit by digit in Chinese: 二〇二二年.
        let chars = &s.chars;
        let is_cn_digit = |c: char| "〇零一二三四五六七八九".contains(c);
        let mut i = 0;
        while i < chars.len() {
            if is_cn_digit(chars[i]) {
                let mut j = i;
                while j < chars.len() && is_cn_digit(chars[j]) {
                    j += 1;
                }
                if j - i == 4 && chars.get(j) == Some(&'年') {
                    let text: String = chars[i..j].iter().collect();
                    years.extend(numerals::parse_chinese_digits(&text));
                }
                i = j;
            } else {
                i += 1;
            }
        }
        let Some(wrong) = years
            .into_iter()
            .find(|y| (1900..=2999).contains(y) && (*y < year || *y > year + 1))
        else {
            return;
        };
        let heading = self.section_heading(section);
        findings.push(Finding {
            rule: "C4".into(),
            severity: Severity::Warning,
            table: heading.clone(),
            row: String::new(),
            column: String::new(),
            expected: year.to_string(),
            actual: wrong.to_string(),
            message: format!(
                "C4 {heading} 统计期限“{}”写的是{wrong}年，本报告是{year}年度",
                s.quoted()
            ),
            sentence: Some(s.quoted()),
        });
    }

    /// C1–C3.
    fn content(&self, findings: &mut Vec<Finding>) {
        let content = &self.rules.content;
        let with_table: BTreeSet<&str> = self
            .template()
            .tables
            .iter()
            .map(|t| t.section.as_str())
            .collect();
        for section in &self.report.sections {
            let heading = self.section_heading(&section.key);
            let short_ok = content.short_answer_sections.contains(&section.key);
            let prose = &section.prose;
            let has_table = with_table.contains(section.key.as_str());
            if prose.paragraphs.is_empty() && prose.parts.is_empty() {
                if !has_table {
                    findings.push(self.content_finding(
                        "C1",
                        &heading,
                        "",
                        format!("C1 {heading} 没有正文"),
                        None,
                    ));
                }
                continue;
            }
            if prose.parts.is_empty() && !has_table && !short_ok {
                self.short(&heading, "", prose, findings);
            }
            self.parts(&heading, &prose.parts, short_ok, "", findings);
        }
        self.fee(findings);
    }

    fn parts(
        &self,
        heading: &str,
        parts: &[crate::model::Part],
        short_ok: bool,
        prefix: &str,
        findings: &mut Vec<Finding>,
    ) {
        for (i, part) in parts.iter().enumerate() {
            let label = format!("{prefix}{}{}", part_number(prefix, i), part.heading);
            if part.prose.paragraphs.is_empty() && part.prose.parts.is_empty() {
                findings.push(self.content_finding(
                    "C1",
                    heading,
                    &label,
                    format!("C1 {heading} {label} 下没有正文"),
                    None,
                ));
                continue;
            }
            if part.prose.parts.is_empty() && !short_ok {
                self.short(heading, &label, &part.prose, findings);
            }
            self.parts(
                heading,
                &part.prose.parts,
                short_ok,
                &format!("{label}·"),
                findings,
            );
        }
    }

    /// C2: prose with fewer letters than a sentence has.
    fn short(&self, heading: &str, label: &str, prose: &Prose, findings: &mut Vec<Finding>) {
        let text = prose.paragraphs.join("");
        let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
        let min = self.rules.content.min_chars;
        if letters >= min {
            return;
        }
        let place = if label.is_empty() {
            heading.to_string()
        } else {
            format!("{heading} {label}")
        };
        let mut f = self.content_finding(
            "C2",
            heading,
            label,
            format!("C2 {place} 只有“{text}”，不足一句话（少于 {min} 个字）"),
            Some(text),
        );
        f.expected = format!("≥{min}");
        f.actual = letters.to_string();
        findings.push(f);
    }

    /// C3: fees not mentioned in 六 while applications lapsed for unpaid fees.
    fn fee(&self, findings: &mut Vec<Finding>) {
        let content = &self.rules.content;
        let Some(unpaid) = self.value(&content.fee_figure).filter(|v| *v > 0) else {
            return;
        };
        let Some(section) = self
            .report
            .sections
            .iter()
            .find(|s| s.key == content.fee_section)
        else {
            return;
        };
        let mut paragraphs = Vec::new();
        collect_paragraphs(&section.prose, &mut paragraphs);
        let text = paragraphs.join("");
        if content.fee_words.iter().any(|w| text.contains(w.as_str())) {
            return;
        }
        let heading = self.section_heading(&section.key);
        let fig = content
            .fee_figure
            .rsplit_once('.')
            .map_or(content.fee_figure.as_str(), |(f, _)| f);
        let (where_, cells, _) = self.describe("", std::slice::from_ref(&content.fee_figure));
        let said = if text.is_empty() {
            "没有正文".to_string()
        } else {
            format!("只写了“{}”", text.chars().take(60).collect::<String>())
        };
        findings.push(Finding {
            rule: "C3".into(),
            severity: Severity::Warning,
            table: where_.clone(),
            row: self
                .template()
                .figures
                .get(fig)
                .map(|f| f.label.clone())
                .unwrap_or_default(),
            column: self.column_label(std::slice::from_ref(&content.fee_figure)),
            expected: unpaid.to_string(),
            actual: "0".into(),
            message: format!(
                "C3 {heading} {said}，但{where_} {cells} 为 {unpaid}：请说明信息处理费的收取情况"
            ),
            sentence: (!text.is_empty()).then_some(text),
        });
    }

    fn content_finding(
        &self,
        rule: &str,
        heading: &str,
        row: &str,
        message: String,
        sentence: Option<String>,
    ) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            table: heading.to_string(),
            row: row.to_string(),
            column: String::new(),
            expected: String::new(),
            actual: String::new(),
            message,
            sentence,
        }
    }

    /// `三、收到和处理政府信息公开申请情况`.
    fn section_heading(&self, key: &str) -> String {
        let t = self.template();
        match t.sections.iter().position(|s| s.key == key) {
            Some(i) => format!("{}、{}", chinese_ordinal(i + 1), t.sections[i].heading),
            None => key.to_string(),
        }
    }

    /// The printed table heading, the cells and their value as text.
    fn describe(&self, name: &str, paths: &[String]) -> (String, String, String) {
        let t = self.template();
        let section = paths
            .first()
            .and_then(|p| p.split('.').next())
            .unwrap_or("");
        let where_ = self.section_heading(section);
        let cell = |p: &String| -> (String, String) {
            let (fig, _) = p.rsplit_once('.').unwrap_or((p, ""));
            let label = t
                .figures
                .get(fig)
                .map_or_else(|| fig.to_string(), |f| f.label.clone());
            let col = self.column_label(std::slice::from_ref(p));
            (label, col)
        };
        let total: u128 = paths.iter().filter_map(|p| self.value(p)).sum();
        if let [single] = paths {
            let (label, col) = cell(single);
            return (where_, format!("{label}·{col}"), total.to_string());
        }
        let col = self.column_label(paths);
        let terms: Vec<(String, u128)> = paths
            .iter()
            .map(|p| (cell(p).0, self.value(p).unwrap_or(0)))
            .collect();
        let shown: Vec<String> = terms
            .iter()
            .filter(|(_, v)| terms.len() <= 3 || *v > 0)
            .map(|(l, v)| format!("{l} {v}"))
            .collect();
        let detail = if shown.is_empty() {
            total.to_string()
        } else {
            format!("{total}（{}）", shown.join(" + "))
        };
        (where_, format!("{name}·{col}"), detail)
    }

    fn row_labels(&self, paths: &[String]) -> String {
        let t = self.template();
        paths
            .iter()
            .map(|p| {
                let fig = p.rsplit_once('.').map_or(p.as_str(), |(f, _)| f);
                t.figures
                    .get(fig)
                    .map_or_else(|| fig.to_string(), |f| f.label.clone())
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    fn column_label(&self, paths: &[String]) -> String {
        let t = self.template();
        paths
            .first()
            .and_then(|p| {
                let (fig, col) = p.rsplit_once('.')?;
                let set = t.columns_of(fig)?;
                let i = set.keys.iter().position(|k| k == col)?;
                set.labels.get(i).cloned()
            })
            .unwrap_or_default()
    }
}

/// 1 → 一 … 99 → 九十九, for section numbers.
fn chinese_ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// The printed number of the i-th part: （一） at the first level, 1. below.
fn part_number(prefix: &str, i: usize) -> String {
    if prefix.is_empty() {
        format!("（{}）", chinese_ordinal(i + 1))
    } else {
        format!("{}.", i + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn parts(p: &str) -> Vec<Vec<char>> {
        Pattern::new(p).before
    }

    #[test]
    fn built_in_rules_parse_and_name_real_figures() {
        assert_eq!(ProseRules::built_in_errors(), Vec::<String>::new());
    }

    #[test]
    fn broken_rules_are_rejected_with_the_reason() {
        let template = Template::built_in(crate::template::DEFAULT_TEMPLATE).unwrap();
        let text = BUILT_IN[0].1;
        let bad_path = text.replace(
            "figures = [\"applications.new.total\"]",
            "figures = [\"applications.nope.total\"]",
        );
        let e = ProseRules::parse(&bad_path, &template).unwrap_err();
        assert!(e.contains("applications.nope.total"), "{e}");
        let bad_subject = text.replace("subject = \"normative\"", "subject = \"nope\"");
        assert!(ProseRules::parse(&bad_subject, &template).is_err());
        let bad_section = text.replace("fee_section = \"other\"", "fee_section = \"nope\"");
        assert!(ProseRules::parse(&bad_section, &template).is_err());
        let unknown_key = format!("{text}\nsurprise = 1\n");
        assert!(ProseRules::parse(&unknown_key, &template).is_err());
    }

    #[test]
    fn sentences_split_at_sentence_ends() {
        let s = split_sentences("共收到申请15件；已全部办结。 好！");
        let texts: Vec<String> = s.iter().map(Sentence::text).collect();
        assert_eq!(texts, ["共收到申请15件", "已全部办结", "好"]);
        assert!(split_sentences("。。").is_empty());
    }

    #[test]
    fn patterns_match_in_order_within_the_gap() {
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

    #[test]
    fn ordinals() {
        assert_eq!(chinese_ordinal(3), "三");
        assert_eq!(chinese_ordinal(12), "十二");
        assert_eq!(chinese_ordinal(20), "二十");
    }
}
