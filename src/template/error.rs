//! Why a template cannot be used. A built-in template is checked by the
//! tests, so a fault here is a bug in the data, found at load, never in the
//! middle of an export.

/// A template that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("未知的模板“{name}”；可用的模板：{available}")]
    Unknown { name: String, available: String },
    #[error("模板“{name}”无法读取：{fault}")]
    Malformed {
        name: String,
        #[source]
        fault: TemplateFault,
    },
}

/// What is wrong inside a template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateFault {
    /// The TOML does not parse or does not fit the template's fields.
    #[error("{0}")]
    Syntax(String),
    #[error("{figure}: 未知的列组 {set}")]
    UnknownColumnSet { figure: String, set: String },
    #[error("列组 {0} 的 labels 与 keys 不一致")]
    ColumnSetMismatch(String),
    #[error("{figure}: 未知的分组 {group}")]
    UnknownGroup { figure: String, group: String },
    #[error("规则 {rule}: 未知的列组 {set}")]
    RuleColumnSet { rule: String, set: String },
    /// A rule term that names no figure or group, or a year-to-year rule
    /// that names something other than a row.
    #[error("规则 {rule}: 未知的项 {term}")]
    RuleTerm { rule: String, term: String },
    #[error("规则 {rule}: {figure} 没有列 {column}")]
    RuleColumn {
        rule: String,
        figure: String,
        column: String,
    },
    #[error("要目“{label}”: 未知的数 {path}")]
    HeadlinePath { label: String, path: String },
    #[error("{0} 表的列宽个数不等于列数")]
    WidthCount(String),
    #[error("{table} 表: 未知的项 {figure}")]
    TableFigure { table: String, figure: String },
    #[error("{0} 表: 每个单元格须恰有 text、label、values 之一")]
    CellSource(String),
    /// A printed-label variant the importer could never match: empty, or
    /// written with spaces or punctuation (variants are compared as their
    /// letters and digits only).
    #[error("{owner}: 别名“{alias}”须只含文字和数字（比较时忽略空格、标点和编号）")]
    BadAlias { owner: String, alias: String },
    /// Two figures answer to the same printed label.
    #[error("别名“{alias}”同时属于 {first} 和 {second}")]
    SharedAlias {
        alias: String,
        first: String,
        second: String,
    },
    #[error("{0}: in_group 须有 group")]
    InGroupWithoutGroup(String),
    /// A table whose cells do not tile its grid.
    #[error("模板表格“{table}”第 {row} 行有误：{problem}")]
    Shape {
        table: String,
        row: usize,
        problem: ShapeProblem,
    },
}

/// How a table's cells fail to tile its grid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeProblem {
    #[error("单元格“{0}”超出表格范围")]
    OutOfGrid(String),
    #[error("单元格“{0}”与其他单元格重叠")]
    Overlap(String),
    #[error("第 {0} 列没有单元格")]
    Gap(usize),
}
