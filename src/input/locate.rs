//! Finding where a key path sits in the source, for errors that are found
//! after parsing (a row of the wrong length, a total that overflows).

use super::Syntax;

/// Maps key paths (`applications.new`, `applications.new[2]`) to 1-based
/// line and column in the source text.
pub struct Locator<'a> {
    source: &'a str,
    syntax: Syntax,
}

impl<'a> Locator<'a> {
    pub fn new(source: &'a str, syntax: Syntax) -> Self {
        Locator { source, syntax }
    }

    /// The place of the deepest key of `path` that can be found.
    pub fn find(&self, path: &str) -> (Option<usize>, Option<usize>) {
        let keys: Vec<&str> = path
            .split('.')
            .map(|k| k.split('[').next().unwrap_or(k))
            .filter(|k| !k.is_empty())
            .collect();
        let offset = match self.syntax {
            Syntax::Toml => self.find_toml(&keys),
            Syntax::Json => self.find_json(&keys),
        };
        match offset {
            Some(o) => {
                let (l, c) = super::line_col(self.source, o);
                (Some(l), Some(c))
            }
            None => (None, None),
        }
    }

    fn find_toml(&self, keys: &[&str]) -> Option<usize> {
        let table = toml::de::DeTable::parse(self.source).ok()?;
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
