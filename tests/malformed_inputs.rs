//! Bad input of every kind gives an error a user can act on — file, line:column or row and
//! column name, field, bad value, expectation — never a panic; a mostly good file reports every
//! problem and loads the rest, saying which events were skipped.

use chronoscope::io::{self, Loaded, Location};

/// Loads text that must fail outright; returns the error's lines.
fn fails(name: &str, bytes: &[u8]) -> Vec<String> {
    let ext = name.rsplit('.').next();
    match io::load_bytes(name, bytes, ext) {
        Ok(l) => panic!(
            "{name} loaded: {} events, {:#?}",
            l.timeline.len(),
            l.problems
        ),
        Err(e) => {
            assert!(e.problems.iter().any(|p| p.is_error()));
            e.problems.iter().map(|p| p.to_string()).collect()
        }
    }
}

/// Loads text that must load with problems; returns it.
fn partly(name: &str, text: &str) -> Loaded {
    let ext = name.rsplit('.').next();
    io::load_bytes(name, text.as_bytes(), ext).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn lines(l: &Loaded) -> Vec<String> {
    l.problems.iter().map(|p| p.to_string()).collect()
}

const DAY_30: &str = "day 30 does not exist in 2013-02; expected a day that exists in that month";

#[test]
fn json_impossible_day() {
    let l = partly(
        "case.json",
        "{\"events\": [\n  {\"title\": \"Ok\", \"start\": \"2013-02-27\"},\n  {\"title\": \"Bad\", \"start\": \"2013-02-30\"}\n]}",
    );
    assert_eq!(
        lines(&l),
        [format!(
            "case.json:3:29: field `start`: \"2013-02-30\" \u{2014} {DAY_30}"
        )]
    );
    assert_eq!(l.timeline.len(), 1);
    assert_eq!(l.skipped[0].to_string(), "event 2 at 3:3 (\"Bad\")");
    let p = &l.problems[0];
    assert_eq!(p.field.as_deref(), Some("start"));
    assert_eq!(p.value.as_deref(), Some("\"2013-02-30\""));
    assert_eq!(
        p.location,
        Location::Text {
            line: 3,
            column: 29
        }
    );
}

#[test]
fn json_month_13() {
    let l = partly(
        "case.json",
        r#"{"events": [{"title": "A", "start": "1985-13"}, {"title": "B", "start": "1985"}]}"#,
    );
    assert_eq!(
        lines(&l),
        [
            "case.json:1:37: field `start`: \"1985-13\" \u{2014} month 13 does not exist (expected 1–12)"
        ]
    );
}

#[test]
fn json_end_before_start() {
    let l = partly(
        "case.json",
        r#"{"events": [{"title": "A", "start": "1985-03-05", "end": "1985-02-07"}, {"title": "B", "start": "1985"}]}"#,
    );
    assert_eq!(
        lines(&l),
        [
            "case.json:1:58: field `end`: \"1985-02-07\" \u{2014} the end (1985-02-07) is before the \
          start (1985-03-05); expected an end on or after the start"
        ]
    );
}

#[test]
fn json_missing_start() {
    let l = partly(
        "case.json",
        "{\"events\": [\n  {\"id\": \"x\", \"title\": \"No date\"},\n  {\"title\": \"B\", \"start\": \"1985\"}\n]}",
    );
    assert_eq!(
        lines(&l),
        [
            "case.json:2:3: field `start`: an event needs a \"start\"; expected an ISO-8601 date \
          string such as \"1985\", \"1985-02-07\" or \"1985-02-07T09:30\""
        ]
    );
    assert_eq!(l.skipped[0].name.as_deref(), Some("x"));
}

#[test]
fn json_wrong_types_name_the_field_and_point_at_the_value() {
    let l = partly(
        "case.json",
        "{\"events\": [\n  {\"title\": \"A\", \"start\": 1985},\n  {\"title\": [\"A\"], \"start\": \"1985\"},\n  {\"title\": \"C\", \"start\": \"1985\", \"circa\": \"yes\"},\n  \"just text\",\n  {\"title\": \"ok\", \"start\": \"1985\"}\n]}",
    );
    assert_eq!(
        lines(&l),
        [
            "case.json:2:27: field `start`: 1985 \u{2014} invalid type: integer `1985`, expected \
             an ISO-8601 date string such as \"1985\", \"1985-02-07\" or \"1985-02-07T09:30\"",
            "case.json:3:13: field `title`: [\"A\"] \u{2014} invalid type: sequence, expected a \
             string",
            "case.json:4:44: field `circa`: \"yes\" \u{2014} invalid type: string \"yes\", expected \
             a boolean",
            "case.json:5:13: invalid type: string \"just text\", expected an event object such \
             as {\"title\": \"…\", \"start\": \"1985-02-07\"}",
        ]
    );
    assert_eq!(l.skipped.len(), 4);
    assert_eq!(l.timeline.len(), 1);
}

#[test]
fn json_truncated_file() {
    let text = "{\"title\": \"x\", \"events\": [\n  {\"title\": \"a\", \"start\": \"1985\"},\n  {\"title\": \"b\", \"sta";
    assert_eq!(
        fails("case.json", text.as_bytes()),
        [
            "case.json:3:21: the file ends in the middle of the JSON (EOF while parsing a string); \
          expected the rest of the document \u{2014} is the file truncated?"
        ]
    );
}

#[test]
fn json_syntax_error() {
    assert_eq!(
        fails(
            "case.json",
            b"{\"events\": [\n  {\"title\": \"a\", \"start\": \"1985\"},\n]}\n"
        ),
        ["case.json:3:1: JSON syntax error: trailing comma"]
    );
}

#[test]
fn json_wrong_shapes_at_the_top() {
    assert_eq!(
        fails("case.json", br#"[{"title": "a", "start": "1985"}]"#),
        [
            "case.json:1:1: this JSON array holds events but no timeline around them; expected an \
             object with an \"events\" array ({\"events\": [{\"title\": …, \"start\": …}]}, as \
             Chronoscope and TimelineJS write), or vis-timeline items with \"content\" and \
             \"start\""
        ]
    );
    assert_eq!(
        fails("case.json", br#"{"events": {"title": "a"}}"#),
        ["case.json:1:11: invalid type: map, expected \"events\" to be an array of event objects"]
    );
    assert_eq!(
        fails("case.json", br#"{"title": "no events"}"#),
        [
            "case.json:1:1: no \"events\" array; expected a top-level \"events\": [ … ] listing the \
          events"
        ]
    );
}

#[test]
fn absurd_nesting_is_refused_without_overflowing_the_stack() {
    let depth = 200_000;
    let deep_field = format!(
        "{{\"events\": [{{\"title\": \"a\", \"start\": \"1985\", \"x\": {}{}}}]}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert_eq!(
        fails("deep.json", deep_field.as_bytes()),
        [
            "deep.json:1:176: the JSON is nested more than 128 levels deep here; expected a \
             timeline, which needs only a few levels",
            "deep.json: none of the 1 events could be read; expected at least one valid event",
        ]
    );
    let deep_top = "[".repeat(depth);
    assert_eq!(
        fails("deep.json", deep_top.as_bytes()),
        [
            // A top-level array is read as vis-timeline items: scanned without recursion.
            "deep.json:1:200000: the file ends in the middle of the JSON (EOF while parsing a \
             list); expected the rest of the document \u{2014} is the file truncated?"
        ]
    );
    let deep_closed = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let closed = fails("deep.json", deep_closed.as_bytes());
    assert_eq!(closed.len(), 1, "{closed:?}");
    assert!(closed[0].starts_with("deep.json:1:"), "{closed:?}");
}

#[test]
fn every_event_bad_fails_the_load_and_lists_them_all() {
    let errors = fails(
        "case.json",
        br#"{"events": [{"title": "a", "start": "1985-02-30"}, {"title": "b", "start": "soon"}]}"#,
    );
    assert_eq!(
        errors,
        [
            "case.json:1:37: field `start`: \"1985-02-30\" \u{2014} day 30 does not exist in \
             1985-02; expected a day that exists in that month",
            "case.json:1:76: field `start`: \"soon\" \u{2014} expected an ISO-8601 date such as \
             \"1985\", \"1985-02\", \"1985-02-07\", \"1985-02-07T09:30\", \
             \"2024-11-18T12:58:03.000004Z\" or \"-0043-03-15\"",
            "case.json: none of the 2 events could be read; expected at least one valid event",
        ]
    );
}

#[test]
fn source_dates_and_unknown_lanes() {
    let l = partly(
        "case.json",
        r#"{"events": [
  {"title": "a", "start": "1985", "sources": ["https://a.org", {"url": "https://b.org", "published": "2010-02-30"}]},
  {"title": "b", "start": "1986", "lane": "ghost"},
  {"title": "c", "start": "1987", "sources": [{"title": "no url"}]}
]}"#,
    );
    assert_eq!(
        lines(&l),
        [
            "case.json:2:102: field `sources[1].published`: \"2010-02-30\" \u{2014} day 30 does not \
             exist in 2010-02; expected a day that exists in that month",
            "case.json:3:43: warning: field `lane`: \"ghost\" \u{2014} lane is not declared in \
             \"lanes\"; created a lane with this id",
            "case.json:4:46: field `sources`: [{\"title\": \"no url\"}] \u{2014} a source object \
             needs a \"url\"; expected {\"url\": \"https://…\", …}",
        ]
    );
    assert_eq!(l.timeline.len(), 1);
    assert_eq!(l.timeline.lanes()[0].id, "ghost");
}

#[test]
fn eras_lanes_and_story_problems() {
    let l = partly(
        "case.json",
        r#"{"lanes": [{"label": "no id"}, {"id": "a"}, {"id": "a"}],
 "eras": [{"label": "Backwards", "start": "2013", "end": "1985"}, {"label": "Open", "start": "2000"}],
 "story": ["nope"],
 "events": [{"id": "e", "title": "a", "start": "1985", "lane": "a"}, {"id": "e", "title": "b", "start": "1986"}]}"#,
    );
    assert_eq!(
        lines(&l),
        [
            "case.json:1:12: field `lanes[0].id`: a lane needs an \"id\"; expected a non-empty \
             string events can refer to",
            "case.json:1:45: warning: field `lanes[2].id`: \"a\" \u{2014} a lane with this id was \
             declared before; expected unique lane ids \u{2014} this one is ignored",
            "case.json:2:58: field `eras[0].end`: \"1985\" \u{2014} the end (1985) is before the \
             start (2013); expected an end on or after the start",
            "case.json:2:67: field `eras[1].end`: an era needs \"end\"; expected an ISO-8601 date \
             string such as \"1985\", \"1985-02-07\" or \"1985-02-07T09:30\"",
            "case.json:3:12: warning: field `story[0]`: \"nope\" \u{2014} no event has this id; \
             expected the id of an event in this file \u{2014} the story step is skipped when \
             presenting",
            "case.json:4:70: warning: field `id`: \"e\" \u{2014} id is used twice (first at 4:13); \
             expected unique ids \u{2014} links to it are ambiguous",
        ]
    );
    let skipped: Vec<String> = l.skipped.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        skipped,
        [
            "lane 1 at 1:12",
            "era 1 at 2:11 (\"Backwards\")",
            "era 2 at 2:67 (\"Open\")"
        ]
    );
    assert_eq!(l.timeline.len(), 2);
}

