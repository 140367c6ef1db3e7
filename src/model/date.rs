//! Dates as sources state them: a calendar date with a [`Precision`] (year, month, day, minute,
//! second), an optional UTC offset, and the conversions to the axis' time unit (f64 seconds since
//! 1970-01-01T00:00:00 UTC). Owns ISO-8601 parsing/printing and human display ("Feb 1985").
//! Does not own file formats (see `io`).
//!
//! Years use **astronomical numbering**, as ISO 8601, chrono and JavaScript do: year 0 is 1 BCE,
//! year -43 is 44 BCE. Display turns them into "44 BCE". The supported range is ±200,000 years.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt;

/// Years beyond this (either sign) are refused; chrono's own limit is ±262,143.
pub const MAX_ABS_YEAR: i32 = 200_000;

/// How much of a date the source actually stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
    Minute,
    Second,
}

impl Precision {
    pub fn name(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Minute => "minute",
            Precision::Second => "second",
        }
    }
}

/// A date at a stated precision. Fields finer than the precision are zero/one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// Minutes east of UTC when the source gave an offset ("Z" is 0). `None`: floating time,
    /// treated as UTC on the axis.
    offset_minutes: Option<i16>,
    precision: Precision,
}

/// Why a date could not be built or parsed. The message says what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("year {0} is outside the supported range ±{MAX_ABS_YEAR}")]
    YearOutOfRange(i64),
    #[error("month {0} does not exist (expected 1–12)")]
    Month(u32),
    #[error("day {day} does not exist in {year}-{month:02}")]
    Day { year: i32, month: u32, day: u32 },
    #[error("time {hour:02}:{minute:02}:{second:02} does not exist (expected 00:00:00–23:59:59)")]
    Time { hour: u32, minute: u32, second: u32 },
    #[error("offset must be Z or ±HH:MM within ±18:00")]
    Offset,
    #[error(
        "expected an ISO-8601 date such as \"1985\", \"1985-02\", \"1985-02-07\", \"1985-02-07T09:30\" or \"-0043-03-15\""
    )]
    Syntax,
}

impl Date {
    pub fn year(year: i32) -> Result<Self, DateError> {
        Self::build(year, None, None, None, Precision::Year)
    }

    pub fn month(year: i32, month: u32) -> Result<Self, DateError> {
        Self::build(year, Some(month), None, None, Precision::Month)
    }

    pub fn day(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        Self::build(year, Some(month), Some(day), None, Precision::Day)
    }

    /// A time of day; `second: None` gives minute precision.
    pub fn time(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: Option<u32>,
    ) -> Result<Self, DateError> {
        let precision = if second.is_some() {
            Precision::Second
        } else {
            Precision::Minute
        };
        Self::build(
            year,
            Some(month),
            Some(day),
            Some((hour, minute, second.unwrap_or(0))),
            precision,
        )
    }

    fn build(
        year: i32,
        month: Option<u32>,
        day: Option<u32>,
        hms: Option<(u32, u32, u32)>,
        precision: Precision,
    ) -> Result<Self, DateError> {
        if year.unsigned_abs() > MAX_ABS_YEAR as u32 {
            return Err(DateError::YearOutOfRange(year as i64));
        }
        let month = month.unwrap_or(1);
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        let day = day.unwrap_or(1);
        if NaiveDate::from_ymd_opt(year, month, day).is_none() {
            return Err(DateError::Day { year, month, day });
        }
        let (hour, minute, second) = hms.unwrap_or((0, 0, 0));
        if hour > 23 || minute > 59 || second > 59 {
            return Err(DateError::Time {
                hour,
                minute,
                second,
            });
        }
        Ok(Date {
            year,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            offset_minutes: None,
            precision,
        })
    }

    /// The same date with a UTC offset in minutes (only meaningful at minute/second precision).
    pub fn with_offset(mut self, offset_minutes: i16) -> Result<Self, DateError> {
        if offset_minutes.unsigned_abs() > 18 * 60 {
            return Err(DateError::Offset);
        }
        self.offset_minutes = Some(offset_minutes);
        Ok(self)
    }

    /// The whole calendar year/month/day/minute/second; the same date at coarser precision.
    pub fn truncated(self, precision: Precision) -> Self {
        let p = precision.min(self.precision);
        let mut d = self;
        d.precision = p;
        if p < Precision::Second {
            d.second = 0;
        }
        if p < Precision::Minute {
            d.hour = 0;
            d.minute = 0;
            d.offset_minutes = None;
        }
        if p < Precision::Day {
            d.day = 1;
        }
        if p < Precision::Month {
            d.month = 1;
        }
        d
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }
    pub fn year_number(&self) -> i32 {
        self.year
    }
    pub fn month_number(&self) -> u32 {
        self.month as u32
    }
    pub fn day_number(&self) -> u32 {
        self.day as u32
    }
    pub fn hms(&self) -> (u32, u32, u32) {
        (self.hour as u32, self.minute as u32, self.second as u32)
    }
    pub fn offset_minutes(&self) -> Option<i16> {
        self.offset_minutes
    }

