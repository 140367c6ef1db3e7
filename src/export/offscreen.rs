//! Headless egui: owns running a UI closure in a private `egui::Context` with no window or GPU,
//! collecting its textures and tessellated output, and handing them to the CPU rasteriser — or,
//! for vector export, handing over the settled frame's shapes before tessellation ([`capture`]).

use std::time::Duration;

use egui::{Pos2, RawInput, Rect, ViewportId, ViewportInfo};

use super::raster::{RgbaImage, TextureError, TextureStore, rasterize};

/// Frames always run before painting: the first lays out with no memory of sizes from an
/// earlier frame (centred or right-aligned content, grids, panels), the second uses what the
/// first measured. egui itself usually asks for a third, which is then run too.
const MIN_FRAMES: usize = 2;

/// Upper bound on frames, for UIs that keep asking for a repaint (spinners, running animations).
const MAX_FRAMES: usize = 6;

/// Time step reported to egui per frame, that of a 60 Hz display.
const FRAME_SECONDS: f64 = 1.0 / 60.0;

/// Largest font-atlas side egui may grow to. A GPU caps this at its texture limit (egui assumes
/// 2048); on the CPU there is no such limit, and a bigger atlas keeps every glyph of a large,
/// text-heavy export at high `pixels_per_point` without eviction.
const MAX_TEXTURE_SIDE_PX: usize = 8192;

/// Scale used when the caller's `pixels_per_point` is not a positive finite number.
const FALLBACK_PIXELS_PER_POINT: f32 = 1.0;

/// Runs `draw` headless on a `size_px` canvas at `pixels_per_point` and rasterises the result.
///
/// `style` is called once on the fresh context (set visuals, fonts, …); animations are then
/// turned off so the export shows settled widgets. `draw` gets a `Ui` covering the whole canvas
/// (`size_px / pixels_per_point` points) with no margin, and is called once per frame for a few
/// frames until the layout settles. The background is the style's `panel_fill`, as eframe clears.
/// Leave the zoom factor at 1 in `style`: the scale is set by `pixels_per_point` alone.
///
/// Texture updates egui sends are applied even if one is malformed (that one is skipped);
/// use [`render_checked`] to be told about it.
#[must_use]
pub fn render(
    size_px: [u32; 2],
    pixels_per_point: f32,
    style: impl FnOnce(&egui::Context),
    draw: impl FnMut(&mut egui::Ui),
) -> RgbaImage {
    let frame = run_frames(size_px, pixels_per_point, style, draw, false);
    frame.rasterize(size_px)
}

/// Like [`render`], but fails if egui sent a texture update that could not be applied.
pub fn render_checked(
    size_px: [u32; 2],
    pixels_per_point: f32,
    style: impl FnOnce(&egui::Context),
    draw: impl FnMut(&mut egui::Ui),
) -> Result<RgbaImage, TextureError> {
    let mut frame = run_frames(size_px, pixels_per_point, style, draw, false);
    match frame.texture_error.take() {
        Some(error) => Err(error),
        None => Ok(frame.rasterize(size_px)),
    }
}

/// The settled frame's shapes before tessellation, for the vector backends: what [`render`]
/// would rasterise, shape for shape.
pub struct Capture {
    /// Every shape in paint order, with its clip rectangle, in points.
    pub shapes: Vec<egui::epaint::ClippedShape>,
    /// The canvas in points (`size_px / pixels_per_point`).
    pub size_points: egui::Vec2,
    pub pixels_per_point: f32,
    /// What the canvas is cleared to before painting (the style's `panel_fill`).
    pub background: egui::Color32,
    /// The fonts the text was laid out with (data, fallback order, tweaks).
    pub fonts: egui::FontDefinitions,
    /// How many shapes the `Ui` handed to `draw` painted, when they are all of [`Self::shapes`]:
    /// then indices its painter reported (see `paint::PaintNotes`) are indices into `shapes`.
    /// `None` when other layers painted too and those indices cannot be trusted.
    pub root_layer_shapes: Option<usize>,
    /// The layer of the `Ui` handed to `draw`.
    pub root_layer: Option<egui::LayerId>,
}

