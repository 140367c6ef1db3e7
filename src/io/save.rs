//! Saving a timeline the user edited: back over the Chronoscope JSON file it came from
//! (losslessly, see [`super::resave`]) or to a new file in the native format (events in their
//! file order). Always atomic (see [`super::atomic`]). Refuses to write over a file that changed
//! on disk since it was loaded or last saved, so nobody's work is overwritten unseen.

use super::error::SaveError;
use super::resave::{ResaveError, resave_native};
use super::{Format, load_bytes, to_native_string, write_atomically};
use crate::model::Timeline;
use std::path::Path;
use std::time::SystemTime;

/// What identifies one version of a file on disk: its size and modification time. A save
/// replaces the file (a rename), so even a save of the same size gets a new stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
}

impl FileStamp {
    /// The stamp of the file at `path` now, or `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// Why a save did not happen. The file on disk is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveProblem {
    #[error("{} changed on disk since it was opened; save your version under another name, or reload theirs", .0.display())]
    ChangedOnDisk(std::path::PathBuf),
    #[error("{}: cannot save over the file losslessly: {source}", .path.display())]
    Unmergeable {
        path: std::path::PathBuf,
        #[source]
        source: ResaveError,
    },
    #[error("{}: the file on disk no longer loads ({message}); save your version under another name", .path.display())]
    Unreadable {
        path: std::path::PathBuf,
        message: String,
    },
    #[error(transparent)]
    Write(#[from] SaveError),
}

/// One version of a file on disk and how its events match the timeline's: `keys[p]` is the key
/// of the event at position `p` in the file (`None`: the positions are the keys, as right after
/// loading).
#[derive(Clone, Debug, PartialEq)]
pub struct DiskVersion {
    pub stamp: FileStamp,
    pub keys: Option<Vec<u32>>,
}

impl DiskVersion {
    /// A file as just loaded.
    pub fn loaded(stamp: FileStamp) -> Self {
        DiskVersion { stamp, keys: None }
    }
}

/// Where a save goes.
#[derive(Clone, Copy, Debug)]
pub enum SaveTarget<'a> {
    /// Back over the Chronoscope JSON file the timeline was loaded from, which must still be
    /// this version.
    InPlace(&'a DiskVersion),
    /// A new native file (or one the user chose to replace): written whole, in file order.
    Fresh,
}

/// Saves `timeline` to `path`; returns the version written.
pub fn save_timeline(
    timeline: &Timeline,
    path: &Path,
    target: SaveTarget<'_>,
) -> Result<DiskVersion, SaveProblem> {
    let text = match target {
        SaveTarget::Fresh => to_native_string(timeline),
        SaveTarget::InPlace(version) => {
            if FileStamp::of(path) != Some(version.stamp) {
                return Err(SaveProblem::ChangedOnDisk(path.to_path_buf()));
            }
            merged_text(timeline, path, version.keys.as_deref())?
        }
    };
    write_atomically(path, |w| w.write_all(text.as_bytes()))?;
    let stamp = FileStamp::of(path).ok_or_else(|| {
        SaveProblem::Write(SaveError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("the saved file cannot be found"),
        })
    })?;
    // The file now holds the events in key order, one per key.
    let keys: Vec<u32> = timeline
        .indices_in_file_order()
        .into_iter()
        .map(|i| timeline.file_order()[i])
        .collect();
    let identity = keys.iter().enumerate().all(|(p, &k)| p as u32 == k);
    Ok(DiskVersion {
        stamp,
        keys: (!identity).then_some(keys),
    })
}

/// The file's text with `timeline`'s changes merged in.
fn merged_text(
    timeline: &Timeline,
    path: &Path,
    disk_keys: Option<&[u32]>,
) -> Result<String, SaveProblem> {
    let unreadable = |message: String| SaveProblem::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    let name = path.display().to_string();
    let original =
        load_bytes(&name, &bytes, Some("json")).map_err(|e| unreadable(e.to_string()))?;
    if original.format != Format::Native {
        return Err(unreadable(format!(
            "it is now {}, not Chronoscope JSON",
            original.format.name()
        )));
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| unreadable(e.to_string()))?;
    resave_native(text, &original.timeline, timeline, disk_keys).map_err(|source| {
        SaveProblem::Unmergeable {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::load_path;
    use crate::model::{Date, Event};

    #[test]
    fn saves_in_place_losslessly_and_refuses_a_file_changed_underneath() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("case.json");
        let text = "{\"chronoscope\": 1, \"x-keep\": [1.0, 2e3],\n \"events\": [{\"id\": \"a\", \"title\": \"A\", \"start\": \"2000-01-01T00:00:00Z\"}]}\n";
        std::fs::write(&path, text).unwrap();
        let version = DiskVersion::loaded(FileStamp::of(&path).unwrap());
        let loaded = load_path(&path).unwrap().timeline;
        let version = save_timeline(&loaded, &path, SaveTarget::InPlace(&version)).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "unchanged: byte for byte"
        );

        let mut edited = loaded.clone();
        let next = edited.next_key();
        edited.replace_events(
            &[],
            vec![(next, Event::new("b", "B", Date::parse_iso("2001").unwrap()))],
        );
        let version = save_timeline(&edited, &path, SaveTarget::InPlace(&version)).unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(
            saved.starts_with("{\"chronoscope\": 1, \"x-keep\": [1.0, 2e3],"),
            "{saved}"
        );
        assert_eq!(load_path(&path).unwrap().timeline.len(), 2);

        // Someone else writes the file: the next save does not overwrite it.
        std::fs::write(&path, "{\"events\": []}").unwrap();
        let err = save_timeline(&loaded, &path, SaveTarget::InPlace(&version)).unwrap_err();
        assert!(matches!(err, SaveProblem::ChangedOnDisk(_)), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"events\": []}");
    }
}
