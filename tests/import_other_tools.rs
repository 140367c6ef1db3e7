//! The files researchers already have, as their tools write them: .xlsx and .ods workbooks
//! (made with openpyxl and odfpy by tests/fixtures/sheets/make_sheets.py), the Timeline app's
//! `.timeline`, vis-timeline items, Timesketch CSV/JSONL and plaso CSV. Each fixture is checked
//! event by event (title, dates with precision and offset, lane, sources), malformed ones by
//! message and location; then every format converts to CSV and back to the same events.

use chronoscope::io::{self, Format, LoadOptions, Loaded, SlashOrder};
use chronoscope::model::{Event, Precision, Timeline};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load_with(name: &str, options: &LoadOptions) -> Loaded {
    io::load_path_with(&fixture(name), options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn load(name: &str) -> Loaded {
    load_with(name, &LoadOptions::default())
}

/// The error lines of a file that must not load.
fn fails(name: &str, options: &LoadOptions) -> Vec<String> {
    match io::load_path_with(&fixture(name), options) {
        Ok(l) => panic!("{name} loaded {} events", l.timeline.len()),
        Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
    }
}

fn event<'a>(t: &'a Timeline, title: &str) -> &'a Event {
    t.events()
        .iter()
        .find(|e| e.title == title)
        .unwrap_or_else(|| panic!("no event titled {title:?}"))
}

/// `start..end` in ISO, as written.
fn dates(e: &Event) -> String {
    match &e.end {
        Some(end) => format!("{}..{}", e.start.to_iso(), end.to_iso()),
        None => e.start.to_iso(),
    }
}

fn lane(t: &Timeline, e: &Event) -> String {
    t.lanes()[e.lane].label.clone()
}

fn urls(e: &Event) -> Vec<&str> {
    e.sources.iter().map(|s| s.url.as_str()).collect()
}

fn problems(l: &Loaded) -> Vec<String> {
    l.problems.iter().map(|p| p.to_string()).collect()
}

// --- Spreadsheets -------------------------------------------------------------------------

/// The rows both workbooks hold (see make_sheets.py): title, dates, lane, circa.
fn check_case_sheet(l: &Loaded) {
    let t = &l.timeline;
    assert_eq!(t.len(), 10, "{:#?}", problems(l));
    let expect = [
        ("Camarena kidnapped in Guadalajara", "1985-02-07", Precision::Day, "Camarena case"),
        ("Last seen leaving the consulate", "1985-02-07T14:30", Precision::Minute, "Camarena case"),
        ("Camarena killed (disputed date)", "1985-02-09", Precision::Day, "Camarena case"),
        ("Caro Quintero arrested in Costa Rica", "1985-04-04", Precision::Day, "Caro Quintero"),
        ("Sentenced to 40 years", "1989", Precision::Year, "Caro Quintero"),
        ("In Mexican prison", "1985-04..2013-08", Precision::Month, "Caro Quintero"),
        (
            "Captured near San Simón, Sinaloa",
            "2022-07-15T10:20:30",
            Precision::Second,
            "Caro Quintero",
        ),
        ("Guadalajara trafficking networks form", "1940..1949", Precision::Year, "Background"),
        ("Ides of March (era test)", "-0043", Precision::Year, "Background"),
        (
            "Transfer to U.S. custody and arraignment",
            "2025-02-27..2025-02-28",
            Precision::Day,
            "Transfer",
        ),
    ];
    for (title, when, precision, lane_label) in expect {
        let e = event(t, title);
        assert_eq!(dates(e), when, "{title}");
        assert_eq!(e.start.precision(), precision, "{title}");
        assert_eq!(e.start.offset(), None, "{title}: spreadsheet times are naive");
        assert_eq!(lane(t, e), lane_label, "{title}");
    }
    assert!(event(t, "Guadalajara trafficking networks form").circa);
    assert!(!event(t, "Sentenced to 40 years").circa);
    assert_eq!(
        urls(event(t, "Camarena kidnapped in Guadalajara")),
        ["https://museum.dea.gov/exhibits/online-exhibits/red-ribbon-week/history"]
    );
    assert_eq!(
        event(t, "Sentenced to 40 years").extra.get("Notes"),
        Some(&serde_json::json!("year typed as a number"))
    );
}

