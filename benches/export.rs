//! Export benchmark: a 3840×2160 PNG (scale 2) of a seeded 10,000-event timeline fitted to the
//! view — headless egui frames, CPU rasterisation and PNG encoding into memory.

mod common;

use chronoscope::export::{ExportOptions, render_timeline};
use chronoscope::theme::Theme;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::time::Duration;

fn export(c: &mut Criterion) {
    let timeline = common::timeline(10_000);
    let options = ExportOptions {
        scale: 2.0,
        ..ExportOptions::new(3840, 2160, Theme::light())
    };
    let mut group = c.benchmark_group("export");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("png_3840x2160_10k", |b| {
        b.iter(|| {
            let image = render_timeline(&timeline, &options).expect("a valid size and scale");
            let mut png = Vec::new();
            image.write_png(&mut png).expect("encoding into memory");
            png
        })
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
