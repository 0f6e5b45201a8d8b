//! OFD writer (GB/T 33190-2016, China's national fixed-layout format): walks
//! the laid-out [`Pages`] exactly as the PDF writer does and decides nothing
//! of its own, so the `.ofd` and the `.pdf` of a report are one layout in
//! two containers. Output depends only on the input: no clock, no random
//! IDs.
//!
//! The package (locations are relative to the folder of the part that
//! names them, §7.3 ST_Loc):
//!
//! ```text
//! OFD.xml                          DocBody: DocInfo (metadata) + DocRoot
//! Doc_0/Document.xml               CommonData, Pages, Outlines
//! Doc_0/PublicRes.xml              Res BaseLoc="Res": the fonts
//! Doc_0/Pages/Page_<n>/Content.xml one Layer of TextObjects and PathObjects
//! Doc_0/Res/font_<ID>.otf          the PDF's font subsets, with a cmap
//! ```
//!
//! - Units are millimetres throughout (`units`); positions round-trip the
//!   layout to 0.0001 mm a value.
//! - IDs: one counter for the document (§7.3 ST_ID: unique within it),
//!   allocated in writing order: the fonts, then for each page its `Page`,
//!   its `Layer` and its objects in drawing order. `MaxUnitID` is the last.
//! - One `TextObject` with one `TextCode` per text run (the real
//!   characters, `X`/`Y` the first glyph's origin, `DeltaX` every advance
//!   of the layout); one stroked `PathObject` per rule.
//! - Where the two readers we test with disagree, the comment at the choice
//!   says which one was followed and why; docs/ofd.md lists them all.

#![warn(missing_docs)]

mod package;
mod parts;
mod subset;
mod units;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::fonts::{FaceId, FontSet};
use crate::gbt9704;
use crate::layout::pages::{Item, Page, Pages, PlacedGlyph, Rule, TextRun};
use crate::xml::Xml;
use parts::Embedded;
use subset::Usage;
use units::{boxed, delta_x, mm, num, round};

/// GB/T 33190-2016 §7.1: every element is in this namespace, no attribute
/// is in any.
const NS_OFD: &str = "http://www.ofdspec.org/2016";

