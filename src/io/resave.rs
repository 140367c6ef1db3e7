//! Saving a Chronoscope JSON file over itself without losing what the user wrote. Every byte of
//! what did not change is copied from the file as it is on disk — unknown fields, key order,
//! how numbers, dates and strings were spelled, whitespace, events that would not load — and
//! only the events and top-level entries that changed are written anew, each keeping its keys'
//! order (new keys go after the key the writer puts before them). An unchanged timeline gives
//! the file back byte for byte. Pure: text in, text out; the caller writes it atomically.
//!
//! ```text
//!  file on disk ──parse──▶ top entries (raw) ─┬─ unchanged: copied
//!                                             ├─ changed title/lanes/eras/story: value replaced
//!                                             └─ events: [ raw₀ , raw₁ , … ] ─┬─ same event: raw copied
//!  original Timeline (loaded from that text) ─┐                               ├─ edited: keys merged
//!  current Timeline (after edits) ────────────┴── compared per event key ─────┴─ new: appended
//! ```

use super::json::{RawObject, raw_array};
use super::native::{event_value, meta_values};
use crate::model::Timeline;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Why a file cannot be re-saved in place (the caller then offers Save As).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResaveError {
    #[error("the file on disk is no longer a JSON object ({0})")]
    NotAnObject(String),
    #[error("the file on disk has no \"events\" array")]
    NoEvents,
    #[error(
        "the file on disk has {in_file} events but {loaded} of them loaded; the events that did \
         not load cannot be matched up, so saving over the file could lose them"
    )]
    Unmatched { in_file: usize, loaded: usize },
}

/// How the file is laid out: pretty-printed with an indent unit, or on one line.
struct Style {
    pretty: bool,
    /// One level of indentation ("  ", "    ", "\t").
    unit: String,
}

/// A value in an object being written: copied from the file, or new.
enum Piece<'a> {
    Raw(&'a RawValue),
    New(Value),
}

