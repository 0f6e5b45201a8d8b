//! The seed report through layout and the PDF writer, checked with the
//! clients a reader or archive would use: poppler (pdftotext, pdffonts,
//! pdfinfo) and qpdf. These tools must be installed (`apt-get install -y
//! poppler-utils qpdf`); a missing tool fails the test.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;
use gongwen::doc::{Block, CellKind, Document, Instant, Paragraph, Stamp};
use gongwen::fonts::{FontMap, FontSet, FontSpec};
use gongwen::layout::{
    layout_document, LayoutError, BLOCK_HEIGHT, BLOCK_LEFT, BLOCK_TOP, BLOCK_WIDTH,
};
use gongwen::pdf::{write_pdf, Conformance, PdfOptions};

const RIGHT: f32 = BLOCK_LEFT + BLOCK_WIDTH;
const BOTTOM: f32 = BLOCK_TOP + BLOCK_HEIGHT;

/// The seed exported once (dated, so PDF/A-2b), shared by the read-only checks.
fn seed_pdf() -> &'static (Document, PathBuf, usize) {
    static PDF: OnceLock<(Document, PathBuf, usize)> = OnceLock::new();
    PDF.get_or_init(|| {
        let doc = dated(seed_doc(false));
        let fonts = FontSet::bundled().expect("bundled fonts");
        let pages = layout(&doc, &fonts);
        let pdf = write_pdf(&pages, &fonts, &PdfOptions::default()).expect("pdf");
        let path = save("seed.pdf", &pdf);
        (doc, path, pages.pages.len())
    })
}

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Page texts from `pdftotext -raw` (content-stream order), whitespace removed.
fn page_texts(path: &std::path::Path) -> Vec<String> {
    let (ok, text, err) = tool("pdftotext", &["-raw", path_str(path), "-"]);
    assert!(ok, "pdftotext failed: {err}");
    text.split('\u{c}').map(strip_ws).collect()
}

