//! The files researchers already have, as their tools write them: .xlsx and .ods workbooks
//! (made with openpyxl and odfpy by tests/fixtures/sheets/make_sheets.py), the Timeline app's
//! `.timeline`, vis-timeline items, Timesketch CSV/JSONL and plaso CSV, and dates as people
//! type them in CSV. Each fixture is checked event by event (title, dates with precision and
//! offset, lane, sources), malformed ones by message and location; `chronoscope check` reads
//! every one.

use chronoscope::io::{self, Format, Limits, LoadOptions, LoadProgress, Loaded, SlashOrder};
use chronoscope::model::{Event, Precision, Timeline};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn try_load(name: &str, options: &LoadOptions) -> Result<Loaded, io::LoadError> {
    io::load_path_using(
        &fixture(name),
        &LoadProgress::new(),
        &Limits::default(),
        options,
    )
}

fn load_with(name: &str, options: &LoadOptions) -> Loaded {
    try_load(name, options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn load(name: &str) -> Loaded {
    load_with(name, &LoadOptions::default())
}

/// The error lines of a file that must not load.
fn fails(name: &str, options: &LoadOptions) -> Vec<String> {
    match try_load(name, options) {
        Ok(l) => panic!("{name} loaded {} events", l.timeline.len()),
        Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
    }
}

fn event<'a>(t: &'a Timeline, title: &str) -> &'a Event {
    t.events()
        .iter()
        .find(|e| e.title() == title)
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
    t.lanes()[e.lane()].label.clone()
}

fn urls(e: &Event) -> Vec<&str> {
    e.sources().iter().map(|s| s.url()).collect()
}

fn problems(l: &Loaded) -> Vec<String> {
    l.problems.iter().map(|p| p.to_string()).collect()
}

/// The text after "FILE:" (and its space) of each problem: `2:98: …`, `'Sheet'!A5 …`.
fn after_file(lines: &[String], file: &str) -> Vec<String> {
    lines
        .iter()
        .map(|line| {
            line.split_once(&format!("{file}:"))
                .map_or(line.as_str(), |(_, t)| t.strip_prefix(' ').unwrap_or(t))
                .to_string()
        })
        .collect()
}

// --- Spreadsheets -------------------------------------------------------------------------

/// The rows both workbooks hold (see make_sheets.py): title, dates, lane, circa.
fn check_case_sheet(l: &Loaded) {
    let t = &l.timeline;
    assert_eq!(t.len(), 10, "{:#?}", problems(l));
    let expect = [
        (
            "Camarena kidnapped in Guadalajara",
            "1985-02-07",
            Precision::Day,
            "Camarena case",
        ),
        (
            "Last seen leaving the consulate",
            "1985-02-07T14:30",
            Precision::Minute,
            "Camarena case",
        ),
        (
            "Camarena killed (disputed date)",
            "1985-02-09",
            Precision::Day,
            "Camarena case",
        ),
        (
            "Caro Quintero arrested in Costa Rica",
            "1985-04-04",
            Precision::Day,
            "Caro Quintero",
        ),
        (
            "Sentenced to 40 years",
            "1989",
            Precision::Year,
            "Caro Quintero",
        ),
        (
            "In Mexican prison",
            "1985-04..2013-08",
            Precision::Month,
            "Caro Quintero",
        ),
        (
            "Captured near San Simón, Sinaloa",
            "2022-07-15T10:20:30",
            Precision::Second,
            "Caro Quintero",
        ),
        (
            "Guadalajara trafficking networks form",
            "1940..1949",
            Precision::Year,
            "Background",
        ),
        (
            "Ides of March (era test)",
            "-0043",
            Precision::Year,
            "Background",
        ),
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
        assert_eq!(
            e.start.offset(),
            None,
            "{title}: spreadsheet times are naive"
        );
        assert_eq!(lane(t, e), lane_label, "{title}");
    }
    assert!(event(t, "Guadalajara trafficking networks form").circa);
    assert!(!event(t, "Sentenced to 40 years").circa);
    assert_eq!(
        urls(event(t, "Camarena kidnapped in Guadalajara")),
        ["https://museum.dea.gov/exhibits/online-exhibits/red-ribbon-week/history"]
    );
    assert_eq!(
        urls(event(t, "Captured near San Simón, Sinaloa")),
        ["https://mx.usembassy.gov/statement-by-u-s-ambassador-ken-salazar/"]
    );
    // The "Notes" column is the description.
    assert_eq!(
        event(t, "Sentenced to 40 years").description(),
        "year typed as a number"
    );
}