/// Runs `draw` headless exactly as [`render`] does, but returns the settled frame's shapes
/// instead of pixels.
pub fn capture(
    size_px: [u32; 2],
    pixels_per_point: f32,
    style: impl FnOnce(&egui::Context),
    mut draw: impl FnMut(&mut egui::Ui),
) -> Capture {
    let mut root = None;
    let mut root_layer = None;
    let frame = run_frames(
        size_px,
        pixels_per_point,
        style,
        |ui| {
            draw(ui);
            let layer = ui.layer_id();
            let count = ui
                .ctx()
                .graphics(|g| g.get(layer).map_or(0, |list| list.next_idx().0));
            root = Some(count);
            root_layer = Some(layer);
        },
        true,
    );
    let shapes = frame.shapes.unwrap_or_default();
    // Indices into the root layer are indices into the output only when nothing else painted
    // (no windows, tooltips or popups): then the output is that one layer.
    let root_layer_shapes = root.filter(|&n| n == shapes.len());
    Capture {
        size_points: egui::vec2(size_px[0] as f32, size_px[1] as f32) / frame.pixels_per_point,
        pixels_per_point: frame.pixels_per_point,
        background: frame.clear,
        fonts: frame.fonts,
        root_layer_shapes,
        root_layer,
        shapes,
    }
}

/// Everything needed to paint the settled frame.
struct SettledFrame {
    primitives: Vec<egui::ClippedPrimitive>,
    textures: TextureStore,
    pixels_per_point: f32,
    clear: egui::Color32,
    texture_error: Option<TextureError>,
    /// The shapes before tessellation, when asked for.
    shapes: Option<Vec<egui::epaint::ClippedShape>>,
    fonts: egui::FontDefinitions,
}

impl SettledFrame {
    fn rasterize(&self, size_px: [u32; 2]) -> RgbaImage {
        rasterize(
            &self.primitives,
            &self.textures,
            size_px[0],
            size_px[1],
            self.pixels_per_point,
            self.clear,
        )
    }
}

fn run_frames(
    size_px: [u32; 2],
    pixels_per_point: f32,
    style: impl FnOnce(&egui::Context),
    mut draw: impl FnMut(&mut egui::Ui),
    keep_shapes: bool,
) -> SettledFrame {
    let pixels_per_point = if pixels_per_point.is_finite() && pixels_per_point > 0.0 {
        pixels_per_point
    } else {
        FALLBACK_PIXELS_PER_POINT
    };
    let ctx = egui::Context::default();
    style(&ctx);
    ctx.all_styles_mut(|style| style.animation_time = 0.0);

    let size_points = egui::vec2(size_px[0] as f32, size_px[1] as f32) / pixels_per_point;
    let screen_rect = Rect::from_min_size(Pos2::ZERO, size_points);
    let mut textures = TextureStore::new();
    let mut texture_error = None;
    let mut frames_run = 0;
    loop {
        let input = raw_input(screen_rect, pixels_per_point, frames_run);
        let mut output = ctx.run_ui(input, &mut draw);
        frames_run += 1;

        // Deltas of every frame are applied, in order: the font atlas arrives whole in the first
        // frame and glyphs first used later arrive as partial patches.
        let mut delta = std::mem::take(&mut output.textures_delta);
        if let Err(error) = textures.apply_set(&mut delta) {
            texture_error.get_or_insert(error);
        }
        let wants_repaint = output
            .viewport_output
            .get(&ViewportId::ROOT)
            .is_none_or(|viewport| viewport.repaint_delay == Duration::ZERO);
        if frames_run >= MAX_FRAMES || (frames_run >= MIN_FRAMES && !wants_repaint) {
            let shapes = std::mem::take(&mut output.shapes);
            let (primitives, shapes) = if keep_shapes {
                (Vec::new(), Some(shapes))
            } else {
                (ctx.tessellate(shapes, output.pixels_per_point), None)
            };
            // Frees take effect after painting; nothing is painted after this frame.
            delta.clear();
            return SettledFrame {
                primitives,
                textures,
                pixels_per_point: output.pixels_per_point,
                clear: ctx.global_style().visuals.panel_fill,
                texture_error,
                shapes,
                fonts: ctx.fonts(|fonts| fonts.definitions().clone()),
            };
        }
        textures.apply_free(&mut delta);
    }
}

