//! Load benchmark: 1,000,000 seeded events read from native JSON and from plain CSV through
//! `io::load_path` (throughput in bytes/s), plus the resident memory a loaded million-event
//! timeline holds, printed per event (Linux `/proc/self/status`; not a criterion measurement).
//! The other tools' files are in `load_other`.

mod common;

use chronoscope::io;
use chronoscope::model::Timeline;
use common::{Files, MILLION, file_len};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::path::Path;
use std::time::Duration;

fn load(c: &mut Criterion) {
    // The generated timeline is dropped before anything is measured.
    let files = Files::write(&common::timeline(MILLION));
    for (name, path) in [("native JSON", &files.json), ("CSV", &files.csv)] {
        report_memory(name, path);
    }
    let mut group = c.benchmark_group("load_1m");
    // A load takes about a second: ten flat samples of one load each keep the bench to minutes.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    for (name, path) in [("native_json", &files.json), ("csv", &files.csv)] {
        group.throughput(Throughput::Bytes(file_len(path)));
        // The timeline is dropped outside the timing: freeing a million events is not loading.
        group.bench_function(name, |b| {
            b.iter_with_large_drop(|| io::load_path(path).expect("the generated file loads"))
        });
    }
    group.finish();
}

/// Prints what one load costs in resident memory: held afterwards (the timeline) and at the
/// peak (file bytes, parse buffers and the timeline together), per event and beyond the text.
fn report_memory(name: &str, path: &Path) {
    trim_heap();
    let (Some(before), true) = (status_bytes("VmRSS"), reset_peak()) else {
        eprintln!("memory: /proc/self/status or clear_refs unavailable; not measured");
        return;
    };
    let loaded = io::load_path(path).expect("the generated file loads");
    let peak = status_bytes("VmHWM").unwrap_or(0);
    trim_heap();
    let after = status_bytes("VmRSS").unwrap_or(0);
    let t = &loaded.timeline;
    let n = t.len().max(1) as f64;
    let held = after.saturating_sub(before) as f64 / n;
    let text = text_bytes(t) as f64 / n;
    eprintln!(
        "memory {name}: {} events, file {:.0} B/event; held {held:.0} B/event = {text:.0} B of \
         text + {:.0} B beyond text (budget 200); peak during load {:.0} B/event",
        t.len(),
        file_len(path) as f64 / n,
        held - text,
        peak.saturating_sub(before) as f64 / n,
    );
    eprintln!(
        "memory: size_of Event {} B, Source {} B, Date {} B; hot columns 32 B/event",
        std::mem::size_of::<chronoscope::model::Event>(),
        std::mem::size_of::<chronoscope::model::Source>(),
        std::mem::size_of::<chronoscope::model::Date>(),
    );
}

/// Bytes of text an event carries (ids, titles, descriptions, tags, URLs, lane labels…).
fn text_bytes(t: &Timeline) -> usize {
    let events: usize = t
        .events()
        .iter()
        .map(|e| {
            e.id().len()
                + e.title().len()
                + e.description().len()
                + e.tags().iter().map(|t| t.len()).sum::<usize>()
                + e.sources().iter().map(|s| s.url().len()).sum::<usize>()
                + e.color().map_or(0, str::len)
                + e.display_date().map_or(0, str::len)
        })
        .sum();
    events
        + t.lanes()
            .iter()
            .map(|l| l.id.len() + l.label.len())
            .sum::<usize>()
}

/// A `/proc/self/status` field ("VmRSS", "VmHWM") in bytes.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the peak resident size (VmHWM) to the current one (Linux ≥ 4.0).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Hands freed heap pages back to the OS so that RSS shows what is live, not what glibc keeps.
fn trim_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: glibc's malloc_trim only releases free memory; it is safe to call at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}

criterion_group!(benches, load);
criterion_main!(benches);
