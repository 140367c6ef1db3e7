//! Scale test: 100,000 generated events written as native JSON and as plain CSV, loaded back
//! through the real loader, with counts, lanes, sort order and culling checked against brute
//! force. No timings here: those are in `benches/`.

use chronoscope::generate::{GenerateOptions, generate, write_file};
use chronoscope::io::{self, Format};
use chronoscope::model::Timeline;

const EVENTS: usize = 100_000;
const LANES: usize = 9;

fn brute_force_visible(t: &Timeline, from: f64, to: f64) -> Vec<usize> {
    (0..t.len())
        .filter(|&i| t.start_secs()[i] <= to && t.end_secs()[i] >= from)
        .collect()
}

#[test]
fn a_hundred_thousand_events_survive_json_and_csv_and_cull_exactly() {
    let generated = generate(&GenerateOptions {
        events: EVENTS,
        lanes: LANES,
        seed: 2026,
        from_year: 1900,
        to_year: 2030,
        range_fraction: 0.2,
    });
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, format) in [
        ("scale.json", Format::Native),
        ("scale.csv", Format::PlainCsv),
    ] {
        let path = dir.path().join(name);
        write_file(&generated, &path).expect("write");
        let loaded = io::load_path(&path).expect("load");
        assert_eq!(loaded.format, format, "{name}");
        assert!(loaded.is_clean(), "{name}: {:?}", loaded.problems.first());
        let t = &loaded.timeline;
        assert_eq!(t.len(), EVENTS, "{name}");
        assert_eq!(t.lanes().len(), LANES, "{name}");
        let mut per_lane = vec![0usize; LANES];
        for e in t.events() {
            per_lane[e.lane()] += 1;
        }
        assert!(per_lane.iter().all(|&n| n > 0), "{name}: {per_lane:?}");
        assert!(
            t.start_secs().windows(2).all(|w| w[0] <= w[1]),
            "{name}: starts are sorted"
        );
        for (e, &s) in t.events().iter().zip(t.start_secs()) {
            assert_eq!(
                e.start_secs(),
                s,
                "{name}: the hot column matches the event"
            );
        }

        // Culling over a spread of windows: a minute, a day, a month, a decade, everything,
        // and windows before and after the data.
        let (lo, hi) = t.time_bounds().expect("events");
        let mut windows = vec![(lo - 1.0e9, lo - 1.0), (hi + 1.0, hi + 1.0e9), (lo, hi)];
        for (k, span) in [60.0, 86_400.0, 2.6e6, 3.2e8].into_iter().enumerate() {
            for j in 0..5 {
                let from = lo + (hi - lo) * (0.1 + 0.19 * j as f64 + 0.01 * k as f64);
                windows.push((from, from + span));
            }
        }
        for (from, to) in windows {
            let fast: Vec<usize> = t.visible(from, to).collect();
            assert_eq!(
                fast,
                brute_force_visible(t, from, to),
                "{name}: window {from}..{to}"
            );
        }
    }
}
