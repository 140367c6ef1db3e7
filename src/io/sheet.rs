//! Spreadsheets — .xlsx, .xlsm and .ods — read with calamine. The first sheet with a
//! recognisable header row is used (or the one named with `--sheet`); the header is found even
//! below title rows and blank rows; columns are matched, and rows turned into events, by the
//! plain-CSV importer's own [`RowReader`]. Cells:
//! - a date cell is a date at day precision, or minute, second or millisecond precision when
//!   it has a time (Excel's 1900 and 1904 date systems; the 29 February 1900 that Excel's
//!   leap-year bug invented is refused);
//! - a whole number in a date column is a year (1989 typed into a General cell), never
//!   serial day 1989; other numbers there are refused;
//! - text cells go through the same date parser as CSV.
//!
//! A workbook is a zip: before calamine opens it, every member is unpacked once into nothing
//! to measure it, and a workbook that unpacks to more than the file-size limit is refused, so a
//! zip bomb cannot take the memory. Worksheet cells are read one by one (never as one
//! rectangle spanning a stray far cell), and an ODS sheet whose repeated rows and columns would
//! make a rectangle bigger than the limits is refused before calamine builds it.
//!
//! Problems name the sheet and cell: `'Case timeline'!A7 (column "Date")`.

use super::build::{self, Ids, Report};
use super::csv_util::Header;
use super::error::{
    LoadError, Location, Problem, SheetColumn, Skipped, date_message, quoted, sheet_reference,
};
use super::limits::{size_text, too_many_events};
use super::plain_csv::{Cols, RowReader, RowState, TableRow};
use super::progress::PROGRESS_EVERY;
use super::typed_date::{SlashDecision, SlashHint, SlashOrder, Typed};
use super::{Format, Limits, LoadOptions, LoadProgress, Loaded};
use crate::model::{Date, Precision, TimelineMeta};
use calamine::{Data, DataRef, Reader};
use std::io::{Cursor, Read};

/// Non-empty rows searched for the header: title blocks above a table are a few rows.
const HEADER_SEARCH_ROWS: usize = 30;

/// Bytes of memory calamine keeps per cell of an ODS sheet's rectangle (the value, and the
/// formula text it reads beside it).
const ODS_BYTES_PER_CELL: u64 = 64;

/// What a zip or OLE file holds, by its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Ods,
}

/// True for the first bytes of a zip (.xlsx, .ods, .docx…) or OLE (.xls, .doc) file.
pub(crate) fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0")
}

/// The format of a zip or OLE file, or what it is when it is no workbook Chronoscope reads.
pub(crate) fn detect(file: &str, bytes: &[u8], limits: &Limits) -> Result<Format, LoadError> {
    Ok(match inspect(file, bytes, limits)? {
        Kind::Xlsx => Format::Xlsx,
        Kind::Ods => Format::Ods,
    })
}

/// Looks inside the zip: which kind of workbook it is, and that it unpacks within the limit.
fn inspect(file: &str, bytes: &[u8], limits: &Limits) -> Result<Kind, LoadError> {
    let refuse = |what: &str| LoadError::whole_file(file, format!("this is {what}"));
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(refuse(
            "an old binary Office document (an Excel 97–2003 .xls, or a Word .doc), which \
             Chronoscope does not read; expected an .xlsx, .xlsm or .ods workbook — open it in \
             a spreadsheet program and save it as .xlsx",
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        refuse(&format!(
            "a damaged ZIP archive ({e}); expected an .xlsx, .xlsm or .ods workbook — is the \
             file complete?"
        ))
    })?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let kind = if has("xl/workbook.xml") {
        Kind::Xlsx
    } else if has("content.xml") && is_ods_mimetype(&mut zip) {
        Kind::Ods
    } else if has("xl/workbook.bin") {
        return Err(refuse(
            "an Excel binary workbook (.xlsb), which Chronoscope does not read; expected an \
             .xlsx, .xlsm or .ods workbook — save it as .xlsx",
        ));
    } else if names.iter().any(|n| n.starts_with("word/")) {
        return Err(refuse(
            "a Word document (.docx), not a timeline; expected a spreadsheet (.xlsx, .ods), \
             CSV or JSON timeline — copy its table into a spreadsheet",
        ));
    } else {
        return Err(refuse(
            "a ZIP archive that is not a spreadsheet; expected an .xlsx, .xlsm or .ods \
             workbook — unzip it and open the timeline file inside",
        ));
    };
    check_unpacked_size(file, &mut zip, limits)?;
    Ok(kind)
}

