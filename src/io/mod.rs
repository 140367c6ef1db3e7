//! Reading and writing timeline files: format detection (content first, extension as a hint),
//! one importer per format into the same [`Timeline`](crate::model::Timeline), the native
//! writer, and errors that name file, line:column or row, field, value and expectation.
//! Owns no drawing and no UI; the model owns dates and sorting.
//!
//! Formats read: Chronoscope JSON ([`native`]), TimelineJS JSON ([`timelinejs`]), the TimelineJS
//! spreadsheet CSV ([`timelinejs_csv`]), plain spreadsheet CSV ([`plain_csv`]), .xlsx/.xlsm/
//! .ods workbooks ([`sheet`]), the Timeline app's `.timeline` XML ([`timeline_xml`]),
//! vis-timeline items JSON ([`vis`]) and Timesketch CSV/JSONL ([`timesketch`]); dates as people
//! type them are [`typed_date`]'s.
//! Written: Chronoscope JSON ([`save_native`]) and plain CSV that imports back to the same
//! events ([`save_csv`]), atomically; an edited timeline is saved back over its file
//! losslessly ([`save_timeline`], [`resave`]).

mod atomic;
mod build;
mod csv_parts;
mod csv_util;
mod csv_write;
pub mod error;
pub mod html_text;
mod json;
mod json_split;
mod limits;
pub mod native;
#[cfg(test)]
mod parallel_test_support;
pub mod plain_csv;
mod progress;
pub mod resave;
pub mod save;
pub mod sheet;
pub mod timeline_xml;
pub mod timelinejs;
pub mod timelinejs_csv;
pub mod timesketch;
pub mod typed_date;
pub mod vis;

pub use atomic::{same_file, write_atomically};
pub use build::{MAX_LISTED_PROBLEMS, lane_slug};
pub use csv_write::{CsvLosses, save_csv, write_csv};
pub use error::{LoadError, Location, Problem, SaveError, Severity, Skipped};
pub use limits::{Limits, read_file};
pub use native::{save_native, to_native_string, write_native};
pub use progress::LoadProgress;
pub use resave::{ResaveError, resave_native};
pub use save::{DiskVersion, FileStamp, SaveProblem, SaveTarget, save_timeline};
pub use typed_date::SlashOrder;

use crate::model::Timeline;
use std::path::Path;

/// A file format Chronoscope reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Chronoscope's own JSON (`"chronoscope": 1`).
    Native,
    /// TimelineJS3 JSON (`events` of slides with `start_date` objects).
    TimelineJs,
    /// The TimelineJS Google-Sheets template exported as CSV (`Year, Month, Day, …` or the
    /// version-1 `Start Date, End Date, …` header).
    TimelineJsCsv,
    /// A plain spreadsheet CSV with start/title/… columns.
    PlainCsv,
    /// An Excel workbook (.xlsx, .xlsm).
    Xlsx,
    /// An OpenDocument spreadsheet (.ods).
    Ods,
    /// The Timeline desktop app's `.timeline` XML.
    TimelineXml,
    /// vis-timeline items (a bare array, `{items}` or `{items, groups}`).
    VisTimeline,
    /// Timesketch (and plaso) CSV.
    TimesketchCsv,
    /// Timesketch JSONL: one JSON object per line.
    TimesketchJsonl,
}

impl Format {
    /// Human name: "Chronoscope JSON", "TimelineJS JSON", "TimelineJS sheet CSV", "CSV".
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "Chronoscope JSON",
            Format::TimelineJs => "TimelineJS JSON",
            Format::TimelineJsCsv => "TimelineJS sheet CSV",
            Format::PlainCsv => "CSV",
            Format::Xlsx => "Excel workbook",
            Format::Ods => "OpenDocument spreadsheet",
            Format::TimelineXml => "Timeline app .timeline",
            Format::VisTimeline => "vis-timeline JSON",
            Format::TimesketchCsv => "Timesketch CSV",
            Format::TimesketchJsonl => "Timesketch JSONL",
        }
    }

    /// Stable machine id for `check --json`: "chronoscope-json", "timelinejs-json",
    /// "timelinejs-csv", "csv", "xlsx", "ods", "timeline-xml", "vis-json", "timesketch-csv",
    /// "timesketch-jsonl".
    pub fn id(self) -> &'static str {
        match self {
            Format::Native => "chronoscope-json",
            Format::TimelineJs => "timelinejs-json",
            Format::TimelineJsCsv => "timelinejs-csv",
            Format::PlainCsv => "csv",
            Format::Xlsx => "xlsx",
            Format::Ods => "ods",
            Format::TimelineXml => "timeline-xml",
            Format::VisTimeline => "vis-json",
            Format::TimesketchCsv => "timesketch-csv",
            Format::TimesketchJsonl => "timesketch-jsonl",
        }
    }
}