#[test]
fn xlsx_with_title_rows_date_cells_a_typed_year_and_text_dates() {
    let l = load("sheets/case-timeline.xlsx");
    assert_eq!(l.format, Format::Xlsx);
    assert!(l.is_clean(), "{:#?}", problems(&l));
    check_case_sheet(&l);
    // Ids name the sheet row, below the title rows and the header in row 4.
    assert_eq!(event(&l.timeline, "Sentenced to 40 years").id, "r9");
}

#[test]
fn ods_reads_the_same_events() {
    let l = load("sheets/case-timeline.ods");
    assert_eq!(l.format, Format::Ods);
    assert!(l.is_clean(), "{:#?}", problems(&l));
    check_case_sheet(&l);
}

#[test]
fn another_sheet_by_name() {
    let options = LoadOptions {
        sheet: Some("Zetas".into()),
        ..Default::default()
    };
    let l = load_with("sheets/case-timeline.xlsx", &options);
    let t = &l.timeline;
    assert_eq!(t.len(), 2);
    assert_eq!(
        dates(event(t, "Treviño Morales captured near Nuevo Laredo")),
        "2013-07-15"
    );
    let missing = LoadOptions {
        sheet: Some("Nope".into()),
        ..Default::default()
    };
    let err = fails("sheets/case-timeline.xlsx", &missing);
    assert!(
        err[0].ends_with(
            "there is no sheet named \"Nope\"; expected one of: \"Case timeline\", \"Sources\", \"Zetas\""
        ),
        "{err:?}"
    );
}

#[test]
fn the_1904_date_system_and_excels_1900_leap_day() {
    let l = load("sheets/mac-1904.xlsx");
    let t = &l.timeline;
    assert_eq!(dates(event(t, "Camarena kidnapped")), "1985-02-07");
    assert_eq!(dates(event(t, "Released from Puente Grande")), "2013-08-09T06:00");

    let l = load("sheets/early-1900.xlsx");
    let t = &l.timeline;
    assert_eq!(dates(event(t, "First day of Excel's calendar")), "1900-01-01");
    assert_eq!(dates(event(t, "Day before the phantom leap day")), "1900-02-28");
    assert_eq!(dates(event(t, "Day after it")), "1900-03-01");
    assert_eq!(
        problems(&l),
        [
            "tests/fixtures/sheets/early-1900.xlsx: Early!A5 (column \"Date\"): \"1900-02-29\" \
             — 29 February 1900 does not exist: Excel's 1900 leap-year bug shows serial 60 as \
             that day; expected a real date — retype the cell"
                .replace("tests/fixtures/", &fixture("").display().to_string())
        ]
    );
}

#[test]
fn a_sheet_without_a_header_row_says_where_it_looked() {
    let err = fails("sheets/no-header.xlsx", &LoadOptions::default());
    assert_eq!(err.len(), 1);
    assert!(
        err[0].contains(
            ": 'Notes only' row 1: no header row found in the sheet (searched the first 30 rows \
             of 'Notes only'); expected a row naming the columns"
        ),
        "{err:?}"
    );
}

#[test]
fn bad_cells_are_named_by_sheet_cell_and_header() {
    let l = load("sheets/bad-cells.xlsx");
    assert_eq!(l.timeline.len(), 1);
    let p = problems(&l);
    let tail: Vec<&str> = p
        .iter()
        .map(|line| line.split_once("bad-cells.xlsx: ").map_or("", |(_, t)| t))
        .collect();
    assert_eq!(
        tail,
        [
            "'Case timeline'!A4 (column \"Date\"): \"soon\" — expected a date such as \
             \"1985-02-07\", \"7 Feb 1985\", \"Feb 7, 1985\", \"February 1985\", \"1985\", \
             \"1940s\", \"44 BC\", \"c. 1985\" or \"1985-02-07 09:30\"",
            "'Case timeline'!A5 (column \"Date\"): \"31089\" — the number 31089 is not a date; \
             expected a date cell, or a year such as 1989 — format the column as Date in the \
             spreadsheet",
            "'Case timeline'!B6 (column \"Event\"): the title is empty; expected a short text \
             naming the event",
        ]
    );
}

// --- The Timeline desktop app ----------------------------------------------------------------

