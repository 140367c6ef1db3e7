//! Timesketch's import formats, CSV and JSONL (and plaso/psort CSV, which has the same
//! columns). Mapping:
//! - `message` → title; `datetime` → start at the precision written (µs from plaso), with
//!   its offset as written — a time without one stays naive (Timesketch reads it as UTC,
//!   which is also where it sits on our axis);
//! - `timestamp` (µs since 1970; s/ms/ns guessed from its size, as Timesketch does) is the
//!   start when there is no `datetime`, and otherwise is checked against it, with a warning
//!   when they disagree (`datetime` wins);
//! - `timestamp_desc` is kept as a field and shown with the date (the display date reads
//!   "14 Nov 2023 22:13:20.123456 UTC — Creation Time");
//! - `tag` in all its forms (`["a","b"]`, `a,b`, `-`, a JSON array in JSONL) → tags;
//! - the lane comes from a chosen column: `--lane-by`, else `data_type`, `parser`,
//!   `source_short`, `hostname`;
//! - every other column is kept as a field (JSONL values keep their JSON type).
//!
//! Limits: rows as in plain CSV (count, cell size); JSONL lines beyond
//! [`Limits::max_events`](super::Limits) are refused, and JSON nesting is bounded by the JSON
//! reader.

use super::build::{self, Ids, Lanes, NO_LANE, Report};
use super::csv_parts::{PARALLEL_MIN_BYTES, PartEnd, cut_points, parts_for, read_parts};
use super::csv_util::{Header, Rows, normalize};
use super::error::{LoadError, Location, Problem, Skipped, date_message, quoted};
use super::json::TextMap;
use super::limits::too_many_events;
use super::progress::PROGRESS_EVERY;
use super::{Format, Input, Loaded};
use crate::model::{
    Date, Event, EventParts, Extra, FieldName, FieldNames, Precision, TagInterner, TimelineMeta,
    UtcOffset,
};
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Lane columns tried in order when none is chosen.
pub const DEFAULT_LANE_COLUMNS: [&str; 4] = ["data_type", "parser", "source_short", "hostname"];

/// Columns read into fields; the rest are kept as extra fields.
const READ: [&str; 5] = ["message", "datetime", "timestamp", "tag", "timestampdesc"];

/// Two timestamps further apart than this disagree (a rounding to ms is not a disagreement).
const AGREEMENT_MICROS: i64 = 1_000;

/// True for a CSV header with Timesketch's columns: `message`, `timestamp_desc`, and
/// `datetime` or `timestamp`.
pub(crate) fn matches_header(header: &Header) -> bool {
    header.has("message")
        && header.has("timestampdesc")
        && (header.has("datetime") || header.has("timestamp"))
}

/// A JSONL record is one event: a first line longer than this is a one-line JSON document
/// (a minified timeline), not worth parsing twice.
const MAX_SNIFFED_LINE: usize = 64 << 10;

/// True when the first line of a text is a JSON object with Timesketch's keys.
pub(crate) fn matches_jsonl(text: &str) -> bool {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    first.len() <= MAX_SNIFFED_LINE
        && serde_json::from_str::<Map<String, Value>>(first).is_ok_and(|obj| {
            obj.contains_key("message")
                && (obj.contains_key("datetime") || obj.contains_key("timestamp"))
        })
}

/// The lane column: the chosen one, else the first default present.
fn lane_column(names: impl Fn(&str) -> bool, chosen: Option<&str>) -> Option<&str> {
    match chosen {
        Some(c) => Some(c),
        None => DEFAULT_LANE_COLUMNS.into_iter().find(|c| names(c)),
    }
}

/// One record's values, from a CSV row or a JSONL line.
struct Record<'a> {
    message: Option<String>,
    timestamp_desc: Option<String>,
    datetime: Option<Value>,
    timestamp: Option<Value>,
    tag: Option<Value>,
    lane: Option<String>,
    rest: Extra,
    location: Location,
    /// How to locate a field of this record in a message.
    at: &'a dyn Fn(&str) -> Location,
}

/// What records share while a file is read: lanes by label, tags, the problems.
struct Shared {
    lanes: Lanes,
    tags: TagInterner,
    /// The part's events share their field names.
    names: FieldNames,
    report: Report,
}