/// True when the ODS `mimetype` member names a spreadsheet (a text document has one too).
fn is_ods_mimetype(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> bool {
    let Ok(member) = zip.by_name("mimetype") else {
        // Some writers leave it out; content.xml is checked when the sheet is read.
        return true;
    };
    let mut text = String::new();
    let _ = member.take(200).read_to_string(&mut text);
    text.trim() == "application/vnd.oasis.opendocument.spreadsheet"
}

/// Unpacks every member into nothing, counting bytes, and refuses the workbook as soon as the
/// total passes `limits.max_file_bytes` (the declared sizes are not trusted).
fn check_unpacked_size(
    file: &str,
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<(), LoadError> {
    let max = limits.max_file_bytes;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let member = zip.by_index(i).map_err(|e| {
            LoadError::whole_file(
                file,
                format!("this workbook is damaged ({e}); expected a complete .xlsx or .ods file"),
            )
        })?;
        let left = max.saturating_sub(total);
        let mut limited = member.take(left.saturating_add(1));
        let n = std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| {
            LoadError::whole_file(
                file,
                format!("this workbook is damaged ({e}); expected a complete .xlsx or .ods file"),
            )
        })?;
        total = total.saturating_add(n);
        if total > max {
            return Err(LoadError::whole_file(
                file,
                format!(
                    "this workbook unpacks to more than {}; expected at most {} — is it a zip \
                     bomb? Set {} to a number of bytes to allow more",
                    size_text(max),
                    size_text(max),
                    super::limits::MAX_FILE_BYTES_VAR
                ),
            ));
        }
    }
    Ok(())
}

/// One cell as the rest of the importer sees it.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell, or the date it shows and why it is not one.
    Date(Result<Date, BadDate>),
}

/// A date cell that is no real date: what the spreadsheet shows, and why.
#[derive(Clone, Debug, PartialEq)]
struct BadDate {
    shown: String,
    message: String,
}

impl Cell {
    fn from_ref(data: &DataRef) -> Cell {
        match data {
            DataRef::Empty => Cell::Empty,
            DataRef::String(s) => Cell::text(s),
            DataRef::SharedString(s) => Cell::text(s),
            DataRef::Int(i) => Cell::Number(*i as f64),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
            DataRef::DateTime(dt) if dt.is_datetime() => Cell::Date(excel_date(dt)),
            DataRef::DateTime(dt) => Cell::Number(dt.as_f64()),
            DataRef::DateTimeIso(s) => Cell::iso_date(s),
            DataRef::DurationIso(s) => Cell::text(s),
            DataRef::Error(e) => Cell::Text(format!("#{e:?}")),
        }
    }

    fn from_data(data: &Data) -> Cell {
        match data {
            Data::Empty => Cell::Empty,
            Data::String(s) => Cell::text(s),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
            Data::DateTime(dt) if dt.is_datetime() => Cell::Date(excel_date(dt)),
            Data::DateTime(dt) => Cell::Number(dt.as_f64()),
            Data::DateTimeIso(s) => Cell::iso_date(s),
            Data::DurationIso(s) => Cell::text(s),
            Data::Error(e) => Cell::Text(format!("#{e:?}")),
        }
    }

    fn text(s: &str) -> Cell {
        let s = s.trim();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    /// An ODS date cell (`office:date-value`) at the precision its value shows.
    fn iso_date(s: &str) -> Cell {
        Cell::Date(Date::parse_iso(s).map(cell_precision).map_err(|e| BadDate {
            shown: s.to_string(),
            message: date_message(&e),
        }))
    }

    fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The text a user sees in the cell (dates in ISO).
    fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(Ok(d)) => d.to_iso(),
            Cell::Date(Err(bad)) => bad.shown.clone(),
        }
    }

    fn len(&self) -> usize {
        match self {
            Cell::Text(s) => s.len(),
            _ => 0,
        }
    }
}

