//! Frame benchmarks at 1920×1080 in a headless egui context: one frame of layout + paint +
//! tessellation with 1,000,000 events at three zooms (fit all, a decade, a day); a zoom step and
//! a pan step at 100,000 and 1,000,000 events; and the time to first frame (load + a fresh
//! context's first frame) for the built-in sample and for a 1,000,000-event JSON file; culling
//! with one range spanning the whole timeline.

mod common;

use chronoscope::io;
use chronoscope::ui::app::SAMPLE_JSON;
use chronoscope::view::TimeView;
use chronoscope::view::fit_view;
use common::{DAY_SECS, Files, Headless, MILLION, YEAR_SECS, view_around_middle};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::time::Duration;

const SCREEN: [f32; 2] = [1920.0, 1080.0];
/// One wheel notch.
const ZOOM_STEP: f64 = 1.2;
/// One frame of a brisk drag: 24 px at 120 Hz is 2,880 px/s.
const PAN_STEP_PX: f32 = 24.0;
const HOUR_SECS: f64 = 3_600.0;

fn zooms(c: &mut Criterion) {
    let timeline = common::timeline(MILLION);
    let mut headless = Headless::new(SCREEN);
    let mut group = c.benchmark_group("frame_1m");
    group.measurement_time(Duration::from_secs(8));
    for (name, view) in [
        ("fit_all", fit_view(&timeline)),
        ("decade", view_around_middle(&timeline, 10.0 * YEAR_SECS)),
        ("day", view_around_middle(&timeline, DAY_SECS)),
    ] {
        group.bench_function(name, |b| b.iter(|| headless.frame(&timeline, view)));
    }
    group.finish();
}

fn steps(c: &mut Criterion) {
    let mut group = c.benchmark_group("step");
    group.measurement_time(Duration::from_secs(8));
    for events in [100_000, MILLION] {
        let timeline = common::timeline(events);
        let mut headless = Headless::new(SCREEN);
        let width = headless.width();
        // Zoom: a wheel notch per frame about the canvas centre, in from a decade to an hour and
        // back out, so every frame measures the labels that came into view.
        let decade = view_around_middle(&timeline, 10.0 * YEAR_SECS);
        let (mut view, mut factor) = (decade, ZOOM_STEP);
        group.bench_function(format!("zoom_{events}"), |b| {
            b.iter(|| {
                view = view.zoom_at(width / 2.0, width, factor);
                if view.span_secs < HOUR_SECS {
                    factor = 1.0 / ZOOM_STEP;
                } else if view.span_secs > decade.span_secs {
                    factor = ZOOM_STEP;
                }
                headless.frame(&timeline, view)
            })
        });
        // Pan: a year-wide view dragged towards later times, wrapping at the end of the data.
        let year = view_around_middle(&timeline, YEAR_SECS);
        let last = timeline.start_secs().last().copied().unwrap_or(0.0);
        let mut view = year;
        group.bench_function(format!("pan_{events}"), |b| {
            b.iter(|| {
                view = view.pan(-PAN_STEP_PX, width);
                if view.start_secs > last {
                    view = year;
                }
                headless.frame(&timeline, view)
            })
        });
    }
    group.finish();
}

fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.bench_function("sample", |b| {
        b.iter(|| {
            let loaded = io::load_bytes("cartel-transfer.json", SAMPLE_JSON, Some("json"))
                .expect("the sample loads");
            first_frame_of(&loaded.timeline)
        })
    });
    let files = Files::write(&common::timeline(MILLION));
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("json_1m", |b| {
        b.iter_with_large_drop(|| {
            let loaded = io::load_path(&files.json).expect("the generated file loads");
            let primitives = first_frame_of(&loaded.timeline);
            (loaded, primitives)
        })
    });
    group.finish();
}

/// A fresh context (fonts not yet loaded) drawing its first frame of the fitted timeline.
fn first_frame_of(timeline: &chronoscope::model::Timeline) -> Vec<egui::ClippedPrimitive> {
    let view: TimeView = fit_view(timeline);
    Headless::cold(SCREEN).frame(timeline, view)
}

/// Culling with one range covering the whole century, as a case file's "investigation
/// 1985–2013" bar does: finding the visible events, and a whole frame, at a decade and a day,
/// against the same data without the long range.
fn long_range(c: &mut Criterion) {
    let plain = common::timeline(MILLION);
    let spanned = common::with_century_range(&plain);
    let mut headless = Headless::new(SCREEN);
    let mut group = c.benchmark_group("cull_1m");
    group.measurement_time(Duration::from_secs(8));
    for (data, timeline) in [("plain", &plain), ("century_range", &spanned)] {
        for (zoom, span) in [("decade", 10.0 * YEAR_SECS), ("day", DAY_SECS)] {
            let view = view_around_middle(timeline, span);
            group.bench_function(format!("visible_{zoom}_{data}"), |b| {
                b.iter(|| timeline.visible(view.start_secs, view.end_secs()).count())
            });
            group.bench_function(format!("frame_{zoom}_{data}"), |b| {
                b.iter(|| headless.frame(timeline, view))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, zooms, steps, first_frame, long_range);
criterion_main!(benches);
