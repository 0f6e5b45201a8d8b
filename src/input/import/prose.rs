//! The prose: title, the six sections by their headings, numbered parts,
//! and the signature and date at the end.

use crate::input::document::Block;
use crate::input::place::Place;
use crate::input::raw::{RawPart, RawProse, RawReport};
use crate::template::{numbering as heading_numbers, SectionDef, Template};

use super::text::{date_line, excerpt, key, numbering, tidy, year_in, NumberStyle};
use super::{NoteKind, NoteSeverity as Severity, Notes, ReadOptions as Options, Source};

/// Deepest numbered part the contract holds: （一） 1. （1）.
const MAX_PART_DEPTH: usize = 3;
/// Longest title: the longest agency the contract takes and the rest.
const MAX_TITLE_CHARS: usize = 220;
/// Longest heading styled as one that is taken whole (the contract's limit
/// for a one-line text).
const MAX_STYLED_HEADING_CHARS: usize = 200;
/// Longest heading, in characters, a numbered line may start with.
const MAX_HEADING_CHARS: usize = 25;

/// What the prose gave.
#[derive(Debug, Default)]
pub struct ProseResult {
    pub agency: Option<String>,
    pub year: Option<u16>,
    /// The title as printed, when it differs from the default form
    /// `{agency}{year}年政府信息公开工作年度报告`.
    pub title: Option<String>,
    pub signature: Option<String>,
    pub date: Option<String>,
    /// By the template's sections: the prose, and the paragraph it starts at.
    pub sections: Vec<(RawProse, Option<usize>)>,
    /// By the template's sections: where each part's heading and each
    /// paragraph of its text came from.
    pub placed: Vec<Vec<Placed>>,
}

/// Where one piece of a section's prose was read: `key` is relative to the
/// section (`text`, `parts[0]`, `parts[0].parts[1].text`); a text's
/// paragraphs each come with their own paragraph of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The key under the section.
    pub key: String,
    /// The paragraph of the document, from 1.
    pub paragraph: usize,
    /// The paragraph's text as the report holds it (empty for a heading).
    pub text: String,
}

impl ProseResult {
    /// Puts each section's prose under the contract's key of it.
    pub fn fill(&self, template: &Template, report: &mut RawReport) {
        for (def, (prose, _)) in template.sections.iter().zip(&self.sections) {
            let prose = prose.clone();
            match def.key.as_str() {
                "overview" => report.overview = prose,
                "proactive" => {
                    (report.proactive.text, report.proactive.parts) = (prose.text, prose.parts)
                }
                "applications" => {
                    (report.applications.text, report.applications.parts) =
                        (prose.text, prose.parts)
                }
                "appeals" => {
                    (report.appeals.text, report.appeals.parts) = (prose.text, prose.parts)
                }
                "problems" => report.problems = prose,
                "other" => report.other = prose,
                // The model refuses a template section the contract lacks.
                _ => {}
            }
        }
    }
}

/// A section's heading as printed: 一、总体情况.
fn printed_heading(sections: &[SectionDef], index: usize) -> String {
    format!(
        "{}{}",
        heading_numbers::heading_number(1, index + 1),
        sections[index].heading
    )
}

/// One line of body text: a paragraph, or one line of a paragraph broken
/// with `<br>`/`<w:br/>`.
#[derive(Debug, Clone)]
struct Line {
    paragraph: usize,
    text: String,
    /// The paragraph is styled as a heading (a Word heading style or
    /// outline level, `<h2>`): its numbered text is a heading whatever its
    /// length or punctuation; the writer of such a document said so, and a
    /// heading run into its text is a habit of unstyled paragraphs.
    heading: bool,
}

