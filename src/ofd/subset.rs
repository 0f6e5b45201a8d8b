//! The font files of `Doc_0/Res/`: the glyphs the pages use, as complete
//! OpenType (CFF) or TrueType files that OFD readers load as they are.
//!
//! The subset comes from `subsetter`, the crate (and version) krilla subsets
//! the PDF's fonts with, fed the glyphs in the same first-use order, so the
//! OFD's `CFF ` table is byte for byte the PDF's embedded font program: one
//! subset, two containers. subsetter writes fonts for PDF: it renumbers the
//! glyphs 0..n (.notdef first, then in the order given), rewrites a
//! CID-keyed CFF as `Adobe-Identity-0`, and drops `cmap` and `OS/2`,
//! because a PDF brings its own character-to-glyph map. An OFD does not:
//! `TextCode` holds characters, and a reader finds their glyphs through the
//! font's `cmap` (GB/T 33190 §11.4; `CGTransform` is for glyphs a `cmap`
//! cannot reach). So each subset gets a new `cmap` (write-fonts, subsetter's
//! own dependency) from each character to its renumbered glyph, and the
//! original `OS/2`, which the OpenType spec requires and Windows font
//! loaders insist on.
//!
//! Without the `cmap`, ofd-core draws no text at all, yet its structural
//! check still passes; the ink comparison in tests/ofd_export.rs catches it.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use skrifa::raw::{FontRef, TableProvider};
use skrifa::string::StringId;
use skrifa::{MetadataProvider, Tag};
use subsetter::GlyphRemapper;
use write_fonts::tables::cmap::Cmap;
use write_fonts::types::GlyphId;
use write_fonts::FontBuilder;

use super::OfdError;
use crate::fonts::FaceFile;

/// What the pages use of one face: every (character, glyph) pair, and the
/// glyphs in order of first use, gathered while walking the runs in
/// drawing order, as krilla does.
#[derive(Debug, Default)]
pub(super) struct Usage {
    pairs: BTreeSet<(char, u16)>,
    first_use: Vec<u16>,
    seen: HashSet<u16>,
}

impl Usage {
    pub(super) fn add(&mut self, ch: char, glyph: u16) {
        self.pairs.insert((ch, glyph));
        if self.seen.insert(glyph) {
            self.first_use.push(glyph);
        }
    }
}

/// One embedded font: the file for `Res/` and what `PublicRes.xml` says of it.
#[derive(Debug)]
pub(super) struct Subset {
    /// A complete sfnt with `cmap`; `OTTO` for CFF outlines.
    pub(super) file: Vec<u8>,
    /// `otf` (CFF outlines) or `ttf` (glyf).
    pub(super) extension: &'static str,
    /// The face's PostScript name, e.g. `FandolFang-Regular`.
    pub(super) postscript_name: String,
    /// The face's own family name, e.g. `FandolFang R`.
    pub(super) family_name: String,
    /// `head.macStyle` bit 0 (Fandol's bold face claims weight 400 in
    /// OS/2, so the weight class is no guide).
    pub(super) bold: bool,
    /// Typographic ascender in em, for the text objects' boundaries.
    pub(super) ascent: f64,
    /// Typographic descender in em, ≤ 0.
    pub(super) descent: f64,
}

/// Subsets `face` to the glyphs in `usage` and gives it a `cmap`.
///
/// Refuses a glyph the face's own `cmap` does not give for its character:
/// such a glyph (a ligature, a vertical form) would need a `CGTransform`,
/// which this writer does not write, since easyofd fails on more than one
/// in a text object. Layout takes every glyph from the `cmap` today, so
/// this guards the day it starts shaping.
pub(super) fn subset(face: &FaceFile, usage: &Usage, name: &str) -> Result<Subset, OfdError> {
    let bad_font = |reason: String| OfdError::Font {
        face: name.to_string(),
        reason,
    };
    let data = face.bytes.as_ref();
    let font = FontRef::from_index(data, face.index).map_err(|e| bad_font(e.to_string()))?;
    let charmap = font.charmap();
    for &(ch, glyph) in &usage.pairs {
        if charmap.map(ch).map(|g| g.to_u32()) != Some(u32::from(glyph)) {
            return Err(OfdError::GlyphOutsideCmap {
                face: name.to_string(),
                ch,
                glyph,
            });
        }
    }

    let remapper = GlyphRemapper::new_from_glyphs(&usage.first_use);
    let bare = subsetter::subset(data, face.index, &remapper)
        .map_err(|e| bad_font(format!("subsetter: {e}")))?;
    let mut mappings: BTreeMap<char, GlyphId> = BTreeMap::new();
    for &(ch, old) in &usage.pairs {
        let new = remapper
            .get(old)
            .ok_or_else(|| bad_font(format!("subsetter lost glyph {old}")))?;
        mappings.insert(ch, GlyphId::new(u32::from(new)));
    }
    let cmap = Cmap::from_mappings(mappings).map_err(|e| bad_font(format!("cmap: {e}")))?;
    let bare_font = FontRef::new(&bare).map_err(|e| bad_font(format!("subset: {e}")))?;
    let mut builder = FontBuilder::new();
    builder
        .add_table(&cmap)
        .map_err(|e| bad_font(format!("cmap: {e}")))?;
    // Copied whole: its first-character index and code-page ranges then
    // describe the full face, which loaders take as a hint only.
    if let Some(os2) = font.data_for_tag(Tag::new(b"OS/2")) {
        builder.add_raw(Tag::new(b"OS/2"), os2.as_bytes());
    }
    builder.copy_missing_tables(bare_font);
    let file = builder.build();

    let is_cff = font.data_for_tag(Tag::new(b"CFF ")).is_some();
    let (ascent, descent) = vertical_metrics(&font);
    Ok(Subset {
        file,
        extension: if is_cff { "otf" } else { "ttf" },
        postscript_name: font_name(&font, StringId::POSTSCRIPT_NAME)
            .unwrap_or_else(|| name.to_string()),
        family_name: font_name(&font, StringId::FAMILY_NAME).unwrap_or_else(|| name.to_string()),
        bold: font.head().is_ok_and(|h| h.mac_style().bits() & 1 == 1),
        ascent,
        descent,
    })
}

fn font_name(font: &FontRef<'_>, id: StringId) -> Option<String> {
    font.localized_strings(id)
        .english_or_first()
        .map(|s| s.chars().collect::<String>())
        .filter(|s| !s.is_empty())
}

/// OS/2 typographic ascender and descender, else `hhea`'s, in em. The
/// descender is taken as ≤ 0 whatever its sign: FandolSong-Regular's
/// `hhea` says +200 where it means −200.
fn vertical_metrics(font: &FontRef<'_>) -> (f64, f64) {
    let upem = font
        .head()
        .map(|h| f64::from(h.units_per_em()))
        .ok()
        .filter(|u| *u > 0.0)
        .unwrap_or(1000.0);
    let (ascent, descent) = match (font.os2(), font.hhea()) {
        (Ok(os2), _) => (os2.s_typo_ascender(), os2.s_typo_descender()),
        (_, Ok(hhea)) => (hhea.ascender().to_i16(), hhea.descender().to_i16()),
        _ => return (0.88, -0.12),
    };
    (f64::from(ascent) / upem, -f64::from(descent).abs() / upem)
}