#[test]
fn every_paragraph_heading_and_table_label_extracts_verbatim() {
    let (doc, path, pages) = seed_pdf();
    let texts = page_texts(path);
    // A paragraph may run over a page break, where the page number sits.
    let mut all = texts.concat();
    for n in 1..=*pages {
        all = all.replace(&format!("—{n}—"), "");
    }
    assert!(all.contains(&strip_ws(&doc.title)), "title missing");
    let mut checked = 0;
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => {
                assert!(
                    all.contains(&strip_ws(&h.full_text())),
                    "heading {}",
                    h.full_text()
                );
                checked += 1;
            }
            Block::Paragraph(p) => {
                assert!(
                    all.contains(&strip_ws(&p.text)),
                    "paragraph not verbatim: {}",
                    p.text
                );
                checked += 1;
            }
            Block::Table(t) => {
                for c in &t.cells {
                    let want = strip_ws(&c.text);
                    // Cells never straddle a page: the text is whole on one page.
                    assert!(
                        texts.iter().any(|page| page.contains(&want)),
                        "table cell ({},{}) not verbatim on one page: {}",
                        c.row,
                        c.col,
                        c.text
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} items checked");
}

#[test]
fn copied_text_has_no_invented_spaces() {
    // What a reader gets by copy/paste: pdftotext's default mode, which
    // inserts a space wherever glyphs stand apart. Joining the lines back
    // must give every paragraph exactly, spaces included.
    let (doc, path, _) = seed_pdf();
    let (ok, text, err) = tool("pdftotext", &[path_str(path), "-"]);
    assert!(ok, "{err}");
    let joined: String = text
        .split(['\n', '\u{c}'])
        .filter(|l| !(l.starts_with('—') && l.ends_with('—')))
        .collect();
    for block in &doc.blocks {
        if let Block::Paragraph(p) = block {
            assert!(joined.contains(&p.text), "copied text differs: {}", p.text);
        }
    }
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let (_, path, _) = seed_pdf();
    let (ok, out, err) = tool("pdffonts", &[path_str(path)]);
    assert!(ok, "{err}");
    let rows: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(rows.len() >= 5, "expected the five role fonts:\n{out}");
    for row in rows {
        let name = row.split_whitespace().next().unwrap_or("");
        assert!(name.contains('+'), "not a subset name: {row}");
        assert!(
            row.contains("yes yes yes"),
            "font not embedded+subset+unicode: {row}"
        );
    }
}

#[test]
fn qpdf_finds_no_errors_and_pdfinfo_sees_a4_pdfa() {
    let (_, path, pages) = seed_pdf();
    let (ok, out, err) = tool("qpdf", &["--check", path_str(path)]);
    assert!(ok, "qpdf --check failed:\n{out}\n{err}");
    assert!(out.contains("No syntax or stream encoding errors"), "{out}");
    let (ok, info, err) = tool("pdfinfo", &[path_str(path)]);
    assert!(ok, "{err}");
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");
    assert!(
        info.contains(&format!("Pages:           {pages}")),
        "{info}"
    );
    assert!(info.contains("Title:           老城区人民政府办公室2022年政府信息公开工作年度报告"));
    assert!(info.contains("Author:          老城区人民政府办公室"));
    let (ok, meta, err) = tool("pdfinfo", &["-meta", path_str(path)]);
    assert!(ok, "{err}");
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{meta}"
    );
    assert!(meta.contains("zh-CN"), "language missing from XMP");
}

#[test]
fn page_numbers_alternate_sides_below_the_block() {
    let (_, path, pages) = seed_pdf();
    let words = words(path);
    for page in 1..=*pages {
        let folio: Vec<&Word> = words
            .iter()
            .filter(|w| w.page == page && w.y0 > BOTTOM)
            .collect();
        let text: String = folio
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(text, format!("— {page} —"), "page {page} folio");
        let left = folio.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
        let right = folio.iter().map(|w| w.x1).fold(0.0, f32::max);
        if page % 2 == 1 {
            assert!(
                (right - (RIGHT - 14.0)).abs() < 1.0,
                "odd page {page}: right edge {right}"
            );
        } else {
            assert!(
                (left - (BLOCK_LEFT + 14.0)).abs() < 1.0,
                "even page {page}: left edge {left}"
            );
        }
        // 一字线 7 mm below the block: the 14 pt line starts there.
        let top = folio.iter().map(|w| w.y0).fold(f32::MAX, f32::min);
        let expect = BOTTOM + 7.0 * 72.0 / 25.4;
        assert!(
            (top - expect).abs() < 2.0,
            "page {page}: folio top {top}, expected {expect}"
        );
    }
}

#[test]
fn body_text_stays_in_the_block_on_a_28_by_22_grid() {
    let (_, path, _) = seed_pdf();
    let words = words(path);
    let body = join_lines(&words, 15.9..=16.1, 0.5);
    let hanging: Vec<&TextLine> = body.iter().filter(|l| l.x1 > RIGHT + 0.05).collect();
    for w in words.iter().filter(|w| w.y0 < BOTTOM) {
        assert!(w.x0 >= BLOCK_LEFT - 0.05, "left of the block: {w:?}");
        // Only a line's hanging closing mark may pass the margin.
        let hangs = hanging
            .iter()
            .any(|l| l.page == w.page && (l.y0 - w.y0).abs() < 0.5 && (l.x1 - w.x1).abs() < 0.01);
        assert!(
            w.x1 <= RIGHT + 0.05 || hangs,
            "overflows the right margin: {w:?}"
        );
        assert!(
            w.y0 >= BLOCK_TOP - 0.05 && w.y1 <= BOTTOM + 0.05,
            "outside the block: {w:?}"
        );
    }
    // Body lines are one grid pitch apart within a paragraph.
    let mut pitches = 0;
    for pair in body.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let gap = b.y0 - a.y0;
        if a.page == b.page && gap > 0.0 && gap < 40.0 {
            assert!(
                (28.95..=29.0).contains(&gap),
                "line pitch {gap} between {a:?} and {b:?}"
            );
            pitches += 1;
        }
    }
    assert!(pitches > 50, "only {pitches} line pairs measured");
    let grid = Grid {
        left: BLOCK_LEFT,
        right: RIGHT,
        cell: BLOCK_WIDTH / 28.0,
        mark: 16.0,
        tolerance: 0.05,
    };
    let count = check_grid(&body, &grid).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("seed PDF: {count:?}");
    // 允许标点溢出边界: the seed's two lines with a closing mark after the
    // 28th character keep their 28 characters and hang the mark.
    assert!(count.hanging >= 2, "{count:?}");
    assert_eq!(count.flush, count.full_width, "a full line not flush right");
    assert!(
        count.on_grid * 10 >= count.full_width * 9 && count.full_width > 20,
        "fewer than 90 % of full lines hold 28 characters on the grid: {count:?}"
    );
}