#[test]
fn empty_binary_and_non_utf8_files() {
    assert_eq!(
        fails("empty.csv", b"\xEF\xBB\xBF\r\n \r\n"),
        [
            "empty.csv: the file is empty; expected a Chronoscope JSON, TimelineJS JSON, CSV, \
          .xlsx or .ods timeline"
        ]
    );
    assert_eq!(
        fails("photo.json", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        [
            "photo.json: this is a PNG image, not a timeline; expected a Chronoscope JSON, \
          TimelineJS JSON, CSV, .xlsx or .ods timeline"
        ]
    );
    // A cut-off zip: read as a workbook, and said to be damaged.
    let zip = fails("sheet.xlsx", b"PK\x03\x04\x14\0\x06\0");
    assert!(
        zip[0].starts_with("sheet.xlsx: this is a damaged ZIP archive (")
            && zip[0].ends_with(
                "); expected an .xlsx, .xlsm or .ods workbook \u{2014} is the file complete?"
            ),
        "{zip:?}"
    );
    assert_eq!(
        fails("data.bin", b"abc\x01\x02\0\xff"),
        [
            "data.bin: this is a binary file (a zero byte at offset 5), not text; expected a \
          Chronoscope JSON, TimelineJS JSON, CSV, .xlsx or .ods timeline"
        ]
    );
    assert_eq!(
        fails("latin1.csv", b"Year,Headline\n1985,Pe\xf1a Nieto\n"),
        [
            "latin1.csv:2:8: byte 0xF1 is not UTF-8 text; expected UTF-8 \u{2014} the file may be in \
          Windows-1252 or Latin-1: save it again as UTF-8 (\"CSV UTF-8\" in Excel)"
        ]
    );
    assert_eq!(
        fails(
            "cut.csv",
            "date,title\n1985,Pe\u{f1}"
                .as_bytes()
                .split_last()
                .unwrap()
                .1
        ),
        [
            "cut.csv:2:8: the file ends in the middle of a UTF-8 character; expected complete UTF-8 \
          text \u{2014} is the file truncated?"
        ]
    );
}

#[test]
fn csv_bad_dates_flags_and_titles_name_row_and_column() {
    let l = partly(
        "case.csv",
        "date,title,circa\n2013-02-30,Impossible,\n02/07/1985,Ambiguous,\n\n1985,\"Multi\nline\",\n1985-03,Bad flag,maybe\n,No start,\n1985,,\n1985-03-05,ok,\n",
    );
    assert_eq!(
        lines(&l),
        [
            format!("case.csv: row 2, column \"date\": \"2013-02-30\" \u{2014} {DAY_30}"),
            // Only one slashed date, and it could be either: read month first, with a warning.
            "case.csv: row 3, column \"date\": warning: \"02/07/1985\" \u{2014} slashed dates \
             such as \"02/07/1985\" could be day first or month first, and no date in the file \
             settles it (row 3); read month first (US style) \u{2014} if that is wrong, open the \
             file with --day-first or choose \"Day first\" in the app"
                .into(),
            "case.csv: row 6, column \"circa\": \"maybe\" \u{2014} expected true/yes/1/x for yes, \
             or false/no/0/an empty cell for no"
                .into(),
            "case.csv: row 7, column \"date\": missing start date; expected a date such as \
             \"1985-02-07\", \"7 Feb 1985\", \"Feb 7, 1985\", \"February 1985\", \"1985\", \
             \"1940s\", \"44 BC\", \"c. 1985\" or \"1985-02-07 09:30\""
                .into(),
            "case.csv: row 8, column \"title\": the title is empty; expected a short text naming \
             the event"
                .into(),
        ]
    );
    let skipped: Vec<String> = l.skipped.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        skipped,
        [
            "event in row 2 (\"Impossible\")",
            "event in row 6 (\"Bad flag\")",
            "event in row 7 (\"No start\")",
            "event in row 8"
        ]
    );
    assert_eq!(l.timeline.len(), 3);
    assert_eq!(
        l.problems[0].location,
        Location::Row {
            row: 2,
            column: Some("date".into())
        }
    );
}

