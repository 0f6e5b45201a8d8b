//! Serde's and the parsers' English complaints, read as the Chinese kinds
//! of [`InputErrorKind`].

use super::error::InputErrorKind;

/// The parser messages a hostile or damaged file produces, in Chinese; the
/// parser's own words follow in brackets so nothing is lost.
pub(super) fn syntax_zh(message: &str) -> String {
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
pub(super) fn short_key(key: String) -> String {
    const KEEP: usize = 60;
    let n = key.chars().count();
    if n <= 2 * KEEP + 1 {
        return key;
    }
    let head: String = key.chars().take(KEEP).collect();
    let tail: String = key.chars().skip(n - KEEP).collect();
    format!("{head}…{tail}")
}

pub(super) fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

pub(super) fn strip_json_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// Reads serde's English message as the kind of problem it names, with the
/// nearest valid key to an unknown one.
pub(super) fn explain(message: &str) -> InputErrorKind {
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
