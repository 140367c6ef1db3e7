//! The open timeline as a document: the timeline itself, where it came from (path, format and
//! the version on disk), its edit history (undo/redo, and whether it differs from the file), what
//! the loader recovered from, and summaries the panels read (tag and lane counts, the overview
//! histogram). How the user looks at it (filters, selection) lives in [`super::view_state`].

use super::search::Searchable;
use crate::io::{DiskVersion, Format};
use crate::model::{DisplayZone, Edit, Tag, Timeline};
use std::path::PathBuf;
use std::sync::Arc;

pub struct Document {
    pub timeline: Arc<Timeline>,
    /// `None` for the built-in sample (and for a document never saved).
    pub path: Option<PathBuf>,
    pub format: Format,
    /// The version of the file this document was loaded from or last saved to.
    pub disk: Option<DiskVersion>,
    /// Why editing is off (`--read-only`, a file that cannot be written), or `None`.
    pub read_only: Option<String>,
    /// Problems the loader recovered from (skipped events etc.), as located messages.
    pub warnings: Vec<String>,
    pub history: History,
    /// All tags with their event counts, sorted by name.
    pub tags: Vec<(String, usize)>,
    /// Indices into `tags`, most used first (ties by name): the legend's order.
    pub tags_by_count: Vec<usize>,
    /// Events per lane (the legend shows them; counted once per version, not per frame).
    pub lane_counts: Vec<usize>,
    /// The overview strip's histogram.
    overview: Vec<u32>,
    /// The timeline with its search index, built on a worker after the load.
    pub searchable: Searchable,
}

/// Undo and redo: each stack holds the edits that take the timeline back (undo) or forward
/// (redo) one step. Unbounded until the document is closed.
#[derive(Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// The undo depth at which the timeline equals the file; `None` once no depth does (an
    /// edit made after undoing past the save).
    saved_depth: Option<usize>,
    /// Edits made since the file was loaded or saved, counting undos (for the recovery offer).
    changes: usize,
}

impl History {
    fn new() -> Self {
        History {
            saved_depth: Some(0),
            ..Default::default()
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
    pub fn changes(&self) -> usize {
        self.changes
    }
}

impl Document {
    pub fn new(
        timeline: Timeline,
        path: Option<PathBuf>,
        format: Format,
        warnings: Vec<String>,
    ) -> Self {
        let timeline = Arc::new(timeline);
        let mut doc = Document {
            searchable: Searchable::index_in_background(timeline.clone()),
            timeline,
            path,
            format,
            disk: None,
            read_only: None,
            warnings,
            history: History::new(),
            tags: Vec::new(),
            tags_by_count: Vec::new(),
            lane_counts: Vec::new(),
            overview: Vec::new(),
        };
        doc.refresh_summaries();
        doc
    }

    fn refresh_summaries(&mut self) {
        let timeline = &self.timeline;
        // Tags are shared: count by allocation (no string work per event), then by name.
        let mut by_tag = std::collections::HashMap::<Tag, usize>::new();
        for e in timeline.events() {
            for t in e.tags() {
                match by_tag.get_mut(t) {
                    Some(n) => *n += 1,
                    None => {
                        by_tag.insert(t.clone(), 1);
                    }
                }
            }
        }
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for (t, n) in by_tag {
            *counts.entry(t.to_string()).or_default() += n;
        }
        let mut lane_counts = vec![0usize; timeline.lanes().len()];
        for &lane in timeline.lane_of() {
            if let Some(c) = lane_counts.get_mut(lane as usize) {
                *c += 1;
            }
        }
        self.tags = counts.into_iter().collect();
        let mut by_count: Vec<usize> = (0..self.tags.len()).collect();
        // A stable sort over the names' order keeps ties alphabetical.
        by_count.sort_by(|&a, &b| self.tags[b].1.cmp(&self.tags[a].1));
        self.tags_by_count = by_count;
        self.lane_counts = lane_counts;
        let whole = crate::view::fit_view(timeline);
        self.overview = super::overview::overview_histogram(
            timeline.start_secs(),
            whole.start_secs,
            whole.end_secs(),
        );
    }

    /// The name shown in the title bar: the file name, or "built-in sample".
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            None => "built-in sample".to_owned(),
        }
    }

    /// Unsaved changes: the timeline differs from the file (undoing back to it makes it clean).
    pub fn is_dirty(&self) -> bool {
        self.history.saved_depth != Some(self.history.undo.len())
    }

