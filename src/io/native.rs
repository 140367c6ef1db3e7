//! Chronoscope's own JSON format, version 1: reading it (events parsed one by one from raw
//! slices with a hand-written serde visitor, in parallel for big files, so that every bad event
//! is reported and skipped while the rest load) and writing it (pretty-printed, fields in a
//! fixed order, unknown fields written back, atomically). Other formats live beside this one.
//!
//! ```json
//! { "chronoscope": 1, "title": "…", "description": "…",
//!   "lanes": [{"id": "camarena", "label": "Camarena case", "color": "#0072B2", "order": 1}],
//!   "eras": [{"label": "…", "start": "1985-04", "end": "2013-08", "color": "#999999"}],
//!   "story": ["kidnapping", {"event": "capture-2022", "caption": "…"},
//!             {"title": "…", "start": "1985-02", "end": "1985-04", "lanes": ["camarena"],
//!              "caption": "…"}],
//!   "events": [{"id": "kidnapping", "title": "…", "start": "1985-02-07", "end": "1985-03-05",
//!               "circa": false, "lane": "camarena", "tags": ["DEA"], "color": "#D55E00",
//!               "description": "…", "display_date": "…",
//!               "sources": ["https://…", {"url": "https://…", "title": "…", "publisher": "…",
//!                                          "published": "2010-03-04", "accessed": "2026-11-28"}]}]}
//! ```
//! Only an event's `title` and `start` are required. A missing `id` becomes "e1", "e2", … by
//! position in the file. A `lane` not declared in `lanes` is created (with a warning). A story
//! step is an event id, an event with a caption of the story's own, or a view: a stretch of time
//! (`end` inclusive, like an era's) with a title, a caption and optionally only some lanes.

use super::build::{self, Ids, Lanes, NO_LANE, Report, native_keys};
use super::error::{LoadError, Location, Problem, SaveError, Skipped, date_message};
use super::json;
use super::json::{
    CowStr, Cx, RawObject, TextMap, TopLevel, kind_of, raw_array, serde_message, show_raw,
};
use super::{Format, Input, LoadProgress, Loaded};
use crate::model::timeline::DEFAULT_LANE_ID;
use crate::model::{
    Date, DateError, Era, Event, EventParts, EventStep, Extra, FieldNames, Lane, Source,
    SourceDetails, StoryStep, TagInterner, Timeline, TimelineMeta, ViewStep,
};
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::fmt;
use std::io::Write;
use std::path::Path;

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// Below this many events a file is parsed on one thread: ~1 µs per event makes a 20k-event
/// file take ~20 ms, where spawning threads buys nothing.
const PARALLEL_MIN_EVENTS: usize = 20_000;

// ---------------------------------------------------------------------------------------------
// Reading

const DATE_EXPECTED: &str = "an ISO-8601 date string such as \"1985\", \"1985-02-07\" or \
                             \"1985-02-07T09:30\"";

/// An optional ISO date; `null` counts as absent.
fn iso_date(cx: &Cx, raw: &RawValue, field: &str) -> Result<Option<Date>, Problem> {
    let Some(text) = cx.string(raw, field).map_err(|p| Problem {
        message: format!("found {}; expected {DATE_EXPECTED}", kind_of(raw)),
        ..p
    })?
    else {
        return Ok(None);
    };
    Date::parse_iso(&text)
        .map(Some)
        .map_err(|e| cx.at(raw, field, date_message(&e)))
}

/// Reads a native file whose top level is already split.
pub(crate) fn read(input: &Input, map: &TextMap, top: TopLevel) -> Result<Loaded, LoadError> {
    let cx = Cx {
        file: input.file,
        map,
    };
    let mut report = Report::new(input.file);
    let mut meta = TimelineMeta::default();
    let mut declared_lanes = Vec::new();
    let mut story_raw = None;

    for (key, raw) in &top.entries {
        let result: Result<(), Problem> = (|| {
            match key.as_ref() {
                "chronoscope" => match serde_json::from_str::<u64>(raw.get()) {
                    Ok(FORMAT_VERSION) => {}
                    Ok(v) if v > FORMAT_VERSION => report.push(
                        Problem::warning(
                            cx.file,
                            cx.location(raw),
                            format!(
                                "written by a newer Chronoscope (format version {v}); \
                                     expected version {FORMAT_VERSION} — reading what this \
                                     version knows, keeping the rest"
                            ),
                        )
                        .with_field("chronoscope"),
                    ),
                    _ => report.push(
                        Problem::warning(
                            cx.file,
                            cx.location(raw),
                            format!("expected the format version number {FORMAT_VERSION}"),
                        )
                        .with_field("chronoscope")
                        .with_value(&show_raw(raw)),
                    ),
                },
                "title" => meta.title = cx.string(raw, "title")?.unwrap_or_default(),
                "description" => {
                    meta.description = cx.string(raw, "description")?.unwrap_or_default()
                }
                "lanes" => declared_lanes = read_lanes(&cx, raw, &mut report),
                "eras" => meta.eras = read_eras(&cx, raw, &mut report),
                "story" => story_raw = Some(*raw),
                _ => {
                    let obj = RawObject {
                        entries: vec![(key.clone(), *raw)],
                    };
                    let mut problems = Vec::new();
                    meta.extra.extend(cx.extra(&obj, &[], &mut problems));
                    problems.into_iter().for_each(|p| report.push(p));
                }
            }
            Ok(())
        })();
        if let Err(p) = result {
            report.push(p);
        }
    }
    if meta.title.trim().is_empty() {
        meta.title = input.stem.to_string();
    }
    let Some(raws) = top.events else {
        return Err(LoadError::single(Problem::error(
            input.file,
            Location::Text { line: 1, column: 1 },
            "no \"events\" array; expected a top-level \"events\": [ … ] listing the events",
        )));
    };

    let mut lanes = Lanes::new(declared_lanes);
    let (mut events, chunks) = parse_events(&cx, &raws, &lanes, input.progress);
    if let Some(k) = chunks.iter().find_map(|c| c.not_json) {
        return Err(LoadError::single(json::invalid_event(
            map, input.file, raws[k],
        )));
    }
    if input.progress.is_cancelled() {
        // Slots after where each part stopped still hold the stand-in.
        return Err(super::cancelled(input.file));
    }
    let mut unknown_lanes = Vec::new();
    let mut skipped = Vec::new();
    for chunk in chunks {
        unknown_lanes.extend(chunk.unknown_lanes);
        skipped.extend(chunk.skipped);
        report.append(chunk.report);
    }
    let places = Places::close_up(&mut events, &skipped);
    for (place, lane_id) in unknown_lanes {
        let (lane, created) = lanes.find_or_add(&lane_id, &lane_id);
        events[places.event_at(place)].set_lane(lane);
        if created {
            let raw = raws[place];
            let at = RawObject::parse(raw)
                .ok()
                .and_then(|o| o.get("lane"))
                .map_or(raw, RawValue::get);
            report.push(
                Problem::warning(
                    cx.file,
                    cx.location(at),
                    "lane is not declared in \"lanes\"; created a lane with this id",
                )
                .with_field("lane")
                .with_value(&show_raw(at)),
            );
        }
    }
    if let Some(raw) = story_raw {
        meta.story = read_story(&cx, raw, &events, &mut report);
    }
    let locate = |i: usize| cx.location(raws[places.place_of(i)]);
    build::finish(
        Format::Native,
        meta,
        lanes,
        events,
        Ids::FromFile,
        report,
        &locate,
    )
}

