//! [Content_Types].xml.

use super::xml::Xml;

const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

pub(crate) fn write(draft: bool) -> Xml {
    let mut x = Xml::new();
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    let mut overrides: Vec<(&str, String)> = vec![
        ("/word/document.xml", format!("{WML}.document.main+xml")),
        ("/word/styles.xml", format!("{WML}.styles+xml")),
        ("/word/settings.xml", format!("{WML}.settings+xml")),
        ("/word/fontTable.xml", format!("{WML}.fontTable+xml")),
        (
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ),
        ("/word/footer1.xml", format!("{WML}.footer+xml")),
        ("/word/footer2.xml", format!("{WML}.footer+xml")),
    ];
    if draft {
        overrides.push(("/word/header1.xml", format!("{WML}.header+xml")));
        overrides.push(("/word/header2.xml", format!("{WML}.header+xml")));
    }
    overrides.push((
        "/docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml".into(),
    ));
    overrides.push((
        "/docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
    ));
    for (part, kind) in &overrides {
        x.empty("Override", &[("PartName", part), ("ContentType", kind)]);
    }
    x.close("Types");
    x
}
