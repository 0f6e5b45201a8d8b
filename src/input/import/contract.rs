//! An imported report as a contract file (`docs/input-format.md`):
//! TOML a clerk can keep and edit, commented like `gongwen new` prints it —
//! each figure with its printed label, each section with its heading — and
//! headed by the import's notes, so what was guessed stays visible.
//!
//! Figures in the prose stay as printed: the importer does not invent
//! `{{placeholders}}`, so the prose checks (T1–T9) compare the text the
//! report really says with its tables. Paragraphs are written one a line
//! with a blank line between them, which reads the same whether a single
//! line break joins lines or starts a paragraph.

use std::fmt::Write;

use super::NoteSeverity;
use crate::input::raw::{RawPart, RawRow, RawStock};
use crate::input::reader::Parsed;
use crate::input::values::Count;
use crate::template::{numbering, Template};

/// The contract text for an imported report, its notes as comments at the
/// top; `source` names the file it came from.
pub fn to_toml(parsed: &Parsed, template: &Template, source: &str) -> String {
    let r = &parsed.report;
    let mut s = String::new();
    let _ = writeln!(s, "# {}（{}）", template.name, template.basis);
    let _ = writeln!(s, "# 由 gongwen import 从 {source} 导入。检查：gongwen check 本文件；导出：gongwen export 本文件");
    let _ = writeln!(
        s,
        "# 标题编号（一、（一）1.）由 gongwen 自动生成，heading 中不写编号。"
    );
    let _ = writeln!(s, "# 正文中的数字按原文保留；段落之间空一行。");
    if !parsed.notes.is_empty() {
        let count = |sev| parsed.notes.iter().filter(|n| n.severity == sev).count();
        let _ = writeln!(
            s,
            "#\n# 导入时的说明（{} 条警告，{} 条说明），请核对：",
            count(NoteSeverity::Warning),
            count(NoteSeverity::Info)
        );
        for (severity, line) in super::summarize(&parsed.notes) {
            let _ = writeln!(s, "#   {}：{}", severity.label(), line.replace('\n', " "));
        }
    }
    let _ = writeln!(s, "\ntemplate = {}\n", quote(&template.id));

    let _ = writeln!(s, "[report]");
    let _ = writeln!(s, "agency = {}   # 发文机关", quote(&r.report.agency));
    let _ = writeln!(s, "year = {}   # 报告年度", r.report.year.0);
    if let Some(title) = &r.report.title {
        let _ = writeln!(
            s,
            "title = {}   # 标题（与默认形式不同，按原文）",
            quote(title)
        );
    }
    if let Some(signature) = &r.report.signature {
        let _ = writeln!(s, "signature = {}   # 发文机关署名", quote(signature));
    }
    if let Some(date) = &r.report.date {
        let _ = writeln!(s, "date = {}   # 成文日期", quote(&date.0));
    }
    s.push('\n');

    let heading = |key: &str| {
        let i = template
            .sections
            .iter()
            .position(|x| x.key == key)
            .unwrap_or(0);
        format!(
            "{}、{}",
            numbering::chinese_number(i + 1),
            template.section_heading(key).unwrap_or_default()
        )
    };
    let figure = |s: &mut String, key: &str, value: Option<String>| {
        let def = template.figures.get(key);
        let label = def.map_or("", |d| d.label.as_str());
        let columns = template
            .columns_of(key)
            .map(|set| format!("：{}", set.labels.join("、")))
            .unwrap_or_default();
        let name = key.rsplit('.').next().unwrap_or(key);
        match value {
            Some(v) => {
                let _ = writeln!(s, "{name} = {v}   # {label}{columns}");
            }
            None => {
                let _ = writeln!(s, "# {name}：原文中未找到“{label}”行，按 0 计");
            }
        }
    };

    let _ = writeln!(s, "# {}", heading("overview"));
    let _ = writeln!(s, "[overview]");
    prose(&mut s, "overview", &r.overview.text, &r.overview.parts);

    let p = &r.proactive;
    let _ = writeln!(s, "# {}", heading("proactive"));
    let _ = writeln!(s, "[proactive]");
    text(&mut s, &p.text);
    figure(&mut s, "proactive.rules", p.rules.as_ref().map(stock));
    figure(
        &mut s,
        "proactive.normative_documents",
        p.normative_documents.as_ref().map(stock),
    );
    figure(
        &mut s,
        "proactive.licensing",
        p.licensing.map(|c| c.0.to_string()),
    );
    figure(
        &mut s,
        "proactive.penalty",
        p.penalty.map(|c| c.0.to_string()),
    );
    figure(
        &mut s,
        "proactive.enforcement",
        p.enforcement.map(|c| c.0.to_string()),
    );
    figure(
        &mut s,
        "proactive.fees",
        p.fees.as_ref().map(|f| quote(f.as_str())),
    );
    parts(&mut s, "proactive.parts", &p.parts);
    s.push('\n');

    let a = &r.applications;
    let _ = writeln!(s, "# {}", heading("applications"));
    let _ = writeln!(s, "[applications]");
    text(&mut s, &a.text);
    figure(&mut s, "applications.new", a.new.as_ref().map(row));
    figure(
        &mut s,
        "applications.carried_in",
        a.carried_in.as_ref().map(row),
    );
    figure(
        &mut s,
        "applications.carried_out",
        a.carried_out.as_ref().map(row),
    );
    parts(&mut s, "applications.parts", &a.parts);
    let res = &a.results;
    let _ = writeln!(s, "\n[applications.results]   # 三、本年度办理结果");
    figure(
        &mut s,
        "applications.results.disclosed",
        res.disclosed.as_ref().map(row),
    );
    figure(
        &mut s,
        "applications.results.partly_disclosed",
        res.partly_disclosed.as_ref().map(row),
    );
    figure(
        &mut s,
        "applications.results.total",
        res.total.as_ref().map(row),
    );
    let groups: [ResultGroup; 4] = [
        ("withheld", "（三）不予公开", {
            let w = &res.withheld;
            vec![
                ("state_secret", &w.state_secret),
                ("prohibited_by_law", &w.prohibited_by_law),
                ("security_stability", &w.security_stability),
                ("third_party", &w.third_party),
                ("internal_affairs", &w.internal_affairs),
                ("process_info", &w.process_info),
                ("enforcement_files", &w.enforcement_files),
                ("query_matters", &w.query_matters),
            ]
        }),
        ("unable", "（四）无法提供", {
            let u = &res.unable;
            vec![
                ("not_held", &u.not_held),
                ("needs_creation", &u.needs_creation),
                ("still_unclear", &u.still_unclear),
            ]
        }),
        ("not_processed", "（五）不予处理", {
            let n = &res.not_processed;
            vec![
                ("petition", &n.petition),
                ("duplicate", &n.duplicate),
                ("publication", &n.publication),
                ("mass_repeated", &n.mass_repeated),
                ("confirm_or_reissue", &n.confirm_or_reissue),
            ]
        }),
        ("other", "（六）其他处理", {
            let o = &res.other;
            vec![
                ("no_correction", &o.no_correction),
                ("fee_unpaid", &o.fee_unpaid),
                ("other", &o.other),
            ]
        }),
    ];
    for (group, label, rows) in groups {
        let _ = writeln!(s, "\n[applications.results.{group}]   # {label}");
        for (name, value) in rows {
            figure(
                &mut s,
                &format!("applications.results.{group}.{name}"),
                value.as_ref().map(row),
            );
        }
    }
    s.push('\n');

    let ap = &r.appeals;
    let _ = writeln!(s, "# {}", heading("appeals"));
    let _ = writeln!(s, "[appeals]");
    text(&mut s, &ap.text);
    figure(&mut s, "appeals.review", ap.review.as_ref().map(row));
    figure(
        &mut s,
        "appeals.suit_direct",
        ap.suit_direct.as_ref().map(row),
    );
    figure(
        &mut s,
        "appeals.suit_after_review",
        ap.suit_after_review.as_ref().map(row),
    );
    parts(&mut s, "appeals.parts", &ap.parts);
    s.push('\n');

    let _ = writeln!(s, "# {}", heading("problems"));
    let _ = writeln!(s, "[problems]");
    prose(&mut s, "problems", &r.problems.text, &r.problems.parts);
    let _ = writeln!(s, "# {}", heading("other"));
    let _ = writeln!(s, "[other]");
    prose(&mut s, "other", &r.other.text, &r.other.parts);
    s
}

