//! Which report of a run is checked against which previous year's (R5,
//! R6), and what a reviewer must hear about it: two reports of one agency
//! and year (P1), a pair missed only because the agency is written with an
//! abbreviation in one year (P2), and a `--previous` that is not the year
//! before of any report given.

use std::path::{Path, PathBuf};

use crate::check::{Finding, InputPlace};
use crate::input::{InputError, InputErrorKind};
use crate::model::Report;
use crate::template::{RuleDef, Severity, Template};

/// The previous year's report a report was checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// Its file.
    pub file: PathBuf,
    /// The rules that compared the two, with what they compare:
    /// `上年结转（R5）`, `现行有效件数（R6）`.
    pub rules: Vec<String>,
}

/// What pairing found for one report.
#[derive(Debug, Default)]
pub(super) struct Paired<'a> {
    pub previous: Option<&'a Report>,
    /// P1 and P2.
    pub notes: Vec<Finding>,
    /// `--previous` was given and is no report's year before.
    pub not_previous: Option<InputError>,
}

/// Common abbreviations in agency names and what they stand for: a report
/// that writes 市场监管局 one year and 市场监督管理局 the next is the same
/// agency to a reader, not to an exact comparison. Each short form is
/// expanded only where the full form is not already written.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("市监局", "市场监督管理局"),
    ("市场监管", "市场监督管理"),
    ("发改委", "发展和改革委员会"),
    ("发改局", "发展和改革局"),
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("人社局", "人力资源和社会保障局"),
    ("住建局", "住房和城乡建设局"),
    ("文旅局", "文化和旅游局"),
    ("医保局", "医疗保障局"),
    ("应急局", "应急管理局"),
    ("交通局", "交通运输局"),
    ("城管局", "城市管理局"),
    ("工信局", "工业和信息化局"),
    ("科技局", "科学技术局"),
    ("教体局", "教育和体育局"),
    ("退役军人局", "退役军人事务局"),
    ("政府办公室", "人民政府办公室"),
    ("政府办", "人民政府办公室"),
];

/// An agency's name with abbreviations written out and spaces dropped.
pub fn agency_key(name: &str) -> String {
    let mut key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    for (short, full) in ABBREVIATIONS {
        if key.contains(short) && !key.contains(full) {
            key = key.replacen(short, full, 1);
        }
    }
    key
}

/// `上年结转（R5）`, `现行有效件数（R6）`: the rules across years of a
/// template, named by what they compare.
pub fn cross_year_rules(template: &Template) -> Vec<String> {
    template
        .rules
        .iter()
        .filter_map(|rule| match rule {
            RuleDef::CarryOver { id, this_year, .. } => {
                let name = template.figures.get(this_year).map_or("", |f| &f.short);
                Some(format!("{name}（{id}）"))
            }
            RuleDef::Stock {
                id,
                figures,
                in_force,
                ..
            } => {
                let set = figures.first().and_then(|f| template.columns_of(f))?;
                let label = set.index_of(in_force).map(|i| set.labels[i].as_str())?;
                Some(format!("{label}（{id}）"))
            }
            _ => None,
        })
        .collect()
}

fn same_year_before(previous: &Report, report: &Report) -> bool {
    u32::from(previous.meta.year) + 1 == u32::from(report.meta.year)
}

