//! The OFD writer against readers that are not ours, and against the PDF
//! written from the same layout:
//! - ofd-core (crates.io) parses, checks and renders every page; its pages
//!   carry the ink poppler draws for the PDF's;
//! - easyofd (PyPI) reads every paragraph and table label back in order;
//! - PyMuPDF reads the PDF's glyph origins, which the OFD's equal;
//! - qpdf reads the PDF's font programs, which the OFD embeds byte for byte;
//! - our own reading of GB/T 33190's structural rules.
//!
//! Needs poppler-utils (pdftoppm, pdfinfo), qpdf, and python3 with easyofd
//! and pymupdf<2; scripts/test.sh installs them all. Renders are kept under
//! the target dir (`ofd-tests/`) to look at.

mod common;
#[path = "../benches/support/mod.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use gongwen::doc::{build_document, Block, CellKind, Document};
use gongwen::fonts::FontSet;
use gongwen::layout::{Item, Pages, PlacedGlyph, Role, TextRun};
use gongwen::model;
use gongwen::ofd::write_ofd;
use gongwen::pdf::{write_pdf, PdfOptions};
use ofd_core::{parse_deltas, OfdPackage, OfdReader, PageBlock, RenderOptions};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

const NS: &str = "http://www.ofdspec.org/2016";
const MM_PER_PT: f64 = 25.4 / 72.0;

fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| FontSet::bundled().expect("bundled fonts"))
}

/// One document laid out once and written both ways.
struct Written {
    pages: Pages,
    ofd: Vec<u8>,
    ofd_path: PathBuf,
    pdf_path: PathBuf,
}

fn write_both(doc: &Document, stem: &str) -> Written {
    let pages = common::layout(doc, fonts());
    let ofd = write_ofd(&pages, fonts()).expect("ofd");
    let pdf = write_pdf(&pages, fonts(), &PdfOptions::default()).expect("pdf");
    let ofd_path = out_dir().join(format!("{stem}.ofd"));
    let pdf_path = out_dir().join(format!("{stem}.pdf"));
    std::fs::write(&ofd_path, &ofd).expect("write ofd");
    std::fs::write(&pdf_path, &pdf).expect("write pdf");
    Written {
        pages,
        ofd,
        ofd_path,
        pdf_path,
    }
}

fn seed(draft: bool) -> &'static Written {
    static PLAIN: OnceLock<Written> = OnceLock::new();
    static DRAFT: OnceLock<Written> = OnceLock::new();
    let cell = if draft { &DRAFT } else { &PLAIN };
    cell.get_or_init(|| {
        let stem = if draft { "seed-draft" } else { "seed" };
        write_both(&common::seed_doc(draft), stem)
    })
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ofd-tests");
    std::fs::create_dir_all(&dir).expect("out dir");
    dir
}

fn reader(ofd: &[u8]) -> OfdReader<Cursor<Vec<u8>>> {
    OfdReader::new(OfdPackage::new(Cursor::new(ofd.to_vec())).expect("zip")).expect("OFD.xml")
}

/// Every entry of the package, by name.
fn entries(ofd: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(ofd)).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read entry");
        out.insert(entry.name().expect("name").to_string(), bytes);
    }
    out
}

fn tool(name: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}); install it: apt-get install -y poppler-utils qpdf")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// tests/python/read_ofd.py, which reads with easyofd or PyMuPDF.
fn python(args: &[&str]) -> serde_json::Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/read_ofd.py");
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 is needed (scripts/test.sh installs easyofd and pymupdf)");
    assert!(
        out.status.success(),
        "read_ofd.py {}: {}",
        args[0],
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("read_ofd.py prints JSON")
}

// ---------------------------------------------------------------- ofd-core

#[test]
fn ofd_core_validates_and_reads_the_document() {
    for draft in [false, true] {
        let w = seed(draft);
        let report = ofd_core::check_path(&w.ofd_path);
        assert!(report.conforms(), "{:?}", report.problems);
        let mut r = reader(&w.ofd);
        assert_eq!(r.ofd().version, "1.0");
        assert_eq!(r.ofd().doc_type, "OFD");
        let body = r.ofd().doc_bodies[0].clone();
        let info = &body.doc_info;
        assert_eq!(info.title.as_deref(), Some(w.pages.meta.title.as_str()));
        assert_eq!(info.author.as_deref(), Some("老城区人民政府办公室"));
        let id = info.doc_id.as_deref().expect("DocID");
        assert!(id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()));
        let doc = r.load_document(&body).expect("Document.xml");
        assert_eq!(doc.pages().len(), w.pages.pages.len());
        // The outline nests as the PDF's bookmarks do.
        let outline = doc.document.outlines.as_ref().expect("outline");
        let top: Vec<&str> = outline
            .outline_elems
            .iter()
            .map(|e| e.title.as_str())
            .collect();
        let expected: Vec<&str> = w
            .pages
            .outline
            .iter()
            .filter(|e| e.level == 1)
            .map(|e| e.title.as_str())
            .collect();
        assert_eq!(top, expected);
        let nested: usize = outline.outline_elems.iter().map(|e| e.children.len()).sum();
        assert_eq!(
            nested,
            w.pages.outline.iter().filter(|e| e.level == 2).count()
        );
    }
}

