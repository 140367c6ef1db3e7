//! Dates as people type them into spreadsheets and CSV cells — `7 Feb 1985`, `Feb 7, 1985`,
//! `February 1985`, `44 BC`, `AD 79`, `1940s`, `c. 1985`, `05/08/2022 9:30 PM` — turned into
//! model [`Date`]s, and the per-file decision of how to read slashed dates ([`SlashVotes`]).
//! One parser for every importer of typed text (plain CSV, the TimelineJS sheet, .xlsx/.ods
//! text cells). Owns no file format; ISO-8601 itself is the model's ([`Date::parse_iso`]).

use super::build::Report;
use super::error::{LoadError, Location, Problem, date_message, quoted};
use crate::model::{Date, DateError, OffsetStyle, UtcOffset};

/// How to read `05/08/2022`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SlashOrder {
    /// Decide per file: day-first when some value's first part is over 12, month-first when
    /// some value's second part is, otherwise month-first with a warning ([`SlashVotes`]).
    #[default]
    Detect,
    /// `--day-first`: `05/08/2022` is 5 August 2022.
    DayFirst,
    /// `--month-first`: `05/08/2022` is 8 May 2022 (as TimelineJS reads its sheets).
    MonthFirst,
}

/// What a slashed date said about the file's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlashHint {
    /// Not a day/month/year slashed date, or the order was given.
    None,
    /// The first part is over 12: only day-first makes sense.
    DayFirst,
    /// The second part is over 12: only month-first makes sense.
    MonthFirst,
    /// Both parts ≤ 12 and different: read month-first for now, fixed by [`SlashVotes`].
    Ambiguous,
}

/// A typed date: the date, whether it was marked approximate, and for a decade or a typed
/// range (`1940s`, `1985–1989`) the last date it covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Typed {
    pub date: Date,
    pub circa: bool,
    pub until: Option<Date>,
    pub slash: SlashHint,
}

pub(crate) const DATE_FORMS: &str = "expected a date such as \"1985-02-07\", \"7 Feb 1985\", \
                                     \"Feb 7, 1985\", \"February 1985\", \"1985\", \"1940s\", \
                                     \"44 BC\", \"c. 1985\" or \"1985-02-07 09:30\"";

pub(crate) const TIME_FORMS: &str =
    "expected a time such as \"9:30\", \"14:05:10\", \"14:05:10.250\" or \"9:30 PM\"";

/// Parses a typed date. After an optional `c.`/`ca.`/`circa`/`~`/`about` prefix (or a `?`
/// suffix), any of:
/// - ISO-8601 at any precision, with fraction and offset (`2024-11-18 12:58:03.000004+00:00`);
/// - `1985/02/07`, `1985/2`, `1985-2-7`; `07.02.1985` (dots: day first);
/// - `05/08/2022`, `05-08-2022` and `02/1985`, read per `order`;
/// - month names in English, full or abbreviated: `7 Feb 1985`, `7th February 1985`,
///   `Feb 7, 1985`, `Thursday, February 7, 1985`, `7-Feb-1985`, `February 1985`;
/// - era marks: `44 BC`, `44 BCE`, `15 Mar 44 B.C.`, `AD 79`, `79 CE` (astronomical -43 for
///   44 BC);
/// - decades `1940s` / `1940's` (1940 to 1949) and typed ranges `1985–1989`, `1985 - 1989`;
/// - any date with a day followed by a time: `9:30`, `09:30:15.250`, `9:30 PM`, `21:30 UTC`,
///   `09:30 +05:30`.
///
/// Two-digit years are refused (is `85` 1985 or 85 AD?) unless an era mark says which.
pub fn parse_typed(text: &str, order: SlashOrder) -> Result<Typed, String> {
    parse_typed_within(text, order, true)
}

/// [`parse_typed`], trying ranges and decades only when `spans`: the two ends of a range are
/// single dates, so they are parsed without, and a text with many dashes costs a few passes,
/// not one for every way of splitting it (which took minutes for 60 dashes).
fn parse_typed_within(text: &str, order: SlashOrder, spans: bool) -> Result<Typed, String> {
    let (circa, rest) = strip_circa(crate::model::text::trim(text));
    if let Ok(date) = Date::parse_iso(rest) {
        return Ok(Typed {
            date,
            circa,
            until: None,
            slash: SlashHint::None,
        });
    }
    if spans && let Some(typed) = parse_span(rest, order)? {
        return Ok(Typed { circa, ..typed });
    }
    let tokens = tokenize(rest);
    let time_at = tokens
        .iter()
        .position(|t| t.contains(':') || is_time_word(t));
    let (date_tokens, time_tokens) = tokens.split_at(time_at.unwrap_or(tokens.len()));
    let (ymd, slash) = parse_date_tokens(date_tokens, order)?;
    let date = if time_tokens.is_empty() {
        ymd.build().map_err(|e| date_message(&e))?
    } else {
        let (Some(month), Some(day)) = (ymd.month, ymd.day) else {
            return Err(
                "a time needs a full date before it; expected a date such as \
                        \"1985-02-07 09:30\""
                    .into(),
            );
        };
        let time = parse_time(&time_tokens.join(" "))?;
        time.on(ymd.year, month, day)
            .map_err(|e| date_message(&e))?
    };
    Ok(Typed {
        date,
        circa,
        until: None,
        slash,
    })
}

