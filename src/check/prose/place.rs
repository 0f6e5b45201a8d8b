//! Describing where a finding is: the printed section heading, the row and
//! column labels and the value of the cells a rule names.

use super::Checker;
use crate::template::numbering::chinese_number;
use crate::template::FigurePath;

impl Checker<'_> {
    /// `三、收到和处理政府信息公开申请情况`.
    pub(super) fn section_heading(&self, key: &str) -> String {
        let t = self.template();
        match t.sections.iter().position(|s| s.key == key) {
            Some(i) => format!("{}、{}", chinese_number(i + 1), t.sections[i].heading),
            None => key.to_string(),
        }
    }

    /// The printed table heading, the cells and their value as text.
    pub(super) fn describe(&self, name: &str, paths: &[FigurePath]) -> (String, String, String) {
        let section = paths.first().map_or("", FigurePath::section);
        let where_ = self.section_heading(section);
        let cell = |p: &FigurePath| -> (String, String) {
            let col = self.column_text(std::slice::from_ref(p));
            (self.row_label(p), col)
        };
        let total: u128 = paths.iter().filter_map(|p| self.value(p)).sum();
        if let [single] = paths {
            let (label, col) = cell(single);
            return (where_, format!("{label}·{col}"), total.to_string());
        }
        let col = self.column_text(paths);
        let terms: Vec<(String, u128)> = paths
            .iter()
            .map(|p| (cell(p).0, self.value(p).unwrap_or(0)))
            .collect();
        let shown: Vec<String> = terms
            .iter()
            .filter(|(_, v)| terms.len() <= 3 || *v > 0)
            .map(|(l, v)| format!("{l} {v}"))
            .collect();
        let detail = if shown.is_empty() {
            total.to_string()
        } else {
            format!("{total}（{}）", shown.join(" + "))
        };
        (where_, format!("{name}·{col}"), detail)
    }

    /// The printed label of a path's figure.
    fn row_label(&self, path: &FigurePath) -> String {
        self.template()
            .figures
            .get(&path.figure)
            .map_or_else(|| path.figure.clone(), |f| f.label.clone())
    }

    /// The printed labels of the paths' rows, each once.
    pub(super) fn row_labels(&self, paths: &[FigurePath]) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        for label in paths.iter().map(|p| self.row_label(p)) {
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        labels
    }

    /// The printed label of the first path's column, as a finding lists it.
    pub(super) fn column_label(&self, paths: &[FigurePath]) -> Vec<String> {
        let label = self.column_text(paths);
        if label.is_empty() {
            Vec::new()
        } else {
            vec![label]
        }
    }

    /// The printed label of the first path's column.
    pub(super) fn column_text(&self, paths: &[FigurePath]) -> String {
        paths
            .first()
            .and_then(|p| self.template().column_label(p))
            .unwrap_or_default()
            .to_string()
    }
}
