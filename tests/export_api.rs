//! The library's export entry points as a caller other than the CLI (a
//! server, the fuzz target) uses them: checks and refusal, the format set,
//! bytes in memory, and the files written from those same bytes.

use std::path::{Path, PathBuf};

use gongwen::check::has_errors;
use gongwen::export::{
    export_report, render_report, ExportError, ExportOptions, Format, RenderOptions,
};
use gongwen::fonts::FontSet;
use gongwen::model::{self, Report};

const SEED: &str = include_str!("../examples/laochengqu-2022.toml");

/// `text` as a report file in `dir`, loaded.
fn load(dir: &Path, name: &str, text: &str) -> Report {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    model::load(&path).expect("report loads")
}

fn seed(dir: &Path) -> Report {
    load(dir, "seed.toml", SEED)
}

/// The seed with R4 broken: the review row's total no longer adds up.
fn broken(dir: &Path) -> Report {
    let (from, to) = (
        "review            = [2, 0, 0, 0, 2]",
        "review            = [2, 0, 0, 0, 3]",
    );
    assert!(SEED.contains(from), "seed has no {from:?}");
    load(dir, "broken.toml", &SEED.replacen(from, to, 1))
}

fn only(formats: &[Format]) -> RenderOptions {
    RenderOptions {
        formats: formats.iter().copied().collect(),
        ..RenderOptions::default()
    }
}

#[test]
fn error_findings_refuse_the_render_and_come_with_the_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = FontSet::bundled().unwrap();
    let report = broken(dir.path());
    let refusal = render_report(&report, None, &fonts, &RenderOptions::default())
        .expect_err("error findings refuse the render");
    // A library message says what happened, not which flag to type.
    assert!(!refusal.to_string().contains("--"), "{refusal}");
    match refusal {
        ExportError::Blocked { findings } => {
            assert!(has_errors(&findings), "{findings:?}");
            assert!(findings.iter().any(|f| f.rule == "R4"), "{findings:?}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let draft = RenderOptions {
        draft: true,
        ..RenderOptions::default()
    };
    let rendered = render_report(&report, None, &fonts, &draft).expect("a draft renders");
    assert!(has_errors(&rendered.findings));
    assert!(rendered.bytes(Format::Pdf).is_some() && rendered.bytes(Format::Docx).is_some());
}

#[test]
fn only_the_requested_formats_are_rendered_and_layout_only_when_needed() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = FontSet::bundled().unwrap();
    let report = seed(dir.path());

    let docx = render_report(&report, None, &fonts, &only(&[Format::Docx])).unwrap();
    assert_eq!(docx.outputs.keys().collect::<Vec<_>>(), [&Format::Docx]);
    assert_eq!(docx.pages, None, "a DOCX alone needs no layout");
    assert!(docx.bytes(Format::Docx).unwrap().starts_with(b"PK\x03\x04"));

    let pdf = render_report(&report, None, &fonts, &only(&[Format::Pdf])).unwrap();
    assert_eq!(pdf.outputs.keys().collect::<Vec<_>>(), [&Format::Pdf]);
    assert_eq!(pdf.pages, Some(7));
    assert!(pdf.bytes(Format::Pdf).unwrap().starts_with(b"%PDF-"));

    // Each format's bytes do not depend on which others were asked for.
    let both = render_report(&report, None, &fonts, &RenderOptions::default()).unwrap();
    assert_eq!(both.bytes(Format::Pdf), pdf.bytes(Format::Pdf));
    assert_eq!(both.bytes(Format::Docx), docx.bytes(Format::Docx));
    // The seed's findings, warnings (T8 and C5 for three paragraphs of
    // half-width punctuation), come with the documents.
    let rules: Vec<&str> = both.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["T8", "C5", "C5", "C5"], "{:?}", both.findings);
}

#[test]
fn export_writes_the_rendered_bytes_in_format_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let fonts = FontSet::bundled().unwrap();
    let report = seed(dir.path());
    let rendered = render_report(&report, None, &fonts, &RenderOptions::default()).unwrap();
    let options = ExportOptions {
        out_dir: Some(out.clone()),
        ..ExportOptions::default()
    };
    let exported = export_report(&report, None, &fonts, &options).unwrap();
    assert_eq!(
        exported.written,
        [out.join("seed.pdf"), out.join("seed.docx")]
    );
    for (path, format) in exported.written.iter().zip(Format::ALL) {
        assert_eq!(
            Some(std::fs::read(path).unwrap().as_slice()),
            rendered.bytes(format)
        );
    }
    assert_eq!(exported.findings, rendered.findings);
    assert_eq!(exported.pages, rendered.pages);
}

#[test]
fn export_makes_a_missing_output_folder_and_refuses_a_file_in_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = FontSet::bundled().unwrap();
    let report = seed(dir.path());
    let missing: PathBuf = dir.path().join("missing").join("deeper");
    let options = ExportOptions {
        out_dir: Some(missing.clone()),
        ..ExportOptions::default()
    };
    let exported = export_report(&report, None, &fonts, &options).unwrap();
    assert_eq!(exported.written.len(), 2);
    assert!(exported
        .written
        .iter()
        .all(|p| p.starts_with(&missing) && p.is_file()));
    let file: PathBuf = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let options = ExportOptions {
        out_dir: Some(file.clone()),
        ..ExportOptions::default()
    };
    match export_report(&report, None, &fonts, &options) {
        Err(ExportError::OutDir(path)) => assert_eq!(path, file),
        other => panic!("expected OutDir, got {other:?}"),
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}