fn read_lanes(cx: &Cx, raw: &RawValue, report: &mut Report) -> Vec<Lane> {
    let Ok(items) = raw_array(raw) else {
        report.push(cx.at(
            raw,
            "lanes",
            format!("found {}; expected an array of lane objects", kind_of(raw)),
        ));
        return Vec::new();
    };
    let mut lanes: Vec<Lane> = Vec::with_capacity(items.len());
    let mut ids: HashSet<String> = HashSet::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match read_lane(cx, item, i) {
            Ok(lane) => {
                if !ids.insert(lane.id.clone()) {
                    report.push(
                        Problem::warning(
                            cx.file,
                            cx.location(item),
                            "a lane with this id was declared before; expected unique lane ids \
                             — this one is ignored",
                        )
                        .with_field(format!("lanes[{i}].id"))
                        .with_value(&format!("{:?}", lane.id)),
                    );
                } else {
                    lanes.push(lane);
                }
            }
            Err(problems) => {
                problems.into_iter().for_each(|p| report.push(p));
                report.skip(Skipped {
                    kind: "lane",
                    position: i + 1,
                    name: None,
                    location: cx.location(item),
                });
            }
        }
    }
    lanes
}

fn read_lane(cx: &Cx, raw: &RawValue, i: usize) -> Result<Lane, Vec<Problem>> {
    let obj = RawObject::parse(raw).map_err(|_| {
        vec![cx.at(
            raw,
            &format!("lanes[{i}]"),
            format!(
                "found {}; expected a lane object such as {{\"id\": \"dea\", \"label\": \"DEA\"}}",
                kind_of(raw)
            ),
        )]
    })?;
    let mut problems = Vec::new();
    let mut lane = Lane::default();
    let field = |k: &str| format!("lanes[{i}].{k}");
    let mut take = |r: Result<(), Problem>| {
        if let Err(p) = r {
            problems.push(p);
        }
    };
    let mut id = None;
    for (key, v) in &obj.entries {
        match key.as_ref() {
            "id" => take(cx.string(v, &field("id")).map(|s| id = s)),
            "label" => take(
                cx.string(v, &field("label"))
                    .map(|s| lane.label = s.unwrap_or_default()),
            ),
            "color" => take(cx.string(v, &field("color")).map(|s| lane.color = s)),
            "order" => take(cx.integer(v, &field("order")).map(|n| lane.order = n)),
            "hidden" => take(
                serde_json::from_str::<bool>(v.get())
                    .map(|hidden| lane.hidden = hidden)
                    .map_err(|_| cx.at(v, &field("hidden"), "expected true or false")),
            ),
            _ => {}
        }
    }
    lane.extra = cx.extra(&obj, native_keys::LANE, &mut problems);
    match id {
        Some(id) if !id.trim().is_empty() => lane.id = id,
        _ => problems.push(
            Problem::error(
                cx.file,
                cx.location(raw),
                "a lane needs an \"id\"; expected a non-empty string events can refer to",
            )
            .with_field(field("id")),
        ),
    }
    if lane.label.is_empty() {
        lane.label = lane.id.clone();
    }
    if problems.is_empty() {
        Ok(lane)
    } else {
        Err(problems)
    }
}

