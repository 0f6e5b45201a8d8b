//! The official format as data: labels, merges and rules, read from
//! `templates/*.toml`. Code elsewhere adds up rows and lays out spans; it
//! learns what the rows are called only from here.

mod error;
mod grid;
pub mod numbering;
mod terms;

use std::collections::BTreeMap;

use serde::Deserialize;

pub use error::{ShapeProblem, TemplateError, TemplateFault};
pub use grid::{Slot, SlotContent, TableGrid, TableTextSize, TextRole};
pub use terms::{ColumnRef, FigurePath, Term};

use grid::TableDef;

/// The built-in templates, embedded so an installed binary needs no files.
const BUILT_IN: &[(&str, &str)] = &[(
    "gov-info-disclosure-2021",
    include_str!("../../templates/gov-info-disclosure-2021.toml"),
)];

/// The id used when the input names none.
pub const DEFAULT_TEMPLATE: &str = "gov-info-disclosure-2021";

/// A template, checked and resolved: its rules name figures that exist,
/// its tables tile their grids.
#[derive(Debug, Clone)]
pub struct Template {
    /// The id a report names its template by:
    /// `gov-info-disclosure-2021`.
    pub id: String,
    /// The official name of the format, printed with `basis` atop generated
    /// inputs and schemas: 中华人民共和国政府信息公开工作年度报告格式.
    pub name: String,
    /// The document that lays the format down: 国办公开办函〔2021〕30号.
    pub basis: String,
    /// The default title with `{agency}` and `{year}` placeholders.
    pub title: String,
    /// The level-1 headings of the report, in printed order (一、 … 六、).
    pub sections: Vec<SectionDef>,
    /// The column sets of the count rows, by key (`applicant`, `appeal`,
    /// `stock`).
    pub columns: BTreeMap<String, ColumnSet>,
    /// Every figure of the report, by key (`applications.new`); the key's
    /// first part is the section the input files it under.
    pub figures: BTreeMap<String, FigureDef>,
    /// The groups a rule can sum as one term (`group:withheld`): key to the
    /// name the table prints, 不予公开.
    pub groups: BTreeMap<String, String>,
    /// The consistency rules (勾稽关系), R1 … R7, in file order.
    pub rules: Vec<RuleDef>,
    /// The printed tables, laid onto their grids, in report order.
    pub tables: Vec<TableGrid>,
    /// The figures that sum a report up at a glance, in order.
    pub headline: Vec<Headline>,
}

/// One headline figure of a report: a label and the printed numbers it
/// adds up (行政诉讼总计 = both 诉讼 totals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    /// The name the sum is shown under, e.g. 行政诉讼总计: a column of the
    /// report sheet in the reviewing office's workbook.
    pub label: String,
    /// The printed numbers added up, each a single figure or one column
    /// of a row.
    pub sum: Vec<FigurePath>,
}

/// A headline figure as the template writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadlineDef {
    label: String,
    sum: Vec<String>,
}

/// A template as its file writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    id: String,
    name: String,
    basis: String,
    title: String,
    sections: Vec<SectionDef>,
    columns: BTreeMap<String, ColumnSet>,
    figures: BTreeMap<String, FigureDef>,
    groups: BTreeMap<String, String>,
    rules: Vec<RuleDef>,
    tables: Vec<TableDef>,
    #[serde(default)]
    headline: Vec<HeadlineDef>,
}

/// A level-1 heading of the report (一、 … 六、) and the wordings an
/// importer knows it by.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// The key the input files the section's prose and figures under:
    /// `applications`.
    pub key: String,
    /// The heading as printed, without its 一、 number:
    /// 收到和处理政府信息公开申请情况.
    pub heading: String,
    /// Wordings of the heading seen in real reports, by which an importer
    /// recognises it without its number: each a word the heading contains,
    /// or words joined by `+` that it must all contain. Compared as letters
    /// and digits only.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Weaker wordings, trusted only after the heading's 一、 number.
    #[serde(default)]
    pub numbered_aliases: Vec<String>,
}

