//! Shared bench fixtures: seeded timelines (written to a temporary folder when a bench loads
//! files) and one headless egui frame — layout, paint and tessellation at a window size — done
//! the way the canvas draws it. Owns no measurement; each bench decides what to time.

// Each bench binary compiles this module and uses a different part of it.
#![allow(dead_code)]

use chronoscope::generate::{GenerateOptions, generate, write_file};
use chronoscope::model::{Date, Event, Precision, Timeline};
use chronoscope::paint::{self, Emphasis};
use chronoscope::theme::Theme;
use chronoscope::view::TimeView;
use egui::{ClippedPrimitive, Pos2, RawInput, Rect, ViewportId, ViewportInfo};
use std::path::PathBuf;

/// Every bench uses this seed, so the numbers in docs/performance.md can be reproduced.
pub const SEED: u64 = 1;
pub const MILLION: usize = 1_000_000;
pub const DAY_SECS: f64 = 86_400.0;
pub const YEAR_SECS: f64 = 365.2425 * DAY_SECS;

/// The generator's defaults (8 lanes, 1900–2030, 20% ranges) at `events` events.
pub fn timeline(events: usize) -> Timeline {
    generate(&GenerateOptions {
        events,
        seed: SEED,
        ..Default::default()
    })
}

/// `timeline` plus one range from its first start to its last end, in lane 0.
pub fn with_century_range(timeline: &Timeline) -> Timeline {
    let (Some(&first), Some(&last)) = (timeline.start_secs().first(), timeline.end_secs().last())
    else {
        return timeline.clone();
    };
    let mut events = timeline.events().to_vec();
    let start = Date::from_secs(first, Precision::Day).expect("a start inside the data");
    let mut long = Event::new("century", "The whole investigation", start);
    long.end = Date::from_secs(last, Precision::Day);
    events.push(long);
    Timeline::new(timeline.meta.clone(), events)
}

/// A timeline saved as native JSON and as plain CSV in a temporary folder (removed on drop).
pub struct Files {
    _dir: tempfile::TempDir,
    pub json: PathBuf,
    pub csv: PathBuf,
}

impl Files {
    pub fn write(timeline: &Timeline) -> Files {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let json = dir.path().join("bench.json");
        let csv = dir.path().join("bench.csv");
        write_file(timeline, &json).expect("write the JSON file");
        write_file(timeline, &csv).expect("write the CSV file");
        Files {
            _dir: dir,
            json,
            csv,
        }
    }
}

pub fn file_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// A view `span_secs` wide centred on the start of the middle event: a typical spot, neither
/// an empty edge nor a hand-picked burst.
pub fn view_around_middle(timeline: &Timeline, span_secs: f64) -> TimeView {
    let middle = timeline.start_secs()[timeline.len() / 2];
    TimeView::new(middle - span_secs / 2.0, span_secs)
}

/// A headless egui context sized like a window, drawing the canvas over its whole area.
pub struct Headless {
    pub ctx: egui::Context,
    pub theme: Theme,
    size_points: egui::Vec2,
    pixels_per_point: f32,
    frame_index: u64,
}

impl Headless {
    /// A context at `size_points` with fonts already loaded (one empty frame run).
    pub fn new(size_points: [f32; 2]) -> Headless {
        let mut h = Headless::cold(size_points);
        h.run(|_| {});
        h
    }

    /// A fresh context: its first frame pays for loading fonts, as an app's first frame does.
    pub fn cold(size_points: [f32; 2]) -> Headless {
        let theme = Theme::light();
        let ctx = egui::Context::default();
        ctx.set_visuals(theme.visuals());
        Headless {
            ctx,
            theme,
            size_points: egui::vec2(size_points[0], size_points[1]),
            pixels_per_point: 1.0,
            frame_index: 0,
        }
    }

    pub fn width(&self) -> f32 {
        self.size_points.x
    }

    /// One frame: the canvas laid out and painted over the whole screen, then tessellated.
    /// Returns the primitives so that the work cannot be optimised away.
    pub fn frame(&mut self, timeline: &Timeline, view: TimeView) -> Vec<ClippedPrimitive> {
        let theme = self.theme.clone();
        self.run(|ui| {
            let rect = ui.max_rect();
            let painter = ui.painter_at(rect);
            let scene = paint::layout_scene(
                &painter,
                &theme,
                paint::SceneRequest {
                    timeline,
                    view,
                    canvas: rect,
                    now_secs: None,
                    lane_hidden: &[],
                    event_hidden: None,
                    pinned: None,
                    label_only: None,
                },
            );
            paint::paint_scene(&painter, &scene, timeline, &theme, Emphasis::default());
        })
    }

    fn run(&mut self, draw: impl FnMut(&mut egui::Ui)) -> Vec<ClippedPrimitive> {
        self.frame_index += 1;
        let mut input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, self.size_points)),
            time: Some(self.frame_index as f64 / 120.0),
            predicted_dt: 1.0 / 120.0,
            ..RawInput::default()
        };
        input.viewports.insert(
            ViewportId::ROOT,
            ViewportInfo {
                native_pixels_per_point: Some(self.pixels_per_point),
                ..ViewportInfo::default()
            },
        );
        let output = self.ctx.run_ui(input, draw);
        self.ctx.tessellate(output.shapes, output.pixels_per_point)
    }
}
