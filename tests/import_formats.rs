//! Importing the file shapes real tools emit (TimelineJS JSON, a TimelineJS Google-Sheets CSV
//! export, a version-1 sheet, Excel and LibreOffice CSV, the native format) and round trips
//! through the native writer: precision, BCE years and unknown fields survive.

use chronoscope::io::{self, Format, Loaded};
use chronoscope::model::{Event, Precision, Timeline};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(name: &str) -> Loaded {
    io::load_path(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn event<'a>(t: &'a Timeline, title: &str) -> &'a Event {
    t.events()
        .iter()
        .find(|e| e.title() == title)
        .unwrap_or_else(|| panic!("no event titled {title:?}"))
}

fn lane_label(t: &Timeline, e: &Event) -> String {
    t.lanes()[e.lane()].label.clone()
}

#[test]
fn timelinejs_json_with_strings_numbers_html_media_groups_eras_and_bce() {
    let l = load("timelinejs.json");
    assert_eq!(l.format, Format::TimelineJs);
    assert!(l.is_clean(), "{:#?}", l.problems);
    let t = &l.timeline;
    assert_eq!(t.title(), "Mexico\u{2019}s transfer of cartel figures");
    assert_eq!(
        t.meta.description,
        "From the Camarena murder to the transfer of 29 cartel figures & what came between."
    );
    assert_eq!(t.len(), 5);

    let k = event(
        t,
        "DEA agent Enrique \u{201c}Kiki\u{201d} Camarena kidnapped",
    );
    assert_eq!(k.id(), "kidnapping");
    assert_eq!(k.start.to_iso(), "1985-02-07");
    assert_eq!(k.end.map(|d| d.to_iso()), Some("1985-03-05".into()));
    assert_eq!(
        k.description(),
        "Taken outside the U.S. consulate in Guadalajara.\n\nHis body was found a month \
         later\u{2026}\nThe DEA marks 5\u{a0}March."
    );
    assert_eq!(k.display_date(), Some("Feb. 7, 1985"));
    assert_eq!(k.color(), Some("#D55E00"));
    assert_eq!(lane_label(t, k), "Camarena case");
    assert_eq!(t.lanes()[k.lane()].id, "camarena-case");
    let source = &k.sources()[0];
    assert_eq!(
        source.url(),
        "https://museum.dea.gov/exhibits/online-exhibits/red-ribbon-week/history"
    );
    assert_eq!(source.title(), Some("Red Ribbon Week history"));
    assert_eq!(source.publisher(), Some("DEA Museum"));
    assert_eq!(
        source.extra()["thumbnail"],
        "https://museum.dea.gov/thumb.jpg"
    );
    assert_eq!(k.extra()["autolink"], false);

    let arrest = event(t, "Caro Quintero arrested in Costa Rica");
    assert_eq!(
        arrest.description(),
        "Returned to Mexico the same day \u{2014} Pe\u{f1}a"
    );
    assert_eq!(arrest.display_date(), Some("April 1985"));
    assert_eq!(
        arrest.id(),
        "e2",
        "slides without unique_id are named by position"
    );

    let capture = event(t, "Captured near San Sim\u{f3}n, Choix");
    assert_eq!(capture.start.to_iso(), "2022-07-15T03:30");
    assert!(capture.sources().is_empty(), "an embed blob is not a link");
    assert!(
        capture.extra()["media"]["url"]
            .as_str()
            .unwrap()
            .starts_with("<blockquote")
    );

    // TimelineJS shows year -44 as "44 BCE": that is what the author meant.
    let ides = event(t, "Ides of March");
    assert_eq!(ides.start.to_iso(), "-0043-03-15");
    assert_eq!(ides.start.display(), "15 Mar 44 BCE");

    let transfer = event(t, "Transfer to U.S. custody");
    assert_eq!(transfer.start.precision(), Precision::Second);
    assert_eq!(transfer.start.to_iso(), "2025-02-27T14:05:10");
    assert_eq!(transfer.end, None, "an end_date of empty strings is no end");

    let eras: Vec<(String, String, String)> = t
        .eras()
        .iter()
        .map(|e| (e.label.clone(), e.start.to_iso(), e.end.to_iso()))
        .collect();
    assert_eq!(
        eras,
        [
            (
                "Caro Quintero in Mexican prison".into(),
                "1985-04".into(),
                "2013-08".into()
            ),
            ("Roman civil wars".into(), "-0043".into(), "-0026".into()),
        ]
    );
    assert_eq!(t.meta.extra["scale"], "human");
    assert_eq!(
        t.meta.extra["title_slide"]["media"]["credit"], "DEA",
        "the title slide's media is kept"
    );
}

