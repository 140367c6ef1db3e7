//! What every importer shares after parsing: collecting problems ([`Report`]), resolving lane
//! ids to indices ([`Lanes`]), checking ids, and turning the result into a [`Loaded`] or, when
//! nothing usable is left, a [`LoadError`]. Knows no file format.

use super::error::{LoadError, Location, Problem, Skipped};
use super::{Format, Loaded};
use crate::model::timeline::DEFAULT_LANE_ID;
use crate::model::{Event, Extra, Lane, Timeline, TimelineMeta};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
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
    /// A limit crossed while reading: the load fails with this error whatever else was read.
    pub fatal: Option<Problem>,
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
        if let Some(p) = &mut self.fatal {
            shift(&mut p.location);
        }
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

    /// Lists the event at `position` (1-based, in its file), named `name` when it has one, as
    /// skipped at `location`, with the `problems` that stopped it.
    pub fn skip_event(
        &mut self,
        position: usize,
        name: Option<String>,
        problems: Vec<Problem>,
        location: Location,
    ) {
        problems.into_iter().for_each(|p| self.push(p));
        self.skip(Skipped {
            kind: "event",
            position,
            name,
            location,
        });
    }

    /// Appends another report (a chunk parsed on another thread), keeping order.
    pub fn append(&mut self, other: Report) {
        for p in other.problems {
            self.push(p);
        }
        self.not_listed += other.not_listed;
        self.skipped.extend(other.skipped);
        if self.fatal.is_none() {
            self.fatal = other.fatal;
        }
    }
}

/// Lanes of a timeline being built: declared ones sorted by `order`, then ones created on the
/// way, with an id → index map.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lanes {
    pub list: Vec<Lane>,
    index: HashMap<String, usize, FastHash>,
    by_label: HashMap<String, usize, FastHash>,
    /// Per slug, the suffix [`Lanes::for_label`] tries next, so that many labels with one slug
    /// ("a", "A", "a!"…) take linear time instead of probing "a-2", "a-3"… from the start.
    next_suffix: HashMap<String, usize, FastHash>,
}

/// Lanes are looked up once per row: a fast seeded hash, not SipHash.
type FastHash = foldhash::fast::RandomState;

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
        let base = lane_slug(label);
        let mut id = base.clone();
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        while self.index.contains_key(&id) {
            id = format!("{base}-{next}");
            *next += 1;
        }
        let (i, _) = self.find_or_add(&id, label);
        self.by_label.insert(label.to_string(), i);
        i
    }

    /// Joins the lanes a later part of a file made by label (as one reader going on would
    /// have); the returned map points that part's events at the joined lanes
    /// ([`PartLanes::place`]).
    pub fn join_part(&mut self, part: &Lanes) -> PartLanes {
        self.join_part_after(part, 0)
    }

    /// [`Lanes::join_part`] for parts that all started from the same first `shared` lanes (the
    /// lanes a file declares): those keep their places, the rest are joined by label.
    pub fn join_part_after(&mut self, part: &Lanes, shared: usize) -> PartLanes {
        let shared = shared.min(part.list.len());
        PartLanes(
            (0..shared)
                .chain(part.list[shared..].iter().map(|l| self.for_label(&l.label)))
                .collect(),
        )
    }
}

/// Where each lane of a later part went among the joined lanes.
pub(crate) struct PartLanes(Vec<usize>);

impl PartLanes {
    /// Points an event of the part at its joined lane.
    pub fn place(&self, e: &mut Event) {
        if e.lane() != NO_LANE {
            e.set_lane(self.0[e.lane()]);
        }
    }
}

/// The id of the `n`th event (1-based) of a file that gives none: "e1", "e2"…
pub(crate) fn numbered_id(n: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    let mut id = String::with_capacity(1 + digits.len());
    id.push('e');
    id.push_str(digits);
    id
}

/// Stand-in ids for events read before the events ahead of them are counted: "e" and as many
/// zeros as the longest [`numbered_id`] of a file of `file_len` bytes has digits (a file has
/// fewer events than bytes). [`stand_in_id`] cuts one to the length a guessed number has, so
/// that [`Event::set_id`] usually replaces it with an id of the same length, in place.
pub(crate) fn placeholder_id(file_len: usize) -> String {
    let mut id = String::from("e");
    id.extend(std::iter::repeat_n('0', digits(file_len)));
    id
}

