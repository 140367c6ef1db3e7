//! The in-memory timeline: metadata, lanes, eras, story order and events, with events kept sorted
//! by start and their hot numbers (start/end seconds, lane) in flat columns for binary-search
//! culling over millions of events. Knows nothing of files (`io`) or screens (`layout`, `ui`).

use super::date::Date;
use serde_json::{Map, Value};

/// Fields a file carried that Chronoscope does not use; written back unchanged on save.
///
/// Most events have none, so the map lives behind a pointer that stays null until the first
/// insert: 8 bytes per event instead of 72 (a million events: 64 MB saved). It reads and writes
/// like the `serde_json::Map` it holds.
#[derive(Clone, Debug, Default)]
pub struct Extra(Option<Box<Map<String, Value>>>);

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// What an absent map reads as.
static EMPTY_EXTRA: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

impl Extra {
    pub fn new() -> Self {
        Extra(None)
    }

    /// Frees the map if writing left it empty.
    pub fn compact(&mut self) {
        if self.0.as_ref().is_some_and(|m| m.is_empty()) {
            self.0 = None;
        }
    }
}

impl std::ops::Deref for Extra {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        self.0.as_deref().unwrap_or(&EMPTY_EXTRA)
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Default::default)
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Extra((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl Extra {
    /// The fields as a plain map (empty when there are none).
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|b| *b).unwrap_or_default()
    }
}

impl IntoIterator for Extra {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        self.into_map().into_iter()
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        (**self).iter()
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
    /// Hidden until the user shows it (vis-timeline `visible: false`, the Timeline app's
    /// hidden categories): its events start filtered out in the legend.
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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    pub url: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<Date>,
    pub accessed: Option<Date>,
    pub extra: Extra,
}

impl Source {
    pub fn from_url(url: impl Into<String>) -> Self {
        Source {
            url: url.into(),
            ..Default::default()
        }
    }

    /// A plain-text citation: `Publisher, "Title" (7 Feb 1985). URL (accessed 1 Nov 2026)`.
    pub fn citation(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.publisher {
            parts.push(p.clone());
        }
        if let Some(t) = &self.title {
            parts.push(format!("\u{201c}{t}\u{201d}"));
        }
        let mut s = parts.join(", ");
        if let Some(d) = &self.published {
            s.push_str(&format!(" ({d})"));
        }
        if !s.is_empty() {
            s.push_str(". ");
        }
        s.push_str(&self.url);
        if let Some(d) = &self.accessed {
            s.push_str(&format!(" (accessed {d})"));
        }
        s
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub description: String,
    pub start: Date,
    pub end: Option<Date>,
    /// The source itself says "about" / "circa".
    pub circa: bool,
    /// Index into [`Timeline::lanes`].
    pub lane: usize,
    pub tags: Vec<String>,
    pub color: Option<String>,
    pub sources: Vec<Source>,
    /// Text shown in place of the computed date (TimelineJS `display_date`).
    pub display_date: Option<String>,
    pub extra: Extra,
}

impl Event {
    pub fn new(id: impl Into<String>, title: impl Into<String>, start: Date) -> Self {
        Event {
            id: id.into(),
            title: title.into(),
            description: String::new(),
            start,
            end: None,
            circa: false,
            lane: 0,
            tags: Vec::new(),
            color: None,
            sources: Vec::new(),
            display_date: None,
            extra: Extra::new(),
        }
    }

    pub fn is_range(&self) -> bool {
        self.end.is_some()
    }

    /// First instant on the axis.
    pub fn start_secs(&self) -> f64 {
        self.start.start_secs()
    }

    /// Last instant the event may cover: the end of its end date's precision for a range, or
    /// the end of the start's precision for a point ("1985" covers all of 1985).
    pub fn end_secs(&self) -> f64 {
        match &self.end {
            Some(end) => end.end_of_precision_secs(),
            None => self.start.end_of_precision_secs(),
        }
    }

    /// "7 Feb 1985", "c. 2020", "Apr 1985 – Aug 2013".
    pub fn date_text(&self) -> String {
        let circa = if self.circa { "c. " } else { "" };
        match &self.end {
            Some(end) => format!("{circa}{} \u{2013} {end}", self.start),
            None => format!("{circa}{}", self.start),
        }
    }
}

/// Timeline metadata: everything but the events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineMeta {
    pub title: String,
    pub description: String,
    pub lanes: Vec<Lane>,
    pub eras: Vec<Era>,
    /// Presentation order: event ids. Empty means chronological.
    pub story: Vec<String>,
    pub extra: Extra,
}

/// A timeline ready to draw: events sorted by start with flat hot columns.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub meta: TimelineMeta,
    events: Vec<Event>,
    start_secs: Vec<f64>,
    end_secs: Vec<f64>,
    /// Lane index per event, so per-frame passes never touch the (large) `Event` structs.
    lane_of: Vec<u32>,
    /// `max(end_secs[0..=i])`: non-decreasing, so a binary search finds the first event that can
    /// still reach into a view even when a long range started far to the left.
    end_prefix_max: Vec<f64>,
}

