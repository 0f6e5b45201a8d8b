//! Our own GB/T 9704 layout: the document tree in, positioned glyphs and
//! rules out. The result is plain data ([`Pages`]) so the PDF writer only
//! walks it and tests can inspect it without parsing a PDF.

#![warn(missing_docs)]

mod table;

use std::collections::HashMap;
use std::ops::Range;

use crate::doc::{self, Block, Document};
use crate::fonts::{FaceId, FontRole, FontSet, FontWarning, Metrics, MissingGlyph};
use crate::gbt9704;

use crate::text::linebreak::{self, Breakable};
use crate::text::title;

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

/// The paper's size goes to PDF to 1/100 pt, as PDF producers write A4
/// (595.28 × 841.89); positions on the page stay unrounded.
const fn to_hundredths(points: f32) -> f32 {
    (points as f64 * 100.0 + 0.5) as u32 as f32 / 100.0
}
const DRAFT_SIZE: f32 = 26.0;
const EPS: f32 = 0.01;

/// Everything the writers need, page by page, in points with the origin at
/// the top-left corner and y growing downwards (krilla's convention).
#[derive(Debug, Clone)]
pub struct Pages {
    /// In order; page `i` prints the number `i + 1`.
    pub pages: Vec<Page>,
    /// Headings for the PDF bookmarks, in document order.
    pub outline: Vec<OutlineEntry>,
    /// Logical structure for tagged PDF; items point into it by index.
    pub elements: Vec<Element>,
    /// Title, author, language and date for the file's metadata.
    pub meta: doc::Metadata,
}

/// One A4 page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Drawn in order: text, rules, then the page number and draft mark.
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
/// Something drawn on a page.
pub enum Item {
    /// A run of glyphs.
    Text(TextRun),
    /// A straight line.
    Rule(Rule),
}

/// Glyphs of one face and size on one baseline, with the source text so the
/// PDF extracts exactly what the document says.
#[derive(Debug, Clone)]
pub struct TextRun {
    /// Index into the [`FontSet`] used for layout.
    pub face: FaceId,
    /// Font size in points.
    pub size: f32,
    /// Pen position of the first glyph: x and the baseline y.
    pub x: f32,
    /// Baseline y.
    pub y: f32,
    /// One entry per character, in text order.
    pub glyphs: Vec<PlacedGlyph>,
    /// Exactly the characters the glyphs print, for extraction.
    pub text: String,
    /// 0 = black; the draft mark is light grey.
    pub gray: u8,
    /// Tagging: which element the run belongs to, or an artifact.
    pub role: Role,
}

/// One glyph with the advance to the next one (grid pitch plus any
/// justification), and its byte range in the run's text.
#[derive(Debug, Clone, Copy)]
pub struct PlacedGlyph {
    /// Glyph id in the run's face.
    pub id: u16,
    /// Pen advance to the next glyph, in points.
    pub advance: f32,
    /// Byte range `start..end` in the run's text.
    pub text: (u32, u32),
}

/// A straight line: table borders and the draft stamp's frame.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Start point.
    pub from: (f32, f32),
    /// End point.
    pub to: (f32, f32),
    /// Stroke width in points.
    pub width: f32,
    /// 0 = black.
    pub gray: u8,
}

/// What a piece of content is, for tagging: part of a logical element, or
/// an artifact a screen reader should skip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Part of `Pages::elements[i]`.
    Content(usize),
    /// Repeated table headers and continued row labels.
    Repeated,
    /// The folio `— N —`.
    PageNumber,
    /// The 草稿 stamp.
    DraftMark,
}

/// A node of the logical structure; `parent` indexes `Pages::elements`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// What the element is.
    pub kind: ElementKind,
    /// The enclosing element (a row's table, a cell's row).
    pub parent: Option<usize>,
    /// The heading text, which PDF/UA wants as the heading's title.
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// Kinds of logical element, mapped to PDF structure tags.
pub enum ElementKind {
    /// The document title (H1).
    Title,
    /// 1 = 一、 … 4 = （1）.
    Heading(u8),
    /// A body paragraph (P).
    Paragraph,
    /// 署名 and 成文日期 (P).
    Signature,
    /// A table (Table).
    Table,
    /// A table row (TR), in template order.
    Row,
    /// A heading cell (TH).
    HeaderCell {
        /// Rows covered.
        rowspan: u32,
        /// Columns covered.
        colspan: u32,
    },
    /// A label or figure cell (TD).
    DataCell {
        /// Rows covered.
        rowspan: u32,
        /// Columns covered.
        colspan: u32,
    },
}

