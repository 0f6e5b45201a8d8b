//! Fonts: which face prints each role of an official document, loaded once.
//!
//! GB/T 9704 names typefaces by role (仿宋 body, 小标宋 title, 黑体, 楷体,
//! 宋体 page numbers), not by file. A [`FontMap`] says where each role comes
//! from (a file, an installed family, or the bundled Fandol faces) plus an
//! ordered fallback list for characters the role's face lacks. [`FontSet`]
//! is the loaded result: every face parsed once, behind an `Arc`, so a batch
//! of reports shares it across threads.
//!
//! The set knows no output format. Layout asks it for glyphs and metrics;
//! a writer that embeds fonts takes each face's file from
//! [`FontSet::files`] and builds its own handles from the bytes.

#![warn(missing_docs)]

mod config;

pub use config::{FontMap, FontSpec};

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

/// The typeface roles GB/T 9704 asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontRole {
    /// 仿宋: body text, level 3/4 headings, tables.
    Body,
    /// 小标宋: the document title.
    Title,
    /// 黑体: level 1 headings (一、) and the 草稿 mark.
    Hei,
    /// 楷体: level 2 headings (（一）).
    Kai,
    /// 宋体: page numbers.
    Song,
}

impl FontRole {
    /// Every role, in the order [`FontSet`] stores them.
    pub const ALL: [FontRole; 5] = [
        FontRole::Body,
        FontRole::Title,
        FontRole::Hei,
        FontRole::Kai,
        FontRole::Song,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// The key used in the font map file.
    pub fn key(self) -> &'static str {
        match self {
            FontRole::Body => "body",
            FontRole::Title => "title",
            FontRole::Hei => "hei",
            FontRole::Kai => "kai",
            FontRole::Song => "song",
        }
    }

    /// The Windows family GB/T 9704 means by the role, as offices install
    /// it: what a reader without our embedded face should substitute.
    pub fn windows_family(self) -> &'static str {
        match self {
            FontRole::Body => "仿宋_GB2312",
            FontRole::Title => "方正小标宋简体",
            FontRole::Hei => "黑体",
            FontRole::Kai => "楷体_GB2312",
            FontRole::Song => "宋体",
        }
    }

    /// The bundled Fandol file that stands in for the Windows font.
    fn bundled_file(self) -> &'static str {
        match self {
            FontRole::Body => "FandolFang-Regular.otf",
            FontRole::Title => "FandolSong-Bold.otf",
            FontRole::Hei => "FandolHei-Regular.otf",
            FontRole::Kai => "FandolKai-Regular.otf",
            FontRole::Song => "FandolSong-Regular.otf",
        }
    }
}

impl fmt::Display for FontRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FontRole::Body => "正文仿宋",
            FontRole::Title => "标题小标宋",
            FontRole::Hei => "黑体",
            FontRole::Kai => "楷体",
            FontRole::Song => "页码宋体",
        })
    }
}

