//! Dates as sources state them: a calendar date with a [`Precision`] (year, month, day, minute,
//! second, or a fraction of a second down to nanoseconds, with the digits as written), an
//! optional UTC offset kept exactly as written ([`UtcOffset`]: `Z`, `+00:00`, `+0530`, `-05`),
//! and the conversions to the axis' time unit (f64 seconds since 1970-01-01T00:00:00 UTC; exact
//! integer microseconds via [`Date::start_micros`]). Owns ISO-8601 parsing/printing and human
//! display ("Feb 1985"). Does not own file formats (see `io`) or typed-by-hand dates.
//!
//! Years use **astronomical numbering**, as ISO 8601, chrono and JavaScript do: year 0 is 1 BCE,
//! year -43 is 44 BCE. Display turns them into "44 BCE". The supported range is ±200,000 years.
//!
//! A date without an offset is *naive*: a wall-clock time "as written". It is never shifted; on
//! the axis it sits where the display zone's clock reads it (in UTC, [`Date::start_secs`]; in
//! another zone, [`Date::start_secs_in`]; see [`super::zone`]).

use super::zone::DisplayZone;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt;

/// Years beyond this (either sign) are refused; chrono's own limit is ±262,143.
pub const MAX_ABS_YEAR: i32 = 200_000;

/// Most fraction digits a date keeps: nanoseconds, as forensic tools write at most.
pub const MAX_FRACTION_DIGITS: u8 = 9;

const NANOS_PER_SEC: u32 = 1_000_000_000;

/// How much of a date the source actually stated.
///
/// `Fraction(n)` is a time with `n` digits after the seconds' decimal point (1–9), as written:
/// `…:03.5` is `Fraction(1)`, `…:03.000004` is `Fraction(6)` (microseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
    Minute,
    Second,
    Fraction(u8),
}

impl Precision {
    /// Microsecond precision, the finest most tools write.
    pub const MICROSECOND: Precision = Precision::Fraction(6);
    /// Millisecond precision (JavaScript, vis-timeline).
    pub const MILLISECOND: Precision = Precision::Fraction(3);

    /// "year", "month", "day", "minute", "second", "millisecond", "microsecond", "nanosecond",
    /// or the decimal unit ("0.1 second", "0.01 millisecond") for other fraction lengths.
    pub fn name(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Minute => "minute",
            Precision::Second => "second",
            Precision::Fraction(digits) => match digits {
                0 | 1 => "0.1 second",
                2 => "0.01 second",
                3 => "millisecond",
                4 => "0.1 millisecond",
                5 => "0.01 millisecond",
                6 => "microsecond",
                7 => "0.1 microsecond",
                8 => "0.01 microsecond",
                _ => "nanosecond",
            },
        }
    }

    /// Digits after the decimal point of the seconds (0 for coarser precisions).
    pub fn fraction_digits(self) -> u8 {
        match self {
            Precision::Fraction(d) => d,
            _ => 0,
        }
    }

    /// Nanoseconds in one unit of the last stated digit (1 s for whole seconds and coarser).
    fn unit_nanos(self) -> u32 {
        NANOS_PER_SEC / 10u32.pow(self.fraction_digits().min(MAX_FRACTION_DIGITS) as u32)
    }
}

/// How a UTC offset was written, so it is written back the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OffsetStyle {
    /// `Z`
    Zulu,
    /// `+05:30`
    Colon,
    /// `+0530`
    Compact,
    /// `+05` (whole hours only)
    Hours,
}

/// An explicit UTC offset as the source wrote it: `Z`, `+00:00`, `-05:00`, `+0530`, `+05`.
/// `-00:00` stays `-00:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UtcOffset {
    /// Minutes from UTC, always ≥ 0; the sign is in `negative`.
    abs_minutes: u16,
    negative: bool,
    style: OffsetStyle,
}

/// Offsets beyond ±18:00 do not exist (ISO 8601 and every tz database stop there).
const MAX_OFFSET_MINUTES: u16 = 18 * 60;

impl UtcOffset {
    /// UTC written as `Z`.
    pub const UTC: UtcOffset = UtcOffset {
        abs_minutes: 0,
        negative: false,
        style: OffsetStyle::Zulu,
    };

    /// An offset in minutes east of UTC, written `Z` when zero and `±HH:MM` otherwise.
    pub fn from_minutes(minutes: i32) -> Result<Self, DateError> {
        let style = if minutes == 0 {
            OffsetStyle::Zulu
        } else {
            OffsetStyle::Colon
        };
        Self::new(minutes < 0, minutes.unsigned_abs(), style)
    }