#[test]
fn timelinejs_google_sheets_export_with_bom_crlf_quotes_and_blank_rows() {
    let l = load("timelinejs-sheet.csv");
    assert_eq!(l.format, Format::TimelineJsCsv);
    assert!(l.is_clean(), "{:#?}", l.problems);
    let t = &l.timeline;
    assert_eq!(t.title(), "Mexico's transfer of cartel figures");
    assert_eq!(
        t.meta.description,
        "Forty years, one case: Camarena, Caro Quintero & the 2025 transfer."
    );
    assert_eq!(t.eras().len(), 1);
    assert_eq!(t.eras()[0].label, "Caro Quintero in Mexican prison");
    assert_eq!(t.eras()[0].end.to_iso(), "2013-08");
    assert_eq!(t.len(), 5);

    let k = event(t, "DEA agent Camarena kidnapped");
    assert_eq!(
        k.description(),
        "Taken in Guadalajara, outside the U.S. consulate; his body was found \"a month later\"."
    );
    assert_eq!(k.end.map(|d| d.to_iso()), Some("1985-03-05".into()));
    assert_eq!(k.color(), Some("#D55E00"));
    assert_eq!(k.sources()[0].publisher(), Some("DEA Museum"));
    assert_eq!(k.sources()[0].title(), Some("Red Ribbon Week history"));
    assert_eq!(lane_label(t, k), "Camarena case");

    // "2,022" is how a spreadsheet formats a number; TimelineJS strips the comma too.
    let capture = event(t, "Captured near San Sim\u{f3}n");
    assert_eq!(capture.start.to_iso(), "2022-07-15T15:30");
    let ides = event(t, "The Ides of March");
    assert_eq!(ides.start.to_iso(), "-0043-03-15");
    assert_eq!(ides.display_date(), Some("Ides of March"));
    let transfer = event(t, "Transfer to U.S. custody");
    assert_eq!(transfer.start.to_iso(), "2025-02-27T14:05:10");
    assert_eq!(
        transfer.extra()["background"]["url"],
        "https://example.org/bg.jpg"
    );
    let lanes: Vec<_> = t.lanes().iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        lanes,
        ["Camarena case", "Caro Quintero", "Transfer", "Events"]
    );
}

#[test]
fn version_one_timelinejs_sheet_with_start_and_end_date_columns() {
    let l = load("timelinejs-v1-sheet.csv");
    assert_eq!(l.format, Format::TimelineJsCsv);
    assert!(l.is_clean(), "{:#?}", l.problems);
    let t = &l.timeline;
    assert_eq!(t.title(), "Cartel figures (v1 sheet)");
    assert_eq!(t.eras()[0].start.to_iso(), "1985-04");
    assert_eq!(t.eras()[0].end.to_iso(), "2013-08");
    // TimelineJS reads slashes month first.
    let k = event(t, "Camarena kidnapped");
    assert_eq!(k.start.to_iso(), "1985-02-07");
    assert_eq!(k.end.map(|d| d.to_iso()), Some("1985-03-05".into()));
    assert_eq!(lane_label(t, k), "Camarena case", "`Tag` is the group");
    assert_eq!(
        event(t, "Caro Quintero captured").start.to_iso(),
        "2022-07-15T03:30"
    );
    assert_eq!(
        event(t, "Sentenced to 40 years").start.precision(),
        Precision::Year
    );
    assert_eq!(event(t, "Ides of March").start.display(), "44 BCE");
}

#[test]
fn excel_csv_with_synonym_headers_spreadsheet_dates_circa_tags_and_links() {
    let l = load("excel-plain.csv");
    assert_eq!(l.format, Format::PlainCsv);
    assert!(l.is_clean(), "{:#?}", l.problems);
    let t = &l.timeline;
    assert_eq!(t.title(), "excel-plain");
    assert_eq!(t.len(), 7, "the blank row is skipped");
    let k = event(t, "DEA agent Camarena kidnapped");
    assert_eq!(
        k.description(),
        "Guadalajara, Jalisco; outside the U.S. consulate"
    );
    assert_eq!(k.tags(), ["DEA", "Camarena"]);
    assert_eq!(k.extra()["Notes from reviewer"], "checked");
    assert_eq!(lane_label(t, k), "Camarena case");
    let body = event(t, "Camarena's body found");
    assert_eq!(body.start.to_iso(), "1985-03-05");
    assert_eq!(body.description(), "One outlet says \"March 6\".");
    assert_eq!(body.tags(), ["DEA", "Camarena"]);
    let prison = event(t, "In Mexican prison");
    assert!(prison.circa, "\"c. 1985-04\" is circa");
    assert_eq!(prison.start.to_iso(), "1985-04");
    assert_eq!(prison.end.map(|d| d.to_iso()), Some("2013-08".into()));
    assert!(
        event(t, "Sentenced to 40 years").circa,
        "Circa column \"yes\""
    );
    let capture = event(t, "Captured by marines near San Sim\u{f3}n");
    assert_eq!(capture.start.to_iso(), "2022-07-15T09:30");
    assert_eq!(capture.sources().len(), 2, "two links in one cell");
    let transfer = event(t, "Transfer of 29 cartel figures");
    assert_eq!(transfer.start.to_iso(), "2025-02-27");
    assert_eq!(transfer.tags(), ["Transfer", "Caro Quintero, Rafael"]);
    assert!(transfer.sources().is_empty());
    assert_eq!(
        transfer.extra()["Link"],
        "Mexico News Daily",
        "a citation, not a link"
    );
    assert!(event(t, "Security talks under tariff threats").circa);
}

