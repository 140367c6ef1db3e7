//! Search benchmark: 1,000,000 seeded events. Building the lowercase index (once per load, on a
//! worker), one query slice (the first results a keystroke shows) and a whole query on one
//! core and on all cores. The UI thread runs none of this; it only reads the count.

mod common;

use chronoscope::model::search_index::{QUERY_SLICE, SearchIndex};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

fn search(c: &mut Criterion) {
    let timeline = common::timeline(common::MILLION);
    let mut group = c.benchmark_group("search_1m");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("build_index", |b| b.iter(|| SearchIndex::build(&timeline)));
    let index = SearchIndex::build(&timeline);
    // Two words that occur in generated titles, one rare enough to make a full scan.
    for query in ["arrested", "witness statement"] {
        let words = SearchIndex::words(query);
        let name = query.replace(' ', "_");
        group.bench_function(format!("first_slice_{name}"), |b| {
            b.iter(|| index.matches_in(&timeline, &words, 0..QUERY_SLICE))
        });
        group.bench_function(format!("one_core_{name}"), |b| {
            b.iter(|| index.matches_in(&timeline, &words, 0..index.len()))
        });
        group.bench_function(format!("all_cores_{name}"), |b| {
            b.iter(|| index.matches(&timeline, &words))
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