    /// An offset with its sign, size and written form; `Hours` needs whole hours, `Zulu` zero.
    pub fn new(negative: bool, abs_minutes: u32, style: OffsetStyle) -> Result<Self, DateError> {
        let fits = match style {
            OffsetStyle::Zulu => abs_minutes == 0 && !negative,
            OffsetStyle::Hours => abs_minutes.is_multiple_of(60),
            OffsetStyle::Colon | OffsetStyle::Compact => true,
        };
        if !fits || abs_minutes > MAX_OFFSET_MINUTES as u32 {
            return Err(DateError::Offset);
        }
        Ok(UtcOffset {
            abs_minutes: abs_minutes as u16,
            negative,
            style,
        })
    }

    /// Minutes east of UTC (`-05:00` is -300).
    pub fn minutes(self) -> i32 {
        let m = self.abs_minutes as i32;
        if self.negative { -m } else { m }
    }

    pub fn style(self) -> OffsetStyle {
        self.style
    }

    /// Appends the offset as it was written.
    fn write_iso(self, s: &mut String) {
        let sign = if self.negative { '-' } else { '+' };
        let (h, m) = (self.abs_minutes / 60, self.abs_minutes % 60);
        match self.style {
            OffsetStyle::Zulu => s.push('Z'),
            OffsetStyle::Colon => s.push_str(&format!("{sign}{h:02}:{m:02}")),
            OffsetStyle::Compact => s.push_str(&format!("{sign}{h:02}{m:02}")),
            OffsetStyle::Hours => s.push_str(&format!("{sign}{h:02}")),
        }
    }

    /// "UTC", "UTC+1", "UTC-5:30" for display.
    pub fn label(self) -> String {
        if self.abs_minutes == 0 {
            return "UTC".to_string();
        }
        let sign = if self.negative { '-' } else { '+' };
        let (h, m) = (self.abs_minutes / 60, self.abs_minutes % 60);
        if m == 0 {
            format!("UTC{sign}{h}")
        } else {
            format!("UTC{sign}{h}:{m:02}")
        }
    }
}

/// A date at a stated precision. Fields finer than the precision are zero/one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    year: i32,
    /// Fraction of the second in nanoseconds; only the first `precision.fraction_digits()`
    /// decimal digits can be non-zero.
    nanos: u32,
    /// The offset the source gave. `None`: a naive wall-clock time, placed on the axis where the
    /// display zone's clock reads it.
    offset: Option<UtcOffset>,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
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
    #[error(
        "a fraction of a second has {0} digits; expected 1 to {MAX_FRACTION_DIGITS} (down to nanoseconds)"
    )]
    Fraction(usize),
    #[error("offset must be Z or ±HH:MM within ±18:00, after a time of day")]
    Offset,
    #[error(
        "expected an ISO-8601 date such as \"1985\", \"1985-02\", \"1985-02-07\", \"1985-02-07T09:30\", \"2024-11-18T12:58:03.000004Z\" or \"-0043-03-15\""
    )]
    Syntax,
}

impl Date {
    /// 1970-01-01T00:00:00, naive: the axis' zero.
    pub const EPOCH: Date = Date {
        year: 1970,
        nanos: 0,
        offset: None,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        precision: Precision::Second,
    };

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