/// Splits on white space and on commas after words ("Feb 7, 1985", "Thursday, 7 Feb").
fn tokenize(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect()
}

fn is_time_word(token: &str) -> bool {
    matches!(
        token.to_ascii_lowercase().as_str(),
        "am" | "pm" | "a.m." | "p.m." | "utc" | "gmt" | "z"
    )
}

/// `1940s`, `1940's`, or two years joined by a dash or "to": a start with an `until`.
fn parse_span(text: &str, order: SlashOrder) -> Result<Option<Typed>, String> {
    let decade = text
        .strip_suffix("'s")
        .or_else(|| text.strip_suffix("\u{2019}s"))
        .or_else(|| text.strip_suffix('s'));
    if let Some(digits) = decade.filter(|d| d.len() >= 3 && d.bytes().all(|b| b.is_ascii_digit())) {
        let Ok(first) = digits.parse::<i32>() else {
            return Ok(None);
        };
        if first % 10 != 0 {
            return Err(format!(
                "\"{text}\" is not a decade; expected a year ending in 0 such as \"1940s\""
            ));
        }
        let date = Date::year(first).map_err(|e| date_message(&e))?;
        let until = Date::year(first + 9).map_err(|e| date_message(&e))?;
        return Ok(Some(Typed {
            date,
            circa: false,
            until: Some(until),
            slash: SlashHint::None,
        }));
    }
    for separator in [
        " \u{2013} ",
        "\u{2013}",
        " \u{2014} ",
        "\u{2014}",
        " - ",
        " to ",
    ] {
        let Some((a, b)) = text.split_once(separator) else {
            continue;
        };
        let (Ok(first), Ok(last)) = (
            parse_typed_within(a, order, false),
            parse_typed_within(b, order, false),
        ) else {
            continue;
        };
        if first.until.is_some() || last.until.is_some() {
            continue;
        }
        return Ok(Some(Typed {
            date: first.date,
            circa: first.circa || last.circa,
            until: Some(last.date),
            slash: merge_hints(first.slash, last.slash),
        }));
    }
    Ok(None)
}

fn merge_hints(a: SlashHint, b: SlashHint) -> SlashHint {
    match (a, b) {
        (SlashHint::None, h) | (h, SlashHint::None) => h,
        (SlashHint::Ambiguous, h) | (h, SlashHint::Ambiguous) => h,
        (h, _) => h,
    }
}

/// Whether `text` says "about" (`1985?`, `c. 1985`, `circa 1985?`), and the date without it.
fn strip_circa(text: &str) -> (bool, &str) {
    let mut text = text;
    let mut questioned = false;
    // Each trailing question mark is stripped in turn: a cell of a million of them once took
    // a call per mark, past the end of the stack.
    while let Some(rest) = text.strip_suffix('?') {
        let rest = rest.trim_end();
        if !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
            break;
        }
        questioned = true;
        text = rest;
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return (questioned, text);
    }
    for prefix in [
        "circa", "ca.", "ca ", "c.", "c ", "~", "approx.", "approx ", "about ", "around ",
    ] {
        let head = text.as_bytes().get(..prefix.len());
        if head.is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes())) {
            let rest = text[prefix.len()..].trim_start();
            // "c 1985" but not "ca" alone; the rest must start like a date.
            if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
                return (true, rest);
            }
        }
    }
    (questioned, text)
}