/// The columns of a count row. With `has_total` the last column is the
/// row's total: the input may give it (checked) or leave it out (computed).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSet {
    /// The column headings as the table prints them, e.g. 自然人 … 总计.
    pub labels: Vec<String>,
    /// The columns' keys, one per label, as figure paths and the input
    /// write them: `natural_person`, `total`.
    pub keys: Vec<String>,
    /// Whether the last column is the row's total; `false` for the
    /// 规章/规范性文件 columns (制发, 废止, 现行有效), which do not add up.
    #[serde(default = "yes")]
    pub has_total: bool,
}

fn yes() -> bool {
    true
}

impl ColumnSet {
    /// How many numbers a row holds when its total is left out.
    pub fn parts(&self) -> usize {
        self.labels.len() - usize::from(self.has_total)
    }

    /// The place of a column in a row, by key.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| k == key)
    }
}

/// What kind of number a figure holds; it decides how the input is read
/// and how the number is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// A whole number of cases or documents: every figure but one.
    #[default]
    Count,
    /// An amount that may have decimals: 行政事业性收费, in 万元.
    Decimal,
}

/// One figure of the report: a single number or a row of numbers, with
/// the label the table prints and the names it is found and reported by.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    /// The column set of a row; absent for a single number.
    pub columns: Option<String>,
    /// Whether the figure is a count (the default) or a decimal amount.
    #[serde(default)]
    pub kind: FigureKind,
    /// The group the row is summed in when a rule names it
    /// (`group:withheld`); `None` for a row in no group.
    pub group: Option<String>,
    /// The label as the table prints it, numbering included:
    /// `（一）予以公开`.
    pub label: String,
    /// The name findings use, e.g. 不予公开·属于国家秘密: shorter than the
    /// label or, where the label alone is ambiguous, qualified by its group.
    pub short: String,
    /// Printed variants of the row label seen in real reports (older or
    /// local wordings), compared as letters and digits without the label's
    /// numbering; the label itself always counts. An importer reads a row
    /// by these, most specific first.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The label and its aliases match only whole (`其他`, `总计`), never
    /// as a part of a longer label.
    #[serde(default)]
    pub exact: bool,
    /// The row is recognised only under its group's label (`3.其他` under
    /// `（六）其他处理`).
    #[serde(default)]
    pub in_group: bool,
}

/// How grave a broken rule is: an error blocks export, a warning is only
/// reported. Written lowercase in templates and JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The numbers contradict each other; the report cannot be exported
    /// until they are fixed.
    Error,
    /// The numbers look wrong but may be right (R6, the prose checks);
    /// export goes ahead. `--strict` turns prose warnings into errors.
    Warning,
}