    /// The same time with a fraction of a second: `nanos` (< 1e9) stated to `digits` decimal
    /// digits (1–9). Digits beyond `digits` are cut off, not rounded: "as written".
    pub fn with_fraction(mut self, nanos: u32, digits: u8) -> Result<Self, DateError> {
        if !(1..=MAX_FRACTION_DIGITS).contains(&digits) {
            return Err(DateError::Fraction(digits as usize));
        }
        if self.precision < Precision::Second || nanos >= NANOS_PER_SEC {
            return Err(DateError::Syntax);
        }
        self.precision = Precision::Fraction(digits);
        let unit = self.precision.unit_nanos();
        self.nanos = nanos - nanos % unit;
        Ok(self)
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
            nanos: 0,
            offset: None,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            precision,
        })
    }

    /// The same date with a UTC offset in minutes east (`Z` when 0, else `±HH:MM`). Only a time
    /// of day can carry an offset.
    pub fn with_offset(self, offset_minutes: i16) -> Result<Self, DateError> {
        self.with_utc_offset(UtcOffset::from_minutes(offset_minutes as i32)?)
    }

    /// The same date with an offset as written. Only a time of day can carry one.
    pub fn with_utc_offset(mut self, offset: UtcOffset) -> Result<Self, DateError> {
        if self.precision < Precision::Minute {
            return Err(DateError::Offset);
        }
        self.offset = Some(offset);
        Ok(self)
    }

    /// The same wall-clock date with no offset (naive).
    pub fn without_offset(mut self) -> Self {
        self.offset = None;
        self
    }

    /// The whole calendar year/month/day/minute/second; the same date at coarser precision.
    pub fn truncated(self, precision: Precision) -> Self {
        let p = precision.min(self.precision);
        let mut d = self;
        d.precision = p;
        d.nanos -= d.nanos % p.unit_nanos();
        if p < Precision::Second {
            d.second = 0;
        }
        if p < Precision::Minute {
            d.hour = 0;
            d.minute = 0;
            d.offset = None;
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
    /// Nanoseconds past the second (0 unless the precision is a fraction).
    pub fn nanos(&self) -> u32 {
        self.nanos
    }
    /// The offset as written, or `None` for a naive time.
    pub fn offset(&self) -> Option<UtcOffset> {
        self.offset
    }
    /// Minutes east of UTC, or `None` for a naive time.
    pub fn offset_minutes(&self) -> Option<i16> {
        self.offset.map(|o| o.minutes() as i16)
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

    /// The first whole second the date covers, in seconds since 1970-01-01T00:00:00 UTC.
    pub fn start_whole_secs(&self) -> i64 {
        let local = self.naive().and_utc().timestamp();
        local - self.offset.map_or(0, |o| o.minutes() as i64 * 60)
    }

    /// The first instant the date covers in whole microseconds since 1970-01-01T00:00:00 UTC:
    /// exact over the whole ±200,000-year range (i64 µs reach ±292,000 years).
    pub fn start_micros(&self) -> i64 {
        self.start_whole_secs() * 1_000_000 + (self.nanos / 1000) as i64
    }

    /// The first instant the date covers, in seconds since 1970-01-01T00:00:00 UTC. Near the
    /// present an f64 resolves 0.24 µs, so distinct microseconds stay distinct; use
    /// [`Date::start_micros`] where exactness matters.
    pub fn start_secs(&self) -> f64 {
        self.start_whole_secs() as f64 + self.nanos as f64 * 1e-9
    }

    /// The first instant after the date's precision span: the next year for "1985", the next
    /// month for "Feb 1985", the next day, minute, second or fraction digit.
    pub fn end_of_precision_secs(&self) -> f64 {
        self.start_secs() + self.precision_span_secs()
    }

    /// Length of the precision span in seconds (a year, a month, a day… a microsecond).
    pub fn precision_span_secs(&self) -> f64 {
        let next = match self.precision {
            Precision::Year => NaiveDate::from_ymd_opt(self.year + 1, 1, 1),
            Precision::Month => {
                let (y, m) = if self.month == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, self.month as u32 + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
            }
            Precision::Day => return 86_400.0,
            Precision::Minute => return 60.0,
            Precision::Second => return 1.0,
            Precision::Fraction(_) => return self.precision.unit_nanos() as f64 * 1e-9,
        };
        match next {
            Some(next) => (next.and_time(NaiveTime::MIN) - self.naive()).num_seconds() as f64,
            None => 86_400.0 * 366.0,
        }
    }

    /// The first instant the date covers when naive dates read in `zone`: the written instant
    /// for a date with an offset, else where `zone`'s clock reads the date (see
    /// [`super::zone`]). Equals [`Date::start_secs`] in UTC.
    pub fn start_secs_in(&self, zone: &DisplayZone) -> f64 {
        match (self.offset, zone) {
            (Some(_), _) | (None, DisplayZone::Utc) => self.start_secs(),
            (None, _) => zone.place_wall(self.start_whole_secs()) as f64 + self.nanos as f64 * 1e-9,
        }
    }

    /// The first instant after the date's precision span when naive dates read in `zone`: a
    /// naive day runs from the zone's midnight to its next (23 or 25 hours across a DST
    /// change). Equals [`Date::end_of_precision_secs`] in UTC.
    pub fn end_of_precision_secs_in(&self, zone: &DisplayZone) -> f64 {
        let span = self.precision_span_secs();
        match (self.offset, zone) {
            (Some(_), _) | (None, DisplayZone::Utc) => self.end_of_precision_secs(),
            // A time of day: the span is a duration (a minute stays a minute).
            (None, _) if self.precision >= Precision::Minute => self.start_secs_in(zone) + span,
            (None, _) => zone.place_wall(self.start_whole_secs() + span as i64) as f64,
        }
    }

    /// The same instant as `zone`'s clock reads it, with the zone's offset at that instant and
    /// the same precision: "18 Nov 2024 12:58:03.000004 UTC+1" in UTC is "… 11:58:03.000004
    /// UTC". `None` for a naive date (it has no instant of its own) or a date without a time.
    pub fn in_zone(&self, zone: &DisplayZone) -> Option<Date> {
        self.offset?;
        let instant = self.start_whole_secs();
        let offset = zone.offset_secs_at(instant);
        let wall = Date::naive_from_secs(instant.checked_add(i64::from(offset))? as f64)?;
        let mut d = Date::time(
            wall.year(),
            wall.month(),
            wall.day(),
            wall.hour(),
            wall.minute(),
            Some(wall.second()),
        )
        .ok()?;
        d.precision = self.precision;
        d.nanos = self.nanos;
        d.with_offset(i16::try_from(offset / 60).ok()?).ok()
    }

    /// A naive date (at `precision`) of the wall-clock time `zone` reads at an axis instant: what
    /// a click on the axis at `secs` means. Equals [`Date::from_secs`] in UTC.
    pub fn from_secs_in(secs: f64, precision: Precision, zone: &DisplayZone) -> Option<Date> {
        if !secs.is_finite() {
            return None;
        }
        let whole = secs.floor();
        let wall = zone.wall_secs(whole as i64) as f64 + (secs - whole);
        Date::from_secs(wall, precision)
    }

    /// The UTC calendar date-time of an axis instant (with its fraction of a second), if it is
    /// within chrono's range.
    pub fn naive_from_secs(secs: f64) -> Option<NaiveDateTime> {
        if !secs.is_finite() {
            return None;
        }
        let whole = secs.floor();
        let nanos = (((secs - whole) * 1e9) as u32).min(NANOS_PER_SEC - 1);
        chrono::DateTime::from_timestamp(whole as i64, nanos).map(|d| d.naive_utc())
    }

    /// An axis instant as a naive (UTC) date at the given precision; a fraction precision is
    /// rounded to its last digit.
    pub fn from_secs(secs: f64, precision: Precision) -> Option<Date> {
        if !secs.is_finite() {
            return None;
        }
        let mut whole = secs.floor();
        let unit = precision.unit_nanos();
        let mut units = ((secs - whole) * (NANOS_PER_SEC / unit) as f64).round() as u32;
        if units >= NANOS_PER_SEC / unit {
            whole += 1.0;
            units = 0;
        }
        let n = chrono::DateTime::from_timestamp(whole as i64, 0)?.naive_utc();
        let d = Date::time(
            n.year(),
            n.month(),
            n.day(),
            n.hour(),
            n.minute(),
            Some(n.second()),
        )
        .ok()?;
        match precision {
            Precision::Fraction(digits) => d.with_fraction(units * unit, digits).ok(),
            _ => Some(d.truncated(precision)),
        }
    }

    /// ISO-8601 text at the stated precision, with the fraction's digits and the offset as
    /// written: "1985", "1985-02", "1985-02-07", "1985-02-07T09:30", "1985-02-07T09:30:15Z",
    /// "2024-11-18T12:58:03.000004+00:00"; years outside 0..=9999 use the expanded form
    /// ("-0043", "+12000").
    pub fn to_iso(&self) -> String {
        let mut s = String::with_capacity(40);
        // Years beyond four digits carry a sign, as ISO 8601's expanded years do.
        if self.year < 0 {
            s.push('-');
        } else if self.year > 9999 {
            s.push('+');
        }
        push_padded(&mut s, self.year.unsigned_abs(), 4);
        if self.precision >= Precision::Month {
            s.push('-');
            push_two_digits(&mut s, self.month);
        }
        if self.precision >= Precision::Day {
            s.push('-');
            push_two_digits(&mut s, self.day);
        }
        if self.precision >= Precision::Minute {
            s.push('T');
            push_two_digits(&mut s, self.hour);
            s.push(':');
            push_two_digits(&mut s, self.minute);
        }
        if self.precision >= Precision::Second {
            s.push(':');
            push_two_digits(&mut s, self.second);
        }
        self.push_fraction(&mut s, '.');
        if let Some(offset) = self.offset {
            offset.write_iso(&mut s);
        }
        s
    }

    /// Appends `.123456` with exactly the stated digits (nothing below fraction precision).
    fn push_fraction(&self, s: &mut String, point: char) {
        let digits = self.precision.fraction_digits() as usize;
        if digits > 0 {
            s.push(point);
            // The first `digits` of the nine-digit nanoseconds, zero-padded on the left.
            let mut nanos = self.nanos % 1_000_000_000;
            let mut all = [b'0'; 9];
            for d in all.iter_mut().rev() {
                *d = b'0' + (nanos % 10) as u8;
                nanos /= 10;
            }
            all[..digits.min(9)]
                .iter()
                .for_each(|&d| s.push(char::from(d)));
        }
    }

    /// Parses ISO-8601 at any precision, with an optional fraction of a second (1–9 digits,
    /// kept as written), an optional `Z`/`±HH:MM`/`±HHMM`/`±HH` offset (kept as written) and
    /// signed or expanded years. A space may stand for `T`; `HH` alone after `T` means minute
    /// precision at `HH:00`.
    pub fn parse_iso(text: &str) -> Result<Date, DateError> {
        let t = super::text::trim(text);
        let bytes = t.as_bytes();
        if bytes.is_empty() {
            return Err(DateError::Syntax);
        }
        // Year: optional sign, then 1..=7 digits.
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
                (Some(s), r)
            }
            _ => (None, rest),
        };
        let mut date = Date::time(year, month, day, hour, minute, second)?;
        let rest = match (second, rest.as_bytes().first()) {
            (Some(_), Some(b'.' | b',')) => {
                let (nanos, digits, r) = parse_fraction(&rest[1..])?;
                date = date.with_fraction(nanos, digits)?;
                r
            }
            _ => rest,
        };
        if rest.is_empty() {
            return Ok(date);
        }
        date.with_utc_offset(parse_offset(rest)?)
    }

    /// Human text at the stated precision: "1985", "Feb 1985", "7 Feb 1985",
    /// "7 Feb 1985 09:30", "7 Feb 1985 09:30:15.25 UTC+1"; BCE years as "44 BCE".
    pub fn display(&self) -> String {
        let mut s = String::with_capacity(40);
        self.push_display(&mut s);
        s
    }

    /// Appends [`Date::display`] to `s`, digit by digit: a Timesketch file shows every event's
    /// date beside its timestamp description, a million times per load.
    pub fn push_display(&self, s: &mut String) {
        if self.precision >= Precision::Day {
            s.push_str(itoa::Buffer::new().format(self.day));
            s.push(' ');
        }
        if self.precision >= Precision::Month {
            s.push_str(MONTH_ABBR[(self.month as usize).saturating_sub(1).min(11)]);
            s.push(' ');
        }
        push_year_label(s, self.year);
        if self.precision >= Precision::Minute {
            s.push(' ');
            push_two_digits(s, self.hour);
            s.push(':');
            push_two_digits(s, self.minute);
        }
        if self.precision >= Precision::Second {
            s.push(':');
            push_two_digits(s, self.second);
        }
        self.push_fraction(s, '.');
        if let Some(offset) = self.offset {
            s.push(' ');
            s.push_str(&offset.label());
        }
    }
}

