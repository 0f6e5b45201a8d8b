//! A calendar date, and the one place that knows which dates a calendar has.
//!
//! It sits below every stage: the reader builds it from the report's
//! `date`, the document tree carries it, the writers print it.

/// A calendar date as printed in full (2023年1月18日), never zero-padded.
///
/// Build it with [`Date::new`], which refuses 2023-02-29. The fields stay
/// public because the writers read them and tests build documents by hand;
/// a writer that must not trust a hand-built tree asks [`Date::new`] again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. 2023.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, from 1.
    pub day: u8,
}

/// Why three numbers are not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The month is not 1 to 12: the month given.
    #[error("month {0} does not exist")]
    NoSuchMonth(u8),
    /// The month has no such day (2023-02-29, or day 0).
    #[error("day {day} does not exist in month {month}")]
    NoSuchDay {
        /// The month given, which exists.
        month: u8,
        /// The day given.
        day: u8,
    },
}

impl Date {
    /// The date, if the Gregorian calendar has it.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, CalendarError> {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(CalendarError::NoSuchMonth(month)),
        };
        if day == 0 || day > days {
            return Err(CalendarError::NoSuchDay { month, day });
        }
        Ok(Date { year, month, day })
    }

    /// The GB/T 9704 §7.3.5.4 form: all digits, no padding.
    pub fn to_chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// An instant in UTC, to the second: what `SOURCE_DATE_EPOCH` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    /// The UTC calendar day.
    pub date: Date,
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
    /// 0 to 59.
    pub second: u8,
}

impl Instant {
    /// The instant `seconds` after 1970-01-01 00:00:00 UTC, if its year is
    /// one a [`Date`] holds (up to 9999, the last year PDF and zip write).
    pub fn from_unix_seconds(seconds: u64) -> Option<Instant> {
        let days = i64::try_from(seconds / 86_400).ok()?;
        let (year, month, day) = civil_from_days(days);
        let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
        let of_day = seconds % 86_400;
        Some(Instant {
            date: Date::new(year, month, day).ok()?,
            hour: (of_day / 3600) as u8,
            minute: (of_day / 60 % 60) as u8,
            second: (of_day % 60) as u8,
        })
    }
}

/// The year, month and day of a day counted from 1970-01-01 (Howard
/// Hinnant's civil-from-days: exact for every Gregorian day).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// When a file says it was made. An archive must not be told a date that
/// is not true, so only two sources exist: the report's own 成文日期, and
/// the instant `SOURCE_DATE_EPOCH` names (the reproducible-builds
/// convention for "the time these sources stand for"). Without either a
/// file carries no date at all where its format allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stamp {
    /// The report's 成文日期: a day, no time of day.
    Day(Date),
    /// `SOURCE_DATE_EPOCH`, in UTC.
    Instant(Instant),
}

impl Stamp {
    /// The calendar day (UTC for an instant).
    pub fn date(self) -> Date {
        match self {
            Stamp::Day(date) => date,
            Stamp::Instant(instant) => instant.date,
        }
    }

    /// Hour, minute and second: midnight for a day, where formats that
    /// require a time of day are given one.
    pub fn time(self) -> (u8, u8, u8) {
        match self {
            Stamp::Day(_) => (0, 0, 0),
            Stamp::Instant(i) => (i.hour, i.minute, i.second),
        }
    }
}

/// Why `SOURCE_DATE_EPOCH` was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceDateEpochError {
    /// Not a count of seconds, or past the year 9999; the text given.
    #[error(
        "环境变量 SOURCE_DATE_EPOCH 的值“{0}”不是自 1970-01-01 起的秒数（非负整数，不晚于 9999 年）"
    )]
    Malformed(String),
}

/// The instant `SOURCE_DATE_EPOCH` names, `None` when it is unset or empty.
/// A malformed value is an error, not ignored: the convention asks tools to
/// refuse it, since falling back would make a build that looks reproducible
/// carry another date.
pub fn source_date_epoch() -> Result<Option<Instant>, SourceDateEpochError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(text)) => Err(SourceDateEpochError::Malformed(
            text.to_string_lossy().into_owned(),
        )),
        Ok(text) => parse_source_date_epoch(&text),
    }
}

fn parse_source_date_epoch(text: &str) -> Result<Option<Instant>, SourceDateEpochError> {
    if text.is_empty() {
        return Ok(None);
    }
    let malformed = || SourceDateEpochError::Malformed(text.to_string());
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    let seconds: u64 = text.parse().map_err(|_| malformed())?;
    Instant::from_unix_seconds(seconds)
        .map(Some)
        .ok_or_else(malformed)
}

/// This year: by `SOURCE_DATE_EPOCH` when it is set and well formed, else
/// by the clock (UTC).
pub fn current_year() -> u16 {
    if let Ok(Some(instant)) = source_date_epoch() {
        return instant.date.year;
    }
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Instant::from_unix_seconds(seconds).map_or(9999, |i| i.date.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_calendar_dates_are_dates() {
        assert_eq!(
            Date::new(2023, 1, 18).unwrap().to_chinese(),
            "2023年1月18日"
        );
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(2000, 2, 29).is_ok());
        assert_eq!(
            Date::new(1900, 2, 29),
            Err(CalendarError::NoSuchDay { month: 2, day: 29 })
        );
        assert_eq!(Date::new(2023, 13, 1), Err(CalendarError::NoSuchMonth(13)));
        assert!(Date::new(2023, 4, 31).is_err());
        assert!(Date::new(2023, 1, 0).is_err());
    }

    #[test]
    fn unix_seconds_are_utc_instants() {
        let at = |s| Instant::from_unix_seconds(s).unwrap();
        assert_eq!(at(0).date, Date::new(1970, 1, 1).unwrap());
        // 2023-11-14 22:13:20 UTC
        let i = at(1_700_000_000);
        assert_eq!(i.date, Date::new(2023, 11, 14).unwrap());
        assert_eq!((i.hour, i.minute, i.second), (22, 13, 20));
        assert_eq!(at(1_709_164_800).date, Date::new(2024, 2, 29).unwrap());
        assert_eq!(at(1_767_225_599).date, Date::new(2025, 12, 31).unwrap());
        assert_eq!(at(1_767_225_600).date, Date::new(2026, 1, 1).unwrap());
        assert_eq!(at(253_402_300_799).date, Date::new(9999, 12, 31).unwrap());
        assert_eq!(Instant::from_unix_seconds(253_402_300_800), None);
    }

    #[test]
    fn source_date_epoch_is_seconds_or_refused() {
        assert_eq!(parse_source_date_epoch(""), Ok(None));
        assert_eq!(
            parse_source_date_epoch("1700000000").unwrap().unwrap().date,
            Date::new(2023, 11, 14).unwrap()
        );
        for bad in [
            "-1",
            "1.5",
            " 1700000000",
            "1e9",
            "yesterday",
            "99999999999999999999",
        ] {
            assert_eq!(
                parse_source_date_epoch(bad),
                Err(SourceDateEpochError::Malformed(bad.to_string())),
                "{bad}"
            );
        }
    }
}
