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
    build_document, Block, Cell, CellKind, Date, Document, Heading, Paragraph, Signature, Table,
};
use gongwen::docx::{write_docx, DocxError, DocxOptions};
use gongwen::model;

/// The seed report (examples/laochengqu-2022.toml) through the real loader
/// and builder.
fn seed_document() -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/laochengqu-2022.toml");
    let report = model::load(&path).expect("seed loads");
    build_document(&report, false).expect("seed builds")
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

fn tables(doc: &Document) -> Vec<&Table> {
    doc.tables().collect()
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

/// The seed with a signature: the seed has none, an official report
/// usually has one, and §7.3.5.2 must be exercised.
fn signed_seed() -> Document {
    let mut doc = seed_document();
    let date = Date {
        year: 2023,
        month: 1,
        day: 18,
    };
    doc.meta.date = Some(date);
    doc.signature = Some(Signature {
        agency: doc.meta.author.clone(),
        date: Some(date),
    });
    doc
}

#[test]
fn seed_report_reads_back_validates_and_renders() {
    let doc = signed_seed();
    // The checker tests every merge generically; make sure the seed really
    // has the T3 ones official-format.md §1.3 lists, so that is not vacuous.
    let t3 = tables(&doc)[1];
    let note = t3.cell_at(2, 2).expect("T3 note cell");
    assert_eq!(
        (note.row, note.col, note.rowspan, note.colspan),
        (0, 0, 3, 3)
    );
    let results = t3.cell_at(26, 0).expect("T3 results label");
    assert_eq!((results.row, results.col, results.rowspan), (5, 0, 22));
    assert_eq!(t3.header_rows, 3);
    let bytes = write_docx(&doc, &DocxOptions::default()).expect("write seed docx");
    let path = out_dir("seed").join("seed.docx");
    std::fs::write(&path, &bytes).expect("write docx");
    check_with_real_clients(&doc, &path, true);
}

/// A draft with what the seed lacks: heading levels 3 and 4, a tab and a
/// line break inside a paragraph, and a signature shorter than its date.
#[test]
fn draft_is_marked_and_still_valid() {
    let mut doc = seed_document();
    doc.draft = true;
    doc.blocks.truncate(6);
    for (level, number, text) in [(3, "1.", "三级标题"), (4, "（1）", "四级标题")] {
        doc.blocks.push(Block::Heading(Heading {
            level,
            number: number.to_string(),
            text: text.to_string(),
        }));
    }
    doc.blocks.push(Block::Paragraph(Paragraph {
        text: "第一行\t制表符后\n第二行\r\n第三行".to_string(),
    }));
    doc.signature = Some(Signature {
        agency: "某某局".to_string(),
        date: Some(Date {
            year: 2023,
            month: 12,
            day: 18,
        }),
    });
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
        text_size: Default::default(),
        cells: vec![
            cell(0, 0, 1, 1, CellKind::Header, tricky),
            cell(0, 1, 1, 1, CellKind::Label, "<w:t>&amp;</w:t>"),
        ],
    }));
    doc.meta.title = "T&<>\"'".to_string();
    let bytes = write_docx(&doc, &DocxOptions::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    // Escaped in the paragraph (with its spaces kept) and in both cells.
    assert!(
        xml.contains(r#"<w:t xml:space="preserve"> A&lt;B&gt;&amp;C&quot;D&apos;E “引号” </w:t>"#),
        "{xml}"
    );
    assert!(xml.contains("<w:t>&lt;w:t&gt;&amp;amp;&lt;/w:t&gt;</w:t>"));
    assert_eq!(xml.matches("A&lt;B&gt;&amp;C&quot;D&apos;E").count(), 2);
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
    let mut t = tables(&doc)[2].clone();
    t.cells.pop();
    doc.blocks.push(Block::Table(t));
    let err = write_docx(&doc, &DocxOptions::default()).unwrap_err();
    assert!(
        matches!(err, DocxError::InvalidTable { table: 4, .. }),
        "{err}"
    );
}

/// Every part of the signed seed, one element per line, against
/// tests/golden/docx/seed/. GONGWEN_UPDATE=1 rewrites them; a missing golden
/// is written and the test fails once, so a new one cannot pass unseen.
#[test]
fn seed_parts_match_the_golden_files() {
    let bytes = write_docx(&signed_seed(), &DocxOptions::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/docx/seed");
    let update = std::env::var_os("GONGWEN_UPDATE").is_some();
    let mut problems = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
        // Text is escaped, so "><" only ever sits between two tags.
        let got = xml.replace("><", ">\n<") + "\n";
        let path = golden.join(&name);
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(_) if !update => problems.push(format!("{name} differs from {}", path.display())),
            Err(_) if !update => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &got).unwrap();
                problems.push(format!(
                    "{name}: golden was missing, written to {}",
                    path.display()
                ));
            }
            _ => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &got).unwrap();
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n(run with GONGWEN_UPDATE=1 to accept)",
        problems.join("\n")
    );
}
