//! The web-page reader: report pages as government portals publish them,
//! into the format-neutral blocks of [`super::document`].
//!
//! Portal CMSs write `td`-only tables with inline widths, a `<p>` (often
//! with `&nbsp;` and nested `<span>`s) in every cell, `<br>` inside labels,
//! and declare GBK/GB2312 as often as UTF-8. html5ever (through scraper)
//! builds the same tree a browser does from that soup; this module walks
//! it without recursion, so nesting depth costs no stack.

use std::borrow::Cow;
use std::path::Path;

use ego_tree::iter::Edge;
use encoding_rs::{Encoding, GB18030, UTF_8};
use scraper::{Html, Node};

use super::document::{
    resolve_grid, Block, GridTooLarge, Paragraph, SourceCell, SourceRow, VerticalSpan,
};
use super::error::{InputError, InputErrorKind};

/// Deepest table nesting followed (layout tables nest two or three deep).
pub const MAX_TABLE_DEPTH: usize = 32;

/// A page read into blocks.
#[derive(Debug, Clone)]
pub struct HtmlPage {
    pub blocks: Vec<Block>,
    /// The page's `<title>`, which names the report when the body does not.
    pub title: Option<String>,
    /// How the encoding was chosen, when it was not simply declared.
    pub encoding_note: Option<String>,
}

/// Decodes and reads a page. A page without any table is refused: it is
/// not a report (often a list page or an attachment's landing page).
pub fn read_html(file: &Path, bytes: &[u8]) -> Result<HtmlPage, InputError> {
    let (text, _, encoding_note) = decode(bytes);
    let html = Html::parse_document(&text);
    let title = page_title(&html);
    let blocks = walk(&html).map_err(|e| match e {
        WalkError::TableTooLarge { table, slots } => {
            InputError::new(file, InputErrorKind::TableTooLarge { table, slots })
        }
        WalkError::TooDeep => InputError::new(file, InputErrorKind::TablesTooDeep(MAX_TABLE_DEPTH)),
    })?;
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err(InputError::new(file, InputErrorKind::NoTables));
    }
    Ok(HtmlPage {
        blocks,
        title,
        encoding_note,
    })
}

/// Chooses the encoding as a browser would — byte order mark, then a
/// `<meta charset>` or XML declaration in the first 4 KB — with two
/// corrections for what CMSs get wrong: a page declared GBK that is valid
/// UTF-8 (and not valid GBK) is UTF-8, and an undeclared page that is not
/// UTF-8 is GB18030, the superset of GBK and GB2312.
pub fn decode(bytes: &[u8]) -> (String, &'static Encoding, Option<String>) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), encoding, None);
    }
    let declared = declared_encoding(&bytes[..bytes.len().min(4096)]);
    match declared {
        Some(encoding) if encoding != UTF_8 => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if had_errors {
                if let Cow::Borrowed(utf8) = UTF_8
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .unwrap_or(Cow::Owned(String::new()))
                {
                    return (
                        utf8.to_string(),
                        UTF_8,
                        Some(format!(
                            "页面声明编码为 {}，实际内容是 UTF-8，已按 UTF-8 读取",
                            encoding.name()
                        )),
                    );
                }
                return (
                    text.into_owned(),
                    encoding,
                    Some(format!(
                        "页面按 {} 解码时有无法识别的字节，已替换为 �",
                        encoding.name()
                    )),
                );
            }
            (text.into_owned(), encoding, None)
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), UTF_8, None),
            Err(_) if declared.is_some() => {
                let (text, _) = UTF_8.decode_without_bom_handling(bytes);
                (
                    text.into_owned(),
                    UTF_8,
                    Some("页面声明为 UTF-8，但含有无效字节，已替换为 �".to_string()),
                )
            }
            Err(_) => {
                let (text, _) = GB18030.decode_without_bom_handling(bytes);
                (
                    text.into_owned(),
                    GB18030,
                    Some(
                        "页面没有声明编码且不是 UTF-8，已按 GB18030（兼容 GBK、GB2312）读取"
                            .to_string(),
                    ),
                )
            }
        },
    }
}

