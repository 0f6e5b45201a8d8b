//! What can be wrong with a report file, and where.
//!
//! An error names its file, the place a reader found the problem at (a line
//! and column of a text file; a paragraph or table cell of an imported
//! document), the key path when it is known, and its cause as a kind. The
//! kinds print the Chinese a clerk reads.

use std::fmt;
use std::path::{Path, PathBuf};

use super::ime::Slip;
use super::place::{Place, Syntax};
use super::values::clip;
use crate::template::TemplateError;

/// A problem in the user's file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    /// The file the error is in, as the user named it.
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

    /// The same error, placed where the reader found it.
    pub fn at(self, place: Option<Place>) -> InputError {
        InputError { place, ..self }
    }

    /// The same error, about the value at a key path.
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

    /// The order errors of one file are told in: as they stand in the file,
    /// errors about the whole file first.
    pub fn file_order(&self) -> (usize, usize, usize, usize) {
        match self.place {
            None => (0, 0, 0, 0),
            Some(Place::Text { line, column }) => (1, line, column, 0),
            Some(Place::Paragraph { index }) => (1, index, 0, 0),
            Some(Place::Cell { table, row, column }) => (2, table, row, column),
        }
    }
}

/// Sorts the errors of one file into [`InputError::file_order`], keeping
/// the order they were found in among errors at the same place.
pub fn in_file_order(errors: &mut [InputError]) {
    errors.sort_by_key(InputError::file_order);
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
    /// Reading failed for another reason of the system's (a disk error, a
    /// file that is locked): the system's message.
    #[error("无法读取文件：{0}")]
    Unreadable(String),
    /// The path names nothing: the path as given.
    #[error("找不到文件：{0}")]
    NotFound(String),
    /// The file exists but the user may not read it: the path as given.
    #[error("没有读取权限：{0}（请检查文件的权限）")]
    NoPermission(String),
    /// The path names a folder, not a report file.
    #[error("这是一个文件夹，不是报告文件")]
    Folder,
    /// A device or pipe would never end or never arrive.
    #[error("这不是普通文件（是设备、管道或套接字），无法作为报告读取")]
    NotRegularFile,
    /// The file is larger than any report can be (a wrong file, or one
    /// that would take the tool too long to read).
    #[error("文件有 {bytes} 字节，超过上限 {limit} 字节")]
    TooLarge {
        /// The file's size.
        bytes: u64,
        /// The limit for this kind of file (text, web page, document).
        limit: u64,
    },
    /// The file starts with a UTF-16 byte order mark (Notepad's
    /// “Unicode”): it must be saved again as UTF-8.
    #[error("文件是 UTF-16 编码的，不是 UTF-8（请以 UTF-8 保存）")]
    Utf16,
    /// The file ends in the middle of a UTF-8 character: most likely cut
    /// off while copying.
    #[error("文件在一个字符的中间结束：文件可能被截断（或不是 UTF-8 编码）")]
    CutCharacter,
    /// The text has bytes that are not UTF-8 (usually a GBK file from an
    /// older editor); the place is the first of them.
    #[error("文件不是 UTF-8 编码的文本（请以 UTF-8 保存）")]
    NotUtf8,

    // ---- reading a document (DOCX or a web page) ----
    /// The file is neither a `.toml`/`.json` report nor a document the
    /// importer reads (`.docx`, `.html`), e.g. a PDF.
    #[error("无法识别的文件格式（既不是 .toml/.json 报告，也不是 Word 文档 .docx 或网页 .html）")]
    UnknownFormat,
    /// A legacy binary `.doc`, `.wps` or RTF file: it must be saved again as
    /// `.docx`, or converted with `--convert`.
    #[error("这是旧版 Word（.doc）或 WPS（.wps）的二进制文件，无法直接读取。请在 Word 或 WPS 中打开，选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再读取另存的 .docx 文件；装有 LibreOffice 时也可加 --convert 自动转换")]
    LegacyBinary,
    /// `gongwen fix` rewrites only the text contract files it can edit
    /// byte for byte: what the file is instead.
    #[error("是{0}，不是 .toml/.json 报告文件：gongwen fix 只改写 TOML/JSON 报告，不改文档；可先用 gongwen import 转为 .toml，再对 .toml 文件运行 gongwen fix")]
    NotFixable(&'static str),
    /// A Word document with an opening password: its content is encrypted.
    #[error("文件设置了打开密码（已加密），无法读取。请在 Word 或 WPS 中打开，取消密码（“文件 → 信息 → 保护文档 → 用密码进行加密”，清空密码）后另存为 .docx")]
    Encrypted,
    /// A zip that holds no Word document: what it is instead.
    #[error("不是 Word 文档：{0}")]
    NotDocx(String),
    /// A `.docx` whose zip cannot be opened or read: the zip reader's complaint.
    #[error("文档已损坏，无法解压：{0}")]
    BadZip(String),
    /// Decompression stops at the limit, so a zip bomb costs at most that.
    #[error("{part} 解压后超过 {limit} 字节（压缩炸弹或损坏的文档），已停止读取")]
    PartTooLarge {
        /// The part's name in the zip, e.g. `word/document.xml`.
        part: String,
        /// The most bytes unpacked of one part.
        limit: u64,
    },
    /// A zip with more entries than any Word document has (not a report, or
    /// built to hang the reader).
    #[error("压缩包内有 {entries} 个文件，超过上限 {limit}（不像是 Word 文档）")]
    TooManyEntries {
        /// How many entries the zip lists.
        entries: usize,
        /// The most entries read.
        limit: usize,
    },
    /// A part of the document is not well-formed XML.
    #[error("{part} 不是有效的 XML（文档已损坏）：{message}")]
    BadXml {
        /// The part's name in the zip, e.g. `word/document.xml`.
        part: String,
        /// The XML parser's complaint.
        message: String,
    },
    /// A table has more cells than any table of the report could have, so
    /// reading its grid is refused.
    #[error("第 {table} 张表太大（{slots} 个单元格），不像是年度报告的表格")]
    TableTooLarge {
        /// The table, counted from 1 in document order.
        table: usize,
        /// How many cells its grid would have.
        slots: usize,
    },
    /// Tables nest more levels deep than the limit given: a page built to
    /// hang the reader, or not a report.
    #[error("表格嵌套超过 {0} 层，已停止读取")]
    TablesTooDeep(usize),
    /// A document without any table: most often a portal's index or
    /// attachment page saved instead of the report itself.
    #[error("文档中没有表格。年度报告的第二、三、四部分各有一张统计表；这个网页可能只是报告的目录或附件下载页，请打开报告正文所在的页面再保存")]
    NoTables,
    /// The document was read but the report could not be assembled: every
    /// problem with its place, one a line.
    #[error("无法导入，{} 个问题：\n{}", .0.len(), .0.join("\n"))]
    Unplaceable(Vec<String>),
    /// `--convert` was asked for but LibreOffice is not installed.
    #[error("要用 --convert 转换旧版文档，须先安装 LibreOffice（未找到 soffice 或 libreoffice 命令）；也可以在 Word 或 WPS 中另存为 .docx")]
    ConverterMissing,
    /// LibreOffice ran but gave no `.docx`: its complaint.
    #[error("LibreOffice 未能把文件转换为 .docx：{0}")]
    ConversionFailed(String),

    // ---- its syntax and the contract's tree ----
    /// The file is empty or only blanks: there is no `[report]` at all.
    #[error("文件为空：至少需要 [report] 的 agency 和 year")]
    Empty,
    /// A control character neither syntax allows raw.
    #[error("含有控制字符 U+{:04X}（不可见字符），请删除", *.0 as u32)]
    RawControlCharacter(char),
    /// `detail` is the parser's complaint, in Chinese where it is known,
    /// with the parser's own words in brackets.
    #[error("{} 语法错误：{detail}", syntax_name(*.syntax))]
    Syntax {
        /// The syntax the file was read as, from its extension.
        syntax: Syntax,
        /// What the parser found wrong.
        detail: String,
    },
    /// A JSON file has more after its closing `}`.
    #[error("JSON 文档结束后还有多余内容")]
    TrailingContent,
    /// A character of a Chinese input method where the syntax needs an
    /// ASCII one; the message names it and the fix.
    #[error("{0}")]
    Slip(Slip),
    /// A key the contract does not have at this place, e.g. a misspelt one.
    #[error("{}", unknown_key(.key, .nearest.as_deref(), .expected))]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The valid key nearest to the one written, when one is near.
        nearest: Option<String>,
        /// Every key valid at this place; empty where none is.
        expected: Vec<String>,
    },
    /// A key written twice in the same table: the key.
    #[error("键“{}”写了两次", clip(.0))]
    DuplicateKey(String),
    /// A required key (`report.agency`, `report.year`) is missing: the key.
    #[error("缺少必填的键“{0}”")]
    MissingKey(String),
    /// `expected` as serde names it (`a sequence`), `found` as it prints it.
    #[error("类型错误：这里应为{}，实际是 {found}", expected_zh(.expected))]
    WrongType {
        /// The type the contract wants here, as serde names it.
        expected: String,
        /// What the file has instead, as the parser prints it.
        found: String,
    },
    /// A value its own type refused (a negative count, a fee with a comma),
    /// with that type's reason.
    #[error("{0}")]
    BadValue(String),

    // ---- resolving it against the template ----
    /// The template cannot be had: an unknown template name, or a broken one.
    #[error(transparent)]
    Template(TemplateError),
    /// The template has a section the contract has no key for: the section
    /// (a template out of step with the tool, not the user's mistake).
    #[error("模板的章节“{0}”在输入格式中没有对应的键")]
    SectionNotInContract(String),
    /// The template wants a figure the contract has no key for: the
    /// figure's key path (a template out of step with the tool).
    #[error("模板要求的项“{0}”在输入格式中没有对应的键")]
    FigureNotInContract(String),
    /// The contract has a figure the template does not list (a template out
    /// of step with the tool).
    #[error("模板中没有这一项")]
    FigureNotInTemplate,
    /// The template's figure at this key is not an amount, while the
    /// contract's is a fee.
    #[error("模板中这一项不是金额")]
    NotADecimal,
    /// The template's figure at this key is not a row, while the contract's is.
    #[error("模板中这一项不是一行数")]
    NotARow,
    /// `report.agency` is empty or only blanks.
    #[error("发文机关（agency）不能为空")]
    EmptyAgency,
    /// `report.year` is before 1949 or after 2999: the year as written.
    #[error("年份应在 1949 到 2999 之间，而不是 {0}")]
    YearOutOfRange(u64),
    /// A reporting year after next year: a typo, since a report is written
    /// in the year after the one it reports on.
    #[error("报告年度 {year} 还没有到（今年是 {now} 年），请检查 year")]
    YearInFuture {
        /// `report.year` as written.
        year: u16,
        /// This year, by the computer's clock.
        now: u16,
    },
    /// `report.title` is given but empty or only blanks.
    #[error("标题不能为空")]
    EmptyTitle,
    /// `report.date` is neither `2023-01-18` nor `2023年1月18日`: the text
    /// as written.
    #[error("日期应写作 \"2023-01-18\" 或 \"2023年1月18日\"，而不是 \"{}\"", clip(.0))]
    DateFormat(String),
    /// `report.date` has a month that does not exist (13): the text as written.
    #[error("日期的月份不存在：\"{}\"", clip(.0))]
    NoSuchMonth(String),
    /// `report.date` has a day its month does not have (2023-02-29): the
    /// text as written.
    #[error("日期的日不存在：\"{}\"", clip(.0))]
    NoSuchDay(String),
    /// In a one-line text: the agency, title, signature or a heading.
    #[error("含有控制字符 U+{:04X}，请删除", *.0 as u32)]
    ControlCharacter(char),
    /// A one-line text (agency, title, signature, heading) is longer than
    /// the limit given, in characters.
    #[error("超过 {0} 个字符的上限")]
    LineTooLong(usize),
    /// A part's `heading` is empty or only blanks.
    #[error("小标题（heading）不能为空")]
    EmptyHeading,
    /// A row of the wrong length: the labels of the columns it must give,
    /// and of the total it may add.
    #[error("{}", row_length(.columns, .total.as_deref(), *.given))]
    RowLength {
        /// The printed labels of the columns the row must give, in order.
        columns: Vec<String>,
        /// The printed label of the total it may add (总计), when it may.
        total: Option<String>,
        /// How many numbers the row has.
        given: usize,
    },
    /// The numbers of one row add up past the largest count the tool holds.
    #[error("这一行的合计超出可计算的范围（最大 {}）", u64::MAX)]
    RowTotalOverflow,
    /// A row computed from others (（七）总计) whose sum overflows.
    #[error("计算 {0} 时合计超出可计算的范围（最大 {max}）", max = u64::MAX)]
    ComputedTotalOverflow(String),
    /// A `{{path}}` in prose names no figure of the template: the path as
    /// written.
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
    /// Prose contains an invisible control character (often pasted from
    /// Word): the character, to be deleted.
    #[error("正文含有控制字符 U+{:04X}，请删除", *.0 as u32)]
    ControlCharacterInText(char),
    /// A paragraph is longer than the limit, in characters.
    #[error("一个段落有 {chars} 个字符，超过上限 {limit} 个")]
    ParagraphTooLong {
        /// The paragraph's length, in characters.
        chars: usize,
        /// The longest paragraph allowed, in characters.
        limit: usize,
    },
    /// Parts nest deeper than the levels numbered （一） 1. （1）: how many
    /// levels are allowed.
    #[error("小标题最多 {0} 层（（一）、1.、（1）），这里更深")]
    PartsTooDeep(usize),

    // ---- reading it beside the other reports of a run ----
    /// `--previous` names a report that is not this one's year before.
    #[error("{}", not_previous(.previous, .this))]
    NotPreviousYear {
        /// The previous report's file, agency and year.
        previous: (String, String, u16),
        /// This report's file, agency and year.
        this: (String, String, u16),
    },
}

fn not_previous(previous: &(String, String, u16), this: &(String, String, u16)) -> String {
    let (pf, pa, py) = previous;
    let (tf, ta, ty) = this;
    let mut why = Vec::new();
    if pa != ta {
        why.push("发文机关不同".to_string());
    }
    if u32::from(*py) + 1 != u32::from(*ty) {
        why.push(format!("年度应为 {}", u32::from(*ty).saturating_sub(1)));
    }
    format!(
        "--previous {pf}（{pa}，{py}年）不是 {tf}（{ta}，{ty}年）的上一年度报告：{}，无法对照检查上年结转（R5）和现行有效件数（R6）",
        why.join("，")
    )
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
