//! What every importer shares after parsing: collecting problems ([`Report`]), resolving lane
//! ids to indices ([`Lanes`]), checking ids, and turning the result into a [`Loaded`] or, when
//! nothing usable is left, a [`LoadError`]. Knows no file format.

use super::error::{LoadError, Location, Problem, Skipped};
use super::{Format, Loaded};
use crate::model::timeline::DEFAULT_LANE_ID;
use crate::model::{Event, Lane, Timeline, TimelineMeta};
use std::collections::HashMap;
use std::hash::BuildHasher;

/// At most this many problems are kept per file; the rest are only counted. A file with a
/// million bad rows would otherwise hold a million messages nobody reads; the first thousand
/// show the pattern.
pub const MAX_LISTED_PROBLEMS: usize = 1000;

/// Lane index of an event that names no lane: it goes to the default lane.
pub(crate) const NO_LANE: usize = usize::MAX;

/// Problems and skipped items found while reading one file.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub file: String,
    pub problems: Vec<Problem>,
    pub not_listed: usize,
    pub skipped: Vec<Skipped>,
}

impl Report {
    pub fn new(file: &str) -> Self {
        Report {
            file: file.to_string(),
            ..Default::default()
        }
    }

    pub fn push(&mut self, problem: Problem) {
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(problem);
        } else {
            self.not_listed += 1;
        }
    }

    /// Adds `offset` to every row number (a part of a CSV file read from its middle).
    pub fn shift_rows(&mut self, offset: usize) {
        let shift = |location: &mut Location| {
            if let Location::Row { row, .. } | Location::Cell { row, .. } = location {
                *row += offset;
            }
        };
        self.problems
            .iter_mut()
            .for_each(|p| shift(&mut p.location));
        for s in &mut self.skipped {
            shift(&mut s.location);
            if matches!(s.location, Location::Row { .. } | Location::Cell { .. }) {
                s.position += offset;
            }
        }
    }

    pub fn skip(&mut self, skipped: Skipped) {
        self.skipped.push(skipped);
    }

    /// Appends another report (a chunk parsed on another thread), keeping order.
    pub fn append(&mut self, other: Report) {
        for p in other.problems {
            self.push(p);
        }
        self.not_listed += other.not_listed;
        self.skipped.extend(other.skipped);
    }
}

/// Lanes of a timeline being built: declared ones sorted by `order`, then ones created on the
/// way, with an id → index map.
#[derive(Debug, Default)]
pub(crate) struct Lanes {
    pub list: Vec<Lane>,
    index: HashMap<String, usize>,
    by_label: HashMap<String, usize>,
}

