//! The whole pipeline from arbitrary bytes: parse (as TOML and as JSON) →
//! resolve → check → document → layout → PDF and DOCX in memory → atomic
//! write. Any panic, hang or abort is a bug; an `Err` is the expected
//! answer to most inputs.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use gongwen::export::{render, write_atomic_all, ExportOptions};
use gongwen::fonts::FontSet;
use gongwen::input::Syntax;
use libfuzzer_sys::fuzz_target;

fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| FontSet::bundled().expect("bundled fonts load"))
}

fn out_dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temporary folder"))
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the syntax.
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let syntax = if first & 1 == 0 {
        Syntax::Toml
    } else {
        Syntax::Json
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(report) = gongwen::model::from_text(Path::new("fuzz"), text, syntax) else {
        return;
    };
    let findings = gongwen::check::check_all(&report, None, &gongwen::check::CheckOptions::default());
    let _ = gongwen::check::has_errors(&findings);
    // A draft renders despite error findings, so the layout sees them all.
    let options = ExportOptions {
        draft: true,
        ..ExportOptions::default()
    };
    let Ok(rendered) = render(&report, fonts(), &options) else {
        return;
    };
    let pdf = rendered.pdf.expect("a PDF was asked for");
    let docx = rendered.docx.expect("a DOCX was asked for");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(docx.starts_with(b"PK\x03\x04"));
    let dir = out_dir().path();
    let (p, d) = (dir.join("f.pdf"), dir.join("f.docx"));
    write_atomic_all(&[(&p, &pdf), (&d, &docx)]).expect("write to a temporary folder");
});