/// Choices a user makes about how to read a file (command-line flags, or the app).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// How to read `05/08/2022` (`--day-first`, `--month-first`; by default per file).
    pub slash_order: SlashOrder,
    /// The spreadsheet sheet to read (`--sheet`); by default the first with a header row.
    pub sheet: Option<String>,
    /// The Timesketch column that gives lanes (`--lane-by`); by default `data_type`,
    /// `parser`, `source_short`, then `hostname`.
    pub lane_by: Option<String>,
}

/// A loaded file: the timeline plus everything worth telling the user about it.
#[derive(Debug)]
pub struct Loaded {
    pub timeline: Timeline,
    pub format: Format,
    /// Warnings and errors in file order (errors belong to skipped items), at most
    /// [`MAX_LISTED_PROBLEMS`].
    pub problems: Vec<Problem>,
    /// Problems found beyond [`MAX_LISTED_PROBLEMS`], counted but not listed.
    pub problems_not_listed: usize,
    /// Events, eras or lanes left out because they were invalid.
    pub skipped: Vec<Skipped>,
    /// The sheet of a workbook that was read.
    pub sheet: Option<String>,
}

impl Loaded {
    /// Writes every listed problem, one per line, then how many more were found but not listed.
    pub fn write_problems(&self, file: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        for p in &self.problems {
            writeln!(out, "{p}")?;
        }
        if self.problems_not_listed > 0 {
            writeln!(
                out,
                "{}",
                error::not_listed_line(file, self.problems_not_listed)
            )?;
        }
        Ok(())
    }

    /// True when nothing was skipped and no problem is an error (warnings are fine).
    pub fn is_clean(&self) -> bool {
        self.skipped.is_empty() && !self.problems.iter().any(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }
}

/// Parses a date as a person types it, in any form the importers accept (ISO 8601 at any
/// precision, `1985/02/07`, `7 Feb 1985`, `44 BCE`, with a time), and whether it said "circa"
/// (`c. 1985`). The error says what was expected.
pub fn parse_user_date(text: &str) -> Result<(crate::model::Date, bool), String> {
    let typed = typed_date::parse_typed(text, SlashOrder::Detect)?;
    if typed.slash == typed_date::SlashHint::Ambiguous {
        return Err(format!(
            "{:?} could be day first or month first; expected an unambiguous date such as \
             \"{}\" (year-month-day)",
            text.trim(),
            typed.date.to_iso()
        ));
    }
    if typed.until.is_some() {
        return Err(
            "this is a span of years; expected one date (put the last one in the end field)".into(),
        );
    }
    Ok((typed.date, typed.circa))
}

/// Reads and imports a file within the default [`Limits`]; the format comes from the content,
/// the extension is a hint.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    load_path_with(path, &progress::UNWATCHED)
}

/// [`load_path`], reporting progress to `progress` and stopping with a "cancelled" error soon
/// after [`LoadProgress::cancel`].
pub fn load_path_with(path: &Path, progress: &LoadProgress) -> Result<Loaded, LoadError> {
    load_path_within(path, progress, &Limits::default())
}

/// [`load_path_with`] within `limits`: only a regular file no bigger than
/// `limits.max_file_bytes` is read (see [`read_file`]).
pub fn load_path_within(
    path: &Path,
    progress: &LoadProgress,
    limits: &Limits,
) -> Result<Loaded, LoadError> {
    load_path_using(path, progress, limits, &LoadOptions::default())
}

