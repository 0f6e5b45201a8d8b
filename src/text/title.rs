//! Breaking the title into a trapezoid or diamond (GB/T 9704 §7.3.1):
//! lines of similar length, never a short orphan tail, breaking between
//! words rather than inside one.

use super::linebreak::{fill_lines, is_closing, is_opening, Breakable, Hanging};
use super::words::{self, Edge, DOCUMENT_KIND};

/// Chooses where to break a title whose characters have the given widths,
/// with `allowed[i]` saying a break before char `i` is legal. Returns the
/// char indices where new lines start.
pub(crate) fn arrange(
    chars: &[char],
    widths: &[f32],
    allowed: &[bool],
    max_width: f32,
) -> Vec<usize> {
    let total: f32 = widths.iter().sum();
    if total <= max_width + 0.01 || chars.len() < 2 {
        return Vec::new();
    }
    let prefix: Vec<f32> = std::iter::once(0.0)
        .chain(widths.iter().scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        }))
        .collect();
    let text: String = chars.iter().collect();
    // The standard title (机关 + 年度 + 政府信息公开工作年度报告) breaks
    // before the document kind whenever the part before it fits a line.
    // Decided before the segmenter is asked: loading its dictionary costs
    // a single export about 80 ms, and most titles never need it.
    if let Some(byte) = text.rfind(DOCUMENT_KIND) {
        let at = text[..byte].chars().count();
        if at > 0
            && allowed[at]
            && prefix[at] <= max_width + 0.01
            && total - prefix[at] <= max_width + 0.01
        {
            return vec![at];
        }
    }
    let edges = words::edges(&text);
    let min_lines = (total / max_width).ceil() as usize;
    let mut best: Option<(f32, Vec<usize>)> = None;
    // Whole words first; a break inside a word only when no arrangement of
    // whole words fits (a name longer than a line).
    for whole_words in [true, false] {
        let candidates: Vec<usize> = (1..chars.len())
            .filter(|&i| allowed[i] && !(whole_words && edges[i] == Edge::Inside))
            .collect();
        for n in min_lines.max(2)..=min_lines.max(2) + 1 {
            // An exhaustive search is instant for real titles (2–3 lines); a
            // freak long title gets evenly spaced breaks instead of minutes of search.
            if combinations(candidates.len(), n - 1) > 100_000 {
                let even = even_breaks(&candidates, &prefix, n);
                if fits(&even, &prefix, max_width) {
                    return even;
                }
                let greedy = greedy_breaks(&candidates, &prefix, max_width);
                if fits(&greedy, &prefix, max_width) {
                    return greedy;
                }
                break;
            }
            // One more line is worth it when the fewest lines would cut a
            // name: 某某省某某州某某区 / 发展和改革局2023年 / 政府信息….
            let extra = (n - min_lines.max(2)) as f32 * 5.0;
            let mut breaks = Vec::with_capacity(n - 1);
            search(&candidates, 0, n - 1, &mut breaks, &mut |br: &[usize]| {
                let cost = cost(br, &prefix, max_width, &edges) + extra;
                if cost.is_finite() && best.as_ref().is_none_or(|(c, _)| cost < *c) {
                    best = Some((cost, br.to_vec()));
                }
            });
        }
        if best.is_some() {
            break;
        }
    }
    // Nothing fits when a word is wider than the line (a long Latin name):
    // cut it where it overflows rather than run off the page.
    best.map(|(_, b)| b)
        .unwrap_or_else(|| forced_breaks(chars, widths, allowed, max_width))
}

/// Fills each line as far as it goes, breaking at the last legal place, or
/// where the line overflows when an unbreakable run is wider than a line:
/// the body text's greedy filling, with its rule that a forced cut never
/// puts a closing mark first.
fn forced_breaks(chars: &[char], widths: &[f32], allowed: &[bool], max_width: f32) -> Vec<usize> {
    let items: Vec<TitleChar> = chars
        .iter()
        .zip(widths)
        .zip(allowed)
        .map(|((&ch, &width), &break_before)| TitleChar {
            width,
            break_before,
            closing: is_closing(ch),
            opening: is_opening(ch),
        })
        .collect();
    // A title is centred: a hanging mark would pull its line off-centre.
    fill_lines(&items, max_width, max_width, Hanging::Never)
        .into_iter()
        .skip(1)
        .map(|line| line.range.start)
        .collect()
}