#[test]
fn xlsx_with_title_rows_date_cells_a_typed_year_and_text_dates() {
    let l = load("sheets/case-timeline.xlsx");
    assert_eq!(l.format, Format::Xlsx);
    assert!(l.is_clean(), "{:#?}", problems(&l));
    assert!(l.problems.is_empty(), "{:#?}", problems(&l));
    check_case_sheet(&l);
    // Ids name the sheet row, below the title rows and the header in row 4.
    assert_eq!(event(&l.timeline, "Sentenced to 40 years").id(), "r9");
    assert_eq!(l.timeline.title(), "case-timeline");
}

#[test]
fn ods_reads_the_same_events() {
    let l = load("sheets/case-timeline.ods");
    assert_eq!(l.format, Format::Ods);
    assert!(l.is_clean(), "{:#?}", problems(&l));
    check_case_sheet(&l);
}

#[test]
fn check_names_the_spreadsheet_formats() {
    for (name, format) in [
        ("sheets/case-timeline.xlsx", Format::Xlsx),
        ("sheets/case-timeline.ods", Format::Ods),
    ] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        assert_eq!(io::detect(name, &bytes, None).unwrap(), format, "{name}");
        // The extension is only a hint: a workbook named .csv is still a workbook.
        let l = io::load_bytes("renamed.csv", &bytes, Some("csv")).unwrap();
        assert_eq!(l.format, format);
    }
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
            "there is no sheet named \"Nope\"; expected one of: \"Case timeline\", \"Sources\", \
             \"Zetas\""
        ),
        "{err:?}"
    );
    let bytes = std::fs::read(fixture("sheets/case-timeline.xlsx")).unwrap();
    assert_eq!(
        io::sheet::sheet_names("case-timeline.xlsx", &bytes),
        ["Case timeline", "Sources", "Zetas"]
    );
}

#[test]
fn the_1904_date_system_and_excels_1900_leap_day() {
    let l = load("sheets/mac-1904.xlsx");
    let t = &l.timeline;
    assert_eq!(dates(event(t, "Camarena kidnapped")), "1985-02-07");
    assert_eq!(
        dates(event(t, "Released from Puente Grande")),
        "2013-08-09T06:00"
    );

    let l = load("sheets/early-1900.xlsx");
    let t = &l.timeline;
    assert_eq!(t.len(), 3);
    assert_eq!(
        dates(event(t, "First day of Excel's calendar")),
        "1900-01-01"
    );
    assert_eq!(
        dates(event(t, "Day before the phantom leap day")),
        "1900-02-28"
    );
    assert_eq!(dates(event(t, "Day after it")), "1900-03-01");
    assert_eq!(
        after_file(&problems(&l), "early-1900.xlsx"),
        [
            "Early!A5 (column \"Date\"): \"1900-02-29\" \u{2014} 29 February 1900 does not \
          exist: Excel's 1900 leap-year bug shows serial 60 as that day; expected a real date \
          \u{2014} retype the cell"
        ]
    );
    assert_eq!(
        l.skipped[0].to_string(),
        "event in Early row 5 (\"Phantom 29 February 1900\")"
    );
}

#[test]
fn a_sheet_without_a_header_row_says_where_it_looked() {
    let err = fails("sheets/no-header.xlsx", &LoadOptions::default());
    assert_eq!(
        after_file(&err, "no-header.xlsx"),
        [
            "'Notes only' row 1: no header row found in the sheet (searched the first 30 rows of \
          'Notes only'); expected a row naming the columns, with a start date (\"Date\", \
          \"Start\", \"When\") and a title (\"Title\", \"Event\", \"Headline\")"
        ]
    );
}