/// Why fonts could not be loaded. Each names the file or family involved.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("无法读取字体文件 {path}：{source}")]
    /// The file could not be read at all.
    Read {
        /// The file tried.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    #[error("{name} 不是可用的字体（文件不完整，或不是 OpenType/TrueType 字体）：{reason}")]
    /// The bytes are not a font we can use; `name` is the file or face.
    Parse {
        /// File or face name.
        name: String,
        /// What was wrong with it.
        reason: String,
    },
    #[error("系统中没有名为 {0:?} 的字体（已搜索系统字体文件夹的字族名和 PostScript 名）")]
    /// No installed face has this family or PostScript name.
    FamilyNotFound(String),
    #[error("无法读取字体配置 {path}：{source}")]
    /// The font map file could not be read.
    ConfigRead {
        /// The map file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    #[error("字体配置 {path}：{message}")]
    /// The font map file is not valid TOML for `[fonts]`.
    Config {
        /// The map file.
        path: PathBuf,
        /// What is wrong, in Chinese, with line and column.
        message: String,
    },
}

/// Index of a loaded face inside its [`FontSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub(crate) u16);

impl FaceId {
    /// The face's position in [`FontSet::files`], for a writer that keeps
    /// its own table of the faces (its font resources, say).
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The bytes of a font file, shared by the font set and every writer that
/// embeds the face: cloning is cheap, and the bundled faces compiled into
/// the binary are never copied.
#[derive(Clone)]
pub struct FontBytes(Arc<dyn AsRef<[u8]> + Send + Sync>);

impl FontBytes {
    /// The shared bytes themselves, for a library that takes them this way
    /// (krilla's `Data` does) without copying the file.
    pub fn shared(&self) -> Arc<dyn AsRef<[u8]> + Send + Sync> {
        Arc::clone(&self.0)
    }
}

impl AsRef<[u8]> for FontBytes {
    fn as_ref(&self) -> &[u8] {
        (*self.0).as_ref()
    }
}

impl fmt::Debug for FontBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FontBytes({} bytes)", self.as_ref().len())
    }
}

impl From<Vec<u8>> for FontBytes {
    fn from(bytes: Vec<u8>) -> FontBytes {
        FontBytes(Arc::new(bytes))
    }
}

impl From<&'static [u8]> for FontBytes {
    fn from(bytes: &'static [u8]) -> FontBytes {
        FontBytes(Arc::new(bytes))
    }
}

/// A loaded face's font file, all a writer needs to embed the face.
#[derive(Debug, Clone)]
pub struct FaceFile {
    /// The whole file, as read.
    pub bytes: FontBytes,
    /// Which face of the file: 0, unless the file is a collection (.ttc).
    pub index: u32,
}

/// One parsed face: its file plus the numbers layout needs.
pub(crate) struct Face {
    /// PostScript name if the font has one, else the file name; shown to users.
    pub(crate) name: String,
    pub(crate) file: FaceFile,
    pub(crate) upem: f32,
    /// Share of the em above the baseline, used to centre an em box in a line.
    pub(crate) ascent_ratio: f32,
}

struct Inner {
    faces: Vec<Face>,
    roles: [FaceId; 5],
    fallback: Vec<FaceId>,
}

/// The loaded fonts for every role plus the fallback chain; cheap to clone.
#[derive(Clone)]
pub struct FontSet {
    inner: Arc<Inner>,
}

impl fmt::Debug for FontSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.inner.faces.iter().map(|f| f.name.as_str()).collect();
        f.debug_struct("FontSet").field("faces", &names).finish()
    }
}

impl FontSet {
    /// The bundled Fandol faces, no fallback: zero configuration.
    pub fn bundled() -> Result<FontSet, FontError> {
        FontSet::load(&FontMap::default())
    }

    /// Loads every face the map names; system fonts are indexed only if a
    /// family name is used, since that scan costs ~20 ms.
    pub fn load(map: &FontMap) -> Result<FontSet, FontError> {
        let mut loader = Loader::default();
        let mut faces: Vec<Face> = Vec::new();
        let mut roles = [FaceId(0); 5];
        for role in FontRole::ALL {
            let face = match map.role(role) {
                Some(spec) => loader.load(spec)?,
                None => load_bundled(role)?,
            };
            roles[role.index()] = push_face(&mut faces, face);
        }
        let mut fallback = Vec::new();
        for spec in &map.fallback {
            let face = loader.load(spec)?;
            fallback.push(push_face(&mut faces, face));
        }
        Ok(FontSet {
            inner: Arc::new(Inner {
                faces,
                roles,
                fallback,
            }),
        })
    }

    /// The face that prints `role`.
    pub fn role(&self, role: FontRole) -> FaceId {
        self.inner.roles[role.index()]
    }