fn read_eras(cx: &Cx, raw: &RawValue, report: &mut Report) -> Vec<Era> {
    let Ok(items) = raw_array(raw) else {
        report.push(cx.at(
            raw,
            "eras",
            format!("found {}; expected an array of era objects", kind_of(raw)),
        ));
        return Vec::new();
    };
    let mut eras = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match read_era(cx, item, i) {
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

fn read_era(cx: &Cx, raw: &RawValue, i: usize) -> Result<Era, (Option<String>, Vec<Problem>)> {
    let obj = RawObject::parse(raw).map_err(|_| {
        let p = cx.at(
            raw,
            &format!("eras[{i}]"),
            format!(
                "found {}; expected an era object such as {{\"label\": \"…\", \"start\": \
                 \"1985\", \"end\": \"2013\"}}",
                kind_of(raw)
            ),
        );
        (None, vec![p])
    })?;
    let field = |k: &str| format!("eras[{i}].{k}");
    let mut problems = Vec::new();
    let mut label = String::new();
    let mut color = None;
    let mut start = None;
    let mut end = None;
    for (key, v) in &obj.entries {
        let r = match key.as_ref() {
            "label" => cx
                .string(v, &field("label"))
                .map(|s| label = s.unwrap_or_default()),
            "color" => cx.string(v, &field("color")).map(|s| color = s),
            "start" => iso_date(cx, v, &field("start")).map(|d| start = d.map(|d| (d, *v))),
            "end" => iso_date(cx, v, &field("end")).map(|d| end = d.map(|d| (d, *v))),
            _ => Ok(()),
        };
        if let Err(p) = r {
            problems.push(p);
        }
    }
    let extra = cx.extra(&obj, &["label", "start", "end", "color"], &mut problems);
    for (name, value) in [("start", &start), ("end", &end)] {
        if value.is_none() && obj.get(name).is_none_or(|v| v.get() == "null") {
            problems.push(
                Problem::error(
                    cx.file,
                    cx.location(raw),
                    format!("an era needs \"{name}\"; expected {DATE_EXPECTED}"),
                )
                .with_field(field(name)),
            );
        }
    }
    if let (Some((s, _)), Some((e, e_raw))) = (&start, &end)
        && let Some(message) = end_before_start(s, e)
    {
        problems.push(cx.at(e_raw, &field("end"), message));
    }
    let name = (!label.is_empty()).then(|| label.clone());
    match (start, end, problems.is_empty()) {
        (Some((start, _)), Some((end, _)), true) => Ok(Era {
            label,
            start,
            end,
            color,
            extra,
        }),
        _ => Err((name, problems)),
    }
}

/// Reads the story. Every item is kept, in order: one that is not a step this version reads (or
/// one with a bad date) stays as written, with a warning, and is skipped when presenting.
fn read_story(cx: &Cx, raw: &RawValue, events: &[Event], report: &mut Report) -> Vec<StoryStep> {
    let Ok(items) = raw_array(raw) else {
        report.push(cx.at(
            raw,
            "story",
            format!(
                "found {}; expected an array of steps (event ids or step objects)",
                kind_of(raw)
            ),
        ));
        return Vec::new();
    };
    // Each step with the item it came from.
    let mut story: Vec<(StoryStep, &RawValue)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let field = format!("story[{i}]");
        match read_step(cx, item, &field) {
            Ok(step) => story.push((step, item)),
            Err(p) => {
                report.push(Problem {
                    severity: super::Severity::Warning,
                    ..p
                });
                match serde_json::from_str(item.get()) {
                    Ok(kept) => story.push((StoryStep::Unknown(kept), item)),
                    // Valid JSON serde cannot hold (a number beyond f64): said, not kept.
                    Err(e) => report.push(
                        cx.map
                            .serde_problem(cx.file, item.get(), &e)
                            .with_field(field),
                    ),
                }
            }
        }
    }
    let known: HashSet<&str> = story.iter().filter_map(|(s, _)| s.event_id()).collect();
    let found: HashSet<&str> = events
        .iter()
        .map(|e| e.id())
        .filter(|id| known.contains(id))
        .collect();
    for (i, (step, item)) in story.iter().enumerate() {
        if let Some(id) = step.event_id()
            && !found.contains(id)
        {
            let at = RawObject::parse(item)
                .ok()
                .and_then(|o| o.get("event"))
                .unwrap_or(item);
            report.push(
                Problem::warning(
                    cx.file,
                    cx.location(at),
                    "no event has this id; expected the id of an event in this file — the story \
                     step is skipped when presenting",
                )
                .with_field(format!("story[{i}]"))
                .with_value(&show_raw(at)),
            );
        }
    }
    story.into_iter().map(|(step, _)| step).collect()
}

/// What a story item must look like, for messages.
const STEP_EXPECTED: &str = "an event id, {\"event\": \"…\", \"caption\": \"…\"} or a view \
                             {\"start\": \"…\", \"end\": \"…\", \"title\": \"…\", \"caption\": \"…\"} \
                             — kept as written, skipped when presenting";

/// One story item: an event id, an event step object, or a view step object.
fn read_step(cx: &Cx, item: &RawValue, field: &str) -> Result<StoryStep, Problem> {
    let not_a_step = |what: String| {
        cx.at(
            item,
            field,
            format!("found {what}; expected {STEP_EXPECTED}"),
        )
    };
    match item.get().as_bytes().first() {
        Some(b'"') => match cx.string(item, field)? {
            Some(id) if !id.trim().is_empty() => Ok(StoryStep::event(id)),
            _ => Err(not_a_step("an empty id".to_owned())),
        },
        Some(b'{') => {
            let obj = RawObject::parse(item).map_err(|e| cx.at(item, field, serde_message(&e)))?;
            if obj.get("event").is_some() {
                read_event_step(cx, &obj, field).map(StoryStep::Event)
            } else if obj.get("start").is_some() || obj.get("end").is_some() {
                read_view_step(cx, item, &obj, field).map(StoryStep::View)
            } else {
                Err(not_a_step(
                    "an object with neither \"event\" nor \"start\" and \"end\"".to_owned(),
                ))
            }
        }
        _ => Err(not_a_step(kind_of(item).to_owned())),
    }
}

fn read_event_step(cx: &Cx, obj: &RawObject, field: &str) -> Result<EventStep, Problem> {
    let mut step = EventStep::default();
    for (key, v) in &obj.entries {
        let at = format!("{field}.{key}");
        match key.as_ref() {
            "event" => match cx.string(v, &at)? {
                Some(id) if !id.trim().is_empty() => step.id = id,
                _ => return Err(cx.at(v, &at, "expected the id of an event in this file")),
            },
            "caption" => step.caption = cx.string(v, &at)?,
            _ => {}
        }
    }
    let mut problems = Vec::new();
    step.extra = cx.extra(obj, native_keys::EVENT_STEP, &mut problems);
    match problems.into_iter().next() {
        Some(p) => Err(p),
        None => Ok(step),
    }
}

fn read_view_step(
    cx: &Cx,
    item: &RawValue,
    obj: &RawObject,
    field: &str,
) -> Result<ViewStep, Problem> {
    let (mut start, mut end) = (None, None);
    let (mut title, mut caption, mut lanes) = (String::new(), String::new(), Vec::new());
    for (key, v) in &obj.entries {
        let at = format!("{field}.{key}");
        match key.as_ref() {
            "start" => start = iso_date(cx, v, &at)?.map(|d| (d, *v)),
            "end" => end = iso_date(cx, v, &at)?.map(|d| (d, *v)),
            "title" => title = cx.string(v, &at)?.unwrap_or_default(),
            "caption" => caption = cx.string(v, &at)?.unwrap_or_default(),
            "lanes" => {
                lanes = serde_json::from_str::<Option<Vec<String>>>(v.get())
                    .map_err(|_| {
                        cx.at(
                            v,
                            &at,
                            format!("found {}; expected an array of lane ids", kind_of(v)),
                        )
                    })?
                    .unwrap_or_default()
            }
            _ => {}
        }
    }
    let (Some((start, _)), Some((end, end_raw))) = (start, end) else {
        return Err(cx.at(
            item,
            field,
            format!("a view step needs \"start\" and \"end\"; expected {DATE_EXPECTED} for each"),
        ));
    };
    if let Some(message) = end_before_start(&start, &end) {
        return Err(cx.at(end_raw, &format!("{field}.end"), message));
    }
    let mut problems = Vec::new();
    let extra = cx.extra(obj, native_keys::VIEW_STEP, &mut problems);
    match problems.into_iter().next() {
        Some(p) => Err(p),
        None => Ok(ViewStep {
            start,
            end,
            title,
            caption,
            lanes,
            extra,
        }),
    }
}

/// What parsing a run of events found besides the events themselves.
struct Chunk {
    /// Places (in the file's `events` array) of events that could not be read: their slots
    /// still hold the stand-in.
    skipped: Vec<usize>,
    /// (place in the file's `events` array, lane id) for lanes not declared in `lanes`.
    unknown_lanes: Vec<(usize, String)>,
    report: Report,
    /// The index of an event that is not valid JSON, where the chunk stopped: the file is
    /// then refused with serde's error.
    not_json: Option<usize>,
}

/// Parses all events, on every core for big files, each into the slot of its place in the
/// file: one vector of events and no second one to merge parts into (at a million events,
/// parts and merged vector together held 112 MB more at the load's peak). Slots of events
/// that are not read keep a stand-in; see [`Places::close_up`].
fn parse_events(
    cx: &Cx,
    raws: &[&str],
    lanes: &Lanes,
    progress: &LoadProgress,
) -> (Vec<Event>, Vec<Chunk>) {
    let threads = rayon::current_num_threads();
    let total = raws.len();
    let stand_in = Event::new("", "", Date::EPOCH);
    if total < PARALLEL_MIN_EVENTS || threads < 2 {
        let mut events = vec![stand_in; total];
        let chunk = parse_chunk(cx, raws, 0, &mut events, lanes, progress);
        return (events, vec![chunk]);
    }
    // Empty texts: the stand-ins allocate nothing, and filling the slots on every core
    // faults their pages in on both.
    let mut events: Vec<Event> = (0..total)
        .into_par_iter()
        .map(|_| stand_in.clone())
        .collect();
    // Many chunks per thread even out chunks that are slower to parse (or a core that is
    // busy elsewhere): a thread left alone with the last big chunk once cost 0.15 s.
    let size = total.div_ceil(threads * 16);
    let chunks = events
        .par_chunks_mut(size)
        .zip(raws.par_chunks(size))
        .enumerate()
        .map(|(k, (slots, part))| parse_chunk(cx, part, k * size, slots, lanes, progress))
        .collect();
    (events, chunks)
}

/// Parses `raws`, the events from place `first` on, into `slots`.
fn parse_chunk(
    cx: &Cx,
    raws: &[&str],
    first: usize,
    slots: &mut [Event],
    lanes: &Lanes,
    progress: &LoadProgress,
) -> Chunk {
    let mut chunk = Chunk {
        skipped: Vec::new(),
        unknown_lanes: Vec::new(),
        report: Report::new(cx.file),
        not_json: None,
    };
    let mut tags = TagInterner::new();
    // The chunk's events share the names of their unknown fields.
    let names = RefCell::new(FieldNames::default());
    for (k, (raw, slot)) in raws.iter().zip(slots).enumerate() {
        if !progress.go_on_at(k) {
            break;
        }
        let place = first + k;
        match parse_event(cx, raw, place, lanes, &mut tags, &names) {
            Ok((event, unknown_lane)) => {
                if let Some(id) = unknown_lane {
                    chunk.unknown_lanes.push((place, id));
                }
                *slot = event;
            }
            Err(_) if json::is_invalid_event(raw) => {
                chunk.not_json = Some(place);
                break;
            }
            Err((name, problems)) => {
                chunk
                    .report
                    .skip_event(place + 1, name, problems, cx.location(raw));
                chunk.skipped.push(place);
            }
        }
    }
    chunk
}

/// Where each event that was read stands in the file's `events` array.
struct Places {
    /// The place of each event, when some events before it were skipped; `None` when every
    /// event was read and each stands at its own index.
    of_event: Option<Vec<usize>>,
}

impl Places {
    /// Removes the slots of the `skipped` places (ascending) from `events`.
    fn close_up(events: &mut Vec<Event>, skipped: &[usize]) -> Self {
        if skipped.is_empty() {
            return Places { of_event: None };
        }
        let total = events.len();
        let mut next_skipped = skipped.iter().copied().peekable();
        let mut place = 0;
        events.retain(|_| {
            let keep = next_skipped.next_if_eq(&place).is_none();
            place += 1;
            keep
        });
        let mut next_skipped = skipped.iter().copied().peekable();
        let of_event = (0..total)
            .filter(|&p| next_skipped.next_if_eq(&p).is_none())
            .collect();
        Places {
            of_event: Some(of_event),
        }
    }

    /// The place in the file of event `i`.
    fn place_of(&self, i: usize) -> usize {
        self.of_event.as_ref().map_or(i, |places| places[i])
    }

    /// The event read from `place` (which was not skipped).
    fn event_at(&self, place: usize) -> usize {
        self.of_event
            .as_ref()
            .map_or(place, |places| places.partition_point(|&p| p < place))
    }
}

/// One event's fields as typed by the visitor; dates still text so that every bad one can be
/// reported with its location.
#[derive(Default)]
struct EventFields<'a> {
    id: Option<Cow<'a, str>>,
    title: Option<Cow<'a, str>>,
    start: Option<Cow<'a, str>>,
    end: Option<Cow<'a, str>>,
    circa: bool,
    lane: Option<Cow<'a, str>>,
    tags: Vec<Cow<'a, str>>,
    color: Option<String>,
    description: Option<Cow<'a, str>>,
    display_date: Option<String>,
    sources: Vec<Source>,
    /// Source dates that are not dates: (source index, field, error).
    bad_source_dates: Vec<BadSourceDate>,
    extra: Extra,
}

