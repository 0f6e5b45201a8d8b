//! Report pages written the way a government CMS publishes them, from a
//! report's model: the body inside the portal's navigation and footer,
//! `td`-only tables with inline widths, a `<p>` and `<span>`s in every cell,
//! zeros printed blank, labels broken with `<br>`, `&nbsp;` for indentation.
//! Variants change one thing each (a label wording, a vertical label, a
//! split table, GBK, full-width digits, dashes for zeros …). Each page comes
//! with the cells it prints blank, computed here from the layout written,
//! not by the importer under test.
//!
//! Shared by the corpus generator (tests/import/make_corpus.rs) and the
//! test that converts fresh pages with LibreOffice (tests/import_libreoffice.rs).

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt::Write as _;

use gongwen::model::{Part, Report};
use gongwen::template::numbering::heading_number;
use gongwen::template::{SlotContent, Template};

/// How zero is printed in a value cell.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Zeros {
    Blank,
    Dashes,
    Digit,
}

/// One page to write. Every knob off is the plain portal page.
#[derive(Clone)]
pub struct Variant {
    pub name: String,
    /// The TOML it is made from (and must import back to), in expected/.
    pub base: String,
    pub zeros: Zeros,
    pub full_width: bool,
    pub thousands: bool,
    pub label_variants: bool,
    pub vertical_label: bool,
    pub split_group_label: bool,
    pub split_tables: bool,
    pub proactive_as_four: bool,
    pub gbk: bool,
    pub title_in_body: bool,
    pub title_break: bool,
    pub run_in: bool,
    pub heading_variants: bool,
    /// Convert to DOCX with LibreOffice as well (generate.sh reads this).
    pub convert: bool,
    pub strict: bool,
    pub expect_error: Option<String>,
    pub warnings: Vec<&'static str>,
}

impl Variant {
    pub fn new(name: &str, base: &str) -> Variant {
        Variant {
            name: name.to_string(),
            base: base.to_string(),
            zeros: Zeros::Blank,
            full_width: false,
            thousands: false,
            label_variants: false,
            vertical_label: false,
            split_group_label: false,
            split_tables: false,
            proactive_as_four: false,
            gbk: false,
            title_in_body: true,
            title_break: false,
            run_in: false,
            heading_variants: false,
            convert: false,
            strict: false,
            expect_error: None,
            warnings: Vec::new(),
        }
    }
}

/// A table cell before placement.
#[derive(Clone)]
struct HCell {
    /// Text; '\n' is printed as `<br>`.
    text: String,
    rowspan: usize,
    colspan: usize,
    /// For a value cell: whether it is printed blank or as a dash.
    blank: bool,
    value: bool,
}

impl HCell {
    fn label(text: &str, rowspan: usize, colspan: usize) -> HCell {
        HCell {
            text: text.to_string(),
            rowspan,
            colspan,
            blank: false,
            value: false,
        }
    }
}

type HTable = Vec<Vec<HCell>>;