/// An ODS date at the precision its value shows, as for Excel cells: `…T00:00:00` (how ODS
/// writes a date with no time) is a day, `…T14:30:00` a minute.
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
fn excel_date(dt: &calamine::ExcelDateTime) -> Result<Date, BadDate> {
    let serial = dt.as_f64();
    // Excel's calendar runs from serial 0 to 31 December 9999.
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return Err(BadDate {
            shown: serial.to_string(),
            message: format!(
                "date serial {serial} is outside Excel's calendar; expected a date from 1900 \
                 to 9999"
            ),
        });
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let shown = format!("{y:04}-{mo:02}-{d:02}");
    if (y, mo, d) == (1900, 2, 29) {
        return Err(BadDate {
            shown,
            message: "29 February 1900 does not exist: Excel's 1900 leap-year bug shows serial \
                      60 as that day; expected a real date — retype the cell"
                .into(),
        });
    }
    let (y, mo, d) = (i32::from(y), u32::from(mo), u32::from(d));
    let date = if (h, mi, s, ms) == (0, 0, 0, 0) {
        Date::day(y, mo, d)
    } else if (s, ms) == (0, 0) {
        Date::time(y, mo, d, h.into(), mi.into(), None)
    } else {
        Date::time(y, mo, d, h.into(), mi.into(), Some(s.into())).and_then(|t| {
            if ms == 0 {
                Ok(t)
            } else {
                t.with_fraction(u32::from(ms) * 1_000_000, 3)
            }
        })
    };
    date.map_err(|e| BadDate {
        shown,
        message: date_message(&e),
    })
}

/// One non-empty sheet row: its 1-based number and its cells from column A.
struct GridRow {
    row: usize,
    cells: Vec<Cell>,
}

/// The non-empty rows of one sheet.
struct Grid {
    name: String,
    rows: Vec<GridRow>,
}

/// Where a sheet's reading stopped at a limit (boxed: the usual result is `Ok`).
struct GridLimit(Box<Problem>);

impl Grid {
    /// The first row (among the first [`HEADER_SEARCH_ROWS`]) whose texts name a start and a
    /// title column, as a header with its columns.
    fn find_header(&self, file: &str) -> Option<(usize, Header, Cols)> {
        self.rows
            .iter()
            .enumerate()
            .take(HEADER_SEARCH_ROWS)
            .find_map(|(i, row)| {
                let names = row.cells.iter().map(Cell::shown).collect();
                let header = Header::from_names(names, row.row);
                let cols = Cols::find(file, &header).ok()?;
                Some((i, header, cols))
            })
    }
}

/// Collects cells (0-based row, column) in sheet order into rows, within the limits: at most
/// `max_events` rows below the header search, `max_columns` columns.
struct GridBuilder<'a> {
    file: &'a str,
    sheet: &'a str,
    limits: &'a Limits,
    progress: &'a LoadProgress,
    rows: Vec<GridRow>,
}

impl<'a> GridBuilder<'a> {
    fn push(&mut self, row: u32, column: u32, cell: Cell) -> Result<(), GridLimit> {
        if cell.is_empty() {
            return Ok(());
        }
        let row = row as usize + 1;
        let column = column as usize;
        let at = |column: Option<Box<SheetColumn>>| Location::Cell {
            sheet: self.sheet.into(),
            row,
            column,
        };
        if column >= self.limits.max_columns {
            return Err(GridLimit(Box::new(Problem::error(
                self.file,
                at(Some(SheetColumn::boxed(column as u32, ""))),
                format!(
                    "a cell in column {}; expected at most {} columns — is this a timeline \
                     sheet?",
                    column + 1,
                    self.limits.max_columns
                ),
            ))));
        }
        if self.rows.last().is_none_or(|r| r.row != row) {
            if self.rows.len() > self.limits.max_events.saturating_add(HEADER_SEARCH_ROWS) {
                return Err(GridLimit(Box::new(too_many_events(
                    self.file,
                    at(None),
                    self.limits.max_events,
                ))));
            }
            if self.rows.len().is_multiple_of(PROGRESS_EVERY) && self.progress.is_cancelled() {
                return Err(GridLimit(Box::new(Problem::error(
                    self.file,
                    Location::File,
                    "loading was cancelled",
                ))));
            }
            self.rows.push(GridRow {
                row,
                cells: Vec::new(),
            });
        }
        let cells = &mut self.rows.last_mut().expect("pushed above").cells;
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        cells[column] = cell;
        Ok(())
    }