    /// Applies an edit as one undo step; returns the event keys it touched.
    pub fn edit(&mut self, edit: Edit) -> Vec<u32> {
        if edit.is_empty() {
            return Vec::new();
        }
        let touched = edit.touched_keys();
        let inverse = self.change(edit);
        let h = &mut self.history;
        if h.saved_depth.is_some_and(|d| d > h.undo.len()) {
            // The saved version was only reachable by redo, which this edit ends.
            h.saved_depth = None;
        }
        h.undo.push(inverse);
        h.redo.clear();
        h.changes += 1;
        touched
    }

    /// Applies `edit` to the timeline and returns its inverse; the summaries and the search
    /// index follow. The search's handle on the timeline is let go first, so the edit changes
    /// the timeline in place rather than copying it (a worker still reading the old version
    /// keeps its own copy: correct, only slower).
    fn change(&mut self, edit: Edit) -> Edit {
        self.searchable = Searchable::none();
        let inverse = edit.apply(Arc::make_mut(&mut self.timeline));
        self.refresh_summaries();
        self.searchable = Searchable::index_in_background(self.timeline.clone());
        inverse
    }

    /// Places the timeline's naive dates in `zone` (see [`crate::model::zone`]); not an edit:
    /// nothing to undo, and the file is not changed. The summaries and the search index follow.
    /// Returns whether the events' order changed (their indices with it).
    pub fn set_display_zone(&mut self, zone: DisplayZone) -> bool {
        if *self.timeline.display_zone() == zone {
            return false;
        }
        self.searchable = Searchable::none();
        let reordered = Arc::make_mut(&mut self.timeline).set_display_zone(zone);
        self.refresh_summaries();
        self.searchable = Searchable::index_in_background(self.timeline.clone());
        reordered
    }

    /// Undoes the last edit; returns the keys of the events it put back or changed.
    pub fn undo(&mut self) -> Option<Vec<u32>> {
        let inverse = self.history.undo.pop()?;
        let touched = inverse.touched_keys();
        let forward = self.change(inverse);
        self.history.redo.push(forward);
        self.history.changes += 1;
        Some(touched)
    }

    /// Redoes the last undone edit; returns the keys it touched.
    pub fn redo(&mut self) -> Option<Vec<u32>> {
        let forward = self.history.redo.pop()?;
        let touched = forward.touched_keys();
        let inverse = self.change(forward);
        self.history.undo.push(inverse);
        self.history.changes += 1;
        Some(touched)
    }

    /// Records that the timeline now equals the file at `path` (stamp `disk`), in the native
    /// format.
    pub fn mark_saved(&mut self, path: PathBuf, disk: Option<DiskVersion>) {
        self.path = Some(path);
        self.format = Format::Native;
        self.disk = disk;
        self.history.saved_depth = Some(self.history.undo.len());
        self.history.changes = 0;
    }

    /// Marks the document as differing from its file with no way back by undo (a restored
    /// recovery copy).
    pub fn mark_unsaved(&mut self, changes: usize) {
        self.history.saved_depth = None;
        self.history.changes = changes;
    }

    /// Events per bin over the whole timeline's fitted view, for the overview strip.
    pub fn overview(&self) -> &[u32] {
        &self.overview
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, TimelineMeta};

    #[test]
    fn dirty_follows_undo_back_to_the_saved_version() {
        let t = Timeline::new(
            TimelineMeta::default(),
            vec![Event::new("a", "A", Date::parse_iso("2000").unwrap())],
        );
        let mut doc = Document::new(t, None, Format::Native, Vec::new());
        assert!(!doc.is_dirty());
        let key = doc.timeline.next_key();
        let add = |id: &str| Edit::Events {
            remove: vec![],
            add: vec![(key, Event::new(id, id, Date::parse_iso("2001").unwrap()))],
        };
        assert_eq!(doc.edit(add("b")), [key]);
        assert!(doc.is_dirty());
        doc.undo();
        assert!(!doc.is_dirty(), "back to the file's version");
        doc.redo();
        doc.mark_saved(PathBuf::from("x.json"), None);
        assert!(!doc.is_dirty());
        doc.undo();
        assert!(doc.is_dirty());
        doc.edit(add("c"));
        doc.undo();
        assert!(
            doc.is_dirty(),
            "the saved version is gone from the redo stack"
        );
        assert_eq!(doc.timeline.len(), 1);
    }
}
