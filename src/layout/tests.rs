//! Layout rules checked on small documents.

use super::*;
use crate::doc::{Block, Cell, CellKind, Date, Heading, Metadata, Paragraph, Signature, Table};

fn doc(blocks: Vec<Block>, signature: Option<Signature>) -> Document {
    Document {
        meta: Metadata {
            title: "测试".into(),
            author: "某某县人民政府办公室".into(),
            language: "zh-CN".into(),
            stamp: None,
        },
        title: "某某县人民政府办公室2023年政府信息公开工作年度报告".into(),
        blocks,
        signature,
        draft: false,
    }
}

fn runs(pages: &Pages) -> impl Iterator<Item = (usize, &TextRun)> {
    pages.pages.iter().enumerate().flat_map(|(i, p)| {
        p.items.iter().filter_map(move |it| match it {
            Item::Text(t) => Some((i, t)),
            Item::Rule(_) => None,
        })
    })
}

fn run_width(r: &TextRun) -> f32 {
    r.glyphs.iter().map(|g| g.advance).sum()
}

#[test]
fn the_paper_goes_to_pdf_as_a4_is_usually_written() {
    assert_eq!((PAGE_WIDTH, PAGE_HEIGHT), (595.28, 841.89));
}

#[test]
fn signature_right_two_and_date_two_further_right() {
    let fonts = FontSet::bundled().expect("fonts");
    let d = doc(
        vec![Block::Paragraph(Paragraph {
            text: "正文。".into(),
        })],
        Some(Signature {
            agency: "某某县人民政府办公室".into(),
            date: Some(Date {
                year: 2024,
                month: 1,
                day: 18,
            }),
        }),
    );
    let (pages, _) = layout_document(&d, &fonts).expect("layout");
    let body: Vec<&TextRun> = runs(&pages)
        .map(|(_, r)| r)
        .filter(|r| r.text == "正文。")
        .collect();
    let agency = runs(&pages)
        .map(|(_, r)| r)
        .find(|r| r.text == "某某县人民政府办公室")
        .expect("agency");
    let date = runs(&pages)
        .map(|(_, r)| r)
        .find(|r| r.text.starts_with("2024"))
        .expect("date");
    assert_eq!(date.text, "2024年1月18日");
    // One blank line between text and signature, date on the next line.
    assert!((agency.y - body[0].y - 2.0 * LINE_PITCH).abs() < 0.01);
    assert!((date.y - agency.y - LINE_PITCH).abs() < 0.01);
    // 右空二字; the date starts two characters right of the agency.
    let right = BLOCK_LEFT + BLOCK_WIDTH - 2.0 * CHAR_PITCH;
    assert!(
        (agency.x + 10.0 * CHAR_PITCH - right).abs() < 0.01,
        "agency at {}",
        agency.x
    );
    assert!(
        (date.x - agency.x - 2.0 * CHAR_PITCH).abs() < 0.01,
        "date at {}",
        date.x
    );
    assert!(date.x + run_width(date) <= right + 0.3);
}

#[test]
fn long_date_pushes_the_short_signature_left() {
    let fonts = FontSet::bundled().expect("fonts");
    let d = doc(
        vec![],
        Some(Signature {
            agency: "某局".into(),
            date: Some(Date {
                year: 2024,
                month: 12,
                day: 18,
            }),
        }),
    );
    let (pages, _) = layout_document(&d, &fonts).expect("layout");
    let agency = runs(&pages)
        .map(|(_, r)| r)
        .find(|r| r.text == "某局")
        .expect("agency");
    let date = runs(&pages)
        .map(|(_, r)| r)
        .find(|r| r.text.starts_with("2024"))
        .expect("date");
    let right = BLOCK_LEFT + BLOCK_WIDTH - 2.0 * CHAR_PITCH;
    let date_end = date.x + date.glyphs.iter().map(|g| g.advance).sum::<f32>();
    assert!(
        (date_end - right).abs() < 0.3,
        "date ends at {date_end}, want {right}"
    );
    assert!((date.x - agency.x - 2.0 * CHAR_PITCH).abs() < 0.01);
}

#[test]
fn title_lines_are_centred_and_text_starts_after_a_blank_line() {
    let fonts = FontSet::bundled().expect("fonts");
    let d = doc(
        vec![Block::Heading(Heading {
            level: 1,
            number: "一、".into(),
            text: "总体情况".into(),
        })],
        None,
    );
    let (pages, _) = layout_document(&d, &fonts).expect("layout");
    let title: Vec<&TextRun> = runs(&pages)
        .map(|(_, r)| r)
        .filter(|r| r.size == TITLE_SIZE)
        .collect();
    assert_eq!(title.len(), 2, "two title lines");
    for r in &title {
        let w: f32 = r.glyphs[..r.glyphs.len() - 1]
            .iter()
            .map(|g| g.advance)
            .sum::<f32>()
            + r.glyphs.last().map_or(0.0, |g| g.advance);
        let centre = r.x + w / 2.0;
        assert!(
            (centre - (BLOCK_LEFT + BLOCK_WIDTH / 2.0)).abs() < 0.5,
            "{} off centre",
            r.text
        );
    }
    let heading = runs(&pages)
        .map(|(_, r)| r)
        .find(|r| r.text == "一、总体情况")
        .expect("heading");
    // Two title lines (≈ 2.4 grid lines), rounded up to the grid, then a blank line.
    let k = ((heading.y - BLOCK_TOP) / LINE_PITCH).floor() as usize;
    assert_eq!(k, 4, "heading on grid line {k}");
    assert!(
        (heading.x - (BLOCK_LEFT + 2.0 * CHAR_PITCH)).abs() < 0.01,
        "indent 2 characters"
    );
}

