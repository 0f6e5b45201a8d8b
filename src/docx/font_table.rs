//! word/fontTable.xml: tells Word, on a PC that lacks one of the office
//! fonts, that it is a GB2312 (charset 86) font and which Windows font
//! is the nearest stand-in, instead of leaving the choice to chance.

use super::styles::{FANGSONG, HEITI, KAITI, LATIN, SONGTI, XIAOBIAOSONG};
use super::wml::NS_W;
use super::xml::Xml;

pub(crate) fn write() -> Xml {
    let mut x = Xml::new();
    x.open("w:fonts", &[("xmlns:w", NS_W)]);
    let cjk = [
        (FANGSONG, Some("仿宋"), "modern"),
        (XIAOBIAOSONG, Some("宋体"), "auto"),
        (HEITI, Some("SimHei"), "modern"),
        (KAITI, Some("楷体"), "modern"),
        (SONGTI, Some("SimSun"), "auto"),
    ];
    for (name, alt, family) in cjk {
        x.open("w:font", &[("w:name", name)]);
        if let Some(alt) = alt {
            x.val("w:altName", alt);
        }
        x.val("w:charset", "86");
        x.val("w:family", family);
        x.val("w:pitch", "fixed");
        x.close("w:font");
    }
    x.open("w:font", &[("w:name", LATIN)]);
    x.val("w:charset", "00");
    x.val("w:family", "roman");
    x.val("w:pitch", "variable");
    x.close("w:font");
    x.close("w:fonts");
    x
}
