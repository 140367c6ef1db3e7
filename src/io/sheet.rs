//! Spreadsheets — .xlsx, .xlsm, .xlsb, .ods and old .xls — read with calamine. The first
//! sheet with a recognisable header row is used (or the one named with `--sheet`); the header
//! is found even below title rows and blank rows; columns are matched, and rows turned into
//! events, by the plain-CSV importer's own [`RowReader`]. Cells:
//! - a date cell is a date at day precision, or minute, second or millisecond precision when
//!   it has a time (Excel's 1900 and 1904 date systems; the 29 February 1900 that Excel's
//!   leap-year bug invented is refused);
//! - a whole number in a date column is a year (1989 typed into a General cell), never
//!   serial day 1989; other numbers there are refused;
//! - text cells go through the same date parser as CSV.
//!
//! Problems name the sheet and cell: `'Case timeline'!A7 (column "Date")`.

use super::build::{self, Lanes, Report};
use super::csv_util::Header;
use super::error::{LoadError, Location, Problem, Skipped, quoted, sheet_reference};
use super::plain_csv::{Cols, RowReader, TableRow};
use super::typed_date::{SlashDecision, SlashOrder, SlashHint, SlashVotes, Typed};
use super::{Format, LoadOptions, Loaded};
use crate::model::{Date, Precision, TimelineMeta};
use calamine::{Data, Reader};
use std::io::Cursor;

/// Rows searched for the header: title blocks above a table are a few rows, not dozens.
const HEADER_SEARCH_ROWS: usize = 30;

/// The kind of spreadsheet, for messages and `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetKind {
    Xlsx,
    Xls,
    Xlsb,
    Ods,
}

/// One cell as the rest of the importer sees it.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(Result<Date, String>),
}

impl Cell {
    fn from_data(data: &Data) -> Cell {
        match data {
            Data::Empty => Cell::Empty,
            Data::String(s) => Cell::Text(s.trim().to_string()),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
            Data::DateTime(dt) if dt.is_datetime() => Cell::Date(excel_date(dt)),
            Data::DateTime(dt) => Cell::Text(dt.as_f64().to_string()),
            Data::DateTimeIso(s) => Cell::Date(
                Date::parse_iso(s)
                    .map(cell_precision)
                    .map_err(|e| super::error::date_message(&e)),
            ),
            Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Error(e) => Cell::Text(format!("#{e:?}")),
        }
    }

    /// The text a user sees in the cell (dates in ISO).
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(Ok(d)) => d.to_iso(),
            Cell::Date(Err(_)) => String::new(),
        }
    }
}

/// An ODS date cell at the precision its value shows, as for Excel cells: `…T00:00:00` (how
/// ODS writes a date with no time) is a day, `…T14:30:00` a minute.
fn cell_precision(date: Date) -> Date {
    let (h, m, s) = date.hms();
    if date.precision() != Precision::Second {
        date
    } else if (h, m, s) == (0, 0, 0) {
        date.truncated(Precision::Day)
    } else if s == 0 {
        date.truncated(Precision::Minute)
    } else {
        date
    }
}

/// An Excel date-time cell: day precision at midnight, else minute, second or millisecond.
fn excel_date(dt: &calamine::ExcelDateTime) -> Result<Date, String> {
    let serial = dt.as_f64();
    if !serial.is_finite() || serial < 0.0 {
        return Err(format!(
            "date serial {serial} is before Excel's calendar begins; expected a date from 1900 on"
        ));
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    if (y, mo, d) == (1900, 2, 29) {
        return Err("29 February 1900 does not exist: Excel's 1900 leap-year bug shows serial \
                    60 as that day; expected a real date — retype the cell"
            .into());
    }
    let (y, mo, d) = (y as i32, mo as u32, d as u32);
    let date = if (h, mi, s, ms) == (0, 0, 0, 0) {
        Date::day(y, mo, d)
    } else if (s, ms) == (0, 0) {
        Date::time(y, mo, d, h as u32, mi as u32, None)
    } else {
        Date::time(y, mo, d, h as u32, mi as u32, Some(s as u32))
            .and_then(|t| if ms == 0 { Ok(t) } else { t.with_fraction(ms as u32 * 1_000_000, 3) })
    };
    date.map_err(|e| super::error::date_message(&e))
}

/// One sheet's rows as cells, with where they start.
struct Grid {
    name: String,
    /// 0-based sheet row and column of `cells[0][0]`.
    first_row: usize,
    first_column: u32,
    cells: Vec<Vec<Cell>>,
}

impl Grid {
    fn from_range(name: &str, range: &calamine::Range<Data>) -> Grid {
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        Grid {
            name: name.to_string(),
            first_row: first_row as usize,
            first_column,
            cells: range
                .rows()
                .map(|r| r.iter().map(Cell::from_data).collect())
                .collect(),
        }
    }

    /// The 1-based sheet row of `cells[i]`.
    fn sheet_row(&self, i: usize) -> usize {
        self.first_row + i + 1
    }

    /// The first row (within [`HEADER_SEARCH_ROWS`]) whose texts name a start and a title
    /// column, as a header with its columns.
    fn find_header(&self) -> Option<(usize, Header, Cols)> {
        self.cells
            .iter()
            .enumerate()
            .take(HEADER_SEARCH_ROWS)
            .find_map(|(i, row)| {
                let names = row.iter().map(Cell::text).collect();
                let header = Header::from_names(names, self.sheet_row(i));
                let cols = Cols::find(&header).ok()?;
                Some((i, header, cols))
            })
    }
}

/// A spreadsheet row as a [`TableRow`].
struct SheetRow<'g> {
    grid: &'g Grid,
    header: &'g Header,
    index: usize,
    texts: Vec<String>,
    date_columns: [Option<usize>; 2],
}