/// `charset=` in a `<meta>` tag or `encoding=` in an XML declaration.
fn declared_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let label_after = |key: &[u8], from: usize| -> Option<&'static Encoding> {
        let at = find(&lower[from..], key)? + from + key.len();
        let rest = &lower[at..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        let rest = rest.strip_prefix(b"=")?;
        let rest = &rest[rest
            .iter()
            .take_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
            .count()..];
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
            .unwrap_or(rest.len());
        let encoding = Encoding::for_label(&rest[..end])?;
        // A page that claims UTF-16 in ASCII bytes is not UTF-16 (WHATWG).
        Some(
            if encoding.is_single_byte() || encoding.output_encoding() == encoding {
                encoding
            } else {
                UTF_8
            },
        )
    };
    if lower.starts_with(b"<?xml") {
        if let Some(e) = label_after(b"encoding", 0) {
            return Some(e);
        }
    }
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        if let Some(e) =
            find(&lower[start..end], b"charset").and_then(|_| label_after(b"charset", start))
        {
            return Some(e);
        }
        from = end.max(start + 5);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn page_title(html: &Html) -> Option<String> {
    let root = html.root_element();
    let title = root
        .descendent_elements()
        .find(|e| e.value().name() == "title")?;
    let text: String = title.text().collect();
    let text = collapse_spaces(&text);
    (!text.is_empty()).then_some(text)
}

enum WalkError {
    TableTooLarge { table: usize, slots: usize },
    TooDeep,
}

/// Elements whose content is never report text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "select", "button", "input", "textarea", "canvas", "audio", "video", "map",
];

/// Elements that end the paragraph before them and start a new one.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "ul",
    "caption",
    "body",
    "html",
];

/// Paragraphs being collected for the body or for one table cell.
#[derive(Default)]
struct Collector {
    blocks: Vec<Block>,
    text: String,
    style: Option<String>,
}

impl Collector {
    fn flush(&mut self) {
        let text = tidy_lines(&std::mem::take(&mut self.text));
        let style = self.style.take();
        if text.is_empty() {
            return;
        }
        let heading_level = style
            .as_deref()
            .and_then(|s| s.strip_prefix('h'))
            .and_then(|n| n.parse().ok());
        self.blocks.push(Block::Paragraph(Paragraph {
            text,
            style,
            heading_level,
        }));
    }
}

#[derive(Default)]
struct TableState {
    rows: Vec<SourceRow>,
    row: Option<SourceRow>,
    /// Cells' blocks in reading order, in case this is a layout table.
    all_blocks: Vec<Block>,
    has_nested_table: bool,
}

/// One pass over the tree's open/close edges.
fn walk(html: &Html) -> Result<Vec<Block>, WalkError> {
    let mut collectors = vec![Collector::default()];
    let mut tables: Vec<TableState> = Vec::new();
    // (colspan, rowspan) of each open cell, parallel to collectors[1..].
    let mut cell_spans: Vec<(usize, usize)> = Vec::new();
    let mut skipping: Option<ego_tree::NodeId> = None;
    let mut block_names: Vec<String> = Vec::new();
    let mut tables_done = 0usize;

    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => {
                        let c = collectors.last_mut().expect("body collector");
                        if (c.text.is_empty() || c.text.ends_with('\n')) && text.trim().is_empty() {
                            continue;
                        }
                        if c.style.is_none() {
                            c.style = block_names.last().cloned();
                        }
                        c.text.push_str(&collapse_whitespace(text));
                    }
                    Node::Element(e) => {
                        let name = e.name();
                        if SKIPPED.contains(&name) || is_hidden(e) {
                            skipping = Some(node.id());
                            continue;
                        }
                        match name {
                            "br" => collectors
                                .last_mut()
                                .expect("body collector")
                                .text
                                .push('\n'),
                            "table" => {
                                if tables.len() >= MAX_TABLE_DEPTH {
                                    return Err(WalkError::TooDeep);
                                }
                                collectors.last_mut().expect("body collector").flush();
                                if let Some(parent) = tables.last_mut() {
                                    parent.has_nested_table = true;
                                }
                                tables.push(TableState::default());
                            }
                            "tr" => {
                                if let Some(t) = tables.last_mut() {
                                    if let Some(row) = t.row.take() {
                                        t.rows.push(row);
                                    }
                                    t.row = Some(SourceRow::default());
                                }
                            }
                            "td" | "th" if !tables.is_empty() => {
                                collectors.push(Collector::default());
                                cell_spans
                                    .push((span(e.attr("colspan"), 1), span(e.attr("rowspan"), 0)));
                            }
                            _ if BLOCKS.contains(&name) => {
                                collectors.last_mut().expect("body collector").flush();
                                block_names.push(name.to_string());
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skipping {
                    if id == node.id() {
                        skipping = None;
                    }
                    continue;
                }
                let Node::Element(e) = node.value() else {
                    continue;
                };
                match e.name() {
                    "td" | "th" if !tables.is_empty() && collectors.len() > 1 => {
                        let mut cell = collectors.pop().expect("cell collector");
                        cell.flush();
                        let (colspan, rowspan) = cell_spans.pop().unwrap_or((1, 1));
                        let t = tables.last_mut().expect("open table");
                        let text = cell_text(&cell.blocks);
                        t.all_blocks.extend(cell.blocks);
                        t.row
                            .get_or_insert_with(SourceRow::default)
                            .cells
                            .push(SourceCell {
                                text,
                                colspan,
                                vertical: VerticalSpan::Rows(rowspan),
                            });
                    }
                    "table" => {
                        let Some(mut t) = tables.pop() else { continue };
                        if let Some(row) = t.row.take() {
                            t.rows.push(row);
                        }
                        let target = collectors.last_mut().expect("body collector");
                        target.flush();
                        if t.has_nested_table {
                            target.blocks.extend(t.all_blocks);
                            continue;
                        }
                        tables_done += 1;
                        let table = resolve_grid(t.rows).map_err(|GridTooLarge { slots }| {
                            WalkError::TableTooLarge {
                                table: tables_done,
                                slots,
                            }
                        })?;
                        target.blocks.push(Block::Table(table));
                    }
                    name if BLOCKS.contains(&name) => {
                        collectors.last_mut().expect("body collector").flush();
                        block_names.pop();
                    }
                    _ => {}
                }
            }
        }
    }
    let mut body = collectors.swap_remove(0);
    body.flush();
    Ok(body.blocks)
}