type BadSourceDate = (usize, &'static str, DateError);

type EventFailure = (Option<String>, Vec<Problem>);

/// Parses one event from its slice of the `events` array (not yet checked to be JSON: a
/// syntax error fails the event, and the caller tells it from a wrong event).
fn parse_event(
    cx: &Cx,
    raw: &str,
    index: usize,
    lanes: &Lanes,
    tags: &mut TagInterner,
    names: &RefCell<FieldNames>,
) -> Result<(Event, Option<String>), EventFailure> {
    let field = Cell::new("");
    let mut de = serde_json::Deserializer::from_str(raw);
    let fields = EventSeed {
        field: &field,
        names,
    }
    .deserialize(&mut de)
    .and_then(|fields| de.end().map(|()| fields))
    .map_err(|e| (name_of(raw), vec![type_problem(cx, raw, field.get(), &e)]))?;

    let mut problems = Vec::new();
    // The object's entries, split once when the first problem needs a location (splitting it
    // again for each of 10,000 bad source dates made one event take seconds).
    let entries = std::cell::OnceCell::new();
    let locate = |key: &str| -> Option<&RawValue> {
        entries
            .get_or_init(|| RawObject::parse(raw).ok())
            .as_ref()?
            .get(key)
    };
    let at = |key: &str, message: String| -> Problem {
        match locate(key) {
            Some(v) => cx.at(v, key, message),
            None => Problem::error(cx.file, cx.location(raw), message).with_field(key),
        }
    };
    if fields.title.is_none() {
        problems.push(at(
            "title",
            "an event needs a \"title\"; expected a string".into(),
        ));
    }
    let start = match &fields.start {
        None => {
            problems.push(at(
                "start",
                format!("an event needs a \"start\"; expected {DATE_EXPECTED}"),
            ));
            None
        }
        Some(text) => match Date::parse_iso(text) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(at("start", date_message(&e)));
                None
            }
        },
    };
    let end = match &fields.end {
        None => None,
        Some(text) => match Date::parse_iso(text) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(at("end", date_message(&e)));
                None
            }
        },
    };
    if let (Some(s), Some(e)) = (&start, &end)
        && let Some(message) = end_before_start(s, e)
    {
        problems.push(at("end", message));
    }
    let source_items = std::cell::OnceCell::new();
    for (i, key, e) in &fields.bad_source_dates {
        let path = format!("sources[{i}].{key}");
        let located = source_items
            .get_or_init(|| locate("sources").and_then(|v| raw_array(v).ok()))
            .as_ref()
            .and_then(|items| items.get(*i).copied())
            .and_then(|v| RawObject::parse(v).ok()?.get(key));
        problems.push(match located {
            Some(v) => cx.at(v, &path, date_message(e)),
            None => Problem::error(cx.file, cx.location(raw), date_message(e)).with_field(path),
        });
    }
    if start.is_none() || fields.title.is_none() || !problems.is_empty() {
        let name = fields.id.or(fields.title).map(Cow::into_owned);
        return Err((name, problems));
    }
    let (Some(start), Some(title)) = (start, fields.title) else {
        return Err((None, problems));
    };
    let (lane, unknown_lane) = match fields.lane.as_deref() {
        None | Some("") => (NO_LANE, None),
        Some(id) => match lanes.find(id) {
            Some(i) => (i, None),
            None => (NO_LANE, Some(id.to_string())),
        },
    };
    let event = Event::from(EventParts {
        id: fields
            .id
            .unwrap_or_else(|| super::build::numbered_id(index + 1).into()),
        title,
        description: fields.description.unwrap_or_default(),
        start,
        end,
        circa: fields.circa,
        lane,
        tags: tags.tags(&fields.tags),
        color: fields.color,
        sources: fields.sources,
        display_date: fields.display_date,
        extra: fields.extra,
    });
    Ok((event, unknown_lane))
}