/// Builds the event of one record named `id`, or the problems that stopped it with the
/// record's title (for the skipped list).
fn event_of(
    file: &str,
    record: Record,
    id: Cow<'_, str>,
    shared: &mut Shared,
) -> Result<Event, (Vec<Problem>, String)> {
    let report = &mut shared.report;
    let mut problems = Vec::new();
    let at = record.at;
    let title = record.message.unwrap_or_default();
    if title.trim().is_empty() {
        problems.push(
            Problem::error(
                file,
                at("message"),
                "the message is empty; expected the event's text",
            )
            .with_field("message"),
        );
    }
    let from_timestamp = match &record.timestamp {
        None | Some(Value::Null) => None,
        Some(v) => match micros_of(v) {
            Some(us) => Some(us),
            None => {
                problems.push(
                    Problem::error(
                        file,
                        at("timestamp"),
                        "expected microseconds since 1970 as a whole number",
                    )
                    .with_field("timestamp")
                    .with_value(&show(v)),
                );
                None
            }
        },
    };
    let start = match &record.datetime {
        Some(Value::String(s)) if !s.trim().is_empty() => match Date::parse_iso(s) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(
                    Problem::error(
                        file,
                        at("datetime"),
                        format!(
                            "{}; expected ISO 8601 such as \"2015-07-24T19:01:01+00:00\"",
                            date_message(&e)
                        ),
                    )
                    .with_field("datetime")
                    .with_value(&quoted(s)),
                );
                None
            }
        },
        // A numeric datetime is read like a timestamp, its unit guessed from its size.
        Some(v @ Value::Number(_)) => match micros_of(v).and_then(date_from_micros) {
            Some(d) => Some(d),
            None => {
                problems.push(
                    Problem::error(
                        file,
                        at("datetime"),
                        "a number out of range; expected ISO 8601",
                    )
                    .with_field("datetime")
                    .with_value(&show(v)),
                );
                None
            }
        },
        _ => match from_timestamp {
            Some(us) => date_from_micros(us),
            None => {
                if problems.is_empty() {
                    problems.push(
                        Problem::error(
                            file,
                            record.location.clone(),
                            "no datetime or timestamp; expected \"datetime\" (ISO 8601) or \
                             \"timestamp\" (µs since 1970)",
                        )
                        .with_field("datetime"),
                    );
                }
                None
            }
        },
    };
    let Some(start) = start.filter(|_| problems.is_empty()) else {
        return Err((problems, title));
    };
    if let (Some(us), Some(Value::String(_)), Some(raw)) =
        (from_timestamp, &record.datetime, &record.timestamp)
    {
        let from_datetime = start.start_micros();
        let agrees =
            |micros: i64| micros.abs_diff(from_datetime) <= AGREEMENT_MICROS.unsigned_abs();
        // The format's timestamp is in µs; its unit is guessed from its size only because
        // some tools write s or ms. A µs timestamp near 1970 is small enough to be guessed as
        // s or ms (1969-12-31T23:59:59.5 is -500000), so it agrees when either reading does.
        let as_micros = number_of(raw)
            .filter(|n| n.abs() < i64::MAX as f64)
            .map(|n| n.round() as i64);
        if !agrees(us) && !as_micros.is_some_and(agrees) {
            let said = date_from_micros(us).map_or_else(|| us.to_string(), |d| d.display());
            let unit = number_of(raw).map_or("microseconds", unit_name);
            report.push(
                Problem::warning(
                    file,
                    at("timestamp"),
                    format!(
                        "timestamp {} (read as {unit}) is {said}, but datetime says {}; the \
                         datetime is used",
                        show(raw),
                        start.display()
                    ),
                )
                .with_field("timestamp"),
            );
        }
    }
    let tags = record.tag.as_ref().map(tags_of).unwrap_or_default();
    let lane = match record.lane.as_deref().map(str::trim) {
        Some(lane) if !lane.is_empty() => shared.lanes.for_label(lane),
        _ => NO_LANE,
    };
    let mut extra = record.rest;
    if let Some(ts) = record.timestamp {
        extra.insert(shared.names.get("timestamp"), ts);
    }
    let display_date = record
        .timestamp_desc
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|desc| {
            extra.insert(
                shared.names.get("timestamp_desc"),
                Value::String(desc.to_string()),
            );
            let mut shown = String::with_capacity(48 + desc.len());
            start.push_display(&mut shown);
            shown.push_str(" \u{2014} ");
            shown.push_str(desc);
            shown
        });
    Ok(Event::from(EventParts {
        lane,
        tags: shared.tags.tags(&tags),
        display_date,
        extra,
        ..EventParts::new(id, title, start)
    }))
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => quoted(s),
        other => other.to_string(),
    }
}

/// A timestamp value in µs: numbers and digit strings, with s/ms/ns guessed from the size.
fn micros_of(v: &Value) -> Option<i64> {
    number_of(v).map(guess_unit)
}

