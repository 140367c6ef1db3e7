//! Frame benchmarks with 10,000,000 events at 1920×1080 (fit all, a decade, a day) and a zoom
//! step: the same headless frame as `benches/frame.rs`, ten times the data. Generating the
//! timeline takes about a minute and 3 GB, so it is a bench of its own.

mod common;

use chronoscope::view::fit_view;
use common::{DAY_SECS, Headless, YEAR_SECS, view_around_middle};
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

const TEN_MILLION: usize = 10_000_000;
const SCREEN: [f32; 2] = [1920.0, 1080.0];

fn zooms(c: &mut Criterion) {
    let timeline = common::timeline(TEN_MILLION);
    let mut headless = Headless::new(SCREEN);
    let mut group = c.benchmark_group("frame_10m");
    group.measurement_time(Duration::from_secs(8));
    for (name, view) in [
        ("fit_all", fit_view(&timeline)),
        ("decade", view_around_middle(&timeline, 10.0 * YEAR_SECS)),
        ("day", view_around_middle(&timeline, DAY_SECS)),
    ] {
        group.bench_function(name, |b| b.iter(|| headless.frame(&timeline, view)));
    }
    let width = headless.width();
    let mut view = view_around_middle(&timeline, 10.0 * YEAR_SECS);
    let decade = view.span_secs;
    let mut factor = 1.2;
    group.bench_function("zoom_step", |b| {
        b.iter(|| {
            view = view.zoom_at(width / 2.0, width, factor);
            if view.span_secs < 3_600.0 {
                factor = 1.0 / 1.2;
            } else if view.span_secs > decade {
                factor = 1.2;
            }
            headless.frame(&timeline, view)
        })
    });
    group.finish();
}

criterion_group!(benches, zooms);
criterion_main!(benches);
