//! Setting one line: glyphs placed at given pen positions become text runs
//! (one per face), and the positions come from the glyphs' widths, with a
//! full line's slack spread so it ends exactly at the margin.

use super::pages::{Item, PlacedGlyph, Role, TextRun};
use super::shape::Glyph;
use super::Layouter;
use crate::fonts::FontRole;

impl Layouter<'_> {
    /// Emits one line of glyphs as runs (one per face), placing glyph `i`
    /// at `xs[i]`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn emit_line(
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

    /// The share of the em above the baseline in the role's face.
    pub(super) fn ascent(&self, role: FontRole) -> f32 {
        self.fonts
            .face(self.fonts.role(role))
            .map_or(0.88, |f| f.ascent_ratio)
    }

    /// Baseline that centres an em box of `size` in a band `top..top+height`.
    pub(super) fn baseline(&self, role: FontRole, size: f32, top: f32, height: f32) -> f32 {
        top + (height - size) / 2.0 + size * self.ascent(role)
    }
}

/// Pen positions at each glyph's own width.
pub(super) fn advance_positions(glyphs: &[Glyph], x0: f32) -> Vec<f32> {
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
/// mixed in) while digit runs keep their natural spacing. A `hanging` last
/// glyph (a closing mark) is left out of that and set just past the end,
/// so the characters before it keep their grid cells.
pub(super) fn justify(
    line: &[Glyph],
    left: f32,
    avail: f32,
    full: bool,
    hanging: bool,
    xs: &mut Vec<f32>,
) {
    if let (true, Some((_, inside))) = (hanging, line.split_last()) {
        justify(inside, left, avail, full, false, xs);
        xs.push(left + avail);
        return;
    }
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
