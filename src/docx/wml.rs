//! The WordprocessingML every part is made of: the namespaces, a paragraph
//! with its style and direct formatting, and its text as runs.

use super::xml::Xml;

/// The WordprocessingML namespace, prefix `w`.
pub(crate) const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace, prefix `r`.
pub(crate) const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Paragraph-level direct formatting we ever need on top of a style.
#[derive(Clone, Copy, Default)]
pub(crate) struct Direct<'a> {
    /// Word keeps a table row whose paragraphs all have it on the page of
    /// the next row.
    pub(crate) keep_next: bool,
    /// `w:ind` attributes in schema terms, e.g. `[("w:rightChars","200")]`.
    pub(crate) ind: &'a [(&'a str, &'a str)],
    /// `w:jc`, the alignment, when it differs from the style's.
    pub(crate) jc: Option<&'a str>,
}

/// One `w:p` of `text`, in `style` (None: Normal) with `direct` formatting.
pub(crate) fn paragraph(x: &mut Xml, style: Option<&str>, direct: Option<Direct<'_>>, text: &str) {
    x.open("w:p", &[]);
    if style.is_some() || direct.is_some() {
        x.open("w:pPr", &[]);
        if let Some(style) = style {
            x.val("w:pStyle", style);
        }
        if let Some(d) = direct {
            if d.keep_next {
                x.empty("w:keepNext", &[]);
            }
            if !d.ind.is_empty() {
                x.empty("w:ind", d.ind);
            }
            if let Some(jc) = d.jc {
                x.val("w:jc", jc);
            }
        }
        x.close("w:pPr");
    }
    runs(x, text);
    x.close("w:p");
}

/// The text of one paragraph as a single run: tabs become `w:tab`, line
/// breaks `w:br`, and runs with non-ASCII text carry the East Asian font
/// hint so that ambiguous-width punctuation (“ ” — …) is set full-width in
/// the Chinese font, as Word itself does when a clerk types it.
pub(crate) fn runs(x: &mut Xml, text: &str) {
    if text.is_empty() {
        return;
    }
    x.open("w:r", &[]);
    if !text.is_ascii() {
        x.open("w:rPr", &[]);
        x.empty("w:rFonts", &[("w:hint", "eastAsia")]);
        x.close("w:rPr");
    }
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\t', '\n', '\r']).unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(end);
        if !piece.is_empty() {
            t(x, piece);
        }
        let mut chars = tail.chars();
        match chars.next() {
            Some('\t') => {
                x.empty("w:tab", &[]);
            }
            Some('\r') => {
                x.empty("w:br", &[]);
                if tail.as_bytes().get(1) == Some(&b'\n') {
                    chars.next();
                }
            }
            Some(_) => {
                x.empty("w:br", &[]);
            }
            None => {}
        }
        rest = chars.as_str();
    }
    x.close("w:r");
}

/// `w:t`, keeping leading/trailing spaces which XML would otherwise let a
/// consumer collapse.
pub(crate) fn t(x: &mut Xml, text: &str) {
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        x.leaf("w:t", &[("xml:space", "preserve")], text);
    } else {
        x.leaf("w:t", &[], text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_turn_tabs_and_breaks_into_elements() {
        let mut x = Xml::new();
        runs(&mut x, " a\tb\r\nc\rd ");
        let out = String::from_utf8(x.finish().unwrap()).unwrap();
        assert!(
            out.ends_with(
                "<w:r><w:t xml:space=\"preserve\"> a</w:t><w:tab/><w:t>b</w:t><w:br/>\
             <w:t>c</w:t><w:br/><w:t xml:space=\"preserve\">d </w:t></w:r>"
            ),
            "{out}"
        );
    }
}
