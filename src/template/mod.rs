//! The official format as data: labels, merges and rules, read from
//! `templates/*.toml`. Code elsewhere adds up rows and lays out spans; it
//! learns what the rows are called only from here.

pub mod numbering;

use std::collections::BTreeMap;

use serde::Deserialize;

/// The built-in templates, embedded so an installed binary needs no files.
const BUILT_IN: &[(&str, &str)] = &[(
    "gov-info-disclosure-2021",
    include_str!("../../templates/gov-info-disclosure-2021.toml"),
)];

/// The id used when the input names none.
pub const DEFAULT_TEMPLATE: &str = "gov-info-disclosure-2021";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("未知的模板“{name}”；可用的模板：{available}")]
    Unknown { name: String, available: String },
    #[error("模板“{name}”无法读取：{message}")]
    Malformed { name: String, message: String },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub basis: String,
    /// The default title with `{agency}` and `{year}` placeholders.
    pub title: String,
    pub sections: Vec<SectionDef>,
    pub columns: BTreeMap<String, ColumnSet>,
    pub figures: BTreeMap<String, FigureDef>,
    pub groups: BTreeMap<String, String>,
    pub rules: Vec<RuleDef>,
    pub tables: Vec<TableDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    pub key: String,
    pub heading: String,
}

/// The columns of a count row. With `has_total` the last column is the
/// row's total: the input may give it (checked) or leave it out (computed).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSet {
    pub labels: Vec<String>,
    pub keys: Vec<String>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    #[default]
    Count,
    Decimal,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    /// The column set of a row; absent for a single number.
    pub columns: Option<String>,
    #[serde(default)]
    pub kind: FigureKind,
    pub group: Option<String>,
    pub label: String,
    pub short: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RuleDef {
    /// For every column: Σ left = Σ right.
    Columns {
        id: String,
        severity: Severity,
        table: String,
        left: Vec<String>,
        right: Vec<String>,
    },
    /// In every row of the column set, the total equals the sum of the rest.
    RowTotal {
        id: String,
        severity: Severity,
        table: String,
        columns: String,
    },
    /// This year's `this_year` row equals last year's `last_year` row.
    CarryOver {
        id: String,
        severity: Severity,
        table: String,
        this_year: String,
        last_year: String,
    },
    /// Last year's stock + issued − repealed = this year's stock.
    Stock {
        id: String,
        severity: Severity,
        table: String,
        figures: Vec<String>,
        issued: String,
        repealed: String,
        in_force: String,
    },
}

impl RuleDef {
    pub fn id(&self) -> &str {
        match self {
            RuleDef::Columns { id, .. }
            | RuleDef::RowTotal { id, .. }
            | RuleDef::CarryOver { id, .. }
            | RuleDef::Stock { id, .. } => id,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub section: String,
    pub columns: usize,
    pub header_rows: usize,
    pub widths: Vec<u32>,
    #[serde(default)]
    pub text_size: crate::doc::TableTextSize,
    pub rows: Vec<Vec<CellDef>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellDef {
    pub text: Option<String>,
    /// Print this figure's label.
    pub label: Option<String>,
    /// Print this figure's numbers.
    pub values: Option<String>,
    #[serde(default = "one")]
    pub rowspan: usize,
    #[serde(default = "one")]
    pub colspan: usize,
    #[serde(default)]
    pub kind: Option<CellDefKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CellDefKind {
    Header,
    Label,
}

fn one() -> usize {
    1
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
    /// names must exist, so a broken template fails here, not mid-export.
    pub fn parse(name: &str, text: &str) -> Result<Template, TemplateError> {
        let malformed = |message: String| TemplateError::Malformed {
            name: name.to_string(),
            message,
        };
        let template: Template = toml::from_str(text).map_err(|e| malformed(e.to_string()))?;
        template.validate().map_err(malformed)?;
        Ok(template)
    }

    fn validate(&self) -> Result<(), String> {
        for (key, fig) in &self.figures {
            if let Some(cols) = &fig.columns {
                let set = self
                    .columns
                    .get(cols)
                    .ok_or_else(|| format!("{key}: 未知的列组 {cols}"))?;
                if set.labels.len() != set.keys.len() || set.labels.len() < 2 {
                    return Err(format!("列组 {cols} 的 labels 与 keys 不一致"));
                }
            }
            if let Some(g) = &fig.group {
                if !self.groups.contains_key(g) {
                    return Err(format!("{key}: 未知的分组 {g}"));
                }
            }
        }
        let term_ok = |t: &str| match t.strip_prefix("group:") {
            Some(g) => self.groups.contains_key(g),
            None => self.figures.contains_key(t),
        };
        for rule in &self.rules {
            let terms: Vec<&String> = match rule {
                RuleDef::Columns { left, right, .. } => left.iter().chain(right).collect(),
                RuleDef::RowTotal { columns, .. } => {
                    if !self.columns.contains_key(columns) {
                        return Err(format!("规则 {}: 未知的列组 {columns}", rule.id()));
                    }
                    vec![]
                }
                RuleDef::CarryOver {
                    this_year,
                    last_year,
                    ..
                } => vec![this_year, last_year],
                RuleDef::Stock { figures, .. } => figures.iter().collect(),
            };
            if let Some(bad) = terms.iter().find(|t| !term_ok(t)) {
                return Err(format!("规则 {}: 未知的项 {bad}", rule.id()));
            }
        }
        for table in &self.tables {
            if table.widths.len() != table.columns {
                return Err(format!("{} 表的列宽个数不等于列数", table.section));
            }
            for row in &table.rows {
                for cell in row {
                    let named = [&cell.label, &cell.values];
                    for fig in named.into_iter().flatten() {
                        if !self.figures.contains_key(fig) {
                            return Err(format!("{} 表: 未知的项 {fig}", table.section));
                        }
                    }
                    let sources = [
                        cell.text.is_some(),
                        cell.label.is_some(),
                        cell.values.is_some(),
                    ];
                    if sources.iter().filter(|s| **s).count() != 1 {
                        return Err(format!(
                            "{} 表: 每个单元格须恰有 text、label、values 之一",
                            table.section
                        ));
                    }
                }
            }
        }
        Ok(())
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
    }

    #[test]
    fn unknown_template_names_the_available_ones() {
        let e = Template::built_in("nope").unwrap_err().to_string();
        assert!(e.contains("gov-info-disclosure-2021"), "{e}");
    }
}
