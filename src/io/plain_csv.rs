//! Plain CSV as people make it in a spreadsheet: one event per row, columns found by header
//! name (case, spaces, `_` and `-` ignored) among common synonyms. Dates in ISO or the
//! unambiguous spreadsheet forms of [`csv_util::parse_sheet_date`](super::csv_util). Columns
//! it does not know are kept as extra fields. The synonyms are listed in the README.
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
use super::csv_util::{
    DATE_FORMS, FLAG_FORMS, Header, Rows, SlashOrder, parse_flag, parse_sheet_date, parse_time,
};
use super::error::{LoadError, Location, Problem, Skipped};
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

struct Cols {
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

fn find_columns(input: &Input, header: &Header) -> Result<Cols, LoadError> {
    let found = header.names.join(", ");
    let need = |synonyms: &[&str], what: &str| {
        header.find(synonyms).ok_or_else(|| {
            LoadError::single(Problem::error(
                input.file,
                Location::Row {
                    row: header.row,
                    column: None,
                },
                format!(
                    "no {what} column; expected a header named {} (the header row has: {found})",
                    synonyms
                        .iter()
                        .take(4)
                        .map(|s| format!("\"{s}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ))
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
    let lower = token.to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("mailto:") || lower.starts_with("www.")
}

/// Reads a date cell plus an optional time cell.
fn read_date(
    rows: &Rows,
    header: &Header,
    col: usize,
    time_col: Option<usize>,
) -> Result<Option<(Date, bool)>, Problem> {
    let cell = rows.cell(col);
    if cell.is_empty() {
        return Ok(None);
    }
    let (date, circa) = parse_sheet_date(cell, SlashOrder::Unambiguous)
        .map_err(|m| rows.cell_error(header, col, m))?;
    let Some(t) = time_col.filter(|&t| !rows.cell(t).is_empty()) else {
        return Ok(Some((date, circa)));
    };
    if date.precision() != Precision::Day {
        return Err(rows.cell_error(
            header,
            t,
            "a time needs a date with a day and no time of its own; expected the date column \
             to hold a day such as 1985-02-07",
        ));
    }
    let (h, m, s) = parse_time(rows.cell(t)).map_err(|m| rows.cell_error(header, t, m))?;
    let date = Date::time(
        date.year_number(),
        date.month_number(),
        date.day_number(),
        h,
        m.unwrap_or(0),
        s,
    )
    .map_err(|e| rows.cell_error(header, t, super::error::date_message(&e)))?;
    Ok(Some((date, circa)))
}

/// Reads a plain CSV file.
pub(crate) fn read(input: &Input, header: Header) -> Result<Loaded, LoadError> {
    let cols = find_columns(input, &header)?;
    let known = cols.known();
    let mut report = Report::new(input.file);
    let mut lanes = Lanes::default();
    let mut events = Vec::new();
    let mut event_rows = Vec::new();
    let mut rows = Rows::new(input, &header)?;
    let mut ordinal = 0;
    let name_of = |i: Option<usize>| i.and_then(|i| header.names.get(i)).map(String::as_str);
    loop {
        match rows.advance() {
            Ok(true) => {}
            Ok(false) => break,
            Err(p) => {
                report.push(p);
                break;
            }
        }
        ordinal += 1;
        let title = rows.cell(cols.title).to_string();
        let skipped = |report: &mut Report, rows: &Rows| {
            report.skip(Skipped {
                kind: "event",
                position: rows.row,
                name: (!title.is_empty()).then(|| title.clone()),
                location: rows.location(None),
            })
        };
        if rows.unclosed_quote_at_end() {
            report.push(rows.error(
                None,
                "a quoted cell starting in this row is never closed, so it runs to the end of \
                 the file; expected a closing \" — is the file truncated?",
            ));
            skipped(&mut report, &rows);
            break;
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
        let mut problems = Vec::new();
        if title.is_empty() {
            problems.push(rows.error(
                name_of(Some(cols.title)),
                "the title is empty; expected a short text naming the event",
            ));
        }
        let start = match read_date(&rows, &header, cols.start, cols.time) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                problems.push(rows.error(
                    name_of(Some(cols.start)),
                    format!("missing start date; {DATE_FORMS}"),
                ));
                None
            }
            Err(p) => {
                problems.push(p);
                None
            }
        };
        let end = match cols
            .end
            .map(|c| read_date(&rows, &header, c, cols.end_time))
        {
            Some(Ok(d)) => d,
            Some(Err(p)) => {
                problems.push(p);
                None
            }
            None => None,
        };
        if let (Some((s, _)), Some((e, _))) = (&start, &end) {
            if e.end_of_precision_secs() <= s.start_secs() {
                problems.push(
                    rows.error(
                        name_of(cols.end),
                        format!(
                            "the end ({}) is before the start ({}); expected an end on or after \
                             the start",
                            e.display(),
                            s.display()
                        ),
                    )
                    .with_value(&super::error::quoted(rows.cell_opt(cols.end))),
                );
            }
        }
        let mut circa = start.is_some_and(|(_, c)| c);
        if let Some(c) = cols.circa {
            match parse_flag(rows.cell(c)) {
                Some(flag) => circa |= flag,
                None => problems.push(rows.cell_error(&header, c, FLAG_FORMS)),
            }
        }
        let (Some((start, _)), true) = (start, problems.is_empty()) else {
            problems.into_iter().for_each(|p| report.push(p));
            skipped(&mut report, &rows);
            continue;
        };

        let mut extra = Extra::new();
        let mut sources = Vec::new();
        let url_cell = rows.cell_opt(cols.url);
        let (links, words): (Vec<&str>, Vec<&str>) = url_cell
            .split(|c: char| c.is_whitespace() || c == ';' || c == '|')
            .filter(|t| !t.is_empty())
            .partition(|t| looks_like_link(t));
        if !words.is_empty() && links.is_empty() {
            // "Washington Post" in a Source column: a citation, not a link.
            if let Some(c) = cols.url {
                extra.insert(header.names[c].clone(), Value::String(url_cell.to_string()));
            }
        }
        let publisher = Some(rows.cell_opt(cols.publisher).to_string()).filter(|s| !s.is_empty());
        let source_title =
            Some(rows.cell_opt(cols.source_title).to_string()).filter(|s| !s.is_empty());
        for link in links {
            sources.push(Source {
                url: link.to_string(),
                title: source_title.clone(),
                publisher: publisher.clone(),
                ..Default::default()
            });
        }
        for (i, name) in header.names.iter().enumerate() {
            let cell = rows.cell(i);
            if !known.contains(&Some(i)) && !cell.is_empty() && !name.is_empty() {
                extra.insert(name.clone(), Value::String(cell.to_string()));
            }
        }
        let lane_cell = rows.cell_opt(cols.lane);
        let lane = if lane_cell.is_empty() {
            NO_LANE
        } else {
            lanes.for_label(lane_cell)
        };
        let id = rows.cell_opt(cols.id);
        let color = rows.cell_opt(cols.color);
        let display = rows.cell_opt(cols.display_date);
        events.push(Event {
            id: if id.is_empty() {
                format!("e{ordinal}")
            } else {
                id.to_string()
            },
            title,
            description: rows.cell_opt(cols.description).to_string(),
            start,
            end: end.map(|(e, _)| e),
            circa,
            lane,
            tags: split_tags(rows.cell_opt(cols.tags)),
            color: (!color.is_empty()).then(|| color.to_string()),
            sources,
            display_date: (!display.is_empty()).then(|| display.to_string()),
            extra,
        });
        event_rows.push(rows.row);
    }
    let meta = TimelineMeta {
        title: input.stem.to_string(),
        ..Default::default()
    };
    let locate = |i: usize| Location::Row {
        row: event_rows[i],
        column: name_of(cols.id).map(str::to_string),
    };
    build::finish(Format::PlainCsv, meta, lanes, events, report, &locate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_on_semicolons_and_bars_only() {
        assert_eq!(
            split_tags("DEA; Mexico | Camarena, Enrique"),
            ["DEA", "Mexico", "Camarena, Enrique"]
        );
        assert!(split_tags(" ; ").is_empty());
    }
}
