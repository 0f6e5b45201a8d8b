//! The prose rules as data: which phrase names which table figure, which
//! claims the tables can contradict, and the content rules, read from
//! `templates/prose-rules-*.toml` and checked against the template.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::scan::Pattern;
use crate::template::Template;

/// The built-in prose rules, by template id.
const BUILT_IN: &[(&str, &str)] = &[(
    "gov-info-disclosure-2021",
    include_str!("../../../templates/prose-rules-2021.toml"),
)];

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