/// `n` with zeros in front up to `width` digits: (44, 4) → "0044".
fn push_padded(s: &mut String, n: u32, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    s.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
    s.push_str(digits);
}

/// `n` (below 100) as two digits: 7 → "07".
fn push_two_digits(s: &mut String, n: u8) {
    s.push(char::from(b'0' + n / 10 % 10));
    s.push(char::from(b'0' + n % 10));
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
    let mut s = String::new();
    push_year_label(&mut s, year);
    s
}

/// Appends [`year_label`] to `s`.
fn push_year_label(s: &mut String, year: i32) {
    let mut digits = itoa::Buffer::new();
    if year <= 0 {
        s.push_str(digits.format(1 - i64::from(year)));
        s.push_str(" BCE");
    } else {
        s.push_str(digits.format(year));
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

/// The digits after a decimal point: (nanoseconds, digit count, rest).
fn parse_fraction(s: &str) -> Result<(u32, u8, &str), DateError> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return Err(DateError::Syntax);
    }
    if n > MAX_FRACTION_DIGITS as usize {
        return Err(DateError::Fraction(n));
    }
    let mut nanos = 0u32;
    for b in s[..n].bytes() {
        nanos = nanos * 10 + (b - b'0') as u32;
    }
    nanos *= 10u32.pow(MAX_FRACTION_DIGITS as u32 - n as u32);
    Ok((nanos, n as u8, &s[n..]))
}

