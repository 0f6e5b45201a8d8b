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
    pub template: String,
    pub units: Vec<String>,
    pub skip_before: Vec<String>,
    pub skip_after: Vec<String>,
    pub after_count: Vec<String>,
    pub exclude: Vec<String>,
    pub max_gap: usize,
    pub topics: BTreeMap<String, Vec<String>>,
    #[serde(rename = "figure")]
    pub figures: Vec<FigureRule<P>>,
    #[serde(rename = "claim")]
    pub claims: Vec<ClaimRule<P>>,
    pub content: ContentRules<P>,
}

/// A phrase that names a table figure next to a number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "P: Deserialize<'de>"))]
pub struct FigureRule<P = FigurePath> {
    pub id: String,
    pub name: String,
    pub figures: Vec<P>,
    pub keywords: Vec<String>,
    pub subject: Option<String>,
    #[serde(default)]
    pub subject_optional: bool,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub max_gap: Option<usize>,
    #[serde(default)]
    pub accept: Vec<Accept<P>>,
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default)]
    pub context: Vec<String>,
}

/// Another reading of the same number, allowed when the sentence says so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accept<P = FigurePath> {
    pub when: Vec<String>,
    pub figures: Vec<P>,
}

/// A claim without a number that the tables can contradict.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRule<P = FigurePath> {
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
    pub contradicts: Vec<P>,
    pub max_gap: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentRules<P = FigurePath> {
    pub min_chars: usize,
    pub short_answer_sections: Vec<String>,
    pub fee_figure: P,
    pub fee_section: String,
    pub fee_words: Vec<String>,
    pub period_markers: Vec<String>,
}

/// Why prose rules cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProseRulesError {
    /// The TOML does not parse or does not fit the rules' fields.
    #[error("{0}")]
    Syntax(String),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("规则属于模板 {rules}，不是 {template}")]
    OtherTemplate { rules: String, template: String },
    /// A path that is not a column of a row figure.
    #[error("{rule}: 未知的项 {path}")]
    UnknownPath { rule: String, path: String },
    #[error("{id} {name}: subject、figures 或 keywords 有误")]
    FigureRule { id: String, name: String },
    #[error("{id} {name}: 空的关键词")]
    EmptyKeyword { id: String, name: String },
    #[error("{id} {says}: subject 或 phrases 有误")]
    ClaimRule { id: String, says: String },
    #[error("未知的项 {0}")]
    UnknownFeeFigure(String),
    #[error("未知的章节 {0}")]
    UnknownSection(String),
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
