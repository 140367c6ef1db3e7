//! The TimelineJS Google-Sheets template exported as CSV: the current header (`Year, Month,
//! Day, Time, End Year, End Month, End Day, End Time, Display Date, Headline, Text, Media,
//! Media Credit, Media Caption, Media Thumbnail, Alt Text, Type, Group, Background`; older
//! sheets say `Tag` for `Group`) and version-1 sheets (`Start Date, End Date, Headline, Text,
//! Media, Media Credit, Media Caption, Media Thumbnail, Type, Tag`). `Type` = `title` gives the
//! timeline's title, `era` an era. Dates follow TimelineJS' rules (see
//! [`timelinejs::astronomical_year`](super::timelinejs::astronomical_year)); version-1 dates
//! are read as TimelineJS reads them (`m/d/yyyy`, `m/yyyy`, a year, or ISO).

use super::build::{self, Ids, Lanes, NO_LANE, Report};
use super::csv_parts::{PARALLEL_MIN_BYTES, PartEnd, parts_for, read_parts};
use super::csv_util::{Header, Rows};
use super::error::{LoadError, Location, Problem, Skipped};
use super::html_text::{html_to_text, html_to_text_cow};
use super::progress::PROGRESS_EVERY;
use super::timelinejs::{DateParts, build_date, is_web_link};
use super::typed_date::{SlashOrder, parse_time, parse_typed};
use super::{Format, Input, Loaded};
use crate::model::{
    Date, Era, Event, EventParts, Extra, FieldName, Source, SourceDetails, TimelineMeta,
};
use rayon::prelude::*;
use serde_json::Value;

/// True when the header is a TimelineJS sheet's.
pub(crate) fn matches(header: &Header) -> bool {
    header.has("headline") && (header.has("year") || header.has("startdate"))
}

/// Column indices by role.
struct Cols {
    year: Option<usize>,
    month: Option<usize>,
    day: Option<usize>,
    time: Option<usize>,
    end_year: Option<usize>,
    end_month: Option<usize>,
    end_day: Option<usize>,
    end_time: Option<usize>,
    start_date: Option<usize>,
    end_date: Option<usize>,
    display_date: Option<usize>,
    headline: Option<usize>,
    text: Option<usize>,
    media: Option<usize>,
    media_credit: Option<usize>,
    media_caption: Option<usize>,
    media_thumbnail: Option<usize>,
    alt_text: Option<usize>,
    kind: Option<usize>,
    group: Option<usize>,
    background: Option<usize>,
}

impl Cols {
    fn new(h: &Header) -> Self {
        Cols {
            year: h.find(&["year"]),
            month: h.find(&["month"]),
            day: h.find(&["day"]),
            time: h.find(&["time"]),
            end_year: h.find(&["endyear"]),
            end_month: h.find(&["endmonth"]),
            end_day: h.find(&["endday"]),
            end_time: h.find(&["endtime"]),
            start_date: h.find(&["startdate"]),
            end_date: h.find(&["enddate"]),
            display_date: h.find(&["displaydate"]),
            headline: h.find(&["headline"]),
            text: h.find(&["text"]),
            media: h.find(&["media"]),
            media_credit: h.find(&["mediacredit"]),
            media_caption: h.find(&["mediacaption"]),
            media_thumbnail: h.find(&["mediathumbnail"]),
            alt_text: h.find(&["alttext"]),
            kind: h.find(&["type"]),
            group: h.find(&["group", "tag"]),
            background: h.find(&["background"]),
        }
    }

    fn all(&self) -> [Option<usize>; 21] {
        [
            self.year,
            self.month,
            self.day,
            self.time,
            self.end_year,
            self.end_month,
            self.end_day,
            self.end_time,
            self.start_date,
            self.end_date,
            self.display_date,
            self.headline,
            self.text,
            self.media,
            self.media_credit,
            self.media_caption,
            self.media_thumbnail,
            self.alt_text,
            self.kind,
            self.group,
            self.background,
        ]
    }
}

/// A date read from a row.
struct RowDate {
    date: Date,
    circa: bool,
}

/// A warning about a column of the current row.
type Warning = (Option<usize>, String);

/// Which date of a row: the start (`Year…Time` / `Start Date`) or the end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Start,
    End,
}