/// A calendar date at year, month or day precision.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ymd {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl Ymd {
    fn build(&self) -> Result<Date, DateError> {
        match (self.month, self.day) {
            (Some(m), Some(d)) => Date::day(self.year, m, d),
            (Some(m), None) => Date::month(self.year, m),
            _ => Date::year(self.year),
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// "feb", "Feb.", "February", "sept" → 2 / 9.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    w.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(&w))
}

/// Digits, with an English ordinal suffix allowed ("7th", "1st", "22nd").
fn number(s: &str) -> Option<u32> {
    let s = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
        .unwrap_or(s);
    if s.is_empty() || s.len() > 7 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Which era a date's tokens name.
#[derive(Clone, Copy, PartialEq)]
enum Era {
    Unmarked,
    Bce,
    Ce,
}

/// "bc", "b.c.", "BCE" → Bce; "ad", "a.d.", "CE" → Ce.
fn era_of(token: &str) -> Option<Era> {
    let t: String = token
        .chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect();
    match t.as_str() {
        "bc" | "bce" => Some(Era::Bce),
        "ad" | "ce" => Some(Era::Ce),
        _ => None,
    }
}

/// Splits "44BC" into "44" and "BC"; other tokens stay whole.
fn split_glued_era(token: &str) -> Option<(&str, Era)> {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits == token.len() {
        return None;
    }
    era_of(&token[digits..]).map(|era| (&token[..digits], era))
}

fn parse_date_tokens(tokens: &[&str], order: SlashOrder) -> Result<(Ymd, SlashHint), String> {
    let mut tokens: Vec<&str> = tokens.iter().copied().filter(|t| !is_weekday(t)).collect();
    let mut era = Era::Unmarked;
    if let Some(last) = tokens.last().copied() {
        if let Some(e) = era_of(last) {
            era = e;
            tokens.pop();
        } else if let Some((digits, e)) = split_glued_era(last) {
            era = e;
            let n = tokens.len();
            tokens[n - 1] = digits;
        }
    }
    if era == Era::Unmarked && tokens.first().and_then(|t| era_of(t)) == Some(Era::Ce) {
        era = Era::Ce;
        tokens.remove(0);
    }
    let year = |text: &str, n: u32| -> Result<i32, String> {
        match era {
            Era::Bce if n == 0 => Err("there is no year 0 BC; expected 1 BC or earlier".into()),
            Era::Bce => Ok(1 - n as i32),
            Era::Ce => Ok(n as i32),
            Era::Unmarked if text.len() <= 2 => Err(format!(
                "two-digit year \"{text}\"; expected four digits such as \"19{n:02}\" or \
                 \"20{n:02}\", or an era mark for an early year (\"AD {n}\")"
            )),
            Era::Unmarked => Ok(n as i32),
        }
    };
    let no_hint = |ymd: Ymd| Ok((ymd, SlashHint::None));
    match tokens.as_slice() {
        [one] => parse_numeric(one, order, &year),
        // "Feb 1985", "7-Feb 1985"? Month name first, then the year.
        [m, y] => match (month_number(m), number(y)) {
            (Some(m), Some(n)) => no_hint(Ymd {
                year: year(y, n)?,
                month: Some(m),
                day: None,
            }),
            _ => Err(DATE_FORMS.into()),
        },
        // "7 Feb 1985" or "Feb 7 1985".
        [a, b, y] => {
            let n = number(y).ok_or_else(|| DATE_FORMS.to_string())?;
            let (m, d) = match (month_number(a), month_number(b)) {
                (None, Some(m)) => (m, number(a)),
                (Some(m), None) => (m, number(b)),
                _ => (0, None),
            };
            match d {
                Some(d) if m > 0 => no_hint(Ymd {
                    year: year(y, n)?,
                    month: Some(m),
                    day: Some(d),
                }),
                _ => Err(DATE_FORMS.into()),
            }
        }
        _ => Err(DATE_FORMS.into()),
    }
}

/// One token of digits and separators: `1985`, `1985/02/07`, `07.02.1985`, `05/08/2022`,
/// `02/1985`, `7-Feb-1985`.
fn parse_numeric(
    token: &str,
    order: SlashOrder,
    year: &dyn Fn(&str, u32) -> Result<i32, String>,
) -> Result<(Ymd, SlashHint), String> {
    let dotted = token.contains('.') && !token.contains(['/', '-']);
    let parts: Vec<&str> = token.split(['/', '.', '-']).collect();
    // "7-Feb-1985" (Excel's d-mmm-yyyy) and "Feb-1985".
    if let [d, m, y] = parts.as_slice()
        && let (Some(d), Some(m), Some(n)) = (number(d), month_number(m), number(y))
    {
        let ymd = Ymd {
            year: year(y, n)?,
            month: Some(m),
            day: Some(d),
        };
        return Ok((ymd, SlashHint::None));
    }
    if let [m, y] = parts.as_slice()
        && let (Some(m), Some(n)) = (month_number(m), number(y))
    {
        let ymd = Ymd {
            year: year(y, n)?,
            month: Some(m),
            day: None,
        };
        return Ok((ymd, SlashHint::None));
    }
    let nums: Option<Vec<u32>> = parts.iter().map(|p| number(p)).collect();
    let Some(nums) = nums else {
        return Err(DATE_FORMS.into());
    };
    let year_first = parts.first().is_some_and(|p| p.len() >= 3);
    let year_last = parts.last().is_some_and(|p| p.len() >= 3) || parts.len() == 1;
    let ymd = |y: &str, n: u32, month: Option<u32>, day: Option<u32>| -> Result<Ymd, String> {
        Ok(Ymd {
            year: year(y, n)?,
            month,
            day,
        })
    };
    match (nums.as_slice(), year_first, year_last) {
        ([n], _, _) => Ok((ymd(parts[0], *n, None, None)?, SlashHint::None)),
        ([n, m], true, _) => Ok((ymd(parts[0], *n, Some(*m), None)?, SlashHint::None)),
        ([m, n], false, true) => Ok((ymd(parts[1], *n, Some(*m), None)?, SlashHint::None)),
        ([n, m, d], true, _) => Ok((ymd(parts[0], *n, Some(*m), Some(*d))?, SlashHint::None)),
        ([a, b, n], false, true) => {
            let y = parts[2];
            if dotted {
                return Ok((ymd(y, *n, Some(*b), Some(*a))?, SlashHint::None));
            }
            let (month, day, hint) = match order {
                SlashOrder::MonthFirst => (*a, *b, SlashHint::None),
                SlashOrder::DayFirst => (*b, *a, SlashHint::None),
                SlashOrder::Detect if *a > 12 => (*b, *a, SlashHint::DayFirst),
                SlashOrder::Detect if *b > 12 => (*a, *b, SlashHint::MonthFirst),
                SlashOrder::Detect if a == b => (*a, *b, SlashHint::None),
                SlashOrder::Detect => (*a, *b, SlashHint::Ambiguous),
            };
            Ok((ymd(y, *n, Some(month), Some(day))?, hint))
        }
        ([_, _], false, false) | ([_, _, _], false, false) => Err(format!(
            "no four-digit year in \"{token}\"; expected the year written in full, such as \
             \"05/08/2022\""
        )),
        _ => Err(DATE_FORMS.into()),
    }
}

/// A time of day as typed: hour, optional minute and second, fraction and offset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TimeOfDay {
    pub hour: u32,
    /// `None` for an hour alone ("14", "9 PM"), which means minute precision at :00.
    pub minute: Option<u32>,
    pub second: Option<u32>,
    /// (nanoseconds, digits as written).
    pub fraction: Option<(u32, u8)>,
    pub offset: Option<UtcOffset>,
}

impl TimeOfDay {
    /// This time on a calendar day, at the precision it was typed.
    pub fn on(&self, year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        let mut date = Date::time(
            year,
            month,
            day,
            self.hour,
            self.minute.unwrap_or(0),
            self.second,
        )?;
        if let Some((nanos, digits)) = self.fraction {
            date = date.with_fraction(nanos, digits)?;
        }
        match self.offset {
            Some(offset) => date.with_utc_offset(offset),
            None => Ok(date),
        }
    }
}

/// A time of day as spreadsheets and TimelineJS write it: `9:30`, `14:05:10`, `9:30:15.250`,
/// `9:30 PM`, `9.30`, `930`, or an hour alone (`14`); optionally followed by `Z`, `UTC`,
/// `GMT`, or an offset (`+05:30`, `-0800`, `UTC+1`). Fractions of a second are kept with the
/// digits as written.
pub(crate) fn parse_time(text: &str) -> Result<TimeOfDay, String> {
    let mut t = text.trim().to_ascii_lowercase();
    let offset = strip_offset(&mut t)?;
    let mut pm = None;
    for (suffix, is_pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if let Some(rest) = t.strip_suffix(suffix) {
            pm = Some(is_pm);
            t = rest.trim_end().to_string();
            break;
        }
    }
    let mut fraction = None;
    let parts: Vec<&str> = if t.contains(':') {
        let mut parts: Vec<&str> = t.split(':').collect();
        let three = parts.len() == 3;
        if let Some(last) = parts.last_mut().filter(|_| three)
            && let Some((whole, frac)) = last.split_once(['.', ','])
        {
            fraction = Some(fraction_digits(frac)?);
            *last = whole;
        }
        parts
    } else if t.contains('.') {
        t.split('.').collect()
    } else if t.len() >= 3 && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (h, m) = t.split_at(t.len() - 2);
        vec![h, m]
    } else {
        vec![t.as_str()]
    };
    if parts.is_empty() || parts.len() > 3 {
        return Err(TIME_FORMS.into());
    }
    let field = |s: &str| -> Result<u32, String> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TIME_FORMS.into());
        }
        s.parse().map_err(|_| TIME_FORMS.to_string())
    };
    let mut hour = field(parts[0])?;
    let minute = parts.get(1).map(|m| field(m)).transpose()?;
    let second = parts.get(2).map(|s| field(s)).transpose()?;
    match pm {
        Some(_) if hour == 0 || hour > 12 => {
            return Err(format!(
                "hour {hour} with AM/PM; expected 1–12 before AM or PM"
            ));
        }
        Some(true) if hour != 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    if hour > 23 || minute.is_some_and(|m| m > 59) || second.is_some_and(|s| s > 59) {
        return Err(format!(
            "time {hour:02}:{:02}:{:02} does not exist; expected 00:00–23:59:59",
            minute.unwrap_or(0),
            second.unwrap_or(0)
        ));
    }
    Ok(TimeOfDay {
        hour,
        minute,
        second,
        fraction,
        offset,
    })
}