pub fn read_prose(
    blocks: &[Block],
    template: &Template,
    source: Source,
    page_title: Option<&str>,
    options: &Options,
    notes: &mut Notes,
) -> ProseResult {
    let sections = template.sections.as_slice();
    let default_title = |agency: &str, year: u16| {
        template
            .title
            .replace("{agency}", agency)
            .replace("{year}", &year.to_string())
    };
    let paragraphs: Vec<(usize, &str)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .enumerate()
        .map(|(i, t)| (i + 1, t))
        .collect();
    let mut result = ProseResult::default();

    // The title: among the paragraphs before the first section heading.
    let first_heading = paragraphs
        .iter()
        .position(|(_, t)| {
            t.split('\n')
                .any(|l| section_heading(l, None, sections).is_some())
        })
        .unwrap_or(paragraphs.len());
    // The template's own title form, `{agency}{year}年…`, read first: it
    // knows where the year is even when the agency ends in digits.
    let title_suffix = template
        .title
        .split_once("{year}")
        .map_or("", |(_, after)| after);
    // A paragraph in Word's title style is the title, whatever it says.
    let title_styled: Vec<usize> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(
                p.style
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("title") || s == "标题"),
            ),
            Block::Table(_) => None,
        })
        .enumerate()
        .filter(|(_, styled)| *styled)
        .map(|(i, _)| i + 1)
        .collect();
    let title = find_title(&paragraphs[..first_heading], title_suffix, &title_styled);
    let body_start = match &title {
        Some(found) => {
            let before: Vec<Line> = paragraphs[..found.start]
                .iter()
                .flat_map(|(n, t)| {
                    t.split('\n')
                        .map(tidy)
                        .filter(|l| !l.is_empty())
                        .map(|text| Line {
                            paragraph: *n,
                            text,
                            heading: false,
                        })
                })
                .collect();
            not_imported(&before, "在标题之前（网页栏目、导航或文件头）", notes);
            result.agency = Some(found.agency.clone());
            result.year = Some(found.year);
            if found.text != default_title(&found.agency, found.year) {
                result.title = Some(found.text.clone());
            }
            found.end
        }
        None => {
            if let Some(found) =
                page_title.and_then(|t| parse_title(cut_page_title(t), title_suffix, false))
            {
                notes.add(
                    Severity::Warning,
                    NoteKind::Other,
                    None,
                    format!(
                        "正文中没有标题，发文机关和年度取自网页标题“{}”",
                        excerpt(&found.text)
                    ),
                );
                result.agency = Some(found.agency);
                result.year = Some(found.year);
            }
            0
        }
    };
    check_caller_metadata(&mut result, options, notes);

    let styled_headings: Vec<usize> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.heading_level.is_some()),
            Block::Table(_) => None,
        })
        .enumerate()
        .filter(|(_, heading)| *heading)
        .map(|(i, _)| i + 1)
        .collect();
    let lines: Vec<Line> = paragraphs[body_start..]
        .iter()
        .flat_map(|(n, t)| {
            let heading = styled_headings.contains(n);
            t.split('\n')
                .map(tidy)
                .filter(|l| !l.is_empty())
                .map(move |text| Line {
                    paragraph: *n,
                    text,
                    heading,
                })
        })
        .collect();

    // Split into sections at their headings; before the first, the lead.
    let mut current: Option<usize> = None;
    let mut before_first: Vec<Line> = Vec::new();
    let mut section_lines: Vec<Vec<Line>> = vec![Vec::new(); sections.len()];
    let mut starts: Vec<Option<usize>> = vec![None; sections.len()];
    let mut found = vec![false; sections.len()];
    for line in lines {
        if let Some((index, by_number)) = section_heading(&line.text, current, sections) {
            if by_number {
                notes.add(
                    Severity::Info,
                    NoteKind::Other,
                    Some(paragraph_place(line.paragraph)),
                    format!(
                        "的“{}”按编号识别为“{}”",
                        excerpt(&line.text),
                        printed_heading(sections, index)
                    ),
                );
            }
            current = Some(index);
            found[index] = true;
            starts[index] = Some(line.paragraph);
            continue;
        }
        // The current section's heading again (before a table's
        // continuation, say): gongwen prints the heading once.
        if let (Some((index, false)), Some(c)) =
            (section_heading(&line.text, None, sections), current)
        {
            if index == c {
                notes.add(
                    Severity::Info,
                    NoteKind::NotImported,
                    Some(paragraph_place(line.paragraph)),
                    format!(
                        "的“{}”重复了本部分的标题，未作为正文导入",
                        excerpt(&line.text)
                    ),
                );
                continue;
            }
        }
        match current {
            Some(i) => section_lines[i].push(line),
            None => before_first.push(line),
        }
    }
    for (i, was_found) in found.iter().enumerate() {
        if !was_found {
            notes.add(
                Severity::Warning,
                NoteKind::MissingSection,
                None,
                format!(
                    "未找到“{}”的标题；其后的文字（如有）归入上一部分",
                    printed_heading(sections, i)
                ),
            );
        }
    }

    // Text before the first heading: the report's own lead after a title,
    // or (on a web page without a title in the body) the portal around it.
    let before_first: Vec<Line> = drop_page_furniture(before_first, notes);
    if !before_first.is_empty() {
        if title.is_none() && source == Source::Html {
            not_imported(&before_first, "在报告正文之前（网页栏目、导航等）", notes);
        } else {
            notes.add(
                Severity::Info,
                NoteKind::Other,
                Some(paragraph_place(before_first[0].paragraph)),
                format!(
                    "起，标题与“{}”之间的 {} 段归入这一部分的开头",
                    printed_heading(sections, 0),
                    before_first.len()
                ),
            );
            starts[0] = Some(before_first[0].paragraph);
            let mut merged = before_first;
            merged.append(&mut section_lines[0]);
            section_lines[0] = merged;
        }
    }

    // The end: signature and date, then whatever the page adds after them.
    if let Some(last) = (0..sections.len())
        .rev()
        .find(|i| !section_lines[*i].is_empty())
    {
        let (signature, date) =
            read_closing(&mut section_lines[last], result.agency.as_deref(), notes);
        result.signature = signature;
        result.date = date;
    }

    for (i, lines) in section_lines.into_iter().enumerate() {
        let has_table = template.tables.iter().any(|t| t.section == sections[i].key);
        let lines = if has_table {
            drop_table_captions(lines, notes)
        } else {
            lines
        };
        let (prose, placed) = build_prose(lines, notes);
        result.sections.push((prose, starts[i]));
        result.placed.push(placed);
    }
    result
}

