//! TimelineJS3 JSON import (Knight Lab's `title` slide, `events` slides, `eras`), plus the
//! TimelineJS date rules shared with the sheet importer ([`timelinejs_csv`](super::timelinejs_csv)):
//! date objects whose fields are numbers or strings, precision from the fields present, and
//! TimelineJS' negative years. HTML in text becomes plain text. Writing TimelineJS is not done.
//!
//! Mapping: `text.headline` → title, `text.text` → description (HTML reduced to text), the
//! `title` slide's headline/text → the timeline's title/description, `unique_id` → id,
//! `group` → lane, `background.color` → colour, `display_date` of the slide (or
//! `display_date`/`display_text` of its date objects) → display date, `media.url` when it is an
//! http(s) link → a source (`media.credit` → publisher, `media.caption` → title). Everything
//! else of a slide is kept in the event's extra fields.

use super::build::{self, Ids, Lanes, NO_LANE, Report};
use super::error::{LoadError, Location, Problem, Skipped};
use super::html_text::html_to_text;
use super::json::{self, Cx, RawObject, TextMap, TopLevel, kind_of, raw_array, show_raw};
use super::{Format, Input, LoadProgress, Loaded};
use crate::model::{Date, Era, Event, EventParts, Extra, Source, SourceDetails, TimelineMeta};
use rayon::prelude::*;
use serde_json::Value;
use serde_json::value::RawValue;

/// TimelineJS year → astronomical year (the model's numbering).
///
/// TimelineJS builds dates with JavaScript's `Date`, whose years are astronomical (year 0 is
/// 1 BCE, year -1 is 2 BCE), but it *labels* a negative year by its absolute value with "BCE"
/// (`Language.formatJSDate`: `Math.abs(y)` + the `negative_year` suffix). So a TimelineJS
/// author who wrote `-44` saw "44 BCE" on screen, and that is what they meant: we map
/// `-44` → astronomical `-43`, which Chronoscope displays as "44 BCE". Positive years are
/// unchanged. Year `0` (shown as "0" by TimelineJS) has no BCE/CE reading; it is kept as
/// astronomical 0 = 1 BCE, with a warning.
pub fn astronomical_year(timelinejs_year: i64) -> i64 {
    if timelinejs_year < 0 {
        timelinejs_year + 1
    } else {
        timelinejs_year
    }
}

/// The fields of a TimelineJS date (object or sheet columns), already whole numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DateParts {
    pub year: Option<i64>,
    pub month: Option<i64>,
    pub day: Option<i64>,
    pub hour: Option<i64>,
    pub minute: Option<i64>,
    pub second: Option<i64>,
}

impl DateParts {
    pub fn is_empty(&self) -> bool {
        *self == DateParts::default()
    }
}

/// Builds a date at the precision the fields give (year only → year, … hour/minute → minute,
/// second → second). Returns the date and warnings (fields ignored, year 0); `Err` is the
/// message of a date that cannot be.
pub(crate) fn build_date(p: &DateParts) -> Result<(Date, Vec<String>), String> {
    let mut warnings = Vec::new();
    let Some(year) = p.year else {
        return Err("a date needs a year; expected a whole number such as 1985 or -44".into());
    };
    if year == 0 {
        warnings.push(
            "TimelineJS year 0 has no BCE/CE reading (TimelineJS shows it as \"0\"); read as \
             1 BCE — expected a non-zero year"
                .to_string(),
        );
    }
    let year = astronomical_year(year);
    let year = i32::try_from(year).map_err(|_| {
        format!(
            "year {year} is outside the supported range ±{}; expected a smaller year",
            crate::model::date::MAX_ABS_YEAR
        )
    })?;
    let small = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    let has_time = p.hour.is_some() || p.minute.is_some() || p.second.is_some();
    let result = match (p.month, p.day) {
        (None, day) => {
            if day.is_some() || has_time {
                warnings.push("ignored the day and time: they need a month".into());
            }
            Date::year(year)
        }
        (Some(m), None) => {
            if has_time {
                warnings.push("ignored the time: it needs a day".into());
            }
            Date::month(year, small(m))
        }
        (Some(m), Some(d)) if has_time => {
            let hour = p.hour.unwrap_or(0);
            Date::time(
                year,
                small(m),
                small(d),
                small(hour),
                small(p.minute.unwrap_or(0)),
                p.second.map(small),
            )
        }
        (Some(m), Some(d)) => Date::day(year, small(m), small(d)),
    };
    result
        .map(|d| (d, warnings))
        .map_err(|e| super::error::date_message(&e))
}