/// Glyphs drawn, rules where the PDF has them: each page as ofd-core
/// renders it carries the ink of the PDF's page as poppler renders it.
/// `-thinlinemode shape` makes poppler draw a 0.5 pt rule at its true
/// coverage, as tiny-skia does (by default it widens it to a full pixel).
/// A font ofd-core cannot use (no cmap, say) leaves the text pages blank,
/// which this catches and ofd-core's own check does not.
#[test]
fn ofd_core_renders_the_ink_of_the_pdf() {
    for draft in [false, true] {
        assert_ink_of_the_pdf(seed(draft));
    }
}

fn assert_ink_of_the_pdf(w: &Written) {
    let stem = w
        .ofd_path
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let prefix = out_dir().join(format!("{stem}-pdf"));
    let (pdf_path, prefix_str) = (w.pdf_path.to_str().unwrap(), prefix.to_str().unwrap());
    tool(
        "pdftoppm",
        &[
            "-r",
            "60",
            "-thinlinemode",
            "shape",
            "-gray",
            pdf_path,
            prefix_str,
        ],
    );
    let mut r = reader(&w.ofd);
    let body = r.ofd().doc_bodies[0].clone();
    let doc = r.load_document(&body).expect("document");
    let options = RenderOptions::with_dpi(60.0);
    for i in 0..doc.pages().len() {
        let pixmap = r.render_page(&doc, i, &options).expect("render");
        let ofd = Gray {
            width: pixmap.width() as usize,
            height: pixmap.height() as usize,
            pixels: pixmap
                .data()
                .chunks_exact(4)
                .map(|p| {
                    let luma = 299 * u32::from(p[0]) + 587 * u32::from(p[1]);
                    ((luma + 114 * u32::from(p[2]) + 500) / 1000) as u8
                })
                .collect(),
        };
        let png = out_dir().join(format!("{stem}-ofd-{}.png", i + 1));
        r.render_page_to_file(&doc, i, &options, &png).expect("png");
        let pdf = Gray::read_pgm(&pgm_path(&prefix, i + 1, doc.pages().len()));
        let (ink, off) = compare(&ofd, &pdf);
        println!(
            "{stem} page {}: ink {:+.2} %, {:.2} % of pixels off by > 10 %",
            i + 1,
            ink * 100.0,
            off * 100.0
        );
        assert!(ink.abs() < 0.01, "{stem} page {}: ink {ink}", i + 1);
        assert!(off < 0.03, "{stem} page {}: {off} of pixels off", i + 1);
    }
}

/// pdftoppm numbers pages with as many digits as the last one has.
fn pgm_path(prefix: &Path, page: usize, pages: usize) -> PathBuf {
    let digits = pages.to_string().len();
    PathBuf::from(format!("{}-{page:0digits$}.pgm", prefix.display()))
}

struct Gray {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Gray {
    /// A binary PGM (P5, maxval 255) as pdftoppm -gray writes it.
    fn read_pgm(path: &Path) -> Gray {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..at]).to_string());
        }
        assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P5", "255"));
        let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        let pixels = bytes[at + 1..].to_vec();
        assert_eq!(pixels.len(), width * height);
        Gray {
            width,
            height,
            pixels,
        }
    }

    fn at(&self, x: usize, y: usize) -> f64 {
        f64::from(self.pixels[y * self.width + x]) / 255.0
    }
}

/// Relative difference of total ink (OFD vs PDF), and the share of pixels
/// that differ by more than 10 % after a Gaussian blur of 1 px, which
/// absorbs anti-aliasing and the renderers' half-pixel conventions. Both
/// are cropped to the common size: 210 mm make 496 px at 60 dpi in
/// ofd-core, 595.28 pt make 497 in poppler (the extra column is margin).
fn compare(a: &Gray, b: &Gray) -> (f64, f64) {
    let (w, h) = (a.width.min(b.width), a.height.min(b.height));
    assert!(w + 2 >= a.width.max(b.width) && h + 2 >= a.height.max(b.height));
    let ink = |g: &Gray| -> f64 {
        (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| 1.0 - g.at(x, y))
            .sum()
    };
    let (ink_a, ink_b) = (ink(a), ink(b));
    let (blur_a, blur_b) = (blur(a, w, h), blur(b, w, h));
    let off = blur_a
        .iter()
        .zip(&blur_b)
        .filter(|(p, q)| (*p - *q).abs() > 0.1)
        .count();
    ((ink_a - ink_b) / ink_b, off as f64 / (w * h) as f64)
}