/// The page, and the places of the value cells it prints blank.
pub fn render(
    report: &Report,
    template: &Template,
    v: &Variant,
) -> (String, BTreeSet<(usize, usize, usize)>) {
    let mut h = String::new();
    let charset = if v.gbk { "gb2312" } else { "utf-8" };
    let meta = &report.meta;
    let _ = write!(
        h,
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">\n<html><head>\
         <meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">\n\
         <title>{}_{}门户网站</title>\n<style>.nav a{{margin:0 8px}} td p{{margin:0}}</style>\n\
         <script>var _hmt = _hmt || [];</script></head>\n<body>\n",
        meta.title, meta.agency
    );
    // Portal furniture around the article.
    h.push_str(
        "<div class=\"nav\"><a href=\"/\">首页</a><a href=\"/zwgk/\">政务公开</a><a href=\"/zwgk/ndbg/\">政府信息公开年报</a></div>\n\
         <div class=\"crumb\">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>\n<div class=\"article\">\n",
    );
    if v.title_in_body {
        let title = if v.title_break {
            let year = format!("{}年", meta.year);
            meta.title.replacen(&year, &format!("{year}<br>"), 1)
        } else {
            meta.title.clone()
        };
        let _ = writeln!(
            h,
            "<h1 style=\"text-align:center;font-size:22px\">{title}</h1>"
        );
    }
    h.push_str(
        "<div class=\"info\">发布时间：2024-01-20&nbsp;&nbsp;来源：政府办公室&nbsp;&nbsp;字号：[大 中 小]&nbsp;&nbsp;<a href=\"javascript:window.print()\">【打印】</a></div>\n\
         <div class=\"TRS_Editor\">\n",
    );
    let mut blanks = BTreeSet::new();
    let mut table_no = 0usize;
    for (index, section) in report.sections.iter().enumerate() {
        let heading = section_heading(index, &section.heading, v);
        if let Some(heading) = heading {
            let _ = writeln!(
                h,
                "<p style=\"text-indent:2em;line-height:2\"><strong><span style=\"font-family:黑体\">{}</span></strong></p>",
                esc(&heading)
            );
        }
        paragraphs(&mut h, &section.prose.paragraphs, None, v);
        parts(&mut h, &section.prose.parts, 2, v);
        for (t, def) in template.tables.iter().enumerate() {
            if def.section != section.key {
                continue;
            }
            let table = build_table(report, template, t, v);
            for (k, piece) in split(table, t, v).into_iter().enumerate() {
                if k > 0 {
                    if t == 1 && v.split_tables {
                        h.push_str("<p style=\"page-break-before:always\">三、收到和处理政府信息公开申请情况（续表）</p>\n");
                    } else {
                        h.push_str("<p style=\"page-break-before:always\">&nbsp;</p>\n");
                    }
                }
                if t == 0 && v.proactive_as_four {
                    let caption = &piece[0][0].text;
                    let _ = writeln!(
                        h,
                        "<p style=\"text-align:center\"><strong>{}</strong></p>",
                        esc(caption)
                    );
                    let rest: HTable = piece[1..].to_vec();
                    table_no += 1;
                    emit_table(&mut h, &rest, table_no, v, &mut blanks);
                    continue;
                }
                table_no += 1;
                emit_table(&mut h, &piece, table_no, v, &mut blanks);
            }
        }
    }
    if let Some(signature) = &meta.signature {
        let _ = writeln!(h, "<p style=\"text-align:right\">{}</p>", esc(signature));
    }
    if let Some(date) = &meta.date {
        let _ = writeln!(
            h,
            "<p style=\"text-align:right\">{}年{}月{}日</p>",
            date.year, date.month, date.day
        );
    }
    h.push_str(
        "</div></div>\n<div class=\"share\" style=\"display:none\">分享到：微信 微博</div>\n\
         <div class=\"footer\"><p>主办单位：人民政府办公室&nbsp;&nbsp;网站标识码：1234000001</p><p>ICP备12345678号</p></div>\n</body></html>\n",
    );
    (h, blanks)
}

fn section_heading(index: usize, heading: &str, v: &Variant) -> Option<String> {
    if !v.heading_variants {
        return Some(format!("{}{heading}", heading_number(1, index + 1)));
    }
    // Wordings seen in real reports, and one heading left out.
    match index {
        0 => Some("一、总体情况概述".into()),
        1 => None,
        2 => Some("三．收到和处理政府信息公开申请情况".into()),
        3 => Some("四、因政府信息公开工作被申请行政复议和提起行政诉讼情况".into()),
        4 => Some("五、存在问题及改进情况".into()),
        _ => Some("六、其他事项".into()),
    }
}

fn paragraphs(h: &mut String, list: &[String], run_in: Option<&str>, v: &Variant) {
    for (i, p) in list.iter().enumerate() {
        let text = match (i, run_in) {
            (0, Some(heading)) => format!("{heading}。{p}"),
            _ => p.clone(),
        };
        // Span soup: the text cut into runs, as CMS editors leave it.
        let chars: Vec<char> = text.chars().collect();
        let mut soup = String::new();
        for (k, chunk) in chars.chunks(17).enumerate() {
            let chunk: String = chunk.iter().collect();
            if k % 2 == 0 {
                let _ = write!(
                    soup,
                    "<span style=\"font-family:仿宋_GB2312;font-size:16pt\">{}</span>",
                    esc(&chunk)
                );
            } else {
                soup.push_str(&esc(&chunk));
            }
        }
        let indent = if v.gbk {
            "　　"
        } else {
            "&nbsp;&nbsp;&nbsp;&nbsp;"
        };
        let _ = writeln!(
            h,
            "<p style=\"text-indent:2em;line-height:2\">{indent}{soup}</p>"
        );
    }
}

