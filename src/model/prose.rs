//! Prose as the contract defines it: every line a paragraph, blank lines
//! ignored, `{{path}}` placeholders filled.

/// Splits text into paragraphs: each non-blank line is one. Chinese prose
/// is not hard-wrapped, and text pasted from Word arrives one paragraph per
/// line, so a line break is never joined away; a writer who wants to wrap a
/// paragraph in the file ends the line with TOML's `\`, which the TOML
/// reader already removed with the line break. Blank lines between
/// paragraphs are allowed and mean nothing more.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| line.replace('\t', " "))
        .collect()
}

/// Why a placeholder could not be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderError {
    /// `{{path}}` names no figure; the path.
    Unknown(String),
    /// `{{` without a closing `}}`; the text after it (at most 40 characters).
    Unclosed(String),
}

/// Replaces each `{{path}}` with `lookup(path)`. An unknown placeholder
/// stays as written and an unclosed one ends the filling; each is returned,
/// in order, with the text.
pub fn fill_placeholders(
    text: &str,
    lookup: impl Fn(&str) -> Option<String>,
) -> (String, Vec<PlaceholderError>) {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            problems.push(PlaceholderError::Unclosed(after.chars().take(40).collect()));
            out.push_str(&rest[start..]);
            return (out, problems);
        };
        let path = after[..end].trim();
        match lookup(path) {
            Some(value) => out.push_str(&value),
            None => {
                problems.push(PlaceholderError::Unknown(path.to_string()));
                out.push_str(&rest[start..start + 2 + end + 2]);
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_paragraph_and_blank_lines_mean_nothing() {
        let p = split_paragraphs("第一行\n第二行\r\n\n  second para\r\n\n\nwith\twords  \n");
        assert_eq!(p, vec!["第一行", "第二行", "second para", "with words"]);
    }

    #[test]
    fn placeholders_fill_or_name_the_unknown_path() {
        let look = |p: &str| (p == "a.total").then(|| "15".to_string());
        assert_eq!(
            fill_placeholders("共{{a.total}}件", look),
            ("共15件".to_string(), vec![])
        );
        assert_eq!(fill_placeholders("{{ a.total }}", look).0, "15");
        assert_eq!(
            fill_placeholders("{{b.x}}，{{c}}", look).1,
            [
                PlaceholderError::Unknown("b.x".into()),
                PlaceholderError::Unknown("c".into())
            ]
        );
        assert_eq!(
            fill_placeholders("共{{a.total件", look).1,
            [PlaceholderError::Unclosed("a.total件".into())]
        );
    }
}
