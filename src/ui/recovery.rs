//! Crash recovery: while a document has unsaved changes, a copy of it is written atomically to
//! the app's data folder every [`RECOVERY_INTERVAL_SECS`]; a clean save, a discard or a close
//! removes it. On the next start the copy is offered back with its time and number of changes.
//!
//! The copy is a Chronoscope JSON file with one extra top-level entry,
//! `"x-chronoscope-recovery"`, saying which file it belongs to, when it was written, how many
//! changes it holds, and each event's key in the original file — so a restored document still
//! saves back over its file losslessly.

use super::document::Document;
use crate::io::{self, DiskVersion, FileStamp, Format, SaveError};
use crate::model::Timeline;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often unsaved work is copied: at most this much is lost in a crash.
pub const RECOVERY_INTERVAL_SECS: f64 = 30.0;
/// The top-level entry that marks a recovery copy.
const MARK: &str = "x-chronoscope-recovery";

/// A recovery copy found on disk, ready to offer.
#[derive(Debug)]
pub struct Recovered {
    /// The recovery file itself.
    pub file: PathBuf,
    /// The file the edits belong to (`None`: the sample or an unsaved timeline).
    pub source: Option<PathBuf>,
    pub source_format: Format,
    pub written: SystemTime,
    pub changes: usize,
    /// The version of the source file the edits were made on.
    pub source_version: Option<DiskVersion>,
    pub timeline: Timeline,
}

/// What a recovery copy is made from: a snapshot that can be written on another thread.
pub struct RecoveryCopy {
    pub timeline: Arc<Timeline>,
    pub source: Option<PathBuf>,
    pub format: Format,
    pub changes: usize,
    pub source_version: Option<DiskVersion>,
}

impl RecoveryCopy {
    pub fn of(doc: &Document) -> Self {
        RecoveryCopy {
            timeline: doc.timeline.clone(),
            source: doc.path.clone(),
            format: doc.format,
            changes: doc.history.changes(),
            source_version: doc.disk.clone(),
        }
    }
}

impl Recovered {
    /// "case.json, 3 changes, saved 2 min ago".
    pub fn describe(&self, now: SystemTime) -> String {
        let name = self
            .source
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(
                || "an unsaved timeline".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
        let ago = now
            .duration_since(self.written)
            .unwrap_or(Duration::ZERO)
            .as_secs();
        let when = match ago {
            0..60 => "less than a minute ago".to_owned(),
            60..3600 => format!("{} min ago", ago / 60),
            3600..86_400 => format!("{} h ago", ago / 3600),
            _ => format!("{} days ago", ago / 86_400),
        };
        format!(
            "Unsaved changes to {name} were recovered after Chronoscope closed unexpectedly: {} change{}, copied {when}.",
            self.changes,
            if self.changes == 1 { "" } else { "s" }
        )
    }
}

/// The recovery file for a document: one per source file, so two windows never clobber each
/// other's copy.
pub fn recovery_path(dir: &Path, source: Option<&Path>) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    source.hash(&mut h);
    dir.join(format!("recovery-{:016x}.json", h.finish()))
}

/// Writes a recovery copy atomically.
pub fn write_recovery(dir: &Path, doc: &RecoveryCopy) -> Result<PathBuf, SaveError> {
    let path = recovery_path(dir, doc.source.as_deref());
    std::fs::create_dir_all(dir).map_err(|source| SaveError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let t = &doc.timeline;
    let mut copy = (**t).clone();
    let keys: Vec<u32> = t
        .indices_in_file_order()
        .into_iter()
        .map(|i| t.file_order()[i])
        .collect();
    let written = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let stamp = doc.source_version.as_ref().map(|v| {
        let modified = v
            .stamp
            .modified
            .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
            .map(|d| (d.as_secs(), d.subsec_nanos()));
        json!({"len": v.stamp.len, "modified": modified, "keys": v.keys})
    });
    copy.meta.extra.insert(
        MARK.to_owned(),
        json!({
            "source": doc.source.as_ref().map(|p| p.display().to_string()),
            "format": doc.format.id(),
            "written": written,
            "changes": doc.changes,
            "source_version": stamp,
            "keys": keys,
        }),
    );
    io::write_atomically(&path, |w| io::write_native(&copy, w))?;
    Ok(path)
}

/// Removes a document's recovery copy (after a clean save, a discard or a close).
pub fn remove_recovery(dir: &Path, source: Option<&Path>) {
    let _ = std::fs::remove_file(recovery_path(dir, source));
}

/// The newest readable recovery copy in `dir`, if any. Copies that no longer load are left
/// alone (never deleted unseen).
pub fn find_recovery(dir: &Path) -> Option<Recovered> {
    let mut found: Vec<(SystemTime, PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("recovery-") && n.ends_with(".json"))
        })
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    found.sort();
    found.into_iter().rev().find_map(|(_, p)| read_recovery(&p))
}

