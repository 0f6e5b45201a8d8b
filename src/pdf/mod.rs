//! PDF writer over krilla: walks [`Pages`] and draws exactly what layout
//! decided, nothing more. PDF/A-2b by default when the document has a date;
//! tagged PDF/A-2a + PDF/UA-1 on request. Output depends only on the input:
//! no clock, no random ids.

#![warn(missing_docs)]

use std::num::{NonZeroU16, NonZeroU32};

use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Node, SpanTag, TableHeaderScope, Tag, TagGroup, TagKind,
    TagTree,
};
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use crate::fonts::FontSet;
use crate::layout::pages::{ElementKind, Item, OutlineEntry, Pages, Role};

/// Which PDF flavour to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Conformance {
    /// PDF/A-2b when the document has a [`Stamp`](crate::date::Stamp), a
    /// plain PDF without any date otherwise: the default. krilla writes
    /// PDF/A only with a document date (xmp:History needs one), and a date
    /// the report does not give would be a false statement in an archive,
    /// so an undated report (a draft before its 成文日期) is not claimed to
    /// be an archival file.
    #[default]
    PdfA2bWhenDated,
    /// PDF/A-2b: archival; refused without a date.
    PdfA2b,
    /// Tagged PDF/A-2a plus PDF/UA-1: headings, paragraphs and table cells
    /// for screen readers; page numbers and repeated headers as artifacts.
    PdfA2aUa1,
    /// Plain PDF 1.7 without any standard (smallest, no validation).
    Plain,
}

impl Conformance {
    /// What is written for a document that is `dated` or not: the default
    /// becomes PDF/A-2b or plain; an archival standard asked for by name
    /// is refused without a date, since it cannot be met honestly.
    pub fn for_document(self, dated: bool) -> Result<Conformance, PdfError> {
        match self {
            Conformance::PdfA2bWhenDated if dated => Ok(Conformance::PdfA2b),
            Conformance::PdfA2bWhenDated => Ok(Conformance::Plain),
            Conformance::PdfA2b | Conformance::PdfA2aUa1 if !dated => {
                Err(PdfError::ArchivalWithoutDate)
            }
            other => Ok(other),
        }
    }
}

/// Options for [`write_pdf`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfOptions {
    /// Which standard the file claims and krilla validates.
    pub conformance: Conformance,
}

/// Why no PDF was written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("版面引用了字体集中没有的字体（排版与写出须用同一个字体集）")]
    /// A run names a face the font set does not have.
    UnknownFace,
    #[error("krilla 无法读取字体 {name}")]
    /// krilla cannot read a face the layout used.
    UnreadableFont {
        /// The face's name in the font set.
        name: String,
    },
    #[error("页面尺寸 {width} × {height} pt 无效")]
    /// A page whose size PDF cannot hold (zero, negative or not a number).
    PageSize {
        /// Width in points.
        width: f32,
        /// Height in points.
        height: f32,
    },
    #[error("PDF/A 须注明文件日期，而文档没有日期（Metadata::stamp）")]
    /// An archival standard was asked for by name, and the document has no
    /// date to state.
    ArchivalWithoutDate,
    #[error("krilla 不接受这组 PDF 标准与版本：{0:?}")]
    /// krilla rejected the standard/version combination (its error has no
    /// message of its own, so its variant is shown).
    Configuration(krilla::configure::ConfigurationError),
    #[error("krilla 未能写出 PDF：{}", describe(.0))]
    /// krilla's own checks failed (e.g. a glyph missing in PDF/A).
    Krilla(#[from] KrillaError),
}

/// krilla's message, with the failed checks named when validation failed
/// (krilla's own message gives only their count).
fn describe(error: &KrillaError) -> String {
    match error {
        KrillaError::Validation(failures) => {
            let names: Vec<String> = failures.iter().map(|(e, _)| format!("{e:?}")).collect();
            format!("未通过所选标准的校验：{}", names.join("；"))
        }
        other => other.to_string(),
    }
}

