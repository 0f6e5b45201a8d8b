//! DOCX export checked by real clients: python-docx reads the merges, header
//! rows, footers and properties back; openxml-audit validates the schema;
//! LibreOffice renders it and pdftotext gets every paragraph back.
//!
//! Needs: python3 with python-docx and openxml-audit (pip), LibreOffice
//! Writer (`soffice`, Debian libreoffice-writer-nogui) and pdftotext
//! (poppler-utils). A missing tool fails the test with what to install.

use std::path::{Path, PathBuf};
use std::process::Command;

use gongwen::doc::{
    Block, Cell, CellKind, Date, Document, Heading, Metadata, Paragraph, Signature, Table,
};
use gongwen::docx::{write_docx, DocxError, DocxOptions};

/// The seed report lives in the shared folder beside the repository (or
/// beside a worktree's parent); look upwards for it.
fn seed_text() -> String {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in manifest.ancestors() {
        let path = dir.join("shared/seed/laochengqu-2022-report.txt");
        if let Ok(text) = std::fs::read_to_string(&path) {
            return text;
        }
    }
    panic!(
        "shared/seed/laochengqu-2022-report.txt not found above {}",
        manifest.display()
    );
}

fn cell(
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
    kind: CellKind,
    text: &str,
) -> Cell {
    Cell {
        row,
        col,
        rowspan,
        colspan,
        text: text.to_string(),
        kind,
    }
}

/// T2 (二、主动公开政府信息情况), official-format.md §1.3, seed figures.
fn table_t2() -> Table {
    use CellKind::*;
    let mut cells = Vec::new();
    let mut row = 0;
    let item = |cells: &mut Vec<Cell>, row: &mut usize, title: &str| {
        cells.push(cell(*row, 0, 1, 4, Header, title));
        *row += 1;
    };
    item(&mut cells, &mut row, "第二十条第（一）项");
    for (i, h) in ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
        .iter()
        .enumerate()
    {
        cells.push(cell(row, i, 1, 1, Header, h));
    }
    row += 1;
    for (label, v) in [
        ("规章", ["0", "0", "0"]),
        ("行政规范性文件", ["3", "14", "7"]),
    ] {
        cells.push(cell(row, 0, 1, 1, Label, label));
        for (i, n) in v.iter().enumerate() {
            cells.push(cell(row, i + 1, 1, 1, Number, n));
        }
        row += 1;
    }
    // (item, column heading, [(row label, figure)])
    type Item<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
    let blocks: [Item; 3] = [
        (
            "第二十条第（五）项",
            "本年处理决定数量",
            &[("行政许可", "0")],
        ),
        (
            "第二十条第（六）项",
            "本年处理决定数量",
            &[("行政处罚", "0"), ("行政强制", "0")],
        ),
        (
            "第二十条第（八）项",
            "本年收费金额（单位：万元）",
            &[("行政事业性收费", "0")],
        ),
    ];
    for (title, column, rows) in blocks {
        item(&mut cells, &mut row, title);
        cells.push(cell(row, 0, 1, 1, Header, "信息内容"));
        cells.push(cell(row, 1, 1, 3, Header, column));
        row += 1;
        for (label, n) in rows {
            cells.push(cell(row, 0, 1, 1, Label, label));
            cells.push(cell(row, 1, 1, 3, Number, n));
            row += 1;
        }
    }
    Table {
        columns: 4,
        rows: row,
        widths: vec![3, 2, 2, 2],
        header_rows: 0,
        cells,
    }
}

