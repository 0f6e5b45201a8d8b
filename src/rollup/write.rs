//! The aggregate report as an input-contract file: `gongwen new`'s skeleton
//! with the sums in its tables and a comment saying what was summed.

use std::fmt::Write;

use super::Source;
use crate::input::skeleton::{skeleton_with, Filling};
use crate::model::{Figure, Figures};
use crate::template::Template;

/// The contract file of an aggregate report of `agency` for `year` whose
/// tables hold `figures`, summed from `sources`. Every figure is written,
/// totals included; the comment at the top says why, lists the sources
/// and, for sources summed despite errors, the errors.
pub fn contract_text(
    template: &Template,
    agency: &str,
    year: u16,
    figures: &Figures,
    sources: &[Source],
) -> String {
    let mut made_by = String::new();
    let n = sources.len();
    for line in [
        format!("由 gongwen rollup 生成：{agency}{year}年的汇总报告。"),
        format!("三张表格中的每一个数，都是下列 {n} 份报告中同一个数之和："),
        "件数按整数精确相加，收费金额按十进制精确相加，不经浮点，不四舍五入。".to_string(),
        "总计也是逐项相加后写出的，没有省略后由工具计算：汇总表的每个数（总计也一样）".to_string(),
        "都应等于各单位所报同一个数之和，由汇总后的分项重算总计，会掩盖某单位总计的错误。"
            .to_string(),
        "正文是 gongwen new 的框架，请填写后再检查、导出。".to_string(),
        "核对汇总：gongwen check 本文件 --children 各单位的报告".to_string(),
    ] {
        let _ = writeln!(made_by, "{line}");
    }
    let _ = writeln!(made_by, "汇总的报告（{n} 份）：");
    for source in sources {
        let _ = writeln!(
            made_by,
            "  {}（{}）",
            one_line(&source.agency),
            one_line(&source.file.display().to_string())
        );
    }
    let with_errors: Vec<&Source> = sources.iter().filter(|s| !s.errors.is_empty()).collect();
    if !with_errors.is_empty() {
        let _ = writeln!(
            made_by,
            "以下 {} 份报告有错误，按 --allow-errors 照样汇总，汇总报告的数字也因此可能不一致：",
            with_errors.len()
        );
        for source in with_errors {
            for error in &source.errors {
                let _ = writeln!(
                    made_by,
                    "  {}：{}",
                    one_line(&source.file.display().to_string()),
                    one_line(&error.message)
                );
            }
        }
    }
    let values = |key: &str| figures.0.get(key).map(|f| toml_value(template, key, f));
    skeleton_with(
        template,
        agency,
        year,
        &Filling {
            made_by: &made_by,
            values: &values,
        },
    )
}

/// A figure as the contract writes it: a row as a list (its total last),
/// a row without a total as a table of its column keys, a count, and the
/// fee as a string so that its digits stay exactly as summed.
fn toml_value(template: &Template, key: &str, figure: &Figure) -> String {
    match figure {
        Figure::Row(row) => match template.columns_of(key) {
            Some(set) if !set.has_total => {
                let items: Vec<String> = set
                    .keys
                    .iter()
                    .zip(&row.values)
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect();
                format!("{{ {} }}", items.join(", "))
            }
            _ => {
                let items: Vec<String> = row.values.iter().map(u64::to_string).collect();
                format!("[{}]", items.join(", "))
            }
        },
        Figure::Count(n) => n.to_string(),
        // A fee's text is digits and at most one point: nothing to escape.
        Figure::Decimal(fee) => format!("\"{fee}\""),
    }
}

/// Text for a comment line: a file name may hold a line break, which would
/// end the comment and leave the rest as TOML.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}
