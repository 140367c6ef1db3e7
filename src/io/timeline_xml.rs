//! The Timeline desktop app's `.timeline` XML (thetimelineproj 2.x, Gregorian time): its
//! strict element order checked as the app's own reader checks it, then events, milestones,
//! eras and categories turned into the model. Parsing XML itself is quick-xml's job. Writing
//! `.timeline` is not done.
//!
//! Mapping:
//! - `category` (or the first of `categories`) → lane, labelled with its parent chain
//!   ("Trials › Appeals"), coloured by the category's `r,g,b`; `hidden_categories` → lanes
//!   hidden until shown in the legend (the lane's `hidden` field);
//! - `text` → title; `[7]Trial` is container 7, a range spanning its subevents `(7)…`; the
//!   prefixes never show, a subevent keeps its container's id in the `container` field;
//! - `start`/`end` (`YYYY-MM-DD HH:MM:SS`, astronomical years, naive wall-clock) → dates at
//!   second precision, or day precision for `00:00:00` (how the app writes a whole day);
//! - `milestone` → a point; `fuzzy` → circa; `ends_today` → the end is now (kept as a field);
//! - `hyperlink` split on `;` → sources; `description` → description; `labels` → tags split
//!   on commas; `default_color` → colour of an event without a category (the app draws an event
//!   in its category's colour, and writes `default_color` for every event); everything else (`progress`, `locked`, `alert`,
//!   `icon`) is kept as a field.
//! - `timetype` other than `gregoriantime` (numbers, fantasy and Egyptian calendars) is refused.
//!
//! Limits: elements nested deeper than the app ever writes, and more `<event>`s than
//! [`Limits::max_events`](super::Limits), are refused at the element that crosses them.

use super::build::{self, Ids, Lanes, NO_LANE, Report};
use super::error::{LoadError, Location, Problem, Skipped, date_message, quoted};
use super::json::TextMap;
use super::limits::too_many_events;
use super::progress::PROGRESS_EVERY;
use super::{Format, Input, Loaded};
use crate::model::{
    Date, Era, Event, EventParts, Extra, Lane, Precision, Source, TagInterner, TimelineMeta,
};
use quick_xml::events::Event as XmlEvent;
use serde_json::Value;
use std::collections::HashMap;

/// The app's files are at most five levels deep; anything much deeper is not a `.timeline`
/// and must not cost a deep stack or unbounded memory.
const MAX_DEPTH: usize = 16;

/// Separator between a category and its parents in a lane label.
pub const CATEGORY_PATH_SEPARATOR: &str = " \u{203a} ";

/// One XML element: its name, where its `<` is, its text (leaf elements) and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    at: usize,
    text: String,
    children: Vec<Element>,
    has_attributes: bool,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }

    /// The app's booleans: only the exact text `True` is true.
    fn flag(&self, name: &str) -> bool {
        self.child_text(name) == Some("True")
    }
}

/// True when the text is XML whose root element is `<timeline>`.
pub(crate) fn matches(text: &str) -> bool {
    root_name(text).as_deref() == Some("timeline")
}

/// The name of the root element, if the text starts like XML.
pub(crate) fn root_name(text: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(XmlEvent::Start(e) | XmlEvent::Empty(e)) => {
                return Some(String::from_utf8_lossy(e.name().as_ref()).into_owned());
            }
            Ok(XmlEvent::Eof) | Err(_) => return None,
            Ok(XmlEvent::Text(t)) if !t.iter().all(u8::is_ascii_whitespace) => return None,
            Ok(_) => {}
        }
    }
}

