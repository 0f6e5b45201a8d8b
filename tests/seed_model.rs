use gongwen::doc::{build_document, Block, CellKind};
use gongwen::model;
use std::path::Path;

fn seed() -> model::Report {
    model::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/laochengqu-2022.toml"
    )))
    .unwrap()
}

#[test]
fn seed_builds_the_three_official_tables() {
    let doc = build_document(&seed(), false).unwrap();
    let tables: Vec<_> = doc.tables().collect();
    assert_eq!(tables.len(), 3);
    let t3 = tables[1];
    assert_eq!((t3.rows, t3.columns), (28, 10));
    let merged = t3.cell_at(26, 0).unwrap();
    assert_eq!(
        (merged.row, merged.col, merged.rowspan, merged.colspan),
        (5, 0, 22, 1)
    );
    assert_eq!(merged.text, "三、本年度办理结果");
    let note = t3.cell_at(2, 2).unwrap();
    assert_eq!(
        (note.row, note.col, note.rowspan, note.colspan),
        (0, 0, 3, 3)
    );
    assert_eq!(
        t3.cells
            .iter()
            .filter(|c| c.kind == CellKind::Number)
            .count(),
        175
    );
    let needs_creation = t3.cell_at(16, 3).unwrap();
    assert_eq!(needs_creation.text, "4");
    let t4 = tables[2];
    assert_eq!((t4.rows, t4.columns), (4, 15));
    let numbers: Vec<&str> = t4
        .cells
        .iter()
        .filter(|c| c.row == 3)
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        numbers,
        ["2", "0", "0", "0", "2", "2", "2", "0", "0", "4", "0", "0", "0", "2", "2"]
    );
    let t2 = tables[0];
    assert_eq!((t2.rows, t2.columns), (14, 4));
}

#[test]
fn seed_headings_are_numbered() {
    let doc = build_document(&seed(), false).unwrap();
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(h.full_text()),
            _ => None,
        })
        .collect();
    assert_eq!(headings[0], "一、总体情况");
    assert_eq!(headings[1], "（一）主动公开");
    assert!(headings.contains(&"六、其他需要报告的事项".to_string()));
    assert!(headings.contains(&"（二）改进措施".to_string()));
    assert_eq!(
        doc.title,
        "老城区人民政府办公室2022年政府信息公开工作年度报告"
    );
}