/// Why no OFD was written.
#[derive(Debug, thiserror::Error)]
pub enum OfdError {
    #[error("版面引用了字体集中没有的字体（排版与写出须用同一个字体集）")]
    /// A run names a face the font set does not have.
    UnknownFace,
    #[error("字体 {face} 无法嵌入：{reason}")]
    /// The face could not be subset or its subset put together again.
    Font {
        /// The face's name in the font set.
        face: String,
        /// What went wrong, in the font libraries' words.
        reason: String,
    },
    #[error(
        "字体 {face} 中“{ch}”的字形 {glyph} 不是该字体 cmap 给出的字形，OFD 阅读器会显示错误的字形"
    )]
    /// The layout chose a glyph the face's `cmap` does not give for its
    /// character; OFD readers find glyphs through the `cmap`.
    GlyphOutsideCmap {
        /// The face's name in the font set.
        face: String,
        /// The character.
        ch: char,
        /// The glyph the layout chose.
        glyph: u16,
    },
    #[error("第 {page} 页有一个字形对应的文字不是恰好一个字符（OFD 按字符定位字形）")]
    /// A placed glyph whose text is not exactly one character: OFD
    /// positions characters, so glyphs and characters must pair up.
    GlyphText {
        /// 1-based page number.
        page: usize,
    },
    #[error("第 {page} 页的文字“{text}”含控制字符，XML 不能容纳")]
    /// Text with a control character, which an XML part cannot hold (or,
    /// for tab and line feed, would hold as a character no glyph prints).
    ControlCharacter {
        /// 1-based page number.
        page: usize,
        /// The run's text, control characters shown escaped.
        text: String,
    },
    #[error("日期 {year}-{month}-{day} 不存在")]
    /// The document's date is not a calendar date (a hand-built tree).
    Date {
        /// Year as given.
        year: u16,
        /// Month as given.
        month: u8,
        /// Day as given.
        day: u8,
    },
    #[error("页面尺寸 {width} × {height} pt 无效")]
    /// A page whose size OFD cannot hold (zero, negative or not a number).
    PageSize {
        /// Width in points.
        width: f32,
        /// Height in points.
        height: f32,
    },
    #[error("写 XML 出错：{0}")]
    /// quick-xml failed writing into memory (not expected).
    Xml(#[from] std::io::Error),
    #[error("写 OFD 压缩包出错：{0}")]
    /// The zip writer failed in memory (not expected).
    Zip(#[from] zip::result::ZipError),
}

/// Writes laid-out pages as an OFD package; `fonts` must be the set used
/// for layout.
pub fn write_ofd(pages: &Pages, fonts: &FontSet) -> Result<Vec<u8>, OfdError> {
    let mut ids = Ids::default();

    // One subset per face, in FaceId order, so font IDs do not depend on
    // which page first uses a face.
    let usage = collect_usage(pages)?;
    let mut embedded: Vec<Embedded> = Vec::with_capacity(usage.len());
    for (&face, used) in &usage {
        let file = fonts.file(face).ok_or(OfdError::UnknownFace)?;
        let subset = subset::subset(file, used, fonts.name(face))?;
        embedded.push(Embedded {
            id: ids.next(),
            face,
            subset,
        });
    }
    let faces: BTreeMap<FaceId, FaceInfo> = embedded
        .iter()
        .map(|e| {
            let info = FaceInfo {
                id: e.id,
                ascent: e.subset.ascent,
                descent: e.subset.descent,
            };
            (e.face, info)
        })
        .collect();

    let area = match pages.pages.first() {
        Some(page) => PageSize::of(page)?,
        None => PageSize::A4,
    };
    let mut page_ids = Vec::with_capacity(pages.pages.len());
    let mut page_parts = Vec::with_capacity(pages.pages.len());
    for (index, page) in pages.pages.iter().enumerate() {
        page_ids.push(ids.next());
        let size = PageSize::of(page)?;
        let own_area = (size != area).then_some(size);
        let content = page_content(page, index + 1, own_area, &faces, &mut ids)?;
        page_parts.push((format!("Doc_0/Pages/Page_{index}/Content.xml"), content));
    }

    let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(page_parts.len() + 8);
    let document = parts::document(pages, area, &page_ids, ids.last)?;
    entries.push(("Doc_0/Document.xml".into(), document));
    entries.push((
        "Doc_0/PublicRes.xml".into(),
        parts::public_res(&embedded, fonts)?,
    ));
    entries.extend(page_parts);
    for font in embedded {
        entries.push((format!("Doc_0/Res/{}", font.file_name()), font.subset.file));
    }
    let doc_id = parts::doc_id(&entries);
    entries.insert(0, ("OFD.xml".into(), parts::ofd_entry(pages, &doc_id)?));
    package::zip(&entries, pages.meta.stamp)
}

/// The document-wide ID counter.
#[derive(Default)]
struct Ids {
    last: u32,
}

impl Ids {
    fn next(&mut self) -> u32 {
        self.last += 1;
        self.last
    }
}

/// What a text object needs of its face.
struct FaceInfo {
    /// The `Font` ID in `PublicRes.xml`.
    id: u32,
    /// Typographic ascender and descender in em.
    ascent: f64,
    descent: f64,
}

/// A page's size in millimetres, to 1/100 mm.
///
/// Layout gives the paper to 1/100 pt as PDF producers write A4 (595.28 ×
/// 841.89 pt, 210.0016 × 297.0001 mm); to 1/100 mm the same paper is the
/// standard's 210 × 297 again.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PageSize {
    width: f64,
    height: f64,
}

