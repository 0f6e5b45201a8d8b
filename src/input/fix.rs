//! Rewriting a text report's half-width punctuation in Chinese prose
//! (`2022年,我区` → `2022年，我区`) in place: what `gongwen fix` writes.
//!
//! Only the characters the content check reports change (the rule is
//! `text::halfwidth`, shared with the check), and only inside the string
//! literals of the prose (every section's `text`, `parts`, `heading`): the
//! edit works on the file's own bytes between a literal's quotes, so
//! comments, key order, quoting style, line ends and a byte order mark stay
//! exactly as written. The agency, title and signature under `[report]`
//! are left alone: they are names, not prose. The file must read as a
//! report first; a file that does not is refused with the reader's error
//! rather than edited blind.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use super::error::InputError;
use super::place::line_col;
use super::place::Syntax;
use super::text;
use crate::text::halfwidth::{find_half_width, HalfWidthMark};

/// Top-level keys whose strings are not prose.
const NOT_PROSE: &[&str] = &["report", "template"];

/// How many characters on each side of a mark an edit shows.
const CONTEXT_CHARS: usize = 8;

/// One mark rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixEdit {
    /// 1-based line of the mark in the file.
    pub line: usize,
    /// 1-based column (in characters) of the mark.
    pub column: usize,
    /// The top-level key (section) the prose belongs to: `problems`.
    pub section: String,
    /// The mark as written (`,`).
    pub found: char,
    /// What it becomes (`，`).
    pub replacement: char,
    /// The text around the mark after the rewrite, for a listing.
    pub context: String,
}

/// A report's text with its prose punctuation rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The whole new file text; equal to the input when `edits` is empty.
    pub text: String,
    /// Every mark changed, in file order.
    pub edits: Vec<FixEdit>,
}

/// Rewrites half-width `, ; : ( )` between Chinese characters in the prose
/// strings of a TOML or JSON report to full width, changing no other byte.
/// `file` names the report in errors; the text must read as a report.
pub fn fix_half_width(file: &Path, source: &str, syntax: Syntax) -> Result<Fixed, InputError> {
    text::read(file, Cow::Borrowed(source), syntax)?;
    // Spans are found in the text the parsers see, after a byte order mark.
    let bom = if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &source[bom..];
    let spans = match syntax {
        Syntax::Toml => toml_prose_spans(body),
        Syntax::Json => json_prose_spans(body),
    };
    let mut marks: Vec<(HalfWidthMark, &str)> = Vec::new();
    for (section, span) in spans {
        for m in find_half_width(&body[span.clone()]) {
            let mark = HalfWidthMark {
                offset: bom + span.start + m.offset,
                found: m.found,
            };
            marks.push((mark, section));
        }
    }
    marks.sort_by_key(|(m, _)| m.offset);
    let plain: Vec<HalfWidthMark> = marks.iter().map(|(m, _)| *m).collect();
    let text = crate::text::halfwidth::replace_marks(source, &plain);
    // Each full-width mark is longer in bytes than the one it replaces:
    // the place of a mark in the new text moves by the growth before it.
    let mut growth = 0;
    let mut edits = Vec::with_capacity(marks.len());
    for (m, section) in &marks {
        let (line, column) = line_col(source, m.offset);
        edits.push(FixEdit {
            line,
            column,
            section: section.to_string(),
            found: m.found,
            replacement: m.full_width(),
            context: around(&text, m.offset + growth),
        });
        growth += m.full_width().len_utf8() - m.found.len_utf8();
    }
    Ok(Fixed { text, edits })
}

/// The characters around byte `offset` of `text` on its line.
fn around(text: &str, offset: usize) -> String {
    let on_line = |c: &char| !c.is_control();
    let before: Vec<char> = text[..offset]
        .chars()
        .rev()
        .take_while(on_line)
        .take(CONTEXT_CHARS)
        .collect();
    let after = text[offset..]
        .chars()
        .take_while(on_line)
        .take(CONTEXT_CHARS + 1);
    before.into_iter().rev().chain(after).collect()
}