/// Writes laid-out pages as a PDF; `fonts` must be the set used for layout.
pub fn write_pdf(
    pages: &Pages,
    fonts: &FontSet,
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let conformance = options
        .conformance
        .for_document(pages.meta.stamp.is_some())?;
    let tagged = conformance == Conformance::PdfA2aUa1;
    let mut config = ConfigurationBuilder::new();
    config = match conformance {
        Conformance::PdfA2b => config.with_archival_validator(Archival::A2_B),
        Conformance::PdfA2aUa1 => config
            .with_archival_validator(Archival::A2_A)
            .with_accessibility_validator(Accessibility::UA1),
        Conformance::Plain | Conformance::PdfA2bWhenDated => config,
    };
    let configuration = config.finish().map_err(PdfError::Configuration)?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: tagged,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);

    let fonts_pdf = krilla_fonts(fonts)?;
    // Leaf identifiers per logical element, filled while drawing.
    let mut leaves: Vec<Vec<Node>> = vec![Vec::new(); pages.elements.len()];
    let mut glyphs: Vec<KrillaGlyph> = Vec::new();
    for page in &pages.pages {
        let size = PageSettings::from_wh(page.width, page.height).ok_or(PdfError::PageSize {
            width: page.width,
            height: page.height,
        })?;
        let mut p = document.start_page_with(size);
        let mut surface = p.surface();
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    let font = fonts_pdf
                        .get(run.face.index())
                        .ok_or(PdfError::UnknownFace)?
                        .clone();
                    glyphs.clear();
                    glyphs.extend(run.glyphs.iter().map(|g| KrillaGlyph {
                        glyph_id: GlyphId::new(u32::from(g.id)),
                        text_range: g.text.0 as usize..g.text.1 as usize,
                        x_advance: g.advance / run.size,
                        x_offset: 0.0,
                        y_offset: 0.0,
                        y_advance: 0.0,
                        location: None,
                    }));
                    let tag = if tagged {
                        Some(start_tag(&mut surface, run.role))
                    } else {
                        None
                    };
                    set_gray_fill(&mut surface, run.gray);
                    surface.draw_glyphs(
                        Point::from_xy(run.x, run.y),
                        &glyphs,
                        font,
                        &run.text,
                        run.size,
                        false,
                    );
                    if let Some(node) = tag {
                        surface.end_tagged();
                        if let (Some(node), Role::Content(id)) = (node, run.role) {
                            if let Some(list) = leaves.get_mut(id) {
                                list.push(node);
                            }
                        }
                    }
                }
                Item::Rule(rule) => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(rule.from.0, rule.from.1);
                    pb.line_to(rule.to.0, rule.to.1);
                    let Some(path) = pb.finish() else { continue };
                    if tagged {
                        surface.start_tagged(ContentTag::Artifact(Artifact::new(
                            ArtifactType::Layout,
                            None,
                        )));
                    }
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: gray(rule.gray).into(),
                        width: rule.width,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                    if tagged {
                        surface.end_tagged();
                    }
                }
            }
        }
        surface.finish();
        p.finish();
    }

    document.set_outline(outline(&pages.outline));
    document.set_metadata(metadata(pages));
    if tagged {
        document.set_tag_tree(tag_tree(pages, leaves));
    }
    Ok(document.finish()?)
}

/// krilla's handle for every face of the set, in [`FaceId`] order.
///
/// Built for each document: a handle parses a few of the file's tables and
/// never hashes the file, about 0.2 M instructions for the five bundled
/// faces against 176 M for writing the seed's PDF, so a cache would save
/// nothing worth its keeping.
///
/// [`FaceId`]: crate::fonts::FaceId
fn krilla_fonts(fonts: &FontSet) -> Result<Vec<krilla::text::Font>, PdfError> {
    fonts
        .files()
        .map(|(id, file)| {
            krilla::text::Font::new(file.bytes.shared().into(), file.index).ok_or_else(|| {
                PdfError::UnreadableFont {
                    name: fonts.name(id).to_string(),
                }
            })
        })
        .collect()
}

fn gray(level: u8) -> rgb::Color {
    rgb::Color::new(level, level, level)
}

