//! The text reader: a report written as TOML or JSON. Both syntaxes share
//! the contract's one tree; serde's English complaints become Chinese kinds
//! with the line and column they point at, and [`Locator`] finds a key's
//! line and column for problems found after parsing (a row of the wrong
//! length, a total that overflows). A file that cannot be read is read on
//! to name all its errors at once (`ime` for input-method slips, `repair`
//! for the contract's refusals).

use std::borrow::Cow;
use std::path::Path;

use super::error::{in_file_order, InputError, InputErrorKind};
use super::explain::{explain, first_line, short_key, strip_json_position, syntax_zh};
use super::ime;
use super::locator::Locator;
use super::place::{line_col, Place, Syntax};
use super::raw::RawReport;
use super::reader::{Parsed, Refused};
use super::repair;

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

/// Reads a report from its text; `file` names it in errors. The first
/// error only: see [`read_all`] for every one.
pub fn read<'a>(
    file: &Path,
    source: Cow<'a, str>,
    syntax: Syntax,
) -> Result<Parsed<'a>, InputError> {
    read_all(file, source, syntax).map_err(Refused::into_first)
}

/// Reads a report from its text, and when it cannot, finds every error the
/// file has, in line order: each typing slip of an input method; every
/// syntax error (the TOML parser recovers and goes on; JSON's stops at its
/// first); else every key, type and value the contract refuses. A byte
/// order mark is dropped, as editors on Windows write one.
pub fn read_all<'a>(
    file: &Path,
    source: Cow<'a, str>,
    syntax: Syntax,
) -> Result<Parsed<'a>, Refused<'a>> {
    let source = match source {
        Cow::Borrowed(s) => Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s)),
        Cow::Owned(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..'\u{feff}'.len_utf8());
            }
            Cow::Owned(s)
        }
    };
    let refuse = |errors: Vec<InputError>| Refused {
        errors,
        fixed: None,
    };
    if source.trim().is_empty() {
        return Err(refuse(vec![InputError::new(file, InputErrorKind::Empty)]));
    }
    // Neither syntax allows these raw; found here, they are named as what
    // they are instead of as the parser's puzzled complaint about a string.
    let controls = control_characters(file, &source);
    if !controls.is_empty() {
        return Err(refuse(controls));
    }
    let (source, slips) = match ime::scan(&source, syntax) {
        None => (source, Vec::new()),
        Some((slips, fixed)) => {
            let errors = slips
                .into_iter()
                .map(|slip| {
                    let place = Place::Text {
                        line: slip.line,
                        column: slip.column,
                    };
                    InputError::new(file, InputErrorKind::Slip(slip)).at(Some(place))
                })
                .collect();
            (Cow::Owned(fixed), errors)
        }
    };
    match parse_all(file, &source, syntax) {
        Ok(report) => {
            let parsed = Parsed {
                file: file.to_path_buf(),
                report,
                places: Box::new(Locator::new(source, syntax)),
                notes: Vec::new(),
            };
            if slips.is_empty() {
                Ok(parsed)
            } else {
                Err(Refused {
                    errors: slips,
                    fixed: Some(Box::new(parsed)),
                })
            }
        }
        Err(mut errors) => {
            errors.extend(slips);
            in_file_order(&mut errors);
            Err(refuse(errors))
        }
    }
}

/// Reads a small TOML file that is not a report (a font map) into `T`, or
/// says in Chinese, with line and column, what is wrong: every
/// input-method slip, else the parser's or serde's complaint.
pub fn read_toml<T: serde::de::DeserializeOwned>(source: &str) -> Result<T, String> {
    let at = |line: usize, column: usize| format!("第 {line} 行第 {column} 列：");
    if let Some((slips, _)) = ime::scan(source, Syntax::Toml) {
        let lines: Vec<String> = slips
            .iter()
            .map(|s| format!("{}{s}", at(s.line, s.column)))
            .collect();
        return Err(lines.join("\n"));
    }
    toml::from_str(source).map_err(|e| {
        let place = e
            .span()
            .map(|span| {
                let (line, column) = line_col(source, span.start);
                at(line, column)
            })
            .unwrap_or_default();
        let message = first_line(e.message());
        let kind = explain(message);
        let said = match kind {
            InputErrorKind::BadValue(_) => InputErrorKind::Syntax {
                syntax: Syntax::Toml,
                detail: syntax_zh(message),
            }
            .to_string(),
            known => known.to_string(),
        };
        format!("{place}{said}")
    })
}

