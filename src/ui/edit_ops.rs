//! The edits behind the editing gestures, as pure functions of the timeline and the selection:
//! a new event, delete, duplicate, nudge by one precision unit, and a drag (move in time and
//! across lanes, or a range's end resized) snapped to each date's precision. Each returns one
//! [`Edit`] — one undo step — or `None` when there is nothing to do.

use super::event_editor::precision_for_span;
use crate::model::{Date, Edit, Event, Precision, StoryStep, Timeline};

/// A date moved by `secs`, snapped to the nearest unit of its own precision. The move is made
/// on the date's own clock, so a date with an offset keeps it as written ("09:30-05:00" moved a
/// minute is "09:31-05:00") and a naive one stays naive.
pub fn shifted(d: &Date, secs: f64) -> Date {
    // `Date::from_secs` rounds fractions of a second itself and cuts coarser units.
    let half = match d.precision() {
        Precision::Fraction(_) => 0.0,
        _ => d.precision_span_secs() / 2.0,
    };
    written_at(d, written_secs(d) + secs + half)
}

/// A date one unit of its precision later (`dir` > 0) or earlier, on its own clock.
pub fn stepped(d: &Date, dir: i32) -> Date {
    let t = match (dir > 0, d.precision()) {
        (true, _) | (false, Precision::Fraction(_)) => {
            written_secs(d) + dir.signum() as f64 * d.precision_span_secs()
        }
        // Any instant of the unit before lands in it (months and years differ in length).
        (false, _) => written_secs(d) - 1.0,
    };
    written_at(d, t)
}

/// The time `d` reads on its own clock (its offset's, or as written when naive), in seconds of
/// the UTC-like calendar naive dates use.
fn written_secs(d: &Date) -> f64 {
    d.without_offset().start_secs()
}

/// The date at `precision` of `d` that its clock reads at `secs` (see [`written_secs`]), with
/// `d`'s offset as written; `d` itself if that leaves the calendar.
fn written_at(d: &Date, secs: f64) -> Date {
    let Some(moved) = Date::from_secs(secs, d.precision()) else {
        return *d;
    };
    match d.offset() {
        Some(offset) => moved.with_utc_offset(offset).unwrap_or(*d),
        None => moved,
    }
}

/// An id not used by any event: `base`, else `base-2`, `base-3`…
pub fn unique_id(t: &Timeline, base: &str) -> String {
    let taken: std::collections::HashSet<&str> = t.events().iter().map(|e| e.id()).collect();
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains(id.as_str()))
        .unwrap_or_else(|| base.to_owned())
}

/// A new event "New event" at `secs` in `lane`, its date (naive) at the precision a view of
/// `span_secs` suggests, as the display zone's clock reads `secs`. Returns the edit and the new
/// event's key.
pub fn new_event(t: &Timeline, secs: f64, lane: usize, span_secs: f64) -> Option<(Edit, u32)> {
    let date = Date::from_secs_in(secs, precision_for_span(span_secs), t.display_zone())?;
    let key = t.next_key();
    let mut e = Event::new(
        unique_id(t, &format!("event-{}", key + 1)),
        "New event",
        date,
    );
    e.set_lane(lane.min(t.lanes().len().saturating_sub(1)));
    Some((
        Edit::Events {
            remove: vec![],
            add: vec![(key, e)],
        },
        key,
    ))
}

pub fn delete(t: &Timeline, selection: &[usize]) -> Option<Edit> {
    let keys: Vec<u32> = selection
        .iter()
        .filter_map(|&i| t.file_order().get(i).copied())
        .collect();
    if keys.is_empty() {
        return None;
    }
    let removal = Edit::Events {
        remove: keys,
        add: vec![],
    };
    // A deleted event leaves the story too (in the same undo step), so the saved file never
    // names an event it no longer has.
    let gone: std::collections::HashSet<&str> = selection
        .iter()
        .filter_map(|&i| t.event(i))
        .map(|e| e.id())
        .collect();
    let names_gone = |step: &StoryStep| step.event_id().is_some_and(|id| gone.contains(id));
    if !t.meta.story.iter().any(names_gone) {
        return Some(removal);
    }
    let mut meta = t.meta.clone();
    meta.lanes.clear(); // a metadata edit leaves lanes alone
    meta.story.retain(|step| !names_gone(step));
    Some(Edit::Group(vec![removal, Edit::Meta(Box::new(meta))]))
}

