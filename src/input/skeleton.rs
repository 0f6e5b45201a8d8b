//! `gongwen new`: a complete, commented report file to fill in. Keys follow
//! the input contract; the comments name each printed label, read from the
//! template so they cannot drift from what is printed.

use std::fmt::Write;

use crate::template::{FigureKind, RuleDef, SlotContent, Template, Term};

/// The file name the skeleton's `#:schema` line points at, beside the
/// report: where `gongwen schema > gongwen.schema.json` puts it.
pub const SCHEMA_FILE: &str = "gongwen.schema.json";

/// The agency `gongwen new` writes when none is given: a report that still
/// names it is not finished (rule F2).
pub const PLACEHOLDER_AGENCY: &str = "某某人民政府办公室";

/// How every placeholder sentence of the skeleton begins: a report that
/// still has one is not finished (rule F1).
pub const PLACEHOLDER_MARK: &str = "请在此填写";

/// The figure keys in the order the tables print them.
fn figures_in_print_order(template: &Template) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for slot in template.tables.iter().flat_map(|t| &t.slots) {
        if let SlotContent::Value(path) = &slot.content {
            if !out.contains(&path.figure.as_str()) {
                out.push(&path.figure);
            }
        }
    }
    out
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Writes the skeleton for `agency` and `year`.
pub fn skeleton(template: &Template, agency: &str, year: u16) -> String {
    skeleton_with(
        template,
        agency,
        year,
        &Filling {
            made_by: "由 gongwen new 生成。填写后运行：gongwen check 本文件；gongwen export 本文件",
            values: &|_| None,
        },
    )
}

/// What fills a skeleton beyond `gongwen new`'s zeros, for a file another
/// command writes (`gongwen rollup`): who made it, and the figures' values.
pub struct Filling<'a> {
    /// Comment text, one or more lines, saying where the file came from.
    pub made_by: &'a str,
    /// A figure's value as its TOML value text, by figure key; `None`
    /// writes `gongwen new`'s zeros.
    pub values: &'a dyn Fn(&str) -> Option<String>,
}

