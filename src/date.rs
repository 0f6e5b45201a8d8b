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
}
