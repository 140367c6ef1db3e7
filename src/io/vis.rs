//! vis-timeline data as people keep it: a bare array of items, `{"items": […]}` or
//! `{"items": […], "groups": […]}` (an `options` member is ignored). Mapping:
//! - `content` (HTML) → title as plain text; `title` (hover text, HTML) → description; every
//!   `<a href>` in either → a source;
//! - `start`/`end` → dates: ISO strings keep their offset (`Z`, `+02:00`) and, without one,
//!   stay naive wall-clock time, as written; epoch-ms numbers, digit strings and ASP.NET
//!   `/Date(ms)/` are UTC instants at millisecond precision (whole seconds and minutes are
//!   written so, midnight UTC as a day);
//! - `type: "background"` → an era; `group` → lane; `className`/`style` → colour when it is
//!   a plain colour;
//! - groups → lanes in `order`, labelled with their parent chain (nested groups), `visible:
//!   false` → hidden until shown in the legend;
//! - everything else (`subgroup`, `editable`, …) is kept as a field.
//!
//! Limits: more items than [`Limits::max_events`](super::Limits) are refused at the first one
//! over; JSON nesting is bounded by the JSON reader.

use super::build::{self, Ids, Lanes, NO_LANE, Report};
use super::error::{LoadError, Problem};
use super::html_text::{html_links, html_to_text};
use super::json::{Cx, RawObject, TextMap, kind_of, raw_array};
use super::json_split;
use super::limits::too_many_events;
use super::timeline_xml::CATEGORY_PATH_SEPARATOR;
use super::typed_date::{SlashOrder, parse_typed};
use super::{Format, Input, LoadProgress, Loaded};
use crate::model::{
    Date, Era, Event, EventParts, Extra, Lane, Precision, Source, TimelineMeta, UtcOffset,
};
use rayon::prelude::*;
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::HashMap;

/// Item keys read into fields; the rest are kept.
const ITEM_FIELDS: [&str; 8] = [
    "id",
    "content",
    "title",
    "start",
    "end",
    "group",
    "className",
    "style",
];

/// Group keys read into lanes; the rest are kept.
const GROUP_FIELDS: [&str; 8] = [
    "id",
    "content",
    "title",
    "order",
    "visible",
    "nestedGroups",
    "className",
    "style",
];

/// The parts of a vis file: items, and groups when it has them.
pub(crate) struct VisData<'a> {
    pub items: &'a RawValue,
    pub groups: Option<&'a RawValue>,
}

/// True when a JSON object looks like a vis-timeline item (a `start` and a `content`, or a
/// `start` and no TimelineJS/Chronoscope key).
pub(crate) fn looks_like_item(obj: &RawObject) -> bool {
    obj.get("start").is_some()
        && (obj.get("content").is_some()
            || (obj.get("title").is_none() && obj.get("start_date").is_none()))
}

/// Reads vis items (and groups).
pub(crate) fn read(input: &Input, map: &TextMap, data: VisData) -> Result<Loaded, LoadError> {
    let cx = Cx {
        file: input.file,
        map,
    };
    let mut report = Report::new(input.file);
    // The items were checked by serde with the rest of the file: they are split on every
    // core, or by serde when they are not an array (which words the error).
    let items: Vec<&str> = match json_split::array_elements(data.items.get()) {
        Some(items) => items,
        None => raw_array(data.items)
            .map(|items| items.into_iter().map(RawValue::get).collect())
            .map_err(|_| {
                LoadError::single(cx.at(
                    data.items,
                    "items",
                    format!("found {}; expected an array of items", kind_of(data.items)),
                ))
            })?,
    };
    let max_events = input.limits.max_events;
    if let Some(first_over) = items.get(max_events) {
        return Err(LoadError::single(
            too_many_events(input.file, cx.location(first_over), max_events)
                .with_field(format!("items[{max_events}]")),
        ));
    }
    let mut groups = Groups::default();
    if let Some(raw) = data.groups {
        groups.read(&cx, raw, &mut report);
    }
    let declared = Lanes::new(groups.lanes.clone());
    let threads = rayon::current_num_threads();
    let read_run = |first: usize, run: &[&str]| {
        read_items(&cx, run, first, &groups, &declared, input.progress)
    };
    let parts: Vec<ItemPart> = if items.len() < PARALLEL_MIN_ITEMS || threads < 2 {
        vec![read_run(0, &items)]
    } else {
        // Many parts per thread even out items that are slower to read.
        let size = items.len().div_ceil(threads * 16);
        items
            .par_chunks(size)
            .enumerate()
            .map(|(k, run)| read_run(k * size, run))
            .collect()
    };
    // Parts are joined in file order: the declared lanes stay where they are, lanes for
    // unknown groups are joined by label, as one reader going on would have made them.
    let shared = declared.list.len();
    let mut lanes = declared;
    let mut events = Vec::with_capacity(parts.iter().map(|p| p.events.len()).sum());
    let mut raw_index = Vec::with_capacity(events.capacity());
    let mut eras = Vec::new();
    for part in parts {
        let placed = lanes.join_part_after(&part.lanes, shared);
        events.par_extend(part.events.into_par_iter().map(|mut e| {
            placed.place(&mut e);
            e
        }));
        raw_index.extend(part.raw_index);
        eras.extend(part.eras);
        report.append(part.report);
    }
    let meta = TimelineMeta {
        title: input.stem.to_string(),
        eras,
        ..Default::default()
    };
    let locate = |i: usize| cx.location(items[raw_index[i]]);
    build::finish(
        Format::VisTimeline,
        meta,
        lanes,
        events,
        Ids::FromFile,
        report,
        &locate,
    )
}

