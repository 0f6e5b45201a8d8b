//! _rels/.rels and word/_rels/document.xml.rels.

use super::xml::Xml;

const NS_PKG_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn rel(x: &mut Xml, id: &str, kind: &str, target: &str) {
    x.empty(
        "Relationship",
        &[("Id", id), ("Type", kind), ("Target", target)],
    );
}

pub(crate) fn write_root() -> Xml {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", NS_PKG_RELS)]);
    rel(
        &mut x,
        "rId1",
        &format!("{OFFICE_RELS}/officeDocument"),
        "word/document.xml",
    );
    rel(
        &mut x,
        "rId2",
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "docProps/core.xml",
    );
    rel(
        &mut x,
        "rId3",
        &format!("{OFFICE_RELS}/extended-properties"),
        "docProps/app.xml",
    );
    x.close("Relationships");
    x
}

/// The ids here are the ones document.xml's sectPr refers to.
pub(crate) fn write_document(draft: bool) -> Xml {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", NS_PKG_RELS)]);
    let parts = [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdFontTable", "fontTable", "fontTable.xml"),
        ("rIdTheme", "theme", "theme/theme1.xml"),
        ("rIdFooterOdd", "footer", "footer1.xml"),
        ("rIdFooterEven", "footer", "footer2.xml"),
    ];
    for (id, kind, target) in parts {
        rel(&mut x, id, &format!("{OFFICE_RELS}/{kind}"), target);
    }
    if draft {
        rel(
            &mut x,
            "rIdHeaderOdd",
            &format!("{OFFICE_RELS}/header"),
            "header1.xml",
        );
        rel(
            &mut x,
            "rIdHeaderEven",
            &format!("{OFFICE_RELS}/header"),
            "header2.xml",
        );
    }
    x.close("Relationships");
    x
}