/// A bookmark: the heading as printed, its level, and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// The heading as printed, number included.
    pub title: String,
    /// 1 = 一、 … 4 = （1）.
    pub level: u8,
    /// Page index (0-based).
    pub page: usize,
    /// Top of the heading's first line.
    pub y: f32,
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
        problem: String,
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
        pages: vec![Page::default()],
        y: BLOCK_TOP,
        outline: Vec::new(),
        elements: Vec::new(),
        flags: Vec::new(),
        target: None,
    };
    lx.title(&doc.title);
    let (mut tables, mut paragraphs) = (0, 0);
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading(h) => {
                // With its number, so a missing glyph met while measuring
                // it is reported where it will be printed.
                let next_table = match doc.blocks.get(i + 1) {
                    Some(Block::Table(t)) => Some((t, tables + 1)),
                    _ => None,
                };
                lx.heading(h, next_table)?;
            }
            Block::Paragraph(p) => {
                let id = lx.element(ElementKind::Paragraph, None);
                paragraphs += 1;
                let loc = |ex: &str| format!("正文第 {paragraphs} 段“{ex}”");
                lx.grid_text(&p.text, FontRole::Body, INDENT, Role::Content(id), &loc);
            }
            Block::Table(t) => {
                tables += 1;
                table::layout(&mut lx, t, tables)?;
            }
        }
    }
    if let Some(sig) = &doc.signature {
        lx.signature(sig);
    }
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

/// A character resolved to a face, with its layout width in points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    pub(crate) ch: char,
    pub(crate) byte: u32,
    pub(crate) face: FaceId,
    pub(crate) id: u16,
    pub(crate) width: f32,
    /// The glyph's own advance in points (its ink box), which may exceed
    /// the grid cell: 16 pt glyphs in 15.79 pt cells.
    pub(crate) advance: f32,
    /// Digits and Latin: placed at their own advance, never stretched apart.
    pub(crate) half: bool,
    pub(crate) break_before: bool,
}

impl Breakable for Glyph {
    fn width(&self) -> f32 {
        self.width
    }
    fn break_before(&self) -> bool {
        self.break_before
    }
    fn is_space(&self) -> bool {
        self.ch == ' '
    }
    fn is_closing(&self) -> bool {
        linebreak::is_closing(self.ch)
    }
}

/// A character's face, glyph id and advance in em.
type Resolved = (FaceId, u16, f32);

pub(crate) struct Layouter<'a> {
    fonts: &'a FontSet,
    metrics: &'a Metrics<'a>,
    /// (role face, char) → face, glyph id, advance in em; None if no face has it.
    cache: HashMap<(FaceId, char), Option<Resolved>>,
    warnings: Vec<FontWarning>,
    missing: Vec<MissingGlyph>,
    pub(crate) pages: Vec<Page>,
    /// Top of the free space on the last page.
    pub(crate) y: f32,
    outline: Vec<OutlineEntry>,
    elements: Vec<Element>,
    flags: Vec<bool>,
    /// Page items go to, when not the last one (page numbers, table parts).
    target: Option<usize>,
}

impl<'a> Layouter<'a> {
    pub(crate) fn set_target(&mut self, page: usize) {
        self.target = Some(page);
    }

    pub(crate) fn clear_target(&mut self) {
        self.target = None;
    }

    pub(crate) fn element(&mut self, kind: ElementKind, parent: Option<usize>) -> usize {
        self.elements.push(Element {
            kind,
            parent,
            title: None,
        });
        self.elements.len() - 1
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = BLOCK_TOP;
    }

    pub(crate) fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    pub(crate) fn push(&mut self, item: Item) {
        let i = self.target.unwrap_or(self.pages.len() - 1);
        if let Some(page) = self.pages.get_mut(i) {
            page.items.push(item);
        }
    }

