//! The package's description parts: `OFD.xml` (the entry point and the
//! document's metadata), `Doc_0/Document.xml` (common data, pages,
//! outline) and `Doc_0/PublicRes.xml` (the fonts).

use std::hash::Hasher;

use siphasher::sip128::{Hasher128, SipHasher13};

use super::subset::Subset;
use super::units::{boxed, mm, num};
use super::{OfdError, PageSize, NS_OFD};
use crate::date::Date;
use crate::fonts::{FaceId, FontRole, FontSet};
use crate::layout::pages::{OutlineEntry, Pages};
use crate::xml::Xml;

/// A new part whose root element declares the `ofd` prefix.
///
/// The prefix is literally `ofd:` on every element, never a default
/// namespace: easyofd reads the parts with xmltodict, without namespace
/// processing, and looks up keys such as `"ofd:TextObject"`, so any other
/// prefix (legal XML) makes it find nothing. Every OFD file we have seen
/// from other producers does the same.
pub(super) fn part(root: &str, attrs: &[(&str, &str)]) -> Xml {
    let mut x = Xml::with_declaration(None);
    let mut all: Vec<(&str, &str)> = vec![("xmlns:ofd", NS_OFD)];
    all.extend_from_slice(attrs);
    x.open(root, &all);
    x
}

/// One embedded font: its ID, the face it stands for, and the file.
pub(super) struct Embedded {
    pub(super) id: u32,
    pub(super) face: FaceId,
    pub(super) subset: Subset,
}

impl Embedded {
    /// Its file name inside `Res/`.
    pub(super) fn file_name(&self) -> String {
        format!("font_{}.{}", self.id, self.subset.extension)
    }
}

/// `Document.xml`: common data, the page list and the outline.
///
/// `MaxUnitID` comes first in `CommonData`, the standard's order (§7.5
/// table 6); `DocumentRes` is left out, as the standard allows, because we
/// embed no images or other media.
pub(super) fn document(
    pages: &Pages,
    area: PageSize,
    page_ids: &[u32],
    max_id: u32,
) -> Result<Vec<u8>, OfdError> {
    let mut x = part("ofd:Document", &[]);
    x.open("ofd:CommonData", &[]);
    x.leaf("ofd:MaxUnitID", &[], &max_id.to_string());
    x.open("ofd:PageArea", &[]);
    x.leaf("ofd:PhysicalBox", &[], &area.physical_box());
    x.close("ofd:PageArea");
    x.leaf("ofd:PublicRes", &[], "PublicRes.xml");
    x.close("ofd:CommonData");
    x.open("ofd:Pages", &[]);
    for (index, id) in page_ids.iter().enumerate() {
        // Relative, and the first number in it is the page's index:
        // easyofd numbers pages by the first run of digits in BaseLoc, so a
        // `/Doc_0/…` form (also legal) would make every page page 0.
        let location = format!("Pages/Page_{index}/Content.xml");
        x.empty(
            "ofd:Page",
            &[("ID", &id.to_string()), ("BaseLoc", &location)],
        );
    }
    x.close("ofd:Pages");
    if !pages.outline.is_empty() {
        x.open("ofd:Outlines", &[]);
        outline(&mut x, &pages.outline, page_ids);
        x.close("ofd:Outlines");
    }
    x.close("ofd:Document");
    Ok(x.finish()?)
}

/// Nested `OutlineElem`s from layout's flat, levelled list, the same
/// nesting as the PDF's outline (a deeper entry goes under the shallower
/// one before it). Each goes to its heading's top on its page, keeping the
/// zoom: `Actions/Action Event="CLICK"/Goto/Dest Type="XYZ"` (§7.5 table
/// 10, §14). ofd-core's model reads `Action/Dest` without `Goto`; the
/// standard's form is written, which it ignores without complaint.
fn outline(x: &mut Xml, entries: &[OutlineEntry], page_ids: &[u32]) {
    let mut i = 0;
    while i < entries.len() {
        let entry = &entries[i];
        let end = entries[i + 1..]
            .iter()
            .position(|e| e.level <= entry.level)
            .map_or(entries.len(), |p| i + 1 + p);
        x.open("ofd:OutlineElem", &[("Title", &entry.title)]);
        if let Some(page_id) = page_ids.get(entry.page) {
            x.open("ofd:Actions", &[]);
            x.open("ofd:Action", &[("Event", "CLICK")]);
            x.open("ofd:Goto", &[]);
            x.empty(
                "ofd:Dest",
                &[
                    ("Type", "XYZ"),
                    ("PageID", &page_id.to_string()),
                    ("Left", "0"),
                    ("Top", &num(mm(entry.y))),
                ],
            );
            x.close("ofd:Goto").close("ofd:Action").close("ofd:Actions");
        }
        outline(x, &entries[i + 1..end], page_ids);
        x.close("ofd:OutlineElem");
        i = end;
    }
}