/// Parses the whole document into elements; an error names the line and column.
fn parse_tree(file: &str, map: &TextMap) -> Result<Element, Problem> {
    let mut reader = quick_xml::Reader::from_str(map.text);
    let mut stack: Vec<Element> = vec![Element::default()];
    let located =
        |offset: u64, message: String| Problem::error(file, map.location(offset as usize), message);
    loop {
        let before = reader.buffer_position() as usize;
        let tag_at = |text: &str| {
            before
                + text
                    .get(before..)
                    .and_then(|t| t.find('<'))
                    .unwrap_or_default()
        };
        let event = reader.read_event().map_err(|e| {
            located(
                reader.error_position(),
                format!("this is not well-formed XML: {e}; expected a .timeline file as the Timeline app writes it"),
            )
        })?;
        match event {
            XmlEvent::Start(ref e) | XmlEvent::Empty(ref e) => {
                let is_empty = matches!(event, XmlEvent::Empty(_));
                let element = Element {
                    name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                    at: tag_at(map.text),
                    has_attributes: e.attributes().next().is_some(),
                    ..Default::default()
                };
                if stack.len() > MAX_DEPTH {
                    return Err(located(
                        element.at as u64,
                        format!(
                            "elements are nested more than {MAX_DEPTH} levels deep; expected a \
                             .timeline file, which needs five"
                        ),
                    ));
                }
                if is_empty {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(element);
                    }
                } else {
                    stack.push(element);
                }
            }
            XmlEvent::End(_) => {
                let Some(done) = stack.pop() else { break };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => break,
                }
            }
            XmlEvent::Text(t) => {
                let text = t
                    .xml10_content()
                    .map_err(|e| located(before as u64, format!("text that is not UTF-8: {e}")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
            XmlEvent::CData(t) => {
                if let (Some(top), Ok(text)) = (stack.last_mut(), t.decode()) {
                    top.text.push_str(&text);
                }
            }
            XmlEvent::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*r {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                let Some(ch) = ch else {
                    return Err(located(
                        before as u64,
                        format!(
                            "unknown entity &{};; expected one of XML's own (&amp; &lt; &gt; \
                             &quot; &apos;) or a character reference such as &#233;",
                            String::from_utf8_lossy(&r[..])
                        ),
                    ));
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push(ch);
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().map(|e| e.name.clone()).unwrap_or_default();
        return Err(Problem::error(
            file,
            map.location(map.text.len()),
            format!(
                "the file ends inside <{open}>; expected the rest of the document — is the file \
                 truncated?"
            ),
        ));
    }
    let document = stack.pop().unwrap_or_default();
    document
        .children
        .into_iter()
        .next()
        .ok_or_else(|| Problem::error(file, Location::File, "no root element; expected <timeline>"))
}

/// How often a child may appear.
#[derive(Clone, Copy, PartialEq)]
enum Count {
    One,
    Optional,
    Any,
}

/// The children each element allows, in the only order the app's reader accepts
/// (`timelinelib/dataimport/timelinexml.py`).
fn schema(element: &str) -> Option<&'static [(&'static str, Count)]> {
    use Count::*;
    Some(match element {
        "timeline" => &[
            ("version", One),
            ("timetype", Optional),
            ("eras", Optional),
            ("categories", One),
            ("events", One),
            ("view", One),
            ("now", Optional),
        ],
        "eras" => &[("era", Any)],
        "era" => &[
            ("name", One),
            ("start", One),
            ("end", One),
            ("color", One),
            ("ends_today", Optional),
        ],
        "categories" => &[("category", Any)],
        "category" => &[
            ("name", One),
            ("color", One),
            ("progress_color", Optional),
            ("done_color", Optional),
            ("font_color", Optional),
            ("parent", Optional),
        ],
        "events" => &[("event", Any)],
        "event" => &[
            ("start", One),
            ("end", One),
            ("text", One),
            ("progress", Optional),
            ("fuzzy", Optional),
            ("locked", Optional),
            ("ends_today", Optional),
            ("category", Optional),
            ("categories", Optional),
            ("description", Optional),
            ("labels", Optional),
            ("alert", Optional),
            ("hyperlink", Optional),
            ("icon", Optional),
            ("default_color", Optional),
            ("milestone", Optional),
        ],
        "view" => &[
            ("displayed_period", Optional),
            ("hidden_categories", Optional),
        ],
        "displayed_period" => &[("start", One), ("end", One)],
        "hidden_categories" => &[("name", Any)],
        _ => return None,
    })
}

/// Checks an element's children against [`schema`]: order, required ones, repeats. Unknown
/// children (a newer app version) are warnings; the rest are errors, as in the app.
fn check_children(
    element: &Element,
    schema_of: &str,
    cx: &Cx,
    errors: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) {
    let Some(expected) = schema(schema_of) else {
        return;
    };
    let order = || {
        expected
            .iter()
            .map(|(n, _)| format!("<{n}>"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if element.has_attributes {
        errors.push(cx.at(
            element,
            format!(
                "<{}> has attributes; expected none — the Timeline app refuses attributes",
                element.name
            ),
        ));
    }
    let mut position = 0;
    let mut seen = vec![0usize; expected.len()];
    for child in &element.children {
        let Some(index) = expected.iter().position(|(n, _)| *n == child.name) else {
            warnings.push(cx.warning_at(
                child,
                format!(
                    "unknown element <{}> in <{}> was ignored; expected {}",
                    child.name,
                    element.name,
                    order()
                ),
            ));
            continue;
        };
        seen[index] += 1;
        if index < position {
            errors.push(cx.at(
                child,
                format!(
                    "<{}> is out of order in <{}>: it comes after <{}>; expected the children \
                     in this order: {} — the Timeline app refuses other orders",
                    child.name,
                    element.name,
                    expected[position].0,
                    order()
                ),
            ));
            continue;
        }
        position = index;
        if seen[index] > 1 && expected[index].1 != Count::Any {
            errors.push(cx.at(
                child,
                format!(
                    "<{}> appears twice in <{}>; expected it once",
                    child.name, element.name
                ),
            ));
        }
    }
    for ((name, count), n) in expected.iter().zip(&seen) {
        if *count == Count::One && *n == 0 {
            errors.push(cx.at(
                element,
                format!("<{}> has no <{name}>; expected one", element.name),
            ));
        }
    }
}

/// Locations and messages for one file.
struct Cx<'a> {
    file: &'a str,
    map: &'a TextMap<'a>,
}

impl Cx<'_> {
    fn location(&self, element: &Element) -> Location {
        self.map.location(element.at)
    }

    fn at(&self, element: &Element, message: impl Into<String>) -> Problem {
        Problem::error(self.file, self.location(element), message)
    }

    fn warning_at(&self, element: &Element, message: impl Into<String>) -> Problem {
        Problem::warning(self.file, self.location(element), message)
    }

    /// An error about a leaf's text, naming the element as the field.
    fn value_error(&self, element: &Element, message: impl Into<String>) -> Problem {
        self.at(element, message)
            .with_field(element.name.as_str())
            .with_value(&quoted(&element.text))
    }
}

/// `YYYY-MM-DD HH:MM:SS` with an astronomical year (`-43-03-15 00:00:00`). Midnight is a whole
/// day (the app writes day events so); other times are at second precision.
fn parse_time(text: &str) -> Result<Date, String> {
    const EXPECTED: &str =
        "expected a time such as \"1985-02-07 09:30:00\" (year-month-day hours:minutes:seconds)";
    let (date, time) = text.trim().split_once(' ').ok_or(EXPECTED)?;
    let (negative, date) = match date.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, date),
    };
    let numbers = |s: &str, n: usize| -> Result<Vec<i64>, String> {
        let parts: Vec<&str> = s
            .split(if n == 3 && s.contains(':') { ':' } else { '-' })
            .collect();
        if parts.len() != n
            || parts
                .iter()
                .any(|p| p.is_empty() || p.len() > 7 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(EXPECTED.to_string());
        }
        Ok(parts.iter().filter_map(|p| p.parse().ok()).collect())
    };
    let ymd = numbers(date, 3)?;
    let hms = numbers(time, 3)?;
    let year = if negative { -ymd[0] } else { ymd[0] };
    let year = i32::try_from(year).map_err(|_| format!("year {year} is out of range"))?;
    let small = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    let date = if hms.iter().all(|&v| v == 0) {
        Date::day(year, small(ymd[1]), small(ymd[2]))
    } else {
        Date::time(
            year,
            small(ymd[1]),
            small(ymd[2]),
            small(hms[0]),
            small(hms[1]),
            Some(small(hms[2])),
        )
    };
    date.map_err(|e| date_message(&e))
}

/// `r,g,b` (decimals 0–255) → `#rrggbb`.
fn parse_color(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.trim().split(',').collect();
    let values: Option<Vec<u8>> = parts.iter().map(|p| p.trim().parse::<u8>().ok()).collect();
    match values.as_deref() {
        Some([r, g, b]) => Ok(format!("#{r:02x}{g:02x}{b:02x}")),
        _ => Err("expected a colour as r,g,b with each 0–255, such as \"200,200,200\"".into()),
    }
}

/// Splits `[7]Trial` / `(7)Opening` / ` (c.) Ides` into the container mark and the title.
fn split_text(text: &str) -> (TextKind, &str) {
    let key = |rest: &str, close: char| -> Option<(String, usize)> {
        let end = rest.find(close)?;
        let id = &rest[1..end];
        (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| (id.to_string(), end))
    };
    if let Some(rest) = text.strip_prefix(' ')
        && rest.starts_with(['(', '['])
    {
        return (TextKind::Plain, rest);
    }
    if text.starts_with('[')
        && let Some((id, end)) = key(text, ']')
    {
        return (TextKind::Container(id), &text[end + 1..]);
    }
    if text.starts_with('(')
        && let Some((id, end)) = key(text, ')')
    {
        return (TextKind::Subevent(id), &text[end + 1..]);
    }
    (TextKind::Plain, text)
}

enum TextKind {
    Plain,
    Container(String),
    Subevent(String),
}

/// Reads a `.timeline` file.
pub(crate) fn read(input: &Input) -> Result<Loaded, LoadError> {
    let map = TextMap::new(input.text);
    let cx = Cx {
        file: input.file,
        map: &map,
    };
    let root = parse_tree(input.file, &map).map_err(LoadError::single)?;
    if root.name != "timeline" {
        return Err(LoadError::single(cx.at(
            &root,
            format!(
                "this XML file's root element is <{}>; expected <timeline>, as the Timeline app \
                 writes it",
                root.name
            ),
        )));
    }
    let mut report = Report::new(input.file);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    check_children(&root, "timeline", &cx, &mut errors, &mut warnings);
    if !errors.is_empty() {
        return Err(LoadError {
            file: input.file.to_string(),
            problems: errors,
            not_listed: 0,
        });
    }
    if let Some(timetype) = root.child("timetype") {
        let kind = timetype.text.trim();
        if kind != "gregoriantime" {
            let what = match kind {
                "numtime" => "plain numbers (numtime), not dates",
                "bosparaniantime" => "the Bosparanian fantasy calendar",
                "coptic" => "the Coptic calendar",
                "pharaonic" => "the Pharaonic calendar",
                _ => "an unknown time type",
            };
            return Err(LoadError::single(cx.value_error(
                timetype,
                format!(
                    "this timeline counts time in {what}; expected gregoriantime — Chronoscope \
                     reads Gregorian dates only"
                ),
            )));
        }
    }
    let mut categories = Categories::default();
    if let Some(list) = root.child("categories") {
        categories.read(list, &cx, &mut report);
    }
    let mut lanes = Lanes::new(Vec::new());
    let hidden: Vec<&str> = root
        .child("view")
        .and_then(|v| v.child("hidden_categories"))
        .map(|h| h.children.iter().map(|n| n.text.as_str()).collect())
        .unwrap_or_default();
    let mut reader = EventReader {
        cx: &cx,
        categories: &categories,
        hidden: &hidden,
        lanes: &mut lanes,
        report: &mut report,
        now: now_date(),
        containers: HashMap::new(),
        locations: Vec::new(),
        tags: TagInterner::new(),
    };
    let mut events = Vec::new();
    if let Some(list) = root.child("events") {
        let max_events = input.limits.max_events;
        for (position, element) in list.children.iter().enumerate() {
            if element.name != "event" {
                continue;
            }
            if position >= max_events {
                return Err(LoadError::single(too_many_events(
                    input.file,
                    cx.location(element),
                    max_events,
                )));
            }
            if position % PROGRESS_EVERY == PROGRESS_EVERY - 1 {
                input.progress.add_events(PROGRESS_EVERY);
                if input.progress.is_cancelled() {
                    break;
                }
            }
            if let Some(event) = reader.event(element, position + 1, &events) {
                reader.locations.push(cx.location(element));
                events.push(event);
            }
        }
    }
    reader.finish_containers(&mut events);
    let locations = std::mem::take(&mut reader.locations);
    let eras = root
        .child("eras")
        .map(|list| read_eras(list, &cx, &mut report))
        .unwrap_or_default();
    warnings.into_iter().for_each(|w| report.push(w));
    let meta = TimelineMeta {
        title: input.stem.to_string(),
        eras,
        ..Default::default()
    };
    let locate = |i: usize| locations.get(i).cloned().unwrap_or(Location::File);
    build::finish(
        Format::TimelineXml,
        meta,
        lanes,
        events,
        Ids::Numbered,
        report,
        &locate,
    )
}

/// "Now" for `ends_today`: the local wall clock at second precision, naive like every time in
/// the file (the app's own `now()` is local).
fn now_date() -> Date {
    let now = chrono::Local::now().naive_local();
    let secs = now.and_utc().timestamp() as f64;
    Date::from_secs(secs, Precision::Second).unwrap_or(FALLBACK_NOW)
}

/// Never used: `from_secs` fails only outside ±262,000 years.
const FALLBACK_NOW: Date = Date::EPOCH;

/// Categories by name, with their lane labels (parent chain) and colours.
#[derive(Default)]
struct Categories {
    by_name: HashMap<String, CategoryInfo>,
}

struct CategoryInfo {
    path: String,
    color: Option<String>,
}

impl Categories {
    fn read(&mut self, list: &Element, cx: &Cx, report: &mut Report) {
        for category in list.children.iter().filter(|c| c.name == "category") {
            let mut errors = Vec::new();
            let mut warnings = Vec::new();
            check_children(category, "category", cx, &mut errors, &mut warnings);
            warnings.into_iter().for_each(|w| report.push(w));
            if !errors.is_empty() {
                errors.into_iter().for_each(|e| report.push(e));
                continue;
            }
            let name = category.child_text("name").unwrap_or_default().to_string();
            let color = match category.child("color").map(|c| (c, parse_color(&c.text))) {
                Some((_, Ok(c))) => Some(c),
                Some((element, Err(m))) => {
                    report.push(cx.value_error(element, m).demoted());
                    None
                }
                None => None,
            };
            let path = match category.child("parent") {
                None => name.clone(),
                Some(parent) => match self.by_name.get(parent.text.as_str()) {
                    Some(p) => format!("{}{CATEGORY_PATH_SEPARATOR}{name}", p.path),
                    None => {
                        report.push(
                            cx.value_error(
                                parent,
                                format!(
                                    "parent category {} is not defined before <{}>; expected \
                                     parents first, as the Timeline app writes them — read as a \
                                     top-level category",
                                    quoted(&parent.text),
                                    "category"
                                ),
                            )
                            .demoted(),
                        );
                        name.clone()
                    }
                },
            };
            if self.by_name.contains_key(&name) {
                report.push(cx.warning_at(
                    category,
                    format!(
                        "category {} is defined twice; the first is used",
                        quoted(&name)
                    ),
                ));
                continue;
            }
            self.by_name.insert(name, CategoryInfo { path, color });
        }
    }
}

struct EventReader<'r, 'a> {
    cx: &'r Cx<'a>,
    categories: &'r Categories,
    hidden: &'r [&'r str],
    lanes: &'r mut Lanes,
    report: &'r mut Report,
    now: Date,
    /// Container id → index of the container event in the list being built.
    containers: HashMap<String, usize>,
    /// Location of each event in the list being built.
    locations: Vec<Location>,
    tags: TagInterner,
}

