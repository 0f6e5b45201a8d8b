//! Our own GB/T 9704 layout: the document tree in, positioned glyphs and
//! rules out. The result is plain data ([`pages`]) so a writer only walks
//! it and tests can inspect it without parsing a PDF.
//!
//! The engine runs in steps, a file each: `shape` resolves
//! characters to glyphs, `flow` sets the title, blocks and signature down
//! the pages (tables in `table`), `line` turns a line of glyphs into runs,
//! and `finish` adds page numbers and the draft mark.

#![warn(missing_docs)]

mod finish;
mod flow;
mod line;
pub mod pages;
mod shape;
mod table;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::doc::{Document, TableGridError};
use crate::fonts::{FaceId, FontSet, FontWarning, Metrics, MissingGlyph};
use crate::gbt9704;

pub use pages::{
    Element, ElementKind, Item, OutlineEntry, Page, Pages, PlacedGlyph, Role, Rule, TextRun,
};

use shape::Resolved;

/// A4 width in points, to 1/100 pt.
pub const PAGE_WIDTH: f32 = to_hundredths(gbt9704::pt(gbt9704::PAPER_WIDTH));
/// A4 height in points, to 1/100 pt.
pub const PAGE_HEIGHT: f32 = to_hundredths(gbt9704::pt(gbt9704::PAPER_HEIGHT));
/// 版心 left edge: the 28 mm 订口 margin.
pub const BLOCK_LEFT: f32 = gbt9704::pt(gbt9704::MARGIN_LEFT);
/// 版心 top edge: the 37 mm 天头 margin.
pub const BLOCK_TOP: f32 = gbt9704::pt(gbt9704::MARGIN_TOP);
/// 版心 width, 156 mm (442.20 pt).
pub const BLOCK_WIDTH: f32 = gbt9704::pt(gbt9704::BLOCK_WIDTH);
/// 版心 height, 225 mm (637.80 pt), page number excluded.
pub const BLOCK_HEIGHT: f32 = gbt9704::pt(gbt9704::BLOCK_HEIGHT);
/// GB/T 9704 §5.2.3: 22 lines a page …
pub const LINES_PER_PAGE: usize = gbt9704::LINES_PER_PAGE;
/// … of 28 characters, filling the block.
pub const CHARS_PER_LINE: usize = gbt9704::CHARS_PER_LINE;
/// 28.99 pt: the body line pitch that makes 22 lines fill the block.
pub const LINE_PITCH: f32 = BLOCK_HEIGHT / LINES_PER_PAGE as f32;
/// 15.79 pt: the body character cell that makes 28 fill a line.
pub const CHAR_PITCH: f32 = BLOCK_WIDTH / CHARS_PER_LINE as f32;

const BODY_SIZE: f32 = gbt9704::BODY_SIZE;
const TITLE_SIZE: f32 = gbt9704::TITLE_SIZE;
/// About 35 pt, the usual fixed leading for a 2号 title.
const TITLE_PITCH: f32 = LINE_PITCH * gbt9704::TITLE_LINE_PITCH_IN_LINES;
const FOLIO_SIZE: f32 = gbt9704::FOLIO_SIZE;
/// 左空二字, in body cells.
const INDENT: usize = gbt9704::PARAGRAPH_INDENT_CHARS;

/// The 草稿 stamp's size: large enough to see at a glance, our own choice.
const DRAFT_SIZE: f32 = 26.0;
/// Slack in comparisons of positions, far below anything visible.
const EPS: f32 = 0.01;

/// The paper's size is given to 1/100 pt, as PDF producers write A4
/// (595.28 × 841.89); positions on the page stay unrounded.
const fn to_hundredths(points: f32) -> f32 {
    (points as f64 * 100.0 + 0.5) as u32 as f32 / 100.0
}