/// A finite number, or a string holding one.
fn number_of(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// What is wrong with a JSONL line serde could not read as an object.
fn line_problem(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let what = super::error::shorten(full.strip_suffix(&suffix).unwrap_or(&full));
    match e.classify() {
        serde_json::error::Category::Eof => {
            format!("this line ends in the middle of a JSON object ({what})")
        }
        serde_json::error::Category::Data => format!("this line is not a JSON object ({what})"),
        _ => format!("this line is not valid JSON ({what})"),
    }
}

/// The unit [`guess_unit`] reads a timestamp of this size in.
fn unit_name(n: f64) -> &'static str {
    match n.abs() {
        a if a > 1e17 => "nanoseconds",
        a if a > 1e14 => "microseconds",
        a if a > 1e11 => "milliseconds",
        _ => "seconds",
    }
}

/// Timesketch's guess: over 1e17 ns, over 1e14 µs, over 1e11 ms, else seconds.
fn guess_unit(n: f64) -> i64 {
    let a = n.abs();
    let us = if a > 1e17 {
        n / 1e3
    } else if a > 1e14 {
        n
    } else if a > 1e11 {
        n * 1e3
    } else {
        n * 1e6
    };
    us.round() as i64
}

/// A UTC instant at microsecond precision.
fn date_from_micros(us: i64) -> Option<Date> {
    let secs = us.div_euclid(1_000_000);
    let micros = us.rem_euclid(1_000_000) as u32;
    Date::from_secs(secs as f64, Precision::Second)?
        .with_fraction(micros * 1000, 6)
        .ok()?
        .with_utc_offset(UtcOffset::UTC)
        .ok()
}

/// `["a","b"]`, `a,b`, `-`, `a`, or a JSON array.
fn tags_of(v: &Value) -> Vec<String> {
    let clean = |s: &str| -> Option<String> {
        let t = s.trim();
        (!t.is_empty() && t != "-").then(|| t.to_string())
    };
    match v {
        Value::Array(list) => list
            .iter()
            .filter_map(|t| match t {
                Value::String(s) => clean(s),
                Value::Null => None,
                other => Some(other.to_string()),
            })
            .collect(),
        Value::String(s) => {
            let t = s.trim();
            if t.starts_with('[')
                && let Ok(Value::Array(list)) = serde_json::from_str(t)
            {
                return tags_of(&Value::Array(list));
            }
            t.split(',').filter_map(clean).collect()
        }
        Value::Null => Vec::new(),
        other => vec![other.to_string()],
    }
}

/// What one reader produced from its share of a file: a part of the CSV rows (see
/// [`csv_parts`](super::csv_parts)) or a run of JSONL lines.
struct Part {
    events: Vec<Event>,
    /// Per event: its spreadsheet row, counted from the part's start (CSV), or its line in
    /// the file (JSONL).
    positions: Vec<usize>,
    shared: Shared,
    /// Records read: data rows (CSV) or lines that are not blank (JSONL).
    records: usize,
    /// The row the reader ended on (CSV).
    last_row: usize,
    /// The byte of the file where the reader stopped (CSV).
    end: usize,
    /// The reader stopped at an error that ends the file (CSV).
    stopped: bool,
    /// The id events of a later part get until they are named (None in the first part).
    placeholder: Option<String>,
    /// About how many events come before this part, to guess its events' ids' lengths.
    before: usize,
}

impl Part {
    fn new(input: &Input, first: bool, before: usize, capacity: usize) -> Part {
        let file = input.file;
        Part {
            placeholder: (!first).then(|| build::placeholder_id(input.text.len())),
            before,
            events: Vec::with_capacity(capacity),
            positions: Vec::with_capacity(capacity),
            shared: Shared {
                lanes: Lanes::default(),
                tags: TagInterner::new(),
                names: FieldNames::default(),
                report: Report::new(file),
            },
            records: 0,
            last_row: 0,
            end: 0,
            stopped: false,
        }
    }

    /// Counts a record; false when the load was cancelled.
    fn count_record(&mut self, input: &Input) -> bool {
        self.records += 1;
        if self.records.is_multiple_of(PROGRESS_EVERY) {
            input.progress.add_events(PROGRESS_EVERY);
            return !input.progress.is_cancelled();
        }
        true
    }

    /// Adds the event of `record` at `position`, or its problems and a skipped entry.
    fn add(&mut self, file: &str, record: Record, position: usize) {
        let location = record.location.clone();
        // The first part names its events; later ones get a stand-in until `join` knows how
        // many events came before them.
        let number = self.events.len() + 1;
        let id = match &self.placeholder {
            None => Cow::Owned(build::numbered_id(number)),
            Some(placeholder) => {
                Cow::Borrowed(build::stand_in_id(placeholder, self.before + number))
            }
        };
        match event_of(file, record, id, &mut self.shared) {
            Ok(event) => {
                self.events.push(event);
                self.positions.push(position);
            }
            Err((problems, title)) => {
                let report = &mut self.shared.report;
                problems.into_iter().for_each(|p| report.push(p));
                report.skip(Skipped {
                    kind: "event",
                    position,
                    name: (!title.is_empty()).then_some(title),
                    location,
                });
            }
        }
    }
}