/// Below this many items a file is read on one thread.
const PARALLEL_MIN_ITEMS: usize = 20_000;

/// A run of items read on its own: its events, their places in the items array, its eras (in
/// file order), the lanes as it left them and what was found wrong.
struct ItemPart {
    events: Vec<Event>,
    raw_index: Vec<usize>,
    eras: Vec<Era>,
    lanes: Lanes,
    report: Report,
}

/// Reads `items`, the items from place `first` on, starting from the `declared` lanes.
fn read_items(
    cx: &Cx,
    items: &[&str],
    first: usize,
    groups: &Groups,
    declared: &Lanes,
    progress: &LoadProgress,
) -> ItemPart {
    let mut part = ItemPart {
        events: Vec::with_capacity(items.len()),
        raw_index: Vec::with_capacity(items.len()),
        eras: Vec::new(),
        lanes: declared.clone(),
        report: Report::new(cx.file),
    };
    for (k, raw) in items.iter().enumerate() {
        if !progress.go_on_at(k) {
            break;
        }
        let i = first + k;
        match read_item(cx, raw, i, groups, &mut part.lanes, &mut part.report) {
            Ok(Item::Event(event)) => {
                part.events.push(*event);
                part.raw_index.push(i);
            }
            Ok(Item::Era(era)) => part.eras.push(era),
            Err((name, problems)) => {
                part.report
                    .skip_event(i + 1, name, problems, cx.location(raw));
            }
        }
    }
    part
}

/// Groups as lanes: id → lane id, in `order`, nested ones labelled with their parents.
#[derive(Default)]
struct Groups {
    lanes: Vec<Lane>,
    /// Group id as written (string or number) → lane id.
    ids: HashMap<String, String>,
}

