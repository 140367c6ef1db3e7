//! Splitting a JSON document's top level, big ones on every core: the top-level object is
//! walked entry by entry, and the `events` array is cut into parts at guessed element starts,
//! each part split into elements on its own thread. A part is kept only when the part before
//! it really ended where the guess was (a guess can fall inside a string); otherwise it is
//! split again from where the part before ended.
//!
//! An element that is an object is found by matching its brackets and strings only: parsing
//! the event checks the rest, so the text is read by serde once, not twice (see [`TopLevel`]).
//! Everything else is checked by serde here. Anything unusual (a syntax error between
//! elements, an array that never closes, nesting deeper than serde allows) gives up, and the
//! caller reads the file with one serde pass, which reports the error exactly. Knows no
//! timeline format.

use super::json::{CowStr, TopLevel};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

/// Below this size the document is split on one thread (serde's own pass is as fast).
pub(crate) const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// Parts per thread: more parts than threads even out parts that are slower to split.
const PARTS_PER_THREAD: usize = 4;

/// Deepest nesting inside an event that the bracket match accepts; deeper events are left to
/// serde's pass over the whole text, which refuses beyond its limit of 128 levels (the event
/// sits two levels down).
const MAX_EVENT_DEPTH: usize = 100;

/// The top level of `text` with `events` split into raw elements, or `None` when the text is
/// not a well-formed JSON object (the caller then parses it with serde to say why).
pub(crate) fn top_level(text: &str) -> Option<TopLevel<'_>> {
    let threads = rayon::current_num_threads();
    let parts = if threads >= 2 && text.len() >= PARALLEL_MIN_BYTES {
        threads * PARTS_PER_THREAD
    } else {
        1
    };
    top_level_in_parts(text, parts)
}

/// The elements of `array`, the text of a JSON array that serde has already checked (a vis
/// file's items), split on every core when it is big; `None` when it is not an array or is
/// unusual (the caller then splits it with serde).
pub(crate) fn array_elements(array: &str) -> Option<Vec<&str>> {
    let threads = rayon::current_num_threads();
    let parts = if threads >= 2 && array.len() >= PARALLEL_MIN_BYTES {
        threads * PARTS_PER_THREAD
    } else {
        1
    };
    let open = skip_ws(array.as_bytes(), 0);
    if array.as_bytes().get(open) != Some(&b'[') {
        return None;
    }
    let (elements, end) = array_in_parts(array, open, parts)?;
    (skip_ws(array.as_bytes(), end) == array.len()).then_some(elements)
}

/// The first element of `array`, the text of a JSON array that serde has already checked;
/// `None` when it is empty, not an array or unusual.
pub(crate) fn first_element(array: &str) -> Option<&str> {
    let bytes = array.as_bytes();
    let open = skip_ws(bytes, 0);
    if bytes.get(open) != Some(&b'[') {
        return None;
    }
    let first = skip_ws(bytes, open + 1);
    match bytes.get(first)? {
        b']' => None,
        b'{' => array.get(first..object_end(bytes, first)?),
        _ => value_at(array, first).map(|(raw, _)| raw.get()),
    }
}

/// [`top_level`] with the events array cut into at most `parts` parts.
pub(crate) fn top_level_in_parts(text: &str, parts: usize) -> Option<TopLevel<'_>> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    if bytes.get(pos) != Some(&b'{') {
        return None;
    }
    pos = skip_ws(bytes, pos + 1);
    let mut top = TopLevel::default();
    if bytes.get(pos) == Some(&b'}') {
        return (skip_ws(bytes, pos + 1) == bytes.len()).then_some(top);
    }
    loop {
        let (key, after_key) = key_at(text, pos)?;
        pos = skip_ws(bytes, after_key);
        if bytes.get(pos) != Some(&b':') {
            return None;
        }
        pos = skip_ws(bytes, pos + 1);
        if key == "events" {
            if bytes.get(pos) != Some(&b'[') {
                // serde's pass words this error.
                return None;
            }
            let (events, end) = array_in_parts(text, pos, parts)?;
            // A repeated "events" key: serde's pass keeps the last, and so does this one.
            top.events = Some(events);
            pos = end;
        } else {
            let (raw, end) = value_at(text, pos)?;
            top.entries.push((key, raw));
            pos = end;
        }
        pos = skip_ws(bytes, pos);
        match bytes.get(pos) {
            Some(b',') => pos = skip_ws(bytes, pos + 1),
            Some(b'}') => {
                return (skip_ws(bytes, pos + 1) == bytes.len()).then_some(top);
            }
            _ => return None,
        }
    }
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(pos) {
        pos += 1;
    }
    pos
}

