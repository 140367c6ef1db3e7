//! Legibility checked through `chronoscope export --layout-json`, as a user would check it: the
//! sample exported at 1920×1080 cuts no label; the presentation's overview slide at 1280×720
//! labels every story event above the era row and the caption; every step labels its focus in full and at least one neighbour; a
//! BCE timeline's axis reads in round displayed years.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn sample_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/cartel-transfer.json")
}

fn chronoscope(args: &[&std::ffi::OsStr]) {
    let out = Command::new(env!("CARGO_BIN_EXE_chronoscope"))
        .args(args)
        .output()
        .expect("chronoscope runs");
    assert!(
        out.status.success(),
        "chronoscope {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn labels(report: &Value) -> &Vec<Value> {
    report["labels"].as_array().expect("labels array")
}

fn label_of<'a>(report: &'a Value, id: &str) -> Option<&'a Value> {
    labels(report).iter().find(|l| l["event"] == id)
}

/// `[x0, y0, x1, y1]` from the report.
fn rect(value: &Value) -> [f64; 4] {
    let r = value
        .as_array()
        .unwrap_or_else(|| panic!("not a rect: {value}"));
    [0, 1, 2, 3].map(|k| r[k].as_f64().expect("number"))
}

fn story_ids() -> Vec<String> {
    let sample = read_json(&sample_path());
    sample["story"]
        .as_array()
        .expect("the sample has a story")
        .iter()
        .map(|v| v.as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn a_full_hd_export_of_the_sample_cuts_no_label() {
    let dir = tempfile::tempdir().unwrap();
    let (png, json) = (dir.path().join("fit.png"), dir.path().join("fit.json"));
    chronoscope(&[
        "export".as_ref(),
        sample_path().as_os_str(),
        "-o".as_ref(),
        png.as_os_str(),
        "--layout-json".as_ref(),
        json.as_os_str(),
    ]);
    let report = read_json(&json);
    assert_eq!(
        (report["width"].as_f64(), report["height"].as_f64()),
        (Some(1920.0), Some(1080.0))
    );
    let cut: Vec<&Value> = labels(&report)
        .iter()
        .filter(|l| l["truncated"] == true)
        .collect();
    assert!(cut.is_empty(), "cut labels: {cut:#?}");
    assert_eq!(report["unlabelled"].as_array().map(Vec::len), Some(0));
    // Every one of the sample's 19 events is labelled, among them the one the case is about.
    assert_eq!(labels(&report).len(), 19);
    let transfer = label_of(&report, "cartel-figures-transferred").expect("labelled");
    assert_eq!(transfer["text"], transfer["full_text"]);
    // Labels stay inside the image and never overlap.
    let rects: Vec<[f64; 4]> = labels(&report).iter().map(|l| rect(&l["rect"])).collect();
    for (a, ra) in rects.iter().enumerate() {
        assert!(ra[0] >= 0.0 && ra[2] <= 1920.0, "{ra:?}");
        for rb in &rects[a + 1..] {
            let apart = ra[2] <= rb[0] || rb[2] <= ra[0] || ra[3] <= rb[1] || rb[3] <= ra[1];
            assert!(apart, "{ra:?} overlaps {rb:?}");
        }
    }
    assert!(!report["ticks"].as_array().expect("ticks").is_empty());
    assert!(report["focus"].is_null());
}

#[test]
fn every_slide_labels_its_story_in_context() {
    let dir = tempfile::tempdir().unwrap();
    chronoscope(&[
        "export".as_ref(),
        sample_path().as_os_str(),
        "--steps".as_ref(),
        dir.path().as_os_str(),
        "--width".as_ref(),
        "1280".as_ref(),
        "--height".as_ref(),
        "720".as_ref(),
        "--layout-json".as_ref(),
        dir.path().as_os_str(),
    ]);
    let story = story_ids();
    // The overview labels every story event (the other events wait in their lanes' strips), all
    // inside the canvas, above the era row; the caption card lies below the canvas.
    let overview = read_json(&dir.path().join("01.json"));
    assert!(overview["focus"].is_null());
    let missing: Vec<&String> = story
        .iter()
        .filter(|id| label_of(&overview, id).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "the overview leaves {} of {} story events unlabelled: {missing:?}",
        missing.len(),
        story.len()
    );
    for label in labels(&overview) {
        let id = label["event"].as_str().expect("id");
        assert!(story.iter().any(|s| s == id), "{id} is not in the story");
    }
    let canvas = rect(&overview["canvas"]);
    assert!(
        canvas[3] < 720.0 * 0.85,
        "no caption card below the canvas: {canvas:?}"
    );
    let era_row = rect(&overview["era_row"]);
    assert!(era_row[3] <= canvas[3] + 0.01, "{era_row:?} in {canvas:?}");
    for label in labels(&overview) {
        let r = rect(&label["rect"]);
        assert!(
            r[0] >= canvas[0] - 0.01 && r[2] <= canvas[2] + 0.01 && r[1] >= canvas[1],
            "{label:#?} outside {canvas:?}"
        );
        assert!(
            r[3] <= era_row[1] + 0.01,
            "{label:#?} over the era row {era_row:?}"
        );
    }
    // Each step labels its focus in full, and at least one other event beside it.
    for (k, id) in story.iter().enumerate() {
        let path = dir.path().join(format!("{:02}.json", k + 2));
        let step = read_json(&path);
        assert_eq!(step["focus"], id.as_str(), "{}", path.display());
        let focus = label_of(&step, id).unwrap_or_else(|| panic!("step {id}: focus unlabelled"));
        assert_eq!(focus["truncated"], false, "step {id}: {focus:#?}");
        let neighbours = labels(&step)
            .iter()
            .filter(|l| l["event"] != id.as_str())
            .count();
        assert!(neighbours >= 1, "step {id}: no neighbour labelled");
        // A day-precise event never needs hour ticks in this sample.
        for tick in step["ticks"].as_array().expect("ticks") {
            let label = tick["label"].as_str().expect("label");
            assert!(!label.contains(':'), "step {id}: hour tick {label}");
        }
    }
}

#[test]
fn a_bce_timeline_has_round_ticks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.json");
    std::fs::write(
        &file,
        r#"{"chronoscope": 1, "title": "Deep history", "events": [
            {"id": "a", "title": "Early towns", "start": "-2999"},
            {"id": "b", "title": "Bronze casting", "start": "-1799"},
            {"id": "c", "title": "Iron spreads", "start": "-0799"},
            {"id": "d", "title": "Roman empire", "start": "-0026", "end": "0476"},
            {"id": "e", "title": "Printing press", "start": "1450"}
        ]}"#,
    )
    .unwrap();
    let (png, json) = (
        dir.path().join("deep.png"),
        dir.path().join("deep.json.out"),
    );
    chronoscope(&[
        "export".as_ref(),
        file.as_os_str(),
        "-o".as_ref(),
        png.as_os_str(),
        "--width".as_ref(),
        "1400".as_ref(),
        "--height".as_ref(),
        "600".as_ref(),
        "--layout-json".as_ref(),
        json.as_os_str(),
    ]);
    let report = read_json(&json);
    let ticks: Vec<&str> = report["ticks"]
        .as_array()
        .expect("ticks")
        .iter()
        .map(|t| t["label"].as_str().expect("label"))
        .collect();
    assert!(ticks.contains(&"1 CE"), "{ticks:?}");
    for label in &ticks {
        let number: i64 = label
            .trim_end_matches(" BCE")
            .trim_end_matches(" CE")
            .parse()
            .unwrap_or_else(|_| panic!("{label}"));
        assert!(
            number == 1 || number % 100 == 0,
            "not round: {label} in {ticks:?}"
        );
    }
}