    fn finish(mut self) -> Grid {
        // Cells come row by row from both readers; sort in case a writer did not.
        if !self.rows.is_sorted_by_key(|r| r.row) {
            self.rows.sort_by_key(|r| r.row);
        }
        Grid {
            name: self.sheet.to_string(),
            rows: self.rows,
        }
    }
}

/// An open workbook of either kind.
enum Book<'b> {
    Xlsx(Box<calamine::Xlsx<Cursor<&'b [u8]>>>),
    Ods(calamine::Ods<Cursor<&'b [u8]>>),
}

impl<'b> Book<'b> {
    fn open(file: &str, bytes: &'b [u8], kind: Kind, limits: &Limits) -> Result<Self, LoadError> {
        let damaged = |e: String| {
            LoadError::whole_file(
                file,
                format!(
                    "this spreadsheet cannot be read ({e}); expected an .xlsx, .xlsm or .ods \
                     workbook — is it password-protected or damaged?"
                ),
            )
        };
        match kind {
            Kind::Xlsx => calamine::Xlsx::new(Cursor::new(bytes))
                .map(|book| Book::Xlsx(Box::new(book)))
                .map_err(|e| damaged(e.to_string())),
            Kind::Ods => {
                check_ods_area(file, bytes, limits)?;
                calamine::Ods::new(Cursor::new(bytes))
                    .map(Book::Ods)
                    .map_err(|e| damaged(e.to_string()))
            }
        }
    }

    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    /// The non-empty rows of a sheet, read within the limits.
    fn grid(&mut self, builder: GridBuilder) -> Result<Grid, LoadError> {
        let file = builder.file;
        let sheet = builder.sheet.to_string();
        let cannot = |e: String| {
            LoadError::whole_file(
                file,
                format!("cannot read sheet {}: {e}", sheet_reference(&sheet)),
            )
        };
        let limited = |GridLimit(p): GridLimit| LoadError::single(*p);
        let mut builder = builder;
        match self {
            Book::Xlsx(book) => {
                let mut cells = book
                    .worksheet_cells_reader(&sheet)
                    .map_err(|e| cannot(e.to_string()))?;
                while let Some(cell) = cells.next_cell().map_err(|e| cannot(e.to_string()))? {
                    let (row, column) = cell.get_position();
                    builder
                        .push(row, column, Cell::from_ref(cell.get_value()))
                        .map_err(limited)?;
                }
            }
            Book::Ods(book) => {
                let range = book
                    .worksheet_range(&sheet)
                    .map_err(|e| cannot(e.to_string()))?;
                for (row, column, data) in range.used_cells() {
                    let (r0, c0) = range.start().unwrap_or((0, 0));
                    builder
                        .push(r0 + row as u32, c0 + column as u32, Cell::from_data(data))
                        .map_err(limited)?;
                }
            }
        }
        Ok(builder.finish())
    }
}

/// Refuses an ODS file whose sheets, with their repeated rows and columns spelled out, would
/// make calamine hold more cells than the file-size limit allows. The bound counts every row
/// up to a sheet's last one with content, times the widest such row.
fn check_ods_area(file: &str, bytes: &[u8], limits: &Limits) -> Result<(), LoadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| LoadError::whole_file(file, format!("cannot read the workbook: {e}")))?;
    let mut content = Vec::new();
    zip.by_name("content.xml")
        .and_then(|m| {
            m.take(limits.max_file_bytes)
                .read_to_end(&mut content)
                .map_err(Into::into)
        })
        .map_err(|e| LoadError::whole_file(file, format!("cannot read the workbook: {e}")))?;
    let area = ods_area(&content);
    let max_cells = limits.max_file_bytes / ODS_BYTES_PER_CELL;
    if area > max_cells {
        return Err(LoadError::whole_file(
            file,
            format!(
                "this spreadsheet's repeated rows and columns span {area} cells; expected at \
                 most {max_cells} — delete the empty rows and columns between the data, or set \
                 {} to a number of bytes to allow more",
                super::limits::MAX_FILE_BYTES_VAR
            ),
        ));
    }
    Ok(())
}