/// The stand-in for the event guessed to be number `guess`: as long as its id will be unless
/// the guess is off by a power of ten.
pub(crate) fn stand_in_id(placeholder: &str, guess: usize) -> &str {
    &placeholder[..(1 + digits(guess)).min(placeholder.len())]
}

/// Decimal digits of `n` (1 for 0).
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// A lane id from a label (see [`crate::model::slug`]); "lane" when it has no letter or digit.
pub fn lane_slug(label: &str) -> String {
    let s = crate::model::slug(label);
    if s.is_empty() { "lane".into() } else { s }
}

/// Finishes a load: resolves [`NO_LANE`] to the default lane, warns about repeated ids
/// (`locate` gives the location of the event at an index of `events`), and builds the
/// timeline. When every event in the file was invalid, the load fails.
/// Where a file's event ids come from, which says whether they can repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ids {
    /// Written in the file (events without one numbered): checked for repeats.
    FromFile,
    /// Every one made by the importer from the event's own place in the file ([`numbered_id`],
    /// or "r12" for a spreadsheet's row 12): none repeats, so there is nothing to check.
    Numbered,
}

pub(crate) fn finish(
    format: Format,
    mut meta: TimelineMeta,
    mut lanes: Lanes,
    mut events: Vec<Event>,
    ids: Ids,
    mut report: Report,
    locate: &dyn Fn(usize) -> Location,
) -> Result<Loaded, LoadError> {
    if let Some(fatal) = report.fatal.take() {
        return Err(LoadError::single(fatal));
    }
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
            not_listed: report.not_listed,
        });
    }
    if events.par_iter().any(|e| e.lane() == NO_LANE) {
        let (default, _) = lanes.find_or_add(DEFAULT_LANE_ID, "Events");
        events
            .par_iter_mut()
            .filter(|e| e.lane() == NO_LANE)
            .for_each(|e| e.set_lane(default));
    }
    debug_assert!(ids == Ids::FromFile || IdHashes::of(&events).repeated().is_empty());
    let id_hashes = (ids == Ids::FromFile).then(|| IdHashes::of(&events));
    // Renamed fields are reported after repeated ids, which are only found below.
    let mut renamed = Report::new(&report.file);
    keep_extra_fields_apart(
        &mut meta,
        &mut lanes.list,
        &mut events,
        &mut renamed,
        locate,
    );
    meta.lanes = lanes.list;
    // The id hashes are sorted while the timeline sorts its events (one core's work when they
    // are out of order).
    let (timeline, repeated) = rayon::join(
        || Timeline::new(meta, events),
        || id_hashes.map(IdHashes::repeated).unwrap_or_default(),
    );
    if !repeated.is_empty() {
        warn_repeated_ids(&timeline, &repeated, &mut report, locate);
    }
    report.append(renamed);
    // Problems arrive by kind (events, then lanes found in them…); list them in file order.
    report.problems.sort_by_key(|p| location_key(&p.location));
    Ok(Loaded {
        timeline,
        format,
        problems: report.problems,
        problems_not_listed: report.not_listed,
        skipped: report.skipped,
        sheet: None,
    })
}

/// Names of the fields the native format reads at each level. An unknown field by one of these
/// names would be written beside the native field and read back in its place.
pub(crate) mod native_keys {
    pub const TOP: &[&str] = &[
        "chronoscope",
        "title",
        "description",
        "lanes",
        "eras",
        "story",
        "events",
    ];
    pub const EVENT: &[&str] = &[
        "id",
        "title",
        "start",
        "end",
        "circa",
        "lane",
        "tags",
        "color",
        "description",
        "display_date",
        "sources",
    ];
    pub const SOURCE: &[&str] = &["url", "title", "publisher", "published", "accessed"];
    pub const LANE: &[&str] = &["id", "label", "color", "order", "hidden"];
    pub const ERA: &[&str] = &["label", "start", "end", "color"];
    /// A story step about an event.
    pub const EVENT_STEP: &[&str] = &["event", "caption"];
    /// A story step that shows a stretch of time.
    pub const VIEW_STEP: &[&str] = &["start", "end", "title", "caption", "lanes"];
}