#[test]
fn bad_cells_are_named_by_sheet_cell_and_header() {
    let l = load("sheets/bad-cells.xlsx");
    assert_eq!(l.timeline.len(), 1);
    assert_eq!(
        after_file(&problems(&l), "bad-cells.xlsx"),
        [
            "'Case timeline'!A4 (column \"Date\"): \"soon\" \u{2014} expected a date such as \
             \"1985-02-07\", \"7 Feb 1985\", \"Feb 7, 1985\", \"February 1985\", \"1985\", \
             \"1940s\", \"44 BC\", \"c. 1985\" or \"1985-02-07 09:30\"",
            "'Case timeline'!A5 (column \"Date\"): \"31089\" \u{2014} the number 31089 is not \
             a date; expected a date cell, or a year such as 1989 \u{2014} format the column as \
             Date in the spreadsheet",
            "'Case timeline'!B6 (column \"Event\"): the title is empty; expected a short text \
             naming the event",
        ]
    );
}

/// A workbook built here: `members` are (zip path, content).
fn zip_file(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in members {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read() {
    // 64 MiB of zeros packs into ~64 KiB.
    let zeros = vec![0u8; 64 << 20];
    let bomb = zip_file(&[("xl/workbook.xml", b"<workbook/>"), ("xl/big.xml", &zeros)]);
    assert!(bomb.len() < 1 << 20);
    let limits = Limits {
        max_file_bytes: 16 << 20,
        ..Limits::default()
    };
    let err = io::load_bytes_within("bomb.xlsx", &bomb, None, &LoadProgress::new(), &limits)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("bomb.xlsx: this workbook unpacks to more than 16.0 MiB"),
        "{err}"
    );
}

/// A minimal .xlsx (as a spreadsheet library writes the parts calamine needs) whose sheet XML
/// is `sheet_data` (the `<row>`s).
fn xlsx_with_rows(sheet_data: &str) -> Vec<u8> {
    const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>";
    let rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    );
    let workbook = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{NS}\" xmlns:r=\"{REL}\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    );
    let workbook_rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
    );
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{NS}\"><sheetData>{sheet_data}</sheetData></worksheet>"
    );
    zip_file(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

fn inline(cell: &str, text: &str) -> String {
    format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

#[test]
fn a_stray_far_cell_costs_no_memory_and_too_many_columns_are_refused() {
    // A cell at the sheet's last row: a rectangle from A1 would hold 4 million cells; the rows
    // are read one by one, so only the cells that exist are kept.
    let rows = format!(
        "<row r=\"1\">{}{}</row><row r=\"2\">{}{}</row><row r=\"1048576\">{}</row>",
        inline("A1", "Date"),
        inline("B1", "Title"),
        inline("A2", "7 Feb 1985"),
        inline("B2", "Kidnapped"),
        inline("D1048576", "stray"),
    );
    let l = io::load_bytes("far.xlsx", &xlsx_with_rows(&rows), None).unwrap();
    assert_eq!(l.timeline.len(), 1);
    assert_eq!(dates(event(&l.timeline, "Kidnapped")), "1985-02-07");
    // The stray row has no date and no title: it is named, not silently dropped.
    assert!(
        problems(&l)
            .iter()
            .any(|p| p.starts_with("far.xlsx: Sheet1!A1048576 (column \"Date\"): missing start")),
        "{:#?}",
        problems(&l)
    );

    let wide = format!(
        "<row r=\"1\">{}{}{}</row>",
        inline("A1", "Date"),
        inline("B1", "Title"),
        inline("ZZZ1", "far right"),
    );
    let err = io::load_bytes("wide.xlsx", &xlsx_with_rows(&wide), None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("a cell in column 18278; expected at most 1000 columns"),
        "{err}"
    );
}

#[test]
fn an_ods_whose_repeats_spell_out_too_many_cells_is_refused() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>Date</text:p></table:table-cell><table:table-cell office:value-type="string" table:number-columns-repeated="16000"><text:p>Title</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let ods = zip_file(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
    ]);
    let limits = Limits {
        max_file_bytes: 64 << 20,
        ..Limits::default()
    };
    let err = io::load_bytes_within("bomb.ods", &ods, None, &LoadProgress::new(), &limits)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("repeated rows and columns span 16001032002 cells; expected at most"),
        "{err}"
    );
}

