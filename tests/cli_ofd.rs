//! `gongwen export --format ofd` through the real binary: alone and with
//! the other formats, byte-identical runs, drafts, and the guarantees every
//! format shares (no output over an input, none over another report's, and
//! no file replaced unless all are written).

mod binary;

use binary::{gongwen, text};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");

fn setup(name: &str, content: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, content).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    (dir, input, out)
}

fn export(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "export",
        input.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    gongwen(&args)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The text of one package entry.
fn entry(ofd: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(ofd)).expect("an OFD is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("entry")
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn format_ofd_writes_only_the_ofd() {
    let (_dir, input, out) = setup("report.toml", SEED);
    let o = export(&input, &out, &["--format", "ofd"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("report.ofd"), "{}", text(&o));
    assert_eq!(names(&out), ["report.ofd"]);
    let ofd = std::fs::read(out.join("report.ofd")).unwrap();
    assert!(ofd.starts_with(b"PK\x03\x04"));
    let entry_point = entry(&ofd, "OFD.xml");
    assert!(entry_point
        .contains("<ofd:Title>老城区人民政府办公室2022年政府信息公开工作年度报告</ofd:Title>"));
    assert!(entry_point.contains("<ofd:Author>老城区人民政府办公室</ofd:Author>"));
}

#[test]
fn all_three_formats_in_one_run_and_byte_identical_twice() {
    let (_dir, input, out) = setup("report.toml", SEED);
    let run = || {
        let o = export(&input, &out, &["--format", "ofd,pdf,docx"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        // Listed in format order, whatever order they were asked in.
        let listed = text(&o);
        let at = |name: &str| listed.find(name).unwrap_or_else(|| panic!("{listed}"));
        assert!(at("report.pdf") < at("report.docx") && at("report.docx") < at("report.ofd"));
        std::fs::read(out.join("report.ofd")).unwrap()
    };
    let first = run();
    let second = run();
    assert_eq!(names(&out), ["report.docx", "report.ofd", "report.pdf"]);
    assert!(first == second, "the OFD differs between runs");
}

#[test]
fn the_default_formats_are_pdf_and_docx() {
    let (_dir, input, out) = setup("report.toml", SEED);
    let o = export(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(names(&out), ["report.docx", "report.pdf"]);
    let help = gongwen(&["export", "--help"]);
    assert!(text(&help).contains("ofd"), "{}", text(&help));
    let bad = gongwen(&["export", "--format", "odf", input.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert!(text(&bad).contains("ofd"), "{}", text(&bad));
}

#[test]
fn a_draft_ofd_is_stamped_on_every_page() {
    let broken = SEED.replace(
        "needs_creation = [4, 0, 0, 0, 0, 0, 4]",
        "needs_creation = [5, 0, 0, 0, 0, 0, 5]",
    );
    assert_ne!(broken, SEED);
    let (_dir, input, out) = setup("report.toml", &broken);
    let refused = export(&input, &out, &["--format", "ofd"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(names(&out).is_empty());
    let o = export(&input, &out, &["--format", "ofd", "--draft"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let ofd = std::fs::read(out.join("report.ofd")).unwrap();
    let document = entry(&ofd, "Doc_0/Document.xml");
    let pages = document.matches("<ofd:Page ").count();
    assert!(pages >= 5, "{document}");
    for page in 0..pages {
        let content = entry(&ofd, &format!("Doc_0/Pages/Page_{page}/Content.xml"));
        assert!(
            content.contains(r#"<ofd:FillColor Value="150 150 150"/><ofd:TextCode X="0" Y="#)
                && content.contains(">草稿</ofd:TextCode>"),
            "page {page} has no stamp"
        );
    }
}

/// A report named as an OFD would be overwritten by its own output: a file
/// named .ofd is not read as a report (gongwen writes OFD, it does not read
/// it), so it is refused unread and stays as it was.
#[test]
fn a_report_named_as_its_ofd_is_refused_unread() {
    let (_dir, input, _out) = setup("x.ofd", SEED);
    let o = gongwen(&["export", "--format", "ofd", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("无法识别的文件格式"), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), SEED);
}

/// Two reports of one name into one folder: the second OFD would replace
/// the first's.
#[test]
fn two_reports_with_one_name_do_not_share_an_ofd() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("r.toml"), SEED).unwrap();
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let o = gongwen(&[
        "export",
        "--format",
        "ofd",
        dir.path().join("a").to_str().unwrap(),
        dir.path().join("b").to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("r.ofd") && text(&o).contains("的输出同名"),
        "{}",
        text(&o)
    );
    assert_eq!(names(&out), ["r.ofd"]);
}

/// The OFD's place is taken by a folder: nothing is replaced, so the PDF
/// and DOCX already there stay the pair they were.
#[test]
fn no_file_is_replaced_unless_the_ofd_is_written_too() {
    let (_dir, input, out) = setup("report.toml", SEED);
    std::fs::write(out.join("report.pdf"), b"old pdf").unwrap();
    std::fs::write(out.join("report.docx"), b"old docx").unwrap();
    std::fs::create_dir(out.join("report.ofd")).unwrap();
    let o = export(&input, &out, &["--format", "pdf,docx,ofd"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("report.ofd"), "{}", text(&o));
    assert_eq!(std::fs::read(out.join("report.pdf")).unwrap(), b"old pdf");
    assert_eq!(std::fs::read(out.join("report.docx")).unwrap(), b"old docx");
    assert_eq!(names(&out), ["report.docx", "report.ofd", "report.pdf"]);
}