#[test]
fn csv_rows_count_like_a_spreadsheet_with_crlf_and_blank_lines() {
    let l = partly(
        "case.csv",
        "\r\ndate,title\r\n1985,a\r\n\r\n\r\n,,\r\n1986,\"two\r\nlines\"\r\n2013-02-30,bad\r\n",
    );
    assert_eq!(
        lines(&l),
        [format!(
            "case.csv: row 8, column \"date\": \"2013-02-30\" \u{2014} {DAY_30}"
        )]
    );
}

#[test]
fn csv_missing_columns_and_unclosed_quotes() {
    assert_eq!(
        fails("names.csv", b"name,notes\nx,y\n"),
        [
            "names.csv: row 1: no start-date column; expected a header named \"start\", \
          \"startdate\", \"date\", \"begin\" (the header row has: name, notes)"
        ]
    );
    assert_eq!(
        fails("dates.csv", b"date,notes\n1985,y\n"),
        [
            "dates.csv: row 1: no title column; expected a header named \"title\", \"headline\", \
          \"name\", \"event\" (the header row has: date, notes)"
        ]
    );
    let l = partly(
        "cut.csv",
        "when,what,end\n1985-03-05,Backwards,1985-02-07\n1990,ok,\n1991,\"unclosed,1992\n1993,x,\n",
    );
    assert_eq!(
        lines(&l),
        [
            "cut.csv: row 2, column \"end\": \"1985-02-07\" \u{2014} the end (7 Feb 1985) is \
             before the start (5 Mar 1985); expected an end on or after the start",
            "cut.csv: row 4: a quoted cell starting in this row is never closed, so it runs to \
             the end of the file; expected a closing \" \u{2014} is the file truncated?",
        ]
    );
    assert_eq!(l.timeline.len(), 1);
}