/// [`load_path_within`] with the user's reading choices (sheet, order of slashed dates).
pub fn load_path_using(
    path: &Path,
    progress: &LoadProgress,
    limits: &Limits,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    let bytes = limits::read_file_counted(path, limits, progress)?;
    if progress.is_cancelled() {
        return Err(cancelled(&name));
    }
    let ext = path.extension().and_then(|e| e.to_str());
    load_bytes_using(&name, &bytes, ext, progress, limits, options)
}

/// The error a cancelled load ends with.
pub(crate) fn cancelled(name: &str) -> LoadError {
    LoadError::whole_file(
        name,
        "loading was cancelled; the timeline on screen is unchanged",
    )
}

/// Imports a file's bytes. `name` is used in messages (and, without a title in the file, its
/// stem becomes the timeline title); `ext_hint` is the file extension without the dot.
pub fn load_bytes(name: &str, bytes: &[u8], ext_hint: Option<&str>) -> Result<Loaded, LoadError> {
    load_bytes_with(name, bytes, ext_hint, &progress::UNWATCHED)
}

/// [`load_bytes`], counting events into `progress` and stopping when it is cancelled.
pub fn load_bytes_with(
    name: &str,
    bytes: &[u8],
    ext_hint: Option<&str>,
    progress: &LoadProgress,
) -> Result<Loaded, LoadError> {
    load_bytes_within(name, bytes, ext_hint, progress, &Limits::default())
}

/// [`load_bytes_with`] within `limits`: a file over them fails with a message naming the limit
/// and where it was crossed.
pub fn load_bytes_within(
    name: &str,
    bytes: &[u8],
    ext_hint: Option<&str>,
    progress: &LoadProgress,
    limits: &Limits,
) -> Result<Loaded, LoadError> {
    load_bytes_using(
        name,
        bytes,
        ext_hint,
        progress,
        limits,
        &LoadOptions::default(),
    )
}

/// [`load_bytes_within`] with the user's reading choices (sheet, order of slashed dates).
pub fn load_bytes_using(
    name: &str,
    bytes: &[u8],
    ext_hint: Option<&str>,
    progress: &LoadProgress,
    limits: &Limits,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let stem = Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name);
    if sheet::is_workbook(bytes) {
        let input = sheet::SheetInput {
            file: name,
            stem,
            progress,
            limits,
            options,
        };
        let loaded = sheet::read(&input, bytes);
        if progress.is_cancelled() {
            return Err(cancelled(name));
        }
        return loaded;
    }
    let text = decode_text(name, bytes)?;
    let input = Input {
        file: name,
        stem,
        text,
        progress,
        limits: *limits,
        options,
    };
    let loaded = match sniff(text, ext_hint) {
        Sniffed::Xml => {
            if timeline_xml::matches(text) {
                timeline_xml::read(&input)
            } else {
                Err(not_a_timeline_xml(name, text))
            }
        }
        Sniffed::JsonLines => timesketch::read_jsonl(&input, options.lane_by.as_deref()),
        Sniffed::JsonArray => {
            let map = json::TextMap::new(text);
            let items = bare_vis_items(&map, name)?;
            vis::read(
                &input,
                &map,
                vis::VisData {
                    items,
                    groups: None,
                },
            )
        }
        Sniffed::Json => {
            let map = json::TextMap::new(text);
            let top = json::TopLevel::parse(&map, name).map_err(LoadError::single)?;
            if let Some(err) = unknown_json_shape(name, &top) {
                return Err(err);
            }
            limits::check_event_count(&input, &map, &top)?;
            match json_flavour(&top) {
                Format::TimelineJs => timelinejs::read(&input, &map, top),
                Format::VisTimeline => match top.get("items") {
                    Some(items) => {
                        let groups = top.get("groups");
                        vis::read(&input, &map, vis::VisData { items, groups })
                    }
                    None => native::read(&input, &map, top),
                },
                _ => native::read(&input, &map, top),
            }
        }
        Sniffed::Csv => {
            let header = csv_util::Header::read(&input)?;
            if timesketch::matches_header(&header) {
                timesketch::read_csv(&input, header, options.lane_by.as_deref())
            } else if timelinejs_csv::matches(&header) {
                timelinejs_csv::read(&input, header)
            } else {
                plain_csv::read(&input, header)
            }
        }
    };
    if progress.is_cancelled() {
        return Err(cancelled(name));
    }
    loaded
}

