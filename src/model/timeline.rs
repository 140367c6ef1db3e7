//! The in-memory timeline: metadata, lanes, eras, story order and events, with events kept sorted
//! by start and their hot numbers (start/end seconds, lane) in flat columns for binary-search
//! culling over millions of events. Knows nothing of files (`io`) or screens (`layout`, `ui`).

use super::date::Date;
use super::event::Event;
use super::lane_tally::LaneTally;
use super::reach::ReachIndex;
use super::story::StoryStep;
use super::zone::DisplayZone;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The name of a field kept in [`Extra`]. Shared: an importer gives every event of a column
/// the same name, so a million events with the same unknown columns hold each name once per
/// part read on a core, not once per event.
pub type FieldName = std::sync::Arc<str>;

/// Hands out one shared [`FieldName`] per name, so that the events an importer reads keep the
/// same few names. Remembers at most [`MAX_REMEMBERED_NAMES`]; names beyond are made anew.
#[derive(Debug, Default)]
pub struct FieldNames(std::collections::HashSet<FieldName, foldhash::fast::RandomState>);

/// A file with more distinct field names than this (a hostile one) gets its later names made
/// on each use instead of remembered.
const MAX_REMEMBERED_NAMES: usize = 4096;

impl FieldNames {
    pub fn get(&mut self, name: &str) -> FieldName {
        if let Some(known) = self.0.get(name) {
            return known.clone();
        }
        let new = FieldName::from(name);
        if self.0.len() < MAX_REMEMBERED_NAMES {
            self.0.insert(new.clone());
        }
        new
    }

    /// The fields of a JSON object, in order, with shared names.
    pub fn extra_of(&mut self, map: Map<String, Value>) -> Extra {
        map.into_iter().map(|(k, v)| (self.get(&k), v)).collect()
    }
}

/// Fields a file carried that Chronoscope does not use; written back unchanged on save, in the
/// order they were read.
///
/// Most events have none, so the fields live behind a pointer that stays null until the first
/// insert: 8 bytes per event. A field is its shared name and its value, 48 bytes; in a
/// `serde_json::Map` it took about 100 and an allocation for its name.
#[derive(Clone, Debug, Default)]
pub struct Extra(Option<Box<Fields>>);

#[derive(Clone, Debug, Default)]
struct Fields {
    entries: Vec<(FieldName, Value)>,
    /// The place of each name, kept once there are many, so that an object with a hundred
    /// thousand fields (a hostile file) is still read in linear time.
    // Boxed: 8 bytes in every set of fields, where the map itself would take 48 in all of
    // them for the few that ever grow so big.
    #[allow(clippy::box_collection)]
    index: Option<Box<HashMap<FieldName, usize>>>,
}

/// From this many fields on, names are looked up in an index instead of one by one.
const INDEXED_FROM: usize = 16;

impl Fields {
    fn position(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.entries.iter().position(|(n, _)| &**n == name),
        }
    }

    fn reindex(&mut self) {
        self.index = (self.entries.len() >= INDEXED_FROM).then(|| {
            Box::new(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(i, (n, _))| (n.clone(), i))
                    .collect(),
            )
        });
    }
}

/// Two sets of fields are equal when they hold the same names with the same values, in any
/// order (as two JSON objects are).
impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(name, value)| other.get(name) == Some(value))
    }
}

impl Extra {
    pub const fn new() -> Self {
        Extra(None)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |f| f.entries.len())
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        let fields = self.0.as_ref()?;
        fields.position(name).map(|i| &fields.entries[i].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets a field; one already there keeps its place and its old value is returned.
    pub fn insert(&mut self, name: impl Into<FieldName>, value: Value) -> Option<Value> {
        let name = name.into();
        let fields = self.0.get_or_insert_with(Default::default);
        if let Some(i) = fields.position(&name) {
            return Some(std::mem::replace(&mut fields.entries[i].1, value));
        }
        if let Some(index) = &mut fields.index {
            index.insert(name.clone(), fields.entries.len());
        }
        fields.entries.push((name, value));
        if fields.index.is_none() && fields.entries.len() >= INDEXED_FROM {
            fields.reindex();
        }
        None
    }

    /// Takes a field out; the others keep their order.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let fields = self.0.as_mut()?;
        let i = fields.position(name)?;
        let (_, value) = fields.entries.remove(i);
        if fields.index.is_some() {
            fields.reindex();
        }
        self.compact();
        Some(value)
    }

