//! JSON plumbing shared by the JSON importers: the top level read with events kept as borrowed
//! text slices ([`TopLevel`]), objects as ordered key → raw value lists ([`RawObject`]), and
//! mapping byte offsets and serde_json errors to line:column [`Location`]s. Knows no format.

use super::error::{Location, Problem, shorten};
use crate::model::Extra;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// The input text with a lazily built line index, to turn byte offsets into line:column.
pub(crate) struct TextMap<'a> {
    pub text: &'a str,
    line_starts: OnceLock<Vec<usize>>,
    /// (byte offset, characters before it) every [`CHAR_MARK_BYTES`], so that a column is
    /// counted from the nearest mark, not from the start of a line that may be the whole file.
    char_marks: OnceLock<Vec<(usize, usize)>>,
}

/// Spacing of the character-count marks: counting at most this many bytes per location keeps
/// locating 200,000 problems on one 10 MB line linear (it took 19 s counting from the line
/// start each time).
const CHAR_MARK_BYTES: usize = 4096;

impl<'a> TextMap<'a> {
    pub fn new(text: &'a str) -> Self {
        TextMap {
            text,
            line_starts: OnceLock::new(),
            char_marks: OnceLock::new(),
        }
    }

    /// Number of characters before byte `offset` (a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![(0, 0)];
            let (mut at, mut chars) = (0, 0);
            while at < self.text.len() {
                let mut next = (at + CHAR_MARK_BYTES).min(self.text.len());
                while !self.text.is_char_boundary(next) {
                    next += 1;
                }
                chars += self.text[at..next].chars().count();
                marks.push((next, chars));
                at = next;
            }
            marks
        });
        let k = marks.partition_point(|&(byte, _)| byte <= offset).max(1) - 1;
        let (byte, chars) = marks[k];
        chars + self.text[byte..offset].chars().count()
    }

    /// Byte offset of a slice borrowed from the text (a [`RawValue`] or a borrowed key).
    pub fn offset_of(&self, part: &str) -> usize {
        let start = self.text.as_ptr() as usize;
        (part.as_ptr() as usize)
            .saturating_sub(start)
            .min(self.text.len())
    }

    /// 1-based line and character column of a byte offset.
    pub fn location(&self, offset: usize) -> Location {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    self.text
                        .bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect()
        });
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let line_start = starts[line - 1];
        let column = self.chars_before(offset) - self.chars_before(line_start) + 1;
        Location::Text { line, column }
    }

    pub fn location_of(&self, part: &str) -> Location {
        self.location(self.offset_of(part))
    }

    /// Absolute byte offset of a serde_json error raised while parsing `slice` (a part of the
    /// text, or the whole of it).
    pub fn error_offset(&self, slice: &str, err: &serde_json::Error) -> usize {
        let base = self.offset_of(slice);
        let mut line_start = 0;
        if err.line() > 1 {
            line_start = slice
                .match_indices('\n')
                .nth(err.line() - 2)
                .map_or(slice.len(), |(i, _)| i + 1);
        }
        let within = (line_start + err.column().saturating_sub(1)).min(slice.len());
        base + within
    }

    /// A problem for a serde_json error inside `slice`, located where serde stopped.
    pub fn serde_problem(&self, file: &str, slice: &str, err: &serde_json::Error) -> Problem {
        let location = self.location(self.error_offset(slice, err));
        Problem::error(file, location, serde_message(err))
    }
}

/// serde_json's nesting limit (it refuses deeper input instead of overflowing the stack).
const MAX_JSON_DEPTH: usize = 128;

/// serde_json's message without its " at line L column C" suffix (we give absolute positions),
/// with end-of-file and syntax errors said in words a user knows.
pub(crate) fn serde_message(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let msg = shorten_quoted_value(full.strip_suffix(&suffix).unwrap_or(&full));
    match err.classify() {
        serde_json::error::Category::Eof => format!(
            "the file ends in the middle of the JSON ({msg}); expected the rest of the \
             document — is the file truncated?"
        ),
        serde_json::error::Category::Syntax if msg.starts_with("recursion limit") => format!(
            "the JSON is nested more than {MAX_JSON_DEPTH} levels deep here; expected a \
             timeline, which needs only a few levels"
        ),
        serde_json::error::Category::Syntax => format!("JSON syntax error: {msg}"),
        _ => msg,
    }
}

/// serde's "invalid type: string \"…\", expected …" quotes the whole value, which may be
/// megabytes long: the part before ", expected" is shortened, the expectation kept.
fn shorten_quoted_value(msg: &str) -> String {
    match msg.rfind(", expected ") {
        Some(at) if at > 0 => format!("{}{}", shorten(&msg[..at]), &msg[at..]),
        // Other messages are serde's own words (capped with every message in `Problem`).
        _ => msg.to_string(),
    }
}