/// `Z`, `±HH:MM`, `±HHMM` or `±HH`, remembering which.
fn parse_offset(s: &str) -> Result<UtcOffset, DateError> {
    if s == "Z" || s == "z" {
        return Ok(UtcOffset::UTC);
    }
    let negative = match s.as_bytes()[0] {
        b'+' => false,
        b'-' => true,
        _ => return Err(DateError::Syntax),
    };
    let (h, rest) = two_digits(&s[1..]).map_err(|_| DateError::Offset)?;
    let (m, style, rest) = if let Some(r) = rest.strip_prefix(':') {
        let (m, r) = two_digits(r).map_err(|_| DateError::Offset)?;
        (m, OffsetStyle::Colon, r)
    } else if rest.is_empty() {
        (0, OffsetStyle::Hours, rest)
    } else {
        let (m, r) = two_digits(rest).map_err(|_| DateError::Offset)?;
        (m, OffsetStyle::Compact, r)
    };
    if !rest.is_empty() || m > 59 {
        return Err(DateError::Offset);
    }
    UtcOffset::new(negative, h * 60 + m, style)
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
            ("2024-11-18T12:58:03.000004Z", Precision::Fraction(6)),
            ("2024-11-18T12:58:03.5", Precision::Fraction(1)),
            ("2024-11-18T12:58:03.250+00:00", Precision::Fraction(3)),
            ("2024-11-18T12:58:03.123456789-0330", Precision::Fraction(9)),
            ("2012-03-14T04:17:38.276340+05:30", Precision::MICROSECOND),
            ("1985-02-07T09:30+0530", Precision::Minute),
            ("1985-02-07T09:30:00-05", Precision::Second),
            ("1985-02-07T09:30:00-00:00", Precision::Second),
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
        assert_eq!(
            show("2023-11-14T22:13:20.012345Z"),
            "14 Nov 2023 22:13:20.012345 UTC"
        );
        assert_eq!(
            show("2023-11-14T22:13:20.5-08:00"),
            "14 Nov 2023 22:13:20.5 UTC-8"
        );
        assert_eq!(
            show("-12345-12-31T23:59:59.000000001"),
            "31 Dec 12346 BCE 23:59:59.000000001"
        );
    }

    proptest::proptest! {
        /// The display and the ISO text built digit by digit read as the formatting machinery
        /// writes them.
        #[test]
        fn display_matches_formatted_text(
            year in -200_000i32..200_000, month in 1u32..=12, day in 1u32..=28,
            hour in 0u32..24, minute in 0u32..60, second in 0u32..60,
            nanos in 0u32..1_000_000_000, digits in 0usize..=9, cut in 0usize..6,
        ) {
            let fraction = format!("{nanos:09}");
            let iso = format!(
                "{}{:06}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{}{}",
                if year < 0 { "-" } else { "+" },
                year.unsigned_abs(),
                if digits > 0 { "." } else { "" },
                &fraction[..digits],
            );
            // Cut to year, month, day, minute, second or the full fraction.
            let text = match cut {
                0 => &iso[..7],
                1 => &iso[..10],
                2 => &iso[..13],
                3 => &iso[..19],
                4 => &iso[..22],
                _ => &iso[..],
            };
            let date = Date::parse_iso(text).unwrap();
            let year_label = if date.year <= 0 {
                format!("{} BCE", 1 - i64::from(date.year))
            } else {
                date.year.to_string()
            };
            let month_name = MONTH_ABBR[date.month as usize - 1];
            let mut expected = match date.precision {
                Precision::Year => year_label,
                Precision::Month => format!("{month_name} {year_label}"),
                _ => format!("{} {month_name} {year_label}", date.day),
            };
            if date.precision >= Precision::Minute {
                expected.push_str(&format!(" {:02}:{:02}", date.hour, date.minute));
            }
            if date.precision >= Precision::Second {
                expected.push_str(&format!(":{:02}", date.second));
            }
            let shown = date.precision.fraction_digits() as usize;
            if shown > 0 {
                expected.push_str(&format!(".{}", &format!("{:09}", date.nanos)[..shown]));
            }
            proptest::prop_assert_eq!(date.display(), expected);
            // The ISO text as the formatting machinery writes it, and back.
            let mut iso = if (0..=9999).contains(&date.year) {
                format!("{:04}", date.year)
            } else if date.year < 0 {
                format!("-{:04}", date.year.unsigned_abs())
            } else {
                format!("+{:04}", date.year)
            };
            if date.precision >= Precision::Month {
                iso.push_str(&format!("-{:02}", date.month));
            }
            if date.precision >= Precision::Day {
                iso.push_str(&format!("-{:02}", date.day));
            }
            if date.precision >= Precision::Minute {
                iso.push_str(&format!("T{:02}:{:02}", date.hour, date.minute));
            }
            if date.precision >= Precision::Second {
                iso.push_str(&format!(":{:02}", date.second));
            }
            if shown > 0 {
                iso.push_str(&format!(".{}", &format!("{:09}", date.nanos)[..shown]));
            }
            proptest::prop_assert_eq!(date.to_iso(), iso.clone());
            proptest::prop_assert_eq!(Date::parse_iso(&iso).unwrap(), date);
        }
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
    fn offsets_are_written_back_as_written() {
        let z = Date::parse_iso("2024-11-18T12:58:03Z").unwrap();
        let colon = Date::parse_iso("2024-11-18T12:58:03+00:00").unwrap();
        let compact = Date::parse_iso("2024-11-18T12:58:03+0000").unwrap();
        // The same instant, written three ways; each keeps its way.
        assert_eq!(z.start_secs(), colon.start_secs());
        assert_eq!(z.start_secs(), compact.start_secs());
        assert_ne!(z, colon);
        assert_eq!(z.offset().map(UtcOffset::style), Some(OffsetStyle::Zulu));
        assert_eq!(colon.to_iso(), "2024-11-18T12:58:03+00:00");
        assert_eq!(compact.to_iso(), "2024-11-18T12:58:03+0000");
        let india = Date::parse_iso("2024-11-18T12:58+05:30").unwrap();
        assert_eq!(india.offset_minutes(), Some(330));
        assert_eq!(india.start_secs(), z.start_secs() - 3.0 - 330.0 * 60.0);
        let minus_zero = Date::parse_iso("2024-11-18T12:58-00:00").unwrap();
        assert_eq!(minus_zero.offset_minutes(), Some(0));
        assert_eq!(minus_zero.to_iso(), "2024-11-18T12:58-00:00");
        // Lower-case z and a comma are read, then written the canonical way.
        let lower = Date::parse_iso("2024-11-18t12:58:03,25z").unwrap();
        assert_eq!(lower.to_iso(), "2024-11-18T12:58:03.25Z");
        // Naive stays naive: no offset invented, the wall clock kept.
        let naive = Date::parse_iso("2024-11-18T12:58:03").unwrap();
        assert_eq!(naive.offset(), None);
        assert_eq!(naive.hms(), (12, 58, 3));
        assert_eq!(naive.to_iso(), "2024-11-18T12:58:03");
    }

    #[test]
    fn refuses_bad_offsets_and_fractions() {
        for bad in [
            "2024-11-18T12:58+19:00",
            "2024-11-18T12:58+05:60",
            "2024-11-18T12:58+5",
            "2024-11-18T12:58+05:3",
            "2024-11-18T12:58+05:30:00",
        ] {
            assert_eq!(Date::parse_iso(bad), Err(DateError::Offset), "{bad}");
        }
        assert_eq!(
            Date::parse_iso("2024-11-18T12:58:03.1234567890Z"),
            Err(DateError::Fraction(10))
        );
        assert_eq!(
            Date::parse_iso("2024-11-18T12:58:03.Z"),
            Err(DateError::Syntax)
        );
        // A fraction needs seconds; an offset needs a time of day.
        assert_eq!(
            Date::parse_iso("2024-11-18T12:58.5"),
            Err(DateError::Syntax)
        );
        assert_eq!(Date::parse_iso("2024-11-18Z"), Err(DateError::Syntax));
        assert_eq!(
            Date::day(2024, 11, 18).unwrap().with_offset(60),
            Err(DateError::Offset)
        );
    }

    #[test]
    fn microseconds_are_exact_and_distinct_on_the_axis() {
        let a = Date::parse_iso("2024-11-18T12:58:03.000004Z").unwrap();
        let b = Date::parse_iso("2024-11-18T12:58:03.000005Z").unwrap();
        assert_eq!(a.start_micros(), 1_731_934_683_000_004);
        assert_eq!(b.start_micros() - a.start_micros(), 1);
        assert!(a.start_secs() < b.start_secs());
        assert!((a.precision_span_secs() - 1e-6).abs() < 1e-15);
        assert_eq!(a.nanos(), 4_000);
        let far = Date::parse_iso("-200000-01-01T00:00:00.000001Z").unwrap();
        assert_eq!(far.start_micros() % 1_000_000, -999_999);
        assert!(
            Date::parse_iso("+200000-12-31T23:59:59.999999Z")
                .unwrap()
                .start_micros()
                > 0
        );
    }

    #[test]
    fn display_keeps_the_fraction_and_offset() {
        let show = |s: &str| Date::parse_iso(s).unwrap().display();
        assert_eq!(
            show("2024-11-18T12:58:03.000004Z"),
            "18 Nov 2024 12:58:03.000004 UTC"
        );
        assert_eq!(
            show("2024-11-18T12:58:03.50-05:00"),
            "18 Nov 2024 12:58:03.50 UTC-5"
        );
        assert_eq!(Precision::Fraction(6).name(), "microsecond");
        assert_eq!(Precision::Fraction(3).name(), "millisecond");
        assert_eq!(Precision::Fraction(1).name(), "0.1 second");
    }

    #[test]
    fn naive_dates_keep_their_wall_time_in_any_zone_and_instants_stay_put() {
        let ny = DisplayZone::parse("America/New_York").unwrap();
        let d = |s: &str| Date::parse_iso(s).unwrap();
        // Naive 09:30 in New York (EST) is 14:30 UTC; with an offset it stays where it is.
        assert_eq!(
            d("1985-02-07T09:30").start_secs_in(&ny),
            d("1985-02-07T14:30Z").start_secs()
        );
        assert_eq!(
            d("1985-02-07T09:30Z").start_secs_in(&ny),
            d("1985-02-07T09:30Z").start_secs()
        );
        assert_eq!(
            d("1985-02-07T09:30").start_secs_in(&DisplayZone::Utc),
            d("1985-02-07T09:30").start_secs()
        );
        // The spring-forward day is 23 hours long there, the fall-back day 25.
        let day = d("2024-03-10");
        assert_eq!(
            day.end_of_precision_secs_in(&ny) - day.start_secs_in(&ny),
            23.0 * 3_600.0
        );
        let day = d("2024-11-03");
        assert_eq!(
            day.end_of_precision_secs_in(&ny) - day.start_secs_in(&ny),
            25.0 * 3_600.0
        );
        // A minute keeps its length; microseconds stay exact.
        let t = d("2024-03-10T01:59:59.000004");
        assert_eq!(
            t.start_secs_in(&ny),
            d("2024-03-10T06:59:59.000004Z").start_secs()
        );
    }

    #[test]
    fn an_instant_reads_in_a_zone_with_its_offset_and_precision() {
        let d = |s: &str| Date::parse_iso(s).unwrap();
        let mexico = DisplayZone::parse("America/Mexico_City").unwrap();
        let t = d("2024-11-18T12:58:03.000004+01:00");
        assert_eq!(
            t.in_zone(&DisplayZone::Utc).unwrap().to_iso(),
            "2024-11-18T11:58:03.000004Z"
        );
        assert_eq!(
            t.in_zone(&mexico).unwrap().to_iso(),
            "2024-11-18T05:58:03.000004-06:00"
        );
        assert_eq!(d("2024-11-18T12:58").in_zone(&mexico), None);
        // A click on the axis reads the zone's clock.
        let at = d("2024-11-18T12:00Z").start_secs();
        assert_eq!(
            Date::from_secs_in(at, Precision::Minute, &mexico).map(|d| d.to_iso()),
            Some("2024-11-18T06:00".to_owned())
        );
    }

    #[test]
    fn truncating_drops_fraction_digits() {
        let d = Date::parse_iso("2024-11-18T12:58:03.123456+01:00").unwrap();
        assert_eq!(
            d.truncated(Precision::MILLISECOND).to_iso(),
            "2024-11-18T12:58:03.123+01:00"
        );
        assert_eq!(
            d.truncated(Precision::Second).to_iso(),
            "2024-11-18T12:58:03+01:00"
        );
        assert_eq!(d.truncated(Precision::Day).to_iso(), "2024-11-18");
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
        let fine = Date::parse_iso("2024-11-18T12:58:03.250").unwrap();
        assert_eq!(
            Date::from_secs(fine.start_secs(), Precision::MILLISECOND),
            Some(fine)
        );
        // Rounding at the last digit carries into the next second.
        assert_eq!(
            Date::from_secs(59.9996, Precision::MILLISECOND).map(|d| d.to_iso()),
            Some("1970-01-01T00:01:00.000".to_string())
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Canonical ISO text: what `to_iso` writes, at every precision, fraction length and
        /// offset style.
        fn canonical() -> impl Strategy<Value = String> {
            let year = -MAX_ABS_YEAR..=MAX_ABS_YEAR;
            let fraction = proptest::collection::vec(0u8..10, 1..=MAX_FRACTION_DIGITS as usize);
            let offset = prop_oneof![
                Just(String::new()),
                Just("Z".to_string()),
                (any::<bool>(), 0u32..=18, 0u32..60, 0u8..3).prop_map(|(neg, h, m, style)| {
                    let sign = if neg { '-' } else { '+' };
                    let m = if h == 18 { 0 } else { m };
                    match style {
                        0 => format!("{sign}{h:02}:{m:02}"),
                        1 => format!("{sign}{h:02}{m:02}"),
                        _ => format!("{sign}{h:02}"),
                    }
                }),
            ];
            (
                year,
                1u32..=12,
                1u32..=31,
                0u32..24,
                0u32..60,
                0u32..60,
                0u8..6,
                fraction,
                offset,
            )
                .prop_map(|(y, mo, d, h, mi, s, depth, frac, off)| {
                    let d = d.min(28);
                    let mut t = if (0..=9999).contains(&y) {
                        format!("{y:04}")
                    } else if y < 0 {
                        format!("-{:04}", y.unsigned_abs())
                    } else {
                        format!("+{y:04}")
                    };
                    if depth >= 1 {
                        t.push_str(&format!("-{mo:02}"));
                    }
                    if depth >= 2 {
                        t.push_str(&format!("-{d:02}"));
                    }
                    if depth >= 3 {
                        t.push_str(&format!("T{h:02}:{mi:02}"));
                    }
                    if depth >= 4 {
                        t.push_str(&format!(":{s:02}"));
                    }
                    if depth >= 5 {
                        t.push('.');
                        t.extend(frac.iter().map(|d| char::from(b'0' + d)));
                    }
                    if depth >= 3 {
                        t.push_str(&off);
                    }
                    t
                })
        }

        proptest! {
            #[test]
            fn canonical_text_round_trips(text in canonical()) {
                let date = Date::parse_iso(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
                prop_assert_eq!(date.to_iso(), text);
                prop_assert_eq!(Date::parse_iso(&date.to_iso()), Ok(date));
            }

            #[test]
            fn microseconds_match_the_calendar(text in canonical()) {
                let date = Date::parse_iso(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
                let (h, mi, s) = date.hms();
                let naive = NaiveDate::from_ymd_opt(date.year_number(), date.month_number(), date.day_number())
                    .and_then(|d| d.and_hms_nano_opt(h, mi, s, date.nanos()))
                    .ok_or_else(|| TestCaseError::fail("calendar"))?;
                let offset_us = date.offset_minutes().unwrap_or(0) as i64 * 60_000_000;
                let utc = naive.and_utc();
                let expected = utc.timestamp() * 1_000_000 + utc.timestamp_subsec_micros() as i64 - offset_us;
                prop_assert_eq!(date.start_micros(), expected);
                let end = date.end_of_precision_secs();
                prop_assert!(end > date.start_secs() || date.precision_span_secs() < 1e-3);
            }
        }
    }
}
