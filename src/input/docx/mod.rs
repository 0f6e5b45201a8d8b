//! The DOCX reader: the package (zip), its parts, and the limits that keep
//! a hostile file cheap to refuse; [`body`] reads the main part into the
//! format-neutral blocks of [`super::document`].

mod body;
mod styles;
mod xml;

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::NsReader;

use super::document::Block;
use super::error::{InputError, InputErrorKind};
pub use body::MAX_TABLE_DEPTH;
use body::{read_body, BodyError};
use styles::{Numbering, Styles};

/// Most entries a package may list. A report with photos has a few dozen;
/// the count is read from the zip's end record before anything else.
pub const MAX_ZIP_ENTRIES: usize = 2_000;
/// Decompressed size of the main document part. A 300-page report is about
/// 5 MB of XML; a zip bomb is stopped here.
pub const MAX_DOCUMENT_XML_BYTES: u64 = 64 * 1024 * 1024;
/// Decompressed size of styles, numbering and relationship parts.
pub const MAX_AUX_PART_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a DOCX package (already known to be a zip) into blocks.
pub fn read_docx(file: &Path, bytes: &[u8]) -> Result<Vec<Block>, InputError> {
    check_entry_count(file, bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| InputError::new(file, InputErrorKind::BadZip(e.to_string())))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(InputError::new(
            file,
            InputErrorKind::TooManyEntries {
                entries: zip.len(),
                limit: MAX_ZIP_ENTRIES,
            },
        ));
    }
    let main = main_part_name(file, &mut zip)?;
    let document = read_part(file, &mut zip, &main, MAX_DOCUMENT_XML_BYTES)?
        .ok_or_else(|| not_docx(file, &mut zip))?;
    let (styles_name, numbering_name) = related_parts(file, &mut zip, &main)?;
    let styles = match styles_name {
        Some(name) => match read_part(file, &mut zip, &name, MAX_AUX_PART_BYTES)? {
            Some(xml) => Styles::parse(&xml).map_err(|e| bad_xml(file, &name, e))?,
            None => Styles::default(),
        },
        None => Styles::default(),
    };
    let mut numbering = match numbering_name {
        Some(name) => match read_part(file, &mut zip, &name, MAX_AUX_PART_BYTES)? {
            Some(xml) => Numbering::parse(&xml).map_err(|e| bad_xml(file, &name, e))?,
            None => Numbering::default(),
        },
        None => Numbering::default(),
    };
    read_body(&document, &styles, &mut numbering).map_err(|e| match e {
        BodyError::Xml(e) => bad_xml(file, &main, e),
        BodyError::TableTooLarge { table, slots } => {
            InputError::new(file, InputErrorKind::TableTooLarge { table, slots })
        }
        BodyError::TooDeep => InputError::new(file, InputErrorKind::TablesTooDeep(MAX_TABLE_DEPTH)),
    })
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn bad_xml(file: &Path, part: &str, e: quick_xml::Error) -> InputError {
    InputError::new(
        file,
        InputErrorKind::BadXml {
            part: part.to_string(),
            message: e.to_string(),
        },
    )
}

/// The zip's own count of entries, from its end-of-central-directory
/// record, before the zip crate allocates one record per entry.
fn check_entry_count(file: &Path, bytes: &[u8]) -> Result<(), InputError> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let tail = &bytes[tail_start..];
    let Some(pos) = tail.windows(4).rposition(|w| w == EOCD) else {
        return Ok(()); // the zip crate names the damage
    };
    let record = &tail[pos..];
    if record.len() >= 12 {
        let entries = u16::from_le_bytes([record[10], record[11]]) as usize;
        // 0xFFFF means "see the ZIP64 record": more than a document needs.
        if entries > MAX_ZIP_ENTRIES {
            return Err(InputError::new(
                file,
                InputErrorKind::TooManyEntries {
                    entries,
                    limit: MAX_ZIP_ENTRIES,
                },
            ));
        }
    }
    Ok(())
}