/// The name an unknown field gets when its own is taken: `x-NAME`, or `x-x-NAME`… when that is
/// taken too. `taken` says whether a name is in use.
pub(crate) fn unshadowed_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut new = format!("x-{name}");
    while taken(&new) {
        new.insert_str(0, "x-");
    }
    new
}

/// Renames the fields of `extra` that bear a native name; returns (old, new) names.
fn rename_shadowing(extra: &mut Extra, native: &[&str]) -> Vec<(String, String)> {
    if !extra.keys().any(|k| native.contains(&k)) {
        return Vec::new();
    }
    let old = std::mem::take(extra).into_map();
    let names: HashSet<String> = old.keys().cloned().collect();
    let mut renamed = Vec::new();
    let mut kept = serde_json::Map::new();
    for (key, value) in old {
        if native.contains(&key.as_str()) {
            let new = unshadowed_name(&key, |n| names.contains(n) || kept.contains_key(n));
            kept.insert(new.clone(), value);
            renamed.push((key, new));
        } else {
            kept.insert(key, value);
        }
    }
    *extra = Extra::from(kept);
    renamed
}

/// Unknown fields never shadow native ones: a field an importer kept whose name the native
/// format reads itself (an `end` beside TimelineJS' `end_date`, a media `title` beside its
/// `caption`) is renamed by [`unshadowed_name`], with one warning per name and kind of item, so
/// that writing and reading the file again gives back the same timeline.
fn keep_extra_fields_apart(
    meta: &mut TimelineMeta,
    lanes: &mut [Lane],
    events: &mut [Event],
    report: &mut Report,
    locate: &dyn Fn(usize) -> Location,
) {
    let mut warned: HashSet<(&'static str, String)> = HashSet::new();
    let mut warn =
        |report: &mut Report, kind: &'static str, location: Location, old: String, new| {
            if warned.insert((kind, old.clone())) {
                report.push(
                    Problem::warning(
                        &report.file,
                        location,
                        format!(
                            "the {kind}'s own \"{old}\" is a different field; kept this one as the \
                         unknown field \"{new}\" so that it is never read in its place"
                        ),
                    )
                    .with_field(old),
                );
            }
        };
    for (old, new) in rename_shadowing(&mut meta.extra, native_keys::TOP) {
        warn(report, "timeline", Location::File, old, new);
    }
    for lane in lanes.iter_mut() {
        for (old, new) in rename_shadowing(&mut lane.extra, native_keys::LANE) {
            warn(report, "lane", Location::File, old, new);
        }
    }
    for era in &mut meta.eras {
        for (old, new) in rename_shadowing(&mut era.extra, native_keys::ERA) {
            warn(report, "era", Location::File, old, new);
        }
    }
    let shadowing_event = |e: &Event| e.extra().keys().any(|k| native_keys::EVENT.contains(&k));
    let shadowing_source =
        |s: &crate::model::Source| s.extra().keys().any(|k| native_keys::SOURCE.contains(&k));
    // Looking is on every core (ten million events took 0.25 s on one); the few events found
    // are changed in file order, so that warnings come in it.
    let found: Vec<usize> = events
        .par_iter()
        .enumerate()
        .filter(|(_, e)| shadowing_event(e) || e.sources().iter().any(shadowing_source))
        .map(|(i, _)| i)
        .collect();
    for i in found {
        let e = &mut events[i];
        if shadowing_event(e) {
            let mut renamed = Vec::new();
            e.change_extra(|extra| renamed = rename_shadowing(extra, native_keys::EVENT));
            for (old, new) in renamed {
                warn(report, "event", locate(i), old, new);
            }
        }
        if e.sources().iter().any(shadowing_source) {
            let mut sources = e.sources().to_vec();
            for source in &mut sources {
                let mut details = source.details();
                for (old, new) in rename_shadowing(&mut details.extra, native_keys::SOURCE) {
                    warn(report, "source", locate(i), old, new);
                }
                source.set_details(details);
            }
            e.set_sources(sources);
        }
    }
}

/// Sorts whole-file problems first, then by line:column or row.
fn location_key(location: &Location) -> (usize, usize) {
    match location {
        Location::File => (0, 0),
        Location::Text { line, column } => (*line, *column),
        Location::Row { row, .. } => (*row, 0),
        Location::Cell { row, column, .. } => {
            (*row, column.as_ref().map_or(0, |c| c.index as usize + 1))
        }
    }
}