fn fraction_digits(digits: &str) -> Result<(u32, u8), String> {
    let n = digits.len();
    if n == 0 || n > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "fraction of a second \".{digits}\"; expected 1 to 9 digits, such as \
             \"14:05:10.250\""
        ));
    }
    let value: u32 = digits.parse().map_err(|_| TIME_FORMS.to_string())?;
    Ok((value * 10u32.pow(9 - n as u32), n as u8))
}

/// Removes a trailing zone from a lower-cased time: ` utc`, ` gmt`, `z`, `+05:30`, `-0800`,
/// `utc+1`. Returns the offset as written.
fn strip_offset(t: &mut String) -> Result<Option<UtcOffset>, String> {
    let trimmed = t.trim_end().to_string();
    for zone in ["utc", "gmt"] {
        if let Some(at) = trimmed.rfind(zone) {
            let after = &trimmed[at + zone.len()..];
            let before = trimmed[..at].trim_end().to_string();
            if after.is_empty() {
                *t = before;
                return Ok(Some(UtcOffset::UTC));
            }
            let offset = parse_typed_offset(after)?;
            *t = before;
            return Ok(Some(offset));
        }
    }
    if let Some(rest) = trimmed.strip_suffix('z')
        && rest.ends_with(|c: char| c.is_ascii_digit() || c == ' ')
    {
        *t = rest.trim_end().to_string();
        return Ok(Some(UtcOffset::UTC));
    }
    // "+05:30", "-0800", "+05" after the time (a space is optional).
    if let Some(at) = trimmed.rfind(['+', '-'])
        && at > 0
        && trimmed[..at].contains(':')
    {
        let offset = parse_typed_offset(&trimmed[at..])?;
        *t = trimmed[..at].trim_end().to_string();
        return Ok(Some(offset));
    }
    Ok(None)
}