impl Part {
    /// The timeline of the joined parts, titled after the file (Timesketch files have none);
    /// `at` locates an event from its position (a row or a line).
    fn finish(
        self,
        format: Format,
        input: &Input,
        at: fn(usize) -> Location,
    ) -> Result<Loaded, LoadError> {
        let meta = TimelineMeta {
            title: input.stem.to_string(),
            ..Default::default()
        };
        let positions = self.positions;
        let locate = |i: usize| at(positions[i]);
        build::finish(
            format,
            meta,
            self.shared.lanes,
            self.events,
            Ids::Numbered,
            self.shared.report,
            &locate,
        )
    }
}

impl PartEnd for Part {
    fn end(&self) -> usize {
        self.end
    }
    fn stopped(&self) -> bool {
        self.stopped
    }
}

/// Joins the parts in file order: lanes by label, events named by their place in the whole
/// file ("e1", "e2"… as one reader names them). `rows` for CSV parts, whose rows count from
/// each part's start.
fn join(parts: Vec<Part>, rows: bool) -> Option<Part> {
    let mut parts = parts.into_iter();
    let mut all = parts.next()?;
    let rest: Vec<Part> = parts.collect();
    let later: usize = rest.iter().map(|p| p.events.len()).sum();
    all.events.reserve(later);
    all.positions.reserve(later);
    for mut part in rest {
        let lanes = all.shared.lanes.join_part(&part.shared.lanes);
        let shift = if rows { all.last_row } else { 0 };
        part.shared.report.shift_rows(shift);
        all.positions
            .extend(part.positions.iter().map(|r| r + shift));
        // Moved into the merged vector on every core (its pages too), each event given its
        // joined lane and named by its place in the whole file on the way.
        let base = all.events.len();
        all.events
            .par_extend(part.events.into_par_iter().enumerate().map(|(k, mut e)| {
                lanes.place(&mut e);
                e.set_id(&build::numbered_id(base + k + 1));
                e
            }));
        all.shared.report.append(part.shared.report);
        all.records += part.records;
        all.last_row += part.last_row;
        all.end = part.end;
        all.stopped = part.stopped;
    }
    Some(all)
}

/// Reads a Timesketch CSV, in parts on every core when it is big. `lane_by` names the column
/// that gives lanes.
pub(crate) fn read_csv(
    input: &Input,
    header: Header,
    lane_by: Option<&str>,
) -> Result<Loaded, LoadError> {
    let parts = parts_for(input.text.len(), Some(PARALLEL_MIN_BYTES));
    read_csv_in_parts(input, header, lane_by, parts)
}

/// The columns of a Timesketch CSV, found once per file.
struct CsvColumns {
    message: Option<usize>,
    desc: Option<usize>,
    datetime: Option<usize>,
    timestamp: Option<usize>,
    tag: Option<usize>,
    lane: Option<usize>,
    /// The unknown-field name of each other column.
    keys: Vec<Option<String>>,
}

fn read_csv_in_parts(
    input: &Input,
    header: Header,
    lane_by: Option<&str>,
    parts: usize,
) -> Result<Loaded, LoadError> {
    let find = |name: &str| {
        let key = normalize(name);
        header.keys.iter().position(|k| *k == key)
    };
    let lane_name = lane_column(|c| find(c).is_some(), lane_by);
    let lane = match lane_name {
        Some(name) => Some(find(name).ok_or_else(|| {
            LoadError::single(Problem::error(
                input.file,
                Location::Row {
                    row: header.row,
                    column: None,
                },
                format!(
                    "no column {name:?} to take lanes from; expected one of the header's \
                     columns: {}",
                    header.names.join(", ")
                ),
            ))
        })?),
        None => None,
    };
    let (keys, renamed) = header.extra_keys(
        input.file,
        (0..header.names.len()).filter(|&i| !READ.contains(&header.keys[i].as_str())),
        &["timestamp", "timestamp_desc"],
    );
    let cols = CsvColumns {
        message: find("message"),
        desc: find("timestamp_desc"),
        datetime: find("datetime"),
        timestamp: find("timestamp"),
        tag: find("tag"),
        lane,
        keys,
    };
    let read = read_parts(input, &header, parts, |first, rows, capacity| {
        read_csv_part(input, &header, &cols, first, rows, capacity)
    })?;
    let mut all =
        join(read, true).ok_or_else(|| LoadError::whole_file(input.file, "nothing was read"))?;
    // Warnings about the header come before the rows'.
    let rows_report = std::mem::replace(&mut all.shared.report, Report::new(input.file));
    renamed.into_iter().for_each(|p| all.shared.report.push(p));
    all.shared.report.append(rows_report);
    let max_events = input.limits.max_events;
    if all.events.len() > max_events && all.shared.report.fatal.is_none() {
        all.shared.report.fatal = Some(too_many_events(
            input.file,
            Location::Row {
                row: all.positions[max_events],
                column: None,
            },
            max_events,
        ));
    }
    all.finish(Format::TimesketchCsv, input, |row| Location::Row {
        row,
        column: None,
    })
}