fn read_recovery(file: &Path) -> Option<Recovered> {
    let mut loaded = io::load_path(file).ok()?;
    let info = loaded.timeline.meta.extra.remove(MARK)?;
    loaded.timeline.meta.extra.compact();
    let source = info
        .get("source")
        .and_then(Value::as_str)
        .map(PathBuf::from);
    let source_format = match info.get("format").and_then(Value::as_str) {
        Some("timelinejs-json") => Format::TimelineJs,
        Some("timelinejs-csv") => Format::TimelineJsCsv,
        Some("csv") => Format::PlainCsv,
        _ => Format::Native,
    };
    let written = UNIX_EPOCH + Duration::from_secs(info.get("written")?.as_u64()?);
    let changes = info.get("changes").and_then(Value::as_u64).unwrap_or(0) as usize;
    let keys: Vec<u32> = info
        .get("keys")?
        .as_array()?
        .iter()
        .filter_map(|k| k.as_u64().map(|k| k as u32))
        .collect();
    if keys.len() == loaded.timeline.len() {
        loaded.timeline.set_keys(&keys);
    }
    let source_version = info.get("source_version").and_then(|v| {
        let len = v.get("len")?.as_u64()?;
        let modified = v.get("modified").and_then(|m| {
            let secs = m.get(0)?.as_u64()?;
            let nanos = m.get(1)?.as_u64()? as u32;
            Some(UNIX_EPOCH + Duration::new(secs, nanos))
        });
        let keys = v.get("keys").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(|k| k.as_u64().map(|k| k as u32))
                .collect()
        });
        Some(DiskVersion {
            stamp: FileStamp { len, modified },
            keys,
        })
    });
    Some(Recovered {
        file: file.to_path_buf(),
        source,
        source_format,
        written,
        changes,
        source_version,
        timeline: loaded.timeline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Edit, Event, TimelineMeta};

    #[test]
    fn a_copy_round_trips_with_its_keys_and_goes_away_when_removed() {
        let dir = tempfile::tempdir().unwrap();
        let t = Timeline::new(
            TimelineMeta::default(),
            vec![
                Event::new("b", "B", Date::parse_iso("2001").unwrap()),
                Event::new("a", "A", Date::parse_iso("1999").unwrap()),
            ],
        );
        let mut doc = Document::new(
            t,
            Some(dir.path().join("case.json")),
            Format::Native,
            vec![],
        );
        let next = doc.timeline.next_key();
        doc.edit(Edit::Events {
            remove: vec![0],
            add: vec![(next, Event::new("c", "C", Date::parse_iso("2005").unwrap()))],
        });
        let file = write_recovery(dir.path(), &RecoveryCopy::of(&doc)).unwrap();
        let r = find_recovery(dir.path()).expect("found");
        assert_eq!(r.file, file);
        assert_eq!(r.source.as_deref(), doc.path.as_deref());
        assert_eq!(r.changes, 1);
        let text = r.describe(SystemTime::now());
        assert!(
            text.contains("case.json") && text.contains(": 1 change, copied less than a minute"),
            "{text}"
        );
        assert_eq!(r.timeline.events(), doc.timeline.events());
        assert_eq!(r.timeline.file_order(), doc.timeline.file_order());
        assert!(r.timeline.meta.extra.get(MARK).is_none());
        remove_recovery(dir.path(), doc.path.as_deref());
        assert!(find_recovery(dir.path()).is_none());
    }
}