/// Separable Gaussian, σ = 1 px, radius 3, edges clamped.
fn blur(g: &Gray, w: usize, h: usize) -> Vec<f64> {
    let kernel: Vec<f64> = (-3i32..=3)
        .map(|d| (-f64::from(d * d) / 2.0).exp())
        .collect();
    let total: f64 = kernel.iter().sum();
    let clamp = |v: i64, n: usize| v.clamp(0, n as i64 - 1) as usize;
    let mut rows = vec![0.0; w * h];
    for y in 0..h {
        for x in 0..w {
            rows[y * w + x] = (-3i64..=3)
                .zip(&kernel)
                .map(|(d, k)| k * g.at(clamp(x as i64 + d, w), y))
                .sum::<f64>()
                / total;
        }
    }
    let mut out = vec![0.0; w * h];
    for y in 0..h {
        for x in 0..w {
            out[y * w + x] = (-3i64..=3)
                .zip(&kernel)
                .map(|(d, k)| k * rows[clamp(y as i64 + d, h) * w + x])
                .sum::<f64>()
                / total;
        }
    }
    out
}

// ------------------------------------------------------- glyph positions

/// One page's text objects, each a list of (character, x, y) in mm.
type PageGlyphs = Vec<Vec<(char, f64, f64)>>;

/// Where ofd-core puts each glyph of each text object, from `Boundary`,
/// `TextCode` `X`/`Y` and `DeltaX` (with `g N v` expanded): per page, per
/// object, (character, x, y) in mm.
fn ofd_glyphs(ofd: &[u8]) -> Vec<PageGlyphs> {
    let mut r = reader(ofd);
    let body = r.ofd().doc_bodies[0].clone();
    let doc = r.load_document(&body).expect("document");
    let mut pages = Vec::new();
    for page_ref in doc.pages().to_vec() {
        let page = r.load_page(&doc, &page_ref).expect("page");
        let mut objects = Vec::new();
        for layer in &page.content.as_ref().expect("content").layers {
            for object in &layer.objects {
                let PageBlock::Text(t) = object else { continue };
                let mut glyphs = Vec::new();
                for code in &t.text_codes {
                    let deltas = code
                        .delta_x
                        .as_deref()
                        .map(parse_deltas)
                        .unwrap_or_default();
                    let mut x = t.boundary.x + code.x.unwrap_or(0.0);
                    let y = t.boundary.y + code.y.unwrap_or(0.0);
                    for (k, ch) in code.text.as_deref().unwrap_or("").chars().enumerate() {
                        if k > 0 {
                            x += deltas.get(k - 1).or(deltas.last()).copied().unwrap_or(0.0);
                        }
                        glyphs.push((ch, x, y));
                    }
                }
                objects.push(glyphs);
            }
        }
        pages.push(objects);
    }
    pages
}

/// The printing glyphs of a run: from its first to its last that is not
/// white space (a `TextCode` holds no space at either end).
fn inked(run: &TextRun) -> Range<usize> {
    let prints = |g: &PlacedGlyph| {
        !run.text[g.text.0 as usize..g.text.1 as usize]
            .chars()
            .all(char::is_whitespace)
    };
    match (
        run.glyphs.iter().position(prints),
        run.glyphs.iter().rposition(prints),
    ) {
        (Some(first), Some(last)) => first..last + 1,
        _ => 0..0,
    }
}

/// How far (mm) any glyph of the OFD is from where the layout put it, and
/// how many glyphs were compared. Every run that prints is one object.
fn worst_from_layout(pages: &Pages, ofd: &[PageGlyphs]) -> (f64, usize) {
    let (mut worst, mut glyphs) = (0.0f64, 0);
    for (page, objects) in pages.pages.iter().zip(ofd) {
        let runs: Vec<&TextRun> = page
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(run) if !inked(run).is_empty() => Some(run),
                _ => None,
            })
            .collect();
        assert_eq!(runs.len(), objects.len(), "one text object per run");
        for (run, object) in runs.iter().zip(objects) {
            let printed = inked(run);
            assert_eq!(printed.len(), object.len(), "{}", run.text);
            let skipped = run.glyphs[..printed.start].iter();
            let mut pen = f64::from(run.x) + skipped.map(|g| f64::from(g.advance)).sum::<f64>();
            for (glyph, (ch, x, y)) in run.glyphs[printed].iter().zip(object) {
                assert_eq!(
                    Some(*ch),
                    run.text[glyph.text.0 as usize..].chars().next(),
                    "{}",
                    run.text
                );
                let dx = (x - pen * MM_PER_PT).abs();
                let dy = (y - f64::from(run.y) * MM_PER_PT).abs();
                worst = worst.max(dx).max(dy);
                pen += f64::from(glyph.advance);
                glyphs += 1;
            }
        }
    }
    (worst, glyphs)
}