fn paragraph_place(index: usize) -> Place {
    Place::Paragraph { index }
}

/// `--agency`/`--year` win over the title; a disagreement is worth a note.
fn check_caller_metadata(result: &mut ProseResult, options: &Options, notes: &mut Notes) {
    if let (Some(given), Some(found)) = (&options.agency, &result.agency) {
        if given != found {
            notes.add(
                Severity::Warning,
                NoteKind::Other,
                None,
                format!("指定的发文机关“{given}”与标题中的“{found}”不同，采用指定的"),
            );
        }
    }
    if let (Some(given), Some(found)) = (options.year, result.year) {
        if given != found {
            notes.add(
                Severity::Warning,
                NoteKind::Other,
                None,
                format!("指定的年度 {given} 与标题中的 {found} 不同，采用指定的"),
            );
        }
    }
}

#[derive(Debug, Clone)]
struct Title {
    text: String,
    agency: String,
    year: u16,
    /// Indexes (into the paragraphs given) of the title's first paragraph
    /// and just past its last.
    start: usize,
    end: usize,
}

/// The title: a short paragraph (or two or three consecutive ones, for a
/// title broken into paragraphs) naming the report and its year.
fn find_title(paragraphs: &[(usize, &str)], suffix: &str, styled: &[usize]) -> Option<Title> {
    for i in 0..paragraphs.len() {
        for start in (i.saturating_sub(2)..=i).rev() {
            let text: String = paragraphs[start..=i]
                .iter()
                .map(|(_, t)| tidy(&t.replace('\n', "")))
                .collect();
            let is_styled = paragraphs[start..=i]
                .iter()
                .all(|(n, _)| styled.contains(n));
            if let Some(mut title) = parse_title(&text, suffix, is_styled) {
                if start < i && paragraphs[start..i].iter().any(|(_, t)| t.contains('。')) {
                    continue;
                }
                title.start = start;
                title.end = i + 1;
                return Some(title);
            }
        }
    }
    None
}

