//! Typing slips of a Chinese input method in a report's syntax: `“…”` for
//! quotes, `，` for commas, `１４` for digits, `（…）` or `【…】` for
//! brackets, `＝` and `：` for the equals sign. A clerk types them without
//! seeing the difference, and the parser's complaint (`expected literal
//! string`) does not name them.
//!
//! A small lexer walks the text as TOML or JSON reads it and looks only
//! outside strings and comments, so `text = "他说“好”，"` is left alone. Each
//! slip has exactly one fix, a single ASCII character in place of a single
//! character, so the fixed text keeps every line and column: the reader can
//! go on to find the file's other mistakes at their true places, and name
//! them all in one run.

use std::fmt;

use super::place::{line_col, Syntax};

/// What a slip stands in for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlipKind {
    /// `“ ” ‘ ’` for `"` or `'`.
    Quote,
    /// `，` or `、` for `,`.
    Comma,
    /// `０`–`９` for `0`–`9`.
    Digit,
    /// `（ ） 【 】 ［ ］` for `[ ]`.
    Bracket,
    /// `｛ ｝` for `{ }`.
    Brace,
    /// `＝` (and in TOML `：`) for `=`.
    Equals,
    /// `：` for `:` in JSON.
    Colon,
    /// `．` or `。` for `.`.
    Dot,
    /// The ideographic space `　` for a space.
    Space,
    /// `＃` for `#`.
    Hash,
}

/// One run of slips of one kind on one line: where the first is, what was
/// typed and how many there are on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// The line of the first slip, from 1.
    pub line: usize,
    /// The column of the first slip, in characters from 1.
    pub column: usize,
    /// What the slip stands in for, and so its fix.
    pub kind: SlipKind,
    /// The distinct characters typed, in order of first appearance; for
    /// digits, the first number as typed.
    pub typed: String,
    /// How many of them the line has (for digits, how many numbers).
    pub count: usize,
}

impl fmt::Display for Slip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let typed = &self.typed;
        // A pair of quotes is one slip.
        let count = match self.kind {
            SlipKind::Quote => self.count.div_ceil(2),
            _ => self.count,
        };
        let many = if count > 1 {
            format!("（本行 {count} 处）")
        } else {
            String::new()
        };
        match self.kind {
            SlipKind::Quote => write!(
                f,
                "用了中文引号{typed}{many}，请改为英文引号 {}",
                if typed.contains(['‘', '’']) {
                    "''"
                } else {
                    "\"\""
                }
            ),
            SlipKind::Comma => write!(f, "用了中文标点“{typed}”{many}，请改为英文逗号 ,"),
            SlipKind::Digit => {
                let ascii: String = typed.chars().map(|c| fix(c, Syntax::Toml)).collect();
                write!(f, "用了全角数字“{typed}”{many}，请改为半角数字 {ascii}")
            }
            SlipKind::Bracket => write!(f, "用了中文括号“{typed}”{many}，请改为英文方括号 [ ]"),
            SlipKind::Brace => write!(f, "用了全角花括号“{typed}”{many}，请改为英文花括号 {{ }}"),
            SlipKind::Equals => write!(f, "用了“{typed}”{many}，键和值之间请用英文等号 ="),
            SlipKind::Colon => write!(f, "用了中文冒号“{typed}”{many}，请改为英文冒号 :"),
            SlipKind::Dot => write!(f, "用了“{typed}”{many}，请改为英文句点 ."),
            SlipKind::Space => write!(f, "用了全角空格{many}，请改为半角空格或删除"),
            SlipKind::Hash => write!(f, "用了全角井号“{typed}”{many}，注释请用英文 #"),
        }
    }
}

