//! word/styles.xml: the named styles a clerk sees in Word's style gallery.
//!
//! Built-in ids (Normal, Title, Heading1–4, Header, Footer) are used where
//! Word has one, so Word shows them under its own localized names (正文,
//! 标题, 标题 1…) and the navigation pane picks up the heading outline
//! levels; the rest have Chinese names.

use super::page;
use super::wml::NS_W;
use super::xml::Xml;
use crate::doc::TableTextSize;
use crate::gbt9704;

pub(crate) const FANGSONG: &str = "仿宋_GB2312";
pub(crate) const XIAOBIAOSONG: &str = "方正小标宋简体";
pub(crate) const HEITI: &str = "黑体";
pub(crate) const KAITI: &str = "楷体_GB2312";
pub(crate) const SONGTI: &str = "宋体";
pub(crate) const LATIN: &str = "Times New Roman";

/// `w:rFonts` naming an East Asian font and a Latin font.
fn fonts(x: &mut Xml, east_asia: &str, latin: &str) {
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", latin),
            ("w:eastAsia", east_asia),
            ("w:hAnsi", latin),
            ("w:cs", latin),
        ],
    );
}

fn size(x: &mut Xml, half_points: u32) {
    let v = half_points.to_string();
    x.val("w:sz", &v).val("w:szCs", &v);
}

/// Character spacing in twips (`w:spacing` in run properties): the body's
/// condensing ([`page::CHAR_SPACING`]), or 0 where a style based on Normal
/// sets its own size off the body grid.
fn char_spacing(x: &mut Xml, twips: i32) {
    x.val("w:spacing", &twips.to_string());
}

/// Cancels the body's two-character first-line indent.
fn no_indent(x: &mut Xml) {
    x.empty("w:ind", &[("w:firstLineChars", "0"), ("w:firstLine", "0")]);
}

struct Style<'a> {
    kind: &'a str,
    id: &'a str,
    name: &'a str,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    ui_priority: Option<&'a str>,
    semi_hidden: bool,
    q_format: bool,
}

impl Style<'_> {
    fn open(&self, x: &mut Xml, default: bool) {
        let mut attrs = vec![("w:type", self.kind)];
        if default {
            attrs.push(("w:default", "1"));
        }
        attrs.push(("w:styleId", self.id));
        x.open("w:style", &attrs);
        x.val("w:name", self.name);
        if let Some(b) = self.based_on {
            x.val("w:basedOn", b);
        }
        if let Some(n) = self.next {
            x.val("w:next", n);
        }
        if let Some(p) = self.ui_priority {
            x.val("w:uiPriority", p);
        }
        if self.semi_hidden {
            x.empty("w:semiHidden", &[]).empty("w:unhideWhenUsed", &[]);
        }
        if self.q_format {
            x.empty("w:qFormat", &[]);
        }
    }
}

fn paragraph_style<'a>(id: &'a str, name: &'a str, ui_priority: &'a str) -> Style<'a> {
    Style {
        kind: "paragraph",
        id,
        name,
        based_on: Some("Normal"),
        next: Some("Normal"),
        ui_priority: Some(ui_priority),
        semi_hidden: false,
        q_format: true,
    }
}