/// `老城区人民政府办公室2022年政府信息公开工作年度报告` → agency, year.
/// Also `2022年度北京市某局政府信息公开工作年度报告` (year first).
/// `styled`: the text is in Word's title style, so a stop in it (an agency
/// named with one) does not make it a sentence.
fn parse_title(text: &str, suffix: &str, styled: bool) -> Option<Title> {
    let text = tidy(text);
    let is_report =
        text.contains("年度报告") && (text.contains("政府信息公开") || text.contains("政务公开"));
    if !is_report || (text.contains('。') && !styled) || text.chars().count() > MAX_TITLE_CHARS {
        return None;
    }
    let default_form = (!suffix.is_empty())
        .then(|| text.strip_suffix(suffix))
        .flatten()
        .and_then(|stem| {
            let at = stem.len().checked_sub(4)?;
            let year: u16 = stem.get(at..)?.parse().ok()?;
            let agency = &stem[..at];
            ((1949..=2999).contains(&year) && !agency.is_empty())
                .then(|| (agency.to_string(), year))
        });
    if let Some((agency, year)) = default_form {
        return Some(Title {
            text,
            agency,
            year,
            start: 0,
            end: 0,
        });
    }
    let (year, start, end) = year_in(&text)?;
    let trim = |s: &str| {
        s.trim_matches(|c: char| c.is_whitespace() || "《》“”\"'、，,：:".contains(c))
            .to_string()
    };
    let mut agency = trim(&text[..start]);
    if agency.is_empty() {
        let after = text[end..]
            .trim_start_matches('年')
            .trim_start_matches('度');
        let stop = after
            .find("政府信息公开")
            .or_else(|| after.find("政务公开"))?;
        agency = trim(&after[..stop]);
    }
    if agency.is_empty() {
        return None;
    }
    Some(Title {
        text,
        agency,
        year,
        start: 0,
        end: 0,
    })
}

/// A page title names the site after the report: `…年度报告_某区人民政府`.
fn cut_page_title(title: &str) -> &str {
    match title.find("年度报告") {
        Some(i) => &title[..i + "年度报告".len()],
        None => title,
    }
}

/// Which section a line heads, if it is a heading: by a wording of the
/// template's `aliases`, by one of its `numbered_aliases` after a 一、
/// number, or by the number alone for a short heading. Returns the section
/// index and whether only the number identified it. Headings come in
/// order, so a line naming a section at or before the current one is text
/// (a sentence about 行政复议 in section 五, say).
fn section_heading(
    line: &str,
    current: Option<usize>,
    sections: &[SectionDef],
) -> Option<(usize, bool)> {
    let numbered = numbering(line);
    let (number, rest) = match &numbered {
        Some(n) if n.style == NumberStyle::ChineseComma => (Some(n.value), n.rest),
        Some(_) => return None,
        None => (None, line),
    };
    let k = key(rest);
    let length = k.chars().count();
    if length == 0 || length > 30 || rest.contains('。') {
        return None;
    }
    let after_current = |i: usize| current.is_none_or(|c| i > c);
    let says = |aliases: &[String]| {
        aliases
            .iter()
            .any(|alias| alias.split('+').all(|word| k.contains(word)))
    };
    if let Some(i) = sections.iter().position(|s| says(&s.aliases)) {
        return after_current(i).then_some((i, false));
    }
    number?;
    if let Some(i) = sections.iter().position(|s| says(&s.numbered_aliases)) {
        return after_current(i).then_some((i, false));
    }
    // The number alone, for the next sections in order with short wording.
    let i = number? as usize;
    ((1..=sections.len()).contains(&i) && after_current(i - 1) && length <= 20)
        .then_some((i - 1, true))
}

/// Web-page furniture before the report (publication data, font-size
/// switches, print links) is left out with a note. Not only in HTML: a
/// page saved from the browser as a Word document keeps it too.
fn drop_page_furniture(lines: Vec<Line>, notes: &mut Notes) -> Vec<Line> {
    let (furniture, kept): (Vec<Line>, Vec<Line>) =
        lines.into_iter().partition(|l| is_page_furniture(&l.text));
    if !furniture.is_empty() {
        not_imported(&furniture, "网页信息（发布时间、来源、字号等）", notes);
    }
    kept
}

/// A line of the portal around a report: navigation, publication data,
/// print links, the site footer. Sentences (with 。) never are.
fn is_page_furniture(line: &str) -> bool {
    const PAGE: &[&str] = &[
        "首页",
        "当前位置",
        "发布时间",
        "发布日期",
        "来源：",
        "来源:",
        "字号",
        "浏览次数",
        "访问量",
        "阅读次数",
        "索引号",
        "联系我们",
        "相关链接",
    ];
    !line.contains('。') && (is_page_footer(line) || PAGE.iter().any(|w| line.contains(w)))
}

/// The words that end a report page (and never occur in a report's own
/// last section): where a page without a 成文日期 is cut.
fn is_page_footer(line: &str) -> bool {
    const FOOTER: &[&str] = &[
        "打印本页",
        "关闭窗口",
        "【打印】",
        "【关闭】",
        "扫一扫",
        "网站标识码",
        "ICP备",
        "主办单位",
        "版权所有",
        "网站地图",
        "分享到",
        "上一篇",
        "下一篇",
    ];
    !line.contains('。') && FOOTER.iter().any(|w| line.contains(w))
}