#[test]
fn timelinejs_sheet_cells_name_the_template_column() {
    let header = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,\
                  Text,Media,Media Credit,Media Caption,Media Thumbnail,Alt Text,Type,Group,\
                  Background\n";
    let rows = "1985,13,,,,,,,,Bad month,,,,,,,,,\n\
                abc,,,,,,,,,Bad year,,,,,,,,,\n\
                2013,2,30,,,,,,,Bad day,,,,,,,,,\n\
                2013,2,3,25:00,,,,,,Bad time,,,,,,,,,\n\
                ,,,,,,,,,No year,,,,,,,,,\n\
                1985,,,,,,,,,Era without end,,,,,,,era,,\n\
                1985,,,,,3,,,,End month only,,,,,,,,,\n\
                1990,,,,1980,,,,,Backwards,,,,,,,,,\n\
                1990,,,,,,,,,ok,,,,,,,,,\n";
    let l = partly("sheet.csv", &format!("{header}{rows}"));
    assert_eq!(
        lines(&l),
        [
            "sheet.csv: row 2, column \"Month\": \"13\" \u{2014} month 13 does not exist (expected \
             1–12)",
            "sheet.csv: row 3, column \"Year\": \"abc\" \u{2014} expected a whole number such as \
             1985 or -44",
            format!("sheet.csv: row 4, column \"Day\": \"30\" \u{2014} {DAY_30}").as_str(),
            "sheet.csv: row 5, column \"Time\": \"25:00\" \u{2014} time 25:00:00 does not exist; \
             expected 00:00–23:59:59",
            "sheet.csv: row 6, column \"Year\": missing start date; expected a Year (with Month \
             and Day when known)",
            "sheet.csv: row 7, column \"End Year\": an era row needs an end date; expected an End \
             Year (or End Date)",
            "sheet.csv: row 8, column \"End Year\": warning: End Year is empty, so End \
             Month/Day/Time are ignored (as TimelineJS does); expected an End Year",
            "sheet.csv: row 9, column \"End Year\": the end (1980) is before the start (1990); \
             expected an end on or after the start",
        ]
    );
    assert_eq!(l.timeline.len(), 2);
    assert_eq!(l.skipped.iter().filter(|s| s.kind == "era").count(), 1);
}

