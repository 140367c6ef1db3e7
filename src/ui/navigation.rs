//! Where the timeline canvas' arrow keys take the selection, among the events shown: the nearest
//! event in time in the lane above or below, and the first and last event. Pure functions over
//! the timeline's columns; stepping forward and back in time lives with the view state.

use crate::model::Timeline;

/// The event in the nearest shown lane above (`delta < 0`) or below (`delta > 0`) the lane of
/// `from`, closest in time to it. With nothing selected, `from_secs` is the reference instant
/// and the search starts from the top (down) or bottom (up) lane.
///
/// ```text
///  lane 0   ●─────────●───●        ↑ from ● picks the event of lane 0 nearest in time
///  lane 1        ● from
///  lane 2   (hidden)                ↓ skips lanes with nothing shown
///  lane 3      ●            ●
/// ```
pub fn step_lane(
    timeline: &Timeline,
    shown: impl Fn(usize) -> bool,
    from: Option<usize>,
    from_secs: f64,
    delta: i32,
) -> Option<usize> {
    let lanes = timeline.lanes().len().max(1);
    let lane_of = timeline.lane_of();
    let starts = timeline.start_secs();
    let (mut lane, at) = match from.and_then(|i| Some((*lane_of.get(i)? as i64, starts[i]))) {
        Some((lane, at)) => (lane, at),
        // Nothing selected: start just outside the first (down) or last (up) lane.
        None if delta > 0 => (-1, from_secs),
        None => (lanes as i64, from_secs),
    };
    let step = if delta > 0 { 1 } else { -1 };
    loop {
        lane += step;
        if lane < 0 || lane >= lanes as i64 {
            return None;
        }
        if let Some(i) = nearest_in_lane(timeline, &shown, lane as u32, at) {
            return Some(i);
        }
    }
}

/// The shown event of `lane` whose start is nearest to `at` (earlier one on a tie).
fn nearest_in_lane(
    timeline: &Timeline,
    shown: &impl Fn(usize) -> bool,
    lane: u32,
    at: f64,
) -> Option<usize> {
    let starts = timeline.start_secs();
    let lane_of = timeline.lane_of();
    let in_lane = |i: usize| lane_of[i] == lane && shown(i);
    // Events are sorted by start: look both ways from `at`.
    let split = starts.partition_point(|&s| s < at);
    let after = (split..starts.len()).find(|&i| in_lane(i));
    let before = (0..split).rev().find(|&i| in_lane(i));
    match (before, after) {
        (Some(b), Some(a)) => Some(if at - starts[b] <= starts[a] - at {
            b
        } else {
            a
        }),
        (b, a) => b.or(a),
    }
}

/// The first shown event in time.
pub fn first_shown(timeline: &Timeline, shown: impl Fn(usize) -> bool) -> Option<usize> {
    (0..timeline.len()).find(|&i| shown(i))
}

/// The last shown event in time.
pub fn last_shown(timeline: &Timeline, shown: impl Fn(usize) -> bool) -> Option<usize> {
    (0..timeline.len()).rev().find(|&i| shown(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, Lane, TimelineMeta};

    /// Lanes a, b, c, d; events by (id, lane, year).
    fn timeline() -> Timeline {
        let lane = |id: &str| Lane {
            id: id.into(),
            label: id.into(),
            ..Default::default()
        };
        let meta = TimelineMeta {
            lanes: vec![lane("a"), lane("b"), lane("c"), lane("d")],
            ..Default::default()
        };
        let ev = |id: &str, lane: usize, year: &str| {
            let mut e = Event::new(id, id, Date::parse_iso(year).unwrap());
            e.set_lane(lane);
            e
        };
        Timeline::new(
            meta,
            vec![
                ev("a1990", 0, "1990"),
                ev("a2010", 0, "2010"),
                ev("b2000", 1, "2000"),
                ev("d1995", 3, "1995"),
                ev("d2020", 3, "2020"),
            ],
        )
    }

    fn id(t: &Timeline, i: Option<usize>) -> Option<&str> {
        i.map(|i| t.events()[i].id())
    }

    #[test]
    fn up_and_down_pick_the_nearest_event_in_the_next_lane_with_one() {
        let t = timeline();
        let all = |_: usize| true;
        let b2000 = t.index_of("b2000");
        assert_eq!(id(&t, step_lane(&t, all, b2000, 0.0, -1)), Some("a1990"));
        // Lane c is empty: down from b goes to d, nearest to 2000 is 1995.
        assert_eq!(id(&t, step_lane(&t, all, b2000, 0.0, 1)), Some("d1995"));
        let a2010 = t.index_of("a2010");
        assert_eq!(step_lane(&t, all, a2010, 0.0, -1), None, "no lane above");
        // Hiding lane b: down from a2010 skips to d, nearest to 2010 is 2020 (10 y vs 15 y).
        let no_b = |i: usize| t.lane_of()[i] != 1;
        assert_eq!(id(&t, step_lane(&t, no_b, a2010, 0.0, 1)), Some("d2020"));
        // Nothing selected: down starts at the top lane, up at the bottom one.
        let at = Date::parse_iso("2005").unwrap().start_secs();
        assert_eq!(id(&t, step_lane(&t, all, None, at, 1)), Some("a2010"));
        assert_eq!(id(&t, step_lane(&t, all, None, at, -1)), Some("d1995"));
    }

    #[test]
    fn first_and_last_skip_hidden_events() {
        let t = timeline();
        assert_eq!(id(&t, first_shown(&t, |_| true)), Some("a1990"));
        assert_eq!(id(&t, last_shown(&t, |_| true)), Some("d2020"));
        let not_a = |i: usize| t.lane_of()[i] != 0;
        assert_eq!(id(&t, first_shown(&t, not_a)), Some("d1995"));
        assert_eq!(first_shown(&t, |_| false), None);
    }
}