/// Copies of the selected events with new ids ("…-copy"), added after every existing event.
pub fn duplicate(t: &Timeline, selection: &[usize]) -> Option<Edit> {
    let mut next = t.next_key();
    let mut ids: Vec<String> = Vec::new();
    let mut add = Vec::new();
    for &i in selection {
        let Some(e) = t.event(i) else { continue };
        let mut copy = e.clone();
        let mut id = unique_id(t, &format!("{}-copy", e.id()));
        while ids.contains(&id) {
            id.push_str("-2");
        }
        ids.push(id.clone());
        copy.set_id(&id);
        add.push((next, copy));
        next += 1;
    }
    (!add.is_empty()).then_some(Edit::Events {
        remove: vec![],
        add,
    })
}

/// The selected events one unit of their precision later or earlier.
pub fn nudge(t: &Timeline, selection: &[usize], dir: i32) -> Option<Edit> {
    changed(t, selection, |e| {
        e.start = stepped(&e.start, dir);
        if let Some(end) = &mut e.end {
            *end = stepped(end, dir);
        }
    })
}

/// What a drag grabbed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handle {
    /// The whole event: moves in time and across lanes.
    Move,
    /// A range's start.
    Start,
    /// A range's end.
    End,
}

/// The events after a drag by `secs` in time and `lanes` lanes down (negative: up), each
/// snapped to its precision; a resized range never ends before it starts.
pub fn dragged(
    t: &Timeline,
    selection: &[usize],
    handle: Handle,
    secs: f64,
    lanes: i64,
) -> Vec<(u32, Event)> {
    let last_lane = t.lanes().len().saturating_sub(1) as i64;
    selection
        .iter()
        .filter_map(|&i| Some((*t.file_order().get(i)?, t.event(i)?.clone())))
        .map(|(key, mut e)| {
            match handle {
                Handle::Move => {
                    e.start = shifted(&e.start, secs);
                    if let Some(end) = &mut e.end {
                        *end = shifted(end, secs);
                    }
                    e.set_lane((e.lane() as i64 + lanes).clamp(0, last_lane) as usize);
                }
                Handle::Start => {
                    let start = shifted(&e.start, secs);
                    if e.end
                        .is_none_or(|end| start.start_secs() <= end.start_secs())
                    {
                        e.start = start;
                    }
                }
                Handle::End => {
                    if let Some(end) = e.end {
                        let end = shifted(&end, secs);
                        if end.end_of_precision_secs() >= e.start.start_secs() {
                            e.end = Some(end);
                        }
                    }
                }
            }
            (key, e)
        })
        .collect()
}

/// The drag as one edit, or `None` when nothing moved.
pub fn drag_edit(
    t: &Timeline,
    selection: &[usize],
    handle: Handle,
    secs: f64,
    lanes: i64,
) -> Option<Edit> {
    let add = dragged(t, selection, handle, secs, lanes);
    let moved = add.iter().any(|(key, e)| {
        t.index_of_key(*key)
            .and_then(|i| t.event(i))
            .is_some_and(|old| old != e)
    });
    moved.then(|| Edit::Events {
        remove: add.iter().map(|(k, _)| *k).collect(),
        add,
    })
}