#[test]
fn timelinejs_json_slides_with_bad_dates() {
    let l = partly(
        "tl.json",
        r#"{"events": [
  {"start_date": {"year": "2013", "month": "02", "day": "30"}, "text": {"headline": "Bad day"}},
  {"text": {"headline": "No date"}},
  {"start_date": {"year": "twenty"}, "text": {"headline": "Words"}},
  {"start_date": {"year": 1985}, "end_date": {"year": 1984}, "text": {"headline": "Backwards"}},
  {"start_date": {"year": 0}, "text": {"headline": "Year zero"}},
  {"start_date": {"year": 1985, "month": 2}, "text": {"headline": "ok"}}
]}"#,
    );
    assert_eq!(
        lines(&l),
        [
            format!(
                "tl.json:2:18: field `start_date`: {{\"year\": \"2013\", \"month\": \"02\", \"day\": \
                 \"30\"}} \u{2014} {DAY_30}"
            ),
            "tl.json:3:3: field `start_date`: a slide needs \"start_date\"; expected a date object \
             such as {\"year\": 1985, \"month\": 2, \"day\": 7}"
                .into(),
            "tl.json:4:27: field `start_date.year`: \"twenty\" \u{2014} expected a whole number \
             such as 1985"
                .into(),
            "tl.json:5:46: field `end_date`: {\"year\": 1984} \u{2014} the end (1984) is before the \
             start (1985); expected an end on or after the start"
                .into(),
            "tl.json:6:27: warning: field `start_date`: {\"year\": 0} \u{2014} TimelineJS year 0 \
             has no BCE/CE reading (TimelineJS shows it as \"0\"); read as 1 BCE \u{2014} expected \
             a non-zero year"
                .into(),
        ]
    );
    assert_eq!(l.timeline.len(), 2);
    let skipped: Vec<String> = l.skipped.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        skipped,
        [
            "event 1 at 2:3 (\"Bad day\")",
            "event 2 at 3:3 (\"No date\")",
            "event 3 at 4:3 (\"Words\")",
            "event 4 at 5:3 (\"Backwards\")"
        ]
    );
}