/// T3 (三、收到和处理政府信息公开申请情况): 28 × 10 with every merge of
/// official-format.md §1.3 and the seed's figures.
fn table_t3() -> Table {
    use CellKind::*;
    let mut cells = vec![
        cell(
            0,
            0,
            3,
            3,
            Header,
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        ),
        cell(0, 3, 1, 7, Header, "申请人情况"),
        cell(1, 3, 2, 1, Header, "自然人"),
        cell(1, 4, 1, 5, Header, "法人或其他组织"),
        cell(1, 9, 2, 1, Header, "总计"),
    ];
    for (i, h) in [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    .iter()
    .enumerate()
    {
        cells.push(cell(2, 4 + i, 1, 1, Header, h));
    }
    // (row, label cells) for the 25 body rows; labels are (col, rowspan, colspan, text).
    let groups: [(&str, &[&str]); 4] = [
        (
            "（三）不予公开",
            &[
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ],
        ),
        (
            "（四）无法提供",
            &[
                "1.本机关不掌握相关政府信息",
                "2.没有现成信息需要另行制作",
                "3.补正后申请内容仍不明确",
            ],
        ),
        (
            "（五）不予处理",
            &[
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            ],
        ),
        (
            "（六）其他处理",
            &[
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "3.其他",
            ],
        ),
    ];
    cells.push(cell(3, 0, 1, 3, Label, "一、本年新收政府信息公开申请数量"));
    cells.push(cell(4, 0, 1, 3, Label, "二、上年结转政府信息公开申请数量"));
    cells.push(cell(5, 0, 22, 1, Label, "三、本年度办理结果"));
    cells.push(cell(5, 1, 1, 2, Label, "（一）予以公开"));
    cells.push(cell(
        6,
        1,
        1,
        2,
        Label,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ));
    let mut row = 7;
    for (group, items) in groups {
        cells.push(cell(row, 1, items.len(), 1, Label, group));
        for item in items {
            cells.push(cell(row, 2, 1, 1, Label, item));
            row += 1;
        }
    }
    cells.push(cell(26, 1, 1, 2, Label, "（七）总计"));
    cells.push(cell(27, 0, 1, 3, Label, "四、结转下年度继续办理"));
    let natural = [
        15, 1, 7, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 1,
    ];
    for (i, n) in natural.iter().enumerate() {
        for (j, v) in [*n, 0, 0, 0, 0, 0, *n].iter().enumerate() {
            cells.push(cell(3 + i, 3 + j, 1, 1, Number, &v.to_string()));
        }
    }
    cells.sort_by_key(|c| (c.row, c.col));
    Table {
        columns: 10,
        rows: 28,
        widths: vec![22, 22, 60, 16, 16, 16, 16, 16, 16, 16],
        header_rows: 3,
        cells,
    }
}

/// T4 (四、行政复议、行政诉讼): 4 × 15.
fn table_t4() -> Table {
    use CellKind::*;
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut cells = vec![
        cell(0, 0, 1, 5, Header, "行政复议"),
        cell(0, 5, 1, 10, Header, "行政诉讼"),
    ];
    for (i, r) in results.iter().enumerate() {
        cells.push(cell(1, i, 2, 1, Header, r));
    }
    cells.push(cell(1, 5, 1, 5, Header, "未经复议直接起诉"));
    cells.push(cell(1, 10, 1, 5, Header, "复议后起诉"));
    for block in [5, 10] {
        for (i, r) in results.iter().enumerate() {
            cells.push(cell(2, block + i, 1, 1, Header, r));
        }
    }
    for (i, v) in [2, 0, 0, 0, 2, 2, 2, 0, 0, 4, 0, 0, 0, 2, 2]
        .iter()
        .enumerate()
    {
        cells.push(cell(3, i, 1, 1, Number, &v.to_string()));
    }
    cells.sort_by_key(|c| (c.row, c.col));
    Table {
        columns: 15,
        rows: 4,
        widths: vec![1; 15],
        header_rows: 3,
        cells,
    }
}

/// The seed report as a document tree: title, headings and paragraphs from
/// the seed text (half-width （一） normalised, no 、 after it), the three
/// tables after their section headings.
fn seed_document() -> Document {
    let seed = seed_text();
    // Table rows are the tab-separated lines; the tables are built above.
    let mut lines = seed
        .lines()
        .filter(|l| !l.contains('\t'))
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let title = lines.next().expect("seed has a title").to_string();
    let mut blocks = Vec::new();
    for line in lines {
        let level1 = ["一、", "二、", "三、", "四、", "五、", "六、"]
            .iter()
            .find(|n| line.starts_with(**n));
        if let Some(number) = level1 {
            let text = &line[number.len()..];
            blocks.push(Block::Heading(Heading {
                level: 1,
                number: number.to_string(),
                text: text.to_string(),
            }));
            match *number {
                "二、" => blocks.push(Block::Table(table_t2())),
                "三、" => blocks.push(Block::Table(table_t3())),
                "四、" => blocks.push(Block::Table(table_t4())),
                _ => {}
            }
            continue;
        }
        let normalised = line.replace('(', "（").replace(')', "）");
        if normalised.starts_with('（') {
            if let Some(close) = normalised.find('）') {
                let number = &normalised[..close + '）'.len_utf8()];
                if number.chars().count() <= 4 {
                    let text = normalised[number.len()..].trim_start_matches(['、', ' ']);
                    blocks.push(Block::Heading(Heading {
                        level: 2,
                        number: number.to_string(),
                        text: text.to_string(),
                    }));
                    continue;
                }
            }
        }
        blocks.push(Block::Paragraph(Paragraph {
            text: line.to_string(),
        }));
    }
    let date = Date {
        year: 2023,
        month: 1,
        day: 18,
    };
    Document {
        meta: Metadata {
            title: title.clone(),
            author: "老城区人民政府办公室".to_string(),
            language: "zh-CN".to_string(),
            date: Some(date),
        },
        title,
        blocks,
        signature: Some(Signature {
            agency: "老城区人民政府办公室".to_string(),
            date: Some(date),
        }),
        draft: false,
    }
}

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("docx_export")
        .join(name);
    std::fs::create_dir_all(&dir).expect("create test output dir");
    dir
}

