//! Finding a sentence a prose check quotes in the text the clerk typed.
//! The checks read the prose as printed: placeholders filled, a
//! paragraph's lines joined. So the search runs over the typed text with
//! each `{{path}}` replaced by its value and the white space dropped, and
//! the match is mapped back to the typed characters.

use crate::model::Report;
use serde::Serialize;

/// A stretch of a prose input, in UTF-16 code units as a textarea counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// The input's id: `overview.text`, `overview.parts.0.text`.
    pub field: String,
    /// First code unit.
    pub start: usize,
    /// Code unit after the last.
    pub end: usize,
}

/// One printed character and the typed stretch it comes from, in UTF-16
/// code units.
struct Printed {
    c: char,
    start: usize,
    end: usize,
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The printed characters of a typed text, white space left out.
fn printed(text: &str, report: &Report) -> Vec<Printed> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    let push_text = |out: &mut Vec<Printed>, chunk: &str, offset: &mut usize| {
        for c in chunk.chars() {
            let len = c.len_utf16();
            if !c.is_whitespace() {
                out.push(Printed {
                    c,
                    start: *offset,
                    end: *offset + len,
                });
            }
            *offset += len;
        }
    };
    while let Some(open) = rest.find("{{") {
        push_text(&mut out, &rest[..open], &mut offset);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            rest = &rest[open..];
            break;
        };
        let written = &rest[open..open + 2 + close + 2];
        let value = report
            .template
            .figure_path(after[..close].trim())
            .and_then(|path| report.figures.text(&path));
        match value {
            Some(value) => {
                let (start, end) = (offset, offset + utf16_len(written));
                out.extend(
                    value
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .map(|c| Printed { c, start, end }),
                );
                offset = end;
            }
            None => push_text(&mut out, written, &mut offset),
        }
        rest = &after[close + 2..];
    }
    push_text(&mut out, rest, &mut offset);
    out
}

/// Where `sentence` (as a finding quotes it, perhaps cut short with …)
/// stands in the prose inputs.
pub fn find_sentence(sentence: &str, fields: &[(String, &str)], report: &Report) -> Vec<Mark> {
    let wanted: Vec<char> = sentence.chars().filter(|c| !c.is_whitespace()).collect();
    let mut marks = Vec::new();
    for (field, text) in fields {
        let chars = printed(text, report);
        let found = position(&chars, &wanted).or_else(|| {
            // A long sentence is quoted cut short: match what was quoted.
            let cut = wanted.strip_suffix(&['…'])?;
            position(&chars, cut)
        });
        if let Some((first, last)) = found {
            marks.push(Mark {
                field: field.clone(),
                start: chars[first].start,
                end: chars[last].end,
            });
        }
    }
    marks
}

/// The first and last index of `wanted` in `chars`.
fn position(chars: &[Printed], wanted: &[char]) -> Option<(usize, usize)> {
    if wanted.is_empty() || wanted.len() > chars.len() {
        return None;
    }
    (0..=chars.len() - wanted.len())
        .find(|&i| {
            chars[i..i + wanted.len()]
                .iter()
                .zip(wanted)
                .all(|(p, w)| p.c == *w)
        })
        .map(|i| (i, i + wanted.len() - 1))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::input::Syntax;

    #[test]
    fn a_sentence_is_found_across_placeholders_and_line_breaks() {
        let source = include_str!("../../examples/laochengqu-2022.toml");
        let report = crate::model::from_text(Path::new("t.toml"), source, Syntax::Toml).unwrap();
        let typed = "我办共收到申请{{applications.new.total}}件，\n已按相关规定全部答复。其他。";
        let fields = vec![("overview.text".to_string(), typed)];
        let marks = find_sentence(
            "我办共收到申请15件，已按相关规定全部答复。",
            &fields,
            &report,
        );
        let end = typed
            .chars()
            .take_while(|c| *c != '其')
            .map(char::len_utf16)
            .sum();
        assert_eq!(
            marks,
            [Mark {
                field: "overview.text".into(),
                start: 0,
                end,
            }]
        );
        assert!(find_sentence("没有这句话。", &fields, &report).is_empty());
        let cut = find_sentence("我办共收到申请15件…", &fields, &report);
        assert_eq!(cut.len(), 1);
    }
}