/// `"1,985"` → 1985, as TimelineJS' `clean_integer` (spreadsheets add thousands separators).
fn whole_number(cell: &str) -> Result<Option<i64>, String> {
    let parse = |digits: &str| {
        digits
            .parse()
            .map(Some)
            .map_err(|_| "expected a whole number such as 1985 or -44".to_string())
    };
    // Most cells have nothing to take out: parsed as they are, without a copy.
    if cell
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+')
    {
        return if cell.is_empty() {
            Ok(None)
        } else {
            parse(cell)
        };
    }
    let cleaned: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    parse(&cleaned)
}

/// Reads the split date columns of a row. `Ok((None, warnings))` when the year is empty.
fn split_date(
    rows: &Rows,
    header: &Header,
    cols: &Cols,
    which: Which,
) -> Result<(Option<RowDate>, Vec<Warning>), Vec<Problem>> {
    let (y, m, d, t) = match which {
        Which::Start => (cols.year, cols.month, cols.day, cols.time),
        Which::End => (cols.end_year, cols.end_month, cols.end_day, cols.end_time),
    };
    let mut problems = Vec::new();
    let mut number = |col: Option<usize>| -> Option<i64> {
        let i = col?;
        whole_number(rows.cell(i))
            .map_err(|m| problems.push(rows.cell_error(header, i, m)))
            .ok()
            .flatten()
    };
    let mut parts = DateParts {
        year: number(y),
        month: number(m),
        day: number(d),
        ..Default::default()
    };
    if let Some(i) = t.filter(|&i| !rows.cell(i).is_empty()) {
        match parse_time(rows.cell(i)) {
            Ok(time) => {
                parts.hour = Some(time.hour.into());
                parts.minute = time.minute.map(Into::into);
                parts.second = time.second.map(Into::into);
            }
            Err(message) => problems.push(rows.cell_error(header, i, message)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if parts.year.is_none() {
        let others = [m, d, t]
            .iter()
            .flatten()
            .any(|&i| !rows.cell(i).is_empty());
        let mut warnings = Vec::new();
        if which == Which::End && others {
            warnings.push((
                y,
                "End Year is empty, so End Month/Day/Time are ignored (as TimelineJS does); \
                 expected an End Year"
                    .to_string(),
            ));
        }
        return Ok((None, warnings));
    }
    match build_date(&parts) {
        Ok((date, warnings)) => Ok((
            Some(RowDate { date, circa: false }),
            warnings.into_iter().map(|w| (y, w)).collect(),
        )),
        Err(message) => {
            // Name the column that makes the date impossible: the first that fails when the
            // fields are added one by one.
            let year_only = DateParts {
                year: parts.year,
                ..Default::default()
            };
            let with_month = DateParts {
                month: parts.month,
                ..year_only
            };
            let with_day = DateParts {
                day: parts.day,
                ..with_month
            };
            let col = [(y, year_only), (m, with_month), (d, with_day)]
                .iter()
                .find(|(_, p)| build_date(p).is_err())
                .map_or(t, |(c, _)| *c)
                .or(y);
            Err(vec![match col {
                Some(i) => rows.cell_error(header, i, message),
                None => rows.error(None, message),
            }])
        }
    }
}

/// A version-1 `Start Date`/`End Date` cell.
fn v1_date(
    rows: &Rows,
    header: &Header,
    col: Option<usize>,
) -> Result<(Option<RowDate>, Vec<Warning>), Problem> {
    let Some(i) = col else {
        return Ok((None, Vec::new()));
    };
    let cell = rows.cell(i);
    if cell.is_empty() {
        return Ok((None, Vec::new()));
    }
    // A bare (possibly negative) year follows TimelineJS' year rule.
    if let Some(year) = cell
        .strip_prefix('-')
        .unwrap_or(cell)
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| cell.parse::<i64>().ok())
        .flatten()
    {
        let parts = DateParts {
            year: Some(year),
            ..Default::default()
        };
        return build_date(&parts)
            .map(|(date, warnings)| {
                let warnings = warnings.into_iter().map(|w| (Some(i), w)).collect();
                (Some(RowDate { date, circa: false }), warnings)
            })
            .map_err(|m| rows.cell_error(header, i, m));
    }
    // TimelineJS reads its sheets' slashed dates month first.
    parse_typed(cell, SlashOrder::MonthFirst)
        .map(|t| {
            let date = t.date;
            (
                Some(RowDate {
                    date,
                    circa: t.circa,
                }),
                Vec::new(),
            )
        })
        .map_err(|m| rows.cell_error(header, i, m))
}

/// Reads a TimelineJS sheet, in parts on every core when it is big (see [`csv_parts`]).
pub(crate) fn read(input: &Input, header: Header) -> Result<Loaded, LoadError> {
    let parts = parts_for(input.text.len(), Some(PARALLEL_MIN_BYTES));
    read_in_parts(input, header, parts)
}

/// What one reader produced from its part of the sheet.
struct Part {
    /// The title row's headline and text (part 0 only: later parts cannot know whether a
    /// title row came before them; see `title_row_seen`).
    title: Option<(String, String)>,
    /// A later part met a `Type = title` row and read it as a second title (an event).
    title_row_seen: bool,
    eras: Vec<Era>,
    events: Vec<Event>,
    /// Per event: its spreadsheet row and its data-row ordinal, both counted from the part's
    /// start (its id is "e<ordinal>" once the rows before the part are known).
    event_rows: Vec<usize>,
    event_ordinals: Vec<usize>,
    lanes: Lanes,
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

/// Reads the rows cut into (at most) `parts` parts, then joins the parts in file order.
fn read_in_parts(input: &Input, header: Header, parts: usize) -> Result<Loaded, LoadError> {
    let cols = Cols::new(&header);
    let known = cols.all();
    let unknown = (0..header.names.len()).filter(|i| !known.contains(&Some(*i)));
    // "media" and "background" are unknown fields this importer makes itself.
    let (extra_keys, renamed_columns) =
        header.extra_keys(input.file, unknown, &["media", "background"]);
    let read = read_parts(input, &header, parts, |first, rows, capacity| {
        read_part(input, &header, &cols, &extra_keys, first, rows, capacity)
    })?;
    let mut read = read.into_iter();
    let Some(mut all) = read.next() else {
        return Err(LoadError::whole_file(input.file, "nothing was read"));
    };
    let rest: Vec<Part> = read.collect();
    if all.title.is_none() && rest.iter().any(|p| p.title_row_seen) {
        // The file's first title row lies past the first part: read it as one reader does.
        return read_in_parts(input, header, 1);
    }
    let mut meta = TimelineMeta::default();
    if let Some((title, description)) = all.title.take() {
        meta.title = title;
        meta.description = description;
    }
    meta.eras = std::mem::take(&mut all.eras);
    all.events
        .reserve(rest.iter().map(|p| p.events.len()).sum());
    all.event_rows
        .reserve(rest.iter().map(|p| p.events.len()).sum());
    for mut part in rest {
        let lanes = all.lanes.join_part(&part.lanes);
        part.report.shift_rows(all.last_row);
        all.event_rows
            .extend(part.event_rows.iter().map(|r| r + all.last_row));
        // Moved into the merged vector on every core (its pages too), each event given its
        // joined lane and named by its ordinal in the whole file on the way.
        let base = all.ordinals;
        all.events
            .par_extend(
                part.events
                    .into_par_iter()
                    .zip(part.event_ordinals)
                    .map(|(mut e, k)| {
                        lanes.place(&mut e);
                        e.set_id(&build::numbered_id(k + base));
                        e
                    }),
            );
        meta.eras.extend(part.eras);
        all.report.append(part.report);
        all.ordinals += part.ordinals;
        all.last_row += part.last_row;
    }
    renamed_columns.into_iter().for_each(|p| all.report.push(p));
    let max_events = input.limits.max_events;
    if all.events.len() > max_events && all.report.fatal.is_none() {
        let row = all
            .event_rows
            .get(max_events)
            .copied()
            .unwrap_or(all.last_row);
        all.report.fatal = Some(super::limits::too_many_events(
            input.file,
            Location::Row { row, column: None },
            max_events,
        ));
    }
    if meta.title.trim().is_empty() {
        meta.title = input.stem.to_string();
    }
    let event_rows = all.event_rows;
    let locate = |i: usize| Location::Row {
        row: event_rows[i],
        column: None,
    };
    build::finish(
        Format::TimelineJsCsv,
        meta,
        all.lanes,
        all.events,
        Ids::Numbered,
        all.report,
        &locate,
    )
}

/// What a row's Type cell makes it (TimelineJS reads the cell without regard to case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowType {
    /// An empty cell, or "event".
    Event,
    Title,
    Era,
    /// Anything else: read as an event, with a warning.
    Unknown,
}

impl RowType {
    fn of(cell: &str) -> RowType {
        if cell.is_empty() || cell.eq_ignore_ascii_case("event") {
            RowType::Event
        } else if cell.eq_ignore_ascii_case("title") {
            RowType::Title
        } else if cell.eq_ignore_ascii_case("era") {
            RowType::Era
        } else {
            RowType::Unknown
        }
    }
}

/// Reads rows into events, eras and the title; `first` for the part that starts the file.
fn read_part(
    input: &Input,
    header: &Header,
    cols: &Cols,
    extra_keys: &[Option<String>],
    first: bool,
    mut rows: Rows,
    capacity: usize,
) -> Part {
    let v1 = cols.year.is_none();
    let mut part = Part {
        title: None,
        title_row_seen: false,
        eras: Vec::new(),
        events: Vec::with_capacity(capacity),
        event_rows: Vec::with_capacity(capacity),
        event_ordinals: Vec::new(),
        lanes: Lanes::default(),
        report: Report::new(input.file),
        ordinals: 0,
        last_row: 0,
        end: 0,
        stopped: false,
    };
    let report = &mut part.report;
    let lanes = &mut part.lanes;
    let events = &mut part.events;
    let event_rows = &mut part.event_rows;
    // A later part assumes the title row came before it; `title_row_seen` lets the caller
    // check that assumption.
    let mut have_title = !first;
    let mut ordinal = 0;
    let placeholder = build::placeholder_id(input.text.len());
    let rows_before = rows.estimated_rows_before();
    // The columns kept as unknown fields, listed once instead of looked at in every row.
    // Named once per part: its events share the names, and cores do not share their counts.
    let kept_columns: Vec<(usize, FieldName)> = extra_keys
        .iter()
        .enumerate()
        .filter_map(|(i, key)| Some((i, FieldName::from(key.as_deref()?))))
        .collect();
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
        ordinal += 1;
        if ordinal % PROGRESS_EVERY == 0 {
            input.progress.add_events(PROGRESS_EVERY);
            if input.progress.is_cancelled() {
                break;
            }
        }
        let headline = html_to_text_cow(rows.cell_opt(cols.headline));
        let skip = |report: &mut Report, kind: &'static str, rows: &Rows| {
            report.skip(Skipped {
                kind,
                position: rows.row,
                name: (!headline.is_empty()).then(|| headline.to_string()),
                location: rows.location(None),
            })
        };
        if rows.unclosed_quote_at_end() {
            report.push(Problem::error(
                input.file,
                rows.location(None),
                "a quoted cell starting in this row is never closed, so it runs to the end of \
                 the file; expected a closing \" — is the file truncated?",
            ));
            skip(report, "event", &rows);
            part.stopped = true;
            break;
        }
        if let Some(p) = rows.oversized_cell(header) {
            report.push(p);
            skip(report, "event", &rows);
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
        let kind = RowType::of(rows.cell_opt(cols.kind));
        let description = html_to_text_cow(rows.cell_opt(cols.text));
        if kind == RowType::Title && !have_title {
            have_title = true;
            part.title = Some((headline.into_owned(), description.into_owned()));
            continue;
        }
        if kind == RowType::Title {
            part.title_row_seen = true;
            report.push(Problem::warning(
                input.file,
                rows.location(
                    cols.kind
                        .and_then(|i| header.names.get(i))
                        .map(String::as_str),
                ),
                "a second title row; read as an event (as TimelineJS does) — expected one title",
            ));
        } else if kind == RowType::Unknown {
            report.push(
                Problem::warning(
                    input.file,
                    rows.location(
                        cols.kind
                            .and_then(|i| header.names.get(i))
                            .map(String::as_str),
                    ),
                    "unknown Type; read as an event — expected \"title\", \"era\" or an empty \
                     cell",
                )
                .with_value(&super::error::quoted(rows.cell_opt(cols.kind))),
            );
        }

        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut date = |which: Which| -> Option<RowDate> {
            let result = if v1 {
                let col = match which {
                    Which::Start => cols.start_date,
                    Which::End => cols.end_date,
                };
                v1_date(&rows, header, col).map_err(|p| vec![p])
            } else {
                split_date(&rows, header, cols, which)
            };
            match result {
                Ok((d, w)) => {
                    warnings.extend(w);
                    d
                }
                Err(p) => {
                    problems.extend(p);
                    None
                }
            }
        };
        let start = date(Which::Start);
        let end = date(Which::End);
        let start_col = if v1 { cols.start_date } else { cols.year };
        let end_col = if v1 { cols.end_date } else { cols.end_year };
        let col_name = |c: Option<usize>| c.and_then(|i| header.names.get(i)).map(String::as_str);
        if start.is_none() && problems.is_empty() {
            problems.push(Problem::error(
                input.file,
                rows.location(col_name(start_col)),
                format!(
                    "missing start date; expected {}",
                    if v1 {
                        "a Start Date such as 1985, 2/7/1985 or 1985-02-07"
                    } else {
                        "a Year (with Month and Day when known)"
                    }
                ),
            ));
        }
        for (col, w) in warnings {
            report.push(Problem::warning(
                input.file,
                rows.location(col_name(col)),
                w,
            ));
        }
        if let (Some(s), Some(e)) = (&start, &end)
            && e.date.end_of_precision_secs() <= s.date.start_secs()
        {
            problems.push(Problem::error(
                input.file,
                rows.location(col_name(end_col)),
                format!(
                    "the end ({}) is before the start ({}); expected an end on or after \
                             the start",
                    e.date.display(),
                    s.date.display()
                ),
            ));
        }
        if kind == RowType::Era && end.is_none() && problems.is_empty() {
            problems.push(Problem::error(
                input.file,
                rows.location(col_name(end_col)),
                "an era row needs an end date; expected an End Year (or End Date)",
            ));
        }
        let (Some(start), true) = (start, problems.is_empty()) else {
            problems.into_iter().for_each(|p| report.push(p));
            skip(
                report,
                if kind == RowType::Era { "era" } else { "event" },
                &rows,
            );
            continue;
        };
        if kind == RowType::Era {
            if let Some(end) = end {
                part.eras.push(Era {
                    label: headline.into_owned(),
                    start: start.date,
                    end: end.date,
                    color: None,
                    extra: Extra::new(),
                });
            }
            continue;
        }

        let mut extra = Extra::new();
        let mut sources = Vec::new();
        let media = rows.cell_opt(cols.media);
        if is_web_link(media) {
            let mut source_extra = Extra::new();
            for (key, col) in [("thumbnail", cols.media_thumbnail), ("alt", cols.alt_text)] {
                let cell = rows.cell_opt(col);
                if !cell.is_empty() {
                    source_extra.insert(key, Value::String(cell.to_string()));
                }
            }
            let text = |c| Some(html_to_text(rows.cell_opt(c))).filter(|s| !s.is_empty());
            // Exactly one: a vector grown by a push keeps room for four, and the event's
            // boxed slice would copy it into one that fits.
            sources = vec![Source::with_details(
                media,
                SourceDetails {
                    title: text(cols.media_caption),
                    publisher: text(cols.media_credit),
                    extra: source_extra,
                    ..Default::default()
                },
            )];
        } else if !media.is_empty() {
            extra.insert("media", Value::String(media.to_string()));
        }
        let mut color = None;
        let background = rows.cell_opt(cols.background);
        if !background.is_empty() {
            // TimelineJS: a URL (http, https, protocol- or site-relative) is an image, anything
            // else a colour.
            if background.starts_with("http") || background.starts_with('/') {
                let mut b = serde_json::Map::new();
                b.insert("url".into(), Value::String(background.to_string()));
                extra.insert("background", Value::Object(b));
            } else {
                color = Some(background.to_string());
            }
        }
        for (i, name) in &kept_columns {
            let cell = rows.cell(*i);
            if !cell.is_empty() {
                extra.insert(name.clone(), Value::String(cell.to_string()));
            }
        }
        let group = rows.cell_opt(cols.group);
        let lane = if group.is_empty() {
            NO_LANE
        } else {
            lanes.for_label(group)
        };
        let display = rows.cell_opt(cols.display_date);
        if !first {
            part.event_ordinals.push(ordinal);
        }
        events.push(Event::from(EventParts {
            // Later parts are named once the rows before them are counted.
            id: if first {
                build::numbered_id(ordinal).into()
            } else {
                build::stand_in_id(&placeholder, rows_before + ordinal).into()
            },
            title: headline,
            description,
            start: start.date,
            end: end.map(|e| e.date),
            circa: start.circa,
            lane,
            tags: Default::default(),
            color,
            sources,
            display_date: (!display.is_empty()).then(|| display.to_string()),
            extra,
        }));
        event_rows.push(rows.row);
    }
    part.ordinals = ordinal;
    part.last_row = rows.row;
    part.end = rows.position();
    part.report.fatal = rows.take_fatal();
    part.stopped |= part.report.fatal.is_some();
    part
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_cells_are_read_without_regard_to_case() {
        for (cell, kind) in [
            ("", RowType::Event),
            ("Event", RowType::Event),
            ("TITLE", RowType::Title),
            ("title", RowType::Title),
            ("Era", RowType::Era),
            ("eras", RowType::Unknown),
            ("\u{130}tle", RowType::Unknown),
        ] {
            assert_eq!(RowType::of(cell), kind, "{cell:?}");
        }
    }

    #[test]
    fn number_cells_read_with_and_without_separators() {
        assert_eq!(whole_number("1985"), Ok(Some(1985)));
        assert_eq!(whole_number("-44"), Ok(Some(-44)));
        assert_eq!(whole_number("1,985"), Ok(Some(1985)));
        assert_eq!(whole_number("19 85"), Ok(Some(1985)));
        assert_eq!(whole_number(""), Ok(None));
        assert_eq!(whole_number(" , "), Ok(None));
        assert!(whole_number("--").is_err());
        assert!(whole_number("19x").is_err());
    }

    fn load(text: &str, parts: usize) -> Loaded {
        let input = Input {
            file: "sheet.csv",
            stem: "sheet",
            text,
            progress: &crate::io::progress::UNWATCHED,
            limits: crate::io::Limits::default(),
            options: &crate::io::LoadOptions::default(),
        };
        let header = Header::read(&input).unwrap();
        read_in_parts(&input, header, parts).unwrap()
    }

    /// Everything a reader of the file could see: title, eras, events, lanes and problems.
    fn summary(l: &Loaded) -> Vec<String> {
        let t = &l.timeline;
        let mut out = vec![t.title().to_string()];
        out.extend(t.eras().iter().map(|e| format!("era {}", e.label)));
        out.extend(t.events().iter().map(|e| {
            format!(
                "{} {} {} {} {:?}",
                e.id(),
                e.title(),
                e.start.to_iso(),
                e.lane(),
                e.sources().first().map(|s| s.url())
            )
        }));
        out.extend(t.lanes().iter().map(|l| format!("lane {}", l.id)));
        out.extend(l.problems.iter().map(|p| p.to_string()));
        out.extend(l.skipped.iter().map(|s| s.to_string()));
        out
    }

    const HEADER: &str = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,\
                          Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Alt Text,\
                          Type,Group,Background\n";

    /// A sheet with a title row, eras, groups, HTML text, multi-line quoted cells and bad rows
    /// (every third row has a day that does not exist).
    fn sheet(title_at: usize) -> String {
        let mut text = String::from(HEADER);
        for i in 0..3000 {
            if i == title_at {
                text.push_str(",,,,,,,,,The <b>case</b>,Intro,,,,,,title,,\n");
            }
            let day = if i % 3 == 0 { 31 } else { 1 + i % 28 };
            let kind = if i % 500 == 7 { "era" } else { "" };
            let text_cell = if i % 11 == 0 {
                "\"<p>two</p>\nlines\""
            } else {
                "plain"
            };
            text.push_str(&format!(
                "{},2,{day},,{},,,,,Event {i},{text_cell},https://e.org/{i},,,,,{kind},G{},\n",
                1900 + i % 100,
                if kind == "era" { "2001" } else { "" },
                i % 5
            ));
        }
        text
    }

    #[test]
    fn parts_read_the_same_as_one_pass() {
        for title_at in [0, 1500] {
            let text = sheet(title_at);
            let one = load(&text, 1);
            assert!(one.timeline.len() > 1_500);
            assert!(!one.skipped.is_empty());
            assert_eq!(one.timeline.title(), "The case", "title row at {title_at}");
            for parts in [2, 5, 16] {
                assert_eq!(
                    summary(&one),
                    summary(&load(&text, parts)),
                    "title row at {title_at}, parts: {parts}"
                );
            }
        }
    }
}