impl Severity {
    /// The severity as a reviewer reads it: 错误 or 警告.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// A consistency rule (勾稽关系) between figures of the report; the
/// file picks the variant by `kind`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleDef {
    /// For every column: Σ left = Σ right.
    Columns {
        /// The rule's id, as findings and the input contract name it: `R1`.
        id: String,
        /// Whether a breach blocks export (error) or is only reported (warning).
        severity: Severity,
        /// The numbered heading of the table the rule checks, as findings
        /// name it: `三、收到和处理政府信息公开申请情况`.
        table: String,
        /// The terms summed on the left, each a figure or a group.
        left: Vec<Term>,
        /// The terms summed on the right.
        right: Vec<Term>,
    },
    /// In every row of the column set, the total equals the sum of the rest.
    RowTotal {
        /// The rule's id, as findings and the input contract name it: `R1`.
        id: String,
        /// Whether a breach blocks export (error) or is only reported (warning).
        severity: Severity,
        /// The numbered heading of the table the rule checks, as findings
        /// name it: `三、收到和处理政府信息公开申请情况`.
        table: String,
        /// The key of the column set whose rows are checked: every figure with
        /// those columns (`applicant`).
        columns: String,
    },
    /// This year's `this_year` row equals last year's `last_year` row (two
    /// row figures).
    CarryOver {
        /// The rule's id, as findings and the input contract name it: `R1`.
        id: String,
        /// Whether a breach blocks export (error) or is only reported (warning).
        severity: Severity,
        /// The numbered heading of the table the rule checks, as findings
        /// name it: `三、收到和处理政府信息公开申请情况`.
        table: String,
        /// This year's row, by figure key: `applications.carried_in`
        /// (上年结转).
        this_year: String,
        /// Last year's row it must equal: `applications.carried_out`
        /// (结转下年度).
        last_year: String,
    },
    /// Last year's stock + issued − repealed = this year's stock, for each
    /// of `figures` (rows); the other three name their columns.
    Stock {
        /// The rule's id, as findings and the input contract name it: `R1`.
        id: String,
        /// Whether a breach blocks export (error) or is only reported (warning).
        severity: Severity,
        /// The numbered heading of the table the rule checks, as findings
        /// name it: `三、收到和处理政府信息公开申请情况`.
        table: String,
        /// The row figures checked: `proactive.rules` (规章),
        /// `proactive.normative_documents` (行政规范性文件).
        figures: Vec<String>,
        /// The key of the column of documents issued this year (本年制发件数).
        issued: String,
        /// The key of the column of documents repealed this year (本年废止件数).
        repealed: String,
        /// The key of the column of documents in force at the year's end
        /// (现行有效件数).
        in_force: String,
    },
    /// An aggregate report's every figure equals the sum of the same
    /// figure over its children's reports.
    Rollup {
        /// The rule's id, as findings and the input contract name it: `R7`.
        id: String,
        /// Whether a breach blocks export (error) or is only reported
        /// (warning).
        severity: Severity,
    },
}

impl RuleDef {
    /// The rule's id (`R1`), whatever its kind, as findings and load
    /// errors name the rule.
    pub fn id(&self) -> &str {
        match self {
            RuleDef::Columns { id, .. }
            | RuleDef::RowTotal { id, .. }
            | RuleDef::CarryOver { id, .. }
            | RuleDef::Stock { id, .. }
            | RuleDef::Rollup { id, .. } => id,
        }
    }
}

impl Template {
    /// A built-in template by id.
    pub fn built_in(name: &str) -> Result<Template, TemplateError> {
        let (_, text) =
            BUILT_IN
                .iter()
                .find(|(id, _)| *id == name)
                .ok_or_else(|| TemplateError::Unknown {
                    name: name.to_string(),
                    available: BUILT_IN
                        .iter()
                        .map(|(id, _)| *id)
                        .collect::<Vec<_>>()
                        .join("、"),
                })?;
        Template::parse(name, text)
    }

    /// Parses and cross-checks a template: every figure a rule or table
    /// names must exist and every table must tile its grid, so a broken
    /// template fails here, not mid-export.
    pub fn parse(name: &str, text: &str) -> Result<Template, TemplateError> {
        let malformed = |fault| TemplateError::Malformed {
            name: name.to_string(),
            fault,
        };
        let file: TemplateFile =
            toml::from_str(text).map_err(|e| malformed(TemplateFault::Syntax(e.to_string())))?;
        Template::resolve(file).map_err(malformed)
    }

    fn resolve(file: TemplateFile) -> Result<Template, TemplateFault> {
        let mut template = Template {
            id: file.id,
            name: file.name,
            basis: file.basis,
            title: file.title,
            sections: file.sections,
            columns: file.columns,
            figures: file.figures,
            groups: file.groups,
            rules: file.rules,
            tables: Vec::new(),
            headline: Vec::new(),
        };
        template.validate()?;
        for def in &file.headline {
            let sum = def
                .sum
                .iter()
                .map(|path| {
                    template
                        .figure_path(path)
                        .ok_or_else(|| TemplateFault::HeadlinePath {
                            label: def.label.clone(),
                            path: path.clone(),
                        })
                })
                .collect::<Result<_, _>>()?;
            template.headline.push(Headline {
                label: def.label.clone(),
                sum,
            });
        }
        for table in &file.tables {
            template.validate_table(table)?;
        }
        template.tables = file
            .tables
            .iter()
            .map(|table| grid::lay_out(&template, table))
            .collect::<Result<_, _>>()?;
        Ok(template)
    }

