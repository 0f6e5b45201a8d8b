//! The whole pipeline from arbitrary bytes: parse (as TOML and as JSON) →
//! resolve → check → document → layout → PDF and DOCX in memory → atomic
//! write. Any panic, hang or abort is a bug; an `Err` is the expected
//! answer to most inputs.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use gongwen::export::{render_report, write_outputs, Format, RenderOptions};
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
    // A draft renders despite error findings, so the layout sees them all.
    let options = RenderOptions {
        draft: true,
        ..RenderOptions::default()
    };
    let Ok(rendered) = render_report(&report, None, fonts(), &options) else {
        return;
    };
    let pdf = rendered.bytes(Format::Pdf).expect("a PDF was asked for");
    let docx = rendered.bytes(Format::Docx).expect("a DOCX was asked for");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(docx.starts_with(b"PK\x03\x04"));
    write_outputs(&rendered, &report.file, Some(out_dir().path()))
        .expect("write to a temporary folder");
});
