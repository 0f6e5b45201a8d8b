//! The prose rules as data: which phrase names which table figure, which
//! claims the tables can contradict, and the content rules, read from
//! `templates/prose-rules-*.toml` and checked against the template. Their
//! figure paths are read once, here, into [`FigurePath`]s.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::scan::Pattern;
use crate::template::{FigurePath, Template, TemplateError};

/// The built-in prose rules, by template id.
const BUILT_IN: &[(&str, &str)] = &[(
    "gov-info-disclosure-2021",
    include_str!("../../../templates/prose-rules-2021.toml"),
)];

/// The rules; `P` is how they name a figure: as written in the file, or,
/// once checked against the template, as a [`FigurePath`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProseRules<P = FigurePath> {
    /// The id of the template the rules are written for; loading them
    /// against another template fails.
    pub template: String,
    /// The units one of which must follow a number for it to be compared:
    /// 件, 个, 起 ….
    pub units: Vec<String>,
    /// Words that make a count right after them approximate or per item
    /// (约15件, 各1件): such a count is never compared.
    pub skip_before: Vec<String>,
    /// Words that make a count right before them approximate (15余件,
    /// 15件以上): never compared.
    pub skip_after: Vec<String>,
    /// With the keyword before the number, what may follow the unit besides
    /// punctuation and the end of the sentence; with the keyword after it, the
    /// only words that may stand between. Anything else means the number
    /// counts another noun (20个工作日, 12个部门).
    pub after_count: Vec<String>,
    /// Words that, between keyword and number, make the number a change or
    /// a share rather than a count (同比, 增加, 占); they apply to every figure
    /// rule besides its own `exclude`.
    pub exclude: Vec<String>,
    /// The default greatest distance, in chars, between the parts of a
    /// pattern and between its last part and the number.
    pub max_gap: usize,
    /// What a count or a claim can be about: a topic key (`application`) to
    /// the words that name it. The topic word nearest before the number
    /// (the longest where two end at the same place) is its subject.
    pub topics: BTreeMap<String, Vec<String>>,
    /// The `[[figure]]` rules in file order: the first whose keyword binds a
    /// number decides, so narrower rules come first.
    #[serde(rename = "figure")]
    pub figures: Vec<FigureRule<P>>,
    /// The `[[claim]]` rules: claims without a number that the tables can
    /// contradict.
    #[serde(rename = "claim")]
    pub claims: Vec<ClaimRule<P>>,
    /// The content rules C2–C4 (`[content]`).
    pub content: ContentRules<P>,
}

/// A phrase that names a table figure next to a number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "P: Deserialize<'de>"))]
pub struct FigureRule<P = FigurePath> {
    /// The id findings carry, T1–T7; rules about one table row share it.
    pub id: String,
    /// What findings call the figure, and what tells rules of one id apart:
    /// 本年新收申请, 不予公开.
    pub name: String,
    /// The printed numbers the count is compared with; several add up
    /// (行政诉讼 = 直接起诉 + 复议后起诉).
    pub figures: Vec<P>,
    /// Patterns that name the figure: parts joined by `…` occur in order in
    /// one clause, and a part `#` stands for the number (`收到…#…申请`);
    /// without `#` the number follows the last part.
    pub keywords: Vec<String>,
    /// The topic (a key of `topics`) the number must be about; `None` to
    /// bind whatever the topic.
    pub subject: Option<String>,
    /// Also bind when no topic word stands before the number in the
    /// sentence.
    #[serde(default)]
    pub subject_optional: bool,
    /// Words that, between keyword and number, keep the number from
    /// counting as this figure; added to the file-wide `exclude`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// This rule's greatest gap, in chars; `None` for the file's `max_gap`.
    pub max_gap: Option<usize>,
    /// Other readings of the number the sentence may mean: a count equal to
    /// one of them is no finding.
    #[serde(default)]
    pub accept: Vec<Accept<P>>,
    /// Words anywhere in the sentence that keep the rule from binding at all:
    /// a 清理 sentence counts the clean-up, not the table's 废止.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Words one of which must be in the sentence, the sentence before it or
    /// the heading above it; empty for any context. A 司法局's
    /// 办理行政复议案件45件 is its own caseload, not 政府信息公开 reviews.
    #[serde(default)]
    pub context: Vec<String>,
}

/// Another reading of the same number, allowed when the sentence says so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accept<P = FigurePath> {
    /// Words one of which must be in the sentence for this reading to be
    /// allowed: 上年结转.
    pub when: Vec<String>,
    /// The printed numbers whose sum the count may equal instead (新收 +
    /// 上年结转).
    pub figures: Vec<P>,
}