#[test]
fn utf16_and_directories() {
    assert_eq!(
        fails("sheet.csv", b"\xFF\xFEd\0a\0t\0e\0"),
        [
            "sheet.csv: the file is UTF-16 text; expected UTF-8 \u{2014} save it again as UTF-8 \
          (\"CSV UTF-8\" in Excel)"
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let err = io::load_path(dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with(": is a directory, not a regular file; expected a timeline file"),
        "{err}"
    );
    let missing = dir.path().join("missing.json");
    let err = io::load_path(&missing).unwrap_err();
    assert!(
        err.to_string()
            .contains("missing.json: cannot read the file: No such file"),
        "{err}"
    );
}

#[test]
fn many_bad_rows_are_all_reported_up_to_the_cap() {
    let mut text = String::from("date,title\n");
    for i in 0..1500 {
        text.push_str(&format!(
            "{},row {i}\n",
            if i % 2 == 0 { "1985-13" } else { "1985" }
        ));
    }
    let l = partly("many.csv", &text);
    assert_eq!(l.timeline.len(), 750);
    assert_eq!(l.skipped.len(), 750, "every bad row is named");
    assert_eq!(l.problems.len(), 750);
    let mut text = String::from("date,title\n");
    for i in 0..2500 {
        text.push_str(&format!("1985-13,row {i}\n"));
    }
    text.push_str("1985,good\n");
    let l = partly("many.csv", &text);
    assert_eq!(l.problems.len(), io::MAX_LISTED_PROBLEMS);
    assert_eq!(l.problems_not_listed, 1500);
    assert_eq!(l.skipped.len(), 2500);
}
