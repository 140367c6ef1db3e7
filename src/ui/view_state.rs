//! How the user is looking at the open timeline, apart from the timeline itself: the time window
//! (and its animation), the selection, the lane and tag filters and the search. Nothing here is
//! saved in the file; the document ([`super::document::Document`]) owns what is.

use super::search::{Search, Searchable};
use crate::model::Timeline;
use crate::view::{TimeView, ViewAnimation};
use std::collections::BTreeSet;

/// Duration of view transitions (fit, zoom to event, keyboard steps), in seconds.
pub const ANIMATION_SECS: f64 = 0.35;

pub struct ViewState {
    /// The time window on screen now (mid-animation: where the animation is).
    pub time: TimeView,
    pub animation: Option<ViewAnimation>,
    /// The selected event (its index in the timeline): the one the details panel shows.
    pub selected: Option<usize>,
    /// More selected events (Ctrl+click, rubber band) that delete, move and duplicate act on too.
    pub also: Vec<usize>,
    pub filters: Filters,
    pub search: Search,
}

impl ViewState {
    pub fn new(time: TimeView, timeline: &Timeline) -> Self {
        ViewState {
            time,
            animation: None,
            selected: None,
            also: Vec::new(),
            filters: Filters::for_timeline(timeline),
            search: Search::default(),
        }
    }

    /// Every selected event, the details panel's first.
    pub fn selection(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self.selected.into_iter().collect();
        all.extend(
            self.also
                .iter()
                .copied()
                .filter(|&i| Some(i) != self.selected),
        );
        all
    }

    /// Selects one event (or none).
    pub fn select(&mut self, index: Option<usize>) {
        self.selected = index;
        self.also.clear();
    }

    pub fn is_selected(&self, index: usize) -> bool {
        self.selected == Some(index) || self.also.contains(&index)
    }

    /// Where the view is going (the animation's end) or is.
    pub fn target(&self) -> TimeView {
        self.animation.map_or(self.time, |a| a.to)
    }

    /// Eases from the current view to `to`, starting at `now` (UI clock seconds).
    pub fn animate_to(&mut self, to: TimeView, now: f64) {
        self.animate_over(to, now, ANIMATION_SECS);
    }

    pub fn animate_over(&mut self, to: TimeView, now: f64, duration: f64) {
        self.animation = Some(ViewAnimation {
            from: self.time,
            to,
            start_time: now,
            duration,
        });
    }

    /// Jumps to a view, ending any animation.
    pub fn jump_to(&mut self, to: TimeView) {
        self.animation = None;
        self.time = to;
    }

    /// Advances the animation to `now`; true while it still runs.
    pub fn tick(&mut self, now: f64) -> bool {
        let Some(anim) = self.animation else {
            return false;
        };
        let (view, done) = anim.sample(now);
        self.time = view;
        if done {
            self.animation = None;
        }
        !done
    }

    /// Whether an event is shown (its lane and none of its tags hidden).
    pub fn is_shown(&self, timeline: &Timeline, index: usize) -> bool {
        self.filters.is_shown(timeline, index)
    }

    /// Starts the search again (after the filters or the timeline changed).
    pub fn refresh_search(&mut self, source: &Searchable, notify: impl Fn() + Send + 'static) {
        if self.search.is_active() {
            let q = self.search.query.clone();
            self.search.set_query(source, &q, notify);
        }
    }

    pub fn set_search(
        &mut self,
        source: &Searchable,
        query: &str,
        notify: impl Fn() + Send + 'static,
    ) {
        self.search.set_query(source, query, notify);
    }

    /// Takes the search results that arrived since the last frame.
    pub fn poll_search(&mut self, timeline: &Timeline) -> bool {
        let filters = &self.filters;
        self.search.poll(|i| filters.is_shown(timeline, i))
    }

    /// Pans (never zooms) so an event is in view, if it is not already.
    pub fn keep_in_view(&mut self, timeline: &Timeline, index: usize, now: f64) {
        let Some(start) = timeline.start_secs().get(index).copied() else {
            return;
        };
        let v = self.target();
        let margin = v.span_secs * 0.1;
        if start < v.start_secs + margin || start > v.end_secs() - margin * 2.5 {
            self.animate_to(v.centred_on(start), now);
        }
    }

    /// The next/previous shown event in time from the selection (or from the view's left edge).
    pub fn step_selection(&self, timeline: &Timeline, delta: i32) -> Option<usize> {
        let n = timeline.len();
        if n == 0 {
            return None;
        }
        let shown = |i: usize| self.is_shown(timeline, i);
        match self.selected {
            Some(cur) if delta > 0 => (cur + 1..n).find(|&i| shown(i)),
            Some(cur) => (0..cur.min(n)).rev().find(|&i| shown(i)),
            None => {
                // From the view: the first shown event in it, or the last one before it.
                let (from, to) = (self.time.start_secs, self.time.end_secs());
                if delta > 0 {
                    timeline.visible(from, to).find(|&i| shown(i))
                } else {
                    let before = timeline.start_secs().partition_point(|&s| s < from);
                    (0..before).rev().find(|&i| shown(i))
                }
            }
        }
    }
}

