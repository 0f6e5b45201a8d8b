//! The content rules (C1–C4): sections left empty or shorter than a
//! sentence, fees not explained, a 统计期限 naming another year.

use std::collections::BTreeSet;

use super::numerals;
use super::scan::{Count, Sentence};
use super::{collect_paragraphs, Checker, Finding};
use crate::check::InputPlace;
use crate::input::skeleton::PLACEHOLDER_MARK;
use crate::model::Prose;
use crate::template::numbering::heading_number;
use crate::template::Severity;

impl Checker<'_> {
    /// C4: every year in a 统计期限 sentence is the report's year.
    pub(super) fn period(
        &self,
        section: &str,
        s: &Sentence,
        counts: &[Count],
        findings: &mut Vec<Finding>,
    ) {
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
            row: Vec::new(),
            column: Vec::new(),
            expected: year.to_string(),
            actual: wrong.to_string(),
            message: format!(
                "C4 {heading} 统计期限“{}”写的是{wrong}年，本报告是{year}年度",
                s.quoted()
            ),
            sentence: Some(s.quoted()),
            cells: Vec::new(),
            input: Vec::new(),
        });
    }

    /// C1–C3.
    pub(super) fn content(&self, findings: &mut Vec<Finding>) {
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
                    let mut f = self.content_finding(
                        "C1",
                        &heading,
                        "",
                        format!("C1 {heading} 没有正文"),
                        None,
                    );
                    f.input = vec![self.text_place(&section.key, &heading, None)];
                    findings.push(f);
                }
                continue;
            }
            if prose.parts.is_empty() && !has_table && !short_ok {
                self.short(&heading, "", &section.key, prose, findings);
            }
            self.parts(
                &heading,
                &prose.parts,
                short_ok,
                ("", &section.key),
                findings,
            );
        }
        self.fee(findings);
    }

    pub(super) fn parts(
        &self,
        heading: &str,
        parts: &[crate::model::Part],
        short_ok: bool,
        (prefix, key): (&str, &str),
        findings: &mut Vec<Finding>,
    ) {
        for (i, part) in parts.iter().enumerate() {
            // Below （一） every level is named 1., as in today's messages.
            let level = if prefix.is_empty() { 2 } else { 3 };
            let label = format!("{prefix}{}{}", heading_number(level, i + 1), part.heading);
            let part_key = format!("{key}.parts[{i}]");
            if part.prose.paragraphs.is_empty() && part.prose.parts.is_empty() {
                let mut f = self.content_finding(
                    "C1",
                    heading,
                    &label,
                    format!("C1 {heading} {label} 下没有正文"),
                    None,
                );
                let mut place = InputPlace::key(self.report, &format!("{part_key}.heading"));
                place.heading = Some(format!("{heading}{label}"));
                f.input = vec![place];
                findings.push(f);
                continue;
            }
            if part.prose.parts.is_empty() && !short_ok {
                self.short(heading, &label, &part_key, &part.prose, findings);
            }
            self.parts(
                heading,
                &part.prose.parts,
                short_ok,
                (&format!("{label}·"), &part_key),
                findings,
            );
        }
    }

    /// The text at `{key}.text` as a finding points at it: its first
    /// paragraph, or the whole text.
    fn text_place(&self, key: &str, heading: &str, paragraph: Option<usize>) -> InputPlace {
        let text_key = format!("{key}.text");
        let place = match paragraph {
            Some(p) => self.report.places.paragraph(&text_key, p - 1),
            None => self.report.places.key(&text_key),
        };
        InputPlace {
            key: text_key,
            place: place.or_else(|| self.report.places.key(key)),
            paragraph,
            heading: Some(heading.to_string()),
        }
    }

    /// C2: prose with fewer letters than a sentence has.
    pub(super) fn short(
        &self,
        heading: &str,
        label: &str,
        key: &str,
        prose: &Prose,
        findings: &mut Vec<Finding>,
    ) {
        let text = prose.paragraphs.join("");
        // The skeleton's placeholder is F1's, an error already.
        if text.contains(PLACEHOLDER_MARK) {
            return;
        }
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
        let printed = if label.is_empty() {
            heading.to_string()
        } else {
            format!("{heading}{label}")
        };
        f.input = vec![self.text_place(key, &printed, Some(1))];
        findings.push(f);
    }

    /// C3: fees not mentioned in 六 while applications lapsed for unpaid fees.
    pub(super) fn fee(&self, findings: &mut Vec<Finding>) {
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
                .get(&content.fee_figure.figure)
                .map(|f| f.label.clone())
                .into_iter()
                .collect(),
            column: self.column_label(std::slice::from_ref(&content.fee_figure)),
            expected: unpaid.to_string(),
            actual: "0".into(),
            message: format!(
                "C3 {heading} {said}，但{where_} {cells} 为 {unpaid}：请说明信息处理费的收取情况"
            ),
            sentence: (!text.is_empty()).then_some(text),
            cells: vec![content.fee_figure.clone()],
            input: vec![self.text_place(&section.key, &heading, None)],
        });
    }

    pub(super) fn content_finding(
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
            row: if row.is_empty() {
                Vec::new()
            } else {
                vec![row.to_string()]
            },
            column: Vec::new(),
            expected: String::new(),
            actual: String::new(),
            message,
            sentence,
            cells: Vec::new(),
            input: Vec::new(),
        }
    }
}