/// The children of `<event>` read into fields; the rest go to the extra fields.
const EVENT_FIELDS: [&str; 12] = [
    "start",
    "end",
    "text",
    "fuzzy",
    "ends_today",
    "category",
    "categories",
    "description",
    "labels",
    "hyperlink",
    "default_color",
    "milestone",
];

impl EventReader<'_, '_> {
    fn event(&mut self, element: &Element, position: usize, events: &[Event]) -> Option<Event> {
        let cx = self.cx;
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        check_children(element, "event", cx, &mut errors, &mut warnings);
        warnings.into_iter().for_each(|w| self.report.push(w));
        let raw_text = element.child_text("text").unwrap_or_default();
        let (kind, title) = split_text(raw_text);
        let mut date = |name: &str| -> Option<Date> {
            let child = element.child(name)?;
            match parse_time(&child.text) {
                Ok(d) => Some(d),
                Err(m) => {
                    errors.push(cx.value_error(child, m));
                    None
                }
            }
        };
        let start = date("start");
        let end = date("end");
        let mut lane = NO_LANE;
        let category = element.child("category").or_else(|| {
            element
                .child("categories")
                .and_then(|c| c.children.iter().find(|c| c.name == "category"))
        });
        if let Some(category) = category {
            let name = category.text.as_str();
            let categories = self.categories;
            lane = match categories.by_name.get(name) {
                Some(info) => self.lane(name, info),
                None => {
                    self.report.push(
                        cx.value_error(
                            category,
                            format!(
                                "category {} is used before it is defined; expected it among \
                                 <categories> at the top — the Timeline app refuses this file; \
                                 read as a new lane",
                                quoted(name)
                            ),
                        )
                        .demoted(),
                    );
                    self.lanes.for_label(name)
                }
            };
        }
        if title.trim().is_empty()
            && !matches!(kind, TextKind::Container(_))
            && let Some(text) = element.child("text")
        {
            errors.push(cx.value_error(text, "the text is empty; expected a title"));
        }
        let (Some(start), Some(end), true) = (start, end, errors.is_empty()) else {
            errors.into_iter().for_each(|e| self.report.push(e));
            self.report.skip(Skipped {
                kind: "event",
                position,
                name: (!title.is_empty()).then(|| title.to_string()),
                location: cx.location(element),
            });
            return None;
        };
        let milestone = element.flag("milestone");
        let ends_today = element.flag("ends_today") && !milestone;
        let mut parts = EventParts::new(build::numbered_id(position), title, start);
        parts.lane = lane;
        parts.circa = element.flag("fuzzy");
        parts.end = self.end(element, start, end, milestone, ends_today);
        if let Some(d) = element.child_text("description") {
            parts.description = d.into();
        }
        if let Some(labels) = element.child_text("labels") {
            let labels: Vec<&str> = labels
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect();
            parts.tags = self.tags.tags(&labels);
        }
        if let Some(links) = element.child_text("hyperlink") {
            parts.sources = links
                .split(';')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(Source::from_url)
                .collect();
        }
        // The app colours an event by its category; `default_color` is for those without one.
        if let Some(c) = element.child("default_color").filter(|_| lane == NO_LANE) {
            match parse_color(&c.text) {
                Ok(color) => parts.color = Some(color),
                Err(m) => self.report.push(cx.value_error(c, m).demoted()),
            }
        }
        let mut extra = Extra::new();
        for child in &element.children {
            if !EVENT_FIELDS.contains(&child.name.as_str()) {
                extra.insert(child.name.clone(), Value::String(child.text.clone()));
            }
        }
        if milestone {
            extra.insert("milestone", Value::Bool(true));
        }
        if ends_today {
            extra.insert("ends_today", Value::Bool(true));
        }
        match kind {
            TextKind::Container(id) => {
                parts.id = format!("container-{id}").into();
                self.containers.insert(id, events.len());
            }
            TextKind::Subevent(id) => match self.containers.get(&id) {
                Some(&index) => {
                    extra.insert("container", Value::String(events[index].id().to_string()));
                }
                None => self.report.push(
                    cx.value_error(
                        element.child("text").unwrap_or(element),
                        format!(
                            "subevent of container {id}, which is not defined before it; \
                             expected the container's \"[{id}]…\" event first — read as an \
                             ordinary event"
                        ),
                    )
                    .demoted(),
                ),
            },
            TextKind::Plain => {}
        }
        parts.extra = extra;
        Some(Event::from(parts))
    }