impl TableRow for SheetRow<'_> {
    fn cell(&self, i: usize) -> &str {
        self.texts.get(i).map_or("", String::as_str)
    }

    fn typed_date(&self, i: usize) -> Option<Result<Typed, String>> {
        if !self.date_columns.contains(&Some(i)) {
            return None;
        }
        let typed = |date| Typed {
            date,
            circa: false,
            until: None,
            slash: SlashHint::None,
        };
        match self.grid.cells[self.index].get(i)? {
            Cell::Date(Ok(date)) => Some(Ok(typed(*date))),
            Cell::Date(Err(message)) => Some(Err(message.clone())),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() <= 9999.0 && *n != 0.0 => {
                Some(Date::year(*n as i32).map(typed).map_err(|e| e.to_string()))
            }
            Cell::Number(n) => Some(Err(format!(
                "the number {n} is not a date; expected a date cell, or a year such as 1989 \
                 — format the column as Date in the spreadsheet"
            ))),
            Cell::Empty | Cell::Text(_) => None,
        }
    }

    fn location(&self, column: Option<usize>) -> Location {
        Location::Cell {
            sheet: self.grid.name.as_str().into(),
            row: self.row(),
            column: column.map(|i| {
                let name = self.header.names.get(i).map_or("", String::as_str);
                (self.grid.first_column + i as u32, name.into())
            }),
        }
    }

    fn row(&self) -> usize {
        self.grid.sheet_row(self.index)
    }
}

/// What the file looked like to calamine.
fn open(bytes: &[u8]) -> Result<calamine::Sheets<Cursor<&[u8]>>, String> {
    calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())
}

/// True when calamine can open the bytes as a workbook.
pub(crate) fn kind_of(bytes: &[u8]) -> Option<SheetKind> {
    match open(bytes).ok()? {
        calamine::Sheets::Xlsx(_) => Some(SheetKind::Xlsx),
        calamine::Sheets::Xls(_) => Some(SheetKind::Xls),
        calamine::Sheets::Xlsb(_) => Some(SheetKind::Xlsb),
        calamine::Sheets::Ods(_) => Some(SheetKind::Ods),
    }
}

/// The names of a workbook's sheets (for the app's sheet choice).
pub fn sheet_names(bytes: &[u8]) -> Vec<String> {
    open(bytes).map(|w| w.sheet_names()).unwrap_or_default()
}

