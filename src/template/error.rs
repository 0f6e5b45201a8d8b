//! Why a template cannot be used. A built-in template is checked by the
//! tests, so a fault here is a bug in the data, found at load, never in the
//! middle of an export.

/// A template that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// A report or the command line asks for a template id that is not
    /// built in.
    #[error("未知的模板“{name}”；可用的模板：{available}")]
    Unknown {
        /// The id asked for.
        name: String,
        /// The built-in ids, joined with 、, so the message tells the user
        /// what to write instead.
        available: String,
    },
    /// The template's text does not parse or fails its cross-checks at
    /// load; `fault` says what is wrong.
    #[error("模板“{name}”无法读取：{fault}")]
    Malformed {
        /// The id the template was loaded under.
        name: String,
        /// What is wrong inside it.
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
    /// A figure's `columns` names no set under `[columns]`.
    #[error("{figure}: 未知的列组 {set}")]
    UnknownColumnSet {
        /// The figure's key, `applications.new`.
        figure: String,
        /// The column set it names.
        set: String,
    },
    /// A column set a figure uses has not one key per label, or fewer
    /// than two columns.
    #[error("列组 {0} 的 labels 与 keys 不一致")]
    ColumnSetMismatch(String),
    /// A figure's `group` is not a key of `[groups]`.
    #[error("{figure}: 未知的分组 {group}")]
    UnknownGroup {
        /// The figure's key.
        figure: String,
        /// The group it names.
        group: String,
    },
    /// A `row_total` rule's `columns` names no column set.
    #[error("规则 {rule}: 未知的列组 {set}")]
    RuleColumnSet {
        /// The rule's id, `R2`.
        rule: String,
        /// The column set it names.
        set: String,
    },
    /// A rule term that names no figure or group, or a year-to-year rule
    /// that names something other than a row.
    #[error("规则 {rule}: 未知的项 {term}")]
    RuleTerm {
        /// The rule's id, `R1`.
        rule: String,
        /// The term as the rule writes it, `group:withheld`.
        term: String,
    },
    /// A `stock` rule's `issued`, `repealed` or `in_force` is not a column
    /// key of one of its figures.
    #[error("规则 {rule}: {figure} 没有列 {column}")]
    RuleColumn {
        /// The rule's id, `R6`.
        rule: String,
        /// The row figure that lacks the column.
        figure: String,
        /// The column key the rule names.
        column: String,
    },
    /// A `[[headline]]` adds up something that is not one printed number:
    /// an unknown figure or column, or a whole row.
    #[error("要目“{label}”: 未知的数 {path}")]
    HeadlinePath {
        /// The headline's label, `行政诉讼总计`.
        label: String,
        /// The figure path as written.
        path: String,
    },
    /// A table's `widths` does not give one width per column; holds the
    /// table's section key.
    #[error("{0} 表的列宽个数不等于列数")]
    WidthCount(String),
    /// A table cell's `label` or `values` names no figure.
    #[error("{table} 表: 未知的项 {figure}")]
    TableFigure {
        /// The section key of the table, `applications`.
        table: String,
        /// The figure key as the cell writes it.
        figure: String,
    },
    /// A table cell gives none, or more than one, of `text`, `label` and
    /// `values`; holds the table's section key.
    #[error("{0} 表: 每个单元格须恰有 text、label、values 之一")]
    CellSource(String),
    /// A printed-label variant the importer could never match: empty, or
    /// written with spaces or punctuation (variants are compared as their
    /// letters and digits only).
    #[error("{owner}: 别名“{alias}”须只含文字和数字（比较时忽略空格、标点和编号）")]
    BadAlias {
        /// The key of the section or figure the alias belongs to.
        owner: String,
        /// The alias as written.
        alias: String,
    },
    /// Two figures answer to the same printed label.
    #[error("别名“{alias}”同时属于 {first} 和 {second}")]
    SharedAlias {
        /// The alias both figures list.
        alias: String,
        /// The figure that lists it first, in key order.
        first: String,
        /// The other figure.
        second: String,
    },
    /// A figure has `in_group = true` but no `group` to be recognised
    /// under; holds the figure's key.
    #[error("{0}: in_group 须有 group")]
    InGroupWithoutGroup(String),
    /// A table whose cells do not tile its grid.
    #[error("模板表格“{table}”第 {row} 行有误：{problem}")]
    Shape {
        /// The section key of the table.
        table: String,
        /// The row of `rows` at fault, counting from 1.
        row: usize,
        /// How the row fails.
        problem: ShapeProblem,
    },
}

/// How a table's cells fail to tile its grid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeProblem {
    /// A cell's span reaches past the last column or row of the table, or
    /// is zero; holds the cell's text or figure path.
    #[error("单元格“{0}”超出表格范围")]
    OutOfGrid(String),
    /// A cell lands on a slot another cell already covers, usually a
    /// rowspan from a row above; holds the cell's text or figure path.
    #[error("单元格“{0}”与其他单元格重叠")]
    Overlap(String),
    /// A row leaves a slot no cell covers; holds its column, counting
    /// from 1.
    #[error("第 {0} 列没有单元格")]
    Gap(usize),
}