#[test]
fn timeline_app_file_with_containers_milestones_categories_and_entities() {
    let l = load("formats/case.timeline");
    assert_eq!(l.format, Format::TimelineXml);
    let t = &l.timeline;
    assert_eq!(t.len(), 8, "{:#?}", problems(&l));

    let container = event(t, "Arraignments in the United States");
    assert_eq!(container.id, "container-1");
    assert_eq!(dates(container), "2025-02-28T10:15:00..2025-03-14");
    assert_eq!(lane(t, container), "Trials");

    let brooklyn = event(t, "Caro Quintero arraigned in Brooklyn");
    assert_eq!(dates(brooklyn), "2025-02-28T10:15:00");
    assert_eq!(lane(t, brooklyn), "Trials \u{203a} Appeals");
    assert!(t.lanes()[brooklyn.lane].hidden, "Appeals is a hidden category");
    assert_eq!(
        brooklyn.extra.get("container"),
        Some(&serde_json::json!("container-1"))
    );
    assert_eq!(
        urls(brooklyn),
        [
            "https://mexiconewsdaily.com/news/mexico-extradites-cartel-operatives-to-u-s/",
            "https://en.wikipedia.org/wiki/Rafael_Caro_Quintero"
        ]
    );

    let kidnapped = event(
        t,
        "Camarena kidnapped in Guadalajara & taken to Lope de Vega street",
    );
    assert_eq!(dates(kidnapped), "1985-02-07");
    assert_eq!(kidnapped.start.precision(), Precision::Day);
    assert_eq!(kidnapped.tags, ["DEA", "Guadalajara"]);
    assert_eq!(
        kidnapped.description,
        "DEA agent Enrique \"Kiki\" Camarena was seized outside the U.S. consulate.\nTwo lines, \
         kept as written <raw> \u{e9}."
    );
    assert_eq!(kidnapped.color.as_deref(), Some("#d55e00"));
    assert_eq!(t.lanes()[kidnapped.lane].color.as_deref(), Some("#d55e00"));

    let killed = event(t, "(disputed) Camarena killed");
    assert!(killed.circa, "fuzzy becomes circa");

    let released = event(t, "Released from Puente Grande");
    assert_eq!(dates(released), "2013-08-09T06:30:15");
    assert_eq!(released.extra.get("milestone"), Some(&serde_json::json!(true)));

    let custody = event(t, "In U.S.-requested custody");
    assert_eq!(custody.start.to_iso(), "2022-07-15");
    let end = custody.end.expect("ends today");
    assert!(end.start_secs() > 1.7e9, "ends now, not on 16 July 2022");
    assert_eq!(custody.extra.get("progress"), Some(&serde_json::json!("40")));

    assert_eq!(dates(event(t, "Ides of March")), "-0043-03-15");

    assert_eq!(t.eras().len(), 1);
    assert_eq!(t.eras()[0].label, "Caro Quintero a fugitive");
    assert_eq!(t.eras()[0].color.as_deref(), Some("#c8c8c8"));
    assert!(problems(&l)[0].contains("era \"Zero-length era\" has no length"));
}

#[test]
fn timeline_app_files_it_would_refuse() {
    let l = load("formats/out-of-order.timeline");
    assert_eq!(l.timeline.len(), 1);
    let p = problems(&l);
    assert!(
        p[0].ends_with(
            "out-of-order.timeline:14:7: <end> is out of order in <event>: it comes after \
             <text>; expected the children in this order: <start>, <end>, <text>, <progress>, \
             <fuzzy>, <locked>, <ends_today>, <category>, <categories>, <description>, \
             <labels>, <alert>, <hyperlink>, <icon>, <default_color>, <milestone> — the \
             Timeline app refuses other orders"
        ),
        "{p:#?}"
    );

    let l = load("formats/category-before-definition.timeline");
    let p = problems(&l);
    assert!(
        p[0].ends_with(
            "category-before-definition.timeline:8:7: warning: field `parent`: \"Trials\" — \
             parent category \"Trials\" is not defined before <category>; expected parents \
             first, as the Timeline app writes them — read as a top-level category"
        ),
        "{p:#?}"
    );
    assert!(
        p[1].ends_with(
            "category-before-definition.timeline:19:7: warning: field `category`: \
             \"Sentencing\" — category \"Sentencing\" is used before it is defined; expected it \
             among <categories> at the top — the Timeline app refuses this file; read as a new \
             lane"
        ),
        "{p:#?}"
    );
    assert_eq!(lane(&l.timeline, event(&l.timeline, "Sentenced")), "Sentencing");

    let err = fails("formats/numtime.timeline", &LoadOptions::default());
    assert!(
        err[0].ends_with(
            "numtime.timeline:4:3: field `timetype`: \"numtime\" — this timeline counts time \
             in plain numbers (numtime), not dates; expected gregoriantime — Chronoscope reads \
             Gregorian dates only"
        ),
        "{err:?}"
    );
}

