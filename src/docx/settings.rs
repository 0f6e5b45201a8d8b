//! word/settings.xml. Elements appear in the CT_Settings sequence order.

use super::page;
use super::wml::NS_W;
use super::xml::Xml;

pub(crate) fn write() -> Xml {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", NS_W)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    x.val("w:defaultTabStop", &(2 * page::BODY_CHAR).to_string());
    // GB/T 9704 §7.5: odd page numbers right, even ones left.
    x.empty("w:evenAndOddHeaders", &[]);
    // Full-width punctuation keeps its full cell so a line holds 28
    // characters, not 29 with squeezed commas.
    x.val("w:characterSpacingControl", "doNotCompress");
    x.open("w:compat", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.close("w:compat");
    x.empty(
        "w:themeFontLang",
        &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")],
    );
    x.empty(
        "w:clrSchemeMapping",
        &[
            ("w:bg1", "light1"),
            ("w:t1", "dark1"),
            ("w:bg2", "light2"),
            ("w:t2", "dark2"),
            ("w:accent1", "accent1"),
            ("w:accent2", "accent2"),
            ("w:accent3", "accent3"),
            ("w:accent4", "accent4"),
            ("w:accent5", "accent5"),
            ("w:accent6", "accent6"),
            ("w:hyperlink", "hyperlink"),
            ("w:followedHyperlink", "followedHyperlink"),
        ],
    );
    x.val("w:decimalSymbol", ".");
    x.val("w:listSeparator", ",");
    x.close("w:settings");
    x
}