    fn naive(&self) -> NaiveDateTime {
        // Every constructor validated these fields, so the fallbacks are never taken.
        let date = NaiveDate::from_ymd_opt(self.year, self.month as u32, self.day as u32)
            .unwrap_or(NaiveDate::MIN);
        let time =
            NaiveTime::from_hms_opt(self.hour as u32, self.minute as u32, self.second as u32)
                .unwrap_or(NaiveTime::MIN);
        date.and_time(time)
    }

    /// The first instant the date covers, in seconds since 1970-01-01T00:00:00 UTC.
    pub fn start_secs(&self) -> f64 {
        let local = self.naive().and_utc().timestamp();
        let offset = self.offset_minutes.unwrap_or(0) as i64 * 60;
        (local - offset) as f64
    }

    /// The first instant after the date's precision span: the next year for "1985", the next
    /// month for "Feb 1985", the next day, minute or second.
    pub fn end_of_precision_secs(&self) -> f64 {
        let start = self.start_secs();
        let naive = self.naive();
        let next = match self.precision {
            Precision::Year => {
                NaiveDate::from_ymd_opt(self.year + 1, 1, 1).map(|d| d.and_time(NaiveTime::MIN))
            }
            Precision::Month => {
                let (y, m) = if self.month == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, self.month as u32 + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1).map(|d| d.and_time(NaiveTime::MIN))
            }
            Precision::Day => return start + 86_400.0,
            Precision::Minute => return start + 60.0,
            Precision::Second => return start + 1.0,
        };
        match next {
            Some(next) => start + (next - naive).num_seconds() as f64,
            None => start + 86_400.0 * 366.0,
        }
    }

    /// Length of the precision span in seconds (a year, a month, a day…).
    pub fn precision_span_secs(&self) -> f64 {
        self.end_of_precision_secs() - self.start_secs()
    }

    /// The UTC calendar date-time of an axis instant, if it is within chrono's range.
    pub fn naive_from_secs(secs: f64) -> Option<NaiveDateTime> {
        if !secs.is_finite() {
            return None;
        }
        chrono::DateTime::from_timestamp(secs.floor() as i64, 0).map(|d| d.naive_utc())
    }

    /// An axis instant as a date at the given precision (UTC).
    pub fn from_secs(secs: f64, precision: Precision) -> Option<Date> {
        let n = Self::naive_from_secs(secs)?;
        let d = Date::time(
            n.year(),
            n.month(),
            n.day(),
            n.hour(),
            n.minute(),
            Some(n.second()),
        )
        .ok()?;
        Some(d.truncated(precision))
    }

    /// ISO-8601 text at the stated precision: "1985", "1985-02", "1985-02-07",
    /// "1985-02-07T09:30", "1985-02-07T09:30:15Z"; years outside 0..=9999 use the expanded form
    /// ("-0043", "+12000").
    pub fn to_iso(&self) -> String {
        let mut s = if (0..=9999).contains(&self.year) {
            format!("{:04}", self.year)
        } else if self.year < 0 {
            format!("-{:04}", self.year.unsigned_abs())
        } else {
            format!("+{:04}", self.year)
        };
        if self.precision >= Precision::Month {
            s.push_str(&format!("-{:02}", self.month));
        }
        if self.precision >= Precision::Day {
            s.push_str(&format!("-{:02}", self.day));
        }
        if self.precision >= Precision::Minute {
            s.push_str(&format!("T{:02}:{:02}", self.hour, self.minute));
        }
        if self.precision >= Precision::Second {
            s.push_str(&format!(":{:02}", self.second));
        }
        if let Some(off) = self.offset_minutes {
            if off == 0 {
                s.push('Z');
            } else {
                let sign = if off < 0 { '-' } else { '+' };
                let a = off.unsigned_abs();
                s.push_str(&format!("{sign}{:02}:{:02}", a / 60, a % 60));
            }
        }
        s
    }

    /// Parses ISO-8601 at any precision, with optional `Z`/`±HH:MM` offset and signed or
    /// expanded years. A space may stand for `T`; `HH` alone after `T` means minute precision
    /// at `HH:00`.
    pub fn parse_iso(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        let bytes = t.as_bytes();
        if bytes.is_empty() {
            return Err(DateError::Syntax);
        }
        // Year: optional sign, then at least 4 digits when signed/expanded, 1..=6 otherwise.
        let (neg, rest) = match bytes[0] {
            b'-' => (true, &t[1..]),
            b'+' => (false, &t[1..]),
            _ => (false, t),
        };
        let ylen = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        if ylen == 0 || ylen > 7 {
            return Err(DateError::Syntax);
        }
        let year_abs: i64 = rest[..ylen].parse().map_err(|_| DateError::Syntax)?;
        let year = if neg { -year_abs } else { year_abs };
        if year.unsigned_abs() > MAX_ABS_YEAR as u64 {
            return Err(DateError::YearOutOfRange(year));
        }
        let year = year as i32;
        let rest = &rest[ylen..];
        if rest.is_empty() {
            return Date::year(year);
        }
        let (month, rest) = two_digits_after(rest, b'-')?;
        if rest.is_empty() {
            return Date::month(year, month);
        }
        let (day, rest) = two_digits_after(rest, b'-')?;
        if rest.is_empty() {
            return Date::day(year, month, day);
        }
        let rest = match rest.as_bytes()[0] {
            b'T' | b't' | b' ' => &rest[1..],
            _ => return Err(DateError::Syntax),
        };
        let (hour, rest) = two_digits(rest)?;
        let (minute, rest) = match rest.as_bytes().first() {
            Some(b':') => two_digits(&rest[1..])?,
            _ => (0, rest),
        };
        let (second, rest) = match rest.as_bytes().first() {
            Some(b':') => {
                let (s, r) = two_digits(&rest[1..])?;
                // Fractions of a second are accepted and dropped: the axis stops at seconds.
                let r = match r.as_bytes().first() {
                    Some(b'.') | Some(b',') => {
                        let n = r[1..].bytes().take_while(|b| b.is_ascii_digit()).count();
                        if n == 0 {
                            return Err(DateError::Syntax);
                        }
                        &r[1 + n..]
                    }
                    _ => r,
                };
                (Some(s), r)
            }
            _ => (None, rest),
        };
        let date = Date::time(year, month, day, hour, minute, second)?;
        if rest.is_empty() {
            return Ok(date);
        }
        date.with_offset(parse_offset(rest)?)
    }

    /// Human text at the stated precision: "1985", "Feb 1985", "7 Feb 1985",
    /// "7 Feb 1985 09:30", "7 Feb 1985 09:30:15 UTC+1"; BCE years as "44 BCE".
    pub fn display(&self) -> String {
        let year = year_label(self.year);
        let month = MONTH_ABBR[(self.month as usize).saturating_sub(1).min(11)];
        let mut s = match self.precision {
            Precision::Year => year,
            Precision::Month => format!("{month} {year}"),
            _ => format!("{} {month} {year}", self.day),
        };
        if self.precision >= Precision::Minute {
            s.push_str(&format!(" {:02}:{:02}", self.hour, self.minute));
        }
        if self.precision >= Precision::Second {
            s.push_str(&format!(":{:02}", self.second));
        }
        if let Some(off) = self.offset_minutes {
            if off == 0 {
                s.push_str(" UTC");
            } else {
                let sign = if off < 0 { '-' } else { '+' };
                let a = off.unsigned_abs();
                if a % 60 == 0 {
                    s.push_str(&format!(" UTC{sign}{}", a / 60));
                } else {
                    s.push_str(&format!(" UTC{sign}{}:{:02}", a / 60, a % 60));
                }
            }
        }
        s
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

pub const MONTH_ABBR: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "1985" for CE years, "44 BCE" for astronomical year -43, "1 BCE" for year 0.
pub fn year_label(year: i32) -> String {
    if year <= 0 {
        format!("{} BCE", 1 - year as i64)
    } else {
        year.to_string()
    }
}

fn two_digits(s: &str) -> Result<(u32, &str), DateError> {
    let b = s.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
        return Err(DateError::Syntax);
    }
    Ok((((b[0] - b'0') * 10 + (b[1] - b'0')) as u32, &s[2..]))
}