/// The kind of slip `c` is where syntax is expected, if it is one.
fn kind(c: char, syntax: Syntax) -> Option<SlipKind> {
    Some(match c {
        '“' | '”' | '‘' | '’' => SlipKind::Quote,
        '，' | '、' => SlipKind::Comma,
        '０'..='９' => SlipKind::Digit,
        '（' | '）' | '【' | '】' | '［' | '］' => SlipKind::Bracket,
        '｛' | '｝' => SlipKind::Brace,
        '＝' => SlipKind::Equals,
        '：' if syntax == Syntax::Toml => SlipKind::Equals,
        '：' => SlipKind::Colon,
        '．' | '。' => SlipKind::Dot,
        '\u{3000}' => SlipKind::Space,
        '＃' => SlipKind::Hash,
        _ => return None,
    })
}

/// The one ASCII character a slip stands in for.
fn fix(c: char, syntax: Syntax) -> char {
    match c {
        '“' | '”' => '"',
        '‘' | '’' if syntax == Syntax::Json => '"',
        '‘' | '’' => '\'',
        '，' | '、' => ',',
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '（' | '【' | '［' => '[',
        '）' | '】' | '］' => ']',
        '｛' => '{',
        '｝' => '}',
        '＝' => '=',
        '：' if syntax == Syntax::Toml => '=',
        '：' => ':',
        '．' | '。' => '.',
        '\u{3000}' => ' ',
        '＃' => '#',
        other => other,
    }
}

/// Where the lexer is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Syntax,
    Comment,
    /// A one-line string; `escapes` for TOML's `"…"` and JSON's strings.
    Line {
        close: char,
        escapes: bool,
    },
    /// A string opened with a Chinese quote: closed by either Chinese quote
    /// or the ASCII one, or at the end of the line.
    Slipped,
    /// TOML's `"""…"""` or `'''…'''`.
    Multiline {
        close: char,
        escapes: bool,
    },
}