/// Reads the rows of one part of a Timesketch CSV.
fn read_csv_part(
    input: &Input,
    header: &Header,
    cols: &CsvColumns,
    first: bool,
    mut rows: Rows,
    capacity: usize,
) -> Part {
    let mut part = Part::new(input, first, rows.estimated_rows_before(), capacity);
    // The columns kept as unknown fields, listed once instead of looked at in every row.
    let kept_columns: Vec<(usize, FieldName)> = cols
        .keys
        .iter()
        .enumerate()
        .filter_map(|(i, key)| Some((i, part.shared.names.get(key.as_deref()?))))
        .collect();
    let fields = kept_columns.len() + 2;
    loop {
        match rows.advance() {
            Ok(true) => {}
            Ok(false) => break,
            Err(p) => {
                part.shared.report.push(p);
                part.stopped = true;
                break;
            }
        }
        if !part.count_record(input) {
            break;
        }
        if let Some(p) = rows.oversized_cell(header) {
            let report = &mut part.shared.report;
            report.push(p);
            report.skip(Skipped {
                kind: "event",
                position: rows.row,
                name: None,
                location: rows.location(None),
            });
            continue;
        }
        let cell = |i: Option<usize>| {
            i.map(|i| rows.cell(i))
                .filter(|c| !c.is_empty())
                .map(|c| Value::String(c.to_string()))
        };
        // Sized once for every field the record may keep (timestamp and its description
        // too): growing the map costs more than filling it.
        let mut rest = Extra::new();
        rest.reserve(fields);
        for (i, name) in &kept_columns {
            let c = rows.cell(*i);
            if !c.is_empty() {
                rest.insert(name.clone(), Value::String(c.to_string()));
            }
        }
        rest.compact();
        let at = |field: &str| {
            let key = normalize(field);
            let column = header
                .keys
                .iter()
                .position(|k| *k == key)
                .and_then(|i| header.names.get(i));
            rows.location(column.map(String::as_str))
        };
        let record = Record {
            message: cols.message.map(|i| rows.cell(i).to_string()),
            timestamp_desc: cols.desc.map(|i| rows.cell(i).to_string()),
            datetime: cell(cols.datetime),
            timestamp: cell(cols.timestamp),
            tag: cell(cols.tag),
            lane: cols.lane.map(|i| rows.cell(i).to_string()),
            rest,
            location: rows.location(None),
            at: &at,
        };
        part.add(input.file, record, rows.row);
    }
    if let Some(fatal) = rows.take_fatal() {
        part.shared.report.fatal = Some(fatal);
        part.stopped = true;
    }
    part.last_row = rows.row;
    part.end = rows.position();
    part
}

/// Reads a Timesketch JSONL file: one JSON object per line; a line that is not one is an
/// error located at its line and column, and the other lines still load. A big file is read
/// in runs of lines on every core.
pub(crate) fn read_jsonl(input: &Input, lane_by: Option<&str>) -> Result<Loaded, LoadError> {
    let parts = parts_for(input.text.len(), Some(PARALLEL_MIN_BYTES));
    read_jsonl_in_parts(input, lane_by, parts)
}

