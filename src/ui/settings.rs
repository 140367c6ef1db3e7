//! What persists between runs (eframe storage): theme, display time zone, recent files and the
//! last view per file. Per-frame state lives in `App`, never here.

use crate::model::DisplayZone;
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
    /// The zone the axis and details read times in (View ▸ Time zone, `--tz`), stored by name.
    #[serde(with = "zone_by_name")]
    pub time_zone: DisplayZone,
}

/// A zone is stored as its name ("UTC", "local", "-06:00", "America/Mexico_City"); one that no
/// longer reads (a name a later tz database dropped) falls back to UTC instead of losing every
/// other setting.
mod zone_by_name {
    use crate::model::DisplayZone;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(zone: &DisplayZone, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&zone.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DisplayZone, D::Error> {
        let name = String::deserialize(d)?;
        Ok(DisplayZone::parse(&name).unwrap_or_default())
    }
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
    fn the_time_zone_persists_by_name_and_an_unknown_one_falls_back_to_utc() {
        let settings = Settings {
            time_zone: DisplayZone::parse("America/Mexico_City").unwrap(),
            ..Default::default()
        };
        let text = serde_json::to_string(&settings).unwrap();
        assert!(
            text.contains("\"time_zone\":\"America/Mexico_City\""),
            "{text}"
        );
        let back: Settings = serde_json::from_str(&text).unwrap();
        assert_eq!(back, settings);
        let odd = text.replace("America/Mexico_City", "Mars/Olympus_Mons");
        let back: Settings = serde_json::from_str(&odd).unwrap();
        assert_eq!(back.time_zone, DisplayZone::Utc);
        assert_eq!(back.recent, settings.recent);
        // Settings written before the zone existed still read.
        let old: Settings = serde_json::from_str(r#"{"theme":"Dark"}"#).unwrap();
        assert_eq!(old.time_zone, DisplayZone::Utc);
    }

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