#[test]
fn libreoffice_semicolon_csv() {
    let l = load("libreoffice-semicolon.csv");
    assert_eq!(l.format, Format::PlainCsv);
    assert!(l.is_clean(), "{:#?}", l.problems);
    let t = &l.timeline;
    assert_eq!(t.len(), 2);
    assert_eq!(
        event(t, "Camarena kidnapped").description(),
        "Guadalajara; Jalisco"
    );
    assert_eq!(
        event(t, "Released from Puente Grande").description(),
        "A \"technicality\""
    );
}

#[test]
fn native_file_reads_every_field() {
    let l = load("native-full.json");
    assert_eq!(l.format, Format::Native);
    assert!(l.is_clean(), "{:#?}", l.problems);
    let t = &l.timeline;
    let lanes: Vec<_> = t.lanes().iter().map(|l| l.id.as_str()).collect();
    assert_eq!(lanes, ["camarena", "rome", "events"], "sorted by order");
    let story: Vec<_> = t.meta.story.iter().map(|s| s.event_id()).collect();
    assert_eq!(story, [Some("ides"), Some("kidnapping")]);
    let k = &t.events()[t.index_of("kidnapping").unwrap()];
    assert_eq!(k.tags(), ["DEA", "Guadalajara"]);
    assert_eq!(
        k.sources()[1].published().map(|d| d.to_iso()),
        Some("2010-03-04".into())
    );
    assert_eq!(
        k.sources()[1].accessed().map(|d| d.to_iso()),
        Some("2026-11-28".into())
    );
    let founding = &t.events()[t.index_of("founding").unwrap()];
    assert!(founding.circa);
    assert_eq!(founding.start.display(), "753 BCE");
    assert_eq!(t.events().last().map(|e| e.id()), Some("far"));
    assert!(
        t.index_of("e7").is_some(),
        "the id-less event is named by position"
    );
}

#[test]
fn native_round_trip_keeps_precision_bce_and_unknown_fields() {
    let original = load("native-full.json");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.json");
    io::save_native(&original.timeline, &path).unwrap();
    let again = io::load_path(&path).unwrap();
    assert!(again.is_clean(), "{:#?}", again.problems);
    assert_eq!(again.timeline.events(), original.timeline.events());
    assert_eq!(again.timeline.meta, original.timeline.meta);

    let starts: Vec<String> = again
        .timeline
        .events()
        .iter()
        .map(|e| e.start.to_iso())
        .collect();
    assert_eq!(
        starts,
        [
            "-0752",
            "-0043-03-15",
            "1985-02-07",
            "1989-12",
            "2022-07-15T09:30",
            "2022-07-15T09:30:15-06:00",
            "+12000"
        ]
    );
    let text = std::fs::read_to_string(&path).unwrap();
    for kept in [
        "\"collapsed\": true",
        "\"note\": \"range from two sources\"",
        "\"archived\": \"https://web.archive.org/x\"",
        "\"checked\": [",
        "\"generator\": {",
    ] {
        assert!(text.contains(kept), "{kept} missing from:\n{text}");
    }
    // Saving what was loaded from a save changes nothing.
    let path2 = dir.path().join("saved2.json");
    io::save_native(&again.timeline, &path2).unwrap();
    assert_eq!(std::fs::read_to_string(&path2).unwrap(), text);
}

#[test]
fn every_import_converts_to_native_and_back_unchanged() {
    for name in [
        "timelinejs.json",
        "timelinejs-sheet.csv",
        "timelinejs-v1-sheet.csv",
        "excel-plain.csv",
        "libreoffice-semicolon.csv",
    ] {
        let first = load(name);
        let text = io::to_native_string(&first.timeline);
        let again = io::load_bytes("converted.json", text.as_bytes(), Some("json"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(again.is_clean(), "{name}: {:#?}", again.problems);
        assert_eq!(again.format, Format::Native);
        assert_eq!(again.timeline.events(), first.timeline.events(), "{name}");
        assert_eq!(again.timeline.lanes(), first.timeline.lanes(), "{name}");
        assert_eq!(again.timeline.eras(), first.timeline.eras(), "{name}");
        assert_eq!(again.timeline.title(), first.timeline.title(), "{name}");
    }
}

#[test]
fn the_shipped_sample_loads_cleanly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/cartel-transfer.json");
    let l = io::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.format, Format::Native);
    assert!(l.is_clean(), "{:#?}", l.problems);
    assert!(l.timeline.len() >= 15);
}

#[test]
fn saving_is_atomic_and_leaves_no_temporary_files() {
    let l = load("native-full.json");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.json");
    std::fs::write(&path, "old contents").unwrap();
    io::save_native(&l.timeline, &path).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["case.json"]);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("{\n  \"chronoscope\": 1,")
    );
    // A folder that does not exist: an error naming the path, nothing written.
    let missing = dir.path().join("no/such/dir/case.json");
    let err = io::save_native(&l.timeline, &missing).unwrap_err();
    assert!(
        err.to_string()
            .contains("no/such/dir/case.json: cannot write"),
        "{err}"
    );
}