/// Names the format of a file's content without importing it (for a file dialog or `check`).
pub fn detect(name: &str, bytes: &[u8], ext_hint: Option<&str>) -> Result<Format, LoadError> {
    if sheet::is_workbook(bytes) {
        return sheet::detect(name, bytes, &Limits::default());
    }
    let text = decode_text(name, bytes)?;
    match sniff(text, ext_hint) {
        Sniffed::Xml if timeline_xml::matches(text) => Ok(Format::TimelineXml),
        Sniffed::Xml => Err(not_a_timeline_xml(name, text)),
        Sniffed::JsonLines => Ok(Format::TimesketchJsonl),
        Sniffed::JsonArray => {
            let map = json::TextMap::new(text);
            bare_vis_items(&map, name).map(|_| Format::VisTimeline)
        }
        Sniffed::Json => {
            let map = json::TextMap::new(text);
            let top = json::TopLevel::parse(&map, name).map_err(LoadError::single)?;
            match unknown_json_shape(name, &top) {
                Some(err) => Err(err),
                None => Ok(json_flavour(&top)),
            }
        }
        Sniffed::Csv => {
            let input = Input {
                file: name,
                stem: name,
                text,
                progress: &progress::UNWATCHED,
                limits: Limits::default(),
                options: &LoadOptions::default(),
            };
            let header = csv_util::Header::read(&input)?;
            Ok(if timesketch::matches_header(&header) {
                Format::TimesketchCsv
            } else if timelinejs_csv::matches(&header) {
                Format::TimelineJsCsv
            } else {
                Format::PlainCsv
            })
        }
    }
}

/// The text being imported, with its name for messages.
pub(crate) struct Input<'a> {
    pub file: &'a str,
    /// File name without directory and extension: the title when the file has none.
    pub stem: &'a str,
    pub text: &'a str,
    /// Where to count parsed events and look for a cancel request.
    pub progress: &'a LoadProgress,
    /// How many events, columns and bytes per cell the file may have.
    pub limits: Limits,
    /// The user's reading choices.
    pub options: &'a LoadOptions,
}

enum Sniffed {
    /// A JSON object at the top: Chronoscope, TimelineJS or vis-timeline `{items, groups}`.
    Json,
    /// A JSON array at the top: vis-timeline items.
    JsonArray,
    /// One JSON object per line: Timesketch JSONL.
    JsonLines,
    Xml,
    Csv,
}

fn sniff(text: &str, ext_hint: Option<&str>) -> Sniffed {
    let first = text.trim_start().as_bytes().first().copied();
    let ext = ext_hint.map(|e| e.to_ascii_lowercase());
    match (first, ext.as_deref()) {
        (Some(b'{'), _) if timesketch::matches_jsonl(text) => Sniffed::JsonLines,
        (Some(b'{'), Some("jsonl" | "ndjson")) => Sniffed::JsonLines,
        (Some(b'['), _) => Sniffed::JsonArray,
        (Some(b'{'), _) => Sniffed::Json,
        (Some(b'<'), _) => Sniffed::Xml,
        (_, Some("json")) => Sniffed::Json,
        (_, Some("jsonl" | "ndjson")) => Sniffed::JsonLines,
        (_, Some("timeline" | "xml")) => Sniffed::Xml,
        _ => Sniffed::Csv,
    }
}

