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

use super::build::{self, Ids, Lanes, NO_LANE, Report};
use super::csv_parts::{PARALLEL_MIN_BYTES, PartEnd, parts_for, read_parts};
use super::csv_util::{FLAG_FORMS, Header, Rows, parse_flag};
use super::error::{LoadError, Location, Problem, Skipped, date_message, quoted};
use super::progress::PROGRESS_EVERY;
use super::typed_date::{
    DATE_FORMS, SlashDecision, SlashOrder, SlashVotes, Typed, parse_time, parse_typed,
};
use super::{Format, Input, Loaded};
use crate::model::{
    Event, EventParts, Extra, FieldName, Precision, Source, SourceDetails, TagInterner,
    TimelineMeta,
};
use rayon::prelude::*;
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
    /// The unknown-field name of each column whose cells may be kept as unknown fields.
    extra_keys: Vec<Option<String>>,
    /// Warnings about columns renamed for that.
    pub renamed_columns: Vec<Problem>,
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

    /// The columns of a header row; `Err` says which required column is missing.
    pub(crate) fn find(file: &str, header: &Header) -> Result<Cols, String> {
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
        let mut cols = Cols {
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
            extra_keys: Vec::new(),
            renamed_columns: Vec::new(),
        };
        // Unknown columns, and the link column (a cell that is no link is kept as it is).
        let known = cols.known();
        let kept = (0..header.names.len())
            .filter(|i| !known.contains(&Some(*i)))
            .chain(cols.url);
        (cols.extra_keys, cols.renamed_columns) = header.extra_keys(file, kept, &[]);
        Ok(cols)
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
    Cols::find(input.file, header).map_err(|message| {
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
pub fn split_tags(cell: &str) -> Vec<&str> {
    cell.split([';', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
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

/// The columns of `cols` that no role reads, with their unknown-field names.
fn unknown_columns(cols: &Cols) -> Vec<(usize, FieldName)> {
    let known = cols.known();
    cols.extra_keys
        .iter()
        .enumerate()
        .filter(|(i, _)| !known.contains(&Some(*i)))
        .filter_map(|(i, key)| Some((i, FieldName::from(key.as_deref()?))))
        .collect()
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

/// What a [`RowReader`] gathers while it reads rows: lanes by label, the vote on slashed
/// dates, and shared tags.
#[derive(Default)]
pub(crate) struct RowState {
    pub lanes: Lanes,
    pub votes: SlashVotes,
    pub tags: TagInterner,
}

/// Turns table rows into events, the same way for CSV and spreadsheets.
pub(crate) struct RowReader<'a> {
    pub file: &'a str,
    pub cols: &'a Cols,
    pub order: SlashOrder,
    /// The columns no role reads, with the unknown-field name their cells are kept under.
    extra_columns: Vec<(usize, FieldName)>,
    /// The unknown-field name a citation in the url column is kept under.
    url_name: Option<FieldName>,
}

impl<'a> RowReader<'a> {
    pub fn new(file: &'a str, cols: &'a Cols, order: SlashOrder) -> Self {
        RowReader {
            file,
            cols,
            order,
            extra_columns: unknown_columns(cols),
            url_name: cols
                .url
                .and_then(|c| cols.extra_keys[c].as_deref())
                .map(FieldName::from),
        }
    }

    /// The same reader with names of its own for one part read on one core: events share
    /// their field names, and cores do not share the names' reference counts.
    pub fn for_part(&self) -> Self {
        RowReader::new(self.file, self.cols, self.order)
    }

    fn error(
        &self,
        row: &dyn TableRow,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Problem {
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
                    votes.note(t, cell, row.row(), &|| row.location(Some(col)));
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

    /// The start and end of a row (`None` for the end when it has none), or the problems.
    fn dates(
        &self,
        row: &dyn TableRow,
        votes: &mut SlashVotes,
        problems: &mut Vec<Problem>,
    ) -> Option<(Typed, Option<Typed>)> {
        let cols = self.cols;
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
        Some((start?, end))
    }

    /// The event of one row (its id empty when the row has none), or why not.
    pub fn event(&self, row: &dyn TableRow, state: &mut RowState) -> Result<Event, RowFailure> {
        let cols = self.cols;
        let title = row.cell(cols.title);
        let mut problems = Vec::new();
        if title.is_empty() {
            problems.push(self.error(
                row,
                Some(cols.title),
                "the title is empty; expected a short text naming the event",
            ));
        }
        let dates = self.dates(row, &mut state.votes, &mut problems);
        // A decade or typed range in one cell ("1940s", "1985–1989") gives the end itself;
        // an end cell gives the last date of its own span.
        let (start, end) = match dates {
            Some((start, end)) => (Some(start), end),
            None => (None, None),
        };
        let end_date = end
            .map(|e| e.until.unwrap_or(e.date))
            .or_else(|| start.and_then(|s| s.until));
        if let (Some(s), Some(e)) = (&start, &end_date)
            && e.end_of_precision_secs() <= s.date.start_secs()
        {
            let c = cols.end.filter(|_| end.is_some()).unwrap_or(cols.start);
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
        let mut circa = start.is_some_and(|t| t.circa) || end.is_some_and(|t| t.circa);
        if let Some(c) = cols.circa {
            match parse_flag(row.cell(c)) {
                Some(flag) => circa |= flag,
                None => problems.push(self.cell_error(row, c, FLAG_FORMS)),
            }
        }
        let (Some(start), true) = (start, problems.is_empty()) else {
            return Err(((!title.is_empty()).then(|| title.to_string()), problems));
        };
        let cell = |i: Option<usize>| i.map_or("", |i| row.cell(i));
        let (sources, extra) = self.sources_and_extra(row);
        let lane_cell = cell(cols.lane);
        let lane = if lane_cell.is_empty() {
            NO_LANE
        } else {
            state.lanes.for_label(lane_cell)
        };
        let color = cell(cols.color);
        let display = cell(cols.display_date);
        Ok(Event::from(EventParts {
            id: cell(cols.id).into(),
            title: title.into(),
            description: cell(cols.description).into(),
            start: start.date,
            end: end_date,
            circa,
            lane,
            tags: state.tags.tags_of_text(cell(cols.tags), split_tags),
            color: (!color.is_empty()).then(|| color.to_string()),
            sources,
            display_date: (!display.is_empty()).then(|| display.to_string()),
            extra,
        }))
    }

    /// The links of the url column (with publisher and source title), and every other cell
    /// of an unknown column as an unknown field.
    fn sources_and_extra(&self, row: &dyn TableRow) -> (Vec<Source>, Extra) {
        let cols = self.cols;
        let cell = |i: Option<usize>| i.map_or("", |i| row.cell(i));
        let mut extra = Extra::new();
        let mut sources = Vec::new();
        let url_cell = cell(cols.url);
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        for token in url_cell.split(|c: char| c.is_whitespace() || c == ';' || c == '|') {
            if looks_like_link(token) {
                // Room for one more only: the event keeps its sources in a boxed slice, which
                // a vector with spare room (four after a first push) is copied to fit.
                sources.reserve_exact(1);
                sources.push(Source::with_details(
                    token,
                    SourceDetails {
                        title: text(cell(cols.source_title)),
                        publisher: text(cell(cols.publisher)),
                        ..Default::default()
                    },
                ));
            }
        }
        if sources.is_empty() && !url_cell.is_empty() {
            // "Washington Post" in a Source column: a citation, not a link.
            if let Some(name) = &self.url_name {
                extra.insert(name.clone(), Value::String(url_cell.to_string()));
            }
        }
        for (i, name) in &self.extra_columns {
            let value = row.cell(*i);
            if !value.is_empty() {
                extra.insert(name.clone(), Value::String(value.to_string()));
            }
        }
        (sources, extra)
    }
}

/// Reads a plain CSV file, in parts on every core when it is big (see [`csv_parts`]).
pub(crate) fn read(input: &Input, header: Header) -> Result<Loaded, LoadError> {
    let parts = parts_for(input.text.len(), Some(PARALLEL_MIN_BYTES));
    read_in_parts(input, header, parts)
}

/// Reads the rows cut into (at most) `parts` parts. Slashed dates are read in the order the
/// user chose, else as the file settles it: when the first read finds a date that is only
/// possible day first, the file is read again day first (see [`SlashVotes`]).
fn read_in_parts(input: &Input, header: Header, parts: usize) -> Result<Loaded, LoadError> {
    let mut cols = find_columns(input, &header)?;
    let renamed_columns = std::mem::take(&mut cols.renamed_columns);
    let mut order = input.options.slash_order;
    let mut all = loop {
        let mut all = read_ordered(input, &header, &cols, parts, order)?;
        let mut report = Report::new(input.file);
        if order == SlashOrder::Detect
            && std::mem::take(&mut all.state.votes).settle(&mut report)?
                == SlashDecision::ReadDayFirst
        {
            order = SlashOrder::DayFirst;
            continue;
        }
        all.report.append(report);
        break all;
    };
    renamed_columns.into_iter().for_each(|p| all.report.push(p));
    let max_events = input.limits.max_events;
    if all.events.len() > max_events && all.report.fatal.is_none() {
        let row = all.rows.get(max_events).copied().unwrap_or(all.last_row);
        all.report.fatal = Some(super::limits::too_many_events(
            input.file,
            Location::Row { row, column: None },
            max_events,
        ));
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
        all.state.lanes,
        all.events,
        if cols.id.is_some() {
            Ids::FromFile
        } else {
            Ids::Numbered
        },
        all.report,
        &locate,
    )
}

/// Reads every part with slashed dates in `order` and merges the parts in file order.
fn read_ordered(
    input: &Input,
    header: &Header,
    cols: &Cols,
    parts: usize,
    order: SlashOrder,
) -> Result<Part, LoadError> {
    let reader = RowReader::new(input.file, cols, order);
    let parts = read_parts(input, header, parts, |_, rows, capacity| {
        read_part(input, header, &reader.for_part(), rows, capacity)
    })?;
    let mut parts = parts.into_iter();
    let Some(mut all) = parts.next() else {
        return Err(LoadError::whole_file(input.file, "nothing was read"));
    };
    all.name_generated(0);
    let rest: Vec<Part> = parts.collect();
    all.events
        .reserve(rest.iter().map(|p| p.events.len()).sum());
    for mut part in rest {
        let lanes = all.state.lanes.join_part(&part.state.lanes);
        part.events.par_iter_mut().for_each(|e| lanes.place(e));
        part.name_generated(all.ordinals);
        part.report.shift_rows(all.last_row);
        all.state.votes.append(part.state.votes, all.last_row);
        all.rows.extend(part.rows.iter().map(|r| r + all.last_row));
        // Written into the merged vector on every core (its pages too).
        all.events.par_extend(part.events);
        all.report.append(part.report);
        all.ordinals += part.ordinals;
        all.last_row += part.last_row;
    }
    Ok(all)
}

/// What one reader produced from its part of the file.
struct Part {
    events: Vec<Event>,
    /// The spreadsheet row of each event (relative to the part's start).
    rows: Vec<usize>,
    /// (event index, data-row ordinal within the part) of events without an id cell: they are
    /// named "e<ordinal>" once the ordinals before the part are known.
    generated: Vec<(usize, usize)>,
    /// Lanes by first appearance in this part (merged by label), votes and tags.
    state: RowState,
    report: Report,
    /// Data rows read (blank ones not counted).
    ordinals: usize,
    /// The row the reader ended on.
    last_row: usize,
    /// The byte of the file where the reader stopped.
    end: usize,
    /// The reader stopped at an error that ends the file.
    stopped: bool,
}

impl PartEnd for Part {
    fn end(&self) -> usize {
        self.end
    }
    fn stopped(&self) -> bool {
        self.stopped
    }
}

impl Part {
    fn name_generated(&mut self, ordinal_base: usize) {
        for &(k, ordinal) in &self.generated {
            self.events[k].set_id(&build::numbered_id(ordinal + ordinal_base));
        }
        self.generated.clear();
    }
}

/// Reads rows into events; `capacity` sizes the vectors (growing them by doubling cost more
/// than parsing the rows).
fn read_part(
    input: &Input,
    header: &Header,
    reader: &RowReader,
    mut rows: Rows,
    capacity: usize,
) -> Part {
    let mut part = Part {
        events: Vec::with_capacity(capacity),
        rows: Vec::with_capacity(capacity),
        generated: Vec::new(),
        state: RowState::default(),
        report: Report::new(input.file),
        ordinals: 0,
        last_row: 0,
        end: 0,
        stopped: false,
    };
    let report = &mut part.report;
    loop {
        match rows.advance() {
            Ok(true) => {}
            Ok(false) => break,
            Err(p) => {
                report.push(p);
                part.stopped = true;
                break;
            }
        }
        part.ordinals += 1;
        if part.ordinals.is_multiple_of(PROGRESS_EVERY) {
            input.progress.add_events(PROGRESS_EVERY);
            if input.progress.is_cancelled() {
                break;
            }
        }
        let skipped = |report: &mut Report, rows: &Rows, name: Option<String>| {
            report.skip(Skipped {
                kind: "event",
                position: rows.row,
                name,
                location: rows.location(None),
            })
        };
        // Only a skipped row needs its title as a name of its own.
        let name = |rows: &Rows| {
            let title = rows.cell(reader.cols.title);
            (!title.is_empty()).then(|| title.to_string())
        };
        if rows.unclosed_quote_at_end() {
            report.push(rows.error(
                None,
                "a quoted cell starting in this row is never closed, so it runs to the end of \
                 the file; expected a closing \" — is the file truncated?",
            ));
            skipped(report, &rows, name(&rows));
            part.stopped = true;
            break;
        }
        if let Some(p) = rows.oversized_cell(header) {
            report.push(p);
            skipped(report, &rows, name(&rows));
            continue;
        }
        if rows.record.len() > header.names.len() {
            report.push(Problem::warning(
                input.file,
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
        match reader.event(&row, &mut part.state) {
            Ok(event) => {
                if event.id().is_empty() {
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
    part.report.fatal = rows.take_fatal();
    part.stopped |= part.report.fatal.is_some();
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test files are this size, small enough to read many times.
    const TEST_SPLIT_BYTES: usize = 64 << 10;

    fn load(text: &str, parts: usize) -> Loaded {
        let input = Input {
            file: "big.csv",
            stem: "big",
            text,
            progress: &crate::io::progress::UNWATCHED,
            limits: crate::io::Limits::default(),
            options: &crate::io::LoadOptions::default(),
        };
        let header = Header::read(&input).unwrap();
        read_in_parts(&input, header, parts).unwrap()
    }

    /// Everything a reader of the file could see: events, their order, lanes and problems.
    fn summary(l: &Loaded) -> Vec<String> {
        let mut out: Vec<String> = l
            .timeline
            .events()
            .iter()
            .map(|e| format!("{} {} {} {}", e.id(), e.title(), e.start.to_iso(), e.lane()))
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
    fn parts_read_the_same_as_one_pass() {
        for quoted_middle in [false, true] {
            let text = big_csv(quoted_middle);
            let one = load(&text, 1);
            assert!(one.timeline.len() > 4_000);
            assert!(!one.skipped.is_empty());
            for parts in [2, 3, 7, 16, 64] {
                assert_eq!(
                    summary(&one),
                    summary(&load(&text, parts)),
                    "quoted_middle: {quoted_middle}, parts: {parts}"
                );
            }
        }
    }

    #[test]
    fn bad_rows_at_part_boundaries_are_located_as_in_one_pass() {
        // Every other row is bad, so the rows right at the cuts include bad ones.
        let mut text = String::from("id,date,title\n");
        for i in 0..4000 {
            let date = if i % 2 == 0 {
                "1985-02-30"
            } else {
                "1985-02-07"
            };
            text.push_str(&format!("x{i},{date},Event {i}\n"));
        }
        let one = load(&text, 1);
        assert_eq!(one.skipped.len(), 2000);
        let header_end = text.find('\n').unwrap() + 1;
        let cuts = super::super::csv_parts::cut_points(&text, header_end, 9);
        assert!(
            cuts.iter()
                .any(|&c| text[c..].split(',').nth(1) == Some("1985-02-30")),
            "a cut falls on a bad row"
        );
        let nine = load(&text, 9);
        assert_eq!(summary(&one), summary(&nine));
        assert_eq!(nine.problems[0].to_string(), one.problems[0].to_string());
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