    /// The fields in the order they were read.
    pub fn iter(&self) -> ExtraIter<'_> {
        self.into_iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(name, _)| name)
    }

    /// Makes room for `more` fields.
    pub fn reserve(&mut self, more: usize) {
        self.0
            .get_or_insert_with(Default::default)
            .entries
            .reserve_exact(more);
    }

    /// Frees the fields if writing left none.
    pub fn compact(&mut self) {
        if self.0.as_ref().is_some_and(|f| f.entries.is_empty()) {
            self.0 = None;
        }
    }

    /// The fields as a plain JSON map.
    pub fn into_map(self) -> Map<String, Value> {
        self.into_iter().map(|(n, v)| (n.to_string(), v)).collect()
    }
}

/// A field's value, or JSON null when there is none (as a JSON object reads).
impl std::ops::Index<&str> for Extra {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

impl<N: Into<FieldName>> Extend<(N, Value)> for Extra {
    fn extend<I: IntoIterator<Item = (N, Value)>>(&mut self, fields: I) {
        for (name, value) in fields {
            self.insert(name, value);
        }
    }
}

impl<N: Into<FieldName>> FromIterator<(N, Value)> for Extra {
    fn from_iter<I: IntoIterator<Item = (N, Value)>>(fields: I) -> Self {
        let mut extra = Extra::new();
        extra.extend(fields);
        extra.compact();
        extra
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        map.into_iter().collect()
    }
}

/// The fields of an [`Extra`] by reference, in order.
pub struct ExtraIter<'a>(std::slice::Iter<'a, (FieldName, Value)>);

impl<'a> Iterator for ExtraIter<'a> {
    type Item = (&'a str, &'a Value);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(n, v)| (&**n, v))
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a str, &'a Value);
    type IntoIter = ExtraIter<'a>;
    fn into_iter(self) -> ExtraIter<'a> {
        let entries: &[(FieldName, Value)] = self.0.as_ref().map_or(&[], |f| &f.entries);
        ExtraIter(entries.iter())
    }
}

impl IntoIterator for Extra {
    type Item = (FieldName, Value);
    type IntoIter =
        std::iter::Flatten<std::option::IntoIter<std::vec::IntoIter<(FieldName, Value)>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.map(|f| f.entries.into_iter()).into_iter().flatten()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lane {
    pub id: String,
    pub label: String,
    /// `#rrggbb` as written in the file; the theme's palette colours lanes without one.
    pub color: Option<String>,
    /// Display order from the file's `order` field; lanes are kept sorted by it (file order
    /// breaks ties and places lanes without one).
    pub order: Option<i64>,
    /// Hidden until shown in the legend (a category the Timeline app hid, a vis-timeline group
    /// with `visible: false`); the native `hidden` field.
    pub hidden: bool,
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Era {
    pub label: String,
    pub start: Date,
    pub end: Date,
    pub color: Option<String>,
    pub extra: Extra,
}

impl Era {
    /// Where the era starts and ends on the axis when naive dates read in `zone`.
    pub fn span_secs_in(&self, zone: &DisplayZone) -> (f64, f64) {
        (
            self.start.start_secs_in(zone),
            self.end.end_of_precision_secs_in(zone),
        )
    }
}

/// Timeline metadata: everything but the events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineMeta {
    pub title: String,
    pub description: String,
    pub lanes: Vec<Lane>,
    pub eras: Vec<Era>,
    /// The presentation's steps, in order. Empty means every event, chronologically.
    pub story: Vec<StoryStep>,
    pub extra: Extra,
}

/// Starts per entry of a timeline's sample table (see [`Timeline::start_partition`]).
pub const START_SAMPLE: usize = 64;

/// A timeline ready to draw: events sorted by start with flat hot columns.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub meta: TimelineMeta,
    events: Vec<Event>,
    start_secs: Vec<f64>,
    end_secs: Vec<f64>,
    /// Lane index per event, so per-frame passes never touch the (large) `Event` structs.
    lane_of: Vec<u32>,
    /// Which events that began before an instant still reach it (see [`ReachIndex`]).
    reach: ReachIndex,
    /// Per-lane event counts over index ranges without reading each event.
    lane_tally: LaneTally,
    /// Every [`START_SAMPLE`]th start: a binary search over the starts first searches this
    /// table (small enough for the cache), then one stretch of [`START_SAMPLE`] starts, instead
    /// of jumping across the whole column (80 MB at ten million events) at each step.
    start_samples: Vec<f64>,
    /// The latest end of any event.
    max_end_secs: Option<f64>,
    /// For each event (in start order), its position in the list given to [`Timeline::new`]:
    /// the file's own order, for saving events back in the order they were written.
    file_order: Vec<u32>,
    /// The zone naive dates are placed in (see [`super::zone`]); the columns follow it.
    zone: DisplayZone,
}