/// The slips of `source`, in order, and the source with each one fixed
/// (the same number of characters on every line). No slips: `None`.
pub fn scan(source: &str, syntax: Syntax) -> Option<(Vec<Slip>, String)> {
    let mut slips: Vec<Slip> = Vec::new();
    let mut fixed = String::with_capacity(source.len());
    let mut state = State::Syntax;
    let mut chars = source.char_indices().peekable();
    let mut any = false;
    let mut record = |offset: usize, c: char, kind: SlipKind| {
        let (line, column) = line_col(source, offset);
        // Full-width digits are counted by number and the first number is
        // shown whole (２０２５ → 2025); other slips by character, each
        // character shown once.
        let continues_number = kind == SlipKind::Digit
            && source[..offset]
                .chars()
                .next_back()
                .is_some_and(|p| ('０'..='９').contains(&p));
        match slips.iter_mut().find(|s| s.line == line && s.kind == kind) {
            Some(s) if continues_number => {
                if s.count == 1 {
                    s.typed.push(c);
                }
            }
            Some(s) => {
                s.count += 1;
                if kind != SlipKind::Digit && !s.typed.contains(c) {
                    s.typed.push(c);
                }
            }
            None => slips.push(Slip {
                line,
                column,
                kind,
                typed: c.to_string(),
                count: 1,
            }),
        }
    };
    while let Some((offset, c)) = chars.next() {
        let mut out = c;
        let triple = |chars: &mut std::iter::Peekable<std::str::CharIndices>, q: char| {
            let rest = &source[offset + c.len_utf8()..];
            if rest.starts_with(q) && rest[q.len_utf8()..].starts_with(q) {
                chars.next();
                chars.next();
                true
            } else {
                false
            }
        };
        match state {
            State::Syntax => match c {
                '#' if syntax == Syntax::Toml => state = State::Comment,
                '"' | '\'' if syntax == Syntax::Json && c == '\'' => {}
                '"' | '\'' => {
                    let escapes = c == '"';
                    if syntax == Syntax::Toml && triple(&mut chars, c) {
                        fixed.push(c);
                        fixed.push(c);
                        state = State::Multiline { close: c, escapes };
                    } else {
                        state = State::Line { close: c, escapes };
                    }
                }
                _ => {
                    if let Some(k) = kind(c, syntax) {
                        any = true;
                        record(offset, c, k);
                        out = fix(c, syntax);
                        if k == SlipKind::Quote {
                            state = State::Slipped;
                        }
                    }
                }
            },
            State::Comment => {
                if c == '\n' {
                    state = State::Syntax;
                }
            }
            State::Line { close, escapes } => {
                if escapes && c == '\\' {
                    if let Some((_, next)) = chars.next() {
                        fixed.push(c);
                        fixed.push(next);
                        if next == '\n' {
                            state = State::Syntax;
                        }
                        continue;
                    }
                } else if c == close || c == '\n' {
                    state = State::Syntax;
                }
            }
            State::Slipped => {
                if matches!(c, '“' | '”' | '‘' | '’') {
                    any = true;
                    record(offset, c, SlipKind::Quote);
                    out = fix(c, syntax);
                    state = State::Syntax;
                } else if c == '"' || c == '\n' {
                    state = State::Syntax;
                }
            }
            State::Multiline { close, escapes } => {
                if escapes && c == '\\' {
                    if let Some((_, next)) = chars.next() {
                        fixed.push(c);
                        fixed.push(next);
                        continue;
                    }
                } else if c == close && triple(&mut chars, c) {
                    fixed.push(c);
                    fixed.push(c);
                    state = State::Syntax;
                }
            }
        }
        fixed.push(out);
    }
    any.then_some((slips, fixed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slips(source: &str) -> Vec<String> {
        scan(source, Syntax::Toml)
            .map(|(s, _)| {
                s.iter()
                    .map(|s| format!("{}:{} {s}", s.line, s.column))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn slips_outside_strings_are_named_with_their_fix() {
        assert_eq!(
            slips("heading = “依申请公开”\n"),
            ["1:11 用了中文引号“”，请改为英文引号 \"\""]
        );
        assert_eq!(
            slips("new = [2，0，0]\n"),
            ["1:9 用了中文标点“，”（本行 2 处），请改为英文逗号 ,"]
        );
        assert_eq!(
            slips("x = １４\n"),
            ["1:5 用了全角数字“１４”，请改为半角数字 14"]
        );
        assert_eq!(
            slips("year = ２０２５\nnew = [１５, 0, ３]\n"),
            [
                "1:8 用了全角数字“２０２５”，请改为半角数字 2025",
                "2:8 用了全角数字“１５”（本行 2 处），请改为半角数字 15"
            ]
        );
        assert_eq!(
            slips("new = （1, 2）\n"),
            ["1:7 用了中文括号“（）”（本行 2 处），请改为英文方括号 [ ]"]
        );
    }

    #[test]
    fn strings_and_comments_are_left_alone() {
        for source in [
            "text = \"他说“好”，１４（一）\"\n",
            "text = '''\n“一”，\n'''\n",
            "text = \"\"\"\n“一”，\\\"\n\"\"\"\n",
            "# 注释：“一”，１４\n",
            "heading = “主动公开，依申请”\n",
        ] {
            let found = scan(source, Syntax::Toml).map(|(s, _)| s);
            let quotes_only = found.iter().flatten().all(|s| s.kind == SlipKind::Quote);
            assert!(quotes_only, "{source}: {found:?}");
        }
        assert_eq!(scan("text = \"他说“好”\"\n", Syntax::Toml), None);
    }

    #[test]
    fn the_fixed_text_keeps_every_column_and_parses() {
        let source =
            "[report]\nagency = “局”\nyear = ２０２５\n[applications]\nnew = 【1，0、0】\n";
        let (_, fixed) = scan(source, Syntax::Toml).unwrap();
        assert_eq!(
            fixed,
            "[report]\nagency = \"局\"\nyear = 2025\n[applications]\nnew = [1,0,0]\n"
        );
        for (a, b) in source.lines().zip(fixed.lines()) {
            assert_eq!(a.chars().count(), b.chars().count());
        }
    }

    #[test]
    fn json_colons_stay_colons() {
        let (slips, fixed) = scan("{\"report\"：{\"year\": １}}", Syntax::Json).unwrap();
        assert_eq!(fixed, "{\"report\":{\"year\": 1}}");
        assert_eq!(slips[0].kind, SlipKind::Colon);
    }
}