fn parts(h: &mut String, list: &[Part], level: u8, v: &Variant) {
    for (i, part) in list.iter().enumerate() {
        let mut number = heading_number(level, i + 1);
        if v.heading_variants && level == 2 {
            number.push('、'); // the seed's own （一）、
        }
        let heading = format!("{number}{}", part.heading);
        if v.run_in && !part.prose.paragraphs.is_empty() {
            paragraphs(h, &part.prose.paragraphs, Some(&heading), v);
        } else {
            let _ = writeln!(h, "<p style=\"text-indent:2em\"><span style=\"font-family:楷体_GB2312\">{}</span></p>", esc(&heading));
            paragraphs(h, &part.prose.paragraphs, None, v);
        }
        parts(h, &part.prose.parts, level + 1, v);
    }
}

/// Table `t` of the template with this report's figures, as printed.
fn build_table(report: &Report, template: &Template, t: usize, v: &Variant) -> HTable {
    let grid = &template.tables[t];
    let mut rows: Vec<Vec<HCell>> = vec![Vec::new(); grid.rows];
    for slot in &grid.slots {
        let cell = match &slot.content {
            SlotContent::Text { text, .. } => {
                HCell::label(&label_text(text, v), slot.rowspan, slot.colspan)
            }
            SlotContent::Value(path) => {
                let value = report.figures.text(path).expect("every slot has a number");
                let zero = value.chars().all(|c| c == '0' || c == '.');
                HCell {
                    text: value,
                    rowspan: slot.rowspan,
                    colspan: slot.colspan,
                    blank: zero && v.zeros != Zeros::Digit,
                    value: true,
                }
            }
        };
        rows[slot.row].push(cell);
    }
    if t == 1 && (v.vertical_label || v.split_group_label) {
        for cell in rows[5]
            .iter_mut()
            .filter(|c| c.text == "三、本年度办理结果")
        {
            if v.vertical_label {
                cell.text = cell
                    .text
                    .chars()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .join("\n");
            }
        }
        if v.split_group_label {
            // 三、本年度 / 办理结果 in two cells, the rest of the column empty.
            rows[5][0] = HCell::label("三、本年度", 1, 1);
            rows[6].insert(0, HCell::label("办理结果", 1, 1));
            rows[7].insert(0, HCell::label("", 20, 1));
        }
    }
    rows
}

/// Labels as portals print them: long ones broken with `<br>`, and in the
/// label variant the wordings of older or local reports.
fn label_text(label: &str, v: &Variant) -> String {
    let mut text = label.to_string();
    if v.label_variants {
        for (from, to) in [
            ("行政规范性文件", "规范性文件"),
            ("2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开"),
            ("（一）予以公开", "(一) 予以公开"),
            (
                "一、本年新收政府信息公开申请数量",
                "本年新收政府信息公开申请数量",
            ),
            (
                "二、上年结转政府信息公开申请数量",
                "上年结转政府信息公开申请数量",
            ),
            (
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)",
            ),
            (
                "本年收费金额（单位：万元）",
                "本年收费金额（单位：万元，保留4位小数）",
            ),
            (
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "(二) 部分公开(区分处理的,只计这一情形,不计其他情形)",
            ),
            ("3.危及“三安全一稳定”", "3.危及\"三安全一稳定\""),
        ] {
            if text == from {
                text = to.to_string();
            }
        }
    }
    for (from, to) in [
        ("三、本年度办理结果", "三、本年度\n办理结果"),
        ("第一项加第二项之和，", "第一项加第二项之和，\n"),
        ("部分公开（区分", "部分公开\n（区分"),
        ("不予公开", "不予\n公开"),
        ("逾期不补正、", "逾期不补正、\n"),
        ("缴纳费用、", "缴纳费用、\n"),
        ("未经复议直接起诉", "未经复议\n直接起诉"),
    ] {
        if !(v.vertical_label && from == "三、本年度办理结果") {
            text = text.replace(from, to);
        }
    }
    text
}

