//! What each fuzz target checks, shared by the libFuzzer targets in `fuzz/` (nightly,
//! `cargo fuzz run NAME`) and by `tests/fuzz_regression.rs`, which replays every committed
//! corpus file and past crash input on the stable toolchain. A check panics when the property
//! fails; libFuzzer records the input as a crash.
//!
//! Properties:
//! - every importer, through `io::load_bytes` with each extension hint and none: no panic; a
//!   load either gives a timeline or fails with at least one error; every message is located
//!   where it can be and bounded in length, and the problem list is capped;
//! - the HTML reducer: no panic, no markup left from a tag it removed, output no longer than a
//!   small multiple of the input;
//! - the ISO date parser: a parsed date prints back to text that parses to the same date;
//! - the typed-date parser (`7 Feb 1985`, `44 BC`, `1940s`, `05/08/2022 9:30 PM`…): no panic in
//!   any slash order, and a date it gives prints as ISO text that parses to the same date;
//! - the spreadsheet importer (.xlsx, .ods bytes): as every importer, and what loads survives
//!   the round trip;
//! - the `.timeline`, vis-timeline and Timesketch importers: as every importer (with their own
//!   extensions as hints too), and what loads survives the round trip;
//! - the round trip: whatever loads, written as Chronoscope JSON and loaded again, gives the
//!   same timeline, and writing that gives the same text.

#![allow(dead_code)]

use chronoscope::io::{self, LoadError, Loaded, MAX_LISTED_PROBLEMS};
use chronoscope::model::Date;

/// The hints a user's file can arrive with: JSON and CSV extensions, an unrelated one, none.
pub const HINTS: [Option<&str>; 4] = [Some("json"), Some("csv"), Some("txt"), None];

/// No problem line may be longer than this: a value is shortened to 80 characters, a field to
/// 80, a message to a few hundred. A 200 MB value must not make a 200 MB message.
pub const MAX_PROBLEM_CHARS: usize = 2_000;

/// A fuzz target's check: panics when the property fails.
pub type Check = fn(&[u8]);

/// Every fuzz target by name, for the regression test.
pub const TARGETS: [(&str, Check); 12] = [
    ("native_json", native_json),
    ("timelinejs_json", timelinejs_json),
    ("timelinejs_csv", timelinejs_csv),
    ("plain_csv", plain_csv),
    ("html_text", html_text),
    ("date", date),
    ("round_trip", round_trip),
    ("sheet", sheet),
    ("typed_date", typed_date),
    ("timeline_xml", timeline_xml),
    ("vis_json", vis_json),
    ("timesketch", timesketch),
];

/// The native importer's target (the corpus holds Chronoscope JSON).
pub fn native_json(data: &[u8]) {
    load_with_every_hint(data);
}

/// The TimelineJS JSON importer's target (the corpus holds TimelineJS JSON).
pub fn timelinejs_json(data: &[u8]) {
    load_with_every_hint(data);
}

/// The TimelineJS sheet importer's target (the corpus holds sheet CSV).
pub fn timelinejs_csv(data: &[u8]) {
    load_with_every_hint(data);
}

/// The plain CSV importer's target (the corpus holds spreadsheet CSV).
pub fn plain_csv(data: &[u8]) {
    load_with_every_hint(data);
}

/// The spreadsheet importer's target (the corpus holds .xlsx and .ods workbooks): every hint,
/// then the round trip of what loads.
pub fn sheet(data: &[u8]) {
    load_with_every_hint(data);
    if let Ok(first) = io::load_bytes("fuzz.xlsx", data, Some("xlsx")) {
        assert_same_after_round_trip(&first);
    }
}

/// Loads with every hint and with `ext`, then round-trips what loads.
fn load_and_round_trip(data: &[u8], ext: &str) {
    load_with_every_hint(data);
    let name = format!("fuzz.{ext}");
    let result = io::load_bytes(&name, data, Some(ext));
    if let Ok(first) = &result {
        assert_same_after_round_trip(first);
    }
    check_load(&name, result);
}

/// The Timeline app importer's target (the corpus holds `.timeline` XML).
pub fn timeline_xml(data: &[u8]) {
    load_and_round_trip(data, "timeline");
}

/// The vis-timeline importer's target (the corpus holds items and groups JSON).
pub fn vis_json(data: &[u8]) {
    load_and_round_trip(data, "json");
}

/// The Timesketch importer's target (the corpus holds Timesketch and plaso CSV and JSONL).
pub fn timesketch(data: &[u8]) {
    load_and_round_trip(data, "jsonl");
}

