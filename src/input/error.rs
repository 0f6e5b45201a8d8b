//! What can be wrong with a report file, and where.
//!
//! An error names its file, the place a reader found the problem at (a line
//! and column of a text file; a paragraph or table cell of an imported
//! document), the key path when it is known, and its cause as a kind. The
//! kinds print the Chinese a clerk reads.

use std::fmt;
use std::path::{Path, PathBuf};

use super::reader::{Place, Syntax};
use super::values::clip;
use crate::template::TemplateError;

/// A problem in the user's file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub file: PathBuf,
    /// Where the reader found it, when it can tell.
    pub place: Option<Place>,
    /// The key path, e.g. `applications.results.withheld.third_party`.
    pub key: Option<String>,
    /// Boxed: an error travels in every `Result` of the reader, and the
    /// kinds with a list of keys would make each of them large.
    pub kind: Box<InputErrorKind>,
}

impl InputError {
    /// An error about the whole file.
    pub fn new(file: &Path, kind: InputErrorKind) -> InputError {
        InputError {
            file: file.to_path_buf(),
            place: None,
            key: None,
            kind: Box::new(kind),
        }
    }

    pub fn at(self, place: Option<Place>) -> InputError {
        InputError { place, ..self }
    }

    pub fn with_key(self, key: Option<String>) -> InputError {
        InputError { key, ..self }
    }

    /// The 1-based line, for an error in a text file.
    pub fn line(&self) -> Option<usize> {
        match self.place {
            Some(Place::Text { line, .. }) => Some(line),
            _ => None,
        }
    }

    /// The 1-based column (in characters), for an error in a text file.
    pub fn column(&self) -> Option<usize> {
        match self.place {
            Some(Place::Text { column, .. }) => Some(column),
            _ => None,
        }
    }

    /// What is wrong, in Chinese, without the file and place.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(place) = &self.place {
            write!(f, ":{place}")?;
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        write!(f, "{}", self.kind)
    }
}