fn read_jsonl_in_parts(
    input: &Input,
    lane_by: Option<&str>,
    parts: usize,
) -> Result<Loaded, LoadError> {
    let map = TextMap::new(input.text);
    let text = input.text;
    // Runs of whole lines: a JSONL record never spans a newline.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(cut_points(text, 0, parts))
        .collect();
    let ends: Vec<usize> = starts[1..]
        .iter()
        .copied()
        .chain(std::iter::once(text.len()))
        .collect();
    // The line each run starts on: the newlines before it, counted on every core.
    let newlines: Vec<usize> = starts
        .par_iter()
        .zip(&ends)
        .map(|(&a, &b)| memchr::memchr_iter(b'\n', &text.as_bytes()[a..b]).count())
        .collect();
    let first_lines = newlines.iter().scan(1, |line, n| {
        let first = *line;
        *line += n;
        Some(first)
    });
    let runs: Vec<(usize, usize, usize)> = starts
        .iter()
        .zip(&ends)
        .zip(first_lines)
        .map(|((&a, &b), line)| (a, b, line))
        .collect();
    let read: Vec<Part> = runs
        .par_iter()
        .map(|&(from, to, first_line)| {
            read_jsonl_run(input, &map, lane_by, from, &text[from..to], first_line)
        })
        .collect();
    let all =
        join(read, false).ok_or_else(|| LoadError::whole_file(input.file, "nothing was read"))?;
    if all.records > input.limits.max_events {
        return Err(LoadError::single(too_many_events(
            input.file,
            Location::Text {
                line: line_of_record(text, input.limits.max_events + 1),
                column: 1,
            },
            input.limits.max_events,
        )));
    }
    all.finish(Format::TimesketchJsonl, input, |line| Location::Text {
        line,
        column: 1,
    })
}

/// The line of the `n`th line that is not blank (1-based), or the last line.
fn line_of_record(text: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut last = 1;
    for (k, line) in text.split('\n').enumerate() {
        last = k + 1;
        if !line.trim().is_empty() {
            seen += 1;
            if seen == n {
                break;
            }
        }
    }
    last
}

