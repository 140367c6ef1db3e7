//! Test helpers for the importers that read on every core: a file loaded on a pool of a given
//! size, the comparison of two loads, and where repeated ids were reported.

use super::{Loaded, Location, load_bytes};

/// Loads `text` as the file `name` on a thread pool of `threads` threads.
pub fn load_on_threads(name: &str, text: &str, threads: usize) -> Loaded {
    let ext = name.rsplit('.').next();
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(|| load_bytes(name, text.as_bytes(), ext))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Asserts that two loads of one file found exactly the same: events in the same order, lanes,
/// eras, file order, problems and skipped items.
pub fn assert_same_load(one: &Loaded, other: &Loaded) {
    assert_eq!(one.format, other.format);
    assert_eq!(one.timeline.events(), other.timeline.events());
    assert_eq!(one.timeline.lanes(), other.timeline.lanes());
    assert_eq!(one.timeline.eras(), other.timeline.eras());
    assert_eq!(one.timeline.file_order(), other.timeline.file_order());
    assert_eq!(one.problems, other.problems);
    assert_eq!(one.skipped, other.skipped);
}

/// The lines of the "id is used twice" warnings, in order.
pub fn repeated_id_lines(loaded: &Loaded) -> Vec<usize> {
    loaded
        .problems
        .iter()
        .filter(|p| p.message.starts_with("id is used twice"))
        .filter_map(|p| match p.location {
            Location::Text { line, .. } => Some(line),
            _ => None,
        })
        .collect()
}

/// The labels of the loaded lanes, in order.
pub fn lane_labels(loaded: &Loaded) -> Vec<&str> {
    loaded
        .timeline
        .lanes()
        .iter()
        .map(|l| l.label.as_str())
        .collect()
}

/// Asserts that each event, titled with one letter and its place in the file ("t42"), stands
/// on the lane labelled `label_of(place)`.
pub fn assert_events_on_lanes(loaded: &Loaded, label_of: impl Fn(usize) -> String) {
    let lanes = loaded.timeline.lanes();
    for e in loaded.timeline.events() {
        let place: usize = e.title()[1..]
            .parse()
            .expect("titles are a letter and a number");
        assert_eq!(lanes[e.lane()].label, label_of(place), "{}", e.title());
    }
}