/// `+05:30`, `+0530`, `+05`, `+5`, `-8` (as in "UTC-8").
fn parse_typed_offset(text: &str) -> Result<UtcOffset, String> {
    const EXPECTED: &str = "expected a UTC offset such as \"+05:30\", \"-08:00\" or \"UTC+1\"";
    let text = text.trim();
    let negative = match text.as_bytes().first() {
        Some(b'+') => false,
        Some(b'-' | b'\xe2') => text.starts_with('-') || text.starts_with('\u{2212}'),
        _ => return Err(EXPECTED.into()),
    };
    let body = text.trim_start_matches(['+', '-', '\u{2212}']);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty();
    let (hours, minutes, style) = match body.split_once(':') {
        Some((h, m)) if digits(h) && h.len() <= 2 && digits(m) && m.len() == 2 => {
            (h, m, OffsetStyle::Colon)
        }
        None if digits(body) && body.len() == 4 => (&body[..2], &body[2..], OffsetStyle::Compact),
        None if digits(body) && body.len() <= 2 => (body, "0", OffsetStyle::Hours),
        _ => return Err(EXPECTED.into()),
    };
    let (h, m): (u32, u32) = (
        hours.parse().map_err(|_| EXPECTED.to_string())?,
        minutes.parse().map_err(|_| EXPECTED.to_string())?,
    );
    if m > 59 {
        return Err(EXPECTED.into());
    }
    UtcOffset::new(negative, h * 60 + m, style).map_err(|e| e.to_string())
}

/// What [`SlashVotes::settle`] decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SlashDecision {
    /// The dates were read in the right order.
    AsRead,
    /// A date is only possible day first: read the file again with [`SlashOrder::DayFirst`].
    ReadDayFirst,
}

/// Rows named in a message at most; the rest are counted.
const ROWS_NAMED: usize = 5;

/// The per-file vote on slashed dates. Importers [`note`](SlashVotes::note) every typed date
/// they read with [`SlashOrder::Detect`]; once the file is read, [`settle`](SlashVotes::settle)
/// decides: a file whose dates need both orders is an error naming the rows; one with a
/// day-first date must be read again day first; one with only ambiguous dates keeps the
/// month-first reading with a warning naming the assumption.
#[derive(Debug, Default)]
pub(crate) struct SlashVotes {
    day_first: Votes,
    month_first: Votes,
    ambiguous: Votes,
}