/// A JSON id (string or number) as text.
fn id_text(raw: &RawValue) -> Option<String> {
    match serde_json::from_str::<Value>(raw.get()).ok()? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Groups {
    fn read(&mut self, cx: &Cx, raw: &RawValue, report: &mut Report) {
        let Ok(list) = raw_array(raw) else {
            report.push(cx.at(
                raw,
                "groups",
                format!(
                    "found {}; expected an array of groups — items are read without lanes",
                    kind_of(raw)
                ),
            ));
            return;
        };
        struct Raw<'a> {
            id: String,
            label: String,
            parent: Option<String>,
            obj: RawObject<'a>,
            raw: &'a RawValue,
        }
        let mut found: Vec<Raw> = Vec::new();
        for (i, raw) in list.iter().enumerate() {
            let field = format!("groups[{i}]");
            let Ok(obj) = RawObject::parse(raw) else {
                report.push(cx.at(
                    raw,
                    &field,
                    "expected a group object with \"id\" and \"content\"",
                ));
                continue;
            };
            let Some(id) = obj.get("id").and_then(id_text) else {
                report.push(cx.at(
                    raw,
                    &field,
                    "a group needs an \"id\" (a string or number); the group is left out",
                ));
                continue;
            };
            let label = obj
                .get("content")
                .and_then(|c| serde_json::from_str::<String>(c.get()).ok())
                .map(|c| html_to_text(&c))
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| id.clone());
            found.push(Raw {
                id,
                label,
                parent: None,
                obj,
                raw,
            });
        }
        // Parents from `nestedGroups` (vis sets `nestedInGroup` from them), or a file's own
        // `nestedInGroup`.
        let mut parent_of: HashMap<String, String> = HashMap::new();
        for g in &found {
            if let Some(children) = g.obj.get("nestedGroups").and_then(|n| raw_array(n).ok()) {
                for child in children.iter().filter_map(|c| id_text(c)) {
                    parent_of.insert(child, g.id.clone());
                }
            }
        }
        for g in &mut found {
            g.parent = parent_of
                .get(&g.id)
                .cloned()
                .or_else(|| g.obj.get("nestedInGroup").and_then(id_text));
        }
        let labels: HashMap<String, (String, Option<String>)> = found
            .iter()
            .map(|g| (g.id.clone(), (g.label.clone(), g.parent.clone())))
            .collect();
        for g in &found {
            let mut path = vec![g.label.clone()];
            let mut at = g.parent.clone();
            // A cycle in nestedGroups stops at the depth vis would recurse to.
            while let Some(parent) = at.filter(|_| path.len() < 16) {
                let Some((label, next)) = labels.get(&parent) else {
                    break;
                };
                path.push(label.clone());
                at = next.clone();
            }
            path.reverse();
            let mut problems = Vec::new();
            let extra = cx.extra(&g.obj, &GROUP_FIELDS, &mut problems);
            problems.into_iter().for_each(|p| report.push(p));
            let visible = g
                .obj
                .get("visible")
                .and_then(|v| serde_json::from_str::<bool>(v.get()).ok())
                .unwrap_or(true);
            let order = g
                .obj
                .get("order")
                .and_then(|v| serde_json::from_str::<f64>(v.get()).ok())
                .map(|o| o as i64);
            let color = color_of(&g.obj);
            let lane_id = format!("group-{}", g.id);
            if self.ids.contains_key(&g.id) {
                report.push(
                    cx.at(
                        g.raw,
                        "id",
                        format!("group id {:?} is used twice; the first is used", g.id),
                    )
                    .demoted(),
                );
                continue;
            }
            self.ids.insert(g.id.clone(), lane_id.clone());
            self.lanes.push(Lane {
                id: lane_id,
                label: path.join(CATEGORY_PATH_SEPARATOR),
                color,
                order,
                hidden: !visible,
                extra,
            });
        }
    }
}

enum Item {
    Event(Box<Event>),
    Era(Era),
}

type Failure = (Option<String>, Vec<Problem>);