fn changed(t: &Timeline, selection: &[usize], f: impl Fn(&mut Event)) -> Option<Edit> {
    let add: Vec<(u32, Event)> = selection
        .iter()
        .filter_map(|&i| {
            let mut e = t.event(i)?.clone();
            f(&mut e);
            Some((*t.file_order().get(i)?, e))
        })
        .collect();
    (!add.is_empty()).then(|| Edit::Events {
        remove: add.iter().map(|(k, _)| *k).collect(),
        add,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lane, Precision, TimelineMeta};

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn deleting_a_story_event_takes_its_step_out_and_undo_puts_both_back() {
        let meta = TimelineMeta {
            story: vec![StoryStep::event("b"), StoryStep::event("a")],
            ..Default::default()
        };
        let events = vec![
            Event::new("a", "A", d("2000")),
            Event::new("b", "B", d("2001")),
            Event::new("c", "C", d("2002")),
        ];
        let mut t = Timeline::new(meta, events);
        let original = t.clone();
        let b = t.index_of("b").unwrap();
        let undo = delete(&t, &[b]).unwrap().apply(&mut t);
        assert_eq!(t.len(), 2);
        assert_eq!(t.meta.story, [StoryStep::event("a")]);
        undo.apply(&mut t);
        assert_eq!(t.meta.story, original.meta.story);
        assert_eq!(t.events(), original.events());
        // An event outside the story: the story is left alone.
        let c = t.index_of("c").unwrap();
        assert!(matches!(delete(&t, &[c]), Some(Edit::Events { .. })));
    }

    #[test]
    fn dates_snap_and_step_by_their_own_unit() {
        assert_eq!(shifted(&d("1985-02-07"), 86_400.0 * 2.4), d("1985-02-09"));
        assert_eq!(shifted(&d("1985-02-07"), 86_400.0 * 2.6), d("1985-02-10"));
        assert_eq!(shifted(&d("1985-02"), 86_400.0 * 20.0), d("1985-03"));
        assert_eq!(stepped(&d("1985-12"), 1), d("1986-01"));
        assert_eq!(stepped(&d("1985-03"), -1), d("1985-02"));
        assert_eq!(stepped(&d("1985"), -1), d("1984"));
        assert_eq!(stepped(&d("1985-02-07T09:30"), 1), d("1985-02-07T09:31"));
    }

    #[test]
    fn moving_a_date_keeps_its_offset_as_written() {
        let log = d("2024-11-18T12:58:03.000004+0100");
        assert_eq!(shifted(&log, 60.0), d("2024-11-18T12:59:03.000004+0100"));
        assert_eq!(stepped(&log, -1), d("2024-11-18T12:58:03.000003+0100"));
        let z = d("2024-11-18T23:59Z");
        assert_eq!(stepped(&z, 1), d("2024-11-19T00:00Z"));
        assert_eq!(
            shifted(&d("1985-02-07T09:30"), 3_600.0),
            d("1985-02-07T10:30")
        );
    }

    #[test]
    fn drags_move_across_lanes_and_resize_without_inverting() {
        let lane = |id: &str| Lane {
            id: id.into(),
            label: id.into(),
            ..Default::default()
        };
        let meta = TimelineMeta {
            lanes: vec![lane("a"), lane("b")],
            ..Default::default()
        };
        let mut r = Event::new("r", "R", d("2000-01-10"));
        r.end = Some(d("2000-01-20"));
        let t = Timeline::new(meta, vec![r]);
        let moved = dragged(&t, &[0], Handle::Move, 86_400.0 * 3.0, 5);
        assert_eq!(moved[0].1.start, d("2000-01-13"));
        assert_eq!(moved[0].1.end, Some(d("2000-01-23")));
        assert_eq!(moved[0].1.lane(), 1, "clamped to the last lane");
        let resized = dragged(&t, &[0], Handle::End, -86_400.0 * 30.0, 0);
        assert_eq!(
            resized[0].1.end,
            Some(d("2000-01-20")),
            "never before the start"
        );
        assert!(
            drag_edit(&t, &[0], Handle::Move, 60.0, 0).is_none(),
            "a nudge below a day"
        );
        let (edit, key) = new_event(&t, d("2001-05-05").start_secs(), 1, 86_400.0 * 30.0).unwrap();
        let Edit::Events { add, .. } = &edit else {
            panic!()
        };
        assert_eq!(add[0].0, key);
        assert_eq!(add[0].1.start.precision(), Precision::Day);
        assert_eq!(add[0].1.lane(), 1);
        assert_eq!(unique_id(&t, "r"), "r-2");
    }
}
