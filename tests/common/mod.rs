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

/// `doc` with the 成文日期 a filed report carries (the seed as published
/// has none): PDF/A states a date, so the archival checks need one.
pub fn dated(mut doc: Document) -> Document {
    let day = gongwen::doc::Date::new(2023, 1, 18).expect("a calendar date");
    doc.meta.stamp = Some(gongwen::doc::Stamp::Day(day));
    doc
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

/// Closing marks that may hang one cell past the right margin.
pub const HANGING: &str = "，。、；：？！）》」』”’";
/// Marks no line may start with (GB/T 15834 practice and UAX #14).
pub const CLOSING: &str = "，。、；：？！）》」』”’〕】…—,.;:?!)%";

/// A visual line: the words of `pdftotext -bbox` sharing a baseline.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub page: usize,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// The words' text, joined without spaces.
    pub text: String,
}

/// Joins words whose top edges agree (within `slack`) into lines, in
/// reading order; only words whose height is in `heights` (the body size).
pub fn join_lines(
    words: &[Word],
    heights: std::ops::RangeInclusive<f32>,
    slack: f32,
) -> Vec<TextLine> {
    // pdftotext does not always list a line's words together (a loose
    // line's last character may come elsewhere): group them by place.
    let mut sorted: Vec<&Word> = words
        .iter()
        .filter(|w| heights.contains(&(w.y1 - w.y0)))
        .collect();
    sorted.sort_by(|a, b| (a.page, a.y0).partial_cmp(&(b.page, b.y0)).expect("finite"));
    let mut groups: Vec<Vec<&Word>> = Vec::new();
    for w in sorted {
        match groups.last_mut() {
            Some(g) if g[0].page == w.page && (g[0].y0 - w.y0).abs() < slack => g.push(w),
            _ => groups.push(vec![w]),
        }
    }
    groups
        .into_iter()
        .map(|mut g| {
            g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            TextLine {
                page: g[0].page,
                x0: g.iter().map(|w| w.x0).fold(f32::MAX, f32::min),
                y0: g.iter().map(|w| w.y0).fold(f32::MAX, f32::min),
                x1: g.iter().map(|w| w.x1).fold(f32::MIN, f32::max),
                y1: g.iter().map(|w| w.y1).fold(f32::MIN, f32::max),
                text: g.iter().map(|w| w.text.as_str()).collect(),
            }
        })
        .collect()
}

/// The body text block as a page draws it, for [`check_grid`].
pub struct Grid {
    pub left: f32,
    pub right: f32,
    /// One character cell.
    pub cell: f32,
    /// Width a hanging mark's box takes past the margin (its font size).
    pub mark: f32,
    /// How far a line's edge may sit from where the grid puts it.
    pub tolerance: f32,
}

/// What [`check_grid`] counted.
#[derive(Debug, Default, Clone, Copy)]
pub struct GridCount {
    /// Lines followed by a continuation line of the same paragraph.
    pub full: usize,
    /// Full lines of full-width characters only.
    pub full_width: usize,
    /// Of those, the ones ending exactly at the margin.
    pub flush: usize,
    /// Of those, the ones holding exactly as many characters as cells.
    pub on_grid: usize,
    /// Full lines ending with a hanging closing mark.
    pub hanging: usize,
    /// Full lines of full-width characters off the grid because a word of
    /// digits or Latin letters, never broken, did not fit after them.
    pub before_word: usize,
}

/// The hanging rule on body lines: nothing crosses the right margin but one
/// hanging closing mark at a line's end; no line starts with closing
/// punctuation. The full lines (those a continuation line at the left
/// margin follows) are counted: whether they end at the margin and whether
/// they hold exactly one character a cell.
pub fn check_grid(lines: &[TextLine], grid: &Grid) -> Result<GridCount, String> {
    let mut count = GridCount::default();
    for (i, a) in lines.iter().enumerate() {
        let last = a.text.chars().last().unwrap_or(' ');
        let hangs = a.x1 > grid.right + grid.tolerance;
        if hangs {
            if !HANGING.contains(last) {
                return Err(format!("past the margin, not a hanging mark: {a:?}"));
            }
            if a.x1 - grid.mark > grid.right + grid.tolerance {
                return Err(format!("more than one mark past the margin: {a:?}"));
            }
        }
        // A paragraph's first line (indented) starts as its writer wrote it.
        let continuation = (a.x0 - grid.left).abs() < grid.tolerance;
        if let (true, Some(first)) = (continuation, a.text.chars().next()) {
            if CLOSING.contains(first) {
                return Err(format!("line starts with closing punctuation: {a:?}"));
            }
        }
        let Some(b) = lines.get(i + 1) else { continue };
        let gap = b.y0 - a.y0;
        let continued = a.page == b.page
            && gap > 10.0
            && gap < 40.0
            && (b.x0 - grid.left).abs() < grid.tolerance;
        if !continued {
            continue;
        }
        count.full += 1;
        if hangs {
            count.hanging += 1;
        }
        let inside: Vec<char> = a.text.chars().filter(|c| !c.is_whitespace()).collect();
        let inside = if hangs {
            &inside[..inside.len() - 1]
        } else {
            &inside[..]
        };
        // A line of Latin words may end at a space, which pdftotext does
        // not show; one of full-width characters ends at the margin unless
        // a long unbreakable run left it too few characters to spread.
        if inside.iter().all(|c| !c.is_ascii()) {
            let end = if hangs { a.x1 - grid.mark } else { a.x1 };
            if (end - grid.right).abs() <= grid.tolerance {
                count.flush += 1;
            }
            count.full_width += 1;
            let cells = ((grid.right - a.x0) / grid.cell).round() as usize;
            if inside.len() == cells {
                count.on_grid += 1;
            } else if b.text.chars().take(3).any(|c| c.is_ascii_alphanumeric()) {
                // The next line starts with such a word, or with the mark or
                // character glued to its front (“2023, 市%45).
                count.before_word += 1;
            }
        }
    }
    Ok(count)
}