/// The pieces a table is printed in: table 二 as four small tables, table
/// 三 split at （四）无法提供 and table 四 between its header and its data.
fn split(table: HTable, t: usize, v: &Variant) -> Vec<HTable> {
    if t == 0 && v.proactive_as_four {
        return vec![
            table[0..4].to_vec(),
            table[4..7].to_vec(),
            table[7..11].to_vec(),
            table[11..14].to_vec(),
        ];
    }
    if !v.split_tables {
        return vec![table];
    }
    match t {
        1 => {
            let at = 15;
            let mut first: HTable = table[..at].to_vec();
            let mut second: HTable = table[at..].to_vec();
            // The 三、本年度办理结果 column is cut at the split; the
            // continuation gets an empty cell in its place.
            if let Some(group) = first[5]
                .iter_mut()
                .find(|c| c.rowspan > 1 && !c.value && c.text.contains('三'))
            {
                let below = group.rowspan - (at - 5);
                group.rowspan = at - 5;
                second[0].insert(0, HCell::label("", below, 1));
            }
            vec![first, second]
        }
        2 => vec![table[..3].to_vec(), table[3..].to_vec()],
        _ => vec![table],
    }
}

/// Writes a table, `td` only, with inline widths and a `<p>` per cell, and
/// notes where its blank value cells land in the grid.
fn emit_table(
    h: &mut String,
    rows: &HTable,
    table_no: usize,
    v: &Variant,
    blanks: &mut BTreeSet<(usize, usize, usize)>,
) {
    let _ = writeln!(h, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"600\" style=\"border-collapse:collapse;width:600px\"><tbody>");
    let mut occupied: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut dash = 0usize;
    for (r, row) in rows.iter().enumerate() {
        h.push_str("<tr>");
        let mut c = 0usize;
        for cell in row {
            while occupied.contains(&(r, c)) {
                c += 1;
            }
            let rowspan = if cell.rowspan == 0 {
                rows.len() - r
            } else {
                cell.rowspan
            };
            for dr in 0..rowspan {
                for dc in 0..cell.colspan {
                    occupied.insert((r + dr, c + dc));
                }
            }
            let text = if cell.value {
                if cell.blank {
                    blanks.insert((table_no, r + 1, c + 1));
                    match v.zeros {
                        Zeros::Dashes => {
                            dash += 1;
                            ["—", "-", "/", "无", "——", "－"][dash % 6].to_string()
                        }
                        _ => String::new(),
                    }
                } else {
                    number(&cell.text, v)
                }
            } else {
                cell.text.clone()
            };
            let spans = format!(
                "{}{}",
                if rowspan > 1 {
                    format!(" rowspan=\"{rowspan}\"")
                } else {
                    String::new()
                },
                if cell.colspan > 1 {
                    format!(" colspan=\"{}\"", cell.colspan)
                } else {
                    String::new()
                }
            );
            let body = if text.is_empty() {
                "&nbsp;".to_string()
            } else {
                text.split('\n')
                    .map(|l| format!("<span style=\"font-size:10.5pt\">{}</span>", esc(l)))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let _ = write!(
                h,
                "<td width=\"{}\" valign=\"center\"{spans} style=\"width:{}px;border:solid windowtext 1px;padding:0px 5px\"><p style=\"text-align:center;line-height:20px\">{body}</p></td>",
                40 * cell.colspan,
                40 * cell.colspan
            );
            c += cell.colspan;
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// A non-zero figure as printed: thousands separators, full-width digits.
fn number(text: &str, v: &Variant) -> String {
    let (int, frac) = text
        .split_once('.')
        .map_or((text, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (i, d) in digits.iter().enumerate() {
        if v.thousands && i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(if v.full_width { '，' } else { ',' });
        }
        out.push(*d);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if v.full_width {
        out.chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    } else {
        out
    }
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