/// A group of result rows: its key, its printed label, its rows.
type ResultGroup<'a> = (
    &'static str,
    &'static str,
    Vec<(&'static str, &'a Option<RawRow>)>,
);

fn prose(s: &mut String, key: &str, lead: &str, list: &[RawPart]) {
    text(s, lead);
    parts(s, &format!("{key}.parts"), list);
    s.push('\n');
}

fn text(s: &mut String, text: &str) {
    if !text.is_empty() {
        let _ = writeln!(s, "text = {}", multiline(text));
    }
}

/// `[[path]]` for each part, its sub-parts as `[[path.parts]]` right after.
fn parts(s: &mut String, path: &str, list: &[RawPart]) {
    for part in list {
        let _ = writeln!(s, "\n[[{path}]]");
        let _ = writeln!(s, "heading = {}", quote(&part.heading));
        text(s, &part.text);
        parts(s, &format!("{path}.parts"), &part.parts);
    }
}

fn row(values: &RawRow) -> String {
    let items: Vec<String> = values.iter().map(|c| c.0.to_string()).collect();
    format!("[{}]", items.join(", "))
}

fn stock(st: &RawStock) -> String {
    let n = |c: Option<Count>| c.map_or(0, |c| c.0);
    format!(
        "{{ issued = {}, repealed = {}, in_force = {} }}",
        n(st.issued),
        n(st.repealed),
        n(st.in_force)
    )
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    escape_into(&mut out, text, false);
    out.push('"');
    out
}

/// A TOML multi-line basic string, one paragraph per line as the contract
/// reads it. Every `"` is escaped so no run of three can end it early.
fn multiline(text: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    escape_into(&mut out, text, true);
    out.push_str("\n\"\"\"");
    out
}

fn escape_into(out: &mut String, text: &str, keep_newlines: bool) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
}