// --- vis-timeline ----------------------------------------------------------------------------

#[test]
fn vis_items_and_groups_with_every_date_form() {
    let l = load("formats/vis-groups.json");
    assert_eq!(l.format, Format::VisTimeline);
    assert!(l.is_clean(), "{:#?}", problems(&l));
    let t = &l.timeline;
    assert_eq!(t.len(), 9);
    let ruling = event(t, "Ruling on the release");
    assert_eq!(dates(ruling), "2013-08-09T01:30:00-05:00");
    assert_eq!(lane(t, ruling), "Courts \u{203a} Appeals");
    assert_eq!(ruling.description, "See the AP report & appeal");
    assert_eq!(
        urls(ruling),
        ["https://newsinfo.inquirer.net/462671/mexico-releases-drug-kingpin-rafael-caro-quintero"]
    );
    let custody = event(t, "In custody");
    assert_eq!(dates(custody), "1985-03-06T15:00Z..2013-08-09");
    assert_eq!(lane(t, custody), "Caro Quintero");
    assert_eq!(t.lanes()[custody.lane].color.as_deref(), Some("#ffa500"));
    let captured = event(t, "Captured");
    assert_eq!(dates(captured), "2022-07-15T10:20:30Z");
    assert_eq!(captured.color.as_deref(), Some("#ffe0e0"));
    let sealed = event(t, "Indictment filed under seal");
    assert_eq!(dates(sealed), "2017-01-20");
    assert_eq!(lane(t, sealed), "Courts \u{203a} Sealed filings");
    assert!(t.lanes()[sealed.lane].hidden);
    assert_eq!(dates(event(t, "Indictment unsealed")), "2018-04-12T11:00Z");
    let transfer = event(t, "Transfer to U.S. custody");
    assert_eq!(dates(transfer), "2025-02-27T16:00Z");
    assert_eq!(transfer.color.as_deref(), Some("#008000"));
    let arraigned = event(t, "Arraigned in Brooklyn");
    assert_eq!(dates(arraigned), "2025-02-28T10:15");
    assert_eq!(arraigned.start.offset(), None, "no offset: local wall time, as written");
    assert_eq!(arraigned.extra.get("subgroup"), Some(&serde_json::json!("sg1")));
    assert_eq!(dates(event(t, "Ides of March")), "-0043-03-15");
    let logged = event(t, "Logged at the embassy");
    assert_eq!(dates(logged), "2022-07-15T10:20:30.123Z");
    assert_eq!(logged.start.precision(), Precision::MILLISECOND);
    assert_eq!(
        urls(logged),
        ["https://mx.usembassy.gov/statement-by-u-s-ambassador-ken-salazar/"]
    );
    assert_eq!(t.eras().len(), 1);
    assert_eq!(t.eras()[0].label, "Fugitive years");
}

#[test]
fn vis_bare_array() {
    let l = load("formats/vis-bare.json");
    assert_eq!(l.format, Format::VisTimeline);
    let t = &l.timeline;
    assert_eq!(t.len(), 3);
    assert_eq!(dates(event(t, "Kidnapped")), "1985-02-07");
    assert_eq!(
        dates(event(t, "Body found")),
        "1985-03-05T00:00:00.000Z..1985-03-06T00:00:00.000Z"
    );
    let no_id = event(t, "No id");
    assert_eq!(no_id.id, "item-3");
    assert_eq!(dates(no_id), "1965-02-01");
}

