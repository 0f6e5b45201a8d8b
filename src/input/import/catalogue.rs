//! What the template says about printed tables, arranged for reading them
//! back: every row label with its variants, the column headers, and which
//! table each figure is printed in. All of it comes from the template (its
//! grids, labels and `aliases`), the same data the document builder prints
//! from, so an importer cannot drift from what gongwen writes.

use crate::input::document::Cell;
use crate::template::{numbering, ColumnSet, FigureKind, SlotContent, Template, TextRole};

use super::text::{key, numbering as numbered};

/// The numbers a row holds.
#[derive(Debug, Clone, Copy)]
pub enum Shape<'t> {
    /// One number a column of a column set (自然人 … 总计; 本年制发件数 …).
    Row(&'t str, &'t ColumnSet),
    /// One count (本年处理决定数量).
    Single,
    /// The fee in 万元, decimals as printed.
    Fee,
}

/// A figure printed on a row of its own, after its label.
#[derive(Debug)]
pub struct RowSpec<'t> {
    pub key: &'t str,
    /// The template table it is printed in.
    pub table: usize,
    pub shape: Shape<'t>,
    /// Label keys, most specific first: the printed label, then aliases.
    aliases: Vec<String>,
    exact: bool,
    /// The key of the group label the row must stand under.
    group: Option<String>,
}

/// A figure printed without a label of its own (the appeals rows): found by
/// the column headers above its numbers.
#[derive(Debug)]
pub struct HeaderSpec<'t> {
    pub key: &'t str,
    pub table: usize,
    pub set: &'t ColumnSet,
    aliases: Vec<String>,
}

/// The template's tables, as an importer reads them.
pub struct Catalogue<'t> {
    pub template: &'t Template,
    pub rows: Vec<RowSpec<'t>>,
    pub by_headers: Vec<HeaderSpec<'t>>,
    /// Keys of the header texts of each table, without those that are
    /// also row labels (其他, 总计): a header row is known by these.
    header_keys: Vec<Vec<String>>,
    /// Keys of the texts of the first row of each table, where a new
    /// header begins.
    first_row_keys: Vec<Vec<String>>,
}

impl<'t> Catalogue<'t> {
    pub fn new(template: &'t Template) -> Catalogue<'t> {
        let mut rows = Vec::new();
        let mut by_headers = Vec::new();
        let mut header_keys = Vec::new();
        let mut first_row_keys = Vec::new();
        for (t, grid) in template.tables.iter().enumerate() {
            let mut headers = Vec::new();
            let mut first = Vec::new();
            let mut labelled = Vec::new();
            let mut valued: Vec<&str> = Vec::new();
            for slot in &grid.slots {
                match &slot.content {
                    SlotContent::Text {
                        text,
                        role,
                        label_of,
                    } => {
                        if let Some(figure) = label_of {
                            labelled.push(figure.as_str());
                        } else if *role == TextRole::Header {
                            headers.push(key(text));
                            if slot.row == 0 {
                                first.push(key(text));
                            }
                        }
                    }
                    SlotContent::Value(path) => {
                        if !valued.contains(&path.figure.as_str()) {
                            valued.push(&path.figure);
                        }
                    }
                }
            }
            for figure in valued {
                let Some(def) = template.figures.get(figure) else {
                    continue;
                };
                let shape = match (&def.columns, template.columns_of(figure), def.kind) {
                    (Some(name), Some(set), _) => Shape::Row(name, set),
                    (_, _, FigureKind::Decimal) => Shape::Fee,
                    _ => Shape::Single,
                };
                let mut aliases = vec![label_key(&def.label)];
                aliases.extend(def.aliases.iter().cloned());
                if labelled.contains(&figure) {
                    let group = def
                        .group
                        .as_ref()
                        .filter(|_| def.in_group)
                        .and_then(|g| template.groups.get(g))
                        .map(|name| key(name));
                    rows.push(RowSpec {
                        key: figure,
                        table: t,
                        shape,
                        aliases,
                        exact: def.exact,
                        group,
                    });
                } else if let Shape::Row(_, set) = shape {
                    by_headers.push(HeaderSpec {
                        key: figure,
                        table: t,
                        set,
                        aliases: def.aliases.clone(),
                    });
                }
            }
            header_keys.push(headers);
            first_row_keys.push(first);
        }
        let row_keys: Vec<String> = rows.iter().flat_map(|r| r.aliases.clone()).collect();
        for keys in &mut header_keys {
            keys.retain(|k| !k.is_empty() && !row_keys.contains(k));
            keys.sort();
            keys.dedup();
        }
        Catalogue {
            template,
            rows,
            by_headers,
            header_keys,
            first_row_keys,
        }
    }

    /// The template table whose header `k` belongs to, if it is a header:
    /// equal to one, or one starting the other when the shorter has at
    /// least four characters (`本年收费金额（单位：万元，保留4位小数）`).
    pub fn header_table(&self, k: &str) -> Option<usize> {
        let n = k.chars().count();
        self.header_keys.iter().position(|keys| {
            keys.iter().any(|h| {
                h == k || (n.min(h.chars().count()) >= 4 && (k.starts_with(h) || h.starts_with(k)))
            })
        })
    }

    /// Whether `k` is a text of a table's first header row (a new header).
    pub fn starts_header(&self, table: usize, k: &str) -> bool {
        self.first_row_keys
            .get(table)
            .is_some_and(|keys| keys.iter().any(|h| h == k))
    }

    /// The printed title of a template table: its section's heading.
    pub fn table_title(&self, table: usize) -> String {
        let section = &self.template.tables[table].section;
        let index = self
            .template
            .sections
            .iter()
            .position(|s| &s.key == section)
            .unwrap_or(0);
        format!(
            "{}{}",
            numbering::heading_number(1, index + 1),
            self.template.section_heading(section).unwrap_or_default()
        )
    }

    /// The printed label of a figure (for messages).
    pub fn label(&self, figure: &str) -> String {
        self.template
            .figures
            .get(figure)
            .map_or_else(|| figure.to_string(), |f| f.label.clone())
    }

    /// The figure a row's label cells name, trying the most specific label
    /// (the rightmost cell) first; an exact match beats a containing one,
    /// and an earlier alias a later one.
    pub fn match_row(&self, labels: &[&Cell]) -> Option<&RowSpec<'t>> {
        let keys: Vec<String> = labels.iter().map(|c| label_key(&c.text)).collect();
        let context: Vec<String> = labels.iter().map(|c| key(&c.text)).collect();
        for k in keys.iter().rev() {
            if k.is_empty() {
                continue;
            }
            let mut best: Option<(usize, &RowSpec)> = None;
            for spec in &self.rows {
                if let Some(group) = &spec.group {
                    if !context.iter().any(|c| c.contains(group.as_str())) {
                        continue;
                    }
                }
                for (rank, alias) in spec.aliases.iter().enumerate() {
                    let score = if k == alias {
                        100 - rank
                    } else if !spec.exact && k.contains(alias.as_str()) {
                        50 - rank
                    } else {
                        continue;
                    };
                    if best.is_none_or(|(s, _)| score > s) {
                        best = Some((score, spec));
                    }
                }
            }
            if let Some((_, spec)) = best {
                return Some(spec);
            }
        }
        None
    }

