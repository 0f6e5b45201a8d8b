//! The font map file: which face prints each role.
//!
//! ```toml
//! [fonts]
//! body = "/usr/share/fonts/truetype/fangsong.ttf"   # a file
//! title = "fonts/xbs.ttc#1"                          # face 1 of a collection
//! hei = "SimHei"                                     # an installed family or PostScript name
//! fallback = ["Noto Serif CJK SC"]
//! ```
//! A value with a path separator or a font extension is a file (relative to
//! the map file); anything else is looked up among installed fonts.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{FontError, FontRole};

/// Where one face comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontSpec {
    /// A font file and the face index inside it (0 unless a collection).
    File {
        /// The font file.
        path: PathBuf,
        /// Face inside a collection (.ttc); 0 for a single font.
        index: u32,
    },
    /// An installed family or PostScript name, found with fontdb.
    Family(String),
}

impl FontSpec {
    /// Reads `path.ttc#2`, `fonts/a.otf` or a family name; relative paths
    /// are taken from `base` (the map file's folder).
    pub fn parse(value: &str, base: &Path) -> FontSpec {
        let (file, index) = match value.rsplit_once('#') {
            Some((f, i)) if i.chars().all(|c| c.is_ascii_digit()) && !i.is_empty() => {
                (f, i.parse().unwrap_or(0))
            }
            _ => (value, 0),
        };
        let lower = file.to_ascii_lowercase();
        let looks_like_file = file.contains('/')
            || file.contains('\\')
            || [".otf", ".ttf", ".ttc", ".otc"]
                .iter()
                .any(|ext| lower.ends_with(ext));
        if looks_like_file {
            FontSpec::File {
                path: base.join(file),
                index,
            }
        } else {
            FontSpec::Family(value.to_string())
        }
    }
}

/// Largest font map file read; a real one is a few hundred bytes.
pub const MAX_MAP_BYTES: u64 = 1024 * 1024;

/// Which face prints each role; `None` means the bundled Fandol face.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontMap {
    /// 仿宋 body text; Windows: 仿宋_GB2312.
    pub body: Option<FontSpec>,
    /// 小标宋 title; Windows: 方正小标宋简体.
    pub title: Option<FontSpec>,
    /// 黑体 level-1 headings.
    pub hei: Option<FontSpec>,
    /// 楷体 level-2 headings; Windows: 楷体_GB2312.
    pub kai: Option<FontSpec>,
    /// 宋体 page numbers.
    pub song: Option<FontSpec>,
    /// Tried in order for characters a role's face lacks (镕, 𠮷 …).
    pub fallback: Vec<FontSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    fonts: Section,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    body: Option<String>,
    title: Option<String>,
    hei: Option<String>,
    kai: Option<String>,
    song: Option<String>,
    #[serde(default)]
    fallback: Vec<String>,
}

impl FontMap {
    /// The face configured for `role`, if any.
    pub fn role(&self, role: FontRole) -> Option<&FontSpec> {
        match role {
            FontRole::Body => self.body.as_ref(),
            FontRole::Title => self.title.as_ref(),
            FontRole::Hei => self.hei.as_ref(),
            FontRole::Kai => self.kai.as_ref(),
            FontRole::Song => self.song.as_ref(),
        }
    }

    /// Reads a font map file.
    pub fn from_file(path: &Path) -> Result<FontMap, FontError> {
        let read_err = |source| FontError::ConfigRead {
            path: path.to_path_buf(),
            source,
        };
        let bytes = super::read_limited(path, MAX_MAP_BYTES).map_err(read_err)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            read_err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 text: {e}"),
            ))
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        FontMap::from_toml(&text, base).map_err(|message| FontError::Config {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses the TOML text of a font map; relative paths are joined to `base`.
    pub fn from_toml(text: &str, base: &Path) -> Result<FontMap, String> {
        let file: File = crate::input::text::read_toml(text)?;
        let s = file.fonts;
        let spec = |v: Option<String>| v.map(|v| FontSpec::parse(&v, base));
        Ok(FontMap {
            body: spec(s.body),
            title: spec(s.title),
            hei: spec(s.hei),
            kai: spec(s.kai),
            song: spec(s.song),
            fallback: s
                .fallback
                .iter()
                .map(|v| FontSpec::parse(v, base))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_files_collections_and_families() {
        let map = FontMap::from_toml(
            "[fonts]\nbody = \"fang.otf\"\ntitle = \"/x/noto.ttc#2\"\nfallback = [\"Noto Serif CJK SC\"]\n",
            Path::new("/etc/gongwen"),
        )
        .expect("valid map");
        assert_eq!(
            map.body,
            Some(FontSpec::File {
                path: PathBuf::from("/etc/gongwen/fang.otf"),
                index: 0
            })
        );
        assert_eq!(
            map.title,
            Some(FontSpec::File {
                path: PathBuf::from("/x/noto.ttc"),
                index: 2
            })
        );
        assert_eq!(
            map.fallback,
            vec![FontSpec::Family("Noto Serif CJK SC".into())]
        );
        assert_eq!(map.hei, None);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err =
            FontMap::from_toml("[fonts]\nbdy = \"a.otf\"\n", Path::new(".")).expect_err("typo");
        assert!(err.contains("bdy"), "{err}");
    }
}
