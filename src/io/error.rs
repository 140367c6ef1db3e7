//! What went wrong while reading or writing a timeline file, said so a user can act on it:
//! [`Problem`] (file, line:column or row + column name, field, bad value, expectation),
//! [`LoadError`] (the file could not be loaded at all) and [`SaveError`]. Does not parse anything.

use crate::model::DateError;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// How bad a problem is. An `Error` in a [`super::Loaded`] means something (an event, an era,
/// a lane) was skipped; a `Warning` means the data was read, perhaps not as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where in the file a problem is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    /// The file as a whole (unreadable, empty, not text…).
    File,
    /// A position in a text (JSON) file: 1-based line and 1-based column counted in characters.
    Text { line: usize, column: usize },
    /// A CSV record: `row` is the 1-based row a spreadsheet shows (the header is row 1, blank
    /// lines count), `column` the header name of the cell when one cell is at fault.
    Row {
        row: usize,
        column: Option<Box<str>>,
    },
    /// A spreadsheet row or cell: the sheet, the 1-based row, and when one cell is at fault
    /// its column (boxed: a problem stays small).
    Cell {
        sheet: Box<str>,
        row: usize,
        column: Option<Box<SheetColumn>>,
    },
}

/// The column of a spreadsheet cell: its 0-based index and its header text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SheetColumn {
    pub index: u32,
    pub header: Box<str>,
}

impl SheetColumn {
    pub fn boxed(index: u32, header: &str) -> Box<SheetColumn> {
        Box::new(SheetColumn {
            index,
            header: header.into(),
        })
    }
}

/// `A`, `Z`, `AA`, `XFD` for 0-based columns 0, 25, 26, 16383.
pub fn column_letters(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A sheet name as a spreadsheet writes it in a reference: `Sheet1`, or `'Case timeline'` (in
/// quotes, inner quotes doubled) when it has anything but letters, digits and `_`.
pub fn sheet_reference(sheet: &str) -> String {
    if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

impl Location {
    /// The row of a CSV or spreadsheet location.
    pub fn row(&self) -> Option<usize> {
        match self {
            Location::Row { row, .. } | Location::Cell { row, .. } => Some(*row),
            _ => None,
        }
    }

    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            Location::Text { line, column } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// One thing wrong with a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The file name as the user gave it.
    pub file: Arc<str>,
    pub location: Location,
    /// The field (JSON key, or a path such as `sources[1].published`) at fault; for CSV the
    /// column name is in the location instead.
    pub field: Option<Box<str>>,
    /// The bad value as written in the file (a JSON token, or a CSV cell), shortened if long.
    pub value: Option<Box<str>>,
    /// What is wrong and what was expected.
    pub message: String,
}

/// Values longer than this are shortened in messages: enough to recognise a date or a headline.
const MAX_VALUE_CHARS: usize = 80;

/// A message longer than this is cut. Messages are our own words plus shortened values, so only
/// a value that slipped through unshortened (from a library's error text, say) reaches this;
/// the cap keeps a 200 MB value from making a 200 MB message.
const MAX_MESSAGE_CHARS: usize = 600;

impl Problem {
    pub fn error(file: &str, location: Location, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            file: Arc::from(file),
            location,
            field: None,
            value: None,
            message: cut(message.into(), MAX_MESSAGE_CHARS),
        }
    }

    pub fn warning(file: &str, location: Location, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, location, message)
        }
    }

    /// Names the field at fault (shortened when long: a key comes from the file).
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(cut(field.into(), MAX_VALUE_CHARS).into_boxed_str());
        self
    }

    /// Records the bad value as it appears in the file (shortened when long).
    pub fn with_value(mut self, value: &str) -> Self {
        self.value = Some(shorten(value).into_boxed_str());
        self
    }

    /// The same problem as a warning: the item was read anyway.
    pub fn demoted(self) -> Self {
        Problem {
            severity: Severity::Warning,
            ..self
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The text after the location: `field \`start\`: "2013-02-30" — day 30 does not exist…`.
    pub fn detail(&self) -> String {
        let mut s = String::new();
        if self.severity == Severity::Warning {
            s.push_str("warning: ");
        }
        if let Some(field) = &self.field {
            s.push_str(&format!("field `{field}`: "));
        }
        if let Some(value) = &self.value {
            s.push_str(value);
            s.push_str(" \u{2014} ");
        }
        s.push_str(&self.message);
        s
    }
}

impl fmt::Display for Problem {
    /// `FILE:LINE:COL: detail` for JSON, `FILE: row N, column "Name": detail` for CSV,
    /// `FILE: 'Sheet name'!A7 (column "Date"): detail` for a spreadsheet cell, `FILE: detail`
    /// for the whole file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::File => write!(f, "{}: {}", self.file, self.detail()),
            Location::Text { line, column } => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.detail())
            }
            Location::Row { row, column: None } => {
                write!(f, "{}: row {row}: {}", self.file, self.detail())
            }
            Location::Row {
                row,
                column: Some(c),
            } => write!(
                f,
                "{}: row {row}, column \"{c}\": {}",
                self.file,
                self.detail()
            ),
            Location::Cell {
                sheet,
                row,
                column: None,
            } => write!(
                f,
                "{}: {} row {row}: {}",
                self.file,
                sheet_reference(sheet),
                self.detail()
            ),
            Location::Cell {
                sheet,
                row,
                column: Some(column),
            } => write!(
                f,
                "{}: {}!{}{row} (column \"{}\"): {}",
                self.file,
                sheet_reference(sheet),
                column_letters(column.index),
                column.header,
                self.detail()
            ),
        }
    }
}

