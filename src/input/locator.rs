//! Where a key path (`applications.new`, `overview.parts[1].text`,
//! `applications.new[6]`) was written in a TOML or JSON file: the text
//! reader's [`Places`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::place::{line_col, Place, Places, Syntax};

/// Maps key paths to 1-based lines and columns of the source text.
pub struct Locator<'a> {
    source: Cow<'a, str>,
    syntax: Syntax,
    /// Every key path of a TOML file with where its key and its value are,
    /// built on the first question: one parse answers them all.
    index: OnceLock<HashMap<String, Spot>>,
}

/// Where a key and its value are, as byte offsets.
#[derive(Debug, Clone)]
struct Spot {
    key: Option<usize>,
    value: Range<usize>,
}

impl Places for Locator<'_> {
    fn of_key(&self, key: &str) -> Option<Place> {
        self.find(key)
    }

    /// Where `text` is written inside the value at `key`, or, when the
    /// value cannot be told apart (JSON), anywhere in the file.
    fn of_text(&self, key: &str, text: &str) -> Option<Place> {
        let within = self
            .spot(key)
            .map_or(0..self.source.len(), |s| s.value.clone());
        let region = self.source.get(within.clone())?;
        region
            .find(text)
            .map(|at| within.start + at)
            .or_else(|| self.source.find(text))
            .map(|offset| self.place(offset))
    }
}

impl<'a> Locator<'a> {
    /// A locator over the text of a file read as `syntax`; nothing is parsed
    /// until the first question.
    pub fn new(source: Cow<'a, str>, syntax: Syntax) -> Self {
        Locator {
            source,
            syntax,
            index: OnceLock::new(),
        }
    }

    fn place(&self, offset: usize) -> Place {
        let (line, column) = line_col(&self.source, offset);
        Place::Text { line, column }
    }

    /// The place of the value at `path`, or of the deepest key of it that
    /// can be found.
    pub fn find(&self, path: &str) -> Option<Place> {
        match self.syntax {
            Syntax::Toml => {
                let mut path = path.trim_end_matches(['.', '?']);
                loop {
                    if let Some(spot) = self.spot(path) {
                        return Some(self.place(spot.value.start));
                    }
                    path = parent(path)?;
                }
            }
            Syntax::Json => self.find_json(path).map(|o| self.place(o)),
        }
    }

    /// The place of the key itself at `path` (where a misspelt key was
    /// typed), or of its value when the key has no text of its own.
    pub fn find_key(&self, path: &str) -> Option<Place> {
        match self.spot(path) {
            Some(spot) => Some(self.place(spot.key.unwrap_or(spot.value.start))),
            None => self.find(path),
        }
    }

    /// Only the exact path, TOML only.
    fn spot(&self, path: &str) -> Option<&Spot> {
        if self.syntax != Syntax::Toml {
            return None;
        }
        self.index
            .get_or_init(|| toml_index(&self.source))
            .get(path)
    }

    /// JSON carries no spans through serde, so follow the keys textually:
    /// each key is searched for after the previous one.
    fn find_json(&self, path: &str) -> Option<usize> {
        let keys = path
            .split('.')
            .map(|k| k.split('[').next().unwrap_or(k))
            .filter(|k| !k.is_empty() && *k != "?");
        let mut from = 0;
        // A path with no key (the document itself): where it starts.
        let mut found = self.source.find(|c: char| !c.is_whitespace());
        for key in keys {
            let needle = format!("\"{key}\"");
            let Some(at) = self.source[from..].find(&needle) else {
                break;
            };
            found = Some(at + from);
            from += at + needle.len();
        }
        found
    }
}

/// `a.b[2]` → `a.b`, `a.b` → `a`, `a` → none.
fn parent(path: &str) -> Option<&str> {
    let cut = path.rfind(['.', '['])?;
    Some(&path[..cut])
}

/// Every key path of a TOML text, arrays by index: `overview.parts[0].text`.
fn toml_index(source: &str) -> HashMap<String, Spot> {
    let mut index = HashMap::new();
    let (root, _) = toml::de::DeTable::parse_recoverable(source);
    walk_table(root.get_ref(), "", &mut index);
    index
}

fn walk_table(table: &toml::de::DeTable, prefix: &str, index: &mut HashMap<String, Spot>) {
    for (key, value) in table.iter() {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        walk_value(value, path, Some(key.span().start), index);
    }
}

fn walk_value(
    value: &toml::Spanned<toml::de::DeValue>,
    path: String,
    key: Option<usize>,
    index: &mut HashMap<String, Spot>,
) {
    match value.get_ref() {
        toml::de::DeValue::Table(t) => walk_table(t, &path, index),
        toml::de::DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_value(item, format!("{path}[{i}]"), None, index);
            }
        }
        _ => {}
    }
    // A table or array of tables written as `[x]` headers has a span that
    // may start at its first key; an inline value's span is the value.
    index.entry(path).or_insert(Spot {
        key,
        value: value.span(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "[report]\nagency = \"x\"\n\n[[overview.parts]]\nheading = \"a\"\ntext = \"\"\"\n第一段\n第二段\n\"\"\"\n\n[[overview.parts]]\nheading = \"b\"\n\n[applications]\nnew = [1, 2, 3, 4, 5, 6]\n";

    fn at(place: Option<Place>) -> (usize, usize) {
        match place {
            Some(Place::Text { line, column }) => (line, column),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn paths_with_indexes_find_their_own_entry() {
        let l = Locator::new(Cow::Borrowed(SOURCE), Syntax::Toml);
        assert_eq!(at(l.find("overview.parts[1].heading")), (12, 11));
        assert_eq!(at(l.find("overview.parts[0].heading")), (5, 11));
        assert_eq!(at(l.find("applications.new[2]")), (15, 14));
        assert_eq!(at(l.find_key("report.agency")), (2, 1));
        // A key not written: its deepest written parent.
        assert_eq!(
            at(l.find("applications.carried_in")),
            at(l.find("applications"))
        );
        assert_eq!(at(l.of_text("overview.parts[0].text", "第二段")), (8, 1));
    }
}