pub(crate) fn write() -> Xml {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", NS_W)]);

    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]).open("w:rPr", &[]);
    fonts(&mut x, FANGSONG, LATIN);
    size(&mut x, page::BODY_HALF_POINTS);
    // Latin stays en-US: tagging digits as Chinese makes renderers break
    // numbers such as 2022 across lines.
    x.empty(
        "w:lang",
        &[
            ("w:val", "en-US"),
            ("w:eastAsia", "zh-CN"),
            ("w:bidi", "ar-SA"),
        ],
    );
    x.close("w:rPr").close("w:rPrDefault");
    x.open("w:pPrDefault", &[])
        .empty("w:pPr", &[])
        .close("w:pPrDefault");
    x.close("w:docDefaults");

    // 正文: 3号仿宋, exactly one grid line (28.95 pt), 左空二字, 28 characters
    // a line by condensed spacing. Widow control is off because GB/T 9704
    // fills every page with 22 lines. No extra space between Chinese and
    // digits or Latin (Word's autoSpaceDE/DN are on when absent): the PDF
    // sets 2022年 without it, and the two files should break alike.
    // (LibreOffice's DOCX import drops both elements — its output is the
    // same with and without them — and adds ≈ 3.5 pt of its own.)
    //
    // overflowPunct on: one closing mark may hang past the margin, as the
    // PDF lets it (允许标点溢出边界; ECMA-376 §17.3.1.21, also the default
    // when absent), which Word and WPS do. Written out for LibreOffice,
    // whose DOCX import sets its own hanging punctuation to the element's
    // inverse (on when w:val is 0), so it does not hang. Letting it hang
    // (element absent) would give the seed the PDF's 25 of 27 full lines on
    // the grid, but LibreOffice 7.4 then leaves hung marks out of what it
    // draws: in a sweep of full lines of Chinese ending in ，。、 (line slack
    // 0–300 tw, spacing −5 and −6 tw) one mark in three vanished in 7 of 32
    // settings, with no pattern in slack or condensing; the seed loses the
    // comma of 日常监管工作，. It hangs only ，。、；：？！ anyway. The loss
    // comes with justification: left-aligned, all 450 marks hung over 15
    // slacks were drawn (justified, at 3 of those slacks marks went missing
    // in every paragraph), but every line that ends before a number then
    // shows its gap at the right edge, in Word too, where 公文 are
    // 两端对齐. A line of 27 in LibreOffice beats both a lost character and
    // a ragged edge everywhere.
    let normal = Style {
        kind: "paragraph",
        id: "Normal",
        name: "Normal",
        based_on: None,
        next: None,
        ui_priority: None,
        semi_hidden: false,
        q_format: true,
    };
    normal.open(&mut x, true);
    x.open("w:pPr", &[]);
    x.val("w:widowControl", "0");
    x.empty("w:overflowPunct", &[]);
    x.val("w:autoSpaceDE", "0");
    x.val("w:autoSpaceDN", "0");
    let pitch = page::LINE_PITCH.to_string();
    x.empty("w:spacing", &[("w:line", &pitch), ("w:lineRule", "exact")]);
    let indent_chars = gbt9704::PARAGRAPH_INDENT_CHARS as u32;
    let indent = (indent_chars * page::BODY_CHAR).to_string();
    let indent_chars = (indent_chars * 100).to_string();
    x.empty(
        "w:ind",
        &[
            ("w:firstLineChars", &indent_chars),
            ("w:firstLine", &indent),
        ],
    );
    x.val("w:jc", "both");
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    fonts(&mut x, FANGSONG, LATIN);
    char_spacing(&mut x, page::CHAR_SPACING);
    size(&mut x, page::BODY_HALF_POINTS);
    x.close("w:rPr");
    x.close("w:style");

    Style {
        kind: "character",
        id: "DefaultParagraphFont",
        name: "Default Paragraph Font",
        based_on: None,
        next: None,
        ui_priority: Some("1"),
        semi_hidden: true,
        q_format: false,
    }
    .open(&mut x, true);
    x.close("w:style");

    Style {
        kind: "table",
        id: "TableNormal",
        name: "Normal Table",
        based_on: None,
        next: None,
        ui_priority: Some("99"),
        semi_hidden: true,
        q_format: false,
    }
    .open(&mut x, true);
    x.open("w:tblPr", &[]);
    x.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]);
    x.open("w:tblCellMar", &[]);
    x.empty("w:top", &[("w:w", "0"), ("w:type", "dxa")]);
    x.empty("w:left", &[("w:w", "108"), ("w:type", "dxa")]);
    x.empty("w:bottom", &[("w:w", "0"), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", "108"), ("w:type", "dxa")]);
    x.close("w:tblCellMar");
    x.close("w:tblPr");
    x.close("w:style");

    // 标题: 2号方正小标宋简体, centred, one blank grid line below. Off the
    // line grid, its lines 1.2 grid lines apart as in the PDF, and not
    // condensed like the body: its characters keep their 22 pt.
    paragraph_style("Title", "Title", "10").open(&mut x, false);
    x.open("w:pPr", &[]);
    x.val("w:snapToGrid", "0");
    let title_pitch = page::TITLE_LINE_PITCH.to_string();
    x.empty(
        "w:spacing",
        &[
            ("w:after", &pitch),
            ("w:line", &title_pitch),
            ("w:lineRule", "exact"),
        ],
    );
    no_indent(&mut x);
    x.val("w:jc", "center");
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    fonts(&mut x, XIAOBIAOSONG, LATIN);
    char_spacing(&mut x, 0);
    size(&mut x, page::TITLE_HALF_POINTS);
    x.close("w:rPr");
    x.close("w:style");

    // 一、黑体 （一）楷体 1. and （1）仿宋, all 3号 and 左空二字 like the body.
    for (level, font) in [(1u8, HEITI), (2, KAITI), (3, FANGSONG), (4, FANGSONG)] {
        let id = format!("Heading{level}");
        let name = format!("heading {level}");
        paragraph_style(&id, &name, "9").open(&mut x, false);
        x.open("w:pPr", &[]);
        x.empty("w:keepNext", &[]).empty("w:keepLines", &[]);
        x.val("w:outlineLvl", &(level - 1).to_string());
        x.close("w:pPr");
        x.open("w:rPr", &[]);
        fonts(&mut x, font, LATIN);
        x.close("w:rPr");
        x.close("w:style");
    }

    // 表格文字: tables are not on the 28.95 pt grid (ECMA-376 docGrid), and
    // their text keeps its natural width as in the PDF, not the body's
    // condensing. 小四, the size of a table the template sets at the
    // regular size, as the PDF sets it.
    paragraph_style("GwTableText", "表格文字", "20").open(&mut x, false);
    x.open("w:pPr", &[]);
    x.val("w:snapToGrid", "0");
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", "0"),
            ("w:line", "240"),
            ("w:lineRule", "auto"),
        ],
    );
    no_indent(&mut x);
    x.val("w:jc", "center");
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    char_spacing(&mut x, 0);
    size(&mut x, TableTextSize::Regular.half_points());
    x.close("w:rPr");
    x.close("w:style");

    // 表格文字（小）: 五号 for tables too wide for 小四.
    let mut small = paragraph_style("GwTableTextSmall", "表格文字（小）", "20");
    small.based_on = Some("GwTableText");
    small.open(&mut x, false);
    x.open("w:rPr", &[]);
    size(&mut x, TableTextSize::Small.half_points());
    x.close("w:rPr");
    x.close("w:style");

    // 表后间距: half a grid line between a table and what follows.
    paragraph_style("GwTableGap", "表后间距", "21").open(&mut x, false);
    x.open("w:pPr", &[]);
    x.val("w:snapToGrid", "0");
    let half = (page::LINE_PITCH / 2).to_string();
    x.empty("w:spacing", &[("w:line", &half), ("w:lineRule", "exact")]);
    no_indent(&mut x);
    x.close("w:pPr");
    x.close("w:style");

    // 署名: right-aligned; the right indent (右空二字 or more) is set on
    // each line because the date's depends on the agency's length.
    paragraph_style("GwSignature", "署名", "22").open(&mut x, false);
    x.open("w:pPr", &[]);
    no_indent(&mut x);
    x.val("w:jc", "right");
    x.close("w:pPr");
    x.close("w:style");

    // 页眉 holds only the 草稿 mark of a draft.
    let mut header = paragraph_style("Header", "header", "99");
    header.q_format = false;
    header.open(&mut x, false);
    x.open("w:pPr", &[]);
    x.val("w:snapToGrid", "0");
    x.empty("w:spacing", &[("w:line", "240"), ("w:lineRule", "auto")]);
    no_indent(&mut x);
    x.val("w:jc", "right");
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    fonts(&mut x, HEITI, LATIN);
    char_spacing(&mut x, 0);
    x.close("w:rPr");
    x.close("w:style");

    // 页脚: 4号半角宋体 page numbers; every slot is 宋体 so the em dashes
    // and digits all come from the same font.
    let mut footer = paragraph_style("Footer", "footer", "99");
    footer.q_format = false;
    footer.open(&mut x, false);
    x.open("w:pPr", &[]);
    x.val("w:snapToGrid", "0");
    x.empty("w:spacing", &[("w:line", "240"), ("w:lineRule", "auto")]);
    no_indent(&mut x);
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    fonts(&mut x, SONGTI, SONGTI);
    char_spacing(&mut x, 0);
    size(&mut x, page::FOLIO_HALF_POINTS);
    x.close("w:rPr");
    x.close("w:style");

    x.close("w:styles");
    x
}