/// The id or title of an event that failed to parse, to say which one was skipped.
fn name_of(raw: &str) -> Option<String> {
    let obj = RawObject::parse(raw).ok()?;
    ["id", "title"]
        .iter()
        .find_map(|k| serde_json::from_str::<String>(obj.get(k)?.get()).ok())
}

/// "end before start" when the end's whole precision span lies before the start.
pub(super) fn end_before_start(start: &Date, end: &Date) -> Option<String> {
    (end.end_of_precision_secs() <= start.start_secs()).then(|| {
        format!(
            "the end ({}) is before the start ({}); expected an end on or after the start",
            end.to_iso(),
            start.to_iso()
        )
    })
}

/// A serde error inside an event, located at the value of the field being read when known.
fn type_problem(cx: &Cx, raw: &str, field: &str, err: &serde_json::Error) -> Problem {
    let located = (!field.is_empty())
        .then(|| RawObject::parse(raw).ok()?.get(field))
        .flatten();
    match located {
        Some(v) => cx.at(v, field, serde_message(err)),
        None => {
            let p = cx.map.serde_problem(cx.file, raw, err);
            if field.is_empty() {
                p
            } else {
                p.with_field(field)
            }
        }
    }
}

struct EventSeed<'c> {
    /// The key whose value is being read, so a type error can name it.
    field: &'c Cell<&'static str>,
    /// The names unknown fields get, shared by the events of a chunk.
    names: &'c RefCell<FieldNames>,
}

impl<'de> DeserializeSeed<'de> for EventSeed<'_> {
    type Value = EventFields<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EventSeed<'_> {
    type Value = EventFields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event object such as {\"title\": \"…\", \"start\": \"1985-02-07\"}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut ev = EventFields::default();
        while let Some(CowStr(key)) = map.next_key()? {
            let known = native_keys::EVENT.iter().find(|k| **k == key);
            self.field.set(known.copied().unwrap_or(""));
            match key.as_ref() {
                "id" => ev.id = map.next_value::<Option<IdText>>()?.map(|i| i.0),
                "title" => ev.title = map.next_value::<Option<CowStr>>()?.map(|c| c.0),
                "start" => ev.start = map.next_value::<Option<DateText>>()?.map(|d| d.0),
                "end" => ev.end = map.next_value::<Option<DateText>>()?.map(|d| d.0),
                "circa" => ev.circa = map.next_value::<Option<bool>>()?.unwrap_or(false),
                "lane" => ev.lane = map.next_value::<Option<CowStr>>()?.map(|c| c.0),
                "tags" => {
                    ev.tags = map
                        .next_value::<Option<Vec<CowStr>>>()?
                        .map(|tags| tags.into_iter().map(|t| t.0).collect())
                        .unwrap_or_default()
                }
                "color" => ev.color = map.next_value()?,
                "description" => ev.description = map.next_value::<Option<CowStr>>()?.map(|c| c.0),
                "display_date" => ev.display_date = map.next_value()?,
                "sources" => {
                    ev.sources = map.next_value_seed(SourcesSeed {
                        names: self.names,
                        bad_dates: &mut ev.bad_source_dates,
                    })?
                }
                _ => {
                    let value: Value = map.next_value()?;
                    ev.extra.insert(self.names.borrow_mut().get(&key), value);
                }
            }
        }
        Ok(ev)
    }
}