    /// Faces tried, in order, for a character the role's face lacks.
    pub fn fallback(&self) -> &[FaceId] {
        &self.inner.fallback
    }

    /// The user-facing name of a face (PostScript name or file name).
    pub fn name(&self, face: FaceId) -> &str {
        self.face(face).map_or("?", |f| f.name.as_str())
    }

    /// The file of every face, in [`FaceId`] order: what a writer embeds.
    /// Roles sharing a file share one face.
    pub fn files(&self) -> impl ExactSizeIterator<Item = (FaceId, &FaceFile)> {
        self.inner
            .faces
            .iter()
            .enumerate()
            .map(|(i, f)| (FaceId(i as u16), &f.file))
    }

    /// The file of one face.
    pub fn file(&self, face: FaceId) -> Option<&FaceFile> {
        self.face(face).map(|f| &f.file)
    }

    pub(crate) fn face(&self, id: FaceId) -> Option<&Face> {
        self.inner.faces.get(id.index())
    }
}

/// Same file loaded for two roles is stored once, so the PDF embeds it once.
fn push_face(faces: &mut Vec<Face>, face: Face) -> FaceId {
    if let Some(i) = faces.iter().position(|f| {
        f.file.index == face.file.index && f.file.bytes.as_ref() == face.file.bytes.as_ref()
    }) {
        return FaceId(i as u16);
    }
    faces.push(face);
    FaceId((faces.len() - 1) as u16)
}

#[derive(Default)]
struct Loader {
    db: Option<fontdb::Database>,
}

impl Loader {
    fn load(&mut self, spec: &FontSpec) -> Result<Face, FontError> {
        match spec {
            FontSpec::File { path, index } => {
                let bytes =
                    read_limited(path, MAX_FONT_BYTES).map_err(|source| FontError::Read {
                        path: path.clone(),
                        source,
                    })?;
                parse_face(bytes.into(), *index, &path.display().to_string())
            }
            FontSpec::Family(name) => {
                let db = self.db.get_or_insert_with(|| {
                    let mut db = fontdb::Database::new();
                    db.load_system_fonts();
                    db
                });
                // Match the family first, then the PostScript name: Fandol's
                // Bold face claims weight 400, so weight matching is useless.
                let families = [fontdb::Family::Name(name)];
                let query = fontdb::Query {
                    families: &families,
                    ..Default::default()
                };
                let id = db.query(&query).or_else(|| {
                    db.faces()
                        .find(|f| f.post_script_name == *name)
                        .map(|f| f.id)
                });
                let id = id.ok_or_else(|| FontError::FamilyNotFound(name.clone()))?;
                let (path, index) = match db.face_source(id) {
                    Some((fontdb::Source::File(path), index)) => (path, index),
                    Some((fontdb::Source::SharedFile(path, _), index)) => (path, index),
                    _ => return Err(FontError::FamilyNotFound(name.clone())),
                };
                self.load(&FontSpec::File { path, index })
            }
        }
    }
}

/// Largest font file read: CJK collections run to ~40 MB, so this leaves
/// room while a device or a runaway file cannot exhaust memory.
pub const MAX_FONT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a regular file of at most `limit` bytes; a device (`/dev/zero`),
/// a pipe or a folder is refused instead of read forever.
pub(crate) fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(Error::new(ErrorKind::InvalidInput, "这是文件夹，不是文件"));
    }
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "不是普通文件（是设备、管道或套接字）",
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("超过 {limit} 字节的上限"),
        ));
    }
    Ok(bytes)
}

/// Where the bundled fonts are read from when they are not compiled in.
///
/// `GONGWEN_FONT_DIR` wins so packagers can ship the fonts beside the binary
/// (e.g. `/usr/share/gongwen/fonts`); otherwise the crate's own `fonts/`.
fn bundled_dir() -> PathBuf {
    match std::env::var_os("GONGWEN_FONT_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"),
    }
}