    /// The label-less figure whose aliases a column's header path names,
    /// the deepest header deciding (行政诉讼 › 复议后起诉 › 结果维持).
    pub fn match_header_path(&self, table: usize, path: &[String]) -> Option<&HeaderSpec<'t>> {
        for element in path.iter().rev() {
            let found: Vec<&HeaderSpec> = self
                .by_headers
                .iter()
                .filter(|s| s.table == table)
                .filter(|s| s.aliases.iter().any(|a| element.contains(a.as_str())))
                .collect();
            if let [one] = found.as_slice() {
                return Some(one);
            }
        }
        None
    }

    /// The figures of a template table: the row figures, then those found
    /// by headers.
    pub fn figures_of(&self, table: usize) -> Vec<&'t str> {
        self.rows
            .iter()
            .filter(|r| r.table == table)
            .map(|r| r.key)
            .chain(
                self.by_headers
                    .iter()
                    .filter(|h| h.table == table)
                    .map(|h| h.key),
            )
            .collect()
    }
}

/// The key of a label without its numbering (`1.属于国家秘密` →
/// `属于国家秘密`, `（七）总计` → `总计`).
pub fn label_key(text: &str) -> String {
    let flat: String = text.split('\n').collect();
    match numbered(&flat) {
        Some(n) => key(n.rest),
        None => key(&flat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::DEFAULT_TEMPLATE;

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|t| Cell {
                text: t.to_string(),
                ..Cell::default()
            })
            .collect()
    }

    #[test]
    fn every_printed_label_matches_its_own_figure() {
        let template = Template::built_in(DEFAULT_TEMPLATE).unwrap();
        let catalogue = Catalogue::new(&template);
        assert_eq!(catalogue.rows.len() + catalogue.by_headers.len(), 34);
        for spec in &catalogue.rows {
            let label = &template.figures[spec.key].label;
            let group = spec.group.as_ref().map(|_| "（六）其他处理");
            let texts: Vec<&str> = group.into_iter().chain([label.as_str()]).collect();
            let cells = cells(&texts);
            let refs: Vec<&Cell> = cells.iter().collect();
            assert_eq!(catalogue.match_row(&refs).map(|s| s.key), Some(spec.key));
        }
    }

    #[test]
    fn label_variants_of_real_reports() {
        let template = Template::built_in(DEFAULT_TEMPLATE).unwrap();
        let catalogue = Catalogue::new(&template);
        let m = |texts: &[&str]| {
            let cells = cells(texts);
            let refs: Vec<&Cell> = cells.iter().collect();
            catalogue.match_row(&refs).map(|s| s.key)
        };
        assert_eq!(m(&["规范性文件"]), Some("proactive.normative_documents"));
        assert_eq!(
            m(&["2.其他法律法规禁止公开"]),
            Some("applications.results.withheld.prohibited_by_law")
        );
        assert_eq!(
            m(&["三\n、\n本\n年\n度\n办\n理\n结\n果", "(一) 予以公开"]),
            Some("applications.results.disclosed")
        );
        assert_eq!(
            m(&["（二）部分公开(区分处理的,只计这一情形,不计其他情形)"]),
            Some("applications.results.partly_disclosed")
        );
        assert_eq!(m(&["3.其他"]), None);
        assert_eq!(m(&["(七) 总计"]), Some("applications.results.total"));
        assert!(catalogue.header_table("申请人情况").is_some());
        assert!(catalogue
            .header_table("本年收费金额单位万元保留4位小数")
            .is_some());
        assert_eq!(catalogue.header_table("总计"), None);
    }

    #[test]
    fn appeals_columns_by_their_header_path() {
        let template = Template::built_in(DEFAULT_TEMPLATE).unwrap();
        let catalogue = Catalogue::new(&template);
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let m = |p: &[&str]| catalogue.match_header_path(2, &path(p)).map(|s| s.key);
        assert_eq!(m(&["行政复议", "结果维持"]), Some("appeals.review"));
        assert_eq!(
            m(&["行政诉讼", "未经复议直接起诉", "总计"]),
            Some("appeals.suit_direct")
        );
        assert_eq!(
            m(&["行政诉讼", "复议后起诉", "结果纠正"]),
            Some("appeals.suit_after_review")
        );
    }
}
