//! `chronoscope check FILE…`: loads each file and reports its format, counts, date span,
//! warnings and errors, as text (errors as `FILE:LINE:COL: message`) or as JSON. Exit status
//! is decided by the caller from the returned flag. Does not change any file.

use crate::io::{self, Format, LoadError, Loaded, Location, Problem};
use crate::model::{Date, Timeline};
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;

pub const LONG_ABOUT: &str = "\
Validate timeline files. For each file, prints the detected format, the number of events, lanes,
eras and sources, the date span, then every warning and error, one per line:
  FILE:LINE:COL: message                       (JSON files)
  FILE: row N, column \"Name\": message          (CSV files)
  FILE: 'Sheet'!A7 (column \"Name\"): message     (spreadsheets)
Exit status: 0 when every file loads with nothing skipped (warnings are fine), 1 otherwise —
including a file that loads but had invalid events skipped.";

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files to check (Chronoscope JSON, TimelineJS JSON, TimelineJS sheet CSV, plain CSV,
    /// .xlsx/.xlsm/.ods).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::read_args::ReadArgs,
    /// Print the report as JSON (one object with a "files" array) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The result of checking one file.
pub struct FileReport {
    pub file: String,
    pub result: Result<Loaded, LoadError>,
    /// The format recognised even when loading failed (a CSV without a date column is still
    /// CSV), when it can be told.
    pub format: Option<Format>,
}

impl FileReport {
    /// True when the file loaded with nothing skipped.
    pub fn ok(&self) -> bool {
        self.result.as_ref().is_ok_and(Loaded::is_clean)
    }
}

/// Loads every file, reading each once (the format of a file that fails to load is told from
/// the same bytes).
pub fn check_files(files: &[PathBuf], options: &io::LoadOptions) -> Vec<FileReport> {
    let limits = io::Limits::default();
    files
        .iter()
        .map(|path| {
            let file = path.display().to_string();
            let ext = path.extension().and_then(|e| e.to_str());
            let (result, format) = match io::read_file(path, &limits) {
                Err(e) => (Err(e), None),
                Ok(bytes) => {
                    let result = io::load_bytes_using(
                        &file,
                        &bytes,
                        ext,
                        &io::LoadProgress::new(),
                        &limits,
                        options,
                    );
                    let format = match &result {
                        Ok(loaded) => Some(loaded.format),
                        Err(_) => io::detect(&file, &bytes, ext).ok(),
                    };
                    (result, format)
                }
            };
            FileReport {
                file,
                result,
                format,
            }
        })
        .collect()
}

/// Runs `check`, writing the report to `out`; returns true when every file is clean.
pub fn run(args: &CheckArgs, out: &mut dyn Write) -> std::io::Result<bool> {
    let reports = check_files(&args.files, &args.read.options());
    let all_ok = reports.iter().all(FileReport::ok);
    if args.json {
        let value = report_json(&reports);
        serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::other)?;
        writeln!(out)?;
    } else {
        for r in &reports {
            write_text(r, out)?;
        }
        if reports.len() > 1 {
            let good = reports.iter().filter(|r| r.ok()).count();
            writeln!(out, "{good} of {} files load cleanly", reports.len())?;
        }
    }
    // Freeing a million events one allocation at a time takes a third of a second, and the
    // process ends as soon as this returns: the report is dropped on a thread of its own.
    std::thread::spawn(move || drop(reports));
    Ok(all_ok)
}

/// Earliest start and latest end over events and eras. The events' part is read from the
/// timeline's flat columns (sorted starts, ends), not by working out each event's dates.
pub fn date_span(t: &Timeline) -> Option<(Date, Date)> {
    let mut first: Option<(f64, Date)> = t.event(0).map(|e| (t.start_secs()[0], e.start));
    let latest =
        t.end_secs()
            .iter()
            .enumerate()
            .fold(None, |best: Option<(usize, f64)>, (i, &end)| match best {
                Some((_, b)) if end <= b => best,
                _ => Some((i, end)),
            });
    let mut last: Option<(f64, Date)> =
        latest.and_then(|(i, secs)| t.event(i).map(|e| (secs, e.end.unwrap_or(e.start))));
    for era in t.eras() {
        if first.is_none_or(|(f, _)| era.start.start_secs() < f) {
            first = Some((era.start.start_secs(), era.start));
        }
        if last.is_none_or(|(l, _)| era.end.end_of_precision_secs() > l) {
            last = Some((era.end.end_of_precision_secs(), era.end));
        }
    }
    Some((first?.1, last?.1))
}

fn span_text(t: &Timeline) -> String {
    match date_span(t) {
        Some((a, b)) if a == b => a.display(),
        Some((a, b)) => format!("{a} \u{2013} {b}"),
        None => "no dates".into(),
    }
}

fn source_count(t: &Timeline) -> usize {
    t.events().iter().map(|e| e.sources().len()).sum()
}

/// The summary line names at most this many skipped items; the problems above it already
/// say what was wrong with each, up to [`io::MAX_LISTED_PROBLEMS`].
const MAX_SKIPPED_NAMED: usize = 20;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn write_text(r: &FileReport, out: &mut dyn Write) -> std::io::Result<()> {
    match &r.result {
        Ok(loaded) => {
            let t = &loaded.timeline;
            let status = if loaded.is_clean() { "ok" } else { "FAILED" };
            writeln!(
                out,
                "{}: {status} \u{2014} {}: {}, {}, {}, {}; {}",
                r.file,
                loaded.format.name(),
                plural(t.len(), "event", "events"),
                plural(t.lanes().len(), "lane", "lanes"),
                plural(t.eras().len(), "era", "eras"),
                plural(source_count(t), "source", "sources"),
                span_text(t),
            )?;
            loaded.write_problems(&r.file, out)?;
            if !loaded.skipped.is_empty() {
                let mut list: Vec<String> = loaded
                    .skipped
                    .iter()
                    .take(MAX_SKIPPED_NAMED)
                    .map(|s| s.to_string())
                    .collect();
                let unnamed = loaded.skipped.len().saturating_sub(MAX_SKIPPED_NAMED);
                if unnamed > 0 {
                    list.push(format!("\u{2026} and {unnamed} more"));
                }
                writeln!(
                    out,
                    "{}: skipped {}: {}",
                    r.file,
                    plural(loaded.skipped.len(), "item", "items"),
                    list.join("; ")
                )?;
            }
        }
        Err(e) => {
            match r.format {
                Some(format) => writeln!(
                    out,
                    "{}: FAILED \u{2014} {}: could not be loaded",
                    r.file,
                    format.name()
                )?,
                None => writeln!(out, "{}: FAILED \u{2014} could not be loaded", r.file)?,
            }
            for p in &e.problems {
                writeln!(out, "{p}")?;
            }
            if e.not_listed > 0 {
                writeln!(out, "{}", io::error::not_listed_line(&r.file, e.not_listed))?;
            }
        }
    }
    Ok(())
}

/// The JSON form of a problem.
pub fn problem_json(p: &Problem) -> Value {
    let (line, column, row, column_name) = match &p.location {
        Location::File => (None, None, None, None),
        Location::Text { line, column } => (Some(*line), Some(*column), None, None),
        Location::Row { row, column } => (None, None, Some(*row), column.clone()),
        Location::Cell { row, column, .. } => (
            None,
            None,
            Some(*row),
            column.as_ref().map(|c| c.header.clone()),
        ),
    };
    let (sheet, cell) = match &p.location {
        Location::Cell { sheet, row, column } => (
            Some(sheet.clone()),
            column
                .as_ref()
                .map(|c| format!("{}{row}", io::error::column_letters(c.index))),
        ),
        _ => (None, None),
    };
    json!({
        "severity": p.severity.name(),
        "file": p.file,
        "line": line,
        "column": column,
        "row": row,
        "column_name": column_name,
        "sheet": sheet,
        "cell": cell,
        "field": p.field,
        "value": p.value,
        "message": p.message,
        "text": p.to_string(),
    })
}

fn report_json(reports: &[FileReport]) -> Value {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| match &r.result {
            Ok(loaded) => {
                let t = &loaded.timeline;
                let span = date_span(t).map(|(a, b)| {
                    json!({"start": a.to_iso(), "end": b.to_iso(), "text": span_text(t)})
                });
                let skipped: Vec<Value> = loaded
                    .skipped
                    .iter()
                    .take(io::MAX_LISTED_PROBLEMS)
                    .map(|s| {
                        let (line, row) = match &s.location {
                            Location::Text { line, .. } => (Some(*line), None),
                            Location::Row { row, .. } | Location::Cell { row, .. } => {
                                (None, Some(*row))
                            }
                            Location::File => (None, None),
                        };
                        let name = s.name.as_deref().map(io::error::shorten);
                        json!({"kind": s.kind, "position": s.position, "name": name,
                               "line": line, "row": row, "text": s.to_string()})
                    })
                    .collect();
                json!({
                    "file": r.file,
                    "ok": loaded.is_clean(),
                    "format": loaded.format.id(),
                    "format_name": loaded.format.name(),
                    "title": io::error::shorten(t.title()),
                    "events": t.len(),
                    "lanes": t.lanes().len(),
                    "eras": t.eras().len(),
                    "sources": source_count(t),
                    "span": span,
                    "warnings": loaded.warnings().map(problem_json).collect::<Vec<_>>(),
                    "errors": loaded.errors().map(problem_json).collect::<Vec<_>>(),
                    "problems_not_listed": loaded.problems_not_listed,
                    "skipped": skipped,
                    "skipped_not_listed": loaded.skipped.len().saturating_sub(io::MAX_LISTED_PROBLEMS),
                })
            }
            Err(e) => json!({
                "file": r.file,
                "ok": false,
                "format": r.format.map(Format::id),
                "format_name": r.format.map(Format::name),
                "warnings": e.problems.iter().filter(|p| !p.is_error()).map(problem_json).collect::<Vec<_>>(),
                "errors": e.problems.iter().filter(|p| p.is_error()).map(problem_json).collect::<Vec<_>>(),
                "problems_not_listed": e.not_listed,
            }),
        })
        .collect();
    json!({
        "ok": reports.iter().all(FileReport::ok),
        "files": files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_covers_events_and_eras() {
        let loaded = io::load_bytes(
            "t.json",
            br#"{"eras": [{"label": "x", "start": "1980", "end": "1990-06"}],
                "events": [{"title": "a", "start": "1985-02-07", "end": "1991"},
                           {"title": "b", "start": "1983"}]}"#,
            None,
        )
        .unwrap();
        let (a, b) = date_span(&loaded.timeline).unwrap();
        assert_eq!((a.to_iso().as_str(), b.to_iso().as_str()), ("1980", "1991"));
        assert_eq!(span_text(&loaded.timeline), "1980 \u{2013} 1991");
    }
}
