//! `chronoscope check` and `chronoscope convert` as a user runs them: output, `--json`, exit
//! status, atomic writing and refusing to overwrite the input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn chronoscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronoscope"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_reports_format_counts_and_span_and_succeeds() {
    let tjs = fixture("timelinejs.json");
    let sheet = fixture("timelinejs-sheet.csv");
    let out = chronoscope(&["check", tjs.to_str().unwrap(), sheet.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "{}: ok \u{2014} TimelineJS JSON: 5 events, 4 lanes, 2 eras, 1 source; 44 BCE \u{2013} \
             27 Feb 2025 14:05:10",
            tjs.display()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{}: ok \u{2014} TimelineJS sheet CSV: 5 events, 4 lanes, 1 era, 3 sources; 15 Mar 44 \
             BCE \u{2013} 27 Feb 2025 14:05:10",
            sheet.display()
        )),
        "{text}"
    );
    assert!(text.ends_with("2 of 2 files load cleanly\n"), "{text}");
}

#[test]
fn check_fails_with_file_line_column_messages() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"events\": [\n  {\"title\": \"ok\", \"start\": \"1985\"},\n  {\"title\": \"x\", \"start\": \"2013-02-30\"}\n]}",
    )
    .unwrap();
    let good = fixture("excel-plain.csv");
    let out = chronoscope(&["check", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let b = bad.display();
    assert!(
        text.contains(&format!(
            "{b}: FAILED \u{2014} Chronoscope JSON: 1 event, 1 lane, 0 eras, 0 sources; 1985\n"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{b}:3:27: field `start`: \"2013-02-30\" \u{2014} day 30 does not exist in 2013-02; \
             expected a day that exists in that month\n"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("{b}: skipped 1 item: event 2 at 3:3 (\"x\")\n")),
        "{text}"
    );
    assert!(text.ends_with("1 of 2 files load cleanly\n"), "{text}");
}

#[test]
fn check_of_an_unloadable_file_fails() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let out = chronoscope(&["check", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let e = empty.display();
    assert_eq!(
        stdout(&out),
        format!(
            "{e}: FAILED \u{2014} could not be loaded\n{e}: the file is empty; expected a \
             Chronoscope JSON, TimelineJS JSON, CSV, .xlsx or .ods timeline\n"
        )
    );
}

#[test]
fn check_names_the_format_of_a_file_it_cannot_load() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("names.csv");
    std::fs::write(&sheet, "name,notes\nx,y\n").unwrap();
    let out = chronoscope(&["check", sheet.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let s = sheet.display();
    assert_eq!(
        stdout(&out),
        format!(
            "{s}: FAILED \u{2014} CSV: could not be loaded\n{s}: row 1: no start-date column; \
             expected a header named \"start\", \"startdate\", \"date\", \"begin\" (the header \
             row has: name, notes)\n"
        )
    );
    let out = chronoscope(&["check", "--json", sheet.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(v["files"][0]["format"], "csv");
    assert_eq!(v["files"][0]["errors"][0]["row"], 1);
}

#[test]
fn check_json_gives_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "date,title\n1985-13,x\n1985,y\n").unwrap();
    let good = fixture("native-full.json");
    let out = chronoscope(&[
        "check",
        "--json",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(v["ok"], false);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files[0]["ok"], true);
    assert_eq!(files[0]["format"], "chronoscope-json");
    assert_eq!(files[0]["events"], 7);
    assert_eq!(files[0]["lanes"], 3);
    assert_eq!(files[0]["eras"], 1);
    assert_eq!(files[0]["sources"], 2);
    assert_eq!(files[0]["span"]["start"], "-0752");
    assert_eq!(files[0]["span"]["end"], "+12000");
    assert_eq!(files[1]["ok"], false);
    assert_eq!(files[1]["format"], "csv");
    let error = &files[1]["errors"][0];
    assert_eq!(error["row"], 2);
    assert_eq!(error["column_name"], "date");
    assert_eq!(error["value"], "\"1985-13\"");
    assert_eq!(error["message"], "month 13 does not exist (expected 1–12)");
    assert_eq!(files[1]["skipped"][0]["row"], 2);
}

#[test]
fn convert_writes_native_json_that_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("case.json");
    let input = fixture("timelinejs-sheet.csv");
    let out = chronoscope(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("wrote 5 events, 4 lanes, 1 eras (from TimelineJS sheet CSV"));
    let loaded = chronoscope::io::load_path(&out_path).unwrap();
    assert_eq!(loaded.format, chronoscope::io::Format::Native);
    assert_eq!(loaded.timeline.len(), 5);
    let check = chronoscope(&["check", out_path.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0));
}

#[test]
fn convert_refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.json");
    std::fs::copy(fixture("native-full.json"), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = chronoscope(&[
        "convert",
        path.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refusing to overwrite the input file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn convert_refuses_to_drop_bad_events_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.csv");
    std::fs::write(&input, "date,title\n1985-13,x\n1985,y\n").unwrap();
    let output = dir.path().join("out.json");
    let args = [
        "convert",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ];
    let out = chronoscope(&args);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("row 2, column \"date\": \"1985-13\""), "{err}");
    assert!(
        err.contains("not converted: 1 invalid item(s) would be lost"),
        "{err}"
    );
    assert!(!output.exists());

    let mut args = args.to_vec();
    args.push("--allow-skipped");
    let out = chronoscope(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        chronoscope::io::load_path(&output).unwrap().timeline.len(),
        1
    );
}

#[test]
fn help_explains_check_and_convert() {
    let out = chronoscope(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for needle in ["check", "convert", "TimelineJS", "CSV", "ISO 8601"] {
        assert!(
            text.contains(needle),
            "{needle} missing from --help:\n{text}"
        );
    }
    let out = chronoscope(&["check", "--help"]);
    let text = stdout(&out);
    assert!(text.contains("FILE:LINE:COL: message"), "{text}");
    assert!(text.contains("Exit status"), "{text}");
    let out = chronoscope(&["convert", "--help"]);
    let text = stdout(&out);
    assert!(text.contains("--allow-skipped"), "{text}");
    assert!(text.contains("never left half-written"), "{text}");
}

#[test]
fn a_reader_that_stops_early_ends_check_without_a_message() {
    // A thousand problems per file (every other row has an impossible date), the file named
    // many times: megabytes of report, far more than a pipe holds, so the writer is still
    // writing when the reader goes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many-warnings.csv");
    let mut text = String::from("date,title,extra,extra\n");
    for i in 0..2000 {
        let month = if i % 2 == 0 { 2 } else { 13 };
        text.push_str(&format!(
            "1985-{month:02}-{:02},Event {i},a,b\n",
            1 + i % 28
        ));
    }
    std::fs::write(&path, text).unwrap();
    let name = path.to_str().unwrap();
    let mut args = vec!["check"];
    args.extend(std::iter::repeat_n(name, 50));
    let mut child = Command::new(env!("CARGO_BIN_EXE_chronoscope"))
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -1`: read a line, then close the pipe.
    let mut first = String::new();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut out, &mut first).unwrap();
    drop(out);
    let done = child.wait_with_output().unwrap();
    assert!(first.contains("many-warnings.csv"), "{first}");
    assert_eq!(stderr(&done), "", "no message, no backtrace");
    assert_eq!(done.status.code(), Some(141));
}