#[test]
fn zips_and_office_files_that_are_no_workbook_say_what_they_are() {
    let fail = |bytes: &[u8]| {
        io::load_bytes("f.xlsx", bytes, None)
            .unwrap_err()
            .to_string()
    };
    let docx = zip_file(&[("word/document.xml", b"<w:document/>")]);
    assert!(
        fail(&docx).contains("a Word document (.docx)"),
        "{}",
        fail(&docx)
    );
    let plain = zip_file(&[("notes.txt", b"hello")]);
    assert!(fail(&plain).contains("a ZIP archive that is not a spreadsheet"));
    let xls = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old";
    assert!(
        fail(xls).contains("an Excel 97–2003 .xls") && fail(xls).contains("save it as .xlsx"),
        "{}",
        fail(xls)
    );
    assert!(fail(b"PK\x03\x04broken").contains("a damaged ZIP archive"));
}

// --- Typed dates in CSV ---------------------------------------------------------------------

fn csv(text: &str, order: SlashOrder) -> Result<Loaded, io::LoadError> {
    let options = LoadOptions {
        slash_order: order,
        ..Default::default()
    };
    io::load_bytes_using(
        "typed.csv",
        text.as_bytes(),
        Some("csv"),
        &LoadProgress::new(),
        &Limits::default(),
        &options,
    )
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
    assert_eq!(dates(event(t, "B")), "2022-12-25");
    assert_eq!(dates(event(t, "C")), "2022-04-03");
    assert!(day_first.problems.is_empty(), "{:?}", problems(&day_first));

    let month_first = csv(
        "date,title\n05/08/2022,A\n12/25/2022,B\n",
        SlashOrder::Detect,
    )
    .unwrap();
    assert_eq!(dates(event(&month_first.timeline, "A")), "2022-05-08");
    assert!(month_first.problems.is_empty());

    let ambiguous = csv(
        "date,title\n05/08/2022,A\n03/04/2022,B\n",
        SlashOrder::Detect,
    )
    .unwrap();
    assert_eq!(dates(event(&ambiguous.timeline, "A")), "2022-05-08");
    assert_eq!(
        problems(&ambiguous),
        [
            "typed.csv: row 2, column \"date\": warning: \"05/08/2022\" \u{2014} slashed dates \
          such as \"05/08/2022\" could be day first or month first, and no date in the file \
          settles it (rows 2 and 3); read month first (US style) \u{2014} if that is wrong, \
          open the file with --day-first or choose \"Day first\" in the app"
        ]
    );

    let chosen = csv("date,title\n05/08/2022,A\n", SlashOrder::DayFirst).unwrap();
    assert_eq!(dates(event(&chosen.timeline, "A")), "2022-08-05");
    assert!(chosen.problems.is_empty());
    let chosen = csv("date,title\n05/08/2022,A\n", SlashOrder::MonthFirst).unwrap();
    assert_eq!(dates(event(&chosen.timeline, "A")), "2022-05-08");

    let mixed = csv(
        "date,title\n25/12/2022,A\n12/25/2022,B\n01/02/2022,C\n",
        SlashOrder::Detect,
    )
    .unwrap_err();
    assert_eq!(
        mixed.to_string(),
        "typed.csv: slashed dates in this file need two different orders: day first in row 2 \
         (e.g. \"25/12/2022\") and month first in row 3 (e.g. \"12/25/2022\"); expected one \
         order per file \u{2014} correct those rows, or choose with --day-first or --month-first"
    );
}

