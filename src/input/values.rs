//! The values of a report the contract checks as it reads them: counts
//! (件), the fee (万元) and the date as written.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// A count of cases or documents: a non-negative integer, never a fraction
/// or a string, so a typo cannot silently become a zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Count(pub u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountVisitor;
        impl Visitor<'_> for CountVisitor {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("非负整数")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                u64::try_from(v)
                    .map(Count)
                    .map_err(|_| E::custom(format!("计数不能为负数：{v}")))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Count, E> {
                u64::try_from(v)
                    .map(Count)
                    .map_err(|_| E::custom(format!("计数超出范围（最大 {}）：{v}", u64::MAX)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Count, E> {
                if v < 0 {
                    return Err(E::custom(format!("计数不能为负数：{v}")));
                }
                self.visit_u128(v as u128)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                // JSON hands a whole number beyond u64 over as a float.
                if v.is_finite() && v.fract() == 0.0 && v >= 18_446_744_073_709_551_616.0 {
                    return Err(E::custom(format!(
                        "计数超出范围（最大 {}）：约 {v:e}",
                        u64::MAX
                    )));
                }
                if v.is_finite() && v.fract() == 0.0 && v <= -1.0 {
                    return Err(E::custom(format!("计数不能为负数：{v}")));
                }
                Err(E::custom(format!("计数必须是整数，不能是小数：{v}")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                Err(E::custom(format!(
                    "计数必须是数字，不能是字符串：\"{}\"",
                    clip(v)
                )))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Count, E> {
                Err(E::custom(format!("计数必须是数字，不能是 {v}")))
            }
        }
        deserializer.deserialize_any(CountVisitor)
    }
}

/// 行政事业性收费 in 万元: a non-negative decimal kept digit for digit as
/// written ("5949.088667" prints as "5949.088667").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fee(String);

/// Why a text is not a fee; the value is quoted back as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    /// The text starts with `-`: the fee as written.
    #[error("收费金额不能为负数：\"{}\"", clip(.0))]
    Negative(String),
    /// The text is not `digits` or `digits.digits` (a comma, a unit, a
    /// blank): the fee as written.
    #[error("收费金额应为非负小数（如 \"0\"、\"12.5\"），而不是 \"{}\"", clip(.0))]
    NotADecimal(String),
    /// The fee, or a sum of fees, has more characters than the limit: no
    /// real amount is that long.
    #[error("收费金额最多 {limit} 位，这里有 {digits} 位")]
    TooLong {
        /// The fee's length, in characters.
        digits: usize,
        /// The longest fee allowed, in characters.
        limit: usize,
    },
}

impl Fee {
    /// Longest fee, in characters.
    const MAX_LEN: usize = 40;

    /// Accepts `digits` or `digits.digits`; anything else is refused with
    /// the reason, never rounded or guessed.
    pub fn parse(text: &str) -> Result<Fee, FeeError> {
        let t = text.trim();
        if t.starts_with('-') {
            return Err(FeeError::Negative(text.to_string()));
        }
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits(int) || !digits(frac) || (t.contains('.') && frac.is_empty()) {
            return Err(FeeError::NotADecimal(text.to_string()));
        }
        if t.len() > Self::MAX_LEN {
            return Err(FeeError::TooLong {
                digits: t.len(),
                limit: Self::MAX_LEN,
            });
        }
        Ok(Fee(t.to_string()))
    }

    /// The fee as written and printed, e.g. `5949.088667`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the fee is zero, however many zeros it is written with (`0.00`).
    pub fn is_zero(&self) -> bool {
        self.0.bytes().all(|b| b == b'0' || b == b'.')
    }
}

impl Fee {
    /// The exact sum of two fees, with as many decimals as the longer one
    /// (`"1.5"` + `"2.25"` = `"3.75"`, `"0"` + `"0.0000"` = `"0.0000"`): no
    /// floating point, no rounding. Refused when the sum is longer than a
    /// fee may be.
    pub fn checked_add(&self, other: &Fee) -> Result<Fee, FeeError> {
        let mut sum = FeeSum::default();
        sum.add(self);
        sum.add(other);
        sum.into_fee()
    }

    /// Compares the amounts, not the texts: `"12.50"` and `"12.5"` are the
    /// same amount.
    pub fn cmp_amount(&self, other: &Fee) -> Ordering {
        cmp_decimal(&self.0, &other.0)
    }
}

/// An exact sum of fees, as long as it needs to be: what a roll-up or rule
/// R7 adds up before writing it or comparing it with a report's fee. Its
/// text has as many decimals as the longest fee added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeSum(String);

impl Default for FeeSum {
    fn default() -> Self {
        FeeSum("0".into())
    }
}

impl FeeSum {
    /// Adds a fee, digit by digit.
    pub fn add(&mut self, fee: &Fee) {
        self.0 = add_decimal(&self.0, &fee.0);
    }

    /// Whether the sum is the same amount as `fee`.
    pub fn same_amount(&self, fee: &Fee) -> bool {
        cmp_decimal(&self.0, &fee.0) == Ordering::Equal
    }

    /// The sum as a fee, refused when it is longer than a fee may be.
    pub fn into_fee(self) -> Result<Fee, FeeError> {
        Fee::parse(&self.0)
    }
}

impl fmt::Display for FeeSum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `digits[.digits]` split at the point.
fn split_decimal(text: &str) -> (&str, &str) {
    text.split_once('.').unwrap_or((text, ""))
}

/// The sum of two `digits[.digits]` texts, with the longer one's decimals.
/// Schoolbook addition: fees are short, and a sum must be exact at any
/// length, which no fixed-width decimal type promises.
fn add_decimal(a: &str, b: &str) -> String {
    let ((ai, af), (bi, bf)) = (split_decimal(a), split_decimal(b));
    let frac_len = af.len().max(bf.len());
    let int_len = ai.len().max(bi.len());
    // Both numbers as digit strings of one shape: int padded left, fraction right.
    let shape = |int: &str, frac: &str| -> Vec<u8> {
        let mut digits = vec![b'0'; int_len - int.len()];
        digits.extend_from_slice(int.as_bytes());
        digits.extend_from_slice(frac.as_bytes());
        digits.resize(int_len + frac_len, b'0');
        digits
    };
    let (x, y) = (shape(ai, af), shape(bi, bf));
    let mut out = Vec::with_capacity(x.len() + 2);
    let mut carry = 0;
    for (dx, dy) in x.iter().rev().zip(y.iter().rev()) {
        let d = (dx - b'0') + (dy - b'0') + carry;
        out.push(b'0' + d % 10);
        carry = d / 10;
    }
    if carry > 0 {
        out.push(b'0' + carry);
    }
    out.reverse();
    let (int, frac) = out.split_at(out.len() - frac_len);
    let int = std::str::from_utf8(int)
        .unwrap_or("0")
        .trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = std::str::from_utf8(frac).unwrap_or_default();
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// Compares two `digits[.digits]` texts as numbers.
fn cmp_decimal(a: &str, b: &str) -> Ordering {
    let normal = |text| {
        let (int, frac) = split_decimal(text);
        (int.trim_start_matches('0'), frac.trim_end_matches('0'))
    };
    let ((ai, af), (bi, bf)) = (normal(a), normal(b));
    ai.len()
        .cmp(&bi.len())
        .then_with(|| ai.cmp(bi))
        .then_with(|| af.cmp(bf))
}

impl Default for Fee {
    fn default() -> Self {
        Fee("0".into())
    }
}

impl fmt::Display for Fee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Fee {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FeeVisitor;
        impl Visitor<'_> for FeeVisitor {
            type Value = Fee;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("非负小数（字符串或数字）")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Fee, E> {
                Fee::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Fee, E> {
                Ok(Fee(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Fee, E> {
                if v < 0 {
                    return Err(E::custom(format!("收费金额不能为负数：{v}")));
                }
                Ok(Fee(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Fee, E> {
                if v < 0.0 {
                    return Err(E::custom(format!("收费金额不能为负数：{v}")));
                }
                if !v.is_finite() {
                    return Err(E::custom(format!("收费金额应为非负小数，而不是 {v}")));
                }
                // The shortest text that reads back as the same number: what
                // the user typed, unless they typed more digits than a
                // double holds, which is why the contract prefers a string.
                Fee::parse(&format!("{v}")).map_err(E::custom)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Fee, E> {
                Err(E::custom(format!("收费金额应为非负小数，而不是 {v}")))
            }
        }
        deserializer.deserialize_any(FeeVisitor)
    }
}

/// A value of the user's quoted back in a message, cut to 40 characters so
/// a 4 MiB string does not become a 4 MiB message.
pub(super) fn clip(text: &str) -> String {
    const KEEP: usize = 40;
    if text.chars().count() <= KEEP {
        return text.to_string();
    }
    let head: String = text.chars().take(KEEP).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_keeps_digits_and_refuses_nonsense() {
        assert_eq!(Fee::parse("5949.088667").unwrap().as_str(), "5949.088667");
        assert!(Fee::parse("0.0000").unwrap().is_zero());
        for bad in ["-1", "1,5", "", ".5", "5.", "abc", "1e3"] {
            assert!(Fee::parse(bad).is_err(), "{bad}");
        }
    }

    fn fee(text: &str) -> Fee {
        Fee::parse(text).unwrap()
    }

    #[test]
    fn fees_add_exactly_keeping_the_longest_decimals() {
        let sum = |a: &str, b: &str| fee(a).checked_add(&fee(b)).unwrap().to_string();
        assert_eq!(sum("1.5", "2.25"), "3.75");
        assert_eq!(sum("0", "0.0000"), "0.0000");
        assert_eq!(sum("0.1", "0.2"), "0.3");
        assert_eq!(sum("9.99", "0.01"), "10.00");
        assert_eq!(sum("999", "1"), "1000");
        assert_eq!(sum("007", "0.5"), "7.5");
        assert_eq!(
            sum("5949.088667", "12345678901234567890.000001"),
            "12345678901234573839.088668"
        );
        let nines = "9".repeat(40);
        assert!(fee(&nines).checked_add(&fee("1")).is_err(), "41 digits");
        let mut long = FeeSum::default();
        long.add(&fee(&nines));
        long.add(&fee("1"));
        assert_eq!(long.to_string(), format!("1{}", "0".repeat(40)));
    }

    #[test]
    fn fees_compare_as_amounts() {
        assert_eq!(fee("12.50").cmp_amount(&fee("12.5")), Ordering::Equal);
        assert_eq!(fee("012").cmp_amount(&fee("12.000")), Ordering::Equal);
        assert_eq!(fee("0.5").cmp_amount(&fee("0.51")), Ordering::Less);
        assert_eq!(fee("10").cmp_amount(&fee("9.999")), Ordering::Greater);
        let mut sum = FeeSum::default();
        sum.add(&fee("0.1"));
        sum.add(&fee("0.2"));
        assert!(sum.same_amount(&fee("0.30")));
        assert!(!sum.same_amount(&fee("0.31")));
    }
}

/// A date as text: a string `"2023-01-18"`, or TOML's own date literal
/// `2023-01-18`, which serde hands over as a one-entry map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("日期，如 \"2023-01-18\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<DateText, A::Error> {
                let Some((_, value)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("日期应写作 \"YYYY-MM-DD\""));
                };
                Ok(DateText(value))
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}
