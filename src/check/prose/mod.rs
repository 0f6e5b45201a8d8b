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
//! | C5 | half-width `, ; : ( )` between Chinese characters in a paragraph or part heading (`gongwen fix` rewrites them) | — |
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
//! The files follow those steps: `rules` (the data and its validation),
//! `scan` (sentences, clauses, counts, keyword patterns, topics), `figures`
//! (T1–T7), `claims` (T8–T9), `content` (C1–C4) and `place` (how a finding
//! names its section, row, column and value). [`super::check_all`] runs
//! [`check_prose`] after the table rules and, for a strict check, passes
//! the findings through [`make_strict`].

mod claims;
mod content;
mod figures;
mod halfwidth;
pub mod numerals;
mod place;
mod rules;
mod scan;

use super::{Finding, InputPlace};
use crate::model::{Prose, Report};
use crate::template::numbering::heading_number;
use crate::template::{FigurePath, Severity, Template};

use claims::CompiledClaim;
use figures::CompiledFigure;
pub use rules::{Accept, ClaimRule, ContentRules, FigureRule, ProseRules, ProseRulesError};
use scan::Topics;
pub use scan::{split_sentences, Sentence};

/// All prose checks (T1–T9, C1–C5) of one report, as warnings.
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
        let printed = checker.section_heading(&section.key);
        let at = Where {
            key: section.key.clone(),
            printed,
            level: 2,
        };
        collect_headed(&section.prose, &section.heading, &at, &mut paragraphs);
        for (paragraph, heading, at, index) in paragraphs {
            let sentences = split_sentences(paragraph);
            let heading = split_sentences(heading).into_iter().next();
            let found_before = findings.len();
            for (i, sentence) in sentences.iter().enumerate() {
                let previous = i.checked_sub(1).map(|p| &sentences[p]);
                let context = Context {
                    section: &section.key,
                    previous,
                    heading: heading.as_ref(),
                };
                checker.sentence(sentence, &context, &mut findings);
            }
            // A finding about a sentence points at its paragraph, where the
            // clerk changes it, not at the table it disagrees with.
            let text_key = format!("{}.text", at.key);
            for f in &mut findings[found_before..] {
                f.input = vec![InputPlace {
                    place: report
                        .places
                        .paragraph(&text_key, index)
                        .or_else(|| report.places.key(&at.key)),
                    key: text_key.clone(),
                    paragraph: Some(index + 1),
                    heading: Some(at.printed.clone()),
                }];
            }
        }
    }
    checker.content(&mut findings);
    checker.half_width(&mut findings);
    findings
}

/// The prose being read: its key path (`overview.parts[1]`), its headings
/// as printed (`一、总体情况（二）依申请公开`) and the level of its parts.
struct Where {
    key: String,
    printed: String,
    level: u8,
}

/// Turns every finding into an error: a strict check treats prose that
/// contradicts the tables as blocking.
pub fn make_strict(findings: &mut [Finding]) {
    for f in findings {
        f.severity = Severity::Error;
    }
}

/// Paragraphs with the heading right above them (a part's, or the
/// section's): "（二）依申请公开" tells what "已全部办结" is about; with
/// where they are and their number in their text.
fn collect_headed<'a>(
    prose: &'a Prose,
    heading: &'a str,
    at: &Where,
    out: &mut Vec<(&'a str, &'a str, Where, usize)>,
) {
    out.extend(prose.paragraphs.iter().enumerate().map(|(i, p)| {
        let here = Where {
            key: at.key.clone(),
            printed: at.printed.clone(),
            level: at.level,
        };
        (p.as_str(), heading, here, i)
    }));
    for (i, part) in prose.parts.iter().enumerate() {
        let below = Where {
            key: format!("{}.parts[{i}]", at.key),
            printed: format!(
                "{}{}{}",
                at.printed,
                heading_number(at.level, i + 1),
                part.heading
            ),
            level: at.level + 1,
        };
        collect_headed(&part.prose, &part.heading, &below, out);
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
        let figures = rules.figures.iter().map(CompiledFigure::new).collect();
        let claims = rules.claims.iter().map(CompiledClaim::new).collect();
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

    /// The number printed in a cell.
    fn value(&self, path: &FigurePath) -> Option<u128> {
        self.report.figures.count(path).map(u128::from)
    }

    fn sum(&self, paths: &[FigurePath]) -> Option<u128> {
        paths.iter().map(|p| self.value(p)).sum()
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
}