/// The hot numbers of events, one entry per event: start and end seconds (the end never before
/// the start) and lane index.
struct AxisColumns {
    start_secs: Vec<f64>,
    end_secs: Vec<f64>,
    lane_of: Vec<u32>,
}

impl AxisColumns {
    /// Reads every event once, on every core, with naive dates placed in `zone`.
    fn of(events: &[Event], zone: &DisplayZone) -> Self {
        let (start_secs, (end_secs, lane_of)) = events
            .par_iter()
            .map(|e| {
                let start = e.start_secs_in(zone);
                (start, (e.end_secs_in(zone).max(start), e.lane() as u32))
            })
            .unzip();
        AxisColumns {
            start_secs,
            end_secs,
            lane_of,
        }
    }

    /// Sorts the start column, stably (ties keep the given order), and returns for each
    /// position the index of the event that goes there; `None` when the events are in that
    /// order already (the usual case: files are mostly written in order). The other columns
    /// follow with [`AxisColumns::follow`].
    fn sort_starts(&mut self) -> Option<Vec<u32>> {
        let starts = &self.start_secs;
        if starts.windows(2).all(|w| w[0].total_cmp(&w[1]).is_le()) {
            return None;
        }
        // (start, index) pairs sorted in place: no lookup of a key per comparison. Ties keep
        // the given order through the index.
        let mut pairs: Vec<(f64, u32)> = std::mem::take(&mut self.start_secs)
            .into_iter()
            .zip(0u32..)
            .collect();
        pairs.par_sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let order: Vec<u32>;
        (self.start_secs, order) = pairs.into_par_iter().unzip();
        Some(order)
    }

    /// Puts the end and lane columns in `order` (from [`AxisColumns::sort_starts`]). Gathered
    /// on every core into new columns (12 MB at a million events): moving them in place, along
    /// the order's cycles, is one core's chain of cache misses, as long as moving the events.
    fn follow(&mut self, order: &[u32]) {
        (self.end_secs, self.lane_of) = order
            .par_iter()
            .map(|&i| (self.end_secs[i as usize], self.lane_of[i as usize]))
            .unzip();
    }
}

/// Columns in start order with the indexes built over them.
struct AxisIndex {
    columns: AxisColumns,
    reach: ReachIndex,
    lane_tally: LaneTally,
    start_samples: Vec<f64>,
    max_end_secs: Option<f64>,
}

impl AxisIndex {
    /// Indexes `columns`, which are in start order, for a timeline of `lanes` lanes.
    fn new(columns: AxisColumns, lanes: usize) -> Self {
        AxisIndex {
            max_end_secs: columns.end_secs.iter().copied().reduce(f64::max),
            reach: ReachIndex::new(&columns.start_secs, &columns.end_secs),
            lane_tally: LaneTally::new(&columns.lane_of, lanes),
            start_samples: columns
                .start_secs
                .iter()
                .copied()
                .step_by(START_SAMPLE)
                .collect(),
            columns,
        }
    }
}

