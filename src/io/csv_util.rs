//! CSV plumbing shared by the two CSV importers: the header row (names matched
//! case-insensitively, ignoring spaces, `_` and `-`), rows numbered as a spreadsheet shows them
//! (blank lines count, rows whose cells are all empty are skipped), the delimiter guessed from
//! the header line (`,`, `;` or tab), and yes/no cells. Dates as typed are
//! [`typed_date`](super::typed_date)'s; parsing CSV itself is the `csv` crate's job.

use super::Input;
use super::build::{native_keys, unshadowed_name};
use super::error::{LoadError, Location, Problem, quoted, shorten};
use super::limits::{MAX_COLUMN_NAME_CHARS, too_many_events};
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

    /// A header from cell texts (a spreadsheet's header row `row`).
    pub fn from_names(names: Vec<String>, row: usize) -> Header {
        let names: Vec<String> = names.into_iter().map(|n| n.trim().to_string()).collect();
        let keys = names.iter().map(|n| normalize(n)).collect();
        Header {
            names,
            keys,
            delimiter: b',',
            row,
        }
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
        // No cell is longer than the whole row.
        if self.record.as_slice().len() <= self.max_cell_bytes {
            return None;
        }
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
        self.record.get(i).map_or("", crate::model::text::trim)
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
        /// Room reserved up front at most (~300 MB of events); bigger files grow the vector.
        const MAX_PRESIZED_ROWS: usize = 1 << 20;
        let len = self.end().saturating_sub(self.base);
        // 10% over: rows vary in length, and unused capacity costs no memory until touched.
        let estimate = (len as f64 * self.rows_per_byte() * 1.1) as usize;
        (estimate + 16).min(MAX_PRESIZED_ROWS).min(self.max_rows)
    }

    /// About how many rows the file has before this reader's start, from the same sample as
    /// [`Rows::estimated_rows`] (a later part's guess at its events' numbers).
    pub fn estimated_rows_before(&self) -> usize {
        (self.base as f64 * self.rows_per_byte()) as usize
    }

    /// The byte this reader stops at.
    fn end(&self) -> usize {
        self.limit
            .map_or(self.text.len(), |l| l.min(self.text.len()))
    }

    /// Rows per byte in the non-blank lines of the first 64 KiB this reader reads.
    fn rows_per_byte(&self) -> f64 {
        const SAMPLE: usize = 1 << 16;
        let len = self.end().saturating_sub(self.base);
        let sample = &self.slice.as_bytes()[..len.min(SAMPLE).min(self.slice.len())];
        let lines = sample
            .split(|&b| b == b'\n')
            .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
            .count()
            .max(1);
        lines as f64 / sample.len().max(1) as f64
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
