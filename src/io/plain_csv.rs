//! Plain CSV as people make it in a spreadsheet: one event per row, columns found by header
//! name (case, spaces, `_` and `-` ignored) among common synonyms. Dates as people type them
//! ([`typed_date`](super::typed_date)), slashed ones read in the order the file settles.
//! Columns it does not know are kept as extra fields. The synonyms are listed in the README.
//! The row-to-event mapping ([`RowReader`]) is shared with the spreadsheet importer, whose
//! rows are [`TableRow`]s too.
//!
//! | role        | header names (any case)                                                  |
//! |-------------|---------------------------------------------------------------------------|
//! | start *     | start, start date, date, begin, begin date, from, datetime, when          |
//! | end         | end, end date, to, until, finish, stop                                    |
//! | title *     | title, headline, name, event, event name, label, summary, what            |
//! | description | description, desc, text, details, notes, note, body, content              |
//! | lane        | lane, group, category, track, swimlane, layer                             |
//! | tags        | tags, tag, labels, keywords — split on `;` or `\|` (commas stay in a tag) |
//! | url         | url, link, source, source url, href, sources, links, urls — split on      |
//! |             | spaces, `;` or `\|`                                                       |
//! | id          | id, event id, uid, key                                                    |
//! | color       | color, colour                                                             |
//! | circa       | circa, approximate, approx, fuzzy, estimated — true/yes/1/x               |
//! | time        | time, start time (joined to a day-precision start); end time              |
//! | other       | display date, publisher, source title                                     |

use super::build::{self, Lanes, NO_LANE, Report};
use super::csv_util::{FLAG_FORMS, Header, Rows, parse_flag};
use super::error::{LoadError, Location, Problem, Skipped, date_message, quoted};
use super::typed_date::{
    DATE_FORMS, SlashDecision, SlashOrder, SlashVotes, Typed, parse_time, parse_typed,
};
use super::{Format, Input, Loaded};
use crate::model::{Date, Event, Extra, Precision, Source, TimelineMeta};
use serde_json::Value;

const START: &[&str] = &[
    "start",
    "startdate",
    "date",
    "begin",
    "begindate",
    "from",
    "datetime",
    "when",
];
const END: &[&str] = &["end", "enddate", "to", "until", "finish", "stop"];
const TITLE: &[&str] = &[
    "title",
    "headline",
    "name",
    "event",
    "eventname",
    "label",
    "summary",
    "what",
];
const DESCRIPTION: &[&str] = &[
    "description",
    "desc",
    "text",
    "details",
    "notes",
    "note",
    "body",
    "content",
];
const LANE: &[&str] = &["lane", "group", "category", "track", "swimlane", "layer"];
const TAGS: &[&str] = &["tags", "tag", "labels", "keywords"];
const URL: &[&str] = &[
    "url",
    "link",
    "source",
    "sourceurl",
    "href",
    "sources",
    "links",
    "urls",
];
const ID: &[&str] = &["id", "eventid", "uid", "key"];
const COLOR: &[&str] = &["color", "colour"];
const CIRCA: &[&str] = &["circa", "approximate", "approx", "fuzzy", "estimated"];
const TIME: &[&str] = &["time", "starttime"];
const END_TIME: &[&str] = &["endtime"];
const DISPLAY_DATE: &[&str] = &["displaydate"];
const PUBLISHER: &[&str] = &["publisher", "sourcepublisher"];
const SOURCE_TITLE: &[&str] = &["sourcetitle"];

/// Where each role's column is, found from the header names.
pub(crate) struct Cols {
    start: usize,
    title: usize,
    end: Option<usize>,
    description: Option<usize>,
    lane: Option<usize>,
    tags: Option<usize>,
    url: Option<usize>,
    id: Option<usize>,
    color: Option<usize>,
    circa: Option<usize>,
    time: Option<usize>,
    end_time: Option<usize>,
    display_date: Option<usize>,
    publisher: Option<usize>,
    source_title: Option<usize>,
}

impl Cols {
    fn known(&self) -> [Option<usize>; 15] {
        [
            Some(self.start),
            Some(self.title),
            self.end,
            self.description,
            self.lane,
            self.tags,
            self.url,
            self.id,
            self.color,
            self.circa,
            self.time,
            self.end_time,
            self.display_date,
            self.publisher,
            self.source_title,
        ]
    }
}