/// The text to write so that `path` holds `current`, given the file's `text` and the timeline
/// `original` that was loaded from exactly that text (same loader, nothing skipped).
/// `disk_keys[p]` is the key in `current` of the event at position `p` of the file (the
/// positions shift when a save adds or removes events); `None` when they are the positions.
pub fn resave_native(
    text: &str,
    original: &Timeline,
    current: &Timeline,
    disk_keys: Option<&[u32]>,
) -> Result<String, ResaveError> {
    let top: RawObject =
        serde_json::from_str(text).map_err(|e| ResaveError::NotAnObject(e.to_string()))?;
    let Some(events_raw) = top.get("events") else {
        return Err(ResaveError::NoEvents);
    };
    let items = raw_array(events_raw).map_err(|_| ResaveError::NoEvents)?;
    if items.len() != original.len() {
        return Err(ResaveError::Unmatched {
            in_file: items.len(),
            loaded: original.len(),
        });
    }
    let style = detect_style(text, &top);
    let offset = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
    let mut patches: Vec<(usize, usize, String)> = Vec::new();

    // Top-level entries the writer owns.
    let old_meta = meta_values(original);
    let new_meta = meta_values(current);
    let events_key_start = key_start(text, offset(events_raw.get()));
    for (key, new) in &new_meta {
        if old_meta.get(key) == Some(new) {
            continue;
        }
        match top.entries.iter().rposition(|(k, _)| k == key) {
            Some(at) => {
                let raw = top.entries[at].1;
                let start = offset(raw.get());
                // The story's steps that did not change keep their text (a step can be written
                // in more than one way: "id" or {"event": "id"}).
                let merged = match (old_meta.get(key), new) {
                    (Some(Value::Array(old)), Value::Array(new)) if key == "story" => {
                        merged_array(text, raw, old, new, &style)
                    }
                    _ => None,
                };
                patches.push((
                    start,
                    start + raw.get().len(),
                    merged.unwrap_or_else(|| render_value(new, &style.unit, &style)),
                ));
            }
            None => {
                let entry = format!(
                    "{}:{}{}",
                    json_string(key),
                    if style.pretty { " " } else { "" },
                    render_value(new, &style.unit, &style)
                );
                let sep = if style.pretty {
                    format!(",\n{}", style.unit)
                } else {
                    ",".to_owned()
                };
                patches.push((events_key_start, events_key_start, format!("{entry}{sep}")));
            }
        }
    }
    for key in old_meta.keys() {
        if new_meta.contains_key(key) {
            continue;
        }
        if let Some(at) = top.entries.iter().rposition(|(k, _)| k == key) {
            patches.push(entry_removal(text, &top, at));
        }
    }

    // Events.
    if let Some(array) = events_text(text, original, current, &items, disk_keys, &style)? {
        let start = offset(events_raw.get());
        patches.push((start, start + events_raw.get().len(), array));
    }

    patches.sort_by_key(|p| (p.0, p.1));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (start, end, replacement) in patches {
        if start < at {
            continue; // overlapping patches cannot occur; never write garbage if they did
        }
        out.push_str(&text[at..start]);
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// The new `events` array, or `None` when no event was added, removed or changed.
fn events_text(
    text: &str,
    original: &Timeline,
    current: &Timeline,
    items: &[&RawValue],
    disk_keys: Option<&[u32]>,
    style: &Style,
) -> Result<Option<String>, ResaveError> {
    let n = items.len();
    // original's event index for each file position.
    let mut at_position = vec![usize::MAX; n];
    for (i, &pos) in original.file_order().iter().enumerate() {
        if let Some(slot) = at_position.get_mut(pos as usize) {
            *slot = i;
        }
    }
    // File position of each of current's keys.
    let position_of: std::collections::HashMap<u32, usize> = match disk_keys {
        Some(keys) if keys.len() == n => keys.iter().enumerate().map(|(p, &k)| (k, p)).collect(),
        Some(_) => {
            return Err(ResaveError::Unmatched {
                in_file: n,
                loaded: original.len(),
            });
        }
        None => (0..n).map(|p| (p as u32, p)).collect(),
    };
    if at_position.contains(&usize::MAX) {
        return Err(ResaveError::Unmatched {
            in_file: n,
            loaded: original.len(),
        });
    }
    let item_indent = item_indent(text, items, style);
    let mut changed = false;
    let mut rendered: Vec<String> = Vec::with_capacity(current.len());
    let mut kept = 0;
    for ci in current.indices_in_file_order() {
        let key = current.file_order()[ci];
        let Some(&pos) = position_of.get(&key) else {
            changed = true;
            let new = event_value(current, ci);
            rendered.push(render_object(
                new.into_iter().map(|(k, v)| (k, Piece::New(v))).collect(),
                &item_indent,
                style,
            ));
            continue;
        };
        kept += 1;
        let (raw, oi) = (items[pos], at_position[pos]);
        if same_event(original, oi, current, ci) {
            rendered.push(raw.get().to_owned());
            continue;
        }
        let old = event_value(original, oi);
        let new = event_value(current, ci);
        if old == new {
            rendered.push(raw.get().to_owned());
            continue;
        }
        changed = true;
        let entries = match RawObject::parse(raw) {
            Ok(obj) => merge_keys(&obj, &old, new),
            Err(_) => new.into_iter().map(|(k, v)| (k, Piece::New(v))).collect(),
        };
        rendered.push(render_object(entries, &item_indent, style));
    }
    if !changed && kept == n {
        return Ok(None);
    }
    Ok(Some(array_text(
        text,
        items,
        &rendered,
        &item_indent,
        style,
    )))
}

/// An array of `rendered` items laid out like the file's array of `items`: its opening and
/// closing whitespace and the separator between its first two items.
fn array_text(
    text: &str,
    items: &[&RawValue],
    rendered: &[String],
    item_indent: &str,
    style: &Style,
) -> String {
    if rendered.is_empty() {
        return "[]".to_owned();
    }
    let (opener, sep, closer) = match (items.first(), items.get(1), items.last()) {
        (Some(first), second, Some(last)) => {
            let offset = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
            let (open, close) = text_of_array(text, items);
            let first_start = offset(first.get());
            let last_end = offset(last.get()) + last.get().len();
            let sep = match second {
                Some(second) => {
                    text[first_start + first.get().len()..offset(second.get())].to_owned()
                }
                None if style.pretty => format!(",\n{item_indent}"),
                None => ",".to_owned(),
            };
            (
                text[open + 1..first_start].to_owned(),
                sep,
                text[last_end..close - 1].to_owned(),
            )
        }
        _ if style.pretty => (
            format!("\n{item_indent}"),
            format!(",\n{item_indent}"),
            format!("\n{}", style.unit),
        ),
        _ => (String::new(), ",".to_owned(), String::new()),
    };
    format!("[{opener}{}{closer}]", rendered.join(&sep))
}

/// A top-level array whose items changed: each new item equal to one of the file's (as the
/// writer writes them, `old[k]` for the file's item `k`) is copied as the file spells it, the
/// others are written anew. `None` when the file's value is not such an array.
fn merged_array(
    text: &str,
    raw: &RawValue,
    old: &[Value],
    new: &[Value],
    style: &Style,
) -> Option<String> {
    let items = raw_array(raw).ok()?;
    if items.len() != old.len() {
        return None;
    }
    let indent = item_indent(text, &items, style);
    let mut used = vec![false; items.len()];
    let rendered: Vec<String> = new
        .iter()
        .map(|v| {
            let same = (0..old.len()).find(|&k| !used[k] && old[k] == *v);
            match same {
                Some(k) => {
                    used[k] = true;
                    items[k].get().to_owned()
                }
                None => render_value(v, &indent, style),
            }
        })
        .collect();
    Some(array_text(text, &items, &rendered, &indent, style))
}

/// Byte range `[start, end)` of a non-empty array, brackets included.
fn text_of_array(text: &str, items: &[&RawValue]) -> (usize, usize) {
    // Found from the items: the '[' before the first and the ']' after the last.
    let offset = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return (0, 0);
    };
    let open = text[..offset(first.get())].rfind('[').unwrap_or(0);
    let last_end = offset(last.get()) + last.get().len();
    let close = text[last_end..]
        .find(']')
        .map_or(text.len(), |k| last_end + k + 1);
    (open, close)
}

/// The two events are the same as far as the file is concerned (lane compared by id).
fn same_event(a: &Timeline, ai: usize, b: &Timeline, bi: usize) -> bool {
    let (ea, eb) = (&a.events()[ai], &b.events()[bi]);
    fn lane_id(t: &Timeline, lane: usize) -> Option<&str> {
        t.lanes().get(lane).map(|l| l.id.as_str())
    }
    ea.id() == eb.id()
        && ea.title() == eb.title()
        && ea.start == eb.start
        && ea.end == eb.end
        && ea.circa == eb.circa
        && ea.tags() == eb.tags()
        && ea.color() == eb.color()
        && ea.description() == eb.description()
        && ea.display_date() == eb.display_date()
        && ea.sources() == eb.sources()
        && ea.extra() == eb.extra()
        && lane_id(a, ea.lane()) == lane_id(b, eb.lane())
}

/// The entries of an edited event: the file's keys in the file's order, each copied when its
/// value did not change and written anew when it did; keys the edit removed are dropped, keys it
/// added go after the key the writer puts before them.
fn merge_keys<'a>(
    file: &RawObject<'a>,
    old: &Map<String, Value>,
    new: Map<String, Value>,
) -> Vec<(String, Piece<'a>)> {
    let mut out: Vec<(String, Piece<'a>)> = Vec::with_capacity(new.len() + 2);
    for (key, raw) in &file.entries {
        let key = key.as_ref();
        match (old.get(key), new.get(key)) {
            (o, n) if o == n => out.push((key.to_owned(), Piece::Raw(raw))),
            (_, Some(n)) => out.push((key.to_owned(), Piece::New(n.clone()))),
            (_, None) => {}
        }
    }
    let order: Vec<&String> = new.keys().collect();
    for (pos, key) in order.iter().enumerate() {
        // Already written, or implied by the file as it was (a generated id, a default).
        if out.iter().any(|(k, _)| k == *key) || old.get(key.as_str()) == new.get(key.as_str()) {
            continue;
        }
        // After the nearest key the writer puts before this one.
        let at = order[..pos]
            .iter()
            .rev()
            .find_map(|o| out.iter().position(|(k, _)| k == *o))
            .map_or(0, |j| j + 1);
        out.insert(at, ((*key).clone(), Piece::New(new[key.as_str()].clone())));
    }
    out
}

/// Pretty (with the file's indent unit) or compact, from the space between `{` and the first key.
fn detect_style(text: &str, top: &RawObject) -> Style {
    let open = text.find('{').unwrap_or(0);
    let first_key = top
        .entries
        .first()
        .map(|(_, raw)| key_start(text, raw.get().as_ptr() as usize - text.as_ptr() as usize))
        .unwrap_or(open + 1);
    let gap = text.get(open + 1..first_key).unwrap_or("");
    match gap.rfind('\n') {
        Some(nl) => Style {
            pretty: true,
            unit: gap[nl + 1..].to_owned(),
        },
        None => Style {
            pretty: false,
            unit: String::new(),
        },
    }
}

/// The indentation of events in the array (from the file, else two units).
fn item_indent(text: &str, items: &[&RawValue], style: &Style) -> String {
    if !style.pretty {
        return String::new();
    }
    if let Some(first) = items.first() {
        let start = first.get().as_ptr() as usize - text.as_ptr() as usize;
        let line_start = text[..start].rfind('\n').map_or(0, |k| k + 1);
        let indent = &text[line_start..start];
        if indent.chars().all(char::is_whitespace) {
            return indent.to_owned();
        }
    }
    style.unit.repeat(2)
}

/// Where the key (its opening quote) of the entry whose value starts at `value_start` begins.
fn key_start(text: &str, value_start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = value_start;
    // Back over whitespace, the colon, whitespace, to the key's closing quote.
    while i > 0 && (bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b':') {
        i -= 1;
    }
    if i == 0 || bytes[i - 1] != b'"' {
        return value_start;
    }
    i -= 1; // the closing quote
    while i > 0 {
        i -= 1;
        if bytes[i] == b'"' {
            let backslashes = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                return i;
            }
        }
    }
    value_start
}