/// An id: a string, or a whole number taken as its decimal text.
struct IdText<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for IdText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IdText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string (or a whole number)")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(IdText(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(IdText(Cow::Owned(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(IdText(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(IdText(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// A date's text, borrowed when possible; anything but a string is refused with the format
/// expected.
struct DateText<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for DateText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(DATE_EXPECTED)
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(DateText(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(DateText(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A `sources` array (or `null`): each a URL string or a source object. Dates are parsed here;
/// bad ones are noted in `bad_dates` for the caller to locate and report.
struct SourcesSeed<'b> {
    names: &'b RefCell<FieldNames>,
    bad_dates: &'b mut Vec<BadSourceDate>,
}

impl<'de> DeserializeSeed<'de> for SourcesSeed<'_> {
    type Value = Vec<Source>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SourcesSeed<'_> {
    type Value = Vec<Source>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of sources (URL strings or {\"url\": …} objects)")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut sources = Vec::with_capacity(seq.size_hint().unwrap_or(1));
        while let Some(source) = seq.next_element_seed(SourceSeed {
            names: self.names,
            index: sources.len(),
            bad_dates: &mut *self.bad_dates,
        })? {
            sources.push(source);
        }
        Ok(sources)
    }
}

struct SourceSeed<'b> {
    names: &'b RefCell<FieldNames>,
    index: usize,
    bad_dates: &'b mut Vec<BadSourceDate>,
}

impl<'de> DeserializeSeed<'de> for SourceSeed<'_> {
    type Value = Source;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SourceSeed<'_> {
    type Value = Source;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a source: a URL string or {\"url\": \"https://…\", \"title\": …}")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Source, E> {
        Ok(Source::from_url(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Source, A::Error> {
        let mut s = SourceDetails::default();
        let mut url = None;
        while let Some(CowStr(key)) = map.next_key()? {
            match key.as_ref() {
                "url" => url = Some(map.next_value::<String>()?),
                "title" => s.title = map.next_value()?,
                "publisher" => s.publisher = map.next_value()?,
                name @ ("published" | "accessed") => {
                    let field = if name == "published" {
                        "published"
                    } else {
                        "accessed"
                    };
                    let date = match map.next_value::<Option<DateText>>()? {
                        None => None,
                        Some(DateText(text)) => match Date::parse_iso(&text) {
                            Ok(d) => Some(d),
                            Err(e) => {
                                self.bad_dates.push((self.index, field, e));
                                None
                            }
                        },
                    };
                    if field == "published" {
                        s.published = date;
                    } else {
                        s.accessed = date;
                    }
                }
                _ => {
                    let value: Value = map.next_value()?;
                    s.extra.insert(self.names.borrow_mut().get(&key), value);
                }
            }
        }
        let url = url.ok_or_else(|| {
            de::Error::custom(
                "a source object needs a \"url\"; expected {\"url\": \"https://…\", …}",
            )
        })?;
        Ok(Source::with_details(url, s))
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes a timeline as pretty-printed Chronoscope JSON.
pub fn write_native(timeline: &Timeline, out: impl Write) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::pretty(out);
    Doc(timeline)
        .serialize(&mut ser)
        .map_err(std::io::Error::other)?;
    let mut out = ser.into_inner();
    out.write_all(b"\n")
}

/// The Chronoscope JSON text of a timeline.
pub fn to_native_string(timeline: &Timeline) -> String {
    let mut buf = Vec::new();
    // Writing into a Vec cannot fail, and serde_json only writes UTF-8.
    let _ = write_native(timeline, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// Saves a timeline as Chronoscope JSON atomically: a temporary file in the same folder is
/// written, flushed to disk and renamed over `path`, so `path` is never left half-written.
pub fn save_native(timeline: &Timeline, path: &Path) -> Result<(), SaveError> {
    super::atomic::write_atomically(path, |w| write_native(timeline, w))
}

/// True for the lane the loader adds for events without one: it is not written, and comes
/// back on reading.
fn is_implicit_default_lane(lanes: &[Lane], index: usize) -> bool {
    let Some(lane) = lanes.get(index) else {
        return false;
    };
    index + 1 == lanes.len()
        && lane.id == DEFAULT_LANE_ID
        && lane.label == "Events"
        && lane.color.is_none()
        && lane.order.is_none()
        && lane.extra.is_empty()
}

struct Doc<'a>(&'a Timeline);

impl Serialize for Doc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let meta = &t.meta;
        let lanes = t.lanes();
        let written_lanes = (0..lanes.len())
            .filter(|&i| !is_implicit_default_lane(lanes, i))
            .count();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("chronoscope", &FORMAT_VERSION)?;
        m.serialize_entry("title", &meta.title)?;
        if !meta.description.is_empty() {
            m.serialize_entry("description", &meta.description)?;
        }
        if written_lanes > 0 {
            m.serialize_entry("lanes", &SeqOut(&lanes[..written_lanes]))?;
        }
        if !meta.eras.is_empty() {
            m.serialize_entry("eras", &SeqOut(&meta.eras))?;
        }
        if !meta.story.is_empty() {
            m.serialize_entry("story", &SeqOut(&meta.story))?;
        }
        m.serialize_entry("events", &EventsOut(t))?;
        extra_entries(&mut m, &meta.extra, native_keys::TOP)?;
        m.end()
    }
}

/// The top-level entries the writer puts before `events` (title, description, lanes, eras,
/// story), as JSON values; absent ones are left out, as the writer leaves them out.
pub(crate) fn meta_values(t: &Timeline) -> serde_json::Map<String, Value> {
    let meta = &t.meta;
    let lanes = t.lanes();
    let written_lanes = (0..lanes.len())
        .filter(|&i| !is_implicit_default_lane(lanes, i))
        .count();
    let mut m = serde_json::Map::new();
    let mut put = |k: &str, v: Result<Value, serde_json::Error>| {
        if let Ok(v) = v {
            m.insert(k.to_owned(), v);
        }
    };
    put("title", Ok(Value::String(meta.title.clone())));
    if !meta.description.is_empty() {
        put("description", Ok(Value::String(meta.description.clone())));
    }
    if written_lanes > 0 {
        put(
            "lanes",
            serde_json::to_value(SeqOut(&lanes[..written_lanes])),
        );
    }
    if !meta.eras.is_empty() {
        put("eras", serde_json::to_value(SeqOut(&meta.eras)));
    }
    if !meta.story.is_empty() {
        put("story", serde_json::to_value(SeqOut(&meta.story)));
    }
    m
}

/// One event as the writer writes it, as a JSON object (fields in the writer's order).
pub(crate) fn event_value(t: &Timeline, index: usize) -> serde_json::Map<String, Value> {
    let lanes = t.lanes();
    let Some(e) = t.event(index) else {
        return serde_json::Map::new();
    };
    let lane = (!is_implicit_default_lane(lanes, e.lane()))
        .then(|| lanes.get(e.lane()).map(|l| l.id.as_str()))
        .flatten();
    match serde_json::to_value(EventOut { e, lane }) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// A slice written element by element through `Out`.
struct SeqOut<'a, T>(&'a [T]);

impl<T> Serialize for SeqOut<'_, T>
where
    for<'b> Out<'b, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&Out(item))?;
        }
        seq.end()
    }
}

/// One model value in the native layout.
struct Out<'a, T>(&'a T);

impl Serialize for Out<'_, Lane> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &l.id)?;
        m.serialize_entry("label", &l.label)?;
        if let Some(c) = &l.color {
            m.serialize_entry("color", c)?;
        }
        if let Some(o) = &l.order {
            m.serialize_entry("order", o)?;
        }
        if l.hidden {
            m.serialize_entry("hidden", &true)?;
        }
        extra_entries(&mut m, &l.extra, native_keys::LANE)?;
        m.end()
    }
}

impl Serialize for Out<'_, Era> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("label", &e.label)?;
        m.serialize_entry("start", &e.start.to_iso())?;
        m.serialize_entry("end", &e.end.to_iso())?;
        if let Some(c) = &e.color {
            m.serialize_entry("color", c)?;
        }
        extra_entries(&mut m, &e.extra, native_keys::ERA)?;
        m.end()
    }
}

/// A step about an event with nothing but its id is written as the id alone (as version 1 files
/// always had it); anything more as an object.
impl Serialize for Out<'_, StoryStep> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            StoryStep::Event(step) if step.caption.is_none() && step.extra.is_empty() => {
                s.serialize_str(&step.id)
            }
            StoryStep::Event(step) => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("event", &step.id)?;
                if let Some(caption) = &step.caption {
                    m.serialize_entry("caption", caption)?;
                }
                extra_entries(&mut m, &step.extra, native_keys::EVENT_STEP)?;
                m.end()
            }
            StoryStep::View(step) => {
                let mut m = s.serialize_map(None)?;
                if !step.title.is_empty() {
                    m.serialize_entry("title", &step.title)?;
                }
                m.serialize_entry("start", &step.start.to_iso())?;
                m.serialize_entry("end", &step.end.to_iso())?;
                if !step.lanes.is_empty() {
                    m.serialize_entry("lanes", &step.lanes)?;
                }
                if !step.caption.is_empty() {
                    m.serialize_entry("caption", &step.caption)?;
                }
                extra_entries(&mut m, &step.extra, native_keys::VIEW_STEP)?;
                m.end()
            }
            StoryStep::Unknown(value) => value.serialize(s),
        }
    }
}

/// Writes unknown fields after the native ones. One named like a native field is refused: it
/// would be a duplicate key, or be read back as the native field (the loader renames such
/// fields, so only a timeline built some other way can hold one).
fn extra_entries<M: SerializeMap>(
    m: &mut M,
    extra: &Extra,
    native: &[&str],
) -> Result<(), M::Error> {
    for (k, v) in extra {
        if native.contains(&k) {
            return Err(serde::ser::Error::custom(format!(
                "the unknown field \"{}\" has the name of a native field; expected it renamed \
                 (for example to \"x-{}\") — nothing was written",
                super::error::shorten(k),
                super::error::shorten(k)
            )));
        }
        m.serialize_entry(k, v)?;
    }
    Ok(())
}

