//! Changes to a timeline as data. Every edit the user makes — a field, a new, deleted, moved or
//! duplicated event, a lane, an era, the story — is an [`Edit`]; applying one returns its
//! inverse, so undo and redo are the same operation walked both ways. Events are named by their
//! stable key ([`Timeline::file_order`]), never by their index, which moves as dates change.

use super::event::Event;
use super::timeline::{Lane, Timeline, TimelineMeta};

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Remove the events with these keys, then add these (key, event) pairs. Covers create,
    /// delete, duplicate, move, resize and every field of an event.
    Events {
        remove: Vec<u32>,
        add: Vec<(u32, Event)>,
    },
    /// Replace the metadata other than lanes (title, description, eras, story, unknown fields).
    Meta(Box<TimelineMeta>),
    /// Replace the lanes; `lane_of_old[k]` is the new index of old lane `k`.
    Lanes {
        lanes: Vec<Lane>,
        lane_of_old: Vec<usize>,
    },
    /// Several edits as one undo step (a lane deleted with its events moved, a group drag).
    Group(Vec<Edit>),
}

impl Edit {
    /// Applies the edit and returns the edit that undoes it.
    pub fn apply(self, t: &mut Timeline) -> Edit {
        match self {
            Edit::Events { remove, add } => {
                let added: Vec<u32> = add.iter().map(|(k, _)| *k).collect();
                let removed = t.replace_events(&remove, add);
                Edit::Events {
                    remove: added,
                    add: removed,
                }
            }
            Edit::Meta(meta) => {
                let mut meta = *meta;
                meta.lanes = std::mem::take(&mut t.meta.lanes);
                // The old metadata goes back without its lanes, which this edit leaves alone.
                let old = std::mem::replace(&mut t.meta, meta);
                Edit::Meta(Box::new(old))
            }
            Edit::Lanes { lanes, lane_of_old } => {
                // The way back: each new lane to the old lane it came from — the one with its id
                // when several old lanes went into it (a deleted lane's events moved there).
                let mut back: Vec<Option<usize>> = vec![None; lanes.len()];
                for (old, &new) in lane_of_old.iter().enumerate() {
                    let same_id =
                        t.lanes().get(old).map(|l| &l.id) == lanes.get(new).map(|l| &l.id);
                    if let Some(slot) = back.get_mut(new)
                        && (slot.is_none() || same_id)
                    {
                        *slot = Some(old);
                    }
                }
                let back = back.into_iter().map(|o| o.unwrap_or(0)).collect();
                let old = t.set_lanes(lanes, &lane_of_old);
                Edit::Lanes {
                    lanes: old,
                    lane_of_old: back,
                }
            }
            Edit::Group(edits) => {
                let mut inverses: Vec<Edit> = edits.into_iter().map(|e| e.apply(t)).collect();
                inverses.reverse();
                Edit::Group(inverses)
            }
        }
    }

    /// The event keys this edit adds or changes (what the selection follows to).
    pub fn touched_keys(&self) -> Vec<u32> {
        match self {
            Edit::Events { add, .. } => add.iter().map(|(k, _)| *k).collect(),
            Edit::Group(edits) => edits.iter().flat_map(Edit::touched_keys).collect(),
            Edit::Meta(_) | Edit::Lanes { .. } => Vec::new(),
        }
    }

    /// Whether the edit changes nothing (an empty group, an event edit with nothing in it).
    pub fn is_empty(&self) -> bool {
        match self {
            Edit::Events { remove, add } => remove.is_empty() && add.is_empty(),
            Edit::Group(edits) => edits.iter().all(Edit::is_empty),
            Edit::Meta(_) | Edit::Lanes { .. } => false,
        }
    }

    /// Replace one event (by key) with a new version of it.
    pub fn change_event(key: u32, event: Event) -> Edit {
        Edit::Events {
            remove: vec![key],
            add: vec![(key, event)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn ev(id: &str, start: &str) -> Event {
        Event::new(id, id, Date::parse_iso(start).unwrap())
    }

    fn lane(id: &str) -> Lane {
        Lane {
            id: id.into(),
            label: id.into(),
            ..Default::default()
        }
    }

    fn ids(t: &Timeline) -> Vec<&str> {
        t.events().iter().map(|e| e.id()).collect()
    }

    #[test]
    fn every_edit_undoes_to_the_same_timeline() {
        let meta = TimelineMeta {
            lanes: vec![lane("x"), lane("y")],
            ..Default::default()
        };
        let mut b = ev("b", "2000");
        b.set_lane(1);
        let original = Timeline::new(meta, vec![b, ev("a", "1990"), ev("c", "2010")]);
        let mut t = original.clone();
        let b_key = t.file_order()[t.index_of("b").unwrap()];
        let mut moved = t.events()[t.index_of("b").unwrap()].clone();
        moved.start = Date::parse_iso("1980").unwrap();
        let next = t.next_key();
        let mut meta = t.meta.clone();
        meta.title = "Renamed".into();
        meta.story = vec![crate::model::StoryStep::event("c")];
        let edits = vec![
            Edit::change_event(b_key, moved),
            Edit::Events {
                remove: vec![],
                add: vec![(next, ev("d", "2020"))],
            },
            Edit::Events {
                remove: vec![2],
                add: vec![],
            },
            Edit::Meta(Box::new(meta)),
            Edit::Lanes {
                lanes: vec![lane("y"), lane("x")],
                lane_of_old: vec![1, 0],
            },
        ];
        let mut undo = Vec::new();
        for e in edits {
            undo.push(e.apply(&mut t));
        }
        assert_eq!(ids(&t), ["b", "a", "d"]);
        assert_eq!(t.title(), "Renamed");
        assert_eq!(t.lanes()[0].id, "y");
        assert_eq!(t.events()[0].lane(), 0, "b moved with its lane");
        assert!(t.start_secs().windows(2).all(|w| w[0] <= w[1]));
        let mut redo = Vec::new();
        while let Some(e) = undo.pop() {
            redo.push(e.apply(&mut t));
        }
        assert_eq!(t.events(), original.events());
        assert_eq!(t.meta, original.meta);
        assert_eq!(t.file_order(), original.file_order());
        assert_eq!(t.lane_of(), original.lane_of());
        while let Some(e) = redo.pop() {
            e.apply(&mut t);
        }
        assert_eq!(ids(&t), ["b", "a", "d"], "redo walks the same way again");
    }

    #[test]
    fn groups_undo_in_reverse() {
        let mut t = Timeline::new(TimelineMeta::default(), vec![ev("a", "1990")]);
        let k = t.next_key();
        let group = Edit::Group(vec![
            Edit::Events {
                remove: vec![],
                add: vec![(k, ev("b", "1995"))],
            },
            Edit::change_event(k, ev("b2", "1996")),
        ]);
        assert_eq!(group.touched_keys(), [k, k]);
        let inverse = group.apply(&mut t);
        assert_eq!(ids(&t), ["a", "b2"]);
        inverse.apply(&mut t);
        assert_eq!(ids(&t), ["a"]);
    }
}