    /// Resolves every char of `text` to a face and width. `grid` is the
    /// cell width full-width characters take (body text), `None` for their
    /// natural advance (title, tables).
    pub(crate) fn shape(
        &mut self,
        text: &str,
        role: FontRole,
        size: f32,
        grid: Option<f32>,
        location: &dyn Fn(&str) -> String,
    ) -> Vec<Glyph> {
        let mut flags = std::mem::take(&mut self.flags);
        linebreak::break_flags(text, &mut flags);
        let primary = self.fonts.role(role);
        let mut out = Vec::with_capacity(flags.len());
        for ((byte, ch), &break_before) in text.char_indices().zip(flags.iter()) {
            if ch == '\n' || ch == '\r' || ch == '\t' {
                continue;
            }
            let resolved = match self.cache.get(&(primary, ch)) {
                Some(r) => *r,
                None => {
                    let r = self.resolve(primary, ch);
                    self.cache.insert((primary, ch), r);
                    r
                }
            };
            let Some((face, id, adv)) = resolved else {
                let loc = location(&excerpt(text, byte));
                if !self.missing.iter().any(|m| m.ch == ch && m.location == loc) {
                    self.missing.push(MissingGlyph {
                        ch,
                        role,
                        location: loc,
                    });
                }
                continue;
            };
            if face != primary {
                let loc = location(&excerpt(text, byte));
                if !self
                    .warnings
                    .iter()
                    .any(|w| w.ch == ch && w.location == loc)
                {
                    self.warnings.push(FontWarning {
                        ch,
                        role,
                        substitute: self.fonts.name(face).to_string(),
                        location: loc,
                    });
                }
            }
            // Latin, digits and ASCII signs keep their own advance (a 0.8 em
            // '%' in a 1 em cell would leave a gap that reads as a space).
            let half = adv < 0.75 || ch.is_ascii();
            let width = match grid {
                Some(cell) if !half => cell,
                _ => adv * size,
            };
            out.push(Glyph {
                ch,
                byte: byte as u32,
                face,
                id,
                width,
                advance: adv * size,
                half,
                break_before,
            });
        }
        self.flags = flags;
        out
    }

    fn resolve(&self, primary: FaceId, ch: char) -> Option<(FaceId, u16, f32)> {
        std::iter::once(primary)
            .chain(self.fonts.fallback().iter().copied())
            .find_map(|face| {
                self.metrics
                    .glyph(face, ch)
                    .map(|(id, adv)| (face, id, adv))
            })
    }

