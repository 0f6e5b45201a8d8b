//! The DOCX package's parts, in the order consumers expect, zipped by the
//! crate's deterministic zip.

use super::DocxError;
use crate::doc::Stamp;

pub(crate) struct Parts<'a> {
    pub content_types: Vec<u8>,
    pub root_rels: Vec<u8>,
    pub core: Vec<u8>,
    pub app: Vec<u8>,
    pub document: Vec<u8>,
    pub document_rels: Vec<u8>,
    pub styles: Vec<u8>,
    pub settings: Vec<u8>,
    pub font_table: Vec<u8>,
    pub footer_odd: Vec<u8>,
    pub footer_even: Vec<u8>,
    /// The same 草稿 header serves odd and even pages.
    pub header_draft: Option<Vec<u8>>,
    pub theme: &'a [u8],
}

/// Entry timestamps are the document's stamp (or the DOS date's zero), never the
/// clock; [Content_Types].xml comes first as consumers sniffing the package
/// expect.
pub(crate) fn zip(parts: &Parts<'_>, stamp: Option<Stamp>) -> Result<Vec<u8>, DocxError> {
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", &parts.content_types),
        ("_rels/.rels", &parts.root_rels),
        ("docProps/core.xml", &parts.core),
        ("docProps/app.xml", &parts.app),
        ("word/document.xml", &parts.document),
        ("word/_rels/document.xml.rels", &parts.document_rels),
        ("word/styles.xml", &parts.styles),
        ("word/settings.xml", &parts.settings),
        ("word/fontTable.xml", &parts.font_table),
        ("word/theme/theme1.xml", parts.theme),
        ("word/footer1.xml", &parts.footer_odd),
        ("word/footer2.xml", &parts.footer_even),
    ];
    if let Some(header) = &parts.header_draft {
        entries.push(("word/header1.xml", header));
        entries.push(("word/header2.xml", header));
    }
    Ok(crate::container::deterministic_zip(&entries, stamp)?)
}