/// The rows (and first value) of one kind of slashed date, and how many there were.
#[derive(Debug, Default)]
struct Votes {
    rows: Vec<usize>,
    count: usize,
    /// The first value and where it is.
    example: Option<(String, Location)>,
}

impl Votes {
    fn push(&mut self, row: usize, value: &str, location: &dyn Fn() -> Location) {
        if self.rows.len() < ROWS_NAMED {
            self.rows.push(row);
        }
        if self.example.is_none() {
            self.example = Some((value.to_string(), location()));
        }
        self.count += 1;
    }

    fn append(&mut self, other: Votes, row_offset: usize) {
        for row in other.rows {
            if self.rows.len() < ROWS_NAMED {
                self.rows.push(row + row_offset);
            }
        }
        if self.example.is_none() {
            self.example = other.example.map(|(value, mut location)| {
                shift_row(&mut location, row_offset);
                (value, location)
            });
        }
        self.count += other.count;
    }

    /// "row 4", "rows 2 and 3", "rows 1, 2, 3, 4, 5 and 2 more".
    fn text(&self) -> String {
        let listed: Vec<String> = self.rows.iter().map(usize::to_string).collect();
        let more = self.count.saturating_sub(self.rows.len());
        match (listed.as_slice(), more) {
            ([one], 0) => format!("row {one}"),
            (_, 0) => match listed.split_last() {
                Some((last, rest)) => format!("rows {} and {last}", rest.join(", ")),
                None => "no rows".to_string(),
            },
            _ => format!("rows {} and {more} more", listed.join(", ")),
        }
    }

    fn value(&self) -> &str {
        self.example.as_ref().map_or("", |(v, _)| v.as_str())
    }
}

fn shift_row(location: &mut Location, offset: usize) {
    if let Location::Row { row, .. } | Location::Cell { row, .. } = location {
        *row += offset;
    }
}

impl SlashVotes {
    /// Notes one typed date read from `value` in `row`; `location` names its cell.
    pub fn note(
        &mut self,
        typed: &Typed,
        value: &str,
        row: usize,
        location: &dyn Fn() -> Location,
    ) {
        match typed.slash {
            SlashHint::None => {}
            SlashHint::DayFirst => self.day_first.push(row, value, location),
            SlashHint::MonthFirst => self.month_first.push(row, value, location),
            SlashHint::Ambiguous => self.ambiguous.push(row, value, location),
        }
    }

    /// Adds the votes of a part of the file read on its own, whose rows start after
    /// `row_offset`.
    pub fn append(&mut self, other: SlashVotes, row_offset: usize) {
        self.day_first.append(other.day_first, row_offset);
        self.month_first.append(other.month_first, row_offset);
        self.ambiguous.append(other.ambiguous, row_offset);
    }

