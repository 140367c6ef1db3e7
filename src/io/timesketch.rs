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

use super::build::{self, Lanes, NO_LANE, Report};
use super::csv_util::{Header, Rows, normalize};
use super::error::{LoadError, Location, Problem, Skipped, date_message, quoted};
use super::json::TextMap;
use super::limits::too_many_events;
use super::progress::PROGRESS_EVERY;
use super::{Format, Input, Loaded};
use crate::model::{
    Date, Event, EventParts, Extra, Precision, TagInterner, TimelineMeta, UtcOffset,
};
use serde_json::{Map, Value};

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

/// Builds the event of one record, or the problems that stopped it.
/// What records share while a file is read: lanes by label, tags, the problems.
struct Shared {
    lanes: Lanes,
    tags: TagInterner,
    report: Report,
}

fn event_of(
    file: &str,
    record: Record,
    index: usize,
    shared: &mut Shared,
) -> Result<Event, Vec<Problem>> {
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
        return Err(problems);
    };
    if let (Some(us), Some(Value::String(_)), Some(raw)) =
        (from_timestamp, &record.datetime, &record.timestamp)
    {
        let from_datetime = start.start_micros();
        if us.abs_diff(from_datetime) > AGREEMENT_MICROS.unsigned_abs() {
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
        extra.insert("timestamp".into(), ts);
    }
    let display_date = record
        .timestamp_desc
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|desc| {
            extra.insert("timestamp_desc".into(), Value::String(desc.to_string()));
            format!("{} \u{2014} {desc}", start.display())
        });
    Ok(Event::from(EventParts {
        lane,
        tags: shared.tags.tags(&tags),
        display_date,
        extra,
        ..EventParts::new(format!("e{}", index + 1), title, start)
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

/// Reads a Timesketch CSV. `lane_by` names the column that gives lanes.
pub(crate) fn read_csv(
    input: &Input,
    header: Header,
    lane_by: Option<&str>,
) -> Result<Loaded, LoadError> {
    let find = |name: &str| {
        let key = normalize(name);
        header.keys.iter().position(|k| *k == key)
    };
    let lane_name = lane_column(|c| find(c).is_some(), lane_by);
    let lane_col = match lane_name {
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
    let (message, desc, datetime, timestamp, tag) = (
        find("message"),
        find("timestamp_desc"),
        find("datetime"),
        find("timestamp"),
        find("tag"),
    );
    let (keys, renamed) = header.extra_keys(
        input.file,
        (0..header.names.len()).filter(|&i| !READ.contains(&header.keys[i].as_str())),
        &["timestamp", "timestamp_desc"],
    );
    let mut rows = Rows::new(input, &header)?;
    let mut shared = Shared {
        lanes: Lanes::default(),
        tags: TagInterner::new(),
        report: Report::new(input.file),
    };
    renamed.into_iter().for_each(|p| shared.report.push(p));
    let mut events = Vec::with_capacity(rows.estimated_rows());
    let mut event_rows = Vec::with_capacity(events.capacity());
    let mut ordinal = 0usize;
    loop {
        match rows.advance() {
            Ok(true) => {}
            Ok(false) => break,
            Err(p) => {
                shared.report.push(p);
                break;
            }
        }
        ordinal += 1;
        if ordinal.is_multiple_of(PROGRESS_EVERY) {
            input.progress.add_events(PROGRESS_EVERY);
            if input.progress.is_cancelled() {
                break;
            }
        }
        if let Some(p) = rows.oversized_cell(&header) {
            shared.report.push(p);
            shared.report.skip(Skipped {
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
        let mut rest = Extra::new();
        for (i, key) in keys.iter().enumerate() {
            let c = rows.cell(i);
            if let Some(key) = key
                && !c.is_empty()
            {
                rest.insert(key.clone(), Value::String(c.to_string()));
            }
        }
        let at = |field: &str| {
            let column = find(field).and_then(|i| header.names.get(i));
            rows.location(column.map(String::as_str))
        };
        let record = Record {
            message: message.map(|i| rows.cell(i).to_string()),
            timestamp_desc: desc.map(|i| rows.cell(i).to_string()),
            datetime: cell(datetime),
            timestamp: cell(timestamp),
            tag: cell(tag),
            lane: lane_col.map(|i| rows.cell(i).to_string()),
            rest,
            location: rows.location(None),
            at: &at,
        };
        let title = record.message.clone().unwrap_or_default();
        match event_of(input.file, record, events.len(), &mut shared) {
            Ok(event) => {
                events.push(event);
                event_rows.push(rows.row);
            }
            Err(problems) => {
                problems.into_iter().for_each(|p| shared.report.push(p));
                shared.report.skip(Skipped {
                    kind: "event",
                    position: rows.row,
                    name: (!title.is_empty()).then_some(title),
                    location: rows.location(None),
                });
            }
        }
    }
    shared.report.fatal = rows.take_fatal();
    let meta = TimelineMeta {
        title: input.stem.to_string(),
        ..Default::default()
    };
    let locate = |i: usize| Location::Row {
        row: event_rows[i],
        column: None,
    };
    build::finish(
        Format::TimesketchCsv,
        meta,
        shared.lanes,
        events,
        shared.report,
        &locate,
    )
}

/// Reads a Timesketch JSONL file: one JSON object per line; a line that is not one is an
/// error located at its line and column, and the other lines still load.
pub(crate) fn read_jsonl(input: &Input, lane_by: Option<&str>) -> Result<Loaded, LoadError> {
    let map = TextMap::new(input.text);
    let mut shared = Shared {
        lanes: Lanes::default(),
        tags: TagInterner::new(),
        report: Report::new(input.file),
    };
    let mut events = Vec::new();
    let mut event_lines = Vec::new();
    let mut offset = 0;
    let mut records = 0usize;
    for (n, line) in input.text.split('\n').enumerate() {
        let line_no = n + 1;
        let line_start = offset;
        offset += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        records += 1;
        if records > input.limits.max_events {
            return Err(LoadError::single(too_many_events(
                input.file,
                Location::Text {
                    line: line_no,
                    column: 1,
                },
                input.limits.max_events,
            )));
        }
        if records.is_multiple_of(PROGRESS_EVERY) {
            input.progress.add_events(PROGRESS_EVERY);
            if input.progress.is_cancelled() {
                break;
            }
        }
        let location = Location::Text {
            line: line_no,
            column: 1,
        };
        let mut obj = match serde_json::from_str::<Map<String, Value>>(line) {
            Ok(obj) => obj,
            Err(e) => {
                let column_offset = line_start + e.column().saturating_sub(1).min(line.len());
                shared.report.push(Problem::error(
                    input.file,
                    map.location(column_offset),
                    format!(
                        "{}; expected one JSON object per line, such as {{\"message\": \"…\", \
                         \"datetime\": \"2015-07-24T19:01:01+00:00\", \"timestamp_desc\": \"…\"}}",
                        line_problem(&e)
                    ),
                ));
                shared.report.skip(Skipped {
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
            rest: Extra::from(obj),
            location: location.clone(),
            at: &at,
        };
        let title = record.message.clone().unwrap_or_default();
        match event_of(input.file, record, events.len(), &mut shared) {
            Ok(event) => {
                events.push(event);
                event_lines.push(line_no);
            }
            Err(problems) => {
                problems.into_iter().for_each(|p| shared.report.push(p));
                shared.report.skip(Skipped {
                    kind: "event",
                    position: line_no,
                    name: (!title.is_empty()).then_some(title),
                    location,
                });
            }
        }
    }
    let meta = TimelineMeta {
        title: input.stem.to_string(),
        ..Default::default()
    };
    let locate = |i: usize| Location::Text {
        line: event_lines[i],
        column: 1,
    };
    build::finish(
        Format::TimesketchJsonl,
        meta,
        shared.lanes,
        events,
        shared.report,
        &locate,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