/// Lines left out of the report, with where they start. Page furniture
/// (publication data, print links, the site footer) is only mentioned;
/// anything else is a warning, since it may be report text.
fn not_imported(lines: &[Line], what: &str, notes: &mut Notes) {
    let Some(first) = lines.first() else { return };
    let furniture = lines.iter().all(|l| is_page_furniture(&l.text));
    notes.add(
        if furniture {
            Severity::Info
        } else {
            Severity::Warning
        },
        NoteKind::NotImported,
        Some(paragraph_place(first.paragraph)),
        format!(
            "起的 {} 行{what}，未导入：{}",
            lines.len(),
            excerpt(&first.text)
        ),
    );
}

/// The signature and date that close the report, taken off the last
/// section's lines; lines after the date (a page footer) are left out.
fn read_closing(
    lines: &mut Vec<Line>,
    agency: Option<&str>,
    notes: &mut Notes,
) -> (Option<String>, Option<String>) {
    let Some(at) = lines.iter().position(|l| date_line(&l.text).is_some()) else {
        if let Some(cut) = lines.iter().position(|l| is_page_footer(&l.text)) {
            let tail = lines.split_off(cut);
            not_imported(&tail, "在报告正文之后（网页页脚等）", notes);
        }
        return (None, None);
    };
    let date = date_line(&lines[at].text);
    let tail = lines.split_off(at + 1);
    if !tail.is_empty() {
        not_imported(&tail, "在成文日期之后", notes);
    }
    lines.pop();
    let signature = match lines.last() {
        Some(l) if looks_like_signature(&l.text, agency) => lines.pop().map(|l| l.text),
        _ => None,
    };
    (signature, date)
}

/// A 发文机关署名: the agency's name, or a short line ending like the name
/// of a government body.
fn looks_like_signature(line: &str, agency: Option<&str>) -> bool {
    const ENDINGS: &[&str] = &[
        "办公室",
        "政府",
        "局",
        "委员会",
        "委",
        "厅",
        "部",
        "中心",
        "办",
        "院",
        "署",
        "处",
        "所",
        "会",
        "站",
        "街道",
        "镇",
        "乡",
        "队",
        "公司",
        "管委会",
    ];
    let short = line.chars().count() <= 30 && !line.contains('。') && numbering(line).is_none();
    short && (agency.is_some_and(|a| line.contains(a)) || ENDINGS.iter().any(|e| line.ends_with(e)))
}

/// In sections 二–四, lines that only repeat a table's own captions (the
/// 第二十条 sub-tables printed as four tables with a caption each) are
/// left out: gongwen prints the tables with their captions.
fn drop_table_captions(lines: Vec<Line>, notes: &mut Notes) -> Vec<Line> {
    lines
        .into_iter()
        .filter(|l| {
            let k = key(&l.text);
            let caption = k.starts_with("第二十条第") && k.chars().count() <= 12;
            if caption {
                notes.add(
                    Severity::Info,
                    NoteKind::NotImported,
                    Some(paragraph_place(l.paragraph)),
                    format!(
                        "的“{}”是表格的小标题，由 gongwen 按格式重新生成，未作为正文导入",
                        l.text
                    ),
                );
            }
            !caption
        })
        .collect()
}

/// Lines into lead text and numbered parts, nested by numbering style in
/// the order the styles first appear (so a section that starts at 1.
/// nests 1. under nothing, and （1） under 1.).
fn build_prose(lines: Vec<Line>, notes: &mut Notes) -> (RawProse, Vec<Placed>) {
    let mut builder = PartsBuilder::default();
    for line in lines {
        let text = safe_text(&line, notes);
        let numbered = numbering(&text).or_else(|| {
            line.heading
                .then(|| super::text::heading_numbering(&text))
                .flatten()
        });
        if let Some(n) = numbered {
            let whole = n.rest.trim();
            let styled = line.heading
                && !whole.is_empty()
                && whole.chars().count() <= MAX_STYLED_HEADING_CHARS;
            let split = if styled {
                Some((whole, ""))
            } else {
                split_heading(n.rest)
            };
            if let Some((heading, rest)) = split {
                if builder.open(n.style, heading, line.paragraph) {
                    if !rest.is_empty() {
                        builder.text(rest.to_string(), line.paragraph);
                    }
                    continue;
                }
                notes.add(
                    Severity::Info,
                    NoteKind::Other,
                    Some(paragraph_place(line.paragraph)),
                    format!(
                        "：小标题超过 {MAX_PART_DEPTH} 层，“{}”作为正文导入",
                        excerpt(&text)
                    ),
                );
            }
        }
        builder.text(text, line.paragraph);
    }
    builder.finish()
}