struct TitleChar {
    width: f32,
    break_before: bool,
    closing: bool,
    opening: bool,
}

impl Breakable for TitleChar {
    fn width(&self) -> f32 {
        self.width
    }
    fn break_before(&self) -> bool {
        self.break_before
    }
    /// A title line is centred with what it holds; no space is dropped.
    fn is_space(&self) -> bool {
        false
    }
    fn is_closing(&self) -> bool {
        self.closing
    }
    fn is_opening(&self) -> bool {
        self.opening
    }
}

fn combinations(n: usize, k: usize) -> u64 {
    let mut c: u64 = 1;
    for i in 0..k.min(n) {
        c = c.saturating_mul((n - i) as u64) / (i as u64 + 1);
    }
    if k > n {
        0
    } else {
        c
    }
}

/// Breaks at the allowed positions nearest to equal shares of the width.
fn even_breaks(cands: &[usize], prefix: &[f32], n: usize) -> Vec<usize> {
    let total = prefix.last().copied().unwrap_or(0.0);
    let mut out: Vec<usize> = Vec::with_capacity(n - 1);
    for i in 1..n {
        let target = total * i as f32 / n as f32;
        let after = out.last().copied().unwrap_or(0);
        if let Some(&best) = cands.iter().filter(|&&c| c > after).min_by(|&&a, &&b| {
            (prefix[a] - target)
                .abs()
                .total_cmp(&(prefix[b] - target).abs())
        }) {
            out.push(best);
        }
    }
    out
}

fn fits(breaks: &[usize], prefix: &[f32], max_width: f32) -> bool {
    let n = prefix.len() - 1;
    let mut from = 0;
    for &b in breaks.iter().chain(std::iter::once(&n)) {
        if prefix[b] - prefix[from] > max_width + 0.01 {
            return false;
        }
        from = b;
    }
    true
}

/// Fill each line as far as it goes: the last resort, always fits when
/// every word does.
fn greedy_breaks(cands: &[usize], prefix: &[f32], max_width: f32) -> Vec<usize> {
    let n = prefix.len() - 1;
    let mut out = Vec::new();
    let mut from = 0;
    let mut last_fit = None;
    for &c in cands.iter().chain(std::iter::once(&n)) {
        if prefix[c] - prefix[from] > max_width + 0.01 {
            if let Some(b) = last_fit.take() {
                out.push(b);
                from = b;
            }
        }
        if c < n {
            last_fit = Some(c);
        }
    }
    out
}

fn search(
    cands: &[usize],
    from: usize,
    left: usize,
    acc: &mut Vec<usize>,
    f: &mut dyn FnMut(&[usize]),
) {
    if left == 0 {
        f(acc);
        return;
    }
    for k in from..cands.len() {
        acc.push(cands[k]);
        search(cands, k + 1, left - 1, acc, f);
        acc.pop();
    }
}