/// Why a report file cannot be read. Reading the file, parsing its syntax
/// and resolving it against the template each add their own causes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputErrorKind {
    // ---- reading the file ----
    #[error("无法读取文件：{0}")]
    Unreadable(String),
    #[error("这是一个文件夹，不是报告文件")]
    Folder,
    /// A device or pipe would never end or never arrive.
    #[error("这不是普通文件（是设备、管道或套接字），无法作为报告读取")]
    NotRegularFile,
    #[error("文件有 {bytes} 字节，超过上限 {limit} 字节")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("文件是 UTF-16 编码的，不是 UTF-8（请以 UTF-8 保存）")]
    Utf16,
    #[error("文件在一个字符的中间结束：文件可能被截断（或不是 UTF-8 编码）")]
    CutCharacter,
    #[error("文件不是 UTF-8 编码的文本（请以 UTF-8 保存）")]
    NotUtf8,

    // ---- reading a document (DOCX or a web page) ----
    #[error("无法识别的文件格式（既不是 .toml/.json 报告，也不是 Word 文档 .docx 或网页 .html）")]
    UnknownFormat,
    #[error("这是旧版 Word（.doc）或 WPS（.wps）的二进制文件，无法直接读取。请在 Word 或 WPS 中打开，选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再读取另存的 .docx 文件；装有 LibreOffice 时也可加 --convert 自动转换")]
    LegacyBinary,
    #[error("文件设置了打开密码（已加密），无法读取。请在 Word 或 WPS 中打开，取消密码（“文件 → 信息 → 保护文档 → 用密码进行加密”，清空密码）后另存为 .docx")]
    Encrypted,
    /// A zip that holds no Word document: what it is instead.
    #[error("不是 Word 文档：{0}")]
    NotDocx(String),
    #[error("文档已损坏，无法解压：{0}")]
    BadZip(String),
    /// Decompression stops at the limit, so a zip bomb costs at most that.
    #[error("{part} 解压后超过 {limit} 字节（压缩炸弹或损坏的文档），已停止读取")]
    PartTooLarge { part: String, limit: u64 },
    #[error("压缩包内有 {entries} 个文件，超过上限 {limit}（不像是 Word 文档）")]
    TooManyEntries { entries: usize, limit: usize },
    #[error("{part} 不是有效的 XML（文档已损坏）：{message}")]
    BadXml { part: String, message: String },
    #[error("第 {table} 张表太大（{slots} 个单元格），不像是年度报告的表格")]
    TableTooLarge { table: usize, slots: usize },
    #[error("表格嵌套超过 {0} 层，已停止读取")]
    TablesTooDeep(usize),
    #[error("文档中没有表格。年度报告的第二、三、四部分各有一张统计表；这个网页可能只是报告的目录或附件下载页，请打开报告正文所在的页面再保存")]
    NoTables,
    /// The document was read but the report could not be assembled: every
    /// problem with its place, one a line.
    #[error("无法导入，{} 个问题：\n{}", .0.len(), .0.join("\n"))]
    Unplaceable(Vec<String>),
    #[error("要用 --convert 转换旧版文档，须先安装 LibreOffice（未找到 soffice 或 libreoffice 命令）；也可以在 Word 或 WPS 中另存为 .docx")]
    ConverterMissing,
    #[error("LibreOffice 未能把文件转换为 .docx：{0}")]
    ConversionFailed(String),

    // ---- its syntax and the contract's tree ----
    #[error("文件为空：至少需要 [report] 的 agency 和 year")]
    Empty,
    /// A control character neither syntax allows raw.
    #[error("含有控制字符 U+{:04X}（不可见字符），请删除", *.0 as u32)]
    RawControlCharacter(char),
    /// `detail` is the parser's complaint, in Chinese where it is known,
    /// with the parser's own words in brackets.
    #[error("{} 语法错误：{detail}", syntax_name(*.syntax))]
    Syntax { syntax: Syntax, detail: String },
    #[error("JSON 文档结束后还有多余内容")]
    TrailingContent,
    #[error("{}", unknown_key(.key, .nearest.as_deref(), .expected))]
    UnknownKey {
        key: String,
        /// The valid key nearest to the one written, when one is near.
        nearest: Option<String>,
        expected: Vec<String>,
    },
    #[error("键“{}”写了两次", clip(.0))]
    DuplicateKey(String),
    #[error("缺少必填的键“{0}”")]
    MissingKey(String),
    /// `expected` as serde names it (`a sequence`), `found` as it prints it.
    #[error("类型错误：这里应为{}，实际是 {found}", expected_zh(.expected))]
    WrongType { expected: String, found: String },
    /// A value its own type refused (a negative count, a fee with a comma),
    /// with that type's reason.
    #[error("{0}")]
    BadValue(String),

    // ---- resolving it against the template ----
    #[error(transparent)]
    Template(TemplateError),
    #[error("模板的章节“{0}”在输入格式中没有对应的键")]
    SectionNotInContract(String),
    #[error("模板要求的项“{0}”在输入格式中没有对应的键")]
    FigureNotInContract(String),
    #[error("模板中没有这一项")]
    FigureNotInTemplate,
    #[error("模板中这一项不是金额")]
    NotADecimal,
    #[error("模板中这一项不是一行数")]
    NotARow,
    #[error("发文机关（agency）不能为空")]
    EmptyAgency,
    #[error("年份应在 1949 到 2999 之间，而不是 {0}")]
    YearOutOfRange(u64),
    #[error("标题不能为空")]
    EmptyTitle,
    #[error("日期应写作 \"YYYY-MM-DD\"（如 \"2023-01-18\"），而不是 \"{}\"", clip(.0))]
    DateFormat(String),
    #[error("日期的月份不存在：\"{}\"", clip(.0))]
    NoSuchMonth(String),
    #[error("日期的日不存在：\"{}\"", clip(.0))]
    NoSuchDay(String),
    /// In a one-line text: the agency, title, signature or a heading.
    #[error("含有控制字符 U+{:04X}，请删除", *.0 as u32)]
    ControlCharacter(char),
    #[error("超过 {0} 个字符的上限")]
    LineTooLong(usize),
    #[error("小标题（heading）不能为空")]
    EmptyHeading,
    /// A row of the wrong length: the labels of the columns it must give,
    /// and of the total it may add.
    #[error("{}", row_length(.columns, .total.as_deref(), *.given))]
    RowLength {
        columns: Vec<String>,
        total: Option<String>,
        given: usize,
    },
    #[error("这一行的合计超出可计算的范围（最大 {}）", u64::MAX)]
    RowTotalOverflow,
    /// A row computed from others (（七）总计) whose sum overflows.
    #[error("计算 {0} 时合计超出可计算的范围（最大 {max}）", max = u64::MAX)]
    ComputedTotalOverflow(String),
    #[error(
        "未知的占位符 {{{{{}}}}}；可用的如 {{{{applications.new.total}}}}、{{{{proactive.normative_documents.in_force}}}}",
        clip(.0)
    )]
    UnknownPlaceholder(String),
    /// `{{` without `}}`: the text after it.
    #[error(
        "占位符 {{{{{}… 缺少结尾的 }}}}（应写作 {{{{applications.new.total}}}}）",
        clip(.0)
    )]
    UnclosedPlaceholder(String),
    #[error("正文含有控制字符 U+{:04X}，请删除", *.0 as u32)]
    ControlCharacterInText(char),
    #[error("一个段落有 {chars} 个字符，超过上限 {limit} 个")]
    ParagraphTooLong { chars: usize, limit: usize },
    #[error("小标题最多 {0} 层（（一）、1.、（1）），这里更深")]
    PartsTooDeep(usize),
}

fn syntax_name(syntax: Syntax) -> &'static str {
    match syntax {
        Syntax::Toml => "TOML",
        Syntax::Json => "JSON",
    }
}

fn unknown_key(key: &str, nearest: Option<&str>, expected: &[String]) -> String {
    let shown = clip(key);
    let list = expected.join("、");
    match nearest {
        Some(c) => format!("未知的键“{shown}”，您是否想写“{c}”？（可用的键：{list}）"),
        None if expected.is_empty() => format!("未知的键“{shown}”：此处不接受任何键"),
        None => format!("未知的键“{shown}”（可用的键：{list}）"),
    }
}

fn expected_zh(expected: &str) -> String {
    match expected {
        "a string" => "字符串".into(),
        "a sequence" => "数组（如 [1, 0, 0, 0, 0, 0]）".into(),
        e if e.starts_with("struct ") => "表（table）".into(),
        e => e.to_string(),
    }
}

fn row_length(columns: &[String], total: Option<&str>, given: usize) -> String {
    let parts = columns.len();
    let labels = columns.join("、");
    match total {
        None => format!("应有 {parts} 个数（{labels}），这里有 {given} 个"),
        Some(total) => format!(
            "应有 {parts} 个数（{labels}）或 {} 个数（再加{total}），这里有 {given} 个",
            parts + 1
        ),
    }
}