#[test]
fn vis_item_without_start() {
    let l = load("formats/vis-no-start.json");
    assert_eq!(l.timeline.len(), 1);
    let p = problems(&l);
    assert!(
        p[0].ends_with(
            "vis-no-start.json:3:3: field `start`: the item has no \"start\"; expected a date \
             such as \"2013-08-09\", \"2013-08-09T01:30:00Z\" or milliseconds since 1970"
        ),
        "{p:?}"
    );
}

// --- Timesketch --------------------------------------------------------------------------------

#[test]
fn timesketch_csv_with_microseconds_offsets_tags_and_a_clock_disagreement() {
    let l = load("formats/timesketch.csv");
    assert_eq!(l.format, Format::TimesketchCsv);
    let t = &l.timeline;
    assert_eq!(t.len(), 5);
    let logon = event(t, "Logon type 3 from 10.0.0.5, user CORP\\ana");
    assert_eq!(dates(logon), "2023-11-14T22:13:20.123456+00:00");
    assert_eq!(logon.start.precision(), Precision::MICROSECOND);
    assert_eq!(lane(t, logon), "windows:evtx:record");
    assert_eq!(logon.tags, ["lateral"]);
    assert_eq!(
        logon.extra.get("timestamp_desc"),
        Some(&serde_json::json!("Creation Time"))
    );
    assert_eq!(logon.extra.get("hostname"), Some(&serde_json::json!("FS-02")));
    let service = event(t, "Service installed: PSEXESVC");
    assert_eq!(dates(service), "2023-11-14T22:15:00.000004Z");
    assert_eq!(service.tags, ["lateral", "psexec"]);
    let usb = event(t, "USB device first connected");
    assert_eq!(dates(usb), "2023-11-14T23:15:00+01:00");
    assert!(usb.tags.is_empty());
    let prefetch = event(t, "Prefetch executed");
    assert_eq!(dates(prefetch), "2023-11-14T22:13:20");
    assert_eq!(prefetch.start.offset(), None);
    let p = problems(&l);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].ends_with(
            "timesketch.csv: row 6, column \"timestamp\": warning: field `timestamp`: timestamp \
             123456789 is 29 Nov 1973 21:33:09.000000 UTC, but datetime says 24 Jul 2015 \
             19:01:01 UTC; the datetime is used"
        ),
        "{p:#?}"
    );
}

#[test]
fn plaso_csv_takes_lanes_from_the_parser_or_a_chosen_column() {
    let l = load("formats/plaso-dynamic.csv");
    assert_eq!(l.format, Format::TimesketchCsv);
    let t = &l.timeline;
    let sam = event(t, "/Windows/System32/config/SAM");
    assert_eq!(dates(sam), "2012-03-14T04:17:38.276340+00:00");
    assert_eq!(lane(t, sam), "filestat");
    let options = LoadOptions {
        lane_by: Some("source".into()),
        ..Default::default()
    };
    let l = load_with("formats/plaso-dynamic.csv", &options);
    let t = &l.timeline;
    assert_eq!(lane(t, event(t, "Event 4624 logon")), "EVT");
}

#[test]
fn timesketch_jsonl() {
    let l = load("formats/timesketch.jsonl");
    assert_eq!(l.format, Format::TimesketchJsonl);
    assert!(l.is_clean(), "{:#?}", problems(&l));
    let t = &l.timeline;
    assert_eq!(t.len(), 4);
    let usb = event(t, "USB device first connected");
    assert_eq!(dates(usb), "2023-11-14T22:15:00+00:00");
    assert_eq!(usb.tags, ["usb", "exfil"]);
    assert_eq!(usb.extra.get("serial"), Some(&serde_json::json!(12345)));
    assert_eq!(lane(t, usb), "windows:registry:key_value");
    let naive = event(t, "Naive time as written");
    assert_eq!(dates(naive), "2023-11-14T23:00:00.5");
    assert_eq!(lane(t, naive), "filestat");
    let only = event(t, "Only a timestamp");
    assert_eq!(dates(only), "2023-11-14T23:13:20.000001Z");
    assert_eq!(
        only.extra.get("extra"),
        Some(&serde_json::json!({"inode": 42, "path": "/tmp/x"}))
    );
}