    fn validate(&self) -> Result<(), TemplateFault> {
        for (key, fig) in &self.figures {
            if let Some(cols) = &fig.columns {
                let set =
                    self.columns
                        .get(cols)
                        .ok_or_else(|| TemplateFault::UnknownColumnSet {
                            figure: key.clone(),
                            set: cols.clone(),
                        })?;
                if set.labels.len() != set.keys.len() || set.labels.len() < 2 {
                    return Err(TemplateFault::ColumnSetMismatch(cols.clone()));
                }
            }
            if let Some(g) = &fig.group {
                if !self.groups.contains_key(g) {
                    return Err(TemplateFault::UnknownGroup {
                        figure: key.clone(),
                        group: g.clone(),
                    });
                }
            }
        }
        self.validate_aliases()?;
        for rule in &self.rules {
            let unknown = |term: &dyn std::fmt::Display| TemplateFault::RuleTerm {
                rule: rule.id().to_string(),
                term: term.to_string(),
            };
            // Rules across years compare rows column by column.
            let row = |figure: &String| self.columns_of(figure).ok_or_else(|| unknown(figure));
            match rule {
                RuleDef::Columns { left, right, .. } => {
                    if let Some(bad) = left.iter().chain(right).find(|t| !self.has_term(t)) {
                        return Err(unknown(bad));
                    }
                }
                RuleDef::RowTotal { columns, .. } => {
                    if !self.columns.contains_key(columns) {
                        return Err(TemplateFault::RuleColumnSet {
                            rule: rule.id().to_string(),
                            set: columns.clone(),
                        });
                    }
                }
                RuleDef::CarryOver {
                    this_year,
                    last_year,
                    ..
                } => {
                    row(this_year)?;
                    row(last_year)?;
                }
                RuleDef::Stock {
                    figures,
                    issued,
                    repealed,
                    in_force,
                    ..
                } => {
                    for figure in figures {
                        let set = row(figure)?;
                        for column in [issued, repealed, in_force] {
                            if set.index_of(column).is_none() {
                                return Err(TemplateFault::RuleColumn {
                                    rule: rule.id().to_string(),
                                    figure: figure.clone(),
                                    column: column.clone(),
                                });
                            }
                        }
                    }
                }
                RuleDef::Rollup { .. } => {}
            }
        }
        Ok(())
    }

