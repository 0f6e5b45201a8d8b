//! Finishing the pages once the flow is done and their count is known:
//! the page number on every page and, for a draft, the 草稿 stamp.

use super::line::advance_positions;
use super::pages::{Item, Role, Rule};
use super::{Layouter, BLOCK_HEIGHT, BLOCK_LEFT, BLOCK_TOP, BLOCK_WIDTH, DRAFT_SIZE, FOLIO_SIZE};
use crate::fonts::FontRole;
use crate::gbt9704;

impl Layouter<'_> {
    /// Page numbers on every page and the draft stamp if asked for.
    pub(super) fn finish_pages(&mut self, draft: bool) {
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