fn load_bundled(role: FontRole) -> Result<Face, FontError> {
    if std::env::var_os("GONGWEN_FONT_DIR").is_none() {
        if let Some(bytes) = embedded(role) {
            return parse_face(bytes.into(), 0, role.bundled_file());
        }
    }
    let path = bundled_dir().join(role.bundled_file());
    let bytes = std::fs::read(&path).map_err(|source| FontError::Read {
        path: path.clone(),
        source,
    })?;
    parse_face(bytes.into(), 0, &path.display().to_string())
}

/// The Fandol faces compiled into the binary, so an installed `gongwen`
/// needs no font folder at all (31 MB of binary, read without any I/O).
#[cfg(feature = "bundled-fonts")]
fn embedded(role: FontRole) -> Option<&'static [u8]> {
    Some(match role {
        FontRole::Body => include_bytes!("../../fonts/FandolFang-Regular.otf"),
        FontRole::Title => include_bytes!("../../fonts/FandolSong-Bold.otf"),
        FontRole::Hei => include_bytes!("../../fonts/FandolHei-Regular.otf"),
        FontRole::Kai => include_bytes!("../../fonts/FandolKai-Regular.otf"),
        FontRole::Song => include_bytes!("../../fonts/FandolSong-Regular.otf"),
    })
}

#[cfg(not(feature = "bundled-fonts"))]
fn embedded(_role: FontRole) -> Option<&'static [u8]> {
    None
}

/// Parses and sanity-checks a face; anything a truncated file would break
/// later (head, cmap, metrics) is touched here, once.
fn parse_face(data: FontBytes, index: u32, label: &str) -> Result<Face, FontError> {
    let parse_err = |reason: String| FontError::Parse {
        name: label.to_string(),
        reason,
    };
    let font = FontRef::from_index(data.as_ref(), index).map_err(|e| parse_err(e.to_string()))?;
    let head = font
        .head()
        .map_err(|e| parse_err(format!("head table: {e}")))?;
    let upem = f32::from(head.units_per_em());
    if upem <= 0.0 {
        return Err(parse_err("units per em is 0".into()));
    }
    font.hmtx()
        .map_err(|e| parse_err(format!("hmtx table: {e}")))?;
    font.cmap()
        .map_err(|e| parse_err(format!("cmap table: {e}")))?;
    let charmap = font.charmap();
    let gid = charmap
        .map('0')
        .or_else(|| charmap.map('中'))
        .ok_or_else(|| parse_err("maps neither '0' nor '中'".into()))?;
    let glyphs = font.glyph_metrics(
        skrifa::instance::Size::unscaled(),
        skrifa::instance::LocationRef::default(),
    );
    glyphs
        .advance_width(gid)
        .ok_or_else(|| parse_err("no advance widths".into()))?;
    let (asc, desc) = match font.os2() {
        Ok(os2) => (
            f32::from(os2.s_typo_ascender()),
            f32::from(os2.s_typo_descender()),
        ),
        Err(_) => (0.88 * upem, -0.12 * upem),
    };
    let ascent_ratio = if asc > 0.0 && asc - desc > 0.0 {
        asc / (asc - desc)
    } else {
        0.88
    };
    let name = font
        .localized_strings(skrifa::string::StringId::POSTSCRIPT_NAME)
        .english_or_first()
        .map(|s| s.chars().collect::<String>())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            Path::new(label)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| label.to_string())
        });
    Ok(Face {
        name,
        file: FaceFile { bytes: data, index },
        upem,
        ascent_ratio,
    })
}

/// Per-document view of the faces for glyph lookup: skrifa's tables borrow
/// the font bytes, so they live only as long as one layout run.
pub(crate) struct Metrics<'a> {
    faces: Vec<FaceMetrics<'a>>,
}

struct FaceMetrics<'a> {
    charmap: skrifa::charmap::Charmap<'a>,
    glyphs: skrifa::metrics::GlyphMetrics<'a>,
    upem: f32,
}