    /// Every variant can be matched (letters and digits only) and names one
    /// figure, so an importer never has to choose between two rows.
    fn validate_aliases(&self) -> Result<(), TemplateFault> {
        let bad = |owner: &str, alias: &str| TemplateFault::BadAlias {
            owner: owner.to_string(),
            alias: alias.to_string(),
        };
        for section in &self.sections {
            for alias in section.aliases.iter().chain(&section.numbered_aliases) {
                if alias
                    .split('+')
                    .any(|w| w.is_empty() || !w.chars().all(char::is_alphanumeric))
                {
                    return Err(bad(&section.key, alias));
                }
            }
        }
        let mut owners: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, fig) in &self.figures {
            if fig.in_group && fig.group.is_none() {
                return Err(TemplateFault::InGroupWithoutGroup(key.clone()));
            }
            for alias in &fig.aliases {
                if alias.is_empty() || !alias.chars().all(char::is_alphanumeric) {
                    return Err(bad(key, alias));
                }
                if let Some(first) = owners.insert(alias, key) {
                    return Err(TemplateFault::SharedAlias {
                        alias: alias.clone(),
                        first: first.to_string(),
                        second: key.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    fn validate_table(&self, table: &TableDef) -> Result<(), TemplateFault> {
        if table.widths.len() != table.columns {
            return Err(TemplateFault::WidthCount(table.section.clone()));
        }
        for cell in table.rows.iter().flatten() {
            let named = [&cell.label, &cell.values];
            for fig in named.into_iter().flatten() {
                if !self.figures.contains_key(fig) {
                    return Err(TemplateFault::TableFigure {
                        table: table.section.clone(),
                        figure: fig.clone(),
                    });
                }
            }
            let sources = [
                cell.text.is_some(),
                cell.label.is_some(),
                cell.values.is_some(),
            ];
            if sources.iter().filter(|s| **s).count() != 1 {
                return Err(TemplateFault::CellSource(table.section.clone()));
            }
        }
        Ok(())
    }

    fn has_term(&self, term: &Term) -> bool {
        match term {
            Term::Figure(key) => self.figures.contains_key(key),
            Term::Group(key) => self.groups.contains_key(key),
        }
    }

    /// The figures a term stands for: the figure, or the group's figures
    /// in key order.
    pub fn term_members<'a>(&'a self, term: &'a Term) -> Vec<&'a str> {
        match term {
            Term::Figure(key) => vec![key.as_str()],
            Term::Group(group) => self.group_members(group).map(String::as_str).collect(),
        }
    }

    /// A term as findings name it: the figure's short name, or the group's.
    pub fn term_name(&self, term: &Term) -> &str {
        match term {
            Term::Figure(key) => self.figures.get(key).map_or("", |f| f.short.as_str()),
            Term::Group(key) => self.groups.get(key).map_or("", String::as_str),
        }
    }

    /// A term as the table prints it: the figure's label, or the group's
    /// name.
    pub fn term_label(&self, term: &Term) -> &str {
        match term {
            Term::Figure(key) => self.figures.get(key).map_or("", |f| f.label.as_str()),
            Term::Group(key) => self.groups.get(key).map_or("", String::as_str),
        }
    }

    /// Reads a figure path (`applications.new.total`, `proactive.fees`): a
    /// single figure, or a row figure and one of its column keys. A row
    /// without a column is no path: it is not one number.
    pub fn figure_path(&self, text: &str) -> Option<FigurePath> {
        if let Some(def) = self.figures.get(text) {
            return def.columns.is_none().then(|| FigurePath {
                figure: text.to_string(),
                column: None,
            });
        }
        let (figure, key) = text.rsplit_once('.')?;
        self.column_path(figure, self.columns_of(figure)?.index_of(key)?)
    }

    /// The path of column `index` of a row figure.
    pub fn column_path(&self, figure: &str, index: usize) -> Option<FigurePath> {
        let key = self.columns_of(figure)?.keys.get(index)?;
        Some(FigurePath {
            figure: figure.to_string(),
            column: Some(ColumnRef {
                index,
                key: key.clone(),
            }),
        })
    }

    /// The printed label of a column, for a path into a row.
    pub fn column_label(&self, path: &FigurePath) -> Option<&str> {
        let column = path.column.as_ref()?;
        let set = self.columns_of(&path.figure)?;
        set.labels.get(column.index).map(String::as_str)
    }

    /// The column set of a figure, if it is a row.
    pub fn columns_of(&self, figure: &str) -> Option<&ColumnSet> {
        self.figures
            .get(figure)
            .and_then(|f| f.columns.as_ref())
            .and_then(|c| self.columns.get(c))
    }

    /// The figures of a group, in template order (by key).
    pub fn group_members<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.figures
            .iter()
            .filter(move |(_, f)| f.group.as_deref() == Some(group))
            .map(|(k, _)| k)
    }

    /// The printed heading of a section's table, numbered as in the
    /// report: `三、收到和处理政府信息公开申请情况`.
    pub fn numbered_heading(&self, section: &str) -> Option<String> {
        let index = self.sections.iter().position(|s| s.key == section)?;
        Some(format!(
            "{}、{}",
            numbering::chinese_number(index + 1),
            self.sections[index].heading
        ))
    }

    /// Every printed number of the report, in template order: each single
    /// figure, and each column of each row figure.
    pub fn figure_paths(&self) -> impl Iterator<Item = FigurePath> + '_ {
        self.figures.iter().flat_map(move |(key, def)| {
            let columns = def
                .columns
                .as_ref()
                .and_then(|c| self.columns.get(c))
                .map_or(0, |set| set.keys.len());
            let single = (def.columns.is_none()).then(|| FigurePath {
                figure: key.clone(),
                column: None,
            });
            single
                .into_iter()
                .chain((0..columns).filter_map(move |i| self.column_path(key, i)))
        })
    }

    /// A printed number named as the table prints it: the row label, and
    /// the column label for a row figure (`一、本年新收政府信息公开申请数量 自然人`).
    pub fn path_label(&self, path: &FigurePath) -> String {
        let row = self
            .figures
            .get(&path.figure)
            .map_or(path.figure.as_str(), |f| f.label.as_str());
        match self.column_label(path) {
            Some(column) => format!("{row} {column}"),
            None => row.to_string(),
        }
    }

    /// The heading of a section by key.
    pub fn section_heading(&self, key: &str) -> Option<&str> {
        self.sections
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.heading.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_template_is_consistent() {
        let t = Template::built_in(DEFAULT_TEMPLATE).unwrap();
        assert_eq!(t.sections.len(), 6);
        assert_eq!(t.tables.len(), 3);
        assert_eq!(t.group_members("withheld").count(), 8);
        let withheld = Term::from("group:withheld".to_string());
        assert_eq!(t.term_members(&withheld).len(), 8);
        assert_eq!(t.term_label(&withheld), "不予公开");
    }

    #[test]
    fn figure_paths_resolve_their_column_once() {
        let t = Template::built_in(DEFAULT_TEMPLATE).unwrap();
        let total = t.figure_path("applications.new.total").unwrap();
        assert_eq!(total.figure, "applications.new");
        assert_eq!(total.column.as_ref().map(|c| c.index), Some(6));
        assert_eq!(total.to_string(), "applications.new.total");
        assert_eq!(t.column_label(&total), Some("总计"));
        let fees = t.figure_path("proactive.fees").unwrap();
        assert_eq!(fees.column, None);
        assert_eq!(fees.section(), "proactive");
        for no_path in [
            "applications.new",
            "applications.new.nope",
            "nope.total",
            "",
        ] {
            assert_eq!(t.figure_path(no_path), None, "{no_path}");
        }
    }

    #[test]
    fn tables_are_laid_onto_their_grids_at_load() {
        let t = Template::built_in(DEFAULT_TEMPLATE).unwrap();
        let applications = &t.tables[1];
        let new_natural = applications
            .slots
            .iter()
            .find(|s| matches!(&s.content, SlotContent::Value(p) if p.to_string() == "applications.new.natural_person"))
            .unwrap();
        assert_eq!((new_natural.row, new_natural.col), (3, 3));
        let results = applications
            .slots
            .iter()
            .find(|s| s.row == 5 && s.col == 0)
            .unwrap();
        assert_eq!(results.rowspan, 22);
        let covered: usize = applications
            .slots
            .iter()
            .map(|s| s.rowspan * s.colspan)
            .sum();
        assert_eq!(covered, applications.rows * applications.columns);
    }

    #[test]
    fn a_table_with_a_gap_fails_at_load() {
        let text = BUILT_IN[0].1.replace(
            "[{ label = \"proactive.licensing\" }, { values = \"proactive.licensing\", colspan = 3 }]",
            "[{ label = \"proactive.licensing\" }, { values = \"proactive.licensing\", colspan = 2 }]",
        );
        let e = Template::parse("t", &text).unwrap_err();
        assert!(
            matches!(
                &e,
                TemplateError::Malformed {
                    fault: TemplateFault::Shape {
                        problem: ShapeProblem::Gap(4),
                        ..
                    },
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn unknown_template_names_the_available_ones() {
        let e = Template::built_in("nope").unwrap_err().to_string();
        assert!(e.contains("gov-info-disclosure-2021"), "{e}");
    }
}