fn long_table(rows: usize) -> Table {
    let mut cells = vec![
        Cell {
            row: 0,
            col: 0,
            rowspan: 1,
            colspan: 1,
            text: "项目".into(),
            kind: CellKind::Header,
        },
        Cell {
            row: 0,
            col: 1,
            rowspan: 1,
            colspan: 1,
            text: "说明".into(),
            kind: CellKind::Header,
        },
        Cell {
            row: 0,
            col: 2,
            rowspan: 1,
            colspan: 1,
            text: "数量".into(),
            kind: CellKind::Header,
        },
        Cell {
            row: 1,
            col: 0,
            rowspan: rows - 1,
            colspan: 1,
            text: "跨页的合并单元格".into(),
            kind: CellKind::Label,
        },
    ];
    for r in 1..rows {
        cells.push(Cell {
            row: r,
            col: 1,
            rowspan: 1,
            colspan: 1,
            text: format!("第{r}行的说明文字"),
            kind: CellKind::Label,
        });
        cells.push(Cell {
            row: r,
            col: 2,
            rowspan: 1,
            colspan: 1,
            text: format!("{r}"),
            kind: CellKind::Number,
        });
    }
    Table {
        columns: 3,
        rows,
        widths: vec![2, 5, 2],
        header_rows: 1,
        text_size: Default::default(),
        cells,
    }
}

#[test]
fn table_splits_where_it_is_rather_than_moving_whole() {
    let fonts = FontSet::bundled().expect("fonts");
    let mut blocks = vec![Block::Paragraph(Paragraph {
        text: "字".repeat(28 * 8),
    })];
    blocks.push(Block::Table(long_table(40)));
    let (pages, _) = layout_document(&doc(blocks, None), &fonts).expect("layout");
    let page_of = |text: &str| runs(&pages).find(|(_, r)| r.text == text).map(|(p, _)| p);
    assert_eq!(
        page_of("第1行的说明文字"),
        Some(0),
        "first rows share the page with the text"
    );
    // Header and the continued label on every later page the table reaches.
    let last = page_of("第39行的说明文字").expect("last row");
    assert!(last >= 1);
    for p in 1..=last {
        let texts: Vec<&str> = runs(&pages)
            .filter(|(i, _)| *i == p)
            .map(|(_, r)| r.text.as_str())
            .collect();
        assert!(texts.contains(&"项目"), "page {p} lacks the header");
        assert!(
            texts
                .iter()
                .any(|t| "跨页的合并单元格".contains(t) && !t.is_empty()),
            "page {p} lacks the label"
        );
    }
    // Rows never straddle pages: each row's cells share one page.
    for r in 1..40 {
        let a = page_of(&format!("第{r}行的说明文字"));
        let b = page_of(&format!("{r}"));
        assert_eq!(a, b, "row {r} split");
    }
}

/// A table of `groups` groups of three rows, each under a rowspan label.
fn grouped_table(groups: usize) -> Table {
    let header = |col, text: &str| Cell {
        row: 0,
        col,
        rowspan: 1,
        colspan: 1,
        text: text.into(),
        kind: CellKind::Header,
    };
    let mut cells = vec![header(0, "类别"), header(1, "项目"), header(2, "数量")];
    for g in 0..groups {
        let first = 1 + 3 * g;
        cells.push(Cell {
            row: first,
            col: 0,
            rowspan: 3,
            colspan: 1,
            text: format!("第{g}组"),
            kind: CellKind::Label,
        });
        for r in first..first + 3 {
            cells.push(Cell {
                row: r,
                col: 1,
                rowspan: 1,
                colspan: 1,
                text: format!("第{r}行"),
                kind: CellKind::Label,
            });
            cells.push(Cell {
                row: r,
                col: 2,
                rowspan: 1,
                colspan: 1,
                text: format!("{r}"),
                kind: CellKind::Number,
            });
        }
    }
    Table {
        columns: 3,
        rows: 1 + 3 * groups,
        widths: vec![2, 5, 2],
        header_rows: 1,
        text_size: Default::default(),
        cells,
    }
}