/// `style="display:none"`, `visibility:hidden` or the `hidden` attribute:
/// CMS pages keep share widgets and old versions in hidden blocks.
fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    e.attr("style").is_some_and(|style| {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// colspan/rowspan as HTML reads them: the digits at the start; anything
/// else is 1. A colspan of 0 is 1; a rowspan of 0 runs to the table's end.
fn span(value: Option<&str>, zero_means: usize) -> usize {
    let Some(v) = value else { return 1 };
    let digits: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<usize>() {
        Ok(0) => zero_means,
        Ok(n) => n.min(65_534),
        Err(_) => 1,
    }
}

/// HTML's whitespace collapsing: runs of ASCII whitespace become one
/// space. `&nbsp;` is a space to a reader, so it becomes one here too.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() || c == '\u{a0}' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

fn collapse_spaces(text: &str) -> String {
    collapse_whitespace(text).trim().to_string()
}

/// Each line trimmed of spaces (and the full-width spaces used to indent
/// paragraphs); empty lines dropped.
fn tidy_lines(text: &str) -> String {
    text.split('\n')
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn cell_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_declared_page_decodes() {
        let (bytes, _, _) = encoding_rs::GBK
            .encode("<html><head><meta charset=\"gb2312\"></head><body>老城区</body></html>");
        let (text, enc, note) = decode(&bytes);
        assert!(text.contains("老城区"));
        assert_eq!(enc.name(), "GBK");
        assert!(note.is_none());
    }

    #[test]
    fn declared_gbk_but_utf8_is_read_as_utf8() {
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\"><p>老城区人民政府</p>";
        let (text, enc, note) = decode(page.as_bytes());
        assert!(text.contains("老城区人民政府"));
        assert_eq!(enc.name(), "UTF-8");
        assert!(note.is_some());
    }

    #[test]
    fn cells_keep_br_and_p_as_lines() {
        let page = "<table><tr><td rowspan=2><p>三、本年度<br>办理结果</p></td><td>&nbsp;</td></tr><tr><td><span>1</span><span>5</span></td></tr></table>";
        let blocks = walk(&Html::parse_document(page)).ok().unwrap();
        let Block::Table(t) = &blocks[0] else {
            panic!("table")
        };
        assert_eq!(t.text_at(1, 0), "三、本年度\n办理结果");
        assert_eq!(t.text_at(0, 1), "");
        assert_eq!(t.text_at(1, 1), "15");
    }
}