    /// Decides the file's order once all of it was read (see [`SlashVotes`]).
    pub fn settle(self, report: &mut Report) -> Result<SlashDecision, LoadError> {
        if self.day_first.count > 0 && self.month_first.count > 0 {
            return Err(LoadError::single(Problem::error(
                &report.file,
                Location::File,
                format!(
                    "slashed dates in this file need two different orders: day first in {} \
                     (e.g. \"{}\") and month first in {} (e.g. \"{}\"); expected one order per \
                     file \u{2014} correct those rows, or choose with --day-first or \
                     --month-first",
                    self.day_first.text(),
                    self.day_first.value(),
                    self.month_first.text(),
                    self.month_first.value(),
                ),
            )));
        }
        if self.day_first.count > 0 {
            return Ok(SlashDecision::ReadDayFirst);
        }
        if self.month_first.count == 0
            && let Some((value, location)) = &self.ambiguous.example
        {
            report.push(
                Problem::warning(
                    &report.file,
                    location.clone(),
                    format!(
                        "slashed dates such as \"{value}\" could be day first or month first, \
                         and no date in the file settles it ({}); read month first (US style) \
                         \u{2014} if that is wrong, open the file with --day-first or choose \
                         \"Day first\" in the app",
                        self.ambiguous.text()
                    ),
                )
                .with_value(&quoted(value)),
            );
        }
        Ok(SlashDecision::AsRead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        let typed = parse_typed(text, SlashOrder::Detect).unwrap_or_else(|e| panic!("{text}: {e}"));
        let mut s = format!(
            "{}{}",
            if typed.circa { "~" } else { "" },
            typed.date.to_iso()
        );
        if let Some(until) = typed.until {
            s.push_str(&format!("..{}", until.to_iso()));
        }
        s
    }

    #[test]
    fn dates_as_people_type_them() {
        assert_eq!(iso("1985-02-07"), "1985-02-07");
        assert_eq!(iso("1985-02-07 09:30"), "1985-02-07T09:30");
        assert_eq!(iso("1985/02/07"), "1985-02-07");
        assert_eq!(iso("1985/2/7 9:30 PM"), "1985-02-07T21:30");
        assert_eq!(iso("1985.02"), "1985-02");
        assert_eq!(iso("1985-2-7"), "1985-02-07");
        assert_eq!(iso("25/12/1985"), "1985-12-25");
        assert_eq!(iso("12/25/1985"), "1985-12-25");
        assert_eq!(iso("05/05/1985"), "1985-05-05");
        assert_eq!(iso("07.02.1985"), "1985-02-07");
        assert_eq!(iso("02/1985"), "1985-02");
        assert_eq!(iso("7 Feb 1985"), "1985-02-07");
        assert_eq!(iso("7th February 1985"), "1985-02-07");
        assert_eq!(iso("Feb 7, 1985"), "1985-02-07");
        assert_eq!(iso("February 7, 1985"), "1985-02-07");
        assert_eq!(iso("Thursday, February 7, 1985"), "1985-02-07");
        assert_eq!(iso("7-Feb-1985"), "1985-02-07");
        assert_eq!(iso("February 1985"), "1985-02");
        assert_eq!(iso("Sept. 1985"), "1985-09");
        assert_eq!(iso("c. 1985"), "~1985");
        assert_eq!(iso("1985?"), "~1985");
        assert_eq!(iso("circa 1985-02"), "~1985-02");
        assert_eq!(iso("-0043-03-15"), "-0043-03-15");
    }

    #[test]
    fn many_dashes_cost_a_few_passes_not_one_per_split() {
        // Found by the typed_date fuzz target: each dash was tried as the range's middle, and
        // each side again, so 60 dashes never finished.
        let text = "1985 \u{2013} ".repeat(60) + "1989";
        assert!(parse_typed(&text, SlashOrder::Detect).is_err());
        assert_eq!(iso("1985 \u{2013} 1989"), "1985..1989");
        assert!(parse_typed("1940s \u{2013} 1950s", SlashOrder::Detect).is_err());
    }

    #[test]
    fn any_number_of_question_marks_is_one_circa_without_deep_calls() {
        // Found by fuzzing: each mark cost a nested call, and a long run of them overflowed
        // the stack (a 2 MiB test thread here; a 1 MiB cell would in any build).
        let cell = format!("1985{}", "?".repeat(200_000));
        let typed = parse_typed(&cell, SlashOrder::Detect).unwrap();
        assert!(typed.circa);
        assert_eq!(typed.date.to_iso(), "1985");
        let typed = parse_typed("c. 7 Feb 1985 ? ?", SlashOrder::Detect).unwrap();
        assert!(typed.circa);
        assert_eq!(typed.date.to_iso(), "1985-02-07");
        assert!(parse_typed("?", SlashOrder::Detect).is_err());
    }

    #[test]
    fn eras_decades_and_ranges() {
        assert_eq!(iso("44 BC"), "-0043");
        assert_eq!(iso("44 BCE"), "-0043");
        assert_eq!(iso("44BC"), "-0043");
        assert_eq!(iso("ca. 44 B.C."), "~-0043");
        assert_eq!(iso("15 Mar 44 BCE"), "-0043-03-15");
        assert_eq!(iso("AD 79"), "0079");
        assert_eq!(iso("79 CE"), "0079");
        assert_eq!(iso("24 Aug 79 AD"), "0079-08-24");
        assert_eq!(iso("1940s"), "1940..1949");
        assert_eq!(iso("1940's"), "1940..1949");
        assert_eq!(iso("c. 1940s"), "~1940..1949");
        assert_eq!(iso("1985 \u{2013} 1989"), "1985..1989");
        assert_eq!(iso("1985 - 1989"), "1985..1989");
        assert_eq!(iso("Feb 1985 to Aug 2013"), "1985-02..2013-08");
    }

    #[test]
    fn times_keep_fractions_and_offsets() {
        assert_eq!(iso("7 Feb 1985 09:30:15.250"), "1985-02-07T09:30:15.250");
        assert_eq!(iso("7 Feb 1985 21:30 UTC"), "1985-02-07T21:30Z");
        assert_eq!(iso("7 Feb 1985 9:30 PM +05:30"), "1985-02-07T21:30+05:30");
        assert_eq!(
            iso("02/07/1985 14:05:10 GMT-0800"),
            "1985-02-07T14:05:10-0800"
        );
        assert_eq!(
            iso("2012-03-14 04:17:38.276340+00:00"),
            "2012-03-14T04:17:38.276340+00:00"
        );
        assert_eq!(
            parse_time("9:30:15.000004").map(|t| t.fraction),
            Ok(Some((4_000, 6)))
        );
        assert_eq!(
            parse_time("12:15 a.m.").map(|t| (t.hour, t.minute)),
            Ok((0, Some(15)))
        );
        assert_eq!(
            parse_time("930").map(|t| (t.hour, t.minute)),
            Ok((9, Some(30)))
        );
        assert!(parse_time("25:00").unwrap_err().contains("does not exist"));
        assert_eq!(parse_time("noon").unwrap_err(), TIME_FORMS);
    }

    #[test]
    fn refuses_what_it_cannot_know() {
        let err = |t: &str| parse_typed(t, SlashOrder::Detect).unwrap_err();
        assert!(
            err("7 Feb 85").starts_with("two-digit year \"85\""),
            "{}",
            err("7 Feb 85")
        );
        assert!(
            err("02/07/85").starts_with("no four-digit year"),
            "{}",
            err("02/07/85")
        );
        assert_eq!(
            err("2013-02-30"),
            "day 30 does not exist in 2013-02; expected a day that exists in that month"
        );
        assert_eq!(err("1985/13"), "month 13 does not exist (expected 1–12)");
        assert_eq!(err("soon"), DATE_FORMS);
        assert_eq!(
            err("0 BC"),
            "there is no year 0 BC; expected 1 BC or earlier"
        );
        assert!(err("1945s").contains("not a decade"));
        assert!(err("Feb 1985 10:00").starts_with("a time needs a full date"));
    }

    #[test]
    fn slash_order_from_the_values_or_the_choice() {
        let hint = |t: &str| parse_typed(t, SlashOrder::Detect).unwrap().slash;
        assert_eq!(hint("25/12/1985"), SlashHint::DayFirst);
        assert_eq!(hint("12/25/1985"), SlashHint::MonthFirst);
        assert_eq!(hint("05/08/2022"), SlashHint::Ambiguous);
        assert_eq!(hint("05/05/2022"), SlashHint::None);
        assert_eq!(hint("2022/05/08"), SlashHint::None);
        let read = |t: &str, o| parse_typed(t, o).map(|d| d.date.to_iso());
        assert_eq!(
            read("05/08/2022", SlashOrder::DayFirst),
            Ok("2022-08-05".into())
        );
        assert_eq!(
            read("05/08/2022", SlashOrder::MonthFirst),
            Ok("2022-05-08".into())
        );
        assert_eq!(
            read("25/12/1985", SlashOrder::MonthFirst),
            Err("month 25 does not exist (expected 1–12)".into())
        );
    }

    fn votes_of(cells: &[&str]) -> SlashVotes {
        let mut votes = SlashVotes::default();
        for (i, cell) in cells.iter().enumerate() {
            let typed = parse_typed(cell, SlashOrder::Detect).unwrap();
            let row = i + 2;
            votes.note(&typed, cell, row, &|| Location::Row { row, column: None });
        }
        votes
    }

    #[test]
    fn one_day_first_value_settles_the_file() {
        let mut report = Report::new("f.csv");
        let votes = votes_of(&["05/08/2022", "25/12/2022", "03/04/2022"]);
        assert_eq!(
            votes.settle(&mut report).unwrap(),
            SlashDecision::ReadDayFirst
        );
        let votes = votes_of(&["05/08/2022", "12/25/2022"]);
        assert_eq!(votes.settle(&mut report).unwrap(), SlashDecision::AsRead);
        assert!(report.problems.is_empty());
    }

    #[test]
    fn ambiguous_files_get_a_warning_naming_the_assumption() {
        let mut report = Report::new("f.csv");
        let votes = votes_of(&["05/08/2022", "03/04/2022"]);
        assert_eq!(votes.settle(&mut report).unwrap(), SlashDecision::AsRead);
        assert_eq!(
            report.problems[0].to_string(),
            "f.csv: row 2: warning: \"05/08/2022\" \u{2014} slashed dates such as \
             \"05/08/2022\" could be day first or month first, and no date in the file settles \
             it (rows 2 and 3); read month first (US style) \u{2014} if that is wrong, open the \
             file with --day-first or choose \"Day first\" in the app"
        );
    }

    #[test]
    fn mixed_orders_are_an_error_naming_the_rows() {
        let mut report = Report::new("f.csv");
        let votes = votes_of(&["25/12/2022", "05/08/2022", "12/25/2022"]);
        let err = votes.settle(&mut report).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.csv: slashed dates in this file need two different orders: day first in row 2 \
             (e.g. \"25/12/2022\") and month first in row 4 (e.g. \"12/25/2022\"); expected one \
             order per file \u{2014} correct those rows, or choose with --day-first or \
             --month-first"
        );
        let mut votes = Votes::default();
        (1..=7).for_each(|r| votes.push(r, "x", &|| Location::File));
        assert_eq!(votes.text(), "rows 1, 2, 3, 4, 5 and 2 more");
    }
}