/// Both files come from one layout, so every glyph sits where the layout
/// put it (within 0.01 mm) and the first glyph of every run, hence of
/// every line, where MuPDF reads it in the PDF (within 0.05 mm).
#[test]
fn glyph_positions_equal_the_layouts_and_the_pdfs() {
    let w = seed(false);
    let ofd = ofd_glyphs(&w.ofd);
    let (worst_layout, glyphs) = worst_from_layout(&w.pages, &ofd);
    // Against the PDF, as MuPDF reads it.
    let pdf = python(&["origins", w.pdf_path.to_str().unwrap()]);
    let pdf = pdf.as_array().expect("pages");
    assert_eq!(pdf.len(), ofd.len());
    let (mut worst_first, mut worst_any, mut firsts) = (0.0f64, 0.0f64, 0);
    for (objects, chars) in ofd.iter().zip(pdf) {
        let mut by_char: BTreeMap<char, Vec<(f64, f64)>> = BTreeMap::new();
        for c in chars.as_array().unwrap() {
            let c = c.as_array().unwrap();
            let ch = c[0].as_str().unwrap().chars().next().unwrap();
            by_char
                .entry(ch)
                .or_default()
                .push((c[1].as_f64().unwrap(), c[2].as_f64().unwrap()));
        }
        let nearest = |ch: char, x: f64, y: f64| -> f64 {
            by_char.get(&ch).map_or(f64::INFINITY, |found| {
                found
                    .iter()
                    .map(|(px, py)| (x - px).abs().max((y - py).abs()))
                    .fold(f64::INFINITY, f64::min)
            })
        };
        for object in objects {
            let mut first = true;
            for &(ch, x, y) in object.iter().filter(|(ch, _, _)| !ch.is_whitespace()) {
                let d = nearest(ch, x, y);
                worst_any = worst_any.max(d);
                if first {
                    worst_first = worst_first.max(d);
                    firsts += 1;
                    first = false;
                }
            }
        }
    }
    println!(
        "{glyphs} glyphs: worst {worst_layout:.5} mm from the layout; first glyphs of {firsts} runs \
         worst {worst_first:.5} mm from the PDF's, any glyph {worst_any:.5} mm"
    );
    assert!(worst_layout <= 0.01, "{worst_layout} mm from the layout");
    assert!(worst_first <= 0.05, "{worst_first} mm from the PDF");
    assert!(worst_any <= 0.05, "{worst_any} mm from the PDF");
    assert!(firsts > 300);
}

/// A fallback face (a face of a collection, Noto Serif CJK, for 镕 and the
/// supplementary-plane 𠮷) and Latin text with spaces: runs then start with
/// a space (after a character of another face) and end with one (a line's
/// last). No `TextCode` begins or ends with white space, which readers
/// drop; every glyph still sits where the layout put it; the fallback face
/// is embedded under its own family name; and both readers get the text.
#[test]
fn fallback_faces_and_spaces_at_the_ends_of_runs() {
    use gongwen::fonts::{FontMap, FontSpec};
    let map = FontMap {
        fallback: vec![FontSpec::Family("Noto Serif CJK SC".into())],
        ..FontMap::default()
    };
    let fonts = FontSet::load(&map).unwrap_or_else(|e| {
        panic!("{e}\nthis test needs a CJK font with 镕 and 𠮷: apt-get install -y fonts-noto-cjk")
    });
    let mut doc = common::seed_doc(false);
    let paragraph = "经办人朱镕基 同志与吉𠮷 先生核对了全部数据。Words  with two spaces, \
        a long English sentence that must break across lines somewhere, \
        and https://www.example.gov.cn/path/to/page?x=1&y=2 as well.";
    let Some(Block::Paragraph(p)) = doc
        .blocks
        .iter_mut()
        .find(|b| matches!(b, Block::Paragraph(_)))
    else {
        panic!("the seed has paragraphs");
    };
    p.text = paragraph.to_string();
    let (pages, warnings) = gongwen::layout::layout_document(&doc, &fonts).expect("layout");
    assert!(!warnings.is_empty(), "镕 and 𠮷 come from the fallback");
    let runs: Vec<&TextRun> = pages.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) => Some(r),
            _ => None,
        })
        .collect();
    assert!(
        runs.iter().any(|r| r.text.starts_with(' ')),
        "a run starts with a space"
    );
    assert!(
        runs.iter().any(|r| r.text.ends_with(' ')),
        "a run ends with a space"
    );

    let ofd = write_ofd(&pages, &fonts).expect("ofd");
    let path = out_dir().join("fallback.ofd");
    std::fs::write(&path, &ofd).unwrap();
    assert!(ofd_core::check_path(&path).conforms());
    let pdf_path = out_dir().join("fallback.pdf");
    let pdf = write_pdf(&pages, &fonts, &PdfOptions::default()).expect("pdf");
    std::fs::write(&pdf_path, pdf).unwrap();
    let glyphs = ofd_glyphs(&ofd);
    for object in glyphs.iter().flatten() {
        let ends = [object.first(), object.last()];
        assert!(ends.iter().flatten().all(|(ch, _, _)| !ch.is_whitespace()));
    }
    let (worst, count) = worst_from_layout(&pages, &glyphs);
    assert!(
        worst <= 0.01,
        "{worst} mm from the layout over {count} glyphs"
    );
    check_structure(&ofd, &pages);
    let public_res = String::from_utf8(entries(&ofd)["Doc_0/PublicRes.xml"].clone()).unwrap();
    assert!(
        public_res.contains(r#"FontName="NotoSerifCJKsc-Regular" FamilyName="Noto Serif CJK SC""#),
        "{public_res}"
    );

    let read = python(&["text", path.to_str().unwrap()]);
    let pages_read = read[path.to_str().unwrap()].as_array().unwrap();
    let text: String = pages_read[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| no_space(i["text"].as_str().unwrap()))
        .collect();
    assert!(text.contains(&no_space(paragraph)), "{text}");
    assert_ink_of_the_pdf(&Written {
        pages,
        ofd,
        ofd_path: path,
        pdf_path,
    });
}

