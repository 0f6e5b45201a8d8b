//! Prose as the contract defines it: paragraphs split at blank lines, line
//! breaks inside a paragraph joined, `{{path}}` placeholders filled.

/// Splits at blank lines and joins the lines of each paragraph. No space is
/// put between CJK characters; two Latin words keep one space.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let (Some(a), Some(b)) = (current.chars().last(), line.chars().next()) {
            if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
                current.push(' ');
            }
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter().map(|p| p.replace('\t', " ")).collect()
}

/// Why a placeholder could not be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderError {
    /// `{{path}}` names no figure; the path.
    Unknown(String),
    /// `{{` without a closing `}}`; the text after it (at most 40 characters).
    Unclosed(String),
}

/// Replaces each `{{path}}` with `lookup(path)`; the first unknown or
/// unclosed placeholder is the error.
pub fn fill_placeholders(
    text: &str,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<String, PlaceholderError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(PlaceholderError::Unclosed(after.chars().take(40).collect()));
        };
        let path = after[..end].trim();
        out.push_str(&lookup(path).ok_or_else(|| PlaceholderError::Unknown(path.to_string()))?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_join_lines_without_spaces_between_cjk() {
        let p = split_paragraphs("第一行\n第二行\n\n  second para\nwith words  \n\n\n");
        assert_eq!(p, vec!["第一行第二行", "second para with words"]);
    }

    #[test]
    fn placeholders_fill_or_name_the_unknown_path() {
        let look = |p: &str| (p == "a.total").then(|| "15".to_string());
        assert_eq!(
            fill_placeholders("共{{a.total}}件", look).unwrap(),
            "共15件"
        );
        assert_eq!(fill_placeholders("{{ a.total }}", look).unwrap(), "15");
        assert_eq!(
            fill_placeholders("{{b.x}}", look).unwrap_err(),
            PlaceholderError::Unknown("b.x".into())
        );
        assert_eq!(
            fill_placeholders("共{{a.total件", look).unwrap_err(),
            PlaceholderError::Unclosed("a.total件".into())
        );
    }
}
