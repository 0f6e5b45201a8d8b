//! Reading a report file: the input contract (`shared/docs/input-format.md`)
//! as serde types, and errors that say where the problem is.
//!
//! TOML and JSON share one tree; the file's extension chooses the syntax.
//! These types hold exactly what the user wrote. Numbers that must add up,
//! row lengths and placeholders are resolved into the model afterwards.

mod locate;
pub mod schema;
pub mod skeleton;
mod values;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use locate::Locator;
pub use values::{Count, DateText, Fee};

/// The syntax of a report file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Json,
}

impl Syntax {
    /// `.json` is JSON; anything else is read as TOML, the primary syntax.
    pub fn from_path(path: &Path) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Syntax::Json,
            _ => Syntax::Toml,
        }
    }
}

/// A problem in the user's file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub file: PathBuf,
    /// 1-based line and column, when the place is known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The key path, e.g. `applications.results.withheld.third_party`.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Parses a report file's text into the input types.
pub fn parse(file: &Path, source: &str) -> Result<RawReport, InputError> {
    let syntax = Syntax::from_path(file);
    let fail = |line, column, key: Option<String>, message: String| InputError {
        file: file.to_path_buf(),
        line,
        column,
        // serde_path_to_error writes `?` for a key it never got to read.
        key: key
            .map(|k| {
                let mut k = k.as_str();
                while let Some(rest) = k.strip_suffix(".?").or_else(|| k.strip_suffix('?')) {
                    k = rest;
                }
                k.to_string()
            })
            .filter(|k| !k.is_empty() && k != ".")
            .map(short_key),
        message,
    };
    if source.trim().is_empty() {
        return Err(fail(
            None,
            None,
            None,
            "文件为空：至少需要 [report] 的 agency 和 year".into(),
        ));
    }
    // Neither syntax allows these raw; found here, they are named as what
    // they are instead of as the parser's puzzled complaint about a string.
    if let Some((offset, c)) = source.char_indices().find(|(_, c)| forbidden_control(*c)) {
        let (line, column) = line_col(source, offset);
        return Err(fail(
            Some(line),
            Some(column),
            None,
            format!("含有控制字符 U+{:04X}（不可见字符），请删除", c as u32),
        ));
    }
    match syntax {
        Syntax::Toml => {
            let de = toml::Deserializer::parse(source).map_err(|e| {
                let (line, col) = span_start(source, e.span());
                fail(
                    line,
                    col,
                    None,
                    format!("TOML 语法错误：{}", syntax_zh(first_line(e.message()))),
                )
            })?;
            serde_path_to_error::deserialize(de).map_err(|e| {
                let key = e.path().to_string();
                let inner = e.into_inner();
                let (mut line, mut col) = span_start(source, inner.span());
                if line.is_none() {
                    (line, col) = Locator::new(source, syntax).find(&key);
                }
                fail(line, col, Some(key), explain(inner.message()))
            })
        }
        Syntax::Json => {
            let mut de = serde_json::Deserializer::from_str(source);
            let result: Result<RawReport, _> = serde_path_to_error::deserialize(&mut de);
            let report = result.map_err(|e| {
                let key = e.path().to_string();
                let inner = e.into_inner();
                let message = if inner.is_syntax() || inner.is_eof() {
                    format!(
                        "JSON 语法错误：{}",
                        syntax_zh(&strip_json_position(&inner.to_string()))
                    )
                } else {
                    explain(&strip_json_position(&inner.to_string()))
                };
                fail(Some(inner.line()), Some(inner.column()), Some(key), message)
            })?;
            de.end().map_err(|e| {
                fail(
                    Some(e.line()),
                    Some(e.column()),
                    None,
                    "JSON 文档结束后还有多余内容".into(),
                )
            })?;
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

/// A value of the user's quoted back in a message, cut to 40 characters so
/// a 4 MiB string does not become a 4 MiB message.
pub(crate) fn clip(text: &str) -> String {
    const KEEP: usize = 40;
    if text.chars().count() <= KEEP {
        return text.to_string();
    }
    let head: String = text.chars().take(KEEP).collect();
    format!("{head}…")
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

/// Turns serde's English messages into the Chinese ones a clerk reads, and
/// adds the nearest valid key to an unknown one.
fn explain(message: &str) -> String {
    let message = first_line(message);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let shown = clip(field);
        let candidates: Vec<&str> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        let nearest = candidates
            .iter()
            .map(|c| (strsim::damerau_levenshtein(field, c), *c))
            .min();
        let list = candidates.join("、");
        return match nearest {
            Some((d, c)) if d <= field.chars().count().max(3) / 2 + 1 => {
                format!("未知的键“{shown}”，您是否想写“{c}”？（可用的键：{list}）")
            }
            _ if candidates.is_empty() => format!("未知的键“{shown}”：此处不接受任何键"),
            _ => format!("未知的键“{shown}”（可用的键：{list}）"),
        };
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("键“{}”写了两次", clip(field));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("缺少必填的键“{field}”");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "类型错误：这里应为{}，实际是 {found}",
            expected_zh(expected)
        );
    }
    message.to_string()
}

fn expected_zh(expected: &str) -> String {
    match expected {
        "a string" => "字符串".into(),
        "a sequence" => "数组（如 [1, 0, 0, 0, 0, 0]）".into(),
        e if e.starts_with("struct ") => "表（table）".into(),
        e => e.to_string(),
    }
}

/// Converts a byte span into a 1-based line and column (in characters).
pub(crate) fn span_start(
    source: &str,
    span: Option<std::ops::Range<usize>>,
) -> (Option<usize>, Option<usize>) {
    match span {
        Some(span) => {
            let (line, col) = line_col(source, span.start);
            (Some(line), Some(col))
        }
        None => (None, None),
    }
}

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

// ---- the contract's tree ----

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReport {
    pub template: Option<String>,
    pub report: RawMeta,
    #[serde(default)]
    pub overview: RawProse,
    #[serde(default)]
    pub proactive: RawProactive,
    #[serde(default)]
    pub applications: RawApplications,
    #[serde(default)]
    pub appeals: RawAppeals,
    #[serde(default)]
    pub problems: RawProse,
    #[serde(default)]
    pub other: RawProse,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub agency: String,
    pub year: Count,
    pub title: Option<String>,
    pub signature: Option<String>,
    pub date: Option<DateText>,
}

/// Lead paragraphs and numbered sub-parts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProse {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    pub heading: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
}

pub type RawRow = Vec<Count>;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProactive {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
    pub rules: Option<RawStock>,
    pub normative_documents: Option<RawStock>,
    pub licensing: Option<Count>,
    pub penalty: Option<Count>,
    pub enforcement: Option<Count>,
    pub fees: Option<Fee>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStock {
    pub issued: Option<Count>,
    pub repealed: Option<Count>,
    pub in_force: Option<Count>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApplications {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
    pub new: Option<RawRow>,
    pub carried_in: Option<RawRow>,
    pub carried_out: Option<RawRow>,
    #[serde(default)]
    pub results: RawResults,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResults {
    pub disclosed: Option<RawRow>,
    pub partly_disclosed: Option<RawRow>,
    pub total: Option<RawRow>,
    #[serde(default)]
    pub withheld: RawWithheld,
    #[serde(default)]
    pub unable: RawUnable,
    #[serde(default)]
    pub not_processed: RawNotProcessed,
    #[serde(default)]
    pub other: RawOther,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWithheld {
    pub state_secret: Option<RawRow>,
    pub prohibited_by_law: Option<RawRow>,
    pub security_stability: Option<RawRow>,
    pub third_party: Option<RawRow>,
    pub internal_affairs: Option<RawRow>,
    pub process_info: Option<RawRow>,
    pub enforcement_files: Option<RawRow>,
    pub query_matters: Option<RawRow>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnable {
    pub not_held: Option<RawRow>,
    pub needs_creation: Option<RawRow>,
    pub still_unclear: Option<RawRow>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNotProcessed {
    pub petition: Option<RawRow>,
    pub duplicate: Option<RawRow>,
    pub publication: Option<RawRow>,
    pub mass_repeated: Option<RawRow>,
    pub confirm_or_reissue: Option<RawRow>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOther {
    pub no_correction: Option<RawRow>,
    pub fee_unpaid: Option<RawRow>,
    pub other: Option<RawRow>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAppeals {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parts: Vec<RawPart>,
    pub review: Option<RawRow>,
    pub suit_direct: Option<RawRow>,
    pub suit_after_review: Option<RawRow>,
}

/// One figure as the user wrote it, with its key path.
#[derive(Debug, Clone)]
pub enum RawFigure<'a> {
    Row(Option<&'a RawRow>),
    Count(Option<Count>),
    Fee(Option<&'a Fee>),
}

impl RawReport {
    /// Every figure of the contract by key path. The model checks this list
    /// against the template, so a template and this tree cannot drift apart
    /// unnoticed.
    pub fn figures(&self) -> Vec<(&'static str, RawFigure<'_>)> {
        use RawFigure::{Count as C, Fee as F, Row as R};
        let p = &self.proactive;
        let a = &self.applications;
        let r = &a.results;
        let (w, u, n, o) = (&r.withheld, &r.unable, &r.not_processed, &r.other);
        let ap = &self.appeals;
        vec![
            ("proactive.licensing", C(p.licensing)),
            ("proactive.penalty", C(p.penalty)),
            ("proactive.enforcement", C(p.enforcement)),
            ("proactive.fees", F(p.fees.as_ref())),
            ("applications.new", R(a.new.as_ref())),
            ("applications.carried_in", R(a.carried_in.as_ref())),
            ("applications.carried_out", R(a.carried_out.as_ref())),
            ("applications.results.disclosed", R(r.disclosed.as_ref())),
            (
                "applications.results.partly_disclosed",
                R(r.partly_disclosed.as_ref()),
            ),
            ("applications.results.total", R(r.total.as_ref())),
            (
                "applications.results.withheld.state_secret",
                R(w.state_secret.as_ref()),
            ),
            (
                "applications.results.withheld.prohibited_by_law",
                R(w.prohibited_by_law.as_ref()),
            ),
            (
                "applications.results.withheld.security_stability",
                R(w.security_stability.as_ref()),
            ),
            (
                "applications.results.withheld.third_party",
                R(w.third_party.as_ref()),
            ),
            (
                "applications.results.withheld.internal_affairs",
                R(w.internal_affairs.as_ref()),
            ),
            (
                "applications.results.withheld.process_info",
                R(w.process_info.as_ref()),
            ),
            (
                "applications.results.withheld.enforcement_files",
                R(w.enforcement_files.as_ref()),
            ),
            (
                "applications.results.withheld.query_matters",
                R(w.query_matters.as_ref()),
            ),
            (
                "applications.results.unable.not_held",
                R(u.not_held.as_ref()),
            ),
            (
                "applications.results.unable.needs_creation",
                R(u.needs_creation.as_ref()),
            ),
            (
                "applications.results.unable.still_unclear",
                R(u.still_unclear.as_ref()),
            ),
            (
                "applications.results.not_processed.petition",
                R(n.petition.as_ref()),
            ),
            (
                "applications.results.not_processed.duplicate",
                R(n.duplicate.as_ref()),
            ),
            (
                "applications.results.not_processed.publication",
                R(n.publication.as_ref()),
            ),
            (
                "applications.results.not_processed.mass_repeated",
                R(n.mass_repeated.as_ref()),
            ),
            (
                "applications.results.not_processed.confirm_or_reissue",
                R(n.confirm_or_reissue.as_ref()),
            ),
            (
                "applications.results.other.no_correction",
                R(o.no_correction.as_ref()),
            ),
            (
                "applications.results.other.fee_unpaid",
                R(o.fee_unpaid.as_ref()),
            ),
            ("applications.results.other.other", R(o.other.as_ref())),
            ("appeals.review", R(ap.review.as_ref())),
            ("appeals.suit_direct", R(ap.suit_direct.as_ref())),
            (
                "appeals.suit_after_review",
                R(ap.suit_after_review.as_ref()),
            ),
        ]
    }

    /// The 规章 / 行政规范性文件 rows: issued, repealed, in force.
    pub fn stock_figures(&self) -> [(&'static str, Option<&RawStock>); 2] {
        [
            ("proactive.rules", self.proactive.rules.as_ref()),
            (
                "proactive.normative_documents",
                self.proactive.normative_documents.as_ref(),
            ),
        ]
    }
}
