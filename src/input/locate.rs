//! Finding where a key path sits in a text file, for errors that are found
//! after parsing (a row of the wrong length, a total that overflows).

use std::borrow::Cow;

use super::text::line_col;
use super::{Place, Places, Syntax};

/// Maps key paths (`applications.new`, `applications.new[2]`) to 1-based
/// line and column in the source text: the text reader's [`Places`].
pub struct Locator<'a> {
    source: Cow<'a, str>,
    syntax: Syntax,
}

impl Places for Locator<'_> {
    fn of_key(&self, key: &str) -> Option<Place> {
        self.find(key)
    }

    /// The first place the text is written anywhere in the file: a
    /// placeholder usually stands once, and TOML keeps no span inside a
    /// string to search the key's own value by.
    fn of_text(&self, _key: &str, text: &str) -> Option<Place> {
        self.source.find(text).map(|offset| self.place(offset))
    }
}

impl<'a> Locator<'a> {
    pub fn new(source: Cow<'a, str>, syntax: Syntax) -> Self {
        Locator { source, syntax }
    }

    fn place(&self, offset: usize) -> Place {
        let (line, column) = line_col(&self.source, offset);
        Place::Text { line, column }
    }

    /// The place of the deepest key of `path` that can be found.
    pub fn find(&self, path: &str) -> Option<Place> {
        let keys: Vec<&str> = path
            .split('.')
            .map(|k| k.split('[').next().unwrap_or(k))
            .filter(|k| !k.is_empty())
            .collect();
        let offset = match self.syntax {
            Syntax::Toml => self.find_toml(&keys),
            Syntax::Json => self.find_json(&keys),
        };
        offset.map(|o| self.place(o))
    }

    fn find_toml(&self, keys: &[&str]) -> Option<usize> {
        let table = toml::de::DeTable::parse(&self.source).ok()?;
        let mut current = table.get_ref();
        let mut found = None;
        for (i, key) in keys.iter().enumerate() {
            let (k, v) = current.iter().find(|(k, _)| k.get_ref().as_ref() == *key)?;
            found = Some(if i + 1 == keys.len() {
                v.span().start
            } else {
                k.span().start
            });
            match v.get_ref() {
                toml::de::DeValue::Table(t) => current = t,
                _ => break,
            }
        }
        found
    }

    /// JSON carries no spans through serde, so follow the keys textually:
    /// each key is searched for after the previous one.
    fn find_json(&self, keys: &[&str]) -> Option<usize> {
        let mut from = 0;
        let mut found = None;
        for key in keys {
            let needle = format!("\"{key}\"");
            let at = self.source[from..].find(&needle)? + from;
            found = Some(at);
            from = at + needle.len();
        }
        found
    }
}
