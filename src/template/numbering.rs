//! GB/T 9704 heading numbers (§7.3.3: 一、 （一） 1. （1））: part of the
//! format, shared by the document builder, the checks that name a section
//! or part, and the skeleton that names the sections.

/// GB/T 9704 §7.3.3: 一、 （一） 1. （1）, with nothing after （一）.
pub fn heading_number(level: u8, n: usize) -> String {
    match level {
        1 => format!("{}、", chinese_number(n)),
        2 => format!("（{}）", chinese_number(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers are
/// written in digits, since no report has a hundred sections.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let ones = if n.is_multiple_of(10) {
        ""
    } else {
        DIGITS[n % 10]
    };
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{ones}"),
        20..=99 => format!("{}十{ones}", DIGITS[n / 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let got: Vec<String> = [1, 6, 10, 11, 20, 21, 99]
            .iter()
            .map(|n| chinese_number(*n))
            .collect();
        assert_eq!(got, ["一", "六", "十", "十一", "二十", "二十一", "九十九"]);
    }

    #[test]
    fn part_numbers_follow_gbt9704() {
        assert_eq!(heading_number(2, 3), "（三）");
        assert_eq!(heading_number(3, 2), "2.");
        assert_eq!(heading_number(4, 1), "（1）");
    }
}