/// Sorts events stably by start and returns them with their start seconds. Events are big
/// (~300 bytes): sorting them directly cost 1.5 s for a million shuffled events; sorting
/// 16-byte keys and moving each event once costs ~0.3 s. Already-sorted input (the usual case:
/// files are mostly written in order) is detected and returned as it is.
fn sort_by_start(events: Vec<Event>) -> (Vec<Event>, Vec<f64>) {
    let keys: Vec<f64> = events.iter().map(Event::start_secs).collect();
    if keys.windows(2).all(|w| w[0].total_cmp(&w[1]).is_le()) {
        return (events, keys);
    }
    // order[k] = index of the event that belongs at k; ties keep file order.
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_unstable_by(|&a, &b| keys[a].total_cmp(&keys[b]).then(a.cmp(&b)));
    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    let mut sorted = Vec::with_capacity(slots.len());
    let mut sorted_keys = Vec::with_capacity(slots.len());
    for &i in &order {
        // Each index appears once in `order`, so every slot is still full here.
        if let Some(e) = slots[i].take() {
            sorted.push(e);
            sorted_keys.push(keys[i]);
        }
    }
    (sorted, sorted_keys)
}

/// Gives back the slack that parsing leaves in an event's small vectors and maps: a tag list
/// grown one push at a time keeps room for four, an untouched unknown-field map an allocation.
/// With a million events this is tens of megabytes.
fn compact_event(e: &mut Event) {
    if e.tags.capacity() > e.tags.len() {
        e.tags.shrink_to_fit();
    }
    if e.sources.capacity() > e.sources.len() {
        e.sources.shrink_to_fit();
    }
    e.extra.compact();
    for s in &mut e.sources {
        s.extra.compact();
    }
}

/// The id of the lane events without one go to.
pub const DEFAULT_LANE_ID: &str = "events";

impl Timeline {
    /// Builds a timeline; events are sorted stably by start (file order breaks ties), and every
    /// event's lane index is clamped into `meta.lanes` (a default lane is added when needed).
    pub fn new(mut meta: TimelineMeta, mut events: Vec<Event>) -> Self {
        if meta.lanes.is_empty() || events.iter().any(|e| e.lane >= meta.lanes.len()) {
            let default = meta.lanes.len();
            if !events.is_empty() || meta.lanes.is_empty() {
                meta.lanes.push(Lane {
                    id: DEFAULT_LANE_ID.into(),
                    label: "Events".into(),
                    ..Default::default()
                });
            }
            for e in &mut events {
                if e.lane >= default {
                    e.lane = default;
                }
            }
        }
        for e in &mut events {
            compact_event(e);
        }
        let (events, start_secs) = sort_by_start(events);
        let n = events.len();
        let mut end_secs = Vec::with_capacity(n);
        let mut end_prefix_max = Vec::with_capacity(n);
        let mut lane_of = Vec::with_capacity(n);
        let mut running = f64::NEG_INFINITY;
        for (e, &start) in events.iter().zip(&start_secs) {
            let end = e.end_secs().max(start);
            running = running.max(end);
            end_secs.push(end);
            end_prefix_max.push(running);
            lane_of.push(e.lane as u32);
        }
        Timeline {
            meta,
            events,
            start_secs,
            end_secs,
            lane_of,
            end_prefix_max,
        }
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

    /// Index of the event with this id (linear; ids are looked up on user action only).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id == id)
    }

    /// The index range of events that may overlap `[from, to]`: every event outside it
    /// certainly does not (it starts after `to`, or it and everything before it ended before
    /// `from`). Events inside may still have ended before `from`; callers test
    /// `end_secs >= from` per event, as [`Timeline::visible`] does.
    pub fn candidate_range(&self, from_secs: f64, to_secs: f64) -> std::ops::Range<usize> {
        let first = self.end_prefix_max.partition_point(|&end| end < from_secs);
        let last = self.start_secs.partition_point(|&start| start <= to_secs);
        first..last.max(first)
    }

    /// Indices of the events overlapping `[from, to]`, in start order.
    pub fn visible(&self, from_secs: f64, to_secs: f64) -> impl Iterator<Item = usize> + '_ {
        self.candidate_range(from_secs, to_secs)
            .filter(move |&i| self.end_secs[i] >= from_secs)
    }

    /// Earliest start and latest end over events and eras, or `None` when there is nothing.
    pub fn time_bounds(&self) -> Option<(f64, f64)> {
        let mut lo = self.start_secs.first().copied();
        let mut hi = self.end_prefix_max.last().copied();
        for era in &self.meta.eras {
            let (s, e) = (era.start.start_secs(), era.end.end_of_precision_secs());
            lo = Some(lo.map_or(s, |l| l.min(s)));
            hi = Some(hi.map_or(e, |h| h.max(e)));
        }
        Some((lo?, hi?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: &str, start: &str, end: Option<&str>) -> Event {
        let mut e = Event::new(id, id, Date::parse_iso(start).unwrap());
        e.end = end.map(|s| Date::parse_iso(s).unwrap());
        e
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
        let ids: Vec<_> = t.events().iter().map(|e| e.id.as_str()).collect();
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
        let ids: Vec<_> = t.events().iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "1985#3", "1985#6", "1999#1", "1999#5", "2001#0", "2001#2", "2001#7", "2030#4"
            ]
        );
        assert!(t.start_secs().windows(2).all(|w| w[0] <= w[1]));
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
        let ids: Vec<_> = t
            .visible(from, to)
            .map(|i| t.events()[i].id.as_str())
            .collect();
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
        extra.insert("x-note".into(), Value::Bool(true));
        assert_eq!(extra.get("x-note"), Some(&Value::Bool(true)));
        let mut emptied = Extra::new();
        emptied.insert("a".into(), Value::Null);
        emptied.remove("a");
        assert_eq!(emptied, Extra::new(), "an emptied map equals an absent one");
        emptied.compact();
        assert_eq!(emptied.0, None, "and compacting frees it");
        let round: Extra = extra.clone().into_map().into();
        assert_eq!(round, extra);
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