struct EventsOut<'a>(&'a Timeline);

impl Serialize for EventsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let lanes = t.lanes();
        let mut seq = s.serialize_seq(Some(t.len()))?;
        // The file's own order, not the timeline's order by date.
        for e in t
            .indices_in_file_order()
            .into_iter()
            .map(|i| &t.events()[i])
        {
            let lane = (!is_implicit_default_lane(lanes, e.lane()))
                .then(|| lanes.get(e.lane()).map(|l| l.id.as_str()))
                .flatten();
            seq.serialize_element(&EventOut { e, lane })?;
        }
        seq.end()
    }
}

struct EventOut<'a> {
    e: &'a Event,
    lane: Option<&'a str>,
}

impl Serialize for EventOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.e;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", e.id())?;
        m.serialize_entry("title", e.title())?;
        m.serialize_entry("start", &e.start.to_iso())?;
        if let Some(end) = &e.end {
            m.serialize_entry("end", &end.to_iso())?;
        }
        if e.circa {
            m.serialize_entry("circa", &true)?;
        }
        if let Some(lane) = self.lane {
            m.serialize_entry("lane", lane)?;
        }
        if !e.tags().is_empty() {
            m.serialize_entry("tags", &TagsOut(e.tags()))?;
        }
        if let Some(c) = e.color() {
            m.serialize_entry("color", c)?;
        }
        if !e.description().is_empty() {
            m.serialize_entry("description", e.description())?;
        }
        if let Some(d) = e.display_date() {
            m.serialize_entry("display_date", d)?;
        }
        if !e.sources().is_empty() {
            m.serialize_entry("sources", &SourcesOut(e.sources()))?;
        }
        extra_entries(&mut m, e.extra(), native_keys::EVENT)?;
        m.end()
    }
}

struct TagsOut<'a>(&'a [crate::model::Tag]);

impl Serialize for TagsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|t| &**t))
    }
}

struct SourcesOut<'a>(&'a [Source]);

impl Serialize for SourcesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for src in self.0 {
            seq.serialize_element(&SourceOut(src))?;
        }
        seq.end()
    }
}

struct SourceOut<'a>(&'a Source);