/// An upper bound of the cells calamine spells out for an ODS `content.xml`: per table, the
/// rows up to the last row with content times the widest row with content, summed.
fn ods_area(content: &[u8]) -> u64 {
    use quick_xml::events::Event as Xml;
    let mut reader = quick_xml::Reader::from_reader(content);
    let repeat = |e: &quick_xml::events::BytesStart, name: &[u8]| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let has_value = |e: &quick_xml::events::BytesStart| {
        e.attributes()
            .flatten()
            .any(|a| a.key.as_ref() == b"office:value-type")
    };
    let (mut total, mut rows, mut rows_with_content, mut width) = (0u64, 0u64, 0u64, 0u64);
    let (mut row_repeat, mut column, mut row_width) = (1u64, 0u64, 0u64);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Xml::Start(e)) | Ok(Xml::Empty(e)) if e.name().as_ref() == b"table:table" => {
                total = total.saturating_add(rows_with_content.saturating_mul(width));
                (rows, rows_with_content, width) = (0, 0, 0);
            }
            Ok(Xml::Start(e)) if e.name().as_ref() == b"table:table-row" => {
                row_repeat = repeat(&e, b"table:number-rows-repeated");
                (column, row_width) = (0, 0);
            }
            Ok(Xml::Empty(e)) if e.name().as_ref() == b"table:table-row" => {
                rows = rows.saturating_add(repeat(&e, b"table:number-rows-repeated"));
            }
            Ok(Xml::End(e)) if e.name().as_ref() == b"table:table-row" => {
                rows = rows.saturating_add(row_repeat);
                if row_width > 0 {
                    rows_with_content = rows;
                    width = width.max(row_width);
                }
            }
            Ok(Xml::Start(e))
                if matches!(
                    e.name().as_ref(),
                    b"table:table-cell" | b"table:covered-table-cell"
                ) =>
            {
                column = column.saturating_add(repeat(&e, b"table:number-columns-repeated"));
                // A cell with children (text) has content even without a value type.
                row_width = column;
            }
            Ok(Xml::Empty(e))
                if matches!(
                    e.name().as_ref(),
                    b"table:table-cell" | b"table:covered-table-cell"
                ) =>
            {
                column = column.saturating_add(repeat(&e, b"table:number-columns-repeated"));
                if has_value(&e) {
                    row_width = column;
                }
            }
            Ok(Xml::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    total.saturating_add(rows_with_content.saturating_mul(width))
}

/// The names of a workbook's sheets (for the app's sheet choice); empty when it is none.
pub fn sheet_names(file: &str, bytes: &[u8]) -> Vec<String> {
    let limits = Limits::default();
    inspect(file, bytes, &limits)
        .and_then(|kind| Book::open(file, bytes, kind, &limits))
        .map(|book| book.sheet_names())
        .unwrap_or_default()
}

/// What [`read`] needs besides the bytes.
pub(crate) struct SheetInput<'a> {
    pub file: &'a str,
    pub stem: &'a str,
    pub progress: &'a LoadProgress,
    pub limits: &'a Limits,
    pub options: &'a LoadOptions,
}