// ---------------------------------------------------------------- easyofd

/// What a reader must find, in order: the title, every heading and
/// paragraph, every table's header and label cells, the signature.
fn expected_strings(doc: &Document) -> Vec<String> {
    let mut out = vec![doc.title.clone()];
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => out.push(h.full_text()),
            Block::Paragraph(p) => out.push(p.text.clone()),
            Block::Table(t) => out.extend(
                t.cells
                    .iter()
                    .filter(|c| matches!(c.kind, CellKind::Header | CellKind::Label))
                    .map(|c| c.text.clone()),
            ),
        }
    }
    out.extend(doc.signature.as_ref().map(|s| s.agency.clone()));
    out
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The folio `— N —` and the 草稿 stamp sit between the halves of a
/// paragraph that crosses a page; the PDF marks them as artifacts, an OFD
/// has no such mark, so a reader's text is taken without them.
fn is_furniture(text: &str) -> bool {
    let folio = text
        .strip_prefix("— ")
        .and_then(|t| t.strip_suffix(" —"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    folio || text == "草稿"
}

/// easyofd, a second reader written apart from ofd-core, opens every file
/// we write for the seed (and its draft), the other example, the JSON seed
/// and a sample of generated reports, and every paragraph and table label
/// comes back in reading order.
#[test]
fn easyofd_reads_every_paragraph_and_label_in_order() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs: Vec<(String, Document)> = vec![
        ("seed".into(), common::seed_doc(false)),
        ("seed-draft".into(), common::seed_doc(true)),
    ];
    for input in [
        "examples/placeholders-2023.toml",
        "tests/data/laochengqu-2022.json",
    ] {
        let report = model::load(&manifest.join(input)).expect("example loads");
        let stem = Path::new(input).file_stem().unwrap().to_string_lossy();
        docs.push((stem.to_string(), build_document(&report, false).unwrap()));
    }
    // Generated reports: six consistent ones, one of them long.
    let sample = [0, 1, 2, 7, 12, 30];
    for i in sample {
        let text = support::report(20_221_231, i);
        let path = out_dir().join(format!("generated-{i}.toml"));
        std::fs::write(&path, &text).unwrap();
        let report = model::load(&path).expect("generated report loads");
        docs.push((
            format!("generated-{i}"),
            build_document(&report, false).unwrap(),
        ));
    }
    let mut files = Vec::new();
    for (stem, doc) in &docs {
        let pages = common::layout(doc, fonts());
        let path = out_dir().join(format!("easyofd-{stem}.ofd"));
        std::fs::write(&path, write_ofd(&pages, fonts()).unwrap()).unwrap();
        files.push((path, pages.pages.len()));
    }
    let mut args = vec!["text"];
    args.extend(files.iter().map(|(p, _)| p.to_str().unwrap()));
    let read = python(&args);
    let mut failures = Vec::new();
    let mut total = 0;
    for ((stem, doc), (path, page_count)) in docs.iter().zip(&files) {
        let pages = read[path.to_str().unwrap()].as_array().expect("read");
        assert_eq!(pages.len(), *page_count, "{stem}: pages");
        let mut text = String::new();
        for item in pages.iter().flat_map(|p| p.as_array().unwrap()) {
            let t = item["text"].as_str().unwrap();
            if !is_furniture(t) {
                text.push_str(&no_space(t));
            }
        }
        let mut cursor = 0;
        for s in expected_strings(doc) {
            total += 1;
            match text[cursor..].find(&no_space(&s)) {
                Some(at) => cursor += at + no_space(&s).len(),
                None => failures.push(format!("{stem}: not in order: {s}")),
            }
        }
    }
    println!("easyofd: {} files, {total} strings in order", files.len());
    assert!(failures.is_empty(), "{failures:#?}");
}

// ------------------------------------------------------------- structure

/// Our reading of the standard's rules, which ofd-core does not check:
/// every XML part is well-formed, every element in the OFD namespace and no
/// attribute in any; IDs are unique and MaxUnitID is the largest; every ID
/// reference and every location resolves; every object lies on the page,
/// and the body text inside the text block (GB/T 9704's 37/35/28/26 mm
/// margins). The title, folio and draft stamp are not body text.
#[test]
fn the_package_holds_the_standards_structure() {
    for draft in [false, true] {
        let w = seed(draft);
        check_structure(&w.ofd, &w.pages);
    }
}

fn check_structure(ofd: &[u8], pages: &Pages) {
    let parts = entries(ofd);
    assert_eq!(
        parts.keys().next().map(String::as_str),
        Some("Doc_0/Document.xml")
    );
    let mut ids: Vec<u64> = Vec::new();
    let mut refs: Vec<(String, u64)> = Vec::new();
    let mut locations: Vec<String> = Vec::new();
    let mut max_unit_id = None;
    let mut boxes: BTreeMap<String, Vec<(String, [f64; 4])>> = BTreeMap::new();
    for (name, bytes) in &parts {
        if !name.ends_with(".xml") {
            continue;
        }
        let folder = name.rsplit_once('/').map_or("", |(f, _)| f).to_string();
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        let mut reader = NsReader::from_str(text);
        let mut element = String::new();
        let mut res_base = None;
        loop {
            match reader.read_resolved_event() {
                Ok((ns, Event::Start(e) | Event::Empty(e))) => {
                    let qname = e.name().as_ref().to_string();
                    assert!(
                        matches!(ns, ResolveResult::Bound(n) if n.as_ref() == NS),
                        "{name}: <{qname}> outside the OFD namespace"
                    );
                    element = qname.clone();
                    for a in e.attributes() {
                        let a = a.expect("attribute");
                        let key = a.key.as_ref().to_string();
                        let value = a
                            .normalized_value(XmlVersion::Implicit1_0)
                            .expect("value")
                            .to_string();
                        if key.starts_with("xmlns") {
                            continue;
                        }
                        assert!(!key.contains(':'), "{name}: namespaced attribute {key}");
                        match key.as_str() {
                            "ID" => ids.push(value.parse().expect("numeric ID")),
                            "Font" | "PageID" | "ResourceID" | "DrawParam" => {
                                refs.push((key, value.parse().expect("numeric reference")))
                            }
                            "BaseLoc" if qname == "ofd:Res" => res_base = Some(value),
                            "BaseLoc" => locations.push(format!("{folder}/{value}")),
                            "Boundary" => {
                                let v: Vec<f64> =
                                    value.split(' ').map(|n| n.parse().unwrap()).collect();
                                boxes
                                    .entry(name.clone())
                                    .or_default()
                                    .push((qname.clone(), [v[0], v[1], v[2], v[3]]));
                            }
                            _ => {}
                        }
                    }
                }
                Ok((_, Event::Text(t))) => {
                    let t = t.xml_content(XmlVersion::Implicit1_0).to_string();
                    match element.as_str() {
                        "ofd:MaxUnitID" => max_unit_id = Some(t.parse::<u64>().unwrap()),
                        "ofd:DocRoot" | "ofd:PublicRes" => locations.push(join(&folder, &t)),
                        "ofd:FontFile" => {
                            let base = res_base.as_deref().expect("Res BaseLoc");
                            locations.push(join(&join(&folder, base), &t));
                        }
                        _ => {}
                    }
                }
                Ok((_, Event::Eof)) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: not well-formed: {e}"),
            }
        }
    }
    let unique: BTreeSet<u64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate IDs");
    assert_eq!(
        max_unit_id,
        unique.last().copied(),
        "MaxUnitID is the largest ID"
    );
    for (kind, id) in &refs {
        assert!(unique.contains(id), "{kind}={id} refers to no ID");
    }
    for location in &locations {
        assert!(
            parts.contains_key(location),
            "{location} is not in the package"
        );
    }
    assert_eq!(
        locations
            .iter()
            .filter(|l| l.ends_with("Content.xml"))
            .count(),
        pages.pages.len()
    );

    // On the page; body text inside the block, where at most a closing
    // mark may hang past the right edge by its own width.
    let (left, top, right, bottom) = (28.0, 37.0, 210.0 - 26.0, 297.0 - 35.0);
    let slack = 0.001;
    for (index, page) in pages.pages.iter().enumerate() {
        let objects = &boxes[&format!("Doc_0/Pages/Page_{index}/Content.xml")];
        let items: Vec<&Item> = page
            .items
            .iter()
            .filter(|i| !matches!(i, Item::Text(r) if inked(r).is_empty()))
            .collect();
        assert_eq!(
            objects.len(),
            items.len(),
            "page {}: one object per item",
            index + 1
        );
        for ((kind, [x, y, w, h]), item) in objects.iter().zip(items) {
            assert!(
                *x >= 0.0 && *y >= 0.0 && x + w <= 210.0 && y + h <= 297.0,
                "page {}: {kind} at {x} {y} {w} {h} leaves the page",
                index + 1
            );
            let Item::Text(run) = item else { continue };
            assert_eq!(kind, "ofd:TextObject");
            if matches!(run.role, Role::PageNumber | Role::DraftMark) {
                continue;
            }
            let last = run.glyphs[inked(run).end - 1];
            let hang = match run.text[last.text.0 as usize..].chars().next() {
                Some(c) if "，。、；：？！）》」』”’".contains(c) => {
                    f64::from(last.advance) * MM_PER_PT
                }
                _ => 0.0,
            };
            assert!(
                *x >= left - slack
                    && *y >= top - slack
                    && x + w <= right + hang + slack
                    && y + h <= bottom + slack,
                "page {}: {:?} at {x} {y} {w} {h} leaves the text block",
                index + 1,
                run.text
            );
        }
    }
}

/// A location relative to `folder` (ST_Loc), `..` not used by us.
fn join(folder: &str, location: &str) -> String {
    if folder.is_empty() {
        location.to_string()
    } else {
        format!("{folder}/{location}")
    }
}

// ------------------------------------------------------------------ fonts

/// The OFD embeds the PDF's font programs: each font's `CFF ` table is
/// byte for byte the PDF's FontFile3 stream (one subsetter, glyphs in the
/// same order), and its cmap gives a real glyph for every character the
/// pages print.
#[test]
fn the_fonts_are_the_pdfs_with_a_cmap() {
    use skrifa::raw::TableProvider;
    use skrifa::{MetadataProvider, Tag};
    let w = seed(true);
    let programs = pdf_font_programs(&w.pdf_path);
    assert_eq!(programs.len(), 5);
    let mut printed: BTreeSet<char> = BTreeSet::new();
    for page in &w.pages.pages {
        for item in &page.items {
            if let Item::Text(run) = item {
                printed.extend(run.text.chars());
            }
        }
    }
    let mut mapped: BTreeSet<char> = BTreeSet::new();
    let mut compared = 0;
    for (name, bytes) in entries(&w.ofd) {
        if !name.starts_with("Doc_0/Res/") {
            continue;
        }
        assert_eq!(&bytes[..4], b"OTTO", "{name}: OpenType with CFF outlines");
        let font = skrifa::FontRef::new(&bytes).expect("the subset parses");
        for tag in [
            b"cmap", b"OS/2", b"head", b"hhea", b"hmtx", b"maxp", b"name", b"post",
        ] {
            assert!(
                font.data_for_tag(Tag::new(tag)).is_some(),
                "{name} lacks {tag:?}"
            );
        }
        for (code, glyph) in font.charmap().mappings() {
            assert_ne!(glyph.to_u32(), 0, "{name}: U+{code:04X} maps to .notdef");
            mapped.extend(char::from_u32(code));
        }
        let ps: String = font
            .localized_strings(skrifa::string::StringId::POSTSCRIPT_NAME)
            .english_or_first()
            .expect("PostScript name")
            .chars()
            .collect();
        let cff = font.data_for_tag(Tag::new(b"CFF ")).expect("CFF table");
        let program = programs.get(&ps).expect("the PDF embeds this face");
        println!(
            "{ps}: OFD file {} bytes, CFF {} bytes",
            bytes.len(),
            cff.len()
        );
        assert!(
            cff.as_bytes() == program.as_slice(),
            "{ps}: CFF differs from the PDF's"
        );
        compared += 1;
    }
    assert_eq!(compared, 5);
    let missing: Vec<&char> = printed.difference(&mapped).collect();
    assert!(missing.is_empty(), "not in any cmap: {missing:?}");
}

/// PostScript name (subset tag stripped) → decoded FontFile3 stream.
fn pdf_font_programs(pdf: &Path) -> BTreeMap<String, Vec<u8>> {
    let path = pdf.to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&tool("qpdf", &["--json=2", path])).expect("qpdf json");
    let mut programs = BTreeMap::new();
    for object in json["qpdf"][1].as_object().expect("objects").values() {
        let dict = &object["value"];
        if dict["/Type"] != "/FontDescriptor" {
            continue;
        }
        let name = dict["/FontName"].as_str().expect("name");
        let name = name.split_once('+').map_or(name, |(_, n)| n).to_string();
        let reference = dict["/FontFile3"].as_str().expect("a CFF font program");
        let number = reference.split(' ').next().unwrap();
        let stream = tool(
            "qpdf",
            &[
                &format!("--show-object={number}"),
                "--filtered-stream-data",
                path,
            ],
        );
        programs.insert(name, stream);
    }
    programs
}