#[test]
fn long_table_repeats_header_and_continued_row_label() {
    let (doc, path, _) = seed_pdf();
    let texts = page_texts(path);
    let t3 = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) if t.rows == 28 => Some(t),
            _ => None,
        })
        .next()
        .expect("the 28-row applications table");
    let header = strip_ws(&t3.cell_at(0, 3).expect("header").text);
    let span = t3.cell_at(10, 0).expect("row-spanning label");
    assert!(span.rowspan > 10);
    let label = strip_ws(&span.text);
    let first = strip_ws(&t3.cell_at(3, 0).expect("first body row").text);
    let last = strip_ws(&t3.cell_at(27, 0).expect("last row").text);
    let start = texts
        .iter()
        .position(|t| t.contains(&first))
        .expect("table start");
    let end = texts
        .iter()
        .position(|t| t.contains(&last))
        .expect("table end");
    assert!(
        end > start,
        "the seed's applications table should run over a page"
    );
    for (i, page) in texts.iter().enumerate().take(end + 1).skip(start) {
        assert!(
            page.contains(&header),
            "page {} lacks the repeated header",
            i + 1
        );
    }
    // No lonely row: the table's last page brings (七)总计 with 四、结转….
    let total = strip_ws(&t3.cell_at(26, 1).expect("（七）总计").text);
    let last_page = &texts[end];
    assert!(
        last_page.contains(&total),
        "{last} alone on page {} under the repeated header",
        end + 1
    );
    // Every page holding rows 5..26 prints the 三、本年度办理结果 label again.
    let spanned: Vec<String> = (span.row..span.row + span.rowspan)
        .filter_map(|r| t3.cell_at(r, 2).or_else(|| t3.cell_at(r, 1)))
        .map(|c| strip_ws(&c.text))
        .collect();
    for (i, page) in texts.iter().enumerate() {
        if spanned.iter().any(|s| page.contains(s.as_str())) {
            assert!(
                page.contains(&label),
                "page {} has spanned rows without the label",
                i + 1
            );
        }
    }
}

#[test]
fn exports_are_byte_identical() {
    let doc = dated(seed_doc(true));
    let a = export(&doc, &PdfOptions::default());
    let b = export(&doc, &PdfOptions::default());
    assert!(a == b, "two exports differ");
    let tagged = PdfOptions {
        conformance: Conformance::PdfA2aUa1,
    };
    assert!(
        export(&doc, &tagged) == export(&doc, &tagged),
        "tagged exports differ"
    );
}

