//! Writing a timeline as plain CSV, the spreadsheet form the plain-CSV importer reads back to
//! the same events: id, title, start, end (ISO 8601 exactly as the model holds them, with
//! fraction and offset), circa, lane (by label), tags, description, source URLs (with the
//! publisher and title they share), colour, display date, then one column per extra field.
//! What CSV has no place for — eras, lane colours and order, per-source dates, a second
//! source's own title — is counted in [`CsvLosses`] so that `convert` can say so.

use super::SaveError;
use super::csv_util::normalize;
use crate::model::{Event, Timeline};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Our own columns, in the order written. Their names are the plain-CSV importer's first
/// synonym for each role, so they are found before any extra column of a similar name.
const COLUMNS: [&str; 13] = [
    "id",
    "title",
    "start",
    "end",
    "circa",
    "lane",
    "tags",
    "description",
    "url",
    "publisher",
    "source title",
    "color",
    "display date",
];

/// Extra-field names the importer would read as one of its own roles if written as they are
/// (we write no `time` column, so an extra `time` would be joined to the start).
const RESERVED_EXTRA: [&str; 3] = ["time", "starttime", "endtime"];

/// What a CSV file cannot hold, counted while writing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvLosses {
    pub eras: usize,
    /// Lanes whose colour, order, hidden state or extra fields are not written.
    pub lane_details: usize,
    /// Sources whose own title/publisher differs from the row's, or that carry dates.
    pub source_details: usize,
    /// Extra fields renamed because their name is one of the importer's columns.
    pub renamed_fields: Vec<String>,
}

impl CsvLosses {
    pub fn is_empty(&self) -> bool {
        *self == CsvLosses::default()
    }

    /// "2 eras, the colours of 3 lanes" — for a warning.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.eras > 0 {
            parts.push(format!("{} era(s)", self.eras));
        }
        if self.lane_details > 0 {
            parts.push(format!(
                "the colour/order/visibility of {} lane(s)",
                self.lane_details
            ));
        }
        if self.source_details > 0 {
            parts.push(format!(
                "the dates or own titles of {} source(s)",
                self.source_details
            ));
        }
        if !self.renamed_fields.is_empty() {
            parts.push(format!(
                "field name(s) {} (written with an \"x-\" prefix)",
                self.renamed_fields.join(", ")
            ));
        }
        parts.join(", ")
    }
}

/// Writes the timeline as CSV to `out`; returns what CSV could not hold.
pub fn write_csv(timeline: &Timeline, out: &mut dyn Write) -> std::io::Result<CsvLosses> {
    let mut losses = CsvLosses {
        eras: timeline.eras().len(),
        lane_details: timeline
            .lanes()
            .iter()
            .filter(|l| l.color.is_some() || l.order.is_some() || l.hidden || !l.extra.is_empty())
            .count(),
        ..Default::default()
    };
    let mut extra_keys: Vec<String> = Vec::new();
    for e in timeline.events() {
        for key in e.extra().keys() {
            if !extra_keys.iter().any(|k| k == key) {
                extra_keys.push(key.to_string());
            }
        }
    }
    let extra_names: Vec<String> = extra_keys
        .iter()
        .map(|k| {
            let normalized = normalize(k);
            let own = COLUMNS.iter().any(|c| normalize(c) == normalized);
            if own || RESERVED_EXTRA.contains(&normalized.as_str()) {
                losses.renamed_fields.push(k.clone());
                format!("x-{k}")
            } else {
                k.clone()
            }
        })
        .collect();
    let mut writer = csv::Writer::from_writer(out);
    let header = COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(extra_names.iter().cloned());
    writer.write_record(header)?;
    let mut record: Vec<String> = Vec::with_capacity(COLUMNS.len() + extra_keys.len());
    for e in timeline.events() {
        record.clear();
        row(timeline, e, &mut record, &mut losses);
        for key in &extra_keys {
            record.push(match e.extra().get(key) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            });
        }
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(losses)
}

/// The event's own columns, in [`COLUMNS`] order.
fn row(timeline: &Timeline, e: &Event, record: &mut Vec<String>, losses: &mut CsvLosses) {
    let lane = timeline
        .lanes()
        .get(e.lane())
        .filter(|l| l.id != crate::model::timeline::DEFAULT_LANE_ID)
        .map_or(String::new(), |l| l.label.clone());
    let first = e.sources().first();
    let publisher = first
        .and_then(|s| s.publisher())
        .unwrap_or_default()
        .to_string();
    let source_title = first
        .and_then(|s| s.title())
        .unwrap_or_default()
        .to_string();
    for s in e.sources() {
        let differs = s.publisher().unwrap_or_default() != publisher
            || s.title().unwrap_or_default() != source_title;
        if differs || s.published().is_some() || s.accessed().is_some() || !s.extra().is_empty() {
            losses.source_details += 1;
        }
    }
    let urls: Vec<&str> = e.sources().iter().map(|s| s.url()).collect();
    let tags: Vec<&str> = e.tags().iter().map(|t| t.as_str()).collect();
    record.extend([
        e.id().to_string(),
        e.title().to_string(),
        e.start.to_iso(),
        e.end.map(|d| d.to_iso()).unwrap_or_default(),
        if e.circa { "true" } else { "" }.to_string(),
        lane,
        tags.join("; "),
        e.description().to_string(),
        urls.join(" "),
        publisher,
        source_title,
        e.color().unwrap_or_default().to_string(),
        e.display_date().unwrap_or_default().to_string(),
    ]);
}

/// Saves the timeline as CSV atomically; returns what CSV could not hold.
pub fn save_csv(timeline: &Timeline, path: &Path) -> Result<CsvLosses, SaveError> {
    let mut losses = CsvLosses::default();
    super::atomic::write_atomically(path, |w| {
        losses = write_csv(timeline, w)?;
        Ok(())
    })?;
    Ok(losses)
}