/// Dates as typed, in every slash order: no panic, and a date prints as ISO text that parses
/// back to the same date (a range's end too).
pub fn typed_date(data: &[u8]) {
    use io::typed_date::{SlashOrder, parse_typed};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for order in [
        SlashOrder::Detect,
        SlashOrder::DayFirst,
        SlashOrder::MonthFirst,
    ] {
        let Ok(typed) = parse_typed(text, order) else {
            continue;
        };
        for d in std::iter::once(typed.date).chain(typed.until) {
            let iso = d.to_iso();
            let again = Date::parse_iso(&iso).unwrap_or_else(|e| panic!("{text:?} → {iso:?}: {e}"));
            assert_eq!(d, again, "{text:?} → {iso:?}");
        }
    }
}

fn load_with_every_hint(data: &[u8]) {
    for hint in HINTS {
        let name = match hint {
            Some(ext) => format!("fuzz.{ext}"),
            None => "fuzz".to_string(),
        };
        check_load(&name, io::load_bytes(&name, data, hint));
    }
}

/// A load's result is well formed: a timeline with a capped, bounded problem list, or an error
/// with at least one bounded error message.
pub fn check_load(name: &str, result: Result<Loaded, LoadError>) {
    match result {
        Ok(loaded) => {
            assert!(
                loaded.problems.len() <= MAX_LISTED_PROBLEMS,
                "{} problems listed",
                loaded.problems.len()
            );
            for p in &loaded.problems {
                check_line(&p.to_string());
            }
            for s in &loaded.skipped {
                check_line(&s.to_string());
            }
            let skipped_events = loaded.skipped.iter().any(|s| s.kind == "event");
            assert!(
                !loaded.timeline.events().is_empty() || !skipped_events,
                "every event was skipped but the load succeeded"
            );
        }
        Err(e) => {
            assert!(
                e.problems.iter().any(|p| p.is_error()),
                "a failed load without an error: {e:?}"
            );
            assert!(e.problems.len() <= MAX_LISTED_PROBLEMS + 1);
            for p in &e.problems {
                assert_eq!(&*p.file, name, "a problem names another file");
                check_line(&p.to_string());
            }
        }
    }
}

fn check_line(line: &str) {
    let chars = line.chars().count();
    assert!(
        chars <= MAX_PROBLEM_CHARS,
        "a message of {chars} characters: {}…",
        line.chars().take(300).collect::<String>()
    );
}

/// The HTML reducer never panics, and its text is never much longer than its input (entities
/// expand to at most a few characters; breaks replace tags).
pub fn html_text(data: &[u8]) {
    let Ok(html) = std::str::from_utf8(data) else {
        return;
    };
    let text = io::html_text::html_to_text(html);
    assert!(
        text.len() <= html.len() * 4 + 8,
        "{} bytes of HTML became {} bytes of text",
        html.len(),
        text.len()
    );
}

/// A date that parses prints as ISO text that parses back to the same date, and displays
/// without panicking.
pub fn date(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(d) = Date::parse_iso(text) else {
        return;
    };
    let iso = d.to_iso();
    let again = Date::parse_iso(&iso).unwrap_or_else(|e| panic!("{text:?} → {iso:?}: {e}"));
    assert_eq!(d, again, "{text:?} → {iso:?}");
    let _ = d.display();
    assert!(d.start_secs() <= d.end_of_precision_secs());
}

/// Load anything; when it loads, write it as Chronoscope JSON and load that: the same
/// timeline must come back, with nothing added or lost, and writing it again gives the same
/// text.
pub fn round_trip(data: &[u8]) {
    let Ok(first) = io::load_bytes("fuzz", data, None) else {
        return;
    };
    assert_same_after_round_trip(&first);
}

/// Writes `first` as native JSON, loads it back, and compares.
pub fn assert_same_after_round_trip(first: &Loaded) {
    let text = io::to_native_string(&first.timeline);
    assert!(!text.is_empty(), "the native writer refused this timeline");
    let second = io::load_bytes("fuzz.json", text.as_bytes(), Some("json"))
        .unwrap_or_else(|e| panic!("the written file does not load: {e}\n{text}"));
    let (a, b) = (&first.timeline, &second.timeline);
    assert_eq!(a.title(), b.title(), "title\n{text}");
    assert_eq!(
        a.meta.description, b.meta.description,
        "description\n{text}"
    );
    assert_eq!(a.meta.story, b.meta.story, "story\n{text}");
    assert_eq!(a.meta.extra, b.meta.extra, "top-level extra fields\n{text}");
    assert_eq!(a.lanes(), b.lanes(), "lanes\n{text}");
    assert_eq!(a.eras(), b.eras(), "eras\n{text}");
    assert_eq!(a.events().len(), b.events().len(), "event count\n{text}");
    for (x, y) in a.events().iter().zip(b.events()) {
        assert_eq!(x, y, "event\n{text}");
    }
    assert!(
        second.skipped.is_empty(),
        "reloading skipped {:?}\n{text}",
        second.skipped
    );
    assert_eq!(
        io::to_native_string(b),
        text,
        "writing the reloaded timeline gives other text"
    );
}
