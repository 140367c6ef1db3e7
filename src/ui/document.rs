//! The open timeline as a document: the timeline itself, where it came from (path and format),
//! what the loader recovered from, and summaries the panels read (tag and lane counts, the
//! overview histogram). How the user looks at it (filters, selection) lives in
//! [`super::view_state`].

use super::search::Searchable;
use crate::io::Format;
use crate::model::{Tag, Timeline};
use std::path::PathBuf;
use std::sync::Arc;

pub struct Document {
    pub timeline: Arc<Timeline>,
    /// `None` for the built-in sample.
    pub path: Option<PathBuf>,
    pub format: Format,
    /// Problems the loader recovered from (skipped events etc.), as located messages.
    pub warnings: Vec<String>,
    /// All tags with their event counts, sorted by name.
    pub tags: Vec<(String, usize)>,
    /// Events per lane (the legend shows them; counted once per version, not per frame).
    pub lane_counts: Vec<usize>,
    /// The overview strip's histogram.
    overview: Vec<u32>,
    /// The timeline with its search index, built on a worker after the load.
    pub searchable: Searchable,
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
            warnings,
            tags: Vec::new(),
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

    /// Events per bin over the whole timeline's fitted view, for the overview strip.
    pub fn overview(&self) -> &[u32] {
        &self.overview
    }
}
