//! What persists between runs (eframe storage): theme, recent files and the last view per file.
//! Per-frame state lives in `App`, never here.

use crate::theme::ThemeChoice;
use crate::view::TimeView;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Key under which the settings are stored.
pub const STORAGE_KEY: &str = "chronoscope.settings";
/// Recent files kept in the menu.
pub const MAX_RECENT: usize = 10;

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    pub recent: Vec<PathBuf>,
    /// Last view per file (by absolute path); the sample is keyed "sample".
    pub views: BTreeMap<String, TimeView>,
}

impl Settings {
    pub fn add_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    pub fn view_key(path: Option<&Path>) -> String {
        match path {
            Some(p) => std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.to_path_buf())
                .display()
                .to_string(),
            None => "sample".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut s = Settings::default();
        for k in 0..15 {
            s.add_recent(Path::new(&format!("/nonexistent/f{k}.json")));
        }
        s.add_recent(Path::new("/nonexistent/f3.json"));
        assert_eq!(s.recent.len(), MAX_RECENT);
        assert_eq!(s.recent[0], PathBuf::from("/nonexistent/f3.json"));
        assert_eq!(
            s.recent.iter().filter(|p| p.ends_with("f3.json")).count(),
            1
        );
    }
}