/// Reads a spreadsheet.
pub(crate) fn read(
    file: &str,
    stem: &str,
    bytes: &[u8],
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let mut workbook = open(bytes).map_err(|e| {
        LoadError::whole_file(
            file,
            format!(
                "this looks like a spreadsheet but cannot be read ({e}); expected an .xlsx, \
                 .xlsm, .ods or .xls workbook — is it password-protected or damaged?"
            ),
        )
    })?;
    let format = match workbook {
        calamine::Sheets::Ods(_) => Format::Ods,
        _ => Format::Xlsx,
    };
    let names = workbook.sheet_names();
    let wanted: Vec<String> = match &options.sheet {
        Some(name) => {
            if !names.contains(name) {
                return Err(LoadError::whole_file(
                    file,
                    format!(
                        "there is no sheet named {}; expected one of: {}",
                        quoted(name),
                        names.iter().map(|n| quoted(n)).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            vec![name.clone()]
        }
        None => names.clone(),
    };
    let mut looked_at = Vec::new();
    for name in &wanted {
        let range = workbook.worksheet_range(name).map_err(|e| {
            LoadError::whole_file(file, format!("cannot read sheet {}: {e}", quoted(name)))
        })?;
        let grid = Grid::from_range(name, &range);
        drop(range);
        let Some((header_index, header, cols)) = grid.find_header() else {
            looked_at.push(sheet_reference(name));
            continue;
        };
        return read_grid(file, stem, format, &grid, header_index, &header, &cols, options);
    }
    let message = format!(
        "no header row found in {} (searched the first {HEADER_SEARCH_ROWS} rows of {}); \
         expected a row naming the columns, with a start date (\"Date\", \"Start\", \"When\") \
         and a title (\"Title\", \"Event\", \"Headline\")",
        if wanted.len() == 1 { "the sheet" } else { "any sheet" },
        looked_at.join(", ")
    );
    let location = match wanted.as_slice() {
        [only] => Location::Cell {
            sheet: only.as_str().into(),
            row: 1,
            column: None,
        },
        _ => Location::File,
    };
    Err(LoadError::single(Problem::error(file, location, message)))
}

/// Reads the rows below the header; reads again day first when the file's slashed text dates
/// say so.
#[allow(clippy::too_many_arguments)]
fn read_grid(
    file: &str,
    stem: &str,
    format: Format,
    grid: &Grid,
    header_index: usize,
    header: &Header,
    cols: &Cols,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let mut order = options.slash_order;
    loop {
        let reader = RowReader::new(file, header, cols, order);
        let mut report = Report::new(file);
        let mut votes = SlashVotes::default();
        let mut lanes = Lanes::default();
        let mut events = Vec::new();
        let mut rows = Vec::new();
        for index in header_index + 1..grid.cells.len() {
            let cells = &grid.cells[index];
            if cells.iter().all(|c| matches!(c, Cell::Empty) || c.text().is_empty()) {
                continue;
            }
            let row = SheetRow {
                grid,
                header,
                index,
                texts: cells.iter().map(Cell::text).collect(),
                date_columns: cols.date_columns(),
            };
            match reader.event(&row, &mut lanes, &mut votes) {
                Ok(mut event) => {
                    if event.id.is_empty() {
                        event.id = format!("r{}", row.row());
                    }
                    events.push(event);
                    rows.push(row.row());
                }
                Err((name, problems)) => {
                    problems.into_iter().for_each(|p| report.push(p));
                    report.skip(Skipped {
                        kind: "event",
                        position: row.row(),
                        name,
                        location: row.location(None),
                    });
                }
            }
        }
        if votes.settle(&mut report)? == SlashDecision::ReadDayFirst {
            order = SlashOrder::DayFirst;
            continue;
        }
        let meta = TimelineMeta {
            title: stem.to_string(),
            ..Default::default()
        };
        let sheet: Box<str> = grid.name.as_str().into();
        let locate = |i: usize| Location::Cell {
            sheet: sheet.clone(),
            row: rows[i],
            column: None,
        };
        return build::finish(format, meta, lanes, events, report, &locate);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_follow_both_date_systems_and_the_1900_bug() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let iso = |v: f64, is_1904: bool| excel_date(&ExcelDateTime::new(v, DateTime, is_1904));
        assert_eq!(iso(1.0, false).map(|d| d.to_iso()), Ok("1900-01-01".into()));
        assert_eq!(iso(59.0, false).map(|d| d.to_iso()), Ok("1900-02-28".into()));
        assert!(iso(60.0, false).unwrap_err().contains("leap-year bug"));
        assert_eq!(iso(61.0, false).map(|d| d.to_iso()), Ok("1900-03-01".into()));
        assert_eq!(iso(31_085.0, false).map(|d| d.to_iso()), Ok("1985-02-07".into()));
        assert_eq!(iso(29_623.0, true).map(|d| d.to_iso()), Ok("1985-02-07".into()));
        assert_eq!(
            iso(31_085.604_166_666_7, false).map(|d| d.to_iso()),
            Ok("1985-02-07T14:30".into())
        );
        assert_eq!(
            iso(31_085.604_178_240_7, false).map(|d| d.to_iso()),
            Ok("1985-02-07T14:30:01".into())
        );
        assert!(iso(-1.0, false).is_err());
    }
}