/// The JSON value starting at `pos` and the byte after it.
fn value_at(text: &str, pos: usize) -> Option<(&RawValue, usize)> {
    let rest = text.get(pos..)?;
    let mut de = serde_json::Deserializer::from_str(rest);
    let raw = <&RawValue>::deserialize(&mut de).ok()?;
    // serde hands back a slice of `rest` starting at `pos` (no whitespace precedes it here).
    let start = raw.get().as_ptr() as usize - rest.as_ptr() as usize;
    Some((raw, pos + start + raw.get().len()))
}

/// The object key (a string) starting at `pos` and the byte after it.
fn key_at(text: &str, pos: usize) -> Option<(std::borrow::Cow<'_, str>, usize)> {
    if text.as_bytes().get(pos) != Some(&b'"') {
        return None;
    }
    let (raw, end) = value_at(text, pos)?;
    let CowStr(key) = serde_json::from_str::<CowStr>(raw.get()).ok()?;
    Some((key, end))
}

/// What one thread found in its part of the array.
struct Part<'a> {
    /// Where the part started splitting.
    start: usize,
    elements: Vec<&'a str>,
    /// The byte after the part's last element and its comma (the next element's start), or
    /// after the closing `]`.
    end: usize,
    closed: bool,
    failed: bool,
}

/// Splits the array whose `[` is at `open` into raw elements, in at most `parts` parts;
/// returns them and the byte after the closing `]`.
fn array_in_parts(text: &str, open: usize, parts: usize) -> Option<(Vec<&str>, usize)> {
    let bytes = text.as_bytes();
    let first = skip_ws(bytes, open + 1);
    if bytes.get(first) == Some(&b']') {
        return Some((Vec::new(), first + 1));
    }
    let guesses = element_guesses(text, first, parts);
    let limits: Vec<usize> = guesses
        .iter()
        .skip(1)
        .copied()
        .chain([text.len()])
        .collect();
    let mut found: Vec<Part> = guesses
        .par_iter()
        .zip(&limits)
        .map(|(&start, &limit)| split_part(text, start, limit))
        .collect();
    // Keep each part whose start the part before really reached; split the others again.
    let mut elements = Vec::with_capacity(found.iter().map(|p| p.elements.len()).sum());
    let mut k = 0;
    loop {
        elements.append(&mut found[k].elements);
        let (end, closed, failed) = (found[k].end, found[k].closed, found[k].failed);
        if failed {
            return None;
        }
        if closed {
            return Some((elements, end));
        }
        k += 1;
        // The last part runs to the end of the text: ending there unclosed is malformed.
        let next = found.get(k)?;
        if next.start != end {
            found[k] = split_part(text, end, limits[k]);
        }
    }
}

/// Splits elements from `start` (an element's first byte) until one ends at or after `limit`
/// or the array closes.
fn split_part(text: &str, start: usize, limit: usize) -> Part<'_> {
    let bytes = text.as_bytes();
    let mut part = Part {
        start,
        elements: Vec::new(),
        end: start,
        closed: false,
        failed: false,
    };
    let mut pos = start;
    loop {
        let found = match bytes.get(pos) {
            Some(b'{') => object_end(bytes, pos).map(|end| (&text[pos..end], end)),
            _ => value_at(text, pos).map(|(raw, end)| (raw.get(), end)),
        };
        let Some((element, end)) = found else {
            part.failed = true;
            return part;
        };
        part.elements.push(element);
        pos = skip_ws(bytes, end);
        match bytes.get(pos) {
            Some(b',') => {
                pos = skip_ws(bytes, pos + 1);
                part.end = pos;
                if pos >= limit {
                    return part;
                }
            }
            Some(b']') => {
                part.end = pos + 1;
                part.closed = true;
                return part;
            }
            _ => {
                part.failed = true;
                return part;
            }
        }
    }
}