/// What an XML file that is not a `.timeline` looks like, and what to do.
fn not_a_timeline_xml(name: &str, text: &str) -> LoadError {
    let root = timeline_xml::root_name(text);
    let looks_like = match root.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("html") => "a web page (HTML)".to_string(),
        Some("svg") => "an SVG image".to_string(),
        Some("rss" | "feed") => "a news feed (RSS/Atom)".to_string(),
        Some("kml") => "a Google Earth KML file".to_string(),
        Some("gpx") => "a GPS track (GPX)".to_string(),
        Some(_) if text.contains("urn:schemas-microsoft-com:office:spreadsheet") => {
            "an Excel 2003 XML spreadsheet".to_string()
        }
        Some(other) => format!("XML whose root element is <{}>", error::shorten(other)),
        None if text
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype html") =>
        {
            "a web page (HTML)".to_string()
        }
        None => "XML that cannot be read".to_string(),
    };
    LoadError::whole_file(
        name,
        format!(
            "this is {looks_like}, not a Timeline app .timeline file; expected <timeline> as \
             the root element — export the data as CSV or .xlsx, or save it from the Timeline \
             app"
        ),
    )
}

/// A top-level JSON array: vis-timeline items when its first element looks like one.
fn bare_vis_items<'a>(
    map: &json::TextMap<'a>,
    name: &str,
) -> Result<&'a serde_json::value::RawValue, LoadError> {
    let raw: &serde_json::value::RawValue = serde_json::from_str(map.text)
        .map_err(|e| LoadError::single(map.serde_problem(name, map.text, &e)))?;
    // The text was checked above: only the first item is looked at (serde splits the array
    // when that item is unusual, and says when it is empty).
    let first = json_split::first_element(raw.get()).or_else(|| {
        json::raw_array(raw)
            .ok()
            .and_then(|items| items.first().map(|item| item.get()))
    });
    let at_start = |message: &str| {
        LoadError::single(Problem::error(
            name,
            Location::Text { line: 1, column: 1 },
            message,
        ))
    };
    match first.map(json::RawObject::parse) {
        Some(Ok(obj)) if vis::looks_like_item(&obj) => Ok(raw),
        None => Err(at_start(
            "this is an empty JSON array; expected timeline items such as \
             [{\"content\": \"…\", \"start\": \"2013-08-09\"}]",
        )),
        Some(Ok(obj))
            if ["title", "start_date", "headline"]
                .iter()
                .any(|k| obj.get(k).is_some()) =>
        {
            Err(at_start(
                "this JSON array holds events but no timeline around them; expected an object \
                 with an \"events\" array ({\"events\": [{\"title\": …, \"start\": …}]}, as \
                 Chronoscope and TimelineJS write), or vis-timeline items with \"content\" and \
                 \"start\"",
            ))
        }
        _ => Err(at_start(
            "this is a JSON array whose first element is not a vis-timeline item (with \
             \"content\" and \"start\"); expected vis-timeline items, or an object with \
             \"events\" (Chronoscope, TimelineJS) or \"items\" (vis-timeline)",
        )),
    }
}

/// A JSON object with none of the top-level keys of any timeline format Chronoscope reads: an
/// error naming the keys it has and the shapes expected.
fn unknown_json_shape(name: &str, top: &json::TopLevel) -> Option<LoadError> {
    const TIMELINE_KEYS: [&str; 10] = [
        "chronoscope",
        "events",
        "items",
        "groups",
        "title",
        "description",
        "lanes",
        "eras",
        "story",
        "scale",
    ];
    if top.events.is_some()
        || top
            .entries
            .iter()
            .any(|(k, _)| TIMELINE_KEYS.contains(&&**k))
    {
        return None;
    }
    let keys: Vec<String> = top
        .entries
        .iter()
        .take(6)
        .map(|(k, _)| format!("\"{}\"", error::shorten(k)))
        .collect();
    let has = match keys.len() {
        0 => "no keys".to_string(),
        _ if top.entries.len() > keys.len() => format!("the keys {}, …", keys.join(", ")),
        _ => format!("the keys {}", keys.join(", ")),
    };
    Some(LoadError::single(Problem::error(
        name,
        Location::Text { line: 1, column: 1 },
        format!(
            "this JSON object has {has} and no timeline; expected an \"events\" array \
             (Chronoscope, TimelineJS) or an \"items\" array (vis-timeline)"
        ),
    )))
}

