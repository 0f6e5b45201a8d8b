//! `gongwen schema`: a JSON Schema of the input contract for editors. Row
//! lengths and labels come from the template, so the schema describes what
//! the checker accepts.

use serde_json::{json, Map, Value};

use crate::template::{FigureKind, Template};

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn count(description: &str) -> Value {
    json!({ "type": "integer", "minimum": 0, "description": description })
}

fn prose(description: &str) -> Value {
    json!({
        "type": "object",
        "description": description,
        "additionalProperties": false,
        "properties": {
            "text": text("每行一段（段落之间可以空行）；要在文件里把一段写成多行，行末写 \\"),
            "parts": { "type": "array", "items": { "$ref": "#/$defs/part" } }
        }
    })
}

/// Builds the schema.
pub fn json_schema(template: &Template) -> Value {
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("{}（{}）", template.name, template.basis),
        "type": "object",
        "additionalProperties": false,
        "required": ["report"],
        "properties": {
            "template": { "type": "string", "enum": [template.id] },
            "report": {
                "type": "object",
                "additionalProperties": false,
                "required": ["agency", "year"],
                "properties": {
                    "agency": text("发文机关"),
                    "year": { "type": "integer", "minimum": 1949, "maximum": 2999, "description": "报告年度" },
                    "title": text("标题"),
                    "signature": text("发文机关署名"),
                    "date": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", "description": "成文日期 YYYY-MM-DD" }
                }
            }
        },
        "$defs": {
            "part": {
                "type": "object",
                "additionalProperties": false,
                "required": ["heading"],
                "properties": {
                    "heading": text("小标题，不写编号"),
                    "text": text("段落"),
                    "parts": { "type": "array", "items": { "$ref": "#/$defs/part" } }
                }
            }
        }
    });
    for section in &template.sections {
        root["properties"][section.key.as_str()] = prose(&section.heading);
    }
    for (path, def) in &template.figures {
        let schema = match (template.columns_of(path), def.kind) {
            (Some(set), _) if !set.has_total => {
                let props: Map<String, Value> = set
                    .keys
                    .iter()
                    .zip(&set.labels)
                    .map(|(k, l)| (k.clone(), count(l)))
                    .collect();
                json!({ "type": "object", "additionalProperties": false, "properties": props, "description": def.label })
            }
            (Some(set), _) => json!({
                "type": "array",
                "items": { "type": "integer", "minimum": 0 },
                "minItems": set.parts(),
                "maxItems": set.labels.len(),
                "description": format!("{}：{}（总计可省略，省略时自动计算）", def.label, set.labels.join("、")),
            }),
            (None, FigureKind::Decimal) => json!({
                "description": format!("{}（万元）", def.label),
                "oneOf": [
                    { "type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$" },
                    { "type": "number", "minimum": 0 }
                ]
            }),
            (None, FigureKind::Count) => count(&def.label),
        };
        insert_path(&mut root, path, schema);
    }
    root
}

/// Puts `schema` at `a.b.c` under nested object schemas, creating them.
fn insert_path(root: &mut Value, path: &str, schema: Value) {
    let keys: Vec<&str> = path.split('.').collect();
    let mut node = root;
    for key in &keys[..keys.len() - 1] {
        let props = node["properties"].as_object_mut().map(|m| {
            m.entry(key.to_string()).or_insert_with(
                || json!({ "type": "object", "additionalProperties": false, "properties": {} }),
            )
        });
        let Some(next) = props else { return };
        node = next;
    }
    if !node["properties"].is_object() {
        node["properties"] = json!({});
    }
    node["properties"][keys[keys.len() - 1]] = schema;
}