/// A claim without a number that the tables can contradict.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRule<P = FigurePath> {
    /// The id findings carry, T8 or T9.
    pub id: String,
    /// What the claim says, as findings name it: 申请已全部办结或答复.
    pub says: String,
    /// Patterns that make the claim, written as `keywords` but without a
    /// number; a leading `^` means the phrase must open its clause
    /// (`^无…复议`).
    pub phrases: Vec<String>,
    /// The topic the claim must be about, as for a figure rule; `None` for
    /// any.
    pub subject: Option<String>,
    /// Words that cancel the phrase when right before it or inside it
    /// (未全部办结).
    #[serde(default)]
    pub negations: Vec<String>,
    /// Words anywhere in the sentence that cancel the claim, because the
    /// sentence itself mentions what the table shows (结转, 尚未).
    #[serde(default)]
    pub unless: Vec<String>,
    /// Words one of which must be in the sentence, the sentence before it or
    /// the heading above it; empty for any context. A 司法局's
    /// 办理行政复议案件45件 is its own caseload, not 政府信息公开 reviews.
    #[serde(default)]
    pub context: Vec<String>,
    /// The printed numbers whose sum, above zero, makes the claim false.
    pub contradicts: Vec<P>,
    /// This rule's greatest gap, in chars; `None` for the file's `max_gap`.
    pub max_gap: Option<usize>,
}

/// The content rules: when prose is too short (C2), when 六 must speak of
/// fees (C3), and which sentences name the reporting period (C4).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentRules<P = FigurePath> {
    /// A prose section or numbered part with fewer letters and digits than
    /// this is shorter than a sentence (C2).
    pub min_chars: usize,
    /// Section keys where a short answer such as 无 is normal, so C2 lets it
    /// pass: `other`.
    pub short_answer_sections: Vec<String>,
    /// The number that, above zero, makes C3 require `fee_section` to speak
    /// of fees: 逾期未按收费通知要求缴纳费用·总计.
    pub fee_figure: P,
    /// The key of the section that must speak of fees: `other`
    /// (六、其他需要报告的事项).
    pub fee_section: String,
    /// Words any of which counts as speaking of fees: 收费, 费用, 缴纳 ….
    pub fee_words: Vec<String>,
    /// Words that mark a sentence as naming the reporting period (统计期限);
    /// a year in it before the report's, or more than one after, is reported
    /// (C4).
    pub period_markers: Vec<String>,
}

/// Why prose rules cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProseRulesError {
    /// The TOML does not parse or does not fit the rules' fields.
    #[error("{0}")]
    Syntax(String),
    /// The template the built-in rules belong to cannot be loaded.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The rules are written for another template than the one they are
    /// checked against.
    #[error("规则属于模板 {rules}，不是 {template}")]
    OtherTemplate {
        /// The template id the rules name.
        rules: String,
        /// The id of the template they were checked against.
        template: String,
    },
    /// A path that is not a column of a row figure.
    #[error("{rule}: 未知的项 {path}")]
    UnknownPath {
        /// The rule, as its id and name (`T1 本年新收申请`) or its id and
        /// claim.
        rule: String,
        /// The path as written.
        path: String,
    },
    /// A figure rule names an unknown `subject` topic, or has no `figures`
    /// or no `keywords`.
    #[error("{id} {name}: subject、figures 或 keywords 有误")]
    FigureRule {
        /// The rule's id, `T1`.
        id: String,
        /// The rule's name, which tells rules of one id apart.
        name: String,
    },
    /// A keyword of a figure rule is nothing but `…` and `#`, so it would
    /// bind any number.
    #[error("{id} {name}: 空的关键词")]
    EmptyKeyword {
        /// The rule's id, `T4`.
        id: String,
        /// The rule's name, which tells rules of one id apart.
        name: String,
    },
    /// A claim rule names an unknown `subject` topic or has no `phrases`.
    #[error("{id} {says}: subject 或 phrases 有误")]
    ClaimRule {
        /// The rule's id, `T8`.
        id: String,
        /// What the claim says, which tells claims of one id apart.
        says: String,
    },
    /// `fee_figure` is not a column of a row figure; holds the path as
    /// written.
    #[error("未知的项 {0}")]
    UnknownFeeFigure(String),
    /// A key in `short_answer_sections` or `fee_section` names no section
    /// of the template; holds the key.
    #[error("未知的章节 {0}")]
    UnknownSection(String),
    /// `units` holds an empty string, which would let any number count.
    #[error("units 不能含空串")]
    EmptyUnit,
}

impl ProseRules {
    /// Parses rules and checks every figure path and subject against the
    /// template, so a typo in the data fails a test, not a user's check.
    pub fn parse(text: &str, template: &Template) -> Result<ProseRules, ProseRulesError> {
        let rules: ProseRules<String> =
            toml::from_str(text).map_err(|e| ProseRulesError::Syntax(e.to_string()))?;
        rules.resolve(template)
    }

