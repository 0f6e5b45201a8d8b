//! What a paragraph's style and list numbering contribute to its text.
//!
//! A clerk who lets Word number the headings (a multi-level list "一、"
//! "（一）" attached to 标题 1/标题 2) has no numbers in the text runs at
//! all: the number lives in numbering.xml. Without rendering it here the
//! mapping would see "总体情况" where the page shows "一、总体情况", and
//! parts would lose their level. Only the formats seen in Chinese reports
//! are rendered; bullets render as nothing.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::NsReader;

use super::xml::{attr, is_w, XmlError};

/// A paragraph style, as far as import needs it.
#[derive(Debug, Clone, Default)]
pub struct StyleDef {
    pub name: Option<String>,
    pub based_on: Option<String>,
    /// 0-based outline level (`w:outlineLvl`); 9 means body text.
    pub outline_level: Option<u8>,
    pub numbering: Option<NumRef>,
}

/// `w:numPr`: which list, at which level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NumRef {
    pub num_id: Option<u32>,
    pub level: Option<u8>,
}

#[derive(Debug, Default)]
pub struct Styles {
    by_id: HashMap<String, StyleDef>,
    default_paragraph: Option<String>,
}

impl Styles {
    pub fn parse(xml: &[u8]) -> Result<Styles, XmlError> {
        let mut reader = NsReader::from_reader(xml);
        let mut buf = Vec::new();
        let mut styles = Styles::default();
        // (id, def, is_paragraph_style) while inside <w:style>.
        let mut current: Option<(String, StyleDef, bool)> = None;
        let mut in_ppr = false;
        let mut num = NumRef::default();
        loop {
            let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
            match event {
                Event::Start(e) | Event::Empty(e) if is_w(&ns) => {
                    let local = e.local_name();
                    match local.as_ref() {
                        "style" => {
                            let id = attr(&e, "styleId").unwrap_or_default();
                            let is_para = attr(&e, "type").as_deref() == Some("paragraph");
                            if is_para && attr(&e, "default").as_deref() == Some("1") {
                                styles.default_paragraph = Some(id.clone());
                            }
                            current = Some((id, StyleDef::default(), is_para));
                        }
                        "name" => {
                            if let Some((_, def, _)) = current.as_mut() {
                                def.name = attr(&e, "val");
                            }
                        }
                        "basedOn" => {
                            if let Some((_, def, _)) = current.as_mut() {
                                def.based_on = attr(&e, "val");
                            }
                        }
                        "pPr" => in_ppr = true,
                        "outlineLvl" if in_ppr => {
                            if let Some((_, def, _)) = current.as_mut() {
                                def.outline_level = attr(&e, "val").and_then(|v| v.parse().ok());
                            }
                        }
                        "numId" if in_ppr => {
                            num.num_id = attr(&e, "val").and_then(|v| v.parse().ok())
                        }
                        "ilvl" if in_ppr => {
                            num.level = attr(&e, "val").and_then(|v| v.parse().ok())
                        }
                        _ => {}
                    }
                }
                Event::End(e) if is_w(&ns) => match e.local_name().as_ref() {
                    "pPr" => {
                        in_ppr = false;
                        if let Some((_, def, _)) = current.as_mut() {
                            if num != NumRef::default() {
                                def.numbering = Some(num);
                            }
                        }
                        num = NumRef::default();
                    }
                    "style" => {
                        if let Some((id, def, true)) = current.take() {
                            styles.by_id.insert(id, def);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(styles)
    }

    /// The style's own name (`heading 1`, `标题 1`, `Title`).
    pub fn name(&self, id: Option<&str>) -> Option<&str> {
        let id = id.or(self.default_paragraph.as_deref())?;
        self.by_id.get(id)?.name.as_deref()
    }

    /// Heading level (1 = highest) from the style chain: an outline level,
    /// or a built-in heading name, which some producers write without one.
    pub fn heading_level(&self, id: Option<&str>) -> Option<u8> {
        let mut id = id?;
        for _ in 0..16 {
            let def = self.by_id.get(id)?;
            if let Some(level) = def.outline_level {
                return (level < 9).then_some(level + 1);
            }
            if let Some(level) = def.name.as_deref().and_then(heading_name_level) {
                return Some(level);
            }
            id = def.based_on.as_deref()?;
        }
        None
    }

    /// The list a style numbers its paragraphs with, through `basedOn`.
    pub fn numbering(&self, id: Option<&str>) -> Option<NumRef> {
        let mut id = id?;
        for _ in 0..16 {
            let def = self.by_id.get(id)?;
            if let Some(num) = def.numbering {
                return Some(num);
            }
            id = def.based_on.as_deref()?;
        }
        None
    }
}

/// `heading 2` / `Heading2` / `标题 2` → 2.
fn heading_name_level(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    rest.trim().parse().ok().filter(|n| (1..=9).contains(n))
}

/// One level of an abstract list definition.
#[derive(Debug, Clone, Default)]
struct LevelDef {
    start: u32,
    format: String,
    text: String,
}

/// numbering.xml, plus the running counters of the document being read.
#[derive(Debug, Default)]
pub struct Numbering {
    /// abstractNumId → levels by ilvl.
    abstract_levels: HashMap<u32, HashMap<u8, LevelDef>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<u32, (u32, HashMap<u8, u32>)>,
    /// Running counters per abstract list, by level.
    counters: HashMap<u32, [Option<u32>; 9]>,
}

impl Numbering {
    pub fn parse(xml: &[u8]) -> Result<Numbering, XmlError> {
        let mut reader = NsReader::from_reader(xml);
        let mut buf = Vec::new();
        let mut numbering = Numbering::default();
        let mut abstract_id: Option<u32> = None;
        let mut level: Option<(u8, LevelDef)> = None;
        let mut num: Option<(u32, u32, HashMap<u8, u32>)> = None;
        let mut override_level: Option<u8> = None;
        loop {
            let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
            match event {
                Event::Start(e) | Event::Empty(e) if is_w(&ns) => {
                    let val = || attr(&e, "val");
                    let number = |name: &str| attr(&e, name).and_then(|v| v.parse::<u32>().ok());
                    match e.local_name().as_ref() {
                        "abstractNum" if num.is_none() => abstract_id = number("abstractNumId"),
                        "lvl" if abstract_id.is_some() => {
                            let ilvl = number("ilvl").unwrap_or(0).min(8) as u8;
                            level = Some((
                                ilvl,
                                LevelDef {
                                    start: 1,
                                    ..LevelDef::default()
                                },
                            ));
                        }
                        "start" => {
                            if let Some((_, def)) = level.as_mut() {
                                def.start = val().and_then(|v| v.parse().ok()).unwrap_or(1);
                            }
                        }
                        "numFmt" => {
                            if let Some((_, def)) = level.as_mut() {
                                def.format = val().unwrap_or_default();
                            }
                        }
                        "lvlText" => {
                            if let Some((_, def)) = level.as_mut() {
                                def.text = val().unwrap_or_default();
                            }
                        }
                        "num" => {
                            if let Some(id) = number("numId") {
                                num = Some((id, 0, HashMap::new()));
                            }
                        }
                        "abstractNumId" => {
                            if let Some((_, abs, _)) = num.as_mut() {
                                *abs = val().and_then(|v| v.parse().ok()).unwrap_or(0);
                            }
                        }
                        "lvlOverride" => {
                            override_level = number("ilvl").map(|l| l.min(8) as u8);
                        }
                        "startOverride" => {
                            if let (Some((_, _, starts)), Some(l)) = (num.as_mut(), override_level)
                            {
                                starts.insert(l, val().and_then(|v| v.parse().ok()).unwrap_or(1));
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) if is_w(&ns) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(abs), Some((ilvl, def))) = (abstract_id, level.take()) {
                            numbering
                                .abstract_levels
                                .entry(abs)
                                .or_default()
                                .insert(ilvl, def);
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => {
                        if let Some((id, abs, starts)) = num.take() {
                            numbering.nums.insert(id, (abs, starts));
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(numbering)
    }

    /// The label Word would print before this paragraph ("一、", "（二）",
    /// "3."), advancing the list's counters. `None` for no list, a bullet,
    /// or an empty label.
    pub fn next_label(&mut self, num: NumRef) -> Option<String> {
        let num_id = num.num_id.filter(|id| *id != 0)?;
        let level = num.level.unwrap_or(0).min(8);
        let (abs, starts) = self.nums.get(&num_id)?;
        let levels = self.abstract_levels.get(abs)?;
        let start_of = |l: u8| {
            starts
                .get(&l)
                .copied()
                .or_else(|| levels.get(&l).map(|d| d.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(*abs).or_insert([None; 9]);
        let value = match counters[level as usize] {
            Some(v) => v + 1,
            None => start_of(level),
        };
        counters[level as usize] = Some(value);
        for deeper in counters.iter_mut().skip(level as usize + 1) {
            *deeper = None;
        }
        let def = levels.get(&level)?;
        if def.format == "bullet" || def.format == "none" {
            return None;
        }
        let mut label = def.text.clone();
        for l in 0..=level {
            let placeholder = format!("%{}", l + 1);
            if !label.contains(&placeholder) {
                continue;
            }
            let n = counters[l as usize].unwrap_or_else(|| start_of(l));
            let format = levels.get(&l).map_or("decimal", |d| d.format.as_str());
            label = label.replace(&placeholder, &format_number(n, format));
        }
        (!label.is_empty()).then_some(label)
    }
}

/// A list number in one of Word's formats.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "taiwaneseCounting"
        | "japaneseCounting" => chinese_count(n),
        "chineseLegalSimplified" => chinese_count(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                c => c,
            })
            .collect(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1).map_or(n.to_string(), String::from)
        }
        "lowerLetter" | "upperLetter" => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            let c = (base + ((n.max(1) - 1) % 26) as u8) as char;
            c.to_string().repeat(((n.max(1) - 1) / 26 + 1) as usize)
        }
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
pub fn chinese_count(n: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n < 10 {
        return DIGITS[n as usize].to_string();
    }
    if n < 100 {
        let (tens, ones) = (n / 10, n % 10);
        let mut s = String::new();
        if tens > 1 {
            s.push(DIGITS[tens as usize]);
        }
        s.push('十');
        if ones > 0 {
            s.push(DIGITS[ones as usize]);
        }
        return s;
    }
    if n < 1000 {
        let (hundreds, rest) = (n / 100, n % 100);
        let mut s = format!("{}百", DIGITS[hundreds as usize]);
        if rest > 0 {
            if rest < 10 {
                s.push('零');
                s.push(DIGITS[rest as usize]);
            } else {
                s.push_str(&if rest < 20 {
                    format!("一{}", chinese_count(rest))
                } else {
                    chinese_count(rest)
                });
            }
        }
        return s;
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_as_word_prints_it() {
        assert_eq!(chinese_count(1), "一");
        assert_eq!(chinese_count(10), "十");
        assert_eq!(chinese_count(12), "十二");
        assert_eq!(chinese_count(20), "二十");
        assert_eq!(chinese_count(105), "一百零五");
        assert_eq!(chinese_count(115), "一百一十五");
    }

    #[test]
    fn heading_names_in_english_and_chinese() {
        assert_eq!(heading_name_level("heading 1"), Some(1));
        assert_eq!(heading_name_level("标题 2"), Some(2));
        assert_eq!(heading_name_level("Title"), None);
    }
}