/// The raw control characters of a text, the first of each line.
fn control_characters(file: &Path, source: &str) -> Vec<InputError> {
    let mut errors: Vec<InputError> = Vec::new();
    for (offset, c) in source.char_indices().filter(|(_, c)| forbidden_control(*c)) {
        let (line, column) = line_col(source, offset);
        if errors.last().and_then(InputError::line) == Some(line) {
            continue;
        }
        errors.push(
            InputError::new(file, InputErrorKind::RawControlCharacter(c))
                .at(Some(Place::Text { line, column })),
        );
    }
    errors
}

/// Parses a report's text into the contract's tree, or names every error.
fn parse_all(file: &Path, source: &str, syntax: Syntax) -> Result<RawReport, Vec<InputError>> {
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
    let syntax_error = |detail: &str| InputErrorKind::Syntax {
        syntax,
        detail: syntax_zh(detail),
    };
    let locator = Locator::new(Cow::Borrowed(source), syntax);
    match syntax {
        Syntax::Toml => {
            // The whole file reads in one pass when it is right, as it
            // mostly is; only a wrong one is read again to find the rest.
            if let Ok(report) = toml::Deserializer::parse(source)
                .map_err(drop)
                .and_then(|de| serde_path_to_error::deserialize(de).map_err(drop))
            {
                return Ok(report);
            }
            let (root, errors) = toml::de::DeTable::parse_recoverable(source);
            if !errors.is_empty() {
                return Err(errors
                    .iter()
                    .map(|e| {
                        fail(
                            span_start(source, e.span()),
                            None,
                            syntax_error(first_line(e.message())),
                        )
                    })
                    .collect());
            }
            Err(repair::all_errors(root, |found| {
                let kind = explain(&found.message);
                let place = span_start(source, found.span.clone()).or_else(|| {
                    if matches!(kind, InputErrorKind::UnknownKey { .. }) {
                        locator.find_key(&found.path)
                    } else {
                        locator.find(&found.path)
                    }
                });
                (fail(place, Some(found.path.clone()), kind.clone()), kind)
            }))
        }
        Syntax::Json => {
            let json_place = |e: &serde_json::Error| {
                Some(Place::Text {
                    line: e.line(),
                    column: e.column(),
                })
            };
            let mut de = serde_json::Deserializer::from_str(source);
            let first = match serde_path_to_error::deserialize(&mut de) {
                Ok(report) => {
                    return match de.end() {
                        Ok(()) => Ok(report),
                        Err(e) => Err(vec![fail(
                            json_place(&e),
                            None,
                            InputErrorKind::TrailingContent,
                        )]),
                    }
                }
                Err(e) => e,
            };
            let key = first.path().to_string();
            let inner = first.into_inner();
            let message = strip_json_position(&inner.to_string());
            if inner.is_syntax() || inner.is_eof() {
                return Err(vec![fail(
                    json_place(&inner),
                    Some(key),
                    syntax_error(&message),
                )]);
            }
            let first = fail(json_place(&inner), Some(key), explain(&message));
            // The rest, read from the parsed tree. A duplicate key, which
            // only reading the text itself finds, stays the first error.
            let mut errors = match serde_json::from_str::<serde_json::Value>(source) {
                Ok(value) => repair::all_errors(value, |found| {
                    let kind = explain(&strip_json_position(&found.message));
                    let place = locator.find(&found.path);
                    (fail(place, Some(found.path.clone()), kind.clone()), kind)
                }),
                Err(e) => {
                    let message = strip_json_position(&e.to_string());
                    vec![fail(json_place(&e), None, syntax_error(&message))]
                }
            };
            if !errors
                .iter()
                .any(|e| e.key == first.key && e.kind == first.kind)
            {
                errors.insert(0, first);
            }
            Err(errors)
        }
    }
}

/// C0 controls other than tab, line feed and carriage return, and DEL.
fn forbidden_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// The place a byte span starts at.
fn span_start(source: &str, span: Option<std::ops::Range<usize>>) -> Option<Place> {
    span.map(|span| {
        let (line, column) = line_col(source, span.start);
        Place::Text { line, column }
    })
}