/// Native unless the file shows TimelineJS' shape (a `title` slide object, a `scale`, or a
/// first event with `start_date`) or vis-timeline's (`items` and no `events`).
fn json_flavour(top: &json::TopLevel) -> Format {
    if top.get("chronoscope").is_some() {
        return Format::Native;
    }
    if top.events.is_none() && top.get("items").is_some() {
        return Format::VisTimeline;
    }
    if top.get("scale").is_some() || top.get("title").is_some_and(|t| t.get().starts_with('{')) {
        return Format::TimelineJs;
    }
    let first = top.events.as_ref().and_then(|e| e.first());
    if let Some(obj) = first.and_then(|raw| json::RawObject::parse(raw).ok())
        && obj.get("start_date").is_some()
        && obj.get("start").is_none()
    {
        return Format::TimelineJs;
    }
    Format::Native
}

/// Bytes to text: refuses empty, binary and non-UTF-8 files with a message saying which byte is
/// wrong and where; strips a UTF-8 byte-order mark.
fn decode_text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, LoadError> {
    const EXPECTED: &str =
        "expected a Chronoscope JSON, TimelineJS JSON, CSV, .xlsx or .ods timeline";
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::whole_file(
            file,
            format!("the file is empty; {EXPECTED}"),
        ));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(LoadError::whole_file(
            file,
            "the file is UTF-16 text; expected UTF-8 — save it again as UTF-8 (\"CSV UTF-8\" in \
             Excel)",
        ));
    }
    /// Binary formats people drop by mistake, by their first bytes.
    const MAGIC: [(&[u8], &str); 4] = [
        (b"\x89PNG", "a PNG image"),
        (b"%PDF", "a PDF document"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(LoadError::whole_file(
            file,
            format!("this is {what}, not a timeline; {EXPECTED}"),
        ));
    }
    /// A NUL byte this early means binary data, not text in any 8-bit encoding.
    const BINARY_SNIFF_BYTES: usize = 8192;
    if let Some(at) = bytes.iter().take(BINARY_SNIFF_BYTES).position(|&b| b == 0) {
        return Err(LoadError::whole_file(
            file,
            format!("this is a binary file (a zero byte at offset {at}), not text; {EXPECTED}"),
        ));
    }
    // The fast check says only whether the text is UTF-8; the standard one, run when it is
    // not, says where it stops being so.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // The valid prefix is UTF-8 by definition, so this conversion cannot fail.
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let byte = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
        let message = match e.error_len() {
            Some(_) => format!(
                "byte 0x{byte:02X} is not UTF-8 text; expected UTF-8 — the file may be in \
                 Windows-1252 or Latin-1: save it again as UTF-8 (\"CSV UTF-8\" in Excel)"
            ),
            None => "the file ends in the middle of a UTF-8 character; expected complete UTF-8 \
                     text — is the file truncated?"
                .to_string(),
        };
        LoadError::single(Problem::error(
            file,
            Location::Text { line, column },
            message,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(bytes: &[u8]) -> String {
        match load_bytes("f.txt", bytes, None) {
            Ok(_) => panic!("loaded"),
            Err(e) => e.to_string(),
        }
    }

    /// Events that are not JSON are refused with serde's error over the whole file, whether
    /// the events are parsed on one thread or on several.
    #[test]
    fn an_event_that_is_not_json_is_refused_as_the_whole_file_would_be() {
        let native = |event: &str, copies: usize| {
            let good = r#"{"title": "Good", "start": "1985-02-07", "description": "x"}"#;
            let mut events = vec![good; copies];
            events.insert(copies / 2, event);
            format!(
                "{{\"title\": \"T\", \"events\": [\n{}\n]}}\n",
                events.join(",\n")
            )
        };
        let slides = |event: &str| {
            format!(
                "{{\"title\": {{\"text\": {{\"headline\": \"T\"}}}}, \"events\": [\n\
                 {{\"start_date\": {{\"year\": 1985}}, \"text\": {{\"headline\": \"A\"}}}},\n{event}\n]}}"
            )
        };
        for event in [
            r#"{"title": "A", "start": tru}"#,
            r#"{"title": 5 x, "start": "1985"}"#,
            r#"{"title": "A", "start": "1985"} x"#,
            r#"{"title": "A", "start": "1985", "x": [1}]}"#,
            r#"{"title": "A", "start": "1985", "x": {"y" 1}}"#,
            "{\"title\": \"tab\there\", \"start\": \"1985\"}",
            r#"{"title": "A", "start": "1985", "x": 01}"#,
        ] {
            for text in [native(event, 4), native(event, 40_000), slides(event)] {
                let map = json::TextMap::new(&text);
                let expected = json::TopLevel::parse_in_one_pass(&map, "f.json").map(|_| ());
                assert!(expected.is_err(), "{event} is JSON");
                let loaded = load_bytes("f.json", text.as_bytes(), None).map(|_| ());
                assert_eq!(
                    loaded.map_err(|e| e.problems),
                    expected.map_err(|p| vec![p]),
                    "{event}"
                );
            }
        }
    }

    #[test]
    fn refuses_empty_binary_and_non_utf8() {
        assert_eq!(
            fail(b" \n\r\n"),
            "f.txt: the file is empty; expected a Chronoscope JSON, TimelineJS JSON, CSV, .xlsx or \
             .ods timeline"
        );
        assert_eq!(
            fail(b"\xEF\xBB\xBF"),
            "f.txt: the file is empty; expected a Chronoscope JSON, TimelineJS JSON, CSV, .xlsx or \
             .ods timeline"
        );
        assert!(fail(b"\x89PNG\r\n\x1a\n\0\0").contains("this is a PNG image, not a timeline"));
        assert!(fail(b"abc\0def").contains("a zero byte at offset 3"));
        assert!(fail(b"\xFF\xFEa\0").contains("UTF-16"));
        let e = fail(b"Year,Headline\n1985,Pe\xF1a\n");
        assert!(
            e.starts_with("f.txt:2:8: byte 0xF1 is not UTF-8 text"),
            "{e}"
        );
        let e = fail(
            "Year,Headline\n1985,Pe\u{f1}"
                .as_bytes()
                .split_last()
                .unwrap()
                .1,
        );
        assert!(e.contains("ends in the middle of a UTF-8 character"), "{e}");
    }

    #[test]
    fn a_cancelled_load_stops_with_a_clear_error_and_progress_counts() {
        let t = crate::generate::generate(&crate::generate::GenerateOptions {
            events: 30_000,
            ..Default::default()
        });
        let mut text = Vec::new();
        crate::generate::write_csv(&t, &mut text).unwrap();
        let progress = LoadProgress::new();
        let loaded = load_bytes_with("big.csv", &text, Some("csv"), &progress).unwrap();
        assert_eq!(loaded.timeline.len(), 30_000);
        assert!(progress.events() >= 28_000, "{}", progress.events());
        progress.cancel();
        let e = load_bytes_with("big.csv", &text, Some("csv"), &progress).unwrap_err();
        assert_eq!(
            e.to_string(),
            "big.csv: loading was cancelled; the timeline on screen is unchanged"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, &text).unwrap();
        let fresh = LoadProgress::new();
        load_path_with(&path, &fresh).unwrap();
        assert_eq!(fresh.bytes(), (text.len() as u64, text.len() as u64));
    }

    #[test]
    fn content_decides_and_extension_hints() {
        let native = br#"{"chronoscope": 1, "events": []}"#;
        assert_eq!(
            detect("a.csv", native, Some("csv")).unwrap(),
            Format::Native
        );
        let tjs = br#"{"events": [{"start_date": {"year": 1985}}]}"#;
        assert_eq!(
            detect("a.json", tjs, Some("json")).unwrap(),
            Format::TimelineJs
        );
        let sheet = b"Year,Month,Day,Time,End Year,Headline,Text\n";
        assert_eq!(detect("a", sheet, None).unwrap(), Format::TimelineJsCsv);
        assert_eq!(
            detect("a", b"date,title\n1985,x\n", None).unwrap(),
            Format::PlainCsv
        );
        // A .json file that is not JSON gets a JSON syntax error, not a CSV one.
        let e = detect("a.json", b"date,title", Some("json")).unwrap_err();
        assert!(e.to_string().contains("JSON syntax error"), "{e}");
    }
}