impl Lanes {
    /// Declared lanes, stably sorted: those with an `order` by it, then the rest in file order.
    /// A repeated id keeps the first lane (the caller warns).
    pub fn new(mut declared: Vec<Lane>) -> Self {
        declared.sort_by_key(|l| (l.order.is_none(), l.order.unwrap_or(0)));
        let mut lanes = Lanes::default();
        for lane in declared {
            if !lanes.index.contains_key(&lane.id) {
                lanes.index.insert(lane.id.clone(), lanes.list.len());
                lanes.list.push(lane);
            }
        }
        lanes
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The lane with this id, creating it (labelled `label`) if needed; `true` when created.
    pub fn find_or_add(&mut self, id: &str, label: &str) -> (usize, bool) {
        if let Some(i) = self.find(id) {
            return (i, false);
        }
        let i = self.list.len();
        self.index.insert(id.to_string(), i);
        self.list.push(Lane {
            id: id.to_string(),
            label: label.to_string(),
            ..Default::default()
        });
        (i, true)
    }

    /// The lane labelled `label` (a TimelineJS group, a CSV lane cell), creating it with an id
    /// made from the label ("Camarena case" → "camarena-case", made unique).
    pub fn for_label(&mut self, label: &str) -> usize {
        if let Some(&i) = self.by_label.get(label) {
            return i;
        }
        let base = slug(label);
        let mut id = base.clone();
        let mut n = 1;
        while self.index.contains_key(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        let (i, _) = self.find_or_add(&id, label);
        self.by_label.insert(label.to_string(), i);
        i
    }
}

/// A lane id from a label: lowercase letters and digits, other runs become "-".
pub(crate) fn slug(label: &str) -> String {
    let mut s = String::with_capacity(label.len());
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() { "lane".into() } else { s }
}

/// Finishes a load: resolves [`NO_LANE`] to the default lane, warns about repeated ids
/// (`locate` gives the location of the event at an index of `events`), and builds the
/// timeline. When every event in the file was invalid, the load fails.
pub(crate) fn finish(
    format: Format,
    mut meta: TimelineMeta,
    mut lanes: Lanes,
    mut events: Vec<Event>,
    mut report: Report,
    locate: &dyn Fn(usize) -> Location,
) -> Result<Loaded, LoadError> {
    let skipped_events = report.skipped.iter().filter(|s| s.kind == "event").count();
    if events.is_empty() && skipped_events > 0 {
        let mut problems = report.problems;
        problems.push(Problem::error(
            &report.file,
            Location::File,
            format!(
                "none of the {skipped_events} events could be read; expected at least one valid \
                 event"
            ),
        ));
        return Err(LoadError {
            file: report.file,
            problems,
        });
    }
    if events.iter().any(|e| e.lane == NO_LANE) {
        let (default, _) = lanes.find_or_add(DEFAULT_LANE_ID, "Events");
        for e in events.iter_mut().filter(|e| e.lane == NO_LANE) {
            e.lane = default;
        }
    }
    warn_repeated_ids(&events, &mut report, locate);
    // Problems arrive by kind (events, then lanes found in them…); list them in file order.
    report.problems.sort_by_key(|p| location_key(&p.location));
    meta.lanes = lanes.list;
    Ok(Loaded {
        timeline: Timeline::new(meta, events),
        format,
        problems: report.problems,
        problems_not_listed: report.not_listed,
        skipped: report.skipped,
    })
}

/// Sorts whole-file problems first, then by line:column or row.
fn location_key(location: &Location) -> (usize, usize) {
    match location {
        Location::File => (0, 0),
        Location::Text { line, column } => (*line, *column),
        Location::Row { row, .. } => (*row, 0),
        Location::Cell { row, column, .. } => (*row, column.as_ref().map_or(0, |c| c.0 as usize + 1)),
    }
}

/// Warns about ids used more than once. Compares 64-bit hashes first (sorting a million of
/// them takes ~30 ms, where a map of a million strings took ~250 ms) and the strings only
/// within equal-hash runs.
fn warn_repeated_ids(events: &[Event], report: &mut Report, locate: &dyn Fn(usize) -> Location) {
    let state = std::collections::hash_map::RandomState::new();
    let mut hashes: Vec<(u64, usize)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (state.hash_one(e.id.as_str()), i))
        .collect();
    hashes.sort_unstable();
    let mut repeats = Vec::new();
    for run in hashes.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // Within a run indices ascend, so the first equal id found is the earliest.
        for (k, &(_, i)) in run.iter().enumerate().skip(1) {
            if let Some(&(_, first)) = run[..k].iter().find(|(_, j)| events[*j].id == events[i].id)
            {
                repeats.push((i, first));
            }
        }
    }
    repeats.sort_unstable();
    for (i, first) in repeats {
        let at = match locate(first) {
            Location::Text { line, column } => format!(" (first at {line}:{column})"),
            Location::Row { row, .. } | Location::Cell { row, .. } => {
                format!(" (first in row {row})")
            }
            Location::File => String::new(),
        };
        report.push(
            Problem::warning(
                &report.file,
                locate(i),
                format!("id is used twice{at}; expected unique ids — links to it are ambiguous"),
            )
            .with_field("id")
            .with_value(&format!("{:?}", events[i].id)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn lane(id: &str, order: Option<i64>) -> Lane {
        Lane {
            id: id.into(),
            label: id.into(),
            order,
            ..Default::default()
        }
    }

    #[test]
    fn lanes_sort_by_order_then_file_order() {
        let lanes = Lanes::new(vec![
            lane("c", None),
            lane("b", Some(2)),
            lane("a", Some(1)),
            lane("d", None),
            lane("a", Some(5)),
        ]);
        let ids: Vec<_> = lanes.list.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        assert_eq!(lanes.find("c"), Some(2));
    }

    #[test]
    fn lanes_from_labels_get_unique_slugs() {
        let mut lanes = Lanes::default();
        assert_eq!(lanes.for_label("Camarena case"), 0);
        assert_eq!(lanes.for_label("Caro Quintero"), 1);
        assert_eq!(lanes.for_label("Camarena case"), 0);
        assert_eq!(lanes.for_label("camarena  CASE!"), 2);
        let ids: Vec<_> = lanes.list.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["camarena-case", "caro-quintero", "camarena-case-2"]);
        assert_eq!(lanes.list[2].label, "camarena  CASE!");
        assert_eq!(slug("Señor Z-40"), "señor-z-40");
        assert_eq!(slug("!!"), "lane");
    }

    #[test]
    fn events_without_lane_go_to_one_default_lane() {
        let d = Date::year(1985).unwrap();
        let mut a = Event::new("a", "A", d);
        a.lane = NO_LANE;
        let mut b = Event::new("b", "B", d);
        b.lane = 0;
        let loaded = finish(
            Format::Native,
            TimelineMeta::default(),
            Lanes::new(vec![lane("x", None)]),
            vec![a, b],
            Report::new("f"),
            &|_| Location::File,
        )
        .unwrap();
        let t = &loaded.timeline;
        assert_eq!(t.lanes().len(), 2);
        assert_eq!(t.lanes()[1].id, DEFAULT_LANE_ID);
        assert_eq!(t.events()[0].lane, 1);
        assert_eq!(t.events()[1].lane, 0);
    }

    #[test]
    fn every_repeat_names_the_first_use() {
        let d = Date::year(1985).unwrap();
        let ids = ["a", "b", "a", "c", "a", "b"];
        let events = ids.iter().map(|id| Event::new(*id, *id, d)).collect();
        let loaded = finish(
            Format::Native,
            TimelineMeta::default(),
            Lanes::default(),
            events,
            Report::new("f"),
            &|i| Location::Row {
                row: i + 2,
                column: None,
            },
        )
        .unwrap();
        let found: Vec<_> = loaded
            .problems
            .iter()
            .map(|p| {
                (
                    p.location.clone(),
                    p.message.split(';').next().unwrap_or(""),
                )
            })
            .collect();
        let row = |row| Location::Row { row, column: None };
        assert_eq!(
            found,
            [
                (row(4), "id is used twice (first in row 2)"),
                (row(6), "id is used twice (first in row 2)"),
                (row(7), "id is used twice (first in row 3)"),
            ]
        );
    }

    #[test]
    fn repeated_ids_are_warned_about() {
        let d = Date::year(1985).unwrap();
        let loaded = finish(
            Format::Native,
            TimelineMeta::default(),
            Lanes::default(),
            vec![Event::new("a", "A", d), Event::new("a", "B", d)],
            Report::new("f"),
            &|i| Location::Text {
                line: i + 1,
                column: 1,
            },
        )
        .unwrap();
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(
            loaded.problems[0].to_string(),
            "f:2:1: warning: field `id`: \"a\" \u{2014} id is used twice (first at 1:1); \
             expected unique ids \u{2014} links to it are ambiguous"
        );
    }
}