/// JSON text borrowed from the input: a serde [`RawValue`] (checked by serde) or an event's
/// slice of the `events` array (checked when the event is parsed; see [`TopLevel`]).
pub(crate) trait JsonText {
    fn json(&self) -> &str;
}

impl JsonText for RawValue {
    fn json(&self) -> &str {
        self.get()
    }
}

impl JsonText for str {
    fn json(&self) -> &str {
        self
    }
}

impl<T: JsonText + ?Sized> JsonText for &T {
    fn json(&self) -> &str {
        (**self).json()
    }
}

/// A raw value as shown in a message: its JSON text, shortened.
pub(crate) fn show_raw(raw: &(impl JsonText + ?Sized)) -> String {
    shorten(raw.json())
}

/// A string borrowed from the input when it has no escapes.
pub(crate) struct CowStr<'a>(pub Cow<'a, str>);

impl<'de> de::Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A JSON object as its entries in file order, values left raw (borrowed from the input) so
/// each can be located and parsed on its own.
#[derive(Debug, Default)]
pub(crate) struct RawObject<'a> {
    pub entries: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> RawObject<'a> {
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
    }

    /// Parses an object from a raw value; `Err` with serde's message when it is not one.
    pub fn parse(raw: &'a (impl JsonText + ?Sized)) -> Result<Self, serde_json::Error> {
        serde_json::from_str(raw.json())
    }
}

impl<'de> de::Deserialize<'de> for RawObject<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawObject<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(CowStr(key)) = map.next_key()? {
                    entries.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(RawObject { entries })
            }
        }
        d.deserialize_map(V)
    }
}

/// The top level of a JSON timeline file: every entry raw, with `events` already split into
/// one text slice per event (so each is parsed, and can fail, on its own).
///
/// An event that is an object (it starts with `{`) may not be valid JSON yet: the split only
/// matched its brackets and strings, and parsing the event checks the rest (serde would
/// otherwise read every event twice). A reader that finds such an event is not JSON says so
/// with [`invalid_event`]; every other entry and element was checked by serde.
#[derive(Debug, Default)]
pub(crate) struct TopLevel<'a> {
    pub entries: Vec<(Cow<'a, str>, &'a RawValue)>,
    pub events: Option<Vec<&'a str>>,
}

impl<'a> TopLevel<'a> {
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
    }

    /// Parses the top level (big files on every core, see [`json_split`](super::json_split));
    /// an error is located in the whole text.
    pub fn parse(map: &TextMap<'a>, file: &str) -> Result<Self, Problem> {
        if let Some(top) = super::json_split::top_level(map.text) {
            return Ok(top);
        }
        Self::parse_in_one_pass(map, file)
    }

    /// Parses the top level with one serde pass, which words every syntax error.
    pub fn parse_in_one_pass(map: &TextMap<'a>, file: &str) -> Result<Self, Problem> {
        let mut de = serde_json::Deserializer::from_str(map.text);
        let top = TopSeed
            .deserialize(&mut de)
            .and_then(|top| de.end().map(|()| top));
        top.map_err(|e| map.serde_problem(file, map.text, &e))
    }
}

struct TopSeed;

impl<'de> DeserializeSeed<'de> for TopSeed {
    type Value = TopLevel<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(TopVisitor)
    }
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = TopLevel<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with an \"events\" array at the top level")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut top = TopLevel::default();
        while let Some(CowStr(key)) = map.next_key()? {
            if key == "events" {
                let events = map.next_value_seed(EventsSeed)?;
                top.events = Some(events);
            } else {
                top.entries.push((key, map.next_value::<&'de RawValue>()?));
            }
        }
        Ok(top)
    }
}

struct EventsSeed;

impl<'de> DeserializeSeed<'de> for EventsSeed {
    type Value = Vec<&'de str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed {
    type Value = Vec<&'de str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"events\" to be an array of event objects")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut events = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            events.push(raw.get());
        }
        Ok(events)
    }
}

/// The error for a file with an event that is not valid JSON (found while parsing the event
/// on its own): serde's pass over the whole text words and locates it, as for any syntax
/// error before the events.
pub(crate) fn invalid_event(map: &TextMap, file: &str, event: &str) -> Problem {
    match TopLevel::parse_in_one_pass(map, file) {
        Err(problem) => problem,
        // Not reached (an event that is not JSON makes the whole text not JSON), but the
        // event's own error is as good.
        Ok(_) => match serde_json::from_str::<de::IgnoredAny>(event) {
            Err(e) => map.serde_problem(file, event, &e),
            Ok(_) => Problem::error(file, map.location_of(event), "JSON syntax error"),
        },
    }
}

/// True when an event's slice (see [`TopLevel`]) is not valid JSON: for readers whose parse of
/// the event failed, to tell a broken file from a wrong event.
pub(crate) fn is_invalid_event(event: &str) -> bool {
    event.starts_with('{') && serde_json::from_str::<de::IgnoredAny>(event).is_err()
}