impl PageSize {
    /// GB/T 9704 §5.1's paper, for a document without pages.
    const A4: PageSize = PageSize {
        width: gbt9704::PAPER_WIDTH as f64,
        height: gbt9704::PAPER_HEIGHT as f64,
    };

    fn of(page: &Page) -> Result<PageSize, OfdError> {
        let valid = |v: f32| v.is_finite() && v > 0.0;
        if !valid(page.width) || !valid(page.height) {
            return Err(OfdError::PageSize {
                width: page.width,
                height: page.height,
            });
        }
        let hundredths = |v: f32| (mm(v) * 100.0).round() / 100.0;
        Ok(PageSize {
            width: hundredths(page.width),
            height: hundredths(page.height),
        })
    }
}

/// Every (character, glyph) pair per face, in drawing order.
fn collect_usage(pages: &Pages) -> Result<BTreeMap<FaceId, Usage>, OfdError> {
    let mut usage: BTreeMap<FaceId, Usage> = BTreeMap::new();
    for (index, page) in pages.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            let used = usage.entry(run.face).or_default();
            for glyph in &run.glyphs {
                let ch =
                    single_char(run, glyph.text).ok_or(OfdError::GlyphText { page: index + 1 })?;
                used.add(ch, glyph.id);
            }
        }
    }
    Ok(usage)
}

fn single_char(run: &TextRun, range: (u32, u32)) -> Option<char> {
    let text = run.text.get(range.0 as usize..range.1 as usize)?;
    let mut chars = text.chars();
    let ch = chars.next()?;
    chars.next().is_none().then_some(ch)
}

/// `Content.xml`: the page's own area if it differs from the document's,
/// then one body layer with the page's items in drawing order.
fn page_content(
    page: &Page,
    number: usize,
    own_area: Option<PageSize>,
    faces: &BTreeMap<FaceId, FaceInfo>,
    ids: &mut Ids,
) -> Result<Vec<u8>, OfdError> {
    let mut x = parts::part("ofd:Page", &[]);
    if let Some(area) = own_area {
        x.open("ofd:Area", &[]);
        x.leaf("ofd:PhysicalBox", &[], &area.physical_box());
        x.close("ofd:Area");
    }
    x.open("ofd:Content", &[]);
    let layer = ids.next().to_string();
    x.open("ofd:Layer", &[("ID", &layer)]);
    for item in &page.items {
        match item {
            Item::Text(run) => {
                if run.text.chars().any(char::is_control) {
                    return Err(OfdError::ControlCharacter {
                        page: number,
                        text: run.text.escape_default().to_string(),
                    });
                }
                let Some(inked) = inked_glyphs(run) else {
                    continue;
                };
                let face = faces.get(&run.face).ok_or(OfdError::UnknownFace)?;
                text_object(&mut x, run, inked, face, ids.next());
            }
            Item::Rule(rule) => path_object(&mut x, rule, ids.next()),
        }
    }
    x.close("ofd:Layer").close("ofd:Content").close("ofd:Page");
    Ok(x.finish()?)
}

/// `"g g g"`: layout's grey level in the default colour space (RGB, 8 bits
/// a component, §8.3.2).
fn gray(level: u8) -> String {
    format!("{level} {level} {level}")
}

/// The run's glyphs from its first to its last that is not white space,
/// or `None` when it prints nothing.
///
/// A space at either end of a `TextCode` draws nothing, and XML readers
/// drop it: xmltodict (easyofd) strips the text, and ofd-core's serde
/// reader trims it, which would put every glyph after a leading space one
/// advance too far left. So the code starts at the first glyph that prints
/// and ends at the last one; spaces inside stay, with their advances.
/// Layout puts a space at a run's start when a fallback face prints the
/// character before it, and keeps a line's last space (it may even hang
/// past the margin, as in the PDF, where it draws nothing either).
fn inked_glyphs(run: &TextRun) -> Option<std::ops::Range<usize>> {
    let inked = |g: &PlacedGlyph| {
        let text = run.text.get(g.text.0 as usize..g.text.1 as usize);
        text.is_some_and(|t| !t.chars().all(char::is_whitespace))
    };
    let first = run.glyphs.iter().position(inked)?;
    let last = run.glyphs.iter().rposition(inked)?;
    Some(first..last + 1)
}

