//! The text reader: a report written as TOML or JSON. Both syntaxes share
//! the contract's one tree; serde's English complaints become Chinese kinds
//! with the line and column they point at, and [`Locator`] finds a key's
//! line and column for problems found after parsing (a row of the wrong
//! length, a total that overflows).

use std::borrow::Cow;
use std::path::Path;

use super::error::{InputError, InputErrorKind};
use super::raw::RawReport;
use super::reader::{Parsed, Place, Places, Syntax};

/// The file's bytes as UTF-8 text, or why they are not.
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, column) = line_col(&prefix, prefix.len());
        let kind =
            if e.as_bytes().starts_with(&[0xff, 0xfe]) || e.as_bytes().starts_with(&[0xfe, 0xff]) {
                InputErrorKind::Utf16
            } else if e.utf8_error().error_len().is_none() {
                InputErrorKind::CutCharacter
            } else {
                InputErrorKind::NotUtf8
            };
        InputError::new(file, kind).at(Some(Place::Text { line, column }))
    })
}

/// Reads a report from its text; `file` names it in errors. A byte order
/// mark is dropped, as editors on Windows write one.
pub fn read<'a>(
    file: &Path,
    source: Cow<'a, str>,
    syntax: Syntax,
) -> Result<Parsed<'a>, InputError> {
    let source = match source {
        Cow::Borrowed(s) => Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s)),
        Cow::Owned(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..'\u{feff}'.len_utf8());
            }
            Cow::Owned(s)
        }
    };
    let report = parse(file, &source, syntax)?;
    Ok(Parsed {
        file: file.to_path_buf(),
        report,
        places: Box::new(Locator::new(source, syntax)),
        notes: Vec::new(),
    })
}

/// Parses a report's text into the contract's tree.
fn parse(file: &Path, source: &str, syntax: Syntax) -> Result<RawReport, InputError> {
    let fail = |place: Option<Place>, key: Option<String>, kind: InputErrorKind| {
        // serde_path_to_error writes `?` for a key it never got to read.
        let key = key
            .map(|k| {
                let mut k = k.as_str();
                while let Some(rest) = k.strip_suffix(".?").or_else(|| k.strip_suffix('?')) {
                    k = rest;
                }
                k.to_string()
            })
            .filter(|k| !k.is_empty() && k != ".")
            .map(short_key);
        InputError::new(file, kind).at(place).with_key(key)
    };
    if source.trim().is_empty() {
        return Err(fail(None, None, InputErrorKind::Empty));
    }
    // Neither syntax allows these raw; found here, they are named as what
    // they are instead of as the parser's puzzled complaint about a string.
    if let Some((offset, c)) = source.char_indices().find(|(_, c)| forbidden_control(*c)) {
        let (line, column) = line_col(source, offset);
        return Err(fail(
            Some(Place::Text { line, column }),
            None,
            InputErrorKind::RawControlCharacter(c),
        ));
    }
    let syntax_error = |detail: &str| InputErrorKind::Syntax {
        syntax,
        detail: syntax_zh(detail),
    };
    match syntax {
        Syntax::Toml => {
            let de = toml::Deserializer::parse(source).map_err(|e| {
                fail(
                    span_start(source, e.span()),
                    None,
                    syntax_error(first_line(e.message())),
                )
            })?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let key = e.path().to_string();
                let inner = e.into_inner();
                let place = span_start(source, inner.span())
                    .or_else(|| Locator::new(Cow::Borrowed(source), syntax).find(&key));
                fail(place, Some(key), explain(inner.message()))
            })
        }
        Syntax::Json => {
            let mut de = serde_json::Deserializer::from_str(source);
            let result: Result<RawReport, _> = serde_path_to_error::deserialize(&mut de);
            let json_place = |e: &serde_json::Error| {
                Some(Place::Text {
                    line: e.line(),
                    column: e.column(),
                })
            };
            let report = result.map_err(|e| {
                let key = e.path().to_string();
                let inner = e.into_inner();
                let message = strip_json_position(&inner.to_string());
                let kind = if inner.is_syntax() || inner.is_eof() {
                    syntax_error(&message)
                } else {
                    explain(&message)
                };
                fail(json_place(&inner), Some(key), kind)
            })?;
            de.end()
                .map_err(|e| fail(json_place(&e), None, InputErrorKind::TrailingContent))?;
            Ok(report)
        }
    }
}

