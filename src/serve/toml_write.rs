//! Writing the editor's state back into a TOML report with `toml_edit`:
//! only the values that changed are touched, so the user's comments, key
//! order, spacing and string styles stay as they wrote them.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::error::ApiError;
use super::state::{editor_text, FigureValue, PartState, ProseState, Validated};

/// `source` with the state's values written in.
pub fn apply(source: &str, state: &Validated) -> Result<String, ApiError> {
    let mut doc: DocumentMut = source.parse().map_err(|e: toml_edit::TomlError| {
        ApiError::unprocessable(format!("文件不是有效的 TOML，无法写回：{}", e.message()))
    })?;
    let root = doc.as_table_mut();
    let meta = &state.state.meta;
    let report = table_at(root, &["report"])?;
    set_string(report, "agency", Some(&meta.agency));
    set_integer(report, "year", Some(state.year));
    set_string(report, "title", non_empty(&meta.title));
    set_string(report, "signature", non_empty(&meta.signature));
    set_date(report, non_empty(&meta.date));
    for (key, prose) in &state.state.sections {
        let table = table_at(root, &[key.as_str()])?;
        apply_prose(table, prose)?;
    }
    for (key, value) in &state.figures {
        let path: Vec<&str> = key.split('.').collect();
        let (leaf, parents) = path.split_last().unwrap_or((&"", &[]));
        let table = table_at(root, parents)?;
        apply_figure(table, leaf, value)?;
    }
    Ok(doc.to_string())
}

fn non_empty(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(text)
}

fn unwritable(what: &str) -> ApiError {
    ApiError::unprocessable(format!(
        "文件中 {what} 的写法无法自动修改（不是表），请用文本编辑器修改"
    ))
}

/// The table (or inline table) at `path`, created where missing.
fn table_at<'a>(
    root: &'a mut dyn TableLike,
    path: &[&str],
) -> Result<&'a mut dyn TableLike, ApiError> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(root);
    };
    if !root.contains_key(first) {
        let mut table = Table::new();
        table.set_implicit(true);
        root.insert(first, Item::Table(table));
    }
    let item = root.get_mut(first).ok_or_else(|| unwritable(first))?;
    let table = item.as_table_like_mut().ok_or_else(|| unwritable(first))?;
    table_at(table, rest)
}

fn set_string(table: &mut dyn TableLike, key: &str, text: Option<&str>) {
    let current = table.get(key).and_then(Item::as_str);
    match text {
        None if current.is_some() => {
            table.remove(key);
        }
        None => {}
        Some(text) if current == Some(text) => {}
        Some(text) => set_value(table, key, Value::from(text)),
    }
}

fn set_integer(table: &mut dyn TableLike, key: &str, number: Option<u64>) {
    let current = table.get(key).and_then(Item::as_integer);
    match number {
        None => {
            table.remove(key);
        }
        Some(n) if current.and_then(|c| u64::try_from(c).ok()) == Some(n) => {}
        // Validation keeps counts within i64.
        Some(n) => set_value(table, key, Value::from(n as i64)),
    }
}

/// A date stays a TOML date literal if the user wrote one.
fn set_date(table: &mut dyn TableLike, text: Option<&str>) {
    let current = table.get("date");
    let current_text = current.and_then(|item| match item.as_value() {
        Some(Value::String(s)) => Some(s.value().clone()),
        Some(Value::Datetime(d)) => Some(d.value().to_string()),
        _ => None,
    });
    let Some(text) = text else {
        table.remove("date");
        return;
    };
    if current_text.as_deref() == Some(text.trim()) {
        return;
    }
    let was_literal = matches!(current.and_then(Item::as_value), Some(Value::Datetime(_)));
    let literal = text
        .trim()
        .parse::<toml_edit::Datetime>()
        .ok()
        .filter(|_| was_literal);
    match literal {
        Some(date) => set_value(table, "date", Value::from(date)),
        None => set_value(table, "date", Value::from(text.trim())),
    }
}