/// Why a document cannot be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("以下字符没有任何已配置的字体能印出（请在字体配置中加入 fallback 字体）：\n{}", list(.0))]
    /// Characters no face can print, each with its place in the document.
    MissingGlyphs(Vec<MissingGlyph>),
    #[error("第 {table} 个表格：{problem}")]
    /// A table whose cells do not fit its grid (a template or builder bug).
    BadTable {
        /// 1-based number of the table in the document.
        table: usize,
        /// Which cell is wrong and how.
        #[source]
        problem: TableGridError,
    },
}

fn list(missing: &[MissingGlyph]) -> String {
    missing
        .iter()
        .map(|m| format!("  {m}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Lays out a document on GB/T 9704 pages.
///
/// Every character is checked against its role's face first; characters
/// only a fallback face has come back as warnings, characters no face has
/// make the whole layout fail with all of them listed.
pub fn layout_document(
    doc: &Document,
    fonts: &FontSet,
) -> Result<(Pages, Vec<FontWarning>), LayoutError> {
    let metrics = Metrics::new(fonts);
    let mut lx = Layouter {
        fonts,
        metrics: &metrics,
        cache: HashMap::new(),
        warnings: Vec::new(),
        missing: Vec::new(),
        pages: vec![blank_page()],
        y: BLOCK_TOP,
        outline: Vec::new(),
        elements: Vec::new(),
        flags: Vec::new(),
        target: None,
    };
    lx.flow(doc)?;
    if !lx.missing.is_empty() {
        return Err(LayoutError::MissingGlyphs(lx.missing));
    }
    lx.finish_pages(doc.draft);
    let pages = Pages {
        pages: lx.pages,
        outline: lx.outline,
        elements: lx.elements,
        meta: doc.meta.clone(),
    };
    Ok((pages, lx.warnings))
}

/// A page of the paper the standard fixes, nothing on it yet.
fn blank_page() -> Page {
    Page {
        width: PAGE_WIDTH,
        height: PAGE_HEIGHT,
        items: Vec::new(),
    }
}

/// The engine's state while one document is laid out: the pages so far,
/// where the free space starts, and what has been collected on the way.
struct Layouter<'a> {
    /// The faces every run refers to.
    fonts: &'a FontSet,
    /// Glyph lookup in those faces, for this run only.
    metrics: &'a Metrics<'a>,
    /// (role face, char) → face, glyph id, advance in em; None if no face has it.
    cache: HashMap<(FaceId, char), Option<Resolved>>,
    /// Characters printed from a fallback face, once per place.
    warnings: Vec<FontWarning>,
    /// Characters no face has, once per place; any makes the layout fail.
    missing: Vec<MissingGlyph>,
    /// The pages so far; the last is being filled.
    pages: Vec<Page>,
    /// Top of the free space on the last page.
    y: f32,
    /// Bookmarks so far.
    outline: Vec<OutlineEntry>,
    /// The logical structure so far.
    elements: Vec<Element>,
    /// Break flags of the text being shaped, kept to reuse the allocation.
    flags: Vec<bool>,
    /// Page items go to, when not the last one (page numbers, table parts).
    target: Option<usize>,
}

impl Layouter<'_> {
    /// Sends what is drawn next to page `page` instead of the last one.
    fn set_target(&mut self, page: usize) {
        self.target = Some(page);
    }

    /// Draws on the last page again.
    fn clear_target(&mut self) {
        self.target = None;
    }

    /// Adds a node to the logical structure and returns its index.
    fn element(&mut self, kind: ElementKind, parent: Option<usize>) -> usize {
        self.elements.push(Element {
            kind,
            parent,
            title: None,
        });
        self.elements.len() - 1
    }

    /// Starts a page; the free space is its whole block.
    fn new_page(&mut self) {
        self.pages.push(blank_page());
        self.y = BLOCK_TOP;
    }

    /// The index of the last page.
    fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Draws `item` on the target page.
    fn push(&mut self, item: Item) {
        let i = self.target.unwrap_or(self.pages.len() - 1);
        if let Some(page) = self.pages.get_mut(i) {
            page.items.push(item);
        }
    }
}