    /// The built-in rules for a template, parsed once.
    pub fn built_in(template: &Template) -> Option<&'static ProseRules> {
        static CACHE: OnceLock<Vec<(String, Result<ProseRules, ProseRulesError>)>> =
            OnceLock::new();
        let cache = CACHE.get_or_init(|| {
            BUILT_IN
                .iter()
                .map(|(id, text)| {
                    let parsed = Template::built_in(id)
                        .map_err(ProseRulesError::from)
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
    pub fn built_in_errors() -> Vec<ProseRulesError> {
        BUILT_IN
            .iter()
            .filter_map(|(id, text)| {
                let t = Template::built_in(id).map_err(ProseRulesError::from);
                t.and_then(|t| ProseRules::parse(text, &t)).err()
            })
            .collect()
    }
}

impl ProseRules<String> {
    /// Checks the rules against the template and reads their paths.
    fn resolve(self, template: &Template) -> Result<ProseRules, ProseRulesError> {
        if self.template != template.id {
            return Err(ProseRulesError::OtherTemplate {
                rules: self.template,
                template: template.id.clone(),
            });
        }
        // Prose compares counts with the cells of a row.
        let path = |rule: &str, text: &String| {
            template
                .figure_path(text)
                .filter(|p| p.column.is_some())
                .ok_or_else(|| ProseRulesError::UnknownPath {
                    rule: rule.to_string(),
                    path: text.clone(),
                })
        };
        let paths = |rule: &str, texts: &[String]| -> Result<Vec<FigurePath>, ProseRulesError> {
            texts.iter().map(|t| path(rule, t)).collect()
        };
        let topics = &self.topics;
        let topic_ok = |s: &Option<String>| s.as_ref().is_none_or(|s| topics.contains_key(s));
        let mut figures = Vec::new();
        for f in self.figures {
            let owner = format!("{} {}", f.id, f.name);
            let figure_paths = paths(&owner, &f.figures)?;
            let accept = f
                .accept
                .into_iter()
                .map(|a| {
                    Ok(Accept {
                        figures: paths(&owner, &a.figures)?,
                        when: a.when,
                    })
                })
                .collect::<Result<Vec<_>, ProseRulesError>>()?;
            if !topic_ok(&f.subject) || f.figures.is_empty() || f.keywords.is_empty() {
                return Err(ProseRulesError::FigureRule {
                    id: f.id,
                    name: f.name,
                });
            }
            for k in &f.keywords {
                let pattern = Pattern::new(k);
                if pattern.before.is_empty() && pattern.after.is_empty() {
                    return Err(ProseRulesError::EmptyKeyword {
                        id: f.id,
                        name: f.name,
                    });
                }
            }
            figures.push(FigureRule {
                id: f.id,
                name: f.name,
                figures: figure_paths,
                keywords: f.keywords,
                subject: f.subject,
                subject_optional: f.subject_optional,
                exclude: f.exclude,
                max_gap: f.max_gap,
                accept,
                unless: f.unless,
                context: f.context,
            });
        }
        let mut claims = Vec::new();
        for c in self.claims {
            let contradicts = paths(&format!("{} {}", c.id, c.says), &c.contradicts)?;
            if !topic_ok(&c.subject) || c.phrases.is_empty() {
                return Err(ProseRulesError::ClaimRule {
                    id: c.id,
                    says: c.says,
                });
            }
            claims.push(ClaimRule {
                id: c.id,
                says: c.says,
                phrases: c.phrases,
                subject: c.subject,
                negations: c.negations,
                unless: c.unless,
                context: c.context,
                contradicts,
                max_gap: c.max_gap,
            });
        }
        let c = self.content;
        let fee_figure = template
            .figure_path(&c.fee_figure)
            .filter(|p| p.column.is_some())
            .ok_or_else(|| ProseRulesError::UnknownFeeFigure(c.fee_figure.clone()))?;
        let sections = c
            .short_answer_sections
            .iter()
            .chain(std::iter::once(&c.fee_section));
        for key in sections {
            if template.section_heading(key).is_none() {
                return Err(ProseRulesError::UnknownSection(key.clone()));
            }
        }
        if self.units.iter().any(|u| u.is_empty()) {
            return Err(ProseRulesError::EmptyUnit);
        }
        Ok(ProseRules {
            template: self.template,
            units: self.units,
            skip_before: self.skip_before,
            skip_after: self.skip_after,
            after_count: self.after_count,
            exclude: self.exclude,
            max_gap: self.max_gap,
            topics: self.topics,
            figures,
            claims,
            content: ContentRules {
                min_chars: c.min_chars,
                short_answer_sections: c.short_answer_sections,
                fee_figure,
                fee_section: c.fee_section,
                fee_words: c.fee_words,
                period_markers: c.period_markers,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_rules_parse_and_name_real_figures() {
        assert_eq!(ProseRules::built_in_errors(), Vec::new());
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
        assert!(
            matches!(&e, ProseRulesError::UnknownPath { path, .. } if path == "applications.nope.total"),
            "{e}"
        );
        let bad_subject = text.replace("subject = \"normative\"", "subject = \"nope\"");
        assert!(ProseRules::parse(&bad_subject, &template).is_err());
        let bad_section = text.replace("fee_section = \"other\"", "fee_section = \"nope\"");
        assert!(ProseRules::parse(&bad_section, &template).is_err());
        let unknown_key = format!("{text}\nsurprise = 1\n");
        assert!(ProseRules::parse(&unknown_key, &template).is_err());
    }
}