/// The byte after the object whose `{` is at `open`, found by matching braces outside strings;
/// `None` when the text ends first or the objects nest deeper than [`MAX_EVENT_DEPTH`]. Arrays
/// need not be matched: in valid JSON the braces alone find the object's end, and the event's
/// parse finds any mismatch (and nesting beyond serde's limit).
fn object_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut pos = open;
    loop {
        match *bytes.get(pos)? {
            b'"' => pos = string_end(bytes, pos)?,
            b'{' => {
                depth += 1;
                if depth > MAX_EVENT_DEPTH {
                    return None;
                }
                pos += 1;
            }
            b'}' => {
                depth -= 1;
                pos += 1;
                if depth == 0 {
                    return Some(pos);
                }
            }
            _ => pos += 1,
        }
    }
}

/// The byte after the string whose opening quote is at `open`.
fn string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut pos = open + 1;
    loop {
        pos += memchr::memchr2(b'"', b'\\', bytes.get(pos..)?)?;
        if bytes[pos] == b'"' {
            return Some(pos + 1);
        }
        // A backslash escapes the next byte (a `\uXXXX` escape's digits hold no quote).
        pos += 2;
    }
}

/// Part starts: `first`, then for each even share of the rest, the next `{` that follows a
/// `}` and a comma (`}, {` with any whitespace): most likely an element start. Increasing.
fn element_guesses(text: &str, first: usize, parts: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut guesses = vec![first];
    let len = text.len().saturating_sub(first);
    for k in 1..parts {
        let near = first + len / parts * k;
        let from = near.max(guesses.last().copied().unwrap_or(first) + 1);
        if let Some(g) = object_start_after(bytes, from)
            && guesses.last() != Some(&g)
        {
            guesses.push(g);
        }
    }
    guesses
}