#[test]
fn month_names_eras_decades_and_circa_in_csv() {
    // "Feb 7, 1985" holds a comma, so it is quoted as Excel writes it.
    let l = csv(
        "date,end,title\n\"Feb 7, 1985\",,A\nFebruary 1985,,B\n44 BC,,C\nAD 79,,D\n1940s,,E\n\
         c. 1985,1989,F\n7 Feb 1985,,G\n79 CE,,H\n44 BCE,,I\n",
        SlashOrder::Detect,
    )
    .unwrap();
    assert!(l.is_clean(), "{:?}", problems(&l));
    let t = &l.timeline;
    assert_eq!(dates(event(t, "A")), "1985-02-07");
    assert_eq!(dates(event(t, "B")), "1985-02");
    assert_eq!(dates(event(t, "C")), "-0043");
    assert_eq!(dates(event(t, "D")), "0079");
    assert_eq!(dates(event(t, "E")), "1940..1949");
    assert_eq!(dates(event(t, "F")), "1985..1989");
    assert_eq!(dates(event(t, "G")), "1985-02-07");
    assert_eq!(dates(event(t, "H")), "0079");
    assert_eq!(dates(event(t, "I")), "-0043");
    assert!(event(t, "F").circa);
    assert!(!event(t, "E").circa);
}

// --- The Timeline desktop app ----------------------------------------------------------------

#[test]
fn timeline_app_file_with_containers_milestones_categories_and_entities() {
    let l = load("formats/case.timeline");
    assert_eq!(l.format, Format::TimelineXml);
    let t = &l.timeline;
    assert_eq!(t.len(), 8, "{:#?}", problems(&l));

    let container = event(t, "Arraignments in the United States");
    assert_eq!(container.id(), "container-1");
    assert_eq!(dates(container), "2025-02-28T10:15:00..2025-03-14");
    assert_eq!(lane(t, container), "Trials");

    let brooklyn = event(t, "Caro Quintero arraigned in Brooklyn");
    assert_eq!(dates(brooklyn), "2025-02-28T10:15:00");
    assert_eq!(brooklyn.start.precision(), Precision::Second);
    assert_eq!(brooklyn.start.offset(), None, "the app's times are naive");
    assert_eq!(lane(t, brooklyn), "Trials \u{203a} Appeals");
    assert!(
        t.lanes()[brooklyn.lane()].hidden,
        "Appeals is a hidden category"
    );
    assert_eq!(
        brooklyn.extra().get("container"),
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
    assert_eq!(kidnapped.tags(), ["DEA", "Guadalajara"]);
    assert_eq!(
        kidnapped.description(),
        "DEA agent Enrique \"Kiki\" Camarena was seized outside the U.S. consulate.\nTwo lines, \
         kept as written <raw> \u{e9}."
    );
    // Drawn in its category's colour; `default_color` is for events without a category.
    assert_eq!(kidnapped.color(), None);
    assert_eq!(
        event(t, "Released from Puente Grande").color(),
        Some("#c8c8c8")
    );
    assert_eq!(
        t.lanes()[kidnapped.lane()].color.as_deref(),
        Some("#d55e00")
    );
    assert!(!t.lanes()[kidnapped.lane()].hidden);

    let killed = event(t, "(disputed) Camarena killed");
    assert!(killed.circa, "fuzzy becomes circa");

    let released = event(t, "Released from Puente Grande");
    assert_eq!(dates(released), "2013-08-09T06:30:15");
    assert_eq!(
        released.extra().get("milestone"),
        Some(&serde_json::json!(true))
    );

    let custody = event(t, "In U.S.-requested custody");
    assert_eq!(custody.start.to_iso(), "2022-07-15");
    let end = custody.end.expect("ends today");
    assert!(end.start_secs() > 1.7e9, "ends now, not on 16 July 2022");
    assert_eq!(
        custody.extra().get("progress"),
        Some(&serde_json::json!("40"))
    );

    assert_eq!(dates(event(t, "Ides of March")), "-0043-03-15");

    assert_eq!(t.eras().len(), 1);
    assert_eq!(t.eras()[0].label, "Caro Quintero a fugitive");
    assert_eq!(t.eras()[0].color.as_deref(), Some("#c8c8c8"));
    let p = problems(&l);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].contains(":13:5: warning: era \"Zero-length era\" has no length"),
        "{p:#?}"
    );
}

