//! Off-screen hints: per lane, how many of its events lie before and after the view ("◀ 3",
//! "12 ▶" at the lane's edges), where those hints sit, and which event a click on one brings
//! into view (the nearest on that side).

use super::{LaneBand, LayoutInput};
use crate::model::Timeline;
use crate::theme::Metrics;
use crate::view::TimeView;
use egui::{Rect, pos2};

/// An off-screen hint sits this far inside the lane's edge.
pub(super) const HINT_INSET: f32 = 6.0;

/// Which edge of the view an off-screen hint sits at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
}

/// "◀ 3" / "12 ▶" at a lane's edge: how many of its events lie outside the view on that side.
/// Clicking one pans to the nearest of them. The arrow is painted (no font has to carry it);
/// `text` is the count.
#[derive(Clone, Debug, PartialEq)]
pub struct OffscreenHint {
    pub lane: usize,
    pub side: Side,
    pub count: usize,
    pub text: String,
    pub rect: Rect,
}

impl OffscreenHint {
    /// Width of the painted arrow, in units of the hint's height.
    pub const ARROW_EMS: f32 = 0.5;
}

/// Per shown lane, how many of its (unfiltered) events ended before the view and how many start
/// after it. One pass over the lane column outside the view: at 1,000,000 events zoomed in this
/// reads 4 MB of lane numbers, well inside the frame budget (see `benches/frame.rs`).
///
/// ```text
///   0 ........ first_starting ..view.. range_end ........ n
///   |  began before the view  |        | start after it  |
///   (minus those still running into it)
/// ```
pub(super) fn offscreen_counts(
    input: &LayoutInput<'_>,
    band_of_lane: &[Option<usize>],
    (first_starting, range_end): (usize, usize),
    visible_count: &[usize],
    starting_count: &[usize],
) -> (Vec<usize>, Vec<usize>) {
    let bands = visible_count.len();
    let lane_of = input.timeline.lane_of();
    let hidden = input.event_hidden;
    let count = |from: usize, to: usize| {
        let mut counts = vec![0usize; bands];
        match hidden {
            Some(hidden) => {
                for (i, &lane) in (from..to).zip(&lane_of[from..to]) {
                    if hidden.get(i).copied().unwrap_or(false) {
                        continue;
                    }
                    if let Some(Some(b)) = band_of_lane.get(lane as usize) {
                        counts[*b] += 1;
                    }
                }
            }
            None => {
                // Nothing hidden: the lane table counts without walking every event off screen.
                let mut per_lane = vec![0u32; band_of_lane.len()];
                input.timeline.count_lanes(from..to, &mut per_lane);
                for (lane, &n) in per_lane.iter().enumerate() {
                    if let Some(Some(b)) = band_of_lane.get(lane) {
                        counts[*b] += n as usize;
                    }
                }
            }
        }
        counts
    };
    let began_before = count(0, first_starting);
    let after = count(range_end, lane_of.len());
    // Of those that began before, the ones still visible are counted in `visible_count`.
    let before = (0..bands)
        .map(|b| began_before[b] - (visible_count[b] - starting_count[b]))
        .collect();
    (before, after)
}