#[test]
fn no_page_holds_a_lonely_row_of_a_table_or_of_a_group() {
    let fonts = FontSet::bundled().expect("fonts");
    let mut split = 0;
    // Text of every length before the table moves the page break through
    // every row of it.
    for lines in 0..21 {
        for table in [long_table(12), grouped_table(4)] {
            let rows = table.rows;
            let groups: Vec<(usize, usize)> = table
                .cells
                .iter()
                .filter(|c| c.rowspan > 1 && c.rowspan < rows - 1)
                .map(|c| (c.row, c.row + c.rowspan))
                .collect();
            let mut blocks = Vec::new();
            if lines > 0 {
                blocks.push(Block::Paragraph(Paragraph {
                    text: "字".repeat(26 + 28 * (lines - 1)),
                }));
            }
            blocks.push(Block::Table(table));
            let (pages, _) = layout_document(&doc(blocks, None), &fonts).expect("layout");
            let page_of = |r: usize| {
                runs(&pages)
                    .find(|(_, run)| {
                        run.text == format!("第{r}行") || run.text == format!("第{r}行的说明文字")
                    })
                    .map(|(p, _)| p)
                    .expect("row printed")
            };
            let on: Vec<usize> = (1..rows).map(page_of).collect();
            let mut per_page = std::collections::BTreeMap::new();
            for p in &on {
                *per_page.entry(*p).or_insert(0) += 1;
            }
            if per_page.len() > 1 {
                split += 1;
            }
            for (p, n) in &per_page {
                assert!(
                    *n >= 2,
                    "{lines} lines of text: page {p} holds {n} row(s) {on:?}"
                );
            }
            for (s, e) in groups {
                let mut parts = std::collections::BTreeMap::new();
                for r in s..e {
                    *parts.entry(on[r - 1]).or_insert(0) += 1;
                }
                assert!(
                    parts.len() == 1 || parts.values().all(|&n| n >= 2),
                    "{lines} lines of text: group {s}..{e} split as {parts:?}"
                );
            }
        }
    }
    assert!(split > 10, "only {split} layouts split a table");
}

#[test]
fn caption_rows_start_on_the_page_of_their_first_content_row() {
    let fonts = FontSet::bundled().expect("fonts");
    let cell = |row, text: &str, kind| Cell {
        row,
        col: 0,
        rowspan: 1,
        colspan: 1,
        text: text.into(),
        kind,
    };
    let table = Table {
        columns: 1,
        rows: 3,
        widths: vec![1],
        header_rows: 0,
        text_size: Default::default(),
        cells: vec![
            cell(0, "第二十条第（五）项", CellKind::Header),
            cell(1, "信息内容", CellKind::Header),
            cell(2, "行政许可", CellKind::Label),
        ],
    };
    // 4 grid lines of title and blank, then text down to line 20:
    // two caption rows would still fit, the content row would not.
    let blocks = vec![
        Block::Paragraph(Paragraph {
            text: "字".repeat(26 + 28 * 16),
        }),
        Block::Table(table),
    ];
    let (pages, _) = layout_document(&doc(blocks, None), &fonts).expect("layout");
    let page_of = |text: &str| runs(&pages).find(|(_, r)| r.text == text).map(|(p, _)| p);
    assert_eq!(page_of("行政许可"), Some(1));
    assert_eq!(
        page_of("第二十条第（五）项"),
        Some(1),
        "caption left behind"
    );
    assert_eq!(page_of("信息内容"), Some(1), "caption left behind");
}

#[test]
fn text_after_a_table_is_back_on_the_grid_with_space() {
    let fonts = FontSet::bundled().expect("fonts");
    let blocks = vec![
        Block::Table(long_table(4)),
        Block::Paragraph(Paragraph {
            text: "表后正文。".into(),
        }),
    ];
    let (pages, _) = layout_document(&doc(blocks, None), &fonts).expect("layout");
    let after = runs(&pages)
        .map(|(_, r)| r)
        .find(|r| r.text == "表后正文。")
        .expect("text");
    let first_line = BLOCK_TOP + (LINE_PITCH - BODY_SIZE) / 2.0 + BODY_SIZE * 0.88;
    let k = (after.y - first_line) / LINE_PITCH;
    assert!((k - k.round()).abs() < 0.001, "off grid: line {k}");
    let table_bottom = pages.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r.from.1.max(r.to.1)),
            Item::Text(_) => None,
        })
        .fold(0.0, f32::max);
    let text_top = after.y - BODY_SIZE * 0.88;
    assert!(
        text_top - table_bottom >= 0.5 * LINE_PITCH + (LINE_PITCH - BODY_SIZE) / 2.0 - 0.01,
        "only {} pt after the table",
        text_top - table_bottom
    );
}

#[test]
fn a_table_that_does_not_tile_its_grid_is_one_typed_error() {
    let fonts = FontSet::bundled().expect("fonts");
    let mut table = long_table(3);
    table.cells.pop();
    let err = layout_document(&doc(vec![Block::Table(table)], None), &fonts).unwrap_err();
    assert!(
        matches!(
            err,
            LayoutError::BadTable {
                table: 1,
                problem: TableGridError::Uncovered { row: 3, col: 3 }
            }
        ),
        "{err}"
    );
    assert_eq!(err.to_string(), "第 1 个表格：第 3 行第 3 列没有单元格");
}
