//! The whole pipeline from arbitrary bytes: read (as TOML, JSON, a DOCX or
//! a web page) → resolve → check → document → layout → PDF and DOCX in
//! memory → atomic write. Any panic, hang or abort is a bug; an `Err` is the
//! expected answer to most inputs.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use gongwen::export::{render_report, write_outputs, Format, RenderOptions};
use gongwen::fonts::FontSet;
use gongwen::input::sniff::Kind;
use gongwen::input::{read_bytes_with, ReadOptions, Syntax};
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
    // The first byte picks the reader: 0 TOML, 1 JSON, 2 DOCX, 3 web page
    // (and so on, modulo 4).
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let report = match first % 4 {
        reader @ (0 | 1) => {
            let syntax = if reader == 0 {
                Syntax::Toml
            } else {
                Syntax::Json
            };
            let Ok(text) = std::str::from_utf8(rest) else {
                return;
            };
            gongwen::model::from_text(Path::new("fuzz"), text, syntax)
        }
        reader => {
            let kind = if reader == 2 { Kind::Zip } else { Kind::Html };
            let options = ReadOptions::default();
            match read_bytes_with(Path::new("fuzz"), kind, rest.to_vec(), &options) {
                Ok(parsed) => gongwen::model::resolve(&parsed),
                Err(e) => Err(e),
            }
        }
    };
    let Ok(report) = report else {
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