fn read_item(
    cx: &Cx,
    raw: &str,
    i: usize,
    groups: &Groups,
    lanes: &mut Lanes,
    report: &mut Report,
) -> Result<Item, Failure> {
    let obj = RawObject::parse(raw).map_err(|_| {
        let p = cx.at(
            raw,
            &format!("items[{i}]"),
            format!(
                "found {}; expected an item object with \"content\" and \"start\"",
                kind_of(raw)
            ),
        );
        (None, vec![p])
    })?;
    let mut problems = Vec::new();
    let html = |key: &str, problems: &mut Vec<Problem>| -> Option<String> {
        let raw = obj.get(key)?;
        match cx.string(raw, key) {
            Ok(s) => s,
            Err(p) => {
                problems.push(p);
                None
            }
        }
    };
    let content = html("content", &mut problems).unwrap_or_default();
    let tooltip = html("title", &mut problems).unwrap_or_default();
    let title = html_to_text(&content);
    let name = (!title.is_empty()).then(|| title.clone());
    let start = match obj.get("start") {
        Some(raw) => vis_date(cx, raw, "start")
            .map_err(|p| problems.push(p))
            .ok(),
        None => {
            problems.push(
                Problem::error(
                    cx.file,
                    cx.location(raw),
                    "the item has no \"start\"; expected a date such as \"2013-08-09\", \
                     \"2013-08-09T01:30:00Z\" or milliseconds since 1970",
                )
                .with_field("start"),
            );
            None
        }
    };
    let end = obj
        .get("end")
        .filter(|e| e.get() != "null")
        .and_then(|raw| vis_date(cx, raw, "end").map_err(|p| problems.push(p)).ok());
    let kind = obj
        .get("type")
        .and_then(|t| serde_json::from_str::<String>(t.get()).ok());
    if title.is_empty() && kind.as_deref() != Some("background") {
        problems.push(
            Problem::error(
                cx.file,
                cx.location(obj.get("content").map_or(raw, RawValue::get)),
                "the item has no text in \"content\"; expected its label",
            )
            .with_field("content"),
        );
    }
    let Some(start) = start.filter(|_| problems.is_empty()) else {
        return Err((name, problems));
    };
    let end = match end {
        Some(e) if e.end_of_precision_secs() <= start.start_secs() => {
            return Err((
                name,
                vec![cx.at(
                    obj.get("end").map_or(raw, RawValue::get),
                    "end",
                    format!(
                        "the end ({}) is before the start ({}); expected an end on or after \
                             the start",
                        e.display(),
                        start.display()
                    ),
                )],
            ));
        }
        other => other,
    };
    let mut sources: Vec<Source> = html_links(&content)
        .into_iter()
        .chain(html_links(&tooltip))
        .map(Source::from_url)
        .collect();
    sources.dedup_by(|a, b| a.url() == b.url());
    let color = color_of(&obj);
    if kind.as_deref() == Some("background") {
        let Some(end) = end else {
            return Err((
                name,
                vec![
                    Problem::error(
                        cx.file,
                        cx.location(raw),
                        "a background item needs an \"end\"; expected a period such as \
                         \"start\": \"2018-12-01\", \"end\": \"2024-09-30\"",
                    )
                    .with_field("end"),
                ],
            ));
        };
        return Ok(Item::Era(Era {
            label: title,
            start,
            end,
            color,
            extra: Extra::new(),
        }));
    }
    let lane = match obj.get("group").and_then(id_text) {
        None => NO_LANE,
        Some(group) => match groups.ids.get(&group) {
            Some(lane_id) => lanes.find(lane_id).unwrap_or(NO_LANE),
            None => {
                if !groups.ids.is_empty() {
                    report.push(
                        cx.at(
                            obj.get("group").map_or(raw, RawValue::get),
                            "group",
                            format!(
                                "no group has id {group:?}; vis-timeline would hide this item — \
                                 shown in a lane of its own"
                            ),
                        )
                        .demoted(),
                    );
                }
                lanes.for_label(&group)
            }
        },
    };
    let mut extra_problems = Vec::new();
    let mut extra = cx.extra(&obj, &ITEM_FIELDS, &mut extra_problems);
    if content.contains('<') {
        extra.insert("content", Value::String(content.clone()));
    }
    extra_problems.into_iter().for_each(|p| report.push(p));
    let id = obj
        .get("id")
        .and_then(id_text)
        .unwrap_or_else(|| format!("item-{}", i + 1));
    let description = html_to_text(&tooltip);
    Ok(Item::Event(Box::new(Event::from(EventParts {
        end,
        description: description.into(),
        sources,
        color,
        lane,
        extra,
        ..EventParts::new(id, title, start)
    }))))
}

/// A vis date: epoch-ms number, digit string, `/Date(ms)/`, or ISO-8601 text.
fn vis_date(cx: &Cx, raw: &RawValue, field: &str) -> Result<Date, Problem> {
    const EXPECTED: &str = "expected an ISO date such as \"2013-08-09\" or \
                            \"2013-08-09T01:30:00-05:00\", milliseconds since 1970, or \
                            \"/Date(1376026200000)/\"";
    let value: Value = serde_json::from_str(raw.get()).map_err(|_| cx.at(raw, field, EXPECTED))?;
    let ms = match &value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let s = s.trim();
            if let Some(rest) = s.trim_start_matches('/').strip_prefix("Date(") {
                let digits: String = rest
                    .chars()
                    .enumerate()
                    .take_while(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '-'))
                    .map(|(_, c)| c)
                    .collect();
                digits.parse::<f64>().ok()
            } else if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<f64>().ok()
            } else {
                // vis-timeline hands other text to moment(), which reads slashes month first.
                return Date::parse_iso(s)
                    .or_else(|_| {
                        parse_typed(s, SlashOrder::MonthFirst)
                            .map(|t| t.date)
                            .map_err(|_| ())
                    })
                    .map_err(|_| cx.at(raw, field, EXPECTED));
            }
        }
        _ => None,
    };
    let Some(ms) = ms.filter(|m| m.is_finite()) else {
        return Err(cx.at(raw, field, format!("found {}; {EXPECTED}", kind_of(raw))));
    };
    date_from_epoch_ms(ms.round() as i64)
        .ok_or_else(|| cx.at(raw, field, format!("out of range; {EXPECTED}")))
}