    /// Emits one line of glyphs as runs (one per face), placing glyph `i`
    /// at `xs[i]`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn emit_line(
        &mut self,
        text: &str,
        glyphs: &[Glyph],
        xs: &[f32],
        baseline: f32,
        size: f32,
        gray: u8,
        role: Role,
    ) {
        let mut start = 0;
        while start < glyphs.len() {
            let face = glyphs[start].face;
            let mut end = start + 1;
            while end < glyphs.len() && glyphs[end].face == face {
                end += 1;
            }
            let b0 = glyphs[start].byte as usize;
            let b1 = glyphs.get(end).map(|g| g.byte as usize).unwrap_or_else(|| {
                let last = glyphs[end - 1];
                last.byte as usize + last.ch.len_utf8()
            });
            // A run's text is exactly its glyphs' characters: drop any control
            // characters the shaper skipped between them.
            let mut run_text = String::with_capacity(b1 - b0);
            let mut placed = Vec::with_capacity(end - start);
            for i in start..end {
                let g = glyphs[i];
                let s = run_text.len() as u32;
                run_text.push(g.ch);
                let advance = if i + 1 < xs.len() && i + 1 < glyphs.len() {
                    xs[i + 1] - xs[i]
                } else {
                    g.width
                };
                placed.push(PlacedGlyph {
                    id: g.id,
                    advance,
                    text: (s, run_text.len() as u32),
                });
            }
            debug_assert!(text.len() >= b1);
            self.push(Item::Text(TextRun {
                face,
                size,
                x: xs[start],
                y: baseline,
                glyphs: placed,
                text: run_text,
                gray,
                role,
            }));
            start = end;
        }
    }

    fn ascent(&self, role: FontRole) -> f32 {
        self.fonts
            .face(self.fonts.role(role))
            .map_or(0.88, |f| f.ascent_ratio)
    }

    /// Baseline that centres an em box of `size` in a band `top..top+height`.
    pub(crate) fn baseline(&self, role: FontRole, size: f32, top: f32, height: f32) -> f32 {
        top + (height - size) / 2.0 + size * self.ascent(role)
    }

    /// Index of the next free grid line, starting a new page if none is left.
    fn next_grid_line(&mut self) -> usize {
        let k = ((self.y - BLOCK_TOP) / LINE_PITCH - EPS).ceil().max(0.0) as usize;
        if k >= LINES_PER_PAGE {
            self.new_page();
            return 0;
        }
        k
    }

    fn title(&mut self, title: &str) {
        let id = self.element(ElementKind::Title, None);
        self.elements[id].title = Some(title.to_string());
        let glyphs = self.shape(title, FontRole::Title, TITLE_SIZE, None, &|ex| {
            format!("标题“{ex}”")
        });
        if glyphs.is_empty() {
            return;
        }
        let chars: Vec<char> = glyphs.iter().map(|g| g.ch).collect();
        let widths: Vec<f32> = glyphs.iter().map(|g| g.width).collect();
        let allowed: Vec<bool> = glyphs.iter().map(|g| g.break_before).collect();
        let breaks = title::arrange(&chars, &widths, &allowed, BLOCK_WIDTH);
        let mut start = 0;
        let mut xs = Vec::new();
        for (n, end) in breaks
            .into_iter()
            .chain(std::iter::once(glyphs.len()))
            .enumerate()
        {
            let line = &glyphs[start..end];
            let w: f32 = line.iter().map(|g| g.width).sum();
            let mut x = BLOCK_LEFT + (BLOCK_WIDTH - w).max(0.0) / 2.0;
            xs.clear();
            for g in line {
                xs.push(x);
                x += g.width;
            }
            let top = BLOCK_TOP + n as f32 * TITLE_PITCH;
            let baseline = self.baseline(FontRole::Title, TITLE_SIZE, top, TITLE_PITCH);
            self.emit_line(title, line, &xs, baseline, TITLE_SIZE, 0, Role::Content(id));
            self.y = top + TITLE_PITCH;
            start = end;
        }
        // One blank grid line between title and text (空一行).
        let k = self.next_grid_line();
        self.y = BLOCK_TOP + (k + 1) as f32 * LINE_PITCH;
    }

    fn heading(
        &mut self,
        h: &doc::Heading,
        next_table: Option<(&doc::Table, usize)>,
    ) -> Result<(), LayoutError> {
        let role = match h.level {
            1 => FontRole::Hei,
            2 => FontRole::Kai,
            _ => FontRole::Body,
        };
        let text = h.full_text();
        let loc = |ex: &str| format!("小标题“{ex}”");
        // Keep the heading with what follows: at least one text line, or the
        // table's header and first row.
        let lines = self.count_grid_lines(&text, role, &loc);
        let follow = match next_table {
            Some((t, n)) => table::first_part_height(self, t, n),
            None => LINE_PITCH,
        };
        let k = self.next_grid_line();
        let top = BLOCK_TOP + k as f32 * LINE_PITCH;
        if k > 0 && top + lines as f32 * LINE_PITCH + follow > BLOCK_TOP + BLOCK_HEIGHT + EPS {
            self.new_page();
        }
        let id = self.element(ElementKind::Heading(h.level), None);
        self.elements[id].title = Some(text.clone());
        let first_line_top = BLOCK_TOP + self.next_grid_line() as f32 * LINE_PITCH;
        self.outline.push(OutlineEntry {
            title: text.clone(),
            level: h.level,
            page: self.page_index(),
            y: first_line_top,
        });
        self.grid_text(&text, role, INDENT, Role::Content(id), &loc);
        Ok(())
    }

    fn count_grid_lines(
        &mut self,
        text: &str,
        role: FontRole,
        location: &dyn Fn(&str) -> String,
    ) -> usize {
        let glyphs = self.shape(text, role, BODY_SIZE, Some(CHAR_PITCH), location);
        let first = BLOCK_WIDTH - INDENT as f32 * CHAR_PITCH;
        linebreak::fill_lines(&glyphs, first, BLOCK_WIDTH).len()
    }

    /// Body-grid text: 16 pt, 28.99 pt lines, first line indented `indent`
    /// cells, full lines justified to end exactly at the right margin.
    fn grid_text(
        &mut self,
        text: &str,
        role: FontRole,
        indent: usize,
        tag: Role,
        location: &dyn Fn(&str) -> String,
    ) {
        let glyphs = self.shape(text, role, BODY_SIZE, Some(CHAR_PITCH), location);
        let first = BLOCK_WIDTH - indent as f32 * CHAR_PITCH;
        let lines = linebreak::fill_lines(&glyphs, first, BLOCK_WIDTH);
        let count = lines.len();
        let mut xs = Vec::new();
        for (n, range) in lines.into_iter().enumerate() {
            let k = self.next_grid_line();
            let top = BLOCK_TOP + k as f32 * LINE_PITCH;
            let left = if n == 0 {
                BLOCK_LEFT + indent as f32 * CHAR_PITCH
            } else {
                BLOCK_LEFT
            };
            let avail = BLOCK_LEFT + BLOCK_WIDTH - left;
            let line = &glyphs[range];
            justify(line, left, avail, n + 1 < count, &mut xs);
            let baseline = self.baseline(role, BODY_SIZE, top, LINE_PITCH);
            self.emit_line(text, line, &xs, baseline, BODY_SIZE, 0, tag);
            self.y = top + LINE_PITCH;
        }
    }

    /// 发文机关署名 and 成文日期 (§7.3.5.2): one blank line, the agency 右空二字,
    /// the date below starting two characters right of the agency's start.
    fn signature(&mut self, sig: &doc::Signature) {
        let id = self.element(ElementKind::Signature, None);
        let agency = sig.agency.clone();
        let date = sig.date.map(doc::Date::to_chinese);
        let loc = |ex: &str| format!("signature “{ex}”");
        let a = self.shape(&agency, FontRole::Body, BODY_SIZE, Some(CHAR_PITCH), &loc);
        let d = match &date {
            Some(t) => self.shape(t, FontRole::Body, BODY_SIZE, Some(CHAR_PITCH), &loc),
            None => Vec::new(),
        };
        let right = BLOCK_LEFT + BLOCK_WIDTH - gbt9704::SIGNATURE_RIGHT_CHARS as f32 * CHAR_PITCH;
        let shift = gbt9704::DATE_SHIFT_CHARS as f32 * CHAR_PITCH;
        let aw: f32 = a.iter().map(|g| g.width).sum();
        let dw: f32 = d.iter().map(|g| g.width).sum();
        let mut ax = right - aw;
        let mut dx = ax + shift;
        if dx + dw > right + EPS {
            dx = right - dw;
            ax = dx - shift;
        }
        let ax = ax.max(BLOCK_LEFT);
        let dx = dx.max(BLOCK_LEFT);
        let needed = if d.is_empty() { 2 } else { 3 };
        let mut k = self.next_grid_line();
        if k + needed > LINES_PER_PAGE {
            self.new_page();
            k = 0;
        } else {
            k += 1;
        }
        let mut xs = Vec::new();
        for (line, x, text) in [
            (&a, ax, agency.as_str()),
            (&d, dx, date.as_deref().unwrap_or("")),
        ] {
            if line.is_empty() {
                continue;
            }
            let top = BLOCK_TOP + k as f32 * LINE_PITCH;
            justify(line, x, BLOCK_WIDTH, false, &mut xs);
            let baseline = self.baseline(FontRole::Body, BODY_SIZE, top, LINE_PITCH);
            self.emit_line(text, line, &xs, baseline, BODY_SIZE, 0, Role::Content(id));
            self.y = top + LINE_PITCH;
            k += 1;
        }
    }

    /// Page numbers on every page and the draft stamp if asked for.
    fn finish_pages(&mut self, draft: bool) {
        let n = self.pages.len();
        for p in 0..n {
            let number = format!("— {} —", p + 1);
            let glyphs = self.shape(&number, FontRole::Song, FOLIO_SIZE, None, &|_| {
                "page number".into()
            });
            let w: f32 = glyphs.iter().map(|g| g.width).sum();
            // 单页码居右空一字，双页码居左空一字 (§7.5).
            let side = gbt9704::FOLIO_SIDE_CHARS as f32 * FOLIO_SIZE;
            let x0 = if p % 2 == 0 {
                BLOCK_LEFT + BLOCK_WIDTH - side - w
            } else {
                BLOCK_LEFT + side
            };
            let xs = advance_positions(&glyphs, x0);
            let top = BLOCK_TOP + BLOCK_HEIGHT + gbt9704::pt(gbt9704::FOLIO_GAP);
            let baseline = top + FOLIO_SIZE * self.ascent(FontRole::Song);
            self.set_target(p);
            self.emit_line(
                &number,
                &glyphs,
                &xs,
                baseline,
                FOLIO_SIZE,
                0,
                Role::PageNumber,
            );
            if draft {
                self.draft_mark();
            }
        }
        self.clear_target();
    }

    /// A light-grey 草稿 stamp in a frame, in the top margin at the right:
    /// visible on every page, never over the text.
    fn draft_mark(&mut self) {
        const GRAY: u8 = 150;
        let text = "草稿";
        let glyphs = self.shape(text, FontRole::Hei, DRAFT_SIZE, None, &|_| {
            "draft mark".into()
        });
        let w: f32 = glyphs.iter().map(|g| g.width).sum();
        let pad = 6.0;
        let right = BLOCK_LEFT + BLOCK_WIDTH;
        let (x0, x1) = (right - w - 2.0 * pad, right);
        let (y0, y1) = (BLOCK_TOP - 24.0 - DRAFT_SIZE - 2.0 * pad, BLOCK_TOP - 24.0);
        let xs = advance_positions(&glyphs, x0 + pad);
        let baseline = self.baseline(FontRole::Hei, DRAFT_SIZE, y0 + pad, DRAFT_SIZE);
        self.emit_line(
            text,
            &glyphs,
            &xs,
            baseline,
            DRAFT_SIZE,
            GRAY,
            Role::DraftMark,
        );
        for (from, to) in [
            ((x0, y0), (x1, y0)),
            ((x1, y0), (x1, y1)),
            ((x1, y1), (x0, y1)),
            ((x0, y1), (x0, y0)),
        ] {
            self.push(Item::Rule(Rule {
                from,
                to,
                width: 1.5,
                gray: GRAY,
            }));
        }
    }
}