/// One run, one `TextObject` with one `TextCode` holding the glyphs in
/// `inked` (see [`inked_glyphs`]).
///
/// - The boundary spans their advances across and the face's ascender to
///   descender down, so it holds the ink: §8.2 lets a reader clip an object
///   to its boundary.
/// - Its corner is rounded first and `TextCode`'s `X`/`Y` (the first
///   glyph's baseline origin, relative to the boundary, §11.3 table 46) are
///   computed against the rounded corner, so the absolute origin is exact
///   to 0.00005 mm.
/// - `DeltaX` holds the layout's advances, one per character gap.
/// - `FillColor` is written even for black, the default: easyofd reports
///   the colour it reads, and the draft mark is grey.
fn text_object(x: &mut Xml, run: &TextRun, inked: Range<usize>, face: &FaceInfo, id: u32) {
    let size = mm(run.size);
    let skipped: f32 = run.glyphs[..inked.start].iter().map(|g| g.advance).sum();
    let glyphs = &run.glyphs[inked];
    let origin = mm(run.x + skipped);
    let width: f64 = glyphs.iter().map(|g| mm(g.advance)).sum();
    let left = round(origin);
    let top = round(mm(run.y) - face.ascent * size);
    let boundary = boxed(left, top, width, (face.ascent - face.descent) * size);
    x.open(
        "ofd:TextObject",
        &[
            ("ID", &id.to_string()),
            ("Boundary", &boundary),
            ("Font", &face.id.to_string()),
            ("Size", &num(size)),
        ],
    );
    x.empty("ofd:FillColor", &[("Value", &gray(run.gray))]);
    let origin_x = num(origin - left);
    let origin_y = num(mm(run.y) - top);
    let deltas = delta_x(glyphs[..glyphs.len() - 1].iter().map(|g| mm(g.advance)));
    let mut attrs: Vec<(&str, &str)> = vec![("X", &origin_x), ("Y", &origin_y)];
    if !deltas.is_empty() {
        attrs.push(("DeltaX", &deltas));
    }
    let text = &run.text[glyphs[0].text.0 as usize..glyphs[glyphs.len() - 1].text.1 as usize];
    x.leaf("ofd:TextCode", &attrs, text);
    x.close("ofd:TextObject");
}

/// One rule, one stroked `PathObject` (`Stroke` defaults to true, `Fill`
/// to false). The boundary is the segment's box grown by half the line
/// width on every side, since a zero-height box could be clipped away; the
/// path is relative to it. Butt caps and miter joins are the defaults of
/// both OFD (§9.1 table 34) and krilla, so the ends look as in the PDF.
fn path_object(x: &mut Xml, rule: &Rule, id: u32) {
    let half = mm(rule.width) / 2.0;
    let (x0, y0) = (mm(rule.from.0), mm(rule.from.1));
    let (x1, y1) = (mm(rule.to.0), mm(rule.to.1));
    let left = round(x0.min(x1) - half);
    let top = round(y0.min(y1) - half);
    let boundary = boxed(
        left,
        top,
        (x1 - x0).abs() + 2.0 * half,
        (y1 - y0).abs() + 2.0 * half,
    );
    let data = format!(
        "M {} {} L {} {}",
        num(x0 - left),
        num(y0 - top),
        num(x1 - left),
        num(y1 - top)
    );
    x.open(
        "ofd:PathObject",
        &[
            ("ID", &id.to_string()),
            ("Boundary", &boundary),
            ("LineWidth", &num(mm(rule.width))),
        ],
    );
    x.empty("ofd:StrokeColor", &[("Value", &gray(rule.gray))]);
    x.leaf("ofd:AbbreviatedData", &[], &data);
    x.close("ofd:PathObject");
}
