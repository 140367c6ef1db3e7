//! The JSON Schema shipped in assets/ describes the native format: the built-in sample and what
//! `convert` writes validate against it, and files that break the format's rules do not.

use serde_json::{Value, json};

fn schema() -> Value {
    let text = include_str!("../assets/chronoscope.schema.json");
    serde_json::from_str(text).expect("the schema is JSON")
}

fn errors(instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_built_in_sample_validates() {
    let sample: Value =
        serde_json::from_str(include_str!("../assets/cartel-transfer.json")).unwrap();
    assert_eq!(errors(&sample), Vec::<String>::new());
}

#[test]
fn what_the_native_writer_produces_validates() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/timelinejs.json"
    );
    let loaded = chronoscope::io::load_path(std::path::Path::new(path)).expect("fixture loads");
    let written = chronoscope::io::to_native_string(&loaded.timeline);
    let value: Value = serde_json::from_str(&written).expect("writer output is JSON");
    assert_eq!(errors(&value), Vec::<String>::new());
}

#[test]
fn sub_second_times_and_every_offset_form_validate() {
    for date in [
        "2024-11-18T12:58:03.000004Z",
        "2024-11-18T12:58:03.5",
        "2024-11-18T12:58:03.123456789+00:00",
        "2024-11-18T12:58:03-0530",
        "2024-11-18T12:58-05",
        "2024-11-18T12:58+18:00",
    ] {
        let file = json!({"events": [{"title": "x", "start": date}]});
        assert_eq!(errors(&file), Vec::<String>::new(), "{date}");
        // And the reader agrees with the schema, keeping the text as written.
        let parsed = chronoscope::model::Date::parse_iso(date).expect(date);
        assert_eq!(parsed.to_iso(), date);
    }
}

#[test]
fn broken_files_do_not_validate() {
    for bad in [
        json!({"events": [{"start": "1985"}]}), // no title
        json!({"events": [{"title": "x"}]}),    // no start
        json!({"events": [{"title": "x", "start": "Feb 1985"}]}), // not ISO
        json!({"events": [{"title": "x", "start": "1985-13"}]}), // month 13
        json!({"events": [{"title": "x", "start": "1985", "sources": [{"title": "no url"}]}]}),
        json!({"title": "no events"}),
    ] {
        assert!(!errors(&bad).is_empty(), "should not validate: {bad}");
    }
    for bad_date in [
        "2024-11-18T12:58:03.1234567890Z", // finer than nanoseconds
        "2024-11-18T12:58+19:00",          // no such offset
        "2024-11-18T12:58:03+5",           // offset needs two digits
        "2024-11-18Z",                     // an offset needs a time of day
    ] {
        let bad = json!({"events": [{"title": "x", "start": bad_date}]});
        assert!(!errors(&bad).is_empty(), "should not validate: {bad_date}");
    }
    // Unknown fields are allowed everywhere: they are preserved by the app.
    let extra =
        json!({"x-note": 1, "events": [{"title": "x", "start": "-0043-03-15", "x-field": true}]});
    assert_eq!(errors(&extra), Vec::<String>::new());
}

#[test]
fn story_steps_of_every_kind_validate_and_broken_ones_do_not() {
    let events = json!([{"id": "a", "title": "A", "start": "1985-02-07"}]);
    let story = json!([
        "a",
        {"event": "a", "caption": "Told the story's way", "x-note": 1},
        {"title": "The search", "start": "1985-02", "end": "1985-04", "lanes": ["events"],
         "caption": "Four weeks", "x-mark": true}
    ]);
    let file = json!({"story": story, "events": events});
    assert_eq!(errors(&file), Vec::<String>::new());
    // What the app writes for them validates, and reads back the same.
    let text = serde_json::to_string(&file).unwrap();
    let loaded = chronoscope::io::load_bytes("s.json", text.as_bytes(), Some("json")).unwrap();
    assert!(loaded.is_clean(), "{:?}", loaded.problems);
    let written = chronoscope::io::to_native_string(&loaded.timeline);
    let value: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(errors(&value), Vec::<String>::new());
    assert_eq!(value["story"], story);
    for bad in [
        json!(""),                                                  // no id
        json!({"caption": "no event, no dates"}),                   // neither kind
        json!({"event": "a", "caption": 3}),                        // caption not text
        json!({"start": "1985", "title": "no end"}),                // a view needs both ends
        json!({"start": "Feb 1985", "end": "1986"}),                // not ISO
        json!({"start": "1985", "end": "1986", "lanes": "events"}), // lanes not a list
    ] {
        let file = json!({"story": [bad], "events": events});
        assert!(!errors(&file).is_empty(), "should not validate: {bad}");
    }
}