fn raw_input(screen_rect: Rect, pixels_per_point: f32, frame_index: usize) -> RawInput {
    let mut input = RawInput {
        screen_rect: Some(screen_rect),
        max_texture_side: Some(MAX_TEXTURE_SIDE_PX),
        time: Some(frame_index as f64 * FRAME_SECONDS),
        predicted_dt: FRAME_SECONDS as f32,
        ..RawInput::default()
    };
    // Scale through the "native" pixels per point, leaving the zoom factor at 1, so the very
    // first frame already lays out and rasterises glyphs at the requested scale.
    input.viewports.insert(
        ViewportId::ROOT,
        ViewportInfo {
            native_pixels_per_point: Some(pixels_per_point),
            ..ViewportInfo::default()
        },
    );
    input
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Align2, Color32, FontId, pos2, vec2};
    use std::path::PathBuf;
    use std::time::Instant;

    /// Where tests leave PNGs for a person to look at.
    fn out_dir() -> PathBuf {
        let dir = std::env::temp_dir().join("chronoscope-offscreen-tests");
        std::fs::create_dir_all(&dir).expect("create out dir");
        dir
    }

    fn light_style(ctx: &egui::Context) {
        ctx.set_visuals(egui::Visuals::light());
    }

    /// Bounding box (min x, min y, max x, max y inclusive) of pixels that differ from `background`.
    fn ink_bounds(image: &RgbaImage, background: [u8; 4]) -> Option<(u32, u32, u32, u32)> {
        let mut bounds: Option<(u32, u32, u32, u32)> = None;
        for y in 0..image.height {
            for x in 0..image.width {
                if image.pixel(x, y) != Some(background) {
                    bounds = Some(match bounds {
                        None => (x, y, x, y),
                        Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
                    });
                }
            }
        }
        bounds
    }

    /// Share of changed pixels that are nearly fully inked (text drawn dark on light).
    fn solid_ink_share(image: &RgbaImage, background: [u8; 4]) -> f32 {
        let (mut inked, mut solid) = (0u32, 0u32);
        for pixel in image.pixels.chunks_exact(4) {
            if pixel != background {
                inked += 1;
                if pixel[0] < 100 {
                    solid += 1;
                }
            }
        }
        solid as f32 / inked.max(1) as f32
    }

    #[test]
    fn hello_label_at_one_and_two_pixels_per_point() {
        let background = egui::Visuals::light().panel_fill.to_array();
        let mut bounds = Vec::new();
        for ppp in [1.0f32, 2.0] {
            let size = [(160.0 * ppp) as u32, (40.0 * ppp) as u32];
            let image = render_checked(size, ppp, light_style, |ui| {
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    ui.add_space(8.0);
                    ui.label(
                        egui::RichText::new("Hello 1985")
                            .size(16.0)
                            .color(Color32::BLACK),
                    );
                });
            })
            .expect("egui's texture updates apply");
            image
                .save_png(&out_dir().join(format!("hello_ppp{ppp}.png")))
                .expect("write png");
            assert_eq!(image.pixel(0, 0), Some(background));
            let ink = ink_bounds(&image, background).expect("text was drawn");
            let share = solid_ink_share(&image, background);
            println!("ppp {ppp}: ink {ink:?}, solid share {share:.2}");
            bounds.push((ink, share));
        }
        // The same text at twice the scale: twice as wide and tall (to within AA fringes), and,
        // being rasterised at 2x rather than magnified, with at least as many fully inked pixels.
        let (a, share_1) = bounds[0];
        let (b, share_2) = bounds[1];
        let width = |r: (u32, u32, u32, u32)| (r.2 - r.0 + 1) as f32;
        let height = |r: (u32, u32, u32, u32)| (r.3 - r.1 + 1) as f32;
        assert!((width(b) / width(a) - 2.0).abs() < 0.1, "{a:?} vs {b:?}");
        assert!((height(b) / height(a) - 2.0).abs() < 0.2, "{a:?} vs {b:?}");
        assert!(share_2 >= share_1, "{share_1} vs {share_2}");
    }

    #[test]
    fn painted_rect_lands_on_its_pixels() {
        let colour = Color32::from_rgb(200, 30, 40);
        let ppp = 2.0;
        let image = render([200, 120], ppp, light_style, |ui| {
            ui.painter().rect_filled(
                Rect::from_min_size(pos2(10.0, 20.0), vec2(30.0, 15.0)),
                0.0,
                colour,
            );
        });
        let background = egui::Visuals::light().panel_fill.to_array();
        // Edges on pixel boundaries: egui's 1 px feather ring puts full colour on the inside
        // pixel centres and nothing on the outside ones, so coverage is exact.
        for y in 0..image.height {
            for x in 0..image.width {
                let inside = (20..80).contains(&x) && (40..70).contains(&y);
                let expected = if inside {
                    colour.to_array()
                } else {
                    background
                };
                assert_eq!(image.pixel(x, y), Some(expected), "pixel ({x}, {y})");
            }
        }
    }

    #[test]
    fn widgets_render_and_image_is_not_blank() {
        let image = render(
            [480, 200],
            1.5,
            |_| {},
            |ui| {
                ui.heading("Chronoscope");
                ui.separator();
                let mut checked = true;
                ui.checkbox(&mut checked, "Show milestones");
                let _ = ui.button("Export PNG");
            },
        );
        image
            .save_png(&out_dir().join("widgets_ppp1.5.png"))
            .expect("write png");
        let first = image.pixel(0, 0).expect("has pixels");
        let distinct = image
            .pixels
            .chunks_exact(4)
            .filter(|pixel| *pixel != first)
            .count();
        assert!(
            distinct > 500,
            "only {distinct} pixels differ from the background"
        );
        assert!(image.pixels.chunks_exact(4).all(|p| p[3] == 255));
    }

    #[test]
    fn bad_pixels_per_point_falls_back() {
        let image = render(
            [20, 10],
            f32::NAN,
            |_| {},
            |ui| {
                ui.label("x");
            },
        );
        assert_eq!((image.width, image.height), (20, 10));
        let empty = render([0, 0], 1.0, |_| {}, |_| {});
        assert!(empty.pixels.is_empty());
    }

    /// Time this thread has spent on a CPU (Linux `schedstat`), to time fairly on a shared machine.
    fn thread_cpu_time() -> Option<Duration> {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        let nanos = stat.split_whitespace().next()?.parse().ok()?;
        Some(Duration::from_nanos(nanos))
    }

    /// A timeline-like scene of 1920×1080 points: a background panel, 10,000 small rects (half of
    /// them rounded) and 500 labels, rasterised at 3840×2160 (2 px per point) and at 1920×1080.
    /// Run with `cargo test --release -- --ignored --nocapture busy_scene`.
    #[test]
    #[ignore = "timing benchmark; run explicitly with --release"]
    fn busy_scene_timing() {
        const RECTS: usize = 10_000;
        const LABELS: usize = 500;
        const RUNS: usize = 5;
        let draw = |ui: &mut egui::Ui| {
            let painter = ui.painter();
            painter.rect_filled(ui.max_rect(), 0.0, Color32::from_gray(24));
            let columns = 125;
            for i in 0..RECTS {
                let (col, row) = ((i % columns) as f32, (i / columns) as f32);
                let rect = Rect::from_min_size(
                    pos2(6.0 + col * 15.3, 40.0 + row * 12.7),
                    vec2(11.0 + (i % 7) as f32, 8.0),
                );
                let colour = Color32::from_rgb((i * 37 % 256) as u8, (i * 91 % 256) as u8, 180);
                let radius = if i % 2 == 0 { 0.0 } else { 3.0 };
                painter.rect_filled(rect, radius, colour);
            }
            for i in 0..LABELS {
                let (col, row) = ((i % 10) as f32, (i / 10) as f32);
                painter.text(
                    pos2(10.0 + col * 190.0, 30.0 + row * 20.8),
                    Align2::LEFT_TOP,
                    format!("Event {i}: 19{:02}-0{}", i % 100, i % 9 + 1),
                    FontId::proportional(13.0),
                    Color32::WHITE,
                );
            }
        };

        for (size_px, ppp, name) in [
            ([3840, 2160], 2.0, "busy_4k_ppp2.png"),
            ([1920, 1080], 1.0, "busy_1080p_ppp1.png"),
        ] {
            let started = Instant::now();
            let frame = run_frames(size_px, ppp, |_| {}, draw, false);
            let egui_time = started.elapsed();
            let triangles: usize = frame
                .primitives
                .iter()
                .map(|p| match &p.primitive {
                    egui::epaint::Primitive::Mesh(mesh) => mesh.indices.len() / 3,
                    egui::epaint::Primitive::Callback(_) => 0,
                })
                .sum();

            let (mut best_wall, mut best_cpu) = (Duration::MAX, Duration::MAX);
            let mut image = frame.rasterize(size_px);
            for _ in 1..RUNS {
                let (wall, cpu) = (Instant::now(), thread_cpu_time());
                image = frame.rasterize(size_px);
                best_wall = best_wall.min(wall.elapsed());
                if let (Some(before), Some(after)) = (cpu, thread_cpu_time()) {
                    best_cpu = best_cpu.min(after.saturating_sub(before));
                }
            }
            println!(
                "busy scene {}x{} at ppp {ppp}: {triangles} triangles; egui frames + tessellation \
                 {egui_time:?}; rasterise best of {}: wall {best_wall:?}, on-CPU {best_cpu:?}",
                size_px[0],
                size_px[1],
                RUNS - 1,
            );
            image.save_png(&out_dir().join(name)).expect("write png");
        }
    }
}
