//! Shaping: each character of a text resolved to a face and glyph, with
//! its width on the line. A character the role's face lacks is taken from
//! the fallback faces (a warning) or, if none has it, collected as missing
//! with its place in the document, so one layout run reports all of them.

use super::Layouter;
use crate::fonts::{FaceId, FontRole, FontWarning, MissingGlyph};
use crate::text::linebreak::{self, Breakable};

/// A character resolved to a face, with its layout width in points.
#[derive(Debug, Clone, Copy)]
pub(super) struct Glyph {
    /// The character printed.
    pub(super) ch: char,
    /// Where the character starts in the shaped text.
    pub(super) byte: u32,
    /// The face that has it: the role's, or a fallback.
    pub(super) face: FaceId,
    /// Glyph id in that face.
    pub(super) id: u16,
    /// Room it takes on the line: the grid cell for a full-width character
    /// of body text, else its own advance.
    pub(super) width: f32,
    /// The glyph's own advance in points (its ink box), which may exceed
    /// the grid cell: 16 pt glyphs in 15.79 pt cells.
    pub(super) advance: f32,
    /// Digits and Latin: placed at their own advance, never stretched apart.
    pub(super) half: bool,
    /// A line may start here.
    pub(super) break_before: bool,
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
    fn is_opening(&self) -> bool {
        linebreak::is_opening(self.ch)
    }
    fn may_hang(&self) -> bool {
        linebreak::may_hang(self.ch)
    }
}

/// A character's face, glyph id and advance in em.
pub(super) type Resolved = (FaceId, u16, f32);

impl Layouter<'_> {
    /// Resolves every char of `text` to a face and width. `grid` is the
    /// cell width full-width characters take (body text), `None` for their
    /// natural advance (title, tables).
    pub(super) fn shape(
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

    /// The role's face if it has `ch`, else the first fallback that has it.
    fn resolve(&self, primary: FaceId, ch: char) -> Option<Resolved> {
        std::iter::once(primary)
            .chain(self.fonts.fallback().iter().copied())
            .find_map(|face| {
                self.metrics
                    .glyph(face, ch)
                    .map(|(id, adv)| (face, id, adv))
            })
    }
}

/// About 16 characters around `byte`, so a message shows where a character is.
fn excerpt(text: &str, byte: usize) -> String {
    let before: Vec<(usize, char)> = text[..byte].char_indices().collect();
    let start = before.len().saturating_sub(8);
    let from = before.get(start).map_or(byte, |(b, _)| *b);
    text[from..].chars().take(16).collect()
}