impl Serialize for SourceOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let src = self.0;
        if src.is_bare() {
            return s.serialize_str(src.url());
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("url", src.url())?;
        if let Some(t) = src.title() {
            m.serialize_entry("title", t)?;
        }
        if let Some(p) = src.publisher() {
            m.serialize_entry("publisher", p)?;
        }
        if let Some(d) = src.published() {
            m.serialize_entry("published", &d.to_iso())?;
        }
        if let Some(d) = src.accessed() {
            m.serialize_entry("accessed", &d.to_iso())?;
        }
        extra_entries(&mut m, src.extra(), native_keys::SOURCE)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::load_bytes;
    use crate::io::parallel_test_support::{assert_same_load, load_on_threads, repeated_id_lines};

    fn load(text: &str) -> Loaded {
        load_bytes("t.json", text.as_bytes(), Some("json")).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn reads_the_documented_example() {
        let l = load(
            r##"{
  "chronoscope": 1,
  "title": "Transfers",
  "lanes": [ {"id": "b", "label": "B", "order": 2}, {"id": "a", "label": "A", "order": 1} ],
  "eras": [ {"label": "Prison", "start": "1985-04", "end": "2013-08", "color": "#999999"} ],
  "story": ["k"],
  "events": [
    {"id": "k", "title": "Kidnapped", "start": "1985-02-07", "end": "1985-03-05",
     "lane": "b", "tags": ["DEA"], "sources": ["https://a.org/x",
       {"url": "https://b.org", "publisher": "DEA", "published": "2010-03-04"}]},
    {"title": "Captured", "start": "2022-07-15", "circa": true}
  ]
}"##,
        );
        let t = &l.timeline;
        assert!(l.is_clean(), "{:?}", l.problems);
        assert_eq!(l.format, Format::Native);
        assert_eq!(t.title(), "Transfers");
        let lane_ids: Vec<_> = t.lanes().iter().map(|l| l.id.as_str()).collect();
        assert_eq!(lane_ids, ["a", "b", DEFAULT_LANE_ID]);
        assert_eq!(t.events()[0].lane(), 1);
        assert_eq!(t.events()[1].id(), "e2");
        assert_eq!(t.events()[1].lane(), 2);
        assert!(t.events()[1].circa);
        assert_eq!(t.events()[0].sources()[1].publisher(), Some("DEA"));
        assert_eq!(t.eras()[0].label, "Prison");
    }

    /// Found by fuzzing: numbers in unknown fields were parsed to the nearest double only
    /// approximately, so a huge integer written back as its shortest exact form read back one
    /// step off. serde_json's `float_roundtrip` parses every number exactly. Test builds had it
    /// already (the jsonschema dev-dependency turns it on), the app and the fuzz targets did
    /// not: the regression input `fuzz/regressions/timesketch/huge-timestamp-round-trip` fails
    /// the fuzz target's build without the feature.
    #[test]
    fn numbers_in_unknown_fields_survive_save_and_reload() {
        let numbers = [
            "17000036000000002130645",
            "1.7000036000000001e22",
            "0.30000000000000004",
            "-2.2250738585072014e-308",
            "9007199254740993",
            "1e300",
        ];
        for n in numbers {
            let text = format!(r#"{{"events": [{{"title": "A", "start": "1985", "x": {n}}}]}}"#);
            let first = load(&text).timeline;
            let again = load(&to_native_string(&first)).timeline;
            let exact: Value = serde_json::from_str(n).unwrap();
            assert_eq!(first.events()[0].extra().get("x"), Some(&exact), "{n}");
            assert_eq!(again.events()[0], first.events()[0], "{n}");
        }
    }

    #[test]
    fn writes_fields_in_order_and_bare_url_sources() {
        let l = load(
            r#"{"title": "T", "events": [{"start": "1985", "title": "A", "zz": 1,
                "sources": ["https://a.org", {"url": "https://b.org", "note": "x"}]}]}"#,
        );
        let text = to_native_string(&l.timeline);
        assert_eq!(
            text,
            r#"{
  "chronoscope": 1,
  "title": "T",
  "events": [
    {
      "id": "e1",
      "title": "A",
      "start": "1985",
      "sources": [
        "https://a.org",
        {
          "url": "https://b.org",
          "note": "x"
        }
      ],
      "zz": 1
    }
  ]
}
"#
        );
    }

    #[test]
    fn story_steps_of_every_kind_are_read_and_bad_ones_kept_as_written() {
        let text = r#"{"title": "T",
"story": ["a", {"event": "a", "caption": "Ours", "x-k": [1]},
  {"title": "Span", "start": "1990", "end": "1995-06", "lanes": ["events"], "caption": "C"},
  {"start": "1990-13", "end": "1991"}, {"kind": "map"}, 7, {"event": "nobody"}],
"events": [{"id": "a", "title": "A", "start": "1990"}]}"#;
        let l = load(text);
        let story = &l.timeline.meta.story;
        assert_eq!(story.len(), 7, "every item is kept, in order");
        assert_eq!(story[0], StoryStep::event("a"));
        let StoryStep::Event(captioned) = &story[1] else {
            panic!("{:?}", story[1])
        };
        assert_eq!(captioned.caption.as_deref(), Some("Ours"));
        assert_eq!(captioned.extra.get("x-k"), Some(&serde_json::json!([1])));
        let StoryStep::View(view) = &story[2] else {
            panic!("{:?}", story[2])
        };
        assert_eq!(
            (view.title.as_str(), view.start.to_iso(), view.end.to_iso()),
            ("Span", "1990".to_owned(), "1995-06".to_owned())
        );
        assert_eq!(
            (view.lanes.as_slice(), view.caption.as_str()),
            (&["events".to_owned()][..], "C")
        );
        assert_eq!(
            story[3],
            StoryStep::Unknown(serde_json::json!({"start": "1990-13", "end": "1991"}))
        );
        assert_eq!(story[5], StoryStep::Unknown(serde_json::json!(7)));
        let said: Vec<String> = l.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(said.len(), 4, "{said:#?}");
        assert!(
            said[0].starts_with("t.json:4:13: warning: field `story[3].start`"),
            "{said:#?}"
        );
        assert!(
            said[1].starts_with("t.json:4:40: warning: field `story[4]`"),
            "{said:#?}"
        );
        assert!(
            said[2].starts_with("t.json:4:57: warning: field `story[5]`"),
            "{said:#?}"
        );
        assert!(
            said[3].starts_with("t.json:4:70: warning: field `story[6]`")
                && said[3].contains("no event has this id"),
            "{said:#?}"
        );
        // Written back: the unreadable steps exactly, the rest in the writer's form.
        let written = to_native_string(&l.timeline);
        let again = load(&written);
        assert_eq!(again.timeline.meta.story, *story);
        assert!(written.contains("\"kind\": \"map\""), "{written}");
    }

    /// The events of a file share the names of their unknown fields (one allocation per name,
    /// not one per event), and keep each field's value and order.
    #[test]
    fn unknown_field_names_are_shared_between_events() {
        let l = load(
            r#"{"events": [
  {"title": "A", "start": "1985", "x-case": "DEA-1", "x-n": 1,
   "sources": [{"url": "https://a.org", "x-page": 3}]},
  {"title": "B", "start": "1986", "x-n": 2, "x-case": "DEA-2",
   "sources": [{"url": "https://b.org", "x-page": 4}]}
]}"#,
        );
        let [a, b] = l.timeline.events() else {
            panic!("two events")
        };
        assert_eq!(a.extra().keys().collect::<Vec<_>>(), ["x-case", "x-n"]);
        assert_eq!(b.extra().keys().collect::<Vec<_>>(), ["x-n", "x-case"]);
        assert_eq!(b.extra()["x-case"], "DEA-2");
        let name = |e: &Event, k: &str| e.extra().keys().find(|n| *n == k).map(str::as_ptr);
        assert_eq!(name(a, "x-case"), name(b, "x-case"));
        assert_eq!(name(a, "x-n"), name(b, "x-n"));
        let source_name = |e: &Event| e.sources()[0].extra().keys().next().map(str::as_ptr);
        assert_eq!(source_name(a), source_name(b));
        assert_eq!(b.sources()[0].extra()["x-page"], 4);
    }

    /// Events parsed in place on several threads give exactly what one thread gives: the same
    /// events in the same order, lanes created by later events, skipped events and located
    /// problems, also where skipped events shift the ones after them.
    #[test]
    fn parsing_on_several_threads_equals_one_thread() {
        let mut text = String::from("{\"lanes\": [{\"id\": \"known\"}], \"events\": [");
        for i in 0..(PARALLEL_MIN_EVENTS + 4321) {
            if i > 0 {
                text.push_str(",\n");
            }
            let start = if i % 2999 == 17 { "1985-13" } else { "1985-02" };
            let lane = match i % 1013 {
                5 => format!("late-{}", i % 7),
                _ => "known".into(),
            };
            // Ids repeat now and then, across parts too.
            let id = if i % 4001 == 3 { 0 } else { i };
            text.push_str(&format!(
                "{{\"id\": \"x{id}\", \"title\": \"t{i}\", \"start\": \"{start}-{:02}\", \
                 \"lane\": \"{lane}\"}}",
                1 + (i * 7919) % 28
            ));
        }
        text.push_str("]}");
        let one = load_on_threads("t.json", &text, 1);
        let several = load_on_threads("t.json", &text, 4);
        assert!(!one.skipped.is_empty() && one.problems.len() > one.skipped.len());
        assert!(one.timeline.lanes().len() > 2);
        assert_same_load(&one, &several);
        // Repeats are located on their own lines, after skipped events too (each event after
        // the first starts a line).
        let expected: Vec<usize> = (0..PARALLEL_MIN_EVENTS + 4321)
            .filter(|i| i % 4001 == 3 && i % 2999 != 17)
            .map(|i| i + 1)
            .collect();
        assert_eq!(repeated_id_lines(&one), expected);
        // Each event stands on the lane its own entry names, after the skipped ones too.
        for e in one.timeline.events() {
            let i: usize = e.title()[1..].parse().expect("titles are t<number>");
            let lane = &one.timeline.lanes()[e.lane()].id;
            match i % 1013 {
                5 => assert_eq!(*lane, format!("late-{}", i % 7)),
                _ => assert_eq!(lane, "known"),
            }
        }
    }

    #[test]
    fn big_files_parse_in_parallel_and_keep_order() {
        let mut text = String::from("{\"events\": [");
        for i in 0..(PARALLEL_MIN_EVENTS + 5) {
            if i > 0 {
                text.push(',');
            }
            // Every 7000th event is bad; all of them are reported, in file order.
            let start = if i % 7000 == 6999 {
                "1985-13"
            } else {
                "1985-02"
            };
            text.push_str(&format!(
                "{{\"title\": \"e{i}\", \"start\": \"{start}\"}}\n"
            ));
        }
        text.push_str("]}");
        let l = load(&text);
        assert_eq!(l.timeline.len(), PARALLEL_MIN_EVENTS + 5 - 2);
        let rows: Vec<_> = l.skipped.iter().map(|s| s.position).collect();
        assert_eq!(rows, [7000, 14000]);
        assert_eq!(l.problems.len(), 2);
        assert_eq!(
            l.problems[1].location,
            // Lines after the first start with the separating comma.
            Location::Text {
                line: 14000,
                column: 31
            }
        );
    }
}
