//! Export benchmark: a seeded 10,000-event timeline fitted to the view, exported as a 3840×2160
//! PNG (scale 2: headless egui frames, CPU rasterisation, PNG encoding into memory) and as SVG and
//! PDF of the same frame (headless frames, the shape walk, writing into memory). The SVG and PDF
//! sizes are printed once before timing.

mod common;

use chronoscope::export::{ExportOptions, render_pdf, render_svg, render_timeline};
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
    let mut vector_options = ExportOptions::new(1920, 1080, Theme::light());
    vector_options.show_sources = true;
    let svg = render_svg(&timeline, &vector_options, "bench").expect("svg");
    let pdf = render_pdf(&timeline, &vector_options, "bench").expect("pdf");
    println!(
        "10,000 events at 1920×1080 with sources: SVG {} bytes, PDF {} bytes",
        svg.len(),
        pdf.len()
    );
    group.bench_function("svg_1920x1080_10k", |b| {
        b.iter(|| render_svg(&timeline, &vector_options, "bench").expect("svg"))
    });
    group.bench_function("pdf_1920x1080_10k", |b| {
        b.iter(|| render_pdf(&timeline, &vector_options, "bench").expect("pdf"))
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
