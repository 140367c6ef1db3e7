//! The open timeline and what the user did to it that is not saved in the file: which lanes and
//! tags are hidden (and the per-event mask they produce), where it came from, and load warnings.

use crate::io::Format;
use crate::model::Timeline;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Document {
    pub timeline: Arc<Timeline>,
    /// `None` for the built-in sample.
    pub path: Option<PathBuf>,
    pub format: Format,
    /// Problems the loader recovered from (skipped events etc.), as located messages.
    pub warnings: Vec<String>,
    pub lane_hidden: Vec<bool>,
    pub hidden_tags: BTreeSet<String>,
    /// Per event: hidden by a tag toggle. `None` while no tag is hidden.
    pub event_hidden: Option<Vec<bool>>,
    /// All tags with their event counts, sorted by name.
    pub tags: Vec<(String, usize)>,
    /// Events per lane (the legend shows them; counted once, not per frame).
    pub lane_counts: Vec<usize>,
    /// The overview strip's histogram, computed on first use (the timeline never changes).
    overview: std::cell::OnceCell<Vec<u32>>,
}

impl Document {
    pub fn new(
        timeline: Timeline,
        path: Option<PathBuf>,
        format: Format,
        warnings: Vec<String>,
    ) -> Self {
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for e in timeline.events() {
            for t in &e.tags {
                *counts.entry(t.clone()).or_default() += 1;
            }
        }
        let mut lane_counts = vec![0usize; timeline.lanes().len()];
        for &lane in timeline.lane_of() {
            if let Some(c) = lane_counts.get_mut(lane as usize) {
                *c += 1;
            }
        }
        Document {
            lane_counts,
            lane_hidden: vec![false; timeline.lanes().len()],
            timeline: Arc::new(timeline),
            path,
            format,
            warnings,
            hidden_tags: BTreeSet::new(),
            event_hidden: None,
            tags: counts.into_iter().collect(),
            overview: std::cell::OnceCell::new(),
        }
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

    /// Events per bin over the whole timeline's fitted view, for the overview strip.
    pub fn overview(&self) -> &[u32] {
        self.overview.get_or_init(|| {
            let whole = super::app::fit_view(&self.timeline);
            super::overview::overview_histogram(
                self.timeline.start_secs(),
                whole.start_secs,
                whole.end_secs(),
            )
        })
    }

    /// After a reload: hide again the lanes (by id) and tags that were hidden before.
    pub fn restore_filters(&mut self, hidden_lane_ids: &[String], hidden_tags: &BTreeSet<String>) {
        for (lane, hidden) in self
            .timeline
            .lanes()
            .iter()
            .zip(self.lane_hidden.iter_mut())
        {
            *hidden = hidden_lane_ids.contains(&lane.id);
        }
        self.hidden_tags = hidden_tags.clone();
        self.rebuild_mask();
    }

    pub fn toggle_lane(&mut self, lane: usize) {
        if let Some(h) = self.lane_hidden.get_mut(lane) {
            *h = !*h;
        }
    }

    pub fn toggle_tag(&mut self, tag: &str) {
        if !self.hidden_tags.remove(tag) {
            self.hidden_tags.insert(tag.to_owned());
        }
        self.rebuild_mask();
    }

    pub fn show_all(&mut self) {
        self.lane_hidden.iter_mut().for_each(|h| *h = false);
        self.hidden_tags.clear();
        self.rebuild_mask();
    }

    fn rebuild_mask(&mut self) {
        self.event_hidden = if self.hidden_tags.is_empty() {
            None
        } else {
            Some(
                self.timeline
                    .events()
                    .iter()
                    .map(|e| e.tags.iter().any(|t| self.hidden_tags.contains(t)))
                    .collect(),
            )
        };
    }

    /// Whether an event is shown (its lane and none of its tags hidden).
    pub fn is_shown(&self, index: usize) -> bool {
        let lane = self.timeline.lane_of().get(index).copied().unwrap_or(0) as usize;
        !self.lane_hidden.get(lane).copied().unwrap_or(false)
            && !self
                .event_hidden
                .as_ref()
                .is_some_and(|h| h.get(index).copied().unwrap_or(false))
    }
}