fn two_digits_after(s: &str, sep: u8) -> Result<(u32, &str), DateError> {
    if s.as_bytes().first() != Some(&sep) {
        return Err(DateError::Syntax);
    }
    two_digits(&s[1..])
}

fn parse_offset(s: &str) -> Result<i16, DateError> {
    if s == "Z" || s == "z" {
        return Ok(0);
    }
    let sign = match s.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return Err(DateError::Syntax),
    };
    let (h, rest) = two_digits(&s[1..])?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let (m, rest) = if rest.is_empty() {
        (0, rest)
    } else {
        two_digits(rest)?
    };
    if !rest.is_empty() || m > 59 || h > 18 {
        return Err(DateError::Offset);
    }
    Ok(sign * (h * 60 + m) as i16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_precision_and_round_trips() {
        for (text, precision) in [
            ("1985", Precision::Year),
            ("1985-02", Precision::Month),
            ("1985-02-07", Precision::Day),
            ("1985-02-07T09:30", Precision::Minute),
            ("1985-02-07T09:30:15", Precision::Second),
            ("1985-02-07T09:30:15Z", Precision::Second),
            ("1985-02-07T09:30-06:00", Precision::Minute),
            ("-0043-03-15", Precision::Day),
            ("0000", Precision::Year),
            ("-100000", Precision::Year),
            ("+100000-06", Precision::Month),
        ] {
            let d = Date::parse_iso(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(d.precision(), precision, "{text}");
            assert_eq!(d.to_iso(), text, "round trip of {text}");
            assert_eq!(Date::parse_iso(&d.to_iso()), Ok(d));
        }
    }

    #[test]
    fn displays_honest_precision() {
        let show = |s: &str| Date::parse_iso(s).unwrap().display();
        assert_eq!(show("1985"), "1985");
        assert_eq!(show("1985-02"), "Feb 1985");
        assert_eq!(show("1985-02-07"), "7 Feb 1985");
        assert_eq!(show("1985-02-07T09:30"), "7 Feb 1985 09:30");
        assert_eq!(
            show("1985-02-07T09:30:05+05:30"),
            "7 Feb 1985 09:30:05 UTC+5:30"
        );
        assert_eq!(show("-0043-03-15"), "15 Mar 44 BCE");
        assert_eq!(show("0000"), "1 BCE");
        assert_eq!(show("0001"), "1");
    }

    #[test]
    fn refuses_impossible_dates() {
        assert_eq!(
            Date::parse_iso("2013-02-30"),
            Err(DateError::Day {
                year: 2013,
                month: 2,
                day: 30
            })
        );
        assert_eq!(Date::parse_iso("1985-13"), Err(DateError::Month(13)));
        assert!(Date::parse_iso("1900-02-29").is_err());
        assert!(Date::parse_iso("2000-02-29").is_ok());
        assert!(Date::parse_iso("2024-02-29").is_ok());
        assert!(matches!(
            Date::parse_iso("1985-02-07T24:00"),
            Err(DateError::Time { .. })
        ));
        assert_eq!(Date::parse_iso("Feb 1985"), Err(DateError::Syntax));
        assert_eq!(Date::parse_iso(""), Err(DateError::Syntax));
        assert_eq!(Date::parse_iso("1985-2-7"), Err(DateError::Syntax));
        assert!(matches!(
            Date::parse_iso("-300000"),
            Err(DateError::YearOutOfRange(_))
        ));
        assert_eq!(
            Date::parse_iso("1985-02-07T09:30+25:00"),
            Err(DateError::Offset)
        );
    }

    #[test]
    fn seconds_follow_the_calendar() {
        let s = |t: &str| Date::parse_iso(t).unwrap().start_secs();
        assert_eq!(s("1970"), 0.0);
        assert_eq!(s("1970-01-02"), 86_400.0);
        assert_eq!(s("1970-01-01T01:00+01:00"), 0.0);
        // 1 BCE (year 0) is a leap year in the proleptic calendar.
        let y0 = Date::parse_iso("0000").unwrap();
        assert_eq!(y0.precision_span_secs(), 366.0 * 86_400.0);
        let feb = Date::parse_iso("2024-02").unwrap();
        assert_eq!(feb.precision_span_secs(), 29.0 * 86_400.0);
        let dec = Date::parse_iso("1985-12").unwrap();
        assert_eq!(dec.end_of_precision_secs(), s("1986-01-01"));
        assert!(s("-100000") < s("-0043") && s("-0043") < s("0000"));
    }

    #[test]
    fn from_secs_returns_the_calendar_date() {
        let d = Date::parse_iso("2022-07-15T10:20:30").unwrap();
        assert_eq!(Date::from_secs(d.start_secs(), Precision::Second), Some(d));
        assert_eq!(
            Date::from_secs(d.start_secs(), Precision::Month).map(|d| d.to_iso()),
            Some("2022-07".to_string())
        );
        assert_eq!(Date::from_secs(f64::NAN, Precision::Day), None);
    }
}
