//! The flow of the document down the pages: the title, then headings,
//! paragraphs and tables in order, then the signature. Body text sits on
//! the 22-line grid; a heading never ends a page alone.

use super::line::justify;
use super::pages::{ElementKind, OutlineEntry, Role};
use super::{
    table, LayoutError, Layouter, BLOCK_HEIGHT, BLOCK_LEFT, BLOCK_TOP, BLOCK_WIDTH, BODY_SIZE,
    CHAR_PITCH, EPS, INDENT, LINES_PER_PAGE, LINE_PITCH, TITLE_PITCH, TITLE_SIZE,
};
use crate::doc::{self, Block, Document};
use crate::fonts::FontRole;
use crate::gbt9704;
use crate::text::linebreak::{self, Hanging};
use crate::text::title;

impl Layouter<'_> {
    /// Lays out the title, every block and the signature, in that order.
    pub(super) fn flow(&mut self, doc: &Document) -> Result<(), LayoutError> {
        self.title(&doc.title);
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
                    self.heading(h, next_table)?;
                }
                Block::Paragraph(p) => {
                    let id = self.element(ElementKind::Paragraph, None);
                    paragraphs += 1;
                    let loc = |ex: &str| format!("正文第 {paragraphs} 段“{ex}”");
                    self.grid_text(&p.text, FontRole::Body, INDENT, Role::Content(id), &loc);
                }
                Block::Table(t) => {
                    tables += 1;
                    table::layout(self, t, tables)?;
                }
            }
        }
        if let Some(sig) = &doc.signature {
            self.signature(sig);
        }
        Ok(())
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

    /// The title, centred, its lines arranged by [`title::arrange`], then
    /// one blank grid line.
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

    /// A heading on the grid, moved to the next page with what follows it
    /// when both would not fit; it also becomes a bookmark.
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

    /// How many grid lines `text` takes as a paragraph.
    fn count_grid_lines(
        &mut self,
        text: &str,
        role: FontRole,
        location: &dyn Fn(&str) -> String,
    ) -> usize {
        let glyphs = self.shape(text, role, BODY_SIZE, Some(CHAR_PITCH), location);
        let first = BLOCK_WIDTH - INDENT as f32 * CHAR_PITCH;
        linebreak::fill_lines(&glyphs, first, BLOCK_WIDTH, Hanging::Allowed).len()
    }

    /// Body-grid text: 16 pt, 28.99 pt lines, first line indented `indent`
    /// cells, full lines justified to end exactly at the right margin, with
    /// at most one closing mark hanging past it (允许标点溢出边界).
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
        let lines = linebreak::fill_lines(&glyphs, first, BLOCK_WIDTH, Hanging::Allowed);
        let count = lines.len();
        let mut xs = Vec::new();
        for (n, linebreak::Line { range, hanging }) in lines.into_iter().enumerate() {
            let k = self.next_grid_line();
            let top = BLOCK_TOP + k as f32 * LINE_PITCH;
            let left = if n == 0 {
                BLOCK_LEFT + indent as f32 * CHAR_PITCH
            } else {
                BLOCK_LEFT
            };
            let avail = BLOCK_LEFT + BLOCK_WIDTH - left;
            let line = &glyphs[range];
            justify(
                line,
                left,
                avail,
                n + 1 < count || hanging,
                hanging,
                &mut xs,
            );
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
            justify(line, x, BLOCK_WIDTH, false, false, &mut xs);
            let baseline = self.baseline(FontRole::Body, BODY_SIZE, top, LINE_PITCH);
            self.emit_line(text, line, &xs, baseline, BODY_SIZE, 0, Role::Content(id));
            self.y = top + LINE_PITCH;
            k += 1;
        }
    }
}