/// `PublicRes.xml`: one `Font` per embedded subset, its file relative to
/// the resource folder `Res`.
///
/// `FontName` is the embedded face's PostScript name: what the file is.
/// `FamilyName` is what a reader that cannot use the file should look for:
/// for a face that prints a GB/T 9704 role, the Windows family the standard
/// means (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体, the names
/// the DOCX writer uses), so the substitute is the right typeface and not
/// the reader's default; for a fallback face, its own family. `Bold` is
/// said only of a fallback face: a role's family is already the whole
/// request, and a reader asked for a bold 方正小标宋简体 would embolden a
/// face that is heavy by design.
pub(super) fn public_res(embedded: &[Embedded], fonts: &FontSet) -> Result<Vec<u8>, OfdError> {
    let mut x = part("ofd:Res", &[("BaseLoc", "Res")]);
    x.open("ofd:Fonts", &[]);
    for font in embedded {
        let role = FontRole::ALL
            .into_iter()
            .find(|&r| fonts.role(r) == font.face);
        let family = match role {
            Some(role) => role.windows_family(),
            None => font.subset.family_name.as_str(),
        };
        let id = font.id.to_string();
        let mut attrs: Vec<(&str, &str)> = vec![
            ("ID", &id),
            ("FontName", &font.subset.postscript_name),
            ("FamilyName", family),
        ];
        if role.is_none() && font.subset.bold {
            attrs.push(("Bold", "true"));
        }
        x.open("ofd:Font", &attrs);
        x.leaf("ofd:FontFile", &[], &font.file_name());
        x.close("ofd:Font");
    }
    x.close("ofd:Fonts");
    x.close("ofd:Res");
    Ok(x.finish()?)
}

/// `DocID`: 32 hex digits (§7.4 table 4 asks for a UUID's 32 characters).
/// A hash of every other part, names and lengths included, so the same
/// content always gets the same ID and any change in a page or a font a new
/// one. SipHash-1-3 with 128-bit output and zero keys: specified and the
/// same on every platform (std's `DefaultHasher` is neither), and already
/// in the dependency tree through krilla.
pub(super) fn doc_id(entries: &[(String, Vec<u8>)]) -> String {
    let mut hasher = SipHasher13::new_with_keys(0, 0);
    for (name, bytes) in entries {
        hasher.write(name.as_bytes());
        hasher.write_u64(bytes.len() as u64);
        hasher.write(bytes);
    }
    format!("{:032x}", hasher.finish128().as_u128())
}

/// `OFD.xml`, the package's entry point.
///
/// - `Version="1.0"`: the value GB/T 33190-2016 table 3 fixes. ofdrw
///   writes 1.2 and ofd-rs 1.1; ofd-core only checks that it is there and
///   easyofd ignores it, so the standard's value wins.
/// - `DocType="OFD"`, not the stricter archival profile `OFD-A`.
/// - `DocInfo` children in the standard's order. `CreationDate` is an
///   `xs:date`, the same day the PDF states, from the document's stamp;
///   without one it is left out (the standard makes it optional) rather
///   than filled with a day that is not true.
pub(super) fn ofd_entry(pages: &Pages, doc_id: &str) -> Result<Vec<u8>, OfdError> {
    let meta = &pages.meta;
    let mut x = part("ofd:OFD", &[("Version", "1.0"), ("DocType", "OFD")]);
    x.open("ofd:DocBody", &[]);
    x.open("ofd:DocInfo", &[]);
    x.leaf("ofd:DocID", &[], doc_id);
    x.leaf("ofd:Title", &[], &meta.title);
    x.leaf("ofd:Author", &[], &meta.author);
    if let Some(stamp) = meta.stamp {
        x.leaf("ofd:CreationDate", &[], &xs_date(stamp.date())?);
    }
    x.leaf("ofd:Creator", &[], "gongwen");
    x.leaf("ofd:CreatorVersion", &[], env!("CARGO_PKG_VERSION"));
    x.close("ofd:DocInfo");
    x.leaf("ofd:DocRoot", &[], "Doc_0/Document.xml");
    x.close("ofd:DocBody");
    x.close("ofd:OFD");
    Ok(x.finish()?)
}

/// `YYYY-MM-DD`. The date's fields are public, so one built by hand is
/// asked of the calendar again rather than written as it is.
fn xs_date(date: Date) -> Result<String, OfdError> {
    let Date { year, month, day } = date;
    Date::new(year, month, day).map_err(|_| OfdError::Date { year, month, day })?;
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

impl PageSize {
    /// `0 0 w h` for `PhysicalBox`/`Area`.
    pub(super) fn physical_box(self) -> String {
        boxed(0.0, 0.0, self.width, self.height)
    }
}
