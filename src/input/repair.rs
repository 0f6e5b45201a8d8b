//! Every error of a file whose syntax is right but whose tree the contract
//! refuses: serde stops at the first wrong key or value, so the tree is
//! read again with that key set aside (an unknown or wrong key removed, a
//! wrong number in a row replaced by 0, a missing required key filled with
//! a stand-in) until it reads, each stop one more error. The stand-ins only
//! let reading go on: a file with any error is refused as a whole, and a
//! required key that was only missing because its wrong value was set aside
//! is not reported twice.

use std::borrow::Cow;
use std::ops::Range;

use serde_path_to_error::Segment;

use super::error::{InputError, InputErrorKind};
use super::raw::RawReport;

/// More than this many errors in one file are not worth reading further:
/// the file is probably not a report at all.
const MAX_ERRORS: usize = 50;

/// One stop of serde: the key path, serde's message and, when the tree
/// has them, the byte span of the value.
pub(super) struct Found {
    pub path: String,
    pub message: String,
    pub span: Option<Range<usize>>,
}

/// A step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// How a key is set aside.
pub(super) enum Edit<'k> {
    Remove,
    Zero,
    Insert(&'k str),
}

/// A parsed tree that can be read as the contract and edited.
pub(super) trait Tree: Clone {
    fn read(self) -> Result<RawReport, (Found, Vec<Step>)>;
    /// Applies `edit` at `at`; false when `at` is not in the tree.
    fn edit(&mut self, at: &[Step], edit: Edit) -> bool;
}

