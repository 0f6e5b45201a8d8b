//! `gongwen export` through the real binary: what is written, what is
//! refused, drafts, and byte-identical output.

mod binary;

use binary::{gongwen, text};
use std::path::{Path, PathBuf};
use std::process::Command;

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");

/// pdftotext is a real client of our PDFs; scripts/test.sh installs it.
fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is missing: install poppler-utils (scripts/test.sh does)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

fn setup(content: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("report.toml");
    std::fs::write(&input, content).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    (dir, input, out)
}

fn broken_seed() -> String {
    let from = "needs_creation = [4, 0, 0, 0, 0, 0, 4]";
    assert!(SEED.contains(from));
    SEED.replace(from, "needs_creation = [5, 0, 0, 0, 0, 0, 5]")
}

#[test]
fn export_writes_pdf_and_docx_by_default() {
    let (_dir, input, out) = setup(SEED);
    let o = gongwen(&[
        "export",
        input.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let pdf = std::fs::read(out.join("report.pdf")).unwrap();
    let docx = std::fs::read(out.join("report.docx")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(docx.starts_with(b"PK\x03\x04"));
    assert!(text(&o).contains("report.pdf"), "{}", text(&o));
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "only the two documents, no temporaries: {names:?}"
    );
}

#[test]
fn export_without_out_dir_writes_next_to_the_input() {
    let (dir, input, _out) = setup(SEED);
    let o = gongwen(&["export", "--format", "pdf", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(dir.path().join("report.pdf").is_file());
    assert!(
        !dir.path().join("report.docx").exists(),
        "--format pdf writes no DOCX"
    );
}

#[test]
fn an_error_finding_blocks_export_and_keeps_previous_files() {
    let (_dir, input, out) = setup(&broken_seed());
    std::fs::write(out.join("report.pdf"), b"last year's good file").unwrap();
    let o = gongwen(&[
        "export",
        input.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("R3 总计列"), "{t}");
    assert!(t.contains("未导出"), "{t}");
    // The library says what happened; the command adds what to type.
    assert!(t.contains("（可用 --draft 导出标有“草稿”的审阅稿）"), "{t}");
    assert_eq!(
        std::fs::read(out.join("report.pdf")).unwrap(),
        b"last year's good file"
    );
    assert!(!out.join("report.docx").exists());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

#[test]
fn a_draft_exports_anyway_and_marks_every_page() {
    let (_dir, input, out) = setup(&broken_seed());
    let o = gongwen(&[
        "export",
        "--draft",
        input.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    let t = text(&o);
    // The findings are still reported, and still fail the run.
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("R3 自然人列"), "{t}");
    let pdf = out.join("report.pdf");
    assert!(pdf.is_file() && out.join("report.docx").is_file(), "{t}");
    let pages: Vec<String> = pdftotext(&pdf)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(String::from)
        .collect();
    assert!(pages.len() >= 4);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("草稿"), "page {} has no 草稿 mark", i + 1);
    }
    let final_export = setup(SEED);
    gongwen(&[
        "export",
        "--format",
        "pdf",
        final_export.1.to_str().unwrap(),
    ]);
    assert!(!pdftotext(&final_export.0.path().join("report.pdf")).contains("草稿"));
}

#[test]
fn the_same_input_gives_byte_identical_files() {
    let (_dir, input, out) = setup(SEED);
    let run = || {
        let o = gongwen(&[
            "export",
            input.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        (
            std::fs::read(out.join("report.pdf")).unwrap(),
            std::fs::read(out.join("report.docx")).unwrap(),
        )
    };
    let first = run();
    let second = run();
    assert!(first.0 == second.0, "PDF differs between runs");
    assert!(first.1 == second.1, "DOCX differs between runs");
}

#[test]
fn a_missing_output_folder_is_made_with_its_parents() {
    let (dir, input, _out) = setup(SEED);
    let missing = dir.path().join("no-such-folder").join("2025");
    let o = gongwen(&[
        "export",
        input.to_str().unwrap(),
        "--out-dir",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(missing.join("report.pdf").is_file(), "{}", text(&o));
    assert!(missing.join("report.docx").is_file(), "{}", text(&o));
    // A refused report makes no folder.
    let refused = dir.path().join("never");
    let (_d, broken, _o) = setup(&broken_seed());
    let o = gongwen(&[
        "export",
        broken.to_str().unwrap(),
        "--out-dir",
        refused.join("sub").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!refused.join("sub").exists(), "{}", text(&o));
}

#[test]
fn a_batch_keeps_going_past_a_failing_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), SEED).unwrap();
    std::fs::write(dir.path().join("b.toml"), broken_seed()).unwrap();
    std::fs::write(dir.path().join("c.json"), "{").unwrap();
    let o = gongwen(&["export", "--format", "pdf", dir.path().to_str().unwrap()]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(dir.path().join("a.pdf").is_file(), "{t}");
    assert!(!dir.path().join("b.pdf").exists(), "{t}");
    assert!(
        t.contains("共 3 个文件：0 个通过，1 个有警告，2 个失败"),
        "{t}"
    );
}