/// The byte range that removes top-level entry `at` with one of its separators.
fn entry_removal(text: &str, top: &RawObject, at: usize) -> (usize, usize, String) {
    let offset = |raw: &RawValue| raw.get().as_ptr() as usize - text.as_ptr() as usize;
    let raw = top.entries[at].1;
    let start = key_start(text, offset(raw));
    let end = offset(raw) + raw.get().len();
    match (top.entries.get(at + 1), at.checked_sub(1)) {
        (Some((_, next)), _) => (start, key_start(text, offset(next)), String::new()),
        (None, Some(prev)) => {
            let prev = top.entries[prev].1;
            (offset(prev) + prev.get().len(), end, String::new())
        }
        (None, None) => (start, end, String::new()),
    }
}

/// A value written at `indent` (the indentation of the line it starts on).
fn render_value(v: &Value, indent: &str, style: &Style) -> String {
    if !style.pretty {
        return serde_json::to_string(v).unwrap_or_default();
    }
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(style.unit.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return "null".to_owned();
    }
    let text = String::from_utf8(buf).unwrap_or_default();
    // JSON strings never hold a raw newline, so every newline is layout.
    text.replace('\n', &format!("\n{indent}"))
}

/// An object written at `indent`: raw pieces verbatim (they sit at the depth they came from),
/// new ones laid out like the writer does.
fn render_object(entries: Vec<(String, Piece<'_>)>, indent: &str, style: &Style) -> String {
    if entries.is_empty() {
        return "{}".to_owned();
    }
    let inner = format!("{indent}{}", style.unit);
    let parts: Vec<String> = entries
        .into_iter()
        .map(|(k, piece)| {
            let value = match piece {
                Piece::Raw(raw) => raw.get().to_owned(),
                Piece::New(v) => render_value(&v, &inner, style),
            };
            if style.pretty {
                format!("{inner}{}: {value}", json_string(&k))
            } else {
                format!("{}:{value}", json_string(&k))
            }
        })
        .collect();
    if style.pretty {
        format!("{{\n{}\n{indent}}}", parts.join(",\n"))
    } else {
        format!("{{{}}}", parts.join(","))
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{load_bytes, to_native_string};
    use crate::model::{Date, Event};

    fn load(text: &str) -> Timeline {
        load_bytes("t.json", text.as_bytes(), Some("json"))
            .unwrap_or_else(|e| panic!("{e}"))
            .timeline
    }

    const HAND_WRITTEN: &str = r#"{
    "x-project": {"owner": "desk", "rev": 1.50},
    "events": [
        {"start": "2001-09-11T08:46:00Z", "title": "B", "x-note": "keep me", "id": "b", "circa": false},
        {"title": "A", "start": "1990", "id": "a", "tags": ["one", "two"]}
    ],
    "title": "Hand written",
    "chronoscope": 1
}
"#;

    #[test]
    fn an_unchanged_timeline_gives_the_file_back_byte_for_byte() {
        let t = load(HAND_WRITTEN);
        assert_eq!(
            resave_native(HAND_WRITTEN, &t, &t, None).unwrap(),
            HAND_WRITTEN
        );
        let written = to_native_string(&t);
        let again = load(&written);
        assert_eq!(
            resave_native(&written, &again, &again, None).unwrap(),
            written
        );
    }

    #[test]
    fn an_edit_rewrites_only_what_changed_in_the_files_key_order() {
        let original = load(HAND_WRITTEN);
        let mut t = original.clone();
        let b = t.index_of("b").unwrap();
        let key = t.file_order()[b];
        let mut e = t.events()[b].clone();
        e.set_title("B, corrected");
        e.end = Some(Date::parse_iso("2001-09-12").unwrap());
        t.replace_events(&[key], vec![(key, e)]);
        let out = resave_native(HAND_WRITTEN, &original, &t, None).unwrap();
        let expected = HAND_WRITTEN.replace(
            r#"{"start": "2001-09-11T08:46:00Z", "title": "B", "x-note": "keep me", "id": "b", "circa": false}"#,
            "{\n            \"start\": \"2001-09-11T08:46:00Z\",\n            \"end\": \"2001-09-12\",\n            \"title\": \"B, corrected\",\n            \"x-note\": \"keep me\",\n            \"id\": \"b\",\n            \"circa\": false\n        }",
        );
        assert_eq!(out, expected);
        // Undoing the edit gives the file back exactly.
        let mut undone = t.clone();
        let e = original.events()[original.index_of("b").unwrap()].clone();
        undone.replace_events(&[key], vec![(key, e)]);
        assert_eq!(
            resave_native(HAND_WRITTEN, &original, &undone, None).unwrap(),
            HAND_WRITTEN
        );
    }

    #[test]
    fn deletes_and_additions_keep_the_file_order_and_other_bytes() {
        let original = load(HAND_WRITTEN);
        let mut t = original.clone();
        let a_key = t.file_order()[t.index_of("a").unwrap()];
        t.replace_events(&[a_key], vec![]);
        let mut c = Event::new("c", "C", Date::parse_iso("1950").unwrap());
        c.set_description("new");
        let next = t.next_key();
        t.replace_events(&[], vec![(next, c)]);
        let out = resave_native(HAND_WRITTEN, &original, &t, None).unwrap();
        assert!(
            out.contains(r#""x-project": {"owner": "desk", "rev": 1.50}"#),
            "{out}"
        );
        let b_at = out.find("\"id\": \"b\"").unwrap();
        let c_at = out.find("\"id\": \"c\"").unwrap();
        assert!(
            b_at < c_at,
            "new events go after the file's own, not by date:\n{out}"
        );
        assert!(!out.contains("\"id\": \"a\""));
        let back = load(&out);
        assert_eq!(back.len(), 2);
        assert_eq!(
            back.events()[back.index_of("c").unwrap()].description(),
            "new"
        );
    }

    #[test]
    fn top_level_entries_are_replaced_added_and_removed_in_place() {
        let original = load(HAND_WRITTEN);
        let mut t = original.clone();
        t.meta.title = "Renamed".into();
        t.meta.story = vec![crate::model::StoryStep::event("a")];
        let out = resave_native(HAND_WRITTEN, &original, &t, None).unwrap();
        assert!(out.contains("\"title\": \"Renamed\""), "{out}");
        assert!(
            out.contains("\"story\": [\n        \"a\"\n    ],\n    \"events\""),
            "{out}"
        );
        let with_story = load(&out);
        let mut cleared = with_story.clone();
        cleared.meta.story.clear();
        cleared.meta.title = "Hand written".into();
        assert_eq!(
            resave_native(&out, &with_story, &cleared, None).unwrap(),
            HAND_WRITTEN,
            "removing the entry again restores the file"
        );
    }

    #[test]
    fn story_steps_that_did_not_change_keep_their_text() {
        let text = r#"{
  "story": [
    "a",
    {"caption": "Mine", "event": "b", "x-mark": 1},
    {"start": "1990", "end": "2001", "title": "Ten years"}
  ],
  "events": [{"id": "a", "title": "A", "start": "1990"}, {"id": "b", "title": "B", "start": "2001"}]
}
"#;
        let original = load(text);
        assert_eq!(
            resave_native(text, &original, &original, None).unwrap(),
            text
        );
        // Reordered, and a caption added to "a": the other steps are copied as written.
        let mut t = original.clone();
        t.meta.story.swap(0, 2);
        if let crate::model::StoryStep::Event(step) = &mut t.meta.story[2] {
            step.caption = Some("First".into());
        }
        let out = resave_native(text, &original, &t, None).unwrap();
        assert_eq!(
            out,
            r#"{
  "story": [
    {"start": "1990", "end": "2001", "title": "Ten years"},
    {"caption": "Mine", "event": "b", "x-mark": 1},
    {
      "event": "a",
      "caption": "First"
    }
  ],
  "events": [{"id": "a", "title": "A", "start": "1990"}, {"id": "b", "title": "B", "start": "2001"}]
}
"#
        );
        assert_eq!(load(&out).meta.story, t.meta.story);
    }

    #[test]
    fn compact_files_stay_compact() {
        let text =
            r#"{"chronoscope":1,"title":"T","events":[{"id":"a","title":"A","start":"2000"}]}"#;
        let original = load(text);
        let mut t = original.clone();
        let next = t.next_key();
        t.replace_events(
            &[],
            vec![(next, Event::new("b", "B", Date::parse_iso("2001").unwrap()))],
        );
        let out = resave_native(text, &original, &t, None).unwrap();
        assert_eq!(
            out,
            r#"{"chronoscope":1,"title":"T","events":[{"id":"a","title":"A","start":"2000"},{"id":"b","title":"B","start":"2001"}]}"#
        );
    }
}