/// A one-event timeline: a memo written naive at 09:30 on New York's spring-forward day.
fn spring_forward_file(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("spring.json");
    std::fs::write(
        &path,
        r#"{"title": "Spring", "events": [{"id": "memo", "title": "Memo", "start": "2024-03-10T09:30"}]}"#,
    )
    .unwrap();
    path
}

#[test]
fn an_export_in_a_local_zone_reads_its_dst_day_of_23_hours() {
    let dir = tempfile::tempdir().unwrap();
    let file = spring_forward_file(dir.path());
    let (png, json) = (dir.path().join("day.png"), dir.path().join("day.json"));
    // The machine's zone as a POSIX rule (no tz database needed): New York's.
    let out = Command::new(env!("CARGO_BIN_EXE_chronoscope"))
        .env("TZ", "EST5EDT,M3.2.0,M11.1.0")
        .args([
            "export".as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            png.as_os_str(),
        ])
        .args([
            "--tz",
            "local",
            "--from",
            "2024-03-10",
            "--to",
            "2024-03-10",
        ])
        .args(["--width", "1920", "--height", "500", "--no-legend"])
        .args(["--layout-json".as_ref(), json.as_os_str()])
        .output()
        .expect("chronoscope runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = read_json(&json);
    let ticks: Vec<&str> = report["ticks"]
        .as_array()
        .expect("ticks")
        .iter()
        .map(|t| t["label"].as_str().expect("label"))
        .collect();
    // The local day runs midnight to midnight: 23 hours, 02:00 never happens.
    let mut expected: Vec<String> = (0..24)
        .filter(|&h| h != 2)
        .map(|h| format!("{h:02}:00"))
        .collect();
    expected.push("00:00".into());
    assert_eq!(ticks, expected);
    assert_eq!(report["zone"], "Local time (UTC\u{2212}04:00)");
    // The naive memo keeps its written 09:30: between the 09:00 and 10:00 ticks.
    let x_of = |label: &str| {
        report["ticks"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["label"] == label))
            .and_then(|t| t["x"].as_f64())
            .expect("tick")
    };
    let memo = label_of(&report, "memo").expect("the memo is labelled");
    let memo_x = rect(&memo["rect"])[0];
    assert!(x_of("09:00") < memo_x && memo_x < x_of("10:00"), "{memo}");
}

#[test]
fn an_unknown_zone_is_refused_with_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let file = spring_forward_file(dir.path());
    let png = dir.path().join("x.png");
    let out = Command::new(env!("CARGO_BIN_EXE_chronoscope"))
        .args([
            "export".as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            png.as_os_str(),
        ])
        .args(["--tz", "Mexico_City"])
        .output()
        .expect("chronoscope runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "time zone \"Mexico_City\" is not known; expected UTC, local, an offset such as \
             +05:30 or -06:00, or a tz database name such as America/Mexico_City \
             (did you mean America/Mexico_City?)"
        ),
        "{err}"
    );
    assert!(err.contains("--tz"), "names the flag: {err}");
    assert!(!png.exists(), "nothing written");
}
