//! CSV plumbing shared by the two CSV importers: the header row (names matched
//! case-insensitively, ignoring spaces, `_` and `-`), rows numbered as a spreadsheet shows them
//! (blank lines count, rows whose cells are all empty are skipped), the delimiter guessed from
//! the header line (`,`, `;` or tab), and the spreadsheet forms of dates, times and yes/no
//! cells. Parsing CSV itself is the `csv` crate's job.

use super::Input;
use super::build::{native_keys, unshadowed_name};
use super::error::{LoadError, Location, Problem, date_message, quoted, shorten};
use super::limits::{MAX_COLUMN_NAME_CHARS, too_many_events};
use crate::model::{Date, DateError};
use std::collections::HashSet;

/// The header row of a CSV file.
pub(crate) struct Header {
    /// Names as written (trimmed), for messages.
    pub names: Vec<String>,
    /// Names normalized by [`normalize`], for matching.
    pub keys: Vec<String>,
    pub delimiter: u8,
    /// The spreadsheet row of the header (1 unless blank lines precede it).
    pub row: usize,
}

/// `"Start Date"`, `"start_date"`, `"START-DATE"` → `"startdate"`.
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Header {
    pub fn read(input: &Input) -> Result<Header, LoadError> {
        let delimiter = guess_delimiter(input.text);
        let mut reader = reader(input.text, delimiter);
        let mut record = csv::StringRecord::new();
        let found = reader.read_record(&mut record).map_err(|e| {
            LoadError::single(Problem::error(
                input.file,
                Location::Row {
                    row: 1,
                    column: None,
                },
                format!("cannot read the CSV header row: {e}"),
            ))
        })?;
        if !found {
            return Err(LoadError::whole_file(input.file, "the file has no rows"));
        }
        let row = 1 + blank_lines_at(input.text);
        let at = |column: Option<&str>, message: String| {
            LoadError::single(Problem::error(
                input.file,
                Location::Row {
                    row,
                    column: column.map(|c| shorten(c).into()),
                },
                message,
            ))
        };
        let max_columns = input.limits.max_columns;
        if record.len() > max_columns {
            return Err(at(
                None,
                format!(
                    "the header row has {} columns; expected at most {max_columns} — is this a \
                     timeline spreadsheet?",
                    record.len()
                ),
            ));
        }
        if let Some(long) = record
            .iter()
            .find(|n| n.trim().chars().count() > MAX_COLUMN_NAME_CHARS)
        {
            return Err(at(
                Some(long.trim()),
                format!(
                    "a header cell of {} characters; expected column names of at most \
                     {MAX_COLUMN_NAME_CHARS} characters — does the file lack a header row?",
                    long.trim().chars().count()
                ),
            ));
        }
        let names: Vec<String> = record.iter().map(|s| s.trim().to_string()).collect();
        let keys = names.iter().map(|n| normalize(n)).collect();
        Ok(Header {
            names,
            keys,
            delimiter,
            row,
        })
    }

    /// Index of the first column whose normalized name is one of `synonyms` (in the order of
    /// `synonyms`: the earlier synonym wins).
    pub fn find(&self, synonyms: &[&str]) -> Option<usize> {
        synonyms
            .iter()
            .find_map(|s| self.keys.iter().position(|k| k == s))
    }

    pub fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }

    /// The unknown-field name for each of `columns` (those whose cells may be kept as unknown
    /// fields): the column's name, unless a native event field or `reserved` (unknown fields the
    /// importer makes itself) has it, or an earlier column took it; then it is renamed with
    /// [`unshadowed_name`] and a warning, so no cell shadows a native field or another cell.
    pub fn extra_keys(
        &self,
        file: &str,
        columns: impl IntoIterator<Item = usize>,
        reserved: &[&str],
    ) -> (Vec<Option<String>>, Vec<Problem>) {
        let mut keys = vec![None; self.names.len()];
        let mut problems = Vec::new();
        let mut used: HashSet<&str> = reserved.iter().copied().collect();
        let mut renamed: HashSet<String> = HashSet::new();
        let all_names: HashSet<&str> = self.names.iter().map(String::as_str).collect();
        let mut wanted: Vec<usize> = columns.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        for i in wanted {
            let Some(name) = self.names.get(i).filter(|n| !n.is_empty()) else {
                continue;
            };
            let native = native_keys::EVENT.contains(&name.as_str());
            if !native && used.insert(name.as_str()) {
                keys[i] = Some(name.clone());
                continue;
            }
            let new = unshadowed_name(name, |n| {
                used.contains(n) || renamed.contains(n) || all_names.contains(n)
            });
            let why = if native {
                "the name of a field Chronoscope reads itself"
            } else {
                "the name of an earlier column"
            };
            problems.push(Problem::warning(
                file,
                Location::Row {
                    row: self.row,
                    column: Some(name.as_str().into()),
                },
                format!(
                    "this column has {why}; its cells are kept as the unknown field \"{new}\" \
                     so that they are never read in its place"
                ),
            ));
            renamed.insert(new.clone());
            keys[i] = Some(new);
        }
        (keys, problems)
    }
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// `;` (European Excel) or tab when the first line has more of them than commas.
fn guess_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let (commas, semis, tabs) = (count(','), count(';'), count('\t'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// The data rows after the header, each with its spreadsheet row number. A `Rows` may also
/// start at a record boundary inside the file (row numbers then count from 0 there) and stop
/// at a byte limit, so that two threads can read the two halves of a big file.
pub(crate) struct Rows<'a> {
    reader: csv::Reader<&'a [u8]>,
    pub record: csv::StringRecord,
    /// Spreadsheet row of the current record.
    pub row: usize,
    /// The part of the file this reader reads, and where it starts in the file.
    slice: &'a str,
    base: usize,
    /// The whole file.
    text: &'a str,
    file: &'a str,
    /// Stop before reading a record that starts at or after this byte of the file.
    limit: Option<usize>,
    /// Data rows read so far, and how many a file may have.
    data_rows: usize,
    max_rows: usize,
    max_cell_bytes: usize,
    /// A limit crossed: reading stopped, and the load must fail with this.
    fatal: Option<Problem>,
}

impl<'a> Rows<'a> {
    pub fn new(input: &Input<'a>, header: &Header) -> Result<Rows<'a>, LoadError> {
        let mut rows = Rows::from_offset(input, header, 0);
        // The header again: `Header::read` already succeeded on the same text.
        let _ = rows.reader.read_record(&mut rows.record);
        rows.row = header.row;
        Ok(rows)
    }

    /// Rows from byte `offset` of the file, which must be the start of a line outside any
    /// quoted cell; the row before the first one read is row 0.
    pub fn from_offset(input: &Input<'a>, header: &Header, offset: usize) -> Rows<'a> {
        let slice = input.text.get(offset..).unwrap_or("");
        Rows {
            reader: reader(slice, header.delimiter),
            record: csv::StringRecord::new(),
            row: 0,
            slice,
            base: offset.min(input.text.len()),
            text: input.text,
            file: input.file,
            limit: None,
            data_rows: 0,
            max_rows: input.limits.max_events,
            max_cell_bytes: input.limits.max_cell_bytes,
            fatal: None,
        }
    }

    /// The error that stopped reading when a limit was crossed (too many rows).
    pub fn take_fatal(&mut self) -> Option<Problem> {
        self.fatal.take()
    }

    /// An error for the current row when one of its cells is over the size limit.
    pub fn oversized_cell(&self, header: &Header) -> Option<Problem> {
        let (i, cell) = self
            .record
            .iter()
            .enumerate()
            .find(|(_, c)| c.len() > self.max_cell_bytes)?;
        let name = header.names.get(i).map(|n| shorten(n));
        Some(
            Problem::error(
                self.file,
                self.location(name.as_deref()),
                format!(
                    "a cell of {} bytes; expected at most {} bytes per cell — is a quote \
                     left open above?",
                    cell.len(),
                    self.max_cell_bytes
                ),
            )
            .with_value(&quoted(cell)),
        )
    }

    /// Stops reading at the first record starting at or after byte `limit` of the file.
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The byte of the file the reader stands on, past a CRLF's `\n` the reader has not
    /// consumed yet (it stops after the `\r`).
    pub fn position(&self) -> usize {
        let at = self.reader.position().byte() as usize;
        let crlf_pending = at > 0
            && self.slice.as_bytes().get(at - 1) == Some(&b'\r')
            && self.slice.as_bytes().get(at) == Some(&b'\n');
        self.base + at + usize::from(crlf_pending)
    }

    /// Moves to the next non-blank record; `Ok(false)` at the end (or at the limit).
    pub fn advance(&mut self) -> Result<bool, Problem> {
        loop {
            if self.limit.is_some_and(|limit| self.position() >= limit) {
                return Ok(false);
            }
            let found = self.reader.read_record(&mut self.record).map_err(|e| {
                Problem::error(
                    self.file,
                    Location::Row {
                        row: self.row + 1,
                        column: None,
                    },
                    format!("cannot read this row: {e}"),
                )
            })?;
            if !found {
                return Ok(false);
            }
            // A record's position is where the reader stood before it, so blank lines the
            // reader skipped come first: each is a row in a spreadsheet. After a CRLF the
            // reader stands on its `\n`, which is not a blank line.
            let mut from = self.record.position().map_or(0, |p| p.byte() as usize);
            if from > 0 && self.slice.as_bytes().get(from - 1) == Some(&b'\r') {
                from += usize::from(self.slice.as_bytes().get(from) == Some(&b'\n'));
            }
            self.row += 1 + blank_lines_at(self.slice.get(from..).unwrap_or(""));
            if self.record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            self.data_rows += 1;
            if self.data_rows > self.max_rows {
                self.fatal = Some(too_many_events(
                    self.file,
                    self.location(None),
                    self.max_rows,
                ));
                return Ok(false);
            }
            return Ok(true);
        }
    }

    /// The trimmed cell in column `i` of the current row ("" when the row is short).
    pub fn cell(&self, i: usize) -> &str {
        self.record.get(i).map_or("", str::trim)
    }

    pub fn cell_opt(&self, i: Option<usize>) -> &str {
        i.map_or("", |i| self.cell(i))
    }

    /// True when the current record reached the end of the file inside a quoted cell: the
    /// file has an odd number of `"` and this row spans lines up to the end.
    pub fn unclosed_quote_at_end(&self) -> bool {
        self.position() >= self.text.len()
            && self.record.iter().any(|c| c.contains('\n'))
            && self.text.matches('"').count() % 2 == 1
    }

    /// About how many rows this reader will read, from the non-blank lines of the first
    /// 64 KiB, to size vectors once (counting every newline of a 100 MB file took 0.2 s). The
    /// estimate comes from the input, so it is capped: a header followed by 100 MB of empty
    /// lines once asked for 25.8 GB at once.
    pub fn estimated_rows(&self) -> usize {
        const SAMPLE: usize = 1 << 16;
        /// Room reserved up front at most (~300 MB of events); bigger files grow the vector.
        const MAX_PRESIZED_ROWS: usize = 1 << 20;
        let end = self
            .limit
            .map_or(self.text.len(), |l| l.min(self.text.len()));
        let len = end.saturating_sub(self.base);
        let sample = &self.slice.as_bytes()[..len.min(SAMPLE).min(self.slice.len())];
        let lines = sample
            .split(|&b| b == b'\n')
            .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
            .count()
            .max(1);
        // 10% over: rows vary in length, and unused capacity costs no memory until touched.
        let estimate = (len as f64 / sample.len().max(1) as f64 * lines as f64 * 1.1) as usize;
        (estimate + 16).min(MAX_PRESIZED_ROWS).min(self.max_rows)
    }

    pub fn location(&self, column: Option<&str>) -> Location {
        Location::Row {
            row: self.row,
            column: column.map(Box::from),
        }
    }

    /// An error about the current row (or one named column of it).
    pub fn error(&self, column: Option<&str>, message: impl Into<String>) -> Problem {
        Problem::error(self.file, self.location(column), message)
    }

    /// An error about the cell in column `i`, named by its header.
    pub fn cell_error(&self, header: &Header, i: usize, message: impl Into<String>) -> Problem {
        let name = header.names.get(i).map(String::as_str);
        Problem::error(self.file, self.location(name), message).with_value(&quoted(self.cell(i)))
    }
}

/// Number of empty lines (`\n` or `\r\n`) at the start of `text`.
fn blank_lines_at(text: &str) -> usize {
    let mut n = 0;
    let mut rest = text;
    loop {
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("\r\n") {
            rest = r;
        } else {
            return n;
        }
        n += 1;
    }
}

/// How to read `02/07/1985`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SlashOrder {
    /// As TimelineJS reads its version-1 sheets: month first (`m/d/yyyy`).
    MonthFirst,
    /// Accept only when day and month cannot be confused (one is over 12, or both are equal).
    Unambiguous,
}

pub(crate) const DATE_FORMS: &str = "expected a date such as \"1985-02-07\", \"1985-02\", \
                                     \"1985\", \"1985-02-07 09:30\", \"1985/02/07\", \"7 Feb \
                                     1985\" or \"c. 1985\"";

/// Parses a date as people type it in spreadsheets; returns the date and whether it was
/// marked "circa". Forms, after an optional `c.`/`ca.`/`circa`/`~` prefix:
/// ISO-8601 at any precision (`1985`, `1985-02`, `1985-02-07T09:30`, `1985-02-07 09:30`,
/// `-0043-03-15`); `1985/02/07`, `1985/2`, `1985.02.07`, `1985-2-7`; `07/02/1985` and `02/1985`
/// read per [`SlashOrder`]; month names (`7 Feb 1985`, `February 7, 1985`, `Feb 1985`);
/// `44 BC`/`44 BCE` (= astronomical -43) and `AD 1985`/`1985 CE`; any of them followed by a
/// time (`9:30`, `09:30:15`, `9:30 PM`).
pub(crate) fn parse_sheet_date(text: &str, order: SlashOrder) -> Result<(Date, bool), String> {
    let (circa, rest) = strip_circa(text.trim());
    if let Ok(d) = Date::parse_iso(rest) {
        return Ok((d, circa));
    }
    let tokens: Vec<&str> = rest.split_whitespace().collect();
    let time_at = tokens.iter().position(|t| t.contains(':'));
    let (date_tokens, time_tokens) = tokens.split_at(time_at.unwrap_or(tokens.len()));
    let ymd = parse_date_tokens(date_tokens, order)?;
    let date = if time_tokens.is_empty() {
        ymd.build()
    } else {
        let (h, m, s) = parse_time(&time_tokens.join(" "))?;
        let (Some(month), Some(day)) = (ymd.month, ymd.day) else {
            return Err(
                "a time needs a full date before it; expected a date such as \
                        \"1985-02-07 09:30\""
                    .into(),
            );
        };
        Date::time(ymd.year, month, day, h, m.unwrap_or(0), s)
    };
    date.map(|d| (d, circa)).map_err(|e| date_message(&e))
}

fn strip_circa(text: &str) -> (bool, &str) {
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return (false, text);
    }
    for prefix in [
        "circa", "ca.", "ca ", "c.", "c ", "~", "approx.", "approx ", "about ",
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
    (false, text)
}

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

/// "feb", "Feb.", "February", "sept" → 2 / 9.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']).to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

fn number(s: &str) -> Option<u32> {
    let s = s.trim_end_matches(',');
    if s.is_empty() || s.len() > 7 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_date_tokens(tokens: &[&str], order: SlashOrder) -> Result<Ymd, String> {
    let mut tokens: Vec<&str> = tokens.to_vec();
    // Era markers: "44 BC", "44 BCE", "AD 1985", "1985 CE".
    let mut bce = false;
    let era = |t: &str| {
        t.trim_end_matches('.')
            .replace('.', "")
            .to_ascii_lowercase()
    };
    if let Some(last) = tokens.last() {
        match era(last).as_str() {
            "bc" | "bce" => {
                bce = true;
                tokens.pop();
            }
            "ad" | "ce" => {
                tokens.pop();
            }
            _ => {}
        }
    }
    if tokens.first().is_some_and(|t| era(t) == "ad") {
        tokens.remove(0);
    }
    let to_year = |n: u32| -> Result<i32, String> {
        if bce {
            if n == 0 {
                return Err("there is no year 0 BCE; expected 1 BCE or earlier".into());
            }
            Ok(1 - n as i32)
        } else {
            Ok(n as i32)
        }
    };
    match tokens.as_slice() {
        [one] => {
            let parts: Vec<&str> = one.split(['/', '.', '-']).collect();
            let nums: Option<Vec<u32>> = parts.iter().map(|p| number(p)).collect();
            let Some(nums) = nums else {
                return Err(DATE_FORMS.into());
            };
            let year_first = parts.first().is_some_and(|p| p.len() >= 3);
            let year_last = parts.last().is_some_and(|p| p.len() >= 3);
            match (nums.as_slice(), year_first, year_last) {
                ([y], _, _) => Ok(Ymd {
                    year: to_year(*y)?,
                    month: None,
                    day: None,
                }),
                ([y, m], true, _) => Ok(Ymd {
                    year: to_year(*y)?,
                    month: Some(*m),
                    day: None,
                }),
                ([m, y], false, true) => Ok(Ymd {
                    year: to_year(*y)?,
                    month: Some(*m),
                    day: None,
                }),
                ([y, m, d], true, _) => Ok(Ymd {
                    year: to_year(*y)?,
                    month: Some(*m),
                    day: Some(*d),
                }),
                ([a, b, y], false, true) => {
                    let (month, day) = match order {
                        SlashOrder::MonthFirst => (*a, *b),
                        SlashOrder::Unambiguous if a == b || *b > 12 => (*a, *b),
                        SlashOrder::Unambiguous if *a > 12 => (*b, *a),
                        SlashOrder::Unambiguous => {
                            return Err(format!(
                                "could be day {a} of month {b} or day {b} of month {a}; \
                                 expected an unambiguous date such as \"{y}-{a:02}-{b:02}\" \
                                 (year-month-day)"
                            ));
                        }
                    };
                    Ok(Ymd {
                        year: to_year(*y)?,
                        month: Some(month),
                        day: Some(day),
                    })
                }
                _ => Err(DATE_FORMS.into()),
            }
        }
        // "Feb 1985", "1985 Feb"? Only month-name first.
        [m, y] => match (month_number(m), number(y)) {
            (Some(m), Some(y)) => Ok(Ymd {
                year: to_year(y)?,
                month: Some(m),
                day: None,
            }),
            _ => Err(DATE_FORMS.into()),
        },
        // "7 Feb 1985" or "Feb 7, 1985".
        [a, b, y] => {
            let y = number(y).ok_or_else(|| DATE_FORMS.to_string())?;
            let (m, d) = match (month_number(a), month_number(b)) {
                (None, Some(m)) => (m, number(a)),
                (Some(m), None) => (m, number(b)),
                _ => (0, None),
            };
            match d {
                Some(d) if m > 0 => Ok(Ymd {
                    year: to_year(y)?,
                    month: Some(m),
                    day: Some(d),
                }),
                _ => Err(DATE_FORMS.into()),
            }
        }
        _ => Err(DATE_FORMS.into()),
    }
}

pub(crate) const TIME_FORMS: &str = "expected a time such as \"9:30\", \"14:05:10\" or \"9:30 PM\"";

/// A time of day as spreadsheets and TimelineJS write it: `9:30`, `14:05:10`, `9:30:15.250`,
/// `9:30 PM`, `9.30`, `930`, or an hour alone (`14`). Returns hour, minute (None for an hour
/// alone) and second (None when not given). Fractions of a second are dropped.
pub(crate) fn parse_time(text: &str) -> Result<(u32, Option<u32>, Option<u32>), String> {
    let mut t = text.trim().to_ascii_lowercase();
    let mut pm = None;
    for (suffix, is_pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if let Some(rest) = t.strip_suffix(suffix) {
            pm = Some(is_pm);
            t = rest.trim_end().to_string();
            break;
        }
    }
    let parts: Vec<&str> = if t.contains(':') {
        t.split(':').collect()
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
        let s = s.split(['.', ',']).next().unwrap_or("");
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
    Ok((hour, minute, second))
}

/// A yes/no cell: true, yes, y, 1, x, ✓ / false, no, n, 0, empty. `None` when it is neither.
pub(crate) fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "x" | "t" | "\u{2713}" | "\u{2714}" => Some(true),
        "false" | "no" | "n" | "0" | "" | "f" | "-" => Some(false),
        _ => None,
    }
}

pub(crate) const FLAG_FORMS: &str =
    "expected true/yes/1/x for yes, or false/no/0/an empty cell for no";

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        let (d, circa) = parse_sheet_date(text, SlashOrder::Unambiguous)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        format!("{}{}", if circa { "~" } else { "" }, d.to_iso())
    }

    #[test]
    fn spreadsheet_dates() {
        assert_eq!(iso("1985-02-07"), "1985-02-07");
        assert_eq!(iso("1985-02-07 09:30"), "1985-02-07T09:30");
        assert_eq!(iso("1985/02/07"), "1985-02-07");
        assert_eq!(iso("1985/2/7 9:30 PM"), "1985-02-07T21:30");
        assert_eq!(iso("1985.02"), "1985-02");
        assert_eq!(iso("1985-2-7"), "1985-02-07");
        assert_eq!(iso("25/12/1985"), "1985-12-25");
        assert_eq!(iso("12/25/1985"), "1985-12-25");
        assert_eq!(iso("05/05/1985"), "1985-05-05");
        assert_eq!(iso("02/1985"), "1985-02");
        assert_eq!(iso("7 Feb 1985"), "1985-02-07");
        assert_eq!(iso("February 7, 1985"), "1985-02-07");
        assert_eq!(iso("Sept. 1985"), "1985-09");
        assert_eq!(iso("c. 1985"), "~1985");
        assert_eq!(iso("circa 1985-02"), "~1985-02");
        assert_eq!(iso("ca. 44 BC"), "~-0043");
        assert_eq!(iso("15 Mar 44 BCE"), "-0043-03-15");
        assert_eq!(iso("AD 33"), "0033");
        assert_eq!(iso("-0043-03-15"), "-0043-03-15");
    }

    #[test]
    fn refuses_ambiguous_and_impossible_dates() {
        let err = |t: &str| parse_sheet_date(t, SlashOrder::Unambiguous).unwrap_err();
        assert_eq!(
            err("02/07/1985"),
            "could be day 2 of month 7 or day 7 of month 2; expected an unambiguous date such \
             as \"1985-02-07\" (year-month-day)"
        );
        assert_eq!(
            err("2013-02-30"),
            "day 30 does not exist in 2013-02; expected a day that exists in that month"
        );
        assert_eq!(err("1985/13"), "month 13 does not exist (expected 1–12)");
        assert_eq!(err("soon"), DATE_FORMS);
        assert_eq!(
            err("0 BC"),
            "there is no year 0 BCE; expected 1 BCE or earlier"
        );
        assert!(err("Feb 1985 10:00").starts_with("a time needs a full date"));
        // TimelineJS v1 sheets read slashes month first.
        let (d, _) = parse_sheet_date("02/07/1985", SlashOrder::MonthFirst).unwrap();
        assert_eq!(d.to_iso(), "1985-02-07");
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("9:30"), Ok((9, Some(30), None)));
        assert_eq!(parse_time("14:05:10"), Ok((14, Some(5), Some(10))));
        assert_eq!(parse_time("12:15 a.m."), Ok((0, Some(15), None)));
        assert_eq!(parse_time("12 PM"), Ok((12, None, None)));
        assert_eq!(parse_time("930"), Ok((9, Some(30), None)));
        assert_eq!(parse_time("9.30"), Ok((9, Some(30), None)));
        assert_eq!(parse_time("10:00:05.5"), Ok((10, Some(0), Some(5))));
        assert!(parse_time("25:00").unwrap_err().contains("does not exist"));
        assert_eq!(parse_time("noon").unwrap_err(), TIME_FORMS);
    }

    #[test]
    fn header_names_normalize() {
        assert_eq!(normalize(" Start Date "), "startdate");
        assert_eq!(normalize("start_date"), "startdate");
        assert_eq!(normalize("\u{feff}Year"), "year");
    }

    #[test]
    fn flags() {
        assert_eq!(parse_flag("Yes"), Some(true));
        assert_eq!(parse_flag("x"), Some(true));
        assert_eq!(parse_flag(""), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }
}