/// For each report (`None` where the file did not read), its previous
/// year among the others and `previous`, and the notes a reviewer needs.
pub(super) fn pair<'a>(
    reports: &[Option<&'a Report>],
    previous: Option<&'a Report>,
) -> Vec<Paired<'a>> {
    let mut out: Vec<Paired<'a>> = reports.iter().map(|_| Paired::default()).collect();
    let candidates: Vec<&Report> = reports.iter().flatten().copied().chain(previous).collect();
    for (i, report) in reports.iter().enumerate() {
        let Some(report) = report else {
            continue;
        };
        // The first in the order given, so a run is reproducible.
        out[i].previous = candidates
            .iter()
            .copied()
            .find(|c| c.meta.agency == report.meta.agency && same_year_before(c, report));
        // P1: the same agency and year twice (the same file twice was
        // already given once).
        let twins: Vec<&Report> = reports
            .iter()
            .flatten()
            .copied()
            .filter(|o| {
                !std::ptr::eq(*o, *report)
                    && o.meta.agency == report.meta.agency
                    && o.meta.year == report.meta.year
            })
            .collect();
        if !twins.is_empty() {
            out[i].notes.push(twin_note(report, &twins));
        }
        // P2: a year before whose agency differs only by an abbreviation.
        if out[i].previous.is_none() {
            let key = agency_key(&report.meta.agency);
            if let Some(near) = candidates.iter().find(|c| {
                same_year_before(c, report)
                    && c.meta.agency != report.meta.agency
                    && agency_key(&c.meta.agency) == key
            }) {
                out[i].notes.push(near_note(report, near));
            }
        }
    }
    if let Some(previous) = previous {
        let paired_any = out
            .iter()
            .any(|p| p.previous.is_some_and(|r| std::ptr::eq(r, previous)));
        if !paired_any {
            for (i, report) in reports.iter().enumerate() {
                if let Some(report) = report {
                    out[i].not_previous = Some(not_previous(previous, report));
                }
            }
        }
    }
    out
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn twin_note(report: &Report, twins: &[&Report]) -> Finding {
    let others: Vec<String> = twins.iter().map(|t| shown(&t.file)).collect();
    Finding {
        rule: "P1".into(),
        severity: Severity::Warning,
        table: String::new(),
        row: Vec::new(),
        column: Vec::new(),
        expected: String::new(),
        actual: String::new(),
        message: format!(
            "P1 {} 与 {} 是同一机关（{}）同一年度（{}年）的报告，请确认哪一份是要报送的",
            shown(&report.file),
            others.join("、"),
            report.meta.agency,
            report.meta.year
        ),
        sentence: None,
        cells: Vec::new(),
        input: vec![
            InputPlace::key(report, "report.agency"),
            InputPlace::key(report, "report.year"),
        ],
    }
}

fn near_note(report: &Report, near: &Report) -> Finding {
    let rules = cross_year_rules(&report.template).join("和");
    Finding {
        rule: "P2".into(),
        severity: Severity::Warning,
        table: String::new(),
        row: Vec::new(),
        column: Vec::new(),
        expected: near.meta.agency.clone(),
        actual: report.meta.agency.clone(),
        message: format!(
            "P2 未与 {} 对照检查{rules}：发文机关“{}”与上一年度的“{}”写法不同，是否为同一机关？请统一名称",
            shown(&near.file),
            report.meta.agency,
            near.meta.agency
        ),
        sentence: None,
        cells: Vec::new(),
        input: vec![InputPlace::key(report, "report.agency")],
    }
}

fn not_previous(previous: &Report, report: &Report) -> InputError {
    InputError::new(
        &report.file,
        InputErrorKind::NotPreviousYear {
            previous: (
                shown(&previous.file),
                previous.meta.agency.clone(),
                previous.meta.year,
            ),
            this: (
                shown(&report.file),
                report.meta.agency.clone(),
                report.meta.year,
            ),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_written_out_once() {
        assert_eq!(
            agency_key("某市市场监管局"),
            agency_key("某市市场监督管理局")
        );
        assert_eq!(agency_key("某市市监局"), agency_key("某市市场监督管理局"));
        assert_eq!(agency_key("某县发改委"), "某县发展和改革委员会");
        assert_eq!(agency_key("某区政府办"), agency_key("某区人民政府办公室"));
        assert_eq!(agency_key("某区人民政府办公室"), "某区人民政府办公室");
        assert_ne!(agency_key("某市市场监管局"), agency_key("某市财政局"));
    }
}