// --------------------------------------------------------------- metadata

/// The creation date is the PDF's, from the document's date; a document
/// without one states none rather than a day that is not true.
#[test]
fn the_creation_date_is_the_documents() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report = model::load(&manifest.join("examples/placeholders-2023.toml")).unwrap();
    let w = write_both(&build_document(&report, false).unwrap(), "dated");
    let r = reader(&w.ofd);
    let info = &r.ofd().doc_bodies[0].doc_info;
    assert_eq!(info.creation_date.as_deref(), Some("2024-01-20"));
    let pdfinfo = String::from_utf8(tool(
        "pdfinfo",
        &["-isodates", w.pdf_path.to_str().unwrap()],
    ))
    .unwrap();
    assert!(pdfinfo.contains("2024-01-20T00:00:00"), "{pdfinfo}");
    // The zip entries carry the same day, never the clock.
    let mut zip = zip::ZipArchive::new(Cursor::new(&w.ofd)).unwrap();
    let time = zip.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!((time.year(), time.month(), time.day()), (2024, 1, 20));

    let undated = seed(false);
    assert_eq!(undated.pages.meta.stamp, None);
    let r = reader(&undated.ofd);
    assert_eq!(r.ofd().doc_bodies[0].doc_info.creation_date, None);
    let xml = String::from_utf8(entries(&undated.ofd)["OFD.xml"].clone()).unwrap();
    assert!(!xml.contains("CreationDate"), "{xml}");
}