/// Reads a spreadsheet.
pub(crate) fn read(input: &SheetInput, bytes: &[u8]) -> Result<Loaded, LoadError> {
    let file = input.file;
    let kind = inspect(file, bytes, input.limits)?;
    let format = match kind {
        Kind::Xlsx => Format::Xlsx,
        Kind::Ods => Format::Ods,
    };
    let mut book = Book::open(file, bytes, kind, input.limits)?;
    let names = book.sheet_names();
    let wanted: Vec<String> = match &input.options.sheet {
        Some(name) if !names.contains(name) => {
            return Err(LoadError::whole_file(
                file,
                format!(
                    "there is no sheet named {}; expected one of: {}",
                    quoted(name),
                    names
                        .iter()
                        .map(|n| quoted(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        Some(name) => vec![name.clone()],
        None => names,
    };
    let mut looked_at = Vec::new();
    for name in &wanted {
        let grid = book.grid(GridBuilder {
            file,
            sheet: name,
            limits: input.limits,
            progress: input.progress,
            rows: Vec::new(),
        })?;
        let Some((header_index, header, cols)) = grid.find_header(file) else {
            looked_at.push(sheet_reference(name));
            continue;
        };
        let table = Table {
            grid: &grid,
            header_index,
            header: &header,
            cols: &cols,
        };
        return read_table(input, format, &table);
    }
    Err(no_header(file, &wanted, &looked_at))
}

/// The error for a workbook where no sheet has a header row.
fn no_header(file: &str, wanted: &[String], looked_at: &[String]) -> LoadError {
    let message = format!(
        "no header row found in {} (searched the first {HEADER_SEARCH_ROWS} rows of {}); \
         expected a row naming the columns, with a start date (\"Date\", \"Start\", \"When\") \
         and a title (\"Title\", \"Event\", \"Headline\")",
        if wanted.len() == 1 {
            "the sheet"
        } else {
            "any sheet"
        },
        if looked_at.is_empty() {
            "no sheet".to_string()
        } else {
            looked_at.join(", ")
        }
    );
    let location = match wanted {
        [only] => Location::Cell {
            sheet: only.as_str().into(),
            row: 1,
            column: None,
        },
        _ => Location::File,
    };
    LoadError::single(Problem::error(file, location, message))
}

/// A sheet's rows with the header found in them.
struct Table<'t> {
    grid: &'t Grid,
    /// Index in `grid.rows` of the header row.
    header_index: usize,
    header: &'t Header,
    cols: &'t Cols,
}

/// A spreadsheet row as a [`TableRow`].
struct SheetRow<'g> {
    table: &'g Table<'g>,
    index: usize,
    texts: Vec<String>,
}

impl TableRow for SheetRow<'_> {
    fn cell(&self, i: usize) -> &str {
        self.texts.get(i).map_or("", String::as_str)
    }

    fn typed_date(&self, i: usize) -> Option<Result<Typed, String>> {
        if !self.table.cols.date_columns().contains(&Some(i)) {
            return None;
        }
        let typed = |date| Typed {
            date,
            circa: false,
            until: None,
            slash: SlashHint::None,
        };
        match self.table.grid.rows[self.index].cells.get(i)? {
            Cell::Date(Ok(date)) => Some(Ok(typed(*date))),
            Cell::Date(Err(bad)) => Some(Err(bad.message.clone())),
            Cell::Number(n) if n.fract() == 0.0 && (1.0..=9999.0).contains(&n.abs()) => {
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
            sheet: self.table.grid.name.as_str().into(),
            row: self.row(),
            column: column.map(|i| {
                let name = self.table.header.names.get(i).map_or("", String::as_str);
                SheetColumn::boxed(i as u32, name)
            }),
        }
    }

    fn row(&self) -> usize {
        self.table.grid.rows[self.index].row
    }
}

/// The header's warnings (renamed columns) located at their sheet cells.
fn header_warnings(table: &Table) -> Vec<Problem> {
    table
        .cols
        .renamed_columns
        .iter()
        .map(|p| {
            let column = match &p.location {
                Location::Row {
                    column: Some(name), ..
                } => table
                    .header
                    .names
                    .iter()
                    .position(|n| n.as_str() == &**name)
                    .map(|i| SheetColumn::boxed(i as u32, name)),
                _ => None,
            };
            let mut p = p.clone();
            p.location = Location::Cell {
                sheet: table.grid.name.as_str().into(),
                row: table.header.row,
                column,
            };
            p
        })
        .collect()
}

/// An error about a row whose cell is over the size limit.
fn oversized_cell(row: &SheetRow, limits: &Limits) -> Option<Problem> {
    let cells = &row.table.grid.rows[row.index].cells;
    let (i, cell) = cells
        .iter()
        .enumerate()
        .find(|(_, c)| c.len() > limits.max_cell_bytes)?;
    Some(
        Problem::error(
            "",
            row.location(Some(i)),
            format!(
                "a cell of {} bytes; expected at most {} bytes per cell",
                cell.len(),
                limits.max_cell_bytes
            ),
        )
        .with_value(&quoted(row.cell(i))),
    )
}

/// Reads the rows below the header; reads again day first when the sheet's slashed text dates
/// say so.
fn read_table(input: &SheetInput, format: Format, table: &Table) -> Result<Loaded, LoadError> {
    let file = input.file;
    let mut order = input.options.slash_order;
    loop {
        let reader = RowReader::new(file, table.cols, order);
        let mut report = Report::new(file);
        header_warnings(table)
            .into_iter()
            .for_each(|p| report.push(p));
        let mut state = RowState::default();
        let mut events = Vec::new();
        let mut rows = Vec::new();
        for index in table.header_index + 1..table.grid.rows.len() {
            let cells = &table.grid.rows[index].cells;
            let row = SheetRow {
                table,
                index,
                texts: cells.iter().map(Cell::shown).collect(),
            };
            if let Some(mut p) = oversized_cell(&row, input.limits) {
                p.file = file.into();
                report.push(p);
                report.skip(Skipped {
                    kind: "event",
                    position: row.row(),
                    name: None,
                    location: row.location(None),
                });
                continue;
            }
            match reader.event(&row, &mut state) {
                Ok(mut event) => {
                    if event.id().is_empty() {
                        event.set_id(&format!("r{}", row.row()));
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
            if (index - table.header_index).is_multiple_of(PROGRESS_EVERY) {
                input.progress.add_events(PROGRESS_EVERY);
            }
        }
        let votes = std::mem::take(&mut state.votes);
        if order == SlashOrder::Detect && votes.settle(&mut report)? == SlashDecision::ReadDayFirst
        {
            order = SlashOrder::DayFirst;
            continue;
        }
        let meta = TimelineMeta {
            title: input.stem.to_string(),
            ..Default::default()
        };
        let sheet: Box<str> = table.grid.name.as_str().into();
        let id_column = table.cols.id().map(|i| {
            let name = table.header.names.get(i).map_or("", String::as_str);
            SheetColumn::boxed(i as u32, name)
        });
        let locate = |i: usize| Location::Cell {
            sheet: sheet.clone(),
            row: rows[i],
            column: id_column.clone(),
        };
        let ids = if table.cols.id().is_some() {
            Ids::FromFile
        } else {
            Ids::Numbered
        };
        return build::finish(format, meta, state.lanes, events, ids, report, &locate).map(
            |mut l| {
                l.sheet = Some(table.grid.name.clone());
                l
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_follow_both_date_systems_and_the_1900_bug() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let iso = |v: f64, is_1904: bool| {
            excel_date(&ExcelDateTime::new(v, DateTime, is_1904)).map(|d| d.to_iso())
        };
        assert_eq!(iso(1.0, false), Ok("1900-01-01".into()));
        assert_eq!(iso(59.0, false), Ok("1900-02-28".into()));
        let bug = iso(60.0, false).unwrap_err();
        assert_eq!(bug.shown, "1900-02-29");
        assert!(bug.message.contains("leap-year bug"));
        assert_eq!(iso(61.0, false), Ok("1900-03-01".into()));
        assert_eq!(iso(31_085.0, false), Ok("1985-02-07".into()));
        assert_eq!(iso(29_623.0, true), Ok("1985-02-07".into()));
        assert_eq!(
            iso(31_085.604_166_666_7, false),
            Ok("1985-02-07T14:30".into())
        );
        assert_eq!(
            iso(31_085.604_178_240_7, false),
            Ok("1985-02-07T14:30:01".into())
        );
        assert!(iso(-1.0, false).is_err());
    }

    #[test]
    fn ods_area_counts_repeats_up_to_the_last_row_with_content() {
        let xml = br#"<office:body><table:table table:name="S">
            <table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"/></table:table-row>
            <table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
            <table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
            </table:table></office:body>"#;
        // 1002 rows up to the last with content, 3 columns wide at most.
        assert_eq!(ods_area(xml), 1002 * 3);
    }
}