/// A numbered line's heading and the text run into it: `主动公开情况。主要
/// 通过…` → (`主动公开情况`, `主要通过…`). None when the line is a
/// numbered sentence rather than a heading.
fn split_heading(rest: &str) -> Option<(&str, &str)> {
    let rest = rest.trim();
    let stop = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '：' | ':' | '！' | '？' | '；'));
    let (heading, text) = match stop {
        Some((at, c)) => (&rest[..at], rest[at + c.len_utf8()..].trim()),
        None => (rest, ""),
    };
    let heading = heading.trim_end_matches(|c: char| "，、,. ".contains(c));
    let n = heading.chars().count();
    (n > 0 && n <= MAX_HEADING_CHARS).then_some((heading, text))
}

/// Text the contract can hold: `{{` would read as a placeholder.
fn safe_text(line: &Line, notes: &mut Notes) -> String {
    if !line.text.contains("{{") {
        return line.text.clone();
    }
    notes.add(
        Severity::Warning,
        NoteKind::Other,
        Some(paragraph_place(line.paragraph)),
        "：正文中的“{{”会被当作占位符，已改为全角“｛｛”",
    );
    line.text.replace("{{", "｛｛")
}

#[derive(Default)]
struct PartsBuilder {
    lead: Vec<String>,
    parts: Vec<RawPart>,
    /// The numbering style of each open level, outermost first.
    styles: Vec<NumberStyle>,
    placed: Vec<Placed>,
}

impl PartsBuilder {
    /// Opens a part at the level of `style`; false when that would nest
    /// deeper than the contract allows.
    fn open(&mut self, style: NumberStyle, heading: &str, paragraph: usize) -> bool {
        let depth = match self.styles.iter().position(|s| *s == style) {
            Some(i) => i,
            None if self.styles.len() < MAX_PART_DEPTH => self.styles.len(),
            None => return false,
        };
        self.styles.truncate(depth);
        self.styles.push(style);
        let part = RawPart {
            heading: heading.to_string(),
            text: String::new(),
            parts: Vec::new(),
        };
        let mut siblings = &mut self.parts;
        for _ in 0..depth {
            siblings = &mut siblings.last_mut().expect("open parent part").parts;
        }
        siblings.push(part);
        self.placed.push(Placed {
            key: self.open_key(),
            paragraph,
            text: String::new(),
        });
        true
    }

    /// The key of the innermost open part: `parts[1].parts[0]`.
    fn open_key(&self) -> String {
        let mut key = String::new();
        let mut siblings = &self.parts;
        for _ in 0..self.styles.len() {
            let Some(last) = siblings.last() else { break };
            if !key.is_empty() {
                key.push('.');
            }
            key.push_str(&format!("parts[{}]", siblings.len() - 1));
            siblings = &last.parts;
        }
        key
    }

    /// A paragraph (read from the document's paragraph `at`) into the
    /// innermost open part, or the lead.
    fn text(&mut self, paragraph: String, at: usize) {
        let key = match self.parts.is_empty() {
            true => "text".to_string(),
            false => format!("{}.text", self.open_key()),
        };
        self.placed.push(Placed {
            key,
            paragraph: at,
            text: paragraph.clone(),
        });
        let target = match self.parts.last_mut() {
            None => {
                self.lead.push(paragraph);
                return;
            }
            Some(mut part) => {
                for _ in 1..self.styles.len() {
                    part = part.parts.last_mut().expect("open child part");
                }
                part
            }
        };
        if !target.text.is_empty() {
            target.text.push_str("\n\n");
        }
        target.text.push_str(&paragraph);
    }

