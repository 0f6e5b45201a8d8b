//! Shared helpers for the PDF tests: the seed document, exports, and the
//! poppler/qpdf command-line clients (required: a missing tool fails loudly).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use gongwen::doc::{build_document, Document};
use gongwen::fonts::FontSet;
use gongwen::layout::{layout_document, Pages};
use gongwen::model;
use gongwen::pdf::{write_pdf, PdfOptions};

pub fn seed_doc(draft: bool) -> Document {
    let report = model::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/laochengqu-2022.toml"
    )))
    .expect("seed example loads");
    build_document(&report, draft).expect("seed builds")
}

pub fn layout(doc: &Document, fonts: &FontSet) -> Pages {
    let (pages, warnings) = layout_document(doc, fonts).expect("layout");
    assert!(
        warnings.is_empty(),
        "unexpected font warnings: {warnings:?}"
    );
    pages
}

pub fn export(doc: &Document, options: &PdfOptions) -> Vec<u8> {
    let fonts = FontSet::bundled().expect("bundled fonts");
    let pages = layout(doc, &fonts);
    write_pdf(&pages, &fonts, options).expect("pdf")
}

/// Writes `bytes` to a fresh file under the target dir (kept for inspection).
pub fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-tests");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

/// Runs a poppler/qpdf client; a missing tool is a failure, never a skip.
pub fn tool(name: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}); install it with: apt-get install -y poppler-utils qpdf")
    });
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A word box from `pdftotext -bbox`.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

/// Every word of every page with its box, via `pdftotext -bbox`.
pub fn words(pdf: &Path) -> Vec<Word> {
    let path = pdf.to_str().expect("utf-8 path");
    let (ok, html, err) = tool("pdftotext", &["-bbox", path, "-"]);
    assert!(ok, "pdftotext -bbox failed: {err}");
    let mut out = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let attr = |key: &str| -> f32 {
                let k = format!("{key}=\"");
                let start = rest.find(&k).expect("attr") + k.len();
                let end = rest[start..].find('"').expect("quote") + start;
                rest[start..end].parse().expect("number")
            };
            let text_start = rest.find('>').expect(">") + 1;
            let text_end = rest.rfind("</word>").expect("</word>");
            out.push(Word {
                page,
                x0: attr("xMin"),
                y0: attr("yMin"),
                x1: attr("xMax"),
                y1: attr("yMax"),
                text: unescape(&rest[text_start..text_end]),
            });
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