/// A part's bytes, or `None` if the package has no such part. Reading stops
/// one byte past `limit`, whatever the entry claims its size is.
fn read_part(
    file: &Path,
    zip: &mut Zip,
    name: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, InputError> {
    let entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(InputError::new(
                file,
                InputErrorKind::BadZip(format!("{name}：{e}")),
            ))
        }
    };
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::new(file, InputErrorKind::BadZip(format!("{name}：{e}"))))?;
    if bytes.len() as u64 > limit {
        return Err(InputError::new(
            file,
            InputErrorKind::PartTooLarge {
                part: name.to_string(),
                limit,
            },
        ));
    }
    Ok(Some(bytes))
}

/// The main document part named by the package relationships; Word always
/// writes word/document.xml, other producers need not.
fn main_part_name(file: &Path, zip: &mut Zip) -> Result<String, InputError> {
    let rels = read_part(file, zip, "_rels/.rels", MAX_AUX_PART_BYTES)?;
    let target = rels.and_then(|xml| {
        relationships(&xml)
            .into_iter()
            .find(|(kind, _)| kind.ends_with("/officeDocument"))
            .map(|(_, target)| target.trim_start_matches('/').to_string())
    });
    Ok(target.unwrap_or_else(|| "word/document.xml".to_string()))
}

/// The styles and numbering parts related to the main part.
fn related_parts(
    file: &Path,
    zip: &mut Zip,
    main: &str,
) -> Result<(Option<String>, Option<String>), InputError> {
    let (dir, name) = main.rsplit_once('/').unwrap_or(("", main));
    let rels_name = if dir.is_empty() {
        format!("_rels/{name}.rels")
    } else {
        format!("{dir}/_rels/{name}.rels")
    };
    let Some(xml) = read_part(file, zip, &rels_name, MAX_AUX_PART_BYTES)? else {
        return Ok((None, None));
    };
    let resolve = |target: &str| {
        if let Some(absolute) = target.strip_prefix('/') {
            absolute.to_string()
        } else if dir.is_empty() {
            target.to_string()
        } else {
            format!("{dir}/{target}")
        }
    };
    let mut styles = None;
    let mut numbering = None;
    for (kind, target) in relationships(&xml) {
        if kind.ends_with("/styles") {
            styles = Some(resolve(&target));
        } else if kind.ends_with("/numbering") {
            numbering = Some(resolve(&target));
        }
    }
    Ok((styles, numbering))
}

/// (Type, Target) of each relationship in a .rels part.
fn relationships(xml: &[u8]) -> Vec<(String, String)> {
    let mut reader = NsReader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    while let Ok((_, event)) = reader.read_resolved_event_into(&mut buf) {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(kind), Some(target)) = (xml::attr(&e, "Type"), xml::attr(&e, "Target"))
                {
                    out.push((kind, target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Says what a zip without a Word document is instead.
fn not_docx(file: &Path, zip: &mut Zip) -> InputError {
    let names: Vec<String> = zip.file_names().flatten().map(|n| n.to_string()).collect();
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    let what = if has("xl/") {
        "这是 Excel 工作簿（.xlsx）".to_string()
    } else if has("ppt/") {
        "这是 PowerPoint 演示文稿（.pptx）".to_string()
    } else if names.iter().any(|n| n == "mimetype") && names.iter().any(|n| n == "content.xml") {
        "这是 OpenDocument 文档（.odt 等），请用 WPS 或 LibreOffice 另存为 .docx".to_string()
    } else {
        format!(
            "压缩包中没有 Word 正文（word/document.xml），共有 {} 个文件，例如 {}",
            names.len(),
            names.iter().take(3).cloned().collect::<Vec<_>>().join("、")
        )
    };
    InputError::new(file, InputErrorKind::NotDocx(what))
}
