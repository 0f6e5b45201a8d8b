//! A table cell as a number: what counts as a count, a fee, or a cell left
//! blank on purpose.

use super::text::half_width;

/// How a cell that holds no number was printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    Empty,
    /// `—`, `-`, `–`, `——`, `/`: "none" in a table.
    Dash(char),
    /// `无`.
    Nothing,
}

impl Blank {
    /// For messages: `为空`, `为“—”`, `为“无”`.
    pub fn describe(self) -> String {
        match self {
            Blank::Empty => "为空".into(),
            Blank::Dash(c) => format!("为“{c}”"),
            Blank::Nothing => "为“无”".into(),
        }
    }
}

/// A cell read as a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountCell {
    Number(u64),
    Blank(Blank),
    /// Not a count; the text as found.
    Invalid(String),
}

/// A cell read as the fee (万元), digits kept as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeeCell {
    Number(String),
    Blank(Blank),
    Invalid(String),
}

/// `''`, `—`, `-`, `/`, `无` (with any spacing) as a blank.
pub fn blank(text: &str) -> Option<Blank> {
    let t: String = half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return Some(Blank::Empty);
    }
    if t == "无" {
        return Some(Blank::Nothing);
    }
    let first = t.chars().next()?;
    let dashes = ['-', '—', '–', '―', '‐', '‑', '─', '/', '\\', '~', '～'];
    t.chars()
        .all(|c| dashes.contains(&c))
        .then_some(Blank::Dash(first))
}

/// Digits as printed: full-width made ASCII, spaces dropped, thousands
/// separators (`1,295`, `1，295`) removed when they really separate
/// thousands, a trailing unit (件, 个, 万元) dropped.
fn plain_digits(text: &str) -> Option<String> {
    let mut t: String = half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for unit in ["万元", "元", "件", "个", "项", "条"] {
        if let Some(stripped) = t.strip_suffix(unit) {
            t = stripped.to_string();
            break;
        }
    }
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (t.clone(), None),
    };
    let int = if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let ok = (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        int
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(&int) {
        return None;
    }
    match frac {
        Some(f) if all_digits(&f) => Some(format!("{int}.{f}")),
        Some(_) => None,
        None => Some(int),
    }
}

pub fn count(text: &str) -> CountCell {
    if let Some(b) = blank(text) {
        return CountCell::Blank(b);
    }
    match plain_digits(text)
        .filter(|d| !d.contains('.'))
        .and_then(|d| d.parse().ok())
    {
        Some(n) => CountCell::Number(n),
        None => CountCell::Invalid(text.trim().to_string()),
    }
}

pub fn fee(text: &str) -> FeeCell {
    if let Some(b) = blank(text) {
        return FeeCell::Blank(b);
    }
    match plain_digits(text) {
        Some(d) => FeeCell::Number(d),
        None => FeeCell::Invalid(text.trim().to_string()),
    }
}

/// Whether a cell reads as a number or a blank (and so is not a label).
pub fn is_value_like(text: &str) -> bool {
    blank(text).is_some() || plain_digits(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_as_printed() {
        assert_eq!(count("15"), CountCell::Number(15));
        assert_eq!(count("１５"), CountCell::Number(15));
        assert_eq!(count("1,295"), CountCell::Number(1295));
        assert_eq!(count("1，295"), CountCell::Number(1295));
        assert_eq!(count(" 3件 "), CountCell::Number(3));
        assert_eq!(count(""), CountCell::Blank(Blank::Empty));
        assert_eq!(count("—"), CountCell::Blank(Blank::Dash('—')));
        assert_eq!(count("－"), CountCell::Blank(Blank::Dash('-')));
        assert_eq!(count("/"), CountCell::Blank(Blank::Dash('/')));
        assert_eq!(count("无"), CountCell::Blank(Blank::Nothing));
        assert!(matches!(count("1,29"), CountCell::Invalid(_)));
        assert!(matches!(count("1.5"), CountCell::Invalid(_)));
        assert!(matches!(count("见附件"), CountCell::Invalid(_)));
    }

    #[test]
    fn fee_keeps_its_decimals() {
        assert_eq!(fee("0.0000"), FeeCell::Number("0.0000".into()));
        assert_eq!(
            fee("５９４９.０８８６６７"),
            FeeCell::Number("5949.088667".into())
        );
        assert_eq!(fee("1,234.50"), FeeCell::Number("1234.50".into()));
        assert_eq!(fee("—"), FeeCell::Blank(Blank::Dash('—')));
    }
}