/// Hidden lanes (by id) and tags, independent of indices.
pub struct FilterMemo {
    hidden_lane_ids: BTreeSet<String>,
    hidden_tags: BTreeSet<String>,
}

/// Which lanes and tags the user hid, and the per-event mask the tags produce.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub lane_hidden: Vec<bool>,
    pub hidden_tags: BTreeSet<String>,
    /// Per event: hidden by a tag toggle. `None` while no tag is hidden.
    pub event_hidden: Option<Vec<bool>>,
}

impl Filters {
    /// Everything shown but the lanes the file hides by default.
    pub fn for_timeline(timeline: &Timeline) -> Self {
        Filters {
            lane_hidden: timeline.lanes().iter().map(|l| l.hidden).collect(),
            ..Default::default()
        }
    }

    /// The same choices (lanes by id, tags by name) carried over to another version of the
    /// timeline: after a reload or an edit.
    pub fn carried_to(&self, old: &Timeline, new: &Timeline) -> Self {
        Filters::from_memo(new, self.memo(old))
    }

    /// The choices by name, to carry across a change of the timeline.
    pub fn memo(&self, timeline: &Timeline) -> FilterMemo {
        FilterMemo {
            hidden_lane_ids: timeline
                .lanes()
                .iter()
                .zip(&self.lane_hidden)
                .filter(|(_, hidden)| **hidden)
                .map(|(lane, _)| lane.id.clone())
                .collect(),
            hidden_tags: self.hidden_tags.clone(),
        }
    }

    pub fn from_memo(timeline: &Timeline, memo: FilterMemo) -> Self {
        let mut f = Filters {
            lane_hidden: timeline
                .lanes()
                .iter()
                .map(|l| memo.hidden_lane_ids.contains(&l.id))
                .collect(),
            hidden_tags: memo.hidden_tags,
            event_hidden: None,
        };
        f.rebuild_mask(timeline);
        f
    }

    pub fn toggle_lane(&mut self, lane: usize) {
        if let Some(h) = self.lane_hidden.get_mut(lane) {
            *h = !*h;
        }
    }

    pub fn toggle_tag(&mut self, timeline: &Timeline, tag: &str) {
        if !self.hidden_tags.remove(tag) {
            self.hidden_tags.insert(tag.to_owned());
        }
        self.rebuild_mask(timeline);
    }

    pub fn show_all(&mut self) {
        self.lane_hidden.iter_mut().for_each(|h| *h = false);
        self.hidden_tags.clear();
        self.event_hidden = None;
    }

    fn rebuild_mask(&mut self, timeline: &Timeline) {
        self.event_hidden = if self.hidden_tags.is_empty() {
            None
        } else {
            Some(
                timeline
                    .events()
                    .iter()
                    .map(|e| {
                        e.tags()
                            .iter()
                            .any(|t| self.hidden_tags.contains(t.as_str()))
                    })
                    .collect(),
            )
        };
    }

    /// Whether an event is shown (its lane and none of its tags hidden).
    pub fn is_shown(&self, timeline: &Timeline, index: usize) -> bool {
        let lane = timeline.lane_of().get(index).copied().unwrap_or(0) as usize;
        !self.lane_hidden.get(lane).copied().unwrap_or(false)
            && !self
                .event_hidden
                .as_ref()
                .is_some_and(|h| h.get(index).copied().unwrap_or(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, Lane, TimelineMeta};

    fn timeline(lanes: &[&str]) -> Timeline {
        let meta = TimelineMeta {
            lanes: lanes
                .iter()
                .map(|id| Lane {
                    id: (*id).into(),
                    label: (*id).into(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let mut a = Event::new("a", "A", Date::parse_iso("2001").unwrap());
        a.set_tags(crate::model::Tags::new(["x"]));
        let mut b = Event::new("b", "B", Date::parse_iso("2002").unwrap());
        b.set_lane(1);
        Timeline::new(meta, vec![a, b])
    }

    #[test]
    fn filters_hide_by_lane_and_tag_and_follow_lanes_by_id() {
        let t = timeline(&["one", "two"]);
        let mut f = Filters::for_timeline(&t);
        assert!(f.is_shown(&t, 0) && f.is_shown(&t, 1));
        f.toggle_lane(1);
        assert!(!f.is_shown(&t, 1));
        f.toggle_tag(&t, "x");
        assert!(!f.is_shown(&t, 0));
        // The lanes swap places in a new version: "two" stays hidden.
        let swapped = timeline(&["two", "one"]);
        let carried = f.carried_to(&t, &swapped);
        assert_eq!(carried.lane_hidden, [true, false]);
        assert!(carried.hidden_tags.contains("x"));
        f.show_all();
        assert!(f.is_shown(&t, 0) && f.is_shown(&t, 1));
    }
}