/// Writes the skeleton for `agency` and `year` with `filling`'s comment and
/// values.
pub fn skeleton_with(template: &Template, agency: &str, year: u16, filling: &Filling) -> String {
    let mut s = String::new();
    let heading = |key: &str| {
        template
            .section_heading(key)
            .unwrap_or_default()
            .to_string()
    };
    let section_no = |key: &str| {
        template
            .sections
            .iter()
            .position(|x| x.key == key)
            .map(|i| crate::template::numbering::chinese_number(i + 1))
            .unwrap_or_default()
    };
    // Taplo (and VS Code's Even Better TOML, built on it) reads a schema
    // named in a `#:schema` comment before any key, relative to this file.
    let _ = writeln!(s, "#:schema ./{SCHEMA_FILE}");
    let _ = writeln!(
        s,
        "# 编辑器（VS Code 的 Even Better TOML 等）据上一行补全和检查；先在本文件所在的文件夹运行：gongwen schema > {SCHEMA_FILE}"
    );
    let _ = writeln!(s, "# {}（{}）", template.name, template.basis);
    for line in filling.made_by.lines() {
        let _ = writeln!(s, "# {line}");
    }
    let _ = writeln!(
        s,
        "# 标题编号（一、（一）1.）由 gongwen 自动生成，heading 中不要写编号。"
    );
    let _ = writeln!(
        s,
        "# 正文中可以用 {{{{路径}}}} 引用表格中的数，如 {{{{applications.new.total}}}}。\n"
    );
    let _ = writeln!(s, "template = {}\n", quote(&template.id));
    let _ = writeln!(s, "[report]");
    let _ = writeln!(s, "agency = {}   # 发文机关（必填）", quote(agency));
    let _ = writeln!(s, "year = {year}   # 报告年度（必填）");
    let _ = writeln!(
        s,
        "# title = \"…\"        # 标题；不写时为“发文机关+年度+政府信息公开工作年度报告”"
    );
    let _ = writeln!(s, "# signature = \"…\"    # 发文机关署名（可选）");
    let _ = writeln!(
        s,
        "# date = \"{}-01-20\"  # 成文日期（可选；写明后导出的 PDF 为 PDF/A 存档格式，文件日期即此日）\n",
        u32::from(year) + 1
    );

    let _ = writeln!(s, "# {}、{}", section_no("overview"), heading("overview"));
    let _ = writeln!(s, "[overview]");
    let _ = writeln!(
        s,
        "text = \"\"\"\n本报告中所列数据的统计期限为{year}年1月1日至{year}年12月31日。\n\"\"\""
    );
    for part in [
        "主动公开",
        "依申请公开",
        "政府信息管理",
        "政府信息公开平台建设",
        "监督保障",
    ] {
        let _ = writeln!(s, "\n[[overview.parts]]\nheading = {}", quote(part));
        let _ = writeln!(s, "text = \"\"\"\n请在此填写{part}情况。\n\"\"\"");
    }
    s.push('\n');

    let mut open_table = String::new();
    let mut emitted_sections: Vec<String> = Vec::new();
    let figures = figures_in_print_order(template);
    // Rows the tool computes when left out: the single right side of a
    // `columns` rule, （七）总计 of the built-in template.
    let computed: Vec<&str> = template
        .rules
        .iter()
        .filter_map(|rule| match rule {
            RuleDef::Columns { right, .. } => match right.as_slice() {
                [Term::Figure(target)] => Some(target.as_str()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    // A TOML table's own keys must come before its sub-tables, so group the
    // figures by parent path, parents in order of first appearance.
    let mut parents: Vec<(String, Vec<&str>)> = Vec::new();
    for fig in &figures {
        let parent = fig.rsplit_once('.').map_or("", |p| p.0).to_string();
        match parents.iter_mut().find(|(p, _)| *p == parent) {
            Some((_, list)) => list.push(fig),
            None => parents.push((parent, vec![fig])),
        }
    }
    for (parent, figs) in parents {
        let section = parent.split('.').next().unwrap_or_default().to_string();
        if !emitted_sections.contains(&section) {
            let _ = writeln!(s, "# {}、{}", section_no(&section), heading(&section));
            emitted_sections.push(section.clone());
        }
        if open_table != parent {
            let _ = writeln!(s, "[{parent}]");
            if parent == section {
                let _ = writeln!(s, "text = \"\"   # 可选：表格前的说明段落");
            }
            open_table = parent.clone();
        }
        for fig in figs {
            let Some(def) = template.figures.get(fig) else {
                continue;
            };
            let key = fig.rsplit_once('.').map_or(fig, |p| p.1);
            let given = (filling.values)(fig);
            let value =
                given
                    .clone()
                    .unwrap_or_else(|| match (template.columns_of(fig), def.kind) {
                        (Some(set), _) if !set.has_total => {
                            let items: Vec<String> =
                                set.keys.iter().map(|k| format!("{k} = 0")).collect();
                            format!("{{ {} }}", items.join(", "))
                        }
                        (Some(set), _) => {
                            let zeros = vec!["0"; set.labels.len()];
                            format!("[{}]", zeros.join(", "))
                        }
                        (None, FigureKind::Decimal) => "\"0\"".to_string(),
                        (None, FigureKind::Count) => "0".to_string(),
                    });
            let columns = template
                .columns_of(fig)
                .map(|set| format!("：{}", set.labels.join("、")))
                .unwrap_or_default();
            if computed.contains(&fig) && given.is_none() {
                // Written as zeros, it would turn every filled row into an
                // R3 error: left to the tool, as the contract allows. A
                // value given (a roll-up's sum) is written, to be checked.
                let _ = writeln!(
                    s,
                    "# {key} = {value}   # {}：不写时由以上各项相加；写出则加以核对（R3）{columns}",
                    def.label
                );
                continue;
            }
            let _ = writeln!(s, "{key} = {value}   # {}{columns}", def.label);
        }
        s.push('\n');
    }

    for (key, parts) in [
        ("problems", ["存在问题", "改进措施"].as_slice()),
        ("other", [].as_slice()),
    ] {
        let _ = writeln!(s, "# {}、{}", section_no(key), heading(key));
        let _ = writeln!(s, "[{key}]");
        if parts.is_empty() {
            let _ = writeln!(s, "text = \"无\"");
        }
        for part in parts {
            let _ = writeln!(s, "[[{key}.parts]]\nheading = {}", quote(part));
            let _ = writeln!(s, "text = \"\"\"\n请在此填写{part}。\n\"\"\"");
        }
        s.push('\n');
    }
    s
}
