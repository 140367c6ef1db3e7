//! Files from strangers: every fault a fuzzing campaign and an outside review found, each as a
//! regression case. Small inputs are written here; big ones are generated. Each gets a located,
//! shortened error or a correct load, and none takes more than linear time or memory in
//! proportion to its size (a quadratic path made some of these take minutes).
//!
//! `cargo test --test hostile_inputs -- --ignored write_hostile_files` writes the big ones to
//! `$HOSTILE_DIR` for measuring whole processes (`/usr/bin/time -v chronoscope check FILE`).

#[path = "support/fuzz_checks.rs"]
mod fuzz_checks;

use chronoscope::io::{self, Limits, LoadError, Loaded, Location};
use chronoscope::model::{Date, Event, Timeline, TimelineMeta};
use fuzz_checks::{assert_same_after_round_trip, check_load};
use std::path::Path;
use std::process::Command;

fn load(name: &str, text: &str) -> Loaded {
    let ext = Path::new(name).extension().and_then(|e| e.to_str());
    let result = io::load_bytes(name, text.as_bytes(), ext);
    match result {
        Ok(l) => l,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn fail(name: &str, text: &str) -> LoadError {
    let ext = Path::new(name).extension().and_then(|e| e.to_str());
    match io::load_bytes(name, text.as_bytes(), ext) {
        Ok(l) => panic!("{name} loaded {} events", l.timeline.len()),
        Err(e) => e,
    }
}

fn lines(l: &Loaded) -> Vec<String> {
    l.problems.iter().map(|p| p.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// Unknown fields never shadow native ones

#[test]
fn a_second_title_column_is_kept_apart_and_survives_the_round_trip() {
    let l = load("t.csv", "date,title,title\n1985,Kidnapped,second\n");
    assert_eq!(l.timeline.events()[0].title(), "Kidnapped");
    assert_eq!(
        l.timeline.events()[0].extra().get("x-title"),
        Some(&serde_json::json!("second"))
    );
    assert_eq!(
        lines(&l),
        [
            "t.csv: row 1, column \"title\": warning: this column has the name of a field \
          Chronoscope reads itself; its cells are kept as the unknown field \"x-title\" so that \
          they are never read in its place"
        ]
    );
    assert_same_after_round_trip(&l);
}

#[test]
fn tags_end_and_sources_columns_never_become_native_fields_on_reload() {
    for text in [
        "date,title,Tags,tags\n1985,A,DEA,extra tag\n",
        "start;end;title;end\n1985;1990;A;1999\n",
        "date,title,sources\n1985,A,Washington Post\n",
        "date,title,remark,remark,x-remark\n1985,A,one,two,three\n",
    ] {
        let l = load("t.csv", text);
        assert!(l.is_clean(), "{text}: {:?}", l.problems);
        assert_same_after_round_trip(&l);
    }
    // The publication name stays text, never a source link.
    let l = load("t.csv", "date,title,sources\n1985,A,Washington Post\n");
    let e = &l.timeline.events()[0];
    assert!(e.sources().is_empty());
    assert_eq!(
        e.extra().get("x-sources"),
        Some(&serde_json::json!("Washington Post"))
    );
    // Two unknown columns of one name both keep their cells.
    let l = load(
        "t.csv",
        "date,title,remark,remark,x-remark\n1985,A,one,two,three\n",
    );
    let extra = l.timeline.events()[0].extra();
    let kept: Vec<_> = extra.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert_eq!(
        kept,
        ["remark=\"one\"", "x-x-remark=\"two\"", "x-remark=\"three\""]
    );
}

#[test]
fn a_timelinejs_end_beside_end_date_is_kept_apart() {
    let text = r#"{"events": [{"start_date": {"year": 1985}, "end_date": {"year": 1986},
        "text": {"headline": "A"}, "end": "2020", "title": "t", "sources": "s",
        "media": {"url": "https://a.org", "caption": "c", "title": "not the caption"}}],
        "lanes": "x", "story": ["e1"]}"#;
    let l = load("t.json", text);
    let e = &l.timeline.events()[0];
    assert_eq!(e.end.map(|d| d.to_iso()).as_deref(), Some("1986"));
    assert_eq!(e.extra().get("x-end"), Some(&serde_json::json!("2020")));
    assert_eq!(e.sources()[0].title(), Some("c"));
    assert!(e.sources()[0].extra().contains_key("x-title"));
    assert!(l.timeline.meta.extra.contains_key("x-story"));
    assert!(l.timeline.meta.story.is_empty());
    let warnings = lines(&l).join("\n");
    assert!(
        warnings.contains("t.json:1:13: warning: field `end`: the event's own \"end\" is a different field; kept this one as the unknown field \"x-end\""),
        "{warnings}"
    );
    assert_same_after_round_trip(&l);
}

#[test]
fn the_native_writer_refuses_to_write_a_duplicate_key() {
    let mut event = Event::new("a", "A", Date::year(1985).unwrap());
    event.change_extra(|extra| {
        extra.insert("title", serde_json::json!("shadow"));
    });
    let timeline = Timeline::new(TimelineMeta::default(), vec![event]);
    let mut out = Vec::new();
    let err = io::write_native(&timeline, &mut out).unwrap_err();
    assert!(
        err.to_string()
            .contains("the unknown field \"title\" has the name of a native field"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Memory and what may be read

#[test]
fn a_header_then_100_mb_of_empty_lines_loads_without_a_huge_allocation() {
    // The row estimate once trusted this file and asked for 25.8 GB at once (SIGABRT).
    let mut text = String::with_capacity(100 << 20);
    text.push_str("date,title\n");
    text.extend(std::iter::repeat_n('\n', 100 << 20));
    text.push_str("1985,Last\n");
    let l = load("empty-lines.csv", &text);
    assert_eq!(l.timeline.len(), 1);
    assert!(l.is_clean());
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_folders_are_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("x.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let e = io::load_path(&zero).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: is a device, not a regular file; expected a timeline file",
            zero.display()
        )
    );
    let fifo = dir.path().join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Opening a pipe for reading would wait for a writer forever: it is refused first.
    let e = io::load_path(&fifo).unwrap_err();
    assert!(
        e.to_string()
            .contains("is a named pipe, not a regular file"),
        "{e}"
    );
    let e = io::load_path(dir.path()).unwrap_err();
    assert!(
        e.to_string().contains("is a directory, not a regular file"),
        "{e}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // A sparse terabyte: reading it would take hours; the size alone decides.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(1 << 40).unwrap();
    let limits = Limits {
        max_file_bytes: 1 << 30,
        ..Limits::default()
    };
    let e = io::load_path_within(&path, &io::LoadProgress::new(), &limits).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: the file is 1024.0 GiB (1,099,511,627,776 bytes), over the limit of 1.0 GiB \
             (1,073,741,824 bytes); expected a smaller file — the limit is a quarter of the \
             memory available, or set CHRONOSCOPE_MAX_FILE_BYTES to a number of bytes",
            path.display()
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Linear time on inputs that used to be quadratic

#[test]
fn one_event_with_100000_declared_lanes() {
    let mut text = String::from("{\"lanes\": [");
    for i in 0..100_000 {
        text.push_str(&format!("{{\"id\": \"l{i}\"}},"));
    }
    text.push_str("{\"id\": \"l0\"}], \"events\": [{\"title\": \"A\", \"start\": \"1985\"}]}");
    let l = load("lanes.json", &text);
    assert_eq!(l.timeline.lanes().len(), 100_001);
    assert_eq!(l.problems.len(), 1, "the repeated lane id is warned about");
}

#[test]
fn lane_labels_with_one_slug_get_distinct_ids_in_linear_time() {
    // 24,768 labels, all "abcdefghijklmno" in different letter cases: one slug.
    let mut text = String::from("date,title,lane\n");
    for k in 0..24_768u32 {
        let label: String = "abcdefghijklmno"
            .chars()
            .enumerate()
            .map(|(b, c)| {
                if k >> b & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        text.push_str(&format!("1985,E,{label}\n"));
    }
    let l = load("labels.csv", &text);
    let lanes = l.timeline.lanes();
    assert_eq!(lanes.len(), 24_768);
    assert_eq!(lanes[0].id, "abcdefghijklmno");
    assert_eq!(lanes[24_767].id, "abcdefghijklmno-24768");
    let ids: std::collections::HashSet<_> = lanes.iter().map(|l| &l.id).collect();
    assert_eq!(ids.len(), lanes.len());
}

#[test]
fn two_hundred_thousand_events_sharing_one_id_on_one_line() {
    let mut text = String::from("{\"events\": [");
    for i in 0..200_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str("{\"id\": \"same\", \"title\": \"A\", \"start\": \"1985\"}");
    }
    text.push_str("]}");
    let l = load("ids.json", &text);
    assert_eq!(l.timeline.len(), 200_000);
    assert_eq!(l.problems.len(), io::MAX_LISTED_PROBLEMS);
    assert_eq!(l.problems_not_listed, 200_000 - 1 - io::MAX_LISTED_PROBLEMS);
    assert_eq!(
        l.problems[0].to_string(),
        "ids.json:1:59: warning: field `id`: \"same\" \u{2014} id is used twice (first at \
         1:13); expected unique ids \u{2014} links to it are ambiguous"
    );
    // Columns far along the line are still exact.
    let last = l.problems.last().unwrap();
    assert_eq!(
        last.location,
        Location::Text {
            line: 1,
            column: 13 + 46 * 1000
        }
    );
}

#[test]
fn many_invalid_events_on_one_long_line_are_located_exactly() {
    let mut text = String::from("{\"events\": [{\"title\": \"ok\", \"start\": \"1985\"}");
    for _ in 0..100_000 {
        text.push_str(",{\"title\": \"é\", \"start\": \"1985-13\"}");
    }
    text.push_str("]}");
    let l = load("bad.json", &text);
    assert_eq!(l.timeline.len(), 1);
    assert_eq!(l.skipped.len(), 100_000);
    // Character columns: each "é" is one column though two bytes.
    assert_eq!(
        l.problems[1].location,
        Location::Text {
            line: 1,
            column: 46 + 35 + 24
        }
    );
}

#[test]
fn one_event_with_10000_bad_source_dates() {
    let mut text =
        String::from("{\"events\": [{\"title\": \"A\", \"start\": \"1985\", \"sources\": [");
    for i in 0..10_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str("{\"url\": \"https://a.org\", \"published\": \"1985-13\"}");
    }
    text.push_str("]}, {\"title\": \"B\", \"start\": \"1985\"}]}");
    let l = load("sources.json", &text);
    assert_eq!(l.timeline.len(), 1);
    assert_eq!(l.problems.len(), io::MAX_LISTED_PROBLEMS);
    assert_eq!(
        l.problems[1].to_string(),
        "sources.json:1:144: field `sources[1].published`: \"1985-13\" \u{2014} month 13 does not \
         exist (expected 1–12)"
    );
}

// ---------------------------------------------------------------------------------------------
// Short messages, capped lists

#[test]
fn a_200_mb_string_gives_a_short_message() {
    let mut text = String::with_capacity(200 << 20);
    text.push_str("{\"events\": \"");
    text.extend(std::iter::repeat_n('x', 200 << 20));
    text.push_str("\"}");
    let e = fail("big.json", &text);
    let message = e.to_string();
    assert!(message.len() < 400, "{} bytes", message.len());
    assert!(
        message.starts_with("big.json:1:209715213: invalid type: string \"xxxx"),
        "{message}"
    );
    assert!(
        message.contains("\u{2026}, expected \"events\" to be an array"),
        "{message}"
    );
}

#[test]
fn a_hundred_events_with_1_mb_tags_strings_print_little() {
    let tags = "t".repeat(1 << 20);
    let events: Vec<String> = (0..100)
        .map(|_| format!("{{\"title\": \"A\", \"start\": \"1985\", \"tags\": \"{tags}\"}}"))
        .collect();
    let text = format!("{{\"events\": [{}]}}", events.join(",\n"));
    let e = fail("tags.json", &text);
    let printed = e.to_string();
    assert!(printed.len() < 100 * 400, "{} bytes", printed.len());
    assert!(
        e.problems[0]
            .to_string()
            .starts_with("tags.json:1:53: field `tags`: \"tttt"),
        "{}",
        e.problems[0]
    );
    check_load("tags.json", Err(e));
}

#[test]
fn long_keys_and_header_names_are_shortened_too() {
    let key = "k".repeat(100_000);
    let text =
        format!("{{\"events\": [{{\"title\": \"A\", \"start\": \"1985\", \"{key}\": tru}}]}}");
    check_load("k.json", io::load_bytes("k.json", text.as_bytes(), None));
    let header = (0..900)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let e = fail("wide.csv", &format!("{header}\n1,2\n"));
    assert!(e.to_string().len() < 1000, "{}", e.to_string().len());
}

#[test]
fn problem_lists_are_capped_with_a_count_of_the_rest() {
    let mut text = String::from("date,title\n");
    for _ in 0..5000 {
        text.push_str("1985-13,A\n");
    }
    let e = fail("bad.csv", &text);
    assert_eq!(e.problems.len(), io::MAX_LISTED_PROBLEMS + 1);
    assert_eq!(e.not_listed, 5000 - io::MAX_LISTED_PROBLEMS);
    let printed = e.to_string();
    assert!(
        printed.ends_with("bad.csv: \u{2026} and 4000 more problems not listed"),
        "{}",
        &printed[printed.len() - 200..]
    );
}

// ---------------------------------------------------------------------------------------------
// Limits with located messages

#[test]
fn nesting_deeper_than_the_limit_is_located() {
    let deep = format!(
        "{{\"events\": [{{\"title\": \"A\", \"start\": \"1985\", \"x\": {}1{}}}]}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let e = fail("deep.json", &deep);
    assert_eq!(
        e.to_string(),
        "deep.json:1:176: the JSON is nested more than 128 levels deep here; expected a \
         timeline, which needs only a few levels\n\
         deep.json: none of the 1 events could be read; expected at least one valid event"
    );
}

#[test]
fn event_count_over_the_limit_is_refused_where_it_is_crossed() {
    let limits = Limits {
        max_events: 3,
        ..Limits::default()
    };
    let json = "{\"events\": [\n{\"title\": \"a\", \"start\": \"1985\"},\n{\"title\": \"b\", \
                \"start\": \"1985\"},\n{\"title\": \"c\", \"start\": \"1985\"},\n{\"title\": \"d\", \
                \"start\": \"1985\"}]}";
    let e = io::load_bytes_within(
        "n.json",
        json.as_bytes(),
        None,
        &io::LoadProgress::new(),
        &limits,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "n.json:5:1: field `events[3]`: the file has more than 3 events; expected at most 3 — \
         split the file"
    );
    let csv = "date,title\n1985,a\n\n1985,b\n1985,c\n1985,d\n";
    let e = io::load_bytes_within(
        "n.csv",
        csv.as_bytes(),
        None,
        &io::LoadProgress::new(),
        &limits,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "n.csv: row 6: the file has more than 3 events; expected at most 3 — split the file"
    );
    let sheet = "Year,Headline\n1985,a\n1985,b\n1985,c\n1985,d\n";
    let e = io::load_bytes_within(
        "n.csv",
        sheet.as_bytes(),
        None,
        &io::LoadProgress::new(),
        &limits,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("n.csv: row 5: the file has more than 3"),
        "{e}"
    );
    // At the limit, all load.
    let ok = "date,title\n1985,a\n1985,b\n1985,c\n";
    assert!(
        io::load_bytes_within(
            "n.csv",
            ok.as_bytes(),
            None,
            &io::LoadProgress::new(),
            &limits
        )
        .is_ok()
    );
}

#[test]
fn oversized_cells_and_too_many_columns_are_refused_with_their_place() {
    let limits = Limits {
        max_cell_bytes: 100,
        max_columns: 5,
        ..Limits::default()
    };
    let text = format!(
        "date,title,notes\n1985,a,{}\n1985,b,short\n",
        "n".repeat(101)
    );
    let l = io::load_bytes_within(
        "c.csv",
        text.as_bytes(),
        None,
        &io::LoadProgress::new(),
        &limits,
    )
    .unwrap();
    assert_eq!(l.timeline.len(), 1);
    let first = l.problems[0].to_string();
    assert!(
        first.starts_with(
            "c.csv: row 2, column \"notes\": \"nnnn"
        ) && first.ends_with(
            "a cell of 101 bytes; expected at most 100 bytes per cell — is a quote left open above?"
        ),
        "{first}"
    );
    let e = io::load_bytes_within(
        "w.csv",
        b"date,title,a,b,c,d\n1985,x\n",
        None,
        &io::LoadProgress::new(),
        &limits,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "w.csv: row 1: the header row has 6 columns; expected at most 5 — is this a timeline \
         spreadsheet?"
    );
}

// ---------------------------------------------------------------------------------------------
// Big files for measuring whole processes

/// Writes each generated hostile file to `$HOSTILE_DIR` (for `/usr/bin/time -v chronoscope
/// check`); the measurements are in docs/robustness.md.
#[test]
#[ignore]
fn write_hostile_files() {
    let dir = std::path::PathBuf::from(std::env::var("HOSTILE_DIR").expect("set HOSTILE_DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
    let mut t = String::from("date,title\n");
    t.extend(std::iter::repeat_n('\n', 100 << 20));
    write("empty-lines.csv", t);
    let mut t = String::from("{\"lanes\": [");
    for i in 0..100_000 {
        t.push_str(&format!("{{\"id\": \"l{i}\"}},"));
    }
    t.push_str("{\"id\": \"x\"}], \"events\": [{\"title\": \"A\", \"start\": \"1985\"}]}");
    write("lanes.json", t);
    let mut t = String::from("date,title,lane\n");
    for k in 0..24_768u32 {
        let label: String = "abcdefghijklmno"
            .chars()
            .enumerate()
            .map(|(b, c)| {
                if k >> b & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect();
        t.push_str(&format!("1985,E,{label}\n"));
    }
    write("labels.csv", t);
    let events: Vec<&str> =
        vec!["{\"id\": \"same\", \"title\": \"A\", \"start\": \"1985\"}"; 200_000];
    write(
        "ids.json",
        format!("{{\"events\": [{}]}}", events.join(",")),
    );
    let bad: Vec<&str> = vec!["{\"title\": \"é\", \"start\": \"1985-13\"}"; 100_000];
    write(
        "bad-line.json",
        format!(
            "{{\"events\": [{{\"title\": \"ok\", \"start\": \"1985\"}},{}]}}",
            bad.join(",")
        ),
    );
    let sources: Vec<&str> =
        vec!["{\"url\": \"https://a.org\", \"published\": \"1985-13\"}"; 10_000];
    write(
        "sources.json",
        format!(
            "{{\"events\": [{{\"title\": \"A\", \"start\": \"1985\", \"sources\": [{}]}}]}}",
            sources.join(",")
        ),
    );
    write(
        "big-string.json",
        format!("{{\"events\": \"{}\"}}", "x".repeat(200 << 20)),
    );
    let tags = "t".repeat(1 << 20);
    let events: Vec<String> = (0..100)
        .map(|_| format!("{{\"title\": \"A\", \"start\": \"1985\", \"tags\": \"{tags}\"}}"))
        .collect();
    write(
        "tags.json",
        format!("{{\"events\": [{}]}}", events.join(",\n")),
    );
}
