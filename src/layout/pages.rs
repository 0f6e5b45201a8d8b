//! The laid-out document as plain data: what every fixed-layout writer
//! reads (PDF today, OFD next), and all it needs besides the [`FontSet`]
//! the layout used. A writer draws exactly this and decides nothing.
//!
//! Coordinates:
//! - Lengths are in points (1/72 in). A metric format converts each with
//!   [`gbt9704::mm`](crate::gbt9704::mm) (OFD: every length in millimetres).
//! - The origin is the top-left corner of the paper and y grows downwards,
//!   as in OFD and krilla; a writer whose y grows upwards flips it with the
//!   page's [`Page::height`].
//! - A text run's `(x, y)` is the pen position of its first glyph: x where
//!   the glyph's advance starts, y its baseline. Each following glyph starts
//!   where the previous one's [`PlacedGlyph::advance`] ends, on the same
//!   baseline; nothing is shaped or kerned on top.
//! - A rule is a straight stroke of the given width, centred on the segment
//!   from `from` to `to`, with flat ends.
//! - Grey is one byte: 0 is black, 255 white, the same level in every
//!   channel.
//!
//! [`FontSet`]: crate::fonts::FontSet

use crate::doc;
use crate::fonts::FaceId;

/// The whole document, page by page, with its outline, its logical
/// structure and its metadata.
#[derive(Debug, Clone)]
pub struct Pages {
    /// In order; page `i` prints the number `i + 1`.
    pub pages: Vec<Page>,
    /// Headings for bookmarks, in document order.
    pub outline: Vec<OutlineEntry>,
    /// Logical structure for tagging; runs point into it by index.
    pub elements: Vec<Element>,
    /// Title, author, language and date for the file's metadata.
    pub meta: doc::Metadata,
}

/// One sheet of paper and what is drawn on it.
#[derive(Debug, Clone)]
pub struct Page {
    /// Width of the paper in points (A4: 595.28, i.e. 210 mm to 1/100 pt).
    pub width: f32,
    /// Height of the paper in points (A4: 841.89, i.e. 297 mm).
    pub height: f32,
    /// Drawn in order, later over earlier: text and rules of the body, then
    /// the page number and draft mark.
    pub items: Vec<Item>,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A run of glyphs.
    Text(TextRun),
    /// A straight line.
    Rule(Rule),
}

/// Glyphs of one face and size on one baseline, with the source text so a
/// reader extracts exactly what the document says.
#[derive(Debug, Clone)]
pub struct TextRun {
    /// The face in the [`FontSet`](crate::fonts::FontSet) used for layout.
    pub face: FaceId,
    /// Font size in points: the em the glyphs are scaled to.
    pub size: f32,
    /// Pen position of the first glyph: where its advance starts.
    pub x: f32,
    /// The baseline.
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

/// One glyph with the distance to the next, and its characters in the
/// run's text.
#[derive(Debug, Clone, Copy)]
pub struct PlacedGlyph {
    /// Glyph id in the run's face.
    pub id: u16,
    /// Pen advance to the next glyph, in points: the grid cell or the
    /// glyph's own width, plus any justification. It need not be the
    /// font's advance for the glyph (16 pt glyphs sit in 15.79 pt cells).
    pub advance: f32,
    /// Byte range `start..end` in the run's text.
    pub text: (u32, u32),
}

/// A straight line: table borders and the draft stamp's frame.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Start point (x, y).
    pub from: (f32, f32),
    /// End point (x, y).
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

/// Kinds of logical element (with the PDF structure tag each maps to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