fn steps(path: &serde_path_to_error::Path) -> Vec<Step> {
    path.iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(Step::Index(*index)),
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Enum { variant } => Some(Step::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
}

/// Every error of `tree`, in the order serde meets them; `describe` makes
/// each stop an error (with its place) and says what kind it is.
pub(super) fn all_errors<T: Tree>(
    mut tree: T,
    describe: impl Fn(&Found) -> (InputError, InputErrorKind),
) -> Vec<InputError> {
    let mut errors = Vec::new();
    let mut set_aside: Vec<String> = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut zeroed: Vec<String> = Vec::new();
    for _ in 0..MAX_ERRORS {
        let Err((found, mut at)) = tree.clone().read() else {
            break;
        };
        // Setting a value aside must move reading on: the same path again
        // (a row's number already replaced by 0) ends it.
        if seen.contains(&(found.path.clone(), found.message.clone()))
            || (zeroed.contains(&found.path) && matches!(at.last(), Some(Step::Index(_))))
        {
            break;
        }
        seen.push((found.path.clone(), found.message.clone()));
        let (error, kind) = describe(&found);
        let edit = match &kind {
            InputErrorKind::UnknownKey { key, .. } => {
                if at.last() != Some(&Step::Key(key.clone())) {
                    at.push(Step::Key(key.clone()));
                }
                Edit::Remove
            }
            InputErrorKind::MissingKey(name) => {
                let full = match found.path.as_str() {
                    "" | "." => name.clone(),
                    parent => format!("{parent}.{name}"),
                };
                if !set_aside.contains(&full) {
                    errors.push(error);
                }
                if !tree.edit(&at, Edit::Insert(name)) {
                    break;
                }
                continue;
            }
            _ if matches!(at.last(), Some(Step::Index(_))) => {
                zeroed.push(found.path.clone());
                Edit::Zero
            }
            _ => Edit::Remove,
        };
        errors.push(error);
        set_aside.push(found.path.clone());
        if !tree.edit(&at, edit) {
            break;
        }
    }
    errors
}

/// The stand-in for a required key: a number for `year`, the smallest
/// `[report]` for `report`, else an empty string (`agency`, `heading`).
enum StandIn {
    Number,
    Report,
    Text,
}

fn stand_in(name: &str) -> StandIn {
    match name {
        "year" => StandIn::Number,
        "report" => StandIn::Report,
        _ => StandIn::Text,
    }
}

type TomlTable<'i> = toml::Spanned<toml::de::DeTable<'i>>;

impl<'i> Tree for TomlTable<'i> {
    fn read(self) -> Result<RawReport, (Found, Vec<Step>)> {
        serde_path_to_error::deserialize(toml::de::Deserializer::from(self)).map_err(|e| {
            let at = steps(e.path());
            let path = e.path().to_string();
            let inner = e.into_inner();
            let found = Found {
                path,
                message: inner.message().to_string(),
                span: inner.span(),
            };
            (found, at)
        })
    }

    fn edit(&mut self, at: &[Step], edit: Edit) -> bool {
        let table = std::mem::replace(self.get_mut(), toml::de::DeTable::new());
        let mut root = toml::de::DeValue::Table(table);
        let done = toml_edit(&mut root, at, edit);
        if let toml::de::DeValue::Table(table) = root {
            *self.get_mut() = table;
        }
        done
    }
}

fn toml_child<'t, 'i>(
    node: &'t mut toml::de::DeValue<'i>,
    step: &Step,
) -> Option<&'t mut toml::de::DeValue<'i>> {
    match (node, step) {
        (toml::de::DeValue::Table(t), Step::Key(k)) => t
            .iter_mut()
            .find(|(key, _)| key.get_ref() == k)
            .map(|(_, v)| v.get_mut()),
        (toml::de::DeValue::Array(a), Step::Index(i)) => a.get_mut(*i).map(|v| v.get_mut()),
        _ => None,
    }
}

fn toml_edit(root: &mut toml::de::DeValue<'_>, at: &[Step], edit: Edit) -> bool {
    use toml::de::DeValue;
    let Some((last, parents)) = at.split_last() else {
        return match (edit, root) {
            (Edit::Insert(name), DeValue::Table(t)) => toml_insert(t, name),
            _ => false,
        };
    };
    let mut node = root;
    for step in parents {
        match toml_child(node, step) {
            Some(child) => node = child,
            None => return false,
        }
    }
    match (last, edit) {
        (_, Edit::Insert(name)) => match toml_child(node, last) {
            Some(DeValue::Table(t)) => toml_insert(t, name),
            _ => false,
        },
        (Step::Index(_), _) => match toml_child(node, last) {
            Some(item) => {
                *item = DeValue::Integer(toml::de::DeInteger::default());
                true
            }
            None => false,
        },
        (Step::Key(k), _) => match node {
            DeValue::Table(t) => {
                let Some(key) = t.keys().find(|key| key.get_ref() == k).cloned() else {
                    return false;
                };
                t.remove(&key).is_some()
            }
            _ => false,
        },
    }
}

fn toml_insert(table: &mut toml::de::DeTable<'_>, name: &str) -> bool {
    fn spanned<T>(v: T) -> toml::Spanned<T> {
        toml::Spanned::new(0..0, v)
    }
    let text = |s: &'static str| toml::de::DeValue::String(Cow::Borrowed(s));
    let number = || toml::de::DeValue::Integer(toml::de::DeInteger::default());
    let value = match stand_in(name) {
        StandIn::Number => number(),
        StandIn::Text => text(""),
        StandIn::Report => {
            let mut report = toml::de::DeTable::new();
            report.insert(spanned(Cow::Borrowed("agency")), spanned(text("")));
            report.insert(spanned(Cow::Borrowed("year")), spanned(number()));
            toml::de::DeValue::Table(report)
        }
    };
    table
        .insert(spanned(Cow::Owned(name.to_string())), spanned(value))
        .is_none()
}

impl Tree for serde_json::Value {
    fn read(self) -> Result<RawReport, (Found, Vec<Step>)> {
        serde_path_to_error::deserialize(self).map_err(|e| {
            let at = steps(e.path());
            let path = e.path().to_string();
            let found = Found {
                path,
                message: e.into_inner().to_string(),
                span: None,
            };
            (found, at)
        })
    }

    fn edit(&mut self, at: &[Step], edit: Edit) -> bool {
        let Some((last, parents)) = at.split_last() else {
            return match (edit, self) {
                (Edit::Insert(name), serde_json::Value::Object(map)) => json_insert(map, name),
                _ => false,
            };
        };
        let mut node = self;
        for step in parents {
            let next = match (step, node) {
                (Step::Key(k), serde_json::Value::Object(map)) => map.get_mut(k),
                (Step::Index(i), serde_json::Value::Array(items)) => items.get_mut(*i),
                _ => None,
            };
            let Some(next) = next else {
                return false;
            };
            node = next;
        }
        match (last, node, edit) {
            (Step::Index(i), serde_json::Value::Array(items), Edit::Remove | Edit::Zero) => {
                items.get_mut(*i).map(|v| *v = 0.into()).is_some()
            }
            (Step::Key(k), serde_json::Value::Object(map), Edit::Remove | Edit::Zero) => {
                map.remove(k).is_some()
            }
            (Step::Key(k), serde_json::Value::Object(map), Edit::Insert(name)) => {
                match map.get_mut(k) {
                    Some(serde_json::Value::Object(inner)) => json_insert(inner, name),
                    _ => false,
                }
            }
            (Step::Index(i), serde_json::Value::Array(items), Edit::Insert(name)) => {
                match items.get_mut(*i) {
                    Some(serde_json::Value::Object(inner)) => json_insert(inner, name),
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

fn json_insert(map: &mut serde_json::Map<String, serde_json::Value>, name: &str) -> bool {
    let value = match stand_in(name) {
        StandIn::Number => serde_json::json!(0),
        StandIn::Text => serde_json::json!(""),
        StandIn::Report => serde_json::json!({ "agency": "", "year": 0 }),
    };
    map.insert(name.to_string(), value).is_none()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::input::text;
    use crate::input::Syntax;

    fn errors(source: &str, syntax: Syntax) -> Vec<String> {
        match text::read_all(Path::new("r"), Cow::Borrowed(source), syntax) {
            Ok(_) => Vec::new(),
            Err(refused) => refused
                .errors
                .iter()
                .map(|e| format!("{:?} {}", e.line(), e.key.clone().unwrap_or_default()))
                .collect(),
        }
    }

    #[test]
    fn every_refused_key_is_named_in_line_order() {
        let source = "[report]\nagency = 5\nyear = 2022\n\n[applications]\nnew = [1, -2, 0, 0, 0, 0]\nnwe = [1]\n\n[appeals]\nreview = \"x\"\n";
        assert_eq!(
            errors(source, Syntax::Toml),
            [
                "Some(2) report.agency",
                "Some(6) applications.new[1]",
                "Some(7) applications.nwe",
                "Some(10) appeals.review",
            ]
        );
        let json = r#"{"report": {"agency": 5, "year": 2022},
"applications": {"new": [1, -2, 0, 0, 0, 0], "nwe": [1]},
"appeals": {"review": "x"}}"#;
        assert_eq!(
            errors(json, Syntax::Json),
            [
                "Some(1) report.agency",
                "Some(2) applications.new[1]",
                "Some(2) applications.nwe",
                "Some(3) appeals.review",
            ]
        );
    }

    #[test]
    fn a_missing_table_is_one_error_and_reading_goes_on() {
        let source = "[overview]\ntxt = \"\"\n";
        assert_eq!(
            errors(source, Syntax::Toml),
            ["Some(1) ", "Some(2) overview.txt"]
        );
    }

    #[test]
    fn every_syntax_error_of_a_toml_file_is_named() {
        let source = "[report]\nagency = \"x\"\nyear = 2022\n[applications\nnew = [1, 0, 0, 0, 0, 0\n\n[appeals]\nreview = [0, 0, 0, 0,, 0]\n";
        let found = errors(source, Syntax::Toml);
        assert!(found.len() >= 2, "{found:?}");
        assert_eq!(found[0], "Some(4) ");
        assert!(found.iter().any(|f| f == "Some(8) "), "{found:?}");
    }
}
