//! Whether the report was filled in and written as the contract means
//! (rules F1–F5): the skeleton's placeholders left in, a table never
//! written, a row that lost a number, a heading carrying its own numbering.
//! The first three refuse the export, since the document would go out
//! looking final with 某某人民政府办公室 or a table of zeros nobody wrote;
//! the last two are warnings, since the tool read the file one sure way.

use super::{Finding, InputPlace};
use crate::input::skeleton::{PLACEHOLDER_AGENCY, PLACEHOLDER_MARK};
use crate::model::{Origin, Part, Report};
use crate::template::numbering::{chinese_number, heading_number};
use crate::template::Severity;

/// F1–F5 of one report.
pub fn check_form(report: &Report) -> Vec<Finding> {
    let mut findings = Vec::new();
    placeholder_agency(report, &mut findings);
    for section in &report.sections {
        let printed = section_heading(report, &section.key);
        placeholder_text(
            report,
            &printed,
            &section.key,
            &section.prose.paragraphs,
            &mut findings,
        );
        parts(
            report,
            &printed,
            &section.key,
            &section.prose.parts,
            2,
            &mut findings,
        );
    }
    unwritten_tables(report, &mut findings);
    short_rows(report, &mut findings);
    findings
}

fn section_heading(report: &Report, key: &str) -> String {
    let t = &report.template;
    match t.sections.iter().position(|s| s.key == key) {
        Some(i) => format!("{}、{}", chinese_number(i + 1), t.sections[i].heading),
        None => key.to_string(),
    }
}

fn finding(rule: &str, severity: Severity, table: &str, message: String) -> Finding {
    Finding {
        rule: rule.into(),
        severity,
        table: table.to_string(),
        row: Vec::new(),
        column: Vec::new(),
        expected: String::new(),
        actual: String::new(),
        message,
        sentence: None,
        cells: Vec::new(),
        input: Vec::new(),
    }
}

/// F2: the skeleton's agency, in the agency, title or signature.
fn placeholder_agency(report: &Report, findings: &mut Vec<Finding>) {
    let meta = &report.meta;
    let written = [
        ("report.agency", "发文机关", Some(meta.agency.as_str())),
        ("report.title", "标题", Some(meta.title.as_str())),
        ("report.signature", "署名", meta.signature.as_deref()),
    ];
    for (key, name, text) in written {
        let Some(text) = text.filter(|t| t.contains(PLACEHOLDER_AGENCY)) else {
            continue;
        };
        // A title left out repeats the agency: one finding is enough.
        if key == "report.title" && report.places.key(key).is_none() {
            continue;
        }
        let mut f = finding(
            "F2",
            Severity::Error,
            "",
            format!(
                "F2 {name}“{text}”仍是 gongwen new 的占位名称“{PLACEHOLDER_AGENCY}”，请改为本机关的名称"
            ),
        );
        f.actual = text.to_string();
        f.input = vec![InputPlace::key(report, key)];
        findings.push(f);
    }
}

/// F1: a paragraph that still holds the skeleton's placeholder sentence.
fn placeholder_text(
    report: &Report,
    printed: &str,
    key: &str,
    paragraphs: &[String],
    findings: &mut Vec<Finding>,
) {
    let text_key = format!("{key}.text");
    for (i, p) in paragraphs.iter().enumerate() {
        if !p.contains(PLACEHOLDER_MARK) {
            continue;
        }
        let section = section_of(report, key);
        let mut f = finding(
            "F1",
            Severity::Error,
            &section,
            format!(
                "F1 {printed} 第 {} 段仍是 gongwen new 的占位文字“{p}”，请改为实际情况",
                i + 1
            ),
        );
        f.sentence = Some(p.clone());
        f.input = vec![InputPlace {
            key: text_key.clone(),
            place: report.places.paragraph(&text_key, i),
            paragraph: Some(i + 1),
            heading: Some(printed.to_string()),
        }];
        findings.push(f);
    }
}

/// The printed heading of the section a key path is in.
fn section_of(report: &Report, key: &str) -> String {
    section_heading(report, key.split(['.', '[']).next().unwrap_or(key))
}