/// Event ids hashed to 64 bits, in the order of the events. Repeats are found among the bare
/// hashes first (sorting a million of them takes ~30 ms, where a map of a million strings took
/// ~250 ms): most files repeat none.
struct IdHashes(Vec<u64>);

/// The seed of [`IdHashes`]: fixed, so that the hashes of one load can be computed again.
const ID_HASH_SEED: u64 = 0x6368_726f_6e6f_7363;

fn id_hash(id: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(ID_HASH_SEED).hash_one(id)
}

impl IdHashes {
    fn of(events: &[Event]) -> Self {
        IdHashes(events.par_iter().map(|e| id_hash(e.id())).collect())
    }

    /// The hashes that occur more than once.
    fn repeated(self) -> HashSet<u64, FastHash> {
        let mut hashes = self.0;
        hashes.par_sort_unstable();
        hashes
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect()
    }
}

/// Warns about each use of an id after its first, in the timeline's file order, for the ids
/// whose hashes are `repeated` (equal hashes of different ids are told apart here).
fn warn_repeated_ids(
    timeline: &Timeline,
    repeated: &HashSet<u64, FastHash>,
    report: &mut Report,
    locate: &dyn Fn(usize) -> Location,
) {
    let events = timeline.events();
    let file_order = timeline.file_order();
    // (hash, place in the file, index in the timeline)
    let mut uses: Vec<(u64, u32, usize)> = events
        .par_iter()
        .enumerate()
        .filter_map(|(k, e)| {
            let hash = id_hash(e.id());
            repeated.contains(&hash).then(|| (hash, file_order[k], k))
        })
        .collect();
    uses.par_sort_unstable();
    let mut repeats = Vec::new();
    for run in uses.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // Within a run places ascend, so the first place stored for an id is its first use.
        // (A map per run: 200,000 uses of one id must not compare each with all before it.)
        let mut first_use: HashMap<&str, usize> = HashMap::new();
        for &(_, place, k) in run {
            let place = place as usize;
            let first = *first_use.entry(events[k].id()).or_insert(place);
            if first != place {
                repeats.push((place, first, k));
            }
        }
    }
    repeats.sort_unstable();
    for (i, first, k) in repeats {
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
            .with_value(&format!("{:?}", events[k].id())),
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
        assert_eq!(lane_slug("Señor Z-40"), "señor-z-40");
        assert_eq!(lane_slug("!!"), "lane");
    }

    #[test]
    fn events_without_lane_go_to_one_default_lane() {
        let d = Date::year(1985).unwrap();
        let mut a = Event::new("a", "A", d);
        a.set_lane(NO_LANE);
        let mut b = Event::new("b", "B", d);
        b.set_lane(0);
        let loaded = finish(
            Format::Native,
            TimelineMeta::default(),
            Lanes::new(vec![lane("x", None)]),
            vec![a, b],
            Ids::FromFile,
            Report::new("f"),
            &|_| Location::File,
        )
        .unwrap();
        let t = &loaded.timeline;
        assert_eq!(t.lanes().len(), 2);
        assert_eq!(t.lanes()[1].id, DEFAULT_LANE_ID);
        assert_eq!(t.events()[0].lane(), 1);
        assert_eq!(t.events()[1].lane(), 0);
    }

    #[test]
    fn every_repeat_names_the_first_use() {
        // Later rows have earlier dates: the timeline reverses them, and repeats are still
        // told in file order.
        let ids = ["a", "b", "a", "c", "a", "b"];
        let events = ids
            .iter()
            .zip((1980..1986).rev())
            .map(|(id, year)| Event::new(*id, *id, Date::year(year).unwrap()))
            .collect();
        let loaded = finish(
            Format::Native,
            TimelineMeta::default(),
            Lanes::default(),
            events,
            Ids::FromFile,
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
                    p.value.clone().unwrap_or_default(),
                    p.message.split(';').next().unwrap_or(""),
                )
            })
            .collect();
        let row = |row| Location::Row { row, column: None };
        assert_eq!(
            found,
            [
                (row(4), "\"a\"".into(), "id is used twice (first in row 2)"),
                (row(6), "\"a\"".into(), "id is used twice (first in row 2)"),
                (row(7), "\"b\"".into(), "id is used twice (first in row 3)"),
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
            Ids::FromFile,
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
