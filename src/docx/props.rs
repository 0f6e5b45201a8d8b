//! docProps/core.xml and docProps/app.xml.

use super::xml::Xml;
use super::DocxOptions;
use crate::doc::Metadata;

pub(crate) fn write_core(meta: &Metadata) -> Xml {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.leaf("dc:title", &[], &meta.title);
    x.leaf("dc:creator", &[], &meta.author);
    x.leaf("cp:lastModifiedBy", &[], &meta.author);
    x.leaf("dc:language", &[], &meta.language);
    // Every core property is optional (ECMA-376 Part 2 §11): without a
    // stamp the package states no date rather than one that is not true.
    if let Some(stamp) = meta.stamp {
        let (d, (hour, minute, second)) = (stamp.date(), stamp.time());
        let date = format!(
            "{:04}-{:02}-{:02}T{hour:02}:{minute:02}:{second:02}Z",
            d.year, d.month, d.day
        );
        let w3cdtf = [("xsi:type", "dcterms:W3CDTF")];
        x.leaf("dcterms:created", &w3cdtf, &date);
        x.leaf("dcterms:modified", &w3cdtf, &date);
    }
    x.close("cp:coreProperties");
    x
}

pub(crate) fn write_app(options: &DocxOptions) -> Xml {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    );
    x.leaf("Application", &[], &options.application);
    x.leaf("DocSecurity", &[], "0");
    x.leaf("ScaleCrop", &[], "false");
    x.leaf("LinksUpToDate", &[], "false");
    x.leaf("SharedDoc", &[], "false");
    x.leaf("HyperlinksChanged", &[], "false");
    x.close("Properties");
    x
}