#[test]
fn a_timeline_era_ending_before_it_starts_is_an_error_and_left_out() {
    // Found by the `timeline_xml` fuzz target: such an era loaded, was saved, and was refused
    // on reload, so the round trip lost it.
    let text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<timeline>\n  <version>2.3.0</version>\n  <timetype>gregoriantime</timetype>\n  <eras>\n    <era>\n      <name>Backwards</name>\n      <start>2030-08-09 00:00:00</start>\n      <end>2022-07-15 00:00:00</end>\n      <color>200,200,200</color>\n    </era>\n  </eras>\n  <categories>\n  </categories>\n  <events>\n    <event>\n      <start>1985-02-07 00:00:00</start>\n      <end>1985-02-07 00:00:00</end>\n      <text>Kidnapped</text>\n      <fuzzy>False</fuzzy>\n      <locked>False</locked>\n      <ends_today>False</ends_today>\n      <default_color>200,200,200</default_color>\n    </event>\n  </events>\n  <view>\n    <displayed_period>\n      <start>1980-01-01 00:00:00</start>\n      <end>2026-01-01 00:00:00</end>\n    </displayed_period>\n    <hidden_categories>\n    </hidden_categories>\n  </view>\n</timeline>\n";
    let l = io::load_bytes("backwards.timeline", text.as_bytes(), Some("timeline"))
        .expect("the events still load");
    assert!(l.timeline.eras().is_empty());
    assert_eq!(l.timeline.len(), 1);
    let p = problems(&l);
    assert!(
        p[0].ends_with(
            "backwards.timeline:9:7: field `end`: \"2022-07-15 00:00:00\" \u{2014} the end \
             (2022-07-15) is before the start (2030-08-09); expected an end on or after the start"
        ),
        "{p:#?}"
    );
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
             <labels>, <alert>, <hyperlink>, <icon>, <default_color>, <milestone> \u{2014} the \
             Timeline app refuses other orders"
        ),
        "{p:#?}"
    );

    let l = load("formats/category-before-definition.timeline");
    let p = problems(&l);
    assert!(
        p[0].ends_with(
            "category-before-definition.timeline:8:7: warning: field `parent`: \"Trials\" \
             \u{2014} parent category \"Trials\" is not defined before <category>; expected \
             parents first, as the Timeline app writes them \u{2014} read as a top-level \
             category"
        ),
        "{p:#?}"
    );
    assert!(
        p[1].ends_with(
            "category-before-definition.timeline:20:7: warning: field `category`: \
             \"Sentencing\" \u{2014} category \"Sentencing\" is used before it is defined; \
             expected it among <categories> at the top \u{2014} the Timeline app refuses this \
             file; read as a new lane"
        ),
        "{p:#?}"
    );
    assert_eq!(
        lane(&l.timeline, event(&l.timeline, "Sentenced")),
        "Sentencing"
    );

    let err = fails("formats/numtime.timeline", &LoadOptions::default());
    assert!(
        err[0].ends_with(
            "numtime.timeline:4:3: field `timetype`: \"numtime\" \u{2014} this timeline counts \
             time in plain numbers (numtime), not dates; expected gregoriantime \u{2014} \
             Chronoscope reads Gregorian dates only"
        ),
        "{err:?}"
    );
}