/// What the Python checker must find, derived from the document tree.
fn expectations(doc: &Document) -> String {
    let esc = |s: &str| serde_json::Value::String(s.to_string());
    let mut paragraphs = vec![esc(&doc.title)];
    let mut tables = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => paragraphs.push(esc(&h.full_text())),
            Block::Paragraph(p) => paragraphs.push(esc(&p.text)),
            Block::Table(t) => {
                let cells: Vec<_> = t
                    .cells
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "row": c.row, "col": c.col, "rowspan": c.rowspan,
                            "colspan": c.colspan, "text": c.text,
                            "kind": format!("{:?}", c.kind),
                        })
                    })
                    .collect();
                tables.push(serde_json::json!({
                    "rows": t.rows, "cols": t.columns, "header_rows": t.header_rows,
                    "cells": cells,
                }));
            }
        }
    }
    if let Some(sig) = &doc.signature {
        paragraphs.push(esc(&sig.agency));
        if let Some(d) = sig.date {
            paragraphs.push(esc(&d.to_chinese()));
        }
    }
    serde_json::json!({
        "title": doc.meta.title,
        "creator": doc.meta.author,
        "language": doc.meta.language,
        "draft": doc.draft,
        "paragraphs": paragraphs,
        "tables": tables,
    })
    .to_string()
}

/// Runs tests/python/check_docx.py on `docx`; panics with its report.
fn check_with_real_clients(doc: &Document, docx: &Path, render: bool) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expect = docx.with_extension("expect.json");
    std::fs::write(&expect, expectations(doc)).expect("write expectations");
    let mut cmd = Command::new("python3");
    cmd.arg(manifest.join("tests/python/check_docx.py"))
        .arg(docx)
        .arg(&expect)
        .env("FONTCONFIG_FILE", manifest.join("tests/fonts.conf"));
    if !render {
        cmd.arg("--no-render");
    }
    let out = cmd
        .output()
        .expect("python3 is needed for the DOCX checks (apt-get install python3)");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "check_docx.py failed on {}:\n{report}",
        docx.display()
    );
    eprintln!("{report}");
}