#[test]
fn the_same_pages_give_the_same_bytes() {
    let pages = common::layout(&common::seed_doc(true), fonts());
    let again = write_ofd(&pages, fonts()).unwrap();
    assert!(again == seed(true).ofd, "two writes of one document differ");
}

/// The draft's 草稿 stamp: grey 黑体 text and a grey frame of four rules,
/// on every page; none on the final document.
#[test]
fn a_draft_carries_the_stamp_on_every_page() {
    for draft in [false, true] {
        let w = seed(draft);
        let mut r = reader(&w.ofd);
        let body = r.ofd().doc_bodies[0].clone();
        let doc = r.load_document(&body).unwrap();
        // The Font ID whose FamilyName is 黑体, the draft mark's role.
        let public_res = String::from_utf8(entries(&w.ofd)["Doc_0/PublicRes.xml"].clone()).unwrap();
        let before_hei = &public_res[..public_res.find("FamilyName=\"黑体\"").unwrap()];
        let id_at = before_hei.rfind("ID=\"").unwrap() + 4;
        let hei: u64 = before_hei[id_at..id_at + before_hei[id_at..].find('"').unwrap()]
            .parse()
            .unwrap();
        for page_ref in doc.pages().to_vec() {
            let page = r.load_page(&doc, &page_ref).unwrap();
            let objects = &page.content.as_ref().unwrap().layers[0].objects;
            let grey = |c: &Option<ofd_core::CtColor>| {
                c.as_ref()
                    .and_then(|c| c.value.as_ref())
                    .is_some_and(|v| v.as_slice() == [150.0, 150.0, 150.0])
            };
            let stamps = objects
                .iter()
                .filter(|o| {
                    matches!(o, PageBlock::Text(t)
                        if t.text_codes[0].text.as_deref() == Some("草稿")
                            && grey(&t.fill_color)
                            && t.font.0 == hei)
                })
                .count();
            let frame = objects
                .iter()
                .filter(|o| matches!(o, PageBlock::Path(p) if grey(&p.stroke_color)))
                .count();
            assert_eq!((stamps, frame), if draft { (1, 4) } else { (0, 0) });
        }
    }
}