/// Reorders `items` so that position `k` holds what was at `order[k]` (`order` is a
/// permutation), along each cycle of the permutation, one swap per item: no second vector of
/// items (112 MB at a million events, at the load's memory peak) and none of its page faults.
fn permute_in_place<T>(items: &mut [T], order: &[u32]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k] as usize;
            if from == start {
                // The item that was at `start` has been carried along the cycle to `k`.
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

/// The id of the lane events without one go to.
pub const DEFAULT_LANE_ID: &str = "events";

impl Timeline {
    /// Builds a timeline; events are sorted stably by start (file order breaks ties), and every
    /// event's lane index is clamped into `meta.lanes` (a default lane is added when needed).
    pub fn new(mut meta: TimelineMeta, mut events: Vec<Event>) -> Self {
        let lanes = meta.lanes.len();
        if lanes == 0 || events.par_iter().any(|e| e.lane() >= lanes) {
            if !events.is_empty() || lanes == 0 {
                meta.lanes.push(Lane {
                    id: DEFAULT_LANE_ID.into(),
                    label: "Events".into(),
                    ..Default::default()
                });
            }
            events
                .par_iter_mut()
                .filter(|e| e.lane() >= lanes)
                .for_each(|e| e.set_lane(lanes));
        }
        let lanes = meta.lanes.len();
        let zone = DisplayZone::Utc;
        let mut columns = AxisColumns::of(&events, &zone);
        let (index, file_order) = match columns.sort_starts() {
            None => (
                AxisIndex::new(columns, lanes),
                (0..events.len() as u32).collect(),
            ),
            // Moving the events is one core's work (one swap per event, along the cycles of
            // the order); the columns are sorted and indexed on the other meanwhile.
            Some(order) => {
                let ((), index) = rayon::join(
                    || permute_in_place(&mut events, &order),
                    || {
                        columns.follow(&order);
                        AxisIndex::new(columns, lanes)
                    },
                );
                (index, order)
            }
        };
        let mut timeline = Timeline {
            meta,
            events,
            start_secs: Vec::new(),
            end_secs: Vec::new(),
            lane_of: Vec::new(),
            reach: ReachIndex::default(),
            lane_tally: LaneTally::default(),
            start_samples: Vec::new(),
            max_end_secs: None,
            file_order,
            zone,
        };
        timeline.set_index(index);
        timeline
    }

    /// Recomputes the end and lane columns and the indexes over them from the events and
    /// their starts (already in `start_secs`, in start order in the timeline's zone).
    fn rebuild_columns(&mut self) {
        let start_secs = std::mem::take(&mut self.start_secs);
        // Date arithmetic is most of this: it runs on every core.
        let (end_secs, lane_of) = self
            .events
            .par_iter()
            .zip(&start_secs)
            .map(|(e, &start)| (e.end_secs_in(&self.zone).max(start), e.lane() as u32))
            .unzip();
        let columns = AxisColumns {
            start_secs,
            end_secs,
            lane_of,
        };
        self.set_index(AxisIndex::new(columns, self.meta.lanes.len()));
    }

    fn set_index(&mut self, index: AxisIndex) {
        let AxisIndex {
            columns,
            reach,
            lane_tally,
            start_samples,
            max_end_secs,
        } = index;
        self.start_secs = columns.start_secs;
        self.end_secs = columns.end_secs;
        self.lane_of = columns.lane_of;
        self.reach = reach;
        self.lane_tally = lane_tally;
        self.start_samples = start_samples;
        self.max_end_secs = max_end_secs;
    }

    /// The zone naive dates are placed in (UTC until [`Timeline::set_display_zone`]).
    pub fn display_zone(&self) -> &DisplayZone {
        &self.zone
    }

    /// Places naive dates in `zone` (dates with an offset stay where they are): the start and
    /// end columns are recomputed and, when that changes their order (a file mixing naive and
    /// offset dates), the events are sorted again, ties by key. Event indices may change; keys
    /// do not. Returns whether the order changed.
    pub fn set_display_zone(&mut self, zone: DisplayZone) -> bool {
        if zone == self.zone {
            return false;
        }
        self.zone = zone;
        let starts: Vec<f64> = self
            .events
            .par_iter()
            .map(|e| e.start_secs_in(&zone))
            .collect();
        let keys = &self.file_order;
        let sorted = (1..starts.len()).all(|i| {
            starts[i - 1]
                .total_cmp(&starts[i])
                .then(keys[i - 1].cmp(&keys[i]))
                .is_le()
        });
        if sorted {
            self.start_secs = starts;
        } else {
            let mut order: Vec<usize> = (0..starts.len()).collect();
            order.par_sort_unstable_by(|&a, &b| {
                starts[a].total_cmp(&starts[b]).then(keys[a].cmp(&keys[b]))
            });
            let mut slots: Vec<Option<Event>> = std::mem::take(&mut self.events)
                .into_iter()
                .map(Some)
                .collect();
            let new_keys: Vec<u32> = order.iter().map(|&i| keys[i]).collect();
            self.events = order.iter().filter_map(|&i| slots[i].take()).collect();
            self.file_order = new_keys;
            self.start_secs = order.iter().map(|&i| starts[i]).collect();
        }
        self.rebuild_columns();
        !sorted
    }

    /// Event indices in file order (the order saving writes them in).
    pub fn indices_in_file_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.events.len()).collect();
        order.sort_unstable_by_key(|&i| self.file_order[i]);
        order
    }

    /// Gives the events new keys: `keys[p]` for the event now at file position `p` (a restored
    /// recovery copy puts back the keys its events had in their original file).
    pub fn set_keys(&mut self, keys: &[u32]) {
        for k in &mut self.file_order {
            if let Some(&new) = keys.get(*k as usize) {
                *k = new;
            }
        }
    }

    /// The key the next new event gets: after every existing one.
    pub fn next_key(&self) -> u32 {
        self.file_order.iter().max().map_or(0, |&k| k + 1)
    }

    /// Index of the event with this key.
    pub fn index_of_key(&self, key: u32) -> Option<usize> {
        self.file_order.iter().position(|&k| k == key)
    }

    /// The one edit primitive: removes the events with the `removed` keys and inserts `added`
    /// (each with its key; re-adding a removed key puts an event back in its file position).
    /// Returns the removed events with their keys, so the edit can be undone by calling this
    /// again the other way round. Lane indices are clamped into the lanes. Linear in the number
    /// of events: the columns stay sorted by start (ties by key) without a full sort.
    pub fn replace_events(
        &mut self,
        removed: &[u32],
        added: Vec<(u32, Event)>,
    ) -> Vec<(u32, Event)> {
        let removed_set: std::collections::HashSet<u32> = removed.iter().copied().collect();
        let lanes = self.meta.lanes.len().max(1);
        let mut taken = Vec::new();
        let mut kept: Vec<(f64, u32, Event)> = Vec::with_capacity(self.events.len() + added.len());
        let events = std::mem::take(&mut self.events);
        for ((e, start), key) in events
            .into_iter()
            .zip(self.start_secs.iter().copied())
            .zip(self.file_order.iter().copied())
        {
            if removed_set.contains(&key) {
                taken.push((key, e));
            } else {
                kept.push((start, key, e));
            }
        }
        let mut new: Vec<(f64, u32, Event)> = added
            .into_iter()
            .map(|(key, mut e)| {
                e.set_lane(e.lane().min(lanes - 1));
                (e.start_secs_in(&self.zone), key, e)
            })
            .collect();
        new.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        // Merge two sorted runs.
        let n = kept.len() + new.len();
        let (mut events, mut starts, mut keys) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let mut a = kept.into_iter().peekable();
        let mut b = new.into_iter().peekable();
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).is_le(),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_a { a.next() } else { b.next() };
            if let Some((start, key, e)) = next {
                starts.push(start);
                keys.push(key);
                events.push(e);
            }
        }
        self.events = events;
        self.start_secs = starts;
        self.file_order = keys;
        if self.meta.lanes.is_empty() && !self.events.is_empty() {
            self.meta.lanes.push(Lane {
                id: DEFAULT_LANE_ID.into(),
                label: "Events".into(),
                ..Default::default()
            });
        }
        self.rebuild_columns();
        taken
    }

    /// Replaces the lanes; `lane_of_old[k]` is the new index of old lane `k` (every event moves
    /// with its lane). Returns the old lanes.
    pub fn set_lanes(&mut self, lanes: Vec<Lane>, lane_of_old: &[usize]) -> Vec<Lane> {
        let last = lanes.len().max(1) - 1;
        for e in &mut self.events {
            e.set_lane(lane_of_old.get(e.lane()).copied().unwrap_or(0).min(last));
        }
        let old = std::mem::replace(&mut self.meta.lanes, lanes);
        self.rebuild_columns();
        old
    }

    pub fn title(&self) -> &str {
        &self.meta.title
    }
    pub fn lanes(&self) -> &[Lane] {
        &self.meta.lanes
    }
    pub fn eras(&self) -> &[Era] {
        &self.meta.eras
    }
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    pub fn len(&self) -> usize {
        self.events.len()
    }
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
    pub fn event(&self, index: usize) -> Option<&Event> {
        self.events.get(index)
    }
    pub fn start_secs(&self) -> &[f64] {
        &self.start_secs
    }
    pub fn end_secs(&self) -> &[f64] {
        &self.end_secs
    }
    pub fn lane_of(&self) -> &[u32] {
        &self.lane_of
    }
    /// For each event (in start order), its position in the file: iterate events in file
    /// order with `file_order().iter().zip(..)` or invert it for saving.
    pub fn file_order(&self) -> &[u32] {
        &self.file_order
    }

    /// Index of the event with this id (linear; ids are looked up on user action only).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id() == id)
    }

    /// The index range of the events that start in `[from, to]`: two binary searches.
    pub fn starting_in(&self, from_secs: f64, to_secs: f64) -> std::ops::Range<usize> {
        let all = 0..self.start_secs.len();
        let first = self.start_partition(all.clone(), |start| start < from_secs);
        let last = self.start_partition(all, |start| start <= to_secs);
        first..last.max(first)
    }

    /// The first index in `range` whose start fails `before` (`range.end` if none does), for a
    /// predicate true on a prefix of the sorted starts, like `slice::partition_point`. Searches
    /// the sample table, then one stretch of the column.
    pub fn start_partition(
        &self,
        range: std::ops::Range<usize>,
        before: impl Fn(f64) -> bool,
    ) -> usize {
        let end = range.end.min(self.start_secs.len());
        let start = range.start.min(end);
        if self.start_samples.len() * START_SAMPLE < self.start_secs.len() {
            // Samples not built (a timeline being assembled): search the column itself.
            return start + self.start_secs[start..end].partition_point(|&s| before(s));
        }
        // Samples whose index lies inside the range; the answer lies after the last one that
        // passes and before the first that fails.
        let (s_lo, s_hi) = (start.div_ceil(START_SAMPLE), end.div_ceil(START_SAMPLE));
        let passed = s_lo + self.start_samples[s_lo..s_hi].partition_point(|&s| before(s));
        let lo = if passed > s_lo {
            (passed - 1) * START_SAMPLE + 1
        } else {
            start
        };
        let hi = (passed * START_SAMPLE).min(end).max(lo);
        lo + self.start_secs[lo..hi].partition_point(|&s| before(s))
    }

    /// The events that start before `from` and still reach it (end at or after it), in start
    /// order. Costs about the number found, not the number of events before `from`.
    pub fn reaching_into(&self, from_secs: f64) -> Vec<usize> {
        self.reach
            .reaching(&self.start_secs, &self.end_secs, from_secs)
    }

    /// Indices of the events overlapping `[from, to]`, in start order.
    pub fn visible(&self, from_secs: f64, to_secs: f64) -> impl Iterator<Item = usize> + '_ {
        self.reaching_into(from_secs)
            .into_iter()
            .chain(self.starting_in(from_secs, to_secs))
    }

    /// Adds to `counts[l]` the number of events of lane `l` in `range` (lanes beyond
    /// `counts.len()` are not counted); reads a table, not every event, when lanes are few.
    pub fn count_lanes(&self, range: std::ops::Range<usize>, counts: &mut [u32]) {
        self.lane_tally.add_counts(&self.lane_of, range, counts);
    }

    /// Bytes held by the columns and indexes (not the events), for memory reports.
    pub fn column_bytes(&self) -> usize {
        self.start_secs.capacity() * 8
            + self.end_secs.capacity() * 8
            + self.lane_of.capacity() * 4
            + self.file_order.capacity() * 4
            + self.reach.heap_bytes()
            + self.lane_tally.heap_bytes()
    }

    /// Earliest start and latest end over events and eras, or `None` when there is nothing.
    pub fn time_bounds(&self) -> Option<(f64, f64)> {
        let mut lo = self.start_secs.first().copied();
        let mut hi = self.max_end_secs;
        for era in &self.meta.eras {
            let (s, e) = era.span_secs_in(&self.zone);
            lo = Some(lo.map_or(s, |l| l.min(s)));
            hi = Some(hi.map_or(e, |h| h.max(e)));
        }
        Some((lo?, hi?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Precision;
    use proptest::prelude::*;

    proptest! {
        /// Permuting in place gives what gathering into a new vector gives.
        #[test]
        fn permute_in_place_equals_a_gather(order in Just((0u32..300).collect::<Vec<u32>>()).prop_shuffle(), len in 0usize..300) {
            // A permutation of 0..len: the shuffled indices below len, in their shuffled order.
            let order: Vec<u32> = order.into_iter().filter(|&i| (i as usize) < len).collect();
            let items: Vec<String> = (0..len).map(|i| format!("item {i}")).collect();
            let gathered: Vec<String> = order.iter().map(|&i| items[i as usize].clone()).collect();
            let mut permuted = items;
            permute_in_place(&mut permuted, &order);
            prop_assert_eq!(permuted, gathered);
        }

        /// The sampled search finds what a plain binary search over the column finds, for any
        /// range and cut, duplicates included.
        #[test]
        fn start_partition_equals_a_plain_binary_search(
            days in prop::collection::vec(0i64..400, 0..700),
            cut in -1.0f64..401.0,
            a in 0usize..720,
            b in 0usize..720,
        ) {
            let events: Vec<Event> = days
                .iter()
                .enumerate()
                .map(|(k, &d)| {
                    let date = Date::from_secs(d as f64 * 86_400.0, Precision::Day).unwrap();
                    Event::new(format!("e{k}"), "x", date)
                })
                .collect();
            let t = Timeline::new(TimelineMeta::default(), events);
            let cut = cut * 86_400.0;
            let (a, b) = (a.min(b), a.max(b));
            let n = t.len();
            let range = a.min(n)..b.min(n);
            let plain = range.start
                + t.start_secs()[range.clone()].partition_point(|&s| s < cut);
            prop_assert_eq!(t.start_partition(a..b, |s| s < cut), plain);
            prop_assert_eq!(
                t.starting_in(cut, cut + 30.0 * 86_400.0),
                {
                    let first = t.start_secs().partition_point(|&s| s < cut);
                    let last = t.start_secs().partition_point(|&s| s <= cut + 30.0 * 86_400.0);
                    first..last.max(first)
                }
            );
        }
    }

    fn ev(id: &str, start: &str, end: Option<&str>) -> Event {
        let mut e = Event::new(id, id, Date::parse_iso(start).unwrap());
        e.end = end.map(|s| Date::parse_iso(s).unwrap());
        e
    }

    #[test]
    fn a_display_zone_places_naive_dates_and_reorders_a_mixed_file() {
        // 09:30 naive and 12:00Z: in UTC the naive one is first; in New York (EST) it is
        // 14:30Z and comes after the instant. Keys follow their events.
        let mut t = Timeline::new(
            TimelineMeta::default(),
            vec![
                ev("naive", "1985-02-07T09:30", None),
                ev("instant", "1985-02-07T12:00Z", None),
            ],
        );
        let key_of = |t: &Timeline, id: &str| t.file_order()[t.index_of(id).unwrap()];
        let keys = (key_of(&t, "naive"), key_of(&t, "instant"));
        let ny = DisplayZone::parse("America/New_York").unwrap();
        assert!(t.set_display_zone(ny));
        assert_eq!(t.display_zone(), &ny);
        let ids: Vec<&str> = t.events().iter().map(|e| e.id()).collect();
        assert_eq!(ids, ["instant", "naive"]);
        assert_eq!((key_of(&t, "naive"), key_of(&t, "instant")), keys);
        let at = |s: &str| Date::parse_iso(s).unwrap().start_secs();
        assert_eq!(
            t.start_secs(),
            [at("1985-02-07T12:00Z"), at("1985-02-07T14:30Z")]
        );
        assert_eq!(t.end_secs()[1], at("1985-02-07T14:31Z"));
        // Files are saved in their own order whatever the zone.
        assert_eq!(t.indices_in_file_order(), [1, 0]);
        // Back to UTC: as loaded.
        assert!(t.set_display_zone(DisplayZone::Utc));
        assert_eq!(t.events()[0].id(), "naive");
        assert!(!t.set_display_zone(DisplayZone::Utc), "no change, no work");
    }

    #[test]
    fn sorts_by_start_and_keeps_file_order_on_ties() {
        let t = Timeline::new(
            TimelineMeta::default(),
            vec![
                ev("c", "2025-02-27", None),
                ev("a", "1985-02-07", None),
                ev("b", "2025-02-27", None),
            ],
        );
        let ids: Vec<_> = t.events().iter().map(|e| e.id()).collect();
        assert_eq!(ids, ["a", "c", "b"]);
        assert_eq!(t.lanes().len(), 1, "a default lane is created");
    }

    #[test]
    fn sorting_is_stable_for_any_input_order() {
        let starts = [
            "2001", "1999", "2001", "1985", "2030", "1999", "1985", "2001",
        ];
        let events: Vec<Event> = starts
            .iter()
            .enumerate()
            .map(|(i, s)| ev(&format!("{s}#{i}"), s, None))
            .collect();
        let t = Timeline::new(TimelineMeta::default(), events);
        let ids: Vec<_> = t.events().iter().map(|e| e.id()).collect();
        assert_eq!(
            ids,
            [
                "1985#3", "1985#6", "1999#1", "1999#5", "2001#0", "2001#2", "2001#7", "2030#4"
            ]
        );
        assert!(t.start_secs().windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(
            t.file_order(),
            [3, 6, 1, 5, 0, 2, 7, 4],
            "each keeps its file position"
        );
    }

    #[test]
    fn culling_returns_exactly_the_events_in_view() {
        let t = Timeline::new(
            TimelineMeta::default(),
            vec![
                ev("prison", "1985-04", Some("2013-08")),
                ev("kidnap", "1985-02-07", None),
                ev("release", "2013-08-09", None),
                ev("capture", "2022-07-15", None),
            ],
        );
        let from = Date::parse_iso("2000").unwrap().start_secs();
        let to = Date::parse_iso("2014").unwrap().start_secs();
        let ids: Vec<_> = t.visible(from, to).map(|i| t.events()[i].id()).collect();
        assert_eq!(ids, ["prison", "release"]);
        // Brute force agrees over many windows.
        for k in 0..200 {
            let from = Date::parse_iso("1984").unwrap().start_secs() + k as f64 * 5.0e6;
            let to = from + 3.0e7;
            let fast: Vec<usize> = t.visible(from, to).collect();
            let slow: Vec<usize> = (0..t.len())
                .filter(|&i| t.start_secs()[i] <= to && t.end_secs()[i] >= from)
                .collect();
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn extra_fields_cost_nothing_until_written_and_compare_by_content() {
        let mut extra = Extra::new();
        assert!(extra.is_empty());
        assert_eq!(std::mem::size_of::<Extra>(), 8);
        extra.insert("x-note", Value::Bool(true));
        assert_eq!(extra.get("x-note"), Some(&Value::Bool(true)));
        let mut emptied = Extra::new();
        emptied.insert("a", Value::Null);
        emptied.remove("a");
        assert_eq!(emptied, Extra::new(), "an emptied map equals an absent one");
        emptied.compact();
        assert!(emptied.0.is_none(), "and removing the last field frees it");
        let round: Extra = extra.clone().into_map().into();
        assert_eq!(round, extra);
        // Names are shared, not copied, and the order of fields does not make them differ.
        let name = FieldName::from("hostname");
        let mut a = Extra::new();
        a.insert(name.clone(), Value::from("ws-1"));
        a.insert("user", Value::from(7));
        assert_eq!(std::sync::Arc::strong_count(&name), 2);
        let mut b = Extra::new();
        b.insert("user", Value::from(7));
        b.insert("hostname", Value::from("ws-1"));
        assert_eq!(a, b);
        assert_ne!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    }

    proptest::proptest! {
        /// Fields behave as an ordered map: a name set again keeps its place, a removed one
        /// leaves the others in order, also past the size where names are indexed.
        #[test]
        fn extra_fields_behave_as_an_ordered_map(
            ops in proptest::collection::vec((0u8..3, 0usize..40, 0i64..5), 0..200)
        ) {
            let mut extra = Extra::new();
            let mut model: Vec<(String, Value)> = Vec::new();
            for (op, name, value) in ops {
                let name = format!("f{name}");
                let value = Value::from(value);
                match op {
                    0 | 1 => {
                        let old = extra.insert(name.as_str(), value.clone());
                        let expected = match model.iter_mut().find(|(n, _)| *n == name) {
                            Some((_, v)) => Some(std::mem::replace(v, value)),
                            None => {
                                model.push((name.clone(), value));
                                None
                            }
                        };
                        proptest::prop_assert_eq!(old, expected);
                    }
                    _ => {
                        let expected = model
                            .iter()
                            .position(|(n, _)| *n == name)
                            .map(|i| model.remove(i).1);
                        proptest::prop_assert_eq!(extra.remove(&name), expected);
                    }
                }
                proptest::prop_assert_eq!(extra.len(), model.len());
            }
            let listed: Vec<(String, Value)> =
                extra.iter().map(|(n, v)| (n.to_string(), v.clone())).collect();
            proptest::prop_assert_eq!(&listed, &model);
            for (name, value) in &model {
                proptest::prop_assert_eq!(extra.get(name), Some(value));
            }
            proptest::prop_assert_eq!(extra.get("absent"), None);
            let map = extra.clone().into_map();
            proptest::prop_assert_eq!(map.keys().cloned().collect::<Vec<_>>(),
                model.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn date_text_shows_precision_and_circa() {
        let mut e = ev("x", "2020", None);
        e.circa = true;
        assert_eq!(e.date_text(), "c. 2020");
        assert_eq!(
            ev("y", "1985-04", Some("2013-08")).date_text(),
            "Apr 1985 \u{2013} Aug 2013"
        );
    }
}