/// Parses a raw array into its raw elements.
pub(crate) fn raw_array(raw: &RawValue) -> Result<Vec<&RawValue>, serde_json::Error> {
    serde_json::from_str(raw.get())
}

/// What the parse of one piece of JSON needs to make problems.
pub(crate) struct Cx<'r, 'a> {
    pub file: &'r str,
    pub map: &'r TextMap<'a>,
}

impl Cx<'_, '_> {
    /// An error at a raw value, naming the field and showing the value.
    pub fn at(
        &self,
        raw: &(impl JsonText + ?Sized),
        field: &str,
        message: impl Into<String>,
    ) -> Problem {
        Problem::error(self.file, self.map.location_of(raw.json()), message)
            .with_field(field)
            .with_value(&show_raw(raw))
    }

    pub fn location(&self, raw: &(impl JsonText + ?Sized)) -> Location {
        self.map.location_of(raw.json())
    }

    /// An optional string; `null` counts as absent.
    pub fn string(&self, raw: &RawValue, field: &str) -> Result<Option<String>, Problem> {
        serde_json::from_str::<Option<String>>(raw.get()).map_err(|_| {
            self.at(
                raw,
                field,
                format!("found {}; expected a string", kind_of(raw)),
            )
        })
    }

    pub fn integer(&self, raw: &RawValue, field: &str) -> Result<Option<i64>, Problem> {
        serde_json::from_str::<Option<i64>>(raw.get()).map_err(|_| {
            self.at(
                raw,
                field,
                format!("found {}; expected a whole number", kind_of(raw)),
            )
        })
    }

    /// Unknown entries of an object, kept for writing back.
    pub fn extra(&self, obj: &RawObject, known: &[&str], problems: &mut Vec<Problem>) -> Extra {
        let mut extra = Extra::new();
        for (key, raw) in &obj.entries {
            if known.contains(&key.as_ref()) {
                continue;
            }
            match serde_json::from_str::<Value>(raw.get()) {
                Ok(v) => {
                    extra.insert(key.to_string(), v);
                }
                Err(e) => problems.push(
                    self.map
                        .serde_problem(self.file, raw.get(), &e)
                        .with_field(key.as_ref()),
                ),
            }
        }
        extra
    }
}

/// What kind of JSON value a raw value is, for "expected a string, found a number" messages.
pub(crate) fn kind_of(raw: &(impl JsonText + ?Sized)) -> &'static str {
    match raw.json().as_bytes().first() {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "{\n  \"a\": \"ñandú\", \"b\": 1\n}";
        let map = TextMap::new(text);
        let b = text.find("1").unwrap();
        assert_eq!(
            map.location(b),
            Location::Text {
                line: 2,
                column: 22
            }
        );
        assert_eq!(map.location(0), Location::Text { line: 1, column: 1 });
        assert_eq!(
            map.location(text.len()),
            Location::Text { line: 3, column: 2 }
        );
    }

    #[test]
    fn top_level_keeps_events_as_borrowed_slices() {
        let text = r#"{"title": "T", "events": [ {"a": 1}, {"b": [2, 3]} ], "x": null}"#;
        let map = TextMap::new(text);
        let top = TopLevel::parse(&map, "f").unwrap();
        let events = top.events.unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(events[1], r#"{"b": [2, 3]}"#);
        assert_eq!(map.offset_of(events[1]), text.find(r#"{"b""#).unwrap());
        assert_eq!(top.entries.len(), 2);
        assert_eq!(top.entries[1].0, "x");
    }

    #[test]
    fn errors_inside_a_slice_get_absolute_positions() {
        // A syntax error inside an event: the split leaves it to the event's parse, and the
        // error is located in the whole text.
        let text = "{\"events\": [\n  {\"a\": 1},\n  {\"a\": tru}\n]}";
        let map = TextMap::new(text);
        let events = TopLevel::parse(&map, "f.json").unwrap().events.unwrap();
        assert!(!is_invalid_event(events[0]));
        assert!(is_invalid_event(events[1]));
        let top = invalid_event(&map, "f.json", events[1]);
        assert_eq!(
            top.location,
            Location::Text {
                line: 3,
                column: 12
            }
        );
        assert!(
            top.message.starts_with("JSON syntax error: expected ident"),
            "{}",
            top.message
        );

        // A type error found while parsing one event's own slice.
        let text = "{\"events\": [\n  {\"a\": 1},\n  {\"a\": [1, \"x\"]}\n]}";
        let map = TextMap::new(text);
        let top = TopLevel::parse(&map, "f.json").unwrap();
        let second = top.events.unwrap()[1];
        let err = serde_json::from_str::<std::collections::BTreeMap<String, Vec<u8>>>(second)
            .unwrap_err();
        let p = map.serde_problem("f.json", second, &err);
        assert_eq!(
            p.location,
            Location::Text {
                line: 3,
                column: 15
            }
        );
        assert!(
            p.message.starts_with("invalid type: string \"x\""),
            "{}",
            p.message
        );
    }
}