/// Issue 13 item 4: a file states the report's 成文日期, or the instant
/// SOURCE_DATE_EPOCH names, or no date at all; never one of its own.
#[test]
fn file_dates_come_from_the_document_never_the_clock() {
    let info = |name: &str, doc: &Document, options: &PdfOptions| -> (String, String) {
        let path = save(name, &export(doc, options));
        let (ok, info, err) = tool("pdfinfo", &["-isodates", path_str(&path)]);
        assert!(ok, "{err}");
        let (ok, xmp, err) = tool("pdfinfo", &["-meta", path_str(&path)]);
        assert!(ok, "{err}");
        (info, xmp)
    };
    let mut doc = seed_doc(false);
    let day = gongwen::doc::Date::new(2023, 1, 18).unwrap();
    doc.meta.stamp = Some(Stamp::Day(day));
    let (pdf, xmp) = info("dated.pdf", &doc, &PdfOptions::default());
    assert!(
        pdf.contains("CreationDate:    2023-01-18T00:00:00"),
        "{pdf}"
    );
    assert!(xmp.contains("<xmp:CreateDate>2023-01-18T00:00:00"), "{xmp}");
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part>"),
        "dated is PDF/A: {xmp}"
    );

    let instant = Instant::from_unix_seconds(1_700_000_001).unwrap();
    doc.meta.stamp = Some(Stamp::Instant(instant));
    let (pdf, xmp) = info("epoch.pdf", &doc, &PdfOptions::default());
    assert!(
        pdf.contains("CreationDate:    2023-11-14T22:13:21"),
        "{pdf}"
    );
    assert!(
        xmp.contains("<xmp:CreateDate>2023-11-14T22:13:21Z"),
        "{xmp}"
    );

    // Undated: no date anywhere, and so no PDF/A claim (PDF/A needs one).
    doc.meta.stamp = None;
    let (pdf, xmp) = info("undated.pdf", &doc, &PdfOptions::default());
    assert!(
        !pdf.contains("CreationDate") && !pdf.contains("ModDate"),
        "{pdf}"
    );
    assert!(
        !xmp.contains("Date") && !xmp.contains("stEvt:when"),
        "{xmp}"
    );
    assert!(!xmp.contains("pdfaid"), "undated is not PDF/A: {xmp}");
    // PDF/A asked for by name cannot be met without a date: refused.
    let fonts = FontSet::bundled().expect("fonts");
    let pages = layout(&doc, &fonts);
    for conformance in [Conformance::PdfA2b, Conformance::PdfA2aUa1] {
        let refused = write_pdf(&pages, &fonts, &PdfOptions { conformance });
        assert!(
            matches!(refused, Err(gongwen::pdf::PdfError::ArchivalWithoutDate)),
            "{conformance:?}: {refused:?}"
        );
    }
}

#[test]
fn draft_mark_on_every_page_and_still_valid() {
    let doc = seed_doc(true);
    let pdf = export(&doc, &PdfOptions::default());
    let path = save("seed-draft.pdf", &pdf);
    let (ok, out, err) = tool("qpdf", &["--check", path_str(&path)]);
    assert!(ok, "{out}{err}");
    let words = words(&path);
    let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
    for page in 1..=pages {
        assert!(
            words
                .iter()
                .any(|w| w.page == page && w.text == "草稿" && w.y1 < BLOCK_TOP),
            "page {page} lacks the 草稿 mark in the top margin"
        );
    }
}

#[test]
fn tagged_pdf_ua_validates_and_is_tagged() {
    let doc = dated(seed_doc(false));
    let pdf = export(
        &doc,
        &PdfOptions {
            conformance: Conformance::PdfA2aUa1,
        },
    );
    let path = save("seed-ua.pdf", &pdf);
    let (ok, out, err) = tool("qpdf", &["--check", path_str(&path)]);
    assert!(ok, "{out}{err}");
    let (ok, info, err) = tool("pdfinfo", &[path_str(&path)]);
    assert!(ok, "{err}");
    assert!(info.contains("Tagged:          yes"), "{info}");
    let (_, meta, _) = tool("pdfinfo", &["-meta", path_str(&path)]);
    assert!(
        meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{meta}"
    );
    assert!(meta.contains("pdfuaid"), "{meta}");
    // The structure tree mirrors the document: one H1, a heading tag per
    // heading, one TR per template row (not per printed row on a page).
    let (_, tree, _) = tool("pdfinfo", &["-struct", path_str(&path)]);
    let count = |tag: &str| {
        tree.lines()
            .filter(|l| l.trim_start().starts_with(tag))
            .count()
    };
    let headings = |level| {
        doc.blocks
            .iter()
            .filter(|b| matches!(b, Block::Heading(h) if h.level == level))
            .count()
    };
    let tables: Vec<_> = doc.tables().collect();
    assert_eq!(count("H1 "), 1, "{tree}");
    assert_eq!(count("H2 "), headings(1));
    assert_eq!(count("H3 "), headings(2));
    assert_eq!(count("Table"), tables.len());
    assert_eq!(count("TR"), tables.iter().map(|t| t.rows).sum::<usize>());
    let cells: usize = tables.iter().map(|t| t.cells.len()).sum();
    assert_eq!(count("TH") + count("TD"), cells);
}