#[test]
fn a_jsonl_line_that_is_not_json() {
    let l = load("formats/timesketch-bad-line.jsonl");
    assert_eq!(l.timeline.len(), 2);
    let p = problems(&l);
    assert!(
        p[0].contains("timesketch-bad-line.jsonl:2:"),
        "{p:#?}"
    );
    assert!(
        p[0].contains("expected one JSON object per line"),
        "{p:#?}"
    );
}

// --- Typed dates in CSV ---------------------------------------------------------------------

fn csv(text: &str, order: SlashOrder) -> Result<Loaded, io::LoadError> {
    let options = LoadOptions {
        slash_order: order,
        ..Default::default()
    };
    io::load_bytes_with("typed.csv", text.as_bytes(), Some("csv"), &options)
}

#[test]
fn slashed_dates_are_settled_per_file() {
    let day_first = csv(
        "date,title\n05/08/2022,A\n25/12/2022,B\n03/04/2022,C\n",
        SlashOrder::Detect,
    )
    .unwrap();
    let t = &day_first.timeline;
    assert_eq!(dates(event(t, "A")), "2022-08-05");
    assert_eq!(dates(event(t, "C")), "2022-04-03");
    assert!(day_first.problems.is_empty());

    let ambiguous = csv("date,title\n05/08/2022,A\n03/04/2022,B\n", SlashOrder::Detect).unwrap();
    assert_eq!(dates(event(&ambiguous.timeline, "A")), "2022-05-08");
    assert!(problems(&ambiguous)[0].contains("read month first (US style)"));

    let chosen = csv("date,title\n05/08/2022,A\n", SlashOrder::DayFirst).unwrap();
    assert_eq!(dates(event(&chosen.timeline, "A")), "2022-08-05");
    assert!(chosen.problems.is_empty());

    let mixed = csv(
        "date,title\n25/12/2022,A\n12/25/2022,B\n",
        SlashOrder::Detect,
    )
    .unwrap_err();
    assert!(
        mixed.to_string().contains(
            "day first in row 2 (e.g. 25/12/1985) and month first in row 3"
        ),
        "{mixed}"
    );
}

#[test]
fn month_names_eras_decades_in_csv() {
    let l = csv(
        "date,end,title\nFeb 7 1985,,A\nFebruary 1985,,B\n44 BC,,C\nAD 79,,D\n1940s,,E\n\
         c. 1985,1989,F\n",
        SlashOrder::Detect,
    )
    .unwrap();
    let t = &l.timeline;
    assert_eq!(dates(event(t, "A")), "1985-02-07");
    assert_eq!(dates(event(t, "B")), "1985-02");
    assert_eq!(dates(event(t, "C")), "-0043");
    assert_eq!(dates(event(t, "D")), "0079");
    assert_eq!(dates(event(t, "E")), "1940..1949");
    assert_eq!(dates(event(t, "F")), "1985..1989");
    assert!(event(t, "F").circa);
}

// --- Convert to CSV and back ------------------------------------------------------------------

/// What a reader of the events sees, for comparing two loads.
fn summary(t: &Timeline) -> Vec<String> {
    t.events()
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {} | circa {} | {} | {:?} | {:?} | {}",
                e.id,
                e.title,
                dates(e),
                e.circa,
                lane(t, e),
                e.tags,
                urls(e),
                e.description
            )
        })
        .collect()
}

#[test]
fn every_format_converts_to_csv_and_back_to_the_same_events() {
    for name in [
        "sheets/case-timeline.xlsx",
        "sheets/case-timeline.ods",
        "formats/case.timeline",
        "formats/vis-groups.json",
        "formats/timesketch.csv",
        "formats/timesketch.jsonl",
        "formats/plaso-dynamic.csv",
    ] {
        let first = load(name);
        let mut csv = Vec::new();
        io::write_csv(&first.timeline, &mut csv).unwrap();
        let again = io::load_bytes("converted.csv", &csv, Some("csv"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(again.format, Format::PlainCsv, "{name}");
        assert_eq!(
            summary(&first.timeline),
            summary(&again.timeline),
            "{name}"
        );
        // Extra fields come back as columns.
        for (a, b) in first.timeline.events().iter().zip(again.timeline.events()) {
            for key in a.extra.keys() {
                assert!(b.extra.contains_key(key), "{name}: {key} lost");
            }
        }
    }
}