fn set_gray_fill(surface: &mut Surface, level: u8) {
    surface.set_fill(Some(Fill {
        paint: gray(level).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}

/// Marks the next content as part of an element (returns its leaf) or as
/// an artifact.
fn start_tag(surface: &mut Surface, role: Role) -> Option<Node> {
    let artifact = |kind| ContentTag::Artifact(Artifact::new(kind, None));
    match role {
        Role::Content(_) => Some(
            surface
                .start_tagged(ContentTag::Span(SpanTag::empty()))
                .into(),
        ),
        Role::Repeated => {
            surface.start_tagged(artifact(ArtifactType::PaginationOther));
            None
        }
        Role::PageNumber => {
            surface.start_tagged(artifact(ArtifactType::PageNumber));
            None
        }
        Role::DraftMark => {
            surface.start_tagged(artifact(ArtifactType::Watermark));
            None
        }
    }
}

fn tag_kind(kind: ElementKind, title: Option<&str>) -> TagKind {
    let span = |n: u32| NonZeroU32::new(n.max(1));
    match kind {
        ElementKind::Title => Tag::Hn(NonZeroU16::MIN, title.map(str::to_string)).into(),
        ElementKind::Heading(level) => {
            let level = NonZeroU16::new(u16::from(level) + 1).unwrap_or(NonZeroU16::MIN);
            Tag::Hn(level, title.map(str::to_string)).into()
        }
        ElementKind::Paragraph | ElementKind::Signature => Tag::P.into(),
        ElementKind::Table => Tag::Table.into(),
        ElementKind::Row => Tag::TR.into(),
        ElementKind::HeaderCell { rowspan, colspan } => Tag::TH(TableHeaderScope::Both)
            .with_row_span(span(rowspan))
            .with_col_span(span(colspan))
            .into(),
        ElementKind::DataCell { rowspan, colspan } => Tag::TD
            .with_row_span(span(rowspan))
            .with_col_span(span(colspan))
            .into(),
    }
}

/// Builds the tag tree bottom-up: children are created after their parents,
/// so walking backwards finishes every child before its parent.
fn tag_tree(pages: &Pages, mut leaves: Vec<Vec<Node>>) -> TagTree {
    let n = pages.elements.len();
    let mut children: Vec<Vec<Node>> = vec![Vec::new(); n];
    let mut roots: Vec<Node> = Vec::new();
    for i in (0..n).rev() {
        let el = &pages.elements[i];
        let mut nodes = std::mem::take(&mut leaves[i]);
        nodes.append(&mut children[i]);
        if nodes.is_empty() {
            continue;
        }
        let group: Node =
            TagGroup::with_children(tag_kind(el.kind, el.title.as_deref()), nodes).into();
        match el.parent {
            Some(p) if p < n => children[p].insert(0, group),
            _ => roots.insert(0, group),
        }
    }
    let mut tree = TagTree::new().with_lang(Some(pages.meta.language.clone()));
    for node in roots {
        tree.push(node);
    }
    tree
}

fn outline(entries: &[OutlineEntry]) -> Outline {
    let mut root = Outline::new();
    let mut stack: Vec<(u8, OutlineNode)> = Vec::new();
    fn attach(root: &mut Outline, stack: &mut Vec<(u8, OutlineNode)>) {
        if let Some((_, node)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.push_child(node),
                None => root.push_child(node),
            }
        }
    }
    for e in entries {
        while stack.last().is_some_and(|(level, _)| *level >= e.level) {
            attach(&mut root, &mut stack);
        }
        let dest = XyzDestination::new(e.page, Point::from_xy(0.0, e.y));
        stack.push((e.level, OutlineNode::new(e.title.clone(), dest)));
    }
    while !stack.is_empty() {
        attach(&mut root, &mut stack);
    }
    root
}

fn metadata(pages: &Pages) -> Metadata {
    let m = &pages.meta;
    let metadata = Metadata::new()
        .title(m.title.clone())
        .authors(vec![m.author.clone()])
        .language(m.language.clone())
        .creator("gongwen".to_string())
        .producer(format!("gongwen {} (krilla)", env!("CARGO_PKG_VERSION")));
    // No stamp, no date: krilla then writes no CreationDate and no XMP date.
    match m.stamp {
        Some(stamp) => {
            let (d, (hour, minute, second)) = (stamp.date(), stamp.time());
            metadata.creation_date(
                DateTime::new(d.year)
                    .month(d.month)
                    .day(d.day)
                    .hour(hour)
                    .minute(minute)
                    .second(second),
            )
        }
        None => metadata,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Document, Metadata};
    use crate::layout::layout_document;

    #[test]
    fn a_page_without_a_size_is_refused_naming_it() {
        let fonts = FontSet::bundled().expect("fonts");
        let doc = Document {
            meta: Metadata {
                title: "t".into(),
                author: "a".into(),
                language: "zh-CN".into(),
                stamp: None,
            },
            title: "标题".into(),
            blocks: Vec::new(),
            signature: None,
            draft: false,
        };
        let (mut pages, _) = layout_document(&doc, &fonts).expect("layout");
        assert!(write_pdf(&pages, &fonts, &PdfOptions::default()).is_ok());
        pages.pages[0].width = 0.0;
        let err = write_pdf(&pages, &fonts, &PdfOptions::default()).unwrap_err();
        assert!(matches!(err, PdfError::PageSize { .. }), "{err}");
        assert!(err.to_string().contains("页面尺寸"), "{err}");
    }
}