impl<'a> Metrics<'a> {
    pub(crate) fn new(set: &'a FontSet) -> Metrics<'a> {
        let faces = set
            .inner
            .faces
            .iter()
            .filter_map(|f| {
                // Parsed successfully in parse_face, so this cannot fail here.
                let font = FontRef::from_index(f.file.bytes.as_ref(), f.file.index).ok()?;
                Some(FaceMetrics {
                    charmap: font.charmap(),
                    glyphs: font.glyph_metrics(
                        skrifa::instance::Size::unscaled(),
                        skrifa::instance::LocationRef::default(),
                    ),
                    upem: f.upem,
                })
            })
            .collect();
        Metrics { faces }
    }

    /// Glyph id and advance (in em) of `c`, or `None` if the face lacks it.
    pub(crate) fn glyph(&self, face: FaceId, c: char) -> Option<(u16, f32)> {
        let f = self.faces.get(usize::from(face.0))?;
        let gid = f.charmap.map(c)?;
        if gid.to_u32() == 0 {
            return None;
        }
        let adv = f.glyphs.advance_width(gid).unwrap_or(f.upem) / f.upem;
        Some((gid.to_u32() as u16, adv))
    }
}

/// A character printed from a fallback face because its role's face lacks it.
#[derive(Debug, Clone, PartialEq)]
pub struct FontWarning {
    /// The character (U+9555 镕 …).
    pub ch: char,
    /// The role whose face lacks it.
    pub role: FontRole,
    /// Name of the face that printed it instead.
    pub substitute: String,
    /// Where it occurs: block kind and a text excerpt.
    pub location: String,
}

impl fmt::Display for FontWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "U+{:04X} {} 不在{}字体中，已改用 {} 印出；位置：{}",
            u32::from(self.ch),
            self.ch,
            self.role,
            self.substitute,
            self.location
        )
    }
}

/// A character no configured face can print.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingGlyph {
    /// The character no face has.
    pub ch: char,
    /// The role it was to be printed in.
    pub role: FontRole,
    /// Block kind and a text excerpt around it.
    pub location: String,
}

impl fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "U+{:04X} {}（{}字体）；位置：{}",
            u32::from(self.ch),
            self.ch,
            self.role,
            self.location
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fontset_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<FontSet>();
    }

    #[test]
    fn truncated_font_is_a_parse_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cut.otf");
        let full = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/FandolFang-Regular.otf"),
        )
        .expect("bundled font");
        std::fs::write(&path, &full[..4000]).expect("write");
        let map = FontMap {
            body: Some(FontSpec::File {
                path: path.clone(),
                index: 0,
            }),
            ..FontMap::default()
        };
        let err = FontSet::load(&map).expect_err("truncated font must fail");
        let msg = err.to_string();
        assert!(matches!(err, FontError::Parse { .. }), "{msg}");
        assert!(msg.contains("cut.otf"), "{msg}");
    }

    #[test]
    fn text_file_is_a_parse_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notes.ttf");
        std::fs::write(&path, "not a font at all").expect("write");
        let err = FontSet::load(&FontMap {
            fallback: vec![FontSpec::File { path, index: 0 }],
            ..FontMap::default()
        })
        .expect_err("must fail");
        assert!(err.to_string().contains("notes.ttf"), "{err}");
    }

    #[test]
    fn bundled_fonts_lack_rare_characters() {
        let set = FontSet::bundled().expect("bundled fonts");
        let m = Metrics::new(&set);
        let body = set.role(FontRole::Body);
        assert!(m.glyph(body, '中').is_some());
        assert!(m.glyph(body, '镕').is_none());
        assert!(m.glyph(body, '𠮷').is_none());
        let (_, digit) = m.glyph(body, '2').expect("digit");
        assert!((digit - 0.5).abs() < 0.01, "digit advance {digit}");
    }
}
