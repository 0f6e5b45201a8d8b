//! Rule R7 汇总一致: an aggregate report (全县汇总, 全区汇总) against the
//! reports of the bodies it sums up. Every printed number of the three
//! tables, totals included, must equal the sum of the same number over the
//! children; a finding says which number, both sides, and who contributed
//! to the sum, so the reviewer knows whose report to open.

use std::cmp::Ordering;

use super::Finding;
use crate::input::FeeSum;
use crate::model::{Figure, Report};
use crate::template::{FigurePath, RuleDef, Severity, Template};

/// How many contributing children a finding names before it only counts
/// the rest.
pub const NAMED_CHILDREN: usize = 5;

/// Checks `parent` against `children` with the template's roll-up rules
/// (R7 of the built-in template). Counts are added in u128 and fees as
/// exact decimals, so no sum overflows or rounds.
pub fn check_children(parent: &Report, children: &[&Report]) -> Vec<Finding> {
    let template = &parent.template;
    let mut findings = Vec::new();
    for rule in &template.rules {
        let RuleDef::Rollup { id, severity } = rule else {
            continue;
        };
        // Each child's figure is looked up once, not once per column.
        let mut figure = "";
        let mut theirs: Vec<(&str, Option<&Figure>)> = Vec::new();
        for path in template.figure_paths() {
            if path.figure != figure {
                figure = template
                    .figures
                    .get_key_value(&path.figure)
                    .map_or("", |(k, _)| k.as_str());
                theirs = children
                    .iter()
                    .map(|c| (c.meta.agency.as_str(), c.figures.0.get(&path.figure)))
                    .collect();
            }
            if let Some(finding) = check_path(template, id, *severity, &path, parent, &theirs) {
                findings.push(finding);
            }
        }
    }
    findings
}

/// One child's value for a number, kept as it is printed and as what
/// orders it among the others.
struct Contribution<'a> {
    agency: &'a str,
    text: String,
    order: Value<'a>,
}

/// A count, or a fee compared as an amount.
#[derive(Clone, Copy)]
enum Value<'a> {
    Count(u64),
    Fee(&'a crate::input::Fee),
}

impl Value<'_> {
    fn is_zero(&self) -> bool {
        match self {
            Value::Count(n) => *n == 0,
            Value::Fee(f) => f.is_zero(),
        }
    }

    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Value::Count(a), Value::Count(b)) => a.cmp(b),
            (Value::Fee(a), Value::Fee(b)) => a.cmp_amount(b),
            (Value::Count(_), Value::Fee(_)) => Ordering::Less,
            (Value::Fee(_), Value::Count(_)) => Ordering::Greater,
        }
    }
}

/// The number at `path` of a report's figure.
fn value<'a>(figure: &'a Figure, path: &FigurePath) -> Option<Value<'a>> {
    match (figure, &path.column) {
        (Figure::Decimal(fee), None) => Some(Value::Fee(fee)),
        (Figure::Count(n), None) => Some(Value::Count(*n)),
        (Figure::Row(row), Some(column)) => row.values.get(column.index).copied().map(Value::Count),
        _ => None,
    }
}

fn check_path(
    template: &Template,
    id: &str,
    severity: Severity,
    path: &FigurePath,
    parent: &Report,
    children: &[(&str, Option<&Figure>)],
) -> Option<Finding> {
    let own = value(parent.figures.0.get(&path.figure)?, path)?;
    let values = || {
        children
            .iter()
            .filter_map(|(agency, figure)| Some((*agency, value((*figure)?, path)?)))
    };
    let (actual, expected) = match own {
        Value::Count(n) => {
            let sum: u128 = values()
                .map(|(_, v)| match v {
                    Value::Count(c) => u128::from(c),
                    Value::Fee(_) => 0,
                })
                .sum();
            if sum == u128::from(n) {
                return None;
            }
            (n.to_string(), sum.to_string())
        }
        Value::Fee(fee) => {
            let mut sum = FeeSum::default();
            for (_, v) in values() {
                if let Value::Fee(f) = v {
                    sum.add(f);
                }
            }
            if sum.same_amount(fee) {
                return None;
            }
            (fee.to_string(), sum.to_string())
        }
    };
    // Only a finding needs to know who contributed.
    let mut contributions: Vec<Contribution> = values()
        .filter(|(_, v)| !v.is_zero())
        .map(|(agency, v)| Contribution {
            agency,
            text: match v {
                Value::Count(n) => n.to_string(),
                Value::Fee(f) => f.to_string(),
            },
            order: v,
        })
        .collect();
    // Largest first; the sort is stable, so equal values keep the order
    // the children were given in.
    contributions.sort_by(|a, b| b.order.cmp(&a.order));
    let named: Vec<String> = contributions
        .iter()
        .take(NAMED_CHILDREN)
        .map(|c| format!("{} {}", c.agency, c.text))
        .collect();
    let who = match contributions.len() {
        0 => "各单位均为 0".to_string(),
        n if n > NAMED_CHILDREN => format!(
            "{}，另有 {} 个单位不为 0",
            named.join("、"),
            n - NAMED_CHILDREN
        ),
        _ => named.join("、"),
    };
    let row = template
        .figures
        .get(&path.figure)
        .map_or_else(String::new, |f| f.label.clone());
    let column = template.column_label(path).unwrap_or_default().to_string();
    let place = template.path_label(path);
    Some(Finding {
        rule: id.to_string(),
        severity,
        table: template
            .numbered_heading(path.section())
            .unwrap_or_default(),
        row,
        column,
        message: format!(
            "{id} {place}：汇总 {actual} ≠ {} 个单位之和 {expected}（{who}）",
            children.len()
        ),
        expected,
        actual,
        sentence: None,
        cells: vec![path.clone()],
    })
}