    /// The end of an event: none for a milestone or a point (`end == start`), now for
    /// `ends_today`; an end before the start is a warning and a point.
    fn end(
        &mut self,
        element: &Element,
        start: Date,
        end: Date,
        milestone: bool,
        ends_today: bool,
    ) -> Option<Date> {
        let end = if ends_today { self.now } else { end };
        if milestone || (end == start && !ends_today) {
            return None;
        }
        if end.end_of_precision_secs() <= start.start_secs() {
            self.report.push(
                self.cx
                    .warning_at(
                        element,
                        format!(
                            "the end ({}) is before the start ({}); read as a point",
                            end.display(),
                            start.display()
                        ),
                    )
                    .with_field("end"),
            );
            return None;
        }
        Some(end)
    }

    fn lane(&mut self, name: &str, info: &CategoryInfo) -> usize {
        let index = self.lanes.for_label(&info.path);
        let lane: &mut Lane = &mut self.lanes.list[index];
        if lane.color.is_none() {
            lane.color = info.color.clone();
        }
        if self.hidden.contains(&name) {
            lane.hidden = true;
        }
        index
    }

    /// A container spans its subevents (the app computes it so; what the file says for the
    /// container itself is ignored).
    fn finish_containers(&self, events: &mut [Event]) {
        for (id, &index) in &self.containers {
            let key = format!("container-{id}");
            let members: Vec<&Event> = events
                .iter()
                .filter(|e| e.extra().get("container").and_then(Value::as_str) == Some(&key))
                .collect();
            let first = members
                .iter()
                .min_by(|a, b| a.start_secs().total_cmp(&b.start_secs()))
                .map(|e| e.start);
            let last = members
                .iter()
                .max_by(|a, b| a.end_secs().total_cmp(&b.end_secs()))
                .map(|e| e.end.unwrap_or(e.start));
            if let (Some(first), Some(last)) = (first, last) {
                let container = &mut events[index];
                container.start = first;
                container.end = (last != first).then_some(last);
            }
        }
    }
}