/// The byte ranges of every string value under a prose section of a TOML
/// text, with the section's key. A range covers the literal with its
/// quotes: a quote is never Chinese, so it never makes a mark count.
fn toml_prose_spans(source: &str) -> Vec<(&'static str, Range<usize>)> {
    use toml::de::{DeTable, DeValue};
    fn strings(value: &DeValue, span: Range<usize>, out: &mut Vec<Range<usize>>) {
        match value {
            DeValue::String(_) => out.push(span),
            DeValue::Array(items) => {
                for item in items {
                    strings(item.get_ref(), item.span(), out);
                }
            }
            DeValue::Table(table) => {
                for (_, v) in table.iter() {
                    strings(v.get_ref(), v.span(), out);
                }
            }
            _ => {}
        }
    }
    let Ok(table) = DeTable::parse(source) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in table.get_ref().iter() {
        let Some(section) = prose_section(key.get_ref()) else {
            continue;
        };
        let mut spans = Vec::new();
        strings(value.get_ref(), value.span(), &mut spans);
        out.extend(spans.into_iter().map(|s| (section, s)));
    }
    out
}

/// The contract's prose sections, as `'static` names for edits.
fn prose_section(key: &str) -> Option<&'static str> {
    const SECTIONS: &[&str] = &[
        "overview",
        "proactive",
        "applications",
        "appeals",
        "problems",
        "other",
    ];
    debug_assert!(SECTIONS.iter().all(|s| !NOT_PROSE.contains(s)));
    SECTIONS.iter().copied().find(|s| *s == key)
}

/// The byte ranges of every string value below a prose section of a JSON
/// text (which serde reads without spans), found by walking its tokens:
/// strings with their escapes, nesting, and which string is a key.
fn json_prose_spans(source: &str) -> Vec<(&'static str, Range<usize>)> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut section: Option<&'static str> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                let mut next = end;
                while next < bytes.len() && bytes[next].is_ascii_whitespace() {
                    next += 1;
                }
                let is_key = bytes.get(next) == Some(&b':');
                if is_key && depth == 1 {
                    section = source
                        .get(start + 1..end.saturating_sub(1))
                        .and_then(prose_section);
                } else if !is_key && depth >= 1 {
                    if let Some(s) = section {
                        out.push((s, start..end));
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = "\u{feff}# 注释,保持原样(不改)\n[report]\nagency = \"某某区(县)政府\"\nyear = 2022\n\n[overview]\ntext = '''\n2022年,我区:一是(社区)\r\n办复率100%,其中\n'''  # 行尾注释,不改\n\n[[problems.parts]]\nheading = \"存在问题;改进\"\ntext = \"一是,二是\"\n";

    #[test]
    fn toml_prose_changes_and_nothing_else() {
        let fixed = fix_half_width(Path::new("a.toml"), TOML, Syntax::Toml).unwrap();
        let expected = TOML
            .replace("2022年,我区:一是(社区)", "2022年，我区：一是（社区）")
            .replace("存在问题;改进", "存在问题；改进")
            .replace("一是,二是", "一是，二是");
        assert_eq!(fixed.text, expected);
        assert_eq!(fixed.edits.len(), 6);
        let first = &fixed.edits[0];
        assert_eq!((first.line, first.column), (8, 6));
        assert_eq!(first.section, "overview");
        assert_eq!((first.found, first.replacement), (',', '，'));
        assert!(first.context.contains("2022年，我区"), "{}", first.context);
        assert_eq!(fixed.edits[5].section, "problems");
        // Fixing again changes nothing.
        let again = fix_half_width(Path::new("a.toml"), &fixed.text, Syntax::Toml).unwrap();
        assert!(again.edits.is_empty());
        assert_eq!(again.text, fixed.text);
    }

    #[test]
    fn json_prose_changes_and_nothing_else() {
        let json = r#"{"report": {"agency": "某某区(县)政府", "year": 2022},
  "overview": {"text": "2022年,我区\"引号\",说明\\,二是"},
  "problems": {"parts": [{"heading": "问题", "text": "一是:二是"}]}}"#;
        let fixed = fix_half_width(Path::new("a.json"), json, Syntax::Json).unwrap();
        let expected = json
            .replace("2022年,我区", "2022年，我区")
            .replace("一是:二是", "一是：二是");
        assert_eq!(fixed.text, expected);
        assert_eq!(fixed.edits.len(), 2);
    }

    #[test]
    fn a_file_that_is_not_a_report_is_refused() {
        let e = fix_half_width(Path::new("a.toml"), "text = \"一是,二是", Syntax::Toml);
        assert!(e.is_err());
    }
}