/// An epoch-ms instant (UTC) at the precision its value shows.
pub(crate) fn date_from_epoch_ms(ms: i64) -> Option<Date> {
    const DAY_MS: i64 = 86_400_000;
    let precision = if ms % 1000 != 0 {
        Precision::MILLISECOND
    } else if ms % 60_000 != 0 {
        Precision::Second
    } else if ms.rem_euclid(DAY_MS) != 0 {
        Precision::Minute
    } else {
        return Date::from_secs((ms / 1000) as f64, Precision::Day);
    };
    let whole = ms.div_euclid(1000);
    let date = Date::from_secs(whole as f64, Precision::Second)?;
    let date = match precision {
        Precision::Fraction(digits) => date
            .with_fraction((ms.rem_euclid(1000) as u32) * 1_000_000, digits)
            .ok()?,
        p => date.truncated(p),
    };
    date.with_utc_offset(UtcOffset::UTC).ok()
}

/// The colour of an item or group from `style` (`background-color`, else `color`) or a
/// `className` that is a colour name, when it is a plain colour.
fn color_of(obj: &RawObject) -> Option<String> {
    let text = |key: &str| {
        obj.get(key)
            .and_then(|v| serde_json::from_str::<String>(v.get()).ok())
    };
    if let Some(style) = text("style") {
        let mut found = None;
        for decl in style.split(';') {
            let Some((prop, value)) = decl.split_once(':') else {
                continue;
            };
            let prop = prop.trim().to_ascii_lowercase();
            let colour = plain_color(value.trim());
            match prop.as_str() {
                "background-color" | "background" if colour.is_some() => return colour,
                "border-color" | "color" if found.is_none() => found = colour,
                _ => {}
            }
        }
        if found.is_some() {
            return found;
        }
    }
    text("className")?.split_whitespace().find_map(plain_color)
}