/// Pen positions at each glyph's own width.
pub(crate) fn advance_positions(glyphs: &[Glyph], x0: f32) -> Vec<f32> {
    let mut x = x0;
    glyphs
        .iter()
        .map(|g| {
            let here = x;
            x += g.width;
            here
        })
        .collect()
}

/// Positions for one line. A full line gets its slack spread over the gaps
/// next to full-width characters, so its last glyph ends exactly at
/// `left + avail` (27 characters after a punctuation push-down, or digits
/// mixed in) while digit runs keep their natural spacing.
pub(crate) fn justify(line: &[Glyph], left: f32, avail: f32, full: bool, xs: &mut Vec<f32>) {
    xs.clear();
    let natural: f32 = match line.split_last() {
        Some((last, rest)) => rest.iter().map(|g| g.width).sum::<f32>() + last.advance,
        None => 0.0,
    };
    let gaps = line
        .windows(2)
        .filter(|w| !(w[0].half && w[1].half))
        .count();
    let extra = if full && gaps > 0 {
        (avail - natural) / gaps as f32
    } else {
        0.0
    };
    let mut x = left;
    for (i, g) in line.iter().enumerate() {
        xs.push(x);
        x += g.width;
        if let Some(next) = line.get(i + 1) {
            if !(g.half && next.half) {
                x += extra;
            }
        }
    }
}

