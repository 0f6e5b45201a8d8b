//! Writing the editor's state as a JSON report. JSON has no comments to
//! keep, so the file is written anew (serde_json, pretty, two spaces), in
//! the contract's order: `report` first, the sections in the order of the
//! report, each table's figures in the order they are printed.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::state::{FigureValue, PartState, ProseState, Validated};
use crate::template::{SlotContent, Template};

/// A JSON value whose objects keep their keys in the order given.
enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    Text(String),
    Number(u64),
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Text(text) => serializer.serialize_str(text),
            Json::Number(n) => serializer.serialize_u64(*n),
        }
    }
}

impl Json {
    /// The object under `key`, added when missing.
    fn child(&mut self, key: &str) -> &mut Json {
        if !matches!(self, Json::Object(_)) {
            *self = Json::Object(Vec::new());
        }
        let Json::Object(entries) = self else {
            return self;
        };
        let index = match entries.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                entries.push((key.to_string(), Json::Object(Vec::new())));
                entries.len() - 1
            }
        };
        &mut entries[index].1
    }

    fn push(&mut self, key: &str, value: Json) {
        if let Json::Object(entries) = self {
            entries.push((key.to_string(), value));
        }
    }
}

/// The figure keys in the order the tables print them.
fn print_order(template: &Template) -> Vec<&str> {
    let mut order: Vec<&str> = Vec::new();
    let printed = template.tables.iter().flat_map(|t| &t.slots);
    for slot in printed {
        if let SlotContent::Value(path) = &slot.content {
            if !order.contains(&path.figure.as_str()) {
                order.push(&path.figure);
            }
        }
    }
    for key in template.figures.keys() {
        if !order.contains(&key.as_str()) {
            order.push(key);
        }
    }
    order
}

fn prose(target: &mut Json, prose: &ProseState) {
    if !prose.text.trim().is_empty() {
        target.push("text", Json::Text(prose.text.clone()));
    }
    if !prose.parts.is_empty() {
        target.push("parts", parts(&prose.parts));
    }
}

fn parts(parts: &[PartState]) -> Json {
    Json::Array(
        parts
            .iter()
            .map(|p| {
                let mut part =
                    Json::Object(vec![("heading".into(), Json::Text(p.heading.clone()))]);
                prose(
                    &mut part,
                    &ProseState {
                        text: p.text.clone(),
                        parts: p.parts.clone(),
                    },
                );
                part
            })
            .collect(),
    )
}

fn figure(value: &FigureValue) -> Option<Json> {
    Some(match value {
        FigureValue::Row(Some(values)) => {
            Json::Array(values.iter().map(|v| Json::Number(*v)).collect())
        }
        FigureValue::Keyed(columns) if columns.iter().any(|(_, v)| v.is_some()) => Json::Object(
            columns
                .iter()
                .filter_map(|(k, v)| v.map(|v| (k.clone(), Json::Number(v))))
                .collect(),
        ),
        FigureValue::Count(Some(n)) => Json::Number(*n),
        FigureValue::Fee(Some(fee)) => Json::Text(fee.clone()),
        _ => return None,
    })
}

/// The report as JSON text; `template_id` is kept when the file named one.
pub fn write(state: &Validated, template: &Template, template_id: Option<&str>) -> String {
    let meta = &state.state.meta;
    let mut root = Json::Object(Vec::new());
    if let Some(id) = template_id {
        root.push("template", Json::Text(id.to_string()));
    }
    let mut report = vec![
        ("agency".to_string(), Json::Text(meta.agency.clone())),
        ("year".to_string(), Json::Number(state.year)),
    ];
    for (key, text) in [
        ("title", &meta.title),
        ("signature", &meta.signature),
        ("date", &meta.date),
    ] {
        if !text.trim().is_empty() {
            report.push((key.to_string(), Json::Text(text.trim().to_string())));
        }
    }
    root.push("report", Json::Object(report));
    for section in &template.sections {
        let target = root.child(&section.key);
        if let Some(p) = state.state.sections.get(&section.key) {
            prose(target, p);
        }
    }
    for key in print_order(template) {
        let Some(value) = state.figures.get(key).and_then(figure) else {
            continue;
        };
        let path: Vec<&str> = key.split('.').collect();
        let Some((leaf, parents)) = path.split_last() else {
            continue;
        };
        let mut target = &mut root;
        for parent in parents {
            target = target.child(parent);
        }
        target.push(leaf, value);
    }
    let mut text = serde_json::to_string_pretty(&root).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::path::Path;

    use super::*;
    use crate::input::{text, Syntax};
    use crate::serve::state::EditState;
    use crate::template::DEFAULT_TEMPLATE;

    #[test]
    fn a_json_report_is_written_in_the_contracts_order_and_reads_back_the_same() {
        let source = include_str!("../../tests/data/laochengqu-2022.json");
        let template = Template::built_in(DEFAULT_TEMPLATE).unwrap();
        let parsed = text::read(Path::new("t.json"), Cow::Borrowed(source), Syntax::Json).unwrap();
        let state = EditState::from_raw(&parsed.report, &template);
        let written = write(&state.validate(&template).unwrap(), &template, None);
        let order: Vec<usize> = [
            "\"report\"",
            "\"overview\"",
            "\"proactive\"",
            "\"applications\"",
            "\"appeals\"",
        ]
        .iter()
        .map(|key| written.find(key).unwrap())
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{written}");
        let before = crate::model::from_text(Path::new("t.json"), source, Syntax::Json).unwrap();
        let after = crate::model::from_text(Path::new("t.json"), &written, Syntax::Json).unwrap();
        assert_eq!(before.figures, after.figures);
        assert_eq!(before.sections, after.sections);
        assert_eq!(before.meta, after.meta);
    }
}