fn cost(breaks: &[usize], prefix: &[f32], max_width: f32, edges: &[Edge]) -> f32 {
    let n = prefix.len() - 1;
    let mut ends = Vec::with_capacity(breaks.len() + 2);
    ends.push(0);
    ends.extend_from_slice(breaks);
    ends.push(n);
    let widths: Vec<f32> = ends
        .windows(2)
        .map(|w| prefix[w[1]] - prefix[w[0]])
        .collect();
    let longest = widths.iter().cloned().fold(0.0, f32::max);
    if longest > max_width + 0.01 {
        return f32::INFINITY;
    }
    let mut cost = 0.0;
    for w in &widths {
        let short = (longest - w) / longest;
        // An orphan tail (under half the longest line) is what the standard forbids.
        if short > 0.5 {
            cost += 100.0;
        }
        cost += short * short * 10.0;
    }
    // Shapes: two lines read best longer-above-shorter (倒梯形) or equal; three
    // or more as a diamond, the middle line the longest.
    if widths.len() == 2 && widths[0] + 0.01 < widths[1] {
        cost += 1.5;
    }
    if widths.len() >= 3 {
        let mid = widths.len() / 2;
        if widths[mid] + 0.01 < longest {
            cost += 1.0;
        }
    }
    for &b in breaks {
        cost += match edges[b] {
            Edge::Phrase => 0.0,
            Edge::Word => 10.0,
            Edge::Inside => 20.0,
        };
    }
    cost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::linebreak::break_flags;

    /// Widths in ideographs: ASCII is half-width.
    fn char_width(c: char) -> f32 {
        if c.is_ascii() {
            0.5
        } else {
            1.0
        }
    }

    fn width(line: &str) -> f32 {
        line.chars().map(char_width).sum()
    }

    fn lines(title: &str, max_chars: f32) -> Vec<String> {
        let chars: Vec<char> = title.chars().collect();
        let widths: Vec<f32> = chars.iter().copied().map(char_width).collect();
        let mut allowed = Vec::new();
        break_flags(title, &mut allowed);
        let breaks = arrange(&chars, &widths, &allowed, max_chars);
        let mut out = Vec::new();
        let mut start = 0;
        for b in breaks.into_iter().chain(std::iter::once(chars.len())) {
            out.push(chars[start..b].iter().collect());
            start = b;
        }
        out
    }

    #[test]
    fn seed_title_breaks_before_the_document_kind() {
        let l = lines("老城区人民政府办公室2022年政府信息公开工作年度报告", 20.0);
        assert_eq!(
            l,
            ["老城区人民政府办公室2022年", "政府信息公开工作年度报告"]
        );
    }

    /// Real agency names, `|` where a line may break between their parts.
    const AGENCIES: &[&str] = &[
        "平潭综合实验区",
        "沭阳县|人民政府",
        "老城区|人民政府办公室",
        "北京市|海淀区|市场监督管理局",
        "广西壮族自治区|住房和城乡建设厅",
        "国家发展和改革委员会",
        "上海市|浦东新区|人民政府办公室",
        "深圳市|南山区|发展和改革局",
        "杭州市|西湖区|教育局",
        "成都市|武侯区|卫生健康局",
        "内蒙古自治区|鄂尔多斯市|人力资源和社会保障局",
        "新疆维吾尔自治区|生态环境厅",
        "湖南省|长沙市|岳麓区|人民政府",
        "福建省|厦门市|思明区|城市管理局",
        "江苏省|宿迁市|沭阳县|自然资源和规划局",
        "中华人民共和国|生态环境部",
        "重庆市|渝中区|交通局",
        "黑龙江省|哈尔滨市|道里区|应急管理局",
        "宁夏回族自治区|银川市|兴庆区|民政局",
        "吉林省|延边朝鲜族自治州|延吉市|退役军人事务局",
        "某某市|某某区|发展和改革局",
    ];

    /// Titles of the standard form, each with the char indices a line may
    /// start at: between the agency's parts, after it, before the kind.
    fn standard_titles(agencies: &[String]) -> Vec<(String, Vec<usize>, usize)> {
        let mut out = Vec::new();
        for (n, agency) in agencies.iter().enumerate() {
            let year = 2019 + n % 7;
            let mut title = String::new();
            let mut allowed = Vec::new();
            for part in agency.split('|') {
                if !title.is_empty() {
                    allowed.push(title.chars().count());
                }
                title.push_str(part);
            }
            allowed.push(title.chars().count());
            title.push_str(&format!("{year}年"));
            let kind_at = title.chars().count();
            allowed.push(kind_at);
            title.push_str(DOCUMENT_KIND);
            out.push((title, allowed, kind_at));
        }
        out
    }

    /// Issue 13 item 9: every title breaks only between words, and before
    /// 政府信息公开工作年度报告 whenever the part before fits one line.
    fn check_word_breaks(titles: &[(String, Vec<usize>, usize)]) -> usize {
        let mut whole = 0;
        for (title, allowed, kind_at) in titles {
            let l = lines(title, 20.0);
            let starts: Vec<usize> = l
                .iter()
                .scan(0, |at, line| {
                    let start = *at;
                    *at += line.chars().count();
                    Some(start)
                })
                .skip(1)
                .collect();
            for line in &l {
                assert!(width(line) <= 20.0, "{l:?}");
            }
            let head: String = title.chars().take(*kind_at).collect();
            if width(title) > 20.0 && width(&head) <= 20.0 {
                assert_eq!(starts, [*kind_at], "{l:?}");
            }
            if starts.iter().all(|s| allowed.contains(s)) {
                whole += 1;
            } else {
                eprintln!("breaks inside a word: {l:?}");
            }
        }
        whole
    }

    #[test]
    fn real_agencies_titles_break_between_words() {
        let agencies: Vec<String> = AGENCIES.iter().map(|a| a.to_string()).collect();
        let titles = standard_titles(&agencies);
        let whole = check_word_breaks(&titles);
        eprintln!(
            "real agencies: {whole} of {} titles break between words",
            titles.len()
        );
        assert_eq!(whole, titles.len());
        assert_eq!(
            lines("平潭综合实验区2021年政府信息公开工作年度报告", 20.0),
            ["平潭综合实验区2021年", "政府信息公开工作年度报告"]
        );
    }

    #[test]
    fn generated_agencies_titles_break_between_words() {
        let provinces = ["", "河北省|", "内蒙古自治区|", "广东省|"];
        let cities = [
            "",
            "石家庄市|",
            "呼和浩特市|",
            "韶关市|",
            "延边朝鲜族自治州|",
        ];
        let districts = ["", "长安区|", "新城区|", "乐昌市|", "武江区|"];
        let bodies = [
            "人民政府",
            "人民政府办公室",
            "发展和改革局",
            "住房和城乡建设局",
            "人力资源和社会保障局",
            "市场监督管理局",
            "教育局",
            "自然资源和规划局",
        ];
        let mut agencies = Vec::new();
        for p in provinces {
            for c in cities {
                for d in districts {
                    for b in bodies {
                        agencies.push(format!("{p}{c}{d}{b}"));
                    }
                }
            }
        }
        let titles = standard_titles(&agencies);
        let whole = check_word_breaks(&titles);
        eprintln!(
            "generated agencies: {whole} of {} titles break between words",
            titles.len()
        );
        assert_eq!(whole, titles.len());
    }

    #[test]
    fn very_long_title_is_broken_quickly() {
        let title = "关于".to_string() + &"某某单位".repeat(40) + "的报告";
        let start = std::time::Instant::now();
        let l = lines(&title, 20.0);
        assert!(start.elapsed().as_secs() < 2, "took {:?}", start.elapsed());
        assert!(l.len() >= 8, "{l:?}");
        assert_eq!(l.concat(), title);
        for line in &l {
            assert!(line.chars().count() <= 20, "{line}");
        }
    }

    #[test]
    fn a_word_wider_than_a_line_is_cut_where_it_overflows() {
        for title in [
            format!("{}进2023年报告", "m".repeat(60)),
            format!("{}{}进2023年报告", "县".repeat(150), "m".repeat(60)),
        ] {
            let l = lines(&title, 20.0);
            assert_eq!(l.concat(), title);
            for s in &l {
                assert!(width(s) <= 20.0, "{l:?}");
            }
        }
    }

    #[test]
    fn a_cut_inside_a_long_number_never_starts_a_line_with_closing_punctuation() {
        // Found by the property tests: a 39-digit agency name followed by
        // "，" left the comma at the start of the second line.
        for agency in [
            format!("{}，", "0".repeat(39)),
            format!("{}，，政", "0".repeat(37)),
        ] {
            let title = format!("{agency}2023年政府信息公开工作年度报告");
            let l = lines(&title, 20.0);
            assert_eq!(l.concat(), title);
            for s in &l[1..] {
                assert!(!is_closing(s.chars().next().unwrap()), "{l:?}");
            }
            for s in &l {
                assert!(width(s) <= 20.0, "{l:?}");
            }
        }
    }

    #[test]
    fn short_title_stays_on_one_line() {
        assert_eq!(lines("关于开展安全检查的通知", 20.0).len(), 1);
    }

    #[test]
    fn never_an_orphan_tail() {
        let l = lines(
            "某某省某某市某某县人民政府办公室关于2023年度政府信息公开工作年度报告",
            20.0,
        );
        let widths: Vec<f32> = l.iter().map(|s| width(s)).collect();
        let longest = widths.iter().cloned().fold(0.0, f32::max);
        for w in &widths {
            assert!(*w >= longest / 2.0, "{l:?}");
            assert!(*w <= 20.0, "{l:?}");
        }
    }
}