impl Cols {
    /// The columns of a header row; `Err` says which required column is missing.
    pub(crate) fn find(header: &Header) -> Result<Cols, String> {
        let found = header.names.join(", ");
        let need = |synonyms: &[&str], what: &str| {
            header.find(synonyms).ok_or_else(|| {
                format!(
                    "no {what} column; expected a header named {} (the header row has: {found})",
                    synonyms
                        .iter()
                        .take(4)
                        .map(|s| format!("\"{s}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
        };
        Ok(Cols {
            start: need(START, "start-date")?,
            title: need(TITLE, "title")?,
            end: header.find(END),
            description: header.find(DESCRIPTION),
            lane: header.find(LANE),
            tags: header.find(TAGS),
            url: header.find(URL),
            id: header.find(ID),
            color: header.find(COLOR),
            circa: header.find(CIRCA),
            time: header.find(TIME),
            end_time: header.find(END_TIME),
            display_date: header.find(DISPLAY_DATE),
            publisher: header.find(PUBLISHER),
            source_title: header.find(SOURCE_TITLE),
        })
    }

    /// The start and end date columns.
    pub(crate) fn date_columns(&self) -> [Option<usize>; 2] {
        [Some(self.start), self.end]
    }

    /// The column holding event ids, if any.
    pub(crate) fn id(&self) -> Option<usize> {
        self.id
    }
}

fn find_columns(input: &Input, header: &Header) -> Result<Cols, LoadError> {
    Cols::find(header).map_err(|message| {
        LoadError::single(Problem::error(
            input.file,
            Location::Row {
                row: header.row,
                column: None,
            },
            message,
        ))
    })
}

/// Splits a tags cell on `;` and `|`.
pub fn split_tags(cell: &str) -> Vec<String> {
    cell.split([';', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// True for text that is a link someone can follow (`scheme://…`, `mailto:`, `www.…`).
fn looks_like_link(token: &str) -> bool {
    let starts = |prefix: &str| {
        token
            .as_bytes()
            .get(..prefix.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    token.contains("://") || starts("mailto:") || starts("www.")
}

/// One row of a table: a CSV record or a spreadsheet row.
pub(crate) trait TableRow {
    /// The trimmed text of cell `i` ("" when the row is short).
    fn cell(&self, i: usize) -> &str;
    /// A date the file itself typed (a spreadsheet date cell, or a number in a date column);
    /// `None` when the text is to be parsed.
    fn typed_date(&self, _i: usize) -> Option<Result<Typed, String>> {
        None
    }
    /// Where the row, or one cell of it, is.
    fn location(&self, column: Option<usize>) -> Location;
    /// The spreadsheet row number.
    fn row(&self) -> usize;
}

/// A CSV record with its header, as a [`TableRow`].
struct CsvRow<'r, 'a> {
    rows: &'r Rows<'a>,
    header: &'r Header,
}

impl TableRow for CsvRow<'_, '_> {
    fn cell(&self, i: usize) -> &str {
        self.rows.cell(i)
    }

    fn location(&self, column: Option<usize>) -> Location {
        let name = column.and_then(|i| self.header.names.get(i));
        self.rows.location(name.map(String::as_str))
    }

    fn row(&self) -> usize {
        self.rows.row
    }
}

/// A row that could not become an event: its title (when it had one) and why.
pub(crate) type RowFailure = (Option<String>, Vec<Problem>);

/// Turns table rows into events, the same way for CSV and spreadsheets.
pub(crate) struct RowReader<'a> {
    pub file: &'a str,
    pub header: &'a Header,
    pub cols: &'a Cols,
    pub order: SlashOrder,
    known: [Option<usize>; 15],
}

impl<'a> RowReader<'a> {
    pub fn new(file: &'a str, header: &'a Header, cols: &'a Cols, order: SlashOrder) -> Self {
        RowReader {
            file,
            header,
            cols,
            order,
            known: cols.known(),
        }
    }

    fn error(&self, row: &dyn TableRow, column: Option<usize>, message: impl Into<String>) -> Problem {
        Problem::error(self.file, row.location(column), message)
    }

    /// An error about cell `i`, showing its value.
    fn cell_error(&self, row: &dyn TableRow, i: usize, message: impl Into<String>) -> Problem {
        self.error(row, Some(i), message)
            .with_value(&quoted(row.cell(i)))
    }

    /// Reads a date cell plus an optional time cell; notes slashed dates in `votes`.
    fn date(
        &self,
        row: &dyn TableRow,
        col: usize,
        time_col: Option<usize>,
        votes: &mut SlashVotes,
    ) -> Result<Option<Typed>, Problem> {
        let typed = match row.typed_date(col) {
            Some(typed) => typed,
            None => {
                let cell = row.cell(col);
                if cell.is_empty() {
                    return Ok(None);
                }
                let typed = parse_typed(cell, self.order);
                if let Ok(t) = &typed {
                    votes.note(t, cell, row.row());
                }
                typed
            }
        };
        let mut typed = typed.map_err(|m| self.cell_error(row, col, m))?;
        let Some(t) = time_col.filter(|&t| !row.cell(t).is_empty()) else {
            return Ok(Some(typed));
        };
        let date = typed.date;
        if date.precision() != Precision::Day || typed.until.is_some() {
            return Err(self.cell_error(
                row,
                t,
                "a time needs a date with a day and no time of its own; expected the date \
                 column to hold a day such as 1985-02-07",
            ));
        }
        let time = parse_time(row.cell(t)).map_err(|m| self.cell_error(row, t, m))?;
        typed.date = time
            .on(date.year_number(), date.month_number(), date.day_number())
            .map_err(|e| self.cell_error(row, t, date_message(&e)))?;
        Ok(Some(typed))
    }

    /// The event of one row (its id empty when the row has none), or why not. Lanes are
    /// created in `lanes` by label.
    pub fn event(
        &self,
        row: &dyn TableRow,
        lanes: &mut Lanes,
        votes: &mut SlashVotes,
    ) -> Result<Event, RowFailure> {
        let cols = self.cols;
        let title = row.cell(cols.title).to_string();
        let mut problems = Vec::new();
        if title.is_empty() {
            problems.push(self.error(
                row,
                Some(cols.title),
                "the title is empty; expected a short text naming the event",
            ));
        }
        let start = match self.date(row, cols.start, cols.time, votes) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                problems.push(self.error(
                    row,
                    Some(cols.start),
                    format!("missing start date; {DATE_FORMS}"),
                ));
                None
            }
            Err(p) => {
                problems.push(p);
                None
            }
        };
        let end = match cols.end.map(|c| self.date(row, c, cols.end_time, votes)) {
            Some(Ok(d)) => d,
            Some(Err(p)) => {
                problems.push(p);
                None
            }
            None => None,
        };
        // A decade or typed range in one cell ("1940s", "1985–1989") gives the end itself;
        // an end cell gives the last date of its own span.
        let end_date = end
            .map(|e| e.until.unwrap_or(e.date))
            .or_else(|| start.and_then(|s| s.until));
        if let (Some(s), Some(e), Some(c)) = (&start, &end_date, cols.end.or(Some(cols.start))) {
            if e.end_of_precision_secs() <= s.date.start_secs() {
                problems.push(self.cell_error(
                    row,
                    c,
                    format!(
                        "the end ({}) is before the start ({}); expected an end on or after the \
                         start",
                        e.display(),
                        s.date.display()
                    ),
                ));
            }
        }
        let mut circa = start.is_some_and(|t| t.circa) || end.is_some_and(|t| t.circa);
        if let Some(c) = cols.circa {
            match parse_flag(row.cell(c)) {
                Some(flag) => circa |= flag,
                None => problems.push(self.cell_error(row, c, FLAG_FORMS)),
            }
        }
        let (Some(start), true) = (start, problems.is_empty()) else {
            return Err(((!title.is_empty()).then_some(title), problems));
        };
        let cell = |i: Option<usize>| i.map_or("", |i| row.cell(i));
        let mut extra = Extra::new();
        let mut sources = Vec::new();
        let url_cell = cell(cols.url);
        let publisher = cell(cols.publisher);
        let source_title = cell(cols.source_title);
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        for token in url_cell.split(|c: char| c.is_whitespace() || c == ';' || c == '|') {
            if looks_like_link(token) {
                sources.push(Source {
                    url: token.to_string(),
                    title: text(source_title),
                    publisher: text(publisher),
                    ..Default::default()
                });
            }
        }
        // Growth leaves room for four sources (4 × 176 B); a million rows keep only what they use.
        sources.shrink_to_fit();
        if sources.is_empty() && !url_cell.is_empty() {
            // "Washington Post" in a Source column: a citation, not a link.
            if let Some(c) = cols.url {
                extra.insert(
                    self.header.names[c].clone(),
                    Value::String(url_cell.to_string()),
                );
            }
        }
        for (i, name) in self.header.names.iter().enumerate() {
            let value = row.cell(i);
            if !self.known.contains(&Some(i)) && !value.is_empty() && !name.is_empty() {
                extra.insert(name.clone(), Value::String(value.to_string()));
            }
        }
        let lane_cell = cell(cols.lane);
        let lane = if lane_cell.is_empty() {
            NO_LANE
        } else {
            lanes.for_label(lane_cell)
        };
        let color = cell(cols.color);
        let display = cell(cols.display_date);
        Ok(Event {
            id: cell(cols.id).to_string(),
            title,
            description: cell(cols.description).to_string(),
            start: start.date,
            end: end_date,
            circa,
            lane,
            tags: split_tags(cell(cols.tags)),
            color: (!color.is_empty()).then(|| color.to_string()),
            sources,
            display_date: (!display.is_empty()).then(|| display.to_string()),
            extra,
        })
    }
}

/// Files smaller than this are read on one thread: below ~4 MB (~30k rows) a load takes
/// tens of milliseconds and a second thread buys nothing.
const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// Reads a plain CSV file. Big files are read as two halves on two threads: the split is put
/// after a newline near the middle, and kept only if the first half's reader ends exactly
/// there (a newline inside a quoted cell is not a row boundary); otherwise the rest is read
/// after where the first half really ended.
///
/// Slashed dates are read in the order the user chose, else as the file settles it: when a
/// first read finds a date that is only possible day first, the file is read again day first
/// (see [`SlashVotes`]).
pub(crate) fn read(input: &Input, header: Header) -> Result<Loaded, LoadError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parallel = (threads >= 2).then_some(PARALLEL_MIN_BYTES);
    let order = input.options.slash_order;
    match read_with(input, &header, parallel, order)? {
        Read::Done(loaded) => Ok(loaded),
        Read::Again(order) => match read_with(input, &header, parallel, order)? {
            Read::Done(loaded) => Ok(loaded),
            Read::Again(_) => Err(LoadError::whole_file(input.file, "the date order did not settle")),
        },
    }
}

/// The outcome of one read: a result, or the order to read the file in again.
enum Read {
    Done(Loaded),
    Again(SlashOrder),
}

/// Reads in two halves when the text is at least `parallel_min_bytes` long.
fn read_with(
    input: &Input,
    header: &Header,
    parallel_min_bytes: Option<usize>,
    order: SlashOrder,
) -> Result<Read, LoadError> {
    let cols = find_columns(input, header)?;
    let reader = RowReader::new(input.file, header, &cols, order);
    let split = parallel_min_bytes
        .is_some_and(|min| input.text.len() >= min)
        .then(|| split_point(input.text))
        .flatten();
    let parts = match split {
        None => {
            let rows = Rows::new(input, header)?;
            let capacity = rows.estimated_rows();
            vec![read_part(&reader, rows, capacity)]
        }
        Some(split) => {
            // The first half gets room for all rows: the second is appended to it.
            let all_rows = Rows::new(input, header)?.estimated_rows();
            let first_rows = Rows::new(input, header)?.with_limit(split);
            let (first, second) = std::thread::scope(|scope| {
                let first = scope.spawn(|| read_part(&reader, first_rows, all_rows));
                let second_rows = Rows::from_offset(input, header, split);
                let capacity = second_rows.estimated_rows();
                let second = read_part(&reader, second_rows, capacity);
                // A panic in a worker is a bug in this module; re-raise it here.
                let first = first
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                (first, second)
            });
            if first.end == split {
                vec![first, second]
            } else {
                let rest = Rows::from_offset(input, header, first.end);
                let capacity = rest.estimated_rows();
                let rest = read_part(&reader, rest, capacity);
                vec![first, rest]
            }
        }
    };
    let mut parts = parts.into_iter();
    let Some(mut all) = parts.next() else {
        return Err(LoadError::whole_file(input.file, "nothing was read"));
    };
    all.name_generated(0);
    for mut part in parts {
        let lane_map: Vec<usize> = part
            .lanes
            .list
            .iter()
            .map(|l| all.lanes.for_label(&l.label))
            .collect();
        for e in part.events.iter_mut().filter(|e| e.lane != NO_LANE) {
            e.lane = lane_map[e.lane];
        }
        part.name_generated(all.ordinals);
        part.report.shift_rows(all.last_row);
        all.votes.append(part.votes, all.last_row);
        all.rows.extend(part.rows.iter().map(|r| r + all.last_row));
        all.events.extend(part.events);
        all.report.append(part.report);
        all.ordinals += part.ordinals;
        all.last_row += part.last_row;
    }
    if all.votes.settle(&mut all.report)? == SlashDecision::ReadDayFirst {
        return Ok(Read::Again(SlashOrder::DayFirst));
    }
    let meta = TimelineMeta {
        title: input.stem.to_string(),
        ..Default::default()
    };
    let id_column: Option<Box<str>> = cols
        .id
        .and_then(|i| header.names.get(i))
        .map(|n| n.as_str().into());
    let rows = all.rows;
    let locate = |i: usize| Location::Row {
        row: rows[i],
        column: id_column.clone(),
    };
    build::finish(
        Format::PlainCsv,
        meta,
        all.lanes,
        all.events,
        all.report,
        &locate,
    )
    .map(Read::Done)
}

/// The byte after a newline near the middle of the text that starts a non-blank line.
fn split_point(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = text.len() / 2;
    loop {
        let newline = at + bytes.get(at..)?.iter().position(|&b| b == b'\n')?;
        let next = newline + 1;
        match bytes.get(next) {
            None => return None,
            Some(b'\n' | b'\r') => at = next,
            Some(_) => return Some(next),
        }
    }
}

/// What one reader produced from its part of the file.
struct Part {
    events: Vec<Event>,
    /// The spreadsheet row of each event (relative to the part's start).
    rows: Vec<usize>,
    /// (event index, data-row ordinal within the part) of events without an id cell: they are
    /// named "e<ordinal>" once the ordinals before the part are known.
    generated: Vec<(usize, usize)>,
    /// Lanes by first appearance in this part; merged by label.
    lanes: Lanes,
    report: Report,
    votes: SlashVotes,
    /// Data rows read (blank ones not counted).
    ordinals: usize,
    /// The row the reader ended on.
    last_row: usize,
    /// The byte of the file where the reader stopped.
    end: usize,
}

impl Part {
    fn name_generated(&mut self, ordinal_base: usize) {
        for &(k, ordinal) in &self.generated {
            self.events[k].id = format!("e{}", ordinal + ordinal_base);
        }
        self.generated.clear();
    }
}

/// Reads rows into events; `capacity` sizes the vectors (events are ~300 bytes: growing the
/// vector by doubling cost more than parsing the rows).
fn read_part(reader: &RowReader, mut rows: Rows, capacity: usize) -> Part {
    let header = reader.header;
    let mut part = Part {
        events: Vec::with_capacity(capacity),
        rows: Vec::with_capacity(capacity),
        generated: Vec::new(),
        lanes: Lanes::default(),
        report: Report::new(reader.file),
        votes: SlashVotes::default(),
        ordinals: 0,
        last_row: 0,
        end: 0,
    };
    let report = &mut part.report;
    loop {
        match rows.advance() {
            Ok(true) => {}
            Ok(false) => break,
            Err(p) => {
                report.push(p);
                break;
            }
        }
        part.ordinals += 1;
        let skipped = |report: &mut Report, rows: &Rows, name: Option<String>| {
            report.skip(Skipped {
                kind: "event",
                position: rows.row,
                name,
                location: rows.location(None),
            })
        };
        if rows.unclosed_quote_at_end() {
            report.push(rows.error(
                None,
                "a quoted cell starting in this row is never closed, so it runs to the end of \
                 the file; expected a closing \" — is the file truncated?",
            ));
            let title = rows.cell(reader.cols.title);
            skipped(report, &rows, (!title.is_empty()).then(|| title.to_string()));
            break;
        }
        if rows.record.len() > header.names.len() {
            report.push(Problem::warning(
                reader.file,
                rows.location(None),
                format!(
                    "this row has {} cells but the header has {}; the extra cells are ignored — \
                     expected a comma inside a cell to be quoted",
                    rows.record.len(),
                    header.names.len()
                ),
            ));
        }
        let row = CsvRow {
            rows: &rows,
            header,
        };
        match reader.event(&row, &mut part.lanes, &mut part.votes) {
            Ok(event) => {
                if event.id.is_empty() {
                    part.generated.push((part.events.len(), part.ordinals));
                }
                part.events.push(event);
                part.rows.push(rows.row);
            }
            Err((name, problems)) => {
                problems.into_iter().for_each(|p| report.push(p));
                skipped(report, &rows, name);
            }
        }
    }
    part.last_row = rows.row;
    part.end = rows.position();
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test files are split from this size on, so that they can stay small.
    const TEST_SPLIT_BYTES: usize = 64 << 10;

    fn load(text: &str, parallel: bool) -> Loaded {
        let options = super::super::LoadOptions::default();
        let input = Input {
            file: "big.csv",
            stem: "big",
            text,
            options: &options,
        };
        let header = Header::read(&input).unwrap();
        match read_with(&input, &header, parallel.then_some(TEST_SPLIT_BYTES), SlashOrder::Detect) {
            Ok(Read::Done(loaded)) => loaded,
            _ => panic!("not loaded"),
        }
    }

    /// Everything a reader of the file could see: events, their order, lanes and problems.
    fn summary(l: &Loaded) -> Vec<String> {
        let mut out: Vec<String> = l
            .timeline
            .events()
            .iter()
            .map(|e| format!("{} {} {} {}", e.id, e.title, e.start.to_iso(), e.lane))
            .collect();
        out.extend(l.timeline.lanes().iter().map(|l| format!("lane {}", l.id)));
        out.extend(l.problems.iter().map(|p| p.to_string()));
        out.extend(l.skipped.iter().map(|s| s.to_string()));
        out
    }

    /// A CSV file bigger than [`TEST_SPLIT_BYTES`] with CRLF, blank lines, multi-line quoted
    /// cells, rows without ids and bad rows throughout.
    fn big_csv(quoted_middle: bool) -> String {
        let mut text = String::from("id,date,title,lane,notes\r\n");
        let mut i = 0;
        let mut big_written = false;
        while text.len() < TEST_SPLIT_BYTES * 3 {
            let id = if i % 3 == 0 {
                String::new()
            } else {
                format!("x{i}")
            };
            let date = if i % 97 == 0 {
                "2013-02-30".to_string()
            } else {
                format!("{}-{:02}", 1900 + i % 120, 1 + i % 12)
            };
            let notes = if i % 50 == 0 {
                "\"two\r\nlines\""
            } else {
                "plain"
            };
            text.push_str(&format!("{id},{date},Event {i},lane {},{notes}\r\n", i % 7));
            if i % 31 == 0 {
                text.push_str("\r\n,,,,\r\n");
            }
            if quoted_middle && !big_written && text.len() > TEST_SPLIT_BYTES * 3 / 2 - 2_000 {
                big_written = true;
                // A quoted cell spanning the middle of the file: the split falls inside it.
                text.push_str("BIG,1999,Big,lane 1,\"");
                for k in 0..400 {
                    text.push_str(&format!("line {k}\r\n"));
                }
                text.push_str("\"\r\n");
            }
            i += 1;
        }
        text
    }

    #[test]
    fn two_halves_read_the_same_as_one_pass() {
        for quoted_middle in [false, true] {
            let text = big_csv(quoted_middle);
            let one = load(&text, false);
            let two = load(&text, true);
            assert!(one.timeline.len() > 4_000);
            assert!(!one.skipped.is_empty());
            assert_eq!(
                summary(&one),
                summary(&two),
                "quoted_middle: {quoted_middle}"
            );
        }
    }

    #[test]
    fn tags_split_on_semicolons_and_bars_only() {
        assert_eq!(
            split_tags("DEA; Mexico | Camarena, Enrique"),
            ["DEA", "Mexico", "Camarena, Enrique"]
        );
        assert!(split_tags(" ; ").is_empty());
    }
}