#[test]
fn xml_that_is_no_timeline_says_what_it_is() {
    let fail = |text: &str| {
        io::load_bytes("f.xml", text.as_bytes(), Some("xml"))
            .unwrap_err()
            .to_string()
    };
    assert!(fail("<html><body>x</body></html>").contains("this is a web page (HTML)"));
    assert!(fail("<?xml version=\"1.0\"?>\n<svg/>").contains("this is an SVG image"));
    let deep = format!("<timeline>{}", "<a>".repeat(100));
    assert!(fail(&deep).contains("nested more than"), "{}", fail(&deep));
    assert!(
        fail("<timeline><version>2.3.0</version>").contains("not well-formed")
            || fail("<timeline><version>2.3.0</version>").contains("the file ends inside"),
        "{}",
        fail("<timeline><version>2.3.0</version>")
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
    assert_eq!(ruling.description(), "See the AP report & appeal");
    assert_eq!(
        urls(ruling),
        ["https://newsinfo.inquirer.net/462671/mexico-releases-drug-kingpin-rafael-caro-quintero"]
    );
    let custody = event(t, "In custody");
    // 478882800000 ms after 1970 is 5 March 1985 15:00 UTC.
    assert_eq!(dates(custody), "1985-03-05T15:00Z..2013-08-09");
    assert_eq!(lane(t, custody), "Caro Quintero");
    assert_eq!(t.lanes()[custody.lane()].color.as_deref(), Some("#ffa500"));
    let captured = event(t, "Captured");
    assert_eq!(dates(captured), "2022-07-15T10:20:30Z");
    assert_eq!(captured.color(), Some("#ffe0e0"));
    let sealed = event(t, "Indictment filed under seal");
    assert_eq!(dates(sealed), "2017-01-20");
    assert_eq!(lane(t, sealed), "Courts \u{203a} Sealed filings");
    assert!(t.lanes()[sealed.lane()].hidden);
    assert_eq!(dates(event(t, "Indictment unsealed")), "2018-04-12T11:00Z");
    let transfer = event(t, "Transfer to U.S. custody");
    assert_eq!(dates(transfer), "2025-02-27T16:00Z");
    assert_eq!(transfer.color(), Some("#008000"));
    let arraigned = event(t, "Arraigned in Brooklyn");
    assert_eq!(dates(arraigned), "2025-02-28T10:15");
    assert_eq!(
        arraigned.start.offset(),
        None,
        "no offset: local wall time, as written"
    );
    assert_eq!(
        arraigned.extra().get("subgroup"),
        Some(&serde_json::json!("sg1"))
    );
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
    assert_eq!(no_id.id(), "item-3");
    // −155001600000 ms is 1,794 days before 1970: 2 February 1965, midnight UTC.
    assert_eq!(dates(no_id), "1965-02-02");
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

#[test]
fn json_of_no_known_shape_says_what_it_is() {
    let fail = |text: &str| {
        io::load_bytes("f.json", text.as_bytes(), Some("json"))
            .unwrap_err()
            .to_string()
    };
    assert!(fail("[1, 2, 3]").contains("first element is not a vis-timeline item"));
    assert_eq!(
        fail(r#"{"foo": 1, "bar": [1, 2]}"#),
        "f.json:1:1: this JSON object has the keys \"foo\", \"bar\" and no timeline; expected \
         an \"events\" array (Chronoscope, TimelineJS) or an \"items\" array (vis-timeline)"
    );
    assert!(fail("[]").contains("this is an empty JSON array"));
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
    assert_eq!(logon.tags(), ["lateral"]);
    assert_eq!(
        logon.extra().get("timestamp_desc"),
        Some(&serde_json::json!("Creation Time"))
    );
    assert!(
        logon
            .display_date()
            .is_some_and(|d| d.ends_with(" \u{2014} Creation Time")),
        "{:?}",
        logon.display_date()
    );
    assert_eq!(
        logon.extra().get("hostname"),
        Some(&serde_json::json!("FS-02"))
    );
    let service = event(t, "Service installed: PSEXESVC");
    assert_eq!(dates(service), "2023-11-14T22:15:00.000004Z");
    assert_eq!(service.tags(), ["lateral", "psexec"]);
    let usb = event(t, "USB device first connected");
    assert_eq!(dates(usb), "2023-11-14T23:15:00+01:00");
    assert!(usb.tags().is_empty());
    let prefetch = event(t, "Prefetch executed");
    assert_eq!(dates(prefetch), "2023-11-14T22:13:20");
    assert_eq!(prefetch.start.offset(), None);
    let p = problems(&l);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].starts_with(&format!(
            "{}: row 6, column \"timestamp\": warning: field `timestamp`: timestamp \"123456789\" \
             (read as seconds) is 29 Nov 1973 21:33:09.000000 UTC, but datetime says 24 Jul 2015 \
             19:01:01 UTC; the datetime is used",
            fixture("formats/timesketch.csv").display()
        )),
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
    let missing = LoadOptions {
        lane_by: Some("nope".into()),
        ..Default::default()
    };
    let err = fails("formats/plaso-dynamic.csv", &missing);
    assert!(
        err[0].contains("no column \"nope\" to take lanes from"),
        "{err:?}"
    );
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
    assert_eq!(usb.tags(), ["usb", "exfil"]);
    assert_eq!(usb.extra().get("serial"), Some(&serde_json::json!(12345)));
    assert_eq!(lane(t, usb), "windows:registry:key_value");
    let naive = event(t, "Naive time as written");
    assert_eq!(dates(naive), "2023-11-14T23:00:00.5");
    assert_eq!(lane(t, naive), "filestat");
    let only = event(t, "Only a timestamp");
    assert_eq!(dates(only), "2023-11-14T23:13:20.000001Z");
    assert_eq!(
        only.extra().get("extra"),
        Some(&serde_json::json!({"inode": 42, "path": "/tmp/x"}))
    );
}

#[test]
fn a_jsonl_line_that_is_not_json() {
    let l = load("formats/timesketch-bad-line.jsonl");
    assert_eq!(l.timeline.len(), 2);
    let p = after_file(&problems(&l), "timesketch-bad-line.jsonl");
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].starts_with(
            "2:98: this line ends in the middle of a JSON object (EOF while parsing an object); \
             expected one JSON object per line"
        ),
        "{p:#?}"
    );
    assert_eq!(
        l.skipped[0].to_string(),
        "event 2 at 2:1",
        "the broken line is skipped"
    );
}