/// F1 and F5 in the numbered parts below a section, at `level`.
fn parts(
    report: &Report,
    printed: &str,
    key: &str,
    parts_: &[Part],
    level: u8,
    findings: &mut Vec<Finding>,
) {
    for (i, part) in parts_.iter().enumerate() {
        let part_key = format!("{key}.parts[{i}]");
        let number = heading_number(level, i + 1);
        let below = format!("{printed}{number}{}", part.heading);
        if let Some(typed) = &part.numbering {
            let heading_key = format!("{part_key}.heading");
            let mut f = finding(
                "F5",
                Severity::Warning,
                &section_of(report, key),
                format!(
                    "F5 小标题“{typed}{}”自带编号“{typed}”：编号由 gongwen 生成（此处印作“{number}”），已去掉，请从 heading 中删除",
                    part.heading
                ),
            );
            f.actual = typed.clone();
            f.expected = number.clone();
            f.input = vec![InputPlace {
                heading: Some(below.clone()),
                ..InputPlace::key(report, &heading_key)
            }];
            findings.push(f);
        }
        placeholder_text(report, &below, &part_key, &part.prose.paragraphs, findings);
        parts(
            report,
            &below,
            &part_key,
            &part.prose.parts,
            level + 1,
            findings,
        );
    }
}

/// F3: a section with tables none of whose figures the file wrote. A
/// single row left out is a row of zeros, as the contract says; a whole
/// table left out is far more likely a section lost than a year of zeros.
fn unwritten_tables(report: &Report, findings: &mut Vec<Finding>) {
    let t = &report.template;
    let mut sections: Vec<&str> = Vec::new();
    for table in &t.tables {
        if !sections.contains(&table.section.as_str()) {
            sections.push(&table.section);
        }
    }
    for section in sections {
        let prefix = format!("{section}.");
        let mut figures = t.figures.keys().filter(|k| k.starts_with(&prefix));
        if !figures.all(|k| report.omitted.contains(k)) {
            continue;
        }
        let heading = section_heading(report, section);
        let mut f = finding(
            "F3",
            Severity::Error,
            &heading,
            format!(
                "F3 {heading} 的表格一个数也没有写（[{section}] 下没有任何一行）：请写出表格中的数，都是 0 也要像 gongwen new 那样写出 0"
            ),
        );
        f.input = vec![InputPlace::key(report, section)];
        findings.push(f);
    }
}

/// F4: in a table whose rows mostly carry their total, a row one number
/// short was most likely written with one zero dropped: its last number
/// was read as the last column before the total (其他), not as the total.
fn short_rows(report: &Report, findings: &mut Vec<Finding>) {
    let t = &report.template;
    for (set_name, set) in &t.columns {
        if !set.has_total {
            continue;
        }
        let rows: Vec<(&String, Origin)> = t
            .figures
            .iter()
            .filter(|(_, def)| def.columns.as_deref() == Some(set_name.as_str()))
            .filter_map(|(key, _)| report.figures.row(key).map(|r| (key, r.origin)))
            .collect();
        let long = rows.iter().filter(|(_, o)| *o == Origin::Given).count();
        let short = rows
            .iter()
            .filter(|(_, o)| *o == Origin::TotalComputed)
            .count();
        if long <= short || short == 0 {
            continue;
        }
        let (parts, full) = (set.parts(), set.parts() + 1);
        let others = if short == 1 {
            format!("其他行都有 {full} 个数")
        } else {
            format!("其他 {long} 行有 {full} 个数")
        };
        for (key, origin) in &rows {
            if *origin != Origin::TotalComputed {
                continue;
            }
            let label = t.figures.get(*key).map_or("", |f| f.label.as_str());
            let table = t
                .tables
                .iter()
                .find(|g| key.starts_with(&format!("{}.", g.section)))
                .map(|g| section_heading(report, &g.section))
                .unwrap_or_default();
            let mut f = finding(
                "F4",
                Severity::Warning,
                &table,
                format!(
                    "F4 {label}：这一行有 {parts} 个数，按未填{}处理；{others}，是否漏了一个？",
                    set.labels[parts]
                ),
            );
            f.row = vec![label.to_string()];
            f.expected = full.to_string();
            f.actual = parts.to_string();
            f.cells = t.column_path(key, parts).into_iter().collect();
            f.input = vec![InputPlace::key(report, key)];
            findings.push(f);
        }
    }
}