/// The hints at each lane's edges, in its header row (clear of every mark and label), sized to
/// their text: "◀ 3" before the lane's name, "12 ▶" at the right end.
pub(super) fn offscreen_hints(
    lanes: &[LaneBand],
    m: Metrics,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<OffscreenHint> {
    let mut hints = Vec::new();
    for band in lanes {
        let y = band.rect.top() + band.header_height / 2.0;
        let h = hint_height(&m);
        for (side, count) in [(Side::Before, band.before), (Side::After, band.after)] {
            if count == 0 {
                continue;
            }
            let w = hint_width(count, &m, measure);
            let x0 = match side {
                Side::Before => band.rect.left() + HINT_INSET,
                Side::After => band.rect.right() - HINT_INSET - w,
            };
            hints.push(OffscreenHint {
                lane: band.lane,
                side,
                count,
                text: count.to_string(),
                rect: Rect::from_min_size(pos2(x0, y - h / 2.0), egui::vec2(w, h)),
            });
        }
    }
    hints
}

fn hint_height(m: &Metrics) -> f32 {
    (m.lane_header_height - 2.0).max(1.0)
}

/// Width of the off-screen hint showing `count`: the painted arrow, the count and padding.
pub(super) fn hint_width(count: usize, m: &Metrics, measure: &dyn Fn(&str) -> f32) -> f32 {
    measure(&count.to_string()) + hint_height(m) * OffscreenHint::ARROW_EMS + 1.5 * m.label_gap
}

/// The event of `lane` nearest to the view on `side` among those a hint counts (shown, and
/// wholly before the view or starting after it): the one that ended last before the view, or
/// the first to start after it. One walk over the events on that side, on a click only.
pub fn nearest_offscreen(
    timeline: &Timeline,
    lane: usize,
    side: Side,
    view: TimeView,
    event_hidden: Option<&[bool]>,
) -> Option<usize> {
    let (starts, ends, lane_of) = (
        timeline.start_secs(),
        timeline.end_secs(),
        timeline.lane_of(),
    );
    let counted = |i: usize| {
        lane_of.get(i).is_some_and(|&l| l as usize == lane)
            && !event_hidden.is_some_and(|h| h.get(i).copied().unwrap_or(false))
    };
    let (from, to) = (view.start_secs, view.end_secs());
    match side {
        Side::Before => {
            let began = starts.partition_point(|&s| s < from);
            (0..began)
                .filter(|&i| ends[i] < from && counted(i))
                .max_by(|&a, &b| ends[a].total_cmp(&ends[b]))
        }
        Side::After => {
            let first = starts.partition_point(|&s| s <= to);
            (first..starts.len()).find(|&i| counted(i))
        }
    }
}

/// The view a click on a hint moves to: same zoom, centred on the nearest event on that side
/// (on the end of one that ended before the view, the start of one after it).
pub fn view_onto(timeline: &Timeline, event: usize, side: Side, view: TimeView) -> TimeView {
    let at = match side {
        Side::Before => timeline.end_secs().get(event),
        Side::After => timeline.start_secs().get(event),
    };
    at.map_or(view, |&t| view.centred_on(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, Lane, TimelineMeta};

    fn timeline() -> Timeline {
        let meta = TimelineMeta {
            lanes: ["a", "b"]
                .map(|id| Lane {
                    id: id.to_owned(),
                    label: id.to_owned(),
                    ..Default::default()
                })
                .to_vec(),
            ..Default::default()
        };
        let ev = |id: &str, start: &str, end: Option<&str>, lane: usize| {
            let mut e = Event::new(id, id, Date::parse_iso(start).unwrap());
            e.end = end.map(|d| Date::parse_iso(d).unwrap());
            e.set_lane(lane);
            e
        };
        Timeline::new(
            meta,
            vec![
                ev("long", "1990", Some("1999"), 0),
                ev("early", "1995", None, 0),
                ev("other-lane", "1998", None, 1),
                ev("inside", "2001", None, 0),
                ev("next", "2005", None, 0),
                ev("later", "2008", None, 0),
            ],
        )
    }

    #[test]
    fn the_nearest_event_on_each_side_is_the_one_a_click_brings_into_view() {
        let t = timeline();
        let at = |date: &str| Date::parse_iso(date).unwrap().start_secs();
        // (The range known to the year 1999 runs until the last instant of 1999.)
        let view = TimeView::fit(at("2000-03"), at("2003"));
        let id = |i: Option<usize>| i.map(|i| t.events()[i].id().to_owned());
        // Before: the range that ended in 1999 is nearer than the point of 1995.
        let before = nearest_offscreen(&t, 0, Side::Before, view, None);
        assert_eq!(id(before).as_deref(), Some("long"));
        let after = nearest_offscreen(&t, 0, Side::After, view, None);
        assert_eq!(id(after).as_deref(), Some("next"));
        assert_eq!(id(nearest_offscreen(&t, 1, Side::After, view, None)), None);
        // Hidden events are not counted, so not chosen.
        let mut hidden = vec![false; t.len()];
        hidden[before.unwrap()] = true;
        hidden[after.unwrap()] = true;
        let id_hidden = |side| id(nearest_offscreen(&t, 0, side, view, Some(&hidden)));
        assert_eq!(id_hidden(Side::Before).as_deref(), Some("early"));
        assert_eq!(id_hidden(Side::After).as_deref(), Some("later"));
        // The new view keeps the zoom and shows the event.
        let moved = view_onto(&t, after.unwrap(), Side::After, view);
        assert_eq!(moved.span_secs, view.span_secs);
        assert!(moved.contains(t.start_secs()[after.unwrap()]));
        let back = view_onto(&t, before.unwrap(), Side::Before, view);
        assert!(back.contains(t.end_secs()[before.unwrap()]));
    }
}
