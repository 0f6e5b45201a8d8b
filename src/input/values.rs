//! The values of a report the contract checks as it reads them: counts
//! (件), the fee (万元) and the date as written.

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
    #[error("收费金额不能为负数：\"{}\"", clip(.0))]
    Negative(String),
    #[error("收费金额应为非负小数（如 \"0\"、\"12.5\"），而不是 \"{}\"", clip(.0))]
    NotADecimal(String),
    #[error("收费金额最多 {limit} 位，这里有 {digits} 位")]
    TooLong { digits: usize, limit: usize },
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

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_zero(&self) -> bool {
        self.0.bytes().all(|b| b == b'0' || b == b'.')
    }
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
