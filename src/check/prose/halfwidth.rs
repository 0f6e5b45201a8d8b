//! C5: half-width punctuation in Chinese prose (`2022年,我区`, `村(社区)`),
//! one of the most frequent remarks in reviews of these reports. One
//! finding per paragraph or heading, naming where it is and quoting the
//! first marks; `gongwen fix` rewrites exactly these marks (the rule is
//! shared: `text::halfwidth`).

use super::{Checker, Finding};
use crate::check::InputPlace;
use crate::model::Prose;
use crate::template::numbering::heading_number;
use crate::text::halfwidth::find_half_width;

/// How many marks a finding quotes with their surroundings.
const QUOTED_MARKS: usize = 3;
/// Characters quoted on each side of a mark.
const QUOTE_CHARS: usize = 6;

impl Checker<'_> {
    /// C5 over every section's paragraphs and part headings.
    pub(super) fn half_width(&self, findings: &mut Vec<Finding>) {
        for section in &self.report.sections {
            let heading = self.section_heading(&section.key);
            let at = (section.key.as_str(), heading.as_str());
            self.half_width_in(&heading, "", at, &section.prose, findings);
        }
    }

    fn half_width_in(
        &self,
        heading: &str,
        label: &str,
        (key, printed): (&str, &str),
        prose: &Prose,
        findings: &mut Vec<Finding>,
    ) {
        let text_key = format!("{key}.text");
        for (i, paragraph) in prose.paragraphs.iter().enumerate() {
            let place = format!("{label}第{}段", i + 1);
            // Where the clerk changes it: the paragraph, by its headings.
            let input = InputPlace {
                place: self
                    .report
                    .places
                    .paragraph(&text_key, i)
                    .or_else(|| self.report.places.key(key)),
                key: text_key.clone(),
                paragraph: Some(i + 1),
                heading: Some(printed.to_string()),
            };
            self.half_width_text(heading, &place, paragraph, input, findings);
        }
        for (i, part) in prose.parts.iter().enumerate() {
            // Below （一） every level is named 1., as the C1 messages do.
            let level = if label.is_empty() { 2 } else { 3 };
            let number = heading_number(level, i + 1);
            let part_label = format!("{label}{number}{}", part.heading);
            let part_key = format!("{key}.parts[{i}]");
            let part_printed = format!("{printed}{number}{}", part.heading);
            let mut input = InputPlace::key(self.report, &format!("{part_key}.heading"));
            input.heading = Some(part_printed.clone());
            self.half_width_text(
                heading,
                &format!("{part_label} 标题"),
                &part.heading,
                input,
                findings,
            );
            self.half_width_in(
                heading,
                &format!("{part_label}·"),
                (&part_key, &part_printed),
                &part.prose,
                findings,
            );
        }
    }

    fn half_width_text(
        &self,
        heading: &str,
        place: &str,
        text: &str,
        input: InputPlace,
        findings: &mut Vec<Finding>,
    ) {
        let marks = find_half_width(text);
        if marks.is_empty() {
            return;
        }
        let mut kinds: Vec<char> = marks.iter().map(|m| m.found).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let kinds: String = kinds.iter().map(|c| format!("“{c}”")).collect();
        let quotes: Vec<String> = marks
            .iter()
            .take(QUOTED_MARKS)
            .map(|m| {
                let before: Vec<char> = text[..m.offset].chars().rev().take(QUOTE_CHARS).collect();
                let before: String = before.into_iter().rev().collect();
                let after: String = text[m.offset..].chars().take(QUOTE_CHARS + 1).collect();
                format!("“{before}{after}”")
            })
            .collect();
        let more = if marks.len() > QUOTED_MARKS {
            "等"
        } else {
            ""
        };
        let mut f = self.content_finding(
            "C5",
            heading,
            place,
            format!(
                "C5 {heading} {place} 有 {} 处半角标点{kinds}夹在中文之间：{}{more}，应为全角（TOML/JSON 报告可用 gongwen fix 改正）",
                marks.len(),
                quotes.join("、"),
            ),
            Some(text.to_string()),
        );
        f.expected = "全角".into();
        f.actual = marks.iter().map(|m| m.found).collect();
        f.input = vec![input];
        findings.push(f);
    }
}