/// `#rgb`, `#rrggbb`, `rgb(r, g, b)` or a basic CSS colour name → `#rrggbb`.
fn plain_color(value: &str) -> Option<String> {
    let v = value
        .trim()
        .trim_end_matches("!important")
        .trim()
        .to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        if hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return match hex.len() {
                6 => Some(format!("#{hex}")),
                3 => Some(hex.chars().fold(String::from("#"), |mut s, c| {
                    s.push(c);
                    s.push(c);
                    s
                })),
                _ => None,
            };
        }
        return None;
    }
    if let Some(args) = v.strip_prefix("rgb(").and_then(|r| r.strip_suffix(')')) {
        let parts: Option<Vec<u8>> = args.split(',').map(|p| p.trim().parse().ok()).collect();
        if let Some([r, g, b]) = parts.as_deref() {
            return Some(format!("#{r:02x}{g:02x}{b:02x}"));
        }
        return None;
    }
    const NAMED: [(&str, &str); 16] = [
        ("red", "#ff0000"),
        ("green", "#008000"),
        ("blue", "#0000ff"),
        ("orange", "#ffa500"),
        ("yellow", "#ffff00"),
        ("purple", "#800080"),
        ("pink", "#ffc0cb"),
        ("brown", "#a52a2a"),
        ("gray", "#808080"),
        ("grey", "#808080"),
        ("black", "#000000"),
        ("teal", "#008080"),
        ("navy", "#000080"),
        ("maroon", "#800000"),
        ("olive", "#808000"),
        ("magenta", "#ff00ff"),
    ];
    NAMED
        .iter()
        .find(|(name, _)| *name == v)
        .map(|(_, hex)| hex.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::parallel_test_support::{
        assert_events_on_lanes, assert_same_load, lane_labels, load_on_threads, repeated_id_lines,
    };

    /// Items read in parts on several threads give exactly what one thread gives: events in
    /// order, declared groups, lanes for unknown groups made by items late in the file, eras
    /// from background items, skipped items and located problems.
    #[test]
    fn reading_on_several_threads_equals_one_thread() {
        let count = PARALLEL_MIN_ITEMS + 4567;
        let mut text = String::from(
            "{\"groups\": [{\"id\": 1, \"content\": \"One\"}, {\"id\": \"two\", \"content\": \"Two\", \"order\": 1}],\n\"items\": [",
        );
        for i in 0..count {
            if i > 0 {
                text.push_str(",\n");
            }
            let group = match i % 1013 {
                5 => format!("\"late-{}\"", i % 7),
                _ if i.is_multiple_of(2) => "1".to_string(),
                _ => "\"two\"".to_string(),
            };
            let id = if i % 4001 == 3 { 0 } else { i };
            let item = if i % 2999 == 17 {
                // No start: skipped.
                format!("{{\"id\": {id}, \"content\": \"c{i}\", \"group\": {group}}}")
            } else if i % 5003 == 11 {
                format!(
                    "{{\"id\": {id}, \"content\": \"era{i}\", \"type\": \"background\", \
                     \"start\": \"19{:02}-01-01\", \"end\": \"19{:02}-12-31\"}}",
                    i % 90,
                    i % 90
                )
            } else {
                format!(
                    "{{\"id\": {id}, \"content\": \"c{i}\", \"start\": \"{}-0{}-1{}\", \"group\": {group}}}",
                    1900 + (i * 7919) % 120,
                    1 + i % 9,
                    i % 10
                )
            };
            text.push_str(&item);
        }
        text.push_str("]}");
        let one = load_on_threads("v.json", &text, 1);
        let several = load_on_threads("v.json", &text, 4);
        assert_eq!(one.format, Format::VisTimeline);
        assert!(!one.skipped.is_empty());
        assert_same_load(&one, &several);
        // Declared groups first (by order), then the unknown ones as items first name them.
        let labels = lane_labels(&several);
        assert_eq!(&labels[..3], ["Two", "One", "late-5"]);
        assert_eq!(labels.len(), 9);
        assert_events_on_lanes(&several, |i| match i % 1013 {
            5 => format!("late-{}", i % 7),
            _ if i.is_multiple_of(2) => "One".to_string(),
            _ => "Two".to_string(),
        });
        let eras: Vec<&str> = several
            .timeline
            .eras()
            .iter()
            .map(|e| e.label.as_str())
            .collect();
        let expected_eras: Vec<String> = (0..count)
            .filter(|i| i % 5003 == 11 && i % 2999 != 17)
            .map(|i| format!("era{i}"))
            .collect();
        assert_eq!(eras, expected_eras);
        let expected: Vec<usize> = (0..count)
            .filter(|i| i % 4001 == 3 && i % 2999 != 17 && i % 5003 != 11)
            .map(|i| i + 2)
            .collect();
        assert_eq!(repeated_id_lines(&several), expected);
    }

    #[test]
    fn epoch_ms_keep_the_precision_they_show() {
        let iso = |ms| date_from_epoch_ms(ms).map(|d| d.to_iso());
        assert_eq!(iso(478_882_800_000), Some("1985-03-05T15:00Z".into()));
        assert_eq!(iso(0), Some("1970-01-01".into()));
        assert_eq!(
            iso(1_376_026_200_123),
            Some("2013-08-09T05:30:00.123Z".into())
        );
        assert_eq!(iso(1_376_026_205_000), Some("2013-08-09T05:30:05Z".into()));
        assert_eq!(iso(-1), Some("1969-12-31T23:59:59.999Z".into()));
    }

    #[test]
    fn plain_colours_only() {
        assert_eq!(plain_color("#abc"), Some("#aabbcc".into()));
        assert_eq!(plain_color("rgb(255, 0, 10)"), Some("#ff000a".into()));
        assert_eq!(plain_color("pink"), Some("#ffc0cb".into()));
        assert_eq!(plain_color("linear-gradient(red, blue)"), None);
        assert_eq!(plain_color("vis-item"), None);
    }
}