    fn finish(self) -> (RawProse, Vec<Placed>) {
        let prose = RawProse {
            text: self.lead.join("\n\n"),
            parts: self.parts,
        };
        (prose, self.placed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_their_forms() {
        let t = parse_title(
            "老城区人民政府办公室2022年政府信息公开工作年度报告",
            "",
            false,
        )
        .unwrap();
        assert_eq!((t.agency.as_str(), t.year), ("老城区人民政府办公室", 2022));
        let t = parse_title("2022年度北京市某局政府信息公开工作年度报告", "", false).unwrap();
        assert_eq!((t.agency.as_str(), t.year), ("北京市某局", 2022));
        let t = parse_title("某县人民政府二〇二三年政府信息公开工作年度报告", "", false).unwrap();
        assert_eq!(t.year, 2023);
        assert!(parse_title(
            "特向社会公布老城区人民政府办公室2022年政府信息公开工作年度报告。本报告由",
            "",
            false
        )
        .is_none());
        let broken = [
            (1, "老城区人民政府办公室2022年"),
            (2, "政府信息公开工作年度报告"),
        ];
        assert_eq!(find_title(&broken, "", &[]).unwrap().end, 2);
        let t = parse_title(
            "某局00002023年政府信息公开工作年度报告",
            "年政府信息公开工作年度报告",
            false,
        )
        .unwrap();
        assert_eq!((t.agency.as_str(), t.year), ("某局0000", 2023));
    }

    fn sections() -> Vec<SectionDef> {
        Template::built_in(crate::template::DEFAULT_TEMPLATE)
            .unwrap()
            .sections
    }

    fn section_heading(line: &str, current: Option<usize>) -> Option<(usize, bool)> {
        super::section_heading(line, current, &sections())
    }

    #[test]
    fn section_headings_tolerate_variants() {
        assert_eq!(section_heading("一、总体情况", None), Some((0, false)));
        assert_eq!(section_heading("一．总体情况概述", None), Some((0, false)));
        assert_eq!(section_heading("总体情况", None), Some((0, false)));
        assert_eq!(
            section_heading("二、主动公开政府信息情况", Some(0)),
            Some((1, false))
        );
        assert_eq!(
            section_heading("三、依申请公开情况", Some(1)),
            Some((2, false))
        );
        assert_eq!(
            section_heading(
                "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                Some(2)
            ),
            Some((3, false))
        );
        assert_eq!(
            section_heading("五、存在问题及改进情况", Some(3)),
            Some((4, false))
        );
        assert_eq!(section_heading("六、其他事项", Some(4)), Some((5, false)));
        assert_eq!(section_heading("五、下一步工作", Some(3)), Some((4, true)));
        // A part heading under 一 is not section 二.
        assert_eq!(section_heading("（一）主动公开", Some(0)), None);
        assert_eq!(section_heading("主动公开", Some(0)), None);
    }

    #[test]
    fn run_in_heading_splits() {
        assert_eq!(
            split_heading("主动公开情况。主要通过门户网站"),
            Some(("主动公开情况", "主要通过门户网站"))
        );
        assert_eq!(split_heading("依申请公开"), Some(("依申请公开", "")));
        assert!(split_heading(
            "全年共收到政府信息公开申请十五件其中自然人申请十四件法人申请一件均已答复"
        )
        .is_none());
    }

    #[test]
    fn parts_nest_by_style_order() {
        let mut notes = Notes::default();
        let lines: Vec<Line> = [
            "导语",
            "（一）甲",
            "正文甲",
            "1.子一",
            "子一正文",
            "2.子二",
            "（二）乙",
            "正文乙",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Line {
            paragraph: 10 + i,
            text: t.to_string(),
            heading: false,
        })
        .collect();
        let (prose, placed) = build_prose(lines, &mut notes);
        assert_eq!(prose.text, "导语");
        assert_eq!(prose.parts.len(), 2);
        assert_eq!(prose.parts[0].parts.len(), 2);
        assert_eq!(prose.parts[0].parts[0].text, "子一正文");
        assert_eq!(prose.parts[1].text, "正文乙");
        // Each heading and paragraph keeps the document paragraph it came
        // from, under the key the contract gives it.
        let placed: Vec<(&str, usize)> = placed
            .iter()
            .map(|p| (p.key.as_str(), p.paragraph))
            .collect();
        assert_eq!(
            placed,
            [
                ("text", 10),
                ("parts[0]", 11),
                ("parts[0].text", 12),
                ("parts[0].parts[0]", 13),
                ("parts[0].parts[0].text", 14),
                ("parts[0].parts[1]", 15),
                ("parts[1]", 16),
                ("parts[1].text", 17),
            ]
        );
    }
}