/// About 16 characters around `byte`, so a message shows where a character is.
fn excerpt(text: &str, byte: usize) -> String {
    let before: Vec<(usize, char)> = text[..byte].char_indices().collect();
    let start = before.len().saturating_sub(8);
    let from = before.get(start).map_or(byte, |(b, _)| *b);
    text[from..].chars().take(16).collect()
}

/// Ranges of glyph lines, exposed for the table module.
pub(crate) fn fill(glyphs: &[Glyph], width: f32) -> Vec<Range<usize>> {
    linebreak::fill_lines(glyphs, width, width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Cell, CellKind, Date, Heading, Metadata, Paragraph, Signature, Table};

    fn doc(blocks: Vec<Block>, signature: Option<Signature>) -> Document {
        Document {
            meta: Metadata {
                title: "测试".into(),
                author: "某某县人民政府办公室".into(),
                language: "zh-CN".into(),
                date: None,
            },
            title: "某某县人民政府办公室2023年政府信息公开工作年度报告".into(),
            blocks,
            signature,
            draft: false,
        }
    }

    fn runs(pages: &Pages) -> impl Iterator<Item = (usize, &TextRun)> {
        pages.pages.iter().enumerate().flat_map(|(i, p)| {
            p.items.iter().filter_map(move |it| match it {
                Item::Text(t) => Some((i, t)),
                Item::Rule(_) => None,
            })
        })
    }

    fn run_width(r: &TextRun) -> f32 {
        r.glyphs.iter().map(|g| g.advance).sum()
    }

    #[test]
    fn the_paper_goes_to_pdf_as_a4_is_usually_written() {
        assert_eq!((PAGE_WIDTH, PAGE_HEIGHT), (595.28, 841.89));
    }

    #[test]
    fn signature_right_two_and_date_two_further_right() {
        let fonts = FontSet::bundled().expect("fonts");
        let d = doc(
            vec![Block::Paragraph(Paragraph {
                text: "正文。".into(),
            })],
            Some(Signature {
                agency: "某某县人民政府办公室".into(),
                date: Some(Date {
                    year: 2024,
                    month: 1,
                    day: 18,
                }),
            }),
        );
        let (pages, _) = layout_document(&d, &fonts).expect("layout");
        let body: Vec<&TextRun> = runs(&pages)
            .map(|(_, r)| r)
            .filter(|r| r.text == "正文。")
            .collect();
        let agency = runs(&pages)
            .map(|(_, r)| r)
            .find(|r| r.text == "某某县人民政府办公室")
            .expect("agency");
        let date = runs(&pages)
            .map(|(_, r)| r)
            .find(|r| r.text.starts_with("2024"))
            .expect("date");
        assert_eq!(date.text, "2024年1月18日");
        // One blank line between text and signature, date on the next line.
        assert!((agency.y - body[0].y - 2.0 * LINE_PITCH).abs() < 0.01);
        assert!((date.y - agency.y - LINE_PITCH).abs() < 0.01);
        // 右空二字; the date starts two characters right of the agency.
        let right = BLOCK_LEFT + BLOCK_WIDTH - 2.0 * CHAR_PITCH;
        assert!(
            (agency.x + 10.0 * CHAR_PITCH - right).abs() < 0.01,
            "agency at {}",
            agency.x
        );
        assert!(
            (date.x - agency.x - 2.0 * CHAR_PITCH).abs() < 0.01,
            "date at {}",
            date.x
        );
        assert!(date.x + run_width(date) <= right + 0.3);
    }

    #[test]
    fn long_date_pushes_the_short_signature_left() {
        let fonts = FontSet::bundled().expect("fonts");
        let d = doc(
            vec![],
            Some(Signature {
                agency: "某局".into(),
                date: Some(Date {
                    year: 2024,
                    month: 12,
                    day: 18,
                }),
            }),
        );
        let (pages, _) = layout_document(&d, &fonts).expect("layout");
        let agency = runs(&pages)
            .map(|(_, r)| r)
            .find(|r| r.text == "某局")
            .expect("agency");
        let date = runs(&pages)
            .map(|(_, r)| r)
            .find(|r| r.text.starts_with("2024"))
            .expect("date");
        let right = BLOCK_LEFT + BLOCK_WIDTH - 2.0 * CHAR_PITCH;
        let date_end = date.x + date.glyphs.iter().map(|g| g.advance).sum::<f32>();
        assert!(
            (date_end - right).abs() < 0.3,
            "date ends at {date_end}, want {right}"
        );
        assert!((date.x - agency.x - 2.0 * CHAR_PITCH).abs() < 0.01);
    }

    #[test]
    fn title_lines_are_centred_and_text_starts_after_a_blank_line() {
        let fonts = FontSet::bundled().expect("fonts");
        let d = doc(
            vec![Block::Heading(Heading {
                level: 1,
                number: "一、".into(),
                text: "总体情况".into(),
            })],
            None,
        );
        let (pages, _) = layout_document(&d, &fonts).expect("layout");
        let title: Vec<&TextRun> = runs(&pages)
            .map(|(_, r)| r)
            .filter(|r| r.size == TITLE_SIZE)
            .collect();
        assert_eq!(title.len(), 2, "two title lines");
        for r in &title {
            let w: f32 = r.glyphs[..r.glyphs.len() - 1]
                .iter()
                .map(|g| g.advance)
                .sum::<f32>()
                + r.glyphs.last().map_or(0.0, |g| g.advance);
            let centre = r.x + w / 2.0;
            assert!(
                (centre - (BLOCK_LEFT + BLOCK_WIDTH / 2.0)).abs() < 0.5,
                "{} off centre",
                r.text
            );
        }
        let heading = runs(&pages)
            .map(|(_, r)| r)
            .find(|r| r.text == "一、总体情况")
            .expect("heading");
        // Two title lines (≈ 2.4 grid lines), rounded up to the grid, then a blank line.
        let k = ((heading.y - BLOCK_TOP) / LINE_PITCH).floor() as usize;
        assert_eq!(k, 4, "heading on grid line {k}");
        assert!(
            (heading.x - (BLOCK_LEFT + 2.0 * CHAR_PITCH)).abs() < 0.01,
            "indent 2 characters"
        );
    }

    fn long_table(rows: usize) -> Table {
        let mut cells = vec![
            Cell {
                row: 0,
                col: 0,
                rowspan: 1,
                colspan: 1,
                text: "项目".into(),
                kind: CellKind::Header,
            },
            Cell {
                row: 0,
                col: 1,
                rowspan: 1,
                colspan: 1,
                text: "说明".into(),
                kind: CellKind::Header,
            },
            Cell {
                row: 0,
                col: 2,
                rowspan: 1,
                colspan: 1,
                text: "数量".into(),
                kind: CellKind::Header,
            },
            Cell {
                row: 1,
                col: 0,
                rowspan: rows - 1,
                colspan: 1,
                text: "跨页的合并单元格".into(),
                kind: CellKind::Label,
            },
        ];
        for r in 1..rows {
            cells.push(Cell {
                row: r,
                col: 1,
                rowspan: 1,
                colspan: 1,
                text: format!("第{r}行的说明文字"),
                kind: CellKind::Label,
            });
            cells.push(Cell {
                row: r,
                col: 2,
                rowspan: 1,
                colspan: 1,
                text: format!("{r}"),
                kind: CellKind::Number,
            });
        }
        Table {
            columns: 3,
            rows,
            widths: vec![2, 5, 2],
            header_rows: 1,
            text_size: Default::default(),
            cells,
        }
    }

    #[test]
    fn table_splits_where_it_is_rather_than_moving_whole() {
        let fonts = FontSet::bundled().expect("fonts");
        let mut blocks = vec![Block::Paragraph(Paragraph {
            text: "字".repeat(28 * 8),
        })];
        blocks.push(Block::Table(long_table(40)));
        let (pages, _) = layout_document(&doc(blocks, None), &fonts).expect("layout");
        let page_of = |text: &str| runs(&pages).find(|(_, r)| r.text == text).map(|(p, _)| p);
        assert_eq!(
            page_of("第1行的说明文字"),
            Some(0),
            "first rows share the page with the text"
        );
        // Header and the continued label on every later page the table reaches.
        let last = page_of("第39行的说明文字").expect("last row");
        assert!(last >= 1);
        for p in 1..=last {
            let texts: Vec<&str> = runs(&pages)
                .filter(|(i, _)| *i == p)
                .map(|(_, r)| r.text.as_str())
                .collect();
            assert!(texts.contains(&"项目"), "page {p} lacks the header");
            assert!(
                texts
                    .iter()
                    .any(|t| "跨页的合并单元格".contains(t) && !t.is_empty()),
                "page {p} lacks the label"
            );
        }
        // Rows never straddle pages: each row's cells share one page.
        for r in 1..40 {
            let a = page_of(&format!("第{r}行的说明文字"));
            let b = page_of(&format!("{r}"));
            assert_eq!(a, b, "row {r} split");
        }
    }

    #[test]
    fn caption_rows_start_on_the_page_of_their_first_content_row() {
        let fonts = FontSet::bundled().expect("fonts");
        let cell = |row, text: &str, kind| Cell {
            row,
            col: 0,
            rowspan: 1,
            colspan: 1,
            text: text.into(),
            kind,
        };
        let table = Table {
            columns: 1,
            rows: 3,
            widths: vec![1],
            header_rows: 0,
            text_size: Default::default(),
            cells: vec![
                cell(0, "第二十条第（五）项", CellKind::Header),
                cell(1, "信息内容", CellKind::Header),
                cell(2, "行政许可", CellKind::Label),
            ],
        };
        // 4 grid lines of title and blank, then text down to line 20:
        // two caption rows would still fit, the content row would not.
        let blocks = vec![
            Block::Paragraph(Paragraph {
                text: "字".repeat(26 + 28 * 16),
            }),
            Block::Table(table),
        ];
        let (pages, _) = layout_document(&doc(blocks, None), &fonts).expect("layout");
        let page_of = |text: &str| runs(&pages).find(|(_, r)| r.text == text).map(|(p, _)| p);
        assert_eq!(page_of("行政许可"), Some(1));
        assert_eq!(
            page_of("第二十条第（五）项"),
            Some(1),
            "caption left behind"
        );
        assert_eq!(page_of("信息内容"), Some(1), "caption left behind");
    }

    #[test]
    fn text_after_a_table_is_back_on_the_grid_with_space() {
        let fonts = FontSet::bundled().expect("fonts");
        let blocks = vec![
            Block::Table(long_table(4)),
            Block::Paragraph(Paragraph {
                text: "表后正文。".into(),
            }),
        ];
        let (pages, _) = layout_document(&doc(blocks, None), &fonts).expect("layout");
        let after = runs(&pages)
            .map(|(_, r)| r)
            .find(|r| r.text == "表后正文。")
            .expect("text");
        let first_line = BLOCK_TOP + (LINE_PITCH - BODY_SIZE) / 2.0 + BODY_SIZE * 0.88;
        let k = (after.y - first_line) / LINE_PITCH;
        assert!((k - k.round()).abs() < 0.001, "off grid: line {k}");
        let table_bottom = pages.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rule(r) => Some(r.from.1.max(r.to.1)),
                Item::Text(_) => None,
            })
            .fold(0.0, f32::max);
        let text_top = after.y - BODY_SIZE * 0.88;
        assert!(
            text_top - table_bottom >= 0.5 * LINE_PITCH + (LINE_PITCH - BODY_SIZE) / 2.0 - 0.01,
            "only {} pt after the table",
            text_top - table_bottom
        );
    }
}