// --- The command line reads every format ------------------------------------------------------

#[test]
fn check_reads_every_format() {
    let files = [
        ("sheets/case-timeline.xlsx", "Excel workbook"),
        ("sheets/case-timeline.ods", "OpenDocument spreadsheet"),
        ("formats/case.timeline", "Timeline app .timeline"),
        ("formats/vis-groups.json", "vis-timeline JSON"),
        ("formats/timesketch.csv", "Timesketch CSV"),
        ("formats/timesketch.jsonl", "Timesketch JSONL"),
    ];
    for (name, format) in files {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_chronoscope"))
            .arg("check")
            .arg(fixture(name))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(format), "{name}: {text}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chronoscope"))
        .args(["check", "--sheet", "Zetas"])
        .arg(fixture("sheets/case-timeline.xlsx"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("2 events"), "{text}");
}

// --- Convert to CSV and back ------------------------------------------------------------------

/// What a reader of the events sees, for comparing two loads.
fn summary(t: &Timeline) -> Vec<String> {
    t.events()
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {} | circa {} | {} | {:?} | {:?} | {} | {:?}",
                e.id(),
                e.title(),
                dates(e),
                e.circa,
                lane(t, e),
                e.tags(),
                urls(e),
                e.description(),
                e.display_date(),
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
        assert_eq!(summary(&first.timeline), summary(&again.timeline), "{name}");
        // Extra fields come back as columns.
        for (a, b) in first.timeline.events().iter().zip(again.timeline.events()) {
            for key in a.extra().keys() {
                assert!(b.extra().contains_key(key), "{name}: {key} lost");
            }
        }
    }
}

#[test]
fn convert_writes_csv_and_says_what_it_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("case.csv");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_chronoscope"))
        .arg("convert")
        .arg(fixture("formats/case.timeline"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("warning: CSV has no place for 1 era(s)"),
        "{err}"
    );
    let again = io::load_path(&out).unwrap();
    assert_eq!(again.timeline.len(), 8);
}