/// Shortens a value for a message, marking the cut with "…".
pub fn shorten(value: &str) -> String {
    match value.char_indices().nth(MAX_VALUE_CHARS) {
        Some((at, _)) => format!("{}\u{2026}", &value[..at]),
        None => value.to_string(),
    }
}

/// `text` cut to `max` characters, marking the cut with "…".
fn cut(mut text: String, max: usize) -> String {
    if let Some((at, _)) = text.char_indices().nth(max) {
        text.truncate(at);
        text.push('\u{2026}');
    }
    text
}

/// A CSV cell or other plain string shown as a value: in double quotes, control characters
/// escaped.
pub fn quoted(value: &str) -> String {
    format!("{:?}", shorten(value).as_str())
}

/// A date error with what was expected, for a problem message.
pub fn date_message(err: &DateError) -> String {
    match err {
        DateError::Day { .. } => format!("{err}; expected a day that exists in that month"),
        DateError::YearOutOfRange(_) => format!("{err}; expected a smaller year"),
        _ => err.to_string(),
    }
}

/// An item the loader left out because it was invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// "event", "era" or "lane".
    pub kind: &'static str,
    /// 1-based position among the file's items of that kind (CSV: the row).
    pub position: usize,
    /// The item's id or headline when it had one.
    pub name: Option<String>,
    pub location: Location,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::Row { row, .. } => write!(f, "{} in row {row}", self.kind)?,
            Location::Cell { sheet, row, .. } => {
                write!(f, "{} in {} row {row}", self.kind, sheet_reference(sheet))?
            }
            Location::Text { line, column } => {
                write!(f, "{} {} at {line}:{column}", self.kind, self.position)?
            }
            Location::File => write!(f, "{} {}", self.kind, self.position)?,
        }
        if let Some(name) = &self.name {
            write!(f, " ({})", quoted(name))?;
        }
        Ok(())
    }
}

/// The file could not be loaded at all; `problems` says why (at least one is an error), and
/// lists everything else found on the way, at most [`MAX_LISTED_PROBLEMS`] of them.
///
/// [`MAX_LISTED_PROBLEMS`]: super::MAX_LISTED_PROBLEMS
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_problems(.file, .problems, *.not_listed))]
pub struct LoadError {
    pub file: String,
    pub problems: Vec<Problem>,
    /// Problems found beyond the listed ones, counted but not listed.
    pub not_listed: usize,
}

impl LoadError {
    /// A failure of the whole file (unreadable, empty, binary…).
    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_string(),
            problems: vec![Problem::error(file, Location::File, message)],
            not_listed: 0,
        }
    }

    pub fn single(problem: Problem) -> Self {
        LoadError {
            file: problem.file.to_string(),
            problems: vec![problem],
            not_listed: 0,
        }
    }
}

fn render_problems(file: &str, problems: &[Problem], not_listed: usize) -> String {
    let mut lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    if not_listed > 0 {
        lines.push(not_listed_line(file, not_listed));
    }
    lines.join("\n")
}

/// `FILE: … and N more problems not listed`.
pub fn not_listed_line(file: &str, not_listed: usize) -> String {
    format!("{file}: \u{2026} and {not_listed} more problems not listed")
}

/// Writing a file failed; nothing was replaced.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{}: cannot write: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: cannot replace the file: {source}", .path.display())]
    Persist {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_problem_reads_like_a_compiler_message() {
        let p = Problem::error(
            "case.json",
            Location::Text {
                line: 12,
                column: 18,
            },
            date_message(&DateError::Day {
                year: 2013,
                month: 2,
                day: 30,
            }),
        )
        .with_field("start")
        .with_value("\"2013-02-30\"");
        assert_eq!(
            p.to_string(),
            "case.json:12:18: field `start`: \"2013-02-30\" \u{2014} day 30 does not exist in \
             2013-02; expected a day that exists in that month"
        );
    }

    #[test]
    fn csv_problem_names_row_and_column() {
        let p = Problem::warning(
            "sheet.csv",
            Location::Row {
                row: 5,
                column: Some("Year".into()),
            },
            "expected a whole number",
        )
        .with_value(&quoted("abc"));
        assert_eq!(
            p.to_string(),
            "sheet.csv: row 5, column \"Year\": warning: \"abc\" \u{2014} expected a whole number"
        );
    }

    #[test]
    fn sheet_cells_read_like_spreadsheet_references() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(sheet_reference("Sheet1"), "Sheet1");
        assert_eq!(sheet_reference("Case timeline"), "'Case timeline'");
        assert_eq!(sheet_reference("Bob's"), "'Bob''s'");
        let p = Problem::error(
            "case.xlsx",
            Location::Cell {
                sheet: "Case timeline".into(),
                row: 7,
                column: Some(SheetColumn::boxed(0, "Date")),
            },
            "expected a date",
        )
        .with_value(&quoted("soon"));
        assert_eq!(
            p.to_string(),
            "case.xlsx: 'Case timeline'!A7 (column \"Date\"): \"soon\" \u{2014} expected a date"
        );
    }

    #[test]
    fn long_values_are_shortened() {
        let long = "x".repeat(200);
        let s = shorten(&long);
        assert_eq!(s.chars().count(), MAX_VALUE_CHARS + 1);
        assert!(s.ends_with('\u{2026}'));
        assert_eq!(shorten("ñandú"), "ñandú");
    }
}