fn read_eras(list: &Element, cx: &Cx, report: &mut Report) -> Vec<Era> {
    let mut eras = Vec::new();
    for (position, era) in list.children.iter().filter(|e| e.name == "era").enumerate() {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        check_children(era, "era", cx, &mut errors, &mut warnings);
        warnings.into_iter().for_each(|w| report.push(w));
        let mut date = |name: &str| {
            let child = era.child(name)?;
            parse_time(&child.text)
                .map_err(|m| errors.push(cx.value_error(child, m)))
                .ok()
        };
        let (start, end) = (date("start"), date("end"));
        let end = if era.flag("ends_today") {
            end.map(|_| now_date())
        } else {
            end
        };
        if let (Some(start), Some(end)) = (&start, &end)
            && let Some(message) = super::native::end_before_start(start, end)
        {
            // Chronoscope's own format refuses such an era too: kept, it would not survive a
            // save and reload.
            errors.push(cx.value_error(era.child("end").unwrap_or(era), message));
        }
        let label = era.child_text("name").unwrap_or_default().to_string();
        let (Some(start), Some(end), true) = (start, end, errors.is_empty()) else {
            errors.into_iter().for_each(|e| report.push(e));
            report.skip(Skipped {
                kind: "era",
                position: position + 1,
                name: (!label.is_empty()).then_some(label),
                location: cx.location(era),
            });
            continue;
        };
        if end == start {
            report.push(cx.warning_at(
                era,
                format!(
                    "era {} has no length (it starts and ends at {}); left out, as the Timeline \
                     app does",
                    quoted(&label),
                    start.display()
                ),
            ));
            continue;
        }
        let color = era.child("color").and_then(|c| parse_color(&c.text).ok());
        eras.push(Era {
            label,
            start,
            end,
            color,
            extra: Extra::new(),
        });
    }
    eras
}