/// A TimelineJS number field: a JSON number or a numeric string (`"1985"`, `"02"`, `" -44 "`);
/// `""` and `null` count as absent.
fn whole_number(raw: &RawValue) -> Result<Option<i64>, String> {
    let expected = || {
        format!(
            "found {}; expected a whole number such as 1985",
            kind_of(raw)
        )
    };
    match serde_json::from_str::<Value>(raw.get()).map_err(|_| expected())? {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Ok(Some(i)),
            None => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(Some(f as i64)),
                _ => Err(expected()),
            },
        },
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            s.parse::<i64>()
                .map(Some)
                .map_err(|_| "expected a whole number such as 1985".to_string())
        }
        _ => Err(expected()),
    }
}

/// A parsed date object: the date and its display text.
struct DateObject {
    date: Date,
    display: Option<String>,
}

/// Reads a `start_date`/`end_date` object. `Ok(None)` for an end date without a year, as
/// TimelineJS drops those.
fn read_date_object(
    cx: &Cx,
    raw: &RawValue,
    field: &str,
    optional: bool,
    report: &mut Report,
) -> Result<Option<DateObject>, Vec<Problem>> {
    let obj = RawObject::parse(raw).map_err(|_| {
        vec![cx.at(
            raw,
            field,
            format!(
                "found {}; expected a date object such as {{\"year\": 1985, \"month\": 2}}",
                kind_of(raw)
            ),
        )]
    })?;
    let mut parts = DateParts::default();
    let mut problems = Vec::new();
    let mut display = None;
    for (key, v) in &obj.entries {
        let slot = match key.as_ref() {
            "year" => &mut parts.year,
            "month" => &mut parts.month,
            "day" => &mut parts.day,
            "hour" => &mut parts.hour,
            "minute" => &mut parts.minute,
            "second" => &mut parts.second,
            "display_date" | "display_text" => {
                match cx.string(v, &format!("{field}.{key}")) {
                    Ok(s) => display = s.filter(|s| !s.trim().is_empty()),
                    Err(p) => problems.push(p),
                }
                continue;
            }
            _ => continue,
        };
        match whole_number(v) {
            Ok(n) => *slot = n,
            Err(m) => problems.push(cx.at(v, &format!("{field}.{key}"), m)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if optional && parts.year.is_none() {
        if !parts.is_empty() {
            report.push(
                Problem::warning(
                    cx.file,
                    cx.location(raw),
                    "ignored this end date: it has no year (TimelineJS drops it too); expected \
                     \"year\"",
                )
                .with_field(field),
            );
        }
        return Ok(None);
    }
    let at = obj.get("year").unwrap_or(raw);
    match build_date(&parts) {
        Ok((date, warnings)) => {
            for w in warnings {
                report.push(
                    Problem::warning(cx.file, cx.location(at), w)
                        .with_field(field)
                        .with_value(&show_raw(raw)),
                );
            }
            Ok(Some(DateObject { date, display }))
        }
        Err(message) => Err(vec![cx.at(raw, field, message)]),
    }
}

/// Headline and text of a `text` object, as plain text.
fn read_text(cx: &Cx, raw: &RawValue, field: &str) -> Result<(String, String), Vec<Problem>> {
    let obj = RawObject::parse(raw).map_err(|_| {
        vec![cx.at(
            raw,
            field,
            format!(
                "found {}; expected {{\"headline\": \"…\", \"text\": \"…\"}}",
                kind_of(raw)
            ),
        )]
    })?;
    let mut problems = Vec::new();
    let mut get = |key: &str| match obj
        .get(key)
        .map(|v| cx.string(v, &format!("{field}.{key}")))
    {
        Some(Ok(s)) => html_to_text(&s.unwrap_or_default()),
        Some(Err(p)) => {
            problems.push(p);
            String::new()
        }
        None => String::new(),
    };
    let headline = get("headline");
    let text = get("text");
    if problems.is_empty() {
        Ok((headline, text))
    } else {
        Err(problems)
    }
}

/// True for an http(s) link (not an embed code or a bare word).
pub(crate) fn is_web_link(url: &str) -> bool {
    let url = url.trim();
    // Compared in place: a lowercase copy of every media cell cost 2 % of a sheet's load.
    let scheme = |s: &str| {
        url.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    };
    // Most links are ASCII: their bytes are checked without decoding characters.
    let spaced = if url.is_ascii() {
        url.bytes()
            .any(|b| b == b' ' || (b'\t'..=b'\r').contains(&b))
    } else {
        url.contains(char::is_whitespace)
    };
    (scheme("http://") || scheme("https://")) && !spaced
}

/// A `media` object as a source when its url is a web link; otherwise `None` (kept as extra).
fn media_source(cx: &Cx, raw: &RawValue) -> Result<Option<Source>, Vec<Problem>> {
    let Ok(obj) = RawObject::parse(raw) else {
        return Ok(None);
    };
    let mut problems = Vec::new();
    let mut text = |key: &str| -> Option<String> {
        let v = obj.get(key)?;
        match cx.string(v, &format!("media.{key}")) {
            Ok(s) => s,
            Err(p) => {
                problems.push(p);
                None
            }
        }
    };
    let url = text("url").unwrap_or_default();
    let caption = text("caption").map(|c| html_to_text(&c));
    let credit = text("credit").map(|c| html_to_text(&c));
    if !problems.is_empty() {
        return Err(problems);
    }
    if !is_web_link(&url) {
        return Ok(None);
    }
    let mut extra = Extra::new();
    cx.extra(&obj, &["url", "caption", "credit"], &mut problems)
        .into_iter()
        .filter(|(_, v)| !matches!(v, Value::String(s) if s.is_empty()))
        .for_each(|(k, v)| {
            extra.insert(k, v);
        });
    Ok(Some(Source::with_details(
        url.trim(),
        SourceDetails {
            title: caption.filter(|c| !c.is_empty()),
            publisher: credit.filter(|c| !c.is_empty()),
            extra,
            ..Default::default()
        },
    )))
}

/// Reads a TimelineJS JSON file whose top level is already split.
pub(crate) fn read(input: &Input, map: &TextMap, top: TopLevel) -> Result<Loaded, LoadError> {
    let cx = Cx {
        file: input.file,
        map,
    };
    let mut report = Report::new(input.file);
    let mut meta = TimelineMeta::default();
    for (key, raw) in &top.entries {
        match key.as_ref() {
            "title" => read_title_slide(&cx, raw, &mut meta, &mut report),
            "eras" => meta.eras = read_eras(&cx, raw, &mut report),
            _ => match serde_json::from_str::<Value>(raw.get()) {
                Ok(v) => {
                    meta.extra.insert(key.to_string(), v);
                }
                Err(e) => report.push(
                    cx.map
                        .serde_problem(cx.file, raw.get(), &e)
                        .with_field(key.as_ref()),
                ),
            },
        }
    }
    if meta.title.trim().is_empty() {
        meta.title = input.stem.to_string();
    }
    let Some(raws) = top.events else {
        return Err(LoadError::single(Problem::error(
            input.file,
            Location::Text { line: 1, column: 1 },
            "no \"events\" array; expected TimelineJS' top-level \"events\": [ … ] of slides",
        )));
    };
    let threads = rayon::current_num_threads();
    let parts: Vec<SlidePart> = if raws.len() < PARALLEL_MIN_SLIDES || threads < 2 {
        vec![read_slides(&cx, &raws, 0, input.progress)]
    } else {
        // Many parts per thread even out slides that are slower to read.
        let size = raws.len().div_ceil(threads * 16);
        raws.par_chunks(size)
            .enumerate()
            .map(|(k, run)| read_slides(&cx, run, k * size, input.progress))
            .collect()
    };
    if let Some(i) = parts.iter().find_map(|p| p.not_json) {
        return Err(LoadError::single(json::invalid_event(
            map, input.file, raws[i],
        )));
    }
    // Parts are joined in file order: lanes by label, as one reader going on would have made
    // them, and problems in the order that reader would have found them.
    let mut lanes = Lanes::default();
    let mut events = Vec::with_capacity(parts.iter().map(|p| p.events.len()).sum());
    let mut raw_index = Vec::with_capacity(events.capacity());
    for part in parts {
        let placed = lanes.join_part(&part.lanes);
        events.par_extend(part.events.into_par_iter().map(|mut e| {
            placed.place(&mut e);
            e
        }));
        raw_index.extend(part.raw_index);
        report.append(part.report);
    }
    let locate = |i: usize| cx.location(raws[raw_index[i]]);
    build::finish(
        Format::TimelineJs,
        meta,
        lanes,
        events,
        Ids::FromFile,
        report,
        &locate,
    )
}

/// Below this many slides a file is read on one thread.
const PARALLEL_MIN_SLIDES: usize = 20_000;

/// A run of slides read on its own: its events, their places in the file's `events` array, the
/// lanes their groups made and what was found wrong.
struct SlidePart {
    events: Vec<Event>,
    raw_index: Vec<usize>,
    lanes: Lanes,
    report: Report,
    /// The place of a slide that is not valid JSON, where the part stopped: the file is then
    /// refused with serde's error.
    not_json: Option<usize>,
}

/// Reads `raws`, the slides from place `first` on.
fn read_slides(cx: &Cx, raws: &[&str], first: usize, progress: &LoadProgress) -> SlidePart {
    let mut part = SlidePart {
        events: Vec::with_capacity(raws.len()),
        raw_index: Vec::with_capacity(raws.len()),
        lanes: Lanes::default(),
        report: Report::new(cx.file),
        not_json: None,
    };
    for (k, raw) in raws.iter().enumerate() {
        if !progress.go_on_at(k) {
            break;
        }
        let i = first + k;
        match read_slide(cx, raw, i, &mut part.lanes, &mut part.report) {
            Ok(event) => {
                part.events.push(event);
                part.raw_index.push(i);
            }
            Err(_) if json::is_invalid_event(raw) => {
                part.not_json = Some(i);
                break;
            }
            Err((name, problems)) => {
                part.report
                    .skip_event(i + 1, name, problems, cx.location(raw));
            }
        }
    }
    part
}

fn read_title_slide(cx: &Cx, raw: &RawValue, meta: &mut TimelineMeta, report: &mut Report) {
    let Ok(obj) = RawObject::parse(raw) else {
        // A plain string title is not TimelineJS, but its meaning is clear.
        match cx.string(raw, "title") {
            Ok(s) => meta.title = html_to_text(&s.unwrap_or_default()),
            Err(p) => report.push(Problem {
                message: format!("found {}; expected a title slide object", kind_of(raw)),
                ..p
            }),
        }
        return;
    };
    if let Some(text) = obj.get("text") {
        match read_text(cx, text, "title.text") {
            Ok((headline, description)) => {
                meta.title = headline;
                meta.description = description;
            }
            Err(problems) => problems.into_iter().for_each(|p| {
                report.push(Problem {
                    severity: super::Severity::Warning,
                    ..p
                })
            }),
        }
    }
    let mut problems = Vec::new();
    let rest = cx.extra(&obj, &["text"], &mut problems);
    problems.into_iter().for_each(|p| report.push(p));
    if !rest.is_empty() {
        meta.extra
            .insert("title_slide", Value::Object(rest.into_map()));
    }
}

fn read_eras(cx: &Cx, raw: &RawValue, report: &mut Report) -> Vec<Era> {
    let Ok(items) = raw_array(raw) else {
        report.push(cx.at(
            raw,
            "eras",
            format!("found {}; expected an array of eras", kind_of(raw)),
        ));
        return Vec::new();
    };
    let mut eras = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match read_era(cx, item, i, report) {
            Ok(era) => eras.push(era),
            Err((name, problems)) => {
                problems.into_iter().for_each(|p| report.push(p));
                report.skip(Skipped {
                    kind: "era",
                    position: i + 1,
                    name,
                    location: cx.location(item),
                });
            }
        }
    }
    eras
}

type Failure = (Option<String>, Vec<Problem>);

fn read_era(cx: &Cx, raw: &RawValue, i: usize, report: &mut Report) -> Result<Era, Failure> {
    let obj = RawObject::parse(raw).map_err(|_| {
        let p = cx.at(
            raw,
            &format!("eras[{i}]"),
            format!(
                "found {}; expected an era with \"start_date\", \"end_date\" and \"text\"",
                kind_of(raw)
            ),
        );
        (None, vec![p])
    })?;
    let mut problems = Vec::new();
    let label = match obj.get("text").map(|t| read_text(cx, t, "text")) {
        Some(Ok((headline, _))) => headline,
        Some(Err(p)) => {
            problems.extend(p);
            String::new()
        }
        None => String::new(),
    };
    let name = (!label.is_empty()).then(|| label.clone());
    let mut date = |key: &str| -> Option<DateObject> {
        match obj.get(key) {
            None => {
                problems.push(
                    Problem::error(
                        cx.file,
                        cx.location(raw),
                        format!("an era needs \"{key}\"; expected a date object such as {{\"year\": 1985}}"),
                    )
                    .with_field(key),
                );
                None
            }
            Some(v) => match read_date_object(cx, v, key, false, report) {
                Ok(d) => d,
                Err(p) => {
                    problems.extend(p);
                    None
                }
            },
        }
    };
    let start = date("start_date");
    let end = date("end_date");
    let mut extra_problems = Vec::new();
    let extra = cx.extra(
        &obj,
        &["start_date", "end_date", "text"],
        &mut extra_problems,
    );
    problems.extend(extra_problems);
    match (start, end) {
        (Some(s), Some(e)) if problems.is_empty() => {
            if e.date.end_of_precision_secs() <= s.date.start_secs() {
                let at = obj.get("end_date").unwrap_or(raw);
                return Err((
                    name,
                    vec![cx.at(at, "end_date", end_message(&s.date, &e.date))],
                ));
            }
            Ok(Era {
                label,
                start: s.date,
                end: e.date,
                color: None,
                extra,
            })
        }
        _ => Err((name, problems)),
    }
}

fn end_message(start: &Date, end: &Date) -> String {
    format!(
        "the end ({}) is before the start ({}); expected an end on or after the start",
        end.display(),
        start.display()
    )
}

/// Slide keys mapped to event fields; every other key is kept in the event's extra.
const SLIDE_KEYS: [&str; 8] = [
    "start_date",
    "end_date",
    "text",
    "group",
    "display_date",
    "unique_id",
    "media",
    "background",
];

/// Reads one slide from its slice of the `events` array (not yet checked to be JSON: a syntax
/// error fails the slide, and the caller tells it from a wrong slide).
fn read_slide(
    cx: &Cx,
    raw: &str,
    index: usize,
    lanes: &mut Lanes,
    report: &mut Report,
) -> Result<Event, Failure> {
    let obj = RawObject::parse(raw).map_err(|_| {
        let p = cx.at(
            raw,
            &format!("events[{index}]"),
            format!(
                "found {}; expected a slide object with \"start_date\" and \"text\"",
                kind_of(raw)
            ),
        );
        (None, vec![p])
    })?;
    let mut problems = Vec::new();
    let (title, description) = match obj.get("text").map(|t| read_text(cx, t, "text")) {
        Some(Ok(t)) => t,
        Some(Err(p)) => {
            problems.extend(p);
            Default::default()
        }
        None => Default::default(),
    };
    let mut string = |key: &str| -> Option<String> {
        match cx.string(obj.get(key)?, key) {
            Ok(s) => s,
            Err(p) => {
                problems.push(p);
                None
            }
        }
    };
    let unique_id = string("unique_id").filter(|s| !s.trim().is_empty());
    let group = string("group").map(|g| g.trim().to_string());
    let display_date = string("display_date").filter(|s| !s.trim().is_empty());
    let name = unique_id
        .clone()
        .or_else(|| (!title.is_empty()).then(|| title.clone()));

    let start = match obj.get("start_date") {
        None => {
            problems.push(
                Problem::error(
                    cx.file,
                    cx.location(raw),
                    "a slide needs \"start_date\"; expected a date object such as {\"year\": \
                     1985, \"month\": 2, \"day\": 7}",
                )
                .with_field("start_date"),
            );
            None
        }
        Some(v) => read_date_object(cx, v, "start_date", false, report).unwrap_or_else(|p| {
            problems.extend(p);
            None
        }),
    };
    let end = match obj.get("end_date") {
        None => None,
        Some(v) => read_date_object(cx, v, "end_date", true, report).unwrap_or_else(|p| {
            problems.extend(p);
            None
        }),
    };
    if let (Some(s), Some(e)) = (&start, &end)
        && e.date.end_of_precision_secs() <= s.date.start_secs()
    {
        let at = obj.get("end_date").map_or(raw, RawValue::get);
        problems.push(cx.at(at, "end_date", end_message(&s.date, &e.date)));
    }
    let mut sources = Vec::new();
    let mut extra = Extra::new();
    if let Some(media) = obj.get("media") {
        match media_source(cx, media) {
            Ok(Some(source)) => sources.push(source),
            Ok(None) => {
                if let Ok(v) = serde_json::from_str::<Value>(media.get()) {
                    extra.insert("media", v);
                }
            }
            Err(p) => problems.extend(p),
        }
    }
    let mut color = None;
    if let Some(background) = obj.get("background") {
        match serde_json::from_str::<Value>(background.get()) {
            Ok(Value::Object(mut b)) => {
                match b.remove("color") {
                    Some(Value::String(c)) if !c.trim().is_empty() => color = Some(c),
                    _ => {}
                }
                if !b.is_empty() {
                    extra.insert("background", Value::Object(b));
                }
            }
            Ok(other) => {
                extra.insert("background", other);
            }
            Err(e) => problems.push(
                cx.map
                    .serde_problem(cx.file, background.get(), &e)
                    .with_field("background"),
            ),
        }
    }
    extra.extend(cx.extra(&obj, &SLIDE_KEYS, &mut problems));

    let Some(start) = start else {
        return Err((name, problems));
    };
    if !problems.is_empty() {
        return Err((name, problems));
    }
    let lane = match group.as_deref() {
        None | Some("") => NO_LANE,
        Some(g) => lanes.for_label(g),
    };
    let display_date = display_date.or_else(|| match (&start.display, end.as_ref()) {
        (
            Some(s),
            Some(DateObject {
                display: Some(e), ..
            }),
        ) => Some(format!("{s} \u{2013} {e}")),
        (Some(s), _) => Some(s.clone()),
        _ => None,
    });
    Ok(Event::from(EventParts {
        id: unique_id
            .unwrap_or_else(|| build::numbered_id(index + 1))
            .into(),
        title: title.into(),
        description: description.into(),
        start: start.date,
        end: end.map(|e| e.date),
        circa: false,
        lane,
        tags: Default::default(),
        color,
        sources,
        display_date,
        extra,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::parallel_test_support::{
        assert_events_on_lanes, assert_same_load, lane_labels, load_on_threads, repeated_id_lines,
    };

    /// Slides read in parts on several threads give exactly what one thread gives: events in
    /// order, lanes made by groups first seen late in the file, skipped slides and located
    /// problems.
    #[test]
    fn reading_on_several_threads_equals_one_thread() {
        let count = PARALLEL_MIN_SLIDES + 3210;
        let mut text = String::from("{\"title\": {\"text\": {\"headline\": \"T\"}}, \"events\": [");
        for i in 0..count {
            if i > 0 {
                text.push_str(",\n");
            }
            let month = if i % 2999 == 17 { 13 } else { 1 + i % 12 };
            let group = match i % 1013 {
                5 => format!("Late {}", i % 7),
                _ => format!("Group {}", i % 3),
            };
            let id = if i % 4001 == 3 { 0 } else { i };
            text.push_str(&format!(
                "{{\"unique_id\": \"s{id}\", \"start_date\": {{\"year\": \"{}\", \"month\": \"{month}\"}}, \
                 \"text\": {{\"headline\": \"h{i}\", \"text\": \"<p>Slide <b>{i}</b></p>\"}}, \
                 \"group\": \"{group}\"}}",
                1900 + (i * 7919) % 120
            ));
        }
        text.push_str("]}");
        let one = load_on_threads("t.json", &text, 1);
        let several = load_on_threads("t.json", &text, 4);
        assert_eq!(one.format, Format::TimelineJs);
        assert!(!one.skipped.is_empty());
        assert_same_load(&one, &several);
        // Lanes in the order their groups first appear; each slide on its own group's lane.
        let labels = lane_labels(&one);
        assert_eq!(&labels[..4], ["Group 0", "Group 1", "Group 2", "Late 5"]);
        assert_eq!(labels.len(), 10);
        assert_events_on_lanes(&several, |i| match i % 1013 {
            5 => format!("Late {}", i % 7),
            _ => format!("Group {}", i % 3),
        });
        let expected: Vec<usize> = (0..count)
            .filter(|i| i % 4001 == 3 && i % 2999 != 17)
            .map(|i| i + 1)
            .collect();
        assert_eq!(repeated_id_lines(&several), expected);
    }

    #[test]
    fn negative_years_follow_timelinejs_labels() {
        assert_eq!(astronomical_year(-44), -43);
        assert_eq!(astronomical_year(-1), 0);
        assert_eq!(astronomical_year(0), 0);
        assert_eq!(astronomical_year(1985), 1985);
        let (d, w) = build_date(&DateParts {
            year: Some(-44),
            month: Some(3),
            day: Some(15),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(d.display(), "15 Mar 44 BCE");
        assert!(w.is_empty());
        let (_, w) = build_date(&DateParts {
            year: Some(0),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn precision_follows_the_fields_present() {
        let p = |year, month, day, hour, minute, second| DateParts {
            year,
            month,
            day,
            hour,
            minute,
            second,
        };
        let iso = |d: DateParts| build_date(&d).map(|(d, _)| d.to_iso());
        assert_eq!(
            iso(p(Some(1985), None, None, None, None, None)),
            Ok("1985".into())
        );
        assert_eq!(
            iso(p(Some(1985), Some(2), None, None, None, None)),
            Ok("1985-02".into())
        );
        assert_eq!(
            iso(p(Some(1985), Some(2), Some(7), Some(9), None, None)),
            Ok("1985-02-07T09:00".into())
        );
        assert_eq!(
            iso(p(Some(1985), Some(2), Some(7), Some(9), Some(30), Some(5))),
            Ok("1985-02-07T09:30:05".into())
        );
        let (d, w) = build_date(&p(Some(1985), Some(2), None, Some(9), None, None)).unwrap();
        assert_eq!((d.to_iso().as_str(), w.len()), ("1985-02", 1));
        assert_eq!(
            iso(p(Some(2013), Some(2), Some(30), None, None, None)),
            Err(
                "day 30 does not exist in 2013-02; expected a day that exists in that month".into()
            )
        );
        assert!(iso(p(None, Some(2), None, None, None, None)).is_err());
    }

    #[test]
    fn web_links_only() {
        assert!(is_web_link("https://museum.dea.gov/x"));
        assert!(is_web_link(" HTTP://a.org "));
        assert!(!is_web_link("<iframe src=\"https://a.org\"></iframe>"));
        assert!(!is_web_link("javascript:alert(1)"));
        for spaced in [
            "https://a.org/x y",
            "https://a.org/\u{b}x",
            "https://a.org/\u{a0}é",
        ] {
            assert!(!is_web_link(spaced), "{spaced:?}");
        }
        assert!(
            is_web_link("https://a.org/\u{1c}é"),
            "U+001C is not white space"
        );
    }
}
