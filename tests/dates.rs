//! Issue 13 item 4, through the real binary: an exported file states the
//! report's 成文日期, or the instant `SOURCE_DATE_EPOCH` names, or no date
//! at all. Every date a PDF (pdfinfo, its XMP), a DOCX (core properties,
//! zip entries) or an OFD (DocInfo, zip entries) carries is read back and
//! compared with those two sources.

mod binary;

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

use binary::{gongwen, gongwen_env, text};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");
/// 2023-11-14 22:13:21 UTC; an odd second, which DOS time cannot hold.
const EPOCH: &str = "1700000001";

fn pdfinfo(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdfinfo")
        .args(args)
        .arg(pdf)
        .output()
        .expect("pdfinfo is missing: install poppler-utils (scripts/test.sh does)");
    assert!(out.status.success(), "pdfinfo failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

/// Every date a file states, as `YYYY-MM-DDTHH:MM` (zip entries: DOS time),
/// with where it was found.
fn dates_in(path: &Path) -> Vec<(String, String)> {
    let bytes = std::fs::read(path).unwrap();
    let mut found = Vec::new();
    if bytes.starts_with(b"%PDF-") {
        let info = pdfinfo(path, &["-isodates"]);
        for line in info.lines().filter(|l| l.contains("Date:")) {
            let (key, value) = line.split_once(':').unwrap();
            found.push((key.to_string(), value.trim()[..16].to_string()));
        }
        let xmp = pdfinfo(path, &["-meta"]);
        for key in [
            "xmp:CreateDate",
            "xmp:ModifyDate",
            "xmp:MetadataDate",
            "stEvt:when",
        ] {
            for part in xmp.split(&format!("<{key}>")).skip(1) {
                found.push((key.to_string(), part[..16].to_string()));
            }
        }
        return found;
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let t = entry.last_modified().unwrap();
        let name = entry.name().expect("entry name").to_string();
        found.push((
            format!("zip entry {name}"),
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute()
            ),
        ));
        if name == "docProps/core.xml" || name == "OFD.xml" {
            let mut xml = String::new();
            entry.read_to_string(&mut xml).unwrap();
            for key in ["dcterms:created", "dcterms:modified", "ofd:CreationDate"] {
                for part in xml.split(&format!("<{key}")).skip(1) {
                    let value = part.split_once('>').unwrap().1;
                    let value = value.split('<').next().unwrap();
                    found.push((format!("{name} {key}"), value.chars().take(16).collect()));
                }
            }
        }
    }
    found
}

fn export(dir: &Path, report: &str, vars: &[(&str, &str)], extra: &[&str]) -> std::process::Output {
    let input = dir.join("report.toml");
    std::fs::write(&input, report).unwrap();
    let mut args = vec![
        "export",
        input.to_str().unwrap(),
        "--format",
        "pdf,docx,ofd",
    ];
    args.extend_from_slice(extra);
    gongwen_env(&args, vars)
}

fn outputs(dir: &Path) -> Vec<std::path::PathBuf> {
    ["pdf", "docx", "ofd"]
        .iter()
        .map(|ext| dir.join(format!("report.{ext}")))
        .collect()
}

#[test]
fn an_undated_report_states_no_date_and_no_pdfa() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), SEED, &[], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("说明 PDF 未按 PDF/A 存档格式写出：报告没有成文日期"),
        "{}",
        text(&o)
    );
    for file in outputs(dir.path()) {
        for (place, date) in dates_in(&file) {
            // A zip entry cannot leave its date out; the DOS date field's
            // zero is the only value it then carries.
            assert!(
                place.starts_with("zip entry") && date == "1980-01-01T00:00",
                "{}: {place} states {date}",
                file.display()
            );
        }
    }
    let xmp = pdfinfo(&dir.path().join("report.pdf"), &["-meta"]);
    assert!(
        !xmp.contains("pdfaid"),
        "an undated PDF claims PDF/A:\n{xmp}"
    );

    // The JSON result says it too.
    let input = dir.path().join("report.toml");
    let o = gongwen(&["export", input.to_str().unwrap(), "--format", "pdf,json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let notes = &json["files"][0]["notes"];
    assert!(notes[0].as_str().unwrap().contains("PDF/A"), "{}", text(&o));
}

#[test]
fn source_date_epoch_dates_an_undated_report_and_pdfa_follows() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), SEED, &[("SOURCE_DATE_EPOCH", EPOCH)], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("PDF/A"), "{}", text(&o));
    let first: Vec<Vec<u8>> = outputs(dir.path())
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    for file in outputs(dir.path()) {
        let dates = dates_in(&file);
        assert!(!dates.is_empty(), "{} states no date", file.display());
        for (place, date) in dates {
            let expected = if place.contains("ofd:CreationDate") {
                "2023-11-14" // xs:date
            } else {
                "2023-11-14T22:13"
            };
            assert_eq!(date, expected, "{}: {place}", file.display());
        }
    }
    let xmp = pdfinfo(&dir.path().join("report.pdf"), &["-meta"]);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    // The same input and environment give the same bytes.
    export(dir.path(), SEED, &[("SOURCE_DATE_EPOCH", EPOCH)], &[]);
    for (file, before) in outputs(dir.path()).iter().zip(&first) {
        assert!(
            &std::fs::read(file).unwrap() == before,
            "{} changed between runs",
            file.display()
        );
    }
}

#[test]
fn the_reports_own_date_wins_over_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let dated = SEED.replacen("[report]\n", "[report]\ndate = \"2023-01-18\"\n", 1);
    assert_ne!(dated, SEED);
    let o = export(dir.path(), &dated, &[("SOURCE_DATE_EPOCH", EPOCH)], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for file in outputs(dir.path()) {
        for (place, date) in dates_in(&file) {
            assert!(
                date.starts_with("2023-01-18"),
                "{}: {place} states {date}",
                file.display()
            );
        }
    }
}

#[test]
fn pdfa_asked_for_without_a_date_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    for standard in ["a2b", "a2a-ua1"] {
        let o = export(dir.path(), SEED, &[], &["--pdf-standard", standard]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(
            text(&o).contains("PDF/A 须注明文件日期") && text(&o).contains("date = "),
            "{}",
            text(&o)
        );
        for file in outputs(dir.path()) {
            assert!(!file.exists(), "{} written", file.display());
        }
    }
}

#[test]
fn a_malformed_source_date_epoch_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["yesterday", "-5", "1.5"] {
        let o = export(dir.path(), SEED, &[("SOURCE_DATE_EPOCH", bad)], &[]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", text(&o));
        assert!(text(&o).contains("SOURCE_DATE_EPOCH"), "{}", text(&o));
        for file in outputs(dir.path()) {
            assert!(!file.exists(), "{} written", file.display());
        }
    }
}