#[test]
fn bookmarks_nest_level_two_under_level_one() {
    let (_, path, _) = seed_pdf();
    let (ok, json, err) = tool("qpdf", &["--json", "--json-key=outlines", path_str(path)]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).expect("qpdf json");
    let top = json["outlines"].as_array().expect("outlines");
    let titles: Vec<&str> = top.iter().filter_map(|o| o["title"].as_str()).collect();
    assert_eq!(titles.len(), 6, "six level-1 bookmarks: {titles:?}");
    assert_eq!(titles[0], "一、总体情况");
    let kids: Vec<&str> = top[0]["kids"]
        .as_array()
        .expect("kids")
        .iter()
        .filter_map(|o| o["title"].as_str())
        .collect();
    assert_eq!(kids.first(), Some(&"（一）主动公开"), "{kids:?}");
    assert_eq!(kids.len(), 5, "{kids:?}");
}

fn with_rare_characters() -> Document {
    let mut doc = dated(seed_doc(false));
    doc.blocks.insert(
        1,
        Block::Paragraph(Paragraph {
            text: "经办人朱镕基同志与吉𠮷先生核对了全部数据。".into(),
        }),
    );
    for b in doc.blocks.iter_mut() {
        if let Block::Table(t) = b {
            if let Some(c) = t.cells.iter_mut().find(|c| c.kind == CellKind::Label) {
                c.text.push('镕');
            }
            break;
        }
    }
    if let Some(Block::Heading(h)) = doc
        .blocks
        .iter_mut()
        .find(|b| matches!(b, Block::Heading(_)))
    {
        h.text.push('𠮷');
    }
    doc
}

#[test]
fn missing_glyph_without_fallback_is_an_error_naming_it() {
    let fonts = FontSet::bundled().expect("bundled fonts");
    let err = layout_document(&with_rare_characters(), &fonts).expect_err("must refuse");
    let LayoutError::MissingGlyphs(missing) = &err else {
        panic!("wrong error: {err}");
    };
    let msg = err.to_string();
    assert!(msg.contains("U+9555 镕"), "{msg}");
    assert!(msg.contains("U+20BB7 𠮷"), "{msg}");
    assert!(msg.contains("朱镕基"), "location excerpt missing: {msg}");
    // Each occurrence once, at the place a clerk finds it in the printout:
    // measuring a heading or a table before placing it adds no entry.
    let places: Vec<(char, &str)> = missing
        .iter()
        .map(|m| (m.ch, m.location.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            ('𠮷', "小标题“一、总体情况𠮷”"),
            ('镕', "正文第 1 段“经办人朱镕基同志与吉𠮷先生核对了”"),
            ('𠮷', "正文第 1 段“人朱镕基同志与吉𠮷先生核对了全部”"),
            ('镕', "第 1 张表第 3 行第 1 列“规章镕”"),
        ],
        "{msg}"
    );
}

#[test]
fn missing_glyph_with_fallback_warns_and_prints_it() {
    let map = FontMap {
        fallback: vec![FontSpec::Family("Noto Serif CJK SC".into())],
        ..FontMap::default()
    };
    let fonts = FontSet::load(&map).unwrap_or_else(|e| {
        panic!("{e}\nthis test needs a CJK font with 镕 and 𠮷: apt-get install -y fonts-noto-cjk")
    });
    let doc = with_rare_characters();
    let (pages, warnings) = layout_document(&doc, &fonts).expect("fallback covers both");
    let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        text.iter()
            .any(|w| w.contains("U+9555 镕") && w.contains("朱镕基")),
        "{text:?}"
    );
    assert!(text.iter().any(|w| w.contains("U+20BB7 𠮷")), "{text:?}");
    assert!(
        text.iter()
            .any(|w| w.contains("U+9555 镕") && w.contains("张表")),
        "{text:?}"
    );
    let pdf = write_pdf(&pages, &fonts, &PdfOptions::default()).expect("PDF/A accepts it");
    let path = save("rare.pdf", &pdf);
    let all = page_texts(&path).concat();
    assert!(
        all.contains("经办人朱镕基同志与吉𠮷先生核对了全部数据。"),
        "not extracted verbatim"
    );
}