/// Replaces a value, keeping the spaces and comment around the old one.
/// The key itself is left alone: its decor holds the comment above it and
/// the spaces that align the `=` signs.
fn set_value(table: &mut dyn TableLike, key: &str, mut value: Value) {
    match table.get_mut(key) {
        Some(item) => {
            if let Item::Value(old) = item {
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// A text as the file will hold it: the editor's text, with the line break
/// a multi-line string of the file ended with.
fn set_text(table: &mut dyn TableLike, key: &str, text: &str) {
    let current = table.get(key).and_then(Item::as_str);
    match current {
        Some(old) if editor_text(old) == editor_text(text) => {}
        None if text.trim().is_empty() => {}
        _ => {
            let multi_line = text.contains('\n') || current.is_some_and(|c| c.ends_with('\n'));
            let mut written = editor_text(text);
            if multi_line {
                written.push('\n');
            }
            set_value(table, key, Value::from(written));
        }
    }
}

fn apply_prose(table: &mut dyn TableLike, prose: &ProseState) -> Result<(), ApiError> {
    set_text(table, "text", &prose.text);
    apply_parts(table, &prose.parts)
}

/// The parts of a section or part: kept ones edited in place, deleted ones
/// removed, added ones appended, so a kept part keeps its comments.
fn apply_parts(table: &mut dyn TableLike, parts: &[PartState]) -> Result<(), ApiError> {
    let kept: Vec<usize> = parts.iter().filter_map(|p| p.origin).collect();
    let added_before_kept = parts
        .iter()
        .skip_while(|p| p.origin.is_some())
        .any(|p| p.origin.is_some());
    if kept.windows(2).any(|w| w[0] >= w[1]) || added_before_kept {
        return Err(ApiError::bad_request(
            "部分的顺序不能调整，只能删除或在末尾添加".into(),
        ));
    }
    if !table.contains_key("parts") {
        if parts.is_empty() {
            return Ok(());
        }
        if !kept.is_empty() {
            return Err(ApiError::conflict("文件中没有这些部分，请重新打开".into()));
        }
        table.insert("parts", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let item = table.get_mut("parts").ok_or_else(|| unwritable("parts"))?;
    let mut list = match item {
        Item::ArrayOfTables(tables) => PartList::Tables(tables),
        Item::Value(Value::Array(array)) => PartList::Inline(array),
        _ => return Err(unwritable("parts")),
    };
    let old_len = list.len();
    if kept.iter().any(|&i| i >= old_len) {
        return Err(ApiError::conflict(
            "文件中的部分与编辑页不一致，请重新打开".into(),
        ));
    }
    for i in (0..old_len).rev() {
        if !kept.contains(&i) {
            list.remove(i);
        }
    }
    for (index, part) in parts.iter().enumerate() {
        if part.origin.is_none() {
            list.push_empty();
        }
        let table = list.get_mut(index).ok_or_else(|| unwritable("parts"))?;
        set_string(table, "heading", Some(&part.heading));
        set_text(table, "text", &part.text);
        apply_parts(table, &part.parts)?;
    }
    if list.len() == 0 {
        table.remove("parts");
    }
    Ok(())
}

/// `[[x.parts]]` tables, or an inline array of inline tables.
enum PartList<'a> {
    Tables(&'a mut ArrayOfTables),
    Inline(&'a mut Array),
}

impl PartList<'_> {
    fn len(&self) -> usize {
        match self {
            PartList::Tables(t) => t.len(),
            PartList::Inline(a) => a.len(),
        }
    }

    fn remove(&mut self, index: usize) {
        match self {
            PartList::Tables(t) => {
                t.remove(index);
            }
            PartList::Inline(a) => {
                a.remove(index);
            }
        }
    }

    fn push_empty(&mut self) {
        match self {
            PartList::Tables(t) => t.push(Table::new()),
            PartList::Inline(a) => a.push(InlineTable::new()),
        }
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut dyn TableLike> {
        match self {
            PartList::Tables(t) => t.get_mut(index).map(|t| t as &mut dyn TableLike),
            PartList::Inline(a) => a
                .get_mut(index)
                .and_then(Value::as_inline_table_mut)
                .map(|t| t as &mut dyn TableLike),
        }
    }
}

fn apply_figure(table: &mut dyn TableLike, key: &str, value: &FigureValue) -> Result<(), ApiError> {
    match value {
        FigureValue::Count(n) => set_integer(table, key, *n),
        FigureValue::Fee(fee) => {
            let current = table.get(key).and_then(Item::as_value).map(fee_text);
            match fee {
                None => {
                    table.remove(key);
                }
                Some(f) if current.as_deref() == Some(f.as_str()) => {}
                Some(f) => set_value(table, key, Value::from(f.as_str())),
            }
        }
        FigureValue::Row(None) => {
            table.remove(key);
        }
        FigureValue::Row(Some(values)) => set_row(table, key, values),
        FigureValue::Keyed(columns) => {
            if columns.iter().all(|(_, v)| v.is_none()) {
                table.remove(key);
                return Ok(());
            }
            if !table.contains_key(key) {
                let mut inline = InlineTable::new();
                for (column, v) in columns {
                    if let Some(v) = v {
                        inline.insert(column, Value::from(*v as i64));
                    }
                }
                set_value(table, key, Value::InlineTable(inline));
                return Ok(());
            }
            let item = table.get_mut(key).ok_or_else(|| unwritable(key))?;
            let keyed = item.as_table_like_mut().ok_or_else(|| unwritable(key))?;
            for (column, v) in columns {
                set_integer(keyed, column, *v);
            }
        }
    }
    Ok(())
}

/// The fee as the file writes it, as text: `"0.5"`, `0`, `0.5`.
fn fee_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.value().clone(),
        Value::Integer(i) => i.value().to_string(),
        Value::Float(f) => format!("{}", f.value()),
        other => other.to_string(),
    }
}

/// A row of counts: changed numbers replaced in place (each keeps its
/// spacing), a total added or dropped at the end.
fn set_row(table: &mut dyn TableLike, key: &str, values: &[u64]) {
    let Some(Item::Value(Value::Array(array))) = table.get_mut(key) else {
        let array: Array = values.iter().map(|v| *v as i64).collect();
        set_value(table, key, Value::Array(array));
        return;
    };
    let same = |i: usize, array: &Array| {
        array
            .get(i)
            .and_then(Value::as_integer)
            .and_then(|n| u64::try_from(n).ok())
            == Some(values[i])
    };
    for (i, value) in values.iter().enumerate().take(array.len()) {
        if !same(i, array) {
            array.replace(i, *value as i64);
        }
    }
    while array.len() > values.len() {
        array.remove(array.len() - 1);
    }
    for v in &values[array.len()..] {
        array.push(*v as i64);
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::path::Path;

    use super::*;
    use crate::input::{text, Syntax};
    use crate::serve::state::EditState;
    use crate::template::{Template, DEFAULT_TEMPLATE};

    const SEED: &str = include_str!("../../examples/laochengqu-2022.toml");

    fn state_of(source: &str) -> EditState {
        let parsed = text::read(Path::new("t.toml"), Cow::Borrowed(source), Syntax::Toml).unwrap();
        let template = Template::built_in(DEFAULT_TEMPLATE).unwrap();
        EditState::from_raw(&parsed.report, &template)
    }

    fn write(source: &str, state: &EditState) -> String {
        let template = Template::built_in(DEFAULT_TEMPLATE).unwrap();
        apply(source, &state.validate(&template).unwrap()).unwrap()
    }

    #[test]
    fn an_unchanged_state_writes_the_file_byte_for_byte() {
        assert_eq!(write(SEED, &state_of(SEED)), SEED);
        let skeleton = crate::input::skeleton::skeleton(
            &Template::built_in(DEFAULT_TEMPLATE).unwrap(),
            "某某县人民政府办公室",
            2025,
        );
        assert_eq!(write(&skeleton, &state_of(&skeleton)), skeleton);
    }

    #[test]
    fn a_changed_number_is_replaced_in_place() {
        let mut state = state_of(SEED);
        state
            .figures
            .get_mut("applications.results.disclosed")
            .unwrap()[0] = "8".into();
        let out = write(SEED, &state);
        let expected = SEED.replace(
            "disclosed        = [7, 0, 0, 0, 0, 0, 7]",
            "disclosed        = [8, 0, 0, 0, 0, 0, 7]",
        );
        assert_eq!(out, expected);
        // A blank total is left out, so the tool computes it.
        state.figures.get_mut("applications.new").unwrap()[6] = String::new();
        let out = write(SEED, &state);
        assert!(out.contains("new         = [15, 0, 0, 0, 0, 0]\n"), "{out}");
    }

    #[test]
    fn prose_edits_keep_comments_and_parts_keep_their_place() {
        let mut state = state_of(SEED);
        let overview = state.sections.get_mut("overview").unwrap();
        overview.parts[1].text = "截至2022年12月31日，共收到申请15件。\n\n第二段。".into();
        // Delete 政府信息管理, add one at the end.
        overview.parts.remove(2);
        overview.parts.push(crate::serve::state::PartState {
            origin: None,
            heading: "新的部分".into(),
            text: "内容。".into(),
            parts: Vec::new(),
        });
        let out = write(SEED, &state);
        assert!(
            out.starts_with("# 老城区人民政府办公室2022年"),
            "comments kept"
        );
        let added = out.find("heading = \"新的部分\"").unwrap();
        assert!(
            added < out.find("[proactive]").unwrap(),
            "an added part follows its siblings"
        );
        assert!(
            out.contains("text = \"\"\"\n截至2022年12月31日，共收到申请15件。\n\n第二段。\n\"\"\""),
            "{out}"
        );
        assert!(!out.contains("heading = \"政府信息管理\""));
        let reread = state_of(&out);
        let headings: Vec<&str> = reread.sections["overview"]
            .parts
            .iter()
            .map(|p| p.heading.as_str())
            .collect();
        assert_eq!(
            headings,
            [
                "主动公开",
                "依申请公开",
                "政府信息公开平台建设",
                "监督保障",
                "新的部分"
            ]
        );
        assert_eq!(reread.sections["overview"].parts[4].text, "内容。");
        // The tables after the parts are untouched.
        assert!(out.contains(
            "[proactive]\nrules               = { issued = 0, repealed = 0, in_force = 0 }"
        ));
    }

    #[test]
    fn missing_tables_and_keys_are_added() {
        let source = "[report]\nagency = \"某机关\"\nyear = 2023\n";
        let mut state = state_of(source);
        state.figures.insert(
            "proactive.rules".into(),
            vec!["1".into(), "".into(), "2".into()],
        );
        state.figures.insert(
            "applications.results.withheld.third_party".into(),
            vec!["1", "0", "0", "0", "0", "0", ""]
                .into_iter()
                .map(String::from)
                .collect(),
        );
        state.meta.date = "2024-01-20".into();
        let out = write(source, &state);
        let reread = state_of(&out);
        assert_eq!(reread.figures["proactive.rules"], ["1", "", "2"]);
        assert_eq!(
            reread.figures["applications.results.withheld.third_party"],
            ["1", "0", "0", "0", "0", "0", ""]
        );
        assert_eq!(reread.meta.date, "2024-01-20");
        crate::model::from_text(Path::new("t.toml"), &out, Syntax::Toml).unwrap();
    }
}