/// Reads the JSONL lines of `run`, which starts at byte `offset` of the file, on line
/// `first_line`. Stops past the file's event limit (the caller refuses the file then).
fn read_jsonl_run(
    input: &Input,
    map: &TextMap,
    lane_by: Option<&str>,
    offset: usize,
    run: &str,
    first_line: usize,
) -> Part {
    // Lines before the run, as a guess at the events before it.
    let mut part = Part::new(input, offset == 0, first_line.saturating_sub(1), 0);
    let mut offset = offset;
    for (n, line) in run.split('\n').enumerate() {
        let line_no = first_line + n;
        let line_start = offset;
        offset += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        if !part.count_record(input) || part.records > input.limits.max_events {
            break;
        }
        let location = Location::Text {
            line: line_no,
            column: 1,
        };
        let mut obj = match serde_json::from_str::<Map<String, Value>>(line) {
            Ok(obj) => obj,
            Err(e) => {
                let column_offset = line_start + e.column().saturating_sub(1).min(line.len());
                let report = &mut part.shared.report;
                report.push(Problem::error(
                    input.file,
                    map.location(column_offset),
                    format!(
                        "{}; expected one JSON object per line, such as {{\"message\": \"…\", \
                         \"datetime\": \"2015-07-24T19:01:01+00:00\", \"timestamp_desc\": \"…\"}}",
                        line_problem(&e)
                    ),
                ));
                report.skip(Skipped {
                    kind: "event",
                    position: line_no,
                    name: None,
                    location,
                });
                continue;
            }
        };
        let message = match obj.remove("message") {
            Some(Value::String(s)) => Some(s),
            Some(other) => Some(other.to_string()),
            None => None,
        };
        let lane_key = lane_column(|c| obj.contains_key(c), lane_by).map(str::to_string);
        let lane = lane_key.as_ref().and_then(|k| match obj.get(k) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        });
        let timestamp_desc = match obj.remove("timestamp_desc") {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        };
        let datetime = obj.remove("datetime");
        let timestamp = obj.remove("timestamp");
        let tag = obj.remove("tag");
        let at = |_: &str| Location::Text {
            line: line_no,
            column: 1,
        };
        for removed in ["_id", "_type", "_index", "_source", "__ts_timeline_id"] {
            obj.remove(removed);
        }
        let record = Record {
            message,
            timestamp_desc,
            datetime,
            timestamp,
            tag,
            lane,
            rest: part.shared.names.extra_of(obj),
            location,
            at: &at,
        };
        part.add(input.file, record, line_no);
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a reader of the file could see: events with their fields, lanes, problems
    /// and skipped records with their locations.
    fn summary(l: &Result<Loaded, LoadError>) -> Vec<String> {
        let l = match l {
            Ok(l) => l,
            Err(e) => return vec![e.to_string()],
        };
        let t = &l.timeline;
        let mut out: Vec<String> = t
            .events()
            .iter()
            .map(|e| {
                format!(
                    "{} {} {} {} {:?} {:?} {:?}",
                    e.id(),
                    e.title(),
                    e.start.to_iso(),
                    e.lane(),
                    e.tags(),
                    e.display_date(),
                    e.extra()
                )
            })
            .collect();
        out.extend(
            t.lanes()
                .iter()
                .map(|l| format!("lane {} {}", l.id, l.label)),
        );
        out.extend(l.problems.iter().map(|p| p.to_string()));
        out.extend(l.skipped.iter().map(|s| s.to_string()));
        out
    }

    /// Records with hosts as lanes, tags in every form, multi-line quoted messages (CSV),
    /// blank lines, and bad records: every seventh has no date, every thirteenth a datetime
    /// that is not one, every nineteenth line (JSONL) is not JSON.
    fn records(jsonl: bool) -> String {
        let mut text = String::new();
        if !jsonl {
            text.push_str("message,timestamp,datetime,timestamp_desc,hostname,tag,extra\n");
        }
        for i in 0..3000 {
            let datetime = match i {
                _ if i % 7 == 0 => String::new(),
                _ if i % 13 == 0 => "2015-13-40T00:00:00Z".into(),
                _ => format!(
                    "20{:02}-0{}-1{}T0{}:00:00.{:06}+00:00",
                    10 + i % 9,
                    1 + i % 9,
                    i % 10,
                    i % 10,
                    i
                ),
            };
            let host = format!("HOST-{}", i % 6);
            if jsonl {
                if i % 19 == 0 {
                    text.push_str("{\"message\": \"cut off\n");
                    continue;
                }
                if i % 50 == 0 {
                    text.push_str("\n\r\n");
                }
                let dt = if datetime.is_empty() {
                    "null".to_string()
                } else {
                    format!("{datetime:?}")
                };
                text.push_str(&format!(
                    "{{\"message\": \"Event {i}\", \"datetime\": {dt}, \"timestamp_desc\": \"Creation Time\", \"hostname\": \"{host}\", \"tag\": [\"t{}\"], \"n\": {i}}}\n",
                    i % 4
                ));
            } else {
                let message = if i % 11 == 0 {
                    format!("\"Event {i},\nsecond line\"")
                } else {
                    format!("Event {i}")
                };
                if i % 50 == 0 {
                    text.push('\n');
                }
                text.push_str(&format!(
                    "{message},,{datetime},Creation Time,{host},\"t{},u\",x{i}\n",
                    i % 4
                ));
            }
        }
        text
    }

    #[test]
    fn parts_read_the_same_as_one_pass() {
        for jsonl in [false, true] {
            let text = records(jsonl);
            let load = |parts| load_in_parts(&text, jsonl, parts);
            let loaded = load(1);
            let read = loaded.as_ref().expect("loads");
            assert!(read.timeline.len() > 2_000, "jsonl: {jsonl}");
            assert!(read.skipped.len() > 500, "jsonl: {jsonl}");
            assert_eq!(read.timeline.lanes().len(), 6, "jsonl: {jsonl}");
            let one = summary(&loaded);
            for parts in [2, 5, 16] {
                assert_eq!(one, summary(&load(parts)), "jsonl: {jsonl}, parts: {parts}");
            }
        }
    }

    /// Loads `text` as Timesketch CSV or JSONL in `parts` parts.
    fn load_in_parts(text: &str, jsonl: bool, parts: usize) -> Result<Loaded, LoadError> {
        let options = crate::io::LoadOptions::default();
        let input = Input {
            file: "sketch",
            stem: "sketch",
            text,
            progress: &crate::io::progress::UNWATCHED,
            limits: crate::io::Limits::default(),
            options: &options,
        };
        if jsonl {
            read_jsonl_in_parts(&input, None, parts)
        } else {
            let header = Header::read(&input)?;
            read_csv_in_parts(&input, header, None, parts)
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any mix of good rows, bad rows, blank lines, quoted line breaks and broken JSON reads
        /// the same in parts as in one pass: events, ids, lanes, problems and their locations.
        #[test]
        fn any_records_read_the_same_in_parts(
            kinds in proptest::collection::vec(0u8..8, 1..200),
            jsonl in proptest::bool::ANY,
            parts in 2usize..9,
        ) {
            let mut text = String::new();
            if !jsonl {
                text.push_str("message,timestamp,datetime,timestamp_desc,hostname,tag\n");
            }
            for (i, kind) in kinds.iter().enumerate() {
                let host = format!("H{}", i % 3);
                let line = match (kind, jsonl) {
                    (0, false) => format!("m{i},,2020-01-0{}T00:00:00Z,Write,{host},a\n", 1 + i % 9),
                    (1, false) => format!("\"m{i},\nnext line\",1700000000000000,,Write,{host},\n"),
                    (2, false) => format!("m{i},,not a date,Write,{host},\n"),
                    (3, false) => format!(",,2020-01-01,,{host},\n"),
                    (4, false) => "\n".to_string(),
                    (5, false) => format!("m{i},5,2021-02-03T04:05:06.789+01:00,Write,,\"[\"\"x\"\"]\"\n"),
                    (6, false) => format!("m{i},,2020-01-01,Write,{host},a,extra,cells\n"),
                    (_, false) => format!("m{i},-500000,1969-12-31T23:59:59.5Z,,{host},-\n"),
                    (0, true) => format!("{{\"message\": \"m{i}\", \"datetime\": \"2020-01-0{}\", \"hostname\": \"{host}\"}}\n", 1 + i % 9),
                    (1, true) => format!("{{\"message\": \"m{i}\", \"timestamp\": 1700000000000000, \"tag\": [\"t\"]}}\n"),
                    (2, true) => format!("{{\"message\": \"m{i}\", \"datetime\": \"bad\"}}\n"),
                    (3, true) => "{\"message\": \n".to_string(),
                    (4, true) => "\r\n".to_string(),
                    (5, true) => format!("[\"m{i}\"]\n"),
                    (6, true) => format!("{{\"message\": \"m{i}\", \"datetime\": \"2021-02-03T04:05:06.789+01:00\", \"timestamp\": 5}}\n"),
                    (_, true) => format!("{{\"message\": \"\", \"datetime\": \"2020\", \"hostname\": \"{host}\"}}\n"),
                };
                text.push_str(&line);
            }
            let one = summary(&load_in_parts(&text, jsonl, 1));
            proptest::prop_assert_eq!(one, summary(&load_in_parts(&text, jsonl, parts)));
        }
    }

    #[test]
    fn timestamps_in_any_unit_become_microseconds() {
        assert_eq!(guess_unit(1_700_000_000.0), 1_700_000_000_000_000);
        assert_eq!(guess_unit(1_700_000_000_123.0), 1_700_000_000_123_000);
        assert_eq!(guess_unit(1_700_000_000_123_456.0), 1_700_000_000_123_456);
        assert_eq!(
            guess_unit(1_700_000_000_123_456_000.0),
            1_700_000_000_123_456
        );
        assert_eq!(
            date_from_micros(1_700_000_000_123_456).map(|d| d.to_iso()),
            Some("2023-11-14T22:13:20.123456Z".into())
        );
    }

    /// Found by fuzzing: the difference of a huge timestamp and a datetime of the year 1011
    /// overflowed.
    #[test]
    fn a_timestamp_far_from_the_datetime_is_a_warning_not_an_overflow() {
        let text = "{\"message\": \"m\", \"datetime\": \"1011-11-11T00:00:00\", \
                    \"timestamp\": 17000036000000000123456}\n";
        let loaded = crate::io::load_bytes("t.jsonl", text.as_bytes(), None).unwrap();
        assert_eq!(
            loaded.timeline.events()[0].start.to_iso(),
            "1011-11-11T00:00:00"
        );
        let warnings: Vec<String> = loaded.problems.iter().map(|p| p.message.clone()).collect();
        assert!(
            warnings.iter().any(|m| m.contains("but datetime says")),
            "{warnings:?}"
        );
    }

    /// Timestamps near 1970 are small numbers: read as µs they agree with their datetime,
    /// though their size alone would make them seconds or milliseconds.
    #[test]
    fn microseconds_near_1970_agree_with_their_datetime() {
        let text = "message,timestamp,datetime,timestamp_desc\n\
                    a,-500000,1969-12-31T23:59:59.500000+00:00,Creation Time\n\
                    b,-99993539484992,1966-10-31T16:01:00.515008+00:00,Creation Time\n\
                    c,99993539484992,1973-03-03T07:58:59.484992+00:00,Creation Time\n\
                    d,1700000000,2023-11-14T22:13:20+00:00,Creation Time\n\
                    e,5,2023-11-14T22:13:20+00:00,Creation Time\n";
        let loaded = crate::io::load_bytes("t.csv", text.as_bytes(), None).unwrap();
        assert_eq!(loaded.timeline.len(), 5);
        let warnings: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        // Only "e" disagrees: 5 is neither 5 s nor 5 µs after 1970 in 2023.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("row 6"), "{warnings:?}");
    }

    #[test]
    fn tags_in_every_form() {
        let tags = |v: Value| tags_of(&v);
        assert_eq!(
            tags(Value::from("[\"lateral\", \"ssh\"]")),
            ["lateral", "ssh"]
        );
        assert_eq!(tags(Value::from("a, b")), ["a", "b"]);
        assert_eq!(tags(Value::from("-")), Vec::<String>::new());
        assert_eq!(tags(Value::from("one")), ["one"]);
        assert_eq!(tags(serde_json::json!(["x", "", null])), ["x"]);
    }
}
