//! The preview: the laid-out pages the PDF is written from, drawn as SVG.
//! Each text run is an SVG `<text>` with every character at the position
//! the layout gave its glyph, in the same font file (served to the page as
//! a web font), and each rule a `<line>`: the page the clerk reads is the
//! page that prints, down to the line breaks, and its text can be selected.

use std::fmt::Write;

use crate::layout::{Item, Page, Pages, TextRun};

/// The CSS font family a face is served under.
pub fn face_family(face: usize) -> String {
    format!("gw-face-{face}")
}

/// Each page as one `<svg>` element, in points.
pub fn pages_svg(pages: &Pages) -> Vec<String> {
    pages
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| page_svg(page, i + 1, pages.pages.len()))
        .collect()
}

fn page_svg(page: &Page, number: usize, count: usize) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="page" viewBox="0 0 {w} {h}" role="img" aria-label="第 {number} 页，共 {count} 页"><rect class="paper" width="{w}" height="{h}"/>"#,
        w = num(page.width),
        h = num(page.height),
    );
    for item in &page.items {
        match item {
            Item::Rule(rule) => {
                let _ = write!(
                    out,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}" stroke="{}"/>"#,
                    num(rule.from.0),
                    num(rule.from.1),
                    num(rule.to.0),
                    num(rule.to.1),
                    num(rule.width),
                    gray(rule.gray),
                );
            }
            Item::Text(run) => text(&mut out, run),
        }
    }
    out.push_str("</svg>");
    out
}

/// A run as `<text>`: one x position per character, so the browser sets
/// each glyph where the layout put it (grid cells, justification, hanging
/// punctuation), whatever its own advance widths.
fn text(out: &mut String, run: &TextRun) {
    let mut xs = Vec::with_capacity(run.glyphs.len());
    let mut pen = run.x;
    for glyph in &run.glyphs {
        let (start, end) = (glyph.text.0 as usize, glyph.text.1 as usize);
        let chars = run
            .text
            .get(start..end)
            .map_or(1, |t| t.chars().count().max(1));
        // A glyph for several characters (a ligature) spreads them over its
        // advance; the browser draws its own glyph for each.
        for k in 0..chars {
            xs.push(num(pen + glyph.advance * k as f32 / chars as f32));
        }
        pen += glyph.advance;
    }
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-family="{}" font-size="{}""#,
        xs.join(" "),
        num(run.y),
        face_family(run.face.index()),
        num(run.size),
    );
    if run.gray != 0 {
        let _ = write!(out, r#" fill="{}""#, gray(run.gray));
    }
    out.push('>');
    escape_into(out, &run.text);
    out.push_str("</text>");
}

/// A length to 1/100 pt, without trailing zeros: short, and far below
/// what a screen shows.
fn num(value: f32) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let mut text = format!("{rounded:.2}");
    while text.ends_with('0') {
        text.pop();
    }
    if text.ends_with('.') {
        text.pop();
    }
    if text == "-0" {
        text = "0".into();
    }
    text
}

fn gray(level: u8) -> String {
    format!("rgb({level},{level},{level})")
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(79.370_08), "79.37");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.001), "0");
    }
}
