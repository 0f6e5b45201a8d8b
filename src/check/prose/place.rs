//! Describing where a finding is: the printed section heading, the row and
//! column labels and the value of the cells a rule names.

use super::Checker;
use crate::template::numbering::chinese_number;

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
    pub(super) fn describe(&self, name: &str, paths: &[String]) -> (String, String, String) {
        let t = self.template();
        let section = paths
            .first()
            .and_then(|p| p.split('.').next())
            .unwrap_or("");
        let where_ = self.section_heading(section);
        let cell = |p: &String| -> (String, String) {
            let (fig, _) = p.rsplit_once('.').unwrap_or((p, ""));
            let label = t
                .figures
                .get(fig)
                .map_or_else(|| fig.to_string(), |f| f.label.clone());
            let col = self.column_label(std::slice::from_ref(p));
            (label, col)
        };
        let total: u128 = paths.iter().filter_map(|p| self.value(p)).sum();
        if let [single] = paths {
            let (label, col) = cell(single);
            return (where_, format!("{label}·{col}"), total.to_string());
        }
        let col = self.column_label(paths);
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

    pub(super) fn row_labels(&self, paths: &[String]) -> String {
        let t = self.template();
        paths
            .iter()
            .map(|p| {
                let fig = p.rsplit_once('.').map_or(p.as_str(), |(f, _)| f);
                t.figures
                    .get(fig)
                    .map_or_else(|| fig.to_string(), |f| f.label.clone())
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    pub(super) fn column_label(&self, paths: &[String]) -> String {
        let t = self.template();
        paths
            .first()
            .and_then(|p| {
                let (fig, col) = p.rsplit_once('.')?;
                let set = t.columns_of(fig)?;
                let i = set.keys.iter().position(|k| k == col)?;
                set.labels.get(i).cloned()
            })
            .unwrap_or_default()
    }
}