/// The next `{` at or after `from` preceded by `,` and then `}` (skipping whitespace).
fn object_start_after(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let brace = at + bytes.get(at..)?.iter().position(|&b| b == b'{')?;
        let mut k = brace;
        let before = |k: &mut usize| {
            while *k > 0 && matches!(bytes[*k - 1], b' ' | b'\n' | b'\r' | b'\t') {
                *k -= 1;
            }
            (*k > 0).then(|| bytes[*k - 1])
        };
        if before(&mut k) == Some(b',') {
            k -= 1;
            if before(&mut k) == Some(b'}') {
                return Some(brace);
            }
        }
        at = brace + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Split<'a> = (Vec<String>, Vec<&'a str>);

    fn parts_of(top: TopLevel<'_>) -> Option<Split<'_>> {
        let keys = top.entries.iter().map(|(k, _)| k.to_string()).collect();
        let events = top.events?;
        Some((keys, events))
    }

    fn split(text: &str, parts: usize) -> Option<Split<'_>> {
        parts_of(top_level_in_parts(text, parts)?)
    }

    fn serde_split(text: &str) -> Option<Split<'_>> {
        let map = super::super::json::TextMap::new(text);
        parts_of(TopLevel::parse_in_one_pass(&map, "f").ok()?)
    }

    #[test]
    fn parts_split_like_serde_even_when_guesses_fall_in_strings() {
        let mut text = String::from("{\"title\": \"T\", \"events\": [\n");
        for i in 0..400 {
            if i > 0 {
                text.push_str(",\n");
            }
            // Descriptions that look like element boundaries.
            text.push_str(&format!(
                "  {{\"title\": \"e{i}\", \"description\": \"a}}, {{b\\\" }},{{ {i}\", \"n\": [1, {{\"x\": {i}}}]}}"
            ));
        }
        text.push_str("\n], \"story\": [\"e1\"], \"x-extra\": 5}\n");
        let expected = serde_split(&text).expect("valid JSON");
        assert_eq!(expected.1.len(), 400);
        for parts in [1, 2, 3, 8, 64, 400] {
            assert_eq!(
                split(&text, parts),
                Some(expected.clone()),
                "parts: {parts}"
            );
        }
    }

    /// A checked array (a vis file's items) splits into exactly the elements serde gives, in
    /// one part or many, and its first element is serde's first.
    #[test]
    fn checked_arrays_split_like_serde() {
        let mut big = String::from(" [\n");
        for i in 0..300 {
            if i > 0 {
                big.push_str(" ,\n ");
            }
            big.push_str(&match i % 4 {
                0 => format!("{{\"content\": \"a}}, {{b\\\" ]\", \"start\": {i}}}"),
                1 => format!("[{i}, {{\"x\": \"]\"}}]"),
                2 => format!("\"s{i} ],{{\""),
                _ => format!("{i}.5e1"),
            });
        }
        big.push_str("\n] ");
        let serde = |text: &str| -> Vec<String> {
            let raw: &RawValue = serde_json::from_str(text).expect("valid JSON");
            super::super::json::raw_array(raw)
                .expect("an array")
                .into_iter()
                .map(|r| r.get().to_string())
                .collect()
        };
        let expected = serde(&big);
        assert_eq!(expected.len(), 300);
        for parts in [1, 2, 7, 64] {
            let open = skip_ws(big.as_bytes(), 0);
            let (found, _) = array_in_parts(&big, open, parts).expect("splits");
            assert_eq!(found, expected, "parts: {parts}");
        }
        assert_eq!(array_elements(&big).expect("splits"), expected);
        assert_eq!(first_element(&big), Some(expected[0].as_str()));
        for (text, first) in [
            ("[]", None),
            (" [ ] ", None),
            ("[\"x\", 1]", Some("\"x\"")),
            ("[ 7 ]", Some("7")),
            ("{\"a\": [1]}", None),
        ] {
            assert_eq!(first_element(text), first, "{text}");
        }
        assert_eq!(array_elements("{\"a\": [1]}"), None);
        assert_eq!(array_elements(" [ ] "), Some(vec![]));
    }

    #[test]
    fn anything_malformed_is_left_to_serde() {
        for bad in [
            "{\"events\": [{}, {} {}]}",
            "{\"events\": [{}, {},]}",
            "{\"events\": [{}, {}",
            "{\"events\": [{}, {]}",
            "{\"events\": []} x",
            "[1, 2]",
            "{\"a\" 1}",
            "{\"a\": 1,}",
        ] {
            for parts in [1, 2, 4] {
                assert_eq!(split(bad, parts), None, "{bad} in {parts}");
            }
            assert!(serde_split(bad).is_none(), "{bad}");
        }
        assert_eq!(
            split("{\"events\": [], \"a\": {\"b\": [1]}}", 3),
            Some((vec!["a".to_string()], vec![]))
        );
    }

    #[test]
    fn objects_are_split_by_brackets_and_strings_and_checked_when_parsed() {
        // Escaped quotes and backslashes, brackets in strings and keys.
        let text = r#"{"events": [{"a\"}": "]\\", "b": "{\\\"["}, {"c": [{}, []]}, 5, "s"]}"#;
        assert_eq!(
            split(text, 2).unwrap().1,
            vec![
                r#"{"a\"}": "]\\", "b": "{\\\"["}"#,
                r#"{"c": [{}, []]}"#,
                "5",
                r#""s""#
            ]
        );
        assert_eq!(split(text, 2), serde_split(text));
        // Syntax errors inside an object are left to the event's parse; between elements,
        // in other values, or in an unclosed object or string, they give up.
        assert_eq!(
            split(r#"{"events": [{"a": tru}, {"b" 1}, {]}, {"c": [}]}"#, 1)
                .unwrap()
                .1,
            vec![r#"{"a": tru}"#, r#"{"b" 1}"#, "{]}", r#"{"c": [}"#]
        );
        for bad in [
            r#"{"events": [{"a": 1}, tru]}"#,
            r#"{"events": [{"a": "1}]}"#,
            r#"{"events": [{"a": [1]"#,
            r#"{"events": [{"a": 1} {"b": 2}]}"#,
        ] {
            assert_eq!(split(bad, 1), None, "{bad}");
        }
    }

    #[test]
    fn events_nested_deeper_than_the_limit_are_left_to_serde() {
        let nested = |depth: usize| {
            format!(
                "{{\"events\": [{}1{}]}}",
                "{\"a\": ".repeat(depth),
                "}".repeat(depth)
            )
        };
        assert!(split(&nested(MAX_EVENT_DEPTH), 1).is_some());
        assert_eq!(split(&nested(MAX_EVENT_DEPTH + 1), 1), None);
    }
}