/// C0 controls other than tab, line feed and carriage return, and DEL.
fn forbidden_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// The parser messages a hostile or damaged file produces, in Chinese; the
/// parser's own words follow in brackets so nothing is lost.
fn syntax_zh(message: &str) -> String {
    let m = message.to_ascii_lowercase();
    let zh = if m.contains("recursion") || m.contains("recurse") {
        "嵌套层数过多（数组或表套得太深），请检查括号是否配对"
    } else if m.contains("surrogate")
        || m.contains("hex escape")
        || m.contains("unicode code point")
    {
        "\\u 转义无效：UTF-16 代理项（\\uD800–\\uDFFF）必须成对出现，且 \\u 后须有 4 位十六进制数"
    } else if m.contains("invalid escape") {
        "无效的转义：反斜杠 \\ 后只能是 \" \\ / b f n r t 或 u 加 4 位十六进制数"
    } else if m.starts_with("unclosed") {
        "括号未闭合（文件可能被截断）"
    } else if m.starts_with("invalid multi-line basic string")
        || m.starts_with("invalid basic string")
        || m.starts_with("invalid literal string")
        || m.starts_with("invalid multi-line literal string")
    {
        "字符串没有结束的引号，或含有字符串中不允许的字符（文件可能被截断）"
    } else if m.contains("number out of range") {
        "数字超出范围"
    } else if m.contains("duplicate key") {
        "同一个键写了两次"
    } else if m.contains("eof") || m.contains("end of input") || m.contains("unexpected end") {
        "文件意外结束（可能被截断），请检查括号和引号是否完整"
    } else {
        return message.to_string();
    };
    format!("{zh}（{message}）")
}

/// Key paths as printed: one nested 200 levels deep is cut in the middle so
/// a message stays readable.
fn short_key(key: String) -> String {
    const KEEP: usize = 60;
    let n = key.chars().count();
    if n <= 2 * KEEP + 1 {
        return key;
    }
    let head: String = key.chars().take(KEEP).collect();
    let tail: String = key.chars().skip(n - KEEP).collect();
    format!("{head}…{tail}")
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

fn strip_json_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// Reads serde's English message as the kind of problem it names, with the
/// nearest valid key to an unknown one.
fn explain(message: &str) -> InputErrorKind {
    let message = first_line(message);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<String> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s.to_string())
            .collect();
        let nearest = expected
            .iter()
            .map(|c| (strsim::damerau_levenshtein(field, c), c))
            .min()
            .filter(|(d, _)| *d <= field.chars().count().max(3) / 2 + 1)
            .map(|(_, c)| c.clone());
        return InputErrorKind::UnknownKey {
            key: field.to_string(),
            nearest,
            expected,
        };
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return InputErrorKind::DuplicateKey(field.to_string());
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return InputErrorKind::MissingKey(field.to_string());
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return InputErrorKind::WrongType {
            expected: expected.to_string(),
            found: found.to_string(),
        };
    }
    InputErrorKind::BadValue(message.to_string())
}

/// The place a byte span starts at.
fn span_start(source: &str, span: Option<std::ops::Range<usize>>) -> Option<Place> {
    span.map(|span| {
        let (line, column) = line_col(source, span.start);
        Place::Text { line, column }
    })
}

/// A byte offset as a 1-based line and column (in characters).
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let mut start = offset;
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let before = &source[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Maps key paths (`applications.new`, `applications.new[2]`) to 1-based
/// line and column in the source text: the text reader's [`Places`].
pub struct Locator<'a> {
    source: Cow<'a, str>,
    syntax: Syntax,
}

impl Places for Locator<'_> {
    fn of_key(&self, key: &str) -> Option<Place> {
        self.find(key)
    }

    /// The first place the text is written anywhere in the file: a
    /// placeholder usually stands once, and TOML keeps no span inside a
    /// string to search the key's own value by.
    fn of_text(&self, _key: &str, text: &str) -> Option<Place> {
        self.source.find(text).map(|offset| self.place(offset))
    }
}

impl<'a> Locator<'a> {
    pub fn new(source: Cow<'a, str>, syntax: Syntax) -> Self {
        Locator { source, syntax }
    }

    fn place(&self, offset: usize) -> Place {
        let (line, column) = line_col(&self.source, offset);
        Place::Text { line, column }
    }

    /// The place of the deepest key of `path` that can be found.
    pub fn find(&self, path: &str) -> Option<Place> {
        let keys: Vec<&str> = path
            .split('.')
            .map(|k| k.split('[').next().unwrap_or(k))
            .filter(|k| !k.is_empty())
            .collect();
        let offset = match self.syntax {
            Syntax::Toml => self.find_toml(&keys),
            Syntax::Json => self.find_json(&keys),
        };
        offset.map(|o| self.place(o))
    }

    fn find_toml(&self, keys: &[&str]) -> Option<usize> {
        let table = toml::de::DeTable::parse(&self.source).ok()?;
        let mut current = table.get_ref();
        let mut found = None;
        for (i, key) in keys.iter().enumerate() {
            let (k, v) = current.iter().find(|(k, _)| k.get_ref().as_ref() == *key)?;
            found = Some(if i + 1 == keys.len() {
                v.span().start
            } else {
                k.span().start
            });
            match v.get_ref() {
                toml::de::DeValue::Table(t) => current = t,
                _ => break,
            }
        }
        found
    }

    /// JSON carries no spans through serde, so follow the keys textually:
    /// each key is searched for after the previous one.
    fn find_json(&self, keys: &[&str]) -> Option<usize> {
        let mut from = 0;
        let mut found = None;
        for key in keys {
            let needle = format!("\"{key}\"");
            let at = self.source[from..].find(&needle)? + from;
            found = Some(at);
            from = at + needle.len();
        }
        found
    }
}
