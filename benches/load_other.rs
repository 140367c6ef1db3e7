//! Load benchmark for the other tools' files people open: 100,000 seeded rows as an .xlsx
//! workbook (date cells, as spreadsheets store them, inline strings) and as Timesketch CSV (µs
//! datetimes, tags, extra columns), read through `io::load_path` (throughput in bytes of the
//! file on disk per second; the workbook is compressed).

mod common;

use chronoscope::io;
use chronoscope::model::Timeline;
use common::file_len;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::time::Duration;

/// Rows of the other tools' files.
const OTHER_ROWS: usize = 100_000;

fn load_other_tools(c: &mut Criterion) {
    let t = common::timeline(OTHER_ROWS);
    let dir = tempfile::tempdir().expect("create a temporary folder");
    let xlsx = dir.path().join("bench.xlsx");
    let timesketch = dir.path().join("bench-timesketch.csv");
    std::fs::write(&xlsx, xlsx_bytes(&t)).expect("write the workbook");
    std::fs::write(&timesketch, timesketch_csv(&t)).expect("write the Timesketch CSV");
    drop(t);
    let mut group = c.benchmark_group("load_100k");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for (name, path) in [("xlsx", &xlsx), ("timesketch_csv", &timesketch)] {
        // Throughput in bytes of the file as it lies on disk (the workbook is compressed).
        group.throughput(Throughput::Bytes(file_len(path)));
        group.bench_function(name, |b| {
            b.iter_with_large_drop(|| io::load_path(path).expect("the generated file loads"))
        });
    }
    group.finish();
}

/// The timeline as Timesketch CSV: message, µs timestamp and datetime, description, data type,
/// a host and tags.
fn timesketch_csv(t: &Timeline) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "message",
        "timestamp",
        "datetime",
        "timestamp_desc",
        "data_type",
        "hostname",
        "tag",
    ])
    .expect("write");
    for (k, e) in t.events().iter().enumerate() {
        let micros = e.start.start_micros() + (k as i64 % 1_000_000);
        let secs = micros.div_euclid(1_000_000);
        let datetime =
            chrono::DateTime::from_timestamp(secs, (micros.rem_euclid(1_000_000) * 1000) as u32)
                .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string())
                .unwrap_or_default();
        let lane = &t.lanes()[e.lane()].label;
        let tags: Vec<&str> = e.tags().iter().map(|t| t.as_str()).collect();
        w.write_record([
            e.title(),
            &micros.to_string(),
            &datetime,
            "Creation Time",
            lane,
            &format!("HOST-{:02}", k % 17),
            &tags.join(","),
        ])
        .expect("write");
    }
    w.into_inner().expect("flush")
}

/// The timeline as a minimal .xlsx workbook: a title row, a header, then one row per event
/// with its start as a date cell (an Excel serial with a date format), title, lane and
/// description as inline strings.
fn xlsx_bytes(t: &Timeline) -> Vec<u8> {
    use std::io::Write;
    const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let text = |cell: &str, s: &str| {
        format!(
            "<c r=\"{cell}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
            escape(s)
        )
    };
    let mut sheet =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{NS}\"><sheetData>");
    sheet.push_str(&format!(
        "<row r=\"1\">{}</row>",
        text("A1", "Generated chronology")
    ));
    sheet.push_str(&format!(
        "<row r=\"3\">{}{}{}{}</row>",
        text("A3", "Date"),
        text("B3", "Event"),
        text("C3", "Lane"),
        text("D3", "Notes")
    ));
    // Excel's serial day 0 is 1899-12-30 in the 1900 system (after its phantom leap day).
    const EXCEL_EPOCH_SECS: f64 = -2_209_161_600.0;
    for (k, e) in t.events().iter().enumerate() {
        let r = k + 4;
        let serial = ((e.start.start_secs() - EXCEL_EPOCH_SECS) / 86_400.0)
            .floor()
            .max(61.0);
        sheet.push_str(&format!(
            "<row r=\"{r}\"><c r=\"A{r}\" s=\"1\"><v>{serial}</v></c>{}{}{}</row>",
            text(&format!("B{r}"), e.title()),
            text(&format!("C{r}"), &t.lanes()[e.lane()].label),
            text(&format!("D{r}"), e.description()),
        ));
    }
    sheet.push_str("</sheetData></worksheet>");
    let members = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{NS}\" xmlns:r=\"{REL}\"><sheets><sheet name=\"Chronology\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/styles\" Target=\"styles.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/styles.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"{NS}\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>"
            ),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in members {
        zip.start_file(name, options).expect("zip");
        zip.write_all(content.as_bytes()).expect("zip");
    }
    zip.finish().expect("zip");
    out.into_inner()
}

criterion_group!(benches, load_other_tools);
criterion_main!(benches);