#[test]
fn seed_report_reads_back_validates_and_renders() {
    let doc = seed_document();
    let bytes = write_docx(&doc, &DocxOptions::default()).expect("write seed docx");
    let path = out_dir("seed").join("seed.docx");
    std::fs::write(&path, &bytes).expect("write docx");
    check_with_real_clients(&doc, &path, true);
}

#[test]
fn draft_is_marked_and_still_valid() {
    let mut doc = seed_document();
    doc.draft = true;
    doc.blocks.truncate(6);
    let bytes = write_docx(&doc, &DocxOptions::default()).expect("write draft docx");
    let path = out_dir("draft").join("draft.docx");
    std::fs::write(&path, &bytes).expect("write docx");
    check_with_real_clients(&doc, &path, true);
}

#[test]
fn same_document_gives_identical_bytes() {
    let doc = seed_document();
    let a = write_docx(&doc, &DocxOptions::default()).unwrap();
    let b = write_docx(&doc.clone(), &DocxOptions::default()).unwrap();
    assert_eq!(a, b);
    let mut other = doc.clone();
    other.title.push('！');
    assert_ne!(a, write_docx(&other, &DocxOptions::default()).unwrap());
}

#[test]
fn every_part_is_deflated_in_a_fixed_order() {
    let bytes = write_docx(&seed_document(), &DocxOptions::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        assert_eq!(
            entry.compression(),
            zip::CompressionMethod::Deflated,
            "{} is not deflated",
            entry.name().unwrap()
        );
        names.push(entry.name().unwrap().to_string());
    }
    assert_eq!(names[0], "[Content_Types].xml");
    assert!(names.contains(&"word/document.xml".to_string()));
    assert!(names.contains(&"word/theme/theme1.xml".to_string()));
}

#[test]
fn markup_characters_survive_in_paragraphs_and_cells() {
    let tricky = "A<B>&C\"D'E “引号” ";
    let mut doc = seed_document();
    doc.blocks.truncate(1);
    doc.blocks.push(Block::Paragraph(Paragraph {
        text: format!(" {tricky}"),
    }));
    doc.blocks.push(Block::Table(Table {
        columns: 2,
        rows: 1,
        widths: vec![1, 1],
        header_rows: 1,
        cells: vec![
            cell(0, 0, 1, 1, CellKind::Header, tricky),
            cell(0, 1, 1, 1, CellKind::Label, "<w:t>&amp;</w:t>"),
        ],
    }));
    doc.meta.title = "T&<>\"'".to_string();
    let bytes = write_docx(&doc, &DocxOptions::default()).unwrap();
    let path = out_dir("escaping").join("escaping.docx");
    std::fs::write(&path, &bytes).unwrap();
    check_with_real_clients(&doc, &path, false);
}

#[test]
fn control_characters_are_refused_naming_the_text() {
    let mut doc = seed_document();
    doc.blocks.push(Block::Paragraph(Paragraph {
        text: "坏\u{1}字".to_string(),
    }));
    let n = doc.blocks.len();
    match write_docx(&doc, &DocxOptions::default()) {
        Err(e @ DocxError::ControlCharacter { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains(&format!("block {n} (paragraph)")), "{msg}");
            assert!(msg.contains("U+0001") && msg.contains("坏"), "{msg}");
        }
        other => panic!("expected a control-character error, got {other:?}"),
    }
}

#[test]
fn broken_tables_are_refused_not_written() {
    let mut doc = seed_document();
    let mut t = table_t4();
    t.cells.pop();
    doc.blocks.push(Block::Table(t));
    let err = write_docx(&doc, &DocxOptions::default()).unwrap_err();
    assert!(
        matches!(err, DocxError::InvalidTable { table: 4, .. }),
        "{err}"
    );
}
